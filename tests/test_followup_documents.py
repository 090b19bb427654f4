"""The documents after the conclusions: the reminder letter (Công văn đôn đốc) to the units
behind, the follow-up report (Báo cáo kết quả theo dõi, đôn đốc) across units, and what the next
campaign's conclusion and report say of the recommendations carried into it. Each is rendered,
opened again and read."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import docx
import pytest
import yaml
from test_render_support import full_text

from conftest import EXAMPLE, assert_clean_failure

YEN_BAI, LAO_CAI, PHU_THO = "bhxh-tinh-yen-bai", "bhxh-tinh-lao-cai", "bhxh-tinh-phu-tho"


def _recs(ws: Path, unit: str) -> list[dict]:
    return yaml.safe_load((ws / "followup" / f"{unit}.yaml").read_text("utf-8"))["recommendations"]


def _day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def _schedule(ws: Path, block: str) -> None:
    """Add settings under the schedule's `documents:`."""
    path = ws / "schedule.yaml"
    path.write_text(path.read_text("utf-8").replace("documents:\n", "documents:\n" + block, 1),
                    encoding="utf-8")


@pytest.fixture
def followed(tmp_path: Path, run) -> Path:
    """Three conclusions issued; Yên Bái reported on three of its recommendations, Lào Cai
    carried one out, Phú Thọ said nothing."""
    ws = tmp_path / "campaign"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns(".*", "output"))
    result = run("issue", "conclusion", "Yên Bái", "Lào Cai", "Phú Thọ", "--date", "14/10/2022",
                 "--no-pdf", "-w", ws)
    assert result.exit_code == 0, result.output
    for args in (("Yên Bái", "1", "--status", "đã thực hiện", "--date", "20/11/2022",
                  "--done", "Đã tổ chức 12 buổi đối thoại"),
                 ("Yên Bái", "2", "--status", "đang thực hiện", "--date", "15/11/2022"),
                 ("Yên Bái", "3", "--status", "không thực hiện được",
                  "--reason", "Hồ sơ năm 2021 bị hư hỏng do lũ lụt"),
                 ("Lào Cai", "1", "--status", "đã thực hiện", "--date", "20/11/2022")):
        assert run("followup", "set", *args, "-w", ws).exit_code == 0
    return ws


def test_a_reminder_goes_only_to_the_units_behind_and_lists_what_is_overdue(run, followed):
    yen_bai = _recs(followed, YEN_BAI)
    last_due = max(_day(r["due"]) for r in yen_bai)
    on = last_due + dt.timedelta(days=1)
    _schedule(followed, f"  reminder: {{date: {on.isoformat()}}}\n")
    result = run("render", "reminder", "-w", followed)
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in (followed / "output").glob("don-doc-*.docx"))
    # every unit whose conclusion was issued has something overdue by then; the others none
    assert made == [f"don-doc-thuc-hien-ket-luan-{u}.docx" for u in sorted((LAO_CAI, PHU_THO,
                                                                            YEN_BAI))]
    text = full_text(followed / "output" / f"don-doc-thuc-hien-ket-luan-{YEN_BAI}.docx")
    assert "V/v đôn đốc thực hiện kết luận kiểm tra" in text
    assert "Kính gửi: BHXH tỉnh Yên Bái." in text
    assert "Ngày 14/10/2022, BHXH Việt Nam đã ban hành Thông báo số 01/TB-BHXH kết luận" in text
    assert f"thực hiện {len(yen_bai):02d} kiến nghị" in text
    assert f"đã thực hiện xong 01/{len(yen_bai):02d} kiến nghị" in text  # it reported
    # what was carried out or cannot be is not pressed for; what is open and late is
    assert yen_bai[0]["text"] not in text and yen_bai[2]["text"] not in text
    for rec in yen_bai[3:]:
        assert rec["text"] in text
    assert "Đang thực hiện; quá hạn" in text  # the second, reported under way
    new_day = (on + dt.timedelta(days=15)).strftime("%d/%m/%Y")
    assert f"trước ngày {new_day}" in text
    assert "(qua Trung tâm Truyền thông)" in text
    assert "- Như trên;" in text and "- Lưu: VT, TT." in text
    silent = full_text(followed / "output" / f"don-doc-thuc-hien-ket-luan-{PHU_THO}.docx")
    assert "chưa nhận được báo cáo kết quả thực hiện" in silent


