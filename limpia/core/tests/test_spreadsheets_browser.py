"""Real browser: hostile spreadsheets uploaded through the screens are refused with a clear Spanish message,
and what the page shows of them is an excerpt. Staff import a shared-strings bomb into the registry; a
company uploads an MRV CSV with a giant cell. Screenshots at 390 and 1366 px go to /tmp/shots/spreadsheets/."""

import pytest
from django.core.management import call_command

from limpia.core.tests.browser import browser_page, click, log_in_as, shoot
from limpia.core.tests.test_spreadsheets import shared_strings_bomb
from limpia.registry.models import Company

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/shots/spreadsheets"


def test_staff_and_a_company_upload_hostile_files_and_read_what_is_wrong(live_server, world, settings, tmp_path):
    base, companies = live_server.url, Company.objects.count()
    bomb = tmp_path / "empresas.xlsx"
    bomb.write_bytes(shared_strings_bomb(3_000_000))  # 126 KB on disk, 51 MB of strings once opened
    settings.IMPORT_MAX_CELL_CHARS = 1_000  # scaled down: a 20,000-character cell stands for an 800 MB one
    giant = tmp_path / "actividad.csv"
    giant.write_text(f"instalacion;periodo;variable;valor;unidad\r\n{world.a.installation.pk};01-03-2024;"
                     f"{'v' * 20_000};5;m3\r\n")  # fmt: skip
    with browser_page() as page:
        log_in_as(page, base, "staff")
        page.goto(f"{base}/registro/importar/")
        page.get_by_label("Archivo (.csv o .xlsx)").set_input_files(str(bomb))
        click(page, "Revisar e importar")
        errors = page.locator("#import-errors").inner_text()
        assert "bomba de descompresión" in errors and "xl/sharedStrings.xml" in errors
        assert Company.objects.count() == companies
        shoot(page, SHOTS, "registro-bomba")

        log_in_as(page, base, "company")
        page.goto(f"{base}/mrv/cargar/")
        page.get_by_label("Archivo").set_input_files(str(giant))
        click(page, "Subir")
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        page.reload()
        progress = page.locator("#import-progress").inner_text()
        assert "el texto tiene 20.000 caracteres; el máximo es 1.000" in progress
        assert "v" * 81 not in progress and "v" * 80 + "…" in progress
        shoot(page, SHOTS, "mrv-celda-gigante")
