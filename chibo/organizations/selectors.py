from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from chibo.core.paths import ancestor_paths, parent_path
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
    children: list["TreeNode"] = field(default_factory=list)

    @property
    def id(self):
        return self.organization.id


def organization_tree(user, *, include_dissolved: bool = False) -> list[TreeNode]:
    """The visible tree with the number of cells and members at every node.

    Two queries: the visible nodes, and member counts grouped by cell. Counts roll up
    along path prefixes in Python (a few hundred nodes per city).
    """
    nodes_qs = visible_organizations(user).select_related("level").order_by("path")
    if not include_dissolved:
        nodes_qs = nodes_qs.filter(dissolved_on__isnull=True)
    nodes = list(nodes_qs)
    per_org = dict(
        visible_members(user).values_list("organization_id").annotate(n=Count("id")).order_by()
    )
    members_by_path: Counter[str] = Counter()
    cells_by_path: Counter[str] = Counter()
    for org in nodes:
        for prefix in ancestor_paths(org.path, include_self=True):
            members_by_path[prefix] += per_org.get(org.id, 0)
            if org.is_cell and org.is_active:
                cells_by_path[prefix] += 1
    by_path: dict[str, TreeNode] = {}
    roots: list[TreeNode] = []
    for org in nodes:
        node = TreeNode(org, cells_by_path[org.path], members_by_path[org.path])
        by_path[org.path] = node
        parent = by_path.get(parent_path(org.path))
        (parent.children if parent else roots).append(node)
    return roots


def flatten(tree: list[TreeNode]) -> list[TreeNode]:
    out: list[TreeNode] = []
    stack = list(reversed(tree))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.children))
    return out


def names_by_path(paths) -> dict[str, str]:
    """Names of the organizations at these paths (one query), e.g. the ward above each
    cell in a list, where cell names like "Chi bộ khu phố 3" repeat across wards."""
    wanted = {path for path in paths if path}
    if not wanted:
        return {}
    return dict(Organization.objects.filter(path__in=wanted).values_list("path", "name"))
