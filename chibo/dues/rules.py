"""The arithmetic of dues, as pure functions over plain values; the rates come in as the
value of the policy `dues.rates` in force for the month:

    {"salaried": {"percent": "1"}, "pension": {"percent": "0.5"}, ..., "other": {"fixed": 3000}}

A percent applies to the member's base (salary, pension, allowance); a fixed sum is in
đồng. Money is whole đồng (int) throughout."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal


class DuesRuleError(ValueError):
    """The due cannot be computed; the message is for the user."""


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def amount_due(category: str, base: int | None, rates: dict) -> int:
    """What a member of `category` with `base` owes for a month under `rates`."""
    rate = rates.get(category)
    if rate is None:
        raise DuesRuleError("Quy định mức đóng đảng phí đang áp dụng không có đối tượng này.")
    if "fixed" in rate:
        return int(rate["fixed"])
    if base is None or base <= 0:
        raise DuesRuleError(
            "Chưa khai báo mức lương (lương hưu, phụ cấp) làm căn cứ tính đảng phí."
        )
    due = Decimal(base) * Decimal(str(rate["percent"])) / 100
    return int(due.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def rate_label(category: str, rates: dict) -> str:
    rate = rates.get(category) or {}
    if "fixed" in rate:
        return f"{money(int(rate['fixed']))}/tháng"
    if "percent" in rate:
        return f"{str(rate['percent']).replace('.', ',')}% căn cứ"
    return "—"


def money(amount: int | None) -> str:
    """25000 → "25.000 đ" (Vietnamese grouping)."""
    if amount is None:
        return ""
    return f"{amount:,}".replace(",", ".") + " đ"


def unpaid_flagged(months: int, threshold: int) -> bool:
    """Unpaid without reason in at least `threshold` months of a year: like missing
    meetings, a flag for the cell to review (Điều lệ Đảng, Điều 8), never a removal."""
    return months >= threshold
