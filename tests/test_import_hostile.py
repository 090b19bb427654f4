"""Hostile and damaged indicator forms: `indicators import` reads nothing it must not, gives a
message naming the file and the problem, exits 1 without a traceback, and leaves the
workspace (and the temporary folder, and the folder beside it) exactly as they were."""

from __future__ import annotations

import io
import struct
import time
import zipfile
from pathlib import Path

import pytest
from conftest import Watch, assert_clean_failure
from test_indicators import make_form, record

SHEET = "xl/worksheets/sheet1.xml"


def rewrite(form: Path, out: Path, change, method: int = zipfile.ZIP_DEFLATED) -> Path:
    """The form with its sheet's XML changed by `change`."""
    with zipfile.ZipFile(form) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == SHEET:
                data = change(data)
            dst.writestr(zipfile.ZipInfo(info.filename, info.date_time), data,
                         compress_type=method if info.filename == SHEET else zipfile.ZIP_DEFLATED)
    return out


def patch_member(path: Path, *, flag: int | None = None, method: int | None = None) -> None:
    """Set the sheet member's flag bits or compression method in both of its headers, as an
    archiving program with encryption or Deflate64 writes them."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as book:
        info = book.getinfo(SHEET)
    central, name = 0, SHEET.encode()  # find the sheet's entry in the central directory
    while True:
        central = data.index(b"PK\x01\x02", central)
        size = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46:central + 46 + size] == name:
            break
        central += 4
    for at in (info.header_offset + 6, central + 8):  # local header, central directory
        if flag is not None:
            struct.pack_into("<H", data, at, struct.unpack_from("<H", data, at)[0] | flag)
        if method is not None:
            struct.pack_into("<H", data, at + 2, method)
    path.write_bytes(bytes(data))


def with_doctype(doctype: bytes, cell: bytes):
    def change(data: bytes) -> bytes:
        data = doctype + data[data.index(b"<worksheet"):]
        at = data.index(b"<t>") + 3 if b"<t>" in data else None
        if at is None:  # inline strings may be absent: put the entity into the first value
            at = data.index(b"<v>") + 3
        return data[:at] + cell + data[at:]
    return change


def refused(run, ws: Path, path: Path) -> str:
    """Import `path`: refused with exit 1 and no traceback, the workspace, the temporary folder
    and the folder beside it unchanged. The message, for the test to read."""
    watch = Watch(ws)
    result = run("indicators", "import", "Yên Bái", path, "-w", ws)
    assert_clean_failure(result)
    assert f"Error: {path}: " in result.output
    watch.unchanged()
    return result.output


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%s;" % (b"" if i == 2 else b"%d" % (i - 1))) * 10)
                     for i in range(2, 10)) + b"]>")
EXTERNAL = b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/passwd">]>'

XLSX_CASES = {
    "broken-xml": (lambda d: d[: len(d) // 2], "the XML inside it is not well formed"),
    "entity-bomb": (with_doctype(LAUGHS, b"&lol9;"), "it declares XML entities or a DTD, which Excel never writes"),
    "external-entity": (with_doctype(EXTERNAL, b"&e;"), "it declares XML entities or a DTD"),
    "undefined-entity": (with_doctype(b"", b"&nope;"), "it uses an XML entity that is not defined"),
    "zip-bomb": (lambda d: d.replace(b"</sheetData>", b'<row r="9999"><c r="A9999"><v>1</v></c></row>'
                                     * 1_200_000 + b"</sheetData>"),
                 "the workbook would unpack to"),
}


@pytest.fixture
def form(run, ws):
    return make_form(run, ws).path


@pytest.mark.parametrize("case", sorted(XLSX_CASES))
def test_a_hostile_workbook_is_refused_before_it_can_harm(run, ws, form, tmp_path, case):
    change, message = XLSX_CASES[case]
    bad = rewrite(form, tmp_path / f"{case}.xlsx", change)
    started = time.monotonic()
    output = refused(run, ws, bad)
    elapsed = time.monotonic() - started
    assert message in output
    assert "root:" not in output  # nothing of /etc/passwd
    assert elapsed < 20, f"{case}: {elapsed:.0f} s"  # refused, not read for minutes


@pytest.mark.parametrize("what, patch, message", [
    ("encrypted", {"flag": 0x1}, f"its part {SHEET} is protected by a password"),
    ("deflate64", {"method": 9}, f"its part {SHEET} is compressed in a way Excel does not use (method 9"),
    ("bzip2", {"method": 12}, f"its part {SHEET} is compressed in a way Excel does not use (method 12"),
])
def test_a_workbook_with_parts_excel_never_writes_is_refused(run, ws, form, tmp_path, what, patch, message):
    bad = tmp_path / f"{what}.xlsx"
    bad.write_bytes(form.read_bytes())
    patch_member(bad, **patch)
    output = refused(run, ws, bad)
    assert f"Error: {bad}: {message}" in output
    assert "save it as an Excel Workbook (.xlsx)" in output


def test_a_workbook_of_ten_thousand_parts_is_refused(run, ws, form, tmp_path):
    bad = tmp_path / "parts.xlsx"
    bad.write_bytes(form.read_bytes())
    with zipfile.ZipFile(bad, "a") as book:
        for i in range(10_001):
            book.writestr(f"xl/media/p{i}.bin", b"")
    assert "parts; an indicator form is far smaller" in refused(run, ws, bad)


# -- CSV -----------------------------------------------------------------------------------

HEADER = "STT,Nội dung,Năm 2021,Những tháng đầu năm 2022,Ghi chú,Mã chỉ tiêu\n"


@pytest.mark.parametrize("case, body, message", [
    ("field-over-csv-limit", '1,"' + "x" * 140_000 + '",7,,,1\n',
     "line 2: a cell holds more than 131,072 characters"),
    ("cell-over-excel-limit", "1," + "x" * 40_000 + ",7,,,1\n",
     "line 2, column B: the cell holds 40,000 characters, more than an Excel cell can (32,767)"),
    ("unclosed-quote-at-end", '1,Số lượng văn bản,7,,"Đã đối chiếu,1\n',
     "line 2: a quote (\") opens a text that is never closed"),
    ("quote-then-text", '1,Số lượng văn bản,7,,"Đã" đối chiếu,1\n',
     "line 2: a quote (\") closes a cell's text but more follows it in the same cell"),
    # The quote is closed two rows later: the rows between would be one note, their figures lost.
    ("quote-swallows-rows", '1,Số lượng văn bản,7,,"Đã đối chiếu,1\n'
                            '2,Tổ chức,3,4,,2\n3.2.2,Lượt,1234,,ghi",3.2.2\n',
     "line 2: a quote (\") opens a text that runs over the next 2 line(s), taking their cells"),
    ("nul-bytes", "1,Số\x00lượng,7,,,1\n", "this is neither a spreadsheet nor a text (CSV) file"),
])
def test_a_broken_csv_is_refused_at_its_line_and_nothing_is_imported(run, ws, tmp_path, case, body, message):
    path = tmp_path / f"{case}.csv"
    path.write_bytes((HEADER + body).encode("utf-8"))
    assert message in refused(run, ws, path)


def test_a_balanced_quote_over_lines_is_a_note_and_imports(run, ws, tmp_path):
    """A note typed with Alt+Enter in Excel: quoted, over two lines, and not a mistake."""
    path = tmp_path / "bieu.csv"
    path.write_text(HEADER + '1,Số lượng văn bản,7,,"Đã đối chiếu\nvới sổ sách",1\n', encoding="utf-8")
    result = run("indicators", "import", "Yên Bái", path, "-w", ws)
    assert result.exit_code == 0, result.output
    assert "1 figure(s) imported" in result.output
    assert record(ws).notes == {"1": "Đã đối chiếu\nvới sổ sách"}


def test_a_latin_1_csv_that_lost_its_letters_says_how_it_was_read(run, ws, tmp_path):
    """A program that cannot write Vietnamese saved '?' for the letters, so the header is lost:
    the user is told which encoding the file was read in, not only "no header row"."""
    path = tmp_path / "bieu.csv"
    path.write_bytes(HEADER.encode("latin-1", "replace") + b"1,S\xe9,7,,,1\n")
    output = refused(run, ws, path)
    assert "the file has no header row of the indicator form" in output
    assert "the file is not UTF-8; it was read as" in output
    assert "if letters were lost (shown as ?)" in output


def test_a_unicode_text_csv_from_excel_is_read(run, ws, tmp_path):
    """Excel's "Unicode Text" is UTF-16 with a byte-order mark and tabs."""
    path = tmp_path / "bieu.txt"
    path.write_bytes((HEADER + "1,Số lượng văn bản,7,,Đã đối chiếu,1\n").replace(",", "\t").encode("utf-16"))
    result = run("indicators", "import", "Yên Bái", path, "-w", ws)
    assert result.exit_code == 0, result.output
    assert "1 figure(s) imported" in result.output
    assert "not UTF-8" not in result.output


def test_a_csv_bigger_than_any_form_is_refused_before_reading(run, ws, tmp_path):
    path = tmp_path / "bieu.csv"
    with path.open("wb") as out:
        out.write(HEADER.encode())
        out.truncate(200 * 2**20)  # 200 MB, nearly all of it NUL
    assert "MB" in refused(run, ws, path)
