"""Adopted minutes cannot be changed through any page: every POST on an adopted meeting
answers with a message and changes nothing; the pages offer no edit controls, only the
amendment."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse

from chibo.meetings import services
from chibo.meetings.models import Meeting
from chibo.meetings.views_common import CANCELLED_MESSAGE, LOCKED_MESSAGE

from .conftest import record_full_meeting


@pytest.fixture
def adopted(cell, meeting, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    services.document_attach(
        actor=cell.secretary_user,
        meeting=meeting,
        upload=SimpleUploadedFile("tai-lieu.pdf", b"%PDF-1.4", "application/pdf"),
    )
    services.guest_add(actor=cell.secretary_user, meeting=meeting, name="Lê Văn Khách")
    services.speech_add(
        actor=cell.secretary_user, meeting=meeting, member=cell.member, text="Tôi đồng ý."
    )
    services.task_assign(
        actor=cell.secretary_user,
        meeting=meeting,
        assignee=cell.member,
        title="Nhiệm vụ",
        deadline=dt.date(2026, 3, 31),
    )
    record_full_meeting(cell, meeting)
    services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)
    meeting.refresh_from_db()
    return meeting


def state(meeting) -> dict:
    """Everything a page could change about a meeting."""
    meeting = Meeting.objects.get(pk=meeting.pk)
    return {
        "meeting": model_to_dict(meeting),
        "agenda": list(meeting.agenda.values_list("order", "title")),
        "attendance": list(meeting.attendance.values_list("member_id", "presence", "reason")),
        "guests": list(meeting.guests.values_list("id", "name")),
        "speeches": list(meeting.speeches.values_list("id", "text")),
        "tasks": list(meeting.tasks.values_list("id", "title", "deadline", "status")),
        "reviews": list(meeting.task_reviews.values_list("task_id", "result", "comment")),
        "documents": list(meeting.documents.values_list("id", "title")),
        "versions": list(meeting.versions.values_list("number", "content_hash")),
        "history": meeting.history.count(),
    }


def post_cases(meeting, city):
    """(url name, args, data) of every POST endpoint that edits a meeting, with data that
    would be accepted before adoption."""
    m = meeting.pk
    member = city.member.pk
    guest = meeting.guests.first().pk
    speech = meeting.speeches.first().pk
    task = meeting.tasks.first().pk
    document = meeting.documents.first().pk
    return [
        ("reschedule", [m], {"scheduled_at": "05/03/2026 19:30", "reason": "Trùng lịch"}),
        ("cancel", [m], {"reason": "Hủy"}),
        ("prepare", [m], {"order": ["1"], "title": ["Một mục"], "draft_resolution": "Mới"}),
        ("document_add", [m], {"file": SimpleUploadedFile("b.pdf", b"%PDF", "application/pdf")}),
        ("document_remove", [m, document], {}),
        ("attendance", [m], {f"presence_{member}": "unexcused"}),
        ("record", [m], {"section": "news", "news": "Sửa tin tức"}),
        (
            "record",
            [m],
            {"section": "opening", "meeting_date": "03/03/2026", "started_at": "07:00"},
        ),
        ("guest_add", [m], {"name": "Khách mới"}),
        ("guest_remove", [m, guest], {}),
        ("speech_add", [m], {"section": "discussion", "member": member, "text": "Sửa"}),
        ("speech_remove", [m, speech], {}),
        ("reviews", [m], {}),
        ("task_add", [m], {"assignee": member, "title": "Mới", "deadline": "30/04/2026"}),
        ("task_remove", [m, task], {}),
        ("vote", [m], {"votes_for": 0, "votes_against": 0, "votes_abstain": 0}),
        ("score", [m], {"preparation": "1"}),
        ("adopt", [m], {"confirm": "on"}),
    ]


def test_every_post_on_adopted_minutes_is_refused(client, cell, adopted):
    client.force_login(cell.secretary_user)
    before = state(adopted)
    cases = post_cases(adopted, cell)
    for name, args, data in cases:
        url = reverse(f"meetings:{name}", args=args)
        response = client.post(url, data, follow=True)
        assert response.redirect_chain == [(reverse("meetings:detail", args=[adopted.pk]), 302)], (
            name
        )
        # A second adopt is not a mistake to refuse: it lands on the adopted minutes.
        expected = "đã được thông qua trước đó (bản số 1" if name == "adopt" else LOCKED_MESSAGE
        assert expected in response.content.decode(), name
        assert state(adopted) == before, name
    assert {name for name, _, _ in cases} >= {
        "reschedule", "cancel", "prepare", "document_add", "document_remove", "attendance",
        "record", "guest_add", "guest_remove", "speech_add", "speech_remove", "reviews",
        "task_add", "task_remove", "vote", "score", "adopt",
    }  # fmt: skip


def test_committee_staff_cannot_change_adopted_minutes_either(client, cell, adopted):
    client.force_login(cell.city_staff)
    before = state(adopted)
    response = client.post(
        reverse("meetings:record", args=[adopted.pk]),
        {"section": "conclusion", "conclusion": "Viết lại"},
        follow=True,
    )
    assert LOCKED_MESSAGE in response.content.decode()
    assert state(adopted) == before


@pytest.mark.parametrize(
    "name", ["reschedule", "cancel", "prepare", "attendance", "record", "adopt"]
)
def test_edit_pages_of_adopted_minutes_send_back_to_the_minutes(client, cell, adopted, name):
    client.force_login(cell.secretary_user)
    response = client.get(reverse(f"meetings:{name}", args=[adopted.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("meetings:detail", args=[adopted.pk])
    expected = "đã được thông qua trước đó (bản số 1" if name == "adopt" else LOCKED_MESSAGE
    assert expected in response.content.decode()


def test_adopted_page_offers_only_the_amendment(client, cell, adopted):
    client.force_login(cell.secretary_user)
    body = client.get(reverse("meetings:detail", args=[adopted.pk])).content.decode()
    for name in ("prepare", "attendance", "record", "adopt", "reschedule", "cancel"):
        assert reverse(f"meetings:{name}", args=[adopted.pk]) not in body, name
    assert 'method="post"' not in body.split("<main", 1)[1]
    assert reverse("meetings:amend", args=[adopted.pk]) in body
    assert adopted.versions.get().content_hash in body


def test_cancelled_meeting_is_not_edited(client, cell, meeting):
    services.meeting_cancel(actor=cell.secretary_user, meeting=meeting, reason="Mưa bão")
    client.force_login(cell.secretary_user)
    before = state(meeting)
    response = client.post(
        reverse("meetings:guest_add", args=[meeting.pk]), {"name": "Khách"}, follow=True
    )
    assert CANCELLED_MESSAGE in response.content.decode()
    assert state(meeting) == before


def test_amendment_keeps_both_versions_and_the_meeting_rows(client, cell, adopted):
    client.force_login(cell.secretary_user)
    before = state(adopted)
    url = reverse("meetings:amend", args=[adopted.pk])
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name, "") for name in form.fields}

    missing_reason = client.post(url, {**data, "reason": ""})
    assert "Cần ghi lý do đính chính." in missing_reason.content.decode()
    unchanged = client.post(url, {**data, "reason": "Không sửa gì"})
    assert "Bản đính chính không khác bản hiện hành." in unchanged.content.decode()
    assert adopted.versions.count() == 1

    response = client.post(
        url,
        {**data, "reason": "Ghi sót ý kiến kết luận", "conclusion": "Kết luận đầy đủ."},
        follow=True,
    )
    assert "Đã lập bản đính chính số 2" in response.content.decode()
    first, second = adopted.versions.order_by("number")
    assert first.snapshot["content"]["conclusion"] == "Chi bộ thống nhất các nhiệm vụ tháng tới."
    assert second.snapshot["content"]["conclusion"] == "Kết luận đầy đủ."
    assert second.reason == "Ghi sót ý kiến kết luận"
    after = state(adopted)
    assert after["meeting"] == before["meeting"]  # nothing edited in place
    assert after["versions"][0] == before["versions"][0]

    # Both versions stay readable on the meeting's page.
    detail = reverse("meetings:detail", args=[adopted.pk])
    current = client.get(detail).content.decode()
    assert "Kết luận đầy đủ." in current and "Ghi sót ý kiến kết luận" in current
    old = client.get(detail, {"v": 1}).content.decode()
    assert "Chi bộ thống nhất các nhiệm vụ tháng tới." in old
    assert "Đang xem bản số 1" in old


def test_amendment_of_minutes_not_yet_adopted_is_refused(client, cell, meeting):
    client.force_login(cell.secretary_user)
    response = client.get(reverse("meetings:amend", args=[meeting.pk]), follow=True)
    assert "Biên bản chưa được thông qua" in response.content.decode()
