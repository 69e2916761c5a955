"""The tasks page and the absence flags."""

import datetime as dt

import pytest
from django.urls import reverse

from chibo.core.testing.clock import clock_fixture
from chibo.meetings import services

from .conftest import at, record_full_meeting

# The cell's page shows the absence flags of the current year.
in_2026 = clock_fixture(dt.date(2026, 11, 27))


def test_tasks_page(client, cell, meeting):
    mine = services.task_assign(
        actor=cell.secretary_user,
        meeting=meeting,
        assignee=cell.member,
        title="Vận động phân loại rác",
        deadline=dt.date(2026, 3, 20),
    )
    services.task_assign(
        actor=cell.secretary_user,
        meeting=meeting,
        assignee=cell.extra[0],
        title="Rà soát hộ nghèo",
        deadline=dt.date(2099, 3, 31),
    )
    client.force_login(cell.member_user)
    response = client.get(reverse("meetings:tasks"))
    assert response.context["mine"] == [mine]
    assert "page" not in response.context  # a plain member sees only their own
    assert "Quá hạn" in response.content.decode()

    client.force_login(cell.secretary_user)
    open_tasks = client.get(reverse("meetings:tasks"))
    assert len(open_tasks.context["page"].object_list) == 2
    overdue = client.get(reverse("meetings:tasks"), {"state": "overdue"})
    assert list(overdue.context["page"].object_list) == [mine]
    client.force_login(cell.outsider)
    assert list(client.get(reverse("meetings:tasks")).context["page"].object_list) == []


@pytest.mark.usefixtures("in_2026")
def test_absence_flags(client, cell):
    for month in (1, 2, 3):
        meeting = services.meeting_create(
            actor=cell.secretary_user,
            cell=cell.cell_a1,
            kind="regular",
            scheduled_at=at(2026, month, 3),
        )
        record_full_meeting(cell, meeting, absent={"Mạc Văn Nam": ("unexcused", "")})
    client.force_login(cell.ward_staff)
    response = client.get(reverse("meetings:absences"), {"year": 2026})
    flagged = response.context["flagged"]
    assert [(m.full_name, m.unexcused_months) for m in flagged] == [("Mạc Văn Nam", 3)]
    assert "không tự xóa tên" in response.content.decode()
    other = client.get(reverse("meetings:absences"), {"year": 2025})
    assert other.context["flagged"] == []

    # The cell's page shows the year's meetings and the flag.
    page = client.get(reverse("organizations:detail", args=[cell.cell_a1.pk]))
    body = page.content.decode()
    assert "Mạc Văn Nam</a>: 3 tháng" in body
    assert page.context["year"] == 2026
    assert "Sinh hoạt thường kỳ tháng 03/2026" in body
