"""Test data builders shared by every app's tests."""

import datetime as dt
import itertools

import factory

from chibo.accounts.models import Role, Scope, User
from chibo.members.models import Gender, Membership, MemberStatus, PartyMember
from chibo.organizations.models import CellKind, Level, Organization

_card = itertools.count(1)


def level(name: str, rank: int, is_cell_level: bool = False) -> Level:
    obj, _ = Level.objects.get_or_create(
        name=name, defaults={"rank": rank, "is_cell_level": is_cell_level}
    )
    return obj


def city_level():
    return level("Đảng bộ thành phố", 0)


def ward_level():
    return level("Đảng bộ phường", 1)


def cell_level():
    return level("Chi bộ", 2, True)


def make_org(
    name: str, parent: Organization | None = None, *, is_cell: bool = False, kind: str = ""
) -> Organization:
    if is_cell:
        lvl = cell_level()
        kind = kind or CellKind.RESIDENTIAL
    elif parent is None:
        lvl = city_level()
    else:
        lvl = ward_level()
    node = Organization(name=name, level=lvl, is_cell=is_cell, kind=kind)
    if parent is None:
        return Organization.objects.add_root(instance=node)
    parent.refresh_from_db()
    return Organization.objects.add_child(parent, instance=node)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Người dùng"
    password = factory.django.Password("mat-khau-test")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyMember
        skip_postgeneration_save = True

    full_name = factory.Iterator(
        [
            "Nguyễn Văn An",
            "Trần Thị Bình",
            "Lê Văn Cường",
            "Phạm Thị Dung",
            "Hoàng Văn Đức",
            "Vũ Thị Hà",
            "Đỗ Văn Hùng",
            "Bùi Thị Lan",
            "Ngô Văn Minh",
            "Dương Thị Nga",
        ]
    )
    gender = factory.Iterator([Gender.MALE, Gender.FEMALE])
    date_of_birth = dt.date(1975, 5, 19)
    card_number = factory.LazyFunction(lambda: f"T{next(_card):08d}")
    admitted_on = dt.date(2000, 9, 2)
    full_member_on = dt.date(2001, 9, 2)
    status = MemberStatus.FULL

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create:
            Membership.objects.create(
                member=obj, organization=obj.organization, started_on=obj.admitted_on
            )


def grant(user: User, organization: Organization, role: str = Role.COMMITTEE_STAFF) -> Scope:
    return Scope.objects.create(user=user, organization=organization, role=role)
