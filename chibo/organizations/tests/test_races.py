"""The organization tree, tried for real: two units added under one parent, a dissolution
racing a member added to the cell, two moves at once, each on its own connection."""

import datetime as dt

from django.core.exceptions import ValidationError

from chibo.core.testing.concurrency import errors_of, races, run_at_once
from chibo.members import services as member_services
from chibo.members.models import PartyMember
from chibo.organizations import services
from chibo.organizations.models import Level, Organization

pytestmark = races

ROUNDS = 3


def fresh(org) -> Organization:
    return Organization.objects.get(pk=org.pk)


def test_two_cells_added_under_one_parent_at_once_both_exist_with_their_own_paths(city):
    level = Level.objects.filter(is_cell_level=True).first() or Level.objects.first()
    broken = []
    for n in range(ROUNDS):
        outcomes = run_at_once(
            *[
                lambda i=i, n=n: services.organization_create(
                    actor=city.admin,
                    parent=fresh(city.ward_a),
                    name=f"Chi bộ mới {n}-{i}",
                    level=level,
                    is_cell=True,
                )
                for i in range(2)
            ]
        )
        ward = fresh(city.ward_a)
        children = ward.get_children()
        if errors_of(outcomes) or ward.numchild != children.count():
            broken.append(errors_of(outcomes))
    paths = list(Organization.objects.values_list("path", flat=True))
    assert len(paths) == len(set(paths))
    assert not broken, f"{len(broken)} of {ROUNDS} rounds broke: {broken}"


def test_a_dissolution_racing_a_new_member_never_leaves_a_member_in_a_dissolved_cell(city):
    level = Level.objects.filter(is_cell_level=True).first() or Level.objects.first()
    broken = []
    for n in range(ROUNDS):
        cell = services.organization_create(
            actor=city.admin, parent=fresh(city.ward_a), name=f"Chi bộ giải thể {n}",
            level=level, is_cell=True,
        )
        outcomes = run_at_once(
            lambda c=cell: services.organization_dissolve(
                actor=city.admin, organization=fresh(c), on=dt.date(2026, 6, 1),
                reason="Sáp nhập",
            ),
            lambda c=cell, n=n: member_services.member_create(
                actor=city.admin,
                organization=fresh(c),
                full_name="Đảng Viên Mới",
                gender="male",
                date_of_birth=dt.date(1980, 5, 19),
                card_number=f"D{n}0001",
                admitted_on=dt.date(2005, 9, 2),
                status="full",
            ),
        )
        cell = fresh(cell)
        members = PartyMember.objects.filter(organization=cell).count()
        errors = errors_of(outcomes)
        if (cell.dissolved_on is not None and members) or len(errors) != 1 or not isinstance(
            errors[0], ValidationError
        ):
            broken.append((cell.dissolved_on, members, errors))
    assert not broken, f"{len(broken)} of {ROUNDS} rounds broke: {broken}"


def test_two_moves_of_one_unit_at_once_keep_the_tree_whole(city):
    broken = []
    for _ in range(ROUNDS):
        outcomes = run_at_once(
            lambda: services.organization_move(
                actor=city.admin, organization=fresh(city.cell_c1), new_parent=fresh(city.ward_a)
            ),
            lambda: services.organization_move(
                actor=city.admin, organization=fresh(city.cell_c1), new_parent=fresh(city.ward_b)
            ),
        )
        problems = Organization.find_problems()
        if errors_of(outcomes) or any(problems):
            broken.append((errors_of(outcomes), problems))
        Organization.fix_tree()
    assert not broken, f"{len(broken)} of {ROUNDS} rounds broke: {broken}"


def test_two_party_groups_of_one_name_at_once_make_one(city):
    from chibo.organizations.models import PartyGroup

    broken = []
    for n in range(ROUNDS):
        outcomes = run_at_once(
            *[
                lambda n=n: services.party_group_create(
                    actor=city.admin, cell=fresh(city.cell_a1), name=f"Tổ {n}"
                )
                for _ in range(2)
            ]
        )
        errors = errors_of(outcomes)
        count = PartyGroup.objects.filter(cell=city.cell_a1, name=f"Tổ {n}").count()
        if count != 1 or len(errors) != 1 or not isinstance(errors[0], ValidationError):
            broken.append((count, errors))
    assert not broken, f"{len(broken)} of {ROUNDS} rounds broke: {broken}"
