"""Every URL of the reports namespace: anonymous users go to the login page; a plain
member, and anyone asking for an organization outside their scope, get 404; committee
staff and a secretary get their own subtree, on the dashboard and on each of its
sections. Issuing (issue, issued, issued_pdf) is the committee staff's: a secretary gets
404 there, and a chi bộ's report is not issued."""

import pytest
from django.urls import reverse

from chibo.core.testing.access import Case, assert_access
from chibo.core.testing.clock import travel
from chibo.reports.periods import Period
from chibo.reports.services import report_issue
from chibo.reports.tests.conftest import TODAY

# The dashboard, its sections loaded when opened (one gate: views_common.parse), the files.
NAMES = ("dashboard", "units", "act", "ranking", "charts", "xlsx", "pdf")
ISSUING = ("issue", "issued")


@pytest.fixture(autouse=True)
def frozen_today():
    with travel(TODAY):
        yield


def cases(organization, *, allowed, outsiders, issuers, others, issued) -> dict[str, Case]:
    data = {"period": "2026-Q3"}
    if organization is not None:
        data["organization"] = organization.pk
    result = {
        name: Case(reverse(f"reports:{name}"), data=data, allowed=allowed, outsiders=outsiders)
        for name in NAMES
    }
    for name in ISSUING:
        result[name] = Case(reverse(f"reports:{name}"), data=data, allowed=issuers,
                            outsiders=others)
    # The PDF of the ward's issued report: the staff of the ward and above; not the
    # secretary of one of its cells, nor anyone else.
    result["issued_pdf"] = Case(reverse("reports:issued_pdf", args=[issued.pk]),
                                allowed=issued.staff, outsiders=issued.others)
    return result


def test_every_reports_url_is_scoped(tree):
    t = tree
    issued = report_issue(actor=t.ward_staff, organization=t.ward_a,
                          period=Period.parse("2026-07"))
    issued.staff = [t.admin, t.city_staff, t.ward_staff]
    issued.others = [t.secretary_user, t.outsider, t.member_user]
    # The city: the admin and city staff; not a ward's staff, a cell's secretary (of A1, or
    # of B1: the outsider), nor a plain member.
    outsiders = [t.ward_staff, t.secretary_user, t.outsider, t.member_user]
    assert_access("reports", cases(
        t.root, allowed=[t.admin, t.city_staff], outsiders=outsiders,
        issuers=[t.admin, t.city_staff], others=outsiders, issued=issued,
    ))
    # A ward: its staff too; a secretary may not issue (out of scope anyway).
    outsiders = [t.secretary_user, t.outsider, t.member_user]
    assert_access("reports", cases(
        t.ward_a, allowed=[t.admin, t.city_staff, t.ward_staff], outsiders=outsiders,
        issuers=[t.admin, t.city_staff, t.ward_staff], others=outsiders, issued=issued,
    ))
    # A cell: its secretary too; not the secretary of another cell, nor its own member.
    # Nobody issues a chi bộ's report here.
    allowed = [t.admin, t.city_staff, t.ward_staff, t.secretary_user]
    assert_access("reports", cases(
        t.cell_a1, allowed=allowed, outsiders=[t.outsider, t.member_user],
        issuers=[], others=[*allowed, t.outsider, t.member_user], issued=issued,
    ))
    # No organization: the top of one's own scope; a plain member has none. A secretary's
    # top is a cell: nothing to issue.
    allowed = [t.admin, t.city_staff, t.ward_staff, t.secretary_user, t.outsider]
    assert_access("reports", cases(
        None, allowed=allowed, outsiders=[t.member_user],
        issuers=[t.admin, t.city_staff, t.ward_staff],
        others=[t.secretary_user, t.outsider, t.member_user], issued=issued,
    ))


@pytest.mark.parametrize("organization", ["abc", "999999", ""])
@pytest.mark.parametrize("name", ["dashboard", "units", "act", "ranking", "charts"])
def test_an_unknown_organization_is_404(client, tree, name, organization):
    client.force_login(tree.city_staff)
    response = client.get(reverse(f"reports:{name}"), {"organization": organization})
    assert response.status_code == (200 if organization == "" else 404)
