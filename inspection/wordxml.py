"""Word tables built as WordprocessingML text, for tables whose shape comes from the data.

The indicator table of an outline (Phụ lục) has as many label columns as its rows are deep
and a column per period; the summary report has a column per unit. A template places such a
table with `{{p name }}` on a paragraph of its own; the table's XML is written here with every
text escaped, merges (`gridSpan`, `vMerge`) set explicitly, and header rows repeated on each page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

CM = 567  # twips (dxa) per centimetre
TABLE_STYLE = "ChuTrongBang"


def cm(value: float) -> int:
    """Centimetres in twips, the unit of widths in WordprocessingML."""
    return round(value * CM)


def _text_runs(text: str, rpr: str) -> str:
    parts = []
    for i, line in enumerate(text.replace("\t", " ").split("\n")):
        if i:
            parts.append("<w:br/>")
        if line:
            parts.append(f'<w:t xml:space="preserve">{escape(line)}</w:t>')
    return f"<w:r>{rpr}{''.join(parts)}</w:r>" if parts else ""


def paragraph(text: str, *, size: float = 12, bold: bool = False, italic: bool = False,
              align: str = "left", before: int = 0, after: int = 0, keep_next: bool = False) -> str:
    """One paragraph with direct formatting (no indent, single spacing)."""
    half_points = round(size * 2)
    rpr = "<w:rPr>" + ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "") + \
        f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
    # The style is the templates' "Chữ trong bảng"; the direct formatting makes the table look
    # the same in a template that lacks it.
    keep = "<w:keepNext/>" if keep_next else ""
    ppr = (f'<w:pPr><w:pStyle w:val="{TABLE_STYLE}"/>{keep}<w:spacing w:before="{before}" '
           f'w:after="{after}" '
           f'w:line="240" w:lineRule="auto"/><w:ind w:left="0" w:right="0" w:firstLine="0"/>'
           f'<w:jc w:val="{align}"/>{rpr}</w:pPr>')
    return f"<w:p>{ppr}{_text_runs(text, rpr)}</w:p>"


@dataclass(frozen=True)
class Cell:
    """A cell: its text (one paragraph per item; "\\n" breaks a line), merges and look."""

    text: str | tuple[str, ...] = ""
    span: int = 1  # columns it covers (gridSpan)
    merge: str | None = None  # "restart" starts a vertical merge, "continue" extends it
    bold: bool = False
    italic: bool = False
    align: str = "left"  # left, center, right, both
    keep_next: bool = False  # keep on the page of the row below (a heading row)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return (self.text,) if isinstance(self.text, str) else (self.text or ("",))


@dataclass(frozen=True)
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
        width = sum(self.widths[start:start + cell.span])
        props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
        if cell.span > 1:
            props.append(f'<w:gridSpan w:val="{cell.span}"/>')
        if cell.merge == "restart":
            props.append('<w:vMerge w:val="restart"/>')
        elif cell.merge == "continue":
            props.append("<w:vMerge/>")
        props.append('<w:vAlign w:val="center"/>')
        texts = ("",) if cell.merge == "continue" else cell.paragraphs
        body = "".join(paragraph(t, size=self.size, bold=cell.bold or header, italic=cell.italic,
                                 align="center" if header else cell.align, before=30, after=30,
                                 keep_next=cell.keep_next)
                       for t in texts)
        return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{body}</w:tc>"

    def _row(self, cells: tuple[Cell, ...], header: bool) -> str:
        trpr = "<w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "") + "</w:trPr>"
        out, column = [], 0
        for cell in cells:
            out.append(self._cell(cell, column, header))
            column += cell.span
        return f"<w:tr>{trpr}{''.join(out)}</w:tr>"

    def xml(self) -> str:
        border = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        borders = "".join(border.format(side=side) for side in
                          ("top", "left", "bottom", "right", "insideH", "insideV"))
        tblpr = (f'<w:tblPr><w:tblW w:w="{sum(self.widths)}" w:type="dxa"/><w:jc w:val="center"/>'
                 f"<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
                 '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
                 '</w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
                 'w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>')
        grid = "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in self.widths) + \
            "</w:tblGrid>"
        rows = "".join(self._row(r, True) for r in self.header) + \
            "".join(self._row(r, False) for r in self.rows)
        before = "".join(paragraph(t, size=13, bold=True, align="center", before=120, after=60,
                                   keep_next=True)
                         for t in self.caption)
        after = "".join(paragraph(t, size=11, italic=True, align="left", before=60)
                        for t in self.note)
        # A paragraph after every table: Word merges two tables that touch into one.
        return f"{before}<w:tbl>{tblpr}{grid}{rows}</w:tbl>{after}" + \
            (paragraph("", size=6) if not self.note else "")

    def __str__(self) -> str:
        return self.xml()

    def __html__(self) -> str:
        # Jinja's autoescape asks for this: the XML is already escaped, piece by piece.
        return self.xml()


@dataclass(frozen=True)
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
