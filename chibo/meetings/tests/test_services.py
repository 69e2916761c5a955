import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chibo.meetings import services
from chibo.meetings.models import Meeting, MeetingKind, MeetingStatus, TaskStatus
from chibo.meetings.selectors import quality_score, tasks_for_review
from chibo.meetings.snapshot import current_minutes
from chibo.notifications.models import Notification

from .conftest import at, record_full_meeting


def test_plan_month_uses_the_policy_day_and_notifies(cell):
    created = services.plan_month(
        actor=cell.city_staff, cells=[cell.cell_a1, cell.cell_a2], year=2026, month=4
    )
    regular = [m for m in created if m.kind == MeetingKind.REGULAR]
    assert len(regular) == 2
    assert {m.scheduled_at.astimezone(at(2026, 1, 1).tzinfo).day for m in regular} == {3}
    again = services.plan_month(actor=cell.city_staff, cells=[cell.cell_a1], year=2026, month=4)
    assert again == []
    assert Notification.objects.filter(user=cell.member_user, text__contains="04/2026").exists()
    assert [a.title for a in regular[0].agenda.all()][0].startswith("Khai mạc")


def test_full_flow_adopt_lock_and_follow_up(cell, meeting):
    roll = record_full_meeting(
        cell,
        meeting,
        absent={
            "Kim Thị Lụa": ("excused", "Đi công tác"),
            "Mạc Văn Nam": ("unexcused", ""),
            "Tạ Văn Phúc": ("excused", "Ốm"),
        },
    )
    assert (roll.total, roll.present) == (8, 5)
    task_a = services.task_assign(
        actor=cell.secretary_user,
        meeting=meeting,
        assignee=cell.member,
        title="Vận động hộ gia đình phân loại rác",
        deadline=dt.date(2026, 3, 31),
    )
    task_b = services.task_assign(
        actor=cell.secretary_user,
        meeting=meeting,
        assignee=cell.extra[0],
        title="Rà soát hộ nghèo khu phố",
        deadline=dt.date(2026, 3, 31),
    )
    meeting.refresh_from_db()
    # The report columns: 7 who must attend (the exempt Tạ Văn Phúc left out), 5 present.
    assert (meeting.roll_expected, meeting.roll_present) == (7, 5)
    before = meeting.history.count()
    version = services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ADOPTED and len(version.content_hash) == 64
    score = version.snapshot["score"]
    assert (meeting.quality_total, meeting.quality_band) == (score["total"], score["band"])
    assert meeting.history.count() == before + 1  # the adoption; none for the score's copy
    absentees = {a["name"]: a for a in version.snapshot["absentees"]}
    assert absentees["Kim Thị Lụa"]["reason"] == "Đi công tác"
    assert absentees["Mạc Văn Nam"]["presence_label"] == "Vắng không lý do"

    with pytest.raises(services.MeetingLocked):
        services.content_update(actor=cell.secretary_user, meeting=meeting, news="sửa")
    with pytest.raises(services.MeetingLocked):
        services.attendance_record(actor=cell.secretary_user, meeting=meeting, entries=[])

    april = services.meeting_create(
        actor=cell.secretary_user,
        cell=cell.cell_a1,
        kind=MeetingKind.REGULAR,
        scheduled_at=at(2026, 4, 3),
    )
    assert list(tasks_for_review(april)) == [task_a, task_b]
    services.task_review_record(
        actor=cell.secretary_user,
        meeting=april,
        task=task_a,
        result="done",
        comment="Đạt 90% số hộ",
    )
    record_full_meeting(cell, april)
    services.meeting_adopt(actor=cell.secretary_user, meeting=april)
    task_a.refresh_from_db(), task_b.refresh_from_db()
    assert task_a.status == TaskStatus.DONE
    assert task_b.status == TaskStatus.OPEN  # not reported: carried forward
    may = services.meeting_create(
        actor=cell.secretary_user,
        cell=cell.cell_a1,
        kind=MeetingKind.REGULAR,
        scheduled_at=at(2026, 5, 3),
    )
    assert list(tasks_for_review(may)) == [task_b]


