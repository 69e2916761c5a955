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
    ward = reverse("organizations:children", args=[city.ward_a.pk])
    hidden = client.get(ward, headers={"HX-Request": "true"})
    assert "Chi bộ khu phố A2" not in hidden.content.decode()
    shown = client.get(ward, {"dissolved": "1"}, headers={"HX-Request": "true"})
    assert "đã giải thể 01/01/2026" in shown.content.decode()
    page = client.get(reverse("organizations:tree"), {"dissolved": "1"}).content.decode()
    assert f'{ward}?dissolved=1"' in page  # the nodes opened later keep the choice


def test_the_page_holds_two_levels_and_the_rest_opens_on_demand(client, city):
    client.force_login(city.city_staff)
    response = client.get(reverse("organizations:tree"))
    (root,) = response.context["roots"]
    ward = next(n for n in root.children if n.organization == city.ward_a)
    assert ward.has_children and ward.children == []
    body = response.content.decode()
    assert "Chi bộ khu phố A1" not in body
    children = reverse("organizations:children", args=[city.ward_a.pk])
    assert f'hx-get="{children}"' in body
    # without JavaScript, the closed node offers its own page, which lists its children
    detail = reverse("organizations:detail", args=[city.ward_a.pk])
    assert f'<a href="{detail}">Xem các tổ chức trực thuộc Đảng bộ phường A</a>' in body
    opened = client.get(children, headers={"HX-Request": "true"})
    assert opened.context["nodes"][0].organization == city.cell_a1
    assert (opened.context["nodes"][0].member_count, opened.context["nodes"][0].has_children) == (
        2,
        False,
    )
    assert "<html" not in opened.content.decode()
    assert client.get(children).url == detail  # a plain request goes to the node's page


def test_children_stay_inside_the_scope(client, city):
    client.force_login(city.ward_staff)
    other_ward = reverse("organizations:children", args=[city.ward_b.pk])
    assert client.get(other_ward, headers={"HX-Request": "true"}).status_code == 404


def test_tree_query_count_is_fixed(client, city, django_assert_num_queries):
    client.force_login(city.city_staff)
    client.get(reverse("organizations:tree"))
    # session, user, scopes, own member record; the roots, their cells and children
    # grouped per root, their members per root; the level below, its cells, its members
    with django_assert_num_queries(10):
        client.get(reverse("organizations:tree"))
    children = reverse("organizations:children", args=[city.ward_a.pk])
    # session, user, scopes, own member record, the gate, the children, cells, members
    with django_assert_num_queries(8):
        client.get(children, headers={"HX-Request": "true"})
