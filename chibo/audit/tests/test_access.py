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
            # Anyone logged in: what they may pick is filtered inside the query
            # (test_web.test_the_search_endpoint_suggests_within_the_scope).
            "organization_search": Case(
                reverse("core:organization_search") + "?q=khu",
                allowed=[city.admin, city.ward_staff, city.member_user, city.outsider],
            ),
        },
    )
