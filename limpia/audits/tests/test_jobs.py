"""Issue 15 item 6: a certificate batch survives a dead worker. Its worker holds a lease (limpia.core.jobs);
when the heartbeat is older than the lease another worker resumes the batch, and every certificate's PDF is
generated exactly once: those stored are skipped, and a PDF is stored only while the certificate has none."""

from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from limpia.audits import certificates, services, tasks
from limpia.audits.models import Certificate, CertificateBatch
from limpia.core import jobs
from limpia.core.errors import BusinessRuleError

pytestmark = pytest.mark.django_db

LEASE = timedelta(seconds=jobs.DEFAULT_LEASE_SECONDS)


def make_batch(world, side="a", n=3) -> CertificateBatch:
    """A ceremony of `n` certificates without PDFs (copies of the side's certificate, numbered T-1…)."""
    base = getattr(world, side).certificate
    batch = CertificateBatch.objects.create(audit=base.audit, ceremony_on=base.issued_on, total=n,
                                            created_by=world.users["staff"])  # fmt: skip
    for i in range(1, n + 1):
        copy = Certificate.objects.get(pk=base.pk)
        copy.pk, copy.number, copy.batch, copy.pdf = None, f"{side.upper()}-T-{i}", batch, ""
        copy.save()
    return batch


class Renders:
    """Stands in for WeasyPrint: counts the PDFs it finished, and the worker «dies» (SystemExit, as when the
    process is killed: nothing of the task's own error handling runs) while rendering PDF number `die_at`."""

    def __init__(self, die_at=None):
        self.finished, self.die_at, self.calls = [], die_at, 0

    def __call__(self, certificate):
        self.calls += 1
        if self.calls == self.die_at:
            raise SystemExit("worker killed")
        self.finished.append(certificate.number)
        return b"%PDF-1.7 " + certificate.number.encode()


def _as_worker(name):
    return mock.patch.object(jobs, "worker_name", lambda: name)


def _age(batch, by: timedelta):
    CertificateBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now() - by)


def test_a_batch_whose_worker_died_is_resumed_and_every_pdf_is_generated_once(
    world, django_capture_on_commit_callbacks
):
    """Worked example, 3 certificates, lease 120 s. Worker A stores T-1 and dies rendering T-2: the batch stays
    «generating», 1 of 3. 60 s later nothing is resumed (the lease is alive); at 121 s the check queues it again
    (resumed 1). Worker B skips T-1 and stores T-2 and T-3: 3 PDFs finished and stored, one per certificate."""
    batch, renders = make_batch(world), Renders(die_at=2)
    with mock.patch.object(certificates, "render_pdf", renders):
        with _as_worker("host:111"), pytest.raises(SystemExit):
            tasks.generate_certificates.call(batch.pk)
        batch.refresh_from_db()
        assert (batch.status, batch.done, batch.worker, batch.stalled) == ("running", 1, "host:111", False)
        _age(batch, timedelta(seconds=60))
        assert jobs.recover_stalled() == 0, "a live lease is not taken over"
        _age(batch, LEASE + timedelta(seconds=1))
        batch.refresh_from_db()
        assert batch.stalled
        with django_capture_on_commit_callbacks(execute=True):
            assert jobs.recover_stalled() == 1
        assert jobs.recover_stalled() == 0, "queued again once, not at every check"
        queued = DBTaskResult.objects.filter(task_path=tasks.generate_certificates.module_path, status="READY")
        assert [r.args_kwargs["args"] for r in queued] == [[batch.pk]]
        with _as_worker("host:222"):
            assert tasks.generate_certificates.call(batch.pk) == 2
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.resumed, batch.resumed_by, batch.worker) == ("done", 3, 1, None, "")
    assert sorted(renders.finished) == ["A-T-1", "A-T-2", "A-T-3"], "each PDF finished once"
    stored = [c.pdf.read() for c in batch.certificates.order_by("number")]
    assert stored == [b"%PDF-1.7 A-T-1", b"%PDF-1.7 A-T-2", b"%PDF-1.7 A-T-3"]


