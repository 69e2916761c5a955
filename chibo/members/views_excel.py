"""Pages for the members' Excel import and export; the work is in chibo.members.excel."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from chibo.core.scope import gate, visible_organizations
from chibo.core.web import file_response, picked, picker_organizations
from chibo.core.xlsx import XLSX_CONTENT_TYPE
from chibo.jobs.web import offer
from chibo.members import jobs as member_jobs
from chibo.members.excel import export_members_xlsx, template_xlsx
from chibo.members.excel_import import import_members_xlsx
from chibo.members.forms import ImportForm, MemberFilterForm
from chibo.members.selectors import member_list

MAX_ERRORS_SHOWN = 200  # a wrong file can give thousands; the first ones show the pattern


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    return file_response(content, filename=filename, content_type=XLSX_CONTENT_TYPE)


@login_required
@require_http_methods(["GET", "POST"])
def import_members(request):
    organizations = picker_organizations(request.user, write=True)
    # A link naming an organization (?organization=<id>) goes through the gate: out of
    # scope is 404. What is typed in the form is refused under the box, with the same
    # words for one that does not exist and one outside the scope.
    target = None
    if request.method == "GET" and request.GET.get("organization"):
        targets = visible_organizations(request.user, write=True).filter(
            dissolved_on__isnull=True
        )
        target = gate(targets, request.GET["organization"])
    if not organizations:
        raise Http404("Bạn không có quyền nhập đảng viên vào tổ chức nào.")
    if target is None and len(organizations) == 1:
        target = organizations[0]
    form = ImportForm(
        request.POST or None, request.FILES or None, organizations=organizations,
        initial={"organization": target.pk if target else None},
    )
    errors = []
    if request.method == "POST" and form.is_valid():
        target = picked(organizations, form.cleaned_data["organization"])
        result = import_members_xlsx(form.cleaned_data["file"], root=target, actor=request.user)
        if result.ok:
            messages.success(request, f"Đã nhập {result.count} đảng viên.")
            return redirect(f"{reverse('members:list')}?organization={target.pk}")
        errors = result.errors
    return render(request, "members/import.html", {
        "form": form,
        "errors": errors[:MAX_ERRORS_SHOWN],
        "errors_total": len(errors),
        "errors_hidden": max(0, len(errors) - MAX_ERRORS_SHOWN),
    })


@login_required
@require_GET
def import_template(request):
    return _xlsx_response(template_xlsx(), "mau-nhap-dang-vien.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def export_members(request):
    """The member list's filters (q, organization, status, position), as a file: at once
    up to `settings.MEMBERS_EXPORT_QUEUE_ABOVE` members, else built by the worker
    (chibo.jobs; GET offers it, POST queues it)."""
    organizations = []
    if request.GET.get("organization"):
        organizations = [gate(visible_organizations(request.user), request.GET["organization"])]
    form = MemberFilterForm(request.GET or None, organizations=organizations)
    if form.is_bound and not form.is_valid():
        # Silently dropping a bad filter would export more people than asked for.
        return HttpResponseBadRequest("Bộ lọc không hợp lệ.")
    filters = form.filters()
    members = member_list(request.user, **filters)
    today = timezone.localdate()
    count = members.count()
    if count > settings.MEMBERS_EXPORT_QUEUE_ABOVE:
        query = request.GET.urlencode()
        return offer(request, kind=member_jobs.KIND, params=member_jobs.params(filters, today),
                     title=member_jobs.title(count),
                     back_url=reverse("members:list") + (f"?{query}" if query else ""))
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return _xlsx_response(export_members_xlsx(members), member_jobs.export_filename(today))
