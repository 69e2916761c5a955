"""Coverage and concern figures (selectors.coverage, selectors.concern_figures) against a
small case computed by hand. The period is the first quarter of 2026; "today" for the
concern figures is 10/04/2026; concern.answer_days is 15 (the seeded policy).

The tree (the standard `city` cast) plus two cells made here:

    Thành phố
    ├── Đảng bộ phường A: A1, A2, A3 (dissolved 20/12/2025, before the quarter)
    ├── Đảng bộ phường B: B1, B2 (dissolved 10/05/2026, after the quarter)
    └── Chi bộ Trường THPT C1 (directly under the city)

Officials: "tuv" (city committee member, scope on the city), "duv" (ward A committee
member, scope on ward A).
"""

import datetime as dt

import pytest
from django.utils import timezone

from chibo.core.testing.factories import UserFactory, grant, make_org
from chibo.meetings import services as meeting_services
from chibo.meetings.models import Meeting, MeetingKind, MeetingStatus
from chibo.organizations import services as org_services
from chibo.organizations.models import Organization
from chibo.supervision import selectors, services
from chibo.supervision.models import ConcernStatus

Q1 = {"starts_on": dt.date(2026, 1, 1), "ends_on": dt.date(2026, 3, 31)}
TODAY = dt.date(2026, 4, 10)


def local(year, month, day, hour=19, minute=30):
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def meeting(city, cell, when, status=MeetingStatus.HELD, guests=()):
    """A regular meeting with its guests (name, is a higher official, user), then put in
    `status` (guests are added while the meeting can still be edited)."""
    made = meeting_services.meeting_create(
        actor=city.admin, cell=cell, kind=MeetingKind.REGULAR, scheduled_at=when
    )
    for name, higher, user in guests:
        meeting_services.guest_add(
            actor=city.admin,
            meeting=made,
            name=name,
            office="Thành ủy viên" if higher else "Trưởng khu phố",
            is_higher_official=higher,
            user=user,
        )
    Meeting.objects.filter(pk=made.pk).update(status=status)
    made.refresh_from_db()
    return made


