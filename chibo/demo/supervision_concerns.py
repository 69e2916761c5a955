from __future__ import annotations

import datetime as dt
import random
from types import SimpleNamespace

from django.utils import timezone

from chibo.demo import texts as T
from chibo.demo import texts_supervision as TS
from chibo.demo.meetings_specs import Policies
from chibo.demo.officials import OfficialSpec, committee_title
from chibo.demo.supervision_plan import (
    Context,
    assign_officials,
    at_time,
    plan_visits,
    working_time,
)
from chibo.demo.supervision_specs import (
    ADOPTED,
    ANSWERED,
    ASSIGNED,
    CLOSED,
    CONCERN_VISITS,
    HIDDEN,
    OPEN,
    SECRETARY_CONCERNS,
    SUPERVISION_POLICY_KEYS,
    ActionSpec,
    ConcernSpec,
    SupervisionPlan,
)
from chibo.demo.tree import localize, root_area, root_of
from chibo.meetings.models import MeetingKind, MeetingStatus
from chibo.supervision.models import (
    ActionKind,
    ConcernSource,
)
from chibo.supervision.services import answer_item_title

# ---------------------------------------------------------------------------------------
# Concerns.


def plan_concerns(rng, ctx: Context, sup: SupervisionPlan) -> None:
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
            new(cell, ConcernSource.SECRETARY, day, working_time(rng, day), by, meeting=m,
                from_present=0.5)
    # The demo member's own, one a month and a half ago, one last week.
    for days in (45, 6):
        day = ctx.today - dt.timedelta(days=days)
        c = new(ctx.demo_cell, ConcernSource.MEMBER, day, working_time(rng, day), "demo-member")
        c.member = ctx.demo_member
    sup.concerns.sort(key=lambda c: (c.raised_at, c.cell.name))
    for c in sup.concerns:
        _route(rng, ctx, c)
    _make_sure(rng, ctx, sup, new)


def _pool(cell) -> list[tuple[str, str, str, str]]:
    group = T.GROUPS[cell.profile]
    if group == "residential":
        return TS.CONCERNS["residential"]
    return TS.CONCERNS["workplace"] + TS.CONCERNS.get(group, [])


def _fill(text: str, cell, day: dt.date, committee: str = "") -> str:
    """A text of texts_supervision said of the cell (its place, its ward or the city or province
    for a cell directly under the root)."""

    root = root_of(cell)
    place = cell.name.replace("Chi bộ ", "", 1)
    parent = cell.parent
    unit = parent.name.replace("Đảng bộ ", "", 1) if parent and parent.parent else root_area(
        root)
    return localize(text, root).format(place=place, unit=unit, year=day.year,
                                       next_year=day.year + 1, committee=committee)


def _make_sure(rng, ctx: Context, sup: SupervisionPlan, new) -> None:
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
            c = new(cell, ConcernSource.SECRETARY, day, working_time(rng, day),
                    "demo-secretary" if cell is ctx.demo_cell else None)
            _route(rng, ctx, c, hold=True,
                   assignee="demo-ward" if fate == "assigned" else None)


def _route(rng, ctx: Context, c: ConcernSpec, *, hold: bool = False,
           assignee: str | None = None) -> None:
    """The concern's life up to today, as the services would have made it: received by the
    committee above the cell, then handed over, escalated, answered, closed. With `hold`,
    received (and handed to `assignee`) and nothing more."""

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
                note = localize(rng.choice(TS.ESCALATE_NOTES), ctx.root).format(
                    committee=committee_title(org))
                org = _up(ctx, c, org, day, ActionKind.ESCALATE, rng.choice(staff).username,
                          note, working_time(rng, day))
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
                          f"Quá hạn trả lời {c.deadline:%d/%m/%Y}", at_time(run, 6, 15))
                start = run
                continue
        if answer_day is None or answer_day >= today:
            return  # still open (overdue or not)
        who = handed or rng.choice(staff)
        text = _fill(c.reply, c.cell, answer_day, committee_title(org))
        c.answer, c.answered_on, c.status = text, answer_day, ANSWERED
        _act(c, ActionKind.ANSWER, who.username, text, working_time(rng, answer_day))
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
    note = rng.choice(TS.ASSIGN_NOTES).format(name=person.name)
    lead = staff[0] if staff[0] is not person or len(staff) == 1 else staff[1]
    _act(c, ActionKind.ASSIGN, lead.username, note, working_time(rng, day))


def _close(rng, ctx, c: ConcernSpec, day, staff, *, without_answer: bool = False) -> None:
    note = rng.choice(TS.CLOSE_WITHOUT_ANSWER if without_answer else TS.CLOSE_NOTES)
    if without_answer:
        c.answer, c.answered_on = note, day
    c.status = CLOSED
    _act(c, ActionKind.CLOSE, rng.choice(staff).username, note, working_time(rng, day))


def _act(c: ConcernSpec, kind, actor, note, at) -> None:
    if c.actions and at <= c.actions[-1].at:
        at = c.actions[-1].at + dt.timedelta(minutes=20)
    state = {"responsible": c.responsible, "assignee": c.assignee, "status": c.status,
             "deadline": c.deadline, "answer": c.answer, "answered_on": c.answered_on,
             "reported_at": c.reported_at}
    c.actions.append(ActionSpec(kind, c.responsible, actor, note, at, state))


def answers_back(ctx: Context, sup: SupervisionPlan) -> None:
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


def plan_supervision(plan, year, policies=None) -> SupervisionPlan:
    """Assignments, visits and concerns over `year`; adds the officials' visits to the
    meetings (guests, speeches) and the answers to the cells' agendas. `policies` gives
    concern.answer_days on a day (Policies over SUPERVISION_POLICY_KEYS by default)."""

    policies = policies or Policies(SUPERVISION_POLICY_KEYS)
    rng = random.Random(f"{plan.seed}:supervision")
    ctx = Context(plan, year, policies)
    sup = SupervisionPlan(plan.today, ctx.quarters, plan.officials, [], [], [], {})
    assign_officials(rng, ctx, sup)
    plan_visits(rng, ctx, sup)
    plan_concerns(rng, ctx, sup)
    answers_back(ctx, sup)
    return sup
