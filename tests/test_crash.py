"""A recording process killed at random moments never loses an acknowledged answer."""

import os
import sys

import pytest
from killing import between_rounds, kill_rounds


@pytest.mark.vietnamese
@pytest.mark.slow  # a minute and more: a hundred processes killed one after the other
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
def test_sigkill_at_random_moments_loses_no_acknowledged_answer(tmp_path):
    rounds = int(os.environ.get("INSPECTION_KILL_ROUNDS", "100"))
    tally = kill_rounds(tmp_path, rounds, seed=2022)
    assert tally.rounds == rounds >= 100
    assert tally.unreadable == []
    assert tally.missing == []
    assert tally.acknowledged > rounds  # the kills landed while answers were being saved
    assert tally.found == tally.acknowledged
    leftovers = [p for p in (tmp_path / "ws" / "findings").iterdir() if p.suffix == ".tmp"]
    assert len(leftovers) <= 8  # at most one per unit, from the last kill, cleaned on next write


@pytest.mark.slow  # half a minute: a merge and an import killed at random moments
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
@pytest.mark.parametrize("command", ["merge", "import"])
def test_a_killed_merge_or_import_leaves_the_workspace_before_or_after(tmp_path, command):
    rounds = int(os.environ.get("INSPECTION_BETWEEN_ROUNDS", "25"))
    tally = between_rounds(tmp_path, rounds, command, seed=2022)
    assert tally.rounds == rounds
    assert tally.between == []
    assert tally.before + tally.after == rounds
    assert tally.before > 0  # the kills landed before the end, not only after it
