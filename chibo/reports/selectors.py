"""Every figure of the committee dashboard, the periodic report and the API summary.

One place computes them, and docs/metrics.md defines each. The cells of the subtree with
their lifetimes are read once, and the rollups of their cell meetings (chibo.rollups, one
row per cell and month, kept by the writes) over a window of at most twelve months are
grouped in the database: per cell (the months with a meeting held or planned as bits,
the period's sums) and per month (the trend's sums). Every figure is then
arithmetic on those rows, so the page, the Excel and PDF reports and the API cannot
disagree. Ten queries (nine for a cell's own report), whatever the size of the subtree:

1. the policies in force (thresholds of the exception lists, the quality bands);
2. the cells of the subtree alive at some point of the window;
3. the units (the root's direct children) and their names;
4. the cell-months of the window (rollups), per cell, with the months a higher-level
   official attended (visit reports and guests);
5. tasks overdue at the report date, per cell;
6. concerns received, open and overdue, per cell;
7. members per cell and status, and 8. members flagged for unexcused absences;
9. meetings whose minutes were not adopted in time;
10. the cell-months of the window (rollups), per month (the trend).
"""

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Count, Q, Sum
from django.utils import timezone

from chibo.core.paths import unit_path
from chibo.core.vi import text_sort_key
from chibo.meetings.models import Attendance, Meeting, MeetingStatus, Task, TaskStatus
from chibo.meetings.selectors import absence_flagged_members
from chibo.members.models import MemberStatus, PartyMember
from chibo.organizations.models import Organization
from chibo.policies.selectors import policy_book
from chibo.reports.figures import (
    CellRow,
    LateMinutes,
    QualityReport,
    Tally,
    UnitRow,
    Window,
    first_month,
)
from chibo.reports.periods import Period, add_months, month_end, quarter_of
from chibo.rollups.figures import CELL_MEETINGS
from chibo.rollups.models import CellMonth
from chibo.supervision.models import Concern
from chibo.supervision.selectors import OPEN as CONCERN_OPEN

TREND_MONTHS = 12
# The rollup columns a tally sums, in _add_sums' order.
SUMS = ("held", "adopted", "expected", "present", "away", "scored", "score_sum")
POLICY_KEYS = ["report.attendance_floor", "report.adopt_days", "absence.flag_months",
               "report.data_from"]


