"""`inspection render`: the Decree-30 documents, opened again with python-docx and checked."""

from __future__ import annotations

import re

import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, assert_clean_failure, build_tree, commune_files
from docx.oxml.ns import qn
from test_render_support import (FONT, all_bold, all_italic, check_body, check_footer, check_header,
                                 check_page, check_title, figure, fonts_used, full_text, record,
                                 sample_findings)

from inspection.cli import cli
from inspection.files.workspace import Workspace

TITLE = "Kiểm tra, hướng dẫn nghiệp vụ công tác thông tin, truyền thông năm 2022"
SIGNER = ["KT. TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC", "Đào Việt Ánh"]
UNITS = ["yen-bai", "lao-cai", "phu-tho", "hoa-binh", "gia-lai", "binh-dinh", "nghe-an", "quang-binh"]


def _invoke(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=True)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    """The example campaign with a few findings for Yên Bái, every document rendered."""
    root = tmp_path_factory.mktemp("render") / "example"
    shutil.copytree(EXAMPLE, root)
    shutil.rmtree(root / "findings", ignore_errors=True)
    shutil.rmtree(root / "drafts", ignore_errors=True)  # composed from the sample
    sample_findings(root)
    _invoke("render", "all", "-w", root)
    return root


@pytest.fixture(scope="module")
def commune(tmp_path_factory) -> Path:
    root = build_tree(tmp_path_factory.mktemp("render") / "commune", commune_files())
    record(root, "Phường Hồng Bàng", "I.1", rating="tot", observations=["Phát 24 bản tin."])
    _invoke("render", "all", "-w", root)
    return root


def _open(path: Path):
    assert path.is_file(), f"{path} was not written"
    return docx.Document(str(path))


# -- the set ----------------------------------------------------------------------------------


def test_render_all_writes_the_whole_set_with_stable_ascii_names(example):
    names = sorted(p.name for p in (example / "output").glob("*.docx"))
    expected = ["bao-cao-ket-qua-kiem-tra.docx", "de-cuong-bao-cao.docx", "ke-hoach-kiem-tra.docx"]
    expected += [f"{kind}-bhxh-tinh-{u}.docx" for kind in ("bien-ban", "ket-luan") for u in UNITS]
    assert names == sorted(expected)
    assert all(name.isascii() for name in names)


def test_the_summary_says_what_was_written_where(run, commune_ws):
    result = run("render", "all", "-w", commune_ws)
    assert result.exit_code == 0, result.output
    assert f"Wrote 9 document(s) into {commune_ws / 'output'}" in result.output
    assert "Biên bản kiểm tra            3 files (bien-ban-phuong-hong-bang.docx, …)" in result.output
    assert "Kế hoạch kiểm tra            ke-hoach-kiem-tra.docx" in result.output


@pytest.mark.parametrize("kind", ["plan", "outline", "minutes", "conclusion", "report"])
def test_every_document_uses_times_new_roman_only(example, kind):
    name = {"plan": "ke-hoach-kiem-tra", "outline": "de-cuong-bao-cao",
            "minutes": "bien-ban-bhxh-tinh-yen-bai", "conclusion": "ket-luan-bhxh-tinh-yen-bai",
            "report": "bao-cao-ket-qua-kiem-tra"}[kind]
    path = example / "output" / f"{name}.docx"
    assert fonts_used(path) == {FONT}
    document = _open(path)
    check_page(document)
    check_body(document)
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            assert run.font.color.rgb in (None, docx.shared.RGBColor(0, 0, 0))


# -- the plan ------------------------------------------------------------------------------------


