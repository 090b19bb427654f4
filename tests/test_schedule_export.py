"""`inspection schedule`: the table, and exports read back."""

import csv
import io
import json

import pytest

from conftest import EXAMPLE, assert_clean_failure


@pytest.mark.vietnamese
def test_the_table_shows_every_visit_day(run):
    result = run("schedule", "-w", EXAMPLE)
    assert result.exit_code == 0
    assert "8 đơn vị, 16 ngày" in result.output
    assert "BHXH tỉnh Hòa Bình" in result.output and "28/07/2022" in result.output
    assert "BHXH huyện Văn Yên; BHXH huyện Trấn Yên" in result.output


def test_csv_opens_in_excel_with_vietnamese_intact(run, tmp_path):
    target = tmp_path / "lich.csv"
    result = run("schedule", "-w", EXAMPLE, "--format", "csv", "-o", target)
    assert result.exit_code == 0, result.output
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 16
    assert rows[0]["Đơn vị"] == "BHXH tỉnh Yên Bái" and rows[0]["Ngày"] == "2022-07-12"
    assert rows[1]["Cơ sở"] == "BHXH huyện Văn Yên; BHXH huyện Trấn Yên"
    assert rows[0]["Trưởng đoàn"] == "Nguyễn Minh Quân"


def test_xlsx_reads_back(run, tmp_path):
    import openpyxl
    target = tmp_path / "lich.xlsx"
    assert run("schedule", "-w", EXAMPLE, "--format", "xlsx", "-o", target).exit_code == 0
    sheet = openpyxl.load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("STT", "Đơn vị")
    assert len(rows) == 17
    assert rows[7][1] == "BHXH tỉnh Hòa Bình"


def test_xlsx_keeps_text_that_looks_like_a_formula_as_text(run, commune_ws, tmp_path):
    import openpyxl
    schedule = commune_ws / "schedule.yaml"
    text = schedule.read_text(encoding="utf-8").replace(
        "sites: [Tổ dân phố số 3]", 'place: "=HYPERLINK(\\"http://x\\")"\n        sites: ["=1+1", "@SUM(A1)"]')
    schedule.write_text(text, encoding="utf-8")
    target = tmp_path / "lich.xlsx"
    result = run("schedule", "-w", commune_ws, "--format", "xlsx", "-o", target)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(target).active  # formulas, if any, would come back as "=…"
    cells = {cell.value: cell.data_type for row in sheet.iter_rows(min_row=2) for cell in row}
    assert cells['=HYPERLINK("http://x")'] == "s"
    assert cells["=1+1; @SUM(A1)"] == "s"
    assert not any(t == "f" for t in cells.values())


def test_json_reads_back(run, tmp_path):
    target = tmp_path / "lich.json"
    assert run("schedule", "-w", EXAMPLE, "--format", "json", "-o", target).exit_code == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert len(data) == 16 and data[15]["Đơn vị"] == "BHXH tỉnh Quảng Bình"
    assert "Hòa Bình" in target.read_text(encoding="utf-8")  # readable, not \\u-escaped


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_ics_has_one_all_day_event_per_visit_day(run, tmp_path):
    target = tmp_path / "lich.ics"
    assert run("schedule", "-w", EXAMPLE, "--format", "ics", "-o", target).exit_code == 0
    raw = target.read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded per RFC 5545
    lines = _unfold(raw.decode("utf-8"))
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == 16
    assert "DTSTART;VALUE=DATE:20220712" in lines and "DTEND;VALUE=DATE:20220713" in lines
    assert "SUMMARY:Kiểm tra BHXH tỉnh Yên Bái (ngày thứ 1 trong 2 ngày)" in lines
    assert any(line == "LOCATION:BHXH huyện Văn Yên\\; BHXH huyện Trấn Yên" for line in lines)
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(set(uids)) == 16


def test_default_export_goes_to_the_workspace_output_folder(run, example_ws):
    result = run("schedule", "-w", example_ws, "--format", "csv")
    assert result.exit_code == 0
    assert (example_ws / "output" / "lich-kiem-tra.csv").is_file()


def test_an_unknown_format_is_refused(run):
    result = run("schedule", "-w", EXAMPLE, "--format", "pdf")
    assert_clean_failure(result, 2)
    assert "'pdf' is not one of" in result.output


def test_a_schedule_with_errors_is_not_exported(run, commune_ws, tmp_path):
    path = commune_ws / "schedule.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("2026-06-10]", "2026-06-31]"), encoding="utf-8")
    result = run("schedule", "-w", commune_ws, "--format", "csv", "-o", tmp_path / "x.csv")
    assert_clean_failure(result)
    assert "schedule.yaml:29: visits[1].days[1]: 2026-06-31 is not a date" in result.output
    assert not (tmp_path / "x.csv").exists()


def test_a_one_day_visit_and_unnamed_teams_read_as_a_person_would_say_them(run, example_ws):
    schedule = example_ws / "schedule.yaml"
    text = schedule.read_text(encoding="utf-8")
    # Yên Bái on one day only; the team without its name, and a second unnamed team
    text = text.replace("      - date: 2022-07-13\n        sites:", "        sites:", 1)
    text = text.replace("    name: Đoàn kiểm tra số 1\n", "", 1)
    schedule.write_text(text, encoding="utf-8")
    result = run("schedule", "-w", example_ws, "--format", "ics", "-o", "-")
    assert result.exit_code == 0, result.output
    lines = _unfold(result.stdout_bytes.decode("utf-8"))
    assert "SUMMARY:Kiểm tra BHXH tỉnh Yên Bái" in lines  # no "(ngày 1/1)": read as 1 January
    assert "SUMMARY:Kiểm tra BHXH tỉnh Lào Cai (ngày thứ 2 trong 2 ngày)" in lines
    assert not any("doan-1" in line for line in lines if not line.startswith("UID"))
    assert any(line.startswith("DESCRIPTION:Đoàn kiểm tra\\nThành phần:") for line in lines)
    table = run("schedule", "-w", example_ws).output
    assert "doan-1" not in table and "Đoàn kiểm tra " in table
    two = text.replace("teams:\n", "teams:\n  - id: doan-0\n    members:\n"
                       "      - {name: Lê Văn Hai, role: lead}\n", 1)
    schedule.write_text(two, encoding="utf-8")
    assert "Đoàn kiểm tra số 2" in run("schedule", "-w", example_ws).output
