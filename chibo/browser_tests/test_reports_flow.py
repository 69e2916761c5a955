"""The committee dashboard end to end (P1): city staff log in and land on their
dashboard, switch to quarters, open the third quarter of 2026 of the reports fixture's
small city, and drill down city → ward → cell → meeting; the period stays the same at
every step, on the page and in the address. The long sections load when opened (htmx),
and without JavaScript each is a page of its own."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from chibo.browser_tests.conftest import login, screenshot
from chibo.reports.tests.conftest import tree  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

PERIOD = "Quý III năm 2026"


def shots(page, name: str) -> None:
    """The page at phone and desktop widths under $CHIBO_REPORT_SHOTS (e.g. /tmp/...),
    and in docs/screenshots when CHIBO_SCREENSHOTS=1; nothing otherwise."""
    screenshot(page, f"reports-{name}")
    folder = os.environ.get("CHIBO_REPORT_SHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
    page.set_viewport_size(size)


def open_section(page, key: str):
    """Open the dashboard's section `key` (a closed <details>) and wait until htmx has put
    its content in place of the link to its own page."""
    page.locator(f"#{key} > summary").click()
    body = page.locator(f"#{key}-body")
    expect(body.locator(".section-page")).to_have_count(0)
    return body


def same_period(page, organization_id: int) -> None:
    expect(page).to_have_url(re.compile(rf"[?&]organization={organization_id}(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]period=2026-Q3(&|$|#)"))
    expect(page.locator("#period-label")).to_have_text(PERIOD)


def test_drill_down_keeps_the_period(page, live_server, tree):  # noqa: F811
    # City staff land on their dashboard, this month; the switch turns it into quarters.
    login(page, live_server, tree.city_staff.username)
    expect(page).to_have_url(re.compile(r"/reports/$"))
    label = page.locator("#period-label")
    expect(label).to_have_text(re.compile(r"^Tháng \d{1,2} năm \d{4}$"))
    page.get_by_role("group", name="Loại kỳ báo cáo").get_by_role("link", name="Quý").click()
    expect(page).to_have_url(re.compile(r"period=\d{4}-Q[1-4]"))
    expect(label).to_have_text(re.compile(r"^Quý (I|II|III|IV) năm \d{4}$"))

    # The third quarter of 2026, the fixture's story.
    page.goto(f"{live_server.url}/reports/?organization={tree.root.pk}&period=2026-Q3")
    same_period(page, tree.root.pk)
    expect(page.get_by_role("heading", level=1)).to_have_text(tree.root.name)
    shots(page, "city")
    # The long sections are closed on the first paint; what to act on loads when opened.
    expect(page.locator("#units-table")).to_have_count(0)
    act = open_section(page, "act")
    expect(act.locator("#ex-regular")).to_contain_text("Chi bộ chưa sinh hoạt thường kỳ")
    expect(act.locator("#ex-minutes")).to_contain_text("Chi bộ khu phố A2")
    # The menu of sections opens the one it names.
    page.locator(".report-sections").get_by_role("link", name="Biểu đồ 12 tháng").click()
    expect(page.locator("#charts-body svg.chart")).to_have_count(4)

    # City → ward.
    open_section(page, "units").get_by_role("link", name="Đảng bộ phường A").click()
    same_period(page, tree.ward_a.pk)
    expect(page.get_by_role("heading", level=1)).to_have_text("Đảng bộ phường A")
    expect(page.locator("#report-path").get_by_role("link", name=tree.root.name)).to_be_visible()

    # Ward → cell: the cell's meetings of the quarter.
    open_section(page, "units").get_by_role("link", name="Chi bộ khu phố A1").click()
    same_period(page, tree.cell_a1.pk)
    expect(page.get_by_role("heading", level=1)).to_have_text("Chi bộ khu phố A1")
    meetings = page.locator("#cell-meetings")
    expect(meetings.locator("tbody tr")).to_have_count(4)  # July, August (and thematic), Sep.
    shots(page, "cell")

    # Cell → meeting: September's, within the quarter; the address keeps the period. (The
    # fixture's adopted meetings have no minutes version, so a held one is opened.)
    meetings.get_by_role("link", name="Sinh hoạt thường kỳ ngày 03/09/2026").click()
    expect(page).to_have_url(re.compile(rf"/meetings/{tree.a1_sep.pk}/\?period=2026-Q3$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sinh hoạt thường kỳ tháng 09/2026")

    # Back up through the breadcrumb: the period stays.
    page.go_back()
    same_period(page, tree.cell_a1.pk)
    page.locator("#report-path").get_by_role("link", name="Đảng bộ phường A").click()
    same_period(page, tree.ward_a.pk)
    page.locator("#report-path").get_by_role("link", name=tree.root.name).click()
    same_period(page, tree.root.pk)


def test_without_javascript_a_section_is_a_page(browser, live_server, tree):  # noqa: F811
    context = browser.new_context(locale="vi-VN", java_script_enabled=False,
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        login(page, live_server, tree.city_staff.username)
        page.goto(f"{live_server.url}/reports/?organization={tree.root.pk}&period=2026-Q3")
        page.locator("#units > summary").click()
        expect(page.locator("#units-body .section-loading")).to_be_hidden()
        page.locator("#units-body").get_by_role("link", name="Xem trên trang riêng").click()
        expect(page).to_have_url(re.compile(r"/reports/units/\?"))
        same_period(page, tree.root.pk)
        expect(page.get_by_role("heading", level=1)).to_have_text("Theo đơn vị")
        page.locator("#units-table").get_by_role("link", name="Đảng bộ phường A").click()
        same_period(page, tree.ward_a.pk)
    finally:
        context.close()
