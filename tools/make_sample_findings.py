#!/usr/bin/env python3
"""Make the SAMPLE findings of the bundled example campaign (examples/bhxh-ttt-2022/findings/).

To regenerate them, from the top folder of the repository, with the toolkit installed
(`python3 run.py test` installs it into .venv):

    .venv/bin/python tools/make_sample_findings.py              # rewrites the example's files
    .venv/bin/python tools/make_sample_findings.py -w SOME/DIR  # into another workspace

The output is the same on every run (a fixed seed per unit, fixed timestamps), so the files in
the repository change only when this script does. The findings are SAMPLE DATA, invented for
trying the toolkit (`inspection init DIR --sample-findings`): they are not the findings of a
real inspection. Every answer says so in `recorded_by`, and every file in its first line.

The texts and figure ranges are in tools/sample_findings.yaml. The records are built through
the model (UnitRecord, Finding, Answer, IndicatorEntry) and written by FindingsStore.write, so
the files have exactly the store's format.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from inspection.files.atomic import write_atomic  # noqa: E402
from inspection.files.workspace import Loaded, Workspace  # noqa: E402
from inspection.model.campaign import OFFICE, Visit  # noqa: E402
from inspection.model.findings import (Answer, Finding, IndicatorEntry,  # noqa: E402
                                       IndicatorValue, Recommendation, UnitRecord)
from inspection.recording.store import FindingsStore  # noqa: E402
from inspection.vn.numbers import format_figure  # noqa: E402

EXAMPLE = ROOT / "examples" / "bhxh-ttt-2022"
BY = "Dữ liệu mẫu (sample data)"
MARK = ("# DỮ LIỆU MẪU (SAMPLE DATA): do tools/make_sample_findings.py tạo ra để dùng thử, không "
        "phải kết quả của một cuộc kiểm tra thật.\n"
        "# Sample data made by tools/make_sample_findings.py for trying the toolkit; not the "
        "findings of a real inspection.\n")
RATINGS = ("tot", "kha", "dat", "chua-dat")
TZ = dt.timezone(dt.timedelta(hours=7))

# -- the texts and figures, from the data file ------------------------------------------------

def _shortcoming(spec: dict) -> dict:
    """A shortcoming with its cause, the recommendation remedying it, maybe the unit's
    explanation, and the observations ("o1", field "f1") and strengths ("s0") it contradicts."""
    return dict(text=spec["text"], cause=spec["cause"], rec=spec["rec"], owner=spec["owner"],
                exp=spec.get("exp"), against=set(spec.get("against", ())))


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for texts in data["texts"].values():
        for key in ("sh", "field_sh"):
            if texts.get(key):
                texts[key] = [_shortcoming(s) for s in texts[key]]
    data["difference"] = _shortcoming(data["difference"])
    return data


DATA = _load(Path(__file__).with_name("sample_findings.yaml"))
PROVINCES, FIGURES, PERCENTAGES = DATA["provinces"], DATA["figures"], DATA["percentages"]
OTHER_FORMS, TEXTS, NOTE_TEXTS = DATA["other_forms"], DATA["texts"], DATA["note_texts"]
# Where the team's figures differ from the unit's, the item checking them says so.
DIFFERENCE, ITEM_OF_GROUP = DATA["difference"], DATA["item_of_group"]


def _round(value: float) -> int:
    """Figures as units report them: big ones to a plausible precision, small ones exact."""
    if value >= 100000:
        return int(round(value, -2))
    if value >= 10000:
        return int(round(value, -1))
    return int(round(value))


def make_figures(rng: random.Random, p: dict) -> dict[tuple[str, str], str]:
    """Plausible reported figures for every indicator row and both periods."""
    out: dict[tuple[str, str], float] = {}

    def put(row: str, v21: float, share: tuple[float, float] | None = None, v22: float | None = None):
        out[(row, "2021")] = _round(v21)
        out[(row, "2022")] = _round(v22 if v22 is not None else v21 * rng.uniform(*share))

    for row, spec in FIGURES.items():
        if spec is None:
            continue
        (low, high), scaled, share = spec
        put(row, rng.uniform(low, high) * (p["scale"] if scaled else 1), share)
    for period in ("2021", "2022"):
        hn = out[("3.2.1", period)]
        out[("3.2.2", period)] = _round(hn * rng.uniform(45, 85))
        out[("3.2.3.1", period)] = _round(hn * rng.uniform(0.5, 0.75))
        out[("3.2.3.2", period)] = _round(out[("3.2.3.1", period)] * rng.uniform(35, 65))
        out[("3.2.3.3", period)] = _round(out[("3.2.3.2", period)] * rng.uniform(0.12, 0.32))
        out[("3.2.4", period)] = max(1, _round(hn * rng.uniform(0.08, 0.15)))
        out[("3.3.2", period)] = _round(out[("3.3.1", period)] * rng.uniform(12, 24))
        out[("3.4.2", period)] = _round(out[("3.4.1", period)] * rng.uniform(150, 600))
        out[("4.4.2", period)] = _round(out[("4.4.1", period)] * rng.uniform(0.25, 0.45))
    districts = p["districts"]
    v21 = rng.randint(max(3, districts // 2), districts)
    out[("9.3", "2021")], out[("9.3", "2022")] = v21, rng.randint(2, max(2, districts // 2))
    out[("9.2", "2021")] = v21 + rng.randint(0, 3)
    out[("9.2", "2022")] = out[("9.3", "2022")] + rng.randint(0, 2)
    figures = {key: str(value) for key, value in out.items()}
    for row, (r21, r22) in PERCENTAGES.items():
        a = round(rng.uniform(*r21), 1)
        b = round(rng.uniform(*r22), 1)
        figures[(row, "2021")] = format(a, "g") if a != int(a) else str(int(a))
        figures[(row, "2022")] = format(b, "g") if b != int(b) else str(int(b))
    forms = rng.sample(OTHER_FORMS, 2)
    figures[("7.3", "2021")], figures[("7.3", "2022")] = forms
    return figures


def verify(rng: random.Random, figures: dict, kinds: dict) -> dict[tuple[str, str], str]:
    """The team's figures: most confirm the unit's; some are lower, after checking the records."""
    verified = {}
    for key, value in figures.items():
        kind = kinds[key[0]]
        if kind == "text":
            verified[key] = value
            continue
        number = float(value)
        if rng.random() < 0.09 and number >= 5:
            if kind == "percentage":
                number = max(0.0, number - rng.choice([1.5, 2, 3.2, 4.5, 6]))
                verified[key] = format(round(number, 1), "g")
            else:
                verified[key] = str(_round(number * rng.uniform(0.82, 0.97)))
        else:
            verified[key] = value
    return verified


def _due(rng: random.Random, visit: Visit) -> dt.date:
    months = rng.choice([1, 2, 3, 3, 5])
    month = visit.end.month + months
    year = visit.end.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _pick(rng: random.Random, bank: list, count: int) -> list:
    return rng.sample(bank, min(count, len(bank)))


def _answer(rng: random.Random, texts: dict, level: int, field: bool, ctx: dict, visit: Visit,
            extra: list[dict], when: str, rated: bool = True) -> Answer:
    """One answer of an experienced inspector: what was seen, strengths where the unit does
    well, and for each shortcoming its cause, the recommendation remedying it, and sometimes
    the unit's explanation. Nothing said contradicts another part of the answer."""
    prefix = "f" if field and texts.get("field_obs") else "o"
    obs_bank = texts["field_obs"] if prefix == "f" else texts["obs"]
    sh_bank = texts.get("field_sh") if field and texts.get("field_sh") else texts["sh"]
    fill = lambda text: text.format_map(ctx)  # noqa: E731
    n_shortcomings = {0: rng.choice([0, 0, 1]), 1: 1, 2: rng.choice([1, 2]), 3: 2}[level]
    chosen = _pick(rng, sh_bank, n_shortcomings) + extra
    against = set().union(*(s["against"] for s in chosen)) if chosen else set()
    observations = [fill(t) for t in _pick(rng, [t for i, t in enumerate(obs_bank)
                                                 if f"{prefix}{i}" not in against], rng.choice([1, 2]))]
    n_strengths = {0: 2, 1: rng.choice([1, 2]), 2: 1, 3: rng.choice([0, 1])}[level]
    str_bank = texts["field_str"] if field and texts.get("field_str") else texts["str"]
    strengths = [fill(t) for t in _pick(rng, [t for i, t in enumerate(str_bank)
                                              if f"s{i}" not in against], n_strengths)]
    causes = list(dict.fromkeys(fill(s["cause"]) for s in chosen))
    recs = list({fill(s["rec"]): Recommendation(fill(s["rec"]), fill(s["owner"]), _due(rng, visit))
                 for s in chosen}.values())
    explanations = [fill(s["exp"]) for s in chosen if s["exp"] and rng.random() < 0.5]
    if not sh_bank and texts.get("exp"):
        explanations = [fill(t) for t in _pick(rng, texts["exp"], 1)]
    return Answer(rating=RATINGS[level] if rated else None, observations=tuple(observations),
                  strengths=tuple(strengths), shortcomings=tuple(fill(s["text"]) for s in chosen),
                  causes=tuple(causes), recommendations=tuple(recs),
                  explanations=tuple(explanations), recorded_by=BY, recorded_at=when)


