"""`inspection check`: every rule, every problem at once, as file:line: key.path: problem."""

from pathlib import Path

import pytest
from conftest import EXAMPLE, assert_clean_failure, build_tree


def edit(ws: Path, old: str, new: str, name: str = "schedule.yaml") -> None:
    path = ws / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def lines(result) -> list[str]:
    return result.output.splitlines()


def test_the_bundled_example_has_no_problem(run):
    result = run("check", "-w", EXAMPLE)
    assert result.exit_code == 0, result.output
    assert "No problems" in result.output


def test_a_commune_level_campaign_with_its_own_outline_is_checked_the_same_way(run, commune_ws):
    result = run("check", "-w", commune_ws)
    assert result.exit_code == 0, result.output
    assert lines(result) == [f"No problems: the workspace {commune_ws} is ready."]


@pytest.mark.parametrize("old, new, expected", [
    ("2026-06-10]", "2026-06-31]",
     "schedule.yaml:29: visits[1].days[1]: 2026-06-31 is not a date: month 6/2026 has 30 days"),
    ("[10/06/2026]", "[31/02/2026]",
     "schedule.yaml:32: visits[2].days[0]: 31/02/2026 is not a date: month 2/2026 has 28 days"),
    ("[10/06/2026]", "[10/06/0000]",
     "schedule.yaml:32: visits[2].days[0]: 10/06/0000 is not a date: there is no year 0"),
    ("[10/06/2026]", "[31/12/9999]",
     "schedule.yaml:32: visits[2].days[0]: 31/12/9999: the year must be between 1900 and 2199"),
    ("[10/06/2026]", "[10/06/0001]",
     "schedule.yaml:32: visits[2].days[0]: 10/06/0001: the year must be between 1900 and 2199"),
    ("[10/06/2026]", "[mười tháng sáu]",
     "schedule.yaml:32: visits[2].days[0]: mười tháng sáu is not a date; write it as 2022-07-12 or 12/07/2022"),
    ("date: 2026-06-09", "date: 2026-08-04",
     "schedule.yaml:25: visits[0].days[0].date: 04/08/2026 is outside the window (01/06/2026–31/07/2026)"),
    ("period: {from: 2026-05-01}", "period: {from: 2026-06-10}",
     "schedule.yaml:25: visits[0].days[0].date: 09/06/2026 is before the period under review starts (10/06/2026)"),
    ("[2026-06-09, 2026-06-10]", "[2026-06-09, 2026-06-11]",
     "schedule.yaml:29: visits[1].days[1]: 11/06/2026 does not follow 09/06/2026: a visit's days must be "
     "consecutive working days (the next one is 10/06/2026)"),
    ("[2026-06-09, 2026-06-10]", "[2026-06-10, 2026-06-09]",
     "schedule.yaml:29: visits[1].days[1]: 09/06/2026 does not come after the day before it (10/06/2026); "
     "list a visit's days in order, once each"),
    ("[10/06/2026]", "[09/06/2026]",
     "schedule.yaml:32: visits[2].days[0]: team to-1 is already at Phường Hồng Bàng on 09/06/2026 (visits[0])"),
    ("{name: Đặng Minh Châu, role: truong doan}",
     "{name: Đặng Minh Châu, role: truong doan}\n      - {name: NGÔ VĂN TÀI}",
     "schedule.yaml:21: teams[1].members[1].name: Ngô Văn Tài is in teams to-1 and to-2, which are in "
     "different places on 09/06/2026, 10/06/2026"),
    ("team: to-1\n    days: [10", "team: to-9\n    days: [10",
     "schedule.yaml:31: visits[2].team: there is no team to-9; the teams are: to-1, to-2"),
    ("role: truong doan", "role: thành viên",
     "schedule.yaml:19: teams[1].members: the team has no Trưởng đoàn (role: Trưởng đoàn)"),
    ("role: truong doan", "role: tổ trưởng",
     "schedule.yaml:20: teams[1].members[0].role: 'tổ trưởng' is not one of: deputy, lead, member, secretary"),
    ("title: Kiểm tra", "titel: Kiểm tra", "schedule.yaml:2: titel: unknown key 'titel' (did you mean 'title'?)"),
    ("outline: tuyen-truyen-xa", "outline: khong-co",
     "schedule.yaml:8: outline: there is no outline named 'khong-co'; available: bhxh-ttt-2022, "
     "bhxh-ttt-mau-02, tuyen-truyen-xa"),
    ("checklist: tuyen-truyen-xa", "checklist: bhxh-ttt-2022",
     "schedule.yaml:9: checklist: checklist bhxh-ttt-2022 is written for outline bhxh-ttt-2022, but the "
     "campaign uses outline tuyen-truyen-xa"),
    ("window: {from: 2026-06-01, to: 2026-07-31}", "window: Q5/2026",
     "schedule.yaml:11: window: Q5/2026: a year has quarters 1 to 4"),
    ("window: {from: 2026-06-01, to: 2026-07-31}", "window: mùa hè 2026",
     "schedule.yaml:11: window: 'mùa hè 2026' is not a window: write Q3/2022, Quý III/2022, 07/2022, 2022 or a "
     "block with from: and to:"),
    ("window: {from: 2026-06-01, to: 2026-07-31}", "window: {from: 2026-07-31, to: 2026-06-01}",
     "schedule.yaml:11: window.to: the window ends (01/06/2026) before it starts (31/07/2026)"),
    ("teams:\n  - id: to-1", "teams:\n  - id: to 1",
     "schedule.yaml:14: teams[0].id: 'to 1' is not a valid id: use letters without accents, digits, '.', "
     "'-' or '_' (e.g. I.1, doan-1)"),
    ("  - id: to-2", "  - id: to-1",
     "schedule.yaml:18: teams[1].id: the team id to-1 is used twice (first on line 14)"),
    ("days: [2026-06-09, 2026-06-10]", "days: {date: 2026-06-09}",
     "schedule.yaml:29: visits[1].days: this must be a list (lines starting with '- '), not a block of keys"),
    ("teams:\n", "teams: đoàn một\nteamz:\n",
     "schedule.yaml:13: teams[0]: this must be a block of `key: value` lines, not the text 'đoàn một'"),
])
def test_each_rule_reports_the_place_and_the_problem(run, commune_ws, old, new, expected):
    edit(commune_ws, old, new)
    result = run("check", "-w", commune_ws)
    assert_clean_failure(result, 1)
    assert expected in lines(result), result.output


