"""The kinds of documents a campaign issues, each declared once: the registry.

Everything that differs between a plan, the minutes, a conclusion or the summary report is in
its entry here: the code in its number ("05/KH-BHXH"), its heading, its label, whether it is
made per unit, its file name, its template, its default recipients, who signs it, and the
function that builds what its template receives. The schedule's `documents:` block, the
command line, the PDF dossier, the template tools and the docs all read this registry.

Adding a kind of document is one entry in `KINDS`, one context function (see contexts.py) and
one template `templates/<name>.docx`; docs/architecture.md shows it step by step.

This module is imported whenever a schedule is read, so it stays light: the context builders
are named, not imported, until a document is rendered.
"""

from __future__ import annotations

import re
from importlib import import_module
from typing import TYPE_CHECKING, Callable

from ..values import value

if TYPE_CHECKING:
    from ..model.campaign import Campaign, Visit


def _no_recipients(campaign: Campaign) -> tuple[str, ...]:
    return ()


def _campaign_recipients(campaign: Campaign) -> tuple[str, ...]:
    return campaign.recipients_of("plan")


def _report_recipients(campaign: Campaign) -> tuple[str, ...]:
    return campaign.recipients_of("report")


def _unit_and_others(campaign: Campaign) -> tuple[str, ...]:
    return ("{unit} (để thực hiện);",) + campaign.recipients_of("conclusion")


def _as_above(campaign: Campaign) -> tuple[str, ...]:
    """A letter's recipients: "Như trên" (the one it is addressed to), and whoever the
    conclusions went to besides the unit."""
    return ("Như trên;",) + campaign.recipients_of("conclusion")


COMMON_VARIABLES = ("agency", "campaign", "plan", "outline", "scale", "doc")
UNIT_VARIABLES = ("unit", "visit", "team", "sections", "recommendations", "items_total",
                  "items_checked")


@value
class DocumentKind:
    """One kind of document and everything that makes it differ from the others."""

    name: str  # "minutes": the command line's word, the template's file name, the schedule's key
    code: str  # "BB": the type code in the document's number ("05/BB-BHXH")
    heading: str  # "BIÊN BẢN": the document type printed as its title
    label: str  # "Biên bản kiểm tra": how lists and bookmarks name it
    file_stem: str  # "bien-ban": the ASCII start of the files written
    per_unit: bool  # one document per inspected unit, or one for the campaign
    context: str  # "module:function" building the template's context (see contexts.py)
    variables: tuple[str, ...]  # the top-level names its template receives (docs/templates.md)
    recipients: Callable[[Campaign], tuple[str, ...]] = _no_recipients  # when the schedule names none
    signed_as: str | None = None  # sign as the signer of this other kind (a conclusion: the plan's)
    settings_like: str | None = None  # what the schedule does not say, as for this other kind
    in_all: bool = True  # one of the campaign's set (`render all`), not a follow-up letter
    # "module:function" choosing the units that get one when none is named: a reminder goes
    # only to the units with something overdue. chooser(ws, loaded, visits, as_of) -> visits
    chooses: str | None = None

    @property
    def template(self) -> str:
        """The template's file name: the workspace's templates/<name>.docx, else the bundled one."""
        return f"{self.name}.docx"

    def file_name(self, visit: Visit | None = None) -> str:
        """The stable ASCII name of a document: "bien-ban-bhxh-tinh-yen-bai.docx"."""
        return f"{self.file_stem}-{visit.unit.slug}.docx" if self.per_unit and visit else \
            f"{self.file_stem}.docx"

    def number_pattern(self, campaign_pattern: str, drafter: str | None = None) -> str:
        """The campaign's number pattern for this kind: "{number}/KH-BHXH" gives "{number}/BB-BHXH".

        A letter (công văn) has no type code: its number is the agency's abbreviation and the
        drafting unit's (Decree 30), "{number}/BHXH-TT" where `drafter` is "TT"."""
        if not self.code:
            text = re.sub(r"-\{type\}|\{type\}-?", "", campaign_pattern, count=1)
            text = re.sub(r"(?<=/)KH(-|$)", "", text, count=1)
            return text + (f"-{drafter}" if drafter and not text.endswith(f"-{drafter}") else "")
        if "{type}" in campaign_pattern:
            return campaign_pattern.replace("{type}", self.code)
        return re.sub(r"(?<=/)KH(?=\b|-)", self.code, campaign_pattern, count=1)

    def chooser(self) -> Callable[..., list] | None:
        """The function choosing the units that get one, if this kind has one."""
        if self.chooses is None:
            return None
        module, _, name = self.chooses.partition(":")
        return getattr(import_module(module), name)

    def builder(self) -> Callable[..., dict]:
        """The function building this kind's context: builder(data, visit, file_name) -> dict."""
        module, _, name = self.context.partition(":")
        return getattr(import_module(module), name)


