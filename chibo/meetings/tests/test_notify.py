"""Mail goes out only once the change it announces is committed."""

import pytest
from django.core import mail

from chibo.meetings import services
from chibo.meetings.models import MeetingKind

from .conftest import at


@pytest.fixture
def mail_on(settings):
    settings.EMAIL_HOST = "smtp.example.vn"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_planning_mails_the_members_after_commit(cell, mail_on, django_capture_on_commit_callbacks):
    cell.member_user.email = "bao@example.vn"
    cell.member_user.save()
    with django_capture_on_commit_callbacks(execute=False) as pending:
        services.meeting_create(
            actor=cell.secretary_user, cell=cell.cell_a1, kind=MeetingKind.REGULAR,
            scheduled_at=at(2026, 3, 3, 8),
        )  # fmt: skip
    assert mail.outbox == []  # not before the commit
    for callback in pending:
        callback()
    assert [m.to for m in mail.outbox] == [["bao@example.vn"]]
    assert "03/03/2026" in mail.outbox[0].body
