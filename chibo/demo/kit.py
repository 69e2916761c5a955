from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from collections import Counter

from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone


def delete_all(queryset, rounds: int = 10) -> None:
    """Delete a queryset; rows of other apps that protect it (PROTECT/RESTRICT) go first."""
    for _ in range(rounds):
        try:
            queryset.delete()
            return
        except (ProtectedError, RestrictedError) as exc:
            blocking = getattr(exc, "protected_objects", None) or exc.restricted_objects
            by_model: dict[type, list] = {}
            for obj in blocking:
                by_model.setdefault(type(obj), []).append(obj.pk)
            for model, pks in by_model.items():
                delete_all(model._default_manager.filter(pk__in=pks), rounds - 1)
    queryset.delete()


def digest(names) -> str:
    h = hashlib.sha256()
    for name in names:
        h.update(name.encode())
        h.update(b"\n")
    return h.hexdigest()


def window(today: dt.date) -> list[dt.date]:
    """The first days of the MONTHS months ending with today's month."""
    months = []
    year, month = today.year, today.month
    for _ in range(MONTHS):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def flag_year_of(months: list[dt.date]) -> int:
    """The calendar year with most months in the window (the later one on a tie)."""
    counts = Counter(m.year for m in months)
    return max(counts, key=lambda y: (counts[y], y))


def quarter(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


# ---------------------------------------------------------------------------------------
# Small helpers.


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A local wall-clock time as an aware UTC datetime (what the database gives back)."""
    local = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
    return local.astimezone(dt.UTC)


def day_in_month(month: dt.date, day: int) -> dt.date:
    return month.replace(day=min(day, calendar.monthrange(month.year, month.month)[1]))


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


MONTHS = 12
