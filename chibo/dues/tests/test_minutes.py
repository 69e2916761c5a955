"""The minutes carry the dues collected at the meeting: the snapshot, the page, Word."""

import datetime as dt
from io import BytesIO

import pytest
from django.utils import timezone
from docx import Document

from chibo.core.services import ServiceError
from chibo.documents.context import document_context
from chibo.documents.renderers import minutes_docx, minutes_html
from chibo.dues import services
from chibo.meetings import services as meeting_services
from chibo.meetings.models import MeetingKind
from chibo.meetings.snapshot import minutes_snapshot

MARCH = dt.date(2026, 3, 1)
LINE = "Thu đảng phí: 2 đồng chí đã đóng, tổng 115.000 đồng."


@pytest.fixture
def meeting(dues_cell):
    return meeting_services.meeting_create(
        actor=dues_cell.secretary_user, cell=dues_cell.cell_a1, kind=MeetingKind.REGULAR,
        scheduled_at=timezone.make_aware(dt.datetime(2026, 3, 3, 8)), place="Nhà văn hóa",
    )


@pytest.mark.django_db
def test_the_minutes_carry_the_total(dues_cell, meeting):
    city = dues_cell
    assert "dues" not in minutes_snapshot(meeting)
    services.dues_record_bulk(
        actor=city.secretary_user, cell=city.cell_a1, month=MARCH, meeting=meeting,
        entries=[{"member": city.secretary, "paid": True},
                 {"member": city.member, "paid": True}],
    )
    snapshot = minutes_snapshot(meeting)
    assert snapshot["dues"] == {"paid_count": 2, "total": 115_000, "line": LINE}
    assert document_context(snapshot)["dues_line"] == LINE
    assert LINE in minutes_html(snapshot)
    text = "\n".join(p.text for p in Document(BytesIO(minutes_docx(snapshot))).paragraphs)
    assert f"- {LINE}" in text


@pytest.mark.django_db
def test_a_meeting_of_another_month_is_refused(dues_cell, meeting):
    city = dues_cell
    with pytest.raises(ServiceError, match="không thuộc chi bộ hoặc tháng này"):
        services.dues_record(actor=city.secretary_user, member=city.member,
                             month=dt.date(2026, 4, 1), paid=True, meeting=meeting)
