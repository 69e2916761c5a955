"""Recognition as a full member and removal from the list: the cell's vote against the
recognition majority (exactly two thirds passes, one vote fewer does not), the decision
kept to the higher committee, the status changed only by it, with history."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from chibo.core.testing.clock import travel
from chibo.core.testing.factories import MemberFactory
from chibo.meetings import services as meeting_services
from chibo.meetings.models import Attendance, Meeting, MeetingKind
from chibo.members import services, services_life
from chibo.members.models import MemberStatus, Probation, ProbationState, RemovalState

D = dt.date
pytestmark = pytest.mark.clock


def at(day, hour=8):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def cell(city):
    """Chi bộ A1: the secretary and 5 more full members (6 full), one exempt, and Xuân,
    admitted 15/04/2025, whose probation ends 15/04/2026."""
    for name in ["Đặng Văn Hải", "Kim Thị Lụa", "Mạc Văn Nam", "Vi Thị Quế"]:
        MemberFactory(organization=city.cell_a1, full_name=name)
    MemberFactory(organization=city.cell_a1, full_name="Tạ Văn Phúc", status="exempt",
                  exempt_reason="Tuổi cao, sức yếu")
    with travel(D(2025, 4, 16)):
        city.xuan = services.member_create(
            actor=city.secretary_user, organization=city.cell_a1, full_name="Hà Thị Xuân",
            gender="female", date_of_birth=D(1999, 4, 2), card_number="DB0001",
            admitted_on=D(2025, 4, 15), status="probationary",
        )
    return city


MAY_3 = D(2026, 5, 3)


def held_meeting(city, day=MAY_3, *, absent=("Tạ Văn Phúc",)):
    """A regular meeting of A1, everyone present but `absent` (unexcused)."""
    meeting = meeting_services.meeting_create(
        actor=city.secretary_user, cell=city.cell_a1, kind=MeetingKind.REGULAR,
        scheduled_at=at(day), place="Nhà văn hóa khu phố A1",
    )
    entries = [
        {"member": m.pk, "presence": "unexcused" if m.full_name in absent else "present",
         "reason": ""}
        for m in city.cell_a1.members.exclude(status="removed")
    ]
    meeting_services.attendance_record(actor=city.secretary_user, meeting=meeting,
                                       entries=entries)
    return meeting


def test_the_consideration_goes_on_the_cells_agenda(cell):
    probation = cell.xuan.probation
    early = meeting_services.meeting_create(
        actor=cell.secretary_user, cell=cell.cell_a1, kind=MeetingKind.REGULAR,
        scheduled_at=at(D(2026, 4, 3)), place="Nhà văn hóa",
    )
    with travel(D(2026, 4, 1)), pytest.raises(ValidationError, match="còn trong thời kỳ dự bị"):
        services_life.probation_schedule(actor=cell.secretary_user, probation=probation,
                                         meeting=early)
    meeting = held_meeting(cell)
    with travel(D(2026, 5, 3)):
        services_life.probation_schedule(actor=cell.secretary_user, probation=probation,
                                         meeting=meeting)
    titles = list(meeting.agenda.values_list("title", flat=True))
    assert "Xét công nhận đảng viên chính thức cho đồng chí Hà Thị Xuân" in titles
    assert titles[-1] != "Xét công nhận đảng viên chính thức cho đồng chí Hà Thị Xuân"


def _vote(city, votes_for, *, absent=("Tạ Văn Phúc",)):
    probation = city.xuan.probation
    meeting = held_meeting(city, absent=absent)
    with travel(D(2026, 5, 3)):
        services_life.probation_schedule(actor=city.secretary_user, probation=probation,
                                         meeting=meeting)
        present_voters = 6 - sum(1 for n in absent if n != "Tạ Văn Phúc")
        return services_life.probation_vote(
            actor=city.secretary_user, probation=probation, proposal="recognize",
            votes_for=votes_for, votes_against=present_voters - votes_for, votes_abstain=0,
        )


def test_exactly_two_thirds_of_the_full_members_passes(cell):
    # 6 full members count (the exempt one is absent): 4 of 6 is exactly two thirds.
    result = _vote(cell, 4)
    assert (result.eligible, result.votes_for, result.passed) == (6, 4, True)
    probation = Probation.objects.get(pk=cell.xuan.probation.pk)
    assert probation.state == ProbationState.PROPOSED
    assert (probation.votes_for, probation.eligible, probation.vote_rounds) == (4, 6, 1)
    cell.xuan.refresh_from_db()
    assert cell.xuan.status == MemberStatus.PROBATIONARY  # the cell only proposes


def test_one_vote_below_two_thirds_does_not_pass(cell):
    result = _vote(cell, 3)
    assert (result.eligible, result.passed) == (6, False)
    probation = Probation.objects.get(pk=cell.xuan.probation.pk)
    assert probation.state == ProbationState.ON_PROBATION
    assert probation.vote_rounds == 1


def test_three_rounds_short_go_to_the_committee(cell):
    probation = cell.xuan.probation
    for month in (5, 6, 7):
        meeting = held_meeting(cell, D(2026, month, 3))
        with travel(D(2026, month, 3)):
            services_life.probation_schedule(actor=cell.secretary_user,
                                             probation=probation, meeting=meeting)
            services_life.probation_vote(actor=cell.secretary_user, probation=probation,
                                         proposal="recognize", votes_for=3, votes_against=3,
                                         votes_abstain=0)
        probation.refresh_from_db()
    assert probation.state == ProbationState.REFERRED
    assert probation.vote_rounds == 3


def test_only_the_higher_committee_decides_and_the_date_is_the_end_of_probation(cell):
    _vote(cell, 5)
    probation = Probation.objects.get(pk=cell.xuan.probation.pk)
    with travel(D(2026, 5, 20)):
        for wrong in (cell.secretary_user, cell.outsider, cell.member_user):
            with pytest.raises(ValidationError, match="cấp ủy cấp trên"):
                services_life.probation_decide(
                    actor=wrong, probation=probation, outcome="recognized",
                    decision_number="45-QĐ/ĐU", decided_on=D(2026, 5, 20),
                )
        with pytest.raises(ValidationError) as refused:
            services_life.probation_decide(
                actor=cell.ward_staff, probation=probation, outcome="struck",
                decision_number="45-QĐ/ĐU", decided_on=D(2026, 5, 20),
            )
        assert "cần ghi lý do" in str(refused.value)
        services_life.probation_decide(
            actor=cell.ward_staff, probation=probation, outcome="recognized",
            decision_number="45-QĐ/ĐU", decided_on=D(2026, 5, 20),
        )
        with pytest.raises(ValidationError, match="đã được cấp ủy quyết định"):
            services_life.probation_decide(
                actor=cell.city_staff, probation=probation, outcome="recognized",
                decision_number="46-QĐ/ĐU", decided_on=D(2026, 5, 20),
            )
    cell.xuan.refresh_from_db()
    assert cell.xuan.status == MemberStatus.FULL
    assert cell.xuan.full_member_on == D(2026, 4, 15)  # the end of probation, not the decision
    assert cell.xuan.history.first().history_user == cell.ward_staff


def test_the_member_form_cannot_make_a_probationary_member_full(cell):
    with pytest.raises(ValidationError, match="theo quyết định của cấp ủy"):
        services.member_update(actor=cell.secretary_user, member=cell.xuan, status="full",
                               full_member_on=D(2026, 4, 15))
    with pytest.raises(ValidationError, match="xóa tên chỉ theo quyết định"):
        services.member_update(actor=cell.secretary_user, member=cell.member, status="removed")


def _absent_months(city, member, months):
    """Meetings of A1 in 2026 where `member` was absent without reason in `months`."""
    for month in months:
        held_meeting(city, D(2026, month, 3), absent=("Tạ Văn Phúc", member.full_name))


def test_the_removal_flow_end_to_end(cell):
    from chibo.notifications.models import Notification

    bao = cell.member
    _absent_months(cell, bao, [2])
    with travel(D(2026, 6, 1)), pytest.raises(ValidationError, match="chưa đến 3 tháng"):
        services_life.removal_propose(actor=cell.secretary_user, member=bao, year=2026,
                                      reason="Đã gặp, không chuyển biến")
    _absent_months(cell, bao, [3, 5])
    with travel(D(2026, 6, 1)):
        proposal = services_life.removal_propose(
            actor=cell.secretary_user, member=bao, year=2026,
            reason="Chi ủy đã gặp hai lần, đồng chí không chuyển biến",
        )
        assert proposal.months == ["2026-02", "2026-03", "2026-05"]
        assert proposal.months_display() == "02/2026, 03/2026, 05/2026"
        with pytest.raises(ValidationError, match="đang chờ"):
            services_life.removal_propose(actor=cell.secretary_user, member=bao, year=2026,
                                          reason="Lần nữa")
        assert Notification.objects.filter(user=cell.ward_staff,
                                           text__contains="đề nghị xóa tên").exists()
        bao.refresh_from_db()
        assert bao.status == MemberStatus.FULL  # a proposal changes nothing by itself
        with pytest.raises(ValidationError, match="cấp ủy cấp trên"):
            services_life.removal_decide(actor=cell.secretary_user, proposal=proposal,
                                         approve=True, decision_number="12-QĐ/ĐU",
                                         decided_on=D(2026, 6, 1))
        services_life.removal_decide(actor=cell.ward_staff, proposal=proposal, approve=True,
                                     decision_number="12-QĐ/ĐU", decided_on=D(2026, 6, 1))
    proposal.refresh_from_db()
    assert proposal.state == RemovalState.APPROVED
    bao.refresh_from_db()
    assert bao.status == MemberStatus.REMOVED
    assert bao.memberships.get().ended_on == D(2026, 6, 1)
    assert "12-QĐ/ĐU" in bao.memberships.get().reason
    # Out of the cell's roll from now on, still in the roll calls already kept.
    meeting = Meeting.objects.filter(organization=cell.cell_a1).order_by("scheduled_at").last()
    assert Attendance.objects.filter(meeting=meeting, member=bao).exists()
    assert bao not in meeting_services.expected_members(meeting)
    assert Notification.objects.filter(user=cell.secretary_user,
                                       text__contains="đồng ý xóa tên").exists()


def test_the_committee_may_refuse_a_removal(cell):
    bao = cell.member
    _absent_months(cell, bao, [1, 2, 3])
    with travel(D(2026, 4, 10)):
        proposal = services_life.removal_propose(
            actor=cell.secretary_user, member=bao, year=2026, reason="Vắng 3 tháng",
        )
        with pytest.raises(ValidationError, match="lý do không đồng ý"):
            services_life.removal_decide(actor=cell.city_staff, proposal=proposal,
                                         approve=False, decided_on=D(2026, 4, 10))
        services_life.removal_decide(actor=cell.city_staff, proposal=proposal, approve=False,
                                     decided_on=D(2026, 4, 10),
                                     note="Đồng chí đi điều trị bệnh, chi bộ chưa nắm")
    bao.refresh_from_db()
    assert bao.status == MemberStatus.FULL
    assert proposal.history.first().history_user == cell.city_staff


def test_a_struck_member_leaves_the_list_but_not_the_record(cell):
    from chibo.members.selectors import member_list

    bao = cell.member
    bao.status = MemberStatus.REMOVED
    bao.save()
    assert bao not in member_list(cell.ward_staff)
    assert list(member_list(cell.ward_staff, status="removed")) == [bao]
