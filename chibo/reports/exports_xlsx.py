"""The periodic report as an Excel workbook: the sheets "Tổng hợp" (label and value),
"Theo đơn vị", "Chi bộ", "Diễn biến" (twelve months, then the quarters' thematic
meetings) and "Cần chỉ đạo" (one block per exception list), written from the one
`QualityReport` the dashboard, the PDF and the API read. Percentages are stored as
fractions (0.818) shown with the format 0.0%, so Excel prints 81.8% and still computes
with them; dates are real dates shown dd/mm/yyyy. The look every export shares
(chibo.core.xlsx): bold header on a tinted fill, frozen header row, text that Excel
shows as typed."""

from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from chibo.core.xlsx import add_filter, header_cells, set_widths, text_cell, workbook_bytes
from chibo.documents.context import vi_number, vi_short_date
from chibo.reports.figures import QualityReport, Tally
from chibo.reports.periods import ROMAN
from chibo.reports.wording import (
    AWAY_COLUMN,
    AWAY_WORDS,
    CELL_KIND_LABELS,
    KIND_LABELS,
    band_shares,
    meeting_day,
    months_text,
    quarters_text,
    unit_of,
)

SUMMARY_SHEET = "Tổng hợp"
UNITS_SHEET = "Theo đơn vị"
CELLS_SHEET = "Chi bộ"
TREND_SHEET = "Diễn biến"
EXCEPTIONS_SHEET = "Cần chỉ đạo"
PERCENT = "0.0%"
SCORE = "0.0"
DATE = "dd/mm/yyyy"
MONTH = "mm/yyyy"
_BOLD = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=13)
_WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")


# The workbook -----------------------------------------------------------------------


def _cell(sheet, value, number_format: str | None = None, font: Font | None = None):
    cell = WriteOnlyCell(sheet, value)
    if number_format:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    return cell


def _percent(sheet, rate, font=None):
    """A percent figure of the report (81.8) as the fraction Excel shows as 81.8%."""
    return _cell(sheet, round(rate / 100, 4) if rate is not None else None, PERCENT, font)


def _header_row(sheet, headers: list[str]) -> list:
    return header_cells(sheet, headers, _WRAP)


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    value: object  # Tally → value
    kind: str = "int"  # int, pct, score


def tally_columns(band_names: list[str]) -> list[Column]:
    """The columns of a tally, shared by the units and the cells sheets."""
    return [
        Column("Chi bộ đang hoạt động", 10, lambda t: t.cells),
        Column("Tháng phải sinh hoạt thường kỳ (lượt chi bộ)", 13, lambda t: t.months_due),
        Column("Tháng đã sinh hoạt thường kỳ", 12, lambda t: t.months_held),
        Column("Tỷ lệ sinh hoạt thường kỳ", 11, lambda t: t.held_rate, "pct"),
        Column("Quý phải sinh hoạt chuyên đề (lượt chi bộ)", 13, lambda t: t.quarters_due),
        Column("Quý đã sinh hoạt chuyên đề", 12, lambda t: t.quarters_held),
        Column("Tỷ lệ sinh hoạt chuyên đề", 11, lambda t: t.thematic_rate, "pct"),
        Column("Buổi sinh hoạt đã tổ chức", 11, lambda t: t.meetings_held),
        Column("Buổi đã thông qua biên bản", 11, lambda t: t.meetings_adopted),
        Column("Lượt đảng viên phải dự", 11, lambda t: t.expected),
        Column("Lượt đảng viên có mặt", 11, lambda t: t.present),
        Column(AWAY_COLUMN, 13, lambda t: t.away),
        Column("Tỷ lệ đảng viên dự sinh hoạt", 11, lambda t: t.attendance_rate, "pct"),
        Column("Buổi đã chấm điểm, xếp loại", 11, lambda t: t.scored),
        Column("Điểm bình quân", 10, lambda t: t.score_avg, "score"),
        *[Column(f"Buổi xếp loại {name}", 10, lambda t, n=name: t.bands.get(n, 0))
          for name in band_names],
        Column("Chi bộ có cấp ủy cấp trên dự", 11, lambda t: t.visited),
        Column("Tỷ lệ có cấp ủy cấp trên dự", 11, lambda t: t.coverage_rate, "pct"),
        Column("Nhiệm vụ quá hạn", 10, lambda t: t.tasks_overdue),
        Column("Kiến nghị nhận trong kỳ", 10, lambda t: t.concerns_received),
        Column("Kiến nghị đang xử lý", 10, lambda t: t.concerns_open),
        Column("Kiến nghị quá hạn", 10, lambda t: t.concerns_overdue),
        Column("Đảng viên", 10, lambda t: t.members),
        Column("Đảng viên miễn sinh hoạt", 11, lambda t: t.members_exempt),
        Column("Đảng viên vắng không lý do nhiều tháng", 12, lambda t: t.members_flagged),
        Column("Buổi chậm thông qua biên bản", 11, lambda t: t.minutes_late),
    ]


