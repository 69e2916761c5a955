"""Tasks (a member's own, the cells' in scope) and the absence flags."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from chibo.core.scope import scope_required, user_scope
from chibo.core.web import paginate, picked, picked_organization, picker_organizations
from chibo.meetings import forms, selectors
from chibo.organizations.selectors import names_by_path


@login_required
def tasks(request):
    """A member's own tasks; the tasks of the cells in scope for secretaries and staff.
    Queries: session, user, scopes, own member, own tasks, organizations for the filter,
    count, page."""
    scope = user_scope(request.user)
    today = timezone.localdate()
    mine = []
    if scope.is_member:
        mine = list(selectors.tasks_of_member(scope.member_id).order_by("status", "deadline", "id"))
    context = {
        "mine": mine,
        "today": today,
        "can_review": scope.reads_organizations,
        "is_member": scope.is_member,
    }
    if scope.reads_organizations:
        organizations = picker_organizations(request.user)
        form = forms.TaskFilterForm(request.GET or None, organizations=organizations)
        organization = picked_organization(form)
        state = getattr(form, "cleaned_data", {}).get("state") or "open"
        page, query = paginate(
            request,
            selectors.scope_tasks(
                request.user, organization_id=organization, state=state, today=today
            ),
        )
        context.update({"form": form, "page": page, "state": state, "query": query})
    return render(request, "meetings/tasks.html", context)


@login_required
@scope_required(lambda scope: scope.reads_organizations)
def absences(request):
    """Members with unexcused absences in the policy's number of months of a year: a flag
    for the cell and the committee to review, never a removal."""
    organizations = picker_organizations(request.user)
    form = forms.YearFilterForm(
        request.GET or None,
        organizations=organizations,
        initial={"year": timezone.localdate().year},
    )
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    year = data.get("year") or timezone.localdate().year
    root = picked(organizations, data.get("organization"))
    flagged, threshold = selectors.absence_flags(request.user, year=year, organization=root)
    flagged.sort(key=lambda m: (m.organization.name, m.sort_key))
    parents = names_by_path(m.organization.parent_path for m in flagged)
    for member in flagged:
        member.parent_name = parents.get(member.organization.parent_path, "")
    return render(
        request,
        "meetings/absences.html",
        {"form": form, "flagged": flagged, "threshold": threshold, "year": year, "root": root},
    )
