"""Bad input everywhere a user feeds the tool: each gets a clear message naming the file, the
place and the problem, a non-zero exit code, no traceback — and the data already in the
workspace is left exactly as it was.

Each case changes one file (or gives one bad value), runs one command, and checks the message,
the exit code and that every file of the workspace (but the output folder) is unchanged.
"""

from __future__ import annotations

import errno
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from conftest import Watch, build_tree, commune_files

RECORDED = "findings/phuong-hong-bang.yaml"


@dataclass
class Case:
    id: str
    args: list[str]
    messages: list[str]
    files: dict[str, str | bytes | Callable[[str], str]] = field(default_factory=dict)
    code: int = 1
    ok: bool = False  # the input is odd but acceptable: the command succeeds


def replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)
    return change


S, O, C = "schedule.yaml", "outlines/tuyen-truyen-xa.yaml", "checklists/tuyen-truyen-xa.yaml"
CHECK = ["check"]
XML_AND_CONTROLS = "A & B <c> \"d\" 'e' > f\x00\x01\x07\x0b\x0c\x1b\x7f"

CASES = [
    # -- the schedule ----------------------------------------------------------------------
    Case("yaml-syntax", CHECK, ["schedule.yaml:12: YAML syntax: did not find expected ',' or '}'"],
         {S: replace("signer: {authority: KT. GIÁM ĐỐC,", "signer: {authority: KT. GIÁM ĐỐC")}),
    Case("tab-indent", CHECK, ["schedule.yaml:4: a tab character is used for indentation; YAML needs spaces"],
         {S: replace("  parent:", "\tparent:")}),
    Case("bom", CHECK, ["schedule.yaml:1: warning: the file starts with a byte-order mark (Notepad adds one); it was ignored"],
         {S: lambda t: "\ufeff" + t}, code=0, ok=True),
    Case("crlf", CHECK, ["No problems"], {S: lambda t: t.replace("\n", "\r\n")}, code=0, ok=True),
    Case("empty-file", CHECK, ["schedule.yaml: the file is empty"], {S: ""}),
    Case("only-comments", CHECK, ["schedule.yaml: the file is empty"], {S: "# nothing yet\n"}),
    Case("binary-garbage", CHECK, ["schedule.yaml: this is not a text file (it holds binary data)"],
         {S: bytes(range(256)) * 4}),
    Case("not-utf8", CHECK, ["schedule.yaml:2: this is not UTF-8 text (byte 0xEA); save the file as UTF-8 "
                             "(in Notepad: Save as, Encoding UTF-8)"], {S: lambda t: t}),
    Case("utf-16", CHECK, ['schedule.yaml: the file is saved as UTF-16 ("Unicode" in Notepad); save it as UTF-8'],
         {S: "id: x\n".encode("utf-16")}),
    Case("fifty-megabytes", CHECK, ["schedule.yaml: the file is 47.7 MB; a YAML file here must be under 32 MB"],
         {S: lambda t: t + "# " + "x" * 50_000_000 + "\n"}),
    Case("top-level-list", CHECK, ["schedule.yaml:1: this file must be a block of `key: value` lines, not a list"],
         {S: "- id: x\n- title: y\n"}),
    Case("wrong-type-teams", CHECK, ["schedule.yaml:14: teams[0]: this must be a block of `key: value` lines, not the text 'tổ một'"],
         {S: replace("teams:\n  - id: to-1\n    members:\n      - {name: Ngô Văn Tài, role: Trưởng đoàn}\n      - {name: Lý Thị Hoa, role: Thư ký}\n",
                     "teams:\n  - tổ một\n")}),
    Case("wrong-type-title", CHECK, ["schedule.yaml:2: title: this must be text, not a list"],
         {S: replace("title: Kiểm tra việc tuyên truyền Kế hoạch số 149/KH-UBND", "title: [a, b]")}),
    Case("unknown-key", CHECK, ["schedule.yaml:6: plase: unknown key 'plase' (did you mean 'place'?)"],
         {S: replace("place:", "plase:")}),
    Case("duplicate-yaml-key", CHECK, ["schedule.yaml:7: place: the key 'place' appears twice in the same block (first on line 6)"],
         {S: replace("number_pattern:", "place: Hà Nội\nnumber_pattern:")}),
    Case("duplicate-team-id", CHECK, ["schedule.yaml:18: teams[1].id: the team id to-1 is used twice (first on line 14)"],
         {S: replace("  - id: to-2", "  - id: to-1")}),
    Case("dangling-team", CHECK, ["schedule.yaml:28: visits[1].team: there is no team to-3; the teams are: to-1, to-2"],
         {S: replace("team: to-2", "team: to-3")}),
    Case("dangling-outline", CHECK, ["schedule.yaml:8: outline: there is no outline named 'de-cuong-cu'; available: bhxh-ttt-2022, bhxh-ttt-mau-02, tuyen-truyen-xa"],
         {S: replace("outline: tuyen-truyen-xa", "outline: de-cuong-cu")}),
    Case("impossible-date", CHECK, ["schedule.yaml:25: visits[0].days[0].date: 2026-02-30 is not a date: month 2/2026 has 28 days"],
         {S: replace("date: 2026-06-09", "date: 2026-02-30")}),
    Case("month-13", CHECK, ["schedule.yaml:32: visits[2].days[0]: 10/13/2026 is not a date: there is no month 13"],
         {S: replace("[10/06/2026]", "[10/13/2026]")}),
    Case("date-in-words", CHECK, ["schedule.yaml:32: visits[2].days[0]: mồng mười tháng sáu is not a date; write it as 2022-07-12 or 12/07/2022"],
         {S: replace("[10/06/2026]", "[mồng mười tháng sáu]")}),
    Case("overlapping-visits", CHECK, ["schedule.yaml:32: visits[2].days[0]: team to-1 is already at Phường Hồng Bàng on 09/06/2026 (visits[0])"],
         {S: replace("[10/06/2026]", "[09/06/2026]")}),
    Case("double-booked-person", CHECK, ["schedule.yaml:21: teams[1].members[1].name: Lý Thị Hoa is in teams to-1 and to-2, which are in different places on 09/06/2026, 10/06/2026"],
         {S: replace("{name: Đặng Minh Châu, role: truong doan}", "{name: Đặng Minh Châu, role: truong doan}\n      - {name: Lý Thị Hoa}")}),
    Case("same-unit-tone-marks", CHECK, ["schedule.yaml:30: visits[2].unit.name: 'phường Hồng Bàng' is the same unit as 'Phường Hồng Bàng': the names differ only in case, Unicode form or tone-mark placement (visits[0], line 22)"],
         {S: replace("{name: Báo Hải Phòng}", "{name: " + unicodedata.normalize("NFD", "phường Hồng Bàng") + "}")}),
    Case("same-unit-old-spelling", CHECK, ["schedule.yaml:30: visits[2].unit.name: 'Xã Thuỷ Hoà' is the same unit as 'Xã Thủy Hòa'"],
         {S: lambda t: t.replace("{name: Phường Hồng Bàng}", "{name: Xã Thủy Hòa}").replace("{name: Báo Hải Phòng}", "{name: Xã Thuỷ Hoà}")}),
    Case("outside-window", CHECK, ["schedule.yaml:25: visits[0].days[0].date: 08/09/2026 is outside the window (01/06/2026–31/07/2026)"],
         {S: replace("date: 2026-06-09", "date: 2026-09-08")}),
    Case("before-period", CHECK, ["schedule.yaml:25: visits[0].days[0].date: 09/06/2026 is before the period under review starts (01/07/2026)"],
         {S: replace("period: {from: 2026-05-01}", "period: {from: 2026-07-01}")}),
    Case("not-consecutive", CHECK, ["schedule.yaml:29: visits[1].days[1]: 12/06/2026 does not follow 09/06/2026: a visit's days must be consecutive working days (the next one is 10/06/2026)"],
         {S: replace("[2026-06-09, 2026-06-10]", "[2026-06-09, 2026-06-12]")}),
    Case("window-reversed", CHECK, ["schedule.yaml:11: window.to: the window ends (01/06/2026) before it starts (31/07/2026)"],
         {S: replace("window: {from: 2026-06-01, to: 2026-07-31}", "window: {from: 2026-07-31, to: 2026-06-01}")}),
    Case("python-tag", CHECK, ["schedule.yaml:2: title: the tag tag:yaml.org,2002:python/object/apply:os.system is not allowed here; write a plain value"],
         {S: replace("title: Kiểm tra", "title: !!python/object/apply:os.system [ls] #")}),
    Case("alias-bomb", CHECK, ["anchors and aliases (& and *) are not supported; write the value out in full"],
         {S: lambda t: "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n" + t}),
    Case("text-alias-bomb", CHECK, ["schedule.yaml:3: purposes[1]: anchors and aliases (& and *) are not supported"],
         {S: replace("title: Kiểm tra", "purposes:\n  - &big \"" + "mục đích " * 2000 + "\"\n" + "  - *big\n" * 3000 + "title: Kiểm tra")}),
    Case("deep-nesting", CHECK, ["schedule.yaml: the file is nested too deeply to be read"],
         {S: "x: " + "[" * 5000 + "]" * 5000 + "\n"}),
    Case("control-characters-in-text", CHECK, ["schedule.yaml:2: title: warning: control characters U+0000, U+0001, U+0007, U+001B, U+007F were removed from the text"],
         {S: replace("title: Kiểm tra việc tuyên truyền Kế hoạch số 149/KH-UBND", "title: \"" + XML_AND_CONTROLS.replace("\"", "\\\"").replace("\x00", "\\0").replace("\x01", "\\x01").replace("\x07", "\\a").replace("\x0b", "\\v").replace("\x0c", "\\f").replace("\x1b", "\\e").replace("\x7f", "\\x7F") + "\"")},
         code=0, ok=True),
    Case("huge-text", CHECK, ["No problems"],
         {S: replace("title: Kiểm tra việc tuyên truyền Kế hoạch số 149/KH-UBND", "title: " + "Kiểm tra " * 12_000)},
         code=0, ok=True),
    Case("bad-slug", CHECK, ["schedule.yaml:22: visits[0].unit.slug: 'Hồng Bàng!' is not a safe file name; use lower-case letters, digits and '-', e.g. hong-bang"],
         {S: replace("{name: Phường Hồng Bàng}", "{name: Phường Hồng Bàng, slug: Hồng Bàng!}")}),
    Case("pattern-without-number", CHECK, ["schedule.yaml:7: number_pattern: 'KH-SVHTTDL' has no {number}: write it like {number}/KH-BHXH"],
         {S: replace('"{number}/KH-SVHTTDL"', "KH-SVHTTDL")}),
    Case("no-visits", CHECK, ["schedule.yaml:21: visits: visits is empty"],
         {S: lambda t: t[:t.index("visits:")] + "visits: []\n"}),
    Case("no-lead", CHECK, ["schedule.yaml:19: teams[1].members: the team has no Trưởng đoàn (role: Trưởng đoàn)"],
         {S: replace("role: truong doan", "role: Thư ký")}),
    # -- outlines and checklists ------------------------------------------------------------
    Case("outline-duplicate-id", CHECK, ["outlines/tuyen-truyen-xa.yaml:13: sections[0].items[1].id: the id I.1 is used twice (first at line 8)"],
         {O: replace("- id: I.2", "- id: I.1")}),
    Case("outline-missing-indicator", CHECK, ["outlines/tuyen-truyen-xa.yaml:12: sections[0].items[0].indicators[0]: indicator row 9 is not in the appendix"],
         {O: replace('indicators: ["1"]', 'indicators: ["9"]')}),
    Case("outline-bad-kind", CHECK, ["outlines/tuyen-truyen-xa.yaml:23: appendix.rows[0].kind: 'lượt' is not one of: amount, count, percentage, text"],
         {O: replace("kind: count, unit: lượt", "kind: lượt")}),
    Case("outline-wrong-id", CHECK, ["outlines/tuyen-truyen-xa.yaml:1: id: the id tuyen-truyen differs from the file name tuyen-truyen-xa.yaml"],
         {O: replace("id: tuyen-truyen-xa", "id: tuyen-truyen")}),
    Case("checklist-unknown-item", CHECK, ["checklists/tuyen-truyen-xa.yaml:6: items[1].outline: outline tuyen-truyen-xa has no item I.5"],
         {C: replace("{id: I.2, outline: I.2", "{id: I.2, outline: I.5")}),
    Case("checklist-bad-level", CHECK, ["checklists/tuyen-truyen-xa.yaml:6: items[1].level: 'khắp nơi' is not one of: both, field, office"],
         {C: replace("level: both}", "level: khắp nơi}")}),
    Case("checklist-empty-scale", CHECK, ["checklists/tuyen-truyen-xa.yaml:8: scale: the scale lists no ratings"],
         {C: lambda t: t + "scale: []\n"}),
    Case("checklist-duplicate-rating", CHECK, ["checklists/tuyen-truyen-xa.yaml:10: scale[1].id: the rating tot is listed twice"],
         {C: lambda t: t + "scale:\n  - {id: tot, label: Tốt}\n  - {id: tot, label: Rất tốt}\n"}),
    # -- a findings file edited by hand -----------------------------------------------------
    Case("findings-unknown-item", CHECK, ["findings/phuong-hong-bang.yaml:11: findings[1].item: checklist tuyen-truyen-xa has no item I.9"],
         {RECORDED: replace("- item: I.2", "- item: I.9")}),
    Case("findings-bad-rating", CHECK, ["findings/phuong-hong-bang.yaml:6: findings[0].rating: 'xuất sắc' is not a rating of the scale (tot, kha, dat, chua-dat)"],
         {RECORDED: replace("rating: tot", "rating: xuất sắc")}),
    Case("findings-unknown-site", CHECK, ["findings/phuong-hong-bang.yaml:12: findings[1].site: the visit has no site thon-9; its sites are: office, to-dan-pho-so-3"],
         {RECORDED: replace("site: to-dan-pho-so-3", "site: thon-9")}),
    Case("findings-bad-due-date", CHECK, ["findings/phuong-hong-bang.yaml:10: findings[0].recommendations[0].due: 2026-06-31 is not a date: month 6/2026 has 30 days"],
         {RECORDED: replace("due: 2026-09-30", "due: 2026-06-31")}),
    Case("findings-negative-count", CHECK, ["findings/phuong-hong-bang.yaml:17: indicators[0].reported: '-3': a count cannot be negative"],
         {RECORDED: replace("reported: 120", "reported: -3")}),
    Case("findings-percent-over-100", CHECK, ["findings/phuong-hong-bang.yaml:20: indicators[1].reported: '140,5%': a percentage must be between 0 and 100"],
         {RECORDED: replace("reported: 85.5", "reported: 140,5%")}),
    Case("findings-evidence-outside", CHECK, ["findings/phuong-hong-bang.yaml:23: evidence[0].file: ../../secret.txt is outside the workspace"],
         {RECORDED: lambda t: t + "evidence:\n- id: ev-1\n  file: ../../secret.txt\n  original_name: x\n  size: 1\n  sha256: ab\n"}),
    Case("findings-broken-record-refused", ["record", "Hồng Bàng", "I.1", "--rating", "2"],
         ["findings/phuong-hong-bang.yaml:8: YAML syntax: did not find expected node content"],
         {RECORDED: replace("  observations:\n", "  observations: [\n")}),
    # -- values on the command line ---------------------------------------------------------
    Case("cli-unknown-unit", ["record", "Xã Không Có", "I.1", "--rating", "1"], ["no unit is called 'Xã Không Có'"]),
    Case("cli-ambiguous-unit", ["record", "hai", "I.1", "--rating", "1"],
         ["'hai' matches 2 units; say which one:\n  Đặc khu Cát Hải (dac-khu-cat-hai)\n  Báo Hải Phòng (bao-hai-phong)"]),
    Case("cli-unknown-item", ["record", "Hồng Bàng", "X.1", "--rating", "1"],
         ["checklist tuyen-truyen-xa has no item 'X.1'; did you mean I.1?"]),
    Case("cli-bad-rating", ["record", "Hồng Bàng", "I.1", "--rating", "10"],
         ["--rating: '10' is not a rating of the scale: 1=tot (Tốt)"]),
    Case("cli-bad-due", ["record", "Hồng Bàng", "I.1", "--recommend", "x", "--due", "30/02/2026"],
         ["--due: the deadline 30/02/2026 is not a date: month 2/2026 has 28 days"]),
    Case("cli-bad-site", ["record", "Hồng Bàng", "TT.1", "--site", "thôn 9", "--rating", "1"],
         ["'thôn 9' is not a site where item TT.1 is checked; the sites are: office (trụ sở), to-dan-pho-so-3 (Tổ dân phố số 3)"]),
    Case("cli-restore-missing-version", ["restore", "Hồng Bàng", "I.1", "5"],
         ["I.1 (office) has 0 earlier version(s); there is no version 5"]),
    Case("cli-dotdot-workspace", ["check", "-w", "../../../../nonexistent/.."],
         ["../../../../nonexistent/..: there is no such folder. Create a workspace with `inspection init"]),
    Case("cli-bad-format", ["schedule", "--format", "docx"], ["'docx' is not one of"], code=2),
    Case("cli-owner-without-recommend", ["record", "Hồng Bàng", "I.1", "--owner", "x"],
         ["--owner and --due go with --recommend"], code=2),
    # -- digits that are not ASCII digits, and numbers beyond reason -------------------------
    Case("cli-superscript-rating", ["record", "Hồng Bàng", "I.1", "--rating", "²"],
         ["--rating: '²' is not a rating of the scale: 1=tot (Tốt)"]),
    Case("cli-arabic-indic-rating", ["record", "Hồng Bàng", "I.1", "--rating", "٣"],
         ["--rating: '٣' is not a rating of the scale"]),
    Case("cli-5000-digit-rating", ["record", "Hồng Bàng", "I.1", "--rating", "9" * 5000],
         ["--rating: '" + "9" * 40 + "…' is not a rating of the scale"]),
    Case("cli-superscript-keep", ["resolve", "Hồng Bàng", "I.1", "--keep", "²"],
         ["I.1 office of Phường Hồng Bàng has no conflict to resolve"]),
    Case("findings-superscript-item", CHECK,
         ["findings/phuong-hong-bang.yaml:11: findings[1].item: checklist tuyen-truyen-xa has no item ²"],
         {RECORDED: replace("- item: I.2", '- item: "²"')}),
    Case("findings-superscript-item-then-record", ["record", "Hồng Bàng", "I.1", "--rating", "2"],
         ["Saved I.1"], {RECORDED: replace("- item: I.2", '- item: "²"')}, code=0, ok=True),
    Case("findings-huge-pages", CHECK,
         ["findings/phuong-hong-bang.yaml:27: evidence[0].pages: " + "9" * 20 + "… is too large a number"],
         {RECORDED: lambda t: t + "evidence:\n- id: E01\n  file: evidence/x.txt\n  original_name: x\n"
          "  size: 1\n  sha256: ab\n  pages: " + "9" * 5000 + "\n"}),
]


