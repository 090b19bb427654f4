"""Vietnamese text: the same name however it is typed, and safe file names."""

import unicodedata

import pytest

from inspection.vn.text import ascii_fold, clean_text, fold, slugify


@pytest.mark.parametrize("a, b", [
    ("Hòa Bình", "Hoà Bình"),                      # tone mark on the other vowel
    ("Khánh Hòa", "KHÁNH HOÀ"),                    # and case
    ("Thủy", "Thuỷ"),
    ("BHXH tỉnh Hòa Bình", unicodedata.normalize("NFD", "BHXH tỉnh Hoà Bình")),  # NFD
    ("Đắk Lắk", "\u00d0ắk Lắk"),                   # look-alike Ð
    ("Quảng  Bình ", "Quảng Bình"),                # spacing
])
def test_fold_treats_variant_spellings_as_the_same_name(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize("a, b", [("Hòa", "Hóa"), ("Hà Nam", "Hà Năm"), ("Lai Châu", "Lai Chau")])
def test_fold_keeps_different_names_apart(a, b):
    assert fold(a) != fold(b)


def test_slugify_gives_ascii_file_names():
    assert slugify("BHXH tỉnh Yên Bái") == "bhxh-tinh-yen-bai"
    assert slugify("Đặc khu Cát Hải") == "dac-khu-cat-hai"
    assert slugify(unicodedata.normalize("NFD", "Thừa Thiên Huế")) == "thua-thien-hue"
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("!!!") == "x"


def test_ascii_fold_removes_every_mark():
    assert ascii_fold("Đà Nẵng, Thủ Dầu Một") == "Da Nang, Thu Dau Mot"


def test_clean_text_turns_word_line_breaks_into_newlines_and_drops_controls():
    pasted = "Dòng 1\vDòng 2\r\nDòng 3\u2028Dòng 4\x00\x07\x1b"
    assert clean_text(pasted) == "Dòng 1\nDòng 2\nDòng 3\nDòng 4"


def test_clean_text_stores_nfc():
    assert clean_text(unicodedata.normalize("NFD", "Nghệ An")) == unicodedata.normalize("NFC", "Nghệ An")
