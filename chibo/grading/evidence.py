"""The evidence beside each grading form, read from what Chibo already holds: meetings,
tasks, commitments, residence comments, absence flags and discipline."""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q

from chibo.commitments.models import (
    Commitment,
    CommitmentStatus,
    ItemResult,
    ResidenceComment,
    ResidenceExemption,
)
from chibo.grading.models import Discipline, DisciplineForm
from chibo.meetings import rules
from chibo.meetings.models import Attendance, Meeting, MeetingStatus, Presence, Task, TaskStatus
from chibo.meetings.selectors import absence_thresholds
from chibo.members.models import PartyMember
from chibo.organizations.models import Organization
from chibo.policies.selectors import policy_book
from chibo.supervision.models import Concern, ConcernStatus

# The seeded value of grading.serious_discipline; the rule in force is the policy.
SERIOUS = [DisciplineForm.WARNING, DisciplineForm.DISMISSAL, DisciplineForm.EXPULSION]
COUNTED_KINDS = ["regular", "thematic"]


def _commitment_summary(commitment: Commitment | None) -> dict:
    if commitment is None:
        return {
            "registered": False,
            "approved": False,
            "items": 0,
            "met": 0,
            "partly": 0,
            "not_met": 0,
            "pending": 0,
        }
    results = [item.result for item in commitment.items.all()]
    return {
        "registered": True,
        "approved": commitment.status == CommitmentStatus.APPROVED,
        "items": len(results),
        "met": results.count(ItemResult.MET),
        "partly": results.count(ItemResult.PARTLY),
        "not_met": results.count(ItemResult.NOT_MET),
        "pending": results.count(ItemResult.PENDING),
    }


def members_evidence(members, year: int) -> dict[int, dict]:
    """{member id: evidence} for many members in a fixed number of queries (about nine),
    so a cell's or a ward's table costs the same as one member's page."""
    members = list(members)
    ids = [m.pk for m in members]
    book = policy_book(["absence.flag_months", "grading.serious_discipline"],
                       on=dt.date(year, 12, 31))
    threshold = book["absence.flag_months"]
    # Which discipline forms make the year "Không hoàn thành nhiệm vụ" (a policy, not code).
    serious = set(book["grading.serious_discipline"])
    attendance = defaultdict(
        lambda: {
            "present": 0,
            "excused": 0,
            "unexcused": 0,
            "reasons": [],
            "unexcused_months": set(),
        }
    )
    for member_id, presence, reason, period in Attendance.objects.filter(
        member_id__in=ids,
        meeting__period__year=year,
        meeting__kind__in=COUNTED_KINDS,
        meeting__status__in=[MeetingStatus.HELD, MeetingStatus.ADOPTED],
    ).exclude(member_status__in=rules.AWAY).values_list(
        "member_id", "presence", "reason", "meeting__period"
    ):
        row = attendance[member_id]
        row[presence] += 1
        if presence == Presence.EXCUSED and reason:
            row["reasons"].append(f"{period:%m/%Y}: {reason}")
        if presence == Presence.UNEXCUSED:
            row["unexcused_months"].add(period)
    tasks = defaultdict(lambda: {"assigned": 0, "on_time": 0, "late": 0, "open": 0})
    for member_id, status, deadline, closed_at in Task.objects.filter(
        assignee_id__in=ids, meeting__period__year=year
    ).values_list("assignee_id", "status", "deadline", "closed_at"):
        row = tasks[member_id]
        row["assigned"] += 1
        if status == TaskStatus.OPEN:
            row["open"] += 1
        elif closed_at and closed_at <= deadline:
            row["on_time"] += 1
        else:
            row["late"] += 1
    commitments = {
        c.member_id: c
        for c in Commitment.objects.filter(member_id__in=ids, year=year).prefetch_related("items")
    }
    comments = {
        c.member_id: c for c in ResidenceComment.objects.filter(member_id__in=ids, year=year)
    }
    exemptions = dict(
        ResidenceExemption.objects.filter(member_id__in=ids, year=year).values_list(
            "member_id", "reason"
        )
    )
    disciplines = defaultdict(list)
    for d in Discipline.objects.filter(member_id__in=ids, decided_on__year=year):
        disciplines[d.member_id].append(d)
    # The threshold of each member's own cell (a ward's own version applies to its cells,
    # one query for all), judged by the rule the flags page and the reports apply too.
    cells = {m.organization_id: m.organization for m in members
             if PartyMember.organization.is_cached(m)}
    missing = {m.organization_id for m in members} - set(cells)
    if missing:
        cells.update((c.pk, c) for c in Organization.objects.filter(pk__in=missing).only(
            "id", "path"))
    thresholds = absence_thresholds(cells.values(), year=year) if members else {}
    out = {}
    for member in members:
        a = attendance[member.pk]
        t = tasks[member.pk]
        c = _commitment_summary(commitments.get(member.pk))
        comment = comments.get(member.pk)
        lives_elsewhere = member.residence_organization_id not in (None, member.organization_id)
        needs_comment = lives_elsewhere and member.pk not in exemptions
        months = len(a["unexcused_months"])
        threshold = thresholds[member.organization_id]
        flagged = rules.absence_flagged(months, threshold)
        d = disciplines.get(member.pk, [])
        out[member.pk] = {
            "meetings": {
                "present": a["present"],
                "excused": a["excused"],
                "unexcused": a["unexcused"],
                "excused_reasons": a["reasons"],
                "unexcused_months": months,
            },
            "tasks": t,
            "commitments": c,
            "residence": {
                "required": needs_comment,
                "exempt_reason": exemptions.get(member.pk, ""),
                "written": comment is not None,
                "ratings": comment.ratings if comment else {},
                "comment": comment.comment if comment else "",
            },
            "absence_flag": flagged,
            "absence_threshold": threshold,
            "discipline": [
                {"form": x.get_form_display(), "on": f"{x.decided_on:%d/%m/%Y}", "reason": x.reason}
                for x in d
            ],
            "facts": {
                "no_discipline": not d,
                "serious_discipline": any(x.form in serious for x in d),
                "no_unexcused_absence": a["unexcused"] == 0,
                "absence_flag": flagged,
                "commitments_met": c["items"] > 0 and c["met"] == c["items"],
                "residence_ok": not needs_comment
                or (comment is not None and "poor" not in (comment.ratings or {}).values()),
            },
        }
    return out


