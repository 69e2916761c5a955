"""The roll call page: what is saved, and the Vietnamese message (with the choices kept)
when the input is wrong."""



from chibo.meetings.models import MeetingStatus

from .conftest import page_text, url


def test_roll_call_excused_needs_a_reason_and_keeps_the_choices(secretary, cell, meeting):
    members = {m.full_name: m for m in cell.cell_a1.members.all()}
    lua, nam = members["Kim Thị Lụa"], members["Mạc Văn Nam"]
    response = secretary.post(
        url("attendance", meeting),
        {
            f"presence_{cell.secretary.pk}": "present",
            f"presence_{lua.pk}": "excused",
            f"reason_{lua.pk}": "",
            f"presence_{nam.pk}": "unexcused",
        },
    )
    body = page_text(response)
    assert "Kim Thị Lụa: vắng có lý do cần ghi lý do." in body
    assert f'id="p{nam.pk}-unexcused" value="unexcused" checked' in body
    assert f'id="p{lua.pk}-excused" value="excused" checked' in body
    assert meeting.attendance.count() == 0
    nothing = secretary.post(url("attendance", meeting), {})
    assert "Chưa điểm danh đảng viên nào." in page_text(nothing)


def test_roll_call_saves_and_counts(secretary, cell, meeting):
    data = {f"presence_{m.pk}": "present" for m in cell.cell_a1.members.all()}
    lua = cell.cell_a1.members.get(full_name="Kim Thị Lụa")
    data.update(
        {f"presence_{lua.pk}": "excused", f"reason_{lua.pk}": "Đi công tác", "next": "record"}
    )
    response = secretary.post(url("attendance", meeting), data, follow=True)
    assert response.redirect_chain[-1][0] == url("record", meeting)
    assert "Đã lưu điểm danh: có mặt 7/8 đồng chí." in page_text(response)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert meeting.attendance.get(member=lua).reason == "Đi công tác"
    page = secretary.get(url("attendance", meeting))
    assert page.context["counts"] == {
        "total": 8, "full": 6, "probationary": 1, "exempt": 1,
        "present": 7, "excused": 1, "unexcused": 0, "unmarked": 0,
    }  # fmt: skip
