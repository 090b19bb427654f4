"""`inspection log`: every change of the workspace — answers and their later versions, figures,
documents attached, drafts, reports on recommendations, documents issued — with who and when,
oldest first, for one unit or all, and exported for Excel."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLE, assert_clean_failure


@pytest.fixture
def worked(tmp_path: Path, run) -> Path:
    """A campaign where several people did several things."""
    ws = tmp_path / "campaign"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns(".*", "output", "findings",
                                                               "drafts"))
    (ws / "findings").mkdir()
    steps = [
        ("record", "Yên Bái", "I.1", "--rating", "kha", "--shortcoming", "Chưa có kế hoạch năm",
         "--recommend", "Xây dựng kế hoạch năm", "--due", "30/09/2022", "--by",
         "Trần Thị Mai Anh"),
        ("record", "Yên Bái", "I.1", "--rating", "tot", "--by", "Nguyễn Minh Quân"),
        ("record", "Lào Cai", "I.1", "--rating", "dat", "--by", "Lê Văn Cường"),
        ("draft", "Yên Bái", "--by", "Nguyễn Minh Quân"),
        ("issue", "conclusion", "Yên Bái", "--date", "14/10/2022", "--no-pdf", "--by",
         "Nguyễn Minh Quân"),
        ("followup", "set", "Yên Bái", "1", "--status", "đang thực hiện", "--done",
         "Đã xây dựng kế hoạch", "--by", "Phạm Thu Hà"),
    ]
    for step in steps:
        result = run(*step, "-w", ws)
        assert result.exit_code == 0, (step, result.output)
    return ws


def test_the_log_lists_every_change_with_who_and_what_oldest_first(run, worked):
    result = run("log", "-w", worked)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    first = next(l for l in lines if "Trần Thị Mai Anh" in l)
    assert "I.1, at the unit's office" in first or "I.1, tại trụ sở đơn vị" in first
    assert "ghi lần đầu: đánh giá Khá; 1 tồn tại; 1 kiến nghị" in first
    second = next(l for l in lines if "Nguyễn Minh Quân" in l and "I.1" in l)
    assert "sửa: đánh giá Khá → Tốt" in second
    assert any("Lê Văn Cường" in l and "BHXH tỉnh Lào Cai" in l for l in lines)
    draft = next(l for l in lines if "drafts/bhxh-tinh-yen-bai.yaml" in l)
    assert "Nguyễn Minh Quân" in draft and "inspection draft" in draft
    issued = next(l for l in lines if "ban hành số 01/TB-BHXH ngày 14/10/2022" in l)
    assert "Nguyễn Minh Quân" in issued
    report = next(l for l in lines if "01/TB-BHXH.1" in l)
    assert "Phạm Thu Hà" in report and "đang thực hiện; Đã xây dựng kế hoạch" in report
    positions = [lines.index(x) for x in (first, second, draft, issued, report)]
    assert positions == sorted(positions)


def test_a_draft_changed_by_hand_is_listed_as_such(run, worked):
    path = worked / "drafts" / "bhxh-tinh-yen-bai.yaml"
    path.write_text(path.read_text("utf-8") + "# Trưởng đoàn sửa\n", encoding="utf-8")
    lines = run("log", "Yên Bái", "-w", worked).output.splitlines()
    hand = [l for l in lines if "drafts/bhxh-tinh-yen-bai.yaml" in l and "ngoài chương trình" in l]
    assert len(hand) == 1
    # a line cut short in the journal (a crash while writing it) is skipped, not the others
    journal = worked / "drafts" / ".journal.jsonl"
    journal.write_bytes(journal.read_bytes() + b'{"at": "2022-')
    again = run("log", "Yên Bái", "-w", worked)
    assert again.exit_code == 0 and "inspection draft" in again.output


def test_one_units_log_and_the_export_for_excel(run, worked, tmp_path):
    only = run("log", "Lào Cai", "-w", worked).output
    assert "Lê Văn Cường" in only and "Trần Thị Mai Anh" not in only
    target = tmp_path / "nhat-ky.xlsx"
    result = run("log", "--format", "xlsx", "-o", target, "-w", worked)
    assert result.exit_code == 0, result.output
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Thời điểm", "Người thực hiện", "Mã đơn vị")
    assert any(r[1] == "Phạm Thu Hà" and r[4] == "Kiến nghị" for r in rows[1:])
    assert all(r[0] is not None for r in rows[1:])  # a date cell Excel sorts by
    data = json.loads(run("log", "--format", "json", "-o", "-", "-w", worked).stdout)
    assert len(data) == len(rows) - 1 and data[0]["Người thực hiện"] == "Trần Thị Mai Anh"
    later = run("log", "--since", "01/01/2100", "-w", worked)
    assert later.exit_code == 0 and "Nothing has been recorded yet" in later.output


def test_an_unknown_unit_or_a_bad_date_is_refused(run, worked):
    assert_clean_failure(run("log", "Hà Giang", "-w", worked))
    assert_clean_failure(run("log", "--since", "31/02/2022", "-w", worked), code=2)
