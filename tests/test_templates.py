"""Templates belong to the user: bundled defaults, workspace overrides, export, check, and every
way a template can be wrong giving a clear message instead of a traceback or blank output."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import docx
import pytest
from conftest import ROOT, assert_clean_failure
from test_render_support import full_text

from inspection import values
from inspection.documents import views as ctx
from inspection.documents.checking import check_template
from inspection.documents.data import DocumentData
from inspection.documents.kinds import KINDS
from inspection.documents.templates import FILTERS
from inspection.files.workspace import Workspace, bundled_dir


def make_template(path: Path, *paragraphs: str, table_cell: str | None = None) -> Path:
    """A small .docx whose paragraphs hold `paragraphs` (docxtpl tags and text)."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table_cell is not None:
        document.add_table(rows=1, cols=1).cell(0, 0).text = table_cell
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def _build_module():
    spec = importlib.util.spec_from_file_location("build_templates", ROOT / "tools" / "build_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the bundled templates ----------------------------------------------------------------------


def test_the_bundled_templates_are_what_the_build_script_makes():
    built = _build_module().build()
    assert sorted(built) == sorted(f"{kind}.docx" for kind in KINDS)
    for name, data in built.items():
        assert (bundled_dir("templates") / name).read_bytes() == data, \
            f"run `python tools/build_templates.py` to rebuild {name}"
    assert _build_module().build() == built  # reproducible byte for byte


@pytest.mark.parametrize("kind", KINDS)
def test_the_bundled_templates_open_in_word_terms_and_check_clean(kind):
    path = bundled_dir("templates") / f"{kind}.docx"
    document = docx.Document(str(path))
    assert document.sections[0].page_width.mm == pytest.approx(210, abs=0.5)
    assert "Times New Roman" == document.styles["Normal"].font.name
    assert [p for p in check_template(path, kind) if p.severity == "error"] == []


# -- export and override --------------------------------------------------------------------------


def test_export_copies_the_five_templates_and_keeps_edited_ones(run, tmp_path):
    target = tmp_path / "mau"
    result = run("templates", "export", target)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in target.iterdir()) == sorted(f"{k}.docx" for k in KINDS)
    make_template(target / "plan.docx", "Kế hoạch của tôi {{ campaign.title }}")
    edited = (target / "plan.docx").read_bytes()
    result = run("templates", "export", target)
    assert result.exit_code == 0
    assert "Kept" in result.output and (target / "plan.docx").read_bytes() == edited
    assert run("templates", "export", target, "--force").exit_code == 0
    assert (target / "plan.docx").read_bytes() == (bundled_dir("templates") / "plan.docx").read_bytes()


def test_a_workspace_template_overrides_the_bundled_one_by_name(run, commune_ws):
    make_template(commune_ws / "templates" / "minutes.docx",
                  "MẪU RIÊNG: {{ unit.name }} - {{ doc.number_line }}")
    assert run("render", "all", "-w", commune_ws).exit_code == 0
    out = commune_ws / "output"
    assert full_text(out / "bien-ban-phuong-hong-bang.docx").strip() == \
        "MẪU RIÊNG: Phường Hồng Bàng - Số:      /BB-SVHTTDL"
    assert "KẾ HOẠCH" in full_text(out / "ke-hoach-kiem-tra.docx")  # the others: bundled


def test_template_option_renders_with_a_given_file(run, commune_ws, tmp_path):
    template = make_template(tmp_path / "mau.docx", "{{ doc.type }} {{ unit.display }}",
                             "{{ doc.place_date }}")
    result = run("render", "conclusion", "Đặc khu Cát Hải", "-w", commune_ws, "--template", template)
    assert result.exit_code == 0, result.output
    text = full_text(commune_ws / "output" / "ket-luan-dac-khu-cat-hai.docx")
    assert "THÔNG BÁO Đặc khu Cát Hải" in text and "Hải Phòng, ngày     tháng     năm 2026" in text


