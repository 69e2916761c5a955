"""The committee dashboard (P1): where meeting quality stands across the committee's
cells for a month, a quarter or a year, what to act on, and the same report as Excel and
PDF.

Every figure comes from `selectors.quality_report`; this module only reads the request
(`organization`, `period`, `all`), builds the links that keep the period while drilling
down (city → ward → cell → meeting), and renders. Out of scope is 404
(`reports.access.report_root`)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from chibo.core.paths import ancestor_paths, top_path
from chibo.core.scope import gate, user_scope, visible_organizations
from chibo.core.web import file_response
from chibo.documents import numbering
from chibo.documents.issuers import issuer_of
from chibo.documents.models import DocumentCounter, DocumentKind
from chibo.jobs.web import offer
from chibo.meetings.models import MeetingKind
from chibo.meetings.selectors import visible_meetings
from chibo.reports import exports
from chibo.reports import jobs as report_jobs
from chibo.reports.access import report_root
from chibo.reports.charts import BAND_COLOURS, SERIES_COLOURS, report_charts
from chibo.reports.figures import EARLIEST, first_month
from chibo.reports.models import IssuedReport
from chibo.reports.periods import ROMAN, Period
from chibo.reports.selectors import quality_report
from chibo.reports.services import AlreadyIssued, can_issue, issued_for, report_issue

KIND_LABELS = dict(MeetingKind.choices)
KINDS = [("month", "Tháng"), ("quarter", "Quý"), ("year", "Năm")]
EXCEPTIONS = {"regular", "thematic", "attendance", "minutes", "concerns", "tasks", "absences"}
SHOWN = 10  # items of an exception list shown before "xem tất cả"
RANKED = 10  # cells at the top and at the bottom of the ranking
CHOICES = {"month": 24, "quarter": 12, "year": 6}  # periods offered in the picker


# --- the request -----------------------------------------------------------------------


def _parse(request):
    """(root, period, error, today): the organization through the scope gate (404), the
    period from its code; a bad code gives the current month and a message."""
    today = timezone.localdate()
    root = report_root(request.user, request.GET.get("organization"))
    code = (request.GET.get("period") or "").strip()
    period, error = Period.of("month", today), ""
    if code:
        try:
            period = Period.parse(code)
        except ValueError as exc:
            error = f"{exc} Đang hiển thị {period}."
    return root, period, error, today


def _url(name: str, **params) -> str:
    query = urlencode([(k, v) for k, v in params.items() if v not in (None, "")], doseq=True)
    return reverse(name) + (f"?{query}" if query else "")


def _dashboard(organization_id, period: Period, **extra) -> str:
    return _url("reports:dashboard", organization=organization_id, period=period.code, **extra)


def _months_text(months) -> str:
    """[2026-08-01, 2026-09-01] → "08/2026, 09/2026"."""
    return ", ".join(f"{m.month:02d}/{m.year}" for m in months)


def _quarters_text(quarters, as_of) -> str:
    """[(2026, 3), (2026, 4)] → "Quý III/2026, Quý IV/2026 (quý chưa kết thúc)"."""
    return ", ".join(
        f"Quý {ROMAN[q]}/{y}" + (" (quý chưa kết thúc)" if Period("quarter", y, q).end > as_of
                                 else "")
        for y, q in quarters
    )


# --- the parts of the page -------------------------------------------------------------


def _crumbs(user, root, period):
    """The path from the top of the user's scope down to the root, and the tops of the
    user's scope (several for someone on two wards). One query."""
    scope = user_scope(user)
    if scope.read_paths is None:
        top = top_path(root.path)
        tops = Q(depth=1)
    else:
        top = max((p for p in scope.read_paths if root.path.startswith(p)), key=len)
        tops = Q(path__in=scope.read_paths)
    prefixes = ancestor_paths(root.path, start=top)
    rows = list(
        visible_organizations(user)
        .filter(Q(path__in=prefixes) | tops)
        .only("id", "name", "path", "depth")
        .order_by("path")
    )
    by_path = {o.path: o for o in rows}
    crumbs = [
        {"name": by_path[p].name, "url": _dashboard(by_path[p].pk, period)}
        for p in prefixes
        if p in by_path
    ]
    scopes = [
        {"name": o.name, "url": _dashboard(o.pk, period), "current": root.path.startswith(o.path)}
        for o in rows
        if (scope.read_paths is None and o.depth == 1)
        or (scope.read_paths is not None and o.path in scope.read_paths)
    ]
    return crumbs, scopes if len(scopes) > 1 else []


