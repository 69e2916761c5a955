"""The record page through its forms: what is saved, and the Vietnamese message (with
what was typed kept) when the input is wrong."""

import datetime as dt

import pytest
from django.utils import timezone

from chibo.meetings import services
from chibo.meetings.models import MeetingStatus, TaskStatus

from .conftest import at, page_text, record_full_meeting, url


def opening(cell, **changes):
    data = {
        "section": "opening",
        "chair": cell.secretary.pk,
        "minute_taker": cell.member.pk,
        "meeting_date": "03/03/2026",
        "started_at": "8h",
        "ended_at": "9:40",
        "dues_collected": "on",
    }
    data.update(changes)
    return data


def test_opening_accepts_vietnamese_times(secretary, cell, meeting):
    response = secretary.post(url("record", meeting), opening(cell), follow=True)
    assert response.redirect_chain[-1][0].endswith("?s=opening#s-opening")
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.started_at) == timezone.localtime(at(2026, 3, 3, 8))
    assert timezone.localtime(meeting.ended_at) == timezone.localtime(at(2026, 3, 3, 9, 40))
    assert meeting.chair == cell.secretary and meeting.minute_taker == cell.member
    assert meeting.dues_collected and meeting.status == MeetingStatus.HELD


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"started_at": "25:10"}, "Giờ không hợp lệ; hãy nhập theo dạng HH:MM, vd. 08:30."),
        ({"ended_at": "07:30"}, "Giờ kết thúc phải sau giờ bắt đầu."),
        ({"meeting_date": "3/15/2026"}, "Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy."),
        ({"chair": "999999"}, "Lựa chọn không hợp lệ."),
    ],
)
def test_opening_bad_input(secretary, cell, meeting, changes, message):
    response = secretary.post(url("record", meeting), opening(cell, **changes))
    body = page_text(response)
    assert message in body
    assert response.context["open_section"] == "opening"
    for typed in changes.values():
        if typed != "999999":
            assert f'value="{typed}"' in body  # kept for correction
    meeting.refresh_from_db()
    assert meeting.started_at is None


def test_content_sections_are_saved_one_by_one(secretary, meeting):
    secretary.post(
        url("record", meeting), {"section": "news", "news": "Tin tháng 3", "new_policies": ""}
    )
    secretary.post(
        url("record", meeting), {"section": "study", "study_item": "Tấm gương tiết kiệm"}
    )
    meeting.refresh_from_db()
    assert (meeting.news, meeting.study_item) == ("Tin tháng 3", "Tấm gương tiết kiệm")
    assert secretary.post(url("record", meeting), {"section": "hack"}).status_code == 400
    page = secretary.get(url("record", meeting), {"s": "news"})
    assert page.context["filled"]["news"] and page.context["filled"]["study"]


def test_guests_and_speeches(secretary, cell, meeting):
    empty = secretary.post(url("guest_add", meeting), {"name": "", "office": "Đảng ủy phường"})
    assert "Trường này là bắt buộc." in page_text(empty)
    assert 'value="Đảng ủy phường"' in page_text(empty)
    secretary.post(
        url("guest_add", meeting),
        {"name": "Lê Văn Tùng", "office": "Đảng ủy viên phường", "is_higher_official": "on"},
    )
    guest = meeting.guests.get()
    assert guest.is_higher_official

    nobody = secretary.post(
        url("speech_add", meeting), {"section": "discussion", "text": "Ý kiến dài"}
    )
    assert "Cần chọn đảng viên hoặc ghi tên người phát biểu." in page_text(nobody)
    assert "Ý kiến dài" in page_text(nobody)
    secretary.post(
        url("speech_add", meeting),
        {"section": "discussion", "member": cell.member.pk, "text": "Đề nghị chủ nhật xanh."},
    )
    secretary.post(
        url("speech_add", meeting),
        {"section": "study", "speaker_name": "Lê Văn Tùng", "text": "Biểu dương chi bộ."},
    )
    assert list(meeting.speeches.values_list("speaker_name", "section")) == [
        ("Trần Văn Bảo", "discussion"),
        ("Lê Văn Tùng", "study"),
    ]
    secretary.post(url("speech_remove", meeting, meeting.speeches.first().pk))
    secretary.post(url("guest_remove", meeting, guest.pk))
    assert meeting.speeches.count() == 1 and meeting.guests.count() == 0


def test_tasks_review_and_carry_forward(secretary, cell, meeting):
    task_a = services.task_assign(
        actor=cell.secretary_user,
        meeting=meeting,
        assignee=cell.member,
        title="Vận động phân loại rác",
        deadline=dt.date(2026, 3, 31),
    )
    task_b = services.task_assign(
        actor=cell.secretary_user,
        meeting=meeting,
        assignee=cell.extra[0],
        title="Rà soát hộ nghèo",
        deadline=dt.date(2026, 3, 31),
    )
    record_full_meeting(cell, meeting)
    services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)
    april = services.meeting_create(
        actor=cell.secretary_user, cell=cell.cell_a1, kind="regular", scheduled_at=at(2026, 4, 3)
    )
    page = secretary.get(url("record", april), {"s": "review"})
    assert [row["task"] for row in page.context["review_rows"]] == [task_a, task_b]

    comment_only = secretary.post(url("reviews", april), {f"comment_{task_a.pk}": "Đạt 90% số hộ"})
    assert "cần chọn kết quả trước khi ghi nhận xét" in page_text(comment_only)
    assert 'value="Đạt 90% số hộ"' in page_text(comment_only)
    bad = secretary.post(url("reviews", april), {f"result_{task_a.pk}": "maybe"})
    assert "Vận động phân loại rác: kết quả không hợp lệ." in page_text(bad)
    assert april.task_reviews.count() == 0

    saved = secretary.post(
        url("reviews", april),
        {f"result_{task_a.pk}": "done", f"comment_{task_a.pk}": "Đạt 90% số hộ"},
        follow=True,
    )
    assert "Đã lưu kết quả 1 nhiệm vụ." in page_text(saved)
    record_full_meeting(cell, april)
    services.meeting_adopt(actor=cell.secretary_user, meeting=april)
    task_a.refresh_from_db(), task_b.refresh_from_db()
    assert (task_a.status, task_b.status) == (TaskStatus.DONE, TaskStatus.OPEN)
    may = services.meeting_create(
        actor=cell.secretary_user, cell=cell.cell_a1, kind="regular", scheduled_at=at(2026, 5, 3)
    )
    body = page_text(secretary.get(url("prepare", may)))
    assert "Rà soát hộ nghèo" in body and "Vận động phân loại rác" not in body


