"""The recommendation register on disk (followup/<unit>.yaml): what is reported is appended and
never overwritten, survives two processes reporting at once, and a damaged file is never
written over."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from inspection.errors import InspectionError, InvalidFiles, NotFound
from inspection.files.workspace import Workspace
from inspection.followup import model, store
from inspection.followup.model import Attachment, Tracked, Update

UNIT, NAME = "yen-bai", "Bảo hiểm xã hội tỉnh Yên Bái"


def _rec(order: int, text: str) -> Tracked:
    return Tracked(id=f"15/TB-BHXH.{order}", unit=UNIT, conclusion="15/TB-BHXH",
                   conclusion_date=dt.date(2022, 10, 14), order=order, text=text,
                   owner="Phòng Chế độ BHXH", due=dt.date(2022, 12, 31), ref=f"KN{order}")


@pytest.fixture
def register(tmp_path: Path) -> Workspace:
    ws = Workspace(tmp_path)
    store.change_unit(ws, UNIT, NAME, lambda reg: reg.recommendations.extend([
        _rec(1, "Thu hồi 12.500.000 đồng chi sai chế độ ốm đau & thai sản <theo Điều 25>."),
        _rec(2, "Rà soát hồ sơ hưởng trợ cấp một lần.")]))
    return ws


def _read(ws: Workspace):
    problems: list = []
    reg = store.read_unit(ws, UNIT, NAME, problems)
    assert not problems, problems
    return reg


def test_the_register_reads_back_what_was_written_awkward_text_included(register):
    reg = _read(register)
    assert [r.id for r in reg.recommendations] == ["15/TB-BHXH.1", "15/TB-BHXH.2"]
    first = reg.get("15/TB-BHXH.1")
    assert first.text.endswith("ốm đau & thai sản <theo Điều 25>.")
    assert (first.due, first.owner, first.ref) == (dt.date(2022, 12, 31), "Phòng Chế độ BHXH",
                                                    "KN1")
    assert "due: 31/12/2022" in store.unit_path(register, UNIT).read_text(encoding="utf-8")


def test_each_report_is_appended_and_the_earlier_ones_stay(register):
    store.add_update(register, UNIT, NAME, "15/TB-BHXH.1", Update(
        status=model.IN_PROGRESS, date=dt.date(2022, 11, 2), reported_by="BHXH tỉnh Yên Bái",
        recorded_by="Lê Văn Cường"))
    now = store.add_update(register, UNIT, NAME, "15/TB-BHXH.1", Update(
        status=model.DONE, date=dt.date(2022, 12, 1), done="Đã thu hồi, nộp vào quỹ.",
        evidence=(Attachment(file="evidence/yen-bai/theo-doi/giay-nop-tien.pdf",
                             name="Giấy nộp tiền.pdf", sha256="ab" * 32, size=1024),)))
    assert now.status == model.DONE
    first = _read(register).get("15/TB-BHXH.1")
    assert [u.status for u in first.updates] == [model.IN_PROGRESS, model.DONE]
    assert first.updates[0].reported_by == "BHXH tỉnh Yên Bái"
    assert first.updates[1].evidence[0].name == "Giấy nộp tiền.pdf"
    assert first.updates[1].recorded_at  # when it was recorded, stamped by the store
    assert _read(register).get("15/TB-BHXH.2").status == model.NOT_STARTED


def test_reports_that_cannot_be_true_are_refused_and_nothing_is_written(register):
    path = store.unit_path(register, UNIT)
    before = path.read_bytes()
    with pytest.raises(NotFound):
        store.add_update(register, UNIT, NAME, "15/TB-BHXH.9", Update(status=model.DONE))
    with pytest.raises(InspectionError, match="why"):
        store.add_update(register, UNIT, NAME, "15/TB-BHXH.2", Update(status=model.NOT_FEASIBLE))
    with pytest.raises(InspectionError, match="future"):
        store.add_update(register, UNIT, NAME, "15/TB-BHXH.2", Update(
            status=model.DONE, date=dt.date(2023, 1, 5)), today=dt.date(2023, 1, 4))
    assert path.read_bytes() == before


@pytest.mark.parametrize("damage", [
    "recommendations:\n  - id: 15/TB-BHXH.1\n    text: [unclosed\n",
    "recommendations:\n  - id: 15/TB-BHXH.1\n    text: x\n    updates:\n      - status: xong\n",
    "unit: ha-noi\nrecommendations: []\n",
])
def test_a_damaged_register_is_named_and_never_written_over(register, damage):
    path = store.unit_path(register, UNIT)
    path.write_text(damage, encoding="utf-8")
    with pytest.raises(InvalidFiles) as caught:
        store.add_update(register, UNIT, NAME, "15/TB-BHXH.1", Update(status=model.DONE))
    assert "followup/yen-bai.yaml" in str(caught.value)
    assert path.read_text(encoding="utf-8") == damage


def test_two_processes_reporting_at_once_lose_nothing(register):
    script = (
        "import sys\nfrom inspection.files.workspace import Workspace\n"
        "from inspection.followup import store, model\n"
        "from inspection.followup.model import Update\n"
        "ws = Workspace(sys.argv[1])\n"
        "for i in range(15):\n"
        "    store.add_update(ws, 'yen-bai', 'Yên Bái', '15/TB-BHXH.2',"
        " Update(status=model.IN_PROGRESS, done=f'{sys.argv[2]} {i}'))\n")
    procs = [subprocess.Popen([sys.executable, "-c", script, str(register.root), who])
             for who in ("A", "B")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    done = {u.done for u in _read(register).get("15/TB-BHXH.2").updates}
    assert done == {f"{who} {i}" for who in "AB" for i in range(15)}


def test_the_example_in_the_formats_guide_is_a_register_the_tool_reads(tmp_path):
    guide = (Path(__file__).parent.parent / "docs" / "formats.md").read_text(encoding="utf-8")
    section = guide.split("## Recommendation register", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    ws = Workspace(tmp_path)
    store.folder(ws).mkdir()
    store.unit_path(ws, UNIT).write_text(example, encoding="utf-8")
    rec = _read(ws).get("15/TB-BHXH.1")
    assert rec.status == model.DONE and len(rec.updates) == 3
    assert rec.updates[1].evidence[0].size == 1024
    assert rec.updates[2].documents.startswith("Báo cáo số 456") and rec.updates[2].via


def test_reading_every_unit_names_each_damaged_file(example_ws):
    from inspection.files.workspace import Workspace as W

    ws = W(example_ws)
    visits = ws.load().campaign.visits
    assert [r.recommendations for r in store.read_all(ws, visits)] == [[]] * len(visits)
    store.folder(ws).mkdir()
    for visit in visits[:2]:
        store.unit_path(ws, visit.unit.slug).write_text("recommendations: {\n", encoding="utf-8")
    with pytest.raises(InvalidFiles) as caught:
        store.read_all(ws, visits)
    assert all(f"followup/{v.unit.slug}.yaml" in str(caught.value) for v in visits[:2])
    problems: list = []
    assert len(store.read_all(ws, visits, problems=problems)) == len(visits) - 2
