"""The draft of a unit's conclusion: what the team lead composes from the findings and the
tool keeps, between the raw findings and the issued Thông báo kết luận.

The findings are many lines from many members at many places; a conclusion is a few pages:
per content area an assessment, the strengths, shortcomings and causes that go into it, an
overall conclusion, and the consolidated, numbered recommendations with who acts and by when.
`drafting/compose.py` drafts one from the findings; the lead edits its file (docs/formats.md);
drafting again adds only what is new. Each recommendation keeps a stable id (KN1, KN2…), the
one a later follow-up tracks.
"""

from __future__ import annotations

import datetime as dt

from ..values import field, value


@value
class Point:
    """A strength, shortcoming or cause as the document states it, and the findings behind it
    ("I.1" at the unit itself, "I.1@van-yen" at a field site)."""

    text: str
    sources: tuple[str, ...] = ()
    new: bool = False  # added by the last drafting: the lead has not looked at it yet
    # the fingerprints of the recorded texts behind it (a fresh draft's only; not in the file)
    prints: tuple[str, ...] = field(default=(), compare=False, repr=False)


@value
class Area:
    """One content area of the outline (a section), as the conclusion states its results."""

    section: str  # the outline section's id
    title: str
    assessment: str | None = None
    strengths: tuple[Point, ...] = ()
    shortcomings: tuple[Point, ...] = ()
    subjective_causes: tuple[Point, ...] = ()
    objective_causes: tuple[Point, ...] = ()

    @property
    def points(self) -> tuple[Point, ...]:
        return self.strengths + self.shortcomings + self.subjective_causes + self.objective_causes


@value
class DraftRecommendation:
    """A consolidated recommendation: one for all the findings that asked for the same thing."""

    id: str  # KN1, KN2 …: never reused in the unit's draft
    text: str
    owner: str | None = None
    due: dt.date | None = None
    sources: tuple[str, ...] = ()
    new: bool = False
    prints: tuple[str, ...] = field(default=(), compare=False, repr=False)


@value
class ConclusionDraft:
    unit: str  # the unit's slug
    areas: tuple[Area, ...] = ()
    conclusion: str | None = None  # the overall conclusion
    recommendations: tuple[DraftRecommendation, ...] = ()
    report_by: dt.date | None = None  # the unit reports back on the recommendations by then
    drafted: tuple[str, ...] = ()  # fingerprints of the findings already drafted (see compose)

    @property
    def new_count(self) -> int:
        return sum(p.new for a in self.areas for p in a.points) + \
            sum(r.new for r in self.recommendations)


POINT_FIELDS = ("strengths", "shortcomings", "subjective_causes", "objective_causes")


@value
class SharedPoint:
    """A point of the summary report and the units it concerns (their names as printed)."""

    text: str
    units: tuple[str, ...] = ()
    new: bool = False
    key: str = field(default="", compare=False, repr=False)  # what drafting again matches on


REPORT_FIELDS = ("strengths", "shortcomings", "causes")


@value
class ReportArea:
    """One content area of the summary report: how the units did in it, and the strengths,
    shortcomings and causes several of them share."""

    section: str  # the outline section's id (or the checklist group's title)
    title: str
    assessment: str | None = None
    strengths: tuple[SharedPoint, ...] = ()
    shortcomings: tuple[SharedPoint, ...] = ()
    causes: tuple[SharedPoint, ...] = ()

    @property
    def points(self) -> tuple[SharedPoint, ...]:
        return self.strengths + self.shortcomings + self.causes


@value
class ReportDraft:
    """The draft of the summary report the lead composes from the units' conclusions: the
    overall assessment, per content area how the units did and the points several share, the
    good practices of one unit worth spreading, and the team's proposals to the leadership."""

    assessment: str | None = None
    areas: tuple[ReportArea, ...] = ()
    good_practices: tuple[SharedPoint, ...] = ()
    proposals: tuple[SharedPoint, ...] = ()
    drafted: tuple[str, ...] = ()  # the keys of the points already drafted

    @property
    def new_count(self) -> int:
        return sum(p.new for a in self.areas for p in a.points) + \
            sum(p.new for p in self.good_practices + self.proposals)
