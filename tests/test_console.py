"""Output never fails on the console's encoding; input that is not in it is refused."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata

import pytest


def _inspection(ws, *args, encoding: str | None = None, stdin: bytes | None = None):
    env = {k: v for k, v in os.environ.items() if k != "INSPECTION_WORKSPACE"}
    if encoding:
        env["PYTHONIOENCODING"] = encoding
    return subprocess.run([sys.executable, "-m", "inspection", *args, "-w", str(ws)],
                          input=stdin, capture_output=True, env=env, timeout=120)


@pytest.mark.vietnamese
def test_a_vietnamese_windows_console_gets_every_letter(example_ws):
    done = _inspection(example_ws, "record", "Yên Bái", "I.1", "--rating", "2",
                       "--observation", "Đã kiểm tra hồ sơ", encoding="cp1258")
    assert done.returncode == 0, done.stderr
    said = unicodedata.normalize("NFC", done.stdout.decode("cp1258"))
    assert "Đã lưu I.1 (Tại trụ sở đơn vị) cho BHXH tỉnh Yên Bái: đánh giá Khá" in said
    status = _inspection(example_ws, "status", encoding="cp1258")
    assert status.returncode == 0 and b"Traceback" not in status.stderr
    assert "đang ghi" in unicodedata.normalize("NFC", status.stdout.decode("cp1258"))


@pytest.mark.vietnamese
@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_a_console_without_vietnamese_letters_gets_question_marks_and_is_told(example_ws, encoding):
    done = _inspection(example_ws, "status", encoding=encoding)
    assert done.returncode == 0 and b"Traceback" not in done.stderr
    assert "ch?a b?t ??u" in done.stdout.decode(encoding)  # "chưa bắt đầu", as well as it can
    assert b"Luu y: bang ma cua cua so lenh" in done.stderr


def test_an_argument_not_in_the_systems_encoding_is_refused(example_ws):
    if sys.platform == "win32":
        pytest.skip("Windows gives arguments as text, never as undecodable bytes")
    done = subprocess.run([sys.executable.encode(), b"-m", b"inspection", b"record", b"Yen Bai",
                           b"I.1", b"--observation", b"caf\xe9", b"-w", str(example_ws).encode()],
                          capture_output=True, timeout=120)
    assert done.returncode == 2 and b"Traceback" not in done.stderr
    assert b"--observation: the text holds bytes that are not in the system's encoding" in done.stderr
    assert not (example_ws / "findings" / "bhxh-tinh-yen-bai.yaml").exists()


@pytest.mark.vietnamese
def test_interactive_input_not_in_the_terminals_encoding_is_asked_again(example_ws):
    # rating 1, then an observation typed in Latin-1, then the same in UTF-8, then quit
    typed = b"1\ncaf\xe9\n" + "cà phê\n\nq\n".encode("utf-8")
    done = _inspection(example_ws, "record", "Yên Bái", "I.1", stdin=typed, encoding="utf-8")
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    assert "ký tự không đọc được" in done.stdout.decode("utf-8")
    saved = (example_ws / "findings" / "bhxh-tinh-yen-bai.yaml").read_text(encoding="utf-8")
    assert "cà phê" in saved and "caf\ufffd" not in saved and "\nobservations:\n  - caf\n" not in saved
