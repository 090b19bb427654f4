"""The browser form's routes (Flask's test client): pages, saving, and the refusals."""

from __future__ import annotations

import re

import pytest

from inspection import api
from inspection.recording.store import FindingsStore
from inspection.web.app import create_app

pytestmark = pytest.mark.vietnamese
YEN_BAI = "bhxh-tinh-yen-bai"
ITEM = f"/don-vi/{YEN_BAI}/I.3/office"


@pytest.fixture
def app(ws):
    return create_app(ws, recorder="Hà")


@pytest.fixture
def client(app):
    return app.test_client()


def _form(html: str) -> dict:
    return {name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
            for name in ("csrf", "base")}


def _answer(ws, item="I.3", site="office"):
    store = FindingsStore(api.open_workspace(ws), api.open_workspace(ws).load())
    visit = next(v for v in store.loaded.campaign.visits if v.unit.slug == YEN_BAI)
    return store.read(visit).finding(item, site)


def _save(client, fields, page=None, **overrides):
    page = page or client.get(ITEM).get_data(as_text=True)
    data = {**_form(page), "by": "Hà", "rating": "kha", "observations": "", "strengths": "",
            "shortcomings": "", "causes": "", "explanations": "", "rec_text": "",
            "rec_owner": "", "rec_due": "", **fields, **overrides}
    return client.post(ITEM, data=data)


def test_the_campaign_page_lists_every_unit_with_the_figures_of_status(client, ws):
    page = client.get("/").get_data(as_text=True)
    for unit in api.status(ws):
        assert unit.visit.unit.name in page
        assert f"{unit.office_done}/{unit.office_total}" in page
    assert "chưa bắt đầu" in page and 'lang="vi"' in page


def test_the_unit_page_shows_each_item_by_section_and_site_with_its_state(client, ws):
    api.record_finding(ws, "Yên Bái", "I.1", by="Lan", observations=["Đủ hồ sơ"])
    page = client.get(f"/don-vi/{YEN_BAI}").get_data(as_text=True)
    assert "<h2>I. Kết quả thực hiện công tác thông tin, truyền thông năm 2021" in page
    assert re.search(r"đã ghi \(Lan, \d\d:\d\d ngày \d\d/\d\d/\d{4}\)", page) and "chưa ghi" in page
    assert "BHXH huyện Văn Yên" in page  # field items, per site


def test_an_item_is_saved_through_the_store_and_the_old_version_kept(client, ws):
    api.record_finding(ws, "Yên Bái", "I.3", by="Lan", observations=["Bản đầu"])
    saved = _save(client, {"observations": "Đã ký quy chế với 12 sở, ngành\nCó kế hoạch năm",
                           "rec_text": "Bổ sung kế hoạch", "rec_owner": "Văn phòng",
                           "rec_due": "30/09/2022"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("?saved=1")
    finding = _answer(ws)
    assert finding.answer.observations == ("Đã ký quy chế với 12 sở, ngành", "Có kế hoạch năm")
    assert finding.answer.rating == "kha" and finding.answer.recorded_by == "Hà"
    assert finding.answer.recommendations[0].owner == "Văn phòng"
    assert str(finding.answer.recommendations[0].due) == "2022-09-30"
    assert finding.history[-1].observations == ("Bản đầu",)
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert 'id="saved"' in page and "Đã lưu." in page and "Có kế hoạch năm" in page


def test_a_post_without_the_csrf_token_is_refused_and_writes_nothing(client, ws):
    refused = client.post(ITEM, data={"observations": "x", "rating": "kha", "by": "Hà"})
    assert refused.status_code == 403
    assert "Biểu mẫu đã hết hạn" in refused.get_data(as_text=True)
    forged = _save(client, {"observations": "x"}, csrf="gia-mao")
    assert forged.status_code == 403
    assert _answer(ws) is None


def test_the_second_of_two_saves_from_the_same_version_is_refused_with_both_shown(app, ws):
    first, second = app.test_client(), app.test_client()
    page_one = first.get(ITEM).get_data(as_text=True)
    page_two = second.get(ITEM).get_data(as_text=True)
    assert _save(first, {"observations": "Ý kiến của Hà"}, page_one).status_code == 302
    clash = _save(second, {"observations": "Ý kiến của Lan"}, page_two, by="Lan")
    assert clash.status_code == 409
    html = clash.get_data(as_text=True)
    assert "đã được Hà lưu lúc" in html
    assert "Ý kiến của Hà" in html and "Ý kiến của Lan" in html  # theirs, and the text kept
    assert _answer(ws).answer.observations == ("Ý kiến của Hà",)
    # saved again from the page the refusal gave: it now starts from Hà's version
    again = _save(second, {"observations": "Ý kiến của Hà; Lan bổ sung"}, html, by="Lan")
    assert again.status_code == 302
    assert _answer(ws).answer.observations == ("Ý kiến của Hà; Lan bổ sung",)


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", "{{ 7*7 }}", "A & B <b>",
                                     "x\u0007y\u200bz", "Nguye\u0302\u0303n"])
