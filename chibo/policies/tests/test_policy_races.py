"""Two admins adding the same version of a rule at the same moment, on their own
database connections: one version is written, the other is refused with a message."""

import datetime as dt

from django.core.exceptions import ValidationError

from chibo.core.testing.concurrency import errors_of, races, run_at_once
from chibo.policies.models import Policy
from chibo.policies.services import policy_add

pytestmark = races

ROUNDS = 3


def test_the_same_version_added_twice_at_once_is_written_once(city):
    broken = []
    for n in range(ROUNDS):
        day = dt.date(2030, 1, 1 + n)

        def add(actor, basis, day=day):
            return policy_add(
                actor=actor,
                key="meeting.min_minutes",
                value=100,
                legal_basis=basis,
                effective_from=day,
            )

        outcomes = run_at_once(
            lambda: add(city.admin, "Hướng dẫn 1"), lambda: add(city.admin, "HD 2")
        )
        rows = Policy.objects.filter(
            key="meeting.min_minutes", effective_from=day, issuer__isnull=True
        ).count()
        errors = errors_of(outcomes)
        if rows != 1 or len(errors) != 1 or not isinstance(errors[0], ValidationError):
            broken.append((rows, errors))
            continue
        assert "Đã có phiên bản có hiệu lực từ ngày này" in " ".join(errors[0].messages)
    assert not broken, f"{len(broken)} of {ROUNDS} rounds broke: {broken}"
