"""The `inspection` commands after the visits: issuing documents, the register of issued
documents, and following up the recommendations of the conclusions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..i18n import N_, _
from .common import (ANY_PATH, FILE, Group, by_option, command, dialect_option, localize,
                     open_workspace, recorder, said, shown, workspace_option)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """An option's date, 12/07/2022 or 2022-07-12."""
    if value is None:
        return None
    from ..vn.dates import parse_date

    try:
        return parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None


def _today_option(func):
    return click.option(
        "--today", metavar="DATE", callback=_date, hidden=True,
        help=N_("Count overdue items as on this day (default: today)."))(func)


def _kind_choice() -> click.Choice:
    from ..documents.kinds import KINDS

    return click.Choice(tuple(KINDS))


@command("issue")
@click.argument("kind", type=_kind_choice())
@click.argument("units", nargs=-1)
@workspace_option
@click.option("--all", "all_units", is_flag=True, help=N_("Every unit of the campaign."))
@click.option("--number", type=click.IntRange(min=1), metavar="N",
              help=N_("The document's number (default: the schedule's, else the next free one)."))
@click.option("--date", metavar="DATE", callback=_date,
              help=N_("The date it is issued (default: today; the minutes: the visit's last "
                      "day)."))
@click.option("--reason", metavar="TEXT",
              help=N_("Why a document issued already is issued again (a new version)."))
@click.option("--no-pdf", is_flag=True, help=N_("Keep no PDF beside the DOCX."))
@by_option
def issue(kind: str, units: tuple[str, ...], workspace: Path | None, all_units: bool,
          number: int | None, date: dt.date | None, reason: str | None, no_pdf: bool,
          by: str | None) -> None:
    """Issue a document: give it its number and date and keep it unchanged.

    The document is rendered one last time with its number and date and kept in the
    workspace's issued/ folder (DOCX, and PDF where LibreOffice is installed), read-only, with
    its SHA-256, who issued it and when; `inspection documents` lists them. Rendering again
    writes drafts into output/, never over an issued document. Issuing it again needs
    --reason and makes a new version; the earlier one is kept. Issuing a conclusion enters its
    recommendations into the follow-up register (`inspection followup`). A reminder with --all
    goes to the units with recommendations overdue or not reported on, as on its date.

    \b
    Example:
      inspection issue plan --date 20/06/2022
      inspection issue conclusion "Yên Bái" --date 14/10/2022
      inspection issue conclusion --all
      inspection issue conclusion "Yên Bái" --reason "sửa thời hạn kiến nghị 2"
      inspection issue reminder --all
      inspection issue followup
    """
    from ..documents.kinds import KINDS
    from ..documents.render import chosen_visits
    from ..followup.issuing import Target
    from ..followup.issuing import issue as issue_
    from ..model.lookup import find_visit
    from ..vn.dates import short_date

    ws = open_workspace(workspace)
    loaded = ws.load()
    entry = KINDS[kind]
    if not entry.per_unit:
        if units or all_units:
            raise click.UsageError(_("{label} is a document of the whole campaign: name no "
                                     "unit").format(label=entry.label))
        targets = [Target(kind, None)]
    else:
        if bool(units) == all_units:
            raise click.UsageError(_("name the units, or use --all for every unit"))
        visits = None if all_units else \
            list({v.unit.slug: v for v in (find_visit(loaded.campaign, u) for u in units)}
                 .values())
        visits = chosen_visits(ws, loaded, kind, visits, date or dt.date.today()) or \
            list(loaded.campaign.visits)
        targets = [Target(kind, v) for v in visits]

    names = {t.unit: t.name() for t in targets}

    def done(issued) -> None:
        click.echo(_("Issued {document}: số {number}, {date} — {file}").format(
            document=names[issued.unit], number=issued.number_text,
            date=short_date(issued.date), file=issued.file))

    added = issue_(ws, loaded, targets, by=recorder(by), number=number, date=date,
                   reason=reason, pdf=not no_pdf, progress=done)
    pdfs = [e.pdf for e in added if e.pdf]
    if pdfs:
        click.echo(_("PDF kept beside each: {n} file(s).").format(n=len(pdfs)))
    if kind == "conclusion":
        click.echo(_("Their recommendations are in the follow-up register: `inspection "
                     "followup`."))


