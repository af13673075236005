from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from limpia.accounts.models import User
from limpia.core.scoping import has_role
from limpia.core.tabular import TableError
from limpia.registry.imports import IMPORT_ROLES, SPECS, import_table


class Command(BaseCommand):
    help = "Import companies or installations from a CSV or XLSX file; any bad row saves nothing."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(SPECS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--as", dest="email", required=True, help="e-mail of the user the import acts as")

    def handle(self, *args, kind, file, email, **options):
        user = User.objects.filter(email=email.lower(), is_active=True).first()
        if user is None:
            raise CommandError(f"No hay un usuario activo con el correo {email}.")
        if not has_role(user, IMPORT_ROLES):
            raise CommandError(f"{email} no tiene un rol que pueda importar.")
        if not file.is_file():
            raise CommandError(f"No existe el archivo {file}.")
        try:
            result = import_table(kind, file.read_bytes(), file.name, by=user)
        except TableError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(exc.errors)} error(es); no se guardó nada.") from exc
        self.stdout.write(self.style.SUCCESS(f"{result.created} registro(s) importado(s)."))
