"""Progress of the approved registers noted at a meeting, from the review part of the
minutes."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from chibo.commitments import services
from chibo.commitments.models import CommitmentProgress, ItemResult
from chibo.core.testing.clock import clock_fixture
from chibo.meetings import services as meeting_services
from chibo.meetings.models import MeetingKind
from chibo.meetings.tests.conftest import record_full_meeting

YEAR = 2026
# The member's page shows the register of the current year: run in YEAR.
in_year = clock_fixture(dt.date(YEAR, 11, 27))


@pytest.fixture
def approved(city):
    commitment = services.commitment_save(
        actor=city.member_user,
        year=YEAR,
        items=[
            {"text": "Đọc sách về Bác", "measure": "4 cuốn"},
            {"text": "Vận động hộ lắp camera", "measure": "5 hộ"},
        ],
        member=city.member,
        submit=True,
    )
    return services.commitment_decide(
        actor=city.secretary_user, commitment=commitment, approve=True
    )


@pytest.fixture
def meeting(city):
    return meeting_services.meeting_create(
        actor=city.secretary_user,
        cell=city.cell_a1,
        kind=MeetingKind.REGULAR,
        scheduled_at=timezone.make_aware(dt.datetime(YEAR, 6, 3, 8)),
    )


def test_the_record_page_links_to_the_progress_page(client, city, meeting):
    client.force_login(city.secretary_user)
    body = client.get(reverse("meetings:record", args=[meeting.pk])).content.decode()
    assert reverse("commitments:progress", args=[meeting.pk]) in body


@pytest.mark.usefixtures("in_year")
def test_progress_noted_at_a_meeting(client, city, approved, meeting):
    first, second = approved.items.all()
    client.force_login(city.secretary_user)
    url = reverse("commitments:progress", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "Trần Văn Bảo" in page and "Đọc sách về Bác" in page
    response = client.post(
        url,
        {
            f"note_{first.pk}": "Đã đọc 2 cuốn",
            f"result_{first.pk}": ItemResult.PARTLY,
            f"note_{second.pk}": "",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "Đã ghi tiến độ 1 việc." in body
    assert "Buổi này: Đã đọc 2 cuốn" in body
    note = CommitmentProgress.objects.get()
    assert (note.item, note.meeting, note.result) == (first, meeting, ItemResult.PARTLY)
    # The member sees it on their register.
    client.force_login(city.member_user)
    mine = client.get(reverse("commitments:mine")).content.decode()
    assert "Tháng 06/2026: Đã đọc 2 cuốn" in mine


def test_a_result_without_a_note_is_refused_and_nothing_saved(client, city, approved, meeting):
    first, second = approved.items.all()
    client.force_login(city.secretary_user)
    response = client.post(
        reverse("commitments:progress", args=[meeting.pk]),
        {f"note_{first.pk}": "Đã đọc 1 cuốn", f"result_{second.pk}": ItemResult.MET},
    )
    assert response.status_code == 200
    assert "Vận động hộ lắp camera: cần ghi tiến độ khi chọn kết quả." in (
        response.content.decode()
    )
    assert not CommitmentProgress.objects.exists()


def test_registers_not_approved_are_not_listed(client, city, meeting):
    services.commitment_save(
        actor=city.member_user,
        year=YEAR,
        items=[{"text": "Đọc sách về Bác", "measure": "4 cuốn"}],
        member=city.member,
        submit=True,
    )
    client.force_login(city.secretary_user)
    page = client.get(reverse("commitments:progress", args=[meeting.pk]))
    assert page.context["registers"] == []
    assert "chưa có bản đăng ký nào được duyệt năm 2026" in page.content.decode()


def test_adopted_minutes_take_no_more_progress(client, city, approved, meeting):
    record_full_meeting(city, meeting)
    meeting_services.meeting_adopt(actor=city.secretary_user, meeting=meeting)
    client.force_login(city.secretary_user)
    item = approved.items.first()
    response = client.post(
        reverse("commitments:progress", args=[meeting.pk]),
        {f"note_{item.pk}": "Muộn"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("meetings:detail", args=[meeting.pk])
    assert "không ghi thêm tiến độ được" in response.content.decode()
    assert not CommitmentProgress.objects.exists()


def test_outsiders_and_plain_members_get_404(client, city, approved, meeting):
    item = approved.items.first()
    for user in (city.outsider, city.member_user):
        client.force_login(user)
        url = reverse("commitments:progress", args=[meeting.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {f"note_{item.pk}": "Tự ghi"}).status_code == 404
    assert not CommitmentProgress.objects.exists()
