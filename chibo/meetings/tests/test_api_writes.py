"""The draft minutes and the adoption through the API: ETag / If-Match, 409 for a stale
or locked write, and an adoption that answers the same version when sent twice."""

from django.test import Client

from chibo.meetings import services

from .conftest import record_full_meeting


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def patch(client, meeting, body, **headers):
    return client.patch(
        f"/api/v1/meetings/{meeting.pk}/minutes", body, content_type="application/json",
        headers=headers,
    )  # fmt: skip


def test_patch_with_the_current_etag_saves_and_answers_a_new_one(cell, meeting):
    client = logged_in(cell.secretary_user)
    first = client.get(f"/api/v1/meetings/{meeting.pk}")
    tag = first["ETag"]
    response = patch(client, meeting, {"news": "Tin mới\nDòng hai"}, **{"If-Match": tag})
    assert response.status_code == 200, response.content
    assert response.json()["content"]["news"] == "Tin mới\nDòng hai"
    assert response["ETag"] != tag
    meeting.refresh_from_db()
    assert meeting.news == "Tin mới\nDòng hai"
    assert meeting.conclusion == ""  # fields not sent keep what is stored


def test_patch_with_a_stale_etag_is_a_conflict_and_saves_nothing(cell, meeting):
    client = logged_in(cell.secretary_user)
    tag = client.get(f"/api/v1/meetings/{meeting.pk}")["ETag"]
    services.content_update(actor=cell.city_staff, meeting=meeting, conclusion="Bản khác")
    response = patch(client, meeting, {"conclusion": "Bản của tôi"}, **{"If-Match": tag})
    assert response.status_code == 409
    assert "người khác thay đổi" in response.json()["detail"]
    meeting.refresh_from_db()
    assert meeting.conclusion == "Bản khác"


def test_patch_of_adopted_minutes_is_409_and_empty_patch_422(cell, meeting):
    client = logged_in(cell.secretary_user)
    assert patch(client, meeting, {}).status_code == 422
    record_full_meeting(cell, meeting)
    services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)
    response = patch(client, meeting, {"news": "Sửa sau khi khóa"})
    assert response.status_code == 409
    assert "đã được thông qua" in response.json()["detail"]


def test_adopt_twice_answers_the_same_version(cell, meeting):
    record_full_meeting(cell, meeting)
    client = logged_in(cell.secretary_user)
    first = client.post(f"/api/v1/meetings/{meeting.pk}/adopt")
    assert first.status_code == 201, first.content
    second = client.post(f"/api/v1/meetings/{meeting.pk}/adopt")
    assert second.status_code == 200
    assert second.json()["already_adopted"] is True
    for key in ("number", "content_hash", "adopted_at"):
        assert second.json()[key] == first.json()[key]
    assert meeting.versions.count() == 1


def test_adopt_with_missing_parts_is_400_and_outsiders_404(cell, meeting):
    response = logged_in(cell.secretary_user).post(f"/api/v1/meetings/{meeting.pk}/adopt")
    assert response.status_code == 400
    assert "còn thiếu" in response.json()["detail"]
    for user in (cell.outsider, cell.member_user):
        assert logged_in(user).post(f"/api/v1/meetings/{meeting.pk}/adopt").status_code == 404
        assert patch(logged_in(user), meeting, {"news": "x"}).status_code == 404