def member_evidence(member, year: int) -> dict:
    return members_evidence([member], year)[member.pk]


def cells_evidence(cells, year: int) -> dict[int, dict]:
    """{cell id: evidence}: meetings held, quality bands, thematic quarters covered,
    tasks followed up, concerns answered, the cell's commitments. Fixed queries."""
    cells = list(cells)
    ids = [c.pk for c in cells]
    held = defaultdict(
        lambda: {"regular_months": set(), "thematic_quarters": set(), "committee": 0}
    )
    for cell_id, kind, period in Meeting.objects.filter(
        organization_id__in=ids, period__year=year, status=MeetingStatus.ADOPTED
    ).values_list("organization_id", "kind", "period"):
        row = held[cell_id]
        if kind == "regular":
            row["regular_months"].add(period.month)
        elif kind == "thematic":
            row["thematic_quarters"].add((period.month - 1) // 3 + 1)
        else:
            row["committee"] += 1
    bands = defaultdict(lambda: defaultdict(int))
    # The band frozen at adoption is on the meeting (meeting_adopt copies it there):
    # reading it from each snapshot's JSON took PostgreSQL minutes on a city.
    for cell_id, band in Meeting.objects.filter(
        status=MeetingStatus.ADOPTED,
        organization_id__in=ids,
        period__year=year,
        kind="regular",
    ).values_list("organization_id", "quality_band"):
        bands[cell_id][band or "Chưa chấm"] += 1
    tasks = {
        row["organization_id"]: row
        for row in Task.objects.filter(organization_id__in=ids, meeting__period__year=year)
        .values("organization_id")
        .annotate(
            assigned=Count("id"),
            reviewed=Count("reviews__task", distinct=True),
            done=Count("id", filter=~Q(status=TaskStatus.OPEN)),
        )
    }
    concerns = {
        row["cell_id"]: row
        for row in Concern.objects.filter(cell_id__in=ids, raised_on__year=year)
        .values("cell_id")
        .annotate(
            raised=Count("id"),
            answered=Count(
                "id", filter=Q(status__in=[ConcernStatus.ANSWERED, ConcernStatus.CLOSED])
            ),
        )
    }
    commitments = {
        c.cell_id: c
        for c in Commitment.objects.filter(
            cell_id__in=ids, member__isnull=True, year=year
        ).prefetch_related("items")
    }
    out = {}
    for cell in cells:
        h = held[cell.pk]
        t = tasks.get(cell.pk, {})
        q = concerns.get(cell.pk, {})
        c = _commitment_summary(commitments.get(cell.pk))
        out[cell.pk] = {
            "regular_months": len(h["regular_months"]),
            "thematic_quarters": len(h["thematic_quarters"]),
            "committee_meetings": h["committee"],
            "bands": dict(bands[cell.pk]),
            "tasks": {
                "assigned": t.get("assigned", 0),
                "reviewed": t.get("reviewed", 0),
                "done": t.get("done", 0),
            },
            "concerns": {"raised": q.get("raised", 0), "answered": q.get("answered", 0)},
            "commitments": c,
            "facts": {"commitments_met": c["items"] > 0 and c["met"] == c["items"]},
        }
    return out
