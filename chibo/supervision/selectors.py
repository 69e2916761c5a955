import datetime as dt
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from chibo.core.scope import gate, user_scope, visible_organizations
from chibo.meetings.models import Guest, Meeting, MeetingStatus
from chibo.organizations.models import Organization
from chibo.supervision.models import (
    Assignment,
    AssignmentKind,
    Concern,
    ConcernAction,
    ConcernStatus,
    VisitReport,
)

OPEN = [ConcernStatus.OPEN, ConcernStatus.ASSIGNED]


# --- concerns: visible along their route -------------------------------------------------


def visible_concerns(user):
    """Concerns the user may read: the raising cell, the committees on the route (those
    that have held it), and the person who raised it. Higher committees that the concern
    never reached do not see its content (they see counts in the figures)."""
    scope = user_scope(user)
    qs = Concern.objects.all()
    if scope.is_admin:
        return qs
    paths = list(scope.read_paths or ())
    on_route = ConcernAction.objects.filter(concern=OuterRef("pk"), organization__path__in=paths)
    return qs.filter(Q(cell__path__in=paths) | Exists(on_route) | Q(raised_by=user))


def route_paths(concern: Concern) -> set[str]:
    return set(concern.actions.values_list("organization__path", flat=True))


def can_act(user, concern: Concern) -> bool:
    """Only the committee holding the concern now (or above it, on the route) acts."""
    scope = user_scope(user)
    return scope.covers(concern.responsible.path, write=True) and (
        scope.is_admin or any(p in route_paths(concern) for p in scope.write_paths or ())
    )


def member_name_visible(user, concern: Concern, route: set[str] | None = None) -> bool:
    """A hidden member's name reaches only the committees on the route, never the cell
    or anyone below them."""
    if concern.member_id is None or not concern.member_hidden:
        return True
    scope = user_scope(user)
    if scope.is_admin:
        return True
    route = route if route is not None else route_paths(concern)
    return any(path in route for path in scope.read_paths or ())


def get_concern_for_user(user, pk) -> Concern:
    return gate(
        visible_concerns(user).select_related(
            "cell", "responsible", "member", "assignee", "raised_by", "meeting"
        ),
        pk,
    )


def concern_list(
    user,
    *,
    status: str = "",
    category: str = "",
    organization_id=None,
    overdue: bool | None = None,
    today: dt.date | None = None,
):
    today = today or timezone.localdate()
    qs = visible_concerns(user).select_related("cell", "responsible", "member")
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if organization_id:
        root = Organization.objects.filter(pk=organization_id).values("path").first()
        if root is None:
            return qs.none()
        qs = qs.filter(cell__path__startswith=root["path"])
    if overdue is True:
        qs = qs.filter(status__in=OPEN, deadline__lt=today)
    elif overdue is False:
        qs = qs.exclude(status__in=OPEN, deadline__lt=today)
    return qs.order_by("-raised_on", "-id")


def answers_to_report(cell, *, before: dt.datetime | None = None):
    """Answers the cell has received and not yet told its members: the next meeting's
    agenda carries them."""
    qs = (
        Concern.objects.filter(
            cell=cell,
            status__in=[ConcernStatus.ANSWERED, ConcernStatus.CLOSED],
            reported_at__isnull=True,
        )
        .exclude(answer="")
        .select_related("responsible")
    )
    if before is not None:
        qs = qs.filter(answered_on__lte=timezone.localtime(before).date())
    return qs.order_by("answered_on", "id")


# --- assignments --------------------------------------------------------------------------


def visible_assignments(user):
    scope = user_scope(user)
    q = scope.path_q("cell__path") | Q(official=user)
    return Assignment.objects.filter(q)


def my_assignments(user, *, today: dt.date | None = None):
    """What the official has to do now: assignments not yet ended, with the upcoming
    meetings of the cells they follow."""
    today = today or timezone.localdate()
    return (
        Assignment.objects.filter(official=user, ends_on__gte=today)
        .select_related("cell", "committee", "meeting")
        .order_by("starts_on", "cell__name")
    )


