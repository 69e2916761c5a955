from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from chibo.core.concurrency import lock
from chibo.core.services import ServiceError, validate, with_actor
from chibo.core.vi import nfc
from chibo.members.models import PartyMember
from chibo.organizations.models import Level, Organization, PartyGroup


def _check_parent_allows_child(parent: Organization | None, is_cell: bool) -> None:
    if parent is None:
        return
    if parent.is_cell:
        raise ServiceError("Không thể đặt một tổ chức bên trong một chi bộ; hãy dùng tổ đảng.")
    if not parent.is_active:
        raise ServiceError("Tổ chức cấp trên đã giải thể.")


@transaction.atomic
def organization_create(
    *,
    actor,
    parent: Organization | None,
    name: str,
    level: Level,
    kind: str = "",
    is_cell: bool | None = None,
    code: str = "",
    address: str = "",
) -> Organization:
    is_cell = level.is_cell_level if is_cell is None else is_cell
    _check_parent_allows_child(parent, is_cell)
    node = Organization(
        name=nfc(name),
        level=level,
        kind=kind,
        is_cell=is_cell,
        code=nfc(code),
        address=nfc(address),
    )
    validate(node, exclude=["path", "depth", "numchild"])
    with_actor(node, actor)
    if parent is None:
        return Organization.objects.add_root(instance=node)
    lock(parent)  # its numchild and its last child's path, as committed now
    _check_parent_allows_child(parent, is_cell)
    return Organization.objects.add_child(parent, instance=node)


@transaction.atomic
def organization_update(
    *,
    actor,
    organization: Organization,
    name: str,
    kind: str,
    code: str = "",
    address: str = "",
) -> Organization:
    organization.name = nfc(name)
    organization.kind = kind
    organization.code = nfc(code)
    organization.address = nfc(address)
    validate(organization)
    with_actor(organization, actor).save()
    return organization


@transaction.atomic
def organization_move(*, actor, organization: Organization, new_parent: Organization):
    # treebeard computes the new paths from the instances: lock and reload the unit
    # first (two moves of it queue there), then its parent and the new one in id order
    # (both have their numchild rewritten), so a move made meanwhile is seen instead of
    # corrupting the tree.
    lock(organization)
    parents = {new_parent.pk: new_parent}
    old_parent = Organization.objects.get_parent(organization)
    if old_parent is not None:
        parents.setdefault(old_parent.pk, old_parent)
    for pk in sorted(parents):
        lock(parents[pk])
    if new_parent.path.startswith(organization.path):
        raise ServiceError(
            "Không thể chuyển một tổ chức vào chính nó hoặc tổ chức cấp dưới của nó."
        )
    _check_parent_allows_child(new_parent, organization.is_cell)
    Organization.objects.move(organization, new_parent, pos="last-child")
    organization.refresh_from_db()
    # treebeard rewrites paths with a bulk update; record the move in history ourselves.
    with_actor(organization, actor).save()
    return organization


@transaction.atomic
def organization_dissolve(
    *, actor, organization: Organization, on: date, reason: str
) -> Organization:
    # The subtree's rows first: a member added to one of its cells meanwhile (which takes
    # the cell's lock, members.services.lock_cells) is counted, or waits and is refused.
    list(
        Organization.objects.select_for_update()
        .filter(path__startswith=organization.path)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    organization.refresh_from_db()
    if not organization.is_active:
        raise ServiceError("Tổ chức này đã giải thể.")
    if not nfc(reason):
        raise ServiceError({"reason": "Cần ghi lý do giải thể."})
    subtree = Organization.objects.filter(path__startswith=organization.path)
    remaining = PartyMember.objects.filter(organization__in=subtree).count()
    if remaining:
        raise ServiceError(
            f"Còn {remaining} đảng viên sinh hoạt trong tổ chức này; "
            "hãy chuyển sinh hoạt cho họ trước khi giải thể."
        )
    for node in subtree.filter(Q(dissolved_on__isnull=True)):
        node.dissolved_on = on
        node.dissolved_reason = nfc(reason)
        with_actor(node, actor).save()
    organization.refresh_from_db()
    return organization


@transaction.atomic
def party_group_create(*, actor, cell: Organization, name: str) -> PartyGroup:
    lock(cell)  # two groups of one name added at once: the second is refused, not a 500
    if not cell.is_cell or not cell.is_active:
        raise ServiceError("Tổ đảng chỉ lập trong một chi bộ đang hoạt động.")
    group = PartyGroup(cell=cell, name=nfc(name))
    try:
        validate(group)
    except ValidationError as error:
        if "__all__" in getattr(error, "message_dict", {}):
            raise ServiceError({"name": "Chi bộ đã có tổ đảng với tên này."}) from None
        raise
    with_actor(group, actor).save()
    return group
