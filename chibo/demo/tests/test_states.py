"""The demo's members who do not count for a while: drawn from full members without a
position, each period starting after their cell's last meeting held (so the roll calls
already written stay true), and wiped with the demo."""

import datetime as dt

from django.utils import timezone

from chibo.demo.states import load_states, wipe_states
from chibo.meetings import services
from chibo.members.models import MemberState


def test_periods_start_after_the_last_meeting_held(city):
    meeting = services.meeting_create(
        actor=city.secretary_user, cell=city.cell_a1, kind="regular",
        scheduled_at=timezone.make_aware(dt.datetime(2026, 3, 3, 8)),
    )
    services.attendance_record(actor=city.secretary_user, meeting=meeting, entries=[
        {"member": city.member.pk, "presence": "present"}])
    today = dt.date(2026, 3, 10)
    written = load_states(seed=7, today=today)
    states = list(MemberState.objects.select_related("member"))
    # Full members without a position: Bảo (A1), Hoa (A2), Đông (B1), Mai (C1).
    assert written == len(states) == 4
    assert city.secretary.pk not in {s.member_id for s in states}
    for state in states:
        assert state.started_on <= today or state.member.organization_id == city.cell_a1.pk
        if state.member.organization_id == city.cell_a1.pk:
            assert state.started_on >= dt.date(2026, 3, 4)
        assert state.ended_on is None or state.ended_on > state.started_on
        assert state.history.count() == 1
    wipe_states()
    assert not MemberState.objects.exists() and not MemberState.history.exists()
