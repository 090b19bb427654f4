"""The follow-up form: a unit's recommendations sent as an Excel sheet, filled in by the unit and
read back cell by cell; nothing taken while any cell is bad, a form taken twice counted once."""

from __future__ import annotations

import csv
import datetime as dt
import os
import unicodedata
from pathlib import Path

import openpyxl
import pytest
import yaml

from conftest import assert_clean_failure

YEN_BAI, LAO_CAI = "bhxh-tinh-yen-bai", "bhxh-tinh-lao-cai"
STATUS, DONE, DATE, DOCUMENTS, REASON = "G", "H", "I", "J", "K"  # the unit's columns
FIRST = 7  # the first recommendation's row


def _register(ws: Path, unit: str = YEN_BAI) -> Path:
    return ws / "followup" / f"{unit}.yaml"


def _recs(ws: Path, unit: str = YEN_BAI) -> list[dict]:
    return yaml.safe_load(_register(ws, unit).read_text("utf-8"))["recommendations"]


def _form(run, ws: Path, tmp_path: Path, unit: str = "Yên Bái") -> Path:
    target = tmp_path / f"form-{len(list(tmp_path.glob('form-*')))}.xlsx"
    result = run("followup", "form", unit, "-o", target, "-w", ws)
    assert result.exit_code == 0, result.output
    return target


def _fill(path: Path, rows: dict[int, dict[str, object]]) -> Path:
    """Type into the form as a unit would: {row offset: {column letter: value}}."""
    book = openpyxl.load_workbook(path)
    sheet = book.active
    for offset, cells in rows.items():
        for column, content in cells.items():
            sheet[f"{column}{FIRST + offset}"] = content
    book.save(path)
    return path


