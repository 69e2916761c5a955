"""Every write to a meeting's parts leaves a history row naming who made it."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from chibo.meetings import services
from chibo.meetings.models import (
    AgendaItem,
    Attendance,
    Guest,
    MeetingDocument,
    MeetingKind,
    MinutesVersion,
    Speech,
    Task,
    TaskReview,
)

from .conftest import at, record_full_meeting


def _actors(model, **filters) -> list[tuple[str, str]]:
    rows = model.history.filter(**filters).order_by("history_id")
    return [(r.history_type, r.history_user.username if r.history_user else None) for r in rows]


def test_every_part_of_a_meeting_is_written_with_its_actor(cell, meeting, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    secretary, ward = cell.secretary_user, cell.ward_staff
    # The agenda made with the meeting, then replaced by the ward's staff.
    assert {a for a in _actors(AgendaItem, meeting_id=meeting.pk)} == {("+", "secretary")}
    services.agenda_set(actor=ward, meeting=meeting, titles=["Khai mạc", "Thời sự"])
    after = _actors(AgendaItem, meeting_id=meeting.pk)
    assert ("-", "ward") in after and after[-1] == ("+", "ward")

    record_full_meeting(cell, meeting)
    assert set(_actors(Attendance, meeting_id=meeting.pk)) == {("+", "secretary")}
    for presence, reason in (("excused", "Ốm"), ("present", "")):  # and back: the vote holds
        services.attendance_record(
            actor=ward, meeting=meeting,
            entries=[{"member": cell.extra[4].pk, "presence": presence, "reason": reason}],
        )
    assert _actors(Attendance, meeting_id=meeting.pk, member_id=cell.extra[4].pk)[-1] == (
        "~", "ward")

    guest = services.guest_add(actor=ward, meeting=meeting, name="Lê Văn Khách", office="Phường")
    services.guest_remove(actor=secretary, meeting=meeting, guest_id=guest.pk)
    assert _actors(Guest, id=guest.pk) == [("+", "ward"), ("-", "secretary")]

    speech = services.speech_add(actor=ward, meeting=meeting, text="Ý kiến", member=cell.member)
    services.speech_remove(actor=secretary, meeting=meeting, speech_id=speech.pk)
    assert _actors(Speech, id=speech.pk) == [("+", "ward"), ("-", "secretary")]

    upload = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    document = services.document_attach(actor=ward, meeting=meeting, upload=upload)
    services.document_remove(actor=secretary, meeting=meeting, document_id=document.pk)
    assert _actors(MeetingDocument, id=document.pk) == [("+", "ward"), ("-", "secretary")]

    task = services.task_assign(actor=ward, meeting=meeting, assignee=cell.member,
                                title="Việc thử", deadline=dt.date(2026, 3, 31))
    services.task_remove(actor=secretary, meeting=meeting, task_id=task.pk)
    assert _actors(Task, id=task.pk) == [("+", "ward"), ("-", "secretary")]

    kept = services.task_assign(actor=secretary, meeting=meeting, assignee=cell.member,
                                title="Việc tháng tư", deadline=dt.date(2026, 3, 31))
    version = services.meeting_adopt(actor=secretary, meeting=meeting)
    amended = services.minutes_amend(actor=ward, meeting=meeting, reason="Ghi sót",
                                     content={"conclusion": "Kết luận đủ."})
    assert _actors(MinutesVersion, id=version.pk) == [("+", "secretary")]
    assert _actors(MinutesVersion, id=amended.pk) == [("+", "ward")]
    assert not hasattr(MinutesVersion.history.model, "snapshot")  # the record itself

    april = services.meeting_create(actor=secretary, cell=cell.cell_a1,
                                    kind=MeetingKind.REGULAR, scheduled_at=at(2026, 4, 3))
    services.task_reviews_record(actor=ward, meeting=april,
                                 entries=[{"task": kept, "result": "done", "comment": "Xong"}])
    assert _actors(TaskReview, task_id=kept.pk) == [("+", "ward")]


def test_the_meetings_history_page_says_who_changed_what(client, cell, meeting):
    cell.secretary_user.first_name = "Nguyễn Thị Thu"  # the full name, as accounts keep it
    cell.secretary_user.save()
    services.content_update(actor=cell.ward_staff, meeting=meeting, conclusion="Kết luận đầu")
    services.content_update(actor=cell.secretary_user, meeting=meeting, conclusion="Kết luận sau")
    services.speech_add(
        actor=cell.secretary_user, meeting=meeting, member=cell.member, text="Tôi đề nghị thêm"
    )
    client.force_login(cell.ward_staff)
    detail = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert f"/meetings/{meeting.pk}/history/" in detail
    page = client.get(f"/meetings/{meeting.pk}/history/").content.decode()
    assert "Lịch sử thay đổi" in page
    assert "Kết luận đầu" in page and "Kết luận sau" in page  # old → new
    assert "Tôi đề nghị thêm" in page
    assert "Nguyễn Thị Thu" in page  # who wrote the later conclusion and the speech
    # A plain member reads the meeting but not who changed it.
    client.force_login(cell.member_user)
    assert f"/meetings/{meeting.pk}/history/" not in client.get(
        f"/meetings/{meeting.pk}/"
    ).content.decode()
    assert client.get(f"/meetings/{meeting.pk}/history/").status_code == 404
