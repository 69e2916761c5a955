from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import Counter, defaultdict

from django.utils import timezone

from chibo.commitments.models import (
    ItemResult,
)
from chibo.demo.grading_data import (
    EVIDENCE_BATCH,
    ORDER,
    C,
    E,
    G,
    N,
)
from chibo.demo.grading_world import (
    AssessmentRow,
    Cell,
    GradingSummary,
    Member,
    RegisterRow,
    World,
    stamp,
)
from chibo.grading import rules


class GradingPlan:
    def __init__(self, world: World, seed: int):
        self.w = world
        self.seed = seed
        self.topic_rows: list[tuple] = []
        self.disciplines: list[tuple[Member, dt.date, str, str]] = []
        self.register_rows: list[RegisterRow] = []
        self.comments: list[tuple] = []  # (year, member, ratings, comment, written_by, at)
        self.exemptions: list[tuple[int, Member, str]] = []
        self.rows: list[AssessmentRow] = []
        self.disciplined: dict[int, dict[int, str]] = defaultdict(dict)  # year → member → form
        self.tiers: dict[int, str] = {}  # member id → tier aimed at in the previous year
        self.cell_tiers: dict[int, str] = {}
        # Once the registers are written (registers_written), what is still read of them
        # in place of the rows.
        self._registers: dict | None = None

    def registers_met(self, year: int) -> set[int]:
        """The members whose register of `year` has every item met."""
        if self._registers is not None:
            return self._registers["met"][year]
        return {r.member.id for r in self.register_rows
                if r.year == year and r.member is not None and r.items
                and all(i[2] == ItemResult.MET for i in r.items)}

    def registers_written(self) -> None:
        """Let the registers' rows go once written, keeping what the grading (which
        members' registers are all met) and the summary (counts, the digest up to the
        assessments) read of them: their items took a good part of the province's peak."""
        self._registers = {
            **self._register_figures(),
            "met": {y: self.registers_met(y) for y in (self.w.previous, self.w.current)},
            "head": self._digest_head(),
        }
        self.register_rows = []

    def _register_figures(self) -> dict:
        """The summary's figures of the registers."""
        rows = self.register_rows
        return {
            "registers": _per_year((self.w.previous, self.w.current),
                                   ((r.year, r.status) for r in rows if r.member)),
            "cell_registers": dict(Counter(r.year for r in rows if not r.member)),
            "items": sum(len(r.items) for r in rows),
            "progress": sum(len(r.progress) for r in rows),
        }

    def rng(self, name: str) -> random.Random:
        return random.Random(f"{self.seed}:grading:{name}")

    # -- P5: topics -----------------------------------------------------------------------

    def summary(self, w: World) -> GradingSummary:
        years = (w.previous, w.current)

        def per_year(pairs):
            return _per_year(years, pairs)

        registers = self._registers or self._register_figures()
        members = [r for r in self.rows if r.member is not None]
        cells = [r for r in self.rows if r.member is None]
        decisions = Counter(w.usernames.get(r.decided_by, "") for r in self.rows
                            if r.decided_by)
        return GradingSummary(
            years=years,
            topics=dict(Counter(t[0] for t in self.topic_rows)),
            registers=registers["registers"],
            cell_registers=registers["cell_registers"],
            items=registers["items"],
            progress=registers["progress"],
            residence_comments=dict(Counter(c[0] for c in self.comments)),
            residence_exemptions=dict(Counter(x[0] for x in self.exemptions)),
            discipline=per_year((d[1].year, d[2]) for d in self.disciplines),
            stages=per_year((r.year, r.stage) for r in members),
            grades=per_year((r.year, grade_of(r)) for r in members if grade_of(r)),
            cell_stages=per_year((r.year, r.stage) for r in cells),
            cell_grades=per_year((r.year, grade_of(r)) for r in cells if grade_of(r)),
            decided_by=dict(decisions),
            digest=self.digest(),
        )

    def digest(self) -> str:
        """SHA-256 over what the plan says, without ids (equal seeds, equal digests)."""
        h = self._registers["head"].copy() if self._registers else self._digest_head()
        for r in self.rows:
            h.update(repr((r.year, r.member.card if r.member else "", r.cell.label, r.stage,
                           sorted(r.scores.items()), r.self_total, r.self_grade,
                           r.review_total, r.review_grade, r.decided_grade,
                           stamp(r.self_at), stamp(r.reviewed_at), stamp(r.decided_at),
                           self.w.usernames.get(r.decided_by, ""))).encode())
        return h.hexdigest()

    def _digest_head(self):
        """The digest's hash over all but the assessments."""
        h = hashlib.sha256()
        for t in self.topic_rows:
            h.update(repr(t[:4]).encode())
        for m, day, form, reason in self.disciplines:
            h.update(repr((m.card, day, form, reason)).encode())
        for r in self.register_rows:
            h.update(repr((r.year, r.member.card if r.member else "", r.cell.label, r.status,
                           r.items, r.note, stamp(r.approved_at),
                           [(o, p, n, x) for o, _mid, p, n, x, _end in r.progress])).encode())
        for year, m, ratings, comment, _by, at in self.comments:
            h.update(repr((year, m.card, sorted(ratings.items()), comment, stamp(at))).encode())
        for year, m, reason in self.exemptions:
            h.update(repr((year, m.card, reason)).encode())
        return h


