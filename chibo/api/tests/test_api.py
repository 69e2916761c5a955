import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chibo.core.testing.access import Case, assert_access
from chibo.core.testing.factories import MemberFactory
from chibo.documents import renderers
from chibo.meetings.models import MeetingKind
from chibo.meetings.services import meeting_create
from chibo.supervision.services import concern_raise


def token_for(client, username, password="mat-khau-test"):
    response = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_every_api_url_is_scoped(city, monkeypatch):
    own = city.member.pk
    meeting = meeting_create(
        actor=city.secretary_user,
        cell=city.cell_a1,
        kind=MeetingKind.REGULAR,
        scheduled_at=timezone.now(),
    )
    concern = concern_raise(
        actor=city.secretary_user,
        cell=city.cell_a1,
        category="infrastructure",
        text="Đường ngõ 5 ngập khi mưa lớn",
        source="secretary",
    )
    # Access only: the renderers are stubbed (chibo/documents tests the documents).
    monkeypatch.setattr(renderers, "minutes_docx", lambda snapshot: b"PK\x03\x04")
    monkeypatch.setattr(renderers, "minutes_pdf", lambda snapshot: b"%PDF-1.7")
    readers = [city.secretary_user, city.member_user, city.ward_staff, city.city_staff]
    check_in = json.dumps({"entries": [{"member": own, "presence": "present"}]})
    visit = json.dumps({"meeting": meeting.pk, "attended": False})
    # handing the concern to the ward's own staff can be repeated
    assign = json.dumps({"action": "assign", "assignee": city.ward_staff.pk})
    assert_access(
        "api",
        {
            "issue_token": Case(
                "/api/v1/auth/token", method="post", public=True, ok_status=(400, 422)
            ),
            "me": Case("/api/v1/me", allowed=[city.member_user, city.city_staff]),
            "list_organizations": Case("/api/v1/organizations", allowed=[city.ward_staff]),
            "list_members": Case("/api/v1/members", allowed=[city.secretary_user]),
            "get_member": Case(
                f"/api/v1/members/{own}",
                allowed=[city.secretary_user, city.member_user],
                outsiders=[city.outsider],
            ),
            "list_meetings": Case("/api/v1/meetings", allowed=readers + [city.outsider]),
            "get_meeting": Case(
                f"/api/v1/meetings/{meeting.pk}", allowed=readers, outsiders=[city.outsider]
            ),
            "download_minutes_docx": Case(
                f"/api/v1/meetings/{meeting.pk}/minutes.docx",
                allowed=readers,
                outsiders=[city.outsider],
            ),
            "download_minutes_pdf": Case(
                f"/api/v1/meetings/{meeting.pk}/minutes.pdf",
                allowed=readers,
                outsiders=[city.outsider],
            ),
            # a member reads the cell's meetings but never writes them
            "record_attendance": Case(
                f"/api/v1/meetings/{meeting.pk}/attendance",
                method="put",
                data=check_in,
                content_type="application/json",
                allowed=[city.secretary_user, city.ward_staff],
                outsiders=[city.outsider, city.member_user],
            ),
            "update_minutes": Case(
                f"/api/v1/meetings/{meeting.pk}/minutes",
                method="patch",
                data={"news": "Tin trong tháng"},
                content_type="application/json",
                allowed=[city.secretary_user, city.ward_staff],
                outsiders=[city.outsider, city.member_user],
            ),
            # allowed, but the roll call is missing: 400 (not 404) says so
            "adopt": Case(
                f"/api/v1/meetings/{meeting.pk}/adopt",
                method="post",
                ok_status=(400,),
                allowed=[city.secretary_user, city.ward_staff],
                outsiders=[city.outsider, city.member_user],
            ),
            "my_tasks": Case("/api/v1/me/tasks", allowed=[city.member_user, city.city_staff]),
            "my_assignments": Case(
                "/api/v1/me/assignments", allowed=[city.member_user, city.city_staff]
            ),
            # committee staff above the cell (or an official assigned to it: supervision's
            # tests); the cell's own secretary and members do not report on it
            "report_visit": Case(
                "/api/v1/visits",
                method="post",
                data=visit,
                content_type="application/json",
                allowed=[city.ward_staff, city.city_staff],
                outsiders=[city.outsider, city.secretary_user, city.member_user],
                ok_status=(201,),
            ),
            "list_concerns": Case("/api/v1/concerns", allowed=readers + [city.outsider]),
            # seen along the route only: the city has not received it yet (the raising
            # cell sees it but may not act: 403, in supervision's tests)
            "act_on_concern": Case(
                f"/api/v1/concerns/{concern.pk}/actions",
                method="post",
                data=assign,
                content_type="application/json",
                allowed=[city.ward_staff],
                outsiders=[city.outsider, city.city_staff, city.member_user],
            ),
            # lists of what each caller sees; an organization filter out of scope is 404
            "list_grading_members": Case(
                "/api/v1/grading/2026/members",
                data={"organization": city.ward_a.pk},
                allowed=[city.ward_staff, city.city_staff],
                outsiders=[city.outsider, city.secretary_user, city.member_user],
            ),
            "list_grading_cells": Case(
                "/api/v1/grading/2026/cells",
                data={"organization": city.cell_a1.pk},
                allowed=readers,
                outsiders=[city.outsider],
            ),
            "my_commitments": Case(
                "/api/v1/me/commitments", allowed=[city.member_user, city.city_staff]
            ),
            "report_summary": Case(
                "/api/v1/reports/summary",
                data={"organization": city.ward_a.pk, "period": "2026-Q3"},
                allowed=[city.ward_staff, city.city_staff],
                # a cell's secretary and a plain member report on no ward
                outsiders=[city.outsider, city.secretary_user, city.member_user],
            ),
            # a cell's dues month: its secretary and the staff above, not its members
            "dues_cell_month": Case(
                f"/api/v1/dues/cells/{city.cell_a1.pk}/2026/3",
                allowed=[city.secretary_user, city.ward_staff, city.city_staff],
                outsiders=[city.outsider, city.member_user],
            ),
            # a member's dues year: also the member themselves
            "dues_member_year": Case(
                f"/api/v1/dues/members/{own}/2026",
                allowed=[city.secretary_user, city.member_user, city.ward_staff],
                outsiders=[city.outsider],
            ),
            "openapi-json": Case("/api/v1/openapi.json", public=True),
            "openapi-view": Case("/api/v1/docs", public=True),
            # ninja's root path only exists for namespacing and answers 404
            "api-root": Case("/api/v1/", public=True, ok_status=(404,)),
        },
        api=True,
    )


