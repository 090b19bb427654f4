"""Properties that must hold for any input, found by hypothesis."""

import datetime as dt

import pytest
from conftest import EXAMPLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspection.files import yamlfile
from inspection.files.findings import parse_unit_record
from inspection.files.workspace import Workspace
from inspection.model.findings import (Answer, Finding, IndicatorEntry, IndicatorValue,
                                       Recommendation, UnitRecord)
from inspection.recording.store import FindingsStore
from inspection.vn.numbers import canonical, parse_number
from inspection.vn.text import clean_text, fold, slugify

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
# What YAML reads as something else when it is written plainly: comments, keys, list items,
# quotes, block scalars, tags, anchors, booleans and nulls, line breaks.
TRICKY = ["Đã kiểm tra #3", "ghi chú: có", "- gạch đầu dòng", "'trích dẫn'", "\"ngoặc kép\"",
          "dòng 1\ndòng 2", "  thụt lề\nrồi hết", "yes", "No", "~", "null", "12", "0.5", "1.234",
          "2022-07-12", "&a *b", "!tag", "|", ">", "%", "@", "`", "a: b: c", "x #y", "#", ":", "-",
          "[1, 2]", "{a: 1}", "? hỏi", "kết thúc:", "dòng trống\n\nở giữa", "tab\tở giữa"]
texts = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(list(VIETNAMESE) + [
        "&", "<", ">", "\"", "'", "\n", "\t", "\v", ":", "#", "-", " ", "%", "{", "}", "\u00d0"]),
        max_size=200),
    st.sampled_from(TRICKY),
    st.lists(st.sampled_from(TRICKY + list(VIETNAMESE)), min_size=2, max_size=5).map(" ".join))
clean_texts = texts.map(clean_text).filter(bool)


@st.composite
def answers(draw):
    def many(strategy):
        return tuple(draw(st.lists(strategy, max_size=3)))
    return Answer(
        rating=draw(st.sampled_from([None, "tot", "kha", "dat", "chua-dat"])),
        observations=many(clean_texts), strengths=many(clean_texts), shortcomings=many(clean_texts),
        causes=many(clean_texts), explanations=many(clean_texts),
        recommendations=many(st.builds(Recommendation, clean_texts, st.none() | clean_texts,
                                       st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)))),
        recorded_by=draw(st.none() | clean_texts), recorded_at="2026-07-01T08:00:00+07:00")


@settings(max_examples=int(__import__("os").environ.get("HYPOTHESIS_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(found=st.lists(answers(), min_size=1, max_size=4), figures=st.lists(st.none() | clean_texts, max_size=2),
       note=st.none() | clean_texts)
def test_whatever_is_written_reads_back_equal(tmp_path_factory, found, figures, note):
    root = tmp_path_factory.mktemp("ws")
    (root / "schedule.yaml").write_bytes((EXAMPLE / "schedule.yaml").read_bytes())
    ws = Workspace(root)
    store = FindingsStore(ws, ws.load())
    visit = store.loaded.campaign.visits[0]
    items = [i.id for i in store.loaded.checklist.items if i.level != "field"]
    record = UnitRecord(visit.unit.slug, visit.unit.name)
    for item, answer in zip(items, found):
        history = (Answer(rating="tot", recorded_by="x", recorded_at="2026-06-01T08:00:00+07:00"),)
        record.findings[(item, "office")] = Finding(item, "office", answer, history)
    for period, figure in zip(("2021", "2022"), figures):
        record.indicators[("7.3", period)] = IndicatorEntry("7.3", period, IndicatorValue(figure, None))
    if note:
        record.notes["1"] = note
    store.write(visit, record)
    again = _from_disk(store, visit)
    assert again.findings == record.findings
    assert [f.answer.recorded_by for f in again.findings.values()] == \
        [f.answer.recorded_by for f in record.findings.values()]
    assert again.indicators == record.indicators
    assert again.notes == record.notes


def _from_disk(store, visit):
    """The unit's findings as a reader of the YAML file on disk sees them (never the cache)."""
    path = store.path(visit)
    problems: list = []
    doc = yamlfile.parse(path.read_text(encoding="utf-8"), path.name, problems)
    assert doc is not None, problems
    record = parse_unit_record(doc, problems, store.context(visit))
    assert [p for p in problems if p.severity == "error"] == []
    return record


@pytest.fixture(scope="module")
def example_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("ws")
    (root / "schedule.yaml").write_bytes((EXAMPLE / "schedule.yaml").read_bytes())
    ws = Workspace(root)
    return FindingsStore(ws, ws.load())


@pytest.mark.parametrize("text", [clean_text(t) for t in TRICKY])
def test_each_tricky_text_survives_the_yaml_file_in_every_field(example_store, text):
    store = example_store
    visit = store.loaded.campaign.visits[0]
    answer = Answer(rating="kha", observations=(text,), strengths=(text, "b"), shortcomings=(text,),
                    causes=(text,), explanations=(text,),
                    recommendations=(Recommendation(text, text, dt.date(2022, 9, 30)),),
                    recorded_by=text, recorded_at="2022-07-12T09:30:00+07:00")
    record = UnitRecord(visit.unit.slug, visit.unit.name)
    record.findings[("I.1", "office")] = Finding("I.1", "office", answer, (Answer(causes=(text,)),))
    record.indicators[("7.3", "2021")] = IndicatorEntry("7.3", "2021", IndicatorValue(text, text))
    record.notes["1"] = text
    store.write(visit, record)
    again = _from_disk(store, visit)
    assert again.findings == record.findings
    assert again.findings[("I.1", "office")].answer.recorded_by == text
    assert again.indicators == record.indicators and again.notes == record.notes


@given(st.text(alphabet=VIETNAMESE + " -", min_size=1, max_size=40))
def test_a_name_matches_itself_in_every_spelling(name):
    import unicodedata
    assert fold(unicodedata.normalize("NFD", name)) == fold(name) == fold(name.upper().lower())
    slug = slugify(name)
    assert slug == slug.encode("ascii", "ignore").decode() and "/" not in slug and slug


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_a_number_written_the_vietnamese_way_reads_back(number):
    whole, _, frac = f"{number:.2f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    typed = f"{grouped},{frac}" if frac.strip("0") else grouped
    assert parse_number(typed, "amount") == number
    assert parse_number(canonical(number), "amount") == number
