"""Grading arithmetic as pure functions over policy values (domain.md §3):
100 points = 30 general + 70 task results; four grades by threshold, each with the
conditions the policy sets; a cap on the share of HTXSNV."""

import math
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from fractions import Fraction

GRADES = ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]
LABELS = {
    "HTXSNV": "Hoàn thành xuất sắc nhiệm vụ",
    "HTTNV": "Hoàn thành tốt nhiệm vụ",
    "HTNV": "Hoàn thành nhiệm vụ",
    "KHTNV": "Không hoàn thành nhiệm vụ",
}
CONDITION_LABELS = {
    "no_discipline": "không bị kỷ luật trong năm",
    "no_unexcused_absence": "không vắng sinh hoạt không lý do",
    "commitments_met": "hoàn thành các việc đã đăng ký",
    "residence_ok": "nơi cư trú nhận xét thực hiện tốt",
    "absence_flag": "bỏ sinh hoạt không lý do từ số tháng theo quy định",
    "serious_discipline": "bị kỷ luật từ cảnh cáo trở lên",
}


class ScoreError(ValueError):
    pass


class FormError(ValueError):
    pass


# The thresholds (grading.thresholds: 90/70/50) are points out of 100, so every version of
# a grading form must add up to exactly that scale (30 general + 70 task results).
FORM_TOTAL = Decimal(100)


def exact(value) -> Decimal:
    """A number as typed (7, 7.5, 44.99) without binary noise: 89.99 stays 89.99."""
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ScoreError("Điểm phải là số.") from None


def check_form(value) -> None:
    """A grading form (grading.member_form / grading.cell_form) a committee may put in
    force: {"general": [...], "tasks": [...]}, each criterion with a code, a label and
    positive points, codes unique, points adding up to 100. Raises FormError in words."""
    if not isinstance(value, dict) or not all(
        isinstance(value.get(part), list) and value.get(part) for part in ("general", "tasks")
    ):
        raise FormError(
            "Phiếu đánh giá cần hai phần «general» (tiêu chí chung) và «tasks» (kết quả "
            "thực hiện nhiệm vụ), mỗi phần là danh sách tiêu chí."
        )
    codes, parts = set(), {}
    for part in ("general", "tasks"):
        subtotal = Decimal(0)
        for criterion in value[part]:
            if not isinstance(criterion, dict) or not criterion.get("code") or not (
                criterion.get("label")
            ):
                raise FormError("Mỗi tiêu chí cần mã (code), tên (label) và số điểm (points).")
            points = criterion.get("points")
            if isinstance(points, bool) or not isinstance(points, int | float) or points <= 0:
                raise FormError(f"Tiêu chí «{criterion['label']}»: số điểm phải là số dương.")
            if criterion["code"] in codes:
                raise FormError(f"Mã tiêu chí «{criterion['code']}» bị trùng.")
            codes.add(criterion["code"])
            subtotal += exact(points)
        parts[part] = subtotal
    total = parts["general"] + parts["tasks"]
    if total != FORM_TOTAL:
        raise FormError(
            f"Tổng điểm của phiếu là {_vi(parts['general'])} + {_vi(parts['tasks'])} = "
            f"{_vi(total)}, phải bằng {_vi(FORM_TOTAL)}."
        )


def _vi(number: Decimal) -> str:
    return f"{number.normalize():f}".replace(".", ",")


def criteria_of(form: dict) -> list[dict]:
    """All criteria of a grading form: {"general": [...], "tasks": [...]}."""
    return list(form["general"]) + list(form["tasks"])


def total(scores: dict, form: dict) -> Decimal:
    """Sum of points, each criterion within 0..its maximum; every criterion scored. Exact
    (Decimal, as typed, up to two decimals): 89.99 is below 90 and stays so; pages may
    round it for display, the grade never does."""
    try:
        check_form(form)
    except FormError as error:
        raise ScoreError(f"Phiếu đánh giá đang áp dụng không hợp lệ: {error}") from None
    result = Decimal(0)
    for criterion in criteria_of(form):
        value = scores.get(criterion["code"])
        if value is None or value == "":
            raise ScoreError(f"Chưa chấm tiêu chí «{criterion['label']}».")
        try:
            value = exact(value)
        except ScoreError:
            raise ScoreError(f"«{criterion['label']}»: điểm phải là số.") from None
        if not value.is_finite():
            raise ScoreError(f"«{criterion['label']}»: điểm phải là số.")
        if not 0 <= value <= exact(criterion["points"]):
            raise ScoreError(f"«{criterion['label']}»: điểm từ 0 đến {criterion['points']:g}.")
        result += value
    return result


def grade_by_points(points, thresholds: list[list]) -> str:
    """The first grade whose minimum the exact points reach: 89.99 is not 90."""
    points = exact(points)
    for grade, minimum in thresholds:
        if points >= exact(minimum):
            return grade
    return thresholds[-1][0]


def grade_for(
    points, thresholds: list[list], conditions: dict, facts: dict[str, bool]
) -> tuple[str, list[str]]:
    """The grade the points reach, lowered while a condition of that grade fails, or
    KHTNV outright when a disqualifying fact holds. Returns the grade and the reasons it
    was lowered, in words.

    conditions: {"HTXSNV": ["no_discipline", ...], ..., "KHTNV_when": ["absence_flag", ...]}
    facts: {"no_discipline": True, "absence_flag": False, ...}"""
    reasons = []
    for fact in conditions.get("KHTNV_when", []):
        if facts.get(fact):
            reasons.append(f"{LABELS['KHTNV']} vì {CONDITION_LABELS.get(fact, fact)}.")
            return "KHTNV", reasons
    grade = grade_by_points(points, thresholds)
    order = [g for g, _ in thresholds]
    while grade != order[-1]:
        failing = [c for c in conditions.get(grade, []) if not facts.get(c, False)]
        if not failing:
            break
        words = ", ".join(CONDITION_LABELS.get(c, c) for c in failing)
        lower = order[order.index(grade) + 1]
        reasons.append(f"Chưa đạt {grade} vì chưa {words}; xếp {lower}.")
        grade = lower
    return grade, reasons


def cap_allows(grades: Iterable[str], cap: Fraction) -> tuple[bool, int, int, int]:
    """Whether the HTXSNV count stays within `cap` of the HTTNV count.
    Returns (ok, excellent, good, allowed)."""
    grades = list(grades)
    excellent = grades.count("HTXSNV")
    good = grades.count("HTTNV")
    allowed = math.floor(cap * good)
    return excellent <= allowed, excellent, good, allowed


def cap_message(excellent: int, good: int, allowed: int, cap: Fraction) -> str:
    percent = f"{float(cap) * 100:g}".replace(".", ",")
    return (
        f"Số được xếp loại Hoàn thành xuất sắc nhiệm vụ ({excellent}) vượt quá {percent}% số "
        f"Hoàn thành tốt nhiệm vụ ({good} → tối đa {allowed}). Hãy xem xét lại trước khi "
        "quyết định."
    )
