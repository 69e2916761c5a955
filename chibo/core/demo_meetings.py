"""A year of meetings for the demo city or province (chibo.core.demo): the 12 months
ending with the month of `plan.today`, for every cell, and the next month's plans.

    year = plan_year(plan, policies)   # plain objects; pure Python given the policy values
    summary = write_year(year, plan, policies)   # bulk inserts, minutes built in memory

`load_year(plan)` does both with the policies in the database (read once per day that has
a meeting), then writes the year's supervision (chibo.core.demo_supervision: who followed
and visited which cell, the concerns raised). What the year holds, by design (all drawn
from the plan's seed):

- every month, for every cell, a regular meeting on the policy's day (residential cells
  mostly at 19:30, others at the policy's start hour; workplace cells move a weekend day
  to Monday, and a few meetings are moved for another reason, always with the reason),
  a chi ủy meeting two days before where the cell has a chi ủy, and one thematic
  meeting per quarter (about 40% held in the same session as the regular meeting);
- about 85% of cells meet every month, 10% skip 1–3 months and 5% skip 4–6 (a skipped
  month has no meeting or a cancelled one, with the reason); about 8% miss the thematic
  meeting of one quarter; about 7% of cells have low attendance (60–75%); these shares
  are drawn among the cells there all year;
- a cell founded during the year (demo.Scale.lifecycle) meets from its first full month
  (the month after its founding), a dissolved one up to the month before its
  dissolution (dissolved on a 1st), never after it and with nothing planned; both meet
  every month they exist, with a thematic meeting in each quarter they have a month in,
  chaired by their own secretary (a dissolved cell's, who has since moved: demo.
  position_in); the roll call follows the memberships, so the members of a dissolved
  cell are on the absorbing cell's list from the day they moved;
- past meetings are held and adopted: the roll call of everyone on the cell's list on
  that day (status on the day; excused absences with reasons, a few unexcused), guests
  (the committee members who visited, from demo_supervision, and now and then the head
  of the residential area), times, chair (the secretary) and minute-taker, content, 1–4
  speeches, the review of earlier tasks, 1–3 new tasks, the vote, the cell's own score
  for the criteria without data, and minutes version 1 (the snapshot and its SHA-256, as
  `services.meeting_adopt` stores them);
- the meetings' report columns as the services write them: `roll_expected` and
  `roll_present` (rules.RollCall.expected and .expected_present over the roll call, as
  services.attendance_record) for every meeting with a roll call (held or adopted),
  `quality_total` and `quality_band` (the score frozen in minutes version 1, as
  services.meeting_adopt) for every adopted one; empty for the others;
- in the current month, meetings after `today` are planned, and some held meetings are
  not adopted yet; every cell's regular meeting of next month (and its chi ủy meeting) is
  planned already, as services.plan_month makes them;
- 24–34 members (per city: ten times that in the province) have unexcused absences in
  at least `absence.flag_months` months of the year with most months in the window (so
  `selectors.absence_flags` flags them); every other member has fewer, by construction.

Tasks follow their reviews: done at an adopted meeting → done, closed that day; partly or
not done → open with the last result; not reported → open, reviewed again next time.
Meetings and tasks get their history rows (bulk, "Dữ liệu mẫu"); the other rows of the
meetings app have no history.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from chibo.core import demo_texts as T
from chibo.core.demo_grading import insert_objects
from chibo.documents.models import DocumentCounter, DocumentNumber
from chibo.meetings import rules
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
from chibo.meetings.selectors import LONG_EXCUSED_MONTHS
from chibo.meetings.services import AGENDA_TEMPLATE, THEMATIC_AGENDA, content_hash
from chibo.meetings.snapshot import (
    AttendanceFact,
    MinutesFacts,
    ReviewFact,
    TaskFact,
    build_minutes,
)
from chibo.members.models import Gender, MemberStatus, Position
from chibo.policies.selectors import policy_book

MONTHS = 12
INSERT_CHUNK = 20_000
MINUTES_CHUNK = 2_000
PREPARED_TYPES = {"DateField", "DateTimeField", "TimeField", "JSONField"}
CHANGE_REASON = "Dữ liệu mẫu"
POLICY_KEYS = [
    "meeting.regular_day",
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
# Tables worth fresh planner statistics after the load (demo._analyze).
ANALYZED = [Meeting, Meeting.history.model, Attendance, Task, Task.history.model, TaskReview,
            MinutesVersion, AgendaItem, Speech, Guest]

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

    def __init__(self, keys=POLICY_KEYS):
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

    group: str  # demo_texts.GROUPS
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
    supervision: object | None = None  # demo_supervision.SupervisionPlan

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
    supervision: object | None = None  # demo_supervision.SupervisionSummary


# ---------------------------------------------------------------------------------------
# Public functions.


def load_year(plan, policies: Policies | None = None) -> MeetingsSummary:
    """Plan and write the year of `plan` (already written by demo.load_plan), with its
    supervision."""
    from chibo.core import demo_supervision

    started = time.perf_counter()
    policies = policies or Policies()
    year = plan_year(plan, policies)
    summary = write_year(year, plan, policies)
    summary.seconds = time.perf_counter() - started
    if year.supervision is not None:
        summary.supervision = demo_supervision.write(year.supervision, plan, year)
    return summary


def wipe() -> None:
    """Delete every meeting with all that hangs off it, and their history. Called by
    demo.wipe before the members and the tree go (PROTECT foreign keys)."""
    from chibo.core.demo import _delete_all

    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        for model in (DocumentNumber, DocumentCounter, MinutesVersion, TaskReview, Task,
                      Attendance, Guest, Speech, AgendaItem, MeetingDocument):
            _delete_all(model.objects.all())
        _delete_all(Meeting.objects.all())
        for model in (Meeting, Task):
            model.history.model.objects.all().delete()


def window(today: dt.date) -> list[dt.date]:
    """The first days of the MONTHS months ending with today's month."""
    months = []
    year, month = today.year, today.month
    for _ in range(MONTHS):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def flag_year_of(months: list[dt.date]) -> int:
    """The calendar year with most months in the window (the later one on a tie)."""
    counts = Counter(m.year for m in months)
    return max(counts, key=lambda y: (counts[y], y))


# ---------------------------------------------------------------------------------------
# Planning.


