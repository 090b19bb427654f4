"""What the team records for one unit — findings, indicator values, evidence — and its file format.

One file per unit, `findings/<unit>.yaml`: plain YAML with a stable key order and NFC text,
that a person can open, read and correct by hand. Every answer keeps its earlier versions
(`history`) and, after a merge, the versions recorded differently elsewhere (`conflicts`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from . import values
from .errors import Problem
from .model import Checklist, IndicatorTable
from .schema import Reader
from .values import as_dict, field, fields, replace
from .yamlfile import YamlDocument

if TYPE_CHECKING:
    from decimal import Decimal

OFFICE = "office"  # the site of what is checked at the unit's own office
TEXT_FIELDS = ("observations", "strengths", "shortcomings", "causes", "explanations")
FIELD_LABELS = {
    "rating": "Đánh giá",
    "observations": "Nhận xét",
    "strengths": "Ưu điểm",
    "shortcomings": "Tồn tại, hạn chế",
    "causes": "Nguyên nhân",
    "recommendations": "Kiến nghị",
    "explanations": "Giải trình của đơn vị",
    "evidence": "Tài liệu, chứng cứ",
}


def now() -> str:
    """The current local time as stored in files: 2022-07-12T09:30:05+07:00."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


@values.value
class Recommendation:
    """A recommendation (kiến nghị): what must be done, by whom, by when."""

    text: str
    owner: str | None = None
    due: dt.date | None = None


@values.value
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


@values.value
class Finding:
    """The answer for (checklist item, site), with its earlier versions and open conflicts."""

    item: str
    site: str
    answer: Answer
    history: tuple[Answer, ...] = ()  # oldest first
    conflicts: tuple[Answer, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.item, self.site)


@values.value
class IndicatorValue:
    """One version of an indicator figure, as the unit reported it and as the team verified it."""

    reported: str | None = None  # canonical text: "12", "85.5", or words for text rows
    verified: str | None = None
    recorded_by: str | None = field(default=None, compare=False)
    recorded_at: str | None = field(default=None, compare=False)


@values.value
class IndicatorEntry:
    row: str
    period: str
    value: IndicatorValue
    history: tuple[IndicatorValue, ...] = ()
    conflicts: tuple[IndicatorValue, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.row, self.period)


@values.value
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


@values.value(frozen=False)
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


# -- numbers in indicator forms -------------------------------------------------


def parse_number(text: str, kind: str) -> Decimal:
    """Read a figure the way a Vietnamese user means it; raise ValueError with the reason.

    "85,5", "85.5" and "85,5%" are 85.5; "1.234" and "1 234" are 1234 (a dot followed by
    exactly three digits groups thousands, unless the number starts with 0: "0.125");
    "1.234,5" is 1234.5; "1,234,567" is read as typed in English; "đ", "đồng", "VNĐ" may
    follow an amount.
    """
    from decimal import Decimal, InvalidOperation  # figures are read by indicator commands only

    raw = text
    # Any kind of space (no-break, thin…) may group thousands.
    text = "".join(" " if unicodedata.category(c) == "Zs" else c for c in text).strip()
    if kind == "amount":
        text = re.sub(r"\s*(đồng|đ|vnđ|vnd)\.?$", "", text, flags=re.IGNORECASE)
    percent = text.endswith("%")
    if percent:
        text = text[:-1].strip()
    if percent and kind != "percentage":
        raise ValueError(f"{raw!r}: a % sign only belongs in a percentage")
    text = re.sub(r"(?<=\d) (?=\d{3}\b)", "", text)
    if re.fullmatch(r"[+-]?0+\.\d+", text):  # "0.125": a group of thousands never starts with 0
        pass
    elif re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", text):
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[+-]?\d{1,3}(,\d{3}){2,}", text):  # 1,234,567 as typed in English
        text = text.replace(",", "")
    elif re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+\.\d+", text):  # 1,234.5 as typed in English
        text = text.replace(",", "")
    elif re.fullmatch(r"[+-]?\d+,\d+", text):
        text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise ValueError(f"{raw!r} is not a number")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{raw!r} is not a number") from None
    if kind == "count":
        if number != number.to_integral_value():
            raise ValueError(f"{raw!r}: a count must be a whole number")
        if number < 0:
            raise ValueError(f"{raw!r}: a count cannot be negative")
    elif kind == "percentage" and not 0 <= number <= 100:
        raise ValueError(f"{raw!r}: a percentage must be between 0 and 100")
    elif kind == "amount" and number < 0:
        raise ValueError(f"{raw!r}: an amount cannot be negative")
    return number


