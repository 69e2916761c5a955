"""The member's page shows the probation's steps; a refused step keeps what was typed."""

import datetime as dt

import pytest
from django.test import Client

from chibo.core.testing.clock import travel
from chibo.members import services
from chibo.members.models import RemovalProposal

pytestmark = pytest.mark.clock


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_timeline_on_the_members_page_and_the_lists(city):
    with travel(dt.date(2025, 4, 16)):
        xuan = services.member_create(
            actor=city.secretary_user, organization=city.cell_a1, full_name="Hà Thị Xuân",
            gender="female", date_of_birth=dt.date(1999, 4, 2), card_number="DB0001",
            admitted_on=dt.date(2025, 4, 15), status="probationary",
        )
    with travel(dt.date(2026, 3, 20)):
        page = client_of(city.secretary_user).get(f"/members/{xuan.pk}/").content.decode()
        assert "Thời kỳ dự bị và công nhận đảng viên chính thức" in page
        assert "15/04/2026" in page  # the end of probation
        assert "hạn chót 27/05/2026" in page  # 30 working days after the end
        assert "Đưa vào chương trình sinh hoạt chi bộ" in page
        assert "Ghi quyết định</button>" not in page  # nothing proposed yet
        listing = client_of(city.ward_staff).get("/members/probations/").content.decode()
        assert "Sắp hết thời hạn dự bị" in listing and "Hà Thị Xuân" in listing
        assert "còn 26 ngày" in listing
        # A decision posted by the ward before the cell proposed: refused, typed text kept.
        response = client_of(city.ward_staff).post(
            f"/members/{xuan.pk}/probation/decide/",
            {"outcome": "recognized", "decision_number": "45-QĐ/ĐU",
             "decided_on": "20/03/2026"},
        )
        assert response.status_code == 200
        assert "Chi bộ chưa xét và đề nghị" in response.content.decode()


def test_a_removal_waiting_shows_the_committee_its_form(city):
    RemovalProposal.objects.create(
        member=city.member, organization=city.cell_a1, year=2026,
        months=["2026-01", "2026-02", "2026-04"], reason="Vắng không lý do",
        proposed_on=dt.date(2026, 5, 1), proposed_by=city.secretary_user,
    )
    page = client_of(city.ward_staff).get(f"/members/{city.member.pk}/").content.decode()
    assert "Vắng sinh hoạt không lý do 3 tháng (T1, T2, T4/2026)" in page
    assert "Đồng ý xóa tên" in page
    own = client_of(city.secretary_user).get(f"/members/{city.member.pk}/").content.decode()
    assert "Đồng ý xóa tên" not in own  # the secretary proposes, never decides
    listing = client_of(city.city_staff).get("/members/removals/").content.decode()
    assert "Chờ cấp ủy quyết định (1)" in listing