def plan_year(plan, policies, *, supervision: bool = True) -> YearPlan:
    """The year; with `supervision`, also who visited which meeting and the concerns
    raised (demo_supervision.plan_supervision: it adds the visitors to the meetings'
    guests and speeches, and the answers to the cells' agendas)."""
    from chibo.core import demo_supervision

    rng = random.Random(f"{plan.seed}:meetings")
    today = plan.today
    months = window(today)
    flag_year = flag_year_of(months)
    threshold = policies(dt.date(flag_year, 12, 31))["absence.flag_months"]
    cells = plan.cells
    rolls = _roll_lists(plan.members)
    # The designed shares, as exact counts drawn once for the whole tree, among the cells
    # there all year; a cell founded or dissolved during the year meets every month it
    # exists, with ordinary attendance.
    stable = [cell for cell in cells if cell.stable]
    n = len(stable)
    order = rng.sample(range(n), n)
    many = set(order[:round(MANY_SKIPS * n)])
    some = set(order[len(many):len(many) + round(SOME_SKIPS * n)])
    low = set(rng.sample(range(n), round(LOW_ATTENDANCE * n)))
    misses = set(rng.sample(range(n), round(MISSED_QUARTER * n)))
    habits = {
        id(cell): _habits(
            rng, cell, rolls[id(cell)], months, today,
            regularity="many" if i in many else "some" if i in some else "regular",
            low=i in low, misses_quarter=i in misses)
        for i, cell in enumerate(stable)
    }
    for cell in cells:
        if not cell.stable:
            habits[id(cell)] = _habits(rng, cell, rolls[id(cell)], months, today,
                                       regularity="regular", low=False, misses_quarter=False)
    flagged = _choose_flagged(rng, stable, habits, rolls, months, today, plan.factor)
    year = YearPlan(today, months, flag_year, threshold, [], [], habits, flagged)
    cap = _UnexcusedCap(threshold, flag_year, flagged)
    for cell in cells:
        _plan_cell(rng, year, cell, habits[id(cell)], rolls[id(cell)], policies, cap, threshold)
    _plan_next_month(random.Random(f"{plan.seed}:next-month"), year, cells, habits, rolls,
                     policies)
    _fill_score_items(random.Random(f"{plan.seed}:scores"), year, policies)
    year.scores = scores(year, policies)
    if supervision and plan.officials:
        year.supervision = demo_supervision.plan_supervision(plan, year)
    return year


def _roll_lists(members) -> dict[int, list]:
    """id(cell) → [(member, started_on, ended_on)] of everyone who belonged to it."""
    out: dict[int, list] = {}
    for m in members:
        for org, start, end, _reason in m.memberships:
            out.setdefault(id(org), []).append((m, start, end))
    return out


def _on_roll(entries, day: dt.date) -> list[tuple[object, str]]:
    """(member, status on `day`) for the cell's members on `day`."""
    out = []
    for m, start, end in entries:
        if start <= day and (end is None or day < end):
            out.append((m, _status_on(m, day)))
    return out


def _status_on(m, day: dt.date) -> str:
    if m.status == PROBATIONARY or (m.full_member_on and m.full_member_on > day):
        return PROBATIONARY
    if m.status == EXEMPT and m.exempt_from and m.exempt_from <= day:
        return EXEMPT
    return FULL


def _habits(rng, cell, roll_entries, months, today, *, regularity: str, low: bool,
            misses_quarter: bool) -> Habits:
    from chibo.core.demo import _name, position_in

    group = T.GROUPS[cell.profile]
    quality = _weighted(rng, [(0.95, 35), (0.86, 48), (0.72, 14), (0.55, 3)])
    if regularity == "many":
        quality = min(quality, 0.72)
    residential = cell.profile == "residential"
    if residential:
        hour = (19, 30) if rng.random() < 0.85 else (8, 0)
    else:
        hour = (0, 0) if rng.random() < 0.8 else (14, 0)  # (0, 0): the policy's start hour
    # Its members now, or on the day it was dissolved, with their positions there.
    current = [m for m, _s, end in roll_entries if end is None or end == cell.dissolved_on]
    position = {id(m): position_in(m, cell) for m in current}
    committee = [m for m in current if position[id(m)] in (
        Position.SECRETARY, Position.DEPUTY, Position.COMMITTEE)]
    takers = [m for m in current if m.status == FULL and position[id(m)] != Position.SECRETARY
              and m.age(today) < 70]
    takers.sort(key=lambda m: (position[id(m)] != Position.COMMITTEE, m.age(today)))
    minute_taker = rng.choice(takers[:3]) if takers else None
    local_guest = None
    if residential:
        quarter = cell.quarter or "khu phố"
        office = rng.choice(T.LOCAL_GUESTS).replace("khu phố", quarter)
        gender = Gender.MALE if rng.random() < 0.6 else Gender.FEMALE
        local_guest = (_name(rng, gender, rng.randint(45, 70)), office)
    habits = Habits(
        group=group,
        regularity=regularity,
        low_attendance=low,
        absent_rate=rng.uniform(0.25, 0.38) if low else rng.uniform(0.03, 0.11),
        unexcused_share=0.2 if low else 0.08,
        quality=quality,
        done_rate=rng.uniform(0.62, 0.92) if quality > 0.8 else rng.uniform(0.45, 0.75),
        hour=hour,
        committee=committee,
        minute_taker=minute_taker,
        local_guest=local_guest,
    )
    past = [m for m in months if m < months[-1]]
    if regularity != "regular":
        count = rng.randint(1, 3) if regularity == "some" else rng.randint(4, 6)
        habits.skipped = sorted(rng.sample(past, count))
    full_quarters = _full_past_quarters(months)
    if full_quarters and misses_quarter:
        habits.missed_quarter = rng.choice(full_quarters)
    return habits


