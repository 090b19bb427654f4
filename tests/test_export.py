"""`inspection export`: findings, recommendations and indicator values as flat tables, read back."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil

import openpyxl
import pytest
from conftest import EXAMPLE, assert_clean_failure
from test_render_support import HOSTILE, record, sample_findings

from inspection.files.workspace import Workspace


@pytest.fixture
def example(tmp_path):
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    shutil.rmtree(root / "findings", ignore_errors=True)
    shutil.rmtree(root / "drafts", ignore_errors=True)  # composed from the sample
    sample_findings(root)
    return root


def _pairs(root) -> int:
    loaded = Workspace(root).load()
    return sum(len(loaded.checklist.walk(visit)) for visit in loaded.campaign.visits)


def test_xlsx_has_a_sheet_per_table_with_ids_and_titles(run, example):
    result = run("export", "-w", example)
    assert result.exit_code == 0, result.output
    target = example / "output" / "ket-qua-kiem-tra.xlsx"
    assert f"Wrote {target}" in result.output
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Đánh giá", "Kiến nghị", "Chỉ tiêu"]
    findings = list(book["Đánh giá"].iter_rows(values_only=True))
    assert findings[0][:5] == ("Mã đơn vị", "Đơn vị", "Phần", "Mã nội dung", "Nội dung")
    assert len(findings) - 1 == _pairs(example)  # every item at every place, checked or not
    yen_bai = [r for r in findings if r[0] == "bhxh-tinh-yen-bai" and r[3] == "I.1"][0]
    assert yen_bai[1] == "BHXH tỉnh Yên Bái" and yen_bai[7] == "Đã kiểm tra"
    assert yen_bai[9] == "Khá" and yen_bai[10] == "Đã tham mưu 05 văn bản cho Tỉnh ủy, UBND tỉnh.\nCó lưu đủ hồ sơ."
    assert yen_bai[4].startswith("Công tác tham mưu, tranh thủ")
    assert any(r[7] == "Chưa kiểm tra" for r in findings[1:])
    field = [r for r in findings if r[3] == "I.5" and r[5] == "van-yen" and r[0] == "bhxh-tinh-yen-bai"][0]
    assert field[6] == "BHXH huyện Văn Yên" and field[9] == "Chưa đạt yêu cầu"
    recs = list(book["Kiến nghị"].iter_rows(values_only=True))
    assert recs[1][:2] == ("bhxh-tinh-yen-bai", "BHXH tỉnh Yên Bái")
    assert recs[1][7:] == ("Tham mưu UBND tỉnh cơ chế hỗ trợ", "Phòng Truyền thông",
                           dt.datetime(2022, 9, 30))
    figures = list(book["Chỉ tiêu"].iter_rows(values_only=True))
    assert figures[1][2:4] == ("1", "Số lượng văn bản BHXH tỉnh đã tham mưu, đề xuất với Tỉnh ủy, UBND, HĐND")
    assert figures[1][8:11] == (12, 10, -2)  # numbers, for Excel to sum
    assert figures[2][3].startswith("Kết quả thực hiện các mục tiêu") and figures[2][8] == 85.5


def test_csv_is_one_file_per_table_and_opens_in_excel_with_vietnamese(run, example, tmp_path):
    result = run("export", "-w", example, "--format", "csv", "-o", tmp_path / "ket-qua.csv")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.glob("ket-qua-*.csv"))
    assert names == ["ket-qua-chi-tieu.csv", "ket-qua-danh-gia.csv", "ket-qua-kien-nghi.csv"]
    raw = (tmp_path / "ket-qua-danh-gia.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["Đơn vị"] == "BHXH tỉnh Yên Bái" and rows[0]["Đánh giá"] == "Khá"
    figures = list(csv.DictReader(io.StringIO(
        (tmp_path / "ket-qua-chi-tieu.csv").read_bytes().decode("utf-8-sig"))))
    assert figures[1]["Đơn vị báo cáo"] == "85.5"


def test_one_table_to_one_file(run, example, tmp_path):
    target = tmp_path / "ra" / "kien-nghi.csv"
    result = run("export", "-w", example, "--format", "csv", "--table", "recommendations", "-o", target)
    assert result.exit_code == 0, result.output
    assert [p.name for p in target.parent.iterdir()] == ["kien-nghi.csv"]
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    assert rows[1][-1] == "2022-09-30"


def test_json_holds_the_three_tables_readably(run, example, tmp_path):
    record(example, "Lào Cai", "I.2", rating="tot", observations=[HOSTILE])
    target = tmp_path / "ket-qua.json"
    assert run("export", "-w", example, "--format", "json", "-o", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    data = json.loads(text)
    assert sorted(data) == ["findings", "indicators", "recommendations"]
    assert "Hòa Bình" in text  # not \\u-escaped
    lao_cai = [r for r in data["findings"] if r["Mã đơn vị"] == "bhxh-tinh-lao-cai" and r["Mã nội dung"] == "I.2"]
    assert lao_cai[0]["Nhận xét"].startswith('A & B <tag> "quoted"')
    assert data["indicators"][0]["Đoàn kiểm tra xác định"] == 10
    assert data["recommendations"][0]["Thời hạn"] == "2022-09-30"


def test_a_broken_findings_file_stops_the_export_with_its_problem(run, example):
    (example / "findings" / "bhxh-tinh-lao-cai.yaml").write_text("unit: [", encoding="utf-8")
    result = run("export", "-w", example)
    assert_clean_failure(result)
    assert "findings/bhxh-tinh-lao-cai.yaml" in result.output
    assert not (example / "output" / "ket-qua-kiem-tra.xlsx").exists()


def test_the_commune_campaign_exports_too(run, commune_ws, tmp_path):
    target = tmp_path / "x.xlsx"
    assert run("export", "-w", commune_ws, "-o", target).exit_code == 0
    rows = list(openpyxl.load_workbook(target)["Đánh giá"].iter_rows(values_only=True))
    assert {r[1] for r in rows[1:]} == {"Phường Hồng Bàng", "Đặc khu Cát Hải", "Báo Hải Phòng"}


def test_text_that_looks_like_a_formula_stays_text_in_excel(run, example):
    # A note starting with "=" must not become a live formula (Excel would call the file
    # broken, or run it); it is shown as typed.
    formula = '=HYPERLINK("http://example.invalid","bấm vào đây")'
    record(example, "yen-bai", "I.2", observations=[formula], shortcomings=["=> cần khắc phục"])
    assert run("export", "-w", example).exit_code == 0
    book = openpyxl.load_workbook(example / "output" / "ket-qua-kiem-tra.xlsx")
    row = next(r for r in book["Đánh giá"].iter_rows()
               if r[0].value == "bhxh-tinh-yen-bai" and r[3].value == "I.2" and not r[5].value)
    assert row[10].value == formula and row[10].data_type == "s"
    assert row[12].value == "=> cần khắc phục" and row[12].data_type == "s"
    assert book["Đánh giá"]["A1"].font.b and book["Đánh giá"].freeze_panes == "A2"


FORMULAS = ["=HYPERLINK(\"http://x\",\"bấm\")", "+1+1", "- gạch đầu dòng", "@SUM(A1:A9)",
            "=cmd|' /C calc'!A0"]


def test_text_that_looks_like_a_formula_stays_text_in_every_spreadsheet_we_write(run, commune_ws,
                                                                                   tmp_path):
    for text in FORMULAS:
        assert run("record", "Hồng Bàng", "I.1", "--observation", text, "-w", commune_ws).exit_code == 0
    assert run("indicators", "set", "Hồng Bàng", "1", "thang", "3", "--note", FORMULAS[0],
               "-w", commune_ws).exit_code == 0
    assert run("export", "-w", commune_ws, "--format", "csv", "--table", "findings",
               "-o", tmp_path / "kq.csv").exit_code == 0
    cells = [c for row in csv.reader(io.StringIO((tmp_path / "kq.csv").read_text("utf-8-sig")))
             for c in row]
    observations = next(c for c in cells if "gạch đầu dòng" in c)
    assert observations == "'" + "\n".join(FORMULAS)  # shown by Excel, never computed
    for text in FORMULAS[1:]:
        assert run("record", "Hồng Bàng", "I.2", "--observation", text, "--replace",
                   "-w", commune_ws).exit_code == 0
        run("export", "-w", commune_ws, "--format", "csv", "--table", "findings",
            "-o", tmp_path / "one.csv")
        one = (tmp_path / "one.csv").read_text("utf-8-sig")
        assert f"'{text}" in one, text
    assert run("indicators", "form", "Hồng Bàng", "-w", commune_ws, "-o", tmp_path / "f.xlsx").exit_code == 0
    form = openpyxl.load_workbook(tmp_path / "f.xlsx").active
    note = next(c for row in form.iter_rows() for c in row if c.value == FORMULAS[0])
    assert note.data_type == "s"
    schedule = commune_ws / "schedule.yaml"
    schedule.write_text(schedule.read_text(encoding="utf-8").replace(
        "sites: [Tổ dân phố số 3]", 'place: "=1+2"\n        sites: [Tổ dân phố số 3]'), encoding="utf-8")
    assert run("schedule", "-w", commune_ws, "--format", "csv", "-o", tmp_path / "l.csv").exit_code == 0
    assert "'=1+2" in (tmp_path / "l.csv").read_text("utf-8-sig")


def _rows(path, delimiter):
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=delimiter))


@pytest.mark.vietnamese
def test_in_vietnamese_the_csv_is_excels_vietnamese_dialect(run, example, tmp_path):
    # An Excel set to Vietnamese splits at ";" and reads 85,5 and 30/09/2022 as number and date
    assert run("export", "-w", example, "--format", "csv", "-o", tmp_path / "kq.csv").exit_code == 0
    figures = _rows(tmp_path / "kq-chi-tieu.csv", ";")
    assert figures[0][:3] == ["Mã đơn vị", "Đơn vị", "Mã chỉ tiêu"]
    assert figures[2][8] == "85,5" and figures[1][8:11] == ["12", "10", "-2"]
    recs = _rows(tmp_path / "kq-kien-nghi.csv", ";")
    assert recs[1][-1] == "30/09/2022"
    findings = _rows(tmp_path / "kq-danh-gia.csv", ";")
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", findings[1][-1]), findings[1][-1]
    assert b"\r\n" in (tmp_path / "kq-kien-nghi.csv").read_bytes()
    schedule = run("schedule", "-w", example, "--format", "csv", "-o", "-")
    rows = list(csv.reader(io.StringIO(schedule.stdout.lstrip("\ufeff")), delimiter=";"))
    assert rows[1][:5] == ["1", "BHXH tỉnh Yên Bái", "bhxh-tinh-yen-bai", "Đoàn kiểm tra số 1",
                           "12/07/2022"]


@pytest.mark.vietnamese
def test_rfc_4180_stays_available_and_is_the_english_default(run, example, tmp_path):
    assert run("export", "-w", example, "--format", "csv", "--dialect", "rfc4180",
               "--table", "indicators", "-o", tmp_path / "a.csv").exit_code == 0
    assert _rows(tmp_path / "a.csv", ",")[2][8] == "85.5"
    english = run("schedule", "-w", example, "--format", "csv", "-o", "-", "--lang", "en")
    assert english.stdout.lstrip("\ufeff").splitlines()[1].startswith(
        "1,BHXH tỉnh Yên Bái,bhxh-tinh-yen-bai,Đoàn kiểm tra số 1,2022-07-12,")
    asked = run("schedule", "-w", example, "--format", "csv", "-o", "-", "--lang", "en",
                "--dialect", "excel-vn")
    assert ";12/07/2022;" in asked.stdout
    wrong = run("export", "-w", example, "--format", "csv", "--dialect", "excel")
    assert wrong.exit_code == 2 and "excel-vn" in wrong.output


def test_xlsx_has_real_number_and_date_cells_with_vietnamese_formats(run, example, tmp_path):
    assert run("export", "-w", example, "-o", tmp_path / "kq.xlsx").exit_code == 0
    book = openpyxl.load_workbook(tmp_path / "kq.xlsx")
    figures = list(book["Chỉ tiêu"].iter_rows(min_row=2))
    count, share = figures[0][8], figures[1][8]
    assert count.value == 12 and count.number_format == "#,##0"
    assert share.value == 85.5 and share.number_format == "#,##0.0"
    due = list(book["Kiến nghị"].iter_rows(min_row=2))[0][-1]
    assert due.is_date and due.value == dt.datetime(2022, 9, 30) and due.number_format == "dd/mm/yyyy"
    recorded = list(book["Đánh giá"].iter_rows(min_row=2))[0][-1]
    assert recorded.is_date and recorded.number_format == "dd/mm/yyyy hh:mm"
    assert run("schedule", "-w", example, "--format", "xlsx", "-o", tmp_path / "l.xlsx").exit_code == 0
    day = list(openpyxl.load_workbook(tmp_path / "l.xlsx").active.iter_rows(min_row=2))[0][4]
    assert day.value == dt.datetime(2022, 7, 12) and day.number_format == "dd/mm/yyyy"
