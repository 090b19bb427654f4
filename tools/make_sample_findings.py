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

The texts and figure ranges are in tools/sample_findings.yaml: per checklist item a bank of
observations, strengths and shortcomings; per unit what the team found there (`found:`), as a
real team records it: every item rated with a line or two of what was seen, a handful of
strengths and shortcomings in all, each shortcoming with its cause, a recommendation only where
the team asks for one. The records are built through the model (UnitRecord, Finding, Answer,
IndicatorEntry) and written by FindingsStore.write, so the files have exactly the store's
format.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import random
import re
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
from inspection.vn.text import lcfirst, ucfirst  # noqa: E402

EXAMPLE = ROOT / "examples" / "bhxh-ttt-2022"
BY = "Dữ liệu mẫu (sample data)"
MARK = ("# DỮ LIỆU MẪU (SAMPLE DATA): do tools/make_sample_findings.py tạo ra để dùng thử, không "
        "phải kết quả của một cuộc kiểm tra thật.\n"
        "# Sample data made by tools/make_sample_findings.py for trying the toolkit; not the "
        "findings of a real inspection.\n")
RATINGS = ("tot", "kha", "dat", "chua-dat")
TZ = dt.timezone(dt.timedelta(hours=7))
OFFICE_OWNER = "Phòng Truyền thông và Phát triển đối tượng"

# -- the texts and figures, from the data file ------------------------------------------------

DATA = yaml.safe_load(Path(__file__).with_name("sample_findings.yaml").read_text(encoding="utf-8"))
PROVINCES, FIGURES, PERCENTAGES = DATA["provinces"], DATA["figures"], DATA["percentages"]
OTHER_FORMS, TEXTS, NOTE_TEXTS = DATA["other_forms"], DATA["texts"], DATA["note_texts"]
# Where the team's figures differ from the unit's, the item checking them says so, naming the
# indicator in words (INDICATOR_NAMES), never by its row number.
DIFFERENCE, ITEM_OF_GROUP = DATA["difference"], DATA["item_of_group"]
INDICATOR_NAMES = DATA["indicator_names"]
PERIOD_WORDS = DATA["period_words"]
DEFAULT_PROFILE = dict(level=1, scale=1.0, districts=10, communes=150,
                       dan_toc="các dân tộc thiểu số", tieng="tiếng dân tộc",
                       vung="các huyện miền núi", cach_lam="truyền thông tại thôn, bản",
                       sites={}, found={})
DEFAULT_SITE = dict(xa=15, dvhc="xã, thị trấn")


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


def verify(rng: random.Random, figures: dict, kinds: dict, level: int) -> dict[tuple[str, str], str]:
    """The team's figures: they confirm the unit's but for a few, in one or two of the areas
    checked, lower after checking the records (more of them where the unit does less well)."""
    verified = dict(figures)
    groups = sorted({row.split(".")[0] for row in INDICATOR_NAMES})
    n_groups = 1 if level == 0 else 2 if level >= 2 else rng.choice([1, 2])
    for group in rng.sample(groups, n_groups):
        rows = sorted(row for row in INDICATOR_NAMES if row.split(".")[0] == group)
        for row in rng.sample(rows, min(len(rows), rng.choice([1, 1, 2]))):
            period = rng.choice(["2021", "2022"])
            number = float(figures[(row, period)])
            if kinds[row] == "percentage":
                if number >= 10:
                    verified[(row, period)] = format(round(number - rng.choice([1.5, 2, 3.2, 4.5]), 1), "g")
            elif number >= 20:
                verified[(row, period)] = str(_round(number * rng.uniform(0.82, 0.95)))
    return verified


def _due(visit: Visit, months: int) -> dt.date | None:
    """The end of the month `months` after the visit; none for a standing task (0)."""
    if not months:
        return None
    month = visit.end.month + months
    year = visit.end.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


# -- what the team found at one unit ----------------------------------------------------------

_REF = re.compile(r"^([sh])(\d+)([!?]*)$")


def _bank(texts: dict, name: str, field: bool) -> list:
    return texts.get(f"field_{name}") if field and texts.get(f"field_{name}") else texts.get(name) or []


