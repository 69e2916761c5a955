"""Pages of meetings: the list, the plan, the meeting's hub (reschedule, cancel, its
history). The other steps have their own modules: views_prepare, views_attendance,
views_record, views_adopt, views_documents, views_tasks; what they share is in
views_common.

Reads go through the meeting selectors (scoped), writes through the services."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from chibo.audit.history import object_history
from chibo.core.scope import require, scope_required, user_scope
from chibo.core.web import paginate, picked, picker_organizations, submit
from chibo.meetings import events, forms, lead_time, selectors, services
from chibo.meetings.adoption import unmarked_count
from chibo.meetings.models import (
    AgendaItem,
    Attendance,
    Guest,
    Meeting,
    MeetingDocument,
    MeetingKind,
    MinutesVersion,
    Presence,
    Speech,
    Task,
    TaskReview,
)
from chibo.meetings.snapshot import checked_version
from chibo.meetings.views_common import (
    editable_meeting,
    own_cell,
    posted,
    refusal,
    review_index,
)
from chibo.organizations.selectors import names_by_path
from chibo.policies.selectors import policy_book


def _default_period(today: dt.date, regular_day: int) -> tuple[int, int]:
    """The month to plan: this month until its meeting day (policy meeting.regular_day),
    else the next one."""
    if today.day <= regular_day:
        return today.year, today.month
    following = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return following.year, following.month


@login_required
def meeting_list(request):
    """Queries: session, user, scopes, own member, organizations for the filter, count,
    page (with the cell), names of the cells' parents, attendance counts, adopted
    scores, the documents' lead time (every version of its rule)."""
    organizations = picker_organizations(request.user)
    data = request.GET
    own = own_cell(request.user, organizations)
    if own is not None and "organization" not in data:
        data = data.copy()
        data["organization"] = str(own.pk)
    form = forms.MeetingFilterForm(data or None, organizations=organizations)
    filters = form.filters()
    page, query = paginate(request, selectors.meeting_list(request.user, **filters))
    rows = list(page.object_list)
    ids = [m.pk for m in rows]
    counts = selectors.attendance_counts(ids) if ids else {}
    scores = selectors.adopted_scores(ids) if ids else {}
    parents = names_by_path(m.organization.parent_path for m in rows)
    documents = lead_time.statuses(rows) if rows else {}
    for meeting in rows:
        # Documents sent late or never (meeting.document_lead_days): flagged in the list.
        meeting.documents_state = documents.get(meeting.pk)
        meeting.present, meeting.listed = counts.get(meeting.pk, (0, 0))
        meeting.score = scores.get(meeting.pk)
        meeting.parent_name = parents.get(meeting.organization.parent_path, "")
    scope = user_scope(request.user)
    book_cell = picked(organizations, filters.get("organization_id"))
    book_cell = book_cell if book_cell is not None and book_cell.is_cell else None
    book_year = form.cleaned_data.get("year") if form.is_bound else None
    return render(
        request,
        "meetings/list.html",
        {
            "form": form,
            "book_cell": book_cell,
            "book_year": book_year or timezone.localdate().year,
            "page": page,
            "rows": rows,
            "query": query,
            "can_plan": scope.writes_organizations,
            "can_review": scope.reads_organizations,
        },
    )


NO_PLANNING = "Bạn không có quyền lên lịch sinh hoạt."