def test_the_plan_follows_decree_30_and_seed_004(example):
    document = _open(example / "output" / "ke-hoach-kiem-tra.docx")
    check_header(document, "Bảo hiểm xã hội Việt Nam", "Số:      /KH-BHXH",
                 "Hà Nội, ngày 20 tháng 6 năm 2022")
    check_title(document, "KẾ HOẠCH", TITLE)
    bases = [p for p in document.paragraphs if p.style.name == "Căn cứ"]
    assert len(bases) == 1 and all_italic(bases[0]) and bases[0].text.endswith("Việt Nam.")
    headings = [p.text for p in document.paragraphs if p.style.name == "Mục I"]
    assert headings == ["I. MỤC ĐÍCH, YÊU CẦU",
                        "II. THÀNH PHẦN ĐOÀN, THỜI GIAN VÀ ĐƠN VỊ ĐƯỢC KIỂM TRA",
                        "III. NỘI DUNG VÀ PHƯƠNG PHÁP KIỂM TRA", "IV. TỔ CHỨC THỰC HIỆN"]
    assert all(all_bold(p) for p in document.paragraphs if p.style.name == "Mục I")
    text = full_text(example / "output" / "ke-hoach-kiem-tra.docx")
    assert "- Nguyễn Minh Quân, Phó Giám đốc Trung tâm Truyền thông - Trưởng đoàn;" in text
    assert "2.2. Thời hiệu kiểm tra: Từ ngày 01/01/2021 đến thời điểm kiểm tra." in text
    assert "Thực hiện kiểm tra tại 08 đơn vị gồm: BHXH tỉnh Yên Bái, BHXH tỉnh Lào Cai" in text
    assert "- Mỗi đơn vị được kiểm tra trong 02 ngày." in text
    assert "1.2. Kiểm tra, hướng dẫn nghiệp vụ thực tế tại một số quận, huyện trên địa bàn." in text
    check_footer(document, ["- Tổng Giám đốc (để b/c);", "- BHXH các tỉnh (tại điểm 3, mục II);"],
                 "- Lưu: VT, TT.", SIGNER)


def test_the_plan_has_the_schedule_as_an_appendix_table(example):
    document = _open(example / "output" / "ke-hoach-kiem-tra.docx")
    schedule = document.tables[-1]
    assert [c.text for c in schedule.rows[0].cells] == ["STT", "Đơn vị được kiểm tra",
                                                        "Thời gian, địa điểm", "Đoàn kiểm tra"]
    assert schedule.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page
    assert len(schedule.rows) == 9
    assert schedule.cell(1, 1).text == "BHXH tỉnh Yên Bái"
    assert "Thứ Ba, 12/07/2022: Trụ sở BHXH tỉnh Yên Bái\nThứ Tư, 13/07/2022: BHXH huyện Văn " \
           "Yên; BHXH huyện Trấn Yên" in schedule.cell(1, 2).text
    assert "Phụ lục" in [p.text for p in document.paragraphs]


# -- the outline ---------------------------------------------------------------------------------


def _merges(table):
    """(gridSpan, vMerge) of every cell of every row, from the XML."""
    rows = []
    for tr in table._tbl.tr_lst:
        cells = []
        for tc in tr.tc_lst:
            props = tc.tcPr
            span = props.find(qn("w:gridSpan")) if props is not None else None
            merge = props.find(qn("w:vMerge")) if props is not None else None
            cells.append((int(span.get(qn("w:val"))) if span is not None else 1,
                          None if merge is None else (merge.get(qn("w:val")) or "continue"),
                          "".join(t.text or "" for t in tc.iter(qn("w:t")))))
        rows.append(cells)
    return rows


def test_the_outline_appendix_is_a_real_table_with_merged_groups(example):
    document = _open(example / "output" / "de-cuong-bao-cao.docx")
    table = document.tables[-1]
    rows = _merges(table)
    header = rows[0]
    assert [c[2] for c in header] == ["STT", "Nội dung", "Năm 2021", "Những tháng đầu năm 2022",
                                      "Ghi chú"]
    assert header[1][0] == 3  # "Nội dung" spans the three label columns
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(sum(span for span, _, _ in row) == 7 for row in rows)
    body = rows[1:]
    outline = Workspace(example).load().outline
    assert len(body) == len(list(outline.appendix.leaves()))  # a row per indicator with values
    assert body[0][0] == (1, None, "1") and body[0][1][0] == 3  # a lone row spans its labels
    group = body[1:6]  # row 2: two groups of 2 and 3 percentages
    assert group[0][0][1] == "restart" and all(r[0][1] == "continue" for r in group[1:])
    assert group[0][1][2].startswith("Kết quả thực hiện các mục tiêu")
    assert group[0][2] == (1, "restart", "KQ thực hiện mục tiêu về nhân lực")
    assert group[1][2][1] == "continue" and group[2][2] == (1, "restart",
                                                            "KQ thực hiện mục tiêu về chủ thể được truyền thông")
    assert all(c[2] == "" for r in body for c in r[-3:])  # a blank form


