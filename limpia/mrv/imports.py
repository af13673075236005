"""Activity data in bulk: a Chilean CSV (`;`, `1.234,5`, `dd-mm-aaaa`, UTF-8 or Latin-1), an XLSX or rows
from the form and the API, all through one pipeline:

1. each row is parsed and checked as it streams from disk (installation in the uploader's scope, known
   variable, a number ≥ 0, a unit convertible to the variable's base unit, a period not in the future) and
   written to a temporary staging table (PostgreSQL COPY; batches on SQLite): memory does not grow with
   the file; on PostgreSQL a clean CSV skips the Python loop: `copying` COPYs its bytes and checks them
   in SQL, with the same Parser for every distinct text;
2. in one transaction, SQL finds rows repeated in the file and periods already reported (refused unless
   the upload says replace), then inserts the reports and the values, flagging values far outside the
   installation's own history; any error saves nothing and reports row, column and reason.
"""

import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import islice

from django.db import DataError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from limpia.core.bulk import analyze, insert_rows
from limpia.core.errors import BusinessRuleError
from limpia.core.scoping import CHANGE, scope
from limpia.core.tabular import RowError, TableError, stream_table
from limpia.mrv import copying, units
from limpia.mrv.choices import Frequency, ReportStatus
from limpia.mrv.models import Measurement, Report, Variable
from limpia.registry.models import Installation

REQUIRED = {"instalacion", "periodo", "variable", "valor", "unidad"}
MAX_ERRORS = 200
JUMP_RATIO = 3  # a value over 3× or under 1/3 of the installation's mean for that variable is flagged
MIN_HISTORY = 3  # … once it has at least three earlier values
BATCH = 50_000  # rows per COPY of the row-by-row path
PROGRESS_EVERY = 50_000  # rows
GROUPED = re.compile(r"\d{1,3}(\.\d{3})+")
STAGE_COLUMNS = ("row_no", "installation_id", "variable_id", "period", "frequency", "year", "value",
                 "entered_value", "entered_unit")  # fmt: skip


@dataclass(frozen=True)
class Row:
    row_no: int
    installation_id: int
    variable_id: int
    period: date
    frequency: str
    value: Decimal
    entered_value: Decimal
    entered_unit: str


@dataclass
class Outcome:
    rows: int = 0
    reports_created: int = 0
    values_replaced: int = 0
    flagged: int = 0
    installation_ids: tuple[int, ...] = ()


def parse_number(text: str) -> Decimal:
    """`1.234,5` (Chile), `1234,5` or `1234.5` → Decimal; ValueError otherwise."""
    text = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in text:
        whole = text.lstrip("-").split(",", 1)[0]
        if "." in whole and not GROUPED.fullmatch(whole):
            raise ValueError(text)  # «1.5,2»: the dots are not thousands groups
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1 or (text.count(".") == 1 and len(text.split(".")[1]) == 3 and text[0] != "0"):
        text = text.replace(".", "")  # 1.234 or 1.234.567: thousands, as Chile writes them
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def parse_period(text: str, today: date) -> tuple[date, str]:
    """`dd-mm-aaaa` or `mm-aaaa` (a month), `aaaa` (a year) → (first day, frequency)."""
    parts = text.strip().replace("/", "-").split("-")
    try:
        if len(parts) == 1:
            period, frequency = date(int(parts[0]), 1, 1), Frequency.YEARLY
        elif len(parts) in (2, 3):
            day = int(parts[0]) if len(parts) == 3 else 1
            date(int(parts[-1]), int(parts[-2]), day)  # a real date
            period, frequency = date(int(parts[-1]), int(parts[-2]), 1), Frequency.MONTHLY
        else:
            raise ValueError(text)
    except ValueError:
        raise ValueError(
            _("«%(value)s» is not a period: write dd-mm-aaaa, mm-aaaa or aaaa") % {"value": text}
        ) from None
    if period > today or period.year < 1990:
        raise ValueError(_("the period %(value)s is in the future or before 1990") % {"value": text})
    return period, frequency


