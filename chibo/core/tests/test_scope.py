from chibo.accounts.models import Role
from chibo.core.scope import user_scope, visible_members, visible_organizations
from chibo.core.testing.factories import UserFactory, grant


def test_user_with_several_scopes_sees_their_union(city):
    user = UserFactory(username="hai-pham-vi")
    grant(user, city.ward_a)
    grant(user, city.cell_b1, Role.SECRETARY)
    names = set(visible_members(user).values_list("full_name", flat=True))
    assert names == {"Nguyễn Thị Thu", "Trần Văn Bảo", "Lê Thị Hoa", "Phạm Văn Đông"}
    assert not visible_organizations(user).filter(pk=city.cell_c1.pk).exists()


def test_nested_scopes_collapse_to_the_outer_one(city):
    user = UserFactory(username="long-nhau")
    grant(user, city.root)
    grant(user, city.cell_a1, Role.SECRETARY)
    assert user_scope(user).read_paths == (city.root.path,)


def test_inactive_or_anonymous_sees_nothing(city):
    from django.contrib.auth.models import AnonymousUser

    city.city_staff.is_active = False
    assert visible_members(city.city_staff).count() == 0
    assert visible_members(AnonymousUser()).count() == 0


def test_member_writes_nothing(city):
    assert visible_members(city.member_user, write=True).count() == 0
    assert visible_members(city.member_user).count() == 1


def test_named_roles(city):
    from chibo.core.scope import user_scope

    admin, city_staff, ward, secretary, member = (
        user_scope(u)
        for u in (
            city.admin, city.city_staff, city.ward_staff, city.secretary_user, city.member_user
        )
    )
    assert [s.reads_organizations for s in (admin, city_staff, ward, secretary, member)] == [
        True, True, True, True, False
    ]
    assert [s.writes_organizations for s in (admin, ward, secretary, member)] == [
        True, True, True, False
    ]
    assert [s.is_committee_staff for s in (admin, ward, secretary, member)] == [
        True, True, False, False
    ]
    assert secretary.is_member and member.is_member and not ward.is_member
    assert ward.is_committee_staff_of(city.cell_a1.path)
    assert ward.is_committee_staff_of(city.ward_a.path)
    assert not ward.is_committee_staff_of(city.cell_b1.path)
    assert not secretary.is_committee_staff_of(city.cell_a1.path)
    assert ward.is_above(city.cell_a1.path) and not ward.is_above(city.ward_a.path)
    assert not secretary.is_above(city.cell_a1.path) and admin.is_above(city.root.path)
    assert secretary.writes_exactly(city.cell_a1.path)
    assert not ward.writes_exactly(city.cell_a1.path) and not admin.writes_exactly(city.root.path)
    assert secretary.own_cell_path == city.cell_a1.path
    assert ward.own_cell_path is None and member.own_cell_path is None


def test_require_and_scope_required(city, rf):
    import pytest
    from django.http import Http404, HttpResponse

    from chibo.core.scope import require, scope_required

    require(True)
    with pytest.raises(Http404):
        require(False)

    @scope_required(lambda s: s.reads_organizations)
    def view(request, pk):
        return HttpResponse(str(pk))

    request = rf.get("/")
    request.user = city.secretary_user
    assert view(request, 5).content == b"5"
    request.user = city.member_user
    with pytest.raises(Http404):
        view(request, 5)


def test_role_holders_and_held_organizations(city):
    from chibo.core.scope import held_organizations, role_holders

    assert list(role_holders(city.ward_a, Role.COMMITTEE_STAFF)) == [city.ward_staff]
    assert list(role_holders(city.cell_a1, Role.SECRETARY)) == [city.secretary_user]
    assert not role_holders(city.cell_a1, Role.COMMITTEE_STAFF).exists()
    city.ward_staff.is_active = False
    city.ward_staff.save()
    assert not role_holders(city.ward_a, Role.COMMITTEE_STAFF).exists()
    assert list(held_organizations(city.secretary_user, Role.SECRETARY)) == [city.cell_a1]
    assert list(held_organizations(city.city_staff, Role.COMMITTEE_STAFF)) == [city.root]
    assert not held_organizations(city.member_user, Role.SECRETARY).exists()
