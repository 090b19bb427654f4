"""The bundled example as a new user first sees it (`python3 run.py example`): its sample
findings and the drafts composed from them, every document rendered and converted to PDF,
read for length, numbering and the artifacts a reviewer would mark."""

from __future__ import annotations

import os
import re
import shutil

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE
from pypdf import PdfReader
from test_render_support import full_text

from inspection.cli import cli
from inspection.documents.pdf import find_soffice

ARTIFACTS = [
    (r": \.", "a label with nothing after it"),
    (r"\.:", "doubled punctuation"),
    (r"\.\.(?!\.)", "a doubled full stop"),
    (r"\)\)|\(\(", "doubled brackets"),
    (r";\.|,\.", "a stop after a comma or semicolon"),
    (r"\bdòng \d", "a raw row number of the indicator table"),
    (r"\{\{|\{%|%\}|\}\}", "a template tag"),
    (r"\S {2,}[^\s/]", "doubled spaces inside a line (not the blank of a number: \"số      /\")"),
]


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    if find_soffice() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is missing: .ci/run installs it for these tests")
        pytest.skip("LibreOffice is not installed (.ci/run installs it)")
    root = tmp_path_factory.mktemp("example") / "bhxh"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".*", "output"))
    result = CliRunner().invoke(cli, ["render", "all", "-w", str(root), "--pdf"])
    assert result.exit_code == 0, result.output
    return root / "output"


def _pages(path) -> int:
    return len(PdfReader(str(path)).pages)


def test_the_example_ships_its_drafts(example):
    drafts = sorted(p.name for p in (example.parent / "drafts").glob("*.yaml"))
    assert len(drafts) == 9 and "bao-cao-tong-hop.yaml" in drafts


def test_a_conclusion_is_a_few_pages(example):
    for path in sorted(example.glob("ket-luan-*.pdf")):
        assert 3 <= _pages(path) <= 6, f"{path.name}: {_pages(path)} pages"


def test_the_minutes_are_a_working_record_not_a_dump(example):
    # 12-13 pages for the example (39 item-places and 82 figures per unit); 19 before
    for path in sorted(example.glob("bien-ban-*.pdf")):
        assert 10 <= _pages(path) <= 13, f"{path.name}: {_pages(path)} pages"


def test_the_report_body_is_short_and_its_appendix_apart(example):
    path = example / "bao-cao-ket-qua-kiem-tra.pdf"
    reader = PdfReader(str(path))
    starts = [i for i, page in enumerate(reader.pages)
              if "SỐ LIỆU CHỈ TIÊU CỦA CÁC ĐƠN VỊ" in (page.extract_text() or "")]
    assert starts, "the appendix is missing"
    body = starts[0]
    assert 10 <= body <= 15, f"the body has {body} pages"
    text = full_text(example / "bao-cao-ket-qua-kiem-tra.docx")
    for part in ("A. TÌNH HÌNH TỔ CHỨC KIỂM TRA\n", "B. KẾT QUẢ KIỂM TRA\nI. Kết quả thực hiện",
                 "\nNội dung này được đánh giá tốt tại 02 đơn vị", "a) Ưu điểm\n- ",
                 "b) Tồn tại, hạn chế\n- ", "c) Nguyên nhân\n- ", "\nVII. Kiểm tra thực tế",
                 "C. ĐÁNH GIÁ CHUNG\n1. Kết quả chung\nĐoàn kiểm tra đã làm việc tại 08/08 đơn vị",
                 "Cách làm hay\n- ", "D. KIẾN NGHỊ, ĐỀ XUẤT\n",
                 "2. Đề xuất với Tổng Giám đốc\n- ", "Trên đây là báo cáo kết quả"):
        assert part in text, part
    assert "V. Đề xuất, kiến nghị\nNội dung này" not in text  # the units' proposals are under D
    assert "ag)" not in text and "lượt nội dung (mỗi nội dung" in text
    # a common shortcoming is stated once, with the units it concerns
    assert text.count("Một số đại lý thu chưa tích cực tuyên truyền") == 1


