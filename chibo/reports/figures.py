"""The figures of a report as objects (chibo.reports.selectors.quality_report computes
them; the dashboard, the PDF, the workbook and the API read them): a `Tally` of sums and
rates, the twelve-month `Window` with its bits, a `CellRow` per cell, a `UnitRow` per
unit, the `LateMinutes`, and the `QualityReport` with its exception lists."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, fields
from functools import cached_property

from django.db.models import Case, IntegerField, Value, When

from chibo.meetings import rules
from chibo.organizations.lifetime import Lifetime
from chibo.organizations.models import Organization
from chibo.reports.periods import Period, add_months

EARLIEST = dt.date(2000, 1, 1)


def first_month(value) -> dt.date:
    """The first month with data on Chibo (policy `report.data_from`, "YYYY-MM-DD" or
    empty): months before it are not counted, since their meetings were kept on paper."""
    if not value:
        return EARLIEST
    return dt.date.fromisoformat(value).replace(day=1)


def _percent(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Tally:
    """Additive counts of one cell, one unit, the whole subtree or one month: a unit's
    tally is the sum of its cells', so every level reads the same definitions."""

    cells: int = 0  # active on the report date
    months_due: int = 0  # cell-months in which a regular meeting was due
    months_held: int = 0  # … and one took place
    quarters_due: int = 0  # cell-quarters in which a thematic meeting was due
    quarters_held: int = 0
    meetings_held: int = 0  # cell meetings that took place (regular and thematic)
    meetings_adopted: int = 0
    expected: int = 0  # attendance places, exempt members left out
    present: int = 0
    # roll-call places not counted: members on temporary transfer, suspended or detained
    # on the meeting's day (rules.AWAY), left out of `expected` as they are of the rate
    away: int = 0
    scored: int = 0  # adopted meetings with a complete score
    score_sum: float = 0.0
    bands: Counter = field(default_factory=Counter)
    visited: int = 0  # cells (or cell-months, in a month's tally) a higher official attended
    tasks_overdue: int = 0
    concerns_received: int = 0
    concerns_open: int = 0
    concerns_overdue: int = 0
    members: int = 0
    members_exempt: int = 0
    members_flagged: int = 0
    minutes_late: int = 0

    def add(self, other: "Tally") -> "Tally":
        for f in fields(self):
            if f.name == "bands":
                self.bands.update(other.bands)
            else:
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    @property
    def held_rate(self) -> float | None:
        return _percent(self.months_held, self.months_due)

    @property
    def thematic_rate(self) -> float | None:
        return _percent(self.quarters_held, self.quarters_due)

    @property
    def attendance_rate(self) -> float | None:
        return _percent(self.present, self.expected)

    @property
    def score_avg(self) -> float | None:
        return round(self.score_sum / self.scored, 1) if self.scored else None

    @property
    def coverage_rate(self) -> float | None:
        return _percent(self.visited, self.cells)

    def as_dict(self, band_names: list[str]) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "bands"}
        data["score_sum"] = round(self.score_sum, 1)
        data["bands"] = {name: self.bands.get(name, 0) for name in band_names}
        for name in ("held_rate", "thematic_rate", "attendance_rate", "score_avg",
                     "coverage_rate"):
            data[name] = getattr(self, name)
        return data


@dataclass(frozen=True)
class Window:
    """The months read from the database: the period's and the trend's, at most twelve.
    A cell's months are kept as bits of an integer (bit i: the window's i-th month), so
    the database hands over one row per cell instead of one per cell and month."""

    start: dt.date
    end: dt.date

    def _index(self, month: dt.date) -> int:
        return (month.year - self.start.year) * 12 + month.month - self.start.month

    @cached_property
    def months(self) -> list[dt.date]:
        return [add_months(self.start, i) for i in range(self._index(self.end) + 1)]

    def bit(self, month: dt.date) -> int:
        i = self._index(month)
        return 1 << i if 0 <= i < len(self.months) else 0

    def mask(self, months) -> int:
        return sum(self.bit(m) for m in set(months))

    def bits(self, field_name: str):
        """SQL: the bit of the row's month; summed over distinct values it ORs them."""
        return Case(*(When(**{field_name: m}, then=Value(self.bit(m))) for m in self.months),
                    default=Value(0), output_field=IntegerField())


@dataclass
class CellRow(Lifetime):
    id: int
    name: str
    path: str
    kind: str
    founded_on: dt.date | None
    dissolved_on: dt.date | None
    unit_path: str
    sort_key: str = ""
    unit_name: str = ""
    tally: Tally = field(default_factory=Tally)
    missing_months: list[dt.date] = field(default_factory=list)
    missing_quarters: list[tuple[int, int]] = field(default_factory=list)
    thematic_planned: bool = False
    # The window's months (Window.bit) in which a regular meeting took place, a thematic
    # one took place, a thematic one is planned, a higher official attended.
    regular: int = 0
    thematic: int = 0
    planned: int = 0
    visited: int = 0

    def due_in_quarter(self, first: dt.date, last: dt.date) -> bool:
        return self.alive_all_month(first) and self.alive_all_month(last)


@dataclass
class UnitRow:
    id: int
    name: str
    path: str
    is_cell: bool
    tally: Tally


@dataclass
class LateMinutes:
    meeting_id: int
    cell: CellRow
    scheduled_at: dt.datetime
    kind: str
    days: int


@dataclass
class QualityReport:
    root: Organization
    period: Period
    today: dt.date
    as_of: dt.date  # the period's last day, or today while the period runs
    months: list[dt.date]  # the period's months up to the report date
    quarters: list[tuple[int, int]]
    policies: dict
    band_names: list[str]
    total: Tally
    units: list[UnitRow]
    cells: list[CellRow]
    trend: list[tuple[dt.date, Tally]]
    quarter_totals: list[tuple[tuple[int, int], Tally]]
    late_minutes: list[LateMinutes]

    @property
    def started(self) -> bool:
        return bool(self.months)

    @cached_property
    def ranked(self) -> list[CellRow]:
        """Cells with a scored meeting in the period, best average first."""
        scored = [c for c in self.cells if c.tally.scored]
        return sorted(scored, key=lambda c: (-c.tally.score_avg, c.sort_key))

    # The exception lists: each is what a committee acts on, in unit then name order.
    @property
    def without_regular(self) -> list[CellRow]:
        return [c for c in self.cells if c.missing_months]

    @property
    def without_thematic(self) -> list[CellRow]:
        return [c for c in self.cells if c.missing_quarters]

    @property
    def low_attendance(self) -> list[CellRow]:
        floor = 100 * rules.as_fraction(self.policies["report.attendance_floor"])
        return [
            c for c in self.cells
            if c.tally.attendance_rate is not None and c.tally.attendance_rate < floor
        ]

    @property
    def attendance_floor(self) -> float:
        return float(100 * rules.as_fraction(self.policies["report.attendance_floor"]))

    @property
    def concerns_overdue(self) -> list[CellRow]:
        return [c for c in self.cells if c.tally.concerns_overdue]

    @property
    def tasks_overdue(self) -> list[CellRow]:
        return [c for c in self.cells if c.tally.tasks_overdue]

    @property
    def absence_flagged(self) -> list[CellRow]:
        return [c for c in self.cells if c.tally.members_flagged]