def _tally_values(sheet, columns: list[Column], tally: Tally, font=None) -> list:
    values = []
    for column in columns:
        value = column.value(tally)
        if column.kind == "pct":
            values.append(_percent(sheet, value, font))
        elif column.kind == "score":
            values.append(_cell(sheet, value, SCORE, font))
        else:
            values.append(_cell(sheet, value, None, font))
    return values


def summary_rows(report: QualityReport) -> list[tuple[str, object, str]]:
    """The headline figures of the "Tổng hợp" sheet: (label, value, kind)."""
    t = report.total
    days = report.policies["report.adopt_days"]
    flag_months = report.policies["absence.flag_months"]
    rows = [
        ("Chi bộ đang hoạt động", t.cells, "int"),
        ("Đảng viên (danh sách hiện nay)", t.members, "int"),
        ("Đảng viên được miễn sinh hoạt", t.members_exempt, "int"),
        ("Lượt chi bộ phải sinh hoạt thường kỳ (chi bộ × tháng)", t.months_due, "int"),
        ("Lượt chi bộ đã sinh hoạt thường kỳ", t.months_held, "int"),
        ("Tỷ lệ chi bộ sinh hoạt thường kỳ", t.held_rate, "pct"),
        ("Lượt chi bộ phải sinh hoạt chuyên đề (chi bộ × quý)", t.quarters_due, "int"),
        ("Lượt chi bộ đã sinh hoạt chuyên đề", t.quarters_held, "int"),
        ("Tỷ lệ chi bộ sinh hoạt chuyên đề", t.thematic_rate, "pct"),
        ("Buổi sinh hoạt đã tổ chức (thường kỳ và chuyên đề)", t.meetings_held, "int"),
        ("Buổi đã thông qua biên bản", t.meetings_adopted, "int"),
        (f"Buổi chưa thông qua biên bản sau {days} ngày", t.minutes_late, "int"),
        ("Lượt đảng viên phải dự (không tính miễn sinh hoạt)", t.expected, "int"),
        ("Lượt đảng viên có mặt", t.present, "int"),
        (f"Lượt không tính vào số phải dự ({AWAY_WORDS})", t.away, "int"),
        ("Tỷ lệ đảng viên dự sinh hoạt", t.attendance_rate, "pct"),
        ("Buổi đã chấm điểm, xếp loại", t.scored, "int"),
        ("Điểm chất lượng bình quân", t.score_avg, "score"),
    ]
    for name, count, share in band_shares(t, report.band_names):
        rows.append((f"Buổi xếp loại {name}", count, "int"))
        rows.append((f"Tỷ lệ buổi xếp loại {name}", share, "pct"))
    rows += [
        ("Chi bộ có cấp ủy viên cấp trên dự sinh hoạt", t.visited, "int"),
        ("Tỷ lệ chi bộ có cấp ủy viên cấp trên dự sinh hoạt", t.coverage_rate, "pct"),
        ("Nhiệm vụ quá hạn chưa hoàn thành", t.tasks_overdue, "int"),
        ("Kiến nghị nhận trong kỳ", t.concerns_received, "int"),
        ("Kiến nghị đang xử lý", t.concerns_open, "int"),
        ("Kiến nghị quá hạn", t.concerns_overdue, "int"),
        (f"Đảng viên vắng không lý do từ {flag_months} tháng trở lên trong năm",
         t.members_flagged, "int"),
    ]
    return rows


SUMMARY_HEAD = 7  # the header row of "Tổng hợp", under the title, period and dates


