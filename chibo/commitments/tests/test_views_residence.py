"""Residence comments (QĐ 213): written by the residence cell, read by the workplace
cell, missing ones listed for both, HD 33 exemptions marked."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from chibo.accounts.models import Role
from chibo.commitments import services
from chibo.commitments.models import ResidenceComment, ResidenceExemption
from chibo.core.testing.factories import MemberFactory, UserFactory, grant

YEAR = 2026
RATINGS = {
    "point_policy": "good",
    "point_ethics": "good",
    "point_participation": "fair",
    "point_relations": "good",
}


@pytest.fixture
def people(city):
    c1_secretary = UserFactory(username="c1-secretary")
    grant(c1_secretary, city.cell_c1, Role.SECRETARY)
    return SimpleNamespace(
        c1_secretary=c1_secretary,
        # Teaches at the C1 school, lives in khu phố A1.
        teacher=MemberFactory(
            organization=city.cell_c1,
            residence_organization=city.cell_a1,
            full_name="Vương Thị Yến",
        ),
        # Belongs to B1, lives in A2, abroad this year.
        abroad=MemberFactory(
            organization=city.cell_b1, residence_organization=city.cell_a2, full_name="Hà Văn Sơn"
        ),
        # Belongs to A2, lives in B1.
        a2_resident=MemberFactory(
            organization=city.cell_a2, residence_organization=city.cell_b1, full_name="Lò Văn Tú"
        ),
        # Lives where they belong: nothing to write.
        at_home=MemberFactory(
            organization=city.cell_a1, residence_organization=city.cell_a1, full_name="Mai Văn Út"
        ),
    )


def _missing(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("commitments:residence", args=[YEAR]), params)
    assert response.status_code == 200
    return {m.full_name: m for m in response.context["missing"]}


def test_the_residence_secretary_writes_and_the_workplace_cell_reads(client, city, people):
    client.force_login(city.secretary_user)
    page = client.get(reverse("commitments:residence", args=[YEAR]))
    ((cell, residents),) = page.context["to_comment"]
    assert cell == city.cell_a1
    assert [m.full_name for m in residents] == ["Vương Thị Yến"]
    url = reverse("commitments:residence_write", args=[YEAR, people.teacher.pk])
    assert url in page.content.decode()

    form = client.get(url)
    assert form.context["form"] is not None
    body = form.content.decode()
    assert "Thực hiện tốt" in body and "Chưa thực hiện tốt" in body
    response = client.post(
        url, {**RATINGS, "comment": "Gương mẫu, tích cực tham gia phong trào."}, follow=True
    )
    assert "Đã lưu nhận xét nơi cư trú năm 2026 của Vương Thị Yến." in response.content.decode()
    row = ResidenceComment.objects.get()
    assert row.residence_cell == city.cell_a1 and row.written_by == city.secretary_user
    assert row.ratings == {
        "policy": "good",
        "ethics": "good",
        "participation": "fair",
        "relations": "good",
    }

    # The workplace cell (the C1 school) reads it, and cannot change it.
    client.force_login(people.c1_secretary)
    read = client.get(url)
    assert read.context["form"] is None
    body = read.content.decode()
    assert "Gương mẫu, tích cực tham gia phong trào." in body
    assert "Chỉ chi ủy nơi cư trú sửa được." in body and 'type="radio"' not in body
    assert client.post(url, {**RATINGS, "comment": "Sửa"}).status_code == 404
    assert ResidenceComment.objects.get().comment == "Gương mẫu, tích cực tham gia phong trào."
    received = client.get(reverse("commitments:residence", args=[YEAR])).context["received"]
    assert [r.member for r in received] == [people.teacher]


def test_every_point_must_be_rated(client, city, people):
    client.force_login(city.secretary_user)
    url = reverse("commitments:residence_write", args=[YEAR, people.teacher.pk])
    response = client.post(url, {**RATINGS, "point_ethics": "", "comment": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Cần chọn mức đánh giá." in body and "Cần ghi nhận xét." in body
    assert not ResidenceComment.objects.exists()


def test_committee_staff_above_the_residence_cell_may_write(client, city, people):
    client.force_login(city.ward_staff)
    url = reverse("commitments:residence_write", args=[YEAR, people.teacher.pk])
    client.post(url, {**RATINGS, "comment": "Chấp hành tốt."})
    assert ResidenceComment.objects.get().written_by == city.ward_staff


def test_outsiders_get_404(client, city, people):
    services.residence_comment_write(
        actor=city.secretary_user,
        member=people.teacher,
        year=YEAR,
        ratings={k.removeprefix("point_"): v for k, v in RATINGS.items()},
        comment="Tốt.",
    )
    url = reverse("commitments:residence_write", args=[YEAR, people.teacher.pk])
    for user in (city.outsider, city.member_user):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {**RATINGS, "comment": "Xấu."}).status_code == 404
    # A member who lives where they belong has no residence comment at all.
    client.force_login(city.secretary_user)
    home = reverse("commitments:residence_write", args=[YEAR, people.at_home.pk])
    assert client.get(home).status_code == 404
    assert ResidenceComment.objects.get().comment == "Tốt."


def test_missing_comments_listed_for_both_cells_with_exemptions_marked(client, city, people):
    services.residence_exempt(
        actor=city.outsider, member=people.abroad, year=YEAR, reason="Công tác tại Lào cả năm"
    )
    # Ward A: the teacher lives in A1, Sơn lives in A2 (exempt), Tú belongs to A2.
    ward = _missing(client, city.ward_staff)
    assert set(ward) == {"Vương Thị Yến", "Hà Văn Sơn", "Lò Văn Tú"}
    assert ward["Hà Văn Sơn"].exempt and not ward["Vương Thị Yến"].exempt
    assert ward["Hà Văn Sơn"].exempt_reason_hd33 == "Công tác tại Lào cả năm"
    # The residence side may write, the workplace side may exempt.
    assert ward["Vương Thị Yến"].can_write and not ward["Vương Thị Yến"].can_exempt
    assert ward["Lò Văn Tú"].can_exempt and not ward["Lò Văn Tú"].can_write
    client.force_login(city.ward_staff)
    body = client.get(reverse("commitments:residence", args=[YEAR])).content.decode()
    assert "Miễn theo HD 33" in body and "Lý do: Công tác tại Lào cả năm" in body
    # B1 sees Sơn (its member) and Tú (living in B1).
    assert set(_missing(client, city.outsider)) == {"Hà Văn Sơn", "Lò Văn Tú"}
    # The school cell sees its teacher; the residence cell sees her too.
    assert set(_missing(client, people.c1_secretary)) == {"Vương Thị Yến"}
    assert set(_missing(client, city.secretary_user)) == {"Vương Thị Yến"}
    # A chosen subtree.
    assert set(_missing(client, city.city_staff, organization=city.cell_c1.pk)) == {"Vương Thị Yến"}
    # Once written, she leaves the lists of both cells.
    services.residence_comment_write(
        actor=city.secretary_user,
        member=people.teacher,
        year=YEAR,
        ratings={k.removeprefix("point_"): v for k, v in RATINGS.items()},
        comment="Tốt.",
    )
    assert _missing(client, people.c1_secretary) == {}
    assert _missing(client, city.secretary_user) == {}
    # A plain member has no such list.
    client.force_login(city.member_user)
    assert client.get(reverse("commitments:residence", args=[YEAR])).status_code == 404


def test_the_workplace_cell_marks_an_exemption(client, city, people):
    url = reverse("commitments:residence_exempt", args=[YEAR, people.abroad.pk])
    client.force_login(city.outsider)  # the secretary of B1, where Sơn belongs
    response = client.post(url, {"reason": ""})
    assert "Cần ghi lý do." in response.content.decode()
    response = client.post(url, {"reason": "Điều trị bệnh dài ngày"}, follow=True)
    assert "Đã ghi Hà Văn Sơn được miễn nhận xét nơi cư trú năm 2026." in (
        response.content.decode()
    )
    assert ResidenceExemption.objects.get().reason == "Điều trị bệnh dài ngày"
    # The residence side (ward A covers A2) does not exempt.
    client.force_login(city.ward_staff)
    assert client.post(url, {"reason": "Khác"}).status_code == 404
    assert ResidenceExemption.objects.get().reason == "Điều trị bệnh dài ngày"


def test_residence_page_query_count_does_not_grow(client, city, people, django_assert_num_queries):
    client.force_login(city.ward_staff)
    url = reverse("commitments:residence", args=[YEAR])
    client.get(url)
    # session, user, scopes, own member record, the cells the user is secretary of (none),
    # organizations for the filter, count of the missing, their page (with both cells),
    # the HD 33 reasons of the page, the names of the cells' parents
    with django_assert_num_queries(10):
        client.get(url)
    for _ in range(20):
        MemberFactory(organization=city.cell_c1, residence_organization=city.cell_a2)
        MemberFactory(organization=city.cell_a1, residence_organization=city.cell_b1)
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.context["page"].paginator.count == 43