def test_the_outline_lists_its_sections_and_points(example):
    text = full_text(example / "output" / "de-cuong-bao-cao.docx")
    assert "ĐỀ CƯƠNG" in text and "BÁO CÁO" in text
    assert "I. KẾT QUẢ THỰC HIỆN CÔNG TÁC THÔNG TIN, TRUYỀN THÔNG NĂM 2021" in text
    assert "1. Công tác tham mưu, tranh thủ sự lãnh đạo" in text
    assert "- Khó khăn vướng mắc (nếu có)." in text
    assert "(Trong đó có kết quả về phát triển người tham gia BHXH bắt buộc" in text
    assert "THỦ TRƯỞNG ĐƠN VỊ" in text


# -- minutes ------------------------------------------------------------------------------------


def test_the_minutes_follow_decree_30_and_carry_the_findings(example):
    path = example / "output" / "bien-ban-bhxh-tinh-yen-bai.docx"
    document = _open(path)
    check_header(document, "Bảo hiểm xã hội Việt Nam", "Số:      /BB-BHXH", None)
    check_title(document, "BIÊN BẢN", f"{TITLE} tại BHXH tỉnh Yên Bái")
    text = full_text(path)
    # Decree 30, Phụ lục III: the time and place of the start, the closing on the last day
    assert "Thời gian bắt đầu: …… giờ …… phút, ngày 12/07/2022 (làm việc đến hết ngày " \
           "13/07/2022).\nĐịa điểm: Trụ sở BHXH tỉnh Yên Bái, BHXH huyện Văn Yên và BHXH huyện " \
           "Trấn Yên." in text
    assert "Biên bản kết thúc vào hồi …… giờ …… phút, ngày 13/07/2022, được lập thành 02 bản" in text
    assert "cùng ngày" not in text  # a two-day visit does not close "on the same day"
    assert "- Hoàng Văn Dũng, Giám đốc BHXH tỉnh Yên Bái;" in text
    assert "Đánh giá: Khá." in text
    assert "- Đã tham mưu 05 văn bản cho Tỉnh ủy, UBND tỉnh.\nCó lưu đủ hồ sơ." in text  # a break
    # one point runs in after its label; several follow it as "- …" lines
    assert "\nTồn tại, hạn chế: Chưa tham mưu cơ chế hỗ trợ người tham gia BHXH tự nguyện.\n" in text
    assert "Đoàn kiểm tra đề nghị: Tham mưu UBND tỉnh cơ chế hỗ trợ. Đơn vị thực hiện: Phòng Truyền thông; thời hạn: " \
           "trước ngày 30/09/2022." in text
    assert "b) Tại BHXH huyện Văn Yên" in text and "Đánh giá: Chưa đạt yêu cầu." in text
    assert "- Về nội dung I.1 (Công tác tham mưu" in text  # the unit's explanation
    assert "Đơn vị đã dự thảo tờ trình, chờ ý kiến Sở Tài chính." in text
    assert "được lập thành 02 bản" in text


def test_items_without_a_finding_are_shown_as_not_checked(example):
    items = len(Workspace(example).load().checklist.items)
    text = full_text(example / "output" / "bien-ban-bhxh-tinh-yen-bai.docx")
    # I.1 recorded; I.5 recorded at one of its three places: the other two are not checked
    assert text.count("Chưa kiểm tra.") == items - 2 + 2
    other = full_text(example / "output" / "bien-ban-bhxh-tinh-lao-cai.docx")
    assert other.count("Chưa kiểm tra.") == items and "Đánh giá:" not in other
    # nothing dropped; the checklist's own groups continue the outline's numbering (I-V)
    assert "VII. Kiểm tra thực tế tại BHXH quận, huyện\n" in other
    assert "\n6. Kết quả công tác truyền thông tại BHXH quận, huyện\n" in other


