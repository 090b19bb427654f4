"""Killing `inspection record` at random moments, and checking that no acknowledged answer is lost.

Used by tests/test_crash.py (a hundred kills) and bench/kill.py (a thousand and more).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "bhxh-ttt-2022"
_HEADER = re.compile(r"^\[(\d+)/\d+\] (\S+) — ")


@dataclass
class Tally:
    rounds: int = 0
    acknowledged: int = 0
    found: int = 0
    missing: list = field(default_factory=list)
    unreadable: list = field(default_factory=list)


def fresh_workspace(target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("findings"))
    return target


def _site_of(line: str, visit) -> str:
    label = line.strip().split(" · ")[0]
    for site in visit.sites:
        if label == f"Tại {site.name}":
            return site.id
    return "office"


def one_round(ws: Path, visit, number: int, rng: random.Random, tally: Tally) -> None:
    """Run a recording session, kill it with SIGKILL at a random moment, check the file."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("INSPECTION_WORKSPACE", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "inspection", "record", visit.unit.slug, "-w", str(ws), "--by", "kill"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    typed = "".join(f"2\nghi-chu-{number}-{block}\n\ns\n" for block in range(400)).encode("utf-8")

    def feed():
        try:
            proc.stdin.write(typed)
            proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass
    lines: list[str] = []

    def drain():
        for raw in proc.stdout:
            lines.append(raw.decode("utf-8", "replace"))
    threads = [threading.Thread(target=feed, daemon=True), threading.Thread(target=drain, daemon=True)]
    for thread in threads:
        thread.start()
    time.sleep(rng.uniform(0.2, 1.2))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    threads[1].join(timeout=5)
    tally.rounds += 1

    acked = []  # (item, site, kind, value)
    item = site = None
    block = -1
    expect_site = False
    for line in lines:
        header = _HEADER.match(line)
        if header:
            item, block, expect_site = header.group(2), block + 1, True
            continue
        if expect_site:
            site, expect_site = _site_of(line, visit), False
        if "Đã lưu: Đánh giá" in line:
            acked.append((item, site, "rating", "kha"))
        elif "Đã lưu: Nhận xét" in line:
            acked.append((item, site, "observation", f"ghi-chu-{number}-{block}"))
    tally.acknowledged += len(acked)
    if not acked:
        return
    from inspection.files import yamlfile
    from inspection.files.findings import parse_unit_record

    problems: list = []
    path = ws / "findings" / f"{visit.unit.slug}.yaml"
    doc = yamlfile.load(path, str(path), problems)
    record = parse_unit_record(doc, problems) if doc is not None else None
    if record is None or any(p.severity == "error" for p in problems):
        tally.unreadable.append((number, [str(p) for p in problems]))
        return
    for item, site, kind, value in acked:
        finding = record.finding(item, site)
        ok = finding is not None and (finding.answer.rating == value if kind == "rating"
                                      else value in finding.answer.observations)
        if ok:
            tally.found += 1
        else:
            tally.missing.append((number, item, site, kind, value))


def kill_rounds(workdir: Path, rounds: int, seed: int = 1, reset_every: int = 40) -> Tally:
    """Run `rounds` kill rounds over the example campaign's units."""
    from inspection.files.workspace import Workspace

    rng = random.Random(seed)
    tally = Tally()
    ws = fresh_workspace(workdir / "ws")
    visits = Workspace(ws).load().campaign.visits  # from the copy: nothing is written elsewhere
    for number in range(rounds):
        if number % reset_every == 0 and number:
            fresh_workspace(ws)
        one_round(ws, visits[number % len(visits)], number, rng, tally)
    return tally


# -- commands that change several files, or one file from a large input -------------------------


def _files(ws: Path) -> dict[str, bytes]:
    """What a user's workspace holds (locks, the cache and output/ aside), after the next
    command has settled what an interrupted one left."""
    subprocess.run([sys.executable, "-m", "inspection", "status", "-w", str(ws)], cwd=ROOT,
                   capture_output=True, timeout=120)
    skip = {"output", ".inspection-cache"}
    # A writer killed between writing its temporary file and renaming it leaves
    # ".NAME.PID.N.tmp": not the findings (the file itself is whole, before or after), and
    # removed by the next write under the unit's lock (test_crash's first test allows them).
    return {p.relative_to(ws).as_posix(): _STAMP.sub(rb"\1*", p.read_bytes())
            for p in sorted(ws.rglob("*"))
            if p.is_file() and not skip & set(p.relative_to(ws).parts) and p.suffix != ".lock"
            and not _TEMPORARY.fullmatch(p.name)}


