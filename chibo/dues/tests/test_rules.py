import pytest

from chibo.dues import rules

RATES = {"salaried": {"percent": "1"}, "pension": {"percent": "0.5"},
         "student": {"fixed": 3000}}


def test_percent_and_fixed():
    assert rules.amount_due("salaried", 8_500_000, RATES) == 85_000
    assert rules.amount_due("pension", 6_000_001, RATES) == 30_000  # 30.000,005 → 30.000
    assert rules.amount_due("pension", 6_000_100, RATES) == 30_001  # ,5 rounds up
    assert rules.amount_due("student", None, RATES) == 3000


def test_no_base_or_unknown_category_is_refused():
    with pytest.raises(rules.DuesRuleError, match="Chưa khai báo mức lương"):
        rules.amount_due("salaried", None, RATES)
    with pytest.raises(rules.DuesRuleError, match="không có đối tượng này"):
        rules.amount_due("other", None, RATES)


def test_money_is_grouped_the_vietnamese_way():
    assert rules.money(25000) == "25.000 đ"
    assert rules.money(1234567) == "1.234.567 đ"
    assert rules.money(0) == "0 đ"


def test_flag_at_the_threshold():
    assert rules.unpaid_flagged(3, 3)
    assert not rules.unpaid_flagged(2, 3)