def test_overdue_counts_from_the_day_after_the_deadline(run, followed):
    lao_cai = _recs(followed, LAO_CAI)
    first = min(_day(r["due"]) for r in lao_cai[1:])
    report_by = min(_day(r["report_by"]) for r in lao_cai)
    on_time = min(first, report_by)
    _schedule(followed, f"  reminder: {{date: {on_time.isoformat()}}}\n")
    nothing = run("render", "reminder", "Lào Cai", "-w", followed)
    assert_clean_failure(nothing)
    assert "nothing to remind it of" in nothing.output
    assert not list((followed / "output").glob("don-doc-*"))
    late = on_time + dt.timedelta(days=1)
    path = followed / "schedule.yaml"
    path.write_text(path.read_text("utf-8").replace(on_time.isoformat(), late.isoformat()),
                    encoding="utf-8")
    result = run("render", "reminder", "Lào Cai", "-w", followed)
    assert result.exit_code == 0, result.output
    text = full_text(followed / "output" / f"don-doc-thuc-hien-ket-luan-{LAO_CAI}.docx")
    assert "quá hạn 01 ngày" in text or "chưa báo cáo" in text


def test_no_reminder_when_nothing_is_followed_up_and_render_all_makes_none(run, tmp_path):
    ws = tmp_path / "campaign"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns(".*", "output"))
    result = run("render", "reminder", "-w", ws)
    assert_clean_failure(result)
    assert "no unit has a recommendation overdue" in result.output
    assert run("render", "all", "-w", ws).exit_code == 0
    names = {p.name for p in (ws / "output").glob("*.docx")}
    assert not any(n.startswith(("don-doc", "bao-cao-theo-doi")) for n in names)


def test_an_issued_reminder_is_a_letter_numbered_without_a_type_code(run, followed):
    result = run("issue", "reminder", "--all", "--date", "06/12/2022", "--no-pdf", "-w",
                 followed)
    assert result.exit_code == 0, result.output
    register = yaml.safe_load((followed / "issued" / "register.yaml").read_text("utf-8"))
    letters = [d for d in register["documents"] if d["kind"] == "reminder"]
    assert [d["number_text"] for d in letters] == ["01/BHXH-TT", "02/BHXH-TT", "03/BHXH-TT"]
    kept = docx.Document(str(followed / letters[0]["file"]))
    header = [c.text for row in kept.tables[0].rows for c in row.cells]
    assert any(t.startswith("Số: 01/BHXH-TT") and "V/v đôn đốc" in t for t in header)
    assert not any(p.text.strip() == "CÔNG VĂN" for p in kept.paragraphs)  # a letter has no title
    # the unit answering the letter does not make the letter "changed after issue"
    assert run("followup", "set", "Phú Thọ", "1", "--status", "đang thực hiện", "-w",
               followed).exit_code == 0
    listed = run("documents", "-w", followed)
    assert listed.exit_code == 0 and "changed after issue" not in listed.output


