import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook

from chibo.core.services import ServiceError
from chibo.core.testing.clock import travel
from chibo.dues import exports, selectors, services
from chibo.dues.models import DuesCategory, DuesPayment, UnpaidReason
from chibo.policies.models import Policy

JUNE, JULY = dt.date(2026, 6, 1), dt.date(2026, 7, 1)


def _paid(city, member, month, **kw):
    return services.dues_record(actor=city.secretary_user, member=member, month=month,
                                paid=True, **kw)


def _unpaid(city, member, month, reason=UnpaidReason.UNEXCUSED):
    return services.dues_record(actor=city.secretary_user, member=member, month=month,
                                paid=False, unpaid_reason=reason)


@pytest.mark.django_db
def test_due_follows_the_rate_in_force_each_month(dues_cell):
    """A new version of the rates from 01/07/2026: June is owed at the old rate, July at
    the new one, for each category; the recorded due keeps its month's rate."""
    city = dues_cell
    student = city.a2_member
    services.dues_basis_set(actor=city.admin, member=student, category=DuesCategory.STUDENT,
                            base_amount=None, effective_from=dt.date(2025, 1, 1))
    Policy.objects.create(
        key="dues.rates", legal_basis="Văn bản thử", effective_from=JULY,
        value={"salaried": {"percent": "2"}, "pension": {"percent": "1"},
               "allowance": {"percent": "1"}, "student": {"fixed": 5000},
               "other": {"fixed": 5000}},
    )
    with travel(dt.date(2026, 7, 3)):
        june = [_paid(city, m, JUNE) for m in (city.secretary, city.member, student)]
        july = [_paid(city, m, JULY) for m in (city.secretary, city.member, student)]
    assert [p.amount_due for p in june] == [85_000, 30_000, 3000]
    assert [p.amount_due for p in july] == [170_000, 60_000, 5000]
    assert all(p.paid_on == dt.date(2026, 7, 3) for p in june + july)
    assert july[0].rates_basis == "Văn bản thử"
    assert june[2].history.first().history_user == city.secretary_user


@pytest.mark.django_db
def test_base_changes_from_its_date(dues_cell):
    city = dues_cell
    services.dues_basis_set(actor=city.admin, member=city.secretary,
                            category=DuesCategory.SALARIED, base_amount=10_000_000,
                            effective_from=dt.date(2026, 7, 1))
    assert _paid(city, city.secretary, JUNE).amount_due == 85_000
    assert _paid(city, city.secretary, JULY).amount_due == 100_000


@pytest.mark.django_db
def test_paid_unpaid_and_refusals(dues_cell):
    city = dues_cell
    extra = _paid(city, city.secretary, JUNE, amount_paid=100_000)  # more is allowed
    assert extra.amount_paid == 100_000 and extra.is_paid
    with pytest.raises(ServiceError, match="ít hơn mức phải đóng"):
        _paid(city, city.member, JUNE, amount_paid=20_000)
    with pytest.raises(ServiceError, match="có lý do hay không lý do"):
        services.dues_record(actor=city.secretary_user, member=city.member, month=JUNE,
                             paid=False)
    unpaid = _unpaid(city, city.member, JUNE, UnpaidReason.EXCUSED)
    assert not unpaid.is_paid and unpaid.amount_paid == 0 and unpaid.amount_due == 30_000
    with pytest.raises(ServiceError, match="chưa khai báo đối tượng"):
        _paid(city, city.a2_member, JUNE)


@pytest.mark.django_db
def test_a_month_is_recorded_once(dues_cell):
    city = dues_cell
    _paid(city, city.member, dt.date(2026, 6, 15))  # any day: the month
    with pytest.raises(ServiceError, match="Đảng phí tháng 06/2026 của đồng chí Trần Văn Bảo "
                                           "đã được ghi"):
        _unpaid(city, city.member, JUNE)
    assert DuesPayment.objects.filter(member=city.member).count() == 1


