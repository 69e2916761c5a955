import datetime as dt
from collections import defaultdict
from types import SimpleNamespace

from django.db.models import Count, Q
from django.utils import timezone

from chibo.core.scope import gate, visible_in_tree, visible_members, visible_organizations
from chibo.meetings import events, rules
from chibo.meetings.models import (
    Attendance,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Presence,
    Task,
    TaskStatus,
)
from chibo.members.models import PartyMember, Position
from chibo.policies.models import Policy
from chibo.policies.selectors import PolicyMissing, choose_versions, policy, policy_book

MEETING_RELATED = ("organization", "chair", "minute_taker")


def visible_meetings(user, *, write: bool = False):
    return visible_in_tree(Meeting.objects.all(), user, write=write, own_cell=True)


def get_meeting_for_user(user, pk, *, write: bool = False) -> Meeting:
    return gate(visible_meetings(user, write=write).select_related(*MEETING_RELATED), pk)


def meeting_list(
    user,
    *,
    organization_id=None,
    kind: str = "",
    status: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
):
    qs = visible_meetings(user).select_related("organization")
    if organization_id:
        root = visible_organizations(user).filter(pk=organization_id).values("path").first()
        if root is None:
            return qs.none()
        qs = qs.filter(organization__path__startswith=root["path"])
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if date_from:
        qs = qs.filter(scheduled_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(scheduled_at__date__lte=date_to)
    return qs.order_by("-scheduled_at", "id")


def roll_call(meeting: Meeting) -> rules.RollCall:
    return rules.RollCall.of(meeting.attendance.values_list("member_status", "presence"))


def tasks_for_review(meeting: Meeting):
    """Open tasks of the cell given at earlier meetings: what this meeting must check."""
    return (
        Task.objects.filter(
            organization_id=meeting.organization_id,
            status=TaskStatus.OPEN,
            meeting__scheduled_at__lt=meeting.scheduled_at,
        )
        .exclude(meeting=meeting)
        .select_related("assignee", "meeting")
        .order_by("deadline", "id")
    )


def tasks_of_member(member):
    return Task.objects.filter(assignee=member).select_related("meeting", "organization")


def overdue(tasks, today: dt.date | None = None):
    today = today or timezone.localdate()
    return tasks.filter(status=TaskStatus.OPEN, deadline__lt=today)


# The seeded value of meeting.excused_absence_limit (the rubric's "absent with reason more
# than 3 times running"); the rule in force is the policy, this is the demo's default.
LONG_EXCUSED_MONTHS = 3


def long_excused_absence(meeting: Meeting, months: int = LONG_EXCUSED_MONTHS) -> bool:
    """Whether someone was absent with reason at more than `months` meetings of this
    series running (the rubric then withholds its attendance bonus). Two queries."""
    latest = list(
        Meeting.objects.filter(
            organization_id=meeting.organization_id,
            kind=meeting.kind,
            scheduled_at__lte=meeting.scheduled_at,
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-scheduled_at")
        .values_list("id", flat=True)[: months + 1]
    )
    rows = defaultdict(list)
    for meeting_id, member_id, status, presence in Attendance.objects.filter(
        meeting_id__in=latest
    ).values_list("meeting_id", "member_id", "member_status", "presence"):
        rows[meeting_id].append((member_id, status, presence))
    return rules.long_excused_absence([rows[i] for i in latest], months)


def quality_score(meeting: Meeting) -> dict:
    """The rubric in force for this cell on the meeting's day, each criterion with its
    points: computed where data exists, else what the cell scored, else None."""
    day = timezone.localtime(meeting.scheduled_at).date()
    book = policy_book(
        [
            "meeting.quality_rubric",
            "meeting.quality_bands",
            "meeting.min_minutes",
            "meeting.min_minutes_combined",
            "meeting.excused_absence_limit",
            "task.partly_share",
        ],
        on=day,
        organization=meeting.organization,
    )
    # A regular meeting that holds the quarter's thematic meeting in the same session
    # needs the longer minimum, and so does that thematic meeting.
    combined = meeting.combined_with_regular or (
        meeting.kind == "regular"
        and Meeting.objects.filter(
            organization_id=meeting.organization_id,
            kind="thematic",
            combined_with_regular=True,
            period=meeting.period,
        ).exists()
    )
    minimum = book["meeting.min_minutes_combined"] if combined else book["meeting.min_minutes"]
    return rules.score(
        rubric=book["meeting.quality_rubric"],
        bands=book["meeting.quality_bands"],
        roll=roll_call(meeting),
        duration_minutes=meeting.duration_minutes,
        min_minutes=minimum,
        review_results=meeting.task_reviews.values_list("result", flat=True),
        long_excused=long_excused_absence(meeting, int(book["meeting.excused_absence_limit"])),
        manual=meeting.score_items,
        partly_share=float(rules.as_fraction(book["task.partly_share"])),
    )


def meeting_vote_rule(meeting: Meeting, kind: str | None = None) -> rules.VoteRule:
    """The majority the meeting's decision needs, in force on the meeting's day."""
    day = timezone.localtime(meeting.scheduled_at).date()
    return rules.vote_rule(
        kind or meeting.decision_kind, on=day, organization=meeting.organization
    )


def vote_summary(meeting: Meeting) -> rules.VoteResult | None:
    if meeting.votes_for is None:
        return None
    return rules.vote_result(
        roll_call(meeting),
        meeting.votes_for,
        meeting.votes_against or 0,
        meeting.votes_abstain or 0,
        meeting_vote_rule(meeting),
    )


def unexcused_months(attendance, *, year: int, until: dt.date | None = None):
    """{member id: months with an unexcused absence} from `attendance` (a queryset of
    Attendance already limited to a subtree or a list of members), counting cell meetings
    (regular and thematic) of `year` up to the month of `until`. The rule of absence
    flags; one query when evaluated."""
    rows = attendance.filter(
        presence=Presence.UNEXCUSED,
        meeting__period__year=year,
        meeting__kind__in=["regular", "thematic"],
    ).exclude(member_status__in=rules.AWAY)
    if until is not None:
        rows = rows.filter(meeting__period__lte=until)
    return (
        rows.order_by()
        .values("member_id")
        .annotate(months=Count("meeting__period", distinct=True))
    )


ABSENCE_KEY = "absence.flag_months"


def absence_thresholds(organizations, *, year: int) -> dict[int, int]:
    """{organization id: absence.flag_months in force for it at the end of `year`}: the
    version of the organization's own committee or the nearest one above that issued one
    (a ward's own threshold applies to its cells), else the general rule. One query for
    any number of organizations (each needs `path`)."""
    on = dt.date(year, 12, 31)
    versions = list(
        Policy.objects.filter(key=ABSENCE_KEY, effective_from__lte=on).select_related("issuer")
    )
    out = {}
    for org in organizations:
        mine = [v for v in versions if v.issuer_id is None or org.path.startswith(v.issuer.path)]
        chosen = choose_versions(mine).get(ABSENCE_KEY)
        if chosen is None:
            raise PolicyMissing(f"Chưa có quy định «{ABSENCE_KEY}» có hiệu lực ngày {on:%d/%m/%Y}.")
        out[org.pk] = int(chosen.value)
    return out


def absence_flagged_members(attendance, *, year: int, until: dt.date | None = None
                            ) -> dict[int, tuple[int, int, int]]:
    """{member id: (months, threshold, cell id)} of the members `attendance` covers whose
    unexcused months of `year` reach the threshold of their own cell. The one rule of
    absence flags: the flags page, the grading evidence and the reports all read it.
    Two queries (one when nobody missed a meeting)."""
    rows = list(
        unexcused_months(attendance, year=year, until=until).values_list(
            "member_id", "member__organization_id", "member__organization__path", "months"
        )
    )
    if not rows:
        return {}
    cells = {cell: SimpleNamespace(pk=cell, path=path) for _, cell, path, _ in rows}
    thresholds = absence_thresholds(cells.values(), year=year)
    return {
        member_id: (months, thresholds[cell], cell)
        for member_id, cell, _, months in rows
        if rules.absence_flagged(months, thresholds[cell])
    }


def absence_flags(user, *, year: int, organization=None):
    """Members with unexcused absences in at least the number of months their cell's
    policy sets for `year`: a flag for the cell and the committee to review, never a
    removal. Returns them and the threshold of `organization` (else the general one)."""
    threshold = policy(ABSENCE_KEY, on=dt.date(year, 12, 31), organization=organization)
    members = visible_members(user)
    if organization is not None:
        members = members.filter(organization__path__startswith=organization.path)
    found = absence_flagged_members(Attendance.objects.filter(member__in=members), year=year)
    # Dues unpaid without reason count like missed meetings (Điều lệ Đảng, Điều 8): a
    # member reaching the threshold either way is flagged, the page names which months.
    unpaid = events.merged(events.absence_counted_elsewhere, Meeting, members=members, year=year)
    flagged = list(members.filter(pk__in=set(found) | set(unpaid)).select_related("organization"))
    for member in flagged:
        months, cell_threshold = unpaid.get(member.pk, ([], None))
        member.unexcused_months, member.absence_threshold, _ = found.get(
            member.pk, (None, cell_threshold, None))
        member.unpaid_dues_months = months
    return flagged, threshold


def cell_year(cell, year: int):
    """The cell's meetings of a year, with how many attended, for the cell page."""
    return (
        Meeting.objects.filter(organization=cell, period__year=year)
        .annotate(
            present=Count("attendance", filter=Q(attendance__presence=Presence.PRESENT)),
            listed=Count("attendance"),
        )
        .order_by("scheduled_at")
    )


# Reads of the meeting pages. Each takes ids or querysets already in the user's scope.


def attendance_counts(meeting_ids) -> dict[int, tuple[int, int]]:
    """{meeting id: (present, listed)} for a page of meetings, in one query."""
    rows = (
        Attendance.objects.filter(meeting_id__in=list(meeting_ids))
        .order_by()
        .values("meeting_id")
        .annotate(
            present=Count("id", filter=Q(presence=Presence.PRESENT)),
            listed=Count("id"),
        )
    )
    return {row["meeting_id"]: (row["present"], row["listed"]) for row in rows}


def adopted_scores(meeting_ids) -> dict[int, dict]:
    """{meeting id: {"total", "band"}} of the adopted meetings: the score frozen at
    adoption (amendments never change it), which meeting_adopt copies onto the meeting.
    One query."""
    rows = Meeting.objects.filter(
        pk__in=list(meeting_ids), status=MeetingStatus.ADOPTED
    ).values_list("pk", "quality_total", "quality_band")
    return {meeting_id: {"total": total, "band": band} for meeting_id, total, band in rows}


def thematic_coverage(user, *, year: int, quarter: int):
    """[(cell, has the thematic meetings the quarter needs, planned or held)] for the
    active cells the user plans for. How many a quarter needs is the policy
    `meeting.thematic_per_quarter` in force on the quarter's first day for the cell's
    committee (cells issue no rules, so it is read once per parent). Two queries and one
    per parent."""
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    cells = list(
        visible_organizations(user, write=True)
        .filter(is_cell=True, dissolved_on__isnull=True)
        .only("id", "name", "path", "depth")
        .order_by("name")
    )
    counts = dict(
        Meeting.objects.filter(
            organization_id__in=[c.id for c in cells],
            kind="thematic",
            period__gte=start,
            period__lt=end,
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .values_list("organization_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    required: dict[str, int] = {}
    result = []
    for cell in cells:
        parent = cell.parent_path
        if parent not in required:
            required[parent] = int(
                policy("meeting.thematic_per_quarter", on=start, organization=cell)
            )
        result.append((cell, counts.get(cell.id, 0) >= required[parent]))
    return result


def scope_tasks(user, *, organization_id=None, state: str = "open", today=None):
    """Tasks of the cells in the user's read scope (not a plain member's own: see
    `tasks_of_member`), filtered by subtree and state: open, overdue, done or all."""
    today = today or timezone.localdate()
    qs = visible_in_tree(Task.objects.all(), user).select_related(
        "assignee", "organization", "meeting"
    )
    if organization_id:
        root = visible_organizations(user).filter(pk=organization_id).values("path").first()
        if root is None:
            return qs.none()
        qs = qs.filter(organization__path__startswith=root["path"])
    if state == "open":
        qs = qs.filter(status=TaskStatus.OPEN)
    elif state == "overdue":
        qs = overdue(qs, today)
    elif state == "done":
        qs = qs.exclude(status=TaskStatus.OPEN)
    return qs.order_by("deadline", "id")


COMMITTEE_POSITIONS = [Position.SECRETARY, Position.DEPUTY, Position.COMMITTEE]


def expected_members(meeting: Meeting):
    """Who is called at this meeting: the whole cell, or for a chi ủy meeting the chi ủy
    (bí thư, phó bí thư, chi ủy viên)."""
    # A member struck from the list (the higher committee's decision) is not called.
    members = PartyMember.objects.filter(organization=meeting.organization).exclude(
        status="removed"
    )
    if meeting.kind == MeetingKind.COMMITTEE:
        members = members.filter(position__in=COMMITTEE_POSITIONS)
    return members