class Parser:
    """Checks rows against the catalogue and the uploader's scope, with every lookup cached."""

    def __init__(self, user, today: date | None = None):
        self.today = today or timezone.localdate()
        self.variables = {v.code.lower(): v for v in Variable.objects.all()}
        self.allowed = set(scope(Installation, user, CHANGE).order_by().values_list("pk", flat=True))
        self.periods: dict[str, tuple[date, str]] = {}
        self.units: dict[tuple[str, str], Decimal] = {}

    def row(self, number: int, cells: dict[str, str]) -> Row:
        """The checked row, or BusinessRuleError naming the column (in `field`)."""
        installation_id = self.installation(cells.get("instalacion", ""))
        variable = self.variable(cells.get("variable", ""))
        period, frequency = self.period(cells.get("periodo", ""))
        entered = self._number(cells.get("valor", ""))
        unit = self.unit(cells.get("unidad", ""), variable)
        value = entered * self.factor(unit, variable)
        return Row(number, installation_id, variable.pk, period, frequency, value, entered, unit)

    def installation(self, text: str) -> int:
        try:
            installation_id = int(text.strip().lstrip("#"))
        except ValueError:
            installation_id = None
        if installation_id not in self.allowed:
            raise BusinessRuleError(
                _("installation «%(value)s» does not exist or is not yours to report") % {"value": text},
                field="instalacion",
            )
        return installation_id

    def variable(self, text: str) -> Variable:
        variable = self.variables.get(text.strip().lower())
        if variable is None:
            raise BusinessRuleError(_("unknown variable; see the catalogue of variables"), field="variable")
        return variable

    def period(self, text: str) -> tuple[date, str]:
        found = self.periods.get(text)
        if found is None:
            try:
                found = self.periods[text] = parse_period(text, self.today)
            except ValueError as exc:
                raise BusinessRuleError(str(exc), field="periodo") from None
        return found

    @staticmethod
    def unit(text: str, variable: Variable) -> str:
        return text.strip() or variable.base_unit

    def _number(self, text: str) -> Decimal:
        try:
            value = parse_number(text)
        except ValueError:
            raise BusinessRuleError(
                _("«%(value)s» is not a number (write it as 1.234,5)") % {"value": text}, field="valor"
            ) from None
        if value < 0:
            raise BusinessRuleError(_("the value cannot be negative"), field="valor")
        return value

    def factor(self, unit: str, variable: Variable) -> Decimal:
        key = (unit, variable.base_unit)
        if key not in self.units:
            try:
                self.units[key] = units.factor(unit, variable.base_unit)
            except BusinessRuleError as exc:
                raise BusinessRuleError(exc.message, field="unidad") from None
        return self.units[key]


# --- Staging ----------------------------------------------------------------------------------------------


class Staging:
    """A temporary table of checked rows in this connection."""

    def __init__(self, select: str = "", params=()):
        """An empty table, or one made of `select` (its columns named and typed as STAGE_COLUMNS)."""
        self.name = f"mrv_stage_{uuid.uuid4().hex[:12]}"
        self.postgres = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            if select:
                cursor.execute(f"CREATE TEMPORARY TABLE {self.name} AS {select}", params)
            else:
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {self.name} (row_no integer, installation_id integer, "
                    "variable_id integer, period date, frequency varchar(10), year integer, value numeric(24, 6), "
                    "entered_value numeric(24, 6), entered_unit varchar(30))"
                )

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {self.name}")
            return cursor.fetchone()[0]

    def write(self, rows: Iterable[Row]) -> int:
        if self.postgres:
            return self._copy(rows)
        return insert_rows(self.name, list(STAGE_COLUMNS), (_values(row) for row in rows))

    def _copy(self, rows) -> int:
        """One COPY per BATCH rows: the rows are read (and the progress written) between them, never while a
        COPY holds the connection."""
        rows, count = iter(rows), 0
        while batch := list(islice(rows, BATCH)):
            with connection.cursor() as cursor, cursor.copy(f"COPY {self.name} FROM STDIN") as copy:
                copy.write("".join(_copy_line(row) for row in batch))
            count += len(batch)
        return count

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.name}")


def _copy_line(row: Row) -> str:
    unit = row.entered_unit.replace("\\", "\\\\").replace("\t", " ")
    return (f"{row.row_no}\t{row.installation_id}\t{row.variable_id}\t{row.period.isoformat()}\t{row.frequency}\t"
            f"{row.period.year}\t{row.value}\t{row.entered_value}\t{unit}\n")  # fmt: skip


def _values(row: Row) -> tuple:
    return (row.row_no, row.installation_id, row.variable_id, row.period, row.frequency, row.period.year,
            row.value, row.entered_value, row.entered_unit)  # fmt: skip


# --- The pipeline -----------------------------------------------------------------------------------------


def load(rows: Iterable[tuple[int, dict[str, str]]], user, *, replace: bool = False,
         progress: Callable[[int], None] | None = None) -> Outcome:  # fmt: skip
    """Check and save rows ((row number, {column: text})); all or nothing (TableError with every problem)."""
    parser, errors, count = Parser(user), [], 0

    def checked():
        nonlocal count
        for number, cells in rows:
            count += 1
            if progress and count % PROGRESS_EVERY == 0:
                progress(count)
            try:
                row = parser.row(number, cells)
            except BusinessRuleError as exc:
                errors.append(RowError(number, exc.field or "", exc.message))
                continue
            if not errors:
                yield row

    staging = Staging()
    try:
        staging.write(checked())
        if errors:
            raise TableError(errors[:MAX_ERRORS] + _more(errors))
    except BaseException:
        staging.drop()
        raise
    return _saved(staging, count, user, replace)


