"""The periodic report (báo cáo định kỳ) of a subtree for a month, a quarter or a year, as
an Excel workbook and a PDF document. Both are written from one `QualityReport`
(chibo.reports.selectors.quality_report), the object the dashboard and the API read, so
the three show the same numbers.

- `report_pdf`: a Party document (shared/documents.md; A4, Times New Roman 14): the
  higher organization, the issuing committee, `*` and "Số 05-BC/ĐU" on the left (blank
  "Số   -BC/ĐU" until the report is issued, chibo.reports.services.report_issue),
  ĐẢNG CỘNG SẢN VIỆT NAM with its rule, place and date on the right; "BÁO CÁO" and its
  abstract; I. the headline figures as sentences and a table; II. the units table;
  III. the twelve-month charts (chibo.reports.charts, inline SVG); IV. the cells to act
  on; V. dotted lines for the committee's proposals; Nơi nhận and the signature. The
  wording is made here (`report_context`), the layout in documents/report.html.
- `report_xlsx`: the sheets "Tổng hợp" (label and value), "Theo đơn vị", "Chi bộ",
  "Diễn biến" (twelve months, then the quarters' thematic meetings) and "Cần chỉ đạo"
  (one block per exception list). Percentages are stored as fractions (0.818) shown with
  the format 0.0%, so Excel prints 81.8% and still computes with them; dates are real
  dates shown dd/mm/yyyy. Written like chibo.grading.exports: bold header on a tinted
  fill, frozen header row, text that Excel shows as typed.
- `report_filename`: an ASCII name, e.g. bao-cao-dang-bo-phuong-vu-ninh-2026-Q3.pdf.
"""

import datetime as dt
from dataclasses import dataclass
from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from chibo.core.vi import fold
from chibo.documents.context import (
    NATIONAL,
    place_of,
    vi_long_date,
    vi_number,
    vi_short_date,
)
from chibo.documents.issuers import Issuer, issuer_of
from chibo.documents.numbering import issuer_symbol
from chibo.documents.renderers import _pdf
from chibo.grading.exports import _finish
from chibo.meetings.models import MeetingKind
from chibo.members.excel import _HEADER_FILL, _HEADER_FONT, XLSX_CONTENT_TYPE, _text_cell
from chibo.organizations.models import CellKind
from chibo.organizations.selectors import names_by_path
from chibo.reports.charts import report_charts
from chibo.reports.periods import ROMAN
from chibo.reports.selectors import CellRow, QualityReport, Tally

__all__ = ["XLSX_CONTENT_TYPE", "Issuer", "issuer_of", "report_context", "report_filename",
           "report_pdf", "report_xlsx"]

TITLE = "BÁO CÁO"
ABSTRACT = "Tình hình, chất lượng sinh hoạt chi bộ {period}"
SHOWN = 10  # cells of an exception list named in the PDF before "và N chi bộ khác"
PROPOSAL_LINES = 6  # dotted lines left for the committee's proposals
KIND_LABELS = dict(MeetingKind.choices)
# Roll-call places left out of the attendance (rules.AWAY: members on the list but away on
# the meeting's day), named where the report shows the attendance.
AWAY_WORDS = "sinh hoạt tạm thời nơi khác, bị đình chỉ sinh hoạt, bị tạm giam"
AWAY_COLUMN = "Lượt không tính (tạm thời nơi khác, đình chỉ, tạm giam)"
CELL_KIND_LABELS = dict(CellKind.choices)

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


# Who issues the report: chibo.documents.issuers (Issuer, issuer_of) -----------------


def _parent_name(report: QualityReport) -> str:
    path = report.root.parent_path
    return names_by_path([path]).get(path, "") if path else ""


# Numbers as printed ------------------------------------------------------------------


def _num(value) -> str:
    """78.0 → "78", 91.25 → "91,3", None → "–"."""
    return vi_number(value) if value is not None else "–"


def _pct(rate) -> str:
    return f"{vi_number(rate)}%" if rate is not None else "–"


def _share(part: int, whole: int) -> float | None:
    """A share as the dashboard computes it (percent, one decimal)."""
    return round(100 * part / whole, 1) if whole else None


