"""The committee dashboard (P1): where meeting quality stands across the committee's
cells for a month, a quarter or a year, what to act on, and the same report as Excel and
PDF.

Every figure comes from `selectors.quality_report`; this module only reads the request
(`organization`, `period`), builds the links that keep the period while drilling down
(city → ward → cell → meeting), and renders. Out of scope is 404
(`reports.access.report_root`). The first paint carries the headline figures; the long
sections (units, what to act on, ranking, trend) are each loaded when opened, from
`views_sections`, behind the same gate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from chibo.core.paths import ancestor_paths, top_path
from chibo.core.scope import gate, user_scope, visible_organizations
from chibo.core.web import file_response
from chibo.documents import numbering
from chibo.documents.issuers import issuer_of
from chibo.documents.models import DocumentCounter, DocumentKind
from chibo.jobs.web import offer
from chibo.reports import exports
from chibo.reports import jobs as report_jobs
from chibo.reports.figures import EARLIEST, first_month
from chibo.reports.models import IssuedReport
from chibo.reports.periods import Period
from chibo.reports.selectors import quality_report
from chibo.reports.services import AlreadyIssued, can_issue, issued_for, report_issue
from chibo.reports.views_common import (
    band_rows,
    cell_meetings,
    dashboard_url,
    parse,
    quarters_text,
    url,
)
from chibo.reports.views_sections import section_links

KINDS = [("month", "Tháng"), ("quarter", "Quý"), ("year", "Năm")]
CHOICES = {"month": 24, "quarter": 12, "year": 6}  # periods offered in the picker


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
        {"name": by_path[p].name, "url": dashboard_url(by_path[p].pk, period)}
        for p in prefixes
        if p in by_path
    ]
    scopes = [
        {"name": o.name, "url": dashboard_url(o.pk, period),
         "current": root.path.startswith(o.path)}
        for o in rows
        if (scope.read_paths is None and o.depth == 1)
        or (scope.read_paths is not None and o.path in scope.read_paths)
    ]
    return crumbs, scopes if len(scopes) > 1 else []


def _period_links(root, period: Period, today):
    kinds = [
        {"label": label, "url": dashboard_url(root.pk, period.as_kind(kind, today)),
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
        "previous": {"label": period.previous.short,
                     "url": dashboard_url(root.pk, period.previous)},
        "next": {"label": following.short, "url": dashboard_url(root.pk, following),
                 "future": following.start > today},
        "current": None if current == period else {
            "label": current.short, "url": dashboard_url(root.pk, current)},
        "choices": choices,
    }


# --- the pages -------------------------------------------------------------------------


@login_required
@require_safe
def dashboard(request):
    """The committee's home for its subtree: the headline figures, and the long sections
    as links that load each when opened (`views_sections`). Queries: session, user, the
    user's scopes and own member record (the scope), the root (the gate), the report's
    own (see selectors), the breadcrumb with the tops of the user's scope, the period's
    issued report (committee staff). A cell: no units query in the report, and its
    meetings of the period, short, are on the page
    (test_views.test_a_fixed_number_of_queries)."""
    root, period, error, today = parse(request)
    report = quality_report(root, period, today=today)
    crumbs, scopes = _crumbs(request.user, root, period)
    base = {"organization": root.pk, "period": period.code}
    issuing = None
    if can_issue(request.user, root):  # no query for a cell or a secretary
        issuing = {
            "issued": issued_for(root, period),
            "issue_url": url("reports:issue", **base),
            "list_url": url("reports:issued", organization=root.pk),
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
        "bands": band_rows(report.total, report.band_names),
        "meetings": cell_meetings(request.user, root, period) if root.is_cell else [],
        "sections": section_links(report) if report.started else [],
        "downloads": {
            "xlsx": url("reports:xlsx", **base),
            "pdf": url("reports:pdf", **base),
        },
        "running": report.as_of < period.end,
        "data_from": data_from if data_from > EARLIEST else None,
        "future": period.start > today,
        "adopt_days": report.policies["report.adopt_days"],
        "flag_months": report.policies["absence.flag_months"],
        "quarters_label": quarters_text(report.quarters, report.as_of),
        "issuing": issuing,
    }
    return render(request, "reports/dashboard.html", context, status=400 if error else 200)


def _download(request, ext: str):
    """The report's file is built by the worker (chibo.jobs): GET offers it (with the same
    file already built), POST queues it and shows its progress."""
    root, period, error, today = parse(request)
    if error:
        return redirect(url("reports:dashboard", organization=root.pk,
                             period=request.GET.get("period")))
    return offer(request, kind=f"report_{ext}", params=report_jobs.params(root, period, today),
                 title=report_jobs.title(root, period, ext),
                 back_url=dashboard_url(root.pk, period))


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
    root, period, error, today = parse(request)
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
    listing = url("reports:issued", organization=root.pk)
    if error:
        messages.error(request, error)
        return redirect(url("reports:dashboard", organization=root.pk))
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
            return redirect(dashboard_url(root.pk, period))
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
        "preview_url": url("reports:pdf", organization=root.pk, period=period.code),
        "back_url": dashboard_url(root.pk, period),
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
        "back_url": dashboard_url(root.pk, period),
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
