"""`inspection record`: the interactive walk and the one-shot form, saving every answer."""

from pathlib import Path

import pytest
from conftest import assert_clean_failure

from inspection.files import yamlfile
from inspection.files.findings import parse_unit_record


def findings(ws: Path, slug: str = "bhxh-tinh-yen-bai"):
    problems = []
    doc = yamlfile.load(ws / "findings" / f"{slug}.yaml", "f", problems)
    assert problems == []
    return parse_unit_record(doc, problems)


@pytest.mark.vietnamese
def test_the_walk_speaks_vietnamese_and_saves_each_answer(run, example_ws):
    typed = "\n".join([
        "2",                                # Đánh giá: Khá
        "Đã tham mưu 5 văn bản", "Có nghị quyết hỗ trợ BHYT", "",   # Nhận xét: two points
        "Chủ động tham mưu", "",            # Ưu điểm
        "",                                 # Tồn tại, hạn chế: skip
        "",                                 # Nguyên nhân: skip
        "Bổ sung cơ chế giám sát", "",      # Kiến nghị
        "Phòng Truyền thông", "30/09/2022",  # … who and by when
        "Đơn vị đã giải trình", "",         # Giải trình
        "q",
    ]) + "\n"
    result = run("record", "Yên Bái", "-w", example_ws, "--by", "Lê Hoàng Long", input=typed)
    assert result.exit_code == 0, result.output
    out = result.output
    for label in ("Đánh giá: 1) Tốt  2) Khá  3) Đạt yêu cầu  4) Chưa đạt yêu cầu", "Nhận xét",
                  "Ưu điểm", "Tồn tại, hạn chế", "Nguyên nhân", "Kiến nghị", "Giải trình của đơn vị",
                  "[1/55] I.1 — Công tác tham mưu", "Kiểm tra: ", "Tài liệu: "):
        assert label in out
    assert out.count("Đã lưu:") == 5
    answer = findings(example_ws).finding("I.1").answer
    assert answer.rating == "kha"
    assert answer.observations == ("Đã tham mưu 5 văn bản", "Có nghị quyết hỗ trợ BHYT")
    assert answer.strengths == ("Chủ động tham mưu",)
    assert answer.recommendations[0].text == "Bổ sung cơ chế giám sát"
    assert answer.recommendations[0].owner == "Phòng Truyền thông"
    assert str(answer.recommendations[0].due) == "2022-09-30"
    assert answer.explanations == ("Đơn vị đã giải trình",)
    assert answer.recorded_by == "Lê Hoàng Long"
    assert findings(example_ws).finding("I.1").history == ()  # one sitting, one version


@pytest.mark.vietnamese
def test_reopening_starts_at_the_first_unanswered_item(run, example_ws):
    run("record", "yen-bai", "I.1", "-w", example_ws, "--rating", "1")
    run("record", "yen-bai", "I.2", "-w", example_ws, "--observation", "x")
    result = run("record", "yen-bai", "-w", example_ws, input="q\n")
    assert "đã ghi 2" in result.output
    assert "[3/55] I.3 —" in result.output


@pytest.mark.vietnamese
def test_skip_back_jump_review_and_help(run, example_ws):
    typed = "\n".join(["s", "b", "1", "s", "j I.10 van-yen", "?", "r", "3", "r", "s", "q"]) + "\n"
    result = run("record", "yen-bai", "-w", example_ws, input=typed)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "[2/55] I.2" in out and out.index("[2/55]") < out.index("[1/55] I.1", out.index("[2/55]"))
    assert "Tại BHXH huyện Văn Yên" in out and "nhảy tới mục" in out  # jumped, then help
    record = findings(example_ws)
    assert record.finding("I.1").answer.rating == "tot"
    assert record.finding("I.10", "van-yen").answer.rating == "dat"
    assert "Đánh giá: Đạt yêu cầu" in out  # review shows what is recorded


@pytest.mark.vietnamese
def test_end_of_input_and_ctrl_c_keep_what_was_saved(run, example_ws):
    result = run("record", "yen-bai", "-w", example_ws, input="2\nMột nhận xét\n")  # then EOF
    assert result.exit_code == 0
    assert "Đã lưu 1 câu trả lời" in result.output and "Traceback" not in result.output
    assert findings(example_ws).finding("I.1").answer.rating == "kha"
    # the unfinished observation was never acknowledged, so it is not there
    assert findings(example_ws).finding("I.1").answer.observations == ()


