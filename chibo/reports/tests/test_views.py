"""The committee dashboard page: the figures it shows are the selector's, the links keep
the period while drilling down, a bad period is a message, a cell lists its meetings, and
the long sections are links loaded when opened (their content: test_views_sections)."""

import html
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from openpyxl import load_workbook

from chibo.core.testing.clock import travel
from chibo.core.testing.factories import grant, make_org
from chibo.core.testing.jobs import work_off
from chibo.jobs.models import FileJob
from chibo.policies.models import Policy
from chibo.reports import exports, exports_xlsx
from chibo.reports.periods import Period
from chibo.reports.selectors import quality_report
from chibo.reports.tests.conftest import TODAY
from chibo.reports.tests.test_exports import page_text

pytestmark = pytest.mark.django_db

Q3 = Period.parse("2026-Q3")
DASHBOARD = reverse("reports:dashboard")


@pytest.fixture(autouse=True)
def frozen_today():
    """The page reads today's date; the fixture's story is seen from 27/11/2026."""
    with travel(TODAY):
        yield


def get(client, user, **params):
    client.force_login(user)
    return client.get(DASHBOARD, params)


def figures(response) -> dict[str, str]:
    """{name: text} of every element marked data-figure on the page."""
    page = response.content.decode()
    found = re.findall(r'<(\w+)[^>]*data-figure="(\w+)"[^>]*>(.*?)</\1>', page, re.S)
    return {name: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()
            for _, name, text in found}


def fragment(response, element_id: str, close: str) -> str:
    """The page from the element with this id to the first `close` tag after it."""
    page = response.content.decode()
    start = page.index(f'id="{element_id}"')
    return page[start:page.index(close, start)]


