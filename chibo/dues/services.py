"""Writes of dues: each in one transaction, under the row lock of what it changes, with
history naming the actor, refusing bad input with a Vietnamese message."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from chibo.core.concurrency import lock
from chibo.core.services import ServiceError, bulk_create_with_actor, create_with_actor, with_actor
from chibo.core.vi import nfc
from chibo.dues import rules
from chibo.dues.models import DuesBasis, DuesCategory, DuesPayment, UnpaidReason
from chibo.dues.selectors import bases_in_force, rates_in_force
from chibo.members.models import MemberStatus, PartyMember
from chibo.organizations.models import Organization

DUPLICATE = "Đảng phí tháng {month} của đồng chí {name} đã được ghi."


@transaction.atomic
def dues_basis_set(*, actor, member: PartyMember, category: str, base_amount: int | None,
                   effective_from: dt.date, note: str = "") -> DuesBasis:
    """The member's category and base from `effective_from`; a second entry on the same
    day replaces the first (history keeps it)."""
    lock(member)
    if category not in DuesCategory.values:
        raise ServiceError({"category": "Hãy chọn đối tượng đóng đảng phí."})
    if base_amount is not None and base_amount < 0:
        raise ServiceError({"base_amount": "Mức căn cứ không được âm."})
    existing = DuesBasis.objects.select_for_update().filter(
        member=member, effective_from=effective_from
    ).first()
    if existing is not None:
        existing.category, existing.base_amount, existing.note = category, base_amount, nfc(note)
        with_actor(existing, actor).save(update_fields=["category", "base_amount", "note"])
        return existing
    return create_with_actor(
        DuesBasis, actor, member=member, category=category, base_amount=base_amount,
        effective_from=effective_from, note=nfc(note), recorded_by=actor,
    )


def _paid_state(who: str, due: int, *, paid: bool, amount_paid, paid_on,
                unpaid_reason: str) -> tuple[int, dt.date | None, str]:
    """(amount paid, day paid, reason unpaid) of a month, checked against its due."""
    if paid:
        amount = due if amount_paid is None else int(amount_paid)
        if amount < due:
            raise ServiceError(
                f"{who}: số tiền đóng ({rules.money(amount)}) ít hơn mức phải đóng "
                f"({rules.money(due)})."
            )
        if paid_on is None:
            raise ServiceError(f"{who}: thiếu ngày đóng.")
        return amount, paid_on, ""
    if unpaid_reason not in (UnpaidReason.EXCUSED, UnpaidReason.UNEXCUSED):
        raise ServiceError(f"{who}: chưa đóng thì phải ghi có lý do hay không lý do.")
    return 0, None, unpaid_reason


def _entry_values(member, month, rates_row, basis, *, paid: bool, amount_paid,
                  paid_on, unpaid_reason: str, note: str):
    """The columns of one payment row, or ServiceError naming the member."""
    who = f"Đồng chí {member.full_name}"
    if basis is None:
        raise ServiceError(f"{who}: chưa khai báo đối tượng đóng đảng phí.")
    try:
        due = rules.amount_due(basis.category, basis.base_amount, rates_row.value)
    except rules.DuesRuleError as error:
        raise ServiceError(f"{who}: {error}") from None
    amount, paid_on, unpaid_reason = _paid_state(
        who, due, paid=paid, amount_paid=amount_paid, paid_on=paid_on,
        unpaid_reason=unpaid_reason,
    )
    return {
        "member": member,
        "organization_id": member.organization_id,
        "month": month,
        "category": basis.category,
        "base_amount": basis.base_amount,
        "amount_due": due,
        "amount_paid": amount,
        "paid_on": paid_on,
        "unpaid_reason": unpaid_reason,
        "note": nfc(note or ""),
        "rates_basis": rates_row.legal_basis[:300],
    }


def _check_meeting(meeting, cell, month):
    if meeting is None:
        return
    if meeting.organization_id != cell.pk or rules.month_start(meeting.period) != month:
        raise ServiceError("Buổi sinh hoạt không thuộc chi bộ hoặc tháng này.")
    if meeting.status == "adopted":
        raise ServiceError(
            "Biên bản buổi sinh hoạt đã thông qua; hãy ghi đảng phí từ bảng của tháng, không "
            "qua buổi sinh hoạt."
        )


@transaction.atomic
def dues_record(*, actor, member: PartyMember, month: dt.date, paid: bool,
                amount_paid: int | None = None, paid_on: dt.date | None = None,
                unpaid_reason: str = "", note: str = "", meeting=None) -> DuesPayment:
    """One member's month. Refused if the month is already recorded."""
    month = rules.month_start(month)
    # The cell first, then the member: the order of the bulk record, so the two never
    # wait on each other (the payment's row also takes a key lock on the cell).
    cell = Organization.objects.select_for_update().get(pk=member.organization_id)
    lock(member)
    if member.organization_id != cell.pk:
        raise ServiceError(f"Đồng chí {member.full_name} vừa chuyển sinh hoạt; hãy tải lại trang.")
    if member.status == MemberStatus.REMOVED:
        raise ServiceError(f"Đồng chí {member.full_name} đã bị xóa tên.")
    _check_meeting(meeting, cell, month)
    if DuesPayment.objects.filter(member=member, month=month).exists():
        raise ServiceError(DUPLICATE.format(month=f"{month:%m/%Y}", name=member.full_name))
    rates_row = rates_in_force(cell, month)
    basis = bases_in_force([member.pk], month).get(member.pk)
    values = _entry_values(member, month, rates_row, basis, paid=paid, amount_paid=amount_paid,
                           paid_on=paid_on or (timezone.localdate() if paid else None),
                           unpaid_reason=unpaid_reason, note=note)
    try:
        with transaction.atomic():
            return create_with_actor(DuesPayment, actor, meeting=meeting, recorded_by=actor,
                                     **values)
    except IntegrityError:
        raise ServiceError(
            DUPLICATE.format(month=f"{month:%m/%Y}", name=member.full_name)
        ) from None


