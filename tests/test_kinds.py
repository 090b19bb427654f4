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
    # a letter (công văn) has no type code: the agency's and the drafting unit's abbreviations
    expected = f"{{number}}/{kind.code}-BHXH" if kind.code else "{number}/BHXH-TT"
    assert kind.number_pattern("{number}/KH-BHXH", "TT") == expected
    assert kind.number_pattern("{number}/{type}-BHXH", "TT") == expected


def test_kinds_differ_in_file_name_and_label_and_share_a_code_only_as_one_kind_of_paper():
    for attribute in ("file_stem", "label"):
        values = [getattr(kind, attribute) for kind in KINDS.values()]
        assert len(set(values)) == len(values), attribute
    # two reports (the summary and the follow-up) are both BÁO CÁO and number as BC
    by_code: dict[str, set[str]] = {}
    for kind in KINDS.values():
        by_code.setdefault(kind.code, set()).add(kind.heading)
    assert all(len(headings) == 1 for headings in by_code.values()), by_code


PLUGIN = '''
import sys
from inspection.documents import kinds

def invitation(data, visit, file_name=""):
    """A invitation letter (văn bản đôn đốc) to one unit about its open recommendations."""
    context = data.common() | data.unit_common(visit)
    context["doc"] = data.doc("invitation", visit.numbers.get("invitation"), None,
                              visit.unit.name, file_name)
    return context

kinds.KINDS["invitation"] = kinds.DocumentKind(
    "invitation", "GM", "GIẤY MỜI", "Giấy mời làm việc", "giay-moi", True,
    "invitation_plugin:invitation", kinds.COMMON_VARIABLES + kinds.UNIT_VARIABLES,
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
    _template(ws / "templates" / "invitation.docx")
    (tmp_path / "invitation_plugin.py").write_text(PLUGIN, encoding="utf-8")
    schedule = ws / "schedule.yaml"
    schedule.write_text(schedule.read_text(encoding="utf-8").replace(
        "documents:\n", "documents:\n  invitation:\n    number: 7\n", 1), encoding="utf-8")

    def inspection(*args):
        return subprocess.run([sys.executable, str(tmp_path / "invitation_plugin.py"), *args,
                               "-w", str(ws)], capture_output=True, text=True, cwd=tmp_path)

    assert "documents:" in schedule.read_text(encoding="utf-8")
    checked = inspection("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    done = inspection("render", "invitation", "Yên Bái")
    assert done.returncode == 0, done.stderr
    assert "Giấy mời làm việc" in done.stdout
    letter = ws / "output" / "giay-moi-bhxh-tinh-yen-bai.docx"
    text = "\n".join(p.text for p in docx.Document(str(letter)).paragraphs)
    assert "GIẤY MỜI Số: 07/GM-BHXH" in text
    assert "Kính gửi: BHXH tỉnh Yên Bái" in text
    assert "Đơn vị thực hiện:" in text and "- BHXH tỉnh Yên Bái;" in text
    everything = inspection("render", "all")
    assert everything.returncode == 0, everything.stderr
    assert len(list((ws / "output").glob("giay-moi-*.docx"))) == 8
    help_text = inspection("render", "--help").stdout
    assert "invitation" in "".join(help_text.split())  # the choices may wrap
    check = inspection("templates", "check", str(ws / "templates" / "invitation.docx"))
    assert check.returncode == 0, check.stdout + check.stderr