def quality_report(root: Organization, period: Period, *, today: dt.date | None = None
                   ) -> QualityReport:
    """The figures of `root`'s subtree for `period`. `root` must come from
    `reports.access.report_root` (or be otherwise in the user's scope): nothing here
    filters by user."""
    today = today or timezone.localdate()
    as_of = min(period.end, today)
    book = policy_book(POLICY_KEYS + ["meeting.quality_bands", "meeting.regular_day",
                                      "meeting.thematic_per_quarter"],
                       on=as_of, organization=root)
    policies = {key: book[key] for key in POLICY_KEYS}
    band_names = [name for name, _ in book["meeting.quality_bands"]]
    data_from = first_month(policies["report.data_from"])
    months = [m for m in period.months if data_from <= m <= as_of]
    # Before the meeting day of the running month its meeting is not missing yet: the
    # month counts only for the cells that already met.
    pending = today.replace(day=1) if as_of == today and today.day < book[
        "meeting.regular_day"] else None
    trend_end = months[-1] if months else period.start
    window_start = max(data_from, min(period.start, add_months(trend_end, 1 - TREND_MONTHS)))

    window = Window(window_start, trend_end)
    subtree = Q(organization__path__startswith=root.path, organization__is_cell=True)
    cells = _cells(root, window)
    by_id = {c.id: c for c in cells}
    units = _units(root, cells)

    # The cell-months of the window (chibo.rollups, kept by the writes).
    in_window = Q(subtree, _alive_in(window, "organization__"),
                  month__gte=window.start, month__lte=window.end)
    rollups = CellMonth.objects.filter(in_window).order_by()
    _read_meetings(by_id, rollups, window, months, band_names)

    # A quarter that began before the data did cannot be judged on its thematic meeting.
    quarters = sorted(q for q in {quarter_of(m) for m in months}
                      if dt.date(q[0], 3 * q[1] - 2, 1) >= data_from)
    # meeting.thematic_per_quarter: none required, no quarter is due; more than one, the
    # meetings are counted (the month bits tell only whether there was one).
    required = int(book["meeting.thematic_per_quarter"])
    if required <= 0:
        quarters = []
    counts = _thematic_counts(CellMonth.objects.filter(subtree).order_by(), quarters) \
        if required > 1 else None
    total = Tally()
    # The same for every cell: worked out once.
    month_bits = [(m, window.bit(m)) for m in months]
    quarter_spans = []
    for year, quarter in quarters:
        first = dt.date(year, 3 * quarter - 2, 1)
        quarter_spans.append(((year, quarter), first, add_months(first, 2),
                              window.mask(add_months(first, i) for i in range(3))))
    period_bits = window.mask(months)
    for cell in cells:
        _tally_cell(cell, month_bits, period_bits, quarter_spans, as_of, pending,
                    required=required, counts=counts)
    _read_tasks(by_id, root, as_of, today)
    _read_concerns(by_id, root, period, as_of)
    _read_members(by_id, root, as_of, policies["absence.flag_months"])
    late = _read_late_minutes(by_id, subtree, months, as_of, policies["report.adopt_days"])

    unit_rows = {path: UnitRow(i, name, path, is_cell, Tally())
                 for path, (i, name, is_cell) in units.items()}
    for cell in cells:
        unit = unit_rows.get(cell.unit_path)
        if unit is not None:
            cell.unit_name = unit.name
            unit.tally.add(cell.tally)
        total.add(cell.tally)
    # The units' order (wards, then cells directly under the root), then cells by name.
    unit_keys = {path: text_sort_key(name) for path, (_, name, _) in units.items()}
    cells.sort(key=lambda c: (c.unit_path == c.path and not root.is_cell,
                              unit_keys.get(c.unit_path, ""), c.unit_path, c.sort_key))

    return QualityReport(
        root=root, period=period, today=today, as_of=as_of, months=months, quarters=quarters,
        policies=policies, band_names=band_names, total=total,
        units=sorted(unit_rows.values(), key=lambda u: (u.is_cell, text_sort_key(u.name))),
        cells=cells,
        trend=_trend(cells, window, pending, rollups, band_names) if months else [],
        quarter_totals=_quarter_totals(cells, quarters),
        late_minutes=late,
    )


# --- the reads ------------------------------------------------------------------------------


def _alive_in(window: Window, prefix: str = "") -> Q:
    """Cells that existed at some point of the window (organizations.lifetime), counting
    the day of dissolution: a cell dissolved on the window's first day is still listed,
    with its date, and has nothing due."""
    return (Q(**{f"{prefix}founded_on__isnull": True})
            | Q(**{f"{prefix}founded_on__lte": month_end(window.end)})) & (
        Q(**{f"{prefix}dissolved_on__isnull": True})
        | Q(**{f"{prefix}dissolved_on__gte": window.start}))


def _cells(root, window: Window) -> list[CellRow]:
    # A cell's unit is the root's child above it (itself when it is that child or the root).
    rows = (
        Organization.objects.filter(_alive_in(window), path__startswith=root.path, is_cell=True)
        .values_list("id", "name", "path", "kind", "founded_on", "dissolved_on")
    )
    return [
        CellRow(i, name, path, kind, founded, dissolved, unit_path(path, root.path),
                text_sort_key(name))
        for i, name, path, kind, founded, dissolved in rows
    ]


def _units(root, cells) -> dict[str, tuple[int, str, bool]]:
    """{path: (id, name, is a cell)} of the root's direct children that hold cells; a
    cell's own report has the cell as its only unit."""
    if root.is_cell:
        return {root.path: (root.pk, root.name, True)}
    paths = {c.unit_path for c in cells}
    rows = Organization.objects.filter(
        path__startswith=root.path, depth=root.depth + 1
    ).values_list("path", "id", "name", "is_cell")
    return {path: (i, name, is_cell) for path, i, name, is_cell in rows if path in paths}


