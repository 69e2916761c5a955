"""The periodic report as an Excel workbook (chibo.reports.exports_xlsx), read back with
openpyxl, on the fixture's small city whose third quarter of 2026 is worked out by hand
in conftest.py: the file carries the QualityReport's numbers, the ones the dashboard and
the API show."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from chibo.reports.exports_xlsx import report_xlsx
from chibo.reports.periods import Period
from chibo.reports.selectors import quality_report, summary
from chibo.reports.tests.conftest import TODAY

pytestmark = pytest.mark.django_db

Q3 = Period.parse("2026-Q3")
SHEETS = ["Tổng hợp", "Theo đơn vị", "Chi bộ", "Diễn biến", "Cần chỉ đạo"]


def workbook(report):
    return load_workbook(io.BytesIO(report_xlsx(report)))


def table(sheet, header_row: int = 1) -> tuple[list[str], list[tuple]]:
    rows = list(sheet.iter_rows(min_row=header_row, values_only=True))
    return list(rows[0]), rows[1:]


def row_of(sheet, column: str, name: str, header_row: int = 1) -> dict:
    headers, rows = table(sheet, header_row)
    index = headers.index(column)
    matches = [dict(zip(headers, r, strict=True)) for r in rows if r[index] == name]
    assert len(matches) == 1, (name, matches)
    return matches[0]


def percent(value) -> float | None:
    """An Excel percent cell (0.818) as the report's figure (81.8)."""
    return None if value is None else round(value * 100, 1)


# --- Excel -------------------------------------------------------------------------------


def test_xlsx_summary_sheet_has_the_dashboard_totals(tree):
    report = quality_report(tree.root, Q3, today=TODAY)
    api = summary(report)["totals"]  # the API's and the dashboard's figures
    book = workbook(report)
    assert book.sheetnames == SHEETS
    sheet = book["Tổng hợp"]
    top = {r[0]: r[1] for r in sheet.iter_rows(min_row=2, max_row=5, values_only=True)}
    assert top["Kỳ báo cáo"] == "Quý III năm 2026"
    assert top["Đơn vị"] == "Đảng bộ thành phố Thử Nghiệm"
    assert top["Số liệu tính đến ngày"].date() == dt.date(2026, 9, 30)
    assert top["Ngày lập báo cáo"].date() == TODAY
    assert sheet["B4"].number_format == "dd/mm/yyyy"
    assert sheet.freeze_panes == "A8"
    assert [c.value for c in sheet[7]] == ["Chỉ tiêu", "Giá trị"]
    assert sheet["A7"].font.b

    cells = {r[0].value: r[1] for r in sheet.iter_rows(min_row=8)}
    values = {label: cell.value for label, cell in cells.items()}
    assert values["Chi bộ đang hoạt động"] == report.total.cells == api["cells"] == 4
    assert values["Lượt chi bộ phải sinh hoạt thường kỳ (chi bộ × tháng)"] == 11
    assert values["Lượt chi bộ đã sinh hoạt thường kỳ"] == 9
    held = cells["Tỷ lệ chi bộ sinh hoạt thường kỳ"]
    assert held.number_format == "0.0%"
    assert percent(held.value) == report.total.held_rate == api["held_rate"] == 81.8
    assert percent(values["Tỷ lệ chi bộ sinh hoạt chuyên đề"]) == api["thematic_rate"] == 66.7
    assert values["Lượt đảng viên phải dự (không tính miễn sinh hoạt)"] == 19
    assert values["Lượt đảng viên có mặt"] == 14
    assert percent(values["Tỷ lệ đảng viên dự sinh hoạt"]) == api["attendance_rate"] == 73.7
    assert values["Điểm chất lượng bình quân"] == api["score_avg"] == 78.0
    assert [values[f"Buổi xếp loại {b}"] for b in report.band_names] == [3, 2, 1, 1]
    assert percent(values["Tỷ lệ buổi xếp loại Tốt"]) == 42.9  # 3 of 7
    assert values["Chi bộ có cấp ủy viên cấp trên dự sinh hoạt"] == 1
    assert percent(values["Tỷ lệ chi bộ có cấp ủy viên cấp trên dự sinh hoạt"]) == 25.0
    assert values["Nhiệm vụ quá hạn chưa hoàn thành"] == api["tasks_overdue"] == 2
    assert (values["Kiến nghị nhận trong kỳ"], values["Kiến nghị đang xử lý"],
            values["Kiến nghị quá hạn"]) == (2, 2, 1)
    assert values["Đảng viên vắng không lý do từ 3 tháng trở lên trong năm"] == 1
    assert values["Buổi chưa thông qua biên bản sau 7 ngày"] == 5


