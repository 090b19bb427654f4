"""Loading the schedule: the campaign, its teams and its visits."""

from __future__ import annotations

import datetime as dt
import re

from ..documents.kinds import KINDS
from ..errors import Problem
from ..i18n import N_, _
from ..model.campaign import (ISSUED_TO_OTHERS, Agency, Campaign, DateRange, DocumentSettings,
                              Member, Person, Recipient, Responsibility, Signer, Site, Team,
                              Unit, Visit, VisitDay)
from ..vn.text import fold, slugify
from .schema import Reader
from .yamlfile import YamlDocument

SCHEDULE_FILE = "schedule.yaml"

_ROLES = {
    "lead": "lead", "truong-doan": "lead", "truong-doan-kiem-tra": "lead",
    "deputy": "deputy", "pho-truong-doan": "deputy",
    "member": "member", "thanh-vien": "member", "thanh-vien-doan": "member",
    "secretary": "secretary", "thu-ky": "secretary", "thu-ky-doan": "secretary",
}
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_TOP_KEYS = ("id", "title", "agency", "place", "number_pattern", "outline", "checklist", "period",
             "window", "legal_bases", "preamble", "purposes", "requirements", "team_composition",
             "content", "methods", "responsibilities", "closing", "signer", "recipients", "archive",
             "documents", "teams", "visits")


def parse_window(text: str) -> DateRange:
    """Parse "Q3/2022", "Quý III/2022", "07/2022" or "2022" into a date range with a label."""
    text = " ".join(text.split())
    match = re.fullmatch(r"(?:[Qq]|[Qq]u[ýy]\s*)(\d|I{1,3}|IV)\s*/\s*(\d{4})", text)
    if match:
        quarter = _ROMAN.get(match.group(1)) or int(match.group(1))
        year = int(match.group(2))
        if not 1 <= quarter <= 4:
            raise ValueError(_("{text}: a year has quarters 1 to 4").format(text=text))
        start = dt.date(year, 3 * quarter - 2, 1)
        end = (dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)) \
            - dt.timedelta(days=1)
        roman = {1: "I", 2: "II", 3: "III", 4: "IV"}[quarter]
        return DateRange(start, end, f"Quý {roman}/{year}")
    match = re.fullmatch(r"(\d{1,2})/(\d{4})", text)
    if match:
        month, year = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(_("{text}: there is no month {month}").format(text=text, month=month))
        end = (dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)) \
            - dt.timedelta(days=1)
        return DateRange(dt.date(year, month, 1), end, f"Tháng {month:02d}/{year}")
    match = re.fullmatch(r"(?:[Nn]ăm\s*)?(\d{4})", text)
    if match:
        year = int(match.group(1))
        return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31), f"Năm {year}")
    raise ValueError(_("{text} is not a window: write Q3/2022, Quý III/2022, 07/2022, 2022 or a "
                       "block with from: and to:").format(text=repr(text)))