def canonical(number: Decimal) -> str:
    """The form a figure is stored in: "1234", "85.5" (no exponent, no trailing zeros)."""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def normalize_value(text: str, kind: str) -> str:
    """Check and store a figure typed by a user; text rows keep their words."""
    if kind == "text":
        return text
    return canonical(parse_number(text, kind))


# -- reading a findings file ------------------------------------------------------

_ANSWER_KEYS = ("rating",) + TEXT_FIELDS + ("recommendations", "evidence", "recorded_by", "recorded_at")
_FINDING_KEYS = ("item", "site") + _ANSWER_KEYS + ("history", "conflicts")
_VALUE_KEYS = ("reported", "verified", "recorded_by", "recorded_at")


class _FindingsReader(Reader):
    def answer(self, data: dict, path: tuple) -> Answer:
        recs = []
        for r_path, r_value in self.items(data.get("recommendations"), path + ("recommendations",)):
            if isinstance(r_value, str):
                text = self.text(r_value, r_path)
                if text:
                    recs.append(Recommendation(text))
                continue
            r_data = self.mapping(r_value, r_path, ("text", "owner", "due"), ("text",))
            if r_data is not None and (text := self.text(r_data.get("text"), r_path + ("text",))):
                recs.append(Recommendation(text, self.text(r_data.get("owner"), r_path + ("owner",)),
                                           self.date(r_data.get("due"), r_path + ("due",))))
        return Answer(
            rating=self.text(data.get("rating"), path + ("rating",)),
            recommendations=tuple(recs),
            evidence=tuple(e for p, v in self.items(data.get("evidence"), path + ("evidence",))
                           if (e := self.text(v, p))),
            recorded_by=self.text(data.get("recorded_by"), path + ("recorded_by",)),
            recorded_at=self.text(data.get("recorded_at"), path + ("recorded_at",)),
            **{name: self.texts(data.get(name), path + (name,)) for name in TEXT_FIELDS},
        )

    def versions(self, value, path: tuple, keys: tuple, build) -> tuple:
        result = []
        for v_path, v_value in self.items(value, path):
            data = self.mapping(v_value, v_path, keys)
            if data is not None:
                result.append(build(data, v_path))
        return tuple(result)

    def value(self, data: dict, path: tuple) -> IndicatorValue:
        return IndicatorValue(
            reported=self.text(data.get("reported"), path + ("reported",)),
            verified=self.text(data.get("verified"), path + ("verified",)),
            recorded_by=self.text(data.get("recorded_by"), path + ("recorded_by",)),
            recorded_at=self.text(data.get("recorded_at"), path + ("recorded_at",)),
        )


@values.value
class Context:
    """What a findings file is checked against: its unit's visit, the checklist, the table."""

    unit: str
    sites: tuple[str, ...]
    checklist: Checklist
    table: IndicatorTable | None
    root: Path | None = None  # the workspace, to check that evidence files are there


