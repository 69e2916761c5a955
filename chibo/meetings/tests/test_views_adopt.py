"""The adopt page: what is missing, the confirmation, the adopted minutes."""



from chibo.meetings import services
from chibo.meetings.models import MeetingStatus

from .conftest import page_text, record_full_meeting, url


def test_adopt_lists_what_is_missing_and_needs_confirmation(secretary, cell, meeting):
    page = secretary.get(url("adopt", meeting))
    assert page.context["missing"] == [
        "điểm danh", "giờ bắt đầu và kết thúc", "kết quả biểu quyết", "chủ trì và thư ký",
    ]  # fmt: skip
    refused = secretary.post(url("adopt", meeting), {"confirm": "on"})
    assert "Chưa thể thông qua biên bản; còn thiếu: điểm danh" in page_text(refused)
    record_full_meeting(cell, meeting)
    unconfirmed = secretary.post(url("adopt", meeting), {})
    assert "Cần xác nhận biên bản đã được đọc lại và thông qua." in page_text(unconfirmed)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD

    response = secretary.post(url("adopt", meeting), {"confirm": "on"}, follow=True)
    meeting.refresh_from_db()
    version = meeting.versions.get()
    assert meeting.status == MeetingStatus.ADOPTED
    assert f"mã kiểm tra {version.content_hash[:12]}" in page_text(response)


def test_adopt_warns_about_members_not_on_the_roll(secretary, cell, meeting):
    services.attendance_record(
        actor=cell.secretary_user,
        meeting=meeting,
        entries=[{"member": cell.secretary.pk, "presence": "present"}],
    )
    page = secretary.get(url("adopt", meeting))
    assert page.context["unmarked"] == 7
    assert "Còn 7 đảng viên của chi bộ chưa được điểm danh" in page_text(page)
