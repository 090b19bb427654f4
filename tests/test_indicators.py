"""`inspection indicators form/import/set/show`: the Excel form, and good and bad forms read back."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLE, assert_clean_failure, build_tree, commune_files

from inspection.files.workspace import Workspace
from inspection.indicators.reading import read_form
from inspection.model.lookup import find_visit
from inspection.recording.store import FindingsStore

YB = "bhxh-tinh-yen-bai"


@pytest.fixture
def sample_ws(tmp_path: Path) -> Path:
    """The example campaign with its sample findings."""
    target = tmp_path / "sample"
    shutil.copytree(EXAMPLE, target)
    return target


def record(ws: Path, unit: str = "Yên Bái"):
    workspace = Workspace(ws)
    loaded = workspace.load()
    store = FindingsStore(workspace, loaded)
    return store.read(find_visit(loaded.campaign, unit))


def figures(ws: Path, unit: str = "Yên Bái", field: str = "reported") -> dict:
    return {key: getattr(e.value, field) for key, e in record(ws, unit).indicators.items()
            if getattr(e.value, field) is not None}


class Form:
    """A form made by `inspection indicators form`, opened for filling in as a unit would."""

    def __init__(self, path: Path):
        self.path = path
        self.wb = openpyxl.load_workbook(path)
        self.sheet = self.wb["Chỉ tiêu"]
        header = next(r for r in range(1, 20) if self.sheet.cell(r, 1).value == "STT")
        self.header = header
        self.cols = {self.sheet.cell(header, c).value: c for c in range(1, self.sheet.max_column + 1)
                     if self.sheet.cell(header, c).value}
        id_col = self.cols["Mã chỉ tiêu (không sửa)"]
        self.rows = {self.sheet.cell(r, id_col).value: r
                     for r in range(header + 1, self.sheet.max_row + 1) if self.sheet.cell(r, id_col).value}

    def cell(self, row_id: str, column: str):
        return self.sheet.cell(self.rows[row_id], self.cols[column])

    def set(self, row_id: str, column: str, value, number_format: str | None = None):
        cell = self.cell(row_id, column)
        cell.value = value
        if number_format:
            cell.number_format = number_format
        return cell

    def save(self, path: Path | None = None) -> Path:
        target = path or self.path
        self.wb.save(target)
        return target


def make_form(run, ws: Path, unit: str = "Yên Bái") -> Form:
    result = run("indicators", "form", unit, "-w", ws)
    assert result.exit_code == 0, result.output
    slug = find_visit(Workspace(ws).load().campaign, unit).unit.slug
    return Form(ws / "output" / f"bieu-chi-tieu-{slug}.xlsx")


Y21, Y22, NOTES = "Năm 2021", "Những tháng đầu năm 2022", "Ghi chú"


# -- the form ------------------------------------------------------------------------


def test_the_form_is_the_outline_table_with_the_unit_name_and_periods_as_columns(run, ws):
    result = run("indicators", "form", "Yên Bái", "-w", ws)
    assert result.exit_code == 0, result.output
    path = ws / "output" / "bieu-chi-tieu-bhxh-tinh-yen-bai.xlsx"
    assert result.output == f"Wrote {path} (BHXH tỉnh Yên Bái).\n"
    form = Form(path)
    sheet = form.sheet
    assert sheet["A1"].value == "BHXH TỈNH YÊN BÁI"
    assert sheet["A2"].value == "BÁO CÁO KẾT QUẢ THỰC HIỆN CÔNG TÁC THÔNG TIN, TRUYỀN THÔNG NĂM 2021"
    assert sheet["A3"].value == "VÀ NHỮNG THÁNG ĐẦU NĂM 2022"
    header = [sheet.cell(form.header, c).value for c in range(1, 10)]
    assert header == ["STT", "Nội dung", None, None, "Đơn vị tính", Y21, Y22, NOTES,
                      "Mã chỉ tiêu (không sửa)"]
    # one row per leaf, in table order, mapped by id
    assert list(form.rows)[:4] == ["1", "2.1.1", "2.1.2", "2.2.1"]
    assert len(form.rows) == 41 and "3.2.3.3" in form.rows and "2" not in form.rows
    merged = {str(m) for m in sheet.merged_cells.ranges}
    first = form.header + 1
    assert f"B{form.header}:D{form.header}" in merged           # Nội dung spans the label columns
    assert f"B{first}:D{first}" in merged                       # row 1 has no group
    assert f"B{first + 1}:B{first + 5}" in merged               # group 2 spans its five rows
    assert f"A{first + 1}:A{first + 5}" in merged               # STT 2 too
    assert sheet.cell(first + 1, 1).value == "2"
    assert sheet.cell(first + 1, 2).value.startswith("Kết quả thực hiện các mục tiêu")
    assert form.cell("2.1.1", "Đơn vị tính").value == "%"
    assert form.cell("3.2.1", "Đơn vị tính").value == "hội nghị"
    assert form.cell("7.3", "Đơn vị tính").value == "(ghi bằng chữ)"
    # ready to print and to fill in
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.print_area.startswith("'Chỉ tiêu'!$A$1:$H$")  # the id column (I) is not printed
    assert sheet.freeze_panes == f"F{first}"
    assert sheet.cell(first, 2).alignment.wrap_text
    rules = {dv.type: (dv.formula1, dv.formula2, set(str(dv.sqref).split()))
             for dv in sheet.data_validations.dataValidation}
    assert rules["decimal"][:2] == ("0", "100")                   # percentages
    assert {f"F{first + 1}", f"G{first + 1}"} <= rules["decimal"][2]
    assert rules["whole"][0] == "0" and f"F{first}" in rules["whole"][2]   # counts
    assert "NGƯỜI LẬP BIỂU" in [c.value for c in sheet[sheet.max_row - 1]]


def test_the_form_is_prefilled_with_what_the_unit_reported(run, ws):
    assert run("indicators", "set", "Yên Bái", "3.2.1", "2021", "152", "-w", ws).exit_code == 0
    assert run("indicators", "set", "Yên Bái", "2.1.1", "2022", "85,5", "--note", "Theo danh sách",
               "-w", ws).exit_code == 0
    assert run("indicators", "set", "Yên Bái", "7.3", "2021", "Cuộc thi trên Zalo", "-w", ws).exit_code == 0
    assert run("indicators", "set", "Yên Bái", "3.2.2", "2021", "999", "--verified", "-w", ws).exit_code == 0
    form = make_form(run, ws)
    assert form.cell("3.2.1", Y21).value == 152
    assert form.cell("2.1.1", Y22).value == 85.5
    assert form.cell("2.1.1", NOTES).value == "Theo danh sách"
    assert form.cell("7.3", Y21).value == "Cuộc thi trên Zalo"
    assert form.cell("3.2.2", Y21).value is None  # verified figures are the team's, not the form's


def test_form_all_writes_one_form_per_unit_and_o_names_the_folder(run, ws, tmp_path):
    out = tmp_path / "gui-don-vi"
    result = run("indicators", "form", "--all", "-o", out, "-w", ws)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 8 and "bieu-chi-tieu-bhxh-tinh-hoa-binh.xlsx" in names
    assert all(re.fullmatch(r"[a-z0-9-]+\.xlsx", n) for n in names)
    assert Form(out / "bieu-chi-tieu-bhxh-tinh-hoa-binh.xlsx").sheet["A1"].value == "BHXH TỈNH HÒA BÌNH"


def test_form_o_names_the_file(run, ws, tmp_path):
    target = tmp_path / "bieu.xlsx"
    assert run("indicators", "form", "Lào Cai", "-o", target, "-w", ws).exit_code == 0
    assert Form(target).sheet["A1"].value == "BHXH TỈNH LÀO CAI"


def test_form_needs_a_unit_or_all(run, ws):
    result = run("indicators", "form", "-w", ws)
    assert result.exit_code == 2
    assert "name one unit, or use --all for every unit" in result.output


def test_a_commune_outline_gets_its_own_form(run, commune_ws):
    form = make_form(run, commune_ws, "Hồng Bàng")
    assert form.sheet["A1"].value == "PHƯỜNG HỒNG BÀNG"
    assert [form.sheet.cell(form.header, c).value for c in range(1, 7)] == [
        "STT", "Nội dung", None, "Đơn vị tính", "Tháng báo cáo", "Ghi chú"]
    assert list(form.rows) == ["1", "2.1", "2.2"]
    assert form.cell("1", "Đơn vị tính").value == "lượt"


def test_an_outline_without_a_table_has_no_form(run, tmp_path):
    files = commune_files()
    files["outlines/tuyen-truyen-xa.yaml"] = files["outlines/tuyen-truyen-xa.yaml"].split("    appendix:")[0]
    files["checklists/tuyen-truyen-xa.yaml"] = files["checklists/tuyen-truyen-xa.yaml"].replace(
        ', indicators: ["1"]', "")
    files["outlines/tuyen-truyen-xa.yaml"] = files["outlines/tuyen-truyen-xa.yaml"].replace(
        '            indicators: ["1"]\n', "")
    ws = build_tree(tmp_path / "ws", files)
    result = run("indicators", "form", "Hồng Bàng", "-w", ws)
    assert_clean_failure(result)
    assert "the outline tuyen-truyen-xa has no indicator table (appendix)" in result.output


# -- importing good forms -------------------------------------------------------------


@pytest.mark.parametrize("typed, row, stored", [
    ("85,5", "2.1.1", "85.5"),
    ("85.5", "2.1.1", "85.5"),
    ("85,5%", "2.1.1", "85.5"),
    (" 85,5 % ", "2.1.1", "85.5"),
    ("100", "2.1.1", "100"),
    ("1.234", "3.2.2", "1234"),
    ("1 234", "3.2.2", "1234"),
    ("1\u00a0234", "3.2.2", "1234"),
    ("1.234.567", "6.4", "1234567"),
    ("0", "3.4.1", "0"),
])
def test_figures_typed_as_text_are_read_as_a_vietnamese_user_means_them(run, ws, typed, row, stored):
    form = make_form(run, ws)
    form.set(row, Y21, typed)
    form.save()
    result = run("indicators", "import", "Yên Bái", form.path, "-w", ws)
    assert result.exit_code == 0, result.output
    assert figures(ws) == {(row, "2021"): stored}


def test_numbers_excel_stores_are_read_too_percent_formatted_cells_included(run, ws):
    form = make_form(run, ws)
    form.set("2.1.1", Y21, 0.855, "0.0%")        # "85,5%" typed into Excel is stored like this
    form.set("2.1.2", Y21, 85.5)
    form.set("3.2.2", Y21, 1234)
    form.set("3.2.2", Y22, 1234.0)
    form.set("2.2.1", Y21, 0.1 + 0.2)            # a float's noise is not kept
    form.save()
    result = run("indicators", "import", "Yên Bái", form.path, "-w", ws)
    assert result.exit_code == 0, result.output
    assert figures(ws) == {("2.1.1", "2021"): "85.5", ("2.1.2", "2021"): "85.5",
                           ("3.2.2", "2021"): "1234", ("3.2.2", "2022"): "1234",
                           ("2.2.1", "2021"): "0.3"}


def test_a_filled_form_is_imported_with_notes_and_a_summary(run, ws):
    form = make_form(run, ws)
    form.set("1", Y21, 7)
    form.set("1", Y22, "4")
    form.set("1", NOTES, "Gồm 02 nghị quyết của HĐND tỉnh")
    form.set("7.3", Y21, "Cuộc thi tìm hiểu chính sách BHXH trên Zalo")
    form.set("3.2.1", Y21, "-")                  # a dash is no figure
    form.save()
    result = run("indicators", "import", "Yên Bái", form.path, "-w", ws, "--by", "Lê Hoàng Long")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "BHXH tỉnh Yên Bái: 3 figure(s) imported as reported, 0 unchanged, 0 problem(s), 1 note(s).")
    assert f"row {form.rows['3.2.1']}, column F (Năm 2021): warning: '-' — read as no figure" in result.output
    rec = record(ws)
    assert figures(ws) == {("1", "2021"): "7", ("1", "2022"): "4",
                           ("7.3", "2021"): "Cuộc thi tìm hiểu chính sách BHXH trên Zalo"}
    assert rec.notes == {"1": "Gồm 02 nghị quyết của HĐND tỉnh"}
    assert rec.indicators[("1", "2021")].value.recorded_by == "Lê Hoàng Long"
    # importing the same form again changes nothing
    again = run("indicators", "import", "Yên Bái", form.path, "-w", ws)
    assert "0 figure(s) imported as reported, 3 unchanged, 0 problem(s)." in again.output


def test_empty_cells_keep_what_is_recorded_and_changes_keep_history(run, ws):
    assert run("indicators", "set", "Yên Bái", "3.2.1", "2021", "150", "-w", ws).exit_code == 0
    assert run("indicators", "set", "Yên Bái", "3.2.1", "2022", "80", "-w", ws).exit_code == 0
    form = make_form(run, ws)
    form.set("3.2.1", Y21, 152)                  # corrected by the unit
    form.set("3.2.1", Y22, None)                 # cleared: means "no figure", not zero
    form.save()
    result = run("indicators", "import", "Yên Bái", form.path, "-w", ws)
    assert "1 figure(s) imported as reported, 0 unchanged" in result.output
    entry = record(ws).indicators[("3.2.1", "2021")]
    assert entry.value.reported == "152" and [v.reported for v in entry.history] == ["150"]
    assert figures(ws)[("3.2.1", "2022")] == "80"


def test_verified_figures_are_kept_apart_from_reported_ones(run, ws):
    assert run("indicators", "set", "Yên Bái", "3.2.1", "2021", "150", "-w", ws).exit_code == 0
    form = make_form(run, ws)
    form.set("3.2.1", Y21, 142)
    form.save()
    result = run("indicators", "import", "Yên Bái", form.path, "--verified", "-w", ws)
    assert "1 figure(s) imported as verified" in result.output
    value = record(ws).indicators[("3.2.1", "2021")].value
    assert (value.reported, value.verified) == ("150", "142")


def test_a_changed_note_is_replaced_and_the_old_one_is_shown(run, ws):
    assert run("indicators", "set", "Yên Bái", "1", "2021", "7", "--note", "Cũ", "-w", ws).exit_code == 0
    form = make_form(run, ws)
    form.set("1", NOTES, "Mới")
    form.save()
    result = run("indicators", "import", "Yên Bái", form.path, "-w", ws)
    assert result.exit_code == 0
    assert "note of row 1 replaced; it was: Cũ" in result.output
    assert record(ws).notes == {"1": "Mới"}


def test_rows_retyped_without_ids_and_in_another_order_are_matched_by_label(run, ws, tmp_path):
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.title = "Số liệu"
    sheet.append(["Báo cáo của BHXH tỉnh Yên Bái"])
    sheet.append([])
    sheet.append(["STT", "Nội dung", None, "Năm 2021", "Những tháng đầu năm 2022", "Ghi chú"])
    sheet.append([None, "Số người tham dự", None, 5400, 2100])       # 3.2.3.2, not 3.2.2
    sheet.append([None, "Tổng số người tham dự", None, "12.500", "6 100"])
    sheet.append([None, "Riêng về BHXHTN, BHYT HGD (HN khách hàng)", "Số HN", 40, 12])
    sheet.append(["1", "Số lượng văn bản BHXH tỉnh đã tham mưu, đề xuất với Tỉnh ủy, UBND, HĐND",
                  None, 6, None, "Có 1 nghị quyết"])
    sheet.append([])
    sheet.append([None, "Người lập biểu", None, None, "Giám đốc"])  # below the table: ignored
    path = tmp_path / "tu-lam.xlsx"
    wb.save(path)
    result = run("indicators", "import", "Yên Bái", path, "-w", ws)
    assert result.exit_code == 0, result.output
    assert figures(ws) == {("3.2.3.2", "2021"): "5400", ("3.2.3.2", "2022"): "2100",
                           ("3.2.2", "2021"): "12500", ("3.2.2", "2022"): "6100",
                           ("3.2.3.1", "2021"): "40", ("3.2.3.1", "2022"): "12",
                           ("1", "2021"): "6"}
    assert record(ws).notes == {"1": "Có 1 nghị quyết"}


def test_reordered_rows_are_matched_by_id(run, ws, tmp_path):
    form = make_form(run, ws)
    form.set("3.2.1", Y21, 10)
    form.set("6.4", Y21, 20)
    sheet = form.sheet
    a, b = form.rows["3.2.1"], form.rows["6.4"]
    for c in range(1, 10):  # swap two rows' contents, as a sort would
        x, y = sheet.cell(a, c), sheet.cell(b, c)
        if type(x).__name__ == "Cell" and type(y).__name__ == "Cell":
            x.value, y.value = y.value, x.value
    form.save()
    assert run("indicators", "import", "Yên Bái", form.path, "-w", ws).exit_code == 0
    assert figures(ws) == {("3.2.1", "2021"): "10", ("6.4", "2021"): "20"}


def _with_cached_value(path: Path, cell: str, value: str) -> None:
    """Give a formula cell the result Excel would have saved with it (openpyxl cannot)."""
    data = io.BytesIO(path.read_bytes())
    out = io.BytesIO()
    with zipfile.ZipFile(data) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = content.decode("utf-8")
                text, n = re.subn(rf'(<c r="{cell}"[^>]*>\s*<f>[^<]*</f>)\s*<v\s*(/>|></v>)',
                                  rf"\1<v>{value}</v>", text)
                assert n == 1
                content = text.encode("utf-8")
            dst.writestr(info, content)
    path.write_bytes(out.getvalue())


def test_a_formula_is_read_by_the_result_excel_saved(run, ws):
    form = make_form(run, ws)
    form.set("3.2.1", Y21, 100)
    form.set("3.2.1", Y22, 52)
    total = form.set("3.2.4", Y21, f"=F{form.rows['3.2.1']}+G{form.rows['3.2.1']}")
    form.save()
    _with_cached_value(form.path, total.coordinate, "152")
    result = run("indicators", "import", "Yên Bái", form.path, "-w", ws)
    assert result.exit_code == 0, result.output
    assert figures(ws)[("3.2.4", "2021")] == "152"


def test_csv_with_bom_and_semicolons_is_imported(run, ws, tmp_path):
    path = tmp_path / "bieu.csv"
    text = ("sep=;\r\nSTT;Nội dung;;;Đơn vị tính;Năm 2021;Những tháng đầu năm 2022;Ghi chú;"
            "Mã chỉ tiêu (không sửa)\r\n"
            "1;Số lượng văn bản;;;văn bản;7;4;Có ghi chú;1\r\n"
            ";;;;%;85,5;90;;2.1.1\r\n"
            ";;;;người;1.234;;;3.2.2\r\n")
    path.write_bytes(text.encode("utf-8-sig"))
    result = run("indicators", "import", "Yên Bái", path, "-w", ws)
    assert result.exit_code == 0, result.output
    assert figures(ws) == {("1", "2021"): "7", ("1", "2022"): "4", ("2.1.1", "2021"): "85.5",
                           ("2.1.1", "2022"): "90", ("3.2.2", "2021"): "1234"}


def _cp1258(text: str) -> bytes:
    """Text as Windows-1258 stores it: letters with their shape, tone marks as combining marks."""
    import unicodedata
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_csv_from_a_vietnamese_windows_excel_is_read_with_a_warning(run, ws, tmp_path):
    path = tmp_path / "bieu.csv"
    path.write_bytes(_cp1258("STT,Nội dung,Năm 2021,Những tháng đầu năm 2022,Ghi chú,Mã chỉ tiêu\n"
                             "1,Số lượng văn bản,7,,Đã đối chiếu,1\n"))
    result = run("indicators", "import", "Yên Bái", path, "-w", ws)
    assert result.exit_code == 0, result.output
    assert (f"{path}: the file is not UTF-8; it was read as Windows-1258 (Vietnamese, as Excel "
            "saves \"CSV\" on a Vietnamese Windows). Check the Vietnamese letters, or save it again "
            "from Excel as \"CSV UTF-8 (Comma delimited)\".") in result.output
    assert figures(ws) == {("1", "2021"): "7"}
    assert record(ws).notes == {"1": "Đã đối chiếu"}


def test_csv_in_windows_1252_is_read_with_a_warning(run, ws, tmp_path):
    path = tmp_path / "bieu.csv"
    path.write_bytes("id,2021,2022\n1,7,\n3.2.2,1.234,Ž\n".encode("cp1252"))
    result = run("indicators", "import", "Yên Bái", path, "-w", ws)
    assert_clean_failure(result)  # Ž is not a number; the file was still read
    assert "it was read as Windows-1252 (Western European)" in result.output
    assert "row 3, column C (Những tháng đầu năm 2022): 'Ž' — not a number" in result.output


# -- bad forms: every bad cell listed, nothing imported ---------------------------------------


def _unchanged(ws: Path):
    return {p.name: p.read_bytes() for p in sorted((ws / "findings").glob("*.yaml"))}


def test_every_bad_cell_is_listed_and_nothing_is_imported(run, sample_ws):
    before = _unchanged(sample_ws)
    assert len(before) == 8  # the example's sample findings are there, and must stay as they are
    form = make_form(run, sample_ws)
    r = form.rows
    form.set("1", Y21, 8)                          # a good cell: not imported either
    form.set("3.2.1", Y21, "12,5")
    form.set("3.2.1", Y22, -3)
    form.set("2.2.3", Y22, 120)
    form.set("2.2.2", Y21, "101%")
    form.set("4.2", Y21, "mười hai")
    form.set("3.2.2", Y22, "85,5%")
    form.set("6.4", Y21, "=SUM(F6:F7)")
    form.set("9.1", Y21, "#DIV/0!")
    import datetime as dt
    form.set("9.2", Y21, dt.datetime(2022, 5, 1), "dd/mm/yyyy")
    form.save()
    result = run("indicators", "import", "Yên Bái", form.path, "-w", sample_ws)
    assert_clean_failure(result)
    f = f"{form.path}: sheet 'Chỉ tiêu'"
    assert result.output.splitlines() == [
        f"Error: {f}, row {r['2.2.2']}, column F (Năm 2021): '101%' — a percentage must be between 0 and 100",
        f"{f}, row {r['2.2.3']}, column G (Những tháng đầu năm 2022): '120' — a percentage must be between 0 and 100",
        f"{f}, row {r['3.2.1']}, column F (Năm 2021): '12,5' — a count must be a whole number",
        f"{f}, row {r['3.2.1']}, column G (Những tháng đầu năm 2022): '-3' — a count cannot be negative",
        f"{f}, row {r['3.2.2']}, column G (Những tháng đầu năm 2022): '85,5%' — a % sign only belongs in a percentage",
        f"{f}, row {r['4.2']}, column F (Năm 2021): 'mười hai' — not a number: write the figure only, e.g. 1.234 or 85,5",
        f"{f}, row {r['6.4']}, column F (Năm 2021): '=SUM(F6:F7)' — a formula whose result is not saved in the "
        "file; open the file in Excel or LibreOffice, let it calculate, save it, and import again",
        f"{f}, row {r['9.1']}, column F (Năm 2021): '#DIV/0!' — Excel shows an error in this cell; correct the "
        "formula or type the figure",
        f"{f}, row {r['9.2']}, column F (Năm 2021): '01/05/2022' — Excel turned this into a date; type the "
        "figure again (e.g. 85,5) in a cell formatted as Number",
        "9 problem(s): nothing was imported. Correct the cells and import again. Add --partial to "
        "import the other cells all the same.",
    ]
    assert _unchanged(sample_ws) == before


def test_partial_imports_the_good_cells_and_lists_the_bad_ones(run, ws):
    form = make_form(run, ws)
    form.set("1", Y21, 8)
    form.set("3.2.1", Y21, "12,5")
    form.save()
    result = run("indicators", "import", "Yên Bái", form.path, "--partial", "-w", ws)
    assert result.exit_code == 0, result.output
    assert "'12,5' — a count must be a whole number (skipped)" in result.output
    assert result.output.splitlines()[-1] == (
        "BHXH tỉnh Yên Bái: 1 figure(s) imported as reported, 0 unchanged, 1 problem(s).")
    assert figures(ws) == {("1", "2021"): "8"}


def test_merged_cells_over_figures_are_refused(run, ws):
    form = make_form(run, ws)
    top, bottom = form.rows["3.3.1"], form.rows["3.3.2"]
    form.sheet.merge_cells(f"F{top}:F{bottom}")
    form.sheet[f"F{top}"] = 40
    form.save()
    result = run("indicators", "import", "Yên Bái", form.path, "-w", ws)
    assert_clean_failure(result)
    assert (f"sheet 'Chỉ tiêu', row {top}, column F (Năm 2021): cells F{top}:F{bottom} are merged over "
            "the figures; unmerge them so that each indicator has its own cell") in result.output
    assert "1 problem(s): nothing was imported" in result.output


def test_unknown_ids_duplicates_and_groups_are_refused(run, ws):
    form = make_form(run, ws)
    sheet = form.sheet
    id_col = form.cols["Mã chỉ tiêu (không sửa)"]
    sheet.cell(form.rows["3.3.1"], id_col).value = "3.3.9"
    sheet.cell(form.rows["3.3.2"], id_col).value = "3.3"
    sheet.cell(form.rows["6.2"], id_col).value = "6.1"
    for row in ("3.3.1", "3.3.2", "6.1", "6.2"):
        form.set(row, Y21, 5)
    form.save()
    result = run("indicators", "import", "Yên Bái", form.path, "-w", ws)
    assert_clean_failure(result)
    r = form.rows
    assert f"row {r['3.3.1']}, column I (Mã chỉ tiêu): '3.3.9' — no indicator of the table has this id" in result.output
    assert (f"row {r['3.3.2']}, column I (Mã chỉ tiêu): '3.3' — 3.3 is a group; its figures go in "
            "the rows under it") in result.output
    assert (f"row {r['6.2']}, column I (Mã chỉ tiêu): '6.1' — indicator 6.1 is already in row "
            f"{r['6.1']}; keep one row per indicator") in result.output
    assert figures(ws) == {}


def test_a_sheet_without_the_form_header_is_refused(run, ws, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Họ tên", "Số điện thoại"])
    wb.active.append(["Nguyễn Văn A", "0912345678"])
    path = tmp_path / "danh-ba.xlsx"
    wb.save(path)
    result = run("indicators", "import", "Yên Bái", path, "-w", ws)
    assert_clean_failure(result)
    assert (f"{path}: no sheet of the workbook has the header row of the indicator form (a row with "
            "the columns Nội dung, Năm 2021, Những tháng đầu năm 2022, Ghi chú, Mã chỉ tiêu). Is this "
            "the right file? A new form is made by `inspection indicators form UNIT`.") in result.output


def test_a_truncated_workbook_is_refused(run, ws):
    form = make_form(run, ws)
    data = form.path.read_bytes()
    form.path.write_bytes(data[: len(data) // 2])
    result = run("indicators", "import", "Yên Bái", form.path, "-w", ws)
    assert_clean_failure(result)
    assert f"{form.path}: cannot be read as an Excel workbook (.xlsx): it is damaged, incomplete or " \
           "not a workbook" in result.output


@pytest.mark.parametrize("name, content, message", [
    ("khac.csv", "Họ tên;Số điện thoại\nNguyễn Văn A;0912345678\n".encode(),
     "the file has no header row of the indicator form (a row with the columns"),
    ("bieu.xlsx", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "this is a PDF, not a spreadsheet."),
    ("bieu.xlsx", "STT,Nội dung\n".encode(),
     "this is not an Excel workbook, though its name ends in .xlsx"),
], ids=["csv-without-header", "pdf-named-xlsx", "text-named-xlsx"])
def test_a_file_that_is_not_a_form_is_refused(run, ws, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = run("indicators", "import", "Yên Bái", path, "-w", ws)
    assert_clean_failure(result)
    assert f"{path}: {message}" in result.output


def _ole2(*streams: str) -> bytes:
    """The start of an OLE2 compound file naming `streams` in its directory, as Office writes."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64 for name in streams)
    return header + directory


