"""Edges of a meeting's arithmetic: time points one minute short of the minimum."""

import pytest

from chibo.meetings import rules

# --- time points at the minimum --------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "minimum", "points"),
    [
        (89, 90, 4.9),
        (90, 90, 5),
        (91, 90, 5),
        (119, 120, 4.9),  # a combined meeting one minute short: not full points
        (120, 120, 5),
        (121, 120, 5),
        (60, 120, 2.5),
        (0, 120, 0),
    ],
)
def test_duration_points_never_round_up_to_full(minutes, minimum, points):
    assert rules.duration_points(minutes, minimum, 5) == points
