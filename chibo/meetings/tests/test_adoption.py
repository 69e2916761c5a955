"""The prerequisites of adoption (meetings.adoption): one rule, as a pure function; the
service refuses with its messages and the adopt page lists the same ones. Minutes are
adopted only once the meeting has taken place: the page and the API say why when it has
not, at its very start as well as during it."""

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


# --- the rule, over plain values ------------------------------------------------------

NOW = at(2026, 3, 3, 12)


def _unmet(**changes):
    from chibo.meetings.adoption import unmet

    values = {
        "committee": False, "marked": 9, "unmarked": 0,
        "started_at": at(2026, 3, 3, 8), "ended_at": at(2026, 3, 3, 9, 40),
        "votes_for": 7, "chair": True, "minute_taker": True,
        "resolution": "Nghị quyết tháng 3", "now": NOW,
    }  # fmt: skip
    values.update(changes)
    return unmet(**values)


def test_everything_met():
    result = _unmet()
    assert not result and result.messages == []


def test_each_missing_part_is_named_in_order():
    result = _unmet(marked=0, started_at=None, votes_for=None, chair=False)
    assert result.missing == (
        "điểm danh", "giờ bắt đầu và kết thúc", "kết quả biểu quyết", "chủ trì và thư ký",
    )  # fmt: skip
    assert result.messages == [
        "Chưa thể thông qua biên bản; còn thiếu: điểm danh, giờ bắt đầu và kết thúc, kết quả "
        "biểu quyết, chủ trì và thư ký."
    ]
    assert result.refusals == ()  # no time yet: nothing to say about its end


def test_a_roll_call_begun_needs_everyone_called():
    assert _unmet(unmarked=2).missing == ("điểm danh 2 đảng viên còn lại",)
    assert _unmet(marked=0, unmarked=9).missing == ("điểm danh",)


def test_a_chi_uy_meeting_needs_no_vote():
    assert not _unmet(committee=True, votes_for=None)
    assert _unmet(committee=False, votes_for=None).missing == ("kết quả biểu quyết",)


def test_not_ended_and_draft_words_are_refusals_said_together():
    result = _unmet(ended_at=at(2026, 3, 3, 13), resolution="Dự thảo nghị quyết")
    assert result.missing == ()
    assert "chưa diễn ra xong (kết thúc lúc 13 giờ 00 phút ngày 03/03/2026)" in result.refusals[0]
    assert result.refusals[1] == (
        "Nội dung nghị quyết còn ghi «Dự thảo»; sửa ở phần Kết luận, biểu quyết."
    )
    assert result.messages == list(result.refusals)
    # At its very start it has not ended either.
    assert _unmet(started_at=NOW, ended_at=NOW).refusals


# --- a chi ủy meeting: the page and the service agree --------------------------------


def test_chi_uy_meeting_page_and_service_count_only_the_chi_uy(client, cell):
    from chibo.meetings import services
    from chibo.meetings.adoption import adoption_unmet
    from chibo.meetings.models import MeetingKind
    from chibo.members.models import Position

    deputy = cell.extra[0]
    deputy.position = Position.DEPUTY
    deputy.save()
    meeting = services.meeting_create(
        actor=cell.secretary_user, cell=cell.cell_a1, kind=MeetingKind.COMMITTEE,
        scheduled_at=at(2026, 3, 1),
    )
    services.attendance_record(
        actor=cell.secretary_user, meeting=meeting,
        entries=[{"member": cell.secretary.pk, "presence": "present"}],
    )
    services.content_update(
        actor=cell.secretary_user, meeting=meeting, started_at=at(2026, 3, 1, 8),
        ended_at=at(2026, 3, 1, 9), chair=cell.secretary, minute_taker=deputy,
    )
    client.force_login(cell.secretary_user)
    url = reverse("meetings:adopt", args=[meeting.pk])
    page = client.get(url)
    # The deputy only is still to be marked; the seven members outside the chi ủy are not
    # called, and no vote is asked for.
    assert page.context["missing"] == ["điểm danh 1 đảng viên còn lại"]
    assert page.context["unmarked"] == 1
    assert "Còn 1 đồng chí chi ủy viên chưa được điểm danh" in page.content.decode()
    assert adoption_unmet(meeting).messages == [
        "Chưa thể thông qua biên bản; còn thiếu: điểm danh 1 đảng viên còn lại."
    ]
    refused = client.post(url, {"confirm": "on"})
    assert "còn thiếu: điểm danh 1 đảng viên còn lại" in refused.content.decode()
    services.attendance_record(
        actor=cell.secretary_user, meeting=meeting,
        entries=[{"member": deputy.pk, "presence": "present"}],
    )
    assert client.get(url).context["missing"] == []
    done = client.post(url, {"confirm": "on"})
    assert done.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ADOPTED
