"""Who a document comes from and goes to: every recipient the schedule gives reaches the
documents it is meant for (no filtering on words inside it), the report can be issued by the
department that led the inspection, a day's place and sites are both printed, and a name typed
in capitals reads as a name inside sentences."""

from __future__ import annotations

import pytest
from conftest import assert_clean_failure, build_tree, commune_files
from test_render_support import full_text

from inspection.files.workspace import Workspace


def workspace(tmp_path, replace: list[tuple[str, str]]):
    files = commune_files()
    for old, new in replace:
        assert old in files["schedule.yaml"], old
        files["schedule.yaml"] = files["schedule.yaml"].replace(old, new, 1)
    return build_tree(tmp_path / "ws", files)


RECIPIENTS = ("    checklist: tuyen-truyen-xa\n",
              "    checklist: tuyen-truyen-xa\n"
              "    recipients:\n"
              "      - Ủy ban nhân dân thành phố (để báo cáo);\n"
              "      - Mặt trận Tổ quốc thành phố (để phối hợp);\n"
              "      - {to: \"Các phường, xã, đặc khu (để thực hiện);\", for: [plan]}\n"
              "      - {to: Phòng Quản lý văn hóa;, for: [report]}\n")


def footer_lines(path) -> list[str]:
    import docx

    document = docx.Document(str(path))
    table = next(t for t in document.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    return [p.text for p in table.cell(0, 0).paragraphs[1:] if p.text.strip()]


def test_every_recipient_reaches_the_documents_it_is_meant_for(run, tmp_path):
    ws = workspace(tmp_path, [RECIPIENTS])
    assert run("render", "all", "-w", ws).exit_code == 0
    out = ws / "output"
    assert footer_lines(out / "ke-hoach-kiem-tra.docx") == [
        "- Ủy ban nhân dân thành phố (để báo cáo);", "- Mặt trận Tổ quốc thành phố (để phối hợp);",
        "- Các phường, xã, đặc khu (để thực hiện);", "- Lưu: VT."]
    assert footer_lines(out / "ket-luan-phuong-hong-bang.docx") == [
        "- Phường Hồng Bàng (để thực hiện);", "- Ủy ban nhân dân thành phố (để báo cáo);",
        "- Mặt trận Tổ quốc thành phố (để phối hợp);", "- Lưu: VT."]
    assert footer_lines(out / "bao-cao-ket-qua-kiem-tra.docx") == [
        "- Ủy ban nhân dân thành phố (để báo cáo);", "- Mặt trận Tổ quốc thành phố (để phối hợp);",
        "- Phòng Quản lý văn hóa;", "- Lưu: VT."]


def test_a_recipient_for_an_unknown_document_is_an_error_at_its_line(run, tmp_path):
    ws = workspace(tmp_path, [RECIPIENTS, ("for: [report]", "for: [bao-cao]")])
    result = run("check", "-w", ws)
    assert_clean_failure(result)
    assert ("schedule.yaml:14: recipients[3].for[0]: 'bao-cao' is not a document with recipients; "
            "use plan, conclusion, report") in result.output


def test_check_warns_when_the_report_reaches_nobody_or_is_signed_by_its_addressee(run, tmp_path):
    ws = workspace(tmp_path, [("    checklist: tuyen-truyen-xa\n",
                               "    checklist: tuyen-truyen-xa\n    recipients:\n"
                               "      - {to: Các phường (để thực hiện);, for: [plan]}\n")])
    result = run("check", "-w", ws)
    assert result.exit_code == 0
    assert "recipients: warning: the summary report would have no recipient but the archive" in result.output
    ws2 = workspace(tmp_path / "b", [("    checklist: tuyen-truyen-xa\n",
                                      "    checklist: tuyen-truyen-xa\n    recipients: [Giám đốc Sở (để b/c);]\n")])
    result = run("check", "-w", ws2)
    assert ("documents.report: warning: the summary report is addressed to Giám đốc Sở (để b/c) and "
            "signed as KT. GIÁM ĐỐC (the campaign's signer)") in result.output


def test_the_report_can_come_from_the_department_that_led_the_inspection(run, tmp_path):
    ws = workspace(tmp_path, [("    teams:\n",
                               "    documents:\n      report:\n"
                               "        agency: {parent: \"Sở Văn hóa, Thể thao và Du lịch\", name: Phòng Quản lý văn hóa}\n"
                               "        signer: {title: TRƯỞNG PHÒNG, name: Vũ Văn Hải}\n"
                               "    teams:\n")])
    assert run("check", "-w", ws).output.startswith("No problems")
    assert run("render", "report", "-w", ws).exit_code == 0
    text = full_text(ws / "output" / "bao-cao-ket-qua-kiem-tra.docx")
    assert "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH\nPHÒNG QUẢN LÝ VĂN HÓA" in text
    assert "TRƯỞNG PHÒNG\nVũ Văn Hải" in text
    assert run("render", "plan", "-w", ws).exit_code == 0  # the plan stays the agency's
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG\nSỞ VĂN HÓA" in full_text(ws / "output" / "ke-hoach-kiem-tra.docx")


def test_a_day_with_a_place_and_sites_prints_both(run, tmp_path):
    ws = workspace(tmp_path, [("          - date: 2026-06-09\n            sites: [Tổ dân phố số 3]\n",
                               "          - date: 2026-06-09\n            place: Trụ sở UBND phường\n"
                               "            sites: [Tổ dân phố số 3, Tổ dân phố số 5]\n")])
    assert run("render", "plan", "-w", ws).exit_code == 0
    text = full_text(ws / "output" / "ke-hoach-kiem-tra.docx")
    assert "Thứ Ba, 09/06/2026: Trụ sở UBND phường; Tổ dân phố số 3; Tổ dân phố số 5" in text


@pytest.mark.parametrize("typed, running", [
    ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Sở Văn hóa, Thể thao và Du lịch"),
    ("TRUNG TÂM TRUYỀN THÔNG", "Trung tâm Truyền thông"),
    ("Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),  # as typed
])
def test_an_agency_typed_in_capitals_reads_as_a_name_in_sentences(run, tmp_path, typed, running):
    ws = workspace(tmp_path, [("  name: Sở Văn hóa, Thể thao và Du lịch", f"  name: {typed}")])
    result = run("check", "-w", ws)
    assert ("is typed in capitals, as on a letterhead" in result.output) == (typed != running)
    assert run("render", "plan", "-w", ws).exit_code == 0
    text = full_text(ws / "output" / "ke-hoach-kiem-tra.docx")
    assert typed.upper() in text  # the header
    body = text.split("KẾ HOẠCH", 1)[1]
    assert typed not in body.replace(running, "") or typed == running
    assert running in body


def test_a_unit_typed_in_capitals_is_named_by_check(run, tmp_path):
    ws = workspace(tmp_path, [("unit: {name: Phường Hồng Bàng}", "unit: {name: PHƯỜNG HỒNG BÀNG}")])
    result = run("check", "-w", ws)
    assert "visits[0].unit.name: warning: 'PHƯỜNG HỒNG BÀNG' is typed in capitals" in result.output
    assert Workspace(ws).load().campaign.visits[0].unit.name == "PHƯỜNG HỒNG BÀNG"