@command("documents")
@workspace_option
def documents(workspace: Path | None) -> None:
    """List the documents issued and check that the kept files are unchanged.

    Each version of each document: kind, unit, number, date, version, who issued it and the
    start of its SHA-256. A kept file that is missing or no longer matches its SHA-256 is
    named, and the command ends with exit code 1. A document whose findings or draft changed
    after it was issued is marked.

    \b
    Example:
      inspection documents
    """
    from ..documents.kinds import KINDS
    from ..followup.issuing import changed_since_issue, check_kept, latest, read_register
    from ..vn.dates import moment, short_date

    from ..errors import InvalidFiles

    ws = open_workspace(workspace)
    entries = read_register(ws)
    if not entries:
        click.echo(_("No document has been issued yet (inspection issue KIND …)."))
        return
    try:  # the units by name; a schedule that cannot be read leaves their file names
        names = {v.unit.slug: v.unit.name for v in ws.load().campaign.visits}
    except InvalidFiles:
        names = {}
    current = latest(entries)
    bad = 0
    for entry in entries:
        label = KINDS[entry.kind].label if entry.kind in KINDS else entry.kind
        unit = f" — {names.get(entry.unit, entry.unit)}" if entry.unit else ""
        click.echo(f"{label}{unit}: số {entry.number_text}, {short_date(entry.date)}, "
                   + _("version {n}").format(n=entry.version)
                   + f", {entry.issued_by or '?'} {moment(entry.issued_at)}")
        click.echo(f"    {entry.file}" + (f" + {entry.pdf}" if entry.pdf else "")
                   + f"  SHA-256 {entry.sha256[:16]}…")
        if entry.reason:
            click.echo("    " + _("reason: {reason}").format(reason=entry.reason))
        for problem in check_kept(ws, entry):
            bad += 1
            click.echo("    " + _("ERROR: {problem}").format(problem=problem), err=True)
        if current.get(entry.key) is entry:
            changed = changed_since_issue(ws, entry)
            if changed:
                click.echo("    " + _("warning: changed after issue: {files}").format(
                    files=", ".join(changed)))
    click.echo(_("{n} document(s) issued, {versions} version(s); {bad} kept file(s) missing or "
                 "changed.").format(n=len(current), versions=len(entries), bad=bad))
    if bad:
        raise SystemExit(1)


# -- following up the recommendations -----------------------------------------------------
def _registers(workspace: Path | None, unit: str | None):
    from ..followup.store import read_all
    from ..model.lookup import find_visit

    ws = open_workspace(workspace)
    loaded = ws.load()
    visits = [find_visit(loaded.campaign, unit)] if unit else list(loaded.campaign.visits)
    return ws, loaded, visits, read_all(ws, visits)


