"""Silent or wrong answers to odd but everyday situations: blank texts, folders and pipes where
files belong, files where folders belong, a full disk during `init`, text that looks like a
template tag, invisible characters that reverse a file name.

Each case checks the message, the exit code, that the workspace is unchanged byte for byte,
and that nothing new appeared outside it: neither in the temporary folder nor beside it.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document

from conftest import Watch, assert_clean_failure

YB = "bhxh-tinh-yen-bai"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


def _cli(*args, timeout: float = 60) -> subprocess.CompletedProcess:
    """The command as a user runs it, in its own process: a hang fails instead of waiting."""
    return subprocess.run([sys.executable, "-m", "inspection", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def _clean(done: subprocess.CompletedProcess, code: int = 1) -> str:
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == code, (done.stdout, done.stderr)
    return done.stdout + done.stderr


@pytest.fixture
def example_ws(run, tmp_path):
    """A workspace as `inspection init` makes it (findings/, evidence/, output/, templates/)."""
    root = tmp_path / "example"
    assert run("init", root).exit_code == 0
    return root


# -- blank texts -----------------------------------------------------------------------------


@pytest.mark.parametrize("texts", [["--observation", "   "], ["--observation", "\u00a0\u3000"],
                                   ["--recommend", "\u200b", "--owner", "UBND"],
                                   ["--strength", "\x07", "--cause", "\t"]])
def test_blank_texts_are_not_acknowledged_as_saved(run, example_ws, texts):
    watch = Watch(example_ws)
    result = run("record", "Yên Bái", "I.1", *texts, "-w", example_ws)
    assert_clean_failure(result)
    assert "nothing to record: the texts given are empty or only spaces" in result.output
    assert "Đã lưu" not in result.output
    watch.unchanged()
    assert not (example_ws / "findings" / f"{YB}.yaml").exists()


@pytest.mark.vietnamese
def test_a_blank_text_beside_a_real_one_records_the_real_one(run, example_ws):
    result = run("record", "Yên Bái", "I.1", "--observation", " ", "--observation", "Có quy chế",
                 "-w", example_ws)
    assert result.exit_code == 0, result.output
    assert "1 nhận xét" in result.output


# -- what should be a file is a folder, a pipe or a device -------------------------------------


def _in_the_way(path: Path, kind: str) -> None:
    if path.exists() or path.is_symlink():
        path.unlink()
    if kind == "folder":
        path.mkdir()
    elif kind == "pipe":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "broken-link":
        path.symlink_to(path.parent / "khong-co.yaml")


WHY = {"folder": "this is a folder, not a file",
       "pipe": "this is not an ordinary file (it is a named pipe, a device or a socket)",
       "zero": "this is not an ordinary file (it is a named pipe, a device or a socket)",
       "broken-link": "which does not exist"}


@needs_fifo
@pytest.mark.parametrize("kind", ["folder", "pipe", "zero", "broken-link"])
def test_a_schedule_that_is_not_a_file_is_named_not_missing(example_ws, kind):
    _in_the_way(example_ws / "schedule.yaml", kind)
    watch = Watch(example_ws)
    for args in (["status"], ["check"], ["render", "plan"]):
        out = _clean(_cli(*args, "-w", example_ws))
        assert f"schedule.yaml: {WHY[kind]}" in out or (
            kind == "broken-link" and "schedule.yaml: this is a link to" in out), out
        assert "not a workspace" not in out
    watch.unchanged()


@needs_fifo
@pytest.mark.parametrize("kind", ["folder", "pipe", "zero"])
def test_a_workspace_outline_that_is_not_a_file_is_not_replaced_by_the_bundled_one(example_ws, kind):
    (example_ws / "outlines").mkdir()
    _in_the_way(example_ws / "outlines" / "bhxh-ttt-2022.yaml", kind)
    watch = Watch(example_ws)
    for args in (["check"], ["render", "outline"]):
        out = _clean(_cli(*args, "-w", example_ws))
        assert f"outlines/bhxh-ttt-2022.yaml: {WHY[kind]}" in out, out
    assert not list((example_ws / "output").iterdir())
    watch.unchanged()


@needs_fifo
@pytest.mark.parametrize("kind", ["folder", "pipe", "zero"])
def test_a_workspace_template_that_is_not_a_file_is_not_replaced_by_the_bundled_one(example_ws, kind):
    _in_the_way(example_ws / "templates" / "minutes.docx", kind)
    watch = Watch(example_ws)
    out = _clean(_cli("render", "minutes", "Yên Bái", "-w", example_ws))
    assert f"templates/minutes.docx: {WHY[kind]}" in out, out
    assert not list((example_ws / "output").iterdir())
    out = _clean(_cli("templates", "check", example_ws / "templates" / "minutes.docx",
                      "-w", example_ws), code=2 if kind == "folder" else 1)
    assert "minutes.docx" in out
    watch.unchanged()


@pytest.mark.parametrize("folder", ["findings", "evidence", "templates"])
def test_a_file_where_a_workspace_folder_belongs_is_named(run, example_ws, folder, tmp_path):
    shutil.rmtree(example_ws / folder, ignore_errors=True)
    (example_ws / folder).write_text("nhầm\n", encoding="utf-8")
    source = tmp_path / "bien-ban.txt"
    source.write_text("biên bản\n", encoding="utf-8")
    watch = Watch(example_ws)
    for args in (["check"], ["record", "Yên Bái", "I.1", "--rating", "1"],
                 ["attach", "Yên Bái", "I.1", source]):
        result = run(*args, "-w", example_ws)
        assert_clean_failure(result)
        assert (f"{folder}: this must be the workspace's {folder} folder, but it is a file"
                in result.output), result.output
    assert (example_ws / folder).read_text(encoding="utf-8") == "nhầm\n"
    watch.unchanged()


def test_a_file_where_the_output_folder_belongs_is_named(run, example_ws):
    (example_ws / "output").rmdir()
    (example_ws / "output").write_text("giữ lại\n", encoding="utf-8")
    watch = Watch(example_ws)
    for args in (["render", "minutes", "Yên Bái"], ["export"], ["schedule", "--format", "xlsx"]):
        result = run(*args, "-w", example_ws)
        assert_clean_failure(result)
        assert "output: this is a file, not a folder" in result.output, (args, result.output)
    assert (example_ws / "output").read_text(encoding="utf-8") == "giữ lại\n"
    watch.unchanged()


@pytest.mark.parametrize("kind", ["folder", "link-outside"])
def test_pack_refuses_what_would_not_reach_the_team_lead(run, example_ws, kind, tmp_path):
    assert run("record", "Yên Bái", "I.1", "--rating", "1", "-w", example_ws).exit_code == 0
    assert run("record", "Lào Cai", "I.1", "--rating", "1", "-w", example_ws).exit_code == 0
    if kind == "folder":
        path = example_ws / "findings" / "bhxh-tinh-lao-cai.yaml"
        path.unlink()
        path.mkdir()
        expected = "findings/bhxh-tinh-lao-cai.yaml: this is a folder, not a file"
    else:
        secret = tmp_path / "mat-khau.txt"
        secret.write_text("bí mật\n", encoding="utf-8")
        (example_ws / "evidence" / YB).mkdir(parents=True)
        (example_ws / "evidence" / YB / "x.txt").symlink_to(secret)
        expected = f"evidence/{YB}/x.txt: this is a link to a file outside the workspace"
    bundle = example_ws / "output" / "ban-ghi.zip"
    watch = Watch(example_ws)
    result = run("pack", "-o", bundle, "-w", example_ws)
    assert_clean_failure(result)
    assert expected in result.output and "nothing was packed" in result.output
    assert not bundle.exists()
    watch.unchanged()


# -- a findings lock that is a link ------------------------------------------------------------


@pytest.mark.parametrize("target", ["dangling", "existing"])
def test_a_lock_file_that_is_a_link_is_never_followed(run, example_ws, tmp_path, target):
    elsewhere = tmp_path / "ngoai" / "khoa.txt"
    elsewhere.parent.mkdir()
    if target == "existing":
        elsewhere.write_text("của người khác\n", encoding="utf-8")
    (example_ws / "findings" / ".locks").mkdir(parents=True)
    (example_ws / "findings" / ".locks" / f"{YB}.lock").symlink_to(elsewhere)
    result = run("record", "Yên Bái", "I.1", "--rating", "1", "-w", example_ws)
    assert_clean_failure(result)
    assert f"its lock file {YB}.lock is a link to {elsewhere}; delete the link" in result.output
    if target == "dangling":
        assert not elsewhere.exists()
    else:
        assert elsewhere.read_text(encoding="utf-8") == "của người khác\n"
    assert not (example_ws / "findings" / f"{YB}.yaml").exists()


# -- a member in a bundle that is not text ---------------------------------------------------


def test_a_binary_bundle_member_is_called_binary_not_a_tab(run, example_ws, tmp_path):
    member = tmp_path / "member"
    shutil.copytree(example_ws, member)
    assert run("record", "Yên Bái", "I.1", "--rating", "1", "-w", member).exit_code == 0
    good = tmp_path / "good.zip"
    assert run("pack", "-o", good, "-w", member).exit_code == 0
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith(".yaml"):  # valid UTF-8, but no text file holds these
                data = b"\t" + bytes(range(1, 9)) * 40 + b"\nunit: x\n"
            target.writestr(info, data)
    watch = Watch(example_ws)
    result = run("merge", bad, "-w", example_ws)
    assert_clean_failure(result)
    assert f"findings/{YB}.yaml: this is not a text file (it holds binary data)" in result.output
    assert "tab character" not in result.output
    watch.unchanged()


def test_one_control_character_in_a_findings_file_is_named_with_its_line(run, example_ws):
    assert run("record", "Yên Bái", "I.1", "--observation", "Có quy chế", "-w", example_ws).exit_code == 0
    path = example_ws / "findings" / f"{YB}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Có quy chế", "Có quy\x1b chế"), encoding="utf-8")
    line = text[: text.index("Có quy chế")].count("\n") + 1
    before = path.read_bytes()
    result = run("check", "-w", example_ws)
    assert_clean_failure(result)
    assert (f"findings/{YB}.yaml:{line}: the line holds the control character U+001B"
            in result.output), result.output
    assert path.read_bytes() == before


# -- init on a full disk -----------------------------------------------------------------------


@pytest.mark.parametrize("after", [0, 3, 8])  # of 9 files: the schedule and 8 findings
@pytest.mark.parametrize("folder_exists", [False, True])
def test_init_on_a_full_disk_leaves_nothing_and_can_be_run_again(run, tmp_path, monkeypatch,
                                                                 after, folder_exists):
    target = tmp_path / "moi" / "dot-kiem-tra"
    if folder_exists:
        target.mkdir(parents=True)
    real = shutil.copy2
    copied = []

    def fills_up(source, dest, *args, **kwargs):
        if len(copied) >= after:
            Path(dest).write_bytes(Path(source).read_bytes()[:10])  # half a file, then full
            raise OSError(errno.ENOSPC, "No space left on device")
        copied.append(dest)
        return real(source, dest, *args, **kwargs)
    monkeypatch.setattr(shutil, "copy2", fills_up)
    watch = Watch(tmp_path / "moi")
    result = run("init", target, "--sample-findings")
    assert_clean_failure(result)
    assert "cannot create the workspace: the disk is full; nothing was left behind" in result.output
    if folder_exists:
        assert target.is_dir() and not list(target.iterdir())
    else:
        assert not (tmp_path / "moi").exists()
    watch.unchanged(workspace=False)
    monkeypatch.setattr(shutil, "copy2", real)
    again = run("init", target)
    assert again.exit_code == 0, again.output
    assert run("check", "-w", target).exit_code == 0


# -- text that looks like a tag, names that hide their extension ---------------------------------


def _text(path: Path) -> str:
    document = Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("typed", ["{_{ 7*7 }_}", "{_% if true %_}x{_% endif %_}", "a_}b{_c",
                                   "{{ 7*7 }}", "{% raw %}"])
def test_text_that_looks_like_a_template_tag_prints_as_typed(run, example_ws, typed):
    note = f"Ghi chú: {typed} hết"
    assert run("record", "Yên Bái", "I.1", "--observation", note, "-w", example_ws).exit_code == 0
    result = run("render", "minutes", "Yên Bái", "-w", example_ws)
    assert result.exit_code == 0, result.output
    [minutes] = (example_ws / "output").glob("*.docx")
    assert note in _text(minutes)


@pytest.mark.parametrize("mark", ["\u202e", "\u2067", "\u200f"])
def test_a_file_name_that_reverses_its_letters_is_recorded_without_the_marks(run, example_ws,
                                                                             tmp_path, mark):
    source = tmp_path / f"bien-ban{mark}fdp.exe"
    source.write_bytes(b"MZ not a pdf")
    result = run("attach", "Yên Bái", "I.1", source, "-w", example_ws)
    assert result.exit_code == 0, result.output
    assert mark not in result.output
    assert "the file name holds invisible marks that change the order its letters are shown in" \
        in result.output
    assert "“bien-banfdp.exe”" in result.output
    text = (example_ws / "findings" / f"{YB}.yaml").read_text(encoding="utf-8")
    assert "original_name: bien-banfdp.exe" in text and mark not in text
    [copy] = (example_ws / "evidence" / YB).iterdir()
    assert copy.suffix == ".exe"


# -- links that lead out of the workspace are never written through ------------------------------


@pytest.mark.parametrize("folder", ["findings", "evidence", "output"])
def test_a_workspace_folder_that_links_elsewhere_is_never_written_through(run, example_ws,
                                                                         tmp_path, folder):
    elsewhere = tmp_path / "noi-khac"
    elsewhere.mkdir()
    shutil.rmtree(example_ws / folder)
    (example_ws / folder).symlink_to(elsewhere, target_is_directory=True)
    paper = tmp_path / "giay.txt"
    paper.write_text("giấy tờ\n", encoding="utf-8")
    watch = Watch(example_ws)
    command = {"findings": ["record", "Yên Bái", "I.1", "--rating", "1"],
               "evidence": ["attach", "Yên Bái", "I.1", paper],
               "output": ["render", "minutes", "Yên Bái"]}[folder]
    result = run(*command, "-w", example_ws)
    assert_clean_failure(result)
    assert f"{folder}: this is a link to {elsewhere}, outside the workspace; nothing is written " \
           "through it" in result.output, result.output
    assert not list(elsewhere.iterdir())
    watch.unchanged()


def test_a_merge_into_a_workspace_whose_evidence_links_elsewhere_changes_nothing(run, example_ws,
                                                                                 tmp_path):
    member = tmp_path / "member"
    assert run("init", member).exit_code == 0
    paper = tmp_path / "giay.txt"
    paper.write_text("giấy tờ\n", encoding="utf-8")
    assert run("record", "Lào Cai", "I.1", "--rating", "1", "-w", member).exit_code == 0
    assert run("attach", "Yên Bái", "I.1", paper, "-w", member).exit_code == 0
    bundle = tmp_path / "member.zip"
    assert run("pack", "-w", member, "-o", bundle).exit_code == 0
    elsewhere = tmp_path / "noi-khac"
    elsewhere.mkdir()
    (example_ws / "evidence").rmdir()
    (example_ws / "evidence").symlink_to(elsewhere, target_is_directory=True)
    watch = Watch(example_ws)
    result = run("merge", bundle, "-w", example_ws)
    assert_clean_failure(result)
    assert "evidence: this is a link to" in result.output
    assert not list(elsewhere.iterdir())
    assert not list((example_ws / "findings").glob("*.yaml"))  # Lào Cai was not merged alone
    watch.unchanged()


def test_a_cache_folder_that_links_elsewhere_is_not_used(run, example_ws, tmp_path):
    elsewhere = tmp_path / "noi-khac"
    elsewhere.mkdir()
    shutil.rmtree(example_ws / ".inspection-cache", ignore_errors=True)
    (example_ws / ".inspection-cache").symlink_to(elsewhere, target_is_directory=True)
    assert run("record", "Yên Bái", "I.1", "--rating", "1", "-w", example_ws).exit_code == 0
    assert run("status", "-w", example_ws).exit_code == 0
    assert not list(elsewhere.iterdir())


def test_a_findings_file_that_links_elsewhere_is_not_written_through(run, example_ws, tmp_path):
    assert run("record", "Yên Bái", "I.1", "--rating", "1", "-w", example_ws).exit_code == 0
    path = example_ws / "findings" / f"{YB}.yaml"
    elsewhere = tmp_path / "ban-sao.yaml"
    shutil.move(path, elsewhere)
    path.symlink_to(elsewhere)
    kept = elsewhere.read_bytes()
    result = run("record", "Yên Bái", "I.2", "--rating", "1", "-w", example_ws)
    assert_clean_failure(result)
    assert f"findings/{YB}.yaml: this is a link to {elsewhere}, outside the workspace" in result.output
    assert elsewhere.read_bytes() == kept and path.is_symlink()


# -- temporary files of other programs stay inside the workspace ---------------------------------


@pytest.mark.parametrize("command", [["export"], ["export", "--format", "xlsx", "--table", "findings"],
                                     ["schedule", "--format", "xlsx"], ["indicators", "form", "--all"]])
@pytest.mark.parametrize("fails", [False, True])
def test_spreadsheets_leave_no_temporary_files(run, example_ws, monkeypatch, command, fails):
    import tempfile

    from openpyxl.worksheet import _writer

    assert run("record", "Yên Bái", "I.1", "--rating", "1", "-w", example_ws).exit_code == 0
    made = []
    real = _writer.create_temporary_file

    def watched(*args, **kwargs):
        made.append(real(*args, **kwargs))
        return made[-1]
    monkeypatch.setattr(_writer, "create_temporary_file", watched)
    if fails:  # the disk fills up once the sheets are written
        from inspection.files import atomic

        def full(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")
        monkeypatch.setattr(atomic, "_replace", full)
    temp = set(os.listdir(tempfile.gettempdir()))
    result = run(*command, "-w", example_ws)
    assert result.exit_code == (1 if fails else 0), result.output
    assert "Traceback" not in result.output
    assert made, "openpyxl made no temporary file: the test proves nothing"
    assert all(Path(p).is_relative_to(example_ws / ".inspection-cache" / "tmp") for p in made)
    assert not [p for p in made if os.path.exists(p)]
    assert set(os.listdir(tempfile.gettempdir())) <= temp
    assert not list((example_ws / ".inspection-cache" / "tmp").iterdir())


def test_scratch_left_by_a_killed_command_is_cleared_by_the_next(run, example_ws):
    import time

    scratch = example_ws / ".inspection-cache" / "tmp"
    dead = scratch / "999999999-deadbeef"  # a process number no system gives
    (dead / "profile").mkdir(parents=True)
    (dead / "profile" / "registrymodifications.xcu").write_text("x", encoding="utf-8")
    old = scratch / "abc"
    old.mkdir()
    ancient = time.time() - 2 * 86400
    os.utime(old, (ancient, ancient))
    mine = scratch / f"{os.getpid()}-live"  # a command still running: left alone
    mine.mkdir()
    assert run("export", "-w", example_ws).exit_code == 0
    assert not dead.exists() and not old.exists() and mine.exists()


def test_scratch_folders_closed_in_any_order_never_leave_temporary_files_a_removed_folder(
        tmp_path):
    # The browser form's server converts PDFs and takes uploads in threads at once: Python's
    # temporary files must keep going to a folder that exists.
    import tempfile

    from inspection.files.scratch import scratch

    before = tempfile.tempdir
    first, second = scratch(tmp_path), scratch(tmp_path)
    one = first.__enter__()
    two = second.__enter__()
    first.__exit__(None, None, None)  # the older one closes first
    assert not one.exists() and tempfile.gettempdir() == str(two)
    with tempfile.NamedTemporaryFile() as spooled:
        assert Path(spooled.name).parent == two
    second.__exit__(None, None, None)
    assert tempfile.tempdir == before and not two.exists()
