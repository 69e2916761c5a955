"""Correcting a recorded month: by the cell's secretary or the committee staff above, with
a reason kept in the history; the due stays the one recorded; a month collected at a
meeting whose minutes are adopted is still corrected (dues are a ledger)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chibo.core.services import ServiceError
from chibo.core.testing.clock import travel
from chibo.dues import services
from chibo.dues.models import DuesPayment, UnpaidReason
from chibo.meetings import services as meeting_services
from chibo.meetings.models import Meeting, MeetingKind

MARCH = dt.date(2026, 3, 1)
TODAY = dt.date(2026, 4, 10)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def unpaid(dues_cell):
    """The member's March recorded as unpaid without reason (a slip: they had paid)."""
    return services.dues_record(actor=dues_cell.secretary_user, member=dues_cell.member,
                                month=MARCH, paid=False, unpaid_reason=UnpaidReason.UNEXCUSED)


@pytest.mark.clock
@pytest.mark.django_db
def test_a_correction_needs_a_reason_and_keeps_the_history(dues_cell, unpaid):
    city = dues_cell
    with travel(TODAY):
        with pytest.raises(ServiceError, match="Cần ghi lý do sửa"):
            services.dues_correct(actor=city.ward_staff, payment=unpaid, paid=True,
                                  paid_on=dt.date(2026, 3, 3), reason="  ")
        with pytest.raises(ServiceError, match="ít hơn mức phải đóng"):
            services.dues_correct(actor=city.ward_staff, payment=unpaid, paid=True,
                                  amount_paid=10_000, paid_on=dt.date(2026, 3, 3),
                                  reason="Ghi nhầm")
        with pytest.raises(ServiceError, match="tương lai"):
            services.dues_correct(actor=city.ward_staff, payment=unpaid, paid=True,
                                  paid_on=dt.date(2026, 4, 11), reason="Ghi nhầm")
        with pytest.raises(ServiceError, match="Không có gì thay đổi"):
            services.dues_correct(actor=city.ward_staff, payment=unpaid, paid=False,
                                  unpaid_reason=UnpaidReason.UNEXCUSED, reason="Ghi nhầm")
        services.dues_correct(actor=city.ward_staff, payment=unpaid, paid=True,
                              paid_on=dt.date(2026, 3, 3),
                              reason="Đồng chí đã đóng tại buổi sinh hoạt, ghi nhầm")
    unpaid.refresh_from_db()
    assert (unpaid.amount_paid, unpaid.paid_on, unpaid.unpaid_reason) == (
        30_000, dt.date(2026, 3, 3), "")
    assert unpaid.amount_due == 30_000  # the due recorded for the month stays
    latest, first = unpaid.history.order_by("-history_id")[:2]
    assert latest.history_user == city.ward_staff
    assert latest.history_change_reason == "Đồng chí đã đóng tại buổi sinh hoạt, ghi nhầm"
    assert first.unpaid_reason == UnpaidReason.UNEXCUSED  # the version before stays
    # the month no longer counts toward removal
    from chibo.dues.selectors import unpaid_months

    assert unpaid_months([city.member.pk], 2026) == {}


@pytest.mark.clock
@pytest.mark.django_db
def test_the_page_corrects_and_shows_the_history(dues_cell, unpaid):
    city = dues_cell
    url = reverse("dues:payment", args=[unpaid.pk])
    client = _client(city.secretary_user)
    month_page = client.get(reverse("dues:cell_month", args=[city.cell_a1.pk, 2026, 3]))
    assert url in month_page.content.decode()
    with travel(TODAY):
        bad = client.post(url, {"paid": "no", "unpaid_reason": "excused", "reason": ""})
        assert bad.status_code == 400
        assert "Trường này là bắt buộc." in bad.content.decode()
        ok = client.post(url, {"paid": "no", "unpaid_reason": "excused", "note": "Ốm dài ngày",
                               "reason": "Đồng chí báo ốm, chi ủy xác nhận"})
    assert ok.status_code == 302
    page = client.get(url).content.decode()
    assert "Chưa đóng, có lý do" in page and "Đồng chí báo ốm, chi ủy xác nhận" in page
    assert "Ghi lần đầu" in page and "Chưa đóng, không lý do" in page


@pytest.mark.clock
@pytest.mark.django_db
def test_a_month_of_adopted_minutes_is_still_corrected(dues_cell):
    city = dues_cell
    meeting = meeting_services.meeting_create(
        actor=city.secretary_user, cell=city.cell_a1, kind=MeetingKind.REGULAR,
        scheduled_at=timezone.make_aware(dt.datetime(2026, 3, 3, 8)), place="Nhà văn hóa",
    )
    row = services.dues_record(actor=city.secretary_user, member=city.member, month=MARCH,
                               paid=True, paid_on=dt.date(2026, 3, 3), meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(status="adopted")
    url = reverse("dues:payment", args=[row.pk])
    client = _client(city.secretary_user)
    assert "biên bản giữ nguyên" in client.get(url).content.decode()
    with travel(TODAY):
        response = client.post(url, {"paid": "yes", "amount_paid": "50.000",
                                     "paid_on": "03/03/2026",
                                     "reason": "Đồng chí đóng thêm tự nguyện"})
    assert response.status_code == 302
    assert DuesPayment.objects.get(pk=row.pk).amount_paid == 50_000


@pytest.mark.django_db
def test_outsiders_cannot_correct(dues_cell, unpaid):
    city = dues_cell
    url = reverse("dues:payment", args=[unpaid.pk])
    for user in (city.member_user, city.outsider):
        assert _client(user).post(url, {"paid": "yes", "paid_on": "03/03/2026",
                                        "reason": "x"}).status_code == 404
    unpaid.refresh_from_db()
    assert unpaid.unpaid_reason == UnpaidReason.UNEXCUSED
