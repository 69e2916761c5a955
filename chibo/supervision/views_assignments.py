"""The committee's assignments (P2): the page for a quarter, with the bulk form and the
form to attend one given meeting; one view per action (preview the bulk assignment with
its gaps and clashes, save it, attend one meeting, remove one). Only a committee's staff
(`selectors.committees_of`); anyone else 404. Writes through the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from chibo.core.forms import apply_service_error
from chibo.core.scope import require
from chibo.core.vi import text_sort_key
from chibo.core.web import paginate, submit
from chibo.organizations.selectors import names_by_path
from chibo.policies.selectors import policy
from chibo.supervision import forms, selectors, services


def _grouped_cells(committee, cells):
    """[(group name, [cells])]: cells under each ward; those directly under the committee
    first, under the committee's own name."""
    names = names_by_path(c.parent_path for c in cells)
    groups: dict[str, list] = {}
    for cell in cells:
        if cell.parent_path == committee.path:
            label = f"Trực thuộc {committee.name}"
        else:
            label = names.get(cell.parent_path, "")
        groups.setdefault(label, []).append(cell)
    if list(groups) == [f"Trực thuộc {committee.name}"]:
        return [(committee.name, cells)]  # a ward: every cell is directly under it
    return sorted(groups.items(),
                  key=lambda item: (not item[0].startswith("Trực thuộc"), text_sort_key(item[0])))


class _Desk:
    """What every assignment view starts from: the user's committees (404 without one),
    the one chosen (posted or asked for, else the first), its staff and active cells,
    the meetings it may send someone to, and today."""

    def __init__(self, request):
        self.committees = list(selectors.committees_of(request.user))
        require(bool(self.committees), "Bạn không có quyền phân công.")
        by_id = {c.pk: c for c in self.committees}
        self.today = timezone.localdate()
        self.current = "{}-{}".format(*forms.quarter_of(self.today))
        wanted = forms.as_int(request.POST.get("committee") or request.GET.get("committee"))
        self.committee = by_id.get(wanted, self.committees[0])
        self.officials = selectors.committee_staff(self.committee)
        self.cells = list(selectors.active_cells(self.committee))
        # How far ahead the committee picks meetings to attend: supervision.attend_days.
        days = policy("supervision.attend_days", on=self.today, organization=self.committee)
        self.attend_meetings = selectors.meetings_to_attend(
            self.cells, today=self.today, days=days
        )

    def bulk_form(self, data=None):
        return forms.AssignmentForm(
            data,
            committees=self.committees,
            officials=self.officials,
            cells=self.cells,
            initial={"committee": self.committee.pk, "quarter": self.current},
        )

    def attend_form(self, data=None):
        return forms.AttendForm(
            data,
            officials=self.officials,
            meetings=self.attend_meetings,
            initial={"committee": self.committee.pk},
        )

    def page_url(self, period: str | None = None) -> str:
        url = f"{reverse('supervision:assignments')}?committee={self.committee.pk}"
        return f"{url}&period={period}" if period else url


def _bulk_choice(desk, form):
    """(official, chosen cells, period) of a valid bulk form."""
    data = form.cleaned_data
    official = next(u for u in desk.officials if u.pk == data["official"])
    chosen = [c for c in desk.cells if c.pk in set(data["cells"])]
    return official, chosen, {"starts_on": data["starts_on"], "ends_on": data["ends_on"]}


def _preview(desk, official, chosen, period) -> dict:
    """The gaps (cells nobody follows then) and the clashes before saving."""
    chosen_ids = {c.pk for c in chosen}
    gaps = [c for c in selectors.coverage_gaps(desk.committee, **period)
            if c.pk not in chosen_ids]
    return {
        "official": official,
        "cells": chosen,
        "gaps": gaps,
        "gap_groups": _grouped_cells(desk.committee, gaps),
        "clashes": selectors.clashes(official, chosen, **period),
        "total": len(desk.cells),
        **period,
    }


