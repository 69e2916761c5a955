"""Rollups equal the raw computation: after each kind of write made through the services
(plan, record, guests, visit, adopt, reschedule, cancel, concern), on generated months of
meetings, and as the dashboard sums them (against bench.report_sql, the totals written by
hand in SQL over the meetings)."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.report_sql import compare, totals
from chibo.core.testing.clock import clock_fixture
from chibo.meetings import services
from chibo.meetings.models import Guest, Meeting, MeetingKind
from chibo.meetings.tests.conftest import at, record_full_meeting
from chibo.reports.periods import Period
from chibo.reports.selectors import quality_report
from chibo.rollups.figures import FIELDS, cell_meetings, cell_month_figures
from chibo.rollups.maintain import rebuild, refresh
from chibo.rollups.models import CellMonth
from chibo.supervision import services as supervision
from chibo.supervision.models import VisitReport

on_27_11_2026 = clock_fixture(dt.date(2026, 11, 27))


def stored() -> tuple[dict, dict]:
    """The rollup table in the shape of cell_month_figures (rows all zero left out)."""
    figures, bands = {}, {}
    for row in CellMonth.objects.all():
        key = (row.organization_id, row.month)
        if row.band:
            bands.setdefault(key, {})[row.band] = row.band_meetings
        else:
            values = {name: getattr(row, name) for name in FIELDS}
            if any(values.values()):
                figures[key] = values
    return figures, bands


def raw() -> tuple[dict, dict]:
    figures, bands = cell_month_figures(cell_meetings())
    return {k: v for k, v in figures.items() if any(v.values())}, bands


def assert_rollups_are_raw():
    assert stored() == raw()


@pytest.mark.usefixtures("on_27_11_2026")
def test_every_kind_of_write_keeps_the_rollups(city):
    user = city.secretary_user
    created = services.plan_month(actor=user, cells=[city.cell_a1, city.cell_a2],
                                  year=2026, month=10, notify_members=False)
    assert created and CellMonth.objects.exists()
    assert_rollups_are_raw()
    regular = next(m for m in created if m.organization_id == city.cell_a1.pk
                   and m.kind == MeetingKind.REGULAR)
    thematic = services.meeting_create(actor=user, cell=city.cell_a1, kind=MeetingKind.THEMATIC,
                                       scheduled_at=at(2026, 10, 20), topic="Chuyển đổi số")
    assert_rollups_are_raw()
    assert CellMonth.objects.get(organization=city.cell_a1, month=dt.date(2026, 10, 1),
                                 band="").thematic_planned == 1

    record_full_meeting(city, regular, absent={"Trần Văn Bảo": ("unexcused", "")})
    assert_rollups_are_raw()
    row = CellMonth.objects.get(organization=city.cell_a1, month=dt.date(2026, 10, 1), band="")
    assert (row.regular, row.held, row.expected, row.present) == (1, 1, 2, 1)

    guest = services.guest_add(actor=user, meeting=regular, name="Đồng chí Thành ủy viên",
                               is_higher_official=True)
    assert_rollups_are_raw()
    services.guest_remove(actor=user, meeting=regular, guest_id=guest.pk)
    assert_rollups_are_raw()
    supervision.visit_report(actor=city.ward_staff, meeting=regular, attended=True)
    assert_rollups_are_raw()
    assert CellMonth.objects.get(organization=city.cell_a1, month=dt.date(2026, 10, 1),
                                 band="").visited == 1

    services.meeting_adopt(actor=user, meeting=Meeting.objects.get(pk=regular.pk))
    assert_rollups_are_raw()
    row.refresh_from_db()
    adopted = Meeting.objects.get(pk=regular.pk)
    scored = int(adopted.quality_band != "")  # no score recorded here: no band
    assert (row.adopted, row.scored) == (1, scored)
    assert CellMonth.objects.filter(organization=city.cell_a1, month=dt.date(2026, 10, 1)
                                    ).exclude(band="").count() == scored

    services.meeting_reschedule(actor=user, meeting=thematic, scheduled_at=at(2026, 10, 22),
                                reason="Trùng lịch của phường")
    assert_rollups_are_raw()
    services.meeting_cancel(actor=user, meeting=thematic, reason="Báo cáo viên bận")
    assert_rollups_are_raw()
    supervision.concern_raise(
        actor=user, cell=city.cell_a1, source="member", kind="proposal", category="living",
        text="Đường ngõ xuống cấp")
    assert_rollups_are_raw()
    # A refused write leaves them as they were: the rollup rolled back with it.
    before = stored()
    with pytest.raises(services.MeetingLocked):
        services.attendance_record(actor=user, meeting=regular, entries=[])
    assert stored() == before


def test_a_rebuild_of_one_root_and_period_touches_nothing_else(city):
    def meeting(cell, month):
        return Meeting.objects.create(organization=cell, kind="regular", status="held",
                                      period=month, scheduled_at=at(month.year, month.month, 3),
                                      roll_expected=3, roll_present=2)

    for cell in (city.cell_a1, city.cell_b1):
        for month in (dt.date(2026, 6, 1), dt.date(2026, 7, 1)):
            meeting(cell, month)
    assert rebuild(city.ward_a, start=dt.date(2026, 7, 1), end=dt.date(2026, 7, 1)) == 1
    assert set(CellMonth.objects.values_list("organization_id", "month")) == {
        (city.cell_a1.pk, dt.date(2026, 7, 1))}
    assert rebuild() == 4
    assert_rollups_are_raw()


STATUSES = ["planned", "held", "adopted", "cancelled"]
BANDS = [(95, "Tốt"), (80, "Khá"), (60, "Trung bình"), (40, "Kém"), (30, "")]
meetings_strategy = st.lists(
    st.tuples(
        st.integers(0, 3),  # the cell (a1, a2, b1, c1)
        st.integers(4, 11),  # the month of 2026
        st.sampled_from(["regular", "thematic", "committee"]),
        st.sampled_from(STATUSES),
        st.integers(0, 6), st.integers(0, 6), st.integers(0, 2),  # expected, present, away
        st.sampled_from(BANDS),
        st.sampled_from(["none", "guest", "higher guest", "visit", "visit not attended"]),
    ),
    max_size=25,
)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(meetings_strategy, st.sampled_from(["2026", "2026-Q3", "2026-09", "2026-11"]))
def test_generated_months_sum_as_the_meetings_do(city, rows, period):
    """Whatever meetings a year holds, refreshing the cell-months they touch (in any
    order) gives the raw rows, and the dashboard's totals from the rollups equal those
    summed by hand in SQL over the meetings."""
    cells = [city.cell_a1, city.cell_a2, city.cell_b1, city.cell_c1]
    with transaction.atomic():
        touched, once = set(), set()
        for cell_i, month, kind, status, expected, present, away, band, visit in rows:
            cell, first = cells[cell_i], dt.date(2026, month, 1)
            if kind != "thematic" and (cell_i, month, kind) in once:
                continue  # one regular (and one chi ủy) meeting per cell and month
            once.add((cell_i, month, kind))
            took_place = status in ("held", "adopted")
            m = Meeting.objects.create(
                organization=cell, kind=kind, status=status, period=first,
                scheduled_at=at(2026, month, 3 + len(touched) % 20),
                roll_expected=expected if took_place else None,
                roll_present=min(present, expected) if took_place else None,
                roll_away=away if took_place else None,
                quality_total=band[0] if status == "adopted" else None,
                quality_band=band[1] if status == "adopted" else "",
                adopted_at=timezone.now() if status == "adopted" else None,
            )
            if visit in ("guest", "higher guest"):
                Guest.objects.create(meeting=m, name="Khách",
                                     is_higher_official=visit == "higher guest")
            elif visit.startswith("visit"):
                VisitReport.objects.create(official=city.ward_staff, meeting=m,
                                           attended=visit == "visit")
            touched.add((cell.pk, first))
        for key in sorted(touched, reverse=True):
            refresh(*key)
        assert_rollups_are_raw()
        today = dt.date(2026, 11, 27)
        report = quality_report(city.root, Period.parse(period), today=today)
        assert compare(report, totals(city.root.path, Period.parse(period), today)) == []
        transaction.set_rollback(True)