def test_the_minutes_show_figures_as_reported_and_as_verified(example):
    document = _open(example / "output" / "bien-ban-bhxh-tinh-yen-bai.docx")
    heading = "Chỉ tiêu\n(số liệu đơn vị báo cáo và số liệu Đoàn kiểm tra xác định)"
    figures = [t for t in document.tables if t.cell(0, 0).text == heading]
    first = figures[0]
    # a row per indicator; per period the unit's figure and the team's, side by side; the
    # heading says what the figures are
    assert [c.text for c in first.rows[0].cells] == [heading, "Năm 2021", "Năm 2021",
                                                     "Những tháng đầu năm 2022",
                                                     "Những tháng đầu năm 2022"]
    assert [c.text for c in first.rows[1].cells][1:] == ["Đơn vị báo cáo", "Đoàn kiểm tra"] * 2
    row = [c.text for c in first.rows[2].cells]
    assert row[0].startswith("Số lượng văn bản BHXH tỉnh đã tham mưu") and row[1:3] == ["12", "10"]
    verified = first.cell(2, 2).paragraphs[0]
    assert all_bold(verified)  # the team found another figure than the unit reported
    assert not all_bold(first.cell(2, 1).paragraphs[0])
    percentages = next(t for t in figures if "Tỷ lệ % CCVC" in "".join(c.text for c in t.columns[0].cells))
    row = next(r for r in percentages.rows if "Tỷ lệ % CCVC" in r.cells[0].text)
    assert [c.text for c in row.cells][3:5] == ["85,5%", "85,5%"]  # of the second period
    assert row.cells[0].text.startswith("- ")  # under its group's heading row
    # no number column ever holds words: a text answer spans the periods' columns
    for table in figures:
        for r in table.rows[2:]:
            cells = r.cells
            if len({id(c._tc) for c in cells}) == 5:
                for cell in cells[1:]:
                    assert re.fullmatch(r"[\d.,%]*", cell.text), cell.text


def test_the_minutes_are_signed_by_both_sides(example):
    document = _open(example / "output" / "bien-ban-bhxh-tinh-yen-bai.docx")
    signatures = document.tables[-1]
    left = [p.text for p in signatures.cell(0, 0).paragraphs if p.text.strip()]
    right = [p.text for p in signatures.cell(0, 1).paragraphs if p.text.strip()]
    assert left == ["ĐẠI DIỆN BHXH TỈNH YÊN BÁI", "(Ký, ghi rõ họ tên, đóng dấu)", "Hoàng Văn Dũng"]
    assert right == ["TRƯỞNG ĐOÀN KIỂM TRA", "(Ký, ghi rõ họ tên)", "Nguyễn Minh Quân"]
    assert "Vũ Đức Thắng" in signatures.cell(1, 1).text  # the team's secretary signs too
    assert all(all_bold(p) for p in signatures.cell(0, 1).paragraphs if p.text in right[::2])


def check_issued(document, number: str, heading: str, subject: str, recipients: list[str]) -> None:
    """The header, title and footer of a document the agency issues, not yet dated."""
    check_header(document, "Bảo hiểm xã hội Việt Nam", number, "Hà Nội, ngày     tháng     năm 2022")
    check_title(document, heading, subject)
    check_footer(document, recipients, "- Lưu: VT, TT.", SIGNER)


# -- conclusion ----------------------------------------------------------------------------------


def test_the_conclusion_follows_decree_30(example):
    path = example / "output" / "ket-luan-bhxh-tinh-yen-bai.docx"
    document = _open(path)
    check_issued(document, "Số:      /TB-BHXH", "THÔNG BÁO",
                 f"Kết luận k{TITLE[1:]} tại BHXH tỉnh Yên Bái",
                 ["- BHXH tỉnh Yên Bái (để thực hiện);", "- Tổng Giám đốc (để b/c);",
                  "- Trung tâm Truyền thông;"])


