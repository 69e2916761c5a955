"""Reads of the grading pages, scoped inside the query: a member reads their own
assessments; a cell's secretary and the committee staff above read (and write) the
assessments of the cells in their subtree; only a committee above a cell decides its
grades. Out of scope is 404."""

from django.db.models import Count, Q
from django.http import Http404

from chibo.core.scope import gate, user_scope, visible_in_tree, visible_organizations
from chibo.grading.models import Assessment, Stage
from chibo.organizations.models import Organization
from chibo.organizations.selectors import get_organization_for_user

ASSESSMENT_RELATED = ("member", "cell", "reviewed_by", "decided_by", "supersedes")


def visible_assessments(user, *, write: bool = False):
    """Assessments of the cells in the user's scope; for reading, also their own."""
    scope = user_scope(user)
    qs = visible_in_tree(Assessment.objects.all(), user, org_field="cell", write=write)
    if not write and scope.member_id and not scope.is_admin:
        qs = qs | Assessment.objects.filter(member_id=scope.member_id)
    return qs


def get_assessment_for_user(user, pk, *, write: bool = False) -> Assessment:
    return gate(visible_assessments(user, write=write).select_related(*ASSESSMENT_RELATED), pk)


def can_decide(user, cell) -> bool:
    """A committee above the cell (its staff) or a system admin; never the cell itself."""
    scope = user_scope(user)
    if scope.is_admin:
        return True
    parent = cell.parent_path
    return bool(parent) and scope.covers(parent, write=True)


def can_write(user, cell) -> bool:
    return user_scope(user).covers(cell.path, write=True)


def get_cell_for_user(user, pk, *, decide: bool = False):
    """A cell the user reviews (its secretary, the staff above) or, with `decide`, one a
    committee of theirs above it decides on. Anything else is 404."""
    cell = get_organization_for_user(user, pk, write=True)
    if not cell.is_cell or (decide and not can_decide(user, cell)):
        raise Http404("Không tìm thấy hoặc bạn không có quyền xem.")
    return cell


def live_member_assessment(member, year: int) -> Assessment | None:
    return (
        Assessment.objects.filter(year=year, member=member)
        .exclude(stage=Stage.SUPERSEDED)
        .select_related(*ASSESSMENT_RELATED)
        .first()
    )


def cell_assessments(cell, year: int) -> tuple[dict[int, Assessment], Assessment | None]:
    """The live assessments of a cell's year in one query: {member id: assessment} and the
    cell's own assessment."""
    members, own = {}, None
    for a in (
        Assessment.objects.filter(cell=cell, year=year)
        .exclude(stage=Stage.SUPERSEDED)
        .select_related("member", "reviewed_by", "decided_by")
    ):
        if a.is_cell:
            own = a
        else:
            members[a.member_id] = a
    return members, own


def cell_members(cell, assessments: dict[int, Assessment]) -> list:
    """The cell's members now, and those graded here this year who have since moved (one
    query), in the Vietnamese order of names."""
    current = list(cell.members.all())
    ids = {m.pk for m in current}
    moved = [a.member for a in assessments.values() if a.member_id not in ids]
    return sorted(current + moved, key=lambda m: (m.sort_key, m.pk))


def scope_roots(user) -> list:
    """The tops of the user's scope (one query): where the reports of a subtree start."""
    scope = user_scope(user)
    if scope.is_admin:
        qs = Organization.objects.filter(depth=1)
    else:
        qs = Organization.objects.filter(path__in=scope.read_paths)
    return list(qs.only("id", "name", "path", "depth", "is_cell").order_by("path"))


def overview_cells(user):
    """The cells the user reads, with their number of members (one query per page)."""
    return (
        visible_organizations(user)
        .filter(is_cell=True, dissolved_on__isnull=True)
        .annotate(member_count=Count("members", distinct=True))
        .only("id", "name", "path", "depth", "is_cell")
        .order_by("path")
    )


def _blank_counts() -> dict:
    return {
        "opened": 0,
        "self": 0,
        "reviewed": 0,
        "decided": 0,
        "proposed": {"HTXSNV": 0, "HTTNV": 0, "HTNV": 0, "KHTNV": 0},
        "grades": {"HTXSNV": 0, "HTTNV": 0, "HTNV": 0, "KHTNV": 0},
        "cell_stage": "",
        "cell_grade": "",
    }


def _add(counts: dict, stage, review_grade, decided_grade, members: int, cells: int) -> None:
    if cells:
        counts["cell_stage"] = stage
        counts["cell_grade"] = decided_grade or review_grade
    if not members:
        return
    counts["opened"] += members
    if stage in (Stage.SELF, Stage.REVIEWED, Stage.DECIDED):
        counts["self"] += members
    if stage in (Stage.REVIEWED, Stage.DECIDED):
        counts["reviewed"] += members
    if stage == Stage.REVIEWED and review_grade in counts["proposed"]:
        counts["proposed"][review_grade] += members  # proposals waiting for a decision
    if stage == Stage.DECIDED:
        counts["decided"] += members
        if decided_grade in counts["grades"]:
            counts["grades"][decided_grade] += members


def _grouped(qs, *by):
    return (
        qs.exclude(stage=Stage.SUPERSEDED)
        .values(*by, "stage", "review_grade", "decided_grade")
        .annotate(
            members=Count("id", filter=Q(member__isnull=False)),
            cells=Count("id", filter=Q(member__isnull=True)),
        )
    )


def overview_counts(cell_ids, year: int) -> dict[int, dict]:
    """{cell id: counts of the path and the grades} for these cells (one query)."""
    out = {pk: _blank_counts() for pk in cell_ids}
    rows = _grouped(Assessment.objects.filter(year=year, cell_id__in=list(cell_ids)), "cell_id")
    for row in rows.order_by():
        _add(
            out[row["cell_id"]],
            row["stage"],
            row["review_grade"],
            row["decided_grade"],
            row["members"],
            row["cells"],
        )
    return out


def overview_totals(user, year: int) -> dict:
    """The same counts over every cell the user reads (one query)."""
    totals = _blank_counts()
    qs = visible_in_tree(
        Assessment.objects.filter(year=year, cell__dissolved_on__isnull=True),
        user,
        org_field="cell",
    )
    for row in _grouped(qs).order_by():
        _add(
            totals,
            row["stage"],
            row["review_grade"],
            row["decided_grade"],
            row["members"],
            0,
        )
    return totals
