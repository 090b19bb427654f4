"""Synthetic campaigns for the benchmark: a national one (34 provinces, everything recorded)
and a commune-level one (3,321 communes, wards and special zones).

Deterministic for a given seed. The findings are written through the store's own writer, so
the files are exactly what `inspection record` would leave.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

from inspection.files import yamlfile
from inspection.files.workspace import Workspace
from inspection.model.findings import (Answer, Finding, IndicatorEntry, IndicatorValue,
                                       Recommendation, UnitRecord)
from inspection.recording.store import FindingsStore
from inspection.vn import workdays
from inspection.vn.text import slugify

PROVINCES_2025 = [
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ",
    "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi",
    "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai", "Tây Ninh",
    "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
]
SYLLABLES = [
    "An", "Bình", "Cát", "Châu", "Đông", "Đức", "Gia", "Hà", "Hải", "Hòa", "Hồng", "Hưng",
    "Kim", "Lạc", "Lâm", "Long", "Minh", "Mỹ", "Nam", "Ngọc", "Phú", "Phúc", "Phước", "Quang",
    "Sơn", "Tân", "Thạch", "Thanh", "Thành", "Thịnh", "Thuận", "Tiến", "Trung", "Trường", "Tường",
    "Vĩnh", "Xuân", "Yên", "Bảo", "Cẩm", "Diên", "Hiệp", "Khánh", "Lộc", "Nghĩa", "Quế", "Tây",
    "Thới", "Văn", "Vạn",
]
OBSERVATIONS = [
    "Đơn vị đã ban hành kế hoạch công tác thông tin, truyền thông năm, có phân công nhiệm vụ cụ thể cho từng phòng và BHXH cơ sở.",
    "Hồ sơ lưu trữ đầy đủ các văn bản chỉ đạo, hướng dẫn; số liệu báo cáo khớp với sổ theo dõi của đơn vị.",
    "Đã phối hợp với Đài Phát thanh - Truyền hình tỉnh duy trì chuyên mục định kỳ về chính sách BHXH, BHYT.",
    "Trang thông tin điện tử cập nhật tin bài thường xuyên; một số chuyên mục chưa được cập nhật từ đầu năm.",
    "Số liệu tại Phụ lục do đơn vị báo cáo có chênh lệch nhỏ so với số liệu Đoàn kiểm tra đối chiếu tại sổ sách.",
    "Tổ chức hội nghị khách hàng tại các xã, phường có số người tham gia BHXH tự nguyện thấp.",
    "Pano, áp phích tuyên truyền tại bộ phận một cửa được bố trí ở vị trí dễ quan sát, nội dung còn phù hợp.",
]
STRENGTHS = [
    "Lãnh đạo đơn vị quan tâm, chỉ đạo sát sao công tác thông tin, truyền thông.",
    "Hình thức truyền thông đa dạng, chú trọng truyền thông trên mạng xã hội và qua nhân vật thực tế.",
    "Phối hợp tốt với Bưu điện và các tổ chức dịch vụ thu trong vận động người dân tham gia.",
    "Đội ngũ cộng tác viên được duy trì ổn định, được tập huấn định kỳ.",
]
SHORTCOMINGS = [
    "Chưa xây dựng kế hoạch truyền thông riêng cho nhóm lao động tự do, nông dân.",
    "Việc lưu trữ hồ sơ, tài liệu chứng minh kết quả truyền thông chưa khoa học, khó tra cứu.",
    "Số lượng tin, bài về BHXH tự nguyện trên báo, đài địa phương còn ít so với kế hoạch.",
    "Một số bảng tin tại BHXH cơ sở đã cũ, nội dung chưa được thay mới theo quy định hiện hành.",
]
CAUSES = [
    "Nguyên nhân chủ quan: cán bộ làm công tác truyền thông còn kiêm nhiệm nhiều việc.",
    "Nguyên nhân khách quan: kinh phí truyền thông được giao thấp so với nhu cầu thực tế.",
    "Nguyên nhân khách quan: địa bàn rộng, giao thông đi lại khó khăn, dân cư phân tán.",
]
RECOMMENDATIONS = [
    "Xây dựng kế hoạch truyền thông theo từng nhóm đối tượng, trong đó ưu tiên nhóm lao động tự do.",
    "Sắp xếp, lưu trữ hồ sơ, tài liệu truyền thông theo từng nội dung, đảm bảo dễ tra cứu.",
    "Tăng cường phối hợp với cơ quan báo chí địa phương, nâng số lượng tin, bài về BHXH tự nguyện.",
    "Rà soát, thay mới các pano, bảng tin đã xuống cấp tại trụ sở và BHXH cơ sở.",
]
OWNERS = ["Phòng Truyền thông và Phát triển đối tượng", "Văn phòng", "Giám đốc BHXH tỉnh",
          "BHXH cơ sở", "Phòng Quản lý thu"]


def _days(start: dt.date, count: int) -> list[dt.date]:
    day = start if workdays.is_working_day(start) else workdays.next_working_day(start)
    days = [day]
    while len(days) < count:
        days.append(workdays.next_working_day(days[-1]))
    return days


def _answer(rng: random.Random, scale: list[str], due: dt.date, sample_of: int) -> Answer:
    return Answer(
        rating=rng.choice(scale),
        observations=tuple(rng.sample(OBSERVATIONS, 2)),
        strengths=(rng.choice(STRENGTHS),),
        shortcomings=tuple(rng.sample(SHORTCOMINGS, 1 + sample_of % 2)),
        causes=(rng.choice(CAUSES),),
        recommendations=(Recommendation(rng.choice(RECOMMENDATIONS), rng.choice(OWNERS), due),),
        explanations=("Đơn vị tiếp thu và sẽ khắc phục trong quý tới.",) if sample_of % 3 == 0 else (),
        recorded_by="Dữ liệu tổng hợp (benchmark)",
        recorded_at="2026-07-15T10:00:00+07:00",
    )


def _figure(rng: random.Random, kind: str) -> str:
    if kind == "percentage":
        return f"{rng.randint(300, 1000) / 10:g}"
    if kind == "amount":
        return str(rng.randint(50, 5000))
    if kind == "text":
        return "Tổ chức tọa đàm trực tuyến, truyền thông qua Zalo OA của đơn vị"
    return str(rng.randint(0, 2500))


def fill_findings(root: Path, seed: int = 1) -> int:
    """Record every checklist item at every site and every indicator for every unit."""
    rng = random.Random(seed)
    ws = Workspace(root)
    loaded = ws.load()
    store = FindingsStore(ws, loaded)
    scale = [level.id for level in loaded.checklist.scale]
    table = loaded.outline.appendix
    count = 0
    for number, visit in enumerate(loaded.campaign.visits):
        record = UnitRecord(visit.unit.slug, visit.unit.name)
        due = (visit.end or dt.date(2026, 12, 31)) + dt.timedelta(days=90)
        for item, site in loaded.checklist.walk(visit):
            record.findings[(item, site)] = Finding(item, site, _answer(rng, scale, due, number))
            count += 1
        for row, _ in (table.leaves() if table else ()):
            for period in table.periods:
                reported = _figure(rng, row.kind)
                verified = reported if rng.random() < 0.8 else _figure(rng, row.kind)
                record.indicators[(row.id, period.id)] = IndicatorEntry(
                    row.id, period.id, IndicatorValue(reported, verified, "benchmark",
                                                      "2026-07-15T10:00:00+07:00"))
        store.write(visit, record)
    return count


def _schedule(title: str, outline: str, checklist: str, window: tuple[dt.date, dt.date],
              teams: list[list[str]], visits: list[dict]) -> str:
    data = {
        "id": slugify(title)[:40], "title": title,
        "agency": {"name": "Bảo hiểm xã hội Việt Nam", "short_name": "BHXH Việt Nam"},
        "place": "Hà Nội", "number_pattern": "{number}/{type}-BHXH",
        "outline": outline, "checklist": checklist,
        "period": {"from": "2025-07-01", "to": None},
        "window": {"from": window[0].isoformat(), "to": window[1].isoformat()},
        "signer": {"authority": "KT. TỔNG GIÁM ĐỐC", "title": "PHÓ TỔNG GIÁM ĐỐC", "name": "Nguyễn Văn Thử"},
        "recipients": ["Tổng Giám đốc (để b/c);"], "archive": "VT, TT",
        "teams": [{"id": f"doan-{i + 1}", "name": f"Đoàn kiểm tra số {i + 1}",
                   "members": [{"name": name, "role": "Trưởng đoàn" if j == 0 else "Thành viên"}
                               for j, name in enumerate(members)]}
                  for i, members in enumerate(teams)],
        "visits": visits,
    }
    return "# Synthetic campaign for the benchmark (bench/synthetic.py); invented data.\n" + \
        yamlfile.dump(data)


def _people(count: int, rng: random.Random) -> list[str]:
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
    middle = ["Văn", "Thị", "Minh", "Thu", "Đức", "Hoàng", "Thanh", "Ngọc"]
    seen: set[str] = set()
    while len(seen) < count:
        seen.add(f"{rng.choice(family)} {rng.choice(middle)} {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}")
    return sorted(seen)


def fill_followup(root: Path, per_unit: int = 10, seed: int = 1) -> int:
    """An issued conclusion for every unit with `per_unit` recommendations in the follow-up
    register, a third of them reported on once or twice; written as the store writes them."""
    from inspection.files.atomic import write_atomic
    from inspection.followup import model, store
    from inspection.followup.model import Tracked, UnitFollowup, Update

    rng = random.Random(seed)
    ws = Workspace(root)
    loaded = ws.load()
    store.folder(ws).mkdir(exist_ok=True)
    count = 0
    for number, visit in enumerate(loaded.campaign.visits, 1):
        issued = (visit.end or dt.date(2026, 7, 1)) + dt.timedelta(days=20)
        recs = []
        for order in range(1, per_unit + 1):
            updates: tuple = ()
            if rng.random() < 0.33:
                updates = tuple(Update(status=rng.choice(model.STATUSES[1:]),
                                       date=issued + dt.timedelta(days=rng.randint(5, 60)),
                                       done=rng.choice(OBSERVATIONS),
                                       reason="Đơn vị đã sáp nhập" if rng.random() < 0.1 else None,
                                       reported_by=visit.unit.name, recorded_by="benchmark",
                                       recorded_at="2026-10-01T09:00:00+07:00", via="set")
                                for _ in range(rng.randint(1, 2)))
            recs.append(Tracked(
                id=f"{number:02d}/TB-BHXH.{order}", unit=visit.unit.slug,
                conclusion=f"{number:02d}/TB-BHXH", conclusion_date=issued, order=order,
                text=rng.choice(RECOMMENDATIONS), owner=rng.choice(OWNERS),
                due=issued + dt.timedelta(days=rng.randint(15, 120)),
                report_by=issued + dt.timedelta(days=30), ref=f"KN{order}", updates=updates,
                campaign=loaded.campaign.id))
            count += 1
        register = UnitFollowup(visit.unit.slug, visit.unit.name, recs)
        path = store.unit_path(ws, visit.unit.slug)
        write_atomic(path, yamlfile.dump(store.unit_data(register)), display=str(path))
    return count


def national(target: Path, seed: int = 1) -> Path:
    """34 provincial offices (2025 names), 2 days each (office, then two field sites), 4 teams."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    people = _people(20, rng)
    teams = [people[i * 5:(i + 1) * 5] for i in range(4)]
    start, end = dt.date(2026, 7, 1), dt.date(2026, 9, 30)
    visits, cursor = [], {i: start for i in range(4)}
    for number, province in enumerate(PROVINCES_2025):
        team = number % 4
        day1, day2 = _days(cursor[team], 2)
        cursor[team] = workdays.next_working_day(day2)
        name = f"BHXH {'thành phố' if province in ('Hà Nội', 'Hải Phòng', 'Đà Nẵng', 'Cần Thơ', 'Huế', 'Hồ Chí Minh') else 'tỉnh'} {province}"
        visits.append({
            "unit": {"name": name, "short_name": province, "province": province},
            "team": f"doan-{team + 1}",
            "days": [{"date": day1.isoformat(), "place": f"Trụ sở {name}"},
                     {"date": day2.isoformat(), "sites": [
                         {"id": "co-so-1", "name": f"BHXH cơ sở {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"},
                         {"id": "co-so-2", "name": f"BHXH cơ sở {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"}]}],
            "representatives": [{"name": rng.choice(people), "title": f"Giám đốc {name}"}],
        })
    (target / "schedule.yaml").write_text(
        _schedule("Kiểm tra công tác thông tin, truyền thông năm 2026 (tổng hợp)", "bhxh-ttt-2022",
                  "bhxh-ttt-2022", (start, end), teams, visits), encoding="utf-8")
    fill_findings(target, seed)
    fill_followup(target, seed=seed)
    return target




