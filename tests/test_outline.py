"""The outline format, and the two outlines shipped from the seeds."""

import unicodedata
from pathlib import Path

import pytest

from inspection.files import yamlfile
from inspection.files.outline import parse_outline
from inspection.files.workspace import Workspace, bundled_dir

SEEDS = Path(__file__).resolve().parents[1] / "docs" / "seeds"  # the source documents


def load(text: str, name="o"):
    from textwrap import dedent
    problems = []
    doc = yamlfile.parse(dedent(text).lstrip(), f"outlines/{name}.yaml", problems)
    outline = parse_outline(doc, problems, name) if doc else None
    return outline, [str(p) for p in problems]


VALID = """
    id: o
    title: Đề cương thử
    sections:
      - id: I
        title: Phần một
        intro: (Nêu chi tiết số liệu tại Phụ lục)
        items:
          - id: I.1
            title: Mục một
            bullets:
              - Gạch đầu dòng
              - text: Có ý con
                detail: "Trong đó:"
                bullets: [Ý con]
            indicators: ["1", "2"]
            items:
              - {id: I.1.1, title: Mục con}
    appendix:
      title: PHỤ LỤC
      periods: [{id: "2021", label: Năm 2021}, {id: "2022", label: Năm 2022}]
      rows:
        - {id: "1", label: Số văn bản, kind: số lượng}
        - id: "2"
          rows:
            - {id: "2.1", label: Tỷ lệ, kind: "tỷ lệ"}
            - {id: "2.2", label: Ghi nhận khác, kind: text}
"""


def test_a_valid_outline_gives_the_tree_and_table():
    outline, problems = load(VALID)
    assert problems == []
    assert [i.id for i in outline.walk()] == ["I", "I.1", "I.1.1"]
    item = outline.item("I.1")
    assert item.number == "1" and outline.item("I.1.1").number == "1.1"
    assert item.bullets[1].detail == "Trong đó:" and item.bullets[1].bullets[0].text == "Ý con"
    assert [p.label for p in outline.appendix.periods] == ["Năm 2021", "Năm 2022"]
    assert outline.appendix.notes_label == "Ghi chú"
    leaves = [(row.id, row.kind, [p.id for p in parents]) for row, parents in outline.appendix.leaves()]
    assert leaves == [("1", "count", []), ("2.1", "percentage", ["2"]), ("2.2", "text", ["2"])]
    assert outline.appendix.row("2").label is None  # a numbered group without a label


@pytest.mark.parametrize("change, expected", [
    (("title: Mục một", "titel: Mục một"),
     "outlines/o.yaml:9: sections[0].items[0].titel: unknown key 'titel' (did you mean 'title'?)"),
    (("title: Mục một", "title: Mục một\n        number: 1\n        id: I.2"),
     "outlines/o.yaml:11: sections[0].items[0].id: the key 'id' appears twice in the same block (first on line 8)"),
    (("id: I.1.1", "id: I.1"),
     "outlines/o.yaml:17: sections[0].items[0].items[0].id: the id I.1 is used twice (first at line 8)"),
    (('indicators: ["1", "2"]', 'indicators: ["1", "9"]'),
     "outlines/o.yaml:15: sections[0].items[0].indicators[1]: indicator row 9 is not in the appendix"),
    (("kind: số lượng", "kind: many"),
     "outlines/o.yaml:22: appendix.rows[0].kind: 'many' is not one of: amount, count, percentage, text"),
    (('- id: "2"\n', '- id: "2"\n      kind: count\n'),
     "outlines/o.yaml:24: appendix.rows[1].kind: a row with rows under it is a group and takes no kind; give the kind to the rows under it"),
    (("{id: \"2.1\", label: Tỷ lệ, kind: \"tỷ lệ\"}", "{id: \"2.1\", kind: \"tỷ lệ\"}"),
     "outlines/o.yaml:25: appendix.rows[1].rows[0].label: label is missing (a row that takes values needs one)"),
    (("id: o\n", "id: other\n"),
     "outlines/o.yaml:1: id: the id other differs from the file name o.yaml; make them equal so the outline can be found by name"),
    (("- id: I.1\n", "- id: I 1\n"),
     "outlines/o.yaml:8: sections[0].items[0].id: 'I 1' is not a valid id: use letters without accents, digits, '.', '-' or '_' (e.g. I.1, doan-1)"),
])
def test_each_mistake_is_reported_with_file_line_and_path(change, expected):
    from textwrap import dedent
    text = dedent(VALID).lstrip().replace(*change, 1)
    assert text != dedent(VALID).lstrip()
    _, problems = load(text)
    assert expected in problems, problems


