import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chibo.core.testing.factories import UserFactory, grant
from chibo.meetings import services as meeting_services
from chibo.meetings.models import MeetingKind
from chibo.meetings.tests.conftest import at, record_full_meeting
from chibo.supervision import selectors, services
from chibo.supervision.models import ActionKind, ConcernStatus


@pytest.fixture
def official(city):
    user = UserFactory(username="thanh-uy-vien", first_name="Nguyễn Văn", last_name="Kiểm")
    grant(user, city.root)
    return user


def raise_one(city, official, **extra):
    meeting = meeting_services.meeting_create(
        actor=city.secretary_user,
        cell=city.cell_a1,
        kind=MeetingKind.REGULAR,
        scheduled_at=at(2026, 3, 3),
    )
    report = services.visit_report(
        actor=official,
        meeting=meeting,
        attended=True,
        band_seen="Khá",
        remarks="Chi bộ sinh hoạt nền nếp.",
        concerns=[
            {
                "category": "infrastructure",
                "text": "Đường ngõ 5 ngập khi mưa lớn",
                "member": city.member,
                "member_hidden": True,
                **extra,
            }
        ],
    )
    return meeting, report.concerns.get()


def test_concern_routed_escalated_answered_and_reported(city, official):
    meeting, concern = raise_one(city, official)
    assert concern.responsible == city.ward_a and concern.status == ConcernStatus.OPEN
    assert concern.deadline == dt.date(2026, 3, 18)
    with pytest.raises(ValidationError):
        services.concern_escalate(actor=city.ward_staff, concern=concern, note="")
    services.concern_escalate(actor=city.ward_staff, concern=concern, note="Vượt thẩm quyền phường")
    assert concern.responsible == city.root
    # The next meeting is planned before the answer: the answer joins its agenda.
    record_full_meeting(city, meeting)
    meeting_services.meeting_adopt(actor=city.secretary_user, meeting=meeting)
    april = meeting_services.meeting_create(
        actor=city.secretary_user,
        cell=city.cell_a1,
        kind=MeetingKind.REGULAR,
        scheduled_at=at(2026, 4, 3),
    )
    services.concern_answer(
        actor=city.city_staff,
        concern=concern,
        answer="Thành phố đưa vào kế hoạch cải tạo quý III.",
        on=dt.date(2026, 3, 20),
    )
    titles = [a.title for a in april.agenda.all()]
    assert any("Thành phố đưa vào kế hoạch cải tạo quý III." in t for t in titles)
    record_full_meeting(city, april)
    meeting_services.meeting_adopt(actor=city.secretary_user, meeting=april)
    concern.refresh_from_db()
    assert concern.reported_at == april
    kinds = list(concern.actions.values_list("kind", flat=True))
    assert kinds == [ActionKind.RECEIVE, ActionKind.ESCALATE, ActionKind.ANSWER, ActionKind.REPORT]


def test_visible_along_the_route_only_and_hidden_name(city, official):
    _, concern = raise_one(city, official)
    visible = lambda user: selectors.visible_concerns(user).filter(pk=concern.pk).exists()  # noqa: E731
    assert visible(city.secretary_user)  # the raising cell
    assert visible(city.ward_staff)  # on the route
    assert not visible(city.city_staff)  # not reached the city yet
    assert not visible(city.outsider)
    assert visible(official)  # raised it
    assert not selectors.member_name_visible(city.secretary_user, concern)
    assert selectors.member_name_visible(city.ward_staff, concern)
    services.concern_escalate(actor=city.ward_staff, concern=concern, note="Vượt thẩm quyền")
    assert visible(city.city_staff)
    assert selectors.member_name_visible(city.city_staff, concern)


def test_overdue_concerns_escalate_by_themselves(city, official):
    _, concern = raise_one(city, official)
    assert services.escalate_overdue(today=dt.date(2026, 3, 18)) == []
    moved = services.escalate_overdue(today=dt.date(2026, 3, 19))
    assert [c.pk for c in moved] == [concern.pk]
    concern.refresh_from_db()
    assert concern.responsible == city.root and concern.deadline == dt.date(2026, 4, 3)
    assert services.escalate_overdue(today=dt.date(2026, 5, 1)) == []  # top: stays, flagged


def test_clashes_and_gaps(city, official):
    meeting_services.plan_month(
        actor=city.city_staff,
        cells=[city.cell_a1, city.cell_a2],
        year=2026,
        month=4,
        notify_members=False,
    )
    clashes = selectors.clashes(
        official,
        [city.cell_a1, city.cell_a2],
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2026, 6, 30),
    )
    assert len(clashes) == 1 and len(clashes[0][1]) == 2
    services.assignments_create(
        actor=city.city_staff,
        committee=city.root,
        official=official,
        cells=[city.cell_a1],
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2026, 6, 30),
    )
    gaps = selectors.coverage_gaps(
        city.root, starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2026, 6, 30)
    )
    assert {c.name for c in gaps} == {
        "Chi bộ khu phố A2",
        "Chi bộ khu phố B1",
        "Chi bộ Trường THPT C1",
    }
    with pytest.raises(ValidationError, match="Không thuộc"):
        services.assignments_create(
            actor=city.ward_staff,
            committee=city.ward_a,
            official=official,
            cells=[city.cell_b1],
            starts_on=dt.date(2026, 4, 1),
            ends_on=dt.date(2026, 6, 30),
        )


def test_nested_scopes_still_see_and_act_on_a_concern_at_the_ward(city, official):
    _, concern = raise_one(city, official)
    grant(city.city_staff, city.ward_a)  # city staff who also sits on ward A's committee
    from chibo.core.scope import forget_scope

    forget_scope(city.city_staff)
    assert selectors.visible_concerns(city.city_staff).filter(pk=concern.pk).exists()
    assert selectors.member_name_visible(city.city_staff, concern)
    assert selectors.can_act(city.city_staff, concern)


def test_following_official_is_told_of_the_meeting(city, official):
    from chibo.notifications.models import Notification

    services.assignments_create(actor=city.city_staff, committee=city.root, official=official,
                                cells=[city.cell_a1], starts_on=dt.date(2026, 4, 1),
                                ends_on=dt.date(2026, 6, 30))
    meeting_services.plan_month(actor=city.city_staff, cells=[city.cell_a1], year=2026,
                                month=5)
    assert Notification.objects.filter(user=official, text__contains="Chi bộ khu phố A1").filter(
        text__contains="05/2026").exists()
