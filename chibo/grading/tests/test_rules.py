"""Grade computation against the policy: edge values, conditions, the cap, and a policy
changed from a later date."""

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chibo.grading import rules
from chibo.policies.models import Policy
from chibo.policies.selectors import policy

THRESHOLDS = [["HTXSNV", 90], ["HTTNV", 70], ["HTNV", 50], ["KHTNV", 0]]
CONDITIONS = {
    "HTXSNV": ["no_discipline", "no_unexcused_absence", "commitments_met"],
    "HTTNV": ["no_discipline"],
    "KHTNV_when": ["absence_flag", "serious_discipline"],
}
CLEAN = {
    "no_discipline": True,
    "no_unexcused_absence": True,
    "commitments_met": True,
    "absence_flag": False,
    "serious_discipline": False,
}


@pytest.mark.parametrize(
    "points, grade",
    [
        (100, "HTXSNV"),
        (90, "HTXSNV"),
        (89.9, "HTTNV"),
        (70, "HTTNV"),
        (69.9, "HTNV"),
        (50, "HTNV"),
        (49.9, "KHTNV"),
        (0, "KHTNV"),
    ],
)
def test_edge_values(points, grade):
    assert rules.grade_for(points, THRESHOLDS, CONDITIONS, CLEAN)[0] == grade


def test_conditions_lower_the_grade_with_reasons():
    grade, reasons = rules.grade_for(
        95, THRESHOLDS, CONDITIONS, {**CLEAN, "commitments_met": False}
    )
    assert grade == "HTTNV"
    assert "hoàn thành các việc đã đăng ký" in reasons[0]
    grade, reasons = rules.grade_for(95, THRESHOLDS, CONDITIONS, {**CLEAN, "no_discipline": False})
    assert grade == "HTNV" and len(reasons) == 2


def test_disqualifying_facts_give_khtnv_whatever_the_points():
    grade, reasons = rules.grade_for(98, THRESHOLDS, CONDITIONS, {**CLEAN, "absence_flag": True})
    assert grade == "KHTNV" and "bỏ sinh hoạt" in reasons[0]


@given(st.floats(0, 100), st.fixed_dictionaries({k: st.booleans() for k in CLEAN}))
def test_grade_never_above_what_the_points_reach(points, facts):
    by_points = rules.grade_by_points(points, THRESHOLDS)
    grade, _ = rules.grade_for(points, THRESHOLDS, CONDITIONS, facts)
    assert rules.GRADES.index(grade) >= rules.GRADES.index(by_points)


def test_total_checks_every_criterion():
    form = {
        "general": [{"code": "a", "label": "A", "points": 30}],
        "tasks": [{"code": "b", "label": "B", "points": 70}],
    }
    assert rules.total({"a": 28, "b": 65.5}, form) == 93.5
    with pytest.raises(rules.ScoreError, match="Chưa chấm tiêu chí «B»"):
        rules.total({"a": 28}, form)
    with pytest.raises(rules.ScoreError, match="từ 0 đến 30"):
        rules.total({"a": 31, "b": 1}, form)


@pytest.mark.parametrize(
    "excellent, good, ok, allowed",
    [
        (0, 0, True, 0),
        (1, 4, False, 0),
        (1, 5, True, 1),
        (2, 9, False, 1),
        (2, 10, True, 2),
    ],
)
def test_cap(excellent, good, ok, allowed):
    grades = ["HTXSNV"] * excellent + ["HTTNV"] * good + ["HTNV"] * 3
    assert rules.cap_allows(grades, Fraction(1, 5)) == (ok, excellent, good, allowed)


def test_cap_message_names_the_numbers():
    message = rules.cap_message(5, 20, 4, Fraction(1, 5))
    assert "(5)" in message and "20%" in message and "20 → tối đa 4" in message


def test_policy_changed_from_a_later_date(db):
    Policy.objects.create(
        key="grading.thresholds",
        effective_from=dt.date(2027, 1, 1),
        legal_basis="Quy định mới (thử)",
        value=[["HTXSNV", 95], ["HTTNV", 75], ["HTNV", 50], ["KHTNV", 0]],
    )
    before = policy("grading.thresholds", on=dt.date(2026, 12, 31))
    after = policy("grading.thresholds", on=dt.date(2027, 12, 31))
    assert rules.grade_for(92, before, CONDITIONS, CLEAN)[0] == "HTXSNV"
    assert rules.grade_for(92, after, CONDITIONS, CLEAN)[0] == "HTTNV"
