"""Real browser: an association asks a company to be a member, the company accepts on its page, the association
then sees it; an auditor declares a relation picking the company from the RUT search."""

from pathlib import Path

import pytest

from limpia.accounts.services import assign_role, create_user
from limpia.core.tests.browser import browser_page, log_in, log_in_as
from limpia.core.tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots/scope-escalation")
WIDTHS = {"movil": {"width": 390, "height": 844}, "escritorio": {"width": 1366, "height": 900}}


def _shots(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in WIDTHS.items():
        page.set_viewport_size(size)
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(WIDTHS["escritorio"])


def test_membership_is_requested_accepted_and_only_then_counts(live_server, world):
    representative = create_user(email="empresa-b@prueba.cl", password=PASSWORD, full_name="Rep B")
    assign_role(representative, role="company_representative", company=world.b.company)
    base = live_server.url
    association_page = f"{base}/registro/asociaciones/{world.a.association.pk}/"
    company_b_page = f"{base}/registro/empresas/{world.b.company.pk}/"
    with browser_page() as page:
        log_in_as(page, base, "association")
        page.goto(association_page)
        page.get_by_placeholder("RUT de la empresa, p. ej. 76.123.456-7").fill("77.654.321-7")
        page.get_by_role("button", name="Solicitar como socia").click()
        page.wait_for_load_state()
        sent = page.locator(".alert-success").inner_text()
        assert "Solicitud enviada: Empresa B SpA será socia cuando acepte." in sent
        assert "Solicitud pendiente" in page.locator("#membership-requests + ul").inner_text()
        _shots(page, "gremio-solicitud")
        assert page.goto(company_b_page).status == 404  # nothing widens before the company answers

        page.context.clear_cookies()
        log_in(page, base, "empresa-b@prueba.cl", PASSWORD)
        page.goto(company_b_page)
        requests = page.locator("#membership-requests")
        assert "Gremio A (GA)" in requests.inner_text()
        _shots(page, "empresa-solicitud")
        requests.get_by_role("button", name="Aceptar").click()
        page.wait_for_load_state()
        assert "Aceptó la membresía de Gremio A (GA)." in page.locator(".alert-success").inner_text()
        assert page.locator("#membership-requests").count() == 0

        log_in_as(page, base, "association")
        page.goto(association_page)
        assert page.get_by_role("link", name="Empresa B SpA").count() == 1
        assert page.goto(company_b_page).status == 200
        assert "Persona B" in page.content()
        _shots(page, "gremio-socia-aceptada")


def test_an_auditor_declares_a_relation_choosing_the_company_by_rut(live_server, world):
    base = live_server.url
    auditor_page = f"{base}/auditorias/auditores/{world.a.auditor.pk}/"
    with browser_page() as page:
        log_in_as(page, base, "auditor")
        page.goto(auditor_page)
        page.get_by_text("Declarar una relación").click()
        company = page.get_by_label("Empresa (RUT)")
        company.press_sequentially("77.654", delay=50)
        page.locator('#relation-companies option[value="77.654.321-7"]').wait_for(state="attached")
        company.fill("77.654.321-7")
        page.get_by_label("Relación").select_option("employer")
        _shots(page, "auditor-relacion-formulario")
        page.get_by_role("button", name="Declarar", exact=True).click()
        page.wait_for_load_state()
        assert "Empresa B SpA (RUT 77.654.321-7)" in page.locator("#relations").inner_text()
        _shots(page, "auditor-relacion-declarada")

        log_in_as(page, base, "company")
        page.goto(auditor_page)
        text = page.locator("main").inner_text()
        assert "Auditora A" in text and "12.345.678-5" not in text and "Empresa B SpA" not in text
        _shots(page, "empresa-ve-auditor")
