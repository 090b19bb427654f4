"""The summary report's editorial step: `inspection draft` (every unit) also drafts
drafts/bao-cao-tong-hop.yaml from the units' conclusions; the lead edits it; drafting again
keeps the edits and adds what is new; `check` reads it; the report is rendered from it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from test_render_support import full_text

REPORT = "drafts/bao-cao-tong-hop.yaml"
SHORTCOMING = "Chưa có sổ theo dõi thời lượng phát thanh."


def record(run, ws: Path, unit: str, item: str, *args: str) -> None:
    result = run("record", unit, item, *args, "-w", ws)
    assert result.exit_code == 0, result.output


def report_of(ws: Path) -> dict:
    return yaml.safe_load((ws / REPORT).read_text(encoding="utf-8"))


@pytest.fixture
def drafted(run, commune_ws):
    ws = commune_ws
    # the same shortcoming at two units, typed differently; a strength at one unit only
    record(run, ws, "Hồng Bàng", "I.1", "--rating", "1", "--shortcoming", SHORTCOMING,
           "--strength", "Bản tin phát thanh bằng tiếng địa phương vào giờ cao điểm.")
    record(run, ws, "Cát Hải", "I.1", "--rating", "3", "--shortcoming",
           "chưa có sổ theo dõi  thời lượng phát thanh")
    record(run, ws, "Báo Hải Phòng", "I.1", "--rating", "2", "--observation",
           "Đề nghị Sở tổ chức tập huấn viết tin về chuyển đổi số")
    result = run("draft", "-w", ws)
    assert result.exit_code == 0, result.output
    assert f"{REPORT}: drafted the summary report: " in result.output
    return ws


def test_the_report_draft_holds_the_common_points_and_the_good_practices(drafted):
    report = report_of(drafted)
    first = report["areas"][0]
    assert (first["section"], first["title"]) == ("I", "Kết quả tuyên truyền")
    assert first["shortcomings"] == [{"text": SHORTCOMING,
                                      "units": "Phường Hồng Bàng, Đặc khu Cát Hải"}]
    assert first["strengths"] == []  # one unit's strength is not a common one …
    assert "Nội dung này được đánh giá" in first["assessment"]
    assert [p["text"] for p in report["good_practices"]] == [  # … but a good practice
        "Bản tin phát thanh bằng tiếng địa phương vào giờ cao điểm."]
    assert "đơn vị theo Kế hoạch" in report["assessment"]
    assert (drafted / REPORT).read_text(encoding="utf-8").startswith("# Dự thảo báo cáo")


def test_the_lead_edits_survive_drafting_again_and_the_new_point_is_marked(run, drafted):
    path = drafted / REPORT
    report = report_of(drafted)
    report["assessment"] = "Các đơn vị đã triển khai nghiêm túc Kế hoạch (lời Trưởng đoàn)."
    report["proposals"] = [{"text": "Bổ sung kinh phí cho đài truyền thanh cơ sở."}]
    path.write_text(yaml.safe_dump(report, allow_unicode=True), encoding="utf-8")
    assert run("check", "-w", drafted).exit_code == 0
    # a new shortcoming at two units after the first draft
    for unit in ("Hồng Bàng", "Báo Hải Phòng"):
        record(run, drafted, unit, "I.1", "--shortcoming", "Pa nô tuyên truyền đã bạc màu.")
    stale = run("render", "report", "-w", drafted)  # the conclusions' drafts miss them too
    assert f"of the findings are not in {REPORT}" in stale.output, stale.output
    result = run("draft", "-w", drafted)
    assert result.exit_code == 0, result.output
    assert f"{REPORT}: 1 new point(s) added" in result.output
    again = report_of(drafted)
    assert again["assessment"] == report["assessment"]
    assert again["proposals"] == report["proposals"]
    shortcomings = again["areas"][0]["shortcomings"]
    assert shortcomings[0] == {"text": SHORTCOMING, "units": "Phường Hồng Bàng, Đặc khu Cát Hải"}
    assert shortcomings[1] == {"text": "Pa nô tuyên truyền đã bạc màu.",
                               "units": "Phường Hồng Bàng, Báo Hải Phòng", "new": "true"}
    assert run("draft", "-w", drafted).output.rstrip().endswith(f"{REPORT}: nothing new.")
    # the report says what the lead wrote
    assert run("render", "report", "-w", drafted).exit_code == 0
    text = full_text(drafted / "output" / "bao-cao-ket-qua-kiem-tra.docx")
    assert "C. ĐÁNH GIÁ CHUNG\n1. Kết quả chung\nCác đơn vị đã triển khai nghiêm túc Kế hoạch (lời Trưởng đoàn)." in text
    assert f"- {SHORTCOMING[:-1]} (Phường Hồng Bàng và Đặc khu Cát Hải)." in text
    assert "- Bổ sung kinh phí cho đài truyền thanh cơ sở." in text
    assert text.count("Pa nô tuyên truyền đã bạc màu") == 1


def test_check_names_the_line_of_a_broken_report_draft(run, drafted):
    path = drafted / REPORT
    report = report_of(drafted)
    report["good_practices"] = [{"text": "Một cách làm hay", "units": "Hải Dương"}]
    report["proposals"] = {"text": "Một đề xuất"}  # a block of keys, not a list
    text = yaml.safe_dump(report, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("proposals:"))
    result = run("check", "-w", drafted)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert f"drafts/bao-cao-tong-hop.yaml:{line}: proposals:" in result.output, result.output
    assert "'Hải Dương' is not a unit of the schedule" in result.output
    before = path.read_bytes()
    assert run("render", "report", "-w", drafted).exit_code != 0  # refused, not a half report
    assert path.read_bytes() == before


def test_a_report_draft_written_by_hand_renders_with_the_outlines_titles(run, commune_ws):
    path = commune_ws / REPORT
    path.parent.mkdir()
    path.write_text("assessment: Đánh giá của Trưởng đoàn & <Đoàn>.\nareas:\n- section: I\n"
                    "  shortcomings:\n  - Một tồn tại chung\n", encoding="utf-8")
    assert run("check", "-w", commune_ws).exit_code == 0
    result = run("render", "report", "-w", commune_ws)
    assert result.exit_code == 0, result.output
    text = full_text(commune_ws / "output" / "bao-cao-ket-qua-kiem-tra.docx")
    assert "B. KẾT QUẢ KIỂM TRA\nI. Kết quả tuyên truyền\na) Tồn tại, hạn chế\n- Một tồn tại chung." \
        in text  # the section's title from the outline; the point ends with a full stop
    assert "C. ĐÁNH GIÁ CHUNG\n1. Kết quả chung\nĐánh giá của Trưởng đoàn & <Đoàn>." in text