def _quarter(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _full_past_quarters(months) -> list[tuple[int, int]]:
    """Quarters whose three months are in the window, all before the current month."""
    counts = Counter(_quarter(m) for m in months[:-1])
    return [q for q in dict.fromkeys(_quarter(m) for m in months[:-1]) if counts[q] == 3]


def _choose_flagged(rng, cells, habits, rolls, months, today, factor: int = 1) -> list:
    """Members to be flagged for unexcused absences (FLAGGED per city, times `factor`): in
    cells that meet every month, on the cell's list all year, never exempt, not its
    secretary or minute-taker."""
    start = months[0]
    candidates = []
    for cell in cells:
        h = habits[id(cell)]
        if h.regularity != "regular" or cell.size < 8:
            continue
        people = [
            m for m, s, end in rolls[id(cell)]
            if end is None and s <= start and m.status != EXEMPT
            and m.position == Position.NONE and m is not h.minute_taker
        ]
        if people:
            candidates.append((cell, people))
    residential = [c for c in candidates if c[0].profile == "residential"]
    others = [c for c in candidates if c[0].profile != "residential"]
    count = rng.randint(*FLAGGED) * factor
    from_others = min(len(others), round(count * 0.25))
    chosen = rng.sample(residential, count - from_others) + rng.sample(others, from_others)
    flagged = []
    for _cell, people in chosen:
        flagged.append(rng.choice(people))
    return flagged


class _UnexcusedCap:
    """Keeps members who are not meant to be flagged under the threshold: below it in the
    flag year, an unexcused absence in yet another month becomes an excused one."""

    def __init__(self, threshold: int, year: int, flagged):
        self.threshold = threshold
        self.year = year
        self.flagged = {id(m) for m in flagged}
        self.months: dict[int, set] = {}

    def allow(self, member, period: dt.date) -> bool:
        if period.year != self.year or id(member) in self.flagged:
            return True
        months = self.months.setdefault(id(member), set())
        if period in months or len(months) < self.threshold - 1:
            months.add(period)
            return True
        return False


def _plan_cell(rng, year: YearPlan, cell, h: Habits, roll_entries, policies, cap,
               threshold) -> None:
    today, months = year.today, year.months
    current = months[-1]
    meetings: list[MeetingSpec] = []
    regular_by_month: dict[dt.date, MeetingSpec] = {}
    place = _place(cell)

    # 1. The schedule (the months the cell exists for in full).
    postpone_current = h.regularity == "regular" and rng.random() < 0.06
    for month in months:
        if not cell.alive_all_month(month):
            continue
        book = policies(month)
        policy_day = _day_in_month(month, book["meeting.regular_day"])
        hour = h.hour if h.hour != (0, 0) else (book["meeting.start_hour"], 0)
        if month in h.skipped:
            if rng.random() < 0.4:
                m = MeetingSpec(cell, REGULAR, month, _at(policy_day, *hour), place=place,
                                status=MeetingStatus.CANCELLED,
                                reschedule_reason=rng.choice(T.CANCEL_REASONS))
                meetings.append(m)
            continue
        day, reason = policy_day, ""
        if cell.profile not in ("residential", "armed") and policy_day.weekday() >= 5:
            day = policy_day + dt.timedelta(days=7 - policy_day.weekday())
            reason = T.WEEKEND_REASON.format(day=policy_day)
        elif rng.random() < 0.05:
            day = policy_day + dt.timedelta(days=rng.randint(1, 6))
            reason = rng.choice(T.RESCHEDULE_REASONS[h.group])
        if month == current and postpone_current:
            last = _day_in_month(month, 31)
            if today < last:
                day = today + dt.timedelta(days=rng.randint(1, (last - today).days))
                reason = rng.choice(T.RESCHEDULE_REASONS[h.group])
        regular = MeetingSpec(cell, REGULAR, month, _at(day, *hour), place=place,
                              reschedule_reason=reason, dues_collected=True)
        meetings.append(regular)
        regular_by_month[month] = regular
        before = policy_day - dt.timedelta(days=book["meeting.committee_days_before"])
        cday = max(min(before, day - dt.timedelta(days=1)), month)
        if len(_committee_on_roll(h, roll_entries, cday)) >= 2:
            meetings.append(MeetingSpec(cell, COMMITTEE, month, _at(cday, *hour), place=place))
    for quarter_months in _quarters(months):
        y, q = _quarter(quarter_months[0])
        chosen = dt.date(y, 3 * (q - 1) + rng.randint(1, 3), 1)
        if chosen not in quarter_months or h.missed_quarter == (y, q):
            continue
        if not cell.alive_all_month(chosen):  # founded or dissolved during the quarter
            chosen = next((m for m in quarter_months if cell.alive_all_month(m)), None)
            if chosen is None:
                continue
        topic = _topic(rng, h, chosen, [m.topic for m in meetings if m.kind == THEMATIC])
        regular = regular_by_month.get(chosen)
        if regular and rng.random() < COMBINED_THEMATIC:
            meetings.append(MeetingSpec(cell, THEMATIC, chosen, regular.scheduled_at,
                                        place=place, topic=topic, combined=True))
            continue
        book = policies(chosen)
        day = _day_in_month(chosen, rng.randint(8, 25))
        if cell.profile != "residential" and day.weekday() >= 5:
            day -= dt.timedelta(days=day.weekday() - 4)
        hour = h.hour if h.hour != (0, 0) else (book["meeting.start_hour"], 0)
        if cell.profile != "residential" and rng.random() < 0.5:
            hour = (14, 0)
        meetings.append(MeetingSpec(cell, THEMATIC, chosen, _at(day, *hour), place=place,
                                    topic=topic))

    # 2. Statuses: after today planned; the current month's held ones are sometimes not
    # adopted yet; combined thematic meetings go with their regular meeting.
    for m in meetings:
        if m.status == MeetingStatus.CANCELLED:
            continue
        if m.combined:
            continue
        if m.day >= today:
            m.status = MeetingStatus.PLANNED
        elif m.period == current and rng.random() < NOT_ADOPTED_YET:
            m.status = MeetingStatus.HELD
        else:
            m.status = MeetingStatus.ADOPTED
    for m in meetings:
        if m.combined:
            m.status = regular_by_month[m.period].status

    # 3. The flagged members of this cell: the months they stay away without reason.
    flag_months = _flag_months(rng, cell, year, meetings, threshold)

    # 4. Each meeting, in order.
    meetings.sort(key=lambda m: (m.scheduled_at, m.kind != REGULAR))
    long_absences = _long_absences(rng, roll_entries, months, h)
    open_tasks: list[TaskSpec] = []
    for m in meetings:
        m.agenda = list(THEMATIC_AGENDA if m.kind == THEMATIC else
                        T.COMMITTEE_AGENDA if m.kind == COMMITTEE else AGENDA_TEMPLATE)
        if m.kind == REGULAR and m.status != MeetingStatus.CANCELLED:
            m.draft_resolution = _draft(rng, m, h)
        if not m.held:
            continue
        regular = regular_by_month.get(m.period)
        if m.combined:
            _copy_session(m, regular)
        else:
            _roll_call(rng, m, h, roll_entries, cap, flag_months, long_absences, policies)
            _times(rng, m, h, combined=m.kind == REGULAR and any(
                t.combined and t.period == m.period for t in meetings if t.kind == THEMATIC))
        _guests(rng, m, h)
        if m.kind == REGULAR:
            _review_tasks(rng, m, h, open_tasks)
            _assign_tasks(rng, m, h, open_tasks, year)
        _content(rng, m, h)
        _speeches(rng, m, h)
        if m.kind != COMMITTEE:
            _vote(rng, m, policies)
        if m.status == MeetingStatus.ADOPTED:
            m.quality = max(0.3, min(1.0, h.quality + rng.gauss(0, 0.05)))
            _adopt(rng, m, today)
    year.meetings.extend(meetings)


def _plan_next_month(rng, year: YearPlan, cells, habits, rolls, policies) -> None:
    """Next month's regular meeting of every cell, and its chi ủy meeting where it has a
    chi ủy, planned the way the committee plans a month (services.plan_month)."""
    month = _next_month(year.months[-1])
    book = policies(month)
    policy_day = _day_in_month(month, book["meeting.regular_day"])
    for cell in cells:
        if not cell.alive_all_month(month):  # dissolved by then
            continue
        h = habits[id(cell)]
        place = _place(cell)
        hour = h.hour if h.hour != (0, 0) else (book["meeting.start_hour"], 0)
        day, reason = policy_day, ""
        if cell.profile not in ("residential", "armed") and policy_day.weekday() >= 5:
            day = policy_day + dt.timedelta(days=7 - policy_day.weekday())
            reason = T.WEEKEND_REASON.format(day=policy_day)
        regular = MeetingSpec(cell, REGULAR, month, _at(day, *hour), place=place,
                              reschedule_reason=reason, dues_collected=True)
        regular.agenda = list(AGENDA_TEMPLATE)
        regular.draft_resolution = _draft(rng, regular, h)
        year.meetings.append(regular)
        before = policy_day - dt.timedelta(days=book["meeting.committee_days_before"])
        cday = max(min(before, day - dt.timedelta(days=1)), month)
        if len(_committee_on_roll(h, rolls[id(cell)], cday)) >= 2:
            committee = MeetingSpec(cell, COMMITTEE, month, _at(cday, *hour), place=place)
            committee.agenda = list(T.COMMITTEE_AGENDA)
            year.meetings.append(committee)


def _quarters(months) -> list[list[dt.date]]:
    out: dict[tuple[int, int], list] = {}
    for m in months:
        out.setdefault(_quarter(m), []).append(m)
    return list(out.values())


def _flag_months(rng, cell, year, meetings, threshold) -> dict[int, set]:
    out = {}
    members = [m for m in year.flagged if m.cell is cell]
    if not members:
        return out
    held = sorted({m.period for m in meetings if m.kind == REGULAR and m.held
                   and m.period.year == year.flag_year and m.period < year.months[-1]})
    for member in members:
        count = min(len(held), threshold + rng.choice([0, 0, 1, 2]))
        out[id(member)] = set(rng.sample(held, count))
        year.flag_months[id(member)] = sorted(out[id(member)])
    return out


def _long_absences(rng, roll_entries, months, h) -> dict[int, tuple[set, str]]:
    """A few members away for months in a row (maternity leave, treatment, long study)."""
    out = {}
    for m, _start, end in roll_entries:
        if end is not None or m.status == EXEMPT or rng.random() > 0.012:
            continue
        length = rng.randint(3, 6)
        first = rng.randint(0, len(months) - length)
        young_woman = m.gender == Gender.FEMALE and m.age(months[-1]) < 40
        pool = T.LONG_ABSENCES_FEMALE if young_woman else T.LONG_ABSENCES
        out[id(m)] = (set(months[first:first + length]), rng.choice(pool))
    return out


def _roll_call(rng, m: MeetingSpec, h: Habits, roll_entries, cap, flag_months, long_absences,
               policies) -> None:
    day = m.day
    listed = (_committee_on_roll(h, roll_entries, day) if m.kind == COMMITTEE
              else _on_roll(roll_entries, day))
    # Who is to stay away without reason this month cannot chair or take the minutes.
    away = {id(p) for p, _s in listed
            if m.kind != COMMITTEE and m.period in flag_months.get(id(p), ())}
    m.chair = _chair(m.cell, listed, away)
    taker = h.minute_taker if any(p is h.minute_taker for p, _s in listed) else None
    if taker is None or m.kind == COMMITTEE or rng.random() < 0.15:
        others = [p for p, s in listed if p is not m.chair and s != EXEMPT and id(p) not in away]
        taker = rng.choice(others) if others else m.chair
    m.minute_taker = taker
    month_factor = rng.uniform(0.7, 1.3)
    rows = []
    for person, status in listed:
        if person is m.chair or person is m.minute_taker:
            rows.append(RollEntry(person, status, PRESENT))
            continue
        if m.kind != COMMITTEE and m.period in flag_months.get(id(person), ()):
            cap.allow(person, m.period)
            rows.append(RollEntry(person, status, UNEXCUSED))
            continue
        if status == EXEMPT:
            if rng.random() < 0.12:
                rows.append(RollEntry(person, status, PRESENT))
            else:
                reason = person.exempt_reason
                rows.append(RollEntry(person, status, EXCUSED,
                                      f"Miễn sinh hoạt ({reason[:1].lower()}{reason[1:]})"))
            continue
        leave = long_absences.get(id(person))
        if leave and m.period in leave[0]:
            rows.append(RollEntry(person, status, EXCUSED, leave[1]))
            continue
        rate = h.absent_rate * month_factor
        age = person.age(day)
        if age >= 75:
            rate *= 2
        if id(person) in flag_months:
            rate = 0.45
        if m.kind == COMMITTEE:
            rate = min(rate, 0.1)
        if rng.random() >= rate:
            rows.append(RollEntry(person, status, PRESENT))
            continue
        if (m.kind != COMMITTEE and rng.random() < h.unexcused_share
                and cap.allow(person, m.period)):
            rows.append(RollEntry(person, status, UNEXCUSED))
            continue
        pool = T.OLD_AGE_REASONS if age >= 72 else T.ABSENCE_REASONS[h.group]
        rows.append(RollEntry(person, status, EXCUSED, rng.choice(pool)))
    m.attendance = rows
    if m.kind != COMMITTEE:
        _ensure_majority(rng, m, policies)


def _committee_on_roll(h: Habits, roll_entries, day: dt.date) -> list[tuple[object, str]]:
    committee = {id(c) for c in h.committee}
    return [(p, s) for p, s in _on_roll(roll_entries, day) if id(p) in committee]


def _chair(cell, listed, away: set):
    from chibo.core.demo import position_in

    for position in (Position.SECRETARY, Position.DEPUTY, Position.COMMITTEE):
        for person, status in listed:
            if position_in(person, cell) == position and status != EXEMPT:
                return person
    fulls = [p for p, s in listed if s == FULL and id(p) not in away]
    return fulls[0] if fulls else listed[0][0]


def _ensure_majority(rng, m: MeetingSpec, policies) -> None:
    """More than half of the full members must be there to pass the resolution: bring
    back absentees with an excused absence (never a designed unexcused one) until so."""
    majority = rules.as_fraction(policies(m.day)["vote.majority"])
    while True:
        roll = rules.RollCall.of((a.status, a.presence) for a in m.attendance)
        eligible = roll.eligible_voters()
        if eligible == 0 or roll.voters_present() > majority * eligible:
            return
        back = [a for a in m.attendance if a.presence == EXCUSED and a.status == FULL]
        if not back:
            return
        row = rng.choice(back)
        row.presence, row.reason = PRESENT, ""


def _times(rng, m: MeetingSpec, h: Habits, *, combined: bool) -> None:
    if m.kind == COMMITTEE:
        minutes = rng.randint(18, 24) * 5 if rng.random() < 0.8 else rng.randint(12, 17) * 5
    elif combined:
        minutes = rng.randint(24, 35) * 5 if rng.random() < 0.9 else rng.randint(19, 23) * 5
    elif m.kind == THEMATIC:
        minutes = rng.randint(18, 28) * 5 if rng.random() < 0.9 else rng.randint(14, 17) * 5
    else:
        minutes = rng.randint(18, 30) * 5 if rng.random() < 0.92 else rng.randint(12, 17) * 5
    delay = rng.choice([0, 0, 0, 5, 5, 10, 15])
    m.started_at = m.scheduled_at + dt.timedelta(minutes=delay)
    m.ended_at = m.started_at + dt.timedelta(minutes=minutes)


def _documents_sent(m: MeetingSpec, today: dt.date) -> dt.datetime | None:
    """When the documents reached the members (meeting.document_lead_days): mostly two to
    five days ahead, about one in sixteen the evening before (late), one in twenty-five
    never. Drawn from the meeting's own seed, so the plan's other draws are untouched;
    none for a committee meeting, a cancelled one, or on or after the demo's today (the
    load does not know the hour it will be read at: nothing it writes is later than now)."""
    if m.kind == COMMITTEE or m.status == MeetingStatus.CANCELLED:
        return None
    draw = random.Random(f"{m.cell.name}|{m.kind}|{m.scheduled_at.isoformat()}")
    x = draw.random()
    if x < 0.04:
        return None
    if x < 0.10:
        sent = m.scheduled_at - dt.timedelta(hours=draw.randint(2, 20))
    else:
        sent = m.scheduled_at - dt.timedelta(days=draw.randint(2, 5), hours=draw.randint(0, 10))
    return sent if timezone.localtime(sent).date() < today else None


def _copy_session(m: MeetingSpec, regular: MeetingSpec) -> None:
    """A thematic meeting held in the regular meeting's session: same people, same times."""
    m.attendance = [RollEntry(a.member, a.status, a.presence, a.reason)
                    for a in regular.attendance]
    m.chair, m.minute_taker = regular.chair, regular.minute_taker
    m.started_at, m.ended_at = regular.started_at, regular.ended_at


def _guests(rng, m: MeetingSpec, h: Habits) -> None:
    """The head of the residential area now and then; the committee members who came are
    added by demo_supervision, from their visits."""
    if m.kind == COMMITTEE:
        return
    if h.local_guest and m.kind == REGULAR and rng.random() < 0.1:
        name, office = h.local_guest
        m.guests.append({"name": name, "office": office, "is_higher_official": False})


def _review_tasks(rng, m: MeetingSpec, h: Habits, open_tasks: list[TaskSpec]) -> None:
    due = [t for t in open_tasks if t.meeting.scheduled_at < m.scheduled_at]
    for task in due:  # open_tasks is in (deadline, creation) order already
        again = bool(task.last_result)
        if again:
            weights = [(TaskResult.DONE, 75), (TaskResult.PARTLY, 10),
                       (TaskResult.NOT_DONE, 10), ("", 5)]
        else:
            rest = 1 - h.done_rate
            weights = [(TaskResult.DONE, h.done_rate), (TaskResult.PARTLY, rest * 0.5),
                       (TaskResult.NOT_DONE, rest * 0.3), ("", rest * 0.2)]
        result = _weighted(rng, weights)
        if not result:
            continue  # not reported: carried forward
        comment = rng.choice(T.REVIEW_COMMENTS[result]).format(share=rng.randint(4, 8) * 10)
        m.reviews.append(ReviewSpec(task, result, comment))
    if m.status != MeetingStatus.ADOPTED:
        return  # the results count from adoption
    for review in m.reviews:
        task = review.task
        task.last_result = review.result
        if review.result == TaskResult.DONE:
            task.status, task.closed_at = TaskStatus.DONE, m.day
            open_tasks.remove(task)


def _assign_tasks(rng, m: MeetingSpec, h: Habits, open_tasks: list[TaskSpec], year) -> None:
    present = [a.member for a in m.attendance
               if a.presence == PRESENT and a.status != EXEMPT and a.member.age(m.day) < 78]
    if not present:
        return
    nxt = _next_month(m.period)
    deadline = _day_in_month(nxt, 31)
    taken = {t.title for t in open_tasks}
    pool = list(T.TASKS[h.group])
    if m.period.month in T.TASKS_BY_MONTH:
        pool.append(T.TASKS_BY_MONTH[m.period.month])
    titles = [t.format(month=f"{nxt.month:02d}/{nxt.year}") for t in pool]
    titles = [t for t in titles if t not in taken] or titles
    for title in rng.sample(titles, min(len(titles), rng.choice([1, 2, 2, 3]))):
        task = TaskSpec(m, rng.choice(present), title, deadline)
        m.tasks.append(task)
        open_tasks.append(task)
        year.tasks.append(task)


def _content(rng, m: MeetingSpec, h: Habits) -> None:
    from chibo.core.demo import root_area, root_of

    cell = m.cell
    unit = cell.parent.name.replace("Đảng bộ ", "", 1) if cell.parent and cell.parent.parent \
        else root_area(root_of(cell))
    month, y = m.period.month, m.period.year
    prev = m.period - dt.timedelta(days=1)
    fill = {"share": rng.randint(85, 100), "count": rng.randint(1, 4)}
    c = {}
    if m.kind == REGULAR:
        news = rng.sample(T.NEWS_DOMESTIC, 2) + rng.sample(T.NEWS_INTERNATIONAL, 1)
        news += [rng.choice(T.NEWS_LOCAL)]
        news += T.DATED_NEWS.get((y, month), [])
        text, base, _m = T.ANNIVERSARIES[month]
        news.append(text.format(years=y - base))
        c["news"] = _lines(n.format(prev=f"{prev.month:02d}/{prev.year}", unit=unit)
                           for n in news)
        texts = T.DATED_POLICIES.get((y, month), []) + rng.sample(T.NEW_POLICIES,
                                                                     rng.randint(1, 2))
        c["new_policies"] = _lines(f"Quán triệt {text}." for text in texts)
        results = rng.sample(T.RESULTS[h.group], 2)
        done = sum(1 for r in m.reviews if r.result == TaskResult.DONE)
        if m.reviews:
            results.append(f"Trong {len(m.reviews)} nhiệm vụ được kiểm điểm, {done} nhiệm vụ "
                           "hoàn thành.")
        c["review_results"] = " ".join(r.format(**fill) for r in results)
        c["review_shortcomings"] = " ".join(
            rng.sample(T.SHORTCOMINGS[h.group], rng.randint(1, 2)))
        c["review_causes"] = rng.choice(T.CAUSES)
        c["study_item"] = rng.choice(T.STUDY_ITEMS + T.STUDY_BY_GROUP.get(h.group, []))
        c["self_criticism"] = rng.choice(T.SELF_CRITICISM).format(**fill)
        nxt = rng.sample(T.NEXT_MONTH[h.group], 2)
        if month in T.NEXT_BY_MONTH:
            nxt.append(T.NEXT_BY_MONTH[month])
        c["next_month"] = _lines(nxt)
        c["conclusion"] = rng.choice(T.CONCLUSIONS)
        assigned = [f"Đồng chí {t.assignee.full_name}: {t.title} (hạn {t.deadline:%d/%m/%Y})."
                    for t in m.tasks]
        c["resolution"] = (f"Chi bộ thống nhất nghị quyết tháng {month:02d}/{y}:\n"
                           + _lines(nxt + assigned))
    elif m.kind == THEMATIC:
        presenter = next((p for p in h.committee if p is not m.chair and any(
            a.member is p and a.presence == PRESENT for a in m.attendance)), m.chair)
        m.presenter = presenter
        c["study_item"] = (f"Đồng chí {presenter.full_name} trình bày chuyên đề “{m.topic}”: "
                           "làm rõ những nội dung cốt lõi, liên hệ thực tiễn của chi bộ, đề ra "
                           "các việc làm cụ thể để thực hiện.")
        c["self_criticism"] = rng.choice(T.SELF_CRITICISM).format(**fill)
        c["conclusion"] = ("Đồng chí bí thư kết luận chuyên đề: chi bộ thống nhất cao với nội "
                           "dung được trình bày; mỗi đảng viên đăng ký việc làm cụ thể, chi ủy "
                           "theo dõi, đánh giá kết quả hằng tháng.")
        c["resolution"] = (f"Chi bộ thống nhất thực hiện chuyên đề “{m.topic}”; mỗi đảng "
                           "viên đăng ký ít nhất một việc làm cụ thể, báo cáo kết quả tại các "
                           "kỳ sinh hoạt thường kỳ.")
    else:
        c["review_results"] = ("Chi ủy đánh giá kết quả lãnh đạo thực hiện nghị quyết tháng "
                               f"{prev.month:02d}/{prev.year}: " + rng.choice(
                                   T.RESULTS[h.group]).format(**fill))
        c["next_month"] = (f"Thống nhất nội dung, chương trình sinh hoạt chi bộ tháng "
                           f"{month:02d}/{y}; đồng chí bí thư chuẩn bị dự thảo nghị quyết.")
        c["conclusion"] = "Chi ủy thống nhất các nội dung chuẩn bị cho kỳ sinh hoạt chi bộ."
    m.content = c


def _draft(rng, m: MeetingSpec, h: Habits) -> str:
    return (f"Dự thảo nghị quyết tháng {m.period.month:02d}/{m.period.year}:\n"
            + _lines(rng.sample(T.NEXT_MONTH[h.group], 2)))


def _speeches(rng, m: MeetingSpec, h: Habits) -> None:
    present = [a.member for a in m.attendance if a.presence == PRESENT]
    speakers = [p for p in present if p is not m.chair] or present
    if m.kind == COMMITTEE:
        count = rng.choice([0, 1, 1, 2])
    else:
        count = rng.randint(1, 4)
    out = []
    if m.kind == THEMATIC:
        presenter = m.presenter or m.chair
        out.append(SpeechSpec(Section.STUDY, presenter, presenter.full_name,
                              f"Trình bày chuyên đề “{m.topic}”."))
    for person in rng.sample(speakers, min(count, len(speakers))):
        if m.kind == THEMATIC:
            section, text = Section.DISCUSSION, rng.choice(T.THEMATIC_SPEECHES)
        else:
            section = _weighted(rng, [(Section.DISCUSSION, 45), (Section.REVIEW, 20),
                                      (Section.CRITICISM, 15), (Section.STUDY, 10),
                                      (Section.NEXT, 10)])
            pool = T.SPEECHES[section]
            if section == Section.DISCUSSION and h.group == "residential":
                pool = pool + T.SPEECHES_RESIDENTIAL
            text = rng.choice(pool)
        out.append(SpeechSpec(section, person, person.full_name, text))
    m.speeches = out  # the visiting officials' words: demo_supervision


def _vote(rng, m: MeetingSpec, policies) -> None:
    roll = rules.RollCall.of((a.status, a.presence) for a in m.attendance)
    present = roll.voters_present()
    against = 1 if present >= 6 and rng.random() < 0.03 else 0
    abstain = 1 if present >= 6 and rng.random() < 0.03 else 0
    majority = rules.as_fraction(policies(m.day)["vote.majority"])
    result = rules.vote_result(roll, present - against - abstain, against, abstain, majority)
    if not result.passed:
        against = abstain = 0
    m.votes = (present - against - abstain, against, abstain)


def _adopt(rng, m: MeetingSpec, today: dt.date) -> None:
    if rng.random() < 0.7:
        adopted = m.ended_at + dt.timedelta(minutes=rng.randint(1, 4) * 5)
    else:
        adopted = m.ended_at + dt.timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 8))
    if timezone.localtime(adopted).date() >= today:
        adopted = m.ended_at + dt.timedelta(minutes=10)
    m.adopted_at = adopted


