"""`inspection merge`, `resolve` and `pack`: team members' answers brought together, nothing lost."""

import shutil
import zipfile

import pytest

from conftest import assert_clean_failure

from inspection.files import yamlfile
from inspection.files.findings import parse_unit_record


def record(ws, slug="bhxh-tinh-yen-bai"):
    problems = []
    doc = yamlfile.load(ws / "findings" / f"{slug}.yaml", "f", problems)
    return parse_unit_record(doc, problems)


def two_laptops(run, example_ws, tmp_path):
    """The lead's workspace and a member's copy, both with the same first answer."""
    run("record", "yen-bai", "I.1", "-w", example_ws, "--rating", "1", "--by", "Lead")
    member = tmp_path / "member"
    shutil.copytree(example_ws, member)
    return example_ws, member


@pytest.mark.vietnamese
def test_new_and_identical_answers(run, example_ws, tmp_path):
    lead, member = two_laptops(run, example_ws, tmp_path)
    run("record", "lao-cai", "I.2", "-w", member, "--observation", "Mới từ máy Hà", "--by", "Hà")
    result = run("merge", member, "-w", lead)
    assert result.exit_code == 0, result.output
    assert "BHXH tỉnh Yên Bái: 0 mới, 1 trùng" in result.output
    assert "BHXH tỉnh Lào Cai: 1 mới" in result.output
    assert record(lead, "bhxh-tinh-lao-cai").finding("I.2").answer.observations == ("Mới từ máy Hà",)


@pytest.mark.vietnamese
def test_an_answer_changed_on_one_side_only_takes_the_newer(run, example_ws, tmp_path):
    lead, member = two_laptops(run, example_ws, tmp_path)
    run("record", "yen-bai", "I.1", "-w", member, "--rating", "2", "--by", "Hà")
    assert "1 cập nhật" in run("merge", member, "-w", lead).output
    finding = record(lead).finding("I.1")
    assert finding.answer.rating == "kha" and [a.rating for a in finding.history] == ["tot"]
    # merging back the other way: ours is newer, nothing changes
    assert "1 trùng" in run("merge", lead, "-w", member).output


@pytest.mark.vietnamese
def test_answers_differing_on_both_sides_keep_both_until_resolved(run, example_ws, tmp_path):
    lead, member = two_laptops(run, example_ws, tmp_path)
    run("record", "yen-bai", "I.1", "-w", lead, "--rating", "3", "--by", "Lead")
    run("record", "yen-bai", "I.1", "-w", member, "--rating", "4", "--by", "Hà")
    result = run("merge", member, "-w", lead)
    assert "1 xung đột" in result.output and "inspection resolve" in result.output
    finding = record(lead).finding("I.1")
    assert finding.answer.rating == "dat" and [a.rating for a in finding.conflicts] == ["chua-dat"]
    assert "1 trùng" in run("merge", member, "-w", lead).output  # the known conflict is not doubled
    assert "BHXH tỉnh Yên Bái: I.1 office — 2 phiên bản" in run("resolve", "-w", lead).output
    assert "⚠ xung đột" in run("status", "-w", lead).output
    shown = run("resolve", "yen-bai", "I.1", "-w", lead, input="2\n")
    assert "1) hiện tại (ours)" in shown.output and "2) từ lần gộp" in shown.output
    finding = record(lead).finding("I.1")
    assert finding.answer.rating == "chua-dat" and finding.conflicts == ()
    assert "dat" in [a.rating for a in finding.history]  # the version not kept is kept in the history
    assert "No conflicts." in run("resolve", "-w", lead, env={"INSPECTION_LANG": "en"}).output


@pytest.mark.vietnamese
def test_pack_and_merge_a_bundle_with_evidence(run, example_ws, tmp_path):
    lead, member = two_laptops(run, example_ws, tmp_path)
    run("record", "yen-bai", "I.4", "-w", member, "--rating", "2", "--by", "Hà")
    bundle = tmp_path / "ha.zip"
    result = run("pack", "-w", member, "-o", bundle, "--by", "Hà")
    assert result.exit_code == 0 and bundle.is_file()
    names = zipfile.ZipFile(bundle).namelist()
    assert "manifest.json" in names and "findings/bhxh-tinh-yen-bai.yaml" in names
    assert "1 mới" in run("merge", bundle, "-w", lead).output
    assert record(lead).finding("I.4").answer.rating == "kha"


def test_findings_of_another_campaign_are_refused(run, example_ws, commune_ws, tmp_path):
    run("record", "Hồng Bàng", "I.1", "-w", commune_ws, "--rating", "1")
    before = sorted((example_ws / "findings").glob("*")) if (example_ws / "findings").exists() else []
    result = run("merge", commune_ws, "-w", example_ws)
    assert_clean_failure(result)
    assert "holds findings of campaign kt-tuyen-truyen-2026, not of this workspace's campaign kt-ttt-2022" in result.output
    after = sorted((example_ws / "findings").glob("*")) if (example_ws / "findings").exists() else []
    assert before == after


