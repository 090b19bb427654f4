"""The browser form in a real browser: Debian's Chromium, headless, driven by Selenium.

Skipped only outside CI when Chromium or its driver is not installed; in CI (.ci/run installs
them) a missing browser fails. Screenshots of every page go to the test's temporary folder
(INSPECTION_SCREENSHOTS=DIR keeps them there, out of git, to be looked at).
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from inspection import api
from inspection.recording.store import FindingsStore

pytestmark = pytest.mark.vietnamese
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
if not (CHROMIUM and DRIVER):
    if os.environ.get("CI"):
        raise RuntimeError("the browser tests need chromium and chromium-driver (see .ci/run)")
    pytest.skip("Chromium or chromedriver is not installed", allow_module_level=True)

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

YEN_BAI = "bhxh-tinh-yen-bai"


@pytest.fixture
def server(ws):
    """The form served by waitress on a free port of this computer, as `inspection serve` does."""
    from waitress import create_server

    from inspection.web.app import create_app

    app = create_app(ws, recorder="Hà")
    served = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{served.effective_port}"
    served.close()


def _browser(width=1200, height=900, phone=False):
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    if phone:  # a phone's screen (a desktop window cannot be made that narrow)
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {
            "width": width, "height": height, "pixelRatio": 2}})
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={width},{height}", "--lang=vi", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(DRIVER), options=options)


@pytest.fixture
def browser():
    driver = _browser()
    yield driver
    driver.quit()


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("INSPECTION_SCREENSHOTS") or tmp_path / "screens")
    folder.mkdir(parents=True, exist_ok=True)
    return lambda driver, name: driver.save_screenshot(str(folder / f"{name}.png"))


def _answer(ws, item="I.3", site="office"):
    store = FindingsStore(api.open_workspace(ws), api.open_workspace(ws).load())
    visit = next(v for v in store.loaded.campaign.visits if v.unit.slug == YEN_BAI)
    return store.read(visit).finding(item, site)


def _wait(driver, css):
    return WebDriverWait(driver, 10).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))


def _type(element, text):
    for char in text:  # key by key, as a Unikey user's keystrokes arrive
        element.send_keys(char)


def test_record_an_item_typed_key_by_key_and_find_it_after_a_reload(server, browser, ws, shots):
    browser.get(server + "/")
    shots(browser, "1-campaign")
    assert "BHXH tỉnh Yên Bái" in browser.page_source
    browser.find_element(By.LINK_TEXT, "BHXH tỉnh Yên Bái").click()
    _wait(browser, "ul.items")
    shots(browser, "2-unit")
    browser.find_element(By.CSS_SELECTOR, f"a[href='/don-vi/{YEN_BAI}/I.3/office']").click()
    _wait(browser, "form#answer")
    browser.find_element(By.CSS_SELECTOR, "input[name=rating][value=kha]").click()
    text = "Đã ký quy chế phối hợp với 12 sở, ngành; số liệu <chưa khớp> & cần rà soát"
    _type(browser.find_element(By.NAME, "observations"), text)
    assert "Chưa lưu" in browser.find_element(By.ID, "draft-state").text
    _type(browser.find_element(By.NAME, "rec_text"), "Bổ sung kế hoạch truyền thông")
    _type(browser.find_elements(By.NAME, "rec_owner")[0], "Phòng Truyền thông")
    _type(browser.find_elements(By.NAME, "rec_due")[0], "30/09/2022")
    assert len(browser.find_elements(By.NAME, "rec_text")) == 2  # a new row offered
    shots(browser, "3-item-typed")
    browser.find_element(By.CSS_SELECTOR, "button.save").click()
    _wait(browser, "#saved")
    shots(browser, "4-item-saved")
    browser.refresh()
    _wait(browser, "form#answer")
    assert browser.find_element(By.NAME, "observations").get_attribute("value") == text
    assert not browser.find_elements(By.CSS_SELECTOR, ".offer")  # nothing left unsaved
    answer = _answer(ws).answer
    assert answer.observations == (text,) and answer.rating == "kha"
    assert answer.recommendations[0].owner == "Phòng Truyền thông"
    assert browser.execute_script("return localStorage.length") == 0  # acknowledged: cleared


def test_two_browsers_saving_the_same_item_the_second_is_shown_both(server, ws, shots):
    first, second = _browser(), _browser()
    try:
        for driver in (first, second):
            driver.get(f"{server}/don-vi/{YEN_BAI}/I.3/office")
            _wait(driver, "form#answer")
        _type(first.find_element(By.NAME, "observations"), "Hà ghi: đủ hồ sơ")
        _type(second.find_element(By.NAME, "observations"), "Lan ghi: thiếu biên bản")
        first.find_element(By.CSS_SELECTOR, "button.save").click()
        _wait(first, "#saved")
        second.find_element(By.CSS_SELECTOR, "button.save").click()
        _wait(second, ".theirs")
        shots(second, "5-conflict")
        page = second.page_source
        assert "Hà ghi: đủ hồ sơ" in page
        assert second.find_element(By.NAME, "observations").get_attribute("value") == \
            "Lan ghi: thiếu biên bản"
        assert _answer(ws).answer.observations == ("Hà ghi: đủ hồ sơ",)
    finally:
        first.quit()
        second.quit()


def test_text_of_a_closed_tab_is_offered_back_and_saved(server, browser, ws, shots):
    page = f"{server}/don-vi/{YEN_BAI}/I.5/office"
    browser.get(page)
    _wait(browser, "form#answer")
    _type(browser.find_element(By.NAME, "shortcomings"), "Chưa cập nhật trang tin điện tử")
    first = browser.current_window_handle
    browser.switch_to.new_window("tab")
    browser.switch_to.window(first)
    browser.close()  # the tab is closed before saving
    browser.switch_to.window(browser.window_handles[0])
    browser.get(page)
    offer = _wait(browser, ".offer")
    shots(browser, "6-offer")
    assert "chưa được lưu" in offer.text
    offer.find_element(By.CSS_SELECTOR, "[data-act=restore]").click()
    assert browser.find_element(By.NAME, "shortcomings").get_attribute("value") == \
        "Chưa cập nhật trang tin điện tử"
    browser.find_element(By.CSS_SELECTOR, "button.save").click()
    _wait(browser, "#saved")
    assert _answer(ws, "I.5").answer.shortcomings == ("Chưa cập nhật trang tin điện tử",)
    browser.get(page)
    _wait(browser, "form#answer")
    assert not browser.find_elements(By.CSS_SELECTOR, ".offer")


def test_the_pages_fit_a_phone_screen(server, shots):
    phone = _browser(390, 844, phone=True)
    try:
        for name, path in (("7-phone-unit", f"/don-vi/{YEN_BAI}"),
                           ("8-phone-item", f"/don-vi/{YEN_BAI}/I.3/office")):
            phone.get(server + path)
            _wait(phone, "main")
            shots(phone, name)
            width, screen = phone.execute_script(
                "return [document.documentElement.scrollWidth, window.innerWidth]")
            assert screen <= 400 and width <= screen, (path, width, screen)  # no sideways scroll
    finally:
        phone.quit()


def test_attach_a_file_from_the_page_and_find_it_after_a_reload(server, browser, ws, tmp_path,
                                                               shots):
    photo = tmp_path / "anh-pano.jpg"  # chromedriver refuses non-ASCII paths (test_web has them)
    photo.write_bytes(b"\xff\xd8\xff\xe0" + "ảnh thử".encode() * 50)
    browser.get(f"{server}/don-vi/{YEN_BAI}/QH.1/van-yen")
    _wait(browser, "form#answer")
    browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(photo))
    browser.find_element(By.CSS_SELECTOR, ".evidence button").click()
    _wait(browser, ".evidence .saved")
    browser.refresh()
    link = _wait(browser, ".evidence li a")
    shots(browser, "9-attached")
    assert link.text == "anh-pano.jpg"
    finding = _answer(ws, "QH.1", "van-yen")
    assert len(finding.answer.evidence) == 1
    assert [p.name for p in (ws / "evidence" / YEN_BAI).iterdir()][0].endswith(".jpg")


def test_text_typed_while_the_server_is_stopped_survives_its_restart(ws, browser, shots):
    import signal
    import subprocess
    import sys

    from conftest import ROOT
    from test_web import _free_port

    port = _free_port()

    def start():
        process = subprocess.Popen(
            [sys.executable, "-m", "inspection", "serve", "-w", str(ws), "--no-browser",
             "--port", str(port), "--by", "Hà"], cwd=ROOT, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, encoding="utf-8")
        while "Ctrl-C" not in (line := process.stdout.readline()):
            assert line, "the server did not start"
        return process

    server = start()
    page = f"http://127.0.0.1:{port}/don-vi/{YEN_BAI}/I.4/office"
    browser.get(page)
    _wait(browser, "form#answer")
    server.send_signal(signal.SIGKILL)  # the lead's laptop loses power, or the server crashes
    server.wait(timeout=20)
    _type(browser.find_element(By.NAME, "causes"), "Thiếu kinh phí in ấn")
    browser.find_element(By.CSS_SELECTOR, "button.save").click()  # fails: nobody listens
    assert _answer(ws, "I.4") is None
    server = start()  # started again, on the same address
    try:
        browser.get(page)
        offer = _wait(browser, ".offer")
        offer.find_element(By.CSS_SELECTOR, "[data-act=restore]").click()
        browser.find_element(By.CSS_SELECTOR, "button.save").click()
        _wait(browser, "#saved")
        shots(browser, "10-after-restart")
        assert _answer(ws, "I.4").answer.causes == ("Thiếu kinh phí in ấn",)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=20)


@pytest.fixture
def next_campaign(tmp_path, run):
    """Last year's campaign with Yên Bái's conclusion issued, and this year's started from it:
    Yên Bái's recommendations carried, to verify at the visit."""
    from conftest import EXAMPLE

    old = tmp_path / "kiem-tra-2022"
    shutil.copytree(EXAMPLE, old, ignore=shutil.ignore_patterns(".*", "output"))
    assert run("issue", "conclusion", "Yên Bái", "--date", "14/10/2022", "--no-pdf",
               "-w", old).exit_code == 0
    new = tmp_path / "kiem-tra-2023"
    assert run("init", new, "--from", old).exit_code == 0
    return new


