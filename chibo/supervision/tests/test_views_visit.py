"""The official's phone page (`mine`) and the visit report (`visit`), and the links on the
meeting page that lead to them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from chibo.core.testing.factories import UserFactory, grant
from chibo.meetings import services as meeting_services
from chibo.meetings.models import MeetingKind
from chibo.supervision import services
from chibo.supervision.forms import quarter_bounds, quarter_of
from chibo.supervision.models import Concern, ConcernSource, VisitReport

pytestmark = pytest.mark.clock  # dates counted from today: run at fixed dates too


def on(days: int, hour: int = 8) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def official(city):
    """A ward A committee member who follows cells A1 and A2 this quarter."""
    user = UserFactory(username="duv", first_name="Lê Văn", last_name="Giám")
    grant(user, city.ward_a)
    starts_on, ends_on = quarter_bounds(*quarter_of(timezone.localdate()))
    services.assignments_create(
        actor=city.ward_staff,
        committee=city.ward_a,
        official=user,
        cells=[city.cell_a1, city.cell_a2],
        starts_on=min(starts_on, timezone.localdate() - dt.timedelta(days=3)),
        ends_on=max(ends_on, timezone.localdate() + dt.timedelta(days=40)),
    )
    return user


@pytest.fixture
def held(city):
    """Cell A1's meeting yesterday."""
    return meeting_services.meeting_create(
        actor=city.secretary_user, cell=city.cell_a1, kind=MeetingKind.REGULAR, scheduled_at=on(-1)
    )


@pytest.fixture
def coming(city):
    return meeting_services.meeting_create(
        actor=city.ward_staff,
        cell=city.cell_a2,
        kind=MeetingKind.THEMATIC,
        scheduled_at=on(10, 19),
        topic="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về dân vận",
    )


def report_data(**extra):
    data = {
        "attended": "yes",
        "band_seen": "Khá",
        "remarks": "Chi bộ chuẩn bị chu đáo; thảo luận còn ít.",
        "concern-TOTAL_FORMS": "1",
        "concern-INITIAL_FORMS": "0",
        "concern-MIN_NUM_FORMS": "0",
        "concern-MAX_NUM_FORMS": "20",
        "concern-0-kind": "proposal",
    }
    data.update(extra)
    return data


def test_mine_lists_meetings_to_report_coming_and_assignments(client, city, official, held, coming):
    client.force_login(official)
    response = client.get(reverse("supervision:mine"))
    body = response.content.decode()
    assert [m.pk for m in response.context["due"]] == [held.pk]
    assert [m.pk for m in response.context["coming"]] == [coming.pk]
    assert reverse("supervision:visit", args=[held.pk]) in body and "Gửi báo cáo" in body
    assert reverse("supervision:visit", args=[coming.pk]) not in body
    assert "Chi bộ khu phố A2" in body and "Đảng bộ phường A phân công" in body
    assert {a.cell.name for a in response.context["assignments"]} == {
        "Chi bộ khu phố A1",
        "Chi bộ khu phố A2",
    }


