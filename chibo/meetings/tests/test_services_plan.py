"""The month's plan and a meeting moved (services_plan)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chibo.meetings import services
from chibo.meetings.models import Meeting, MeetingKind
from chibo.notifications.models import Notification

from .conftest import at


def test_plan_month_uses_the_policy_day_and_notifies(cell):
    created = services.plan_month(
        actor=cell.city_staff, cells=[cell.cell_a1, cell.cell_a2], year=2026, month=4
    )
    regular = [m for m in created if m.kind == MeetingKind.REGULAR]
    assert len(regular) == 2
    assert {m.scheduled_at.astimezone(at(2026, 1, 1).tzinfo).day for m in regular} == {3}
    again = services.plan_month(actor=cell.city_staff, cells=[cell.cell_a1], year=2026, month=4)
    assert again == []
    assert Notification.objects.filter(user=cell.member_user, text__contains="04/2026").exists()
    assert [a.title for a in regular[0].agenda.all()][0].startswith("Khai mạc")


def test_reschedule_needs_reason_and_notifies(cell, meeting):
    with pytest.raises(ValidationError):
        services.meeting_reschedule(
            actor=cell.secretary_user, meeting=meeting, scheduled_at=at(2026, 3, 5), reason=""
        )
    services.meeting_reschedule(
        actor=cell.secretary_user,
        meeting=meeting,
        scheduled_at=at(2026, 3, 5, 19, 30),
        reason="Trùng lịch họp tổ dân phố",
    )
    assert Notification.objects.filter(
        user=cell.member_user, text__contains="19:30 05/03/2026"
    ).exists()
    assert Meeting.objects.get(pk=meeting.pk).period == dt.date(2026, 3, 1)
