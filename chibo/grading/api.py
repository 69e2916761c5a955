"""Grading in the API (P6, P7): the year's assessments of the members and of the cells in
scope, each with its grade and the evidence of the year as numbers; the caller's own
commitment registers.

Reads go through the scope (chibo.core.scope) and chibo.grading.selectors_report; the
evidence comes from chibo.grading.evidence for the whole page at once (a fixed number of
queries, whatever the page size)."""

import datetime as dt

from django.conf import settings
from django.db.models import Prefetch, Q
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from chibo.api.common import OrgRef, page_bounds
from chibo.commitments.models import Commitment, CommitmentItem, CommitmentProgress, ItemResult
from chibo.core.scope import gate, user_scope, visible_members, visible_organizations
from chibo.grading.evidence import cells_evidence, members_evidence
from chibo.grading.rules import GRADES
from chibo.grading.selectors_report import (
    MAX_YEAR,
    MIN_YEAR,
    cell_assessments,
    cell_figures,
    member_assessments,
    member_figures,
    with_grade,
)
from chibo.organizations.selectors import names_by_path

router = Router(tags=["grading"])
me_router = Router(tags=["grading"])

GRADE_FILTER = "HTXSNV, HTTNV, HTNV, KHTNV hoặc none (chưa có xếp loại)"


class ErrorOut(Schema):
    detail: str


def _check(year: int, grade: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise HttpError(422, f"Năm phải từ {MIN_YEAR} đến {MAX_YEAR}.")
    if grade and grade not in [*GRADES, "none"]:
        raise HttpError(422, f"Mức xếp loại không hợp lệ; dùng {GRADE_FILTER}.")


def _subtree(qs, user, organization_id: int | None, field: str):
    """Limit to an organization's subtree; one the user does not see answers 404."""
    if organization_id is None:
        return qs
    root = gate(visible_organizations(user).only("path"), organization_id)
    return qs.filter(**{f"{field}__startswith": root.path})


def _assessment_fields(a) -> dict:
    if a is None:
        return {
            "assessment": None,
            "stage": None,
            "self_total": None,
            "self_grade": None,
            "review_total": None,
            "review_grade": None,
            "decided_grade": None,
            "grade": None,
        }
    return {
        "assessment": a.pk,
        "stage": a.stage,
        "self_total": float(a.self_total) if a.self_total is not None else None,
        "self_grade": a.self_grade or None,
        "review_total": float(a.review_total) if a.review_total is not None else None,
        "review_grade": a.review_grade or None,
        "decided_grade": a.decided_grade or None,
        "grade": a.grade or None,
    }


class GradingFilters(Schema):
    organization: int | None = None
    grade: str = ""
    page: int = 1
    page_size: int = settings.PAGE_SIZE


class AssessmentFields(Schema):
    assessment: int | None = Field(description="id của phiếu đánh giá năm; null khi chưa mở")
    stage: str | None = Field(description="draft, self, reviewed, decided; null khi chưa mở")
    self_total: float | None
    self_grade: str | None
    review_total: float | None
    review_grade: str | None = Field(description="mức chi bộ đề xuất")
    decided_grade: str | None = Field(description="mức cấp ủy quyết định")
    grade: str | None = Field(
        description="mức đang có hiệu lực: quyết định, nếu chưa thì đề xuất, nếu chưa thì tự "
        "xếp loại"
    )


# --- members ------------------------------------------------------------------------------


class MemberRef(Schema):
    id: int
    name: str


class MemberFiguresOut(Schema):
    present: int
    excused: int
    unexcused: int
    unexcused_months: int
    absence_flag: bool = Field(description="vắng không lý do từ số tháng theo quy định")
    tasks_assigned: int
    tasks_on_time: int
    tasks_late: int
    tasks_open: int
    commitment_registered: bool
    commitment_approved: bool
    commitment_items: int
    commitment_met: int
    residence: str = Field(description="written, missing, exempt hoặc not_required")
    disciplines: int


class GradingMemberOut(AssessmentFields):
    member: MemberRef
    cell: OrgRef
    evidence: MemberFiguresOut


class GradingMemberPage(Schema):
    count: int
    items: list[GradingMemberOut]


@router.get("/{year}/members", response=GradingMemberPage)
def list_grading_members(request, year: int, filters: Query[GradingFilters]):
    """Đảng viên trong phạm vi với phiếu đánh giá của năm (nếu có): điểm, mức tự xếp loại,
    đề xuất, quyết định, mức đang có hiệu lực, và số liệu theo dõi trong năm. Theo thứ tự
    tên tiếng Việt.

    Lọc: `organization` (cả cây con; ngoài phạm vi: 404), `grade` (mức đang có hiệu lực;
    `none`: chưa có)."""
    _check(year, filters.grade)
    start, stop = page_bounds(filters.page, filters.page_size)
    qs = visible_members(request.user).select_related("organization")
    qs = _subtree(qs, request.user, filters.organization, "organization__path")
    if filters.grade:
        qs = with_grade(qs, year, filters.grade)
    qs = qs.order_by("sort_key", "id")
    page = list(qs[start:stop])
    if not page:
        return {"count": qs.count(), "items": []}
    assessments = member_assessments([m.pk for m in page], year)
    evidence = members_evidence(page, year)
    items = []
    for member in page:
        a = assessments.get(member.pk)
        items.append(
            {
                "member": {"id": member.pk, "name": member.full_name},
                "cell": a.cell if a is not None else member.organization,
                **_assessment_fields(a),
                "evidence": member_figures(evidence[member.pk]),
            }
        )
    return {"count": qs.count(), "items": items}


# --- cells --------------------------------------------------------------------------------


class CellFiguresOut(Schema):
    regular_months: int = Field(description="số tháng có sinh hoạt thường kỳ đã thông qua")
    thematic_quarters: int
    committee_meetings: int
    bands: dict[str, int] = Field(description="số buổi thường kỳ theo xếp loại chất lượng")
    tasks_assigned: int
    tasks_reviewed: int
    tasks_done: int
    concerns_raised: int
    concerns_answered: int
    commitment_registered: bool
    commitment_approved: bool
    commitment_items: int
    commitment_met: int


class GradingCellOut(AssessmentFields):
    cell: OrgRef
    parent_name: str = Field(description="tổ chức cấp trên trực tiếp")
    evidence: CellFiguresOut


class GradingCellPage(Schema):
    count: int
    items: list[GradingCellOut]


@router.get("/{year}/cells", response=GradingCellPage)
def list_grading_cells(request, year: int, filters: Query[GradingFilters]):
    """Chi bộ trong phạm vi (còn hoạt động trong năm) với phiếu đánh giá của chi bộ và số
    liệu theo dõi trong năm: sinh hoạt, chất lượng, nhiệm vụ, kiến nghị, khắc phục hạn chế.
    Theo thứ tự cây tổ chức. Lọc như danh sách đảng viên."""
    _check(year, filters.grade)
    start, stop = page_bounds(filters.page, filters.page_size)
    qs = visible_organizations(request.user).filter(is_cell=True)
    qs = qs.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=dt.date(year, 1, 1)))
    qs = _subtree(qs, request.user, filters.organization, "path")
    if filters.grade:
        qs = with_grade(qs, year, filters.grade, cells=True)
    qs = qs.order_by("path")
    page = list(qs[start:stop])
    if not page:
        return {"count": qs.count(), "items": []}
    assessments = cell_assessments([c.pk for c in page], year)
    evidence = cells_evidence(page, year)
    parents = names_by_path(c.parent_path for c in page)
    items = [
        {
            "cell": cell,
            "parent_name": parents.get(cell.parent_path, ""),
            **_assessment_fields(assessments.get(cell.pk)),
            "evidence": cell_figures(evidence[cell.pk]),
        }
        for cell in page
    ]
    return {"count": qs.count(), "items": items}


