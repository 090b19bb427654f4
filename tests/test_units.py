"""Naming a unit the way people type it."""

import unicodedata

import pytest

from inspection.errors import UnitNotFound
from inspection.units import find_visit
from inspection.workspace import Workspace

from conftest import EXAMPLE


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


def test_an_ambiguous_name_lists_the_candidates(campaign):
    with pytest.raises(UnitNotFound) as err:
        find_visit(campaign, "bhxh tinh")
    message = err.value.message
    assert "'bhxh tinh' matches 8 units" in message
    assert "BHXH tỉnh Bình Định (bhxh-tinh-binh-dinh)" in message


def test_a_name_typed_without_accents_or_with_a_wrong_tone_still_finds_the_unit(campaign):
    assert find_visit(campaign, "BHXH tinh Yen Bai").unit.slug == "bhxh-tinh-yen-bai"
    assert find_visit(campaign, "Yên Bải").unit.slug == "bhxh-tinh-yen-bai"


def test_an_unknown_name_suggests_close_ones(campaign):
    with pytest.raises(UnitNotFound) as err:
        find_visit(campaign, "BHXH tỉnh Yên Bay")
    assert "no unit is called 'BHXH tỉnh Yên Bay'; did you mean:\n  BHXH tỉnh Yên Bái" in err.value.message
    with pytest.raises(UnitNotFound) as err:
        find_visit(campaign, "Cà Mau")
    assert "the units are:" in err.value.message and "BHXH tỉnh Quảng Bình" in err.value.message


def test_the_look_alike_d_still_finds_the_unit(campaign):
    assert find_visit(campaign, "Bình \u00d0ịnh").unit.slug == "bhxh-tinh-binh-dinh"
