"""The checklist format: items tied to outline items or standing alone, levels, scales."""

from pathlib import Path
from textwrap import dedent

import pytest
from conftest import COMMUNE_CHECKLIST, COMMUNE_OUTLINE

from inspection.files import yamlfile
from inspection.files.checklist import parse_checklist
from inspection.files.outline import parse_outline
from inspection.files.workspace import Workspace
from inspection.model.checklist import DEFAULT_SCALE


def _outline():
    problems = []
    doc = yamlfile.parse(dedent(COMMUNE_OUTLINE).lstrip(), "o.yaml", problems)
    return parse_outline(doc, problems)


def load(text: str):
    problems = []
    doc = yamlfile.parse(dedent(text).lstrip(), "checklists/tuyen-truyen-xa.yaml", problems)
    checklist = parse_checklist(doc, problems, "tuyen-truyen-xa", _outline())
    return checklist, [str(p) for p in problems]


def test_a_valid_checklist_takes_titles_from_the_outline_and_the_default_scale():
    checklist, problems = load(COMMUNE_CHECKLIST)
    assert problems == []
    assert checklist.item("I.1").title == "Tuyên truyền trên hệ thống truyền thanh cơ sở"
    assert checklist.item("I.1").level == "office" and checklist.item("I.2").level == "both"
    assert checklist.item("TT.1").group == "Khảo sát thực tế" and checklist.item("TT.1").level == "both"
    assert checklist.scale == DEFAULT_SCALE


def test_a_checklist_can_bring_its_own_scale_and_vietnamese_level_names():
    text = COMMUNE_CHECKLIST + """
    scale:
      - {id: ht-tot, label: Hoàn thành tốt}
      - {id: ht, label: Hoàn thành}
    """
    text = text.replace("level: both", "level: cả hai", 1).replace("level: both", "level: Tại cơ sở")
    checklist, problems = load(text)
    assert problems == []
    assert [r.label for r in checklist.scale] == ["Hoàn thành tốt", "Hoàn thành"]
    assert checklist.item("I.2").level == "both" and checklist.item("TT.1").level == "field"


@pytest.mark.parametrize("change, expected", [
    (("{id: I.2, outline: I.2", "{id: I.2, outline: I.9"),
     "checklists/tuyen-truyen-xa.yaml:6: items[1].outline: outline tuyen-truyen-xa has no item I.9"),
    (('indicators: ["1"]', 'indicators: ["1", "7"]'),
     "checklists/tuyen-truyen-xa.yaml:5: items[0].indicators[1]: indicator row 7 is not in the appendix of outline tuyen-truyen-xa"),
    (("{id: I.2,", "{id: I.1,"),
     "checklists/tuyen-truyen-xa.yaml:6: items[1].id: the id I.1 is used twice (first on line 5)"),
    (("level: both", "level: everywhere"),
     "checklists/tuyen-truyen-xa.yaml:6: items[1].level: 'everywhere' is not one of: both, field, office"),
    (("title: Bảng tin tại nhà văn hóa thôn, ", ""),
     "checklists/tuyen-truyen-xa.yaml:7: items[2].title: title is missing (an item that refers to no outline item needs its own title)"),
    (("items:", "itemz:"),
     "checklists/tuyen-truyen-xa.yaml:4: itemz: unknown key 'itemz' (did you mean 'items'?)"),
])
def test_each_mistake_is_reported(change, expected):
    text = dedent(COMMUNE_CHECKLIST).lstrip()
    assert change[0] in text
    _, problems = load(text.replace(*change, 1))
    assert expected in problems, problems


@pytest.mark.parametrize("name", ["bhxh-ttt-2022", "bhxh-ttt-mau-02"])
def test_each_bundled_outline_has_a_checklist_that_fits_it(name):
    ws = Workspace(Path("/nonexistent"))
    problems = []
    outline = ws.load_outline(name, problems)
    checklist = ws.load_checklist(name, problems, outline)
    assert problems == []
    assert checklist.outline == name
    covered = {i.outline_item for i in checklist.items if i.outline_item}
    assert len(covered) >= 15
    assert all(checklist.item(i).title for i in (i.id for i in checklist.items))


def test_the_2022_checklist_has_the_on_site_survey_and_the_district_checks():
    ws = Workspace(Path("/nonexistent"))
    checklist = ws.load_checklist("bhxh-ttt-2022", [])
    groups = {i.group for i in checklist.items if i.group}
    assert any("trực quan" in g for g in groups)
    field = [i for i in checklist.items if i.level == "field"]
    assert field and all("quận, huyện" in i.group for i in field)
