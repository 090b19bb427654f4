"""Several processes recording into one workspace at once: every answer is found afterwards."""

import multiprocessing
import subprocess
import sys

import pytest
from conftest import ROOT

from inspection.files.workspace import Workspace
from inspection.recording.store import FindingsStore


def _writer(root: str, unit: int, worker: int, count: int) -> None:
    ws = Workspace(root)
    store = FindingsStore(ws, ws.load())
    visit = store.loaded.campaign.visits[unit]
    items = [item.id for item in store.loaded.checklist.items if item.level != "field"]
    for i in range(count):
        # All workers add to the same answer, and each also rates an item of its own.
        store.record_answer(visit, "I.1", "office", {}, f"w{worker}", add={"observations": (f"w{worker}-{i}",)})
        store.record_answer(visit, items[1 + (worker * count + i) % (len(items) - 1)], "office",
                            {"rating": "dat"}, f"w{worker}")


@pytest.mark.parametrize("writers, same_unit", [(2, True), (4, True), (4, False)])
def test_concurrent_writers_keep_every_answer(example_ws, writers, same_unit):
    count = 15
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(example_ws), 0 if same_unit else w, w, count))
             for w in range(writers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    ws = Workspace(example_ws)
    store = FindingsStore(ws, ws.load())
    units = [0] if same_unit else list(range(writers))
    seen = set()
    for unit in units:
        record = store.read(store.loaded.campaign.visits[unit])
        seen |= set(record.finding("I.1").answer.observations)
        assert not list((example_ws / "findings").glob(".*.tmp"))
    expected = {f"w{w}-{i}" for w in range(writers) for i in range(count)}
    assert seen == expected


def test_two_record_commands_at_once_keep_both(example_ws):
    script = ("import sys\nfrom inspection.cli import cli\n"
              "for i in range(10):\n"
              "    cli(['record', 'yen-bai', sys.argv[1], '-w', sys.argv[2], '--observation', f'{sys.argv[1]}-{i}',"
              " '--by', sys.argv[1]], standalone_mode=False)\n")
    procs = [subprocess.Popen([sys.executable, "-c", script, item, str(example_ws)], cwd=ROOT,
                              stdout=subprocess.DEVNULL) for item in ("I.1", "I.2")]
    assert [p.wait(120) for p in procs] == [0, 0]
    ws = Workspace(example_ws)
    store = FindingsStore(ws, ws.load())
    record = store.read(store.loaded.campaign.visits[0])
    for item in ("I.1", "I.2"):
        assert record.finding(item).answer.observations == tuple(f"{item}-{i}" for i in range(10))
