from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from chibo.core.concurrency import edit_base
from chibo.core.forms import posted_base, with_edit_base
from chibo.core.scope import user_scope
from chibo.core.web import paginate, picker_organizations, submit
from chibo.members import services
from chibo.members.forms import MemberFilterForm, MemberForm, TransferForm
from chibo.members.selectors import get_member_for_user, member_list
from chibo.members.views_life import member_page
from chibo.organizations.models import Organization
from chibo.organizations.selectors import names_by_path


@login_required
def member_list_view(request):
    """Queries: session, user, scopes, own member, organizations for the filter,
    count, page, names of the cells' parents."""
    form = MemberFilterForm(request.GET or None, organizations=picker_organizations(request.user))
    filters = form.filters()
    page, query = paginate(request, member_list(request.user, **filters))
    parent_names = names_by_path(m.organization.parent_path for m in page.object_list)
    return render(
        request,
        "members/list.html",
        {
            "form": form,
            "page": page,
            "parent_names": parent_names,
            "query": query,
            "can_write": user_scope(request.user).writes_organizations,
        },
    )


@login_required
def member_detail(request, pk):
    return member_page(request, get_member_for_user(request.user, pk))


def _write_cells(user) -> tuple[list, list]:
    """The cells of the write scope, and the scope they are labelled in."""
    scope = picker_organizations(user, write=True)
    return [o for o in scope if o.is_cell], scope


def _member_form(request, *, editing=False, initial=None):
    cells, scope = _write_cells(request.user)
    return MemberForm(
        request.POST or None,
        initial=initial,
        cells=cells,
        scope=scope,
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
        done = submit(
            request,
            lambda: services.member_create(actor=request.user, organization=organization, **data),
            form=form,
            success=lambda member: f"Đã thêm đảng viên {member.full_name}.",
            then=lambda member: reverse("members:detail", args=[member.pk]),
        )
        if done:
            return done
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
        done = submit(
            request,
            lambda: services.member_update(
                actor=request.user, member=member, base=posted_base(form), **data
            ),
            form=form,
            success="Đã lưu thay đổi.",
            then=reverse("members:detail", args=[member.pk]),
        )
        if done:
            return done
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
    cells, scope = _write_cells(request.user)
    form = TransferForm(
        request.POST or None,
        cells=cells,
        scope=scope,
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.member_transfer(
                actor=request.user, member=member, **form.cleaned_data
            ),
            form=form,
            success=f"Đã chuyển sinh hoạt cho {member.full_name}.",
            then=reverse("members:detail", args=[member.pk]),
        )
        if done:
            return done
    return render(
        request,
        "members/form.html",
        {
            "form": form,
            "member": member,
            "title": f"Chuyển sinh hoạt: {member.full_name}",
        },
    )