def _summary_sheet(workbook, report: QualityReport) -> None:
    sheet = workbook.create_sheet(SUMMARY_SHEET)
    set_widths(sheet, [58, 18])
    sheet.freeze_panes = f"A{SUMMARY_HEAD + 1}"
    sheet.append([_cell(sheet, "BÁO CÁO TÌNH HÌNH, CHẤT LƯỢNG SINH HOẠT CHI BỘ",
                        font=_TITLE_FONT)])
    sheet.append(["Đơn vị", text_cell(sheet, report.root.name)])
    sheet.append(["Kỳ báo cáo", str(report.period)])
    sheet.append(["Số liệu tính đến ngày", _cell(sheet, report.as_of, DATE)])
    sheet.append(["Ngày lập báo cáo", _cell(sheet, report.today, DATE)])
    sheet.append([])
    sheet.append(_header_row(sheet, ["Chỉ tiêu", "Giá trị"]))
    for label, value, kind in summary_rows(report):
        if kind == "pct":
            cell = _percent(sheet, value)
        else:
            cell = _cell(sheet, value, SCORE if kind == "score" else None)
        sheet.append([label, cell])


def _units_sheet(workbook, report: QualityReport) -> None:
    sheet = workbook.create_sheet(UNITS_SHEET)
    columns = tally_columns(report.band_names)
    set_widths(sheet, [6, 36] + [c.width for c in columns])
    sheet.freeze_panes = "C2"
    sheet.append(_header_row(sheet, ["TT", "Đơn vị"] + [c.header for c in columns]))
    for number, unit in enumerate(report.units, 1):
        sheet.append([number, text_cell(sheet, unit.name),
                      *_tally_values(sheet, columns, unit.tally)])
    sheet.append(["", _cell(sheet, "Tổng cộng", font=_BOLD),
                  *_tally_values(sheet, columns, report.total, _BOLD)])
    add_filter(sheet, len(columns) + 2, len(report.units))


def _cells_sheet(workbook, report: QualityReport) -> None:
    sheet = workbook.create_sheet(CELLS_SHEET)
    columns = tally_columns(report.band_names)
    tail = [("Tháng chưa sinh hoạt thường kỳ", 20), ("Quý chưa sinh hoạt chuyên đề", 16),
            ("Ngày thành lập", 12), ("Ngày giải thể", 12)]
    set_widths(sheet, [6, 30, 34, 14] + [c.width for c in columns] + [w for _, w in tail])
    sheet.freeze_panes = "D2"
    sheet.append(_header_row(
        sheet, ["TT", "Đơn vị", "Chi bộ", "Loại hình"] + [c.header for c in columns]
        + [h for h, _ in tail]))
    for number, cell in enumerate(report.cells, 1):
        sheet.append([
            number,
            text_cell(sheet, unit_of(cell)),
            text_cell(sheet, cell.name),
            CELL_KIND_LABELS.get(cell.kind, cell.kind),
            *_tally_values(sheet, columns, cell.tally),
            months_text(cell.missing_months),
            quarters_text(cell.missing_quarters),
            _cell(sheet, cell.founded_on, DATE),
            _cell(sheet, cell.dissolved_on, DATE),
        ])
    add_filter(sheet, 4 + len(columns) + len(tail), len(report.cells))


def _trend_sheet(workbook, report: QualityReport) -> None:
    sheet = workbook.create_sheet(TREND_SHEET)
    names = report.band_names
    headers = ["Tháng", "Chi bộ phải sinh hoạt thường kỳ", "Chi bộ đã sinh hoạt thường kỳ",
               "Tỷ lệ sinh hoạt thường kỳ", "Buổi sinh hoạt đã tổ chức",
               "Buổi đã thông qua biên bản", "Lượt đảng viên phải dự", "Lượt đảng viên có mặt",
               AWAY_COLUMN, "Tỷ lệ đảng viên dự sinh hoạt", "Buổi đã chấm điểm, xếp loại",
               "Điểm bình quân",
               *[f"Buổi xếp loại {n}" for n in names], "Chi bộ có cấp ủy cấp trên dự"]
    set_widths(sheet, [10] + [12] * (len(headers) - 1))
    sheet.freeze_panes = "B2"
    sheet.append(_header_row(sheet, headers))
    for month, t in report.trend:
        sheet.append([
            _cell(sheet, month, MONTH), t.months_due, t.months_held,
            _percent(sheet, t.held_rate), t.meetings_held, t.meetings_adopted, t.expected,
            t.present, t.away, _percent(sheet, t.attendance_rate), t.scored,
            _cell(sheet, t.score_avg, SCORE), *[t.bands.get(n, 0) for n in names], t.visited,
        ])
    sheet.append([])
    sheet.append([_cell(sheet, "Sinh hoạt chuyên đề theo quý của kỳ báo cáo", font=_BOLD)])
    sheet.append(_header_row(sheet, ["Quý", "Chi bộ phải sinh hoạt chuyên đề",
                                     "Chi bộ đã sinh hoạt chuyên đề",
                                     "Tỷ lệ sinh hoạt chuyên đề"]))
    for (year, quarter), t in report.quarter_totals:
        sheet.append([f"Quý {ROMAN[quarter]}/{year}", t.quarters_due, t.quarters_held,
                      _percent(sheet, t.thematic_rate)])


