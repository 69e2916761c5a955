"""Minutes are adopted only once the meeting has taken place: the page and the API say
why when it has not, at its very start as well as during it."""

import datetime as dt

from django.test import Client
from django.urls import reverse

from chibo.core.testing.clock import travel
from chibo.meetings.models import MeetingStatus

from .conftest import at, record_full_meeting


def test_the_api_refuses_adoption_during_the_meeting_with_400(cell, meeting):
    record_full_meeting(cell, meeting)  # 08:00–09:40 on 03/03/2026
    client = Client()
    client.force_login(cell.secretary_user)
    with travel(dt.date(2026, 3, 3), 8, tick=False):
        response = client.post(f"/api/v1/meetings/{meeting.pk}/adopt")
    assert response.status_code == 400
    assert "chưa diễn ra xong" in response.json()["detail"]
    assert "09 giờ 40 phút ngày 03/03/2026" in response.json()["detail"]
    with travel(dt.date(2026, 3, 3), 10, tick=False):
        assert client.post(f"/api/v1/meetings/{meeting.pk}/adopt").status_code == 201


def test_the_page_says_why_it_refuses(client, cell, meeting):
    record_full_meeting(cell, meeting)
    client.force_login(cell.secretary_user)
    with travel(dt.date(2026, 3, 3), 9, tick=False) as clock:
        clock.move_to(at(2026, 3, 3, 9, 0))
        page = client.post(
            reverse("meetings:adopt", args=[meeting.pk]), {"confirm": "on"}, follow=True
        )
    assert "buổi sinh hoạt chưa diễn ra xong" in page.content.decode()
    meeting.refresh_from_db()
    assert meeting.status != MeetingStatus.ADOPTED


def test_a_meeting_held_earlier_than_planned_may_be_adopted_once_it_ended(cell, meeting):
    from chibo.meetings import services

    record_full_meeting(cell, meeting)  # planned 08:00 on 03/03/2026
    with travel(dt.date(2026, 3, 3), 7, tick=False):  # before the planned hour
        services.content_update(
            actor=cell.secretary_user, meeting=meeting,
            started_at=at(2026, 3, 2, 19, 30), ended_at=at(2026, 3, 2, 21, 15),
        )
        version = services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)
    assert version.number == 1


def test_the_adopt_page_says_it_before_anyone_confirms(client, cell, meeting):
    from chibo.meetings.models import Meeting

    record_full_meeting(cell, meeting)
    client.force_login(cell.secretary_user)
    url = reverse("meetings:adopt", args=[meeting.pk])
    with travel(dt.date(2026, 3, 3), 9, tick=False):
        page = client.get(url)
    assert any("chưa diễn ra xong" in text for text in page.context["refusals"])
    Meeting.objects.filter(pk=meeting.pk).update(resolution="Dự thảo nghị quyết tháng 3")
    page = client.get(url)
    assert page.context["refusals"] == [
        "Nội dung nghị quyết còn ghi «Dự thảo»; sửa ở phần Kết luận, biểu quyết."
    ]
    assert "còn ghi «Dự thảo»" in page.content.decode()
