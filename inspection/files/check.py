"""Checking a whole workspace before anyone travels: every file, every rule, all problems at once."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from ..errors import Problem
from ..i18n import _
from ..model.campaign import Campaign
from ..model.checklist import Checklist
from ..vn import workdays
from ..vn.text import fold, has_lookalike, typed_in_capitals
from .schema import Reader
from .workspace import Loaded, Workspace


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def check_workspace(ws: Workspace) -> list[Problem]:
    """Every problem of every file of the workspace, errors and warnings, in file order."""
    problems: list[Problem] = []
    got = ws.read(problems)
    campaign = got.campaign
    if campaign is not None and got.schedule is not None:
        check_campaign(campaign, Reader(got.schedule, problems), got.checklist)
    used = {("outlines", campaign.outline if campaign else None),
            ("checklists", campaign.checklist if campaign else None)}
    for kind in ("outlines", "checklists"):
        for res in ws.resources(kind):
            if res.origin == "workspace" and (kind, res.name) not in used:
                _check_unused(ws, kind, res.name, problems)
    if got.campaign is not None and got.outline is not None and got.checklist is not None:
        loaded = Loaded(got.campaign, got.outline, got.checklist)
        checked = Checked(ws, loaded)
        _check_findings(ws, loaded, problems, checked)
        _check_drafts(ws, loaded, problems, checked)
        checked.save()
    from ..followup.issuing import after_issue  # light: nothing is read without issued/

    after_issue(ws, problems)
    seen = set()
    unique = [p for p in problems if not (p in seen or seen.add(p))]
    return sorted(unique, key=lambda p: (p.file != ws.display(ws.schedule_path), p.file,
                                         p.line or 0))


class Checked:
    """What each findings file and draft was found to hold last time, by its content: a file
    whose bytes are what they were, with the campaign's own files as they were and messages in
    the same language, is not checked again (a campaign of 3,321 communes is 120 MB of YAML).

    The record is the workspace's cache (.inspection-cache/check): safe to delete, and never
    trusted over a file, as a file changed in any way has another SHA-256 and is checked again."""

    def __init__(self, ws: Workspace, loaded: Loaded):
        from ..i18n import current
        from . import cache
        from .workspace import CACHE_DIR

        self.ws = ws
        campaign_files = [ws.schedule_path] + [r.path for kind, name in (
            ("outlines", loaded.outline.id), ("checklists", loaded.checklist.id))
            if (r := ws.resource(kind, name)) is not None]
        self.config = f"{current()}|{cache.fingerprint(campaign_files)}".encode()
        self.entry = ws.root / CACHE_DIR / "check"  # names the entry; nothing is read from it
        self.before = cache.recall(ws.cache_dir, self.entry, self.config) or {}
        self.now: dict = {}

    def check(self, path, problems: list[Problem], read) -> None:
        """Add the problems of the file at `path`: as found last time if it has not changed,
        else by calling `read(found)`, which adds them to `found`."""
        from . import cache

        name = path.name if path.parent == self.ws.findings_dir else f"{path.parent.name}/{path.name}"
        key = cache.content_key(path)
        known = self.before.get(name)
        if key is not None and known and known[0] == key:
            found = [Problem(*fields) for fields in known[1]]
        else:
            found = []
            read(found)
            if key is not None and cache.content_key(path) != key:
                key = None  # changed while it was read: nothing is remembered of it
        if key is not None:
            self.now[name] = (key, [(p.file, p.line, p.path, p.message, p.severity)
                                    for p in found])
        problems.extend(found)

    def save(self) -> None:
        from . import cache

        if self.now != self.before:
            cache.remember(self.ws.cache_dir, self.entry, self.config, self.now)


def _check_findings(ws: Workspace, loaded: Loaded, problems: list[Problem],
                    checked: Checked) -> None:
    """Findings files, maybe edited by hand, are checked like any other file."""
    from ..recording.store import FindingsStore

    store = FindingsStore(ws, loaded)
    by_slug = {visit.unit.slug: visit for visit in loaded.campaign.visits}
    if not ws.findings_dir.is_dir():
        return
    for path in sorted(ws.findings_dir.glob("*.yaml")):
        visit = by_slug.get(path.stem)
        if visit is None:
            problems.append(Problem(ws.display(path), None, "", _(
                "this file belongs to no unit of the schedule (its name must be a unit's file "
                "name, e.g. {example}.yaml)").format(
                    example=next(iter(by_slug), 'bhxh-tinh-yen-bai')), "warning"))
            continue
        def read(found: list[Problem], visit=visit, path=path) -> None:
            record = store.read(visit, found)
            if record is not None and not any(p.severity == "error" for p in found):
                found.extend(early_deadlines(ws.display(path), visit, record))

        checked.check(path, problems, read)


def early_deadlines(display: str, visit, record) -> list[Problem]:
    """Warnings for recommendations due before the visit began: a typing slip (2020 for
    2022), or a deadline nobody could meet."""
    from ..vn.dates import short_date

    out = []
    if visit.start is None:
        return out
    for index, ((item, site), finding) in enumerate(record.findings.items()):
        for number, rec in enumerate(finding.answer.recommendations):
            if rec.due is not None and rec.due < visit.start:
                where = item if site == "office" else \
                    _("{item} at {site}").format(item=item, site=site)
                out.append(Problem(display, None, f"findings.{index}.recommendations.{number}.due",
                                   _("{where}: the recommendation \"{text}\" is due {due}, before "
                                     "the visit began ({start}); a mistyped year?").format(
                                       where=where, text=rec.text[:60], due=short_date(rec.due),
                                       start=short_date(visit.start)), "warning"))
    return out


def _check_drafts(ws: Workspace, loaded: Loaded, problems: list[Problem],
                  checked: Checked) -> None:
    """The conclusions' drafts the lead edits: their form, and what they refer to."""
    from .drafts import FOLDER, REPORT, Known, read_draft, read_report_draft

    folder = ws.root / FOLDER
    if not folder.is_dir():
        return
    by_slug = {visit.unit.slug: visit for visit in loaded.campaign.visits}
    for path in sorted(folder.glob("*.yaml")):
        visit = by_slug.get(path.stem)
        if path.stem == REPORT and visit is None:  # the summary report's
            names = {v.unit.short_name or v.unit.name for v in loaded.campaign.visits}
            sections = {s.id for s in loaded.outline.sections} | \
                {item.group for item in loaded.checklist.items if item.group} | {"Nội dung khác"}
            checked.check(path, problems, lambda found, path=path: read_report_draft(
                path, ws.display(path), found, names, sections))
            continue
        if visit is None:
            problems.append(Problem(ws.display(path), None, "", _(
                "this draft belongs to no unit of the schedule (its name must be a unit's file "
                "name)"), "warning"))
            continue
        # an area is an outline section, or a checklist group outside the outline
        areas = {s.id for s in loaded.outline.sections} | \
            {item.group for item in loaded.checklist.items if item.group} | {"Nội dung khác"}
        known = Known(areas,
                      {item.id for item in loaded.checklist.items},
                      {site.id for site in visit.sites})
        checked.check(path, problems, lambda found, path=path, known=known: read_draft(
            path, ws.display(path), path.stem, found, known))


