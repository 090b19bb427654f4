"""What the templates of a batch receive, built once: the campaign's views, each document's
header and footer, and the findings of the units, read once.

`DocumentData(loaded, store=...)` is made once per batch; `context(kind, visit)` gives one
document's context through the builder its kind names in the registry (kinds.py). The views
are in views.py, a unit's results in results.py, the report's aggregates in summary.py (from
gathering.py, one pass over the units).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from ..files.workspace import Loaded
from ..model.campaign import Team, Visit
from ..model.findings import UnitRecord
from ..model.outline import OutlineItem
from ..vn import dates
from ..vn import numbers as vn
from ..vn.text import (ascii_fold, end_with, fold, join_vn, lcfirst, list_items, running_name,
                       ucfirst)
from ..vn.workdays import WEEKDAYS
from . import tables
from .kinds import KINDS
from .results import UnitResults, unique
from .views import (AgencyView, AppendixView, CampaignView, DayView, DocInfo, OutlineEntry,
                    OutlineView, Reference, ResponsibilityView, SiteView, TeamView, UnitView,
                    VisitView, bullet_views, clean, cleaned, person_view, signer_view)


def _action(title: str) -> str:
    """The title inside a sentence: "Kiểm tra, hướng dẫn …" gives "kiểm tra, hướng dẫn …",
    "Công tác X" gives "kiểm tra công tác X"."""
    if ascii_fold(title).lower().startswith("kiem tra"):
        return lcfirst(title)
    return f"kiểm tra {lcfirst(title)}" if title else "kiểm tra"


class DocumentData:
    """The campaign, its outline and checklist and the recorded findings, ready for templates.

    Build it once for a batch; `context(kind, visit)` returns the context of one document.
    """

    def __init__(self, loaded: Loaded, records: dict[str, UnitRecord] | None = None,
                 store=None, issued: dict | None = None):
        """`records` gives the findings by unit slug; else `store` (a FindingsStore) reads
        them when first needed; else there are none. `issued` gives the documents issued
        already, by (kind, unit slug): their number and date are printed; else the
        workspace's register of issued documents (issued/register.yaml) is read."""
        self.loaded = loaded
        self.campaign = loaded.campaign
        self.records = dict(records or {})
        self.store = store
        if issued is None:
            ws = getattr(store, "ws", None)
            issued = _issued_documents(ws) if ws is not None else {}
        self.issued = issued
        self.scale = {r.id: clean(r.label) for r in loaded.checklist.scale}
        self._common = self._build_common()
        self.results = UnitResults(loaded, self.record)
        self._drafts: dict = {}
        self._registers: dict = {}
        self._gathered = None
        self._missing: dict[str, int] = {}
        self._composed = None

    # -- the documents --------------------------------------------------------------------
    def context(self, kind: str, visit: Visit | None = None, file_name: str = "") -> dict:
        """The context of one document: `visit` for the kinds made per unit."""
        entry = KINDS[kind]
        if entry.per_unit and visit is None:
            raise ValueError(f"a {kind} document is made for one unit")
        return entry.builder()(self, visit if entry.per_unit else None, file_name)

    def common(self, kind: str | None = None) -> dict:
        """What every template receives (agency, campaign, plan, outline, scale); the agency
        is the one that issues documents of `kind`."""
        common = dict(self._common)
        issuer = self.campaign.document(kind).agency if kind else None
        if issuer is not None:
            common["agency"] = agency_view(issuer)
        return common

    def unit_common(self, visit: Visit) -> dict:
        """What every template made for one unit receives."""
        view = self.visit_views[visit.unit.slug]
        sections, recommendations = self.results.of(visit)
        total = sum(len(i.sites) for s in sections for i in s.items)
        checked = sum(site.checked for s in sections for i in s.items for site in i.sites)
        return {"unit": view.unit, "visit": view, "team": view.team, "sections": sections,
                "recommendations": tuple(recommendations), "items_total": total,
                "items_checked": checked}

    def doc(self, kind: str, number: int | None = None, date: dt.date | None = None,
            unit: str = "", file_name: str = "", place: str | None = None,
            visit: Visit | None = None) -> DocInfo:
        """The header and footer of a document of `kind` (for the unit of `visit`): number,
        date, recipients, signer. A document issued already has the number and date it was
        issued with."""
        number, date = self.issued_number(kind, visit, number, date)
        c = self.campaign
        entry = KINDS[kind]
        settings = c.document(kind)
        number = number if number is not None else settings.number
        date = date if date is not None else settings.date
        year = date.year if date else self.campaign_view.year
        signer = settings.signer or (c.document(entry.signed_as).signer if entry.signed_as
                                     else None) or c.signer
        place = clean(c.place) if place is None else place
        return DocInfo(
            kind=kind, type=entry.heading, code=entry.code, number=number,
            number_text=vn.doc_number(settings.number_pattern, number, entry.code),
            number_line=vn.number_line(settings.number_pattern, number, entry.code),
            date=date, date_text=dates.vn_date(date, year), place=place,
            place_date=dates.place_date(place, date, year), year=year,
            recipients=self.recipients(settings.recipients or entry.recipients(c), unit),
            archive=f"- Lưu: {end_with(clean(settings.archive or c.archive), '.')}",
            signer=signer_view(signer), file_name=file_name)

    def issued_number(self, kind: str, visit: Visit | None, number: int | None = None,
                      date: dt.date | None = None) -> tuple[int | None, dt.date | None]:
        """The number and date of the document of `kind` (for `visit`'s unit): as issued,
        else `number` and `date`."""
        found = self.issued.get((kind, visit.unit.slug if visit is not None else ""))
        return (found.number, found.date) if found is not None else (number, date)

    def following_department(self, team: TeamView) -> str:
        """The department of the agency that follows up what a unit reports back: the team
        lead's ("" when not known, or when it is the agency itself)."""
        lead = team.lead
        if lead and lead.department and fold(lead.department) != fold(self.agency_view.name):
            return lead.department
        return ""

    def recipients(self, recipients: Iterable[str], unit: str = "") -> tuple[str, ...]:
        """Nơi nhận, each line "- …;" ({unit} replaced by the unit's name)."""
        lines = [clean(r).replace("{unit}", unit) for r in recipients]
        return tuple("- " + end_with(line.lstrip("-+• ").strip(), ";") for line in lines if line)

    # -- the findings -----------------------------------------------------------------------
    def read(self, visits: Iterable[Visit]) -> None:
        """Read the findings of `visits` now (so that a bad file stops a batch before it starts)."""
        for visit in visits:
            self.record(visit)

    def draft(self, visit: Visit):
        """The unit's conclusion as the lead drafted it (drafts/<unit>.yaml), else as drafted
        now from its findings (not saved)."""
        from .drafting import compose, read_unit_draft

        found = self._drafts.get(visit.unit.slug)
        if found is None:
            ws = getattr(self.store, "ws", None)
            found = (read_unit_draft(ws, visit) if ws is not None else None) or \
                compose(self.results, visit)
            self._drafts[visit.unit.slug] = found
        return found

    def report_draft(self):
        """The summary report as the lead drafted it (drafts/bao-cao-tong-hop.yaml), else as
        drafted now from the units' conclusions (not saved)."""
        from .drafting import read_report

        if "" not in self._drafts:
            ws = getattr(self.store, "ws", None)
            self._drafts[""] = (read_report(ws) if ws is not None else None) or \
                self.composed_report()
        return self._drafts[""]

    def composed_report(self):
        """The summary report drafted now from the units' conclusions (drafting.compose_report),
        once."""
        if self._composed is None:
            from .drafting import compose_report

            self._composed = compose_report(self)
        return self._composed

    def gathered(self):
        """What the summary report needs from every unit, gathered in one pass that lets each
        unit's findings go once counted (gathering.py)."""
        if self._gathered is None:
            from .gathering import gather

            self._gathered = gather(self)
        return self._gathered

    def missing_points(self, visit: Visit) -> int:
        """How many points of the unit's findings its draft file lacks (recorded after it was
        drafted, or left out of it): counted once, by the report's pass if it ran."""
        slug = visit.unit.slug
        if self._gathered is not None and slug in self._gathered.missing:
            return self._gathered.missing[slug]
        if slug not in self._missing:
            from .drafting import unit_missing

            self._missing[slug] = unit_missing(self, visit)
        return self._missing[slug]

    def release_gathered(self) -> None:
        """Let go of the report's aggregates once its context is made (the document made from
        it is large enough at thousands of units); what is asked again is gathered again."""
        if self._gathered is not None:
            self._missing.update(self._gathered.missing)
            self._gathered = None

    def forget(self, visit: Visit) -> None:
        """Let go of what was read and made for the unit of `visit` (its findings, results,
        draft and follow-up register), when it can be read again: the store's findings, not
        findings the caller gave."""
        if self.store is None:
            return
        slug = visit.unit.slug
        for kept in (self.records, self._drafts, self._registers):
            kept.pop(slug, None)
        self.results.forget(slug)

    def carried(self) -> list:
        """(visit, its recommendations carried from the previous campaign) for each unit with
        some: from the report's pass over the units if it ran, else from their registers."""
        if self._gathered is not None:
            return self._gathered.carried
        out = []
        for visit in self.campaign.visits:
            if recs := tuple(self.register(visit).carried):
                out.append((visit, recs))
        return out

    def register(self, visit: Visit):
        """The unit's follow-up register (followup/<unit>.yaml): the recommendations of its
        issued conclusions and what became of them; empty when there is none (read once)."""
        from ..followup.model import UnitFollowup
        from ..followup.store import read_all

        found = self._registers.get(visit.unit.slug)
        if found is None:
            ws = getattr(self.store, "ws", None)
            found = read_all(ws, [visit])[0] if ws is not None else \
                UnitFollowup(visit.unit.slug, visit.unit.name)
            self._registers[visit.unit.slug] = found
        return found

    def record(self, visit: Visit) -> UnitRecord:
        """The unit's findings (read once)."""
        record = self.records.get(visit.unit.slug)
        if record is None:
            record = self.store.read(visit) if self.store is not None else \
                UnitRecord(visit.unit.slug, visit.unit.name)
            self.records[visit.unit.slug] = record
        return record

    # -- the campaign's views, built once ---------------------------------------------------
    def _team(self, team: Team | None, team_id: str) -> TeamView:
        if team is None:
            return TeamView(team_id, "Đoàn kiểm tra", None, None, (), 0, "00")
        members = tuple(person_view(m, m.role_label) for m in team.members)
        lead = next((p for p, m in zip(members, team.members) if m.role == "lead"), None)
        secretary = next((p for p, m in zip(members, team.members) if m.role == "secretary"), None)
        name = clean(self.campaign.team_name(team.id))
        return TeamView(team.id, name, lead, secretary, members, len(members),
                        vn.two_digits(len(members)))

    def _visit(self, number: int, visit: Visit, teams: dict[str, TeamView]) -> VisitView:
        unit = visit.unit
        unit_view = UnitView(clean(unit.name), clean(unit.short_name),
                             clean(unit.short_name or unit.name), unit.slug, clean(unit.province))
        days = []
        for day in visit.days:
            sites = tuple(clean(s.name) for s in day.sites)
            # the place of the day and every site visited: a day may have both
            where = "; ".join(unique([clean(day.place)] + list(sites)))
            text = f"{WEEKDAYS[day.date.weekday()]}, {dates.short_date(day.date)}"
            days.append(DayView(day.date, dates.short_date(day.date), WEEKDAYS[day.date.weekday()],
                                clean(day.place), sites, clean(day.note),
                                f"{text}: {where}" if where else text))
        places = unique([d.place for d in days] + [s for d in days for s in d.sites])
        if not places:
            places = [clean(unit.name)]
        sites = tuple(SiteView(s.id, clean(s.name), tuple(person_view(p) for p in s.representatives))
                      for s in visit.sites)
        reps = tuple(person_view(p) for p in visit.representatives)
        return VisitView(number, unit_view, teams.get(visit.team) or self._team(None, visit.team),
                         tuple(days), visit.start, visit.end,
                         dates.date_span(visit.start, visit.end), len(days), tuple(places),
                         join_vn(places), "\n".join(d.line for d in days), sites, reps,
                         reps[0] if reps else None)

    def _build_common(self) -> dict:
        c = self.campaign
        teams = {t.id: self._team(t, t.id) for t in c.teams}
        visits = tuple(self._visit(i, v, teams) for i, v in enumerate(c.visits, 1))
        self.visit_views = {v.unit.slug: view for v, view in zip(c.visits, visits)}
        lengths = {len(v.days) for v in c.visits}
        first = min((v.start for v in c.visits if v.start), default=None)
        year = (c.window.start or first or c.period.start or dt.date.today()).year
        if c.period.start:
            until = (f"đến ngày {dates.short_date(c.period.end)}" if c.period.end
                     else "đến thời điểm kiểm tra")
            period_text = f"từ ngày {dates.short_date(c.period.start)} {until}"
        else:
            period_text = ""
        self.campaign_view = CampaignView(
            id=c.id, title=clean(c.title), action=_action(clean(c.title)), place=clean(c.place),
            window=clean(c.window.label) or
            (dates.date_span(c.window.start, c.window.end) if c.window.start else ""),
            window_start=c.window.start, window_end=c.window.end,
            period_start=c.period.start, period_end=c.period.end, period_text=period_text,
            legal_bases=tuple(list_items(cleaned(c.legal_bases))),
            preamble=clean(c.preamble), purposes=cleaned(c.purposes),
            requirements=cleaned(c.requirements), team_composition=clean(c.team_composition),
            content=cleaned(c.content), methods=cleaned(c.methods),
            responsibilities=tuple(ResponsibilityView(clean(r.who), cleaned(r.tasks))
                                   for r in c.responsibilities),
            closing=clean(c.closing), teams=tuple(teams.values()), visits=visits,
            units_count=len(visits), units_count_text=vn.two_digits(len(visits)),
            units_text=join_vn([v.unit.name for v in visits]),
            days_per_visit=f"{vn.two_digits(lengths.pop())} ngày" if len(lengths) == 1 else "",
            dates_text=dates.date_span(first, max((v.end for v in c.visits if v.end), default=None)),
            year=year)
        self.agency_view = agency_view(c.agency)
        plan = c.document("plan")
        number, date = self.issued_number("plan", None, plan.number, plan.date)
        plan_number = vn.doc_number(plan.number_pattern, number, KINDS["plan"].code)
        date_text = dates.short_date(date) if date else f"     /     /{year}"
        self.plan_ref = Reference(
            plan_number, date, date_text,
            f"Kế hoạch số {plan_number} ngày {date_text} của {self.agency_view.display}")
        return {"agency": self.agency_view, "campaign": self.campaign_view, "plan": self.plan_ref,
                "outline": self._outline_view(), "scale": tuple(self.scale.values())}

    def _outline_view(self) -> OutlineView:
        outline = self.loaded.outline
        entries = []

        def visit(item: OutlineItem, level: int) -> None:
            entries.append(OutlineEntry(item.id, level, clean(item.number), clean(item.title),
                                        clean(item.intro), tuple(bullet_views(item.bullets)),
                                        clean(item.note)))
            for child in item.children:
                visit(child, level + 1)
        for section in outline.sections:
            visit(section, 0)
        appendix = None
        if outline.appendix is not None:
            a = outline.appendix
            appendix = AppendixView(clean(a.title), clean(a.subtitle),
                                    tuple(clean(p.label) for p in a.periods), clean(a.notes_label),
                                    tables.appendix_form(a))
        basis = clean(outline.basis)
        plan = self.campaign.document("plan")
        if not basis or (re.search(r"số\s*/", basis) and (plan.number or plan.date)):
            # An outline's line such as "(Theo Kế hoạch số/KH-BHXH ngày / /2022 …)" leaves the
            # plan's number and date blank: once the schedule gives them, print them.
            basis = f"(Kèm theo {self.plan_ref.text})"
        title = clean(outline.title)
        title_line = ucfirst(re.sub(r"^đề cương\s*", "", title, flags=re.IGNORECASE)) or title
        return OutlineView(outline.id, title, title_line, clean(outline.heading),
                           clean(outline.subject), basis,
                           clean(outline.signature) or "THỦ TRƯỞNG ĐƠN VỊ",
                           self.recipients(outline.recipients), "- Lưu: VT.",
                           cleaned(outline.notes), tuple(entries), appendix)


def _issued_documents(ws) -> dict:
    """The last version of each document the workspace has issued, by (kind, unit slug)."""
    from ..followup.issuing import latest, read_register, register_path

    if not register_path(ws).exists():  # the common case: nothing issued, nothing imported
        return {}
    return latest(read_register(ws))


def agency_view(agency) -> AgencyView:
    """The agency as the header prints it and as running text names it (a name typed in
    capitals, as on the letterhead, reads in running text as a name does)."""
    return AgencyView(clean(agency.name), clean(agency.parent), clean(agency.short_name),
                      clean(agency.short_name) or running_name(clean(agency.name)))
