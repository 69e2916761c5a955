"""Pages of higher-level attendance (P2): the official's phone page and visit report, the
committee's assignments, the concerns followed along their route, and the figures.

Reads go through the supervision selectors (scoped: a concern only along its route and
to the raising cell), writes through the services. Out of scope is 404."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from chibo.core.forms import apply_service_error
from chibo.core.scope import require, user_scope, visible_organizations
from chibo.core.vi import text_sort_key
from chibo.core.web import paginate, picker_organizations
from chibo.meetings.models import MeetingStatus
from chibo.meetings.selectors import visible_meetings
from chibo.members.models import PartyMember
from chibo.organizations.selectors import names_by_path
from chibo.supervision import forms, selectors, services
from chibo.supervision.models import ConcernCategory, ConcernSource

HIDDEN_NAME = "(ẩn tên)"


# --- helpers -------------------------------------------------------------------------


def _posted(request):
    return request.POST if request.method == "POST" else None


def _nav(user, organizations=None) -> dict:
    """Which tabs of the section the user has: assignments for committee staff, figures
    for anyone reading a committee. One query unless the organizations are at hand."""
    if organizations is None:
        committees = list(
            visible_organizations(user).filter(is_cell=False).values_list("path", flat=True)
        )
    else:
        committees = [o.path for o in organizations if not o.is_cell]
    scope = user_scope(user)
    return {
        "nav_assign": any(scope.covers(path, write=True) for path in committees),
        "nav_figures": bool(committees),
    }


# --- the official's page -------------------------------------------------------------


@login_required
def mine(request):
    """The official's phone page: meetings to attend (from two weeks back, to report on
    them), their assignments, and concerns handed to them."""
    today = timezone.localdate()
    meetings = list(selectors.upcoming_meetings_for(request.user, today=today))
    parents = names_by_path(m.organization.parent_path for m in meetings)
    for meeting in meetings:
        day = timezone.localtime(meeting.scheduled_at).date()
        meeting.parent_name = parents.get(meeting.organization.parent_path, "")
        meeting.is_past = day <= today
        meeting.is_today = day == today
    assignments = list(selectors.my_assignments(request.user, today=today))
    handling = list(
        selectors.visible_concerns(request.user)
        .filter(assignee=request.user, status__in=selectors.OPEN)
        .select_related("cell")
        .order_by("deadline", "id")[:20]
    )
    return render(
        request,
        "supervision/mine.html",
        {
            "due": [m for m in meetings if m.is_past and not m.reported],
            "coming": [m for m in meetings if not m.is_past],
            "reported": [m for m in meetings if m.reported],
            "assignments": assignments,
            "handling": handling,
            "today": today,
            "tab": "mine",
            **_nav(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit(request, meeting_pk):
    """The short report after a meeting: attended or not, the band seen, remarks, and the
    concerns raised there (0..n), each routed to the committee above the cell."""
    meeting, assignment = selectors.get_meeting_for_visit(request.user, meeting_pk)
    report = selectors.report_of(request.user, meeting)
    context = {"meeting": meeting, "report": report, "tab": "mine", **_nav(request.user)}
    if report is not None:
        return render(request, "supervision/visit.html", context)
    if meeting.status == MeetingStatus.CANCELLED:
        messages.error(request, "Buổi sinh hoạt này đã bị hủy; không có báo cáo dự sinh hoạt.")
        return redirect("supervision:mine")
    members = list(meeting.organization.members.order_by("sort_key", "id"))
    bands = services.band_rules(meeting)
    form = forms.VisitForm(_posted(request), bands=bands)
    formset = forms.ConcernFormSet(
        _posted(request), prefix="concern", form_kwargs={"members": members}
    )
    not_yet = timezone.localtime(meeting.scheduled_at).date() > timezone.localdate()
    if request.method == "POST":
        valid = form.is_valid() & formset.is_valid()
        if not_yet:
            form.add_error(None, "Buổi sinh hoạt chưa diễn ra; gửi báo cáo sau khi dự.")
        elif valid:
            concerns = [f.service_kwargs() for f in formset if f.has_changed()]
            try:
                services.visit_report(
                    actor=request.user,
                    meeting=meeting,
                    attended=form.cleaned_data["attended"],
                    band_seen=form.cleaned_data["band_seen"],
                    remarks=form.cleaned_data["remarks"],
                    concerns=concerns,
                    assignment=assignment,
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                text = "Đã gửi báo cáo dự sinh hoạt"
                if concerns:
                    above = services.parent_of(meeting.organization)
                    text += f" và {len(concerns)} kiến nghị tới {above.name}"
                messages.success(request, text + ".")
                return redirect("supervision:mine")
    context.update({"form": form, "formset": formset, "not_yet": not_yet,
                    "bands_text": services.bands_text(bands)})
    return render(request, "supervision/visit.html", context)


# --- concerns ------------------------------------------------------------------------


@login_required
def concerns(request):
    """Concerns along the user's route and of their cell. Queries: session, user, scopes,
    own member, organizations for the filter, count, page (with cell, committee, member),
    the routes of the page's concerns with a hidden name, names of the cells' parents."""
    today = timezone.localdate()
    organizations = picker_organizations(request.user)
    form = forms.ConcernFilterForm(request.GET or None, organizations=organizations)
    page, query = paginate(
        request, selectors.concern_list(request.user, today=today, **form.filters())
    )
    rows = list(page.object_list)
    hidden = [c.pk for c in rows if c.member_hidden and c.member_id]
    routes = selectors.concern_routes(hidden) if hidden else {}
    parents = names_by_path(c.cell.parent_path for c in rows)
    for concern in rows:
        concern.overdue = concern.is_open and concern.deadline < today
        concern.parent_name = parents.get(concern.cell.parent_path, "")
        if concern.member_id is None:
            concern.member_name = ""
        elif selectors.member_name_visible(
            request.user, concern, route=routes.get(concern.pk, set())
        ):
            concern.member_name = concern.member.full_name
        else:
            concern.member_name = HIDDEN_NAME
    scope = user_scope(request.user)
    can_raise = bool(scope.member_org_path) or any(
        o.is_cell and o.path in (scope.write_paths or ()) for o in organizations
    )
    return render(
        request,
        "supervision/concerns.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query,
            "can_raise": can_raise,
            "tab": "concerns",
            **_nav(request.user, organizations),
        },
    )


def _route(actions) -> list:
    """The committees the concern passed through, in order, each once."""
    seen, route = set(), []
    for action in actions:
        if action.organization_id not in seen:
            seen.add(action.organization_id)
            route.append(action.organization)
    return route


ACTIONS = ("answer", "assign", "escalate", "close")


@login_required
@require_http_methods(["GET", "POST"])
def concern(request, pk):
    """A concern's page: content, route, full history; the committee holding it answers,
    hands it to one of its people, escalates it one level up, or closes it."""
    item = selectors.get_concern_for_user(request.user, pk)
    may_act = selectors.can_act(request.user, item)
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST" and (not may_act or action not in ACTIONS):
        raise PermissionDenied("Đồng chí không có quyền xử lý kiến nghị này.")
    staff = selectors.committee_staff(item.responsible) if may_act and item.is_open else []
    bound = {name: (request.POST if action == name else None) for name in ACTIONS}
    # Prefixed: the four forms share one page, and two of them a field name.
    answer_form = forms.AnswerForm(bound["answer"], prefix="answer")
    assign_form = forms.AssignForm(
        bound["assign"], staff=staff, initial={"assignee": item.assignee_id}, prefix="assign"
    )
    escalate_form = forms.EscalateForm(bound["escalate"], prefix="escalate")
    close_form = forms.CloseForm(bound["close"], prefix="close")
    form = {
        "answer": answer_form,
        "assign": assign_form,
        "escalate": escalate_form,
        "close": close_form,
    }.get(action)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "answer":
                services.concern_answer(actor=request.user, concern=item, answer=data["answer"])
                text = "Đã trả lời kiến nghị; câu trả lời được đưa vào kỳ sinh hoạt tới của chi bộ."
            elif action == "assign":
                assignee = assign_form.staff[data["assignee"]]
                services.concern_assign(
                    actor=request.user, concern=item, assignee=assignee, note=data["note"]
                )
                text = f"Đã giao đồng chí {assignee} xử lý kiến nghị."
            elif action == "escalate":
                services.concern_escalate(actor=request.user, concern=item, note=data["note"])
                text = f"Đã chuyển kiến nghị lên {item.responsible.name}."
            else:
                services.concern_close(actor=request.user, concern=item, note=data["note"])
                text = "Đã đóng kiến nghị."
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, text)
            return redirect("supervision:concern", pk=item.pk)
    actions = list(item.actions.select_related("organization", "actor"))
    route = _route(actions)
    paths = {o.path for o in route}
    if item.member_id is None:
        member_name = ""
    elif selectors.member_name_visible(request.user, item, route=paths):
        member_name = item.member.full_name
    else:
        member_name = HIDDEN_NAME
    scope = user_scope(request.user)
    today = timezone.localdate()
    meeting_visible = item.meeting_id and (
        scope.covers(item.cell.path) or scope.member_org_path == item.cell.path
    )
    return render(
        request,
        "supervision/concern.html",
        {
            "concern": item,
            "actions": actions,
            "route": route,
            "member_name": member_name,
            "may_act": may_act,
            "can_escalate": item.responsible.depth > 1,
            "answer_form": answer_form,
            "assign_form": assign_form,
            "escalate_form": escalate_form,
            "close_form": close_form,
            "open_action": action,
            "overdue": item.is_open and item.deadline < today,
            "meeting_visible": meeting_visible,
            "tab": "concerns",
            **_nav(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def concern_new(request):
    """A concern sent by the secretary from the minutes, or by a member, for their cell."""
    options = selectors.raise_cells(request.user)
    require(bool(options), "Chỉ bí thư chi bộ hoặc đảng viên gửi kiến nghị ở đây.")
    wanted = forms.as_int(request.POST.get("cell") or request.GET.get("cell"))
    cell, source = next(((c, s) for c, s in options if c.pk == wanted), options[0])
    as_member = None
    members, meetings = [], []
    if source == ConcernSource.SECRETARY:
        members = list(cell.members.order_by("sort_key", "id"))
        meetings = list(
            visible_meetings(request.user)
            .filter(organization=cell)
            .exclude(status=MeetingStatus.CANCELLED)
            .order_by("-scheduled_at")[:12]
        )
    else:
        as_member = PartyMember.objects.get(pk=user_scope(request.user).member_id)
    initial = {"kind": "proposal", "name_me": True}
    meeting_id = forms.as_int(request.GET.get("meeting"))
    if any(m.pk == meeting_id for m in meetings):
        initial["meeting"] = meeting_id
    form = forms.ConcernNewForm(
        _posted(request), members=members, meetings=meetings, as_member=as_member, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.concern_raise(
                actor=request.user, cell=cell, source=source, **form.service_kwargs()
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"Đã gửi kiến nghị tới {item.responsible.name}.")
            return redirect("supervision:concern", pk=item.pk)
    return render(
        request,
        "supervision/concern_new.html",
        {
            "form": form,
            "cell": cell,
            "source": source,
            "options": options,
            "tab": "concerns",
            **_nav(request.user),
        },
    )


# --- figures -------------------------------------------------------------------------


def _merge(quarter_rows, year_rows, fields):
    """One row per name with the quarter's and the year's figures side by side."""
    merged: dict[str, dict] = {}
    for key, rows in (("q", quarter_rows), ("y", year_rows)):
        for row in rows:
            merged.setdefault(row["name"], {"name": row["name"]})[key] = {f: row[f] for f in fields}
    return sorted(merged.values(), key=lambda row: text_sort_key(row["name"]))


@login_required
def figures(request):
    """Coverage (share of cells a higher-level official attended) in the quarter and the
    year, per ward and per official; concerns received, answered on time, overdue, by
    category and by ward."""
    committees = [o for o in picker_organizations(request.user) if not o.is_cell]
    require(bool(committees), "Trang số liệu dành cho cấp ủy.")
    today = timezone.localdate()
    year, quarter = forms.quarter_of(today)
    form = forms.FiguresForm(
        request.GET or None,
        organizations=committees,
        initial={"organization": committees[0].pk, "year": year, "quarter": quarter},
    )
    data = form.cleaned_data if form.is_valid() else {}
    root = next((o for o in committees if o.pk == data.get("organization")), committees[0])
    year = data.get("year") or year
    if "quarter" in data and data["quarter"] is not None:
        quarter = data["quarter"]
    year_start, year_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    year_cov = selectors.coverage(request.user, root, starts_on=year_start, ends_on=year_end)
    quarter_cov = None
    if quarter:
        q_start, q_end = forms.quarter_bounds(year, quarter)
        quarter_cov = selectors.coverage(request.user, root, starts_on=q_start, ends_on=q_end)
    else:
        q_start, q_end = year_start, year_end
    figures_ = selectors.concern_figures(
        request.user, root, starts_on=q_start, ends_on=q_end, today=today
    )
    labels = dict(ConcernCategory.choices)
    by_category = sorted(
        ({"name": labels.get(k, k), **v} for k, v in figures_["by_category"].items()),
        key=lambda row: -row["received"],
    )
    by_unit = sorted(
        ({"name": k, **v} for k, v in figures_["by_unit"].items()),
        key=lambda row: text_sort_key(row["name"]),
    )
    return render(
        request,
        "supervision/figures.html",
        {
            "form": form,
            "root": root,
            "year": year,
            "quarter": quarter,
            "quarter_label": forms.quarter_label(year, quarter) if quarter else "",
            "year_cov": year_cov,
            "quarter_cov": quarter_cov,
            "units": _merge(
                quarter_cov["units"] if quarter_cov else [],
                year_cov["units"],
                ("covered", "cells", "share"),
            ),
            "officials": _merge(
                quarter_cov["officials"] if quarter_cov else [],
                year_cov["officials"],
                ("visits", "cells"),
            ),
            "concerns": figures_["totals"],
            "by_category": by_category,
            "by_unit": by_unit,
            "tab": "figures",
            "nav_assign": any(
                user_scope(request.user).covers(o.path, write=True) for o in committees
            ),
            "nav_figures": True,
        },
    )
