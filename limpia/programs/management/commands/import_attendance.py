from django.core.management.base import BaseCommand, CommandError

from limpia.core.commands import acting_user, readable_file, reported_errors
from limpia.programs.imports import import_attendance
from limpia.programs.models import Activity


class Command(BaseCommand):
    help = "Import the attendance of an activity from a CSV or XLSX (rut, nombre, tipo, correo): all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("activity", type=int, help="number (id) of the activity")
        parser.add_argument("file", help="path of the .csv or .xlsx file")
        parser.add_argument("--by", required=True, help="e-mail of the user who records it (their scope applies)")

    def handle(self, *args, activity, file, by, **options):
        user, path = acting_user(by), readable_file(file)
        item = Activity.objects.filter(pk=activity).first()
        if item is None:
            raise CommandError(f"No existe la actividad {activity}.")
        with reported_errors(self):
            count = import_attendance(item, path.read_bytes(), path.name, by=user)
        self.stdout.write(f"{count} participante(s) registrado(s) en «{item}».")
