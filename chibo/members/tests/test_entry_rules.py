"""How a member enters the list (issue 13): never already struck (that status is the
higher committee's decision), and a probationary member gets the dates of their
probation whichever way they came in: the member form or an Excel file."""

import datetime as dt

import pytest
from django.urls import reverse

from chibo.core.services import ServiceError
from chibo.core.testing.clock import travel
from chibo.members import services
from chibo.members.excel_import import import_members_xlsx
from chibo.members.models import MemberStatus, PartyMember, Probation
from chibo.members.services_life import NEW_MEMBER_STRUCK
from chibo.members.tests.test_excel_import import make_xlsx, member_row, messages

D = dt.date
STRUCK = MemberStatus.REMOVED.label  # «Đã xóa tên»

FORM = {
    "full_name": "Đinh Văn Toàn",
    "gender": "male",
    "date_of_birth": "05/03/1985",
    "card_number": "55667788",
    "admitted_on": "19/05/2010",
    "full_member_on": "19/05/2011",
    "status": "full",
    "phone": "0987654321",
    "position": "",
}


# --- never struck on the way in -------------------------------------------------------


def test_the_service_refuses_a_new_struck_member(city):
    with pytest.raises(ServiceError) as error:
        services.member_create(
            actor=city.secretary_user, organization=city.cell_a1, full_name="Lê Văn Bình",
            gender="male", date_of_birth=D(1980, 1, 1), card_number="XT0001",
            admitted_on=D(2005, 1, 1), status=MemberStatus.REMOVED,
        )
    assert error.value.message_dict["status"] == [NEW_MEMBER_STRUCK]
    assert not PartyMember.objects.filter(card_number="XT0001").exists()


def test_the_form_does_not_offer_struck_and_refuses_it_posted(client, city):
    client.force_login(city.secretary_user)
    page = client.get(reverse("members:create")).content.decode()
    assert 'value="removed"' not in page
    response = client.post(reverse("members:create"),
                           {**FORM, "status": "removed", "organization": city.cell_a1.pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Không thêm được đảng viên với trạng thái «Đã xóa tên»" in body
    assert 'value="Đinh Văn Toàn"' in body  # nothing typed is lost
    assert not PartyMember.objects.filter(card_number="55667788").exists()


def test_editing_cannot_strike_a_member(client, city):
    client.force_login(city.secretary_user)
    member = city.member
    url = reverse("members:edit", args=[member.pk])
    assert 'value="removed"' not in client.get(url).content.decode()
    data = {
        "full_name": member.full_name, "gender": member.gender,
        "date_of_birth": f"{member.date_of_birth:%d/%m/%Y}",
        "card_number": member.card_number, "admitted_on": f"{member.admitted_on:%d/%m/%Y}",
        "full_member_on": (f"{member.full_member_on:%d/%m/%Y}"
                           if member.full_member_on else ""),
        "status": "removed", "position": member.position,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Việc xóa tên chỉ theo quyết định của cấp ủy" in response.content.decode()
    member.refresh_from_db()
    assert member.status != MemberStatus.REMOVED


def test_an_excel_row_struck_is_refused_with_its_row_and_nothing_is_written(city):
    file = make_xlsx([
        member_row(),
        member_row(Họ_và_tên="Lê Thị Hoa", Số_thẻ_đảng_viên="X0000002", Trạng_thái=STRUCK),
    ])
    result = import_members_xlsx(file, root=city.ward_a, actor=city.ward_staff)
    assert not result.ok
    [error] = result.errors
    assert error.row == 3 and error.header == "Trạng thái"
    assert NEW_MEMBER_STRUCK in messages(result)[0]
    assert not PartyMember.objects.filter(card_number__in=["X0000001", "X0000002"]).exists()


# --- probation on the way in ------------------------------------------------------------


def _probationary_row(card, admitted_on):
    return member_row(Số_thẻ_đảng_viên=card, Ngày_vào_Đảng=admitted_on, Ngày_chính_thức=None,
                      Trạng_thái="Dự bị", Ngày_sinh="02/04/1999")


@pytest.mark.clock
def test_imported_probationary_members_get_their_probation(city):
    file = make_xlsx([
        _probationary_row("DB1001", "29/02/2024"),
        _probationary_row("DB1002", "31/01/2025"),
        member_row(Số_thẻ_đảng_viên="DB1003"),  # full: no probation
    ])
    with travel(D(2025, 2, 3)):
        result = import_members_xlsx(file, root=city.ward_a, actor=city.ward_staff)
    assert result.ok, messages(result)
    leap = Probation.objects.get(member__card_number="DB1001")
    # the leap day's anniversary is 28/02; notice 30 days before; 30 working days after
    assert (leap.admitted_on, leap.ends_on, leap.notice_on, leap.consider_by) == (
        D(2024, 2, 29), D(2025, 2, 28), D(2025, 1, 29), D(2025, 4, 11))
    january = Probation.objects.get(member__card_number="DB1002")
    assert january.ends_on == D(2026, 1, 31)
    assert january.organization == city.cell_a1
    assert leap.history.first().history_user == city.ward_staff
    assert not Probation.objects.filter(member__card_number="DB1003").exists()


@pytest.mark.clock
def test_a_probationary_member_created_on_the_form_gets_the_same_dates(client, city):
    client.force_login(city.secretary_user)
    with travel(D(2025, 2, 3)):
        response = client.post(reverse("members:create"), {
            **FORM, "status": "probationary", "full_member_on": "",
            "admitted_on": "31/01/2025", "organization": city.cell_a1.pk,
        })
    assert response.status_code == 302
    probation = Probation.objects.get(member__card_number="55667788")
    assert probation.ends_on == D(2026, 1, 31)
