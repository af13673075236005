"""Real browser: national staff decide an auditor's application on its page in Spanish; read again in English, the
same history entry speaks English, and the reviewer shows by name, never by id."""

import os
from pathlib import Path

import pytest

from limpia.audits import services as audit_services
from limpia.core.tests.browser import browser_page, click, log_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("LIMPIA_SHOTS", "/tmp/shots/atomic-history"))


def _shots(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator("#history-title").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def test_staff_decide_in_spanish_and_the_history_reads_in_english_with_names(world, live_server):
    staff = world.users["staff"]
    applicant = audit_services.apply_auditor(by=staff, full_name="Ana Pérez", rut="16.666.666-K", email="ana@x.cl")
    with browser_page() as page:
        log_in_as(page, live_server.url, "staff")
        page.goto(f"{live_server.url}{applicant.get_absolute_url()}")
        form = page.locator("#review-form")
        form.get_by_label("Decisión").select_option("approve")
        form.get_by_label("Comentarios").fill("Cumple los requisitos")
        form.get_by_label("Confirmo").check()  # an irreversible decision asks for confirmation
        click(page, "Registrar la decisión")
        history = page.locator("#history-title").locator("..")
        assert history.get_by_text("Postulación aprobada").count() == 1
        assert "revisado por: — → Staff" in history.inner_text()
        _shots(page, "historial-es")

        staff.preferred_language = "en"
        staff.save(update_fields=["preferred_language"])
        log_in_as(page, live_server.url, "staff")
        page.goto(f"{live_server.url}{applicant.get_absolute_url()}")
        history = page.locator("#history-title").locator("..")
        text = history.inner_text()
        assert "Application approved" in text and "Postulación aprobada" not in text
        assert "reviewed by: — → Staff" in text and "Cumple los requisitos" in text
        assert f"→ {staff.pk}\n" not in text
        _shots(page, "historial-en")
