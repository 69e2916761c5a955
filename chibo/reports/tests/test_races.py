"""Issuing a report, tried for real: two submits at once, each on its own database
connection (threads released together)."""

from chibo.core.testing.clock import travel
from chibo.core.testing.concurrency import errors_of, races, run_at_once
from chibo.documents.models import DocumentKind, DocumentNumber
from chibo.reports.models import IssuedReport
from chibo.reports.periods import Period
from chibo.reports.services import AlreadyIssued, report_issue
from chibo.reports.tests.conftest import TODAY

pytestmark = races


def test_a_double_tap_issues_one_report_with_one_number(city):
    """The same period twice at once (a double tap, two staff): one report, number 01;
    the other is refused naming it, and no number is lost."""
    q3 = Period.parse("2026-Q3")
    with travel(TODAY):
        outcomes = run_at_once(
            lambda: report_issue(actor=city.ward_staff, organization=city.ward_a, period=q3),
            lambda: report_issue(actor=city.city_staff, organization=city.ward_a, period=q3),
        )
        [error] = errors_of(outcomes)
        assert isinstance(error, AlreadyIssued)
        assert "Số 01-BC/ĐU" in error.messages[0]
        assert list(IssuedReport.objects.values_list("number__symbol", flat=True)) == [
            "01-BC/ĐU"]
        # Two periods at once: consecutive numbers, none skipped.
        outcomes = run_at_once(*[
            lambda code=code: report_issue(actor=city.ward_staff, organization=city.ward_a,
                                           period=Period.parse(code))
            for code in ("2026-09", "2026-10")
        ])
        assert not errors_of(outcomes)
    numbers = DocumentNumber.objects.filter(kind=DocumentKind.REPORT, organization=city.ward_a)
    assert sorted(numbers.values_list("number", flat=True)) == [1, 2, 3]
    assert IssuedReport.objects.count() == 3
