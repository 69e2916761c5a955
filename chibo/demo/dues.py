"""Dues of the demo: every member gets a category and a base, and a row for each month of
the meetings' window up to today: most paid at the cell's meeting (the 3rd), a few unpaid
with a reason, a few without, and two members with three months unpaid without reason in
the flag year, so the summaries and the flags have something to show. Plain bulk inserts
(no history rows, no instances for the months): the demo is generated, nobody recorded
it."""

import datetime as dt
import random

from django.utils import timezone

from chibo.demo.bulk import INSERT_CHUNK, insert_values
from chibo.demo.kit import flag_year_of, window
from chibo.dues import rules
from chibo.dues.models import DuesBasis, DuesCategory, DuesPayment, UnpaidReason
from chibo.meetings.models import Attendance
from chibo.meetings.selectors import unexcused_months
from chibo.members.models import MemberStatus, PartyMember
from chibo.policies.selectors import policy

EXCUSES = ["Đi công tác xa", "Nằm viện", "Gia đình có việc hiếu", "Đi làm ăn xa, gửi sau"]
RATES_BASIS = "Quyết định 342-QĐ/TW (dữ liệu mẫu)"
COLUMNS = ["member", "organization", "month", "category", "base_amount", "amount_due",
           "amount_paid", "paid_on", "unpaid_reason", "note", "rates_basis", "recorded_at"]


def _basis(rng: random.Random) -> tuple[DuesCategory, int | None]:
    roll = rng.random()
    if roll < 0.45:
        category, base = DuesCategory.SALARIED, rng.randrange(50, 160) * 100_000
    elif roll < 0.75:
        category, base = DuesCategory.PENSION, rng.randrange(40, 110) * 100_000
    elif roll < 0.80:
        category, base = DuesCategory.ALLOWANCE, rng.randrange(15, 35) * 100_000
    elif roll < 0.84:
        category, base = DuesCategory.STUDENT, None
    else:
        category, base = DuesCategory.OTHER, None
    return category, base


def load_dues(*, seed: int, today: dt.date) -> int:
    """Returns how many month rows were written."""
    rng = random.Random(f"{seed}:dues")
    months = [m for m in window(today) if m < today.replace(day=1) or today.day > 3]
    if not months:
        return 0
    members = list(
        PartyMember.objects.exclude(status=MemberStatus.REMOVED)
        .filter(organization__is_cell=True)
        .order_by("id").values_list("id", "organization_id", "admitted_on")
    )
    bases = [_basis(rng) for _ in members]  # (category, base): no instances, 94,000 of them
    recorded_at = timezone.now()
    insert_values(DuesBasis, ["member", "category", "base_amount", "effective_from", "note",
                        "recorded_at"],
            [(member_id, category.value, base, months[0], "", recorded_at)
             for (member_id, _, _), (category, base) in zip(members, bases, strict=True)])
    rates = {m: policy("dues.rates", on=rules.month_end(m)) for m in months}
    flag_year = flag_year_of(months)
    in_flag_year = [m for m in months if m.year == flag_year]
    # Two members the meetings' demo already flags for absence also leave three months
    # unpaid without reason: their flag then names both the missed and the unpaid months,
    # and the demo's set of flagged members stays the meetings' one.
    threshold = policy("absence.flag_months", on=dt.date(flag_year, 12, 31))
    absent = sorted(
        row["member_id"]
        for row in unexcused_months(Attendance.objects.all(), year=flag_year)
        if row["months"] >= threshold
    )
    positions = {member_id: i for i, (member_id, _, _) in enumerate(members)}
    flagged = {positions[m] for m in rng.sample(absent, min(2, len(absent))) if m in positions}
    rows, written = [], 0
    for index, ((member_id, cell_id, admitted), (category, base)) in enumerate(
            zip(members, bases, strict=True)):
        unpaid_unexcused = set(rng.sample(in_flag_year, 3)) if (
            index in flagged and len(in_flag_year) >= 3) else set()
        casual = {}  # unpaid without reason by chance: never the third in a year
        for month in months:
            if admitted > rules.month_end(month):
                continue
            due = rules.amount_due(category, base, rates[month])
            paid, paid_on, reason, note = 0, None, "", ""
            roll = rng.random()
            if month in unpaid_unexcused or (
                    not unpaid_unexcused and roll < 0.015 and casual.get(month.year, 0) < 2):
                reason = UnpaidReason.UNEXCUSED.value
                casual[month.year] = casual.get(month.year, 0) + 1
            elif roll < 0.04:
                reason, note = UnpaidReason.EXCUSED.value, rng.choice(EXCUSES)
            else:
                paid, paid_on = due, min(month.replace(day=3), today)
            rows.append((member_id, cell_id, month, category.value, base,
                         due, paid, paid_on, reason, note, RATES_BASIS, recorded_at))
        if len(rows) >= INSERT_CHUNK:  # the province's year is a million rows
            insert_values(DuesPayment, COLUMNS, rows)
            written, rows = written + len(rows), []
    insert_values(DuesPayment, COLUMNS, rows)
    return written + len(rows)


def wipe_dues() -> None:
    """Before the members go: a payment protects its member and its cell."""
    # Raw deletes: nothing points at these rows, and the history's delete signals would
    # otherwise load every one of the 100.000 months into memory first.
    for model in (DuesPayment, DuesBasis, DuesPayment.history.model, DuesBasis.history.model):
        queryset = model.objects.all()
        queryset._raw_delete(queryset.db)
