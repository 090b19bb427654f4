"""The editorial step: `inspection draft` composes each unit's conclusion from its findings, the
team lead edits the draft, drafting again keeps every edit and adds only what is new, and the
conclusion is rendered from the draft."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import assert_clean_failure
from test_render_support import full_text

UNIT = "Hồng Bàng"
DRAFT = "drafts/phuong-hong-bang.yaml"
SITE = "Tổ dân phố số 3"


def record(run, ws: Path, item: str, *args: str, site: str | None = None) -> None:
    extra = ["--site", site] if site else []
    result = run("record", UNIT, item, *extra, *args, "-w", ws)
    assert result.exit_code == 0, result.output


def draft_of(ws: Path) -> dict:
    return yaml.safe_load((ws / DRAFT).read_text(encoding="utf-8"))


def texts(area: dict, field: str) -> list[str]:
    return [p["text"] for p in area.get(field) or []]


@pytest.fixture
def recorded(run, commune_ws):
    ws = commune_ws
    record(run, ws, "I.1", "--rating", "1", "--strength", "Bản tin phát thanh phát đều đặn hằng tuần.",
           "--shortcoming", "Chưa có sổ theo dõi  thời lượng phát thanh",
           "--recommend", "Lập sổ theo dõi thời lượng phát thanh", "--owner", "Đài truyền thanh phường",
           "--due", "30/09/2026")
    # the same points typed again elsewhere: other case, spacing, punctuation, tone placement
    record(run, ws, "I.2", "--rating", "2", "--strength", "bản tin phát thanh phát đều đặn, hằng tuần",
           "--strength", "Phối hợp hoà nhịp với Mặt trận phường.",
           "--recommend", "lập sổ theo dõi thời lượng phát thanh.", "--due", "31/08/2026")
    record(run, ws, "I.2", "--rating", "2", "--shortcoming", "Tại Tổ dân phố số 3, pa nô đã bạc màu.",
           "--cause", "Kinh phí hạn hẹp (khách quan).", "--cause", "Chưa kiểm tra thường xuyên (chủ quan).",
           site=SITE)
    record(run, ws, "TT.1", "--rating", "3", "--strength", "Phối hợp hòa nhịp với Mặt trận phường")
    return ws


def test_a_draft_states_each_point_once_and_says_once_where_it_was_found(run, recorded):
    result = run("draft", UNIT, "-w", recorded)
    assert result.exit_code == 0, result.output
    assert f"{DRAFT}: drafted: 2 area(s)" in result.output
    draft = draft_of(recorded)
    assert draft["unit"] == "phuong-hong-bang"
    first, survey = draft["areas"]
    assert (first["section"], first["title"]) == ("I", "Kết quả tuyên truyền")
    assert survey["section"] == "Khảo sát thực tế"  # a checklist group outside the outline
    assert texts(first, "strengths") == ["Bản tin phát thanh phát đều đặn hằng tuần.",
                                         "Phối hợp hoà nhịp với Mặt trận phường."]
    assert first["strengths"][0]["from"] == "I.1, I.2"
    assert texts(first, "shortcomings") == ["Chưa có sổ theo dõi  thời lượng phát thanh",
                                            "Tại Tổ dân phố số 3: pa nô đã bạc màu."]
    assert first["shortcomings"][1]["from"] == "I.2@to-dan-pho-so-3"
    assert texts(first["causes"], "subjective") == ["Tại Tổ dân phố số 3: chưa kiểm tra thường xuyên."]
    assert texts(first["causes"], "objective") == ["Tại Tổ dân phố số 3: kinh phí hạn hẹp."]
    assert first["assessment"].startswith("Đoàn đã kiểm tra 3 nội dung; kết quả đánh giá:")
    # one recommendation for the two that asked the same: both owners, the earlier deadline
    (rec,) = draft["recommendations"]
    assert rec == {"id": "KN1", "text": "Lập sổ theo dõi thời lượng phát thanh",
                   "owner": "Đài truyền thanh phường và Phường Hồng Bàng", "due": "31/08/2026",
                   "from": "I.1, I.2"}
    assert draft["conclusion"].startswith("Qua kiểm tra tại Phường Hồng Bàng")
    assert run("check", "-w", recorded).exit_code == 0


def edit(ws: Path, change) -> None:
    path = ws / DRAFT
    text = path.read_text(encoding="utf-8")
    path.write_text(change(text), encoding="utf-8")


def test_drafting_again_keeps_the_leads_edits_and_marks_what_is_new(run, recorded):
    assert run("draft", "-w", recorded).exit_code == 0
    edit(recorded, lambda t: t
         .replace("text: Bản tin phát thanh phát đều đặn hằng tuần.",
                  "text: Hệ thống truyền thanh phường hoạt động đều đặn, bản tin phát hằng tuần.")
         .replace("  - text: Phối hợp hoà nhịp với Mặt trận phường.\n    from: I.2\n", "")
         .replace("owner: Đài truyền thanh phường và Phường Hồng Bàng", "owner: Đài truyền thanh phường"))
    assert "hoà nhịp" not in (recorded / DRAFT).read_text(encoding="utf-8")
    edited = draft_of(recorded)
    edited_text = (recorded / DRAFT).read_text(encoding="utf-8")

    # nothing new recorded: nothing changes, not even the file
    result = run("draft", UNIT, "-w", recorded)
    assert result.exit_code == 0 and "nothing new in the findings" in result.output
    assert (recorded / DRAFT).read_text(encoding="utf-8") == edited_text

    record(run, recorded, "I.1", "--shortcoming", "Bản tin chưa có chuyên mục BHXH.",
           "--recommend", "Xây dựng chuyên mục BHXH trên truyền thanh phường")
    result = run("draft", UNIT, "-w", recorded)
    assert result.exit_code == 0, result.output
    assert "2 new point(s) or recommendation(s) added, marked `new: true`" in result.output
    again = draft_of(recorded)
    first = again["areas"][0]
    assert texts(first, "strengths") == ["Hệ thống truyền thanh phường hoạt động đều đặn, bản tin phát hằng tuần."]
    assert first["shortcomings"][:2] == edited["areas"][0]["shortcomings"]
    assert first["shortcomings"][2] == {"text": "Bản tin chưa có chuyên mục BHXH.", "from": "I.1", "new": "true"}
    assert again["recommendations"][0]["owner"] == "Đài truyền thanh phường"
    assert again["recommendations"][1]["id"] == "KN2" and again["recommendations"][1]["new"] == "true"

    # the conclusion is the draft's: the lead's words, not the deleted point
    assert run("render", "conclusion", UNIT, "-w", recorded).exit_code == 0
    text = full_text(recorded / "output" / "ket-luan-phuong-hong-bang.docx")
    assert "a) Ưu điểm\n- Hệ thống truyền thanh phường hoạt động đều đặn, bản tin phát hằng tuần." in text
    assert "Phối hợp hoà nhịp" not in text  # deleted from the first area by the lead
    assert text.count("Phối hợp hòa nhịp") == 1  # the survey's own point stays
    assert "- Bản tin chưa có chuyên mục BHXH." in text
    assert ("1. Lập sổ theo dõi thời lượng phát thanh. Đơn vị thực hiện: Đài truyền thanh phường; "
            "thời hạn: trước ngày 31/08/2026.") in text
    assert "2. Xây dựng chuyên mục BHXH trên truyền thanh phường. Đơn vị thực hiện: Phường Hồng Bàng." in text
    assert "- Nguyên nhân chủ quan:\n+ Tại Tổ dân phố số 3: chưa kiểm tra thường xuyên." in text
    assert "- Nguyên nhân khách quan:\n+ Tại Tổ dân phố số 3: kinh phí hạn hẹp." in text


def test_without_a_draft_the_conclusion_is_drafted_on_the_spot(run, recorded):
    assert run("render", "conclusion", UNIT, "-w", recorded).exit_code == 0
    assert not (recorded / "drafts").exists()  # rendering writes no draft
    text = full_text(recorded / "output" / "ket-luan-phuong-hong-bang.docx")
    assert text.count("Bản tin phát thanh phát đều đặn") == 1
    assert "B. KẾT LUẬN CHUNG\nQua kiểm tra tại Phường Hồng Bàng" in text


@pytest.mark.parametrize("change, message", [
    (lambda t: t.replace("  - text: Bản tin", "  - txt: Bản tin", 1),
     ":15: areas[0].strengths[0].txt: unknown key 'txt' (did you mean 'text'?)"),
    (lambda t: t.replace("due: 31/08/2026", "due: 31/02/2026"),
     "recommendations[0].due: 31/02/2026 is not a date"),
    (lambda t: t.replace("unit: phuong-hong-bang", "unit: dac-khu-cat-hai"),
     "unit: this draft is for 'dac-khu-cat-hai', not for the unit of its file name (phuong-hong-bang)"),
    (lambda t: t.replace("- id: KN1", "- id: KN1\n  text: Một kiến nghị khác\n- id: KN1", 1),
     "the id KN1 is given to two recommendations"),
    (lambda t: t.replace("areas:\n", "areas: [\n", 1), "YAML syntax"),
])
def test_a_draft_edited_wrongly_is_named_at_its_line_by_check_and_render(run, recorded, change, message):
    assert run("draft", "-w", recorded).exit_code == 0
    edit(recorded, change)
    before = (recorded / DRAFT).read_bytes()
    for args in (["check"], ["render", "conclusion", UNIT], ["draft", UNIT]):
        result = run(*args, "-w", recorded)
        assert_clean_failure(result)
        assert f"{DRAFT}:" in result.output and message in result.output, (args, result.output)
    assert (recorded / DRAFT).read_bytes() == before  # never written over
    assert not (recorded / "output" / "ket-luan-phuong-hong-bang.docx").exists()


def test_check_warns_about_what_a_draft_refers_to(run, recorded):
    assert run("draft", "-w", recorded).exit_code == 0
    edit(recorded, lambda t: t.replace("from: I.1, I.2\n", "from: I.9, I.2@khong-co\n", 1))
    result = run("check", "-w", recorded)
    assert result.exit_code == 0, result.output
    assert "areas[0].strengths[0].from: warning: I.9: the checklist has no item I.9" in result.output
    assert "I.2@khong-co: the unit has no field site khong-co" in result.output


def test_a_draft_that_is_not_a_file_is_named(run, recorded):
    (recorded / DRAFT).mkdir(parents=True)
    result = run("render", "conclusion", UNIT, "-w", recorded)
    assert_clean_failure(result)
    assert f"{DRAFT}: this is a folder, not a file" in result.output


def test_rendering_from_a_draft_says_when_findings_came_after_it(run, recorded):
    assert run("draft", UNIT, "-w", recorded).exit_code == 0
    fresh = run("render", "conclusion", UNIT, "-w", recorded)
    assert fresh.exit_code == 0 and "Note:" not in fresh.output
    record(run, recorded, "I.1", "--shortcoming", "Loa truyền thanh ở tổ 5 bị hỏng.")
    before = (recorded / DRAFT).read_bytes()
    stale = run("render", "conclusion", UNIT, "-w", recorded)
    assert stale.exit_code == 0, stale.output
    assert f"Note: 1 point(s) of the findings are not in {DRAFT} (recorded after it was " \
           "drafted" in stale.output
    assert "Run `inspection draft`" in stale.output
    assert (recorded / DRAFT).read_bytes() == before  # rendering never changes the draft
    text = full_text(recorded / "output" / "ket-luan-phuong-hong-bang.docx")
    assert "Loa truyền thanh ở tổ 5" not in text  # the document is the draft, as the lead left it
    assert run("draft", UNIT, "-w", recorded).exit_code == 0
    again = run("render", "conclusion", UNIT, "-w", recorded)
    assert "Note:" not in again.output
    assert "Loa truyền thanh ở tổ 5 bị hỏng." in full_text(
        recorded / "output" / "ket-luan-phuong-hong-bang.docx")
