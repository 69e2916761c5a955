"""Dues unpaid without reason are a ground of removal of their own (Điều lệ Đảng, Điều 8):
the cell may propose on three such months of a year, and the proposal names the months
unpaid beside the months absent."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from chibo.core.testing.clock import travel
from chibo.dues import services
from chibo.dues.models import UnpaidReason
from chibo.members import services_life
from chibo.members.tests.test_life_services import held_meeting
from chibo.notifications.models import Notification

D = dt.date
REASON = "Chi ủy đã gặp hai lần, đồng chí không chuyển biến"


def _unpaid(city, month, reason=UnpaidReason.UNEXCUSED):
    services.dues_record(actor=city.secretary_user, member=city.member,
                         month=D(2026, month, 1), paid=False, unpaid_reason=reason)


def _propose(city):
    return services_life.removal_propose(actor=city.secretary_user, member=city.member,
                                         year=2026, reason=REASON)


@pytest.mark.clock
@pytest.mark.django_db
def test_three_months_unpaid_without_reason_are_a_ground(dues_cell):
    city = dues_cell
    _unpaid(city, 2)
    _unpaid(city, 4)
    _unpaid(city, 6, UnpaidReason.EXCUSED)  # with a reason: not a ground
    with travel(D(2026, 10, 5)), pytest.raises(ValidationError) as error:
        _propose(city)
    assert ("không đóng đảng phí không lý do 2 tháng, đều chưa đến 3 tháng"
            in error.value.messages[0])
    _unpaid(city, 9)
    with travel(D(2026, 10, 5)):
        proposal = _propose(city)
    assert proposal.months == []
    assert proposal.unpaid_months == ["2026-02", "2026-04", "2026-09"]
    assert proposal.grounds() == "Không đóng đảng phí không lý do 3 tháng (T2, T4, T9/2026)"
    note = Notification.objects.get(user=city.ward_staff)
    assert "không đóng đảng phí không lý do 3 tháng (T2, T4, T9/2026)" in note.text
    client = Client()
    client.force_login(city.ward_staff)
    page = client.get(f"/members/{city.member.pk}/").content.decode()
    assert "Không đóng đảng phí không lý do 3 tháng (T2, T4, T9/2026)" in page
    listing = client.get("/members/removals/").content.decode()
    assert "T2, T4, T9/2026" in listing


@pytest.mark.clock
@pytest.mark.django_db
def test_both_grounds_are_named_and_a_short_one_is_not(dues_cell):
    city = dues_cell
    for month in (1, 3, 5):
        held_meeting(city, D(2026, month, 3), absent=(city.member.full_name,))
    for month in (2, 4, 9):
        _unpaid(city, month)
    with travel(D(2026, 10, 5)):
        proposal = _propose(city)
    assert proposal.grounds() == (
        "Vắng sinh hoạt không lý do 3 tháng (T1, T3, T5/2026); "
        "không đóng đảng phí không lý do 3 tháng (T2, T4, T9/2026)"
    )


@pytest.mark.clock
@pytest.mark.django_db
def test_absences_alone_still_ground_a_proposal_without_the_unpaid_months(dues_cell):
    city = dues_cell
    for month in (1, 3, 5):
        held_meeting(city, D(2026, month, 3), absent=(city.member.full_name,))
    _unpaid(city, 2)  # one month unpaid: short of the threshold, not named
    with travel(D(2026, 10, 5)):
        proposal = _propose(city)
    assert proposal.unpaid_months == []
    assert proposal.grounds() == "Vắng sinh hoạt không lý do 3 tháng (T1, T3, T5/2026)"
