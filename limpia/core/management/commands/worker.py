"""`limpia worker`: django-tasks-db's `db_worker` that survives a busy or unreachable database and resumes the
jobs of dead workers.

`db_worker` ignores a locked database only while it looks for a task; a «database is locked» anywhere else
(opening its transaction on SQLite while an import writes, recording a result) ends the process. This worker
logs it, waits (1 s, doubling up to 30 s) and goes on. Between tasks, at most every RECOVER_EVERY seconds, it
queues again the jobs whose worker stopped showing progress (limpia.core.jobs). `make serve` restarts it if it
exits anyway.
"""

import logging
import time

from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from limpia.core import jobs

logger = logging.getLogger("django_tasks_db")

FIRST_BACKOFF, MAX_BACKOFF = 1.0, 30.0
RECOVER_EVERY = 30.0  # seconds


class ResilientWorker(db_worker.Worker):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.failures, self.recovered_at = 0, float("-inf")

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))
        while self.running:
            try:
                found = self.poll()
            except (OperationalError, InterfaceError) as exc:
                self.wait_for_database(exc)
                continue
            self.failures = 0
            if self.batch and found is None:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            if self.running and found is None:
                time.sleep(self.interval)

    def poll(self) -> DBTaskResult | None:
        """Resume dead workers' jobs (now and then), then take one ready task and run it."""
        close_old_connections()
        if time.monotonic() - self.recovered_at >= RECOVER_EVERY:
            jobs.recover_stalled()
            self.recovered_at = time.monotonic()
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)  # no other worker runs it
        if task_result is not None:
            self.run_task(task_result)
        return task_result

    def wait_for_database(self, exc: Exception) -> None:
        self.failures += 1
        delay = min(MAX_BACKOFF, FIRST_BACKOFF * 2 ** (self.failures - 1))
        logger.warning("Database unavailable (%s); worker %s retries in %.0f s", exc, self.worker_id, delay)
        for connection in connections.all():
            connection.close_if_unusable_or_obsolete()
        time.sleep(delay)


class Command(db_worker.Command):
    help = "Run the background worker: survives a locked or unreachable database, resumes dead workers' jobs."

    def handle(self, *args, **options):
        original = db_worker.Worker
        db_worker.Worker = ResilientWorker  # the parent's handle() builds the worker by this name
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original
