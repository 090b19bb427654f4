"""Helpers for the document tests: findings recorded through the store, rendered documents opened
with python-docx and checked against Decree 30/2020/NĐ-CP (no tests of its own)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.shared import Pt

from inspection.files.workspace import Workspace
from inspection.model.findings import Recommendation
from inspection.model.lookup import find_visit
from inspection.recording.store import FindingsStore

FONT = "Times New Roman"
HOSTILE = 'A & B <tag> "quoted" \'single\' {{ not.a.tag }} {% if %} \x0bnext line\x07bell\x0cform \x00nul'


def record(ws_root: Path, unit: str, item: str, site: str = "office", **changes):
    """Record an answer as `inspection record` would, through the store."""
    ws = Workspace(ws_root)
    loaded = ws.load()
    visit = find_visit(loaded.campaign, unit)
    fields = {k: tuple(v) if isinstance(v, (list, tuple)) else v for k, v in changes.items()}
    return FindingsStore(ws, loaded).record_answer(visit, item, site, fields, by="Người thử")


def figure(ws_root: Path, unit: str, row: str, period: str, reported=None, verified=None):
    ws = Workspace(ws_root)
    loaded = ws.load()
    visit = find_visit(loaded.campaign, unit)
    return FindingsStore(ws, loaded).set_indicator(visit, row, period, "Người thử",
                                                   reported=reported, verified=verified)


def sample_findings(ws_root: Path) -> None:
    """A few findings for Yên Bái of the example, with a field site, figures and hostile text."""
    record(ws_root, "Yên Bái", "I.1", rating="kha",
           observations=["Đã tham mưu 05 văn bản cho Tỉnh ủy, UBND tỉnh.\nCó lưu đủ hồ sơ."],
           strengths=["Lãnh đạo quan tâm chỉ đạo sát sao."],
           shortcomings=["Chưa tham mưu cơ chế hỗ trợ người tham gia BHXH tự nguyện."],
           causes=["Nguyên nhân chủ quan: cán bộ kiêm nhiệm."],
           recommendations=[Recommendation("Tham mưu UBND tỉnh cơ chế hỗ trợ", "Phòng Truyền thông",
                                           dt.date(2022, 9, 30))],
           explanations=["Đơn vị đã dự thảo tờ trình, chờ ý kiến Sở Tài chính."])
    record(ws_root, "Yên Bái", "I.5", "van-yen", rating="chua-dat",
           observations=[HOSTILE], shortcomings=["Pano tại trụ sở đã bạc màu."])
    figure(ws_root, "Yên Bái", "1", "2021", reported="12", verified="10")
    figure(ws_root, "Yên Bái", "2.1.1", "2022", reported="85,5%", verified="85.5")


# -- effective formatting ---------------------------------------------------------------------


def _style_chain(style):
    while style is not None:
        yield style
        style = style.base_style


def effective(paragraph, run, attribute: str):
    """A run's bold, italic or size as Word shows it: run, then the paragraph style chain,
    then the document defaults."""
    value = getattr(run.font, attribute) if run is not None else None
    if value is None:
        value = _from_styles(paragraph, lambda style: getattr(style.font, attribute))
    if value is not None:
        return value
    if attribute == "size":
        defaults = paragraph.part.document.styles.element.find(qn("w:docDefaults"))
        size = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
        return Pt(int(size.get(qn("w:val"))) / 2) if size is not None else Pt(10)
    return False


def _from_styles(paragraph, read):
    """The first value `read(style)` gives along the paragraph's style chain, or None."""
    return next((v for style in _style_chain(paragraph.style) if (v := read(style)) is not None),
                None)


def paragraph_format(paragraph, attribute: str):
    """A paragraph's spacing, indent or alignment as Word shows it: the paragraph, then its styles."""
    value = getattr(paragraph.paragraph_format, attribute)
    if value is not None:
        return value
    return _from_styles(paragraph, lambda style: getattr(style.paragraph_format, attribute))


def text_runs(paragraph):
    return [r for r in paragraph.runs if r.text.strip()]


def all_bold(paragraph) -> bool:
    return all(effective(paragraph, r, "bold") for r in text_runs(paragraph))


def all_italic(paragraph) -> bool:
    return all(effective(paragraph, r, "italic") for r in text_runs(paragraph))


def sizes(paragraph) -> set[float]:
    return {effective(paragraph, r, "size").pt for r in text_runs(paragraph)}


def has_bottom_rule(paragraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}") is not None


def table_has_no_borders(table) -> bool:
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    return borders is None or all(b.get(qn("w:val")) in ("nil", "none") for b in borders)


# -- the checks ---------------------------------------------------------------------------------


