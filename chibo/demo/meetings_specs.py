from __future__ import annotations

import datetime as dt
import hashlib
import json
import zlib
from dataclasses import dataclass, field

from django.utils import timezone

from chibo.meetings.models import (
    AgendaItem,
    Attendance,
    Guest,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MinutesVersion,
    Presence,
    Speech,
    Task,
    TaskReview,
    TaskStatus,
)
from chibo.members.models import MemberStatus
from chibo.policies.selectors import policy_book

MINUTES_CHUNK = 500  # adopted meetings whose snapshots are in memory at once
ROWS_CHUNK = 2_000  # meetings whose roll calls, guests, agendas and speeches go at once
CHANGE_REASON = "Dữ liệu mẫu"
MEETING_POLICY_KEYS = [
    "meeting.regular_day",
    "meeting.agenda_regular",
    "meeting.agenda_thematic",
    "meeting.committee_days_before",
    "meeting.start_hour",
    "meeting.min_minutes",
    "meeting.min_minutes_combined",
    "meeting.quality_rubric",
    "meeting.quality_bands",
    "vote.majority",
    "absence.flag_months",
    "document.term_start",
    "document.issuer_symbol",
]
# Tables worth fresh planner statistics after the load (load.analyze_tables).
MEETINGS_ANALYZED = [Meeting, Meeting.history.model, Attendance, Task, Task.history.model,
                     TaskReview, MinutesVersion, AgendaItem, Speech, Guest]

# Shares of cells (see the module docstring).
SOME_SKIPS, MANY_SKIPS = 0.10, 0.05
LOW_ATTENDANCE = 0.07
MISSED_QUARTER = 0.08
COMBINED_THEMATIC = 0.4
NOT_ADOPTED_YET = 0.15  # of the current month's meetings already held
FLAGGED = (24, 34)

FULL, PROBATIONARY, EXEMPT = MemberStatus.FULL, MemberStatus.PROBATIONARY, MemberStatus.EXEMPT
PRESENT, EXCUSED, UNEXCUSED = Presence.PRESENT, Presence.EXCUSED, Presence.UNEXCUSED
REGULAR, THEMATIC, COMMITTEE = MeetingKind.REGULAR, MeetingKind.THEMATIC, MeetingKind.COMMITTEE


class Policies:
    """The general rules in force on a day, one query per day asked. The demo's tree is
    new, so none of its committees has issued a rule of its own."""

    def __init__(self, keys=MEETING_POLICY_KEYS):
        self._keys = list(keys)
        self._books = {}

    def __call__(self, day: dt.date):
        book = self._books.get(day)
        if book is None:
            book = self._books[day] = policy_book(self._keys, on=day)
        return book


# ---------------------------------------------------------------------------------------
# The plan: plain objects.


@dataclass(eq=False, slots=True)  # a million and a half of them in the province
class RollEntry:
    member: object  # demo.MemberSpec
    status: str  # on the day
    presence: str
    reason: str = ""


@dataclass(eq=False, slots=True)
class TaskSpec:
    meeting: MeetingSpec
    assignee: object  # demo.MemberSpec
    title: str
    deadline: dt.date
    status: str = TaskStatus.OPEN
    last_result: str = ""
    closed_at: dt.date | None = None
    instance: Task | None = None


@dataclass(eq=False, slots=True)
class ReviewSpec:
    task: TaskSpec
    result: str
    comment: str = ""


@dataclass(eq=False, slots=True)
class SpeechSpec:
    section: str
    member: object | None  # demo.MemberSpec, None for a guest
    speaker: str
    text: str


