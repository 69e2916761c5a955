"""The dates of a probation: month ends, the leap day, working days, and the policies
they are read from, with the clock frozen where today matters."""

import datetime as dt

import pytest

from chibo.core.testing.clock import travel
from chibo.members import services, services_life
from chibo.members.life import add_months, add_working_days, probation_dates
from chibo.members.models import Probation

D = dt.date


@pytest.mark.parametrize(("start", "months", "end"), [
    (D(2025, 1, 31), 12, D(2026, 1, 31)),
    (D(2025, 1, 31), 1, D(2025, 2, 28)),
    (D(2024, 1, 31), 1, D(2024, 2, 29)),
    (D(2024, 2, 29), 12, D(2025, 2, 28)),   # the leap day: its anniversary is 28/02
    (D(2027, 2, 28), 12, D(2028, 2, 28)),   # not 29/02/2028: same day of the month
    (D(2025, 3, 31), 11, D(2026, 2, 28)),
    (D(2025, 12, 31), 12, D(2026, 12, 31)),
    (D(2025, 5, 15), 12, D(2026, 5, 15)),
])
def test_add_months_at_month_ends(start, months, end):
    assert add_months(start, months) == end


def test_working_days_skip_weekends():
    friday = D(2026, 3, 6)
    assert add_working_days(friday, 1) == D(2026, 3, 9)  # Monday
    assert add_working_days(friday, 5) == D(2026, 3, 13)
    # 30 working days = 6 weeks from a Friday
    assert add_working_days(friday, 30) == D(2026, 4, 17)


def test_probation_dates():
    assert probation_dates(D(2024, 2, 29), months=12, notice_days=30,
                           deadline_working_days=30) == (
        D(2025, 2, 28), D(2025, 1, 29), D(2025, 4, 11))


def _new_probationary(city, admitted_on, card="DB0001"):
    return services.member_create(
        actor=city.secretary_user, organization=city.cell_a1, full_name="Hà Thị Xuân",
        gender="female", date_of_birth=D(1999, 4, 2), card_number=card,
        admitted_on=admitted_on, status="probationary",
    )


@pytest.mark.clock
def test_a_member_admitted_on_the_leap_day_gets_the_policies_dates(city):
    with travel(D(2024, 3, 5)):
        member = _new_probationary(city, D(2024, 2, 29))
    probation = Probation.objects.get(member=member)
    assert probation.ends_on == D(2025, 2, 28)
    assert probation.notice_on == D(2025, 1, 29)  # member.recognition_notice_days = 30
    assert probation.consider_by == D(2025, 4, 11)  # 30 working days (Mon–Fri)
    assert probation.history.first().history_user == city.secretary_user


@pytest.mark.clock
def test_admitted_on_31_january(city):
    with travel(D(2025, 2, 3)):
        member = _new_probationary(city, D(2025, 1, 31))
    assert member.probation.ends_on == D(2026, 1, 31)


@pytest.mark.clock
def test_the_committee_is_told_once_when_the_notice_starts(city):
    from chibo.notifications.models import Notification

    with travel(D(2025, 3, 10)):
        member = _new_probationary(city, D(2025, 3, 10))
    probation = member.probation
    assert probation.notice_on == D(2026, 2, 8)
    with travel(D(2026, 2, 7)):
        assert services_life.probation_reminders() == 0
    with travel(D(2026, 2, 8)):
        assert services_life.probation_reminders() == 1
        assert services_life.probation_reminders() == 0  # a second run tells nobody twice
    told = set(Notification.objects.filter(text__contains="Hà Thị Xuân")
               .values_list("user__username", flat=True))
    assert told == {"secretary", "ward"}  # the cell's secretary, the ward's staff
    text = Notification.objects.filter(user=city.ward_staff).first().text
    assert "hết thời hạn dự bị ngày 10/03/2026" in text
    assert "chậm nhất ngày 21/04/2026" in text
    probation.refresh_from_db()
    assert probation.notified_at is not None
