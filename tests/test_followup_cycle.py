"""The whole follow-up on the example, as a team lead does it: issue the conclusions, send the
forms, import two filled ones, issue the reminder letters and the follow-up report (PDF too,
where LibreOffice is installed), and start the next campaign with what is still open."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml
from test_render_support import full_text

from conftest import EXAMPLE

pytestmark = pytest.mark.slow  # LibreOffice converts the issued documents


def _fill(form: Path, reports: dict[int, tuple]) -> None:
    """The unit's answers: {row offset: (status, what was done, date, documents, reason)}."""
    book = openpyxl.load_workbook(form)
    sheet = book.active
    for offset, values in reports.items():
        for column, content in zip("GHIJK", values):
            sheet[f"{column}{7 + offset}"] = content
    book.save(form)


def test_a_whole_follow_up_cycle_on_the_example(run, tmp_path):
    from inspection.documents.pdf import find_soffice

    ws = tmp_path / "kiem-tra-2022"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns(".*", "output"))
    # in CI LibreOffice is installed (.ci/run): the PDFs are checked there, never skipped
    pdf = find_soffice() is not None or bool(os.environ.get("CI"))
    issued = run("issue", "conclusion", "--all", "--date", "14/10/2022", "--no-pdf", "-w", ws)
    assert issued.exit_code == 0, issued.output
    assert run("followup", "form", "--all", "-w", ws).exit_code == 0
    forms = sorted((ws / "output").glob("theo-doi-kien-nghi-*.xlsx"))
    assert len(forms) == 8
    yen_bai = ws / "output" / "theo-doi-kien-nghi-bhxh-tinh-yen-bai.xlsx"
    lao_cai = ws / "output" / "theo-doi-kien-nghi-bhxh-tinh-lao-cai.xlsx"
    _fill(yen_bai, {0: ("Đã thực hiện", "Đã tổ chức 12 buổi đối thoại", "20/11/2022",
                        "Báo cáo số 456/BC-BHXH ngày 25/11/2022", None),
                    1: ("Đang thực hiện", "Đã rà soát 2/3 huyện", "25/11/2022", None, None)})
    _fill(lao_cai, {i: ("Đã thực hiện", "Đã thực hiện xong", "28/11/2022", None, None)
                    for i in range(10)
                    if i < len(yaml.safe_load((ws / "followup" / "bhxh-tinh-lao-cai.yaml")
                                              .read_text("utf-8"))["recommendations"])})
    for unit, form in (("Yên Bái", yen_bai), ("Lào Cai", lao_cai)):
        result = run("followup", "import", unit, form, "--today", "01/12/2022", "-w", ws)
        assert result.exit_code == 0, result.output
    # Lào Cai carried out everything: no letter for it
    letters = run("issue", "reminder", "--all", "--date", "06/12/2022",
                  *([] if pdf else ["--no-pdf"]), "-w", ws)
    assert letters.exit_code == 0, letters.output
    kept = sorted((ws / "issued").glob("don-doc-*.docx"))
    assert len(kept) == 7 and not any("lao-cai" in p.name for p in kept)
    report = run("issue", "followup", "--date", "10/12/2022", *([] if pdf else ["--no-pdf"]),
                 "-w", ws)
    assert report.exit_code == 0, report.output
    text = full_text(ws / "issued" / "bao-cao-theo-doi-thuc-hien-ket-luan.docx")
    assert "đến ngày 10/12/2022" in text and "BHXH tỉnh Lào Cai" in text
    assert "Ban hành văn bản đôn đốc 07 đơn vị" in text
    if pdf:
        from pypdf import PdfReader

        pages = PdfReader(ws / "issued" / "bao-cao-theo-doi-thuc-hien-ket-luan.pdf").pages
        printed = " ".join(page.extract_text() for page in pages)
        assert "BÁO CÁO" in printed and "Tổng cộng" in printed
        letter = PdfReader(ws / "issued" /
                           "don-doc-thuc-hien-ket-luan-bhxh-tinh-yen-bai.pdf").pages[0]
        assert "Kính gửi: BHXH tỉnh Yên Bái" in letter.extract_text()
    listed = run("documents", "-w", ws)
    assert listed.exit_code == 0 and "16 document(s) issued" in listed.output
    # next year: only what is still open comes along, to verify at the visit
    new = tmp_path / "kiem-tra-2023"
    started = run("init", new, "--from", ws)
    assert started.exit_code == 0, started.output
    carried = {p.stem: yaml.safe_load(p.read_text("utf-8"))["recommendations"]
               for p in (new / "followup").glob("*.yaml")}
    assert "bhxh-tinh-lao-cai" not in carried
    assert "01/TB-BHXH.1" not in [r["id"] for r in carried["bhxh-tinh-yen-bai"]]
    assert "01/TB-BHXH.2" in [r["id"] for r in carried["bhxh-tinh-yen-bai"]]
    shown = run("show", "Yên Bái", "-w", new)
    assert "01/TB-BHXH.2" in shown.output
    log = run("log", "Yên Bái", "-w", ws).output
    assert "theo biểu theo-doi-kien-nghi-bhxh-tinh-yen-bai.xlsx" in log
