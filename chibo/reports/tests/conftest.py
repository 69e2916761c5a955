"""A small city whose third quarter of 2026 is worked out by hand in test_figures.py.

The standard cast (conftest.city) plus: an exempt member in A1 and in C1, a second member
in A2, cell A3 founded on 10/08/2026 (due from September), B1 dissolved on 20/08/2026
(due in July only) and an old cell dissolved in 2025 (outside every window). Meetings
are recorded through `attendance_record`, so the roll columns come from the service that
owns them; adoption and its score are set directly (meeting_adopt is tested with the
meetings)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from chibo.core.testing.factories import MemberFactory, make_org
from chibo.meetings import services
from chibo.meetings.models import Guest, Meeting, MeetingStatus, Task, TaskStatus
from chibo.organizations.models import Organization
from chibo.rollups.maintain import rebuild
from chibo.supervision.models import Concern, VisitReport

TODAY = dt.date(2026, 11, 27)
P, E, U = "present", "excused", "unexcused"


def roll(members, presences):
    return list(zip(members, presences, strict=True))


def at(day: dt.date, hour: int = 8):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def tree(city):
    t = city
    t.ex_a1 = MemberFactory(organization=t.cell_a1, full_name="Tạ Văn Phúc", status="exempt",
                            exempt_reason="Tuổi cao")
    t.a2_second = MemberFactory(organization=t.cell_a2, full_name="Hà Văn Sơn")
    t.cell_a3 = make_org("Chi bộ khu phố A3", t.ward_a, is_cell=True)
    Organization.objects.filter(pk=t.cell_a3.pk).update(founded_on=dt.date(2026, 8, 10))
    t.a3_first = MemberFactory(organization=t.cell_a3, full_name="Lý Văn Tâm")
    t.a3_second = MemberFactory(organization=t.cell_a3, full_name="Chu Thị Uyên")
    Organization.objects.filter(pk=t.cell_b1.pk).update(
        dissolved_on=dt.date(2026, 8, 20), dissolved_reason="Sáp nhập"
    )
    t.cell_old = make_org("Chi bộ khu phố B0", t.ward_b, is_cell=True)
    Organization.objects.filter(pk=t.cell_old.pk).update(dissolved_on=dt.date(2025, 3, 1))
    t.ex_c1 = MemberFactory(organization=t.cell_c1, full_name="Vương Văn Xuân", status="exempt",
                            exempt_reason="Sức khỏe")

    def meeting(cell, day, entries, *, kind="regular", status="held", score=None, adopted=None):
        m = Meeting.objects.create(
            organization=cell, kind=kind, period=day.replace(day=1), scheduled_at=at(day)
        )
        if entries:
            services.attendance_record(
                actor=t.admin, meeting=m,
                entries=[{"member": member.pk, "presence": presence,
                          "reason": "Ốm" if presence == E else ""}
                         for member, presence in entries],
            )
        if status == "adopted":
            total, band = score
            Meeting.objects.filter(pk=m.pk).update(
                status=MeetingStatus.ADOPTED, quality_total=total, quality_band=band,
                adopted_at=at(adopted or day, 20),
            )
        elif status == "planned":
            Meeting.objects.filter(pk=m.pk).update(status=MeetingStatus.PLANNED)
        return m

    d = dt.date
    a1 = [t.secretary, t.member, t.ex_a1]
    meeting(t.cell_a1, d(2026, 6, 3), roll(a1, [P, U, E]))
    t.a1_jul = meeting(t.cell_a1, d(2026, 7, 3), roll(a1, [P, P, E]), status="adopted",
                       score=(92, "Tốt"))
    meeting(t.cell_a1, d(2026, 8, 3), roll(a1, [P, U, E]), status="adopted", score=(75, "Khá"))
    t.a1_thematic = meeting(t.cell_a1, d(2026, 8, 20), roll(a1, [P, P, U]), kind="thematic")
    t.a1_sep = meeting(t.cell_a1, d(2026, 9, 3), roll(a1, [P, U, E]))
    a2 = [t.a2_member, t.a2_second]
    t.a2_jul = meeting(t.cell_a2, d(2026, 7, 3), roll(a2, [P, U]))
    t.a2_sep = meeting(t.cell_a2, d(2026, 9, 3), [], status="planned")
    meeting(t.cell_a2, d(2026, 9, 15), [], kind="thematic", status="planned")
    a3 = [t.a3_first, t.a3_second]
    t.a3_aug = meeting(t.cell_a3, d(2026, 8, 20), roll(a3, [P, P]))
    meeting(t.cell_a3, d(2026, 9, 3), roll(a3, [P, E]), status="adopted", score=(60, "Trung bình"))
    t.b1_jul = meeting(t.cell_b1, d(2026, 7, 3), [(t.other_member, P)], status="adopted",
                       score=(45, "Kém"))
    c1 = [t.c1_member, t.ex_c1]
    meeting(t.cell_c1, d(2026, 6, 3), roll(c1, [P, P]), status="adopted", score=(80, "Khá"))
    t.c1_jul = meeting(t.cell_c1, d(2026, 7, 3), roll(c1, [P, P]), status="adopted",
                       score=(95, "Tốt"))
    meeting(t.cell_c1, d(2026, 8, 3), roll(c1, [P, E]), status="adopted", score=(88, "Khá"))
    meeting(t.cell_c1, d(2026, 9, 3), roll(c1, [U, P]), status="adopted", score=(91, "Tốt"))
    # Adopted, with an incomplete score (no band), two weeks after it was held.
    t.c1_thematic = meeting(t.cell_c1, d(2026, 9, 20), [(t.c1_member, P)], kind="thematic",
                            status="adopted", score=(40, ""), adopted=d(2026, 10, 5))
    # A meeting cancelled counts nowhere.
    cancelled = meeting(t.cell_b1, d(2026, 8, 3), [], status="planned")
    Meeting.objects.filter(pk=cancelled.pk).update(status=MeetingStatus.CANCELLED)

    Guest.objects.create(meeting=t.c1_jul, name="Đồng chí Thành ủy viên", is_higher_official=True)
    Guest.objects.create(meeting=t.a2_sep, name="Đồng chí Đảng ủy viên", is_higher_official=True)
    VisitReport.objects.create(official=t.ward_staff, meeting=t.b1_jul, attended=True)

    def task(meeting, deadline, status=TaskStatus.OPEN, closed_at=None):
        return Task.objects.create(
            organization=meeting.organization, meeting=meeting, assignee=t.secretary,
            title="Vận động đóng góp quỹ khuyến học", deadline=deadline, status=status,
            closed_at=closed_at,
        )

    task(t.a1_jul, d(2026, 8, 31))
    task(t.c1_jul, d(2026, 8, 15), TaskStatus.DONE, d(2026, 10, 20))
    task(t.c1_jul, d(2026, 8, 15), TaskStatus.DONE, d(2026, 8, 10))
    task(t.a2_jul, d(2026, 10, 15))

    def concern(cell, raised, deadline, answered=None, status="open"):
        return Concern.objects.create(
            cell=cell, kind="proposal", category="living", text="Đường ngõ xuống cấp",
            source="member", responsible=t.ward_a, raised_on=raised, deadline=deadline,
            answered_on=answered, status=status,
        )

    concern(t.cell_c1, d(2026, 7, 5), d(2026, 7, 20), d(2026, 10, 1), "answered")
    concern(t.cell_a1, d(2026, 9, 10), d(2026, 10, 25))
    concern(t.cell_b1, d(2026, 3, 1), d(2026, 3, 16), d(2026, 3, 10), "answered")
    # The rows above are written directly, past the services that keep the rollups.
    rebuild()
    return t


@pytest.fixture
def expected():
    """The third quarter of 2026, worked out by hand from the fixture's story."""
    return SimpleNamespace(
        cells=4,  # A1, A2, A3, C1 on 30/09 (B1 dissolved on 20/08)
        months_due=11,  # A1 3, A2 3, A3 1 (Sep), B1 1 (Jul), C1 3
        months_held=9,  # A1 3, A2 1, A3 1, B1 1, C1 3
        quarters_due=3,  # A1, A2, C1 (A3 founded, B1 dissolved within the quarter)
        quarters_held=2,  # A1 (held), C1 (adopted); A2's is only planned
        meetings_held=12,
        meetings_adopted=8,
        expected=19,
        present=14,
        scored=7,
        score_sum=546,
        bands={"Tốt": 3, "Khá": 2, "Trung bình": 1, "Kém": 1},
        visited=1,  # C1 (B1's visit: dissolved; A2's guest: meeting only planned)
        tasks_overdue=2,
        concerns_received=2,
        concerns_open=2,
        concerns_overdue=1,
        members=10,
        members_exempt=2,
        members_flagged=1,  # Trần Văn Bảo: unexcused in June, August, September
        minutes_late=5,
    )
