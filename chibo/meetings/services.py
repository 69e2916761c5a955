"""Every change to a meeting. Each service runs in one transaction, records who acted,
and refuses to touch an adopted meeting (MeetingLocked: the API answers 409).

Meeting day has several people on one meeting at once (the secretary and the minute
taker on two phones, a guest's report, a double tap on "adopt"). So every service first
takes the meeting's row lock and reloads it (`ensure_editable`): a write that began
before the adoption and reaches the database after it is refused, not applied to locked
minutes; and each saves only the fields it changed, so it never writes back someone
else's older values."""

import calendar
import datetime as dt
import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from chibo.core.concurrency import apply_edits, lock
from chibo.core.services import (
    Conflict,
    ServiceError,
    bulk_create_with_actor,
    create_with_actor,
    delete_with_actor,
    validate,
    with_actor,
)
from chibo.core.vi import nfc, nfc_lines
from chibo.documents.numbering import issue_for_minutes
from chibo.meetings import events, rules
from chibo.meetings.adoption import adoption_unmet
from chibo.meetings.events import collect
from chibo.meetings.models import (
    AgendaItem,
    Attendance,
    Guest,
    Meeting,
    MeetingDocument,
    MeetingKind,
    MeetingStatus,
    MinutesVersion,
    Presence,
    Section,
    Speech,
    Task,
    TaskResult,
    TaskReview,
    TaskStatus,
)
from chibo.meetings.selectors import quality_score, roll_call
from chibo.meetings.snapshot import content_hash, minutes_snapshot
from chibo.members.models import PartyMember, Position
from chibo.members.selectors_states import states_on
from chibo.notifications.services import notify
from chibo.policies.selectors import policy_book

AGENDA_TEMPLATE = [
    "Khai mạc: thu đảng phí; điểm danh (tổng số, chính thức, dự bị, miễn sinh hoạt, có mặt, "
    "vắng có lý do, vắng không lý do); giới thiệu khách mời; thông qua chương trình; cử thư ký",
    "Đánh giá kết quả thực hiện nghị quyết tháng trước: kết quả, tồn tại, hạn chế, nguyên "
    "nhân; kiểm điểm nhiệm vụ được phân công của từng đảng viên",
    "Thông tin thời sự trong nước, quốc tế, địa phương; chủ trương, chính sách mới",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Thảo luận; tự phê bình và phê bình",
    "Phương hướng, nhiệm vụ tháng tới; phân công nhiệm vụ",
    "Kết luận của đồng chí chủ trì; biểu quyết nghị quyết; chấm điểm chất lượng buổi sinh "
    "hoạt; thông qua biên bản",
]
THEMATIC_AGENDA = [
    "Khai mạc: điểm danh; giới thiệu khách mời; thông qua chương trình; cử thư ký",
    "Trình bày chuyên đề",
    "Thảo luận chuyên đề",
    "Đồng chí bí thư kết luận; biểu quyết; thông qua biên bản",
]
CONTENT_FIELDS = [
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
    "draft_resolution",
    "place",
    "dues_collected",
]
ALLOWED_DOCUMENT_TYPES = {
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".jpg",
    ".jpeg",
    ".png",
    ".odt",
    ".txt",
}
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


LOCKED_MESSAGE = (
    "Biên bản đã được thông qua và khóa; chỉ có thể đính chính bằng một bản sửa đổi có "
    "ghi lý do."
)


class MeetingLocked(Conflict):
    """The minutes were adopted; only an amendment may change them."""


class AlreadyAdopted(MeetingLocked):
    """A second adopt (a double tap, another device): the minutes stand as adopted."""

    def __init__(self, version: MinutesVersion):
        self.version = version
        super().__init__(
            f"Biên bản đã được thông qua trước đó (bản số {version.number}, mã kiểm tra "
            f"{version.content_hash[:12]}…); không cần thông qua lại."
        )


def ensure_editable(meeting: Meeting) -> None:
    """Take the meeting's row lock, reload it, and refuse if it is adopted or cancelled.
    Call it first in the transaction of any write to the meeting or its parts."""
    lock(meeting)
    if meeting.status == MeetingStatus.ADOPTED:
        raise MeetingLocked(LOCKED_MESSAGE)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ServiceError("Buổi sinh hoạt này đã bị hủy.")


def _save(meeting: Meeting, actor, *fields: str) -> None:
    """Write only `fields` (with history of who acted). With no field, the meeting's
    history still records that this person changed one of its parts."""
    with_actor(meeting, actor).save(update_fields=list(fields) or ["status"])