def test_the_conclusion_numbers_recommendations_with_owner_deadline_and_report_back(example):
    text = full_text(example / "output" / "ket-luan-bhxh-tinh-yen-bai.docx")
    # the results per content area: the assessment, then only the parts that have points
    assert ("A. KẾT QUẢ KIỂM TRA\nI. Kết quả thực hiện công tác thông tin, truyền thông năm 2021 "
            "và những tháng đầu năm 2022 (đến thời điểm kiểm tra)\nĐoàn đã kiểm tra 2 nội dung; "
            "kết quả đánh giá: 1 nội dung khá, 1 nội dung chưa đạt yêu cầu.\n"
            "a) Ưu điểm\n- Lãnh đạo quan tâm chỉ đạo sát sao.\n"
            "b) Tồn tại, hạn chế\n- Chưa tham mưu cơ chế hỗ trợ người tham gia BHXH tự nguyện.\n"
            "- Tại BHXH huyện Văn Yên: pano tại trụ sở đã bạc màu.\n"
            "c) Nguyên nhân\n- Cán bộ kiêm nhiệm.\nB. KẾT LUẬN CHUNG\nQua kiểm tra tại BHXH tỉnh "
            "Yên Bái, trong 2 nội dung được đánh giá có 1 nội dung khá, 1 nội dung chưa đạt yêu "
            "cầu.") in text
    assert "Công tác tham mưu, tranh thủ" not in text  # the items are the minutes' business
    assert "1. Tham mưu UBND tỉnh cơ chế hỗ trợ. Đơn vị thực hiện: Phòng Truyền thông; thời hạn: " \
           "trước ngày 30/09/2022." in text
    assert "BHXH tỉnh Yên Bái tổ chức thực hiện các kiến nghị nêu trên và báo cáo kết quả thực " \
           "hiện bằng văn bản về BHXH Việt Nam (qua Trung tâm Truyền thông) trước ngày 30/09/2022." \
           in text
    assert "Trên cơ sở Biên bản kiểm tra số      /BB-BHXH ngày 13/07/2022" in text


# -- the summary report ------------------------------------------------------------------------


def test_the_report_follows_decree_30_and_compares_the_units(example):
    path = example / "output" / "bao-cao-ket-qua-kiem-tra.docx"
    document = _open(path)
    # the department that led the inspection reports to the leadership (documents.report)
    check_header(document, "Trung tâm Truyền thông", "Số:      /BC-TTTT",
                 "Hà Nội, ngày     tháng     năm 2022")
    assert document.tables[0].cell(0, 0).paragraphs[0].text == "BẢO HIỂM XÃ HỘI VIỆT NAM"
    check_title(document, "BÁO CÁO", f"Kết quả k{TITLE[1:]}")
    check_footer(document, ["- Tổng Giám đốc (để b/c);"], "- Lưu: VT, TTTT.",
                 ["GIÁM ĐỐC", "Phạm Thị Thanh Hương"])
    text = full_text(path)
    assert "Đoàn kiểm tra đã làm việc tại 01/08 đơn vị" in text
    # per content area, under the outline's numbers, how the units were rated (of a Khá and a
    # Chưa đạt, the lower)
    assert "B. KẾT QUẢ KIỂM TRA\nI. Kết quả thực hiện công tác thông tin, truyền thông năm 2021 " \
           "và những tháng đầu năm 2022 (đến thời điểm kiểm tra)\nNội dung này được đánh giá " \
           "chưa đạt yêu cầu tại 01 đơn vị (Yên Bái).\na) Tồn tại, hạn chế\n- Chưa tham mưu cơ " \
           "chế hỗ trợ người tham gia BHXH tự nguyện (Yên Bái).\n" in text  # a unit's own too
    # the overall assessment in prose, drafted from the ratings where the lead wrote none
    assert "C. ĐÁNH GIÁ CHUNG\n1. Kết quả chung\nĐoàn kiểm tra đã làm việc tại 01/08 đơn vị theo Kế hoạch. Trong 2 " \
           "lượt nội dung được đánh giá có 1 lượt khá và 1 lượt chưa đạt yêu cầu." in text
    # one unit's strength is no common strength: it is a good practice, with its unit
    assert "a) Ưu điểm" not in text
    assert "2. Cách làm hay\n- Lãnh đạo quan tâm chỉ đạo sát sao (Yên Bái).\n" in text
    assert "2. Đề xuất với Tổng Giám đốc\nKhông có.\nTrên đây là báo cáo kết quả kiểm tra, hướng " \
           "dẫn nghiệp vụ công tác thông tin, truyền thông năm 2022, kính báo cáo Tổng Giám đốc " \
           "xem xét, chỉ đạo./." in text
    ratings = next(t for t in document.tables if t.cell(0, 2).text == "Tốt")
    assert [c.text for c in ratings.rows[0].cells][2:] == ["Tốt", "Khá", "Đạt yêu cầu",
                                                          "Chưa đạt yêu cầu", "Chưa kiểm tra"]


