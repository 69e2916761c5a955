"""Pages of a meeting: plan, prepare, roll call, record, adopt, amend, print; the task
list and the absence flags.

Reads go through the meeting selectors (scoped), writes through the services. Every
page that changes a meeting fetches it with `write=True` (the cell's secretary, the
committee staff above it; anyone else gets 404) and refuses once the minutes are adopted:
the adopted minutes are changed only by an amendment (`amend`)."""

import datetime as dt
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from chibo.core.concurrency import edit_base
from chibo.core.forms import apply_service_error, posted_base, with_edit_base
from chibo.core.policies import policy_book
from chibo.core.scope import user_scope, visible_organizations
from chibo.core.vi import fold
from chibo.documents import renderers
from chibo.documents.context import without_draft_words
from chibo.meetings import events, forms, lead_time, rules, selectors, services
from chibo.meetings.guests import offered_officials
from chibo.meetings.models import (
    Meeting,
    MeetingKind,
    MeetingStatus,
    Presence,
    Section,
    TaskResult,
)
from chibo.meetings.snapshot import (
    adopted_minutes,
    checked_version,
    current_minutes,
    minutes_snapshot,
)
from chibo.organizations.selectors import get_organization_for_user, names_by_path

LOCKED_MESSAGE = services.LOCKED_MESSAGE
CANCELLED_MESSAGE = "Buổi sinh hoạt này đã bị hủy; không sửa được."
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"

# The record page, section by section, in the order of a meeting (domain.md §3).
SECTIONS = [
    ("opening", "Khai mạc: chủ trì, thư ký, thời gian, khách mời"),
    ("review", "Đánh giá tháng trước; kiểm điểm nhiệm vụ"),
    ("news", "Thông tin thời sự, chủ trương mới"),
    ("study", "Học tập và làm theo Bác"),
    ("discussion", "Thảo luận; tự phê bình và phê bình"),
    ("next", "Nhiệm vụ tháng tới; phân công"),
    ("conclusion", "Kết luận và biểu quyết nghị quyết"),
    ("score", "Chấm điểm chất lượng"),
]
SECTION_NAMES = {key for key, _ in SECTIONS}


# --- helpers -----------------------------------------------------------------------


def _refusal(meeting) -> str:
    if meeting.status == MeetingStatus.ADOPTED:
        return LOCKED_MESSAGE
    if meeting.status == MeetingStatus.CANCELLED:
        return CANCELLED_MESSAGE
    return ""


def editable_meeting(view):
    """The meeting in the user's write scope, still open to changes. Once adopted (or
    cancelled) every page and POST answers with a message and the meeting's page,
    before anything is read from the request."""

    @login_required
    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        meeting = selectors.get_meeting_for_user(request.user, pk, write=True)
        refusal = _refusal(meeting)
        if refusal:
            messages.error(request, refusal)
            return redirect("meetings:detail", pk=meeting.pk)
        return view(request, meeting, *args, **kwargs)

    return wrapper


def _posted(request):
    """The POST data to bind a form to, even when empty (an unticked checkbox alone)."""
    return request.POST if request.method == "POST" else None


def _record_url(meeting, section: str) -> str:
    return f"{reverse('meetings:record', args=[meeting.pk])}?s={section}#s-{section}"


def _writable_organizations(user):
    return list(
        visible_organizations(user, write=True)
        .filter(dissolved_on__isnull=True)
        .only("id", "name", "depth", "path", "is_cell")
        .order_by("path")
    )


def _readable_organizations(user):
    return list(
        visible_organizations(user)
        .filter(dissolved_on__isnull=True)
        .only("id", "name", "depth", "path", "is_cell")
        .order_by("path")
    )


def _own_cell(user, organizations):
    """The secretary's own cell, when the user's write scope is exactly that cell."""
    scope = user_scope(user)
    if scope.member_org_path and scope.write_paths == (scope.member_org_path,):
        return next((o for o in organizations if o.path == scope.member_org_path), None)
    return None


def _slug(text: str) -> str:
    return slugify(fold(text)) or "chibo"


def _file_stem(kind: str, meeting) -> str:
    local = timezone.localtime(meeting.scheduled_at)
    stem = f"{kind}-{_slug(meeting.get_kind_display())}-{local:%d-%m-%Y}"
    stem += f"-{_slug(meeting.organization.name)}"
    if meeting.status != MeetingStatus.ADOPTED:
        stem += "-du-thao"
    return stem


