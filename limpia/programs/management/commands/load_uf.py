from django.core.management.base import BaseCommand

from limpia.core.commands import readable_file, reported_errors
from limpia.core.forms import parse_date
from limpia.core.numbers import parse_decimal_cl
from limpia.core.tabular import RowError, TableError, read_table
from limpia.programs import services


def read_uf(data: bytes, name: str) -> list:
    """(day, value) of a table with the columns fecha and valor (dd-mm-aaaa; 37.123,45); every row checked."""
    table = read_table(data, name, required={"fecha", "valor"})
    values, errors = [], []
    for number, row in table.rows:
        day = parse_date(row["fecha"])
        try:
            value = parse_decimal_cl(row["valor"])
        except (ValueError, ArithmeticError):
            value = None
        if day is None:
            errors.append(RowError(number, "fecha", "escriba la fecha como dd-mm-aaaa"))
        if value is None or value <= 0:
            errors.append(RowError(number, "valor", "escriba un valor en pesos mayor que cero, como 37.123,45"))
        if day is not None and value is not None and value > 0:
            values.append((day, value))
    if errors:
        raise TableError(errors)
    return values


class Command(BaseCommand):
    help = "Load UF values by date from a CSV or XLSX with the columns fecha and valor (as the SII publishes them)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the .csv or .xlsx file")

    def handle(self, *args, file, **options):
        path = readable_file(file)
        with reported_errors(self):
            values = read_uf(path.read_bytes(), path.name)
        new, changed = services.load_uf(values)
        self.stdout.write(f"{new} valor(es) UF nuevo(s), {changed} corregido(s).")
