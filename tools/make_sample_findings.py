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

The records are built through the model (UnitRecord, Finding, Answer, IndicatorEntry) and
written by FindingsStore.write, so the files have exactly the store's format.
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

from inspection.fileio import write_atomic  # noqa: E402
from inspection.findings import (OFFICE, Answer, Finding, IndicatorEntry,  # noqa: E402
                                 IndicatorValue, Recommendation, UnitRecord)
from inspection.indicators import format_figure  # noqa: E402
from inspection.model import Visit  # noqa: E402
from inspection.store import FindingsStore, walk  # noqa: E402
from inspection.workspace import Loaded, Workspace  # noqa: E402

EXAMPLE = ROOT / "examples" / "bhxh-ttt-2022"
BY = "Dữ liệu mẫu (sample data)"
MARK = ("# DỮ LIỆU MẪU (SAMPLE DATA): do tools/make_sample_findings.py tạo ra để dùng thử, không "
        "phải kết quả của một cuộc kiểm tra thật.\n"
        "# Sample data made by tools/make_sample_findings.py for trying the toolkit; not the "
        "findings of a real inspection.\n")
RATINGS = ("tot", "kha", "dat", "chua-dat")
TZ = dt.timezone(dt.timedelta(hours=7))

# -- the units: what an inspector would know of each province ---------------------------------

PROVINCES = {
    "bhxh-tinh-yen-bai": dict(level=1, scale=0.85, districts=9, communes=173,
                              dan_toc="Mông, Dao, Tày", tieng="tiếng Mông",
                              vung="các huyện vùng cao Mù Cang Chải, Trạm Tấu",
                              cach_lam="phối hợp với Hội Nông dân tổ chức hội nghị đối thoại tại nhà văn hóa thôn vào buổi tối"),
    "bhxh-tinh-lao-cai": dict(level=1, scale=0.75, districts=9, communes=152,
                              dan_toc="Mông, Dao, Giáy", tieng="tiếng Mông và tiếng Dao",
                              vung="các huyện vùng cao Si Ma Cai, Mường Khương, Bắc Hà",
                              cach_lam="phát chương trình truyền thông bằng tiếng Mông trên sóng Đài Phát thanh - Truyền hình tỉnh"),
    "bhxh-tinh-phu-tho": dict(level=0, scale=1.5, districts=13, communes=225,
                              dan_toc="Mường, Dao", tieng="tiếng Mường",
                              vung="các huyện miền núi Tân Sơn, Thanh Sơn, Yên Lập",
                              cach_lam="gắn truyền thông với các ngày hội văn hóa và Lễ hội Đền Hùng, dựng điểm tư vấn lưu động"),
    "bhxh-tinh-hoa-binh": dict(level=2, scale=0.87, districts=10, communes=151,
                               dan_toc="Mường, Thái, Dao", tieng="tiếng Mường",
                               vung="các huyện Đà Bắc, Mai Châu, Lạc Sơn",
                               cach_lam="mời người có uy tín trong cộng đồng tham gia tư vấn tại hội nghị thôn, bản"),
    "bhxh-tinh-gia-lai": dict(level=2, scale=1.55, districts=17, communes=220,
                              dan_toc="Jrai, Bahnar", tieng="tiếng Jrai và tiếng Bahnar",
                              vung="các huyện Chư Păh, Ia Grai, Kông Chro, Krông Pa",
                              cach_lam="phối hợp với già làng, người có uy tín tuyên truyền tại nhà rông"),
    "bhxh-tinh-binh-dinh": dict(level=0, scale=1.5, districts=11, communes=155,
                                dan_toc="Bana, Chăm, Hrê", tieng="tiếng Bana",
                                vung="các huyện miền núi An Lão, Vĩnh Thạnh, Vân Canh",
                                cach_lam="phối hợp với nghiệp đoàn nghề cá truyền thông cho ngư dân ngay tại cảng cá, bến thuyền"),
    "bhxh-tinh-nghe-an": dict(level=1, scale=3.3, districts=21, communes=460,
                              dan_toc="Thái, Khơ Mú, Mông", tieng="tiếng Thái",
                              vung="các huyện miền Tây Kỳ Sơn, Tương Dương, Quế Phong",
                              cach_lam="vận động các hội đồng hương, doanh nghiệp tặng sổ BHXH, thẻ BHYT cho hộ nghèo, cận nghèo"),
    "bhxh-tinh-quang-binh": dict(level=1, scale=0.9, districts=8, communes=151,
                                 dan_toc="Bru - Vân Kiều, Chứt", tieng="tiếng Bru - Vân Kiều",
                                 vung="các huyện Minh Hóa, Tuyên Hóa và vùng bãi ngang ven biển",
                                 cach_lam="lồng ghép truyền thông vào các buổi sinh hoạt của chi hội phụ nữ ở vùng bãi ngang"),
}

# -- indicator figures: (low, high) for 2021 per million inhabitants when scaled ---------------
# and the share of 2021 reached in "những tháng đầu năm 2022" (visits in July-August).

FIGURES = {
    "1": ((4, 9), False, (0.35, 0.6)),
    "3.1.1": ((12, 28), False, (0.1, 0.3)),
    "3.1.2": ((4, 12), False, (0.6, 1.0)),
    "3.2.1": ((250, 480), True, (0.42, 0.6)),
    "3.2.4": None, "3.2.2": None, "3.2.3.1": None, "3.2.3.2": None, "3.2.3.3": None,
    "3.3.1": ((600, 1400), True, (0.4, 0.6)),
    "3.3.2": None,
    "3.4.1": ((1, 4), False, (0.5, 1.0)),
    "3.4.2": None,
    "4.1.1": ((3, 8), False, (0.6, 1.0)),
    "4.1.2": ((2, 5), False, (0.8, 1.0)),
    "4.2": ((300, 650), True, (0.45, 0.6)),
    "4.3": ((24, 80), False, (0.4, 0.6)),
    "4.4.1": ((3000, 9000), True, (0.45, 0.6)),
    "4.4.2": None,
    "5.1": ((40000, 110000), True, (0.4, 0.7)),
    "5.2": ((4, 10), False, (0.4, 0.7)),
    "6.1": ((350, 900), False, (0.45, 0.6)),
    "6.2": ((30, 80), False, (0.4, 0.6)),
    "6.3": ((40, 220), False, (0.4, 0.65)),
    "6.4": ((200000, 650000), True, (0.45, 0.65)),
    "7.1": ((3, 12), False, (1.0, 1.25)),
    "7.2.1": ((6, 30), False, (0.45, 0.7)),
    "7.2.2": ((3000, 12000), True, (0.5, 0.75)),
    "7.2.3": ((8000, 40000), True, (0.5, 0.75)),
    "8.1": ((250, 700), True, (0.95, 1.1)),
    "8.2": ((6, 20), False, (0.35, 0.6)),
    "9.1": ((15, 40), False, (0.4, 0.6)),
}
PERCENTAGES = {  # (2021 range, 2022 range)
    "2.1.1": ((85, 100), (60, 95)),
    "2.1.2": ((70, 98), (50, 90)),
    "2.2.1": ((75, 95), (50, 85)),
    "2.2.2": ((40, 75), (30, 60)),
    "2.2.3": ((25, 60), (20, 45)),
    "3.2.5": ((70, 100), (40, 85)),
}
OTHER_FORMS = [
    "Tổ chức cuộc thi trực tuyến tìm hiểu chính sách BHXH, BHYT trên Fanpage và Zalo OA của đơn vị",
    "Phát sóng tiểu phẩm ngắn về BHXH tự nguyện do cán bộ, viên chức tự dàn dựng trên kênh Youtube",
    "Livestream tư vấn chính sách vào tối thứ Sáu hằng tuần, trả lời trực tiếp câu hỏi của người xem",
    "Lập nhóm Zalo với trưởng thôn, bản để chuyển tiếp thông tin chính sách mới đến từng hộ gia đình",
    "Phối hợp với Đoàn Thanh niên đưa mã QR tra cứu quá trình tham gia BHXH lên bảng tin các xã",
]


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