@pytest.mark.parametrize(
    "data, message",
    [
        ({"deadline": "01/03/2026"}, "Thời hạn phải sau ngày sinh hoạt."),
        ({"deadline": "31-3-26"}, "Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy."),
        ({"title": ""}, "Trường này là bắt buộc."),
        ({"assignee": ""}, "Trường này là bắt buộc."),
    ],
)
def test_task_assignment_bad_input(secretary, cell, meeting, data, message):
    typed = {"assignee": cell.member.pk, "title": "Vận động hộ gia đình", "deadline": "31/03/2026"}
    response = secretary.post(url("task_add", meeting), {**typed, **data})
    body = page_text(response)
    assert message in body
    assert response.context["open_section"] == "next"
    if data.get("title", "x"):
        assert "Vận động hộ gia đình" in body
    assert meeting.tasks.count() == 0


def test_task_assignment_and_removal(secretary, cell, meeting):
    response = secretary.post(
        url("task_add", meeting),
        {"assignee": cell.member.pk, "title": "Vận động hộ gia đình", "deadline": "31/03/2026"},
        follow=True,
    )
    assert "Đã giao nhiệm vụ cho đồng chí Trần Văn Bảo." in page_text(response)
    task = meeting.tasks.get()
    assert task.deadline == dt.date(2026, 3, 31)
    secretary.post(url("task_remove", meeting, task.pk))
    assert meeting.tasks.count() == 0


def test_vote_counts_only_those_who_may_vote(secretary, cell, meeting):
    # 8 on the list: 6 full, 1 probationary, 1 exempt. Two full members are away and the
    # exempt member stays home: 5 may vote (the 6 full; the exempt one counts only when
    # present), 4 of them are present.
    record_full_meeting(
        cell,
        meeting,
        absent={
            "Kim Thị Lụa": ("excused", "Ốm"),
            "Mạc Văn Nam": ("unexcused", ""),
            "Tạ Văn Phúc": ("excused", "Tuổi cao"),
        },
    )
    page = secretary.get(url("record", meeting), {"s": "conclusion"})
    assert page.context["voters"] == {"eligible": 6, "present": 4}
    too_many = secretary.post(
        url("vote", meeting), {"votes_for": 5, "votes_against": 0, "votes_abstain": 0}
    )
    assert "Tổng số biểu quyết (5) lớn hơn số đảng viên có quyền biểu quyết có mặt (4)." in (
        page_text(too_many)
    )
    negative = secretary.post(
        url("vote", meeting), {"votes_for": -1, "votes_against": 0, "votes_abstain": 0}
    )
    assert "Số phiếu không thể âm." in page_text(negative)
    not_passed = secretary.post(
        url("vote", meeting),
        {"votes_for": 3, "votes_against": 1, "votes_abstain": 0, "resolution": "Nghị quyết"},
        follow=True,
    )
    assert "3/6 tán thành (50%), nghị quyết không được thông qua." in page_text(not_passed)
    passed = secretary.post(
        url("vote", meeting),
        {"votes_for": 4, "votes_against": 0, "votes_abstain": 0, "resolution": "Nghị quyết"},
        follow=True,
    )
    assert "nghị quyết được thông qua." in page_text(passed)
    meeting.refresh_from_db()
    assert (meeting.votes_for, meeting.resolution) == (4, "Nghị quyết")


def test_score_by_the_cell_with_decimal_comma(secretary, cell, meeting):
    record_full_meeting(cell, meeting)
    bad = secretary.post(url("score", meeting), {"preparation": "11", "conduct": "ba mươi"})
    body = page_text(bad)
    assert "Điểm phải là số, vd. 8 hoặc 8,5." in body
    assert 'value="ba mươi"' in body
    over = secretary.post(url("score", meeting), {"preparation": "11"})
    assert "Công tác chuẩn bị: điểm từ 0 đến 10." in page_text(over)
    response = secretary.post(
        url("score", meeting),
        {
            "preparation": "9,5",
            "conduct": "27",
            "chairing": "9",
            "principles": "5",
            "results": "28",
            "closing": "5",
        },
        follow=True,
    )
    assert "Tổng điểm 93,5, xếp loại Tốt." in page_text(response) or (
        "Tổng điểm 93.5, xếp loại Tốt." in page_text(response)
    )
    meeting.refresh_from_db()
    assert meeting.score_items["preparation"] == 9.5