@pytest.fixture
def case(city):
    c = city
    c.tuv = UserFactory(username="tuv", first_name="Nguyễn Văn Kiểm", last_name="")
    grant(c.tuv, c.root)
    c.duv = UserFactory(username="duv", first_name="Trần Thị Giám", last_name="")
    grant(c.duv, c.ward_a)
    c.cell_a3 = make_org("Chi bộ khu phố A3", c.ward_a, is_cell=True)
    c.cell_b2 = make_org("Chi bộ khu phố B2", c.ward_b, is_cell=True)

    # --- meetings and visits -----------------------------------------------------------
    # A1: duv attends in January and March, tuv in February (three attended reports).
    a1_jan = meeting(c, c.cell_a1, local(2026, 1, 5))
    a1_feb = meeting(c, c.cell_a1, local(2026, 2, 3))
    a1_mar = meeting(c, c.cell_a1, local(2026, 3, 3))
    c.k1 = services.visit_report(
        actor=c.duv, meeting=a1_jan, attended=True, band_seen="Khá",
        concerns=[{"category": "infrastructure", "text": "Đèn chiếu sáng ngõ 3 hỏng"}],
    ).concerns.get()  # K1, raised 05/01
    services.visit_report(actor=c.tuv, meeting=a1_feb, attended=True, band_seen="Tốt")
    services.visit_report(actor=c.duv, meeting=a1_mar, attended=True, band_seen="Khá")
    # A2: duv reports that he did not attend; a local guest (not a higher official) came;
    # the March meeting is still planned and lists a higher official invited: not a visit.
    a2_feb = meeting(c, c.cell_a2, local(2026, 2, 3), guests=[("Lê Văn Trưởng", False, None)])
    services.visit_report(actor=c.duv, meeting=a2_feb, attended=False, remarks="Bận họp")
    meeting(c, c.cell_a2, local(2026, 3, 3), status=MeetingStatus.PLANNED,
            guests=[("Nguyễn Văn Kiểm", True, c.tuv)])
    # A3: dissolved before the quarter; a visit in 2025 changes nothing.
    a3_dec = meeting(c, c.cell_a3, local(2025, 12, 3))
    services.visit_report(actor=c.duv, meeting=a3_dec, attended=True)
    # B1: no report, but the minutes list a higher official among the guests.
    meeting(c, c.cell_b1, local(2026, 3, 3), status=MeetingStatus.ADOPTED,
            guests=[("Hoàng Văn Dự", True, None)])
    # B2: tuv attends a meeting at 06:00 on 01/01 (31/12 23:00 in UTC: inside the quarter
    # by the local date); the cell is dissolved in May, after the quarter.
    b2_jan = meeting(c, c.cell_b2, local(2026, 1, 1, 6, 0))
    services.visit_report(actor=c.tuv, meeting=b2_jan, attended=True, band_seen="Tốt")
    # C1: tuv's visit is on 03/04, outside the quarter; the March meeting was cancelled
    # although a higher official had been listed as a guest.
    c1_apr = meeting(c, c.cell_c1, local(2026, 4, 3, 14, 0))
    services.visit_report(actor=c.tuv, meeting=c1_apr, attended=True, band_seen="Tốt")
    meeting(c, c.cell_c1, local(2026, 3, 3, 14, 0), status=MeetingStatus.CANCELLED,
            guests=[("Đỗ Văn Hủy", True, None)])

    # --- concerns, in the order things happened --------------------------------------
    def raise_(cell, category, on, text):
        return services.concern_raise(
            actor=c.admin, cell=cell, category=category, text=text, source="secretary",
            raised_on=on,
        )

    c.k8 = raise_(c.cell_b2, "other", dt.date(2026, 1, 5), "K8")  # deadline 20/01
    c.k2 = raise_(c.cell_a1, "living", dt.date(2026, 1, 10), "K2")  # deadline 25/01
    services.concern_answer(actor=c.admin, concern=c.k8, answer="Đã trả lời",
                            on=dt.date(2026, 1, 8))
    services.concern_answer(actor=c.ward_staff, concern=c.k1, answer="Đã thay bóng đèn",
                            on=dt.date(2026, 1, 15))
    c.k7 = raise_(c.cell_a2, "policy", dt.date(2026, 2, 1), "K7")  # deadline 16/02
    services.concern_answer(actor=c.ward_staff, concern=c.k2, answer="Trả lời muộn",
                            on=dt.date(2026, 2, 2))
    c.k4 = raise_(c.cell_b1, "security", dt.date(2026, 2, 10), "K4")  # deadline 25/02
    ward_b_staff = UserFactory(username="ward-b")
    grant(ward_b_staff, c.ward_b)
    services.concern_assign(actor=c.admin, concern=c.k4, assignee=ward_b_staff)
    assert [k.pk for k in services.escalate_overdue(today=dt.date(2026, 2, 17))] == [c.k7.pk]
    c.k5 = raise_(c.cell_c1, "party_work", dt.date(2026, 2, 20), "K5")  # city; 07/03
    services.concern_answer(actor=c.city_staff, concern=c.k5, answer="Đã trả lời",
                            on=dt.date(2026, 3, 1))
    services.concern_close(actor=c.city_staff, concern=c.k5, note="Chi bộ đã nhận")
    c.k6 = raise_(c.cell_a1, "infrastructure", dt.date(2026, 3, 3), "K6")  # deadline 18/03
    services.concern_escalate(actor=c.ward_staff, concern=c.k6, note="Vượt thẩm quyền",
                              on=dt.date(2026, 3, 10))  # new deadline 25/03
    services.concern_answer(actor=c.city_staff, concern=c.k6, answer="Đưa vào kế hoạch",
                            on=dt.date(2026, 3, 24))
    c.k3 = raise_(c.cell_a2, "land", dt.date(2026, 3, 31), "K3")  # deadline 15/04
    c.k9 = raise_(c.cell_a1, "land", dt.date(2026, 4, 2), "K9")  # after the quarter

    org_services.organization_dissolve(actor=c.admin, organization=c.cell_a3,
                                       on=dt.date(2025, 12, 20), reason="Sáp nhập")
    org_services.organization_dissolve(actor=c.admin, organization=c.cell_b2,
                                       on=dt.date(2026, 5, 10), reason="Sáp nhập")
    for k in ("k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8"):
        getattr(c, k).refresh_from_db()
    return c


