import datetime as dt

from django.urls import reverse

from chibo.core.models import Policy
from chibo.core.policies import policy
from chibo.core.testing.access import Case, assert_access


def test_every_core_url_is_scoped(city):
    assert_access(
        "core",
        {
            "policies": Case(reverse("core:policies"), allowed=[city.member_user, city.city_staff]),
            "policy_create": Case(
                reverse("core:policy_create"),
                allowed=[city.admin, city.ward_staff],
                outsiders=[city.member_user, city.secretary_user],
            ),
            "audit": Case(
                reverse("core:audit"),
                allowed=[city.admin, city.city_staff, city.ward_staff],
                outsiders=[city.secretary_user, city.member_user, city.outsider],
            ),
        },
    )


def test_admin_adds_a_general_version(client, city):
    client.force_login(city.admin)
    response = client.post(
        reverse("core:policy_create"),
        {
            "key": "meeting.min_minutes",
            "value": "100",
            "legal_basis": "Hướng dẫn thử 01-HD",
            "effective_from": "01/01/2027",
            "issuer": "",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert policy("meeting.min_minutes", on=dt.date(2027, 1, 1)) == 100
    assert policy("meeting.min_minutes", on=dt.date(2026, 12, 31)) == 90
    body = client.get(reverse("core:policies")).content.decode()
    assert "Hướng dẫn thử 01-HD" in body and "01/01/2027" in body


def test_ward_issues_its_own_rubric_and_bad_values_are_named(client, city):
    client.force_login(city.ward_staff)
    bad = client.post(
        reverse("core:policy_create"),
        {
            "key": "meeting.quality_rubric",
            "value": '{"criteria": [{"code": "a", "points": 60}, {"code": "b", "points": 30}]}',
            "legal_basis": "Hướng dẫn 05-HD/ĐU",
            "effective_from": "01/01/2027",
            "issuer": city.ward_a.pk,
        },
    )
    assert "Tổng điểm các tiêu chí là 90, phải bằng 100." in bad.content.decode()
    not_json = client.post(
        reverse("core:policy_create"),
        {
            "key": "meeting.min_minutes",
            "value": "chín mươi",
            "legal_basis": "x",
            "effective_from": "01/01/2027",
            "issuer": city.ward_a.pk,
        },
    )
    assert "Không đọc được giá trị" in not_json.content.decode()
    general = client.post(
        reverse("core:policy_create"),
        {
            "key": "meeting.min_minutes",
            "value": "100",
            "legal_basis": "x",
            "effective_from": "01/01/2027",
            "issuer": "",
        },
    )
    assert general.status_code == 200  # staff cannot issue a general rule
    assert not Policy.objects.filter(effective_from=dt.date(2027, 1, 1)).exists()