def test_a_password_protected_workbook_is_refused_with_how_to_fix_it(run, ws, tmp_path):
    path = tmp_path / "bieu.xlsx"
    path.write_bytes(_ole2("Root Entry", "EncryptionInfo", "EncryptedPackage"))
    result = run("indicators", "import", "Yên Bái", path, "-w", ws)
    assert_clean_failure(result)
    assert f"{path}: the workbook is protected by a password, so it cannot be read." in result.output


def test_a_really_encrypted_workbook_is_refused(run, ws, tmp_path):
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    form = make_form(run, ws)
    plain = io.BytesIO(form.path.read_bytes())
    secret = tmp_path / "mat-khau.xlsx"
    with open(secret, "wb") as out:
        ooxml.OOXMLFile(plain).encrypt("123456", out)
    result = run("indicators", "import", "Yên Bái", secret, "-w", ws)
    assert_clean_failure(result)
    assert "the workbook is protected by a password" in result.output


def test_an_old_xls_workbook_is_refused(run, ws, tmp_path):
    path = tmp_path / "bieu.xls"
    path.write_bytes(_ole2("Root Entry", "Workbook"))
    result = run("indicators", "import", "Yên Bái", path, "-w", ws)
    assert_clean_failure(result)
    assert f"{path}: this is an old Excel 97-2003 workbook (.xls)." in result.output