def parse_unit_record(doc: YamlDocument, problems: list[Problem],
                      context: Context | None = None) -> UnitRecord | None:
    """Read a findings file; problems are appended to `problems`.

    With a `context`, every item, site, rating, indicator row, period and figure is also
    checked against the campaign.
    """
    r = _FindingsReader(doc, problems)
    data = r.mapping(doc.data, (), ("unit", "name", "findings", "indicators", "notes", "evidence"),
                     ("unit",))
    if data is None:
        return None
    unit = r.text(data.get("unit"), ("unit",))
    record = UnitRecord(unit or "", r.text(data.get("name"), ("name",)) or "")
    for path, value in r.items(data.get("findings"), ("findings",)):
        f = r.mapping(value, path, _FINDING_KEYS, ("item",))
        if f is None:
            continue
        item = r.text(f.get("item"), path + ("item",))
        site = r.text(f.get("site"), path + ("site",)) or OFFICE
        if item is None:
            continue
        if (item, site) in record.findings:
            r.error(path + ("item",), f"item {item} at {site} is recorded twice in this file")
            continue
        if context is not None:
            _check_finding(r, context, f, path, item, site)
        record.findings[(item, site)] = Finding(
            item, site, r.answer(f, path),
            r.versions(f.get("history"), path + ("history",), _ANSWER_KEYS, r.answer),
            r.versions(f.get("conflicts"), path + ("conflicts",), _ANSWER_KEYS, r.answer))
    for path, value in r.items(data.get("indicators"), ("indicators",)):
        v = r.mapping(value, path, ("row", "period") + _VALUE_KEYS + ("history", "conflicts"),
                      ("row", "period"))
        if v is None:
            continue
        row, period = r.text(v.get("row"), path + ("row",)), r.text(v.get("period"), path + ("period",))
        if row is None or period is None:
            continue
        if (row, period) in record.indicators:
            r.error(path + ("row",), f"indicator {row} for period {period} is recorded twice")
            continue
        if context is not None:
            _check_indicator(r, context, v, path, row, period)
        record.indicators[(row, period)] = IndicatorEntry(
            row, period, r.value(v, path),
            r.versions(v.get("history"), path + ("history",), _VALUE_KEYS, r.value),
            r.versions(v.get("conflicts"), path + ("conflicts",), _VALUE_KEYS, r.value))
    notes = r.mapping(data["notes"], ("notes",), list(data["notes"])) \
        if isinstance(data.get("notes"), dict) else None
    if data.get("notes") is not None and notes is None:
        r.error(("notes",), "notes must be a block of `row: text` lines")
    for row, text in (notes or {}).items():
        cleaned = r.text(text, ("notes", row))
        if cleaned:
            record.notes[row] = cleaned
    for path, value in r.items(data.get("evidence"), ("evidence",)):
        e = r.mapping(value, path, [f.name for f in fields(Evidence)],
                      ("id", "file", "original_name", "size", "sha256"))
        if e is None:
            continue
        size = r.integer(e.get("size"), path + ("size",), minimum=0)
        pages = r.integer(e.get("pages"), path + ("pages",), minimum=0)
        values = {name: r.text(e.get(name), path + (name,)) for name in
                  ("id", "file", "original_name", "sha256", "item", "added_by", "added_at")}
        if None in (values["id"], values["file"], values["original_name"], values["sha256"], size):
            continue
        if context is not None and context.root is not None:
            target = (context.root / values["file"]).resolve()
            if not target.is_relative_to(context.root.resolve()):
                r.error(path + ("file",), f"{values['file']} is outside the workspace")
            elif not target.is_file():
                r.error(path + ("file",), f"{values['file']} is missing from the workspace")
        record.evidence.append(Evidence(site=r.text(e.get("site"), path + ("site",)) or OFFICE,
                                        size=size, pages=pages, **values))
    if context is not None:
        if unit and unit != context.unit:
            r.error(("unit",), f"this file is for {unit}, but its name says {context.unit}")
        known = {e.id for e in record.evidence}
        for (item, site), finding in record.findings.items():
            for ref in finding.answer.evidence:
                if ref not in known:
                    r.warning(("findings",), f"item {item} refers to evidence {ref}, which is not "
                                             "listed under evidence")
    return record


def _check_finding(r: Reader, context: Context, data: dict, path: tuple, item: str, site: str) -> None:
    checklist_item = context.checklist.item(item)
    if checklist_item is None:
        r.error(path + ("item",), f"checklist {context.checklist.id} has no item {item}")
    if site != OFFICE and site not in context.sites:
        known = ", ".join((OFFICE,) + context.sites)
        r.error(path + ("site",), f"the visit has no site {site}; its sites are: {known}")
    elif checklist_item is not None:
        if site == OFFICE and checklist_item.level == "field":
            r.error(path + ("site",), f"item {item} is checked at the field sites only, not at the office")
        if site != OFFICE and checklist_item.level == "office":
            r.error(path + ("site",), f"item {item} is checked at the office only, not at {site}")
    for version_path, version in [(path, data)] + [
            (path + (key, i), v) for key in ("history", "conflicts")
            for i, v in enumerate(data.get(key) or []) if isinstance(v, dict)]:
        rating = version.get("rating")
        if isinstance(rating, str) and rating and context.checklist.rating(rating.strip()) is None:
            scale = ", ".join(level.id for level in context.checklist.scale)
            r.error(version_path + ("rating",), f"{rating!r} is not a rating of the scale ({scale})")


def _check_indicator(r: Reader, context: Context, data: dict, path: tuple, row_id: str,
                     period: str) -> None:
    if context.table is None:
        r.error(path + ("row",), "the outline has no indicator table")
        return
    row = context.table.row(row_id)
    if row is None:
        r.error(path + ("row",), f"the indicator table has no row {row_id}")
    elif row.is_group:
        r.error(path + ("row",), f"row {row_id} is a group; figures go in the rows under it")
    if context.table.period(period) is None:
        known = ", ".join(p.id for p in context.table.periods)
        r.error(path + ("period",), f"the indicator table has no period {period}; its periods are: {known}")
    if row is None or row.is_group:
        return
    for key in ("reported", "verified"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            try:
                normalize_value(value, row.kind)
            except ValueError as exc:
                r.error(path + (key,), str(exc))


# -- writing ------------------------------------------------------------------------


def _answer_data(answer: Answer, with_meta: bool = True) -> dict:
    data: dict = {}
    if answer.rating:
        data["rating"] = answer.rating
    for name in TEXT_FIELDS:
        if getattr(answer, name):
            data[name] = list(getattr(answer, name))
    if answer.recommendations:
        data["recommendations"] = [
            {k: v for k, v in (("text", r.text), ("owner", r.owner),
                               ("due", r.due.isoformat() if r.due else None)) if v}
            for r in answer.recommendations]
    if answer.evidence:
        data["evidence"] = list(answer.evidence)
    if with_meta:
        for name in ("recorded_by", "recorded_at"):
            if getattr(answer, name):
                data[name] = getattr(answer, name)
    return data


def _value_data(value: IndicatorValue) -> dict:
    return {k: getattr(value, k) for k in _VALUE_KEYS if getattr(value, k) is not None}


def _natural(text: str) -> list:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)]


