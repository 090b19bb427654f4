"""What the team records for one unit: answers per checklist item and site, indicator figures,
evidence, each keeping its earlier versions.

Every answer keeps its earlier versions (`history`) and, after a merge, the versions recorded
differently elsewhere (`conflicts`). The file format is in files/findings.py.
"""

from __future__ import annotations

import datetime as dt

from ..i18n import N_
from ..values import field, replace, value
from .campaign import OFFICE

TEXT_FIELDS = ("observations", "strengths", "shortcomings", "causes", "explanations")


# How messages name the parts of an answer (translated where shown: `_(FIELD_LABELS[name])`)
FIELD_LABELS = {
    "rating": N_("Rating"),
    "observations": N_("Comments"),
    "strengths": N_("Strengths"),
    "shortcomings": N_("Shortcomings"),
    "causes": N_("Causes"),
    "recommendations": N_("Recommendations"),
    "explanations": N_("The unit's explanations"),
    "evidence": N_("Documents, evidence"),
}


def now() -> str:
    """The current local time as stored in files: 2022-07-12T09:30:05+07:00."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


@value
class Recommendation:
    """A recommendation (kiến nghị): what must be done, by whom, by when."""

    text: str
    owner: str | None = None
    due: dt.date | None = None


@value
class Answer:
    """One version of what was found for a checklist item at a site.

    Two answers are equal when their content is; who recorded them and when does not count.
    """

    rating: str | None = None
    observations: tuple[str, ...] = ()
    strengths: tuple[str, ...] = ()
    shortcomings: tuple[str, ...] = ()
    causes: tuple[str, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    explanations: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    recorded_by: str | None = field(default=None, compare=False)
    recorded_at: str | None = field(default=None, compare=False)

    @property
    def is_empty(self) -> bool:
        return self == Answer()


@value
class Finding:
    """The answer for (checklist item, site), with its earlier versions and open conflicts."""

    item: str  # the checklist item's id
    site: str  # "office", or the id of a field site of the visit
    answer: Answer
    history: tuple[Answer, ...] = ()  # oldest first
    conflicts: tuple[Answer, ...] = ()  # recorded differently on another laptop, not yet settled

    @property
    def key(self) -> tuple[str, str]:
        return (self.item, self.site)


@value
class IndicatorValue:
    """One version of an indicator figure, as the unit reported it and as the team verified it."""

    reported: str | None = None  # canonical text: "12", "85.5", or words for text rows
    verified: str | None = None
    recorded_by: str | None = field(default=None, compare=False)
    recorded_at: str | None = field(default=None, compare=False)


@value
class IndicatorEntry:
    """The figure for (indicator row, period), with its earlier versions and open conflicts."""

    row: str  # the indicator's id in the outline's table
    period: str  # the period's id: a column of the table
    value: IndicatorValue
    history: tuple[IndicatorValue, ...] = ()  # oldest first
    conflicts: tuple[IndicatorValue, ...] = ()  # recorded differently on another laptop

    @property
    def key(self) -> tuple[str, str]:
        return (self.row, self.period)


@value
class Evidence:
    """A document collected during the visit, copied into the workspace."""

    id: str
    file: str  # relative to the workspace, with forward slashes
    original_name: str
    size: int
    sha256: str
    item: str | None = None
    site: str = OFFICE
    pages: int | None = None
    added_by: str | None = None
    added_at: str | None = None


@value(frozen=False)
class UnitRecord:
    """Everything recorded for one unit: the content of its findings file."""

    unit: str  # the unit's slug
    name: str
    findings: dict[tuple[str, str], Finding] = field(default_factory=dict)
    indicators: dict[tuple[str, str], IndicatorEntry] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # indicator row -> Ghi chú
    evidence: list[Evidence] = field(default_factory=list)

    def finding(self, item: str, site: str = OFFICE) -> Finding | None:
        return self.findings.get((item, site))

    def answered(self, item: str, site: str = OFFICE) -> bool:
        found = self.findings.get((item, site))
        return found is not None and not found.answer.is_empty


def with_answer(finding: Finding | None, item: str, site: str, answer: Answer,
                amend: bool = False) -> Finding:
    """The finding after `answer` is recorded: the previous version goes to the history,
    unless `amend` (the same person continuing the same answer) or nothing changed."""
    if finding is None:
        return Finding(item, site, answer)
    if answer == finding.answer:
        return finding
    history = finding.history
    if not (amend or finding.answer.is_empty):
        history = history + (finding.answer,)
    return replace(finding, answer=answer, history=history)


def put_figure(record: UnitRecord, row: str, period: str, by: str | None, at: str, *,
               reported: str | None = None, verified: str | None = None) -> bool:
    """Set the reported and/or verified figure of (row, period) in `record`; False if unchanged.

    The previous value goes into the history, so nothing recorded is ever lost.
    """
    entry = record.indicators.get((row, period))
    base = entry.value if entry else IndicatorValue()
    updates = {k: v for k, v in (("reported", reported), ("verified", verified)) if v is not None}
    value = replace(base, **updates, recorded_by=by, recorded_at=at)
    if entry is None:
        record.indicators[(row, period)] = IndicatorEntry(row, period, value)
        return True
    if value == entry.value:
        return False
    record.indicators[(row, period)] = replace(entry, value=value, history=entry.history + (entry.value,))
    return True
