import datetime as dt

from django.urls import reverse

from chibo.core.testing.access import Case, assert_access
from chibo.policies.models import Policy
from chibo.policies.selectors import policy


def test_every_policies_url_is_scoped(city):
    assert_access(
        "policies",
        {
            "list": Case(reverse("policies:list"), allowed=[city.member_user, city.city_staff]),
            "create": Case(
                reverse("policies:create"),
                allowed=[city.admin, city.ward_staff],
                outsiders=[city.member_user, city.secretary_user],
            ),
        },
    )


def test_admin_adds_a_general_version(client, city):
    client.force_login(city.admin)
    response = client.post(
        reverse("policies:create"),
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
    body = client.get(reverse("policies:list")).content.decode()
    assert "Hướng dẫn thử 01-HD" in body and "01/01/2027" in body


def test_ward_issues_its_own_rubric_and_bad_values_are_named(client, city):
    client.force_login(city.ward_staff)
    bad = client.post(
        reverse("policies:create"),
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
        reverse("policies:create"),
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
        reverse("policies:create"),
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
