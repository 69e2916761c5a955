"""The minutes as one JSON-ready dict: what is hashed at adoption, what the documents
print, what the API returns. Dates are ISO; `*_vi` fields are ready to print.

Two steps: `minutes_facts(meeting)` reads what the minutes say from the database into
plain values (`MinutesFacts`), and `build_minutes(facts)` turns them into the dict
without touching the database. `minutes_snapshot(meeting)` does both; the demo loader
calls `build_minutes` with facts it has in memory, for thousands of meetings at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from functools import cache

from django.utils import timezone

from chibo.meetings import events, rules
from chibo.meetings.models import (
    Meeting,
    MeetingKind,
    MeetingStatus,
    MinutesVersion,
    Presence,
    Section,
    TaskResult,
)
from chibo.meetings.selectors import quality_score, tasks_for_review, vote_summary
from chibo.organizations.models import Organization

logger = logging.getLogger("chibo.integrity")

SNAPSHOT_FORMAT = 1
CONTENT_FIELDS = (
    "news",
    "new_policies",
    "review_results",
    "review_shortcomings",
    "review_causes",
    "study_item",
    "self_criticism",
    "next_month",
    "conclusion",
    "resolution",
)
NOT_REPORTED_LABEL = "Chưa báo cáo"


@dataclass(frozen=True)
class AttendanceFact:
    name: str
    member_status: str  # the member's status on the day
    presence: str
    reason: str = ""


@dataclass(frozen=True)
class ReviewFact:
    task: str
    assignee: str
    result: str  # "" when the task is waiting for a review (drafts only)
    comment: str = ""


@dataclass(frozen=True)
class TaskFact:
    title: str
    assignee: str
    deadline: dt.date


@dataclass
class MinutesFacts:
    """Everything the minutes record, as plain values. Lists are in the order the minutes
    print them (the models' orderings): attendance by the members' sort key, guests
    higher officials first, speeches and agenda by their order, reviews as recorded, new
    tasks by deadline.

    `meeting` is read for its own columns only (kind, period, times, topic, place,
    content, adoption), never for a relation; `score` is what
    `selectors.quality_score` returns (its "min_minutes" is not used)."""

    meeting: Meeting
    organization: dict  # id, name, parent_name, code, address
    chair: str
    minute_taker: str
    attendance: list[AttendanceFact]
    vote: rules.VoteResult | None
    score: dict
    guests: list[dict] = field(default_factory=list)  # name, office, is_higher_official
    agenda: list[str] = field(default_factory=list)
    speeches: list[tuple[str, str, str]] = field(default_factory=list)  # section, speaker, text
    task_reviews: list[ReviewFact] = field(default_factory=list)
    new_tasks: list[TaskFact] = field(default_factory=list)
    # the dues collected at this meeting (chibo.dues.selectors.meeting_dues): paid_count,
    # total in đồng; None when none was recorded there, and then no "dues" key is written,
    # so minutes adopted before dues existed keep their hash
    dues: dict | None = None


def _iso(value) -> str | None:
    """In Vietnam's time, whatever zone the value came in: the hash of the minutes must
    not depend on whether the meeting was just created or read back from the database."""
    return timezone.localtime(value).isoformat() if value else None


def _vi_datetime(value):
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def _vi_time(value):
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%H} giờ {local:%M}"


@cache
def _labels(choices) -> dict:
    return dict(choices.choices)


def _label(choices, value: str) -> str:
    # What Model.get_FOO_display() gives: the label, or the value itself when unknown.
    return _labels(choices).get(value, value)


_PLACE = re.compile(r"\(([^()]+)\)\s*$")


def _not_counted(attendance: list[AttendanceFact]) -> dict | None:
    """Those on the list but away on the day (rules.AWAY), grouped as the minutes write
    them: "Không tính vào số phải có mặt: 2 đồng chí", then "1 đồng chí sinh hoạt tạm thời
    nơi khác: đồng chí Kim Thị Lụa (tại Chi bộ Bệnh viện tỉnh)". None when nobody is away,
    and then the snapshot has no "not_counted" key, so minutes adopted before it keep their
    hash."""
    away = [a for a in attendance if a.member_status in rules.AWAY]
    if not away:
        return None
    groups = []
    for kind, phrase in rules.AWAY_PHRASES:
        members = [a for a in away if a.member_status == kind]
        if not members:
            continue
        names = []
        for a in members:
            place = _PLACE.search(a.reason or "") if kind == rules.TRANSFERRED else None
            names.append(f"đồng chí {a.name}" + (f" (tại {place.group(1)})" if place else ""))
        groups.append({
            "kind": kind,
            "label": phrase,
            "count": len(members),
            "members": [{"name": a.name, "reason": a.reason} for a in members],
            "line": f"{len(members)} đồng chí {phrase}: {', '.join(names)}",
        })
    return {
        "total": len(away),
        "line": f"Không tính vào số phải có mặt: {len(away)} đồng chí",
        "groups": groups,
    }


def _vote_rule(vote: rules.VoteResult) -> dict:
    """The majority the vote was judged by, and against how many: "Biểu quyết theo quy
    định: ít nhất 2/3 tổng số đảng viên chính thức tán thành (đề nghị kết nạp đảng viên);
    tổng số đảng viên chính thức tính biểu quyết: 4 đồng chí, cần ít nhất 3 đồng chí tán
    thành." """
    rule = vote.rule
    needed = rule.needed(vote.eligible)
    label = rule.label[:1].lower() + rule.label[1:]
    line = (
        f"Biểu quyết theo quy định: {rule.share} tổng số đảng viên chính thức tán thành "
        f"({label}); tổng số đảng viên chính thức tính biểu quyết: {vote.eligible} đồng chí"
        + (f", cần ít nhất {needed} đồng chí tán thành." if needed else ".")
    )
    if rule.basis:
        line += f" Căn cứ: {rule.basis.rstrip('.')}."
    return {
        "kind": rule.kind,
        "label": rule.label,
        "fraction": [rule.fraction.numerator, rule.fraction.denominator],
        "at_least": rule.at_least,
        "basis": rule.basis,
        "needed": needed,
        "line": line,
    }


def build_minutes(facts: MinutesFacts) -> dict:
    """The minutes dict from plain facts; no database access.

    Members away on the day (rules.AWAY) are written under "not_counted" (only when there
    are any), not among the absentees nor in counts.excused: total = present + excused +
    unexcused + not_counted.total. A vote carries the rule it was judged by ("rule")."""
    meeting = facts.meeting
    roll = rules.RollCall.of((a.member_status, a.presence) for a in facts.attendance)
    not_counted = _not_counted(facts.attendance)
    counted = [a for a in facts.attendance if a.member_status not in rules.AWAY]
    rate = roll.attendance_rate()
    vote = facts.vote
    score = facts.score
    local = timezone.localtime(meeting.scheduled_at)
    kind_label = _label(MeetingKind, meeting.kind)
    return {
        "format": SNAPSHOT_FORMAT,
        "version": 1,
        "amendment_reason": "",
        "meeting": {
            "id": meeting.pk,
            "kind": meeting.kind,
            "kind_label": kind_label,
            "month": meeting.period.month,
            "year": meeting.period.year,
            "topic": meeting.topic,
            "place": meeting.place,
            "scheduled_at": _iso(meeting.scheduled_at),
            "started_at": _iso(meeting.started_at),
            "ended_at": _iso(meeting.ended_at),
            "started_vi": _vi_datetime(meeting.started_at or meeting.scheduled_at),
            "ended_vi": _vi_time(meeting.ended_at),
            "date_vi": f"ngày {local:%d} tháng {local.month} năm {local.year}",
            "duration_minutes": meeting.duration_minutes,
            "combined_with_regular": meeting.combined_with_regular,
            "dues_collected": meeting.dues_collected,
            "abstract": (
                f"Sinh hoạt chuyên đề: {meeting.topic}"
                if meeting.kind == MeetingKind.THEMATIC
                else f"{kind_label} tháng {meeting.period.month} năm {meeting.period.year}"
            ),
        },
        "organization": {
            key: facts.organization[key] for key in ("id", "name", "parent_name", "code", "address")
        },
        "chair": facts.chair,
        "minute_taker": facts.minute_taker,
        "guests": [
            {
                "name": g["name"],
                "office": g["office"],
                "is_higher_official": g["is_higher_official"],
            }
            for g in facts.guests
        ],
        "counts": {
            "total": roll.total,
            "full": roll.count(status="full"),
            "probationary": roll.count(status="probationary"),
            "exempt": roll.count(status="exempt"),
            "present": roll.present,
            "excused": sum(1 for a in counted if a.presence == Presence.EXCUSED),
            "unexcused": sum(1 for a in counted if a.presence == Presence.UNEXCUSED),
            "attendance_rate": round(float(rate) * 100, 1) if rate is not None else None,
        },
        "present": [a.name for a in facts.attendance if a.presence == Presence.PRESENT],
        "absentees": [
            {
                "name": a.name,
                "presence": a.presence,
                "presence_label": _label(Presence, a.presence),
                "reason": a.reason,
                "member_status": a.member_status,
            }
            for a in counted
            if a.presence != Presence.PRESENT
        ],
        "agenda": list(facts.agenda),
        "content": {name: getattr(meeting, name) for name in CONTENT_FIELDS},
        "speeches": [
            {
                "section": section,
                "section_label": _label(Section, section),
                "speaker": speaker,
                "text": text,
            }
            for section, speaker, text in facts.speeches
        ],
        "task_reviews": [
            {
                "task": r.task,
                "assignee": r.assignee,
                "result": r.result,
                "result_label": _label(TaskResult, r.result) if r.result else NOT_REPORTED_LABEL,
                "comment": r.comment,
            }
            for r in facts.task_reviews
        ],
        "new_tasks": [
            {
                "title": t.title,
                "assignee": t.assignee,
                "deadline": t.deadline.isoformat(),
                "deadline_vi": f"{t.deadline:%d/%m/%Y}",
            }
            for t in facts.new_tasks
        ],
        "vote": None
        if vote is None
        else {
            "eligible": vote.eligible,
            "for": vote.votes_for,
            "against": vote.votes_against,
            "abstain": vote.votes_abstain,
            "passed": vote.passed,
            "percent_for": vote.percent_for,
            **({"rule": _vote_rule(vote)} if vote.rule is not None else {}),
        },
        "score": {
            "items": score["items"],
            "total": score["total"],
            "band": score["band"],
            "complete": score["complete"],
        },
        "adopted_at": _iso(meeting.adopted_at),
        **({"dues": dict(facts.dues)} if facts.dues else {}),
        **({"not_counted": not_counted} if not_counted else {}),
    }


def minutes_facts(meeting: Meeting) -> MinutesFacts:
    """What the minutes of `meeting` say, read from the database."""
    cell = meeting.organization
    parent = Organization.objects.filter(path=cell.parent_path).values_list("name", flat=True)
    # The member's id breaks ties between namesakes, so the order is always the same.
    rows = meeting.attendance.select_related("member").order_by("member__sort_key", "member_id")
    attendance = [
        AttendanceFact(a.member.full_name, a.member_status, a.presence, a.reason) for a in rows
    ]
    reviews = {r.task_id: r for r in meeting.task_reviews.select_related("task__assignee")}
    review_rows = [
        ReviewFact(r.task.title, r.task.assignee.full_name, r.result, r.comment)
        for r in reviews.values()
    ]
    if meeting.status != "adopted":
        # Before adoption, tasks still waiting for a review are listed as not reported.
        review_rows += [
            ReviewFact(task.title, task.assignee.full_name, "")
            for task in tasks_for_review(meeting)
            if task.pk not in reviews
        ]
    return MinutesFacts(
        meeting=meeting,
        organization={
            "id": cell.pk,
            "name": cell.name,
            "parent_name": parent.first() or "",
            "code": cell.code,
            "address": cell.address,
        },
        chair=meeting.chair.full_name if meeting.chair else "",
        minute_taker=meeting.minute_taker.full_name if meeting.minute_taker else "",
        attendance=attendance,
        vote=vote_summary(meeting),
        score=quality_score(meeting),
        guests=[
            {"name": g.name, "office": g.office, "is_higher_official": g.is_higher_official}
            for g in meeting.guests.all()
        ],
        agenda=[item.title for item in meeting.agenda.all()],
        speeches=[(s.section, s.speaker_name, s.text) for s in meeting.speeches.all()],
        task_reviews=review_rows,
        new_tasks=[
            TaskFact(t.title, t.assignee.full_name, t.deadline)
            for t in meeting.tasks.select_related("assignee").order_by("deadline", "id")
        ],
        dues=events.first(events.minutes_dues, Meeting, meeting=meeting),
    )


def minutes_snapshot(meeting: Meeting) -> dict:
    return build_minutes(minutes_facts(meeting))


def content_hash(snapshot: dict) -> str:
    """The SHA-256 of a snapshot's canonical JSON: what adoption locks the minutes with."""
    canonical = json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def integrity_warning(number: int) -> str:
    return (
        f"CẢNH BÁO: nội dung biên bản (bản số {number}) đang lưu không khớp mã kiểm tra "
        "SHA-256 ghi khi thông qua; biên bản có thể đã bị sửa ngoài hệ thống. Đề nghị báo "
        "ngay cho cấp ủy và quản trị hệ thống; không dùng bản này để lưu trữ."
    )


def checked(snapshot: dict, stored_hash: str, *, meeting_id: int, number: int) -> dict:
    """The snapshot as served: unchanged when it matches its hash; otherwise logged and
    given an `integrity_warning` that every page and document shows."""
    if content_hash(snapshot) == stored_hash:
        return snapshot
    logger.error(
        "Minutes snapshot does not match its SHA-256: meeting %s, version %s",
        meeting_id,
        number,
    )
    return {**snapshot, "integrity_warning": integrity_warning(number)}


def checked_version(version) -> dict:
    return checked(
        version.snapshot, version.content_hash, meeting_id=version.meeting_id,
        number=version.number,
    )  # fmt: skip


def current_minutes(meeting: Meeting) -> dict:
    """The adopted minutes as last corrected (checked against their hash), or the
    working draft before adoption."""
    latest = meeting.versions.order_by("-number").first()
    return checked_version(latest) if latest else minutes_snapshot(meeting)


def book_versions(cell, year: int):
    """The minutes versions that go into a cell's book of a year: those of its adopted
    cell meetings (regular and thematic; the chi ủy keeps its own book)."""
    return MinutesVersion.objects.filter(
        meeting__organization=cell,
        meeting__period__year=year,
        meeting__status=MeetingStatus.ADOPTED,
        meeting__kind__in=["regular", "thematic"],
    )


def adopted_minutes(cell, year: int) -> list[dict]:
    """The minute book of a cell's year: the current version of the minutes of each
    adopted cell meeting, in date order. One query."""
    versions = (
        book_versions(cell, year)
        .order_by("meeting__scheduled_at", "meeting_id", "number")
        .values_list("meeting_id", "number", "snapshot", "content_hash")
    )
    latest: dict[int, tuple] = {}
    for meeting_id, number, snapshot, stored_hash in versions:
        latest[meeting_id] = (number, snapshot, stored_hash)  # dicts keep first insertion order
    return [
        checked(snapshot, stored_hash, meeting_id=meeting_id, number=number)
        for meeting_id, (number, snapshot, stored_hash) in latest.items()
    ]
