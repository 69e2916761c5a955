"""What must hold before minutes are adopted: one rule, which `services.meeting_adopt`
enforces (it raises with these messages) and the adopt page lists before anyone confirms.

- The roll call is complete: every member called to this meeting is marked — the whole
  cell (members struck from the list aside), or for a chi ủy meeting the chi ủy only
  (bí thư, phó bí thư, chi ủy viên; `selectors.expected_members`). The minutes' totals
  and who counts in the vote need everyone called, and nobody else.
- The start and end times, the chair and the minute-taker are recorded.
- The resolution's vote is recorded, except at a chi ủy meeting: its minutes are the
  committee's working record, with no resolution put to the cell's vote.
- The meeting has ended (the times recorded count, not the planned one).
- The resolution no longer reads as a draft («Dự thảo»).
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from chibo.documents.context import DRAFT_WORDS
from chibo.meetings.models import Meeting, MeetingKind
from chibo.meetings.selectors import expected_members


@dataclass(frozen=True)
class Unmet:
    """The prerequisites not met: `missing` (parts still to record, listed under "còn
    thiếu"), `refusals` (whole sentences), and how many called members are not on the
    roll yet."""

    missing: tuple[str, ...] = ()
    refusals: tuple[str, ...] = ()
    unmarked: int = 0

    def __bool__(self) -> bool:
        return bool(self.missing or self.refusals)

    @property
    def messages(self) -> list[str]:
        """Everything unmet, as the service raises it."""
        head = []
        if self.missing:
            head = ["Chưa thể thông qua biên bản; còn thiếu: " + ", ".join(self.missing) + "."]
        return head + list(self.refusals)


def not_held(started_at: dt.datetime | None, ended_at: dt.datetime | None, now) -> str:
    """Why the minutes cannot be adopted yet (the meeting has not ended; at its very start
    neither), or "" once it has. Only the times recorded count."""
    moments = [t for t in (started_at, ended_at) if t]
    if moments and all(t <= now for t in moments) and min(moments) < now:
        return ""
    if not moments:
        return ""  # no time recorded: listed as missing instead
    last = timezone.localtime(max(moments))
    return (
        "Chưa thể thông qua biên bản: buổi sinh hoạt chưa diễn ra xong (kết thúc lúc "
        f"{last:%H} giờ {last:%M} phút ngày {last:%d/%m/%Y}). Biên bản chỉ được thông "
        "qua sau khi buổi sinh hoạt kết thúc."
    )


DRAFT_REFUSAL = "Nội dung nghị quyết còn ghi «Dự thảo»; sửa ở phần Kết luận, biểu quyết."


def unmet(
    *,
    committee: bool,
    marked: int,
    unmarked: int,
    started_at: dt.datetime | None,
    ended_at: dt.datetime | None,
    votes_for: int | None,
    chair: bool,
    minute_taker: bool,
    resolution: str,
    now: dt.datetime,
) -> Unmet:
    """The rule, over plain values (no database): `marked` members on the roll,
    `unmarked` called members not on it yet."""
    missing = []
    if not marked:
        missing.append("điểm danh")
    elif unmarked:
        missing.append(f"điểm danh {unmarked} đảng viên còn lại")
    times = bool(started_at and ended_at)
    if not times:
        missing.append("giờ bắt đầu và kết thúc")
    if not committee and votes_for is None:
        missing.append("kết quả biểu quyết")
    if not chair or not minute_taker:
        missing.append("chủ trì và thư ký")
    refusals = []
    if times and (held := not_held(started_at, ended_at, now)):
        refusals.append(held)
    if DRAFT_WORDS.match(resolution or ""):
        refusals.append(DRAFT_REFUSAL)
    return Unmet(tuple(missing), tuple(refusals), unmarked)


def unmarked_count(meeting: Meeting) -> int:
    """Members called to this meeting and not on its roll yet (one query)."""
    recorded = meeting.attendance.values("member_id")
    return expected_members(meeting).exclude(pk__in=recorded).count()


def adoption_unmet(meeting: Meeting, *, now: dt.datetime | None = None) -> Unmet:
    """The rule applied to a meeting as it stands (two queries: the roll's size, the
    members called and not on it)."""
    return unmet(
        committee=meeting.kind == MeetingKind.COMMITTEE,
        marked=meeting.attendance.count(),
        unmarked=unmarked_count(meeting),
        started_at=meeting.started_at,
        ended_at=meeting.ended_at,
        votes_for=meeting.votes_for,
        chair=bool(meeting.chair_id),
        minute_taker=bool(meeting.minute_taker_id),
        resolution=meeting.resolution,
        now=now or timezone.now(),
    )
