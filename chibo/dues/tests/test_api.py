"""The dues API: a cell's month and a member's year, read only, with the pages' figures.
(Its scoping is in chibo/api/tests/test_api.py::test_every_api_url_is_scoped.)"""

import datetime as dt

import pytest

from chibo.accounts.models import ApiToken
from chibo.dues import services
from chibo.dues.models import UnpaidReason


def _get(client, user, url):
    return client.get(url, headers={"Authorization": f"Bearer {ApiToken.issue(user)}"})


@pytest.mark.django_db
def test_a_cells_month_and_a_members_year(client, dues_cell):
    city = dues_cell
    services.dues_record(actor=city.secretary_user, member=city.secretary,
                         month=dt.date(2026, 3, 1), paid=True, paid_on=dt.date(2026, 3, 3))
    services.dues_record(actor=city.secretary_user, member=city.member,
                         month=dt.date(2026, 3, 1), paid=False,
                         unpaid_reason=UnpaidReason.UNEXCUSED)
    month = _get(client, city.ward_staff, f"/api/v1/dues/cells/{city.cell_a1.pk}/2026/3")
    assert month.status_code == 200
    body = month.json()
    assert body["month"] == "2026-03"
    assert body["totals"] == {"members": 2, "due": 115_000, "paid_count": 1, "paid": 85_000,
                              "excused": 0, "unexcused": 1, "pending": 0}
    rows = {r["member"]["id"]: r for r in body["rows"]}
    assert rows[city.secretary.pk]["payment"]["paid_on"] == "2026-03-03"
    assert rows[city.member.pk]["payment"]["unpaid_reason"] == "unexcused"
    year = _get(client, city.member_user, f"/api/v1/dues/members/{city.member.pk}/2026")
    assert year.status_code == 200
    assert year.json()["unpaid_unexcused_months"] == [3]
    assert [m["month"] for m in year.json()["months"]] == ["2026-03"]
    # another member's year is not the member's to read
    other = _get(client, city.member_user, f"/api/v1/dues/members/{city.secretary.pk}/2026")
    assert other.status_code == 404
    bad = _get(client, city.ward_staff, f"/api/v1/dues/cells/{city.cell_a1.pk}/2026/13")
    assert bad.status_code == 422 and "Tháng không hợp lệ" in bad.json()["detail"]
