"""A real `limpia worker` process killed with SIGKILL in the middle of a ceremony's PDFs, and another one that
resumes it: every certificate's PDF is generated exactly once. PostgreSQL only: the worker processes must share
the test database (SQLite's test database lives in this process's memory)."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from limpia.audits import tasks
from limpia.audits.models import CertificateBatch
from limpia.audits.tests.test_jobs import LEASE, make_batch

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="worker processes need a shared database"),
]


def _worker(tmp_path: Path, *extra) -> subprocess.Popen:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "LIMPIA_DATA_DIR": str(tmp_path), "LIMPIA_CONN_MAX_AGE": "0"}
    command = [sys.executable, "-m", "limpia", "worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"]
    return subprocess.Popen([*command, *extra], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _wait(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def test_a_worker_killed_midway_is_resumed_by_another_and_each_pdf_is_generated_once(world, tmp_path):
    """4 certificates. Worker 1 is SIGKILLed once it stored k ≥ 1 PDFs (k read after the kill): the batch stays
    «generating», k of 4. Its heartbeat is then made older than the lease; worker 2 (run with --batch) finds it
    stalled, queues it again and stores exactly the 4 − k missing ones: one PDF recorded per certificate."""
    batch = make_batch(world, n=4)
    tasks.generate_certificates.enqueue(batch.pk)
    first = _worker(tmp_path)
    try:
        _wait(lambda: CertificateBatch.objects.get(pk=batch.pk).done >= 1, 120, "the first PDF")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    batch.refresh_from_db()
    stored_by_first = batch.certificates.exclude(pdf="").count()
    assert batch.status == "running" and 1 <= stored_by_first == batch.done < 4, "killed midway"
    CertificateBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now() - LEASE - timedelta(seconds=1))
    second = _worker(tmp_path, "--batch")
    output, _ = second.communicate(timeout=180)
    assert second.returncode == 0, output.decode()
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.resumed) == ("done", 4, 1)
    resumed_run = DBTaskResult.objects.filter(status="SUCCESSFUL", task_path=tasks.generate_certificates.module_path)
    assert [r.return_value for r in resumed_run] == [4 - stored_by_first], "only the missing PDFs were generated"
    stored = {c.pdf.name for c in batch.certificates.all()}
    assert len(stored) == 4 and all((tmp_path / "media" / name).is_file() for name in stored)
    # A kill between writing a file and recording it may leave that one file unrecorded; never more.
    assert len(list((tmp_path / "media").rglob("A-T-*.pdf"))) - len(stored) in (0, 1)
