"""The CLI: reference data loading and bulk import act like the screens."""

import io

import pytest
from django.core.management import CommandError, call_command

from limpia.core.models import ReferenceDataset
from limpia.registry.models import ActivityDivision, Company, Comuna, EconomicActivity, Province, Region

pytestmark = pytest.mark.django_db


def test_reference_data_has_every_region_and_comuna(reference_data):
    assert Region.objects.count() == 16 and Province.objects.count() == 56 and Comuna.objects.count() == 346
    assert list(Region.objects.values_list("iso_code", flat=True))[:3] == ["CL-AP", "CL-TA", "CL-AN"]
    assert Comuna.objects.get(cut="16101").region.name == "Ñuble"
    assert EconomicActivity.objects.get(code="110200").division.section.code == "C"
    assert ActivityDivision.objects.count() == 89
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert "already current" in out.getvalue()
    assert ReferenceDataset.objects.filter(name="territory", version="CUT-2018-09").count() == 1


def test_cli_import_saves_all_or_nothing(world, tmp_path):
    good = tmp_path / "ok.csv"
    good.write_text("rut;razon_social;comuna\n76.543.210-3;Agrícola CLI SpA;05101\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_registry", "companies", str(good), "--as", "staff@prueba.cl", stdout=out)
    assert "1 registro(s) importado(s)." in out.getvalue()
    assert Company.objects.filter(legal_name="Agrícola CLI SpA").exists()

    bad = tmp_path / "bad.csv"
    bad.write_text("rut;razon_social;comuna\n77.111.222-6;Otra SpA;05101\n1-8;Mala SpA;05101\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="no se guardó nada"):
        call_command("import_registry", "companies", str(bad), "--as", "staff@prueba.cl", stderr=err)
    assert "fila 3, columna «rut»" in err.getvalue()
    assert not Company.objects.filter(legal_name="Otra SpA").exists()


def test_cli_import_needs_an_importing_role(world, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("rut;razon_social;comuna\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no tiene un rol"):
        call_command("import_registry", "companies", str(path), "--as", "company@prueba.cl")
