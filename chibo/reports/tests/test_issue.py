"""Issuing the committee's report (ban hành báo cáo): numbered "Số 01-BC/ĐU" from 01 per
committee across its term (HD 36-HD/VPTW, II.1.3.1), one report per period, frozen as
issued; only the committee's staff may issue, from the dashboard, after a confirmation."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse

from chibo.core.services import ServiceError
from chibo.core.testing.clock import travel
from chibo.documents.models import DocumentKind, DocumentNumber
from chibo.documents.numbering import issuer_symbol
from chibo.meetings.models import Meeting, MeetingStatus
from chibo.policies.models import Policy
from chibo.reports.exports import report_pdf
from chibo.reports.models import IssuedReport
from chibo.reports.periods import Period
from chibo.reports.selectors import quality_report
from chibo.reports.services import AlreadyIssued, can_issue, report_issue
from chibo.reports.tests.conftest import TODAY
from chibo.reports.tests.test_exports import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

Q3 = Period.parse("2026-Q3")
OCTOBER = Period.parse("2026-10")


@pytest.fixture(autouse=True)
def frozen_today():
    with travel(TODAY):
        yield


def issue(t, period, organization=None, actor=None) -> IssuedReport:
    return report_issue(actor=actor or t.ward_staff, organization=organization or t.ward_a,
                        period=period)


def test_the_symbol_is_the_issuers(tree):
    """One rule for every number: a cell's is the policy (CB), a committee's its name's."""
    assert issuer_symbol(tree.cell_a1, TODAY) == "CB"
    assert issuer_symbol(tree.ward_a, TODAY) == "ĐU"
    assert issuer_symbol(tree.root, TODAY) == "TU"  # Đảng bộ thành phố → Thành ủy


def test_numbers_run_from_01_per_committee_and_kind(tree):
    t = tree
    first = issue(t, Q3)
    second = issue(t, OCTOBER)
    city = issue(t, Q3, t.root, t.city_staff)
    assert (first.number.symbol, second.number.symbol, city.number.symbol) == (
        "01-BC/ĐU", "02-BC/ĐU", "01-BC/TU")
    assert first.number.kind == DocumentKind.REPORT
    assert first.number.organization == t.ward_a
    assert first.number.issued_by == t.ward_staff
    assert first.issued_on == TODAY and first.as_of == dt.date(2026, 9, 30)
    assert second.as_of == dt.date(2026, 10, 31)
    assert first.sha256 == hashlib.sha256(bytes(first.pdf)).hexdigest() and first.intact
    # A cell's minutes keep their own numbers (BB): the report's took none of theirs.
    assert not DocumentNumber.objects.exclude(kind=DocumentKind.REPORT).exists()


def test_the_issued_pdf_carries_the_number_the_preview_none(tree):
    issued = issue(tree, Q3)
    head = page_text(bytes(issued.pdf), 1, 1)
    assert "Số 01-BC/ĐU" in head
    preview = page_text(report_pdf(quality_report(tree.ward_a, Q3, today=TODAY)), 1, 1)
    assert "-BC/ĐU" in preview and "01-BC" not in preview
    cell = page_text(report_pdf(quality_report(tree.cell_a1, Q3, today=TODAY)), 1, 1)
    assert "-BC/CB" in cell


def test_a_new_term_starts_again_at_01(tree):
    t = tree
    assert issue(t, Q3).number.symbol == "01-BC/ĐU"
    # The ward's congress closed on 30/11/2026: its term starts on 01/12/2026.
    Policy.objects.create(
        key="document.term_start", value="2026-12-01", legal_basis="Thử",
        effective_from=dt.date(2026, 12, 1), issuer=t.ward_a,
    )
    with travel(dt.date(2027, 1, 5)):
        assert issue(t, Period.parse("2026-Q4")).number.symbol == "01-BC/ĐU"
        assert issue(t, Period.parse("2026-12")).number.symbol == "02-BC/ĐU"
    assert list(IssuedReport.objects.order_by("number__term_start", "number__number")
                .values_list("number__term_start", "number__number")) == [
        (dt.date(2025, 7, 1), 1), (dt.date(2026, 12, 1), 1), (dt.date(2026, 12, 1), 2)]


def test_a_period_is_issued_once_and_a_refusal_takes_no_number(tree):
    t = tree
    first = issue(t, Q3)
    with pytest.raises(AlreadyIssued) as refusal:
        issue(t, Q3, actor=t.city_staff)
    assert refusal.value.issued == first
    assert "Báo cáo Quý III năm 2026 của Đảng ủy phường A đã được ban hành: Số 01-BC/ĐU " \
           "ngày 27/11/2026" in refusal.value.messages[0]
    with pytest.raises(ServiceError, match="chưa bắt đầu"):
        issue(t, Period.parse("2027-Q1"))
    with pytest.raises(ServiceError, match="do chi bộ ký"):
        issue(t, Q3, t.cell_a1)
    assert issue(t, OCTOBER).number.symbol == "02-BC/ĐU"
    assert DocumentNumber.objects.filter(kind=DocumentKind.REPORT).count() == 2