# --- my commitments -----------------------------------------------------------------------


class MeetingRef(Schema):
    id: int
    period: str = Field(description="tháng của buổi sinh hoạt, YYYY-MM")


class ProgressOut(Schema):
    meeting: MeetingRef
    note: str
    result: str = Field(description="met, partly, not_met hoặc rỗng")
    created_at: dt.datetime


class CommitmentItemOut(Schema):
    id: int
    order: int
    text: str
    measure: str
    result: str = Field(description="kết quả cuối năm: met, partly, not_met hoặc rỗng")
    result_label: str
    progress: list[ProgressOut]


class CommitmentSummaryOut(Schema):
    items: int
    met: int
    partly: int
    not_met: int
    pending: int


class MyCommitmentOut(Schema):
    id: int
    year: int
    cell: OrgRef
    status: str = Field(description="draft, submitted, approved hoặc returned")
    note: str = Field(description="ý kiến của chi ủy")
    approved_at: dt.datetime | None
    summary: CommitmentSummaryOut
    items: list[CommitmentItemOut]


class MyCommitmentPage(Schema):
    count: int
    items: list[MyCommitmentOut]


class MyCommitmentFilters(Schema):
    year: int | None = None
    page: int = 1
    page_size: int = settings.PAGE_SIZE


def _item(item: CommitmentItem) -> dict:
    return {
        "id": item.pk,
        "order": item.order,
        "text": item.text,
        "measure": item.measure,
        "result": item.result,
        "result_label": ItemResult(item.result).label,
        "progress": [
            {
                "meeting": {"id": p.meeting_id, "period": f"{p.meeting.period:%Y-%m}"},
                "note": p.note,
                "result": p.result,
                "created_at": p.created_at,
            }
            for p in item.progress.all()
        ],
    }


@me_router.get("/commitments", response=MyCommitmentPage)
def my_commitments(request, filters: Query[MyCommitmentFilters]):
    """Các bản đăng ký việc làm theo của chính người gọi (với tư cách đảng viên), năm mới
    nhất trước: trạng thái, ý kiến của chi ủy, từng việc với kết quả và tiến độ ghi nhận
    tại các kỳ sinh hoạt. Lọc `year`. Không có hồ sơ đảng viên: danh sách rỗng."""
    start, stop = page_bounds(filters.page, filters.page_size)
    member_id = user_scope(request.user).member_id
    if member_id is None:
        return {"count": 0, "items": []}
    qs = Commitment.objects.filter(member_id=member_id)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    progress = CommitmentProgress.objects.select_related("meeting").order_by(
        "meeting__period", "id"
    )
    page = list(
        qs.select_related("cell")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=CommitmentItem.objects.prefetch_related(
                    Prefetch("progress", queryset=progress)
                ),
            )
        )
        .order_by("-year", "id")[start:stop]
    )
    items = []
    for c in page:
        rows = [_item(i) for i in c.items.all()]
        results = [r["result"] for r in rows]
        items.append(
            {
                "id": c.pk,
                "year": c.year,
                "cell": c.cell,
                "status": c.status,
                "note": c.note,
                "approved_at": c.approved_at,
                "summary": {
                    "items": len(rows),
                    "met": results.count(ItemResult.MET),
                    "partly": results.count(ItemResult.PARTLY),
                    "not_met": results.count(ItemResult.NOT_MET),
                    "pending": results.count(ItemResult.PENDING),
                },
                "items": rows,
            }
        )
    return {"count": qs.count(), "items": items}
