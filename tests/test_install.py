"""A normal (non-editable) install into a fresh virtual environment finds its bundled files."""

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow  # a minute: builds a wheel and a virtual environment


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with the built wheel installed; returns its bin folder."""
    base = tmp_path_factory.mktemp("install")
    # Built from a copy: setuptools writes build/ and *.egg-info beside the sources.
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "output", ".*cache*"))
    dist = base / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist),
                    str(source)], check=True, cwd=base)
    wheel = next(dist.glob("inspection-*.whl"))
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
                   check=True, cwd=base)
    return bin_dir


def _run(bin_dir: Path, cwd: Path, *args: str, **more_env: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "INSPECTION_WORKSPACE")}
    env.update(more_env)
    return subprocess.run([str(bin_dir / "inspection"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8")


def test_the_installed_command_finds_its_bundled_outlines(installed, tmp_path):
    result = _run(installed, tmp_path, "outlines")
    assert result.returncode == 0, result.stderr
    assert "bhxh-ttt-2022    bundled" in result.stdout
    assert "bhxh-ttt-mau-02  bundled" in result.stdout
    where = subprocess.run([str(installed / "python"), "-c", "import inspection; print(inspection.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True).stdout
    assert str(ROOT) not in where  # the installed copy, not this checkout


def test_the_installed_command_creates_and_checks_a_workspace(installed, tmp_path):
    assert _run(installed, tmp_path, "init", "ws").returncode == 0
    result = _run(installed, tmp_path, "check", "-w", "ws")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _run(installed, tmp_path, "outline", "show", "bhxh-ttt-mau-02").returncode == 0
    version = _run(installed, tmp_path, "--version")
    assert version.stdout.startswith("inspection, version ")


def test_the_installed_command_speaks_vietnamese_from_its_compiled_catalog(installed, tmp_path):
    # The wheel carries the .mo the build compiled; the installed command does not need Babel.
    no_babel = subprocess.run([str(installed / "python"), "-c", "import babel"], cwd=tmp_path,
                              capture_output=True, text=True)
    assert no_babel.returncode != 0
    catalog = subprocess.run(
        [str(installed / "python"), "-c",
         "import inspection.i18n as i; print((i.LOCALES / 'vi/LC_MESSAGES/inspection.mo').is_file())"],
        cwd=tmp_path, capture_output=True, text=True)
    assert catalog.stdout.strip() == "True"
    vietnamese = _run(installed, tmp_path, "--version", INSPECTION_LANG="vi")
    assert vietnamese.stdout.startswith("inspection, phiên bản ")
    helps = {lang: _run(installed, tmp_path, "--help", INSPECTION_LANG=lang).stdout
             for lang in ("vi", "en")}
    assert "Show the version and exit." in helps["en"]
    assert "Show the version" not in helps["vi"] and "phiên bản" in helps["vi"]
    missing = _run(installed, tmp_path, "check", "-w", "khong-co", INSPECTION_LANG="vi")
    assert missing.returncode != 0 and "Traceback" not in missing.stderr


def test_the_installed_package_carries_the_browser_forms_pages_and_serves_them(installed, tmp_path):
    import socket
    import time
    import urllib.request

    assert _run(installed, tmp_path, "init", "ws").returncode == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "INSPECTION_WORKSPACE")}
    server = subprocess.Popen([str(installed / "inspection"), "serve", "-w", "ws", "--no-browser",
                               "--port", str(port)], cwd=tmp_path, env={**env, "INSPECTION_LANG": "vi"},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/app.js") as script:
                    assert b"localStorage" in script.read()
                break
            except OSError:
                time.sleep(0.1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as page:
            html = page.read().decode("utf-8")
        assert "BHXH tỉnh Yên Bái" in html and "Trạng thái" in html  # the Vietnamese catalog
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_every_module_of_the_source_is_installed(installed):
    """A package folder left out of setup.cfg's list installs without its modules (the follow-up
    register once did): every .py file of inspection/ must be in the installed copy."""
    site = subprocess.run([str(installed / "python"), "-c",
                           "import inspection, os; print(os.path.dirname(inspection.__file__))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    source = {p.relative_to(ROOT / "inspection").as_posix()
              for p in (ROOT / "inspection").rglob("*.py") if "__pycache__" not in p.parts}
    installed_files = {p.relative_to(site).as_posix() for p in Path(site).rglob("*.py")}
    assert source - installed_files == set()
