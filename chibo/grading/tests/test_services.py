import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chibo.commitments import services as commitment_services
from chibo.core.testing.factories import MemberFactory
from chibo.grading import services
from chibo.grading.evidence import member_evidence
from chibo.grading.models import Discipline, Stage
from chibo.meetings import services as meeting_services
from chibo.meetings.models import MeetingKind
from chibo.meetings.tests.conftest import at, record_full_meeting

FULL = {
    "politics": 8,
    "ethics": 8,
    "discipline": 7,
    "relations": 7,
    "assigned": 38,
    "commitments": 18,
    "party_tasks": 9,
}  # 95


def approved_commitment(city, member, met=True):
    c = commitment_services.commitment_save(
        actor=member.user or city.secretary_user,
        year=2026,
        member=member,
        submit=True,
        items=[{"text": "Vận động 10 hộ phân loại rác", "measure": "10 hộ"}],
    )
    commitment_services.commitment_decide(actor=city.secretary_user, commitment=c, approve=True)
    commitment_services.items_result(
        actor=city.secretary_user,
        commitment=c,
        results={c.items.get().pk: "met" if met else "partly"},
    )
    return c


def test_self_review_decide_and_correct(city):
    approved_commitment(city, city.member)
    a = services.assessment_open(actor=city.member_user, year=2026, member=city.member)
    services.assessment_self(
        actor=city.member_user, assessment=a, scores=FULL, note="Hoàn thành tốt nhiệm vụ"
    )
    assert (float(a.self_total), a.self_grade, a.stage) == (95.0, "HTXSNV", Stage.SELF)
    services.assessment_review(actor=city.secretary_user, assessment=a, grade="HTXSNV")
    with pytest.raises(ValidationError, match="Hoàn thành xuất sắc nhiệm vụ \\(1\\) vượt quá 20%"):
        services.assessments_decide(actor=city.ward_staff, decisions={a.pk: "HTXSNV"})
    [a] = services.assessments_decide(actor=city.ward_staff, decisions={a.pk: "HTTNV"})
    assert a.stage == Stage.DECIDED and a.evidence["commitments"]["met"] == 1
    with pytest.raises(ValidationError, match="đính chính"):
        services.assessment_self(actor=city.member_user, assessment=a, scores=FULL)
    b = services.assessment_correct(
        actor=city.ward_staff,
        assessment=a,
        grade="HTNV",
        reason="Phát hiện vi phạm sau khi xếp loại",
    )
    a.refresh_from_db()
    assert a.stage == Stage.SUPERSEDED and a.decided_grade == "HTTNV"
    assert b.supersedes == a and b.decided_grade == "HTNV"


def test_cap_counts_the_whole_cell_with_numbers(city):
    members = [city.member, city.secretary] + [
        MemberFactory(organization=city.cell_a1) for _ in range(4)
    ]
    decisions = {}
    for i, m in enumerate(members):
        a = services.assessment_open(actor=city.admin, year=2026, member=m)
        services.assessment_self(actor=city.admin, assessment=a, scores=FULL)
        services.assessment_review(actor=city.admin, assessment=a, grade="HTTNV")
        decisions[a.pk] = "HTXSNV" if i < 2 else "HTTNV"
    with pytest.raises(ValidationError) as error:
        services.assessments_decide(actor=city.ward_staff, decisions=decisions)
    assert "(2) vượt quá 20% số Hoàn thành tốt nhiệm vụ (4 → tối đa 0)" in str(error.value)
    first = next(iter(decisions))
    decisions = {k: ("HTXSNV" if k == first else "HTTNV") for k in decisions}  # 1 of 5
    decided = services.assessments_decide(actor=city.ward_staff, decisions=decisions)
    assert sorted(a.decided_grade for a in decided).count("HTXSNV") == 1


def test_conditions_lower_the_suggested_grade(city):
    Discipline.objects.create(
        member=city.member,
        decided_on=dt.date(2026, 5, 1),
        form="reprimand",
        reason="Vi phạm quy chế",
    )
    a = services.assessment_open(actor=city.member_user, year=2026, member=city.member)
    services.assessment_self(actor=city.member_user, assessment=a, scores=FULL)
    assert a.self_grade == "HTNV"  # 95 points, but discipline bars HTXSNV and HTTNV


def test_evidence_equals_the_meetings_data(city):
    """For a member of a generated cell, the evidence counts what the meetings hold."""
    m = city.member
    results = []
    for month, presence in [
        (1, "present"),
        (2, "unexcused"),
        (3, "excused"),
        (4, "present"),
        (5, "unexcused"),
    ]:
        meeting = meeting_services.meeting_create(
            actor=city.secretary_user,
            cell=city.cell_a1,
            kind=MeetingKind.REGULAR,
            scheduled_at=at(2026, month, 3),
        )
        absent = {m.full_name: (presence, "Ốm" if presence == "excused" else "")}
        record_full_meeting(city, meeting, absent=absent if presence != "present" else None)
        if month == 1:
            task = meeting_services.task_assign(
                actor=city.secretary_user,
                meeting=meeting,
                assignee=m,
                title="Rà soát hộ nghèo",
                deadline=dt.date(2026, 2, 28),
            )
        if month == 2:
            meeting_services.task_review_record(
                actor=city.secretary_user, meeting=meeting, task=task, result="done"
            )
        meeting_services.meeting_adopt(actor=city.secretary_user, meeting=meeting)
        results.append(presence)
    ev = member_evidence(m, 2026)
    assert ev["meetings"]["present"] == results.count("present") == 2
    assert ev["meetings"]["unexcused"] == 2 and ev["meetings"]["unexcused_months"] == 2
    assert ev["meetings"]["excused_reasons"] == ["03/2026: Ốm"]
    assert ev["tasks"] == {"assigned": 1, "on_time": 1, "late": 0, "open": 0}  # done 03/02
    assert not ev["absence_flag"] and not ev["facts"]["no_unexcused_absence"]
