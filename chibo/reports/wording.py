"""What the report's documents print alike (the PDF and the workbook): the labels of
meeting and cell kinds, the words for members away, shares, bands, months and quarters
as written, a cell's unit."""

import datetime as dt

from django.utils import timezone

from chibo.meetings.models import MeetingKind
from chibo.organizations.models import CellKind
from chibo.reports.figures import CellRow, Tally
from chibo.reports.periods import ROMAN

KIND_LABELS = dict(MeetingKind.choices)
# Roll-call places left out of the attendance (rules.AWAY: members on the list but away on
# the meeting's day), named where the report shows the attendance.
AWAY_WORDS = "sinh hoạt tạm thời nơi khác, bị đình chỉ sinh hoạt, bị tạm giam"
AWAY_COLUMN = "Lượt không tính (tạm thời nơi khác, đình chỉ, tạm giam)"
CELL_KIND_LABELS = dict(CellKind.choices)


def share(part: int, whole: int) -> float | None:
    """A share as the dashboard computes it (percent, one decimal)."""
    return round(100 * part / whole, 1) if whole else None


def band_shares(tally: Tally, names: list[str]) -> list[tuple[str, int, float | None]]:
    """[(band, count, percent of the banded meetings)], in the policy's order."""
    whole = sum(tally.bands.get(n, 0) for n in names)
    return [(n, tally.bands.get(n, 0), share(tally.bands.get(n, 0), whole)) for n in names]


def months_text(months: list[dt.date]) -> str:
    return ", ".join(f"{m.month:02d}/{m.year}" for m in months)


def quarters_text(quarters: list[tuple[int, int]]) -> str:
    return ", ".join(f"Quý {ROMAN[q]}/{y}" for y, q in quarters)


def meeting_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def unit_of(cell: CellRow) -> str:
    """The unit a cell belongs to, left empty for a unit that is the cell itself (as on
    the dashboard)."""
    return cell.unit_name if cell.unit_name != cell.name else ""
