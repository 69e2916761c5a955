"""Reads of dues. Callers pass a cell already gated through the user's scope
(`chibo.core.scope`), or the user; nothing here fetches by id on its own."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from chibo.core.scope import visible_in_tree, visible_organizations
from chibo.dues import rules
from chibo.dues.models import DuesBasis, DuesPayment, UnpaidReason
from chibo.meetings.selectors import absence_thresholds
from chibo.members.models import MemberStatus, PartyMember
from chibo.organizations.models import Organization
from chibo.policies.selectors import policy_row

RATES_KEY = "dues.rates"


def rates_in_force(cell, month: dt.date):
    """The policy row of the rates for `cell` in `month` (in force on its last day)."""
    return policy_row(RATES_KEY, on=rules.month_end(month), organization=cell)


def bases_in_force(member_ids, month: dt.date) -> dict[int, DuesBasis]:
    """{member id: the DuesBasis in force in `month`}; one query."""
    found: dict[int, DuesBasis] = {}
    rows = DuesBasis.objects.filter(
        member_id__in=list(member_ids), effective_from__lte=rules.month_end(month)
    ).order_by("member_id", "effective_from")
    for row in rows:
        found[row.member_id] = row  # the latest wins
    return found


def cell_roll(cell, month: dt.date):
    """Who owes dues to `cell` for `month`: its members admitted by the month's end and not
    struck off, plus anyone whose month was already recorded here (moved away since)."""
    recorded = DuesPayment.objects.filter(organization=cell, month=month).values("member_id")
    return (
        PartyMember.objects.filter(
            Q(organization=cell, admitted_on__lte=rules.month_end(month))
            & ~Q(status=MemberStatus.REMOVED)
            | Q(pk__in=recorded)
        )
        .order_by("sort_key", "id")
    )


@dataclass
class DueRow:
    member: PartyMember
    category: str = ""
    category_label: str = ""
    base: int | None = None
    due: int | None = None
    problem: str = ""  # why the due cannot be computed
    payment: DuesPayment | None = None


@dataclass
class MonthSheet:
    cell: object
    month: dt.date
    rows: list[DueRow]
    rates: dict
    rates_basis: str
    rates_note: str
    totals: dict = field(default_factory=dict)


def compute_dues(members, cell, month: dt.date, rates: dict) -> list[DueRow]:
    bases = bases_in_force([m.pk for m in members], month)
    out = []
    for member in members:
        row = DueRow(member)
        basis = bases.get(member.pk)
        if basis is None:
            row.problem = "Chưa khai báo đối tượng đóng đảng phí."
        else:
            row.category, row.base = basis.category, basis.base_amount
            row.category_label = basis.get_category_display()
            try:
                row.due = rules.amount_due(basis.category, basis.base_amount, rates)
            except rules.DuesRuleError as error:
                row.problem = str(error)
        out.append(row)
    return out


def month_sheet(cell, month: dt.date) -> MonthSheet:
    """Every member of the cell for the month with the due and what was recorded."""
    month = rules.month_start(month)
    rates_row = rates_in_force(cell, month)
    members = list(cell_roll(cell, month))
    rows = compute_dues(members, cell, month, rates_row.value)
    payments = {
        p.member_id: p
        for p in DuesPayment.objects.filter(member__in=members, month=month).select_related(
            "recorded_by", "meeting"
        )
    }
    for row in rows:
        row.payment = payments.get(row.member.pk)
        if row.payment is not None:  # the recorded due is the one that counts
            row.due, row.problem = row.payment.amount_due, ""
    paid = [r.payment for r in rows if r.payment and r.payment.is_paid]
    totals = {
        "members": len(rows),
        "due": sum(r.due or 0 for r in rows),
        "paid_count": len(paid),
        "paid": sum(p.amount_paid for p in paid),
        "excused": sum(1 for r in rows if r.payment and r.payment.unpaid_reason == "excused"),
        "unexcused": sum(
            1 for r in rows if r.payment and r.payment.unpaid_reason == "unexcused"
        ),
        "pending": sum(1 for r in rows if r.payment is None),
    }
    return MonthSheet(cell, month, rows, rates_row.value, rates_row.legal_basis,
                      rates_row.note, totals)


def unpaid_months(members, year: int) -> dict[int, list[int]]:
    """{member id: months of `year` recorded as unpaid without reason}; one query.
    `members` is a queryset or ids. A month not recorded at all is not counted: the cell
    may not keep its dues in Chibo, and a flag must rest on what was written."""
    rows = (
        DuesPayment.objects.filter(
            member__in=members, month__year=year, unpaid_reason=UnpaidReason.UNEXCUSED,
            paid_on__isnull=True,
        )
        .order_by("month")
        .values_list("member_id", "month")
    )
    out: dict[int, list[int]] = defaultdict(list)
    for member_id, month in rows:
        out[member_id].append(month.month)
    return dict(out)


def unpaid_flagged_members(members, year: int) -> dict[int, tuple[list[int], int]]:
    """{member id: (unpaid months, threshold)} of members whose months unpaid without
    reason reach their cell's absence.flag_months (the removal rule counts them like
    missed meetings: Điều lệ Đảng, Điều 8)."""
    months = unpaid_months(members, year)
    if not months:
        return {}
    cells = dict(
        PartyMember.objects.filter(pk__in=months).values_list("id", "organization_id")
    )
    thresholds = absence_thresholds(
        Organization.objects.filter(pk__in=set(cells.values())).only("id", "path"), year=year
    )
    return {
        member_id: (found, thresholds[cells[member_id]])
        for member_id, found in months.items()
        if rules.unpaid_flagged(len(found), thresholds[cells[member_id]])
    }


def year_grid(cell, year: int):
    """The cell's year: one row per member with each month's payment, and totals per
    month. Members are those on the roll at some month or with a payment here."""
    payments = list(
        DuesPayment.objects.filter(organization=cell, month__year=year).select_related("member")
    )
    members = {p.member_id: p.member for p in payments}
    for member in PartyMember.objects.filter(organization=cell).exclude(
        status=MemberStatus.REMOVED
    ).filter(admitted_on__lte=dt.date(year, 12, 31)):
        members.setdefault(member.pk, member)
    by_member: dict[int, dict[int, DuesPayment]] = defaultdict(dict)
    for p in payments:
        by_member[p.member_id][p.month.month] = p
    flags = unpaid_flagged_members(list(members), year) if members else {}
    rows = []
    for member in sorted(members.values(), key=lambda m: (m.sort_key, m.pk)):
        cells = [by_member[member.pk].get(month) for month in range(1, 13)]
        rows.append({
            "member": member,
            "months": cells,
            "due": sum(p.amount_due for p in cells if p),
            "paid": sum(p.amount_paid for p in cells if p and p.is_paid),
            "unexcused": sum(1 for p in cells if p and p.unpaid_reason == "unexcused"),
            "flagged": member.pk in flags,
        })
    month_totals = []
    for month in range(1, 13):
        mine = [p for p in payments if p.month.month == month]
        month_totals.append({
            "due": sum(p.amount_due for p in mine),
            "paid": sum(p.amount_paid for p in mine if p.is_paid),
            "recorded": len(mine),
        })
    return {
        "rows": rows,
        "month_totals": month_totals,
        "due": sum(r["due"] for r in rows),
        "paid": sum(r["paid"] for r in rows),
        "flagged": sum(1 for r in rows if r["flagged"]),
    }


def visible_cells(user, organization=None):
    cells = visible_organizations(user).filter(is_cell=True, dissolved_on__isnull=True)
    if organization is not None:
        cells = cells.filter(path__startswith=organization.path)
    return cells.order_by("path")


def committee_summary(user, year: int, organization=None):
    """Per cell in the user's scope (under `organization`): due, paid, share paid, months
    recorded, members flagged for 3+ months unpaid without reason. Three queries."""
    cells = list(visible_cells(user, organization))
    payments = visible_in_tree(DuesPayment.objects.all(), user).filter(
        organization__in=cells, month__year=year
    )
    figures = {
        row["organization_id"]: row
        for row in payments.order_by().values("organization_id").annotate(
            due=Sum("amount_due"),
            paid=Sum("amount_paid", filter=Q(paid_on__isnull=False)),
            recorded=Count("id"),
            unexcused=Count("id", filter=Q(unpaid_reason=UnpaidReason.UNEXCUSED)),
        )
    }
    flagged_by_cell: dict[int, int] = defaultdict(int)
    unpaid_members = payments.filter(unpaid_reason=UnpaidReason.UNEXCUSED).values("member_id")
    if figures:
        flags = unpaid_flagged_members(unpaid_members, year)
        for cell_id in PartyMember.objects.filter(pk__in=flags).values_list(
            "organization_id", flat=True
        ):
            flagged_by_cell[cell_id] += 1
    rows = []
    for cell in cells:
        f = figures.get(cell.pk, {})
        due, paid = f.get("due") or 0, f.get("paid") or 0
        rows.append({
            "cell": cell,
            "due": due,
            "paid": paid,
            "share": round(paid * 100 / due, 1) if due else None,
            "recorded": f.get("recorded") or 0,
            "unexcused": f.get("unexcused") or 0,
            "flagged": flagged_by_cell.get(cell.pk, 0),
        })
    due = sum(r["due"] for r in rows)
    paid = sum(r["paid"] for r in rows)
    return {
        "rows": rows,
        "due": due,
        "paid": paid,
        "share": round(paid * 100 / due, 1) if due else None,
        "flagged": sum(r["flagged"] for r in rows),
    }


def meeting_dues(meeting) -> dict | None:
    """What the minutes say of the dues collected at `meeting` (the payments recorded
    through its link): how many paid and the total; None if none was recorded there."""
    rows = DuesPayment.objects.filter(meeting=meeting, paid_on__isnull=False).aggregate(
        count=Count("id"), total=Sum("amount_paid")
    )
    if not rows["count"]:
        return None
    total = rows["total"] or 0
    grouped = f"{total:,}".replace(",", ".")
    return {
        "paid_count": rows["count"],
        "total": total,
        "line": f"Thu đảng phí: {rows['count']} đồng chí đã đóng, tổng {grouped} đồng.",
    }