def test_a_broken_file_on_the_other_side_stops_the_whole_merge(run, example_ws, tmp_path):
    lead, member = two_laptops(run, example_ws, tmp_path)
    run("record", "lao-cai", "I.2", "-w", member, "--rating", "2")
    (member / "findings" / "bhxh-tinh-phu-tho.yaml").write_text("unit: [\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (lead / "findings").iterdir() if p.is_file()}
    result = run("merge", member, "-w", lead)
    assert_clean_failure(result)
    assert "bhxh-tinh-phu-tho.yaml:" in result.output and "YAML syntax" in result.output
    assert "1 problem(s): nothing was merged" in result.output
    assert {p.name: p.read_bytes() for p in (lead / "findings").iterdir() if p.is_file()} == before


def test_not_a_bundle(run, example_ws, tmp_path):
    fake = tmp_path / "x.zip"
    fake.write_bytes(b"%PDF-1.4 not a zip")
    result = run("merge", fake, "-w", example_ws)
    assert_clean_failure(result)
    assert "this is not a findings bundle" in result.output


@pytest.mark.vietnamese
def test_evidence_attached_on_a_member_laptop_comes_with_the_bundle(run, tmp_path):
    lead, member = tmp_path / "lead", tmp_path / "member"
    assert run("init", lead).exit_code == 0 and run("init", member).exit_code == 0
    scan = tmp_path / "Biên bản hội nghị.txt"
    scan.write_text("biên bản", encoding="utf-8")
    assert run("attach", "Yên Bái", "I.1", scan, "-w", member).exit_code == 0
    assert run("record", "Yên Bái", "I.1", "--rating", "1", "-w", member, "--by", "Hà").exit_code == 0
    for source in (member, "bundle"):  # a member's workspace folder, or the bundle it packs
        target = tmp_path / f"lead-{source if source == 'bundle' else 'folder'}"
        shutil.copytree(lead, target)
        if source == "bundle":
            assert run("pack", "-w", member, "-o", tmp_path / "ha.zip").exit_code == 0
            source = tmp_path / "ha.zip"
        result = run("merge", source, "-w", target)
        assert result.exit_code == 0, result.output
        assert "BHXH tỉnh Yên Bái: 1 mới" in result.output and "1 tài liệu" in result.output
        merged = record(target)
        evidence = merged.evidence[0]
        assert (target / evidence.file).read_text(encoding="utf-8") == "biên bản"
        assert merged.finding("I.1").answer.evidence == (evidence.id,)
        assert run("check", "-w", target).exit_code == 0


@pytest.mark.vietnamese
def test_a_merge_that_changes_nothing_leaves_every_file_alone(run, example_ws, tmp_path):
    lead, member = two_laptops(run, example_ws, tmp_path)
    run("record", "lao-cai", "I.2", "-w", lead, "--observation", "Của trưởng đoàn", "--by", "Lead")
    path = lead / "findings" / "bhxh-tinh-yen-bai.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "name: BHXH tỉnh Yên Bái\n", "name: BHXH tỉnh Yên Bái\n# ghi chú của trưởng đoàn\n"),
        encoding="utf-8")
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (lead / "findings").glob("*.yaml")}
    result = run("merge", member, "-w", lead)
    assert result.exit_code == 0, result.output
    assert "1 trùng" in result.output
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (lead / "findings").glob("*.yaml")}
    assert after == before  # the hand-typed comment too


def test_a_read_only_findings_file_is_refused_and_stays_read_only(run, example_ws):
    run("record", "yen-bai", "I.1", "-w", example_ws, "--rating", "1")
    path = example_ws / "findings" / "bhxh-tinh-yen-bai.yaml"
    content = path.read_bytes()
    path.chmod(0o444)
    try:
        result = run("record", "yen-bai", "I.2", "-w", example_ws, "--rating", "2")
        assert_clean_failure(result)
        assert "findings/bhxh-tinh-yen-bai.yaml: the file is read-only, so nothing was changed" \
            in result.output
        assert path.read_bytes() == content and (path.stat().st_mode & 0o777) == 0o444
    finally:
        path.chmod(0o644)


def _bundle(run, tmp_path):
    """A member's bundle with one answer and one document, and a lead's workspace to merge into."""
    lead, member = tmp_path / "lead", tmp_path / "member"
    run("init", lead)
    run("init", member)
    scan = tmp_path / "scan.txt"
    scan.write_text("biên bản " * 200, encoding="utf-8")
    run("attach", "Yên Bái", "I.1", scan, "-w", member)
    run("record", "Lào Cai", "I.1", "--rating", "1", "-w", member)
    bundle = tmp_path / "ha.zip"
    assert run("pack", "-w", member, "-o", bundle).exit_code == 0
    return lead, bundle


