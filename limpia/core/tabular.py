"""Reading uploaded CSV and XLSX tables row by row, with errors a person can act on.

Nothing here writes: importers validate every row first and save only when the whole
file is clean (see the `imports` modules of each app).

A file may not hold more than the `IMPORT_MAX_*` settings allow (`Limits`): an XLSX is opened as a zip and
its parts' sizes and compression ratios checked before any XML is parsed (a shared-strings bomb never
reaches the parser), a CSV's lines are measured before it is parsed, and rows, columns and cell lengths are
checked while reading. Errors quote at most an excerpt of an offending value, and a TableError keeps at
most MAX_ERRORS of them: what is stored or shown stays small whatever the file holds.
"""

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

EXCERPT_CHARS = 80
MAX_MESSAGE_CHARS = 600  # a message quotes excerpts, never a whole cell
MAX_ERRORS = 500  # errors kept (stored, shown) of one file, as many as the error table shows; the rest counted
MAX_ZIP_MEMBERS = 1_000
RATIO_FROM_BYTES = 1 << 20  # small parts (styles, themes) may compress very well; only larger ones are bombs


@dataclass(frozen=True)
class Limits:
    """What one uploaded table may hold (settings `IMPORT_MAX_*`)."""

    uncompressed_bytes: int
    xml_part_bytes: int
    compression_ratio: int
    rows: int
    columns: int
    cell_chars: int

    @classmethod
    def current(cls) -> "Limits":
        return cls(
            uncompressed_bytes=settings.IMPORT_MAX_UNCOMPRESSED_BYTES,
            xml_part_bytes=settings.IMPORT_MAX_XML_PART_BYTES,
            compression_ratio=settings.IMPORT_MAX_COMPRESSION_RATIO,
            rows=settings.IMPORT_MAX_ROWS,
            columns=settings.IMPORT_MAX_COLUMNS,
            cell_chars=settings.IMPORT_MAX_CELL_CHARS,
        )

    @property
    def line_bytes(self) -> int:
        """The longest CSV line a table within the limits can have (4 bytes a character in UTF-8, quotes)."""
        return self.columns * (4 * self.cell_chars + 3)