def test_the_team_verifies_last_campaigns_recommendations_on_the_units_page(
        next_campaign, browser, shots, run):
    from waitress import create_server

    from inspection.web.app import create_app

    served = create_server(create_app(next_campaign, recorder="Hà"), host="127.0.0.1", port=0,
                           threads=2)
    threading.Thread(target=served.run, daemon=True).start()
    try:
        browser.get(f"http://127.0.0.1:{served.effective_port}/don-vi/{YEN_BAI}")
        section = _wait(browser, "#kien-nghi-truoc")
        assert "Kiến nghị của lần kiểm tra trước cần kiểm tra lại" in section.text
        first = section.find_element(By.CSS_SELECTOR, "form.verify")
        first.find_element(By.CSS_SELECTOR, "option[value=da-khac-phuc]").click()
        _type(first.find_element(By.NAME, "note"), "Đã đối chiếu hồ sơ & biên bản <2023>")
        shots(browser, "carried-1-chosen")
        first.find_element(By.TAG_NAME, "button").click()
        _wait(browser, "#kien-nghi-truoc .saved")
        shots(browser, "carried-2-saved")
        chosen = browser.find_element(By.CSS_SELECTOR, "form.verify select option[selected]")
        assert chosen.text == "Đã khắc phục"
        found = browser.find_element(By.CSS_SELECTOR, "#kien-nghi-truoc .found").text
        assert "Hà" in found and "Đã đối chiếu hồ sơ & biên bản <2023>" in found
    finally:
        served.close()
    listed = run("followup", "Yên Bái", "-w", next_campaign)
    assert "carried out" in listed.output or "đã thực hiện" in listed.output
    import yaml

    register = yaml.safe_load((next_campaign / "followup" / f"{YEN_BAI}.yaml").read_text("utf-8"))
    update = register["recommendations"][0]["updates"][-1]
    assert update["verified"] == "da-khac-phuc" and update["recorded_by"] == "Hà"
    assert update["done"] == "Đã đối chiếu hồ sơ & biên bản <2023>"
