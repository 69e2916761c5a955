"""A real meeting, recorded and adopted through the services, for the renderers to print.

Re-exports the meetings fixtures (`cell`, `meeting`) so the documents tests build the
same cell: Chi bộ khu phố A1 under Đảng bộ phường A, eight members."""

import datetime as dt

import pytest

from chibo.meetings import services
from chibo.meetings.models import MeetingKind
from chibo.meetings.snapshot import current_minutes
from chibo.meetings.tests import conftest as meetings_conftest
from chibo.meetings.tests.conftest import at, record_full_meeting

cell = meetings_conftest.cell
meeting = meetings_conftest.meeting

ABSENT = {
    "Kim Thị Lụa": ("excused", "Đi công tác tại Hà Nội"),
    "Mạc Văn Nam": ("unexcused", ""),
    "Tạ Văn Phúc": ("excused", "Ốm đau, điều trị tại bệnh viện"),
}


def _february_task(cell):
    """Last month's meeting, adopted, with a task the March meeting reviews."""
    february = services.meeting_create(
        actor=cell.secretary_user,
        cell=cell.cell_a1,
        kind=MeetingKind.REGULAR,
        scheduled_at=at(2026, 2, 3, 8),
    )
    task = services.task_assign(
        actor=cell.secretary_user,
        meeting=february,
        assignee=cell.extra[0],
        title="Vận động các hộ gia đình phân loại rác tại nguồn",
        deadline=dt.date(2026, 2, 28),
    )
    record_full_meeting(cell, february)
    services.meeting_adopt(actor=cell.secretary_user, meeting=february)
    return task


def fill_meeting(cell, meeting, *, with_history=True):
    """Everything the minutes record, short of adoption."""
    old_task = _february_task(cell) if with_history else None
    actor = cell.secretary_user
    services.guest_add(
        actor=actor, meeting=meeting, name="Lương Văn Sơn", office="Bí thư Đoàn phường A"
    )
    services.guest_add(
        actor=actor,
        meeting=meeting,
        name="Hà Thị Tuyết",
        office="Ủy viên Ban Thường vụ Đảng ủy phường A",
        is_higher_official=True,
    )
    record_full_meeting(cell, meeting, absent=ABSENT)
    services.content_update(
        actor=actor,
        meeting=meeting,
        review_results="Chi bộ lãnh đạo hoàn thành thu đảng phí; 100% hộ gia đình ký cam kết "
        "giữ gìn vệ sinh môi trường.",
        review_shortcomings="Một số đảng viên chưa gương mẫu tham gia sinh hoạt khu dân cư.",
        review_causes="Đảng viên cao tuổi, sức khỏe hạn chế.",
        news="Kết quả Hội nghị Trung ương lần thứ nhất khóa XIV.\nTình hình kinh tế - xã hội "
        "của phường tháng 2.",
        study_item="Đọc và thảo luận bài “Cần, kiệm, liêm, chính” của Chủ tịch Hồ Chí Minh.",
        self_criticism="Đồng chí Mạc Văn Nam vắng không lý do, chi bộ nhắc nhở.",
        next_month="Tổ chức ra quân làm sạch đường làng, ngõ xóm; vận động nhân dân tham gia "
        "bầu cử đại biểu Quốc hội.",
        resolution="Chi bộ thống nhất 3 chỉ tiêu của tháng 3 năm 2026.",
    )
    if old_task is not None:
        services.task_review_record(
            actor=actor,
            meeting=meeting,
            task=old_task,
            result="partly",
            comment="Đạt 80% số hộ & còn 12 hộ chưa thực hiện",
        )
    services.speech_add(
        actor=actor,
        meeting=meeting,
        member=cell.member,
        text="Đề nghị chi bộ quan tâm hơn đến công tác vệ sinh môi trường.",
    )
    services.speech_add(
        actor=actor,
        meeting=meeting,
        speaker_name="Hà Thị Tuyết",
        text="Ghi nhận kết quả của chi bộ; đề nghị làm tốt công tác chuẩn bị bầu cử.",
    )
    services.task_assign(
        actor=actor,
        meeting=meeting,
        assignee=cell.member,
        title="Tuyên truyền bầu cử đại biểu Quốc hội khóa XVI",
        deadline=dt.date(2026, 3, 15),
    )
    services.task_assign(
        actor=actor,
        meeting=meeting,
        assignee=cell.extra[2],
        title="Rà soát danh sách cử tri khu phố",
        deadline=dt.date(2026, 3, 31),
    )
    services.score_record(
        actor=actor,
        meeting=meeting,
        items={
            "preparation": 9,
            "conduct": 26,
            "chairing": 9,
            "principles": 5,
            "results": 27,
            "closing": 5,
        },
    )
    return meeting


@pytest.fixture
def draft_snapshot(cell, meeting):
    fill_meeting(cell, meeting)
    return current_minutes(meeting)


@pytest.fixture
def adopted_snapshot(cell, meeting):
    fill_meeting(cell, meeting)
    services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)
    return current_minutes(meeting)
