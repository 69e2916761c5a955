"""The supervision API: /api/v1/me/assignments, /api/v1/visits, /api/v1/concerns and the
actions on one concern.

Access for every URL (anonymous 401, outsider 404) is also in chibo/api/tests/test_api.py."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chibo.api.tests.test_api import bearer, token_for
from chibo.core.testing.factories import MemberFactory, UserFactory, grant
from chibo.meetings import services as meeting_services
from chibo.meetings.models import MeetingKind
from chibo.supervision import services
from chibo.supervision.models import (
    ActionKind,
    AssignmentKind,
    Concern,
    ConcernSource,
    VisitReport,
)

pytestmark = pytest.mark.clock  # dates counted from today: run at fixed dates too

MEMBER_NAME = "Trần Văn Bảo"  # city.member, who raised the concern at the meeting


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, path, body):
    return client.post(path, body, content_type="application/json")


def today() -> dt.date:
    return timezone.localdate()


def days_from_today(days: int, hour: int = 8) -> dt.datetime:
    day = today() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def new_meeting(city, cell, days, kind=MeetingKind.REGULAR):
    return meeting_services.meeting_create(
        actor=city.admin,
        cell=cell,
        kind=kind,
        scheduled_at=days_from_today(days),
        topic="Chuyển đổi số" if kind == MeetingKind.THEMATIC else "",
    )


def follow(city, official, cell, first: int, last: int):
    """The ward (or the city, for cell C1) assigns the official to follow the cell from
    `first` to `last` days from today."""
    committee = city.ward_a if cell.path.startswith(city.ward_a.path) else city.root
    return services.assignments_create(
        actor=city.admin,
        committee=committee,
        official=official,
        cells=[cell],
        starts_on=today() + dt.timedelta(days=first),
        ends_on=today() + dt.timedelta(days=last),
    )[0]


def concern_body(city, **extra):
    return {
        "category": "infrastructure",
        "kind": "proposal",
        "text": "Đường ngõ 5 ngập khi mưa lớn",
        "member": city.member.pk,
        "member_hidden": True,
        **extra,
    }


def visit_body(held, **extra):
    return {
        "meeting": held.pk,
        "attended": True,
        "band_seen": "Khá",
        "remarks": "Chi bộ sinh hoạt nền nếp.",
        "concerns": [],
        **extra,
    }


@pytest.fixture
def official(city):
    """A ward committee member with no scope of their own in the system: what they may
    do comes only from their assignments."""
    return UserFactory(username="kiem", first_name="Nguyễn Văn", last_name="Kiểm")


@pytest.fixture
def held(city):
    """A regular meeting of cell A1 held three days ago."""
    return new_meeting(city, city.cell_a1, -3)


@pytest.fixture
def concern(city, official, held):
    """Raised by the assigned official at the meeting; the member's name hidden."""
    follow(city, official, city.cell_a1, -30, 60)
    response = post(
        logged_in(official), "/api/v1/visits", visit_body(held, concerns=[concern_body(city)])
    )
    assert response.status_code == 201, response.content
    return Concern.objects.get(pk=response.json()["concerns"][0]["id"])


def listed(user, **params):
    response = logged_in(user).get("/api/v1/concerns", params)
    assert response.status_code == 200, response.content
    return {item["id"]: item for item in response.json()["items"]}


def act(user, concern, **body):
    return post(logged_in(user), f"/api/v1/concerns/{concern.pk}/actions", body)


# --- access -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/me/assignments"),
        ("post", "/api/v1/visits"),
        ("get", "/api/v1/concerns"),
        ("post", "/api/v1/concerns/1/actions"),
    ],
)
def test_anonymous_gets_401(db, method, path):
    client = Client()
    if method == "get":
        response = client.get(path)
    else:
        response = post(client, path, {"meeting": 1, "attended": True, "action": "close"})
    assert response.status_code == 401
    assert response.json()["detail"] == "Chưa đăng nhập hoặc mã truy cập không hợp lệ."