def test_a_missing_file_and_a_folder_are_refused(run, ws, tmp_path):
    result = run("indicators", "import", "Yên Bái", tmp_path / "khong-co.xlsx", "-w", ws)
    assert_clean_failure(result)
    assert f"{tmp_path / 'khong-co.xlsx'}: the file does not exist" in result.output
    result = run("indicators", "import", "Yên Bái", tmp_path, "-w", ws)
    assert_clean_failure(result)
    assert f"{tmp_path}: this is a folder, not a file" in result.output


def test_a_form_made_for_another_unit_is_refused_unless_asked(run, ws):
    form = make_form(run, ws, "Lào Cai")
    form.set("1", Y21, 3)
    form.save()
    result = run("indicators", "import", "Yên Bái", form.path, "-w", ws)
    assert_clean_failure(result)
    assert (f"{form.path}: this form was made for BHXH tỉnh Lào Cai, not BHXH tỉnh Yên Bái; nothing "
            "was imported.") in result.output
    assert "Check the unit. Add --any-unit if the unit really filled in another unit's form." \
        in result.output
    assert figures(ws) == {}
    result = run("indicators", "import", "Yên Bái", form.path, "--any-unit", "-w", ws)
    assert result.exit_code == 0, result.output
    assert figures(ws) == {("1", "2021"): "3"}


