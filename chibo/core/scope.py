"""The security model: every user acts within subtrees of the organization tree.

Every read starts from one of the `visible_*` functions here, which put the scope inside
the query (a materialized-path prefix filter), never after it. The gates
`get_*_for_user` are the only way to fetch one object by id; out of scope is 404.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.db.models import Q
from django.http import Http404

from chibo.accounts.models import Role, Scope, User
from chibo.members.models import PartyMember
from chibo.organizations.models import Organization

ALL = None  # marker: no path restriction (system admin)


@dataclass(frozen=True)
class UserScope:
    read_paths: tuple[str, ...] | None  # None: everything
    write_paths: tuple[str, ...] | None
    member_id: int | None  # the user's own PartyMember, if any
    member_org_path: str | None
    # Every organization the user holds a scope on, nested ones included: a concern's
    # route is matched against these, not against the merged subtrees.
    granted_paths: tuple[str, ...] = ()
    # The subtrees where the user is committee staff (the audit log's reach).
    staff_paths: tuple[str, ...] = ()

    @property
    def is_admin(self) -> bool:
        return self.read_paths is None

    def path_q(self, field: str = "path", *, write: bool = False) -> Q:
        paths = self.write_paths if write else self.read_paths
        if paths is None:
            return Q()
        if not paths:
            return Q(pk__in=[])
        q = Q()
        for path in paths:
            q |= Q(**{f"{field}__startswith": path})
        return q

    def covers(self, path: str, *, write: bool = False) -> bool:
        paths = self.write_paths if write else self.read_paths
        return paths is None or any(path.startswith(p) for p in paths)

    # --- named roles: decide them here, not inline in views (issue 14) ---------------

    @property
    def reads_organizations(self) -> bool:
        """Reads some organization's records beyond their own (system admin, committee
        staff, a cell's secretary): lists, reviews, flags. A plain member does not."""
        return self.read_paths is None or bool(self.read_paths)

    @property
    def writes_organizations(self) -> bool:
        """Writes to some organization (system admin, committee staff, a secretary)."""
        return self.write_paths is None or bool(self.write_paths)

    @property
    def is_committee_staff(self) -> bool:
        """Committee staff somewhere, or the system admin."""
        return self.is_admin or bool(self.staff_paths)

    @property
    def is_member(self) -> bool:
        """Has their own party member record."""
        return bool(self.member_id)

    def is_committee_staff_of(self, path: str) -> bool:
        """Committee staff of this organization or of one above it (or the admin)."""
        return self.is_admin or any(path.startswith(p) for p in self.staff_paths)

    def is_above(self, path: str) -> bool:
        """Reads from a committee strictly above this organization (or is the admin)."""
        if self.is_admin:
            return True
        return any(path.startswith(p) and p != path for p in self.read_paths or ())

    def writes_parent_of(self, organization) -> bool:
        """Writes to the organization directly above this one (its committee; above the
        top, only the admin): who decides what a cell may not decide for itself."""
        parent = organization.parent_path
        return self.is_admin or bool(parent and self.covers(parent, write=True))

    def writes_exactly(self, path: str) -> bool:
        """Holds a write scope on exactly this organization (its secretary, or staff
        granted on it), not by being above it; the admin holds none."""
        return path in (self.write_paths or ())

    @property
    def own_cell_path(self) -> str | None:
        """The cell a secretary writes to when that is all they write to and it is their
        own cell: the page opens on it instead of the whole scope."""
        if self.member_org_path and self.write_paths == (self.member_org_path,):
            return self.member_org_path
        return None


def _minimal(paths: list[str]) -> tuple[str, ...]:
    """Drop paths inside other paths, so each subtree is filtered once."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return tuple(kept)


def user_scope(user) -> UserScope:
    """The user's scope, computed once per request (one query) and kept on the user."""
    cached = getattr(user, "_chibo_scope", None)
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        scope = UserScope((), (), None, None)
    elif user.is_superuser:
        scope = UserScope(ALL, ALL, None, None)
    else:
        rows = list(Scope.objects.filter(user=user).values_list("organization__path", "role"))
        paths = [path for path, _ in rows]
        writable = [path for path, role in rows if role in (Role.COMMITTEE_STAFF, Role.SECRETARY)]
        own = PartyMember.objects.filter(user=user).values_list("id", "organization__path").first()
        scope = UserScope(
            _minimal(paths),
            _minimal(writable),
            own[0] if own else None,
            own[1] if own else None,
            tuple(sorted(set(paths))),
            _minimal([path for path, role in rows if role == Role.COMMITTEE_STAFF]),
        )
    user._chibo_scope = scope
    return scope


NOT_ALLOWED = "Bạn không có quyền xem trang này."


def require(allowed: bool, message: str = NOT_ALLOWED) -> None:
    """A view's role check as its first line: 404 (never 403: the page does not exist
    for them) unless `allowed`."""
    if not allowed:
        raise Http404(message)


def scope_required(test: Callable[[UserScope], bool], message: str = NOT_ALLOWED):
    """Declare a view's role at its top: `@scope_required(lambda s: s.reads_organizations)`
    under `@login_required`; anyone else gets 404."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require(test(user_scope(request.user)), message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def role_holders(organization, role: str):
    """The active users holding `role` (Role.COMMITTEE_STAFF, Role.SECRETARY) on exactly
    this organization: whom to tell, whom a concern may be assigned to. Role lists are
    read here, not from Scope rows in the apps."""
    return User.objects.filter(
        is_active=True, scopes__organization=organization, scopes__role=role
    ).distinct()


def held_organizations(user, role: str):
    """The organizations on which the user holds `role` (exactly those, not the ones under
    them): a staff member's committees, a secretary's cells."""
    return Organization.objects.filter(scopes__user=user, scopes__role=role).distinct()


def forget_scope(user) -> None:
    if hasattr(user, "_chibo_scope"):
        del user._chibo_scope


def visible_organizations(user, *, write: bool = False):
    scope = user_scope(user)
    q = scope.path_q("path", write=write)
    if not write and scope.member_org_path and not scope.covers(scope.member_org_path):
        # A plain member sees their own cell (its name, not its members).
        q |= Q(path=scope.member_org_path)
    return Organization.objects.filter(q)


def visible_members(user, *, write: bool = False):
    scope = user_scope(user)
    q = scope.path_q("organization__path", write=write)
    if not write and scope.member_id:
        q |= Q(pk=scope.member_id)
    return PartyMember.objects.filter(q)


def gate(queryset, pk):
    """Fetch one object from an already-scoped queryset, or 404."""
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Không tìm thấy hoặc bạn không có quyền xem.") from None


def visible_in_tree(
    queryset, user, *, org_field: str = "organization", write: bool = False, own_cell: bool = False
):
    """Any model hanging off an organization, scoped like the organization itself.

    `own_cell`: a plain member may also read the rows of their own cell (its meetings,
    say), never write them."""
    scope = user_scope(user)
    q = scope.path_q(f"{org_field}__path", write=write)
    if own_cell and not write and scope.member_org_path:
        q |= Q(**{f"{org_field}__path": scope.member_org_path})
    return queryset.filter(q)
