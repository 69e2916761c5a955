"""Pages of the year-end grading (P7): a member's self-assessment with the evidence beside
it, the cell's review and proposal, the higher committee's decision, one assessment with
its history and correction, and the overview of the cells in scope.

Reads go through the grading selectors (scoped: a member reads their own, the cell's
secretary and the staff above read and review the cell, only a committee above the cell
decides), writes through the services. A decided grade is never changed by any page:
every POST on it is refused before anything is read; a correction is a new record."""

import importlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from chibo.commitments.models import RESIDENCE_POINTS, ResidenceRating
from chibo.core.concurrency import STALE_MESSAGE, StaleEdit, parse_base, renewed_base
from chibo.core.forms import _shown, apply_service_error, posted_base
from chibo.core.history import object_history
from chibo.core.scope import user_scope
from chibo.core.vi import fold
from chibo.grading import forms, rules, selectors, services
from chibo.grading.evidence import cells_evidence, members_evidence
from chibo.grading.models import Assessment, Grade, Stage
from chibo.meetings.rules import as_fraction
from chibo.members.models import PartyMember
from chibo.organizations.selectors import names_by_path

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
LOCKED_MESSAGE = (
    "Cấp ủy đã quyết định xếp loại; không sửa được. Nếu cần, cấp ủy lập bản đính chính có "
    "ghi lý do."
)
REVIEWED_MESSAGE = "Chi bộ đã đề xuất xếp loại; không sửa tự đánh giá được nữa."
EDITABLE = (Stage.DRAFT, Stage.SELF)
LOCKED = (Stage.DECIDED, Stage.SUPERSEDED)


# --- helpers -----------------------------------------------------------------------


def _posted(request):
    return request.POST if request.method == "POST" else None


# Which form field shows each field of the assessment a `base` covers.
_FORM_FIELD = {"self_note": "note", "review_note": "note", "review_grade": "grade"}


def _newer_shown(field: str, value, spec: dict | None = None) -> str:
    if field == "review_grade":
        return Grade(value).label if value else _shown(value)
    if field == "self_scores":
        labels = [c for g in ("general", "tasks") for c in (spec or {}).get(g, [])]
        return "; ".join(
            f"{c['label']}: {forms.comma((value or {}).get(c['code'])) or '–'}" for c in labels
        )
    return _shown(value)


def _show_stale(form, error: StaleEdit, spec: dict | None = None) -> None:
    """A save refused because someone saved newer values: the person's text stays in the
    field, the newer one is shown under it, and the form's base counts the newer values
    as seen, so the next save (after merging) goes through."""
    for field, value in error.newer.items():
        name = _FORM_FIELD.get(field)
        if name in form.fields:
            form.add_error(name, STALE_MESSAGE)
            form.fields[name].newer_text = _newer_shown(field, value, spec)
        else:
            form.add_error(
                None, f"{STALE_MESSAGE} Điểm mới hơn đã lưu: {_newer_shown(field, value, spec)}"
            )
    data = form.data.copy()
    data["base"] = renewed_base(posted_base(form), error.newer)
    form.data = data


def _service_error(form, error, spec: dict | None = None) -> None:
    if isinstance(error, StaleEdit):
        _show_stale(form, error, spec)
    else:
        apply_service_error(form, error)


def _book(year: int, cell):
    """The grading rules in force for the year, or None when some are missing."""
    book = services.book_for(year, cell)
    return book if all(key in book.rows for key in services.KEYS) else None


def _no_rules(request, year: int, cell=None):
    return render(
        request,
        "grading/no_rules.html",
        {"year": year, "cell": cell},
    )


def _conditions(book, is_cell: bool):
    return book["grading.cell_conditions" if is_cell else "grading.member_conditions"]


def _outcomes(book, is_cell: bool, facts: dict) -> dict:
    """For each grade the points may reach, the grade the rules then give with these facts
    and why: the page's script picks one as the total changes, with no rule in JS."""
    thresholds = book["grading.thresholds"]
    conditions = _conditions(book, is_cell)
    out = {}
    for grade, minimum in thresholds:
        final, reasons = rules.grade_for(minimum, thresholds, conditions, facts)
        out[grade] = {"grade": final, "label": rules.LABELS[final], "reasons": reasons}
    return out