def test_hostile_text_is_saved_clean_and_shown_literally(client, ws, hostile):
    assert _save(client, {"observations": hostile}).status_code == 302
    page = client.get(ITEM).get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;" in page or "script" not in hostile
    assert "49" not in page.split("<textarea", 1)[1].split("</textarea>", 1)[0]
    if hostile == "Nguye\u0302\u0303n":
        assert _answer(ws).answer.observations == ("Nguyễn",)  # composed, as typed with Unikey
    if "\u0007" in hostile:
        assert "\u0007" not in page and _answer(ws).answer.observations == ("xyz",)


def test_a_text_too_long_is_refused_and_nothing_is_written(client, ws):
    assert _save(client, {"observations": "x" * 100_001}).status_code == 413
    assert _answer(ws) is None


@pytest.mark.parametrize("fields, message", [
    ({"rating": "9"}, "mức đánh giá"), ({"rec_text": "Bổ sung", "rec_due": "31/02/2022"}, "2/2022"),
])
def test_a_wrong_value_is_said_on_the_page_and_the_text_typed_is_kept(client, ws, fields, message):
    refused = _save(client, {"observations": "Giữ lại đoạn này", **fields})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert message in html and "Giữ lại đoạn này" in html and 'role="alert"' in html
    assert _answer(ws) is None


def test_no_name_no_save(ws):
    nameless = create_app(ws).test_client()
    refused = _save(nameless, {"observations": "x"}, by="")
    assert refused.status_code == 400 and "Hãy ghi tên người ghi" in refused.get_data(as_text=True)


def test_the_command_line_and_the_page_work_on_the_same_workspace(client, ws):
    page = client.get(ITEM).get_data(as_text=True)
    api.record_finding(ws, "Yên Bái", "I.3", by="Long", observations=["Ghi từ dòng lệnh"])
    assert _save(client, {"observations": "Từ trình duyệt"}, page).status_code == 409
    assert "Ghi từ dòng lệnh" in client.get(ITEM).get_data(as_text=True)


@pytest.mark.parametrize("path", ["/static/../app.py", "/static/..%2fapp.py", "/don-vi/..%2f..",
                                  f"/don-vi/{YEN_BAI}/I.3/..%2f..%2fschedule.yaml",
                                  f"/don-vi/{YEN_BAI}/I.3/van-yen", "/don-vi/khong-co"])
def test_nothing_outside_the_pages_is_served(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert b"visits:" not in response.data and b"import" not in response.data


def test_an_unknown_item_is_a_message_not_a_traceback(client):
    response = client.get(f"/don-vi/{YEN_BAI}/Z.9/office")
    assert response.status_code == 400
    assert "Z.9" in response.get_data(as_text=True)


def test_in_lan_mode_every_request_needs_the_access_code(ws):
    client = create_app(ws, access_code="483920", recorder="Hà").test_client()
    for path in ("/", f"/don-vi/{YEN_BAI}", ITEM, "/van-ban", "/bao-cao/du-thao"):
        response = client.get(path)
        assert response.status_code == 302 and "/vao" in response.headers["Location"]
    assert client.get("/static/app.js").status_code == 401
    assert client.post(ITEM, data={"observations": "x"}).status_code == 401
    login = client.get("/vao").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]*)"', login).group(1)
    wrong = client.post("/vao?next=/", data={"csrf": csrf, "code": "000000"})
    assert wrong.status_code == 401 and "Mã truy cập không đúng." in wrong.get_data(as_text=True)
    assert client.get("/").status_code == 302
    away = client.post("/vao?next=//evil.example/", data={"csrf": csrf, "code": "483 920"})
    assert away.status_code == 302 and away.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    other = create_app(ws, access_code="111111").test_client()
    assert other.get("/").status_code == 302  # another browser still needs it