def test_visit_report_with_two_concerns_routed_to_the_ward(client, city, official, held):
    client.force_login(official)
    url = reverse("supervision:visit", args=[held.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Trần Văn Bảo" in page.content.decode()  # members to pick
    data = report_data(
        **{
            "concern-TOTAL_FORMS": "3",
            "concern-0-category": "infrastructure",
            "concern-0-text": "Đường ngõ 5 ngập khi mưa lớn",
            "concern-0-member": str(city.member.pk),
            "concern-0-member_hidden": "on",
            "concern-1-category": "policy",
            "concern-1-kind": "difficulty",
            "concern-1-text": "Hộ cận nghèo chưa được cấp thẻ bảo hiểm y tế",
            "concern-2-kind": "proposal",  # left empty: ignored
        }
    )
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("supervision:mine")
    assert "Đã gửi báo cáo dự sinh hoạt và 2 kiến nghị tới Đảng bộ phường A." in (
        response.content.decode()
    )
    report = VisitReport.objects.get(official=official, meeting=held)
    assert report.attended and report.band_seen == "Khá" and report.assignment is not None
    concerns = Concern.objects.order_by("id")
    assert [(c.category, c.kind, c.responsible, c.source) for c in concerns] == [
        ("infrastructure", "proposal", city.ward_a, ConcernSource.OFFICIAL),
        ("policy", "difficulty", city.ward_a, ConcernSource.OFFICIAL),
    ]
    assert concerns[0].member == city.member and concerns[0].member_hidden
    # Sent once: the page now shows the report, and `mine` offers to read it.
    again = client.get(url).content.decode()
    assert "Đồng chí đã gửi báo cáo" in again and "Gửi báo cáo</button>" not in again
    assert "Xem báo cáo" in client.get(reverse("supervision:mine")).content.decode()


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"attended": ""}, "Chọn có dự hay không dự."),
        ({"band_seen": "Xuất sắc"}, "Lựa chọn không hợp lệ."),
        ({"concern-0-text": "Thiếu lĩnh vực"}, "Chọn lĩnh vực."),
        ({"concern-0-category": "land"}, "Cần ghi nội dung kiến nghị."),
        (
            {
                "concern-0-category": "land",
                "concern-0-text": "Ý kiến",
                "concern-0-member_hidden": "on",
            },
            "Chọn đảng viên nêu ý kiến thì mới ẩn tên được.",
        ),
        (
            {"attended": "no", "concern-0-category": "land", "concern-0-text": "Ý kiến"},
            "Không dự thì không ghi kiến nghị tại buổi sinh hoạt.",
        ),
    ],
)
def test_visit_report_bad_input_is_named_and_nothing_saved(
    client, city, official, held, extra, message
):
    client.force_login(official)
    response = client.post(reverse("supervision:visit", args=[held.pk]), report_data(**extra))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not VisitReport.objects.exists() and not Concern.objects.exists()


def test_no_report_before_the_meeting_nor_for_a_cancelled_one(client, city, official, coming):
    client.force_login(official)
    url = reverse("supervision:visit", args=[coming.pk])
    assert "Buổi sinh hoạt chưa diễn ra" in client.get(url).content.decode()
    response = client.post(url, report_data())
    assert "gửi báo cáo sau khi dự" in response.content.decode()
    assert not VisitReport.objects.exists()
    meeting_services.meeting_cancel(actor=city.ward_staff, meeting=coming, reason="Mưa bão")
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("supervision:mine")
    assert "đã bị hủy" in response.content.decode()


def test_only_officials_above_or_assigned_report(client, city, held):
    """The cell's own secretary is not a higher-level official: 404. A user assigned to
    attend the meeting by name may report even without a committee scope."""
    client.force_login(city.secretary_user)
    assert client.get(reverse("supervision:visit", args=[held.pk])).status_code == 404
    guest = UserFactory(username="khach")
    services.assignments_create(
        actor=city.ward_staff,
        committee=city.ward_a,
        official=guest,
        cells=[city.cell_a1],
        starts_on=held.scheduled_at.date(),
        ends_on=held.scheduled_at.date(),
        kind="attend",
        meeting=held,
    )
    client.force_login(guest)
    response = client.post(reverse("supervision:visit", args=[held.pk]), report_data())
    assert response.status_code == 302
    assert VisitReport.objects.get().assignment.meeting == held


def test_meeting_page_links_to_the_report_and_to_concerns_from_the_minutes(
    client, city, official, held
):
    client.force_login(official)
    body = client.get(reverse("meetings:detail", args=[held.pk])).content.decode()
    assert "Báo cáo dự sinh hoạt" in body and "Kiến nghị từ biên bản" not in body
    client.force_login(city.ward_staff)  # above the cell, but not assigned to follow it
    body = client.get(reverse("meetings:detail", args=[held.pk])).content.decode()
    assert "Báo cáo dự sinh hoạt" not in body
    client.force_login(city.secretary_user)
    body = client.get(reverse("meetings:detail", args=[held.pk])).content.decode()
    assert "Báo cáo dự sinh hoạt" not in body
    link = f"{reverse('supervision:concern_new')}?cell={city.cell_a1.pk}&amp;meeting={held.pk}"
    assert "Kiến nghị từ biên bản" in body and link in body
