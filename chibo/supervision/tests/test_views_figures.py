"""The figures page: coverage in the quarter and the year, per ward and per official;
concerns by category and by ward. The numbers themselves are checked against a case
computed by hand in test_figures.py; here, that the page shows them for the chosen
organization and period."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from chibo.core.testing.factories import UserFactory, grant
from chibo.meetings import services as meeting_services
from chibo.meetings.models import MeetingKind
from chibo.supervision import services
from chibo.supervision.forms import quarter_of
from chibo.supervision.models import ConcernSource

URL = "/supervision/figures/"


@pytest.fixture
def visited(city):
    """This quarter an official attended A1's meeting yesterday (today early in the
    morning, on a quarter's first day) and brought back one concern; another concern of
    B1 is 40 days old and unanswered."""
    official = UserFactory(username="duv", first_name="Lê Văn", last_name="Giám")
    grant(official, city.ward_a)
    today = timezone.localdate()
    held = today - dt.timedelta(days=1)
    if quarter_of(held) != quarter_of(today):
        held = today
    meeting = meeting_services.meeting_create(
        actor=city.ward_staff,
        cell=city.cell_a1,
        kind=MeetingKind.REGULAR,
        scheduled_at=timezone.make_aware(dt.datetime.combine(held, dt.time(6))),
    )
    services.visit_report(
        actor=official,
        meeting=meeting,
        attended=True,
        concerns=[{"category": "land", "text": "Lấn chiếm đất công"}],
    )
    services.concern_raise(
        actor=city.outsider,
        cell=city.cell_b1,
        category="policy",
        text="Chậm chi trả trợ cấp",
        source=ConcernSource.SECRETARY,
        raised_on=timezone.localdate() - dt.timedelta(days=40),
    )
    return official


@pytest.mark.clock
def test_city_sees_coverage_per_ward_and_official_and_concerns(client, city, visited):
    client.force_login(city.city_staff)
    response = client.get(URL)
    context = response.context
    year, quarter = quarter_of(timezone.localdate())
    assert (context["year"], context["quarter"]) == (year, quarter)
    assert context["year_cov"]["cells"] == 4 and context["year_cov"]["covered"] == 1
    assert context["year_cov"]["share"] == 25.0
    units = {row["name"]: row["y"]["covered"] for row in context["units"]}
    assert units == {
        "Chi bộ Trường THPT C1": 0,
        "Đảng bộ phường A": 1,
        "Đảng bộ phường B": 0,
    }
    assert [(row["name"], row["y"]["visits"]) for row in context["officials"]] == [
        ("Lê Văn Giám", 1)
    ]
    html = response.content.decode()
    assert "25%" in html and "1/2" in html  # ward A: one of its two cells
    received = context["concerns"]["received"]
    if quarter_of(timezone.localdate() - dt.timedelta(days=40)) == (year, quarter):
        assert received == 2 and context["concerns"]["overdue"] == 1
    else:
        assert received == 1
    assert {row["name"] for row in context["by_category"]} >= {"Đất đai"}


@pytest.mark.clock
def test_ward_sees_its_cells_and_the_whole_year(client, city, visited):
    client.force_login(city.ward_staff)
    year = timezone.localdate().year
    response = client.get(URL, {"organization": city.ward_a.pk, "year": year, "quarter": 0})
    context = response.context
    assert context["quarter_cov"] is None and context["quarter"] == 0
    assert [(row["name"], row["y"]["covered"]) for row in context["units"]] == [
        ("Chi bộ khu phố A1", 1),
        ("Chi bộ khu phố A2", 0),
    ]
    assert context["concerns"]["received"] == 1  # B1's concern is not under the ward
    assert f"năm {year}" in response.content.decode()


@pytest.mark.clock
def test_bad_or_foreign_choices_fall_back_to_the_users_own(client, city, visited):
    client.force_login(city.ward_staff)
    response = client.get(URL, {"organization": city.ward_b.pk, "year": "abc", "quarter": "9"})
    assert response.status_code == 200
    assert response.context["root"] == city.ward_a
    assert response.context["year"] == timezone.localdate().year
    assert reverse("supervision:figures") == URL


def test_units_are_listed_in_vietnamese_order():
    from chibo.supervision.views import _merge

    rows = [{"name": n, "covered": 0} for n in
            ("Chi bộ khu phố 10", "Chi bộ Quân sự phường", "Chi bộ khu phố 2", "Chi bộ Đoàn")]
    merged = _merge(rows, [], ["covered"])
    # Numbers in numeric order, capitals no different from small letters, đ after d.
    assert [r["name"] for r in merged] == [
        "Chi bộ Đoàn", "Chi bộ khu phố 2", "Chi bộ khu phố 10", "Chi bộ Quân sự phường"]
