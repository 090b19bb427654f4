"""Vietnamese first: every message has its translation, the main commands speak Vietnamese by
default, English on request (--lang, $INSPECTION_LANG, an English locale)."""

from __future__ import annotations

import re
import string
import subprocess
import sys

import pytest
from conftest import ROOT

from inspection import i18n

sys.path.insert(0, str(ROOT / "tools"))
import i18n as catalogs  # noqa: E402  (tools/i18n.py)


def test_every_message_has_a_vietnamese_translation():
    missing = catalogs.untranslated()
    assert not missing, "no Vietnamese for:\n" + "\n".join(
        f"{m.locations[0][0]}:{m.locations[0][1]}: {m.id!r}" for m in missing[:40])


def _fields(text: str) -> list[str]:
    """The placeholders of `text` (a named one may be used twice in a translation)."""
    brace = {name for _lit, name, _spec, _conv in string.Formatter().parse(text)
             if name is not None} if "{" in text else set()
    return sorted(brace) + sorted(re.findall(r"%\(\w+\)[sdr]|%[sdr]", text))


def test_every_translation_keeps_the_placeholders_of_its_message():
    wrong = []
    for message in catalogs.read():
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in filter(None, strings):
            try:
                if _fields(text) != _fields(ids[-1]) and _fields(text) != _fields(ids[0]):
                    wrong.append(f"{ids[0]!r} -> {text!r}")
            except ValueError as exc:  # an unbalanced brace
                wrong.append(f"{ids[0]!r} -> {text!r}: {exc}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("environment, expected", [
    ({}, "vi"),
    ({"LANG": "C.UTF-8"}, "vi"),
    ({"LANG": "vi_VN.UTF-8"}, "vi"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "vi_VN.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
    ({"LC_ALL": "C", "LANG": "en_US.UTF-8"}, "en"),
    ({"LANGUAGE": "vi:en", "LANG": "en_US.UTF-8"}, "vi"),
    ({"LANG": "fr_FR.UTF-8"}, "vi"),
    ({"INSPECTION_LANG": "en", "LANG": "vi_VN.UTF-8"}, "en"),
    ({"INSPECTION_LANG": "vi", "LANG": "en_US.UTF-8"}, "vi"),
    ({"INSPECTION_LANG": "vi-VN"}, "vi"),
])
def test_the_language_is_the_users_own(environment, expected):
    assert i18n.choose(environ=environment) == expected
    assert i18n.choose("en", environ=environment) == "en"


@pytest.mark.vietnamese
def test_vietnamese_is_the_default_and_english_is_asked_for_in_three_ways(run, monkeypatch):
    monkeypatch.delenv("INSPECTION_LANG")
    assert run("--version").output == "inspection, phiên bản 0.1.0\n"
    assert run("--lang", "en", "--version").output == "inspection, version 0.1.0\n"
    assert run("--version", "--lang=en").output == "inspection, version 0.1.0\n"
    assert run("--version", env={"INSPECTION_LANG": "en"}).output.startswith("inspection, version")
    assert run("--version", env={"LANG": "en_US.UTF-8"}).output.startswith("inspection, version")
    # --lang wins over the environment, and may come after the command as well
    english = run("check", "-w", "khong-co-thu-muc", "--lang", "en",
                  env={"INSPECTION_LANG": "vi"})
    assert english.exit_code == 1 and "khong-co-thu-muc" in english.output
    vietnamese = run("check", "-w", "khong-co-thu-muc")
    assert vietnamese.exit_code == 1 and vietnamese.output != english.output


@pytest.mark.vietnamese
def test_an_unknown_language_is_refused_in_the_users_language(run):
    result = run("--lang", "fr", "status")
    assert result.exit_code == 2
    assert result.output == ("Lỗi: --lang=fr: chỉ có thông báo bằng vi (tiếng Việt) và en "
                             "(tiếng Anh).\n")
    assert run("status", env={"INSPECTION_LANG": "klingon"}).exit_code == 2


# Words of English sentences that are no Vietnamese word; paths, option names, metavars,
# placeholders and quoted values are taken out first.
ENGLISH = set("""the is are was were be been not and or of with for from has have this that
which there what when where who these those into onto its it shows show wrote written found
missing unknown cannot could should would must use used usage options commands error warning
file files folder unit units item items visit visits recorded record finding findings
document documents template templates check checked draft drafts none no yes one every each
all any some at on by an as if than then also only more less see try help exit""".split())
# …but written as such they are command names, choices (`render all`) or place names (Nghệ An)
NAMES = {"check", "record", "show", "draft", "templates", "all", "An", "documents", "issue",
         "followup"}


