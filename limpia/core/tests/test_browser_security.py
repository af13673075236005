"""Real browser under the Content-Security-Policy (issue 15, item 9): the main pages, the htmx search, the language
chooser, the admin and the API documentation work and log no CSP violation."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from limpia.core.tests.browser import browser_page, log_in
from limpia.core.tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots/accounts-security")
PUBLIC = ["/", "/directorio/acuerdos/", "/directorio/certificados/", "/datos/", "/casos-de-exito/",
          "/verificar/", "/cuenta/ingresar/", "/cuenta/clave/recuperar/"]  # fmt: skip
SIGNED_IN = ["/inicio/", "/registro/empresas/", "/acuerdos/", "/auditorias/", "/mrv/", "/mrv/calculadora/",
             "/programas/", "/cuenta/", "/admin/", "/registro/empresas/nueva/"]  # fmt: skip


def _violations(messages: list[str]) -> list[str]:
    return [m for m in messages if "Content Security Policy" in m or "Refused to" in m]


def test_main_pages_log_no_policy_violation_and_keep_working(live_server, world):
    base = live_server.url
    with browser_page() as page:
        page.set_default_timeout(60_000)  # the first render of a page can be slow on a busy machine
        messages = []
        page.on("console", lambda m: messages.append(f"{page.url}: {m.text}"))
        page.on("pageerror", lambda e: messages.append(f"{page.url}: {e}"))
        for path in PUBLIC:
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
        log_in(page, base, "staff@prueba.cl", PASSWORD)
        for path in SIGNED_IN:
            response = page.goto(base + path)
            assert response.status == 200, path
            page.wait_for_load_state("networkidle")

        page.goto(base + "/registro/empresas/")  # htmx: the list narrows as one types
        page.locator("form[role=search] input").first.fill("Empresa B")
        expect(page.locator("#results")).not_to_contain_text("Empresa A SpA")
        expect(page.locator("#results")).to_contain_text("Empresa B SpA")

        page.select_option("#lang", "en")  # the chooser submits itself (static script, no onchange=)
        page.wait_for_load_state()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.select_option("#lang", "es-cl")
        page.wait_for_load_state()

        page.goto(base + "/api/v1/docs")  # django-ninja's Swagger UI, from its own static files
        expect(page.locator("#swagger-ui .info .title")).to_contain_text("Limpia API", timeout=90_000)
        page.wait_for_load_state("networkidle")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "api-docs-1366.png"))
    assert _violations(messages) == [], messages