def links_in(text: str) -> list[tuple[str, str]]:
    """[(href, text)] of the links in a piece of the page."""
    return [(html.unescape(href), re.sub(r"<[^>]+>", "", label).strip())
            for href, label in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', text, re.S)]


def links(response, element_id: str | None = None, close: str = "</table>"):
    if element_id is None:
        return links_in(response.content.decode())
    return links_in(fragment(response, element_id, close))


def query(href: str) -> tuple[str, dict]:
    parts = urlsplit(href)
    return parts.path, {k: v if len(v) > 1 else v[0] for k, v in parse_qs(parts.query).items()}


def pct(value) -> str:
    return f"{floatformat(value, '-1')}%"


# --- the figures -------------------------------------------------------------------------


def test_headline_figures_are_the_selectors(client, tree, expected):
    response = get(client, tree.city_staff, organization=tree.root.pk, period="2026-Q3")
    assert response.status_code == 200
    total = quality_report(tree.root, Q3, today=TODAY).total
    shown = figures(response)
    assert shown["cells"] == str(total.cells) == str(expected.cells)
    assert shown["held_rate"] == pct(total.held_rate) == "81,8%"
    assert shown["months"] == f"{total.months_held}/{total.months_due} lượt chi bộ-tháng"
    assert shown["thematic_rate"] == pct(total.thematic_rate) == "66,7%"
    assert shown["quarters"] == "2/3 lượt chi bộ-quý"
    assert shown["attendance_rate"] == pct(total.attendance_rate) == "73,7%"
    assert shown["presence"].startswith(f"{total.present}/{total.expected} lượt")
    assert shown["score_avg"] == floatformat(total.score_avg, "-1") == "78"
    assert shown["coverage_rate"] == pct(total.coverage_rate) == "25%"
    assert shown["tasks_overdue"] == str(total.tasks_overdue) == "2"
    assert shown["concerns_open"] == str(total.concerns_open) == "2"
    assert shown["concerns_overdue"] == f"{total.concerns_overdue} quá hạn" == "1 quá hạn"
    assert shown["members_flagged"] == str(total.members_flagged) == "1"
    assert shown["minutes_late"] == str(total.minutes_late) == "5"
    assert shown["bands"] == "Tốt: 3 (42,9%) Khá: 2 (28,6%) Trung bình: 1 (14,3%) Kém: 1 (14,3%)"
    page = response.content.decode()
    assert "Quý III năm 2026" in page and "30/09/2026" in page


def test_a_ward_and_its_breadcrumb(client, tree):
    response = get(client, tree.ward_staff, organization=tree.ward_a.pk, period="2026-Q3")
    assert response.status_code == 200
    # The ward is the top of this user's scope: no link above it.
    assert links(response, "report-path", "</ol>") == []
    # City staff see the path from the city, keeping the period.
    response = get(client, tree.city_staff, organization=tree.cell_a1.pk, period="2026-Q3")
    crumbs = links(response, "report-path", "</ol>")
    assert [text for _, text in crumbs] == [tree.root.name, "Đảng bộ phường A"]
    assert [query(href)[1] for href, _ in crumbs] == [
        {"organization": str(tree.root.pk), "period": "2026-Q3"},
        {"organization": str(tree.ward_a.pk), "period": "2026-Q3"},
    ]


def test_the_long_sections_are_loaded_when_opened(client, tree):
    """The first paint carries the figures; each long section is a closed <details> that
    htmx fills from the section's URL, the same URL being a page of its own without
    JavaScript, for the same organization and period."""
    response = get(client, tree.city_staff, organization=tree.root.pk, period="2026-Q3")
    page = response.content.decode()
    opened = re.findall(r'<details class="report-section[^"]*" id="(\w+)" hx-get="([^"]+)" '
                        r'hx-trigger="toggle once"', page)
    same = {"organization": str(tree.root.pk), "period": "2026-Q3"}
    assert [(key, query(html.unescape(href))) for key, href in opened] == [
        (key, (reverse(f"reports:{key}"), same)) for key in ("units", "act", "ranking", "charts")]
    pages = [query(href) for href, text in links(response) if text == "Xem trên trang riêng"]
    assert pages == [(reverse(f"reports:{key}"), same)
                     for key in ("units", "act", "ranking", "charts")]
    # What the sections hold is not on the first paint; what they are about is.
    for absent in ('id="units-table"', 'id="ex-regular"', 'id="rank-top"', 'class="chart"'):
        assert absent not in page, absent
    report = quality_report(tree.root, Q3, today=TODAY)
    assert f"{len(report.units)} đơn vị" in page
    assert f"{len(report.ranked)} chi bộ có buổi sinh hoạt đã chấm điểm trong kỳ" in page
    assert "danh sách có mục cần xử lý" in page
    # A cell: its meetings on the page, no units nor ranking to open.
    response = get(client, tree.secretary_user, organization=tree.cell_a1.pk, period="2026-Q3")
    assert re.findall(r'<details class="report-section[^"]*" id="(\w+)"',
                      response.content.decode()) == ["act", "charts"]
    # A period without data has nothing to open.
    response = get(client, tree.city_staff, period="2027-Q1")
    assert "<details" not in response.content.decode()


def test_someone_on_two_wards_can_switch_between_them(client, tree):
    grant(tree.ward_staff, tree.ward_b)
    response = get(client, tree.ward_staff, organization=tree.cell_b1.pk, period="2026-Q3")
    assert response.status_code == 200
    assert [text for _, text in links(response, "report-path", "</ol>")] == ["Đảng bộ phường B"]
    scopes = {text: query(href)[1] for href, text in links(response, "report-scopes", "</div>")}
    assert scopes == {
        "Đảng bộ phường A": {"organization": str(tree.ward_a.pk), "period": "2026-Q3"},
        "Đảng bộ phường B": {"organization": str(tree.ward_b.pk), "period": "2026-Q3"},
    }


def test_a_cell_lists_its_meetings_of_the_period(client, tree):
    response = get(client, tree.secretary_user, organization=tree.cell_a1.pk, period="2026-Q3")
    assert response.status_code == 200
    rows = links(response, "cell-meetings")
    hrefs = [query(href) for href, _ in rows]
    pks = [int(path.strip("/").split("/")[-1]) for path, _ in hrefs]
    a1_aug = [pk for pk in pks if pk not in (tree.a1_jul.pk, tree.a1_thematic.pk, tree.a1_sep.pk)]
    assert pks[0] == tree.a1_jul.pk and pks[-1] == tree.a1_sep.pk and len(a1_aug) == 1
    assert tree.a1_thematic.pk in pks  # June's meeting and other cells' are not
    assert all(path == reverse("meetings:detail", args=[pk]) and q == {"period": "2026-Q3"}
               for (path, q), pk in zip(hrefs, pks, strict=True))
    assert [text for _, text in rows][0] == "Sinh hoạt thường kỳ ngày 03/07/2026"
    page = response.content.decode()
    assert 'id="units-table"' not in page
    assert "Tốt</span> <span class=\"small text-muted\">92 điểm" in page


def test_the_period_switch_and_neighbours_keep_the_organization(client, tree):
    response = get(client, tree.ward_staff, organization=tree.ward_a.pk, period="2026-Q3")
    found = {text: query(href)[1] for href, text in links(response)}
    ward = str(tree.ward_a.pk)
    # Today (27/11/2026) is not in the quarter: its last month, its year.
    assert found["Tháng"] == {"organization": ward, "period": "2026-09"}
    assert found["Quý"] == {"organization": ward, "period": "2026-Q3"}
    assert found["Năm"] == {"organization": ward, "period": "2026"}
    assert found["‹ Quý II/2026"] == {"organization": ward, "period": "2026-Q2"}
    assert found["Quý IV/2026 ›"] == {"organization": ward, "period": "2026-Q4"}
    downloads = {text: query(href) for href, text in links(response) if "Tải" in text}
    assert downloads == {
        "Tải báo cáo Excel": (reverse("reports:xlsx"), {"organization": ward, "period": "2026-Q3"}),
        "Tải báo cáo PDF": (reverse("reports:pdf"), {"organization": ward, "period": "2026-Q3"}),
    }


def test_default_is_this_month_at_the_top_of_the_scope(client, tree):
    response = get(client, tree.ward_staff)
    assert response.status_code == 200
    assert response.context["root"] == tree.ward_a
    assert response.context["period"] == Period.of("month", TODAY)
    assert "Tháng 11 năm 2026" in response.content.decode()
    # The running month counts up to today.
    assert "Số liệu đến ngày 27/11/2026" in response.content.decode()


def test_the_menu_offers_reports_to_those_who_have_one(client, tree):
    """A plain member has no report (404), so the menu does not offer one; a secretary
    has their cell's."""
    menu_item = f'href="{DASHBOARD}">Báo cáo</a>'
    client.force_login(tree.member_user)
    page = client.get(reverse("members:list"))
    assert page.status_code == 200 and "Đảng viên</a>" in page.content.decode()
    assert menu_item not in page.content.decode()
    assert client.get(DASHBOARD).status_code == 404
    client.force_login(tree.secretary_user)
    assert menu_item in client.get(reverse("members:list")).content.decode()
    assert client.get(DASHBOARD).context["root"] == tree.cell_a1


@pytest.mark.parametrize("code,message", [
    ("2026-13", "Tháng không hợp lệ: &#x27;2026-13&#x27;."),
    ("năm ngoái", "Kỳ báo cáo không hợp lệ: &#x27;năm ngoái&#x27;. Ghi năm (2026), quý (2026-Q3) "
                  "hoặc tháng (2026-07)."),
])
def test_a_bad_period_is_a_message_not_an_error(client, tree, code, message):
    response = get(client, tree.city_staff, organization=tree.ward_a.pk, period=code)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="period-error"' in page and message in page
    assert "Đang hiển thị Tháng 11 năm 2026." in page
    assert response.context["root"] == tree.ward_a  # the organization is kept


def test_a_future_period_says_so(client, tree):
    response = get(client, tree.city_staff, period="2027-Q1")
    assert response.status_code == 200
    assert "Quý I năm 2027 chưa bắt đầu, chưa có số liệu." in response.content.decode()


def test_months_before_the_data_starts(client, tree):
    Policy.objects.filter(key="report.data_from").update(value="2026-08-15")
    response = get(client, tree.city_staff, period="2026-07")
    assert "Chibo ghi nhận sinh hoạt chi bộ từ tháng 08/2026; Tháng 7 năm 2026 không có số " \
        "liệu trên hệ thống" in response.content.decode()
    response = get(client, tree.city_staff, period="2026-Q3")
    assert "Số liệu từ tháng 08/2026 tính đến hết ngày 30/09/2026" in response.content.decode()


# --- downloads ---------------------------------------------------------------------------


@pytest.mark.parametrize("name,ext,content_type", [
    ("reports:xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("reports:pdf", "pdf", "application/pdf"),
])
def test_downloads_of_the_same_root_and_period(client, tree, name, ext, content_type,
                                               django_capture_on_commit_callbacks):
    """The file is built by the worker (chibo.jobs): the link offers it, the button queues
    it, and the file is the document the request used to build."""
    client.force_login(tree.ward_staff)
    url = f"{reverse(name)}?organization={tree.ward_a.pk}&period=2026-Q3"
    offer = client.get(url)
    label = "PDF" if ext == "pdf" else "Excel"
    assert offer.status_code == 200
    assert f"Báo cáo quý III năm 2026 – Đảng bộ phường A ({label})" in offer.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post(url)
    job = FileJob.objects.get(user=tree.ward_staff)
    assert queued["Location"] == reverse("jobs:detail", args=[job.pk])
    assert work_off() == 1
    response = client.get(reverse("jobs:file", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="bao-cao-dang-bo-phuong-a-2026-Q3.{ext}"')
    content = b"".join(response.streaming_content)
    assert content[:4] == (b"PK\x03\x04" if ext == "xlsx" else b"%PDF")
    # Asked again, the page offers the file already built beside a new one.
    again = client.get(url).content.decode()
    assert "Tệp này đồng chí đã yêu cầu gần đây" in again
    assert reverse("jobs:file", args=[job.pk]) in again
    report = quality_report(tree.ward_a, Q3, today=TODAY)
    if ext == "pdf":
        assert page_text(content) == page_text(exports.report_pdf(report))
    else:
        built, direct = (load_workbook(io.BytesIO(data))
                         for data in (content, exports_xlsx.report_xlsx(report)))
        assert built.sheetnames == direct.sheetnames
        for sheet in built.sheetnames:
            assert (list(built[sheet].iter_rows(values_only=True))
                    == list(direct[sheet].iter_rows(values_only=True)))


def test_a_download_with_a_bad_period_goes_back_to_the_page(client, tree):
    client.force_login(tree.ward_staff)
    response = client.get(reverse("reports:pdf"), {"period": "2026-Q5"})
    assert response.status_code == 302
    assert query(response["Location"]) == (
        DASHBOARD, {"organization": str(tree.ward_a.pk), "period": "2026-Q5"})


# --- queries -----------------------------------------------------------------------------


def test_a_fixed_number_of_queries(client, tree, django_assert_num_queries):
    client.force_login(tree.city_staff)
    params = {"organization": tree.root.pk, "period": "2026-Q3"}
    # 1 session, 2 user; 3 the user's scopes, 4 their own member record (the scope);
    # 5 the root (report_root's gate); the report's own (selectors.quality_report):
    # 6 policies in force, 7 cells of the window, 8 units, 9 meetings per cell with the
    # visits, 10 tasks overdue, 11 concerns, 12 members per cell, 13 members flagged,
    # 14 the absence policy of their cells, 15 late minutes, 16 meetings per month (the
    # trend); 17 the breadcrumb and the tops of the user's scope; 18 the period's issued
    # report (committee staff only: services.can_issue).
    with django_assert_num_queries(18):
        assert client.get(DASHBOARD, params).status_code == 200
    # More cells, meetings and members do not add queries.
    for i in range(5):
        make_org(f"Chi bộ khu phố B{i + 2:02d}", tree.ward_b, is_cell=True)
    client.force_login(tree.city_staff)
    with django_assert_num_queries(18):
        assert client.get(DASHBOARD, params).status_code == 200
    # A cell: no query for the units (the cell is its own), one for its meetings of the
    # period, none for an issued report (a chi bộ's is not issued here): 17.
    with django_assert_num_queries(17):
        assert client.get(DASHBOARD, {**params, "organization": tree.cell_a1.pk}).status_code \
            == 200
