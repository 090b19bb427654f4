"""The recommendations of an issued conclusion entered into the follow-up register.

Each gets a stable id, the conclusion's number and its order ("15/TB-BHXH.2"), kept through
later versions of the conclusion: a re-issue updates the text, owner and deadline of the
recommendations it keeps (matched by their id in the draft, KN1…), adds the new ones and marks
the ones it leaves out as withdrawn; their reports stay.
"""

from __future__ import annotations

import datetime as dt

from ..documents.contexts import REPORT_BACK_DAYS
from ..model.campaign import Visit
from ..values import replace
from . import store
from .model import Issued, Tracked, UnitFollowup


def enter_conclusion(ws, data, visit: Visit, issued: Issued, *, by: str | None = None
                     ) -> UnitFollowup:
    """Enter the recommendations of the conclusion `issued` (rendered from `data`) for the
    unit of `visit`; return its register as it is now."""
    context = data.context("conclusion", visit)
    views = context["recommendations"]
    report_by = context["report_back"].deadline or (
        issued.date + dt.timedelta(days=REPORT_BACK_DAYS))
    campaign = data.campaign.id

    def enter(register: UnitFollowup) -> None:
        mine = [r for r in register.recommendations if r.campaign == campaign
                and not r.carried_from]  # carried ones are the previous campaign's
        by_ref = {r.ref: r for r in mine if r.ref}
        taken = {r.id for r in register.recommendations}
        # numbers start again each year: beside a carried conclusion of the same number, the
        # year tells the two apart ("01/TB-BHXH-2023.2")
        same_number = any(r.carried_from and r.conclusion == issued.number_text
                          for r in register.recommendations)
        prefix = f"{issued.number_text}-{issued.date.year}" if same_number else \
            issued.number_text
        kept = set()
        for view in views:
            before = by_ref.get(view.ref) if view.ref else None
            fields = dict(conclusion=issued.number_text, conclusion_date=issued.date,
                          order=view.number, text=view.text, owner=view.owner or None,
                          due=view.due, report_by=report_by, withdrawn=False)
            if before is not None:
                kept.add(before.id)
                index = register.recommendations.index(before)
                register.recommendations[index] = replace(before, **fields)
                continue
            rec_id = f"{prefix}.{view.number}"
            extra = view.number
            while rec_id in taken:  # a number left by a withdrawn one
                extra += 1
                rec_id = f"{prefix}.{extra}"
            taken.add(rec_id)
            kept.add(rec_id)
            register.recommendations.append(Tracked(
                id=rec_id, unit=visit.unit.slug, ref=view.ref or None, campaign=campaign,
                **fields))
        for index, rec in enumerate(register.recommendations):
            if rec in mine and rec.id not in kept and not rec.withdrawn:
                register.recommendations[index] = replace(rec, withdrawn=True)

    return store.change_unit(ws, visit.unit.slug, visit.unit.name, enter)
