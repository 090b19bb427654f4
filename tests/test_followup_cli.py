"""`inspection followup`: the register of recommendations shown, filtered and exported, and one
report recorded by hand with its evidence, every report kept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml

from conftest import EXAMPLE, assert_clean_failure

YEN_BAI, LAO_CAI = "bhxh-tinh-yen-bai", "bhxh-tinh-lao-cai"


def _recs(ws: Path, unit: str) -> list[dict]:
    return yaml.safe_load((ws / "followup" / f"{unit}.yaml").read_text("utf-8"))["recommendations"]


def test_the_register_lists_each_unit_and_marks_what_is_overdue_on_the_right_day(run, issued):
    first = _recs(issued, YEN_BAI)[0]
    due = first["due"]  # dd/mm/yyyy
    day, month, year = (int(x) for x in due.split("/"))
    on_the_day = run("followup", "Yên Bái", "--today", f"{day:02d}/{month:02d}/{year}",
                     "-w", issued)
    assert on_the_day.exit_code == 0, on_the_day.output
    line = next(l for l in on_the_day.output.splitlines() if l.strip().startswith(first["id"]))
    assert "Quá hạn" not in line
    import datetime as dt
    next_day = dt.date(year, month, day) + dt.timedelta(days=1)
    later = run("followup", "Yên Bái", "--today", next_day.strftime("%d/%m/%Y"), "-w", issued)
    line = next(l for l in later.output.splitlines() if l.strip().startswith(first["id"]))
    assert "Quá hạn" in line
    everything = run("followup", "-w", issued).output
    assert "BHXH tỉnh Yên Bái" in everything and "BHXH tỉnh Lào Cai" in everything


def test_a_report_by_hand_is_added_with_its_evidence_and_earlier_reports_stay(run, issued,
                                                                               tmp_path):
    proof = tmp_path / "Giấy nộp tiền & biên lai.pdf"
    proof.write_bytes(b"%PDF-1.4 proof")
    result = run("followup", "set", "Yên Bái", "1", "--status", "dang thuc hien",
                 "--done", "Đã xây dựng kế hoạch", "--date", "01/11/2022", "--by", "Lê Văn Cường",
                 "-w", issued)
    assert result.exit_code == 0, result.output
    result = run("followup", "set", "Yên Bái", "01/TB-BHXH.1", "--status", "Đã thực hiện",
                 "--date", "01/12/2022", "--done", "Đã thực hiện xong", "--evidence", proof,
                 "-w", issued)
    assert result.exit_code == 0, result.output
    rec = _recs(issued, YEN_BAI)[0]
    assert [u["status"] for u in rec["updates"]] == ["dang-thuc-hien", "da-thuc-hien"]
    assert rec["updates"][0]["recorded_by"] == "Lê Văn Cường"
    kept = issued / rec["updates"][1]["evidence"][0]["file"]
    assert kept.read_bytes() == proof.read_bytes() and "theo-doi" in kept.parts
    assert rec["updates"][1]["evidence"][0]["name"] == proof.name
    done = run("followup", "--done", "-w", issued).output
    assert rec["id"] in done and "01/TB-BHXH.2" not in done


@pytest.mark.parametrize("args, message", [
    (("9", "--status", "đã thực hiện"), "no recommendation 9"),
    (("1", "--status", "xong roi"), "not a status"),
    (("1", "--status", "không thực hiện được"), "--reason"),
    (("1", "--status", "đã thực hiện", "--date", "01/01/2099"), "01/01/2099"),
    (("1", "--status", "đã thực hiện", "--evidence", "/no/such/file.pdf"), "no such file"),
])
def test_a_report_that_cannot_be_true_is_refused_and_nothing_changes(run, issued, args, message):
    before = (issued / "followup" / f"{YEN_BAI}.yaml").read_bytes()
    result = run("followup", "set", "Yên Bái", *args, "-w", issued)
    assert result.exit_code in (1, 2) and "Traceback" not in result.output
    assert message in result.output
    assert (issued / "followup" / f"{YEN_BAI}.yaml").read_bytes() == before
    assert not (issued / "evidence" / YEN_BAI / "theo-doi").exists()


def test_the_register_exports_for_excel_and_as_json(run, issued, tmp_path):
    assert run("followup", "set", "Lào Cai", "1", "--status", "đã thực hiện", "--date",
               "02/11/2022", "-w", issued).exit_code == 0
    target = tmp_path / "so-theo-doi.xlsx"
    result = run("followup", "--format", "xlsx", "-o", target, "-w", issued)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    total = len(_recs(issued, YEN_BAI)) + len(_recs(issued, LAO_CAI))
    assert rows[0][0] == "Mã kiến nghị" and len(rows) == total + 1
    assert any(r[2] == "BHXH tỉnh Lào Cai" and r[8] == "Đã thực hiện" for r in rows[1:])
    out = run("followup", "--format", "json", "--overdue", "--today", "01/06/2023", "-o", "-",
              "-w", issued)
    data = json.loads(out.stdout)
    assert len(data) == total - 1 and all("Quá hạn" in r["Ghi chú"] for r in data)


def test_without_issued_conclusions_the_register_says_what_to_do(run, tmp_path):
    target = tmp_path / "campaign"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".*", "output"))
    result = run("followup", "-w", target)
    assert result.exit_code == 0 and "inspection issue conclusion" in result.output
    assert_clean_failure(run("followup", "set", "Yên Bái", "1", "--status", "đã thực hiện",
                             "-w", target))
