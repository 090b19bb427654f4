"""The layout of the rendered documents, opened again: the short rules of Decree 30, headings in
Word's navigation pane, nothing left alone at the foot of a page, appendices numbered on their
own, and the document's properties saying who wrote it and when."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from itertools import pairwise
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, build_tree, commune_files
from docx.oxml.ns import qn
from docx.shared import Cm
from test_render_support import has_bottom_rule, table_has_no_borders

from inspection.cli import cli
from inspection.files.workspace import bundled_dir
from inspection.vn.text import lcfirst

PLAN, OUTLINE, REPORT = "ke-hoach-kiem-tra", "de-cuong-bao-cao", "bao-cao-ket-qua-kiem-tra"
MINUTES, CONCLUSION = "bien-ban-bhxh-tinh-yen-bai", "ket-luan-bhxh-tinh-yen-bai"
DOCUMENTS = [PLAN, OUTLINE, MINUTES, CONCLUSION, REPORT]
TYPES = {PLAN: "KẾ HOẠCH", OUTLINE: "ĐỀ CƯƠNG", MINUTES: "BIÊN BẢN", CONCLUSION: "THÔNG BÁO",
         REPORT: "BÁO CÁO"}
MOTTO = Cm(6.35)  # "Độc lập - Tự do - Hạnh phúc" in 14 pt bold


def _render(root: Path) -> dt.datetime:
    """Render every document of the workspace at `root`; the time just before, in UTC."""
    started = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    result = CliRunner().invoke(cli, ["render", "all", "-w", str(root)], catch_exceptions=True)
    assert result.exit_code == 0, result.output
    return started


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[Path, dt.datetime, dt.datetime]:
    """The example campaign with its sample findings, every document rendered: (output folder,
    time before, time after)."""
    root = tmp_path_factory.mktemp("layout") / "example"
    shutil.copytree(EXAMPLE, root)
    started = _render(root)
    return root / "output", started, dt.datetime.now(dt.timezone.utc)


@pytest.fixture(scope="module")
def bare(tmp_path_factory) -> Path:
    """The example without findings (so the report has no proposals), its plan without a closing
    paragraph and with a title a text must not break: the output folder."""
    root = tmp_path_factory.mktemp("layout") / "bare"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("findings"))
    schedule = root / "schedule.yaml"
    text = schedule.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^closing: .*\n", "", text)
    text = re.sub(r"(?m)^title: .*$", 'title: "Kiểm tra A & B <thử> \\"trích\\""', text)
    schedule.write_text(text, encoding="utf-8")
    _render(root)
    return root / "output"


def _open(folder: Path, name: str):
    return docx.Document(str(folder / f"{name}.docx"))


# -- reading the XML ------------------------------------------------------------------------------


def _styles(paragraph):
    style = paragraph.style
    while style is not None:
        yield style.element
        style = style.base_style


def _property(paragraph, name: str):
    """The element `name` of the paragraph's properties, from the paragraph or its styles."""
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.find(qn(name)) is not None:
        return ppr.find(qn(name))
    for style in _styles(paragraph):
        ppr = style.find(qn("w:pPr"))
        if ppr is not None and ppr.find(qn(name)) is not None:
            return ppr.find(qn(name))
    return None


def keeps_with_next(paragraph) -> bool:
    found = _property(paragraph, "w:keepNext")
    return found is not None and found.get(qn("w:val")) not in ("0", "false")


def outline_level(paragraph) -> int | None:
    found = _property(paragraph, "w:outlineLvl")
    return None if found is None else int(found.get(qn("w:val")))


def _rule_width(paragraph, container: int) -> int:
    ind = paragraph._p.pPr.find(qn("w:ind"))
    left, right = int(ind.get(qn("w:left"), 0)), int(ind.get(qn("w:right"), 0))
    assert left == right, "the rule is centred under its line"
    return container - left - right


def _text_width(sectpr) -> int:
    """A section's text width, in twips."""
    size, margins = sectpr.find(qn("w:pgSz")), sectpr.find(qn("w:pgMar"))
    return int(size.get(qn("w:w"))) - int(margins.get(qn("w:left"))) - int(
        margins.get(qn("w:right")))


