"""The follow-up form: a unit's recommendations as an Excel sheet it fills in to report what it
has done (the new status, what was done, the date, the documents that prove it), and the same
sheet read back cell by cell, every bad cell named, nothing taken while any is bad.

The columns the unit fills in are the only ones open for typing; the form says, not printed,
which campaign and unit it was made for, and each row carries the recommendation's id, so that
it can be read back whatever the unit does to it (a CSV saved from it too). openpyxl is
imported only when a form is made or read.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from ..errors import ExportError
from ..files.sheets import Cell, CellProblem, Sheet, load_sheets, plain
from ..i18n import N_, _
from ..model.campaign import Visit
from ..values import field, value
from ..vn.dates import parse_date, short_date
from ..vn.text import clean_text, fold, slugify
from . import model
from .model import Tracked, UnitFollowup, Update

FORM_MARK = "inspection-followup-form"
SHEET_TITLE = "Kết quả thực hiện"

# The columns, as the form heads them. The first six say what was recommended (not to be
# changed); the last five are the unit's report.
STT, ID, TEXT, OWNER, DUE, CURRENT = ("STT", "Mã kiến nghị (không sửa)", "Nội dung kiến nghị",
                                      "Đơn vị/người thực hiện", "Thời hạn",
                                      "Tình trạng hiện tại")
STATUS, DONE, DATE, DOCUMENTS, REASON = ("Tình trạng mới", "Kết quả thực hiện",
                                         "Ngày thực hiện", "Tài liệu chứng minh",
                                         "Lý do không thực hiện được")
COLUMNS = (STT, ID, TEXT, OWNER, DUE, CURRENT, STATUS, DONE, DATE, DOCUMENTS, REASON)
WIDTHS = (5, 15, 48, 18, 11, 15, 17, 40, 12, 28, 28)
FILLED_IN = (STATUS, DONE, DATE, DOCUMENTS, REASON)

# Headings a unit may have typed instead, when it retyped the table (folded, without
# anything in brackets): the form's own heading first.
_HEADINGS = {
    ID: ("ma kien nghi", "ma", "id"),
    TEXT: ("noi dung kien nghi", "noi dung", "kien nghi"),
    STATUS: ("tinh trang moi", "tinh trang", "trang thai"),
    DONE: ("ket qua thuc hien", "ket qua", "da thuc hien", "noi dung da thuc hien"),
    DATE: ("ngay thuc hien", "ngay", "ngay hoan thanh"),
    DOCUMENTS: ("tai lieu chung minh", "tai lieu", "van ban chung minh", "ho so chung minh"),
    REASON: ("ly do khong thuc hien duoc", "ly do"),
}


def form_path(folder: Path, visit: Visit) -> Path:
    """The default place of a unit's form: output/theo-doi-kien-nghi-<unit>.xlsx."""
    return folder / f"theo-doi-kien-nghi-{visit.unit.slug}.xlsx"


def listed(register: UnitFollowup) -> list[Tracked]:
    """The recommendations a unit's form lists: every one not withdrawn, in the order of the
    conclusion, so that each form the unit gets reads the same."""
    return register.current


def _conclusions(recs: list[Tracked]) -> str:
    """ "Thông báo kết luận kiểm tra số 01/TB-BHXH ngày 14/10/2022" (and the others)."""
    seen = dict.fromkeys((r.conclusion, r.conclusion_date) for r in recs if r.conclusion)
    parts = [f"số {number}" + (f" ngày {short_date(date)}" if date else "")
             for number, date in seen]
    if not parts:
        return ""
    return ("Thông báo kết luận kiểm tra " if len(parts) == 1 else
            "các Thông báo kết luận kiểm tra ") + ", ".join(parts)