def _download(request, meeting, render_file, *, kind: str, suffix: str, content_type: str):
    snapshot = current_minutes(meeting)
    try:
        content = render_file(snapshot)
    except NotImplementedError:
        messages.error(request, "Chức năng in văn bản đang được hoàn thiện; hãy thử lại sau.")
        return redirect("meetings:detail", pk=meeting.pk)
    response = HttpResponse(content, content_type=content_type)
    filename = f"{_file_stem(kind, meeting)}.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _default_period(today: dt.date, regular_day: int) -> tuple[int, int]:
    """The month to plan: this month until its meeting day (policy meeting.regular_day),
    else the next one."""
    if today.day <= regular_day:
        return today.year, today.month
    following = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return following.year, following.month


# --- list and plan -------------------------------------------------------------------


@login_required
def meeting_list(request):
    """Queries: session, user, scopes, own member, organizations for the filter, count,
    page (with the cell), names of the cells' parents, attendance counts, adopted
    scores, the documents' lead time (every version of its rule)."""
    organizations = _readable_organizations(request.user)
    data = request.GET
    own = _own_cell(request.user, organizations)
    if own is not None and "organization" not in data:
        data = data.copy()
        data["organization"] = str(own.pk)
    form = forms.MeetingFilterForm(data or None, organizations=organizations)
    filters = form.filters()
    paginator = Paginator(selectors.meeting_list(request.user, **filters), settings.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
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
    query = request.GET.copy()
    query.pop("page", None)
    scope = user_scope(request.user)
    chosen = filters.get("organization_id")
    book_cell = next((o for o in organizations if o.id == chosen and o.is_cell), None)
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
            "query": query.urlencode(),
            "can_plan": bool(scope.is_admin or scope.write_paths),
            "can_review": bool(scope.is_admin or scope.read_paths),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan(request):
    """Plan a month for the cells in the write scope, or a thematic meeting."""
    organizations = _writable_organizations(request.user)
    if not organizations:
        raise Http404("Bạn không có quyền lên lịch sinh hoạt.")
    by_id = {o.id: o for o in organizations}
    cells = [o for o in organizations if o.is_cell]
    today = timezone.localdate()
    own = _own_cell(request.user, organizations)
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
        try:
            meeting = services.meeting_create(
                actor=request.user,
                cell=by_id[data["cell"]],
                kind=MeetingKind.THEMATIC,
                scheduled_at=data["scheduled_at"],
                topic=data["topic"],
                place=data["place"],
                combined_with_regular=data["combined_with_regular"],
            )
        except ValidationError as error:
            apply_service_error(thematic_form, error)
        else:
            messages.success(request, f"Đã lên lịch sinh hoạt chuyên đề: {meeting.topic}.")
            return redirect("meetings:detail", pk=meeting.pk)
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


# --- the meeting's hub ---------------------------------------------------------------


def _review_index(titles) -> int | None:
    """The agenda item under which last month's tasks are listed: the review of last
    month ("Đánh giá ... tháng trước"), wherever the cell put it."""
    for index, title in enumerate(titles):
        folded = fold(title)
        if "thang truoc" in folded or folded.startswith("danh gia"):
            return index
    return None


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
        "can_write": can_write and not _refusal(meeting),
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
                "review_index": _review_index(item.title for item in agenda),
                "review_tasks": list(selectors.tasks_for_review(meeting)),
                "new_tasks": list(meeting.tasks.select_related("assignee")),
                "roll": roll,
                "absent": {
                    "excused": roll.count(presence=Presence.EXCUSED),
                    "unexcused": roll.count(presence=Presence.UNEXCUSED),
                    "unmarked": _unmarked(meeting),
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
        _posted(request),
        initial={"scheduled_at": meeting.scheduled_at, "place": meeting.place},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_reschedule(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Đã đổi lịch và thông báo cho đảng viên.")
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/form.html",
        {"form": form, "meeting": meeting, "title": "Đổi lịch sinh hoạt", "submit": "Đổi lịch"},
    )


@editable_meeting
@require_http_methods(["GET", "POST"])
def cancel(request, meeting):
    form = forms.CancelForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Đã hủy buổi sinh hoạt.")
            return redirect("meetings:detail", pk=meeting.pk)
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


# --- prepare -------------------------------------------------------------------------


def _agenda_rows(meeting, posted=None):
    """[(order, title)] for the agenda editor: what was posted, or the saved items and
    two empty rows to add more."""
    if posted is not None:
        return posted
    rows = [(item.order, item.title) for item in meeting.agenda.all()]
    last = rows[-1][0] if rows else 0
    return rows + [(last + 1, ""), (last + 2, "")]


def _posted_agenda(request) -> list[tuple[int, str]]:
    titles = request.POST.getlist("title")
    orders = request.POST.getlist("order")
    rows = []
    for index, title in enumerate(titles):
        try:
            order = int(orders[index])
        except (IndexError, ValueError):
            order = index + 1
        rows.append((order, title))
    return rows


PREPARE_FIELDS = ["place", "draft_resolution"]
OPENING_FIELDS = ["chair", "minute_taker", "started_at", "ended_at", "dues_collected"]


def _prepare_page(request, meeting, *, form=None, document_form=None, agenda=None):
    rows = _agenda_rows(meeting, agenda)
    return render(
        request,
        "meetings/prepare.html",
        {
            "meeting": meeting,
            "form": form
            or with_edit_base(
                forms.PrepareForm(
                    initial={"place": meeting.place, "draft_resolution": meeting.draft_resolution}
                ),
                edit_base(meeting, PREPARE_FIELDS),
            ),
            "document_form": document_form or forms.DocumentForm(),
            "agenda_rows": rows,
            "review_at": _review_index(title for _order, title in rows),
            "review_tasks": list(selectors.tasks_for_review(meeting)),
            "documents": list(meeting.documents.all()),
        },
    )


@editable_meeting
@require_http_methods(["GET", "POST"])
def prepare(request, meeting):
    if request.method != "POST":
        return _prepare_page(request, meeting)
    form = with_edit_base(forms.PrepareForm(request.POST))
    posted = _posted_agenda(request)
    titles = [title for _order, title in sorted(posted, key=lambda row: row[0])]
    if form.is_valid():
        if not any(t.strip() for t in titles):
            form.add_error(None, "Chương trình cần ít nhất một nội dung.")
        else:
            try:
                with transaction.atomic():
                    services.agenda_set(actor=request.user, meeting=meeting, titles=titles)
                    services.content_update(
                        actor=request.user,
                        meeting=meeting,
                        base=posted_base(form),
                        **{f: form.cleaned_data[f] for f in PREPARE_FIELDS},
                    )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, "Đã lưu chương trình và dự thảo nghị quyết.")
                return redirect("meetings:prepare", pk=meeting.pk)
    return _prepare_page(request, meeting, form=form, agenda=posted)


@editable_meeting
@require_POST
def document_add(request, meeting):
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = services.document_attach(
                actor=request.user,
                meeting=meeting,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"Đã đính kèm tài liệu «{document.title}».")
            return redirect("meetings:prepare", pk=meeting.pk)
    return _prepare_page(request, meeting, document_form=form)


@editable_meeting
@require_POST
def documents_sent(request, meeting):
    """The secretary sends the documents to the members: they are told, the time kept."""
    try:
        lead_time.documents_mark_sent(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Đã gửi tài liệu cho đảng viên của chi bộ.")
    return redirect("meetings:detail", pk=meeting.pk)


@editable_meeting
@require_POST
def document_remove(request, meeting, document_id):
    services.document_remove(actor=request.user, meeting=meeting, document_id=document_id)
    messages.success(request, "Đã gỡ tài liệu.")
    return redirect("meetings:prepare", pk=meeting.pk)


@login_required
def document(request, pk, document_id):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    item = meeting.documents.filter(pk=document_id).first()
    if item is None or not item.file.storage.exists(item.file.name):
        raise Http404("Không tìm thấy tài liệu.")
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1]
    )


