"""The daily reminder: who gets an e-mail and what it lists."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from limpia.agreements.tasks import reminder_items, send_due_reminders

pytestmark = pytest.mark.django_db


def test_reminders_list_overdue_diagnoses_to_those_who_must_act(world):
    today = timezone.localdate()
    items = reminder_items(world.users["company"], today)
    assert [i.title for i in items] == ["Diagnóstico inicial de Planta A"] and items[0].overdue
    sent = send_due_reminders.call()
    recipients = {m.to[0] for m in mail.outbox}
    assert sent == len(mail.outbox) and "company@prueba.cl" in recipients and "auditor@prueba.cl" not in recipients
    body = next(m.body for m in mail.outbox if m.to == ["company@prueba.cl"])
    assert "Diagnóstico inicial de Planta A" in body and "[Atrasado]" in body and "/acuerdos/diagnosticos/" in body


def test_nothing_is_sent_when_nothing_is_due(world):
    world.a.diagnosis.completed_on = timezone.localdate() - timedelta(days=1)
    world.a.diagnosis.save()
    assert reminder_items(world.users["company"], timezone.localdate()) == []


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection, as in production
def test_the_daily_chain_keeps_itself_going_and_is_never_doubled(world):
    from django_tasks_db.models import DBTaskResult

    from limpia.agreements.tasks import SEND_AT_HOUR

    call_command("send_reminders")
    call_command("send_reminders")
    [queued] = DBTaskResult.objects.all()
    assert timezone.localtime(queued.run_after).hour == SEND_AT_HOUR and queued.run_after > timezone.now()
    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(minutes=1))  # as if the morning came
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1
    assert any(m.to == ["company@prueba.cl"] for m in mail.outbox)
    [following] = DBTaskResult.objects.filter(status="READY")
    assert following.run_after > timezone.now(), "the next run is queued for tomorrow"
