"""The minutes and the resolution as Word and PDF, named for the meeting; the minute book."""

from django.urls import reverse

from chibo.core.testing.jobs import queued_file
from chibo.meetings import services

from .conftest import adopt_february_with_tasks, at, record_full_meeting

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_documents_of_adopted_minutes(client, cell):
    february = adopt_february_with_tasks(cell)
    client.force_login(cell.member_user)
    for name, content_type in [
        ("minutes_docx", DOCX),
        ("minutes_pdf", "application/pdf"),
        ("resolution_docx", DOCX),
        ("resolution_pdf", "application/pdf"),
    ]:
        response = client.get(reverse(f"meetings:{name}", args=[february.pk]))
        assert response.status_code == 200, name
        assert response["Content-Type"] == content_type, name
        assert response.content, name
        disposition = response["Content-Disposition"]
        assert disposition.startswith('attachment; filename="'), name
        assert "sinh-hoat-thuong-ky-03-02-2026-chi-bo-khu-pho-a1" in disposition, name
        assert "du-thao" not in disposition


def test_draft_minutes_are_named_as_drafts(client, cell, meeting):
    client.force_login(cell.secretary_user)
    response = client.get(reverse("meetings:minutes_pdf", args=[meeting.pk]))
    assert response.status_code == 200
    assert "-du-thao.pdf" in response["Content-Disposition"]


def test_minute_book_of_a_cell_year(client, cell):
    adopt_february_with_tasks(cell)
    client.force_login(cell.ward_staff)
    url = reverse("meetings:minute_book", args=[cell.cell_a1.pk, 2026])
    # Built by the worker (chibo.jobs): the link offers it, the button queues it.
    offer = client.get(url)
    assert offer.status_code == 200
    assert "Sổ biên bản năm 2026 – Chi bộ khu phố A1" in offer.content.decode()
    response = queued_file(client, url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="so-bien-ban-2026-chi-bo-khu-pho-a1.pdf"')
    assert response.content.startswith(b"%PDF")
    empty = client.get(reverse("meetings:minute_book", args=[cell.cell_a1.pk, 2025]), follow=True)
    assert "chưa có biên bản nào được thông qua năm 2025" in empty.content.decode()
    ward = client.get(reverse("meetings:minute_book", args=[cell.ward_a.pk, 2026]))
    assert ward.status_code == 404


def test_minute_book_prints_the_current_version_of_each_meeting_in_order(cell):
    from chibo.meetings.snapshot import adopted_minutes

    february = adopt_february_with_tasks(cell)
    january = services.meeting_create(
        actor=cell.secretary_user, cell=cell.cell_a1, kind="regular", scheduled_at=at(2026, 1, 3)
    )
    record_full_meeting(cell, january)
    services.meeting_adopt(actor=cell.secretary_user, meeting=january)
    services.minutes_amend(
        actor=cell.secretary_user,
        meeting=february,
        reason="Bổ sung",
        content={"news": "Tin tức bổ sung."},
    )
    services.meeting_create(  # planned, not adopted: not in the book
        actor=cell.secretary_user, cell=cell.cell_a1, kind="regular", scheduled_at=at(2026, 4, 3)
    )
    book = adopted_minutes(cell.cell_a1, 2026)
    assert [(s["meeting"]["month"], s["version"]) for s in book] == [(1, 1), (2, 2)]
    assert book[1]["content"]["news"] == "Tin tức bổ sung."
    assert adopted_minutes(cell.cell_a2, 2026) == []
