from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from limpia.core.commands import acting_user, readable_file, reported_errors
from limpia.core.scoping import has_role
from limpia.registry.imports import IMPORT_ROLES, SPECS, import_table


class Command(BaseCommand):
    help = "Import companies or installations from a CSV or XLSX file; any bad row saves nothing."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(SPECS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--as", dest="email", required=True, help="e-mail of the user the import acts as")

    def handle(self, *args, kind, file, email, **options):
        user = acting_user(email)
        if not has_role(user, IMPORT_ROLES):
            raise CommandError(f"{email} no tiene un rol que pueda importar.")
        file = readable_file(file)
        with reported_errors(self):
            result = import_table(kind, file.read_bytes(), file.name, by=user)
        self.stdout.write(self.style.SUCCESS(f"{result.created} registro(s) importado(s)."))