_TEMPORARY = re.compile(r"\..+\.\d+\.\d+\.tmp")


# When a run saved its answers: the same command run twice differs only there.
_STAMP = re.compile(rb"(recorded_at: )\S+")


@dataclass
class Between:
    """Kills of one command: how many left the workspace before it, after it, or between."""
    command: str
    rounds: int = 0
    before: int = 0
    after: int = 0
    between: list = field(default_factory=list)


def _inspection(*args: str) -> list[str]:
    return [sys.executable, "-m", "inspection", *args]


def _merge_case(workdir: Path) -> tuple[Path, Path, list[str]]:
    """A lead's workspace with answers of its own, and a member's bundle with answers and
    evidence for every unit: (workspace, its copy to restore, the command)."""
    from inspection.files.workspace import Workspace

    member = fresh_workspace(workdir / "member")
    lead = fresh_workspace(workdir / "lead")
    visits = Workspace(member).load().campaign.visits
    evidence = workdir / "bien-ban.txt"
    for n, visit in enumerate(visits):
        for item in ("I.1", "I.2", "I.3"):
            subprocess.run(_inspection("record", visit.unit.slug, item, "--rating", "2",
                                       "--observation", f"thành viên {n} {item}", "-w", str(member),
                                       "--by", "member"), check=True, capture_output=True, cwd=ROOT)
        evidence.write_bytes(f"biên bản {n}\n".encode() * 20_000)
        subprocess.run(_inspection("attach", visit.unit.slug, "I.1", str(evidence), "-w", str(member),
                                   "--by", "member"), check=True, capture_output=True, cwd=ROOT)
        subprocess.run(_inspection("record", visit.unit.slug, "I.1", "--rating", "1", "--observation",
                                   f"trưởng đoàn {n}", "-w", str(lead), "--by", "lead"),
                       check=True, capture_output=True, cwd=ROOT)
    bundle = workdir / "member.zip"
    subprocess.run(_inspection("pack", "-w", str(member), "-o", str(bundle), "--by", "member"),
                   check=True, capture_output=True, cwd=ROOT)
    pristine = workdir / "lead-before"
    shutil.copytree(lead, pristine)
    return lead, pristine, _inspection("merge", str(bundle), "-w", str(lead))


def _import_case(workdir: Path) -> tuple[Path, Path, list[str]]:
    """A workspace and a filled indicator form (XLSX) for one unit."""
    import openpyxl

    ws = fresh_workspace(workdir / "import")
    form = workdir / "bieu.xlsx"
    subprocess.run(_inspection("indicators", "form", "bhxh-tinh-yen-bai", "-w", str(ws), "-o", str(form)),
                   check=True, capture_output=True, cwd=ROOT)
    book = openpyxl.load_workbook(form)
    sheet = book.worksheets[0]
    header = next(cell for row in sheet.iter_rows() for cell in row
                  if isinstance(cell.value, str) and cell.value.startswith("Năm "))
    for row in sheet.iter_rows(min_row=header.row + 1):  # the figure columns: one per period
        for cell in row[header.column - 1:header.column + 1]:
            if cell.value is None and not isinstance(cell, openpyxl.cell.cell.MergedCell):
                cell.value = 1 + (cell.row * 7 + cell.column) % 90  # a count or a percentage
    book.save(form)
    pristine = workdir / "import-before"
    shutil.copytree(ws, pristine)
    return ws, pristine, _inspection("indicators", "import", "bhxh-tinh-yen-bai", str(form), "--partial",
                                     "-w", str(ws))


def between_rounds(workdir: Path, rounds: int, which: str, seed: int = 1) -> Between:
    """Kill `merge` (or `indicators import`) at random moments; after each kill the workspace
    must hold what it held before the command, or what the command would have made of it."""
    rng = random.Random(seed)
    ws, pristine, command = (_merge_case if which == "merge" else _import_case)(workdir)
    before = _files(pristine)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, cwd=ROOT, timeout=300)
    took = time.perf_counter() - started
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    after = _files(ws)
    assert after != before
    tally = Between(which)
    for number in range(rounds):
        shutil.rmtree(ws)
        shutil.copytree(pristine, ws)
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        time.sleep(rng.uniform(0.0, took * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = _files(ws)
        tally.rounds += 1
        if now == before:
            tally.before += 1
        elif now == after:
            tally.after += 1
        else:
            changed = sorted(k for k in set(now) | set(before) if now.get(k) != before.get(k)
                             and now.get(k) != after.get(k))
            tally.between.append((number, changed[:5]))
    return tally
