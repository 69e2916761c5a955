"""Meeting day: roll call, vote, score (services_record)."""


import pytest
from django.core.exceptions import ValidationError

from chibo.meetings import services
from chibo.meetings.models import MeetingKind
from chibo.meetings.selectors import quality_score

from .conftest import at, record_full_meeting


def test_excused_absence_needs_a_reason(cell, meeting):
    with pytest.raises(ValidationError, match="cần ghi lý do"):
        services.attendance_record(
            actor=cell.secretary_user,
            meeting=meeting,
            entries=[{"member": cell.member.pk, "presence": "excused", "reason": ""}],
        )


def test_vote_cannot_exceed_voters_present(cell, meeting):
    roll = record_full_meeting(cell, meeting)
    with pytest.raises(ValidationError, match="lớn hơn"):
        services.vote_record(
            actor=cell.secretary_user,
            meeting=meeting,
            votes_for=roll.voters_present() + 1,
            votes_against=0,
            votes_abstain=0,
        )


def test_score_fills_automatic_parts_and_band(cell, meeting):
    record_full_meeting(cell, meeting)
    score = quality_score(meeting)
    by_code = {i["code"]: i for i in score["items"]}
    assert by_code["time"]["points"] == 5 and by_code["time"]["automatic"]
    assert by_code["attendance"]["points"] == 5  # everyone present: 4 + 1
    assert by_code["results"]["points"] is None  # nothing to follow up in the first month
    score = services.score_record(
        actor=cell.secretary_user,
        meeting=meeting,
        items={
            "preparation": 9,
            "conduct": 22,
            "chairing": 9,
            "principles": 5,
            "results": 28,
            "closing": 5,
            "time": 0,
        },
    )
    assert score["complete"] and score["total"] == 88 and score["band"] == "Khá"
    with pytest.raises(ValidationError, match="từ 0 đến 10"):
        services.score_record(actor=cell.secretary_user, meeting=meeting, items={"preparation": 11})


def test_chi_uy_meeting_calls_only_the_chi_uy(cell):
    from chibo.members.models import Position

    deputy = cell.extra[0]
    deputy.position = Position.DEPUTY
    deputy.save()
    meeting = services.meeting_create(actor=cell.secretary_user, cell=cell.cell_a1,
                                      kind=MeetingKind.COMMITTEE, scheduled_at=at(2026, 3, 1))
    members, _ = services.roll_for(meeting)
    assert {m.full_name for m in members} == {"Nguyễn Thị Thu", "Đặng Văn Hải"}
    services.attendance_record(actor=cell.secretary_user, meeting=meeting, entries=[
        {"member": m.pk, "presence": "present"} for m in members])
    start = at(2026, 3, 1, 8)
    services.content_update(actor=cell.secretary_user, meeting=meeting, started_at=start,
                            ended_at=at(2026, 3, 1, 9), chair=cell.secretary,
                            minute_taker=deputy)
    version = services.meeting_adopt(actor=cell.secretary_user, meeting=meeting)
    assert version.snapshot["counts"]["total"] == 2