@transaction.atomic
def dues_record_bulk(*, actor, cell, month: dt.date, entries: list[dict], meeting=None,
                     paid_on: dt.date | None = None) -> list[DuesPayment]:
    """Several members' month at once (the cell-month table, "đóng đủ cả chi bộ"): all
    or nothing. Each entry: member, paid (bool), amount_paid (None: the due),
    unpaid_reason, note. Every problem is named, and nothing is saved if there is one."""
    month = rules.month_start(month)
    lock(cell)  # one bulk per cell at a time; single records lock the member
    _check_meeting(meeting, cell, month)
    if not entries:
        raise ServiceError("Chưa chọn đồng chí nào.")
    paid_on = paid_on or timezone.localdate()
    ids = [e["member"].pk for e in entries]
    if len(set(ids)) != len(ids):
        raise ServiceError("Một đồng chí được ghi hai lần trong cùng một lần lưu.")
    members = {
        m.pk: m
        for m in PartyMember.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    }
    rates_row = rates_in_force(cell, month)
    bases = bases_in_force(ids, month)
    taken = set(DuesPayment.objects.filter(member_id__in=ids, month=month)
                .values_list("member_id", flat=True))
    problems, rows = [], []
    for entry in entries:
        member = members[entry["member"].pk]
        if member.organization_id != cell.pk:
            problems.append(f"Đồng chí {member.full_name} không sinh hoạt ở chi bộ này.")
            continue
        if member.pk in taken:
            problems.append(DUPLICATE.format(month=f"{month:%m/%Y}", name=member.full_name))
            continue
        try:
            values = _entry_values(
                member, month, rates_row, bases.get(member.pk), paid=entry["paid"],
                amount_paid=entry.get("amount_paid"), paid_on=paid_on,
                unpaid_reason=entry.get("unpaid_reason", ""), note=entry.get("note", ""),
            )
        except ServiceError as error:
            problems.extend(error.messages)
            continue
        rows.append(DuesPayment(meeting=meeting, recorded_by=actor, **values))
    if problems:
        raise ServiceError(problems)
    try:
        with transaction.atomic():
            return bulk_create_with_actor(DuesPayment, rows, actor)
    except IntegrityError:
        raise ServiceError(
            f"Đảng phí tháng {month:%m/%Y} của một số đồng chí vừa được người khác ghi; "
            "hãy tải lại trang."
        ) from None


CORRECTED_FIELDS = ["amount_paid", "paid_on", "unpaid_reason", "note"]
REASON_MAX = 100  # the history's change reason holds 100 characters


@transaction.atomic
def dues_correct(*, actor, payment: DuesPayment, paid: bool, amount_paid: int | None = None,
                 paid_on: dt.date | None = None, unpaid_reason: str = "", note: str = "",
                 reason: str) -> DuesPayment:
    """Correct a recorded month: paid (how much, which day) or unpaid (with or without
    reason). The due stays the one recorded (the rates and basis of that month). Dues are
    a ledger, not the minutes: a month collected at a meeting whose minutes are adopted
    may still be corrected; the adopted minutes keep the figure they were adopted with,
    and the history keeps every version with who corrected it and why."""
    lock(payment)
    reason = nfc(reason or "")
    if not reason:
        raise ServiceError({"reason": "Cần ghi lý do sửa."})
    if len(reason) > REASON_MAX:
        raise ServiceError({"reason": f"Lý do sửa tối đa {REASON_MAX} ký tự."})
    member = payment.member
    if paid and paid_on is not None and paid_on > timezone.localdate():
        raise ServiceError({"paid_on": "Ngày đóng không thể ở tương lai."})
    amount, paid_on, unpaid_reason = _paid_state(
        f"Đồng chí {member.full_name}", payment.amount_due, paid=paid,
        amount_paid=amount_paid,
        paid_on=paid_on or (payment.paid_on or timezone.localdate() if paid else None),
        unpaid_reason=unpaid_reason,
    )
    new = {"amount_paid": amount, "paid_on": paid_on, "unpaid_reason": unpaid_reason,
           "note": nfc(note or "")[:255]}
    if all(getattr(payment, key) == value for key, value in new.items()):
        raise ServiceError("Không có gì thay đổi so với số liệu đã ghi.")
    for key, value in new.items():
        setattr(payment, key, value)
    payment._change_reason = reason
    with_actor(payment, actor).save(update_fields=CORRECTED_FIELDS)
    return payment
