"""The vote and quorum rules (domain.md §3), checked over every roll call hypothesis makes."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chibo.meetings import rules
from chibo.meetings.rules import EXCUSED, EXEMPT, FULL, PRESENT, PROBATIONARY, UNEXCUSED

statuses = st.sampled_from([FULL, PROBATIONARY, EXEMPT])
presences = st.sampled_from([PRESENT, EXCUSED, UNEXCUSED])
rolls = st.lists(st.tuples(statuses, presences), max_size=60).map(rules.RollCall.of)
HALF = Fraction(1, 2)


def brute_eligible(roll):
    return sum(1 for s, p in roll.entries if s == FULL or (s == EXEMPT and p == PRESENT))


@given(rolls)
def test_eligible_voters_are_full_members_and_exempt_only_when_present(roll):
    assert roll.eligible_voters() == brute_eligible(roll)
    # probationary members never change the count
    more = rules.RollCall.of(roll.entries + ((PROBATIONARY, PRESENT),))
    assert more.eligible_voters() == roll.eligible_voters()
    # an absent exempt member never counts; a present one always does
    assert rules.RollCall.of(roll.entries + ((EXEMPT, EXCUSED),)).eligible_voters() == (
        roll.eligible_voters()
    )
    assert rules.RollCall.of(roll.entries + ((EXEMPT, PRESENT),)).eligible_voters() == (
        roll.eligible_voters() + 1
    )


@given(rolls, st.data())
def test_passes_exactly_with_more_than_half_of_those_who_count(roll, data):
    voters = roll.voters_present()
    votes_for = data.draw(st.integers(0, voters))
    against = data.draw(st.integers(0, voters - votes_for))
    abstain = data.draw(st.integers(0, voters - votes_for - against))
    result = rules.vote_result(roll, votes_for, against, abstain, HALF)
    eligible = brute_eligible(roll)
    assert result.eligible == eligible
    assert result.passed == (eligible > 0 and 2 * votes_for > eligible)


@given(rolls, st.integers(1, 5))
def test_more_votes_than_voters_present_is_refused(roll, extra):
    with pytest.raises(rules.VoteError):
        rules.vote_result(roll, roll.voters_present() + extra, 0, 0, HALF)


@given(st.integers(1, 30), st.integers(0, 10), st.integers(0, 10))
def test_exactly_half_does_not_pass(half, probationary, absent_exempt):
    """2n full members present, n vote for: not "more than half", whoever else is there."""
    roll = rules.RollCall.of(
        [(FULL, PRESENT)] * (2 * half)
        + [(PROBATIONARY, PRESENT)] * probationary
        + [(EXEMPT, EXCUSED)] * absent_exempt
    )
    assert not rules.vote_result(roll, half, half, 0, HALF).passed
    assert rules.vote_result(roll, half + 1, half - 1, 0, HALF).passed


@given(rolls, st.sampled_from([Fraction(1, 2), Fraction(2, 3), Fraction(3, 4)]))
def test_quorum_counts_those_who_must_attend(roll, fraction):
    must = [(s, p) for s, p in roll.entries if s != EXEMPT]
    present = sum(1 for _, p in must if p == PRESENT)
    expected = bool(must) and present * fraction.denominator >= fraction.numerator * len(must)
    assert roll.has_quorum(fraction) == expected


@given(rolls)
def test_attendance_rate_leaves_exempt_members_out(roll):
    rate = roll.attendance_rate()
    with_exempt = rules.RollCall.of(roll.entries + ((EXEMPT, EXCUSED), (EXEMPT, PRESENT)))
    assert with_exempt.attendance_rate() == rate
    if rate is not None:
        assert 0 <= rate <= 1


def test_attendance_points_follow_the_rubric_steps():
    criterion = {"points": 5, "steps": [[90, 4], [75, 3], [65, 2], [0, 1]], "bonus": 1}
    everyone = rules.RollCall.of([(FULL, PRESENT)] * 10)
    assert rules.attendance_points(everyone, criterion, long_excused_absence=False) == 5
    assert rules.attendance_points(everyone, criterion, long_excused_absence=True) == 4
    eight = rules.RollCall.of([(FULL, PRESENT)] * 8 + [(FULL, EXCUSED)] * 2)
    assert rules.attendance_points(eight, criterion, long_excused_absence=True) == 3
    one_unexcused = rules.RollCall.of([(FULL, PRESENT)] * 9 + [(FULL, UNEXCUSED)])
    assert rules.attendance_points(one_unexcused, criterion, long_excused_absence=True) == 1


@pytest.mark.parametrize(
    "total, band",
    [
        (100, "Tốt"),
        (90, "Tốt"),
        (89.5, "Khá"),
        (70, "Khá"),
        (69.9, "Trung bình"),
        (50, "Trung bình"),
        (49, "Kém"),
        (0, "Kém"),
    ],
)
def test_band_edges(total, band):
    bands = [["Tốt", 90], ["Khá", 70], ["Trung bình", 50], ["Kém", 0]]
    assert rules.band(total, bands) == band


def test_duration_points():
    assert rules.duration_points(None, 90, 5) is None
    assert rules.duration_points(90, 90, 5) == 5
    assert rules.duration_points(45, 90, 5) == 2.5
