"""The registry of document kinds: every kind is declared once, and a new kind needs one entry,
one context function and one template, nothing else."""

from __future__ import annotations

import shutil
import subprocess
import sys

import docx
import pytest
from conftest import EXAMPLE

from inspection.documents.kinds import KINDS
from inspection.files.workspace import bundled_dir


@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_has_its_template_and_its_context_builder(name):
    kind = KINDS[name]
    assert (bundled_dir("templates") / kind.template).is_file()
    assert callable(kind.builder())
    assert kind.number_pattern("{number}/KH-BHXH") == f"{{number}}/{kind.code}-BHXH"


def test_kinds_differ_in_code_file_name_and_label():
    for attribute in ("code", "file_stem", "label"):
        values = [getattr(kind, attribute) for kind in KINDS.values()]
        assert len(set(values)) == len(values), attribute


PLUGIN = '''
import sys
from inspection.documents import kinds

def reminder(data, visit, file_name=""):
    """A reminder letter (văn bản đôn đốc) to one unit about its open recommendations."""
    context = data.common() | data.unit_common(visit)
    context["doc"] = data.doc("reminder", visit.numbers.get("reminder"), None,
                              visit.unit.name, file_name)
    return context

kinds.KINDS["reminder"] = kinds.DocumentKind(
    "reminder", "CV", "CÔNG VĂN", "Văn bản đôn đốc thực hiện kiến nghị", "don-doc", True,
    "reminder_plugin:reminder", kinds.COMMON_VARIABLES + kinds.UNIT_VARIABLES,
    lambda campaign: ("{unit};",))

from inspection.cli import main
sys.argv[0] = "inspection"
main()
'''


def _template(path) -> None:
    document = docx.Document()
    for text in ("{{ doc.type }} {{ doc.number_line }}", "Kính gửi: {{ unit.name }}",
                 "{% for r in recommendations %}{{ r.line }} {% endfor %}",
                 "{% for line in doc.recipients %}{{ line }}{% endfor %}"):
        document.add_paragraph(text)
    document.save(str(path))


def test_a_new_kind_of_document_is_one_entry_one_function_one_template(tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns(".*", "output"))
    (ws / "templates").mkdir(exist_ok=True)
    _template(ws / "templates" / "reminder.docx")
    (tmp_path / "reminder_plugin.py").write_text(PLUGIN, encoding="utf-8")
    schedule = ws / "schedule.yaml"
    schedule.write_text(schedule.read_text(encoding="utf-8").replace(
        "documents:\n", "documents:\n  reminder:\n    number: 7\n", 1), encoding="utf-8")

    def inspection(*args):
        return subprocess.run([sys.executable, str(tmp_path / "reminder_plugin.py"), *args,
                               "-w", str(ws)], capture_output=True, text=True, cwd=tmp_path)

    assert "documents:" in schedule.read_text(encoding="utf-8")
    checked = inspection("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    done = inspection("render", "reminder", "Yên Bái")
    assert done.returncode == 0, done.stderr
    assert "Văn bản đôn đốc thực hiện kiến nghị" in done.stdout
    letter = ws / "output" / "don-doc-bhxh-tinh-yen-bai.docx"
    text = "\n".join(p.text for p in docx.Document(str(letter)).paragraphs)
    assert "CÔNG VĂN Số: 07/CV-BHXH" in text
    assert "Kính gửi: BHXH tỉnh Yên Bái" in text
    assert "Đơn vị thực hiện:" in text and "- BHXH tỉnh Yên Bái;" in text
    everything = inspection("render", "all")
    assert everything.returncode == 0, everything.stderr
    assert len(list((ws / "output").glob("don-doc-*.docx"))) == 8
    help_text = inspection("render", "--help").stdout
    assert "reminder" in help_text
    check = inspection("templates", "check", str(ws / "templates" / "reminder.docx"))
    assert check.returncode == 0, check.stdout + check.stderr
