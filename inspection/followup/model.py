"""After the visit: the documents issued, and every recommendation of the conclusions followed
up until the unit has carried it out.

An issued document (`Issued`) has its number, date and version, the file kept and its SHA-256;
it is never rendered over. Each recommendation of an issued conclusion is `Tracked` in the
register: its status is the last of its dated `Update`s, which are only ever added, never
changed, so that the register always says who reported what, when, and on what evidence.
"""

from __future__ import annotations

import datetime as dt

from ..i18n import N_
from ..values import field, value

NOT_STARTED, IN_PROGRESS, DONE, NOT_FEASIBLE = (
    "chua-thuc-hien", "dang-thuc-hien", "da-thuc-hien", "khong-thuc-hien-duoc")
STATUSES = (NOT_STARTED, IN_PROGRESS, DONE, NOT_FEASIBLE)
OPEN = (NOT_STARTED, IN_PROGRESS)  # still to be carried out: followed up, carried forward
# As documents and the unit's form print them: always Vietnamese
STATUS_TEXT = {NOT_STARTED: "Chưa thực hiện", IN_PROGRESS: "Đang thực hiện",
               DONE: "Đã thực hiện", NOT_FEASIBLE: "Không thực hiện được"}
# As messages name them (translated where shown: `_(STATUS_NAMES[status])`)
STATUS_NAMES = {NOT_STARTED: N_("not yet carried out"), IN_PROGRESS: N_("being carried out"),
                DONE: N_("carried out"), NOT_FEASIBLE: N_("cannot be carried out")}

# What the team found of a recommendation carried from the previous campaign, at the next visit
FIXED, NOT_FIXED, PARTLY_FIXED = "da-khac-phuc", "chua-khac-phuc", "khac-phuc-mot-phan"
VERIFIED_TEXT = {FIXED: "Đã khắc phục", PARTLY_FIXED: "Khắc phục một phần",
                 NOT_FIXED: "Chưa khắc phục"}


@value
class Inputs:
    """The files a document was made from and their SHA-256 when it was issued: a file
    changed since means the findings or the draft moved on after the issue."""

    files: tuple[tuple[str, str], ...] = ()  # (path in the workspace, sha256 or "" if absent)


@value
class Issued:
    """One version of an issued document: numbered, dated, its file kept unchanged."""

    kind: str  # plan, minutes, conclusion, report…
    unit: str  # the unit's slug ("" for a document of the campaign)
    number: int
    number_text: str  # "15/TB-BHXH"
    date: dt.date
    version: int  # 1, then 2… for each re-issue (the earlier versions kept)
    file: str  # the .docx kept, relative to the workspace, with forward slashes
    sha256: str
    pdf: str = ""  # the PDF beside it, when LibreOffice made one
    pdf_sha256: str = ""
    issued_by: str | None = None
    issued_at: str | None = None
    reason: str | None = None  # why it was issued again (every version after the first)
    inputs: Inputs = field(default_factory=Inputs)

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.unit)


@value
class Attachment:
    """A document proving what the unit did, copied into the workspace."""

    file: str  # relative to the workspace
    name: str  # its name as the unit sent it
    sha256: str
    size: int = 0


@value
class Update:
    """One dated report of what became of a recommendation: never changed once recorded."""

    status: str  # one of STATUSES
    date: dt.date | None = None  # when it was done (or reported), as the unit says
    done: str | None = None  # what was done
    reason: str | None = None  # why it cannot be done (NOT_FEASIBLE)
    reported_by: str | None = None  # who reported it: the unit, a person, a document
    evidence: tuple[Attachment, ...] = ()
    documents: str | None = None  # documents the unit names that were not sent as files
    recorded_by: str | None = None
    recorded_at: str | None = None
    via: str | None = None  # how it came in: "form bao-cao-yen-bai.xlsx", "set", "web"
    verified: str | None = None  # what the team found at the next visit (FIXED…), carried ones


@value
class Tracked:
    """A recommendation of an issued conclusion, followed up until it is carried out."""

    id: str  # stable: the conclusion's number and the recommendation's order, "15/TB-BHXH.2"
    unit: str  # the unit's slug
    conclusion: str  # the conclusion's number as printed, "15/TB-BHXH"
    conclusion_date: dt.date | None
    order: int  # its number in the conclusion
    text: str
    owner: str | None = None  # who must act (the unit when None)
    due: dt.date | None = None
    report_by: dt.date | None = None  # the unit reports back by then
    ref: str | None = None  # the draft's id (KN1…)
    updates: tuple[Update, ...] = ()
    withdrawn: bool = False  # left out of a later version of the conclusion
    campaign: str = ""  # the campaign whose conclusion made it (carried ones: an earlier one)
    carried_from: str = ""  # the workspace of the previous campaign it was carried from

    @property
    def status(self) -> str:
        return self.updates[-1].status if self.updates else NOT_STARTED

    @property
    def verified(self) -> str | None:
        """What the team found of it at the next visit, if it was carried and checked."""
        return next((u.verified for u in reversed(self.updates) if u.verified), None)

    @property
    def is_open(self) -> bool:
        return not self.withdrawn and self.status in OPEN

    def overdue(self, today: dt.date) -> bool:
        """Still open the day after its deadline."""
        return self.is_open and self.due is not None and self.due < today

    def unreported(self, today: dt.date) -> bool:
        """Nothing reported by the unit although the day to report back has passed."""
        deadline = self.report_by or self.due
        return (not self.withdrawn and not self.updates and deadline is not None
                and deadline < today)

    def due_within(self, today: dt.date, days: int) -> bool:
        return self.is_open and self.due is not None and \
            today <= self.due <= today + dt.timedelta(days=days)


@value(frozen=False)
class UnitFollowup:
    """The register of one unit's recommendations: the content of followup/<unit>.yaml."""

    unit: str
    name: str
    recommendations: list[Tracked] = field(default_factory=list)

    def get(self, rec_id: str) -> Tracked | None:
        return next((r for r in self.recommendations if r.id == rec_id), None)

    @property
    def current(self) -> list[Tracked]:
        """Its recommendations, but those a later version of the conclusion left out."""
        return [r for r in self.recommendations if not r.withdrawn]

    @property
    def carried(self) -> list[Tracked]:
        """The current ones carried from the previous campaign, to verify at this visit."""
        return [r for r in self.current if r.carried_from]