def _topic(rng, h: Habits, month: dt.date, used: list[str]) -> str:
    pool = list(T.THEMATIC_TOPICS) + T.THEMATIC_BY_GROUP.get(h.group, [])
    if month.year >= 2026:
        pool += T.THEMATIC_TOPICS_2026 * 2
    fresh = [t for t in pool if t not in used] or pool
    return rng.choice(fresh)


def _place(cell) -> str:
    if cell.address:
        return cell.address
    body = cell.name.replace("Chi bộ ", "", 1)
    if cell.profile in ("school", "kindergarten"):
        return f"Phòng Hội đồng {body}"
    if cell.profile == "armed":
        return f"Hội trường {body}"
    return f"Phòng họp {body}"


# ---------------------------------------------------------------------------------------
# The score: selectors.quality_score on plain data.


def scores(year: YearPlan, policies) -> dict[int, dict]:
    """id(meeting spec) → the quality score of each held meeting, as
    selectors.quality_score computes it from the database."""
    by_series: dict[tuple[int, str], list[MeetingSpec]] = {}
    combined_periods = set()
    for m in year.meetings:
        if m.status != MeetingStatus.CANCELLED:
            by_series.setdefault((id(m.cell), m.kind), []).append(m)
        if m.kind == THEMATIC and m.combined:
            combined_periods.add((id(m.cell), m.period))
    out = {}
    for series in by_series.values():
        series.sort(key=lambda m: m.scheduled_at)
        for i, m in enumerate(series):
            if not m.held:
                continue
            combined = m.combined or (m.kind == REGULAR
                                      and (id(m.cell), m.period) in combined_periods)
            out[id(m)] = _score(m, policies(m.day), combined, _long_excused(series, i))
    return out


