"""Word tables built as WordprocessingML text, for tables whose shape comes from the data.

The indicator table of an outline (Phụ lục) has as many label columns as its rows are deep
and a column per period; the summary report has a column per unit. A template places such a
table with `{{p name }}` on a paragraph of its own; the table's XML is written here with every
text escaped, merges (`gridSpan`, `vMerge`) set explicitly, and header rows repeated on each page.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from ..values import field, value

CM = 567  # twips (dxa) per centimetre
TABLE_STYLE = "ChuTrongBang"
_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")
HEADER_LOOK = ('<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
               'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>')
PLAIN_LOOK = ('<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
              'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>')


def cm(value: float) -> int:
    """Centimetres in twips, the unit of widths in WordprocessingML."""
    return round(value * CM)


# -- the building blocks: runs, paragraphs, cells, rows, tables -------------------------------
# Shared by the generated tables below and by tools/build_templates.py, which writes the
# bundled templates.


def run_props(*, bold: bool = False, italic: bool = False, size: float | None = None) -> str:
    """A run's properties (<w:rPr>), or nothing when it has none."""
    props = ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
    if size:
        props += f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
    return f"<w:rPr>{props}</w:rPr>" if props else ""


def run(text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
        props: str | None = None, breaks: bool = True) -> str:
    """A run of escaped text; "\n" breaks the line (unless not `breaks`), a tab becomes a space."""
    rpr = run_props(bold=bold, italic=italic, size=size) if props is None else props
    if not breaks:
        return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
    lines = text.replace("\t", " ").split("\n")
    parts = []
    for i, line in enumerate(lines):
        if i:
            parts.append("<w:br/>")
        if line or len(lines) == 1:
            parts.append(f'<w:t xml:space="preserve">{escape(line)}</w:t>')
    return f"<w:r>{rpr}{''.join(parts)}</w:r>"


def paragraph_xml(body: str = "", *, style: str = "Normal", props: str = "") -> str:
    """A paragraph of the named style holding `body` (its runs); `props` are more of its properties."""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{props}</w:pPr>{body}</w:p>'


def cell_xml(width: int, body: str, *, span: int = 1, merge: str | None = None,
             valign: str | None = None) -> str:
    """A table cell `width` twips wide holding `body` (its paragraphs)."""
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if merge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif merge == "continue":
        props += "<w:vMerge/>"
    if valign:
        props += f'<w:vAlign w:val="{valign}"/>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>"


def row_xml(cells: str, *, header: bool = False) -> str:
    """A table row that never splits over two pages; a header row repeats on each page."""
    return f"<w:tr><w:trPr><w:cantSplit/>{'<w:tblHeader/>' if header else ''}</w:trPr>{cells}</w:tr>"


def table_xml(widths, rows: str, *, borders: bool = True, margins: int = 57,
              look: str = PLAIN_LOOK) -> str:
    """A centred table of fixed column `widths` (twips), bordered or not."""
    if borders:
        sides = "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                        for s in _SIDES)
    else:
        sides = "".join(f'<w:{s} w:val="nil"/>' for s in _SIDES)
    props = (f'<w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
             f'<w:tblBorders>{sides}</w:tblBorders><w:tblLayout w:type="fixed"/>'
             f'<w:tblCellMar><w:left w:w="{margins}" w:type="dxa"/><w:right w:w="{margins}" '
             f'w:type="dxa"/></w:tblCellMar>{look}</w:tblPr>')
    grid = "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
    return f"<w:tbl>{props}{grid}{rows}</w:tbl>"


def paragraph(text: str, *, size: float = 12, bold: bool = False, italic: bool = False,
              align: str = "left", before: int = 0, after: int = 0, keep_next: bool = False) -> str:
    """One paragraph of a generated table, with direct formatting (no indent, single spacing)."""
    rpr = run_props(bold=bold, italic=italic, size=size)
    # The style is the templates' "Chữ trong bảng"; the direct formatting makes the table look
    # the same in a template that lacks it.
    props = (("<w:keepNext/>" if keep_next else "") +
             f'<w:spacing w:before="{before}" w:after="{after}" w:line="240" w:lineRule="auto"/>'
             f'<w:ind w:left="0" w:right="0" w:firstLine="0"/><w:jc w:val="{align}"/>{rpr}')
    return paragraph_xml(run(text, props=rpr) if text else "", style=TABLE_STYLE, props=props)


@value
class Cell:
    """A cell: its text (one paragraph per item; "\\n" breaks a line), merges and look."""

    text: str | tuple[str, ...] = ""
    span: int = 1  # columns it covers (gridSpan)
    merge: str | None = None  # "restart" starts a vertical merge, "continue" extends it
    bold: bool = False
    italic: bool = False
    align: str = "left"  # left, center, right, both
    keep_next: bool = False  # keep on the page of the row below (a heading row; header rows are)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return (self.text,) if isinstance(self.text, str) else (self.text or ("",))


@value
class Table:
    """A bordered table with repeated header rows; `str(table)` is its WordprocessingML."""

    widths: tuple[int, ...]  # of the grid columns, in twips
    header: tuple[tuple[Cell, ...], ...]
    rows: tuple[tuple[Cell, ...], ...]
    size: float = 12  # font size in points
    caption: tuple[str, ...] = field(default=())  # bold centred paragraphs before the table
    note: tuple[str, ...] = field(default=())  # italic paragraphs after the table

    def __post_init__(self) -> None:
        for row in self.header + self.rows:
            covered = sum(cell.span for cell in row)
            if covered != len(self.widths):
                raise ValueError(f"a row covers {covered} columns of {len(self.widths)}")

    def _cell(self, cell: Cell, start: int, header: bool) -> str:
        texts = ("",) if cell.merge == "continue" else cell.paragraphs
        body = "".join(paragraph(t, size=self.size, bold=cell.bold or header, italic=cell.italic,
                                 align="center" if header else cell.align, before=30, after=30,
                                 keep_next=cell.keep_next or header)
                       for t in texts)
        return cell_xml(sum(self.widths[start:start + cell.span]), body, span=cell.span,
                        merge=cell.merge, valign="center")

    def _row(self, cells: tuple[Cell, ...], header: bool) -> str:
        out, column = [], 0
        for cell in cells:
            out.append(self._cell(cell, column, header))
            column += cell.span
        return row_xml("".join(out), header=header)

    def xml(self) -> str:
        rows = "".join(self._row(r, True) for r in self.header) + \
            "".join(self._row(r, False) for r in self.rows)
        before = "".join(paragraph(t, size=13, bold=True, align="center", before=120, after=60,
                                   keep_next=True)
                         for t in self.caption)
        after = "".join(paragraph(t, size=11, italic=True, align="left", before=60)
                        for t in self.note)
        # A paragraph after every table: Word merges two tables that touch into one.
        return f"{before}{table_xml(self.widths, rows, look=HEADER_LOOK)}{after}" + \
            (paragraph("", size=6) if not self.note else "")

    def __str__(self) -> str:
        return self.xml()

    def __html__(self) -> str:
        # Jinja's autoescape asks for this: the XML is already escaped, piece by piece.
        return self.xml()


@value
class Tables:
    """Several tables placed by one tag (e.g. one per period, or units in groups)."""

    items: tuple[Table, ...]

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __str__(self) -> str:
        return "".join(t.xml() for t in self.items) or paragraph("")

    def __html__(self) -> str:
        return str(self)
