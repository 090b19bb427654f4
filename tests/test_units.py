"""Naming a unit the way people type it."""

import unicodedata

import pytest
from conftest import EXAMPLE

from inspection.errors import UnitNotFound
from inspection.files.workspace import Workspace
from inspection.model.lookup import find_visit


@pytest.fixture(scope="module")
def campaign():
    return Workspace(EXAMPLE).load().campaign


@pytest.mark.parametrize("query", [
    "BHXH tỉnh Hòa Bình", "bhxh tỉnh hoà bình", "Hoà Bình", "HÒA BÌNH",
    unicodedata.normalize("NFD", "Hòa Bình"), "bhxh-tinh-hoa-binh", "hoa binh", "Hoa-Binh", "hòa",
])
def test_a_unit_is_found_however_it_is_spelled(campaign, query):
    assert find_visit(campaign, query).unit.name == "BHXH tỉnh Hòa Bình"


def test_a_unique_beginning_is_enough(campaign):
    assert find_visit(campaign, "Quảng").unit.slug == "bhxh-tinh-quang-binh"
    assert find_visit(campaign, "bhxh-tinh-ng").unit.slug == "bhxh-tinh-nghe-an"


@pytest.mark.parametrize("query, expected", [
    ("bhxh tinh", ["'bhxh tinh' matches 8 units", "BHXH tỉnh Bình Định (bhxh-tinh-binh-dinh)"]),
    ("BHXH tỉnh Yên Bay", ["no unit is called 'BHXH tỉnh Yên Bay'; did you mean:\n  BHXH tỉnh Yên Bái"]),
    ("Cà Mau", ["the units are:", "BHXH tỉnh Quảng Bình"]),
], ids=["ambiguous", "misspelt", "unknown"])
def test_a_name_that_finds_no_single_unit_says_which_are_there(campaign, query, expected):
    with pytest.raises(UnitNotFound) as err:
        find_visit(campaign, query)
    for text in expected:
        assert text in err.value.message


def test_a_name_typed_without_accents_or_with_a_wrong_tone_still_finds_the_unit(campaign):
    assert find_visit(campaign, "BHXH tinh Yen Bai").unit.slug == "bhxh-tinh-yen-bai"
    assert find_visit(campaign, "Yên Bải").unit.slug == "bhxh-tinh-yen-bai"


def test_the_look_alike_d_still_finds_the_unit(campaign):
    assert find_visit(campaign, "Bình \u00d0ịnh").unit.slug == "bhxh-tinh-binh-dinh"
