"""The dashboard's subtree totals written by hand in SQL, as the yardstick of
`chibo.reports.selectors.quality_report` in `make bench`.

Plain SQL that runs on SQLite and PostgreSQL, each figure aggregated in the database
(no rows per cell come back), following docs/metrics.md. The bench checks that both give
the same totals before it compares their times; it is not used by the application.
The thresholds are the seeded defaults (3 months of absence, 7 days to adopt)."""

import datetime as dt

from django.db import connection
from django.utils import timezone

from chibo.meetings.models import Attendance, Guest, Meeting, Task
from chibo.members.models import PartyMember
from chibo.organizations.models import Organization
from chibo.reports.periods import add_months, month_end
from chibo.supervision.models import Concern, VisitReport

T = {
    "org": Organization._meta.db_table,
    "meeting": Meeting._meta.db_table,
    "attendance": Attendance._meta.db_table,
    "guest": Guest._meta.db_table,
    "task": Task._meta.db_table,
    "visit": VisitReport._meta.db_table,
    "concern": Concern._meta.db_table,
    "member": PartyMember._meta.db_table,
}
CELL_KINDS = "('regular', 'thematic')"
TOOK_PLACE = "('held', 'adopted')"


def _d(day: dt.date):
    return connection.ops.adapt_datefield_value(day)


def _dt(moment: dt.datetime):
    return connection.ops.adapt_datetimefield_value(moment)


