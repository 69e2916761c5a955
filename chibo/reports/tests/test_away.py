"""Members away on a meeting's day (temporary transfer, suspended, detained) are left out
of the attendance columns; the report counts them beside those columns (Tally.away, from
the meeting's `roll_away`, summed in the query that already sums the roll call), so a
reader sees why fewer places were expected."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chibo.meetings import services
from chibo.members.models import StateKind
from chibo.members.services_states import state_add
from chibo.reports.exports import report_pdf
from chibo.reports.exports_xlsx import report_xlsx
from chibo.reports.periods import Period
from chibo.reports.selectors import quality_report, summary
from chibo.reports.tests.conftest import TODAY
from chibo.reports.tests.test_exports import page_text, squash
from chibo.reports.tests.test_exports_xlsx import row_of
from chibo.reports.wording import AWAY_COLUMN

pytestmark = pytest.mark.django_db

Q3 = Period.parse("2026-Q3")
AWAY_SUMMARY = ("Lượt không tính vào số phải dự (sinh hoạt tạm thời nơi khác, bị đình chỉ "
                "sinh hoạt, bị tạm giam)")


@pytest.fixture
def suspended(tree):
    """A1's member suspended from 01/09/2026; September's roll call recorded again."""
    state_add(actor=tree.admin, member=tree.member, kind=StateKind.SUSPENDED,
              started_on=dt.date(2026, 9, 1))
    services.attendance_record(
        actor=tree.admin, meeting=tree.a1_sep,
        entries=[{"member": tree.secretary.pk, "presence": "present", "reason": ""},
                 {"member": tree.member.pk, "presence": "unexcused", "reason": ""}],
    )
    tree.a1_sep.refresh_from_db()
    assert (tree.a1_sep.roll_expected, tree.a1_sep.roll_away) == (1, 1)
    return tree


def test_the_report_counts_the_places_not_counted(suspended):
    t = suspended
    report = quality_report(t.root, Q3, today=TODAY)
    [a1] = [c for c in report.cells if c.id == t.cell_a1.pk]
    # A1's September: 2 who must attend before, now 1 (the secretary) and 1 away.
    assert (a1.tally.expected, a1.tally.away) == (7, 1)
    assert (report.total.expected, report.total.away) == (18, 1)
    assert summary(report)["totals"]["away"] == 1
    september = dict(report.trend)[dt.date(2026, 9, 1)]
    assert september.away == 1

    book = load_workbook(io.BytesIO(report_xlsx(report)))
    values = {r[0]: r[1] for r in book["Tổng hợp"].iter_rows(min_row=8, values_only=True)}
    assert values["Lượt đảng viên phải dự (không tính miễn sinh hoạt)"] == 18
    assert values[AWAY_SUMMARY] == 1
    assert row_of(book["Chi bộ"], "Chi bộ", "Chi bộ khu phố A1")[AWAY_COLUMN] == 1
    assert row_of(book["Chi bộ"], "Chi bộ", "Chi bộ Trường THPT C1")[AWAY_COLUMN] == 0
    assert row_of(book["Theo đơn vị"], "Đơn vị", "Đảng bộ phường A")[AWAY_COLUMN] == 1
    assert row_of(book["Theo đơn vị"], "Đơn vị", "Tổng cộng")[AWAY_COLUMN] == 1
    assert row_of(book["Diễn biến"], "Tháng", dt.datetime(2026, 9, 1))[AWAY_COLUMN] == 1

    text = squash(page_text(report_pdf(report)))
    assert ("không tính đảng viên được miễn sinh hoạt và 1 lượt sinh hoạt tạm thời nơi "
            "khác, bị đình chỉ sinh hoạt, bị tạm giam") in text


def test_the_dashboard_names_them(client, suspended):
    client.force_login(suspended.city_staff)
    body = client.get(reverse("reports:dashboard"), {"organization": suspended.root.pk,
                                    "period": "2026-Q3"}).content.decode()
    assert '<span data-figure="away">1</span> lượt tạm thời nơi khác, đình chỉ, tạm giam' in body


def test_no_one_away_leaves_the_column_at_zero(tree):
    report = quality_report(tree.root, Q3, today=TODAY)
    assert report.total.away == 0
    book = load_workbook(io.BytesIO(report_xlsx(report)))
    assert row_of(book["Theo đơn vị"], "Đơn vị", "Tổng cộng")[AWAY_COLUMN] == 0