def test_read_form_is_usable_as_a_library(ws, run):
    form = make_form(run, ws)
    form.set("1", Y21, 7)
    form.set("1", NOTES, "ghi chú")
    form.save()
    table = Workspace(ws).load().outline.appendix
    content = read_form(form.path, table)
    assert [(f.row, f.period, f.value) for f in content.figures] == [("1", "2021", "7")]
    assert content.notes == {"1": "ghi chú"} and content.problems == []
    assert content.unit_mark == YB


# -- set and show -----------------------------------------------------------------------------


def test_set_records_reported_and_verified_apart_with_history(run, ws):
    result = run("indicators", "set", "Yên Bái", "2.1.1", "Năm 2021", "85,5", "-w", ws, "--by", "An")
    assert result.exit_code == 0, result.output
    assert result.output == ("BHXH tỉnh Yên Bái, 2.1.1 Tỷ lệ % CCVC, NLĐ làm công tác truyền thông "
                             "được tập huấn, bồi dưỡng, Năm 2021: reported 85,5%, verified —.\n")
    result = run("indicators", "set", "Yên Bái", "2.1.1", "2021", "80", "--verified", "-w", ws)
    assert result.output.endswith("reported 85,5%, verified 80%.\n")
    run("indicators", "set", "Yên Bái", "2.1.1", "2021", "86", "-w", ws)
    entry = record(ws).indicators[("2.1.1", "2021")]
    assert (entry.value.reported, entry.value.verified) == ("86", "80")
    assert [(v.reported, v.verified) for v in entry.history] == [("85.5", None), ("85.5", "80")]


