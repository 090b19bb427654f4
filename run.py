#!/usr/bin/env python3
"""Set everything up and run the example or the tests, with nothing but Python 3 installed.

    python3 run.py example     # documents of the bundled example campaign appear in output/
    python3 run.py test        # the test suite

(On Windows, type `py run.py example`.) The first run creates a virtual environment in
`.venv` and installs the toolkit into it; later runs reuse it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
EXAMPLE = ROOT / "examples" / "bhxh-ttt-2022"
OUTPUT = ROOT / "output"


def _python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _run(*args: object, env: dict | None = None) -> None:
    print("$", " ".join(str(a) for a in args), flush=True)
    code = subprocess.call([str(a) for a in args], cwd=ROOT, env=env)
    if code:
        sys.exit(code)


def setup(extras: str = "") -> Path:
    """Create .venv if needed and install the toolkit (and `extras`) into it."""
    if sys.version_info < (3, 10):
        sys.exit(f"Cần Python 3.10 trở lên; máy này có {sys.version.split()[0]}. "
                 f"(Python 3.10 or newer is needed.)")
    if not _python().exists():
        print(f"Đang tạo môi trường ảo {VENV} … (creating the virtual environment)", flush=True)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except (OSError, subprocess.CalledProcessError) as exc:
            sys.exit(f"Không tạo được {VENV}: {exc}. Trên Debian hoặc Ubuntu, hãy cài gói "
                     "python3-venv trước (sudo apt install python3-venv). (Cannot create the "
                     "virtual environment.)")
    _run(_python(), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    # setuptools builds into build/ and never empties it: a module moved or deleted since the
    # last install would still be installed from there.
    shutil.rmtree(ROOT / "build", ignore_errors=True)
    _run(_python(), "-m", "pip", "install", "--quiet", f".{extras}")
    return _python()


def example() -> None:
    """Check the bundled example campaign and write its documents into output/.

    The example's findings (examples/bhxh-ttt-2022/findings/) are SAMPLE DATA, invented to
    show the documents; they are not the results of a real inspection.
    """
    setup()
    # The installed command, as a user types it: `python -m inspection` from this folder would
    # import the source checkout instead, whose message catalog is compiled only at install.
    inspection = [VENV / ("Scripts/inspection.exe" if os.name == "nt" else "bin/inspection")]
    _run(*inspection, "check", "-w", EXAMPLE)
    _run(*inspection, "schedule", "-w", EXAMPLE)
    for fmt in ("xlsx", "ics"):
        _run(*inspection, "schedule", "-w", EXAMPLE, "--format", fmt,
             "-o", OUTPUT / f"lich-kiem-tra.{fmt}")
    print("\nCác văn bản dưới đây được tạo từ kết quả kiểm tra MẪU (dữ liệu mẫu), không phải "
          "của một cuộc kiểm tra thật. (Made from SAMPLE findings.)", flush=True)
    pdf = ["--pdf"] if shutil.which("soffice") or shutil.which("libreoffice") else []
    _run(*inspection, "render", "all", "-w", EXAMPLE, "-o", OUTPUT, *pdf)
    _run(*inspection, "export", "-w", EXAMPLE, "-o", OUTPUT / "ket-qua-kiem-tra.xlsx")
    if not pdf:
        print("(Máy chưa cài LibreOffice: chỉ có văn bản .docx, không có PDF. "
              "LibreOffice is not installed.)")
    print(f"\nXong: các văn bản ở trong {OUTPUT} (done: the documents are there)")


def test() -> None:
    """Run the whole test suite (`python3 run.py test -m "not slow"` leaves out the two slow ones)."""
    python = setup("[test]")
    # No __pycache__ folders in the checkout: the tests leave the repository as they found it.
    _run(python, "-m", "pytest", *sys.argv[2:], env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})


def bench() -> None:
    """Run the benchmark (bench/benchmark.py); its figures go to bench/results.md."""
    python = setup("[test]")
    _run(python, ROOT / "bench" / "benchmark.py", *sys.argv[2:])


if __name__ == "__main__":
    commands = {"example": example, "test": test, "bench": bench}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]]()
