"""Every spreadsheet and CSV the product writes, downloaded as people do, with a name that is a formula: it
comes back as text (CSV: prefixed with «'»; XLSX: a string cell, never a formula); JSON is untouched."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from limpia.agreements.models import Goal
from limpia.registry.models import Company, Installation

pytestmark = pytest.mark.django_db

NAME = '=HYPERLINK("http://x","y")'
DDE = "=2+5+cmd|' /C calc'!A0"


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _content(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


def _csv(content: bytes, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


def _cells(content: bytes, text: str) -> list:
    """Every cell of the workbook whose value is `text`, and proof that no cell anywhere holds a formula."""
    book = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    return [c for c in cells if c.value == text]


@pytest.fixture
def named(world):
    """Side A's installation and company named like formulas, and its goal titled «-5» (a text, not a number)."""
    Installation.objects.filter(pk=world.a.installation.pk).update(name=NAME)
    Company.objects.filter(pk=world.a.company.pk).update(legal_name=DDE)
    Goal.objects.filter(agreement=world.a.agreement).update(title="-5")
    return world


def test_open_data_neutralises_formulas_in_csv_and_xlsx_and_leaves_json_untouched(named):
    url = lambda fmt: reverse("portal:dataset", args=["instalaciones-certificadas", fmt])  # noqa: E731
    plain = _csv(_content(_client().get(url("csv"))), ",")
    excel = _csv(_content(_client().get(url("excel.csv"))), ";")
    for rows in (plain, excel):
        column = rows[0].index("instalacion")
        assert "'" + NAME in [r[column] for r in rows[1:]]
        assert "'" + DDE in [r[rows[0].index("empresa")] for r in rows[1:]]
        assert NAME not in [r[column] for r in rows[1:]]
    (cell,) = _cells(_content(_client().get(url("xlsx"))), NAME)
    assert cell.data_type == "s"
    rows = json.loads(_content(_client().get(url("json"))))
    assert NAME in [r["instalacion"] for r in rows] and DDE in [r["empresa"] for r in rows]


def test_the_agreement_report_the_audit_and_action_templates_write_names_as_text(named):
    staff = _client(named.users["staff"])
    report = _content(staff.get(reverse("agreements:agreement-report", args=[named.a.agreement.pk])))
    assert [c.data_type for c in _cells(report, DDE)] == ["s"]
    actions = _content(staff.get(reverse("agreements:actions-template", args=[named.a.agreement.pk])))
    assert [c.data_type for c in _cells(actions, "-5")] == ["s"]
    auditor = _client(named.users["auditor"])
    lines = _content(auditor.get(reverse("audits:lines-template", args=[named.a.audit.pk])))
    assert {c.data_type for c in _cells(lines, NAME)} == {"s"}  # one line per action of the installation


def test_the_mrv_exports_neutralise_labels_and_keep_negative_figures_as_numbers(named):
    """One installation's accepted 2024 figures with −12.5 t CO2e of scope 2: the CSV writes the name as
    «'=HYPERLINK…» and the figure as «-12,500» (a number with a decimal comma, not neutralised); the XLSX
    writes the name as a string cell and −12.5 as a number."""
    from limpia.mrv import accounting
    from limpia.mrv.models import YearFigure

    version = accounting.new_version(reason="prueba")
    accounting.compute(version)  # the current version; the figure below is then added to it
    zero = {f.name: Decimal(0) for f in YearFigure._meta.fields if f.get_internal_type() == "DecimalField"}
    YearFigure.objects.create(version=version, installation=named.a.installation, year=2024, accepted=True,
                              **{**zero, "scope2_co2e_t": Decimal("-12.5")})  # fmt: skip
    staff = _client(named.users["staff"])
    url = reverse("mrv:dashboard")
    rows = _csv(_content(staff.get(url, {"year": 2024, "dimension": "installation", "format": "csv"})), ";")
    (row,) = [r for r in rows[1:] if r[0] == "'" + NAME]
    assert "-12,500" in row
    book = _content(staff.get(url, {"year": 2024, "dimension": "installation", "format": "xlsx"}))
    (cell,) = _cells(book, NAME)
    assert cell.data_type == "s"
    figures = [c for c in load_workbook(io.BytesIO(book)).active[cell.row] if c.value == -12.5]
    assert figures and figures[0].data_type == "n"