@login_required
@scope_required(lambda scope: scope.writes_organizations, NO_PLANNING)
@require_http_methods(["GET", "POST"])
def plan(request):
    """Plan a month for the cells in the write scope, or a thematic meeting."""
    organizations = picker_organizations(request.user, write=True)
    require(bool(organizations), NO_PLANNING)  # every organization of the scope dissolved
    by_id = {o.id: o for o in organizations}
    cells = [o for o in organizations if o.is_cell]
    today = timezone.localdate()
    own = own_cell(request.user, organizations)
    # The rules of the user's own cell (or first unit): the plan's month and its texts.
    book = policy_book(
        ["meeting.regular_day", "meeting.min_minutes_combined", "meeting.thematic_per_quarter"],
        on=today,
        organization=own or organizations[0],
    )
    year, month = _default_period(today, book["meeting.regular_day"])
    action = request.POST.get("action") if request.method == "POST" else None
    month_form = forms.PlanMonthForm(
        request.POST if action == "month" else None,
        organizations=organizations,
        initial={
            "organization": (own or organizations[0]).pk,
            "year": year,
            "month": month,
            "notify_members": True,
        },
    )
    thematic_form = forms.ThematicForm(
        request.POST if action == "thematic" else None,
        cells=cells,
        scope=organizations,
        initial={"cell": own.pk if own else None},
    )
    if action == "month" and month_form.is_valid():
        data = month_form.cleaned_data
        root = by_id[data["organization"]]
        targets = [c for c in cells if c.path.startswith(root.path)]
        created = services.plan_month(
            actor=request.user,
            cells=targets,
            year=data["year"],
            month=data["month"],
            notify_members=data["notify_members"],
        )
        if created:
            messages.success(
                request,
                f"Đã lên lịch {len(created)} buổi sinh hoạt tháng {data['month']:02d}/"
                f"{data['year']} cho {len({m.organization_id for m in created})} chi bộ.",
            )
        else:
            messages.info(
                request,
                f"Các chi bộ đã có lịch sinh hoạt tháng {data['month']:02d}/{data['year']}.",
            )
        url = reverse("meetings:list")
        return redirect(f"{url}?organization={root.pk}&month={data['month']}&year={data['year']}")
    if action == "thematic" and thematic_form.is_valid():
        data = thematic_form.cleaned_data
        done = submit(
            request,
            lambda: services.meeting_create(
                actor=request.user,
                cell=by_id[data["cell"]],
                kind=MeetingKind.THEMATIC,
                scheduled_at=data["scheduled_at"],
                topic=data["topic"],
                place=data["place"],
                combined_with_regular=data["combined_with_regular"],
            ),
            form=thematic_form,
            success=lambda meeting: f"Đã lên lịch sinh hoạt chuyên đề: {meeting.topic}.",
            then=lambda meeting: reverse("meetings:detail", args=[meeting.pk]),
        )
        if done:
            return done
    quarter = (today.month - 1) // 3 + 1
    coverage = selectors.thematic_coverage(request.user, year=today.year, quarter=quarter)
    missing = [cell for cell, covered in coverage if not covered]
    earlier_topics = list(
        selectors.visible_meetings(request.user)
        .filter(kind=MeetingKind.THEMATIC)
        .exclude(topic="")
        .order_by("-scheduled_at")
        .values_list("topic", flat=True)[:50]
    )
    suggestions = list(dict.fromkeys(forms.TOPIC_SUGGESTIONS + earlier_topics))[:30]
    return render(
        request,
        "meetings/plan.html",
        {
            "month_form": month_form,
            "thematic_form": thematic_form,
            "quarter": quarter,
            "quarter_year": today.year,
            "combined_minutes": book["meeting.min_minutes_combined"],
            "thematic_required": book["meeting.thematic_per_quarter"],
            "cell_count": len(coverage),
            "missing": missing[:20],
            "missing_count": len(missing),
            "suggestions": suggestions,
        },
    )