def _bands(tally: Tally, names: list[str]) -> list[tuple[str, int, float | None]]:
    """[(band, count, percent of the banded meetings)], in the policy's order."""
    whole = sum(tally.bands.get(n, 0) for n in names)
    return [(n, tally.bands.get(n, 0), _share(tally.bands.get(n, 0), whole)) for n in names]


def _months_text(months: list[dt.date]) -> str:
    return ", ".join(f"{m.month:02d}/{m.year}" for m in months)


def _quarters_text(quarters: list[tuple[int, int]]) -> str:
    return ", ".join(f"Quý {ROMAN[q]}/{y}" for y, q in quarters)


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _period_words(report: QualityReport) -> str:
    """"Quý III năm 2026" → "quý III năm 2026", for the middle of a sentence."""
    text = str(report.period)
    return text[:1].lower() + text[1:]


def _meeting_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _unit_of(cell: CellRow) -> str:
    """The unit a cell belongs to, left empty for a unit that is the cell itself (as on
    the dashboard)."""
    return cell.unit_name if cell.unit_name != cell.name else ""


# The PDF ----------------------------------------------------------------------------


def _cell_label(cell: CellRow) -> str:
    text = cell.name
    if _unit_of(cell):
        text += f" ({cell.unit_name})"
    if cell.dissolved_on:
        text += f" – đã giải thể ngày {vi_short_date(cell.dissolved_on)}"
    return text


def _cut(items: list[str], noun: str = "chi bộ") -> str:
    """The first SHOWN items, then "và N chi bộ khác"."""
    text = "; ".join(items[:SHOWN])
    if len(items) > SHOWN:
        text += f" và {len(items) - SHOWN} {noun} khác"
    return text + "."


def _exception_blocks(report: QualityReport) -> list[dict]:
    floor = vi_number(report.attendance_floor)
    days = report.policies["report.adopt_days"]
    flag_months = report.policies["absence.flag_months"]
    blocks = [
        ("Chi bộ chưa sinh hoạt thường kỳ", "chi bộ", [
            f"{_cell_label(c)}: tháng {_months_text(c.missing_months)}"
            for c in report.without_regular]),
        ("Chi bộ chưa sinh hoạt chuyên đề trong quý", "chi bộ", [
            f"{_cell_label(c)}: {_quarters_text(c.missing_quarters)}"
            + (" (đã lên kế hoạch)" if c.thematic_planned else " (chưa có kế hoạch)")
            for c in report.without_thematic]),
        (f"Tỷ lệ đảng viên dự sinh hoạt dưới {floor}%", "chi bộ", [
            f"{_cell_label(c)}: {_pct(c.tally.attendance_rate)} "
            f"({c.tally.present}/{c.tally.expected} lượt)"
            for c in report.low_attendance]),
        (f"Biên bản chưa thông qua sau {days} ngày", "buổi", [
            f"{_cell_label(m.cell)}: {KIND_LABELS.get(m.kind, m.kind).lower()} ngày "
            f"{vi_short_date(_meeting_day(m.scheduled_at))} (đã {m.days} ngày)"
            for m in report.late_minutes]),
        ("Kiến nghị quá hạn chưa trả lời", "chi bộ", [
            f"{_cell_label(c)}: {c.tally.concerns_overdue} kiến nghị"
            for c in report.concerns_overdue]),
        ("Nhiệm vụ quá hạn", "chi bộ", [
            f"{_cell_label(c)}: {c.tally.tasks_overdue} nhiệm vụ"
            for c in report.tasks_overdue]),
        (f"Đảng viên vắng sinh hoạt không có lý do từ {flag_months} tháng trở lên trong năm",
         "chi bộ", [
            f"{_cell_label(c)}: {c.tally.members_flagged} đồng chí"
            for c in report.absence_flagged]),
    ]
    out = []
    for title, noun, items in blocks:
        if not items:
            continue
        count = f"{len(items)} buổi" if noun == "buổi" else f"{len(items)} chi bộ"
        out.append({"title": f"{len(out) + 1}. {title} ({count}):", "text": _cut(items, noun)})
    return out


