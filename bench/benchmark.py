"""The benchmark: speed, scale and crash safety in figures, printed as one table.

    python3 run.py bench                 # everything (about three quarters of an hour on 2 cores)
    python3 run.py bench --quick         # smaller counts, to try the script

It builds a synthetic national campaign (34 provinces, every checklist item recorded with
realistic Vietnamese text, every indicator filled) and commune-level ones of 34, 340 and 3,321
units (the whole country's communes, wards and special zones), then measures:
  1. rendering every minutes and conclusion plus the summary report of the 34-unit campaign,
     as a ratio to bare docxtpl rendering the same templates with the same precomputed
     contexts in the same run (target ≤ 1.1);
  2. `inspection status` and one `inspection record`, wall time and ratio to
     `python -c "import click, yaml"` (target ≤ 1.5); saving an item through `inspection
     serve` against that `record`, and the load time of a unit's page;
  3. PDF conversion of the whole batch, one LibreOffice process per core: documents per second
     against LibreOffice's own single-process conversion of the same files (target ≥ 1.7×
     on 2 cores);
  4. time per unit and peak memory of check (first, and again with nothing changed), status,
     the summary report, export and the follow-up register (10 recommendations per unit) at
     34, 340 and 3,321 communes, saying which grows faster than linearly; the first check
     against bare LibYAML parsing of the same files (≤ 1.5), the unchanged check (≤ 2 s), the
     report's and the export's peak memory (≤ 200 MB) and time against the same with every
     unit's findings already in memory (≤ 1.5);
  5. the kill test: SIGKILL at random moments, answers acknowledged vs answers found; and
     `merge` and `indicators import` killed at random moments, the workspace found before
     the command or after it, never between.
The table is printed and written to bench/results.md, with the machine it ran on.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE), str(ROOT / "tests")]

import synthetic  # noqa: E402

ENV = {k: v for k, v in os.environ.items() if k not in ("INSPECTION_WORKSPACE", "PYTHONDONTWRITEBYTECODE")}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    soffice = shutil.which("soffice")
    office = subprocess.run([soffice, "--version"], capture_output=True, text=True).stdout.strip() \
        if soffice else "not installed"
    return (f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, {office.splitlines()[0] if office else ''}")


def run_measured(args: list[str]) -> tuple[float, float, str]:
    """Run `inspection ARGS`; return (seconds, peak memory in MB, output)."""
    peak_file = Path(tempfile.mkstemp(prefix="bench-peak-")[1])
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(HERE / "peak.py"), *args], env={
        **ENV, "BENCH_PEAK_FILE": str(peak_file)}, capture_output=True)
    elapsed = time.perf_counter() - start
    out = (done.stdout + done.stderr).decode(errors="replace")
    if done.returncode != 0:
        raise SystemExit(f"inspection {' '.join(args)} failed:\n{out[-2000:]}")
    peak = int(peak_file.read_text() or 0) / 1024
    peak_file.unlink()
    return elapsed, peak, out


INSPECTION = [sys.executable, "-m", "inspection"]
# What a user types: the `inspection` command pip installs beside the interpreter.
_SCRIPT = Path(sys.executable).with_name("inspection.exe" if os.name == "nt" else "inspection")
COMMAND = [str(_SCRIPT)] if _SCRIPT.exists() else INSPECTION


# -- 1. rendering against bare docxtpl ---------------------------------------------------------

def render_ratio(ws_root: Path, rounds: int) -> dict:
    import docxtpl

    from inspection.documents.render import jobs_for, prepare, render_jobs
    from inspection.documents.templates import environment
    from inspection.files.workspace import Workspace

    ws = Workspace(ws_root)
    loaded = ws.load()
    out = ws_root / "output" / "bench"
    jobs = jobs_for(loaded, ["minutes", "conclusion", "report"], None, out)
    ours, bare = [], []
    for _ in range(rounds):
        shutil.rmtree(out, ignore_errors=True)
        start = time.perf_counter()
        fresh = Workspace(ws_root)  # as `inspection render` does: read the workspace, render
        outcome = render_jobs(fresh, fresh.load(), jobs, force=True)
        ours.append(time.perf_counter() - start)
        assert len(outcome.written) == len(jobs), outcome.failed
        # the same templates and the same contexts, precomputed (not timed), for bare docxtpl
        templates, data = prepare(ws, loaded, jobs)
        contexts = [(templates[job.kind].data, data.context(job.kind, job.visit, job.target.name))
                    for job in jobs]
        env = {kind: environment() for kind in templates}
        start = time.perf_counter()
        for job, (template, context) in zip(jobs, contexts):
            doc = docxtpl.DocxTemplate(io.BytesIO(template))
            doc.render(context, env[job.kind], autoescape=True)
            buffer = io.BytesIO()
            doc.save(buffer)
        bare.append(time.perf_counter() - start)
    return {"documents": len(jobs), "ours": min(ours), "bare": min(bare), "ratio": min(ours) / min(bare)}


# -- 2. the command line's start ------------------------------------------------------------------

def _timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def cli_times(ws_root: Path, repeat: int) -> dict:
    base_command = [sys.executable, "-c", "import click, yaml"]
    status_command = COMMAND + ["status", "-w", str(ws_root)]
    record_command = COMMAND + ["record", "ha-noi", "I.3", "--observation", "Ghi chú thử",
                                "-w", str(ws_root)]
    shutil.rmtree(ws_root / ".inspection-cache", ignore_errors=True)
    cold = _timed(status_command)
    _timed(status_command)
    # `record` adds one answer to a unit where everything is recorded. The unit's file and the
    # cache (as the previous command left them) are put back before each run, so every run
    # writes the same answer into the same file, and every `status` finds what it found before.
    files = [*(ws_root / "findings").glob("*ha-noi.yaml"), *(ws_root / ".inspection-cache").iterdir()]
    saved = {file: file.read_bytes() for file in files}

    def put_back() -> None:
        for file, content in saved.items():
            file.write_bytes(content)

    # The three are timed in turn, so that a slower moment of the machine weighs on all alike.
    base, status, record = [], [], []
    for _ in range(repeat):
        base.append(_timed(base_command))
        put_back()
        status.append(_timed(status_command))
        put_back()
        record.append(_timed(record_command))
    put_back()
    return {"base": statistics.median(base), "status": statistics.median(status),
            "status_cold": cold, "record": statistics.median(record)}


def web_times(ws_root: Path, repeat: int, record_seconds: float) -> dict:
    """Saving an item through `inspection serve`'s server (waitress, a real HTTP POST, the
    store's lock and history) against a one-shot `inspection record`, and loading the page of
    a unit with every item recorded."""
    import http.cookiejar
    import re
    import threading
    import urllib.parse
    import urllib.request

    from waitress import create_server

    from inspection.web.app import create_app

    server = create_server(create_app(ws_root, recorder="Bench"), host="127.0.0.1", port=0,
                           threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{server.effective_port}"
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    slug = next(p.stem for p in (ws_root / "findings").glob("*ha-noi.yaml"))
    page = f"{base}/don-vi/{slug}/I.3/office"
    saves, loads = [], []
    try:
        for round_ in range(repeat):
            html = opener.open(page).read().decode("utf-8")
            fields = {name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
                      for name in ("csrf", "base")}
            body = urllib.parse.urlencode({**fields, "by": "Bench", "rating": "",
                                           "observations": f"Ghi chú thử {round_}"}).encode()
            start = time.perf_counter()
            opener.open(page, data=body).read()
            saves.append(time.perf_counter() - start)
            start = time.perf_counter()
            opener.open(f"{base}/don-vi/{slug}").read()
            loads.append(time.perf_counter() - start)
    finally:
        server.close()
    save = statistics.median(saves)
    return {"save": save, "record": record_seconds, "ratio": save / record_seconds,
            "unit_page": statistics.median(loads)}


# -- 3. PDF ------------------------------------------------------------------------------------------

def pdf_times(ws_root: Path, communes: Path, more: int = 70) -> dict | None:
    """The 69 documents of the national campaign and the minutes and conclusions of `more`
    communes: a batch as `render all --pdf` of a campaign converts."""
    from inspection.api import render_documents
    from inspection.documents.pdf import convert, find_soffice, processes_for
    from inspection.files.workspace import Workspace

    soffice = find_soffice()
    if soffice is None:
        return None
    slugs = [v.unit.slug for v in Workspace(communes).load().campaign.visits[:more]]
    extra = communes / "output" / "pdf-batch"
    render_documents(communes, ["minutes", "conclusion"], slugs, output=extra, force=True)
    docs = sorted((ws_root / "output" / "bench").glob("*.docx")) + sorted(extra.glob("*.docx"))
    work = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    convert(docs[:1], work / "warm")  # LibreOffice's first start on a machine builds caches
    ours, bare = [], []
    for round_ in range(2):  # in turn, so that a slower moment of the machine weighs on both
        start = time.perf_counter()
        made = convert(docs, work / f"ours{round_}")
        ours.append(time.perf_counter() - start)
        assert len(made) == len(docs), "a document was not converted"
        profile = work / f"profile{round_}"
        start = time.perf_counter()
        subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(work / f"bare{round_}")]
                       + [str(d) for d in docs], check=True, capture_output=True)
        bare.append(time.perf_counter() - start)
    shutil.rmtree(work, ignore_errors=True)
    ours, bare = min(ours), min(bare)
    return {"documents": len(docs), "ours": ours, "bare": bare, "speedup": bare / ours,
            "processes": processes_for(len(docs)), "cores": os.cpu_count(), "communes": more}


# -- 4. scale ------------------------------------------------------------------------------------------

STEPS = [
    ("check", ["check"]),
    ("check, nothing changed", ["check"]),
    ("status, first", ["status"]),
    ("status", ["status"]),
    ("render report", lambda root: ["render", "report", "-o", str(root / "output" / "scale"),
                                    "--force"]),
    ("export", lambda root: ["export", "-o", str(root / "output" / "scale.xlsx")]),
    # the recommendation register, 10 per unit: shown as on screen, then for Excel
    ("followup", ["followup", "--today", "01/01/2027"]),
    ("followup --format xlsx", lambda root: ["followup", "--format", "xlsx", "-o",
                                             str(root / "output" / "theo-doi.xlsx")]),
]


def scale(roots: dict[int, Path]) -> list[dict]:
    """Each step at each size, in a fresh process, from an empty cache."""
    rows = []
    for units, root in roots.items():
        shutil.rmtree(root / ".inspection-cache", ignore_errors=True)
        for name, args in STEPS:
            args = args(root) if callable(args) else args
            seconds, peak, _ = run_measured(args + ["-w", str(root)])
            rows.append({"units": units, "step": name, "seconds": seconds, "mb": peak})
            print(f"   {units:>5} units  {name:<24} {seconds:7.1f} s  {peak:5.0f} MB", flush=True)
    return rows


def bare_parse(root: Path) -> float:
    """Seconds LibYAML's CSafeLoader takes to load every findings file, and nothing else."""
    import yaml

    files = sorted((root / "findings").glob("*.yaml"))
    start = time.perf_counter()
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def in_memory(root: Path) -> dict:
    """The summary report and the export as the commands make them (each unit read and let
    go), against the same with every unit's findings read beforehand (not timed) and held."""
    from inspection.documents.data import DocumentData
    from inspection.documents.templates import load_template
    from inspection.exports import findings as export
    from inspection.files.workspace import Workspace
    from inspection.recording.store import FindingsStore

    ws = Workspace(root)
    loaded = ws.load()
    template = load_template(ws, "report")
    store = FindingsStore(ws, loaded)
    held = {v.unit.slug: store.read(v) for v in loaded.campaign.visits}
    times = {}
    start = time.perf_counter()
    template.render(DocumentData(loaded, records=held).context("report"))
    times["report held"] = time.perf_counter() - start
    start = time.perf_counter()
    data = DocumentData(loaded, records=held)
    tables = [export.unit_rows(data, v) for v in loaded.campaign.visits]
    target = root / "output" / "held.xlsx"
    target.parent.mkdir(exist_ok=True)
    from inspection.exports.xlsx import Sheet, write_workbook

    sheets = [Sheet(export.SHEETS[name], export.HEADERS[name],
                    [row for unit in tables for row in unit[index]])
              for index, name in enumerate(export.TABLES)]
    with open(target, "wb") as stream:
        write_workbook(sheets, stream)
    times["export held"] = time.perf_counter() - start
    del held, tables, sheets, data
    start = time.perf_counter()
    template.render(DocumentData(loaded, store=FindingsStore(ws, loaded)).context("report"))
    times["report streamed"] = time.perf_counter() - start
    start = time.perf_counter()
    export.export_findings(ws, loaded, "xlsx", root / "output" / "streamed.xlsx")
    times["export streamed"] = time.perf_counter() - start
    return times


