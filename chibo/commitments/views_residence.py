"""Residence comments (QĐ 213): the residence cell's secretary writes the comment on the
four standard points for a member living there; the workplace cell reads it; the
workplace cell's chi ủy records an exemption (HD 33)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from chibo.accounts.models import Role
from chibo.commitments import forms, selectors, services
from chibo.commitments.models import (
    RESIDENCE_POINTS,
    ResidenceComment,
    ResidenceExemption,
    ResidenceRating,
)
from chibo.commitments.pages import checked_year, render_page
from chibo.core.concurrency import (
    STALE_MESSAGE,
    StaleEdit,
    edit_base,
    renewed_base,
)
from chibo.core.forms import apply_service_error, posted_base, shown_value, with_edit_base
from chibo.core.scope import require, user_scope
from chibo.core.web import paginate, picked, picked_organization, picker_organizations
from chibo.organizations.models import Organization
from chibo.organizations.selectors import names_by_path

RATING_LABELS = dict(ResidenceRating.choices)


# --- residence comments (QĐ 213) -----------------------------------------------------


def _secretary_cells(user):
    return list(
        Organization.objects.filter(scopes__user=user, scopes__role=Role.SECRETARY, is_cell=True)
        .only("id", "name", "path")
        .order_by("path")
        .distinct()
    )


@login_required
def residence(request, year):
    """(a) For a residence cell's secretary: the members living in the cell who belong
    to another cell, to comment on; the comments received on their own members. (b) The
    comments still missing in the user's scope, for both cells, with the HD 33
    exemptions marked."""
    year = checked_year(year)
    scope = user_scope(request.user)
    require(scope.reads_organizations, "Trang này dành cho chi ủy và cấp ủy.")
    own_cells = _secretary_cells(request.user)
    to_comment = [
        (c, list(selectors.residents_to_comment(request.user, c, year))) for c in own_cells
    ]
    received = list(selectors.comments_received(own_cells, year)) if own_cells else []
    organizations = picker_organizations(request.user)
    filter_form = forms.OrganizationFilterForm(request.GET or None, organizations=organizations)
    root = picked(organizations, picked_organization(filter_form))
    page, query = paginate(
        request, selectors.residence_missing(request.user, year=year, organization=root)
    )
    missing = list(page.object_list)
    reasons = selectors.residence_exemptions((m.pk for m in missing), year) if missing else {}
    parents = names_by_path(
        [m.organization.parent_path for m in missing]
        + [m.residence_organization.parent_path for m in missing]
    )
    for m in missing:
        m.exempt_reason_hd33 = reasons.get(m.pk, "")
        m.work_parent = parents.get(m.organization.parent_path, "")
        m.home_parent = parents.get(m.residence_organization.parent_path, "")
        m.can_write = scope.covers(m.residence_organization.path, write=True)
        m.can_exempt = scope.covers(m.organization.path, write=True)
    return render_page(
        request,
        "commitments/residence.html",
        {
            "year": year,
            "to_comment": to_comment,
            "received": received,
            "filter_form": filter_form,
            "page": page,
            "missing": missing,
            "query": query,
        },
    )


def _show_stale_residence(form, error: StaleEdit) -> None:
    """Someone saved the comment meanwhile: the person's choices and text stay, the newer
    ones are shown under the comment, and the base renewed for a merged save."""
    shown = []
    if "ratings" in error.newer:
        ratings = error.newer["ratings"] or {}
        shown += [
            f"{label}: {RATING_LABELS.get(ratings.get(code), '—')}"
            for code, label in RESIDENCE_POINTS
        ]
    if "comment" in error.newer:
        shown.append(shown_value(error.newer["comment"]))
    form.add_error("comment", STALE_MESSAGE)
    form.fields["comment"].newer_text = "\n".join(shown)
    data = form.data.copy()
    data["base"] = renewed_base(posted_base(form), error.newer)
    form.data = data


@login_required
@require_http_methods(["GET", "POST"])
def residence_write(request, year, member_pk):
    """The residence chi ủy's comment on the four standard points. The workplace cell's
    side reads it here; only the residence side writes."""
    year = checked_year(year)
    member = selectors.get_resident_for_user(request.user, member_pk)
    scope = user_scope(request.user)
    can_write = scope.covers(member.residence_organization.path, write=True)
    comment = selectors.residence_comment(member, year)
    exemption = ResidenceExemption.objects.filter(member=member, year=year).first()
    form = None
    if can_write:
        form = with_edit_base(
            forms.ResidenceCommentForm(
                request.POST if request.method == "POST" else None,
                initial=forms.ResidenceCommentForm.initial_from(comment),
            ),
            edit_base(comment or ResidenceComment(), services.RESIDENCE_FIELDS),
        )
    if request.method == "POST":
        if not can_write:
            raise Http404("Chỉ chi ủy nơi cư trú viết nhận xét.")
        if form.is_valid():
            try:
                services.residence_comment_write(
                    actor=request.user,
                    member=member,
                    year=year,
                    ratings=form.ratings(),
                    comment=form.cleaned_data["comment"],
                    base=posted_base(form),
                )
            except StaleEdit as error:
                _show_stale_residence(form, error)
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(
                    request, f"Đã lưu nhận xét nơi cư trú năm {year} của {member.full_name}."
                )
                return redirect("commitments:residence", year=year)
    ratings = []
    if comment is not None:
        ratings = [
            (label, RATING_LABELS.get(comment.ratings.get(code), "—"), comment.ratings.get(code))
            for code, label in RESIDENCE_POINTS
        ]
    return render_page(
        request,
        "commitments/residence_write.html",
        {
            "year": year,
            "member": member,
            "comment": comment,
            "ratings": ratings,
            "exemption": exemption,
            "form": form,
            "can_exempt": scope.covers(member.organization.path, write=True),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def residence_exempt(request, year, member_pk):
    """Mark a member exempt from the residence comment for the year (HD 33)."""
    year = checked_year(year)
    member = selectors.get_resident_for_workplace(request.user, member_pk)
    current = ResidenceExemption.objects.filter(member=member, year=year).first()
    form = forms.ExemptForm(
        request.POST if request.method == "POST" else None,
        initial={"reason": current.reason if current else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.residence_exempt(
                actor=request.user, member=member, year=year, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request, f"Đã ghi {member.full_name} được miễn nhận xét nơi cư trú năm {year}."
            )
            return redirect("commitments:residence", year=year)
    return render_page(
        request,
        "commitments/residence_exempt.html",
        {"year": year, "member": member, "form": form, "current": current},
    )
