from ninja import Router, Schema

from chibo.organizations.selectors import flatten, organization_tree

router = Router(tags=["organizations"])


class OrganizationOut(Schema):
    id: int
    name: str
    level: str
    kind: str
    parent: int | None
    is_cell: bool
    cell_count: int
    member_count: int
    dissolved_on: str | None


@router.get("", response=list[OrganizationOut])
def list_organizations(request, include_dissolved: bool = False):
    """Cây tổ chức trong phạm vi, kèm số chi bộ và số đảng viên ở mỗi nút.

    `parent` is null for the top of what the caller may see."""
    out = []
    for node in flatten(organization_tree(request.user, include_dissolved=include_dissolved)):
        org = node.organization
        out.append(
            {
                "id": org.id,
                "name": org.name,
                "level": org.level.name,
                "kind": org.kind,
                "parent": None,
                "is_cell": org.is_cell,
                "cell_count": node.cell_count,
                "member_count": node.member_count,
                "dissolved_on": org.dissolved_on.isoformat() if org.dissolved_on else None,
                "_children": node.children,
            }
        )
    by_id = {row["id"]: row for row in out}
    for row in out:
        for child in row.pop("_children"):
            by_id[child.id]["parent"] = row["id"]
    return out
