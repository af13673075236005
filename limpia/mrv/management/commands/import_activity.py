from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from limpia.core.errors import BusinessRuleError
from limpia.core.tabular import TableError
from limpia.mrv import services


class Command(BaseCommand):
    help = (
        "Import activity data (MRV) from a CSV or XLSX with the columns instalacion, periodo, variable, valor and "
        "unidad, as the web upload does: checked in full, saved all or nothing, figures recomputed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the .csv or .xlsx file")
        parser.add_argument("--by", required=True, help="e-mail of the user who reports (their scope applies)")
        parser.add_argument("--replace", action="store_true", help="replace values already reported")

    def handle(self, *args, file, by, replace, **options):
        user = get_user_model().objects.filter(email=by.lower()).first()
        path = Path(file)
        if user is None:
            raise CommandError(f"No existe un usuario con el correo {by}.")
        if not path.is_file():
            raise CommandError(f"No se encuentra el archivo {file}.")
        size = max(path.stat().st_size, 1)

        def progress(count, bytes_read):
            self.stdout.write(f"  {count:,} filas leídas ({100 * bytes_read // size} %)".replace(",", "."))

        try:
            outcome = services.import_file(path, path.name, by=user, replace=replace, progress=progress)
        except TableError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"El archivo tiene {len(exc.errors)} error(es); no se guardó nada.") from exc
        except BusinessRuleError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"{outcome.rows:,} valor(es) guardado(s) en {len(outcome.installation_ids):,} instalación(es); "
            f"{outcome.flagged:,} marcado(s) para revisión; {outcome.reports_created:,} informe(s) nuevo(s).".replace(
                ",", "."
            )
        )
