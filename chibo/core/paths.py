"""Arithmetic on the tree's materialized paths (django-treebeard MP_Node: each level adds
`STEP` characters, "0001" then "00010003"...), in one place instead of slices written by
hand in the views and selectors. It lives in core, the bottom layer, because core reads
paths too (the audit log, the scope); `Organization.steplen` is `STEP`."""

STEP = 4


def top_path(path: str) -> str:
    """The path of the top organization above (or at) `path`."""
    return path[:STEP]


def parent_path(path: str) -> str:
    """The path of the organization directly above `path` ("" for the top or no path)."""
    return path[:-STEP] if path else ""


def ancestor_paths(path: str, *, start: str = "", include_self: bool = False) -> list[str]:
    """The paths above `path`, from the top (or from `start`, itself included) down, and
    `path` itself when `include_self`."""
    return [path[:end] for end in range(max(len(start), STEP),
                                         len(path) + (1 if include_self else 0), STEP)]


def unit_path(path: str, root_path: str) -> str:
    """The path of the root's direct child that holds `path` (`path` itself when it is
    that child; the root's own path for the root)."""
    return path[: len(root_path) + STEP]
