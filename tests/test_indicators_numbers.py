"""Figures as Vietnamese users type them, read for indicator forms and `indicators set`."""

from decimal import Decimal

import pytest

from inspection.vn.numbers import canonical, check_number, format_figure, parse_number, read_figure


@pytest.mark.parametrize("typed, kind, stored", [
    ("85,5", "percentage", "85.5"),
    ("85.5", "percentage", "85.5"),
    ("85,5%", "percentage", "85.5"),
    ("85,5 %", "percentage", "85.5"),
    ("100,0%", "percentage", "100"),
    ("0", "percentage", "0"),
    ("1.234", "count", "1234"),
    ("1 234", "count", "1234"),
    ("1\u00a0234", "count", "1234"),          # Excel and Word's no-break space
    ("1\u202f234", "count", "1234"),
    ("1\u2009234", "count", "1234"),          # a thin space (workaround in read_figure)
    ("1.234.567", "count", "1234567"),
    ("1,234,567", "count", "1234567"),        # workaround in read_figure
    ("12,0", "count", "12"),
    ("1.234,5", "amount", "1234.5"),
    ("0.5", "amount", "0.5"),
    ("0.125", "amount", "0.125"),             # workaround in read_figure
    ("1.500.000 đ", "amount", "1500000"),     # workaround in read_figure
    ("1.500.000 đồng", "amount", "1500000"),
    ("2.000.000 VNĐ", "amount", "2000000"),
    ("  Tổ chức thi trên Zalo ", "text", "Tổ chức thi trên Zalo"),
])
def test_read_figure_understands_vietnamese_ways_of_writing_numbers(typed, kind, stored):
    assert read_figure(typed, kind) == stored


@pytest.mark.parametrize("typed, kind, reason", [
    ("12,5", "count", "a count must be a whole number"),
    ("-3", "count", "a count cannot be negative"),
    ("120", "percentage", "a percentage must be between 0 and 100"),
    ("100,5%", "percentage", "a percentage must be between 0 and 100"),
    ("-1", "percentage", "a percentage must be between 0 and 100"),
    ("85,5%", "count", "a % sign only belongs in a percentage"),
    ("-5", "amount", "an amount cannot be negative"),
    ("mười hai", "count", "not a number: write the figure only, e.g. 1.234 or 85,5"),
    ("12 người", "count", "not a number: write the figure only, e.g. 1.234 or 85,5"),
    ("1,234", "count", "a count must be a whole number (for one thousand and more, write 1.234 or 1234)"),
])
def test_read_figure_gives_the_reason_without_repeating_the_value(typed, kind, reason):
    with pytest.raises(ValueError) as exc:
        read_figure(typed, kind)
    assert str(exc.value) == reason


@pytest.mark.parametrize("number, kind, stored", [
    (Decimal("85.50"), "percentage", "85.5"),
    (Decimal("1234"), "count", "1234"),
    (Decimal("0.125"), "amount", "0.125"),     # a number from a cell is never regrouped
    (Decimal("1.234"), "amount", "1.234"),
])
def test_numbers_from_cells_are_kept_as_they_are(number, kind, stored):
    assert canonical(check_number(number, kind)) == stored


@pytest.mark.parametrize("value, kind, shown", [
    ("1234567", "count", "1.234.567"),
    ("85.5", "percentage", "85,5%"),
    ("0", "count", "0"),
    ("1234.25", "amount", "1.234,25"),
    ("chữ", "text", "chữ"),
    (None, "count", ""),
])
def test_format_figure_writes_numbers_the_vietnamese_way(value, kind, shown):
    assert format_figure(value, kind) == shown


# Gaps in findings.parse_number (owned by the findings module). read_figure works around them;
# these tests fail until parse_number is fixed, then they pass and `strict` asks to drop the marks.

@pytest.mark.parametrize("typed, expected", [("0.125", "0.125"), ("0.500", "0.5")])
def test_parse_number_never_reads_a_leading_zero_as_a_group_of_thousands(typed, expected):
    assert parse_number(typed, "amount") == Decimal(expected)


def test_parse_number_reads_english_thousands_with_two_commas():
    assert parse_number("1,234,567", "count") == 1234567


def test_parse_number_accepts_a_thin_space_between_thousands():
    assert parse_number("1\u2009234", "count") == 1234


@pytest.mark.parametrize("typed", ["1.500.000 đ", "1.500.000đ", "1.500.000 đồng", "1.500.000 VNĐ"])
def test_parse_number_accepts_the_currency_after_an_amount(typed):
    assert parse_number(typed, "amount") == 1500000
