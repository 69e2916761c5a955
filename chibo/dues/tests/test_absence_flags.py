"""Three months of dues unpaid without reason flag a member on the absence page like
three months of missed meetings; two do not. The page names the unpaid months."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from chibo.dues import services
from chibo.dues.models import UnpaidReason
from chibo.meetings.selectors import absence_flags


def _unpaid(city, month):
    services.dues_record(actor=city.secretary_user, member=city.member,
                         month=dt.date(2026, month, 1), paid=False,
                         unpaid_reason=UnpaidReason.UNEXCUSED)


@pytest.mark.django_db
def test_unpaid_months_feed_the_absence_flags(dues_cell):
    city = dues_cell
    _unpaid(city, 2)
    _unpaid(city, 4)
    flagged, threshold = absence_flags(city.ward_staff, year=2026, organization=city.ward_a)
    assert threshold == 3 and flagged == []
    _unpaid(city, 9)
    flagged, _ = absence_flags(city.ward_staff, year=2026, organization=city.ward_a)
    assert [(m.pk, m.unexcused_months, m.unpaid_dues_months, m.absence_threshold)
            for m in flagged] == [(city.member.pk, None, [2, 4, 9], 3)]
    assert absence_flags(city.outsider, year=2026)[0] == []  # another ward's secretary
    client = Client()
    client.force_login(city.ward_staff)
    page = client.get(reverse("meetings:absences"), {"year": 2026}).content.decode()
    assert "Trần Văn Bảo" in page and "3 tháng:</span> T2, T4, T9" in page
