from django.core.management.base import BaseCommand

from limpia.audits.tasks import schedule_watch, watch_certificates


class Command(BaseCommand):
    help = "Start the daily certificate watch (expiry, warnings 90 and 30 days ahead) or, with --now, run it at once."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="run in this process instead of queueing the task")

    def handle(self, *args, now, **options):
        if now:
            result = watch_certificates.call()
            expired, warned = result["expired"], result["warned"]
            self.stdout.write(f"{expired} certificado(s) vencido(s), {warned} aviso(s) enviado(s).")
            return
        result = schedule_watch()
        if result is None:
            self.stdout.write("La revisión diaria de certificados ya está programada.")
        else:
            self.stdout.write("Revisión diaria de certificados programada; la ejecuta «limpia db_worker».")
