from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from limpia.audits.imports import import_lines
from limpia.audits.models import Audit
from limpia.core.tabular import TableError


class Command(BaseCommand):
    help = "Fill an audit's lines from a CSV or XLSX file (the audit's template), all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("audit", type=int, help="the audit's number in Limpia")
        parser.add_argument("file", help="path of the .csv or .xlsx file")
        parser.add_argument("--by", required=True, help="e-mail of the user who uploads (the assigned auditor)")

    def handle(self, *args, audit, file, by, **options):
        user = get_user_model().objects.filter(email=by.lower()).first()
        target = Audit.objects.filter(pk=audit).first()
        if user is None or target is None:
            raise CommandError("No existe el usuario o la auditoría indicada.")
        with open(file, "rb") as handle:
            data = handle.read()
        try:
            filled = import_lines(target, data, file, by=user)
        except TableError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"El archivo tiene {len(exc.errors)} error(es); no se guardó nada.") from exc
        self.stdout.write(f"{filled} línea(s) registrada(s) y enviada(s) a revisión.")