def _local(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour=hour)))


def _day_in_month(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _audience(cell, day: dt.date) -> list:
    """Who else is told of a meeting's time and place (the apps listening to
    meeting_audience: supervision names the officials following the cell on that day)."""
    return collect(events.meeting_audience, Meeting, cell=cell, day=day)


def _member_users(cell):
    return [
        m.user
        for m in PartyMember.objects.filter(organization=cell, user__isnull=False).select_related(
            "user"
        )
    ]


def _fill_agenda(meeting: Meeting, actor=None) -> None:
    # The default agenda is a rule (meeting.agenda_regular / meeting.agenda_thematic) a
    # committee may reword; the constants above are its seeded text.
    key = "meeting.agenda_thematic" if meeting.kind == MeetingKind.THEMATIC else (
        "meeting.agenda_regular")
    day = timezone.localtime(meeting.scheduled_at).date()
    items = list(policy_book([key], on=day, organization=meeting.organization)[key])
    if meeting.kind == MeetingKind.REGULAR:
        # What other apps bring to the meeting (supervision: the answers received since
        # the last meeting) goes before the news of the month.
        items[2:2] = collect(events.agenda_contributions, Meeting, meeting=meeting)
    bulk_create_with_actor(
        AgendaItem,
        [AgendaItem(meeting=meeting, order=i, title=title) for i, title in enumerate(items, 1)],
        actor,
    )


def agenda_insert(meeting: Meeting, title: str, *, position: int = 3, actor=None) -> bool:
    """Put one item into a meeting's agenda at `position`, moving the rest down. A
    meeting adopted or cancelled meanwhile is left alone (False): what was to go on its
    agenda waits for the next one."""
    lock(meeting)
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.HELD):
        return False
    items = list(meeting.agenda.order_by("order", "id"))
    items.insert(position - 1, AgendaItem(meeting=meeting, title=title[:300], order=0))
    for order, item in enumerate(items, 1):
        item.order = order
    delete_with_actor(AgendaItem.objects.filter(meeting=meeting), actor)
    bulk_create_with_actor(
        AgendaItem,
        [AgendaItem(meeting=meeting, order=i.order, title=i.title, notes=i.notes) for i in items],
        actor,
    )
    return True


def _has_committee(cell) -> bool:
    return PartyMember.objects.filter(
        organization=cell, position__in=[Position.DEPUTY, Position.COMMITTEE]
    ).exists()  # a cell with only a bí thư has no chi ủy to meet


@transaction.atomic
def plan_month(
    *, actor, cells, year: int, month: int, notify_members: bool = True
) -> list[Meeting]:
    """The regular meeting of each cell for the month on the policy's day, and its chi ủy
    meeting a few days before where the cell has a chi ủy. Existing plans are kept."""
    created = []
    for cell in cells:
        lock(cell)  # two people planning the same month: the second sees the first's plan
        first = dt.date(year, month, 1)
        book = policy_book(
            ["meeting.regular_day", "meeting.committee_days_before", "meeting.start_hour"],
            on=first,
            organization=cell,
        )
        regular_day = _day_in_month(year, month, book["meeting.regular_day"])
        wanted = [(MeetingKind.REGULAR, regular_day)]
        if _has_committee(cell):
            before = regular_day - dt.timedelta(days=book["meeting.committee_days_before"])
            wanted.append((MeetingKind.COMMITTEE, max(before, first)))
        existing = set(
            Meeting.objects.filter(organization=cell, period=first).values_list("kind", flat=True)
        )
        for kind, day in wanted:
            if kind in existing:
                continue
            meeting = Meeting(
                organization=cell,
                kind=kind,
                period=first,
                scheduled_at=_local(day, book["meeting.start_hour"]),
                place=cell.address,
            )
            with_actor(meeting, actor).save()
            _fill_agenda(meeting, actor)
            created.append(meeting)
        if notify_members and any(m.organization_id == cell.id for m in created):
            regular = next(m for m in created if m.organization_id == cell.id)
            notify(
                _member_users(cell)
                + _audience(cell, timezone.localtime(regular.scheduled_at).date()),
                f"{cell.name} – {regular.get_kind_display()} tháng {month:02d}/{year}: "
                f"{timezone.localtime(regular.scheduled_at):%H:%M ngày %d/%m/%Y}"
                f"{', tại ' + regular.place if regular.place else ''}.",
                f"/meetings/{regular.pk}/",
            )
    return created


