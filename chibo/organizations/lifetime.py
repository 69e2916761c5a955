"""When an organization exists: from `founded_on` (empty: it was there before Chibo's data
starts) to the day before `dissolved_on` (it is gone from that day). One rule, for the
reports, supervision and the demo alike: in Python on anything carrying the two dates
(`Lifetime`), and as a query filter (`alive_on_q`)."""

import calendar
import datetime as dt

from django.db.models import Q


class Lifetime:
    """For classes with `founded_on` and `dissolved_on` (dates or None)."""

    founded_on: dt.date | None
    dissolved_on: dt.date | None

    def alive_on(self, day: dt.date) -> bool:
        return (self.founded_on is None or self.founded_on <= day) and (
            self.dissolved_on is None or self.dissolved_on > day
        )

    def alive_all_month(self, month: dt.date) -> bool:
        """There for the whole of `month` (its first day): founded on or before the 1st,
        not dissolved before the last day. A cell meets, and is due to meet, in such a
        month (docs/metrics.md)."""
        if self.founded_on is not None and self.founded_on > month:
            return False
        if self.dissolved_on is None:  # most cells: no month arithmetic in the reports' loops
            return True
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        return self.dissolved_on >= last


def alive_on_q(day: dt.date, prefix: str = "") -> Q:
    """The organizations there on `day` (`prefix`: the path to them, "cell__")."""
    return (Q(**{f"{prefix}founded_on__isnull": True})
            | Q(**{f"{prefix}founded_on__lte": day})) & (
        Q(**{f"{prefix}dissolved_on__isnull": True}) | Q(**{f"{prefix}dissolved_on__gt": day}))
