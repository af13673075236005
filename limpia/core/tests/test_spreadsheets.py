"""Spreadsheets in and out: what the product writes never runs as a formula (OWASP CSV injection), and what
it reads cannot blow up memory or time (zip bombs, row and column bombs, giant cells), with bounded errors.

The bombs are generated here, small on disk and huge once opened."""

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from limpia.core.spreadsheets import XlsxWriter, csv_bytes, csv_text
from limpia.core.tabular import MAX_ERRORS, RowError, TableError, read_table, stream_table

INJECTIONS = ['=HYPERLINK("http://x","y")', "=2+5+cmd|' /C calc'!A0", "+1+1", "-5", "@SUM(A1)", "\tx", "\rx"]


# --- Writing ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", INJECTIONS)
def test_a_text_a_spreadsheet_would_evaluate_is_prefixed_with_a_quote_in_csv(text):
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Planta A", "5-3", "a=b", "", "'ya citado"])
def test_other_texts_are_written_as_they_are(text):
    assert csv_text(text) == text


def test_csv_neutralises_texts_but_keeps_numbers_as_numbers():
    """A negative number is a number; the text «-5» typed as a name is neutralised. Dates and Decimals go
    through `format` untouched: −5,5 written with a decimal comma stays «-5,5»."""
    content = csv_bytes(
        ["nombre", "valor", "monto"],
        [['=HYPERLINK("http://x","y")', -5, Decimal("-5.5")], ["-5", 3, None]],
        delimiter=";",
        bom=True,
        format=lambda v: "" if v is None else str(v).replace(".", ","),
    )
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["nombre", "valor", "monto"],
        ['\'=HYPERLINK("http://x","y")', "-5", "-5,5"],
        ["'-5", "3", ""],
    ]


def test_xlsx_writes_every_text_as_a_string_cell_never_a_formula():
    book = XlsxWriter()
    sheet = book.sheet("datos: 2024/25 [final]")  # characters Excel forbids in a sheet name are replaced
    sheet.append(["nombre", "valor"], bold=True)
    for text in INJECTIONS:
        sheet.append([text, -5])
    sheet.append(["con\x00control\x1f", 1.5])  # XML cannot hold these: dropped, not a crash
    read = load_workbook(book.save())
    cells = list(read.active.iter_rows(min_row=2))
    assert read.active.title == "datos  2024 25  final "
    # XML reads a carriage return back as a line feed; the cell is still a string
    assert [c[0].value for c in cells] == [*(t.replace("\r", "\n") for t in INJECTIONS), "concontrol"]
    assert all(c[0].data_type == "s" for c in cells) and all(c[0].quotePrefix for c in cells[:-1])
    assert [c[1].value for c in cells] == [-5] * len(INJECTIONS) + [1.5]
    assert all(c[1].data_type == "n" for c in cells)
    assert read.active["A1"].font.b


def test_an_xlsx_written_by_the_product_reads_back_through_the_importer_without_a_formula_refusal():
    """A template round trip: the string cell «=HYPERLINK(…)» comes back as that text, not as a formula."""
    book = XlsxWriter()
    sheet = book.sheet("x")
    sheet.append(["nombre", "rut"])
    sheet.append([INJECTIONS[0], "-5"])
    table = read_table(book.save().getvalue(), "x.xlsx", required={"nombre", "rut"})
    assert table.rows == [(2, {"nombre": INJECTIONS[0], "rut": "-5"})]


