"""Real browser: every demo login lands on its role's page; a bulk import through the screen."""

import io
from pathlib import Path

import pytest

from limpia.accounts.seed import DEMO_PASSWORD, DEMO_USERS
from limpia.core.seeding import run_seed
from limpia.core.tests.browser import browser_page, log_in
from limpia.registry.models import Company

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


def test_each_demo_login_lands_on_its_role_page(live_server, reference_data):
    run_seed("demo", 2026, out=io.StringIO())
    SHOTS.mkdir(parents=True, exist_ok=True)
    with browser_page() as page:
        for email, _name, role in DEMO_USERS:
            log_in(page, live_server.url, email, DEMO_PASSWORD)
            heading = page.locator("h1[data-role]")
            assert heading.get_attribute("data-role") == role.value, email
            assert page.url.endswith("/inicio/")
            page.screenshot(path=SHOTS / f"inicio-{role.value}.png", full_page=True)
            page.get_by_role("button", name="Salir").click()
            page.wait_for_load_state()


def test_bulk_import_through_the_screen_lists_errors_then_imports(live_server, world, tmp_path):
    world.users["staff"].set_password(DEMO_PASSWORD)
    world.users["staff"].save()
    bad = tmp_path / "empresas.csv"
    bad.write_text(
        "rut;razon_social;comuna;ventas_uf\n76.543.210-3;Agrícola Sur SpA;05101;1.500\n1-8;Mala SpA;05101;\n"
    )
    with browser_page() as page:
        log_in(page, live_server.url, "staff@prueba.cl", DEMO_PASSWORD)
        page.goto(f"{live_server.url}/registro/importar/")
        page.get_by_label("Qué importar").select_option("companies")
        page.get_by_label("Archivo (.csv o .xlsx)").set_input_files(str(bad))
        page.get_by_role("button", name="Revisar e importar").click()
        errors = page.locator("#import-errors tbody tr")
        assert errors.count() == 1
        assert errors.first.locator("td").nth(0).inner_text() == "3"
        assert errors.first.locator("td").nth(1).inner_text() == "rut"
        assert not Company.objects.filter(rut="76543210-3").exists()

        good = tmp_path / "empresas-ok.csv"
        good.write_text("rut;razon_social;comuna;ventas_uf\n76.543.210-3;Agrícola Sur SpA;05101;1.500\n")
        page.get_by_label("Archivo (.csv o .xlsx)").set_input_files(str(good))
        page.get_by_role("button", name="Revisar e importar").click()
        assert "Se importó 1 registro." in page.locator(".alert-success").inner_text()
        page.goto(f"{live_server.url}/registro/empresas/?q=76.543.210")
        assert page.get_by_role("link", name="Agrícola Sur SpA").count() == 1
        page.screenshot(path=str(SHOTS / "empresas-busqueda.png"), full_page=True)
