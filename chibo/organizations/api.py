from django.conf import settings
from ninja import Query, Router, Schema

from chibo.api.common import page_bounds
from chibo.organizations.selectors import counted, get_organization_for_user, tree_level

router = Router(tags=["organizations"])


class OrganizationOut(Schema):
    id: int
    name: str
    level: str
    kind: str
    parent: int | None
    is_cell: bool
    has_children: bool
    cell_count: int
    member_count: int
    dissolved_on: str | None


class OrganizationPage(Schema):
    count: int
    items: list[OrganizationOut]


class OrganizationFilters(Schema):
    parent: int | None = None
    include_dissolved: bool = False
    page: int = 1
    page_size: int = settings.PAGE_SIZE


@router.get("", response=OrganizationPage)
def list_organizations(request, filters: Query[OrganizationFilters]):
    """Một tầng của cây tổ chức trong phạm vi, theo thứ tự cây, kèm số chi bộ và số đảng
    viên của cả cây con ở mỗi nút và `has_children`.

    Không có `parent`: các tổ chức cao nhất mà người gọi được xem (`parent` là null);
    `parent` (id): các tổ chức trực thuộc tổ chức đó (ngoài phạm vi: 404)."""
    start, stop = page_bounds(filters.page, filters.page_size)
    parent = (
        get_organization_for_user(request.user, filters.parent)
        if filters.parent is not None
        else None
    )
    level = tree_level(
        request.user,
        parents=[parent] if parent else None,
        include_dissolved=filters.include_dissolved,
    )
    nodes = counted(
        request.user, list(level[start:stop]), include_dissolved=filters.include_dissolved
    )
    items = [
        {
            "id": node.organization.id,
            "name": node.organization.name,
            "level": node.organization.level.name,
            "kind": node.organization.kind,
            "parent": parent.id if parent else None,
            "is_cell": node.organization.is_cell,
            "has_children": node.has_children,
            "cell_count": node.cell_count,
            "member_count": node.member_count,
            "dissolved_on": node.organization.dissolved_on.isoformat()
            if node.organization.dissolved_on
            else None,
        }
        for node in nodes
    ]
    return {"count": level.count(), "items": items}
