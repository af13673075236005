"""Reporting activity data (Chilean CSV, form rows), its checks, verification and the totals it reaches."""

from datetime import date
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from limpia.core.errors import BusinessRuleError
from limpia.core.tabular import TableError
from limpia.mrv import accounting, queries, reports, services
from limpia.mrv.choices import ReportStatus, RunStatus
from limpia.mrv.models import Measurement, Report

pytestmark = pytest.mark.django_db
HEADER = "instalacion;periodo;variable;valor;unidad\r\n"


def _upload(world, text: str, *, encoding="utf-8", replace=False, user="company"):
    data = text.encode(encoding)
    upload = SimpleUploadedFile("actividad.csv", data, content_type="text/csv")
    run = services.start_import(by=world.users[user], upload=upload, replace=replace)
    return services.run_import(run)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1"])
def test_a_chilean_csv_is_saved_in_base_units(world, encoding):
    i = world.a.installation.pk
    run = _upload(world, HEADER + f"{i};01-03-2024;electricidad.sen;1.234,5;MWh\r\n"
                  f"{i};01-03-2024;combustible.diesel;2.000;litros\r\n", encoding=encoding)  # fmt: skip
    assert run.status == RunStatus.DONE, run.errors
    report = Report.objects.get(installation=world.a.installation, period=date(2024, 3, 1))
    values = dict(report.measurements.values_list("variable__code", "value"))
    assert values == {"electricidad.sen": D("1234500"), "combustible.diesel": D("2000")}
    assert report.status == ReportStatus.REPORTED and report.history.first().history_user == world.users["company"]


def test_a_file_with_bad_rows_saves_nothing_and_says_where(world):
    i, other = world.a.installation.pk, world.b.installation.pk
    run = _upload(world, HEADER + f"{i};01-03-2024;electricidad.sen;-5;kWh\r\n"
                  f"{i};01-03-2024;electricidad.sen;5;litros\r\n{i};01-03-2024;agua.lluvia;5;m3\r\n"
                  f"{other};01-03-2024;agua.red;5;m3\r\n{i};01-03-2099;agua.red;5;m3\r\n"
                  f"{i};01-04-2024;agua.red;cinco;m3\r\n{i};01-05-2024;agua.red;7;m3\r\n")  # fmt: skip
    assert run.status == RunStatus.FAILED
    found = {(e["row"], e["column"]) for e in run.errors}
    assert found == {(2, "valor"), (3, "unidad"), (4, "variable"), (5, "instalacion"), (6, "periodo"), (7, "valor")}
    assert "negativ" in run.errors[0]["message"]
    assert not Report.objects.filter(installation=world.a.installation, year=2024).exists()


def test_a_period_already_reported_is_refused_unless_replaced(world):
    i = world.a.installation.pk
    row = f"{i};05-2023;electricidad.sen;{{}};kWh\r\n"  # the world already reported 05-2023 electricity
    refused = _upload(world, HEADER + row.format("2.000"))
    assert refused.status == RunStatus.FAILED and refused.errors[0]["column"] == "periodo"
    repeated = _upload(world, HEADER + row.format("1") + row.format("2"), replace=True)
    assert repeated.status == RunStatus.FAILED and "row 2" in repeated.errors[0]["message"].replace("fila", "row")
    replaced = _upload(world, HEADER + row.format("2.000"), replace=True)
    assert replaced.status == RunStatus.DONE
    assert Measurement.objects.get(report=world.a.mrv_report).value == D(2000)


def test_a_value_far_from_the_installations_history_is_flagged(world):
    i = world.a.installation.pk
    history = "".join(f"{i};{m:02d}-2022;agua.red;100;m3\r\n" for m in range(1, 7))
    assert _upload(world, HEADER + history).rows_flagged == 0
    run = _upload(world, HEADER + f"{i};07-2022;agua.red;900;m3\r\n{i};08-2022;agua.red;120;m3\r\n")
    assert run.status == RunStatus.DONE and run.rows_flagged == 1
    flagged = Measurement.objects.get(report__installation_id=i, report__period=date(2022, 7, 1))
    assert flagged.flagged and flagged.history_mean == D(100)


def test_the_form_rows_go_through_the_same_checks(world):
    with pytest.raises(TableError) as error:
        services.report_values(by=world.users["company"], installation=world.a.installation, period="04-2024",
                               values=[{"variable": "agua.red", "value": "1.5,2", "unit": "m3"}])  # fmt: skip
    assert error.value.errors[0].column == "valor"
    outcome = services.report_values(by=world.users["company"], installation=world.a.installation, period="04-2024",
                                     values=[{"variable": "agua.red", "value": "1.500,25", "unit": "L"}])  # fmt: skip
    assert outcome.rows == 1
    assert Measurement.objects.get(report__period=date(2024, 4, 1)).value == D("1.50025")


def _national(version, year=2023):
    rows = reports.by_dimension(version, "nation", year)
    return rows[0]["scope2_co2e_t"] if rows else D(0)


