"""The grading demo's registers, steps of GradingPlan: study topics, discipline,
self-improvement registers (đăng ký việc làm theo) with their progress, residence comments."""

from __future__ import annotations

import datetime as dt

from chibo.commitments.models import (
    RESIDENCE_POINTS,
    CommitmentStatus,
    ResidenceRating,
)
from chibo.demo.grading_data import (
    CELL_ITEMS,
    COMMENTED_CURRENT,
    COMMENTED_PREVIOUS,
    COMMON_ITEMS,
    CURRENT_STATUS,
    DISCIPLINE_REASONS,
    ITEMS,
    PROGRESS_NOTES,
    PROGRESS_SHARE,
    REGISTERED_CURRENT,
    REGISTERED_CURRENT_EXEMPT,
    REGISTERED_PREVIOUS,
    RESIDENCE_COMMENTS,
    RESIDENCE_EXEMPT,
    RESIDENCE_EXEMPT_REASONS,
    RESIDENCE_ITEM,
    RETURN_NOTES,
    TIERS,
    TOPICS,
    C,
    E,
    G,
    N,
)
from chibo.demo.grading_plan import (
    GradingPlan,
    day_between,
    draw_results,
    localized,
    random_time,
    weighted_pick,
    weighted_sample,
)
from chibo.demo.grading_world import Cell, Member, RegisterRow
from chibo.grading.models import DisciplineForm
from chibo.members.models import MemberStatus, Position


def plan_topics(p: GradingPlan) -> None:
    root = p.w.roots[0]["id"] if p.w.roots else None
    for offset, year in ((-1, p.w.previous), (0, p.w.current)):
        for kind, title, basis, city in TOPICS[offset]:
            basis = basis.replace("Thành ủy", p.w.root_title)
            p.topic_rows.append((year, kind, title, basis.format(year=year),
                                    root if city else None))

# -- discipline -----------------------------------------------------------------------


def plan_discipline(p: GradingPlan) -> None:
    rng = p.rng("discipline")
    w = p.w
    taken = set()

    def pool(cell_attr):
        out = []
        for m in w.members:
            cell = getattr(m, cell_attr)
            if (cell is None or m.status != MemberStatus.FULL or m.age >= 62
                    or m.position == Position.SECRETARY or m.user_id or m.id in taken):
                continue
            weight = 3.0 if cell.profile != "residential" else 1.0
            out.append((m, weight))
        return out

    def draw(year, cell_attr, count, form, last_day):
        first = dt.date(year, 2, 15)
        if last_day <= first:  # early in the year: none yet
            return
        chosen = weighted_sample(rng, pool(cell_attr), count)
        span = (last_day - first).days
        for m in chosen:
            taken.add(m.id)
            day = first + dt.timedelta(days=rng.randrange(span))
            p.disciplines.append((m, day, form, rng.choice(DISCIPLINE_REASONS[form])))

    prev_end = dt.date(w.previous, 11, 30)
    draw(w.previous, "cell_prev", rng.randint(3, 5), DisciplineForm.REPRIMAND, prev_end)
    draw(w.previous, "cell_prev", rng.randint(1, 2), DisciplineForm.WARNING, prev_end)
    now_end = min(w.today - dt.timedelta(days=10), dt.date(w.current, 11, 30))
    draw(w.current, "cell_now", rng.randint(3, 5), DisciplineForm.REPRIMAND, now_end)
    draw(w.current, "cell_now", 1, DisciplineForm.WARNING, now_end)
    for m, day, form, _reason in p.disciplines:
        p.disciplined[day.year][m.id] = form

# -- P6: registers --------------------------------------------------------------------


def _items(p: GradingPlan, rng, m: Member, cell: Cell) -> list[list]:
    count = weighted_pick(rng, [(2, 35), (3, 45), (4, 20)])
    pool = list(ITEMS[cell.profile])
    chosen = rng.sample(pool, min(len(pool), count - 1))
    if m.lives_elsewhere and cell.profile != "residential" and rng.random() < 0.6:
        chosen[-1] = RESIDENCE_ITEM
    chosen.insert(rng.randrange(len(chosen) + 1), rng.choice(COMMON_ITEMS))
    return [[localized(text, cell), localized(measure, cell), ""] for text, measure in chosen]


