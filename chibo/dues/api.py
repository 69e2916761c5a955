"""Party dues in the API, read only: a cell's month and a member's year. Scoped like the
pages (chibo.dues.views): a cell's month for its secretary and the committee staff above,
a member's year also for the member themselves; anyone else 404."""

import datetime as dt

from ninja import Router, Schema
from ninja.errors import HttpError

from chibo.api.common import OrgRef
from chibo.core.scope import gate, user_scope, visible_members, visible_organizations
from chibo.dues import selectors
from chibo.dues.models import DuesPayment

router = Router(tags=["dues"])


class MemberRef(Schema):
    id: int
    name: str


class PaymentOut(Schema):
    """A recorded month: the due as computed when it was recorded, what was paid, or why
    not (`unpaid_reason`: `excused`, `unexcused`; empty when paid)."""

    id: int
    month: str
    category: str
    base_amount: int | None
    amount_due: int
    amount_paid: int
    paid_on: dt.date | None
    unpaid_reason: str
    note: str
    meeting: int | None
    rates_basis: str


class MonthRowOut(Schema):
    member: MemberRef
    category: str
    due: int | None
    problem: str
    payment: PaymentOut | None


class MonthTotals(Schema):
    members: int
    due: int
    paid_count: int
    paid: int
    excused: int
    unexcused: int
    pending: int


class CellMonthOut(Schema):
    organization: OrgRef
    month: str
    rates_basis: str
    totals: MonthTotals
    rows: list[MonthRowOut]


class MemberYearOut(Schema):
    member: MemberRef
    organization: OrgRef
    year: int
    unpaid_unexcused_months: list[int]
    due: int
    paid: int
    months: list[PaymentOut]


def _month(year: int, month: int) -> dt.date:
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise HttpError(422, "Tháng không hợp lệ: năm từ 2000 đến 2100, tháng từ 1 đến 12.")
    return dt.date(year, month, 1)


def _payment(p: DuesPayment) -> dict:
    return {
        "id": p.pk, "month": f"{p.month:%Y-%m}", "category": p.category,
        "base_amount": p.base_amount, "amount_due": p.amount_due, "amount_paid": p.amount_paid,
        "paid_on": p.paid_on, "unpaid_reason": p.unpaid_reason, "note": p.note,
        "meeting": p.meeting_id, "rates_basis": p.rates_basis,
    }


@router.get("/cells/{org_id}/{year}/{month}", response=CellMonthOut)
def dues_cell_month(request, org_id: int, year: int, month: int):
    """Đảng phí một tháng của chi bộ: từng đảng viên, mức phải đóng, đã đóng hay chưa.

    Bí thư chi bộ và cán bộ cấp ủy cấp trên; người khác: 404."""
    day = _month(year, month)
    cell = gate(visible_organizations(request.user).filter(is_cell=True), org_id)
    if not user_scope(request.user).covers(cell.path):
        raise HttpError(404, "Không tìm thấy hoặc bạn không có quyền xem.")
    sheet = selectors.month_sheet(cell, day)
    return {
        "organization": cell, "month": f"{day:%Y-%m}", "rates_basis": sheet.rates_basis,
        "totals": sheet.totals,
        "rows": [
            {"member": {"id": r.member.pk, "name": r.member.full_name},
             "category": r.category or (r.payment.category if r.payment else ""),
             "due": r.due, "problem": r.problem,
             "payment": _payment(r.payment) if r.payment else None}
            for r in sheet.rows
        ],
    }


@router.get("/members/{member_id}/{year}", response=MemberYearOut)
def dues_member_year(request, member_id: int, year: int):
    """Đảng phí một năm của một đảng viên: các tháng đã ghi, các tháng chưa đóng không lý
    do. Đảng viên xem của mình; bí thư, cán bộ cấp ủy xem trong phạm vi."""
    _month(year, 1)
    member = gate(visible_members(request.user).select_related("organization"), member_id)
    payments = list(DuesPayment.objects.filter(member=member, month__year=year))
    return {
        "member": {"id": member.pk, "name": member.full_name},
        "organization": member.organization, "year": year,
        "unpaid_unexcused_months": selectors.unpaid_months([member.pk], year).get(member.pk, []),
        "due": sum(p.amount_due for p in payments),
        "paid": sum(p.amount_paid for p in payments if p.is_paid),
        "months": [_payment(p) for p in payments],
    }