def test_bad_rating_and_bad_date_are_asked_again(run, example_ws):
    typed = "\n".join(["9", "khá", "", "", "", "", "Kiến nghị", "", "", "31/02/2022", "1/3/2023",
                       "q"]) + "\n"
    result = run("record", "yen-bai", "-w", example_ws, input=typed)
    assert "There is no rating '9': type a number from 1 to 4." in result.output
    assert "31/02/2022 is not a date: month 2/2022 has 28 days" in result.output
    answer = findings(example_ws).finding("I.1").answer
    assert answer.rating == "kha"
    assert answer.recommendations[0].owner == "BHXH tỉnh Yên Bái"  # Enter takes the unit
    assert str(answer.recommendations[0].due) == "2023-03-01"


@pytest.mark.vietnamese
def test_changing_an_answer_keeps_the_old_one_in_the_history(run, example_ws):
    run("record", "yen-bai", "I.1", "-w", example_ws, "--rating", "1", "--by", "A")
    result = run("record", "yen-bai", "I.1", "-w", example_ws, input="4\n\n\n\n\n\n\nq\n")
    assert "[hiện tại: Tốt]" in result.output
    finding = findings(example_ws).finding("I.1")
    assert finding.answer.rating == "chua-dat" and [a.rating for a in finding.history] == ["tot"]
    history = run("history", "yen-bai", "I.1", "-w", example_ws)
    assert "Phiên bản 1:\n  Đánh giá: Tốt" in history.output
    assert run("restore", "yen-bai", "I.1", "1", "-w", example_ws).exit_code == 0
    finding = findings(example_ws).finding("I.1")
    assert finding.answer.rating == "tot" and [a.rating for a in finding.history] == ["tot", "chua-dat"]


@pytest.mark.vietnamese
def test_one_shot_adds_texts_and_pairs_owners_and_deadlines(run, example_ws):
    result = run("record", "Yên Bái", "I.3", "-w", example_ws, "--rating", "Đạt yêu cầu",
                 "--observation", "Ký quy chế với 12 sở", "--observation", "Thiếu kế hoạch năm",
                 "--recommend", "Xây dựng kế hoạch", "--recommend", "Báo cáo kết quả",
                 "--owner", "Phòng TT", "--owner", "Giám đốc", "--due", "30/09/2022",
                 "--by", "Phạm Thu Hà")
    assert result.exit_code == 0, result.output
    assert "Đã lưu I.3 (Tại trụ sở đơn vị) cho BHXH tỉnh Yên Bái: đánh giá Đạt yêu cầu; 2 nhận xét, 2 kiến nghị." in result.output
    run("record", "Yên Bái", "I.3", "-w", example_ws, "--observation", "Bổ sung sau")
    answer = findings(example_ws).finding("I.3").answer
    assert answer.observations == ("Ký quy chế với 12 sở", "Thiếu kế hoạch năm", "Bổ sung sau")
    assert [(r.owner, str(r.due)) for r in answer.recommendations] == [
        ("Phòng TT", "2022-09-30"), ("Giám đốc", "2022-09-30")]
    run("record", "Yên Bái", "I.3", "-w", example_ws, "--observation", "Chỉ còn ý này", "--replace")
    assert findings(example_ws).finding("I.3").answer.observations == ("Chỉ còn ý này",)


def test_one_shot_at_a_field_site(run, example_ws):
    assert run("record", "yen-bai", "QH.1", "-w", example_ws, "--site", "Trấn Yên", "--rating", "1").exit_code == 0
    assert findings(example_ws).finding("QH.1", "tran-yen").answer.rating == "tot"


def test_hostile_text_is_stored_as_typed_but_clean(run, example_ws):
    text = "A & B <c> \"d\" 'e'\vdòng mới\x07"
    assert run("record", "yen-bai", "I.1", "-w", example_ws, "--observation", text).exit_code == 0
    assert findings(example_ws).finding("I.1").answer.observations == ("A & B <c> \"d\" 'e'\ndòng mới",)


@pytest.mark.parametrize("args, message", [
    (["I.99", "--rating", "1"], "checklist bhxh-ttt-2022 has no item 'I.99'; did you mean I.9?"),
    (["I.1", "--rating", "xuất sắc"], "--rating: 'xuất sắc' is not a rating of the scale: 1=tot (Tốt), 2=kha (Khá)"),
    (["I.1", "--recommend", "x", "--due", "32/01/2022"], "--due: the deadline 32/01/2022 is not a date: month 1/2022 has 31 days"),
    (["I.1", "--recommend", "x", "--due", " "], "--due: the deadline is empty: write it as 30/09/2022, or give none"),
    (["QH.1", "--rating", "1"], "--site: item QH.1 is checked at each field site; say at which one (van-yen, tran-yen)"),
    (["I.1", "--site", "Mù Cang Chải", "--rating", "1"], "'Mù Cang Chải' is not a site where item I.1 is checked"),
    (["I.1", "--recommend", "a", "--recommend", "b", "--owner", "x", "--owner", "y", "--owner", "z"],
     "--owner: give one owner for all recommendations, or one for each (2); 3 were given"),
])
def test_one_shot_mistakes_are_explained_and_nothing_is_written(run, example_ws, args, message):
    result = run("record", "yen-bai", *args, "-w", example_ws)
    assert_clean_failure(result)
    assert message in result.output
    assert not (example_ws / "findings" / "bhxh-tinh-yen-bai.yaml").exists()