def upcoming_meetings_for(user, *, today: dt.date | None = None, days: int = 45):
    """Meetings the official should attend: those assigned by name, and the regular and
    thematic meetings of the cells they follow, within the coming weeks."""
    today = today or timezone.localdate()
    until = today + dt.timedelta(days=days)
    follows = Assignment.objects.filter(
        official=user, kind=AssignmentKind.FOLLOW, starts_on__lte=until, ends_on__gte=today
    ).values("cell_id")
    named = Assignment.objects.filter(official=user, kind=AssignmentKind.ATTEND).values(
        "meeting_id"
    )
    reported = VisitReport.objects.filter(official=user, meeting=OuterRef("pk"))
    return (
        Meeting.objects.filter(
            Q(organization_id__in=follows, kind__in=["regular", "thematic"]) | Q(pk__in=named)
        )
        .filter(
            scheduled_at__date__gte=today - dt.timedelta(days=14), scheduled_at__date__lte=until
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .annotate(reported=Exists(reported))
        .select_related("organization")
        .order_by("scheduled_at")
    )


def coverage_gaps(committee: Organization, *, starts_on: dt.date, ends_on: dt.date):
    """Active cells under the committee that no one follows in the period."""
    covered = Assignment.objects.filter(
        cell=OuterRef("pk"),
        kind=AssignmentKind.FOLLOW,
        starts_on__lte=ends_on,
        ends_on__gte=starts_on,
    )
    return (
        Organization.objects.filter(
            path__startswith=committee.path, is_cell=True, dissolved_on__isnull=True
        )
        .exclude(Exists(covered))
        .order_by("path")
    )


def clashes(official, cells, *, starts_on: dt.date, ends_on: dt.date):
    """Meetings the official would have to attend at the same time: [(time, [meetings])]
    over the cells given and the cells they already follow or attend in the period."""
    already = Assignment.objects.filter(
        official=official, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).values_list("cell_id", flat=True)
    cell_ids = {c.pk for c in cells} | set(already)
    meetings = (
        Meeting.objects.filter(
            organization_id__in=cell_ids,
            kind__in=["regular", "thematic"],
            scheduled_at__date__gte=starts_on,
            scheduled_at__date__lte=ends_on,
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("organization")
        .order_by("scheduled_at")
    )
    by_time = defaultdict(list)
    for meeting in meetings:
        by_time[meeting.scheduled_at].append(meeting)
    return [
        (when, group)
        for when, group in sorted(by_time.items())
        if len({m.organization_id for m in group}) > 1
    ]


# --- figures ------------------------------------------------------------------------------


def _units(root: Organization, cells):
    """Each cell's unit under `root`: the child of `root` it belongs to (a ward for the
    city), or the cell itself when the root is a ward."""
    step = Organization.steplen
    return {c.pk: c.path[: len(root.path) + step] for c in cells}


def coverage(user, root: Organization, *, starts_on: dt.date, ends_on: dt.date) -> dict:
    """Share of active cells that a higher-level official attended in the period, overall,
    per unit (ward) and per official.

    A cell counts as attended when a meeting of it in the period has a visit report marked
    attended, or lists a higher-level official among its guests. Four queries."""
    cells = list(
        visible_organizations(user)
        .filter(path__startswith=root.path, is_cell=True, dissolved_on__isnull=True)
        .only("id", "path", "name")
    )
    cell_ids = [c.pk for c in cells]
    in_period = Q(
        meeting__scheduled_at__date__gte=starts_on, meeting__scheduled_at__date__lte=ends_on
    )
    visited = set(
        VisitReport.objects.filter(
            in_period, attended=True, meeting__organization_id__in=cell_ids
        ).values_list("meeting__organization_id", flat=True)
    ) | set(
        Guest.objects.filter(
            in_period, is_higher_official=True, meeting__organization_id__in=cell_ids
        )
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .values_list("meeting__organization_id", flat=True)
    )
    units = _units(root, cells)
    names = dict(
        Organization.objects.filter(path__in=set(units.values())).values_list("path", "name")
    )
    per_unit = defaultdict(lambda: [0, 0])
    for cell in cells:
        row = per_unit[units[cell.pk]]
        row[1] += 1
        row[0] += cell.pk in visited
    officials = (
        VisitReport.objects.filter(in_period, attended=True, meeting__organization_id__in=cell_ids)
        .values("official_id", "official__first_name", "official__last_name", "official__username")
        .annotate(visits=Count("id"), cells=Count("meeting__organization", distinct=True))
        .order_by("-cells", "official__username")
    )
    return {
        "cells": len(cells),
        "covered": len(visited),
        "share": round(100 * len(visited) / len(cells), 1) if cells else None,
        "units": sorted(
            (
                {
                    "name": names.get(path, ""),
                    "covered": c,
                    "cells": t,
                    "share": round(100 * c / t, 1),
                }
                for path, (c, t) in per_unit.items()
            ),
            key=lambda row: row["name"],
        ),
        "officials": [
            {
                "name": (
                    f"{o['official__first_name']} {o['official__last_name']}".strip()
                    or o["official__username"]
                ),
                "visits": o["visits"],
                "cells": o["cells"],
            }
            for o in officials
        ],
    }


def concern_figures(
    user, root: Organization, *, starts_on: dt.date, ends_on: dt.date, today: dt.date | None = None
) -> dict:
    """Concerns raised in the period by cells under `root` (counts only, so a committee
    sees the load of its subtree without reading concerns that never reached it).

    answered on time: answered (or closed with an answer) on or before the deadline in
    force; overdue: still open past the deadline today. Two queries."""
    today = today or timezone.localdate()
    cells = visible_organizations(user).filter(path__startswith=root.path, is_cell=True)
    rows = list(
        Concern.objects.filter(
            cell__in=cells, raised_on__gte=starts_on, raised_on__lte=ends_on
        ).values_list("category", "status", "deadline", "answered_on", "cell__path")
    )
    units = {}
    step = Organization.steplen
    for *_, path in rows:
        units.setdefault(path[: len(root.path) + step], None)
    names = dict(Organization.objects.filter(path__in=units).values_list("path", "name"))
    totals = {"received": 0, "answered_on_time": 0, "answered_late": 0, "open": 0, "overdue": 0}
    by_category = defaultdict(lambda: dict.fromkeys(totals, 0))
    by_unit = defaultdict(lambda: dict.fromkeys(totals, 0))
    for category, status, deadline, answered_on, path in rows:
        keys = ["received"]
        if answered_on is not None and status not in OPEN:
            keys.append("answered_on_time" if answered_on <= deadline else "answered_late")
        else:
            keys.append("open")
            if deadline < today:
                keys.append("overdue")
        for key in keys:
            totals[key] += 1
            by_category[category][key] += 1
            by_unit[names.get(path[: len(root.path) + step], "")][key] += 1
    return {"totals": totals, "by_category": dict(by_category), "by_unit": dict(by_unit)}