def _long_excused(series: list[MeetingSpec], i: int) -> bool:
    latest = series[max(0, i - LONG_EXCUSED_MONTHS): i + 1][::-1]
    return rules.long_excused_absence(
        [[(id(a.member), a.status, a.presence) for a in m.attendance] for m in latest],
        LONG_EXCUSED_MONTHS,
    )


def _score(m: MeetingSpec, book, combined: bool, long_excused: bool) -> dict:
    minimum = book["meeting.min_minutes_combined"] if combined else book["meeting.min_minutes"]
    return rules.score(
        rubric=book["meeting.quality_rubric"],
        bands=book["meeting.quality_bands"],
        roll=rules.RollCall.of((a.status, a.presence) for a in m.attendance),
        duration_minutes=m.duration_minutes,
        min_minutes=minimum,
        review_results=[review.result for review in m.reviews],
        long_excused=long_excused,
        manual=m.score_items,
    )


def _fill_score_items(rng, year: YearPlan, policies) -> None:
    """Each adopted meeting's own points for the criteria that have no data: a first pass
    of the score tells which they are."""
    first = scores(year, policies)
    for m in year.meetings:
        if m.status != MeetingStatus.ADOPTED:
            continue
        for item in first[id(m)]["items"]:
            if item["points"] is None:
                share = max(0.3, min(1.0, m.quality + rng.gauss(0, 0.04)))
                m.score_items[item["code"]] = round(item["max"] * share)