def test_the_same_unit_spelled_two_ways_is_an_error(run, commune_ws):
    edit(commune_ws, "{name: Phường Hồng Bàng}", "{name: Xã Hòa Bình}")
    edit(commune_ws, "{name: Báo Hải Phòng}", "{name: xã  Hoà Bình}")
    result = run("check", "-w", commune_ws)
    assert_clean_failure(result)
    assert ("schedule.yaml:30: visits[2].unit.name: 'xã Hoà Bình' is the same unit as 'Xã Hòa Bình': the "
            "names differ only in case, Unicode form or tone-mark placement (visits[0], line 22)"
            ) in lines(result)


def test_weekends_and_holidays_are_warnings_only(run, commune_ws):
    edit(commune_ws, "window: {from: 2026-06-01, to: 2026-07-31}\n", "")
    edit(commune_ws, "[2026-06-09, 2026-06-10]", "[2026-06-13]")
    edit(commune_ws, "date: 2026-06-09", "date: 2027-02-08")
    edit(commune_ws, "[10/06/2026]", "[2026-11-24]")
    result = run("check", "-w", commune_ws)
    assert result.exit_code == 0, result.output
    out = lines(result)
    assert "schedule.yaml:28: visits[1].days[0]: warning: 13/06/2026 is a weekend day (Thứ Bảy)" in out
    assert "schedule.yaml:24: visits[0].days[0].date: warning: 08/02/2027 is a public holiday (Mùng ba Tết Nguyên Đán)" in out
    assert "schedule.yaml:31: visits[2].days[0]: warning: 24/11/2026 is a public holiday (Ngày Văn hóa Việt Nam)" in out
    assert out[-1].startswith("No errors (3 warning(s))")


def test_a_weekend_or_holiday_between_two_days_does_not_break_a_visit(run, commune_ws):
    edit(commune_ws, "window: {from: 2026-06-01, to: 2026-07-31}\n", "")
    edit(commune_ws, "[2026-06-09, 2026-06-10]", "[2026-06-12, 2026-06-15]")  # Friday, Monday
    edit(commune_ws, "[10/06/2026]", "[2026-04-29, 2026-05-04]")  # over 30/4 and 1/5
    edit(commune_ws, "period: {from: 2026-05-01}", "period: {from: 2026-01-01}")
    result = run("check", "-w", commune_ws)
    assert result.exit_code == 0, result.output


