"""The audit log's page: its filters, its pages in a fixed number of queries, who has it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chibo.audit import views
from chibo.audit.tests.test_history import edit_members


def test_audit_filters_by_person_kind_and_days(client, city):
    edit_members(city, 2)
    client.force_login(city.ward_staff)
    url = reverse("audit:log")
    body = client.get(url, {"person": city.ward_staff.pk}).content.decode()
    assert "Nhật ký thay đổi" in body and "0900 000 001" in body
    assert "Khách 1" not in body  # the secretary's
    body = client.get(url, {"kind": "meetings.guest"}).content.decode()
    assert "Khách 1" in body and "0900 000 001" not in body
    assert "2 thay đổi" in body
    today = timezone.localdate()
    tomorrow = (today + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    body = client.get(url, {"kind": "meetings.guest", "since": tomorrow}).content.decode()
    assert "0 thay đổi" in body
    body = client.get(url, {"kind": "meetings.guest", "since": today.strftime("%d/%m/%Y"),
                            "until": today.strftime("%d/%m/%Y")}).content.decode()
    assert "2 thay đổi" in body
    wrong = client.get(url, {"since": "31/12/2026", "until": "01/01/2026"}).content.decode()
    assert "Ngày kết thúc phải từ ngày bắt đầu trở đi." in wrong


def test_audit_pages_in_a_fixed_number_of_queries(client, city, monkeypatch,
                                                  django_assert_num_queries):
    edit_members(city, 25)
    client.force_login(city.city_staff)
    url = reverse("audit:log")
    monkeypatch.setattr(views, "PAGE_SIZE", 6)
    client.get(url)  # session and the like, once
    with CaptureQueriesContext(connection) as small:
        response = client.get(url, {"page": 2})
    assert response.status_code == 200
    assert response.content.decode().count('class="list-group-item"') == 6
    monkeypatch.setattr(views, "PAGE_SIZE", 50)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url, {"page": 1})
    assert response.content.decode().count('class="list-group-item"') == 50
    assert "Trang 1 / " in response.content.decode()
    assert len(small.captured_queries) <= 20, len(small.captured_queries)


@pytest.mark.parametrize("who", ["secretary_user", "member_user"])
def test_no_audit_for_secretaries_and_members(client, city, who):
    client.force_login(getattr(city, who))
    assert client.get(reverse("audit:log")).status_code == 404
    assert "Nhật ký" not in client.get(reverse("policies:list")).content.decode()


def test_the_menu_links_the_audit_log_for_staff(client, city):
    client.force_login(city.ward_staff)
    assert reverse("audit:log") in client.get(reverse("policies:list")).content.decode()