def _findings_file() -> str:
    return (
        "unit: phuong-hong-bang\n"
        "name: Phường Hồng Bàng\n"
        "findings:\n"
        "- item: I.1\n"
        "  site: office\n"
        "  rating: tot\n"
        "  observations:\n"
        "  - Đã phát thanh 120 lượt\n"
        "  recommendations:\n"
        "  - {text: Tăng thời lượng, owner: UBND phường, due: 2026-09-30}\n"
        "- item: I.2\n"
        "  site: to-dan-pho-so-3\n"
        "  rating: dat\n"
        "indicators:\n"
        "- row: '1'\n"
        "  period: thang\n"
        "  reported: 120\n"
        "- row: '2.2'\n"
        "  period: thang\n"
        "  reported: 85.5\n"
    )


def _cp1258(text: str) -> bytes:
    """`text` in Windows' Vietnamese code page: precomposed vowels, combining tone marks."""
    out = b""
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + tones).encode("cp1258")
    return out


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not {"output", ".inspection-cache"} & set(p.relative_to(root).parts)
            and p.suffix != ".lock"}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    files = commune_files()
    root = build_tree(tmp_path / "ws", files)
    text = (root / S).read_text(encoding="utf-8")
    (root / S).write_text(text, encoding="utf-8")
    build_tree(root, {RECORDED: _findings_file()})
    return root