def _sums(within: Q, band_names) -> dict:
    """What meetings add to a tally, summed over the rollups (chibo.rollups.figures
    defines each: meetings that took place, the roll call, the adopted minutes and their
    frozen scores; planned and cancelled meetings add nothing), then the adopted meetings
    of each band in force."""
    return {
        **{name: Sum(name, filter=within) for name in SUMS},
        **{f"band_{i}": Sum("band_meetings", filter=within & Q(band=name))
           for i, name in enumerate(band_names)},
    }


def _add_sums(t: Tally, sums, band_names) -> None:
    held, adopted, expected, present, away, scored, score, *bands = sums
    t.meetings_held += held or 0
    t.meetings_adopted += adopted or 0
    t.expected += expected or 0
    t.present += present or 0
    t.away += away or 0
    t.scored += scored or 0
    t.score_sum += score or 0
    for name, n in zip(band_names, bands, strict=True):
        if n:
            t.bands[name] += n


def _read_meetings(by_id, rollups, window: Window, months, band_names) -> None:
    """One row per cell: the months of the window with a regular or thematic meeting held
    or a thematic one planned, or attended by a higher-level official (a visit report
    marked attended, or a higher official among the guests of a meeting that took place:
    the supervision coverage rule), and the period's sums."""
    in_period = Q(month__gte=months[0], month__lte=months[-1]) if months else Q(pk=None)
    bits = window.bits("month")
    rows = rollups.values_list("organization_id").annotate(
        regular_bits=Sum(bits, filter=Q(regular__gt=0)),
        thematic_bits=Sum(bits, filter=Q(thematic__gt=0)),
        planned_bits=Sum(bits, filter=Q(thematic_planned__gt=0)),
        visited_bits=Sum(bits, filter=Q(visited__gt=0)),
        **_sums(in_period, band_names),
    )
    for org_id, regular, thematic, planned, visited, *sums in rows:
        cell = by_id.get(org_id)
        if cell is None:
            continue
        cell.regular, cell.thematic, cell.planned = regular or 0, thematic or 0, planned or 0
        cell.visited = visited or 0
        _add_sums(cell.tally, sums, band_names)


def _thematic_counts(rollups, quarters) -> dict:
    """{(cell id, (year, quarter)): thematic meetings that took place} for the quarters
    (read only when a quarter needs more than one)."""
    if not quarters:
        return {}
    first = dt.date(quarters[0][0], 3 * quarters[0][1] - 2, 1)
    last = add_months(dt.date(quarters[-1][0], 3 * quarters[-1][1] - 2, 1), 2)
    counts: dict = defaultdict(int)
    rows = (rollups.filter(thematic__gt=0, month__gte=first, month__lte=last)
            .values_list("organization_id", "month", "thematic"))
    for org_id, month, n in rows:
        counts[(org_id, quarter_of(month))] += n
    return counts


def _tally_cell(cell: CellRow, month_bits, period_bits: int, quarter_spans, as_of,
                pending, *, required: int = 1, counts: dict | None = None) -> None:
    """`month_bits`: (month, its Window.bit) of the period; `period_bits` all of them;
    `quarter_spans`: ((year, quarter), first month, last month, the quarter's bits);
    `counts`: the thematic meetings per cell and quarter when `required` is above one."""
    t = cell.tally
    t.cells = int(cell.alive_on(as_of))
    for month, bit in month_bits:
        held = cell.regular & bit
        if cell.alive_all_month(month) and (month != pending or held):
            t.months_due += 1
            if held:
                t.months_held += 1
            else:
                cell.missing_months.append(month)
    # Coverage counts cells alive on the report date, like supervision's coverage page.
    t.visited = int(bool(cell.visited & period_bits) and t.cells == 1)
    for quarter, first, last, bits in quarter_spans:
        if not cell.due_in_quarter(first, last):
            continue
        t.quarters_due += 1
        if counts is not None:
            held = counts.get((cell.id, quarter), 0) >= required
        else:
            held = bool(cell.thematic & bits)
        if held:
            t.quarters_held += 1
        else:
            cell.missing_quarters.append(quarter)
            cell.thematic_planned |= bool(cell.planned & bits)