def test_all_problems_of_all_files_are_reported_at_once(run, commune_ws):
    edit(commune_ws, "2026-06-10]", "2026-06-31]")
    edit(commune_ws, "team: to-1\n    days: [10", "team: to-9\n    days: [10")
    edit(commune_ws, "{id: I.2, outline: I.2", "{id: I.2, outline: I.7", "checklists/tuyen-truyen-xa.yaml")
    edit(commune_ws, "kind: percentage", "kind: percent age", "outlines/tuyen-truyen-xa.yaml")
    result = run("check", "-w", commune_ws)
    assert_clean_failure(result)
    out = "\n".join(lines(result))
    for where in ("schedule.yaml:29:", "schedule.yaml:31:", "checklists/tuyen-truyen-xa.yaml:6:",
                  "outlines/tuyen-truyen-xa.yaml:"):
        assert where in out
    assert "4 error(s)" in out


def test_the_look_alike_d_is_a_warning(run, commune_ws):
    edit(commune_ws, "Đặng Minh Châu", "\u00d0ặng Minh Châu")
    result = run("check", "-w", commune_ws)
    assert result.exit_code == 0
    assert ("schedule.yaml:20: teams[1].members[0].name: warning: 'Ðặng Minh Châu' is spelled with the "
            "look-alike letter Ð (U+00D0) instead of the Vietnamese Đ (U+0110)") in lines(result)


def test_a_workspace_outline_with_an_error_is_reported_even_if_unused(run, commune_ws):
    build_tree(commune_ws, {"outlines/nhap.yaml": "id: nhap\ntitle: Nháp\nsections: [{id: I}]\n"})
    result = run("check", "-w", commune_ws)
    assert_clean_failure(result)
    assert "outlines/nhap.yaml:3: sections[0].title: title is missing" in lines(result)


@pytest.mark.parametrize("content, expected", [
    ("", "schedule.yaml: the file is empty"),
    ("- a\n- b\n", "schedule.yaml:1: this file must be a block of `key: value` lines, not a list"),
    ("id: x\n\ttitle: y\n", "schedule.yaml:2: a tab character is used for indentation; YAML needs spaces"),
    (b"\x00\x01\x02binary", "schedule.yaml: this is not a text file (it holds binary data); a YAML file is plain text"),
])
def test_unreadable_schedules_get_a_clear_message(run, tmp_path, content, expected):
    ws = build_tree(tmp_path, {"schedule.yaml": content})
    result = run("check", "-w", ws)
    assert_clean_failure(result)
    assert expected in lines(result), result.output


def test_a_folder_without_a_schedule_is_not_a_workspace(run, tmp_path):
    result = run("check", "-w", tmp_path)
    assert_clean_failure(result)
    assert "this folder is not a workspace (it has no schedule.yaml)" in result.output
    assert "Add -w DIR to name the campaign's folder." in result.output


def test_the_workspace_can_come_from_the_environment(run, commune_ws):
    result = run("check", env={"INSPECTION_WORKSPACE": str(commune_ws)})
    assert result.exit_code == 0 and str(commune_ws) in result.output


def test_the_workspace_can_be_named_before_the_command_as_git_C_is(run, commune_ws, example_ws):
    """`inspection -w DIR check` (it was refused: "No such option '-w'"), for nested
    commands too; the command's own -w wins, and either wins over the environment."""
    result = run("-w", commune_ws, "check")
    assert result.exit_code == 0 and str(commune_ws) in result.output, result.output
    shown = run("--workspace", commune_ws, "indicators", "show", "Hồng Bàng")
    assert shown.exit_code == 0, shown.output
    own = run("-w", commune_ws, "check", "-w", example_ws)
    assert own.exit_code == 0 and str(example_ws) in own.output
    over_env = run("-w", commune_ws, "check", env={"INSPECTION_WORKSPACE": str(example_ws)})
    assert over_env.exit_code == 0 and str(commune_ws) in over_env.output
    missing = run("-w", commune_ws / "nowhere", "check")
    assert_clean_failure(missing)
    assert "nowhere: there is no such folder" in missing.output