def test_the_case_is_what_the_comments_say(case):
    c = case
    assert (c.k6.deadline, c.k6.responsible) == (dt.date(2026, 3, 25), c.root)
    assert (c.k7.deadline, c.k7.responsible) == (dt.date(2026, 3, 4), c.root)
    assert c.k4.status == ConcernStatus.ASSIGNED and c.k4.deadline == dt.date(2026, 2, 25)
    assert c.k5.status == ConcernStatus.CLOSED and c.k5.answered_on == dt.date(2026, 3, 1)
    assert c.k3.deadline == dt.date(2026, 4, 15)


def test_coverage_by_hand(case):
    c = case
    figures = selectors.coverage(c.city_staff, c.root, **Q1)
    # Cells of the quarter: A1, A2, B1, B2, C1 = 5 (A3 was dissolved before it began; B2
    # was still active all through it).
    # Visited: A1 (attended reports), B1 (a higher official among the guests of a meeting
    # held), B2 (attended report on 01/01 at 06:00 local time) = 3.
    # Not visited: A2 (report "not attended"; a local guest; a higher official listed for
    # a meeting not held yet), C1 (visit in April; a cancelled meeting's guest).
    # Share: 3 / 5 = 60.0 %.
    assert (figures["cells"], figures["covered"], figures["share"]) == (5, 3, 60.0)
    # Per unit (the children of the city; a cell directly under it is its own unit):
    # phường A: A1 of A1, A2 = 1/2 = 50.0; phường B: B1, B2 = 2/2 = 100.0; C1: 0/1 = 0.0.
    assert figures["units"] == [
        {"name": "Chi bộ Trường THPT C1", "covered": 0, "cells": 1, "share": 0.0},
        {"name": "Đảng bộ phường A", "covered": 1, "cells": 2, "share": 50.0},
        {"name": "Đảng bộ phường B", "covered": 2, "cells": 2, "share": 100.0},
    ]
    # Per official, attended reports in the quarter: tuv A1 (02/02) + B2 (01/01) = 2 visits
    # to 2 cells (C1 in April is outside); duv A1 (05/01, 03/03) = 2 visits to 1 cell (A2
    # not attended, A3 in 2025). Ordered by cells, most first.
    assert figures["officials"] == [
        {"name": "Nguyễn Văn Kiểm", "visits": 2, "cells": 2},
        {"name": "Trần Thị Giám", "visits": 2, "cells": 1},
    ]


def test_coverage_within_the_viewers_scope(case):
    c = case
    # The ward A official sees only A1, A2 (A3 dissolved): A1 visited = 1/2 = 50.0; the
    # visits made there: duv 2 (A1), tuv 1 (A1 in February); one cell each, so in the
    # order of their user names.
    figures = selectors.coverage(c.ward_staff, c.root, **Q1)
    assert (figures["cells"], figures["covered"], figures["share"]) == (2, 1, 50.0)
    assert [u["name"] for u in figures["units"]] == ["Đảng bộ phường A"]
    assert figures["officials"] == [
        {"name": "Trần Thị Giám", "visits": 2, "cells": 1},
        {"name": "Nguyễn Văn Kiểm", "visits": 1, "cells": 1},
    ]
    # With the ward as root the units are its cells.
    by_ward = selectors.coverage(c.city_staff, c.ward_a, **Q1)
    assert by_ward["units"] == [
        {"name": "Chi bộ khu phố A1", "covered": 1, "cells": 1, "share": 100.0},
        {"name": "Chi bộ khu phố A2", "covered": 0, "cells": 1, "share": 0.0},
    ]
    # A quarter with nothing: B2 is gone after 10/05, so the cells are A1, A2, B1, C1 = 4,
    # and nobody visited any of them in Q3 = 0/4.
    q3 = selectors.coverage(
        c.city_staff, c.root, starts_on=dt.date(2026, 7, 1), ends_on=dt.date(2026, 9, 30)
    )
    assert (q3["cells"], q3["covered"], q3["share"], q3["officials"]) == (4, 0, 0.0, [])


