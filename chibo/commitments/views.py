"""Pages of the Hồ Chí Minh study topics, the yearly commitments (đăng ký việc làm theo)
and the residence comments (QĐ 213).

Reads go through the commitment selectors (scoped), writes through the services.

Who may do what:
- a member edits their own register until they submit it; the chi ủy (the cell's
  secretary, the committee staff above the cell) approves or returns it, and gives the
  year-end result of each item;
- a cell's own register of weak tasks is written by the chi ủy and decided by the
  committee above the cell (a cell does not approve its own weak tasks);
- a residence comment is written by the residence cell's secretary or the committee
  staff above the residence cell, and read by the member's workplace cell as well;
- an HD 33 exemption is marked by the workplace cell's side.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from chibo.accounts.models import Role
from chibo.commitments import forms, selectors, services
from chibo.commitments.models import (
    RESIDENCE_POINTS,
    CommitmentStatus,
    ResidenceComment,
    ResidenceExemption,
    ResidenceRating,
)
from chibo.core.concurrency import (
    STALE_MESSAGE,
    StaleEdit,
    edit_base,
    parse_base,
    renewed_base,
)
from chibo.core.forms import _shown, apply_service_error, posted_base, with_edit_base
from chibo.core.scope import gate, user_scope, visible_members, visible_organizations
from chibo.core.vi import fold
from chibo.meetings.models import MeetingStatus
from chibo.meetings.selectors import get_meeting_for_user
from chibo.organizations.models import Organization
from chibo.organizations.selectors import get_organization_for_user, names_by_path

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
LOCKED = {
    CommitmentStatus.SUBMITTED: "Bản đăng ký đã gửi chi ủy và đang chờ duyệt; không sửa được nữa.",
    CommitmentStatus.APPROVED: "Bản đăng ký đã được duyệt; không sửa được nữa. Tiến độ được ghi "
    "tại các buổi sinh hoạt.",
}
RATING_LABELS = dict(ResidenceRating.choices)


# --- helpers -------------------------------------------------------------------------


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404("Năm không hợp lệ.")
    return year


def _slug(text: str) -> str:
    return slugify(fold(text)) or "chibo"


def _cell_for_user(user, pk) -> Organization:
    """A cell in the user's scope (not a plain member's own cell: the registers of its
    members are the chi ủy's to see)."""
    org = get_organization_for_user(user, pk)
    if not org.is_cell or not user_scope(user).covers(org.path):
        raise Http404("Không tìm thấy chi bộ hoặc bạn không có quyền xem.")
    return org


def _can_decide(user, commitment) -> bool:
    """A member's register: the chi ủy of its cell. A cell's own register: the committee
    above the cell."""
    scope = user_scope(user)
    if commitment.is_cell:
        parent = commitment.cell.parent_path
        return scope.is_admin or bool(parent and scope.covers(parent, write=True))
    return scope.covers(commitment.cell.path, write=True)


def _readable_organizations(user):
    return list(
        visible_organizations(user)
        .filter(dissolved_on__isnull=True)
        .only("id", "name", "depth", "path", "is_cell")
        .order_by("path")
    )


def _root(form, organizations):
    """The organization chosen in a filter form, None for the whole scope."""
    form.is_valid()
    chosen = getattr(form, "cleaned_data", {}).get("organization")
    return next((o for o in organizations if o.id == chosen), None)


def _back(commitment) -> str:
    return reverse("commitments:cell", args=[commitment.cell_id, commitment.year])


def _redirect_back(request, commitment):
    if request.POST.get("back") == "cell":
        return redirect(_back(commitment))
    return redirect("commitments:detail", pk=commitment.pk)


def _page(request, template: str, context: dict):
    """Render with what the section's tabs need."""
    scope = user_scope(request.user)
    context.setdefault("manages", bool(scope.is_admin or scope.read_paths))
    context.setdefault("this_year", selectors.year_of())
    return render(request, template, context)


def _register_base(commitment, items, posted, stale) -> str:
    """The register form's edit base: as posted, renewed after a refused stale save, or
    that of the register as loaded now."""
    if stale is not None:
        return renewed_base(parse_base(posted.get("base")), stale.newer)
    if posted is not None:
        return posted.get("base", "")
    return json.dumps(services.items_base(commitment, items), separators=(",", ":"))