def test_set_takes_words_for_text_rows_and_a_note(run, ws):
    result = run("indicators", "set", "Yên Bái", "7.3", "2022", "Livestream trên Fanpage", "--note",
                 "Xem đường dẫn", "-w", ws)
    assert result.exit_code == 0, result.output
    assert figures(ws) == {("7.3", "2022"): "Livestream trên Fanpage"}
    assert record(ws).notes == {"7.3": "Xem đường dẫn"}


@pytest.mark.parametrize("args, message", [
    (["9.9", "2021", "1"], "the indicator table has no row '9.9'; did you mean"),
    (["3", "2021", "1"], "row 3 is a group; figures go in the rows under it: 3.1.1, 3.1.2, 3.2.1"),
    (["3.2.1", "2023", "1"], "the indicator table has no period '2023'; its periods are: 2021 (Năm 2021), "
                             "2022 (Những tháng đầu năm 2022)"),
    (["3.2.1", "2021", "12,5"], "'12,5' — a count must be a whole number"),
    (["3.2.1", "2021", "-1"], "'-1' — a count cannot be negative"),
    (["2.1.1", "2021", "185"], "'185' — a percentage must be between 0 and 100"),
    (["3.2.1", "2021", "nhiều"], "'nhiều' — not a number: write the figure only, e.g. 1.234 or 85,5"),
    (["3.2.1", "2021", "1,234"], "'1,234' — a count must be a whole number (for one thousand and more, "
                                 "write 1.234 or 1234)"),
])
def test_set_refuses_what_does_not_fit(run, ws, args, message):
    result = run("indicators", "set", "Yên Bái", *args, "-w", ws)
    assert_clean_failure(result)
    assert message in result.output
    assert not (ws / "findings" / f"{YB}.yaml").exists()


