"""Real browser: a regional coordinator awards funding and is refused above the co-financing cap with the cap and
the amount stated, then a disbursement above the award is refused; the goals dashboard with a region selected
shows the region's contribution, not the national pace. Screenshots at 390 and 1366 px of each screen."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from limpia.core.tests.browser import browser_page, click, log_in_as
from limpia.programs import services
from limpia.programs.choices import ApplicationStatus, Indicator
from limpia.programs.models import Application, NationalGoal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"
WIDTHS = (390, 1366)


def _shots(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_an_award_above_the_cap_and_a_disbursement_above_the_award_are_refused(live_server, world):
    """Total 10.000.000, asked 7.000.000, cap 70 % = 7.000.000: 8.000.000 is refused with the three figures;
    6.800.000 is awarded; then 7.000.000 disbursed would exceed the 6.800.000 awarded and is refused."""
    item = world.a.application
    Application.objects.filter(pk=item.pk).update(total_cost=Decimal(10_000_000), requested=Decimal(7_000_000),
                                                  status=ApplicationStatus.EVALUATION)  # fmt: skip
    with browser_page() as page:
        log_in_as(page, live_server.url, "regional")
        page.goto(f"{live_server.url}{item.get_absolute_url()}")
        page.get_by_label("Monto adjudicado").fill("8.000.000")
        page.locator("#confirm-award").check()
        click(page, "Adjudicar")
        assert page.locator(".alert-danger").inner_text().strip().endswith(
            "El monto adjudicado $8.000.000 supera el tope de cofinanciamiento de 70 % ($7.000.000) del costo total "
            "$10.000.000.")  # fmt: skip
        _shots(page, "adjudicacion-sobre-tope")
        page.get_by_label("Monto adjudicado").fill("6.800.000")
        page.locator("#confirm-award").check()
        click(page, "Adjudicar")
        assert page.locator("#status").inner_text() == "Adjudicada"

        form = page.locator("form", has=page.locator("#id_disbursement-amount"))
        form.locator("#id_disbursement-paid_on").fill(timezone.localdate().isoformat())
        form.locator("#id_disbursement-amount").fill("7.000.000")
        form.get_by_role("button", name="Guardar").click()
        page.wait_for_load_state()
        assert "Los desembolsos sumarían $7.000.000, más que los $6.800.000 adjudicados." in page.locator(
            ".alert-danger").inner_text()  # fmt: skip
        _shots(page, "desembolso-sobre-adjudicado")
        form = page.locator("form", has=page.locator("#id_disbursement-amount"))
        form.locator("#id_disbursement-paid_on").fill(timezone.localdate().isoformat())
        form.locator("#id_disbursement-amount").fill("1.000.000")
        form.get_by_role("button", name="Guardar").click()
        page.wait_for_load_state()
        assert "Desembolso registrado." in page.locator(".alert-success").inner_text()
    item.refresh_from_db()
    assert (item.awarded, item.decided_by.email) == (6_800_000, "regional@prueba.cl")
    assert list(item.disbursements.values_list("amount", flat=True)) == [1_000_000]


def test_an_application_in_uf_shows_the_pesos_and_the_uf_used(live_server, world):
    """UF 1.000 awarded on 05-11-2026, UF loaded only for 01-11-2026 ($39.512,34): $39.512.340, UF of 01-11."""
    services.load_uf([(date(2026, 11, 1), Decimal("39512.34"))])
    type(world.a.call).objects.filter(pk=world.a.call.pk).update(currency="UF")
    Application.objects.filter(pk=world.a.application.pk).update(
        status=ApplicationStatus.AWARDED, total_cost=Decimal(2000), requested=Decimal(1000), awarded=Decimal(1000),
        awarded_on=date(2026, 11, 5))  # fmt: skip
    with browser_page() as page:
        log_in_as(page, live_server.url, "company")
        page.goto(f"{live_server.url}{world.a.application.get_absolute_url()}")
        assert page.locator("#in-pesos").inner_text() == "UF 1.000 = $39.512.340 (UF del 01-11-2026)"
        _shots(page, "postulacion-uf")
        page.goto(f"{live_server.url}/programas/fondos/")
        with page.expect_download() as download:
            page.get_by_role("link", name="CSV").click()
        assert "UF 1.000 = $39.512.340 (UF del 01-11-2026)" in Path(download.value.path()).read_text("utf-8-sig")
        _shots(page, "fondos")


def test_the_goals_dashboard_for_a_region_shows_its_contribution(live_server, world):
    """New companies this year: 2 in the country (one per region), 1 in region A → 50 % of the national 2."""
    year = timezone.localdate().year
    NationalGoal.objects.create(code="N-1", title="Prueba: empresas nuevas", indicator=Indicator.NEW_COMPANIES,
                                target=Decimal(2000), policy="Política de prueba", starts_on=date(year, 1, 1),
                                ends_on=date(year, 12, 31))  # fmt: skip
    with browser_page() as page:
        log_in_as(page, live_server.url, "regional")
        page.goto(f"{live_server.url}/programas/")
        page.get_by_label("Región").select_option(label=str(world.a.region))
        click(page, "Mostrar")
        row = page.locator("tr", has=page.get_by_role("link", name="Prueba: empresas nuevas"))
        assert "Aporte: 50 % del total nacional 2" in row.inner_text()
        assert "se necesitan" not in row.inner_text()
        _shots(page, "metas-region")
        page.get_by_role("link", name="Prueba: empresas nuevas").click()
        page.wait_for_load_state()
        assert "Aporte: 50 % del total nacional 2" in page.content()
        _shots(page, "meta-region")
