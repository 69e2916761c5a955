"""Issuing the committee's periodic report (ban hành báo cáo): the only write of the
reports app.

`report_issue` takes the committee's row lock (chibo.core.concurrency.lock), refuses a
period already issued (naming its number), computes the report as of today, takes the
next BC number of the committee in the term (chibo.documents.numbering.issue, which
locks the counter) and stores the PDF generated with that number and its SHA-256, all in
one transaction: a refused or failed issue takes no number, and two submits at once (a
double tap) queue on the lock, the second one refused with the first one's number."""

import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone

from chibo.core.concurrency import lock
from chibo.core.scope import user_scope
from chibo.core.services import ServiceError
from chibo.documents import numbering
from chibo.documents.context import vi_short_date
from chibo.documents.issuers import issuer_of
from chibo.documents.models import DocumentKind
from chibo.reports import exports
from chibo.reports.models import IssuedReport
from chibo.reports.periods import Period
from chibo.reports.selectors import quality_report


def can_issue(user, organization) -> bool:
    """Committee staff of the organization (or above it), and the system admin; a đảng
    bộ's report only: a chi bộ's report is the cell's, signed by its secretary, and is
    not issued here. No query (the scope is the request's)."""
    if organization.is_cell:
        return False
    scope = user_scope(user)
    return scope.is_admin or any(organization.path.startswith(p) for p in scope.staff_paths)


class AlreadyIssued(ServiceError):
    """The period's report was issued before (another submit, another staff member)."""

    def __init__(self, issued: IssuedReport):
        self.issued = issued
        committee = issuer_of(issued.organization.name).name
        super().__init__(
            f"Báo cáo {Period.parse(issued.period)} của {committee} đã được ban hành: "
            f"Số {issued.number.symbol} ngày {vi_short_date(issued.issued_on)}. Mỗi kỳ chỉ "
            "ban hành một báo cáo; tải bản đã ban hành trong danh sách báo cáo đã ban hành."
        )


def issued_for(organization, period: Period) -> IssuedReport | None:
    return (IssuedReport.objects.filter(organization=organization, period=period.code)
            .select_related("number", "organization").first())


@transaction.atomic
def report_issue(*, actor, organization, period: Period) -> IssuedReport:
    """Issue `organization`'s report for `period`, numbered and frozen."""
    if organization.is_cell:
        raise ServiceError("Báo cáo của chi bộ do chi bộ ký, không ban hành ở đây.")
    lock(organization)  # two issues of one committee queue here
    existing = issued_for(organization, period)
    if existing is not None:
        raise AlreadyIssued(existing)
    today = timezone.localdate()
    if period.start > today:
        raise ServiceError(f"{period} chưa bắt đầu: chưa thể ban hành báo cáo của kỳ này.")
    report = quality_report(organization, period, today=today)
    if not report.started:
        raise ServiceError(f"{period} không có số liệu trên hệ thống: không ban hành báo cáo.")
    number = numbering.issue(actor=actor, organization=organization, kind=DocumentKind.REPORT,
                             day=today)
    pdf = exports.report_pdf(report, number.symbol)
    try:
        with transaction.atomic():
            return IssuedReport.objects.create(
                organization=organization, period=period.code, period_start=period.start,
                period_end=period.end, as_of=report.as_of, issued_on=today, number=number,
                pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(),
            )
    except IntegrityError:  # only if the lock was bypassed: still no second report
        existing = issued_for(organization, period)
        if existing is None:
            raise
        raise AlreadyIssued(existing) from None
