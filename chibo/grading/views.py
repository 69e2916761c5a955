"""Pages of the year-end grading (P7): a member's self-assessment with the evidence beside
it, the cell's review and proposal, the higher committee's decision, one assessment with
its history and correction, and the overview of the cells in scope.

Reads go through the grading selectors (scoped: a member reads their own, the cell's
secretary and the staff above read and review the cell, only a committee above the cell
decides), writes through the services. A decided grade is never changed by any page:
every POST on it is refused before anything is read; a correction is a new record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from chibo.audit.history import object_history
from chibo.core.forms import posted_base
from chibo.core.scope import require, user_scope
from chibo.core.web import file_response, paginate, submit
from chibo.documents import grading_forms
from chibo.grading import forms, rules, selectors, services
from chibo.grading.evidence import cells_evidence, members_evidence
from chibo.grading.models import Assessment, Stage
from chibo.grading.pages import (
    EDITABLE,
    LOCKED,
    LOCKED_MESSAGE,
    REVIEWED_MESSAGE,
    detail_url,
    nav_links,
    no_rules,
    posted_data,
    rules_book,
    saved_message,
    self_context,
    show_service_error,
)
from chibo.members.models import PartyMember
from chibo.organizations.selectors import names_by_path

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


# --- a member's own page -------------------------------------------------------------


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
        context.update(nav_links(request.user))
        return render(request, "grading/mine.html", context)
    member = PartyMember.objects.select_related("organization").get(pk=scope.member_id)
    context.update(nav_links(request.user, member))
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
    book = rules_book(year, assessment.cell)
    if book is None:
        return no_rules(request, year, assessment.cell)
    form = None
    if assessment.stage in EDITABLE:
        form = forms.SelfAssessmentForm(
            posted_data(request), spec=services.form_for(assessment, book), assessment=assessment
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
            show_service_error(form, error, form.spec)
        else:
            messages.success(request, saved_message(saved))
            return redirect(f"{reverse('grading:mine')}?year={year}")
    snapshot = assessment.stage in LOCKED and bool(assessment.evidence)
    evidence = assessment.evidence if snapshot else members_evidence([member], year)[member.pk]
    context.update({"member": member, "snapshot": snapshot})
    context.update(
        self_context(book=book, assessment=assessment, evidence=evidence, form=form, is_cell=False)
    )
    return render(request, "grading/mine.html", context)


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
            return redirect(detail_url(assessment))
        if assessment.stage == Stage.REVIEWED:
            messages.error(request, REVIEWED_MESSAGE)
            return redirect(detail_url(assessment))
        if not (is_own or writer):
            raise Http404("Không tìm thấy hoặc bạn không có quyền sửa.")
    book = rules_book(assessment.year, assessment.cell)
    if book is None:
        return no_rules(request, assessment.year, assessment.cell)
    form = None
    if assessment.stage in EDITABLE and (is_own or writer):
        form = forms.SelfAssessmentForm(
            posted_data(request), spec=services.form_for(assessment, book), assessment=assessment
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
            show_service_error(form, error, form.spec)
        else:
            messages.success(request, saved_message(saved))
            return redirect(detail_url(assessment))
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
    context = self_context(
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
        return redirect(detail_url(assessment))
    form = forms.CorrectForm(posted_data(request), initial={"grade": assessment.decided_grade})
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.assessment_correct(
                actor=request.user, assessment=assessment, **form.cleaned_data
            ),
            form=form,
            success=lambda corrected: (
                f"Đã lập bản đính chính: {corrected.get_decided_grade_display()}. Bản quyết "
                "định trước vẫn được lưu."
            ),
            then=detail_url,
        )
        if done:
            return done
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
    require(scope.reads_organizations)
    page, _query = paginate(request, selectors.overview_cells(request.user))
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


def _download(request, pk, kind: str, content_type: str):
    assessment = selectors.get_assessment_for_user(request.user, pk)
    render_file = getattr(grading_forms, f"assessment_{kind}")
    return file_response(render_file(assessment),
                         filename=grading_forms.assessment_filename(assessment, kind),
                         content_type=content_type)


@login_required
def form_docx(request, pk):
    return _download(request, pk, "docx", DOCX)


@login_required
def form_pdf(request, pk):
    return _download(request, pk, "pdf", PDF)