def _sections(document):
    """Each section's sectPr and the body paragraphs in it, in order."""
    out, paragraphs = [], []
    for paragraph in document.paragraphs:
        paragraphs.append(paragraph)
        sectpr = paragraph._p.pPr.find(qn("w:sectPr")) if paragraph._p.pPr is not None else None
        if sectpr is not None:
            out.append((sectpr, paragraphs))
            paragraphs = []
    out.append((document.element.body.find(qn("w:sectPr")), paragraphs))
    return out


# -- 1. the short rules ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_rule_under_the_subject_is_a_third_to_a_half_of_its_line_centred(rendered, name):
    document = _open(rendered[0], name)
    portrait = _text_width(document.sections[0]._sectPr)
    rules = 0
    for sectpr, paragraphs in _sections(document):
        for index, paragraph in enumerate(paragraphs):
            if not has_bottom_rule(paragraph):
                continue
            above = next(p for p in reversed(paragraphs[:index]) if p.text.strip())
            assert above.style.name in ("Trích yếu", "Căn cứ dưới tiêu đề")  # under a subject
            width = _rule_width(paragraph, _text_width(sectpr))
            # A subject line spans at most a portrait page's text width (16.5 cm); an
            # appendix's lines on a landscape page are no longer.
            assert portrait / 3 <= width <= portrait / 2, (name, above.text, width)
            rules += 1
    assert rules == {OUTLINE: 2, MINUTES: 1, CONCLUSION: 1}.get(name, 2)  # and the appendix's


@pytest.mark.parametrize("name", [PLAN, MINUTES, CONCLUSION, REPORT])
def test_the_rules_under_the_agency_and_the_motto_stay_right(rendered, name):
    document = _open(rendered[0], name)
    header = document.tables[0]
    agency, motto = header.cell(0, 0), header.cell(0, 1)
    agency_width = agency._tc.tcPr.find(qn("w:tcW"))
    column = int(agency_width.get(qn("w:w")))
    rule = next(p for p in agency.paragraphs if has_bottom_rule(p))
    # Under the agency's name, which fills most of its column: 1/3 to 1/2 of it, centred.
    assert column / 3 <= _rule_width(rule, column) <= column / 2
    column = int(motto._tc.tcPr.find(qn("w:tcW")).get(qn("w:w")))
    rule = next(p for p in motto.paragraphs if has_bottom_rule(p))
    assert abs(_rule_width(rule, column) - MOTTO.twips) <= 20  # as long as the motto


# -- 2. the navigation pane ------------------------------------------------------------------------


def navigation(document) -> list[tuple[int, str]]:
    return [(level, p.text) for p in document.paragraphs
            if p.text.strip() and (level := outline_level(p)) is not None]


def test_the_heading_styles_have_outline_levels(rendered):
    document = _open(rendered[0], MINUTES)
    levels = {}
    for style in document.styles:
        ppr = style.element.find(qn("w:pPr"))
        found = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
        if found is not None:
            levels[style.name] = int(found.get(qn("w:val")))
    assert levels == {"Mục I": 0, "Mục 1": 1, "Mục 1.1": 2, "Phụ lục": 0}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_navigation_pane_shows_the_structure(rendered, name):
    document = _open(rendered[0], name)
    headings = navigation(document)
    assert headings and headings[0][0] == 0
    for (before, _), (level, text) in pairwise(headings):
        assert level <= before + 1, f"{text!r} is two levels below the heading above it"
    assert TYPES[name] not in [text for _, text in headings]  # the title is not a heading
    # the minutes, the conclusion and the report letter their own parts (A, B …): the outline's sections
    # under them keep the outline's numbers
    assert headings[0][1].startswith("A. " if name in (MINUTES, CONCLUSION, REPORT) else "I. ")
    if name not in (MINUTES, CONCLUSION):
        assert headings[-1] == (0, "Phụ lục")


# -- 3. nothing left alone at the foot of a page ---------------------------------------------------


LEAD_IN = re.compile(r"^[a-zđ]\) |^Đánh giá: ")  # "a) Ưu điểm", "a) Tại BHXH huyện …"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_headings_and_lead_ins_are_kept_with_what_follows(rendered, name):
    document = _open(rendered[0], name)
    checked = 0
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if text and (outline_level(paragraph) is not None or text.endswith(":")
                     or LEAD_IN.match(text)):
            assert keeps_with_next(paragraph), f"{text[:80]!r} may end a page alone"
            checked += 1
    assert checked >= 5


