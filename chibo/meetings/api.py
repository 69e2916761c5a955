"""Meetings in the API: the list and one meeting's minutes (read), the phone check-in,
the draft minutes' texts and the adoption (writes), the minutes as DOCX and PDF, and the
caller's own tasks.

Reads go through the selectors (scope inside the query); writes go through the meeting
services. A change to adopted minutes answers 409; so does a change of the draft's texts
sent with an `If-Match` that is no longer the meeting's ETag (someone saved meanwhile).
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.fields.json import KT
from django.http import HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from chibo.api.common import OrgRef, page_bounds
from chibo.core.concurrency import STALE_API_MESSAGE, etag, if_match_ok
from chibo.core.scope import user_scope
from chibo.core.web import file_response, slug
from chibo.documents import renderers
from chibo.meetings import services
from chibo.meetings.models import (
    Meeting,
    MeetingKind,
    MeetingStatus,
    MinutesVersion,
    Presence,
    TaskStatus,
)
from chibo.meetings.selectors import get_meeting_for_user, meeting_list, tasks_of_member
from chibo.meetings.snapshot import current_minutes

router = Router(tags=["meetings"])
me_router = Router(tags=["meetings"])


class ErrorOut(Schema):
    detail: str


# --- list -------------------------------------------------------------------------------


class MeetingOut(Schema):
    id: int
    organization: OrgRef
    kind: str
    status: str
    scheduled_at: dt.datetime
    period: str = Field(description="tháng của kế hoạch, YYYY-MM")
    topic: str
    place: str
    present: int = Field(description="số đảng viên có mặt (theo điểm danh đã ghi)")
    total: int = Field(description="số đảng viên trong danh sách điểm danh đã ghi")
    band: str | None = Field(
        description="xếp loại chất lượng trong biên bản đã thông qua (bản mới nhất); "
        "null khi chưa thông qua hoặc chưa chấm đủ điểm"
    )

    @staticmethod
    def resolve_period(obj):
        return f"{obj.period:%Y-%m}"

    @staticmethod
    def resolve_band(obj):
        return obj.band or None


# What a list item needs; the minutes' long texts stay in the database.
LIST_FIELDS = (
    "kind",
    "status",
    "scheduled_at",
    "period",
    "topic",
    "place",
    "organization__id",
    "organization__name",
)


class MeetingPage(Schema):
    count: int
    items: list[MeetingOut]


class MeetingFilters(Schema):
    organization: int | None = None
    kind: str = ""
    status: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    page: int = 1
    page_size: int = settings.PAGE_SIZE


@router.get("", response=MeetingPage)
def list_meetings(request, filters: Query[MeetingFilters]):
    """Các buổi sinh hoạt trong phạm vi, mới nhất trước.

    Lọc: `organization` (cả cây con), `kind` (regular, thematic, committee), `status`
    (planned, held, adopted, cancelled), `date_from`, `date_to` (ngày ISO, theo ngày
    dự kiến)."""
    if filters.kind and filters.kind not in MeetingKind.values:
        raise HttpError(422, "Loại sinh hoạt không hợp lệ; dùng regular, thematic hoặc committee.")
    if filters.status and filters.status not in MeetingStatus.values:
        raise HttpError(422, "Trạng thái không hợp lệ; dùng planned, held, adopted hoặc cancelled.")
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise HttpError(422, "date_from phải trước hoặc bằng date_to.")
    start, stop = page_bounds(filters.page, filters.page_size)
    qs = meeting_list(
        request.user,
        organization_id=filters.organization,
        kind=filters.kind,
        status=filters.status,
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    latest_band = (
        MinutesVersion.objects.filter(meeting=OuterRef("pk"))
        .order_by("-number")
        .annotate(band=KT("snapshot__score__band"))
        .values("band")[:1]
    )
    # The page's ids first (the scope and the filters, ordered and cut in the subquery),
    # then the roll-call counts and the band for those meetings only: grouping the whole
    # scope's roll call before cutting cost 0.6 s at province scale (1.5M rows).
    page_ids = qs.values("pk")[start:stop]
    page = (
        Meeting.objects.filter(pk__in=page_ids)
        .select_related("organization")
        .only(*LIST_FIELDS)
        .annotate(
            present=Count("attendance", filter=Q(attendance__presence=Presence.PRESENT)),
            total=Count("attendance"),
            band=Subquery(latest_band),
        )
        .order_by(*qs.query.order_by)
    )
    return {"count": qs.count(), "items": list(page)}


# --- one meeting ------------------------------------------------------------------------


class VersionOut(Schema):
    number: int
    content_hash: str
    reason: str
    created_at: dt.datetime


class SnapshotMeetingOut(Schema):
    id: int
    kind: str
    kind_label: str
    month: int
    year: int
    topic: str
    place: str
    scheduled_at: str
    started_at: str | None
    ended_at: str | None
    started_vi: str
    ended_vi: str
    date_vi: str
    duration_minutes: int | None
    combined_with_regular: bool
    dues_collected: bool
    abstract: str


class SnapshotOrganizationOut(Schema):
    id: int
    name: str
    parent_name: str
    code: str
    address: str


class GuestOut(Schema):
    name: str
    office: str
    is_higher_official: bool


class CountsOut(Schema):
    total: int
    full: int
    probationary: int
    exempt: int
    present: int
    excused: int
    unexcused: int
    attendance_rate: float | None = Field(description="phần trăm, không tính người miễn")


class AbsenteeOut(Schema):
    name: str
    presence: str
    presence_label: str
    reason: str
    member_status: str


class ContentOut(Schema):
    news: str
    new_policies: str
    review_results: str
    review_shortcomings: str
    review_causes: str
    study_item: str
    self_criticism: str
    next_month: str
    conclusion: str
    resolution: str


class SpeechOut(Schema):
    section: str
    section_label: str
    speaker: str
    text: str


class TaskReviewOut(Schema):
    task: str
    assignee: str
    result: str
    result_label: str
    comment: str


class NewTaskOut(Schema):
    title: str
    assignee: str
    deadline: str
    deadline_vi: str


class VoteRuleOut(Schema):
    kind: str
    label: str
    fraction: list[int] = Field(description="[tử số, mẫu số], ví dụ [2, 3]")
    at_least: bool = Field(description="true: ít nhất; false: quá")
    basis: str
    needed: int | None = Field(description="số phiếu tán thành tối thiểu để thông qua")
    line: str


class VoteOut(Schema):
    eligible: int
    votes_for: int = Field(alias="for")
    against: int
    abstain: int
    passed: bool
    percent_for: float
    rule: VoteRuleOut | None = Field(
        None, description="quy định về tỷ lệ đã áp dụng; không có ở biên bản thông qua trước đó"
    )


class NotCountedMemberOut(Schema):
    name: str
    reason: str


class NotCountedGroupOut(Schema):
    kind: str = Field(description="transferred, suspended, detained")
    label: str
    count: int
    members: list[NotCountedMemberOut]
    line: str


class NotCountedOut(Schema):
    total: int
    line: str
    groups: list[NotCountedGroupOut]


class ScoreItemOut(Schema):
    code: str
    label: str
    max: float
    points: float | None
    automatic: bool


class ScoreOut(Schema):
    items: list[ScoreItemOut]
    total: float
    band: str
    complete: bool


class MeetingDetailOut(Schema):
    id: int
    status: str
    adopted_at: dt.datetime | None
    versions: list[VersionOut]
    # The minutes (snapshot.current_minutes): the adopted text as last corrected, or
    # the working draft before adoption.
    format: int
    version: int
    amendment_reason: str
    integrity_warning: str = Field(
        "", description="khác rỗng khi biên bản đang lưu không khớp mã SHA-256 khi thông qua"
    )
    meeting: SnapshotMeetingOut
    organization: SnapshotOrganizationOut
    chair: str
    minute_taker: str
    guests: list[GuestOut]
    counts: CountsOut
    present: list[str]
    absentees: list[AbsenteeOut]
    not_counted: NotCountedOut | None = Field(
        None, description="đảng viên không tính vào số phải có mặt (sinh hoạt tạm thời nơi "
        "khác, bị đình chỉ sinh hoạt, bị tạm giam); null khi không có"
    )
    agenda: list[str]
    content: ContentOut
    speeches: list[SpeechOut]
    task_reviews: list[TaskReviewOut]
    new_tasks: list[NewTaskOut]
    vote: VoteOut | None
    score: ScoreOut
    numbers: dict[str, str] = Field(
        default_factory=dict,
        description="số và ký hiệu cấp khi thông qua: minutes (\"05-BB/CB\"), resolution "
        "(\"05-NQ/CB\", khi nghị quyết được thông qua); rỗng với bản đang ghi",
    )


@router.get("/{meeting_id}", response=MeetingDetailOut, by_alias=True)
def get_meeting(request, meeting_id: int, response: HttpResponse):
    """Một buổi sinh hoạt và biên bản của nó: bản đã thông qua (bản đính chính mới nhất)
    hoặc bản đang ghi; `versions` liệt kê các bản đã thông qua. Ngoài phạm vi: 404.
    Tiêu đề `ETag` dùng cho `If-Match` khi sửa biên bản (PATCH …/minutes)."""
    meeting = get_meeting_for_user(request.user, meeting_id)
    response["ETag"] = etag(meeting, services.EDITABLE_FIELDS)
    versions = list(
        meeting.versions.order_by("number").values("number", "content_hash", "reason", "created_at")
    )
    return {
        **current_minutes(meeting),
        "id": meeting.pk,
        "status": meeting.status,
        "adopted_at": meeting.adopted_at,
        "versions": versions,
    }


# --- documents --------------------------------------------------------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def _filename(meeting, extension: str) -> str:
    """ASCII, e.g. bien-ban-chi-bo-khu-pho-a1-2026-03.pdf (chi-uy / chuyen-de added for
    those kinds, since a cell has several meetings a month)."""
    kind = {MeetingKind.COMMITTEE: "chi-uy-", MeetingKind.THEMATIC: "chuyen-de-"}.get(
        meeting.kind, ""
    )
    cell = slug(meeting.organization.name)
    return f"bien-ban-{kind}{cell}-{meeting.period:%Y-%m}.{extension}"


def _document(meeting, content: bytes, extension: str, content_type: str) -> HttpResponse:
    return file_response(
        content, filename=_filename(meeting, extension), content_type=content_type
    )


@router.get(
    "/{meeting_id}/minutes.docx",
    response={200: None},
    openapi_extra={"responses": {200: {"description": "Biên bản (Word)", "content": {DOCX: {}}}}},
)
def download_minutes_docx(request, meeting_id: int):
    """Biên bản dạng Word (.docx), in từ bản hiện hành."""
    meeting = get_meeting_for_user(request.user, meeting_id)
    return _document(meeting, renderers.minutes_docx(current_minutes(meeting)), "docx", DOCX)


@router.get(
    "/{meeting_id}/minutes.pdf",
    response={200: None},
    openapi_extra={"responses": {200: {"description": "Biên bản (PDF)", "content": {PDF: {}}}}},
)
def download_minutes_pdf(request, meeting_id: int):
    """Biên bản dạng PDF, in từ bản hiện hành."""
    meeting = get_meeting_for_user(request.user, meeting_id)
    return _document(meeting, renderers.minutes_pdf(current_minutes(meeting)), "pdf", PDF)


# --- the phone check-in -----------------------------------------------------------------


class AttendanceEntryIn(Schema):
    member: int = Field(description="id của đảng viên trong chi bộ")
    presence: str = Field(description="present, excused hoặc unexcused")
    reason: str = Field("", description="lý do vắng; bắt buộc khi excused")


class AttendanceIn(Schema):
    entries: list[AttendanceEntryIn]


class RollCallOut(Schema):
    total: int
    full: int
    probationary: int
    exempt: int
    present: int
    excused: int
    unexcused: int
    attendance_rate: float | None = Field(description="phần trăm, không tính người miễn")
    eligible_voters: int


@router.put(
    "/{meeting_id}/attendance",
    response={200: RollCallOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def record_attendance(request, meeting_id: int, payload: AttendanceIn):
    """Điểm danh (từ điện thoại): cả danh sách một lần; đảng viên không có trong danh
    sách giữ kết quả đã ghi. Trả về số liệu điểm danh. Biên bản đã thông qua: 409."""
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    if not payload.entries:
        raise HttpError(422, "Danh sách điểm danh (entries) không được để trống.")
    # MeetingLocked (a Conflict) answers 409, other service errors 400 (chibo.api.api).
    roll = services.attendance_record(
        actor=request.user,
        meeting=meeting,
        entries=[entry.model_dump() for entry in payload.entries],
    )
    rate = roll.attendance_rate()
    return {
        "total": roll.total,
        "full": roll.count(status="full"),
        "probationary": roll.count(status="probationary"),
        "exempt": roll.count(status="exempt"),
        "present": roll.present,
        "excused": roll.count(presence=Presence.EXCUSED),
        "unexcused": roll.count(presence=Presence.UNEXCUSED),
        "attendance_rate": round(float(rate) * 100, 1) if rate is not None else None,
        "eligible_voters": roll.eligible_voters(),
    }


# --- the draft's texts and the adoption ---------------------------------------------------


class MinutesTextIn(Schema):
    """Only the fields sent are changed; the others keep what is stored."""

    news: str | None = None
    new_policies: str | None = None
    review_results: str | None = None
    review_shortcomings: str | None = None
    review_causes: str | None = None
    study_item: str | None = None
    self_criticism: str | None = None
    next_month: str | None = None
    conclusion: str | None = None
    resolution: str | None = None
    draft_resolution: str | None = None
    place: str | None = None


@router.patch(
    "/{meeting_id}/minutes",
    response={200: MeetingDetailOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    by_alias=True,
)
def update_minutes(request, meeting_id: int, payload: MinutesTextIn, response: HttpResponse):
    """Sửa nội dung biên bản đang ghi (các trường gửi lên). Gửi kèm `If-Match` với ETag
    đã nhận (GET /meetings/{id}): nếu trong lúc đó có người khác đã lưu, trả 409 và không
    lưu gì. Biên bản đã thông qua: 409. Trả về biên bản như GET, với ETag mới."""
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    changes = payload.model_dump(exclude_none=True)
    if not changes:
        raise HttpError(422, "Không có nội dung nào để sửa.")
    with transaction.atomic():
        services.ensure_editable(meeting)  # the lock, so that the check and the save are one
        if not if_match_ok(meeting, services.EDITABLE_FIELDS, request.headers.get("If-Match")):
            raise HttpError(409, STALE_API_MESSAGE)
        services.content_update(actor=request.user, meeting=meeting, **changes)
    return get_meeting(request, meeting_id, response)


class AdoptOut(Schema):
    meeting: int
    number: int
    content_hash: str
    adopted_at: dt.datetime
    already_adopted: bool = Field(
        description="true khi biên bản đã được thông qua từ trước (lần gửi thứ hai)"
    )


@router.post(
    "/{meeting_id}/adopt",
    response={200: AdoptOut, 201: AdoptOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
)
def adopt(request, meeting_id: int):
    """Thông qua biên bản: khóa nội dung bằng mã SHA-256 (bản số 1). Gửi lại lần nữa
    (bấm hai lần, hai máy) trả 200 với bản đã thông qua và `already_adopted: true`, không
    thông qua lần hai. Còn thiếu điểm danh, giờ, biểu quyết, chủ trì, thư ký: 400."""
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    try:
        version = services.meeting_adopt(actor=request.user, meeting=meeting)
        status, again = 201, False
    except services.AlreadyAdopted as error:
        version, again = error.version, True
        status = 200
    meeting.refresh_from_db(fields=["adopted_at"])
    return Status(status, {
        "meeting": meeting.pk,
        "number": version.number,
        "content_hash": version.content_hash,
        "adopted_at": meeting.adopted_at,
        "already_adopted": again,
    })


# --- my tasks ---------------------------------------------------------------------------


class MeetingRef(Schema):
    id: int
    date: dt.date


class MyTaskOut(Schema):
    id: int
    title: str
    deadline: dt.date
    status: str
    last_result: str
    meeting: MeetingRef
    organization: OrgRef
    overdue: bool


class MyTaskPage(Schema):
    count: int
    items: list[MyTaskOut]


class MyTaskFilters(Schema):
    status: str = ""
    page: int = 1
    page_size: int = settings.PAGE_SIZE


@me_router.get("/tasks", response=MyTaskPage)
def my_tasks(request, filters: Query[MyTaskFilters]):
    """Nhiệm vụ được giao cho chính người gọi (với tư cách đảng viên), hạn gần nhất
    trước. Lọc `status` (open, done, closed). Không có hồ sơ đảng viên: danh sách rỗng."""
    if filters.status and filters.status not in TaskStatus.values:
        raise HttpError(422, "Trạng thái không hợp lệ; dùng open, done hoặc closed.")
    start, stop = page_bounds(filters.page, filters.page_size)
    member_id = user_scope(request.user).member_id
    if member_id is None:
        return {"count": 0, "items": []}
    qs = tasks_of_member(member_id).order_by("deadline", "id")
    if filters.status:
        qs = qs.filter(status=filters.status)
    today = timezone.localdate()
    items = [
        {
            "id": task.pk,
            "title": task.title,
            "deadline": task.deadline,
            "status": task.status,
            "last_result": task.last_result,
            "meeting": {
                "id": task.meeting_id,
                "date": timezone.localtime(task.meeting.scheduled_at).date(),
            },
            "organization": task.organization,
            "overdue": task.status == TaskStatus.OPEN and task.deadline < today,
        }
        for task in qs[start:stop]
    ]
    return {"count": qs.count(), "items": items}
