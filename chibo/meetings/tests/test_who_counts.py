"""Who counts on a meeting's day: members on temporary transfer, suspended or detained
are on the roll as such, never absent, and left out of the vote's denominator, the
attendance rate and the absence flags; a ward's own absence threshold is honoured alike
by the flags page, the grading evidence and the report."""

import datetime as dt

import pytest
from django.urls import reverse

from chibo.grading.evidence import members_evidence
from chibo.meetings import rules, selectors, services
from chibo.meetings.models import MeetingKind
from chibo.members.models import StateKind
from chibo.members.services_states import state_add, state_end
from chibo.policies.models import Policy
from chibo.reports.periods import Period
from chibo.reports.selectors import quality_report

from .conftest import at

D = dt.date


def everyone(cell, presence="present", reason=""):
    return [{"member": m.pk, "presence": presence, "reason": reason}
            for m in cell.cell_a1.members.all()]


def member(cell, name):
    return cell.cell_a1.members.get(full_name=name)


@pytest.mark.parametrize(
    ("start", "end", "away"),
    [
        (D(2026, 3, 3), None, True),  # starts on the meeting day
        (D(2026, 1, 1), D(2026, 3, 3), True),  # ends on the meeting day
        (D(2026, 1, 1), D(2026, 3, 2), False),  # ended the day before
        (D(2026, 3, 4), None, False),  # starts the day after
    ],
)
def test_state_on_the_meeting_day(cell, meeting, start, end, away):
    # 8 on the list: 6 full, 1 probationary, 1 exempt.
    hai = member(cell, "Đặng Văn Hải")
    state_add(actor=cell.secretary_user, member=hai, kind=StateKind.SUSPENDED,
              started_on=start, ended_on=end)
    entries = everyone(cell)
    roll = services.attendance_record(actor=cell.secretary_user, meeting=meeting, entries=entries)
    row = meeting.attendance.get(member=hai)
    if away:
        assert (row.member_status, row.presence, row.reason) == (
            "suspended", "excused", "Đình chỉ sinh hoạt")
        assert (roll.expected, roll.expected_present, roll.eligible_voters()) == (6, 6, 6)
    else:
        assert (row.member_status, row.presence) == ("full", "present")
        assert (roll.expected, roll.expected_present, roll.eligible_voters()) == (7, 7, 7)
    meeting.refresh_from_db()
    assert (meeting.roll_expected, meeting.roll_present) == (roll.expected, roll.expected_present)


def test_away_members_leave_the_denominators(cell, meeting):
    for name, kind, place in [("Đặng Văn Hải", StateKind.SUSPENDED, ""),
                              ("Kim Thị Lụa", StateKind.TRANSFERRED, "Chi bộ Bệnh viện tỉnh"),
                              ("Mạc Văn Nam", StateKind.DETAINED, "")]:
        state_add(actor=cell.secretary_user, member=member(cell, name), kind=kind,
                  started_on=D(2026, 2, 1), place=place)
    # Sent as unexcused by a phone that did not know: recorded as away all the same.
    entries = [{**e, "presence": "unexcused"} if e["member"] in {
        member(cell, "Đặng Văn Hải").pk, member(cell, "Kim Thị Lụa").pk} else e
        for e in everyone(cell)]
    roll = services.attendance_record(actor=cell.secretary_user, meeting=meeting, entries=entries)
    # 8 listed, 3 away: 5 left; the exempt member present counts only as a voter.
    assert roll.total == 8 and roll.away == 3
    assert roll.expected == 4 and roll.attendance_rate() == 1
    assert roll.eligible_voters() == 4  # 3 full left + the exempt member present
    assert meeting.attendance.filter(presence="unexcused").count() == 0
    lua = meeting.attendance.get(member=member(cell, "Kim Thị Lụa"))
    assert lua.reason == "Sinh hoạt tạm thời nơi khác (Chi bộ Bệnh viện tỉnh)"
    # Two thirds of 4 is 2.67: 3 reach it, 2 do not.
    rule = rules.vote_rule("admission", on=D(2026, 3, 3))
    assert services.vote_record(actor=cell.secretary_user, meeting=meeting, votes_for=3,
                                votes_against=1, votes_abstain=0,
                                decision_kind="admission").passed
    assert not rule.passes(2, roll.eligible_voters())
    # The roll call page shows them as such, not as absent.
    from django.test import Client

    client = Client()
    client.force_login(cell.secretary_user)
    body = client.get(reverse("meetings:attendance", args=[meeting.pk])).content.decode()
    assert body.count('data-status="away"') == 3
    assert "Bị tạm giam" in body and "Chi bộ Bệnh viện tỉnh" in body


