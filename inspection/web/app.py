"""The Flask application: the campaign, a unit, an item; access code and CSRF checks."""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path

from flask import Flask, abort, redirect, render_template, request, session, url_for

from ..errors import EditConflict, InspectionError
from ..i18n import _, current, ngettext
from ..model.findings import FIELD_LABELS, TEXT_FIELDS, Answer
from ..followup.model import VERIFIED_TEXT
from ..recording.progress import STATES
from ..vn.dates import moment

MAX_UPLOAD = 50 * 1024 * 1024  # a request's body: the largest evidence file a phone sends
TEXT_LIMIT = 100_000  # characters of one text field


def create_app(root: str | Path, *, access_code: str | None = None,
               recorder: str | None = None) -> Flask:
    """The application serving the workspace in `root`.

    With `access_code` (the --lan mode) every request needs it, entered once per browser;
    `recorder` is whose name a browser records under until it gives its own.
    """
    from .. import api

    app = Flask(__name__)
    app.config.update(SECRET_KEY=secrets.token_bytes(32), MAX_CONTENT_LENGTH=MAX_UPLOAD,
                      SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_HTTPONLY=True,
                      TEMPLATES_AUTO_RELOAD=False)
    app.jinja_env.globals.update(_=_, ngettext=ngettext, lang=current, labels=FIELD_LABELS,
                                 states=STATES, moment=moment)
    ws = api.open_workspace(Path(root))

    def store():
        return api.findings_store(ws)  # read again at every request: the command line writes too

    @app.before_request
    def guard():
        if access_code and request.endpoint != "access" and not session.get("access"):
            if request.endpoint == "static" or request.method != "GET":
                abort(401)  # the style and script too: nothing without the code
            return redirect(url_for("access", next=request.full_path))
        if request.method == "POST":
            token = request.form.get("csrf", "")
            if not hmac.compare_digest(token, session.get("csrf", "\0")):
                abort(403, _("The form has expired or did not come from this page: reload the "
                             "page and save again."))
        return None

    @app.context_processor
    def page():
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(32)
        return {"csrf": session["csrf"], "by": session.get("by") or recorder or "",
                "title": ws.load().campaign.title}

    @app.errorhandler(InspectionError)
    def problem(exc: InspectionError):
        return render_template("problem.html", message=exc.message), 400

    @app.route("/vao", methods=["GET", "POST"])
    def access():
        wrong = False
        if request.method == "POST":
            given = "".join(request.form.get("code", "").split())
            if access_code and hmac.compare_digest(given.encode(), access_code.encode()):
                session["access"] = True
                return redirect(_here(request.args.get("next", "/")))
            wrong = True
        return render_template("access.html", wrong=wrong), 401 if wrong else 200

    @app.post("/nguoi-ghi")
    def who():
        session["by"] = " ".join(request.form.get("by", "").split())[:200]
        return redirect(_here(request.form.get("next", "/")))

    @app.get("/")
    def campaign():
        return render_template("campaign.html", statuses=api.status(ws))

    @app.get("/don-vi/<slug>")
    def unit(slug: str):
        found = store()
        visit = _visit(found, slug)
        record = found.read(visit)
        loaded = found.loaded
        groups: dict = {}
        for heading, items in loaded.checklist.by_section(loaded.outline).items():
            for item in items:
                places = []
                for site in visit.sites_for(item.level):
                    finding = record.finding(item.id, site)
                    state = "conflict" if finding and finding.conflicts else (
                        "recorded" if finding and not finding.answer.is_empty else "planned")
                    places.append({"site": site, "label": visit.site_label(site), "state": state,
                                   "answer": finding.answer if finding else None})
                if places:
                    groups.setdefault(heading, []).append((item, places))
        return render_template("unit.html", visit=visit, groups=groups,
                               carried=_carried(visit), verified_text=VERIFIED_TEXT,
                               saved=request.args.get("saved") == "1")

    def _carried(visit):
        """The recommendations of the previous campaign the team verifies at this visit."""
        from ..followup.store import read_all

        register = read_all(ws, [visit])[0]
        return register.carried

    @app.post("/don-vi/<slug>/kien-nghi-truoc")
    def verify(slug: str):
        """What the team found of a recommendation carried from the previous campaign, as
        `inspection followup verify` records it: one more dated report in its history."""
        from ..followup.reports import verify as verify_
        from ..followup.store import read_all

        visit = _visit(store(), slug)
        result = request.form.get("result", "")
        if result not in VERIFIED_TEXT:
            raise InspectionError(_("Choose what the team found: {results}.").format(
                results=", ".join(VERIFIED_TEXT.values())))
        by = session.get("by") or recorder
        if not by:
            raise InspectionError(_("Give your name (who records) at the top of the page, then "
                                    "save."))
        note = " ".join(request.form.get("note", "").split())[:TEXT_LIMIT] or None
        verify_(ws, visit, read_all(ws, [visit])[0], request.form.get("id", ""), result,
                note=note, by=by)
        return redirect(url_for("unit", slug=slug, saved=1) + "#kien-nghi-truoc")

    @app.route("/don-vi/<slug>/<item_id>/<site>", methods=["GET", "POST"])
    def item(slug: str, item_id: str, site: str):
        from ..recording.quick import whole_answer

        found, visit, checklist_item = _place(slug, item_id, site)
        record = found.read(visit)
        finding = record.finding(checklist_item.id, site)
        current_answer = finding.answer if finding else Answer()
        status, error, mine, theirs, saved = 200, None, None, None, False
        if request.method == "POST":
            form = request.form
            if any(len(value) > TEXT_LIMIT for value in form.values()):
                abort(413)
            texts = {name: _points(form.get(name, "")) for name in TEXT_FIELDS}
            recs = list(zip(form.getlist("rec_text"), form.getlist("rec_owner"),
                            form.getlist("rec_due")))
            mine = _form_answer(form, texts, recs)  # shown again when the save is refused
            by = " ".join(form.get("by", "").split()) or session.get("by") or recorder
            if not by:
                error = _("Give your name (who records) at the top of the page, then save.")
                status = 400
            else:
                session["by"] = by
                try:
                    answer = whole_answer(found, checklist_item, rating=form.get("rating"),
                                          texts=texts, recommendations=recs)
                    found.save_answer(visit, checklist_item.id, site, answer, by,
                                      form.get("base") or None)
                    return redirect(url_for("item", slug=slug, item_id=item_id, site=site,
                                            saved=1))
                except EditConflict as exc:
                    error, theirs, status = exc.message, exc.current, 409
                except InspectionError as exc:
                    error, status = exc.message, 400
        else:
            saved = request.args.get("saved") == "1"
        attached = session.pop("attached", None) if request.args.get("attached") else None
        by_id = {e.id: e for e in record.evidence}
        files = [by_id[i] for i in current_answer.evidence if i in by_id]
        shown = mine or _form_from_answer(current_answer)
        base = (theirs.recorded_at if theirs is not None else current_answer.recorded_at) \
            if (theirs is not None or not current_answer.is_empty) else ""
        scale = found.loaded.checklist.scale_for(checklist_item.id)
        indicators = _indicators(found.loaded, record, checklist_item)
        return render_template(
            "item.html", visit=visit, item=checklist_item, site=site,
            place=visit.site_label(site), form=shown, base=base or "", scale=scale,
            answer=current_answer, theirs=theirs, error=error, saved=saved,
            history=finding.history if finding else (), indicators=indicators,
            conflicts=finding.conflicts if finding else (),
            attached=attached, files=files, human_size=_size,
            draft_key=f"{visit.unit.slug}/{checklist_item.id}/{site}"), status

    @app.post("/don-vi/<slug>/<item_id>/<site>/tai-lieu")
    def attach(slug: str, item_id: str, site: str):
        """Evidence uploaded from the page (a phone's camera too), attached as `inspection
        attach` does: safe names, size, SHA-256, a PDF's pages, the same content once."""
        from ..files.scratch import scratch
        from ..recording.evidence import attach as attach_files

        found, visit, checklist_item = _place(slug, item_id, site)
        uploads = [f for f in request.files.getlist("files") if f and f.filename]
        if not uploads:
            raise InspectionError(_("Choose one or more files to attach."))
        by = session.get("by") or recorder
        if not by:
            raise InspectionError(_("Give your name (who records) at the top of the page, then "
                                    "save."))
        with scratch(ws.cache_dir, "tai-len-") as folder:  # removed afterwards, even if killed
            sources = []
            for index, upload in enumerate(uploads):
                # the name as the user's computer gave it, without any folder ("../x", "C:\x")
                name = Path(upload.filename.replace("\\", "/")).name.strip() or "tep"
                place = folder / str(index)
                place.mkdir()
                upload.save(place / name)
                sources.append(place / name)
            results = attach_files(found, visit, checklist_item, site, sources, by)
        notes = [w for r in results for w in r.warnings]
        session["attached"] = [r.evidence.original_name for r in results] + notes
        return redirect(url_for("item", slug=slug, item_id=item_id, site=site, attached=1))

    @app.post("/don-vi/<slug>/<item_id>/<site>/giai-quyet")
    def resolve(slug: str, item_id: str, site: str):
        """Keep one of the versions a merge left side by side (the others go to the history),
        as `inspection resolve --keep N` does."""
        from ..recording.merge import resolve as keep_version

        found, visit, checklist_item = _place(slug, item_id, site)
        keep_version(found, visit, (checklist_item.id, site), _whole_number("keep"),
                     session.get("by") or recorder or "")
        return redirect(url_for("item", slug=slug, item_id=item_id, site=site, saved=1))

    @app.get("/don-vi/<slug>/tai-lieu/<evidence_id>")
    def evidence(slug: str, evidence_id: str):
        """One attached document, by its id in the unit's findings: never any other path."""
        from flask import send_file

        found = store()
        visit = _visit(found, slug)
        record = found.read(visit)
        entry = next((e for e in record.evidence if e.id == evidence_id), None)
        if entry is None:
            abort(404)
        path = (ws.root / entry.file).resolve()
        if not path.is_relative_to(ws.evidence_dir.resolve()) or not path.is_file():
            abort(404)
        return send_file(path, download_name=entry.original_name, as_attachment=False)

    @app.post("/don-vi/<slug>/<item_id>/<site>/khoi-phuc")
    def restore(slug: str, item_id: str, site: str):
        found, visit, checklist_item = _place(slug, item_id, site)
        found.restore(visit, checklist_item.id, site, _whole_number("version"),
                      session.get("by") or recorder)
        return redirect(url_for("item", slug=slug, item_id=item_id, site=site, saved=1))

    @app.get("/van-ban")
    def documents():
        from ..documents.kinds import KINDS
        from ..documents.pdf import find_soffice

        visits = ws.load().campaign.visits
        return render_template("documents.html", kinds=KINDS, visits=visits,
                               pdf=find_soffice() is not None)

    @app.post("/van-ban")
    def render_one():
        """Render one document into the workspace's output/ (as `inspection render`) and send
        it: DOCX, or PDF where LibreOffice is installed."""
        from flask import send_file

        from ..documents.kinds import KINDS

        kind, slug, fmt = (request.form.get(k, "") for k in ("kind", "unit", "format"))
        if kind not in KINDS or fmt not in ("docx", "pdf"):
            abort(400)
        unit = None
        if KINDS[kind].per_unit:
            unit = _visit(store(), slug).unit.slug
        path = api.render_document(ws, kind, unit)
        if fmt == "pdf":
            from ..documents.pdf import convert_many

            path = convert_many([path], path.parent, ws.cache_dir)[0]
        return send_file(path, as_attachment=True, download_name=path.name)

    @app.route("/don-vi/<slug>/du-thao", methods=["GET", "POST"])
    def draft(slug: str):
        """The unit's conclusion draft, as the team lead edits drafts/<unit>.yaml: each area's
        assessment and points, the overall conclusion, the recommendations."""
        from ..documents.drafting import draft_units, read_unit_draft
        from ..files.drafts import draft_path, draft_version, save_edited_draft

        found = store()
        visit = _visit(found, slug)
        path = draft_path(ws.root, visit.unit.slug)
        error, status = None, 200
        if request.method == "POST" and request.form.get("action") == "compose":
            draft_units(ws, found.loaded, [visit], found, by=session.get("by") or None)
            return redirect(url_for("draft", slug=slug, saved=1))
        current = read_unit_draft(ws, visit)
        if request.method == "POST" and current is not None:
            try:
                edited = _edited_draft(current, request.form)
                save_edited_draft(ws.root, edited, visit.unit.name, ws.display(path),
                                  request.form.get("base", ""), by=session.get("by") or None)
                return redirect(url_for("draft", slug=slug, saved=1))
            except EditConflict as exc:
                error, status = exc.message, 409
            except InspectionError as exc:
                error, status = exc.message, 400
        return render_template("draft.html", visit=visit, draft=current,
                               base=draft_version(path), error=error,
                               saved=request.args.get("saved") == "1"), status

    @app.route("/bao-cao/du-thao", methods=["GET", "POST"])
    def report_draft():
        """The summary report's draft: the overall assessment, each area's assessment and the
        points several units share (with their units), good practices, proposals."""
        from ..documents.drafting import draft_report, read_report
        from ..files.drafts import draft_version, report_path, save_edited_draft

        path = report_path(ws.root)
        error, status = None, 200
        if request.method == "POST" and request.form.get("action") == "compose":
            found = store()
            draft_report(ws, found.loaded, found, by=session.get("by") or None)
            return redirect(url_for("report_draft", saved=1))
        current = read_report(ws)
        if request.method == "POST" and current is not None:
            try:
                save_edited_draft(ws.root, _edited_report(current, request.form), None,
                                  ws.display(path), request.form.get("base", ""),
                                  by=session.get("by") or None)
                return redirect(url_for("report_draft", saved=1))
            except InspectionError as exc:
                error, status = exc.message, 409 if isinstance(exc, EditConflict) else 400
        return render_template("report_draft.html", draft=current, base=draft_version(path),
                               error=error, saved=request.args.get("saved") == "1"), status

    def _place(slug: str, item_id: str, site: str):
        """The store, the visit and the checklist item a page's address names (404 for a site
        the item is not checked at)."""
        from ..model.lookup import find_item

        found = store()
        visit = _visit(found, slug)
        checklist_item = find_item(found.loaded.checklist, item_id)
        if site not in visit.sites_for(checklist_item.level):
            abort(404)
        return found, visit, checklist_item

    def _visit(found, slug: str):
        visit = next((v for v in found.loaded.campaign.visits if v.unit.slug == slug), None)
        if visit is None:
            abort(404)
        return visit

    return app


