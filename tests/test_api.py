"""The library API: what a Python program or a web form calls, without the command line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from textwrap import dedent

import docx
import pytest
from conftest import EXAMPLE, ROOT

import inspection
from inspection.errors import InvalidFiles, InvalidValue, NotFound, UnitNotFound


@pytest.fixture
def ws_path(tmp_path):
    target = tmp_path / "ws"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("findings", "drafts", ".*"))
    return target


def _python(code: str, cwd) -> list[str]:
    done = subprocess.run([sys.executable, "-c", dedent(code)], capture_output=True, text=True,
                          cwd=cwd)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_import_inspection_loads_nothing_before_it_is_used(tmp_path):
    out = _python("""
        import sys, inspection
        print(inspection.__version__)
        print(sorted(m for m in ("click", "yaml", "docxtpl", "jinja2", "openpyxl", "pypdf")
                     if m in sys.modules))
    """, tmp_path)
    assert out[0] == inspection.__version__
    assert out[1] == "[]"


def test_a_second_front_end_records_and_renders_without_click(ws_path, tmp_path):
    out = _python(f"""
        import sys
        import inspection
        ws = inspection.open_workspace({str(ws_path)!r})
        done = inspection.record_finding(ws, "hoa binh", "I.3", by="Hà", rating="2",
                                         observations=["Đã ký quy chế với 12 sở, ngành"],
                                         recommendations=["Bổ sung kế hoạch năm"], dues=["30/09/2022"])
        print(done.visit.unit.name, done.item.id, done.site, done.rating.label)
        units = {{s.visit.unit.slug: s for s in inspection.status(ws)}}
        print(units["bhxh-tinh-hoa-binh"].office_done, units["bhxh-tinh-hoa-binh"].recommendations)
        path = inspection.render_document(ws, "conclusion", "Hòa Bình")
        print(path.name)
        print("click" in sys.modules)
    """, tmp_path)
    assert out[0] == "BHXH tỉnh Hòa Bình I.3 office Khá"
    assert out[1] == "1 1"
    assert out[2] == "ket-luan-bhxh-tinh-hoa-binh.docx"
    assert out[3] == "False"
    text = "\n".join(p.text for p in docx.Document(str(ws_path / "output" / out[2])).paragraphs)
    assert "Bổ sung kế hoạch năm" in text and "30/09/2022" in text


def test_the_api_raises_errors_in_the_domains_words(ws_path):
    ws = inspection.open_workspace(ws_path)
    with pytest.raises(InvalidValue) as bad_due:
        inspection.record_finding(ws, "Yên Bái", "I.1", by="x", recommendations=["a"],
                                  dues=["31/02/2022"])
    assert bad_due.value.field == "due"
    assert bad_due.value.message == "the deadline 31/02/2022 is not a date: month 2/2022 has 28 days"
    with pytest.raises(InvalidValue) as bad_rating:
        inspection.record_finding(ws, "Yên Bái", "I.1", by="x", rating="xuất sắc")
    assert bad_rating.value.field == "rating" and "--" not in bad_rating.value.message
    with pytest.raises(InvalidValue) as no_site:
        inspection.record_finding(ws, "Yên Bái", "QH.1", by="x", rating="1")
    assert no_site.value.field == "site" and "--site" not in no_site.value.message
    with pytest.raises(NotFound, match="has no item 'Z.9'"):
        inspection.record_finding(ws, "Yên Bái", "Z.9", by="x", rating="1")
    with pytest.raises(UnitNotFound):
        inspection.record_finding(ws, "Hà Giang", "I.1", by="x", rating="1")
    assert not (ws_path / "findings" / "bhxh-tinh-yen-bai.yaml").exists()  # nothing half-saved


def test_the_api_refuses_a_broken_workspace_with_every_problem(ws_path):
    schedule = ws_path / "schedule.yaml"
    schedule.write_text(schedule.read_text(encoding="utf-8").replace("2022-07-12", "2022-02-30"),
                        encoding="utf-8")
    problems = inspection.check(ws_path)
    assert any("2022-02-30 is not a date" in p.message for p in problems)
    with pytest.raises(InvalidFiles) as broken:
        inspection.status(ws_path)
    assert "schedule.yaml" in broken.value.message


def test_render_documents_names_what_it_wrote(ws_path):
    outcome = inspection.render_documents(ws_path, ["minutes"], ["Yên Bái", "lao cai"])
    assert [job.target.name for job in outcome.written] == [
        "bien-ban-bhxh-tinh-yen-bai.docx", "bien-ban-bhxh-tinh-lao-cai.docx"]
    with pytest.raises(inspection.errors.InspectionError, match="made for one unit"):
        inspection.render_document(ws_path, "minutes")


def test_the_readme_shows_the_library_api():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in inspection.__all__:
        assert f"inspection.{name}(" in readme, name


def test_core_messages_name_no_command_line_option_but_say_what_would_help(ws_path, tmp_path):
    from inspection.errors import ExportError, WorkspaceError
    from inspection.indicators.figures import import_form
    from inspection.indicators.form import build_form
    from inspection.model.lookup import find_visit
    from inspection.model.findings import UnitRecord

    store = inspection.api.findings_store(ws_path)
    lao_cai = find_visit(store.loaded.campaign, "Lào Cai")
    form = tmp_path / "bieu.xlsx"
    form.write_bytes(build_form(store.loaded.outline, lao_cai, UnitRecord(lao_cai.unit.slug, "")))
    yen_bai = find_visit(store.loaded.campaign, "Yên Bái")
    with pytest.raises(ExportError) as other_unit:
        import_form(store, yen_bai, form, "bieu.xlsx", "x")
    assert "made for BHXH tỉnh Lào Cai" in other_unit.value.message
    assert "--" not in other_unit.value.message and other_unit.value.remedy[0] == "any_unit"
    with pytest.raises(WorkspaceError) as not_a_workspace:
        inspection.status(tmp_path)
    assert "-w" not in not_a_workspace.value.message
    assert not_a_workspace.value.remedy[0] == "workspace"
