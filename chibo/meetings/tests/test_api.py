"""The meetings API: /api/v1/meetings…, the phone check-in and /api/v1/me/tasks.

Access for every URL (anonymous 401, outsider 404) is in chibo/api/tests/test_api.py."""

import datetime as dt
import io
import zipfile

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chibo.api.tests.test_api import bearer, token_for
from chibo.core.testing.factories import MemberFactory
from chibo.documents import renderers
from chibo.meetings import services
from chibo.meetings.models import Attendance, MeetingKind, MinutesVersion

from .conftest import at, record_full_meeting

ABSENT = {
    "Kim Thị Lụa": ("excused", "Đi công tác"),
    "Mạc Văn Nam": ("unexcused", ""),
    "Tạ Văn Phúc": ("excused", "Ốm"),
}
SCORES = {
    "preparation": 9,
    "conduct": 28,
    "chairing": 9,
    "principles": 5,
    "results": 30,
    "closing": 5,
}


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def put_attendance(client, meeting, entries):
    return client.put(
        f"/api/v1/meetings/{meeting.pk}/attendance",
        {"entries": entries},
        content_type="application/json",
    )


def new_meeting(city, cell, when, kind=MeetingKind.REGULAR, topic=""):
    return services.meeting_create(
        actor=city.admin, cell=cell, kind=kind, scheduled_at=when, topic=topic
    )


def ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def adopt(city, meeting, **kwargs):
    record_full_meeting(city, meeting, **kwargs)
    services.score_record(actor=city.secretary_user, meeting=meeting, items=SCORES)
    return services.meeting_adopt(actor=city.secretary_user, meeting=meeting)


def test_each_user_sees_the_meetings_of_their_scope(cell, meeting):
    a2 = new_meeting(cell, cell.cell_a2, at(2026, 3, 3))
    b1 = new_meeting(cell, cell.cell_b1, at(2026, 3, 3))

    secretary = logged_in(cell.secretary_user)
    assert ids(secretary.get("/api/v1/meetings")) == {meeting.pk}
    assert secretary.get(f"/api/v1/meetings/{b1.pk}").status_code == 404
    assert secretary.get(f"/api/v1/meetings/{a2.pk}").json()["detail"].startswith("Không tìm")

    member = logged_in(cell.member_user)
    assert ids(member.get("/api/v1/meetings")) == {meeting.pk}
    detail = member.get(f"/api/v1/meetings/{meeting.pk}")
    assert detail.status_code == 200 and detail.json()["status"] == "planned"
    entries = [{"member": cell.member.pk, "presence": "present"}]
    refused = put_attendance(member, meeting, entries)
    assert refused.status_code == 404 and refused.json()["detail"]
    assert not Attendance.objects.filter(meeting=meeting).exists()

    ward = logged_in(cell.ward_staff)
    assert ids(ward.get("/api/v1/meetings")) == {meeting.pk, a2.pk}
    assert ward.get(f"/api/v1/meetings/{b1.pk}").status_code == 404
    assert put_attendance(ward, meeting, entries).status_code == 200

    assert ids(logged_in(cell.outsider).get("/api/v1/meetings")) == {b1.pk}
    anonymous = Client().get("/api/v1/meetings")
    assert anonymous.status_code == 401 and anonymous.json()["detail"]


