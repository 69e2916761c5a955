"""The meeting list, the plan page, the task list and the absence flags."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from chibo.core.testing.factories import MemberFactory
from chibo.meetings import services
from chibo.meetings.models import Meeting, MeetingKind

from .conftest import at, record_full_meeting


def titles(response):
    return [(m.organization.name, m.kind, f"{m.period:%m/%Y}") for m in response.context["rows"]]


@pytest.fixture
def month(cell):
    """March 2026 planned for every cell of the city."""
    cells = [cell.cell_a1, cell.cell_a2, cell.cell_b1, cell.cell_c1]
    return services.plan_month(
        actor=cell.city_staff, cells=cells, year=2026, month=3, notify_members=False
    )


def test_secretary_lands_on_own_cell_and_member_reads_it(client, cell, month):
    client.force_login(cell.secretary_user)
    response = client.get(reverse("meetings:list"))
    assert titles(response) == [("Chi bộ khu phố A1", "regular", "03/2026")]
    assert response.context["form"]["organization"].value() == str(cell.cell_a1.pk)
    body = response.content.decode()
    assert "03/03/2026" in body and "08:00" in body
    client.force_login(cell.member_user)
    assert titles(client.get(reverse("meetings:list"))) == [
        ("Chi bộ khu phố A1", "regular", "03/2026")
    ]


def test_staff_filters_by_subtree_kind_status_and_month(client, cell, month):
    services.meeting_create(
        actor=cell.ward_staff,
        cell=cell.cell_a2,
        kind=MeetingKind.THEMATIC,
        scheduled_at=at(2026, 5, 12, 19, 30),
        topic="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về đoàn kết",
    )
    client.force_login(cell.ward_staff)
    everything = titles(client.get(reverse("meetings:list")))
    assert len(everything) == 3  # A1 and A2 in March, A2's thematic in May; not B1, C1
    thematic = client.get(reverse("meetings:list"), {"kind": "thematic"})
    assert titles(thematic) == [("Chi bộ khu phố A2", "thematic", "05/2026")]
    march = client.get(reverse("meetings:list"), {"month": 3, "year": 2026})
    assert len(titles(march)) == 2
    one_cell = client.get(reverse("meetings:list"), {"organization": cell.cell_a1.pk})
    assert titles(one_cell) == [("Chi bộ khu phố A1", "regular", "03/2026")]
    assert client.get(reverse("meetings:list"), {"status": "adopted"}).context["rows"] == []
    out_of_scope = client.get(reverse("meetings:list"), {"organization": cell.cell_b1.pk})
    assert out_of_scope.context["rows"] == []


def test_list_shows_attendance_and_band_of_adopted_meetings(client, cell, meeting):
    record_full_meeting(cell, meeting, absent={"Mạc Văn Nam": ("unexcused", "")})
    services.score_record(
        actor=cell.secretary_user,
        meeting=meeting,
        items={
            "preparation": 9,
            "conduct": 27,
            "chairing": 9,
            "principles": 5,
            "results": 28,
            "closing": 5,
        },
    )
    services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)
    client.force_login(cell.secretary_user)
    response = client.get(reverse("meetings:list"))
    row = response.context["rows"][0]
    assert (row.present, row.listed) == (7, 8)
    assert row.score["band"] in {"Tốt", "Khá"}
    assert f">{row.score['band']}</span>" in response.content.decode()


def test_list_query_count_does_not_grow(client, cell, django_assert_num_queries):
    client.force_login(cell.city_staff)
    first = services.meeting_create(
        actor=cell.secretary_user, cell=cell.cell_a1, kind="regular", scheduled_at=at(2026, 1, 3)
    )
    record_full_meeting(cell, first)
    services.meeting_adopt(actor=cell.secretary_user, meeting=first)
    client.get(reverse("meetings:list"))
    # session, user, scopes, own member record, organizations for the filter, count, page
    # (with the cell), names of the cells' parents, attendance counts, adopted scores,
    # the documents' lead time (every version of its rule)
    with django_assert_num_queries(11):
        client.get(reverse("meetings:list"))
    for month in range(2, 10):
        services.plan_month(
            actor=cell.city_staff,
            cells=[cell.cell_a1, cell.cell_a2, cell.cell_b1, cell.cell_c1],
            year=2026,
            month=month,
            notify_members=False,
        )
    MemberFactory.create_batch(20, organization=cell.cell_b1)
    with django_assert_num_queries(11):
        response = client.get(reverse("meetings:list"))
    assert len(response.context["rows"]) == 33


def test_plan_month_for_a_ward(client, cell):
    client.force_login(cell.ward_staff)
    response = client.get(reverse("meetings:plan"))
    assert response.status_code == 200
    response = client.post(
        reverse("meetings:plan"),
        {"action": "month", "organization": cell.ward_a.pk, "month": 4, "year": 2026},
        follow=True,
    )
    assert "Đã lên lịch 2 buổi sinh hoạt tháng 04/2026 cho 2 chi bộ." in (response.content.decode())
    planned = Meeting.objects.filter(period=dt.date(2026, 4, 1))
    assert {m.organization for m in planned} == {cell.cell_a1, cell.cell_a2}
    assert {timezone.localtime(m.scheduled_at).day for m in planned} == {3}
    again = client.post(
        reverse("meetings:plan"),
        {"action": "month", "organization": cell.ward_a.pk, "month": 4, "year": 2026},
        follow=True,
    )
    assert "Các chi bộ đã có lịch sinh hoạt tháng 04/2026." in again.content.decode()


def test_secretary_plans_only_own_cell(client, cell):
    client.force_login(cell.secretary_user)
    response = client.post(
        reverse("meetings:plan"),
        {"action": "month", "organization": cell.cell_b1.pk, "month": 4, "year": 2026},
    )
    assert f"Không tìm thấy tổ chức «{cell.cell_b1.pk}» trong phạm vi" in response.content.decode()
    assert not Meeting.objects.exists()


def test_thematic_meeting_with_topic_and_local_time(client, cell):
    client.force_login(cell.secretary_user)
    topic = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tiết kiệm"
    response = client.post(
        reverse("meetings:plan"),
        {
            "action": "thematic",
            "cell": cell.cell_a1.pk,
            "topic": topic,
            "scheduled_at": "12/05/2026 19h30",
            "place": "Hội trường khu phố",
            "combined_with_regular": "on",
        },
        follow=True,
    )
    meeting = Meeting.objects.get(kind="thematic")
    assert response.redirect_chain[-1][0] == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.topic == topic and meeting.combined_with_regular
    assert timezone.localtime(meeting.scheduled_at).strftime("%d/%m/%Y %H:%M") == (
        "12/05/2026 19:30"
    )
    assert meeting.period == dt.date(2026, 5, 1)


def test_thematic_cell_is_typed_and_refused_outside_the_write_scope(client, cell):
    client.force_login(cell.secretary_user)
    page = client.get(reverse("meetings:plan")).content.decode()
    assert 'data-organization-search="/' in page and "write=1&amp;kind=cell" in page
    data = {"action": "thematic", "topic": "Chuyên đề", "scheduled_at": "12/05/2026 19:30"}
    outside = client.post(reverse("meetings:plan"), {**data, "cell": cell.cell_b1.pk})
    assert "Không tìm thấy tổ chức" in outside.content.decode()
    assert not Meeting.objects.exists()
    client.post(reverse("meetings:plan"), {**data, "cell": "Chi bộ khu phố A1"})
    assert Meeting.objects.get().organization == cell.cell_a1


@pytest.mark.parametrize(
    "typed, message",
    [
        ("31/02/2026 08:00", "Thời gian không hợp lệ; hãy nhập theo dạng dd/mm/yyyy HH:MM"),
        ("12/05/2026", "Cần ghi giờ, vd. 03/03/2026 08:00."),
        ("", "Trường này là bắt buộc."),
    ],
)
def test_thematic_bad_input_keeps_what_was_typed(client, cell, typed, message):
    client.force_login(cell.secretary_user)
    response = client.post(
        reverse("meetings:plan"),
        {
            "action": "thematic",
            "cell": cell.cell_a1.pk,
            "topic": "",
            "scheduled_at": typed,
            "place": "Nhà văn hóa",
        },
    )
    body = response.content.decode()
    assert message in body
    assert "Trường này là bắt buộc." in body  # the topic
    assert 'value="Nhà văn hóa"' in body
    assert not Meeting.objects.exists()


def test_datetime_local_input_is_accepted(client, cell):
    client.force_login(cell.secretary_user)
    client.post(
        reverse("meetings:plan"),
        {
            "action": "thematic",
            "cell": cell.cell_a1.pk,
            "topic": "Chuyên đề",
            "scheduled_at": "2026-05-12T08:15",
        },
    )
    meeting = Meeting.objects.get()
    assert timezone.localtime(meeting.scheduled_at).strftime("%d/%m/%Y %H:%M") == (
        "12/05/2026 08:15"
    )


@pytest.mark.clock
def test_cell_page_query_count_does_not_grow_with_meetings(client, cell, django_assert_num_queries):
    client.force_login(cell.ward_staff)
    url = reverse("organizations:detail", args=[cell.cell_a1.pk])
    client.get(url)
    # session, user, scopes, own member, the cell, tree nodes, member counts, ancestors,
    # party groups, history (the unit's and its groups' rows, the level and the parent
    # they name); and for the meetings: the absence policy, members over the threshold
    # (none yet: no query for their records), the months of dues unpaid without reason
    # (chibo.dues: they flag like missed meetings), the year's meetings
    with django_assert_num_queries(17):
        client.get(url)
    year = timezone.localdate().year
    for month in range(1, 13):
        meeting = services.meeting_create(
            actor=cell.secretary_user,
            cell=cell.cell_a1,
            kind="regular",
            scheduled_at=at(year, month, 3),
        )
        record_full_meeting(cell, meeting, absent={"Mạc Văn Nam": ("unexcused", "")})
    # + the absence policy of each flagged member's cell (one query for all cells) and
    # the records of the flagged members
    with django_assert_num_queries(19):
        response = client.get(url)
    assert len(response.context["meetings"]) == 12
    assert len(response.context["absence_flags"]) == 1


@pytest.mark.clock
def test_plan_page_shows_cells_without_a_thematic_meeting_this_quarter(client, cell):
    today = timezone.localdate()
    services.meeting_create(
        actor=cell.ward_staff,
        cell=cell.cell_a2,
        kind="thematic",
        topic="Chuyên đề quý",
        scheduled_at=timezone.make_aware(dt.datetime(today.year, today.month, 15, 8)),
    )
    client.force_login(cell.ward_staff)
    response = client.get(reverse("meetings:plan"))
    assert response.context["cell_count"] == 2
    assert [c.name for c in response.context["missing"]] == ["Chi bộ khu phố A1"]
    assert "Chuyên đề quý" in response.context["suggestions"]


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("05/03/2026 19:30", "05/03/2026 19:30"),
        ("5/3/2026 7h", "05/03/2026 07:00"),
        ("19 h 30 05/03/2026", "05/03/2026 19:30"),
        ("2026-03-05T19:30", "05/03/2026 19:30"),
        ("05/03/26 8.15", "05/03/2026 08:15"),
    ],
)
def test_datetime_is_typed_day_first_in_vietnam_time(typed, expected):
    from chibo.meetings.forms import ViDateTimeField

    value = ViDateTimeField().clean(typed)
    assert str(value.tzinfo) == "Asia/Ho_Chi_Minh"
    assert f"{value:%d/%m/%Y %H:%M}" == expected
