"""The minutes record who was not counted and the majority the vote was judged by; keys
only when there is something to say, so minutes adopted before keep their SHA-256."""

import datetime as dt
from fractions import Fraction

import pytest
from django.utils import timezone

from chibo.meetings import rules
from chibo.meetings.models import Meeting
from chibo.meetings.rules import VoteRule, vote_passes
from chibo.meetings.snapshot import AttendanceFact, MinutesFacts, build_minutes, content_hash

TWO_THIRDS = VoteRule("admission", Fraction(2, 3), True)
HALF = VoteRule("resolution", Fraction(1, 2), False)


@pytest.mark.parametrize("rule", [TWO_THIRDS, HALF, VoteRule("x", Fraction(3, 4), False)])
def test_needed_is_the_fewest_votes_that_pass(rule):
    for eligible in range(1, 40):
        needed = rule.needed(eligible)
        if needed is None:
            assert not vote_passes(eligible, eligible, rule)
            continue
        assert vote_passes(needed, eligible, rule) and not vote_passes(needed - 1, eligible, rule)
    assert (TWO_THIRDS.needed(4), HALF.needed(6), HALF.needed(5), HALF.needed(0)) == (3, 4, 3, None)
    assert (TWO_THIRDS.share, HALF.share) == ("ít nhất 2/3", "quá 1/2")


def _at(hour, minute=0):
    return timezone.make_aware(dt.datetime(2026, 3, 3, hour, minute))


def _facts(attendance, vote=None):
    meeting = Meeting(pk=41, kind="regular", period=dt.date(2026, 3, 1), scheduled_at=_at(8),
                      started_at=_at(8), ended_at=_at(9, 40), place="Nhà văn hóa khu phố",
                      adopted_at=_at(10), resolution="Chi bộ thống nhất 3 chỉ tiêu.")
    return MinutesFacts(
        meeting=meeting,
        organization={"id": 7, "name": "Chi bộ khu phố A1", "parent_name": "Đảng bộ phường A",
                      "code": "A1", "address": ""},
        chair="Nguyễn Thị Thu", minute_taker="Trần Văn Bảo", attendance=attendance, vote=vote,
        score={"items": [], "total": 0, "band": "", "complete": False},
    )


ROLL = [
    AttendanceFact("Nguyễn Thị Thu", "full", "present"),
    AttendanceFact("Trần Văn Bảo", "full", "present"),
    AttendanceFact("Kim Thị Lụa", "full", "excused", "Đi công tác"),
    AttendanceFact("Mạc Văn Nam", "probationary", "unexcused"),
    AttendanceFact("Tạ Văn Phúc", "exempt", "excused", "Ốm"),
]


def test_minutes_without_anyone_away_hash_as_before():
    # The hash this dict had before "not_counted" and the vote's rule existed (computed
    # with the code of commit e4d1c9f): nothing added, nothing moved.
    snapshot = build_minutes(_facts(ROLL))
    assert "not_counted" not in snapshot and snapshot["vote"] is None
    assert content_hash(snapshot) == (
        "4dc4fbecce76ce811b6b0035c917de447b26c736eb90825b62425b758df13ba1")


def test_away_members_are_apart_and_the_vote_names_its_rule():
    roll_facts = ROLL + [
        AttendanceFact("Đặng Văn Hải", "suspended", "excused", "Đình chỉ sinh hoạt"),
        AttendanceFact("Lê Thị Mai", "transferred", "excused",
                       "Sinh hoạt tạm thời nơi khác (Chi bộ Bệnh viện tỉnh)"),
        AttendanceFact("Vũ Văn Khoa", "transferred", "excused", "Sinh hoạt tạm thời nơi khác"),
    ]
    roll = rules.RollCall.of((a.member_status, a.presence) for a in roll_facts)
    vote = rules.vote_result(roll, 2, 0, 0, TWO_THIRDS)
    snapshot = build_minutes(_facts(roll_facts, vote))
    counts = snapshot["counts"]
    assert (counts["total"], counts["present"], counts["excused"], counts["unexcused"]) == (
        8, 2, 2, 1)
    assert counts["total"] == (counts["present"] + counts["excused"] + counts["unexcused"]
                               + snapshot["not_counted"]["total"])
    assert [a["name"] for a in snapshot["absentees"]] == ["Kim Thị Lụa", "Mạc Văn Nam",
                                                          "Tạ Văn Phúc"]
    assert snapshot["not_counted"]["line"] == "Không tính vào số phải có mặt: 3 đồng chí"
    assert [g["line"] for g in snapshot["not_counted"]["groups"]] == [
        "2 đồng chí sinh hoạt tạm thời nơi khác: đồng chí Lê Thị Mai (tại Chi bộ Bệnh viện "
        "tỉnh), đồng chí Vũ Văn Khoa",
        "1 đồng chí bị đình chỉ sinh hoạt: đồng chí Đặng Văn Hải",
    ]
    # 3 full members count (Thu, Bảo and Lụa, absent); two thirds of 3 is 2.
    assert snapshot["vote"]["rule"] == {
        "kind": "admission", "label": "Đề nghị kết nạp đảng viên", "fraction": [2, 3],
        "at_least": True, "basis": "", "needed": 2,
        "line": "Biểu quyết theo quy định: ít nhất 2/3 tổng số đảng viên chính thức tán thành "
                "(đề nghị kết nạp đảng viên); tổng số đảng viên chính thức tính biểu quyết: "
                "3 đồng chí, cần ít nhất 2 đồng chí tán thành.",
    }