def test_list_items_and_filters(cell, meeting):
    april = new_meeting(cell, cell.cell_a1, at(2026, 4, 3, 19, 30))
    thematic = new_meeting(
        cell, cell.cell_a1, at(2026, 4, 20), MeetingKind.THEMATIC, topic="Chuyển đổi số"
    )
    a2 = new_meeting(cell, cell.cell_a2, at(2026, 3, 3))
    b1 = new_meeting(cell, cell.cell_b1, at(2026, 5, 3))
    services.meeting_cancel(actor=cell.admin, meeting=a2, reason="Mưa bão")
    adopt(cell, meeting, absent=ABSENT)

    client = logged_in(cell.city_staff)
    page = client.get("/api/v1/meetings").json()
    assert page["count"] == 5
    assert [m["id"] for m in page["items"]] == [b1.pk, thematic.pk, april.pk, meeting.pk, a2.pk]
    by_id = {m["id"]: m for m in page["items"]}
    march = by_id[meeting.pk]
    assert march["organization"] == {"id": cell.cell_a1.pk, "name": "Chi bộ khu phố A1"}
    assert (march["kind"], march["status"], march["period"]) == ("regular", "adopted", "2026-03")
    assert march["place"] == "Nhà văn hóa khu phố A1"
    assert (march["present"], march["total"], march["band"]) == (5, 8, "Tốt")
    assert march["scheduled_at"].startswith("2026-03-03T01:00:00")  # 08:00 in Hà Nội, UTC
    assert by_id[thematic.pk]["topic"] == "Chuyển đổi số"
    assert (by_id[april.pk]["present"], by_id[april.pk]["total"]) == (0, 0)
    assert by_id[april.pk]["band"] is None

    def found(**params):
        return ids(client.get("/api/v1/meetings", params))

    assert found(kind="thematic") == {thematic.pk}
    assert found(kind="regular", organization=cell.cell_a1.pk) == {meeting.pk, april.pk}
    assert found(status="adopted") == {meeting.pk}
    assert found(status="cancelled") == {a2.pk}
    assert found(date_from="2026-04-01", date_to="2026-04-30") == {april.pk, thematic.pk}
    assert found(date_from="2026-04-20") == {thematic.pk, b1.pk}
    assert found(date_to="2026-03-03") == {meeting.pk, a2.pk}
    assert found(organization=cell.ward_a.pk) == {meeting.pk, april.pk, thematic.pk, a2.pk}
    assert found(organization=cell.ward_b.pk) == {b1.pk}
    # an organization outside the caller's scope finds nothing (not an error, not a leak)
    assert (
        ids(
            logged_in(cell.secretary_user).get("/api/v1/meetings", {"organization": cell.ward_b.pk})
        )
        == set()
    )
    paged = client.get("/api/v1/meetings", {"page": 2, "page_size": 2}).json()
    assert paged["count"] == 5 and [m["id"] for m in paged["items"]] == [april.pk, meeting.pk]


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "party"},
        {"status": "done"},
        {"date_from": "03/03/2026"},
        {"date_to": "2026-02-30"},
        {"date_from": "2026-04-01", "date_to": "2026-03-01"},
        {"organization": "A1"},
        {"page": 0},
        {"page": 10**20},
        {"page_size": 1000},
    ],
)
def test_bad_filters_answer_422_in_vietnamese(cell, params):
    response = logged_in(cell.city_staff).get("/api/v1/meetings", params)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert isinstance(detail, str) and not detail.isascii()  # Vietnamese, not pydantic's English


def test_bad_date_names_the_field(cell):
    response = logged_in(cell.city_staff).get("/api/v1/meetings", {"date_from": "hôm qua"})
    assert response.json()["detail"] == "Trường date_from phải là ngày hợp lệ."


