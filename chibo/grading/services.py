"""The grading path: self-assessment → the cell's proposal → the committee's decision.
A decided assessment is never edited; `assessment_correct` supersedes it."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from chibo.core.concurrency import apply_edits, lock
from chibo.core.services import ServiceError, with_actor
from chibo.core.vi import nfc_lines
from chibo.grading import rules
from chibo.grading.evidence import cells_evidence, members_evidence
from chibo.grading.models import Assessment, Grade, Stage
from chibo.meetings.rules import as_fraction
from chibo.organizations.models import Organization
from chibo.policies.selectors import policy_book

KEYS = [
    "grading.member_form",
    "grading.cell_form",
    "grading.thresholds",
    "grading.member_conditions",
    "grading.cell_conditions",
    "grading.excellent_cap",
]
# The texts (and scores) a form shows, fingerprinted in its `base` (chibo.core.concurrency).
SELF_FIELDS = ["self_scores", "self_note"]
REVIEW_FIELDS = ["review_grade", "review_note"]


def _lock_cells(cell_ids) -> None:
    """Take the row lock of each cell (in id order, so two deciders never wait on each
    other crosswise). Whoever opens, decides or corrects grades of a cell holds it: the
    HTXSNV cap is counted over the cell's decided grades, which another transaction
    could otherwise be adding at the same moment (no row to lock for a count)."""
    list(
        Organization.objects.select_for_update()
        .filter(pk__in=sorted(set(cell_ids)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def book_for(year: int, organization):
    """The grading rules in force at the end of the year graded."""
    return policy_book(KEYS, on=dt.date(year, 12, 31), organization=organization)


def form_for(assessment: Assessment, book=None):
    book = book or book_for(assessment.year, assessment.cell)
    return book["grading.cell_form" if assessment.is_cell else "grading.member_form"]


def _evidence(assessment: Assessment) -> dict:
    if assessment.is_cell:
        return cells_evidence([assessment.cell], assessment.year)[assessment.cell_id]
    return members_evidence([assessment.member], assessment.year)[assessment.member_id]


def suggested_grade(assessment: Assessment, points: float, book=None) -> tuple[str, list[str]]:
    book = book or book_for(assessment.year, assessment.cell)
    conditions = book[
        "grading.cell_conditions" if assessment.is_cell else "grading.member_conditions"
    ]
    return rules.grade_for(
        points, book["grading.thresholds"], conditions, _evidence(assessment)["facts"]
    )


def _ensure_live(assessment: Assessment) -> None:
    if assessment.stage in (Stage.DECIDED, Stage.SUPERSEDED):
        raise ServiceError(
            "Cấp ủy đã quyết định xếp loại; chỉ có thể đính chính bằng một bản mới có ghi lý do."
        )


@transaction.atomic
def assessment_open(*, actor, year: int, member=None, cell=None) -> Assessment:
    """The year's assessment of a member (in their cell) or of a cell, made once. A
    member's is found whatever cell it was opened in (they may have moved since). Two
    opening at once get the same row: the cell's lock serializes them."""
    if member is not None:
        cell = member.organization
    _lock_cells([cell.pk])
    if member is not None:
        existing = Assessment.objects.filter(year=year, member=member)
    else:
        existing = Assessment.objects.filter(year=year, member__isnull=True, cell=cell)
    existing = existing.exclude(stage=Stage.SUPERSEDED).first()
    if existing:
        return existing
    assessment = Assessment(year=year, member=member, cell=cell)
    with_actor(assessment, actor).save()
    return assessment


@transaction.atomic
def assessment_self(
    *, actor, assessment: Assessment, scores: dict, note: str = "", base: dict | None = None
) -> Assessment:
    """The self-assessment (scores and the self-review). `base`: the fingerprints of
    SELF_FIELDS the person's form was loaded with; a field they changed that someone
    else saved meanwhile refuses the save (StaleEdit), one they left keeps what is stored."""
    lock(assessment)
    _ensure_live(assessment)
    if assessment.stage == Stage.REVIEWED:
        raise ServiceError("Chi bộ đã đề xuất xếp loại; không sửa tự đánh giá được nữa.")
    book = book_for(assessment.year, assessment.cell)
    spec = form_for(assessment, book)
    try:
        rules.total(scores, spec)
    except rules.ScoreError as error:
        raise ServiceError({"scores": str(error)}) from None
    apply_edits(
        assessment,
        {"self_scores": {k: float(v) for k, v in scores.items()}, "self_note": nfc_lines(note)},
        base,
    )
    try:
        points = rules.total(assessment.self_scores, spec)
    except rules.ScoreError as error:
        raise ServiceError({"scores": str(error)}) from None
    grade, _ = suggested_grade(assessment, points, book)
    assessment.self_total = points
    assessment.self_grade = grade
    assessment.self_at = timezone.now()
    assessment.stage = Stage.SELF
    with_actor(assessment, actor).save()
    return assessment


@transaction.atomic
def assessment_review(
    *,
    actor,
    assessment: Assessment,
    grade: str,
    note: str = "",
    total: float | None = None,
    base: dict | None = None,
) -> Assessment:
    """The cell's proposal, after the self-assessment and with the evidence in view.
    `base`: the fingerprints of REVIEW_FIELDS the form was loaded with (as for the
    self-assessment)."""
    lock(assessment)
    _ensure_live(assessment)
    if assessment.stage == Stage.DRAFT:
        raise ServiceError("Chưa có bản tự đánh giá để chi bộ xem xét.")
    if grade not in Grade.values:
        raise ServiceError({"grade": "Mức xếp loại không hợp lệ."})
    apply_edits(assessment, {"review_grade": grade, "review_note": nfc_lines(note)}, base)
    assessment.review_total = total if total is not None else assessment.self_total
    assessment.reviewed_by = actor
    assessment.reviewed_at = timezone.now()
    assessment.stage = Stage.REVIEWED
    with_actor(assessment, actor).save()
    return assessment