def test_template_option_needs_one_kind_and_an_existing_file(run, commune_ws, tmp_path):
    assert_clean_failure(run("render", "all", "-w", commune_ws, "--template", tmp_path / "x.docx"))
    result = run("render", "plan", "-w", commune_ws, "--template", tmp_path / "khong-co.docx")
    assert_clean_failure(result)
    assert "khong-co.docx: the file does not exist" in result.output


# -- a template that is wrong -------------------------------------------------------------------------


BAD = [
    (("Số: {{ doc.number_line }",), "Jinja syntax error", "Số: {{ doc.number_line }"),
    (("{% if unit.name %}mở mà không đóng",), "Jinja syntax error",
     "{% if unit.name %}mở mà không đóng"),
    (("Đơn vị: {{ unit.nmae }}",), "the template uses the field 'nmae'", "Đơn vị: {{ unit.nmae }}"),
    (("{{ khong_co_bien }}",), "the template uses the variable 'khong_co_bien'", ""),
    (("{{ ''.__class__.__mro__ }}",), "templates may not use", ""),
    (("{{ unit.__init__.__globals__ }}",), "templates may not use", ""),
    (("{{ doc.number_text.format.__globals__ }}",), "templates may not use", ""),
    (("{% include '/etc/passwd' %}",), "templates cannot include other files", ""),
    (("{{ 1 / 0 }}",), "ZeroDivisionError", ""),
]


@pytest.mark.parametrize("paragraphs, message, near", BAD, ids=[b[1][:30] + str(i) for i, b in enumerate(BAD)])
def test_a_wrong_template_is_a_clear_error_naming_it(run, commune_ws, paragraphs, message, near):
    make_template(commune_ws / "templates" / "minutes.docx", *paragraphs)
    result = run("render", "minutes", "-w", commune_ws)
    assert_clean_failure(result)
    assert "templates/minutes.docx: " in result.output and message in result.output
    if near:
        assert f"near «{near}»" in result.output
    assert not list((commune_ws / "output").glob("bien-ban-*.docx"))  # no blank documents


def test_a_tag_breaking_the_document_structure_is_an_error(run, commune_ws):
    make_template(commune_ws / "templates" / "conclusion.docx", "{% if false %}đầu",
                  table_cell="cuối{% endif %}")
    result = run("render", "conclusion", "-w", commune_ws)
    assert_clean_failure(result)
    assert "templates/conclusion.docx: the template makes a broken document" in result.output
    assert "{%p %}" in result.output


def test_a_generated_table_placed_inside_a_sentence_is_an_error(run, commune_ws):
    make_template(commune_ws / "templates" / "report.docx", "Bảng: {{ rating_table }} hết.")
    result = run("render", "report", "-w", commune_ws)
    assert_clean_failure(result)
    assert "the template makes a broken document (near «Bảng:" in result.output


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"PK\x03\x04 truncated", "not a Word document (.docx), or it is damaged or truncated"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "an old Word 97-2003 document (.doc)"),
    (b"hello", "not a Word document (.docx)"),
])
def test_a_damaged_template_file_is_named(run, commune_ws, content, message):
    (commune_ws / "templates").mkdir()
    (commune_ws / "templates" / "plan.docx").write_bytes(content)
    result = run("render", "plan", "-w", commune_ws)
    assert_clean_failure(result)
    assert "templates/plan.docx: " in result.output and message in result.output