def _period_links(root, period: Period, today):
    kinds = [
        {"label": label, "url": _dashboard(root.pk, period.as_kind(kind, today)),
         "active": kind == period.kind}
        for kind, label in KINDS
    ]
    current = Period.of(period.kind, today)
    following = period.next
    choices, p = [], current
    for _ in range(CHOICES[period.kind]):
        choices.append((p.code, str(p)))
        p = p.previous
    if period.code not in {code for code, _ in choices}:
        choices.insert(0, (period.code, str(period)))
    return {
        "kinds": kinds,
        "previous": {"label": period.previous.short, "url": _dashboard(root.pk, period.previous)},
        "next": {"label": following.short, "url": _dashboard(root.pk, following),
                 "future": following.start > today},
        "current": None if current == period else {
            "label": current.short, "url": _dashboard(root.pk, current)},
        "choices": choices,
    }


def _bands(tally, names):
    """[{name, count, share (percent), colour}] of a tally's bands, in the policy's order."""
    total = sum(tally.bands.get(n, 0) for n in names)
    return [
        {
            "name": name,
            "count": tally.bands.get(name, 0),
            "share": round(100 * tally.bands.get(name, 0) / total, 1) if total else None,
            "colour": BAND_COLOURS.get(name, SERIES_COLOURS[i % len(SERIES_COLOURS)]),
        }
        for i, name in enumerate(names)
    ]


def _cell_links(cell, period, report):
    """Where a cell's exceptions are fixed. The filter forms of those lists offer only
    organizations that still exist: a dissolved cell links to its own figures."""
    year = report.as_of.year
    alive = cell.dissolved_on is None
    meetings = {"organization": cell.id, "year": year}
    if period.kind == "month":
        meetings["month"] = period.number
    return {
        "dashboard": _dashboard(cell.id, period),
        "meetings": _url("meetings:list", **meetings) if alive else None,
        "thematic": _url("meetings:list", organization=cell.id, kind="thematic", year=year)
        if alive else None,
        "concerns": _url("supervision:concerns", organization=cell.id, overdue="1")
        if alive else None,
        "tasks": _url("meetings:tasks", organization=cell.id, state="overdue") if alive else None,
        "absences": _url("meetings:absences", organization=cell.id, year=year) if alive else None,
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
            "source": report.without_regular,
            "item": lambda c: cell_item(c, f"Chưa sinh hoạt: {_months_text(c.missing_months)}",
                                        "meetings", "Lịch sinh hoạt"),
        },
        {
            "key": "thematic",
            "title": "Chi bộ chưa sinh hoạt chuyên đề trong quý",
            "note": "Quý đến hạn chưa có buổi sinh hoạt chuyên đề đã diễn ra.",
            "source": report.without_thematic,
            "item": lambda c: cell_item(
                c, _quarters_text(c.missing_quarters, report.as_of), "thematic",
                "Sinh hoạt chuyên đề",
                badge=("Đã lên kế hoạch", "text-bg-info") if c.thematic_planned
                else ("Chưa có kế hoạch", "text-bg-danger")),
        },
        {
            "key": "attendance",
            "title": f"Tỷ lệ đảng viên dự sinh hoạt dưới {floor}%",
            "note": f"Ngưỡng {floor}% theo quy định hiện hành của cấp ủy; không tính đảng viên "
                    "được miễn sinh hoạt.",
            "source": report.low_attendance,
            "item": lambda c: cell_item(c, f"{floatformat(c.tally.attendance_rate, '-1')}% "
                                           f"({c.tally.present}/{c.tally.expected} lượt có mặt)",
                                        "dashboard", "Các buổi sinh hoạt"),
        },
        {
            "key": "minutes",
            "title": f"Biên bản chưa thông qua sau {days} ngày",
            "note": "Buổi sinh hoạt đã diễn ra nhưng biên bản chưa được thông qua trên hệ thống.",
            "source": report.late_minutes,
            "item": lambda m: {
                "name": m.cell.name,
                "unit": m.cell.unit_name if m.cell.unit_name != m.cell.name else "",
                "url": _dashboard(m.cell.id, period),
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
            "source": report.concerns_overdue,
            "item": lambda c: cell_item(c, f"{c.tally.concerns_overdue} kiến nghị quá hạn "
                                           f"(đang mở {c.tally.concerns_open})",
                                        "concerns", "Xem kiến nghị"),
        },
        {
            "key": "tasks",
            "title": "Nhiệm vụ quá hạn",
            "note": "Nhiệm vụ được giao tại buổi sinh hoạt, quá hạn mà chưa báo cáo hoàn thành.",
            "source": report.tasks_overdue,
            "item": lambda c: cell_item(c, f"{c.tally.tasks_overdue} nhiệm vụ quá hạn", "tasks",
                                        "Xem nhiệm vụ"),
        },
        {
            "key": "absences",
            "title": f"Đảng viên vắng không lý do từ {flag_months} tháng trong năm",
            "note": "Cảnh báo để chi bộ xem xét; hệ thống không tự xóa tên.",
            "source": report.absence_flagged,
            "item": lambda c: cell_item(c, f"{c.tally.members_flagged} đảng viên", "absences",
                                        "Xem danh sách"),
        },
    ]
    for section in sections:
        key, source, item = section["key"], section.pop("source"), section.pop("item")
        section["count"] = len(source)
        section["expanded"] = key in expanded
        # Only the items shown are built: a province's lists run to thousands of cells.
        section["shown"] = [item(x) for x in (source if key in expanded else source[:SHOWN])]
        others = sorted(expanded - {key}) if key in expanded else sorted(expanded | {key})
        section["toggle_url"] = _url("reports:dashboard", **base, all=others) + f"#ex-{key}"
    return sections