def _check_unused(ws: Workspace, kind: str, name: str, problems: list[Problem]) -> None:
    """Outlines and checklists in the workspace that the campaign does not use are checked too."""
    if kind == "outlines":
        ws.load_outline(name, problems)
    else:
        own: list[Problem] = []
        checklist = ws.load_checklist(name, own)
        problems.extend(own)
        if checklist is not None and checklist.outline and not own:
            outline_problems: list[Problem] = []
            outline = ws.load_outline(checklist.outline, outline_problems)
            if outline is not None and not outline_problems:
                ws.load_checklist(name, problems, outline)


def check_campaign(campaign: Campaign, r: Reader, checklist: Checklist | None) -> None:
    """The rules that span the schedule: dates, people, places and names."""
    _check_names(campaign, r)
    _check_days(campaign, r)
    _check_bookings(campaign, r)
    _check_teams(campaign, r, checklist)
    _check_report_addressing(campaign, r)
    _check_plan_sections(campaign, r)


# What the plan prints as a dotted line to fill in by hand when the schedule leaves it out
PLAN_SECTIONS = (("legal_bases", "Căn cứ …"), ("purposes", "I. MỤC ĐÍCH, YÊU CẦU"),
                 ("content", "III. 1. Nội dung kiểm tra"),
                 ("methods", "III. 2. Phương pháp kiểm tra"),
                 ("responsibilities", "IV. TỔ CHỨC THỰC HIỆN"))


