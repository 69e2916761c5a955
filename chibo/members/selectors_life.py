"""Reads of probations and removal proposals, always inside the user's scope."""

import datetime as dt

from chibo.core.scope import gate, visible_in_tree
from chibo.members.models import Probation, ProbationState, RemovalProposal, RemovalState

OPEN_STATES = [ProbationState.ON_PROBATION, ProbationState.PROPOSED, ProbationState.REFERRED]


def probations(user, *, open_only: bool = True):
    qs = visible_in_tree(Probation.objects.all(), user).select_related(
        "member", "organization", "meeting"
    )
    if open_only:
        qs = qs.filter(state__in=OPEN_STATES)
    return qs.order_by("ends_on", "id")


def probations_ending(user, *, today: dt.date):
    """Probations the committee has been told of (within the notice, or past their end)
    and the cell has not yet proposed: the list «sắp hết thời hạn dự bị»."""
    return probations(user).filter(state=ProbationState.ON_PROBATION, notice_on__lte=today)


def removal_proposals(user, *, pending_only: bool = False):
    qs = visible_in_tree(RemovalProposal.objects.all(), user).select_related(
        "member", "organization", "proposed_by", "decided_by"
    )
    if pending_only:
        qs = qs.filter(state=RemovalState.PROPOSED)
    return qs.order_by("state", "-proposed_on", "-id")


def get_removal_for_user(user, pk) -> RemovalProposal:
    return gate(removal_proposals(user), pk)