def test_detail_of_recorded_and_adopted_minutes(cell, meeting):
    record_full_meeting(cell, meeting, absent=ABSENT)
    services.task_assign(
        actor=cell.secretary_user,
        meeting=meeting,
        assignee=cell.member,
        title="Vận động hộ gia đình phân loại rác",
        deadline=dt.date(2026, 3, 31),
    )
    services.score_record(actor=cell.secretary_user, meeting=meeting, items=SCORES)
    client = logged_in(cell.member_user)

    draft = client.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert draft["status"] == "held" and draft["versions"] == [] and draft["adopted_at"] is None
    assert draft["counts"] == {
        "total": 8,
        "full": 6,
        "probationary": 1,
        "exempt": 1,
        "present": 5,
        "excused": 2,
        "unexcused": 1,
        "attendance_rate": 71.4,  # 5 of the 7 who must attend (the exempt member is ill)
    }
    absentees = {a["name"]: a for a in draft["absentees"]}
    assert absentees["Kim Thị Lụa"]["reason"] == "Đi công tác"
    assert absentees["Mạc Văn Nam"]["presence_label"] == "Vắng không lý do"
    assert absentees["Tạ Văn Phúc"]["member_status"] == "exempt"
    assert "Trần Văn Bảo" in draft["present"]
    # the vote: all full members present voted for; 6 full members count, 4 are here;
    # judged by more than half of them (the rule it names: 4 votes needed)
    rule = draft["vote"].pop("rule")
    assert (rule["kind"], rule["fraction"], rule["at_least"], rule["needed"]) == (
        "resolution", [1, 2], False, 4)
    assert draft["not_counted"] is None
    assert draft["vote"] == {
        "eligible": 6,
        "for": 4,
        "against": 0,
        "abstain": 0,
        "passed": True,
        "percent_for": 66.7,
    }
    assert draft["new_tasks"] == [
        {
            "title": "Vận động hộ gia đình phân loại rác",
            "assignee": "Trần Văn Bảo",
            "deadline": "2026-03-31",
            "deadline_vi": "31/03/2026",
        }
    ]
    assert draft["content"]["conclusion"] == "Chi bộ thống nhất các nhiệm vụ tháng tới."
    assert draft["chair"] == "Nguyễn Thị Thu" and draft["minute_taker"] == "Trần Văn Bảo"
    score = draft["score"]
    points = {item["code"]: item["points"] for item in score["items"]}
    assert points["attendance"] == 2  # one unexcused absence: the lowest step, plus the bonus
    assert (score["complete"], score["total"], score["band"]) == (True, 93, "Tốt")
    assert draft["meeting"]["duration_minutes"] == 100

    version = services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)
    adopted = client.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert adopted["status"] == "adopted" and adopted["adopted_at"]
    assert adopted["versions"] == [
        {
            "number": 1,
            "content_hash": version.content_hash,
            "reason": "",
            "created_at": adopted["versions"][0]["created_at"],
        }
    ]
    assert adopted["counts"] == draft["counts"] and adopted["vote"] == {**draft["vote"],
                                                                         "rule": rule}

    services.minutes_amend(
        actor=cell.secretary_user,
        meeting=meeting,
        reason="Ghi sót ý kiến kết luận",
        content={"conclusion": "Chi bộ thống nhất; giao chi ủy theo dõi."},
    )
    amended = client.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert [v["number"] for v in amended["versions"]] == [1, 2]
    assert amended["version"] == 2 and amended["amendment_reason"] == "Ghi sót ý kiến kết luận"
    assert amended["content"]["conclusion"] == "Chi bộ thống nhất; giao chi ủy theo dõi."


def test_unknown_or_malformed_meeting_id(cell):
    client = logged_in(cell.city_staff)
    assert client.get("/api/v1/meetings/999999").status_code == 404
    assert client.get(f"/api/v1/meetings/{10**20}").status_code == 404
    response = client.get("/api/v1/meetings/abc")
    assert (
        response.status_code == 422 and response.json()["detail"] == "Trường meeting_id phải là số."
    )