def _suggestion(book, is_cell: bool, facts: dict, points) -> dict | None:
    if points is None:
        return None
    grade, reasons = rules.grade_for(
        float(points), book["grading.thresholds"], _conditions(book, is_cell), facts
    )
    return {"grade": grade, "label": rules.LABELS[grade], "reasons": reasons}


def _cap(book) -> dict:
    cap = as_fraction(book["grading.excellent_cap"])
    return {
        "percent": f"{float(cap) * 100:g}".replace(".", ","),
        "numerator": cap.numerator,
        "denominator": cap.denominator,
        "basis": book.basis("grading.excellent_cap"),
    }


def _path(assessment) -> list[dict]:
    """The three steps of the path and where this assessment stands on it."""
    stage = assessment.stage if assessment is not None and assessment.pk else Stage.DRAFT
    order = [Stage.DRAFT, Stage.SELF, Stage.REVIEWED, Stage.DECIDED]
    at = order.index(Stage.DECIDED if stage == Stage.SUPERSEDED else stage)
    steps = [
        ("Tự đánh giá", assessment.self_at if assessment else None),
        ("Chi bộ đề xuất", assessment.reviewed_at if assessment else None),
        ("Cấp ủy quyết định", assessment.decided_at if assessment else None),
    ]
    return [
        {
            "number": i + 1,
            "label": label,
            "done": at >= i + 1,
            "current": at == i,
            "at": when,
        }
        for i, (label, when) in enumerate(steps)
    ]


def _residence(evidence: dict) -> list[tuple[str, str]]:
    ratings = (evidence.get("residence") or {}).get("ratings") or {}
    labels = dict(ResidenceRating.choices)
    return [
        (text, labels.get(ratings[code], ratings[code]))
        for code, text in RESIDENCE_POINTS
        if code in ratings
    ]


def _scores(spec: dict, assessment) -> list[dict]:
    """The criteria of the form with the points given, for a read-only view."""
    scores = assessment.self_scores if assessment else {}
    groups = []
    for key, title in (("general", "Tiêu chí chung"), ("tasks", "Kết quả thực hiện nhiệm vụ")):
        items = [
            {"label": c["label"], "max": c["points"], "value": scores.get(c["code"])}
            for c in spec.get(key, [])
        ]
        values = [i["value"] for i in items if i["value"] is not None]
        groups.append(
            {
                "title": title,
                "items": items,
                "max": sum(i["max"] for i in items),
                "total": round(sum(values), 1) if values else None,
            }
        )
    return groups


def _summary(ev: dict) -> dict:
    """A member's evidence in a few words, for the columns of the cell and decide tables."""
    m, t, c, r = ev["meetings"], ev["tasks"], ev["commitments"], ev["residence"]
    if r["written"]:
        residence = "Đã có"
    elif r["exempt_reason"]:
        residence = "Được miễn"
    else:
        residence = "Chưa có" if r["required"] else "Không áp dụng"
    return {
        "meetings": (
            f"{m['present']} có mặt · {m['excused']} có lý do · {m['unexcused']} không lý do"
        ),
        "tasks": f"{t['on_time']} đúng hạn · {t['late']} trễ · {t['open']} đang làm",
        "commitments": (
            f"{c['met']}/{c['items']} hoàn thành" if c["registered"] else "Chưa đăng ký"
        ),
        "residence": residence,
        "residence_missing": r["required"] and not r["written"],
        "flag": ev["absence_flag"],
        "discipline": ", ".join(d["form"] for d in ev["discipline"]),
    }


def _slug(text: str) -> str:
    return slugify(fold(text)) or "chibo"


def _detail_url(assessment) -> str:
    return reverse("grading:detail", args=[assessment.pk])


def _cell_url(cell, year) -> str:
    return reverse("grading:cell", args=[cell.pk, year])


def _nav(user, member=None) -> dict:
    """Links of the section: the own cell for its secretary, the overview for readers."""
    scope = user_scope(user)
    own_cell = None
    if member is not None and scope.covers(member.organization.path, write=True):
        own_cell = member.organization
    return {"own_cell": own_cell, "can_overview": bool(scope.is_admin or scope.read_paths)}


# --- a member's own page -------------------------------------------------------------