# --- roll call -----------------------------------------------------------------------


def _attendance_rows(members, recorded, posted=None, away=None):
    """One row per member; `away`: {member id: MemberState} of those who do not count on
    the meeting's day, shown as such instead of the presence buttons."""
    away = away or {}
    rows = []
    for member in members:
        if member.pk in away:
            rows.append({"member": member, "status": away[member.pk].kind,
                         "away": away[member.pk], "presence": "", "reason": ""})
            continue
        row = recorded.get(member.pk)
        if posted is not None:
            presence = posted.get(f"presence_{member.pk}", "")
            reason = posted.get(f"reason_{member.pk}", "")
        else:
            presence = row.presence if row else ""
            reason = row.reason if row else ""
        rows.append(
            {
                "member": member,
                "status": row.member_status if row else member.status,
                "presence": presence,
                "reason": reason,
            }
        )
    return rows


def _roll_counts(rows) -> dict:
    counts = {"total": len(rows), "full": 0, "probationary": 0, "exempt": 0, "unmarked": 0}
    for presence in Presence.values:
        counts[presence] = 0
    for row in rows:
        if row.get("away"):
            counts["away"] = counts.get("away", 0) + 1
            continue
        counts[row["status"]] = counts.get(row["status"], 0) + 1
        if row["presence"] in Presence.values:
            counts[row["presence"]] += 1
        else:
            counts["unmarked"] += 1
    return counts


