"""Higher-level attendance end to end (P2): the ward assigns one of its committee members
to follow cell A1 for the quarter; the official, on a phone, reports on the cell's
meeting with a concern whose member is hidden from the cell; the concern reaches the
ward, which escalates it to the city with a reason; the city answers; the cell's next
meeting has the answer on its agenda. The secretary never sees the hidden name."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chibo.browser_tests.conftest import login, open_section, screenshot
from chibo.core.testing.factories import UserFactory, grant
from chibo.meetings import services as meeting_services
from chibo.meetings.models import MeetingKind

pytestmark = pytest.mark.browser

CONCERN = "Đường ngõ 5 ngập sâu mỗi khi mưa lớn, đề nghị cải tạo cống thoát nước"
REASON = "Cống thoát nước chung của thành phố, vượt thẩm quyền của phường"
ANSWER = "Thành phố đưa tuyến cống ngõ 5 vào kế hoạch cải tạo quý tới"
HIDDEN = "Trần Văn Bảo"  # city.member, who raised it at the meeting


def session(browser, live_server, username, *, phone=False):
    """A browser of its own for each person, logged in through the form."""
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 390, "height": 844} if phone else {"width": 1280, "height": 900},
        base_url=live_server.url,
    )
    context.set_default_timeout(10_000)
    return login(context.new_page(), live_server, username)


def test_assign_report_route_escalate_answer_and_next_agenda(page, browser, live_server, city):
    official = UserFactory(username="duv", first_name="Lê Văn", last_name="Giám")
    grant(official, city.ward_a)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    held = meeting_services.meeting_create(
        actor=city.secretary_user,
        cell=city.cell_a1,
        kind=MeetingKind.REGULAR,
        scheduled_at=timezone.make_aware(dt.datetime.combine(yesterday, dt.time(8))),
        place="Nhà văn hóa khu phố A1",
    )

    # 1. The ward assigns its committee member to follow A1 for this quarter.
    ward = login(page, live_server, city.ward_staff.username)
    ward.get_by_role("link", name="Dự sinh hoạt").click()
    ward.get_by_role("link", name="Phân công").click()
    ward.get_by_label("Cấp ủy viên").select_option(label="Lê Văn Giám")
    ward.get_by_label("Chi bộ khu phố A1").check()
    ward.get_by_role("button", name="Xem trước").click()
    preview = ward.locator("#preview")
    expect(preview.get_by_text("Xem trước phân công")).to_be_visible()
    expect(preview.locator("#gaps").get_by_text("Chi bộ khu phố A2")).to_be_visible()
    screenshot(ward, "supervision-assign-preview")
    ward.get_by_role("button", name="Lưu phân công").click()
    expect(
        ward.get_by_text(re.compile("Đã phân công đồng chí Lê Văn Giám theo dõi 1 chi bộ"))
    ).to_be_visible()
    expect(ward.locator("table").get_by_text("Chi bộ khu phố A1")).to_be_visible()

    # 2. The official, on a phone, reports on yesterday's meeting with one concern.
    phone = session(browser, live_server, official.username, phone=True)
    phone.goto(f"{live_server.url}/supervision/mine/")
    card = phone.locator(".sup-card", has_text="Chi bộ khu phố A1")
    expect(card.get_by_text(f"{yesterday:%d/%m/%Y}")).to_be_visible()
    card.get_by_role("link", name="Gửi báo cáo").click()
    phone.get_by_text("Có dự", exact=True).click()
    phone.get_by_text("Khá", exact=True).click()
    phone.get_by_label("Nhận xét").fill("Chi bộ chuẩn bị chu đáo; đảng viên phát biểu thẳng thắn.")
    concern = phone.locator(".concern-form").first
    concern.get_by_label("Lĩnh vực").select_option(label="Hạ tầng")
    concern.get_by_label("Nội dung").fill(CONCERN)
    concern.get_by_label("Đảng viên nêu").select_option(label=HIDDEN)
    concern.get_by_label("Ẩn tên với cấp dưới").check()
    screenshot(phone, "supervision-visit-phone")
    phone.get_by_role("button", name="Gửi báo cáo").click()
    expect(
        phone.get_by_text("Đã gửi báo cáo dự sinh hoạt và 1 kiến nghị tới Đảng bộ phường A.")
    ).to_be_visible()
    expect(phone.get_by_role("link", name="Xem báo cáo")).to_be_visible()
    phone.context.close()

    # 3. Routed to the ward, which sees the name and escalates it to the city.
    ward.goto(f"{live_server.url}/supervision/concerns/")
    row = ward.locator("tr", has_text=CONCERN[:40])
    expect(row.get_by_role("cell", name=HIDDEN, exact=True)).to_be_visible()
    expect(row.get_by_role("cell", name="Đảng bộ phường A", exact=True)).to_be_visible()
    row.get_by_role("link").first.click()
    escalate = open_section(
        ward, ward.get_by_role("button", name="Chuyển cấp trên", exact=True)
    )
    escalate.get_by_label("Lý do chuyển cấp trên").fill(REASON)
    escalate.get_by_role("button", name="Chuyển cấp trên").click()
    expect(
        ward.get_by_text("Đã chuyển kiến nghị lên Đảng bộ thành phố Thử Nghiệm.")
    ).to_be_visible()
    expect(ward.locator(".history").get_by_text(REASON)).to_be_visible()
    expect(ward.get_by_role("heading", name="Xử lý", exact=True)).to_have_count(0)

    # 4. The city answers it.
    city_page = session(browser, live_server, city.city_staff.username)
    city_page.goto(f"{live_server.url}/supervision/concerns/")
    city_page.get_by_role("link", name=re.compile("Đường ngõ 5")).click()
    expect(city_page.locator(".member-name")).to_have_text(HIDDEN)
    answer = open_section(
        city_page, city_page.get_by_role("button", name="Trả lời", exact=True)
    )
    answer.get_by_label("Nội dung trả lời").fill(ANSWER)
    answer.get_by_role("button", name="Gửi trả lời").click()
    expect(city_page.get_by_text(re.compile("Đã trả lời kiến nghị"))).to_be_visible()
    route = city_page.locator(".route")
    for stop in ("Chi bộ khu phố A1", "Đảng bộ phường A", "Đảng bộ thành phố Thử Nghiệm"):
        expect(route.get_by_text(stop)).to_be_visible()
    screenshot(city_page, "supervision-concern")
    city_page.context.close()

    # 5. The secretary plans next month: the answer is on its agenda; the name stays hidden.
    secretary = session(browser, live_server, city.secretary_user.username)
    following = (held.period + dt.timedelta(days=32)).replace(day=1)
    secretary.goto(f"{live_server.url}/meetings/plan/")
    secretary.get_by_label("Tháng").select_option(str(following.month))
    secretary.get_by_label("Năm").select_option(str(following.year))
    secretary.get_by_role("button", name="Lên lịch tháng").click()
    secretary.get_by_role("link", name=f"Sinh hoạt thường kỳ tháng {following:%m/%Y}").click()
    expect(secretary.locator(".agenda").get_by_text(re.compile(ANSWER))).to_be_visible()
    secretary.goto(f"{live_server.url}/supervision/concerns/")
    expect(secretary.get_by_text(CONCERN[:40])).to_be_visible()
    assert HIDDEN not in secretary.content()
    secretary.get_by_role("link", name=re.compile("Đường ngõ 5")).click()
    expect(secretary.locator(".answer-text")).to_have_text(ANSWER)
    expect(secretary.locator(".member-name")).to_have_text("(ẩn tên)")
    assert HIDDEN not in secretary.content()
    secretary.context.close()
