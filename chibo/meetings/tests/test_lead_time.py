"""Documents reach members `meeting.document_lead_days` before the meeting: the edges of
the deadline with the clock frozen, a committee's own lead time, the page's warning."""

import datetime as dt

import pytest
from django.urls import reverse

from chibo.core.services import ServiceError
from chibo.core.testing.clock import travel
from chibo.meetings import lead_time, services
from chibo.meetings.models import Meeting, MeetingKind
from chibo.notifications.models import Notification
from chibo.policies.models import Policy

from .conftest import at

# The meeting fixture is at 08:00 on 03/03/2026; the lead time in force then is 1 day.
DEADLINE = at(2026, 3, 2, 8, 0)


def _sent(meeting, moment):
    with travel(dt.date(2026, 3, 10)):
        lead_time.documents_mark_sent(actor=meeting._actor, meeting=meeting, sent_at=moment)
    return Meeting.objects.get(pk=meeting.pk)


@pytest.fixture
def m(meeting, cell):
    meeting._actor = cell.secretary_user
    return meeting


def test_sent_exactly_the_lead_time_before_is_on_time(m):
    status = lead_time.documents_status(_sent(m, DEADLINE))
    assert status.state == lead_time.ON_TIME and not status.flagged
    assert status.deadline == DEADLINE and status.lead_days == 1


def test_sent_a_minute_after_the_deadline_is_late(m):
    status = lead_time.documents_status(_sent(m, DEADLINE + dt.timedelta(minutes=1)))
    assert status.state == lead_time.LATE and status.flagged
    assert "gửi muộn" in status.message and "08:00 ngày 02/03/2026" in status.message


def test_never_sent_warns_before_the_deadline_and_flags_after_it(m):
    assert lead_time.documents_status(m, now=DEADLINE).state == lead_time.DUE
    assert lead_time.documents_status(m, now=DEADLINE - dt.timedelta(minutes=1)).state == "due"
    missed = lead_time.documents_status(m, now=DEADLINE + dt.timedelta(minutes=1))
    assert missed.state == lead_time.MISSED and missed.flagged
    # Never sent, the meeting long past: still flagged.
    assert lead_time.documents_status(m, now=at(2026, 4, 1)).state == lead_time.MISSED


def test_a_wards_own_lead_time_moves_the_deadline_for_its_cells_only(m, cell):
    Policy.objects.create(
        key="meeting.document_lead_days", value=3, effective_from=dt.date(2026, 1, 1),
        legal_basis="Quy chế làm việc của Đảng ủy phường A (thử)", issuer=cell.ward_a,
    )
    on_old_deadline = _sent(m, DEADLINE)
    status = lead_time.documents_status(on_old_deadline)
    assert status.lead_days == 3 and status.deadline == at(2026, 2, 28, 8, 0)
    assert status.state == lead_time.LATE


def test_a_new_general_version_applies_from_its_date(m):
    Policy.objects.create(
        key="meeting.document_lead_days", value=2, effective_from=dt.date(2026, 3, 3),
        legal_basis="Hướng dẫn thử",
    )
    assert lead_time.documents_status(m, now=DEADLINE).state == lead_time.MISSED
    Policy.objects.create(
        key="meeting.document_lead_days", value=1, effective_from=dt.date(2026, 3, 4),
        legal_basis="Hướng dẫn thử 2",
    )
    # The 04/03 version is not in force on the meeting's day (03/03).
    assert lead_time.lead_days(m) == 2


def test_marking_sent_notifies_members_once_and_refuses_the_future(m, cell):
    before = Notification.objects.filter(user=cell.member_user).count()
    with travel(dt.date(2026, 2, 27), tick=False):
        with pytest.raises(ServiceError):
            lead_time.documents_mark_sent(
                actor=cell.secretary_user, meeting=m, sent_at=at(2026, 2, 28))
        lead_time.documents_mark_sent(actor=cell.secretary_user, meeting=m)
        with pytest.raises(ServiceError, match="Đã ghi nhận gửi tài liệu"):
            lead_time.documents_mark_sent(actor=cell.secretary_user, meeting=m)
    m.refresh_from_db()
    assert lead_time.documents_status(m).state == lead_time.ON_TIME
    assert Notification.objects.filter(user=cell.member_user).count() == before + 1
    row = m.history.get(documents_sent_at__isnull=False)
    assert row.history_user == cell.secretary_user


def test_the_meeting_page_warns_then_flags_and_the_button_sends(client, m, cell):
    client.force_login(cell.secretary_user)
    url = reverse("meetings:detail", args=[m.pk])
    with travel(dt.date(2026, 2, 27)):
        body = client.get(url).content.decode()
        assert 'data-documents="due"' in body and "Gửi tài liệu cho đảng viên" in body
    with travel(dt.date(2026, 3, 2), hour=9):
        body = client.get(url).content.decode()
        assert 'data-documents="missed"' in body and "Chưa gửi tài liệu" in body
        response = client.post(reverse("meetings:documents_sent", args=[m.pk]))
        assert response.status_code == 302
        body = client.get(url).content.decode()
        assert 'data-documents="late"' in body and "Gửi tài liệu muộn" in body


def test_the_meeting_list_flags_late_and_missing_documents(client, m, cell):
    on_time = lead_time.documents_status(_sent(m, DEADLINE))
    assert on_time.state == lead_time.ON_TIME
    april = services.meeting_create(actor=cell.secretary_user, cell=cell.cell_a1,
                                    kind=MeetingKind.REGULAR, scheduled_at=at(2026, 4, 3))
    _ward_lead = Policy.objects.create(
        key="meeting.document_lead_days", value=3, effective_from=dt.date(2026, 1, 1),
        legal_basis="Quy chế của Đảng ủy phường A (thử)", issuer=cell.ward_a,
    )
    client.force_login(cell.secretary_user)
    with travel(dt.date(2026, 4, 10)):
        rows = {r.pk: r for r in client.get(reverse("meetings:list")).context["rows"]}
        # The ward's 3 days: the March sending (1 day ahead) is late; April was never sent.
        assert rows[m.pk].documents_state.state == lead_time.LATE
        assert rows[april.pk].documents_state.state == lead_time.MISSED
        statuses = lead_time.statuses([m, april])
        assert statuses[m.pk].lead_days == _ward_lead.value == 3
        body = client.get(reverse("meetings:list")).content.decode()
        assert "Tài liệu gửi muộn" in body and "Chưa gửi tài liệu" in body