def test_a_cell_founded_later_is_not_counted_before_it_existed(case):
    c = case
    a4 = make_org("Chi bộ khu phố A4", c.ward_a, is_cell=True)
    Organization.objects.filter(pk=a4.pk).update(founded_on=dt.date(2026, 4, 15))
    # Q1: A4 did not exist yet, so the cells are still the five of test_coverage_by_hand.
    q1 = selectors.coverage(c.city_staff, c.root, **Q1)
    assert (q1["cells"], q1["covered"]) == (5, 3)
    assert selectors.coverage(c.city_staff, c.ward_a, **Q1)["cells"] == 2
    assert a4 not in selectors.coverage_gaps(c.root, **Q1)
    # Q2: founded on 15/04, it is one of the cells to follow and to attend.
    q2 = {"starts_on": dt.date(2026, 4, 1), "ends_on": dt.date(2026, 6, 30)}
    assert selectors.coverage(c.city_staff, c.ward_a, **q2)["cells"] == 3
    assert a4 in selectors.coverage_gaps(c.root, **q2)


def test_concern_figures_by_hand(case):
    c = case
    figures = selectors.concern_figures(c.city_staff, c.root, today=TODAY, **Q1)
    # Raised in the quarter: K1..K8 = 8 (K9 on 02/04 is outside).
    # Deadlines are those in force (15 days from raising or from escalation):
    #   K1 05/01 → 20/01, answered 15/01: on time
    #   K2 10/01 → 25/01, answered 02/02: late
    #   K3 31/03 → 15/04, open on 10/04: open, not overdue
    #   K4 10/02 → 25/02, assigned, still open on 10/04: open, overdue
    #   K5 20/02 → 07/03 (the city), answered 01/03 then closed: on time
    #   K6 03/03 → 18/03, escalated 10/03 → 25/03, answered 24/03: on time
    #   K7 01/02 → 16/02, escalated automatically 17/02 → 04/03, open: open, overdue
    #   K8 05/01 → 20/01, answered 08/01 (cell dissolved later: still counted): on time
    # on time: K1, K5, K6, K8 = 4; late: K2 = 1; open: K3, K4, K7 = 3; overdue: K4, K7 = 2.
    assert figures["totals"] == {
        "received": 8, "answered_on_time": 4, "answered_late": 1, "open": 3, "overdue": 2,
    }

    def row(received, on_time=0, late=0, open_=0, overdue=0):
        return {"received": received, "answered_on_time": on_time, "answered_late": late,
                "open": open_, "overdue": overdue}

    # infrastructure K1, K6 (on time); living K2 (late); land K3 (open); security K4
    # (overdue); party_work K5 (on time); policy K7 (overdue); other K8 (on time).
    assert figures["by_category"] == {
        "infrastructure": row(2, on_time=2),
        "living": row(1, late=1),
        "land": row(1, open_=1),
        "security": row(1, open_=1, overdue=1),
        "party_work": row(1, on_time=1),
        "policy": row(1, open_=1, overdue=1),
        "other": row(1, on_time=1),
    }
    # phường A: K1, K2, K3, K6, K7 = 5 (K6 and K7 now at the city still count for the
    # ward their cell is in): on time K1, K6; late K2; open K3, K7; overdue K7.
    # phường B: K4, K8 = 2: on time K8; open and overdue K4. C1: K5 = 1, on time.
    assert figures["by_unit"] == {
        "Đảng bộ phường A": row(5, on_time=2, late=1, open_=2, overdue=1),
        "Đảng bộ phường B": row(2, on_time=1, open_=1, overdue=1),
        "Chi bộ Trường THPT C1": row(1, on_time=1),
    }


def test_concern_figures_within_scope_and_by_cell(case):
    c = case
    # The ward A official: K1, K2, K3, K6, K7 only; with the ward as root, per cell:
    # A1: K1, K2, K6 = 3 (on time K1, K6; late K2); A2: K3, K7 = 2 (open; K7 overdue).
    figures = selectors.concern_figures(c.ward_staff, c.ward_a, today=TODAY, **Q1)
    assert figures["totals"] == {
        "received": 5, "answered_on_time": 2, "answered_late": 1, "open": 2, "overdue": 1,
    }
    assert figures["by_unit"] == {
        "Chi bộ khu phố A1": {"received": 3, "answered_on_time": 2, "answered_late": 1,
                              "open": 0, "overdue": 0},
        "Chi bộ khu phố A2": {"received": 2, "answered_on_time": 0, "answered_late": 0,
                              "open": 2, "overdue": 1},
    }
    # Seen on 20/04 instead, K3 (deadline 15/04) is overdue too.
    later = selectors.concern_figures(c.city_staff, c.root, today=dt.date(2026, 4, 20), **Q1)
    assert (later["totals"]["open"], later["totals"]["overdue"]) == (3, 3)