def test_concern_seen_only_along_its_route_and_by_the_raising_cell(city, concern):
    secretary, ward, top, outsider = (
        city.secretary_user,
        city.ward_staff,
        city.city_staff,
        city.outsider,
    )
    # At the ward: the cell that raised it and the ward see it; the city and others not.
    assert concern.pk in listed(secretary) and concern.pk in listed(ward)
    assert concern.pk not in listed(top) and concern.pk not in listed(outsider)
    refused = act(secretary, concern, action="answer", text="Chi bộ tự trả lời")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Đồng chí không thuộc cấp ủy đang xử lý kiến nghị này."
    for stranger in (top, outsider, city.member_user):
        response = act(stranger, concern, action="answer", text="Trả lời")
        assert response.status_code == 404, stranger.username
        assert response.json()["detail"] == "Không tìm thấy hoặc bạn không có quyền xem."

    escalated = act(ward, concern, action="escalate", text="Vượt thẩm quyền của phường")
    assert escalated.status_code == 200, escalated.content
    assert escalated.json()["responsible"] == {"id": city.root.pk, "name": city.root.name}

    # Escalated: the city sees it and acts; the ward still sees it but no longer acts.
    assert concern.pk in listed(top) and concern.pk in listed(ward)
    assert concern.pk in listed(secretary) and concern.pk not in listed(outsider)
    assert act(ward, concern, action="answer", text="Phường trả lời").status_code == 403
    assert act(outsider, concern, action="answer", text="Trả lời").status_code == 404
    answered = act(top, concern, action="answer", text="Thành phố đưa vào kế hoạch quý III.")
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    concern.refresh_from_db()
    assert concern.answer == "Thành phố đưa vào kế hoạch quý III."


def test_hidden_member_name_never_reaches_the_cell(city, concern):
    assert listed(city.secretary_user)[concern.pk]["member"] is None
    assert listed(city.ward_staff)[concern.pk]["member"] == MEMBER_NAME
    # the ward's answer (for the ward, with the history) names the member too
    assigned = act(city.ward_staff, concern, action="assign", assignee=city.ward_staff.pk)
    assert assigned.json()["member"] == MEMBER_NAME
    act(city.ward_staff, concern, action="escalate", text="Vượt thẩm quyền")
    assert listed(city.city_staff)[concern.pk]["member"] == MEMBER_NAME
    assert listed(city.secretary_user)[concern.pk]["member"] is None
    # not hidden: the cell sees the name
    Concern.objects.filter(pk=concern.pk).update(member_hidden=False)
    assert listed(city.secretary_user)[concern.pk]["member"] == MEMBER_NAME


# --- the visit report -------------------------------------------------------------------


def test_visit_by_an_assigned_official_routes_the_concern_to_the_ward(city, official, held):
    assignment = follow(city, official, city.cell_a1, -30, 60)
    client = logged_in(official)
    response = post(client, "/api/v1/visits", visit_body(held, concerns=[concern_body(city)]))
    assert response.status_code == 201, response.content
    body = response.json()
    report = VisitReport.objects.get(pk=body["id"])
    assert (report.official, report.meeting, report.assignment) == (official, held, assignment)
    assert (report.attended, report.band_seen) == (True, "Khá")
    concern = report.concerns.get()
    assert body["concerns"] == [
        {
            "id": concern.pk,
            "status": "open",
            "responsible": {"id": city.ward_a.pk, "name": "Đảng bộ phường A"},
            "deadline": (today() + dt.timedelta(days=-3 + 15)).isoformat(),
        }
    ]
    assert concern.cell == city.cell_a1 and concern.member == city.member
    assert concern.member_hidden and concern.source == ConcernSource.OFFICIAL
    assert concern.raised_on == today() - dt.timedelta(days=3)  # the meeting's day
    assert list(concern.actions.values_list("kind", "organization")) == [
        (ActionKind.RECEIVE, city.ward_a.pk)
    ]
    # the official who raised it follows it, without acting on it
    assert concern.pk in listed(official)
    assert act(official, concern, action="answer", text="Tự trả lời").status_code == 403
    # one report per meeting
    again = post(client, "/api/v1/visits", visit_body(held))
    assert again.status_code == 400
    assert again.json()["detail"] == "Đồng chí đã gửi báo cáo cho buổi sinh hoạt này."


