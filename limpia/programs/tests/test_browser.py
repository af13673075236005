"""Real browser: a success case from the company's draft to its public page, and a funding application from
the call to the award, with the 70 % co-financing limit enforced on the way."""

import pytest
from playwright.sync_api import expect

from limpia.core.tests.browser import browser_page, click, log_in_as
from limpia.programs.models import Application, SuccessCase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_success_case_goes_from_draft_to_its_public_page(live_server, world):
    base = live_server.url
    with browser_page() as page:
        log_in_as(page, base, "company")
        page.goto(f"{base}/programas/casos/nuevo/")
        page.get_by_label("Título").fill("Empresa A ahorra agua")
        page.locator("#id_company").select_option(label="Empresa A SpA")
        page.locator("#id_agreement").select_option(label=str(world.a.agreement))
        page.get_by_label("Resumen").fill("Bajó 40 % el agua por tonelada.")
        page.get_by_label("Relato").fill("Instaló riego por goteo y recircula el agua de lavado.")
        click(page, "Guardar")
        page.locator("#id_label").fill("Agua por tonelada")
        page.locator("#id_before").fill("10")
        page.locator("#id_after").fill("6")
        click(page, "Agregar el indicador")
        assert "-40,0 %" in page.locator("#case-indicators").inner_text()
        click(page, "Enviar a revisión")
        assert page.locator("#case-status").inner_text() == "En revisión"
        case_url = page.url

        log_in_as(page, base, "regional")
        page.goto(case_url)
        page.locator("#confirm-publish").check()
        click(page, "Publicar")
        assert page.locator("#case-status").inner_text() == "Publicado"

        page.context.clear_cookies()  # the public, not signed in
        page.goto(f"{base}/casos-de-exito/")
        page.get_by_role("link", name="Empresa A ahorra agua").click()
        expect(page.get_by_role("heading", name="Empresa A ahorra agua")).to_be_visible()
        assert "Instaló riego por goteo" in page.content()
    case = SuccessCase.objects.get(title="Empresa A ahorra agua")
    assert [h.history_user.email for h in case.history.order_by("history_date")][-1] == "regional@prueba.cl"


def test_a_funding_application_goes_from_the_call_to_the_award_within_the_limit(live_server, world):
    base, call = live_server.url, world.a.call
    with browser_page() as page:
        log_in_as(page, base, "company")
        page.goto(f"{base}/programas/convocatorias/{call.pk}/")
        page.locator("#id_title").fill("Caldera a biomasa")
        page.locator("#id_company").select_option(label="Empresa A SpA")
        page.get_by_label("Costo total del proyecto").fill("10.000.000")
        page.get_by_label("Monto solicitado").fill("7.500.000")
        click(page, "Enviar postulación")
        assert (
            "El monto solicitado $7.500.000 supera el tope de cofinanciamiento de 70 % ($7.000.000) del costo "
            "total $10.000.000."
        ) in page.content()  # 75 % asked: refused, nothing saved
        assert not Application.objects.filter(title="Caldera a biomasa").exists()
        page.get_by_label("Monto solicitado").fill("7.000.000")
        click(page, "Enviar postulación")
        assert page.locator("#status").inner_text() == "Presentada"
        application_url = page.url

        log_in_as(page, base, "regional")
        page.goto(application_url)
        page.get_by_label("Puntaje de evaluación").fill("82")
        page.locator("#id_evaluation").fill("Pertinente y factible.")
        click(page, "Guardar")
        page.get_by_label("Monto adjudicado").fill("7.200.000")
        page.locator("#confirm-award").check()
        click(page, "Adjudicar")
        assert "El monto adjudicado $7.200.000 supera el tope de cofinanciamiento de 70 % ($7.000.000)" in page.locator(
            ".alert-danger").inner_text()  # fmt: skip
        page.get_by_label("Monto adjudicado").fill("6.800.000")
        page.locator("#confirm-award").check()
        click(page, "Adjudicar")
        assert page.locator("#status").inner_text() == "Adjudicada"
    item = Application.objects.get(title="Caldera a biomasa")
    assert (item.awarded, item.decided_by.email) == (6_800_000, "regional@prueba.cl")
