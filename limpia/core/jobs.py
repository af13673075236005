"""Background jobs that survive a dead worker: a lease on the job's record.

A job record (a certificate batch, an upload…) mixes in `LeasedJob`. The task that runs it first `claim`s it
(the record names the worker and the time of its last heartbeat), then `beat`s at each step of progress. A job
still queued or running whose heartbeat is older than its lease was left by a worker that died (killed,
out of memory, machine restarted): every worker looks for such jobs when it starts and between tasks
(`recover_stalled`) and queues the job's task again; staff may also do it from the job's page. The task resumes
where the dead worker stopped, so each step must be idempotent (a certificate whose PDF is stored is skipped).

Apps register their job models from `AppConfig.ready()` (core imports no domain app).
"""

import logging
import os
import socket
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

DEFAULT_LEASE_SECONDS = 120


class LeaseLost(Exception):
    """Another worker took the job over (this one was thought dead): stop without writing more."""


class LeasedJob(models.Model):
    """Who is running the job and when it last showed progress; how often it was taken over."""

    worker = models.CharField(max_length=120, blank=True, verbose_name=_("worker"))
    heartbeat_at = models.DateTimeField(default=timezone.now, verbose_name=_("last sign of progress"))
    resumed = models.PositiveSmallIntegerField(default=0, verbose_name=_("times resumed"))
    resumed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last resumed at"))
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("resumed by"), help_text=_("Empty when a worker resumed it on its own."),
    )  # fmt: skip

    class Meta:
        abstract = True

    @property
    def stalled(self) -> bool:
        """Queued or running, and no sign of progress within its lease: its worker is gone."""
        kind = _kinds.get(type(self))
        if not kind or self.status not in kind.active or self.heartbeat_at >= timezone.now() - kind.lease:
            return False
        return not (self.status == kind.queued and _waiting(kind, self.pk))


@dataclass(frozen=True)
class JobKind:
    model: type
    task: object  # a django-tasks Task taking the record's pk as its only argument
    active: frozenset  # statuses of a job not finished (queued, running)
    queued: str  # the status a resumed job goes back to
    failed: str  # the status of a job that stopped on an error: staff may resume it
    lease: timedelta


_kinds: dict[type, JobKind] = {}


def register(model, *, task, active, queued, failed, lease_seconds: int = DEFAULT_LEASE_SECONDS) -> None:
    _kinds[model] = JobKind(model, task, frozenset(active), queued, failed, timedelta(seconds=lease_seconds))


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def claim(job: LeasedJob) -> bool:
    """Take the job for this worker, unless another worker holds a live lease or it is finished."""
    kind, now, me = _kinds[type(job)], timezone.now(), worker_name()
    free = Q(worker="") | Q(worker=me) | Q(heartbeat_at__lt=now - kind.lease)
    taken = type(job).objects.filter(Q(pk=job.pk, status__in=kind.active) & free).update(worker=me, heartbeat_at=now)
    return bool(taken)


def beat(job: LeasedJob) -> None:
    """A sign of progress; LeaseLost when another worker took the job over meanwhile."""
    if not type(job).objects.filter(pk=job.pk, worker=worker_name()).update(heartbeat_at=timezone.now()):
        raise LeaseLost(f"{type(job).__name__} {job.pk}")


def release(job: LeasedJob, **fields) -> None:
    """The job is finished (or failed) by this worker: record `fields` (its final status…) and let go."""
    type(job).objects.filter(pk=job.pk, worker=worker_name()).update(worker="", **fields)


@transaction.atomic
def resume(job: LeasedJob, *, by=None) -> bool:
    """Queue the job's task again when it stalled (its worker died), once per lease, or when it failed and
    staff asks (`by`, None when a worker found it); False if it is running fine or already queued again."""
    kind, now = _kinds[type(job)], timezone.now()
    again = Q(status__in=kind.active, heartbeat_at__lt=now - kind.lease)
    if by is not None:
        again |= Q(status=kind.failed)
    back = {"worker": "", "heartbeat_at": now, "status": kind.queued, "resumed_at": now, "resumed_by": by}
    if not type(job).objects.filter(Q(pk=job.pk) & again).update(resumed=F("resumed") + 1, **back):
        return False
    logger.warning("Resuming %s %s (%s)", kind.model.__name__, job.pk, f"asked by {by}" if by else "worker gone")
    transaction.on_commit(lambda: kind.task.enqueue(job.pk))
    return True


def recover_stalled() -> int:
    """Resume every registered job whose worker stopped showing progress; how many were resumed."""
    resumed = 0
    for kind in _kinds.values():
        stale = kind.model.objects.filter(status__in=kind.active, heartbeat_at__lt=timezone.now() - kind.lease)
        for job in stale.only("pk", "status", "heartbeat_at"):
            if not (job.status == kind.queued and _waiting(kind, job.pk)):
                resumed += resume(job)
    return resumed


def _waiting(kind: JobKind, pk) -> bool:
    """The job's task is still in the queue (the workers are busy with others): queued, not stalled."""
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready().filter(task_path=kind.task.module_path, args_kwargs__args__0=pk)
    return ready.exists()
