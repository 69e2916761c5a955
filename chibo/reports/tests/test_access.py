"""Every URL of the reports namespace: anonymous users go to the login page; a plain
member, and anyone asking for an organization outside their scope, get 404; committee
staff and a secretary get their own subtree."""

import pytest
from django.urls import reverse

from chibo.core.testing.access import Case, assert_access
from chibo.core.testing.clock import travel
from chibo.reports.tests.conftest import TODAY

NAMES = ("dashboard", "xlsx", "pdf")


@pytest.fixture(autouse=True)
def frozen_today():
    with travel(TODAY):
        yield


def cases(organization, *, allowed, outsiders) -> dict[str, Case]:
    data = {"period": "2026-Q3"}
    if organization is not None:
        data["organization"] = organization.pk
    return {
        name: Case(reverse(f"reports:{name}"), data=data, allowed=allowed, outsiders=outsiders)
        for name in NAMES
    }


def test_every_reports_url_is_scoped(tree):
    t = tree
    # The city: the admin and city staff; not a ward's staff, a cell's secretary (of A1, or
    # of B1: the outsider), nor a plain member.
    assert_access("reports", cases(
        t.root, allowed=[t.admin, t.city_staff],
        outsiders=[t.ward_staff, t.secretary_user, t.outsider, t.member_user],
    ))
    # A ward: its staff too.
    assert_access("reports", cases(
        t.ward_a, allowed=[t.admin, t.city_staff, t.ward_staff],
        outsiders=[t.secretary_user, t.outsider, t.member_user],
    ))
    # A cell: its secretary too; not the secretary of another cell, nor its own member.
    assert_access("reports", cases(
        t.cell_a1, allowed=[t.admin, t.city_staff, t.ward_staff, t.secretary_user],
        outsiders=[t.outsider, t.member_user],
    ))
    # No organization: the top of one's own scope; a plain member has none.
    assert_access("reports", cases(
        None, allowed=[t.admin, t.city_staff, t.ward_staff, t.secretary_user, t.outsider],
        outsiders=[t.member_user],
    ))


@pytest.mark.parametrize("organization", ["abc", "999999", ""])
def test_an_unknown_organization_is_404(client, tree, organization):
    client.force_login(tree.city_staff)
    response = client.get(reverse("reports:dashboard"), {"organization": organization})
    assert response.status_code == (200 if organization == "" else 404)