def test_visit_by_an_official_assigned_to_attend_one_meeting(city, official):
    thematic = new_meeting(city, city.cell_c1, -1, MeetingKind.THEMATIC)
    [attend] = services.assignments_create(
        actor=city.city_staff,
        committee=city.root,
        official=official,
        cells=[city.cell_c1],
        kind=AssignmentKind.ATTEND,
        meeting=thematic,
        starts_on=today() - dt.timedelta(days=1),
        ends_on=today() - dt.timedelta(days=1),
    )
    response = post(
        logged_in(official), "/api/v1/visits", visit_body(thematic, attended=False, band_seen="")
    )
    assert response.status_code == 201, response.content
    assert response.json()["concerns"] == []
    report = VisitReport.objects.get(pk=response.json()["id"])
    assert report.assignment == attend and not report.attended
    # another meeting of the same cell: not assigned
    other = new_meeting(city, city.cell_c1, -2)
    assert post(logged_in(official), "/api/v1/visits", visit_body(other)).status_code == 404


def test_visit_by_staff_above_the_cell_needs_no_assignment(city, held):
    response = post(logged_in(city.city_staff), "/api/v1/visits", visit_body(held))
    assert response.status_code == 201, response.content
    assert VisitReport.objects.get(pk=response.json()["id"]).assignment is None


def test_visit_by_someone_not_assigned_is_404(city, official, held):
    ward_b_staff = UserFactory(username="phuong-b")
    grant(ward_b_staff, city.ward_b)
    follow(city, official, city.cell_a1, -60, -10)  # ended before the meeting
    follow(city, official, city.cell_a2, -30, 60)  # another cell
    for user in (official, city.secretary_user, city.member_user, city.outsider, ward_b_staff):
        response = post(logged_in(user), "/api/v1/visits", visit_body(held))
        assert response.status_code == 404, user.username
        assert response.json()["detail"] == "Không tìm thấy hoặc bạn không có quyền xem."
    unknown = post(logged_in(city.city_staff), "/api/v1/visits", {"meeting": 10**20, "attended": 1})
    assert unknown.status_code == 404
    assert not VisitReport.objects.exists()


@pytest.mark.parametrize(
    ("change", "status", "detail"),
    [
        (
            {"concerns": [{"category": "roads", "text": "Đường hỏng"}]},
            422,
            "Trường concerns.0.category không hợp lệ; dùng living, policy, land, "
            "infrastructure, security, party_work hoặc other.",
        ),
        (
            {"concerns": [{"category": "land", "kind": "complaint", "text": "Tranh chấp"}]},
            422,
            "Trường concerns.0.kind không hợp lệ; dùng aspiration, difficulty hoặc proposal.",
        ),
        ({"concerns": [{"category": "land"}]}, 422, "Thiếu trường concerns.0.text."),
        ({"concerns": [{"category": "land", "text": "  "}]}, 400, "Cần ghi nội dung."),
        (
            {"concerns": [{"category": "land", "text": "Đất", "member": 10**20}]},
            422,
            "Giá trị của trường concerns.0.member không hợp lệ.",
        ),
        ({"band_seen": "Xuất sắc"}, 400, "Xếp loại phải là Tốt, Khá, Trung bình hoặc Kém."),
        (
            {"attended": False, "concerns": [{"category": "land", "text": "Đất"}]},
            400,
            "Không dự thì không ghi kiến nghị tại buổi sinh hoạt.",
        ),
        ({"attended": None}, 422, "Giá trị của trường attended không hợp lệ."),
        ({"meeting": "abc"}, 422, "Trường meeting phải là số."),
    ],
)
def test_bad_visit_reports_are_refused_in_vietnamese(city, official, held, change, status, detail):
    follow(city, official, city.cell_a1, -30, 60)
    response = post(logged_in(official), "/api/v1/visits", visit_body(held, **change))
    assert response.status_code == status, response.content
    assert response.json()["detail"] == detail
    assert not VisitReport.objects.exists() and not Concern.objects.exists()  # all or nothing


def test_a_member_of_another_cell_is_refused_naming_the_row(city, official, held):
    follow(city, official, city.cell_a1, -30, 60)
    concerns = [concern_body(city), concern_body(city, member=city.other_member.pk)]
    response = post(logged_in(official), "/api/v1/visits", visit_body(held, concerns=concerns))
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Đảng viên ở concerns.1.member không thuộc Chi bộ khu phố A1."
    )
    assert not Concern.objects.exists()
    not_json = logged_in(official).post(
        "/api/v1/visits", "{meeting", content_type="application/json"
    )
    assert not_json.status_code == 400
    assert not_json.json()["detail"] == "Không đọc được dữ liệu gửi lên; cần JSON hợp lệ."


