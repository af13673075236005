from django.core.management.base import BaseCommand

from limpia.core.commands import acting_user, readable_file, reported_errors
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
        user, path = acting_user(by), readable_file(file)
        size = max(path.stat().st_size, 1)

        def progress(count, bytes_read):
            self.stdout.write(f"  {count:,} filas leídas ({100 * bytes_read // size} %)".replace(",", "."))

        with reported_errors(self):
            outcome = services.import_file(path, path.name, by=user, replace=replace, progress=progress)
        self.stdout.write(
            f"{outcome.rows:,} valor(es) guardado(s) en {len(outcome.installation_ids):,} instalación(es); "
            f"{outcome.flagged:,} marcado(s) para revisión; {outcome.reports_created:,} informe(s) nuevo(s).".replace(
                ",", "."
            )
        )