def _one(sql: str, params: list):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _all(sql: str, params: list):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def totals(root_path: str, period, today: dt.date, data_from: dt.date = dt.date(2000, 1, 1),
           regular_day: int = 3) -> dict:
    as_of = min(period.end, today)
    pending = today.replace(day=1) if as_of == today and today.day < regular_day else None
    months = [m for m in period.months if data_from <= m <= as_of]
    if not months:
        return {}
    window_end = months[-1]
    window_start = max(data_from, min(period.start, add_months(window_end, -11)))
    like = root_path + "%"
    # The cells the dashboard looks at: alive at some point of its twelve-month window.
    cells = (
        f"cells AS (SELECT id, founded_on, dissolved_on FROM {T['org']} WHERE path LIKE %s "
        "AND is_cell AND (founded_on IS NULL OR founded_on <= %s) "
        "AND (dissolved_on IS NULL OR dissolved_on >= %s))"
    )
    cell_params = [like, _d(month_end(window_end)), _d(window_start)]
    values = ", ".join(["(%s, %s, %s)"] * len(months))
    # pending = 1: the running month before its meeting day, due only where already held
    month_params = [p for m in months for p in (_d(m), _d(month_end(m)), int(m == pending))]
    out = {}

    held = (
        f"EXISTS (SELECT 1 FROM {T['meeting']} m WHERE m.organization_id = c.id "
        f"AND m.kind = 'regular' AND m.period = months.first AND m.status IN {TOOK_PLACE})"
    )
    out["months_due"], out["months_held"] = _one(
        f"WITH months(first, last, pending) AS (VALUES {values}), {cells} "
        f"SELECT COUNT(*), COALESCE(SUM(CASE WHEN {held} THEN 1 ELSE 0 END), 0) "
        "FROM cells c JOIN months ON (c.founded_on IS NULL OR c.founded_on <= months.first) "
        "AND (c.dissolved_on IS NULL OR c.dissolved_on >= months.last) "
        f"WHERE months.pending = 0 OR {held}",
        month_params + cell_params,
    )

    quarters = sorted(q for q in {(m.year, (m.month - 1) // 3) for m in months}
                      if dt.date(q[0], 3 * q[1] + 1, 1) >= data_from)
    q_values = ", ".join(["(%s, %s, %s)"] * len(quarters))
    q_params = []
    for year, index in quarters:
        first = dt.date(year, 3 * index + 1, 1)
        last_month = add_months(first, 2)
        # Meetings count up to the report date; being due looks at the whole quarter.
        q_params += [_d(first), _d(min(last_month, months[-1])), _d(month_end(last_month))]
    out["quarters_due"], out["quarters_held"] = (0, 0) if not quarters else _one(
        f"WITH quarters(first, last_month, last) AS (VALUES {q_values}), {cells} "
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS ("
        f"  SELECT 1 FROM {T['meeting']} m WHERE m.organization_id = c.id "
        "  AND m.kind = 'thematic' AND m.period >= quarters.first "
        f"  AND m.period <= quarters.last_month AND m.status IN {TOOK_PLACE}"
        ") THEN 1 ELSE 0 END), 0) "
        "FROM cells c JOIN quarters ON (c.founded_on IS NULL OR c.founded_on <= quarters.first) "
        "AND (c.dissolved_on IS NULL OR c.dissolved_on >= quarters.last)",
        q_params + cell_params,
    )

    in_months = [_d(months[0]), _d(months[-1])]
    (out["meetings_held"], out["meetings_adopted"], out["expected"], out["present"],
     out["scored"], score_sum) = _one(
        f"WITH {cells} SELECT "
        f"COALESCE(SUM(CASE WHEN m.status IN {TOOK_PLACE} THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN m.status = 'adopted' THEN 1 ELSE 0 END), 0), "
        f"COALESCE(SUM(CASE WHEN m.status IN {TOOK_PLACE} THEN m.roll_expected END), 0), "
        f"COALESCE(SUM(CASE WHEN m.status IN {TOOK_PLACE} THEN m.roll_present END), 0), "
        "COALESCE(SUM(CASE WHEN m.status = 'adopted' AND m.quality_band <> '' "
        "  AND m.quality_total IS NOT NULL THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN m.status = 'adopted' AND m.quality_band <> '' "
        "  THEN m.quality_total END), 0) "
        f"FROM {T['meeting']} m JOIN cells c ON c.id = m.organization_id "
        f"WHERE m.kind IN {CELL_KINDS} AND m.period >= %s AND m.period <= %s",
        cell_params + in_months,
    )
    out["score_sum"] = round(float(score_sum), 1)
    out["bands"] = dict(_all(
        f"WITH {cells} SELECT m.quality_band, COUNT(*) "
        f"FROM {T['meeting']} m JOIN cells c ON c.id = m.organization_id "
        f"WHERE m.kind IN {CELL_KINDS} AND m.period >= %s AND m.period <= %s "
        "AND m.status = 'adopted' AND m.quality_band <> '' GROUP BY m.quality_band",
        cell_params + in_months,
    ))

    active = [_d(as_of), _d(as_of)]
    visit = (
        f"SELECT 1 FROM {T['visit']} v JOIN {T['meeting']} m ON m.id = v.meeting_id "
        f"WHERE m.organization_id = c.id AND v.attended AND m.kind IN {CELL_KINDS} "
        "AND m.period >= %s AND m.period <= %s"
    )
    guest = (
        f"SELECT 1 FROM {T['guest']} g JOIN {T['meeting']} m ON m.id = g.meeting_id "
        f"WHERE m.organization_id = c.id AND g.is_higher_official AND m.kind IN {CELL_KINDS} "
        f"AND m.status IN {TOOK_PLACE} AND m.period >= %s AND m.period <= %s"
    )
    out["cells"], out["visited"] = _one(
        f"WITH {cells} SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS ({visit}) "
        f"OR EXISTS ({guest}) THEN 1 ELSE 0 END), 0) FROM cells c "
        "WHERE (c.founded_on IS NULL OR c.founded_on <= %s) "
        "AND (c.dissolved_on IS NULL OR c.dissolved_on > %s)",
        cell_params + in_months + in_months + active,
    )

    open_task = "t.status = 'open'" if as_of >= today else "(t.status = 'open' OR t.closed_at > %s)"
    task_params = [] if as_of >= today else [_d(as_of)]
    (out["tasks_overdue"],) = _one(
        f"WITH {cells} SELECT COUNT(*) FROM {T['task']} t "
        f"JOIN cells c ON c.id = t.organization_id JOIN {T['meeting']} m ON m.id = t.meeting_id "
        f"WHERE t.deadline < %s AND m.period <= %s AND {open_task}",
        cell_params + [_d(as_of), _d(as_of)] + task_params,
    )

    open_concern = "(k.status IN ('open', 'assigned') OR k.answered_on > %s)"
    (out["concerns_received"], out["concerns_open"], out["concerns_overdue"]) = _one(
        f"WITH {cells} SELECT "
        "COALESCE(SUM(CASE WHEN k.raised_on >= %s THEN 1 ELSE 0 END), 0), "
        f"COALESCE(SUM(CASE WHEN {open_concern} THEN 1 ELSE 0 END), 0), "
        f"COALESCE(SUM(CASE WHEN {open_concern} AND k.deadline < %s THEN 1 ELSE 0 END), 0) "
        f"FROM {T['concern']} k JOIN cells c ON c.id = k.cell_id WHERE k.raised_on <= %s",
        cell_params + [_d(period.start), _d(as_of), _d(as_of), _d(as_of), _d(as_of)],
    )

    (out["members"], out["members_exempt"]) = _one(
        f"WITH {cells} SELECT COUNT(*), "
        "COALESCE(SUM(CASE WHEN p.status = 'exempt' THEN 1 ELSE 0 END), 0) "
        f"FROM {T['member']} p JOIN cells c ON c.id = p.organization_id",
        cell_params,
    )

    (out["members_flagged"],) = _one(
        f"WITH {cells} SELECT COUNT(*) FROM (SELECT a.member_id FROM {T['attendance']} a "
        f"JOIN {T['meeting']} m ON m.id = a.meeting_id "
        f"JOIN {T['member']} p ON p.id = a.member_id JOIN cells c ON c.id = p.organization_id "
        f"WHERE a.presence = 'unexcused' AND m.kind IN {CELL_KINDS} "
        "AND m.period >= %s AND m.period <= %s "
        "GROUP BY a.member_id HAVING COUNT(DISTINCT m.period) >= %s) flagged",
        cell_params + [_d(dt.date(as_of.year, 1, 1)), _d(as_of), 3],
    )

    tz = timezone.get_current_timezone()
    limit = dt.datetime.combine(as_of - dt.timedelta(days=7), dt.time(), tz)
    end_of_day = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), tz)
    (out["minutes_late"],) = _one(
        f"WITH {cells} SELECT COUNT(*) FROM {T['meeting']} m "
        "JOIN cells c ON c.id = m.organization_id "
        f"WHERE m.kind IN {CELL_KINDS} AND m.period >= %s AND m.period <= %s "
        "AND m.scheduled_at < %s AND (m.status = 'held' "
        "OR (m.status = 'adopted' AND m.adopted_at >= %s))",
        cell_params + in_months + [_dt(limit), _dt(end_of_day)],
    )
    return out


def compare(report, hand: dict) -> list[str]:
    """The figures on which the two disagree (empty: the same)."""
    data = report.total.as_dict(report.band_names)
    data["bands"] = {k: v for k, v in data["bands"].items() if v}
    return [key for key, value in hand.items() if data.get(key) != value]
