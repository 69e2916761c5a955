"""Supervision reads its rules (issue 13): how far ahead the committee sees meetings to
attend, and the bands an official may report, with their thresholds' text."""

import datetime as dt

import pytest
from django.urls import reverse

from chibo.core.services import ServiceError
from chibo.core.testing.clock import travel
from chibo.core.testing.factories import UserFactory, grant
from chibo.meetings import services as meeting_services
from chibo.meetings.models import MeetingKind
from chibo.meetings.tests.conftest import at
from chibo.policies.models import Policy
from chibo.supervision import services


def _ward(city, key, value):
    Policy.objects.create(key=key, value=value, effective_from=dt.date(2026, 1, 1),
                          issuer=city.ward_a, legal_basis="Quy chế của Đảng ủy phường A (thử)")


def test_meetings_to_attend_reach_as_far_as_the_policy(client, city):
    far = meeting_services.meeting_create(actor=city.ward_staff, cell=city.cell_a1,
                                          kind=MeetingKind.REGULAR, scheduled_at=at(2026, 5, 3))
    client.force_login(city.ward_staff)

    def offered():
        page = client.get(reverse("supervision:assignments"), {"committee": city.ward_a.pk})
        return [value for value, _label in page.context["attend_form"].fields["meeting"].choices]

    with travel(dt.date(2026, 3, 5)):  # 59 days before the meeting
        assert far.pk in offered()
        _ward(city, "supervision.attend_days", 30)
        assert far.pk not in offered()


def test_the_bands_an_official_reports_are_the_policys(client, city):
    official = UserFactory(username="duv")
    grant(official, city.ward_a)
    meeting = meeting_services.meeting_create(actor=city.secretary_user, cell=city.cell_a1,
                                              kind=MeetingKind.REGULAR,
                                              scheduled_at=at(2026, 3, 3))
    bands = [["Xuất sắc", 95], ["Tốt", 80], ["Đạt", 60], ["Chưa đạt", 0]]
    assert services.bands_text(services.band_rules(meeting)) == (
        "Tốt ≥ 90 điểm, Khá 70 đến dưới 90, Trung bình 50 đến dưới 70, Kém dưới 50.")
    _ward(city, "meeting.quality_bands", bands)
    assert services.bands_text(services.band_rules(meeting)) == (
        "Xuất sắc ≥ 95 điểm, Tốt 80 đến dưới 95, Đạt 60 đến dưới 80, Chưa đạt dưới 60.")
    with travel(dt.date(2026, 3, 4)), pytest.raises(
            ServiceError, match="Xuất sắc, Tốt, Đạt hoặc Chưa đạt"):
        services.visit_report(actor=official, meeting=meeting, attended=True, band_seen="Khá")