def test_the_report_appendix_is_landscape_with_units_as_columns_and_totals(example):
    document = _open(example / "output" / "bao-cao-ket-qua-kiem-tra.docx")
    assert document.sections[0].page_width < document.sections[0].page_height
    appendix = document.sections[-1]
    assert appendix.page_width > appendix.page_height  # landscape
    table = next(t for t in document.tables if "Tổng cộng / Bình quân" in t.rows[0].cells[-1].text)
    header = [c.text for c in table.rows[0].cells]
    assert header[:2] == ["STT", "Chỉ tiêu"]  # one label column: groups are rows of their own
    assert header[2:10] == ["Yên Bái", "Lào Cai", "Phú Thọ", "Hòa Bình", "Gia Lai", "Bình Định",
                            "Nghệ An", "Quảng Bình"]
    first = [c.text for c in table.rows[1].cells]
    assert first[2] == "10" and first[-1] == "10"  # the verified figure, and the total
    # a group's label runs across the table on a row of its own, kept with what follows;
    # no cell spans rows, so none is cut off or left behind at a page break
    group = next(r for r in table.rows if r.cells[1].text.startswith("Kết quả thực hiện các mục"))
    assert len({id(c._tc) for c in group.cells}) == 2
    assert all(r._tr.find(f".//{qn('w:vMerge')}") is None for r in table.rows)


# -- the commune campaign -----------------------------------------------------------------------


def test_a_commune_campaign_renders_every_document(commune):
    names = sorted(p.name for p in (commune / "output").glob("*.docx"))
    assert "bien-ban-dac-khu-cat-hai.docx" in names and "ket-luan-bao-hai-phong.docx" in names
    assert len(names) == 9
    for name in names:
        document = _open(commune / "output" / name)
        check_page(document)
    plan = _open(commune / "output" / "ke-hoach-kiem-tra.docx")
    check_header(plan, "Sở Văn hóa, Thể thao và Du lịch", "Số:      /KH-SVHTTDL",
                 "Hải Phòng, ngày     tháng     năm 2026")
    parent = plan.tables[0].cell(0, 0).paragraphs
    assert any(p.text == "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG" and not all_bold(p) for p in parent)
    conclusion = _open(commune / "output" / "ket-luan-phuong-hong-bang.docx")
    check_footer(conclusion, ["- Phường Hồng Bàng (để thực hiện);"], "- Lưu: VT.",
                 ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Đỗ Thanh Bình"])
    minutes = full_text(commune / "output" / "bien-ban-phuong-hong-bang.docx")
    assert "Đánh giá: Tốt." in minutes and "Phát 24 bản tin." in minutes
    assert "tỉnh" not in minutes.replace("Thực hiện", "")


def test_the_commune_outline_appendix_has_its_own_shape(commune):
    table = _open(commune / "output" / "de-cuong-bao-cao.docx").tables[-1]
    rows = _merges(table)
    assert [c[2] for c in rows[0]] == ["STT", "Nội dung", "Tháng báo cáo", "Ghi chú"]
    assert rows[0][1][0] == 2 and len(rows) == 4
    assert rows[2][1] == (1, "restart", "Hội nghị") and rows[3][1][1] == "continue"


# -- choosing what to render ----------------------------------------------------------------------


def test_minutes_for_named_units_only(run, commune_ws, tmp_path):
    out = tmp_path / "docs"
    result = run("render", "minutes", "hong bang", "Báo Hải Phòng", "-w", commune_ws, "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("*.docx")) == ["bien-ban-bao-hai-phong.docx",
                                                           "bien-ban-phuong-hong-bang.docx"]


def test_an_unknown_unit_is_named_and_nothing_is_written(run, commune_ws):
    result = run("render", "conclusion", "Phường Lê Chân", "-w", commune_ws)
    assert_clean_failure(result)
    assert "no unit is called 'Phường Lê Chân'" in result.output
    assert not (commune_ws / "output").exists()


@pytest.mark.parametrize("kind", ["plan", "report", "all"])
def test_whole_campaign_documents_take_no_unit(run, commune_ws, kind):
    result = run("render", kind, "Phường Hồng Bàng", "-w", commune_ws)
    assert_clean_failure(result)
    assert "it takes no unit" in result.output


def test_a_document_changed_in_word_is_kept_unless_forced(run, commune_ws):
    assert run("render", "plan", "-w", commune_ws).exit_code == 0
    target = commune_ws / "output" / "ke-hoach-kiem-tra.docx"
    edited = docx.Document(str(target))
    edited.add_paragraph("Sửa tay trong Word")
    edited.save(str(target))
    before = target.read_bytes()
    result = run("render", "plan", "-w", commune_ws)
    assert result.exit_code == 0
    assert "Kept" in result.output and "--force" in result.output
    assert target.read_bytes() == before
    assert run("render", "plan", "-w", commune_ws, "--force").exit_code == 0
    assert "Sửa tay trong Word" not in full_text(target)


def test_rendering_again_replaces_what_it_wrote(run, commune_ws):
    assert run("render", "minutes", "-w", commune_ws).exit_code == 0
    record(commune_ws, "Báo Hải Phòng", "I.2", rating="kha", observations=["Bảng tin mới."])
    result = run("render", "minutes", "-w", commune_ws)
    assert result.exit_code == 0 and "Kept" not in result.output
    assert "Bảng tin mới." in full_text(commune_ws / "output" / "bien-ban-bao-hai-phong.docx")


def test_an_output_path_that_is_a_file_is_refused(run, commune_ws, tmp_path):
    blocker = tmp_path / "ra"
    blocker.write_text("x")
    result = run("render", "plan", "-w", commune_ws, "-o", blocker)
    assert_clean_failure(result, 2)
    assert "is a file" in result.output and blocker.read_text() == "x"


def test_an_unwritable_output_folder_is_named(run, commune_ws, tmp_path, monkeypatch):
    import os

    folder = tmp_path / "khoa"
    folder.mkdir()
    if os.name == "nt" or os.geteuid() == 0:  # permissions do not stop root: simulate them
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if Path(path) == folder
                            and mode & os.W_OK else real_access(path, mode, **kw))
    folder.chmod(0o500)
    try:
        result = run("render", "plan", "-w", commune_ws, "-o", folder)
    finally:
        folder.chmod(0o700)
    assert_clean_failure(result)
    assert f"{folder}: cannot write there" in result.output