def _apply(root: Path, case: Case) -> None:
    for name, change in case.files.items():
        path = root / name
        if callable(change):
            new = change(path.read_text(encoding="utf-8"))
            if case.id == "not-utf8":  # the same text, as old Windows tools save it
                path.write_bytes(_cp1258(new))
            else:
                path.write_text(new, encoding="utf-8", newline="")
        elif isinstance(change, bytes):
            path.write_bytes(change)
        else:
            path.write_text(change, encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(run, workspace, case, monkeypatch):
    _apply(workspace, case)
    monkeypatch.chdir(workspace)
    watch = Watch(workspace)
    result = run(*case.args, *([] if "-w" in case.args else ["-w", workspace]))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == case.code, result.output
    for message in case.messages:
        assert message in result.output, result.output
    watch.unchanged(workspace=not case.ok)  # nothing changed, nothing lost, nothing outside


def test_at_least_sixty_distinct_bad_inputs():
    assert len({c.id for c in CASES}) == len(CASES) >= 60


# -- the disk itself fails ----------------------------------------------------------------------

def test_a_full_disk_leaves_the_findings_as_they_were(run, workspace, monkeypatch):
    before = _snapshot(workspace)
    real_write = os.write

    def full(fd, data):
        if len(data) > 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)
    monkeypatch.setattr(os, "write", full)
    result = run("record", "Hồng Bàng", "I.1", "--rating", "2", "-w", workspace)
    monkeypatch.setattr(os, "write", real_write)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "findings/phuong-hong-bang.yaml: cannot be written: the disk is full; the file was left as it was" in result.output
    assert _snapshot(workspace) == before
    assert not list((workspace / "findings").glob(".*.tmp"))


def test_a_read_only_workspace_says_so(run, workspace, monkeypatch):
    before = _snapshot(workspace)
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)
    monkeypatch.setattr(os, "open", read_only)
    result = run("record", "Hồng Bàng", "I.1", "--rating", "2", "-w", workspace)
    monkeypatch.setattr(os, "open", real_open)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "findings/phuong-hong-bang.yaml: cannot be locked: the disk or folder is read-only" in result.output
    assert _snapshot(workspace) == before
