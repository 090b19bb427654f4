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
