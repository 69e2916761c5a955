"""The cell's grading pages: the cell's year (each member's self-assessment, evidence and
the grade the cell proposes; the cell's own assessment), and the committee above deciding
the proposed grades. Reads through the grading selectors, writes through the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from chibo.core.concurrency import STALE_MESSAGE, StaleEdit, parse_base, renewed_base
from chibo.core.forms import posted_base
from chibo.grading import forms, rules, selectors, services
from chibo.grading.evidence import cells_evidence, members_evidence
from chibo.grading.models import Assessment, Grade, Stage
from chibo.grading.pages import (
    EDITABLE,
    LOCKED,
    LOCKED_MESSAGE,
    REVIEWED_MESSAGE,
    cap_figures,
    cell_url,
    conditions_of,
    detail_url,
    evidence_summary,
    newer_shown,
    no_rules,
    rules_book,
    saved_message,
    self_context,
    show_service_error,
    suggestion_of,
)

# --- the cell: review and its own assessment ----------------------------------------


def _cell_page(
    request, cell, year, *, review_post=None, cell_form=None, cell_review_form=None, stale=None
):
    """The cell's table and its own assessment. Queries (fixed whatever the number of
    members): session, user, scopes, own member, the cell, the grading rules, the cell's
    assessments, its members, the members' evidence (policy, attendance, tasks,
    commitments and their items, residence comments, exemptions, discipline), the cell's
    evidence (meetings, quality bands, tasks, concerns, commitments and their items)."""
    book = rules_book(year, cell)
    if book is None:
        return no_rules(request, year, cell)
    assessments, own = selectors.cell_assessments(cell, year)
    members = selectors.cell_members(cell, assessments)
    evidence = members_evidence(members, year)
    thresholds = book["grading.thresholds"]
    conditions = conditions_of(book, False)
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
                f"{'Mức' if f == 'review_grade' else 'Nhận xét'}: {newer_shown(f, v)}"
                for f, v in newer.items()
            )
        row["summary"] = evidence_summary(evidence[row["member"].pk])
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
                or suggestion_of(book, True, cell_ev["facts"], own_unsaved.self_total)["grade"],
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
            for key, value in self_context(
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
    return redirect(cell_url(cell, year))


def _cell_self(request, cell, year):
    book = rules_book(year, cell)
    if book is None:
        return no_rules(request, year, cell)
    _assessments, own = selectors.cell_assessments(cell, year)
    if own is not None and own.stage not in EDITABLE:
        messages.error(request, LOCKED_MESSAGE if own.stage in LOCKED else REVIEWED_MESSAGE)
        return redirect(cell_url(cell, year))
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
            show_service_error(form, error, form.spec)
        else:
            messages.success(request, saved_message(saved, " của chi bộ"))
            return redirect(f"{cell_url(cell, year)}#cell-self")
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
        return redirect(cell_url(cell, year))
    form = forms.CellReviewForm(request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "base"}
        try:
            services.assessment_review(
                actor=request.user, assessment=own, base=posted_base(form), **data
            )
        except ValidationError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request,
                f"Đã lưu đề xuất xếp loại chi bộ: {Grade(form.cleaned_data['grade']).label}.",
            )
            return redirect(f"{cell_url(cell, year)}#cell-self")
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
        return redirect(cell_url(cell, year))
    return redirect(detail_url(assessment))


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
            return redirect(cell_url(cell, year))
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
    book = rules_book(year, cell)
    if book is None:
        return no_rules(request, year, cell)
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
                "summary": evidence_summary(evidence[member.pk]),
            }
        )
    decided = [a.decided_grade for a in assessments.values() if a.stage == Stage.DECIDED]
    cap = cap_figures(book)
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