def _exceptions_sheet(workbook, report: QualityReport) -> None:
    sheet = workbook.create_sheet(EXCEPTIONS_SHEET)
    set_widths(sheet, [6, 32, 36, 24, 14, 12])
    sheet.freeze_panes = "A2"
    floor = vi_number(report.attendance_floor)
    days = report.policies["report.adopt_days"]
    flag_months = report.policies["absence.flag_months"]
    sheet.append([_cell(sheet, f"Những chi bộ cần chỉ đạo – {report.period} (số liệu tính đến "
                        f"ngày {vi_short_date(report.as_of)})", font=_TITLE_FONT)])

    def cells(rows, *values):
        return [[c, *[v(c) for v in values]] for c in rows]

    blocks = [
        ("Chi bộ chưa sinh hoạt thường kỳ", ["Tháng chưa sinh hoạt", "Số tháng"],
         cells(report.without_regular, lambda c: months_text(c.missing_months),
               lambda c: len(c.missing_months))),
        ("Chi bộ chưa sinh hoạt chuyên đề trong quý",
         ["Quý chưa sinh hoạt chuyên đề", "Đã lên kế hoạch"],
         cells(report.without_thematic, lambda c: quarters_text(c.missing_quarters),
               lambda c: "Có" if c.thematic_planned else "Chưa")),
        (f"Tỷ lệ đảng viên dự sinh hoạt dưới {floor}%",
         ["Tỷ lệ dự sinh hoạt", "Lượt có mặt", "Lượt phải dự"],
         cells(report.low_attendance, lambda c: _percent(sheet, c.tally.attendance_rate),
               lambda c: c.tally.present, lambda c: c.tally.expected)),
        (f"Biên bản chưa thông qua sau {days} ngày",
         ["Loại sinh hoạt", "Ngày sinh hoạt", "Số ngày đã qua"],
         [[m.cell, KIND_LABELS.get(m.kind, m.kind),
           _cell(sheet, meeting_day(m.scheduled_at), DATE), m.days]
          for m in report.late_minutes]),
        ("Kiến nghị quá hạn chưa trả lời", ["Kiến nghị quá hạn", "Kiến nghị đang xử lý"],
         cells(report.concerns_overdue, lambda c: c.tally.concerns_overdue,
               lambda c: c.tally.concerns_open)),
        ("Nhiệm vụ quá hạn", ["Nhiệm vụ quá hạn"],
         cells(report.tasks_overdue, lambda c: c.tally.tasks_overdue)),
        (f"Đảng viên vắng không lý do từ {flag_months} tháng trở lên trong năm",
         ["Số đảng viên"], cells(report.absence_flagged, lambda c: c.tally.members_flagged)),
    ]
    for index, (title, details, rows) in enumerate(blocks, 1):
        sheet.append([])
        sheet.append([_cell(sheet, f"{index}. {title} ({len(rows)})", font=_BOLD)])
        sheet.append(_header_row(sheet, ["TT", "Đơn vị", "Chi bộ", *details]))
        if not rows:
            sheet.append(["", "Không có."])
        for number, (cell, *values) in enumerate(rows, 1):
            sheet.append([number, text_cell(sheet, unit_of(cell)),
                          text_cell(sheet, cell.name), *values])


def report_xlsx(report: QualityReport) -> bytes:
    """The report as an Excel workbook of five sheets."""
    workbook = Workbook(write_only=True)
    _summary_sheet(workbook, report)
    _units_sheet(workbook, report)
    _cells_sheet(workbook, report)
    _trend_sheet(workbook, report)
    _exceptions_sheet(workbook, report)
    return workbook_bytes(workbook)
