from django.core.management.base import BaseCommand

from limpia.agreements.tasks import send_due_reminders


class Command(BaseCommand):
    help = "Queue (or, with --now, send at once) the daily e-mail of what is overdue or due within a week."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="send in this process instead of queueing the task")

    def handle(self, *args, now, **options):
        if now:
            sent = send_due_reminders.call()
            self.stdout.write(f"{sent} recordatorio(s) enviado(s).")
            return
        result = send_due_reminders.enqueue()
        self.stdout.write(f"Tarea de recordatorios en cola ({result.id}); la ejecuta «limpia db_worker».")