def _found(texts: dict, entries: list, field: bool, where: str):
    """The strengths, shortcomings and forced observations one `found:` list names.

    An entry is "s1" (strength 1 of the item's bank), "h0" (shortcoming 0, with its cause),
    "h0!" (… and the recommendation remedying it), "h0?" (… and the unit's explanation), a
    mapping {h: 0, …} overriding parts of a bank shortcoming, {str: …} a strength, {obs: …} an
    observation, or a mapping with `text` and `cause` (and maybe `rec`, `owner`, `exp`,
    `months`, `against`) for a shortcoming of this unit only."""
    strengths, shortcomings, observations, chosen_str = [], [], [], set()
    for entry in entries:
        if isinstance(entry, str):
            match = _REF.match(entry)
            if not match:
                raise ValueError(f"{where}: {entry!r} is not s<N> or h<N>[!?]")
            kind, index, flags = match.group(1), int(match.group(2)), match.group(3)
            if kind == "s":
                strengths.append(_bank(texts, "str", field)[index])
                chosen_str.add(f"s{index}")
                continue
            entry = {"h": index, "flags": flags}
        if "str" in entry:
            strengths.append(entry["str"])
        elif "obs" in entry:
            observations.append(entry["obs"])
        elif "h" in entry:
            base = dict(_bank(texts, "sh", field)[entry["h"]])
            flags = entry.get("flags", "")
            base.update({k: v for k, v in entry.items() if k not in ("h", "flags")})
            base["with_rec"] = "!" in flags or "rec" in entry
            base["with_exp"] = "?" in flags or "exp" in entry
            shortcomings.append(base)
        else:
            shortcomings.append(dict(entry, with_rec="rec" in entry, with_exp="exp" in entry))
    for sh in shortcomings:
        clash = chosen_str & set(sh.get("against", ()))
        if clash:
            raise ValueError(f"{where}: {sh['text']!r} contradicts strength {sorted(clash)}")
    return strengths, shortcomings, observations


def _observations(rng: random.Random, texts: dict, field: bool, against: set, forced: list,
                  used: set) -> list[str]:
    """What the team saw: the figures first where the item has them, then one more line (at
    a field site one line); a site is not described in the words used for another place."""
    prefix = "f" if field and texts.get("field_obs") else "o"
    bank = texts["field_obs"] if prefix == "f" else texts["obs"]
    allowed = [i for i in range(len(bank)) if f"{prefix}{i}" not in against]
    always = [] if prefix == "f" or field else [i for i in texts.get("always", []) if i in allowed]
    count = 1 if field else texts.get("n_obs", 1)
    chosen = list(always)
    pool = [i for i in allowed if i not in chosen]
    while len(forced) + len(chosen) < count and pool:
        fresh = [i for i in pool if i not in used] or pool
        pick = rng.choice(fresh)
        chosen.append(pick)
        pool.remove(pick)
    if not forced and not chosen:
        raise ValueError(f"no observation left for {texts['obs'][0]!r}")
    used.update(chosen)
    return forced + [bank[i] for i in sorted(chosen)]


