import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import ValidationError

from chibo.members.models import Membership, PartyMember
from chibo.members.services import member_create, member_transfer, member_update

BASE = dict(
    gender="male",
    date_of_birth=dt.date(1980, 1, 2),
    admitted_on=dt.date(2005, 3, 4),
    full_member_on=dt.date(2006, 3, 4),
    status="full",
)


def test_create_normalizes_and_records_history(city):
    nfd = unicodedata.normalize("NFD", "Nguyễn   Văn  Khoa")
    member = member_create(
        actor=city.secretary_user,
        organization=city.cell_a1,
        full_name=nfd,
        card_number="12345678",
        **BASE,
    )
    assert member.full_name == "Nguyễn Văn Khoa"
    assert member.search_text.startswith("nguyen van khoa")
    assert member.history.first().history_user == city.secretary_user
    assert member.memberships.get().organization == city.cell_a1


def test_duplicate_card_number_named(city):
    with pytest.raises(ValidationError) as error:
        member_create(
            actor=city.admin,
            organization=city.cell_a1,
            full_name="A B",
            card_number=city.member.card_number,
            **BASE,
        )
    assert "card_number" in error.value.message_dict


@pytest.mark.parametrize(
    "change, field",
    [
        ({"status": "exempt", "exempt_reason": ""}, "exempt_reason"),
        ({"full_member_on": dt.date(2000, 1, 1)}, "full_member_on"),
        ({"admitted_on": dt.date(1990, 1, 1)}, "admitted_on"),
        ({"date_of_birth": dt.date(2999, 1, 1)}, "date_of_birth"),
    ],
)
def test_cross_field_rules(city, change, field):
    with pytest.raises(ValidationError) as error:
        member_create(
            actor=city.admin,
            organization=city.cell_a1,
            full_name="A B",
            card_number="99999999",
            **{**BASE, **change},
        )
    assert field in error.value.message_dict


def test_member_must_be_in_a_cell(city):
    with pytest.raises(ValidationError) as error:
        member_create(
            actor=city.admin,
            organization=city.ward_a,
            full_name="A B",
            card_number="99999998",
            **BASE,
        )
    assert "organization" in error.value.message_dict


def test_update_keeps_both_versions(city):
    member_update(actor=city.secretary_user, member=city.member, phone="0912345678")
    versions = list(city.member.history.order_by("history_date").values_list("phone", flat=True))
    assert versions == ["", "0912345678"]


def test_transfer_closes_old_membership(city):
    on = dt.date(2026, 3, 1)
    member_transfer(
        actor=city.ward_staff, member=city.member, to=city.cell_a2, on=on, reason="Chuyển nơi ở"
    )
    rows = list(
        Membership.objects.filter(member=city.member)
        .order_by("started_on")
        .values_list("organization__name", "ended_on")
    )
    assert rows == [("Chi bộ khu phố A1", on), ("Chi bộ khu phố A2", None)]
    assert PartyMember.objects.get(pk=city.member.pk).organization == city.cell_a2


def test_transfer_to_same_cell_refused(city):
    with pytest.raises(ValidationError):
        member_transfer(
            actor=city.ward_staff,
            member=city.member,
            to=city.cell_a1,
            on=dt.date(2026, 3, 1),
            reason="",
        )
