"""Real browser: national staff with the second factor required (production) sign in with the password, can reach
nothing but the second-factor page, scan-and-type the code, and only then create an API token; the pages they
cross log no Content-Security-Policy violation."""

from pathlib import Path

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from limpia.accounts.models import ApiToken
from limpia.core.tests.browser import browser_page, log_in
from limpia.core.tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots/accounts-security")


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def test_staff_second_factor_journey_then_a_token(live_server, world, settings):
    settings.REQUIRE_TOTP_FOR_STAFF = True
    base = live_server.url
    with browser_page() as page:
        problems = []
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        log_in(page, base, "staff@prueba.cl", PASSWORD)
        assert page.url.endswith("/cuenta/segundo-factor/")
        expect(page.get_by_role("heading", name="Configure un segundo factor (TOTP)")).to_be_visible()
        _shoot(page, "segundo-factor")

        for path in ("/registro/empresas/", "/cuenta/", "/inicio/"):
            page.goto(base + path)
            assert page.url.endswith("/cuenta/segundo-factor/"), path
        assert not ApiToken.objects.exists()

        device = TOTPDevice.objects.get(user=world.users["staff"], confirmed=False)
        page.get_by_label("Código de su aplicación de autenticación").fill(_code(device))
        page.get_by_role("button", name="Activar").click()
        page.wait_for_url("**/cuenta/")
        expect(page.locator(".alert-success")).to_contain_text("Segundo factor activado")

        page.get_by_label("Nombre del token").fill("planilla nacional")
        page.get_by_role("button", name="Crear token").click()
        page.wait_for_load_state()
        expect(page.locator("#new-token")).to_contain_text("lp_")
        token = ApiToken.objects.get(user=world.users["staff"])
        assert token.second_factor and token.name == "planilla nacional"
        _shoot(page, "perfil-token")

        page.goto(base + "/registro/empresas/")
        expect(page.get_by_role("link", name="Empresa B SpA")).to_be_visible()
        assert [p for p in problems if "Content Security Policy" in p or "Refused" in p] == [], problems