def _stale_errors(error: StaleEdit) -> list[str]:
    return [STALE_MESSAGE]


def _status_counts(rows) -> dict:
    counts = {"none": 0, **{value: 0 for value in CommitmentStatus.values}}
    for row in rows:
        counts[row["register"].status if row["register"] else "none"] += 1
    return counts


# --- a member's own register ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def mine(request):
    """The member's register of the current year; for the chi ủy and committee staff,
    the way to their cells' registers, the study topics and the residence comments."""
    scope = user_scope(request.user)
    year = selectors.year_of()
    member = None
    if scope.member_id:
        member = gate(visible_members(request.user).select_related("organization"), scope.member_id)
    commitment = selectors.member_register(member, year) if member else None
    errors, posted, stale = [], None, None
    if request.method == "POST":
        if member is None:
            raise Http404("Tài khoản chưa gắn với hồ sơ đảng viên.")
        if commitment is not None and commitment.status in LOCKED:
            messages.error(request, LOCKED[commitment.status])
            return redirect("commitments:mine")
        submit = request.POST.get("action") == "submit"
        try:
            commitment = services.commitment_save(
                actor=request.user,
                year=year,
                items=forms.posted_items(request.POST),
                member=member,
                submit=submit,
                base=parse_base(request.POST.get("base")),
            )
        except StaleEdit as error:
            errors, posted, stale = _stale_errors(error), request.POST, error
        except ValidationError as error:
            errors, posted = error.messages, request.POST
        else:
            if submit:
                messages.success(request, "Đã gửi bản đăng ký để chi ủy xem xét, duyệt.")
            else:
                messages.success(request, "Đã lưu bản nháp đăng ký.")
            return redirect("commitments:mine")
    editable = member is not None and (commitment is None or commitment.status not in LOCKED)
    context_items = list(commitment.items.all()) if commitment else []
    context = {
        "year": year,
        "member": member,
        "commitment": commitment,
        "items": context_items,
        "editable": editable,
        "rows": forms.item_rows(commitment, posted) if editable else [],
        "errors": errors,
        "base": _register_base(commitment, context_items, posted, stale),
        "newer": stale.newer["items"] if stale else None,
        "max_items": services.MAX_ITEMS,
        "earlier": list(member.commitments.exclude(year=year).order_by("-year")[:10])
        if member
        else [],
    }
    if scope.is_admin or scope.read_paths:
        cells = [
            o
            for o in visible_organizations(request.user)
            .filter(is_cell=True, dissolved_on__isnull=True)
            .only("id", "name", "path")
            .order_by("path")
            if scope.covers(o.path)
        ]
        parents = names_by_path(c.parent_path for c in cells)
        for c in cells:
            c.label = f"{c.name} ({parents[c.parent_path]})" if c.parent_path in parents else c.name
        pick = forms.CellPickForm(
            request.GET if "cell" in request.GET else None,
            cells=cells,
            initial={"year": year, "cell": cells[0].id if cells else None},
        )
        if pick.is_bound and pick.is_valid():
            data = pick.cleaned_data
            return redirect("commitments:cell", org_pk=data["cell"], year=data["year"])
        context.update({"cells": cells, "pick": pick, "manages": True})
    return _page(request, "commitments/mine.html", context)


