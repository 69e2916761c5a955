"""The one gate of every report (the committee's dashboard and periodic report, its
API summary, the grading reports): the root organization a user may report on, fetched
with the user's read scope inside the query, 404 otherwise. A plain member has no
report, not even on their own cell, since a report lists other members' figures."""

from django.http import Http404

from chibo.core.scope import gate, user_scope
from chibo.organizations.models import Organization


def has_report(user) -> bool:
    """Anyone with a read scope has a report (a secretary their cell's); a plain member
    has none."""
    scope = user_scope(user)
    return scope.read_paths is None or bool(scope.read_paths)


def report_root(user, organization_id=None) -> Organization:
    """The organization at or under the user's read scope with this id, or 404. Without
    an id, the top of the user's scope. One query."""
    if not has_report(user):
        raise Http404
    scope = user_scope(user)
    roots = Organization.objects.filter(scope.path_q("path"))
    if organization_id not in (None, ""):
        return gate(roots, organization_id)
    if scope.read_paths is not None:
        roots = roots.filter(path__in=scope.read_paths)
    root = roots.order_by("depth", "path").first()
    if root is None:
        raise Http404
    return root
