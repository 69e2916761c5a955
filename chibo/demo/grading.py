"""The demo city's (or province's) year-end grading (P7) with what it rests on (P5, P6,
P8): a completed previous year, graded and decided, and the current year in progress.
Loaded after the tree, its meetings and its supervision (chibo.demo.load, meetings_plan,
supervision_plan) are in the database: it reads them with a few queries and writes with
bulk inserts.

    summary = load_grading(seed=2018, today=dt.date(2026, 11, 26))
    wipe_grading()   # before demo.wipe deletes the members and the tree

With `today` in year Y (2026 for the issue's demo), what the database then holds, by
design (all drawn from the seed; the same seed and `today` give the same rows):

- study topics of Y-1 and Y (P5): the yearly Hồ Chí Minh topic and two Party-building
  texts from the centre (no issuer), and one topic of the city committee (the root);
- discipline (evidence of the grading): 3–5 reprimands and 1–2 warnings in Y-1, 3–5
  reprimands and one warning in Y so far;
- registers (P6) of Y-1: about 93% of the members who were in a cell in Y-1, approved,
  2–4 items each with their year-end result (all met for those aiming at HTXSNV; some
  partly or not met below); every cell's register of 1–3 weak tasks, approved, with
  results;
- registers of Y: about 85% of today's members (fewer of the exempt), 2–4 items each:
  mostly approved, some submitted, some drafts, a few returned with the chi ủy's note;
  no year-end results yet, a few progress notes at the cell's adopted regular meetings;
  every cell's register of weak tasks, approved;
- residence (P8, QĐ 213, HD 33), for members living in another cell than their own:
  comments of Y-1 for about 90% (mostly "Thực hiện tốt"), of Y for about 30%; a few
  exemptions each year;
- the cells graded each year are those there at its end (for Y: today): a cell
  dissolved during Y is graded for Y-1 (with its members then) and has no register or
  assessment of Y; a cell founded during Y has none of Y-1 and its register of Y is made
  after its founding;
- assessments of Y-1, decided (stage "decided") for every member who was in a cell in
  Y-1 (in the cell they were in at its end) and every cell: self scores on the policy's
  form, the self grade by chibo.grading.rules from the evidence of
  chibo.grading.evidence (stored with the decision), the cell's proposal (mostly the
  same, sometimes a step lower; HTXSNV trimmed to the cap in every cell, and among the
  cells of every committee), the committee's decision (late December, by one of its
  officials: demo-ward in Vũ Ninh, demo-city or a member of the root committee for the
  root's own cells, the note naming the Ban Thường vụ Thành ủy or Tỉnh ủy).
  Members flagged for absence or under a warning get KHTNV, as the rules say;
- assessments of Y in progress: in about half of the cells the members have started,
  about 40% of all members self-assessed and 10% with the cell's proposal, none decided;
  the demo cell (Chi bộ khu phố 3, Vũ Ninh) has every stage, demo-member self-assessed.

The grading rules are read once per year with chibo.policies.selectors.policy_book (the
general rules: the demo's committees have no grading rules of their own).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import time
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone

from chibo.accounts.models import User
from chibo.commitments.models import (
    Commitment,
    CommitmentItem,
    CommitmentProgress,
    ResidenceComment,
    ResidenceExemption,
    StudyTopic,
)
from chibo.demo.bulk import analyze, insert_values, write_with_history
from chibo.demo.grading_assess import plan_assessments
from chibo.demo.grading_data import EVIDENCE_TABLES, POLICY_KEYS, TOPICS
from chibo.demo.grading_plan import GradingPlan, random_time
from chibo.demo.grading_registers import (
    plan_discipline,
    plan_registers,
    plan_residence,
    plan_topics,
)
from chibo.demo.grading_world import (
    GradingSummary,
    World,
    canonical,
    num,
    stamp,
    unpack_evidence,
)
from chibo.grading.models import Assessment, Discipline
from chibo.members.models import PartyMember
from chibo.organizations.models import Organization
from chibo.policies.selectors import policy_book

# ---------------------------------------------------------------------------------------
# Public functions.


def load_grading(*, seed: int, today: dt.date) -> GradingSummary:
    """Write the grading demo (see the module docstring) in one transaction. The city, its
    meetings and supervision must be loaded, and no grading rows there yet."""
    started = time.perf_counter()
    timings = {}

    def lap(name):
        timings[name] = round(time.perf_counter() - started - sum(timings.values()), 3)

    with transaction.atomic():
        if any(m.objects.exists() for m in (Assessment, Commitment, ResidenceComment,
                                            ResidenceExemption, Discipline)):
            raise RuntimeError("Grading rows are there already: call wipe_grading() first.")
        world = World(today)
        books = {y: policy_book(POLICY_KEYS, on=dt.date(y, 12, 31))
                 for y in (world.previous, world.current)}
        lap("read")
        plan = GradingPlan(world, seed)
        plan_topics(plan)
        plan_discipline(plan)
        plan_registers(plan)
        plan_residence(plan)
        world.meetings.clear()  # read for the registers' progress only
        lap("plan")
        writer = Writer(world)
        writer.before_grading(plan)
        analyze(EVIDENCE_TABLES)  # good plans for the evidence's queries
        lap("write registers")
        plan_assessments(plan, books)
        lap("grade")
        writer.assessments(plan)
        analyze([Assessment])
        lap("write assessments")
    summary = plan.summary(world)
    summary.seconds = time.perf_counter() - started
    summary.timings = timings
    return summary


def wipe_grading() -> None:
    """Delete the rows of the grading demo: every assessment, register (items, progress),
    residence comment and exemption, discipline and their history, and the study topics
    of the tree's committees and the centre's topics named in TOPICS. Call it before
    demo.wipe deletes the members and organizations (these rows protect them). Whole
    tables go with one DELETE each (nothing else points at them); deletions are not
    recorded in history."""
    titles = {t[1] for topics in TOPICS.values() for t in topics}
    models = [CommitmentProgress, CommitmentItem, Commitment, ResidenceComment,
              ResidenceExemption, Discipline, Assessment]
    histories = [m.history.model for m in (Commitment, ResidenceComment, Discipline,
                                           Assessment)]
    qn = connection.ops.quote_name
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        with connection.cursor() as cursor:
            for model in models + histories:
                cursor.execute(f"DELETE FROM {qn(model._meta.db_table)}")
        StudyTopic.objects.filter(Q(issuer__isnull=False) | Q(title__in=titles)).delete()


def digest_in_db() -> str:
    """SHA-256 over the grading rows as stored, independent of ids: equal seeds and days,
    equal digests."""
    cells = {}
    for pk, name, path in Organization.objects.values_list("id", "name", "path"):
        cells[pk] = (path, name)
    by_path = {path: name for path, name in cells.values()}
    step = Organization.steplen

    def label(pk):
        if pk is None:
            return ""
        path, name = cells[pk]
        return f"{by_path.get(path[:-step], '')} / {name}"

    cards = dict(PartyMember.objects.values_list("id", "card_number"))
    users = defaultdict(str, User.objects.values_list("id", "username"))
    h = hashlib.sha256()

    def add(rows):
        for row in sorted(rows):
            h.update(repr(row).encode())

    add((t.year, t.kind, t.title, t.basis, label(t.issuer_id))
        for t in StudyTopic.objects.all())
    add((d.decided_on, cards[d.member_id], d.form, d.reason) for d in Discipline.objects.all())
    add((c.year, cards.get(c.member_id, ""), label(c.cell_id), c.status, c.note,
         users[c.approved_by_id], stamp(c.approved_at))
        for c in Commitment.objects.all())
    add((i.commitment.year, cards.get(i.commitment.member_id, ""), label(i.commitment.cell_id),
         i.order, i.text, i.measure, i.result)
        for i in CommitmentItem.objects.select_related("commitment"))
    add((p.item.commitment.year, cards.get(p.item.commitment.member_id, ""), p.item.order,
         p.meeting.period, p.note, p.result)
        for p in CommitmentProgress.objects.select_related("item__commitment", "meeting"))
    add((r.year, cards[r.member_id], label(r.residence_cell_id), sorted(r.ratings.items()),
         r.comment, users[r.written_by_id], stamp(r.written_at))
        for r in ResidenceComment.objects.all())
    add((x.year, cards[x.member_id], x.reason) for x in ResidenceExemption.objects.all())
    add((a.year, cards.get(a.member_id, ""), label(a.cell_id), a.stage,
         sorted(a.self_scores.items()), num(a.self_total), a.self_grade, a.self_note,
         stamp(a.self_at), num(a.review_total), a.review_grade, a.review_note,
         users[a.reviewed_by_id], stamp(a.reviewed_at), a.decided_grade, a.decision_note,
         users[a.decided_by_id], stamp(a.decided_at), canonical(a.evidence))
        for a in Assessment.objects.all())
    return h.hexdigest()








# ---------------------------------------------------------------------------------------
# Writing.

ITEMS_CHUNK = 10_000  # registers whose items are inserted at once


class Writer:
    def __init__(self, world: World):
        self.w = world

    def before_grading(self, plan: GradingPlan) -> None:
        """Topics, discipline, registers with their items and progress, residence
        comments and exemptions: what the evidence of the grading reads."""
        StudyTopic.objects.bulk_create([
            StudyTopic(year=y, kind=k, title=t, basis=b, issuer_id=i)
            for y, k, t, b, i in plan.topic_rows])
        write_with_history(Discipline, (
            {"member": m.id, "decided_on": day, "form": form, "reason": reason,
             "_history_date": random_time(random.Random(f"{m.card}:{day}"), day, office=True)}
            for m, day, form, reason in plan.disciplines), ["member", "decided_on"],
            keep_ids=False)

        ids = write_with_history(Commitment, (
            {"year": r.year, "member": r.member.id if r.member else None, "cell": r.cell.id,
             "status": r.status, "note": r.note, "approved_by": r.approved_by,
             "approved_at": r.approved_at, "_history_date": r.approved_at or r.created_at,
             "_history_user": r.approved_by}
            for r in plan.register_rows), ["year", "member", "cell"])
        for r in plan.register_rows:
            r.pk = ids[(r.year, r.member.id if r.member else None, r.cell.id)]
        del ids
        rows = plan.register_rows
        for start in range(0, len(rows), ITEMS_CHUNK):  # not the province's 500,000 at once
            insert_values(CommitmentItem, ["commitment", "order", "text", "measure", "result"],
                    [(r.pk, n, text, measure, result)
                     for r in rows[start:start + ITEMS_CHUNK]
                     for n, (text, measure, result) in enumerate(r.items, 1)])
        noted = [r for r in plan.register_rows if r.progress]
        item_ids = {(c, o): pk for pk, c, o in CommitmentItem.objects.filter(
            commitment_id__in=[r.pk for r in noted]).values_list("id", "commitment_id", "order")}
        insert_values(CommitmentProgress, ["item", "meeting", "note", "result", "created_at"],
                [(item_ids[(r.pk, order)], mid, note, result, ended)
                 for r in noted for order, mid, _period, note, result, ended in r.progress])

        write_with_history(ResidenceComment, (
            {"year": year, "member": m.id, "residence_cell": m.residence.id,
             "ratings": ratings, "comment": text, "written_by": by, "written_at": at,
             "_history_date": at, "_history_user": by}
            for year, m, ratings, text, by, at in plan.comments), ["year", "member"],
            keep_ids=False)
        insert_values(ResidenceExemption, ["year", "member", "reason"],
                [(y, m.id, reason) for y, m, reason in plan.exemptions])
        plan.registers_written()

    def assessments(self, plan: GradingPlan) -> None:
        morning = timezone.make_aware(dt.datetime.combine(self.w.today, dt.time(8)))
        # A generator: write_with_history takes it a chunk at a time.
        write_with_history(Assessment, (
            {"year": r.year, "member": r.member.id if r.member else None, "cell": r.cell.id,
             "stage": r.stage, "self_scores": r.scores, "self_total": r.self_total,
             "self_grade": r.self_grade, "self_note": r.self_note, "self_at": r.self_at,
             "review_total": r.review_total, "review_grade": r.review_grade,
             "review_note": r.review_note, "reviewed_by": r.reviewed_by,
             "reviewed_at": r.reviewed_at, "decided_grade": r.decided_grade,
             "decision_note": r.decision_note, "decided_by": r.decided_by,
             "decided_at": r.decided_at, "evidence": unpack_evidence(r.evidence),
             "supersedes": None,
             "correction_reason": "",
             "_history_date": r.decided_at or r.reviewed_at or r.self_at or morning,
             "_history_user": r.decided_by or r.reviewed_by
             or (r.member.user_id if r.member else None)}
            for r in plan.rows), ["year", "member", "cell"], keep_ids=False)