def test_check_in_then_detail_shows_it(cell, meeting):
    client = logged_in(cell.secretary_user)
    members = {m.full_name: m.pk for m in cell.cell_a1.members.all()}
    entries = [
        {"member": pk, "presence": "present", "reason": ""}
        for name, pk in members.items()
        if name not in ("Kim Thị Lụa", "Quách Thị Oanh")
    ]
    entries.append({"member": members["Kim Thị Lụa"], "presence": "excused", "reason": "Ốm"})
    response = put_attendance(client, meeting, entries)
    assert response.status_code == 200, response.content
    assert response.json() == {
        "total": 7,  # the probationary member was not on the list sent
        "full": 6,
        "probationary": 0,
        "exempt": 1,
        "present": 6,
        "excused": 1,
        "unexcused": 0,
        "attendance_rate": 83.3,  # 5 of the 6 who must attend
        "eligible_voters": 7,  # 6 full + the exempt member who came
    }
    # the same member again, now unexcused; the others keep what was recorded
    late = [{"member": members["Quách Thị Oanh"], "presence": "unexcused"}]
    assert put_attendance(client, meeting, late).json()["probationary"] == 1

    detail = client.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert detail["status"] == "held"
    assert detail["counts"]["total"] == 8 and detail["counts"]["unexcused"] == 1
    assert {a["name"]: a["reason"] for a in detail["absentees"]} == {
        "Kim Thị Lụa": "Ốm",
        "Quách Thị Oanh": "",
    }
    listed = client.get("/api/v1/meetings").json()["items"][0]
    assert (listed["present"], listed["total"]) == (6, 8)


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        (lambda c: [{"member": 10**9, "presence": "present"}], 400, "không thuộc chi bộ"),
        (
            lambda c: [{"member": c.other_member.pk, "presence": "present"}],  # cell B1's
            400,
            "không thuộc chi bộ",
        ),
        (
            lambda c: [{"member": c.member.pk, "presence": "here"}],
            400,
            "Trần Văn Bảo: trạng thái điểm danh không hợp lệ",
        ),
        (lambda c: [{"member": c.member.pk, "presence": "excused"}], 400, "cần ghi lý do"),
        (lambda c: [{"presence": "present"}], 422, "entries.0.member"),
        (lambda c: [{"member": "Bảo", "presence": "present"}], 422, "phải là số"),
        (lambda c: [], 422, "không được để trống"),
        (None, 422, "Thiếu trường"),
    ],
)
def test_bad_check_in_is_refused_in_vietnamese(cell, meeting, body, status, words):
    response = logged_in(cell.secretary_user).put(
        f"/api/v1/meetings/{meeting.pk}/attendance",
        {} if body is None else {"entries": body(cell)},
        content_type="application/json",
    )
    assert response.status_code == status, response.content
    assert words in response.json()["detail"]
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_check_in_with_a_body_that_is_not_json(cell, meeting):
    response = logged_in(cell.secretary_user).put(
        f"/api/v1/meetings/{meeting.pk}/attendance", "{entries", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Không đọc được dữ liệu gửi lên; cần JSON hợp lệ."


def test_check_in_on_adopted_minutes_is_409_and_changes_nothing(cell, meeting):
    adopt(cell, meeting, absent=ABSENT)
    before = list(Attendance.objects.filter(meeting=meeting).values_list("member", "presence"))
    response = put_attendance(
        logged_in(cell.secretary_user),
        meeting,
        [{"member": pk, "presence": "present"} for pk, _ in before],
    )
    assert response.status_code == 409
    assert response.json()["detail"].startswith("Biên bản đã được thông qua và khóa")
    after = list(Attendance.objects.filter(meeting=meeting).values_list("member", "presence"))
    assert after == before
    assert MinutesVersion.objects.filter(meeting=meeting).count() == 1


def test_check_in_on_a_cancelled_meeting_is_400(cell, meeting):
    services.meeting_cancel(actor=cell.secretary_user, meeting=meeting, reason="Mưa bão")
    response = put_attendance(
        logged_in(cell.secretary_user), meeting, [{"member": cell.member.pk, "presence": "present"}]
    )
    assert (
        response.status_code == 400 and response.json()["detail"] == "Buổi sinh hoạt này đã bị hủy."
    )


@pytest.mark.clock
def test_my_tasks_lists_the_callers_own_with_overdue(cell):
    today = timezone.localdate()
    held = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=40), dt.time(8)))
    past = new_meeting(cell, cell.cell_a1, held, MeetingKind.THEMATIC, topic="Chuyển đổi số")

    def assign(member, title, days):
        return services.task_assign(
            actor=cell.secretary_user,
            meeting=past,
            assignee=member,
            title=title,
            deadline=today + dt.timedelta(days=days),
        )

    late = assign(cell.member, "Vận động phân loại rác", -10)
    upcoming = assign(cell.member, "Thăm hỏi gia đình chính sách", 10)
    due_today = assign(cell.member, "Nộp báo cáo tháng", 0)
    assign(cell.secretary, "Rà soát hộ nghèo", -5)

    response = logged_in(cell.member_user).get("/api/v1/me/tasks")
    assert response.status_code == 200
    page = response.json()
    assert page["count"] == 3
    assert [(t["id"], t["overdue"]) for t in page["items"]] == [
        (late.pk, True),
        (due_today.pk, False),
        (upcoming.pk, False),
    ]
    first = page["items"][0]
    assert first == {
        "id": late.pk,
        "title": "Vận động phân loại rác",
        "deadline": (today - dt.timedelta(days=10)).isoformat(),
        "status": "open",
        "last_result": "",
        "meeting": {"id": past.pk, "date": (today - dt.timedelta(days=40)).isoformat()},
        "organization": {"id": cell.cell_a1.pk, "name": "Chi bộ khu phố A1"},
        "overdue": True,
    }
    assert logged_in(cell.member_user).get("/api/v1/me/tasks", {"status": "done"}).json() == {
        "count": 0,
        "items": [],
    }
    # the secretary sees only the task given to her, not the cell's
    mine = logged_in(cell.secretary_user).get("/api/v1/me/tasks").json()
    assert [t["title"] for t in mine["items"]] == ["Rà soát hộ nghèo"]
    # staff without a member record: an empty list, not an error
    assert logged_in(cell.city_staff).get("/api/v1/me/tasks").json() == {"count": 0, "items": []}
    bad = logged_in(cell.member_user).get("/api/v1/me/tasks", {"status": "late"})
    assert bad.status_code == 422 and bad.json()["detail"].startswith("Trạng thái")