@login_required
def detail(request, pk):
    """The meeting's hub. Queries before adoption (at most 20, whatever the number of
    members, tasks and meetings): session, user, scopes, own member, the meeting (with
    cell, chair, minute-taker), documents, agenda, roll call, tasks for review, tasks
    given here, members not on the roll; the vote (policy, roll call); the quality score
    (policies, roll call, a thematic meeting in the same session, the last regular
    meetings and, once there are more than three, their excused absences, the task
    reviews); the documents' lead time (its policy). After adoption: session, user,
    scopes, own member, the meeting, documents, the versions of its minutes, the lead
    time."""
    meeting = selectors.get_meeting_for_user(request.user, pk)
    scope = user_scope(request.user)
    can_write = scope.covers(meeting.organization.path, write=True)
    context = {
        "meeting": meeting,
        "can_write": can_write and not refusal(meeting),
        "can_amend": can_write and meeting.is_adopted,
        "can_see_history": can_write,
        "documents": list(meeting.documents.all()),
        # Buttons other apps add (supervision, P2: the official following the cell reports
        # on the meeting; the secretary sends on the concerns written in the minutes).
        "page_links": events.collect(
            events.meeting_page_links, Meeting, user=request.user, meeting=meeting
        ),
        # meeting.document_lead_days: warn before the deadline, flag late or never sent.
        "documents_status": lead_time.documents_status(meeting),
    }
    if meeting.is_adopted:
        versions = list(meeting.versions.select_related("created_by").order_by("number"))
        shown = versions[-1]
        wanted = request.GET.get("v")
        if wanted:
            shown = next((v for v in versions if str(v.number) == wanted), shown)
        context.update(
            {
                "versions": versions,
                "shown": shown,
                "latest": versions[-1],
                "minutes": checked_version(shown),
            }
        )
    else:
        agenda = list(meeting.agenda.all())
        roll = selectors.roll_call(meeting)
        context.update(
            {
                "agenda": agenda,
                "review_index": review_index(item.title for item in agenda),
                "review_tasks": list(selectors.tasks_for_review(meeting)),
                "new_tasks": list(meeting.tasks.select_related("assignee")),
                "roll": roll,
                "absent": {
                    "excused": roll.count(presence=Presence.EXCUSED),
                    "unexcused": roll.count(presence=Presence.UNEXCUSED),
                    "unmarked": unmarked_count(meeting),
                },
                "vote": selectors.vote_summary(meeting),
                "score": selectors.quality_score(meeting),
            }
        )
    return render(request, "meetings/detail.html", context)


@editable_meeting
@require_http_methods(["GET", "POST"])
def reschedule(request, meeting):
    form = forms.RescheduleForm(
        posted(request),
        initial={"scheduled_at": meeting.scheduled_at, "place": meeting.place},
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.meeting_reschedule(
                actor=request.user, meeting=meeting, **form.cleaned_data
            ),
            form=form,
            success="Đã đổi lịch và thông báo cho đảng viên.",
            then=reverse("meetings:detail", args=[meeting.pk]),
        )
        if done:
            return done
    return render(
        request,
        "meetings/form.html",
        {"form": form, "meeting": meeting, "title": "Đổi lịch sinh hoạt", "submit": "Đổi lịch"},
    )


@editable_meeting
@require_http_methods(["GET", "POST"])
def cancel(request, meeting):
    form = forms.CancelForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.meeting_cancel(
                actor=request.user, meeting=meeting, **form.cleaned_data
            ),
            form=form,
            success="Đã hủy buổi sinh hoạt.",
            then=reverse("meetings:detail", args=[meeting.pk]),
        )
        if done:
            return done
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "meeting": meeting,
            "title": "Hủy buổi sinh hoạt",
            "submit": "Hủy buổi sinh hoạt",
            "danger": True,
        },
    )


HISTORY_SHOWN = 200


@login_required
def history(request, pk):
    """What changed in the meeting and its parts (agenda, roll call, guests, speeches,
    tasks and reviews, documents, minutes versions), who changed it and when, newest
    first: for those who may write the cell (its secretary, the committees above)."""
    meeting = selectors.get_meeting_for_user(request.user, pk, write=True)
    parts = [
        model.history.filter(meeting_id=meeting.pk)
        for model in (
            AgendaItem, Attendance, Guest, Speech, Task, TaskReview, MeetingDocument,
            MinutesVersion,
        )
    ]  # fmt: skip
    entries = object_history(meeting.history.all(), *parts, limit=HISTORY_SHOWN)
    return render(
        request,
        "meetings/history.html",
        {"meeting": meeting, "entries": entries, "shown": HISTORY_SHOWN},
    )

