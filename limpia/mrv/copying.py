"""The fast path of a CSV upload on PostgreSQL: the file's bytes go straight into a temporary table by COPY,
and one SQL statement checks and converts every row into the staging table of `imports`.

Only what is per row in SQL is the number (`1.234,5`); everything with few distinct values (installation,
variable, unit, period) is checked once per distinct text by the same `imports.Parser` as the row-by-row
path, so both accept exactly the same rows. `imports.load_file` sends a file this path cannot take whole (an
irregular CSV, or any row with a problem) through the row-by-row path, which writes the per-row report.
"""

import csv
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from django.db import DataError, connection, transaction

from limpia.core.bulk import analyze, insert_rows
from limpia.core.errors import BusinessRuleError
from limpia.core.tabular import check_csv_file, check_header, csv_delimiter, detect_encoding

CHUNK = 1 << 20
ENCODINGS = {"utf-8": "UTF8", "utf-8-sig": "UTF8", "latin-1": "LATIN1"}
# Chilean, plain and dotted numbers, with the meaning imports.parse_number gives them; anything else → None.
NUMBER = r"""CASE
    WHEN {x} ~ '^[0-9]+(,[0-9]+)?$' THEN replace({x}, ',', '.')::numeric
    WHEN {x} ~ '^[0-9]{{1,3}}(\.[0-9]{{3}})+(,[0-9]+)?$' THEN replace(replace({x}, '.', ''), ',', '.')::numeric
    WHEN {x} ~ '^[1-9][0-9]*\.[0-9]{{3}}$' THEN replace({x}, '.', '')::numeric
    WHEN {x} ~ '^[0-9]+\.[0-9]+$' THEN {x}::numeric
END"""


def applies(filename: str) -> bool:
    return connection.vendor == "postgresql" and filename.lower().endswith((".csv", ".txt"))


class RawCsv:
    """The file's cells as text in a temporary table, one column per header column, with each record's row
    number in the file. `copied` is False when PostgreSQL's CSV reader refuses the file (ragged rows, stray
    quotes, a byte the encoding does not have). Header problems raise TableError, as on the other path."""

    def __init__(self, path, required: set[str], progress: Callable[[int, int], None] | None = None):
        self.path, self.required, self.progress = path, required, progress
        self.name = f"mrv_raw_{uuid.uuid4().hex[:12]}"

    def __enter__(self):
        check_csv_file(self.path)  # a line too long or too many lines is refused before PostgreSQL reads it
        encoding = detect_encoding(self.path)
        with open(self.path, "rb") as handle:
            first = handle.readline()
            header_line = first.decode(encoding)
            delimiter = csv_delimiter(header_line)
            columns = check_header(next(csv.reader([header_line], delimiter=delimiter), []), self.required, set())
            self.columns = {name: f"c{n}" for n, name in enumerate(columns)}
            self._create()
            try:
                self.copied = self._copy(handle, ENCODINGS[encoding], delimiter, len(first))
            except BaseException:
                self.__exit__()
                raise
        return self

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.name}")

    def _create(self) -> None:
        cells = ", ".join(f"{c} text" for c in self.columns.values())
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE {self.name} (row_no integer GENERATED ALWAYS AS IDENTITY "
                           f"(START WITH 2), {cells})")  # fmt: skip

    def _copy(self, handle, encoding: str, delimiter: str, done: int) -> bool:
        """One COPY per block of whole lines, the progress reported between them (a COPY holds the
        connection, and the progress is written to the database)."""
        names = ", ".join(self.columns.values())
        sql = f"COPY {self.name} ({names}) FROM STDIN (FORMAT csv, DELIMITER '{delimiter}', ENCODING '{encoding}')"
        lines = 0
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                for block in _blocks(handle):
                    with cursor.copy(sql) as copy:
                        copy.write(block)
                    done, lines = done + len(block), lines + block.count(b"\n")
                    if self.progress:
                        self.progress(lines, done)
        except (DataError, psycopg.DataError):
            return False
        return True

    def select(self, parser) -> "Selected":
        """A SELECT of every row checked and converted to the staging columns; rows with any problem drop out."""
        maps = _Maps(self, parser)
        text = {k: f"coalesce(w.{c}, '')" for k, c in self.columns.items()}
        number = NUMBER.format(x=f"btrim({text['valor']})")
        sql = (
            f"SELECT w.row_no, i.id AS installation_id, v.variable_id, p.period, p.frequency::varchar(10), "
            f"p.year, (n.entered * v.factor)::numeric(24, 6) AS value, n.entered::numeric(24, 6) "
            f"AS entered_value, v.unit::varchar(30) AS entered_unit "
            f"FROM {self.name} w CROSS JOIN LATERAL (SELECT {number} AS entered) n "
            f"JOIN {maps.installations} i ON i.text = {text['instalacion']} "
            f"JOIN {maps.series} v ON v.variable = {text['variable']} AND v.unit_text = {text['unidad']} "
            f"JOIN {maps.periods} p ON p.text = {text['periodo']} WHERE n.entered IS NOT NULL"
        )
        return Selected(sql, maps)

    def records(self) -> int:
        """Records with at least one cell written (blank rows like «;;;;» are skipped, as on the other path)."""
        written = " OR ".join(f"coalesce({c}, '') <> ''" for c in self.columns.values())
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {self.name} WHERE {written}")
            return cursor.fetchone()[0]

    def distinct(self, *names: str) -> list[tuple[str, ...]]:
        cells = ", ".join(f"coalesce({self.columns[n]}, '')" for n in names)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT {cells} FROM {self.name}")
            return cursor.fetchall()


@dataclass
class Selected:
    sql: str
    maps: "_Maps"


def _blocks(handle):
    """The rest of the file in blocks of about CHUNK bytes, each ending at the end of a line."""
    carry = b""
    while chunk := handle.read(CHUNK):
        block = carry + chunk
        cut = block.rfind(b"\n") + 1
        if cut:
            yield block[:cut]
        carry = block[cut:]
    if carry:
        yield carry


class _Maps:
    """Each distinct text of the file checked once by the parser: temporary tables of the accepted ones."""

    def __init__(self, raw: RawCsv, parser):
        prefix = raw.name
        self.installations = _table(f"{prefix}_i", "text text, id integer",
                                    _accepted(parser.installation, raw.distinct("instalacion")))  # fmt: skip
        self.periods = _table(f"{prefix}_p", "text text, period date, frequency text, year integer",
                              _accepted(_period(parser), raw.distinct("periodo")))  # fmt: skip
        series = _accepted(_series(parser), raw.distinct("variable", "unidad"))
        self.series = _table(f"{prefix}_v", "variable text, unit_text text, variable_id integer, unit text, "
                             "factor numeric", series)  # fmt: skip

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {self.installations}, {self.periods}, {self.series}")


def _table(name: str, columns: str, rows) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {name} ({columns})")
        insert_rows(name, [c.split()[0] for c in columns.split(", ")], rows)
    analyze(name)
    return name


def _accepted(check, texts):
    """(texts…, result…) for every distinct text the parser accepts."""
    for key in texts:
        try:
            result = check(*key)
        except BusinessRuleError:
            continue
        yield (*key, *(result if isinstance(result, tuple) else (result,)))


def _period(parser):
    def check(text):
        period, frequency = parser.period(text)
        return period, frequency, period.year

    return check


def _series(parser):
    def check(variable_text, unit_text):
        variable = parser.variable(variable_text)
        unit = parser.unit(unit_text, variable)
        return variable.pk, unit, parser.factor(unit, variable)

    return check
