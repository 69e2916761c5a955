"""Nhật ký thay đổi: every change in the subtrees of a committee's staff (and everywhere
for the system admin), who made it and what it changed."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from chibo.audit.forms import AuditFilterForm
from chibo.audit.history import audit_entries, audit_rows, has_audit

PAGE_SIZE = 50


@login_required
def audit_log(request):
    if not has_audit(request.user):
        raise Http404
    form = AuditFilterForm(request.GET or None, user=request.user)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "kind": data.get("kind") or "",
            "person": form.person_user,
            "since": data.get("since"),
            "until": data.get("until"),
        }
        if data.get("person") and filters["person"] is None:
            filters["person"] = 0  # someone outside the list: nobody's rows
    rows = audit_rows(request.user, **filters) if not form.errors else None
    page = entries = None
    if rows is not None:
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        entries = audit_entries(request.user, list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {"form": form, "page": page, "entries": entries, "query": query.urlencode()},
    )