# --- a cell's registers --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def cell(request, org_pk, year):
    """All members' registers of the cell with their status, approve or return each,
    the year-end results; the cell's own register of weak tasks.

    Queries: session, user, scopes, own member, the cell, the name of the committee
    above it, members, the year's registers kept by the cell (with their member), their
    items."""
    year = _year(year)
    org = _cell_for_user(request.user, org_pk)
    scope = user_scope(request.user)
    can_write = scope.covers(org.path, write=True)
    members, registers, own = selectors.cell_registers(org, year)
    errors, posted, stale = [], None, None
    if request.method == "POST":
        if not can_write:
            raise Http404("Bạn không có quyền sửa đăng ký của chi bộ này.")
        if own is not None and own.status in LOCKED:
            messages.error(request, LOCKED[own.status])
            return redirect("commitments:cell", org_pk=org.pk, year=year)
        submit = request.POST.get("action") == "submit"
        try:
            services.commitment_save(
                actor=request.user,
                year=year,
                items=forms.posted_items(request.POST),
                cell=org,
                submit=submit,
                base=parse_base(request.POST.get("base")),
            )
        except StaleEdit as error:
            errors, posted, stale = _stale_errors(error), request.POST, error
        except ValidationError as error:
            errors, posted = error.messages, request.POST
        else:
            messages.success(
                request,
                "Đã gửi đăng ký khâu yếu của chi bộ để cấp ủy cấp trên duyệt."
                if submit
                else "Đã lưu bản nháp đăng ký khâu yếu của chi bộ.",
            )
            return redirect(f"{reverse('commitments:cell', args=[org.pk, year])}#chi-bo")
    rows = [{"member": m, "register": registers.get(m.pk)} for m in members]
    present = {m.pk for m in members}
    moved = [c for member_id, c in registers.items() if member_id not in present]
    wanted = request.GET.get("status", "")
    counts = _status_counts(rows)
    if wanted in counts:
        shown = [r for r in rows if (r["register"].status if r["register"] else "none") == wanted]
    else:
        wanted, shown = "", rows
    own_editable = can_write and (own is None or own.status not in LOCKED)
    own_items = list(own.items.all()) if own else []
    parent = names_by_path([org.parent_path]).get(org.parent_path, "")
    return _page(
        request,
        "commitments/cell.html",
        {
            "cell": org,
            "parent_name": parent,
            "year": year,
            "rows": shown,
            "total": len(rows),
            "counts": counts,
            "wanted": wanted,
            "moved": moved,
            "own": own,
            "own_items": own_items,
            "own_editable": own_editable,
            "own_rows": forms.item_rows(own, posted) if own_editable else [],
            "own_errors": errors,
            "own_base": _register_base(own, own_items, posted, stale),
            "own_newer": stale.newer["items"] if stale else None,
            "can_write": can_write,
            "can_decide_own": own is not None and _can_decide(request.user, own),
            "decide_form": forms.DecideForm(),
            "results": forms.RESULT_CHOICES,
            "statuses": CommitmentStatus.choices,
            "max_items": services.MAX_ITEMS,
        },
    )


# --- one register --------------------------------------------------------------------


@login_required
def detail(request, pk):
    commitment = selectors.get_commitment_for_user(request.user, pk)
    scope = user_scope(request.user)
    can_write = scope.covers(commitment.cell.path, write=True)
    can_decide = _can_decide(request.user, commitment)
    own = commitment.member_id is not None and commitment.member_id == scope.member_id
    editable = commitment.status not in LOCKED
    return _page(
        request,
        "commitments/detail.html",
        {
            "commitment": commitment,
            "items": selectors.register_items(commitment),
            "can_decide": can_decide,
            "can_read_cell": scope.covers(commitment.cell.path),
            "edit_url": (
                reverse("commitments:mine")
                if own and editable and commitment.year == selectors.year_of()
                else (
                    f"{_back(commitment)}#chi-bo"
                    if commitment.is_cell and can_write and editable
                    else ""
                )
            ),
            "decide_form": forms.DecideForm(),
            "results": forms.RESULT_CHOICES,
        },
    )


@login_required
@require_POST
def decide(request, pk):
    """Approve (`decision=approve`) or return with a note (`decision=return`)."""
    commitment = selectors.get_commitment_for_user(request.user, pk, write=True)
    if not _can_decide(request.user, commitment):
        messages.error(request, "Đăng ký khâu yếu của chi bộ do cấp ủy cấp trên duyệt.")
        return _redirect_back(request, commitment)
    decision = request.POST.get("decision")
    if decision not in ("approve", "return"):
        return HttpResponseBadRequest("Quyết định không hợp lệ.")
    form = forms.DecideForm(request.POST)
    if not form.is_valid():
        for field_errors in form.errors.values():
            for e in field_errors:
                messages.error(request, e)
        return _redirect_back(request, commitment)
    who = commitment.member.full_name if commitment.member else "chi bộ"
    try:
        services.commitment_decide(
            actor=request.user,
            commitment=commitment,
            approve=decision == "approve",
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, f"Đăng ký của {who}: {message}")
    else:
        if decision == "approve":
            messages.success(request, f"Đã duyệt bản đăng ký của {who}.")
        else:
            messages.success(request, f"Đã trả lại bản đăng ký của {who} kèm ý kiến.")
    return _redirect_back(request, commitment)


