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

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from chibo.commitments import forms, selectors, services
from chibo.commitments.models import (
    CommitmentStatus,
)
from chibo.commitments.pages import checked_year, render_page
from chibo.core.concurrency import (
    STALE_MESSAGE,
    StaleEdit,
    parse_base,
    renewed_base,
)
from chibo.core.scope import gate, user_scope, visible_members, visible_organizations
from chibo.core.web import file_response
from chibo.documents import grading_forms
from chibo.organizations.selectors import get_cell_for_user, names_by_path

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
LOCKED = {
    CommitmentStatus.SUBMITTED: "Bản đăng ký đã gửi chi ủy và đang chờ duyệt; không sửa được nữa.",
    CommitmentStatus.APPROVED: "Bản đăng ký đã được duyệt; không sửa được nữa. Tiến độ được ghi "
    "tại các buổi sinh hoạt.",
}


# --- helpers -------------------------------------------------------------------------


def _back(commitment) -> str:
    return reverse("commitments:cell", args=[commitment.cell_id, commitment.year])


def _redirect_back(request, commitment):
    if request.POST.get("back") == "cell":
        return redirect(_back(commitment))
    return redirect("commitments:detail", pk=commitment.pk)


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
    if scope.reads_organizations:
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
    return render_page(request, "commitments/mine.html", context)


# --- a cell's registers --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def cell(request, org_pk, year):
    """All members' registers of the cell with their status, approve or return each,
    the year-end results; the cell's own register of weak tasks.

    Queries: session, user, scopes, own member, the cell, the name of the committee
    above it, members, the year's registers kept by the cell (with their member), their
    items."""
    year = checked_year(year)
    org = get_cell_for_user(request.user, org_pk)
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
    return render_page(
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
            "can_decide_own": own is not None and selectors.can_decide(request.user, own),
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
    can_decide = selectors.can_decide(request.user, commitment)
    own = commitment.member_id is not None and commitment.member_id == scope.member_id
    editable = commitment.status not in LOCKED
    return render_page(
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
    if not selectors.can_decide(request.user, commitment):
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
    if not selectors.can_decide(request.user, commitment):
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


def _download(request, pk, kind: str, content_type: str):
    """The register printed as a form (chibo.documents.grading_forms)."""
    commitment = selectors.get_commitment_for_user(request.user, pk)
    render_file = getattr(grading_forms, f"commitment_{kind}")
    return file_response(render_file(commitment),
                         filename=grading_forms.commitment_filename(commitment, kind),
                         content_type=content_type)


@login_required
def commitment_docx(request, pk):
    return _download(request, pk, "docx", DOCX)


@login_required
def commitment_pdf(request, pk):
    return _download(request, pk, "pdf", PDF)