@transaction.atomic
def meeting_create(
    *,
    actor,
    cell,
    kind: str,
    scheduled_at: dt.datetime,
    topic: str = "",
    place: str = "",
    combined_with_regular: bool = False,
) -> Meeting:
    if not cell.is_cell or not cell.is_active:
        raise ServiceError("Chỉ lên lịch sinh hoạt cho một chi bộ đang hoạt động.")
    if kind == MeetingKind.THEMATIC and not nfc(topic):
        raise ServiceError({"topic": "Sinh hoạt chuyên đề cần có chủ đề."})
    local = timezone.localtime(scheduled_at).date()
    period = local.replace(day=1)
    lock(cell)
    if (
        kind != MeetingKind.THEMATIC
        and Meeting.objects.filter(organization=cell, kind=kind, period=period).exists()
    ):
        raise ServiceError(
            f"Chi bộ đã có lịch {MeetingKind(kind).label.lower()} tháng {period:%m/%Y}."
        )
    meeting = Meeting(
        organization=cell,
        kind=kind,
        period=period,
        scheduled_at=scheduled_at,
        topic=nfc(topic),
        place=nfc(place) or cell.address,
        combined_with_regular=combined_with_regular and kind == MeetingKind.THEMATIC,
    )
    validate(meeting)
    with_actor(meeting, actor).save()
    _fill_agenda(meeting, actor)
    notify(
        _member_users(cell) + _audience(cell, local),
        f"{cell.name} – {meeting.get_kind_display()}"
        f"{': ' + meeting.topic if meeting.topic else ''} – "
        f"{timezone.localtime(scheduled_at):%H:%M ngày %d/%m/%Y}.",
        f"/meetings/{meeting.pk}/",
    )
    return meeting


@transaction.atomic
def meeting_reschedule(
    *, actor, meeting: Meeting, scheduled_at: dt.datetime, reason: str, place: str | None = None
) -> Meeting:
    ensure_editable(meeting)
    if meeting.started_at:
        raise ServiceError("Buổi sinh hoạt đã diễn ra; không đổi lịch được.")
    if not nfc(reason):
        raise ServiceError({"reason": "Cần ghi lý do đổi lịch."})
    old = timezone.localtime(meeting.scheduled_at)
    meeting.scheduled_at = scheduled_at
    meeting.reschedule_reason = nfc(reason)
    if place is not None:
        meeting.place = nfc(place)
    _save(meeting, actor, "scheduled_at", "reschedule_reason", "place")
    new = timezone.localtime(scheduled_at)
    notify(
        _member_users(meeting.organization) + _audience(meeting.organization, new.date()),
        f"{meeting.organization.name}: đổi lịch {meeting.get_kind_display().lower()} "
        f"từ {old:%H:%M %d/%m/%Y} sang "
        f"{new:%H:%M %d/%m/%Y}. Lý do: {meeting.reschedule_reason}",
        f"/meetings/{meeting.pk}/",
    )
    return meeting


@transaction.atomic
def agenda_set(*, actor, meeting: Meeting, titles: list[str]) -> None:
    ensure_editable(meeting)
    titles = [nfc(t) for t in titles if nfc(t)]
    if not titles:
        raise ServiceError("Chương trình cần ít nhất một nội dung.")
    delete_with_actor(meeting.agenda.all(), actor)
    bulk_create_with_actor(
        AgendaItem,
        [AgendaItem(meeting=meeting, order=i, title=t[:300]) for i, t in enumerate(titles, 1)],
        actor,
    )
    _save(meeting, actor)  # history: who changed the agenda, when


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
    _save(meeting, actor, *changed)
    return meeting


COMMITTEE_POSITIONS = [Position.SECRETARY, Position.DEPUTY, Position.COMMITTEE]


def expected_members(meeting: Meeting):
    """Who is called at this meeting: the whole cell, or for a chi ủy meeting the chi ủy
    (bí thư, phó bí thư, chi ủy viên)."""
    # A member struck from the list (the higher committee's decision) is not called.
    members = PartyMember.objects.filter(organization=meeting.organization).exclude(
        status="removed"
    )
    if meeting.kind == MeetingKind.COMMITTEE:
        members = members.filter(position__in=COMMITTEE_POSITIONS)
    return members


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
    _save(meeting, actor, "status", "roll_expected", "roll_present", "roll_away")
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
    _save(meeting, actor)
    return guest