def test_the_follow_up_report_counts_by_status_unit_by_unit(run, followed):
    _schedule(followed, "  followup: {date: 2023-01-10}\n")
    result = run("render", "followup", "-w", followed)
    assert result.exit_code == 0, result.output
    path = followed / "output" / "bao-cao-theo-doi-thuc-hien-ket-luan.docx"
    text = full_text(path)
    recs = {u: _recs(followed, u) for u in (YEN_BAI, LAO_CAI, PHU_THO)}
    total = sum(len(r) for r in recs.values())
    assert "BÁO CÁO" in text and "Kết quả theo dõi, đôn đốc thực hiện kết luận" in text
    assert f"ban hành 03 Thông báo kết luận kiểm tra với {total:02d} kiến nghị" in text
    assert "đến ngày 10/01/2023" in text
    assert f"Tổng số {total} kiến nghị: đã thực hiện 02 kiến nghị" in text
    table = docx.Document(str(path)).tables[1]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0][:4] == ["STT", "Đơn vị", "Số kiến nghị", "Đã thực hiện"]
    yen_bai = next(r for r in rows if r[1] == "BHXH tỉnh Yên Bái")
    assert yen_bai[2:8] == [str(len(recs[YEN_BAI])), "1", "1", str(len(recs[YEN_BAI]) - 3), "1",
                            str(len(recs[YEN_BAI]) - 2)]
    assert rows[-1][1] == "Tổng cộng" and rows[-1][2] == str(total)
    assert ": hồ sơ năm 2021 bị hư hỏng do lũ lụt." in text  # why it cannot be done
    assert "BHXH tỉnh Phú Thọ" in text.split("II. ĐÁNH GIÁ")[1]  # has not reported
    assert "Ban hành văn bản đôn đốc" in text
    assert "- Lưu: VT, TTTT." in text  # the summary report's own settings
    # units without an issued conclusion are not in the table
    assert not any(r[1] == "BHXH tỉnh Nghệ An" for r in rows)


def test_the_follow_up_report_shares_the_reports_number_series(run, followed):
    assert run("issue", "report", "--date", "20/10/2022", "--no-pdf", "-w",
               followed).exit_code == 0
    result = run("issue", "followup", "--date", "10/01/2023", "--no-pdf", "-w", followed)
    assert result.exit_code == 0, result.output
    register = yaml.safe_load((followed / "issued" / "register.yaml").read_text("utf-8"))
    numbers = {d["kind"]: d["number_text"] for d in register["documents"]}
    assert numbers["report"] == "01/BC-TTTT" and numbers["followup"] == "02/BC-TTTT"
    taken = run("issue", "followup", "--reason", "sửa", "--number", "1", "-w", followed)
    assert_clean_failure(taken)
    assert "01/BC-TTTT is the number of another document" in taken.output


def test_the_next_campaign_says_what_became_of_the_carried_recommendations(run, followed,
                                                                        tmp_path):
    new = tmp_path / "kiem-tra-2023"
    assert run("init", new, "--from", followed).exit_code == 0
    carried = _recs(new, YEN_BAI)
    assert run("followup", "verify", "Yên Bái", carried[0]["id"], "--result", "đã khắc phục",
               "-w", new).exit_code == 0
    assert run("followup", "verify", "Yên Bái", carried[1]["id"], "--result",
               "chưa khắc phục", "-w", new).exit_code == 0
    assert run("render", "conclusion", "Yên Bái", "-w", new).exit_code == 0
    text = full_text(new / "output" / f"ket-luan-{YEN_BAI}.docx")
    part = text.split("Việc thực hiện kiến nghị của lần kiểm tra trước", 1)[1].split(
        "B. KẾT LUẬN CHUNG")[0]
    assert f"Đoàn kiểm tra đã kiểm tra việc thực hiện {len(carried):02d} kiến nghị" in part
    assert "Thông báo số 01/TB-BHXH ngày 14/10/2022" in part
    assert "đã khắc phục 01; chưa khắc phục 01" in part
    assert f"{carried[0]['text'].rstrip('.')}: đã khắc phục." in part
    assert f"{carried[1]['text'].rstrip('.')}: chưa khắc phục." in part
    assert run("render", "report", "-w", new).exit_code == 0
    report = full_text(new / "output" / "bao-cao-ket-qua-kiem-tra.docx")
    section = report.split("3. Việc thực hiện kiến nghị của lần kiểm tra trước", 1)[1]
    assert re.search(r"kiểm tra lại \d\d kiến nghị chưa thực hiện xong của lần kiểm tra trước",
                     section)
    assert carried[1]["text"].rstrip(".") in section  # not remedied: named
    assert f"{carried[0]['text'].rstrip('.')}: đã khắc phục" not in section  # remedied: counted
    # a campaign with nothing carried says nothing of it
    assert run("render", "conclusion", "Yên Bái", "-w", followed).exit_code == 0
    plain = full_text(followed / "output" / f"ket-luan-{YEN_BAI}.docx")
    assert "lần kiểm tra trước" not in plain
