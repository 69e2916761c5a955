from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import cached_property

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

MINUTES_CHUNK = 2_000
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


@dataclass(eq=False)
class TaskSpec:
    meeting: MeetingSpec
    assignee: object  # demo.MemberSpec
    title: str
    deadline: dt.date
    status: str = TaskStatus.OPEN
    last_result: str = ""
    closed_at: dt.date | None = None
    instance: Task | None = None


@dataclass(eq=False)
class ReviewSpec:
    task: TaskSpec
    result: str
    comment: str = ""


@dataclass(eq=False)
class SpeechSpec:
    section: str
    member: object | None  # demo.MemberSpec, None for a guest
    speaker: str
    text: str


@dataclass(eq=False)
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
    content: dict = field(default_factory=dict)
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

    @cached_property
    def day(self) -> dt.date:
        """The local date (scheduled_at never changes once the spec exists)."""
        return timezone.localtime(self.scheduled_at).date()

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
    scores: dict[int, dict] = field(default_factory=dict)  # id(meeting spec) → its score
    supervision: object | None = None  # SupervisionPlan

    def digest(self) -> str:
        """SHA-256 over what the plan says (equal seeds and days, equal digests)."""
        h = hashlib.sha256()
        for m in self.meetings:
            h.update(repr((
                m.cell.name, m.cell.parent.name if m.cell.parent else "", m.kind, m.period,
                m.scheduled_at, m.status, m.topic, m.reschedule_reason, m.started_at,
                m.ended_at, m.votes, sorted(m.score_items.items()),
                sorted(m.content.items()),
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