def test_every_problem_is_reported_at_once():
    text = VALID.replace("title: Phần một", "").replace("label: Số văn bản, ", "").replace(
        "periods: [", "periods: [{id: x}, ")
    _, problems = load(text)
    assert len(problems) >= 3
    assert any("sections[0].title" in p for p in problems)
    assert any("appendix.periods[0].label: label is missing" in p for p in problems)
    assert any("appendix.rows[0].label" in p for p in problems)


def _bundled(name):
    problems = []
    outline = Workspace(Path("/nonexistent")).load_outline(name, problems)
    return outline, problems


def test_the_2022_outline_is_complete_and_faithful():
    outline, problems = _bundled("bhxh-ttt-2022")
    assert problems == []
    assert [s.id for s in outline.sections] == ["I", "II", "III", "IV", "V"]
    assert [i.number for i in outline.item("I").children] == [str(n) for n in range(1, 13)]
    assert len(outline.item("II").children) == 5
    table = outline.appendix
    assert [r.id for r in table.rows] == [str(n) for n in range(1, 10)]
    assert [p.label for p in table.periods] == ["Năm 2021", "Những tháng đầu năm 2022"]
    assert table.notes_label == "Ghi chú"
    labels = {row.label for row in table.all_rows()}
    for label in ["Tỷ lệ % CTV, nhân viên ĐLT được tập huấn, bồi dưỡng", "Số người phát triển qua HN",
                  "Số lượt phát thanh riêng về BHXH tự nguyện", "Số đơn vị được kiểm tra, hướng dẫn",
                  "Lễ ra quân", "Báo đài Trung ương"]:
        assert label in labels
    assert sum(1 for _ in table.leaves()) >= 40
    kinds = {row.kind for row, _ in table.leaves()}
    assert kinds == {"count", "percentage", "text"}


def test_the_mau_02_outline_is_complete_with_its_indicators():
    outline, problems = _bundled("bhxh-ttt-mau-02")
    assert problems == []
    assert [s.id for s in outline.sections] == ["I", "II", "III", "IV", "V"]
    assert [c.id for c in outline.item("I.2").children] == ["I.2.1", "I.2.2"]
    assert [c.id for c in outline.item("I.4").children] == ["I.4.1", "I.4.2"]
    assert any("20/6" in n for n in outline.notes) and any("25/12" in n for n in outline.notes)
    assert any(row.kind == "amount" for row, _ in outline.appendix.leaves())
    referenced = {ref for item in outline.walk() for ref in item.indicators}
    assert referenced, "the sections must name the indicators they ask for"


@pytest.mark.parametrize("name", ["bhxh-ttt-2022", "bhxh-ttt-mau-02"])
def test_bundled_files_are_nfc(name):
    for kind in ("outlines", "checklists"):
        text = (bundled_dir(kind) / f"{name}.yaml").read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text)


def _outline_texts(outline) -> str:
    texts = set()

    def bullets(items):
        for b in items:
            texts.update({b.text, b.detail})
            bullets(b.bullets)
    for item in outline.walk():
        texts |= {item.title, item.intro, item.note}
        bullets(item.bullets)
    return "\n".join(t for t in texts | set(outline.notes) if t)


def test_every_bullet_of_seed_004_is_in_the_outline():
    seed = (SEEDS / "004_a0ef4338fdead766.txt").read_text(encoding="utf-8")
    part = seed[seed.index("ĐỀ CƯƠNG"):seed.index("Nơi nhận:", seed.index("ĐỀ CƯƠNG"))]
    outline, _ = _bundled("bhxh-ttt-2022")
    texts = set()
    for item in outline.walk():
        texts |= {item.title, item.intro, item.note}
        for b in item.bullets:
            texts |= {b.text, b.detail}
    blob = "\n".join(t for t in texts if t)
    bullets = [line.strip()[2:].strip() for line in part.splitlines() if line.strip().startswith("- ")]
    assert len(bullets) >= 25
    missing = [b for b in bullets if b not in blob]
    assert missing == []


def test_every_point_of_mau_02_is_in_its_outline():
    seed = (SEEDS / "002_21e0d0bce7f8fb65.txt").read_text(encoding="utf-8")
    part = seed[seed.index("I. KẾT QUẢ THỰC HIỆN"):seed.index("Nơi nhận:")]
    outline, _ = _bundled("bhxh-ttt-mau-02")
    blob = _outline_texts(outline)
    points = [line.strip()[2:].strip() for line in part.splitlines()
              if line.strip().startswith(("- ", "+ "))]
    assert len(points) >= 50
    assert [p for p in points if p not in blob] == []