class _ScheduleReader(Reader):
    def date_range(self, value, path, *, what: str, open_end: bool) -> DateRange | None:
        if isinstance(value, str):
            try:
                return parse_window(value)
            except ValueError as exc:
                self.error(path, str(exc))
                return None
        data = self.mapping(value, path, ("from", "to", "label"), ("from",) + (() if open_end else ("to",)))
        if data is None:
            return None
        start = self.date(data.get("from"), path + ("from",))
        end = self.date(data.get("to"), path + ("to",))
        if start and end and end < start:
            self.error(path + ("to",), _("the {what} ends ({end}) before it starts ({start})").format(
                what=_(what), end=f"{end:%d/%m/%Y}", start=f"{start:%d/%m/%Y}"))
        return DateRange(start, end, self.text(data.get("label"), path + ("label",)))

    def signer(self, value, path) -> Signer | None:
        data = self.mapping(value, path, ("authority", "title", "name"), ("title", "name"))
        if data is None:
            return None
        name = self.name(data.get("name"), path + ("name",))
        title = self.text(data.get("title"), path + ("title",))
        if not (name and title):
            return None
        return Signer(name, title, self.text(data.get("authority"), path + ("authority",)))

    def person(self, value, path) -> Person | None:
        if isinstance(value, str):
            name = self.name(value, path)
            return Person(name) if name else None
        data = self.mapping(value, path, ("name", "title"), ("name",))
        if data is None:
            return None
        name = self.name(data.get("name"), path + ("name",))
        return Person(name, self.text(data.get("title"), path + ("title",))) if name else None

    def people(self, value, path) -> tuple[Person, ...]:
        return tuple(p for item_path, item in self.items(value, path)
                     if (p := self.person(item, item_path)) is not None)

    def member(self, value, path) -> Member | None:
        data = self.mapping(value, path, ("name", "role", "title", "department"), ("name",))
        if data is None:
            return None
        name = self.name(data.get("name"), path + ("name",))
        role = self.choice(data.get("role"), path + ("role",), _ROLES, default="member")
        if name is None:
            return None
        return Member(name, role or "member", self.text(data.get("title"), path + ("title",)),
                      self.text(data.get("department"), path + ("department",)))

    def team(self, value, path) -> Team | None:
        data = self.mapping(value, path, ("id", "name", "members"), ("id", "members"))
        if data is None:
            return None
        team_id = self.ident(data.get("id"), path + ("id",))
        members = []
        names: dict[str, int] = {}
        for m_path, m_value in self.items(data.get("members"), path + ("members",)):
            member = self.member(m_value, m_path)
            if member is None:
                continue
            key = fold(member.name)
            if key in names:
                self.error(m_path + ("name",), _("{name} is listed twice in this team").format(
                    name=member.name))
                continue
            names[key] = len(members)
            members.append(member)
        if team_id is None:
            return None
        leads = [m for m in members if m.role == "lead"]
        if members and not leads:
            self.error(path + ("members",), _("the team has no Trưởng đoàn (role: Trưởng đoàn)"))
        elif len(leads) > 1:
            self.error(path + ("members",), _("the team has {count} Trưởng đoàn: {names}; a team "
                                              "has one lead").format(
                count=len(leads), names=', '.join(m.name for m in leads)))
        return Team(team_id, tuple(members), self.name(data.get("name"), path + ("name",)),
                    index=path[-1])

    def site(self, value, path) -> Site | None:
        if isinstance(value, str):
            name = self.name(value, path)
            return Site(slugify(name), name) if name else None
        data = self.mapping(value, path, ("id", "name", "place", "representatives"), ("name",))
        if data is None:
            return None
        name = self.name(data.get("name"), path + ("name",))
        site_id = self.ident(data.get("id"), path + ("id",), required=False)
        if name is None:
            return None
        return Site(site_id or slugify(name), name, self.text(data.get("place"), path + ("place",)),
                    self.people(data.get("representatives"), path + ("representatives",)))

    def day(self, value, path) -> VisitDay | None:
        if isinstance(value, str):
            date = self.date(value, path)
            return VisitDay(date, index=path[-1]) if date else None
        data = self.mapping(value, path, ("date", "place", "sites", "note"), ("date",))
        if data is None:
            return None
        date = self.date(data.get("date"), path + ("date",))
        sites = tuple(s for s_path, s_value in self.items(data.get("sites"), path + ("sites",))
                      if (s := self.site(s_value, s_path)) is not None)
        if date is None:  # its sites are still the visit's: findings about them are not wrong
            self.undated_sites += sites
            return None
        return VisitDay(date, self.text(data.get("place"), path + ("place",)), sites,
                        self.text(data.get("note"), path + ("note",)), index=path[-1])

    def unit(self, value, path) -> Unit | None:
        if isinstance(value, str):
            name = self.name(value, path)
            return Unit(name, slugify(name)) if name else None
        data = self.mapping(value, path, ("name", "short_name", "locality", "province", "slug"),
                            ("name",))
        if data is None:
            return None
        name = self.name(data.get("name"), path + ("name",))
        slug = self.text(data.get("slug"), path + ("slug",))
        if slug is not None and slug != slugify(slug):
            self.error(path + ("slug",), _("{slug} is not a safe file name; use lower-case "
                                           "letters, digits and '-', e.g. {example}").format(
                slug=repr(slug), example=slugify(slug)))
            slug = slugify(slug)
        if name is None:
            return None
        # where the unit is (the place the minutes are dated at): `locality` for any unit — a
        # commune, a newspaper —, `province` as the first schedules wrote it
        if "locality" in data and "province" in data:
            self.error(path + ("province",), _("give the place once, as locality (province is "
                                               "its older name)"))
        where = "locality" if "locality" in data else "province"
        return Unit(name, slug or slugify(name), self.text(data.get("short_name"), path + ("short_name",)),
                    self.text(data.get(where), path + (where,)))

    def visit(self, value, path, team_ids: set[str]) -> Visit | None:
        data = self.mapping(value, path, ("unit", "team", "days", "representatives", "numbers"),
                            ("unit", "team", "days"))
        if data is None:
            return None
        unit = self.unit(data.get("unit"), path + ("unit",))
        team = self.ident(data.get("team"), path + ("team",))
        if team is not None and team_ids and team not in team_ids:
            self.error(path + ("team",), _("there is no team {team}; the teams are: {teams}").format(
                team=team, teams=', '.join(sorted(team_ids))))
        self.undated_sites = ()
        days = tuple(d for d_path, d_value in self.items(data.get("days"), path + ("days",))
                     if (d := self.day(d_value, d_path)) is not None)
        undated, self.undated_sites = self.undated_sites, ()
        site_ids: dict[str, str] = {}
        for day in days:
            for s_index, site in enumerate(day.sites):
                if site.id in site_ids:
                    self.error(path + ("days", day.index, "sites", s_index),
                               _("the site id {id} is used twice in this visit").format(
                                   id=site.id))
                site_ids[site.id] = site.name
        numbers = {}
        if data.get("numbers") is not None:
            n_data = self.mapping(data["numbers"], path + ("numbers",), tuple(KINDS))
            for kind, number in (n_data or {}).items():
                if kind in KINDS:
                    value_ = self.integer(number, path + ("numbers", kind), minimum=1)
                    if value_ is not None:
                        numbers[kind] = value_
        if unit is None or team is None:
            return None
        return Visit(unit, team, days, self.people(data.get("representatives"),
                                                   path + ("representatives",)), numbers,
                     index=path[-1], undated_sites=undated)

    def documents(self, value, path, pattern: str, archive: str | None = None) -> dict:
        """The settings of every kind of document: as the schedule gives them, else defaults
        (for a kind declared `settings_like` another, that other kind's)."""
        data = self.mapping(value, path, tuple(KINDS)) if value is not None else {}
        given: dict[str, dict] = {}
        for kind, settings in (data or {}).items():
            if kind not in KINDS:
                continue
            k_path = path + (kind,)
            s = self.mapping(settings, k_path, ("number_pattern", "number", "date", "recipients",
                                                "signer", "archive", "agency", "report_by"))
            if s is None:
                continue
            own_pattern = self.text(s.get("number_pattern"), k_path + ("number_pattern",))
            if own_pattern is not None:
                self.pattern(own_pattern, k_path + ("number_pattern",))
            given[kind] = dict(
                number_pattern=own_pattern,
                number=self.integer(s.get("number"), k_path + ("number",), minimum=1),
                date=self.date(s.get("date"), k_path + ("date",)),
                recipients=self.texts(s.get("recipients"), k_path + ("recipients",)),
                signer=self.signer(s["signer"], k_path + ("signer",)) if s.get("signer") else None,
                archive=self.text(s.get("archive"), k_path + ("archive",)),
                agency=self.agency(s["agency"], k_path + ("agency",)) if s.get("agency") else None,
                report_by=self.date(s.get("report_by"), k_path + ("report_by",)))
        result = {}
        for kind, entry in KINDS.items():
            own = given.get(kind, {})
            like = given.get(entry.settings_like, {}) if entry.settings_like else {}
            settings = {key: own.get(key) or (like.get(key) if key not in ("number", "date")
                                                else None)
                        for key in ("number_pattern", "number", "date", "recipients", "signer",
                                    "archive", "agency", "report_by")}
            drafter = _drafter(settings["archive"] or archive)
            settings["number_pattern"] = settings["number_pattern"] or \
                entry.number_pattern(pattern, drafter)
            settings["recipients"] = settings["recipients"] or ()
            result[kind] = DocumentSettings(**settings)
        return result

    def pattern(self, text: str, path) -> None:
        if "{number}" not in text:
            self.error(path, _("{pattern} has no {{number}}: write it like {{number}}/KH-BHXH")
                       .format(pattern=repr(text)))
        leftover = re.sub(r"\{(number|type)\}", "", text)
        if "{" in leftover or "}" in leftover:
            self.error(path, _("{pattern}: only {{number}} and {{type}} can be used in braces")
                       .format(pattern=repr(text)))

    _ISSUED = ISSUED_TO_OTHERS

    def agency(self, value, path) -> Agency | None:
        data = self.mapping(value, path, ("name", "parent", "short_name"), ("name",))
        if data is None or not (name := self.name(data.get("name"), path + ("name",))):
            return None
        return Agency(name, self.name(data.get("parent"), path + ("parent",)),
                      self.name(data.get("short_name"), path + ("short_name",)))

    def recipients(self, value, path) -> tuple[Recipient, ...]:
        """Nơi nhận: a line of text (for the plan, the conclusions and the report), or
        `{to: TEXT, for: [plan, report]}` naming the documents it is meant for."""
        result = []
        for item_path, item in self.items(value, path):
            if not isinstance(item, dict):
                text = self.text(item, item_path)
                if text:
                    result.append(Recipient(text))
                continue
            data = self.mapping(item, item_path, ("to", "for"), ("to",))
            if data is None:
                continue
            text = self.text(data.get("to"), item_path + ("to",), required=True)
            kinds = []
            for kind_path, kind in self.items(data.get("for"), item_path + ("for",)):
                name = self.text(kind, kind_path)
                if name is None:
                    continue
                if name not in self._ISSUED:
                    self.error(kind_path, _("{name} is not a document with recipients; use "
                                            "{kinds}").format(
                        name=repr(name), kinds=', '.join(self._ISSUED)))
                    continue
                kinds.append(name)
            if text:
                result.append(Recipient(text, tuple(kinds) if data.get("for") is not None
                                        else ISSUED_TO_OTHERS))
        return tuple(result)

    def responsibilities(self, value, path) -> tuple[Responsibility, ...]:
        result = []
        for item_path, item in self.items(value, path):
            data = self.mapping(item, item_path, ("who", "tasks"), ("who",))
            if data is None:
                continue
            who = self.text(data.get("who"), item_path + ("who",))
            if who:
                result.append(Responsibility(who, self.texts(data.get("tasks"), item_path + ("tasks",))))
        return tuple(result)