@login_required
@require_POST
def results(request, pk):
    """The year-end result of each item of an approved register."""
    commitment = selectors.get_commitment_for_user(request.user, pk, write=True)
    if not _can_decide(request.user, commitment):
        messages.error(request, "Kết quả đăng ký khâu yếu của chi bộ do cấp ủy cấp trên đánh giá.")
        return _redirect_back(request, commitment)
    try:
        services.items_result(
            actor=request.user,
            commitment=commitment,
            results=forms.posted_results(request.POST, commitment),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Đã lưu kết quả cuối năm.")
    return _redirect_back(request, commitment)


def _download(request, pk, kind: str, suffix: str, content_type: str):
    """The register printed as a form, by the documents app's renderers; a message
    instead while they are not there."""
    commitment = selectors.get_commitment_for_user(request.user, pk)
    try:
        from chibo.documents import grading_forms
    except ImportError:
        grading_forms = None
    render_file = getattr(grading_forms, f"commitment_{kind}", None)
    try:
        content = render_file(commitment) if render_file else None
    except NotImplementedError:
        content = None
    if content is None:
        messages.error(request, "Chức năng in bản đăng ký đang được hoàn thiện; hãy thử lại sau.")
        return redirect("commitments:detail", pk=commitment.pk)
    name = getattr(grading_forms, "commitment_filename", None)
    if name is not None:
        filename = name(commitment, suffix)
    else:
        who = commitment.member.full_name if commitment.member else commitment.cell.name
        filename = f"dang-ky-{commitment.year}-{_slug(who)}.{suffix}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def commitment_docx(request, pk):
    return _download(request, pk, "docx", "docx", DOCX)


@login_required
def commitment_pdf(request, pk):
    return _download(request, pk, "pdf", "pdf", PDF)


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
    return _page(
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
    return list(qs.only("id", "name", "path").order_by("path").distinct())


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
    committees the user may issue for, organizations for the filter, count of cells,
    the page of cells, their thematic meetings of the year, the names of their parents."""
    year = _year(year)
    scope = user_scope(request.user)
    issuers = _topic_issuers(request.user)
    can_add = scope.is_admin or bool(issuers)
    form = None
    if can_add:
        form = forms.TopicForm(
            request.POST if request.method == "POST" else None,
            issuers=issuers,
            allow_none=scope.is_admin,
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
    organizations = _readable_organizations(request.user)
    filter_form = forms.OrganizationFilterForm(request.GET or None, organizations=organizations)
    root = _root(filter_form, organizations)
    cells = visible_organizations(request.user).filter(is_cell=True, dissolved_on__isnull=True)
    if root is not None:
        cells = cells.filter(path__startswith=root.path)
    paginator = Paginator(cells.only("id", "name", "path").order_by("path"), settings.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
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
    query = request.GET.copy()
    query.pop("page", None)
    return _page(
        request,
        "commitments/topics.html",
        {
            "year": year,
            "topics": list(selectors.visible_topics(request.user, year)),
            "form": form,
            "filter_form": filter_form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "current_year": today.year,
        },
    )


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
    year = _year(year)
    scope = user_scope(request.user)
    if not (scope.is_admin or scope.read_paths):
        raise Http404("Trang này dành cho chi ủy và cấp ủy.")
    own_cells = _secretary_cells(request.user)
    to_comment = [
        (c, list(selectors.residents_to_comment(request.user, c, year))) for c in own_cells
    ]
    received = list(selectors.comments_received(own_cells, year)) if own_cells else []
    organizations = _readable_organizations(request.user)
    filter_form = forms.OrganizationFilterForm(request.GET or None, organizations=organizations)
    root = _root(filter_form, organizations)
    paginator = Paginator(
        selectors.residence_missing(request.user, year=year, organization=root),
        settings.PAGE_SIZE,
    )
    page = paginator.get_page(request.GET.get("page"))
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
    query = request.GET.copy()
    query.pop("page", None)
    return _page(
        request,
        "commitments/residence.html",
        {
            "year": year,
            "to_comment": to_comment,
            "received": received,
            "filter_form": filter_form,
            "page": page,
            "missing": missing,
            "query": query.urlencode(),
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
        shown.append(_shown(error.newer["comment"]))
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
    year = _year(year)
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
    return _page(
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
    year = _year(year)
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
    return _page(
        request,
        "commitments/residence_exempt.html",
        {"year": year, "member": member, "form": form, "current": current},
    )