@editable_meeting
@require_http_methods(["GET", "POST"])
def attendance(request, meeting):
    """The roll call, one row per member; the whole list is saved at once."""
    members, recorded = services.roll_for(meeting)
    errors = []
    posted = None
    if request.method == "POST":
        posted = request.POST
        entries = [
            {
                "member": member.pk,
                "presence": posted.get(f"presence_{member.pk}"),
                "reason": posted.get(f"reason_{member.pk}", ""),
            }
            for member in members
            if posted.get(f"presence_{member.pk}")
        ]
        if not entries:
            errors = ["Chưa điểm danh đảng viên nào."]
        else:
            try:
                roll = services.attendance_record(
                    actor=request.user, meeting=meeting, entries=entries
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(
                    request,
                    f"Đã lưu điểm danh: có mặt {roll.present}/{roll.total} đồng chí.",
                )
                if posted.get("next") == "record":
                    return redirect("meetings:record", pk=meeting.pk)
                return redirect("meetings:attendance", pk=meeting.pk)
    from chibo.members.selectors_states import states_on

    away = states_on([m.pk for m in members], timezone.localtime(meeting.scheduled_at).date())
    rows = _attendance_rows(members, recorded, posted, away)
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "rows": rows,
            "counts": _roll_counts(rows),
            "errors": errors,
            "presences": Presence.choices,
        },
    )


# --- record --------------------------------------------------------------------------


def _opening_initial(meeting, members) -> dict:
    chair = meeting.chair_id
    if chair is None:
        chair = next((m.pk for m in members if m.position == "secretary"), None)
    start = timezone.localtime(meeting.started_at) if meeting.started_at else None
    end = timezone.localtime(meeting.ended_at) if meeting.ended_at else None
    return {
        "chair": chair,
        "minute_taker": meeting.minute_taker_id,
        "meeting_date": (start or timezone.localtime(meeting.scheduled_at)).date(),
        "started_at": start.time() if start else None,
        "ended_at": end.time() if end else None,
        "dues_collected": meeting.dues_collected,
    }


def _review_rows(meeting, posted=None):
    tasks = list(selectors.tasks_for_review(meeting))
    reviews = {r.task_id: r for r in meeting.task_reviews.all()}
    rows = []
    for task in tasks:
        review = reviews.get(task.pk)
        if posted is not None:
            result = posted.get(f"result_{task.pk}", "")
            comment = posted.get(f"comment_{task.pk}", "")
        else:
            result = review.result if review else ""
            comment = review.comment if review else ""
        rows.append({"task": task, "result": result, "comment": comment, "saved": review})
    return rows


