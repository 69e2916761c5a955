"""Supervision in the demo city or province (P2; chibo.supervision): the committee members
who follow cells, their assignments quarter by quarter, the meetings they attended and
reported on, and the concerns raised there, each followed along its route to an answer.

    officials = plan_officials(seed, root, accounts)   # with the city (demo.build_plan)
    sup = plan_supervision(plan, year)   # with the year of meetings (meetings_plan)
    summary = write_supervision(sup, plan, year)     # after the meetings are written

What it holds, by design (all drawn from the plan's seed):

- officials: the root committee's members of the scale (demo.Scale.root_offices: the
  15 city committee members of texts_supervision.CITY_OFFICIALS`, or the province's 36 of
  `province.PROVINCE_OFFICIALS`; "tuv-01"…) plus demo-city (Chánh Văn phòng Thành
  ủy or Tỉnh ủy), and 2–3 committee members per ward or commune (3–5 in the province;
  "dbp-vu-ninh-1", "dbx-nam-son-2"…; demo-ward is one of Vũ Ninh's three); each with a
  staff scope on their committee and the demo password;
- follow assignments per calendar quarter of the year (and of next month): the root's
  members share the cells directly under the root (3–4 each in the city, about 5 in the
  province) and take 1–3 residential cells of the wards besides, 4–6 in all in the city;
  the ward members share all cells of their ward, residential ones first; about a tenth
  of the cells change hands from one quarter to the next, and 3–7 cells a quarter (ten
  times that in the province) are followed by nobody (the gaps). A cell founded or
  dissolved during a quarter is followed from its founding day, or up to the day before
  its dissolution, and not in the quarters it does not exist in;
- visits: in each quarter an official picks one meeting (regular or thematic) of each
  cell they follow, never two within three hours of each other nor one at the time of
  their own cell's meeting. A visit to a meeting after today is an "attend" assignment;
  of the past ones about 82% get a visit report (93% of them "attended", the band seen
  near the minutes' band, remarks from a list), and half of the others were attended
  without a report. Every attended visit is a guest of the meeting (is_higher_official,
  user set; the minutes list it) and often a speech;
- concerns: about a third of the attended reports bring 1–2 concerns (texts per kind of
  cell and category), secretaries send others from their minutes, the demo member two.
  Each goes to the committee above the cell, with the deadline of concern.answer_days
  from the day it was raised; the committee hands it to one of its members, answers it
  (mostly on time, some late), escalates it to the city, or closes it. The daily job
  (escalate_overdue_concerns, 06:15) moves a concern still open past its deadline at a
  ward up the next morning (AUTO_ESCALATE, a new deadline), where concern.auto_escalate
  says so: the demo ward (Vũ Ninh) and the commune of Nam Sơn (Gia Bình in the province)
  have issued their own rule turning it off (a Policy row each, `AUTO_ESCALATE_OFF`), so
  their overdue concerns stay
  with them, as late answers do; those overdue at the city stay there. An answer goes
  onto the cell's next regular meeting: already adopted, the answer was told there
  (REPORT, reported_at); otherwise it waits on that meeting's agenda.

Concerns get a history row per step; assignments one each; visit reports and the actions
have none (as in the app). Nothing here changes the meetings' scores.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone

from chibo.demo import texts as T
from chibo.demo import texts_supervision as TS
from chibo.demo.kit import next_month, quarter
from chibo.demo.meetings_specs import SpeechSpec
from chibo.demo.officials import OfficialSpec
from chibo.demo.supervision_specs import (
    ATTENDED,
    AUTO_ESCALATE_OFF,
    CITY_CELLS,
    CLASH,
    GAPS,
    PLANNED,
    REPORTED,
    ROTATION,
    UNREPORTED_ATTENDED,
    AssignmentSpec,
    SupervisionPlan,
    VisitSpec,
)
from chibo.meetings.models import MeetingKind, MeetingStatus, Section
from chibo.supervision.models import (
    AssignmentKind,
)

# ---------------------------------------------------------------------------------------
# Planning (with the year of meetings: plan_year).




class Context:
    """What the planning steps share: the tree, the meetings by cell, who is who."""

    def __init__(self, plan, year, policies):

        self.plan = plan
        self.year = year
        self.today = plan.today
        self.policies = policies
        self.root = plan.root
        self.cells = plan.cells
        self.officials = plan.officials
        self.by_committee: dict[int, list[OfficialSpec]] = {}
        for o in self.officials:
            self.by_committee.setdefault(id(o.committee), []).append(o)
        self.by_username = {o.username: o for o in self.officials}
        self.meetings: dict[int, list] = {}
        for m in sorted(year.meetings, key=lambda m: (m.scheduled_at, m.kind)):
            self.meetings.setdefault(id(m.cell), []).append(m)
        self.scores = year.scores
        months = [*year.months, next_month(year.months[-1])]
        quarters = list(dict.fromkeys(quarter(m) for m in months))
        self.quarters = [quarter_bounds(y, q) for y, q in quarters]
        self.current = quarter_bounds(*quarter(self.today))
        linked = {id(a.member): a.username for a in plan.accounts if a.member}
        self.linked = linked
        accounts = {a.username: a for a in plan.accounts}
        self.demo_cell = accounts["demo-secretary"].scope
        self.demo_member = accounts["demo-member"].member
        demo_ward = self.by_username["demo-ward"].committee
        self.no_auto = [demo_ward] + [o for o in self.root.children
                                      if o.name in AUTO_ESCALATE_OFF and o is not demo_ward]
        self.no_auto_from = no_auto_from(year.months)
        self.factor = plan.factor

    def answer_days(self, day: dt.date) -> int:
        return self.policies(day)["concern.answer_days"]

    def auto_escalate(self, org, day: dt.date) -> bool:
        """concern.auto_escalate in force for `org`: its own rule (AUTO_ESCALATE_OFF, the
        demo ward) or the general one."""
        if any(org is o for o in self.no_auto) and day >= self.no_auto_from:
            return False
        return bool(self.policies(day)["concern.auto_escalate"])

    def staff(self, org) -> list[OfficialSpec]:
        return self.by_committee.get(id(org), [])


def no_auto_from(months) -> dt.date:
    """When the committees of AUTO_ESCALATE_OFF issued their rule: before the year."""
    return dt.date(months[0].year - 1, 9, 1)


def quarter_bounds(y: int, q: int) -> tuple[dt.date, dt.date]:
    start = dt.date(y, 3 * q - 2, 1)
    end = dt.date(y + 1, 1, 1) if q == 4 else dt.date(y, 3 * q + 1, 1)
    return start, end - dt.timedelta(days=1)


def _own_cell(o: OfficialSpec):
    return o.member.cell if o.member is not None else None


def assign_officials(rng, ctx: Context, sup: SupervisionPlan) -> None:
    """Follow assignments per quarter, from a base that changes a little each quarter. A
    cell founded or dissolved during a quarter is followed from its founding or up to the
    day before its dissolution (not at all in the quarters it does not exist); the gaps
    and the city members' extra cells are drawn among the cells there all quarter."""
    root = ctx.root
    city = ctx.staff(root)
    direct = [c for c in root.children if c.is_cell]
    wards = [c for c in root.children if not c.is_cell]
    residential = [c for w in wards for c in w.children if c.profile == "residential"]

    # The base: who follows which cell (never one's own cell).
    base: dict[int, OfficialSpec] = {}
    shuffled = rng.sample(direct, len(direct))
    for i, cell in enumerate(shuffled):
        base[id(cell)] = _dealt(city, i, cell)
    for ward in wards:
        people = ctx.staff(ward)
        cells = ([c for c in ward.children if c.profile == "residential"]
                 + [c for c in ward.children if c.profile != "residential"])
        for i, cell in enumerate(cells):
            base[id(cell)] = _dealt(people, i, cell)
    demo_ward = ctx.by_username["demo-ward"]
    if ctx.demo_cell.parent is demo_ward.committee:
        base[id(ctx.demo_cell)] = demo_ward  # the demo secretary's cell: demo-ward follows it

    for start, end in ctx.quarters:
        alive = {id(c): _within(c, start, end) for c in ctx.cells}
        whole = {id(c) for c in ctx.cells if alive[id(c)] == (start, end)}
        weighted = [(c, 1 if c.profile == "residential" else 3) for c in ctx.cells
                    if c is not ctx.demo_cell and id(c) in whole]
        load = Counter(id(o) for o in base.values())
        for cell in ctx.cells:  # the hand-overs of the quarter, to the least busy
            if cell is ctx.demo_cell or rng.random() >= ROTATION:
                continue
            pool = ctx.staff(cell.parent)
            others = [o for o in pool if o is not base[id(cell)] and _own_cell(o) is not cell]
            if others:
                least = min(load[id(o)] for o in others)
                chosen = rng.choice([o for o in others if load[id(o)] == least])
                load[id(base[id(cell)])] -= 1
                load[id(chosen)] += 1
                base[id(cell)] = chosen
        gaps = weighted_sample(rng, weighted, rng.randint(*GAPS) * ctx.factor)
        sup.gaps[(start, end)] = gaps
        gap_ids = {id(c) for c in gaps}
        follows: dict[int, list] = {id(o): [] for o in ctx.officials}
        for cell in ctx.cells:
            if id(cell) not in gap_ids and alive[id(cell)] is not None:
                follows[id(base[id(cell)])].append(cell)
        taken = set()
        for o in city:
            want = rng.randint(*CITY_CELLS) - len(follows[id(o)])
            pool = [c for c in residential if id(c) not in gap_ids and id(c) not in taken
                    and id(c) in whole]
            for cell in rng.sample(pool, max(1, want)):
                taken.add(id(cell))
                follows[id(o)].append(cell)
        for o in ctx.officials:
            made = made_at(rng, ctx, start)
            creator = ctx.staff(o.committee)[0].username
            for cell in follows[id(o)]:
                first, last = alive[id(cell)]
                decided = made if first == start else at_time(first, 9)  # a new cell: that day
                sup.assignments.append(AssignmentSpec(
                    o, o.committee, cell, AssignmentKind.FOLLOW, first, last, decided,
                    creator))