def _english_words(output: str) -> list[str]:
    found = []
    for line in output.splitlines():
        text = re.sub(r"`[^`]*`|'[^']*'|\"[^\"]*\"|“[^”]*”|«[^»]*»", " ", line)
        text = re.sub(r"(?:[\w.~-]*[/\\][^\s,;:)]*)|--?[\w-]+|\$\w+|\{[^}]*\}|\S+\.(?:ya?ml|docx|"
                      r"xlsx|csv|json|ics|pdf|zip|md)\b|https?://\S+", " ", text)
        words = re.findall(r"[A-Za-z]+", text)
        hits = [w for w in words if w.lower() in ENGLISH and not w.isupper() and w not in NAMES]
        if hits:
            found.append(f"{line.strip()!r}: {hits}")
    return found


def _main_commands(ws):
    unit = "Yên Bái"
    return [
        ("--help",), ("record", "--help"), ("render", "--help"), ("indicators", "--help"),
        ("check", "-w", ws), ("schedule", "-w", ws), ("status", "-w", ws),
        ("record", unit, "I.3", "-w", ws, "--rating", "kha", "--observation", "Đầy đủ",
         "--recommend", "Bổ sung kế hoạch", "--owner", "Văn phòng", "--due", "30/09/2022"),
        ("show", unit, "-w", ws), ("history", unit, "I.3", "-w", ws),
        ("indicators", "show", unit, "-w", ws), ("outlines", "-w", ws),
        ("draft", "-w", ws), ("render", "all", "-w", ws, "-o", ws / "ra"),
        ("export", "-w", ws, "-o", ws / "ra" / "ket-qua.xlsx"), ("resolve", "-w", ws),
        # after the visit: issuing, the register, following up
        ("issue", "conclusion", unit, "--date", "14/10/2022", "--no-pdf", "-w", ws),
        ("issue", "conclusion", unit, "-w", ws), ("documents", "-w", ws), ("followup", "-w", ws),
        ("followup", "set", unit, "1", "--status", "dang thuc hien", "-w", ws),
        ("followup", "set", unit, "9", "--status", "xong", "-w", ws), ("followup", "--help"),
        # failures: click's own messages and the core's
        ("show", "Không Có", "-w", ws), ("record", "-w", ws), ("status", "--khong-co"),
        ("render", "khong-co", "-w", ws), ("check", "-w", ws / "khong-co"),
        ("record", unit, "I.3", "-w", ws, "--due", "31/02/2022", "--recommend", "x"),
    ]


@pytest.mark.vietnamese
def test_the_main_commands_print_no_english_sentence(run, ws):
    english = []
    for args in _main_commands(ws):
        result = run(*args)
        assert "Traceback" not in result.output, (args, result.output)
        english += [f"{' '.join(map(str, args[:2]))}: {hit}" for hit in
                    _english_words(result.output)]
    assert not english, "\n".join(english)


def test_the_english_messages_are_english(run, ws):
    # the same detector finds the English: the test above cannot pass by finding nothing
    found = [hit for args in _main_commands(ws)[:6] for hit in _english_words(run(*args).output)]
    assert len(found) > 20


@pytest.mark.vietnamese
def test_a_problem_in_vietnamese_still_names_the_file_the_place_and_the_problem(run, ws):
    from test_check import edit

    schedule = ws / "schedule.yaml"
    edit(ws, "date: 2022-07-12", "date: 2022-02-31")
    result = run("check", "-w", ws)
    assert result.exit_code == 1
    line = next(n for n, row in enumerate(schedule.read_text(encoding="utf-8").splitlines(), 1)
                if "2022-02-31" in row)
    problem = next(row for row in result.output.splitlines() if "2022-02-31" in row)
    assert problem.startswith(f"schedule.yaml:{line}: visits[0].days[0].date: 2022-02-31 "), problem
    assert not _english_words(problem.split(": ", 2)[2]), problem
    assert "2/2022" in problem and "28" in problem


@pytest.mark.vietnamese
def test_help_of_every_command_is_in_vietnamese_with_its_example(run):
    from test_docs import COMMANDS

    for name, _command in COMMANDS:
        vietnamese = run(*name.split(), "--help").output
        english = run(*name.split(), "--help", "--lang", "en").output
        assert "Ví dụ" in vietnamese and f"inspection {name}" in vietnamese, name
        assert "Example" in english and vietnamese != english, name


