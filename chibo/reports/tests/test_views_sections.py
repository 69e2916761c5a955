"""The dashboard's sections loaded when opened: each answers htmx with the section alone
and a browser without JavaScript with a page of its own, for the organization and period
of the request through the dashboard's gate; the units link down keeping the period, the
exception lists link to where each item is fixed and expand, the ranking shows the top
and the bottom, the charts are drawn on the server."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse

from chibo.core.testing.clock import travel
from chibo.core.testing.factories import make_org
from chibo.reports import views_sections
from chibo.reports.periods import Period
from chibo.reports.selectors import quality_report
from chibo.reports.tests.conftest import TODAY
from chibo.reports.tests.test_views import DASHBOARD, links, links_in, pct, query

pytestmark = pytest.mark.django_db

Q3 = Period.parse("2026-Q3")
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def frozen_today():
    with travel(TODAY):
        yield


def open_section(client, user, key, *, htmx=True, **params):
    client.force_login(user)
    return client.get(reverse(f"reports:{key}"), params, headers=HTMX if htmx else {})


def section(response, key: str) -> str:
    """One exception list, up to the next one (or the end of the section)."""
    page = response.content.decode()
    start = page.index(f'id="ex-{key}"')
    following = page.find('id="ex-', start + 1)
    return page[start:following if following > 0 else len(page)]


# --- one URL: the section alone, or a page of its own ------------------------------------


@pytest.mark.parametrize("key", ["units", "act", "ranking", "charts"])
def test_htmx_gets_the_section_alone_a_browser_a_page(client, tree, key):
    params = {"organization": tree.ward_a.pk, "period": "2026-Q3"}
    alone = open_section(client, tree.ward_staff, key, **params)
    assert alone.status_code == 200
    assert "<html" not in alone.content.decode() and "<nav" not in alone.content.decode()
    assert "HX-Request" in alone["Vary"]  # a cache keeps the two answers apart
    page = open_section(client, tree.ward_staff, key, htmx=False, **params)
    assert page.status_code == 200 and "HX-Request" in page["Vary"]
    text = page.content.decode()
    assert text.startswith("<!doctype html>") and "Quý III năm 2026" in text
    assert f"<h1 class=\"h3 mb-0\">{views_sections.TITLES[key]}</h1>" in text
    # The section itself, and the way back to the dashboard where it was opened.
    assert alone.content.decode().strip() in text
    back = [href for href, label in links(page) if label.startswith("‹ Về trang báo cáo")]
    assert [query(href.split("#")[0]) for href in back] == [
        (DASHBOARD, {"organization": str(tree.ward_a.pk), "period": "2026-Q3"})]
    assert back[0].endswith(f"#{key}")


def test_a_bad_period_goes_back_to_the_dashboard(client, tree):
    params = {"organization": tree.ward_a.pk, "period": "2026-Q5"}
    response = open_section(client, tree.ward_staff, "units", htmx=False, **params)
    assert response.status_code == 302
    expected = (DASHBOARD, {"organization": str(tree.ward_a.pk), "period": "2026-Q5"})
    assert query(response["Location"]) == expected
    # htmx would swap a redirect's page into the section: the whole page goes instead.
    response = open_section(client, tree.ward_staff, "units", **params)
    assert query(response["HX-Redirect"]) == expected


def test_a_period_without_data_says_so(client, tree):
    response = open_section(client, tree.city_staff, "act", period="2027-Q1")
    assert response.status_code == 200
    assert "Quý I năm 2027 không có số liệu trên hệ thống." in response.content.decode()


# --- the units -----------------------------------------------------------------------------


def test_units_link_down_keeping_the_period(client, tree):
    response = open_section(client, tree.city_staff, "units", organization=tree.root.pk,
                            period="2026-Q3")
    report = quality_report(tree.root, Q3, today=TODAY)
    rows = [(href, text) for href, text in links(response, "units-table")]
    assert [text for _, text in rows] == [u.name for u in report.units]
    for (href, _), unit in zip(rows, report.units, strict=True):
        assert query(href) == (DASHBOARD, {"organization": str(unit.id), "period": "2026-Q3"})
    page = response.content.decode()
    ward_a = report.units[0].tally
    assert f"{ward_a.months_held}/{ward_a.months_due} " in page  # 5/7
    assert pct(ward_a.held_rate) in page  # 71,4%
    response = open_section(client, tree.ward_staff, "units", organization=tree.ward_a.pk,
                            period="2026-Q3")
    assert [text for _, text in links(response, "units-table")] == [
        "Chi bộ khu phố A1", "Chi bộ khu phố A2", "Chi bộ khu phố A3"]


def test_a_cells_units_are_its_meetings(client, tree):
    response = open_section(client, tree.secretary_user, "units", htmx=False,
                            organization=tree.cell_a1.pk, period="2026-Q3")
    assert "<h1 class=\"h3 mb-0\">Các buổi sinh hoạt trong kỳ</h1>" in response.content.decode()
    rows = links(response, "cell-meetings")
    assert rows[0][1] == "Sinh hoạt thường kỳ ngày 03/07/2026" and len(rows) == 4


# --- what to act on ------------------------------------------------------------------------


def test_exception_items_link_where_they_are_fixed(client, tree):
    response = open_section(client, tree.city_staff, "act", organization=tree.root.pk,
                            period="2026-Q3")
    a1, a2, c1 = (str(c.pk) for c in (tree.cell_a1, tree.cell_a2, tree.cell_c1))

    def fixes(key):
        return [(query(href), text) for href, text in links_in(section(response, key))]

    assert ((reverse("meetings:list"), {"organization": a2, "year": "2026"}), "Lịch sinh hoạt") \
        in fixes("regular")
    assert "Chưa sinh hoạt: 08/2026, 09/2026" in section(response, "regular")
    thematic = section(response, "thematic")
    assert "Quý III/2026" in thematic and "Đã lên kế hoạch" in thematic
    assert ((reverse("meetings:list"), {"organization": a2, "kind": "thematic", "year": "2026"}),
            "Sinh hoạt chuyên đề") in fixes("thematic")
    attendance = section(response, "attendance")
    assert "dưới 90%" in attendance and "50% (1/2 lượt có mặt)" in attendance
    assert ((DASHBOARD, {"organization": a2, "period": "2026-Q3"}), "Các buổi sinh hoạt") \
        in fixes("attendance")
    minutes = fixes("minutes")
    assert ((reverse("meetings:detail", args=[tree.a2_jul.pk]), {}), "Mở biên bản") in minutes
    assert "Sinh hoạt thường kỳ ngày 03/07/2026 · đã 89 ngày" in section(response, "minutes")
    assert ((reverse("supervision:concerns"), {"organization": c1, "overdue": "1"}),
            "Xem kiến nghị") in fixes("concerns")
    assert ((reverse("meetings:tasks"), {"organization": a1, "state": "overdue"}),
            "Xem nhiệm vụ") in fixes("tasks")
    assert ((reverse("meetings:absences"), {"organization": a1, "year": "2026"}),
            "Xem danh sách") in fixes("absences")


def test_a_dissolved_cell_links_to_its_own_figures():
    cell = SimpleNamespace(id=7, dissolved_on=dt.date(2026, 8, 20))
    report = SimpleNamespace(as_of=dt.date(2026, 9, 30))
    found = views_sections._cell_links(cell, Q3, report)
    assert found["dashboard"] == f"{DASHBOARD}?organization=7&period=2026-Q3"
    # The lists' filters offer only organizations that still exist.
    assert {k for k, v in found.items() if v is None} == {
        "meetings", "thematic", "concerns", "tasks", "absences"}


def test_long_lists_show_ten_and_expand(client, tree):
    # Twelve new cells in ward B, none of which met in November.
    for i in range(12):
        make_org(f"Chi bộ khu phố B{i + 2:02d}", tree.ward_b, is_cell=True)
    response = open_section(client, tree.city_staff, "act", organization=tree.root.pk,
                            period="2026-11")
    regular = section(response, "regular")
    assert regular.count("Lịch sinh hoạt") == 10
    assert 'data-count="16"' in regular and "10/16 mục" in regular
    (toggle,) = [href for href, text in links_in(regular) if text == "Xem tất cả 16"]
    address, anchor = toggle.split("#")
    assert anchor == "ex-regular"
    assert query(address) == (reverse("reports:act"), {
        "organization": str(tree.root.pk), "period": "2026-11", "all": "regular"})
    # htmx asks the same address for the section alone, swapped where it was.
    assert f'hx-get="{address.replace("&", "&amp;")}"' in regular
    expanded = client.get(address, headers=HTMX)
    regular = section(expanded, "regular")
    assert regular.count("Lịch sinh hoạt") == 16 and "Thu gọn" in regular
    # The other lists stay short.
    assert section(expanded, "thematic").count("Sinh hoạt chuyên đề</a>") == 10


# --- the ranking, the charts ---------------------------------------------------------------


def test_ranking_top_and_bottom():
    def cell(i, score):
        return SimpleNamespace(id=i, tally=SimpleNamespace(score_avg=score, bands={"Tốt": 1}))

    few = SimpleNamespace(ranked=[cell(i, 90 - i) for i in range(4)], band_names=["Tốt"],
                          period=Q3)
    top, bottom = views_sections._ranking(few)
    assert [r["rank"] for r in top] == [1, 2, 3, 4] and bottom == []
    many = SimpleNamespace(ranked=[cell(i, 99 - i) for i in range(25)], band_names=["Tốt"],
                           period=Q3)
    top, bottom = views_sections._ranking(many)
    assert [r["rank"] for r in top] == list(range(1, 11))
    assert [r["rank"] for r in bottom] == list(range(25, 15, -1))  # the lowest first
    fifteen = SimpleNamespace(ranked=many.ranked[:15], band_names=["Tốt"], period=Q3)
    top, bottom = views_sections._ranking(fifteen)
    assert [r["rank"] for r in bottom] == [15, 14, 13, 12, 11]  # never one of the top ten


def test_the_ranking_of_a_city(client, tree):
    response = open_section(client, tree.city_staff, "ranking", organization=tree.root.pk,
                            period="2026-Q3")
    report = quality_report(tree.root, Q3, today=TODAY)
    rows = links(response, "rank-top")
    assert [text for _, text in rows] == [c.name for c in report.ranked]
    assert query(rows[0][0]) == (DASHBOARD, {"organization": str(report.ranked[0].id),
                                             "period": "2026-Q3"})


def test_the_charts_are_drawn_on_the_server(client, tree):
    response = open_section(client, tree.city_staff, "charts", organization=tree.root.pk,
                            period="2026-Q3")
    charts = response.context["charts"]  # the four SVG charts
    assert set(charts) == {"meetings", "bands", "scores", "thematic"}
    assert all(str(svg) in response.content.decode() for svg in charts.values())


# --- queries -------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["units", "act", "ranking", "charts"])
def test_a_section_costs_the_report_and_no_more(client, tree, key, django_assert_num_queries):
    client.force_login(tree.city_staff)
    params = {"organization": tree.root.pk, "period": "2026-Q3"}
    # The dashboard's first 16 (test_views.test_a_fixed_number_of_queries): session,
    # user, scope (2), the root, the report's own; no breadcrumb nor issued report.
    with django_assert_num_queries(16):
        assert client.get(reverse(f"reports:{key}"), params, headers=HTMX).status_code == 200
    # A cell: no units query in the report; its units are its meetings (one query).
    with django_assert_num_queries(16 if key == "units" else 15):
        assert client.get(reverse(f"reports:{key}"), {**params, "organization": tree.cell_a1.pk},
                          headers=HTMX).status_code == 200
