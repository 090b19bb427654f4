"""The summary report and the export read one unit at a time and let it go (a campaign of
thousands of communes would not fit in memory otherwise): what they write is what they wrote
with every unit's findings held at once."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from test_render_support import full_text

from conftest import EXAMPLE
from inspection.documents import gathering
from inspection.documents.data import DocumentData
from inspection.documents.templates import load_template
from inspection.files.workspace import Workspace
from inspection.recording.store import FindingsStore


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """The example with its sample findings, and without the lead's drafts: the report and
    the conclusions are drafted from the findings."""
    target = tmp_path / "example"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".*", "output", "drafts"))
    return target


def _body(data: bytes) -> str:
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    return re.sub(r"<[^>]+>", " ", xml)


def test_the_report_read_unit_by_unit_is_the_report_of_every_unit_held_at_once(sample):
    ws = Workspace(sample)
    loaded = ws.load()
    store = FindingsStore(ws, loaded)
    held = {v.unit.slug: store.read(v) for v in loaded.campaign.visits}
    template = load_template(ws, "report")
    at_once = template.render(DocumentData(loaded, records=held).context("report"))
    streamed = DocumentData(loaded, store=store)
    one_by_one = template.render(streamed.context("report"))
    assert _body(one_by_one) == _body(at_once)
    assert streamed.records == {}  # every unit's findings let go once counted
    assert held  # the findings the caller gave are never let go
    given = DocumentData(loaded, records=held)
    given.context("report")
    assert set(given.records) == set(held)


def test_beyond_a_hundred_units_a_summarys_texts_are_read_again_when_a_template_asks(
        sample, monkeypatch, tmp_path):
    ws = Workspace(sample)
    loaded = ws.load()
    store = FindingsStore(ws, loaded)
    whole = DocumentData(loaded, store=store).context("report")["units"]
    monkeypatch.setattr(gathering, "KEPT_WHOLE", 0)  # as for a campaign of thousands
    deferred = DocumentData(loaded, store=store).context("report")["units"]
    for kept, later in zip(whole, deferred):
        assert isinstance(later.strengths, gathering.Deferred)
        for field in ("recommendations", "strengths", "shortcomings", "causes"):
            assert list(getattr(later, field)) == list(getattr(kept, field))
            assert len(getattr(later, field)) == len(getattr(kept, field))


def test_shared_points_name_ten_units_at_most_and_a_point_at_two_units_sites_is_one(sample, run):
    assert run("render", "report", "-w", sample).exit_code == 0
    text = full_text(sample / "output" / "bao-cao-ket-qua-kiem-tra.docx")
    # found at the district offices of two provinces: one point, both provinces
    assert ("Cán bộ phụ trách truyền thông kiêm nhiệm nhiều việc, thời gian dành cho truyền "
            "thông hạn chế (Yên Bái và Quảng Bình).") in text
    assert "Tại BHXH huyện Trấn Yên: cán bộ phụ trách truyền thông kiêm nhiệm" not in text
    # found at one unit's district office only: where, as the unit's conclusion says
    assert "Tại BHXH huyện Chư Păh: pano bị cây che khuất một phần (Gia Lai)." in text
    # no sentence lists more than ten units by name
    for line in text.splitlines():
        inside = re.findall(r"\(([^()]*)\)", line)
        for names in inside:
            assert names.count(",") < 10, line


def test_the_export_read_unit_by_unit_has_every_row(sample, run, tmp_path):
    import openpyxl

    result = run("export", "-o", tmp_path / "ket-qua.xlsx", "-w", sample)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / "ket-qua.xlsx", read_only=True)
    units = {row[0] for row in book["Đánh giá"].iter_rows(min_row=2, values_only=True)}
    assert len(units) == 8
    findings = sum(1 for _ in book["Đánh giá"].iter_rows(min_row=2))
    assert findings == 8 * 55
    csv = run("export", "--format", "csv", "--table", "findings", "-o", "-", "-w", sample)
    assert csv.stdout_bytes.startswith(b"\xef\xbb\xbf")
    assert csv.stdout_bytes.count(b"\r\n") == findings + 1
    # the spool files are in the workspace's scratch space, and gone afterwards
    assert not list((sample / ".inspection-cache" / "tmp").iterdir())
