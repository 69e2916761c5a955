"""Fixtures for browser tests: one Chromium per session, a fresh context per test.

Chromium is Debian's (/usr/bin/chromium, `make system-deps`); `playwright install` is
never needed. A missing browser fails the tests rather than skipping them, so a machine
that cannot run them cannot pass `make test`.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

CHROMIUM = os.environ.get("CHIBO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PASSWORD = "mat-khau-test"  # every user of the `city` fixture
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

_HERE = Path(__file__).resolve().parent

# A CI machine runs the live server and Chromium on two busy cores: give assertions the
# same 10 s that actions get (Playwright's default for assertions is 5 s).
expect.set_options(timeout=10_000)


def pytest_collection_modifyitems(config, items):
    # Everything in this package is a browser test, marked or not.
    for item in items:
        if _HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (Debian package chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def seeded_policies(live_server):
    """The rules the migrations seed (meeting day, rubric, vote majority, the 2025
    versions…). The live server's database is flushed after each test, seeded rows
    included: put them back, every seeding migration's."""
    from chibo.core.testing.seeds import reseed

    reseed()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 1280, "height": 900},
        base_url=live_server.url,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def open_section(page, header):
    """Open the collapsed section that `header` (its toggle button) controls, and wait for
    Bootstrap's slide to end: a click inside a section still sliding open can be lost."""
    section = page.locator(header.get_attribute("data-bs-target"))
    if header.get_attribute("aria-expanded") != "true":
        header.click()
    expect(section).to_have_class(re.compile(r"\bshow\b"))
    expect(page.locator(".collapsing")).to_have_count(0)
    return section


def login(page, live_server, username: str, password: str = PASSWORD):
    """Log in through the login form, as a person would; leaves the page where the
    site sends them afterwards."""
    page.goto(f"{live_server.url}/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    return page


def screenshot(page, name: str) -> None:
    """Save docs/screenshots/<name>.png, only when CHIBO_SCREENSHOTS=1 (CI writes nothing)."""
    if os.environ.get("CHIBO_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