def test_minutes_download_headers(cell, meeting, monkeypatch):
    """The endpoint's part (scope, snapshot, type, file name); the renderers are stubbed."""
    seen = []

    def fake(prefix):
        def render(snapshot):
            seen.append(snapshot)
            return prefix + b"..."

        return render

    monkeypatch.setattr(renderers, "minutes_pdf", fake(b"%PDF-1.7"))
    monkeypatch.setattr(renderers, "minutes_docx", fake(b"PK\x03\x04"))
    version = adopt(cell, meeting, absent=ABSENT)
    client = logged_in(cell.member_user)

    pdf = client.get(f"/api/v1/meetings/{meeting.pk}/minutes.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == (
        'attachment; filename="bien-ban-chi-bo-khu-pho-a1-2026-03.pdf"'
    )
    assert pdf.content == b"%PDF-1.7..."
    assert seen[-1] == version.snapshot  # printed from the adopted version

    docx = client.get(f"/api/v1/meetings/{meeting.pk}/minutes.docx")
    assert docx["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert docx["Content-Disposition"].endswith(
        'filename="bien-ban-chi-bo-khu-pho-a1-2026-03.docx"'
    )

    thematic = new_meeting(
        cell, cell.cell_c1, at(2026, 4, 20), MeetingKind.THEMATIC, topic="Chuyển đổi số"
    )
    name = logged_in(cell.city_staff).get(f"/api/v1/meetings/{thematic.pk}/minutes.pdf")
    assert (
        'filename="bien-ban-chuyen-de-chi-bo-truong-thpt-c1-2026-04.pdf"'
        in name["Content-Disposition"]
    )


# The real renderers (chibo.documents tests what the documents say).
@pytest.mark.parametrize("extension", ["pdf", "docx"])
def test_minutes_download_real_documents(cell, meeting, extension):
    record_full_meeting(cell, meeting, absent=ABSENT)
    response = logged_in(cell.secretary_user).get(
        f"/api/v1/meetings/{meeting.pk}/minutes.{extension}"
    )
    assert response.status_code == 200
    if extension == "pdf":
        assert response.content.startswith(b"%PDF")
    else:
        with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
            assert "word/document.xml" in docx.namelist()


def test_meeting_list_query_count_is_fixed(client, cell, meeting):
    token = token_for(client, "city")
    record_full_meeting(cell, meeting, absent=ABSENT)
    client.get("/api/v1/meetings", headers=bearer(token))  # touches the token once
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/meetings", headers=bearer(token))
    adopt(cell, new_meeting(cell, cell.cell_a1, at(2026, 4, 3)))
    for month in range(1, 13):
        MemberFactory(organization=cell.cell_b1)
        other = new_meeting(cell, cell.cell_b1, at(2025, month, 3))
        services.attendance_record(
            actor=cell.admin,
            meeting=other,
            entries=[{"member": m.pk, "presence": "present"} for m in cell.cell_b1.members.all()],
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/meetings", headers=bearer(token))
    assert response.json()["count"] == 14
    # token+user, scopes, own member record, count, the page (with attendance counts and
    # the band of the latest adopted version in the same query)
    assert len(few) == len(many) == 5, [q["sql"] for q in many.captured_queries]


def test_my_tasks_query_count_is_fixed(client, cell, meeting):
    token = token_for(client, "member")

    def assign(n):
        for i in range(n):
            services.task_assign(
                actor=cell.secretary_user,
                meeting=meeting,
                assignee=cell.member,
                title=f"Nhiệm vụ {i}",
                deadline=dt.date(2026, 3, 31),
            )

    assign(1)
    client.get("/api/v1/me/tasks", headers=bearer(token))  # touches the token once
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/me/tasks", headers=bearer(token))
    assign(6)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/me/tasks", headers=bearer(token))
    assert response.json()["count"] == 7
    # token+user, scopes, own member record, the page (with meeting and cell), count
    assert len(few) == len(many) == 5, [q["sql"] for q in many.captured_queries]
