"""What `-o` names is written as the user means it: standard output, a file through its link,
a device or a pipe written into and never replaced."""

from __future__ import annotations

import csv
import io
import os
import threading

import pytest

from conftest import assert_clean_failure


def test_a_dash_is_standard_output_and_the_summary_goes_to_standard_error(run, example_ws):
    result = run("schedule", "-w", example_ws, "--format", "csv", "-o", "-")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[0][:2] == ["STT", "Đơn vị"] and len(rows) == 17
    assert "Wrote to standard output (8 visits, 16 days)." in result.stderr
    assert not (example_ws / "-").exists()
    table = run("export", "-w", example_ws, "--format", "json", "--table", "recommendations", "-o", "-")
    assert table.exit_code == 0 and table.stdout.startswith("[")


def test_three_csv_tables_do_not_go_to_one_standard_output(run, example_ws):
    result = run("export", "-w", example_ws, "--format", "csv", "-o", "-")
    assert_clean_failure(result)
    assert ("standard output can take one of them. Add --table "
            "{findings|recommendations|indicators} to name the one to write.") in result.output


def test_a_link_is_written_through_and_stays_a_link(run, example_ws, tmp_path):
    link = tmp_path / "lich.xlsx"
    real = tmp_path / "that" / "lich-that.xlsx"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link.symlink_to(real)
    assert run("schedule", "-w", example_ws, "--format", "xlsx", "-o", link).exit_code == 0
    assert link.is_symlink() and real.read_bytes()[:2] == b"PK"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_is_written_into_and_stays_a_pipe(run, example_ws, tmp_path):
    pipe = tmp_path / "lich.ics"
    os.mkfifo(pipe)
    got = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()))
    reader.start()
    result = run("schedule", "-w", example_ws, "--format", "ics", "-o", pipe)
    reader.join(30)
    assert result.exit_code == 0, result.output
    assert got and got[0].startswith(b"BEGIN:VCALENDAR") and pipe.is_fifo()


def test_a_device_is_written_into_never_replaced(run, example_ws):
    before = os.stat(os.devnull)
    for args in (["schedule", "--format", "xlsx"], ["export"], ["pack"],
                 ["indicators", "form", "Yên Bái"]):
        result = run(*args, "-w", example_ws, "-o", os.devnull)
        assert result.exit_code == 0, (args, result.output)
    after = os.stat(os.devnull)
    assert (after.st_mode, after.st_rdev, after.st_ino) == (before.st_mode, before.st_rdev, before.st_ino)


@pytest.mark.parametrize("args", [("render", "plan", "-o", "-"), ("templates", "export", "-"),
                                  ("render", "all", "--output=-")])
def test_a_dash_for_a_folder_is_refused_not_made_into_a_folder(run, example_ws, args, tmp_path,
                                                               monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(*args, "-w", example_ws) if args[0] == "render" else run(*args)
    assert result.exit_code == 2
    assert "'-' means standard output, which takes one file, not a folder" in result.output
    assert not (tmp_path / "-").exists() and not (example_ws / "-").exists()