def _ranking(report):
    ranked = report.ranked

    def row(i):
        cell = ranked[i]
        return {"rank": i + 1, "cell": cell, "url": _dashboard(cell.id, report.period),
                "bands": [b for b in _bands(cell.tally, report.band_names) if b["count"]]}

    if len(ranked) <= RANKED:
        return [row(i) for i in range(len(ranked))], []  # one table
    # The bottom is what the committee acts on: the lowest first, never a cell of the top.
    bottom = reversed(range(max(RANKED, len(ranked) - RANKED), len(ranked)))
    return [row(i) for i in range(RANKED)], [row(i) for i in bottom]


# --- the pages -------------------------------------------------------------------------


@login_required
@require_safe
def dashboard(request):
    """The committee's home for its subtree. Queries: session, user, the user's scopes and
    own member record (the scope), the root (the gate), the report's own ten (see
    selectors), the breadcrumb with the tops of the user's scope. For a cell: the report
    has no units query (nine), and the cell's meetings of the period are read: 16 either
    way (test_views.test_a_fixed_number_of_queries)."""
    root, period, error, today = _parse(request)
    report = quality_report(root, period, today=today)
    crumbs, scopes = _crumbs(request.user, root, period)
    base = {"organization": root.pk, "period": period.code}
    expanded = set(request.GET.getlist("all")) & EXCEPTIONS
    meetings = []
    if root.is_cell:
        meetings = list(
            visible_meetings(request.user)
            .filter(organization=root, period__gte=period.start, period__lte=period.end)
            .order_by("scheduled_at", "id")
            .only("id", "kind", "status", "period", "scheduled_at", "roll_expected",
                  "roll_present", "quality_total", "quality_band")
        )
    units = [
        {"unit": u, "tally": u.tally, "url": _dashboard(u.id, period),
         "bands": _bands(u.tally, report.band_names)}
        for u in report.units
    ]
    top, bottom = _ranking(report)
    charts = report_charts(report) if report.started else {}
    issuing = None
    if can_issue(request.user, root):  # no query for a cell or a secretary
        issuing = {
            "issued": issued_for(root, period),
            "issue_url": _url("reports:issue", **base),
            "list_url": _url("reports:issued", organization=root.pk),
            "open": report.started and period.start <= today,
        }
    data_from = first_month(report.policies["report.data_from"])
    context = {
        "root": root,
        "period": period,
        "report": report,
        "total": report.total,
        "error": error,
        "crumbs": crumbs,
        "scopes": scopes,
        "links": _period_links(root, period, today),
        "bands": _bands(report.total, report.band_names),
        "units": units,
        "meetings": meetings,
        "exceptions": _exceptions(report, period, expanded, base),
        "top": top,
        "bottom": bottom,
        "ranked_count": len(report.ranked),
        "charts": charts,
        "downloads": {
            "xlsx": _url("reports:xlsx", **base),
            "pdf": _url("reports:pdf", **base),
        },
        "running": report.as_of < period.end,
        "data_from": data_from if data_from > EARLIEST else None,
        "future": period.start > today,
        "adopt_days": report.policies["report.adopt_days"],
        "flag_months": report.policies["absence.flag_months"],
        "quarters_label": _quarters_text(report.quarters, report.as_of),
        "issuing": issuing,
    }
    return render(request, "reports/dashboard.html", context, status=400 if error else 200)


