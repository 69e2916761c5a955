import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from chibo.core.testing.factories import MemberFactory
from chibo.meetings import services
from chibo.meetings.models import MeetingKind


def at(year, month, day, hour=8, minute=0):
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


@pytest.fixture
def cell(city):
    """Chi bộ A1 with 6 more members: 5 full, 1 probationary, 1 exempt beside the two
    the standard cast has there (the secretary and a member)."""
    extra = [
        MemberFactory(organization=city.cell_a1, full_name="Đặng Văn Hải"),
        MemberFactory(organization=city.cell_a1, full_name="Kim Thị Lụa"),
        MemberFactory(organization=city.cell_a1, full_name="Mạc Văn Nam"),
        MemberFactory(
            organization=city.cell_a1,
            full_name="Quách Thị Oanh",
            status="probationary",
            full_member_on=None,
        ),
        MemberFactory(
            organization=city.cell_a1,
            full_name="Tạ Văn Phúc",
            status="exempt",
            exempt_reason="Tuổi cao, sức yếu",
        ),
        MemberFactory(organization=city.cell_a1, full_name="Vi Thị Quế"),
    ]
    city.extra = extra
    return city


@pytest.fixture
def meeting(cell):
    return services.meeting_create(
        actor=cell.secretary_user,
        cell=cell.cell_a1,
        kind=MeetingKind.REGULAR,
        scheduled_at=at(2026, 3, 3, 8),
        place="Nhà văn hóa khu phố A1",
    )


def record_full_meeting(city, meeting, *, absent=None):
    """Roll call (everyone present except `absent`), times, chair, a vote of all present."""
    absent = absent or {}
    entries = []
    for member in city.cell_a1.members.all():
        presence, reason = absent.get(member.full_name, ("present", ""))
        entries.append({"member": member.pk, "presence": presence, "reason": reason})
    roll = services.attendance_record(actor=city.secretary_user, meeting=meeting, entries=entries)
    start = timezone.localtime(meeting.scheduled_at)
    services.content_update(
        actor=city.secretary_user,
        meeting=meeting,
        started_at=start,
        ended_at=start + dt.timedelta(minutes=100),
        chair=city.secretary,
        minute_taker=city.member,
        conclusion="Chi bộ thống nhất các nhiệm vụ tháng tới.",
    )
    services.vote_record(
        actor=city.secretary_user,
        meeting=meeting,
        votes_for=roll.voters_present(),
        votes_against=0,
        votes_abstain=0,
    )
    return roll


@pytest.fixture
def secretary(client, cell):
    """A client logged in as Chi bộ A1's secretary."""
    client.force_login(cell.secretary_user)
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def url(name, meeting, *args):
    return reverse(f"meetings:{name}", args=[meeting.pk, *args])


def page_text(response) -> str:
    return response.content.decode()


def adopt_february_with_tasks(city):
    """February 2026 recorded, two tasks given to the member, adopted."""
    february = services.meeting_create(
        actor=city.secretary_user, cell=city.cell_a1, kind="regular", scheduled_at=at(2026, 2, 3)
    )
    record_full_meeting(city, february)
    for title in ("Vận động phân loại rác", "Rà soát hộ nghèo"):
        services.task_assign(
            actor=city.secretary_user,
            meeting=february,
            assignee=city.member,
            title=title,
            deadline=dt.date(2026, 2, 28),
        )
    services.meeting_adopt(actor=city.secretary_user, meeting=february)
    return february