@dataclass(eq=False, slots=True)  # about 90,000 of them in the province
class MeetingSpec:
    cell: object  # demo.OrgSpec
    kind: str
    period: dt.date
    scheduled_at: dt.datetime  # UTC, as the database gives it back
    place: str = ""
    topic: str = ""
    combined: bool = False
    status: str = MeetingStatus.PLANNED
    reschedule_reason: str = ""
    draft_resolution: str = ""
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    chair: object | None = None
    minute_taker: object | None = None
    dues_collected: bool = False
    # The minutes' texts by field (`content`), kept compressed: as plain strings they took
    # a third of the plan (19 MB of the city's 58, measured), all there at once.
    texts: bytes = b""
    votes: tuple[int, int, int] | None = None
    score_items: dict = field(default_factory=dict)
    adopted_at: dt.datetime | None = None
    attendance: list[RollEntry] = field(default_factory=list)
    guests: list[dict] = field(default_factory=list)
    agenda: list[str] = field(default_factory=list)
    speeches: list[SpeechSpec] = field(default_factory=list)
    tasks: list[TaskSpec] = field(default_factory=list)  # assigned here
    reviews: list[ReviewSpec] = field(default_factory=list)  # reviewed here
    presenter: object | None = None  # of a thematic meeting
    quality: float = 0.0  # the share of points the cell gives itself for this meeting
    instance: Meeting | None = None
    texts_digest: bytes = b""  # of `content`, once the texts have left (drop_texts)
    day: dt.date = field(init=False)  # the local date (scheduled_at never changes)

    def __post_init__(self):
        self.day = timezone.localtime(self.scheduled_at).date()

    @property
    def content(self) -> dict:
        return json.loads(zlib.decompress(self.texts)) if self.texts else {}

    @content.setter
    def content(self, value: dict) -> None:
        self.texts = zlib.compress(json.dumps(value, ensure_ascii=False).encode()) if value \
            else b""

    def content_digest(self) -> bytes:
        if self.texts_digest:
            return self.texts_digest
        return hashlib.sha256(repr(sorted(self.content.items())).encode()).digest()

    def drop_texts(self) -> None:
        """Once the row is written, the texts stay there only (meetings_write.write_meetings):
        the content's digest is kept for YearPlan.digest."""
        self.texts_digest = self.content_digest()
        self.texts = b""
        self.draft_resolution = ""

    @property
    def held(self) -> bool:
        return self.status in (MeetingStatus.HELD, MeetingStatus.ADOPTED)

    @property
    def duration_minutes(self) -> int | None:
        if self.started_at and self.ended_at:
            return int((self.ended_at - self.started_at).total_seconds() // 60)
        return None


@dataclass(eq=False)
class Habits:
    """How a cell meets: drawn once per cell."""

    group: str  # texts.GROUPS
    regularity: str  # "regular", "some" (skips 1–3 months), "many" (skips 4–6)
    low_attendance: bool
    absent_rate: float
    unexcused_share: float
    quality: float  # share of the points of the criteria the cell scores itself
    done_rate: float  # share of tasks done at their first review
    hour: tuple[int, int]
    committee: list  # chi ủy members (demo.MemberSpec)
    minute_taker: object | None
    local_guest: tuple[str, str] | None
    skipped: list[dt.date] = field(default_factory=list)
    missed_quarter: tuple[int, int] | None = None
    # (member, status) → the entry of the member present (meetings_steps._present); emptied
    # once the year is planned.
    present: dict = field(default_factory=dict)


@dataclass
class YearPlan:
    today: dt.date
    months: list[dt.date]
    flag_year: int
    flag_threshold: int  # absence.flag_months
    meetings: list[MeetingSpec]
    tasks: list[TaskSpec]
    habits: dict[int, Habits]  # id(cell) → its habits
    flagged: list  # demo.MemberSpec
    flag_months: dict[int, list[dt.date]] = field(default_factory=dict)  # id(member) → months
    # id(meeting spec) → (total, band) of its score (meetings_write.scores)
    scores: dict[int, tuple] = field(default_factory=dict)
    supervision: object | None = None  # SupervisionPlan

    def digest(self) -> str:
        """SHA-256 over what the plan says (equal seeds and days, equal digests)."""
        h = hashlib.sha256()
        for m in self.meetings:
            h.update(repr((
                m.cell.name, m.cell.parent.name if m.cell.parent else "", m.kind, m.period,
                m.scheduled_at, m.status, m.topic, m.reschedule_reason, m.started_at,
                m.ended_at, m.votes, sorted(m.score_items.items()),
                m.content_digest(),
                [(a.member.card_number, a.status, a.presence, a.reason) for a in m.attendance],
                [(t.title, t.assignee.card_number, t.status, t.last_result) for t in m.tasks],
                [(r.task.title, r.result) for r in m.reviews],
                [(s.speaker, s.text) for s in m.speeches],
                [g["name"] for g in m.guests],
            )).encode())
        return h.hexdigest()


@dataclass
class MeetingsSummary:
    months: list[dt.date]
    by_kind: dict[str, int]
    by_status: dict[str, int]
    attendance: int
    guests: int
    speeches: int
    agenda_items: int
    tasks: int
    open_tasks: int
    reviews: int
    minutes: int
    bands: dict[str, int]
    flag_year: int
    flag_threshold: int
    flagged: list[int]  # member ids
    skipped: dict[int, list[dt.date]]  # organization id → months without a regular meeting
    missed_quarters: dict[int, tuple[int, int]]  # organization id → (year, quarter)
    low_attendance: list[int]  # organization ids
    digest: str
    seconds: float = 0.0
    supervision: object | None = None  # SupervisionSummary
