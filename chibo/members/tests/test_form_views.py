from django.urls import reverse

from chibo.core.testing.factories import make_org
from chibo.members.models import PartyMember

GOOD = {
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


def test_create_reads_dates_day_first(client, city):
    client.force_login(city.secretary_user)
    response = client.post(reverse("members:create"), {**GOOD, "organization": city.cell_a1.pk})
    assert response.status_code == 302
    member = PartyMember.objects.get(card_number="55667788")
    assert (member.date_of_birth.day, member.date_of_birth.month) == (5, 3)


def test_bad_input_keeps_what_was_typed(client, city):
    client.force_login(city.secretary_user)
    response = client.post(
        reverse("members:create"),
        {**GOOD, "date_of_birth": "31/02/1985", "organization": city.cell_a1.pk},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy." in body
    assert 'value="Đinh Văn Toàn"' in body
    assert not PartyMember.objects.filter(card_number="55667788").exists()


def test_secretary_cannot_create_in_another_cell(client, city):
    client.force_login(city.secretary_user)
    response = client.post(reverse("members:create"), {**GOOD, "organization": city.cell_b1.pk})
    assert response.status_code == 200
    assert "Không tìm thấy tổ chức" in response.content.decode()
    assert not PartyMember.objects.filter(card_number="55667788").exists()


def test_cell_is_typed_with_suggestions_of_the_write_scope(client, city):
    client.force_login(city.secretary_user)
    page = client.get(reverse("members:create"), {"organization": city.cell_a1.pk})
    body = page.content.decode()
    assert "write=1&amp;kind=cell" in body and 'value="Chi bộ khu phố A1' in body
    assert '<select name="organization"' not in body
    client.post(reverse("members:create"), {**GOOD, "organization": "chi bo khu pho a1"})
    assert PartyMember.objects.get(card_number="55667788").organization == city.cell_a1


def test_namesake_cells_are_told_apart_by_their_parent(client, city):
    a = make_org("Chi bộ khu phố 9", city.ward_a, is_cell=True)
    b = make_org("Chi bộ khu phố 9", city.ward_b, is_cell=True)
    client.force_login(city.city_staff)
    found = client.get(reverse("core:organization_search"),
                       {"q": "khu pho 9", "write": "1", "kind": "cell"}).json()["results"]
    assert [(r["id"], r["label"]) for r in found] == [
        (a.pk, "Chi bộ khu phố 9 · Đảng bộ phường A"),
        (b.pk, "Chi bộ khu phố 9 · Đảng bộ phường B"),
    ]
    client.post(reverse("members:create"), {**GOOD, "organization": found[1]["label"]})
    assert PartyMember.objects.get(card_number="55667788").organization == b


def test_edit_and_transfer_pages(client, city):
    client.force_login(city.ward_staff)
    url = reverse("members:edit", args=[city.member.pk])
    data = {
        **GOOD,
        "card_number": city.member.card_number,
        "full_name": "Trần Văn Bảo",
        "notes": "Có kinh nghiệm tuyên truyền",
    }
    assert client.post(url, data).status_code == 302
    city.member.refresh_from_db()
    assert city.member.notes == "Có kinh nghiệm tuyên truyền"
    response = client.post(
        reverse("members:transfer", args=[city.member.pk]),
        {"to": city.cell_a2.pk, "on": "01/04/2026", "reason": "Chuyển nhà"},
    )
    assert response.status_code == 302
    transfer = reverse("members:transfer", args=[city.member.pk])
    assert '<select name="to"' not in client.get(transfer).content.decode()
    same = client.post(transfer, {"to": "Chi bộ khu phố A2", "on": "02/04/2026"})
    assert "Đảng viên đang sinh hoạt tại chi bộ này." in same.content.decode()
    detail = client.get(reverse("members:detail", args=[city.member.pk])).content.decode()
    assert "Chi bộ khu phố A1" in detail and "đến 01/04/2026" in detail


def test_detail_formats_dates(client, city):
    client.force_login(city.member_user)
    body = client.get(reverse("members:detail", args=[city.member.pk])).content.decode()
    assert "19/05/1975" in body
