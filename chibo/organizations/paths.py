"""Arithmetic on the tree's materialized paths (django-treebeard MP_Node: each level adds
`Organization.steplen` characters, "0001" then "00010003"...), in one place instead of
slices written by hand in the views and selectors."""

from chibo.organizations.models import Organization

STEP = Organization.steplen


def top_path(path: str) -> str:
    """The path of the top organization above (or at) `path`."""
    return path[:STEP]


def ancestor_paths(path: str, *, start: str = "", include_self: bool = False) -> list[str]:
    """The paths above `path`, from the top (or from `start`, itself included) down, and
    `path` itself when `include_self`."""
    return [path[:end] for end in range(max(len(start), STEP),
                                         len(path) + (1 if include_self else 0), STEP)]


def unit_path(path: str, root_path: str) -> str:
    """The path of the root's direct child that holds `path` (`path` itself when it is
    that child; the root's own path for the root)."""
    return path[: len(root_path) + STEP]
