from django.urls import reverse


def test_city_staff_sees_whole_tree_with_counts(client, city):
    client.force_login(city.city_staff)
    response = client.get(reverse("organizations:tree"))
    (root,) = response.context["roots"]
    assert (root.cell_count, root.member_count) == (4, 5)
    by_name = {n.organization.name: n for n in root.children}
    assert (by_name["Đảng bộ phường A"].cell_count, by_name["Đảng bộ phường A"].member_count) == (
        2,
        3,
    )
    assert by_name["Chi bộ Trường THPT C1"].member_count == 1
    body = response.content.decode()
    assert "4 chi bộ" in body and "5 đảng viên" in body


def test_ward_staff_sees_only_their_ward(client, city):
    client.force_login(city.ward_staff)
    roots = client.get(reverse("organizations:tree")).context["roots"]
    assert [r.organization.name for r in roots] == ["Đảng bộ phường A"]
    assert (roots[0].cell_count, roots[0].member_count) == (2, 3)


def test_member_without_scope_sees_no_tree(client, city):
    client.force_login(city.member_user)
    response = client.get(reverse("organizations:tree"))
    assert [r.organization.name for r in response.context["roots"]] == ["Chi bộ khu phố A1"]


def test_dissolved_hidden_unless_asked(client, city):
    import datetime as dt

    from chibo.organizations.services import organization_dissolve

    empty = city.cell_a2
    empty.members.all().delete()
    organization_dissolve(
        actor=city.city_staff, organization=empty, on=dt.date(2026, 1, 1), reason="Sáp nhập"
    )
    client.force_login(city.city_staff)
    root = client.get(reverse("organizations:tree")).context["roots"][0]
    assert root.cell_count == 3
    with_dissolved = client.get(reverse("organizations:tree"), {"dissolved": "1"})
    assert "đã giải thể 01/01/2026" in with_dissolved.content.decode()


def test_tree_query_count_is_fixed(client, city, django_assert_num_queries):
    client.force_login(city.city_staff)
    client.get(reverse("organizations:tree"))
    # session, user, scopes, own member record, nodes, member counts per cell
    with django_assert_num_queries(6):
        client.get(reverse("organizations:tree"))
