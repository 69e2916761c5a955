"""The meeting's page (before and after adoption), rescheduling, cancelling and the
documents printed from the minutes."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from chibo.core.testing.factories import MemberFactory
from chibo.meetings import services
from chibo.meetings.models import MeetingStatus
from chibo.notifications.models import Notification

from .conftest import adopt_february_with_tasks, at, record_full_meeting


def test_hub_lists_last_months_tasks_under_the_review_item(client, cell, meeting):
    adopt_february_with_tasks(cell)
    client.force_login(cell.secretary_user)
    response = client.get(reverse("meetings:detail", args=[meeting.pk]))
    body = response.content.decode()
    assert response.context["review_index"] == 1  # "Đánh giá kết quả ... tháng trước"
    assert "Nhiệm vụ cần kiểm điểm (2):" in body
    assert "Vận động phân loại rác" in body and "Rà soát hộ nghèo" in body
    assert "03/03/2026" in body and "08:00" in body
    for name in ("prepare", "attendance", "record", "adopt"):
        assert reverse(f"meetings:{name}", args=[meeting.pk]) in body


def test_member_reads_the_meeting_without_edit_controls(client, cell, meeting):
    client.force_login(cell.member_user)
    body = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Khai mạc" in body
    for name in ("prepare", "attendance", "record", "adopt", "reschedule", "cancel"):
        assert reverse(f"meetings:{name}", args=[meeting.pk]) not in body


def earlier_meeting(city, year, month):
    earlier = services.meeting_create(
        actor=city.secretary_user,
        cell=city.cell_a1,
        kind="regular",
        scheduled_at=at(year, month, 3),
    )
    record_full_meeting(city, earlier)
    services.task_assign(
        actor=city.secretary_user,
        meeting=earlier,
        assignee=city.member,
        title=f"Nhiệm vụ tháng {month}/{year}",
        deadline=dt.date(year, month, 28),
    )
    services.meeting_adopt(actor=city.secretary_user, meeting=earlier)


def test_detail_query_count_does_not_grow(client, cell, meeting, django_assert_num_queries):
    adopt_february_with_tasks(cell)
    for year, month in [(2025, 12), (2026, 1)]:
        earlier_meeting(cell, year, month)
    record_full_meeting(cell, meeting)
    client.force_login(cell.secretary_user)
    url = reverse("meetings:detail", args=[meeting.pk])
    client.get(url)
    # session, user, scopes, own member, the meeting (with cell, chair, minute-taker),
    # documents, agenda, roll call, tasks for review, tasks given here, members not yet
    # on the roll; the vote: its policy, the roll call; the quality score: its policies,
    # the roll call, a thematic meeting in the same session, the last regular meetings,
    # their excused absences (asked once there are more than three), the task reviews;
    # the documents' lead time (its policy)
    with django_assert_num_queries(20):
        client.get(url)
    MemberFactory.create_batch(15, organization=cell.cell_a1)
    for year, month in [(2025, 9), (2025, 10), (2025, 11)]:
        earlier_meeting(cell, year, month)
    services.task_assign(
        actor=cell.secretary_user,
        meeting=meeting,
        assignee=cell.member,
        title="Nhiệm vụ tháng 3",
        deadline=dt.date(2026, 3, 28),
    )
    record_full_meeting(cell, meeting)
    with django_assert_num_queries(20):
        response = client.get(url)
    assert len(response.context["review_tasks"]) == 7


def test_adopted_detail_query_count(client, cell, django_assert_num_queries):
    february = adopt_february_with_tasks(cell)
    services.minutes_amend(
        actor=cell.secretary_user,
        meeting=february,
        reason="Bổ sung",
        content={"news": "Tin tức bổ sung."},
    )
    client.force_login(cell.secretary_user)
    url = reverse("meetings:detail", args=[february.pk])
    client.get(url)
    # session, user, scopes, own member, the meeting, documents, the versions of its
    # minutes (with who made them), the documents' lead time (its policy)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert [v.number for v in response.context["versions"]] == [1, 2]
    assert response.context["minutes"]["content"]["news"] == "Tin tức bổ sung."


def test_reschedule_needs_a_reason_and_a_valid_time(client, cell, meeting):
    client.force_login(cell.secretary_user)
    url = reverse("meetings:reschedule", args=[meeting.pk])
    assert 'value="03/03/2026 08:00"' in client.get(url).content.decode()
    bad = client.post(url, {"scheduled_at": "5/3/2026 25:00", "reason": "Trùng lịch"})
    assert "Thời gian không hợp lệ" in bad.content.decode()
    assert 'value="Trùng lịch"' not in bad.content.decode()  # a textarea keeps it as text
    assert "Trùng lịch" in bad.content.decode()
    no_reason = client.post(url, {"scheduled_at": "05/03/2026 19:30", "reason": " "})
    assert "Trường này là bắt buộc." in no_reason.content.decode()
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.scheduled_at).day == 3

    response = client.post(
        url,
        {"scheduled_at": "05/03/2026 19:30", "reason": "Trùng lịch họp tổ dân phố"},
        follow=True,
    )
    assert "Đã đổi lịch và thông báo cho đảng viên." in response.content.decode()
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.scheduled_at).strftime("%d/%m/%Y %H:%M") == (
        "05/03/2026 19:30"
    )
    assert meeting.period == dt.date(2026, 3, 1)
    assert Notification.objects.filter(user=cell.member_user, text__contains="19:30").exists()


def test_cancel(client, cell, meeting):
    client.force_login(cell.secretary_user)
    url = reverse("meetings:cancel", args=[meeting.pk])
    assert "Trường này là bắt buộc." in client.post(url, {"reason": ""}).content.decode()
    response = client.post(url, {"reason": "Mưa bão"}, follow=True)
    assert "Đã hủy buổi sinh hoạt." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