def _self_context(*, book, assessment, evidence, form, is_cell: bool) -> dict:
    spec = services.form_for(assessment, book)
    points = assessment.self_total if assessment and assessment.self_total is not None else None
    return {
        "assessment": assessment,
        "spec": spec,
        "form": form,
        "evidence": evidence,
        "residence": [] if is_cell else _residence(evidence),
        "suggestion": _suggestion(book, is_cell, evidence["facts"], points),
        "outcomes": _outcomes(book, is_cell, evidence["facts"]),
        "thresholds": book["grading.thresholds"],
        "path": _path(assessment),
        "scores": _scores(spec, assessment),
    }


def _saved_message(assessment, whose: str = "") -> str:
    return (
        f"Đã lưu bản tự đánh giá{whose}: {forms.comma(assessment.self_total)} điểm, tự xếp "
        f"loại {assessment.get_self_grade_display()}."
    )


@login_required
@require_http_methods(["GET", "POST"])
def mine(request):
    """The member's own assessment of a year: the self-assessment form with its totals
    computed as they type, the evidence beside it, the grade the rules suggest, and where
    the path stands. Nothing is written on GET: the year's assessment is opened with the
    first self-assessment saved."""
    scope = user_scope(request.user)
    year = forms.parse_year(request.POST.get("year") or request.GET.get("year"))
    context = {"year": year, "years": forms.year_choices(), "member": None}
    if not scope.member_id:
        context.update(_nav(request.user))
        return render(request, "grading/mine.html", context)
    member = PartyMember.objects.select_related("organization").get(pk=scope.member_id)
    context.update(_nav(request.user, member))
    assessment = selectors.live_member_assessment(member, year)
    if assessment is None:
        assessment = Assessment(year=year, member=member, cell=member.organization)
    if request.method == "POST":
        if assessment.stage in LOCKED:
            messages.error(request, LOCKED_MESSAGE)
            return redirect(f"{reverse('grading:mine')}?year={year}")
        if assessment.stage == Stage.REVIEWED:
            messages.error(request, REVIEWED_MESSAGE)
            return redirect(f"{reverse('grading:mine')}?year={year}")
    book = _book(year, assessment.cell)
    if book is None:
        return _no_rules(request, year, assessment.cell)
    form = None
    if assessment.stage in EDITABLE:
        form = forms.SelfAssessmentForm(
            _posted(request), spec=services.form_for(assessment, book), assessment=assessment
        )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                opened = services.assessment_open(actor=request.user, year=year, member=member)
                saved = services.assessment_self(
                    actor=request.user,
                    assessment=opened,
                    scores=form.scores(),
                    note=form.cleaned_data["note"],
                    base=posted_base(form),
                )
        except ValidationError as error:
            _service_error(form, error, form.spec)
        else:
            messages.success(request, _saved_message(saved))
            return redirect(f"{reverse('grading:mine')}?year={year}")
    snapshot = assessment.stage in LOCKED and bool(assessment.evidence)
    evidence = assessment.evidence if snapshot else members_evidence([member], year)[member.pk]
    context.update({"member": member, "snapshot": snapshot})
    context.update(
        _self_context(book=book, assessment=assessment, evidence=evidence, form=form, is_cell=False)
    )
    return render(request, "grading/mine.html", context)


# --- the cell: review and its own assessment ----------------------------------------


