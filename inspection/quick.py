"""Recording one item in one go, for scripts and quick notes."""

from __future__ import annotations

from .errors import InspectionError
from .findings import Answer, Recommendation
from .model import ChecklistItem, Visit
from .progress import parse_due
from .store import FindingsStore
from .text import clean_text, fold


def _texts(values) -> tuple[str, ...]:
    return tuple(text for text in (clean_text(v) for v in values) if text)


def _pick(values: tuple, index: int, what: str, count: int):
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    if len(values) != count:
        raise InspectionError(f"give one {what} for all recommendations, or one for each "
                              f"({count}); {len(values)} were given")
    return values[index]


def rating_choice(text: str, scale) -> str | None:
    """The rating id meant by `text`: its number in the list, its id or its label."""
    text = text.strip()
    if text.isdigit() and 1 <= int(text) <= len(scale):
        return scale[int(text) - 1].id
    key = fold(text)
    for level in scale:
        if key in (fold(level.id), fold(level.label)):
            return level.id
    return None


def quick_record(store: FindingsStore, visit: Visit, item: ChecklistItem, site: str, by: str, *,
                 rating: str | None = None, observations=(), strengths=(), shortcomings=(),
                 causes=(), recommendations=(), owners=(), dues=(), explanations=(),
                 replace_lists: bool = False) -> Answer:
    """Record what the options give for (item, site): texts are added, or replace with `replace_lists`."""
    changes: dict = {}
    if rating is not None:
        rating_id = rating_choice(rating, store.loaded.checklist.scale)
        if rating_id is None:
            scale = ", ".join(f"{i}={level.id} ({level.label})"
                              for i, level in enumerate(store.loaded.checklist.scale, 1))
            raise InspectionError(f"--rating: {rating!r} is not a rating of the scale: {scale}")
        changes["rating"] = rating_id
    recs = []
    texts = _texts(recommendations)
    for i, text in enumerate(texts):
        owner = _pick(owners, i, "--owner", len(texts))
        due = _pick(dues, i, "--due", len(texts))
        recs.append(Recommendation(text, clean_text(owner) if owner else None, parse_due(due)))
    lists = {"observations": _texts(observations), "strengths": _texts(strengths),
             "shortcomings": _texts(shortcomings), "causes": _texts(causes),
             "recommendations": tuple(recs), "explanations": _texts(explanations)}
    lists = {k: v for k, v in lists.items() if v}
    if replace_lists:
        return store.record_answer(visit, item.id, site, {**changes, **lists}, by)
    return store.record_answer(visit, item.id, site, changes, by, add=lists)
