"""Meetings answer what a member's life asks of them (chibo.members.events); connected in
MeetingsConfig.ready()."""

from django.utils import timezone

from chibo.core.services import ServiceError
from chibo.meetings import rules
from chibo.meetings.models import Attendance, Meeting, MeetingKind, MeetingStatus, Presence
from chibo.meetings.selectors import roll_call
from chibo.meetings.services import agenda_insert
from chibo.members import events


def consideration_on_agenda(sender, *, meeting, title, actor, **kwargs) -> bool:
    """After the opening item; False when the meeting is adopted or cancelled."""
    count = meeting.agenda.count()
    return agenda_insert(meeting, title, position=max(count, 1), actor=actor)


def meetings_to_consider_at(sender, *, cell_id, since, **kwargs) -> list[Meeting]:
    """Planned or being recorded, dated on or after `since`: they can still take an
    agenda item."""
    return list(
        Meeting.objects.filter(
            organization_id=cell_id,
            status__in=[MeetingStatus.PLANNED, MeetingStatus.HELD],
            scheduled_at__date__gte=since,
        ).exclude(kind=MeetingKind.COMMITTEE).order_by("scheduled_at")[:12]
    )


def recognition_rule_on(sender, *, organization, on, **kwargs) -> rules.VoteRule:
    return rules.vote_rule(rules.RECOGNITION, on=on, organization=organization)


def recognition_vote(sender, *, meeting, votes_for, votes_against, votes_abstain,
                     **kwargs) -> rules.VoteResult:
    """Judged with the recognition majority in force on the meeting's day
    (vote.majority_recognition) against the meeting's roll call."""
    day = timezone.localtime(meeting.scheduled_at).date()
    rule = rules.vote_rule(rules.RECOGNITION, on=day, organization=meeting.organization)
    try:
        return rules.vote_result(roll_call(meeting), votes_for, votes_against, votes_abstain,
                                 rule)
    except rules.VoteError as error:
        raise ServiceError({"votes_for": str(error)}) from None


def unexcused_months_of(sender, *, member, year, **kwargs) -> list[str]:
    """The months ("YYYY-MM") the member missed a regular or thematic meeting without
    reason: what the absence flag counts."""
    periods = (
        Attendance.objects.filter(
            member=member, presence=Presence.UNEXCUSED, meeting__period__year=year,
            meeting__kind__in=["regular", "thematic"],
        )
        .order_by("meeting__period")
        .values_list("meeting__period", flat=True)
        .distinct()
    )
    return sorted({f"{p:%Y-%m}" for p in periods})


def connect() -> None:
    events.consideration_scheduled.connect(consideration_on_agenda,
                                           dispatch_uid="meetings.consideration")
    events.consideration_meetings.connect(meetings_to_consider_at,
                                          dispatch_uid="meetings.consideration_meetings")
    events.recognition_rule.connect(recognition_rule_on, dispatch_uid="meetings.recognition_rule")
    events.recognition_voted.connect(recognition_vote, dispatch_uid="meetings.recognition")
    events.absent_months.connect(unexcused_months_of, dispatch_uid="meetings.absent_months")
