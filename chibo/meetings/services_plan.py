"""A meeting's plan: the month's plan, a meeting scheduled, moved or cancelled, its
agenda, and the documents sent before it."""

import calendar
import datetime as dt
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from chibo.core.concurrency import lock
from chibo.core.services import (
    ServiceError,
    bulk_create_with_actor,
    delete_with_actor,
    validate,
    with_actor,
)
from chibo.core.vi import nfc
from chibo.meetings import events
from chibo.meetings.events import collect
from chibo.meetings.models import AgendaItem, Meeting, MeetingDocument, MeetingKind, MeetingStatus
from chibo.meetings.services_lock import (
    ensure_editable,
    figures_changed,
    member_users,
    save_fields,
)
from chibo.members.models import PartyMember, Position
from chibo.notifications.services import notify
from chibo.policies.selectors import policy_book

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


def _local(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour=hour)))


def _day_in_month(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _audience(cell, day: dt.date) -> list:
    """Who else is told of a meeting's time and place (the apps listening to
    meeting_audience: supervision names the officials following the cell on that day)."""
    return collect(events.meeting_audience, Meeting, cell=cell, day=day)


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
            figures_changed(meeting)
            created.append(meeting)
        if notify_members and any(m.organization_id == cell.id for m in created):
            regular = next(m for m in created if m.organization_id == cell.id)
            notify(
                member_users(cell)
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
    figures_changed(meeting)
    notify(
        member_users(cell) + _audience(cell, local),
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
    save_fields(meeting, actor, "scheduled_at", "reschedule_reason", "place")
    new = timezone.localtime(scheduled_at)
    notify(
        member_users(meeting.organization) + _audience(meeting.organization, new.date()),
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
    save_fields(meeting, actor)  # history: who changed the agenda, when


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
    save_fields(meeting, actor)  # history: who changed the documents, when
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: document.file.storage.delete(name))


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting, reason: str) -> Meeting:
    ensure_editable(meeting)
    if not nfc(reason):
        raise ServiceError({"reason": "Cần ghi lý do hủy."})
    meeting.status = MeetingStatus.CANCELLED
    meeting.reschedule_reason = nfc(reason)
    save_fields(meeting, actor, "status", "reschedule_reason")
    return meeting
