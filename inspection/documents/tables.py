"""The tables whose columns come from the data: the indicator table (Phụ lục) of an outline,
the report's comparison of the units' figures, and the ratings per section and unit."""

from __future__ import annotations

from decimal import Decimal
from typing import Callable, Sequence

from ..model.outline import IndicatorRow, IndicatorTable
from ..vn import numbers as vn
from .views import clean as _t
from .wordxml import Cell, Table, cm

PORTRAIT_WIDTH = cm(21.0 - 3.0 - 1.5)  # A4 less the margins of the templates
LANDSCAPE_WIDTH = cm(29.7 - 3.0 - 1.5)
UNITS_PER_TABLE = 8
UNITS_AS_COLUMNS = 16  # beyond, the units become rows and the indicators columns
UNITS_IN_DETAIL = 100  # beyond, the report gives totals; each unit's figures are in the export
INDICATORS_PER_TABLE = 6


def label_columns(table: IndicatorTable) -> int:
    """How many label columns the table needs: the most labels on a path down to a leaf."""
    def depth(row: IndicatorRow) -> int:
        own = 1 if row.label else 0
        return own + (max(depth(c) for c in row.children) if row.children else 0)
    return max((depth(row) for row in table.rows), default=1) or 1


def _leaves(row: IndicatorRow, path: tuple[IndicatorRow, ...] = ()):
    path = path + ((row,) if row.label or not row.children else ())
    if row.children:
        for child in row.children:
            yield from _leaves(child, path)
    else:
        yield row, path


def _label_widths(total: int, count: int) -> list[int]:
    if count == 1:
        return [total]
    last = round(total * 0.42)
    each = (total - last) // (count - 1)
    return [each] * (count - 1) + [total - each * (count - 1)]


def _body(table: IndicatorTable, depth: int, values: Callable[[IndicatorRow], list[Cell]]
          ) -> list[tuple[Cell, ...]]:
    """Rows of the table body: STT and nested labels merged, then the cells `values` gives."""
    rows = []
    for number, top in enumerate(table.rows, 1):
        leaves = list(_leaves(top))
        for index, (leaf, path) in enumerate(leaves):
            cells = [Cell(str(number), merge=_merge(index, len(leaves)), align="center")]
            for level, node in enumerate(path):
                if node is leaf:
                    cells.append(Cell(_t(node.label), span=depth - level))
                else:
                    under = [i for i, (_, p) in enumerate(leaves) if node in p]
                    first = index == under[0]
                    cells.append(Cell(_t(node.label), merge=_merge(0 if first else 1, len(under))))
            rows.append(tuple(cells + values(leaf)))
    return rows


def _merge(index: int, count: int) -> str | None:
    if count <= 1:
        return None
    return "restart" if index == 0 else "continue"


def appendix_form(table: IndicatorTable, width: int = PORTRAIT_WIDTH) -> Table:
    """The indicator table as the unit receives it: the rows, a blank column per period, notes."""
    depth = label_columns(table)
    stt, period_w, notes_w = cm(1.2), cm(2.3), cm(2.2)
    labels = _label_widths(width - stt - period_w * len(table.periods) - notes_w, depth)
    header = (Cell("STT"), Cell("Nội dung", span=depth)) + \
        tuple(Cell(_t(p.label)) for p in table.periods) + (Cell(_t(table.notes_label)),)
    blank = [Cell("") for _ in table.periods] + [Cell("")]
    caption = tuple(t for t in (_t(table.title), _t(table.subtitle)) if t)
    return Table(widths=(stt, *labels, *([period_w] * len(table.periods)), notes_w),
                 header=(header,), rows=tuple(_body(table, depth, lambda leaf: list(blank))),
                 size=12, caption=caption)


_MARKS = ("", "- ", "+ ")