def _sentences(report: QualityReport) -> list[str]:
    t = report.total
    days = report.policies["report.adopt_days"]
    flag_months = report.policies["absence.flag_months"]
    lines = []
    exempt = f" (trong đó {t.members_exempt} đồng chí được miễn sinh hoạt)" if t.members_exempt \
        else ""
    if report.root.is_cell:
        lines.append(f"Chi bộ hiện có {t.members} đảng viên{exempt}.")
    else:
        lines.append(f"Toàn Đảng bộ có {t.cells} chi bộ đang hoạt động, hiện có {t.members} "
                     f"đảng viên{exempt}.")
    if t.months_due:
        text = (f"Sinh hoạt thường kỳ: {t.months_held}/{t.months_due} lượt chi bộ đã sinh hoạt "
                f"trong các tháng phải sinh hoạt, đạt {_pct(t.held_rate)}")
        if report.without_regular:
            text += f"; {len(report.without_regular)} chi bộ chưa sinh hoạt đủ các tháng"
        lines.append(text + ".")
    else:
        lines.append("Sinh hoạt thường kỳ: trong kỳ chưa có tháng phải sinh hoạt.")
    if t.quarters_due:
        text = (f"Sinh hoạt chuyên đề: {t.quarters_held}/{t.quarters_due} lượt chi bộ đã sinh "
                f"hoạt chuyên đề trong các quý phải sinh hoạt, đạt {_pct(t.thematic_rate)}")
        if report.without_thematic:
            text += f"; {len(report.without_thematic)} chi bộ chưa sinh hoạt chuyên đề"
        lines.append(text + ".")
    else:
        lines.append("Sinh hoạt chuyên đề: trong kỳ chưa có quý phải sinh hoạt.")
    text = (f"Đã tổ chức {t.meetings_held} buổi sinh hoạt (thường kỳ và chuyên đề), trong đó "
            f"{t.meetings_adopted} buổi đã thông qua biên bản")
    if t.minutes_late:
        text += f"; {t.minutes_late} buổi chưa thông qua biên bản sau {days} ngày"
    lines.append(text + ".")
    if t.expected:
        lines.append(f"Đảng viên dự sinh hoạt: {t.present}/{t.expected} lượt, đạt "
                     f"{_pct(t.attendance_rate)} (không tính đảng viên được miễn sinh hoạt"
                     + (f" và {t.away} lượt {AWAY_WORDS}" if t.away else "") + ").")
    else:
        lines.append("Đảng viên dự sinh hoạt: chưa có buổi sinh hoạt được điểm danh.")
    if t.scored:
        bands = ", ".join(f"{name} {count} buổi ({_pct(share)})"
                          for name, count, share in _bands(t, report.band_names))
        lines.append(f"Chất lượng sinh hoạt: {t.scored} buổi đã chấm điểm, điểm bình quân "
                     f"{_num(t.score_avg)} điểm; xếp loại {bands}.")
    else:
        lines.append("Chất lượng sinh hoạt: chưa có buổi sinh hoạt được chấm điểm, xếp loại.")
    if t.cells:
        lines.append(f"Cấp ủy viên cấp trên dự sinh hoạt tại {t.visited}/{t.cells} chi bộ, đạt "
                     f"{_pct(t.coverage_rate)}.")
    lines.append(f"Nhiệm vụ được giao tại các buổi sinh hoạt quá hạn chưa hoàn thành: "
                 f"{t.tasks_overdue}. Kiến nghị: nhận trong kỳ {t.concerns_received}, đang xử "
                 f"lý {t.concerns_open}, trong đó quá hạn {t.concerns_overdue}. Đảng viên vắng "
                 f"sinh hoạt không có lý do từ {flag_months} tháng trở lên trong năm: "
                 f"{t.members_flagged} đồng chí.")
    return lines


