"""Who the minutes should name as a guest without anyone typing it again: the higher
committee's member assigned to the cell (supervision.Assignment: following the cell on the
meeting's day, or sent to this meeting). The opening section offers each one not yet on
the guest list; one tap adds them with their office (P2)."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from chibo.documents.context import committee_of


@dataclass(frozen=True)
class Offer:
    user_id: int
    name: str
    office: str


def offered_officials(meeting) -> list[Offer]:
    from chibo.meetings.models import Guest
    from chibo.supervision.models import Assignment, AssignmentKind

    day = timezone.localtime(meeting.started_at or meeting.scheduled_at).date()
    assignments = (
        Assignment.objects.filter(cell_id=meeting.organization_id)
        .filter(
            Q(kind=AssignmentKind.FOLLOW, starts_on__lte=day, ends_on__gte=day)
            | Q(kind=AssignmentKind.ATTEND, meeting=meeting)
        )
        .select_related("official", "committee")
        .order_by("starts_on", "pk")
    )
    present = list(meeting.guests.values_list("user_id", "name"))
    taken_users = {user for user, _ in present if user}
    taken_names = {name.casefold() for _, name in present}
    offers, seen = [], set()
    for a in assignments:
        official = a.official
        name = official.get_full_name() or official.username
        if official.pk in seen or official.pk in taken_users or name.casefold() in taken_names:
            continue
        seen.add(official.pk)
        # the office as it was written when they came last, else the committee's member
        earlier = (
            Guest.objects.filter(user=official).exclude(office="").order_by("-pk")
            .values_list("office", flat=True).first()
        )
        office = earlier or f"Ủy viên {committee_of(a.committee.name)}"
        offers.append(Offer(official.pk, name, office))
    return offers