class _Register(Group):
    """`inspection followup [UNIT] [OPTIONS]` shows the register: with no subcommand named,
    the arguments are the `show` subcommand's."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not any(a in self.commands for a in args) and not {"--help", "-h"} & set(args):
            args = ["show", *args]
        return super().parse_args(ctx, args)


@click.group("followup", cls=_Register)
def followup() -> None:
    """The recommendations of the issued conclusions and what became of them.

    Without a subcommand: the register (the `show` subcommand). The other subcommands record
    what the units report: by a form they fill in (`form`, `import`) or one report at a time
    (`set`).

    \b
    Example:
      inspection followup
      inspection followup "Yên Bái"
      inspection followup --overdue
      inspection followup --due-within 30 --by-owner
      inspection followup --format xlsx
      inspection followup form --all
      inspection followup import "Yên Bái" theo-doi-kien-nghi-bhxh-tinh-yen-bai.xlsx
      inspection followup set "Yên Bái" 2 --status "đã thực hiện" --date 01/12/2022
    """


@followup.command("show")
@click.argument("unit", required=False)
@workspace_option
@click.option("--by-owner", is_flag=True, help=N_("Sorted by who must act."))
@click.option("--overdue", is_flag=True,
              help=N_("Only the recommendations overdue or not reported on in time."))
@click.option("--due-within", type=click.IntRange(min=0), metavar="DAYS",
              help=N_("Only the open recommendations due within DAYS days."))
@click.option("--done", is_flag=True, help=N_("Only the recommendations carried out."))
@click.option("--open", "open_only", is_flag=True,
              help=N_("Only the recommendations still to be carried out."))
@click.option("--format", "fmt", type=click.Choice(["text", "xlsx", "csv", "json"]),
              default="text", show_default=True, help=N_("xlsx, csv, json: export the list."))
@dialect_option
@click.option("-o", "--output", type=FILE,
              help=N_("The file to write (default: output/theo-doi-kien-nghi.FORMAT)."))
@_today_option
def show(unit: str | None, workspace: Path | None, by_owner: bool, overdue: bool,
         due_within: int | None, done: bool, open_only: bool, fmt: str, dialect: str | None,
         output: Path | None, today: dt.date | None) -> None:
    """Show the register: by unit (or by who must act), each recommendation with its deadline
    and status, overdue ones marked; --format exports it for Excel.

    \b
    Example:
      inspection followup show
      inspection followup show "Yên Bái" --open
      inspection followup show --overdue --format xlsx -o qua-han.xlsx
    """
    from ..followup import listing, model
    from ..vn.dates import short_date

    today = today or dt.date.today()
    ws, _loaded, _visits, registers = _registers(workspace, unit)
    found = listing.chosen(registers, today, overdue=overdue, due_within=due_within, done=done,
                           open_only=open_only)
    if by_owner:
        found = listing.by_owner(found)
    if fmt != "text":
        from ..files.scratch import scratch

        target = output or ws.output_dir / f"theo-doi-kien-nghi.{fmt}"
        with scratch(ws.cache_dir):
            rows = listing.export(found, fmt, target, today, dialect)
        said(_("Wrote {path} ({rows} row(s)).").format(path=shown(target), rows=rows), target)
        return
    if not any(r.recommendations for r in registers):
        click.echo(_("No recommendation is followed up yet: issue the conclusions first "
                     "(inspection issue conclusion --all)."))
        return
    heading = None
    for register, rec in found:
        group_name = (rec.owner or register.name) if by_owner else register.name
        if group_name != heading:
            heading = group_name
            click.echo(click.style(heading, bold=True))
        flag = listing.note(rec, today)
        due = short_date(rec.due) if rec.due else "—"
        click.echo(f"  {rec.id:<18} {_(model.STATUS_NAMES[rec.status]):<22} "
                   + _("due {date}").format(date=due)
                   + (f"  [{flag}]" if flag else ""))
        click.echo(f"      {_shorten(rec.text)}" + (f" ({register.name})" if by_owner else ""))
    counts = {s: sum(1 for _r, rec in found if rec.status == s) for s in model.STATUSES}
    late = sum(1 for _r, rec in found if rec.overdue(today))
    click.echo(_("{n} recommendation(s): {done} carried out, {doing} being carried out, {todo} "
                 "not yet, {cannot} cannot be; {late} overdue.").format(
        n=len(found), done=counts[model.DONE], doing=counts[model.IN_PROGRESS],
        todo=counts[model.NOT_STARTED], cannot=counts[model.NOT_FEASIBLE], late=late))


def _one_line(text: str | None) -> str | None:
    from ..vn.text import clean_text

    return " ".join(clean_text(text).split()) or None if text else None


def _shorten(text: str, width: int = 100) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _status(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A status as a user types it: "đã thực hiện", "da thuc hien", "da-thuc-hien"."""
    if value is None:
        return None
    from ..followup import model
    from ..vn.text import slugify

    key = slugify(value)
    for status in model.STATUSES:
        if key in (status, slugify(model.STATUS_TEXT[status]), slugify(_(model.STATUS_NAMES[
                status])), slugify(model.STATUS_NAMES[status])):
            return status
    raise click.BadParameter(_("{value} is not a status; the statuses: {statuses}").format(
        value=repr(value), statuses=", ".join(model.STATUS_TEXT.values())), ctx, param)