def _check_plan_sections(campaign: Campaign, r: Reader) -> None:
    for key, heading in PLAN_SECTIONS:
        if not getattr(campaign, key):
            message = _("there is no legal basis: the plan would open with none; write the "
                        "\"Căn cứ …\" lines here") if key == "legal_bases" else _(
                "{key} is empty: the plan prints a dotted line in its place under \"{heading}\"; "
                "write it here before rendering the plan (or fill it in by hand in Word)")
            r.warning((key,), message.format(key=key, heading=heading))


def _check_report_addressing(campaign: Campaign, r: Reader) -> None:
    """The summary report goes from those who inspected to their leadership: it needs
    recipients, and a signer who is not the person it reports to."""
    settings = campaign.document("report")
    recipients = settings.recipients or campaign.recipients_of("report")
    if not recipients and campaign.recipients:
        r.warning(("recipients",), _("the summary report would have no recipient but the "
                                     "archive: mark a recipient `for: [report]`, or give "
                                     "documents.report.recipients"))
        return
    if settings.signer is None and recipients:
        signer = campaign.signer
        # "KT. TỔNG GIÁM ĐỐC" signs for the Tổng Giám đốc: a report to "Tổng Giám đốc (để b/c)"
        # would be signed on behalf of the one it reports to
        authority = fold(re.sub(r"^\s*(KT|TL|TM|TUQ)\.\s*", "", signer.authority or signer.title))
        for line in recipients:
            addressee = fold(re.sub(r"\(.*?\)|[;.]", " ", line))
            if authority and addressee.startswith(authority):
                r.warning(("documents", "report"), _(
                    "the summary report is addressed to {recipient} and signed as {signer} (the "
                    "campaign's signer): give documents.report.signer, the one who reports (e.g. "
                    "the head of the department that led the inspection)").format(
                        recipient=line.rstrip(';. '), signer=signer.authority or signer.title))
                break


def _check_names(campaign: Campaign, r: Reader) -> None:
    names = [(("visits", v.index, "unit", "name"), v.unit.name) for v in campaign.visits]
    names += [(("teams", t.index, "members", i, "name"), m.name)
              for t in campaign.teams for i, m in enumerate(t.members)]
    names += [(("signer", "name"), campaign.signer.name)]
    agency = campaign.agency
    if typed_in_capitals(agency.name) and not agency.short_name:
        r.warning(("agency", "name"), _(
            "{name} is typed in capitals, as on a letterhead: the header prints it so, but "
            "running text needs the name as written in a sentence (e.g. \"Sở Văn hóa, Thể thao "
            "và Du lịch\"); give that as agency.short_name (it is guessed until then)").format(
                name=repr(agency.name)))
    for v in campaign.visits:
        if typed_in_capitals(v.unit.name):
            r.warning(("visits", v.index, "unit", "name"), _(
                "{name} is typed in capitals; documents name the unit inside sentences: type it "
                "as written in a sentence (e.g. \"BHXH tỉnh Yên Bái\")").format(
                    name=repr(v.unit.name)))
    for index, basis in enumerate(campaign.legal_bases):
        if not re.match(r"\s*(căn cứ|thực hiện)\b", basis, re.IGNORECASE):
            r.warning(("legal_bases", index), _(
                "{basis}: a legal basis is printed as typed and reads \"Căn cứ …\" (or "
                "\"Thực hiện …\"): write the word yourself").format(basis=repr(basis[:50])))
    for path, name in names:
        if has_lookalike(name):
            r.warning(path, _("{name} is spelled with the look-alike letter Ð (U+00D0) instead "
                              "of the Vietnamese Đ (U+0110)").format(name=repr(name)))