def load_file(path, filename: str, user, *, replace: bool = False,
              progress: Callable[[int, int], None] | None = None) -> Outcome:  # fmt: skip
    """A CSV or XLSX on disk, streamed (memory does not grow with the file); progress(rows, bytes read).
    A clean CSV on PostgreSQL takes the COPY path (`copying`); anything else, or any row with a problem,
    goes row by row through `load`, which also writes the per-row report."""
    if copying.applies(filename):
        with copying.RawCsv(path, REQUIRED, progress) as raw:
            staged = _staged_by_sql(raw, user) if raw.copied else None
        if staged is not None:
            return _saved(*staged, user, replace)
    stream = stream_table(path, filename, required=REQUIRED)
    rows = ((n, dict(zip(stream.columns, (v.strip() for v in values), strict=False))) for n, values in stream.rows)
    report = (lambda count: progress(count, stream.bytes_read)) if progress else None
    return load(rows, user, replace=replace, progress=report)


def _staged_by_sql(raw, user) -> tuple[Staging, int] | None:
    selected = raw.select(Parser(user))
    try:
        with transaction.atomic():
            staging = Staging(selected.sql)
    except DataError:  # a number too large for the column: the row-by-row path says which row
        return None
    finally:
        selected.maps.drop()
    count = staging.count()
    if count == raw.records():
        return staging, count
    staging.drop()
    return None


def _saved(staging: Staging, count: int, user, replace: bool) -> Outcome:
    try:
        with transaction.atomic():
            return _save(staging, user, replace, count)
    finally:
        staging.drop()


def _more(errors: list) -> list[RowError]:
    hidden = len(errors) - MAX_ERRORS
    if hidden <= 0:
        return []
    return [RowError(0, "", _("… and %(count)s more rows with errors") % {"count": hidden})]


def _tables() -> dict[str, str]:
    return {"report": Report._meta.db_table, "measurement": Measurement._meta.db_table,
            "history": Report.history.model._meta.db_table}  # fmt: skip


def _save(staging: Staging, user, replace: bool, count: int) -> Outcome:
    s, t = staging.name, _tables()
    analyze(s)  # the joins that follow depend on the staged row count
    _refuse_repeats(s)
    if not replace:
        _refuse_reported(s, t)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {t['report']} (installation_id, period, year, frequency, status, reported_by_id, "
            f"reported_at, reason) SELECT DISTINCT s.installation_id, s.period, s.year, s.frequency, %s, %s, %s, '' "
            f"FROM {s} s WHERE NOT EXISTS (SELECT 1 FROM {t['report']} r WHERE r.installation_id = s.installation_id "
            f"AND r.period = s.period AND r.frequency = s.frequency)",
            [ReportStatus.REPORTED, user.pk, now],
        )
        created = cursor.rowcount
        touched = _touched(cursor, s, t)
        replaced = _delete_replaced(cursor, s, t, touched) if replace else 0
        _reopen(cursor, t, touched, user, now)
        _record_history(cursor, t, touched, user, now)
        history = _history(cursor, s, t)
        cursor.execute(_insert_measurements(s, t, touched, history), [MIN_HISTORY, JUMP_RATIO, JUMP_RATIO])
        cursor.execute(f"SELECT COUNT(*) FROM {s} s JOIN {history} h ON {_SAME_SERIES} WHERE {_JUMP}",
                       [MIN_HISTORY, JUMP_RATIO, JUMP_RATIO])  # fmt: skip
        flagged = cursor.fetchone()[0]
        cursor.execute(f"SELECT DISTINCT installation_id FROM {s}")
        ids = tuple(r[0] for r in cursor.fetchall())
        for table in (touched, history):
            cursor.execute(f"DROP TABLE {table}")
    return Outcome(count, created, replaced, flagged, ids)


def _refuse_repeats(s: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MIN(row_no), MAX(row_no), COUNT(*) FROM {s} GROUP BY installation_id, variable_id, period, "
            f"frequency HAVING COUNT(*) > 1 ORDER BY 1 LIMIT {MAX_ERRORS}"
        )
        repeats = cursor.fetchall()
    if repeats:
        raise TableError([
            RowError(last, "periodo", _("the same installation, variable and period are already in row %(row)s")
                     % {"row": first}) for first, last, _n in repeats
        ])  # fmt: skip


