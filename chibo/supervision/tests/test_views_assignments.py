"""The committee's assignment page: the bulk form with its preview (gaps and clashes
before saving), the form to attend one meeting, the list by quarter, removal."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from chibo.core.testing.factories import UserFactory, grant
from chibo.meetings import services as meeting_services
from chibo.meetings.models import MeetingKind
from chibo.supervision import services
from chibo.supervision.forms import quarter_bounds, quarter_of
from chibo.supervision.models import Assignment, AssignmentKind

pytestmark = pytest.mark.clock  # dates counted from today: run at fixed dates too

URL = "/supervision/assignments/"


def this_quarter():
    year, quarter = quarter_of(timezone.localdate())
    return f"{year}-{quarter}", quarter_bounds(year, quarter)


@pytest.fixture
def official(city):
    user = UserFactory(username="duv", first_name="Lê Văn", last_name="Giám")
    grant(user, city.ward_a)
    return user


@pytest.fixture
def clash(city):
    """Cells A1 and A2 meet at the same hour on the last day of this quarter."""
    _, (_, last) = this_quarter()
    when = timezone.make_aware(dt.datetime.combine(last, dt.time(19, 30)))
    return [
        meeting_services.meeting_create(
            actor=city.ward_staff, cell=cell, kind=MeetingKind.REGULAR, scheduled_at=when
        )
        for cell in (city.cell_a1, city.cell_a2)
    ]


def send(client, data, **kwargs):
    """POST `data` to the view of its action (assignment_preview, _save, _attend)."""
    data = dict(data)
    return client.post(reverse(f"supervision:assignment_{data.pop('action')}"), data, **kwargs)


def bulk(official, cells, committee, action="preview", **extra):
    quarter, _ = this_quarter()
    data = {
        "action": action,
        "committee": committee.pk,
        "official": official.pk,
        "cells": [c.pk for c in cells],
        "quarter": quarter,
    }
    data.update(extra)
    return data


def test_form_offers_the_committee_people_and_cells_grouped_by_ward(client, city, official):
    client.force_login(city.ward_staff)
    response = client.get(URL)
    form = response.context["form"]
    assert [label for _, label in form.fields["official"].choices[1:]] == [
        "Người dùng",  # ward_staff: by given name, dùng before Giám
        "Lê Văn Giám",
    ]
    assert [
        (label, [c.name for c in cells]) for label, cells in response.context["cell_groups"]
    ] == [("Đảng bộ phường A", ["Chi bộ khu phố A1", "Chi bộ khu phố A2"])]
    client.force_login(city.city_staff)
    groups = client.get(URL).context["cell_groups"]
    assert [label for label, _ in groups] == [
        "Trực thuộc Đảng bộ thành phố Thử Nghiệm",
        "Đảng bộ phường A",
        "Đảng bộ phường B",
    ]


def test_preview_shows_clashes_and_gaps_and_saves_only_on_confirm(client, city, official, clash):
    client.force_login(city.ward_staff)
    response = send(client, bulk(official, [city.cell_a1, city.cell_a2], city.ward_a))
    html = response.content.decode()
    assert response.status_code == 200 and "Xem trước phân công" in html
    assert "Trùng giờ" in html and "19:30" in html
    [(when, group)] = response.context["preview"]["clashes"]
    assert {m.organization.name for m in group} == {"Chi bộ khu phố A1", "Chi bộ khu phố A2"}
    assert response.context["preview"]["gaps"] == []
    assert "Lưu phân công" in html
    assert not Assignment.objects.exists()  # a preview saves nothing

    response = send(
        client,
        bulk(official, [city.cell_a1, city.cell_a2], city.ward_a, action="save"),
        follow=True,
    )
    _, (first, last) = this_quarter()
    assert (
        f"Đã phân công đồng chí Lê Văn Giám theo dõi 2 chi bộ từ {first:%d/%m/%Y} "
        f"đến {last:%d/%m/%Y}." in response.content.decode()
    )
    saved = Assignment.objects.order_by("cell__path")
    assert [(a.cell, a.kind, a.starts_on, a.ends_on) for a in saved] == [
        (city.cell_a1, AssignmentKind.FOLLOW, first, last),
        (city.cell_a2, AssignmentKind.FOLLOW, first, last),
    ]
    assert [a.official for a in response.context["page"].object_list] == [official, official]


def test_gaps_take_the_new_selection_into_account(client, city):
    member = UserFactory(username="tuv", first_name="Phạm Thị", last_name="Uyên")
    grant(member, city.root)
    client.force_login(city.city_staff)
    response = send(client, bulk(member, [city.cell_c1], city.root))
    preview = response.context["preview"]
    assert [c.name for c in preview["gaps"]] == [
        "Chi bộ khu phố A1",
        "Chi bộ khu phố A2",
        "Chi bộ khu phố B1",
    ]
    html = response.content.decode()
    assert "còn <strong>3/4</strong> chi bộ chưa có cấp ủy viên theo dõi" in html
    assert "Không có buổi sinh hoạt nào trùng giờ." in html


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"cells": []}, "Chọn ít nhất một chi bộ."),
        ({"official": ""}, "Chọn cấp ủy viên được phân công."),
        ({"quarter": ""}, "Chọn một quý, hoặc ghi từ ngày đến ngày."),
        ({"starts_on": "01/10/2026"}, "Cần ghi cả ngày kết thúc."),
        ({"ends_on": "31/12/2026"}, "Cần ghi cả ngày bắt đầu."),
        ({"starts_on": "31/02/2026", "ends_on": "31/03/2026"}, "Ngày không hợp lệ"),
        (
            {"starts_on": "01/12/2026", "ends_on": "01/11/2026"},
            "Ngày kết thúc phải sau ngày bắt đầu.",
        ),
    ],
)
def test_bad_input_is_named(client, city, official, extra, message):
    client.force_login(city.ward_staff)
    data = bulk(official, [city.cell_a1], city.ward_a, action="save")
    data.update(extra)
    response = send(client, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert response.context["preview"] is None and not Assignment.objects.exists()


def test_dates_instead_of_a_quarter(client, city, official):
    client.force_login(city.ward_staff)
    send(
        client,
        bulk(
            official,
            [city.cell_a1],
            city.ward_a,
            action="save",
            starts_on="15/01/2026",
            ends_on="15/03/2026",
        ),
    )
    assignment = Assignment.objects.get()
    assert (assignment.starts_on, assignment.ends_on) == (
        dt.date(2026, 1, 15),
        dt.date(2026, 3, 15),
    )


def test_outside_cells_and_people_are_refused_and_duplicates_named(client, city, official):
    client.force_login(city.ward_staff)
    response = send(client, bulk(official, [city.cell_b1], city.ward_a, action="save"))
    assert "Lựa chọn không hợp lệ." in response.content.decode()
    response = send(client, bulk(city.city_staff, [city.cell_a1], city.ward_a, action="save"))
    assert "Lựa chọn không hợp lệ." in response.content.decode()
    # Another ward's committee: not one of the user's.
    response = send(client, bulk(official, [city.cell_a1], city.ward_b, action="save"))
    assert "Lựa chọn không hợp lệ." in response.content.decode()
    assert not Assignment.objects.exists()
    send(client, bulk(official, [city.cell_a1], city.ward_a, action="save"))
    assert Assignment.objects.get().committee == city.ward_a
    response = send(
        client, bulk(official, [city.cell_a1, city.cell_a2], city.ward_a, action="save")
    )
    assert "Đồng chí Lê Văn Giám đã được phân công theo dõi: Chi bộ khu phố A1" in (
        response.content.decode()
    )
    assert Assignment.objects.count() == 1


def test_attend_one_meeting(client, city, official, clash):
    client.force_login(city.ward_staff)
    response = send(
        client, {"action": "attend", "committee": city.ward_a.pk, "official": official.pk}
    )
    assert "Chọn buổi sinh hoạt." in response.content.decode()
    response = send(
        client,
        {
            "action": "attend",
            "committee": city.ward_a.pk,
            "official": official.pk,
            "meeting": clash[0].pk,
        },
        follow=True,
    )
    assert "Đã phân công đồng chí Lê Văn Giám dự sinh hoạt Chi bộ khu phố A1" in (
        response.content.decode()
    )
    assignment = Assignment.objects.get()
    assert assignment.kind == AssignmentKind.ATTEND and assignment.meeting == clash[0]


def test_list_by_quarter_and_remove(client, city, official):
    _, (first, last) = this_quarter()
    earlier = first - dt.timedelta(days=1)
    now, before = services.assignments_create(
        actor=city.ward_staff,
        committee=city.ward_a,
        official=official,
        cells=[city.cell_a1],
        starts_on=first,
        ends_on=last,
    ) + services.assignments_create(
        actor=city.ward_staff,
        committee=city.ward_a,
        official=official,
        cells=[city.cell_a2],
        starts_on=earlier - dt.timedelta(days=30),
        ends_on=earlier,
    )
    client.force_login(city.ward_staff)
    assert list(client.get(URL).context["page"].object_list) == [now]
    year, quarter = quarter_of(earlier)
    shown = client.get(URL, {"committee": city.ward_a.pk, "period": f"{year}-{quarter}"})
    assert list(shown.context["page"].object_list) == [before]
    response = client.post(reverse("supervision:assignment_remove", args=[now.pk]), follow=True)
    assert "Đã bỏ phân công đồng chí Lê Văn Giám – Chi bộ khu phố A1." in response.content.decode()
    assert not Assignment.objects.filter(pk=now.pk).exists()


def test_an_assignment_with_a_report_stays(client, city, official):
    _, (first, last) = this_quarter()
    [assignment] = services.assignments_create(
        actor=city.ward_staff,
        committee=city.ward_a,
        official=official,
        cells=[city.cell_a1],
        starts_on=first,
        ends_on=last,
    )
    meeting = meeting_services.meeting_create(
        actor=city.ward_staff,
        cell=city.cell_a1,
        kind=MeetingKind.REGULAR,
        scheduled_at=timezone.make_aware(dt.datetime.combine(first, dt.time(8))),
    )
    services.visit_report(actor=official, meeting=meeting, attended=True, assignment=assignment)
    client.force_login(city.ward_staff)
    response = client.post(
        reverse("supervision:assignment_remove", args=[assignment.pk]), follow=True
    )
    assert "Đã có báo cáo dự sinh hoạt theo phân công này" in response.content.decode()
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_page_query_count_does_not_grow(client, city, official, django_assert_num_queries):
    _, (first, last) = this_quarter()

    def assign(cell, user):
        services.assignments_create(
            actor=city.ward_staff,
            committee=city.ward_a,
            official=user,
            cells=[cell],
            starts_on=first,
            ends_on=last,
        )

    assign(city.cell_a1, official)
    client.force_login(city.ward_staff)
    client.get(URL)
    # session, user, scopes, own member, the user's committees, the committee's people,
    # its active cells, their wards' names, how far ahead to list meetings (policy),
    # meetings one may be named to attend, count, the page of assignments (with
    # official, cell, committee, meeting)
    with django_assert_num_queries(12):
        client.get(URL)
    for i in range(5):
        person = UserFactory(username=f"uv{i}")
        grant(person, city.ward_a)
        assign(city.cell_a2, person)
    with django_assert_num_queries(12):
        response = client.get(URL)
    assert len(response.context["page"].object_list) == 6