def _within(cell, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
    """The part of [start, end] the cell exists in (None: not at all)."""
    first = max(start, cell.founded_on) if cell.founded_on else start
    last = min(end, cell.dissolved_on - dt.timedelta(days=1)) if cell.dissolved_on else end
    return (first, last) if first <= last else None


def _dealt(people: list[OfficialSpec], i: int, cell) -> OfficialSpec:
    """The i-th cell's follower, round robin, skipping the one whose own cell it is."""
    for k in range(len(people)):
        o = people[(i + k) % len(people)]
        if _own_cell(o) is not cell:
            return o
    return people[i % len(people)]


def weighted_sample(rng, pairs, count) -> list:
    keyed = sorted(((rng.random() ** (1.0 / w), i) for i, (_c, w) in enumerate(pairs)),
                   reverse=True)
    return [pairs[i][0] for _k, i in keyed[:count]]


def made_at(rng, ctx: Context, start: dt.date) -> dt.datetime:
    """When a quarter's assignments were decided: a week or two before it began."""
    day = min(start - dt.timedelta(days=rng.randint(4, 14)), ctx.today - dt.timedelta(days=1))
    return at_time(day, rng.randint(8, 16), rng.choice([0, 15, 30, 45]))


def plan_visits(rng, ctx: Context, sup: SupervisionPlan) -> None:
    """One meeting per followed cell and quarter; what came of it."""
    follows: dict[tuple, list[AssignmentSpec]] = {}
    for a in sup.assignments:  # by the quarter (a new cell's starts later in it)
        quarter = dt.date(a.starts_on.year, a.starts_on.month - (a.starts_on.month - 1) % 3, 1)
        follows.setdefault((id(a.official), quarter), []).append(a)
    for start, end in ctx.quarters:
        for o in ctx.officials:
            mine = follows.get((id(o), start), [])
            busy = [m.scheduled_at for m in ctx.meetings.get(id(_own_cell(o)), [])
                    if _own_cell(o) is not None]
            chosen = []
            upcoming_first = o.username == "demo-ward" and (start, end) == ctx.current
            for n, a in enumerate(rng.sample(mine, len(mine))):
                candidates = [
                    m for m in ctx.meetings.get(id(a.cell), [])
                    if m.kind in (MeetingKind.REGULAR, MeetingKind.THEMATIC) and not m.combined
                    and m.status != MeetingStatus.CANCELLED and a.starts_on <= m.day <= a.ends_on
                ]
                rng.shuffle(candidates)
                if upcoming_first and n < 3:  # demo-ward: something to attend soon
                    candidates.sort(key=lambda m: m.day < ctx.today)
                for m in candidates:
                    if all(abs(m.scheduled_at - t) >= CLASH for t in busy):
                        busy.append(m.scheduled_at)
                        chosen.append((a, m))
                        break
            for a, m in chosen:
                _outcome(rng, ctx, sup, o, a, m)


def _outcome(rng, ctx: Context, sup: SupervisionPlan, o, a, m) -> None:
    if m.status == PLANNED:  # still to come: assigned by name
        made = at_time(ctx.today - dt.timedelta(days=rng.randint(1, 10)), rng.randint(8, 16))
        sup.assignments.append(AssignmentSpec(
            o, o.committee, m.cell, AssignmentKind.ATTEND, m.day, m.day, made,
            ctx.staff(o.committee)[0].username, meeting=m))
        return
    visit = VisitSpec(o, m, a)
    if rng.random() < REPORTED:
        visit.reported = True
        visit.attended = rng.random() < ATTENDED
        hours = rng.choice([2, 14, 18, 20, 26, 40, 44, 64])
        before_today = at_time(ctx.today, 0) - dt.timedelta(minutes=rng.randint(5, 120))
        visit.created_at = min(m.ended_at + dt.timedelta(hours=hours),
                               max(m.ended_at + dt.timedelta(minutes=15), before_today))
        if visit.attended:
            _total, band = ctx.scores[id(m)]
            if not band:  # minutes not adopted yet: the score lacks the cell's own points
                q = ctx.year.habits[id(m.cell)].quality
                band = BANDS[0 if q >= 0.9 else 1 if q >= 0.7 else 2 if q >= 0.5 else 3]
            visit.band_seen = _near(rng, band)
            remarks = rng.choice(TS.VISIT_REMARKS[visit.band_seen])
            if rng.random() < 0.5:
                remarks += " " + rng.choice(TS.VISIT_REMARKS_EXTRA)
            visit.remarks = remarks
        else:
            visit.remarks = rng.choice(TS.NOT_ATTENDED_REMARKS)
    else:
        visit.attended = rng.random() < UNREPORTED_ATTENDED
    if visit.attended:
        add_guest(rng, ctx, o, m)
    sup.visits.append(visit)


BANDS = ["Tốt", "Khá", "Trung bình", "Kém"]


def _near(rng, band: str) -> str:
    i = BANDS.index(band)
    r = rng.random()
    if r < 0.72:
        return band
    if r < 0.9 and i > 0:
        return BANDS[i - 1]
    return BANDS[min(i + 1, len(BANDS) - 1)]


def add_guest(rng, ctx: Context, o: OfficialSpec, m) -> None:
    """The official in the meeting's guests (and its combined thematic meeting's: the same
    session), often with a few words in the discussion."""

    guest = {"name": o.name, "office": o.office, "is_higher_official": True, "official": o}
    m.guests.append(guest)
    for twin in ctx.meetings.get(id(m.cell), []):
        if twin.combined and twin.period == m.period and twin is not m:
            twin.guests.append(dict(guest))
    if rng.random() < 0.7:
        text = rng.choice(T.GUEST_SPEECHES).format(committee=o.title)
        m.speeches.append(SpeechSpec(Section.DISCUSSION, None, o.name, text))


# ---------------------------------------------------------------------------------------
# Small helpers.


def at_time(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    local = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
    return local.astimezone(dt.UTC)


def working_time(rng, day: dt.date) -> dt.datetime:
    return at_time(day, rng.randint(8, 16), rng.choice([0, 10, 20, 30, 40, 50]))
