"""Adopted minutes check themselves: a stored snapshot changed behind the application's
back (a database edit) no longer matches its SHA-256; every place that serves it says so
and logs it, and `verify_minutes` fails."""

import io
import logging
import zipfile

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from chibo.core.testing.jobs import queued_file
from chibo.documents.tests.test_renderers import pdf_text
from chibo.meetings import services
from chibo.meetings.models import MinutesVersion

from .conftest import record_full_meeting

WARNING = "không khớp mã kiểm tra SHA-256"


@pytest.fixture
def tampered(cell, meeting):
    record_full_meeting(cell, meeting)
    services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)
    version = meeting.versions.get()
    snapshot = version.snapshot
    snapshot["content"]["conclusion"] = "Kết luận bị sửa thẳng trong cơ sở dữ liệu"
    MinutesVersion.objects.filter(pk=version.pk).update(snapshot=snapshot)
    return meeting


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_intact_minutes_pass_and_show_no_warning(cell, meeting, capsys):
    record_full_meeting(cell, meeting)
    services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)
    call_command("verify_minutes")
    assert "tất cả khớp" in capsys.readouterr().out
    page = logged_in(cell.secretary_user).get(reverse("meetings:detail", args=[meeting.pk]))
    assert WARNING not in page.content.decode()


def test_verify_minutes_exits_one_and_names_the_version(tampered, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("verify_minutes")
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "1 bản KHÔNG khớp" in err
    assert f"buổi sinh hoạt {tampered.pk}" in err and "bản số 1" in err


def test_every_place_that_serves_the_minutes_warns(cell, tampered, caplog):
    client = logged_in(cell.ward_staff)
    with caplog.at_level(logging.ERROR, logger="chibo.integrity"):
        page = client.get(reverse("meetings:detail", args=[tampered.pk])).content.decode()
    assert WARNING in page
    assert any("does not match" in r.getMessage() for r in caplog.records)

    api = client.get(f"/api/v1/meetings/{tampered.pk}").json()
    assert WARNING in api["integrity_warning"]

    docx = client.get(reverse("meetings:minutes_docx", args=[tampered.pk])).content
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        assert WARNING in archive.read("word/document.xml").decode()

    pdf = client.get(reverse("meetings:minutes_pdf", args=[tampered.pk])).content
    assert WARNING in " ".join(pdf_text(pdf).split())

    year = tampered.period.year
    book = queued_file(client, reverse("meetings:minute_book", args=[cell.cell_a1.pk, year]))
    book = book.content
    assert WARNING in " ".join(pdf_text(book).split())
