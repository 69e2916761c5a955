"""Meeting day on two phones: the secretary and a ward official have the record page of
the same meeting open; each saves. Different sections both stay; on the same section the
later one is told, keeps what they typed, sees the newer text, merges and saves."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chibo.browser_tests.conftest import login, open_section, screenshot
from chibo.meetings import services
from chibo.meetings.models import Meeting, MeetingKind

pytestmark = pytest.mark.browser


def phone(browser, live_server, username):
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        base_url=live_server.url,
    )
    context.set_default_timeout(10_000)
    return login(context.new_page(), live_server, username)


def section(page, name):
    return open_section(page, page.locator(f'[data-bs-target="#c-{name}"]'))


def test_two_people_save_the_same_minutes_at_once(browser, live_server, city):
    meeting = services.meeting_create(
        actor=city.secretary_user,
        cell=city.cell_a1,
        kind=MeetingKind.REGULAR,
        scheduled_at=timezone.make_aware(dt.datetime(2026, 3, 3, 8)),
    )
    url = f"/meetings/{meeting.pk}/record/"
    secretary = phone(browser, live_server, city.secretary_user.username)
    official = phone(browser, live_server, city.ward_staff.username)
    secretary.goto(url)
    official.goto(url)

    # Different sections: both kept.
    section(secretary, "news").get_by_label("Chủ trương, chính sách mới").fill("Nghị quyết mới")
    section(official, "study").get_by_role("textbox").first.fill("Học tập chuyên đề năm 2026")
    secretary.get_by_role("button", name="Lưu phần thông tin").click()
    official.get_by_role("button", name="Lưu phần học tập").click()
    expect(official.get_by_text("Đã lưu phần")).to_be_visible()
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert (meeting.new_policies, meeting.study_item) == (
        "Nghị quyết mới",
        "Học tập chuyên đề năm 2026",
    )

    # The same section, from pages loaded before either saved.
    secretary.goto(url)
    official.goto(url)
    conclusion = "Kết luận của đồng chí chủ trì"
    section(secretary, "conclusion").get_by_label(conclusion).fill("Kết luận của bí thư")
    section(official, "conclusion").get_by_label(conclusion).fill("Ý kiến chỉ đạo của phường")
    secretary.get_by_role("button", name="Lưu kết luận").click()
    expect(secretary.get_by_text("Đã lưu phần")).to_be_visible()
    official.get_by_role("button", name="Lưu kết luận").click()
    expect(official.get_by_text("người khác đã lưu nội dung mới hơn")).to_be_visible()
    newer = official.locator(".newer-text")
    expect(newer).to_contain_text("Kết luận của bí thư")
    box = official.locator("#c-conclusion").get_by_label(conclusion)
    expect(box).to_have_value("Ý kiến chỉ đạo của phường")  # nothing typed is lost
    screenshot(official, "stale-edit-phone")
    assert Meeting.objects.get(pk=meeting.pk).conclusion == "Kết luận của bí thư"

    box.fill("Kết luận của bí thư\nÝ kiến chỉ đạo của phường")
    official.get_by_role("button", name="Lưu kết luận").click()
    expect(official.get_by_text("Đã lưu phần")).to_be_visible()
    assert Meeting.objects.get(pk=meeting.pk).conclusion == (
        "Kết luận của bí thư\nÝ kiến chỉ đạo của phường"
    )
    for page in (secretary, official):
        page.context.close()
