"""Carrying forward: the next campaign starts with every recommendation of the previous one that
is still open, to be verified at the next visit (đã khắc phục, khắc phục một phần, chưa khắc
phục) and followed up again; what was carried out or withdrawn stays behind."""

from __future__ import annotations

from ..files.workspace import Workspace
from ..values import replace
from . import store
from .model import UnitFollowup


def carry_forward(previous: Workspace, new: Workspace) -> dict[str, int]:
    """Copy the open recommendations of `previous` into the register of `new`, with their ids
    and history; return how many per unit (units of the new schedule only)."""
    old = previous.load()
    current = new.load()
    units = {v.unit.slug: v for v in current.campaign.visits}
    carried: dict[str, int] = {}
    for register in store.read_all(previous, old.campaign.visits):
        visit = units.get(register.unit)
        open_ = [replace(r, carried_from=r.carried_from or str(previous.root.resolve()))
                 for r in register.recommendations if r.is_open]
        if visit is None or not open_:
            continue

        def bring(target: UnitFollowup, recs=open_) -> None:
            have = {r.id for r in target.recommendations}
            target.recommendations.extend(r for r in recs if r.id not in have)

        store.change_unit(new, register.unit, visit.unit.name, bring)
        carried[register.unit] = len(open_)
    return carried
