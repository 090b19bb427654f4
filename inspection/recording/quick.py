"""Recording one item in one go: what a script, a quick note or a web form saves at once."""

from __future__ import annotations

from ..errors import InvalidValue
from ..i18n import N_, _
from ..model.campaign import Visit
from ..model.checklist import ChecklistItem
from ..model.findings import Answer, Recommendation
from ..model.lookup import find_rating, parse_deadline
from ..vn.text import clean_text
from .store import FindingsStore


def _texts(values) -> tuple[str, ...]:
    return tuple(text for text in (clean_text(v) for v in values) if text)


def _pick(values: tuple, index: int, field: str, what: str, count: int):
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    if len(values) != count:
        raise InvalidValue(field, _("give one {what} for all recommendations, or one for each "
                                    "({count}); {given} were given").format(
                                        what=_(what), count=count, given=len(values)))
    return values[index]


def quick_record(store: FindingsStore, visit: Visit, item: ChecklistItem, site: str, by: str, *,
                 rating: str | None = None, observations=(), strengths=(), shortcomings=(),
                 causes=(), recommendations=(), owners=(), dues=(), explanations=(),
                 replace_lists: bool = False) -> Answer:
    """Record what is given for (item, site): texts are added, or replace with `replace_lists`.

    `rating` is a rating's number, id or label; each recommendation takes the owner and the
    deadline ("30/09/2022") in the same place of `owners` and `dues`, or the only one given.
    """
    changes: dict = {}
    if rating is not None:
        changes["rating"] = find_rating(store.loaded.checklist.scale_for(item.id), rating)
    recs = []
    texts = _texts(recommendations)
    for i, text in enumerate(texts):
        owner = _pick(tuple(owners), i, "owner", N_("owner"), len(texts))
        due = _pick(tuple(dues), i, "due", N_("deadline"), len(texts))
        recs.append(Recommendation(text, clean_text(owner) if owner else None, parse_deadline(due)))
    lists = {"observations": _texts(observations), "strengths": _texts(strengths),
             "shortcomings": _texts(shortcomings), "causes": _texts(causes),
             "recommendations": tuple(recs), "explanations": _texts(explanations)}
    lists = {k: v for k, v in lists.items() if v}
    if not changes and not lists:
        given = any((observations, strengths, shortcomings, causes, recommendations, explanations))
        raise InvalidValue("observation", _("nothing to record: the texts given are empty or "
                                            "only spaces") if given
                           else _("nothing to record: give a rating or a text"))
    if replace_lists:
        return store.record_answer(visit, item.id, site, {**changes, **lists}, by)
    return store.record_answer(visit, item.id, site, changes, by, add=lists)


def whole_answer(store: FindingsStore, item: ChecklistItem, *, rating: str | None,
                 texts: dict[str, list[str]], recommendations: list[tuple[str, str, str]]
                 ) -> Answer:
    """The answer a form gives whole: a rating (number, id or label; empty for none), the
    points of each text field (TEXT_FIELDS), and (text, owner, deadline) rows; every value
    checked as the command line checks it (InvalidValue naming the field)."""
    from ..model.findings import TEXT_FIELDS

    level = find_rating(store.loaded.checklist.scale_for(item.id), rating) \
        if rating and rating.strip() else None
    recs = []
    for text, owner, due in recommendations:
        if clean_text(text or ""):
            recs.append(Recommendation(clean_text(text), clean_text(owner) or None if owner
                                       else None, parse_deadline(due) if due and due.strip()
                                       else None))
    return Answer(level, **{name: _texts(texts.get(name, ())) for name in TEXT_FIELDS},
                  recommendations=tuple(recs))