def fonts_used(path: Path) -> set[str]:
    """Every font a .docx names, in its styles, defaults and runs."""
    names = set()
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8")
                for fonts in re.findall(r"<w:rFonts ([^>]*)>", xml):
                    names |= set(re.findall(r'w:(?:ascii|hAnsi|eastAsia|cs)="([^"]+)"', fonts))
                    names |= {f"theme {t}" for t in re.findall(r'w:\w+Theme="([^"]+)"', fonts)}
    return names


def check_page(document) -> None:
    """A4 portrait, the margins, the page number centred at the top from page 2."""
    section = document.sections[0]
    assert abs(section.page_width.mm - 210) < 0.5 and abs(section.page_height.mm - 297) < 0.5
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml and "fldChar" in section.header._element.xml
    assert paragraph_format(section.header.paragraphs[0], "alignment") == 1  # centred
    assert "PAGE" not in section.first_page_header._element.xml


def check_header(document, agency: str, number_line: str, place_date: str | None) -> None:
    """The two-column header table of Decree 30."""
    table = document.tables[0]
    assert len(table.columns) == 2 and table_has_no_borders(table)
    left, right = table.cell(0, 0), table.cell(0, 1)
    names = [p for p in left.paragraphs if p.text.strip()]
    issuing = names[-1]
    assert issuing.text == agency.upper() and all_bold(issuing)
    assert sizes(issuing) <= {12.0, 13.0}
    for parent in names[:-1]:  # the agency above: capitals, not bold
        assert parent.text == parent.text.upper() and not all_bold(parent)
    assert any(has_bottom_rule(p) for p in left.paragraphs)
    motto = [p for p in right.paragraphs if p.text.strip()]
    assert motto[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and all_bold(motto[0])
    assert sizes(motto[0]) <= {12.0, 13.0}
    assert motto[1].text == "Độc lập - Tự do - Hạnh phúc" and all_bold(motto[1])
    assert sizes(motto[1]) <= {13.0, 14.0}
    assert any(has_bottom_rule(p) for p in right.paragraphs)
    number = table.cell(1, 0).paragraphs[0]
    assert number.text == number_line and sizes(number) == {13.0}
    date = table.cell(1, 1).paragraphs[0]
    if place_date is None:
        assert not date.text.strip()
    else:
        assert date.text == place_date and all_italic(date) and sizes(date) <= {13.0, 14.0}


def check_title(document, doc_type: str, subject: str) -> None:
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    index = next(i for i, p in enumerate(paragraphs) if p.text == doc_type)
    title, line = paragraphs[index], paragraphs[index + 1]
    for p in (title, line):
        assert all_bold(p) and paragraph_format(p, "alignment") == 1 and sizes(p) <= {13.0, 14.0}
    assert line.text == subject
    following = document.paragraphs[[p._p for p in document.paragraphs].index(line._p) + 1]
    assert has_bottom_rule(following)  # the short rule under the subject


def check_body(document) -> list:
    """Body paragraphs: 13-14 pt, justified, first-line indent 1-1.27 cm, spacing, line spacing."""
    body = [p for p in document.paragraphs if p.text.strip() and p.style.name in ("Normal", "Căn cứ")]
    assert body
    for p in body:
        assert sizes(p) <= {13.0, 14.0}, p.text
        assert paragraph_format(p, "alignment") == 3, p.text  # justified
        indent = paragraph_format(p, "first_line_indent")
        assert indent is not None and 1.0 <= indent.cm <= 1.271, p.text
        before = paragraph_format(p, "space_before") or Pt(0)
        after = paragraph_format(p, "space_after") or Pt(0)
        assert max(before.pt, after.pt) >= 6
        spacing = paragraph_format(p, "line_spacing")
        assert spacing is None or 1.0 <= spacing <= 1.5
    return body


def check_footer(document, recipients: list[str], archive: str, signer: list[str]) -> None:
    """Nơi nhận (bold italic 12; recipients 11) and the signature block."""
    table = next(t for t in document.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    assert len(table.columns) == 2 and table_has_no_borders(table)
    left = table.cell(0, 0).paragraphs
    assert all_bold(left[0]) and all_italic(left[0]) and sizes(left[0]) == {12.0}
    lines = [p for p in left[1:] if p.text.strip()]
    assert [p.text for p in lines] == recipients + [archive]
    assert all(sizes(p) == {11.0} for p in lines)
    assert all(p.text.startswith("- ") and p.text.endswith(";") for p in lines[:-1])
    assert lines[-1].text.endswith(".")
    right = [p for p in table.cell(0, 1).paragraphs if p.text.strip()]
    assert [p.text for p in right] == signer
    assert all(all_bold(p) for p in right)
    assert all(p.text == p.text.upper() for p in right[:-1])


def full_text(path: Path) -> str:
    """Every text of a .docx body, tables included, in order; paragraphs and breaks as "\n"."""
    document = docx.Document(str(path))
    out = []
    for element in document.element.body.iter(qn("w:t"), qn("w:br"), qn("w:p")):
        out.append(element.text or "" if element.tag == qn("w:t") else "\n")
    return "".join(out)