def excerpt(value, limit: int = EXCERPT_CHARS) -> str:
    """The first `limit` characters of a text, with «…» when there was more."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _refused(row: int, message: str, column: str = "") -> "TableError":
    return TableError([RowError(row, column, message)])


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def _megabytes(size: int) -> str:
    """12 MB, or 0,2 MB below 10 MB."""
    megabytes = size / (1024 * 1024)
    return _number(round(megabytes)) if megabytes >= 10 else number_format(round(megabytes, 1), decimal_pos=1)


def too_large(size: int) -> str | None:
    """Why an upload of `size` bytes is refused before it is read (setting IMPORT_MAX_BYTES); None if it is not."""
    limit = settings.IMPORT_MAX_BYTES
    if size <= limit:
        return None
    sizes = {"size": _megabytes(size), "limit": _megabytes(limit)}
    return _("The file is %(size)s MB; the limit is %(limit)s MB.") % sizes


def upload_bytes(upload) -> bytes:
    """The content of an uploaded table, refused before it is read into memory when it is too large."""
    message = too_large(upload.size)
    if message:
        raise _refused(0, message)
    return upload.read()


@dataclass(frozen=True)
class RowError:
    """One problem in an uploaded table: row (1 = header), column and reason."""

    row: int
    column: str
    message: str

    def __post_init__(self):
        # A column name or a message may quote a cell of any length: what is kept is bounded.
        object.__setattr__(self, "column", excerpt(self.column))
        object.__setattr__(self, "message", excerpt(self.message, MAX_MESSAGE_CHARS))

    def __str__(self) -> str:
        where = _("row %(row)s") % {"row": self.row}
        if self.column:
            where += ", " + _("column «%(column)s»") % {"column": self.column}
        return f"{where}: {self.message}"


class TableError(Exception):
    """The table cannot be imported; `errors` says where and why."""

    def __init__(self, errors: list[RowError]):
        errors = list(errors)
        if len(errors) > MAX_ERRORS:  # the first ones, and a last line counting the others
            more = _("… and %(count)s more errors") % {"count": _number(len(errors) - MAX_ERRORS + 1)}
            errors = [*errors[: MAX_ERRORS - 1], RowError(0, "", more)]
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


def row_errors(number: int, exc) -> list[RowError]:
    """A pydantic ValidationError of row `number` as one RowError per field."""
    from limpia.core.inputs import pydantic_message

    return [RowError(number, str(e["loc"][0]) if e["loc"] else "", pydantic_message(e)) for e in exc.errors()]


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


def _csv_rows(data: bytes, limits: Limits) -> Iterator[list[str]]:
    check_lines((data[i : i + CHUNK] for i in range(0, len(data), CHUNK)), limits)
    text = _decode(data)
    delimiter = csv_delimiter(text.split("\n", 1)[0])
    yield from _csv_records(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _csv_records(reader) -> Iterator[list[str]]:
    """The records of a csv.reader; a record it cannot read is a TableError naming its line, not a crash."""
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                reason = _("a cell has more than %(max)s characters") % {"max": _number(csv.field_size_limit())}
            else:
                reason = _("the file cannot be read as CSV (%(reason)s)") % {"reason": exc}
            raise TableError([RowError(reader.line_num, "", reason)]) from exc
        yield record


def check_lines(chunks: Iterable[bytes], limits: Limits) -> None:
    """Refuse, before parsing, a CSV with a line longer than a table within the limits can have, or with
    more lines than the rows allowed (a header and `limits.rows` rows)."""
    line, length, longest = 1, 0, limits.line_bytes
    for chunk in chunks:
        lengths = [len(part) for part in chunk.split(b"\n")]
        lengths[0] += length  # the line the previous chunk left open
        if max(lengths) > longest:
            number = line + next(i for i, n in enumerate(lengths) if n > longest)
            message = _("the line is longer than %(max)s bytes, more than %(columns)s cells of %(chars)s characters "
                        "can take")  # fmt: skip
            sizes = {"max": _number(longest), "columns": _number(limits.columns), "chars": _number(limits.cell_chars)}
            raise _refused(number, message % sizes)
        line, length = line + len(lengths) - 1, lengths[-1]
        if line - (length == 0) > limits.rows + 1:
            raise TableError([_too_many_rows(limits)])


def check_csv_file(path, limits: Limits | None = None) -> None:
    """`check_lines` of a CSV on disk, read in blocks (memory does not grow with the file)."""
    with open(path, "rb") as handle:
        check_lines(iter(lambda: handle.read(CHUNK), b""), limits or Limits.current())


def _too_many_rows(limits: Limits) -> RowError:
    message = _("the file has more than %(max)s rows of data, the maximum; split it into smaller files")
    return RowError(0, "", message % {"max": _number(limits.rows)})


def _limited(source: Iterator[list[str]], limits: Limits) -> Iterator[list[str]]:
    """The rows of `source` (the header first), stopped with a TableError at the first one over the limits."""
    names: list[str] = []
    for number, values in enumerate(source, start=1):
        if number > limits.rows + 1:
            raise TableError([_too_many_rows(limits)])
        width = len(values)
        while width > limits.columns and not values[width - 1]:
            width -= 1  # trailing empty cells (a CSV line ending in «;;;;») are no columns
        if width > limits.columns:
            message = _("the row has %(count)s cells; the maximum is %(max)s columns")
            raise _refused(number, message % {"count": _number(width), "max": _number(limits.columns)})
        if values and max(map(len, values)) > limits.cell_chars:
            raise TableError([_long_cell(number, values, names, limits)])
        names = names or [normalize_header(v) for v in values]
        yield values


def _long_cell(number: int, values: list[str], names: list[str], limits: Limits) -> RowError:
    index = next(i for i, v in enumerate(values) if len(v) > limits.cell_chars)
    return RowError(
        number,
        names[index] if index < len(names) else "",
        _("the text has %(length)s characters; the maximum is %(max)s: «%(start)s»")
        % {"length": _number(len(values[index])), "max": _number(limits.cell_chars), "start": excerpt(values[index])},
    )


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "strftime"):
        return value.strftime("%d-%m-%Y")
    return str(value).strip()


def _unreadable() -> TableError:
    return TableError([RowError(1, "", _("the file is not a readable XLSX workbook"))])


def check_xlsx(source, limits: Limits) -> None:
    """Refuse, before any XML is parsed, a workbook whose parts decompress to more than the limits allow
    or much more than their size (a zip bomb). The sizes are the zip's own: `zipfile` never inflates a part
    past its declared size (a part that lies fails its CRC check and the file is unreadable)."""
    try:
        with zipfile.ZipFile(source) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _unreadable() from exc
    if len(parts) > MAX_ZIP_MEMBERS:
        raise _unreadable()
    total = sum(p.file_size for p in parts)
    if total > limits.uncompressed_bytes:
        message = _("the workbook decompresses to %(size)s MB; the maximum is %(max)s MB. Split it into smaller "
                    "files or save it as CSV")  # fmt: skip
        raise _refused(0, message % {"size": _megabytes(total), "max": _megabytes(limits.uncompressed_bytes)})
    for part in parts:
        _check_part(part, limits)


def _check_part(part: zipfile.ZipInfo, limits: Limits) -> None:
    ratio = part.file_size // max(part.compress_size, 1)
    if part.file_size > RATIO_FROM_BYTES and ratio > limits.compression_ratio:
        message = _("the part «%(part)s» of the workbook decompresses to %(ratio)s times its size; the maximum is "
                    "%(max)s. The file looks like a decompression bomb, not a spreadsheet")  # fmt: skip
        raise _refused(0, message % {"part": excerpt(part.filename), "ratio": _number(ratio),
                                     "max": _number(limits.compression_ratio)})  # fmt: skip
    if not part.filename.startswith("xl/worksheets/") and part.file_size > limits.xml_part_bytes:
        message = _("the part «%(part)s» of the workbook decompresses to %(size)s MB; the maximum is %(max)s MB")
        raise _refused(0, message % {"part": excerpt(part.filename), "size": _megabytes(part.file_size),
                                     "max": _megabytes(limits.xml_part_bytes)})  # fmt: skip


def _xlsx_rows(source, limits: Limits) -> Iterator[list[str]]:
    """The first sheet's rows as texts; `source` is a path or a binary file."""
    from openpyxl import load_workbook

    check_xlsx(source, limits)
    if hasattr(source, "seek"):
        source.seek(0)
    try:
        book = load_workbook(source, read_only=True, data_only=False)
        sheet = book.worksheets[0]
    except Exception as exc:
        raise _unreadable() from exc
    # The declared size (even A1:XFD1048576, which openpyxl would fill with empty cells) is not trusted.
    sheet.reset_dimensions()
    try:
        yield from _sheet_rows(sheet, limits)
    except TableError:
        raise
    except Exception as exc:  # a damaged part (bad CRC, broken XML, a value openpyxl cannot read)
        raise _unreadable() from exc
    finally:
        book.close()


