from ninja import Router, Schema

from chibo.accounts.models import Scope
from chibo.core.scope import user_scope

router = Router(tags=["accounts"])


class ScopeOut(Schema):
    organization: int
    organization_name: str
    role: str


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    is_admin: bool
    member: int | None
    scopes: list[ScopeOut]


@router.get("/me", response=MeOut)
def me(request):
    """Người dùng hiện tại và phạm vi được giao."""
    user = request.user
    scopes = [
        {
            "organization": s.organization_id,
            "organization_name": s.organization.name,
            "role": s.role,
        }
        for s in Scope.objects.filter(user=user).select_related("organization")
    ]
    return {
        "id": user.id,
        "username": user.username,
        "full_name": user.get_full_name(),
        "is_admin": user_scope(user).is_admin,
        "member": user_scope(user).member_id,
        "scopes": scopes,
    }