def test_a_period_ended_before_the_day_puts_the_member_back(cell, meeting):
    hai = member(cell, "Đặng Văn Hải")
    state = state_add(actor=cell.secretary_user, member=hai, kind=StateKind.DETAINED,
                      started_on=D(2026, 2, 20))
    services.attendance_record(actor=cell.secretary_user, meeting=meeting, entries=everyone(cell))
    assert meeting.attendance.get(member=hai).member_status == "detained"
    state_end(actor=cell.secretary_user, state=state, ended_on=D(2026, 3, 1))
    roll = services.attendance_record(actor=cell.secretary_user, meeting=meeting,
                                      entries=everyone(cell))
    row = meeting.attendance.get(member=hai)
    assert (row.member_status, row.presence) == ("full", "present")
    assert roll.expected == 7


def _unexcused_meeting(cell, month, absent):
    m = services.meeting_create(
        actor=cell.secretary_user, cell=cell.cell_a1, kind=MeetingKind.REGULAR,
        scheduled_at=at(2026, month, 3, 8), place="Nhà văn hóa",
    )
    entries = [{**e, "presence": "unexcused"} if e["member"] in absent else e
               for e in everyone(cell)]
    services.attendance_record(actor=cell.secretary_user, meeting=m, entries=entries)
    return m


def _flag_views(cell, year=2026):
    """(flags page, grading evidence, report) for the ward: who is flagged in A1."""
    flagged, _ = selectors.absence_flags(cell.ward_staff, year=year, organization=cell.ward_a)
    page = {m.pk for m in flagged}
    members = list(cell.cell_a1.members.all())
    evidence = {pk for pk, ev in members_evidence(members, year).items() if ev["absence_flag"]}
    report = quality_report(cell.ward_a, Period("year", year), today=D(2026, 12, 31))
    [a1] = [c for c in report.cells if c.id == cell.cell_a1.pk]
    return page, evidence, a1.tally.members_flagged


def test_a_wards_own_threshold_is_honoured_by_flags_evidence_and_report(cell):
    hai, lua = member(cell, "Đặng Văn Hải"), member(cell, "Kim Thị Lụa")
    # Hải misses 2 months, Lụa 3; the general rule flags from 3 months.
    _unexcused_meeting(cell, 1, {hai.pk, lua.pk})
    _unexcused_meeting(cell, 2, {hai.pk, lua.pk})
    _unexcused_meeting(cell, 4, {lua.pk})
    assert _flag_views(cell) == ({lua.pk}, {lua.pk}, 1)
    # The ward issues its own: from 2 months. Its cells follow it everywhere.
    Policy.objects.create(key="absence.flag_months", value=2, issuer=cell.ward_a,
                          legal_basis="Quy định của Đảng ủy phường A",
                          effective_from=D(2026, 1, 1))
    assert _flag_views(cell) == ({hai.pk, lua.pk}, {hai.pk, lua.pk}, 2)
    # Another ward's rule does not reach A1.
    Policy.objects.filter(issuer=cell.ward_a).update(issuer=cell.ward_b)
    assert _flag_views(cell) == ({lua.pk}, {lua.pk}, 1)


def test_months_away_are_not_unexcused_absences(cell):
    lua = member(cell, "Kim Thị Lụa")
    _unexcused_meeting(cell, 1, {lua.pk})
    state_add(actor=cell.secretary_user, member=lua, kind=StateKind.SUSPENDED,
              started_on=D(2026, 2, 1), ended_on=D(2026, 4, 30))
    _unexcused_meeting(cell, 2, {lua.pk})  # sent as unexcused: she is suspended
    _unexcused_meeting(cell, 4, {lua.pk})
    assert _flag_views(cell) == (set(), set(), 0)
    ev = members_evidence([lua], 2026)[lua.pk]
    assert ev["meetings"]["unexcused"] == 1
