"""Who the minutes should name as a guest without anyone typing it again: the higher
committee's member assigned to the cell (the apps listening to events.guests_expected:
supervision names those following the cell on the meeting's day, or sent to this
meeting). The opening section offers each one not yet on the guest list; one tap adds
them with their office (P2)."""

from dataclasses import dataclass

from django.utils import timezone

from chibo.documents.context import committee_of
from chibo.meetings import events
from chibo.meetings.models import Guest, Meeting


@dataclass(frozen=True)
class Offer:
    user_id: int
    name: str
    office: str


def offered_officials(meeting) -> list[Offer]:
    day = timezone.localtime(meeting.started_at or meeting.scheduled_at).date()
    expected = events.collect(events.guests_expected, Meeting, meeting=meeting, day=day)
    present = list(meeting.guests.values_list("user_id", "name"))
    taken_users = {user for user, _ in present if user}
    taken_names = {name.casefold() for _, name in present}
    offers, seen = [], set()
    for official, committee in expected:
        name = official.get_full_name() or official.username
        if official.pk in seen or official.pk in taken_users or name.casefold() in taken_names:
            continue
        seen.add(official.pk)
        # the office as it was written when they came last, else the committee's member
        earlier = (
            Guest.objects.filter(user=official).exclude(office="").order_by("-pk")
            .values_list("office", flat=True).first()
        )
        office = earlier or f"Ủy viên {committee_of(committee.name)}"
        offers.append(Offer(official.pk, name, office))
    return offers