def _download(request, ext: str):
    """The report's file is built by the worker (chibo.jobs): GET offers it (with the same
    file already built), POST queues it and shows its progress."""
    root, period, error, today = _parse(request)
    if error:
        return redirect(_url("reports:dashboard", organization=root.pk,
                             period=request.GET.get("period")))
    return offer(request, kind=f"report_{ext}", params=report_jobs.params(root, period, today),
                 title=report_jobs.title(root, period, ext),
                 back_url=_dashboard(root.pk, period))


@login_required
@require_http_methods(["GET", "POST"])
def download_xlsx(request):
    """The report of the same root and period as an Excel workbook."""
    return _download(request, "xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def download_pdf(request):
    """The report of the same root and period as a PDF document (the same SVG charts)."""
    return _download(request, "pdf")


# --- issuing -----------------------------------------------------------------------------


def _issuing(request):
    """(root, period, error, today) for committee staff of the root (`can_issue`); 404 for
    anyone else, as for an organization out of scope."""
    root, period, error, today = _parse(request)
    if not can_issue(request.user, root):
        raise Http404
    return root, period, error, today


def _next_number(root, today) -> str:
    """The number the next report would take now (shown on the confirmation, not kept)."""
    term = numbering.term_start(root, today)
    last = (DocumentCounter.objects.filter(organization=root, kind=DocumentKind.REPORT,
                                           term_start=term)
            .values_list("last", flat=True).first()) or 0
    return numbering.number_text(last + 1, DocumentKind.REPORT,
                                 numbering.issuer_symbol(root, today))


@login_required
@require_http_methods(["GET", "POST"])
def issue(request):
    """Ban hành báo cáo: a confirmation page (GET), then the issue (POST). A second submit
    of the same period (a double tap, a colleague) lands on the list with the number the
    report already has."""
    root, period, error, today = _issuing(request)
    listing = _url("reports:issued", organization=root.pk)
    if error:
        messages.error(request, error)
        return redirect(_url("reports:dashboard", organization=root.pk))
    existing = issued_for(root, period)
    if request.method == "POST":
        if existing is not None:
            messages.warning(request, AlreadyIssued(existing).messages[0])
            return redirect(listing)
        try:
            issued = report_issue(actor=request.user, organization=root, period=period)
        except AlreadyIssued as refusal:
            messages.warning(request, refusal.messages[0])
            return redirect(listing)
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
            return redirect(_dashboard(root.pk, period))
        messages.success(request, f"Đã ban hành báo cáo {period}: Số {issued.number.symbol}.")
        return redirect(listing)
    return render(request, "reports/issue.html", {
        "root": root,
        "period": period,
        "period_words": str(period)[:1].lower() + str(period)[1:],  # "quý III năm 2026"
        "committee": issuer_of(root.name).name,
        "existing": existing,
        "next_number": None if existing else _next_number(root, today),
        "running": period.end > today,
        "today": today,
        "preview_url": _url("reports:pdf", organization=root.pk, period=period.code),
        "back_url": _dashboard(root.pk, period),
        "list_url": listing,
    })


@login_required
@require_safe
def issued(request):
    """The reports the committee has issued, newest period first, each with its PDF as
    filed."""
    root, period, _, today = _issuing(request)
    rows = (IssuedReport.objects.filter(organization=root)
            .select_related("number__issued_by").defer("pdf")
            .order_by("-period_start", "period_end"))
    return render(request, "reports/issued.html", {
        "root": root,
        "committee": issuer_of(root.name).name,
        "rows": [{"issued": r, "period": Period.parse(r.period)} for r in rows],
        "back_url": _dashboard(root.pk, period),
    })


@login_required
@require_safe
def issued_pdf(request, pk):
    """The PDF of an issued report, byte for byte as issued."""
    scope = user_scope(request.user)
    reports = IssuedReport.objects.filter(organization__is_cell=False).select_related(
        "organization", "number")
    if not scope.is_admin:
        if not scope.staff_paths:
            raise Http404
        q = Q()
        for path in scope.staff_paths:
            q |= Q(organization__path__startswith=path)
        reports = reports.filter(q)
    issued = gate(reports, pk)
    name = exports.filename_of(issued.organization, Period.parse(issued.period), "pdf",
                               issued.number.number)
    return file_response(bytes(issued.pdf), filename=name, content_type="application/pdf")
