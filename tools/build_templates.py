#!/usr/bin/env python3
"""Build the bundled Word templates in inspection/documents/templates/, byte for byte reproducibly.

    python tools/build_templates.py            # rewrite inspection/documents/templates/*.docx
    python tools/build_templates.py --check    # exit 1 if the committed files differ

The templates are written as WordprocessingML directly (no bloated default styles, so that
rendering stays fast) and follow Decree 30/2020/NĐ-CP, Phụ lục I: A4, margins 20/20/30/15 mm,
Times New Roman, the two-column header and footer tables, the page number centred at the top
from page 2, an appendix (Phụ lục) numbered on its own. Paragraph looks live in named styles
("Căn cứ", "Mục I", "Nơi nhận"…), so a user can restyle a template in Word; the headings carry
outline levels, and headings, lead-ins and the signature are kept with what follows them. The
docxtpl tags are documented in docs/templates.md.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "inspection" / "documents" / "templates"
sys.path.insert(0, str(ROOT))

from inspection.documents import wordxml  # noqa: E402
from inspection.documents.kinds import KINDS  # noqa: E402
from inspection.documents.wordxml import cell_xml, cm, paragraph_xml, row_xml, table_xml  # noqa: E402

# -- page geometry (twips: 1 cm = 567) ---------------------------------------------------------
A4 = (11906, 16838)
MARGINS = {"top": 1134, "bottom": 1134, "left": 1701, "right": 851}  # 20, 20, 30, 15 mm
TEXT_WIDTH = A4[0] - MARGINS["left"] - MARGINS["right"]  # 9354 twips = 16.5 cm
LANDSCAPE_TEXT_WIDTH = A4[1] - MARGINS["left"] - MARGINS["right"]
HEADER_LEFT = 3912  # 6.9 cm: the agency's column ("BẢO HIỂM XÃ HỘI VIỆT NAM" in 13 pt bold)
HEADER_RIGHT = TEXT_WIDTH - HEADER_LEFT
FOOTER_LEFT = 4252  # 7.5 cm: Nơi nhận
MOTTO_WIDTH = 3600  # "Độc lập - Tự do - Hạnh phúc" in 14 pt bold is 6.35 cm long
FOOTER_RIGHT = TEXT_WIDTH - FOOTER_LEFT
# Decree 30: the rules under the agency's name and under the subject line are 1/3 to 1/2 as
# long as their line of text, centred under it; the rule under the motto is as long as the motto.
AGENCY_RULE = cm(2.4)  # the agency's name fills most of its 6.9 cm column: 1/3 of 6.9 cm is 2.3
SUBJECT_RULE = TEXT_WIDTH // 3  # 5.5 cm: a subject line (or an appendix's) spans the text width

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
FONT = "Times New Roman"
KEEP_NEXT = "<w:keepNext/>"  # a paragraph on the page of the next one (Word: Keep with next)


# -- runs, paragraphs, tables: the package's WordprocessingML helpers, in the builder's words ---


def run(text: str, *, bold: bool = False, italic: bool = False, size: float | None = None) -> str:
    """A run as written in the template: a line break in it is the template's own (Jinja's)."""
    return wordxml.run(text, bold=bold, italic=italic, size=size, breaks=False)


def B(text: str) -> str:
    return run(text, bold=True)


def I(text: str) -> str:  # noqa: E743 - reads like Word's toolbar
    return run(text, italic=True)


def BI(text: str) -> str:
    return run(text, bold=True, italic=True)


def p(*runs: str, style: str = "Normal", align: str | None = None, extra: str = "") -> str:
    """A paragraph; plain strings become plain runs."""
    body = "".join(r if r.startswith("<w:r>") else run(r) for r in runs)
    return paragraph_xml(body, style=style, props=extra + (f'<w:jc w:val="{align}"/>' if align else ""))


def label(*runs: str) -> str:
    """A lead-in ("Tồn tại, hạn chế:", "a) Ưu điểm"): never left alone at the foot of a page."""
    return p(*runs, style="NhanDoan")


def tag(text: str) -> str:
    """A paragraph holding only a docxtpl tag ({%p …%}); it disappears from the document."""
    return p(text)


def tag_in_cell(text: str) -> str:
    """A docxtpl tag on a paragraph of its own inside a table cell."""
    return p(text, style="ChuTrongBang")


def rule(width: int, container: int) -> str:
    """A short horizontal rule, centred: the bottom border of an empty paragraph, as wide as
    `width`, kept on the page of what follows it."""
    left = right = max((container - width) // 2, 0)
    return (f'<w:p><w:pPr><w:pStyle w:val="DuongKe"/>{KEEP_NEXT}<w:pBdr><w:bottom w:val="single" w:sz="6" '
            f'w:space="1" w:color="000000"/></w:pBdr><w:ind w:left="{left}" w:right="{right}" '
            f'w:firstLine="0"/></w:pPr></w:p>')


def cell(width: int, *paragraphs: str, span: int = 1, valign: str | None = None) -> str:
    return cell_xml(width, "".join(paragraphs or (p(style="ChuTrongBang"),)), span=span,
                    valign=valign)


def row(*cells: str, header: bool = False) -> str:
    return row_xml("".join(cells), header=header)


def table(widths: list[int], *rows: str, borders: bool = True, margins: int = 57) -> str:
    return table_xml(widths, "".join(rows), borders=borders, margins=margins)


def section_end(landscape: bool = False, restart: bool = False) -> str:
    """Section properties: A4, the margins, the page-number header from the section's page 2;
    with `restart`, its pages numbered from 1."""
    w, h = (A4[1], A4[0]) if landscape else A4
    orient = ' w:orient="landscape"' if landscape else ""
    refs = ('<w:headerReference w:type="default" r:id="rIdHeaderPage"/>'
            '<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>')
    m = MARGINS
    return (f'<w:sectPr>{refs}<w:pgSz w:w="{w}" w:h="{h}"{orient}/>'
            f'<w:pgMar w:top="{m["top"]}" w:right="{m["right"]}" w:bottom="{m["bottom"]}" '
            f'w:left="{m["left"]}" w:header="567" w:footer="567" w:gutter="0"/>'
            + ('<w:pgNumType w:start="1"/>' if restart else "")
            + '<w:titlePg/><w:docGrid w:linePitch="360"/></w:sectPr>')


def section_break(landscape: bool = False) -> str:
    """A paragraph ending a section (its properties are the section's own)."""
    return f'<w:p><w:pPr><w:pStyle w:val="DuongKe"/>{section_end(landscape)}</w:pPr></w:p>'


def appendix(*parts: str, condition: str | None = None, landscape: bool = False) -> str:
    """A Phụ lục in a section of its own, ending the document: it starts on a new page and, as
    Decree 30 wants, its pages are numbered on their own, from 1, the first not shown. With
    `condition`, only when it holds (the document is then one section)."""
    body = section_break() + "".join(parts)
    return (when(condition, body) if condition else body) + section_end(landscape, restart=True)


# -- the parts every document shares --------------------------------------------------------------


def header_table(date_line: bool = True, subject: str | None = None) -> str:
    """The national header: agency (with its rule) and number | motto (with its rule) and date.
    A letter (công văn) has its `subject` ("V/v …") under its number instead of a title."""
    left = cell(
        HEADER_LEFT,
        when("agency.parent", p("{{ agency.parent|upper }}", style="CoQuanChuQuan")),
        p("{{ agency.name|upper }}", style="CoQuanBanHanh"),
        rule(AGENCY_RULE, HEADER_LEFT))
    right = cell(
        HEADER_RIGHT,
        p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", style="QuocHieu"),
        p("Độc lập - Tự do - Hạnh phúc", style="TieuNgu"),
        rule(MOTTO_WIDTH, HEADER_RIGHT))
    number = cell(HEADER_LEFT, p("{{ doc.number_line }}", style="SoKyHieu"),
                  *([p(subject, style="TrichYeuCongVan")] if subject else []))
    dated = cell(HEADER_RIGHT, p("{{ doc.place_date }}" if date_line else "", style="DiaDanh"))
    return table([HEADER_LEFT, HEADER_RIGHT], row(left, right), row(number, dated),
                 borders=False, margins=0)


def title_block(doc_type: str, subject: str, basis: str | None = None) -> str:
    out = p(doc_type, style="LoaiVanBan") + p(subject, style="TrichYeu")
    if basis:
        out += p(basis, style="CanCuTieuDe")
    return out + rule(SUBJECT_RULE, TEXT_WIDTH)


def footer_table() -> str:
    """Nơi nhận | signing authority, title, space for signature and seal, name."""
    left = cell(
        FOOTER_LEFT,
        p("Nơi nhận:", style="NoiNhan"),
        each("line in doc.recipients", p("{{ line }}", style="DanhSachNoiNhan")),
        p("{{ doc.archive }}", style="DanhSachNoiNhan"))
    right = cell(
        FOOTER_RIGHT,
        when("doc.signer.authority", p("{{ doc.signer.authority|upper }}", style="ChucDanhKy")),
        p("{{ doc.signer.title|upper }}", style="ChucDanhKy"),
        p("{{ doc.signer.name }}", style="HoTenKy"))
    return p(style="DuongKeNoi") + table([FOOTER_LEFT, FOOTER_RIGHT], row(left, right),
                                      borders=False, margins=0)


def document(*parts: str, appendix: str = "") -> str:
    """A template's body: its parts, then the page setup of its (last) section, or its
    `appendix` (made by appendix(), which ends with its section's page setup)."""
    return "".join(parts) + (appendix or section_end())


def each(spec: str, *paragraphs: str) -> str:
    """The paragraphs once for every item: `each("x in items", p("{{ x }}"))`."""
    return tag(f"{{%p for {spec} %}}") + "".join(paragraphs) + tag("{%p endfor %}")


def each_or(spec: str, *paragraphs: str, empty: str) -> str:
    """The paragraphs once for every item, or the paragraph `empty` says when there is none."""
    return (tag(f"{{%p for {spec} %}}") + "".join(paragraphs) + tag("{%p else %}") + p(empty)
            + tag("{%p endfor %}"))


def when(condition: str, *paragraphs: str) -> str:
    """The paragraphs only when `condition` holds: `when("campaign.preamble", p(…))`."""
    return tag(f"{{%p if {condition} %}}") + "".join(paragraphs) + tag("{%p endif %}")


def kept_when(condition: str, *runs: str, style: str = "Normal") -> str:
    """A paragraph kept on the page of the next one when `condition` holds: the last paragraph
    before the signature, which then never stands alone on a page."""
    return (tag(f"{{%p if {condition} %}}") + p(*runs, style=style, extra=KEEP_NEXT)
            + tag("{%p else %}") + p(*runs, style=style) + tag("{%p endif %}"))


def dash_list(expr: str, var: str = "x", blank: bool = False, kept_last: str | None = None) -> str:
    """A paragraph "- …" per item; with `blank`, a dotted line to fill in when there is none;
    with `kept_last`, the item for which it holds is kept with what follows (kept_when)."""
    empty = tag("{%p else %}") + p("- " + "…" * 40) if blank else ""
    item = f"- {{{{ {var} }}}}"
    return tag(f"{{%p for {var} in {expr} %}}") + \
        (kept_when(kept_last, item) if kept_last else p(item)) + empty + tag("{%p endfor %}")


def run_in(heading: str, points: str, attribute: str = "") -> str:
    """A labelled list of the minutes: one point runs in after its label ("Ưu điểm: …"),
    several follow it as "- …" lines (the label kept with the first)."""
    text = "{{ t%s }}" % (f".{attribute}" if attribute else "")
    return (tag(f"{{%p if {points}|length == 1 %}}") + tag(f"{{%p for t in {points} %}}")
            + p(I(f"{heading}: "), text) + tag("{%p endfor %}")
            + tag(f"{{%p elif {points} %}}") + label(I(f"{heading}:"))
            + tag(f"{{%p for t in {points} %}}") + p(f"- {text}") + tag("{%p endfor %}")
            + tag("{%p endif %}"))


def common_points(heading: str, points: str) -> str:
    """A heading, then the points several units share, item by item ("Chưa ghi nhận." if none)."""
    return (p(heading, style="Muc1") + tag(f"{{%p for c in {points} %}}")
            + label(I("{{ letter(loop.index) }}) {{ c.item_title }} ({{ c.units_text }})"))
            + dash_list("c.points", "t") + tag("{%p else %}") + p("Chưa ghi nhận.")
            + tag("{%p endfor %}"))


def grid_header(widths: list[int], *labels: str) -> str:
    return row(*(cell(w, p(text, style="TieuDeBang")) for w, text in zip(widths, labels)),
               header=True)


BODIES: dict = {}  # kind of document (documents/kinds.py) -> (the function writing its body, title)


# The minutes are a working record signed on site, long by nature: body text at 13 points
# and single spacing (Decree 30 allows 13-14 points, single to 1.5 lines); the documents
# issued afterwards keep 14 points at 1.15 lines.
BODY_TEXT = {"minutes": (13, 240)}


def body(kind: str, title: str):
    """Declare the function writing the body of `kind`'s template. `title` is the document's
    title in its properties: its type and subject, with tags docxtpl fills in at rendering."""
    def register(make):
        BODIES[KINDS[kind].name] = (make, title)
        return make
    return register


# -- the five templates --------------------------------------------------------------------------


@body("plan", "Kế hoạch {{ campaign.title|lcfirst }}")
def plan() -> str:
    visits_widths = [cm(1.2), cm(4.1), cm(6.9), cm(4.3)]
    schedule = table(
        visits_widths,
        grid_header(visits_widths, "STT", "Đơn vị được kiểm tra", "Thời gian, địa điểm",
                    "Đoàn kiểm tra"),
        row(cell(visits_widths[0], p("{%tr for v in campaign.visits %}", style="ChuTrongBang")),
            cell(visits_widths[1]), cell(visits_widths[2]), cell(visits_widths[3])),
        row(cell(visits_widths[0], p("{{ v.number }}", style="ChuTrongBang", align="center")),
            cell(visits_widths[1], p("{{ v.unit.name }}", style="ChuTrongBang")),
            cell(visits_widths[2], p("{{ v.schedule_text }}", style="ChuTrongBang")),
            cell(visits_widths[3], p("{{ v.team.name }}{% if v.team.lead %}\nTrưởng đoàn: "
                                     "{{ v.team.lead.name }}{% endif %}", style="ChuTrongBang"))),
        row(cell(visits_widths[0], p("{%tr endfor %}", style="ChuTrongBang")),
            cell(visits_widths[1]), cell(visits_widths[2]), cell(visits_widths[3])))
    return document(
        header_table(),
        title_block("KẾ HOẠCH", "{{ campaign.title }}"),
        each("basis in campaign.legal_bases", p("{{ basis }}", style="CanCu")),
        when("campaign.preamble", label("{{ campaign.preamble }}")),  # "… như sau:"
        p("I. MỤC ĐÍCH, YÊU CẦU", style="MucI"),
        tag("{%p if campaign.requirements %}"),
        p("1. Mục đích", style="Muc1"),
        dash_list("campaign.purposes"),
        p("2. Yêu cầu", style="Muc1"),
        dash_list("campaign.requirements"),
        tag("{%p else %}"),
        dash_list("campaign.purposes", blank=True),
        tag("{%p endif %}"),
        p("II. THÀNH PHẦN ĐOÀN, THỜI GIAN VÀ ĐƠN VỊ ĐƯỢC KIỂM TRA", style="MucI"),
        p("1. Thành phần Đoàn kiểm tra", style="Muc1"),
        when("campaign.team_composition", p("{{ campaign.team_composition }}")),
        tag("{%p for team in campaign.teams %}"),
        when("campaign.teams|length > 1", p("{{ team.name }}:", style="Muc11")),
        each("m in team.members", p("- {{ m.line }}{{ '.' if loop.last else ';' }}")),
        tag("{%p endfor %}"),
        p("2. Thời gian và thời hiệu kiểm tra", style="Muc1"),
        p("2.1. Thời gian kiểm tra:", style="Muc11"),
        p("- Thời gian kiểm tra: {{ campaign.window or campaign.dates_text }} (lịch kiểm tra cụ thể "
          "tại Phụ lục kèm theo)."),
        when("campaign.days_per_visit", p("- Mỗi đơn vị được kiểm tra trong {{ campaign.days_per_visit }}.")),
        p(BI("2.2. Thời hiệu kiểm tra: "), "{{ (campaign.period_text or 'đến thời điểm kiểm tra')"
          "|ucfirst }}."),
        p("3. Đơn vị được kiểm tra", style="Muc1"),
        p("Thực hiện kiểm tra tại {{ campaign.units_count_text }} đơn vị gồm: "
          "{{ campaign.units_text }}."),
        p("III. NỘI DUNG VÀ PHƯƠNG PHÁP KIỂM TRA", style="MucI"),
        p("1. Nội dung kiểm tra", style="Muc1"),
        tag("{%p for x in campaign.content %}"),
        p("1.{{ loop.index }}. {{ x }}"),
        tag("{%p else %}"),
        p("…" * 42),
        tag("{%p endfor %}"),
        p("Đơn vị được kiểm tra báo cáo bằng văn bản theo Đề cương gửi kèm Kế hoạch này."),
        p("2. Phương pháp kiểm tra", style="Muc1"),
        dash_list("campaign.methods", blank=True),
        p("IV. TỔ CHỨC THỰC HIỆN", style="MucI"),
        tag("{%p for r in campaign.responsibilities %}"),
        tag("{%p set last_duty = loop.last %}"),
        p("{{ loop.index }}. {{ r.who }}", style="Muc1"),
        # The last task is kept with the signature when no closing paragraph follows it.
        dash_list("r.tasks", "task", kept_last="loop.last and last_duty and not campaign.closing"),
        tag("{%p else %}"),
        p("…" * 42, extra=KEEP_NEXT),
        tag("{%p endfor %}"),
        when("campaign.closing", p("{{ campaign.closing }}", style="KetThuc")),
        footer_table(),
        appendix=appendix(
            p("Phụ lục", style="PhuLuc"),
            p("LỊCH KIỂM TRA", style="TrichYeu"),
            p("(Kèm theo {{ plan.text }})", style="CanCuTieuDe"),
            rule(SUBJECT_RULE, TEXT_WIDTH),
            p(style="DuongKe"),
            schedule),
    )


@body("outline", "Đề cương {{ outline.title_line|lcfirst }}")
def outline() -> str:
    return document(
        title_block("ĐỀ CƯƠNG", "{{ outline.title_line }}", "{{ outline.basis }}"),
        p(style="DuongKe"),
        table([HEADER_LEFT, HEADER_RIGHT],
              row(cell(HEADER_LEFT, p("TÊN CƠ QUAN CHỦ QUẢN", style="CoQuanChuQuan"),
                       p("TÊN ĐƠN VỊ BÁO CÁO", style="CoQuanBanHanh"), rule(cm(2.4), HEADER_LEFT)),
                  cell(HEADER_RIGHT, p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", style="QuocHieu"),
                       p("Độc lập - Tự do - Hạnh phúc", style="TieuNgu"),
                       rule(MOTTO_WIDTH, HEADER_RIGHT))),
              row(cell(HEADER_LEFT, p("Số:      /BC-……", style="SoKyHieu")),
                  cell(HEADER_RIGHT, p("……, {{ vn_date(none, campaign.year) }}", style="DiaDanh"))),
              borders=False, margins=0),
        title_block("{{ outline.heading|upper }}", "{{ outline.subject }}"),
        tag("{%p for e in outline.entries %}"),
        tag("{%p if e.level == 0 %}"),
        p("{{ e.number }}. {{ e.title|upper }}", style="MucI"),
        tag("{%p elif e.level == 1 %}"),
        p("{{ e.number }}. {{ e.title }}", style="Muc1"),
        tag("{%p else %}"),
        p("{{ e.number }}. {{ e.title }}", style="Muc11"),
        tag("{%p endif %}"),
        when("e.intro", p("{{ e.intro }}", style="GhiChu")),
        tag("{%p for b in e.bullets %}"),
        tag("{%p if b.level == 0 %}"),
        p("- {{ b.text }}"),
        tag("{%p else %}"),
        p("+ {{ b.text }}", style="Cap2"),
        tag("{%p endif %}"),
        when("b.detail", p("{{ b.detail }}", style="GhiChu")),
        tag("{%p endfor %}"),
        when("e.note", p("{{ e.note }}", style="GhiChu")),
        tag("{%p endfor %}"),
        each("n in outline.notes", kept_when("loop.last", "{{ n }}", style="GhiChu")),
        p(style="DuongKeNoi"),
        table([FOOTER_LEFT, FOOTER_RIGHT],
              row(cell(FOOTER_LEFT, p("Nơi nhận:", style="NoiNhan"),
                       each("line in outline.recipients", p("{{ line }}", style="DanhSachNoiNhan")),
                       p("{{ outline.archive }}", style="DanhSachNoiNhan")),
                  cell(FOOTER_RIGHT, p("{{ outline.signature|upper }}", style="ChucDanhKy"),
                       p("(Ký tên, đóng dấu)", style="GhiChuKy"),
                       p("", style="HoTenKy"))),
              borders=False, margins=0),
        appendix=appendix(p("Phụ lục", style="PhuLuc"), p("{{p outline.appendix.table }}"),
                          condition="outline.appendix"),
    )


@body("minutes", "Biên bản {{ campaign.title|lcfirst|at(unit.name) }}")
def minutes() -> str:
    half = TEXT_WIDTH // 2
    signatures = table(
        [half, TEXT_WIDTH - half],
        row(cell(half, p("ĐẠI DIỆN {{ unit.name|upper }}", style="ChucDanhKy"),
                 p("(Ký, ghi rõ họ tên, đóng dấu)", style="GhiChuKy"),
                 p("{{ visit.representative.name if visit.representative else '' }}",
                   style="HoTenKy", extra=KEEP_NEXT)),
            cell(TEXT_WIDTH - half, p("TRƯỞNG ĐOÀN KIỂM TRA", style="ChucDanhKy"),
                 p("(Ký, ghi rõ họ tên)", style="GhiChuKy"),
                 p("{{ team.lead.name if team.lead else '' }}", style="HoTenKy",
                   extra=KEEP_NEXT))),
        row(cell(half, p("{%tr if team.secretary %}", style="ChucDanhKy")),
            cell(TEXT_WIDTH - half)),
        row(cell(half, p(style="ChucDanhKy")),
            cell(TEXT_WIDTH - half, p("THƯ KÝ ĐOÀN", style="ChucDanhKy", extra=(
                '<w:spacing w:before="360"/>')),
                 p("(Ký, ghi rõ họ tên)", style="GhiChuKy"),
                 p("{{ team.secretary.name }}", style="HoTenKy"))),
        row(cell(half, p("{%tr endif %}", style="ChucDanhKy")), cell(TEXT_WIDTH - half)),
        borders=False, margins=0)
    # Decree 30, Phụ lục III (biên bản): time and place of the start, who took part, the
    # content, the closing time; the content follows the outline's own numbering (I, 1, 1.1).
    return document(
        header_table(date_line=False),
        title_block("BIÊN BẢN", "{{ campaign.title|at(unit.name) }}"),
        p("Căn cứ {{ plan.text }} về {{ campaign.action }}.", style="CanCu"),
        p(B("Thời gian bắt đầu: "), "…… giờ …… phút, ngày {{ visit.start|short_date }}"
          "{% if visit.days_count > 1 %} (làm việc đến hết ngày {{ visit.end|short_date }})"
          "{% endif %}."),
        p(B("Địa điểm: "), "{{ visit.places_text|ucfirst }}."),
        p("{{ team.name }} của {{ agency.display }} tiến hành {{ campaign.action|at(unit.name) }}"
          "{% if campaign.period_text %}; thời hiệu kiểm tra "
          "{{ campaign.period_text }}{% endif %}."),
        p("A. THÀNH PHẦN", style="MucI"),
        p("1. {{ team.name }}", style="Muc1"),
        each("m in team.members", p("- {{ m.line }}{{ '.' if loop.last else ';' }}")),
        p("2. Đại diện {{ unit.name }}", style="Muc1"),
        each_or("r in visit.representatives", p("- {{ r.line }}{{ '.' if loop.last else ';' }}"),
                empty="- …………………………………………………………"),
        tag("{%p for s in visit.sites if s.representatives %}"),
        p("{{ loop.index + 2 }}. Đại diện {{ s.name }}", style="Muc1"),
        each("r in s.representatives", p("- {{ r.line }}{{ '.' if loop.last else ';' }}")),
        tag("{%p endfor %}"),
        p("B. NỘI DUNG VÀ KẾT QUẢ KIỂM TRA", style="MucI"),
        tag("{%p for s in sections %}"),
        p("{{ s.number }}. {{ s.title|end_with('') }}", style="Muc1"),
        tag("{%p for it in s.items %}"),
        each("n, t in it.above", p("{{ n }}. {{ t|end_with('') }}", style="Muc11")),
        when("it.heading", p("{{ it.number }}. {{ it.title|end_with('') }}", style="Muc11")),
        tag("{%p if not it.checked %}"),
        p(I("Chưa kiểm tra.")),
        tag("{%p else %}"),
        tag("{%p for site in it.sites %}"),
        # At several places each place's line carries its rating: "a) Tại …. Đánh giá: Khá."
        tag("{%p if it.multi_site %}"),
        label(I("{{ letter(loop.index) }}) {{ site.label }}"),
              "{% if site.checked and site.rating %}. Đánh giá: {% endif %}",
              B("{% if site.checked %}{{ site.rating }}{% endif %}"),
              "{% if site.checked and site.rating %}.{% endif %}"),
        tag("{%p endif %}"),
        tag("{%p if not site.checked %}"),
        p(I("Chưa kiểm tra.")),
        tag("{%p else %}"),
        when("site.rating and not it.multi_site", label("Đánh giá: ", B("{{ site.rating }}"), ".")),
        each("t in site.observations", p("- {{ t }}")),
        run_in("Ưu điểm", "site.strengths"),
        run_in("Tồn tại, hạn chế", "site.shortcomings"),
        run_in("Nguyên nhân", "site.causes"),
        run_in("Đoàn kiểm tra đề nghị", "site.recommendations", "line"),
        when("site.evidence", p(I("Hồ sơ, tài liệu kiểm tra: "), "{{ site.evidence|join('; ') }}.")),
        tag("{%p endif %}"),
        tag("{%p endfor %}"),
        tag("{%p endif %}"),
        tag("{%p if it.show_figures %}"),
        p("{{p it.table }}"),
        tag("{%p endif %}"),
        tag("{%p endfor %}"),
        tag("{%p endfor %}"),
        p("C. Ý KIẾN GIẢI TRÌNH CỦA ĐƠN VỊ", style="MucI"),
        each_or("e in explanations",
                p("- Về nội dung {{ e.item_number }} ({{ e.item_title }}){% if e.site %}, "
                  "{{ e.site|lcfirst }}{% endif %}: {{ e.text }}"),
                empty="Đơn vị không có ý kiến giải trình."),
        p("Biên bản kết thúc vào hồi …… giờ …… phút, ngày {{ visit.end|short_date }}, được lập "
          "thành {{ copies_text }} bản có giá trị pháp lý như nhau, Đoàn kiểm tra giữ 01 bản, "
          "{{ unit.name }} giữ 01 bản. Biên bản đã được đọc lại cho những người tham dự cùng "
          "nghe, thống nhất và ký tên dưới đây.", style="KetThuc"),
        p(style="DuongKeNoi"),
        signatures,
    )


@body("conclusion", "Thông báo kết luận {{ campaign.action|at(unit.name) }}")
def conclusion() -> str:
    # The document's own parts are lettered (A-D) so that the areas under A keep the
    # numbers the outline gives them (I, II … or 1, 2 …), as in the minutes and the report.
    return document(
        header_table(),
        title_block("THÔNG BÁO", "Kết luận {{ campaign.action|at(unit.name) }}"),
        p("Thực hiện {{ plan.text }} về {{ campaign.action }}, {{ visit.dates_text }}, "
          "{{ team.name }} của {{ agency.display }}{% if team.lead %} do {{ team.lead.name }}"
          "{% if team.lead.title %}, {{ team.lead.title }}{% endif %} làm Trưởng đoàn{% endif %} "
          "đã tiến hành kiểm tra tại {{ unit.name }}{% if campaign.period_text %}; thời hiệu kiểm "
          "tra {{ campaign.period_text }}{% endif %}."),
        label("Trên cơ sở {{ minutes_ref.text }} và báo cáo của Đoàn kiểm tra, {{ agency.display }} "
              "thông báo kết luận kiểm tra như sau:"),
        p("A. KẾT QUẢ KIỂM TRA", style="MucI"),
        tag("{%p for a in areas %}"),
        p("{{ a.number }}. {{ a.title|end_with('') }}", style="Muc1"),
        when("a.assessment", p("{{ a.assessment }}")),
        tag("{%p for part in a.parts %}"),
        label(BI("{{ part.letter }}) {{ part.heading }}")),
        tag("{%p for g in part.groups %}"),
        when("g.label", label(I("- {{ g.label }}:"))),
        each("t in g.points", p("{{ g.mark }} {{ t }}")),
        tag("{%p endfor %}"),
        tag("{%p endfor %}"),
        tag("{%p else %}"),
        p("Chưa có kết quả kiểm tra."),
        tag("{%p endfor %}"),
        # the previous campaign's recommendations, checked again at this visit
        tag("{%p if carried_text %}"),
        p("Việc thực hiện kiến nghị của lần kiểm tra trước", style="Muc1"),
        p("{{ carried_text }}"),
        each("x in carried", p("- {{ x.text|end_with('') }}: "
                               "{{ (x.verified or 'Chưa kiểm tra lại')|lcfirst }}.")),
        tag("{%p endif %}"),
        p("B. KẾT LUẬN CHUNG", style="MucI"),
        p("{{ overall or 'Đoàn kiểm tra chưa có kết luận chung.' }}"),
        p("C. KIẾN NGHỊ, YÊU CẦU", style="MucI"),
        tag("{%p if recommendations %}"),
        label("Yêu cầu {{ unit.name }} thực hiện các nội dung sau:"),
        each("r in recommendations", p("{{ r.number }}. {{ r.line }}")),
        tag("{%p else %}"),
        p("Không có kiến nghị."),
        tag("{%p endif %}"),
        p("D. TỔ CHỨC THỰC HIỆN", style="MucI"),
        p("{{ report_back.text }}", style="KetThuc"),
        footer_table(),
    )


def unit_table(widths: list[int], *columns: tuple[str, str, str | None]) -> str:
    """A table with a row per unit of the report: (heading, cell text, alignment) per column."""
    loop = row(cell(widths[0], p("{%tr for u in units %}", style="ChuTrongBang")),
               *(cell(w) for w in widths[1:]))
    body = row(*(cell(w, p(text, style="ChuTrongBang", align=align))
                 for w, (_, text, align) in zip(widths, columns)))
    end = row(cell(widths[0], p("{%tr endfor %}", style="ChuTrongBang")), *(cell(w) for w in widths[1:]))
    return table(widths, grid_header(widths, *(heading for heading, _, _ in columns)), loop, body, end)


@body("report", "Báo cáo kết quả {{ campaign.action }}")
def report() -> str:
    # Lettered parts (A-D), as in the conclusion: the content areas under B keep the
    # outline's numbers.
    units = unit_table([cm(1.2), cm(4.4), cm(6.9), cm(4.0)],
                       ("STT", "{{ u.visit.number }}", "center"), ("Đơn vị", "{{ u.unit.name }}", None),
                       ("Thời gian, địa điểm", "{{ u.visit.schedule_text }}", None),
                       ("Nội dung đã kiểm tra", "{{ u.checked }}/{{ u.total }}", "center"))
    recommendations = unit_table([cm(1.2), cm(6.3), cm(3.0), cm(6.0)],
                                 ("STT", "{{ u.visit.number }}", "center"),
                                 ("Đơn vị", "{{ u.unit.name }}", None),
                                 ("Số kiến nghị", "{{ u.recommendations_count }}", "center"),
                                 ("Thời hạn thực hiện", "{{ u.deadlines_text }}", "center"))
    return document(
        header_table(),
        title_block("BÁO CÁO", "Kết quả {{ campaign.action }}"),
        label("Thực hiện {{ plan.text }} về {{ campaign.action }}, {{ dates_text }}, "
              "{{ agency.display }} đã tổ chức kiểm tra tại {{ campaign.units_count_text }} đơn vị. "
              "Kết quả kiểm tra như sau:"),
        p("A. TÌNH HÌNH TỔ CHỨC KIỂM TRA", style="MucI"),
        p("Đoàn kiểm tra đã làm việc tại {{ two_digits(units_checked) }}/"
          "{{ campaign.units_count_text }} đơn vị theo Kế hoạch; đã kiểm tra "
          "{{ items_checked|vn_number }}/{{ items_total|vn_number }} lượt nội dung (mỗi nội dung tại trụ sở đơn vị và tại từng cơ sở "
          "được kiểm tra tính là một lượt)."),
        units,
        p(style="DuongKe"),
        p("B. KẾT QUẢ KIỂM TRA", style="MucI"),
        tag("{%p for a in report_areas %}"),
        p("{{ a.number }}{% if a.number %}. {% endif %}{{ a.title|end_with('') }}", style="Muc1"),
        when("a.assessment", p("{{ a.assessment }}")),
        tag("{%p for part in a.parts %}"),
        label(BI("{{ part.letter }}) {{ part.heading }}")),
        each("t in part.points", p("- {{ t.line }}")),
        tag("{%p endfor %}"),
        tag("{%p else %}"),
        p("Chưa có kết quả kiểm tra."),
        tag("{%p endfor %}"),
        p("C. ĐÁNH GIÁ CHUNG", style="MucI"),
        p("1. Kết quả chung", style="Muc1"),
        when("overall", p("{{ overall }}")),
        label("Kết quả đánh giá theo từng phần nội dung, từng đơn vị (số lượt nội dung):"),
        p("{{p rating_table }}"),
        p("2. Cách làm hay", style="Muc1"),
        each_or("t in good_practices", p("- {{ t.line }}"), empty="Chưa ghi nhận."),
        tag("{%p if carried_text %}"),
        p("3. Việc thực hiện kiến nghị của lần kiểm tra trước", style="Muc1"),
        p("{{ carried_text }}"),
        tag("{%p for g in carried %}"),
        label(I("{{ g.name }} ({{ g.conclusions }}):")),
        each("x in g.items", p("- {{ x.text|end_with('') }}: "
                               "{{ (x.verified or 'Chưa kiểm tra lại')|lcfirst }}.")),
        tag("{%p endfor %}"),
        tag("{%p endif %}"),
        p("D. KIẾN NGHỊ, ĐỀ XUẤT", style="MucI"),
        p("1. Kiến nghị đối với các đơn vị được kiểm tra", style="Muc1"),
        p("Đoàn kiểm tra đã kiến nghị {{ units|sum(attribute='recommendations_count') }} nội dung "
          "đối với các đơn vị (chi tiết tại Thông báo kết luận kiểm tra từng đơn vị):",
          style="NhanBang"),
        recommendations,
        p(style="DuongKe"),
        p("2. Đề xuất với {{ report_to }}", style="Muc1"),
        tag("{%p for t in team_proposals %}"),
        p("- {{ t.line }}"),
        tag("{%p else %}"),
        p("Không có."),
        tag("{%p endfor %}"),
        p("{{ closing }}", style="KetThuc"),
        p(style="DuongKeNoi"),
        footer_table(),
        appendix=appendix(
            p("Phụ lục", style="PhuLuc"),
            p("SỐ LIỆU CHỈ TIÊU CỦA CÁC ĐƠN VỊ ĐƯỢC KIỂM TRA", style="TrichYeu"),
            p("(Kèm theo Báo cáo số {{ doc.number_text }} ngày {{ doc.date_text|replace('ngày ', '', 1) }}"
              " của {{ agency.display }})", style="CanCuTieuDe"),
            # As long as under a portrait page's subject: the appendix's lines are no longer.
            rule(SUBJECT_RULE, LANDSCAPE_TEXT_WIDTH),
            tag("{%p if indicator_tables|length %}"),
            p("{{p indicator_tables }}"),
            p("{{ indicator_note }}", style="GhiChu"),
            tag("{%p else %}"),
            p("Đề cương của đợt kiểm tra không có bảng chỉ tiêu.", style="GhiChu"),
            tag("{%p endif %}"),
            landscape=True),
    )




def loop_table(widths: list[int], spec: str, *columns: tuple[str, str, str | None],
               total: tuple[str, ...] | None = None) -> str:
    """A table with a row for each of `spec` ("x in items"): (heading, cell text, alignment)
    per column, and a `total` row of texts after the rows when given."""
    loop = row(cell(widths[0], p(f"{{%tr for {spec} %}}", style="ChuTrongBang")),
               *(cell(w) for w in widths[1:]))
    body = row(*(cell(w, p(text, style="ChuTrongBang", align=align))
                 for w, (_, text, align) in zip(widths, columns)))
    end = row(cell(widths[0], p("{%tr endfor %}", style="ChuTrongBang")),
              *(cell(w) for w in widths[1:]))
    last = row(*(cell(w, p(B(text) if text else "", style="ChuTrongBang", align=align))
                 for w, text, (_, _, align) in zip(widths, total, columns))) if total else ""
    return table(widths, grid_header(widths, *(heading for heading, _, _ in columns)), loop,
                 body, end, last)


@body("reminder", "V/v đôn đốc thực hiện kết luận kiểm tra ({{ unit.name }})")
def reminder() -> str:
    # A letter (công văn): no title, its subject under its number, "Kính gửi:" the unit.
    items = loop_table([cm(1.1), cm(9.4), cm(2.4), cm(3.6)], "x in items",
                       ("STT", "{{ loop.index }}", "center"),
                       ("Nội dung kiến nghị", "{{ x.text }}{% if conclusions|length > 1 %} "
                        "({{ x.conclusion.text }}){% endif %}", None),
                       ("Thời hạn", "{{ x.due_text }}", "center"),
                       ("Tình trạng", "{{ x.state }}", None))
    return document(
        header_table(subject="{{ subject }}"),
        p("Kính gửi: {{ addressee }}.", style="KinhGui"),
        p("{{ opening }}"),
        label("{{ situation }}"),
        items,
        p(style="DuongKe"),
        label("Để bảo đảm việc thực hiện nghiêm túc kết luận kiểm tra, {{ agency.display }} đề "
              "nghị {{ unit.name }}:"),
        each("r in requests", p("{{ loop.index }}. {{ r }}")),
        p("{{ closing }}", style="KetThuc"),
        footer_table(),
    )


@body("followup", "Báo cáo kết quả theo dõi, đôn đốc thực hiện kết luận {{ campaign.action }}")
def followup() -> str:
    widths = [cm(1.1), cm(4.0), cm(1.5), cm(1.5), cm(1.5), cm(1.5), cm(1.8), cm(1.6), cm(2.0)]
    units = loop_table(widths, "u in units",
                       ("STT", "{{ u.number }}", "center"), ("Đơn vị", "{{ u.name }}", None),
                       ("Số kiến nghị", "{{ u.total }}", "center"),
                       ("Đã thực hiện", "{{ u.done }}", "center"),
                       ("Đang thực hiện", "{{ u.in_progress }}", "center"),
                       ("Chưa thực hiện", "{{ u.not_started }}", "center"),
                       ("Không thực hiện được", "{{ u.not_feasible }}", "center"),
                       ("Quá hạn", "{{ u.overdue }}", "center"),
                       ("Tỷ lệ đã thực hiện", "{{ u.rate }}", "center"),
                       total=("", "{{ totals.name }}", "{{ totals.total }}", "{{ totals.done }}",
                              "{{ totals.in_progress }}", "{{ totals.not_started }}",
                              "{{ totals.not_feasible }}", "{{ totals.overdue }}",
                              "{{ totals.rate }}"))
    unit_items = (lambda expr, empty: tag(f"{{%p for g in {expr} %}}")
                  + label(I("{{ letter(loop.index) }}) {{ g.name }} ({{ g.conclusions }}):"))
                  + each("x in g.items", p("- {{ x.line }}"))
                  + tag("{%p else %}") + p(empty) + tag("{%p endfor %}"))
    return document(
        header_table(),
        title_block("BÁO CÁO", "Kết quả theo dõi, đôn đốc thực hiện kết luận "
                    "{{ campaign.action }}"),
        label("{{ opening }}"),
        p("I. KẾT QUẢ THỰC HIỆN CÁC KIẾN NGHỊ", style="MucI"),
        p("1. Kết quả chung", style="Muc1"),
        p("Tổng số {{ total }} kiến nghị: {{ counts_text }}."),
        tag("{%p if units %}"),
        p("Kết quả thực hiện của từng đơn vị (số kiến nghị):", style="NhanBang"),
        units,
        p(style="DuongKe"),
        tag("{%p endif %}"),
        p("2. Các kiến nghị quá thời hạn thực hiện", style="Muc1"),
        unit_items("overdue", "Không có kiến nghị quá thời hạn thực hiện."),
        p("3. Các kiến nghị đơn vị báo cáo không thực hiện được", style="Muc1"),
        each_or("g in not_feasible",
                label(I("{{ letter(loop.index) }}) {{ g.name }} ({{ g.conclusions }}):")),
                each("x in g.items",
                     p("- {{ x.text|end_with('') }}: {{ x.reason|lcfirst|end_with('.') }}")),
                empty="Không có."),
        tag("{%p if carried_text %}"),
        p("4. Kết quả kiểm tra lại các kiến nghị của lần kiểm tra trước", style="Muc1"),
        p("{{ carried_text }}"),
        tag("{%p if carried %}"),
        label("Các kiến nghị chưa khắc phục xong:"),
        unit_items("carried", ""),
        tag("{%p endif %}"),
        tag("{%p endif %}"),
        p("II. ĐÁNH GIÁ", style="MucI"),
        each_or("t in assessment", p("- {{ t }}"),
                empty="Các đơn vị đã thực hiện nghiêm túc các kiến nghị."),
        p("III. ĐỀ XUẤT", style="MucI"),
        each_or("t in proposals", p("{{ loop.index }}. {{ t }}"), empty="Không có."),
        p("{{ closing }}", style="KetThuc"),
        p(style="DuongKeNoi"),
        footer_table(),
    )


# -- the package around the body ----------------------------------------------------------------


def _style(style_id: str, name: str, *, based: str | None = "Normal", ppr: str = "",
           rpr: str = "", kind: str = "paragraph", next_style: str | None = None) -> str:
    basis = f'<w:basedOn w:val="{based}"/>' if based else ""
    follow = f'<w:next w:val="{next_style}"/>' if next_style else ""
    return (f'<w:style w:type="{kind}" w:customStyle="1" w:styleId="{style_id}">'
            f"<w:name w:val={quoteattr(name)}/>{basis}{follow}<w:qFormat/>"
            f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>")


def _size(points: float) -> str:
    return f'<w:sz w:val="{round(points * 2)}"/><w:szCs w:val="{round(points * 2)}"/>'


BOLD, ITALIC = "<w:b/><w:bCs/>", "<w:i/><w:iCs/>"


def level(n: int) -> str:
    """A heading's outline level (0 the highest), after the other paragraph properties."""
    return f'<w:outlineLvl w:val="{n}"/>'

CENTRED = '<w:ind w:left="0" w:right="0" w:firstLine="0"/><w:jc w:val="center"/>'
TIGHT = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'


def styles(size: float = 14, line: int = 276) -> str:
    """The styles of a template: body text of `size` points at `line` 240ths of a line."""
    fonts = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
    defaults = (f"<w:docDefaults><w:rPrDefault><w:rPr>{fonts}{_size(14)}"
                '<w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
                '<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" '
                'w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>')
    normal = ('<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
              '<w:qFormat/><w:pPr><w:widowControl/><w:spacing w:before="120" w:after="0" '
              f'w:line="{line}" w:lineRule="auto"/><w:ind w:firstLine="720"/><w:jc w:val="both"/>'
              f"</w:pPr><w:rPr>{fonts}<w:color w:val=\"000000\"/>{_size(size)}</w:rPr></w:style>")
    builtins = ('<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
                '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
                '<w:unhideWhenUsed/></w:style>'
                '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name '
                'w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
                '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
                '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" '
                'w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
                '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
                '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
                '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/>'
                '<w:basedOn w:val="Normal"/><w:pPr><w:tabs><w:tab w:val="center" w:pos="4677"/>'
                '<w:tab w:val="right" w:pos="9355"/></w:tabs>' + TIGHT + CENTRED + "</w:pPr>"
                f"<w:rPr>{_size(14)}</w:rPr></w:style>")
    own = [
        _style("CanCu", "Căn cứ", rpr=ITALIC),
        # The headings, at the outline levels of Word's navigation pane: I., 1., 1.1.
        _style("MucI", "Mục I", ppr='<w:keepNext/><w:spacing w:before="180"/>' + level(0),
               rpr=BOLD),
        _style("Muc1", "Mục 1", ppr="<w:keepNext/>" + level(1), rpr=BOLD),
        _style("Muc11", "Mục 1.1", ppr="<w:keepNext/>" + level(2), rpr=BOLD + ITALIC),
        _style("NhanDoan", "Nhãn đoạn", ppr="<w:keepNext/>"),
        _style("GhiChu", "Ghi chú", rpr=ITALIC),
        _style("Cap2", "Ý cấp hai", ppr='<w:ind w:left="567" w:firstLine="720"/>'),
        _style("CoQuanChuQuan", "Cơ quan chủ quản", ppr=TIGHT + CENTRED, rpr=_size(13)),
        _style("CoQuanBanHanh", "Cơ quan ban hành", ppr=TIGHT + CENTRED, rpr=BOLD + _size(13)),
        _style("QuocHieu", "Quốc hiệu", ppr=TIGHT + CENTRED, rpr=BOLD + _size(12)),
        _style("TieuNgu", "Tiêu ngữ", ppr=TIGHT + CENTRED, rpr=BOLD + _size(14)),
        _style("SoKyHieu", "Số, ký hiệu", ppr='<w:spacing w:before="120" w:after="0" w:line="240" '
               'w:lineRule="auto"/>' + CENTRED, rpr=_size(13)),
        _style("DiaDanh", "Địa danh, ngày tháng", ppr='<w:spacing w:before="120" w:after="0" '
               'w:line="240" w:lineRule="auto"/>' + CENTRED, rpr=ITALIC + _size(14)),
        _style("LoaiVanBan", "Tên loại văn bản", ppr='<w:keepNext/><w:spacing w:before="360" '
               'w:after="0" w:line="240" w:lineRule="auto"/>' + CENTRED, rpr=BOLD + _size(14)),
        _style("TrichYeu", "Trích yếu", ppr="<w:keepNext/>" + TIGHT + CENTRED, rpr=BOLD + _size(14)),
        # A letter's subject under its number: upright, 12 points, centred (Decree 30, ô số 5b)
        _style("TrichYeuCongVan", "Trích yếu công văn", ppr='<w:spacing w:before="60" '
               'w:after="0" w:line="240" w:lineRule="auto"/>' + CENTRED, rpr=_size(12)),
        _style("KinhGui", "Kính gửi", ppr='<w:keepNext/><w:spacing w:before="360" w:after="240"/>'
               + CENTRED, rpr=_size(14)),
        _style("CanCuTieuDe", "Căn cứ dưới tiêu đề", ppr="<w:keepNext/>" + TIGHT + CENTRED,
               rpr=ITALIC + _size(14)),
        _style("DuongKe", "Đường kẻ", ppr='<w:spacing w:before="0" w:after="120" w:line="120" '
               'w:lineRule="exact"/>' + CENTRED, rpr=_size(2)),
        _style("DuongKeNoi", "Khoảng cách giữ dòng", based="DuongKe", ppr="<w:keepNext/>"),
        _style("KetThuc", "Đoạn kết", ppr="<w:keepNext/>"),
        _style("NhanBang", "Tên bảng", ppr="<w:keepNext/>", rpr=ITALIC),
        _style("NoiNhan", "Nơi nhận", ppr='<w:keepNext/><w:spacing w:before="0" w:after="0" '
               'w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="left"/>',
               rpr=BOLD + ITALIC + _size(12)),
        _style("DanhSachNoiNhan", "Danh sách nơi nhận", ppr=TIGHT +
               '<w:ind w:firstLine="0"/><w:jc w:val="left"/>', rpr=_size(11)),
        _style("ChucDanhKy", "Quyền hạn, chức vụ người ký", ppr='<w:keepNext/><w:spacing '
               'w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>' + CENTRED,
               rpr=BOLD + _size(14)),
        _style("GhiChuKy", "Ghi chú chữ ký", ppr="<w:keepNext/>" + TIGHT + CENTRED,
               rpr=ITALIC + _size(13)),
        _style("HoTenKy", "Họ tên người ký", ppr='<w:spacing w:before="1440" w:after="0" '
               'w:line="240" w:lineRule="auto"/>' + CENTRED, rpr=BOLD + _size(14)),
        _style("ChuTrongBang", "Chữ trong bảng", ppr='<w:spacing w:before="30" w:after="30" '
               'w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="left"/>',
               rpr=_size(12)),
        # A table's heading row stays on the page of its first row.
        _style("TieuDeBang", "Tiêu đề bảng", based="ChuTrongBang",
               ppr='<w:keepNext/><w:jc w:val="center"/>', rpr=BOLD),
        _style("PhuLuc", "Phụ lục", ppr='<w:keepNext/><w:spacing w:before="0" w:after="0" '
               'w:line="240" w:lineRule="auto"/>' + CENTRED + level(0), rpr=BOLD + _size(14)),
    ]
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {NS}>'
            f"{defaults}{normal}{builtins}{''.join(own)}</w:styles>")


def header_part(page_number: bool) -> str:
    if page_number:
        body = ('<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr>'
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r>'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    else:
        body = '<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr></w:p>'
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr {NS}>{body}</w:hdr>'


def package(body: str, title: str, size: float = 14, line: int = 276) -> dict[str, str]:
    rels_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg_rels = "http://schemas.openxmlformats.org/package/2006/relationships"
    doc_type = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    return {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{doc_type}.document.main+xml"/>'
            f'<Override PartName="/word/styles.xml" ContentType="{doc_type}.styles+xml"/>'
            f'<Override PartName="/word/settings.xml" ContentType="{doc_type}.settings+xml"/>'
            f'<Override PartName="/word/fontTable.xml" ContentType="{doc_type}.fontTable+xml"/>'
            f'<Override PartName="/word/header1.xml" ContentType="{doc_type}.header+xml"/>'
            f'<Override PartName="/word/header2.xml" ContentType="{doc_type}.header+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            "</Types>"),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{pkg_rels}">'
            f'<Relationship Id="rId1" Type="{rels_ns}/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{rels_ns}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>"),
        "docProps/core.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(title)}</dc:title><dc:creator>inspection</dc:creator>"
            "<cp:lastModifiedBy>inspection</cp:lastModifiedBy><cp:revision>1</cp:revision>"
            "<dc:language>vi-VN</dc:language>"
            '<dcterms:created xsi:type="dcterms:W3CDTF">2022-01-01T00:00:00Z</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">2022-01-01T00:00:00Z</dcterms:modified>'
            "</cp:coreProperties>"),
        "docProps/app.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>inspection</Application></Properties>"),
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{pkg_rels}">'
            f'<Relationship Id="rIdStyles" Type="{rels_ns}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rIdSettings" Type="{rels_ns}/settings" Target="settings.xml"/>'
            f'<Relationship Id="rIdFonts" Type="{rels_ns}/fontTable" Target="fontTable.xml"/>'
            f'<Relationship Id="rIdHeaderPage" Type="{rels_ns}/header" Target="header1.xml"/>'
            f'<Relationship Id="rIdHeaderFirst" Type="{rels_ns}/header" Target="header2.xml"/>'
            "</Relationships>"),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f"<w:document {NS}><w:body>{body}</w:body></w:document>"),
        "word/styles.xml": styles(size, line),
        "word/settings.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:settings {NS}><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
            # A line broken by a line break (a finding typed on several lines) is not
            # stretched across the page in a justified paragraph.
            '<w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:doNotExpandShiftReturn/>'
            '<w:compatSetting '
            'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
            '</w:compat><w:themeFontLang w:val="vi-VN"/></w:settings>'),
        "word/fontTable.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:fonts {NS}><w:font w:name="{FONT}"><w:panose1 w:val="02020603050405020304"/>'
            '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
            "</w:fonts>"),
        "word/header1.xml": header_part(True),
        "word/header2.xml": header_part(False),
    }


def docx_bytes(parts: dict[str, str]) -> bytes:
    """A zip with fixed timestamps and order: the same input gives the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def build() -> dict[str, bytes]:
    """Every template's file name and bytes."""
    return {KINDS[name].template: docx_bytes(package(make(), title, *BODY_TEXT.get(name, ())))
            for name, (make, title) in BODIES.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed templates instead of writing them")
    parser.add_argument("--out", type=Path, default=TARGET, help="the folder to write into")
    args = parser.parse_args()
    built = build()
    if args.check:
        stale = [name for name, data in built.items()
                 if not (args.out / name).is_file() or (args.out / name).read_bytes() != data]
        for name in stale:
            print(f"{args.out / name} is not what tools/build_templates.py builds")
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in built.items():
        (args.out / name).write_bytes(data)
        print(f"wrote {args.out / name} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
