"""The links' pages in a real browser: headless Chromium (the distribution's package) driven by
Selenium, against the endpoint on a real uvicorn over a SQLite ledger with the Tây Ninh plan
(seed 003). A clerk opens the link of an e-mail, sees the task, fills the document's number,
attaches the file, submits, and sees the confirmation; the ledger has it."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from dondoc.settings import LinkSettings, Settings
from dondoc.web import WebServer, create_app
from ledger.db import Sessions, transaction
from ledger.links import LinkSigner
from ledger.models import AuditEntry
from tests.conftest import at
from tests.e2e.replay import migrated_ledger
from tests.integration.test_web_links import SECRET, Clock, task_of, tay_ninh

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
WIDTH, HEIGHT = 1024, 900

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
    reason="needs headless Chromium and its driver (apt-get install chromium chromium-driver)",
)


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--window-size={WIDTH},{HEIGHT}",
        "--lang=vi",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Sessions, Clock, LinkSigner]]:
    with migrated_ledger("sqlite", tmp_path) as sessions:
        tay_ninh(sessions)
        clock = Clock(at(date(2024, 1, 15), 9))
        settings = Settings(home=tmp_path, links=LinkSettings(uploads_dir=tmp_path / "up"))
        signer = LinkSigner(SECRET, "http://127.0.0.1", 60)
        app = create_app(sessions, settings, clock=clock, signer=signer)
        with WebServer(app, port=0) as server:
            yield server.url, sessions, clock, signer


def local(base: str, url: str) -> str:
    return base + url.removeprefix("http://127.0.0.1")


def check_screenshot(png: bytes, path: Path) -> Image.Image:
    """The page as drawn: a PNG of the window's size, with the page's text and its red title
    on white — not a blank or an error page."""
    path.write_bytes(png)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (WIDTH, image.size[1])
    assert image.size[1] >= HEIGHT - 200  # the viewport, less the (headless) browser's chrome
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None
    assert len(colours) > 50  # anti-aliased text, not a flat page
    count, most = max(colours)
    assert most == (255, 255, 255)  # a white page …
    assert count < image.size[0] * image.size[1] * 0.97  # … with something on it
    red = sum(
        n for n, c in colours if isinstance(c, tuple) and c[0] > 110 and c[1] < 40 and c[2] < 40
    )
    assert red > 200  # the title and the button, in the page's dark red
    return image


def test_a_clerk_submits_a_report_with_its_file_in_a_real_browser(
    served: tuple[str, Sessions, Clock, LinkSigner], browser: WebDriver, tmp_path: Path
) -> None:
    driver = browser
    base, sessions, clock, signer = served
    task = task_of(sessions)
    url = local(base, signer.url(task.id, "submit", clock()))
    driver.get(url)
    assert driver.title == "Ghi nhận đã nộp"
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "Báo cáo công tác dân vận tháng" in body
    assert "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Tây Ninh" in body
    assert "18/01/2024" in body
    check_screenshot(driver.get_screenshot_as_png(), tmp_path / "form.png")

    report = tmp_path / "Báo cáo tháng 1-2024.pdf"
    report.write_bytes(b"%PDF-1.4\n% the Front's January report\n")
    driver.find_element(By.ID, "so").send_keys("12-BC/MTTQ-BTT")
    driver.find_element(By.ID, "tep").send_keys(str(report))
    driver.find_element(By.ID, "gui").click()
    WebDriverWait(driver, 20).until(
        expected_conditions.presence_of_element_located((By.ID, "ket-qua"))
    )
    said = driver.find_element(By.ID, "ket-qua").text
    assert said == "Đã ghi nhận hoàn thành đúng hạn, kỳ Tháng 1/2024. Xin cảm ơn."
    assert driver.title == "Đã nộp"
    check_screenshot(driver.get_screenshot_as_png(), tmp_path / "done.png")

    done = task_of(sessions)
    assert (done.status, done.document_ref) == ("submitted_on_time", "12-BC/MTTQ-BTT")
    assert done.submitted_file is not None
    assert Path(done.submitted_file).read_bytes() == report.read_bytes()
    assert Path(done.submitted_file).name.endswith("-Bao_cao_thang_1-2024.pdf")

    driver.back()
    driver.refresh()
    assert "đã được dùng một lần" in driver.find_element(By.TAG_NAME, "body").text


def test_a_clerk_acknowledges_in_a_real_browser_and_a_tampered_link_is_refused(
    served: tuple[str, Sessions, Clock, LinkSigner], browser: WebDriver, tmp_path: Path
) -> None:
    driver = browser
    base, sessions, clock, signer = served
    task = task_of(sessions)
    url = local(base, signer.url(task.id, "acknowledge", clock()))
    driver.get(url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB"))
    assert "không hợp lệ" in driver.find_element(By.TAG_NAME, "body").text
    check_screenshot(driver.get_screenshot_as_png(), tmp_path / "refused.png")
    driver.get(url)
    assert task_of(sessions).status == "open"  # opening the page changes nothing
    driver.find_element(By.ID, "xac-nhan").click()
    WebDriverWait(driver, 20).until(
        expected_conditions.presence_of_element_located((By.ID, "ket-qua"))
    )
    said = driver.find_element(By.ID, "ket-qua").text
    assert said == "Đã ghi nhận: đơn vị đã nhận nhiệm vụ. Xin cảm ơn."
    assert task_of(sessions).status == "acknowledged"
    with transaction(sessions) as session:
        refused = session.scalars(select(AuditEntry).where(AuditEntry.entity == "link")).all()
    assert [(r.after or {})["code"] for r in refused] == ["tampered"]
