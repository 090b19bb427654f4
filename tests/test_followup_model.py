"""The follow-up register's rules (`inspection.followup.model`): a recommendation's status is
the last dated report of it, never an overwrite; it is overdue from the day after its deadline;
a unit that has reported nothing by the day to report back is named as unreported."""

from __future__ import annotations

import datetime as dt

import pytest

from inspection.followup import model
from inspection.followup.model import Tracked, UnitFollowup, Update
from inspection.i18n import _
from inspection.values import FrozenInstanceError, replace

DUE = dt.date(2022, 12, 31)


def tracked(*updates: Update, due=DUE, report_by=None, withdrawn=False) -> Tracked:
    return Tracked(id="15/TB-BHXH.2", unit="yen-bai", conclusion="15/TB-BHXH",
                   conclusion_date=dt.date(2022, 10, 14), order=2,
                   text="Thu hồi số tiền chi sai chế độ ốm đau.", due=due, report_by=report_by,
                   updates=updates, withdrawn=withdrawn)


def test_status_is_the_last_report_and_earlier_reports_stay():
    started = Update(status=model.IN_PROGRESS, date=dt.date(2022, 11, 5), reported_by="BHXH")
    done = Update(status=model.DONE, date=dt.date(2022, 12, 1), done="Đã thu hồi 12.500.000 đồng")
    rec = tracked()
    assert rec.status == model.NOT_STARTED and rec.is_open
    rec = replace(rec, updates=rec.updates + (started,))
    assert rec.status == model.IN_PROGRESS and rec.is_open
    rec = replace(rec, updates=rec.updates + (done,))
    assert rec.status == model.DONE and not rec.is_open
    assert rec.updates == (started, done)  # the history says who reported what, in order
    with pytest.raises(FrozenInstanceError):
        rec.updates[0].status = model.DONE  # type: ignore[misc]


@pytest.mark.parametrize("today, overdue", [
    (dt.date(2022, 12, 30), False), (DUE, False),  # the deadline day itself is still in time
    (dt.date(2023, 1, 1), True), (dt.date(2023, 6, 1), True)])
def test_overdue_from_the_day_after_the_deadline(today, overdue):
    assert tracked().overdue(today) is overdue


def test_done_cannot_be_done_withdrawn_or_without_deadline_are_never_overdue():
    late = dt.date(2023, 3, 1)
    assert not tracked(Update(status=model.DONE)).overdue(late)
    assert not tracked(Update(status=model.NOT_FEASIBLE, reason="Đơn vị đã giải thể")).overdue(late)
    assert not tracked(withdrawn=True).overdue(late)
    assert not tracked(due=None).overdue(late)
    assert tracked(Update(status=model.IN_PROGRESS)).overdue(late)  # begun is not done


def test_unreported_after_the_reporting_day_until_anything_is_reported():
    report_by = dt.date(2022, 11, 30)
    rec = tracked(report_by=report_by)
    assert not rec.unreported(report_by)
    assert rec.unreported(dt.date(2022, 12, 1))  # before the deadline, but it should have said
    assert not tracked(Update(status=model.IN_PROGRESS), report_by=report_by).unreported(
        dt.date(2022, 12, 1))
    assert tracked().unreported(dt.date(2023, 1, 1))  # no reporting day: the deadline counts
    assert not tracked(due=None).unreported(dt.date(2030, 1, 1))


def test_due_within_counts_days_from_today_and_only_open_items():
    assert tracked().due_within(dt.date(2022, 12, 24), 7)
    assert not tracked().due_within(dt.date(2022, 12, 23), 7)
    assert not tracked().due_within(dt.date(2023, 1, 1), 7)  # past: overdue, not due
    assert not tracked(Update(status=model.DONE)).due_within(dt.date(2022, 12, 24), 7)


def test_a_unit_register_finds_its_recommendations_by_id():
    first, second = tracked(), replace(tracked(), id="15/TB-BHXH.3", order=3)
    unit = UnitFollowup(unit="yen-bai", name="Bảo hiểm xã hội tỉnh Yên Bái",
                        recommendations=[first, second])
    assert unit.get("15/TB-BHXH.3") is second
    assert unit.get("15/TB-BHXH.9") is None


def test_every_status_has_its_document_wording_and_a_message_name():
    assert set(model.STATUS_TEXT) == set(model.STATUS_NAMES) == set(model.STATUSES)
    assert set(model.OPEN) < set(model.STATUSES)
    assert model.STATUS_TEXT[model.NOT_FEASIBLE] == "Không thực hiện được"


@pytest.mark.vietnamese
def test_messages_name_the_statuses_in_the_glossarys_words():
    assert {_(name) for name in model.STATUS_NAMES.values()} == {
        "chưa thực hiện", "đang thực hiện", "đã thực hiện", "không thực hiện được"}