def parse_schedule(doc: YamlDocument, problems: list[Problem]) -> Campaign | None:
    """Build the Campaign from a loaded schedule file; problems are appended to `problems`."""
    r = _ScheduleReader(doc, problems)
    data = r.mapping(doc.data, (), _TOP_KEYS, ("id", "title", "agency", "outline", "checklist",
                                               "teams", "visits"))
    if data is None:
        return None
    agency = r.agency(data.get("agency"), ("agency",)) if data.get("agency") is not None else None
    pattern = r.text(data.get("number_pattern"), ("number_pattern",)) or "{number}/{type}"
    r.pattern(pattern, ("number_pattern",))
    teams = []
    team_lines: dict[str, int | None] = {}
    for path, value in r.items(data.get("teams"), ("teams",)):
        team = r.team(value, path)
        if team is None:
            continue
        if team.id in team_lines:
            r.error(path + ("id",), _("the team id {id} is used twice (first on line {line})")
                    .format(id=team.id, line=team_lines[team.id]))
            continue
        team_lines[team.id] = doc.line(path + ("id",))
        teams.append(team)
    visits = []
    names: dict[str, Visit] = {}
    slugs: dict[str, Visit] = {}
    for path, value in r.items(data.get("visits"), ("visits",)):
        visit = r.visit(value, path, set(team_lines))
        if visit is None:
            continue
        same = names.get(fold(visit.unit.name))
        if same is not None:
            message = _("{name} is listed twice (visits[{index}], line {line})") \
                if same.unit.name == visit.unit.name else \
                _("{name} is the same unit as {other}: the names differ only in case, Unicode "
                  "form or tone-mark placement (visits[{index}], line {line})")
            r.error(path + ("unit", "name"), message.format(
                name=repr(visit.unit.name), other=repr(same.unit.name), index=same.index,
                line=doc.line(('visits', same.index))))
        elif visit.unit.slug in slugs:
            r.error(path + ("unit",), _("{name} gets the file name {slug}, already taken by "
                                        "{other}; set a different unit.slug").format(
                name=visit.unit.name, slug=visit.unit.slug,
                other=slugs[visit.unit.slug].unit.name))
        names.setdefault(fold(visit.unit.name), visit)
        slugs.setdefault(visit.unit.slug, visit)
        visits.append(visit)
    period = r.date_range(data.get("period"), ("period",), what=N_("period under review"),
                          open_end=True) if data.get("period") is not None else None
    window = r.date_range(data.get("window"), ("window",), what=N_("window"),
                          open_end=False) if data.get("window") is not None else None
    signer = r.signer(data.get("signer"), ("signer",)) if data.get("signer") is not None else None
    required_ok = all(x is not None for x in (
        agency, r.ident(data.get("id"), ("id",), required=False),
        r.ident(data.get("outline"), ("outline",), required=False),
        r.ident(data.get("checklist"), ("checklist",), required=False)))
    if not required_ok:
        return None
    return Campaign(
        id=data["id"],
        title=r.text(data.get("title"), ("title",), required=True) or "",
        agency=agency,
        place=r.text(data.get("place"), ("place",)) or "",
        number_pattern=pattern,
        outline=data["outline"],
        checklist=data["checklist"],
        signer=signer or Signer("", ""),
        period=period or DateRange(None, None),
        window=window or DateRange(None, None),
        teams=tuple(teams),
        visits=tuple(visits),
        legal_bases=r.texts(data.get("legal_bases"), ("legal_bases",)),
        preamble=r.text(data.get("preamble"), ("preamble",)),
        purposes=r.texts(data.get("purposes"), ("purposes",)),
        requirements=r.texts(data.get("requirements"), ("requirements",)),
        team_composition=r.text(data.get("team_composition"), ("team_composition",)),
        content=r.texts(data.get("content"), ("content",)),
        methods=r.texts(data.get("methods"), ("methods",)),
        responsibilities=r.responsibilities(data.get("responsibilities"), ("responsibilities",)),
        closing=r.text(data.get("closing"), ("closing",)),
        recipients=r.recipients(data.get("recipients"), ("recipients",)),
        archive=r.text(data.get("archive"), ("archive",)) or "VT",
        documents=r.documents(data.get("documents"), ("documents",), pattern,
                              r.text(data.get("archive"), ("archive",))),
        source=doc.name,
    )


def _drafter(archive: str | None) -> str | None:
    """The drafting unit's abbreviation in "Lưu: VT, TT": what a letter's number ends with."""
    parts = [p.strip(" .;") for p in (archive or "").split(",")]
    parts = [p for p in parts if p and p.upper() != "VT"]
    return parts[-1] if parts else None