def _check_days(campaign: Campaign, r: Reader) -> None:
    window, period = campaign.window, campaign.period
    for visit in campaign.visits:
        previous = None
        for day in visit.days:
            path = _day_path(r, visit.index, day.index)
            name = workdays.holiday(day.date)
            if name:
                r.warning(path, _("{day} is a public holiday ({holiday})").format(
                    day=_d(day.date), holiday=name))
            elif day.date.weekday() >= 5:
                r.warning(path, _("{day} is a weekend day ({weekday})").format(
                    day=_d(day.date), weekday=workdays.WEEKDAYS[day.date.weekday()]))
            if (window.start or window.end) and day.date not in window:
                start = _d(window.start) if window.start else '…'
                end = _d(window.end) if window.end else '…'
                if window.label:
                    r.error(path, _("{day} is outside the window {label} ({start}–{end})").format(
                        day=_d(day.date), label=window.label, start=start, end=end))
                else:
                    r.error(path, _("{day} is outside the window ({start}–{end})").format(
                        day=_d(day.date), start=start, end=end))
            if period.start and day.date < period.start:
                r.error(path, _("{day} is before the period under review starts ({start})").format(
                    day=_d(day.date), start=_d(period.start)))
            if previous is not None:
                if day.date <= previous:
                    r.error(path, _("{day} does not come after the day before it ({previous}); "
                                    "list a visit's days in order, once each").format(
                                        day=_d(day.date), previous=_d(previous)))
                elif day.date > workdays.next_working_day(previous):
                    r.error(path, _("{day} does not follow {previous}: a visit's days must be "
                                    "consecutive working days (the next one is {next})").format(
                                        day=_d(day.date), previous=_d(previous),
                                        next=_d(workdays.next_working_day(previous))))
            previous = day.date


def _day_path(r: Reader, visit: int, day: int) -> tuple:
    """The path of a day's date: days[1].date, or days[1] when the day is written as a bare date."""
    path = ("visits", visit, "days", day)
    return path + ("date",) if path + ("date",) in r.doc.lines else path


def _check_bookings(campaign: Campaign, r: Reader) -> None:
    """A team, or a person, cannot be in two places on the same day."""
    team_days: dict[tuple[str, dt.date], int] = {}
    for visit in campaign.visits:
        for day in visit.days:
            key = (visit.team, day.date)
            if key in team_days and team_days[key] != visit.index:
                other = campaign.visits[_position(campaign, team_days[key])]
                r.error(_day_path(r, visit.index, day.index),
                        _("team {team} is already at {unit} on {day} (visits[{index}])").format(
                            team=visit.team, unit=other.unit.name, day=_d(day.date),
                            index=other.index))
            team_days.setdefault(key, visit.index)
    teams_of: dict[str, list] = defaultdict(list)
    for team in campaign.teams:
        for i, member in enumerate(team.members):
            teams_of[fold(member.name)].append((team, i, member))
    for entries in teams_of.values():
        if len(entries) < 2:
            continue
        days_of = {team.id: {(day.date, visit.index) for visit in campaign.visits
                             if visit.team == team.id for day in visit.days}
                   for team, _i, _m in entries}
        for a in range(len(entries)):
            for b in range(a + 1, len(entries)):
                team_a, _i, member = entries[a]
                team_b, i_b, _m = entries[b]
                dates_a = {d for d, _v in days_of[team_a.id]}
                clash = sorted(d for d, _v in days_of[team_b.id] if d in dates_a)
                if clash:
                    r.error(("teams", team_b.index, "members", i_b, "name"),
                            _("{name} is in teams {team} and {other}, which are in different "
                              "places on {days}").format(
                                  name=member.name, team=team_a.id, other=team_b.id,
                                  days=', '.join(_d(d) for d in clash)))


def _position(campaign: Campaign, index: int) -> int:
    return next(i for i, v in enumerate(campaign.visits) if v.index == index)


def _check_teams(campaign: Campaign, r: Reader, checklist: Checklist | None) -> None:
    visited = {v.team for v in campaign.visits}
    for team in campaign.teams:
        if team.id not in visited:
            r.warning(("teams", team.index, "id"), _("team {team} has no visit").format(
                team=team.id))
    if not campaign.signer.name:
        r.warning(("signer",), _("no signer is given: the plan and the conclusions will have an "
                                 "empty signature block"))
    field_only = [i.id for i in checklist.items if i.level == "field"] if checklist else []
    if field_only:
        for visit in campaign.visits:
            if not visit.sites:
                r.warning(("visits", visit.index, "days"),
                          _("{unit} has no field sites, so the checklist items checked only in "
                            "the field ({items}) cannot be recorded for it").format(
                                unit=visit.unit.name, items=', '.join(field_only[:3])
                                + ('…' if len(field_only) > 3 else '')))
