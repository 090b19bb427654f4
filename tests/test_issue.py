"""Issuing documents (`inspection issue`, `inspection documents`): numbered once, kept
unchanged with their SHA-256, never rendered over, issued again only with a reason; their
recommendations entered into the follow-up register; files changed after issue noticed."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
import yaml

from conftest import EXAMPLE, assert_clean_failure

YEN_BAI = "bhxh-tinh-yen-bai"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """The example campaign with its sample findings and drafts."""
    target = tmp_path / "campaign"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".*", "output"))
    return target


def _text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _register(ws: Path) -> list[dict]:
    return yaml.safe_load((ws / "issued" / "register.yaml").read_text("utf-8"))["documents"]


def test_a_conclusion_is_numbered_kept_read_only_and_registered(run, sample):
    result = run("issue", "conclusion", "Yên Bái", "--date", "14/10/2022", "--by", "Nguyễn Văn An",
                 "--no-pdf", "-w", sample)
    assert result.exit_code == 0, result.output
    kept = sample / "issued" / f"ket-luan-{YEN_BAI}.docx"
    assert "Số: 01/TB-BHXH" in _text(kept) and "14 tháng 10 năm 2022" in _text(kept)
    assert not kept.stat().st_mode & 0o222  # read-only
    [entry] = _register(sample)
    assert (entry["kind"], entry["unit"], entry["number_text"], entry["date"], entry["version"],
            entry["issued_by"]) == ("conclusion", YEN_BAI, "01/TB-BHXH", "14/10/2022", 1,
                                    "Nguyễn Văn An")
    import hashlib
    assert entry["sha256"] == hashlib.sha256(kept.read_bytes()).hexdigest()
    # the next unit takes the next free number; rendering shows the issued number in a draft
    assert run("issue", "conclusion", "Lào Cai", "--date", "15/10/2022", "--no-pdf",
               "-w", sample).exit_code == 0
    assert [e["number_text"] for e in _register(sample)] == ["01/TB-BHXH", "02/TB-BHXH"]
    before = kept.read_bytes()
    assert run("render", "conclusion", "Yên Bái", "-w", sample).exit_code == 0
    assert kept.read_bytes() == before
    assert "Số: 01/TB-BHXH" in _text(sample / "output" / f"ket-luan-{YEN_BAI}.docx")


def test_a_number_given_or_planned_is_used_and_a_taken_number_refused(run, sample):
    assert run("issue", "conclusion", "Yên Bái", "--number", "15", "--date", "14/10/2022",
               "--no-pdf", "-w", sample).exit_code == 0
    result = run("issue", "conclusion", "Lào Cai", "--number", "15", "--no-pdf", "-w", sample)
    assert_clean_failure(result)
    assert "15/TB-BHXH" in result.output and "--number" in result.output
    result = run("issue", "conclusion", "--all", "--number", "16", "--no-pdf", "-w", sample)
    assert_clean_failure(result)  # one number cannot be every unit's
    assert len(_register(sample)) == 1
    # the plan: the campaign's document, its date from the schedule, no unit accepted
    assert_clean_failure(run("issue", "plan", "Yên Bái", "-w", sample), 2)
    assert run("issue", "plan", "--no-pdf", "-w", sample).exit_code == 0
    plan = [e for e in _register(sample) if e["kind"] == "plan"][0]
    assert (plan["number_text"], plan["date"]) == ("01/KH-BHXH", "20/06/2022")


def test_issuing_again_needs_a_reason_and_keeps_the_earlier_version(run, sample):
    args = ("issue", "conclusion", "Yên Bái", "--date", "14/10/2022", "--no-pdf", "-w", sample)
    assert run(*args).exit_code == 0
    first = (sample / "issued" / f"ket-luan-{YEN_BAI}.docx").read_bytes()
    result = run(*args)
    assert_clean_failure(result)
    assert "--reason" in result.output and "01/TB-BHXH" in result.output
    assert len(_register(sample)) == 1
    assert run(*args, "--reason", "sửa thời hạn kiến nghị 2").exit_code == 0
    entries = _register(sample)
    assert [(e["version"], e["number_text"], e["date"]) for e in entries] == [
        (1, "01/TB-BHXH", "14/10/2022"), (2, "01/TB-BHXH", "14/10/2022")]
    assert entries[1]["reason"] == "sửa thời hạn kiến nghị 2"
    assert entries[1]["file"] == f"issued/ket-luan-{YEN_BAI}-v2.docx"
    assert (sample / "issued" / f"ket-luan-{YEN_BAI}.docx").read_bytes() == first


def test_a_date_still_to_come_is_refused(run, sample):
    result = run("issue", "conclusion", "Yên Bái", "--date", "01/01/2099", "-w", sample)
    assert_clean_failure(result)
    assert "01/01/2099" in result.output and not (sample / "issued").exists()
    assert_clean_failure(run("issue", "conclusion", "Yên Bái", "--date", "31/02/2022",
                             "-w", sample), 2)


def test_documents_lists_versions_and_catches_a_changed_or_missing_file(run, sample):
    assert run("issue", "conclusion", "Yên Bái", "Lào Cai", "--date", "14/10/2022",
               "--no-pdf", "-w", sample).exit_code == 0
    result = run("documents", "-w", sample)
    assert result.exit_code == 0, result.output
    assert "01/TB-BHXH" in result.output and "02/TB-BHXH" in result.output
    assert "— BHXH tỉnh Yên Bái: số 01/TB-BHXH" in result.output  # the unit by its name
    kept = sample / "issued" / f"ket-luan-{YEN_BAI}.docx"
    kept.chmod(0o644)
    kept.write_bytes(kept.read_bytes() + b"x")
    result = run("documents", "-w", sample)
    assert result.exit_code == 1 and kept.name in result.output and "Traceback" not in result.output
    kept.unlink()
    result = run("documents", "-w", sample)
    assert result.exit_code == 1 and "missing" in result.output


def test_findings_or_draft_changed_after_issue_are_shown_by_check_and_status(run, sample):
    assert run("issue", "conclusion", "Yên Bái", "--date", "14/10/2022", "--no-pdf",
               "-w", sample).exit_code == 0
    assert "changed after issue" not in run("check", "-w", sample).output
    result = run("record", "Yên Bái", "I.3", "--observation", "ghi thêm sau khi ban hành",
                 "-w", sample)
    assert result.exit_code == 0, result.output
    for command in ("check", "status"):
        result = run(command, "-w", sample)
        assert result.exit_code == 0, result.output
        assert f"findings/{YEN_BAI}.yaml" in result.output
        assert "changed after issue" in result.output


def test_a_damaged_register_is_named_and_not_written_over(run, sample):
    (sample / "issued").mkdir()
    register = sample / "issued" / "register.yaml"
    register.write_text("documents:\n  - kind: conclusion\n    number: [\n", encoding="utf-8")
    result = run("issue", "conclusion", "Yên Bái", "--date", "14/10/2022", "-w", sample)
    assert_clean_failure(result)
    assert "issued/register.yaml" in result.output
    assert register.read_text("utf-8").endswith("number: [\n")
    assert_clean_failure(run("documents", "-w", sample))


def test_issuing_a_conclusion_enters_its_recommendations_with_stable_ids(run, sample):
    assert run("issue", "conclusion", "Yên Bái", "--date", "14/10/2022", "--no-pdf",
               "-w", sample).exit_code == 0
    register = yaml.safe_load((sample / "followup" / f"{YEN_BAI}.yaml").read_text("utf-8"))
    recs = register["recommendations"]
    assert recs and [r["id"] for r in recs] == [f"01/TB-BHXH.{i}" for i in
                                                 range(1, len(recs) + 1)]
    conclusion = _text(sample / "issued" / f"ket-luan-{YEN_BAI}.docx")
    assert all(r["text"][:40] in conclusion for r in recs)
    assert all(r["conclusion_date"] == "14/10/2022" and r.get("due") for r in recs)
    # a re-issue that drops a recommendation withdraws it; the others keep their ids
    draft = sample / "drafts" / f"{YEN_BAI}.yaml"
    data = yaml.safe_load(draft.read_text("utf-8"))
    dropped = data["recommendations"].pop(0)["id"]
    draft.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    assert run("issue", "conclusion", "Yên Bái", "--reason", "bỏ kiến nghị 1", "--no-pdf",
               "-w", sample).exit_code == 0
    after = yaml.safe_load((sample / "followup" / f"{YEN_BAI}.yaml").read_text("utf-8"))
    by_ref = {r["ref"]: r for r in after["recommendations"]}
    assert str(by_ref[dropped].get("withdrawn")).lower() == "true"
    assert all(not r.get("withdrawn") for r in after["recommendations"] if r["ref"] != dropped)
    assert [r["id"] for r in after["recommendations"]] == [r["id"] for r in recs]
