"""Supervision in the demo city or province (P2; chibo.supervision): the committee members
who follow cells, their assignments quarter by quarter, the meetings they attended and
reported on, and the concerns raised there, each followed along its route to an answer.

    officials = plan_officials(seed, root, accounts)   # with the city (demo.build_plan)
    sup = plan_supervision(plan, year)   # with the year of meetings (demo_meetings)
    summary = write(sup, plan, year)     # after the meetings are written

What it holds, by design (all drawn from the plan's seed):

- officials: the root committee's members of the scale (demo.Scale.root_offices: the
  15 city committee members of `demo_texts.CITY_OFFICIALS`, or the province's 36 of
  `demo_province.PROVINCE_OFFICIALS`; "tuv-01"…) plus demo-city (Chánh Văn phòng Thành
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

import copy
import datetime as dt
import hashlib
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from chibo.core import demo_texts as T
from chibo.core.vi import fold
from chibo.meetings.models import MeetingKind, MeetingStatus, Section
from chibo.members.models import Gender
from chibo.supervision.models import (
    ActionKind,
    Assignment,
    AssignmentKind,
    Concern,
    ConcernAction,
    ConcernSource,
    ConcernStatus,
    VisitReport,
)
from chibo.supervision.services import answer_item_title

CHANGE_REASON = "Dữ liệu mẫu"
BATCH_SIZE = 500
POLICY_KEYS = ["concern.answer_days", "concern.auto_escalate"]
# Committees that turned automatic escalation off (besides the demo ward's): a commune of
# the city, one of the province.
AUTO_ESCALATE_OFF = ["Đảng bộ xã Nam Sơn", "Đảng bộ xã Gia Bình"]
ANALYZED = [Assignment, VisitReport, Concern, Concern.history.model, ConcernAction]
# Usernames of the officials, for demo.wipe (the demo-* accounts are listed there).
USERNAME_REGEX = r"^(tuv-[0-9]+|db[px]-[a-z0-9-]+-[0-9]+)$"

GAPS = (3, 7)  # cells followed by nobody, per quarter
ROTATION = 0.1  # share of cells changing hands from one quarter to the next
CITY_CELLS = (4, 6)  # cells a city member follows per quarter
REPORTED = 0.82  # of the past visits
ATTENDED = 0.93  # of the reports
UNREPORTED_ATTENDED = 0.5
CONCERN_VISITS = 0.33  # of the attended reports bring concerns
SECRETARY_CONCERNS = {"residential": 0.04, "other": 0.015}  # per regular meeting held
HIDDEN = 0.3  # of concerns naming a member
CLASH = dt.timedelta(hours=3)
PLANNED, HELD, ADOPTED = MeetingStatus.PLANNED, MeetingStatus.HELD, MeetingStatus.ADOPTED
OPEN, ASSIGNED = ConcernStatus.OPEN, ConcernStatus.ASSIGNED
ANSWERED, CLOSED = ConcernStatus.ANSWERED, ConcernStatus.CLOSED


# ---------------------------------------------------------------------------------------
# Plain objects.


@dataclass(eq=False)
class OfficialSpec:
    username: str
    name: str
    committee: object  # demo.OrgSpec: the city or a ward/commune committee
    office: str
    member: object | None = None  # demo.MemberSpec of demo-city and demo-ward
    demo_account: bool = False  # written with the demo accounts (demo-city, demo-ward)
    user: object | None = None  # the User, once written

    @property
    def title(self) -> str:
        """The committee they speak for: "Thành ủy", "Đảng ủy phường Vũ Ninh"."""
        return committee_title(self.committee)


@dataclass(eq=False)
class AssignmentSpec:
    official: OfficialSpec
    committee: object  # demo.OrgSpec
    cell: object  # demo.OrgSpec
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    created_at: dt.datetime
    created_by: str | None  # username
    meeting: object | None = None  # demo_meetings.MeetingSpec of an "attend" assignment
    instance: Assignment | None = None


@dataclass(eq=False)
class VisitSpec:
    official: OfficialSpec
    meeting: object  # demo_meetings.MeetingSpec
    assignment: AssignmentSpec
    attended: bool = False
    reported: bool = False
    band_seen: str = ""
    remarks: str = ""
    created_at: dt.datetime | None = None
    instance: VisitReport | None = None


@dataclass(eq=False)
class ActionSpec:
    kind: str
    organization: object  # demo.OrgSpec holding the concern after the step
    actor: str | None  # username
    note: str
    at: dt.datetime
    state: dict  # the concern's fields after the step (its history row)


@dataclass(eq=False)
class ConcernSpec:
    cell: object  # demo.OrgSpec
    category: str
    kind: str
    text: str
    source: str
    raised_on: dt.date
    raised_at: dt.datetime
    raised_by: str | None = None  # username
    member: object | None = None  # demo.MemberSpec
    member_hidden: bool = False
    meeting: object | None = None  # MeetingSpec where it was raised
    visit: VisitSpec | None = None
    # The state now (the last action's).
    responsible: object | None = None
    assignee: str | None = None
    status: str = OPEN
    deadline: dt.date | None = None
    answer: str = ""
    answered_on: dt.date | None = None
    reported_at: object | None = None  # MeetingSpec
    actions: list[ActionSpec] = field(default_factory=list)
    escalated: bool = False
    reply: str = ""  # the answer it gets (demo_texts.CONCERNS), once answered
    instance: Concern | None = None


@dataclass
class SupervisionPlan:
    today: dt.date
    quarters: list[tuple[dt.date, dt.date]]
    officials: list[OfficialSpec]
    assignments: list[AssignmentSpec]
    visits: list[VisitSpec]
    concerns: list[ConcernSpec]
    gaps: dict[tuple[dt.date, dt.date], list]  # quarter → cells nobody follows

    def digest(self) -> str:
        h = hashlib.sha256()
        for a in self.assignments:
            h.update(repr((a.official.username, a.cell.name, a.kind, a.starts_on, a.ends_on,
                           a.meeting.scheduled_at if a.meeting else None)).encode())
        for v in self.visits:
            h.update(repr((v.official.username, v.meeting.cell.name, v.meeting.scheduled_at,
                           v.attended, v.reported, v.band_seen, v.remarks)).encode())
        for c in self.concerns:
            h.update(repr((c.cell.name, c.text, c.source, c.raised_on, c.status, c.deadline,
                           c.answered_on, c.member.card_number if c.member else "",
                           c.member_hidden, [(a.kind, a.organization.name, a.actor, a.at)
                                             for a in c.actions])).encode())
        return h.hexdigest()


@dataclass
class SupervisionSummary:
    city_officials: int
    ward_officials: int
    follow: int
    attend: int
    reports: int
    attended: int
    guests: int  # attended visits (a guest row each, plus the combined thematic twin)
    concerns: int
    by_status: dict[str, int]
    by_source: dict[str, int]
    overdue: int
    overdue_at_wards: int
    escalated: int
    hidden: int
    reported_back: int
    waiting: int
    quarter: tuple[dt.date, dt.date]
    coverage: dict  # selectors.coverage of the current quarter, up to today
    gaps: int  # cells followed by nobody this quarter
    digest: str
    seconds: float = 0.0


# ---------------------------------------------------------------------------------------
# Officials (with the city: demo.build_plan).


def plan_officials(seed: int, root, accounts, spec=None) -> list[OfficialSpec]:
    """The root committee's members who follow cells (spec.root_offices: the city's
    Thành ủy or the province's Tỉnh ủy), and each ward's or commune's (a number drawn from
    spec.ward_officials). demo-city and demo-ward (already accounts, with their own member
    records) are among them. `spec` is a demo.Scale (the city's by default)."""
    from chibo.core.demo import SCALES, _name
    from chibo.core.demo_province import MORE_WARD_OFFICES

    spec = spec or SCALES["city"]
    rng = random.Random(f"{seed}:officials")
    by_username = {a.username: a for a in accounts}

    def person() -> str:
        gender = Gender.MALE if rng.random() < 0.7 else Gender.FEMALE
        return _name(rng, gender, rng.randint(40, 58))

    city = by_username["demo-city"]
    officials = [OfficialSpec("demo-city", city.member.full_name, root, spec.demo_root_office,
                              member=city.member, demo_account=True)]
    for i, office in enumerate(spec.root_offices, 1):
        officials.append(OfficialSpec(f"tuv-{i:02d}", person(), root, office))
    ward_account = by_username["demo-ward"]
    for committee in root.children:
        if committee.is_cell:
            continue
        unit = committee.name.replace("Đảng bộ ", "", 1)  # "phường Vũ Ninh"
        kind, place = unit.split(" ", 1)
        prefix = "dbp" if kind == "phường" else "dbx"
        slug = fold(place).replace(" ", "-")
        demo_office = T.DEMO_WARD_OFFICE.format(unit=unit)
        is_demo = committee is ward_account.scope
        count = 3 if is_demo else rng.choice(spec.ward_officials)
        pool = T.WARD_OFFICES + (MORE_WARD_OFFICES if count > len(T.WARD_OFFICES) - 1 else [])
        offices = [o.format(unit=unit) for o in pool]
        offices = [o for o in offices if o != demo_office]
        if is_demo:
            officials.append(OfficialSpec("demo-ward", ward_account.member.full_name, committee,
                                          demo_office, member=ward_account.member,
                                          demo_account=True))
            count -= 1
        for n, office in enumerate(rng.sample(offices, count), 1):
            officials.append(OfficialSpec(f"{prefix}-{slug}-{n}", person(), committee, office))
    return officials


def committee_title(org) -> str:
    """"Thành ủy" or "Tỉnh ủy" for the root, "Đảng ủy phường Vũ Ninh" for a ward."""
    from chibo.core.demo import root_title

    if org.parent is None:
        return root_title(org)
    return org.name.replace("Đảng bộ", "Đảng ủy", 1)


# ---------------------------------------------------------------------------------------
# Planning (with the year of meetings: demo_meetings.plan_year).


def plan_supervision(plan, year, policies=None) -> SupervisionPlan:
    """Assignments, visits and concerns over `year`; adds the officials' visits to the
    meetings (guests, speeches) and the answers to the cells' agendas. `policies` gives
    concern.answer_days on a day (demo_meetings.Policies over POLICY_KEYS by default)."""
    from chibo.core.demo_meetings import Policies

    policies = policies or Policies(POLICY_KEYS)
    rng = random.Random(f"{plan.seed}:supervision")
    ctx = _Context(plan, year, policies)
    sup = SupervisionPlan(plan.today, ctx.quarters, plan.officials, [], [], [], {})
    _assign(rng, ctx, sup)
    _visit(rng, ctx, sup)
    _concerns(rng, ctx, sup)
    _answers_back(ctx, sup)
    return sup


class _Context:
    """What the planning steps share: the tree, the meetings by cell, who is who."""

    def __init__(self, plan, year, policies):
        from chibo.core.demo_meetings import _next_month, _quarter

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
        months = [*year.months, _next_month(year.months[-1])]
        quarters = list(dict.fromkeys(_quarter(m) for m in months))
        self.quarters = [_quarter_bounds(y, q) for y, q in quarters]
        self.current = _quarter_bounds(*_quarter(self.today))
        linked = {id(a.member): a.username for a in plan.accounts if a.member}
        self.linked = linked
        accounts = {a.username: a for a in plan.accounts}
        self.demo_cell = accounts["demo-secretary"].scope
        self.demo_member = accounts["demo-member"].member
        demo_ward = self.by_username["demo-ward"].committee
        self.no_auto = [demo_ward] + [o for o in self.root.children
                                      if o.name in AUTO_ESCALATE_OFF and o is not demo_ward]
        self.no_auto_from = _no_auto_from(year.months)
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


def _no_auto_from(months) -> dt.date:
    """When the committees of AUTO_ESCALATE_OFF issued their rule: before the year."""
    return dt.date(months[0].year - 1, 9, 1)


def _quarter_bounds(y: int, q: int) -> tuple[dt.date, dt.date]:
    start = dt.date(y, 3 * q - 2, 1)
    end = dt.date(y + 1, 1, 1) if q == 4 else dt.date(y, 3 * q + 1, 1)
    return start, end - dt.timedelta(days=1)


def _own_cell(o: OfficialSpec):
    return o.member.cell if o.member is not None else None


def _assign(rng, ctx: _Context, sup: SupervisionPlan) -> None:
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
        gaps = _weighted_sample(rng, weighted, rng.randint(*GAPS) * ctx.factor)
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
            made = _made_at(rng, ctx, start)
            creator = ctx.staff(o.committee)[0].username
            for cell in follows[id(o)]:
                first, last = alive[id(cell)]
                decided = made if first == start else _at(first, 9)  # a new cell: that day
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


def _weighted_sample(rng, pairs, count) -> list:
    keyed = sorted(((rng.random() ** (1.0 / w), i) for i, (_c, w) in enumerate(pairs)),
                   reverse=True)
    return [pairs[i][0] for _k, i in keyed[:count]]


def _made_at(rng, ctx: _Context, start: dt.date) -> dt.datetime:
    """When a quarter's assignments were decided: a week or two before it began."""
    day = min(start - dt.timedelta(days=rng.randint(4, 14)), ctx.today - dt.timedelta(days=1))
    return _at(day, rng.randint(8, 16), rng.choice([0, 15, 30, 45]))


def _visit(rng, ctx: _Context, sup: SupervisionPlan) -> None:
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


def _outcome(rng, ctx: _Context, sup: SupervisionPlan, o, a, m) -> None:
    if m.status == PLANNED:  # still to come: assigned by name
        made = _at(ctx.today - dt.timedelta(days=rng.randint(1, 10)), rng.randint(8, 16))
        sup.assignments.append(AssignmentSpec(
            o, o.committee, m.cell, AssignmentKind.ATTEND, m.day, m.day, made,
            ctx.staff(o.committee)[0].username, meeting=m))
        return
    visit = VisitSpec(o, m, a)
    if rng.random() < REPORTED:
        visit.reported = True
        visit.attended = rng.random() < ATTENDED
        hours = rng.choice([2, 14, 18, 20, 26, 40, 44, 64])
        before_today = _at(ctx.today, 0) - dt.timedelta(minutes=rng.randint(5, 120))
        visit.created_at = min(m.ended_at + dt.timedelta(hours=hours),
                               max(m.ended_at + dt.timedelta(minutes=15), before_today))
        if visit.attended:
            band = ctx.scores[id(m)]["band"]
            if not band:  # minutes not adopted yet: the score lacks the cell's own points
                q = ctx.year.habits[id(m.cell)].quality
                band = BANDS[0 if q >= 0.9 else 1 if q >= 0.7 else 2 if q >= 0.5 else 3]
            visit.band_seen = _near(rng, band)
            remarks = rng.choice(T.VISIT_REMARKS[visit.band_seen])
            if rng.random() < 0.5:
                remarks += " " + rng.choice(T.VISIT_REMARKS_EXTRA)
            visit.remarks = remarks
        else:
            visit.remarks = rng.choice(T.NOT_ATTENDED_REMARKS)
    else:
        visit.attended = rng.random() < UNREPORTED_ATTENDED
    if visit.attended:
        _add_guest(rng, ctx, o, m)
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


def _add_guest(rng, ctx: _Context, o: OfficialSpec, m) -> None:
    """The official in the meeting's guests (and its combined thematic meeting's: the same
    session), often with a few words in the discussion."""
    from chibo.core.demo_meetings import SpeechSpec

    guest = {"name": o.name, "office": o.office, "is_higher_official": True, "official": o}
    m.guests.append(guest)
    for twin in ctx.meetings.get(id(m.cell), []):
        if twin.combined and twin.period == m.period and twin is not m:
            twin.guests.append(dict(guest))
    if rng.random() < 0.7:
        text = rng.choice(T.GUEST_SPEECHES).format(committee=o.title)
        m.speeches.append(SpeechSpec(Section.DISCUSSION, None, o.name, text))


# ---------------------------------------------------------------------------------------
# Concerns.


def _concerns(rng, ctx: _Context, sup: SupervisionPlan) -> None:
    used: dict[int, set] = {}

    def new(cell, source, raised_on, raised_at, raised_by, meeting=None, visit=None,
            from_present=0.0):
        text_pool = _pool(cell)
        fresh = [t for t in text_pool if t[2] not in used.setdefault(id(cell), set())]
        category, kind, text, answer = rng.choice(fresh or text_pool)
        used[id(cell)].add(text)
        c = ConcernSpec(cell, category, kind, _fill(text, cell, raised_on), source, raised_on,
                        raised_at, raised_by=raised_by, meeting=meeting, visit=visit,
                        reply=answer)
        if meeting is not None and rng.random() < from_present:
            present = [a.member for a in meeting.attendance
                       if a.presence == "present" and a.member.cell is cell]
            if present:
                c.member = rng.choice(present)
                c.member_hidden = rng.random() < HIDDEN
        sup.concerns.append(c)
        return c

    # From the officials' reports.
    for v in sup.visits:
        if not (v.reported and v.attended) or rng.random() >= CONCERN_VISITS:
            continue
        for _ in range(1 if rng.random() < 0.75 else 2):
            new(v.meeting.cell, ConcernSource.OFFICIAL, v.meeting.day, v.created_at,
                v.official.username, meeting=v.meeting, visit=v, from_present=0.6)
    # From the secretaries, out of their minutes, a few days after the meeting.
    for cell in ctx.cells:
        share = SECRETARY_CONCERNS["residential" if cell.profile == "residential" else "other"]
        for m in ctx.meetings.get(id(cell), []):
            if m.kind != MeetingKind.REGULAR or not m.held or rng.random() >= share:
                continue
            day = min(m.day + dt.timedelta(days=rng.randint(0, 5)),
                      ctx.today - dt.timedelta(days=1))
            by = "demo-secretary" if cell is ctx.demo_cell else None
            new(cell, ConcernSource.SECRETARY, day, _working(rng, day), by, meeting=m,
                from_present=0.5)
    # The demo member's own, one a month and a half ago, one last week.
    for days in (45, 6):
        day = ctx.today - dt.timedelta(days=days)
        c = new(ctx.demo_cell, ConcernSource.MEMBER, day, _working(rng, day), "demo-member")
        c.member = ctx.demo_member
    sup.concerns.sort(key=lambda c: (c.raised_at, c.cell.name))
    for c in sup.concerns:
        _route(rng, ctx, c)
    _make_sure(rng, ctx, sup, new)


def _pool(cell) -> list[tuple[str, str, str, str]]:
    group = T.GROUPS[cell.profile]
    if group == "residential":
        return T.CONCERNS["residential"]
    return T.CONCERNS["workplace"] + T.CONCERNS.get(group, [])


def _fill(text: str, cell, day: dt.date, committee: str = "") -> str:
    """A text of demo_texts said of the cell (its place, its ward or the city or province
    for a cell directly under the root)."""
    from chibo.core.demo import localize, root_area, root_of

    root = root_of(cell)
    place = cell.name.replace("Chi bộ ", "", 1)
    parent = cell.parent
    unit = parent.name.replace("Đảng bộ ", "", 1) if parent and parent.parent else root_area(
        root)
    return localize(text, root).format(place=place, unit=unit, year=day.year,
                                       next_year=day.year + 1, committee=committee)


def _make_sure(rng, ctx: _Context, sup: SupervisionPlan, new) -> None:
    """demo-ward's committee has concerns overdue and open within the deadline, and one
    handed to demo-ward, whatever the dates drew: more from its residential cells'
    secretaries, raised on the right days."""
    ward = ctx.by_username["demo-ward"].committee
    cells = [c for c in ward.children if c.profile == "residential" and c.dissolved_on is None]
    days = ctx.answer_days(ctx.today)
    at_ward = [c for c in sup.concerns if c.responsible is ward and c.status in (OPEN, ASSIGNED)]
    overdue = [c for c in at_ward if c.deadline < ctx.today]
    within = [c for c in at_ward if c.deadline >= ctx.today]
    wanted = [("overdue", 2 - len(overdue)), ("within", 2 - len(within))]
    if not any(c.assignee == "demo-ward" for c in at_ward):
        wanted.append(("assigned", 1))
    for fate, count in wanted:
        for _ in range(count):
            if fate == "overdue":  # the ward does not escalate by itself (its own rule)
                day = ctx.today - dt.timedelta(days=days + rng.randint(1, 20))
            else:
                day = ctx.today - dt.timedelta(days=rng.randint(1, max(1, days - 3)))
            cell = rng.choice(cells)
            c = new(cell, ConcernSource.SECRETARY, day, _working(rng, day),
                    "demo-secretary" if cell is ctx.demo_cell else None)
            _route(rng, ctx, c, hold=True,
                   assignee="demo-ward" if fate == "assigned" else None)


def _route(rng, ctx: _Context, c: ConcernSpec, *, hold: bool = False,
           assignee: str | None = None) -> None:
    """The concern's life up to today, as the services would have made it: received by the
    committee above the cell, then handed over, escalated, answered, closed. With `hold`,
    received (and handed to `assignee`) and nothing more."""
    from chibo.core.demo import localize

    today = ctx.today
    org = c.cell.parent
    c.responsible = org
    c.deadline = c.raised_on + dt.timedelta(days=ctx.answer_days(c.raised_on))
    _act(c, ActionKind.RECEIVE, c.raised_by, "", c.raised_at)
    start = c.raised_on
    while True:
        top = org.parent is None
        staff = ctx.staff(org)
        if hold:
            if assignee:
                day = max(min(start + dt.timedelta(days=1), today - dt.timedelta(days=1)),
                          start)
                _hand_over(rng, c, ctx.by_username[assignee], day, staff)
            return
        last = timezone.localtime(c.actions[-1].at).date()
        if not top and rng.random() < 0.06:  # beyond the ward: sent up with a reason
            day = max(start + dt.timedelta(days=rng.randint(2, 9)), last + dt.timedelta(days=1))
            if day < today and day <= c.deadline:
                note = localize(rng.choice(T.ESCALATE_NOTES), ctx.root).format(
                    committee=committee_title(org))
                org = _up(ctx, c, org, day, ActionKind.ESCALATE, rng.choice(staff).username,
                          note, _working(rng, day))
                start = day
                continue
        handed = None
        if len(staff) > 1 and rng.random() < 0.4:
            handed = rng.choice(staff)
            day = max(start + dt.timedelta(days=rng.randint(1, 4)), last)
            if day < today:
                _hand_over(rng, c, handed, day, staff)
            else:
                handed = None
        days = (c.deadline - start).days
        r = rng.random()
        last = timezone.localtime(c.actions[-1].at).date()
        if r < 0.04:  # closed without a separate answer
            day = max(start + dt.timedelta(days=rng.randint(3, max(3, days - 2))),
                      last + dt.timedelta(days=1))
            if day < today:
                _close(rng, ctx, c, day, staff, without_answer=True)
                return
            answer_day = None
        elif r < (0.80 if top else 0.86):
            answer_day = start + dt.timedelta(days=rng.randint(2, max(2, days)))
        elif r < (0.95 if top else 0.94):  # late (at a ward that escalates: moved up)
            answer_day = c.deadline + dt.timedelta(days=rng.randint(1, 14 if top else 6))
        else:
            answer_day = None  # not answered
        if answer_day is not None:  # a day at least after the last step
            answer_day = max(answer_day, last + dt.timedelta(days=1))
        run = c.deadline + dt.timedelta(days=1)  # the daily job, the morning after
        if not top and ctx.auto_escalate(org, run):
            if (answer_day is None or answer_day >= run) and run < today:
                org = _up(ctx, c, org, run, ActionKind.AUTO_ESCALATE, None,
                          f"Quá hạn trả lời {c.deadline:%d/%m/%Y}", _at(run, 6, 15))
                start = run
                continue
        if answer_day is None or answer_day >= today:
            return  # still open (overdue or not)
        who = handed or rng.choice(staff)
        text = _fill(c.reply, c.cell, answer_day, committee_title(org))
        c.answer, c.answered_on, c.status = text, answer_day, ANSWERED
        _act(c, ActionKind.ANSWER, who.username, text, _working(rng, answer_day))
        if rng.random() < 0.15:
            day = answer_day + dt.timedelta(days=rng.randint(3, 25))
            if day < today:
                _close(rng, ctx, c, day, staff)
        return


def _up(ctx, c: ConcernSpec, org, day, kind, actor, note, at):
    above = org.parent
    c.responsible, c.assignee, c.status, c.escalated = above, None, OPEN, True
    c.deadline = day + dt.timedelta(days=ctx.answer_days(day))
    _act(c, kind, actor, note, at)
    return above


def _hand_over(rng, c: ConcernSpec, person: OfficialSpec, day, staff) -> None:
    """The committee's first member (its standing office; the second when it is the
    first's own) hands the concern to one of them (concern_assign: the assignee holds a
    staff scope on the committee)."""
    c.assignee, c.status = person.username, ASSIGNED
    note = rng.choice(T.ASSIGN_NOTES).format(name=person.name)
    lead = staff[0] if staff[0] is not person or len(staff) == 1 else staff[1]
    _act(c, ActionKind.ASSIGN, lead.username, note, _working(rng, day))


def _close(rng, ctx, c: ConcernSpec, day, staff, *, without_answer: bool = False) -> None:
    note = rng.choice(T.CLOSE_WITHOUT_ANSWER if without_answer else T.CLOSE_NOTES)
    if without_answer:
        c.answer, c.answered_on = note, day
    c.status = CLOSED
    _act(c, ActionKind.CLOSE, rng.choice(staff).username, note, _working(rng, day))


def _act(c: ConcernSpec, kind, actor, note, at) -> None:
    if c.actions and at <= c.actions[-1].at:
        at = c.actions[-1].at + dt.timedelta(minutes=20)
    state = {"responsible": c.responsible, "assignee": c.assignee, "status": c.status,
             "deadline": c.deadline, "answer": c.answer, "answered_on": c.answered_on,
             "reported_at": c.reported_at}
    c.actions.append(ActionSpec(kind, c.responsible, actor, note, at, state))


def _answers_back(ctx: _Context, sup: SupervisionPlan) -> None:
    """Each answer goes to the cell's next regular meeting from the day of the answer:
    told there if its minutes are adopted (REPORT), else waiting on its agenda (and on
    the agendas of the meetings planned after it, as services.meeting_create does)."""
    from chibo.meetings.models import MeetingKind as K

    waiting: dict[int, list[ConcernSpec]] = {}
    for c in sorted(sup.concerns, key=lambda c: (c.answered_on or dt.date.max, c.raised_at)):
        if not c.answer:
            continue
        regular = [m for m in ctx.meetings.get(id(c.cell), [])
                   if m.kind == K.REGULAR and m.status != MeetingStatus.CANCELLED
                   and m.day >= c.answered_on]
        if not regular:
            continue
        first = regular[0]
        if first.status == ADOPTED:
            c.reported_at = first
            adopter = ctx.linked.get(id(first.chair)) if first.chair else None
            kind = MeetingKind(first.kind).label
            _act(c, ActionKind.REPORT, adopter,
                 f"Thông báo tại {kind} {first.period:%m/%Y} – {first.cell.name}",
                 first.adopted_at)
            waiting.setdefault(id(first), []).append(c)
        else:
            for m in regular:
                waiting.setdefault(id(m), []).append(c)
    for cell in ctx.cells:
        for m in ctx.meetings.get(id(cell), []):
            answers = waiting.get(id(m))
            if answers:
                titles = [answer_item_title(SimpleNamespace(
                    responsible=SimpleNamespace(name=c.responsible.name), text=c.text,
                    answer=c.answer)) for c in answers]
                m.agenda[2:2] = titles


# ---------------------------------------------------------------------------------------
# Writing (after demo_meetings.write_year: the meetings have their ids).


def write(sup: SupervisionPlan, plan, year) -> SupervisionSummary:
    from chibo.accounts.models import User

    started = time.perf_counter()
    usernames = {o.username for o in sup.officials} | {a.username for a in plan.accounts}
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    with transaction.atomic():
        _write_rules(sup, plan, year, users)
        _write_assignments(sup, users)
        _write_reports(sup, users)
        _write_concerns(sup, users)
    summary = _summary(sup, plan, users)
    summary.seconds = time.perf_counter() - started
    return summary


def _write_rules(sup: SupervisionPlan, plan, year, users) -> None:
    """The own rule of the committees that turned automatic escalation off."""
    from chibo.policies.models import Policy

    demo_ward = next(o.committee for o in sup.officials if o.username == "demo-ward")
    for org in [demo_ward] + [o for o in plan.root.children
                              if o.name in AUTO_ESCALATE_OFF and o is not demo_ward]:
        title = committee_title(org)
        lead = next(o for o in sup.officials if o.committee is org)
        Policy.objects.create(
            key="concern.auto_escalate", value=False, issuer=org.instance,
            effective_from=_no_auto_from(year.months),
            legal_basis=T.AUTO_ESCALATE_OFF_BASIS.format(committee=title),
            note=T.AUTO_ESCALATE_OFF_NOTE.format(committee=title),
            created_by=users.get(lead.username),
        )


def _write_assignments(sup: SupervisionPlan, users) -> None:
    rows = []
    for a in sup.assignments:
        a.instance = Assignment(
            committee_id=a.committee.instance.pk, official=users[a.official.username],
            cell_id=a.cell.instance.pk, kind=a.kind,
            meeting_id=a.meeting.instance.pk if a.meeting else None,
            starts_on=a.starts_on, ends_on=a.ends_on, created_by=users.get(a.created_by),
        )
        rows.append(a.instance)
    Assignment.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    for a in sup.assignments:  # auto_now_add filled in "now": the day it was decided
        a.instance.created_at = a.created_at
        a.instance._history_date = a.created_at
        a.instance._history_user = a.instance.created_by
    _set_created_at(Assignment, rows)
    Assignment.history.bulk_history_create(rows, batch_size=BATCH_SIZE,
                                           default_change_reason=CHANGE_REASON)


def _write_reports(sup: SupervisionPlan, users) -> None:
    rows = []
    for v in sup.visits:
        if not v.reported:
            continue
        v.instance = VisitReport(
            official=users[v.official.username], meeting_id=v.meeting.instance.pk,
            assignment=v.assignment.instance, attended=v.attended, band_seen=v.band_seen,
            remarks=v.remarks,
        )
        rows.append(v.instance)
    VisitReport.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    for v in sup.visits:
        if v.reported:
            v.instance.created_at = v.created_at
    _set_created_at(VisitReport, rows)


def _set_created_at(model, rows) -> None:
    """UPDATE created_at (an auto_now_add field, which bulk_create sets to now) from the
    rows: one statement run many times, several times faster than bulk_update's CASE."""
    field = model._meta.get_field("created_at")
    qn = connection.ops.quote_name
    sql = (f"UPDATE {qn(model._meta.db_table)} SET {qn(field.column)} = %s "
           f"WHERE {qn(model._meta.pk.column)} = %s")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(field.get_db_prep_save(r.created_at, connection), r.pk)
                                 for r in rows])