def test_the_pages_load_nothing_from_the_internet(client):
    for path in ("/", f"/don-vi/{YEN_BAI}", ITEM):
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r'(src|href)="(https?:)?//', html), path
    script = client.get("/static/app.js").get_data(as_text=True)
    assert "http" not in script and "fetch(" not in script


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(ws, *args):
    """`inspection serve` started as a user starts it; returns (process, first lines)."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "inspection", "serve", "-w", str(ws), "--no-browser",
         "--port", str(port), *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, encoding="utf-8", env={**os.environ, "INSPECTION_USER": "Hà"})
    lines = []
    while True:
        line = process.stdout.readline()
        assert line, "".join(lines)
        lines.append(line)
        if "Ctrl-C" in line:
            return process, port, "".join(lines)


def _stop(process) -> str:
    import signal

    process.send_signal(signal.SIGINT)
    out = process.stdout.read()
    assert process.wait(timeout=20) == 0, out
    return out


def test_serve_listens_on_this_computer_only_and_stops_with_ctrl_c_keeping_everything(ws):
    import urllib.request

    process, port, said = _serve(ws)
    try:
        assert f"Trang ghi kết quả của {ws} ở địa chỉ http://127.0.0.1:{port}/" in said
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            page = response.read().decode("utf-8")
        assert "BHXH tỉnh Yên Bái" in page and "Mã truy cập" not in page
        busy = __import__("subprocess").run(
            [__import__("sys").executable, "-m", "inspection", "serve", "-w", str(ws),
             "--no-browser", "--port", str(port)], capture_output=True, text=True,
            encoding="utf-8", timeout=60)
        assert busy.returncode == 1 and f"Không lắng nghe được trên cổng {port}" in busy.stderr
        assert "Traceback" not in busy.stderr
    finally:
        out = _stop(process)
    assert "Đã dừng; mọi câu trả lời đã lưu đều được giữ." in out and "Traceback" not in out


def test_serve_stops_as_well_when_it_is_terminated(ws):
    import signal

    process, _port, _said = _serve(ws)
    process.send_signal(signal.SIGTERM)
    out = process.stdout.read()
    assert process.wait(timeout=20) == 0 and "Đã dừng" in out, out


def test_serve_lan_shows_an_access_code_and_a_qr_code_and_refuses_without_it(ws):
    import urllib.error
    import urllib.request

    process, port, said = _serve(ws, "--lan")
    try:
        code = re.search(r"Mã truy cập: (\d{3} \d{3})", said)
        assert code, said
        assert "▀" in said or "█" in said  # the address as a QR code, for a phone's camera
        opener = urllib.request.build_opener(type("NoRedirect", (urllib.request.HTTPRedirectHandler,),
                                                  {"redirect_request": lambda *a: None}))
        with pytest.raises(urllib.error.HTTPError) as refused:
            opener.open(f"http://127.0.0.1:{port}/", timeout=10)
        assert refused.value.code == 302 and "/vao" in refused.value.headers["Location"]
    finally:
        _stop(process)


def _csrf(client) -> str:
    return _form(client.get(ITEM).get_data(as_text=True))["csrf"]


def test_files_and_photos_are_attached_as_inspection_attach_does(client, ws):
    import io

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    response = client.post(f"{ITEM}/tai-lieu", data={
        "csrf": _csrf(client),
        "files": [(io.BytesIO(b"\xff\xd8\xff\xe0 anh chup"), "Ảnh hội nghị.jpg"),
                  (io.BytesIO(pdf), "../../Tờ trình số 15.pdf")]},
        content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    finding = _answer(ws)
    store = FindingsStore(api.open_workspace(ws), api.open_workspace(ws).load())
    visit = next(v for v in store.loaded.campaign.visits if v.unit.slug == YEN_BAI)
    evidence = {e.id: e for e in store.read(visit).evidence}
    names = sorted(evidence[i].original_name for i in finding.answer.evidence)
    assert names == ["Tờ trình số 15.pdf", "Ảnh hội nghị.jpg"]
    for entry in evidence.values():
        assert (ws / entry.file).is_file() and entry.file.startswith(f"evidence/{YEN_BAI}/")
        assert len(entry.sha256) == 64 and entry.added_by == "Hà"
    scratch = ws / ".inspection-cache" / "tmp"  # where the uploads were received
    assert not scratch.exists() or not any(scratch.iterdir())
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ảnh hội nghị.jpg" in page and "Đã đính kèm:" in page
    link = re.search(r'href="(/don-vi/[^"]+/tai-lieu/[^"]+)">Ảnh hội nghị', page).group(1)
    assert client.get(link).data == b"\xff\xd8\xff\xe0 anh chup"
    again = client.post(f"{ITEM}/tai-lieu", data={
        "csrf": _csrf(client), "files": [(io.BytesIO(b"\xff\xd8\xff\xe0 anh chup"), "ban-sao.jpg")]},
        content_type="multipart/form-data")
    assert again.status_code == 302
    assert len(list((ws / "evidence" / YEN_BAI).iterdir())) == 2  # the same content once


def test_an_upload_too_large_or_without_token_is_refused_and_nothing_is_kept(app, ws):
    import io

    client = app.test_client()
    app.config["MAX_CONTENT_LENGTH"] = 1000
    big = client.post(f"{ITEM}/tai-lieu", data={
        "csrf": _csrf(client), "files": [(io.BytesIO(b"x" * 5000), "lon.pdf")]},
        content_type="multipart/form-data")
    assert big.status_code == 413
    app.config["MAX_CONTENT_LENGTH"] = 10 ** 6
    forged = client.post(f"{ITEM}/tai-lieu", data={"files": [(io.BytesIO(b"x"), "a.txt")]},
                         content_type="multipart/form-data")
    assert forged.status_code == 403
    assert not (ws / "evidence" / YEN_BAI).exists() or not any((ws / "evidence" / YEN_BAI).iterdir())
    assert client.get(f"/don-vi/{YEN_BAI}/tai-lieu/E99").status_code == 404


def test_an_earlier_version_is_restored_from_the_page(client, ws):
    api.record_finding(ws, "Yên Bái", "I.3", by="Lan", observations=["Bản một"])
    api.record_finding(ws, "Yên Bái", "I.3", by="Lan", observations=["Bản hai"], replace=True)
    page = client.get(ITEM).get_data(as_text=True)
    assert "1 phiên bản trước" in page and "Khôi phục phiên bản này" in page
    done = client.post(f"{ITEM}/khoi-phuc", data={"csrf": _csrf(client), "version": "1"})
    assert done.status_code == 302
    finding = _answer(ws)
    assert finding.answer.observations == ("Bản một",)
    assert [a.observations for a in finding.history] == [("Bản một",), ("Bản hai",)]


def test_a_document_is_rendered_and_downloaded_from_the_documents_page(client, ws):
    import io

    import docx

    page = client.get("/van-ban").get_data(as_text=True)
    assert "Kế hoạch kiểm tra" in page and "BHXH tỉnh Yên Bái" in page
    csrf = re.search(r'name="csrf" value="([^"]*)"', page).group(1)
    got = client.post("/van-ban", data={"csrf": csrf, "kind": "minutes", "unit": YEN_BAI,
                                        "format": "docx"})
    assert got.status_code == 200
    assert f"bien-ban-{YEN_BAI}.docx" in got.headers["Content-Disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(got.data)).paragraphs)
    assert "BHXH tỉnh Yên Bái" in text
    assert (ws / "output" / f"bien-ban-{YEN_BAI}.docx").is_file()
    for bad in ({"kind": "../schedule", "format": "docx"}, {"kind": "minutes", "unit": "..",
                                                            "format": "docx"},
                {"kind": "plan", "format": "exe"}):
        assert client.post("/van-ban", data={"csrf": csrf, **bad}).status_code in (400, 404)
    assert client.post("/van-ban", data={"kind": "plan", "format": "docx"}).status_code == 403


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice is not installed")
def test_a_document_is_downloaded_as_pdf_where_libreoffice_is_installed(client, ws):
    page = client.get("/van-ban").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]*)"', page).group(1)
    got = client.post("/van-ban", data={"csrf": csrf, "kind": "plan", "format": "pdf"})
    assert got.status_code == 200 and got.data.startswith(b"%PDF-")


def _draft_form(html: str) -> dict:
    """Every field of the draft's form as the page gives it (lists for repeated names)."""
    form = html.split('class="draft"', 1)[1]
    fields: dict = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form):
        fields.setdefault(name, []).append(value)
    for name, value in re.findall(r'<textarea name="([^"]+)"[^>]*>([^<]*)</textarea>', form):
        fields.setdefault(name, []).append(__import__("html").unescape(value))
    for name, value in re.findall(r'<input name="([^"]+)" value="([^"]*)"', form):
        fields.setdefault(name, []).append(value)
    return fields