def figures_table(figures, width: int = PORTRAIT_WIDTH) -> Table | None:
    """The figures an item verifies, as the minutes print them: a row per indicator, under
    its group's heading row; per period the unit's figure and the team's (bold where they
    differ); a text answer in one wide cell across the periods, never in a number column; the
    unit's note (Ghi chú) in a row of its own under the indicator, as wide as the table."""
    if not figures:
        return None
    periods = [v.period_label for v in figures[0].values]
    value_w = cm(2.0)
    columns = 1 + 2 * len(periods)
    label_w = width - value_w * 2 * len(periods)
    widths = (label_w, *([value_w] * (2 * len(periods))))
    # the heading says what the figures are: no caption line above the table is needed
    header = ((Cell(("Chỉ tiêu", "(số liệu đơn vị báo cáo và số liệu Đoàn kiểm tra xác định)"),
                    merge="restart"),) +
              tuple(Cell(label, span=2) for label in periods),
              (Cell("", merge="continue"),) +
              tuple(c for _ in periods for c in (Cell("Đơn vị báo cáo"), Cell("Đoàn kiểm tra"))))
    rows: list[tuple[Cell, ...]] = []
    shown: tuple[str, ...] = ()
    for figure in figures:
        groups = figure.groups
        common = 0
        while common < min(len(groups), len(shown)) and groups[common] == shown[common]:
            common += 1
        # Nesting shows by the marks Vietnamese documents use: a group, "- " under it, "+ "
        # under a sub-group; a row back in the outer group reads as its own "- " again.
        for depth in range(common, len(groups)):
            rows.append((Cell(_MARKS[min(depth, 2)] + groups[depth], span=columns, italic=True,
                              keep_next=True),))
        shown = groups
        label = _MARKS[min(len(groups), 2)] + figure.label + \
            (f" ({figure.unit})" if figure.unit else "")
        if figure.kind == "text":
            text = "; ".join(
                (f"{v.period_label}: " if len(periods) > 1 else "") + (v.verified or v.reported)
                + (f" (đơn vị báo cáo: {v.reported})" if v.differs else "")
                for v in figure.values if v.reported or v.verified)
            rows.append((Cell(label, keep_next=bool(figure.note)),
                         Cell(text, span=2 * len(periods), keep_next=bool(figure.note))))
        else:
            cells = [Cell(label, keep_next=bool(figure.note))]
            for v in figure.values:
                cells += [Cell(v.reported, align="right", keep_next=bool(figure.note)),
                          Cell(v.verified, align="right", bold=v.differs,
                               keep_next=bool(figure.note))]
            rows.append(tuple(cells))
        if figure.note:
            rows.append((Cell(f"Ghi chú: {figure.note}", span=columns, italic=True),))
    return Table(widths=widths, header=header, rows=tuple(rows), size=10)


def combine(values: Sequence[Decimal], kind: str | None) -> str:
    """The total of counts and amounts, the mean of percentages; nothing for words."""
    if not values or kind == "text":
        return ""
    if kind == "percentage":
        return vn.vn_percent(mean(values))
    return vn.vn_number(sum(values))


def mean(values: Sequence[Decimal]) -> Decimal:
    """The mean to one decimal, without a trailing ",0": 75 and 75.5, not 75.0."""
    return (sum(values) / len(values)).quantize(Decimal("0.1")).normalize()


def _grouped(table: IndicatorTable, columns: int, values: Callable[[IndicatorRow], list[Cell]]
             ) -> list[tuple[Cell, ...]]:
    """Rows of a wide table: a group's label on a row of its own across the table (kept with
    the rows under it), each indicator on one row with its own label; "- " and "+ " show the
    nesting. No cell spans rows, so no label is cut off or left behind at a page break."""
    rows: list[tuple[Cell, ...]] = []
    for number, top in enumerate(table.rows, 1):
        def walk(row: IndicatorRow, depth: int, first: bool) -> None:
            stt = Cell(str(number) if first else "", align="center")
            label = _MARKS[min(depth, 2)] + _t(row.label or "")
            if row.children:
                if row.label:
                    rows.append((stt, Cell(label, span=columns - 1, italic=depth > 0,
                                           bold=depth == 0, keep_next=True)))
                    first = False
                for child in row.children:
                    walk(child, depth + (1 if row.label else 0), first)
                    first = False
            else:
                rows.append((stt, Cell(label)) + tuple(values(row)))
        walk(top, 0, True)
    return rows


