"""Real browser: national staff find a ceremony whose worker died («Detenida») and resume it from its page."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from limpia.audits.models import CertificateBatch
from limpia.audits.tests.test_jobs import LEASE, make_batch
from limpia.core.tests.browser import browser_page, click, log_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots/jobs-and-locks")


def test_staff_resume_a_stalled_ceremony(live_server, world):
    batch = make_batch(world, n=3)
    stalled_since = timezone.now() - LEASE - timedelta(minutes=3)
    CertificateBatch.objects.filter(pk=batch.pk).update(status="running", done=1, worker="maquina:4242",
                                                        heartbeat_at=stalled_since)  # fmt: skip
    SHOTS.mkdir(parents=True, exist_ok=True)
    with browser_page() as page:
        log_in_as(page, live_server.url, "staff")
        page.goto(live_server.url + batch.get_absolute_url())
        assert "Detenida: sin avance desde" in page.content()
        for width in (390, 1366):
            page.set_viewport_size({"width": width, "height": 800})
            page.screenshot(path=str(SHOTS / f"batch-stalled-{width}.png"), full_page=True)
        click(page, "Reanudar ahora")
        assert "Los PDF que faltan quedaron en cola otra vez." in page.content()
        assert "Reanudada una vez" in page.content() and "Detenida" not in page.content()
        for width in (390, 1366):
            page.set_viewport_size({"width": width, "height": 800})
            page.screenshot(path=str(SHOTS / f"batch-resumed-{width}.png"), full_page=True)
    batch.refresh_from_db()
    assert (batch.status, batch.resumed, batch.resumed_by) == ("queued", 1, world.users["staff"])