# -- 5. kills ------------------------------------------------------------------------------------------

def kills(rounds: int) -> dict:
    from killing import kill_rounds

    work = Path(tempfile.mkdtemp(prefix="bench-kill-"))
    start = time.perf_counter()
    tally = kill_rounds(work, rounds, seed=7)
    shutil.rmtree(work, ignore_errors=True)
    return {"rounds": tally.rounds, "acknowledged": tally.acknowledged, "found": tally.found,
            "missing": len(tally.missing), "unreadable": len(tally.unreadable),
            "seconds": time.perf_counter() - start}


def between(rounds: int) -> list[dict]:
    from killing import between_rounds

    found = []
    for command in ("merge", "import"):
        work = Path(tempfile.mkdtemp(prefix="bench-between-"))
        start = time.perf_counter()
        tally = between_rounds(work, rounds, command, seed=11)
        shutil.rmtree(work, ignore_errors=True)
        found.append({"command": command, "rounds": tally.rounds, "before": tally.before,
                      "after": tally.after, "between": len(tally.between),
                      "seconds": time.perf_counter() - start})
    return found


def _growth(rows: list[dict]) -> list[str]:
    """A line per step: time per unit and peak memory at each size, and whether the time per
    unit grows from the middle size to the largest (faster than linear)."""
    lines, slower = [], []
    by_step: dict = {}
    for row in rows:
        by_step.setdefault(row["step"], []).append(row)
    for step, found in by_step.items():
        found.sort(key=lambda r: r["units"])
        cells = " · ".join(f"{r['units']:,}: {r['seconds']:.1f} s, {1000 * r['seconds'] / r['units']:.1f} "
                           f"ms/unit, {r['mb']:.0f} MB" for r in found)
        middle, big = found[-2], found[-1]
        factor = (big["seconds"] / big["units"]) / (middle["seconds"] / middle["units"])
        linear = factor <= 1.3
        if not linear:
            slower.append(step)
        lines.append(f"| 4. `{step}` | {cells}; time per unit {middle['units']:,} → "
                     f"{big['units']:,}: **× {factor:.2f}** | linear (× ≤ 1.3) "
                     f"{'✓' if linear else '✗ faster than linear'} |")
    lines.append("| 4. Growing faster than linearly | " + (", ".join(f"`{s}`" for s in slower)
                                                         or "none") + " | none |")
    return lines


