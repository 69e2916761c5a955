"""Supervision in the API: the caller's assignments and the meetings they should attend,
the visit report with the concerns raised there, the concerns list and the actions on one
concern (answer, assign, escalate, close).

Reads go through the selectors (a concern is seen only along its route and by the raising
cell); writes go through the services. A hidden member's name is never sent to anyone
`selectors.member_name_visible` refuses: the cell that raised it, or anyone below.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from chibo.api.common import OrgRef, page_bounds
from chibo.members.models import PartyMember
from chibo.supervision import selectors, services
from chibo.supervision.models import ConcernCategory, ConcernKind, ConcernStatus

visits_router = Router(tags=["supervision"])
concerns_router = Router(tags=["supervision"])
me_router = Router(tags=["supervision"])


class ErrorOut(Schema):
    detail: str


# Ids past a 64-bit integer answer 422, not a database overflow.
MAX_ID = 2**63 - 1


def _person(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.username


def _choices(values) -> str:
    *rest, last = list(values)
    return f"{', '.join(rest)} hoặc {last}" if rest else last


# --- my assignments ---------------------------------------------------------------------


class AssignmentOut(Schema):
    id: int
    kind: str = Field(description="follow (theo dõi chi bộ) hoặc attend (dự một buổi)")
    cell: OrgRef
    committee: OrgRef = Field(description="cấp ủy phân công")
    meeting: int | None = Field(description="buổi sinh hoạt được phân công dự (kind=attend)")
    starts_on: dt.date
    ends_on: dt.date


class UpcomingMeetingOut(Schema):
    id: int
    cell: OrgRef
    scheduled_at: dt.datetime
    kind: str
    reported: bool = Field(description="người gọi đã gửi báo cáo dự sinh hoạt cho buổi này")


class MyAssignmentsOut(Schema):
    assignments: list[AssignmentOut]
    upcoming: list[UpcomingMeetingOut]


@me_router.get("/assignments", response=MyAssignmentsOut)
def my_assignments(request):
    """Phân công của người gọi chưa hết hạn, và các buổi sinh hoạt cần dự (được phân công
    dự, hoặc của chi bộ đang theo dõi) từ 14 ngày trước đến 45 ngày tới."""
    assignments = [
        {
            "id": a.pk,
            "kind": a.kind,
            "cell": a.cell,
            "committee": a.committee,
            "meeting": a.meeting_id,
            "starts_on": a.starts_on,
            "ends_on": a.ends_on,
        }
        for a in selectors.my_assignments(request.user)
    ]
    upcoming = [
        {
            "id": m.pk,
            "cell": m.organization,
            "scheduled_at": m.scheduled_at,
            "kind": m.kind,
            "reported": m.reported,
        }
        for m in selectors.upcoming_meetings_for(request.user)
    ]
    return {"assignments": assignments, "upcoming": upcoming}


# --- the visit report -------------------------------------------------------------------


class VisitConcernIn(Schema):
    category: str = Field(description=", ".join(ConcernCategory.values))
    kind: str = Field(ConcernKind.PROPOSAL.value, description=", ".join(ConcernKind.values))
    text: str
    member: int | None = Field(
        None, ge=1, le=MAX_ID, description="id của đảng viên nêu (thuộc chi bộ)"
    )
    member_hidden: bool = Field(False, description="ẩn tên đảng viên với chi bộ và cấp dưới")


class VisitIn(Schema):
    meeting: int
    attended: bool
    band_seen: str = Field("", description="Tốt, Khá, Trung bình hoặc Kém; trống nếu không")
    remarks: str = ""
    concerns: list[VisitConcernIn] = []


class RaisedConcernOut(Schema):
    id: int
    status: str
    responsible: OrgRef = Field(description="cấp ủy tiếp nhận")
    deadline: dt.date


class VisitOut(Schema):
    id: int
    concerns: list[RaisedConcernOut]


def _visit_concerns(meeting, items: list[VisitConcernIn]) -> list[dict]:
    """The concerns as the service takes them; members looked up in the meeting's cell
    (one query). Unknown categories and kinds answer 422, naming the row."""
    for i, item in enumerate(items):
        if item.category not in ConcernCategory.values:
            raise HttpError(
                422,
                f"Trường concerns.{i}.category không hợp lệ; dùng "
                f"{_choices(ConcernCategory.values)}.",
            )
        if item.kind not in ConcernKind.values:
            raise HttpError(
                422,
                f"Trường concerns.{i}.kind không hợp lệ; dùng {_choices(ConcernKind.values)}.",
            )
    wanted = {item.member for item in items if item.member is not None}
    members = PartyMember.objects.filter(organization_id=meeting.organization_id).in_bulk(wanted)
    concerns = []
    for i, item in enumerate(items):
        member = members.get(item.member) if item.member is not None else None
        if item.member is not None and member is None:
            raise HttpError(
                400,
                f"Đảng viên ở concerns.{i}.member không thuộc {meeting.organization.name}.",
            )
        concerns.append(
            {
                "category": item.category,
                "kind": item.kind,
                "text": item.text,
                "member": member,
                "member_hidden": item.member_hidden,
            }
        )
    return concerns


@visits_router.post(
    "",
    response={201: VisitOut, 400: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def report_visit(request, payload: VisitIn):
    """Báo cáo dự sinh hoạt chi bộ, kèm các kiến nghị nêu tại buổi đó (chuyển đến cấp ủy
    cấp trên trực tiếp của chi bộ). Được gửi khi được phân công dự buổi đó, được phân công
    theo dõi chi bộ vào ngày đó, hoặc là cán bộ cấp ủy cấp trên của chi bộ; ngoài ra: 404."""
    meeting, assignment = selectors.get_meeting_for_visit(request.user, payload.meeting)
    concerns = _visit_concerns(meeting, payload.concerns)
    # Service errors (bad band, a second report, concerns without attending) answer 400.
    report = services.visit_report(
        actor=request.user,
        meeting=meeting,
        attended=payload.attended,
        band_seen=payload.band_seen,
        remarks=payload.remarks,
        concerns=concerns,
        assignment=assignment,
    )
    raised = report.concerns.select_related("responsible").order_by("id")
    return Status(
        201,
        {
            "id": report.pk,
            "concerns": [
                {
                    "id": c.pk,
                    "status": c.status,
                    "responsible": c.responsible,
                    "deadline": c.deadline,
                }
                for c in raised
            ],
        },
    )


# --- concerns ---------------------------------------------------------------------------


class PersonRef(Schema):
    id: int
    name: str


class ConcernOut(Schema):
    id: int
    cell: OrgRef = Field(description="chi bộ nêu kiến nghị")
    category: str
    kind: str
    text: str
    status: str = Field(description="open, assigned, answered hoặc closed")
    responsible: OrgRef = Field(description="cấp ủy đang xử lý")
    assignee: PersonRef | None = Field(description="người được giao xử lý")
    raised_on: dt.date
    deadline: dt.date
    overdue: bool = Field(description="chưa trả lời và đã quá hạn (theo ngày tại Hà Nội)")
    answer: str
    answered_on: dt.date | None
    member: str | None = Field(
        description="tên đảng viên nêu; null khi không có, hoặc khi tên được ẩn với người gọi"
    )


class ConcernPage(Schema):
    count: int
    items: list[ConcernOut]


class ConcernFilters(Schema):
    status: str = ""
    category: str = ""
    organization: int | None = Field(None, ge=1, le=MAX_ID)
    overdue: bool | None = None
    page: int = 1
    page_size: int = settings.PAGE_SIZE


def _concern_out(concern, *, name_visible: bool, today: dt.date) -> dict:
    assignee = concern.assignee
    return {
        "id": concern.pk,
        "cell": concern.cell,
        "category": concern.category,
        "kind": concern.kind,
        "text": concern.text,
        "status": concern.status,
        "responsible": concern.responsible,
        "assignee": {"id": assignee.pk, "name": _person(assignee)} if assignee else None,
        "raised_on": concern.raised_on,
        "deadline": concern.deadline,
        "overdue": concern.is_open and concern.deadline < today,
        "answer": concern.answer,
        "answered_on": concern.answered_on,
        "member": concern.member.full_name if concern.member and name_visible else None,
    }


@concerns_router.get("", response=ConcernPage)
def list_concerns(request, filters: Query[ConcernFilters]):
    """Kiến nghị trong phạm vi: của chi bộ mình, hoặc đã qua cấp ủy của mình trên đường
    chuyển; mới nhất trước. Lọc `status` (open, assigned, answered, closed), `category`,
    `organization` (chi bộ thuộc cây con), `overdue` (true/false)."""
    if filters.status and filters.status not in ConcernStatus.values:
        raise HttpError(422, f"Trạng thái không hợp lệ; dùng {_choices(ConcernStatus.values)}.")
    if filters.category and filters.category not in ConcernCategory.values:
        raise HttpError(422, f"Lĩnh vực không hợp lệ; dùng {_choices(ConcernCategory.values)}.")
    start, stop = page_bounds(filters.page, filters.page_size)
    today = timezone.localdate()
    qs = selectors.concern_list(
        request.user,
        status=filters.status,
        category=filters.category,
        organization_id=filters.organization,
        overdue=filters.overdue,
        today=today,
    )
    page = list(qs.select_related("assignee")[start:stop])
    # The route of the page's hidden-name concerns, in one query (none hidden: no query).
    routes = selectors.concern_routes(c.pk for c in page if c.member_id and c.member_hidden)
    items = [
        _concern_out(
            c,
            name_visible=selectors.member_name_visible(request.user, c, route=routes[c.pk]),
            today=today,
        )
        for c in page
    ]
    return {"count": qs.count(), "items": items}


ACTIONS = ("answer", "assign", "escalate", "close")


class ConcernActionIn(Schema):
    action: str = Field(description="answer, assign, escalate hoặc close")
    text: str = Field(
        "",
        description="nội dung trả lời (answer), lý do chuyển (escalate), kết quả hoặc lý do "
        "đóng (close), ghi chú khi giao (assign, không bắt buộc)",
    )
    assignee: int | None = Field(
        None, ge=1, le=MAX_ID, description="id người dùng là cán bộ của cấp ủy đang xử lý (assign)"
    )


class HistoryOut(Schema):
    kind: str
    organization: OrgRef
    actor: str | None = Field(description="null: hệ thống (tự động chuyển khi quá hạn)")
    note: str
    created_at: dt.datetime


class ConcernDetailOut(ConcernOut):
    history: list[HistoryOut]


def _assignee(concern, user_id: int | None):
    """One of the responsible committee's staff (selectors.committee_staff), or 400; not
    given: 422."""
    if user_id is None:
        raise HttpError(422, "Thiếu trường assignee (người được giao xử lý).")
    for user in selectors.committee_staff(concern.responsible):
        if user.pk == user_id:
            return user
    raise HttpError(
        400, f"Người được giao (assignee) phải là cán bộ của {concern.responsible.name}."
    )


@concerns_router.post(
    "/{concern_id}/actions",
    response={
        200: ConcernDetailOut,
        400: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
)
def act_on_concern(request, concern_id: int, payload: ConcernActionIn):
    """Xử lý một kiến nghị: `answer` (trả lời), `assign` (giao một cán bộ của cấp ủy),
    `escalate` (chuyển cấp trên, cần lý do), `close` (đóng, cần kết quả). Chỉ cấp ủy đang
    giữ kiến nghị xử lý: không thấy kiến nghị: 404; thấy mà không được xử lý: 403. Trả về
    kiến nghị và lịch sử xử lý. Kiến nghị vừa được người khác trả lời, đóng hoặc chuyển
    lên cấp trên (kể cả cùng lúc): 409, không thực hiện."""
    user = request.user
    concern = selectors.get_concern_for_user(user, concern_id)
    if not selectors.can_act(user, concern):
        raise HttpError(403, "Đồng chí không thuộc cấp ủy đang xử lý kiến nghị này.")
    if payload.action not in ACTIONS:
        raise HttpError(422, f"Thao tác không hợp lệ; dùng {_choices(ACTIONS)}.")
    # Service errors (no text, nowhere higher to go) answer 400; a concern answered,
    # closed or moved meanwhile is a conflict with its state: 409.
    try:
        if payload.action == "answer":
            services.concern_answer(actor=user, concern=concern, answer=payload.text)
        elif payload.action == "assign":
            assignee = _assignee(concern, payload.assignee)
            services.concern_assign(
                actor=user, concern=concern, assignee=assignee, note=payload.text
            )
        elif payload.action == "escalate":
            services.concern_escalate(actor=user, concern=concern, note=payload.text)
        else:
            services.concern_close(actor=user, concern=concern, note=payload.text)
    except services.ConcernMoved as error:
        raise HttpError(409, " ".join(error.messages)) from None
    actions = list(
        concern.actions.select_related("organization", "actor").order_by("created_at", "id")
    )
    route = {a.organization.path for a in actions}
    history = [
        {
            "kind": a.kind,
            "organization": a.organization,
            "actor": _person(a.actor),
            "note": a.note,
            "created_at": a.created_at,
        }
        for a in actions
    ]
    return {
        **_concern_out(
            concern,
            name_visible=selectors.member_name_visible(user, concern, route=route),
            today=timezone.localdate(),
        ),
        "history": history,
    }
