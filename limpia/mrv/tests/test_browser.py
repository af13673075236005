"""Real browser: a company uploads a month's CSV, the background worker imports it, the assigned auditor
verifies, staff accept, and the figure appears in the agreement's and the nation's totals."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from limpia.core.tests.browser import browser_page, click, log_in_as
from limpia.mrv import accounting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _row(page, text: str):
    return page.locator("tbody tr", has_text=text)


def test_a_months_csv_goes_from_upload_to_the_national_total(live_server, world, tmp_path):
    base, installation = live_server.url, world.a.installation
    version = accounting.new_version(reason="prueba")
    accounting.compute(version)
    june = Decimal(version.grid.values["2023-06"]["value"])  # t CO2/MWh of the SEN, June 2023
    expected = f"{Decimal(250) * june:.1f}".replace(".", ",")  # 250.000 kWh, as the tables show it
    csv = tmp_path / "junio.csv"
    csv.write_bytes(f"instalacion;periodo;variable;valor;unidad\r\n{installation.pk};01-06-2023;electricidad.sen;"
                    f"250.000;kWh\r\n".encode("utf-8-sig"))  # fmt: skip
    with browser_page() as page:
        # The company uploads; the worker imports in the background while the page shows progress.
        log_in_as(page, base, "company")
        page.goto(f"{base}/mrv/cargar/")
        page.get_by_label("Archivo").set_input_files(str(csv))
        click(page, "Subir")
        assert "En cola" in page.locator("#import-progress").inner_text()
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
        expect(page.locator("#import-progress")).to_contain_text("Terminado", timeout=15_000)  # no eval (CSP)
        assert "1 valores guardados, 0 marcados para revisión" in page.locator("#import-progress").inner_text()

        # The auditor assigned to the installation verifies the month.
        log_in_as(page, base, "auditor")
        page.goto(f"{base}/mrv/informes/?status=reported")
        _row(page, "06-2023").get_by_role("link").click()
        assert "250.000 kWh" in page.content()
        click(page, "Verificar")
        assert "Datos verificados." in page.content()

        # Staff accept it; only then does it count, in the agreement's and the nation's totals.
        log_in_as(page, base, "staff")
        page.goto(f"{base}/mrv/acuerdos/{world.a.agreement.pk}/?year=2023")
        assert "Aún no hay cifras aceptadas para este año." in page.content()
        page.goto(f"{base}/mrv/informes/?status=verified")
        _row(page, "06-2023").get_by_role("link").click()
        page.locator("#confirm-decide").check()
        click(page, "Aceptar")
        assert "Datos aceptados." in page.content()
        page.goto(f"{base}/mrv/acuerdos/{world.a.agreement.pk}/")
        page.get_by_label("Año", exact=True).select_option("2023")
        click(page, "Mostrar")
        assert expected in _row(page, installation.name).inner_text()
        page.goto(f"{base}/mrv/?year=2023&dimension=nation")
        assert expected in page.locator("tbody tr").first.inner_text()
