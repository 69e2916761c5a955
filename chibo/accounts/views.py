from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from chibo.core.scope import user_scope, visible_organizations


@login_required
def home(request):
    """Send each user to where their work starts: the committee dashboard for committee
    staff (a scope on a committee, not on a cell), the tree for system admins and
    secretaries, their own record for a member."""
    scope = user_scope(request.user)
    if scope.is_admin:
        return redirect("organizations:tree")
    if scope.read_paths:
        on_committee = (
            visible_organizations(request.user)
            .filter(path__in=scope.granted_paths, is_cell=False)
            .exists()
        )
        return redirect("reports:dashboard" if on_committee else "organizations:tree")
    if scope.member_id:
        return redirect("members:detail", pk=scope.member_id)
    return redirect("members:list")