def _figure_rows(report: QualityReport) -> list[dict]:
    """The table of section I: [{number, label, value, rate, sub}]."""
    t = report.total
    days = report.policies["report.adopt_days"]
    flag_months = report.policies["absence.flag_months"]

    def row(label, value, rate=None, sub=False):
        return {"label": label, "value": value, "rate": vi_number(rate) if rate is not None
                else "", "sub": sub}

    rows = [
        row("Chi bộ đang hoạt động", str(t.cells)),
        row("Đảng viên (trong đó miễn sinh hoạt)", f"{t.members} ({t.members_exempt})"),
        row("Chi bộ sinh hoạt thường kỳ (lượt đã sinh hoạt/phải sinh hoạt)",
            f"{t.months_held}/{t.months_due}", t.held_rate),
        row("Chi bộ sinh hoạt chuyên đề (lượt đã sinh hoạt/phải sinh hoạt)",
            f"{t.quarters_held}/{t.quarters_due}", t.thematic_rate),
        row("Buổi sinh hoạt đã tổ chức (đã thông qua biên bản)",
            f"{t.meetings_held} ({t.meetings_adopted})"),
        row("Đảng viên dự sinh hoạt (lượt có mặt/phải dự)", f"{t.present}/{t.expected}",
            t.attendance_rate),
        row(f"Lượt không tính vào số phải dự ({AWAY_WORDS})", str(t.away), sub=True),
        row("Buổi sinh hoạt đã chấm điểm, xếp loại", str(t.scored)),
        *[row(f"Xếp loại {name}", str(count), share, sub=True)
          for name, count, share in _bands(t, report.band_names)],
        row("Điểm chất lượng bình quân", _num(t.score_avg)),
        row("Chi bộ có cấp ủy viên cấp trên dự sinh hoạt", f"{t.visited}/{t.cells}",
            t.coverage_rate),
        row("Nhiệm vụ quá hạn chưa hoàn thành", str(t.tasks_overdue)),
        row("Kiến nghị nhận trong kỳ / đang xử lý / quá hạn",
            f"{t.concerns_received} / {t.concerns_open} / {t.concerns_overdue}"),
        row(f"Đảng viên vắng không lý do từ {flag_months} tháng trở lên", str(t.members_flagged)),
        row(f"Buổi chưa thông qua biên bản sau {days} ngày", str(t.minutes_late)),
    ]
    number = 0
    for r in rows:
        if not r["sub"]:
            number += 1
            r["number"] = str(number)
        else:
            r["number"] = ""
            r["label"] = f"- {r['label']}"
    return rows


def _unit_cells(tally: Tally, names: list[str]) -> dict:
    return {
        "cells": tally.cells,
        "held": f"{tally.months_held}/{tally.months_due}",
        "held_rate": _pct(tally.held_rate),
        "thematic": f"{tally.quarters_held}/{tally.quarters_due}",
        "thematic_rate": _pct(tally.thematic_rate),
        "attendance": _pct(tally.attendance_rate),
        "score": _num(tally.score_avg),
        "bands": [count for _, count, _ in _bands(tally, names)],
        "visited": f"{tally.visited}/{tally.cells}",
        "tasks": tally.tasks_overdue,
        "concerns": tally.concerns_overdue,
    }


def _charts(report: QualityReport) -> list[dict]:
    if not report.trend:
        return []
    charts = report_charts(report)
    first, last = report.trend[0][0], report.trend[-1][0]
    span = f"từ tháng {first.month}/{first.year} đến tháng {last.month}/{last.year}"
    return [
        {"svg": charts["meetings"], "wide": True,
         "caption": f"Biểu đồ 1. Tỷ lệ chi bộ sinh hoạt thường kỳ và tỷ lệ đảng viên dự "
                    f"sinh hoạt theo tháng, {span} (%)"},
        {"svg": charts["bands"], "wide": True,
         "caption": f"Biểu đồ 2. Xếp loại chất lượng các buổi sinh hoạt theo tháng, {span} "
                    "(tỷ lệ số buổi, %)"},
        {"svg": charts["scores"], "wide": True,
         "caption": f"Biểu đồ 3. Điểm chất lượng bình quân các buổi sinh hoạt theo tháng, "
                    f"{span}"},
        {"svg": charts["thematic"], "wide": False,
         "caption": "Biểu đồ 4. Tỷ lệ chi bộ sinh hoạt chuyên đề theo quý của kỳ báo cáo (%)"},
    ]