@pytest.mark.django_db
def test_bulk_is_all_or_nothing(dues_cell):
    city = dues_cell
    newcomer = city.cell_a1.members.create(
        full_name="Hà Văn Tâm", gender="male", date_of_birth=dt.date(1990, 1, 1),
        card_number="T99000001", admitted_on=dt.date(2020, 1, 1),
    )  # no category yet
    entries = [{"member": m, "paid": True} for m in (city.secretary, city.member, newcomer)]
    with pytest.raises(ServiceError) as error:
        services.dues_record_bulk(actor=city.secretary_user, cell=city.cell_a1, month=JUNE,
                                  entries=entries)
    assert "Đồng chí Hà Văn Tâm: chưa khai báo đối tượng đóng đảng phí." in error.value.messages
    assert not DuesPayment.objects.exists()
    saved = services.dues_record_bulk(actor=city.secretary_user, cell=city.cell_a1,
                                      month=JUNE, entries=entries[:2],
                                      paid_on=dt.date(2026, 6, 3))
    assert sorted(p.amount_paid for p in saved) == [30_000, 85_000]
    assert all(p.history.first().history_user == city.secretary_user for p in saved)
    with pytest.raises(ServiceError, match="đã được ghi"):
        services.dues_record_bulk(actor=city.secretary_user, cell=city.cell_a1, month=JUNE,
                                  entries=entries[1:2])
    with pytest.raises(ServiceError, match="không sinh hoạt ở chi bộ này"):
        services.dues_record_bulk(actor=city.admin, cell=city.cell_a2, month=JULY,
                                  entries=entries[:1])


@pytest.mark.django_db
def test_unpaid_without_reason_flags_at_exactly_three_months(dues_cell):
    """Two months unpaid without reason: no flag; the third: the flag, with its months.
    Unpaid with reason and months never recorded do not count."""
    city = dues_cell
    for month in (1, 2):
        _unpaid(city, city.member, dt.date(2026, month, 1))
    _unpaid(city, city.member, dt.date(2026, 3, 1), UnpaidReason.EXCUSED)
    members = [city.member.pk, city.secretary.pk]
    assert selectors.unpaid_months(members, 2026) == {city.member.pk: [1, 2]}
    assert selectors.unpaid_flagged_members(members, 2026) == {}
    _unpaid(city, city.member, dt.date(2026, 5, 1))
    assert selectors.unpaid_flagged_members(members, 2026) == {city.member.pk: ([1, 2, 5], 3)}
    assert selectors.unpaid_flagged_members(members, 2025) == {}
    summary = selectors.committee_summary(city.ward_staff, 2026)
    row = next(r for r in summary["rows"] if r["cell"] == city.cell_a1)
    assert (row["flagged"], row["unexcused"], row["due"], row["paid"]) == (1, 3, 120_000, 0)


@pytest.mark.django_db
def test_the_excel_files_open_and_hold_the_figures(dues_cell):
    city = dues_cell
    _paid(city, city.secretary, JUNE, paid_on=dt.date(2026, 6, 3))
    _unpaid(city, city.member, JUNE)
    grid = selectors.year_grid(city.cell_a1, 2026)
    book = load_workbook(BytesIO(exports.cell_year_xlsx(city.cell_a1, 2026, grid)))
    rows = list(book["Đảng phí"].iter_rows(values_only=True))
    assert rows[0][:3] == ("TT", "Họ và tên", "Tháng 1")
    # the Vietnamese order: by the given name first, Bảo before Thu
    assert [r[1] for r in rows[1:3]] == ["Trần Văn Bảo", "Nguyễn Thị Thu"]
    assert rows[1][7] == "Không lý do" and rows[2][7] == "85.000"
    assert rows[2][14:16] == (85_000, 85_000)
    assert rows[3][1] == "Tổng cộng" and rows[3][14:16] == (115_000, 85_000)
    detail = list(book["Chi tiết"].iter_rows(values_only=True))
    assert detail[1][:2] == ("Trần Văn Bảo", "06/2026") and not detail[1][6]
    assert detail[2][:2] == ("Nguyễn Thị Thu", "06/2026") and detail[2][6] == "03/06/2026"
    summary = selectors.committee_summary(city.ward_staff, 2026)
    book = load_workbook(BytesIO(exports.summary_xlsx(2026, summary, {})))
    sheet = list(book.active.iter_rows(values_only=True))
    a1 = next(r for r in sheet if r[1] == "Chi bộ khu phố A1")
    assert a1[3:6] == (115_000, 85_000, 73.9)