def test_amendment_keeps_both_versions(cell, meeting):
    record_full_meeting(cell, meeting)
    first = services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)
    second = services.minutes_amend(
        actor=cell.secretary_user,
        meeting=meeting,
        reason="Ghi sót ý kiến kết luận",
        content={"conclusion": "Kết luận đầy đủ."},
    )
    first.refresh_from_db()
    assert first.snapshot["content"]["conclusion"] == "Chi bộ thống nhất các nhiệm vụ tháng tới."
    assert second.snapshot["content"]["conclusion"] == "Kết luận đầy đủ."
    assert second.number == 2 and second.content_hash != first.content_hash
    assert current_minutes(meeting)["amendment_reason"] == "Ghi sót ý kiến kết luận"
    meeting.refresh_from_db()
    assert meeting.conclusion == "Chi bộ thống nhất các nhiệm vụ tháng tới."  # not in place


def test_adopt_refuses_incomplete_minutes(cell, meeting):
    with pytest.raises(ValidationError, match="điểm danh"):
        services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)


def test_excused_absence_needs_a_reason(cell, meeting):
    with pytest.raises(ValidationError, match="cần ghi lý do"):
        services.attendance_record(
            actor=cell.secretary_user,
            meeting=meeting,
            entries=[{"member": cell.member.pk, "presence": "excused", "reason": ""}],
        )


def test_vote_cannot_exceed_voters_present(cell, meeting):
    roll = record_full_meeting(cell, meeting)
    with pytest.raises(ValidationError, match="lớn hơn"):
        services.vote_record(
            actor=cell.secretary_user,
            meeting=meeting,
            votes_for=roll.voters_present() + 1,
            votes_against=0,
            votes_abstain=0,
        )


def test_score_fills_automatic_parts_and_band(cell, meeting):
    record_full_meeting(cell, meeting)
    score = quality_score(meeting)
    by_code = {i["code"]: i for i in score["items"]}
    assert by_code["time"]["points"] == 5 and by_code["time"]["automatic"]
    assert by_code["attendance"]["points"] == 5  # everyone present: 4 + 1
    assert by_code["results"]["points"] is None  # nothing to follow up in the first month
    score = services.score_record(
        actor=cell.secretary_user,
        meeting=meeting,
        items={
            "preparation": 9,
            "conduct": 22,
            "chairing": 9,
            "principles": 5,
            "results": 28,
            "closing": 5,
            "time": 0,
        },
    )
    assert score["complete"] and score["total"] == 88 and score["band"] == "Khá"
    with pytest.raises(ValidationError, match="từ 0 đến 10"):
        services.score_record(actor=cell.secretary_user, meeting=meeting, items={"preparation": 11})


def test_reschedule_needs_reason_and_notifies(cell, meeting):
    with pytest.raises(ValidationError):
        services.meeting_reschedule(
            actor=cell.secretary_user, meeting=meeting, scheduled_at=at(2026, 3, 5), reason=""
        )
    services.meeting_reschedule(
        actor=cell.secretary_user,
        meeting=meeting,
        scheduled_at=at(2026, 3, 5, 19, 30),
        reason="Trùng lịch họp tổ dân phố",
    )
    assert Notification.objects.filter(
        user=cell.member_user, text__contains="19:30 05/03/2026"
    ).exists()
    assert Meeting.objects.get(pk=meeting.pk).period == dt.date(2026, 3, 1)


def test_adopt_refuses_a_partial_roll_call(cell, meeting):
    record_full_meeting(cell, meeting)
    from chibo.core.testing.factories import MemberFactory

    MemberFactory(organization=cell.cell_a1, full_name="Lò Văn Mới")
    with pytest.raises(ValidationError, match="điểm danh 1 đảng viên còn lại"):
        services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)


def test_chi_uy_meeting_calls_only_the_chi_uy(cell):
    from chibo.members.models import Position

    deputy = cell.extra[0]
    deputy.position = Position.DEPUTY
    deputy.save()
    meeting = services.meeting_create(actor=cell.secretary_user, cell=cell.cell_a1,
                                      kind=MeetingKind.COMMITTEE, scheduled_at=at(2026, 3, 1))
    members, _ = services.roll_for(meeting)
    assert {m.full_name for m in members} == {"Nguyễn Thị Thu", "Đặng Văn Hải"}
    services.attendance_record(actor=cell.secretary_user, meeting=meeting, entries=[
        {"member": m.pk, "presence": "present"} for m in members])
    start = at(2026, 3, 1, 8)
    services.content_update(actor=cell.secretary_user, meeting=meeting, started_at=start,
                            ended_at=at(2026, 3, 1, 9), chair=cell.secretary,
                            minute_taker=deputy)
    version = services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)
    assert version.snapshot["counts"]["total"] == 2
