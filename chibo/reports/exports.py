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
- `report_xlsx` (chibo.reports.exports_xlsx): the workbook of the same figures.
- `report_filename`: an ASCII name, e.g. bao-cao-dang-bo-phuong-vu-ninh-2026-Q3.pdf.
"""


from django.template.loader import render_to_string

from chibo.core.web import slug
from chibo.documents.context import (
    NATIONAL,
    place_of,
    vi_long_date,
    vi_number,
    vi_short_date,
)
from chibo.documents.issuers import Issuer, issuer_of
from chibo.documents.numbering import issuer_symbol
from chibo.documents.renderers import html_pdf
from chibo.organizations.selectors import names_by_path
from chibo.reports.charts import report_charts
from chibo.reports.figures import CellRow, QualityReport, Tally
from chibo.reports.wording import (
    AWAY_WORDS,
    KIND_LABELS,
    band_shares,
    meeting_day,
    months_text,
    quarters_text,
    unit_of,
)

__all__ = ["Issuer", "issuer_of", "report_context", "report_filename", "report_pdf"]

TITLE = "BÁO CÁO"
ABSTRACT = "Tình hình, chất lượng sinh hoạt chi bộ {period}"
SHOWN = 10  # cells of an exception list named in the PDF before "và N chi bộ khác"
PROPOSAL_LINES = 6  # dotted lines left for the committee's proposals


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


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _period_words(report: QualityReport) -> str:
    """"Quý III năm 2026" → "quý III năm 2026", for the middle of a sentence."""
    text = str(report.period)
    return text[:1].lower() + text[1:]


# The PDF ----------------------------------------------------------------------------


def _cell_label(cell: CellRow) -> str:
    text = cell.name
    if unit_of(cell):
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
            f"{_cell_label(c)}: tháng {months_text(c.missing_months)}"
            for c in report.without_regular]),
        ("Chi bộ chưa sinh hoạt chuyên đề trong quý", "chi bộ", [
            f"{_cell_label(c)}: {quarters_text(c.missing_quarters)}"
            + (" (đã lên kế hoạch)" if c.thematic_planned else " (chưa có kế hoạch)")
            for c in report.without_thematic]),
        (f"Tỷ lệ đảng viên dự sinh hoạt dưới {floor}%", "chi bộ", [
            f"{_cell_label(c)}: {_pct(c.tally.attendance_rate)} "
            f"({c.tally.present}/{c.tally.expected} lượt)"
            for c in report.low_attendance]),
        (f"Biên bản chưa thông qua sau {days} ngày", "buổi", [
            f"{_cell_label(m.cell)}: {KIND_LABELS.get(m.kind, m.kind).lower()} ngày "
            f"{vi_short_date(meeting_day(m.scheduled_at))} (đã {m.days} ngày)"
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
                          for name, count, share in band_shares(t, report.band_names))
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
          for name, count, share in band_shares(t, report.band_names)],
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
        "bands": [count for _, count, _ in band_shares(tally, names)],
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
    return html_pdf(report_html(report, number))


# The file name -----------------------------------------------------------------------


def report_filename(report: QualityReport, ext: str, number: int | None = None) -> str:
    """"bao-cao-dang-bo-phuong-vu-ninh-2026-Q3.xlsx": ASCII only, safe in a header. An
    issued report's ends with its number: "…-2026-Q3-so-05.pdf"."""
    return filename_of(report.root, report.period, ext, number)


def filename_of(root, period, ext: str, number: int | None = None) -> str:
    name = slug(root.name)
    tail = f"-so-{number:02d}" if number else ""
    return f"bao-cao-{name}-{period.code}{tail}.{ext.lstrip('.')}"