# --- actions ----------------------------------------------------------------------------


def test_assign_escalate_answer_close_with_history(city, concern):
    colleague = UserFactory(username="ban-dan-van", first_name="Lê Thị", last_name="Hồng")
    grant(colleague, city.ward_a)
    ward = city.ward_staff

    assigned = act(ward, concern, action="assign", assignee=colleague.pk, text="Đồng chí Hồng")
    assert assigned.status_code == 200, assigned.content
    body = assigned.json()
    assert body["status"] == "assigned"
    assert body["assignee"] == {"id": colleague.pk, "name": "Lê Thị Hồng"}

    escalated = act(colleague, concern, action="escalate", text="Cần kinh phí của thành phố")
    assert escalated.status_code == 200, escalated.content
    body = escalated.json()
    assert body["status"] == "open" and body["assignee"] is None
    assert body["deadline"] == (today() + dt.timedelta(days=15)).isoformat()

    answered = act(city.city_staff, concern, action="answer", text="Đưa vào kế hoạch quý III.")
    body = answered.json()
    assert answered.status_code == 200, answered.content
    assert (body["status"], body["answer"], body["answered_on"]) == (
        "answered",
        "Đưa vào kế hoạch quý III.",
        today().isoformat(),
    )
    again = act(city.city_staff, concern, action="answer", text="Trả lời lần hai")
    assert again.status_code == 409  # a conflict with the concern's state, not bad input
    assert again.json()["detail"] == "Kiến nghị đã được trả lời hoặc đã đóng."

    closed = act(city.city_staff, concern, action="close", text="Đã thông báo tới chi bộ")
    assert closed.status_code == 200, closed.content
    body = closed.json()
    assert body["status"] == "closed" and body["overdue"] is False
    assert body["cell"] == {"id": city.cell_a1.pk, "name": "Chi bộ khu phố A1"}
    ward_ref = {"id": city.ward_a.pk, "name": "Đảng bộ phường A"}
    city_ref = {"id": city.root.pk, "name": city.root.name}
    history = [(h["kind"], h["organization"], h["actor"], h["note"]) for h in body["history"]]
    assert history == [
        ("receive", ward_ref, "Nguyễn Văn Kiểm", ""),
        ("assign", ward_ref, str(ward.get_full_name() or ward.username), "Đồng chí Hồng"),
        ("escalate", city_ref, "Lê Thị Hồng", "Cần kinh phí của thành phố"),
        ("answer", city_ref, city.city_staff.get_full_name(), "Đưa vào kế hoạch quý III."),
        ("close", city_ref, city.city_staff.get_full_name(), "Đã thông báo tới chi bộ"),
    ]
    assert all(h["created_at"] for h in body["history"])


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        (
            {"action": "delete", "text": "Xóa"},
            422,
            "Thao tác không hợp lệ; dùng answer, assign, escalate hoặc close.",
        ),
        ({"text": "Trả lời"}, 422, "Thiếu trường action."),
        ({"action": "answer"}, 400, "Cần ghi nội dung trả lời."),
        ({"action": "escalate", "text": "  "}, 400, "Cần ghi lý do chuyển cấp trên."),
        ({"action": "close"}, 400, "Cần ghi kết quả hoặc lý do đóng."),
        ({"action": "assign"}, 422, "Thiếu trường assignee (người được giao xử lý)."),
        (
            {"action": "assign", "assignee": "secretary"},
            400,
            "Người được giao (assignee) phải là cán bộ của Đảng bộ phường A.",
        ),
        (
            {"action": "assign", "assignee": 10**20},
            422,
            "Giá trị của trường assignee không hợp lệ.",
        ),
    ],
)
def test_bad_actions_are_refused_in_vietnamese(city, concern, body, status, detail):
    if body.get("assignee") == "secretary":  # a user, but not the ward's staff
        body = {**body, "assignee": city.secretary_user.pk}
    response = act(city.ward_staff, concern, **body)
    assert response.status_code == status, response.content
    assert response.json()["detail"] == detail
    concern.refresh_from_db()
    assert concern.status == "open" and concern.actions.count() == 1  # unchanged


