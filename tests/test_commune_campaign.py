"""A second, unrelated campaign end to end: a provincial department (its name typed in capitals,
as on its letterhead) inspects how three communes carry out a plan of communication on culture
and tourism, with its own outline (arabic section ids), indicator table and checklist. The
findings are recorded through the command line as a team member would, every document is
rendered, and the documents are opened again and read as their reader would read them.

The campaign lives in tests/data/commune/ (schedule, outline, checklist); it is copied into a
temporary folder before anything is recorded or rendered.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from docx.oxml.ns import qn

from conftest import EXAMPLE  # the example, copied: loading may cache in it

from inspection.cli import cli

DATA = Path(__file__).resolve().parent / "data" / "commune"

AGENCY_CAPITALS = "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"
AGENCY_RUNNING = "Sở Văn hóa, Thể thao và Du lịch"
# slug -> (name, what was recorded for it and for no other commune)
COMMUNES = {
    "xa-tan-lap": ("UBND xã Tân Lập", "Sổ nhật ký phát thanh chỉ ghi đến tháng 4/2025."),
    "phuong-minh-xuan": ("UBND phường Minh Xuân", "Phát 48 lượt bản tin về văn hóa, du lịch, mỗi lượt 15 phút."),
    "xa-kim-phu": ("UBND xã Kim Phú", "Có 05 áp phích tại nhà văn hóa các thôn."),
}
# The outline as its author numbered it: (number printed, title).
OUTLINE = [("1", "Công tác chỉ đạo"),
           ("1.1", "Ban hành kế hoạch tuyên truyền của xã, phường"),
           ("1.2", "Phân công cán bộ văn hóa - xã hội phụ trách tuyên truyền"),
           ("2", "Hình thức tuyên truyền"),
           ("2.1", "Tuyên truyền trên hệ thống loa truyền thanh cơ sở"),
           ("2.2", "Tuyên truyền trực quan tại nơi công cộng"),
           ("2.2.1", "Pa nô, áp phích quảng bá điểm du lịch cộng đồng")]
# What the checklist checks (every outline entry but the item 2.2 that only groups 2.2.1).
CHECKED = ["1.1", "1.2", "2.1", "2.2.1"]

# Findings as the team records them on the day, through `inspection record` / `indicators set`.
RECORDINGS = [
    ("record", "Tân Lập", "1.1", "--by", "Hoàng Văn Khải", "--rating", "tot",
     "--observation", "UBND xã ban hành Kế hoạch số 12/KH-UBND ngày 05/3/2025 về tuyên truyền văn hóa, du lịch.",
     "--strength", "Kế hoạch giao việc cụ thể cho từng thôn."),
    ("record", "Tân Lập", "1.2", "--by", "Hoàng Văn Khải", "--rating", "kha",
     "--observation", "Có Quyết định phân công công chức Văn hóa - Xã hội phụ trách tuyên truyền.",
     "--cause", "Công chức văn hóa kiêm nhiệm nhiều việc."),
    ("record", "Tân Lập", "2.1", "--by", "Lục Minh Tuấn", "--rating", "chua-dat",
     "--observation", "Sổ nhật ký phát thanh chỉ ghi đến tháng 4/2025.",
     "--shortcoming", "Không phát bản tin về du lịch trong tháng 5 và tháng 6.",
     "--recommend", "Ghi sổ nhật ký phát thanh hằng ngày", "--owner", "Đài truyền thanh xã",
     "--due", "30/11/2025",
     "--explanation", "Loa truyền thanh thôn Nà Ca hỏng từ tháng 5, đang sửa chữa."),
    ("record", "Tân Lập", "2.2.1", "--site", "thon-na-ca", "--by", "Nông Thị Duyên", "--rating", "dat",
     "--observation", "Thôn Nà Ca có 02 pa nô giới thiệu làng văn hóa du lịch cộng đồng.",
     "--shortcoming", "Một pa nô đã bạc màu, chưa cập nhật số điện thoại hỗ trợ du khách.",
     "--recommend", "Thay mới pa nô tại đầu thôn Nà Ca", "--owner", "UBND xã Tân Lập",
     "--due", "31/12/2025"),
    ("indicators", "set", "Tân Lập", "1", "6t", "4", "--by", "Bàn Thị Mai"),
    ("indicators", "set", "Tân Lập", "1", "6t", "3", "--verified", "--by", "Hoàng Văn Khải"),
    ("indicators", "set", "Tân Lập", "3.2", "6t", "87,5%", "--by", "Bàn Thị Mai"),
    ("record", "Minh Xuân", "1.1", "--by", "Hoàng Văn Khải", "--rating", "dat",
     "--observation", "Kế hoạch tuyên truyền ban hành chậm (tháng 5/2025).",
     "--shortcoming", "Kế hoạch chưa nêu nội dung quảng bá lễ hội truyền thống của phường."),
    ("record", "Minh Xuân", "2.1", "--by", "Lục Minh Tuấn", "--rating", "tot",
     "--observation", "Phát 48 lượt bản tin về văn hóa, du lịch, mỗi lượt 15 phút.",
     "--strength", "Bản tin được phát bằng tiếng Kinh và tiếng Tày."),
    ("indicators", "set", "Minh Xuân", "2", "6t", "48", "--by", "Đào Quang Vinh"),
    ("indicators", "set", "Minh Xuân", "2", "6t", "48", "--verified", "--by", "Lục Minh Tuấn"),
    ("record", "Kim Phú", "1.1", "--by", "Hoàng Văn Khải", "--rating", "kha",
     "--observation", "UBND xã ban hành Kế hoạch số 08/KH-UBND ngày 20/02/2025."),
    ("record", "Kim Phú", "2.2.1", "--by", "Nông Thị Duyên", "--rating", "dat",
     "--observation", "Có 05 áp phích tại nhà văn hóa các thôn."),
    ("indicators", "set", "Kim Phú", "3.1", "6t", "5", "--by", "Hà Thị Yến"),
    ("indicators", "set", "Kim Phú", "3.2", "6t", "60%", "--verified", "--note", "12/20 thôn",
     "--by", "Nông Thị Duyên"),
]


def _invoke(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=True)
    return result


def _ok(result):
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def campaign(tmp_path_factory) -> Path:
    """The campaign copied into a temporary workspace, the findings recorded with the CLI."""
    root = tmp_path_factory.mktemp("commune") / "vhdl-2025"
    shutil.copytree(DATA, root)
    for args in RECORDINGS:
        _ok(_invoke(*args, "-w", root))
    return root


@pytest.fixture(scope="module")
def rendered(campaign, tmp_path_factory):
    """`inspection render all` into a folder of its own: (click result, that folder)."""
    out = tmp_path_factory.mktemp("commune-out") / "tai-lieu"
    return _invoke("render", "all", "-w", campaign, "-o", out), out


@pytest.fixture(scope="module")
def out(rendered) -> Path:
    result, folder = rendered
    _ok(result)
    return folder


def _expected_files() -> list[str]:
    names = ["ke-hoach-kiem-tra.docx", "de-cuong-bao-cao.docx", "bao-cao-ket-qua-kiem-tra.docx"]
    for slug in COMMUNES:
        names += [f"bien-ban-{slug}.docx", f"ket-luan-{slug}.docx"]
    return sorted(names)


# -- reading the documents back ---------------------------------------------------------------


def _paragraph_text(p) -> str:
    out = []
    for el in p.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
        out.append(el.text or "" if el.tag == qn("w:t") else "\n" if el.tag == qn("w:br") else "\t")
    return "".join(out)


def _parts(document):
    """The body and every header and footer of a document, as XML elements."""
    yield document.element.body
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer, section.even_page_header, section.even_page_footer):
            if not part.is_linked_to_previous:
                yield part._element


def paragraphs(path: Path) -> list[str]:
    """The text of every paragraph of the document (in table cells, headers, footers too)."""
    document = docx.Document(str(path))
    return [_paragraph_text(p) for part in _parts(document) for p in part.iter(qn("w:p"))]


def body_paragraphs(path: Path) -> list[str]:
    """The text of each paragraph of the body outside tables, in order, empty ones left out."""
    document = docx.Document(str(path))
    return [t for t in (p.text for p in document.paragraphs) if t.strip()]


def recipients(path: Path) -> list[str]:
    """The lines of Nơi nhận, as printed ("- Lưu: VT, QLVH." included)."""
    document = docx.Document(str(path))
    for table in document.tables:
        cell = table.cell(0, 0)
        if cell.paragraphs and cell.paragraphs[0].text.strip() == "Nơi nhận:":
            return [p.text for p in cell.paragraphs[1:] if p.text.strip()]
    raise AssertionError(f"{path.name} has no Nơi nhận")


def _cell_texts(cell) -> str:
    return "\n".join(_paragraph_text(p) for p in cell._tc.iter(qn("w:p")))


def outside_letterhead_and_signature(path: Path) -> list[str]:
    """Every paragraph but those of the letterhead (the first table) and of the signature block
    (the signing side of the Nơi nhận table, the signatures of the minutes)."""
    document = docx.Document(str(path))
    skipped: list = []  # the elements themselves, kept alive: lxml's proxies are not stable otherwise
    tables = document.tables
    if tables:
        skipped += tables[0]._tbl.iter(qn("w:p"))
    for table in tables[1:]:
        first = table.cell(0, 0).paragraphs[0].text.strip() if table.rows else ""
        if first == "Nơi nhận:":
            for row in table.rows:
                skipped += row.cells[-1]._tc.iter(qn("w:p"))
        elif "(Ký" in "\n".join(_cell_texts(c) for row in table.rows for c in row.cells):
            skipped += table._tbl.iter(qn("w:p"))
    skip = {id(p) for p in skipped}
    texts = []
    for part in _parts(document):
        for p in part.iter(qn("w:p")):
            if id(p) not in skip:
                texts.append(_paragraph_text(p))
    return texts


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


# -- 1. check -----------------------------------------------------------------------------------


def test_check_accepts_the_campaign(campaign):
    result = _invoke("check", "-w", campaign)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "No errors" in result.output


# -- 2. the whole set --------------------------------------------------------------------------


def test_render_all_writes_plan_outline_minutes_conclusions_and_report(rendered):
    result, folder = rendered
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in folder.glob("*.docx")) == _expected_files()
    for name in _expected_files():
        assert paragraphs(folder / name), f"{name} is empty"


def test_each_communes_documents_are_about_that_commune(out):
    for slug, (name, own) in COMMUNES.items():
        minutes = "\n".join(paragraphs(out / f"bien-ban-{slug}.docx"))
        conclusion = "\n".join(paragraphs(out / f"ket-luan-{slug}.docx"))
        assert name in minutes and name in conclusion
        assert own in minutes, f"bien-ban-{slug}.docx lacks what was recorded there: {own!r}"
        for other_slug, (other, other_own) in COMMUNES.items():
            if other_slug != slug:
                assert other_own not in minutes, f"bien-ban-{slug}.docx shows {other}'s finding"


def test_a_title_naming_the_units_in_general_names_the_one_unit_once(out):
    # the campaign is "… năm 2025 tại các xã, phường": one commune's documents say where
    for slug, (name, _) in COMMUNES.items():
        for kind, start in (("bien-ban", "Kiểm tra việc thực hiện"), ("ket-luan", "Kết luận kiểm tra")):
            texts = body_paragraphs(out / f"{kind}-{slug}.docx")
            subject = next(t for t in texts if t.startswith(start))
            assert subject.endswith(f"năm 2025 tại {name}"), subject
            # the plan it cites is about every commune: "Căn cứ Kế hoạch … tại các xã, phường."
            assert "tại các xã, phường tại" not in "\n".join(texts), f"{kind}-{slug}"
        title = docx.Document(str(out / f"bien-ban-{slug}.docx")).core_properties.title
        assert title.endswith(f"năm 2025 tại {name}") and title.count(" tại ") == 1, title


# -- 3. nothing of the bundled example ----------------------------------------------------------


LEAKS = ["BHXH", "BHYT", "Bảo hiểm xã hội", "Trung tâm Truyền thông", "Yên Bái", "Hà Nội",
         "Nghị quyết số 28", "Tổng Giám đốc", "Đào Việt Ánh", "2022"]


@pytest.mark.parametrize("name", _expected_files())
def test_no_document_holds_text_of_the_bhxh_example(out, name):
    document = docx.Document(str(out / name))
    texts = paragraphs(out / name) + [document.core_properties.title or "",
                                      document.core_properties.subject or ""]
    text = "\n".join(texts)
    found = [leak for leak in LEAKS if _fold(leak) in _fold(text)]
    assert not found, f"{name} holds {found}: " + "; ".join(
        t for t in texts if any(_fold(leak) in _fold(t) for leak in found))


# -- 4. the agency typed in capitals ------------------------------------------------------------


def test_check_asks_for_the_running_text_name_of_an_agency_typed_in_capitals(campaign):
    result = _invoke("check", "-w", campaign)
    assert result.exit_code == 0, result.output
    warning = [line for line in result.output.splitlines() if "agency.name" in line]
    assert warning and "warning" in warning[0] and "short_name" in warning[0], result.output


@pytest.mark.parametrize("name", ["ke-hoach-kiem-tra.docx", "bao-cao-ket-qua-kiem-tra.docx"]
                         + [f"bien-ban-{s}.docx" for s in COMMUNES]
                         + [f"ket-luan-{s}.docx" for s in COMMUNES])
def test_the_agency_is_in_capitals_on_the_letterhead_and_in_sentence_case_in_sentences(out, name):
    document = docx.Document(str(out / name))
    letterhead = [p.text for p in document.tables[0].cell(0, 0).paragraphs if p.text.strip()]
    assert AGENCY_CAPITALS in letterhead, letterhead
    running = outside_letterhead_and_signature(out / name)
    in_capitals = [t for t in running if AGENCY_CAPITALS in t]
    assert not in_capitals, f"{name} names the agency in capitals outside the letterhead: {in_capitals}"
    # every other mention, whatever its case, reads "Sở Văn hóa, Thể thao và Du lịch"
    pattern = re.compile(re.escape(AGENCY_RUNNING), re.IGNORECASE)
    mentions = [m.group(0) for t in running for m in pattern.finditer(t)]
    assert mentions, f"{name} never names the agency in a sentence"
    assert set(mentions) == {AGENCY_RUNNING}, f"{name}: {sorted(set(mentions))}"


def test_sentences_the_tool_writes_name_the_agency_in_sentence_case(out):
    """Not only the texts typed in the schedule: the sentences the templates compose."""
    minutes = body_paragraphs(out / "bien-ban-xa-tan-lap.docx")
    assert any(t.startswith(f"Đoàn kiểm tra của {AGENCY_RUNNING} tiến hành kiểm tra") for t in minutes), minutes
    conclusion = body_paragraphs(out / "ket-luan-xa-tan-lap.docx")
    assert any(f"{AGENCY_RUNNING} thông báo kết luận kiểm tra" in t for t in conclusion), conclusion
    report = body_paragraphs(out / "bao-cao-ket-qua-kiem-tra.docx")
    assert any(f"{AGENCY_RUNNING} đã tổ chức kiểm tra" in t for t in report), report


# -- 5. numbering from the outline --------------------------------------------------------------


_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.\s+(.+)$")


def _numbered(texts: list[str]) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for t in texts if (m := _NUMBERED.match(t.strip()))]


def test_the_outline_document_numbers_sections_and_items_as_the_outline_does(out):
    texts = body_paragraphs(out / "de-cuong-bao-cao.docx")
    numbered = _numbered(texts)
    titles = {_fold(title) for _, title in OUTLINE}
    printed = [(number, title) for number, title in numbered if _fold(title) in titles]
    assert [(n, _fold(t)) for n, t in printed] == [(n, _fold(t)) for n, t in OUTLINE], numbered
    # no item renumbered from 1 under section 2 ("1. Tuyên truyền trên …")
    for number, title in OUTLINE:
        wrong = [t for t in texts if _fold(t).endswith(_fold(title)) and not t.startswith(f"{number}. ")]
        assert not wrong, f"{title!r} should be numbered {number}.: {wrong}"


def _part_b(texts: list[str]) -> list[str]:
    start = next(i for i, t in enumerate(texts) if t.startswith("B. "))
    end = next(i for i, t in enumerate(texts) if i > start and t.startswith("C. "))
    return texts[start + 1:end]


@pytest.mark.parametrize("slug", COMMUNES)
def test_the_minutes_number_sections_and_items_as_the_outline_does(out, slug):
    texts = body_paragraphs(out / f"bien-ban-{slug}.docx")
    numbered = _numbered(_part_b(texts))
    numbers = dict(OUTLINE)
    for number, title in numbered:  # every number the minutes print is the outline's
        assert number in numbers and _fold(numbers[number]) == _fold(title), (number, title, numbered)
    # sections and checked items in the outline's order (the grouping item 2.2 tested below)
    expected = [n for n, _ in OUTLINE if n in CHECKED or "." not in n]
    assert [n for n, _ in numbered if n != "2.2"] == expected, numbered


@pytest.mark.parametrize("slug", COMMUNES)
def test_the_minutes_head_a_sub_item_with_the_outline_item_it_belongs_to(out, slug):
    """2.2.1 belongs to 2.2 "Tuyên truyền trực quan tại nơi công cộng": the minutes go
    2.1, 2.2, 2.2.1, as the outline does, not from 2.1 straight to 2.2.1."""
    numbered = [n for n, _ in _numbered(_part_b(body_paragraphs(out / f"bien-ban-{slug}.docx")))]
    assert "2.2" in numbered and numbered.index("2.2") + 1 == numbered.index("2.2.1"), numbered


# -- 6. recipients ------------------------------------------------------------------------------


def _schedule_recipients() -> dict[str, list[str]]:
    """What the schedule says each kind of document is sent to."""
    schedule = yaml.safe_load((DATA / "schedule.yaml").read_text(encoding="utf-8"))
    meant: dict[str, list[str]] = {"plan": [], "conclusion": [], "report": []}
    for entry in schedule["recipients"]:
        text, kinds = (entry, list(meant)) if isinstance(entry, str) else (entry["to"], entry["for"])
        for kind in kinds:
            meant[kind].append(text)
    return meant


def _line(text: str) -> str:
    return re.sub(r"[\s;.]+$", "", re.sub(r"^-\s*", "", text.strip()))


def _check_recipients(path: Path, meant: list[str], not_meant: list[str], archive: str) -> None:
    lines = recipients(path)
    printed = [_line(t) for t in lines]
    for text in meant:
        assert _line(text) in printed, f"{path.name}: {text!r} missing from Nơi nhận {lines}"
    for text in not_meant:
        assert _line(text) not in printed, f"{path.name}: {text!r} is not meant for it: {lines}"
    assert lines[-1] == f"- Lưu: {archive}.", lines
    assert all(t.startswith("- ") and t.endswith(";") for t in lines[:-1]), lines


def test_every_recipient_is_on_the_documents_meant_for_it(out):
    meant = _schedule_recipients()
    everyone = {t for texts in meant.values() for t in texts}
    schedule = yaml.safe_load((DATA / "schedule.yaml").read_text(encoding="utf-8"))
    archive = schedule["archive"]
    assert any("(để báo cáo)" in t for t in everyone) and any("(để phối hợp)" in t for t in everyone)
    _check_recipients(out / "ke-hoach-kiem-tra.docx", meant["plan"],
                      sorted(everyone - set(meant["plan"])), archive)
    _check_recipients(out / "bao-cao-ket-qua-kiem-tra.docx", meant["report"],
                      sorted(everyone - set(meant["report"])), archive)
    for slug, (name, _) in COMMUNES.items():
        path = out / f"ket-luan-{slug}.docx"
        _check_recipients(path, [f"{name} (để thực hiện);"] + meant["conclusion"],
                          sorted(everyone - set(meant["conclusion"])), archive)
        assert recipients(path)[0] == f"- {name} (để thực hiện);"
        others = [n for s, (n, _) in COMMUNES.items() if s != slug]
        assert not any(n in t for t in recipients(path) for n in others)


def test_the_outline_is_sent_where_the_outline_says(out):
    outline = yaml.safe_load((DATA / "outlines" / "tuyen-truyen-vhdl-2025.yaml").read_text(encoding="utf-8"))
    lines = recipients(out / "de-cuong-bao-cao.docx")
    for text in outline["recipients"]:
        assert _line(text) in [_line(t) for t in lines], lines


# -- 7. no artifacts ----------------------------------------------------------------------------


ARTIFACTS = {
    "': .'": re.compile(r":\s*\."),
    "'.:'": re.compile(r"\.\s*:"),
    "'))'": re.compile(r"\)\s*\)"),
    "'(('": re.compile(r"\(\s*\("),
    "';.'": re.compile(r";\s*\."),
    "',.'": re.compile(r",\s*\."),
    "'..' (not an ellipsis)": re.compile(r"(?<!\.)\.\.(?!\.)"),
    "a doubled space": re.compile(r"\S {2,}\S|^ {2,}\S|\S {2,}$"),
    "a space before a punctuation mark": re.compile(r"\w\s+[,;:](?:\s|$)|\w\s+\.$"),
    "'{{' or '{%'": re.compile(r"\{\{|\{%|\}\}|%\}"),
}
# The blanks a draft leaves for the number and the date, as Decree 30 prints them.
_BLANKS = [re.compile(r"(?<=Số:) +(?=/)"), re.compile(r"(?<=số) +(?=/)"),
           re.compile(r"(?<=ngày) +(?=tháng)"), re.compile(r"(?<=tháng) +(?=năm)")]


def _without_blanks(text: str) -> str:
    for blank in _BLANKS:
        text = blank.sub(" ", text)
    return text


@pytest.mark.parametrize("name", _expected_files())
def test_no_artifacts_in_any_document(out, name):
    found = []
    for text in paragraphs(out / name):
        for line in _without_blanks(text).split("\n"):
            for what, pattern in ARTIFACTS.items():
                if pattern.search(line):
                    found.append(f"{what}: {line!r}")
    assert not found, f"{name}:\n" + "\n".join(found)


def test_a_units_locality_is_read_as_its_place_and_province_still_is(campaign, tmp_path):
    # Tân Lập gives `locality:` (a commune is in no province of its own); the example `province:`
    from inspection import open_workspace

    units = {v.unit.slug: v.unit for v in open_workspace(campaign).load().campaign.visits}
    assert units["xa-tan-lap"].province == "Tân Lập"
    assert units["phuong-minh-xuan"].province is None
    example = {v.unit.slug: v.unit for v in open_workspace(EXAMPLE).load().campaign.visits}
    assert example["bhxh-tinh-yen-bai"].province == "Yên Bái"
    both = tmp_path / "ws"
    shutil.copytree(campaign, both)
    schedule = both / "schedule.yaml"
    schedule.write_text(schedule.read_text(encoding="utf-8").replace(
        "locality: Tân Lập}", "locality: Tân Lập, province: Tuyên Quang}"), encoding="utf-8")
    result = _invoke("check", "-w", both)
    assert result.exit_code == 1
    assert "visits[0].unit.province: give the place once, as locality" in result.output
