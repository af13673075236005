"""Daily background jobs: a task that, when it runs, queues its own next run at a fixed local hour."""

from datetime import datetime, timedelta

from django.utils import timezone


def next_run(now: datetime, hour: int) -> datetime:
    """The next `hour` o'clock, local time (America/Santiago), after `now`."""
    local = timezone.localtime(now)
    candidate = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    return candidate if candidate > local else candidate + timedelta(days=1)


def schedule_daily(task, hour: int):
    """Queue the next run of `task`, unless one is already waiting: the chain keeps itself going."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=task.module_path, status="READY")
    if waiting.filter(run_after__gt=timezone.now()).exists():
        return None
    return task.using(run_after=next_run(timezone.now(), hour)).enqueue()