def _record_page(request, meeting, *, bound=None, open_section=None, reviews=None, errors=None):
    bound = bound or {}
    members, recorded = services.roll_for(meeting)
    # the pickers list those present at the roll call first
    present = {pk for pk, a in recorded.items() if a.presence == Presence.PRESENT}
    guests = list(meeting.guests.all())
    score = selectors.quality_score(meeting)
    roll = selectors.roll_call(meeting)
    content_forms = {
        name: bound.get(name)
        or with_edit_base(
            form_class(initial={f: getattr(meeting, f) for f in form_class.base_fields}),
            edit_base(meeting, form_class.base_fields),
        )
        for name, form_class in forms.CONTENT_FORMS.items()
    }
    open_section = open_section or request.GET.get("s") or "opening"
    if open_section not in SECTION_NAMES:
        open_section = "opening"
    # The draft's text starts the resolution, without its draft words.
    resolution = meeting.resolution or without_draft_words(meeting.draft_resolution)
    speeches = list(meeting.speeches.all())
    new_tasks = list(meeting.tasks.select_related("assignee"))
    review_rows = reviews or _review_rows(meeting)
    filled = {
        "opening": bool(meeting.chair_id and meeting.minute_taker_id and meeting.started_at),
        "review": bool(meeting.review_results or any(row["saved"] for row in review_rows)),
        "news": bool(meeting.news or meeting.new_policies),
        "study": bool(meeting.study_item),
        "discussion": bool(speeches or meeting.self_criticism),
        "next": bool(meeting.next_month or new_tasks),
        "conclusion": bool(meeting.conclusion and meeting.votes_for is not None),
        "score": score["complete"],
    }
    context = {
        "meeting": meeting,
        "sections": SECTIONS,
        "open_section": open_section,
        "opening_form": bound.get("opening")
        or with_edit_base(
            forms.OpeningForm(
                members=members, present=present, initial=_opening_initial(meeting, members)
            ),
            edit_base(meeting, OPENING_FIELDS),
        ),
        "content_forms": content_forms,
        "guest_form": bound.get("guest") or forms.GuestForm(),
        "speech_form": bound.get("speech")
        or forms.SpeechForm(
            members=members, guests=guests, present=present,
            initial={"section": Section.DISCUSSION},
        ),
        "task_form": bound.get("task") or forms.TaskForm(members=members, present=present),
        "offered_guests": offered_officials(meeting),
        "vote_form": bound.get("vote")
        or with_edit_base(
            forms.VoteForm(
                initial={
                    "decision_kind": meeting.decision_kind,
                    "resolution": resolution,
                    "votes_for": meeting.votes_for,
                    "votes_against": meeting.votes_against
                    if meeting.votes_against is not None
                    else 0,
                    "votes_abstain": meeting.votes_abstain
                    if meeting.votes_abstain is not None
                    else 0,
                }
            ),
            edit_base(meeting, ["resolution"]),
        ),
        "score_form": bound.get("score") or forms.ScoreForm(items=score["items"]),
        "score": score,
        "roll": roll,
        "vote": selectors.vote_summary(meeting),
        "vote_rules": _vote_rules(meeting),
        "voters": {"eligible": roll.eligible_voters(), "present": roll.voters_present()},
        "filled": filled,
        "guests": guests,
        "speeches": speeches,
        "review_rows": review_rows,
        "review_errors": errors or [],
        "task_results": TaskResult.choices,
        "new_tasks": new_tasks,
    }
    return render(request, "meetings/record.html", context)


def _members(meeting):
    members, _recorded = services.roll_for(meeting)
    return members


@editable_meeting
@require_http_methods(["GET", "POST"])
def record(request, meeting):
    """The minutes, section by section. A POST saves one section's text (`section`)."""
    if request.method != "POST":
        return _record_page(request, meeting)
    section = request.POST.get("section", "")
    if section == "opening":
        form = forms.OpeningForm(request.POST, members=_members(meeting))
    elif section in forms.CONTENT_FORMS:
        form = forms.CONTENT_FORMS[section](request.POST)
    else:
        return HttpResponseBadRequest("Phần biên bản không hợp lệ.")
    with_edit_base(form)
    if form.is_valid():
        try:
            services.content_update(
                actor=request.user,
                meeting=meeting,
                base=posted_base(form),
                **form.service_kwargs(),
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"Đã lưu phần «{dict(SECTIONS)[section]}».")
            return redirect(_record_url(meeting, section))
    return _record_page(request, meeting, bound={section: form}, open_section=section)


@editable_meeting
@require_POST
def guest_add(request, meeting):
    official = request.POST.get("official")
    if official:
        # One tap on an offered official (guests.offered_officials): name and office as
        # offered, marked as the higher committee's, linked to their account.
        offer = next((o for o in offered_officials(meeting) if str(o.user_id) == official), None)
        if offer is None:
            messages.error(request, "Đồng chí này không còn trong danh sách đề xuất khách mời.")
        else:
            services.guest_add(
                actor=request.user, meeting=meeting, name=offer.name, office=offer.office,
                is_higher_official=True, user=get_user_model().objects.get(pk=offer.user_id),
            )
            messages.success(request, f"Đã thêm khách mời {offer.name}.")
        return redirect(_record_url(meeting, "opening"))
    form = forms.GuestForm(request.POST)
    if form.is_valid():
        try:
            services.guest_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"Đã thêm khách mời {form.cleaned_data['name']}.")
            return redirect(_record_url(meeting, "opening"))
    return _record_page(request, meeting, bound={"guest": form}, open_section="opening")


