from django.urls import reverse

from chibo.core.testing.access import Case, assert_access


def test_every_member_url_is_scoped(city):
    own = city.member.pk
    assert_access(
        "members",
        {
            "list": Case(
                reverse("members:list"),
                allowed=[city.admin, city.city_staff, city.secretary_user, city.member_user],
            ),
            "detail": Case(
                reverse("members:detail", args=[own]),
                allowed=[city.city_staff, city.ward_staff, city.secretary_user, city.member_user],
                outsiders=[city.outsider],
            ),
            "create": Case(
                reverse("members:create"), allowed=[city.city_staff, city.secretary_user]
            ),
            "edit": Case(
                reverse("members:edit", args=[own]),
                allowed=[city.ward_staff, city.secretary_user],
                outsiders=[city.outsider, city.member_user],
            ),
            "transfer": Case(
                reverse("members:transfer", args=[own]),
                allowed=[city.ward_staff, city.secretary_user],
                outsiders=[city.outsider, city.member_user],
            ),
            "import": Case(reverse("members:import"), allowed=[city.secretary_user]),
            "import_template": Case(
                reverse("members:import_template"), allowed=[city.secretary_user]
            ),
            "export": Case(
                reverse("members:export"), allowed=[city.city_staff, city.secretary_user]
            ),
        },
    )
