"""GET /api/v1/reports/summary: the dashboard's figures, scope, periods and errors."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chibo.api.tests.test_api import bearer, token_for
from chibo.core.testing.clock import travel
from chibo.reports.periods import Period
from chibo.reports.selectors import quality_report, summary

SUMMARY = "/api/v1/reports/summary"


@pytest.fixture
def frozen_today():
    """The API reads today's date; the fixture's story is seen from 27/11/2026."""
    with travel(dt.date(2026, 11, 27)):
        yield


def test_the_quarter_as_the_dashboard_counts_it(client, tree, expected, frozen_today):
    token = token_for(client, "city")
    response = client.get(SUMMARY, {"organization": tree.root.pk, "period": "2026-Q3"},
                          headers=bearer(token))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["organization"] == {"id": tree.root.pk, "name": tree.root.name}
    assert (data["period"], data["period_label"], data["as_of"]) == (
        "2026-Q3", "Quý III năm 2026", "2026-09-30")
    totals = data["totals"]
    assert (totals["months_due"], totals["months_held"], totals["held_rate"]) == (11, 9, 81.8)
    assert (totals["expected"], totals["present"], totals["attendance_rate"]) == (19, 14, 73.7)
    assert totals["bands"] == expected.bands
    assert [u["name"] for u in data["units"]] == [
        "Đảng bộ phường A", "Đảng bộ phường B", "Chi bộ Trường THPT C1"]
    assert data["exceptions"]["without_regular"] == [{
        "id": tree.cell_a2.pk, "name": tree.cell_a2.name, "unit": "Đảng bộ phường A",
        "months": ["2026-08", "2026-09"], "quarters": None, "planned": None,
        "attendance_rate": None, "count": None,
    }]
    # Exactly what the page and the reports read.
    same = summary(quality_report(tree.root, Period.parse("2026-Q3"),
                                  today=dt.date(2026, 11, 27)))
    assert totals == {**same["totals"], "score_sum": float(same["totals"]["score_sum"])}


@pytest.mark.parametrize("period, months", [("2026", 11), ("2026-Q3", 3), ("2026-07", 1)])
def test_year_quarter_and_month(client, tree, frozen_today, period, months):
    client.force_login(tree.city_staff)
    data = client.get(SUMMARY, {"organization": tree.root.pk, "period": period}).json()
    assert data["period"] == period
    assert len(data["trend"]) == 12
    assert data["trend"][-1]["month"] == ("2026-11" if period == "2026" else
                                          "2026-09" if period == "2026-Q3" else "2026-07")


def test_default_is_the_top_of_the_scope_and_this_month(client, tree, frozen_today):
    client.force_login(tree.ward_staff)
    data = client.get(SUMMARY).json()
    assert data["organization"]["id"] == tree.ward_a.pk and data["period"] == "2026-11"


@pytest.mark.parametrize("period", ["2026-Q5", "2026-13", "năm nay", "26"])
def test_bad_period_is_422_in_vietnamese(client, tree, period):
    client.force_login(tree.city_staff)
    response = client.get(SUMMARY, {"period": period})
    assert response.status_code == 422
    assert "Kỳ báo cáo" in response.json()["detail"] or "Tháng" in response.json()["detail"]


def test_outside_the_scope_is_404(client, tree):
    client.force_login(tree.ward_staff)
    response = client.get(SUMMARY, {"organization": tree.ward_b.pk, "period": "2026"})
    assert response.status_code == 404
    client.force_login(tree.member_user)
    assert client.get(SUMMARY, {"period": "2026"}).status_code == 404


def test_queries_do_not_grow_with_the_tree(client, tree, frozen_today):
    client.force_login(tree.city_staff)

    def count(organization):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(SUMMARY, {"organization": organization, "period": "2026"})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    # A cell's report has no unit names to read: one query fewer.
    assert count(tree.root.pk) == count(tree.ward_a.pk) == count(tree.cell_a1.pk) + 1