class _Figures(dict):
    """{r[3.2.1]} in a template: the figure written the Vietnamese way."""

    def __init__(self, values: dict, period: str, kinds: dict):
        super().__init__()
        self.values, self.period, self.kinds = values, period, kinds

    def __missing__(self, row) -> str:  # "{r[1]}" asks for the integer 1
        return format_figure(self.values[(str(row), self.period)], self.kinds[str(row)]).rstrip("%")


def unit_record(loaded: Loaded, visit: Visit) -> UnitRecord:
    """The sample findings of one unit, the same on every run."""
    slug = visit.unit.slug
    profile = PROVINCES.get(slug, dict(level=1, scale=1.0, districts=10, communes=150,
                                       dan_toc="các dân tộc thiểu số", tieng="tiếng dân tộc",
                                       vung="các huyện miền núi", cach_lam="truyền thông tại thôn, bản"))
    rng = random.Random(f"inspection-sample-findings:{slug}")
    table = loaded.outline.appendix
    kinds = {row.id: row.kind for row, _ in table.leaves()}
    labels = {row.id: row.label for row, _ in table.leaves()}
    reported = make_figures(rng, profile)
    verified = verify(rng, reported, kinds)
    record = UnitRecord(slug, visit.unit.name)
    day1, day2 = visit.days[0].date, visit.days[-1].date

    def stamp(day: dt.date, minute: int) -> str:
        return dt.datetime.combine(day, dt.time(8, 30), TZ).replace(
            hour=8 + (30 + minute) // 60, minute=(30 + minute) % 60).isoformat()

    differences: dict[str, list[dict]] = {}
    for (row, period), value in reported.items():
        if verified[(row, period)] != value:
            text = DIFFERENCE["text"].format(
                row=row, label=labels[row], period=period, reported=format_figure(value, kinds[row]),
                verified=format_figure(verified[(row, period)], kinds[row]))
            differences.setdefault(ITEM_OF_GROUP[row.split(".")[0]], []).append(
                dict(DIFFERENCE, text=text.replace("{", "{{").replace("}", "}}")))
    for n, (row, _) in enumerate(table.leaves()):
        for period in table.periods:
            key = (row.id, period.id)
            record.indicators[key] = IndicatorEntry(row.id, period.id, IndicatorValue(
                reported[key], verified[key], BY, stamp(day1, 300 + n)))
    different_rows = sorted({row for (row, period), v in reported.items() if verified[(row, period)] != v})
    if different_rows:
        record.notes[different_rows[0]] = NOTE_TEXTS[0]
    record.notes["1"] = NOTE_TEXTS[1]
    record.notes["7.1"] = NOTE_TEXTS[2]
    if len(different_rows) > 1:
        record.notes[different_rows[-1]] = NOTE_TEXTS[3]

    sites = {s.id: s for s in visit.sites}
    ctx_base = dict(
        tinh=visit.unit.short_name or visit.unit.name, don_vi=visit.unit.name,
        dan_toc=profile["dan_toc"], tieng=profile["tieng"], vung=profile["vung"],
        cach_lam=profile["cach_lam"], r=_Figures(reported, "2021", kinds),
        r22=_Figures(reported, "2022", kinds), v=_Figures(verified, "2021", kinds),
        r7=reported[("7.3", "2021")].lower()[:1] + reported[("7.3", "2021")][1:],
        kp21=rng.choice(["92,4", "96,8", "98,1", "99,5", "100"]),
        kp22=rng.choice(["38,5", "42,0", "47,3", "51,6", "55,2"]))
    for n, (item_id, site) in enumerate(loaded.checklist.walk(visit)):
        texts = TEXTS[item_id]
        field = site != OFFICE
        ctx = dict(ctx_base)
        if field:
            name = sites[site].name
            ctx.update(huyen=name, noi=f"tại {name}", noi_cap=f"Trụ sở {name}", owner_noi=name)
        else:
            ctx.update(huyen="BHXH huyện", noi="tại trụ sở BHXH tỉnh", noi_cap="Trụ sở BHXH tỉnh",
                       owner_noi="Văn phòng BHXH tỉnh")
        level = min(3, max(0, profile["level"] + rng.choice([-1, 0, 0, 0, 1])))
        ctx.update(n_pano=rng.randint(2, 6), n_loai=rng.randint(3, 7), n_dl=rng.randint(6, 18),
                   tien_do=rng.choice([48, 55, 57, 62, 65]), hn_huyen=rng.randint(18, 45),
                   nguoi_huyen=format_figure(str(rng.randint(9, 30) * 100), "count"),
                   dat_chi_tieu=rng.choice([103, 108, 112, 121] if level < 2 else [78, 86, 91, 94]))
        extra = differences.pop(item_id, []) if not field else []
        if extra and level == 0:
            level = 1  # figures that do not match the records cost a "Tốt"
        when = stamp(day2 if field else day1, n * 4)
        record.findings[(item_id, site)] = Finding(
            item_id, site, _answer(rng, texts, level, field, ctx, visit, extra, when,
                                   rated=item_id != "V"))
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-w", "--workspace", type=Path, default=EXAMPLE,
                        help="the workspace to write into (default: the bundled example)")
    args = parser.parse_args(argv)
    ws = Workspace(args.workspace)
    loaded = ws.load()
    store = FindingsStore(ws, loaded)
    for visit in loaded.campaign.visits:
        store.write(visit, unit_record(loaded, visit))
        path = store.path(visit)
        write_atomic(path, MARK + path.read_text(encoding="utf-8"), display=ws.display(path))
        print(f"Wrote {ws.display(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