def _difference(rows: list[tuple[str, str, str, str]]) -> str:
    """The figures the team found otherwise, named in words: "Tổng số người tham dự hội nghị
    năm 2021: đơn vị báo cáo 11.720 người, Đoàn kiểm tra xác định 10.400 người theo hồ sơ lưu."""
    if len(rows) == 1:
        name, period, reported, verified = rows[0]
        return (f"{ucfirst(name)} {period}: đơn vị báo cáo {reported}, Đoàn kiểm tra xác định "
                f"{verified} theo hồ sơ lưu.")
    return DIFFERENCE["several"] + " " + "; ".join(
        f"{name} {period} đơn vị báo cáo {reported}, Đoàn kiểm tra xác định {verified}"
        for name, period, reported, verified in rows) + "."


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
    profile = dict(DEFAULT_PROFILE, **PROVINCES.get(slug, {}))
    rng = random.Random(f"inspection-sample-findings:{slug}")
    table = loaded.outline.appendix
    kinds = {row.id: row.kind for row, _ in table.leaves()}
    units = {row.id: row.unit for row, _ in table.leaves()}
    reported = make_figures(rng, profile)
    verified = verify(rng, reported, kinds, profile["level"])
    record = UnitRecord(slug, visit.unit.name)
    day1, day2 = visit.days[0].date, visit.days[-1].date

    def stamp(day: dt.date, minute: int) -> str:
        return dt.datetime.combine(day, dt.time(8, 30), TZ).replace(
            hour=8 + (30 + minute) // 60, minute=(30 + minute) % 60).isoformat()

    def shown(row: str, value: str) -> str:
        name, unit = INDICATOR_NAMES[row]
        figure = format_figure(value, kinds[row])
        return figure if kinds[row] == "percentage" or not (unit or units[row]) \
            else f"{figure} {unit or units[row]}"

    found_rows: dict[str, list] = {}
    for (row, period), value in sorted(reported.items()):
        if verified[(row, period)] != value:
            found_rows.setdefault(ITEM_OF_GROUP[row.split(".")[0]], []).append(
                (INDICATOR_NAMES[row][0], PERIOD_WORDS[period], shown(row, value),
                 shown(row, verified[(row, period)])))
    differences = {}
    for n, (item_id, rows) in enumerate(sorted(found_rows.items(), key=lambda kv: kv[0])):
        text = _difference(rows).replace("{", "{{").replace("}", "}}")
        differences[item_id] = dict(DIFFERENCE, text=text, with_rec=n == 0, with_exp=False)
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
        r7=lcfirst(reported[("7.3", "2021")]),
        kp21=rng.choice(["92,4", "96,8", "98,1", "99,5", "100"]),
        kp22=rng.choice(["38,5", "42,0", "47,3", "51,6", "55,2"]))
    used: dict[tuple[str, bool], set] = {}  # per item and bank
    for n, (item_id, site) in enumerate(loaded.checklist.walk(visit)):
        texts = TEXTS[item_id]
        field = site != OFFICE
        ctx = dict(ctx_base)
        if field:
            name = sites[site].name
            facts = dict(DEFAULT_SITE, **profile["sites"].get(site, {}))
            dia_ban = re.sub(r"^BHXH\s+", "", name)
            cap = next((c for c in ("thị xã", "thành phố", "quận") if dia_ban.startswith(c)), "huyện")
            ctx.update(huyen=name, dia_ban=dia_ban, noi=f"tại {name}", noi_cap=f"Trụ sở {name}",
                       o_noi="", owner_noi=name, cap=cap, cap_uy={"thị xã": "Thị ủy", "thành phố": "Thành ủy",
                                                        "quận": "Quận ủy"}.get(cap, "Huyện ủy"),
                       **facts)
        else:
            ctx.update(huyen="BHXH huyện", dia_ban="các huyện", noi="tại trụ sở BHXH tỉnh",
                       noi_cap="Trụ sở BHXH tỉnh", o_noi=" tại trụ sở BHXH tỉnh",
                       owner_noi="Văn phòng BHXH tỉnh")
        ctx.update(n_pano=rng.randint(2, 6), n_loai=rng.randint(3, 7), n_dl=rng.randint(6, 18),
                   tien_do=rng.choice([48, 55, 57, 62, 65]), hn_huyen=rng.randint(18, 45),
                   nguoi_huyen=format_figure(str(rng.randint(9, 30) * 100), "count"))
        fill = lambda text: text.format_map(ctx)  # noqa: E731
        key = item_id if not field else f"{item_id}@{site}"
        strengths, shortcomings, forced = _found(texts, profile["found"].get(key, []), field,
                                                 f"{slug} {key}")
        if not field and item_id in differences:
            shortcomings.append(differences[item_id])
        against = set().union(*(set(s.get("against", ())) for s in shortcomings))
        observations = _observations(rng, texts, field, against, forced,
                                     used.setdefault((item_id, field and bool(texts.get("field_obs"))), set()))
        level = min(3, max(0, profile["level"] + rng.choice([-1, 0, 0, 0, 1])))
        # a shortcoming costs a "Tốt", two an "Khá"; "Chưa đạt yêu cầu" where nothing was good
        level = max(level, min(2, len(shortcomings))) if shortcomings else min(level, 2)
        if strengths:
            level = min(level, 2)
        recs: dict[str, Recommendation] = {}
        for sh in shortcomings:
            if sh["with_rec"]:
                text = fill(sh["rec"])
                owner = fill(sh.get("owner") or ("{huyen}" if field else OFFICE_OWNER))
                months = sh["months"] if "months" in sh else rng.choice([2, 3, 3, 4])
                recs.setdefault(text, Recommendation(text, owner, _due(visit, months)))
        causes = list(dict.fromkeys(fill(s["cause"]) for s in shortcomings))
        explanations = [fill(s["exp"]) for s in shortcomings if s["with_exp"]]
        when = stamp(day2 if field else day1, n * 4)
        record.findings[(item_id, site)] = Finding(item_id, site, Answer(
            rating=RATINGS[level] if item_id != "V" else None,
            observations=tuple(fill(t) for t in observations),
            strengths=tuple(fill(t) for t in strengths),
            shortcomings=tuple(fill(s["text"]) for s in shortcomings), causes=tuple(causes),
            recommendations=tuple(recs.values()), explanations=tuple(explanations),
            recorded_by=BY, recorded_at=when))
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