# ---------------------------------------------------------------------------------------
# Writing.


def write_year(year: YearPlan, plan, policies) -> MeetingsSummary:
    from chibo.accounts.models import User

    score_of = year.scores or scores(year, policies)
    linked = {id(a.member): a.username for a in plan.accounts if a.member}
    users = {u.username: u for u in User.objects.filter(username__in=set(linked.values()))}

    rows = []
    for m in year.meetings:
        votes = m.votes or (None, None, None)
        adopter = None
        if m.status == MeetingStatus.ADOPTED and m.chair is not None:
            adopter = users.get(linked.get(id(m.chair)))
        # The report columns, as services.attendance_record and meeting_adopt write them:
        # the roll call without exempt members, the score frozen in minutes version 1.
        roll_expected = roll_present = roll_away = quality_total = None
        quality_band = ""
        if m.attendance:
            roll = rules.RollCall.of((a.status, a.presence) for a in m.attendance)
            roll_expected, roll_present = roll.expected, roll.expected_present
            roll_away = roll.away
        if m.status == MeetingStatus.ADOPTED:
            quality_total, quality_band = score_of[id(m)]["total"], score_of[id(m)]["band"]
        m.instance = Meeting(
            organization_id=m.cell.instance.pk, kind=m.kind, period=m.period,
            scheduled_at=m.scheduled_at, place=m.place, topic=m.topic,
            combined_with_regular=m.combined, status=m.status,
            reschedule_reason=m.reschedule_reason, draft_resolution=m.draft_resolution,
            started_at=m.started_at, ended_at=m.ended_at,
            chair_id=m.chair.instance.pk if m.chair else None,
            minute_taker_id=m.minute_taker.instance.pk if m.minute_taker else None,
            dues_collected=m.dues_collected and m.held, votes_for=votes[0],
            votes_against=votes[1], votes_abstain=votes[2], score_items=m.score_items,
            roll_expected=roll_expected, roll_present=roll_present, roll_away=roll_away,
            quality_total=quality_total, quality_band=quality_band,
            adopted_at=m.adopted_at, adopted_by=adopter, **m.content,
            documents_sent_at=_documents_sent(m, year.today),
        )
        rows.append(m.instance)
    insert_objects(Meeting, rows)  # with a history row each, as bulk_create_with_history

    # The rows nothing points at: plain multi-row inserts (no ids back, no history), several
    # times faster than building a model instance and an INSERT per row.
    attendance, guests, agenda, speeches = [], [], [], []
    for m in year.meetings:
        mid = m.instance.pk
        attendance += [(mid, a.member.instance.pk, a.status, a.presence, a.reason)
                       for a in m.attendance]
        guests += [(mid, g["name"], g["office"], g["is_higher_official"], _guest_user(g))
                   for g in _guest_order(m.guests)]
        agenda += [(mid, i, title, "") for i, title in enumerate(m.agenda, 1)]
        speeches += [(mid, i, s.section, s.member.instance.pk if s.member else None, s.speaker,
                      s.text) for i, s in enumerate(m.speeches, 1)]
    _insert(Attendance, ["meeting", "member", "member_status", "presence", "reason"],
            attendance)
    _insert(Guest, ["meeting", "name", "office", "is_higher_official", "user"], guests)
    _insert(AgendaItem, ["meeting", "order", "title", "notes"], agenda)
    _insert(Speech, ["meeting", "order", "section", "member", "speaker_name", "text"], speeches)

    for t in year.tasks:
        t.instance = Task(
            organization_id=t.meeting.cell.instance.pk, meeting_id=t.meeting.instance.pk,
            assignee_id=t.assignee.instance.pk, title=t.title, deadline=t.deadline,
            status=t.status, last_result=t.last_result, closed_at=t.closed_at,
        )
    insert_objects(Task, [t.instance for t in year.tasks])
    reviews = [(r.task.instance.pk, m.instance.pk, r.result, r.comment)
               for m in year.meetings for r in m.reviews]
    _insert(TaskReview, ["task", "meeting", "result", "comment"], reviews)

    # Minutes version 1 of each adopted meeting, as services.meeting_adopt stores it;
    # written MINUTES_CHUNK at a time (the snapshots are the bulk of the memory).
    versions = []
    written = 0
    bands = Counter()
    names = ["meeting", "number", "snapshot", "content_hash", "reason", "created_by",
             "created_at"]
    numbers_of = _document_numbers(year, score_of, policies)
    for m in year.meetings:
        if m.status != MeetingStatus.ADOPTED:
            continue
        score = score_of[id(m)]
        bands[score["band"]] += 1
        snapshot = build_minutes(_facts(m, score, policies))
        if id(m) in numbers_of:
            snapshot["numbers"] = numbers_of[id(m)]
        versions.append((m.instance.pk, 1, snapshot, content_hash(snapshot), "",
                         m.instance.adopted_by_id, m.adopted_at))
        if len(versions) == MINUTES_CHUNK:
            _insert(MinutesVersion, names, versions)
            written += len(versions)
            versions = []
    _insert(MinutesVersion, names, versions)
    written += len(versions)

    return MeetingsSummary(
        months=year.months,
        by_kind=dict(Counter(str(m.kind) for m in year.meetings)),
        by_status=dict(Counter(str(m.status) for m in year.meetings)),
        attendance=len(attendance),
        guests=len(guests),
        speeches=len(speeches),
        agenda_items=len(agenda),
        tasks=len(year.tasks),
        open_tasks=sum(1 for t in year.tasks if t.status == TaskStatus.OPEN),
        reviews=len(reviews),
        minutes=written,
        bands=dict(bands),
        flag_year=year.flag_year,
        flag_threshold=year.flag_threshold,
        flagged=[m.instance.pk for m in year.flagged],
        skipped={c.instance.pk: year.habits[id(c)].skipped for c in plan.cells
                 if year.habits[id(c)].skipped},
        missed_quarters={c.instance.pk: year.habits[id(c)].missed_quarter for c in plan.cells
                         if year.habits[id(c)].missed_quarter},
        low_attendance=[c.instance.pk for c in plan.cells
                        if year.habits[id(c)].low_attendance],
        digest=year.digest(),
    )


