"""`inspection status` and `inspection show`, and what `check` says of findings files."""

import re
import subprocess
import sys

import pytest

from conftest import ROOT, assert_clean_failure


@pytest.mark.vietnamese
def test_status_shows_every_unit_with_its_state(run, example_ws):
    run("record", "yen-bai", "I.1", "-w", example_ws, "--rating", "1", "--recommend", "Làm ngay")
    run("record", "yen-bai", "QH.1", "--site", "van-yen", "-w", example_ws, "--rating", "1")
    result = run("status", "-w", example_ws)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    yen_bai = next(line for line in lines if line.startswith("BHXH tỉnh Yên Bái"))
    assert "12/07–13/07/2022" in yen_bai and "1/25" in yen_bai and "1/30" in yen_bai
    assert yen_bai.split()[-2:] == ["đang", "ghi"]
    assert any(line.startswith("BHXH tỉnh Lào Cai") and line.endswith("chưa bắt đầu") for line in lines)
    assert "0/8 đơn vị hoàn thành." in result.output


def test_status_marks_a_broken_findings_file_without_failing(run, example_ws):
    (example_ws / "findings").mkdir(exist_ok=True)
    (example_ws / "findings" / "bhxh-tinh-phu-tho.yaml").write_text("unit: [\n", encoding="utf-8")
    result = run("status", "-w", example_ws)
    assert result.exit_code == 0
    assert "⚠ file error" in result.output and "findings/bhxh-tinh-phu-tho.yaml:" in result.output


@pytest.mark.vietnamese
def test_show_groups_by_section_and_marks_unchecked_items(run, example_ws):
    run("record", "yen-bai", "I.3", "-w", example_ws, "--rating", "3", "--shortcoming", "Chưa ký quy chế")
    result = run("show", "Yên Bái", "-w", example_ws)
    out = result.output
    assert "I. KẾT QUẢ THỰC HIỆN CÔNG TÁC THÔNG TIN" in out
    assert "I.3. Công tác phối hợp" in out and "Tồn tại, hạn chế: Chưa ký quy chế" in out
    assert out.count("(chưa kiểm tra)") > 40
    assert "KHẢO SÁT CÔNG TÁC TRUYỀN THÔNG TRỰC QUAN" in out.upper()
    assert "CHỈ TIÊU (báo cáo / xác minh)" in out


def test_check_validates_findings_edited_by_hand(run, example_ws):
    (example_ws / "findings").mkdir(exist_ok=True)
    (example_ws / "findings" / "bhxh-tinh-yen-bai.yaml").write_text(
        "unit: bhxh-tinh-yen-bai\nfindings:\n  - item: I.99\n    rating: great\n"
        "indicators:\n  - {row: \"3.1.1\", period: \"2021\", reported: \"-5\"}\n", encoding="utf-8")
    (example_ws / "findings" / "ban-nhap.yaml").write_text("unit: x\n", encoding="utf-8")
    result = run("check", "-w", example_ws)
    assert_clean_failure(result)
    out = result.output.splitlines()
    assert "findings/bhxh-tinh-yen-bai.yaml:3: findings[0].item: checklist bhxh-ttt-2022 has no item I.99" in out
    assert "findings/bhxh-tinh-yen-bai.yaml:4: findings[0].rating: 'great' is not a rating of the scale (tot, kha, dat, chua-dat)" in out
    assert "findings/bhxh-tinh-yen-bai.yaml:6: indicators[0].reported: '-5': a count cannot be negative" in out
    assert any(line.startswith("findings/ban-nhap.yaml: warning: this file belongs to no unit") for line in out)


def test_record_and_status_do_not_load_heavy_libraries(example_ws):
    heavy = ["docxtpl", "docx", "openpyxl", "pypdf", "tablib", "lxml", "jinja2", "holidays"]
    for args in (["status"], ["record", "yen-bai", "I.1", "--rating", "1"], ["show", "yen-bai"]):
        code = ("import sys\nfrom inspection.cli import cli\n"
                f"cli({args + ['-w', str(example_ws)]!r}, standalone_mode=False)\n"
                f"print('LOADED', sorted(set({heavy!r}) & set(sys.modules)))")
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip().splitlines()[-1] == "LOADED []", (args, out.stdout)


def test_status_shows_a_one_day_visit_as_its_day(run, commune_ws):
    # "10/11–10/11/2026" read as a span; one day is one date
    result = run("status", "-w", commune_ws)
    assert result.exit_code == 0, result.output
    line = next(t for t in result.output.splitlines() if t.startswith("Phường Hồng Bàng"))
    assert "–" not in line.split("Phường Hồng Bàng", 1)[1].split()[0]
    assert " 09/06/2026 " in f" {line} ", line


def test_recording_leaves_nothing_but_the_findings_files_in_findings(run, example_ws):
    # an empty UNIT.lock stayed beside each findings file after every record
    assert run("record", "Yên Bái", "I.1", "--observation", "Thử", "-w", example_ws).exit_code == 0
    assert run("record", "Lào Cai", "I.1", "--rating", "1", "-w", example_ws).exit_code == 0
    listed = sorted(p.name for p in (example_ws / "findings").iterdir() if not p.name.startswith("."))
    assert listed == ["bhxh-tinh-lao-cai.yaml", "bhxh-tinh-yen-bai.yaml"]
    assert (example_ws / "findings" / ".locks" / "bhxh-tinh-yen-bai.lock").is_file()


@pytest.mark.vietnamese
def test_show_and_history_give_the_time_of_recording_as_a_reader_says_it(run, example_ws):
    assert run("record", "Yên Bái", "I.1", "--observation", "Đã đối chiếu hồ sơ.",
               "-w", example_ws).exit_code == 0
    for command in ("show", "history"):
        args = ("show", "Yên Bái") if command == "show" else ("history", "Yên Bái", "I.1")
        result = run(*args, "-w", example_ws)
        assert result.exit_code == 0, result.output
        line = next(t for t in result.output.splitlines() if "(ghi bởi " in t)
        assert re.search(r", lúc \d\d:\d\d ngày \d\d/\d\d/20\d\d\)$", line), line
        assert "T" not in line.split("lúc", 1)[1] and "+" not in line, line
