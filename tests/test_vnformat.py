"""Vietnamese dates, numbers and document numbers as Decree 30 and everyday use write them."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspection.vn import dates, numbers, text
from inspection.vn.numbers import parse_number


@pytest.mark.parametrize("day, text", [
    (dt.date(2022, 8, 5), "ngày 05 tháng 8 năm 2022"),
    (dt.date(2022, 1, 5), "ngày 05 tháng 01 năm 2022"),
    (dt.date(2022, 2, 28), "ngày 28 tháng 02 năm 2022"),
    (dt.date(2022, 3, 1), "ngày 01 tháng 3 năm 2022"),
    (dt.date(2022, 12, 31), "ngày 31 tháng 12 năm 2022"),
    (dt.date(2026, 10, 10), "ngày 10 tháng 10 năm 2026"),
])
def test_dates_have_a_leading_zero_for_days_below_10_and_months_1_and_2(day, text):
    assert dates.vn_date(day) == text


def test_a_date_not_set_leaves_the_blanks_of_a_draft():
    assert dates.vn_date(None, 2022) == "ngày     tháng     năm 2022"
    assert dates.place_date("Hà Nội", None, 2022) == "Hà Nội, ngày     tháng     năm 2022"
    assert dates.place_date("Hà Nội", dt.date(2022, 1, 5)) == "Hà Nội, ngày 05 tháng 01 năm 2022"
    assert dates.short_date(dt.date(2022, 7, 2)) == "02/07/2022" and dates.short_date(None) == ""


def test_date_spans():
    assert dates.date_span(dt.date(2022, 7, 12), dt.date(2022, 7, 13)) == \
        "từ ngày 12/07/2022 đến ngày 13/07/2022"
    assert dates.date_span(dt.date(2022, 7, 12), dt.date(2022, 7, 12)) == "ngày 12/07/2022"


@pytest.mark.parametrize("value, decimals, text", [
    (1234567, None, "1.234.567"),
    ("85.5", None, "85,5"),
    (Decimal("1234.50"), None, "1.234,5"),
    ("0", None, "0"),
    (-1234, None, "-1.234"),
    (999, None, "999"),
    (1000, None, "1.000"),
    ("2.345", 1, "2,3"),
    ("2.35", 1, "2,4"),
    (Decimal(200) / 3, 1, "66,7"),
    ("12", 2, "12,00"),
    ("không có", None, "không có"),
    (None, None, ""),
])
def test_numbers_group_thousands_with_dots_and_decimals_with_a_comma(value, decimals, text):
    assert numbers.vn_number(value, decimals) == text


def test_percentages():
    assert numbers.vn_percent("85.5") == "85,5%"
    assert numbers.vn_percent(Decimal("100")) == "100%"
    assert numbers.vn_percent(None) == ""


@pytest.mark.parametrize("pattern, number, code, text", [
    ("{number}/KH-BHXH", 5, None, "05/KH-BHXH"),
    ("{number}/KH-BHXH", 12, None, "12/KH-BHXH"),
    ("{number}/KH-BHXH", None, None, "     /KH-BHXH"),
    ("{number}/{type}-BHXH", 5, "TB", "05/TB-BHXH"),
    ("{number}/KH-SVHTTDL", 123, None, "123/KH-SVHTTDL"),
])
def test_document_numbers(pattern, number, code, text):
    assert numbers.doc_number(pattern, number, code) == text
    assert numbers.number_line(pattern, number, code) == f"Số: {text}"


def test_the_blank_number_line_is_the_drafts_one():
    assert numbers.number_line("{number}/KH-BHXH", None) == "Số:      /KH-BHXH"


def test_small_helpers():
    assert numbers.two_digits(8) == "08" and numbers.two_digits(34) == "34"
    assert [numbers.roman(n) for n in (1, 4, 9, 14)] == ["I", "IV", "IX", "XIV"]
    assert [numbers.letter(n) for n in (1, 4, 5, 6, 7)] == ["a", "d", "đ", "e", "g"]
    assert text.lcfirst("Kiểm tra công tác") == "kiểm tra công tác"
    assert text.lcfirst("BHXH tỉnh Yên Bái") == "BHXH tỉnh Yên Bái"
    assert text.lcfirst("Ủy ban") == "ủy ban"
    assert text.ucfirst("đến thời điểm kiểm tra") == "Đến thời điểm kiểm tra"
    assert text.end_with("Tổng Giám đốc (để b/c);", ";") == "Tổng Giám đốc (để b/c);"
    assert text.end_with("Căn cứ Nghị định số 89/2020/NĐ-CP;", ".") == "Căn cứ Nghị định số 89/2020/NĐ-CP."
    assert text.end_with("Và các nội dung khác...", ";") == "Và các nội dung khác...;"
    assert text.list_items(["a;", "b", "c."]) == ["a;", "b;", "c."]


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_a_printed_number_reads_back_as_the_same_number(value):
    assert parse_number(numbers.vn_number(value), "amount") == value
    if value <= 100:
        assert parse_number(numbers.vn_percent(value), "percentage") == value


def test_a_title_names_one_unit_where_it_named_the_units_in_general():
    at = text.at_place
    assert at("Kiểm tra công tác tuyên truyền năm 2025 tại các xã, phường", "UBND xã Tân Lập") == \
        "Kiểm tra công tác tuyên truyền năm 2025 tại UBND xã Tân Lập"
    assert at("Kiểm tra năm 2025 tại một số cơ quan báo chí", "Báo Hải Phòng") == \
        "Kiểm tra năm 2025 tại Báo Hải Phòng"
    # a place that is part of the subject stays: only a general "các …" tail is replaced
    assert at("Kiểm tra công tác tại cơ sở năm 2025", "UBND xã A") == \
        "Kiểm tra công tác tại cơ sở năm 2025 tại UBND xã A"
    assert at("Kiểm tra, hướng dẫn nghiệp vụ năm 2022", "BHXH tỉnh Yên Bái") == \
        "Kiểm tra, hướng dẫn nghiệp vụ năm 2022 tại BHXH tỉnh Yên Bái"
    assert at("Kiểm tra năm 2022", "") == "Kiểm tra năm 2022"


def test_a_time_stamp_reads_as_a_vietnamese_time_and_date(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    time.tzset()
    try:
        assert dates.moment("2022-07-12T08:30:00+07:00") == "08:30 ngày 12/07/2022"
        assert dates.moment("2026-12-02T02:33:59+00:00") == "09:33 ngày 02/12/2026"  # local time
        assert dates.moment("không phải ngày") == "không phải ngày" and dates.moment(None) == ""
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
