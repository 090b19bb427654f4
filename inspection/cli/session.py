"""Recording findings item by item, in the team's language, saving after every answer.

The session walks the checklist for one unit: every (item, site) the visit must answer, in
the checklist's order. It starts at the first one not yet answered. Every answer is written
to disk the moment it is given, so quitting — with `q`, Ctrl-C, Ctrl-D, a closed lid or a
flat battery — loses nothing that was acknowledged with "Đã lưu".
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable

import click

from ..errors import InspectionError
from ..i18n import N_, _
from ..model.campaign import Visit
from ..model.checklist import ChecklistItem
from ..model.findings import FIELD_LABELS, TEXT_FIELDS, Answer, Recommendation
from ..model.lookup import rating_choice
from ..recording.store import FindingsStore
from ..values import value
from ..vn.dates import parse_date
from ..vn.text import clean_text, fold
from .views import describe_answer, describe_recommendation

HELP = N_("""Commands (typed at the start of an answer):
  Enter    keep as it is / skip this question
  s        skip this item, go to the next one
  b        go back to the previous item
  j I.5    jump to item I.5 (add the site's name if needed: j QH.1 van-yen)
  r        review what is recorded for this item
  -        clear what this question holds
  e        write this answer in the text editor (Notepad on Windows, $EDITOR elsewhere)
  q        quit (every answer saved is kept)
  Ctrl-C   quit at once; what was saved stays""")


class _Edited(list):
    """The points of a question as written in the editor: they replace what it held."""


class _Move(Exception):
    """Leave the current item: to another position, or out of the session."""

    def __init__(self, target: int | None):
        self.target = target  # None: quit


@value
class _Position:
    item: ChecklistItem
    site: str


class Session:
    """An interactive recording session for one unit."""

    def __init__(self, store: FindingsStore, visit: Visit, by: str,
                 ask: Callable[[str], str] | None = None, say: Callable[[str], None] = click.echo):
        self.store = store
        self.visit = visit
        self.by = by
        self.ask = ask or self._prompt
        self.say = say
        self.checklist = store.loaded.checklist
        self.outline = store.loaded.outline
        self.positions = [_Position(self.checklist.item(i), s) for i, s in self.checklist.walk(visit)]
        self.last_save: str | None = None  # recorded_at of this sitting's last save of the answer
        self.saved = 0

    def _prompt(self, label: str) -> str:
        """Ask in the terminal; an answer with bytes the terminal's encoding does not have is
        refused and asked again, never saved without them."""
        from .console import unreadable

        while True:
            answer = click.prompt(label, default="", show_default=False, prompt_suffix=" ")
            if not unreadable(answer):
                return answer
            self.say("  " + _("The answer holds characters that cannot be read (the console's "
                              "encoding is not UTF-8): type it again, or set the encoding to "
                              "UTF-8 (chcp 65001)."))

    # -- the walk -------------------------------------------------------------------------
    def run(self, start: str | None = None) -> int:
        """Walk the checklist; return the number of answers saved."""
        if not self.positions:
            raise InspectionError(_("the checklist has nothing to record for {unit}").format(
                unit=self.visit.unit.name))
        record = self.store.read(self.visit)
        done = sum(record.answered(p.item.id, p.site) for p in self.positions)
        self.say(_("Recording findings: {unit} — recorded by: {by}").format(
            unit=self.visit.unit.name, by=self.by))
        self.say(_("Checklist {checklist}: {total} item(s) to record, {done} recorded. Type ? for "
                   "the commands.").format(checklist=self.checklist.id, total=len(self.positions),
                                           done=done))
        index = self._find(start) if start else next(
            (i for i, p in enumerate(self.positions) if not record.answered(p.item.id, p.site)), None)
        if index is None:
            self.say(_("Every item is recorded. Type j <item> to change one, or q to quit."))
            index = len(self.positions) - 1
        try:
            while index is not None and index < len(self.positions):
                try:
                    self._item(index)
                    index += 1
                except _Move as move:
                    index = move.target
        except click.Abort:
            self.say("")
        if index is not None and index >= len(self.positions):
            self.say(_("End of the checklist."))
        self.say(_("Saved {n} answer(s). To go on: inspection record \"{unit}\"").format(
            n=self.saved, unit=self.visit.unit.short_name or self.visit.unit.name))
        return self.saved

    def _find(self, spec: str) -> int:
        parts = spec.split()
        item_id = parts[0] if parts else ""
        site = parts[1] if len(parts) > 1 else None
        for i, p in enumerate(self.positions):
            if fold(p.item.id) == fold(item_id) and (site is None or fold(p.site) == fold(site)
                                                     or fold(self.visit.site_label(p.site)).endswith(fold(site))):
                return i
        raise InspectionError(_("there is no item {item} to record for {unit}; the items are "
                                "{first} … {last}").format(
            item=repr(spec), unit=self.visit.unit.name, first=self.positions[0].item.id,
            last=self.positions[-1].item.id))

    def _command(self, line: str, index: int) -> None:
        """Act on a command typed at the start of an answer; return if `line` is not one."""
        word = line.strip()
        lowered = word.lower()
        if lowered == "q":
            raise _Move(None)
        if lowered == "s":
            raise _Move(index + 1)
        if lowered == "b":
            raise _Move(max(index - 1, 0))
        if lowered == "?":
            self.say(_(HELP))
            raise _Move(index)
        if lowered == "r":
            self._review(self.positions[index])
            raise _Move(index)
        if lowered.startswith("j ") or lowered == "j":
            try:
                raise _Move(self._find(word[1:].strip()))
            except InspectionError as exc:
                self.say(f"  {exc.message}")
                raise _Move(index) from None

    # -- one item --------------------------------------------------------------------------
    def _item(self, index: int) -> None:
        pos = self.positions[index]
        self.last_save = None
        self._show(index, pos)
        record = self.store.read(self.visit)
        current = record.finding(pos.item.id, pos.site)
        answer = current.answer if current else Answer()
        self._ask_rating(index, pos, answer)
        for name in TEXT_FIELDS[:4]:
            self._ask_texts(index, pos, name, getattr(answer, name))
        self._ask_recommendations(index, pos, answer.recommendations)
        self._ask_texts(index, pos, "explanations", answer.explanations)

    def _show(self, index: int, pos: _Position) -> None:
        item = pos.item
        self.say("")
        self.say(f"[{index + 1}/{len(self.positions)}] {item.id} — {item.title}")
        self.say(f"  {self.visit.site_label(pos.site)}" + (f" · {item.group}" if item.group else ""))
        for check in item.checks:
            self.say("  " + _("Check: {check}").format(check=check))
        for document in item.documents:
            self.say("  " + _("Document: {document}").format(document=document))
        table = self.outline.appendix
        for row_id in item.indicators:
            row = table.row(row_id) if table else None
            if row is not None:
                self.say("  " + _("Indicator {row}: {label}").format(
                    row=row.id, label=row.label or _("(group)")))

    def _save(self, pos: _Position, changes: dict, what: str, add: dict | None = None) -> None:
        answer = self.store.record_answer(self.visit, pos.item.id, pos.site, changes, self.by,
                                          amend_of=self.last_save, add=add)
        self.last_save = answer.recorded_at
        self.saved += 1
        self.say("  " + _("Saved: {what}.").format(what=what))

    def _ask_rating(self, index: int, pos: _Position, answer: Answer) -> None:
        scale = self.checklist.scale_for(pos.item.id)
        choices = "  ".join(f"{i}) {level.label}" for i, level in enumerate(scale, 1))
        current = self.checklist.rating(answer.rating, pos.item.id) if answer.rating else None
        keep = " " + _("[current: {rating}]").format(rating=current.label) if current else ""
        while True:
            line = self.ask(f"{_(FIELD_LABELS['rating'])}: {choices}{keep}\n>")
            self._command(line, index)
            if not line.strip():
                return
            if line.strip() == "-":
                if answer.rating:
                    self._save(pos, {"rating": None}, _("rating cleared"))
                return
            rating = rating_choice(line, scale)
            if rating is not None:
                self._save(pos, {"rating": rating}, f"{_(FIELD_LABELS['rating'])} = "
                                                    f"{self.checklist.rating(rating, pos.item.id).label}")
                return
            self.say("  " + _("There is no rating {rating}: type a number from 1 to {n}.").format(
                rating=repr(line.strip()), n=len(scale)))

    def _lines(self, index: int, label: str, current: tuple[str, ...] = ()
               ) -> list[str] | None:
        """Read lines until an empty one; None for a bare Enter, [] for '-' (clear).

        'e' writes them in the text editor instead, where typing Vietnamese and correcting a
        long text is easier than in a console: the points recorded so far (`current`) are
        there to change, and what is saved replaces them (an _Edited list)."""
        first = self.ask(f"{label}\n>")
        self._command(first, index)
        if not first.strip():
            return None
        if first.strip() == "-":
            return []
        if first.strip().lower() == "e":
            edited = self._edit(label, current)
            return None if edited is None else edited
        lines = [first]
        while True:
            more = self.ask(">")
            if not more.strip():
                return [text for text in (clean_text(line) for line in lines) if text]
            lines.append(more)

    def _edit(self, label: str, current: tuple[str, ...]) -> list[str] | None:
        """The points written in the editor (None when it was closed without saving)."""
        from .. import i18n

        i18n.translate_click()  # click's editor messages, now that its module is loaded
        guide = "\n".join("# " + line for line in _(
            "{field}: one point per paragraph, an empty line between two points.\n"
            "Lines starting with # are left out. Save the file and close the editor to record; "
            "close it without saving to change nothing.").format(field=label.split(" (")[0].rstrip(":")
        ).splitlines())
        text = guide + "\n\n" + "\n\n".join(current) + ("\n" if current else "")
        try:
            written = click.edit(text, extension=".txt", require_save=True)
        except click.ClickException as exc:
            self.say("  " + _("The text editor could not be opened ({reason}); set the "
                              "EDITOR variable to one, or type the answer here.").format(
                reason=exc.format_message()))
            return None
        if written is None:
            self.say("  " + _("Nothing changed: the editor was closed without saving."))
            return None
        kept = "\n".join(line for line in written.splitlines() if not line.lstrip().startswith("#"))
        points = [clean_text(" ".join(part.split())) for part in re.split(r"\n\s*\n", kept)]
        return _Edited(point for point in points if point)

    def _ask_texts(self, index: int, pos: _Position, name: str, current: tuple[str, ...]) -> None:
        label = _(FIELD_LABELS[name])
        if current:
            self.say("  " + _("{field} recorded:").format(field=label))
            for text in current:
                self.say(f"    - {text}")
        hint = _("add new points, one per line; an empty line to finish") if current else \
            _("one point per line; an empty line to finish; Enter at once to skip")
        lines = self._lines(index, f"{label} ({hint}):", current)
        if lines is None:
            return
        if isinstance(lines, _Edited):  # the whole field, as written in the editor
            if tuple(lines) != current:
                self._save(pos, {name: tuple(lines)}, _("{field} ({n} point(s))").format(
                    field=label, n=len(lines)))
            return
        if not lines:
            if current:
                self._save(pos, {name: ()}, _("{field} cleared").format(field=label))
            return
        self._save(pos, {}, _("{field} ({n} point(s))").format(field=label, n=len(lines)),
                   add={name: tuple(lines)})

    def _ask_recommendations(self, index: int, pos: _Position,
                             current: tuple[Recommendation, ...]) -> None:
        label = _(FIELD_LABELS["recommendations"])
        if current:
            self.say("  " + _("{field} recorded:").format(field=label))
            for rec in current:
                self.say(f"    - {describe_recommendation(rec)}")
        lines = self._lines(index, _("{field} (one recommendation per line; an empty line to "
                                     "finish):").format(field=label))
        if lines is None:
            return
        if not lines:
            if current:
                self._save(pos, {"recommendations": ()}, _("{field} cleared").format(field=label))
            return
        for text in lines:
            self.say("  " + _("Recommendation: {text}").format(text=text))
            owner, due = None, None
            try:
                answer = self.ask("  " + _("Who acts on it? [{unit}]").format(
                    unit=self.visit.unit.name))
                self._command(answer, index)
                owner = clean_text(answer) or self.visit.unit.name
                due = self._ask_date("  " + _("Deadline (dd/mm/yyyy; Enter if none):"), index)
            finally:  # a command typed here still keeps the recommendation
                self._save(pos, {}, _("recommendation “{text}”").format(text=_short(text)),
                           add={"recommendations": (Recommendation(text, owner, due),)})

    def _ask_date(self, label: str, index: int) -> dt.date | None:
        while True:
            text = self.ask(label).strip()
            self._command(text, index)
            if not text:
                return None
            try:
                return parse_date(text)
            except ValueError as exc:
                self.say(f"  {exc}")

    def _review(self, pos: _Position) -> None:
        finding = self.store.read(self.visit).finding(pos.item.id, pos.site)
        self.say(f"  — {pos.item.id}, {self.visit.site_label(pos.site)} —")
        if finding is None or finding.answer.is_empty:
            self.say("  " + _("(nothing recorded yet)"))
            return
        for line in describe_answer(finding.answer, self.checklist, pos.item.id):
            self.say(f"  {line}")


def _short(text: str, width: int = 50) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
