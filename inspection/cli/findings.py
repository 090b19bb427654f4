"""The `inspection` commands for recording and reviewing findings.

Nothing here imports docxtpl, openpyxl or pypdf: `record` and `status` must start at once.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import N_, _
from .common import (ANY_PATH, FILE, by_option, command, localize, open_workspace, recorder, said,
                     shown, workspace_option)


def _open(workspace: Path | None):
    from ..api import findings_store

    return findings_store(open_workspace(workspace))


@command()
@click.argument("unit")
@click.argument("item", required=False)
@workspace_option
@by_option
@click.option("--site", metavar="SITE",
              help=N_("Where: 'office' (trụ sở) or a field site's id or name."))
@click.option("--rating", metavar="R",
              help=N_("The rating: its number, id or label (e.g. 3, dat, 'Đạt yêu cầu')."))
@click.option("--observation", multiple=True, metavar="TEXT",
              help=N_("A comment, nhận xét (repeatable)."))
@click.option("--strength", multiple=True, metavar="TEXT",
              help=N_("A strength, ưu điểm (repeatable)."))
@click.option("--shortcoming", multiple=True, metavar="TEXT",
              help=N_("A shortcoming, tồn tại, hạn chế (repeatable)."))
@click.option("--cause", multiple=True, metavar="TEXT", help=N_("A cause, nguyên nhân (repeatable)."))
@click.option("--recommend", multiple=True, metavar="TEXT",
              help=N_("A recommendation, kiến nghị (repeatable)."))
@click.option("--owner", multiple=True, metavar="TEXT",
              help=N_("Who must act on the recommendation(s), in the same order (one applies to "
                      "all)."))
@click.option("--due", multiple=True, metavar="DATE",
              help=N_("Deadline of the recommendation(s), e.g. 30/09/2022 (one applies to all)."))
@click.option("--explanation", multiple=True, metavar="TEXT",
              help=N_("The unit's explanation, giải trình của đơn vị (repeatable)."))
@click.option("--replace", "replace_lists", is_flag=True,
              help=N_("Replace the texts already recorded instead of adding to them."))
def record(unit, item, workspace, by, site, rating, observation, strength, shortcoming, cause,
           recommend, owner, due, explanation, replace_lists) -> None:
    """Record findings for UNIT, item by item, in Vietnamese; every answer is saved at once.

    Without text options, walks the checklist interactively from the first unanswered item
    (or from ITEM): numbered ratings, then Nhận xét, Ưu điểm, Tồn tại, hạn chế, Nguyên nhân,
    Kiến nghị, Giải trình. Type ? for the commands (skip, back, jump, review, quit). Quitting
    at any moment, Ctrl-C included, keeps everything saved.

    With options, records one item in one go (texts are added to what is recorded).
    UNIT is a name, short name, file name or its beginning, in any spelling.

    \b
    Example:
      inspection record "Yên Bái"
      inspection record yen-bai I.3 --rating dat --observation "Đã ký quy chế với 12 sở"
      inspection record "Yên Bái" QH.1 --site van-yen --recommend "Bổ sung kế hoạch" \\
          --owner "BHXH huyện Văn Yên" --due 30/09/2022
    """
    who = recorder(by)
    content = (rating, observation, strength, shortcoming, cause, recommend, explanation)
    if not any(content):
        if owner or due:
            raise click.UsageError(_("--owner and --due go with --recommend"))
        from ..model.lookup import find_item, find_site, find_visit
        from .session import Session

        store = _open(workspace)
        visit = find_visit(store.loaded.campaign, unit)
        start = None
        if item:
            found = find_item(store.loaded.checklist, item)
            start = f"{found.id} {find_site(visit, found, site)}" if site else found.id
        Session(store, visit, who).run(start)
        return
    if not item:
        raise click.UsageError(_("give the ITEM to record, e.g. inspection record \"Yên Bái\" I.3 "
                                "--rating dat"))
    from ..api import record_finding

    done = record_finding(open_workspace(workspace), unit, item, by=who, site=site, rating=rating,
                          observations=observation, strengths=strength, shortcomings=shortcoming,
                          causes=cause, recommendations=recommend, owners=owner, dues=due,
                          explanations=explanation, replace=replace_lists)
    answer = done.answer
    click.echo(_("Saved {item} ({site}) for {unit}: rating {rating}; {observations} comment(s), "
                 "{recommendations} recommendation(s).").format(
        item=done.item.id, site=done.visit.site_label(done.site), unit=done.visit.unit.name,
        rating=done.rating.label if done.rating else _("(none yet)"),
        observations=len(answer.observations), recommendations=len(answer.recommendations)))
    _warn_early(done.visit, answer, set(recommend))


def _warn_early(visit, answer, given: set[str]) -> None:
    """Saved, but say so when a deadline is before the visit or already past: a slip of the
    year is easy to type and hard to see later."""
    import datetime as dt

    from ..vn.dates import short_date

    today = dt.date.today()
    for rec in answer.recommendations:
        if rec.due is None or " ".join(rec.text.split()) not in {" ".join(g.split()) for g in given}:
            continue  # only what this command recorded
        if visit.start is not None and rec.due < visit.start:
            why = _("is before the first day of the visit ({day})").format(
                day=short_date(visit.start))
        elif rec.due < today:
            why = _("is already past (today is {today})").format(today=short_date(today))
        else:
            continue
        click.echo(_("Note: the deadline {due} of the recommendation «{text}» {why}; if it was "
                     "mistyped, record it again with the right --due.").format(
            due=short_date(rec.due), text=rec.text[:60], why=why), err=True)


@command()
@workspace_option
def status(workspace: Path | None) -> None:
    """Show where the recording stands for every unit.

    For each unit: the visit dates, items recorded / to record at the office and at the
    field sites, indicator figures filled, documents attached, recommendations, and a state
    (chưa bắt đầu = planned, đang ghi = in progress, hoàn thành = complete).

    \b
    Example:
      inspection status -w kiem-tra-2026
    """
    from ..api import status as campaign_status
    from ..followup.issuing import after_issue
    from . import views

    ws = open_workspace(workspace)
    click.echo(views.status_table(campaign_status(ws)))
    for problem in after_issue(ws):  # "…: warning: changed after issue: …"
        click.echo(str(problem), err=True)


@command()
@click.argument("unit")
@workspace_option
def show(unit: str, workspace: Path | None) -> None:
    """Print everything recorded for UNIT, grouped by outline section.

    Items not yet checked are shown as such; then the indicator figures (reported /
    verified) and the documents collected.

    \b
    Example:
      inspection show "Hòa Bình"
    """
    from ..model.lookup import find_visit
    from . import views

    store = _open(workspace)
    visit = find_visit(store.loaded.campaign, unit)
    click.echo(views.unit_report(store.loaded, visit, store.read(visit)))
    from ..followup.store import read_unit

    problems: list = []
    register = read_unit(store.ws, visit.unit.slug, visit.unit.name, problems)
    for problem in problems:
        click.echo(str(problem), err=True)
    if register is not None:
        click.echo(views.carried_report(register))


@command()
@click.argument("unit")
@click.argument("item")
@workspace_option
@click.option("--site", metavar="SITE", help=N_("Where: 'office' or a field site."))
def history(unit: str, item: str, workspace: Path | None, site: str | None) -> None:
    """Show every version recorded for ITEM of UNIT, oldest first.

    \b
    Example:
      inspection history "Yên Bái" I.3
      inspection restore "Yên Bái" I.3 1      (bring back version 1)
    """
    from ..model.lookup import find_item, find_site, find_visit
    from .views import describe_answer

    store = _open(workspace)
    visit = find_visit(store.loaded.campaign, unit)
    found = find_item(store.loaded.checklist, item)
    where = find_site(visit, found, site)
    finding = store.read(visit).finding(found.id, where)
    click.echo(f"{visit.unit.name} — {found.id} {found.title} ({visit.site_label(where)})")
    if finding is None:
        click.echo(_("Nothing recorded yet."))
        return
    for number, answer in enumerate(finding.history, 1):
        click.echo("\n" + _("Version {number}:").format(number=number))
        for line in describe_answer(answer, store.loaded.checklist, found.id):
            click.echo(f"  {line}")
    click.echo("\n" + _("Current:"))
    for line in describe_answer(finding.answer, store.loaded.checklist, found.id) or [_("(empty)")]:
        click.echo(f"  {line}")
    for number, answer in enumerate(finding.conflicts, 1):
        click.echo("\n" + _("Conflict {number} (from a merge):").format(number=number))
        for line in describe_answer(answer, store.loaded.checklist, found.id):
            click.echo(f"  {line}")


@command()
@click.argument("unit")
@click.argument("item")
@click.argument("version", type=click.IntRange(min=1))
@workspace_option
@by_option
@click.option("--site", metavar="SITE", help=N_("Where: 'office' or a field site."))
def restore(unit: str, item: str, version: int, workspace: Path | None, by: str | None,
            site: str | None) -> None:
    """Make an earlier VERSION of ITEM the current answer (the current one stays in the history).

    \b
    Example:
      inspection history "Yên Bái" I.3
      inspection restore "Yên Bái" I.3 2
    """
    from ..model.lookup import find_item, find_site, find_visit

    store = _open(workspace)
    visit = find_visit(store.loaded.campaign, unit)
    found = find_item(store.loaded.checklist, item)
    where = find_site(visit, found, site)
    store.restore(visit, found.id, where, version, recorder(by))
    click.echo(_("Restored version {version} of {item} for {unit}.").format(
        version=version, item=found.id, unit=visit.unit.name))


@command()
@click.argument("unit")
@workspace_option
def recover(unit: str, workspace: Path | None) -> None:
    """Put back the findings of UNIT as they were last read whole, after its file was cut
    short, damaged or deleted; the damaged file is kept beside it.

    The tool keeps the last version it read or wrote in the workspace's .inspection-cache/
    folder; this brings it back. Answers recorded after that version (if any) are in the damaged
    file, which stays in findings/ as UNIT.yaml.damaged-DATE.

    \b
    Example:
      inspection recover "Yên Bái"
    """
    from ..model.lookup import find_visit

    store = _open(workspace)
    visit = find_visit(store.loaded.campaign, unit)
    path, damaged = store.recover(visit)
    record = store.read(visit)
    answered = sum(1 for f in record.findings.values() if not f.answer.is_empty)
    click.echo(_("Restored {path} for {unit}: {answers} answer(s), {figures} figure(s).").format(
        path=store.ws.display(path), unit=visit.unit.name, answers=answered,
        figures=len(record.indicators)))
    if damaged is not None:
        click.echo(_("The damaged file is kept as {path}.").format(path=store.ws.display(damaged)))


@command()
@click.argument("source", type=ANY_PATH)
@workspace_option
def merge(source: Path, workspace: Path | None) -> None:
    """Bring in the findings recorded in another workspace, or in a bundle from `inspection pack`.

    New answers are added, identical ones ignored; an answer changed on one side only takes
    the newer one (the older stays in the history); the same item answered differently on
    both sides is a conflict that keeps both versions until `inspection resolve` picks one.
    Evidence files are copied over. Nothing is overwritten.

    
    Example:
      inspection merge ../may-cua-ha              (another member's workspace folder)
      inspection merge ket-qua-ha.zip             (a bundle e-mailed by a member)
    """
    from ..recording.merge import merge_path

    store = _open(workspace)
    counts, problems = merge_path(store, source)
    for count in counts:
        parts = [_("{n} new").format(n=count.added), _("{n} identical").format(n=count.identical),
                 _("{n} updated").format(n=count.updated),
                 _("{n} kept ours").format(n=count.kept_ours),
                 _("{n} conflict(s)").format(n=count.conflicts),
                 _("{n} evidence file(s)").format(n=count.evidence)]
        click.echo(f"{count.unit}: " + ", ".join(parts))
        for note in count.notes:
            click.echo(f"  {note}")
    for problem in problems:
        click.echo(str(problem), err=True)
    total = sum(c.conflicts for c in counts)
    if total:
        click.echo(_("{total} conflict(s) keep both versions: see them with `inspection "
                     "resolve`.").format(total=total))
    errors = sum(p.severity == "error" for p in problems)
    if errors:
        click.echo(_("{errors} problem(s): nothing was merged. Correct the files named above on "
                     "the member's laptop, or ask for a new bundle, and merge again.").format(
            errors=errors), err=True)
        raise SystemExit(1)


@command()
@click.argument("unit", required=False)
@click.argument("item", required=False)
@workspace_option
@by_option
@click.option("--site", metavar="SITE", help=N_("Where: 'office' or a field site."))
@click.option("--indicator", nargs=2, metavar="ROW PERIOD",
              help=N_("Resolve an indicator figure instead of an item."))
@click.option("--keep", metavar="N", help=N_("The version to keep: 1 (ours, the current one), 2, "
                                             "3… (the conflicting ones); 'ours' and 'theirs' also "
                                             "work."))
def resolve(unit, item, workspace, by, site, indicator, keep) -> None:
    """List the conflicts left by `inspection merge`, or settle one by keeping one version.

    The versions not kept go to the history, so nothing is lost. Without --keep, the
    versions are shown and you are asked which to keep.

    
    Example:
      inspection resolve                              (list every conflict)
      inspection resolve "Yên Bái" I.3                (show the versions, then choose)
      inspection resolve "Yên Bái" I.3 --keep 2
      inspection resolve "Yên Bái" --indicator 3.1.1 2021 --keep ours
    """
    from ..model.lookup import find_item, find_site, find_visit
    from ..recording import merge as merging
    from .views import describe_answer

    store = _open(workspace)
    if unit is None:
        found = merging.conflicts(store)
        for visit, kind, key, versions in found:
            what = _("indicator {row}").format(row=key) if kind == "indicator" else key
            click.echo(_("{unit}: {what} — {versions} versions").format(
                unit=visit.unit.name, what=what, versions=versions))
        click.echo(_("{n} conflict(s).").format(n=len(found)) if found else _("No conflicts."))
        return
    visit = find_visit(store.loaded.campaign, unit)
    if indicator:
        key, is_indicator = (indicator[0], indicator[1]), True
    elif item:
        found_item = find_item(store.loaded.checklist, item)
        key, is_indicator = (found_item.id, find_site(visit, found_item, site)), False
    else:
        raise click.UsageError(_("give the ITEM (or --indicator ROW PERIOD) to resolve"))
    record = store.read(visit)
    entry = (record.indicators if is_indicator else record.findings).get(key)
    if entry is None or not entry.conflicts:
        raise click.ClickException(_("{key} of {unit} has no conflict to resolve").format(
            key=" ".join(key), unit=visit.unit.name))
    versions = [(entry.value if is_indicator else entry.answer)] + list(entry.conflicts)
    if keep is None:
        from ..vn.dates import moment

        for number, version in enumerate(versions, 1):
            origin = _("current (ours)") if number == 1 else _("from a merge")
            click.echo(f"\n{number}) {origin}:")
            lines = [_("reported: {reported}, verified: {verified} ({by}, {at})").format(
                reported=version.reported, verified=version.verified, by=version.recorded_by,
                at=moment(version.recorded_at))] if is_indicator \
                else describe_answer(version, store.loaded.checklist, key[0])
            for line in lines:
                click.echo(f"   {line}")
        keep = click.prompt(_("Keep version number"), type=click.IntRange(1, len(versions)))
    choice = {"ours": 1, "theirs": 2}.get(str(keep).lower()) or \
        (int(keep) if str(keep).isascii() and str(keep).isdigit() and len(str(keep)) < 6 else None)
    if choice is None:
        raise click.BadParameter(_("{value}: give a version number, 'ours' or 'theirs'").format(
            value=repr(keep)), param_hint="--keep")
    if str(keep).lower() == "theirs" and len(versions) > 2:
        raise click.BadParameter(_("there are {n} other versions: give its number").format(
            n=len(versions) - 1), param_hint="--keep")
    merging.resolve(store, visit, key, choice, recorder(by), is_indicator)
    click.echo(_("Kept version {version} for {key} of {unit}; the other versions are in the "
                 "history.").format(version=choice, key=" ".join(key), unit=visit.unit.name))


@command()
@workspace_option
@by_option
@click.option("-o", "--output", type=FILE,
              help=N_("The bundle to write (default: output/ket-qua-<campaign>-<you>.zip)."))
def pack(workspace: Path | None, by: str | None, output: Path | None) -> None:
    """Pack this laptop's findings and evidence into one .zip, to send to the team lead.

    The lead brings it in with `inspection merge FILE.zip`.

    
    Example:
      inspection pack -o ket-qua-ha.zip
    """
    from ..recording.merge import pack as make_bundle
    from ..vn.text import slugify

    store = _open(workspace)
    who = recorder(by)
    target = output or store.ws.output_dir / f"ket-qua-{store.loaded.campaign.id}-{slugify(who)}.zip"
    units, files = make_bundle(store, target, who)
    said(_("Wrote {path}: {units} unit(s), {files} file(s). The team lead brings it in with "
           "`inspection merge`.").format(path=shown(target), units=units, files=files), target)


def register(commands: click.Group) -> None:
    """Add this module's commands to the `inspection` group, their help in the current language
    (all of them: the group localizes only the one it was asked for)."""
    for cmd in (record, status, show, history, restore, recover, merge, resolve, pack):
        localize(cmd)
        commands.add_command(cmd)
