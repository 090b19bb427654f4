"""Shared helpers: workspaces written inline, the command line run in-process.

Tests write only into temporary folders: the bundled example is used through a copy made for
the session, the home folder is a temporary one, hypothesis keeps no database, and a check at
the end of the session fails the run if anything in the repository was created or changed.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from textwrap import dedent

import pytest
from click.testing import CliRunner
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_SOURCE = ROOT / "examples" / "bhxh-ttt-2022"  # read only: never a workspace of a test

_SESSION = Path(tempfile.mkdtemp(prefix="inspection-tests-"))
atexit.register(shutil.rmtree, _SESSION, ignore_errors=True)
EXAMPLE = _SESSION / "example" / "bhxh-ttt-2022"  # the example, copied: commands may cache in it
shutil.copytree(EXAMPLE_SOURCE, EXAMPLE, ignore=shutil.ignore_patterns(".*", "output"))
# Whatever a test or a program it starts writes into the home folder lands here instead.
for _var in ("HOME", "USERPROFILE"):
    os.environ[_var] = str(_SESSION / "home")
os.environ.pop("XDG_CONFIG_HOME", None)
os.environ.pop("XDG_CACHE_HOME", None)
(_SESSION / "home").mkdir()
# No .hypothesis/ folder in the checkout: no example database, its other files in the session's.
set_hypothesis_home_dir(str(_SESSION / "hypothesis"))
settings.register_profile("inspection", database=None)
settings.load_profile("inspection")

from inspection import i18n  # noqa: E402
from inspection.cli import cli  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "vietnamese: runs with the messages in Vietnamese, the users' default (the "
        "other tests' assertions are written against the English messages)")


@pytest.fixture(autouse=True)
def _language(request, monkeypatch):
    """English messages, or Vietnamese for the tests marked `vietnamese`: in-process and in the
    programs a test starts (they read $INSPECTION_LANG)."""
    language = "vi" if request.node.get_closest_marker("vietnamese") else "en"
    for name in i18n.LOCALE_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(i18n.ENV_VAR, language)
    i18n.use(language)
    yield language
    i18n.use("en")


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    """Every file below `root` with its size and change time, but the virtual environment's
    and git's."""
    found = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not (folder == str(root) and d in (".venv", ".git"))]
        for name in files:
            path = os.path.join(folder, name)
            try:
                info = os.lstat(path)
            except OSError:
                continue
            found[os.path.relpath(path, root)] = (info.st_size, info.st_mtime_ns)
    return found


def pytest_sessionstart(session):
    session.config._repository_files = _tree(ROOT)


