"""Which units a reminder letter (Công văn đôn đốc) goes to: those with a recommendation overdue
or not reported on by the day to report back."""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from ..model.campaign import Visit
from . import store


def due_a_reminder(ws, loaded, visits: Sequence[Visit], as_of: dt.date) -> list[Visit]:
    """The visits whose unit has a recommendation overdue or unreported on `as_of`."""
    registers = store.read_all(ws, visits)
    return [visit for visit, register in zip(visits, registers)
            if any(r.overdue(as_of) or r.unreported(as_of) for r in register.recommendations)]