def _document_numbers(year: YearPlan, score_of, policies) -> dict[int, dict]:
    """The numbers of the adopted minutes and resolutions, as services.meeting_adopt gives
    them (chibo.documents.numbering): per cell, kind and term, from 01 in the order of
    adoption; a chi ủy meeting's minutes have none, a resolution only when it passed. Writes
    the register and its counters; returns id(meeting spec) → the snapshot's "numbers"."""
    from chibo.documents.numbering import EARLIEST, number_text

    adopted = sorted((m for m in year.meetings
                      if m.status == MeetingStatus.ADOPTED and m.kind != COMMITTEE),
                     key=lambda m: m.adopted_at)
    last: Counter = Counter()
    numbers, rows = {}, []
    for m in adopted:
        book = policies(m.day)
        term = book["document.term_start"]
        term = dt.date.fromisoformat(term) if term else EARLIEST
        vote = _facts(m, score_of[id(m)], policies).vote
        kinds = [("minutes", "BB")] + ([("resolution", "NQ")] if vote and vote.passed else [])
        cell = m.cell.instance.pk
        numbers[id(m)] = {}
        for name, kind in kinds:
            last[cell, kind, term] += 1
            text = number_text(last[cell, kind, term], kind, book["document.issuer_symbol"])
            numbers[id(m)][name] = text
            rows.append((cell, kind, term, last[cell, kind, term], text, m.instance.pk,
                         m.adopted_at, m.instance.adopted_by_id))
    _insert(DocumentNumber, ["organization", "kind", "term_start", "number", "symbol",
                             "meeting", "issued_at", "issued_by"], rows)
    _insert(DocumentCounter, ["organization", "kind", "term_start", "last"],
            [(cell, kind, term, n) for (cell, kind, term), n in last.items()])
    return numbers