def _page(request, desk, *, form=None, attend_form=None, preview=None):
    """The committee's assignments of the quarter asked for, with the two forms."""
    form = form or desk.bulk_form()
    attend_form = attend_form or desk.attend_form()
    period_form = forms.PeriodFilterForm(request.GET or None, initial={"period": desk.current})
    period_form.is_valid()
    chosen_period = forms.parse_quarter(
        getattr(period_form, "cleaned_data", {}).get("period") or desk.current
    ) or forms.quarter_of(desk.today)
    starts_on, ends_on = forms.quarter_bounds(*chosen_period)
    page, query = paginate(request, selectors.assignment_list(
        request.user, starts_on=starts_on, ends_on=ends_on, committee_id=desk.committee.pk
    ))
    return render(
        request,
        "supervision/assignments.html",
        {
            "committee": desk.committee,
            "committees": desk.committees,
            "form": form,
            "attend_form": attend_form,
            "cell_groups": _grouped_cells(desk.committee, desk.cells),
            "chosen_cells": {str(v) for v in form["cells"].value() or []},
            "preview": preview,
            "period_form": period_form,
            "period_label": forms.quarter_label(*chosen_period),
            "page": page,
            "query": query,
            "tab": "assign",
            "nav_assign": True,
            "nav_figures": True,
        },
    )


@login_required
@require_safe
def assignments(request):
    """The committee's assignments for a quarter, the bulk form and the form to attend
    one given meeting."""
    return _page(request, _Desk(request))


@login_required
@require_POST
def assignment_preview(request):
    """The bulk form checked: the gaps and clashes it would leave, before saving."""
    desk = _Desk(request)
    form = desk.bulk_form(request.POST)
    preview = _preview(desk, *_bulk_choice(desk, form)) if form.is_valid() else None
    return _page(request, desk, form=form, preview=preview)


@login_required
@require_POST
def assignment_save(request):
    """The bulk assignment saved: one official follows the chosen cells for the period."""
    desk = _Desk(request)
    form = desk.bulk_form(request.POST)
    if not form.is_valid():
        return _page(request, desk, form=form)
    official, chosen, period = _bulk_choice(desk, form)
    done = submit(
        request,
        lambda: services.assignments_create(
            actor=request.user, committee=desk.committee, official=official, cells=chosen,
            **period,
        ),
        form=form,
        success=lambda made: (
            f"Đã phân công đồng chí {official} theo dõi {len(made)} chi bộ từ "
            f"{period['starts_on']:%d/%m/%Y} đến {period['ends_on']:%d/%m/%Y}."
        ),
        then=desk.page_url("{}-{}".format(*forms.quarter_of(period["starts_on"]))),
    )
    return done or _page(request, desk, form=form,
                         preview=_preview(desk, official, chosen, period))


@login_required
@require_POST
def assignment_attend(request):
    """An official sent to attend one given meeting (a one-day assignment)."""
    desk = _Desk(request)
    attend_form = desk.attend_form(request.POST)
    if not attend_form.is_valid():
        return _page(request, desk, attend_form=attend_form)
    data = attend_form.cleaned_data
    official = next(u for u in desk.officials if u.pk == data["official"])
    meeting = next(m for m in desk.attend_meetings if m.pk == data["meeting"])
    day = timezone.localtime(meeting.scheduled_at).date()
    try:
        services.assignments_create(
            actor=request.user,
            committee=desk.committee,
            official=official,
            cells=[meeting.organization],
            starts_on=day,
            ends_on=day,
            kind="attend",
            meeting=meeting,
        )
    except ValidationError as error:
        apply_service_error(attend_form, error)
        return _page(request, desk, attend_form=attend_form)
    messages.success(
        request,
        f"Đã phân công đồng chí {official} dự sinh hoạt {meeting.organization.name} "
        f"ngày {day:%d/%m/%Y}.",
    )
    clashing = selectors.clashes(official, [], starts_on=day, ends_on=day)
    if clashing:
        messages.warning(
            request,
            "Trùng giờ: "
            + "; ".join(
                f"{timezone.localtime(when):%H:%M %d/%m/%Y} "
                + ", ".join(m.organization.name for m in group)
                for when, group in clashing
            ),
        )
    return redirect(desk.page_url())


@login_required
@require_POST
def assignment_remove(request, pk):
    assignment = selectors.get_assignment_for_user(request.user, pk, write=True)
    year, quarter = forms.quarter_of(assignment.starts_on)
    back = (f"{reverse('supervision:assignments')}?committee={assignment.committee_id}"
            f"&period={year}-{quarter}")
    return submit(
        request,
        lambda: services.assignment_remove(actor=request.user, assignment=assignment),
        success=f"Đã bỏ phân công đồng chí {assignment.official} – {assignment.cell.name}.",
        then=back,
    ) or redirect(back)
