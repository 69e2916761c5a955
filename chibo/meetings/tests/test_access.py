"""Every URL of the meetings namespace: anonymous users go to the login page, users out
of scope get 404, the allowed ones get the page."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chibo.core.testing.access import Case, assert_access
from chibo.meetings import services
from chibo.meetings.models import MeetingKind

from .conftest import at, record_full_meeting


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_every_meeting_url_is_scoped(cell, meeting, media):
    city = cell
    adopted = services.meeting_create(
        actor=city.secretary_user,
        cell=city.cell_a1,
        kind=MeetingKind.REGULAR,
        scheduled_at=at(2026, 2, 3),
    )
    record_full_meeting(city, adopted)
    services.meeting_adopt(actor=city.secretary_user, meeting=adopted)
    document = services.document_attach(
        actor=city.secretary_user,
        meeting=meeting,
        upload=SimpleUploadedFile("chuong-trinh.pdf", b"%PDF-1.4 test", "application/pdf"),
    )
    guest = services.guest_add(actor=city.secretary_user, meeting=meeting, name="Lê Văn Khách")
    speech = services.speech_add(
        actor=city.secretary_user, meeting=meeting, text="Ý kiến", speaker_name="Khách"
    )
    task = services.task_assign(
        actor=city.secretary_user,
        meeting=meeting,
        assignee=city.member,
        title="Nhiệm vụ",
        deadline=dt.date(2026, 3, 31),
    )
    m, a = meeting.pk, adopted.pk

    readers = [city.city_staff, city.ward_staff, city.secretary_user, city.member_user]
    writers = [city.city_staff, city.ward_staff, city.secretary_user]
    not_writers = [city.outsider, city.member_user]

    def read(name, *args, **kw):
        return Case(
            reverse(f"meetings:{name}", args=args), allowed=readers, outsiders=[city.outsider], **kw
        )

    def write(name, *args, **kw):
        return Case(
            reverse(f"meetings:{name}", args=args), allowed=writers, outsiders=not_writers, **kw
        )

    def post(name, *args, data=None, ok=(302,)):
        return write(name, *args, method="post", data=data or {}, ok_status=ok)

    everyone = [city.admin, *readers, city.outsider]
    assert_access(
        "meetings",
        {
            "list": Case(reverse("meetings:list"), allowed=everyone),
            "plan": Case(
                reverse("meetings:plan"),
                allowed=[city.admin, *writers, city.outsider],
                outsiders=[city.member_user],
            ),
            "tasks": Case(reverse("meetings:tasks"), allowed=everyone),
            "absences": Case(
                reverse("meetings:absences"),
                allowed=[city.admin, *writers, city.outsider],
                outsiders=[city.member_user],
            ),
            "minute_book": read("minute_book", city.cell_a1.pk, 2026),
            "detail": read("detail", m),
            "document": read("document", m, document.pk),
            "minutes_docx": read("minutes_docx", a),
            "minutes_pdf": read("minutes_pdf", a),
            "resolution_docx": read("resolution_docx", a),
            "resolution_pdf": read("resolution_pdf", a),
            "reschedule": write("reschedule", m),
            "cancel": write("cancel", m),
            "prepare": write("prepare", m),
            "attendance": write("attendance", m),
            "record": write("record", m),
            "adopt": write("adopt", m),
            "amend": write("amend", a),
            "history": write("history", a),
            # POSTs: invalid input re-renders the page (200); others redirect (302).
            "document_add": post("document_add", m, ok=(200,)),
            "document_remove": post("document_remove", m, document.pk),
            "documents_sent": post("documents_sent", m),
            "guest_add": post("guest_add", m, data={"name": "Khách"}),
            "guest_remove": post("guest_remove", m, guest.pk),
            "speech_add": post(
                "speech_add", m, data={"speaker_name": "Khách", "text": "Ý", "section": "news"}
            ),
            "speech_remove": post("speech_remove", m, speech.pk),
            "reviews": post("reviews", m),
            "task_add": post("task_add", m, ok=(200,)),
            "task_remove": post("task_remove", m, task.pk),
            "vote": post("vote", m, ok=(200,)),
            "score": post("score", m),
        },
    )