@pytest.mark.parametrize("kind", ["ke-hoach", "de-cuong", "bien-ban", "ket-luan", "bao-cao"])
def test_no_artifacts_a_reviewer_would_mark(example, kind):
    for path in sorted(example.glob(f"{kind}*.docx")):
        for line in full_text(path).splitlines():
            if re.fullmatch(r"\s*Số:\s+/.*|.*ngày\s+tháng\s+năm.*|.*(…|\.{3}).*", line):
                continue  # the blanks a draft leaves for the number and the date
            for pattern, what in ARTIFACTS:
                assert not re.search(pattern, line), f"{path.name}: {what}: {line!r}"


def test_one_numbering_from_the_outline(example):
    minutes = full_text(example / "bien-ban-bhxh-tinh-yen-bai.docx")
    conclusion = full_text(example / "ket-luan-bhxh-tinh-yen-bai.docx")
    outline = full_text(example / "de-cuong-bao-cao.docx")
    assert "\nI. Kết quả thực hiện công tác thông tin" in minutes
    assert "\nI. Kết quả thực hiện công tác thông tin" in conclusion
    assert "\nI. KẾT QUẢ THỰC HIỆN CÔNG TÁC THÔNG TIN" in outline
    assert "\n3. Công tác phối hợp truyền thông chính sách" in minutes  # I.3, as in the outline
    assert "\n3. Công tác phối hợp truyền thông chính sách" in outline
    # the outline's section III is one item: printed once
    assert minutes.count("Tình hình sử dụng kinh phí truyền thông\n") == 1
    assert "1.1." not in minutes and "3.1. Tình hình" not in minutes


def test_words_in_the_report_appendix_run_across_the_units_columns(example):
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(example / "bao-cao-ket-qua-kiem-tra.docx"))
    wide = []
    for table in document.tables:
        for row in table.rows:
            for tc in row._tr.iter(qn("w:tc")):
                span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
                text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
                if text.startswith("Yên Bái: ") and span is not None:
                    wide.append((int(span.get(qn("w:val"))), text))
    assert wide, "the text answers of the appendix are not in one wide cell"
    for span, text in wide:
        assert span >= 8 and "; Lào Cai: " in text, (span, text[:80])
    note = full_text(example / "bao-cao-ket-qua-kiem-tra.docx")
    assert "bình quân cộng tỷ lệ của các đơn vị (không tính theo quy mô từng đơn vị)" in note


def test_the_report_rates_an_area_as_the_teams_own_verdict_in_the_minutes(example):
    """Area I of the report places each unit under the rating of its "Đánh giá chung" item
    (I.12), the one the team signed in the minutes, not under an average of its items."""
    from inspection.files.workspace import Workspace
    from inspection.recording.store import FindingsStore

    ws = Workspace(example.parent)
    loaded = ws.load()
    store = FindingsStore(ws, loaded)
    scale = {r.id: r.label.lower() for r in loaded.checklist.scale}
    verdicts = {v.unit.short_name: scale[store.read(v).finding("I.12").answer.rating]
                for v in loaded.campaign.visits}
    text = full_text(example / "bao-cao-ket-qua-kiem-tra.docx")
    line = next(t for t in text.splitlines() if t.startswith("Nội dung này được đánh giá"))
    for unit, verdict in verdicts.items():
        group = re.search(rf"{verdict} tại \d+ đơn vị \(([^)]*)\)", line)
        assert group and unit in group.group(1), (unit, verdict, line)
    # the conclusion says the same verdict first, and the units' proposals are no area of it
    conclusion = full_text(example / "ket-luan-bhxh-tinh-yen-bai.docx")
    assert f"\nĐoàn kiểm tra đánh giá chung: {verdicts['Yên Bái']}. Trong 17 nội dung" in conclusion
    assert "\nV. Đề xuất, kiến nghị\n" not in conclusion
    # the overall conclusion gives a verdict, not only a tally: Yên Bái's areas are mostly khá
    assert "Nhìn chung, kết quả thực hiện của đơn vị đạt mức khá." in conclusion
    # counts come best first, in the order of the rating scale
    counts = re.search(r"Trong 17 nội dung được kiểm tra có (.*?)\.", conclusion).group(1)
    order = [label for label in scale.values() if f"nội dung {label}" in counts]
    assert [m for m in re.findall(r"nội dung ([^,]+)", counts)] == order
