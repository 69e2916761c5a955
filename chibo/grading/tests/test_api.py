"""GET /grading/{year}/members, /grading/{year}/cells and /me/commitments: scope, filters,
errors, and a number of queries that does not grow with the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chibo.api.tests.test_api import bearer, token_for
from chibo.commitments import services as commitment_services
from chibo.core.testing.factories import MemberFactory
from chibo.grading import services
from chibo.grading.evidence import members_evidence
from chibo.meetings import services as meeting_services
from chibo.meetings.models import MeetingKind
from chibo.meetings.tests.conftest import at

from . import test_exports
from .test_exports import CELL_SCORES, graded

ward = test_exports.ward  # the fixture: ward A with its 2026 and 2025 grades

MEMBERS = "/api/v1/grading/2026/members"
CELLS = "/api/v1/grading/2026/cells"
MINE = "/api/v1/me/commitments"


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["member"]["name"] for item in response.json()["items"]]


def test_members_with_grades_and_evidence(client, ward):
    client.force_login(ward.ward_staff)
    page = client.get(MEMBERS).json()
    assert page["count"] == 3
    by_name = {item["member"]["name"]: item for item in page["items"]}
    assert list(by_name) == ["Trần Văn Bảo", "Lê Thị Hoa", "Nguyễn Thị Thu"]  # by given name
    bao = by_name["Trần Văn Bảo"]
    assert bao["member"]["id"] == ward.member.pk
    assert bao["cell"] == {"id": ward.cell_a1.pk, "name": "Chi bộ khu phố A1"}
    assert bao["stage"] == "decided" and bao["self_total"] == 95.0
    assert (bao["self_grade"], bao["review_grade"], bao["decided_grade"], bao["grade"]) == (
        "HTNV",
        "HTTNV",
        "HTTNV",
        "HTTNV",
    )
    ev = members_evidence([ward.member], 2026)[ward.member.pk]
    assert bao["evidence"] == {
        "present": ev["meetings"]["present"],
        "excused": 0,
        "unexcused": 1,
        "unexcused_months": 1,
        "absence_flag": False,
        "tasks_assigned": 1,
        "tasks_on_time": 0,
        "tasks_late": 0,
        "tasks_open": 1,
        "commitment_registered": True,
        "commitment_approved": True,
        "commitment_items": 2,
        "commitment_met": 1,
        "residence": "not_required",
        "disciplines": 1,
    }
    thu = by_name["Nguyễn Thị Thu"]
    assert (thu["stage"], thu["decided_grade"], thu["grade"]) == ("reviewed", None, "HTXSNV")
    hoa = by_name["Lê Thị Hoa"]
    assert (hoa["stage"], hoa["self_total"], hoa["grade"]) == ("draft", None, None)
    last_year = client.get("/api/v1/grading/2025/members", {"grade": "HTNV"})
    assert names(last_year) == ["Trần Văn Bảo"]


def test_members_scope_and_filters(client, ward):
    client.force_login(ward.secretary_user)
    assert names(client.get(MEMBERS)) == ["Trần Văn Bảo", "Nguyễn Thị Thu"]
    # a plain member sees their own row only
    client.force_login(ward.member_user)
    assert names(client.get(MEMBERS)) == ["Trần Văn Bảo"]
    client.force_login(ward.city_staff)
    assert client.get(MEMBERS).json()["count"] == 5
    assert names(client.get(MEMBERS, {"organization": ward.cell_a2.pk})) == ["Lê Thị Hoa"]
    assert names(client.get(MEMBERS, {"grade": "HTXSNV"})) == ["Nguyễn Thị Thu"]
    assert names(client.get(MEMBERS, {"grade": "HTTNV"})) == ["Trần Văn Bảo"]
    no_grade = client.get(MEMBERS, {"grade": "none", "organization": ward.ward_a.pk})
    assert names(no_grade) == ["Lê Thị Hoa"]
    paged = client.get(MEMBERS, {"page_size": 2, "page": 3}).json()
    assert paged["count"] == 5 and len(paged["items"]) == 1
    # an organization out of scope is not found
    client.force_login(ward.ward_staff)
    response = client.get(MEMBERS, {"organization": ward.cell_b1.pk})
    assert response.status_code == 404 and response.json()["detail"].startswith("Không tìm thấy")


def test_cells_with_their_assessment(client, ward):
    client.force_login(ward.ward_staff)
    page = client.get(CELLS).json()
    assert [c["cell"]["name"] for c in page["items"]] == ["Chi bộ khu phố A1", "Chi bộ khu phố A2"]
    a1, a2 = page["items"]
    assert a1["parent_name"] == "Đảng bộ phường A"
    assert (a1["stage"], a1["self_total"], a1["review_grade"], a1["grade"]) == (
        "reviewed",
        80.0,
        "HTTNV",
        "HTTNV",
    )
    assert a1["evidence"]["regular_months"] == 2 and a1["evidence"]["tasks_assigned"] == 1
    assert sum(a1["evidence"]["bands"].values()) == 2
    assert a2["stage"] is None and a2["evidence"]["regular_months"] == 0
    graded_cells = client.get(CELLS, {"grade": "HTTNV"}).json()
    assert [c["cell"]["id"] for c in graded_cells["items"]] == [ward.cell_a1.pk]
    ungraded = client.get(CELLS, {"grade": "none"}).json()
    assert [c["cell"]["id"] for c in ungraded["items"]] == [ward.cell_a2.pk]
    client.force_login(ward.outsider)
    assert [c["cell"]["name"] for c in client.get(CELLS).json()["items"]] == ["Chi bộ khu phố B1"]
    assert client.get(CELLS, {"organization": ward.ward_a.pk}).status_code == 404


@pytest.mark.parametrize(
    "path, params",
    [
        (MEMBERS, {"grade": "XUATSAC"}),
        (CELLS, {"grade": "htxsnv"}),
        ("/api/v1/grading/1800/members", {}),
        ("/api/v1/grading/abc/cells", {}),
        (MEMBERS, {"page": 0}),
        (MEMBERS, {"organization": "x"}),
        (MINE, {"year": "năm nay"}),
    ],
)
def test_bad_input_answers_422_in_vietnamese(client, city, path, params):
    client.force_login(city.city_staff)
    response = client.get(path, params)
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]


@pytest.mark.parametrize("path", [MEMBERS, CELLS, MINE])
def test_anonymous_gets_401(client, city, path):
    response = client.get(path)
    assert response.status_code == 401 and "detail" in response.json()


def test_my_commitments(client, city):
    register = commitment_services.commitment_save(
        actor=city.member_user,
        year=2026,
        member=city.member,
        submit=True,
        items=[
            {"text": "Vận động 10 hộ phân loại rác", "measure": "10 hộ"},
            {"text": "Đọc 4 bài viết của Bác", "measure": "4 buổi"},
        ],
    )
    commitment_services.commitment_decide(
        actor=city.secretary_user, commitment=register, approve=True, note="Đồng ý."
    )
    first, _ = register.items.all()
    meeting = meeting_services.meeting_create(
        actor=city.secretary_user,
        cell=city.cell_a1,
        kind=MeetingKind.REGULAR,
        scheduled_at=at(2026, 4, 3),
    )
    commitment_services.progress_note(
        actor=city.secretary_user, item=first, meeting=meeting, note="Đã vận động 6 hộ"
    )
    commitment_services.items_result(
        actor=city.secretary_user, commitment=register, results={first.pk: "met"}
    )
    commitment_services.commitment_save(
        actor=city.member_user,
        year=2025,
        member=city.member,
        items=[{"text": "Tham gia đủ các buổi", "measure": "12/12"}],
    )
    # someone else's register and the cell's own are not the caller's
    commitment_services.commitment_save(
        actor=city.secretary_user,
        year=2026,
        member=city.secretary,
        items=[{"text": "Việc của bí thư", "measure": "1"}],
    )
    commitment_services.commitment_save(
        actor=city.secretary_user,
        year=2026,
        cell=city.cell_a1,
        items=[{"text": "Khắc phục chậm giờ", "measure": "12/12"}],
    )
    token = token_for(client, "member")
    page = client.get(MINE, headers=bearer(token)).json()
    assert page["count"] == 2 and [c["year"] for c in page["items"]] == [2026, 2025]
    mine = page["items"][0]
    assert mine["status"] == "approved" and mine["note"] == "Đồng ý."
    assert mine["cell"] == {"id": city.cell_a1.pk, "name": "Chi bộ khu phố A1"}
    assert mine["approved_at"] is not None
    assert mine["summary"] == {"items": 2, "met": 1, "partly": 0, "not_met": 0, "pending": 1}
    item = mine["items"][0]
    assert (item["text"], item["measure"], item["result"], item["result_label"]) == (
        "Vận động 10 hộ phân loại rác",
        "10 hộ",
        "met",
        "Hoàn thành",
    )
    assert item["progress"][0]["meeting"] == {"id": meeting.pk, "period": "2026-04"}
    assert item["progress"][0]["note"] == "Đã vận động 6 hộ"
    assert mine["items"][1]["result"] == "" and mine["items"][1]["progress"] == []
    assert page["items"][1]["status"] == "draft"
    only = client.get(MINE, {"year": 2025}, headers=bearer(token)).json()
    assert [c["year"] for c in only["items"]] == [2025]
    # a user with no member record: an empty list
    client.force_login(city.city_staff)
    assert client.get(MINE).json() == {"count": 0, "items": []}


def test_query_counts_do_not_grow_with_the_page(client, ward):
    token = token_for(client, "ward")

    def count(path, **params):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, params, headers=bearer(token))
        assert response.status_code == 200, response.content
        return len(queries), len(response.json()["items"])

    client.get(MEMBERS, headers=bearer(token))  # the token's first use is recorded
    members_few, cells_few = count(MEMBERS), count(CELLS)
    for member in MemberFactory.create_batch(8, organization=ward.cell_a2):
        graded(ward.secretary_user, 2026, member, proposed="HTTNV")
        commitment_services.commitment_save(
            actor=ward.secretary_user,
            year=2026,
            member=member,
            items=[{"text": "Việc", "measure": "1"}],
        )
    own = services.assessment_open(actor=ward.ward_staff, year=2026, cell=ward.cell_a2)
    services.assessment_self(actor=ward.ward_staff, assessment=own, scores=CELL_SCORES)
    members_many, cells_many = count(MEMBERS), count(CELLS)
    assert members_few[1] == 3 and members_many[1] == 11
    # token and user, scopes, own member, the page of members, their assessments, the
    # absence policy, attendance, the absence policy of the members' cells (one query for
    # all), tasks, registers and their items, residence comments, exemptions,
    # disciplines, the count
    assert members_few[0] == members_many[0] == 15
    # token and user, scopes, own member, the page of cells, their assessments, held
    # meetings, bands, tasks, concerns, the cells' registers (their items: A1 has none, so
    # no query), parent names, the count
    assert cells_few[0] == cells_many[0] == 12
    filtered = count(MEMBERS, organization=ward.cell_a2.pk, grade="HTTNV")
    assert filtered[1] == 8 and filtered[0] == 16  # and the organization

    member_token = token_for(client, "member")
    client.get(MINE, headers=bearer(member_token))  # the token's first use is recorded

    def mine():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(MINE, headers=bearer(member_token))
        return len(queries), len(response.json()["items"])

    assert mine() == (7, 1)
    for year in (2023, 2024, 2025):
        commitment_services.commitment_save(
            actor=ward.member_user,
            year=year,
            member=ward.member,
            items=[{"text": "Việc", "measure": "1"}, {"text": "Việc 2", "measure": "2"}],
        )
    # token and user, scopes, own member, the registers, their items, progress, the count
    assert mine() == (7, 4)