def build_form(agency: str, campaign_id: str, visit: Visit, register: UnitFollowup,
               year: int) -> bytes:
    """The unit's follow-up form as XLSX bytes; `agency` is who the unit reports to."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    recs = listed(register)
    if not recs:
        raise ExportError(_("{unit} has no recommendation to report on: its conclusion is not "
                            "issued yet (inspection issue conclusion UNIT)").format(
                                unit=visit.unit.name))
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    book.properties.title = f"Báo cáo kết quả thực hiện kiến nghị - {visit.unit.name}"
    book.properties.creator = "inspection"
    book.properties.keywords = f"{FORM_MARK}; {campaign_id}; {visit.unit.slug}"

    font, last = "Times New Roman", len(COLUMNS)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
    grey, cream = PatternFill("solid", fgColor="E7E6E6"), PatternFill("solid", fgColor="FFF2CC")

    def put(r, c, content, *, bold=False, italic=False, size=12, align=wrap, to=None,
            border=False, fill=None, open_=False, fmt=None):
        cell = sheet.cell(r, c, content)
        if isinstance(content, str):
            cell.data_type = "s"  # text, even when it starts with "="
        cell.font = Font(name=font, size=size, bold=bold, italic=italic)
        cell.alignment = align
        if fill is not None:
            cell.fill = fill
        if fmt is not None:
            cell.number_format = fmt
        if open_:
            cell.protection = Protection(locked=False)
        if to is not None:
            sheet.merge_cells(start_row=r, start_column=c, end_row=r, end_column=to)
        if border:
            cell.border = box
        return cell

    put(1, 1, visit.unit.name.upper(), bold=True, to=4, align=Alignment(vertical="center"))
    put(2, 1, "BÁO CÁO KẾT QUẢ THỰC HIỆN KIẾN NGHỊ SAU KIỂM TRA", bold=True, size=13,
        align=centre, to=last)
    under = _conclusions(recs)
    put(3, 1, f"(Thực hiện {under} của {agency})" if under else "", italic=True,
        align=centre, to=last)
    hint = (f"Đơn vị ghi vào các cột từ «{STATUS}» đến «{REASON}» (ô nền vàng): chọn tình "
            "trạng mới trong danh sách (Chưa thực hiện, Đang thực hiện, Đã thực hiện, Không "
            "thực hiện được), nêu kết quả đã thực hiện, ngày thực hiện (ngày/tháng/năm), số và "
            "ngày của văn bản, tài liệu chứng minh; nếu không thực hiện được, ghi rõ lý do. "
            "Để trống cả dòng nếu chưa có gì mới. Không sửa các cột khác.")
    put(4, 1, hint, italic=True, size=11, align=centre, to=last)
    sheet.row_dimensions[4].height = 48

    header = 6
    for c, text in enumerate(COLUMNS, 1):
        put(header, c, text, bold=True, align=centre, border=True,
            fill=cream if text in FILLED_IN else grey)
    sheet.row_dimensions[header].height = 36
    statuses = DataValidation(
        type="list", formula1='"' + ",".join(model.STATUS_TEXT.values()) + '"',
        allow_blank=True, showErrorMessage=True, errorTitle="Tình trạng",
        error="Chọn một tình trạng trong danh sách.")
    dates = DataValidation(type="date", operator="greaterThan", formula1="1",
                           allow_blank=True, showErrorMessage=True, errorTitle="Ngày",
                           error="Ghi ngày theo dạng ngày/tháng/năm, ví dụ 15/11/2022.")
    first = header + 1
    for i, rec in enumerate(recs):
        r = first + i
        put(r, 1, i + 1, align=centre, border=True)
        put(r, 2, rec.id, size=11, align=centre, border=True, fmt="@")
        put(r, 3, rec.text, border=True)
        put(r, 4, rec.owner or register.name, border=True)
        put(r, 5, rec.due, align=centre, border=True, fmt="dd/mm/yyyy")
        put(r, 6, model.STATUS_TEXT[rec.status], align=centre, border=True)
        for c in range(7, last + 1):
            put(r, c, None, border=True, open_=True,
                align=centre if c in (7, 9) else wrap, fmt="dd/mm/yyyy" if c == 9 else None)
        statuses.add(sheet.cell(r, 7).coordinate)
        dates.add(sheet.cell(r, 9).coordinate)
        sheet.row_dimensions[r].height = 16 * max(2, -(-len(rec.text) * 23 // 20 // 46)) + 4
    sheet.add_data_validation(statuses)
    sheet.add_data_validation(dates)

    # Signatures below a blank row: the import reads the table only down to that row.
    sign = first + len(recs) + 1
    put(sign, 8, f"……, ngày …… tháng …… năm {year}", italic=True, align=centre, to=last)
    put(sign + 1, 2, "NGƯỜI LẬP BIỂU", bold=True, align=centre, to=3)
    put(sign + 1, 8, "THỦ TRƯỞNG ĐƠN VỊ", bold=True, align=centre, to=last)
    put(sign + 2, 2, "(Ký, ghi rõ họ tên)", italic=True, align=centre, to=3)
    put(sign + 2, 8, "(Ký tên, đóng dấu)", italic=True, align=centre, to=last)

    for c, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    # Only the unit's columns can be typed in; no password: a unit that must retype the
    # table can lift it (Review > Unprotect Sheet), and the import still checks every cell.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = sheet.protection.formatRows = False
    sheet.freeze_panes = sheet.cell(first, 4)
    sheet.print_area = f"A1:{get_column_letter(last)}{sign + 6}"
    sheet.print_title_rows = f"{header}:{header}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- reading a filled form back ------------------------------------------------------------
@value(frozen=False)
class FormReport:
    """What a filled follow-up form reports, and what is wrong with it."""

    updates: list[tuple[str, Update]] = field(default_factory=list)  # (recommendation id, …)
    problems: list[CellProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    blank: int = 0  # recommendations the unit left without a new status


def _key(text: str) -> str:
    """A heading as compared: no accents (typed without Unikey too), nothing in brackets."""
    return slugify(re.sub(r"\s*\([^)]*\)\s*$", "", text)).replace("-", " ")


def _find_header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    """The header row and the column of each heading it has: the id and the new status at
    least."""
    wanted = {key: name for name, keys in _HEADINGS.items() for key in keys}
    rows: dict[int, list[int]] = {}
    for r, c in sheet.cells:
        rows.setdefault(r, []).append(c)
    for r in sorted(rows):
        columns: dict[str, int] = {}
        for c in sorted(rows[r]):
            name = wanted.get(_key(sheet.text(r, c)))
            if name is not None and name not in columns:
                columns[name] = c
        if ID in columns and STATUS in columns:
            return r, columns
    return None


def _status(text: str) -> str | None:
    """The status a cell names: "Đã thực hiện", "đã thực hiện", "da thuc hien"."""
    key = slugify(text)
    return next((status for status, shown in model.STATUS_TEXT.items()
                 if key in (status, slugify(shown))), None)


def _date(cell: Cell) -> dt.date:
    """The date of a cell: a date cell, or a text like 15/11/2022; ValueError if neither."""
    content = cell.value
    if isinstance(content, dt.datetime):
        return content.date()
    if isinstance(content, dt.date):
        return content
    if isinstance(content, (int, float)) and not isinstance(content, bool):
        raise ValueError(_("a number, not a date: write the date as day/month/year, e.g. "
                           "15/11/2022"))
    return parse_date(plain(content))


def read_form(path: Path, register: UnitFollowup, campaign_id: str, display: str, *,
              today: dt.date) -> FormReport:
    """Every report of a filled follow-up form (XLSX or CSV) of the unit of `register`, and
    every cell that cannot be taken as it is."""
    report = FormReport()
    sheets, keywords = load_sheets(Path(path), display, report.warnings,
                                   N_("a follow-up form"))
    if keywords.startswith(FORM_MARK):
        parts = [p.strip() for p in keywords.split(";")]
        if len(parts) > 2 and parts[2] != register.unit:
            raise ExportError(_("{file}: this form was made for the unit {found}, not for "
                                "{unit}: import it for its own unit").format(
                                    file=display, found=parts[2], unit=register.name))
    for sheet in sheets:
        found = _find_header(sheet)
        if found is not None:
            _read_rows(sheet, *found, register, display, today, report)
            return report
    raise ExportError(_("{file}: no sheet has the header row of the follow-up form (a row with "
                        "the columns {columns}). Is this the right file? A new form is made by "
                        "`inspection followup form UNIT`.").format(
                            file=display, columns=", ".join((ID, STATUS, DONE, DATE))))


def _read_rows(sheet: Sheet, header: int, columns: dict[str, int], register: UnitFollowup,
               display: str, today: dt.date, report: FormReport) -> None:
    names = {c: name for name, c in columns.items()}
    known = {r.id: r for r in register.recommendations}
    seen: dict[str, int] = {}

    def problem(r: int, name: str | None, content: str | None, message: str) -> None:
        c = columns.get(name) if name else None
        report.problems.append(CellProblem(display, sheet.name, r, c, names.get(c), content,
                                           message))

    for r in range(header + 1, sheet.max_row + 1):
        texts = {name: sheet.text(r, c) for name, c in columns.items()}
        if not any(texts.values()):
            break  # a blank row ends the table: signatures follow
        rec_id = " ".join(texts.get(ID, "").split())
        reported = {name: texts.get(name, "") for name in FILLED_IN}
        if not rec_id:
            if any(reported.values()):
                problem(r, ID, None, _("this row has a report but no recommendation id, so it "
                                       "cannot be placed"))
            continue
        rec = known.get(rec_id)
        if rec is None:
            ids = ", ".join(x.id for x in register.recommendations if not x.withdrawn)
            problem(r, ID, rec_id, _("{unit} has no recommendation with this id; its "
                                     "recommendations: {ids}").format(unit=register.name,
                                                                      ids=ids or "—"))
            continue
        if rec_id in seen:
            problem(r, ID, rec_id, _("this recommendation is already in row {row}; keep one row "
                                     "per recommendation").format(row=seen[rec_id]))
            continue
        seen[rec_id] = r
        given = texts.get(TEXT, "")
        if given and " ".join(fold(given).split()) != " ".join(fold(rec.text).split()):
            problem(r, TEXT, given, _("the text of the recommendation was changed; the report "
                                      "is on the recommendation as the conclusion gives it: "
                                      "put back its text ({text})").format(text=rec.text))
            continue
        if rec.withdrawn and any(reported.values()):
            problem(r, ID, rec_id, _("this recommendation was withdrawn from the conclusion; "
                                     "nothing is reported on it"))
            continue
        update = _update(sheet, r, columns, reported, rec, today, problem)
        if update is None:
            if not any(reported.values()):
                report.blank += 1
            continue
        report.updates.append((rec_id, update))
    report.problems.sort(key=lambda p: (p.row, p.column or 0))


def _update(sheet: Sheet, r: int, columns: dict[str, int], reported: dict[str, str],
            rec: Tracked, today: dt.date, problem) -> Update | None:
    """The report of one row, or None (the problems added) when it is blank or bad."""
    if not reported[STATUS]:
        if any(reported.values()):
            problem(r, STATUS, None, _("no new status: choose one of {statuses}").format(
                statuses=", ".join(model.STATUS_TEXT.values())))
        return None
    status = _status(reported[STATUS])
    bad = False
    if status is None:
        problem(r, STATUS, reported[STATUS], _("not a status; choose one of {statuses}").format(
            statuses=", ".join(model.STATUS_TEXT.values())))
        bad = True
    day = None
    if DATE in columns and (cell := sheet.cells.get((r, columns[DATE]))) is not None \
            and reported[DATE]:
        try:
            day = _date(cell)
        except ValueError as exc:
            problem(r, DATE, reported[DATE], str(exc))
            bad = True
        else:
            if status == model.DONE and day > today:
                problem(r, DATE, reported[DATE], _(
                    "a day still to come: a recommendation is carried out on a day that has "
                    "come (today is {today})").format(today=short_date(today)))
                bad = True
    if status == model.NOT_FEASIBLE and not reported[REASON]:
        problem(r, REASON, None, _("say why it cannot be carried out"))
        bad = True
    if bad:
        return None

    def one_line(name: str) -> str | None:
        return clean_text(reported[name]).strip() or None

    return Update(status=status, date=day, done=one_line(DONE), reason=one_line(REASON),
                  documents=one_line(DOCUMENTS))


@value
class Imported:
    """What importing a follow-up form did."""

    added: int  # reports added to the register
    same: int  # reports the register already had (the form imported before)
    blank: int  # recommendations the unit left without a new status
    warnings: tuple[str, ...] = ()


def import_form(ws, campaign_id: str, visit: Visit, path: Path, display: str, *,
                by: str | None, today: dt.date | None = None) -> Imported:
    """Read a filled follow-up form into the register of the unit of `visit`: every report
    or none. A report the register already has is not added twice."""
    from . import store

    today = today or dt.date.today()
    problems: list = []
    register = store.read_unit(ws, visit.unit.slug, visit.unit.name, problems)
    if register is None:
        from ..errors import InvalidFiles

        raise InvalidFiles(problems)
    report = read_form(path, register, campaign_id, display, today=today)
    if report.problems:
        lines = [str(p) for p in report.problems] + report.warnings
        lines.append(_("{count} problem(s): nothing was imported. Correct the cells and import "
                       "again.").format(count=len(report.problems)))
        raise ExportError("\n".join(lines))
    via = f"form {Path(display).name}"
    updates = [(rec_id, Update(status=u.status, date=u.date, done=u.done, reason=u.reason,
                               documents=u.documents, reported_by=visit.unit.name,
                               recorded_by=by, via=via))
               for rec_id, u in report.updates]
    done = store.add_updates(ws, visit.unit.slug, visit.unit.name, updates, today=today,
                             skip_same=True) if updates else []
    added = sum(1 for _rec, was_added in done if was_added)
    return Imported(added, len(done) - added, report.blank, tuple(report.warnings))