@editable_meeting
@require_POST
def guest_remove(request, meeting, item_id):
    services.guest_remove(actor=request.user, meeting=meeting, guest_id=item_id)
    messages.success(request, "Đã bỏ khách mời.")
    return redirect(_record_url(meeting, "opening"))


@editable_meeting
@require_POST
def speech_add(request, meeting):
    form = forms.SpeechForm(request.POST, members=_members(meeting))
    if form.is_valid():
        try:
            speech = services.speech_add(
                actor=request.user, meeting=meeting, **form.service_kwargs()
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"Đã ghi ý kiến của đồng chí {speech.speaker_name}.")
            return redirect(_record_url(meeting, "discussion"))
    return _record_page(request, meeting, bound={"speech": form}, open_section="discussion")


@editable_meeting
@require_POST
def speech_remove(request, meeting, item_id):
    services.speech_remove(actor=request.user, meeting=meeting, speech_id=item_id)
    messages.success(request, "Đã xóa ý kiến phát biểu.")
    return redirect(_record_url(meeting, "discussion"))


@editable_meeting
@require_POST
def reviews(request, meeting):
    """Each task given at earlier meetings: done, partly or not done, with a comment.
    A task left without a result is not reported and stays open for the next meeting."""
    rows = _review_rows(meeting, request.POST)
    try:
        saved = services.task_reviews_record(actor=request.user, meeting=meeting, entries=rows)
    except ValidationError as error:
        errors = error.messages
    else:
        messages.success(request, f"Đã lưu kết quả {saved} nhiệm vụ.")
        return redirect(_record_url(meeting, "review"))
    return _record_page(request, meeting, open_section="review", reviews=rows, errors=errors)


@editable_meeting
@require_POST
def task_add(request, meeting):
    form = forms.TaskForm(request.POST, members=_members(meeting))
    if form.is_valid():
        try:
            task = services.task_assign(
                actor=request.user, meeting=meeting, **form.service_kwargs()
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"Đã giao nhiệm vụ cho đồng chí {task.assignee.full_name}.")
            return redirect(_record_url(meeting, "next"))
    return _record_page(request, meeting, bound={"task": form}, open_section="next")


@editable_meeting
@require_POST
def task_remove(request, meeting, item_id):
    services.task_remove(actor=request.user, meeting=meeting, task_id=item_id)
    messages.success(request, "Đã bỏ nhiệm vụ.")
    return redirect(_record_url(meeting, "next"))


def _vote_rules(meeting) -> list[dict]:
    """Each kind of decision with the majority it needs on the meeting's day, so the
    screen names the rule before the votes are counted."""
    from chibo.core.policies import PolicyMissing

    rows = []
    for kind in rules.DECISION_KINDS:
        try:
            rule = selectors.meeting_vote_rule(meeting, kind)
        except PolicyMissing:
            continue
        rows.append({"kind": kind, "text": rule.text, "basis": rule.basis,
                     "current": kind == meeting.decision_kind})
    return rows