_POINTS = ("strengths", "shortcomings", "subjective_causes", "objective_causes")


def _edited_draft(draft, form):
    """The draft as the page's form gives it back: each point kept (its sources too), changed
    or, emptied, taken out; new points added; everything marked as looked at."""
    from ..model.draft import DraftRecommendation, Point
    from ..model.lookup import parse_deadline
    from ..values import replace
    from ..vn.text import clean_text

    def text(name: str) -> str:
        return " ".join(clean_text(form.get(name, "")).split())

    areas = []
    for a, area in enumerate(draft.areas):
        lists = {}
        for name in _POINTS:
            kept = [replace(point, text=text(f"a{a}-{name}-{i}"), new=False)
                    for i, point in enumerate(getattr(area, name))
                    if text(f"a{a}-{name}-{i}")]
            kept += [Point(line) for line in _points(form.get(f"a{a}-{name}-new", ""))]
            lists[name] = tuple(kept)
        areas.append(replace(area, assessment=text(f"a{a}-assessment") or None, **lists))
    recs, taken = [], {r.id for r in draft.recommendations}
    rows = list(zip(form.getlist("rec_id"), form.getlist("rec_text"), form.getlist("rec_owner"),
                    form.getlist("rec_due")))
    by_id = {r.id: r for r in draft.recommendations}
    number = max((int(i[2:]) for i in taken if i[2:].isdigit()), default=0)
    for rec_id, rec_text, owner, due in rows:
        rec_text = " ".join(clean_text(rec_text).split())
        if not rec_text:
            continue
        due_date = parse_deadline(due) if due.strip() else None
        if rec_id in by_id:
            recs.append(replace(by_id[rec_id], text=rec_text, owner=clean_text(owner) or None,
                                due=due_date, new=False))
        else:
            number += 1
            recs.append(DraftRecommendation(f"KN{number}", rec_text, clean_text(owner) or None,
                                            due_date))
    report_by = form.get("report_by", "").strip()
    return replace(draft, areas=tuple(areas), conclusion=text("conclusion") or None,
                   recommendations=tuple(recs),
                   report_by=parse_deadline(report_by) if report_by else None)