def test_a_truncated_docx_is_named(run, commune_ws):
    data = (bundled_dir("templates") / "plan.docx").read_bytes()
    (commune_ws / "templates").mkdir()
    (commune_ws / "templates" / "plan.docx").write_bytes(data[: len(data) // 2])
    result = run("render", "plan", "-w", commune_ws)
    assert_clean_failure(result)
    assert "templates/plan.docx: this is not a Word document (.docx), or it is damaged" in result.output


# -- templates check --------------------------------------------------------------------------------


def test_check_passes_a_good_template(run, commune_ws, tmp_path):
    run("templates", "export", tmp_path)
    result = run("templates", "check", tmp_path / "minutes.docx", "-w", commune_ws)
    assert result.exit_code == 0, result.output
    assert "minutes.docx: no errors." in result.output


def test_check_reports_unknown_variables_syntax_and_curly_quotes(run, commune_ws, tmp_path):
    template = make_template(
        tmp_path / "minutes.docx", "Đơn vị: {{ don_vi }}", "{{ unit.name if unit.name == “x” }}",
        "{% for s in sections %}{{ s.title }}")
    result = run("templates", "check", template, "-w", commune_ws)
    assert_clean_failure(result)
    assert "Jinja syntax error" in result.output and "for" in result.output
    result = run("templates", "check", make_template(tmp_path / "report.docx",
                                                     "Đơn vị: {{ don_vi }}", "{{ unit.name }}",
                                                     "{{ doc.type if doc.type == “x” else '' }}"),
                 "-w", commune_ws)
    assert_clean_failure(result)
    lines = result.output.splitlines()
    assert any("body, paragraph 1: the variable 'don_vi' is not provided to the report template"
               in line for line in lines)
    assert any("the variable 'unit' is not provided to the report template" in line for line in lines)
    assert any("warning: Word's curly quotes “ ” inside the tag" in line for line in lines)


def test_check_tries_the_template_on_the_workspace_data(run, commune_ws, tmp_path):
    template = make_template(tmp_path / "conclusion.docx", "{{ visit.representative.name }}")
    result = run("templates", "check", template, "-w", commune_ws)
    assert_clean_failure(result)  # Phường Hồng Bàng has no representative in the schedule
    assert "rendering with the workspace's data" in result.output


def test_check_names_a_damaged_file_and_a_missing_one(run, tmp_path):
    bad = tmp_path / "plan.docx"
    bad.write_bytes(b"not a zip")
    result = run("templates", "check", bad)
    assert_clean_failure(result)
    assert "plan.docx: this is not a Word document (.docx)" in result.output
    assert_clean_failure(run("templates", "check", tmp_path / "none.docx"))


def test_check_without_a_kind_says_so(run, tmp_path):
    template = make_template(tmp_path / "mau-moi.docx", "{{ unit.name }}")
    result = run("templates", "check", template)
    assert result.exit_code == 0, result.output
    assert "The kind of document is not known" in result.output


# -- the reference of variables ------------------------------------------------------------------------


VARIABLES = {name: kind.variables for name, kind in KINDS.items()}


def _fields(cls) -> set[str]:
    return {f.name for f in values.fields(cls)}


def test_every_variable_and_field_is_in_the_reference():
    reference = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    for kind, names in VARIABLES.items():
        assert f"## {kind}" in reference.lower() or f"`{kind}`" in reference
        for name in names:
            assert f"`{name}`" in reference, name
    views = [obj for obj in vars(ctx).values() if isinstance(obj, type)
             and hasattr(obj, "__value_fields__") and obj.__module__ == ctx.__name__]
    assert len(views) > 15
    for view in views:
        assert f"### {view.__name__}\n" in reference, view.__name__
        section = reference.split(f"### {view.__name__}\n", 1)[1].split("\n### ", 1)[0]
        for name in _fields(view):
            assert re.search(rf"`{name}`", section), f"{view.__name__}.{name}"
    for helper in FILTERS:
        assert f"`{helper}" in reference, helper


def test_each_context_has_exactly_the_documented_variables(commune_ws):
    loaded = Workspace(commune_ws).load()
    data = DocumentData(loaded)
    for kind, names in VARIABLES.items():
        visit = loaded.campaign.visits[0] if KINDS[kind].per_unit else None
        assert sorted(data.context(kind, visit)) == sorted(names)