def test_malformed_concern_id_or_body(city, concern):
    client = logged_in(city.ward_staff)
    assert post(client, "/api/v1/concerns/999999/actions", {"action": "close"}).status_code == 404
    big = post(client, f"/api/v1/concerns/{10**20}/actions", {"action": "close"})
    assert big.status_code == 404
    bad = post(client, "/api/v1/concerns/abc/actions", {"action": "close"})
    assert bad.status_code == 422 and bad.json()["detail"] == "Trường concern_id phải là số."
    not_json = client.post(
        f"/api/v1/concerns/{concern.pk}/actions", "{action", content_type="application/json"
    )
    assert not_json.status_code == 400


# --- the list ---------------------------------------------------------------------------


def raise_concern(city, cell, *, days_ago: int, category="living", **extra):
    return services.concern_raise(
        actor=city.secretary_user if cell == city.cell_a1 else city.admin,
        cell=cell,
        category=category,
        text=f"Kiến nghị {category} {days_ago}",
        source=ConcernSource.SECRETARY,
        raised_on=today() - dt.timedelta(days=days_ago),
        **extra,
    )


def test_list_items_filters_and_pages(city, concern):
    late = raise_concern(city, city.cell_a2, days_ago=40, category="land")  # deadline passed
    recent = raise_concern(city, city.cell_a1, days_ago=1, category="policy")
    services.concern_answer(actor=city.ward_staff, concern=recent, answer="Đã giải quyết.")
    raise_concern(city, city.cell_b1, days_ago=2)  # ward B's: not the ward A staff's
    items = listed(city.ward_staff)
    assert list(items) == [recent.pk, concern.pk, late.pk]  # newest first
    assert items[late.pk] == {
        "id": late.pk,
        "cell": {"id": city.cell_a2.pk, "name": "Chi bộ khu phố A2"},
        "category": "land",
        "kind": "proposal",
        "text": "Kiến nghị land 40",
        "status": "open",
        "responsible": {"id": city.ward_a.pk, "name": "Đảng bộ phường A"},
        "assignee": None,
        "raised_on": (today() - dt.timedelta(days=40)).isoformat(),
        "deadline": (today() - dt.timedelta(days=25)).isoformat(),
        "overdue": True,
        "answer": "",
        "answered_on": None,
        "member": None,
    }
    assert items[concern.pk]["overdue"] is False and items[recent.pk]["answer"] == "Đã giải quyết."

    def ids(**params):
        return list(listed(city.ward_staff, **params))

    assert ids(overdue="true") == [late.pk]
    assert ids(overdue="false") == [recent.pk, concern.pk]
    assert ids(status="answered") == [recent.pk]
    assert ids(category="infrastructure") == [concern.pk]
    assert ids(organization=city.cell_a2.pk) == [late.pk]
    assert ids(organization=city.ward_a.pk) == [recent.pk, concern.pk, late.pk]
    page = logged_in(city.ward_staff).get("/api/v1/concerns", {"page": 2, "page_size": 2}).json()
    assert page["count"] == 3 and [i["id"] for i in page["items"]] == [late.pk]
    # the secretary of A1: only the cell's own
    assert list(listed(city.secretary_user)) == [recent.pk, concern.pk]


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"status": "late"}, "Trạng thái không hợp lệ; dùng open, assigned, answered hoặc closed."),
        ({"category": "roads"}, "Lĩnh vực không hợp lệ; dùng living, policy, land, "),
        ({"overdue": "maybe"}, "Giá trị của trường overdue không hợp lệ."),
        ({"organization": "x"}, "Trường organization phải là số."),
        ({"organization": 10**20}, "Giá trị của trường organization không hợp lệ."),
        ({"page": 0}, "Số trang phải từ 1 đến 1000000."),
        ({"page_size": 1000}, "page_size phải từ 1 đến 200."),
    ],
)
def test_bad_list_filters_answer_422_in_vietnamese(city, params, detail):
    response = logged_in(city.city_staff).get("/api/v1/concerns", params)
    assert response.status_code == 422, response.content
    assert response.json()["detail"].startswith(detail)