def _read_draft(ws):
    from inspection.documents.drafting import read_unit_draft

    workspace = api.open_workspace(ws)
    visit = next(v for v in workspace.load().campaign.visits if v.unit.slug == YEN_BAI)
    return read_unit_draft(workspace, visit)


def test_the_conclusion_draft_is_composed_and_edited_on_its_page(client, ws):
    api.record_finding(ws, "Yên Bái", "I.1", by="Hà", rating="kha",
                       strengths=["Chủ động tham mưu"], shortcomings=["Chưa lưu hồ sơ"],
                       recommendations=["Lưu đủ hồ sơ"], owners=["Văn phòng"], dues=["30/09/2022"])
    page = client.get(f"/don-vi/{YEN_BAI}/du-thao").get_data(as_text=True)
    assert "Soạn dự thảo kết luận từ kết quả kiểm tra" in page and 'class="draft"' not in page
    csrf = re.search(r'name="csrf" value="([^"]*)"', page).group(1)
    assert client.post(f"/don-vi/{YEN_BAI}/du-thao",
                       data={"csrf": csrf, "action": "compose"}).status_code == 302
    page = client.get(f"/don-vi/{YEN_BAI}/du-thao").get_data(as_text=True)
    fields = _draft_form(page)
    before = _read_draft(ws)
    area = next(i for i, a in enumerate(before.areas) if a.strengths)
    assert fields[f"a{area}-strengths-0"] == [before.areas[area].strengths[0].text]
    fields[f"a{area}-strengths-0"] = ["Chủ động tham mưu Tỉnh ủy & UBND tỉnh"]
    fields[f"a{area}-shortcomings-0"] = [""]
    fields[f"a{area}-causes-new"] = [""]
    fields[f"a{area}-objective_causes-new"] = ["Địa bàn rộng\nThiếu biên chế"]
    fields["conclusion"] = ["Đơn vị thực hiện khá."]
    fields["rec_text"][-1], fields["rec_owner"][-1], fields["rec_due"][-1] = \
        "Báo cáo kết quả khắc phục", "Giám đốc BHXH tỉnh", "31/10/2022"
    saved = client.post(f"/don-vi/{YEN_BAI}/du-thao", data=fields)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    after = _read_draft(ws)
    edited = after.areas[area]
    assert edited.strengths[0].text == "Chủ động tham mưu Tỉnh ủy & UBND tỉnh"
    assert edited.strengths[0].sources == before.areas[area].strengths[0].sources  # kept
    assert len(edited.shortcomings) == len(before.areas[area].shortcomings) - 1
    assert [p.text for p in edited.objective_causes][-2:] == ["Địa bàn rộng", "Thiếu biên chế"]
    assert after.conclusion == "Đơn vị thực hiện khá."
    assert [r.id for r in after.recommendations] == ["KN1", "KN2"]
    assert after.recommendations[1].owner == "Giám đốc BHXH tỉnh"
    assert not any(p.new for a in after.areas for p in a.strengths)
    # the form of the page before that save is stale now: refused, nothing written
    stale = client.post(f"/don-vi/{YEN_BAI}/du-thao", data={**fields, "conclusion": ["Khác"]})
    assert stale.status_code == 409 and "đã bị thay đổi sau khi trang này được mở" in \
        stale.get_data(as_text=True)
    assert _read_draft(ws).conclusion == "Đơn vị thực hiện khá."
    fresh = _draft_form(client.get(f"/don-vi/{YEN_BAI}/du-thao").get_data(as_text=True))
    fresh["rec_due"][0] = "31/02/2022"
    wrong = client.post(f"/don-vi/{YEN_BAI}/du-thao", data=fresh)
    assert wrong.status_code == 400 and "2/2022" in wrong.get_data(as_text=True)
    assert _read_draft(ws).recommendations[0].due.isoformat() == "2022-09-30"
    assert not list((ws / "drafts").glob("*.lock"))  # the lock lives in drafts/.locks/


