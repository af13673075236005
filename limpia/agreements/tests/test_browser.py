"""Real browser: an agreement from expression of interest through signature and adhesion to
implementation, each step by the role that does it."""

import re
from datetime import date
from pathlib import Path

import pytest

from limpia.agreements.models import Agreement
from limpia.agreements.tests.world import PDF
from limpia.core.tests.browser import browser_page, log_in
from limpia.core.tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


def _move(page, stage_label: str, on: str = "") -> None:
    form = page.locator("#transition-form")
    form.get_by_label("Pasar a").select_option(label=stage_label)
    if on:
        form.get_by_label("Fecha").fill(on)
    assert "no se puede deshacer" in form.inner_text(), "the form says what will happen"
    form.get_by_label("Confirmo").check()
    form.get_by_role("button", name="Registrar el cambio").click()
    page.wait_for_load_state()
    assert page.locator("#stage").inner_text() == stage_label, page.locator(".alert").all_inner_texts()


def _logout(page) -> None:
    page.get_by_role("button", name="Salir").click()
    page.wait_for_load_state()


def test_from_interest_to_implementation_by_each_role(live_server, world, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    signed = tmp_path / "texto-firmado.pdf"
    signed.write_bytes(PDF)
    with browser_page() as page:
        log_in(page, live_server.url, "staff@prueba.cl", PASSWORD)
        page.goto(f"{live_server.url}/acuerdos/nuevo/")
        page.get_by_label("Código").fill("APL-2026-900")
        page.get_by_label(re.compile(r"^Nombre\b")).fill("APL Fruta de exportación Valparaíso")
        page.get_by_label(re.compile(r"^Tipo\b")).select_option("productive")
        page.get_by_label("Sectores").select_option(label="Agroindustria frutícola")
        page.get_by_label("Alcance nacional").uncheck()
        page.get_by_label("Regiones").select_option(label="Valparaíso")
        page.get_by_label("Asociaciones firmantes").select_option(label="Gremio A (GA)")
        page.get_by_label("Organismos firmantes").select_option(label="Organismo A (ORGA)")
        page.get_by_role("button", name="Guardar").click()
        page.wait_for_load_state()
        assert page.locator("#stage").inner_text() == "Manifestación de interés"
        for label in ["Admisibilidad", "Pertinencia y factibilidad", "Diagnóstico general", "Negociación"]:
            _move(page, label)
        page.get_by_text("Subir un documento").click()
        upload = page.locator("form[action$='/documentos/']")
        upload.get_by_label("Tipo").select_option(label="Texto firmado")
        upload.get_by_label("Título").fill("Texto firmado del APL")
        upload.get_by_label("Archivo").set_input_files(str(signed))
        upload.get_by_role("button", name="Subir").click()
        page.wait_for_load_state()
        _move(page, "Firma", on=date.today().strftime("%d-%m-%Y"))
        _move(page, "Período de adhesión")
        agreement_url = page.url
        _logout(page)

        log_in(page, live_server.url, "company@prueba.cl", PASSWORD)
        page.goto(agreement_url)
        page.get_by_role("link", name="Solicitar la adhesión de instalaciones").click()
        page.get_by_label("Planta A · Empresa A SpA · Valparaíso").check()
        page.get_by_role("button", name="Solicitar adhesión").click()
        page.wait_for_load_state()
        assert "Adhesión solicitada" in page.locator(".alert-success").inner_text()
        _logout(page)

        log_in(page, live_server.url, "association@prueba.cl", PASSWORD)
        page.goto(agreement_url)
        row = page.locator("#adhesions tbody tr", has_text="Planta A")
        row.get_by_label("Confirmo").check()
        row.get_by_role("button", name="Aprobar").click()
        page.wait_for_load_state()
        assert "Aprobada" in page.locator("#adhesions tbody tr", has_text="Planta A").inner_text()
        _logout(page)

        log_in(page, live_server.url, "staff@prueba.cl", PASSWORD)
        page.goto(agreement_url)
        _move(page, "Implementación")
        page.screenshot(path=str(SHOTS / "acuerdo-implementacion.png"), full_page=True)
    agreement = Agreement.objects.get(code="APL-2026-900")
    assert [c.to_stage for c in agreement.stage_changes.all()] == [
        "interest",
        "admissibility",
        "relevance",
        "diagnosis",
        "negotiation",
        "signature",
        "adhesion",
        "implementation",
    ]
    assert agreement.adhesions.get().diagnosis.due_on is not None
