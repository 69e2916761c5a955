"""The committee dashboard's figures in the API (P1): GET /reports/summary.

The same `quality_report` as the page and the exported reports, so the three agree;
every figure is defined in docs/metrics.md."""

import datetime as dt

from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from chibo.api.common import OrgRef
from chibo.reports.access import report_root
from chibo.reports.periods import Period
from chibo.reports.selectors import quality_report, summary

router = Router(tags=["reports"])


class SummaryFilters(Schema):
    organization: int | None = Field(
        None, description="Tổ chức đảng (cả cây con); mặc định: cấp cao nhất trong phạm vi"
    )
    period: str = Field(
        "", description="Kỳ báo cáo: năm `2026`, quý `2026-Q3` hoặc tháng `2026-07`; "
        "mặc định: tháng hiện tại"
    )


class Thresholds(Schema):
    attendance_floor: float = Field(description="Tỷ lệ dự sinh hoạt tối thiểu (%)")
    adopt_days: int = Field(description="Số ngày phải thông qua biên bản")
    absence_flag_months: int = Field(description="Số tháng vắng không lý do thì cảnh báo")


class Figures(Schema):
    cells: int = Field(description="Chi bộ đang hoạt động vào ngày tính số liệu")
    months_due: int = Field(description="Lượt chi bộ-tháng phải sinh hoạt thường kỳ")
    months_held: int = Field(description="… trong đó đã sinh hoạt")
    held_rate: float | None
    quarters_due: int = Field(description="Lượt chi bộ-quý phải sinh hoạt chuyên đề")
    quarters_held: int
    thematic_rate: float | None
    meetings_held: int
    meetings_adopted: int
    expected: int = Field(description="Lượt đảng viên phải dự (không tính người được miễn)")
    present: int
    away: int = Field(description="Lượt đảng viên không tính vào số phải dự: sinh hoạt tạm "
                      "thời nơi khác, bị đình chỉ sinh hoạt, bị tạm giam vào ngày sinh hoạt")
    attendance_rate: float | None
    scored: int
    score_sum: float
    score_avg: float | None
    bands: dict[str, int]
    visited: int = Field(description="Chi bộ có cấp ủy viên cấp trên dự trong kỳ")
    coverage_rate: float | None
    tasks_overdue: int
    concerns_received: int
    concerns_open: int
    concerns_overdue: int
    members: int
    members_exempt: int
    members_flagged: int
    minutes_late: int


class UnitFigures(Figures):
    id: int
    name: str
    is_cell: bool


class QuarterOut(Schema):
    quarter: str
    cells_due: int
    cells_held: int
    rate: float | None


class MonthOut(Schema):
    month: str
    cells_due: int
    cells_held: int
    held_rate: float | None
    attendance_rate: float | None
    score_avg: float | None
    bands: dict[str, int]
    visited: int


class CellItem(Schema):
    id: int
    name: str
    unit: str
    months: list[str] | None = None
    quarters: list[str] | None = None
    planned: bool | None = None
    attendance_rate: float | None = None
    count: int | None = None


class LateItem(Schema):
    meeting: int
    cell: int
    cell_name: str
    date: dt.date
    days: int


class Exceptions(Schema):
    without_regular: list[CellItem]
    without_thematic: list[CellItem]
    low_attendance: list[CellItem]
    minutes_late: list[LateItem]
    concerns_overdue: list[CellItem]
    tasks_overdue: list[CellItem]
    absence_flagged: list[CellItem]


class SummaryOut(Schema):
    organization: OrgRef
    period: str
    period_label: str
    as_of: dt.date
    thresholds: Thresholds
    totals: Figures
    units: list[UnitFigures]
    quarters: list[QuarterOut]
    trend: list[MonthOut]
    exceptions: Exceptions


@router.get("/summary", response=SummaryOut)
def report_summary(request, filters: Query[SummaryFilters]):
    """Số liệu chất lượng sinh hoạt chi bộ của một tổ chức (cả cây con) trong một kỳ: như
    trang theo dõi và báo cáo định kỳ. Tổ chức ngoài phạm vi: 404; kỳ sai: 422."""
    today = timezone.localdate()
    try:
        period = Period.parse(filters.period) if filters.period else Period.of("month", today)
    except ValueError as error:
        raise HttpError(422, str(error)) from None
    root = report_root(request.user, filters.organization)
    return summary(quality_report(root, period, today=today))
