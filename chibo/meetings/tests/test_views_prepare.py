"""The prepare page: agenda, draft resolution, documents."""


from django.core.files.uploadedfile import SimpleUploadedFile

from chibo.meetings import services_plan

from .conftest import page_text, url


def test_prepare_edits_agenda_and_draft_resolution(secretary, meeting):
    titles = [item.title for item in meeting.agenda.all()]
    response = secretary.post(
        url("prepare", meeting),
        {
            # Reordered by the numbers: the new item goes second; an emptied row is dropped.
            "order": ["1", "3", "4", "5", "6", "7", "8", "2", "9"],
            "title": [*titles[:6], "", "Góp ý dự thảo văn kiện", ""],
            "place": "Hội trường tổ dân phố",
            "draft_resolution": "Chi bộ thống nhất ba nhiệm vụ trọng tâm.",
        },
        follow=True,
    )
    assert "Đã lưu chương trình và dự thảo nghị quyết." in page_text(response)
    meeting.refresh_from_db()
    saved = [item.title for item in meeting.agenda.all()]
    assert saved == [titles[0], "Góp ý dự thảo văn kiện", *titles[1:6]]
    assert meeting.place == "Hội trường tổ dân phố"
    assert meeting.draft_resolution == "Chi bộ thống nhất ba nhiệm vụ trọng tâm."


def test_prepare_refuses_an_empty_agenda_and_keeps_the_text(secretary, meeting):
    response = secretary.post(
        url("prepare", meeting),
        {"order": ["1"], "title": ["  "], "draft_resolution": "Dự thảo đang viết"},
    )
    body = page_text(response)
    assert "Chương trình cần ít nhất một nội dung." in body
    assert "Dự thảo đang viết" in body
    assert meeting.agenda.count() == 7


def test_documents_type_and_size_are_checked(
    secretary, cell, meeting, media, monkeypatch, django_capture_on_commit_callbacks
):
    wrong = secretary.post(
        url("document_add", meeting),
        {"title": "Tệp lạ", "file": SimpleUploadedFile("virus.exe", b"MZ", "application/x")},
    )
    assert "Chỉ nhận tệp PDF, Word, Excel, ảnh JPG/PNG hoặc văn bản." in page_text(wrong)
    assert 'value="Tệp lạ"' in page_text(wrong)
    monkeypatch.setattr(services_plan, "MAX_DOCUMENT_BYTES", 10)
    big = secretary.post(
        url("document_add", meeting),
        {"file": SimpleUploadedFile("lon.pdf", b"%PDF-1.4 " + b"x" * 20, "application/pdf")},
    )
    assert "Tệp quá lớn (tối đa 10 MB)." in page_text(big)
    missing = secretary.post(url("document_add", meeting), {"title": "Không có tệp"})
    assert "Cần chọn một tệp." in page_text(missing)
    assert meeting.documents.count() == 0

    monkeypatch.setattr(services_plan, "MAX_DOCUMENT_BYTES", 10 * 1024 * 1024)
    ok = secretary.post(
        url("document_add", meeting),
        {"title": "Dự thảo nghị quyết", "file": SimpleUploadedFile("nq.pdf", b"%PDF-1.4 nq")},
        follow=True,
    )
    assert "Đã đính kèm tài liệu «Dự thảo nghị quyết»." in page_text(ok)
    document = meeting.documents.get()

    # Members of the cell download it; the secretary may take it back before adoption.
    secretary.force_login(cell.member_user)
    download = secretary.get(url("document", meeting, document.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 nq"
    secretary.force_login(cell.secretary_user)
    with django_capture_on_commit_callbacks(execute=True):
        secretary.post(url("document_remove", meeting, document.pk))
    assert meeting.documents.count() == 0
    assert not (media / document.file.name).exists()
