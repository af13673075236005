from django.core.management.base import BaseCommand, CommandError

from limpia.audits.imports import import_lines
from limpia.audits.models import Audit
from limpia.core.commands import acting_user, readable_file, reported_errors


class Command(BaseCommand):
    help = "Fill an audit's lines from a CSV or XLSX file (the audit's template), all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("audit", type=int, help="the audit's number in Limpia")
        parser.add_argument("file", help="path of the .csv or .xlsx file")
        parser.add_argument("--by", required=True, help="e-mail of the user who uploads (the assigned auditor)")

    def handle(self, *args, audit, file, by, **options):
        user, path = acting_user(by), readable_file(file)
        target = Audit.objects.filter(pk=audit).first()
        if target is None:
            raise CommandError(f"No existe la auditoría {audit}.")
        with reported_errors(self):
            filled = import_lines(target, path.read_bytes(), path.name, by=user)
        self.stdout.write(f"{filled} línea(s) registrada(s) y enviada(s) a revisión.")