_CONTEXTS = "inspection.documents.contexts"

KINDS: dict[str, DocumentKind] = {kind.name: kind for kind in (
    DocumentKind("plan", "KH", "KẾ HOẠCH", "Kế hoạch kiểm tra", "ke-hoach-kiem-tra", False,
                 f"{_CONTEXTS}:plan", COMMON_VARIABLES, _campaign_recipients),
    DocumentKind("outline", "ĐC", "ĐỀ CƯƠNG", "Đề cương báo cáo", "de-cuong-bao-cao", False,
                 f"{_CONTEXTS}:outline", COMMON_VARIABLES),
    DocumentKind("minutes", "BB", "BIÊN BẢN", "Biên bản kiểm tra", "bien-ban", True,
                 f"{_CONTEXTS}:minutes",
                 COMMON_VARIABLES + UNIT_VARIABLES + ("explanations", "copies", "copies_text")),
    DocumentKind("conclusion", "TB", "THÔNG BÁO", "Thông báo kết luận kiểm tra", "ket-luan", True,
                 f"{_CONTEXTS}:conclusion",
                 COMMON_VARIABLES + UNIT_VARIABLES + ("areas", "overall", "strengths",
                                                      "shortcomings", "causes", "minutes_ref",
                                                      "report_back", "carried", "carried_text"),
                 _unit_and_others, signed_as="plan"),
    DocumentKind("report", "BC", "BÁO CÁO", "Báo cáo kết quả kiểm tra", "bao-cao-ket-qua-kiem-tra",
                 False, f"{_CONTEXTS}:report",
                 COMMON_VARIABLES + ("units", "units_checked", "items_total", "items_checked",
                                     "tallies", "rating_table", "common_shortcomings",
                                     "common_strengths", "common_causes", "good_practices",
                                     "proposals", "indicator_tables", "indicator_note",
                                     "first_day", "last_day", "dates_text", "overall",
                                     "report_areas", "team_proposals", "report_to", "closing",
                                     "carried", "carried_text"),
                 _report_recipients),
    DocumentKind("reminder", "", "CÔNG VĂN", "Công văn đôn đốc thực hiện kết luận kiểm tra",
                 "don-doc-thuc-hien-ket-luan", True, "inspection.documents.followup:reminder",
                 COMMON_VARIABLES + ("unit", "visit", "team", "items", "conclusions",
                                     "as_of", "as_of_text", "total", "open_count",
                                     "overdue_count", "reported", "subject", "addressee",
                                     "opening", "situation", "requests", "report_by",
                                     "report_by_text", "closing"),
                 _as_above, signed_as="plan", in_all=False,
                 chooses="inspection.followup.reminding:due_a_reminder"),
    DocumentKind("followup", "BC", "BÁO CÁO",
                 "Báo cáo kết quả theo dõi, đôn đốc thực hiện kết luận kiểm tra",
                 "bao-cao-theo-doi-thuc-hien-ket-luan", False, "inspection.documents.followup:followup",
                 COMMON_VARIABLES + ("as_of", "as_of_text", "opening", "total", "counts",
                                     "counts_text", "units", "totals", "overdue", "overdue_count",
                                     "not_feasible", "carried", "carried_text", "assessment",
                                     "proposals", "report_to", "closing"),
                 _report_recipients, settings_like="report", in_all=False),
)}


def kind(name: str) -> DocumentKind:
    """The kind of document called `name`."""
    return KINDS[name]
