from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from chibo.core.concurrency import edit_base
from chibo.core.forms import apply_service_error, posted_base, with_edit_base
from chibo.core.scope import user_scope, visible_organizations
from chibo.members import services
from chibo.members.forms import MemberFilterForm, MemberForm, TransferForm
from chibo.members.selectors import get_member_for_user, member_list
from chibo.members.views_life import member_page
from chibo.organizations.models import Organization
from chibo.organizations.selectors import names_by_path


def _filter_organizations(user):
    return list(
        visible_organizations(user)
        .filter(dissolved_on__isnull=True)
        .only("id", "name", "depth", "path")
        .order_by("path")
    )


def _active_cells(user, *, write: bool):
    return (
        visible_organizations(user, write=write)
        .filter(is_cell=True, dissolved_on__isnull=True)
        .order_by("name")
    )


@login_required
def member_list_view(request):
    """Queries: session, user, scopes, own member, organizations for the filter,
    count, page, names of the cells' parents."""
    form = MemberFilterForm(request.GET or None, organizations=_filter_organizations(request.user))
    filters = form.filters()
    paginator = Paginator(member_list(request.user, **filters), settings.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    parent_names = names_by_path(m.organization.parent_path for m in page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/list.html",
        {
            "form": form,
            "page": page,
            "parent_names": parent_names,
            "query": query.urlencode(),
            "can_write": bool(
                user_scope(request.user).is_admin or user_scope(request.user).write_paths
            ),
        },
    )


@login_required
def member_detail(request, pk):
    return member_page(request, get_member_for_user(request.user, pk))


def _member_form(request, *, editing=False, initial=None):
    return MemberForm(
        request.POST or None,
        initial=initial,
        cells=_active_cells(request.user, write=True),
        residence_cells=Organization.objects.filter(
            is_cell=True, dissolved_on__isnull=True
        ).order_by("name"),
        editing=editing,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request):
    initial = {}
    if request.GET.get("organization"):
        initial["organization"] = request.GET["organization"]
    form = _member_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organization = data.pop("organization")
        try:
            member = services.member_create(actor=request.user, organization=organization, **data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"Đã thêm đảng viên {member.full_name}.")
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/form.html", {"form": form, "title": "Thêm đảng viên"})


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk):
    member = get_member_for_user(request.user, pk, write=True)
    initial = {
        field: getattr(member, field)
        for field in services.EDITABLE_FIELDS
        if field != "party_group"
    }
    form = with_edit_base(
        _member_form(request, editing=True, initial=initial), edit_base(member, list(initial))
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "base"}
        try:
            services.member_update(
                actor=request.user, member=member, base=posted_base(form), **data
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("members:detail", pk=member.pk)
    return render(
        request,
        "members/form.html",
        {
            "form": form,
            "member": member,
            "title": f"Sửa hồ sơ {member.full_name}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_transfer(request, pk):
    member = get_member_for_user(request.user, pk, write=True)
    form = TransferForm(
        request.POST or None,
        cells=_active_cells(request.user, write=True).exclude(pk=member.organization_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_transfer(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"Đã chuyển sinh hoạt cho {member.full_name}.")
            return redirect("members:detail", pk=member.pk)
    return render(
        request,
        "members/form.html",
        {
            "form": form,
            "member": member,
            "title": f"Chuyển sinh hoạt: {member.full_name}",
        },
    )
