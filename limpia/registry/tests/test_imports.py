"""Bulk import: good files save every row; any bad row saves nothing and names row, column and reason."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from limpia.core.tabular import TableError
from limpia.registry.imports import import_table
from limpia.registry.models import Company, Installation

HEADER = "rut;razon_social;comuna;ventas_uf;tamano;actividades\n"
GOOD = (
    HEADER
    + "76.543.210-3;Agrícola Los Aromos SpA;05101;1.500;micro;012400\n"
    + "77.111.222-6;Viña Santa Rosa Ltda.;Talca;30.000,5;;110200 012112\n"
)


def _errors(world, text: str | bytes, kind="companies", filename="empresas.csv"):
    data = text.encode() if isinstance(text, str) else text
    before = Company.objects.count(), Installation.objects.count()
    with pytest.raises(TableError) as caught:
        import_table(kind, data, filename, by=world.users["staff"])
    assert (Company.objects.count(), Installation.objects.count()) == before, "a failed import saved something"
    return [(e.row, e.column, e.message) for e in caught.value.errors]


def test_a_clean_file_imports_every_row_with_derived_size(world):
    result = import_table("companies", GOOD.encode("utf-8-sig"), "empresas.csv", by=world.users["staff"])
    assert result.created == 2
    vina = Company.objects.get(rut="77111222-6")
    assert vina.size_class == "medium" and str(vina.sales_uf) == "30000.50"
    assert vina.comuna.name == "Talca"
    assert sorted(vina.activities.values_list("code", flat=True)) == ["012112", "110200"]
    assert vina.history.first().history_user == world.users["staff"]


@pytest.mark.parametrize(
    ("line", "column", "fragment"),
    [
        ("76.543.210-1;X SpA;05101;;;", "rut", "dígito verificador"),
        ("76.54A.210-3;X SpA;05101;;;", "rut", "no es un RUT"),
        ("76.123.456-0;X SpA;05101;;;", "rut", "Ya existe"),
        ("76.543.210-3;X SpA;Gotham;;;", "comuna", "comuna desconocida"),
        ("76.543.210-3;X SpA;05101;50.000;micro;", "tamano", "contradice las ventas declaradas"),
        ("76.543.210-3;X SpA;05101;mucho;;", "ventas_uf", "no es un número"),
        ("76.543.210-3;X SpA;05101;;;999999", "actividades", "desconocido"),
    ],
)
def test_each_bad_value_is_named_by_row_and_column(world, line, column, fragment):
    errors = _errors(world, GOOD + line + "\n")
    assert [(row, col) for row, col, _ in errors] == [(4, column)]
    assert fragment in errors[0][2]


def test_a_rut_repeated_inside_the_file(world):
    errors = _errors(world, GOOD + "77.111.222-6;Otra SpA;05101;;;\n")
    assert errors == [(4, "rut", "repite la fila 3 de este archivo")]


def test_missing_and_unknown_columns(world):
    errors = _errors(world, "rut;nombre_raro\n76.543.210-3;x\n")
    assert (1, "comuna", "falta la columna obligatoria") in errors
    assert (1, "razon_social", "falta la columna obligatoria") in errors
    assert any(row == 1 and col == "nombre_raro" and "columna desconocida" in msg for row, col, msg in errors)


def test_a_latin1_file_is_refused_with_the_row(world):
    errors = _errors(world, GOOD.encode("utf-8") + "76.543.210-3;Lácteos Ñuble SpA;05101;;;\n".encode("latin-1"))
    assert errors[0][0] == 4 and "UTF-8" in errors[0][2]


def test_an_xlsx_formula_is_refused_with_its_cell(world):
    book = Workbook()
    sheet = book.active
    sheet.append(["rut", "razon_social", "comuna", "ventas_uf"])
    sheet.append(["76.543.210-3", "Agrícola SpA", "05101", "=1000*2"])
    buffer = io.BytesIO()
    book.save(buffer)
    errors = _errors(world, buffer.getvalue(), filename="empresas.xlsx")
    assert errors[0][:2] == (2, "ventas_uf") and "D2" in errors[0][2] and "fórmula" in errors[0][2]


def test_xlsx_installations_import(world):
    book = Workbook()
    sheet = book.active
    sheet.append(["rut_empresa", "nombre", "tipo", "comuna", "latitud", "longitud"])
    sheet.append(["76.123.456-0", "Bodega Norte", "establecimiento", "05101", "-33,05", "-71,6"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_table("installations", buffer.getvalue(), "inst.xlsx", by=world.users["regional"])
    assert result.created == 1
    bodega = Installation.objects.get(name="Bodega Norte")
    assert bodega.region == world.a.region and str(bodega.latitude) == "-33.050000"


def test_a_regional_coordinator_cannot_import_into_another_region(world):
    text = "rut_empresa;nombre;comuna\n77.654.321-7;Planta Sur 2;08101\n"
    with pytest.raises(TableError) as caught:
        import_table("installations", text.encode(), "inst.csv", by=world.users["regional"])
    assert caught.value.errors[0].row == 2
    assert not Installation.objects.filter(name="Planta Sur 2").exists()


def test_the_import_page_lists_errors_and_saves_nothing(world):
    client = Client()
    client.force_login(world.users["staff"])
    upload = io.BytesIO((GOOD + "76.543.210-1;X SpA;05101;;;\n").encode())
    upload.name = "empresas.csv"
    response = client.post(reverse("registry:import"), {"kind": "companies", "file": upload})
    body = response.content.decode()
    assert response.status_code == 200 and "import-errors" in body and "76.543.210-1" in body
    assert not Company.objects.filter(legal_name="Agrícola Los Aromos SpA").exists()


def test_the_api_import_answers_422_with_rows(world):
    client = Client()
    client.force_login(world.users["staff"])
    upload = io.BytesIO("rut;razon_social;comuna\n1-8;Agrícola X;05101\n".encode())
    upload.name = "e.csv"
    response = client.post("/api/v1/registry/imports/companies", {"file": upload})
    assert response.status_code == 422
    assert response.json()["errors"][0]["row"] == 2 and response.json()["errors"][0]["column"] == "rut"
