"""The sample findings of the bundled example: complete, valid, marked as sample data, reproducible."""

from __future__ import annotations

import importlib.util
import re
import shutil
import unicodedata
from decimal import Decimal

import pytest
from conftest import EXAMPLE, EXAMPLE_SOURCE, ROOT

from inspection.files.workspace import Workspace
from inspection.model.campaign import OFFICE
from inspection.recording.store import FindingsStore

SAMPLE_BY = "Dữ liệu mẫu (sample data)"


def _tool():
    spec = importlib.util.spec_from_file_location("make_sample_findings",
                                                  ROOT / "tools" / "make_sample_findings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def example():
    ws = Workspace(EXAMPLE)
    loaded = ws.load()
    return ws, loaded, FindingsStore(ws, loaded)


def test_there_is_one_findings_file_per_unit(example):
    ws, loaded, store = example
    files = sorted(p.name for p in ws.findings_dir.glob("*.yaml"))
    assert files == sorted(f"{v.unit.slug}.yaml" for v in loaded.campaign.visits)
    assert len(files) == 8


def test_every_file_reads_back_without_problems(example):
    ws, loaded, store = example
    for visit in loaded.campaign.visits:
        problems: list = []
        store.read(visit, problems)  # checked against the checklist, the sites and the table
        assert problems == [], visit.unit.slug
        assert store.read(visit).unit == visit.unit.slug


def test_every_item_at_every_site_is_answered_by_the_sample(example):
    ws, loaded, store = example
    for visit in loaded.campaign.visits:
        record = store.read(visit)
        assert set(record.findings) == set(loaded.checklist.walk(visit))
        for (item, site), finding in record.findings.items():
            answer = finding.answer
            assert answer.observations, (visit.unit.slug, item, site)
            assert answer.recorded_by == SAMPLE_BY and answer.recorded_at.startswith("2022-")
            assert (answer.rating is None) == (item == "V")
            for rec in answer.recommendations:
                assert rec.owner and (rec.due is None or rec.due > visit.end)
            assert "{" not in " ".join(answer.observations + answer.shortcomings + answer.strengths)
            if site != OFFICE:
                assert visit.site(site).name in " ".join(answer.observations + answer.shortcomings), \
                    (visit.unit.slug, item, site)


def _texts(answer) -> list[str]:
    return list(answer.observations + answer.strengths + answer.shortcomings + answer.causes +
                answer.explanations) + [r.text for r in answer.recommendations]


def test_the_sample_reads_like_a_real_inspection(example):
    """Per unit a handful of strengths, shortcomings and recommendations, as a real team
    records them, not one of each per item and site."""
    ws, loaded, store = example
    for visit in loaded.campaign.visits:
        record = store.read(visit)
        answers = [f.answer for f in record.findings.values()]
        unit = visit.unit.slug
        assert 6 <= sum(len(a.strengths) for a in answers) <= 15, unit
        assert 5 <= sum(len(a.shortcomings) for a in answers) <= 12, unit
        recs = [r for a in answers for r in a.recommendations]
        assert 3 <= len({r.text for r in recs}) <= 7, unit
        assert sum(r.due is not None for r in recs) >= len(recs) - 1, unit  # a standing task at most
        assert sum(len(a.explanations) for a in answers) >= 2, unit
        assert all(bool(a.causes) == bool(a.shortcomings) for a in answers), unit
        assert all(a.shortcomings for a in answers if a.recommendations), unit  # a remedy of something
        assert any(a.shortcomings and not a.recommendations for a in answers), unit  # not every one
        for a in answers:
            for cause in a.causes:
                assert cause.endswith(("(chủ quan).", "(khách quan).")), cause
        # what the team found at a field site is that site's own, not the other site's reworded
        sites = [s.id for s in visit.sites]
        found = {site: {t.replace(visit.site(site).name, "") for (_, s), f in record.findings.items()
                        if s == site for t in f.answer.strengths + f.answer.shortcomings}
                 for site in sites}
        assert all(found.values()) and found[sites[0]] != found[sites[1]], unit
    # varied: the same checklist item is not written the same way everywhere
    i1 = {store.read(v).finding("I.1").answer.observations for v in loaded.campaign.visits}
    assert len(i1) >= 5
    shortcomings = {t for v in loaded.campaign.visits for f in store.read(v).findings.values()
                    for t in f.answer.shortcomings}
    assert len(shortcomings) >= 50


def test_the_sample_texts_name_indicators_in_words_and_are_clean(example):
    ws, loaded, store = example
    for visit in loaded.campaign.visits:
        for finding in store.read(visit).findings.values():
            for text in _texts(finding.answer):
                assert unicodedata.is_normalized("NFC", text), text
                assert not re.search(r"\bdòng \d", text), text  # a reader has no row numbers
                for artifact in ("((", "))", ": .", ".:", "..", " ,", " ;", "  "):
                    assert artifact not in text, (artifact, text)
                assert text[:1].isupper() and text.endswith("."), text


def test_each_unit_is_represented_by_its_own_people(example):
    ws, loaded, store = example
    seen: dict[str, str] = {}
    for visit in loaded.campaign.visits:
        people = [p.name for p in visit.representatives] + \
            [p.name for s in visit.sites for p in s.representatives]
        assert len(visit.representatives) >= 2 and all(s.representatives for s in visit.sites)
        for name in people:
            assert seen.setdefault(name, visit.unit.slug) == visit.unit.slug, name


def test_ratings_vary_between_units(example):
    ws, loaded, store = example
    ratings = {}
    for visit in loaded.campaign.visits:
        values = [f.answer.rating for f in store.read(visit).findings.values() if f.answer.rating]
        ratings[visit.unit.slug] = max(set(values), key=values.count)
        assert {r for r in values} <= {"tot", "kha", "dat", "chua-dat"}
    assert len(set(ratings.values())) >= 3


def test_every_indicator_is_reported_for_both_periods_and_some_verified_figures_differ(example):
    ws, loaded, store = example
    table = loaded.outline.appendix
    leaves = {row.id: row for row, _ in table.leaves()}
    for visit in loaded.campaign.visits:
        record = store.read(visit)
        assert set(record.indicators) == {(r, p.id) for r in leaves for p in table.periods}
        differ = 0
        for (row, period), entry in record.indicators.items():
            value = entry.value
            assert value.reported and value.verified and value.recorded_by == SAMPLE_BY
            if leaves[row].kind == "percentage":
                assert 0 <= Decimal(value.reported) <= 100 and 0 <= Decimal(value.verified) <= 100
            elif leaves[row].kind == "count":
                assert Decimal(value.reported) >= 0 and Decimal(value.reported) % 1 == 0
            differ += value.reported != value.verified
        assert 1 <= differ <= 15, visit.unit.slug
        assert record.notes
        # a province is a province: thousands of people at conferences, not millions or a handful
        assert 2000 <= int(record.indicators[("3.2.2", "2021")].value.reported) <= 500000
        assert int(record.indicators[("3.2.3.3", "2021")].value.reported) <= \
            int(record.indicators[("3.2.3.2", "2021")].value.reported)
        assert int(record.indicators[("9.3", "2021")].value.reported) <= 25


def test_the_files_say_they_are_sample_data(example):
    ws, loaded, store = example
    for path in ws.findings_dir.glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# DỮ LIỆU MẪU (SAMPLE DATA)")


def test_the_tool_makes_the_same_files_every_time(tmp_path):
    target = tmp_path / "ws"
    shutil.copytree(EXAMPLE, target)
    shutil.rmtree(target / "findings")
    shutil.rmtree(target / "drafts", ignore_errors=True)
    tool = _tool()
    assert tool.main(["-w", str(target)]) == 0
    made = {p.name: p.read_bytes() for p in (target / "findings").glob("*.yaml")}
    shipped = {p.name: p.read_bytes() for p in (EXAMPLE_SOURCE / "findings").glob("*.yaml")}
    assert made == shipped, "run tools/make_sample_findings.py to update the example's findings"
    assert tool.main(["-w", str(target)]) == 0
    assert {p.name: p.read_bytes() for p in (target / "findings").glob("*.yaml")} == made


def test_the_example_with_its_sample_findings_checks_clean(run):
    result = run("check", "-w", EXAMPLE)
    assert result.exit_code == 0, result.output


def test_init_with_sample_findings_copies_them(run, tmp_path):
    target = tmp_path / "thu"
    assert run("init", target, "--sample-findings").exit_code == 0
    assert len(list((target / "findings").glob("*.yaml"))) == 8
    # and the drafts composed from them: the conclusions and the report a reviewer would read
    assert len(list((target / "drafts").glob("*.yaml"))) == 9
    plain = tmp_path / "trong"
    assert run("init", plain).exit_code == 0
    assert not list((plain / "findings").glob("*.yaml")) and not (plain / "drafts").exists()
    result = run("indicators", "show", "Yên Bái", "-w", target)
    assert result.exit_code == 0 and "82 figure(s) recorded." in result.output