@followup.command("set")
@click.argument("unit")
@click.argument("recommendation")
@workspace_option
@click.option("--status", required=True, callback=_status, metavar="STATUS",
              help=N_("chưa thực hiện, đang thực hiện, đã thực hiện or không thực hiện được."))
@click.option("--date", metavar="DATE", callback=_date,
              help=N_("When it was done (or reported), as the unit says."))
@click.option("--done", "done_text", metavar="TEXT", help=N_("What the unit did."))
@click.option("--reason", metavar="TEXT", help=N_("Why it cannot be carried out."))
@click.option("--reported-by", metavar="WHO",
              help=N_("Who reported it: a person, or the unit's document (default: the unit)."))
@click.option("--evidence", type=ANY_PATH, multiple=True, metavar="FILE",
              help=N_("A document proving it (repeat for more): copied into the workspace."))
@by_option
def set_(unit: str, recommendation: str, workspace: Path | None, status: str,
         date: dt.date | None, done_text: str | None, reason: str | None,
         reported_by: str | None, evidence: tuple[Path, ...], by: str | None) -> None:
    """Record one report of what became of a recommendation of UNIT.

    RECOMMENDATION is its id (15/TB-BHXH.2), its number in the conclusion (2) or its id in
    the draft (KN2). The report is added to the recommendation's history: earlier reports are
    never changed.

    \b
    Example:
      inspection followup set "Yên Bái" 2 --status "đang thực hiện" --done "Đã thu hồi 50%"
      inspection followup set "Yên Bái" KN1 --status "đã thực hiện" --date 01/12/2022 --evidence giay-nop-tien.pdf
      inspection followup set "Yên Bái" 3 --status "không thực hiện được" --reason "Đối tượng đã chết"
    """
    from ..followup import model
    from ..followup.model import Update
    from ..followup.reports import report

    ws, _loaded, visits, registers = _registers(workspace, unit)
    visit = visits[0]
    update = Update(status=status, date=date, done=_one_line(done_text),
                    reason=_one_line(reason), reported_by=_one_line(reported_by) or
                    visit.unit.name, recorded_by=recorder(by), via="set")
    now = report(ws, visit, registers[0], recommendation, update, evidence)
    click.echo(_("{unit}, {id}: {status} ({n} report(s) so far).").format(
        unit=visit.unit.name, id=now.id, status=_(model.STATUS_NAMES[now.status]),
        n=len(now.updates)))


@followup.command("form")
@click.argument("unit", required=False)
@workspace_option
@click.option("--all", "all_units", is_flag=True,
              help=N_("One form for every unit with recommendations."))
@click.option("-o", "--output", type=ANY_PATH,
              help=N_("The file to write (with --all: the folder). Default: "
                      "output/theo-doi-kien-nghi-<unit>.xlsx in the workspace."))
def form(unit: str | None, workspace: Path | None, all_units: bool,
         output: Path | None) -> None:
    """Write the form on which UNIT reports what it did about its recommendations (XLSX).

    It lists the unit's recommendations (id, text, who acts, deadline, current status) with
    columns for the unit to fill in: the new status (chosen from a list), what was done, the
    date, the documents that prove it, and why one cannot be carried out. Read it back with
    `inspection followup import`.

    \b
    Example:
      inspection followup form "Yên Bái"
      inspection followup form --all
    """
    from ..documents.data import agency_view
    from ..files.atomic import write_output
    from ..files.scratch import scratch
    from ..followup.form import build_form, form_path

    if all_units == bool(unit):
        raise click.UsageError(_("name one unit, or use --all for every unit"))
    ws, loaded, visits, registers = _registers(workspace, unit)
    agency = agency_view(loaded.campaign.agency).display
    year = dt.date.today().year
    written = 0
    for visit, register in zip(visits, registers):
        if all_units and not register.current:
            continue
        target = form_path(output or ws.output_dir, visit) if all_units else \
            output or form_path(ws.output_dir, visit)
        with scratch(ws.cache_dir):  # openpyxl's temporary files
            data = build_form(agency, loaded.campaign.id, visit, register, year)
        write_output(target, data, display=str(target))
        written += 1
        said(_("Wrote {path} ({unit}).").format(path=shown(target), unit=visit.unit.name), target)
    if all_units and not written:
        click.echo(_("No unit has recommendations yet: issue the conclusions first "
                     "(inspection issue conclusion --all)."))


