"""The dashboard's long sections, each loaded when opened: the units (or a cell's
meetings), what to act on, the ranking, the twelve-month trend. Each is one URL that
answers the section alone to htmx (the dashboard swaps it into its collapsed <details>)
and a page of its own to a browser without JavaScript, behind the dashboard's gate
(`views_common.parse` → `access.report_root`) with the same organization and period.

The report is computed whole for each (selectors.quality_report has no partial form); a
section only renders its part, so the dashboard's first paint stays small."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe
from django_htmx.http import HttpResponseClientRedirect

from chibo.reports.charts import report_charts
from chibo.reports.selectors import quality_report
from chibo.reports.views_common import (
    band_rows,
    cell_meetings,
    dashboard_url,
    months_text,
    parse,
    quarters_text,
    url,
)
from chibo.reports.wording import KIND_LABELS

SHOWN = 10  # items of an exception list shown before "xem tất cả"
RANKED = 10  # cells at the top and at the bottom of the ranking
# The exception lists (key → the report's list), in the page's order.
EXCEPTIONS = {
    "regular": "without_regular",
    "thematic": "without_thematic",
    "attendance": "low_attendance",
    "minutes": "late_minutes",
    "concerns": "concerns_overdue",
    "tasks": "tasks_overdue",
    "absences": "absence_flagged",
}
TITLES = {
    "units": "Theo đơn vị",
    "act": "Cần chỉ đạo",
    "ranking": "Xếp hạng chi bộ theo điểm chất lượng bình quân",
    "charts": "Diễn biến 12 tháng",
}
CELL_TITLES = {**TITLES, "units": "Các buổi sinh hoạt trong kỳ"}


# --- the dashboard's links -----------------------------------------------------------------


def section_links(report) -> list[dict]:
    """The sections the dashboard offers for this report, each with a line on what it
    holds (from the report already computed: no query). A cell's meetings are on the
    dashboard itself, and a cell has no ranking."""
    root, period = report.root, report.period
    base = {"organization": root.pk, "period": period.code}
    lists = [getattr(report, attr) for attr in EXCEPTIONS.values()]
    hints = {
        "units": f"{len(report.units)} đơn vị",
        "act": f"{sum(1 for items in lists if items)}/{len(lists)} danh sách có mục cần xử lý",
        "ranking": f"{len(report.ranked)} chi bộ có buổi sinh hoạt đã chấm điểm trong kỳ",
        "charts": "Tỷ lệ sinh hoạt, dự sinh hoạt, xếp loại và điểm bình quân theo tháng",
    }
    keys = ["act", "charts"] if root.is_cell else ["units", "act", "ranking", "charts"]
    return [{"key": key, "title": TITLES[key], "hint": hints[key],
             "url": url(f"reports:{key}", **base)} for key in keys]


# --- the parts -------------------------------------------------------------------------------


def _cell_links(cell, period, report):
    """Where a cell's exceptions are fixed. The filter forms of those lists offer only
    organizations that still exist: a dissolved cell links to its own figures."""
    year = report.as_of.year
    alive = cell.dissolved_on is None
    meetings = {"organization": cell.id, "year": year}
    if period.kind == "month":
        meetings["month"] = period.number
    return {
        "dashboard": dashboard_url(cell.id, period),
        "meetings": url("meetings:list", **meetings) if alive else None,
        "thematic": url("meetings:list", organization=cell.id, kind="thematic", year=year)
        if alive else None,
        "concerns": url("supervision:concerns", organization=cell.id, overdue="1")
        if alive else None,
        "tasks": url("meetings:tasks", organization=cell.id, state="overdue") if alive else None,
        "absences": url("meetings:absences", organization=cell.id, year=year) if alive else None,
    }


def _exceptions(report, period, expanded: set[str], base: dict):
    """The lists a committee acts on, each item with the link to where it is fixed."""
    floor = floatformat(report.attendance_floor, "-1")
    days = report.policies["report.adopt_days"]
    flag_months = report.policies["absence.flag_months"]
    links = {}

    def cell_item(cell, detail, fix, fix_label, badge=None):
        if cell.id not in links:
            links[cell.id] = _cell_links(cell, period, report)
        link = links[cell.id]
        fix_url = link[fix]
        if fix_url is None:  # dissolved: the lists cannot filter on it any more
            fix_url, fix_label = link["dashboard"], "Xem số liệu chi bộ"
        return {
            "name": cell.name,
            "unit": cell.unit_name if cell.unit_name != cell.name else "",
            "url": link["dashboard"],
            "detail": detail,
            "badge": badge,
            "fix_url": fix_url,
            "fix_label": fix_label,
            "dissolved_on": cell.dissolved_on,
        }

    sections = [
        {
            "key": "regular",
            "title": "Chi bộ chưa sinh hoạt thường kỳ",
            "note": "Tháng đến hạn mà chi bộ chưa sinh hoạt thường kỳ (buổi đã diễn ra).",
            "item": lambda c: cell_item(c, f"Chưa sinh hoạt: {months_text(c.missing_months)}",
                                        "meetings", "Lịch sinh hoạt"),
        },
        {
            "key": "thematic",
            "title": "Chi bộ chưa sinh hoạt chuyên đề trong quý",
            "note": "Quý đến hạn chưa có buổi sinh hoạt chuyên đề đã diễn ra.",
            "item": lambda c: cell_item(
                c, quarters_text(c.missing_quarters, report.as_of), "thematic",
                "Sinh hoạt chuyên đề",
                badge=("Đã lên kế hoạch", "text-bg-info") if c.thematic_planned
                else ("Chưa có kế hoạch", "text-bg-danger")),
        },
        {
            "key": "attendance",
            "title": f"Tỷ lệ đảng viên dự sinh hoạt dưới {floor}%",
            "note": f"Ngưỡng {floor}% theo quy định hiện hành của cấp ủy; không tính đảng viên "
                    "được miễn sinh hoạt.",
            "item": lambda c: cell_item(c, f"{floatformat(c.tally.attendance_rate, '-1')}% "
                                           f"({c.tally.present}/{c.tally.expected} lượt có mặt)",
                                        "dashboard", "Các buổi sinh hoạt"),
        },
        {
            "key": "minutes",
            "title": f"Biên bản chưa thông qua sau {days} ngày",
            "note": "Buổi sinh hoạt đã diễn ra nhưng biên bản chưa được thông qua trên hệ thống.",
            "item": lambda m: {
                "name": m.cell.name,
                "unit": m.cell.unit_name if m.cell.unit_name != m.cell.name else "",
                "url": dashboard_url(m.cell.id, period),
                "detail": f"{KIND_LABELS.get(m.kind, m.kind)} ngày "
                          f"{timezone.localtime(m.scheduled_at):%d/%m/%Y} · đã {m.days} ngày",
                "badge": None,
                "fix_url": reverse("meetings:detail", args=[m.meeting_id]),
                "fix_label": "Mở biên bản",
                "dissolved_on": m.cell.dissolved_on,
            },
        },
        {
            "key": "concerns",
            "title": "Kiến nghị quá hạn chưa trả lời",
            "note": "Đếm cả kiến nghị do cấp ủy khác đang giữ; danh sách kiến nghị chỉ hiện "
                    "những kiến nghị trên tuyến xử lý của đồng chí.",
            "item": lambda c: cell_item(c, f"{c.tally.concerns_overdue} kiến nghị quá hạn "
                                           f"(đang mở {c.tally.concerns_open})",
                                        "concerns", "Xem kiến nghị"),
        },
        {
            "key": "tasks",
            "title": "Nhiệm vụ quá hạn",
            "note": "Nhiệm vụ được giao tại buổi sinh hoạt, quá hạn mà chưa báo cáo hoàn thành.",
            "item": lambda c: cell_item(c, f"{c.tally.tasks_overdue} nhiệm vụ quá hạn", "tasks",
                                        "Xem nhiệm vụ"),
        },
        {
            "key": "absences",
            "title": f"Đảng viên vắng không lý do từ {flag_months} tháng trong năm",
            "note": "Cảnh báo để chi bộ xem xét; hệ thống không tự xóa tên.",
            "item": lambda c: cell_item(c, f"{c.tally.members_flagged} đảng viên", "absences",
                                        "Xem danh sách"),
        },
    ]
    for section in sections:
        key, item = section["key"], section.pop("item")
        source = getattr(report, EXCEPTIONS[key])
        section["count"] = len(source)
        section["expanded"] = key in expanded
        # Only the items shown are built: a province's lists run to thousands of cells.
        section["shown"] = [item(x) for x in (source if key in expanded else source[:SHOWN])]
        others = sorted(expanded - {key}) if key in expanded else sorted(expanded | {key})
        section["toggle_url"] = url("reports:act", **base, all=others)
    return sections


def _ranking(report):
    ranked = report.ranked

    def row(i):
        cell = ranked[i]
        return {"rank": i + 1, "cell": cell, "url": dashboard_url(cell.id, report.period),
                "bands": [b for b in band_rows(cell.tally, report.band_names) if b["count"]]}

    if len(ranked) <= RANKED:
        return [row(i) for i in range(len(ranked))], []  # one table
    # The bottom is what the committee acts on: the lowest first, never a cell of the top.
    bottom = reversed(range(max(RANKED, len(ranked) - RANKED), len(ranked)))
    return [row(i) for i in range(RANKED)], [row(i) for i in bottom]


# --- the views -------------------------------------------------------------------------------


def _units(request, report):
    period = report.period
    if report.root.is_cell:
        return {"meetings": cell_meetings(request.user, report.root, period)}
    return {"units": [
        {"unit": u, "tally": u.tally, "url": dashboard_url(u.id, period),
         "bands": band_rows(u.tally, report.band_names)}
        for u in report.units
    ], "bands": band_rows(report.total, report.band_names)}


def _act(request, report):
    expanded = set(request.GET.getlist("all")) & set(EXCEPTIONS)
    base = {"organization": report.root.pk, "period": report.period.code}
    return {"exceptions": _exceptions(report, report.period, expanded, base)}


def _ranking_part(request, report):
    top, bottom = _ranking(report)
    return {"top": top, "bottom": bottom, "ranked_count": len(report.ranked)}


def _charts(request, report):
    return {"charts": report_charts(report)}


def _section(request, key: str, build):
    """The section `key` of the report of the request's organization and period: alone
    to htmx, else on a page of its own. A bad period goes back to the dashboard, which
    says why. Queries: the dashboard's up to the report; a cell's meetings for its units.
    """
    root, period, error, today = parse(request)
    if error:
        back = url("reports:dashboard", organization=root.pk, period=request.GET.get("period"))
        return HttpResponseClientRedirect(back) if request.htmx else redirect(back)
    report = quality_report(root, period, today=today)
    context = {
        "root": root,
        "period": period,
        "report": report,
        "total": report.total,
        "key": key,
        "title": (CELL_TITLES if root.is_cell else TITLES)[key],
        "back_url": dashboard_url(root.pk, period),
        **(build(request, report) if report.started else {}),
    }
    template = "reports/_section.html" if request.htmx else "reports/section.html"
    response = render(request, template, context)
    # One URL, two answers: a cache must not serve the fragment for the page.
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_safe
def units(request):
    """The units of the root with their figures, each linking to its own dashboard; for
    a cell, its meetings of the period."""
    return _section(request, "units", _units)


@login_required
@require_safe
def act(request):
    """What to act on: the exception lists, ten items each unless `all` names it."""
    return _section(request, "act", _act)


@login_required
@require_safe
def ranking(request):
    """The cells ranked by their average quality score: the top and the bottom ten."""
    return _section(request, "ranking", _ranking_part)


@login_required
@require_safe
def charts(request):
    """The twelve months' charts, drawn on the server as SVG."""
    return _section(request, "charts", _charts)
