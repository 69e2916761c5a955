from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import Substr

from chibo.core.paths import STEP, parent_path
from chibo.core.scope import gate, user_scope, visible_members, visible_organizations
from chibo.organizations.models import Organization


def get_organization_for_user(user, pk, *, write: bool = False) -> Organization:
    return gate(visible_organizations(user, write=write).select_related("level"), pk)


def get_cell_for_user(user, pk, *, write: bool = False) -> Organization:
    """A cell within the user's read (write) scope, or 404; the scope is in the query.
    Not a plain member's own cell: its members' records are for its chi ủy."""
    cells = Organization.objects.filter(user_scope(user).path_q("path", write=write), is_cell=True)
    return gate(cells.select_related("level"), pk)


@dataclass
class TreeNode:
    organization: Organization
    cell_count: int = 0
    member_count: int = 0
    has_children: bool = False
    # Filled only for the level shown below a node; deeper levels open on demand.
    children: list["TreeNode"] = field(default_factory=list)

    @property
    def id(self):
        return self.organization.id


def _tree_organizations(user, *, include_dissolved: bool):
    nodes = visible_organizations(user).select_related("level").order_by("path")
    return nodes if include_dissolved else nodes.filter(dissolved_on__isnull=True)


def tree_level(user, *, parents=None, include_dissolved: bool = False):
    """One level of the visible tree, in tree order (a queryset, to count and cut into
    pages): the top of what the user may see (the organizations of their scopes, all
    roots for the admin, a plain member's own cell) when `parents` is None, else the
    children of `parents` (organizations already gated)."""
    nodes = _tree_organizations(user, include_dissolved=include_dissolved)
    if parents is None:
        scope = user_scope(user)
        if scope.is_admin:
            return nodes.filter(depth=1)
        # The scope's paths are minimal (none inside another), so each is a top.
        top = Q(path__in=scope.read_paths or ())
        if scope.member_org_path and not scope.covers(scope.member_org_path):
            top |= Q(path=scope.member_org_path)
        return nodes.filter(top)
    below = Q(pk__in=[])
    for parent in parents:
        below |= Q(path__startswith=parent.path, depth=parent.depth + 1)
    return nodes.filter(below)


def tree_roots(user, *, include_dissolved: bool = False) -> list[TreeNode]:
    """The top of what the user may see, counted, not opened (three queries)."""
    top = list(tree_level(user, include_dissolved=include_dissolved))
    return counted(user, top, include_dissolved=include_dissolved)


def tree_children(user, parents, *, include_dissolved: bool = False) -> list[TreeNode]:
    """The visible children of the nodes `parents`, counted, each parent's `children`
    filled in place; returns them all. Three queries whatever the number of parents
    (two more per other depth among them)."""
    parents = list(parents)
    if not parents:
        return []
    level = tree_level(
        user, parents=[p.organization for p in parents], include_dissolved=include_dissolved
    )
    nodes = counted(user, list(level), include_dissolved=include_dissolved)
    by_path = {parent.organization.path: parent for parent in parents}
    for node in nodes:
        by_path[parent_path(node.organization.path)].children.append(node)
    return nodes


def counted(user, orgs, *, include_dissolved: bool = False) -> list[TreeNode]:
    """`orgs` as tree nodes with the active cells and the members of each one's subtree
    within the user's scope, and whether it has (visible) children. Two grouped queries
    per depth among `orgs`, over their subtrees only (prefix filters on the path index)."""
    nodes = [TreeNode(org) for org in orgs]
    by_length: dict[int, dict[str, TreeNode]] = {}
    for node in nodes:
        by_length.setdefault(len(node.organization.path), {})[node.organization.path] = node
    for length, by_path in by_length.items():
        inside, members_inside = Q(pk__in=[]), Q(pk__in=[])
        for path in by_path:
            inside |= Q(path__startswith=path)
            members_inside |= Q(organization__path__startswith=path)
        subtree = _tree_organizations(user, include_dissolved=include_dissolved).filter(inside)
        rows = (
            subtree.order_by()
            .annotate(node=Substr("path", 1, length))
            .values("node")
            .annotate(
                cells=Count("id", filter=Q(is_cell=True, dissolved_on__isnull=True)),
                below=Count("id", filter=Q(depth__gt=length // STEP)),
            )
        )
        for row in rows:
            node = by_path[row["node"]]
            node.cell_count, node.has_children = row["cells"], row["below"] > 0
        members = visible_members(user).filter(members_inside)
        if not include_dissolved:
            members = members.filter(organization__dissolved_on__isnull=True)
        per_node = (
            members.order_by()
            .annotate(node=Substr("organization__path", 1, length))
            .values_list("node")
            .annotate(n=Count("id"))
        )
        for path, n in per_node:
            by_path[path].member_count = n
    return nodes


def names_by_path(paths) -> dict[str, str]:
    """Names of the organizations at these paths (one query), e.g. the ward above each
    cell in a list, where cell names like "Chi bộ khu phố 3" repeat across wards."""
    wanted = {path for path in paths if path}
    if not wanted:
        return {}
    return dict(Organization.objects.filter(path__in=wanted).values_list("path", "name"))
