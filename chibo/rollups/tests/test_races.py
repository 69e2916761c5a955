"""Two writes to the same cell-month at once, each on its own connection: the rollup
row is locked before it is recomputed, so neither write's figures are lost (on SQLite
the write transactions queue; on PostgreSQL the row lock orders them)."""

import datetime as dt

from chibo.core.testing.concurrency import errors_of, races, run_at_once
from chibo.meetings import services
from chibo.meetings.models import Meeting, MeetingKind
from chibo.meetings.tests.conftest import at
from chibo.rollups.models import CellMonth
from chibo.rollups.tests.test_maintain import assert_rollups_are_raw

pytestmark = races

ROUNDS = 3


def test_two_meetings_of_one_cell_month_written_at_once_both_count(city):
    user = city.secretary_user
    for n in range(ROUNDS):
        month = 3 + n
        regular = services.meeting_create(actor=user, cell=city.cell_a1,
                                          kind=MeetingKind.REGULAR,
                                          scheduled_at=at(2026, month, 3))
        thematic = services.meeting_create(actor=user, cell=city.cell_a1,
                                           kind=MeetingKind.THEMATIC,
                                           scheduled_at=at(2026, month, 20), topic="Chuyên đề")
        entries = [{"member": m.pk, "presence": "present", "reason": ""}
                   for m in city.cell_a1.members.all()]
        outcomes = run_at_once(
            lambda m=regular, e=entries: services.attendance_record(
                actor=user, meeting=Meeting.objects.get(pk=m.pk), entries=e),
            lambda m=thematic: services.guest_add(
                actor=user, meeting=Meeting.objects.get(pk=m.pk), name="Đồng chí Thành ủy viên",
                is_higher_official=True),
            lambda m=thematic, e=entries: services.attendance_record(
                actor=user, meeting=Meeting.objects.get(pk=m.pk), entries=e),
        )
        assert errors_of(outcomes) == []
        row = CellMonth.objects.get(organization=city.cell_a1, month=dt.date(2026, month, 1),
                                    band="")
        assert (row.regular, row.thematic, row.held, row.visited) == (1, 1, 2, 1)
        assert_rollups_are_raw()
