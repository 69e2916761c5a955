from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from chibo.audit.history import object_history
from chibo.core.paths import ancestor_paths
from chibo.core.scope import gate, user_scope, visible_organizations
from chibo.core.web import submit
from chibo.meetings.selectors import absence_flags, cell_year
from chibo.organizations import services
from chibo.organizations.forms import (
    DissolveForm,
    MoveForm,
    OrganizationEditForm,
    OrganizationForm,
    PartyGroupForm,
)
from chibo.organizations.models import Level, Organization, PartyGroup
from chibo.organizations.selectors import (
    TreeNode,
    counted,
    get_organization_for_user,
    tree_children,
    tree_roots,
)


@login_required
def tree(request):
    """The user's top organizations and the level under them; each node below opens its
    own children on demand (`children`), so a city is not one big page."""
    include_dissolved = request.GET.get("dissolved") == "1"
    roots = tree_roots(request.user, include_dissolved=include_dissolved)
    tree_children(request.user, roots, include_dissolved=include_dissolved)
    return render(
        request,
        "organizations/tree.html",
        {
            "roots": roots,
            "include_dissolved": include_dissolved,
            "total_cells": sum(r.cell_count for r in roots),
            "total_members": sum(r.member_count for r in roots),
        },
    )


@login_required
def children(request, pk):
    """One node's children as items of the tree (htmx); without htmx, the node's page,
    which lists them too."""
    parent = TreeNode(get_organization_for_user(request.user, pk))
    if not request.htmx:
        return redirect("organizations:detail", pk=parent.id)
    include_dissolved = request.GET.get("dissolved") == "1"
    tree_children(request.user, [parent], include_dissolved=include_dissolved)
    return render(
        request,
        "organizations/_children.html",
        {"nodes": parent.children, "include_dissolved": include_dissolved},
    )


@login_required
def detail(request, pk):
    scope = user_scope(request.user)
    # The read scope inside the query: a plain member reaches their own cell's page only
    # through their profile.
    org = gate(Organization.objects.filter(scope.path_q()).select_related("level"), pk)
    # This node's subtree only: its counts and its children's.
    (node,) = counted(request.user, [org], include_dissolved=not org.is_active)
    if node.has_children:
        tree_children(request.user, [node])
    ancestors = Organization.objects.filter(path__in=ancestor_paths(org.path)).order_by("depth")
    return render(
        request,
        "organizations/detail.html",
        {
            "org": org,
            "node": node,
            "ancestors": ancestors,
            "can_write": scope.covers(org.path, write=True),
            "party_groups": org.party_groups.annotate(member_count=Count("members"))
            if org.is_cell
            else [],
            "group_form": PartyGroupForm() if org.is_cell else None,
            "history": object_history(org.history.all(), PartyGroup.history.filter(cell_id=org.pk)),
            **_cell_meetings(request.user, org),
        },
    )


def _cell_meetings(user, org) -> dict:
    """A cell's meetings of this year and its absence flags (four queries: the meetings
    with their attendance counts, the policy, the members over the threshold, their
    records)."""
    if not org.is_cell:
        return {}
    year = timezone.localdate().year
    flagged, threshold = absence_flags(user, year=year, organization=org)
    return {
        "year": year,
        "meetings": list(cell_year(org, year)),
        "absence_flags": flagged,
        "absence_threshold": threshold,
    }


@login_required
@require_http_methods(["GET", "POST"])
def create(request, parent_pk):
    parent = get_organization_for_user(request.user, parent_pk, write=True)
    child_level = Level.objects.filter(rank__gt=parent.level.rank).order_by("rank").first()
    form = OrganizationForm(request.POST or None, initial={"level": child_level})
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.organization_create(
                actor=request.user, parent=parent, **form.cleaned_data
            ),
            form=form,
            success=lambda org: f"Đã tạo {org.name}.",
            then=lambda org: reverse("organizations:detail", args=[org.pk]),
        )
        if done:
            return done
    return render(
        request,
        "organizations/form.html",
        {
            "form": form,
            "parent": parent,
            "title": f"Thêm tổ chức trực thuộc {parent.name}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    org = get_organization_for_user(request.user, pk, write=True)
    form = OrganizationEditForm(
        request.POST or None,
        initial={
            "name": org.name,
            "kind": org.kind,
            "code": org.code,
            "address": org.address,
        },
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.organization_update(
                actor=request.user, organization=org, **form.cleaned_data
            ),
            form=form,
            success="Đã lưu thay đổi.",
            then=reverse("organizations:detail", args=[org.pk]),
        )
        if done:
            return done
    return render(
        request,
        "organizations/form.html",
        {
            "form": form,
            "org": org,
            "title": f"Sửa thông tin {org.name}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def move(request, pk):
    org = get_organization_for_user(request.user, pk, write=True)
    parents = (
        visible_organizations(request.user, write=True)
        .filter(is_cell=False, dissolved_on__isnull=True)
        .exclude(path__startswith=org.path)
        .order_by("path")
    )
    form = MoveForm(request.POST or None, parents=parents)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.organization_move(
                actor=request.user, organization=org, new_parent=form.cleaned_data["new_parent"]
            ),
            form=form,
            success=f"Đã chuyển {org.name}.",
            then=reverse("organizations:detail", args=[org.pk]),
        )
        if done:
            return done
    return render(
        request,
        "organizations/form.html",
        {
            "form": form,
            "org": org,
            "title": f"Chuyển {org.name} sang tổ chức khác",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dissolve(request, pk):
    org = get_organization_for_user(request.user, pk, write=True)
    form = DissolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.organization_dissolve(
                actor=request.user, organization=org, **form.cleaned_data
            ),
            form=form,
            success=f"Đã giải thể {org.name}.",
            then=reverse("organizations:detail", args=[org.pk]),
        )
        if done:
            return done
    return render(
        request,
        "organizations/form.html",
        {
            "form": form,
            "org": org,
            "title": f"Giải thể {org.name}",
            "danger": True,
        },
    )


@login_required
@require_http_methods(["POST"])
def party_group_create(request, pk):
    cell = get_organization_for_user(request.user, pk, write=True)
    form = PartyGroupForm(request.POST)
    back = reverse("organizations:detail", args=[cell.pk])
    if form.is_valid():
        done = submit(
            request,
            lambda: services.party_group_create(actor=request.user, cell=cell, **form.cleaned_data),
            success=lambda group: f"Đã lập {group.name}.",
            then=back,
        )
        if done:
            return done
    else:
        messages.error(request, "Cần nhập tên tổ đảng.")
    return redirect(back)
