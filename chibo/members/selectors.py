from django.db.models import Q

from chibo.core.scope import gate, visible_members, visible_organizations
from chibo.core.vi import fold
from chibo.members.models import MemberStatus, PartyMember


def get_member_for_user(user, pk, *, write: bool = False) -> PartyMember:
    qs = visible_members(user, write=write).select_related(
        "organization", "organization__level", "residence_organization", "party_group"
    )
    return gate(qs, pk)


def member_list(
    user,
    *,
    q: str = "",
    organization_id=None,
    status: str = "",
    position: str = "",
):
    """Members the user may see, filtered, in Vietnamese name order.

    `organization_id` limits to a subtree; an id outside the user's scope gives nothing
    rather than an error, because filters come from URLs people share.
    """
    qs = visible_members(user).select_related("organization")
    if organization_id:
        root = visible_organizations(user).filter(pk=organization_id).values("path").first()
        if root is None:
            return qs.none()
        qs = qs.filter(organization__path__startswith=root["path"])
    for word in fold(q).split():
        qs = qs.filter(Q(search_text__contains=word) | Q(phone__contains=word))
    if status:
        qs = qs.filter(status=status)
    else:
        # Struck from the list: out of the list and its count, found with the status
        # filter «Đã xóa tên» (their record and history stay).
        qs = qs.exclude(status=MemberStatus.REMOVED)
    if position == "any":
        qs = qs.exclude(position="")
    elif position:
        qs = qs.filter(position=position)
    return qs.order_by("sort_key", "id")