def _cell_page(
    request, cell, year, *, review_post=None, cell_form=None, cell_review_form=None, stale=None
):
    """The cell's table and its own assessment. Queries (fixed whatever the number of
    members): session, user, scopes, own member, the cell, the grading rules, the cell's
    assessments, its members, the members' evidence (policy, attendance, tasks,
    commitments and their items, residence comments, exemptions, discipline), the cell's
    evidence (meetings, quality bands, tasks, concerns, commitments and their items)."""
    book = _book(year, cell)
    if book is None:
        return _no_rules(request, year, cell)
    assessments, own = selectors.cell_assessments(cell, year)
    members = selectors.cell_members(cell, assessments)
    evidence = members_evidence(members, year)
    thresholds = book["grading.thresholds"]
    conditions = _conditions(book, False)
    suggested = {}
    for member in members:
        a = assessments.get(member.pk)
        if a is not None and a.self_total is not None:
            suggested[member.pk] = rules.grade_for(
                float(a.self_total), thresholds, conditions, evidence[member.pk]["facts"]
            )[0]
    rows, errors = forms.review_rows(review_post, members, assessments, suggested)
    for row in rows:
        if stale and row["member"].pk in stale:
            # Someone saved a newer proposal meanwhile: theirs under this person's.
            newer, row["base"] = stale[row["member"].pk]
            row["error"] = STALE_MESSAGE
            row["newer"] = "\n".join(
                f"{'Mức' if f == 'review_grade' else 'Nhận xét'}: {_newer_shown(f, v)}"
                for f, v in newer.items()
            )
        row["summary"] = _summary(evidence[row["member"].pk])
        row["suggested"] = suggested.get(row["member"].pk, "")
        a = row["assessment"]
        row["reviewable"] = a is not None and a.stage in (Stage.SELF, Stage.REVIEWED)
    if review_post is not None and not errors and not any(r["grade"] for r in rows):
        errors = ["Chưa chọn mức xếp loại đề xuất cho đảng viên nào."]
    own_unsaved = own or Assessment(year=year, cell=cell)
    cell_ev = cells_evidence([cell], year)[cell.pk]
    if cell_form is None and own_unsaved.stage in EDITABLE:
        cell_form = forms.SelfAssessmentForm(spec=book["grading.cell_form"], assessment=own_unsaved)
    if cell_review_form is None and own_unsaved.stage in (Stage.SELF, Stage.REVIEWED):
        cell_review_form = forms.CellReviewForm(
            assessment=own_unsaved,
            initial={
                "grade": own_unsaved.review_grade
                or _suggestion(book, True, cell_ev["facts"], own_unsaved.self_total)["grade"],
                "note": own_unsaved.review_note,
            }
        )
    counts = {
        "members": len(members),
        "self": sum(1 for r in rows if r["assessment"] and r["assessment"].stage != Stage.DRAFT),
        "reviewed": sum(
            1
            for r in rows
            if r["assessment"] and r["assessment"].stage in (Stage.REVIEWED, Stage.DECIDED)
        ),
        "decided": sum(
            1 for r in rows if r["assessment"] and r["assessment"].stage == Stage.DECIDED
        ),
    }
    context = {
        "cell": cell,
        "year": year,
        "years": forms.year_choices(),
        "rows": rows,
        "errors": errors,
        "counts": counts,
        "grades": Grade.choices,
        "can_decide": selectors.can_decide(request.user, cell),
        "cell_review_form": cell_review_form,
    }
    context.update(
        {
            f"cell_{key}": value
            for key, value in _self_context(
                book=book, assessment=own_unsaved, evidence=cell_ev, form=cell_form, is_cell=True
            ).items()
        }
    )
    return render(request, "grading/cell.html", context)


def _review(request, cell, year):
    """Save the proposals of the rows that changed, all or none."""
    assessments, _own = selectors.cell_assessments(cell, year)
    members = selectors.cell_members(cell, assessments)
    rows, errors = forms.review_rows(request.POST, members, assessments, {})
    chosen = [r for r in rows if r["grade"]]
    if errors or not chosen:
        return _cell_page(request, cell, year, review_post=request.POST)
    changed = [
        r
        for r in chosen
        if not (
            r["assessment"].stage == Stage.REVIEWED
            and r["assessment"].review_grade == r["grade"]
            and r["assessment"].review_note == r["note"].strip()
        )
    ]
    stale = {}
    try:
        with transaction.atomic():
            for row in changed:
                base = parse_base(row["base"])
                try:
                    services.assessment_review(
                        actor=request.user,
                        assessment=row["assessment"],
                        grade=row["grade"],
                        note=row["note"],
                        base=base,
                    )
                except StaleEdit as error:
                    stale[row["member"].pk] = (error.newer, renewed_base(base, error.newer))
            if stale:
                raise StaleEdit({})  # all or none: nothing of this table is kept
    except ValidationError as error:
        if stale:
            messages.error(
                request,
                "Trong lúc đồng chí soạn, người khác đã lưu đề xuất mới hơn cho "
                f"{len(stale)} đảng viên (đánh dấu bên dưới); chưa lưu gì. Hãy đối chiếu rồi "
                "bấm lưu lại.",
            )
        else:
            messages.error(request, " ".join(error.messages))
        return _cell_page(request, cell, year, review_post=request.POST, stale=stale)
    if changed:
        messages.success(request, f"Đã lưu đề xuất xếp loại của {len(changed)} đảng viên.")
    else:
        messages.info(request, "Đề xuất của chi bộ không có gì thay đổi.")
    return redirect(_cell_url(cell, year))