def test_the_minutes_keep_every_label_of_the_findings_with_its_points(rendered):
    document = _open(rendered[0], MINUTES)
    texts = {p.text: keeps_with_next(p) for p in document.paragraphs}
    # a label stands alone above several points, kept with the first; one point runs in
    # after it ("Ưu điểm: …"), so that the label is never alone at the foot of a page
    for label in ("Ưu điểm:", "Tồn tại, hạn chế:", "Nguyên nhân:", "Đoàn kiểm tra đề nghị:"):
        alone = label in texts
        run_in = [t for t in texts if t.startswith(label + " ") and len(t) > len(label) + 2]
        assert alone or run_in, label
        if alone:
            assert texts[label] is True, label
    assert any(t.startswith("a) Tại ") and kept for t, kept in texts.items())


def test_the_conclusion_keeps_its_points_headings_with_their_points(rendered):
    document = _open(rendered[0], CONCLUSION)
    parts = [p for p in document.paragraphs if re.match(r"[a-c]\) ", p.text)]
    assert {p.text for p in parts} >= {"a) Ưu điểm", "b) Tồn tại, hạn chế", "c) Nguyên nhân"}
    assert all(keeps_with_next(p) for p in parts)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_table_rows_never_split_and_header_rows_repeat_and_stay_with_the_first_row(rendered,
                                                                                   name):
    document = _open(rendered[0], name)
    for table in document.tables:
        for row in table.rows:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
        if table_has_no_borders(table):
            continue  # the header, footer and signatures: no heading row
        first = table.rows[0]
        assert first._tr.trPr.find(qn("w:tblHeader")) is not None, table.rows[0].cells[0].text
        assert all(keeps_with_next(p) for c in first.cells for p in c.paragraphs)


def _signature(document):
    """The table of the signature: the footer's (Nơi nhận) or the minutes' own."""
    return next(t for t in document.tables
                if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:"
                or "TRƯỞNG ĐOÀN KIỂM TRA" in t.rows[0].cells[-1].text)


def _before(document, table) -> list:
    """The body paragraphs between the last paragraph with text and `table`, that one first."""
    paragraphs = []
    element = table._tbl.getprevious()
    while element is not None and element.tag == qn("w:p"):
        paragraph = docx.text.paragraph.Paragraph(element, document._body)
        paragraphs.insert(0, paragraph)
        if paragraph.text.strip():
            return paragraphs
        element = element.getprevious()
    raise AssertionError("no paragraph before the signature")


def _check_signature_kept(document) -> str:
    table = _signature(document)
    before = _before(document, table)
    for paragraph in before:
        assert keeps_with_next(paragraph), f"{before[0].text[:80]!r} may stay behind"
    for row in table.rows[:-1]:  # the signatures of the minutes are two rows with a secretary
        assert all(keeps_with_next(p) for c in row.cells for p in c.paragraphs)
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
    return before[0].text


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_signature_is_kept_together_and_with_the_last_paragraph(rendered, name):
    document = _open(rendered[0], name)
    _check_signature_kept(document)
    if name == MINUTES:
        assert len(_signature(document).rows) == 2  # the Yên Bái team has a secretary


def test_without_a_closing_or_proposals_the_last_item_is_kept_with_the_signature(bare):
    plan = _open(bare, PLAN)
    assert _check_signature_kept(plan).startswith("- Thực hiện các nội dung tại kết luận")
    assert _check_signature_kept(_open(bare, REPORT)).startswith("Trên đây là báo cáo kết quả")
    # … and only the last: the other tasks and points flow as they like
    tasks = [p for p in plan.paragraphs if p.text.startswith("- ")]
    assert not any(keeps_with_next(p) for p in tasks[:-1])


# -- 4. appendices ------------------------------------------------------------------------------


def _header_text(part) -> str:
    return part._element.xml


