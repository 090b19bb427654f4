"""Hostile text survives rendering: every value is escaped and cleaned, the document stays valid."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from conftest import build_tree, commune_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from test_render_support import HOSTILE, full_text, record

from inspection.documents.data import DocumentData
from inspection.documents.templates import load_template
from inspection.files.workspace import Workspace
from inspection.model.findings import Answer, Finding, Recommendation, UnitRecord


def _valid_docx(data: bytes) -> str:
    """Every XML part parses strictly; returns the text of the body."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                etree.fromstring(archive.read(name))  # raises on broken XML
    document = docx.Document(io.BytesIO(data))
    out = []
    for element in document.element.body.iter():
        tag = etree.QName(element).localname
        if tag == "t":
            out.append(element.text or "")
        elif tag in ("br", "p"):
            out.append("\n")
    return "".join(out)


@pytest.fixture(scope="module")
def commune(tmp_path_factory):
    root = build_tree(tmp_path_factory.mktemp("safety") / "ws", commune_files())
    ws = Workspace(root)
    loaded = ws.load()
    return ws, loaded, {kind: load_template(ws, kind) for kind in ("minutes", "conclusion", "report")}


def _record_with(text: str, visit) -> UnitRecord:
    answer = Answer(rating="kha", observations=(text,), strengths=(text,), shortcomings=(text,),
                    causes=(text,), explanations=(text,),
                    recommendations=(Recommendation(text, text),))
    record = UnitRecord(visit.unit.slug, visit.unit.name)
    record.findings[("I.1", "office")] = Finding("I.1", "office", answer)
    record.notes["1"] = text
    return record


def test_hostile_text_in_the_model_renders_as_text(commune):
    """Text that never went through the store's cleaning: the context cleans it."""
    ws, loaded, templates = commune
    visit = loaded.campaign.visits[0]
    data = DocumentData(loaded, {visit.unit.slug: _record_with(HOSTILE, visit)})
    for kind in ("minutes", "conclusion", "report"):
        context = data.context(kind, visit if kind != "report" else None)
        text = _valid_docx(templates[kind].render(context))
        assert 'A & B <tag> "quoted" \'single\' {{ not.a.tag }} {% if %}' in text
        assert "next line" in text and "bell" in text
        for bad in ("\x07", "\x0c", "\x00", "\x0b"):
            assert bad not in text
    minutes = _valid_docx(templates["minutes"].render(data.context("minutes", visit)))
    # Word's vertical tab and the form feed are line breaks; the bell and NUL are dropped
    assert "{% if %} \nnext linebell\nform nul" in minutes


def test_hostile_text_recorded_through_the_store_survives(run, commune_ws):
    record(commune_ws, "Báo Hải Phòng", "I.1", rating="tot", observations=[HOSTILE],
           explanations=["<w:p>&amp; ]]> --> <!-- \u2028dòng mới"])
    result = run("render", "minutes", "Báo Hải Phòng", "-w", commune_ws)
    assert result.exit_code == 0, result.output
    path = commune_ws / "output" / "bien-ban-bao-hai-phong.docx"
    text = _valid_docx(path.read_bytes())
    assert "A & B <tag>" in text and "<w:p>&amp; ]]> --> <!-- \ndòng mới" in text
    assert full_text(path).count("{{ not.a.tag }}") == 1


def test_names_with_markup_characters_in_the_schedule(run, tmp_path):
    files = commune_files()
    files["schedule.yaml"] = files["schedule.yaml"].replace(
        "unit: {name: Phường Hồng Bàng}", "unit: {name: 'Phường \"Hồng\" & <Bàng>'}").replace(
        "name: Sở Văn hóa, Thể thao và Du lịch", "name: Sở Văn hóa & Thể thao <VHTT>")
    root = build_tree(tmp_path / "ws", files)
    result = run("render", "all", "-w", root)
    assert result.exit_code == 0, result.output
    minutes = (root / "output" / "bien-ban-phuong-hong-bang.docx").read_bytes()
    text = _valid_docx(minutes)
    assert 'Phường "Hồng" & <Bàng>' in text and "SỞ VĂN HÓA & THỂ THAO <VHTT>" in text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=60))
def test_any_text_gives_a_valid_document(commune, text):
    ws, loaded, templates = commune
    visit = loaded.campaign.visits[0]
    data = DocumentData(loaded, {visit.unit.slug: _record_with(text, visit)})
    body = _valid_docx(templates["minutes"].render(data.context("minutes", visit)))
    from inspection.vn.text import clean_text

    cleaned = clean_text(text)
    for line in cleaned.split("\n"):
        if line.strip() and "\t" not in line:
            assert line.strip() in body
