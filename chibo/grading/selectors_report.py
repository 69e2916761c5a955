"""Reads of the grading reports (the Excel summary, the distribution page, the API): the
report root a user may open, the members and cells under it with their assessment of the
year, the evidence as compact figures, and the distribution of grades per unit compared
with the year before.

Scope: a report covers the subtrees the user reads as committee staff or secretary
(`UserScope.read_paths`); a plain member's own cell is not a report root (404), since a
report lists other members' grades."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, Value, When
from django.http import Http404

from chibo.core.paths import unit_path
from chibo.core.scope import user_scope, visible_members, visible_organizations
from chibo.grading.models import Assessment, Stage
from chibo.grading.rules import GRADES
from chibo.organizations.models import Organization

NOT_FOUND = "Không tìm thấy hoặc bạn không có quyền xem."
MIN_YEAR, MAX_YEAR = 1930, 2100
RESIDENCE_WORDS = {
    "written": "Có",
    "missing": "Chưa",
    "exempt": "Miễn",
    "not_required": "Không thuộc diện",
}


def check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404(NOT_FOUND)
    return year


def grade_in_force():
    """The grade in force as an SQL expression: decided, else proposed, else self-assessed
    (as `Assessment.grade`)."""
    return Case(
        When(~Q(decided_grade=""), then="decided_grade"),
        When(~Q(review_grade=""), then="review_grade"),
        default="self_grade",
        output_field=CharField(),
    )


def live_assessments(year: int):
    return Assessment.objects.filter(year=year).exclude(stage=Stage.SUPERSEDED)


def with_grade(qs, year: int, grade: str, *, cells: bool = False):
    """Members (or cells) whose live assessment of the year has `grade` in force; `none`:
    those without a grade yet (no assessment, or not self-assessed)."""
    field_name = "cell" if cells else "member"
    graded = (
        live_assessments(year)
        .filter(**{field_name: OuterRef("pk")})
        .annotate(in_force=grade_in_force())
        .exclude(in_force="")
    )
    if cells:
        graded = graded.filter(member__isnull=True)
    if grade == "none":
        return qs.exclude(Exists(graded))
    return qs.filter(Exists(graded.filter(in_force=grade)))


def report_members(user, root: Organization):
    """The members the user sees under `root`, by cell, then in Vietnamese name order."""
    return (
        visible_members(user)
        .filter(organization__path__startswith=root.path)
        .select_related("organization")
        .order_by("organization__path", "sort_key", "id")
    )


def report_cells(user, root: Organization):
    return (
        visible_organizations(user)
        .filter(path__startswith=root.path, is_cell=True)
        .order_by("path")
    )


def member_assessments(member_ids, year: int) -> dict[int, Assessment]:
    """{member id: live assessment of the year} (one query)."""
    qs = live_assessments(year).filter(member_id__in=list(member_ids)).select_related("cell")
    return {a.member_id: a for a in qs}


def cell_assessments(cell_ids, year: int) -> dict[int, Assessment]:
    """{cell id: the cell's own live assessment of the year} (one query)."""
    return {
        a.cell_id: a
        for a in live_assessments(year).filter(cell_id__in=list(cell_ids), member__isnull=True)
    }


# Evidence as figures -----------------------------------------------------------------


def residence_state(residence: dict) -> str:
    """written, exempt, missing (a comment is due) or not_required."""
    if residence.get("written"):
        return "written"
    if residence.get("exempt_reason"):
        return "exempt"
    if residence.get("required"):
        return "missing"
    return "not_required"


def member_figures(ev: dict) -> dict:
    """A member's evidence (chibo.grading.evidence.members_evidence) as flat numbers."""
    m, t, c = ev["meetings"], ev["tasks"], ev["commitments"]
    disciplines = ev.get("discipline") or []
    return {
        "present": m["present"],
        "excused": m["excused"],
        "unexcused": m["unexcused"],
        "unexcused_months": m["unexcused_months"],
        "absence_flag": bool(ev["absence_flag"]),
        "tasks_assigned": t["assigned"],
        "tasks_on_time": t["on_time"],
        "tasks_late": t["late"],
        "tasks_open": t["open"],
        "commitment_registered": c["registered"],
        "commitment_approved": c["approved"],
        "commitment_items": c["items"],
        "commitment_met": c["met"],
        "residence": residence_state(ev["residence"]),
        "disciplines": len(disciplines),
        "discipline_text": "; ".join(f"{d['form']} ({d['on']})" for d in disciplines),
    }


def cell_figures(ev: dict) -> dict:
    """A cell's evidence (chibo.grading.evidence.cells_evidence) as flat numbers."""
    c = ev["commitments"]
    return {
        "regular_months": ev["regular_months"],
        "thematic_quarters": ev["thematic_quarters"],
        "committee_meetings": ev["committee_meetings"],
        "bands": dict(ev["bands"]),
        "tasks_assigned": ev["tasks"]["assigned"],
        "tasks_reviewed": ev["tasks"]["reviewed"],
        "tasks_done": ev["tasks"]["done"],
        "concerns_raised": ev["concerns"]["raised"],
        "concerns_answered": ev["concerns"]["answered"],
        "commitment_registered": c["registered"],
        "commitment_approved": c["approved"],
        "commitment_items": c["items"],
        "commitment_met": c["met"],
    }


# Distribution of grades ----------------------------------------------------------------


@dataclass
class Tally:
    """Counts of one unit, one year: per grade (decided, else proposed) and those with an
    assessment but no proposal yet."""

    grades: Counter = field(default_factory=Counter)
    pending: int = 0

    @property
    def graded(self) -> int:
        return sum(self.grades[g] for g in GRADES)

    def percent(self, grade: str) -> float | None:
        """Share of `grade` among those graded, 0..100 with one decimal; None if none."""
        if not self.graded:
            return None
        return round(100 * self.grades[grade] / self.graded, 1)

    def rows(self) -> list[dict]:
        return [{"grade": g, "count": self.grades[g], "percent": self.percent(g)} for g in GRADES]


@dataclass
class UnitDistribution:
    unit: Organization | None  # None: the total
    members: dict[int, Tally]  # {year: tally}
    cells: dict[int, Tally]


@dataclass
class Distribution:
    root: Organization
    year: int
    units: list[UnitDistribution]
    total: UnitDistribution

    @property
    def years(self) -> tuple[int, int]:
        return self.year, self.year - 1


def grade_distribution(user, root: Organization, year: int) -> Distribution:
    """Per unit (each child of `root`; `root` itself when it is a cell), the grades of its
    members and of its cells for `year` and `year - 1`: decided, else proposed. Two
    queries: the units, the assessments (grouped)."""
    scope = user_scope(user)
    if root.is_cell:
        units = [root]
    else:
        units = list(
            Organization.objects.filter(path__startswith=root.path, depth=root.depth + 1).order_by(
                "path"
            )
        )
    years = (year, year - 1)
    by_prefix = {
        u.path: UnitDistribution(u, {y: Tally() for y in years}, {y: Tally() for y in years})
        for u in units
    }
    total = UnitDistribution(None, {y: Tally() for y in years}, {y: Tally() for y in years})
    rows = (
        Assessment.objects.filter(year__in=years, cell__path__startswith=root.path)
        .filter(scope.path_q("cell__path"))
        .exclude(stage=Stage.SUPERSEDED)
        .annotate(
            kind=Case(
                When(member__isnull=True, then=Value("cell")),
                default=Value("member"),
                output_field=CharField(),
            )
        )
        .values_list("year", "cell__path", "kind", "decided_grade", "review_grade")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row_year, path, kind, decided, proposed, n in rows:
        unit = by_prefix.get(unit_path(path, root.path))
        grade = decided or proposed
        for target in (unit, total):
            if target is None:
                continue
            tally = (target.cells if kind == "cell" else target.members)[row_year]
            if grade:
                tally.grades[grade] += n
            else:
                tally.pending += n
    return Distribution(root=root, year=year, units=list(by_prefix.values()), total=total)
