"""Reading uploaded CSV and XLSX tables row by row, with errors a person can act on.

Nothing here writes: importers validate every row first and save only when the whole
file is clean (see the `imports` modules of each app).
"""

import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    """One problem in an uploaded table: row (1 = header), column and reason."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("row %(row)s") % {"row": self.row}
        if self.column:
            where += ", " + _("column «%(column)s»") % {"column": self.column}
        return f"{where}: {self.message}"


class TableError(Exception):
    """The table cannot be imported; `errors` says where and why."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


def row_errors(number: int, exc) -> list[RowError]:
    """A pydantic ValidationError of row `number` as one RowError per field."""
    return [
        RowError(number, str(e["loc"][0]) if e["loc"] else "", e["msg"].removeprefix("Value error, "))
        for e in exc.errors()
    ]


def normalize_header(name: str) -> str:
    """'Razón social ' -> 'razon_social'."""
    text = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode()
    return "_".join(text.strip().lower().replace("-", " ").split())


@dataclass(frozen=True)
class Table:
    """Header-checked rows: (row number in the file, {column: text})."""

    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]


def check_header(header: list[str], required: set[str], optional: set[str]) -> list[str]:
    """The normalized column names, or TableError naming each missing or unknown column (row 1)."""
    columns = [normalize_header(h) for h in header]
    errors = [RowError(1, c, _("missing required column")) for c in sorted(required - set(columns))] + [
        RowError(
            1,
            c,
            _("unknown column; the allowed columns are: %(cols)s") % {"cols": ", ".join(sorted(required | optional))},
        )
        for c in columns
        if c and c not in required | optional
    ]
    if errors:
        raise TableError(errors)
    return columns


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise TableError(
            [
                RowError(
                    row,
                    "",
                    _(
                        "the file is not UTF-8 text (byte %(byte)s cannot be read). Save it from Excel as "
                        "«CSV UTF-8 (delimitado por comas)» and upload it again."
                    )
                    % {"byte": hex(data[exc.start])},
                )
            ]
        ) from exc


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    text = _decode(data)
    delimiter = csv_delimiter(text.split("\n", 1)[0])
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "strftime"):
        return value.strftime("%d-%m-%Y")
    return str(value).strip()


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:
        raise TableError([RowError(1, "", _("the file is not a readable XLSX workbook"))]) from exc
    sheet = book.worksheets[0]
    header: list[str] | None = None
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        formulas = [c for c in cells if getattr(c, "data_type", None) == "f"]
        if formulas:
            column = header[formulas[0].column - 1] if header else ""
            raise TableError(
                [
                    RowError(
                        number,
                        column,
                        _("the cell %(cell)s holds a formula (%(formula)s); paste the values instead of formulas")
                        % {"cell": formulas[0].coordinate, "formula": formulas[0].value},
                    )
                ]
            )
        values = [_cell_text(c.value) for c in cells]
        header = header or values
        yield values


def read_table(data: bytes, filename: str, *, required: set[str], optional: set[str] = frozenset()) -> Table:
    """Parse a CSV (`,` or `;`) or XLSX upload into rows keyed by normalized column names."""
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        source = _xlsx_rows(data)
    elif lower.endswith((".csv", ".txt")):
        source = _csv_rows(data)
    else:
        raise TableError([RowError(0, "", _("unsupported file type; upload a .csv or .xlsx file"))])
    header = next(source, None)
    if not header:
        raise TableError([RowError(1, "", _("the file is empty"))])
    columns = check_header(header, required, set(optional))
    rows = []
    for number, values in enumerate(source, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(columns):
            raise TableError([RowError(number, "", _("the row has more cells than the header has columns"))])
        rows.append((number, {c: (values[i].strip() if i < len(values) else "") for i, c in enumerate(columns) if c}))
    return Table(columns=columns, rows=rows)


# --- Streaming: large files read row by row from disk (memory does not grow with the file) ----------------

BOM = b"\xef\xbb\xbf"
CHUNK = 1 << 20


def detect_encoding(path) -> str:
    """UTF-8 (with or without BOM) when every byte decodes as UTF-8, else Latin-1 (Excel's «CSV» in Chile)."""
    import codecs

    with open(path, "rb") as handle:
        if handle.read(3) == BOM:
            return "utf-8-sig"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            for chunk in iter(lambda: handle.read(CHUNK), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "latin-1"
    return "utf-8"


class _Counting(io.RawIOBase):
    """A binary file that counts the bytes read (progress of a streamed import)."""

    def __init__(self, handle):
        self.handle, self.read_bytes = handle, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        n = self.handle.readinto(buffer)
        self.read_bytes += n or 0
        return n


@dataclass
class Stream:
    """Header-checked rows of a file on disk, read lazily; `bytes_read` tells how far it got."""

    columns: list[str]
    rows: Iterator[tuple[int, list[str]]]
    size: int
    counter: object = None

    @property
    def bytes_read(self) -> int:
        return self.counter.read_bytes if self.counter else self.size


def stream_table(path, filename: str, *, required: set[str], optional: set[str] = frozenset()) -> Stream:
    """Like `read_table`, from a path and without loading the file: CSV (`;` or `,`, UTF-8 or Latin-1) or XLSX."""
    import os

    size = os.path.getsize(path)
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        source, counter = _xlsx_stream(path), None
    elif lower.endswith((".csv", ".txt")):
        counter = _Counting(open(path, "rb"))  # noqa: SIM115 (closed when the rows are exhausted)
        source = _csv_stream(counter, detect_encoding(path))
    else:
        raise TableError([RowError(0, "", _("unsupported file type; upload a .csv or .xlsx file"))])
    header = next(source, None)
    if not header:
        raise TableError([RowError(1, "", _("the file is empty"))])
    columns = check_header(header, required, set(optional))
    return Stream(columns, _numbered(source), size, counter)


def _numbered(source) -> Iterator[tuple[int, list[str]]]:
    for number, values in enumerate(source, start=2):
        if any(values):
            yield number, values


def _csv_stream(counter, encoding: str) -> Iterator[list[str]]:
    with io.TextIOWrapper(io.BufferedReader(counter, CHUNK), encoding=encoding, newline="") as text:
        first = text.readline()
        delimiter = csv_delimiter(first)
        yield next(csv.reader([first], delimiter=delimiter), [])
        yield from csv.reader(text, delimiter=delimiter)


def csv_delimiter(header_line: str) -> str:
    """`;` (Excel in Chile) unless the header has more commas."""
    return ";" if header_line.count(";") >= header_line.count(",") else ","


def _xlsx_stream(path) -> Iterator[list[str]]:
    with open(path, "rb") as handle:
        yield from _xlsx_rows(handle.read())
