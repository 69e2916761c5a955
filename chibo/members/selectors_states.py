"""Reads of the periods in which a member does not count (MemberState)."""

import datetime as dt

from django.db.models import Q

from chibo.members.models import MemberState


def states_on(member_ids, day: dt.date) -> dict[int, MemberState]:
    """{member id: the state covering `day`} for many members, in one query. A state
    covers its first and its last day."""
    rows = MemberState.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day),
        member_id__in=list(member_ids),
        started_on__lte=day,
    )
    return {row.member_id: row for row in rows}


def state_on(member, day: dt.date) -> MemberState | None:
    return states_on([member.pk], day).get(member.pk)


def states_of(member):
    """A member's periods, newest first, with who recorded them."""
    return member.states.select_related("recorded_by").order_by("-started_on", "-id")


def away_kinds_on(member_ids, day: dt.date) -> dict[int, str]:
    """{member id: state kind} of those who do not count on `day`."""
    return {member_id: state.kind for member_id, state in states_on(member_ids, day).items()}