def test_the_command_line_reads_the_catalog_without_loading_babel(tmp_path):
    # an installed package reads the compiled .mo; Babel is for the source checkout only
    code = ("import sys; from inspection import i18n; i18n.use('vi'); "
            "print(i18n._('Show the version and exit.'), 'babel' in sys.modules)")
    compiled = catalogs.compile_mo(target=tmp_path / "vi" / "LC_MESSAGES" / "inspection.mo")
    out = subprocess.run([sys.executable, "-c", code.replace(
        "i18n.use('vi')", f"i18n.LOCALES = __import__('pathlib').Path({str(compiled.parents[2])!r}); "
        "i18n.use('vi')")], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.split()[-1] == "False", out.stdout + out.stderr
    assert "Show the version" not in out.stdout


@pytest.mark.vietnamese
def test_status_record_and_check_speak_vietnamese_word_for_word(run, ws):
    status = run("status", "-w", ws).output.splitlines()
    assert status[-2:] == [
        "0/8 đơn vị hoàn thành.",
        "Trụ sở / Cơ sở: mục đã ghi / cần ghi tại trụ sở và tại các cơ sở đi thực tế. "
        "Trạng thái: chưa bắt đầu, đang ghi, hoàn thành."]
    saved = run("record", "Yên Bái", "I.3", "-w", ws, "--rating", "kha", "--recommend", "Bổ sung",
                "--owner", "Văn phòng", "--due", "30/09/2022")
    assert saved.stdout == ("Đã lưu I.3 (Tại trụ sở đơn vị) cho BHXH tỉnh Yên Bái: đánh giá Khá; "
                            "0 nhận xét, 1 kiến nghị.\n")
    assert run("check", "-w", ws).output.splitlines()[-1] == (
        f"Không có vấn đề gì: thư mục đợt kiểm tra {ws} đã sẵn sàng.")
    usage = run("record", "-w", ws)
    assert usage.exit_code == 2
    assert "Lỗi: Thiếu đối số 'UNIT'." in usage.output


@pytest.mark.vietnamese
def test_what_a_new_user_trips_over_is_told_in_vietnamese_word_for_word(run, ws, tmp_path,
                                                                       monkeypatch):
    monkeypatch.chdir(tmp_path)
    dash = run("render", "plan", "-o", "-", "-w", ws)
    assert dash.exit_code == 2 and dash.output.splitlines()[-1] == (
        "Lỗi: Giá trị không hợp lệ cho '-o' / '--output': '-' là đầu ra chuẩn, chỉ nhận một "
        "tệp, không nhận thư mục: hãy nêu tên một thư mục")
    period = run("indicators", "set", "Yen Bai", "3.2.1", "Nam 2021", "152", "-w", ws)
    assert period.output == ("BHXH tỉnh Yên Bái, 3.2.1 Tổng số HN, Năm 2021: báo cáo 152, "
                             "xác minh —.\n")
    unknown = run("indicators", "set", "Yen Bai", "3.2.1", "Nam 2020", "152", "-w", ws)
    assert unknown.output == ("Lỗi: bảng chỉ tiêu không có kỳ 'Nam 2020'; các kỳ của bảng là: "
                              "2021 (Năm 2021), 2022 (Những tháng đầu năm 2022)\n")
    schedule = ws / "schedule.yaml"
    text = schedule.read_text(encoding="utf-8")
    schedule.write_text(text.replace("      province: Yên Bái\n",
                                     "      province: Yên Bái\n      locality: Yên Bái\n", 1)
                        .replace("\nmethods:", "\nmethods: []\nold_methods:", 1), encoding="utf-8")
    checked = run("check", "-w", ws).output.splitlines()
    assert ("schedule.yaml:30: methods: cảnh báo: methods để trống: kế hoạch sẽ in một dòng chấm "
            "chấm thay cho nội dung này dưới mục \"III. 2. Phương pháp kiểm tra\"; hãy ghi nội dung "
            "tại đây trước khi tạo kế hoạch (hoặc tự điền trong Word)") in checked
    assert "schedule.yaml:31: old_methods: khóa 'old_methods' không hợp lệ (có phải là " \
           "'methods'?)" in checked
    assert ("schedule.yaml:102: visits[0].unit.province: chỉ ghi địa danh một lần, bằng locality "
            "(province là tên cũ của khóa này)") in checked
    assert checked[-1] == "2 lỗi, 1 cảnh báo."
    dialect = run("export", "--dialect", "excel", "-w", ws)
    assert dialect.output.splitlines()[-1] == (
        "Lỗi: Giá trị không hợp lệ cho '--dialect': 'excel' không thuộc các giá trị: 'excel-vn', "
        "'rfc4180'.")