def _edited_report(draft, form):
    """The report's draft as its form gives it back (see _edited_draft)."""
    from ..model.draft import SharedPoint
    from ..values import replace
    from ..vn.text import clean_text

    def text(name: str) -> str:
        return " ".join(clean_text(form.get(name, "")).split())

    def points(prefix: str, current) -> tuple:
        kept = [replace(p, text=text(f"{prefix}-{i}"), new=False)
                for i, p in enumerate(current) if text(f"{prefix}-{i}")]
        return tuple(kept + [SharedPoint(line) for line in _points(form.get(f"{prefix}-new", ""))])

    areas = tuple(replace(area, assessment=text(f"a{a}-assessment") or None,
                          **{name: points(f"a{a}-{name}", getattr(area, name))
                             for name in ("strengths", "shortcomings", "causes")})
                  for a, area in enumerate(draft.areas))
    return replace(draft, assessment=text("assessment") or None, areas=areas,
                   good_practices=points("good_practices", draft.good_practices),
                   proposals=points("proposals", draft.proposals))


def _here(target: str) -> str:
    """`target` if it is a page of this server ("/…"), else the first page: never elsewhere."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


def _whole_number(field: str) -> int:
    """A whole number the form gives (a version's place); 400 for anything else."""
    try:
        return int(request.form.get(field, ""))
    except ValueError:
        abort(400)


def _size(size: int) -> str:
    from ..recording.evidence import human_size

    return human_size(size)


def _points(text: str) -> list[str]:
    """The points of a text field: one per line."""
    return [line for line in (" ".join(part.split()) for part in text.splitlines()) if line]


def _form_answer(form, texts, recs) -> dict:
    return {"rating": form.get("rating", ""), **{k: "\n".join(v) for k, v in texts.items()},
            "recommendations": [r for r in recs if any(x.strip() for x in r)]}


def _form_from_answer(answer: Answer) -> dict:
    return {"rating": answer.rating or "",
            **{name: "\n".join(getattr(answer, name)) for name in TEXT_FIELDS},
            "recommendations": [(r.text, r.owner or "", f"{r.due:%d/%m/%Y}" if r.due else "")
                                for r in answer.recommendations]}


def _indicators(loaded, record, item) -> list[dict]:
    """The indicator rows the item verifies, reported and verified figures side by side."""
    from ..vn.numbers import format_figure

    table = loaded.outline.appendix
    if table is None or not item.indicators:
        return []
    rows = []
    for row, _parents in table.leaves():
        if row.id not in item.indicators:
            continue
        cells = []
        for period in table.periods:
            entry = record.indicators.get((row.id, period.id))
            value = entry.value if entry else None
            cells.append((period.label, format_figure(value.reported, row.kind) if value else "",
                          format_figure(value.verified, row.kind) if value else ""))
        rows.append({"id": row.id, "label": row.label, "cells": cells})
    return rows

