"""Two staff of the higher committee deciding the same proposal at once decide once."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from chibo.core.testing.concurrency import errors_of, races, run_at_once
from chibo.members import services_life
from chibo.members.models import MemberStatus, RemovalProposal, RemovalState

pytestmark = races

ROUNDS = 3


def test_two_staff_deciding_a_removal_at_once_decide_once(city):
    today = timezone.localdate()
    broken = []
    for round_ in range(ROUNDS):
        member = city.member
        member.refresh_from_db()
        member.status = MemberStatus.FULL
        member.save()
        # The proposal as the cell's service writes it (the months are read elsewhere).
        proposal = RemovalProposal.objects.create(
            member=member, organization=city.cell_a1, year=today.year,
            months=[f"{today.year}-01", f"{today.year}-02", f"{today.year}-03"],
            reason=f"Vòng {round_}", proposed_on=today, proposed_by=city.secretary_user,
        )
        outcomes = run_at_once(
            lambda p=proposal, n=round_: services_life.removal_decide(
                actor=city.ward_staff, proposal=RemovalProposal.objects.get(pk=p.pk),
                approve=True, decision_number=f"{n}-QĐ/ĐU", decided_on=today,
            ),
            lambda p=proposal: services_life.removal_decide(
                actor=city.city_staff, proposal=RemovalProposal.objects.get(pk=p.pk),
                approve=False, decided_on=today, note="Chưa đủ căn cứ",
            ),
        )
        ok = [o for o in outcomes if o.ok]
        refused = [e for e in errors_of(outcomes) if isinstance(e, ValidationError)]
        proposal.refresh_from_db()
        decisions = proposal.history.exclude(state=RemovalState.PROPOSED).count()
        if (len(ok) != 1 or len(refused) != 1 or decisions != 1
                or "đã được cấp ủy quyết định" not in str(refused[0])):
            broken.append((len(ok), errors_of(outcomes), decisions))
        member.refresh_from_db()
        expected = (MemberStatus.REMOVED if proposal.state == RemovalState.APPROVED
                    else MemberStatus.FULL)
        if member.status != expected:
            broken.append(("status", member.status, proposal.state))
    assert not broken, f"{len(broken)} of {ROUNDS} rounds broke: {broken}"
