"""The year's study topics and the thematic meetings held per cell and quarter."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from chibo.commitments import services
from chibo.commitments.models import StudyTopic, TopicKind
from chibo.core.testing.factories import make_org
from chibo.meetings import services as meeting_services
from chibo.meetings.models import Meeting, MeetingKind, MeetingStatus

pytestmark = pytest.mark.clock  # dates counted from today: run at fixed dates too


@pytest.fixture
def year():
    """Last year: every quarter is over, whatever today is."""
    return timezone.localdate().year - 1


def _thematic(city, cell, year, month, topic, status=MeetingStatus.HELD):
    meeting = meeting_services.meeting_create(
        actor=city.city_staff,
        cell=cell,
        kind=MeetingKind.THEMATIC,
        scheduled_at=timezone.make_aware(dt.datetime(year, month, 15, 14)),
        topic=topic,
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    return meeting


@pytest.fixture
def topics(city, year):
    def add(title, issuer):
        return services.study_topic_add(
            actor=city.admin, year=year, kind=TopicKind.HO_CHI_MINH, title=title, issuer=issuer
        )

    return {
        "centre": add("Chuyên đề toàn quốc về Bác", None),
        "ward_a": add("Chủ đề riêng của phường A", city.ward_a),
        "ward_b": add("Chủ đề riêng của phường B", city.ward_b),
        "city": add("Chủ đề của Thành ủy", city.root),
    }


def _titles(response):
    return {t.title for t in response.context["topics"]}


def test_each_user_sees_the_topics_of_their_committees(client, city, year, topics):
    url = reverse("commitments:topics", args=[year])
    client.force_login(city.ward_staff)
    assert _titles(client.get(url)) == {
        "Chuyên đề toàn quốc về Bác",
        "Chủ đề riêng của phường A",
        "Chủ đề của Thành ủy",
    }
    client.force_login(city.member_user)
    assert "Chủ đề riêng của phường B" not in _titles(client.get(url))
    client.force_login(city.outsider)
    assert _titles(client.get(url)) == {
        "Chuyên đề toàn quốc về Bác",
        "Chủ đề riêng của phường B",
        "Chủ đề của Thành ủy",
    }
    client.force_login(city.city_staff)
    assert len(_titles(client.get(url))) == 4


def test_committee_staff_add_a_topic_for_their_committee(client, city, year):
    url = reverse("commitments:topics", args=[year])
    client.force_login(city.ward_staff)
    page = client.get(url)
    assert [o.pk for o in page.context["form"].fields["issuer"].organizations] == [
        city.ward_a.pk
    ]
    assert "write=1&amp;kind=committee" in page.content.decode()  # suggestions, no select
    response = client.post(
        url,
        {
            "kind": TopicKind.HO_CHI_MINH,
            "title": "Học tập và làm theo Bác về tinh thần phục vụ nhân dân",
            "basis": "Kết luận 01-KL/TW",
            "issuer": city.ward_a.pk,
        },
        follow=True,
    )
    assert "Đã thêm chủ đề «Học tập và làm theo Bác về tinh thần phục vụ nhân dân»." in (
        response.content.decode()
    )
    topic = StudyTopic.objects.get()
    assert (topic.year, topic.issuer, topic.basis) == (year, city.ward_a, "Kết luận 01-KL/TW")
    # Not for another ward's committee.
    response = client.post(
        url, {"kind": TopicKind.THEMATIC, "title": "Chủ đề", "issuer": city.ward_b.pk}
    )
    assert response.status_code == 200
    assert "Không tìm thấy tổ chức" in response.content.decode()
    assert StudyTopic.objects.count() == 1


def test_the_admin_adds_the_centres_topic_secretaries_add_none(client, city, year):
    url = reverse("commitments:topics", args=[year])
    client.force_login(city.admin)
    client.post(url, {"kind": TopicKind.HO_CHI_MINH, "title": "Chuyên đề năm", "issuer": ""})
    assert StudyTopic.objects.get().issuer is None
    client.force_login(city.secretary_user)
    assert client.get(url).context["form"] is None
    assert client.post(url, {"kind": TopicKind.THEMATIC, "title": "X"}).status_code == 404
    assert StudyTopic.objects.count() == 1


def test_thematic_coverage_per_cell_and_quarter(client, city, year):
    _thematic(city, city.cell_a1, year, 2, "Bác Hồ với phong cách nêu gương")
    _thematic(city, city.cell_a1, year, 3, "Nghị quyết Trung ương 4", MeetingStatus.ADOPTED)
    _thematic(city, city.cell_a1, year, 8, "Chỉ lên lịch", MeetingStatus.PLANNED)
    _thematic(city, city.cell_a2, year, 11, "Bác Hồ với thanh niên")
    _thematic(city, city.cell_a2, year, 5, "Đã hủy", MeetingStatus.CANCELLED)
    _thematic(city, city.cell_b1, year, 1, "Ngoài phạm vi")
    client.force_login(city.ward_staff)
    response = client.get(reverse("commitments:topics", args=[year]))
    rows = {r["cell"].name: r for r in response.context["rows"]}
    assert set(rows) == {"Chi bộ khu phố A1", "Chi bộ khu phố A2"}
    a1 = [q["topics"] for q in rows["Chi bộ khu phố A1"]["quarters"]]
    assert a1 == [["Bác Hồ với phong cách nêu gương", "Nghị quyết Trung ương 4"], [], [], []]
    a2 = [q["topics"] for q in rows["Chi bộ khu phố A2"]["quarters"]]
    assert a2 == [[], [], [], ["Bác Hồ với thanh niên"]]
    assert rows["Chi bộ khu phố A1"]["parent"] == "Đảng bộ phường A"
    assert {q["state"] for r in rows.values() for q in r["quarters"]} == {"past"}
    body = response.content.decode()
    assert 'title="Bác Hồ với phong cách nêu gương; Nghị quyết Trung ương 4"' in body
    assert body.count("table-danger fw-bold") == 6  # the quarters without, highlighted


def test_coverage_limited_to_a_chosen_organization(client, city, year):
    client.force_login(city.city_staff)
    url = reverse("commitments:topics", args=[year])
    everything = client.get(url)
    assert len(everything.context["rows"]) == 4
    ward_b = client.get(url, {"organization": city.ward_b.pk})
    assert [r["cell"].name for r in ward_b.context["rows"]] == ["Chi bộ khu phố B1"]


def test_coverage_query_count_does_not_grow_with_cells(
    client, city, year, django_assert_num_queries
):
    client.force_login(city.city_staff)
    url = reverse("commitments:topics", args=[year])
    _thematic(city, city.cell_a1, year, 2, "Chuyên đề quý 1")
    client.get(url)
    # session, user, scopes, own member record, the committees the user may issue topics
    # for, the write scope they are labelled in, organizations for the filter, count of
    # cells, the page of cells, their thematic meetings of the year, the names of their
    # parents, the topics (with their issuer)
    with django_assert_num_queries(12):
        client.get(url)
    for n in range(60):
        cell = make_org(f"Chi bộ thêm {n:02d}", city.ward_b if n % 2 else city.ward_a, is_cell=True)
        _thematic(city, cell, year, 1 + n % 12, f"Chuyên đề {n}")
    with django_assert_num_queries(12):
        response = client.get(url)
    assert response.context["page"].paginator.count == 64
    assert len(response.context["rows"]) == 50
    with django_assert_num_queries(12):
        client.get(url, {"page": 2})
