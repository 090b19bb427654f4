"""`inspection init`: a new workspace from a bundled example, never over an existing one."""

from conftest import assert_clean_failure


def test_init_creates_a_workspace_that_checks_clean(run, tmp_path):
    target = tmp_path / "kiem-tra"
    result = run("init", target)
    assert result.exit_code == 0, result.output
    for folder in ("findings", "evidence", "output", "templates"):
        assert (target / folder).is_dir()
    assert (target / "schedule.yaml").is_file()
    assert list((target / "findings").iterdir()) == []  # no sample data unless asked for
    check = run("check", "-w", target)
    assert check.exit_code == 0, check.output


def test_init_refuses_to_overwrite_a_workspace_and_changes_nothing(run, tmp_path):
    target = tmp_path / "kiem-tra"
    assert run("init", target).exit_code == 0
    schedule = target / "schedule.yaml"
    schedule.write_text("# my edits\n" + schedule.read_text(encoding="utf-8"), encoding="utf-8")
    before = schedule.read_bytes()
    result = run("init", target)
    assert_clean_failure(result)
    assert "already holds a workspace; nothing was changed" in result.output
    assert schedule.read_bytes() == before


def test_init_names_the_examples_when_asked_for_an_unknown_one(run, tmp_path):
    result = run("init", tmp_path / "x", "--example", "khong-co")
    assert_clean_failure(result)
    assert "there is no example named 'khong-co'; available: bhxh-ttt-2022" in result.output
    assert not (tmp_path / "x").exists()


def test_init_into_an_existing_empty_folder_works(run, tmp_path):
    assert run("init", tmp_path).exit_code == 0
    assert (tmp_path / "schedule.yaml").is_file()
