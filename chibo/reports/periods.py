"""The report periods a committee works in: a month, a quarter, a year.

Written `2026-07`, `2026-Q3` and `2026` in addresses and the API, and "Tháng 7 năm 2026",
"Quý III năm 2026", "Năm 2026" on screen and paper."""

import datetime as dt
import re
from dataclasses import dataclass

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_CODE = re.compile(r"^(\d{4})(?:-(?:Q([1-4])|(\d{2})))?$")


def month_end(first: dt.date) -> dt.date:
    return add_months(first, 1) - dt.timedelta(days=1)


def add_months(first: dt.date, count: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    kind: str  # "year", "quarter" or "month"
    year: int
    number: int = 0  # the quarter (1–4) or the month (1–12); 0 for a year

    @classmethod
    def parse(cls, text: str) -> "Period":
        match = _CODE.match((text or "").strip().upper())
        if not match or not 2000 <= int(match[1]) <= 2100:
            raise ValueError(
                f"Kỳ báo cáo không hợp lệ: {text!r}. Ghi năm (2026), quý (2026-Q3) "
                "hoặc tháng (2026-07)."
            )
        year = int(match[1])
        if match[2]:
            return cls("quarter", year, int(match[2]))
        if match[3]:
            month = int(match[3])
            if not 1 <= month <= 12:
                raise ValueError(f"Tháng không hợp lệ: {text!r}.")
            return cls("month", year, month)
        return cls("year", year)

    @classmethod
    def of(cls, kind: str, day: dt.date) -> "Period":
        if kind == "year":
            return cls("year", day.year)
        if kind == "quarter":
            return cls("quarter", day.year, (day.month - 1) // 3 + 1)
        return cls("month", day.year, day.month)

    @property
    def code(self) -> str:
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        return str(self.year)

    def __str__(self) -> str:
        if self.kind == "quarter":
            return f"Quý {ROMAN[self.number]} năm {self.year}"
        if self.kind == "month":
            return f"Tháng {self.number} năm {self.year}"
        return f"Năm {self.year}"

    @property
    def short(self) -> str:
        if self.kind == "quarter":
            return f"Quý {ROMAN[self.number]}/{self.year}"
        if self.kind == "month":
            return f"Tháng {self.number}/{self.year}"
        return f"Năm {self.year}"

    @property
    def start(self) -> dt.date:
        if self.kind == "quarter":
            return dt.date(self.year, 3 * self.number - 2, 1)
        if self.kind == "month":
            return dt.date(self.year, self.number, 1)
        return dt.date(self.year, 1, 1)

    @property
    def length(self) -> int:
        return {"year": 12, "quarter": 3, "month": 1}[self.kind]

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        return month_end(add_months(self.start, self.length - 1))

    @property
    def months(self) -> list[dt.date]:
        return [add_months(self.start, i) for i in range(self.length)]

    def shifted(self, steps: int) -> "Period":
        first = add_months(self.start, steps * self.length)
        return Period.of(self.kind, first)

    @property
    def previous(self) -> "Period":
        return self.shifted(-1)

    @property
    def next(self) -> "Period":
        return self.shifted(1)

    def as_kind(self, kind: str, today: dt.date) -> "Period":
        """The period of another kind inside this one, at today when today falls in it,
        else at its last month (year 2025 → December 2025)."""
        day = min(max(today, self.start), self.end)
        return Period.of(kind, day)


def quarter_of(month: dt.date) -> tuple[int, int]:
    return month.year, (month.month - 1) // 3 + 1
