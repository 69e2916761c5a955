"""The one rule for a cell-month's figures, from the raw rows: the rollup rows are
written with it (maintain.refresh, maintain.rebuild) and the tests compare them with it,
so a rollup equals the raw computation by construction.

A cell-month is the cell meetings (regular and thematic) of one cell whose plan month
(`Meeting.period`) is that month; planned and cancelled meetings add nothing but the
thematic ones planned, and the figures are those the reports sum (docs/metrics.md)."""

from django.db.models import Count, Q, QuerySet, Sum

from chibo.meetings.models import Guest, Meeting, MeetingStatus
from chibo.supervision.models import VisitReport

CELL_MEETINGS = ("regular", "thematic")
TOOK_PLACE = (MeetingStatus.HELD, MeetingStatus.ADOPTED)
FIELDS = ("regular", "thematic", "thematic_planned", "visited", "held", "adopted",
          "expected", "present", "away", "scored", "score_sum")


def cell_meetings(**filters) -> QuerySet:
    return Meeting.objects.filter(kind__in=CELL_MEETINGS, **filters).order_by()


def _expressions() -> dict:
    took_place = Q(status__in=TOOK_PLACE)
    adopted = Q(status=MeetingStatus.ADOPTED)
    scored = adopted & ~Q(quality_band="")
    # A higher-level official attended: a visit report marked attended, or a higher
    # official among the guests of a meeting that took place (supervision's coverage rule).
    attended = Q(id__in=VisitReport.objects.filter(attended=True).values("meeting_id")) | (
        took_place & Q(id__in=Guest.objects.filter(is_higher_official=True).values("meeting_id"))
    )
    return {
        "regular": Count("id", filter=took_place & Q(kind="regular")),
        "thematic": Count("id", filter=took_place & Q(kind="thematic")),
        "thematic_planned": Count("id", filter=Q(kind="thematic", status=MeetingStatus.PLANNED)),
        "visited": Count("id", filter=attended),
        "held": Count("id", filter=took_place),
        "adopted": Count("id", filter=adopted),
        "expected": Sum("roll_expected", filter=took_place),
        "present": Sum("roll_present", filter=took_place),
        "away": Sum("roll_away", filter=took_place),
        "scored": Count("quality_total", filter=scored),
        "score_sum": Sum("quality_total", filter=scored),
    }


def cell_month_figures(meetings: QuerySet) -> tuple[dict, dict]:
    """({(cell id, month): {field: value}}, {(cell id, month): {band: adopted meetings}})
    of `meetings` (a `cell_meetings()` queryset, filtered as the caller needs). Two
    queries."""
    figures = {
        (org_id, month): {name: value or 0 for name, value in zip(FIELDS, values, strict=True)}
        for org_id, month, *values in meetings.values_list("organization_id", "period")
        .annotate(**_expressions())
    }
    bands: dict = {}
    rows = (meetings.filter(status=MeetingStatus.ADOPTED).exclude(quality_band="")
            .values_list("organization_id", "period", "quality_band").annotate(n=Count("id")))
    for org_id, month, band, n in rows:
        bands.setdefault((org_id, month), {})[band] = n
    return figures, bands
