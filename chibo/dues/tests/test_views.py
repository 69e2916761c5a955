import datetime as dt
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from chibo.core.testing.access import Case, assert_access
from chibo.dues import services
from chibo.dues.models import DuesBasis, DuesPayment

YEAR, MONTH = 2026, 6


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_every_dues_url_is_scoped(dues_cell):
    city = dues_cell
    a1 = city.cell_a1.pk
    staff = [city.admin, city.city_staff, city.ward_staff]
    writers = [*staff, city.secretary_user]
    month_url = reverse("dues:cell_month", args=[a1, YEAR, MONTH])
    recorded = services.dues_record(actor=city.secretary_user, member=city.secretary,
                                    month=dt.date(YEAR, MONTH - 1, 1), paid=True)
    assert_access("dues", {
        "home": Case(reverse("dues:home"), allowed=[*writers, city.member_user, city.outsider]),
        "home_xlsx": Case(reverse("dues:home_xlsx"),
                          allowed=[*writers, city.member_user, city.outsider]),
        "cell_year": Case(reverse("dues:cell_year", args=[a1, YEAR]), allowed=writers,
                          outsiders=[city.member_user, city.outsider]),
        "cell_year_xlsx": Case(reverse("dues:cell_year_xlsx", args=[a1, YEAR]),
                               allowed=writers, outsiders=[city.member_user, city.outsider]),
        "cell_month": Case(month_url, allowed=writers,
                           outsiders=[city.member_user, city.outsider]),
        "member": Case(reverse("dues:member", args=[city.member.pk]),
                       allowed=[*writers, city.member_user], outsiders=[city.outsider]),
        # a recorded month and its corrections: the cell's writers only, not the member
        "payment": Case(reverse("dues:payment", args=[recorded.pk]), allowed=writers,
                        outsiders=[city.member_user, city.outsider]),
    })
    # writes: a member, an outsider and the staff of another ward get 404
    for user in (city.member_user, city.outsider):
        response = _client(user).post(month_url, {"action": "all"})
        assert response.status_code == 404
        response = _client(user).post(reverse("dues:member", args=[city.member.pk]),
                                      {"category": "other", "effective_from": "01/01/2026"})
        assert response.status_code == 404
    assert list(DuesPayment.objects.all()) == [recorded]
    assert DuesBasis.objects.filter(member=city.member).count() == 1


@pytest.mark.django_db
def test_the_whole_cell_pays_in_one_click(dues_cell):
    city = dues_cell
    url = reverse("dues:cell_month", args=[city.cell_a1.pk, YEAR, MONTH])
    page = _client(city.secretary_user).get(url)
    assert "85.000 đ" in page.content.decode() and "30.000 đ" in page.content.decode()
    response = _client(city.secretary_user).post(url, {"action": "all",
                                                       "paid_on": "03/06/2026"})
    assert response.status_code == 302
    assert sorted(DuesPayment.objects.values_list("amount_paid", flat=True)) == [30_000, 85_000]
    assert set(DuesPayment.objects.values_list("paid_on", flat=True)) == {dt.date(2026, 6, 3)}


@pytest.mark.django_db
def test_ticked_rows_are_saved_together_or_not_at_all(dues_cell):
    city = dues_cell
    url = reverse("dues:cell_month", args=[city.cell_a1.pk, YEAR, MONTH])
    client = _client(city.secretary_user)
    bad = client.post(url, {"action": "save", f"paid_{city.secretary.pk}": "on",
                            f"paid_{city.member.pk}": "on", f"amount_{city.member.pk}": "10.000"})
    assert bad.status_code == 400
    assert "ít hơn mức phải đóng" in bad.content.decode()
    assert not DuesPayment.objects.exists()
    ok = client.post(url, {"action": "save", f"paid_{city.secretary.pk}": "on",
                           f"reason_{city.member.pk}": "unexcused"})
    assert ok.status_code == 302
    rows = dict(DuesPayment.objects.values_list("member_id", "unpaid_reason"))
    assert rows == {city.secretary.pk: "", city.member.pk: "unexcused"}


@pytest.mark.django_db
def test_the_basis_form_and_the_summary_export(dues_cell):
    city = dues_cell
    response = _client(city.secretary_user).post(
        reverse("dues:member", args=[city.member.pk]),
        {"category": "salaried", "base_amount": "7.000.000", "effective_from": "01/07/2026"},
    )
    assert response.status_code == 302
    assert DuesBasis.objects.filter(member=city.member).first().base_amount == 7_000_000
    response = _client(city.ward_staff).get(reverse("dues:home_xlsx"), {"year": YEAR})
    book = load_workbook(BytesIO(response.content))
    names = [r[1] for r in book.active.iter_rows(values_only=True)]
    assert names[1:] == ["Chi bộ khu phố A1", "Chi bộ khu phố A2", "Tổng cộng"]


@pytest.mark.django_db
def test_the_rules_page_names_the_dues_rates_in_vietnamese(dues_cell):
    page = _client(dues_cell.ward_staff).get(reverse("policies:list")).content.decode()
    assert "Mức đóng đảng phí hằng tháng theo từng đối tượng" in page
    assert "Thời gian dự bị (tháng)" in page
