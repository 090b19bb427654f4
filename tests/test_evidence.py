"""`inspection attach`: copies in evidence/<unit>/ under safe names, recorded with their finding."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import assert_clean_failure
from pypdf import PdfWriter

from inspection.files.workspace import Workspace
from inspection.model.campaign import OFFICE
from inspection.model.lookup import find_visit
from inspection.recording import evidence as evidence_module
from inspection.recording.evidence import safe_name
from inspection.recording.store import FindingsStore

YB = "bhxh-tinh-yen-bai"


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def pdf(path: Path, pages: int = 3, *, password: str | None = None, owner: str | None = None) -> Path:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if password is not None:
        writer.encrypt(password, owner_password=owner, algorithm="RC4-128")
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def record(ws: Path, unit: str = "Yên Bái", problems: list | None = None):
    workspace = Workspace(ws)
    loaded = workspace.load()
    return FindingsStore(workspace, loaded).read(find_visit(loaded.campaign, unit), problems)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_a_pdf_is_copied_under_a_safe_name_and_recorded_with_its_finding(run, ws, docs):
    source = pdf(docs / "Tờ trình số 15 (bản ký).PDF", pages=3)
    result = run("attach", "Yên Bái", "I.1", source, "-w", ws, "--by", "Lê Hoàng Long")
    assert result.exit_code == 0, result.output
    name = "i-1-to-trinh-so-15-ban-ky.pdf"
    assert result.output.splitlines() == [
        "BHXH tỉnh Yên Bái, item I.1 (office):",
        f"  E01  evidence/{YB}/{name}  (Tờ trình số 15 (bản ký).PDF, "
        f"{source.stat().st_size} bytes, 3 page(s))"]
    copy = ws / "evidence" / YB / name
    assert copy.read_bytes() == source.read_bytes()
    assert files_in(ws / "evidence" / YB) == [name]  # no temporary file left
    problems: list = []
    rec = record(ws, problems=problems)
    assert [p for p in problems if p.severity == "error"] == []
    (e,) = rec.evidence
    assert (e.id, e.file, e.original_name, e.size, e.item, e.site, e.pages, e.added_by) == (
        "E01", f"evidence/{YB}/{name}", "Tờ trình số 15 (bản ký).PDF", source.stat().st_size,
        "I.1", OFFICE, 3, "Lê Hoàng Long")
    assert e.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    answer = rec.finding("I.1").answer
    assert answer.evidence == ("E01",) and answer.rating is None  # no rating is invented


def test_several_files_at_once_and_the_same_content_is_never_copied_twice(run, ws, docs):
    a = pdf(docs / "bao-cao.pdf", pages=2)
    b = docs / "Danh sách CTV.xlsx"
    b.write_bytes(b"PK\x03\x04 not really a workbook, but evidence all the same")
    result = run("attach", "Yên Bái", "I.8", a, b, "-w", ws)
    assert result.exit_code == 0, result.output
    (docs / "copy").mkdir()
    again = shutil.copy(a, docs / "copy" / "bao cao ban sao.pdf")
    result = run("attach", "Yên Bái", "I.3", again, "-w", ws)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == (
        f"  E01  {again}: already attached as evidence/{YB}/i-8-bao-cao.pdf (same content); "
        "not copied again")
    assert files_in(ws / "evidence" / YB) == ["i-8-bao-cao.pdf", "i-8-danh-sach-ctv.xlsx"]
    rec = record(ws)
    assert [e.id for e in rec.evidence] == ["E01", "E02"]
    assert rec.finding("I.8").answer.evidence == ("E01", "E02")
    assert rec.finding("I.3").answer.evidence == ("E01",)  # the same document supports I.3 too


def test_different_files_with_the_same_name_get_different_copies(run, ws, docs):
    for folder, text in (("a", b"first"), ("b", b"second")):
        (docs / folder).mkdir()
        (docs / folder / "Biên bản.docx").write_bytes(text)
    result = run("attach", "Yên Bái", "I.10", docs / "a" / "Biên bản.docx", docs / "b" / "Biên bản.docx",
                 "-w", ws)
    assert result.exit_code == 0, result.output
    assert files_in(ws / "evidence" / YB) == ["i-10-bien-ban-2.docx", "i-10-bien-ban.docx"]
    assert (ws / "evidence" / YB / "i-10-bien-ban-2.docx").read_bytes() == b"second"


def test_a_copy_deleted_by_hand_is_put_back_when_attached_again(run, ws, docs):
    source = pdf(docs / "a.pdf")
    run("attach", "Yên Bái", "I.1", source, "-w", ws)
    (ws / "evidence" / YB / "i-1-a.pdf").unlink()
    result = run("attach", "Yên Bái", "I.1", source, "-w", ws)
    assert result.exit_code == 0
    assert (ws / "evidence" / YB / "i-1-a.pdf").read_bytes() == source.read_bytes()
    assert len(record(ws).evidence) == 1


@pytest.mark.parametrize("original, expected", [
    ("Tờ trình số 15.PDF", "i-1-to-trinh-so-15.pdf"),
    ("../../etc/passwd", "i-1-passwd"),
    ("..", "i-1-tai-lieu"),
    ("C:\\Users\\An\\Desktop\\..\\Báo cáo.docx", "i-1-bao-cao.docx"),
    ("D:bao-cao.pdf", "i-1-d-bao-cao.pdf"),
    (".hidden", "i-1-hidden"),
    ("ảnh.JPEG", "i-1-anh.jpeg"),
    ("file.tar.gz", "i-1-file-tar.gz"),
    ("x." + "é" * 30, "i-1-x.eeeeeeeeee"),
    ("CON.txt", "i-1-con.txt"),
    ("Đ" * 300 + ".pdf", "i-1-" + "d" * 60 + ".pdf"),
    ("???.pdf", "i-1-tai-lieu.pdf"),
])
def test_safe_names_are_ascii_short_and_never_leave_the_folder(original, expected):
    assert safe_name("I.1", original, set()) == expected


def test_safe_names_are_unique_without_regard_to_case():
    assert safe_name("I.1", "A.pdf", {"i-1-a.pdf", "i-1-a-2.pdf"}) == "i-1-a-3.pdf"


def test_odd_file_names_stay_inside_the_workspace(run, ws, tmp_path):
    odd = tmp_path / "odd"
    odd.mkdir()
    names = ["..\\..\\C:thu.pdf", "..pdf", "a" * 200 + ".pdf", " space .pdf"]
    paths = []
    for i, name in enumerate(names):
        path = odd / name
        path.write_bytes(f"document {i}".encode())
        paths.append(path)
    result = run("attach", "Yên Bái", "I.1", *paths, "-w", ws)
    assert result.exit_code == 0, result.output
    created = [p for p in tmp_path.rglob("*") if p.is_file() and odd not in p.parents]
    inside = (ws / "evidence" / YB).resolve()
    copies = [p for p in created if p.resolve().parent == inside]
    assert len(copies) == 4
    assert all(len(p.name) <= 90 and p.name.isascii() for p in copies)
    assert not [p for p in created if ws.resolve() not in p.resolve().parents]
    assert [e.original_name for e in record(ws).evidence] == [n.strip() for n in names]


def test_an_encrypted_pdf_is_attached_with_a_warning_and_no_page_count(run, ws, docs):
    source = pdf(docs / "mat.pdf", password="123")
    result = run("attach", "Yên Bái", "I.6", source, "-w", ws)
    assert result.exit_code == 0, result.output
    assert (f"warning: {source}: the PDF is protected by a password, so its pages cannot be counted; "
            "it was attached as it is.") in result.output
    (e,) = record(ws).evidence
    assert e.pages is None and (ws / e.file).read_bytes() == source.read_bytes()


def test_a_pdf_with_only_an_owner_password_has_its_pages_counted(run, ws, docs):
    source = pdf(docs / "chi-doc.pdf", pages=2, password="", owner="chu")
    result = run("attach", "Yên Bái", "I.6", source, "-w", ws)
    assert result.exit_code == 0 and "warning" not in result.output
    assert record(ws).evidence[0].pages == 2


def test_a_truncated_pdf_is_attached_with_a_warning(run, ws, docs):
    whole = pdf(docs / "whole.pdf", pages=4).read_bytes()
    source = docs / "Quyết định.pdf"
    source.write_bytes(whole[: len(whole) * 2 // 3])
    result = run("attach", "Yên Bái", "I.1", source, "-w", ws)
    assert result.exit_code == 0, result.output
    assert (f"warning: {source}: the PDF seems incomplete (it has no end-of-file mark): was it copied "
            "or downloaded only in part? It was attached as it is.") in result.output
    assert "Traceback" not in result.output and "EOF marker" not in result.output
    assert record(ws).evidence[0].size == source.stat().st_size


def test_a_damaged_pdf_is_attached_with_a_warning(run, ws, docs):
    source = docs / "hong.pdf"
    source.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100 + b"\n%%EOF\n")
    result = run("attach", "Yên Bái", "I.1", source, "-w", ws)
    assert result.exit_code == 0, result.output
    assert f"warning: {source}: the PDF cannot be read (" in result.output
    assert "it is damaged or not really a PDF. It was attached as it is, without a page count." in result.output


def test_a_file_named_pdf_that_is_not_one_is_attached_with_a_warning(run, ws, docs):
    source = docs / "scan.pdf"
    source.write_bytes(b"\xff\xd8\xff\xe0 a JPEG really")
    result = run("attach", "Yên Bái", "I.1", source, "-w", ws)
    assert result.exit_code == 0
    assert (f"warning: {source}: the name ends in .pdf, but this is not a PDF; it was attached as "
            "it is, without a page count") in result.output


def test_missing_files_and_folders_are_refused_and_nothing_is_attached(run, ws, docs):
    good = pdf(docs / "tot.pdf")
    result = run("attach", "Yên Bái", "I.1", good, docs / "khong-co.pdf", docs, "-w", ws)
    assert_clean_failure(result)
    assert result.output.splitlines() == [
        f"Error: {docs / 'khong-co.pdf'}: there is no such file",
        f"{docs}: this is a folder; attach the files in it (e.g. {docs / '*'})",
        "Nothing was attached."]
    assert not (ws / "evidence" / YB).exists() or files_in(ws / "evidence" / YB) == []
    assert not (ws / "findings" / f"{YB}.yaml").exists()


def test_field_items_need_a_site_given_by_id_or_name(run, ws, docs):
    source = pdf(docs / "so.pdf")
    result = run("attach", "Yên Bái", "QH.4", source, "-w", ws)
    assert_clean_failure(result)
    assert "--site: item QH.4 is checked at each field site; say at which one (van-yen, tran-yen)" in result.output
    result = run("attach", "Yên Bái", "qh.4", source, "--site", "BHXH huyện Trấn Yên", "-w", ws)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("BHXH tỉnh Yên Bái, item QH.4 (BHXH huyện Trấn Yên):")
    rec = record(ws)
    assert rec.evidence[0].site == "tran-yen" and rec.finding("QH.4", "tran-yen").answer.evidence == ("E01",)


@pytest.mark.parametrize("item, site, message", [
    ("I.1", "van-yen", "item I.1 is checked at the office only, not at BHXH huyện Văn Yên"),
    ("KS.1", "lao-cai", "'lao-cai' is not a site where item KS.1 is checked; the sites are: office "
                        "(trụ sở), van-yen (BHXH huyện Văn Yên), tran-yen (BHXH huyện Trấn Yên)"),
    ("I.99", None, "checklist bhxh-ttt-2022 has no item 'I.99'; did you mean"),
])
def test_wrong_items_and_sites_are_refused(run, ws, docs, item, site, message):
    source = pdf(docs / "a.pdf")
    args = ["attach", "Yên Bái", item, source, "-w", ws] + (["--site", site] if site else [])
    result = run(*args)
    assert_clean_failure(result)
    assert message in result.output
    assert not (ws / "evidence").exists() or not any((ws / "evidence").rglob("*.pdf"))


def test_an_existing_answer_is_kept_and_its_previous_version_goes_to_history(run, ws, docs):
    workspace = Workspace(ws)
    loaded = workspace.load()
    store = FindingsStore(workspace, loaded)
    visit = find_visit(loaded.campaign, "Yên Bái")
    store.record_answer(visit, "I.1", OFFICE, {"rating": "kha", "observations": ("Đã tham mưu 5 văn bản",)},
                        "An")
    run("attach", "Yên Bái", "I.1", pdf(docs / "a.pdf"), "-w", ws)
    finding = record(ws).finding("I.1")
    assert finding.answer.rating == "kha" and finding.answer.observations == ("Đã tham mưu 5 văn bản",)
    assert finding.answer.evidence == ("E01",)
    assert [a.evidence for a in finding.history] == [()]


def test_large_files_are_streamed_in_chunks(run, ws, docs, monkeypatch):
    monkeypatch.setattr(evidence_module, "CHUNK", 4096)
    source = docs / "video.mp4"
    data = bytes(range(256)) * 4096 + b"tail"  # 1 MiB and a bit
    source.write_bytes(data)
    reads = []
    real_open = open

    class Spy:
        def __init__(self, fh):
            self.fh = fh

        def read(self, n=-1):
            reads.append(n)
            return self.fh.read(n)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

    def spying_open(path, mode="r", *args, **kwargs):
        fh = real_open(path, mode, *args, **kwargs)
        return Spy(fh) if Path(path) == source and "b" in mode else fh

    monkeypatch.setattr("builtins.open", spying_open)
    result = run("attach", "Yên Bái", "KS.1", source, "-w", ws)
    monkeypatch.undo()
    assert result.exit_code == 0, result.output
    assert reads and max(reads) == 4096 and -1 not in reads
    (e,) = record(ws).evidence
    assert e.sha256 == hashlib.sha256(data).hexdigest() and e.size == len(data)


def test_a_broken_findings_file_refuses_the_attach_and_leaves_no_copy(run, ws, docs):
    (ws / "findings").mkdir(exist_ok=True)
    broken = ws / "findings" / f"{YB}.yaml"
    broken.write_text("unit: bhxh-tinh-yen-bai\nfindings: [\n", encoding="utf-8")
    result = run("attach", "Yên Bái", "I.1", pdf(docs / "a.pdf"), "-w", ws)
    assert_clean_failure(result)
    assert "findings/bhxh-tinh-yen-bai.yaml" in result.output
    assert files_in(ws / "evidence" / YB) == []
    assert broken.read_text(encoding="utf-8") == "unit: bhxh-tinh-yen-bai\nfindings: [\n"
