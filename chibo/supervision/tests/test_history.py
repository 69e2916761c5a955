"""Visit reports, concerns' steps and assignments are written with their actor; the
scheduled escalation is written by the system (no user)."""

import datetime as dt

from chibo.supervision import services
from chibo.supervision.models import Assignment, ConcernAction, VisitReport

from .test_services import official, raise_one  # noqa: F401  (fixture)


def _users(model, **filters):
    rows = model.history.filter(**filters).order_by("history_id")
    return [(r.history_type, r.history_user.username if r.history_user else None) for r in rows]


def test_supervision_writes_name_their_actor(city, official):  # noqa: F811
    meeting, concern = raise_one(city, official)
    report = VisitReport.objects.get(meeting=meeting)
    assert _users(VisitReport, id=report.pk) == [("+", "thanh-uy-vien")]
    services.concern_escalate(actor=city.ward_staff, concern=concern, note="Vượt thẩm quyền")
    services.concern_answer(actor=city.city_staff, concern=concern, answer="Đã có kế hoạch.",
                            on=dt.date(2026, 3, 20))
    steps = _users(ConcernAction, concern_id=concern.pk)
    assert steps == [("+", "thanh-uy-vien"), ("+", "ward"), ("+", "city")]

    made = services.assignments_create(
        actor=city.city_staff, committee=city.root, official=official, cells=[city.cell_b1],
        kind="follow", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 3, 31),
    )
    pk = made[0].pk
    services.assignment_remove(actor=city.ward_staff, assignment=made[0])
    assert _users(Assignment, id=pk) == [("+", "city"), ("-", "ward")]


def test_the_scheduled_escalation_is_the_system(city, official):  # noqa: F811
    _, concern = raise_one(city, official)
    moved = services.escalate_overdue(today=dt.date(2026, 4, 30))
    assert [c.pk for c in moved] == [concern.pk]
    last = ConcernAction.history.filter(concern_id=concern.pk).latest("history_id")
    assert last.kind == "auto_escalate" and last.history_user is None
    assert concern.history.latest("history_id").history_user is None
