"""A findings file that is cut short, holds another unit's answers, or is not a file at all is
refused with a message, never written over, and can be recovered."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import assert_clean_failure

YB = "bhxh-tinh-yen-bai"


@pytest.fixture
def recorded(run, example_ws):
    """The example with a few answers recorded for Yên Bái and Lào Cai."""
    for item, text in (("I.1", "Đã ký quy chế"), ("I.2", "Có kế hoạch"), ("I.3", "Đủ hồ sơ")):
        assert run("record", "Yên Bái", item, "--rating", "2", "--observation", text,
                   "-w", example_ws).exit_code == 0
    assert run("record", "Lào Cai", "I.1", "--rating", "1", "-w", example_ws).exit_code == 0
    return example_ws


def _bytes(ws) -> dict[str, bytes]:
    return {p.relative_to(ws).as_posix(): p.read_bytes()
            for p in (ws / "findings").iterdir() if p.is_file()}


def test_a_file_cut_short_is_refused_and_never_written_over(run, recorded):
    path = recorded / "findings" / f"{YB}.yaml"
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])  # a copy or a sync stopped half-way
    before = _bytes(recorded)
    for args in (["record", "Yên Bái", "I.4", "--rating", "1"], ["show", "Yên Bái"],
                 ["render", "minutes", "Yên Bái"], ["indicators", "set", "Yên Bái", "1", "2021", "5"]):
        result = run(*args, "-w", recorded)
        assert_clean_failure(result)
        assert (f"findings/{YB}.yaml: the file is incomplete: it does not end with the line "
                "\"# hết\"") in result.output, args
        assert f"inspection recover {YB}" in result.output
    assert _bytes(recorded) == before
    status = run("status", "-w", recorded)
    assert "file error" in status.output and "the file is incomplete" in status.output
    check = run("check", "-w", recorded)
    assert check.exit_code == 1 and "the file is incomplete" in check.output


@pytest.mark.vietnamese
def test_recover_puts_back_the_last_version_read_whole(run, recorded):
    path = recorded / "findings" / f"{YB}.yaml"
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 3])
    result = run("recover", "Yên Bái", "-w", recorded)
    assert result.exit_code == 0, result.output
    assert f"Đã khôi phục findings/{YB}.yaml cho BHXH tỉnh Yên Bái: 3 câu trả lời" in result.output
    assert path.read_bytes() == whole
    kept = [p for p in (recorded / "findings").iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == whole[: len(whole) // 3]
    assert run("check", "-w", recorded).exit_code == 0  # the damaged copy is not taken for a unit
    again = run("recover", "Yên Bái", "-w", recorded, env={"INSPECTION_LANG": "en"})
    assert_clean_failure(again)
    assert "the file reads whole; there is nothing to recover" in again.output


def test_recover_brings_back_a_deleted_file_and_says_when_it_cannot(run, recorded):
    path = recorded / "findings" / f"{YB}.yaml"
    whole = path.read_bytes()
    path.unlink()
    assert run("recover", "Yên Bái", "-w", recorded).exit_code == 0
    assert path.read_bytes() == whole
    path.write_bytes(whole[:100])
    shutil.rmtree(recorded / ".inspection-cache")
    result = run("recover", "Yên Bái", "-w", recorded)
    assert_clean_failure(result)
    assert "no earlier version of this file was kept" in result.output
    assert path.read_bytes() == whole[:100]


def test_a_file_holding_another_units_answers_is_refused(run, recorded):
    lao_cai = recorded / "findings" / "bhxh-tinh-lao-cai.yaml"
    shutil.copyfile(recorded / "findings" / f"{YB}.yaml", lao_cai)  # copied over by mistake
    before = _bytes(recorded)
    result = run("record", "Lào Cai", "I.2", "--rating", "1", "-w", recorded)
    assert_clean_failure(result)
    assert ("findings/bhxh-tinh-lao-cai.yaml:5: unit: this file holds the findings of "
            f"{YB}, but its name says bhxh-tinh-lao-cai") in result.output
    assert _bytes(recorded) == before


@pytest.mark.parametrize("kind", ["folder", "pipe"])
def test_a_findings_path_that_is_not_a_file_is_refused_without_waiting(recorded, kind):
    path = recorded / "findings" / "bhxh-tinh-phu-tho.yaml"
    if kind == "folder":
        path.mkdir()
    else:
        if not hasattr(os, "mkfifo"):
            pytest.skip("named pipes are POSIX")
        os.mkfifo(path)
    expected = "this is a folder, not a file" if kind == "folder" else "this is not an ordinary file"
    for args in (["status"], ["check"], ["record", "Phú Thọ", "I.1", "--rating", "1"]):
        done = subprocess.run([sys.executable, "-m", "inspection", *args, "-w", str(recorded)],
                              capture_output=True, text=True, timeout=60)
        assert "Traceback" not in done.stderr, done.stderr
        assert expected in done.stdout + done.stderr, (args, done.stdout, done.stderr)
        assert done.returncode == (0 if args == ["status"] else 1), args
    assert path.is_dir() if kind == "folder" else path.is_fifo()
