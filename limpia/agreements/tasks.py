"""Background work of the agreements: the daily reminder of what is due (django-tasks)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from limpia.agreements.queries import inbox_for
from limpia.core.scheduling import schedule_daily

REMIND_DAYS = 7
SEND_AT_HOUR = 7  # local time (America/Santiago)


def reminder_items(user, today):
    """Overdue items and those due within a week: what a reminder e-mail lists."""
    horizon = today + timedelta(days=REMIND_DAYS)
    return [i for i in inbox_for(user, today) if i.overdue or (i.day is not None and i.day <= horizon)]


@task()
def send_due_reminders() -> int:
    """E-mail every active user with something overdue or due within a week; returns how many were sent."""
    today, sent = timezone.localdate(), 0
    for user in get_user_model().objects.filter(is_active=True, role_assignments__isnull=False).distinct():
        items = reminder_items(user, today)
        if not items:
            continue
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            body = render_to_string(
                "agreements/reminder_email.txt", {"user": user, "items": items, "site": settings.SITE_URL}
            )
            subject = translation.gettext("Limpia: %(n)s pending tasks") % {"n": len(items)}
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        sent += 1
    schedule_next_reminders()
    return sent


def schedule_next_reminders():
    return schedule_daily(send_due_reminders, SEND_AT_HOUR)
