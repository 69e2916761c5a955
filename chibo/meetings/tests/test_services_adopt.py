"""Adoption, its refusals and amendments; tasks followed up across meetings
(services_adopt, services_tasks)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chibo.meetings import services
from chibo.meetings.models import MeetingKind, MeetingStatus, TaskStatus
from chibo.meetings.selectors import tasks_for_review
from chibo.meetings.snapshot import current_minutes

from .conftest import at, record_full_meeting


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


def test_adopt_refuses_a_partial_roll_call(cell, meeting):
    record_full_meeting(cell, meeting)
    from chibo.core.testing.factories import MemberFactory

    MemberFactory(organization=cell.cell_a1, full_name="Lò Văn Mới")
    with pytest.raises(ValidationError, match="điểm danh 1 đảng viên còn lại"):
        services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)
