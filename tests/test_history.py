"""The history of an answer grows with the edits, not with their square, and every findings
file the tool writes is one it reads back, with or without its cache."""

from __future__ import annotations

import shutil

import pytest
from conftest import EXAMPLE, assert_clean_failure
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspection.files import yamlfile
from inspection.files.findings import parse_unit_record, record_data, record_from_data
from inspection.files.workspace import Workspace
from inspection.model.findings import Answer, Finding, Recommendation, UnitRecord, with_answer
from inspection.recording.store import FindingsStore

YB = "bhxh-tinh-yen-bai"
NOTE = ("Đơn vị đã ban hành kế hoạch truyền thông năm, phân công trách nhiệm cho từng phòng, "
        "nhưng việc theo dõi, đánh giá kết quả còn chưa thường xuyên & số liệu <chưa khớp>. ") * 3
NOTE = NOTE.strip()


@pytest.fixture
def store(tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    (root / "schedule.yaml").write_bytes((EXAMPLE / "schedule.yaml").read_bytes())
    ws = Workspace(root)
    return FindingsStore(ws, ws.load())


def _from_disk(store, visit) -> UnitRecord:
    path = store.path(visit)
    problems: list = []
    doc = yamlfile.parse(path.read_text(encoding="utf-8"), path.name, problems)
    record = parse_unit_record(doc, problems, store.context(visit))
    assert [str(p) for p in problems if p.severity == "error"] == []
    return record


def _edits(count: int) -> Finding:
    """A finding after `count` quick records, each adding one note and changing the rating."""
    finding = None
    answer = Answer()
    for i in range(count):
        answer = Answer(rating=("tot", "kha", "dat")[i % 3],
                        observations=answer.observations + (f"{i}: {NOTE}",),
                        recorded_by="Hà", recorded_at=f"2026-07-01T08:{i // 60 % 60:02d}:{i % 60:02d}+07:00")
        finding = with_answer(finding, "I.1", "office", answer)
    return finding


def test_a_thousand_edits_make_a_file_that_grows_linearly(store):
    visit = store.loaded.campaign.visits[0]
    sizes = {}
    finding = _edits(1000)
    for count in (100, 250, 500, 1000):
        partial = Finding("I.1", "office", finding.history[count - 1] if count < 1000 else finding.answer,
                          finding.history[:count - 1])
        record = UnitRecord(visit.unit.slug, visit.unit.name, {partial.key: partial})
        store.write(visit, record)
        sizes[count] = store.path(visit).stat().st_size
    per_edit = [sizes[n] / n for n in sizes]
    # each edit adds its own note (≈ 0.8 kB) and a few lines, whatever came before
    assert max(per_edit) / min(per_edit) < 1.15, sizes
    assert sizes[1000] < 1000 * (len(NOTE.encode()) + 250), sizes
    assert sizes[1000] < yamlfile.MAX_BYTES / 20
    again = _from_disk(store, visit)
    assert again.findings[("I.1", "office")] == finding  # every version, exactly


@pytest.mark.slow  # twenty seconds: a thousand saves through the command's own path
@pytest.mark.vietnamese
def test_a_thousand_quick_records_stay_readable_without_the_cache(run, tmp_path):
    from inspection.api import open_workspace, record_finding

    root = tmp_path / "ws"
    assert run("init", root).exit_code == 0
    ws = open_workspace(root)
    path = root / "findings" / f"{YB}.yaml"
    sizes = []
    for i in range(1, 1001):
        record_finding(ws, "Yên Bái", "I.1", by="Hà", observations=[f"{i}: {NOTE}"],
                       rating=str(i % 4 + 1))
        if i % 250 == 0:
            sizes.append(path.stat().st_size)
    assert sizes[3] / sizes[0] < 4.4 and sizes[3] < 2_000_000, sizes  # 4× the edits, ≈ 4× the size
    shutil.rmtree(root / ".inspection-cache")
    assert run("check", "-w", root).exit_code == 0
    shown = run("history", "Yên Bái", "I.1", "-w", root)
    assert shown.exit_code == 0
    assert "Phiên bản 999:" in shown.output and "Phiên bản 1000:" not in shown.output
    first = shown.output.split("Phiên bản 1:")[1].split("Phiên bản 2:")[0]
    assert "1: Đơn vị" in first and "2: Đơn vị" not in first
    assert run("show", "Yên Bái", "-w", root).exit_code == 0


# -- any chain of edits reads back equal, from the file and from the cache ------------------------

texts = st.sampled_from(["a", "b", "Đã kiểm tra #3", "- gạch", "{keep_first: 1}", "then", "x: y",
                         "keep_last", "dòng 1\ndòng 2", "12", "~"])


@st.composite
def chains(draw):
    """A list of answers, each made from the one before by the edits people make."""
    versions = [Answer(observations=tuple(draw(st.lists(texts, max_size=4))), recorded_at="t0")]
    for n in range(draw(st.integers(1, 8))):
        last = versions[-1]
        items = list(last.observations)
        edit = draw(st.sampled_from(["append", "remove", "replace", "insert", "clear", "rating",
                                     "recommend", "same-lists"]))
        if edit == "append":
            items.append(draw(texts))
        elif edit == "remove" and items:
            items.pop(draw(st.integers(0, len(items) - 1)))
        elif edit == "replace" and items:
            items[draw(st.integers(0, len(items) - 1))] = draw(texts)
        elif edit == "insert":
            items.insert(draw(st.integers(0, len(items))), draw(texts))
        elif edit == "clear":
            items = []
        recs = last.recommendations
        if edit == "recommend":
            recs = recs + (Recommendation(draw(texts), draw(st.none() | texts)),)
        versions.append(Answer(rating=draw(st.sampled_from([None, "tot", "kha"])),
                               observations=tuple(items), recommendations=recs,
                               causes=tuple(draw(st.lists(texts, max_size=2))),
                               recorded_by=draw(st.none() | texts), recorded_at=f"t{n + 1}"))
    return versions


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(versions=chains())
def test_any_chain_of_versions_reads_back_equal(store, versions):
    visit = store.loaded.campaign.visits[0]
    finding = Finding("I.1", "office", versions[-1], tuple(versions[:-1]))
    record = UnitRecord(visit.unit.slug, visit.unit.name, {finding.key: finding})
    store.write(visit, record)
    assert _from_disk(store, visit).findings == record.findings
    cached = record_from_data(record_data(record, store.loaded.checklist))
    assert cached.findings == record.findings


# -- a history edited by hand ------------------------------------------------------------------


def _write(root, text: str) -> None:
    (root / "findings").mkdir(exist_ok=True)
    (root / "findings" / f"{YB}.yaml").write_text(text, encoding="utf-8")


FILE = """\
unit: bhxh-tinh-yen-bai
name: BHXH tỉnh Yên Bái
findings:
- item: I.1
  site: office
  rating: kha
  observations:
  - một
  - hai
  history:
  - rating: tot
    observations:
{change}
"""


@pytest.mark.parametrize("change, message", [
    ("      keep_first: 5", "findings[0].history[0].observations: keeps 5 item(s) of the later "
                            "version, which has only 2"),
    ("      keep_fist: 1", "unknown key 'keep_fist': a change of a list has keep_first, then and keep_last"),
    ("      keep_first: hai", "'hai' is not a whole number"),
])
def test_a_broken_change_of_a_list_is_named(run, example_ws, change, message):
    _write(example_ws, FILE.format(change=change))
    result = run("check", "-w", example_ws)
    assert_clean_failure(result)
    assert message in result.output, result.output


@pytest.mark.vietnamese
def test_a_history_written_in_full_by_an_earlier_version_still_reads(run, example_ws):
    _write(example_ws, FILE.format(change="      - một"))
    assert run("check", "-w", example_ws).exit_code == 0
    shown = run("history", "Yên Bái", "I.1", "-w", example_ws)
    first = shown.output.split("Phiên bản 1:")[1].split("Hiện tại:")[0]
    assert "Nhận xét: một" in first and "hai" not in first
    _write(example_ws, FILE.format(change="      keep_first: 1\n      then: [ba]\n      keep_last: 1"))
    shown = run("history", "Yên Bái", "I.1", "-w", example_ws)
    first = shown.output.split("Phiên bản 1:")[1].split("Hiện tại:")[0]
    assert first.index("một") < first.index("ba") < first.index("hai")


def test_a_change_that_would_make_the_file_too_large_to_read_is_refused(run, example_ws):
    from inspection.api import open_workspace, record_finding
    from inspection.errors import WorkspaceError

    assert run("record", "Yên Bái", "I.1", "--observation", "ngắn", "-w", example_ws).exit_code == 0
    path = example_ws / "findings" / f"{YB}.yaml"
    before = path.read_bytes()
    pasted = "Một văn bản dài được dán vào. " * (yamlfile.MAX_BYTES // 30)
    with pytest.raises(WorkspaceError) as refused:
        record_finding(open_workspace(example_ws), "Yên Bái", "I.1", by="Hà",
                       observations=[pasted])
    assert f"findings/{YB}.yaml: with this change the file would be" in refused.value.message
    assert "nothing was changed" in refused.value.message
    assert path.read_bytes() == before
    assert run("check", "-w", example_ws).exit_code == 0