def _tier(p: GradingPlan, rng, m: Member) -> str:
    discipline = p.disciplined[p.w.previous].get(m.id)
    if discipline == DisciplineForm.WARNING:
        return N
    if discipline:
        return C
    weights = dict(TIERS)
    if m.position in (Position.SECRETARY, Position.DEPUTY, Position.COMMITTEE):
        weights[E] *= 1.8
    if m.status == MemberStatus.EXEMPT:
        weights = {E: 1, G: 70, C: 28, N: 1}
    elif m.status == MemberStatus.PROBATIONARY:
        weights[E] *= 0.3
    return weighted_pick(rng, list(weights.items()))


def plan_registers(p: GradingPlan) -> None:
    w = p.w
    rng = p.rng("registers")
    prev, cur = w.previous, w.current
    # The previous year: approved, with the year-end results.
    for m in w.members:
        if m.cell_prev is None:
            continue
        tier = _tier(p, rng, m)
        p.tiers[m.id] = tier
        if tier != E and rng.random() > REGISTERED_PREVIOUS:
            continue
        items = _items(p, rng, m, m.cell_prev)
        draw_results(rng, items, tier)
        made = day_between(rng, dt.date(prev, 1, 10), dt.date(prev, 2, 20))
        p.register_rows.append(RegisterRow(
            prev, m, m.cell_prev, CommitmentStatus.APPROVED, items,
            approved_by=w.secretary_user.get(m.cell_prev.id),
            approved_at=random_time(rng, made + dt.timedelta(days=rng.randint(5, 25))),
            created_at=random_time(rng, made)))
    # The current year: a mix of statuses, no results yet.
    start = dt.date(cur, 1, 10)
    for m in w.members:
        cell = m.cell_now
        if cell is None:
            continue
        demo = m is w.demo_member
        share = REGISTERED_CURRENT_EXEMPT if m.status == MemberStatus.EXEMPT \
            else REGISTERED_CURRENT
        if not demo and rng.random() > share:
            continue
        status = CommitmentStatus.APPROVED if demo else weighted_pick(rng, CURRENT_STATUS)
        made = day_between(rng, max(start, (m.start_now or start) + dt.timedelta(days=7)),
                            dt.date(cur, 3, 10))
        made = min(made, w.today - dt.timedelta(days=2))
        if made.year < cur:  # 1 or 2 January: nobody has registered yet
            continue
        approved = made + dt.timedelta(days=rng.randint(5, 25))
        if status == CommitmentStatus.APPROVED and approved >= w.today:
            status = CommitmentStatus.SUBMITTED
        row = RegisterRow(cur, m, cell, status, _items(p, rng, m, cell),
                          created_at=random_time(rng, made))
        if status == CommitmentStatus.APPROVED:
            row.approved_by = w.secretary_user.get(cell.id)
            row.approved_at = random_time(rng, approved)
        elif status == CommitmentStatus.RETURNED:
            row.note = rng.choice(RETURN_NOTES).format(year=cur)
        p.register_rows.append(row)
    # The cells' weak tasks, each year the cell is graded (a new cell's after it was
    # founded).
    prev_cells, now_cells = set(map(id, w.cells_prev)), set(map(id, w.cells_now))
    for cell in w.cells:
        p.cell_tiers[cell.id] = tier = _cell_tier(p, rng, cell)
        for year in (prev, cur):
            if id(cell) not in (prev_cells if year == prev else now_cells):
                continue
            pool = CELL_ITEMS["common"] + CELL_ITEMS[
                "residential" if cell.profile == "residential" else "workplace"]
            items = [[localized(t, cell), localized(m, cell), ""]
                     for t, m in rng.sample(pool, weighted_pick(rng, [(1, 20), (2, 50),
                                                                  (3, 30)]))]
            if year == prev:
                draw_results(rng, items, tier)
            made = day_between(rng, dt.date(year, 1, 5), dt.date(year, 1, 31))
            if cell.founded_on and cell.founded_on.year == year:
                made = max(made, cell.founded_on + dt.timedelta(days=14))
            approved = made + dt.timedelta(days=rng.randint(3, 15))
            approved_at, created_at = random_time(rng, approved), random_time(rng, made)
            if approved >= w.today:  # early in January: not approved yet, not listed
                continue
            p.register_rows.append(RegisterRow(
                year, None, cell, CommitmentStatus.APPROVED, items,
                approved_by=w.secretary_user.get(cell.id),
                approved_at=approved_at, created_at=created_at))
    _progress(p)


