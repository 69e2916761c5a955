"""The grading demo's assessments, a step of GradingPlan: the previous year graded and
decided, the current year in progress."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from chibo.demo.grading_data import (
    CELL_DECISION_CAP,
    CELL_SELF_NOTES,
    CELL_STATES,
    DECISION_NOTE,
    ORDER,
    OVERRATE,
    REVIEW_CAP,
    REVIEW_LOWER,
    REVIEW_NOT_DONE,
    REVIEW_SAME,
    SELF_NOTES,
    C,
    E,
    G,
    N,
)
from chibo.demo.grading_plan import (
    GradingPlan,
    better_grade,
    day_between,
    draw_points,
    draw_scores,
    in_batches,
    random_time,
    trim_to_cap,
    weighted_pick,
    worse_grade,
)
from chibo.demo.grading_world import AssessmentRow, Member, pack_evidence, unpack_evidence
from chibo.grading import rules
from chibo.grading.evidence import cells_evidence, members_evidence
from chibo.grading.models import DisciplineForm, Stage
from chibo.meetings.models import Attendance, MeetingStatus, Presence
from chibo.meetings.rules import as_fraction
from chibo.organizations.models import Organization


def plan_assessments(p: GradingPlan, books) -> None:
    _previous_members(p, books[p.w.previous])
    _previous_cells(p, books[p.w.previous])
    _current(p, books[p.w.current])


def _previous_members(p: GradingPlan, book) -> None:
    w = p.w
    year = w.previous
    rng = p.rng("previous")
    form = book["grading.member_form"]
    thresholds = book["grading.thresholds"]
    conditions = book["grading.member_conditions"]
    cap = as_fraction(book["grading.excellent_cap"])
    graded = [m for m in w.members if m.cell_prev is not None]
    evidence = in_batches(members_evidence, graded, year,
                          convert=lambda batch: [m.party_member() for m in batch],
                          keep=pack_evidence)
    by_cell = defaultdict(list)
    for m in graded:
        tier = p.tiers[m.id]
        ev = evidence[m.id]
        facts = unpack_evidence(ev)["facts"]
        row = AssessmentRow(year, m, m.cell_prev, Stage.DECIDED, tier=tier, evidence=ev)
        aim = tier
        if tier == N:
            aim = C  # they see themselves as HTNV; the cell does not
        elif tier in OVERRATE and rng.random() < OVERRATE[tier]:
            aim = better_grade(tier)
        points = draw_points(rng, aim, thresholds)
        scores = draw_scores(rng, form, points)
        row.set_scores(scores)
        row.self_total = rules.total(scores, form)
        row.self_grade, _ = rules.grade_for(row.self_total, thresholds, conditions, facts)
        row.self_note = rng.choice(SELF_NOTES[aim])
        # The cell's proposal: the tier aimed at, never above what the rules allow.
        proposal = worse_grade(row.self_grade, tier)
        row.review_grade = proposal
        row.review_total = row.self_total
        if proposal != row.self_grade:
            row.review_total = min(row.self_total, draw_points(rng, proposal, thresholds))
            row.review_note = REVIEW_NOT_DONE if proposal == N else REVIEW_LOWER
        else:
            row.review_note = rng.choice(REVIEW_SAME)
        by_cell[m.cell_prev.id].append(row)
    for cell in w.cells_prev:
        group = by_cell.get(cell.id, [])
        trim_to_cap(group, cap, REVIEW_CAP)
        review_day = day_between(rng, dt.date(year, 12, 8), dt.date(year, 12, 18))
        decide_day = day_between(rng, dt.date(year, 12, 20), dt.date(year, 12, 30))
        deciders = w.deciders(cell)
        decider = rng.choice(deciders)[1] if deciders else None
        decided_at = random_time(rng, decide_day, office=True)
        note = DECISION_NOTE.format(committee=w.committee_title(cell))
        for row in sorted(group, key=lambda r: r.member.id):
            row.self_at = random_time(rng, review_day - dt.timedelta(days=rng.randint(1, 7)))
            row.reviewed_at = random_time(rng, review_day, hour=(19, 21)
                                  if cell.profile == "residential" else (14, 16))
            row.reviewed_by = w.secretary_user.get(cell.id)
            row.decided_grade = row.review_grade
            row.decided_by, row.decided_at, row.decision_note = decider, decided_at, note
        p.rows += sorted(group, key=lambda r: r.member.id)
        cell.decided_at, cell.decider = decided_at, decider  # for the cell's own


def _previous_cells(p: GradingPlan, book) -> None:
    w = p.w
    year = w.previous
    rng = p.rng("previous-cells")
    form = book["grading.cell_form"]
    thresholds = book["grading.thresholds"]
    conditions = book["grading.cell_conditions"]
    cap = as_fraction(book["grading.excellent_cap"])
    evidence = cells_evidence([Organization(pk=c.id) for c in w.cells_prev], year)
    by_committee = defaultdict(list)
    for cell in w.cells_prev:
        tier = p.cell_tiers[cell.id]
        ev = evidence[cell.id]
        row = AssessmentRow(year, None, cell, Stage.DECIDED, tier=tier, evidence=ev)
        points = draw_points(rng, tier, thresholds, cell=True)
        scores = draw_scores(rng, form, points)
        row.set_scores(scores)
        row.self_total = rules.total(scores, form)
        row.self_grade, _ = rules.grade_for(row.self_total, thresholds, conditions,
                                            ev["facts"])
        row.self_note = CELL_SELF_NOTES[tier]
        row.review_grade, row.review_total = row.self_grade, row.self_total
        row.decided_grade = row.review_grade
        by_committee[cell.committee].append(row)
    # The cap among the cells a committee decides on, at the decision.
    for _committee, group in sorted(by_committee.items(), key=lambda x: x[0] or 0):
        trim_to_cap(group, cap, "", key=lambda r: r.cell.path, attr="decided_grade")
        for row in group:
            cell = row.cell
            row.self_at = random_time(rng, dt.date(year, 12, rng.randint(10, 18)))
            row.reviewed_at = row.self_at
            row.reviewed_by = w.secretary_user.get(cell.id)
            row.decided_by, row.decided_at = cell.decider, cell.decided_at
            if row.decided_grade != row.review_grade:
                row.decision_note = CELL_DECISION_CAP.format(
                    committee=w.committee_title(cell))
            else:
                row.decision_note = DECISION_NOTE.format(committee=w.committee_title(cell))
            p.rows.append(row)


def _current(p: GradingPlan, book) -> None:
    w = p.w
    year = w.current
    rng = p.rng("current")
    form = book["grading.member_form"]
    thresholds = book["grading.thresholds"]
    conditions = book["grading.member_conditions"]
    today = w.today
    by_cell = defaultdict(list)
    for m in w.members:
        if m.cell_now is not None:
            by_cell[m.cell_now.id].append(m)
    rows: list[AssessmentRow] = []
    cell_rows: list[AssessmentRow] = []
    for cell in w.cells_now:
        demo = cell is w.demo_cell
        state = "mixed" if demo else weighted_pick(rng, CELL_STATES)
        if state == "none":
            continue
        review_day = today - dt.timedelta(days=rng.randint(1, 5))
        first_day = max(dt.date(year, 1, 2), today - dt.timedelta(days=24))
        for m in by_cell[cell.id]:
            if state == "self":
                stage = weighted_pick(rng, [(Stage.SELF, 86), (Stage.DRAFT, 6), (None, 8)])
            elif state == "reviewed":
                stage = weighted_pick(rng, [(Stage.REVIEWED, 84), (Stage.SELF, 10),
                                        (None, 6)])
            else:
                stage = weighted_pick(rng, [(Stage.SELF, 45), (Stage.REVIEWED, 25),
                                        (Stage.DRAFT, 10), (None, 20)])
            if m is w.demo_member:
                stage = Stage.SELF
            if stage is None:
                continue
            row = AssessmentRow(year, m, cell, stage)
            last = review_day - dt.timedelta(days=1) if stage == Stage.REVIEWED else \
                today - dt.timedelta(days=1)
            row.self_at = random_time(rng, day_between(rng, min(first_day, last), last))
            if stage != Stage.DRAFT:
                row.tier = _current_tier(p, rng, m)
                scores = draw_scores(rng, form, draw_points(rng, row.tier, thresholds))
                row.set_scores(scores)
                row.self_total = rules.total(scores, form)
                row.self_note = rng.choice(SELF_NOTES[row.tier])
            else:
                row.self_at = None
            if stage == Stage.REVIEWED:
                row.reviewed_at = random_time(rng, review_day, hour=(19, 21)
                                      if cell.profile == "residential" else (14, 16))
                row.reviewed_by = w.secretary_user.get(cell.id)
            rows.append(row)
        if state in ("reviewed", "mixed"):
            cell_rows.append(AssessmentRow(year, None, cell, Stage.SELF,
                                           tier=p.cell_tiers[cell.id]))
    # The self grades by the rules, from the facts of the year so far.
    scored = [r for r in rows if r.stage != Stage.DRAFT]
    facts = _current_facts(p, [r.member for r in scored], book.on)
    for r in scored:
        r.self_grade, _ = rules.grade_for(r.self_total, thresholds, conditions,
                                          facts[r.member.id])
        if r.stage == Stage.REVIEWED:
            if rng.random() < 0.12 and r.self_grade in (E, G):
                r.review_grade = rules.GRADES[ORDER[r.self_grade] + 1]
                r.review_total = min(r.self_total, draw_points(rng, r.review_grade, thresholds))
                r.review_note = REVIEW_LOWER
            else:
                r.review_grade, r.review_total = r.self_grade, r.self_total
                r.review_note = rng.choice(REVIEW_SAME)
    cell_form = book["grading.cell_form"]
    cell_ev = cells_evidence([Organization(pk=r.cell.id) for r in cell_rows], year)
    for r in cell_rows:
        scores = draw_scores(rng, cell_form, draw_points(rng, r.tier, thresholds, cell=True))
        r.set_scores(scores)
        r.self_total = rules.total(scores, cell_form)
        r.self_grade, _ = rules.grade_for(r.self_total, thresholds,
                                          book["grading.cell_conditions"],
                                          cell_ev[r.cell.id]["facts"])
        r.self_note = CELL_SELF_NOTES[r.self_grade]
        r.self_at = random_time(rng, today - dt.timedelta(days=rng.randint(1, 4)), office=True)
    p.rows += rows + cell_rows


def _current_facts(p: GradingPlan, members: list[Member], year_end: dt.date) -> dict[int, dict]:
    """The `facts` of chibo.grading.evidence.members_evidence for the current year,
    from what this plan writes and one query on attendance (the same rules, without
    building the whole evidence: nothing of it is stored before the decision)."""
    from chibo.grading.evidence import COUNTED_KINDS, SERIOUS
    from chibo.policies.selectors import policy

    year = p.w.current
    threshold = policy("absence.flag_months", on=year_end)
    wanted = {m.id for m in members}
    months = defaultdict(set)
    for member_id, period in Attendance.objects.filter(
            meeting__period__year=year, meeting__kind__in=COUNTED_KINDS,
            meeting__status__in=[MeetingStatus.HELD, MeetingStatus.ADOPTED],
            presence=Presence.UNEXCUSED).values_list("member_id", "meeting__period"):
        if member_id in wanted:
            months[member_id].add(period)
    forms = defaultdict(list)
    for m, day, form, _reason in p.disciplines:
        if day.year == year:
            forms[m.id].append(form)
    met = p.registers_met(year)
    exempt = {m.id for y, m, _reason in p.exemptions if y == year}
    comments = {m.id: ratings for y, m, ratings, *_rest in p.comments if y == year}
    out = {}
    for m in members:
        needs_comment = m.lives_elsewhere and m.id not in exempt
        flagged = len(months[m.id]) >= threshold
        out[m.id] = {
            "no_discipline": not forms[m.id],
            "serious_discipline": any(f in SERIOUS for f in forms[m.id]),
            "no_unexcused_absence": not months[m.id],
            "absence_flag": flagged,
            "commitments_met": m.id in met,
            "residence_ok": not needs_comment or (
                m.id in comments and "poor" not in comments[m.id].values()),
        }
    return out


def _current_tier(p: GradingPlan, rng, m: Member) -> str:
    form = p.disciplined[p.w.current].get(m.id)
    if form == DisciplineForm.WARNING:
        return C
    previous = p.tiers.get(m.id)
    if previous and rng.random() < 0.7:
        return G if previous == N else previous
    return weighted_pick(rng, [(E, 18), (G, 70), (C, 12)])

# -- summary --------------------------------------------------------------------------