def record_data(record: UnitRecord, checklist: Checklist | None = None,
                table: IndicatorTable | None = None) -> dict:
    """The YAML data of a findings file, in a stable order (the checklist's and the table's)."""
    item_order = {item.id: i for i, item in enumerate(checklist.items)} if checklist else {}
    row_order = {row.id: i for i, row in enumerate(table.all_rows())} if table else {}
    period_order = {p.id: i for i, p in enumerate(table.periods)} if table else {}

    def finding_key(f: Finding):
        return (item_order.get(f.item, len(item_order)), _natural(f.item), f.site != OFFICE, f.site)

    def entry_key(e: IndicatorEntry):
        return (row_order.get(e.row, len(row_order)), _natural(e.row),
                period_order.get(e.period, len(period_order)), e.period)

    findings = []
    for f in sorted(record.findings.values(), key=finding_key):
        data = {"item": f.item, "site": f.site, **_answer_data(f.answer)}
        if f.history:
            data["history"] = [_answer_data(a) for a in f.history]
        if f.conflicts:
            data["conflicts"] = [_answer_data(a) for a in f.conflicts]
        findings.append(data)
    indicators = []
    for e in sorted(record.indicators.values(), key=entry_key):
        data = {"row": e.row, "period": e.period, **_value_data(e.value)}
        if e.history:
            data["history"] = [_value_data(v) for v in e.history]
        if e.conflicts:
            data["conflicts"] = [_value_data(v) for v in e.conflicts]
        indicators.append(data)
    out: dict = {"unit": record.unit, "name": record.name}
    if findings:
        out["findings"] = findings
    if indicators:
        out["indicators"] = indicators
    if record.notes:
        out["notes"] = {row: record.notes[row] for row in
                        sorted(record.notes, key=lambda r: (row_order.get(r, len(row_order)), _natural(r)))}
    if record.evidence:
        out["evidence"] = [{k: v for k, v in as_dict(e).items() if v is not None}
                           for e in record.evidence]
    return out


def _answer_from(data: dict) -> Answer:
    return Answer(
        rating=data.get("rating"),
        recommendations=tuple(Recommendation(r["text"], r.get("owner"),
                                             dt.date.fromisoformat(r["due"]) if r.get("due") else None)
                              for r in data.get("recommendations", ())),
        evidence=tuple(data.get("evidence", ())),
        recorded_by=data.get("recorded_by"), recorded_at=data.get("recorded_at"),
        **{name: tuple(data.get(name, ())) for name in TEXT_FIELDS})


def _value_from(data: dict) -> IndicatorValue:
    return IndicatorValue(data.get("reported"), data.get("verified"), data.get("recorded_by"),
                          data.get("recorded_at"))


def record_from_data(data: dict) -> UnitRecord:
    """Rebuild a record from what `record_data` made of it, trusting it (no checks).

    Used for the cache of findings already read and checked once; anything else goes
    through `parse_unit_record`.
    """
    record = UnitRecord(data["unit"], data.get("name", ""))
    for f in data.get("findings", ()):
        record.findings[(f["item"], f["site"])] = Finding(
            f["item"], f["site"], _answer_from(f),
            tuple(_answer_from(a) for a in f.get("history", ())),
            tuple(_answer_from(a) for a in f.get("conflicts", ())))
    for e in data.get("indicators", ()):
        record.indicators[(e["row"], e["period"])] = IndicatorEntry(
            e["row"], e["period"], _value_from(e), tuple(_value_from(v) for v in e.get("history", ())),
            tuple(_value_from(v) for v in e.get("conflicts", ())))
    record.notes.update(data.get("notes", {}))
    record.evidence.extend(Evidence(**e) for e in data.get("evidence", ()))
    return record


HEADER = ("# Kết quả kiểm tra của {name}, do `inspection` ghi. Có thể mở và sửa bằng tay;\n"
          "# chạy `inspection check` sau khi sửa. Findings of {name}, written by `inspection`.\n")


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