def _cap_check(assessments: list[Assessment], grades: dict[int, str], book) -> None:
    """Cap on HTXSNV within each cell's members (the unit that proposes): counts the
    grades being decided with those already decided in the same cell and year."""
    cap = as_fraction(book["grading.excellent_cap"])
    by_cell = {}
    for a in assessments:
        if not a.is_cell:
            by_cell.setdefault((a.cell_id, a.year), []).append(a)
    for (cell_id, year), group in by_cell.items():
        deciding = {a.pk for a in group}
        others = list(
            Assessment.objects.filter(
                cell_id=cell_id, year=year, member__isnull=False, stage=Stage.DECIDED
            )
            .exclude(pk__in=deciding)
            .values_list("decided_grade", flat=True)
        )
        ok, excellent, good, allowed = rules.cap_allows(others + [grades[a.pk] for a in group], cap)
        if not ok:
            raise ServiceError(rules.cap_message(excellent, good, allowed, cap))


@transaction.atomic
def assessments_decide(*, actor, decisions: dict[int, str], note: str = "") -> list[Assessment]:
    """The higher committee decides grades (one or a whole cell at once). Refused whole
    when the HTXSNV cap would be passed. The cells' locks come first, so that two staff
    deciding members of one cell count each other's decisions; then the assessments'
    rows, read as committed now (one already decided by someone else is refused)."""
    _lock_cells(
        Assessment.objects.filter(pk__in=decisions).values_list("cell_id", flat=True)
    )
    assessments = list(
        Assessment.objects.select_for_update(of=("self",))
        .select_related("cell", "member")
        .filter(pk__in=decisions)
    )
    if len(assessments) != len(decisions):
        raise ServiceError("Có phiếu đánh giá không tồn tại.")
    for a in assessments:
        _ensure_live(a)
        if a.stage != Stage.REVIEWED:
            raise ServiceError(f"{a.member or a.cell}: chi bộ chưa đề xuất xếp loại.")
        if decisions[a.pk] not in Grade.values:
            raise ServiceError({"grade": "Mức xếp loại không hợp lệ."})
    if not assessments:
        return []
    book = book_for(assessments[0].year, assessments[0].cell)
    _cap_check(assessments, decisions, book)
    members = [a.member for a in assessments if not a.is_cell]
    member_ev = members_evidence(members, assessments[0].year) if members else {}
    cell_ev = cells_evidence([a.cell for a in assessments if a.is_cell], assessments[0].year)
    now = timezone.now()
    for a in assessments:
        a.decided_grade = decisions[a.pk]
        a.decision_note = note.strip()
        a.decided_by = actor
        a.decided_at = now
        a.stage = Stage.DECIDED
        a.evidence = cell_ev[a.cell_id] if a.is_cell else member_ev[a.member_id]
        with_actor(a, actor).save()
    return assessments


@transaction.atomic
def assessment_correct(*, actor, assessment: Assessment, grade: str, reason: str) -> Assessment:
    """A correction of a decided grade: a new assessment supersedes the old one, which
    stays as it was. The cell's lock, then the assessment's: a second correction of the
    same decision at the same moment is refused, not a second live assessment."""
    _lock_cells([assessment.cell_id])
    lock(assessment)
    if assessment.stage == Stage.SUPERSEDED:
        raise ServiceError(
            "Xếp loại này vừa được đính chính (có thể bởi người khác); hãy xem bản đính chính "
            "mới nhất trước khi đính chính tiếp."
        )
    if assessment.stage != Stage.DECIDED:
        raise ServiceError("Chỉ đính chính xếp loại đã được quyết định.")
    if not reason.strip():
        raise ServiceError({"reason": "Cần ghi lý do đính chính."})
    if grade not in Grade.values:
        raise ServiceError({"grade": "Mức xếp loại không hợp lệ."})
    assessment.stage = Stage.SUPERSEDED
    with_actor(assessment, actor).save()
    fields = {
        f: getattr(assessment, f)
        for f in (
            "year",
            "member",
            "cell",
            "self_scores",
            "self_total",
            "self_grade",
            "self_note",
            "self_at",
            "review_total",
            "review_grade",
            "review_note",
            "reviewed_by",
            "reviewed_at",
            "evidence",
        )
    }
    book = book_for(assessment.year, assessment.cell)
    # Any change can break the cap: a new HTXSNV, or one HTTNV fewer beside existing ones.
    if not assessment.is_cell:
        others = list(
            Assessment.objects.filter(
                cell=assessment.cell,
                year=assessment.year,
                member__isnull=False,
                stage=Stage.DECIDED,
            ).values_list("decided_grade", flat=True)
        )
        cap = as_fraction(book["grading.excellent_cap"])
        ok, excellent, good, allowed = rules.cap_allows(others + [grade], cap)
        if not ok:
            raise ServiceError(rules.cap_message(excellent, good, allowed, cap))
    corrected = Assessment(
        **fields,
        decided_grade=grade,
        decided_by=actor,
        decided_at=timezone.now(),
        stage=Stage.DECIDED,
        supersedes=assessment,
        correction_reason=reason.strip(),
    )
    with_actor(corrected, actor).save()
    return corrected