def report(info: str, render: dict, cli: dict, pdf: dict | None, rows: list[dict], kill: dict | None,
           betweens: list[dict] = (), web: dict | None = None, parse: float | None = None,
           held: dict | None = None) -> str:
    ok = lambda good: "✓" if good else "✗ missed"  # noqa: E731
    lines = [f"Measured {time.strftime('%Y-%m-%d')} on: {info}", "",
             "| Measure | Result | Target |", "| --- | --- | --- |",
             f"| 1. Render {render['documents']} documents (34 minutes, 34 conclusions, the report) | "
             f"{render['ours']:.2f} s vs bare docxtpl {render['bare']:.2f} s: **ratio {render['ratio']:.2f}** | "
             f"≤ 1.1 {ok(render['ratio'] <= 1.1)} |",
             f"| 2. `inspection status`, 34 units fully recorded | {cli['status'] * 1000:.0f} ms vs "
             f"`import click, yaml` {cli['base'] * 1000:.0f} ms: **ratio {cli['status'] / cli['base']:.2f}** "
             f"(first run, nothing cached: {cli['status_cold'] * 1000:.0f} ms) | ≤ 1.5 {ok(cli['status'] / cli['base'] <= 1.5)} |",
             f"| 2. `inspection record UNIT ITEM --observation …` | {cli['record'] * 1000:.0f} ms: "
             f"**ratio {cli['record'] / cli['base']:.2f}** | ≤ 1.5 {ok(cli['record'] / cli['base'] <= 1.5)} |"]
    if web:
        lines.append(f"| 2. Saving an item through `inspection serve` (HTTP POST, median) | "
                     f"{web['save'] * 1000:.0f} ms vs one-shot `inspection record` "
                     f"{web['record'] * 1000:.0f} ms: **ratio {web['ratio']:.2f}**; the page of a "
                     f"unit with 55 items: {web['unit_page'] * 1000:.0f} ms | ≤ 1 "
                     f"{ok(web['ratio'] <= 1)} |")
    if pdf:
        lines.append(f"| 3. PDF of {pdf['documents']} documents (the national campaign's, and "
                     f"the minutes and conclusions of {pdf['communes']} communes), "
                     f"{pdf['processes']} LibreOffice "
                     f"processes ({pdf['cores']} cores) | {pdf['documents'] / pdf['ours']:.2f} "
                     f"documents/s ({pdf['ours']:.1f} s) vs LibreOffice's own single-process "
                     f"batch {pdf['documents'] / pdf['bare']:.2f} documents/s ({pdf['bare']:.1f} s): "
                     f"**× {pdf['speedup']:.2f}** | ≥ 1.7 on 2 cores {ok(pdf['speedup'] >= 1.7)} |")
    else:
        lines.append("| 3. PDF | LibreOffice not installed: not measured | ≥ 1.7 |")
    lines += _growth(rows)
    big = max(r["units"] for r in rows)
    at = {r["step"]: r for r in rows if r["units"] == big}
    if parse is not None:
        ratio = at["check"]["seconds"] / parse
        lines.append(f"| 4. First `check`, {big:,} units | {at['check']['seconds']:.1f} s vs bare "
                     f"CSafeLoader loading of the same files {parse:.1f} s: **ratio {ratio:.2f}** "
                     f"| ≤ 1.5 {ok(ratio <= 1.5)} |")
    unchanged = at["check, nothing changed"]["seconds"]
    lines.append(f"| 4. `check` again, nothing changed, {big:,} units | **{unchanged:.1f} s** | "
                 f"≤ 2 s {ok(unchanged <= 2)} |")
    for step, name in (("render report", "report"), ("export", "export")):
        mb = at[step]["mb"]
        text = f"| 4. `{step}`, {big:,} units | peak **{mb:.0f} MB**"
        good = mb <= 200
        if held:
            ratio = held[f"{name} streamed"] / held[f"{name} held"]
            good = good and ratio <= 1.5
            text += (f"; read unit by unit {held[f'{name} streamed']:.1f} s vs with every unit's "
                     f"findings already in memory {held[f'{name} held']:.1f} s: **ratio {ratio:.2f}**")
        lines.append(text + f" | ≤ 200 MB, ratio ≤ 1.5 {ok(good)} |")
    if kill:
        lines.append(f"| 5. Kill test: {kill['rounds']} SIGKILLs at random moments | "
                     f"{kill['acknowledged']} answers acknowledged, **{kill['found']} found**, "
                     f"{kill['unreadable']} unreadable files ({kill['seconds'] / 60:.0f} min) | all found "
                     f"{ok(kill['found'] == kill['acknowledged'] and not kill['unreadable'])} |")
    for b in betweens:
        name = {"merge": "`merge` of a bundle for 8 units with evidence",
                "import": "`indicators import` of a filled form"}[b["command"]]
        lines.append(f"| 5. Kill test: {name}, {b['rounds']} SIGKILLs | {b['before']} before, "
                     f"{b['after']} after, **{b['between']} between** ({b['seconds'] / 60:.0f} min) "
                     f"| none between {ok(b['between'] == 0)} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller counts, to try the script")
    parser.add_argument("--kills", type=int, default=None, help="kill rounds (default 1000, quick 20)")
    parser.add_argument("--communes", type=int, default=None, help="units of the largest campaign")
    parser.add_argument("--work", type=Path, default=None, help="where to build the campaigns")
    args = parser.parse_args()
    kills_count = args.kills if args.kills is not None else (20 if args.quick else 1000)
    communes = args.communes or (400 if args.quick else 3321)
    sizes = sorted({34, min(340, communes // 2), communes})
    work = args.work or Path(tempfile.mkdtemp(prefix="inspection-bench-"))
    print(f"Building the synthetic campaigns in {work} …", flush=True)
    national = synthetic.national(work / "national")
    campaigns = {size: synthetic.communes(work / f"communes-{size}", count=size) for size in sizes}
    print("1. rendering …", flush=True)
    render = render_ratio(national, 1 if args.quick else 3)
    print("2. command line …", flush=True)
    cli = cli_times(national, 5 if args.quick else 21)
    print("2. the browser form …", flush=True)
    web = web_times(national, 5 if args.quick else 21, cli["record"])
    print("4. scale …", flush=True)
    rows = scale(campaigns)
    print("3. PDF …", flush=True)
    pdf = pdf_times(national, campaigns[sizes[1]], 10 if args.quick else 70)
    largest = campaigns[sizes[-1]]
    parse = bare_parse(largest)
    print("4. the report and the export with every unit in memory …", flush=True)
    held = in_memory(largest)
    kill, betweens = None, []
    if kills_count:
        print(f"5. {kills_count} kills …", flush=True)
        kill = kills(kills_count)
        print(f"5. {max(kills_count // 5, 10)} kills of merge and of indicators import …", flush=True)
        betweens = between(max(kills_count // 5, 10))
    table = report(machine(), render, cli, pdf, rows, kill, betweens, web, parse, held)
    print("\n" + table)
    if not args.quick:
        (HERE / "results.md").write_text("# Latest benchmark figures\n\n" + table, encoding="utf-8")
        print(f"Written to {HERE / 'results.md'}")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
