from datetime import date

from django.conf import settings
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from chibo.api.common import OrgRef, page_bounds
from chibo.members.models import MemberStatus
from chibo.members.selectors import get_member_for_user, member_list

router = Router(tags=["members"])


class MemberOut(Schema):
    id: int
    full_name: str
    gender: str
    date_of_birth: date
    card_number: str
    status: str
    position: str
    organization: OrgRef


class MemberStateOut(Schema):
    """A period in which the member does not count: transferred (sinh hoạt tạm thời nơi
    khác), suspended (đình chỉ sinh hoạt) or detained (bị tạm giam)."""

    kind: str
    started_on: date
    ended_on: date | None
    place: str
    note: str


class MemberDetailOut(MemberOut):
    admitted_on: date
    full_member_on: date | None
    exempt_reason: str
    exempt_from: date | None
    exempt_to: date | None
    phone: str
    email: str
    residence_organization: OrgRef | None
    skills: str
    notes: str
    states: list[MemberStateOut]

    @staticmethod
    def resolve_states(obj) -> list:
        return list(obj.states.all())


class MemberPage(Schema):
    count: int
    items: list[MemberOut]


class MemberFilters(Schema):
    q: str = ""
    organization: int | None = None
    status: str = ""
    position: str = ""
    page: int = 1
    page_size: int = settings.PAGE_SIZE


@router.get("", response=MemberPage)
def list_members(request, filters: Query[MemberFilters]):
    """Danh sách đảng viên trong phạm vi, theo thứ tự tên tiếng Việt.

    Lọc: `q` (không phân biệt dấu), `organization` (cả cây con), `status`."""
    if filters.status and filters.status not in MemberStatus.values:
        raise HttpError(422, "Trạng thái không hợp lệ; dùng full, probationary hoặc exempt.")
    start, stop = page_bounds(filters.page, filters.page_size)
    qs = member_list(
        request.user, q=filters.q, organization_id=filters.organization,
        status=filters.status, position=filters.position,
    )
    return {"count": qs.count(), "items": list(qs[start:stop])}


@router.get("/{member_id}", response=MemberDetailOut)
def get_member(request, member_id: int):
    """Một đảng viên; ngoài phạm vi thì trả về 404."""
    return get_member_for_user(request.user, member_id)