def test_concern_list_query_count_is_fixed(client, city, concern):
    token = token_for(client, "ward")
    client.get("/api/v1/concerns", headers=bearer(token))  # touches the token once
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/concerns", headers=bearer(token))
    colleague = UserFactory(username="ban-dan-van")
    grant(colleague, city.ward_a)
    for days_ago in range(1, 13):
        member = MemberFactory(organization=city.cell_a2)
        raised = raise_concern(
            city, city.cell_a2, days_ago=days_ago, member=member, member_hidden=days_ago % 2 == 0
        )
        if days_ago % 3 == 0:
            services.concern_assign(actor=city.ward_staff, concern=raised, assignee=colleague)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/concerns", headers=bearer(token))
    assert response.json()["count"] == 13
    # token+user, scopes, own member record, the page (with cell, responsible, member and
    # assignee), the route of the page's hidden-name concerns, count
    assert len(few) == len(many) == 6, [q["sql"] for q in many.captured_queries]


# --- my assignments ---------------------------------------------------------------------


def test_my_assignments_and_the_meetings_to_attend(city, official, held):
    # A1's next regular meeting is next month's (held, three days ago, may be this
    # month's): on the 3rd, 3 to 34 days ahead, inside the 45 days listed.
    third = (today().replace(day=1) + dt.timedelta(days=32)).replace(day=3)
    soon = (third - today()).days
    follows_a1 = follow(city, official, city.cell_a1, -30, 60)
    follow(city, official, city.cell_a2, -100, -1)  # ended yesterday
    thematic_c1 = new_meeting(city, city.cell_c1, soon + 10, MeetingKind.THEMATIC)
    [attend] = services.assignments_create(
        actor=city.city_staff,
        committee=city.root,
        official=official,
        cells=[city.cell_c1],
        kind=AssignmentKind.ATTEND,
        meeting=thematic_c1,
        starts_on=today() + dt.timedelta(days=soon + 10),
        ends_on=today() + dt.timedelta(days=soon + 10),
    )
    next_a1 = new_meeting(city, city.cell_a1, soon)
    new_meeting(city, city.cell_a1, soon - 2, MeetingKind.COMMITTEE)  # the chi ủy's own
    new_meeting(city, city.cell_a2, 5)  # no longer followed
    new_meeting(city, city.cell_c1, soon + 5)  # C1: only the one meeting assigned
    services.visit_report(actor=official, meeting=held, attended=True)

    response = logged_in(official).get("/api/v1/me/assignments")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["assignments"] == [
        {
            "id": follows_a1.pk,
            "kind": "follow",
            "cell": {"id": city.cell_a1.pk, "name": "Chi bộ khu phố A1"},
            "committee": {"id": city.ward_a.pk, "name": "Đảng bộ phường A"},
            "meeting": None,
            "starts_on": (today() - dt.timedelta(days=30)).isoformat(),
            "ends_on": (today() + dt.timedelta(days=60)).isoformat(),
        },
        {
            "id": attend.pk,
            "kind": "attend",
            "cell": {"id": city.cell_c1.pk, "name": "Chi bộ Trường THPT C1"},
            "committee": {"id": city.root.pk, "name": city.root.name},
            "meeting": thematic_c1.pk,
            "starts_on": (today() + dt.timedelta(days=soon + 10)).isoformat(),
            "ends_on": (today() + dt.timedelta(days=soon + 10)).isoformat(),
        },
    ]
    upcoming = [(m["id"], m["kind"], m["reported"]) for m in body["upcoming"]]
    assert upcoming == [
        (held.pk, "regular", True),  # reported already
        (next_a1.pk, "regular", False),
        (thematic_c1.pk, "thematic", False),
    ]
    first = body["upcoming"][1]
    assert first["cell"] == {"id": city.cell_a1.pk, "name": "Chi bộ khu phố A1"}
    assert dt.datetime.fromisoformat(first["scheduled_at"]) == next_a1.scheduled_at
    # anyone else: nothing assigned
    empty = logged_in(city.member_user).get("/api/v1/me/assignments").json()
    assert empty == {"assignments": [], "upcoming": []}