def test_token_flow_and_bad_password(client, city):
    token = token_for(client, "secretary")
    me = client.get("/api/v1/me", headers=bearer(token)).json()
    assert me["username"] == "secretary"
    assert me["scopes"][0]["role"] == "secretary"
    bad = client.post(
        "/api/v1/auth/token",
        {"username": "secretary", "password": "sai"},
        content_type="application/json",
    )
    assert bad.status_code == 401
    assert bad.json()["detail"] == "Tên đăng nhập hoặc mật khẩu không đúng."
    wrong = client.get("/api/v1/me", headers=bearer("not-a-token"))
    assert wrong.status_code == 401 and "detail" in wrong.json()


def test_secretary_sees_only_own_cell_members(client, city):
    token = token_for(client, "secretary")
    page = client.get("/api/v1/members", headers=bearer(token)).json()
    assert page["count"] == 2
    assert [m["full_name"] for m in page["items"]] == ["Trần Văn Bảo", "Nguyễn Thị Thu"]
    other = client.get(f"/api/v1/members/{city.other_member.pk}", headers=bearer(token))
    assert other.status_code == 404
    assert other.json()["detail"].startswith("Không tìm thấy")
    own = client.get(f"/api/v1/members/{city.member.pk}", headers=bearer(token)).json()
    assert own["organization"] == {"id": city.cell_a1.pk, "name": "Chi bộ khu phố A1"}