def _insert(model, names: list[str], rows: list[tuple]) -> None:
    """INSERT `rows`, tuples of values for the fields `names`, without model instances,
    signals or ids back: COPY on PostgreSQL, executemany elsewhere, both several times
    faster than bulk_create. Values of date, time and JSON fields go through the field's
    own conversion; the others must already be what the column takes (ids, text, bools)."""
    fields = [model._meta.get_field(name) for name in names]
    prep = [i for i, f in enumerate(fields) if f.get_internal_type() in PREPARED_TYPES]
    if prep:
        rows = [tuple(f.get_db_prep_save(v, connection) if i in prep else v
                      for i, (f, v) in enumerate(zip(fields, row, strict=True))) for row in rows]
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = ", ".join(qn(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        for start in range(0, len(rows), INSERT_CHUNK):
            cursor.executemany(sql, rows[start:start + INSERT_CHUNK])


def _guest_user(guest: dict) -> int | None:
    """The account of a visiting official (demo_supervision.OfficialSpec, once written)."""
    official = guest.get("official")
    return official.user.pk if official is not None and official.user is not None else None


def _guest_order(guests: list[dict]) -> list[dict]:
    # Guest.Meta.ordering: higher officials first, then as added.
    return sorted(guests, key=lambda g: not g["is_higher_official"])


def _facts(m: MeetingSpec, score: dict, policies) -> MinutesFacts:
    cell = m.cell
    votes = m.votes
    roll = rules.RollCall.of((a.status, a.presence) for a in m.attendance)
    vote = None
    if votes is not None:
        # The rule as selectors.meeting_vote_rule reads it, basis included: the minutes
        # name it (a demo meeting decides a resolution).
        book = policies(m.day)
        majority = rules.VoteRule.of(rules.RESOLUTION, book["vote.majority"],
                                     book.basis("vote.majority"))
        vote = rules.vote_result(roll, *votes, majority)
    ordered = sorted(m.attendance,
                     key=lambda a: (a.member.instance.sort_key, a.member.instance.pk))
    return MinutesFacts(
        meeting=m.instance,
        organization={
            "id": cell.instance.pk,
            "name": cell.instance.name,
            "parent_name": cell.parent.name if cell.parent else "",
            "code": cell.instance.code,
            "address": cell.instance.address,
        },
        chair=m.chair.full_name if m.chair else "",
        minute_taker=m.minute_taker.full_name if m.minute_taker else "",
        attendance=[AttendanceFact(a.member.instance.full_name, a.status, a.presence, a.reason)
                    for a in ordered],
        vote=vote,
        score=score,
        guests=_guest_order(m.guests),
        agenda=list(m.agenda),
        speeches=[(s.section, s.speaker, s.text) for s in m.speeches],
        task_reviews=[ReviewFact(r.task.title, r.task.assignee.instance.full_name, r.result,
                                 r.comment) for r in m.reviews],
        new_tasks=[TaskFact(t.title, t.assignee.instance.full_name, t.deadline)
                   for t in sorted(m.tasks, key=lambda t: t.deadline)],
    )


# ---------------------------------------------------------------------------------------
# Small helpers.


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A local wall-clock time as an aware UTC datetime (what the database gives back)."""
    local = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
    return local.astimezone(dt.UTC)


def _day_in_month(month: dt.date, day: int) -> dt.date:
    return month.replace(day=min(day, calendar.monthrange(month.year, month.month)[1]))


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _lines(items) -> str:
    return "\n".join(f"- {item}" for item in items)


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]

