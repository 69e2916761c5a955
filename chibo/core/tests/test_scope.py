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