def test_findings_that_cannot_be_read_stop_rendering_with_the_problem(run, commune_ws):
    (commune_ws / "findings").mkdir()
    (commune_ws / "findings" / "phuong-hong-bang.yaml").write_text("unit: [", encoding="utf-8")
    result = run("render", "minutes", "-w", commune_ws)
    assert_clean_failure(result)
    assert "findings/phuong-hong-bang.yaml:2: YAML syntax" in result.output


# -- many units -------------------------------------------------------------------------------------


def _many_units(root: Path, count: int) -> Path:
    files = commune_files()
    head = files["schedule.yaml"].split("    visits:")[0]
    visits = "".join(f"      - {{unit: {{name: Xã Số {n}}}, team: to-1, days: [2026-06-{9 + n % 5:02d}]}}\n"
                     for n in range(1, count + 1))
    files["schedule.yaml"] = head + "    visits:\n" + visits
    root = build_tree(root, files)
    figure(root, "Xã Số 1", "1", "thang", reported="10", verified="12")
    figure(root, "Xã Số 2", "1", "thang", reported="5")
    return root


def _report_tables(root: Path):
    result = CliRunner().invoke(cli, ["render", "report", "-w", str(root)])
    assert result.exit_code == 0, result.output
    return _open(root / "output" / "bao-cao-ket-qua-kiem-tra.docx")


def test_with_more_than_16_units_they_become_rows(tmp_path):
    document = _report_tables(_many_units(tmp_path / "ws", 20))
    table = next(t for t in document.tables if t.cell(0, 1).text == "Đơn vị"
                 and "Số lượt phát thanh" in t.rows[0].cells[2].text)
    assert len(table.rows) == 1 + 20 + 1
    assert [c.text for c in table.rows[1].cells][:3] == ["1", "Xã Số 1", "12"]
    assert [c.text for c in table.rows[2].cells][:3] == ["2", "Xã Số 2", "5*"]
    assert table.rows[-1].cells[0].text == "Tổng cộng / Bình quân" and table.rows[-1].cells[2].text == "17"
    assert any("(*) số liệu đơn vị báo cáo, Đoàn kiểm tra chưa xác minh" in p.text
               for p in document.paragraphs)