def _read_tasks(by_id, root, as_of, today) -> None:
    open_then = Q(status=TaskStatus.OPEN) if as_of >= today else (
        Q(status=TaskStatus.OPEN) | Q(closed_at__gt=as_of)
    )
    rows = (
        Task.objects.filter(
            open_then,
            organization__path__startswith=root.path,
            deadline__lt=as_of,
            meeting__period__lte=as_of,
        )
        .order_by()
        .values_list("organization_id")
        .annotate(n=Count("id"))
    )
    for org_id, n in rows:
        if org_id in by_id:
            by_id[org_id].tally.tasks_overdue = n


def _read_concerns(by_id, root, period, as_of) -> None:
    # Open on the report date: still open now, or answered after it (a concern closed
    # without an answer has no date and counts as closed).
    open_then = Q(status__in=CONCERN_OPEN) | Q(answered_on__gt=as_of)
    rows = (
        Concern.objects.filter(cell__path__startswith=root.path, raised_on__lte=as_of)
        .order_by()
        .values_list("cell_id")
        .annotate(
            received=Count("id", filter=Q(raised_on__gte=period.start)),
            open=Count("id", filter=open_then),
            overdue=Count("id", filter=open_then & Q(deadline__lt=as_of)),
        )
    )
    for cell_id, received, open_, overdue in rows:
        cell = by_id.get(cell_id)
        if cell is not None:
            cell.tally.concerns_received = received
            cell.tally.concerns_open = open_
            cell.tally.concerns_overdue = overdue


def _read_members(by_id, root, as_of, flag_months) -> None:
    """Members on the cells' lists now (the member register keeps no past lists), and
    those flagged for unexcused absences in the report date's year."""
    rows = (
        PartyMember.objects.filter(organization__path__startswith=root.path)
        .order_by()
        .values_list("organization_id")
        .annotate(
            n=Count("id"),
            exempt=Count("id", filter=Q(status=MemberStatus.EXEMPT)),
        )
    )
    for org_id, n, exempt in rows:
        if org_id in by_id:
            by_id[org_id].tally.members = n
            by_id[org_id].tally.members_exempt = exempt
    # Each member against their own cell's threshold (a ward's own version applies to its
    # cells): the rule of the flags page and the grading evidence. `flag_months` (the
    # root's) is what the report prints as the rule.
    flagged = [
        cell for _, _, cell in absence_flagged_members(
            Attendance.objects.filter(member__organization__path__startswith=root.path),
            year=as_of.year,
            until=as_of,
        ).values()
    ]
    for org_id, n in Counter(flagged).items():
        if org_id in by_id:
            by_id[org_id].tally.members_flagged = n


def _read_late_minutes(by_id, subtree, months, as_of, days) -> list[LateMinutes]:
    """Meetings of the period that took place more than `days` days before the report
    date and whose minutes were still not adopted on it."""
    if not months:
        return []
    tz = timezone.get_current_timezone()
    limit = dt.datetime.combine(as_of - dt.timedelta(days=days), dt.time(), tz)
    end_of_day = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), tz)
    rows = (
        Meeting.objects.filter(
            subtree,
            kind__in=CELL_MEETINGS,
            period__gte=months[0],
            period__lte=months[-1],
            scheduled_at__lt=limit,
        )
        .filter(Q(status=MeetingStatus.HELD)
                | Q(status=MeetingStatus.ADOPTED, adopted_at__gte=end_of_day))
        .order_by("scheduled_at", "id")
        .values_list("id", "organization_id", "scheduled_at", "kind")
    )
    late = []
    for meeting_id, org_id, scheduled_at, kind in rows:
        cell = by_id.get(org_id)
        if cell is None:
            continue
        waited = (as_of - timezone.localtime(scheduled_at).date()).days
        late.append(LateMinutes(meeting_id, cell, scheduled_at, kind, waited))
        cell.tally.minutes_late += 1
    return late


