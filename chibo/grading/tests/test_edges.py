"""Edges of the grading arithmetic: totals compared exactly (89.99 is not 90), two
decimals kept, and a grading form that does not add up to 100 refused both when a
committee adds it and when grading reads it."""

import copy
import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from chibo.grading import rules, services
from chibo.policies.models import Policy
from chibo.policies.services import policy_add

THRESHOLDS = [["HTXSNV", 90], ["HTTNV", 70], ["HTNV", 50], ["KHTNV", 0]]
FORM = {
    "general": [{"code": "g", "label": "Tiêu chí chung", "points": 30}],
    "tasks": [
        {"code": "a", "label": "Nhiệm vụ được giao", "points": 50},
        {"code": "b", "label": "Việc đăng ký", "points": 20},
    ],
}


@pytest.mark.parametrize(
    ("general", "a", "b", "grade"),
    [
        (30, 50, 20, "HTXSNV"),  # 100
        (30, 40, 20, "HTXSNV"),  # 90
        (29.99, 40, 20, "HTTNV"),  # 89.99
        (30, 39.99, 20, "HTTNV"),  # 89.99
        (20, 30, 20, "HTTNV"),  # 70
        (20, 29.99, 20, "HTNV"),  # 69.99
        (10, 20, 20, "HTNV"),  # 50
        (10, 19.99, 20, "KHTNV"),  # 49.99
        (0, 0, 0, "KHTNV"),  # 0
        (29.75, 40.25, 20, "HTXSNV"),  # 90.00 from two decimals
        (29.74, 40.25, 20, "HTTNV"),  # 89.99 from two decimals
    ],
)
def test_thresholds_compare_the_exact_total(general, a, b, grade):
    total = rules.total({"g": general, "a": a, "b": b}, FORM)
    assert total == Decimal(str(general)) + Decimal(str(a)) + Decimal(str(b))
    assert rules.grade_by_points(total, THRESHOLDS) == grade
    assert rules.grade_for(total, THRESHOLDS, {}, {})[0] == grade


def test_two_decimals_add_up_without_binary_noise():
    # 0.1 + 0.2 in binary is 0.30000000000000004; the total must be exactly as typed.
    total = rules.total({"g": "29.33", "a": "49.33", "b": "11.33"}, FORM)
    assert total == Decimal("89.99")
    assert rules.grade_by_points(total, THRESHOLDS) == "HTTNV"
    assert rules.grade_by_points(89.99, THRESHOLDS) == "HTTNV"  # a float as stored in JSON
    assert rules.grade_by_points(Decimal("90.00"), THRESHOLDS) == "HTXSNV"


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"general": [{"code": "g", "label": "Chung", "points": 40}],
          "tasks": [{"code": "t", "label": "Nhiệm vụ", "points": 70}]},
         "Tổng điểm của phiếu là 40 + 70 = 110, phải bằng 100."),
        ({"general": [{"code": "g", "label": "Chung", "points": 30}],
          "tasks": [{"code": "t", "label": "Nhiệm vụ", "points": 69.5}]},
         "Tổng điểm của phiếu là 30 + 69,5 = 99,5, phải bằng 100."),
        ({"general": [{"code": "g", "label": "Chung", "points": 30}],
          "tasks": [{"code": "g", "label": "Nhiệm vụ", "points": 70}]},
         "Mã tiêu chí «g» bị trùng."),
        ({"general": [{"code": "g", "label": "Chung", "points": 30}],
          "tasks": [{"code": "t", "label": "Nhiệm vụ", "points": -70}]},
         "Tiêu chí «Nhiệm vụ»: số điểm phải là số dương."),
        ({"general": [], "tasks": []}, "Phiếu đánh giá cần hai phần"),
        ([30, 70], "Phiếu đánh giá cần hai phần"),
    ],
)
def test_check_form_refuses(form, message):
    with pytest.raises(rules.FormError, match=re.escape(message)):
        rules.check_form(form)


def test_check_form_accepts_the_seeded_forms(db):
    for key in ("grading.member_form", "grading.cell_form"):
        for row in Policy.objects.filter(key=key):
            rules.check_form(row.value)


def test_policy_add_refuses_a_form_of_110_points(city):
    current = Policy.objects.filter(key="grading.member_form").latest("effective_from").value
    bad = copy.deepcopy(current)
    bad["general"][0]["points"] += 10
    with pytest.raises(ValidationError, match="= 110, phải bằng 100"):
        policy_add(
            actor=city.admin, key="grading.member_form", value=bad,
            legal_basis="Hướng dẫn thử", effective_from=dt.date(2030, 1, 1),
        )
    assert not Policy.objects.filter(key="grading.member_form",
                                     effective_from=dt.date(2030, 1, 1)).exists()


def test_grading_refuses_to_read_a_form_of_110_points(city):
    """A row written around the service (an old import, the admin) is still refused when
    a member grades themselves, with words, not a wrong total."""
    current = Policy.objects.filter(key="grading.member_form").latest("effective_from").value
    bad = copy.deepcopy(current)
    bad["general"][0]["points"] += 10
    Policy.objects.create(key="grading.member_form", value=bad, legal_basis="Nhập tay",
                          effective_from=dt.date(2026, 1, 1))
    a = services.assessment_open(actor=city.member_user, year=2026, member=city.member)
    scores = {c["code"]: 0 for c in rules.criteria_of(bad)}
    with pytest.raises(ValidationError, match="Phiếu đánh giá đang áp dụng không hợp lệ"):
        services.assessment_self(actor=city.member_user, assessment=a, scores=scores)


def test_a_total_of_89_99_is_stored_exactly_and_graded_htt(city):
    form = Policy.objects.filter(key="grading.member_form").latest("effective_from").value
    scores = {c["code"]: c["points"] for c in rules.criteria_of(form)}
    biggest = max(scores, key=scores.get)
    scores[biggest] = round(scores[biggest] - 10.01, 2)  # 100 - 10.01 = 89.99
    a = services.assessment_open(actor=city.member_user, year=2026, member=city.member)
    services.assessment_self(actor=city.member_user, assessment=a, scores=scores)
    a.refresh_from_db()
    assert a.self_total == Decimal("89.99")
    assert a.self_grade in ("HTTNV", "HTNV", "KHTNV")  # never HTXSNV
    assert a.self_grade != "HTXSNV"
