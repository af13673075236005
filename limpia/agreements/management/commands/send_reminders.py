from django.core.management.base import BaseCommand
from django.utils import timezone

from limpia.agreements.tasks import schedule_next_reminders, send_due_reminders


class Command(BaseCommand):
    help = (
        "Start the daily reminder e-mails (a task that queues its next run every day at 07:00), "
        "or with --now send them at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="send in this process instead of queueing the task")

    def handle(self, *args, now, **options):
        if now:
            sent = send_due_reminders.call()
            self.stdout.write(f"{sent} recordatorio(s) enviado(s).")
            return
        result = schedule_next_reminders()
        if result is None:
            self.stdout.write("Los recordatorios diarios ya están programados.")
            return
        self.stdout.write(
            f"Recordatorios diarios programados para {timezone.localtime(result.task.run_after):%d-%m-%Y %H:%M}; "
            "los envía «limpia db_worker»."
        )
