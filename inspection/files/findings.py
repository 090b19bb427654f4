"""The findings file: one per unit, `findings/<unit>.yaml`, declared once in the shapes below.

Plain YAML with a stable key order and NFC text, that a person can open, read and correct by
hand. The same shapes read a file with every problem collected (`parse_unit_record`), write it
(`record_data`), and load what the cache kept of a file read before (`record_from_data`). With
a `Context`, reading also checks every item, site, rating, indicator row, period, figure and
evidence file against the campaign.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Problem
from ..i18n import _
from ..model.campaign import OFFICE
from ..model.checklist import Checklist
from ..model.findings import (Answer, Evidence, Finding, IndicatorEntry, IndicatorValue,
                              Recommendation, UnitRecord)
from ..model.outline import IndicatorTable
from ..values import value
from .codec import COUNT, DATE, TEXT, TEXTS, History, Inline, Key, Keyed, Many, Shape, TextMap
from .schema import Reader
from .yamlfile import YamlDocument, dump

HEADER = ("# Kết quả kiểm tra của {name}, do `inspection` ghi. Có thể mở và sửa bằng tay;\n"
          "# chạy `inspection check` sau khi sửa. Findings of {name}, written by `inspection`.\n"
          "# Ghi chú (#) thêm bằng tay không được giữ lại khi tệp được ghi lần sau; tệp kết thúc\n"
          "# bằng dòng «# hết». Comments added by hand are not kept; the file ends with \"# hết\".\n")
# The promise the header makes, and the line that keeps it: a file that makes the promise and
# does not end with that line was cut short (a full disk, a copy stopped half-way, a sync).
ENDS_WITH = "tệp kết thúc\n# bằng dòng «# hết»".encode("utf-8")
END = "# hết\n"

RECOMMENDATION = Shape(Recommendation, (
    Key("text", TEXT, required=True), Key("owner", TEXT), Key("due", DATE)), shorthand="text")
ANSWER = Shape(Answer, (
    Key("rating", TEXT), Key("observations", TEXTS), Key("strengths", TEXTS),
    Key("shortcomings", TEXTS), Key("causes", TEXTS), Key("explanations", TEXTS),
    Key("recommendations", Many(RECOMMENDATION)), Key("evidence", TEXTS),
    Key("recorded_by", TEXT), Key("recorded_at", TEXT)))
FINDING = Shape(Finding, (
    Key("item", TEXT, required=True), Key("site", TEXT, default=OFFICE), Inline("answer", ANSWER),
    Key("history", History(ANSWER, newest="answer")), Key("conflicts", Many(ANSWER))))
FIGURE = Shape(IndicatorValue, (
    Key("reported", TEXT), Key("verified", TEXT), Key("recorded_by", TEXT), Key("recorded_at", TEXT)))
INDICATOR = Shape(IndicatorEntry, (
    Key("row", TEXT, required=True), Key("period", TEXT, required=True), Inline("value", FIGURE),
    Key("history", Many(FIGURE)), Key("conflicts", Many(FIGURE))))
EVIDENCE = Shape(Evidence, (
    Key("id", TEXT, required=True), Key("file", TEXT, required=True),
    Key("original_name", TEXT, required=True), Key("size", COUNT, required=True),
    Key("sha256", TEXT, required=True), Key("item", TEXT), Key("site", TEXT, default=OFFICE),
    Key("pages", COUNT), Key("added_by", TEXT), Key("added_at", TEXT)))

FINDINGS = Keyed(FINDING, lambda f: ("item", _(
    "item {item} at {site} is recorded twice in this file").format(item=f.item, site=f.site)))
INDICATORS = Keyed(INDICATOR, lambda e: ("row", _(
    "indicator {row} for period {period} is recorded twice").format(row=e.row, period=e.period)))
NOTES = TextMap("row")
RECORD = Shape(UnitRecord, (
    Key("unit", TEXT, required=True), Key("name", TEXT, default="", always=True),
    Key("findings", FINDINGS), Key("indicators", INDICATORS), Key("notes", NOTES),
    Key("evidence", Many(EVIDENCE, list))))


@value
class Context:
    """What a findings file is checked against: its unit's visit, the checklist, the table."""

    unit: str
    sites: tuple[str, ...]
    checklist: Checklist
    table: IndicatorTable | None
    root: Path | None = None  # the workspace, to check that evidence files are there


# -- reading -------------------------------------------------------------------------------


def parse_unit_record(doc: YamlDocument, problems: list[Problem],
                      context: Context | None = None, unit: str | None = None) -> UnitRecord | None:
    """Read a findings file; problems are appended to `problems`.

    With a `context`, every item, site, rating, indicator row, period and figure is also
    checked against the campaign; with `unit` (or a context), a file holding another unit's
    findings is an error.
    """
    r = Reader(doc, problems)
    data = r.mapping(doc.data, (), RECORD.names, RECORD.required)
    if data is None:
        return None
    found_unit = TEXT.read(r, data.get("unit"), ("unit",))
    findings = FINDINGS.read(r, data.get("findings"), ("findings",),
                             check=_finding_check(r, context) if context else None)
    indicators = INDICATORS.read(r, data.get("indicators"), ("indicators",),
                                 check=_figure_check(r, context) if context else None)
    notes = NOTES.read(r, data.get("notes"), ("notes",))
    evidence = []
    for path, item in r.items(data.get("evidence"), ("evidence",)):
        found = EVIDENCE.read(r, item, path)
        if found is not None:
            if context is not None and context.root is not None:
                _check_evidence_file(r, context.root, found.file, path + ("file",))
            evidence.append(found)
    record = UnitRecord(found_unit or "", TEXT.read(r, data.get("name"), ("name",)) or "",
                        findings, indicators, notes, evidence)
    expected = context.unit if context is not None else unit
    if found_unit and expected and found_unit != expected:
        r.error(("unit",), _("this file holds the findings of {found}, but its name says "
                             "{expected}; nothing was changed (a file copied over another?)")
                .format(found=found_unit, expected=expected))
    if context is not None:
        known = {e.id for e in record.evidence}
        for (item_id, _site), finding in record.findings.items():
            for ref in finding.answer.evidence:
                if ref not in known:
                    r.warning(("findings",), _("item {item} refers to evidence {ref}, which is "
                                               "not listed under evidence").format(
                                                   item=item_id, ref=ref))
    return record


