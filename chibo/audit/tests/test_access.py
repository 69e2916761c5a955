from django.urls import reverse

from chibo.core.testing.access import Case, assert_access


def test_every_audit_url_is_scoped(city):
    assert_access(
        "audit",
        {
            "log": Case(
                reverse("audit:log"),
                allowed=[city.admin, city.city_staff, city.ward_staff],
                outsiders=[city.secretary_user, city.member_user, city.outsider],
            ),
        },
    )
