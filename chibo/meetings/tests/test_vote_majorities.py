"""Each kind of decision with its majority: a resolution passes with more than half of
the full members who count, admission and recognition with at least two thirds. Exact
arithmetic at the edges, the policy rows, the service and the vote screen."""

import datetime as dt
from fractions import Fraction

import pytest
from django.urls import reverse

from chibo.meetings import rules, services
from chibo.meetings.rules import VoteRule, vote_passes

from .conftest import record_full_meeting

HALF = VoteRule(rules.RESOLUTION, Fraction(1, 2), False)
TWO_THIRDS = VoteRule(rules.ADMISSION, Fraction(2, 3), True)


@pytest.mark.parametrize(
    ("votes_for", "eligible", "half", "two_thirds"),
    [
        (5, 10, False, False),  # exactly half: not more than half
        (6, 10, True, False),
        (6, 9, True, True),  # exactly two thirds reaches "at least"
        (5, 9, True, False),  # one below two thirds
        (4, 6, True, True),
        (3, 6, False, False),
        (2, 3, True, True),
        (1, 3, False, False),
        (7, 10, True, True),
        (66, 100, True, False),  # 0.66 < 2/3: no rounding to 67 %
        (67, 100, True, True),
        (0, 0, False, False),  # nobody who counts: nothing passes
    ],
)
def test_majority_edges(votes_for, eligible, half, two_thirds):
    assert vote_passes(votes_for, eligible, HALF) is half
    assert vote_passes(votes_for, eligible, TWO_THIRDS) is two_thirds


def test_rule_from_policy_values_and_words():
    assert VoteRule.of("resolution", [1, 2]) == HALF
    rule = VoteRule.of("recognition", {"fraction": [2, 3], "at_least": True})
    assert (rule.fraction, rule.at_least) == (Fraction(2, 3), True)
    assert rule.words == "ít nhất hai phần ba"
    assert HALF.words == "quá một nửa"
    assert HALF.text == (
        "Nghị quyết, kết luận của chi bộ: được thông qua khi quá một nửa số đảng viên "
        "chính thức tính vào tổng số tán thành."
    )
    assert VoteRule.of("admission", {"fraction": [3, 5], "at_least": False}).words == "quá 3/5"


@pytest.mark.django_db
def test_vote_rule_reads_the_policy_of_each_kind():
    day = dt.date(2026, 3, 3)
    assert rules.vote_rule("resolution", on=day) == VoteRule(
        "resolution", Fraction(1, 2), False, rules.vote_rule("resolution", on=day).basis
    )
    for kind in ("admission", "recognition"):
        rule = rules.vote_rule(kind, on=day)
        assert (rule.fraction, rule.at_least) == (Fraction(2, 3), True)
        assert f"Điều {4 if kind == 'admission' else 5}" in rule.basis
    removal = rules.vote_rule("removal", on=day)
    assert (removal.fraction, removal.at_least) == (Fraction(1, 2), False)
    with pytest.raises(rules.VoteError):
        rules.vote_rule("election", on=day)


@pytest.mark.django_db
def test_vote_record_judges_by_the_kind(cell, meeting):
    # 6 full members who count, all present (record_full_meeting: everyone present; the
    # exempt member present counts too: 7).
    roll = record_full_meeting(cell, meeting)
    eligible = roll.eligible_voters()
    assert eligible == 7
    needed = -(-2 * eligible // 3)  # ceil(14/3) = 5
    result = services.vote_record(
        actor=cell.secretary_user, meeting=meeting, votes_for=needed - 1,
        votes_against=eligible - needed + 1, votes_abstain=0, decision_kind="recognition",
    )
    assert (result.passed, result.rule.kind) == (False, "recognition")
    result = services.vote_record(
        actor=cell.secretary_user, meeting=meeting, votes_for=needed,
        votes_against=eligible - needed, votes_abstain=0, decision_kind="recognition",
    )
    assert result.passed
    meeting.refresh_from_db()
    assert meeting.decision_kind == "recognition"
    # 4 of 7 is more than half but less than two thirds.
    result = services.vote_record(
        actor=cell.secretary_user, meeting=meeting, votes_for=4, votes_against=3,
        votes_abstain=0,
    )
    assert not result.passed  # the meeting's kind stays recognition
    result = services.vote_record(
        actor=cell.secretary_user, meeting=meeting, votes_for=4, votes_against=3,
        votes_abstain=0, decision_kind="resolution",
    )
    assert result.passed


@pytest.mark.django_db
def test_vote_screen_names_the_rule_and_the_result(client, cell, meeting):
    record_full_meeting(cell, meeting)
    client.force_login(cell.secretary_user)
    page = client.get(reverse("meetings:record", args=[meeting.pk]), {"s": "conclusion"})
    body = page.content.decode()
    assert "quá một nửa số đảng viên chính thức" in body
    assert "Đề nghị kết nạp đảng viên: được thông qua khi ít nhất hai phần ba" in body
    response = client.post(
        reverse("meetings:vote", args=[meeting.pk]),
        {"decision_kind": "admission", "votes_for": 4, "votes_against": 3, "votes_abstain": 0},
        follow=True,
    )
    body = response.content.decode()
    assert "Đề nghị kết nạp đảng viên: không đạt (cần ít nhất hai phần ba" in body
    assert "không đạt</strong>" in body