def test_xlsx_units_and_cells_rows(tree):
    report = quality_report(tree.root, Q3, today=TODAY)
    book = workbook(report)

    units = book["Theo đơn vị"]
    assert units.freeze_panes == "C2" and units["A1"].font.b
    assert [r[1] for r in units.iter_rows(min_row=2, values_only=True)] == [
        u.name for u in report.units] + ["Tổng cộng"]
    ward_a = row_of(units, "Đơn vị", "Đảng bộ phường A")
    tally = report.units[0].tally
    assert (ward_a["Tháng phải sinh hoạt thường kỳ (lượt chi bộ)"],
            ward_a["Tháng đã sinh hoạt thường kỳ"]) == (tally.months_due, tally.months_held) \
        == (7, 5)
    assert percent(ward_a["Tỷ lệ sinh hoạt thường kỳ"]) == tally.held_rate == 71.4
    assert (ward_a["Lượt đảng viên phải dự"], ward_a["Lượt đảng viên có mặt"]) == (14, 10)
    total = row_of(units, "Đơn vị", "Tổng cộng")
    assert total["Tháng đã sinh hoạt thường kỳ"] == 9
    assert percent(total["Tỷ lệ đảng viên dự sinh hoạt"]) == 73.7
    assert total["Buổi xếp loại Tốt"] == 3

    cells = book["Chi bộ"]
    assert cells.freeze_panes == "D2"
    assert cells.max_row == 1 + len(report.cells) == 6  # A1, A2, A3, B1, C1
    c1 = row_of(cells, "Chi bộ", "Chi bộ Trường THPT C1")
    assert c1["Đơn vị"] is None  # a unit by itself, as on the dashboard
    assert c1["Loại hình"] == "Trường học"
    assert (c1["Tháng đã sinh hoạt thường kỳ"], c1["Tháng phải sinh hoạt thường kỳ (lượt chi bộ)"]
            ) == (3, 3)
    assert c1["Buổi đã chấm điểm, xếp loại"] == 3 and c1["Điểm bình quân"] == 91.3
    assert c1["Kiến nghị quá hạn"] == 1 and c1["Nhiệm vụ quá hạn"] == 1
    a2 = row_of(cells, "Chi bộ", "Chi bộ khu phố A2")
    assert a2["Đơn vị"] == "Đảng bộ phường A"
    assert a2["Tháng chưa sinh hoạt thường kỳ"] == "08/2026, 09/2026"
    assert a2["Quý chưa sinh hoạt chuyên đề"] == "Quý III/2026"
    assert percent(a2["Tỷ lệ đảng viên dự sinh hoạt"]) == 50.0
    a3 = row_of(cells, "Chi bộ", "Chi bộ khu phố A3")
    assert a3["Ngày thành lập"].date() == dt.date(2026, 8, 10)
    b1 = row_of(cells, "Chi bộ", "Chi bộ khu phố B1")
    assert b1["Ngày giải thể"].date() == dt.date(2026, 8, 20)
    assert b1["Chi bộ đang hoạt động"] == 0
    headers = [c.value for c in cells[1]]
    assert cells.cell(2, headers.index("Ngày giải thể") + 1).number_format == "dd/mm/yyyy"


def test_xlsx_trend_and_exceptions(tree):
    report = quality_report(tree.root, Q3, today=TODAY)
    book = workbook(report)

    trend = book["Diễn biến"]
    headers, rows = table(trend)
    months = rows[:12]
    assert [r[0].date() for r in months] == [m for m, _ in report.trend]
    assert months[0][0].date() == dt.date(2025, 10, 1)
    september = dict(zip(headers, months[-1], strict=True))
    t = dict(report.trend)[dt.date(2026, 9, 1)]
    assert (september["Chi bộ phải sinh hoạt thường kỳ"],
            september["Chi bộ đã sinh hoạt thường kỳ"]) == (t.months_due, t.months_held)
    assert percent(september["Tỷ lệ đảng viên dự sinh hoạt"]) == t.attendance_rate
    quarters = [r for r in rows if r[0] == "Quý III/2026"]
    assert quarters == [("Quý III/2026", 3, 2, pytest.approx(0.667), *[None] * (len(headers) - 4))]

    sheet = book["Cần chỉ đạo"]
    values = [r for r in sheet.iter_rows(values_only=True)]
    titles = [r[0] for r in values if isinstance(r[0], str) and r[0][:2].rstrip(".").isdigit()]
    assert titles == [
        "1. Chi bộ chưa sinh hoạt thường kỳ (1)",
        "2. Chi bộ chưa sinh hoạt chuyên đề trong quý (1)",
        "3. Tỷ lệ đảng viên dự sinh hoạt dưới 90% (4)",
        "4. Biên bản chưa thông qua sau 7 ngày (5)",
        "5. Kiến nghị quá hạn chưa trả lời (1)",
        "6. Nhiệm vụ quá hạn (2)",
        "7. Đảng viên vắng không lý do từ 3 tháng trở lên trong năm (1)",
    ]
    assert (1, "Đảng bộ phường A", "Chi bộ khu phố A2", "08/2026, 09/2026", 2, None) in values
    assert (1, "Đảng bộ phường A", "Chi bộ khu phố A2", "Quý III/2026", "Có", None) in values
    late = [r for r in values if r[3] == "Sinh hoạt thường kỳ" and r[2] == "Chi bộ khu phố A2"]
    assert late[0][4].date() == dt.date(2026, 7, 3) and late[0][5] == 89
