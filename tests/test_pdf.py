"""PDF through LibreOffice (CI installs it: there a missing LibreOffice fails these tests), and the
dossier joined with pypdf."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

import pytest
from conftest import EXAMPLE, assert_clean_failure, build_tree, commune_files
from pypdf import PdfReader, PdfWriter
from test_render_support import HOSTILE, record, sample_findings

from inspection.documents import pdf
from inspection.files.workspace import Workspace
from inspection.model.findings import Evidence
from inspection.model.lookup import find_visit
from inspection.recording.store import FindingsStore


def need_libreoffice() -> None:
    if pdf.find_soffice() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is missing: .ci/run installs it for these tests")
        pytest.skip("LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The example with sample findings (hostile text included), every document with --pdf."""
    need_libreoffice()
    from click.testing import CliRunner

    from inspection.cli import cli

    root = tmp_path_factory.mktemp("pdf") / "example"
    shutil.copytree(EXAMPLE, root)
    shutil.rmtree(root / "findings", ignore_errors=True)
    shutil.rmtree(root / "drafts", ignore_errors=True)  # composed from the sample
    sample_findings(root)
    calls = []
    real = subprocess.Popen

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)
    pdf.subprocess.Popen = counting
    temp = set(os.listdir(tempfile.gettempdir()))
    try:
        result = CliRunner().invoke(cli, ["render", "all", "-w", str(root), "--pdf"],
                                 env={"INSPECTION_LANG": "en"})  # a module fixture
    finally:
        pdf.subprocess.Popen = real
    assert result.exit_code == 0, result.output
    left = set(os.listdir(tempfile.gettempdir())) - temp
    return root, calls, result.output, left


