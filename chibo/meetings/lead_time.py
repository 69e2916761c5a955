"""Documents reach members before the meeting (policy `meeting.document_lead_days`).

The secretary sends the documents (`documents_mark_sent`: members are notified with the
meeting's link, the moment is kept on the meeting); `documents_status` compares that
moment with the deadline: the meeting's scheduled time minus the lead days, counted in
whole 24-hour days. Sent at the deadline or before is on time; a minute after, late.
Not sent: a warning while the deadline is ahead, a flag once it has passed."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from chibo.core.services import ServiceError
from chibo.meetings import services
from chibo.meetings.models import Meeting, MeetingKind, MeetingStatus
from chibo.notifications.services import notify
from chibo.policies.models import Policy
from chibo.policies.selectors import PolicyMissing, choose_versions, issuer_paths, policy

ON_TIME = "on_time"
LATE = "late"
DUE = "due"  # not sent, deadline still ahead
MISSED = "missed"  # not sent, deadline passed


def _fmt(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M ngày %d/%m/%Y}"


@dataclass(frozen=True)
class DocumentsStatus:
    state: str
    deadline: dt.datetime
    lead_days: int
    sent_at: dt.datetime | None

    @property
    def flagged(self) -> bool:
        return self.state in (LATE, MISSED)

    @property
    def message(self) -> str:
        days = f"{self.lead_days} ngày"
        if self.state == ON_TIME:
            return f"Tài liệu đã gửi đảng viên lúc {_fmt(self.sent_at)}, đúng hạn (trước {days})."
        if self.state == LATE:
            return (f"Tài liệu gửi muộn: gửi lúc {_fmt(self.sent_at)}, quy định phải gửi "
                    f"trước {days}, chậm nhất {_fmt(self.deadline)}.")
        if self.state == DUE:
            return (f"Chưa gửi tài liệu cho đảng viên: cần gửi chậm nhất {_fmt(self.deadline)} "
                    f"(trước buổi sinh hoạt {days}).")
        return (f"Không gửi tài liệu đúng hạn: quy định phải gửi đảng viên chậm nhất "
                f"{_fmt(self.deadline)} (trước {days}), đến nay chưa ghi nhận đã gửi.")


def lead_days(meeting: Meeting) -> int:
    day = timezone.localtime(meeting.scheduled_at).date()
    try:
        return int(policy("meeting.document_lead_days", on=day, organization=meeting.organization))
    except PolicyMissing:
        return 0


def documents_status(meeting: Meeting, *, now: dt.datetime | None = None) -> DocumentsStatus | None:
    """None for a cancelled meeting, or a committee's own (the rule is about documents
    for the cell's members). One query (the policy)."""
    if meeting.status == MeetingStatus.CANCELLED or meeting.kind == MeetingKind.COMMITTEE:
        return None
    days = lead_days(meeting)
    deadline = meeting.scheduled_at - dt.timedelta(days=days)
    sent = meeting.documents_sent_at
    if sent is not None:
        return DocumentsStatus(ON_TIME if sent <= deadline else LATE, deadline, days, sent)
    now = now or timezone.now()
    return DocumentsStatus(DUE if now <= deadline else MISSED, deadline, days, None)


def statuses(meetings, *, now: dt.datetime | None = None) -> dict[int, DocumentsStatus]:
    """{meeting id: status} for a page of meetings, their lead times read in one query
    (every version of the rule, chosen per meeting as `policy` does)."""
    versions = list(
        Policy.objects.filter(key="meeting.document_lead_days").select_related("issuer")
    )
    now = now or timezone.now()
    out = {}
    for meeting in meetings:
        if meeting.status == MeetingStatus.CANCELLED or meeting.kind == MeetingKind.COMMITTEE:
            continue
        day = timezone.localtime(meeting.scheduled_at).date()
        paths = set(issuer_paths(meeting.organization))
        rows = [v for v in versions if v.effective_from <= day
                and (v.issuer_id is None or v.issuer.path in paths)]
        chosen = choose_versions(rows).get("meeting.document_lead_days")
        days = int(chosen.value) if chosen else 0
        deadline = meeting.scheduled_at - dt.timedelta(days=days)
        sent = meeting.documents_sent_at
        if sent is not None:
            state = ON_TIME if sent <= deadline else LATE
        else:
            state = DUE if now <= deadline else MISSED
        out[meeting.pk] = DocumentsStatus(state, deadline, days, sent)
    return out


@transaction.atomic
def documents_mark_sent(*, actor, meeting: Meeting, sent_at: dt.datetime | None = None) -> Meeting:
    """Record that the documents went to the members (now, or at `sent_at` when they were
    handed out on paper earlier) and tell the members, with the meeting's link."""
    services.ensure_editable(meeting)
    now = timezone.now()
    sent_at = sent_at or now
    if meeting.documents_sent_at is not None:
        raise ServiceError(
            f"Đã ghi nhận gửi tài liệu lúc {_fmt(meeting.documents_sent_at)}."
        )
    if sent_at > now:
        raise ServiceError({"sent_at": "Thời điểm gửi tài liệu không được ở tương lai."})
    meeting.documents_sent_at = sent_at
    services.save_fields(meeting, actor, "documents_sent_at")
    local = timezone.localtime(meeting.scheduled_at)
    notify(
        services.member_users(meeting.organization),
        f"Tài liệu buổi {meeting.get_kind_display().lower()} {local:%H:%M ngày %d/%m/%Y} của "
        f"{meeting.organization.name} đã được gửi; đồng chí xem trước khi sinh hoạt.",
        reverse("meetings:detail", args=[meeting.pk]),
    )
    return meeting
