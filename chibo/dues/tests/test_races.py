"""Two people record the same member's month at once (the secretary at the meeting, the
deputy from the table): one row, the other told it is already recorded, not a 500."""

import datetime as dt

from chibo.core.services import ServiceError
from chibo.core.testing.concurrency import errors_of, races, run_at_once
from chibo.dues import services
from chibo.dues.models import DuesCategory, DuesPayment

JUNE = dt.date(2026, 6, 1)


@races
def test_same_member_month_twice_at_once(city):
    services.dues_basis_set(actor=city.admin, member=city.member,
                            category=DuesCategory.PENSION, base_amount=6_000_000,
                            effective_from=dt.date(2025, 1, 1))

    def single():
        return services.dues_record(actor=city.secretary_user, member=city.member,
                                    month=JUNE, paid=True)

    def bulk():
        return services.dues_record_bulk(actor=city.ward_staff, cell=city.cell_a1, month=JUNE,
                                         entries=[{"member": city.member, "paid": True}])

    outcomes = run_at_once(single, bulk)
    errors = errors_of(outcomes)
    assert len(errors) == 1, errors
    assert isinstance(errors[0], ServiceError)
    assert "đã được ghi" in " ".join(errors[0].messages)
    assert DuesPayment.objects.filter(member=city.member, month=JUNE).count() == 1

    outcomes = run_at_once(single, single)
    assert all(isinstance(e, ServiceError) for e in errors_of(outcomes))
    assert DuesPayment.objects.filter(member=city.member, month=JUNE).count() == 1
