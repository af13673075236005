"""Writing CSV and XLSX that spreadsheet programs open as data, never as formulas.

Every CSV and XLSX the product writes goes through here. A text that Excel or LibreOffice would read as a
formula or a DDE command (`=HYPERLINK(…)`, `+cmd|' /C calc'!A0`, `-2+3`, `@SUM(…)`, or one that begins
with a tab or carriage return) is neutralised as the OWASP CSV-injection guidance says:

- in CSV, by prefixing a single quote (`'=HYPERLINK(…)`);
- in XLSX, by writing the cell as a string (`t="inlineStr"`), never a formula, with Excel's «quote prefix»
  style, so the value stays exactly as entered, shows as text and stays text when the cell is edited.

Only texts are neutralised: numbers, dates and booleans are written as such (a negative number stays a
number; the text «-5» typed as a name is neutralised). JSON is never touched.
"""

import csv
import io
import re
from collections.abc import Callable, Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold: openpyxl refuses them, so they are dropped instead of failing the export.
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def is_formula_like(value) -> bool:
    """True for a text a spreadsheet would evaluate (OWASP: it begins with = + - @ tab or CR)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_text(value: str) -> str:
    """A text for a CSV cell: prefixed with `'` when a spreadsheet would read it as a formula."""
    return "'" + value if is_formula_like(value) else value


class CsvWriter:
    """`csv.writer` whose texts are neutralised; other values go through `format` (default `str`, None → "")."""

    def __init__(self, out, *, delimiter: str = ",", format: Callable[[object], str] | None = None):
        self.writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
        self.format = format or _plain

    def writerow(self, values: Iterable) -> None:
        self.writer.writerow([csv_text(v) if isinstance(v, str) else self.format(v) for v in values])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def csv_bytes(header: Iterable, rows: Iterable[Iterable], *, delimiter: str = ",", bom: bool = False,
              format: Callable[[object], str] | None = None) -> bytes:  # fmt: skip
    """A whole CSV in UTF-8 (with a BOM when Excel in Chile has to open it as-is)."""
    out = io.StringIO()
    writer = CsvWriter(out, delimiter=delimiter, format=format)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def _plain(value) -> str:
    return "" if value is None else str(value)


class XlsxWriter:
    """A streaming (write-only) workbook whose text cells are always strings, never formulas.

    >>> book = XlsxWriter(); sheet = book.sheet("datos"); sheet.append(["nombre"], bold=True); book.save()
    """

    def __init__(self):
        from openpyxl import Workbook

        self.book = Workbook(write_only=True)

    def sheet(self, title: str) -> "XlsxSheet":
        return XlsxSheet(self.book.create_sheet(_sheet_title(title)))

    def save(self) -> io.BytesIO:
        """The workbook as a file object at position 0."""
        buffer = io.BytesIO()
        self.book.save(buffer)
        buffer.seek(0)
        return buffer


class XlsxSheet:
    def __init__(self, sheet):
        self.sheet = sheet

    def append(self, values: Iterable, *, bold: bool = False) -> None:
        self.sheet.append([self._cell(v, bold) for v in values])

    def _cell(self, value, bold: bool):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        if not isinstance(value, str) and not bold:
            return value
        if isinstance(value, str):
            value = _ILLEGAL.sub("", value)
        cell = WriteOnlyCell(self.sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl would store a text beginning with «=» as a formula
            cell.quotePrefix = is_formula_like(value)
        if bold:
            cell.font = Font(bold=True)
        return cell


def _sheet_title(title: str) -> str:
    """Excel's rules for a sheet name: at most 31 characters, none of : \\ / ? * [ ]."""
    return re.sub(r"[:\\/?*\[\]]", " ", str(title))[:31] or "Hoja1"
