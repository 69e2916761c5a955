"""The demo's member life (chibo.demo.life): every probationary member's probation
with the policies' dates, the committee told of those near their end, one member on the
agenda of the cell's next meeting, one removal proposal waiting, nobody struck."""

import datetime as dt

import pytest

from chibo.demo.load import load_demo, wipe
from chibo.meetings.models import MeetingStatus
from chibo.members.life import add_months
from chibo.members.models import (
    MemberStatus,
    PartyMember,
    Probation,
    ProbationState,
    RemovalProposal,
    RemovalState,
)
from chibo.organizations.models import Level

SEED = 2018
TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        levels = set(Level.objects.values_list("pk", flat=True))
        summary = load_demo(seed=SEED, today=TODAY)
    yield summary
    with django_db_blocker.unblock():
        wipe()
        assert not Probation.objects.exists() and not RemovalProposal.objects.exists()
        Level.objects.exclude(pk__in=levels).delete()


def test_probations_of_the_demo(loaded, db):
    probationary = PartyMember.objects.filter(status=MemberStatus.PROBATIONARY,
                                              organization__dissolved_on__isnull=True)
    probations = list(Probation.objects.select_related("member", "meeting"))
    assert len(probations) == probationary.count() > 100
    for p in probations:
        assert p.ends_on == add_months(p.member.admitted_on, 12)
        assert p.admission_decided_on < p.admitted_on and p.admission_decision
        assert (p.notified_at is not None) == (p.notice_on <= TODAY)
        assert p.state == ProbationState.ON_PROBATION
    assert sum(p.notice_on <= TODAY for p in probations) >= 5  # ending soon: told
    considered = [p for p in probations if p.meeting_id]
    assert len(considered) == 1
    p = considered[0]
    assert p.ends_on <= TODAY and p.meeting.status == MeetingStatus.PLANNED
    assert p.meeting.scheduled_at.date() >= p.ends_on
    titles = list(p.meeting.agenda.values_list("title", flat=True))
    assert f"Xét công nhận đảng viên chính thức cho đồng chí {p.member.full_name}" in titles
    assert p.organization.name == "Chi bộ khu phố 3"  # demo-secretary's cell


def test_a_removal_proposal_waits_for_the_committee(loaded, db):
    proposal = RemovalProposal.objects.select_related("member", "proposed_by").get()
    assert proposal.state == RemovalState.PROPOSED
    assert len(proposal.months) >= 3
    assert proposal.member.status != MemberStatus.REMOVED  # Chibo never strikes by itself
    # The committee above decides: demo-city (staff of the city committee) may.
    from chibo.accounts.models import User
    from chibo.members.services_life import can_decide

    assert can_decide(User.objects.get(username="demo-city"), proposal.organization)
    assert not can_decide(User.objects.get(username="demo-secretary"), proposal.organization)
    assert not PartyMember.objects.filter(status=MemberStatus.REMOVED).exists()