# -- what the team wrote, item by item ----------------------------------------------------------

def S(text: str, cause: str, rec: str, owner: str, exp: str | None = None,
      against: tuple[str, ...] = ()) -> dict:
    """A shortcoming with its cause, the recommendation that remedies it, maybe the unit's
    explanation, and the observations ("o1", field "f1") and strengths ("s0") it contradicts."""
    return dict(text=text, cause=cause, rec=rec, owner=owner, exp=exp, against=set(against))


OWNER = "Phòng Truyền thông và Phát triển đối tượng"

# {tinh}: the province; {noi}: where (at the office or a district); {huyen}: the district;
# {r[ROW]}, {r22[ROW]}: the figure the unit reported for 2021, 2022.
TEXTS: dict[str, dict] = {
    "I.1": dict(
        obs=["Năm 2021 BHXH tỉnh tham mưu {r[1]} văn bản, 06 tháng đầu năm 2022 tham mưu {r22[1]} văn bản với Tỉnh ủy, HĐND, UBND tỉnh; Đoàn đã đối chiếu với danh mục văn bản do đơn vị cung cấp.",
             "Tỉnh ủy {tinh} ban hành kế hoạch thực hiện Nghị quyết số 28-NQ/TW và chỉ thị về tăng cường lãnh đạo thực hiện chính sách BHXH, BHYT, trong đó giao nhiệm vụ truyền thông cho các sở, ngành, UBND cấp huyện.",
             "UBND tỉnh giao chỉ tiêu phát triển người tham gia BHXH, BHYT đến từng huyện, xã theo đề xuất của BHXH tỉnh; việc giao chỉ tiêu được đưa vào đánh giá thi đua hằng năm."],
        str=["Chủ động tham mưu kịp thời; các văn bản của tỉnh nêu rõ trách nhiệm của từng sở, ngành, địa phương trong công tác truyền thông.",
             "Tham mưu được cơ chế hỗ trợ thêm mức đóng BHXH tự nguyện từ ngân sách địa phương cho người thuộc hộ cận nghèo.",
             "Ban chỉ đạo thực hiện chính sách BHXH, BHYT tỉnh hoạt động thường xuyên, có quy chế và kế hoạch kiểm tra hằng năm."],
        sh=[S("Chưa tham mưu được cơ chế hỗ trợ người tham gia BHXH tự nguyện, BHYT hộ gia đình từ ngân sách tỉnh ngoài mức hỗ trợ của Trung ương.",
              "Ngân sách địa phương còn hạn hẹp, tỉnh chưa tự cân đối được thu chi (khách quan).",
              "Tiếp tục tham mưu UBND tỉnh trình HĐND tỉnh ban hành nghị quyết hỗ trợ thêm mức đóng BHXH tự nguyện cho người có thu nhập thấp.",
              "Ban Giám đốc BHXH tỉnh",
              "Đơn vị cho biết đã hai lần trình dự thảo nghị quyết hỗ trợ nhưng chưa được thông qua do ngân sách tỉnh khó khăn.",
              ("s1",)),
            S("Một số văn bản tham mưu chưa có nội dung cụ thể về công tác truyền thông, chủ yếu giao chỉ tiêu phát triển người tham gia.",
              "Đơn vị chưa chủ động đề xuất nội dung truyền thông khi xây dựng dự thảo văn bản (chủ quan).",
              "Khi tham mưu văn bản chỉ đạo, đề xuất rõ nhiệm vụ truyền thông của từng sở, ngành, UBND cấp huyện, cấp xã.",
              OWNER, None, ("s0",)),
            S("Chưa tham mưu cơ chế kiểm tra, giám sát, đánh giá kết quả truyền thông đối với Ban chỉ đạo cấp huyện.",
              "Đơn vị tập trung vào chỉ tiêu thu, chưa quan tâm đánh giá kết quả truyền thông (chủ quan).",
              "Tham mưu Ban chỉ đạo tỉnh đưa kết quả công tác truyền thông vào nội dung kiểm tra, giám sát hằng năm đối với cấp huyện.",
              OWNER)]),
    "I.2": dict(
        obs=["Tỷ lệ CCVC, NLĐ làm công tác truyền thông được tập huấn năm 2021 đơn vị báo cáo {r[2.1.1]}%; tỷ lệ lực lượng lao động được truyền thông về BHXH tự nguyện {r[2.2.3]}%.",
             "Đơn vị đã ban hành kế hoạch thực hiện Kế hoạch số 1420/KH-BHXH, giao chỉ tiêu cho các phòng và BHXH huyện.",
             "Đoàn đếm danh sách học viên các lớp tập huấn năm 2021 và đối chiếu với tổng số CCVC làm công tác truyền thông."],
        str=["Các chỉ tiêu về nhân lực truyền thông đạt và vượt mục tiêu Kế hoạch số 1420/KH-BHXH.",
             "Có sổ theo dõi, danh sách học viên đầy đủ, tính toán tỷ lệ có căn cứ."],
        sh=[S("Tỷ lệ lực lượng lao động được truyền thông về BHXH tự nguyện còn thấp so với mục tiêu của Quyết định số 294/QĐ-LĐTBXH.",
              "Lực lượng lao động phi chính thức phân tán, nhiều người đi làm ăn xa (khách quan).",
              "Tăng truyền thông nhóm nhỏ và trên mạng xã hội hướng tới lao động tự do, lao động đi làm ăn xa.",
              OWNER),
            S("Cách tính tỷ lệ cán bộ, đảng viên được truyền thông chưa có số liệu gốc, chủ yếu ước tính.",
              "Chưa có hướng dẫn thống nhất cách tính các tỷ lệ, đơn vị tự xác định mẫu số (khách quan).",
              "Tính các tỷ lệ trên số liệu gốc (danh sách, báo cáo của đơn vị phối hợp) và lưu hồ sơ để đối chiếu.",
              OWNER,
              "Đơn vị giải trình: tỷ lệ được tính theo số người tham dự hội nghị so với số liệu của Ban Tổ chức Tỉnh ủy.",
              ("s1",)),
            S("Chưa tổ chức tập huấn riêng cho nhân viên đại lý thu mới tuyển dụng trong năm 2022.",
              "Đại lý thu tuyển mới rải rác trong năm, khó tập trung tổ chức lớp (khách quan).",
              "Tổ chức tập huấn bổ sung cho nhân viên đại lý thu mới trong quý IV/2022.",
              OWNER)]),
    "I.3": dict(
        obs=["Đơn vị đã ký quy chế phối hợp với {r[3.1.1]} sở, ngành, đoàn thể và {r[3.1.2]} hợp đồng truyền thông năm 2021; năm 2021 tổ chức {r[3.2.1]} hội nghị với {r[3.2.2]} người tham dự.",
             "Hội nghị khách hàng về BHXH tự nguyện, BHYT hộ gia đình năm 2021: {r[3.2.3.1]} hội nghị, phát triển mới {r[3.2.3.3]} người theo báo cáo của đơn vị.",
             "Đoàn chọn mẫu 10 hội nghị năm 2021 và 5 hội nghị năm 2022 để đối chiếu biên bản, danh sách ký tên, chứng từ thanh toán."],
        str=["Phối hợp chặt chẽ với Bưu điện tỉnh, Hội Nông dân, Hội Liên hiệp Phụ nữ; hội nghị khách hàng được tổ chức ở tất cả các huyện.",
             "Truyền thông nhóm nhỏ được triển khai rộng, phù hợp với địa bàn {vung}.",
             "Lễ ra quân phát triển người tham gia được tổ chức quy mô, có sự tham gia của lãnh đạo tỉnh."],
        sh=[S("Một số hội nghị chọn mẫu thiếu danh sách ký tên hoặc biên bản, chưa chứng minh được số người tham dự đơn vị báo cáo.",
              "Cán bộ phụ trách hồ sơ hội nghị ở một số huyện thay đổi, bàn giao chưa đầy đủ (chủ quan).",
              "Rà soát, hoàn thiện hồ sơ các hội nghị năm 2021, 2022; chỉ thống kê vào báo cáo các hội nghị có đủ biên bản, danh sách ký tên.",
              OWNER,
              "Đơn vị giải trình: một số hội nghị do Bưu điện tổ chức, hồ sơ lưu tại Bưu điện huyện; đơn vị sẽ bổ sung bản sao."),
            S("Chưa thống kê được số người tham gia mới sau từng hội nghị để đánh giá hiệu quả.",
              "Đơn vị chưa có mẫu báo cáo kết quả hội nghị thống nhất (chủ quan).",
              "Theo dõi số người tham gia mới sau mỗi hội nghị khách hàng để đánh giá hiệu quả, điều chỉnh hình thức.",
              "Phòng Quản lý thu"),
            S("Một số hợp đồng phối hợp với đoàn thể chưa có biên bản nghiệm thu khối lượng công việc.",
              "Việc theo dõi thực hiện hợp đồng phối hợp chưa chặt chẽ (chủ quan).",
              "Nghiệm thu khối lượng công việc trước khi thanh lý các hợp đồng phối hợp truyền thông.",
              "Phòng Kế hoạch - Tài chính")]),
    "I.4": dict(
        obs=["Năm 2021 đơn vị phối hợp với {r[4.1.1]} cơ quan báo, đài Trung ương và {r[4.1.2]} cơ quan báo, đài địa phương, đăng phát {r[4.2]} tin, bài, chuyên mục.",
             "Đơn vị báo cáo {r[4.4.1]} lượt phát thanh qua loa truyền thanh cơ sở năm 2021, trong đó {r[4.4.2]} lượt riêng về BHXH tự nguyện.",
             "Đoàn kiểm tra hợp đồng, biên bản nghiệm thu với Báo {tinh} và Đài Phát thanh - Truyền hình tỉnh; có bản lưu tin, bài kèm theo."],
        str=["Chuyên mục BHXH trên Đài Phát thanh - Truyền hình tỉnh được duy trì hằng tháng, nội dung bám sát chính sách mới.",
             "Có sản phẩm truyền thông bằng {tieng} phát trên sóng phát thanh địa phương.",
             "Cung cấp thông tin kịp thời cho báo chí khi có vấn đề dư luận quan tâm."],
        sh=[S("Hồ sơ xác nhận phát thanh qua loa truyền thanh cơ sở chưa đầy đủ, nhiều xã chỉ có bảng kê không có xác nhận của UBND xã.",
              "Việc nghiệm thu hợp đồng phát thanh cơ sở giao cho BHXH huyện nhưng chưa có hướng dẫn cụ thể (chủ quan).",
              "Hướng dẫn BHXH huyện thu thập xác nhận phát thanh của UBND xã làm căn cứ nghiệm thu, thanh toán.",
              OWNER,
              "Đơn vị giải trình: số lượt phát thanh được tính theo hợp đồng ký với các xã, một số xã chưa gửi xác nhận."),
            S("Nội dung tin, bài trên báo địa phương còn trùng lặp, chủ yếu đưa tin hoạt động.",
              "Chưa đặt hàng báo, đài theo chủ đề cụ thể (chủ quan).",
              "Đặt hàng báo, đài các tác phẩm chuyên sâu, phóng sự về nhân vật thực tế thay cho tin hoạt động.",
              OWNER, None, ("s0",)),
            S("Hệ thống loa truyền thanh ở một số xã vùng sâu không hoạt động, nội dung phát thanh không đến được người dân.",
              "Hệ thống truyền thanh cơ sở xuống cấp, địa phương chưa bố trí kinh phí sửa chữa (khách quan).",
              "Phối hợp với UBND huyện rà soát các xã có loa truyền thanh hỏng để chuyển sang hình thức truyền thông khác.",
              OWNER)]),
    "I.5": dict(
        obs=["Năm 2021 đơn vị in, phát hành {r[5.1]} sản phẩm truyền thông các loại và tổ chức {r[5.2]} đợt truyền thông trực quan; Đoàn đối chiếu với hợp đồng in và sổ xuất kho.",
             "Ấn phẩm gồm tờ gấp BHXH tự nguyện, BHYT hộ gia đình, sổ tay hỏi đáp, lịch treo tường; có tờ gấp bằng {tieng}.",
             "Pano lớn về BHXH tự nguyện đặt tại trung tâm thành phố, nội dung đúng thông điệp năm 2022."],
        str=["Ấn phẩm đa dạng, thiết kế dễ hiểu, có sản phẩm bằng tiếng dân tộc phù hợp với đồng bào {dan_toc}.",
             "Sổ theo dõi nhập, xuất, cấp phát ấn phẩm được ghi chép đầy đủ."],
        sh=[S("Một số tờ gấp còn tồn kho có nội dung cũ (mức đóng năm 2021) chưa được thay thế.",
              "Số lượng in theo hợp đồng năm lớn trong khi chính sách thay đổi (chủ quan).",
              "Thu hồi, thay thế các ấn phẩm có nội dung đã hết hiệu lực; in theo đợt, số lượng vừa đủ.",
              OWNER,
              "Đơn vị cho biết số tờ gấp cũ được giữ lại để phát kèm tờ gấp mới khi giải thích thay đổi mức đóng."),
            S("Chưa có kế hoạch phân bổ ấn phẩm theo nhu cầu của từng huyện, còn chia đều.",
              "Chưa khảo sát nhu cầu ấn phẩm của BHXH huyện (chủ quan).",
              "Phân bổ ấn phẩm theo số người tham gia tiềm năng và đặc điểm dân tộc của từng huyện.",
              OWNER),
            S("Pano ở một số điểm đã bạc màu, chưa được thay mới.",
              "Kinh phí cho truyền thông trực quan hạn chế (khách quan).",
              "Rà soát, thay mới các pano đã xuống cấp trước đợt cao điểm cuối năm.",
              "Văn phòng BHXH tỉnh", None, ("o2",))],
        field_str=["{huyen} cấp phát ấn phẩm kịp thời cho các xã, đại lý thu; có sổ theo dõi."],
        field_obs=["Tại {huyen} có giá để ấn phẩm ở bộ phận một cửa với {n_loai} loại tờ gấp; sổ nhận ấn phẩm từ BHXH tỉnh ghi đầy đủ.",
                   "{huyen} nhận đủ ấn phẩm theo kế hoạch phân bổ, đã cấp phát cho các xã, đại lý thu.",
                   "Băng rôn tại trụ sở {huyen} treo đúng đợt cao điểm, nội dung đúng định hướng."],
        field_sh=[S("Sổ theo dõi cấp phát ấn phẩm tại {huyen} không ghi ngày, người nhận ở một số lần cấp.",
                    "Cán bộ kiêm nhiệm, chưa được hướng dẫn ghi sổ (chủ quan).",
                    "Ghi sổ theo dõi cấp phát ấn phẩm đầy đủ ngày cấp, người nhận, số lượng.",
                    "{huyen}", None, ("f0", "s0")),
                  S("Ấn phẩm bằng tiếng dân tộc chưa được phân bổ về {huyen} dù địa bàn có đông đồng bào {dan_toc}.",
                    "BHXH tỉnh phân bổ ấn phẩm tiếng dân tộc chưa theo địa bàn (chủ quan).",
                    "Đề nghị BHXH tỉnh phân bổ ấn phẩm bằng {tieng} cho các xã có đông đồng bào dân tộc.",
                    "{huyen}", None, ("f1",))]),
    "I.6": dict(
        obs=["Cổng TTĐT của BHXH tỉnh đăng {r[6.1]} tin, bài, ảnh, video năm 2021 và {r[6.2]} văn bản chính sách; trả lời {r[6.3]} câu hỏi bạn đọc; số lượt truy cập {r[6.4]}.",
             "Đoàn truy cập Cổng TTĐT: các chuyên mục được cập nhật, mục hỏi đáp có câu trả lời trong vòng 5 ngày làm việc.",
             "Đơn vị có quyết định thành lập Ban biên tập, quy chế quản lý Cổng; tin, bài được duyệt trước khi đăng."],
        str=["Tin, bài được cập nhật thường xuyên, có nhiều infographic, video ngắn dễ chia sẻ.",
             "Mục hỏi đáp trả lời đầy đủ, đúng thời hạn quy chế đề ra."],
        sh=[S("Một số văn bản chính sách mới chưa được đăng tải kịp thời.",
              "Biên tập viên kiêm nhiệm, chưa được đào tạo chuyên sâu (chủ quan).",
              "Phân công người đăng tải văn bản chính sách mới trong vòng 03 ngày làm việc kể từ khi ban hành.",
              "Văn phòng BHXH tỉnh",
              "Đơn vị giải trình: thời gian qua Cổng TTĐT nâng cấp giao diện nên một số văn bản đăng chậm.",
              ("s0", "o1")),
            S("Số liệu thống kê lượt truy cập chưa tách được truy cập từ nội bộ.",
              "Hệ thống quản trị nội dung dùng chung, chức năng thống kê còn hạn chế (khách quan).",
              "Đề xuất Trung tâm Truyền thông bổ sung chức năng thống kê truy cập theo nguồn.",
              "Văn phòng BHXH tỉnh"),
            S("Nhật ký duyệt tin, bài chưa ghi đầy đủ người duyệt, thời gian duyệt.",
              "Chưa thực hiện nghiêm quy chế biên tập (chủ quan).",
              "Ghi nhật ký biên tập, duyệt tin, bài đầy đủ theo quy chế.",
              "Ban biên tập Cổng TTĐT")]),
    "I.7": dict(
        obs=["Đơn vị quản lý {r[7.1]} trang mạng xã hội (Fanpage, Zalo OA, kênh Youtube và trang của BHXH huyện); năm 2021 tổ chức {r[7.2.1]} hội nghị trực tuyến.",
             "Số lượt chia sẻ sản phẩm truyền thông trên các trang của đơn vị năm 2021 là {r[7.2.2]}, của CCVC là {r[7.2.3]} theo báo cáo.",
             "Đoàn truy cập Fanpage của BHXH tỉnh: đăng bài đều 3-4 bài/tuần, có trả lời bình luận, tin nhắn của người dân."],
        str=["Fanpage có lượng người theo dõi tăng nhanh, nhiều bài có tương tác cao.",
             "Có hình thức sáng tạo: {r7}.",
             "Có văn bản chỉ đạo CCVC chia sẻ sản phẩm truyền thông, theo dõi kết quả hằng tháng."],
        sh=[S("Một số trang của BHXH huyện đăng bài thưa, có trang không cập nhật từ đầu năm 2022.",
              "Chưa có cán bộ chuyên trách quản trị mạng xã hội ở BHXH huyện (khách quan).",
              "Rà soát, hợp nhất các trang mạng xã hội ít hoạt động của BHXH huyện về trang của BHXH tỉnh.",
              OWNER),
            S("Số lượt chia sẻ của CCVC chủ yếu do tự kê khai, chưa có công cụ thống kê.",
              "Thiếu công cụ đo lường tương tác trên mạng xã hội (khách quan).",
              "Thống kê lượt chia sẻ bằng công cụ quản trị của Fanpage, Zalo OA thay cho kê khai.",
              OWNER,
              "Đơn vị cho biết số lượt chia sẻ của CCVC được tổng hợp từ báo cáo tháng của các phòng, BHXH huyện.",
              ("s2",)),
            S("Chưa có quy định xử lý thông tin sai lệch về chính sách trên mạng xã hội.",
              "Đơn vị chưa lường hết rủi ro thông tin trên mạng xã hội (chủ quan).",
              "Ban hành quy định quản trị, đăng tin và xử lý thông tin sai lệch trên các trang mạng xã hội của đơn vị.",
              "Ban Giám đốc BHXH tỉnh")]),
    "I.8": dict(
        obs=["Đơn vị duy trì {r[8.1]} cộng tác viên, nhân viên đại lý thu tham gia tuyên truyền; năm 2021 tổ chức {r[8.2]} hội nghị tập huấn.",
             "Năm 2021 đơn vị vận động trao tặng sổ BHXH, thẻ BHYT cho người có hoàn cảnh khó khăn; Đoàn đã xem danh sách người được tặng và nguồn vận động.",
             "Đơn vị sử dụng câu chuyện nhân vật thực tế (người hưởng lương hưu từ BHXH tự nguyện) trong hội nghị và trên Fanpage."],
        str=["Cách làm hay: {cach_lam}.",
             "Đội ngũ cộng tác viên ổn định, am hiểu địa bàn, nhiều người là trưởng thôn, chi hội trưởng.",
             "Phong trào thi đua về truyền thông được phát động, có sơ kết, khen thưởng kịp thời."],
        sh=[S("Danh sách cộng tác viên chưa được cập nhật, còn người đã nghỉ.",
              "Thù lao cộng tác viên thấp, người tham gia thay đổi thường xuyên (khách quan).",
              "Rà soát, cập nhật danh sách cộng tác viên hằng quý.",
              OWNER,
              "Đơn vị giải trình: số cộng tác viên báo cáo gồm cả nhân viên các đại lý thu đã ký hợp đồng trong năm.",
              ("s1",)),
            S("Chưa đánh giá được hiệu quả của từng cộng tác viên trong phát triển người tham gia.",
              "Chưa có tiêu chí đánh giá cộng tác viên (chủ quan).",
              "Xây dựng tiêu chí đánh giá cộng tác viên hằng năm, gắn với số người tham gia mới.",
              OWNER),
            S("Hồ sơ các đợt trao tặng sổ BHXH, thẻ BHYT chưa lưu đủ danh sách nhà tài trợ.",
              "Việc vận động do nhiều đơn vị cùng thực hiện, chưa giao đầu mối lưu hồ sơ (chủ quan).",
              "Lưu đầy đủ hồ sơ các đợt vận động trao tặng sổ BHXH, thẻ BHYT (nhà tài trợ, người được tặng).",
              "Văn phòng BHXH tỉnh", None, ("o1",))]),
    "I.9": dict(
        obs=["Năm 2021 và 2022 đơn vị triển khai các đợt cao điểm: tháng vận động BHXH tự nguyện, tuyên truyền BHYT học sinh đầu năm học, Ngày BHYT Việt Nam 01/7.",
             "Mỗi đợt cao điểm có kế hoạch riêng, nêu chủ đề, nhóm đối tượng, hình thức, thời gian; có báo cáo kết quả sau đợt.",
             "Theo dữ liệu thu, số người tham gia BHXH tự nguyện tăng rõ trong tháng cao điểm so với tháng liền trước."],
        str=["Đợt cao điểm được tổ chức đồng bộ từ tỉnh đến huyện, có sự vào cuộc của chính quyền cơ sở.",
             "Chọn đúng nhóm đối tượng (lao động tự do, nông dân, tiểu thương) cho từng đợt."],
        sh=[S("Báo cáo kết quả một số đợt chưa có số liệu so sánh trước và sau đợt.",
              "Chưa chú trọng đánh giá kết quả sau mỗi đợt (chủ quan).",
              "Báo cáo kết quả mỗi đợt cao điểm phải có số người tham gia mới trước và sau đợt.",
              OWNER),
            S("Đợt cao điểm năm 2022 triển khai chậm so với kế hoạch.",
              "Ảnh hưởng của dịch COVID-19 đến việc tổ chức hoạt động tập trung (khách quan).",
              "Bổ sung các hoạt động của đợt cao điểm còn chậm vào kế hoạch quý IV/2022.",
              OWNER,
              "Đơn vị giải trình: đầu năm 2022 nhiều huyện hạn chế tụ tập đông người nên phải chuyển sang truyền thông trực tuyến.",
              ("s0",))]),
    "I.10": dict(
        obs=["Năm 2021 đơn vị ban hành {r[9.1]} văn bản chỉ đạo, hướng dẫn BHXH huyện; kiểm tra {r[9.2]} cuộc tại {r[9.3]} BHXH huyện.",
             "Các cuộc kiểm tra có kế hoạch, biên bản, thông báo kết luận; BHXH huyện có báo cáo khắc phục sau kiểm tra.",
             "Đoàn đối chiếu kết quả truyền thông BHXH tỉnh báo cáo với hồ sơ lưu tại 02 BHXH huyện được kiểm tra."],
        str=["Công tác chỉ đạo, hướng dẫn BHXH huyện kịp thời, sát thực tế.",
             "Kiểm tra BHXH huyện theo đúng kế hoạch, có theo dõi việc thực hiện kiến nghị."],
        sh=[S("Một số thông báo kết luận kiểm tra chưa nêu rõ thời hạn khắc phục.",
              "Chưa có mẫu thông báo kết luận thống nhất (chủ quan).",
              "Thông báo kết luận kiểm tra phải nêu rõ thời hạn, trách nhiệm khắc phục; theo dõi đến khi hoàn thành.",
              OWNER, None, ("o1",)),
            S("Năm 2022 chưa kiểm tra công tác truyền thông tại BHXH huyện ở {vung}.",
              "Địa bàn rộng, đi lại khó khăn, lực lượng kiểm tra mỏng (khách quan).",
              "Bố trí kiểm tra các BHXH huyện chưa được kiểm tra trong năm 2022.",
              "Ban Giám đốc BHXH tỉnh",
              "Đơn vị cho biết kế hoạch kiểm tra các huyện vùng cao được dời sang quý IV/2022 do mưa lũ.",
              ("s1",))],
        field_str=["{huyen} triển khai kịp thời các văn bản chỉ đạo của BHXH tỉnh.",
                   "Số liệu {huyen} báo cáo có hồ sơ chứng minh."],
        field_obs=["{huyen} nhận đủ văn bản chỉ đạo của BHXH tỉnh, có sổ theo dõi văn bản đến; đã được BHXH tỉnh kiểm tra năm 2021.",
                   "Số hội nghị {huyen} báo cáo khớp với số liệu BHXH tỉnh tổng hợp.",
                   "{huyen} đã khắc phục các kiến nghị sau kiểm tra năm 2021, có báo cáo gửi BHXH tỉnh."],
        field_sh=[S("Một số hội nghị {huyen} báo cáo lên BHXH tỉnh không có hồ sơ lưu tại huyện.",
                    "Hội nghị do đơn vị phối hợp tổ chức, huyện chưa thu hồ sơ về lưu (chủ quan).",
                    "Thu thập, lưu hồ sơ các hội nghị đã báo cáo; chỉ báo cáo hội nghị có hồ sơ.",
                    "{huyen}", None, ("f1", "s1")),
                  S("{huyen} chưa báo cáo kết quả khắc phục sau kiểm tra năm 2021.",
                    "Lãnh đạo huyện chưa đôn đốc việc báo cáo (chủ quan).",
                    "Báo cáo BHXH tỉnh kết quả khắc phục các kiến nghị sau kiểm tra năm 2021.",
                    "{huyen}", None, ("f2",))]),
    "I.11": dict(
        obs=["Đơn vị ký hợp đồng ủy quyền thu với Bưu điện tỉnh và các tổ chức dịch vụ thu, trong đó có nội dung tuyên truyền, vận động.",
             "Bưu điện tỉnh tổ chức hội nghị khách hàng tại các xã, có báo cáo kết quả hằng quý gửi BHXH tỉnh.",
             "Đơn vị đánh giá, xếp loại các đại lý thu hằng năm; một số đại lý bị chấm dứt hợp đồng do không phát sinh người tham gia."],
        str=["Phối hợp với Bưu điện tỉnh chặt chẽ, hội nghị khách hàng phát triển được người tham gia mới ngay tại hội nghị.",
             "Nhân viên đại lý thu được tập huấn và cấp tài liệu tuyên truyền."],
        sh=[S("Một số đại lý thu chưa tích cực tuyên truyền, chủ yếu thu tiền gia hạn thẻ BHYT.",
              "Hoa hồng đại lý thu thấp, nhân viên đại lý kiêm nhiều việc (khách quan).",
              "Đưa chỉ tiêu tuyên truyền, phát triển người tham gia mới vào đánh giá đại lý thu hằng năm.",
              "Phòng Quản lý thu"),
            S("Báo cáo của Bưu điện chưa tách số người tham gia mới qua hội nghị.",
              "Mẫu báo cáo trong hợp đồng chưa yêu cầu (chủ quan).",
              "Bổ sung vào phụ lục hợp đồng yêu cầu Bưu điện báo cáo số người tham gia mới qua từng hội nghị.",
              "Phòng Quản lý thu",
              "Đơn vị giải trình: số liệu người tham gia mới qua hội nghị của Bưu điện đang được đối chiếu với dữ liệu thu.")],
        field_str=["{huyen} phối hợp tốt với Bưu điện huyện, hội nghị khách hàng được tổ chức đều đặn."],
        field_obs=["Tại {huyen}, Bưu điện huyện tổ chức hội nghị khách hàng hằng tháng; Đoàn xem danh sách người tham gia mới sau hội nghị.",
                   "{huyen} có {n_dl} đại lý thu; nhân viên đại lý nắm được mức đóng BHXH tự nguyện.",
                   "Đoàn gặp 02 nhân viên đại lý thu tại {huyen}: được cấp tờ gấp, sổ tay hỏi đáp, giải thích được quyền lợi hưu trí."],
        field_sh=[S("Một số nhân viên đại lý thu tại {huyen} chưa nắm chính sách hỗ trợ mức đóng cho người thuộc hộ cận nghèo.",
                    "Nhân viên đại lý thay đổi, chưa được tập huấn lại (khách quan).",
                    "Tập huấn lại chính sách hỗ trợ mức đóng cho nhân viên đại lý thu trên địa bàn.",
                    "{huyen}"),
                  S("{huyen} chưa theo dõi kết quả tuyên truyền của từng đại lý thu.",
                    "Chưa có sổ theo dõi đại lý thu (chủ quan).",
                    "Lập sổ theo dõi kết quả tuyên truyền, phát triển người tham gia của từng đại lý thu hằng quý.",
                    "{huyen}")]),
    "I.12": dict(
        obs=["Đơn vị đánh giá công tác truyền thông đã góp phần tăng số người tham gia BHXH tự nguyện năm 2021; đánh giá chung phù hợp với kết quả kiểm tra từng mục.",
             "Báo cáo của đơn vị nêu được tồn tại, hạn chế và nguyên nhân, có phân biệt chủ quan, khách quan.",
             "Cách làm hay đơn vị chia sẻ: {cach_lam}."],
        str=["Công tác truyền thông được lãnh đạo đơn vị quan tâm, gắn với nhiệm vụ phát triển người tham gia.",
             "Có nhiều hình thức truyền thông phù hợp với địa bàn có đông đồng bào {dan_toc}."],
        sh=[S("Đánh giá hiệu quả truyền thông chủ yếu định tính, chưa gắn với số liệu phát triển người tham gia.",
              "Chưa có bộ chỉ số đánh giá hiệu quả truyền thông (khách quan).",
              "Khi đánh giá công tác truyền thông, so sánh với số liệu phát triển người tham gia theo từng địa bàn.",
              OWNER),
            S("Một số số liệu trong báo cáo chưa khớp với hồ sơ lưu.",
              "Việc tổng hợp số liệu từ BHXH huyện chưa được kiểm soát chặt (chủ quan).",
              "Rà soát, chuẩn hóa số liệu báo cáo theo hồ sơ lưu; gửi báo cáo bổ sung về Trung tâm Truyền thông.",
              OWNER,
              "Đơn vị tiếp thu ý kiến của Đoàn và sẽ điều chỉnh số liệu trong báo cáo gửi BHXH Việt Nam.",
              ("o0",))]),
    "II.1": dict(
        obs=["Đơn vị ban hành kế hoạch thực hiện Nghị quyết số 28-NQ/TW, tổ chức hội nghị quán triệt cho toàn thể CCVC.",
             "Hội nghị quán triệt có biên bản, danh sách tham dự; nội dung quán triệt được triển khai đến BHXH huyện."],
        str=["Triển khai kịp thời, quán triệt đến toàn thể CCVC, NLĐ.",
             "Kế hoạch có phân công cụ thể cho từng phòng, BHXH huyện."],
        sh=[S("Chưa sơ kết việc thực hiện kế hoạch triển khai Nghị quyết tại đơn vị.",
              "Đơn vị tập trung cho nhiệm vụ thu, chưa bố trí được thời gian sơ kết (chủ quan).",
              "Tổ chức sơ kết việc thực hiện Nghị quyết số 28-NQ/TW tại đơn vị trong năm 2022.",
              "Ban Giám đốc BHXH tỉnh")]),
    "II.2": dict(
        obs=["Nội dung tuyên truyền Nghị quyết số 28-NQ/TW được đưa vào quy chế phối hợp với Ban Tuyên giáo Tỉnh ủy, Liên đoàn Lao động tỉnh và hợp đồng với báo, đài.",
             "Đoàn đối chiếu tin, bài về Nghị quyết số 28-NQ/TW với bản lưu: có chuyên mục riêng trên Báo {tinh}."],
        str=["Phối hợp tốt với Ban Tuyên giáo Tỉnh ủy trong định hướng nội dung tuyên truyền."],
        sh=[S("Số tin, bài chuyên sâu về lộ trình cải cách chính sách BHXH theo Nghị quyết còn ít.",
              "Nội dung chính sách phức tạp, khó chuyển thành thông điệp ngắn (khách quan).",
              "Đặt hàng các tác phẩm báo chí giải thích lộ trình cải cách chính sách BHXH theo Nghị quyết số 28-NQ/TW.",
              OWNER)]),
    "II.3": dict(
        obs=["BHXH tỉnh có văn bản chỉ đạo BHXH huyện tuyên truyền Nghị quyết số 28-NQ/TW, yêu cầu báo cáo kết quả 6 tháng, năm.",
             "Các BHXH huyện đã lồng ghép tuyên truyền Nghị quyết trong hội nghị khách hàng, truyền thông nhóm nhỏ."],
        str=["Chỉ đạo thống nhất từ tỉnh đến huyện."],
        sh=[S("Báo cáo kết quả của BHXH huyện còn chung chung, chưa có số liệu.",
              "Chưa có mẫu báo cáo thống nhất (chủ quan).",
              "Ban hành mẫu báo cáo kết quả tuyên truyền Nghị quyết số 28-NQ/TW cho BHXH huyện.",
              OWNER)],
        field_str=["{huyen} lồng ghép tuyên truyền Nghị quyết vào các hoạt động thường xuyên."],
        field_obs=["{huyen} có kế hoạch tuyên truyền Nghị quyết số 28-NQ/TW, lồng ghép vào hội nghị tại các xã.",
                   "{huyen} tổ chức quán triệt Nghị quyết cho CCVC; hồ sơ hội nghị lưu đủ."],
        field_sh=[S("{huyen} chưa có báo cáo riêng về kết quả tuyên truyền Nghị quyết số 28-NQ/TW.",
                    "Kết quả được gộp vào báo cáo công tác truyền thông chung (chủ quan).",
                    "Báo cáo riêng kết quả tuyên truyền Nghị quyết số 28-NQ/TW theo mẫu của BHXH tỉnh.",
                    "{huyen}")]),
    "II.4": dict(
        obs=["Đoàn đối chiếu số người tham gia BHXH bắt buộc, BHXH tự nguyện đơn vị báo cáo với dữ liệu quản lý thu tại thời điểm kiểm tra: khớp.",
             "Tỷ lệ lực lượng lao động tham gia BHXH còn thấp so với bình quân chung cả nước, nhất là ở {vung}."],
        str=["Số người tham gia BHXH tự nguyện tăng nhanh, vượt chỉ tiêu giao năm 2021."],
        sh=[S("Số người tham gia BHXH bắt buộc tăng chậm, còn doanh nghiệp trốn đóng, chậm đóng.",
              "Kinh tế địa phương chủ yếu là nông nghiệp, ít doanh nghiệp lớn (khách quan).",
              "Phối hợp với cơ quan thuế, Sở Kế hoạch và Đầu tư rà soát doanh nghiệp chưa đăng ký tham gia BHXH cho người lao động.",
              "Phòng Quản lý thu"),
            S("Tỷ lệ người tham gia BHXH tự nguyện dừng đóng sau năm đầu còn cao.",
              "Công tác chăm sóc người tham gia sau khi đăng ký chưa được chú trọng (chủ quan).",
              "Chăm sóc, nhắc đóng đối với người tham gia BHXH tự nguyện sắp đến hạn đóng tiếp.",
              "Phòng Quản lý thu",
              "Đơn vị giải trình: nhiều người tham gia BHXH tự nguyện đi làm việc ở tỉnh khác nên dừng đóng tại địa phương.")]),
    "II.5": dict(
        obs=["Đơn vị đề ra các giải pháp: tăng truyền thông trên mạng xã hội, mở rộng đại lý thu, phối hợp với chính quyền cơ sở.",
             "Cách làm hay trên địa bàn: {cach_lam}."],
        str=["Giải pháp sát với đặc điểm địa phương, có phân công thực hiện."],
        sh=[S("Một số giải pháp còn chung, chưa có chỉ tiêu, thời hạn cụ thể.",
              "Đơn vị chưa lượng hóa được mục tiêu của từng giải pháp (chủ quan).",
              "Cụ thể hóa các giải pháp thành kế hoạch hành động có chỉ tiêu, thời hạn và người chịu trách nhiệm.",
              OWNER)]),
    "III": dict(
        obs=["Kinh phí truyền thông được giao năm 2021 đã sử dụng {kp21}% dự toán; đến thời điểm kiểm tra năm 2022 đã sử dụng {kp22}%.",
             "Đoàn chọn mẫu chứng từ chi hợp đồng truyền thông và hội nghị: đúng nội dung, có hợp đồng, nghiệm thu, thanh lý.",
             "Đơn vị có kế hoạch sử dụng kinh phí những tháng cuối năm 2022, tập trung cho đợt cao điểm tháng 10-11."],
        str=["Sử dụng kinh phí đúng mục đích, đúng định mức."],
        sh=[S("Tiến độ giải ngân kinh phí năm 2022 chậm, dồn vào cuối năm.",
              "Dự toán năm 2022 được giao muộn (khách quan).",
              "Đẩy nhanh tiến độ sử dụng kinh phí truyền thông năm 2022, tránh dồn vào tháng cuối năm.",
              "Phòng Kế hoạch - Tài chính",
              "Đơn vị giải trình: một số hợp đồng truyền thông năm 2022 đã ký nhưng chưa đến kỳ thanh toán."),
            S("Một số chứng từ hội nghị thiếu danh sách nhận tài liệu.",
              "Việc kiểm soát hồ sơ thanh toán hội nghị ở BHXH huyện chưa chặt (chủ quan).",
              "Bổ sung hồ sơ các chứng từ hội nghị còn thiếu danh sách nhận tài liệu.",
              "Phòng Kế hoạch - Tài chính", None, ("o1",))]),
    "IV": dict(
        obs=["Kế hoạch những tháng cuối năm 2022 tập trung vào truyền thông BHXH tự nguyện, BHYT hộ gia đình và đợt cao điểm tháng 10.",
             "Kế hoạch có phân công, tiến độ và dự kiến kinh phí; phù hợp với kịch bản phát triển người tham gia năm 2022 của tỉnh."],
        str=["Kế hoạch cụ thể, có trọng tâm, bám sát chỉ tiêu được giao."],
        sh=[S("Chưa dự kiến hoạt động truyền thông cho người lao động ở các khu công nghiệp.",
              "Đơn vị tập trung cho khu vực nông thôn (chủ quan).",
              "Bổ sung hoạt động truyền thông cho người lao động tại các khu công nghiệp, cụm công nghiệp vào kế hoạch quý IV/2022.",
              OWNER)]),
    "V": dict(
        obs=["Đơn vị đề xuất BHXH Việt Nam tăng định mức chi hội nghị khách hàng ở địa bàn vùng cao và cung cấp thêm sản phẩm truyền thông bằng {tieng}.",
             "Đơn vị kiến nghị có hướng dẫn thống nhất cách tính các tỷ lệ tại Phụ lục và công cụ thống kê tương tác trên mạng xã hội.",
             "Đoàn đã giải đáp tại buổi làm việc các nội dung thuộc phạm vi hướng dẫn nghiệp vụ; các kiến nghị về cơ chế, định mức được ghi nhận để báo cáo Lãnh đạo Ngành."],
        str=[], sh=[],
        exp=["Đơn vị đề nghị Trung tâm Truyền thông tổ chức tập huấn kỹ năng sản xuất video ngắn cho cán bộ truyền thông.",
             "Đơn vị đề nghị được cấp thêm tờ gấp bằng {tieng} cho các xã vùng cao."]),
    "KS.1": dict(
        obs=["{noi_cap} có {n_pano} pano, băng rôn; nội dung về BHXH tự nguyện, BHYT hộ gia đình, thông điệp năm 2022.",
             "Băng rôn {noi} đặt ở vị trí dễ nhìn, kích thước phù hợp; Đoàn đã chụp ảnh lưu.",
             "Pano {noi} còn mới, thông tin đường dây nóng rõ ràng."],
        str=["Vị trí đặt pano, băng rôn hợp lý, nội dung đúng định hướng."],
        sh=[S("Một băng rôn {noi} còn thông điệp của năm 2021, đã bạc màu.",
              "Chưa rà soát định kỳ tình trạng các sản phẩm truyền thông trực quan (chủ quan).",
              "Thay băng rôn có thông điệp cũ; rà soát định kỳ các sản phẩm truyền thông trực quan {noi}.",
              "{owner_noi}", None, ("o0",)),
            S("Pano {noi} bị cây che khuất một phần.",
              "Vị trí đặt pano chưa được khảo sát kỹ (chủ quan).",
              "Di chuyển pano đến vị trí dễ quan sát hoặc cắt tỉa cây che khuất.",
              "{owner_noi}", None, ("o2", "s0"))]),
    "KS.2": dict(
        obs=["Bảng niêm yết {noi} có đủ thủ tục hành chính, mức đóng BHXH tự nguyện, BHYT hộ gia đình, số điện thoại đường dây nóng.",
             "Thông tin niêm yết {noi} còn hiệu lực, chữ đủ lớn, dễ đọc.",
             "Bảng tin {noi} có danh sách đại lý thu trên địa bàn và lịch tiếp công dân."],
        str=["Niêm yết đầy đủ, cập nhật."],
        sh=[S("Bảng niêm yết {noi} còn mức đóng BHYT hộ gia đình theo mức lương cơ sở cũ.",
              "Chưa có người được giao rà soát nội dung niêm yết định kỳ (chủ quan).",
              "Cập nhật mức đóng BHYT hộ gia đình trên bảng niêm yết {noi}.",
              "{owner_noi}", None, ("o0", "o1", "s0")),
            S("Chưa niêm yết số điện thoại đường dây nóng của BHXH Việt Nam {noi}.",
              "Chưa có người được giao rà soát nội dung niêm yết định kỳ (chủ quan).",
              "Niêm yết số điện thoại đường dây nóng của BHXH Việt Nam và BHXH tỉnh {noi}.",
              "{owner_noi}", None, ("o0", "s0"))]),
    "KS.3": dict(
        obs=["{noi_cap} có giá để tờ gấp, tờ rơi tại khu vực chờ với {n_loai} loại ấn phẩm.",
             "Ấn phẩm {noi} có nội dung đúng chính sách hiện hành, có tờ gấp bằng {tieng}.",
             "Người dân đến giao dịch {noi} được phát tờ gấp kèm hướng dẫn."],
        str=["Ấn phẩm đặt ở nơi dễ lấy, đủ loại."],
        sh=[S("Giá để ấn phẩm {noi} đặt khuất sau quầy, người dân khó lấy.",
              "Khu vực giao dịch chật (khách quan).",
              "Bố trí giá ấn phẩm ở khu vực chờ, nơi người dân dễ thấy, dễ lấy {noi}.",
              "{owner_noi}", None, ("o0", "s0")),
            S("Một số loại tờ gấp {noi} đã hết, chưa được bổ sung.",
              "Chưa phân công người theo dõi, bổ sung ấn phẩm (chủ quan).",
              "Phân công người theo dõi, bổ sung kịp thời các loại ấn phẩm đã hết {noi}.",
              "{owner_noi}", None, ("s0",))]),
    "KS.4": dict(
        obs=["Đoàn quét thử mã QR trên tờ gấp và bảng tin {noi}: dẫn đúng trang hướng dẫn cài đặt VssID.",
             "{noi_cap} có hướng dẫn cài đặt, sử dụng ứng dụng VssID; cán bộ hỗ trợ người dân cài đặt tại chỗ.",
             "Mã QR {noi} dẫn tới Cổng TTĐT của BHXH tỉnh, mục tra cứu quá trình tham gia."],
        str=["Hỗ trợ người dân sử dụng VssID, dịch vụ công trực tuyến tích cực."],
        sh=[S("Một mã QR {noi} dẫn tới trang không còn truy cập được.",
              "Đường dẫn thay đổi khi nâng cấp Cổng TTĐT, chưa cập nhật mã QR (chủ quan).",
              "Rà soát, thay các mã QR không còn hoạt động {noi}.",
              "{owner_noi}", None, ("o0", "o2")),
            S("Chưa có hướng dẫn sử dụng dịch vụ công trực tuyến {noi}.",
              "Đơn vị mới chú trọng hướng dẫn VssID (chủ quan).",
              "Bổ sung hướng dẫn sử dụng dịch vụ công trực tuyến tại khu vực chờ {noi}.",
              "{owner_noi}", None, ("s0",))]),
    "KS.5": dict(
        obs=["Cán bộ một cửa {noi} tư vấn, giải thích chính sách cho người dân tận tình, thái độ niềm nở.",
             "Khu vực chờ {noi} có hòm thư góp ý, số điện thoại đường dây nóng, tài liệu truyền thông.",
             "Đoàn quan sát 3 lượt giao dịch {noi}: cán bộ hướng dẫn đầy đủ, có phát tờ gấp."],
        str=["Thái độ phục vụ tốt, người dân đến giao dịch hài lòng."],
        sh=[S("Khu vực chờ {noi} chật, chưa đủ ghế ngồi cho người dân.",
              "Trụ sở cũ, diện tích hạn chế (khách quan).",
              "Bố trí lại khu vực chờ, bổ sung ghế ngồi cho người dân {noi}.",
              "{owner_noi}"),
            S("Hòm thư góp ý {noi} chưa được mở định kỳ, không có sổ theo dõi.",
              "Chưa có quy định mở hòm thư góp ý định kỳ (chủ quan).",
              "Mở hòm thư góp ý hằng tháng, lập sổ theo dõi và xử lý góp ý {noi}.",
              "{owner_noi}")]),
    "QH.1": dict(
        obs=["Lãnh đạo {huyen} báo cáo: công tác truyền thông giao 01 Phó Giám đốc phụ trách, có 01 cán bộ kiêm nhiệm.",
             "{huyen} tham mưu Huyện ủy, UBND huyện ban hành kế hoạch phát triển người tham gia BHXH, BHYT; phối hợp với UBND các xã tổ chức hội nghị.",
             "{huyen} phối hợp với Hội Nông dân, Hội Phụ nữ huyện tổ chức truyền thông nhóm nhỏ ở các thôn."],
        str=["Được cấp ủy, chính quyền huyện quan tâm; phối hợp tốt với UBND các xã.",
             "Tổ chức thực hiện nề nếp, có phân công rõ ràng."],
        sh=[S("{huyen} chưa tham mưu UBND huyện giao chỉ tiêu phát triển người tham gia BHXH tự nguyện cho từng xã.",
              "Cán bộ truyền thông kiêm nhiệm nhiều việc (khách quan).",
              "Tham mưu UBND huyện giao chỉ tiêu phát triển người tham gia BHXH tự nguyện cho từng xã.",
              "{huyen}",
              "Lãnh đạo {huyen} cho biết đã đề xuất với UBND huyện nhưng chưa được đưa vào nghị quyết năm 2022."),
            S("Phối hợp với một số xã còn hình thức, chưa có kế hoạch chung.",
              "UBND một số xã chưa quan tâm (khách quan).",
              "Ký kế hoạch phối hợp với UBND các xã có tỷ lệ tham gia thấp.",
              "{huyen}", None, ("s0",))]),
    "QH.2": dict(
        obs=["{huyen} có kế hoạch truyền thông năm 2021, 2022 và kế hoạch các đợt cao điểm, phù hợp với kế hoạch của BHXH tỉnh.",
             "Tiến độ thực hiện kế hoạch năm 2022 của {huyen} đến thời điểm kiểm tra đạt khoảng {tien_do}%."],
        str=["Kế hoạch cụ thể, có lịch hội nghị đến từng xã."],
        sh=[S("Kế hoạch của {huyen} chưa có dự kiến kinh phí cho từng hoạt động.",
              "Cán bộ lập kế hoạch chưa phối hợp với bộ phận kế toán (chủ quan).",
              "Bổ sung dự kiến kinh phí cho từng hoạt động vào kế hoạch truyền thông.",
              "{huyen}"),
            S("Một số hội nghị trong kế hoạch quý II/2022 của {huyen} chưa thực hiện.",
              "Ảnh hưởng của thời tiết, mùa vụ (khách quan).",
              "Tổ chức bù các hội nghị chưa thực hiện trong quý III/2022.",
              "{huyen}")]),
    "QH.3": dict(
        obs=["{huyen} phối hợp với Bưu điện huyện tổ chức hội nghị khách hàng hằng tháng; Đoàn xem hồ sơ 3 hội nghị gần nhất.",
             "{huyen} có {n_dl} đại lý thu; Đoàn gặp 02 nhân viên đại lý thu, được cấp tài liệu tuyên truyền đầy đủ."],
        str=["Hội nghị phối hợp với Bưu điện huyện có hiệu quả, phát triển được người tham gia mới ngay tại hội nghị."],
        sh=[S("Nhân viên đại lý thu tại {huyen} chưa nắm chắc chính sách hỗ trợ mức đóng BHXH tự nguyện.",
              "Nhân viên đại lý thay đổi, chưa được tập huấn lại (khách quan).",
              "Tập huấn lại chính sách cho nhân viên đại lý thu trên địa bàn.",
              "{huyen}"),
            S("Chưa theo dõi kết quả phát triển người tham gia của từng đại lý thu tại {huyen}.",
              "Chưa có sổ theo dõi đại lý thu (chủ quan).",
              "Theo dõi kết quả phát triển người tham gia của từng đại lý thu hằng quý.",
              "{huyen}")]),
    "QH.4": dict(
        obs=["Đoàn chọn mẫu 5 hồ sơ hội nghị, truyền thông nhóm nhỏ của {huyen}: có kế hoạch, biên bản, hình ảnh.",
             "{huyen} có sổ theo dõi nhận, cấp phát ấn phẩm truyền thông, ghi chép đến tháng kiểm tra."],
        str=["Hồ sơ lưu trữ khoa học, đầy đủ."],
        sh=[S("Một số hồ sơ truyền thông nhóm nhỏ tại {huyen} thiếu danh sách người tham dự.",
              "Cán bộ kiêm nhiệm, chưa được hướng dẫn lưu trữ hồ sơ (chủ quan).",
              "Bổ sung danh sách người tham dự vào hồ sơ truyền thông nhóm nhỏ.",
              "{huyen}",
              "{huyen} giải trình: danh sách một số buổi truyền thông nhóm nhỏ do trưởng thôn giữ, sẽ thu về lưu.",
              ("s0",)),
            S("Sổ theo dõi ấn phẩm tại {huyen} chưa ghi người nhận.",
              "Cán bộ kiêm nhiệm, chưa được hướng dẫn ghi sổ (chủ quan).",
              "Ghi đầy đủ người nhận, ngày nhận vào sổ theo dõi ấn phẩm.",
              "{huyen}", None, ("s0", "o1"))]),
    "QH.5": dict(
        obs=["{huyen} có quyết định phân công cán bộ phụ trách truyền thông; cán bộ đã dự tập huấn do BHXH tỉnh tổ chức năm 2021.",
             "Cán bộ phụ trách truyền thông của {huyen} kiêm nhiệm công tác thu, cấp sổ, thẻ."],
        str=["Cán bộ nhiệt tình, am hiểu địa bàn, có kỹ năng tư vấn tốt."],
        sh=[S("Cán bộ phụ trách truyền thông tại {huyen} kiêm nhiệm nhiều việc, thời gian cho truyền thông hạn chế.",
              "Biên chế của BHXH huyện ít (khách quan).",
              "Cử cán bộ phụ trách truyền thông dự các lớp tập huấn kỹ năng truyền thông trên mạng xã hội; sắp xếp lại nhiệm vụ kiêm nhiệm.",
              "{huyen}",
              "Cán bộ {huyen} đề xuất được tập huấn thêm về kỹ năng quay, dựng video ngắn.")]),
    "QH.6": dict(
        obs=["Năm 2021 {huyen} tổ chức {hn_huyen} hội nghị với khoảng {nguoi_huyen} người tham dự; Đoàn đối chiếu với hồ sơ lưu.",
             "Kết quả phát triển người tham gia BHXH tự nguyện năm 2021 của {huyen} đạt {dat_chi_tieu}% chỉ tiêu giao.",
             "Số người tham gia BHYT hộ gia đình của {huyen} giảm nhẹ do một số xã ra khỏi vùng đặc biệt khó khăn."],
        str=["Công tác truyền thông gắn với phát triển người tham gia, có theo dõi kết quả theo từng xã."],
        sh=[S("Kết quả phát triển BHYT hộ gia đình của {huyen} chưa đạt chỉ tiêu.",
              "Người dân ở các xã ra khỏi vùng đặc biệt khó khăn không còn được ngân sách đóng BHYT (khách quan).",
              "Tập trung vận động người dân ở các xã ra khỏi vùng đặc biệt khó khăn tiếp tục tham gia BHYT hộ gia đình.",
              "{huyen}"),
            S("Số người tham dự {huyen} báo cáo cao hơn danh sách ký tên ở 2 hội nghị chọn mẫu.",
              "Số người tham dự được ước tính, chưa căn cứ danh sách (chủ quan).",
              "Chỉ báo cáo số người tham dự theo danh sách ký tên.",
              "{huyen}",
              "{huyen} giải trình: số người tham dự được tính cả người nghe tại các điểm phát thanh lưu động.")]),
}
# Where the team's figures differ from the unit's, the item checking them says so.
DIFFERENCE = S("Số liệu dòng {row} ({label}) năm {period}: đơn vị báo cáo {reported}, Đoàn kiểm tra "
               "xác định {verified} theo hồ sơ lưu.",
               "Số liệu được tổng hợp từ báo cáo của BHXH huyện, chưa đối chiếu với hồ sơ gốc (chủ quan).",
               "Điều chỉnh số liệu báo cáo theo kết quả kiểm tra của Đoàn; rà soát hồ sơ các chỉ tiêu có chênh lệch.",
               OWNER)
ITEM_OF_GROUP = {"1": "I.1", "2": "I.2", "3": "I.3", "4": "I.4", "5": "I.5", "6": "I.6",
                 "7": "I.7", "8": "I.8", "9": "I.10"}
NOTE_TEXTS = [
    "Số liệu của Đoàn tính theo hồ sơ lưu tại đơn vị (biên bản, danh sách, chứng từ).",
    "Số liệu năm 2022 tính đến ngày 30/6/2022.",
    "Gồm trang của BHXH tỉnh và các BHXH huyện.",
    "Đơn vị sẽ gửi bổ sung hồ sơ chứng minh.",
]


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
    for n, (item_id, site) in enumerate(walk(loaded, visit)):
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
