"""One reader and one formatter of indicator figures: a figure typed into a findings file by hand
reads the same in check, show, indicators show, the forms, the documents and the exports."""

from __future__ import annotations

import csv
import io

import docx
import openpyxl
import pytest
from conftest import assert_clean_failure, build_tree

from inspection.vn.numbers import figure_number, figures_differ, format_figure, stored_number

# The commune campaign's unit "Phường Hồng Bàng": row 1 counts broadcasts, row 2.2 is a
# percentage, row 2.1 a count; the figures are written the way a user edits the file by hand.
HAND_EDITED = """
    unit: phuong-hong-bang
    name: Phường Hồng Bàng
    findings:
      - item: I.1
        site: office
        rating: tot
        observations: [Đã nghe lại bản tin]
    indicators:
      - {row: "1", period: thang, reported: "1.234", verified: "1234"}
      - {row: "2.1", period: thang, reported: "12", verified: "1.200"}
      - {row: "2.2", period: thang, reported: "85,5%", verified: "85.5"}
"""


@pytest.fixture
def edited(commune_ws):
    build_tree(commune_ws, {"findings/phuong-hong-bang.yaml": HAND_EDITED})
    return commune_ws


@pytest.mark.parametrize("stored, kind, number, shown", [
    ("1234", "count", 1234, "1.234"),
    ("1.234", "count", 1234, "1.234"),       # a count has no decimals: the dot groups thousands
    ("1 234", "count", 1234, "1.234"),
    ("85.5", "percentage", 85.5, "85,5%"),
    ("85,5%", "percentage", 85.5, "85,5%"),
    ("1.234", "amount", 1.234, "1,234"),     # what the tool writes is canonical: a decimal point
    ("1234.5", "amount", 1234.5, "1.234,5"),
])
def test_a_stored_figure_has_one_reading(stored, kind, number, shown):
    assert float(stored_number(stored, kind)) == number
    assert float(figure_number(stored, kind)) == number
    assert format_figure(stored, kind) == shown


@pytest.mark.parametrize("stored, kind, reason", [
    ("1.5", "count", "a count must be a whole number"),
    ("-3", "count", "a count cannot be negative"),
    ("120", "percentage", "a percentage must be between 0 and 100"),
    ("mười", "count", "is not a number"),
])
def test_a_stored_figure_that_is_not_one_says_why(stored, kind, reason):
    with pytest.raises(ValueError, match=reason):
        stored_number(stored, kind)
    assert figure_number(stored, kind) is None
    assert format_figure(stored, kind) == stored  # shown as it is, never as another number


def test_the_same_figure_written_two_ways_is_not_a_difference():
    assert not figures_differ("1.234", "1234", "count")
    assert not figures_differ("85,5%", "85.5", "percentage")
    assert figures_differ("12", "1.200", "count")
    assert not figures_differ("Zalo OA", "zalo  oa", "text")


def test_check_reads_a_hand_edited_figure_as_the_other_commands_do(run, edited):
    result = run("check", "-w", edited)
    assert result.exit_code == 0, result.output
    build_tree(edited, {"findings/phuong-hong-bang.yaml": HAND_EDITED.replace('"1.234"', '"1.5"')})
    result = run("check", "-w", edited)
    assert result.exit_code == 1
    assert ("findings/phuong-hong-bang.yaml:9: indicators[0].reported: '1.5': a count must be a "
            "whole number") in result.output


def test_indicators_show_and_show_print_the_figure_the_vietnamese_way(run, edited):
    shown = run("indicators", "show", "Hồng Bàng", "-w", edited).output
    line = next(line for line in shown.splitlines() if line.startswith("1 "))
    assert line.count("1.234") == 2 and "≠" not in line and "1,234" not in line
    assert "≠" in next(line for line in shown.splitlines() if line.startswith("2.1 "))
    assert "85,5%" in shown and "85.5" not in shown
    report = run("show", "Hồng Bàng", "-w", edited).output
    assert "Tháng báo cáo: 1.234 / 1.234" in report
    assert "Tháng báo cáo: 85,5% / 85,5%" in report


