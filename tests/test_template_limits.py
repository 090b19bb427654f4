"""A template is a file a user may have been sent: whatever is in it, `templates check`,
`render --template` and `render` with a workspace template end with a message naming the
template, the place and the problem, exit 1 and no traceback, within bounded time and memory,
and never write a document Word would refuse."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import Watch, assert_clean_failure
from lxml import etree
from test_templates import make_template

from inspection.documents import limits
from inspection.files.workspace import bundled_dir

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def with_part(path: Path, change, name: str = "word/document.xml") -> Path:
    """The bundled minutes template with its part `name` changed by `change` (bytes → bytes)."""
    source = bundled_dir("templates") / "minutes.docx"
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            out.writestr(info.filename, change(data) if info.filename == name else data)
    return path


def first_paragraph(xml: bytes) -> bytes:
    """A paragraph put first in the body, its text raw XML."""
    def change(data: bytes) -> bytes:
        return data.replace(b"<w:body>", b"<w:body><w:p><w:r><w:t>" + xml + b"</w:t></w:r></w:p>", 1)
    return change


def three_ways(run, ws: Path, template: Path):
    """The three commands that read a template: (how, result, the template's name in messages,
    a Watch of the workspace taken just before the command)."""
    (ws / "templates").mkdir(exist_ok=True)
    in_workspace = ws / "templates" / "minutes.docx"
    in_workspace.write_bytes(template.read_bytes())
    watch = Watch(ws)
    yield "render", run("render", "minutes", "Hồng Bàng", "-w", ws), "templates/minutes.docx", watch
    in_workspace.unlink()
    watch = Watch(ws)
    yield "--template", run("render", "minutes", "Hồng Bàng", "--template", template, "-w", ws), \
        str(template), watch
    watch = Watch(ws)
    yield "check", run("templates", "check", template, "--kind", "minutes", "-w", ws), str(template), watch


XML_CASES = {
    "malformed": (lambda d: d[: len(d) // 2],
                  "its part word/document.xml is not well-formed XML (line 2, column"),
    "undefined-entity": (first_paragraph(b"Kho&nope;ng"),
                         "it uses the XML entity &nope; which is not defined (Word never writes one)"),
    "external-entity": (lambda d: (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                                   + first_paragraph(b"&e;")(d[d.index(b"<w:document"):])),
                        "its part word/document.xml declares a DTD or XML entities, which Word never writes"),
    "hundred-mb-body": (lambda d: d.replace(b"<w:body>", b"<w:body>" + (b"<w:p><w:r><w:t>" + b"x" * 2000
                                            + b"</w:t></w:r></w:p>") * 50_000, 1),
                        "its part word/document.xml would unpack to 97 MB, far more than a template's text"),
}


@pytest.mark.parametrize("case", sorted(XML_CASES))
def test_a_template_whose_xml_is_broken_or_hostile_is_named_before_it_is_used(run, commune_ws, tmp_path, case):
    change, message = XML_CASES[case]
    template = with_part(tmp_path / "mau" / f"{case}.docx", change)
    for how, result, named, watch in three_ways(run, commune_ws, template):
        assert_clean_failure(result)
        assert f"{named}: " in result.output and message in result.output, (how, result.output)
        assert "root:" not in result.output
        watch.unchanged()
    assert not list((commune_ws / "output").glob("bien-ban-*"))


def test_a_broken_header_is_named_too(run, commune_ws, tmp_path):
    template = with_part(tmp_path / "mau.docx", lambda d: d.replace(b"</w:hdr>", b""), "word/header1.xml")
    result = run("render", "minutes", "--template", template, "-w", commune_ws)
    assert_clean_failure(result)
    assert f"{template}: its part word/header1.xml is not well-formed XML" in result.output


TAG_CASES = [
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "a macro calls itself without end"),
    ("{{ 'a' * 10**10 }}", "a repeated text or list of 10,000,000,000 characters or items, more than a "
                           "document needs (at most 1,000,000)"),
    ("{{ [1, 2] * 10**9 }}", "a repeated text or list of 2,000,000,000"),
    ("{{ 9 ** 999999999 }}", "a power, 9 ** 999999999, far too large a number to compute"),
    ("{{ 'a'|center(10**10) }}", "a text padded by the filter center to 10,000,000,000 characters"),
    ("{{ 'x'|indent(10**9, true) }}", "a text padded by the filter indent to 1,000,000,000"),
    ("{{ '{:>999999999}'.format('a') }}", "a text padded to 999,999,999 characters"),
    ("{{ '%999999999s' % 'a' }}", "a text padded to 999,999,999 characters"),
    ("{{ '%999999999s'|format('a') }}", "a text padded to 999,999,999 characters"),
    ("{{ ('a' * 100000)|replace('a', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa') }}", "a text after replace of 3,100,000"),
    ("{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
     "a joined text of 1,048,576 characters"),
    ("{{ " + "(" * 300 + "1" + ")" * 300 + " }}", "nests brackets or blocks far too deeply"),
]


@pytest.mark.parametrize("tag, message", TAG_CASES, ids=[m[:40] for _, m in TAG_CASES])
def test_a_template_asking_for_too_much_is_stopped_with_a_message(run, commune_ws, tmp_path, tag, message):
    template = make_template(tmp_path / "mau" / "minutes.docx", "Biên bản", tag)
    started = time.monotonic()
    for how, result, named, watch in three_ways(run, commune_ws, template):
        assert_clean_failure(result)
        assert f"{named}: " in result.output and message in result.output, (how, result.output)
        watch.unchanged()
    assert time.monotonic() - started < 30
    assert not list((commune_ws / "output").glob("bien-ban-*"))


def test_a_template_that_runs_too_long_is_stopped_at_its_loop(run, commune_ws, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "RENDER_SECONDS", 1.0)
    loops = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    template = make_template(tmp_path / "mau" / "minutes.docx", "Biên bản", loops)
    started = time.monotonic()
    for how, result, named, _ in three_ways(run, commune_ws, template):
        assert_clean_failure(result)
        assert f"{named}: " in result.output, (how, result.output)
        assert "the template was stopped after 1 seconds" in result.output, (how, result.output)
        assert f"near «{loops}»" in result.output
    assert time.monotonic() - started < 20


def test_a_template_writing_more_than_a_document_holds_is_stopped(run, commune_ws, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_OUTPUT", 2**20)
    template = make_template(tmp_path / "mau" / "minutes.docx",
                             "{% for i in range(2000) %}{{ 'x' * 1000 }}{% endfor %}")
    result = run("render", "minutes", "Hồng Bàng", "--template", template, "-w", commune_ws)
    assert_clean_failure(result)
    assert "the template makes more than 1 MB of text in one part of the document" in result.output


def test_the_deadline_does_not_outlive_the_render():
    """A render that ends before its time: nothing is raised later, in other code."""
    with limits.Deadline(0.05):
        pass
    time.sleep(0.2)  # the timer was cancelled: no OutOfTime arrives here
    with pytest.raises(limits.OutOfTime):
        with limits.Deadline(0.05):
            while True:
                time.sleep(0.001)


def test_limits_leave_ordinary_templates_alone(run, commune_ws, tmp_path):
    template = make_template(tmp_path / "mau" / "minutes.docx",
                             "{{ '-' * 20 }}|{{ '%5s'|format('ab') }}|{{ '{:>6}'.format('cd') }}|"
                             "{{ 'ab'|center(8) }}|{{ 2 ** 10 }}|{{ unit.name ~ ' ' ~ unit.name }}|"
                             "{{ unit.name|replace('Hồng', 'Hồng Hồng') }}")
    result = run("render", "minutes", "Hồng Bàng", "--template", template, "-w", commune_ws)
    assert result.exit_code == 0, result.output
    text = docx.Document(str(commune_ws / "output" / "bien-ban-phuong-hong-bang.docx")).paragraphs[0].text
    assert text == ("--------------------|   ab|    cd|   ab   |1024|Phường Hồng Bàng Phường Hồng Bàng|"
                    "Phường Hồng Hồng Bàng")


# -- documents Word refuses (item 11) ------------------------------------------------------

@pytest.mark.parametrize("tag", ["{{p unit.name }}", "{{r unit.name }}", "Đơn vị: {{r unit.name }} xong"])
def test_a_tag_that_puts_text_outside_a_run_is_an_error_everywhere(run, commune_ws, tmp_path, tag):
    """docxtpl replaces the paragraph ({{p}}) or the run ({{r}}) by the value: a bare text
    directly in <w:body> or <w:p>, which Word reports as a damaged file."""
    template = make_template(tmp_path / "mau" / "minutes.docx", "Biên bản", tag)
    for how, result, named, _ in three_ways(run, commune_ws, template):
        assert_clean_failure(result)
        assert f"{named}: " in result.output and \
            "the template puts text where Word allows none (near «Phường Hồng Bàng»)" in result.output, \
            (how, result.output)
        assert "for a value such as a name write {{ name }}" in result.output
    assert not list((commune_ws / "output").glob("bien-ban-*"))


def test_the_same_in_a_header_is_caught(run, commune_ws, tmp_path):
    document = docx.Document()
    document.add_paragraph("Biên bản")
    document.sections[0].header.paragraphs[0].text = "{{p unit.name }}"
    template = tmp_path / "mau.docx"
    document.save(str(template))
    result = run("render", "minutes", "Hồng Bàng", "--template", template, "-w", commune_ws)
    assert_clean_failure(result)
    assert "the template puts text where Word allows none" in result.output


def _text_outside_runs(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        stray = []
        for name in archive.namelist():
            if not name.endswith(".xml"):
                continue
            for element in etree.fromstring(archive.read(name)).iter():
                if isinstance(element.tag, str) and (element.tail or "").strip():
                    stray.append(element.tail)
                if isinstance(element.tag, str) and element.tag.startswith(W) and (element.text or "").strip() \
                        and element.tag not in {W + "t", W + "instrText", W + "delText"}:
                    stray.append(element.text)
    return stray


def test_every_bundled_document_has_text_only_in_runs(run, commune_ws):
    """What the validation demands holds for everything the tool makes."""
    result = run("render", "all", "-w", commune_ws)
    assert result.exit_code == 0, result.output
    made = list((commune_ws / "output").glob("*.docx"))
    assert len(made) >= 5
    for path in made:
        assert _text_outside_runs(path.read_bytes()) == [], path.name