def test_the_summary_reports_draft_is_composed_and_edited_on_its_page(client, ws):
    from inspection.documents.drafting import read_report

    for unit in ("Yên Bái", "Lào Cai"):
        api.record_finding(ws, unit, "I.1", by="Hà", rating="kha",
                           shortcomings=["Chưa lưu đủ hồ sơ"])
    page = client.get("/bao-cao/du-thao").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]*)"', page).group(1)
    assert client.post("/bao-cao/du-thao", data={"csrf": csrf, "action": "compose"}).status_code == 302
    fields = _draft_form(client.get("/bao-cao/du-thao").get_data(as_text=True))
    before = read_report(api.open_workspace(ws))
    area = next(i for i, a in enumerate(before.areas) if a.shortcomings)
    assert before.areas[area].shortcomings[0].units  # shared by the two units
    fields[f"a{area}-shortcomings-0"] = ["Hai đơn vị chưa lưu đủ hồ sơ <tham mưu>"]
    fields["good_practices-new"] = ["Lào Cai lập sổ theo dõi"]
    fields["assessment"] = ["Nhìn chung các đơn vị thực hiện khá."]
    assert client.post("/bao-cao/du-thao", data=fields).status_code == 302
    after = read_report(api.open_workspace(ws))
    assert after.assessment == "Nhìn chung các đơn vị thực hiện khá."
    point = after.areas[area].shortcomings[0]
    assert point.text == "Hai đơn vị chưa lưu đủ hồ sơ <tham mưu>"
    assert point.units == before.areas[area].shortcomings[0].units
    assert [p.text for p in after.good_practices][-1] == "Lào Cai lập sổ theo dõi"
    assert client.post("/bao-cao/du-thao", data=fields).status_code == 409  # stale form