def test_an_unknown_unit_lists_the_candidates(run, example_ws):
    result = run("record", "BHXH tỉnh", "I.1", "--rating", "1", "-w", example_ws)
    assert_clean_failure(result)
    assert "'BHXH tỉnh' matches 8 units; say which one:\n  BHXH tỉnh Yên Bái (bhxh-tinh-yen-bai)" in result.output


def test_a_findings_file_broken_by_hand_is_never_overwritten(run, example_ws):
    path = example_ws / "findings" / "bhxh-tinh-yen-bai.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text("unit: bhxh-tinh-yen-bai\nfindings:\n  - item: I.1\n   rating: [\n", encoding="utf-8")
    before = path.read_bytes()
    result = run("record", "yen-bai", "I.1", "--rating", "1", "-w", example_ws)
    assert_clean_failure(result)
    assert "findings/bhxh-tinh-yen-bai.yaml:" in result.output and "YAML syntax" in result.output
    assert path.read_bytes() == before


def _editor(tmp_path: Path, body: str) -> str:
    """An $EDITOR that checks nothing and writes `body` (after the file's # lines) into the
    file it is given, as a user would type it in Notepad; it also keeps what it was shown."""
    import sys

    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "path = pathlib.Path(sys.argv[1])\n"
        f"pathlib.Path({str(tmp_path / 'shown.txt')!r}).write_text(path.read_text('utf-8'), 'utf-8')\n"
        f"path.write_text({body!r}, 'utf-8')\n", encoding="utf-8")
    return f'"{sys.executable}" "{script}"'


def test_a_long_text_can_be_written_in_the_editor_and_corrected_there(run, example_ws, tmp_path):
    long = ("Đơn vị đã tham mưu 5 văn bản cho Tỉnh ủy, UBND tỉnh\nvề công tác truyền thông "
            "BHXH, BHYT & <kế hoạch>\n\n# a comment line is left out\nHồ sơ lưu đầy đủ.\n")
    result = run("record", "Yên Bái", "I.1", "-w", example_ws, input="2\ne\nq\n",
                 env={"EDITOR": _editor(tmp_path, long), "VISUAL": ""})
    assert result.exit_code == 0, result.output
    assert "Saved: Comments (2 point(s))" in result.output
    assert findings(example_ws).finding("I.1").answer.observations == (
        "Đơn vị đã tham mưu 5 văn bản cho Tỉnh ủy, UBND tỉnh về công tác truyền thông BHXH, "
        "BHYT & <kế hoạch>", "Hồ sơ lưu đầy đủ.")
    # again: the editor shows the points recorded, and what is saved there replaces them
    again = run("record", "Yên Bái", "I.1", "-w", example_ws, input="\ne\nq\n",
                env={"EDITOR": _editor(tmp_path, "Hồ sơ lưu đầy đủ, có sổ theo dõi.\n"),
                     "VISUAL": ""})
    assert again.exit_code == 0, again.output
    shown = (tmp_path / "shown.txt").read_text(encoding="utf-8")
    assert "# Comments: one point per paragraph" in shown and "\n\nHồ sơ lưu đầy đủ.\n" in shown
    answer = findings(example_ws).finding("I.1")
    assert answer.answer.observations == ("Hồ sơ lưu đầy đủ, có sổ theo dõi.",)
    assert len(answer.history) == 1  # the earlier points are kept in the history


def test_an_editor_closed_unsaved_or_missing_changes_nothing(run, example_ws):
    closed = run("record", "Yên Bái", "I.1", "-w", example_ws, input="2\ne\nq\n",
                 env={"EDITOR": "true", "VISUAL": ""})
    assert closed.exit_code == 0, closed.output
    assert "Nothing changed: the editor was closed without saving." in closed.output
    missing = run("record", "Yên Bái", "I.1", "-w", example_ws, input="\ne\nq\n",
                  env={"EDITOR": "khong-co-trinh-soan-thao", "VISUAL": ""})
    assert missing.exit_code == 0, missing.output
    assert "The text editor could not be opened" in missing.output
    assert findings(example_ws).finding("I.1").answer.observations == ()
