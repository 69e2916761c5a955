"""What is recorded on meeting day: the minutes' sections, the roll call, guests,
speeches, the vote and the quality score."""

from django.db import transaction
from django.utils import timezone

from chibo.core.concurrency import apply_edits
from chibo.core.services import (
    ServiceError,
    create_with_actor,
    delete_with_actor,
    validate,
    with_actor,
)
from chibo.core.vi import nfc, nfc_lines
from chibo.meetings import rules
from chibo.meetings.models import (
    Attendance,
    Guest,
    Meeting,
    MeetingStatus,
    Presence,
    Section,
    Speech,
)
from chibo.meetings.selectors import (
    expected_members,
    quality_score,
    roll_call,
)
from chibo.meetings.services_lock import ensure_editable, figures_changed, save_fields
from chibo.meetings.snapshot import CONTENT_FIELDS as SNAPSHOT_CONTENT
from chibo.members.models import PartyMember
from chibo.members.selectors_states import states_on

# What the minutes carry as content (snapshot.CONTENT_FIELDS), then the draft's own fields.
CONTENT_FIELDS = [
    *SNAPSHOT_CONTENT,
    "draft_resolution",
    "place",
    "dues_collected",
]


EDITABLE_FIELDS = [*CONTENT_FIELDS, "chair", "minute_taker", "started_at", "ended_at"]


@transaction.atomic
def content_update(*, actor, meeting: Meeting, base: dict | None = None, **fields) -> Meeting:
    """Save what the person changed in a section of the draft minutes (or the meeting's
    details). `base`: the fingerprints of the values their form was loaded with
    (chibo.core.concurrency); a field they changed that someone else changed meanwhile
    refuses the save (StaleEdit) with the newer text. Without `base`, last write wins."""
    ensure_editable(meeting)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not content fields: {sorted(unknown)}")
    fields = {k: nfc_lines(v) if isinstance(v, str) else v for k, v in fields.items()}
    changed = apply_edits(meeting, fields, base)
    if meeting.started_at and meeting.ended_at and meeting.ended_at <= meeting.started_at:
        raise ServiceError({"ended_at": "Giờ kết thúc phải sau giờ bắt đầu."})
    for person in (meeting.chair, meeting.minute_taker):
        if person is not None and person.organization_id != meeting.organization_id:
            raise ServiceError("Chủ trì và thư ký phải là đảng viên của chi bộ.")
    if meeting.started_at and meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.HELD
        changed.append("status")
    if not changed:
        return meeting
    validate(meeting)
    save_fields(meeting, actor, *changed)
    return meeting


def roll_for(meeting: Meeting):
    """The members on this meeting's list: those called now, or those recorded."""
    recorded = {a.member_id: a for a in meeting.attendance.select_related("member")}
    members = list(expected_members(meeting))
    known = {m.pk for m in members}
    extra = [a.member for a in recorded.values() if a.member_id not in known]
    return members + extra, recorded


@transaction.atomic
def attendance_record(*, actor, meeting: Meeting, entries: list[dict]) -> rules.RollCall:
    """entries: [{"member": id, "presence": present|excused|unexcused, "reason": "..."}].

    The whole list at once (the phone check-in sends it). Members of the cell missing
    from the list keep what was recorded before."""
    ensure_editable(meeting)
    members = {m.pk: m for m in PartyMember.objects.filter(organization=meeting.organization)}
    members.update({a.member_id: a.member for a in meeting.attendance.select_related("member")})
    # Those away on the meeting's day (temporary transfer, suspended, detained) are on the
    # list as such, whatever was sent for them: never absent, never counted.
    away = states_on(members, timezone.localtime(meeting.scheduled_at).date())
    errors = []
    clean = {}
    for index, entry in enumerate(entries, 1):
        member = members.get(entry.get("member"))
        presence = entry.get("presence")
        reason = nfc(entry.get("reason", ""))
        if member is None:
            errors.append(f"Dòng {index}: đảng viên không thuộc chi bộ.")
            continue
        if member.pk in away:
            continue
        if presence not in Presence.values:
            errors.append(f"{member.full_name}: trạng thái điểm danh không hợp lệ.")
            continue
        if presence == Presence.EXCUSED and not reason:
            errors.append(f"{member.full_name}: vắng có lý do cần ghi lý do.")
            continue
        clean[member.pk] = (member, presence, reason if presence != Presence.PRESENT else "")
    if errors:
        raise ServiceError(errors)
    existing = {a.member_id: a for a in meeting.attendance.all()}
    for member_id, state in away.items():
        place = f" ({state.place})" if state.place else ""
        clean[member_id] = (members[member_id], Presence.EXCUSED,
                            f"{state.get_kind_display()}{place}")
    for member_id, (member, presence, reason) in clean.items():
        row = existing.get(member_id)
        status = rules.status_on_day(member.status, away[member_id].kind
                                     if member_id in away else None)
        if row is None:
            create_with_actor(
                Attendance,
                actor,
                meeting=meeting,
                member=member,
                presence=presence,
                reason=reason,
                member_status=status,
            )
            continue
        if row.member_status in rules.AWAY and member_id not in away:
            # The period was ended or removed since: back to the member's own status.
            status = member.status
        elif member_id not in away:
            status = row.member_status  # the status kept on the day stays
        if (row.presence, row.reason, row.member_status) != (presence, reason, status):
            row.presence, row.reason, row.member_status = presence, reason, status
            with_actor(row, actor).save(update_fields=["presence", "reason", "member_status"])
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.HELD
    roll = rules.RollCall.of(meeting.attendance.values_list("member_status", "presence"))
    meeting.roll_expected, meeting.roll_present = roll.expected, roll.expected_present
    meeting.roll_away = roll.away
    save_fields(meeting, actor, "status", "roll_expected", "roll_present", "roll_away")
    return roll