@followup.command("import")
@click.argument("unit")
@click.argument("file", type=ANY_PATH)
@workspace_option
@by_option
@_today_option
def import_(unit: str, file: Path, workspace: Path | None, by: str | None,
            today: dt.date | None) -> None:
    """Read a follow-up form UNIT filled in (XLSX, or CSV saved from it) into the register.

    Every cell is checked: a status that is not one of the four, a date that is not a date or,
    for "đã thực hiện", still to come, an id that is not one of the unit's recommendations, a
    recommendation's text changed, "không thực hiện được" without a reason. Every bad cell is
    listed by row and column, and nothing is imported while any is bad. Each report is added to
    the recommendation's history; a form imported twice adds nothing the second time.

    \b
    Example:
      inspection followup import "Yên Bái" theo-doi-kien-nghi-bhxh-tinh-yen-bai.xlsx
    """
    from ..followup.form import import_form

    ws, loaded, visits, _registers_ = _registers(workspace, unit)
    done = import_form(ws, loaded.campaign.id, visits[0], file, str(file), by=recorder(by),
                       today=today)
    for warning in done.warnings:
        click.echo(warning, err=True)
    click.echo(_("{unit}: {added} report(s) added to the register, {same} already there, "
                 "{blank} recommendation(s) with nothing new.").format(
        unit=visits[0].unit.name, added=done.added, same=done.same, blank=done.blank))


@followup.command("attach")
@click.argument("unit")
@click.argument("recommendation")
@click.argument("files", type=ANY_PATH, nargs=-1, required=True)
@workspace_option
@click.option("--note", metavar="TEXT", help=N_("What the documents show."))
@by_option
def attach(unit: str, recommendation: str, files: tuple[Path, ...], workspace: Path | None,
           note: str | None, by: str | None) -> None:
    """Attach documents proving what became of a recommendation, its status unchanged.

    The files are copied into the workspace (evidence/<unit>/theo-doi/) with their SHA-256,
    as a finding's evidence is, and the attachment is a dated entry of the recommendation's
    history with who added it.

    \b
    Example:
      inspection followup attach "Yên Bái" 2 cong-van-so-123.pdf anh-pano.jpg
    """
    from ..followup.reports import attach as attach_

    ws, _loaded, visits, registers = _registers(workspace, unit)
    visit = visits[0]
    now = attach_(ws, visit, registers[0], recommendation, files, note=_one_line(note),
                  by=recorder(by))
    kept = len(now.updates[-1].evidence)
    click.echo(_("{unit}, {id}: {n} document(s) attached ({total} in all).").format(
        unit=visit.unit.name, id=now.id, n=kept,
        total=sum(len(u.evidence) for u in now.updates)))