def _cell_self(request, cell, year):
    book = _book(year, cell)
    if book is None:
        return _no_rules(request, year, cell)
    _assessments, own = selectors.cell_assessments(cell, year)
    if own is not None and own.stage not in EDITABLE:
        messages.error(request, LOCKED_MESSAGE if own.stage in LOCKED else REVIEWED_MESSAGE)
        return redirect(_cell_url(cell, year))
    form = forms.SelfAssessmentForm(request.POST, spec=book["grading.cell_form"])
    if form.is_valid():
        try:
            with transaction.atomic():
                opened = services.assessment_open(actor=request.user, year=year, cell=cell)
                saved = services.assessment_self(
                    actor=request.user,
                    assessment=opened,
                    scores=form.scores(),
                    note=form.cleaned_data["note"],
                    base=posted_base(form),
                )
        except ValidationError as error:
            _service_error(form, error, form.spec)
        else:
            messages.success(request, _saved_message(saved, " của chi bộ"))
            return redirect(f"{_cell_url(cell, year)}#cell-self")
    return _cell_page(request, cell, year, cell_form=form)


def _cell_review(request, cell, year):
    _assessments, own = selectors.cell_assessments(cell, year)
    if own is None or own.stage not in (Stage.SELF, Stage.REVIEWED):
        text = (
            LOCKED_MESSAGE
            if own is not None and own.stage in LOCKED
            else ("Chi bộ chưa tự đánh giá; hãy chấm điểm trước khi đề xuất.")
        )
        messages.error(request, text)
        return redirect(_cell_url(cell, year))
    form = forms.CellReviewForm(request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "base"}
        try:
            services.assessment_review(
                actor=request.user, assessment=own, base=posted_base(form), **data
            )
        except ValidationError as error:
            _service_error(form, error)
        else:
            messages.success(
                request,
                f"Đã lưu đề xuất xếp loại chi bộ: {Grade(form.cleaned_data['grade']).label}.",
            )
            return redirect(f"{_cell_url(cell, year)}#cell-self")
    return _cell_page(request, cell, year, cell_review_form=form)


def _open_for(request, cell, year):
    """Open a member's assessment so the secretary fills it on their behalf."""
    assessments, _own = selectors.cell_assessments(cell, year)
    members = {m.pk: m for m in selectors.cell_members(cell, assessments)}
    try:
        member = members[int(request.POST.get("member", ""))]
    except (KeyError, ValueError):
        raise Http404("Không tìm thấy đảng viên trong chi bộ.") from None
    assessment = services.assessment_open(actor=request.user, year=year, member=member)
    if assessment.cell_id != cell.pk:
        messages.info(
            request,
            f"Đồng chí {member.full_name} đã có phiếu đánh giá năm {year} ở "
            f"{assessment.cell.name}; chi bộ đó tiếp tục xem xét.",
        )
        return redirect(_cell_url(cell, year))
    return redirect(_detail_url(assessment))


