"""meeting.thematic_per_quarter is read by the report: a committee's version asking two
thematic meetings a quarter, or none, changes who is listed (issue 13)."""

import datetime as dt

import pytest

from chibo.policies.models import Policy
from chibo.reports.periods import Period
from chibo.reports.selectors import quality_report
from chibo.reports.tests.conftest import TODAY

pytestmark = pytest.mark.django_db

Q3 = Period.parse("2026-Q3")


def _version(issuer, value):
    Policy.objects.create(key="meeting.thematic_per_quarter", value=value, issuer=issuer,
                          effective_from=dt.date(2026, 1, 1), legal_basis="Thử")


def test_one_a_quarter_by_default(tree):
    assert quality_report(tree.root, Q3, today=TODAY).total.quarters_held == 2


def test_two_a_quarter_lists_cells_with_only_one(tree):
    _version(tree.root, 2)
    report = quality_report(tree.root, Q3, today=TODAY)
    assert (report.total.quarters_due, report.total.quarters_held) == (3, 0)
    assert len(report.without_thematic) == 3


def test_none_required_leaves_no_quarter_due(tree):
    _version(tree.root, 0)
    report = quality_report(tree.root, Q3, today=TODAY)
    assert report.quarters == [] and report.total.quarters_due == 0
    assert report.without_thematic == []