def test_show_puts_reported_and_verified_side_by_side(run, ws):
    run("indicators", "set", "Yên Bái", "3.2.2", "2021", "12500", "-w", ws)
    run("indicators", "set", "Yên Bái", "3.2.2", "2021", "12450", "--verified", "-w", ws)
    run("indicators", "set", "Yên Bái", "2.1.1", "2022", "85,5", "--note", "Theo danh sách", "-w", ws)
    result = run("indicators", "show", "Yên Bái", "-w", ws)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("BHXH tỉnh Yên Bái — BÁO CÁO KẾT QUẢ")
    assert lines[1] == "2 figure(s) recorded."
    row = next(line for line in lines if line.startswith("3.2.2 "))
    assert re.search(r"người\s+12\.500\s+12\.450 ≠", row)
    row = next(line for line in lines if line.startswith("2.1.1 "))
    assert re.search(r"%\s+85,5%\s+Theo danh sách$", row)
    assert any(re.match(r"3\.2 +Kết quả thực hiện", line) for line in lines)  # groups shown too


def test_indicator_commands_do_not_load_openpyxl_before_they_need_it():
    import subprocess
    import sys

    from conftest import ROOT
    code = ("import sys; from inspection.cli import cli\n"
            "from inspection.cli import indicators\n"
            "from inspection.indicators import figures, form, reading\n"
            "from inspection.recording import evidence\n"
            "print(sorted({'openpyxl', 'pypdf', 'tablib'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stderr


@pytest.mark.parametrize("period, shown", [("Nam 2021", "Năm 2021"), ("năm 2021", "Năm 2021"),
                                           ("NHUNG THANG DAU NAM 2022", "Những tháng đầu năm 2022"),
                                           ("nhung-thang-dau-nam-2022", "Những tháng đầu năm 2022")])
def test_a_period_is_named_without_its_accents_as_a_unit_is(run, ws, period, shown):
    result = run("indicators", "set", "Yen Bai", "3.2.1", period, "152", "-w", ws)
    assert result.exit_code == 0, result.output
    assert f"{shown}: reported 152" in result.output


def test_a_period_that_is_no_period_is_refused_with_the_list(run, ws):
    result = run("indicators", "set", "Yên Bái", "3.2.1", "Nam 2020", "152", "-w", ws)
    assert result.exit_code == 1
    assert "no period 'Nam 2020'; its periods are: 2021 (Năm 2021), 2022 (Những tháng" in result.output