def test_organizations_tree_for_ward(client, city):
    client.force_login(city.ward_staff)
    top = client.get("/api/v1/organizations").json()
    assert top["count"] == 1
    (ward,) = top["items"]
    assert ward["name"] == "Đảng bộ phường A" and ward["parent"] is None
    assert ward["member_count"] == 3 and ward["cell_count"] == 2
    assert ward["has_children"] and not ward["is_cell"]
    level = client.get("/api/v1/organizations", {"parent": ward["id"]}).json()
    assert [n["name"] for n in level["items"]] == ["Chi bộ khu phố A1", "Chi bộ khu phố A2"]
    cell = level["items"][0]
    assert cell["parent"] == ward["id"] and cell["is_cell"] and cell["member_count"] == 2
    assert not cell["has_children"]
    assert set(cell) >= {"id", "name", "level", "kind", "parent", "is_cell", "member_count"}
    paged = client.get("/api/v1/organizations", {"parent": ward["id"], "page": 2, "page_size": 1})
    assert paged.json()["count"] == 2
    assert [n["name"] for n in paged.json()["items"]] == ["Chi bộ khu phố A2"]
    # a parent outside the scope is not found, like any object outside it
    outside = client.get("/api/v1/organizations", {"parent": city.ward_b.pk})
    assert outside.status_code == 404


def test_organizations_levels_query_count_is_fixed(client, city, django_assert_num_queries):
    client.force_login(city.city_staff)
    client.get("/api/v1/organizations")
    # session, user, scopes, own member record; the parent (gate), the level's page, its
    # cells and children, its members, the count
    with django_assert_num_queries(9):
        client.get("/api/v1/organizations", {"parent": city.root.pk})


def test_member_filters(client, city):
    client.force_login(city.city_staff)
    found = client.get("/api/v1/members", {"q": "pham van dong"}).json()
    assert [m["full_name"] for m in found["items"]] == ["Phạm Văn Đông"]
    ward = client.get("/api/v1/members", {"organization": city.ward_a.pk}).json()
    assert ward["count"] == 3
    MemberFactory(organization=city.cell_c1, status="exempt", exempt_reason="Tuổi cao")
    exempt = client.get("/api/v1/members", {"status": "exempt"}).json()
    assert exempt["count"] == 1
    paged = client.get("/api/v1/members", {"page_size": 2, "page": 3}).json()
    assert paged["count"] == 6 and len(paged["items"]) == 2


@pytest.mark.parametrize(
    "params",
    [
        {"page": 0},
        {"page": "abc"},
        {"page_size": 10000},
        {"status": "boss"},
        {"organization": "x"},
    ],
)
def test_bad_input_answers_4xx_in_vietnamese(client, city, params):
    client.force_login(city.city_staff)
    response = client.get("/api/v1/members", params)
    assert 400 <= response.status_code < 500
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail


def test_bad_json_body(client, city):
    response = client.post("/api/v1/auth/token", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Không đọc được dữ liệu gửi lên; cần JSON hợp lệ."


def test_member_list_api_query_count_is_fixed(client, city):
    token = token_for(client, "city")
    client.get("/api/v1/members", headers=bearer(token))
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/members", headers=bearer(token))
    MemberFactory.create_batch(60, organization=city.cell_b1)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/members", headers=bearer(token))
    assert len(response.json()["items"]) == 50
    # token+user, scopes, own member record, count, page
    assert len(few) == len(many) == 5, [q["sql"] for q in many.captured_queries]


def test_huge_page_number_answers_422_not_500(client, city):
    client.force_login(city.city_staff)
    response = client.get("/api/v1/members", {"page": 99999999999999999999})
    assert response.status_code == 422
    assert "Số trang" in response.json()["detail"] or "page" in response.json()["detail"]