def _sheet_rows(sheet, limits: Limits) -> Iterator[list[str]]:
    from openpyxl.utils import get_column_letter

    header: list[str] = []
    for number, cells in enumerate(sheet.iter_rows(min_row=1, min_col=1), start=1):
        if len(cells) > limits.columns:
            message = _("the row has cells up to column %(letter)s (%(count)s columns); the maximum is %(max)s. "
                        "Delete the extra columns, even if they look empty, and upload the file again")  # fmt: skip
            raise _refused(number, message % {"letter": get_column_letter(len(cells)), "count": _number(len(cells)),
                                              "max": _number(limits.columns)})  # fmt: skip
        formula = next((c for c in cells if getattr(c, "data_type", None) == "f"), None)
        if formula is not None:
            column = header[formula.column - 1] if formula.column <= len(header) else ""
            message = _("the cell %(cell)s holds a formula (%(formula)s); paste the values instead of formulas")
            raise _refused(number, message % {"cell": formula.coordinate, "formula": excerpt(formula.value)}, column)
        values = [_cell_text(c.value) for c in cells]
        header = header or values
        yield values


def read_table(data: bytes, filename: str, *, required: set[str], optional: set[str] = frozenset()) -> Table:
    """Parse a CSV (`,` or `;`) or XLSX upload into rows keyed by normalized column names."""
    lower, limits = filename.lower(), Limits.current()
    if lower.endswith(".xlsx"):
        source = _xlsx_rows(io.BytesIO(data), limits)
    elif lower.endswith((".csv", ".txt")):
        source = _csv_rows(data, limits)
    else:
        raise TableError([RowError(0, "", _("unsupported file type; upload a .csv or .xlsx file"))])
    source = _limited(source, limits)
    header = next(source, None)
    if not header:
        raise TableError([RowError(1, "", _("the file is empty"))])
    columns = check_header(header, required, set(optional))
    rows = []
    for number, values in enumerate(source, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(columns) and any(v.strip() for v in values[len(columns) :]):
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
    lower, limits = filename.lower(), Limits.current()
    if lower.endswith(".xlsx"):
        source, counter = _xlsx_rows(path, limits), None
    elif lower.endswith((".csv", ".txt")):
        check_csv_file(path, limits)
        counter = _Counting(open(path, "rb"))  # noqa: SIM115 (closed when the rows are exhausted)
        source = _csv_stream(counter, detect_encoding(path))
    else:
        raise TableError([RowError(0, "", _("unsupported file type; upload a .csv or .xlsx file"))])
    source = _limited(source, limits)
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
        yield next(_csv_records(csv.reader([first], delimiter=delimiter)), [])
        yield from _csv_records(csv.reader(text, delimiter=delimiter))


def csv_delimiter(header_line: str) -> str:
    """`;` (Excel in Chile) unless the header has more commas."""
    return ";" if header_line.count(";") >= header_line.count(",") else ","