def test_a_text_of_a_hundred_thousand_characters_is_saved_and_shown_whole(client, ws):
    long = ("Đoạn văn dài & <khó> " * 5000)[:100_000]
    assert _save(client, {"observations": long}).status_code == 302
    assert _answer(ws).answer.observations == (" ".join(long.split()),)
    page = client.get(ITEM).get_data(as_text=True)
    assert "Đoạn văn dài &amp; &lt;khó&gt;" in page and "<khó>" not in page


def test_a_merge_conflict_is_shown_on_the_unit_and_item_pages_and_resolved_there(run, ws, tmp_path):
    import shutil

    run("record", "yen-bai", "I.1", "-w", ws, "--rating", "1", "--by", "Lead")
    member = tmp_path / "member"
    shutil.copytree(ws, member)
    run("record", "yen-bai", "I.1", "-w", ws, "--rating", "3", "--by", "Lead")
    run("record", "yen-bai", "I.1", "-w", member, "--rating", "4", "--by", "Lan",
        "--observation", "Thiếu biên bản")
    assert run("merge", member, "-w", ws).exit_code == 0
    client = create_app(ws, recorder="Hà").test_client()
    assert "⚠ xung đột" in client.get(f"/don-vi/{YEN_BAI}").get_data(as_text=True)
    page = client.get(f"/don-vi/{YEN_BAI}/I.1/office").get_data(as_text=True)
    assert "Các bản ghi từ máy khác" in page and "Thiếu biên bản" in page
    assert page.count("Giữ bản này") == 2
    csrf = re.search(r'name="csrf" value="([^"]*)"', page).group(1)
    kept = client.post(f"/don-vi/{YEN_BAI}/I.1/office/giai-quyet", data={"csrf": csrf, "keep": "2"})
    assert kept.status_code == 302
    finding = _answer(ws, "I.1")
    assert finding.answer.rating == "chua-dat" and finding.conflicts == ()
    assert "dat" in [a.rating for a in finding.history]  # the version not kept is in the history
    again = client.post(f"/don-vi/{YEN_BAI}/I.1/office/giai-quyet", data={"csrf": csrf, "keep": "2"})
    assert again.status_code == 400 and "không có xung đột" in again.get_data(as_text=True)


def test_the_web_layer_imports_no_click_and_loads_flask_only_for_serve():
    import subprocess
    import sys

    from conftest import ROOT

    # Flask itself uses click for its own command line; our web layer and the core never do
    for source in (ROOT / "inspection" / "web").rglob("*.py"):
        assert "import click" not in source.read_text(encoding="utf-8"), source
    code = ("import sys; import inspection.web.app\n"
            "print(sorted(m for m in sys.modules if m.startswith('inspection.cli')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
    lazy = subprocess.run([sys.executable, "-c", "import sys; from inspection.cli import cli\n"
                           "try: cli(['status', '--help'])\nexcept SystemExit: pass\n"
                           "print('flask' in sys.modules, 'waitress' in sys.modules)"],
                          capture_output=True, text=True, cwd=ROOT)
    assert lazy.stdout.splitlines()[-1] == "False False"