def _verified(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """What the team found, as a user types it: "đã khắc phục", "khac phuc mot phan"…"""
    if value is None:
        return None
    from ..followup import model
    from ..vn.text import slugify

    key = slugify(value)
    for verified, text in model.VERIFIED_TEXT.items():
        if key in (verified, slugify(text)):
            return verified
    raise click.BadParameter(_("{value} is not a result of verification; the results: {results}"
                               ).format(value=repr(value),
                                        results=", ".join(model.VERIFIED_TEXT.values())),
                             ctx, param)


@followup.command("verify")
@click.argument("unit")
@click.argument("recommendation")
@workspace_option
@click.option("--result", required=True, callback=_verified, metavar="RESULT",
              help=N_("đã khắc phục, khắc phục một phần or chưa khắc phục."))
@click.option("--note", metavar="TEXT", help=N_("What the team saw."))
@click.option("--evidence", type=ANY_PATH, multiple=True, metavar="FILE",
              help=N_("A document the team collected (repeat for more)."))
@by_option
def verify(unit: str, recommendation: str, workspace: Path | None, result: str,
           note: str | None, evidence: tuple[Path, ...], by: str | None) -> None:
    """Record what the team found, at the visit, of a recommendation carried from the previous
    campaign: đã khắc phục (its status becomes đã thực hiện), khắc phục một phần (đang thực
    hiện) or chưa khắc phục (chưa thực hiện).

    The result is added to the recommendation's history with who recorded it and when; the
    next conclusion and summary report say what was carried forward and what was resolved.

    \b
    Example:
      inspection followup verify "Yên Bái" 01/TB-BHXH.2 --result "đã khắc phục" --note "Đã đối chiếu hồ sơ"
      inspection followup verify "Yên Bái" 3 --result "khac phuc mot phan"
    """
    from ..followup import model
    from ..followup.reports import verify as verify_

    ws, _loaded, visits, registers = _registers(workspace, unit)
    visit = visits[0]
    now = verify_(ws, visit, registers[0], recommendation, result, note=_one_line(note),
                  by=recorder(by), evidence=evidence)
    click.echo(_("{unit}, {id}: {result} ({status}).").format(
        unit=visit.unit.name, id=now.id, result=model.VERIFIED_TEXT[result],
        status=_(model.STATUS_NAMES[now.status])))


@command("log")
@click.argument("unit", required=False)
@workspace_option
@click.option("--since", metavar="DATE", callback=_date, help=N_("Only the changes from this day on."))
@click.option("--format", "fmt", type=click.Choice(["text", "xlsx", "csv", "json"]),
              default="text", show_default=True, help=N_("xlsx, csv, json: export the log."))
@dialect_option
@click.option("-o", "--output", type=FILE,
              help=N_("The file to write (default: output/nhat-ky.FORMAT)."))
def log(unit: str | None, workspace: Path | None, since: dt.date | None, fmt: str,
        dialect: str | None, output: Path | None) -> None:
    """List every change of the workspace, oldest first: who made it, when, and what changed.

    Each answer recorded and each later version of it, each indicator figure, each document
    attached, each draft written (by `inspection draft` or on its page in `inspection serve`,
    and a draft changed by hand in an editor), each report of what became of a recommendation,
    each document issued. With UNIT, only that unit's; --format exports it for Excel.

    \b
    Example:
      inspection log
      inspection log "Yên Bái" --since 01/11/2022
      inspection log --format xlsx
    """
    from ..exports.changes import changes, export
    from ..model.lookup import find_visit
    from ..vn.dates import moment

    ws = open_workspace(workspace)
    loaded = ws.load()
    visits = [find_visit(loaded.campaign, unit)] if unit else list(loaded.campaign.visits)
    found = changes(ws, loaded, visits, since=since)
    if fmt != "text":
        from ..files.scratch import scratch

        target = output or ws.output_dir / f"nhat-ky.{fmt}"
        with scratch(ws.cache_dir):
            rows = export(found, fmt, target, dialect)
        said(_("Wrote {path} ({rows} row(s)).").format(path=shown(target), rows=rows), target)
        return
    if not found:
        click.echo(_("Nothing has been recorded yet."))
        return
    for change in found:
        who = change.by or _("(unknown)")
        unit_name = f"{change.unit_name} — " if change.unit_name and not unit else ""
        click.echo(f"{moment(change.at) or '?':<17} {who:<14} {unit_name}{change.kind} "
                   f"{change.subject}: {change.change}")
    click.echo(_("{n} change(s).").format(n=len(found)))


def register(commands: click.Group) -> None:
    """Add this module's commands to the `inspection` group, their help in the current language."""
    for cmd in (issue, documents, followup, log):
        localize(cmd)
        commands.add_command(cmd)
