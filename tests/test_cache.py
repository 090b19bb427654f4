"""The workspace cache only ever makes things faster: never stale, never needed."""

import shutil

from conftest import assert_clean_failure


def test_a_hand_edit_is_seen_at_once_and_its_error_has_its_line(run, example_ws):
    run("record", "yen-bai", "I.1", "-w", example_ws, "--rating", "1")
    assert "1/25" in run("status", "-w", example_ws).output       # now cached
    path = example_ws / "findings" / "bhxh-tinh-yen-bai.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("rating: tot", "rating: kha"), encoding="utf-8")
    shown = run("show", "yen-bai", "-w", example_ws, env={"INSPECTION_LANG": "vi"})  # in Vietnamese
    assert "Đánh giá: Khá" in shown.output
    path.write_text(text.replace("rating: tot", "rating: [tot"), encoding="utf-8")
    result = run("record", "yen-bai", "I.2", "-w", example_ws, "--rating", "1")
    assert_clean_failure(result)
    assert "findings/bhxh-tinh-yen-bai.yaml:" in result.output and "YAML syntax" in result.output


def test_status_counts_follow_every_change(run, example_ws):
    assert "0/25" in run("status", "-w", example_ws).output
    run("record", "yen-bai", "I.1", "-w", example_ws, "--rating", "1")
    run("record", "yen-bai", "I.2", "-w", example_ws, "--rating", "1")
    assert "2/25" in run("status", "-w", example_ws).output
    # a changed checklist changes what there is to record, even with findings unchanged
    checklists = example_ws / "checklists"
    checklists.mkdir()
    from inspection.files.workspace import bundled_dir
    text = (bundled_dir("checklists") / "bhxh-ttt-2022.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: I.12")
    end = text.index("  - id: II.1")
    (checklists / "bhxh-ttt-2022.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    assert "2/24" in run("status", "-w", example_ws).output


def test_the_cache_can_be_deleted_or_broken(run, example_ws):
    run("record", "yen-bai", "I.1", "-w", example_ws, "--rating", "1")
    run("status", "-w", example_ws)
    cache = example_ws / ".inspection-cache"
    assert cache.is_dir()
    entries = sorted(cache.iterdir())
    good = {file: file.read_bytes() for file in entries}
    damages = [b"{not json", b"", b"\x00\xff" * 50,
               *(content[: len(content) // 2] for content in good.values())]  # cut short
    for damage in damages:
        for file in entries:
            file.write_bytes(damage)
        assert "1/25" in run("status", "-w", example_ws).output
    shutil.rmtree(cache)
    assert "1/25" in run("status", "-w", example_ws).output


def test_findings_come_from_the_cache_whichever_workspace_object_reads_them(run, example_ws, monkeypatch):
    # The library may be handed a Workspace that did not load the campaign itself (as the
    # benchmark once did): a unit read before must still not be parsed from YAML again.
    from inspection.files.workspace import Workspace
    from inspection.model.lookup import find_visit
    from inspection.recording import store as store_module
    from inspection.recording.store import FindingsStore

    run("record", "yen-bai", "I.1", "-w", example_ws, "--rating", "1")
    loaded = Workspace(example_ws).load()
    visit = find_visit(loaded.campaign, "yen-bai")
    parsed, parse = [], store_module.parse_unit_record
    monkeypatch.setattr(store_module, "parse_unit_record",
                        lambda *args, **kw: parsed.append(1) or parse(*args, **kw))
    record = FindingsStore(Workspace(example_ws), loaded).read(visit)
    assert record.finding("I.1", "office").answer.rating == "tot"
    assert parsed == []


def test_check_reads_again_only_the_files_that_changed(run, example_ws, monkeypatch):
    from inspection.recording.store import FindingsStore

    for unit in ("yen-bai", "lao-cai", "phu-tho"):
        assert run("record", unit, "I.1", "--rating", "1", "--due", "01/01/2020", "--recommend",
                   "Rà soát", "-w", example_ws).exit_code == 0
    first = run("check", "-w", example_ws)
    assert first.exit_code == 0, first.output
    assert first.output.count("before the visit began") == 3  # a warning per unit
    reads = []
    real = FindingsStore.read
    monkeypatch.setattr(FindingsStore, "read", lambda self, visit, *a, **k: (
        reads.append(visit.unit.slug), real(self, visit, *a, **k))[1])
    again = run("check", "-w", example_ws)
    assert again.output == first.output and reads == []  # each file as it was: its warnings kept
    # a file changed in any way is checked again, and only that one
    path = example_ws / "findings" / "bhxh-tinh-lao-cai.yaml"
    path.write_text(path.read_text("utf-8").replace("rating: tot", "rating: toot"), "utf-8")
    changed = run("check", "-w", example_ws)
    assert_clean_failure(changed)
    assert reads == ["bhxh-tinh-lao-cai"] and "toot" in changed.output
    # the messages' language and the campaign's files are part of what was checked
    reads.clear()
    run("check", "-w", example_ws, env={"INSPECTION_LANG": "vi"})
    assert len(reads) == 3
    reads.clear()
    schedule = example_ws / "schedule.yaml"
    schedule.write_text(schedule.read_text("utf-8") + "\n# sửa\n", "utf-8")
    run("check", "-w", example_ws)
    assert len(reads) == 3
    # the cache can go: the same problems are found
    shutil.rmtree(example_ws / ".inspection-cache")
    assert run("check", "-w", example_ws).output == changed.output