@editable_meeting
@require_POST
def vote(request, meeting):
    form = with_edit_base(forms.VoteForm(request.POST))
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "base"}
        try:
            result = services.vote_record(
                actor=request.user, meeting=meeting, base=posted_base(form), **data
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            verdict = "được thông qua" if result.passed else "không được thông qua"
            mark = "đạt" if result.passed else "không đạt"
            messages.success(
                request,
                f"Đã ghi kết quả biểu quyết: {result.votes_for}/{result.eligible} tán thành "
                f"({result.percent_for:g}%), nghị quyết {verdict}. {result.rule.label}: "
                f"{mark} (cần {result.rule.words} số đảng viên chính thức tán thành).",
            )
            return redirect(_record_url(meeting, "conclusion"))
    return _record_page(request, meeting, bound={"vote": form}, open_section="conclusion")


@editable_meeting
@require_POST
def score(request, meeting):
    form = forms.ScoreForm(request.POST, items=selectors.quality_score(meeting)["items"])
    if form.is_valid():
        try:
            result = services.score_record(
                actor=request.user, meeting=meeting, items=form.service_items()
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            if result["complete"]:
                text = f"Tổng điểm {result['total']:g}, xếp loại {result['band']}."
            else:
                text = "Còn tiêu chí chưa chấm."
            messages.success(request, f"Đã lưu điểm chất lượng. {text}")
            return redirect(_record_url(meeting, "score"))
    return _record_page(request, meeting, bound={"score": form}, open_section="score")


@login_required
def history(request, pk):
    """What changed in the meeting and its parts (agenda, roll call, guests, speeches,
    tasks and reviews, documents, minutes versions), who changed it and when, newest
    first: for those who may write the cell (its secretary, the committees above)."""
    from chibo.core.history import object_history
    from chibo.meetings.models import (
        AgendaItem,
        Attendance,
        Guest,
        MeetingDocument,
        MinutesVersion,
        Speech,
        Task,
        TaskReview,
    )

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


HISTORY_SHOWN = 200


# --- adopt and amend -----------------------------------------------------------------


def _unmarked(meeting) -> int:
    """Members of the cell not yet on the roll call (one query)."""
    recorded = meeting.attendance.values("member_id")
    return meeting.organization.members.exclude(pk__in=recorded).count()


def _missing_for_adoption(meeting, roll) -> list[str]:
    missing = []
    if roll.total == 0:
        missing.append("điểm danh")
    if not (meeting.started_at and meeting.ended_at):
        missing.append("giờ bắt đầu và kết thúc")
    if meeting.kind != MeetingKind.COMMITTEE and meeting.votes_for is None:
        missing.append("kết quả biểu quyết")
    if not meeting.chair_id or not meeting.minute_taker_id:
        missing.append("chủ trì và thư ký")
    return missing


def _adoption_refusals(meeting) -> list[str]:
    """What adoption would refuse besides missing parts, said before anyone confirms: the
    meeting has not ended yet, the resolution still reads as a draft."""
    from chibo.documents.context import DRAFT_WORDS

    refusals = []
    if meeting.started_at and meeting.ended_at:
        try:
            services.ensure_held(meeting)
        except ValidationError as error:
            refusals += error.messages
    if DRAFT_WORDS.match(meeting.resolution or ""):
        refusals.append("Nội dung nghị quyết còn ghi «Dự thảo»; sửa ở phần Kết luận, biểu quyết.")
    return refusals


def _already_adopted(request, version):
    messages.info(
        request,
        f"Biên bản đã được thông qua trước đó (bản số {version.number}, mã kiểm tra "
        f"{version.content_hash[:12]}…).",
    )
    return redirect("meetings:detail", pk=version.meeting_id)


@login_required
@require_http_methods(["GET", "POST"])
def adopt(request, pk):
    """The minutes read out to the cell and adopted: shown in full, then locked. Adopting
    twice (a double tap, a second phone) lands on the adopted minutes, not on an error."""
    meeting = selectors.get_meeting_for_user(request.user, pk, write=True)
    if meeting.status == MeetingStatus.ADOPTED:
        version = meeting.versions.order_by("number").first()
        if version is not None:
            return _already_adopted(request, version)
    if _refusal(meeting):
        messages.error(request, _refusal(meeting))
        return redirect("meetings:detail", pk=meeting.pk)
    form = forms.AdoptForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            version = services.meeting_adopt(actor=request.user, meeting=meeting)
        except services.AlreadyAdopted as error:
            return _already_adopted(request, error.version)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request,
                f"Biên bản đã được thông qua và khóa (mã kiểm tra {version.content_hash[:12]}…).",
            )
            return redirect("meetings:detail", pk=meeting.pk)
    snapshot = minutes_snapshot(meeting)
    roll = selectors.roll_call(meeting)
    return render(
        request,
        "meetings/adopt.html",
        {
            "meeting": meeting,
            "form": form,
            "minutes": snapshot,
            "missing": _missing_for_adoption(meeting, roll),
            "refusals": _adoption_refusals(meeting),
            "unmarked": _unmarked(meeting),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def amend(request, pk):
    """A correction of adopted minutes: a new version with its reason; the earlier
    versions stay as they were."""
    meeting = selectors.get_meeting_for_user(request.user, pk, write=True)
    if not meeting.is_adopted:
        messages.info(
            request, "Biên bản chưa được thông qua; hãy sửa trực tiếp ở trang ghi biên bản."
        )
        return redirect("meetings:detail", pk=meeting.pk)
    current = current_minutes(meeting)
    form = forms.AmendForm(_posted(request), content=current["content"])
    if request.method == "POST" and form.is_valid():
        try:
            version = services.minutes_amend(
                actor=request.user,
                meeting=meeting,
                reason=form.cleaned_data["reason"],
                content=form.content(),
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request,
                f"Đã lập bản đính chính số {version.number}; các bản trước vẫn được lưu.",
            )
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/amend.html",
        {"meeting": meeting, "form": form, "version": current.get("version", 1)},
    )


# --- documents -----------------------------------------------------------------------


@login_required
def minutes_docx(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    return _download(
        request, meeting, renderers.minutes_docx, kind="bien-ban", suffix="docx", content_type=DOCX
    )


@login_required
def minutes_pdf(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    return _download(
        request, meeting, renderers.minutes_pdf, kind="bien-ban", suffix="pdf", content_type=PDF
    )


@login_required
def resolution_docx(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    return _download(
        request,
        meeting,
        renderers.resolution_docx,
        kind="nghi-quyet",
        suffix="docx",
        content_type=DOCX,
    )


@login_required
def resolution_pdf(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    return _download(
        request,
        meeting,
        renderers.resolution_pdf,
        kind="nghi-quyet",
        suffix="pdf",
        content_type=PDF,
    )


@login_required
def minute_book(request, org_pk, year):
    cell = get_organization_for_user(request.user, org_pk)
    if not cell.is_cell:
        raise Http404("Sổ biên bản chỉ có ở chi bộ.")
    snapshots = adopted_minutes(cell, year)
    back = f"{reverse('meetings:list')}?organization={cell.pk}&year={year}"
    if not snapshots:
        messages.info(request, f"{cell.name} chưa có biên bản nào được thông qua năm {year}.")
        return redirect(back)
    parent_name = names_by_path([cell.parent_path]).get(cell.parent_path, "")
    try:
        content = renderers.minute_book_pdf(
            snapshots, cell_name=cell.name, parent_name=parent_name, year=year
        )
    except NotImplementedError:
        messages.error(request, "Chức năng in sổ biên bản đang được hoàn thiện; hãy thử lại sau.")
        return redirect(back)
    response = HttpResponse(content, content_type=PDF)
    response["Content-Disposition"] = (
        f'attachment; filename="so-bien-ban-{year}-{_slug(cell.name)}.pdf"'
    )
    return response


# --- tasks and absences --------------------------------------------------------------


@login_required
def tasks(request):
    """A member's own tasks; the tasks of the cells in scope for secretaries and staff.
    Queries: session, user, scopes, own member, own tasks, organizations for the filter,
    count, page."""
    scope = user_scope(request.user)
    today = timezone.localdate()
    mine = []
    if scope.member_id:
        mine = list(selectors.tasks_of_member(scope.member_id).order_by("status", "deadline", "id"))
    can_review = bool(scope.is_admin or scope.read_paths)
    context = {
        "mine": mine,
        "today": today,
        "can_review": can_review,
        "is_member": bool(scope.member_id),
    }
    if can_review:
        organizations = _readable_organizations(request.user)
        form = forms.TaskFilterForm(request.GET or None, organizations=organizations)
        form.is_valid()
        data = getattr(form, "cleaned_data", {})
        organization = data.get("organization")
        if form.is_bound and "organization" in form.errors:
            organization = -1
        state = data.get("state") or "open"
        paginator = Paginator(
            selectors.scope_tasks(
                request.user, organization_id=organization, state=state, today=today
            ),
            settings.PAGE_SIZE,
        )
        page = paginator.get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context.update({"form": form, "page": page, "state": state, "query": query.urlencode()})
    return render(request, "meetings/tasks.html", context)


@login_required
def absences(request):
    """Members with unexcused absences in the policy's number of months of a year: a flag
    for the cell and the committee to review, never a removal."""
    scope = user_scope(request.user)
    if not (scope.is_admin or scope.read_paths):
        raise Http404("Bạn không có quyền xem trang này.")
    organizations = _readable_organizations(request.user)
    form = forms.YearFilterForm(
        request.GET or None,
        organizations=organizations,
        initial={"year": timezone.localdate().year},
    )
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    year = data.get("year") or timezone.localdate().year
    root = None
    if data.get("organization"):
        root = next((o for o in organizations if o.id == data["organization"]), None)
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
