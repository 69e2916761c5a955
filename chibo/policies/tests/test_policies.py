import datetime as dt

import pytest

from chibo.policies.models import Policy
from chibo.policies.selectors import PolicyMissing, policy, policy_book


def test_seeded_rules_are_in_force(db):
    day = dt.date(2026, 3, 3)
    assert policy("meeting.min_minutes", on=day) == 90
    assert policy("meeting.regular_day", on=day) == 3
    book = policy_book(["meeting.quality_rubric", "vote.majority"], on=day)
    assert sum(c["points"] for c in book["meeting.quality_rubric"]["criteria"]) == 100
    assert "Điều lệ Đảng" in book.basis("vote.majority")


def test_a_new_version_takes_effect_from_its_date_and_not_before(db):
    Policy.objects.create(
        key="meeting.min_minutes",
        value=120,
        effective_from=dt.date(2026, 7, 1),
        legal_basis="Hướng dẫn mới (thử)",
    )
    assert policy("meeting.min_minutes", on=dt.date(2026, 6, 30)) == 90
    assert policy("meeting.min_minutes", on=dt.date(2026, 7, 1)) == 120
    assert policy("meeting.min_minutes", on=dt.date(2027, 1, 1)) == 120


def test_a_committee_version_applies_to_its_subtree_only(city):
    Policy.objects.create(
        key="meeting.regular_day",
        value=5,
        effective_from=dt.date(2026, 1, 1),
        legal_basis="Kế hoạch của Đảng ủy phường A",
        issuer=city.ward_a,
    )
    day = dt.date(2026, 3, 1)
    assert policy("meeting.regular_day", on=day, organization=city.cell_a1) == 5
    assert policy("meeting.regular_day", on=day, organization=city.cell_b1) == 3
    assert policy("meeting.regular_day", on=dt.date(2025, 12, 31), organization=city.cell_a1) == 3


def test_missing_policy_is_reported(db):
    with pytest.raises(PolicyMissing, match="meeting.min_minutes"):
        policy("meeting.min_minutes", on=dt.date(2000, 1, 1))


def test_policy_change_moves_the_planned_meeting_day(city):
    from chibo.meetings.services import plan_month

    Policy.objects.create(
        key="meeting.regular_day",
        value=10,
        effective_from=dt.date(2026, 5, 1),
        legal_basis="Hướng dẫn mới (thử)",
    )
    april = plan_month(actor=city.admin, cells=[city.cell_c1], year=2026, month=4)
    may = plan_month(actor=city.admin, cells=[city.cell_c1], year=2026, month=5)
    from django.utils import timezone

    assert timezone.localtime(april[0].scheduled_at).day == 3
    assert timezone.localtime(may[0].scheduled_at).day == 10