@login_required
@require_http_methods(["GET", "POST"])
def cell(request, org_pk, year):
    """The cell's year: each member's self-assessment, evidence and the grade the cell
    proposes; the cell's own assessment. For its secretary and the staff above."""
    cell = selectors.get_cell_for_user(request.user, org_pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        handlers = {
            "review": _review,
            "cell_self": _cell_self,
            "cell_review": _cell_review,
            "open": _open_for,
        }
        if action not in handlers:
            messages.error(request, "Thao tác không hợp lệ.")
            return redirect(_cell_url(cell, year))
        return handlers[action](request, cell, year)
    return _cell_page(request, cell, year)


# --- the committee decides ----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, org_pk, year):
    """The committee above the cell decides the proposed grades in one submit; refused
    whole, with the numbers, when the HTXSNV cap would be passed. Queries (fixed): session,
    user, scopes, own member, the cell, the grading rules, the cell's assessments, its
    members, the members' evidence (about nine)."""
    cell = selectors.get_cell_for_user(request.user, org_pk, decide=True)
    book = _book(year, cell)
    if book is None:
        return _no_rules(request, year, cell)
    assessments, own = selectors.cell_assessments(cell, year)
    members = selectors.cell_members(cell, assessments)
    pending = {a.pk: a for a in assessments.values() if a.stage == Stage.REVIEWED}
    if own is not None and own.stage == Stage.REVIEWED:
        pending[own.pk] = own
    errors, posted, note = [], {}, ""
    if request.method == "POST":
        note = request.POST.get("note", "")
        decisions = {}
        for key, value in request.POST.items():
            if not key.startswith("decision_"):
                continue
            try:
                pk = int(key.removeprefix("decision_"))
            except ValueError:
                continue
            posted[pk] = value
            target = pending.get(pk)
            if target is None:
                errors.append(
                    "Có phiếu không ở bước chờ quyết định (đã quyết định hoặc chi bộ chưa "
                    "đề xuất); không lưu gì."
                )
                break
            if not value:
                continue
            if value not in Grade.values:
                errors.append(f"{target.member or target.cell}: mức xếp loại không hợp lệ.")
                continue
            decisions[pk] = value
        if not errors and not decisions:
            errors.append("Chưa chọn mức xếp loại nào để quyết định.")
        if not errors:
            try:
                decided = services.assessments_decide(
                    actor=request.user, decisions=decisions, note=note
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(
                    request, f"Đã quyết định xếp loại {len(decided)} phiếu của {cell.name}."
                )
                return redirect("grading:decide", org_pk=cell.pk, year=year)
    evidence = members_evidence(members, year)
    rows = []
    for member in members:
        a = assessments.get(member.pk)
        choice = posted.get(a.pk) if a and a.pk in posted else (a.review_grade if a else "")
        rows.append(
            {
                "member": member,
                "assessment": a,
                "pending": a is not None and a.pk in pending,
                "choice": choice,
                "summary": _summary(evidence[member.pk]),
            }
        )
    decided = [a.decided_grade for a in assessments.values() if a.stage == Stage.DECIDED]
    cap = _cap(book)
    own_choice = ""
    if own is not None:
        own_choice = posted.get(own.pk, own.review_grade)
    return render(
        request,
        "grading/decide.html",
        {
            "cell": cell,
            "year": year,
            "rows": rows,
            "own": own,
            "own_pending": own is not None and own.pk in pending,
            "own_choice": own_choice,
            "errors": errors,
            "note": note,
            "grades": Grade.choices,
            "cap": cap,
            "decided_excellent": decided.count("HTXSNV"),
            "decided_good": decided.count("HTTNV"),
            "pending_count": len(pending),
        },
    )


# --- one assessment ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, pk):
    """One assessment: scores, proposal, decision, the evidence (as it stood when decided),
    its history and corrections. The member or the cell's secretary may still fill the
    self-assessment here until the cell proposes."""
    assessment = selectors.get_assessment_for_user(request.user, pk)
    scope = user_scope(request.user)
    is_own = bool(scope.member_id) and assessment.member_id == scope.member_id
    writer = selectors.can_write(request.user, assessment.cell)
    if request.method == "POST":
        if assessment.stage in LOCKED:
            messages.error(request, LOCKED_MESSAGE)
            return redirect(_detail_url(assessment))
        if assessment.stage == Stage.REVIEWED:
            messages.error(request, REVIEWED_MESSAGE)
            return redirect(_detail_url(assessment))
        if not (is_own or writer):
            raise Http404("Không tìm thấy hoặc bạn không có quyền sửa.")
    book = _book(assessment.year, assessment.cell)
    if book is None:
        return _no_rules(request, assessment.year, assessment.cell)
    form = None
    if assessment.stage in EDITABLE and (is_own or writer):
        form = forms.SelfAssessmentForm(
            _posted(request), spec=services.form_for(assessment, book), assessment=assessment
        )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.assessment_self(
                actor=request.user,
                assessment=assessment,
                scores=form.scores(),
                note=form.cleaned_data["note"],
                base=posted_base(form),
            )
        except ValidationError as error:
            _service_error(form, error, form.spec)
        else:
            messages.success(request, _saved_message(saved))
            return redirect(_detail_url(assessment))
    if assessment.stage in LOCKED and assessment.evidence:
        evidence, snapshot = assessment.evidence, True
    elif assessment.is_cell:
        evidence, snapshot = (
            cells_evidence([assessment.cell], assessment.year)[assessment.cell_id],
            False,
        )
    else:
        evidence, snapshot = (
            members_evidence([assessment.member], assessment.year)[assessment.member_id],
            False,
        )
    successor = None
    if assessment.stage == Stage.SUPERSEDED:
        successor = Assessment.objects.filter(supersedes=assessment).first()
    context = _self_context(
        book=book, assessment=assessment, evidence=evidence, form=form, is_cell=assessment.is_cell
    )
    context.update(
        {
            "snapshot": snapshot,
            "successor": successor,
            "is_own": is_own,
            "writer": writer,
            "on_behalf": form is not None and not is_own,
            "can_correct": assessment.stage == Stage.DECIDED
            and selectors.can_decide(request.user, assessment.cell),
            "can_decide": selectors.can_decide(request.user, assessment.cell),
            "history": object_history(assessment.history.all(), limit=100),
        }
    )
    return render(request, "grading/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def correct(request, pk):
    """A correction of a decided grade by the committee above: a new record that
    supersedes the decided one, which stays as it was."""
    assessment = selectors.get_assessment_for_user(request.user, pk, write=True)
    if not selectors.can_decide(request.user, assessment.cell):
        raise Http404("Không tìm thấy hoặc bạn không có quyền đính chính.")
    if assessment.stage != Stage.DECIDED:
        messages.info(request, "Chỉ đính chính xếp loại đã được cấp ủy quyết định.")
        return redirect(_detail_url(assessment))
    form = forms.CorrectForm(_posted(request), initial={"grade": assessment.decided_grade})
    if request.method == "POST" and form.is_valid():
        try:
            corrected = services.assessment_correct(
                actor=request.user, assessment=assessment, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request,
                f"Đã lập bản đính chính: {corrected.get_decided_grade_display()}. Bản quyết "
                "định trước vẫn được lưu.",
            )
            return redirect(_detail_url(corrected))
    return render(
        request,
        "grading/correct.html",
        {"assessment": assessment, "form": form},
    )


# --- overview ------------------------------------------------------------------------


@login_required
def overview(request, year):
    """For committee staff: per cell in scope, how far the path has come and the grades.
    Queries: session, user, scopes, own member, count of cells, the page of cells (with
    their members counted), the counts of the page's cells, the totals over the scope,
    the names of the committees above, the tops of the scope (for the reports' links)."""
    scope = user_scope(request.user)
    if not (scope.is_admin or scope.read_paths):
        raise Http404("Bạn không có quyền xem trang này.")
    paginator = Paginator(selectors.overview_cells(request.user), settings.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    cells = list(page.object_list)
    counts = selectors.overview_counts([c.pk for c in cells], year)
    parents = names_by_path(c.parent_path for c in cells)
    rows = [
        {
            "cell": c,
            "parent": parents.get(c.parent_path, ""),
            "counts": counts[c.pk],
            "can_write": scope.covers(c.path, write=True),
            "can_decide": selectors.can_decide(request.user, c),
            "grades": [
                (g, counts[c.pk]["grades"][g], counts[c.pk]["proposed"][g]) for g in rules.GRADES
            ],
        }
        for c in cells
    ]
    totals = selectors.overview_totals(request.user, year)
    return render(
        request,
        "grading/overview.html",
        {
            "year": year,
            "years": forms.year_choices(),
            "rows": rows,
            "page": page,
            "totals": totals,
            "roots": selectors.scope_roots(request.user),
            "member_total": sum(c.member_count for c in cells),
        },
    )


# --- forms as documents ---------------------------------------------------------------


def _download(request, pk, kind: str, suffix: str, content_type: str):
    assessment = selectors.get_assessment_for_user(request.user, pk)
    try:
        module = importlib.import_module("chibo.documents.grading_forms")
        render_file = getattr(module, f"assessment_{kind}")
    except (ImportError, AttributeError):
        render_file = None
    content = None
    if render_file is not None:
        try:
            content = render_file(assessment)
        except NotImplementedError:
            content = None
    if content is None:
        messages.error(
            request, "Chức năng in phiếu đánh giá đang được hoàn thiện; hãy thử lại sau."
        )
        return redirect(_detail_url(assessment))
    who = assessment.member.full_name if assessment.member_id else assessment.cell.name
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="phieu-danh-gia-{assessment.year}-{_slug(who)}.{suffix}"'
    )
    return response


@login_required
def form_docx(request, pk):
    return _download(request, pk, "docx", "docx", DOCX)


@login_required
def form_pdf(request, pk):
    return _download(request, pk, "pdf", "pdf", PDF)
