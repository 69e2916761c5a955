"""Log in, see the organization tree with its counts, find a member without typing accents."""

import re

import pytest
from playwright.sync_api import expect

from chibo.browser_tests.conftest import login, screenshot

pytestmark = pytest.mark.browser


def test_login_tree_and_accentless_search(page, live_server, city):
    login(page, live_server, city.city_staff.username)

    # City staff land on the committee dashboard; the tree is one click away.
    expect(page).to_have_url(re.compile(r"/reports/$"))
    page.get_by_role("link", name="Tổ chức đảng").click()
    expect(page).to_have_url(re.compile(r"/organizations/$"))
    expect(page.get_by_text("Đảng bộ thành phố Thử Nghiệm").first).to_be_visible()
    for name in ("Đảng bộ phường A", "Đảng bộ phường B", "Chi bộ Trường THPT C1"):
        expect(page.get_by_text(name).first).to_be_visible()
    # Deeper levels are not on the page: a ward opens its cells when it is opened.
    expect(page.get_by_text("Chi bộ khu phố A1")).to_have_count(0)
    # the innermost <details> holding the ward (the root's holds it too)
    ward = page.locator("details", has=page.get_by_role("link", name="Đảng bộ phường A")).last
    ward.locator("summary .counts").click()
    expect(page.get_by_role("link", name="Chi bộ khu phố A1")).to_be_visible()
    expect(ward.get_by_text("Xem các tổ chức trực thuộc")).to_have_count(0)
    # The fixture: cells A1, A2, B1, C1 and five members, all under the root.
    expect(page.get_by_text(re.compile(r"\b4 chi bộ")).first).to_be_visible()
    expect(page.get_by_text(re.compile(r"\b5 đảng viên")).first).to_be_visible()
    screenshot(page, "organization-tree")

    page.goto(f"{live_server.url}/members/")
    expect(page.get_by_text("Lê Thị Hoa").first).to_be_visible()
    page.locator("input[name=q]").fill("tran van")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_load_state()

    expect(page).to_have_url(re.compile(r"/members/\?.*q=tran\+van"))
    expect(page.get_by_text("Trần Văn Bảo").first).to_be_visible()
    expect(page.get_by_text("Lê Thị Hoa")).to_have_count(0)
    screenshot(page, "member-search")


def test_failed_login_shows_message(page, live_server, city):
    login(page, live_server, city.city_staff.username, password="sai-mat-khau")

    expect(page).to_have_url(re.compile(r"/login/"))
    expect(page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.")).to_be_visible()
    expect(page.locator("input[name=username]")).to_have_value(city.city_staff.username)