def comparison(table: IndicatorTable, units: Sequence[tuple[str, Callable]], period_id: str,
               width: int = LANDSCAPE_WIDTH) -> list[Table]:
    """The figures of one period side by side, units as columns (several tables when there
    are many units); the last table ends with the total (counts) or the mean (percentages).

    `units` gives each unit's column heading and a function (row, period) -> (text, number).
    """
    period = table.period(period_id)
    chunks = [units[i:i + UNITS_PER_TABLE] for i in range(0, len(units), UNITS_PER_TABLE)] or [[]]
    if len(chunks) > 1:  # even groups read better than 8 + 8 + 8 + 8 + 2
        size = -(-len(units) // len(chunks))
        chunks = [units[i:i + size] for i in range(0, len(units), size)]
    tables = []
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        stt, total_w = cm(1.0), cm(2.0) if last else 0
        longest = max((len(figure(leaf, period_id)[0]) for _, figure in chunk
                       for leaf, _ in table.leaves() if leaf.kind != "text"), default=0)
        unit_w = max(cm(1.55), cm(0.19 * longest + 0.3))  # a figure must not wrap
        label_w = min(max(width - stt - total_w - unit_w * len(chunk), cm(6)), cm(11))
        rest = width - stt - label_w - total_w
        unit_w = rest // max(len(chunk), 1)
        header = [Cell("STT"), Cell("Chỉ tiêu")] + [Cell(name) for name, _ in chunk]
        if last:
            header.append(Cell("Tổng cộng / Bình quân"))

        def values(leaf: IndicatorRow, chunk=chunk, last=last) -> list[Cell]:
            if leaf.kind == "text":  # words in one wide cell, unit by unit, not in a column each
                said = [f"{name}: {text}" for name, figure in chunk
                        if (text := figure(leaf, period_id)[0])]
                return [Cell("; ".join(said), span=len(chunk) + (1 if last else 0))]
            cells = []
            for _, figure in chunk:
                text, _number = figure(leaf, period_id)
                cells.append(Cell(text, align="right"))
            if last:
                numbers = [n for _, f in units if (n := f(leaf, period_id)[1]) is not None]
                cells.append(Cell(combine(numbers, leaf.kind), align="right", bold=True))
            return cells
        widths = (stt, label_w, *([unit_w] * len(chunk)), *([total_w] if last else []))
        widths = widths[:-1] + (widths[-1] + width - sum(widths),)
        caption = (f"{_t(period.label) if period else period_id}"
                   + (f" (bảng {index + 1}/{len(chunks)})" if len(chunks) > 1 else ""),)
        tables.append(Table(widths=widths, header=(tuple(header),),
                            rows=tuple(_grouped(table, len(widths), values)), size=10,
                            caption=caption))
    return tables


def comparison_by_unit(table: IndicatorTable, units: Sequence[tuple[str, Callable]],
                       period_id: str, width: int = LANDSCAPE_WIDTH) -> list[Table]:
    """The figures of one period for many units: a row per unit, a column per indicator (a
    few indicators per table), and a last row with the totals or means."""
    period = table.period(period_id)
    leaves = [(leaf, parents) for leaf, parents in table.leaves()]
    chunks = [leaves[i:i + INDICATORS_PER_TABLE]
              for i in range(0, len(leaves), INDICATORS_PER_TABLE)]
    tables = []
    for index, chunk in enumerate(chunks):
        stt, name_w = cm(1.2), cm(4.5)
        each = (width - stt - name_w) // max(len(chunk), 1)
        widths = (stt, name_w, *([each] * len(chunk)))
        widths = widths[:-1] + (widths[-1] + width - sum(widths),)
        header = (Cell("STT"), Cell("Đơn vị")) + tuple(
            Cell(" - ".join(_t(n.label) for n in parents + (leaf,) if n.label))
            for leaf, parents in chunk)
        rows = []
        sums: list[list[Decimal]] = [[] for _ in chunk]
        for number, (name, figure) in enumerate(units, 1):
            cells = [Cell(str(number), align="center"), Cell(name)]
            for position, (leaf, _) in enumerate(chunk):
                text, value = figure(leaf, period_id)
                if value is not None:
                    sums[position].append(value)
                cells.append(Cell(text, align="left" if leaf.kind == "text" else "right"))
            rows.append(tuple(cells))
        rows.append((Cell("Tổng cộng / Bình quân", span=2, bold=True),) + tuple(
            Cell(combine(values, leaf.kind), align="right", bold=True)
            for values, (leaf, _) in zip(sums, chunk)))
        caption = (f"{_t(period.label) if period else period_id}"
                   + (f" (bảng {index + 1}/{len(chunks)})" if len(chunks) > 1 else ""),)
        tables.append(Table(widths=widths, header=(header,), rows=tuple(rows), size=10,
                            caption=caption))
    return tables


def indicator_summary(table: IndicatorTable, units: Sequence[tuple[str, Callable]], period_id: str,
                      width: int = LANDSCAPE_WIDTH) -> Table:
    """The figures of one period over many units: how many units gave one, the total, the
    mean, the least and the greatest, row by row of the indicator table."""
    period = table.period(period_id)
    depth = label_columns(table)
    stt, value_w = cm(1.2), cm(2.6)
    labels = _label_widths(width - stt - 5 * value_w, depth)
    header = (Cell("STT"), Cell("Chỉ tiêu", span=depth), Cell("Số đơn vị có số liệu"),
              Cell("Tổng cộng"), Cell("Bình quân"), Cell("Thấp nhất"), Cell("Cao nhất"))

    def values(leaf: IndicatorRow) -> list[Cell]:
        numbers = [n for _, figure in units if (n := figure(leaf, period_id)[1]) is not None]
        given = sum(1 for _, figure in units if figure(leaf, period_id)[0])
        shown = vn.vn_percent if leaf.kind == "percentage" else vn.vn_number
        if leaf.kind == "text" or not numbers:
            return [Cell(vn.vn_number(given), align="center")] + [Cell("") for _ in range(4)]
        total = "" if leaf.kind == "percentage" else vn.vn_number(sum(numbers))
        return [Cell(vn.vn_number(given), align="center"), Cell(total, align="right"),
                Cell(shown(mean(numbers)), align="right"), Cell(shown(min(numbers)), align="right"),
                Cell(shown(max(numbers)), align="right")]
    caption = (f"{_t(period.label) if period else period_id} ({len(units)} đơn vị)",)
    return Table(widths=(stt, *labels, *([value_w] * 5)), header=(header,),
                 rows=tuple(_body(table, depth, values)), size=10, caption=caption)


def _named_columns(width: int, name_width: int, count: int) -> tuple[int, ...]:
    """STT, a name, then `count` equal columns filling `width` (the last takes the rest)."""
    stt = cm(1.2)
    each = (width - stt - name_width) // count
    widths = (stt, name_width, *([each] * count))
    return widths[:-1] + (widths[-1] + width - sum(widths),)


def rating_summary(scale_labels: Sequence[str],
                   sections: Sequence[tuple[str, str, Sequence[int]]],
                   width: int = PORTRAIT_WIDTH) -> Table:
    """Ratings per section (its number as the outline gives it, its title), all units
    together: the counts of items for each rating."""
    labels = list(scale_labels) + ["Chưa kiểm tra"]
    widths = _named_columns(width, cm(6.0), len(labels))
    header = (Cell("STT"), Cell("Nội dung")) + tuple(Cell(label) for label in labels)
    rows = tuple((Cell(_t(number), align="center"), Cell(_t(title)))
                 + tuple(Cell(vn.vn_number(c), align="center") for c in counts)
                 for number, title, counts in sections)
    return Table(widths=widths, header=(header,), rows=rows, size=12)


def rating_table(scale_labels: Sequence[str],
                 sections: Sequence[tuple[str, Sequence[tuple[str, Sequence[int]]]]],
                 width: int = PORTRAIT_WIDTH) -> Table:
    """Ratings per section and unit: a row per unit under each section, a column per rating
    of the scale and one for what was not checked; the cells count the items."""
    labels = list(scale_labels) + ["Chưa kiểm tra"]
    widths = _named_columns(width, cm(4.8), len(labels))
    header = (Cell("STT"), Cell("Đơn vị")) + tuple(Cell(label) for label in labels)
    rows = []
    for title, units in sections:
        rows.append((Cell(_t(title), span=len(widths), bold=True, keep_next=True),))
        for number, (name, counts) in enumerate(units, 1):
            rows.append((Cell(str(number), align="center"), Cell(_t(name)))
                        + tuple(Cell(vn.vn_number(c) if c else "", align="center") for c in counts))
    return Table(widths=widths, header=(header,), rows=tuple(rows), size=12)
