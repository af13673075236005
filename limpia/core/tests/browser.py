"""Playwright driving Debian's Chromium (no browser download) against the live test server."""

import os
import shutil
from contextlib import contextmanager

from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("LIMPIA_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@contextmanager
def browser_page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        page = browser.new_page(locale="es-CL")
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            browser.close()


def log_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/cuenta/ingresar/")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Ingresar").click()
    page.wait_for_load_state()


def log_in_as(page, base_url: str, who: str) -> None:
    """Switch to one of the test world's users («staff», «auditor», «company»…) in the same browser."""
    from limpia.core.tests.world import PASSWORD

    page.context.clear_cookies()
    log_in(page, base_url, f"{who}@prueba.cl", PASSWORD)


def click(page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def shoot(page, folder, name: str) -> None:
    """Full-page screenshots of the page at a phone's and a laptop's width: `folder/name-390.png`, `-1366.png`."""
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