def test_the_form_lists_the_units_recommendations_with_columns_to_fill_in(run, issued,
                                                                          tmp_path):
    path = _form(run, issued, tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    recs = _recs(issued)
    assert sheet["A1"].value == "BHXH TỈNH YÊN BÁI"
    assert "01/TB-BHXH ngày 14/10/2022" in sheet["A3"].value
    header = [c.value for c in sheet[FIRST - 1]]
    assert header[:3] == ["STT", "Mã kiến nghị (không sửa)", "Nội dung kiến nghị"]
    assert header[6:] == ["Tình trạng mới", "Kết quả thực hiện", "Ngày thực hiện",
                          "Tài liệu chứng minh", "Lý do không thực hiện được"]
    listed = [sheet[f"B{FIRST + i}"].value for i in range(len(recs))]
    assert listed == [r["id"] for r in recs]
    assert sheet[f"C{FIRST}"].value == recs[0]["text"]
    assert sheet[f"E{FIRST}"].value.date() == dt.datetime.strptime(recs[0]["due"], "%d/%m/%Y").date()
    assert sheet[f"F{FIRST}"].value == "Chưa thực hiện"
    # the unit can type only into its own columns, and chooses the status from a list
    assert sheet.protection.sheet
    assert sheet[f"C{FIRST}"].protection.locked and not sheet[f"G{FIRST}"].protection.locked
    choices = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert "Không thực hiện được" in choices[0].formula1
    assert f"G{FIRST}" in str(choices[0].sqref)
    assert book.properties.keywords.endswith(YEN_BAI)
    # nothing below the table but the signatures
    assert sheet[f"B{FIRST + len(recs)}"].value is None


def test_a_filled_form_adds_each_report_to_the_history_and_a_second_import_adds_none(
        run, issued, tmp_path):
    path = _fill(_form(run, issued, tmp_path), {
        0: {STATUS: "Đã thực hiện", DONE: "Đã tổ chức 12 buổi đối thoại với lao động tự do",
            DATE: dt.datetime(2022, 11, 20), DOCUMENTS: "Báo cáo số 456/BC-BHXH ngày 25/11/2022"},
        1: {STATUS: "đang thực hiện", DONE: "Đã rà soát 2/3 huyện", DATE: "15/11/2022"},
        2: {STATUS: "Không thực hiện được", REASON: "Hồ sơ năm 2021 đã bị hỏng do lũ lụt"},
    })
    result = run("followup", "import", "Yên Bái", path, "--by", "Lê Văn Cường", "-w", issued)
    assert result.exit_code == 0, result.output
    assert "3" in result.output
    recs = _recs(issued)
    first = recs[0]["updates"][-1]
    assert first["status"] == "da-thuc-hien" and first["date"] == "20/11/2022"
    assert first["documents"] == "Báo cáo số 456/BC-BHXH ngày 25/11/2022"
    assert first["reported_by"] == "BHXH tỉnh Yên Bái" and first["recorded_by"] == "Lê Văn Cường"
    assert first["via"].startswith("form ")
    assert recs[1]["updates"][-1]["date"] == "15/11/2022"
    assert recs[2]["updates"][-1]["reason"] == "Hồ sơ năm 2021 đã bị hỏng do lũ lụt"
    assert "updates" not in recs[3]  # left blank: nothing reported
    shown = run("followup", "Yên Bái", "-w", issued).output
    assert "1 carried out, 1 being carried out, 2 not yet, 1 cannot be" in shown
    exported = tmp_path / "so-theo-doi.xlsx"
    assert run("followup", "Yên Bái", "--format", "xlsx", "-o", exported, "-w",
               issued).exit_code == 0
    rows = list(openpyxl.load_workbook(exported).active.iter_rows(values_only=True))
    proofs = rows[0].index("Tài liệu chứng minh")
    assert rows[1][proofs] == "Báo cáo số 456/BC-BHXH ngày 25/11/2022"
    before = _register(issued).read_bytes()
    again = run("followup", "import", "Yên Bái", path, "-w", issued)
    assert again.exit_code == 0, again.output
    assert _register(issued).read_bytes() == before
    # a later form says more: it is added after the earlier reports, which stay
    later = _fill(_form(run, issued, tmp_path), {1: {STATUS: "Đã thực hiện",
                                                     DATE: "01/12/2022"}})
    assert run("followup", "import", "Yên Bái", later, "-w", issued).exit_code == 0
    history = [u["status"] for u in _recs(issued)[1]["updates"]]
    assert history == ["dang-thuc-hien", "da-thuc-hien"]


BAD_CELLS = [
    ({STATUS: "Xong rồi"}, STATUS, "'Xong rồi'", "not a status"),
    ({STATUS: "Đã thực hiện", DATE: "01/01/2099"}, DATE, "01/01/2099", "still to come"),
    ({STATUS: "Đã thực hiện", DATE: "31/02/2022"}, DATE, "31/02/2022", "is not a date"),
    ({STATUS: "Đang thực hiện", DATE: "tháng 11"}, DATE, "tháng 11", "is not a date"),
    ({STATUS: "Không thực hiện được"}, REASON, None, "say why"),
    ({DONE: "Đã làm một phần"}, STATUS, None, "no new status"),
    ({"B": "02/TB-BHXH.1", STATUS: "Đã thực hiện"}, "B", "02/TB-BHXH.1",
     "no recommendation with this id"),
    ({"C": "Một kiến nghị khác hẳn", STATUS: "Đã thực hiện"}, "C", "Một kiến nghị khác hẳn",
     "text of the recommendation was changed"),
]


@pytest.mark.parametrize("cells, column, shown, message", BAD_CELLS,
                         ids=[case[3] for case in BAD_CELLS])
def test_a_bad_cell_is_named_by_row_and_column_and_nothing_is_imported(
        run, issued, tmp_path, cells, column, shown, message):
    # one good row beside the bad one: it must not be imported either
    path = _fill(_form(run, issued, tmp_path), {0: {STATUS: "Đã thực hiện",
                                                    DATE: "01/11/2022"}, 1: cells})
    before = _register(issued).read_bytes()
    result = run("followup", "import", "Yên Bái", path, "-w", issued)
    assert_clean_failure(result)
    assert f"{path}: sheet 'Kết quả thực hiện', row {FIRST + 1}, column {column}" in result.output
    assert message in result.output
    if shown:
        assert shown in result.output
    assert "nothing was imported" in result.output
    assert _register(issued).read_bytes() == before


def test_every_bad_cell_is_listed_at_once(run, issued, tmp_path):
    path = _fill(_form(run, issued, tmp_path), {
        0: {STATUS: "Xong"}, 2: {STATUS: "Không thực hiện được"},
        3: {STATUS: "Đã thực hiện", DATE: "01/01/2099"}})
    result = run("followup", "import", "Yên Bái", path, "-w", issued)
    assert_clean_failure(result)
    assert [f"row {FIRST + i}" in result.output for i in (0, 2, 3)] == [True] * 3
    assert "3 problem(s)" in result.output


def test_a_recommendation_listed_twice_and_a_report_without_an_id_are_refused(run, issued,
                                                                             tmp_path):
    recs = _recs(issued)
    path = _fill(_form(run, issued, tmp_path), {
        1: {"B": recs[0]["id"], "C": recs[0]["text"], STATUS: "Đã thực hiện"},
        2: {"B": None, STATUS: "Đang thực hiện"}})
    result = run("followup", "import", "Yên Bái", path, "-w", issued)
    assert_clean_failure(result)
    assert f"already in row {FIRST}" in result.output
    assert "no recommendation id" in result.output


def test_another_units_form_is_refused(run, issued, tmp_path):
    path = _fill(_form(run, issued, tmp_path, "Lào Cai"), {0: {STATUS: "Đã thực hiện"}})
    before = _register(issued, LAO_CAI).read_bytes()
    result = run("followup", "import", "Yên Bái", path, "-w", issued)
    assert_clean_failure(result)
    assert "made for the unit bhxh-tinh-lao-cai" in result.output
    assert _register(issued, LAO_CAI).read_bytes() == before
    assert "updates" not in _recs(issued)[0]


def test_a_form_saved_as_csv_in_excels_vietnamese_dialect_is_read_too(run, issued, tmp_path):
    recs = _recs(issued)
    path = tmp_path / "bao-cao.csv"
    # "CSV" as Excel saves it on a Vietnamese Windows: Windows-1258, tones as combining marks
    with open(path, "w", encoding="cp1258", newline="") as stream:
        writer = csv.writer(_Decomposed(stream), delimiter=";")
        writer.writerow(["BHXH TỈNH YÊN BÁI"])
        writer.writerow([])
        writer.writerow(["STT", "Mã kiến nghị (không sửa)", "Nội dung kiến nghị", "Tình trạng mới",
                         "Kết quả thực hiện", "Ngày thực hiện"])
        writer.writerow(["1", recs[0]["id"], recs[0]["text"], "Đã thực hiện",
                         "Đã tổ chức đối thoại; kết quả tốt", "5/11/2022"])
    result = run("followup", "import", "Yên Bái", path, "-w", issued)
    assert result.exit_code == 0, result.output
    assert "Windows-1258" in result.output
    update = _recs(issued)[0]["updates"][-1]
    assert update["done"] == "Đã tổ chức đối thoại; kết quả tốt" and update["date"] == "05/11/2022"


_TONES = "\u0300\u0301\u0303\u0309\u0323"


class _Decomposed:
    """A stream that writes Vietnamese as Windows-1258 has it: a letter with its tone as the
    letter (with its other marks) followed by the tone's combining mark."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        def one(c: str) -> str:
            parts = unicodedata.normalize("NFD", c)
            tones = "".join(m for m in parts if m in _TONES)
            return unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONES)) + tones
        return self.stream.write("".join(one(c) for c in unicodedata.normalize("NFC", text)))


@pytest.mark.parametrize("make, message", [
    (lambda p: p.mkdir(), "folder"),
    (lambda p: os.mkfifo(p), "named pipe"),
    (lambda p: p.write_bytes(b"PK\x03\x04 broken"), "cannot be read as an Excel workbook"),
    (lambda p: p.write_text("tên;tuổi\nA;1\n", encoding="utf-8"), "header row of the follow-up"),
])
def test_a_file_that_is_no_form_gets_a_clear_message(run, issued, tmp_path, make, message):
    if message == "named pipe" and not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    path = tmp_path / ("bao-cao.csv" if "header" in message else "bao-cao.xlsx")
    make(path)
    result = run("followup", "import", "Yên Bái", path, "-w", issued)
    assert_clean_failure(result)
    assert str(path) in result.output and message in result.output


def test_forms_for_every_unit_with_recommendations_only(run, issued, tmp_path):
    result = run("followup", "form", "--all", "-o", tmp_path / "forms", "-w", issued)
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in (tmp_path / "forms").iterdir())
    assert made == [f"theo-doi-kien-nghi-{LAO_CAI}.xlsx", f"theo-doi-kien-nghi-{YEN_BAI}.xlsx"]
    none_yet = run("followup", "form", "Phú Thọ", "-o", tmp_path / "x.xlsx", "-w", issued)
    assert_clean_failure(none_yet)
    assert "not issued yet" in none_yet.output and not (tmp_path / "x.xlsx").exists()


def test_documents_attach_to_a_recommendation_its_status_unchanged(run, issued, tmp_path):
    proof = tmp_path / "Công văn 123.pdf"
    proof.write_bytes(b"%PDF-1.4 proof")
    result = run("followup", "attach", "Yên Bái", "2", proof, "--note", "Công văn báo cáo",
                 "-w", issued)
    assert result.exit_code == 0, result.output
    update = _recs(issued)[1]["updates"][-1]
    assert update["status"] == "chua-thuc-hien" and update["via"] == "attach"
    assert (issued / update["evidence"][0]["file"]).read_bytes() == proof.read_bytes()
    missing = run("followup", "attach", "Yên Bái", "2", tmp_path / "nope.pdf", "-w", issued)
    assert_clean_failure(missing)
