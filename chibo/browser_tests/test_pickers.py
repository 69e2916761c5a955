"""The record page's member pickers on a phone-sized screen: present members first, and a
search box that finds a name typed without diacritics and picks it when it is the only
match."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chibo.browser_tests.conftest import login
from chibo.core.testing.factories import MemberFactory
from chibo.meetings import services
from chibo.meetings.models import MeetingKind

pytestmark = pytest.mark.browser


def test_search_a_member_without_diacritics(page, live_server, city):
    hai = MemberFactory(organization=city.cell_a1, full_name="Đặng Văn Hải")
    MemberFactory(organization=city.cell_a1, full_name="Kim Thị Lụa")
    meeting = services.meeting_create(
        actor=city.secretary_user, cell=city.cell_a1, kind=MeetingKind.REGULAR,
        scheduled_at=timezone.make_aware(dt.datetime(2026, 3, 3, 8)),
    )
    services.attendance_record(actor=city.secretary_user, meeting=meeting, entries=[
        {"member": m.pk, "presence": "excused" if m.full_name == "Kim Thị Lụa" else "present",
         "reason": "Đi công tác" if m.full_name == "Kim Thị Lụa" else ""}
        for m in city.cell_a1.members.all()
    ])
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, live_server, city.secretary_user.username)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/record/")
    chair = page.get_by_label("Chủ trì", exact=True)
    groups = chair.locator("optgroup")
    expect(groups).to_have_count(2)
    expect(groups.nth(0)).to_have_attribute("label", "Có mặt")
    expect(groups.nth(1).locator("option")).to_have_text(["Kim Thị Lụa"])

    search = page.locator("#c-opening .picker-search").first
    search.fill("hai")
    expect(chair).to_have_value(str(hai.pk))
    expect(chair.locator("option[value]:not([value=''])")).to_have_count(1)
    search.fill("")
    expect(chair.locator("option[value]:not([value=''])")).to_have_count(4)
    expect(chair).to_have_value(str(hai.pk))  # the choice stays once the list is whole