def _finding_check(r: Reader, context: Context):
    def check(finding: Finding, data: dict, path: tuple) -> None:
        item, site = finding.item, finding.site
        checklist_item = context.checklist.item(item)
        if checklist_item is None:
            r.error(path + ("item",), _("checklist {checklist} has no item {item}").format(
                checklist=context.checklist.id, item=item))
        if site != OFFICE and site not in context.sites:
            known = ", ".join((OFFICE,) + context.sites)
            r.error(path + ("site",), _("the visit has no site {site}; its sites are: {known}")
                    .format(site=site, known=known))
        elif checklist_item is not None:
            if site == OFFICE and checklist_item.level == "field":
                r.error(path + ("site",), _("item {item} is checked at the field sites only, "
                                            "not at the office").format(item=item))
            if site != OFFICE and checklist_item.level == "office":
                r.error(path + ("site",), _("item {item} is checked at the office only, not at "
                                            "{site}").format(item=item, site=site))
        versions = [(path, data)] + [(path + (key, i), v) for key in ("history", "conflicts")
                                     for i, v in enumerate(data.get(key) or []) if isinstance(v, dict)]
        for version_path, version in versions:
            rating = version.get("rating")
            if isinstance(rating, str) and rating and \
                    context.checklist.rating(rating.strip(), item) is None:
                scale = ", ".join(level.id for level in context.checklist.scale_for(item))
                r.error(version_path + ("rating",), _(
                    "{rating} is not a rating of the scale ({scale})").format(
                        rating=repr(rating), scale=scale))
    return check


def _figure_check(r: Reader, context: Context):
    def check(entry: IndicatorEntry, data: dict, path: tuple) -> None:
        from ..vn.numbers import stored_number  # figures are read when a file is checked only

        table = context.table
        if table is None:
            r.error(path + ("row",), _("the outline has no indicator table"))
            return
        row = table.row(entry.row)
        if row is None:
            r.error(path + ("row",), _("the indicator table has no row {row}").format(
                row=entry.row))
        elif row.is_group:
            r.error(path + ("row",), _("row {row} is a group; figures go in the rows under it")
                    .format(row=entry.row))
        if table.period(entry.period) is None:
            known = ", ".join(p.id for p in table.periods)
            r.error(path + ("period",), _("the indicator table has no period {period}; its "
                                          "periods are: {known}").format(
                                              period=entry.period, known=known))
        if row is None or row.is_group or row.kind == "text":
            return
        for key in ("reported", "verified"):
            figure = data.get(key)
            if isinstance(figure, str) and figure.strip():
                try:
                    stored_number(figure, row.kind)
                except ValueError as exc:
                    r.error(path + (key,), str(exc))
    return check


def _check_evidence_file(r: Reader, root: Path, file: str, path: tuple) -> None:
    target = (root / file).resolve()
    if not target.is_relative_to(root.resolve()):
        r.error(path, _("{file} is outside the workspace").format(file=file))
    elif not target.is_file():
        r.error(path, _("{file} is missing from the workspace").format(file=file))


# -- writing, and the cache ----------------------------------------------------------------


def _natural(text: str) -> list:
    """A key that orders "I.2" before "I.10": runs of ASCII digits compare by their value
    (length first, so that any number of digits works), the rest as text."""
    parts = re.split(r"([0-9]+)", text)
    return [(len(p.lstrip("0")), p.lstrip("0")) if i % 2 else p for i, p in enumerate(parts)]


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

    def row_key(row: str):
        return (row_order.get(row, len(row_order)), _natural(row))

    ordered = UnitRecord(record.unit, record.name,
                         {f.key: f for f in sorted(record.findings.values(), key=finding_key)},
                         {e.key: e for e in sorted(record.indicators.values(), key=entry_key)},
                         {row: record.notes[row] for row in sorted(record.notes, key=row_key)},
                         record.evidence)
    return RECORD.write(ordered)


def record_from_data(data: dict) -> UnitRecord:
    """Rebuild a record from what `record_data` made of it, trusting it (no checks): what the
    cache keeps of a file read and checked before."""
    return RECORD.load(data)


def record_text(name: str, data: dict) -> str:
    """The whole findings file of the unit `name`: its header comment, the YAML of `data`, and
    the line that says it is complete."""
    return HEADER.format(name=name) + dump(data) + END


def incomplete(raw: bytes, shown: str, recovery: str) -> Problem | None:
    """A problem if the findings file `raw` says where it ends and does not end there."""
    if ENDS_WITH not in raw[:2048] or raw[-64:].rstrip().endswith(END.strip().encode("utf-8")):
        return None
    return Problem(shown, None, "", _(
        "the file is incomplete: it does not end with the line \"{end}\" that this tool writes "
        "last, so part of it is missing (cut short by a full disk, an interrupted copy or a "
        "sync?). Nothing was changed; {recovery}").format(end=END.strip(), recovery=recovery))
