"""Supervision, tried for real: two staff acting on one concern, or one official's visit
report sent twice, at the same moment on their own database connections."""

import pytest
from django.core.exceptions import ValidationError

from chibo.core.testing.concurrency import errors_of, races, run_at_once
from chibo.core.testing.factories import UserFactory, grant
from chibo.meetings import services as meeting_services
from chibo.meetings.models import MeetingKind
from chibo.meetings.tests.conftest import at
from chibo.supervision import services
from chibo.supervision.models import ActionKind, Concern, ConcernStatus, VisitReport

pytestmark = races

ROUNDS = 3


@pytest.fixture
def official(city):
    user = UserFactory(username="thanh-uy-vien", first_name="Nguyễn Văn", last_name="Kiểm")
    grant(user, city.root)
    return user


@pytest.fixture
def second_staff(city):
    user = UserFactory(username="ward-2")
    grant(user, city.ward_a)
    return user


def meeting_of(city, month):
    return meeting_services.meeting_create(
        actor=city.secretary_user,
        cell=city.cell_a1,
        kind=MeetingKind.REGULAR,
        scheduled_at=at(2026, month, 3),
    )


def a_concern(city, n) -> Concern:
    return services.concern_raise(
        actor=city.secretary_user,
        cell=city.cell_a1,
        category="infrastructure",
        text=f"Đường ngõ {n} ngập khi mưa lớn",
        source="secretary",
    )


def fresh(concern) -> Concern:
    return Concern.objects.get(pk=concern.pk)


def actions(concern, kind) -> int:
    return concern.actions.filter(kind=kind).count()


def test_two_answers_at_once_answer_once(city, second_staff):
    broken = 0
    for n in range(ROUNDS):
        concern = a_concern(city, n)
        outcomes = run_at_once(
            lambda c=concern: services.concern_answer(
                actor=city.ward_staff, concern=fresh(c), answer="Trả lời thứ nhất"
            ),
            lambda c=concern: services.concern_answer(
                actor=second_staff, concern=fresh(c), answer="Trả lời thứ hai"
            ),
        )
        errors = errors_of(outcomes)
        if actions(concern, ActionKind.ANSWER) != 1 or len(errors) != 1:
            broken += 1
            continue
        assert isinstance(errors[0], ValidationError)
        assert "đã được trả lời" in " ".join(errors[0].messages)
        winner = next(o.value for o in outcomes if o.ok)
        assert fresh(concern).answer == winner.answer
    assert broken == 0, f"{broken} of {ROUNDS} rounds answered twice or failed wrongly"


def test_two_escalations_of_one_step_move_it_one_level(city, second_staff):
    broken = 0
    for n in range(ROUNDS):
        concern = a_concern(city, n)
        outcomes = run_at_once(
            lambda c=concern: services.concern_escalate(
                actor=city.ward_staff, concern=fresh(c), note="Vượt thẩm quyền"
            ),
            lambda c=concern: services.concern_escalate(
                actor=second_staff, concern=fresh(c), note="Cần thành phố giải quyết"
            ),
        )
        errors = errors_of(outcomes)
        if actions(concern, ActionKind.ESCALATE) != 1 or len(errors) != 1:
            broken += 1
            continue
        assert isinstance(errors[0], ValidationError)
        assert "vừa được" in " ".join(errors[0].messages)
        assert fresh(concern).responsible == city.root
    assert broken == 0, f"{broken} of {ROUNDS} rounds escalated twice or failed wrongly"


def test_an_answer_and_an_escalation_at_once_do_one_of_them(city, second_staff):
    broken = 0
    for n in range(ROUNDS):
        concern = a_concern(city, n)
        outcomes = run_at_once(
            lambda c=concern: services.concern_answer(
                actor=city.ward_staff, concern=fresh(c), answer="Phường đã xử lý"
            ),
            lambda c=concern: services.concern_escalate(
                actor=second_staff, concern=fresh(c), note="Cần thành phố giải quyết"
            ),
        )
        errors = errors_of(outcomes)
        done = actions(concern, ActionKind.ANSWER) + actions(concern, ActionKind.ESCALATE)
        if done != 1 or len(errors) != 1 or not isinstance(errors[0], ValidationError):
            broken += 1
            continue
        concern = fresh(concern)
        if outcomes[0].ok:
            assert concern.status == ConcernStatus.ANSWERED and concern.responsible == city.ward_a
        else:
            assert concern.status == ConcernStatus.OPEN and concern.responsible == city.root
    assert broken == 0, f"{broken} of {ROUNDS} rounds did both or failed wrongly"


def test_one_visit_report_sent_twice_at_once_is_one_report(city, official):
    broken = 0
    for month in range(1, ROUNDS + 1):
        meeting = meeting_of(city, month)
        send = lambda m=meeting: services.visit_report(  # noqa: E731
            actor=official,
            meeting=m,
            attended=True,
            band_seen="Khá",
            remarks="Sinh hoạt nền nếp",
            concerns=[{"category": "infrastructure", "text": "Đèn đường hỏng"}],
        )
        outcomes = run_at_once(send, send)
        errors = errors_of(outcomes)
        reports = VisitReport.objects.filter(meeting=meeting, official=official).count()
        concerns = Concern.objects.filter(meeting=meeting).count()
        if (
            (reports, concerns) != (1, 1)
            or len(errors) != 1
            or not isinstance(errors[0], ValidationError)
        ):
            broken += 1
            continue
        assert "đã gửi báo cáo" in " ".join(errors[0].messages)
    assert broken == 0, f"{broken} of {ROUNDS} rounds broke (500, or two reports)"


def test_two_bulk_assignments_of_one_official_at_once_do_not_overlap(city, official):
    import datetime as dt

    from chibo.supervision.models import Assignment

    broken = []
    for n in range(ROUNDS):
        start = dt.date(2030 + n, 1, 1)

        def assign(cells, start=start):
            return services.assignments_create(
                actor=city.city_staff,
                committee=city.root,
                official=official,
                cells=cells,
                starts_on=start,
                ends_on=start + dt.timedelta(days=180),
            )

        outcomes = run_at_once(
            lambda: assign([city.cell_a1, city.cell_a2]), lambda: assign([city.cell_a2])
        )
        errors = errors_of(outcomes)
        on_a2 = Assignment.objects.filter(
            official=official, cell=city.cell_a2, starts_on=start
        ).count()
        if on_a2 != 1 or len(errors) != 1 or not isinstance(errors[0], ValidationError):
            broken.append((on_a2, errors))
    assert not broken, f"{len(broken)} of {ROUNDS} rounds broke: {broken}"
