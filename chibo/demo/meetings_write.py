from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.test.utils import override_settings

from chibo.demo.bulk import insert_objects, insert_values
from chibo.demo.kit import delete_all
from chibo.demo.meetings_specs import (
    COMMITTEE,
    MINUTES_CHUNK,
    REGULAR,
    ROWS_CHUNK,
    THEMATIC,
    MeetingSpec,
    MeetingsSummary,
    YearPlan,
)
from chibo.demo.meetings_steps import documents_sent
from chibo.documents.models import DocumentCounter, DocumentNumber
from chibo.meetings import rules
from chibo.meetings.models import (
    AgendaItem,
    Attendance,
    Guest,
    Meeting,
    MeetingDocument,
    MeetingStatus,
    MinutesVersion,
    Speech,
    Task,
    TaskReview,
    TaskStatus,
)
from chibo.meetings.selectors import LONG_EXCUSED_MONTHS
from chibo.meetings.services import content_hash
from chibo.meetings.snapshot import (
    AttendanceFact,
    MinutesFacts,
    ReviewFact,
    TaskFact,
    build_minutes,
)


def wipe_meetings() -> None:
    """Delete every meeting with all that hangs off it, and their history. Called by
    demo.wipe before the members and the tree go (PROTECT foreign keys)."""

    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        for model in (DocumentNumber, DocumentCounter, MinutesVersion, TaskReview, Task,
                      Attendance, Guest, Speech, AgendaItem, MeetingDocument):
            delete_all(model.objects.all())
        delete_all(Meeting.objects.all())
        for model in (Meeting, Task):
            model.history.model.objects.all().delete()


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


def fill_score_items(rng, year: YearPlan, policies) -> None:
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
            documents_sent_at=documents_sent(m, year.today),
        )
        rows.append(m.instance)
    insert_objects(Meeting, rows)  # with a history row each, as bulk_create_with_history

    # The rows nothing points at: plain multi-row inserts (no ids back, no history), several
    # times faster than building a model instance and an INSERT per row; built and written
    # ROWS_CHUNK meetings at a time, so the rows of the whole year are never all in memory
    # (each table still gets its rows in the year's order).
    counts = Counter()
    for start in range(0, len(year.meetings), ROWS_CHUNK):
        attendance, guests, agenda, speeches = [], [], [], []
        for m in year.meetings[start:start + ROWS_CHUNK]:
            mid = m.instance.pk
            attendance += [(mid, a.member.instance.pk, a.status, a.presence, a.reason)
                           for a in m.attendance]
            guests += [(mid, g["name"], g["office"], g["is_higher_official"], _guest_user(g))
                       for g in _guest_order(m.guests)]
            agenda += [(mid, i, title, "") for i, title in enumerate(m.agenda, 1)]
            speeches += [(mid, i, s.section, s.member.instance.pk if s.member else None,
                          s.speaker, s.text) for i, s in enumerate(m.speeches, 1)]
        insert_values(Attendance, ["meeting", "member", "member_status", "presence", "reason"],
                    attendance)
        insert_values(Guest, ["meeting", "name", "office", "is_higher_official", "user"], guests)
        insert_values(AgendaItem, ["meeting", "order", "title", "notes"], agenda)
        insert_values(Speech, ["meeting", "order", "section", "member", "speaker_name", "text"],
                    speeches)
        counts.update(attendance=len(attendance), guests=len(guests), agenda=len(agenda),
                      speeches=len(speeches))

    for t in year.tasks:
        t.instance = Task(
            organization_id=t.meeting.cell.instance.pk, meeting_id=t.meeting.instance.pk,
            assignee_id=t.assignee.instance.pk, title=t.title, deadline=t.deadline,
            status=t.status, last_result=t.last_result, closed_at=t.closed_at,
        )
    insert_objects(Task, [t.instance for t in year.tasks])
    reviews = [(r.task.instance.pk, m.instance.pk, r.result, r.comment)
               for m in year.meetings for r in m.reviews]
    insert_values(TaskReview, ["task", "meeting", "result", "comment"], reviews)

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
            insert_values(MinutesVersion, names, versions)
            written += len(versions)
            versions = []
    insert_values(MinutesVersion, names, versions)
    written += len(versions)

    return MeetingsSummary(
        months=year.months,
        by_kind=dict(Counter(str(m.kind) for m in year.meetings)),
        by_status=dict(Counter(str(m.status) for m in year.meetings)),
        attendance=counts["attendance"],
        guests=counts["guests"],
        speeches=counts["speeches"],
        agenda_items=counts["agenda"],
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
    insert_values(DocumentNumber, ["organization", "kind", "term_start", "number", "symbol",
                             "meeting", "issued_at", "issued_by"], rows)
    insert_values(DocumentCounter, ["organization", "kind", "term_start", "last"],
            [(cell, kind, term, n) for (cell, kind, term), n in last.items()])
    return numbers


def _guest_user(guest: dict) -> int | None:
    """The account of a visiting official (OfficialSpec, once written)."""
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
