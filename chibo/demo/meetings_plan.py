"""A year of meetings for the demo city or province (chibo.demo): the 12 months
ending with the month of `plan.today`, for every cell, and the next month's plans.

    year = plan_year(plan, policies)   # plain objects; pure Python given the policy values
    write_meetings(year, plan)   # the meetings' rows; their texts then leave the plan
    summary = write_year(year, plan, policies)   # the rest, minutes built in memory

`load_year(plan)` does both with the policies in the database (read once per day that has
a meeting), then writes the year's supervision (chibo.demo.supervision_plan: who followed
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
  (the committee members who visited, from supervision_plan, and now and then the head
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

import datetime as dt
import random
from collections import Counter

from chibo.demo import texts as T
from chibo.demo.kit import at, day_in_month, flag_year_of, next_month, quarter, weighted, window
from chibo.demo.meetings_specs import (
    COMBINED_THEMATIC,
    COMMITTEE,
    EXEMPT,
    FLAGGED,
    FULL,
    LOW_ATTENDANCE,
    MANY_SKIPS,
    MISSED_QUARTER,
    NOT_ADOPTED_YET,
    REGULAR,
    SOME_SKIPS,
    THEMATIC,
    Habits,
    MeetingSpec,
    TaskSpec,
    YearPlan,
)
from chibo.demo.meetings_steps import (
    _adopt,
    _assign_tasks,
    _committee_on_roll,
    _content,
    _copy_session,
    _draft,
    _flag_months,
    _guests,
    _long_absences,
    _place,
    _quarters,
    _review_tasks,
    _roll_call,
    _speeches,
    _times,
    _topic,
    _vote,
)
from chibo.demo.people import person_name, position_in
from chibo.meetings.models import (
    MeetingStatus,
)
from chibo.members.models import Gender, Position

# ---------------------------------------------------------------------------------------
# Planning.


def plan_meetings(plan, policies) -> YearPlan:
    """The year; with `supervision`, also who visited which meeting and the concerns
    raised (plan_supervision: it adds the visitors to the meetings'
    guests and speeches, and the answers to the cells' agendas)."""

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
    for h in habits.values():
        h.present = {}
    return year


def _roll_lists(members) -> dict[int, list]:
    """id(cell) → [(member, started_on, ended_on)] of everyone who belonged to it."""
    out: dict[int, list] = {}
    for m in members:
        for org, start, end, _reason in m.memberships:
            out.setdefault(id(org), []).append((m, start, end))
    return out






def _habits(rng, cell, roll_entries, months, today, *, regularity: str, low: bool,
            misses_quarter: bool) -> Habits:

    group = T.GROUPS[cell.profile]
    quality = weighted(rng, [(0.95, 35), (0.86, 48), (0.72, 14), (0.55, 3)])
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
        local_guest = (person_name(rng, gender, rng.randint(45, 70)), office)
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


def _full_past_quarters(months) -> list[tuple[int, int]]:
    """Quarters whose three months are in the window, all before the current month."""
    counts = Counter(quarter(m) for m in months[:-1])
    return [q for q in dict.fromkeys(quarter(m) for m in months[:-1]) if counts[q] == 3]


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
        policy_day = day_in_month(month, book["meeting.regular_day"])
        hour = h.hour if h.hour != (0, 0) else (book["meeting.start_hour"], 0)
        if month in h.skipped:
            if rng.random() < 0.4:
                m = MeetingSpec(cell, REGULAR, month, at(policy_day, *hour), place=place,
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
            last = day_in_month(month, 31)
            if today < last:
                day = today + dt.timedelta(days=rng.randint(1, (last - today).days))
                reason = rng.choice(T.RESCHEDULE_REASONS[h.group])
        regular = MeetingSpec(cell, REGULAR, month, at(day, *hour), place=place,
                              reschedule_reason=reason, dues_collected=True)
        meetings.append(regular)
        regular_by_month[month] = regular
        before = policy_day - dt.timedelta(days=book["meeting.committee_days_before"])
        cday = max(min(before, day - dt.timedelta(days=1)), month)
        if len(_committee_on_roll(h, roll_entries, cday)) >= 2:
            meetings.append(MeetingSpec(cell, COMMITTEE, month, at(cday, *hour), place=place))
    for quarter_months in _quarters(months):
        y, q = quarter(quarter_months[0])
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
        day = day_in_month(chosen, rng.randint(8, 25))
        if cell.profile != "residential" and day.weekday() >= 5:
            day -= dt.timedelta(days=day.weekday() - 4)
        hour = h.hour if h.hour != (0, 0) else (book["meeting.start_hour"], 0)
        if cell.profile != "residential" and rng.random() < 0.5:
            hour = (14, 0)
        meetings.append(MeetingSpec(cell, THEMATIC, chosen, at(day, *hour), place=place,
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
        # The default agendas are rules (meeting.agenda_regular / _thematic), as the
        # service reads them; a chi ủy meeting has the demo's own.
        m.agenda = list(T.COMMITTEE_AGENDA if m.kind == COMMITTEE else policies(m.day)[
            "meeting.agenda_thematic" if m.kind == THEMATIC else "meeting.agenda_regular"])
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
    month = next_month(year.months[-1])
    book = policies(month)
    policy_day = day_in_month(month, book["meeting.regular_day"])
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
        regular = MeetingSpec(cell, REGULAR, month, at(day, *hour), place=place,
                              reschedule_reason=reason, dues_collected=True)
        regular.agenda = list(book["meeting.agenda_regular"])
        regular.draft_resolution = _draft(rng, regular, h)
        year.meetings.append(regular)
        before = policy_day - dt.timedelta(days=book["meeting.committee_days_before"])
        cday = max(min(before, day - dt.timedelta(days=1)), month)
        if len(_committee_on_roll(h, rolls[id(cell)], cday)) >= 2:
            committee = MeetingSpec(cell, COMMITTEE, month, at(cday, *hour), place=place)
            committee.agenda = list(T.COMMITTEE_AGENDA)
            year.meetings.append(committee)
