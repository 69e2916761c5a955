"""The dates of a member's probation: pure functions over plain dates, so the month ends
and the leap day can be tested one by one."""

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; a month without that day gives its last day
    (31/01 + 1 → 28 or 29/02; 29/02/2024 + 12 → 28/02/2025)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The `count`-th working day (Monday to Friday) after `day`. Public holidays are
    not known to Chibo; the policy's note says so."""
    current = day
    left = count
    while left > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


def probation_dates(admitted_on: dt.date, *, months: int, notice_days: int,
                    deadline_working_days: int) -> tuple[dt.date, dt.date, dt.date]:
    """(end of probation, day the committee is told, last day for the cell to consider).

    The probation runs `months` from the admission ceremony; a member found qualified is
    a full member as of that end day even if the cell or the committee is late."""
    ends_on = add_months(admitted_on, months)
    return (
        ends_on,
        ends_on - dt.timedelta(days=notice_days),
        add_working_days(ends_on, deadline_working_days),
    )