def _write_concerns(sup: SupervisionPlan, users) -> None:
    from chibo.core.demo_meetings import _insert

    def pk(x):
        return x.instance.pk if x is not None else None

    rows = []
    for c in sup.concerns:
        c.instance = Concern(
            cell_id=c.cell.instance.pk, member_id=pk(c.member), member_hidden=c.member_hidden,
            kind=c.kind, category=c.category, text=c.text, source=c.source,
            raised_by=users.get(c.raised_by), meeting_id=pk(c.meeting), visit_id=pk(c.visit),
            responsible_id=c.responsible.instance.pk, assignee=users.get(c.assignee),
            status=c.status, raised_on=c.raised_on, deadline=c.deadline, answer=c.answer,
            answered_on=c.answered_on, reported_at_id=pk(c.reported_at),
        )
        rows.append(c.instance)
    Concern.objects.bulk_create(rows, batch_size=BATCH_SIZE)

    # A history row per step, as the services' saves would have left them.
    created, changed = [], []
    for c in sup.concerns:
        for i, action in enumerate(c.actions):
            s = action.state
            row = copy.copy(c.instance)
            row.responsible_id = s["responsible"].instance.pk
            row.assignee_id = users[s["assignee"]].pk if s["assignee"] else None
            row.status, row.deadline = s["status"], s["deadline"]
            row.answer, row.answered_on = s["answer"], s["answered_on"]
            row.reported_at_id = pk(s["reported_at"])
            row._history_date = action.at
            row._history_user = users.get(action.actor)
            (changed if i else created).append(row)
    Concern.history.bulk_history_create(created, batch_size=BATCH_SIZE,
                                        default_change_reason=CHANGE_REASON)
    Concern.history.bulk_history_create(changed, batch_size=BATCH_SIZE, update=True,
                                        default_change_reason=CHANGE_REASON)
    actions = [
        (c.instance.pk, a.kind, a.organization.instance.pk,
         users[a.actor].pk if a.actor else None, a.note, a.at)
        for c in sup.concerns for a in c.actions
    ]
    _insert(ConcernAction, ["concern", "kind", "organization", "actor", "note", "created_at"],
            actions)