def _per_year(years, pairs) -> dict[int, dict[str, int]]:
    out = {y: Counter() for y in years}
    for y, key in pairs:
        out[y][str(key)] += 1
    return {y: dict(c) for y, c in out.items()}


def grade_of(row: AssessmentRow) -> str:
    return row.decided_grade or row.review_grade or row.self_grade


def localized(text: str, cell: Cell) -> str:
    return text.replace("khu phố", cell.quarter) if cell.quarter else text


def draw_results(rng, items: list[list], tier: str) -> None:
    """Year-end results of a register's items, as the tier aimed at allows."""
    n = len(items)
    results = [ItemResult.MET] * n
    if tier == G and rng.random() < 0.3:
        results[rng.randrange(n)] = ItemResult.PARTLY
    elif tier == C:
        for i in rng.sample(range(n), rng.randint(1, min(2, n))):
            results[i] = weighted_pick(rng, [(ItemResult.PARTLY, 70), (ItemResult.NOT_MET, 30)])
    elif tier == N:
        results = [weighted_pick(rng, [(ItemResult.NOT_MET, 70), (ItemResult.PARTLY, 30)])
                   for _ in range(n)]
    for item, result in zip(items, results, strict=True):
        item[2] = str(result)


def better_grade(grade: str) -> str:
    return rules.GRADES[max(ORDER[grade] - 1, 0)]


def worse_grade(a: str, b: str) -> str:
    return a if ORDER[a] >= ORDER[b] else b


def band_of(grade: str, thresholds) -> tuple[float, float]:
    order = [g for g, _ in thresholds]
    lo = dict((g, float(v)) for g, v in thresholds)[grade]
    i = order.index(grade)
    hi = 100.0 if i == 0 else float(thresholds[i - 1][1]) - 0.5
    return lo, hi


def draw_points(rng, grade: str, thresholds, *, cell: bool = False) -> float:
    """Total points inside the grade's band of the policy's thresholds, to the half
    point, where people of that grade usually land."""
    lo, hi = band_of(grade, thresholds)
    if grade == rules.GRADES[0]:
        hi = min(hi, 97.5 if not cell else 96.0)
        mode = lo + 2
    elif grade == rules.GRADES[-1]:
        lo = max(lo, 38.0)
        mode = hi
    else:
        mode = hi - (hi - lo) * 0.3
    return round(rng.triangular(lo, hi, mode) * 2) / 2


def draw_scores(rng, form: dict, points: float) -> dict[str, float]:
    """Points per criterion of the form (to the half point, each within its maximum)
    adding up to `points`."""
    criteria = rules.criteria_of(form)
    share = points / sum(c["points"] for c in criteria)
    scores = {}
    for c in criteria:
        value = c["points"] * min(1.0, max(0.0, share + rng.uniform(-0.05, 0.05)))
        scores[c["code"]] = round(value * 2) / 2
    steps = round((points - sum(scores.values())) * 2)
    while steps:
        sign = 1 if steps > 0 else -1
        room = [c for c in criteria
                if 0 <= scores[c["code"]] + sign * 0.5 <= c["points"]]
        if not room:
            break
        c = rng.choices(room, [x["points"] for x in room])[0]
        scores[c["code"]] += sign * 0.5
        steps -= sign
    return {k: float(v) for k, v in scores.items()}


def trim_to_cap(group: list[AssessmentRow], cap, note: str, key=None,
                 attr: str = "review_grade") -> None:
    """Lower the HTXSNV (proposed, or decided) with the fewest points to HTTNV until the
    cap holds among the group (the cell's members; the cells of a committee)."""
    key = key or (lambda r: r.member.card)
    while True:
        ok, _excellent, _good, _allowed = rules.cap_allows([getattr(r, attr) for r in group],
                                                           cap)
        if ok:
            return
        weakest = min((r for r in group if getattr(r, attr) == E),
                      key=lambda r: (r.review_total, key(r)))
        setattr(weakest, attr, G)
        if note:
            weakest.review_note = note


def in_batches(function, objects, year: int, *, convert=None, keep=None) -> dict:
    """function(batch, year) for EVIDENCE_BATCH objects at a time, each batch first through
    `convert` and each value of the answer through `keep`: so that neither the objects the
    function takes nor its answers in full are all in memory at once."""
    out = {}
    for start in range(0, len(objects), EVIDENCE_BATCH):
        batch = objects[start:start + EVIDENCE_BATCH]
        found = function(convert(batch) if convert else batch, year)
        out.update((k, keep(v)) if keep else (k, v) for k, v in found.items())
    return out


def weighted_pick(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def weighted_sample(rng, pairs, count: int) -> list:
    """`count` values drawn by weight without replacement (Efraimidis–Spirakis keys)."""
    keyed = sorted(((rng.random() ** (1.0 / w), i) for i, (_v, w) in enumerate(pairs)),
                   reverse=True)
    return [pairs[i][0] for _key, i in keyed[:count]]


def day_between(rng, first: dt.date, last: dt.date) -> dt.date:
    if last <= first:
        return first
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def random_time(rng, day: dt.date, *, office: bool = False, hour: tuple[int, int] | None = None
        ) -> dt.datetime:
    """An aware time of day on `day`: office hours, evening or the given range."""
    lo, hi = hour or ((8, 16) if office else (7, 21))
    return dt.datetime.combine(day, dt.time(rng.randint(lo, hi), rng.choice([0, 15, 30, 45])),
                               tzinfo=timezone.get_current_timezone())