def _cell_tier(p: GradingPlan, rng, cell: Cell) -> str:
    """The previous year's quality of a cell, after how regularly it meets this year
    (the habits of a cell last), over the months of this year it existed for in
    full."""
    months = max(sum(1 for month in range(1, p.w.today.month)
                     if cell.alive_all_month(dt.date(p.w.current, month, 1))), 1)
    missed = max(months - cell.regular_months, 0)
    if missed >= 4:
        return weighted_pick(rng, [(C, 70), (N, 12), (G, 18)])
    if missed >= 1:
        return weighted_pick(rng, [(G, 70), (C, 28), (E, 2)])
    return weighted_pick(rng, [(E, 24), (G, 70), (C, 6)])


def _progress(p: GradingPlan) -> None:
    """A few progress notes on approved registers of the current year, at adopted
    regular meetings of the register's cell (after the register was approved)."""
    rng = p.rng("progress")
    w = p.w
    for row in p.register_rows:
        if (row.year != w.current or row.member is None
                or row.status != CommitmentStatus.APPROVED):
            continue
        demo_cell = row.cell is w.demo_cell
        share = 0.35 if demo_cell else PROGRESS_SHARE
        if row.member is not w.demo_member and rng.random() > share:
            continue
        meetings = [m for m in w.meetings[row.cell.id]
                    if m[2] is not None and m[2] > row.approved_at]
        if not meetings:
            continue
        count = min(len(meetings), 2 if row.member is w.demo_member else rng.randint(1, 2))
        for mid, period, ended in sorted(rng.sample(meetings, count), key=lambda x: x[1]):
            order = rng.randrange(len(row.items)) + 1
            note, result = rng.choice(PROGRESS_NOTES)
            row.progress.append((order, mid, period, note, result, ended))

# -- P8: residence --------------------------------------------------------------------


def plan_residence(p: GradingPlan) -> None:
    rng = p.rng("residence")
    w = p.w
    all_good = {code: ResidenceRating.GOOD for code, _ in RESIDENCE_POINTS}  # most: shared
    for year, share in ((w.previous, COMMENTED_PREVIOUS), (w.current, COMMENTED_CURRENT)):
        for m in w.members:
            if not m.lives_elsewhere or (year == w.previous and m.cell_prev is None):
                continue
            if rng.random() < RESIDENCE_EXEMPT:
                p.exemptions.append((year, m, rng.choice(RESIDENCE_EXEMPT_REASONS)))
                continue
            in_residence_demo = m.residence is w.demo_cell
            if rng.random() > (0.6 if in_residence_demo and year == w.current else share):
                continue
            quality = weighted_pick(rng, [(ResidenceRating.GOOD, 85), (ResidenceRating.FAIR, 13),
                                      (ResidenceRating.POOR, 2)])
            ratings = all_good
            if quality != ResidenceRating.GOOD:
                ratings = dict(all_good)
                for code in rng.sample(list(ratings), rng.randint(1, 2)):
                    ratings[code] = ResidenceRating.FAIR
                if quality == ResidenceRating.POOR:
                    ratings["participation"] = ResidenceRating.POOR
            if year == w.previous:
                day = day_between(rng, dt.date(year, 11, 5), dt.date(year, 12, 5))
            else:
                # Written before today (on today, the hour could still be to come);
                # on 1 January none of the new year yet.
                last = w.today - dt.timedelta(days=1)
                if last.year < year:
                    continue
                day = day_between(rng, min(dt.date(year, 10, 20), last), last)
            p.comments.append((year, m, ratings, rng.choice(RESIDENCE_COMMENTS[quality]),
                                  w.secretary_user.get(m.residence.id), random_time(rng, day)))

# -- P7: assessments ------------------------------------------------------------------