@pytest.mark.vietnamese
def test_a_deadline_before_the_visit_is_said_when_recorded_and_by_check(run, example_ws):
    """--due 01/01/2020 for a 2022 visit was saved without a word and check said nothing."""
    done = run("record", "Yên Bái", "I.1", "-w", example_ws, "--recommend", "Bổ sung kế hoạch",
               "--due", "01/01/2020")
    assert done.exit_code == 0, done.output  # saved: the team may mean it, and can fix it
    assert "Lưu ý: thời hạn 01/01/2020 của kiến nghị «Bổ sung kế hoạch» trước ngày bắt đầu " \
           "kiểm tra (12/07/2022)" in done.output
    later = run("record", "Yên Bái", "I.1", "-w", example_ws, "--observation", "Thêm một ý.")
    assert "Lưu ý" not in later.output  # said once, for what that command recorded
    result = run("check", "-w", example_ws, env={"INSPECTION_LANG": "en"})  # in English
    assert result.exit_code == 0, result.output  # a warning, not an error
    assert "findings/bhxh-tinh-yen-bai.yaml" in result.output
    assert "recommendations.0.due" in result.output
    assert 'I.1: the recommendation "Bổ sung kế hoạch" is due 01/01/2020, before the visit ' \
           "began (12/07/2022)" in result.output


def test_a_legal_basis_without_can_cu_is_warned_about(run, example_ws):
    """Bases print as typed: "Nghị định số 89/2020/NĐ-CP …" alone reads wrong in the plan."""
    edit(example_ws, "  - Căn cứ Nghị định số 89/2020", "  - Nghị định số 89/2020")
    result = run("check", "-w", example_ws)
    assert result.exit_code == 0, result.output  # a warning
    assert "schedule.yaml:19: legal_bases[0]: warning: 'Nghị định số 89/2020/NĐ-CP ngày " \
        "04/08/2020 của Chí': a legal basis is printed as typed" in result.output
    assert 'reads "Căn cứ …" (or "Thực hiện …")' in result.output
    assert "legal_bases" not in run("check", "-w", EXAMPLE).output


@pytest.mark.parametrize("bad", ["2022-13-07", "13/07/2022x", "31/06/2022"])
def test_a_bad_date_is_one_error_not_a_cascade_about_the_sites_of_its_day(run, example_ws, bad):
    # the second day of Yên Bái's visit holds its two field sites, which findings refer to
    edit(example_ws, "date: 2022-07-13", f"date: {bad}")
    result = run("check", "-w", example_ws)
    assert result.exit_code == 1
    assert lines(result)[-1] == "1 error(s), 0 warning(s)."
    assert f"visits[0].days[1].date: {bad}" in result.output
    assert "field site" not in result.output and "has no site" not in result.output


def test_a_units_place_is_given_once_as_locality_or_province(run, example_ws):
    edit(example_ws, "      province: Yên Bái\n", "      locality: Yên Bái\n")
    assert run("check", "-w", example_ws).exit_code == 0
    edit(example_ws, "      locality: Yên Bái\n", "      locality: Yên Bái\n      province: Yên Bái\n")
    result = run("check", "-w", example_ws)
    assert result.exit_code == 1
    assert "visits[0].unit.province: give the place once, as locality (province is its older " \
           "name)" in result.output


@pytest.mark.parametrize("key, heading", [("purposes", "I. MỤC ĐÍCH, YÊU CẦU"),
                                          ("content", "III. 1. Nội dung kiểm tra"),
                                          ("methods", "III. 2. Phương pháp kiểm tra"),
                                          ("responsibilities", "IV. TỔ CHỨC THỰC HIỆN")])
def test_a_plan_section_left_empty_is_a_warning_naming_the_heading(run, example_ws, key, heading):
    import re

    path = example_ws / "schedule.yaml"
    text = path.read_text(encoding="utf-8")
    block = re.search(rf"^{key}:\n(?:  .*\n|\n)+", text, re.M).group(0)
    path.write_text(text.replace(block, ""), encoding="utf-8")
    result = run("check", "-w", example_ws)
    assert result.exit_code == 0, result.output
    assert (f"warning: {key} is empty: the plan prints a dotted line in its place under "
            f"\"{heading}\"") in result.output
    assert lines(result)[-1].startswith("No errors (1 warning(s))")


def test_a_plan_without_legal_basis_is_a_warning(run, example_ws):
    edit(example_ws, "legal_bases:\n", "legal_bases: []\nold_bases:\n")
    result = run("check", "-w", example_ws)
    assert "legal_bases: warning: there is no legal basis" in result.output
