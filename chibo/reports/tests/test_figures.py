"""Every figure of the third quarter of 2026 of the fixture's small city, against the
values worked out by hand in conftest.py."""

import datetime as dt

import pytest

from chibo.reports.periods import Period
from chibo.reports.selectors import quality_report, summary
from chibo.reports.tests.conftest import TODAY

pytestmark = pytest.mark.django_db

Q3 = Period.parse("2026-Q3")


def test_subtree_totals(tree, expected):
    report = quality_report(tree.root, Q3, today=TODAY)
    assert report.as_of == dt.date(2026, 9, 30)
    total = report.total
    for name, value in vars(expected).items():
        if name == "bands":
            assert dict(total.bands) == value
        else:
            assert getattr(total, name) == value, name
    assert total.held_rate == 81.8  # 9 / 11
    assert total.thematic_rate == 66.7  # 2 / 3
    assert total.attendance_rate == 73.7  # 14 / 19
    assert total.score_avg == 78.0  # 546 / 7
    assert total.coverage_rate == 25.0  # 1 / 4


def test_units_add_up_to_the_total(tree, expected):
    report = quality_report(tree.root, Q3, today=TODAY)
    names = [u.name for u in report.units]
    # Wards first in Vietnamese order, then the cell directly under the city.
    assert names == ["Đảng bộ phường A", "Đảng bộ phường B", "Chi bộ Trường THPT C1"]
    ward_a, ward_b, c1 = (u.tally for u in report.units)
    assert (ward_a.months_due, ward_a.months_held) == (7, 5)
    assert (ward_a.expected, ward_a.present) == (14, 10)
    assert (ward_b.cells, ward_b.months_due, ward_b.months_held) == (0, 1, 1)
    assert (c1.scored, c1.score_sum, c1.score_avg) == (3, 274, 91.3)
    summed = sum(u.tally.months_held for u in report.units)
    assert summed == report.total.months_held


def test_exception_lists(tree):
    report = quality_report(tree.root, Q3, today=TODAY)
    a2 = tree.cell_a2.name
    assert [(c.name, c.missing_months) for c in report.without_regular] == [
        (a2, [dt.date(2026, 8, 1), dt.date(2026, 9, 1)])
    ]
    assert [(c.name, c.missing_quarters, c.thematic_planned)
            for c in report.without_thematic] == [(a2, [(2026, 3)], True)]
    # Under 90 %: A1 6/8, A2 1/2, A3 3/4, C1 3/4; B1 had 1/1.
    assert {c.name for c in report.low_attendance} == {
        tree.cell_a1.name, a2, tree.cell_a3.name, tree.cell_c1.name}
    assert [c.name for c in report.concerns_overdue] == [tree.cell_c1.name]
    assert {c.name for c in report.tasks_overdue} == {tree.cell_a1.name, tree.cell_c1.name}
    assert [c.name for c in report.absence_flagged] == [tree.cell_a1.name]
    late = {m.meeting_id: m.days for m in report.late_minutes}
    assert set(late) == {tree.a1_thematic.pk, tree.a1_sep.pk, tree.a2_jul.pk, tree.a3_aug.pk,
                         tree.c1_thematic.pk}
    assert late[tree.a2_jul.pk] == 89  # 03/07 → 30/09


def test_ranked_by_average_score(tree):
    report = quality_report(tree.root, Q3, today=TODAY)
    ranked = [(c.name, c.tally.score_avg) for c in report.ranked]
    assert ranked == [
        (tree.cell_c1.name, 91.3), (tree.cell_a1.name, 83.5),
        (tree.cell_a3.name, 60.0), (tree.cell_b1.name, 45.0),
    ]


def test_trend_months(tree):
    report = quality_report(tree.root, Q3, today=TODAY)
    months = [m for m, _ in report.trend]
    assert months[0] == dt.date(2025, 10, 1) and months[-1] == dt.date(2026, 9, 1)
    by_month = dict(report.trend)
    june = by_month[dt.date(2026, 6, 1)]
    # A1, A2, B1, C1 due (A3 not founded yet); A1 held (not adopted), C1 adopted.
    assert (june.months_due, june.months_held, june.scored, june.score_sum) == (4, 2, 1, 80)
    august = by_month[dt.date(2026, 8, 1)]
    # B1 dissolved on 20/08 and A3 founded on 10/08: neither is due in August.
    assert (august.months_due, august.months_held) == (3, 2)
    assert sum(t.months_held for m, t in report.trend if m >= Q3.start) == 9


def test_a_ward_and_a_cell_see_their_own_part(tree):
    ward = quality_report(tree.ward_a, Q3, today=TODAY)
    assert [u.name for u in ward.units] == ["Chi bộ khu phố A1", "Chi bộ khu phố A2",
                                            "Chi bộ khu phố A3"]
    assert (ward.total.months_due, ward.total.months_held) == (7, 5)
    cell = quality_report(tree.cell_a1, Q3, today=TODAY)
    assert [u.name for u in cell.units] == ["Chi bộ khu phố A1"]
    assert (cell.total.months_due, cell.total.expected, cell.total.present) == (3, 8, 6)


