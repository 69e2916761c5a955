from django.urls import reverse

from chibo.core.testing.access import Case, assert_access


def test_every_organization_url_is_scoped(city):
    cell = city.cell_a1.pk
    assert_access(
        "organizations",
        {
            "tree": Case(
                reverse("organizations:tree"),
                allowed=[city.admin, city.city_staff, city.secretary_user],
            ),
            "detail": Case(
                reverse("organizations:detail", args=[cell]),
                allowed=[city.city_staff, city.ward_staff, city.secretary_user],
                outsiders=[city.outsider, city.member_user],
            ),
            "children": Case(
                reverse("organizations:children", args=[city.ward_a.pk]),
                ok_status=(302,),
                allowed=[city.city_staff, city.ward_staff],
                outsiders=[city.outsider, city.secretary_user, city.member_user],
            ),
            "create": Case(
                reverse("organizations:create", args=[city.ward_a.pk]),
                allowed=[city.city_staff, city.ward_staff],
                outsiders=[city.outsider, city.secretary_user, city.member_user],
            ),
            "edit": Case(
                reverse("organizations:edit", args=[cell]),
                allowed=[city.ward_staff, city.secretary_user],
                outsiders=[city.outsider, city.member_user],
            ),
            "move": Case(
                reverse("organizations:move", args=[cell]),
                allowed=[city.city_staff],
                outsiders=[city.outsider, city.member_user],
            ),
            "dissolve": Case(
                reverse("organizations:dissolve", args=[cell]),
                allowed=[city.ward_staff],
                outsiders=[city.outsider, city.member_user],
            ),
            "party_group_create": Case(
                reverse("organizations:party_group_create", args=[cell]),
                method="post",
                data={"name": "Tổ 1"},
                ok_status=(302,),
                allowed=[city.secretary_user],
                outsiders=[city.outsider, city.member_user],
            ),
        },
    )