def _refuse_reported(s: str, t: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.row_no FROM {s} s JOIN {t['report']} r ON r.installation_id = s.installation_id "
            f"AND r.period = s.period AND r.frequency = s.frequency JOIN {t['measurement']} m ON m.report_id = r.id "
            f"AND m.variable_id = s.variable_id ORDER BY s.row_no LIMIT {MAX_ERRORS}"
        )
        rows = [r[0] for r in cursor.fetchall()]
    if rows:
        message = _("this period was already reported for this variable; upload again with «replace» to replace it")
        raise TableError([RowError(row, "periodo", message) for row in rows])


def _touched(cursor, s: str, t: dict) -> str:
    """A temporary table of the ids of every report the upload writes to (one row each)."""
    return _temporary(cursor, f"{s}_reports", (
        f"SELECT r.id, r.installation_id, r.period, r.frequency FROM {t['report']} r "
        f"JOIN (SELECT DISTINCT installation_id, period, frequency FROM {s}) s "
        f"ON r.installation_id = s.installation_id AND r.period = s.period AND r.frequency = s.frequency"
    ))  # fmt: skip


def _history(cursor, s: str, t: dict) -> str:
    """A temporary table of each series' mean and count before the upload (installation, variable, frequency)."""
    return _temporary(cursor, f"{s}_history", (
        f"SELECT r.installation_id, m.variable_id, r.frequency, AVG(m.value) AS mean, COUNT(*) AS n "
        f"FROM {t['measurement']} m JOIN {t['report']} r ON r.id = m.report_id "
        f"WHERE r.installation_id IN (SELECT DISTINCT installation_id FROM {s}) "
        f"AND m.variable_id IN (SELECT DISTINCT variable_id FROM {s}) "
        f"GROUP BY r.installation_id, m.variable_id, r.frequency"
    ))  # fmt: skip


def _temporary(cursor, name: str, select: str) -> str:
    cursor.execute(f"CREATE TEMPORARY TABLE {name} AS {select}")
    analyze(name)
    return name


def _delete_replaced(cursor, s: str, t: dict, touched: str) -> int:
    cursor.execute(
        f"DELETE FROM {t['measurement']} WHERE id IN (SELECT m.id FROM {t['measurement']} m "
        f"JOIN {touched} r ON r.id = m.report_id JOIN {s} s ON r.installation_id = s.installation_id "
        f"AND r.period = s.period AND r.frequency = s.frequency AND m.variable_id = s.variable_id)"
    )
    return cursor.rowcount


def _reopen(cursor, t: dict, touched: str, user, now) -> None:
    """Every report the upload touches is «reported» again: its verification starts over."""
    cursor.execute(
        f"UPDATE {t['report']} SET status = %s, reported_by_id = %s, reported_at = %s, verified_by_id = NULL, "
        f"verified_at = NULL, decided_by_id = NULL, decided_at = NULL, reason = '' "
        f"WHERE id IN (SELECT id FROM {touched})",
        [ReportStatus.REPORTED, user.pk, now],
    )


def _record_history(cursor, t: dict, touched: str, user, now) -> None:
    """One history entry per report touched by the upload (who, when, why)."""
    cols = ("id", "installation_id", "period", "year", "frequency", "status", "reported_by_id", "reported_at",
            "verified_by_id", "verified_at", "decided_by_id", "decided_at", "reason")  # fmt: skip
    cursor.execute(
        f"INSERT INTO {t['history']} ({', '.join(cols)}, history_date, history_change_reason, history_event, "
        f"history_type, history_user_id) SELECT {', '.join('r.' + c for c in cols)}, %s, '', %s, '~', %s "
        f"FROM {t['report']} r WHERE r.id IN (SELECT id FROM {touched})",
        [now, "report.uploaded", user.pk],  # the event's label is translated when the history is shown
    )


_SAME_SERIES = "h.installation_id = s.installation_id AND h.variable_id = s.variable_id AND h.frequency = s.frequency"
_JUMP = "h.n >= %s AND (s.value > h.mean * %s OR s.value * %s < h.mean)"


def _insert_measurements(s: str, t: dict, touched: str, history: str) -> str:
    """Values into their reports; flagged when far from the installation's own mean for the variable."""
    return (
        f"INSERT INTO {t['measurement']} (report_id, variable_id, value, entered_value, entered_unit, flagged, "
        f"history_mean) SELECT r.id, s.variable_id, s.value, s.entered_value, s.entered_unit, "
        f"CASE WHEN {_JUMP} THEN TRUE ELSE FALSE END, h.mean FROM {s} s JOIN {touched} r "
        f"ON r.installation_id = s.installation_id AND r.period = s.period AND r.frequency = s.frequency "
        f"LEFT JOIN {history} h ON {_SAME_SERIES}"
    )
