"""Grading arithmetic as pure functions over policy values (domain.md §3):
100 points = 30 general + 70 task results; four grades by threshold, each with the
conditions the policy sets; a cap on the share of HTXSNV."""

import math
from collections.abc import Iterable
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


def criteria_of(form: dict) -> list[dict]:
    """All criteria of a grading form: {"general": [...], "tasks": [...]}."""
    return list(form["general"]) + list(form["tasks"])


def total(scores: dict, form: dict) -> float:
    """Sum of points, each criterion within 0..its maximum; every criterion scored."""
    result = 0.0
    for criterion in criteria_of(form):
        value = scores.get(criterion["code"])
        if value is None or value == "":
            raise ScoreError(f"Chưa chấm tiêu chí «{criterion['label']}».")
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise ScoreError(f"«{criterion['label']}»: điểm phải là số.") from None
        if not 0 <= value <= criterion["points"]:
            raise ScoreError(f"«{criterion['label']}»: điểm từ 0 đến {criterion['points']:g}.")
        result += value
    return round(result, 1)


def grade_by_points(points: float, thresholds: list[list]) -> str:
    for grade, minimum in thresholds:
        if points >= minimum:
            return grade
    return thresholds[-1][0]


def grade_for(
    points: float, thresholds: list[list], conditions: dict, facts: dict[str, bool]
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