def test_the_issued_report_stays_as_issued(client, tree):
    t = tree
    issued = issue(t, Q3)
    original = bytes(issued.pdf)
    before = page_text(original)
    # Later corrections: A2's September meeting was held and adopted after all, A1 renamed.
    Meeting.objects.filter(pk=t.a2_sep.pk).update(
        status=MeetingStatus.ADOPTED, quality_total=90, quality_band="Tốt")
    t.cell_a1.name = "Chi bộ khu phố A1 mới"
    t.cell_a1.save()
    now = page_text(report_pdf(quality_report(t.ward_a, Q3, today=TODAY)))
    assert now != before and "A1 mới" in now and "A1 mới" not in before
    client.force_login(t.ward_staff)
    response = client.get(reverse("reports:issued_pdf", args=[issued.pk]))
    assert response.status_code == 200 and response.content == original
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-dang-bo-phuong-a-2026-Q3-so-01.pdf"')
    stored = IssuedReport.objects.get(pk=issued.pk)
    assert stored.intact and bytes(stored.pdf) == original
    with pytest.raises(ValueError):
        stored.save()


def test_who_may_issue(tree):
    t = tree
    assert can_issue(t.admin, t.cell_a1) is False  # a cell's report is not issued here
    assert can_issue(t.ward_staff, t.ward_a) and can_issue(t.city_staff, t.ward_a)
    assert not can_issue(t.ward_staff, t.root)
    assert not can_issue(t.secretary_user, t.ward_a)
    assert not can_issue(t.member_user, t.ward_a)


def test_issuing_from_the_dashboard(client, tree):
    t = tree
    params = {"organization": t.ward_a.pk, "period": "2026-Q3"}
    client.force_login(t.ward_staff)
    page = client.get(reverse("reports:dashboard"), params).content.decode()
    issue_url = reverse("reports:issue") + f"?organization={t.ward_a.pk}&amp;period=2026-Q3"
    assert issue_url in page and "Báo cáo đã ban hành" in page
    # The confirmation: what will happen, the number it would take; nothing issued yet.
    confirm = client.get(reverse("reports:issue"), params).content.decode()
    assert "Ban hành báo cáo quý III năm 2026" in confirm
    assert "dự kiến <strong>Số 01-BC/ĐU</strong>" in confirm
    assert not IssuedReport.objects.exists()
    url = reverse("reports:issue") + f"?organization={t.ward_a.pk}&period=2026-Q3"
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("reports:issued") + \
        f"?organization={t.ward_a.pk}"
    text = response.content.decode()
    assert "Đã ban hành báo cáo Quý III năm 2026: Số 01-BC/ĐU." in text
    assert "Số 01-BC/ĐU" in text and "Quý III năm 2026" in text and "27/11/2026" in text
    # A second submit (a double tap): the same number named, no second report.
    again = client.post(url, follow=True).content.decode()
    assert "đã được ban hành: Số 01-BC/ĐU ngày 27/11/2026" in again
    assert IssuedReport.objects.count() == 1
    page = client.get(reverse("reports:dashboard"), params).content.decode()
    assert "Đã ban hành: Số 01-BC/ĐU" in page and 'id="report-issue"' not in page
    # The period's page without data: no button.
    future = client.get(reverse("reports:dashboard"),
                        {**params, "period": "2027-Q1"}).content.decode()
    assert 'id="report-issue"' not in future


def test_members_and_secretaries_cannot_issue(client, tree):
    t = tree
    for user, organization in [(t.secretary_user, t.cell_a1), (t.member_user, t.cell_a1),
                               (t.secretary_user, t.ward_a), (t.ward_staff, t.root),
                               (t.city_staff, t.cell_a1)]:
        client.force_login(user)
        url = reverse("reports:issue") + f"?organization={organization.pk}&period=2026-Q3"
        assert client.post(url).status_code == 404, user
    assert not IssuedReport.objects.exists() and not DocumentNumber.objects.exists()
    client.force_login(t.secretary_user)
    page = client.get(reverse("reports:dashboard"),
                      {"organization": t.cell_a1.pk, "period": "2026-Q3"}).content.decode()
    assert "Ban hành báo cáo" not in page and "Báo cáo đã ban hành" not in page
