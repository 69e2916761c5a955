"""Every URL of the supervision namespace: anonymous users go to the login page, users
out of scope get 404, the allowed ones get the page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from chibo.core.testing.access import Case, assert_access
from chibo.core.testing.factories import UserFactory, grant
from chibo.meetings import services as meeting_services
from chibo.meetings.models import MeetingKind
from chibo.supervision import services
from chibo.supervision.forms import quarter_bounds, quarter_of


@pytest.fixture
def setting(city):
    """A ward A committee member follows cell A1 this quarter and reported on yesterday's
    meeting, with a concern naming a member hidden from the cell."""
    official = UserFactory(username="duv", first_name="Lê Văn", last_name="Giám")
    grant(official, city.ward_a)
    starts_on, ends_on = quarter_bounds(*quarter_of(timezone.localdate()))
    follow = services.assignments_create(
        actor=city.ward_staff,
        committee=city.ward_a,
        official=official,
        cells=[city.cell_a1, city.cell_a2],
        starts_on=starts_on,
        ends_on=ends_on,
    )
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    meeting = meeting_services.meeting_create(
        actor=city.secretary_user,
        cell=city.cell_a1,
        kind=MeetingKind.REGULAR,
        scheduled_at=timezone.make_aware(dt.datetime.combine(yesterday, dt.time(8))),
    )
    report = services.visit_report(
        actor=official,
        meeting=meeting,
        attended=True,
        band_seen="Khá",
        concerns=[
            {
                "category": "infrastructure",
                "text": "Đường ngõ 5 ngập khi mưa lớn",
                "member": city.member,
                "member_hidden": True,
            }
        ],
        assignment=follow[0],
    )
    city.official = official
    city.meeting = meeting
    city.concern = report.concerns.get()
    city.removable = follow[1]  # A2: no report yet
    return city


def test_every_supervision_url_is_scoped(setting):
    city = setting
    everyone = [
        city.admin,
        city.city_staff,
        city.ward_staff,
        city.official,
        city.secretary_user,
        city.member_user,
        city.outsider,
    ]
    committee = [city.admin, city.city_staff, city.ward_staff, city.official]
    not_committee = [city.secretary_user, city.member_user, city.outsider]

    def url(name, *args):
        return reverse(f"supervision:{name}", args=args)

    assert_access(
        "supervision",
        {
            "mine": Case(url("mine"), allowed=everyone),
            # The official assigned, and the committees above the cell; not the cell itself.
            "visit": Case(
                url("visit", city.meeting.pk), allowed=committee, outsiders=not_committee
            ),
            "assignments": Case(url("assignments"), allowed=committee, outsiders=not_committee),
            # One view per action; an empty form is answered with the page and its errors.
            **{
                name: Case(url(name), method="post", allowed=committee, outsiders=not_committee)
                for name in ("assignment_preview", "assignment_save", "assignment_attend")
            },
            "assignment_remove": Case(
                url("assignment_remove", city.removable.pk),
                method="post",
                allowed=[city.ward_staff],
                outsiders=not_committee,
                ok_status=(302,),
            ),
            "concerns": Case(url("concerns"), allowed=everyone),
            # Along the route (the ward) and the raising cell; not the city before it
            # reaches the city, not another cell, not a plain member.
            "concern": Case(
                url("concern", city.concern.pk),
                allowed=[city.admin, city.ward_staff, city.official, city.secretary_user],
                outsiders=[city.city_staff, city.outsider, city.member_user],
            ),
            # A secretary for their cell, a member for theirs; committees do not.
            "concern_new": Case(
                url("concern_new"),
                allowed=[city.secretary_user, city.member_user, city.outsider],
                outsiders=[city.admin, city.city_staff, city.ward_staff, city.official],
            ),
            "figures": Case(url("figures"), allowed=committee, outsiders=not_committee),
        },
    )
