"""A file built in the background, end to end: the ward's staff ask for the quarter's
report on the dashboard, the progress page waits, `manage.py db_worker` (a process of its
own, on the live server's database) builds it, and htmx swaps in the link to the file
without a reload."""

import re

import pytest
from playwright.sync_api import expect

from chibo.browser_tests.conftest import login, screenshot
from chibo.jobs.tests.test_worker import db_worker_process

pytestmark = pytest.mark.browser


def test_the_report_is_queued_then_its_link_appears(page, live_server, city):
    login(page, live_server, city.ward_staff.username)
    page.goto(f"{live_server.url}/reports/?organization={city.ward_a.pk}&period=2026-Q3")
    page.get_by_role("link", name="Tải báo cáo PDF").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Báo cáo quý III năm 2026 – Đảng bộ phường A (PDF)")
    page.get_by_role("button", name="Tạo tệp").click()
    expect(page).to_have_url(re.compile(r"/files/\d+/$"))
    expect(page.locator("#job-status")).to_contain_text("Đang chờ đến lượt")
    screenshot(page, "file-job-waiting")

    worker = db_worker_process("--batch")
    try:
        link = page.get_by_role("link", name=re.compile(r"^Tải tệp bao-cao-dang-bo-phuong-a"))
        expect(link).to_be_visible(timeout=120_000)  # the worker starts Django first
    finally:
        worker.wait(timeout=120)
    assert worker.returncode == 0
    screenshot(page, "file-job-done")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "bao-cao-dang-bo-phuong-a-2026-Q3.pdf"
    assert open(download.value.path(), "rb").read(4) == b"%PDF"