def report_context(report: QualityReport, number: str = "") -> dict:
    """What the PDF prints, as display strings (documents/report.html gets it as `d`).
    `number`: the issued report's ("05-BC/ĐU", chibo.reports.services.report_issue); the
    preview leaves it blank for the office to fill, with the symbol the number would
    carry (chibo.documents.numbering.issuer_symbol, the minutes' rule)."""
    root = report.root
    parent_name = _parent_name(report)
    issuer = issuer_of(root.name, root.is_cell)
    place = place_of(root.name) or place_of(parent_name, root.address)
    long_date = vi_long_date(report.today)
    period_words = _period_words(report)
    if root.is_cell:
        intro = (f"{issuer.name} báo cáo tình hình, chất lượng sinh hoạt chi bộ "
                 f"{period_words} như sau:")
    else:
        intro = (f"{issuer.name} báo cáo tình hình, chất lượng sinh hoạt các chi bộ trong "
                 f"{root.name} {period_words} như sau:")
    recipients = []
    if parent_name:
        recipients.append(f"- {issuer_of(parent_name).name} (để báo cáo),")
    if not root.is_cell and report.units:
        kinds = "chi bộ" if all(u.is_cell for u in report.units) else "đảng bộ, chi bộ"
        recipients.append(f"- Các {kinds} trực thuộc,")
    recipients.append(f"- {issuer.archive}")
    names = report.band_names
    return {
        "parent_upper": parent_name.upper(),
        "issuer_upper": issuer.name.upper(),
        "number": number,
        "number_symbol": f"-BC/{issuer_symbol(root, report.today)}",
        "national": NATIONAL,
        "place_date": f"{place}, {long_date}" if place else _capitalized(long_date),
        "title": TITLE,
        "abstract": ABSTRACT.format(period=period_words),
        "as_of_line": f"Số liệu tính đến ngày {vi_short_date(report.as_of)}",
        "running": report.as_of < report.period.end,
        "intro": intro,
        "sentences": _sentences(report),
        "figures": _figure_rows(report),
        "band_names": names,
        "units": [
            {"number": i, "name": u.name, **_unit_cells(u.tally, names)}
            for i, u in enumerate(report.units, 1)
        ],
        "total": _unit_cells(report.total, names),
        "charts": _charts(report),
        "exceptions": _exception_blocks(report),
        "proposal_lines": range(PROPOSAL_LINES),
        "signs_for": issuer.signs_for,
        "signer": "BÍ THƯ",
        "recipients": recipients,
        "started": report.started,
    }


def report_html(report: QualityReport, number: str = "") -> str:
    return render_to_string("documents/report.html", {"d": report_context(report, number)})


def report_pdf(report: QualityReport, number: str = "") -> bytes:
    """The report as a PDF document in the Party format; with `number`, as issued."""
    return _pdf(report_html(report, number))


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
    row = []
    for text in headers:
        cell = WriteOnlyCell(sheet, text)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP
        row.append(cell)
    return row