def _rewrite(bundle, change):
    """The bundle with one part changed: change(name, info, data) -> (info, data) or None."""
    with zipfile.ZipFile(bundle) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            changed = change(info.filename, info, data)
            if changed is not None:
                target.writestr(*changed)


def _patch_header(bundle, member: str, field: int, value: int, replace: bool = False) -> None:
    """Set bits of a 2-byte field of `member`'s local header (at `field`) and the same field of
    its central directory entry (2 bytes further), or replace it with `value`."""
    raw = bytearray(bundle.read_bytes())
    name = member.encode()
    for signature, offset, name_at in ((b"PK\x03\x04", field, 30), (b"PK\x01\x02", field + 2, 46)):
        start = 0
        while (at := raw.find(signature, start)) != -1:
            if raw[at + name_at:at + name_at + len(name)] == name:
                old = int.from_bytes(raw[at + offset:at + offset + 2], "little")
                new = value if replace else old | value
                raw[at + offset:at + offset + 2] = new.to_bytes(2, "little")
            start = at + 4
    bundle.write_bytes(bytes(raw))


def _patch_method(bundle, member: str, method: int) -> None:
    """Say in the zip's headers that `member` is compressed with `method` (e.g. 9, Deflate64)."""
    _patch_header(bundle, member, 8, method, replace=True)


def _flip_a_byte(bundle, member: str) -> None:
    """Change one byte of `member`'s stored data, so that its checksum no longer matches."""
    with zipfile.ZipFile(bundle) as source:
        info = source.getinfo(member)
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw = bytearray(bundle.read_bytes())
    raw[start + 5] ^= 0xFF
    bundle.write_bytes(bytes(raw))


@pytest.mark.parametrize("damage, message", [
    ("findings-crc", "is damaged"),
    ("evidence-crc", "is damaged"),
    ("encrypted", "protected by a password"),
    ("deflate64", "compressed in a way this tool cannot read"),
    ("manifest-array", "its manifest.json is not what `inspection pack` writes"),
    ("truncated-findings", "the file is incomplete"),
    ("cut-in-its-header", "the file is empty"),
    ("binary-findings", "this is not a text file"),
])
def test_a_damaged_bundle_merges_nothing(run, tmp_path, damage, message):
    lead, bundle = _bundle(run, tmp_path)
    stored = lambda info: setattr(info, "compress_type", zipfile.ZIP_STORED) or info  # noqa: E731
    if damage == "findings-crc":
        _rewrite(bundle, lambda n, i, d: (stored(i), d))
        _flip_a_byte(bundle, "findings/bhxh-tinh-lao-cai.yaml")
    elif damage == "evidence-crc":
        _rewrite(bundle, lambda n, i, d: (stored(i), d))
        evidence = next(n for n in zipfile.ZipFile(bundle).namelist() if n.startswith("evidence/"))
        _flip_a_byte(bundle, evidence)
    elif damage == "encrypted":
        _patch_header(bundle, "findings/bhxh-tinh-lao-cai.yaml", 6, 0x1)  # "encrypted" flag
    elif damage == "deflate64":
        _patch_method(bundle, "findings/bhxh-tinh-lao-cai.yaml", 9)
    elif damage == "manifest-array":
        _rewrite(bundle, lambda n, i, d: (i, b"[1, 2]" if n == "manifest.json" else d))
    elif damage == "truncated-findings":
        _rewrite(bundle, lambda n, i, d: (i, d[:-30] if "lao-cai" in n else d))
    elif damage == "cut-in-its-header":
        _rewrite(bundle, lambda n, i, d: (i, d[:120] if "lao-cai" in n else d))
    else:
        _rewrite(bundle, lambda n, i, d: (i, b"\x00\x01binary" if "lao-cai" in n else d))
    before = {p.relative_to(lead): p.read_bytes() for p in lead.rglob("*") if p.is_file()}
    result = run("merge", bundle, "-w", lead)
    assert_clean_failure(result)
    assert message in result.output
    assert "nothing was merged" in result.output
    after = {p.relative_to(lead): p.read_bytes() for p in lead.rglob("*") if p.is_file()}
    assert {k: v for k, v in after.items() if ".inspection-cache" not in str(k)} == \
        {k: v for k, v in before.items() if ".inspection-cache" not in str(k)}


