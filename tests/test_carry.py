"""Carrying forward (`inspection init NEW --from OLD`): the next campaign starts from the
previous one's units, teams and texts, with only the recommendations still open; the team
verifies each at the next visit, and that is kept in its history."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE, assert_clean_failure

YEN_BAI, LAO_CAI = "bhxh-tinh-yen-bai", "bhxh-tinh-lao-cai"


@pytest.fixture
def previous(tmp_path: Path, run) -> Path:
    """Last year's campaign: two conclusions issued, some recommendations carried out."""
    old = tmp_path / "kiem-tra-2022"
    shutil.copytree(EXAMPLE, old, ignore=shutil.ignore_patterns(".*", "output"))
    (old / "templates").mkdir(exist_ok=True)
    (old / "templates" / "ghi-chu.txt").write_text("mẫu riêng", encoding="utf-8")
    assert run("issue", "conclusion", "Yên Bái", "Lào Cai", "--date", "14/10/2022", "--no-pdf",
               "-w", old).exit_code == 0
    for args in (("Yên Bái", "1", "--status", "đã thực hiện", "--date", "01/12/2022"),
                 ("Yên Bái", "2", "--status", "đang thực hiện"),
                 ("Lào Cai", "1", "--status", "không thực hiện được", "--reason", "Đã sáp nhập")):
        assert run("followup", "set", *args, "-w", old).exit_code == 0
    return old


def _recs(ws: Path, unit: str) -> list[dict]:
    path = ws / "followup" / f"{unit}.yaml"
    return yaml.safe_load(path.read_text("utf-8"))["recommendations"] if path.exists() else []


def test_only_open_recommendations_are_carried_with_their_history(run, previous, tmp_path):
    new = tmp_path / "kiem-tra-2023"
    result = run("init", new, "--from", previous)
    assert result.exit_code == 0, result.output
    old_yen_bai = _recs(previous, YEN_BAI)
    carried = _recs(new, YEN_BAI)
    open_ids = [r["id"] for r in old_yen_bai
                if (r.get("updates") or [{}])[-1].get("status", "chua-thuc-hien")
                in ("chua-thuc-hien", "dang-thuc-hien")]
    assert [r["id"] for r in carried] == open_ids and "01/TB-BHXH.1" not in open_ids
    assert carried[0]["carried_from"] == str(previous.resolve())
    assert carried[open_ids.index("01/TB-BHXH.2")]["updates"][0]["status"] == "dang-thuc-hien"
    assert "01/TB-BHXH.1" not in [r["id"] for r in _recs(new, LAO_CAI)]  # cannot be done
    # the units, teams and own templates came along; nothing recorded or issued did
    assert (new / "schedule.yaml").read_bytes() == (previous / "schedule.yaml").read_bytes()
    assert (new / "templates" / "ghi-chu.txt").read_text("utf-8") == "mẫu riêng"
    assert not (new / "issued").exists() and not list((new / "findings").iterdir())
    assert f"{len(open_ids) + len(_recs(new, LAO_CAI))} open" in result.output


def test_the_team_verifies_a_carried_recommendation_at_the_next_visit(run, previous, tmp_path):
    new = tmp_path / "kiem-tra-2023"
    assert run("init", new, "--from", previous).exit_code == 0
    before = run("show", "Yên Bái", "-w", new).output
    assert "PREVIOUS CAMPAIGN" in before and "not verified yet" in before
    result = run("followup", "verify", "Yên Bái", "01/TB-BHXH.2", "--result", "da khac phuc",
                 "--note", "Đã đối chiếu hồ sơ gốc", "--by", "Trần Thị Bình", "-w", new)
    assert result.exit_code == 0, result.output
    rec = next(r for r in _recs(new, YEN_BAI) if r["id"] == "01/TB-BHXH.2")
    last = rec["updates"][-1]
    assert (last["verified"], last["status"], last["recorded_by"]) == (
        "da-khac-phuc", "da-thuc-hien", "Trần Thị Bình")
    assert rec["updates"][0]["status"] == "dang-thuc-hien"  # the unit's report stays
    assert "Đã khắc phục" in run("show", "Yên Bái", "-w", new).output
    assert "01/TB-BHXH.2" not in run("followup", "--open", "-w", new).output
    assert_clean_failure(run("followup", "verify", "Yên Bái", "3", "--result", "xong",
                             "-w", new), 2)


def test_a_new_conclusion_keeps_the_carried_ones_apart(run, previous, tmp_path):
    new = tmp_path / "kiem-tra-2023"
    assert run("init", new, "--from", previous).exit_code == 0
    carried = [r["id"] for r in _recs(new, YEN_BAI)]
    shutil.copytree(previous / "drafts", new / "drafts")
    shutil.copytree(previous / "findings", new / "findings", dirs_exist_ok=True)
    assert run("issue", "conclusion", "Yên Bái", "--date", "10/10/2023", "--no-pdf",
               "-w", new).exit_code == 0
    after = _recs(new, YEN_BAI)
    assert [r["id"] for r in after[:len(carried)]] == carried  # untouched, not withdrawn
    assert all(not r.get("withdrawn") for r in after)
    fresh = [r["id"] for r in after[len(carried):]]
    assert fresh and all(i.startswith("01/TB-BHXH-2023.") for i in fresh)  # same number, new year


def test_carrying_forward_refuses_what_is_not_a_previous_campaign(run, tmp_path, previous):
    assert_clean_failure(run("init", tmp_path / "moi", "--from", tmp_path))
    assert not (tmp_path / "moi").exists()
    assert_clean_failure(run("init", previous, "--from", previous))
    assert_clean_failure(run("init", tmp_path / "moi", "--from", previous, "--sample-findings"), 2)