def _text(path, page: int | None = None, layout: bool = False) -> str:
    """The text of a PDF page (or all pages) as poppler's pdftotext reads it; with `layout`,
    in lines as they stand on the page (the reading order of the header's two columns
    differs between poppler versions)."""
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext is missing: .ci/run installs poppler-utils")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pages = [] if page is None else ["-f", str(page + 1), "-l", str(page + 1)]
    mode = ["-layout"] if layout else []
    return subprocess.run(["pdftotext", *pages, *mode, str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def _squeezed(text: str) -> str:
    """Without spaces: justified lines come out of a PDF with spaces inside words."""
    return "".join(text.split())


def test_every_document_converts_with_one_libreoffice_process_per_core(rendered):
    root, calls, output, left = rendered
    docx = sorted(p.stem for p in (root / "output").glob("*.docx"))
    pdfs = sorted(p.stem for p in (root / "output").glob("*.pdf"))
    assert docx == pdfs and len(pdfs) == 19
    # one LibreOffice per core (a few documents each at least), each with its own profile
    started = [c for c in calls if "soffice" in str(c[0])]
    assert len(started) == pdf.processes_for(19) == min(os.cpu_count(), 4)
    profiles = {next(a for a in c if str(a).startswith("-env:UserInstallation")) for c in started}
    assert len(profiles) == len(started)
    assert "Converted 19 document(s) to PDF" in output
    # LibreOffice's profile and temporary files were kept in the workspace's cache, then removed
    assert left == set()
    assert not list((root / ".inspection-cache" / "tmp").iterdir())


@pytest.mark.parametrize("name, low, high", [
    ("ke-hoach-kiem-tra", 4, 7),  # seed 004 is 4 pages; the schedule appendix adds one
    ("de-cuong-bao-cao", 5, 9),
    ("bien-ban-bhxh-tinh-yen-bai", 4, 14),
    ("bien-ban-bhxh-tinh-lao-cai", 3, 12),  # nothing recorded: the outline and the frame
    ("ket-luan-bhxh-tinh-yen-bai", 2, 8),
    ("bao-cao-ket-qua-kiem-tra", 4, 12),
])
def test_page_counts_are_plausible(rendered, name, low, high):
    pages = len(PdfReader(str(rendered[0] / "output" / f"{name}.pdf")).pages)
    assert low <= pages <= high, f"{name}: {pages} pages"


def test_the_pages_read_as_vietnamese_with_page_numbers_from_page_2(rendered):
    path = rendered[0] / "output" / "ke-hoach-kiem-tra.pdf"
    first = _squeezed(_text(path, 0, layout=True))
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "Hà Nội, ngày 20 tháng 6 năm 2022", "Số: /KH-BHXH"):
        assert _squeezed(line) in first
    assert not first.startswith("1")
    assert _text(path, 1).lstrip().startswith("2\n")
    reader = PdfReader(str(path))
    box = reader.pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 210 and round(float(box.height) / 72 * 25.4) == 297
    fonts = {str(f) for page in reader.pages for f in page["/Resources"]["/Font"].values()
             for f in [f.get_object()["/BaseFont"]]}
    # Times or its metric twin, and nothing else: a tone-marked vowel the font lacks would be
    # drawn in a fallback font (DejaVu Serif with Debian's fonts-liberation 1.07)
    families = {f.split("+")[-1].split(",")[0].split("-")[0] for f in fonts}
    assert families <= {"TimesNewRomanPSMT", "TimesNewRoman", "LiberationSerif"}, fonts


def test_hostile_text_converts(rendered):
    text = _squeezed(_text(rendered[0] / "output" / "bien-ban-bhxh-tinh-yen-bai.pdf"))
    assert _squeezed('A & B <tag> "quoted" \'single\' {{ not.a.tag }} {% if %}') in text


def test_the_report_appendix_prints_landscape(rendered):
    reader = PdfReader(str(rendered[0] / "output" / "bao-cao-ket-qua-kiem-tra.pdf"))
    first, last = reader.pages[0].mediabox, reader.pages[-1].mediabox
    assert float(first.width) < float(first.height) and float(last.width) > float(last.height)


def test_without_libreoffice_the_message_is_clear_and_the_docx_is_kept(run, commune_ws, monkeypatch):
    monkeypatch.setenv(pdf.ENV_VAR, str(commune_ws / "khong-co-soffice"))
    result = run("render", "plan", "-w", commune_ws, "--pdf")
    assert_clean_failure(result)
    assert "LibreOffice is not installed" in result.output
    assert "Wrote 1 document(s)" in result.output  # the .docx are there all the same
    assert (commune_ws / "output" / "ke-hoach-kiem-tra.docx").is_file()
    assert not (commune_ws / "output" / "ke-hoach-kiem-tra.pdf").exists()


def test_without_libreoffice_the_dossier_is_refused_clearly(run, commune_ws, monkeypatch):
    monkeypatch.setenv(pdf.ENV_VAR, str(commune_ws / "khong-co-soffice"))
    result = run("dossier", "Hồng Bàng", "-w", commune_ws)
    assert_clean_failure(result)
    assert "LibreOffice is not installed" in result.output


# -- the dossier ----------------------------------------------------------------------------------


def _add_evidence(root, unit, name, data: bytes, original: str, item="I.1"):
    ws = Workspace(root)
    loaded = ws.load()
    visit = find_visit(loaded.campaign, unit)
    path = root / "evidence" / visit.unit.slug / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    entry = Evidence(id=name.split(".")[0], file=f"evidence/{visit.unit.slug}/{name}",
                     original_name=original, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                     item=item)
    FindingsStore(ws, loaded).update(visit, lambda r: r.evidence.append(entry))


def _pdf_bytes(pages: int) -> bytes:
    import io

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_dossier_joins_minutes_conclusion_and_evidence_with_bookmarks(run, tmp_path):
    need_libreoffice()
    root = build_tree(tmp_path / "ws", commune_files())
    record(root, "Phường Hồng Bàng", "I.1", rating="kha", observations=[HOSTILE])
    _add_evidence(root, "Phường Hồng Bàng", "e1.pdf", _pdf_bytes(3), "Công văn số 12/UBND.pdf")
    _add_evidence(root, "Phường Hồng Bàng", "e2.txt", "Danh sách phát thanh tháng 5".encode(),
                  "Danh sách.txt")
    _add_evidence(root, "Phường Hồng Bàng", "e3.pdf", b"%PDF-1.4 broken", "Hỏng.pdf")
    _add_evidence(root, "Phường Hồng Bàng", "e4.bin", b"\0\1", "Tệp lạ.bin")
    temp = set(os.listdir(tempfile.gettempdir()))
    result = run("dossier", "Hồng Bàng", "-w", root)
    assert result.exit_code == 0, result.output
    assert set(os.listdir(tempfile.gettempdir())) <= temp  # LibreOffice's files: in the cache
    assert not list((root / ".inspection-cache" / "tmp").iterdir())
    target = root / "output" / "ho-so-phuong-hong-bang.pdf"
    assert f"Wrote {target}" in result.output
    assert "Not included: e3.pdf: cannot be read as a PDF" in result.output
    assert "Not included: evidence/phuong-hong-bang/e4.bin: a .bin file cannot be put in a PDF" \
        in result.output
    reader = PdfReader(str(target))
    titles = [item.title if not isinstance(item, list) else [i.title for i in item]
              for item in reader.outline]
    assert titles == ["Biên bản kiểm tra - Phường Hồng Bàng",
                      "Thông báo kết luận kiểm tra - Phường Hồng Bàng", "Tài liệu, chứng cứ",
                      ["Công văn số 12/UBND.pdf (nội dung I.1)", "Danh sách.txt (nội dung I.1)"]]
    assert not (root / "output" / "bien-ban-phuong-hong-bang.pdf").exists()  # no stray PDFs
    assert len(reader.pages) >= 2 + 3 + 1
    assert reader.get_destination_page_number(reader.outline[3][0]) == \
        reader.get_destination_page_number(reader.outline[2])


def test_the_dossier_keeps_the_minutes_as_edited_in_word(run, tmp_path):
    need_libreoffice()
    import docx

    root = build_tree(tmp_path / "ws", commune_files())
    assert run("render", "minutes", "Báo Hải Phòng", "-w", root).exit_code == 0
    path = root / "output" / "bien-ban-bao-hai-phong.docx"
    document = docx.Document(str(path))
    document.add_paragraph("Đã ký ngày 10/6/2026 - bản sửa tay")
    document.save(str(path))
    assert run("dossier", "Báo Hải Phòng", "-w", root).exit_code == 0
    text = _squeezed(_text(root / "output" / "ho-so-bao-hai-phong.pdf"))
    assert _squeezed("Đã ký ngày 10/6/2026 - bản sửa tay") in text


FC_MATCH = """#!/bin/sh
printf 'Liberation Serif\\n20-7e a0-17f 1a0-1b0'
"""


def test_pdf_warns_when_the_font_lacks_vietnamese_letters(run, commune_ws, tmp_path, monkeypatch):
    """Liberation Serif 1.07 (Debian's fonts-liberation) has no ệ, ổ…: the page would be patched
    with another font, so --pdf says so (fontconfig is asked, as LibreOffice does)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "fc-match"
    fake.write_text(FC_MATCH)
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    warning = pdf.font_warning()
    assert warning is not None and warning.startswith(
        "warning: Times New Roman is not installed and Liberation Serif, which LibreOffice will "
        "use instead, lacks 90 Vietnamese letters (ẠạẢảẤấẦầ…)")
    assert "sudo apt install fonts-liberation2" in warning
    monkeypatch.setenv(pdf.ENV_VAR, str(tmp_path / "khong-co-soffice"))
    result = run("render", "plan", "-w", commune_ws, "--pdf")
    assert "lacks 90 Vietnamese letters" in result.output


def test_the_font_of_this_machine_is_complete():
    """What CI installs (fonts-liberation2) covers every Vietnamese letter: no warning."""
    assert pdf.font_warning() is None


def test_a_workspace_named_by_a_relative_path_converts(tmp_path):
    """`inspection render plan --pdf -w kiem-tra`, run from the folder above, as a user types
    it: LibreOffice was given a relative temporary folder, wrote no PDF ("Write Code:16") and
    left its pkcs11.txt in the user's folder."""
    need_libreoffice()
    shutil.copytree(EXAMPLE, tmp_path / "kiem-tra", ignore=shutil.ignore_patterns(".*", "output"))
    done = subprocess.run([sys.executable, "-m", "inspection", "render", "plan", "-w", "kiem-tra",
                           "--pdf"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    made = tmp_path / "kiem-tra" / "output" / "ke-hoach-kiem-tra.pdf"
    assert made.is_file() and len(PdfReader(str(made)).pages) >= 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kiem-tra"]  # nothing beside it


def test_a_document_that_fails_to_convert_is_named_and_the_others_still_convert(tmp_path):
    need_libreoffice()
    from inspection.errors import ExportError

    good = tmp_path / "good"
    shutil.copytree(EXAMPLE, good, ignore=shutil.ignore_patterns(".*", "output"))
    from inspection.api import render_documents

    outcome = render_documents(good, ["conclusion"], output=tmp_path / "docs")
    sources = [job.target for job in outcome.written]
    broken = tmp_path / "docs" / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 this is no document")
    sources.insert(3, broken)
    out = tmp_path / "pdf"
    out.mkdir()
    failed: list = []
    written = pdf.convert_many(sources, out, tmp_path / "cache", failed)
    assert [source for source, _reason in failed] == [broken]
    assert sorted(p.stem for p in written) == sorted(p.stem for p in sources if p != broken)
    assert all(p.stat().st_size > 1000 for p in written)
    # without a list to collect them, the others are written and the error names the one
    for made in out.iterdir():
        made.unlink()
    with pytest.raises(ExportError) as raised:
        pdf.convert_many(sources, out, tmp_path / "cache")
    assert str(broken) in raised.value.message and "8 PDF(s) were written" in raised.value.message
    assert len(list(out.glob("*.pdf"))) == 8
    assert not list((tmp_path / "cache" / "tmp").iterdir())  # every profile removed