@pytest.mark.vietnamese
def test_a_folder_inside_a_bundle_is_not_taken_for_a_unit(run, tmp_path):
    lead, bundle = _bundle(run, tmp_path)
    with zipfile.ZipFile(bundle, "a") as target:
        target.writestr(zipfile.ZipInfo("findings/bhxh-tinh-phu-tho.yaml/"), b"")
    result = run("merge", bundle, "-w", lead)
    assert result.exit_code == 0, result.output
    assert "Phú Thọ" not in result.output and "BHXH tỉnh Lào Cai: 1 mới" in result.output


# -- a merge is saved as one change --------------------------------------------------------------


def _member_bundle(run, tmp_path):
    """A lead's workspace with answers, and a member's bundle changing every unit, with
    evidence: (lead, bundle, what the lead's workspace holds once merged)."""
    lead = tmp_path / "lead"
    member = tmp_path / "member"
    for ws in (lead, member):
        assert run("init", ws).exit_code == 0
    for unit in ("Yên Bái", "Lào Cai", "Phú Thọ"):
        assert run("record", unit, "I.1", "--rating", "1", "-w", lead, "--by", "Lead").exit_code == 0
        assert run("record", unit, "I.2", "--observation", f"Hà ghi ở {unit}", "-w", member,
                   "--by", "Hà").exit_code == 0
        paper = tmp_path / f"bien-ban-{unit}.txt"
        paper.write_text(f"biên bản {unit}\n", encoding="utf-8")
        assert run("attach", unit, "I.2", paper, "-w", member, "--by", "Hà").exit_code == 0
    bundle = tmp_path / "ha.zip"
    assert run("pack", "-w", member, "-o", bundle, "--by", "Hà").exit_code == 0
    merged = tmp_path / "merged"
    shutil.copytree(lead, merged)
    assert run("merge", bundle, "-w", merged).exit_code == 0
    return lead, bundle, _held(merged)


def _held(ws):
    return {p.relative_to(ws).as_posix(): p.read_bytes() for p in sorted(ws.rglob("*"))
            if p.is_file() and p.suffix != ".lock"
            and not {"output", ".inspection-cache"} & set(p.relative_to(ws).parts)}


@pytest.mark.parametrize("fail_at", [1, 2, 4, 6])
def test_a_merge_that_fails_while_saving_changes_nothing(run, tmp_path, monkeypatch, fail_at):
    import os

    lead, bundle, _ = _member_bundle(run, tmp_path)
    before = _held(lead)
    real = os.write
    calls = []

    def full(fd, data):
        calls.append(fd)
        if len(calls) >= fail_at:
            raise OSError(28, "No space left on device")
        return real(fd, data)
    monkeypatch.setattr(os, "write", full)
    result = run("merge", bundle, "-w", lead)
    monkeypatch.setattr(os, "write", real)
    assert_clean_failure(result)
    assert "the disk is full; nothing was changed" in result.output
    assert _held(lead) == before
    assert not (lead / "findings" / ".pending").exists()


@pytest.mark.parametrize("moved", [0, 1, 3, 5])
def test_a_merge_killed_while_moving_files_in_is_finished_by_the_next_command(run, tmp_path,
                                                                             monkeypatch, moved):
    from inspection.files import transaction

    lead, bundle, after = _member_bundle(run, tmp_path)
    real = transaction.os.replace
    count = []

    def killed(source, target):
        if "/.pending/" in str(source) and not str(source).endswith(".tmp"):
            if len(count) == moved:
                raise KeyboardInterrupt  # the process stops here, as under SIGKILL
            count.append(target)
        return real(source, target)
    monkeypatch.setattr(transaction.os, "replace", killed)
    run("merge", bundle, "-w", lead)
    monkeypatch.setattr(transaction.os, "replace", real)
    assert (lead / "findings" / ".pending").is_dir()  # the plan was written, half of it done
    status = run("status", "-w", lead)
    assert status.exit_code == 0, status.output
    assert _held(lead) == after
    assert not (lead / "findings" / ".pending").exists()


def test_a_merge_killed_before_its_plan_is_written_is_taken_back(run, tmp_path, monkeypatch):
    from inspection.files import transaction

    lead, bundle, _ = _member_bundle(run, tmp_path)
    before = _held(lead)
    monkeypatch.setattr(transaction.Transaction, "commit", lambda self: (_ for _ in ()).throw(
        KeyboardInterrupt))
    monkeypatch.setattr(transaction.Transaction, "abandon", lambda self: None)  # as if killed
    run("merge", bundle, "-w", lead)
    monkeypatch.undo()
    assert any((lead / "findings" / ".pending").iterdir())  # staged files, no plan
    assert run("record", "Gia Lai", "I.1", "--rating", "2", "-w", lead).exit_code == 0
    assert not (lead / "findings" / ".pending").exists()
    held = _held(lead)
    assert {k: v for k, v in held.items() if "gia-lai" not in k} == before
