"""Real browser, no login: search a certified installation, open its agreement, verify its certificate,
download a dataset and read it back; and the English switch."""

import csv
import io

import pytest
from playwright.sync_api import expect

from limpia.core.tests.browser import browser_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_public_finds_verifies_and_downloads(live_server, world):
    base, certificate = live_server.url, world.a.certificate
    with browser_page() as page:
        page.goto(base + "/")
        page.get_by_label("Buscar una empresa o instalación certificada").fill("Planta A")
        page.get_by_role("button", name="Buscar certificadas").click()
        page.wait_for_url("**/directorio/certificados/?q=*")
        row = page.locator("#certified tbody tr", has_text="Planta A")
        expect(row).to_have_count(1)
        assert "Planta B" not in page.locator("#certified").inner_text()

        row.get_by_role("link", name=world.a.agreement.code, exact=True).click()
        expect(page.get_by_role("heading", name=world.a.agreement.name)).to_be_visible()
        assert "1 instalaciones adheridas; 1 tienen certificado vigente" in page.locator("#summary").inner_text()

        page.go_back()
        page.locator("#certified tbody tr", has_text="Planta A").get_by_role("link", name="Verificar").click()
        page.wait_for_url("**/verificar/**")
        text = page.content()
        assert certificate.number in text and "Planta A" in text

        page.goto(base + "/datos/")
        with page.expect_download() as download:
            page.locator("section", has_text="Empresas e instalaciones certificadas").get_by_role(
                "link", name="CSV para Excel (;)"
            ).click()
        with open(download.value.path(), encoding="utf-8-sig") as handle:
            content = handle.read()
        rows = list(csv.DictReader(io.StringIO(content), delimiter=";"))
        assert {(r["certificado"], r["instalacion"]) for r in rows} >= {(certificate.number, "Planta A")}

        page.goto(base + "/directorio/acuerdos/")
        with page.expect_navigation():
            page.get_by_label("Idioma").select_option("en")
        expect(page.get_by_role("heading", name="Directory of agreements")).to_be_visible()
