from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chibo.core.testing.factories import MemberFactory


def names(response):
    return [m.full_name for m in response.context["page"].object_list]


def test_secretary_sees_only_own_cell(client, city):
    client.force_login(city.secretary_user)
    response = client.get(reverse("members:list"))
    assert names(response) == ["Trần Văn Bảo", "Nguyễn Thị Thu"]


def test_member_sees_only_self(client, city):
    client.force_login(city.member_user)
    assert names(client.get(reverse("members:list"))) == ["Trần Văn Bảo"]


def test_search_ignores_accents_and_case(client, city):
    client.force_login(city.city_staff)
    response = client.get(reverse("members:list"), {"q": "tran van"})
    assert names(response) == ["Trần Văn Bảo"]
    response = client.get(reverse("members:list"), {"q": "ĐÔNG"})
    assert names(response) == ["Phạm Văn Đông"]


def test_filters_by_subtree_status_and_position(client, city):
    client.force_login(city.city_staff)
    ward = client.get(reverse("members:list"), {"organization": city.ward_a.pk})
    assert sorted(names(ward)) == sorted(["Trần Văn Bảo", "Nguyễn Thị Thu", "Lê Thị Hoa"])
    secretaries = client.get(reverse("members:list"), {"position": "secretary"})
    assert names(secretaries) == ["Nguyễn Thị Thu"]
    MemberFactory(
        organization=city.cell_c1, full_name="Hồ Văn Dự", status="probationary", full_member_on=None
    )
    probationary = client.get(reverse("members:list"), {"status": "probationary"})
    assert names(probationary) == ["Hồ Văn Dự"]


def test_out_of_scope_filter_gives_nothing(client, city):
    client.force_login(city.secretary_user)
    response = client.get(reverse("members:list"), {"organization": city.cell_b1.pk})
    assert names(response) == []


def test_vietnamese_name_order(client, city):
    for name in ["Vũ Văn Ánh", "Lê Văn An", "Đặng Thị Ân", "Bùi Văn Anh", "Hà Thị Ă"]:
        MemberFactory(organization=city.cell_c1, full_name=name)
    client.force_login(city.city_staff)
    response = client.get(reverse("members:list"), {"organization": city.cell_c1.pk})
    assert names(response) == [
        "Lê Văn An",
        "Bùi Văn Anh",
        "Vũ Văn Ánh",
        "Hà Thị Ă",
        "Đặng Thị Ân",
        "Đỗ Thị Mai",
    ]


def test_pagination_keeps_filters(client, city):
    MemberFactory.create_batch(60, organization=city.cell_c1)
    client.force_login(city.city_staff)
    response = client.get(reverse("members:list"), {"organization": city.cell_c1.pk, "page": 2})
    assert response.context["page"].number == 2
    assert f"organization={city.cell_c1.pk}" in response.content.decode()
    assert len(response.context["page"].object_list) == 11


def test_query_count_does_not_grow_with_members(client, city):
    client.force_login(city.city_staff)
    client.get(reverse("members:list"))  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("members:list"))
    MemberFactory.create_batch(80, organization=city.cell_b1)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("members:list"))
    assert len(response.context["page"].object_list) == 50
    # session, user, scopes, own member record, organizations for the filter, count, page,
    # names of the cells' parent organizations
    assert len(few) == len(many) == 8, [q["sql"] for q in many.captured_queries]


def test_each_cell_shown_with_the_organization_above_it(client, city):
    client.force_login(city.city_staff)
    body = client.get(reverse("members:list"), {"q": "tran van bao"}).content.decode()
    assert '<div class="small text-muted">Đảng bộ phường A</div>' in body