# --- over time ------------------------------------------------------------------------------


def _trend(cells, window: Window, pending, rollups, band_names
           ) -> list[tuple[dt.date, Tally]]:
    """One tally per month of the twelve ending with the period's last month counted:
    regular meetings due and held, attendance, scores and visits of that month."""
    months = window.months[-TREND_MONTHS:]
    sums = {month: rest for month, *rest in
            rollups.values_list("month").annotate(**_sums(Q(), band_names))}
    out = []
    for month in months:
        t = Tally()
        bit = window.bit(month)
        for cell in cells:
            held = cell.regular & bit
            if cell.alive_all_month(month) and (month != pending or held):
                t.cells += 1
                t.months_due += 1
                t.months_held += bool(held)
                t.visited += bool(cell.visited & bit)
        if month in sums:
            _add_sums(t, sums[month], band_names)
        out.append((month, t))
    return out


def _quarter_totals(cells, quarters) -> list[tuple[tuple[int, int], Tally]]:
    out = []
    for year, quarter in quarters:
        t = Tally()
        for cell in cells:
            first = dt.date(year, 3 * quarter - 2, 1)
            if cell.due_in_quarter(first, add_months(first, 2)):
                t.quarters_due += 1
                t.quarters_held += int((year, quarter) not in cell.missing_quarters)
        out.append(((year, quarter), t))
    return out


def summary(report: QualityReport) -> dict:
    """The report as plain data: what the API returns and the exports write."""
    names = report.band_names
    return {
        "organization": {"id": report.root.pk, "name": report.root.name},
        "period": report.period.code,
        "period_label": str(report.period),
        "as_of": report.as_of.isoformat(),
        "thresholds": {
            "attendance_floor": report.attendance_floor,
            "adopt_days": report.policies["report.adopt_days"],
            "absence_flag_months": report.policies["absence.flag_months"],
        },
        "totals": report.total.as_dict(names),
        "units": [
            {"id": u.id, "name": u.name, "is_cell": u.is_cell, **u.tally.as_dict(names)}
            for u in report.units
        ],
        "quarters": [
            {"quarter": f"{y}-Q{q}", "cells_due": t.quarters_due, "cells_held": t.quarters_held,
             "rate": t.thematic_rate}
            for (y, q), t in report.quarter_totals
        ],
        "trend": [
            {"month": m.strftime("%Y-%m"), "cells_due": t.months_due, "cells_held": t.months_held,
             "held_rate": t.held_rate, "attendance_rate": t.attendance_rate,
             "score_avg": t.score_avg, "bands": {n: t.bands.get(n, 0) for n in names},
             "visited": t.visited}
            for m, t in report.trend
        ],
        "exceptions": {
            "without_regular": [_cell_ref(c, months=[m.strftime("%Y-%m") for m in c.missing_months])
                                for c in report.without_regular],
            "without_thematic": [
                _cell_ref(c, quarters=[f"{y}-Q{q}" for y, q in c.missing_quarters],
                          planned=c.thematic_planned)
                for c in report.without_thematic],
            "low_attendance": [_cell_ref(c, attendance_rate=c.tally.attendance_rate)
                               for c in report.low_attendance],
            "minutes_late": [
                {"meeting": m.meeting_id, "cell": m.cell.id, "cell_name": m.cell.name,
                 "date": timezone.localtime(m.scheduled_at).date().isoformat(), "days": m.days}
                for m in report.late_minutes],
            "concerns_overdue": [_cell_ref(c, count=c.tally.concerns_overdue)
                                 for c in report.concerns_overdue],
            "tasks_overdue": [_cell_ref(c, count=c.tally.tasks_overdue)
                              for c in report.tasks_overdue],
            "absence_flagged": [_cell_ref(c, count=c.tally.members_flagged)
                                for c in report.absence_flagged],
        },
    }


def _cell_ref(cell: CellRow, **extra) -> dict:
    return {"id": cell.id, "name": cell.name, "unit": cell.unit_name, **extra}
