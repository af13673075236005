"""The COPY path of a CSV upload (PostgreSQL) stores exactly what the row-by-row path stores, and hands
every file it cannot take whole to that path, which writes the per-row report."""

from decimal import Decimal as D

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from limpia.core.tabular import TableError
from limpia.mrv import copying, imports
from limpia.mrv.choices import RunStatus
from limpia.mrv.models import Measurement
from limpia.mrv.tests.test_reporting import _upload

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY path exists only on PostgreSQL"),
]
HEADER = "Instalación;Periodo;Variable;Valor;Unidad\r\n"


def _rows(world) -> str:
    i = world.a.installation.pk
    return (
        f"{i};01-01-2024;electricidad.sen;1.234,5;MWh\r\n{i};02-2024;electricidad.sen;1234,5;kWh\r\n"
        f" #{i} ;03-2024;Electricidad.SEN ;0.5;GWh\r\n{i};04-2024;agua.red;1.234;m³\r\n"
        f"{i};05-2024;agua.red;1.234.567;L\r\n{i};06-2024;agua.red;12;\r\n;;;;\r\n"
        f"{i};2023;combustible.diesel;2.000,25;litros\r\n"
    )


def _stored(world):
    rows = Measurement.objects.filter(report__installation=world.a.installation, report__year__gte=2023)
    return sorted(rows.values_list("report__period", "report__frequency", "variable__code", "value",
                                   "entered_value", "entered_unit"))  # fmt: skip


def _write(tmp_path, text: str, encoding="utf-8-sig"):
    path = tmp_path / "actividad.csv"
    path.write_bytes(text.encode(encoding))
    return path


def _staged(path, user):
    with copying.RawCsv(path, imports.REQUIRED) as raw:
        staged = imports._staged_by_sql(raw, user) if raw.copied else None
    if staged:
        staged[0].drop()
    return staged


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1"])
def test_a_clean_file_takes_the_copy_path_and_stores_what_the_row_by_row_path_stores(world, tmp_path, encoding,
                                                                                      monkeypatch):  # fmt: skip
    path, user = _write(tmp_path, HEADER + _rows(world), encoding), world.users["company"]
    assert _staged(path, user)[1] == 7  # the blank «;;;;» row is skipped, as on the other path
    fast = imports.load_file(path, path.name, user)
    stored = _stored(world)
    Measurement.objects.filter(report__year__gte=2024).delete()
    Measurement.objects.filter(report__year=2023, variable__code="combustible.diesel").delete()
    monkeypatch.setattr(copying, "applies", lambda filename: False)
    slow = imports.load_file(path, path.name, user)
    assert _stored(world) == stored and (fast.rows, fast.flagged) == (slow.rows, slow.flagged) == (7, 0)
    values = {(period.month, code): value for period, _f, code, value, _e, _u in stored}
    assert values[(1, "electricidad.sen")] == D("1234500") and values[(3, "electricidad.sen")] == D("500000")
    assert values[(5, "agua.red")] == D("1234.567") and values[(6, "agua.red")] == D(12)


def test_a_file_with_a_bad_row_goes_row_by_row_and_says_which(world, tmp_path):
    i = world.a.installation.pk
    path = _write(tmp_path, HEADER + f"{i};01-2024;agua.red;5;m3\r\n{i};02-2024;agua.red;5;litros por hora\r\n")
    assert _staged(path, world.users["company"]) is None
    with pytest.raises(TableError) as error:
        imports.load_file(path, path.name, world.users["company"])
    assert [(e.row, e.column) for e in error.value.errors] == [(3, "unidad")]
    assert not Measurement.objects.filter(report__year=2024).exists()


def test_an_installation_outside_the_uploaders_scope_is_refused_on_both_paths(world, tmp_path):
    path = _write(tmp_path, HEADER + f"{world.b.installation.pk};01-2024;agua.red;5;m3\r\n")
    assert _staged(path, world.users["company"]) is None
    with pytest.raises(TableError) as error:
        imports.load_file(path, path.name, world.users["company"])
    assert error.value.errors[0].column == "instalacion"


def test_a_ragged_file_is_refused_by_copy_and_saved_row_by_row(world, tmp_path):
    i = world.a.installation.pk
    path = _write(tmp_path, HEADER + f"{i};01-2024;agua.red;5;m3\r\n{i};02-2024;agua.red;7\r\n")
    with copying.RawCsv(path, imports.REQUIRED) as raw:
        assert not raw.copied
    outcome = imports.load_file(path, path.name, world.users["company"])
    assert outcome.rows == 2 and Measurement.objects.filter(report__year=2024).count() == 2


def test_a_header_problem_is_reported_before_any_copy(world, tmp_path):
    path = _write(tmp_path, "instalacion;periodo;variable;valor\r\n1;01-2024;agua.red;5\r\n")
    with pytest.raises(TableError) as error:
        imports.load_file(path, path.name, world.users["company"])
    assert [(e.row, e.column) for e in error.value.errors] == [(1, "unidad")]


NUMBERISH = st.text(alphabet="0123456789.,-", min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(text=NUMBERISH)
def test_sql_reads_a_number_as_python_does_or_leaves_it_to_python(text):
    with connection.cursor() as cursor:
        sql = copying.NUMBER.format(x="%s::text")
        cursor.execute(f"SELECT {sql}", [text] * sql.count("%s"))
        found = cursor.fetchone()[0]
    if found is not None:
        assert found == imports.parse_number(text)


@pytest.mark.parametrize("fast", [True, False], ids=["copy", "row-by-row"])
def test_a_long_upload_shows_its_progress_between_copies(world, monkeypatch, fast):
    """The progress is written to the database between COPY statements, never during one (it would wait
    on the connection the COPY holds, forever)."""
    monkeypatch.setattr(copying, "CHUNK", 100)  # a COPY per line or two
    monkeypatch.setattr(imports, "BATCH", 2)
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 2)
    i = world.a.installation.pk
    text = HEADER + "".join(f"{i};{m:02d}-2024;agua.red;{m},5;m3\r\n" for m in range(1, 10))
    if not fast:
        text += f"{i};10-2024;agua.red;7\r\n"  # a ragged row: COPY refuses the file
    run = _upload(world, text)
    assert run.status == RunStatus.DONE and run.rows_saved == (9 if fast else 10)
    assert run.rows_read >= 8  # written only by the progress callback
