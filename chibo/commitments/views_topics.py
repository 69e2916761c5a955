"""The commitments' pages around meetings and the year's themes: the progress of the
cell's registers noted at a meeting, and the study topics with the cells' thematic
coverage."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from chibo.accounts.models import Role
from chibo.commitments import forms, selectors, services
from chibo.commitments.pages import checked_year, render_page
from chibo.core.forms import apply_service_error
from chibo.core.scope import user_scope, visible_organizations
from chibo.core.web import paginate, picked, picked_organization, picker_organizations
from chibo.meetings.models import MeetingStatus
from chibo.meetings.selectors import get_meeting_for_user
from chibo.organizations.models import Organization
from chibo.organizations.selectors import names_by_path

# --- progress at a meeting -----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def progress(request, meeting_pk):
    """Progress of the approved registers noted in the review part of a meeting."""
    meeting = get_meeting_for_user(request.user, meeting_pk, write=True)
    if meeting.status in (MeetingStatus.ADOPTED, MeetingStatus.CANCELLED):
        messages.error(
            request,
            "Biên bản đã được thông qua và khóa; không ghi thêm tiến độ được."
            if meeting.status == MeetingStatus.ADOPTED
            else "Buổi sinh hoạt này đã bị hủy.",
        )
        return redirect("meetings:detail", pk=meeting.pk)
    registers = selectors.approved_for_meeting(meeting)
    errors, posted = [], {}
    if request.method == "POST":
        entries = []
        for register in registers:
            for item in register.items.all():
                note = request.POST.get(f"note_{item.pk}", "").strip()
                result = request.POST.get(f"result_{item.pk}", "")
                posted[item.pk] = {"note": note, "result": result}
                if result and not note:
                    errors.append(f"{item.text}: cần ghi tiến độ khi chọn kết quả.")
                elif note:
                    entries.append((item, note, result))
        if not entries and not errors:
            errors.append("Chưa ghi tiến độ việc nào.")
        if not errors:
            try:
                with transaction.atomic():  # all of them or none
                    for item, note, result in entries:
                        services.progress_note(
                            actor=request.user, item=item, meeting=meeting, note=note, result=result
                        )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, f"Đã ghi tiến độ {len(entries)} việc.")
                return redirect("commitments:progress", meeting_pk=meeting.pk)
    for register in registers:
        for item in register.items.all():
            item.posted = posted.get(item.pk, {"note": "", "result": ""})
            item.here = [p for p in item.progress.all() if p.meeting_id == meeting.pk]
            item.before = [p for p in item.progress.all() if p.meeting_id != meeting.pk]
    return render_page(
        request,
        "commitments/progress.html",
        {
            "meeting": meeting,
            "registers": registers,
            "errors": errors,
            "results": forms.RESULT_CHOICES,
            "year": meeting.period.year,
        },
    )


# --- study topics and thematic coverage ----------------------------------------------


def _topic_issuers(user):
    """The committees a user may issue topics for: those they are committee staff of
    (a system admin: any committee, or none for the centre's topics)."""
    if user_scope(user).is_admin:
        qs = Organization.objects.filter(is_cell=False, dissolved_on__isnull=True)
    else:
        qs = Organization.objects.filter(
            scopes__user=user, scopes__role=Role.COMMITTEE_STAFF, dissolved_on__isnull=True
        )
    return list(
        qs.only("id", "name", "code", "depth", "path", "is_cell").order_by("path").distinct()
    )


def _quarter_state(year: int, quarter: int, today) -> str:
    current = (today.year, (today.month - 1) // 3 + 1)
    if (year, quarter) < current:
        return "past"
    if (year, quarter) == current:
        return "current"
    return "future"


@login_required
@require_http_methods(["GET", "POST"])
def topics(request, year):
    """The year's study topics; for committee staff, a form to add one; the thematic
    meetings held per cell and quarter in the user's scope, a page of cells at a time.

    Queries: session, user, scopes, own member, topics (with their issuer), the
    committees the user may issue for and the write scope they are labelled in (when
    they may), organizations for the filter, count of cells,
    the page of cells, their thematic meetings of the year, the names of their parents."""
    year = checked_year(year)
    scope = user_scope(request.user)
    issuers = _topic_issuers(request.user)
    can_add = scope.is_admin or bool(issuers)
    form = None
    if can_add:
        form = forms.TopicForm(
            request.POST if request.method == "POST" else None,
            issuers=issuers,
            allow_none=scope.is_admin,
            scope=picker_organizations(request.user, write=True),
            initial={"issuer": issuers[0].id if issuers and not scope.is_admin else None},
        )
    if request.method == "POST":
        if not can_add:
            raise Http404("Bạn không có quyền thêm chủ đề.")
        if form.is_valid():
            data = form.cleaned_data
            issuer = next((o for o in issuers if o.id == data["issuer"]), None)
            try:
                topic = services.study_topic_add(
                    actor=request.user,
                    year=year,
                    kind=data["kind"],
                    title=data["title"],
                    basis=data["basis"],
                    issuer=issuer,
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, f"Đã thêm chủ đề «{topic.title}».")
                return redirect("commitments:topics", year=year)
    organizations = picker_organizations(request.user)
    filter_form = forms.OrganizationFilterForm(request.GET or None, organizations=organizations)
    root = picked(organizations, picked_organization(filter_form))
    cells = visible_organizations(request.user).filter(is_cell=True, dissolved_on__isnull=True)
    if root is not None:
        cells = cells.filter(path__startswith=root.path)
    page, query = paginate(request, cells.only("id", "name", "path").order_by("path"))
    page_cells = list(page.object_list)
    coverage = selectors.thematic_coverage(page_cells, year) if page_cells else {}
    parents = names_by_path(c.parent_path for c in page_cells)
    today = timezone.localdate()
    states = {q: _quarter_state(year, q, today) for q in (1, 2, 3, 4)}
    rows = [
        {
            "cell": c,
            "parent": parents.get(c.parent_path, ""),
            "quarters": [
                {"q": q, "topics": coverage[c.pk][q], "state": states[q]} for q in (1, 2, 3, 4)
            ],
        }
        for c in page_cells
    ]
    return render_page(
        request,
        "commitments/topics.html",
        {
            "year": year,
            "topics": list(selectors.visible_topics(request.user, year)),
            "form": form,
            "filter_form": filter_form,
            "page": page,
            "rows": rows,
            "query": query,
            "current_year": today.year,
        },
    )