@transaction.atomic
def guest_remove(*, actor, meeting: Meeting, guest_id: int) -> None:
    ensure_editable(meeting)
    delete_with_actor(meeting.guests.filter(pk=guest_id), actor)


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
def task_reviews_record(*, actor, meeting: Meeting, entries: list[dict]) -> int:
    """The results of earlier tasks reported at this meeting, all or nothing.

    entries: [{"task": Task, "result": done|partly|not_done|"", "comment": "..."}]. A
    task without a result is not reported and stays open; a comment needs a result.
    Returns how many were recorded. Any bad row refuses the whole list."""
    ensure_editable(meeting)
    errors, clean = [], []
    for entry in entries:
        task, result = entry["task"], entry.get("result") or ""
        comment = nfc(entry.get("comment") or "")
        if task.organization_id != meeting.organization_id:
            errors.append(f"{task.title}: nhiệm vụ không thuộc chi bộ này.")
        elif result and result not in TaskResult.values:
            errors.append(f"{task.title}: kết quả không hợp lệ.")
        elif comment and not result:
            errors.append(f"{task.title}: cần chọn kết quả trước khi ghi nhận xét.")
        elif len(comment) > 500:
            errors.append(f"{task.title}: nhận xét dài quá 500 ký tự.")
        elif result:
            clean.append((task, result, comment))
    if errors:
        raise ServiceError(errors)
    existing = {r.task_id: r for r in meeting.task_reviews.all()}
    for task, result, comment in clean:
        review = existing.get(task.pk) or TaskReview(task=task, meeting=meeting)
        if review.pk and (review.result, review.comment) == (result, comment):
            continue
        review.result, review.comment = result, comment
        with_actor(review, actor).save()
    if clean:
        _save(meeting, actor)
    return len(clean)


def task_review_record(
    *, actor, meeting: Meeting, task: Task, result: str, comment: str = ""
) -> TaskReview:
    """One task's result (the same rules as the list)."""
    task_reviews_record(
        actor=actor,
        meeting=meeting,
        entries=[{"task": task, "result": result or "?", "comment": comment}],
    )
    return TaskReview.objects.get(task=task, meeting=meeting)


@transaction.atomic
def task_assign(
    *, actor, meeting: Meeting, assignee: PartyMember, title: str, deadline: dt.date
) -> Task:
    ensure_editable(meeting)
    if assignee.organization_id != meeting.organization_id:
        raise ServiceError({"assignee": "Người được giao phải là đảng viên của chi bộ."})
    if not nfc(title):
        raise ServiceError({"title": "Cần ghi nội dung nhiệm vụ."})
    if deadline < timezone.localtime(meeting.scheduled_at).date():
        raise ServiceError({"deadline": "Thời hạn phải sau ngày sinh hoạt."})
    task = Task(
        organization=meeting.organization,
        meeting=meeting,
        assignee=assignee,
        title=nfc(title),
        deadline=deadline,
    )
    with_actor(task, actor).save()
    if assignee.user_id:
        notify(
            [assignee.user],
            f"Nhiệm vụ mới: {task.title} (hạn {deadline:%d/%m/%Y}).",
            "/meetings/tasks/",
        )
    return task


@transaction.atomic
def task_remove(*, actor, meeting: Meeting, task_id: int) -> None:
    ensure_editable(meeting)
    delete_with_actor(meeting.tasks.filter(pk=task_id), actor)


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
    _save(meeting, actor, *changed)
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
    _save(meeting, actor, "score_items")
    return quality_score(meeting)