# --- Reading: bombs and limits --------------------------------------------------------------------------------


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _replaced(data: bytes, parts: dict[str, bytes]) -> bytes:
    """The workbook `data` with some parts replaced (or added), deflated."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info.filename, source.read(info.filename))
        for name, body in parts.items():
            target.writestr(name, body)
    return out.getvalue()


def shared_strings_bomb(strings: int) -> bytes:
    """An XLSX whose shared-strings table holds `strings` times the same short string: ~17 bytes each once
    opened, compressed about a thousand times (the 817 KB file of the report held ~4 GB of them)."""
    ns = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    body = b"<sst " + ns + b">" + b"<si><t>a</t></si>" * strings + b"</sst>"
    base = _xlsx([["a", "b"], ["1", "2"]])  # openpyxl writes inline strings: add the table and its content type
    types = (
        zipfile.ZipFile(io.BytesIO(base))
        .read("[Content_Types].xml")
        .replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            b'spreadsheetml.sharedStrings+xml"/></Types>',
        )
    )
    return _replaced(base, {"xl/sharedStrings.xml": body, "[Content_Types].xml": types})


def test_a_shared_strings_bomb_is_refused_before_it_is_parsed():
    """3,000,000 strings × 17 bytes = 51 MB once opened, from a file of ~100 KB: the part decompresses
    about 500× its size, over the limit of 100×, so no XML is parsed."""
    bomb = shared_strings_bomb(3_000_000)
    assert len(bomb) < 200_000
    with pytest.raises(TableError) as caught:
        read_table(bomb, "bomba.xlsx", required={"a", "b"})
    (error,) = caught.value.errors
    assert "xl/sharedStrings.xml" in error.message and "bomba de descompresión" in error.message


def test_a_workbook_larger_once_opened_than_the_limit_is_refused(settings):
    """Limit scaled down to 1 MB: a sheet of 2 MB of real (incompressible enough) content is refused by
    its size, even though its compression ratio is ordinary."""
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    rows = [["a", "b"]] + [[f"nombre {n * 7919 % 100_003}", str(n * 104_729 % 999_983)] for n in range(30_000)]
    with pytest.raises(TableError) as caught:
        read_table(_xlsx(rows), "grande.xlsx", required={"a", "b"})
    assert "el máximo es 1,0 MB" in caught.value.errors[0].message


def test_a_shared_strings_part_over_its_own_limit_is_refused(settings):
    """Part limit scaled down to 100 KB: 10,000 strings × 17 bytes = 170 KB (under the ratio limit's 1 MB
    floor) are refused by size; the message says which part and both sizes."""
    settings.IMPORT_MAX_XML_PART_BYTES = 100 * 1024
    with pytest.raises(TableError) as caught:
        read_table(shared_strings_bomb(10_000), "x.xlsx", required={"a", "b"})
    assert caught.value.errors[0].message == (
        "la parte «xl/sharedStrings.xml» del archivo descomprimida ocupa 0,2 MB; el máximo es 0,1 MB"
    )


def test_a_declared_dimension_of_the_whole_grid_is_not_filled_in():
    """A1:XFD1048576 declared for two rows: openpyxl would produce 1,048,576 rows × 16,384 cells; the
    dimension is ignored and the two real rows come back (the report's worker was busy 6 minutes)."""
    data = _xlsx([["a", "b"], ["1", "x"]])
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    sheet = sheet.replace(b'<dimension ref="A1:B2"', b'<dimension ref="A1:XFD1048576"')
    assert b"XFD1048576" in sheet
    table = read_table(_replaced(data, {"xl/worksheets/sheet1.xml": sheet}), "x.xlsx", required={"a", "b"})
    assert table.rows == [(2, {"a": "1", "b": "x"})]


def test_a_row_with_a_cell_far_to_the_right_is_refused_at_that_row():
    data = _xlsx([["a", "b"], ["1", "x"]])
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    sheet = sheet.replace(b"<t>x</t></is></c>", b'<t>x</t></is></c><c r="XFD2" s="0"/>')
    with pytest.raises(TableError) as caught:
        read_table(_replaced(data, {"xl/worksheets/sheet1.xml": sheet}), "x.xlsx", required={"a", "b"})
    (error,) = caught.value.errors
    assert error.row == 2 and "XFD" in error.message and "16.384" in error.message and "100" in error.message


def test_millions_of_empty_rows_count_against_the_row_limit(settings):
    """A sheet whose second row is numbered 1,000,000: the gap is 999,998 empty rows, over a limit of
    1,000 rows (scaled down); refused without reading the rest."""
    settings.IMPORT_MAX_ROWS = 1_000
    data = _xlsx([["a", "b"], ["1", "x"]])
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    sheet = sheet.replace(b'<row r="2">', b'<row r="1000000">').replace(b'r="A2"', b'r="A1000000"')
    sheet = sheet.replace(b'r="B2"', b'r="B1000000"')
    with pytest.raises(TableError) as caught:
        read_table(_replaced(data, {"xl/worksheets/sheet1.xml": sheet}), "x.xlsx", required={"a", "b"})
    assert "más de 1.000 filas" in caught.value.errors[0].message


def test_a_csv_over_the_row_limit_is_refused_before_parsing_and_while_streaming(settings, tmp_path):
    """Limit 3 rows: a header and 4 rows (5 lines) is refused, a header and 3 rows is read."""
    settings.IMPORT_MAX_ROWS = 3
    ok, over = "a;b\r\n" + "1;2\r\n" * 3, "a;b\r\n" + "1;2\r\n" * 4
    assert len(read_table(ok.encode(), "x.csv", required={"a", "b"}).rows) == 3
    with pytest.raises(TableError) as caught:
        read_table(over.encode(), "x.csv", required={"a", "b"})
    assert "más de 3 filas" in caught.value.errors[0].message
    path = tmp_path / "x.csv"
    path.write_text(over)
    with pytest.raises(TableError):
        stream_table(path, "x.csv", required={"a", "b"})


def test_a_cell_longer_than_the_limit_is_an_error_quoting_only_an_excerpt(settings):
    """Limit scaled down to 1,000 characters (10,000 by default); a cell of 20,000 characters stands for the
    report's 800 MB one. The error names row and column and quotes its first 80 characters and «…»."""
    settings.IMPORT_MAX_CELL_CHARS = 1_000
    for name, data in (
        ("x.csv", ("nombre;rut\r\nbien;1\r\n" + "x" * 20_000 + ";2\r\n").encode()),
        ("x.xlsx", _xlsx([["nombre", "rut"], ["bien", "1"], ["x" * 20_000, "2"]])),
    ):
        with pytest.raises(TableError) as caught:
            read_table(data, name, required={"nombre", "rut"})
        (error,) = caught.value.errors
        assert (error.row, error.column) == (3, "nombre")
        assert error.message == f"el texto tiene 20.000 caracteres; el máximo es 1.000: «{'x' * 80}…»"


def test_a_csv_line_longer_than_any_table_within_the_limits_is_refused_before_parsing(settings, tmp_path):
    """Limits 2 columns × 10 characters: a line may take 2 × (4 × 10 + 3) = 86 bytes; line 3 has 200."""
    settings.IMPORT_MAX_COLUMNS, settings.IMPORT_MAX_CELL_CHARS = 2, 10
    path = tmp_path / "x.csv"
    path.write_text("a;b\n1;2\n" + "y" * 200 + "\n")
    with pytest.raises(TableError) as caught:
        stream_table(path, "x.csv", required={"a", "b"})
    (error,) = caught.value.errors
    assert error.row == 3 and "86 bytes" in error.message


def test_a_row_with_too_many_cells_is_refused_but_trailing_empty_cells_do_not_count(settings):
    settings.IMPORT_MAX_COLUMNS = 3
    assert read_table(b"a;b\n1;2;;;;;;\n", "x.csv", required={"a", "b"}).rows == [(2, {"a": "1", "b": "2"})]
    with pytest.raises(TableError) as caught:
        read_table(b"a;b\n1;2;;;;;;9\n", "x.csv", required={"a", "b"})
    assert caught.value.errors[0].message == "la fila tiene 8 celdas; el máximo es 3 columnas"


def test_a_csv_the_csv_module_cannot_read_is_an_error_not_a_crash():
    """A quoted cell over 70,000 short lines (each within the line limit) grows past the csv module's own
    field limit of 131,072 characters: a TableError, not a server error."""
    with pytest.raises(TableError) as caught:
        read_table(('a;b\n1;"' + "x\n" * 70_000 + '"\n').encode(), "x.csv", required={"a", "b"})
    assert caught.value.errors[0].message == "una celda tiene más de 131.072 caracteres"


def test_a_damaged_workbook_is_an_error_not_a_crash():
    data = _xlsx([["a", "b"], ["1", "x"]])
    broken = _replaced(data, {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row r='1'><c"})
    for body in (b"PK\x03\x04 not a zip", broken):
        with pytest.raises(TableError) as caught:
            read_table(body, "x.xlsx", required={"a", "b"})
        assert "XLSX" in caught.value.errors[0].message


def test_errors_kept_are_bounded_in_number_and_in_length():
    """1,200 errors keep the first 499 and a last line counting the other 701; a message or column name of
    any length keeps at most 600 / 80 characters."""
    error = TableError([RowError(n, "c", "malo") for n in range(2, 1_202)])
    assert len(error.errors) == MAX_ERRORS == 500
    assert error.errors[-2].row == 500 and error.errors[-1].message == "… y 701 errores más"
    long = RowError(2, "c" * 10_000, "m" * 1_000_000)
    assert len(long.column) == 81 and len(long.message) == 601 and long.message.endswith("…")
