"""Audit lines by spreadsheet (screen, API, CLI) and the audit endpoints."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from limpia.audits.imports import import_lines, template_workbook
from limpia.core.tabular import TableError

AUDITOR_RUT = "12.345.678-5"


def _csv(rows: list[str]) -> bytes:
    header = "linea;aplica;razon_no_aplica;cumple;fecha;rut_auditor;notas"
    return ("\n".join([header, *rows]) + "\n").encode("utf-8-sig")


def _today() -> str:
    return timezone.localdate().strftime("%d-%m-%Y")


@pytest.mark.django_db
def test_the_template_lists_the_auditors_lines_only(world):
    book = load_workbook(template_workbook(world.a.audit, world.users["auditor"]))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("linea", "instalacion", "rut_empresa")
    assert {r[1] for r in rows[1:]} == {"Planta A"} and len(rows) - 1 == world.a.audit.lines.count()
    other = load_workbook(template_workbook(world.b.audit, world.users["auditor"]))
    assert len(list(other.active.iter_rows())) == 1, "another auditor's audit: header only"


@pytest.mark.django_db
def test_an_upload_with_any_bad_row_saves_nothing_and_reports_row_column_reason(world):
    lines = list(world.a.audit.lines.order_by("pk"))
    bad = _csv([
        f"{lines[0].pk};sí;;sí;{_today()};{AUDITOR_RUT};ok",
        f"{lines[1].pk};no;;;{_today()};{AUDITOR_RUT};",
        f"{lines[1].pk};quizás;;sí;31-02-2026;11.111.111-1;",
        f"{world.b.line.pk};sí;;sí;{_today()};{AUDITOR_RUT};",
    ])  # fmt: skip
    with pytest.raises(TableError) as exc:
        import_lines(world.a.audit, bad, "lineas.csv", by=world.users["auditor"])
    found = {(e.row, e.column): e.message for e in exc.value.errors}
    assert found[(3, "razon_no_aplica")] == "una acción que no aplica necesita la razón"
    assert found[(4, "aplica")] == "escriba «sí» o «no»" and found[(4, "fecha")] == "escriba la fecha como dd-mm-aaaa"
    assert "no tiene asignada la línea" in found[(5, "linea")]
    assert all(line.state in {"pending", "in_review"} for line in world.a.audit.lines.all())
    assert world.a.audit.lines.filter(state="in_review").count() == 1, "only the world's own filled line"


@pytest.mark.django_db
def test_a_clean_upload_fills_every_line_through_screen_api_and_cli(world, tmp_path):
    lines = list(world.a.audit.lines.order_by("pk"))
    wrong_rut = _csv([f"{lines[0].pk};sí;;sí;{_today()};11.111.111-1;"])
    client = Client()
    client.force_login(world.users["auditor"])
    page = client.post(f"/auditorias/{world.a.audit.pk}/cargar/",
                       {"file": SimpleUploadedFile("l.csv", wrong_rut)}).content.decode()  # fmt: skip
    assert "el auditor asignado a esta instalación es 12.345.678-5" in page and "no se guardó nada" in page
    good = _csv([f"{line.pk};no;No tiene la maquinaria;;{_today()};{AUDITOR_RUT};" for line in lines[1:]])
    page = client.post(f"/auditorias/{world.a.audit.pk}/cargar/", {"file": SimpleUploadedFile("l.csv", good)})
    assert "enviada" in page.content.decode()
    assert world.a.audit.lines.filter(state="in_review").count() == len(lines)
    api = client.post(f"/api/v1/audits/{world.a.audit.pk}/lines/import",
                      {"file": SimpleUploadedFile("l.csv", wrong_rut)})  # fmt: skip
    assert api.status_code == 422 and api.json()["errors"][0]["column"] == "rut_auditor"
    path = tmp_path / "l.csv"
    path.write_bytes(_csv([f"{lines[0].pk};sí;;no;{_today()};{AUDITOR_RUT};corregido"]))
    out = io.StringIO()
    call_command("import_audit_lines", str(world.a.audit.pk), str(path), "--by", "auditor@prueba.cl", stdout=out)
    assert "1 línea" in out.getvalue()
    lines[0].refresh_from_db()
    assert lines[0].complies is False and lines[0].auditor_notes == "corregido"


@pytest.mark.django_db
def test_api_fill_review_validate_and_compliance(world):
    line = world.a.line
    auditor, staff = Client(), Client()
    auditor.force_login(world.users["auditor"])
    staff.force_login(world.users["staff"])
    today = str(timezone.localdate())
    bad = auditor.patch(f"/api/v1/audit-lines/{line.pk}", {"applies": False, "evidence_date": today},
                        content_type="application/json")  # fmt: skip
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "not_applicable_reason"
    ok = auditor.patch(f"/api/v1/audit-lines/{line.pk}", {"applies": True, "complies": True,
                       "evidence_date": str(timezone.localdate())}, content_type="application/json")  # fmt: skip
    assert ok.json()["state"] == "in_review"
    upload = auditor.post(f"/api/v1/audit-lines/{line.pk}/evidence",
                          {"file": SimpleUploadedFile("acta.pdf", b"%PDF-1.4\n%%EOF\n")})  # fmt: skip
    assert upload.status_code == 201 and upload.json()["mime_type"] == "application/pdf"
    denied = auditor.post(f"/api/v1/audit-lines/{line.pk}/review", {"decision": "approve"},
                          content_type="application/json")  # fmt: skip
    assert denied.status_code == 400
    assert staff.post(f"/api/v1/audit-lines/{line.pk}/review", {"decision": "approve"},
                      content_type="application/json").json()["state"] == "approved"  # fmt: skip
    # Certification mode (domain.md §9): Planta A has two applicable lines; this one complies and is approved,
    # the world's other line is still undecided, so it stays in the denominator: 1 / 2 = 50.0 %, 1 undecided.
    figures = staff.get(f"/api/v1/audits/{world.a.audit.pk}/compliance?mode=certification").json()
    assert figures["installations"] == [
        {"label": "Planta A", "complying": 1, "applicable": 2, "undecided": 1, "percent": "50.0",
         "lines": f"asignacion={world.a.assignment.pk}&modo=certification"}]  # fmt: skip
    download = staff.get(f"/api/v1/evidence/{upload.json()['id']}")
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_api_assignment_refuses_a_conflicted_auditor(world):
    from limpia.audits import services

    staff = Client()
    staff.force_login(world.users["staff"])
    services.declare_relation(world.a.auditor, by=world.users["staff"], company=world.a.company, kind="employer")
    response = staff.post(f"/api/v1/audits/{world.a.audit.pk}/assignments",
                          {"assignment_ids": [world.a.assignment.pk], "auditor_id": world.a.auditor.pk},
                          content_type="application/json")  # fmt: skip
    assert response.status_code == 400 and "no es independiente" in response.json()["detail"]
