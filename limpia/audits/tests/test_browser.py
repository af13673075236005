"""Real browser: a final audit from opening to a certificate that verifies, each step by the role that
does it; then the revocation shows on the public verification page."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from limpia.agreements.models import Agreement
from limpia.audits.models import Audit, Certificate
from limpia.audits.tests.test_browser_certification import confirm
from limpia.audits.tests.world import PDF
from limpia.core.tests.browser import browser_page, click, log_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_template(source: Path, target: Path) -> None:
    """What the auditor does in Excel: every line applies and complies, dated today, signed with their RUT."""
    book = load_workbook(source)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        cells = dict(zip(header, row, strict=True))
        cells["aplica"].value, cells["cumple"].value = "sí", "sí"
        cells["fecha"].value = timezone.localdate().strftime("%d-%m-%Y")
        cells["rut_auditor"].value = "12.345.678-5"
    book.save(target)


def _fresh_agreement(world) -> Agreement:
    """Agreement A without the world's ready-made audit, requiring agency validation."""
    Certificate.objects.all().delete()
    Audit.objects.filter(agreement=world.a.agreement).delete()
    Agreement.objects.filter(pk=world.a.agreement.pk).update(requires_agency_validation=True)
    return world.a.agreement


def test_final_audit_to_certificate_and_revocation(live_server, world, tmp_path):
    agreement, base = _fresh_agreement(world), live_server.url
    evidence = tmp_path / "registro-agua.pdf"
    evidence.write_bytes(PDF)
    with browser_page() as page:
        # Staff open the final audit and assign the auditor.
        log_in_as(page, base, "staff")
        page.goto(f"{base}/acuerdos/{agreement.pk}/")
        page.get_by_role("link", name="Abrir una auditoría").click()
        page.get_by_label("Tipo").select_option(label="Final")
        click(page, "Guardar")
        assert page.locator("#audit-status").inner_text() == "Abierta"
        audit_url = page.url
        page.get_by_label("Planta A").check()
        page.get_by_label("Asignar las instalaciones elegidas a").select_option(label="Auditora A (12.345.678-5)")
        click(page, "Asignar")
        assert "Auditor asignado." in page.content()

        # The auditor fills the lines from the spreadsheet and uploads evidence.
        log_in_as(page, base, "auditor")
        page.goto(audit_url)
        with page.expect_download() as download:
            page.get_by_role("link", name="Plantilla de planilla (XLSX)").click()
        template, filled = tmp_path / "plantilla.xlsx", tmp_path / "lineas.xlsx"
        download.value.save_as(template)
        _fill_template(template, filled)
        page.get_by_role("link", name="Cargar líneas").click()
        page.get_by_label("Planilla (XLSX o CSV)").set_input_files(str(filled))
        click(page, "Revisar y cargar")
        assert "registradas y enviadas a revisión" in page.content()
        page.goto(audit_url)
        page.get_by_role("link", name="Líneas", exact=True).click()
        page.locator("#results a").first.click()
        page.get_by_label("Archivo de evidencia").set_input_files(str(evidence))
        click(page, "Cargar evidencia")
        assert page.locator("#evidence-list").get_by_role("link", name="registro-agua.pdf").is_visible()

        # Staff approve; the signatory agency validates; staff close and grant the certificate.
        log_in_as(page, base, "staff")
        page.goto(audit_url)
        confirm(page, "approve", "Aprobar todas las líneas en revisión")
        log_in_as(page, base, "validator")
        page.goto(audit_url)
        confirm(page, "validate", "Validar las líneas de mi competencia")
        assert "Líneas de su competencia validadas." in page.content()
        log_in_as(page, base, "staff")
        page.goto(audit_url)
        confirm(page, "close", "Cerrar la auditoría")
        assert page.locator("#audit-status").inner_text() == "Auditoría cerrada"
        confirm(page, "certify", "Otorgar certificados")
        assert "se están generando sus PDF" in page.content()
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)  # the background worker
        page.reload()
        assert "1 de 1 PDF generados" in page.locator("#batch-progress").inner_text()
        page.locator("#batch-progress a").first.click()
        with page.expect_download() as download:
            page.get_by_role("link", name="Descargar el PDF").click()
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
        certificate_url = page.url

        # The QR's address verifies without login; after revocation it says so.
        verify_url = page.locator("#verify-link").get_attribute("href")
        page.context.clear_cookies()
        page.goto(verify_url.replace("http://127.0.0.1:8000", base))
        assert page.locator("#verdict").inner_text().startswith("Vigente")
        assert "Empresa A SpA" in page.content()
        log_in_as(page, base, "staff")
        page.goto(certificate_url)
        page.get_by_label("Cambiar").select_option(label="Revocar")
        page.get_by_role("textbox", name="Motivo").fill("Cierre de la planta")
        page.get_by_label("Confirmo: el cambio queda registrado").check()
        click(page, "Registrar")
        page.context.clear_cookies()
        page.goto(verify_url.replace("http://127.0.0.1:8000", base))
        assert page.locator("#verdict").inner_text().startswith("Revocado: Cierre de la planta")
