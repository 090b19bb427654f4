"""Plain-text views for the terminal: tables and trees, built as strings for the command line to print."""

from __future__ import annotations

from ..i18n import N_, _
from ..model.campaign import OFFICE, Campaign
from ..model.checklist import Checklist
from ..model.findings import FIELD_LABELS, TEXT_FIELDS, Answer, Recommendation
from ..model.outline import Bullet, IndicatorTable, Outline, OutlineItem

KIND_LABELS = {"count": N_("a count"), "percentage": N_("a percentage"),
               "amount": N_("an amount of money"), "text": N_("a text")}


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def table(headers: list[str], rows: list[list[str]], max_width: int = 48) -> str:
    """A left-aligned text table with a rule under the headers."""
    cells = [[_cut(str(c), max_width) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    line = lambda row: "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip()  # noqa: E731
    out = [line(headers), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    return "\n".join(out)


def schedule_table(campaign: Campaign) -> str:
    """The visits, one line per day."""
    from ..exports.schedule import schedule_rows

    rows = [[str(r["stt"]), r["unit"], r["team"], f"{r['date']:%d/%m/%Y}", r["weekday"],
             r["place"] or r["sites"]] for r in schedule_rows(campaign)]
    title = _("{title} — {units} unit(s), {days} day(s)").format(
        title=campaign.title, units=len(campaign.visits), days=len(rows))
    headers = [_("No."), _("Unit"), _("Team"), _("Date"), _("Weekday"), _("Place")]
    return title + "\n\n" + table(headers, rows)


def _bullets(bullets: tuple[Bullet, ...], indent: str, mark: str = "-") -> list[str]:
    lines = []
    for bullet in bullets:
        lines.append(f"{indent}{mark} {bullet.text}")
        if bullet.detail:
            lines.append(f"{indent}  {bullet.detail}")
        lines += _bullets(bullet.bullets, indent + "  ", "+")
    return lines


def _item(item: OutlineItem, depth: int) -> list[str]:
    indent = "  " * depth
    lines = [f"{indent}{item.number}. {item.title}  [{item.id}]"]
    if item.intro:
        lines.append(f"{indent}  {item.intro}")
    lines += _bullets(item.bullets, indent + "  ")
    if item.note:
        lines.append(f"{indent}  {item.note}")
    if item.indicators:
        lines.append(f"{indent}  → " + _("appendix indicators: {rows}").format(
            rows=", ".join(item.indicators)))
    for child in item.children:
        lines += _item(child, depth + 1)
    return lines


def indicator_table(appendix: IndicatorTable) -> str:
    """The appendix as an indented list of rows, then its columns."""
    lines = [_("APPENDIX: {title}").format(title=appendix.title) +
             (f" {appendix.subtitle}" if appendix.subtitle else "")]
    lines.append(_("Columns: {columns}").format(
        columns=" | ".join([p.label for p in appendix.periods] + [appendix.notes_label])))

    def visit(row, depth):
        indent = "  " * depth
        label = row.label or _("(group)")
        if row.is_group:
            lines.append(f"{indent}{row.id}. {label}")
            for child in row.children:
                visit(child, depth + 1)
        else:
            unit = f", {row.unit}" if row.unit else ""
            lines.append(f"{indent}{row.id}. {label}  ({_(KIND_LABELS[row.kind])}{unit})")
    for row in appendix.rows:
        visit(row, 0)
    return "\n".join(lines)


def outline_tree(outline: Outline) -> str:
    lines = [_("OUTLINE {id}: {title}").format(id=outline.id, title=outline.title)]
    if outline.subject:
        lines.append(f"{outline.heading}: {outline.subject}")
    lines.append("")
    for section in outline.sections:
        lines += _item(section, 0)
    if outline.appendix:
        lines += ["", indicator_table(outline.appendix)]
    return "\n".join(lines)


def checklist_list(checklist: Checklist) -> str:
    lines = [_("CHECKLIST {id}: {title}").format(id=checklist.id, title=checklist.title),
             _("Rating scale: {levels}").format(
                 levels=", ".join(f"{r.label} ({r.id})" for r in checklist.scale)), ""]
    for item in checklist.items:
        lines.append(f"{item.id}  {item.title}  [{item.level}]")
    return "\n".join(lines)


def status_table(statuses) -> str:
    """The progress of every unit, one line each, then what the states mean."""
    from ..recording.progress import STATES

    rows = []
    for s in statuses:
        visit = s.visit
        dates = "" if not visit.start else (
            f"{visit.start:%d/%m/%Y}" if visit.end == visit.start else
            f"{visit.start:%d/%m}–{visit.end:%d/%m/%Y}" if visit.start.year == visit.end.year else
            f"{visit.start:%d/%m/%Y}–{visit.end:%d/%m/%Y}")  # one day once; a new year shown
        field = f"{s.field_done}/{s.field_total}" if s.field_total else "–"
        state = _(STATES[s.state]) + (" ⚠ " + _("conflict") if s.conflicts else "") + \
            (" ⚠ " + _("file error") if s.problems else "")
        rows.append([visit.unit.name, dates, f"{s.office_done}/{s.office_total}", field,
                     f"{s.indicators_done}/{s.indicators_total}" if s.indicators_total else "–",
                     str(s.evidence), str(s.recommendations), state])
    done = sum(s.state == "complete" for s in statuses)
    out = table([_("Unit"), _("Dates"), _("Office"), _("Sites"), _("Indicators"), _("Evidence"),
                 _("Recommendations"), _("State")], rows)
    legend = _("Office / Sites: items recorded / to record at the office and at the field sites "
               "visited. State: planned, in progress, complete.")
    notes = [f"{s.visit.unit.name}: {p}" for s in statuses for p in s.problems]
    summary = _("{done}/{total} unit(s) complete.").format(done=done, total=len(statuses))
    return "\n".join([out, "", summary, legend] + (
        ["", _("Findings files that cannot be read (run `inspection check`):")] + notes
        if notes else []))


def carried_report(register) -> str:
    """The recommendations carried from the previous campaign, to verify at this visit, with
    what the team found of each so far ("" when none was carried)."""
    from ..followup.model import VERIFIED_TEXT

    carried = register.carried
    if not carried:
        return ""
    lines = ["", _("RECOMMENDATIONS OF THE PREVIOUS CAMPAIGN TO VERIFY"), ""]
    for rec in carried:
        lines.append(f"{rec.id}. {rec.text}")
        found = VERIFIED_TEXT.get(rec.verified or "")
        lines.append("  " + (found or _("(not verified yet: inspection followup verify)")))
    return "\n".join(lines)


def unit_report(loaded, visit, record) -> str:
    """Everything recorded for a unit, grouped by outline section, then indicators and evidence."""
    from ..vn.numbers import format_figure

    checklist, outline = loaded.checklist, loaded.outline
    lines = [f"{visit.unit.name} — {checklist.title}"]
    if visit.start:
        dates = f"{visit.start:%d/%m/%Y}" + (f" – {visit.end:%d/%m/%Y}"
                                              if visit.end != visit.start else "")
        lines.append(_("Dates of the visit: {dates}").format(dates=dates))
    for heading, items in checklist.by_section(outline).items():
        lines += ["", heading.upper(), ""]
        for item in items:
            lines.append(f"{item.id}. {item.title}")
            for site in visit.sites_for(item.level):
                finding = record.finding(item.id, site)
                prefix = f"  [{visit.site_label(site)}] " if site != OFFICE or item.level != "office" else "  "
                if finding is None or finding.answer.is_empty:
                    lines.append(prefix + _("(not checked yet)"))
                    continue
                described = describe_answer(finding.answer, checklist, item.id)
                lines.append(prefix + described[0])
                lines += [" " * len(prefix) + line for line in described[1:]]
                if finding.conflicts:
                    lines.append(" " * len(prefix) + _(
                        "⚠ {n} other version(s) from a merge (inspection resolve)").format(
                        n=len(finding.conflicts)))
    table = outline.appendix
    if table:
        lines += ["", _("INDICATORS (reported / verified)"), ""]
        for row, parents in table.leaves():
            cells = []
            for period in table.periods:
                entry = record.indicators.get((row.id, period.id))
                value = entry.value if entry else None
                reported = format_figure(value.reported, row.kind) if value else ""
                verified = format_figure(value.verified, row.kind) if value else ""
                reported, verified = reported or "—", f" / {verified}" if verified else ""
                cells.append(f"{period.label}: {reported}{verified}")
            label = " › ".join([p.label for p in parents if p.label] + [row.label or ""])
            lines.append(f"{row.id}. {label}: " + "; ".join(cells))
            if row.id in record.notes:
                lines.append("    " + _("Note: {note}").format(note=record.notes[row.id]))
    if record.evidence:
        lines += ["", _("DOCUMENTS COLLECTED"), ""]
        for e in record.evidence:
            pages = ", " + _("{n} page(s)").format(n=e.pages) if e.pages else ""
            lines.append(f"{e.id}: {e.original_name} ({e.item or '-'}{pages}) → {e.file}")
    return "\n".join(lines)


def describe_recommendation(rec: Recommendation) -> str:
    """A recommendation on one line: its text, who acts, by when."""
    parts = [rec.text]
    if rec.owner:
        parts.append(_("owner: {owner}").format(owner=rec.owner))
    if rec.due:
        parts.append(_("deadline: {due}").format(due=f"{rec.due:%d/%m/%Y}"))
    return " — ".join(parts)


def describe_answer(answer: Answer, checklist: Checklist, item_id: str) -> list[str]:
    """An answer to checklist item `item_id` as lines of text, labelled in Vietnamese."""
    lines = []
    if answer.rating:
        level = checklist.rating(answer.rating, item_id)
        lines.append(f"{_(FIELD_LABELS['rating'])}: {level.label if level else answer.rating}")
    for name in TEXT_FIELDS[:4]:
        for text in getattr(answer, name):
            lines.append(f"{_(FIELD_LABELS[name])}: {text}")
    for rec in answer.recommendations:
        lines.append(f"{_(FIELD_LABELS['recommendations'])}: {describe_recommendation(rec)}")
    for text in answer.explanations:
        lines.append(f"{_(FIELD_LABELS['explanations'])}: {text}")
    if answer.evidence:
        lines.append(f"{_(FIELD_LABELS['evidence'])}: {', '.join(answer.evidence)}")
    if answer.recorded_by or answer.recorded_at:
        from ..vn.dates import moment

        lines.append(_("(recorded by {by}, at {at})").format(
            by=answer.recorded_by or "?", at=moment(answer.recorded_at) or "?"))
    return lines
