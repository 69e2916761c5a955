"""The demo's members in their life in the cell: every probationary member's probation
(admission decision, end, the day the committee is told, the cell's deadline), the daily
reminder already run for those near their end, one member whose probation has just
ended put on the agenda of the cell's next meeting, and one removal proposal (đề nghị
xóa tên) from an absence flag, waiting for the ward's decision.

Prefers the demo cell (Chi bộ khu phố 3) and its ward, so that demo-secretary and
demo-ward see them; falls back to any cell."""

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db.models import Count

from chibo.core.services import bulk_create_with_actor
from chibo.members.life import probation_dates
from chibo.members.models import MemberStatus, PartyMember, Probation, RemovalProposal
from chibo.members.services_life import PROBATION_POLICIES, recognition_item_title
from chibo.policies.selectors import policy, policy_book

DEMO_CELL = "Chi bộ khu phố 3"


@dataclass
class LifeSummary:
    probations: int = 0
    reminded: int = 0
    scheduled: list[str] = field(default_factory=list)
    removals: list[str] = field(default_factory=list)


def _committee(name: str) -> str:
    """The committee that admits, named from its organization's name."""
    if not name:
        return ""
    for prefix, title in (("Đảng bộ thành phố ", "Thành ủy "), ("Đảng bộ tỉnh ", "Tỉnh ủy ")):
        if name.startswith(prefix):
            return title + name.removeprefix(prefix)
    return "Đảng ủy " + name.removeprefix("Đảng bộ ")


def _preferred(members, cell_name: str):
    """Members of the demo cell first, then of its ward, then the rest (stable order)."""
    from chibo.organizations.models import Organization

    demo = Organization.objects.filter(name=cell_name, is_cell=True).order_by("path").first()

    def rank(m):
        if demo is None:
            return 2
        if m.organization_id == demo.pk:
            return 0
        return 1 if m.organization.path.startswith(demo.parent_path) else 2

    return sorted(members, key=lambda m: (rank(m), m.pk))


def load_life(*, seed: int, today: dt.date, meetings=None) -> LifeSummary:
    """Write the probations and the removal proposal; `meetings` (the year's summary) is
    kept true: one agenda item more."""
    from chibo.meetings.models import Meeting, MeetingKind, MeetingStatus
    from chibo.meetings.services import agenda_insert
    from chibo.members import services_life

    rng = random.Random(f"{seed}:life")
    summary = LifeSummary()
    probationary = list(
        PartyMember.objects.filter(status=MemberStatus.PROBATIONARY,
                                   organization__dissolved_on__isnull=True)
        .select_related("organization").order_by("id")
    )
    # One member whose twelve months have just ended (admitted 366 days ago: the end is
    # yesterday or today), to be considered at the cell's next meeting.
    considered = None
    for m in _preferred(probationary, DEMO_CELL):
        upcoming = Meeting.objects.filter(
            organization=m.organization, kind=MeetingKind.REGULAR,
            status=MeetingStatus.PLANNED, scheduled_at__date__gte=today,
        ).order_by("scheduled_at").first()
        if upcoming is not None:
            considered = (m, upcoming)
            m.admitted_on = today - dt.timedelta(days=366)
            PartyMember.objects.filter(pk=m.pk).update(admitted_on=m.admitted_on)
            break
    from chibo.organizations.models import Organization

    parents = dict(Organization.objects.filter(
        path__in={m.organization.parent_path for m in probationary}
    ).values_list("path", "name"))
    book = policy_book(PROBATION_POLICIES, on=today)
    rows = []
    for m in probationary:
        ends_on, notice_on, consider_by = probation_dates(
            m.admitted_on, months=book["member.probation_months"],
            notice_days=book["member.recognition_notice_days"],
            deadline_working_days=book["member.recognition_deadline_working_days"],
        )
        decided = m.admitted_on - dt.timedelta(days=rng.randint(7, 25))
        rows.append(Probation(
            member=m, organization=m.organization, admitted_on=m.admitted_on,
            admission_decision=f"{rng.randint(10, 480)}-QĐ/ĐU",
            admission_decided_on=decided,
            admission_committee=_committee(parents.get(m.organization.parent_path, "")),
            ends_on=ends_on, notice_on=notice_on, consider_by=consider_by,
        ))
    bulk_create_with_actor(Probation, rows, None, batch_size=500)
    summary.probations = len(rows)
    # The daily job, as it would have run: those within the notice are told once.
    summary.reminded = services_life.probation_reminders(today=today)
    if considered:
        member, meeting = considered
        probation = Probation.objects.get(member=member)
        agenda_insert(meeting, recognition_item_title(member),
                      position=max(meeting.agenda.count(), 1), actor=None)
        probation.meeting = meeting
        probation.save(update_fields=["meeting"])
        if meetings is not None:
            meetings.agenda_items += 1
        summary.scheduled.append(f"{member.full_name} ({member.organization.name}, "
                                 f"hết dự bị {probation.ends_on:%d/%m/%Y})")
    summary.removals = _removal(today)
    return summary


def _removal(today: dt.date) -> list[str]:
    """One proposal from the absence flags of this year (or last year early in January),
    the months read from the roll calls, proposed by the cell's secretary account."""
    from chibo.accounts.models import Role, User
    from chibo.meetings.models import Attendance, Presence
    from chibo.members.services_life import unexcused_month_list

    for year in (today.year, today.year - 1):
        threshold = policy("absence.flag_months", on=dt.date(year, 12, 31))
        rows = (
            Attendance.objects.filter(
                presence=Presence.UNEXCUSED, meeting__period__year=year,
                meeting__kind__in=["regular", "thematic"],
                member__status__in=[MemberStatus.FULL, MemberStatus.EXEMPT],
                member__organization__dissolved_on__isnull=True,
            ).order_by().values("member_id")
            .annotate(months=Count("meeting__period", distinct=True))
            .filter(months__gte=threshold)
        )
        ids = [r["member_id"] for r in rows]
        if not ids:
            continue
        flagged = PartyMember.objects.filter(pk__in=ids).select_related("organization")
        member = _preferred(list(flagged), DEMO_CELL)[0]
        months = unexcused_month_list(member, year)
        secretary = User.objects.filter(scopes__organization=member.organization,
                                        scopes__role=Role.SECRETARY).order_by("id").first()
        proposal = RemovalProposal(
            member=member, organization=member.organization, year=year, months=months,
            reason=("Đồng chí bỏ sinh hoạt chi bộ không có lý do chính đáng; chi ủy đã gặp "
                    "gỡ, nhắc nhở hai lần nhưng không chuyển biến. Chi bộ biểu quyết đề nghị "
                    "cấp ủy xem xét xóa tên."),
            proposed_on=today, proposed_by=secretary,
        )
        bulk_create_with_actor(RemovalProposal, [proposal], secretary)
        return [f"{member.full_name} ({member.organization.name}): vắng không lý do các "
                f"tháng {proposal.months_display()}"]
    return []


def wipe_life() -> None:
    """Before the members and cells go: the proposals protect them."""
    RemovalProposal.objects.all().delete()
    Probation.objects.all().delete()
    RemovalProposal.history.model.objects.all().delete()
    Probation.history.model.objects.all().delete()