@transaction.atomic
def guest_add(
    *,
    actor,
    meeting: Meeting,
    name: str,
    office: str = "",
    is_higher_official: bool = False,
    user=None,
) -> Guest:
    ensure_editable(meeting)
    if not nfc(name):
        raise ServiceError({"name": "Cần ghi họ tên khách mời."})
    guest = create_with_actor(
        Guest,
        actor,
        meeting=meeting,
        name=nfc(name),
        office=nfc(office),
        is_higher_official=is_higher_official,
        user=user,
    )
    save_fields(meeting, actor)
    figures_changed(meeting)
    return guest


@transaction.atomic
def guest_remove(*, actor, meeting: Meeting, guest_id: int) -> None:
    ensure_editable(meeting)
    delete_with_actor(meeting.guests.filter(pk=guest_id), actor)
    figures_changed(meeting)


@transaction.atomic
def speech_add(
    *,
    actor,
    meeting: Meeting,
    text: str,
    section: str = Section.DISCUSSION,
    member: PartyMember | None = None,
    speaker_name: str = "",
) -> Speech:
    ensure_editable(meeting)
    if member is not None and member.organization_id != meeting.organization_id:
        raise ServiceError("Người phát biểu phải là đảng viên của chi bộ hoặc khách mời.")
    typed = nfc(speaker_name).strip()
    if member is not None and typed and typed != member.full_name:
        # Two people named: the minutes must not pick one silently.
        raise ServiceError(
            {
                "speaker_name": f"Đã chọn đảng viên {member.full_name} và ghi tên khách mời "
                f"«{typed}»: chỉ ghi một người phát biểu (bỏ chọn đảng viên hoặc xóa tên "
                "khách mời)."
            }
        )
    name = member.full_name if member else typed
    if not name:
        raise ServiceError({"speaker_name": "Cần chọn người phát biểu."})
    if not text.strip():
        raise ServiceError({"text": "Cần ghi nội dung phát biểu."})
    if section not in Section.values:
        raise ServiceError({"section": "Phần nội dung không hợp lệ."})
    order = meeting.speeches.count() + 1
    return create_with_actor(
        Speech,
        actor,
        meeting=meeting,
        order=order,
        section=section,
        member=member,
        speaker_name=name,
        text=text.strip(),
    )


@transaction.atomic
def speech_remove(*, actor, meeting: Meeting, speech_id: int) -> None:
    ensure_editable(meeting)
    delete_with_actor(meeting.speeches.filter(pk=speech_id), actor)


@transaction.atomic
def vote_record(
    *,
    actor,
    meeting: Meeting,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    resolution: str | None = None,
    decision_kind: str | None = None,
    base: dict | None = None,
) -> rules.VoteResult:
    """The votes of the decision, judged by the majority its kind needs (a resolution:
    more than half; admission, recognition: at least two thirds)."""
    ensure_editable(meeting)
    kind = decision_kind or meeting.decision_kind
    if kind not in rules.DECISION_KINDS:
        raise ServiceError({"decision_kind": "Loại quyết định biểu quyết không hợp lệ."})
    day = timezone.localtime(meeting.scheduled_at).date()
    rule = rules.vote_rule(kind, on=day, organization=meeting.organization)
    try:
        result = rules.vote_result(
            roll_call(meeting), votes_for, votes_against, votes_abstain, rule
        )
    except rules.VoteError as error:
        raise ServiceError({"votes_for": str(error)}) from None
    meeting.votes_for, meeting.votes_against, meeting.votes_abstain = (
        votes_for,
        votes_against,
        votes_abstain,
    )
    meeting.decision_kind = kind
    changed = ["votes_for", "votes_against", "votes_abstain", "decision_kind"]
    if resolution is not None:
        changed += apply_edits(meeting, {"resolution": nfc_lines(resolution)}, base)
    save_fields(meeting, actor, *changed)
    return result


@transaction.atomic
def score_record(*, actor, meeting: Meeting, items: dict) -> dict:
    """The criteria the cell scores itself (those without data); automatic ones are
    recomputed from the meeting and cannot be overridden here."""
    ensure_editable(meeting)
    rubric = quality_score(meeting)["items"]
    by_code = {item["code"]: item for item in rubric}
    clean, errors = {}, []
    for code, value in items.items():
        item = by_code.get(code)
        if item is None:
            errors.append(f"Không có tiêu chí «{code}».")
            continue
        if item["automatic"]:
            continue
        if value is None or value == "":
            continue
        try:
            points = float(value)
        except (TypeError, ValueError):
            errors.append(f"{item['label']}: điểm phải là số.")
            continue
        if not 0 <= points <= item["max"]:
            errors.append(f"{item['label']}: điểm từ 0 đến {item['max']:g}.")
            continue
        clean[code] = points
    if errors:
        raise ServiceError(errors)
    meeting.score_items = {**meeting.score_items, **clean}
    save_fields(meeting, actor, "score_items")
    return quality_score(meeting)