def test_verified_and_accepted_data_reaches_the_agreement_and_national_totals(world):
    version = accounting.new_version(reason="prueba")
    accounting.compute(version)
    report = world.a.mrv_report  # 1 MWh of grid electricity in May 2023
    assert _national(version) == 0  # reported only: not official
    with pytest.raises(BusinessRuleError):
        services.verify(report, by=world.users["company"])  # only the assigned auditor verifies
    services.verify(report, by=world.users["auditor"])
    with pytest.raises(BusinessRuleError):
        services.decide(report, by=world.users["staff"], accept=False)  # a rejection needs a reason
    services.decide(report, by=world.users["staff"], accept=True)
    assert _national(version) == D("0.3252")  # 1 MWh × the SEN factor of May 2023
    agreement = queries.in_agreement(queries.figures(version), world.a.agreement)
    assert reports.by_dimension(version, "agreement", 2023, agreement)[0]["scope2_co2e_t"] == D("0.3252")
    assert [h.history_user for h in report.history.all()[:2]] == [world.users["staff"], world.users["auditor"]]


def test_a_new_factor_version_makes_a_new_calculation_and_published_reports_keep_their_figures(world):
    version = accounting.new_version(reason="prueba")
    accounting.compute(version)
    services.verify(world.a.mrv_report, by=world.users["auditor"])
    services.decide(world.a.mrv_report, by=world.users["staff"], accept=True)
    published = services.publish_national_report(by=world.users["staff"], year=2023)
    assert published.figures["nation"]["scope2_co2e_t"] == "0.325" and published.pdf.name.endswith(".pdf")
    grid = "clave;valor;unidad\r\n" + "".join(
        f"{k};{v['value'].replace('.', ',')};{v['unit']}\r\n" for k, v in version.grid.values.items() if k != "2023-05"
    ) + "2023-05;0,5;t CO2/MWh\r\n"  # fmt: skip
    upload = SimpleUploadedFile("sen.csv", grid.encode(), content_type="text/csv")
    services.import_factors(by=world.users["staff"], kind="grid", version="SEN-2", source="prueba", upload=upload)
    newer = accounting.new_version(reason="SEN-2")  # what the queued task does
    accounting.compute(newer)
    assert newer.grid.version == "SEN-2" and _national(newer) == D("0.5")
    published.refresh_from_db()
    assert published.figures["nation"]["scope2_co2e_t"] == "0.325"


def test_a_reduction_claimed_elsewhere_is_left_out_of_the_apl_total(world):
    diagnosis = world.a.diagnosis
    diagnosis.production, diagnosis.emissions_tco2e, diagnosis.completed_on = D(10), D("2"), date(2022, 12, 1)
    diagnosis.save()
    services.report_values(by=world.users["company"], installation=world.a.installation, period="05-2023",
                           values=[{"variable": "produccion.fruta", "value": "10", "unit": "t"}])  # fmt: skip
    report = world.a.mrv_report
    services.verify(report, by=world.users["auditor"])
    services.decide(report, by=world.users["staff"], accept=True)
    version = accounting.new_version(reason="prueba")
    accounting.compute(version)
    nation = reports.by_dimension(version, "nation", 2023)[0]
    assert nation["reduction_t"] == D("2") - D("0.3252")  # (0.2 − 0.03252 t/t) × 10 t
    services.declare_claim(by=world.users["company"], installation=world.a.installation, year=2023,
                           programme="huellachile")  # fmt: skip
    nation = reports.by_dimension(version, "nation", 2023)[0]
    assert nation["reduction_t"] == 0 and nation["excluded_t"] == D("2") - D("0.3252")


def test_the_command_line_imports_a_file_all_or_nothing(world, tmp_path):
    i, other = world.a.installation.pk, world.b.installation.pk
    good, bad = tmp_path / "actividad.csv", tmp_path / "mala.csv"
    good.write_bytes((HEADER + f"{i};02-2024;agua.red;1.500,5;m3\r\n{i};02-2024;electricidad.sen;3;MWh\r\n").encode())
    bad.write_bytes((HEADER + f"{i};03-2024;agua.red;7;m3\r\n{other};03-2024;agua.red;7;m3\r\n").encode("latin-1"))
    out = StringIO()
    call_command("import_activity", str(good), by="company@prueba.cl", stdout=out)
    assert "2 valor(es) guardado(s) en 1 instalación(es)" in out.getvalue()
    values = dict(Measurement.objects.filter(report__period=date(2024, 2, 1)).values_list("variable__code", "value"))
    assert values == {"agua.red": D("1500.5"), "electricidad.sen": D(3000)}
    errors = StringIO()
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_activity", str(bad), by="company@prueba.cl", stderr=errors)
    assert "row 3" in errors.getvalue().replace("fila", "row") and "instalacion" in errors.getvalue()
    assert not Report.objects.filter(period=date(2024, 3, 1)).exists()