def communes(target: Path, count: int = 3321, seed: int = 1) -> Path:
    """`count` communes, wards and special zones, one day each (office and one village), 60
    teams, the Mẫu 02 outline."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    teams_count = 60
    people = _people(teams_count * 3, rng)
    teams = [people[i * 3:(i + 1) * 3] for i in range(teams_count)]
    start, end = dt.date(2026, 1, 5), dt.date(2026, 12, 31)
    names: list[str] = []
    slugs: set[str] = set()
    kinds = ["Xã", "Phường", "Đặc khu"]
    while len(names) < count:
        name = f"{rng.choice(kinds[:2]) if rng.random() > 0.003 else kinds[2]} " \
               f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
        if slugify(name) not in slugs:
            slugs.add(slugify(name))
            names.append(name)
    visits, cursor = [], {i: start for i in range(teams_count)}
    for number, name in enumerate(names):
        team = number % teams_count
        (day,) = _days(cursor[team], 1)
        cursor[team] = workdays.next_working_day(day)
        visits.append({"unit": {"name": name, "province": rng.choice(PROVINCES_2025)},
                       "team": f"doan-{team + 1}",
                       "days": [{"date": day.isoformat(), "sites": [
                           {"id": "thon-1", "name": f"Thôn {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"}]}]})
    (target / "schedule.yaml").write_text(
        _schedule("Kiểm tra công tác truyền thông cấp xã năm 2026 (tổng hợp)", "bhxh-ttt-mau-02",
                  "bhxh-ttt-mau-02", (start, end), teams, visits), encoding="utf-8")
    fill_findings(target, seed)
    fill_followup(target, seed=seed)
    return target
