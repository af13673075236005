"""Real browser: bad input typed or put in the address gets a page that says what is wrong, never a 500."""

from pathlib import Path

import pytest

from limpia.core.tests.browser import browser_page, log_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots/bad-input")


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)


def test_a_company_types_a_year_no_database_holds_and_reads_why(live_server, world):
    """The representative declares a claim for year 99999999999999999999 (the number input accepts it): before,
    int() took it and the database refused it with a server error; now the page says which field and why,
    and nothing is saved."""
    from limpia.mrv.models import Claim

    installation = world.a.installation
    with browser_page() as page:
        log_in_as(page, live_server.url, "company")
        page.goto(f"{live_server.url}/mrv/instalaciones/{installation.pk}/")
        page.get_by_label("Año").fill("99999999999999999999")
        page.get_by_role("button", name="Declarar").click()
        page.wait_for_load_state()
        alert = page.locator(".alert-danger, .alert-warning").first
        assert "«year»" in alert.inner_text() and "1900" in alert.inner_text()
        _shoot(page, "claim-year-out-of-range")
    assert not Claim.objects.filter(installation=installation).exists()


def test_staff_opens_lists_with_bad_addresses_and_gets_pages(live_server, world):
    with browser_page() as page:
        log_in_as(page, live_server.url, "staff")
        response = page.goto(f"{live_server.url}/registro/empresas/?q=a%00b&region=abc&size_class=x&page=1e400")
        assert response.status == 200
        assert page.get_by_role("heading", level=1).count() == 1
        _shoot(page, "company-list-bad-filters")
        response = page.goto(f"{live_server.url}/mrv/?year=99999999999999999999&dimension=%ED%A0%80")
        assert response.status < 500
        response = page.goto(f"{live_server.url}/registro/empresas/99999999999999999999/")
        assert response.status == 404
