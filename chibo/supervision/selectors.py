import datetime as dt
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from chibo.accounts.models import Role, User
from chibo.core.paths import unit_path
from chibo.core.scope import gate, user_scope, visible_organizations
from chibo.core.vi import name_sort_key, text_sort_key
from chibo.meetings.models import Guest, Meeting, MeetingStatus
from chibo.organizations.lifetime import alive_on_q
from chibo.organizations.models import Organization
from chibo.supervision.models import (
    Assignment,
    AssignmentKind,
    Concern,
    ConcernAction,
    ConcernSource,
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
    paths = list(scope.granted_paths)
    on_route = ConcernAction.objects.filter(concern=OuterRef("pk"), organization__path__in=paths)
    return qs.filter(Q(cell__path__in=paths) | Exists(on_route) | Q(raised_by=user))


def route_paths(concern: Concern) -> set[str]:
    return set(concern.actions.values_list("organization__path", flat=True))


def can_act(user, concern: Concern) -> bool:
    """Only the committee holding the concern now (or above it, on the route) acts."""
    scope = user_scope(user)
    return scope.covers(concern.responsible.path, write=True) and (
        scope.is_admin or any(p in route_paths(concern) for p in scope.granted_paths)
    )


def member_name_visible(user, concern: Concern, route: set[str] | None = None) -> bool:
    """A hidden member's name reaches only the committees on the route, never the cell
    or anyone below them (the member who raised it sees their own name)."""
    if concern.member_id is None or not concern.member_hidden:
        return True
    scope = user_scope(user)
    if scope.is_admin or (scope.member_id and scope.member_id == concern.member_id):
        return True
    route = route if route is not None else route_paths(concern)
    return any(path in route for path in scope.granted_paths)


def concern_routes(concern_ids) -> dict[int, set[str]]:
    """The route of each of these concerns, in one query (for lists: member names)."""
    routes: dict[int, set[str]] = defaultdict(set)
    ids = list(concern_ids)
    if ids:
        for concern_id, path in ConcernAction.objects.filter(concern_id__in=ids).values_list(
            "concern_id", "organization__path"
        ):
            routes[concern_id].add(path)
    return routes


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


def committees_of(user):
    """The committees (non-cell organizations) the user may assign for: their write scope."""
    return (
        visible_organizations(user, write=True)
        .filter(is_cell=False, dissolved_on__isnull=True)
        .order_by("path")
    )


def committee_staff(committee: Organization) -> list:
    """Users with a staff scope on this committee: those it may assign, or hand a concern
    to. Sorted by given name (the last word), Vietnamese order."""
    users = User.objects.filter(
        is_active=True, scopes__organization=committee, scopes__role=Role.COMMITTEE_STAFF
    ).distinct()
    return sorted(users, key=lambda u: (name_sort_key(str(u)), u.pk))


def get_assignment_for_user(user, pk, *, write: bool = False) -> Assignment:
    """Read: the cells in scope, or one's own; write: the committee in the write scope."""
    if write:
        qs = Assignment.objects.filter(user_scope(user).path_q("committee__path", write=True))
    else:
        qs = visible_assignments(user)
    return gate(qs.select_related("committee", "cell", "official"), pk)


def assignment_list(user, *, starts_on: dt.date, ends_on: dt.date, committee_id=None):
    """Assignments made by the committees in the user's write scope that overlap the
    period."""
    qs = Assignment.objects.filter(
        user_scope(user).path_q("committee__path", write=True),
        starts_on__lte=ends_on,
        ends_on__gte=starts_on,
    )
    if committee_id:
        qs = qs.filter(committee_id=committee_id)
    return qs.select_related("committee", "cell", "official", "meeting").order_by(
        "committee__path", "official__last_name", "official__first_name", "cell__path", "id"
    )


def _above(scope, path: str) -> bool:
    """The scope holds a committee strictly above this organization."""
    if scope.is_admin:
        return True
    return any(path.startswith(p) and p != path for p in scope.read_paths or ())


def visit_assignment(user, meeting) -> Assignment | None:
    """The user's assignment to attend this meeting, or to follow its cell on its day."""
    day = timezone.localtime(meeting.scheduled_at).date()
    return (
        Assignment.objects.filter(official=user)
        .filter(
            Q(kind=AssignmentKind.ATTEND, meeting=meeting)
            | Q(
                kind=AssignmentKind.FOLLOW,
                cell_id=meeting.organization_id,
                starts_on__lte=day,
                ends_on__gte=day,
            )
        )
        .order_by("kind", "id")  # "attend" before "follow"
        .first()
    )


def expected_officials(meeting, day: dt.date):
    """The assignments that bring an official to this meeting: following its cell on
    `day`, or sent to this meeting; in the order they were given."""
    return (
        Assignment.objects.filter(cell_id=meeting.organization_id)
        .filter(
            Q(kind=AssignmentKind.FOLLOW, starts_on__lte=day, ends_on__gte=day)
            | Q(kind=AssignmentKind.ATTEND, meeting=meeting)
        )
        .select_related("official", "committee")
        .order_by("starts_on", "pk")
    )


def get_meeting_for_visit(user, pk):
    """The meeting an official may report on, with their assignment: assigned to attend it
    or to follow its cell, or a committee scope above the cell. Anyone else: 404."""
    meeting = gate(Meeting.objects.select_related("organization"), pk)
    assignment = visit_assignment(user, meeting)
    if assignment is None and not _above(user_scope(user), meeting.organization.path):
        raise Http404("Không tìm thấy hoặc bạn không có quyền xem.")
    return meeting, assignment


def follows_meeting(user, meeting) -> bool:
    """For the meeting page: is the user an official assigned to this meeting or its cell?
    No query for the cell's own people (only a scope above the cell can hold one)."""
    scope = user_scope(user)
    if scope.is_admin or not _above(scope, meeting.organization.path):
        return False
    return visit_assignment(user, meeting) is not None


def report_of(user, meeting) -> VisitReport | None:
    """The user's own report on this meeting, with its concerns."""
    return (
        VisitReport.objects.filter(official=user, meeting=meeting)
        .prefetch_related("concerns")
        .first()
    )


def meetings_to_attend(cells, *, today: dt.date, days: int = 90, limit: int = 300):
    """Coming regular and thematic meetings of these cells: those a committee may name an
    official to attend."""
    return list(
        Meeting.objects.filter(
            organization__in=cells,
            kind__in=["regular", "thematic"],
            scheduled_at__date__gte=today,
            scheduled_at__date__lte=today + dt.timedelta(days=days),
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("organization")
        .order_by("scheduled_at")[:limit]
    )


def raise_cells(user) -> list[tuple[Organization, str]]:
    """The cells a user may send a concern for, with the source it gets: the cell whose
    secretary they are (from the minutes), or their own cell as a member."""
    scope = user_scope(user)
    found: dict[int, tuple[Organization, str]] = {}
    if scope.write_paths:
        for cell in Organization.objects.filter(
            path__in=scope.write_paths, is_cell=True, dissolved_on__isnull=True
        ).order_by("path"):
            found[cell.pk] = (cell, ConcernSource.SECRETARY)
    if scope.member_org_path:
        own = Organization.objects.filter(
            path=scope.member_org_path, is_cell=True, dissolved_on__isnull=True
        ).first()
        if own is not None and own.pk not in found:
            found[own.pk] = (own, ConcernSource.MEMBER)
    return list(found.values())


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
    # A followed cell's meeting counts only when the follow period covers its date.
    followed_then = Assignment.objects.filter(
        official=user,
        kind=AssignmentKind.FOLLOW,
        cell=OuterRef("organization"),
        starts_on__lte=OuterRef("scheduled_at__date"),
        ends_on__gte=OuterRef("scheduled_at__date"),
    )
    named = Assignment.objects.filter(official=user, kind=AssignmentKind.ATTEND).values(
        "meeting_id"
    )
    reported = VisitReport.objects.filter(official=user, meeting=OuterRef("pk"))
    return (
        Meeting.objects.filter(
            Q(Exists(followed_then), kind__in=["regular", "thematic"]) | Q(pk__in=named)
        )
        .filter(
            scheduled_at__date__gte=today - dt.timedelta(days=14), scheduled_at__date__lte=until
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .annotate(reported=Exists(reported))
        .select_related("organization")
        .order_by("scheduled_at")
    )


def active_cells(committee: Organization):
    """The committee's active cells, in tree order."""
    return Organization.objects.filter(
        path__startswith=committee.path, is_cell=True, dissolved_on__isnull=True
    ).order_by("path")


def coverage_gaps(committee: Organization, *, starts_on: dt.date, ends_on: dt.date):
    """Active cells under the committee that no one follows in the period (a cell founded
    after the period was nobody's to follow in it)."""
    covered = Assignment.objects.filter(
        cell=OuterRef("pk"),
        kind=AssignmentKind.FOLLOW,
        starts_on__lte=ends_on,
        ends_on__gte=starts_on,
    )
    return (
        Organization.objects.filter(
            alive_on_q(ends_on), path__startswith=committee.path, is_cell=True,
            dissolved_on__isnull=True,
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
    return {c.pk: unit_path(c.path, root.path) for c in cells}


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def cells_counted(user, root: Organization, ends_on: dt.date):
    """The cells coverage counts: visible, under `root`, alive when the period ends."""
    return (visible_organizations(user).filter(path__startswith=root.path, is_cell=True)
            .filter(alive_on_q(ends_on)))


def coverage(user, root: Organization, *, starts_on: dt.date, ends_on: dt.date) -> dict:
    """Share of active cells that a higher-level official attended in the period, overall,
    per unit (ward) and per official.

    A cell counts as attended when a meeting of it in the period has a visit report marked
    attended, or lists a higher-level official among its guests at a meeting that took
    place (held or adopted: a guest listed for a meeting still planned has not come yet).
    The cells are those alive when the period ends: founded by then, and not dissolved,
    so a past period's figure does not change when a cell is founded or dissolved later.
    Four queries."""
    cells = list(cells_counted(user, root, ends_on).only("id", "path", "name"))
    cell_ids = {c.pk for c in cells}
    # Index-friendly: the subtree as a path prefix and the days as a range of moments
    # (not thousands of ids, not a date cast on the column); the cells not counted
    # (founded later, dissolved, out of sight) are left out in Python.
    in_period = Q(
        meeting__organization__path__startswith=root.path,
        meeting__scheduled_at__gte=_day_start(starts_on),
        meeting__scheduled_at__lt=_day_start(ends_on + dt.timedelta(days=1)),
    )
    visited = cell_ids & (set(
        VisitReport.objects.filter(in_period, attended=True)
        .values_list("meeting__organization_id", flat=True).distinct()
    ) | set(
        Guest.objects.filter(
            in_period,
            is_higher_official=True,
            meeting__status__in=[MeetingStatus.HELD, MeetingStatus.ADOPTED],
        ).values_list("meeting__organization_id", flat=True).distinct()
    ))
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
        VisitReport.objects.filter(in_period, attended=True,
                                   meeting__organization__in=cells_counted(user, root, ends_on))
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
            key=lambda row: text_sort_key(row["name"]),
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
    for *_, path in rows:
        units.setdefault(unit_path(path, root.path), None)
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
            by_unit[names.get(unit_path(path, root.path), "")][key] += 1
    return {"totals": totals, "by_category": dict(by_category), "by_unit": dict(by_unit)}