def _widths(sheet, widths: list[float]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


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
    for name, count, share in _bands(t, report.band_names):
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
    _widths(sheet, [58, 18])
    sheet.freeze_panes = f"A{SUMMARY_HEAD + 1}"
    sheet.append([_cell(sheet, "BÁO CÁO TÌNH HÌNH, CHẤT LƯỢNG SINH HOẠT CHI BỘ",
                        font=_TITLE_FONT)])
    sheet.append(["Đơn vị", _text_cell(sheet, report.root.name)])
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
    _widths(sheet, [6, 36] + [c.width for c in columns])
    sheet.freeze_panes = "C2"
    sheet.append(_header_row(sheet, ["TT", "Đơn vị"] + [c.header for c in columns]))
    for number, unit in enumerate(report.units, 1):
        sheet.append([number, _text_cell(sheet, unit.name),
                      *_tally_values(sheet, columns, unit.tally)])
    sheet.append(["", _cell(sheet, "Tổng cộng", font=_BOLD),
                  *_tally_values(sheet, columns, report.total, _BOLD)])
    _finish(sheet, len(columns) + 2, len(report.units))


def _cells_sheet(workbook, report: QualityReport) -> None:
    sheet = workbook.create_sheet(CELLS_SHEET)
    columns = tally_columns(report.band_names)
    tail = [("Tháng chưa sinh hoạt thường kỳ", 20), ("Quý chưa sinh hoạt chuyên đề", 16),
            ("Ngày thành lập", 12), ("Ngày giải thể", 12)]
    _widths(sheet, [6, 30, 34, 14] + [c.width for c in columns] + [w for _, w in tail])
    sheet.freeze_panes = "D2"
    sheet.append(_header_row(
        sheet, ["TT", "Đơn vị", "Chi bộ", "Loại hình"] + [c.header for c in columns]
        + [h for h, _ in tail]))
    for number, cell in enumerate(report.cells, 1):
        sheet.append([
            number,
            _text_cell(sheet, _unit_of(cell)),
            _text_cell(sheet, cell.name),
            CELL_KIND_LABELS.get(cell.kind, cell.kind),
            *_tally_values(sheet, columns, cell.tally),
            _months_text(cell.missing_months),
            _quarters_text(cell.missing_quarters),
            _cell(sheet, cell.founded_on, DATE),
            _cell(sheet, cell.dissolved_on, DATE),
        ])
    _finish(sheet, 4 + len(columns) + len(tail), len(report.cells))


def _trend_sheet(workbook, report: QualityReport) -> None:
    sheet = workbook.create_sheet(TREND_SHEET)
    names = report.band_names
    headers = ["Tháng", "Chi bộ phải sinh hoạt thường kỳ", "Chi bộ đã sinh hoạt thường kỳ",
               "Tỷ lệ sinh hoạt thường kỳ", "Buổi sinh hoạt đã tổ chức",
               "Buổi đã thông qua biên bản", "Lượt đảng viên phải dự", "Lượt đảng viên có mặt",
               AWAY_COLUMN, "Tỷ lệ đảng viên dự sinh hoạt", "Buổi đã chấm điểm, xếp loại",
               "Điểm bình quân",
               *[f"Buổi xếp loại {n}" for n in names], "Chi bộ có cấp ủy cấp trên dự"]
    _widths(sheet, [10] + [12] * (len(headers) - 1))
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
    _widths(sheet, [6, 32, 36, 24, 14, 12])
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
         cells(report.without_regular, lambda c: _months_text(c.missing_months),
               lambda c: len(c.missing_months))),
        ("Chi bộ chưa sinh hoạt chuyên đề trong quý",
         ["Quý chưa sinh hoạt chuyên đề", "Đã lên kế hoạch"],
         cells(report.without_thematic, lambda c: _quarters_text(c.missing_quarters),
               lambda c: "Có" if c.thematic_planned else "Chưa")),
        (f"Tỷ lệ đảng viên dự sinh hoạt dưới {floor}%",
         ["Tỷ lệ dự sinh hoạt", "Lượt có mặt", "Lượt phải dự"],
         cells(report.low_attendance, lambda c: _percent(sheet, c.tally.attendance_rate),
               lambda c: c.tally.present, lambda c: c.tally.expected)),
        (f"Biên bản chưa thông qua sau {days} ngày",
         ["Loại sinh hoạt", "Ngày sinh hoạt", "Số ngày đã qua"],
         [[m.cell, KIND_LABELS.get(m.kind, m.kind),
           _cell(sheet, _meeting_day(m.scheduled_at), DATE), m.days]
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
            sheet.append([number, _text_cell(sheet, _unit_of(cell)),
                          _text_cell(sheet, cell.name), *values])


def report_xlsx(report: QualityReport) -> bytes:
    """The report as an Excel workbook of five sheets."""
    workbook = Workbook(write_only=True)
    _summary_sheet(workbook, report)
    _units_sheet(workbook, report)
    _cells_sheet(workbook, report)
    _trend_sheet(workbook, report)
    _exceptions_sheet(workbook, report)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# The file name -----------------------------------------------------------------------


def report_filename(report: QualityReport, ext: str, number: int | None = None) -> str:
    """"bao-cao-dang-bo-phuong-vu-ninh-2026-Q3.xlsx": ASCII only, safe in a header. An
    issued report's ends with its number: "…-2026-Q3-so-05.pdf"."""
    return filename_of(report.root, report.period, ext, number)


def filename_of(root, period, ext: str, number: int | None = None) -> str:
    name = slugify(fold(root.name)) or "don-vi"
    tail = f"-so-{number:02d}" if number else ""
    return f"bao-cao-{name}-{period.code}{tail}.{ext.lstrip('.')}"