def test_with_more_than_100_units_the_report_gives_totals(tmp_path):
    document = _report_tables(_many_units(tmp_path / "ws", 101))
    table = next(t for t in document.tables
                 if any("Số đơn vị có số liệu" in c.text for c in t.rows[0].cells))
    first = [c.text for c in table.rows[1].cells]
    assert first[-5:] == ["2", "17", "8,5", "5", "12"]
    ratings = next(t for t in document.tables if t.cell(0, 1).text == "Nội dung")
    assert [r.cells[1].text for r in ratings.rows[1:]] == ["Kết quả tuyên truyền", "Khảo sát thực tế"]
    assert any("inspection export" in p.text for p in document.paragraphs)


def test_assigned_numbers_and_dates_are_printed(run, tmp_path):
    files = commune_files()
    files["schedule.yaml"] = files["schedule.yaml"].replace(
        "    teams:\n",
        "    documents:\n      plan: {number: 5, date: 2026-05-20}\n"
        "      conclusion: {date: 2026-06-30, recipients: ['{unit} (để thực hiện);', 'Giám đốc Sở (để b/c)']}\n"
        "    teams:\n", 1).replace(
        "      - unit: {name: Báo Hải Phòng}\n        team: to-1\n",
        "      - unit: {name: Báo Hải Phòng}\n        team: to-1\n        numbers: {minutes: 3, conclusion: 17}\n")
    root = build_tree(tmp_path / "ws", files)
    assert run("render", "all", "-w", root).exit_code == 0
    out = root / "output"
    check_header(_open(out / "ke-hoach-kiem-tra.docx"), "Sở Văn hóa, Thể thao và Du lịch",
                 "Số: 05/KH-SVHTTDL", "Hải Phòng, ngày 20 tháng 5 năm 2026")
    check_header(_open(out / "bien-ban-bao-hai-phong.docx"), "Sở Văn hóa, Thể thao và Du lịch",
                 "Số: 03/BB-SVHTTDL", None)
    conclusion = _open(out / "ket-luan-bao-hai-phong.docx")
    check_header(conclusion, "Sở Văn hóa, Thể thao và Du lịch", "Số: 17/TB-SVHTTDL",
                 "Hải Phòng, ngày 30 tháng 6 năm 2026")
    check_footer(conclusion, ["- Báo Hải Phòng (để thực hiện);", "- Giám đốc Sở (để b/c);"],
                 "- Lưu: VT.", ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Đỗ Thanh Bình"])
    text = full_text(out / "bien-ban-bao-hai-phong.docx")
    assert "Căn cứ Kế hoạch số 05/KH-SVHTTDL ngày 20/05/2026 của Sở Văn hóa, Thể thao và Du lịch" in text
    assert "Trên cơ sở Biên bản kiểm tra số 03/BB-SVHTTDL ngày 10/06/2026" in \
        full_text(out / "ket-luan-bao-hai-phong.docx")
    other = _open(out / "ket-luan-phuong-hong-bang.docx")
    check_header(other, "Sở Văn hóa, Thể thao và Du lịch", "Số:      /TB-SVHTTDL",
                 "Hải Phòng, ngày 30 tháng 6 năm 2026")


def test_an_outline_without_indicator_table_renders_every_document(run, tmp_path):
    files = commune_files()
    outline = files["outlines/tuyen-truyen-xa.yaml"]
    files["outlines/tuyen-truyen-xa.yaml"] = outline.split("    appendix:")[0].replace(
        '            indicators: ["1"]\n', "")
    files["checklists/tuyen-truyen-xa.yaml"] = files["checklists/tuyen-truyen-xa.yaml"].replace(
        ', indicators: ["1"]', "")
    root = build_tree(tmp_path / "ws", files)
    result = run("render", "all", "-w", root)
    assert result.exit_code == 0, result.output
    report = full_text(root / "output" / "bao-cao-ket-qua-kiem-tra.docx")
    assert "Đề cương của đợt kiểm tra không có bảng chỉ tiêu." in report
    assert _open(root / "output" / "de-cuong-bao-cao.docx").tables[-1].cell(0, 0).text.startswith("Nơi nhận:")