@pytest.mark.parametrize("name", [PLAN, OUTLINE, REPORT])
def test_an_appendix_numbers_its_own_pages_from_one_and_hides_the_first(rendered, name):
    document = _open(rendered[0], name)
    sections = _sections(document)
    assert len(sections) == 2, "the appendix is a section of its own"
    (body, _), (appendix, paragraphs) = sections
    start = appendix.find(qn("w:pgNumType"))
    assert start is not None and start.get(qn("w:start")) == "1"
    assert body.find(qn("w:pgNumType")) is None  # the document itself counts from 1 anyway
    first = next(p for p in paragraphs if p.text.strip())
    assert first.text == "Phụ lục" and first.style.name == "Phụ lục"
    last = document.sections[-1]
    assert last.different_first_page_header_footer  # titlePg: its first page shows no number
    assert "PAGE" not in _header_text(last.first_page_header)
    assert "PAGE" in _header_text(last.header)
    assert document.sections[0].different_first_page_header_footer
    if name == REPORT:
        assert last.page_width > last.page_height


def test_an_outline_without_an_appendix_is_one_section(tmp_path):
    files = commune_files()
    outline = files["outlines/tuyen-truyen-xa.yaml"]
    files["outlines/tuyen-truyen-xa.yaml"] = outline.split("    appendix:")[0].replace(
        '            indicators: ["1"]\n', "")
    files["checklists/tuyen-truyen-xa.yaml"] = files["checklists/tuyen-truyen-xa.yaml"].replace(
        ', indicators: ["1"]', "")
    root = build_tree(tmp_path / "ws", files)
    result = CliRunner().invoke(cli, ["render", "outline", "-w", str(root)], catch_exceptions=True)
    assert result.exit_code == 0, result.output
    document = _open(root / "output", OUTLINE)
    assert len(document.sections) == 1 and "Phụ lục" not in [p.text for p in document.paragraphs]
    assert document.sections[0].different_first_page_header_footer
    _check_signature_kept(document)


# -- 5. the document's properties ------------------------------------------------------------------


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_properties_name_the_issuing_agency_the_render_time_and_the_subject(rendered, name):
    folder, started, finished = rendered
    document = _open(folder, name)
    props = document.core_properties
    if name != OUTLINE:  # the outline's header is the unit's, to fill in
        issuing = [p for p in document.tables[0].cell(0, 0).paragraphs if p.text.strip()][-1]
        assert props.author.upper() == issuing.text
    assert props.author and props.author != "inspection"
    assert props.last_modified_by == props.author
    assert started <= props.created <= finished and props.modified == props.created
    subject = next(p.text for p in document.paragraphs if p.style.name == "Trích yếu")
    assert props.title == f"{TYPES[name].capitalize()} {lcfirst(subject)}"


def test_a_title_with_markup_characters_reads_as_typed(bare):
    props = _open(bare, PLAN).core_properties
    assert props.title == 'Kế hoạch kiểm tra A & B <thử> "trích"'
    assert props.author == "Bảo hiểm xã hội Việt Nam"


def test_the_templates_keep_the_builders_fixed_date(rendered):
    for path in sorted(bundled_dir("templates").glob("*.docx")):
        props = docx.Document(str(path)).core_properties
        assert props.created == dt.datetime(2022, 1, 1, tzinfo=dt.timezone.utc)
        assert props.author == "inspection"
        assert "{{" in props.title  # filled in at rendering


# -- Word's order of properties --------------------------------------------------------------------

# Word refuses a document whose properties are out of the schema's order (ECMA-376, CT_PPr and
# CT_SectPr): the new ones (outline levels, page numbering) must sit where Word expects them.
PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
             "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
             "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN",
             "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
             "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
             "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"]
SECTPR_ORDER = ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz",
                "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt",
                "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid"]


def _in_order(element, order: list[str]) -> bool:
    names = [re.sub(r"^\{[^}]*\}", "", child.tag) for child in element]
    positions = [order.index(n) for n in names]
    return positions == sorted(positions)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_paragraph_and_section_properties_are_in_the_order_word_reads(rendered, name):
    from lxml import etree

    with zipfile.ZipFile(rendered[0] / f"{name}.docx") as archive:
        for part in ("word/document.xml", "word/styles.xml"):
            tree = etree.fromstring(archive.read(part))
            for ppr in tree.iter(qn("w:pPr")):
                assert _in_order(ppr, PPR_ORDER), etree.tostring(ppr)[:300]
            for sectpr in tree.iter(qn("w:sectPr")):
                assert _in_order(sectpr, SECTPR_ORDER), etree.tostring(sectpr)[:300]