def test_a_running_month_counts_up_to_today(tree):
    report = quality_report(tree.root, Period.parse("2026-11"), today=TODAY)
    assert report.as_of == TODAY and report.months == [dt.date(2026, 11, 1)]
    # Nobody met in November: every cell alive and due is on the list.
    assert {c.name for c in report.without_regular} == {
        tree.cell_a1.name, tree.cell_a2.name, tree.cell_a3.name, tree.cell_c1.name}


def test_a_future_period_has_no_figures(tree):
    report = quality_report(tree.root, Period.parse("2027"), today=TODAY)
    assert not report.started and report.total.months_due == 0 and report.trend == []


def test_the_year_counts_quarters_and_closed_tasks_at_the_time(tree):
    report = quality_report(tree.root, Period.parse("2026"), today=TODAY)
    assert report.quarters == [(2026, 1), (2026, 2), (2026, 3), (2026, 4)]
    # The task done on 20/10 is no longer overdue today; the one of A1 still is.
    assert report.total.tasks_overdue == 2  # A1's (31/08) and A2's (15/10), both open
    q3 = dict(report.quarter_totals)[(2026, 3)]
    assert (q3.quarters_due, q3.quarters_held) == (3, 2)


def test_summary_is_plain_data(tree, expected):
    data = summary(quality_report(tree.root, Q3, today=TODAY))
    assert data["period"] == "2026-Q3" and data["period_label"] == "Quý III năm 2026"
    assert data["totals"]["months_held"] == expected.months_held
    assert data["totals"]["bands"] == expected.bands
    assert data["thresholds"] == {"attendance_floor": 90.0, "adopt_days": 7,
                                  "absence_flag_months": 3}
    assert data["exceptions"]["without_regular"][0]["months"] == ["2026-08", "2026-09"]


def test_a_fixed_number_of_queries(tree, django_assert_num_queries):
    # policies in force (1: one query for all keys, with the root's ancestors known from
    # its path), cells, units, meetings per cell (with visits), meetings per month (the
    # trend), tasks, concerns, members, flagged members, the absence policy of each
    # flagged member's cell (one query for all), late minutes
    with django_assert_num_queries(11):
        quality_report(tree.root, Q3, today=TODAY)


@pytest.mark.parametrize("code", ["2026-Q3", "2026", "2026-11", "2026-08"])
def test_the_bench_yardstick_gives_the_same_totals(tree, code):
    """bench/report_sql.py computes the subtree totals in plain SQL; `make bench` times it
    beside the report, which is only fair while both give the same figures."""
    from bench.report_sql import compare, totals

    period = Period.parse(code)
    report = quality_report(tree.root, period, today=TODAY)
    hand = totals(tree.root.path, period, TODAY)
    assert hand["months_due"] == report.total.months_due
    assert compare(report, hand) == []


def test_cells_follow_the_units_order(tree):
    report = quality_report(tree.root, Q3, today=TODAY)
    assert [c.name for c in report.cells] == [
        "Chi bộ khu phố A1", "Chi bộ khu phố A2", "Chi bộ khu phố A3", "Chi bộ khu phố B1",
        "Chi bộ Trường THPT C1"]


def test_months_before_the_data_starts_are_not_counted(tree):
    from chibo.policies.models import Policy

    Policy.objects.create(key="report.data_from", value="2026-08-01", legal_basis="Thử",
                          effective_from=dt.date(2026, 1, 1))
    report = quality_report(tree.root, Q3, today=TODAY)
    assert report.months == [dt.date(2026, 8, 1), dt.date(2026, 9, 1)]
    # Due: A1 2, A2 2, A3 1 (Sep), C1 2; B1 is not due in August. Held: A1 2, A3 1, C1 2.
    assert (report.total.months_due, report.total.months_held) == (7, 5)
    # The quarter began in July, before the data: nobody is judged on its thematic meeting.
    assert report.quarters == [] and report.without_thematic == []
    assert [m for m, _ in report.trend] == [dt.date(2026, 8, 1), dt.date(2026, 9, 1)]
    from bench.report_sql import compare, totals

    assert compare(report, totals(tree.root.path, Q3, TODAY, dt.date(2026, 8, 1))) == []


def test_the_running_month_waits_for_its_meeting_day(tree):
    """On 02/11 (the meeting day is the 3rd) November's meeting is not missing yet; a cell
    that met on the 1st counts as due and held."""
    from bench.report_sql import compare, totals
    from chibo.meetings.models import Meeting
    from chibo.rollups.maintain import refresh

    november = Period.parse("2026-11")
    early = dt.date(2026, 11, 2)
    report = quality_report(tree.root, november, today=early)
    assert (report.total.months_due, report.without_regular) == (0, [])
    Meeting.objects.create(organization=tree.cell_c1, kind="regular", status="held",
                           period=november.start, scheduled_at=tree.c1_jul.scheduled_at)
    refresh(tree.cell_c1.pk, november.start)  # written past the services, as the fixture
    report = quality_report(tree.root, november, today=early)
    assert (report.total.months_due, report.total.months_held) == (1, 1)
    assert report.trend[-1][1].months_due == 1
    assert compare(report, totals(tree.root.path, november, early)) == []
    # From the 3rd every cell alive is due again.
    later = quality_report(tree.root, november, today=dt.date(2026, 11, 3))
    assert (later.total.months_due, later.total.months_held) == (4, 1)