def test_a_worker_thought_dead_stops_and_a_pdf_is_stored_only_once(world):
    """Worker A stalls (no heartbeat for 121 s) but is not dead; worker B takes the batch over. When A wakes up
    its next heartbeat finds the lease gone and it stops without storing. Two calls storing the same
    certificate (a worker and a download) keep the first file: the second is refused and its file deleted."""
    batch = make_batch(world, n=2)
    with mock.patch.object(certificates, "render_pdf", Renders()):
        with _as_worker("host:111"):
            assert jobs.claim(batch)
        _age(batch, LEASE + timedelta(seconds=1))
        with _as_worker("host:222"):
            assert jobs.claim(batch), "a stale lease is taken over"
        with _as_worker("host:111"), pytest.raises(jobs.LeaseLost):
            jobs.beat(batch)
        with _as_worker("host:111"):
            assert tasks.generate_certificates.call(batch.pk) == 0, "a live lease held by B: A does nothing"
        first, second = (Certificate.objects.get(number="A-T-1") for _ in range(2))
        assert certificates.store_pdf(first) is True
        assert certificates.store_pdf(second) is False
    assert second.pdf.name == first.pdf.name and first.pdf.storage.exists(first.pdf.name)
    folder = Path(first.pdf.storage.path(first.pdf.name)).parent
    assert len(list(folder.glob("A-T-1*"))) == 1, "the refused file was deleted"


def test_staff_resume_a_stalled_or_failed_batch_from_its_page_and_nobody_else_can(world):
    """A batch running fine cannot be resumed (it would run twice); a stalled or failed one can, by national
    staff only: the regional coordinator who sees it gets 403, other people and other scopes 404."""
    batch, other = make_batch(world), make_batch(world, side="b", n=1)
    url = f"/auditorias/ceremonias/{batch.pk}/reanudar/"
    client = Client()
    client.force_login(world.users["staff"])
    with _as_worker("host:111"):
        jobs.claim(batch)
    CertificateBatch.objects.filter(pk=batch.pk).update(status="running")
    with pytest.raises(BusinessRuleError, match="se están generando o ya están listos"):
        services.resume_batch(batch, by=world.users["staff"])
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "Detenida" not in page and "Reanudar ahora" not in page
    _age(batch, LEASE + timedelta(seconds=1))
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "Detenida: sin avance desde" in page and "Reanudar ahora" in page
    api = client.get(f"/api/v1/certificate-batches/{batch.pk}").json()
    assert (api["status"], api["stalled"], api["resumed"]) == ("running", True, 0)
    for who, status in [("regional", 403), ("company", 404), ("auditor", 404), ("validator", 404)]:
        client.force_login(world.users[who])
        assert client.post(url).status_code == status, who
    client.force_login(world.users["regional"])
    assert client.post(f"/auditorias/ceremonias/{other.pk}/reanudar/").status_code == 404
    batch.refresh_from_db()
    assert (batch.status, batch.resumed) == ("running", 0), "nothing changed by the refused requests"
    client.force_login(world.users["staff"])
    page = client.post(url, follow=True).content.decode()
    assert "Los PDF que faltan quedaron en cola otra vez." in page
    batch.refresh_from_db()
    assert (batch.status, batch.resumed, batch.resumed_by, batch.worker) == ("queued", 1, world.users["staff"], "")
    assert "Reanudada una vez" in page and "Staff" in page
    CertificateBatch.objects.filter(pk=other.pk).update(status="failed", error="disco lleno")
    resumed = services.resume_batch(other, by=world.users["staff"])
    assert (resumed.status, resumed.resumed) == ("queued", 1)


def test_a_batch_waiting_in_a_busy_queue_is_not_taken_for_stalled(world, django_capture_on_commit_callbacks):
    """Queued 10 minutes ago behind a long import, its task still waiting: not stalled, not queued twice.
    Once a worker took that task and died before starting the batch, it is stalled and resumed."""
    batch = make_batch(world, n=1)
    waiting = tasks.generate_certificates.enqueue(batch.pk)
    _age(batch, timedelta(minutes=10))
    batch.refresh_from_db()
    assert batch.status == "queued" and not batch.stalled
    assert jobs.recover_stalled() == 0
    DBTaskResult.objects.filter(pk=waiting.id).update(status="RUNNING")  # taken by a worker that then died
    batch.refresh_from_db()
    assert batch.stalled
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.recover_stalled() == 1
    assert DBTaskResult.objects.filter(status="READY", args_kwargs__args__0=batch.pk).count() == 1