def pytest_sessionfinish(session, exitstatus):
    before = getattr(session.config, "_repository_files", None)
    if before is None:
        return
    after = _tree(ROOT)
    touched = sorted(path for path in after if before.get(path) != after[path])
    touched += sorted(f"{path} (deleted)" for path in before if path not in after)
    if touched:
        print("\nThe tests wrote into the repository; they must write into temporary folders:")
        for path in touched[:30]:
            print(f"  {path}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def build_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` ({relative path: text}) under `root`; text is dedented."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(dedent(content).lstrip("\n"), encoding="utf-8")
    return root


# A small campaign at commune level with its own outline and checklist: nothing in it is a
# province, a provincial office, 8 units, 5 members or the 2022 outline.
COMMUNE_OUTLINE = """
    id: tuyen-truyen-xa
    title: Đề cương báo cáo kết quả tuyên truyền phát triển đối tượng tham gia BHXH
    subject: Kết quả tuyên truyền thực hiện Kế hoạch số 149/KH-UBND
    sections:
      - id: I
        title: Kết quả tuyên truyền
        items:
          - id: I.1
            title: Tuyên truyền trên hệ thống truyền thanh cơ sở
            bullets:
              - Số lượt phát thanh, thời lượng
            indicators: ["1"]
          - id: I.2
            title: Tuyên truyền trực quan
            bullets: [Bảng tin, pa nô tại nơi công cộng]
      - id: II
        title: Đề xuất, kiến nghị
    appendix:
      title: SỐ LIỆU TUYÊN TRUYỀN
      periods:
        - {id: thang, label: Tháng báo cáo}
      rows:
        - {id: "1", label: Số lượt phát thanh, kind: count, unit: lượt}
        - id: "2"
          label: Hội nghị
          rows:
            - {id: "2.1", label: Số hội nghị, kind: count}
            - {id: "2.2", label: Tỷ lệ % thôn có hội nghị, kind: percentage}
"""
COMMUNE_CHECKLIST = """
    id: tuyen-truyen-xa
    title: Danh mục kiểm tra tuyên truyền cấp xã
    outline: tuyen-truyen-xa
    items:
      - {id: I.1, outline: I.1, indicators: ["1"], checks: [Nghe lại bản tin phát thanh]}
      - {id: I.2, outline: I.2, level: both}
      - {id: TT.1, group: Khảo sát thực tế, title: Bảng tin tại nhà văn hóa thôn, level: both}
"""
COMMUNE_SCHEDULE = """
    id: kt-tuyen-truyen-2026
    title: Kiểm tra việc tuyên truyền Kế hoạch số 149/KH-UBND
    agency:
      parent: Ủy ban nhân dân thành phố Hải Phòng
      name: Sở Văn hóa, Thể thao và Du lịch
    place: Hải Phòng
    number_pattern: "{number}/KH-SVHTTDL"
    outline: tuyen-truyen-xa
    checklist: tuyen-truyen-xa
    period: {from: 2026-05-01}
    window: {from: 2026-06-01, to: 2026-07-31}
    signer: {authority: KT. GIÁM ĐỐC, title: PHÓ GIÁM ĐỐC, name: Đỗ Thanh Bình}
    teams:
      - id: to-1
        members:
          - {name: Ngô Văn Tài, role: Trưởng đoàn}
          - {name: Lý Thị Hoa, role: Thư ký}
      - id: to-2
        members:
          - {name: Đặng Minh Châu, role: truong doan}
    visits:
      - unit: {name: Phường Hồng Bàng}
        team: to-1
        days:
          - date: 2026-06-09
            sites: [Tổ dân phố số 3]
      - unit: {name: Đặc khu Cát Hải}
        team: to-2
        days: [2026-06-09, 2026-06-10]
      - unit: {name: Báo Hải Phòng}
        team: to-1
        days: [10/06/2026]
    legal_bases: [Căn cứ Kế hoạch số 149/KH-UBND của Ủy ban nhân dân thành phố;]
    purposes: [Đánh giá việc tuyên truyền tại cơ sở.]
    content: [Việc triển khai Kế hoạch số 149/KH-UBND.]
    methods: [Nghe báo cáo, đối chiếu hồ sơ.]
    responsibilities: [{who: Phòng Quản lý văn hóa, tasks: [Chủ trì thực hiện Kế hoạch.]}]
"""


def commune_files() -> dict[str, str]:
    return {"schedule.yaml": COMMUNE_SCHEDULE,
            "outlines/tuyen-truyen-xa.yaml": COMMUNE_OUTLINE,
            "checklists/tuyen-truyen-xa.yaml": COMMUNE_CHECKLIST}


@pytest.fixture
def commune_ws(tmp_path: Path) -> Path:
    """A valid commune-level workspace written inline."""
    return build_tree(tmp_path / "ws", commune_files())


@pytest.fixture
def example_ws(tmp_path: Path) -> Path:
    """A copy of the bundled example campaign without its sample findings (nor the drafts
    composed from them), safe to change."""
    target = tmp_path / "example"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("findings", "drafts"))
    return target


@pytest.fixture
def ws(example_ws: Path) -> Path:
    """The example campaign with nothing recorded yet (the same as `example_ws`)."""
    return example_ws


@pytest.fixture
def issued(tmp_path: Path, run) -> Path:
    """The example campaign with the sample findings and the conclusions of Yên Bái and Lào
    Cai issued on 14/10/2022: their recommendations in the follow-up register."""
    target = tmp_path / "campaign"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".*", "output"))
    result = run("issue", "conclusion", "Yên Bái", "Lào Cai", "--date", "14/10/2022", "--no-pdf",
                 "-w", target)
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture
def run(monkeypatch):
    """Run the command line in-process: run("check", "-w", path) -> click Result."""
    monkeypatch.delenv("INSPECTION_WORKSPACE", raising=False)

    def invoke(*args, input=None, env=None):
        runner = CliRunner()
        return runner.invoke(cli, [str(a) for a in args], input=input, env=env,
                             catch_exceptions=True)
    return invoke


def assert_clean_failure(result, code: int = 1) -> None:
    """A failure a user may see: the expected exit code and no traceback."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def _state(root: Path) -> dict[str, bytes | str]:
    """Every entry below `root` (output/ and the cache aside): file bytes, or its kind."""
    found: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if {"output", ".inspection-cache", ".locks"} & set(parts) or path.suffix == ".lock":
            continue
        if path.is_symlink():
            found[path.relative_to(root).as_posix()] = f"link to {os.readlink(path)}"
        elif path.is_file():
            found[path.relative_to(root).as_posix()] = path.read_bytes()
        else:
            found[path.relative_to(root).as_posix()] = "folder" if path.is_dir() else "other"
    return found


class Watch:
    """The workspace byte for byte, the temporary folder and the folder beside the workspace,
    as they were; `unchanged()` says whether they still are."""

    def __init__(self, ws: Path):
        self.ws = ws
        self.beside = ws.parent
        self.before = self._now()

    def _now(self):
        return (_state(self.ws), sorted(os.listdir(tempfile.gettempdir())),
                sorted(p.name for p in self.beside.iterdir() if p != self.ws))

    def unchanged(self, *, workspace: bool = True) -> None:
        state, temp, beside = self._now()
        if workspace:
            assert state == self.before[0], "the workspace was changed"
        assert set(temp) <= set(self.before[1]), f"new in the temporary folder: {set(temp) - set(self.before[1])}"
        assert beside == self.before[2], "new beside the workspace"