def test_the_documents_print_the_figure_the_vietnamese_way(run, edited):
    assert run("render", "minutes", "Hồng Bàng", "-w", edited).exit_code == 0
    minutes = docx.Document(str(edited / "output" / "bien-ban-phuong-hong-bang.docx"))
    cells = [c.text for t in minutes.tables for row in t.rows for c in row.cells]
    assert "1.234" in cells and "1,234" not in " ".join(cells)
    assert run("render", "report", "-w", edited).exit_code == 0
    report = docx.Document(str(edited / "output" / "bao-cao-ket-qua-kiem-tra.docx"))
    cells = [c.text for t in report.tables for row in t.rows for c in row.cells]
    assert "1.234" in cells and "85,5%" in cells


def test_the_exports_and_the_form_hold_the_number(run, edited, tmp_path):
    assert run("export", "-w", edited, "-o", tmp_path / "kq.xlsx").exit_code == 0
    sheet = openpyxl.load_workbook(tmp_path / "kq.xlsx")["Chỉ tiêu"]
    rows = {r[2]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["1"][8:11] == (1234, 1234, 0)  # reported, verified, difference
    assert rows["2.1"][8:11] == (12, 1200, 1188)
    assert float(rows["2.2"][8]) == 85.5
    assert run("export", "-w", edited, "--format", "csv", "--table", "indicators",
               "-o", tmp_path / "cs.csv").exit_code == 0
    table = list(csv.reader(io.StringIO((tmp_path / "cs.csv").read_text(encoding="utf-8-sig"))))
    assert [r[8:10] for r in table if r[2] == "1"] == [["1234", "1234"]]
    assert run("indicators", "form", "Hồng Bàng", "-w", edited, "-o", tmp_path / "f.xlsx").exit_code == 0
    form = openpyxl.load_workbook(tmp_path / "f.xlsx").active
    by_id = {row[-1]: row for row in form.iter_rows(values_only=True) if row and row[-1]}
    assert 1234 in by_id["1"] and 85.5 in by_id["2.2"]


HUGE = "10000000000000000000000000000"  # 29 digits: more than Decimal's default precision


def test_a_figure_beyond_any_real_one_is_refused_when_typed(run, commune_ws):
    result = run("indicators", "set", "Hồng Bàng", "1", "thang", HUGE, "-w", commune_ws)
    assert_clean_failure(result)
    assert "a count cannot be more than 1.000.000.000.000" in result.output
    result = run("indicators", "set", "Hồng Bàng", "1", "thang", "12,0000001", "-w", commune_ws)
    assert_clean_failure(result)
    assert not (commune_ws / "findings" / "phuong-hong-bang.yaml").exists()


def test_a_figure_beyond_any_real_one_on_disk_never_crashes_a_view(run, edited, tmp_path):
    build_tree(edited, {"findings/phuong-hong-bang.yaml": HAND_EDITED.replace('"1.234"', f'"{HUGE}"')})
    check = run("check", "-w", edited)
    assert check.exit_code == 1 and "a count cannot be more than 1.000.000.000.000" in check.output
    for args in (["indicators", "show", "Hồng Bàng"], ["show", "Hồng Bàng"],
                 ["indicators", "form", "Hồng Bàng", "-o", tmp_path / "f.xlsx"],
                 ["export", "-o", tmp_path / "e.xlsx"], ["render", "minutes", "Hồng Bàng"],
                 ["render", "report"]):
        result = run(*args, "-w", edited)
        assert result.exit_code == 0, (args, result.output)
        assert "Traceback" not in result.output
    assert HUGE[:17] in run("indicators", "show", "Hồng Bàng", "-w", edited).output  # as it is
    assert not list((tmp_path).glob(".*.tmp")) and not list((edited / "output").glob(".*.tmp"))


def test_a_huge_number_in_a_spreadsheet_cell_is_refused_by_its_cell(run, commune_ws, tmp_path):
    form = tmp_path / "bieu.xlsx"
    assert run("indicators", "form", "Hồng Bàng", "-w", commune_ws, "-o", form).exit_code == 0
    book = openpyxl.load_workbook(form)
    sheet = book.active
    column = next(c.column for r in sheet.iter_rows() for c in r if c.value == "Tháng báo cáo")
    row = next(r for r in sheet.iter_rows() if r[-1].value == "1")
    sheet.cell(row[0].row, column).value = 1e30
    book.save(form)
    result = run("indicators", "import", "Hồng Bàng", form, "-w", commune_ws)
    assert_clean_failure(result)
    assert "a count cannot be more than 1.000.000.000.000" in result.output