@transaction.atomic
def meeting_adopt(*, actor, meeting: Meeting) -> MinutesVersion:
    """The minutes were read out and adopted: freeze them, all or nothing. Adopting
    again answers AlreadyAdopted (with the version's number and hash), not an error of
    the server."""
    lock(meeting)
    if meeting.status == MeetingStatus.ADOPTED:
        raise AlreadyAdopted(meeting.versions.order_by("number").first())
    ensure_editable(meeting)
    # One rule with the adopt page (meetings.adoption): roll call complete, times, vote
    # (not at a chi ủy meeting), chair and minute-taker, ended, no «Dự thảo».
    unmet = adoption_unmet(meeting)
    if unmet:
        raise ServiceError(unmet.messages)
    meeting.status = MeetingStatus.ADOPTED
    meeting.adopted_at = timezone.now()
    meeting.adopted_by = actor
    _save(meeting, actor, "status", "adopted_at", "adopted_by")
    # A task reported done at this meeting is closed; others stay open and come back.
    for review in meeting.task_reviews.select_related("task"):
        task = review.task
        task.last_result = review.result
        if review.result == TaskResult.DONE:
            task.status, task.closed_at = (
                TaskStatus.DONE,
                timezone.localtime(meeting.scheduled_at).date(),
            )
        with_actor(task, actor).save()
    # In this transaction: what the adoption settles elsewhere (supervision: the answers
    # on the agenda are reported) is adopted or rolled back with the minutes.
    events.meeting_adopted.send(Meeting, meeting=meeting, actor=actor)
    snapshot = minutes_snapshot(meeting)
    # Numbered in this transaction (so a failed adoption gives its number back) and
    # inside the hash; versions adopted before numbers existed keep verifying.
    numbers = issue_for_minutes(actor=actor, meeting=meeting, snapshot=snapshot)
    if numbers:
        snapshot["numbers"] = numbers
    # The score is frozen with the first version (amendments never change it).
    meeting.quality_total = snapshot["score"]["total"]
    meeting.quality_band = snapshot["score"]["band"]
    # A copy of the snapshot's figures, not a change: no second history row.
    Meeting.objects.filter(pk=meeting.pk).update(
        quality_total=meeting.quality_total, quality_band=meeting.quality_band
    )
    return create_with_actor(
        MinutesVersion,
        actor,
        meeting=meeting,
        number=1,
        snapshot=snapshot,
        content_hash=content_hash(snapshot),
        created_by=actor,
    )


AMENDABLE = {
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
}


@transaction.atomic
def minutes_amend(*, actor, meeting: Meeting, reason: str, content: dict) -> MinutesVersion:
    """A correction after adoption: a new version with a reason; the earlier versions
    and the meeting's own rows stay as they were."""
    lock(meeting)  # two corrections at once: the second builds on the first
    if meeting.status != MeetingStatus.ADOPTED:
        raise ServiceError(
            "Chỉ đính chính biên bản đã thông qua; biên bản chưa thông qua thì sửa trực tiếp."
        )
    if not nfc(reason):
        raise ServiceError({"reason": "Cần ghi lý do đính chính."})
    unknown = set(content) - AMENDABLE
    if unknown:
        raise ServiceError(f"Không đính chính được các mục: {', '.join(sorted(unknown))}.")
    latest = meeting.versions.order_by("-number").first()
    snapshot = json.loads(json.dumps(latest.snapshot))
    changed = {k: v.strip() for k, v in content.items() if snapshot["content"].get(k) != v.strip()}
    if not changed:
        raise ServiceError("Bản đính chính không khác bản hiện hành.")
    snapshot["content"].update(changed)
    snapshot["version"] = latest.number + 1
    snapshot["amendment_reason"] = nfc(reason)
    return create_with_actor(
        MinutesVersion,
        actor,
        meeting=meeting,
        number=latest.number + 1,
        snapshot=snapshot,
        content_hash=content_hash(snapshot),
        reason=nfc(reason),
        created_by=actor,
    )


@transaction.atomic
def document_attach(*, actor, meeting: Meeting, upload, title: str = "") -> MeetingDocument:
    ensure_editable(meeting)
    suffix = Path(upload.name).suffix.lower()
    if suffix not in ALLOWED_DOCUMENT_TYPES:
        raise ServiceError({"file": "Chỉ nhận tệp PDF, Word, Excel, ảnh JPG/PNG hoặc văn bản."})
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ServiceError({"file": "Tệp quá lớn (tối đa 10 MB)."})
    document = MeetingDocument(
        meeting=meeting,
        title=nfc(title) or upload.name,
        file=upload,
        size=upload.size,
        uploaded_by=actor,
    )
    with_actor(document, actor).save()
    return document


@transaction.atomic
def document_remove(*, actor, meeting: Meeting, document_id: int) -> None:
    """Take back a document attached by mistake (before adoption only)."""
    ensure_editable(meeting)
    document = meeting.documents.filter(pk=document_id).first()
    if document is None:
        return
    name = document.file.name
    with_actor(document, actor).delete()
    _save(meeting, actor)  # history: who changed the documents, when
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: document.file.storage.delete(name))


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting, reason: str) -> Meeting:
    ensure_editable(meeting)
    if not nfc(reason):
        raise ServiceError({"reason": "Cần ghi lý do hủy."})
    meeting.status = MeetingStatus.CANCELLED
    meeting.reschedule_reason = nfc(reason)
    _save(meeting, actor, "status", "reschedule_reason")
    return meeting
