"""The pickers in a real browser. The record page's member pickers on a phone-sized
screen: present members first, and a search box that finds a name typed without
diacritics and picks it when it is the only match. The organization picker of the
filters: a text box whose suggestions come from the server as one types (no drop-down
of every organization), and that still reads what is typed without a suggestion; the
member form's cell, suggested from the write scope's cells only."""

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


def test_organization_picker_suggests_as_one_types(page, live_server, city):
    login(page, live_server, city.city_staff.username)
    page.goto(f"{live_server.url}/members/")
    box = page.get_by_label("Tổ chức", exact=True)
    expect(box).to_have_attribute("placeholder", "Toàn bộ phạm vi")
    expect(page.locator("select#id_organization")).to_have_count(0)
    suggestions = page.locator("#id_organization-suggestions option")
    expect(suggestions).to_have_count(0)  # nothing is sent with the page

    box.press_sequentially("khu pho a")  # without diacritics
    expect(suggestions).to_have_count(2)
    expect(suggestions.nth(0)).to_have_attribute("value", "Chi bộ khu phố A1 · Đảng bộ phường A")
    box.press_sequentially("2")
    expect(suggestions).to_have_count(1)
    label = suggestions.nth(0).get_attribute("value")
    assert label == "Chi bộ khu phố A2 · Đảng bộ phường A"
    box.fill(label)  # what picking the suggestion puts in the box
    box.press("Enter")
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text("Lê Thị Hoa")
    expect(page.get_by_label("Tổ chức", exact=True)).to_have_value(label)


def test_organization_picker_names_an_ambiguous_text(page, live_server, city):
    login(page, live_server, city.city_staff.username)
    page.goto(f"{live_server.url}/members/?organization=khu+pho")
    expect(page.get_by_role("alert")).to_contain_text("Có 3 tổ chức khớp với «khu pho»")
    expect(page.get_by_label("Tổ chức", exact=True)).to_have_attribute("aria-invalid", "true")
    # an unread filter matches no one
    expect(page.locator("tbody")).to_contain_text("Không có đảng viên nào khớp")


def test_member_form_suggests_the_cells_of_the_write_scope(page, live_server, city):
    login(page, live_server, city.secretary_user.username)  # secretary of A1
    page.goto(f"{live_server.url}/members/add/")
    expect(page.locator("select#id_organization")).to_have_count(0)
    box = page.get_by_label("Chi bộ sinh hoạt")
    suggestions = page.locator("#id_organization-suggestions option")
    box.press_sequentially("khu pho")
    # A1 only: A2 and B1 are outside the secretary's write scope
    expect(suggestions).to_have_count(1)
    expect(suggestions.nth(0)).to_have_attribute("value", "Chi bộ khu phố A1")
