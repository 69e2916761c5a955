import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chibo.members.services import member_transfer
from chibo.organizations.models import Organization
from chibo.organizations.services import (
    organization_create,
    organization_dissolve,
    organization_move,
    organization_update,
)


def test_create_records_actor(city):
    from chibo.core.testing.factories import cell_level

    cell = organization_create(
        actor=city.ward_staff,
        parent=city.ward_a,
        name="  Chi bộ  mới ",
        level=cell_level(),
        kind="residential",
    )
    assert cell.name == "Chi bộ mới" and cell.is_cell
    assert Organization.objects.get_parent(cell) == city.ward_a
    assert cell.history.first().history_user == city.ward_staff


def test_cannot_put_an_organization_inside_a_cell(city):
    from chibo.core.testing.factories import cell_level

    with pytest.raises(ValidationError):
        organization_create(actor=city.admin, parent=city.cell_a1, name="X", level=cell_level())


def test_rename_keeps_history(city):
    organization_update(
        actor=city.ward_staff,
        organization=city.cell_a1,
        name="Chi bộ khu phố 1",
        kind="residential",
    )
    names = [h.name for h in city.cell_a1.history.order_by("history_date")]
    assert names == ["Chi bộ khu phố A1", "Chi bộ khu phố 1"]


def test_move_rewrites_subtree_and_scope_follows(city, client):
    organization_move(actor=city.city_staff, organization=city.cell_a2, new_parent=city.ward_b)
    moved = Organization.objects.get(pk=city.cell_a2.pk)
    assert Organization.objects.get_parent(moved) == city.ward_b
    client.force_login(city.ward_staff)
    assert client.get(reverse("members:detail", args=[city.a2_member.pk])).status_code == 404


def test_move_into_own_subtree_refused(city):
    with pytest.raises(ValidationError):
        organization_move(actor=city.city_staff, organization=city.ward_a, new_parent=city.cell_a1)
    with pytest.raises(ValidationError):
        organization_move(actor=city.city_staff, organization=city.root, new_parent=city.ward_a)


def test_dissolve_refused_while_members_remain_then_allowed(city):
    with pytest.raises(ValidationError, match="1 đảng viên"):
        organization_dissolve(
            actor=city.ward_staff,
            organization=city.cell_a2,
            on=dt.date(2026, 6, 1),
            reason="Sáp nhập",
        )
    member_transfer(
        actor=city.ward_staff,
        member=city.a2_member,
        to=city.cell_a1,
        on=dt.date(2026, 5, 30),
        reason="Sáp nhập chi bộ",
    )
    organization_dissolve(
        actor=city.ward_staff, organization=city.cell_a2, on=dt.date(2026, 6, 1), reason="Sáp nhập"
    )
    city.cell_a2.refresh_from_db()
    assert city.cell_a2.dissolved_on == dt.date(2026, 6, 1)
    assert Organization.objects.filter(pk=city.cell_a2.pk).exists()  # kept for history


def test_dissolve_view_shows_the_reason(client, city):
    client.force_login(city.ward_staff)
    response = client.post(
        reverse("organizations:dissolve", args=[city.cell_a2.pk]),
        {"on": "01/06/2026", "reason": "Sáp nhập"},
    )
    assert response.status_code == 200
    assert "chuyển sinh hoạt" in response.content.decode()


def test_create_view_and_bad_input(client, city):
    client.force_login(city.ward_staff)
    url = reverse("organizations:create", args=[city.ward_a.pk])
    response = client.post(url, {"name": "", "level": "", "kind": ""})
    assert response.status_code == 200
    assert "bắt buộc" in response.content.decode()
    level = city.cell_a1.level_id
    response = client.post(
        url, {"name": "Chi bộ khu phố A3", "level": level, "kind": "residential"}
    )
    assert response.status_code == 302
    assert Organization.objects.filter(
        name="Chi bộ khu phố A3", path__startswith=city.ward_a.path
    ).exists()


def test_party_group_names_unique_per_cell(city, client):
    from chibo.organizations.services import party_group_create

    party_group_create(actor=city.secretary_user, cell=city.cell_a1, name="Tổ đảng số 1")
    with pytest.raises(ValidationError, match="đã có tổ đảng"):
        party_group_create(actor=city.secretary_user, cell=city.cell_a1, name="Tổ đảng số 1")
    with pytest.raises(ValidationError):
        party_group_create(actor=city.ward_staff, cell=city.ward_a, name="Tổ 2")
    client.force_login(city.secretary_user)
    client.post(
        reverse("organizations:party_group_create", args=[city.cell_a1.pk]),
        {"name": "Tổ đảng số 1"},
    )
    body = client.get(reverse("organizations:detail", args=[city.cell_a1.pk])).content.decode()
    assert "Chi bộ đã có tổ đảng với tên này." in body
