from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from chibo.core.scope import user_scope


@login_required
def home(request):
    """Send each user to where their work starts: the tree for committee staff and
    secretaries, their own record for a member."""
    scope = user_scope(request.user)
    if scope.is_admin or scope.read_paths:
        return redirect("organizations:tree")
    if scope.member_id:
        return redirect("members:detail", pk=scope.member_id)
    return redirect("members:list")