def _summary(sup: SupervisionPlan, plan, users) -> SupervisionSummary:
    from chibo.supervision.selectors import coverage

    today = sup.today
    start, end = next(q for q in sup.quarters if q[0] <= today <= q[1])
    figures = coverage(users["demo-city"], plan.root.instance, starts_on=start,
                       ends_on=min(end, today))
    concerns = sup.concerns
    open_ = [c for c in concerns if c.status in (OPEN, ASSIGNED)]
    reports = [v for v in sup.visits if v.reported]
    return SupervisionSummary(
        city_officials=sum(1 for o in sup.officials if o.committee.parent is None),
        ward_officials=sum(1 for o in sup.officials if o.committee.parent is not None),
        follow=sum(1 for a in sup.assignments if a.kind == AssignmentKind.FOLLOW),
        attend=sum(1 for a in sup.assignments if a.kind == AssignmentKind.ATTEND),
        reports=len(reports),
        attended=sum(1 for v in reports if v.attended),
        guests=sum(1 for v in sup.visits if v.attended),
        concerns=len(concerns),
        by_status=dict(Counter(str(c.status) for c in concerns)),
        by_source=dict(Counter(str(c.source) for c in concerns)),
        overdue=sum(1 for c in open_ if c.deadline < today),
        overdue_at_wards=sum(1 for c in open_ if c.deadline < today
                             and c.responsible.parent is not None),
        escalated=sum(1 for c in concerns if c.escalated),
        hidden=sum(1 for c in concerns if c.member_hidden),
        reported_back=sum(1 for c in concerns if c.reported_at is not None),
        waiting=sum(1 for c in concerns if c.answer and c.reported_at is None),
        quarter=(start, end),
        coverage=figures,
        gaps=len(sup.gaps.get((start, end), [])),
        digest=sup.digest(),
    )


def wipe() -> None:
    """Delete every assignment, visit report and concern (with their actions) and their
    history. Called by demo.wipe before the meetings go (PROTECT foreign keys)."""
    from chibo.core.demo import _delete_all

    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        for model in (ConcernAction, Concern, VisitReport, Assignment):
            _delete_all(model.objects.all())
        for model in (Concern, Assignment):
            model.history.model.objects.all().delete()


# ---------------------------------------------------------------------------------------
# Small helpers.


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    local = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
    return local.astimezone(dt.UTC)


def _working(rng, day: dt.date) -> dt.datetime:
    return _at(day, rng.randint(8, 16), rng.choice([0, 10, 20, 30, 40, 50]))
