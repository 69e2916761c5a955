from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from chibo.demo.bulk import INSERT_CHUNK, Written, insert_objects, insert_values
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


class Scorer:
    """The quality score of a held meeting, as selectors.quality_score computes it from the
    database, computed when asked: a dict per meeting kept for the whole province took
    about 150 MB, and the score is needed at three moments only (the cell's own points, the
    figures of the meeting row, the minutes)."""

    def __init__(self, year: YearPlan, policies):
        self.policies = policies
        by_series: dict[tuple[int, str], list[MeetingSpec]] = {}
        self.combined_periods = set()
        for m in year.meetings:
            if m.status != MeetingStatus.CANCELLED:
                by_series.setdefault((id(m.cell), m.kind), []).append(m)
            if m.kind == THEMATIC and m.combined:
                self.combined_periods.add((id(m.cell), m.period))
        self.place: dict[int, tuple[list[MeetingSpec], int]] = {}
        for series in by_series.values():
            series.sort(key=lambda m: m.scheduled_at)
            for i, m in enumerate(series):
                if m.held:
                    self.place[id(m)] = (series, i)

    def __call__(self, m: MeetingSpec) -> dict:
        series, i = self.place[id(m)]
        combined = m.combined or (m.kind == REGULAR
                                  and (id(m.cell), m.period) in self.combined_periods)
        return _score(m, self.policies(m.day), combined, _long_excused(series, i))


def scores(year: YearPlan, policies) -> dict[int, tuple]:
    """id(meeting spec) → (total, band) of the quality score of each held meeting: what the
    meeting row keeps and the visiting officials see."""
    score = Scorer(year, policies)
    out = {}
    for m in year.meetings:
        if id(m) in score.place:
            s = score(m)
            out[id(m)] = (s["total"], s["band"])
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
    of the score tells which they are (a meeting's score reads no other meeting's points,
    so scoring each in turn, before its own points are set, is that first pass)."""
    score = Scorer(year, policies)
    for m in year.meetings:
        if m.status != MeetingStatus.ADOPTED:
            continue
        for item in score(m)["items"]:
            if item["points"] is None:
                share = max(0.3, min(1.0, m.quality + rng.gauss(0, 0.04)))
                m.score_items[item["code"]] = round(item["max"] * share)


# ---------------------------------------------------------------------------------------
# Writing.


def write_meetings(year: YearPlan, plan) -> None:
    """The meetings' rows, each with a history row (as bulk_create_with_history), built and
    inserted ROWS_CHUNK at a time and all stamped with the same moment. Written once the
    meetings and their scores are planned, before the supervision (which changes nothing
    in them): their texts then leave the plan (MeetingSpec.drop_texts; the minutes read
    them back from the rows), and each spec keeps of its row only what later steps read
    (Written: the id and the adopter), not the instance."""
    from chibo.accounts.models import User

    linked = {id(a.member): a.username for a in plan.accounts if a.member}
    users = {u.username: u for u in User.objects.filter(username__in=set(linked.values()))}
    now = timezone.now()
    for start in range(0, len(year.meetings), ROWS_CHUNK):
        chunk = year.meetings[start:start + ROWS_CHUNK]
        rows = []
        for m in chunk:
            adopter = None
            if m.status == MeetingStatus.ADOPTED and m.chair is not None:
                adopter = users.get(linked.get(id(m.chair)))
            rows.append(_meeting_row(m, year.today, year.scores.get(id(m)), adopter))
        insert_objects(Meeting, rows, now=now)
        for m, row in zip(chunk, rows, strict=True):
            m.instance = Written(row.pk, adopted_by_id=row.adopted_by_id)
            m.drop_texts()
        del rows


def write_year(year: YearPlan, plan, policies) -> MeetingsSummary:
    """The rest of the year (write_meetings first): roll calls, guests, agendas, speeches,
    tasks and their reviews, document numbers and minutes."""
    score_of = year.scores
    now = timezone.now()

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

    for start in range(0, len(year.tasks), ROWS_CHUNK):
        chunk = year.tasks[start:start + ROWS_CHUNK]
        rows = [Task(
            organization_id=t.meeting.cell.instance.pk, meeting_id=t.meeting.instance.pk,
            assignee_id=t.assignee.instance.pk, title=t.title, deadline=t.deadline,
            status=t.status, last_result=t.last_result, closed_at=t.closed_at,
        ) for t in chunk]
        insert_objects(Task, rows, now=now)
        for t, row in zip(chunk, rows, strict=True):
            t.instance = Written(row.pk)
        del rows
    reviews = [(r.task.instance.pk, m.instance.pk, r.result, r.comment)
               for m in year.meetings for r in m.reviews]
    insert_values(TaskReview, ["task", "meeting", "result", "comment"], reviews)

    # Minutes version 1 of each adopted meeting, as services.meeting_adopt stores it:
    # MINUTES_CHUNK at a time (the snapshots are the bulk of the memory), from the meetings'
    # rows read back (the texts are no longer in the plan) and the score computed again.
    written = 0
    bands = Counter()
    names = ["meeting", "number", "snapshot", "content_hash", "reason", "created_by",
             "created_at"]
    numbers_of = _document_numbers(year, policies)
    score_in_full = Scorer(year, policies)
    adopted = [m for m in year.meetings if m.status == MeetingStatus.ADOPTED]
    for start in range(0, len(adopted), MINUTES_CHUNK):
        chunk = adopted[start:start + MINUTES_CHUNK]
        rows = Meeting.objects.in_bulk([m.instance.pk for m in chunk])
        versions = []
        for m in chunk:
            bands[score_of[id(m)][1]] += 1
            snapshot = build_minutes(_facts(m, rows[m.instance.pk], score_in_full(m),
                                            policies))
            if id(m) in numbers_of:
                snapshot["numbers"] = _numbers(*numbers_of[id(m)])
            versions.append((m.instance.pk, 1, snapshot, content_hash(snapshot), "",
                             m.instance.adopted_by_id, m.adopted_at))
        insert_values(MinutesVersion, names, versions)
        written += len(versions)
        del rows, versions

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


def _meeting_row(m: MeetingSpec, today: dt.date, score: tuple | None, adopter) -> Meeting:
    """The meeting's row, with the report columns as services.attendance_record and
    meeting_adopt write them: the roll call without exempt members, the score frozen in
    minutes version 1 (`score`: its total and band)."""
    votes = m.votes or (None, None, None)
    roll_expected = roll_present = roll_away = quality_total = None
    quality_band = ""
    if m.attendance:
        roll = rules.RollCall.of((a.status, a.presence) for a in m.attendance)
        roll_expected, roll_present = roll.expected, roll.expected_present
        roll_away = roll.away
    if m.status == MeetingStatus.ADOPTED:
        quality_total, quality_band = score
    return Meeting(
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
        documents_sent_at=documents_sent(m, today),
    )


def _document_numbers(year: YearPlan, policies) -> dict[int, tuple]:
    """The numbers of the adopted minutes and resolutions, as services.meeting_adopt gives
    them (chibo.documents.numbering): per cell, kind and term, from 01 in the order of
    adoption; a chi ủy meeting's minutes have none, a resolution only when it passed. Writes
    the register (INSERT_CHUNK rows at a time) and its counters; returns id(meeting spec) →
    the numbers of its minutes and resolution (None when it has none), for the snapshot's
    "numbers" (_numbers)."""
    from chibo.documents.numbering import EARLIEST, number_text

    adopted = sorted((m for m in year.meetings
                      if m.status == MeetingStatus.ADOPTED and m.kind != COMMITTEE),
                     key=lambda m: m.adopted_at)
    last: Counter = Counter()
    numbers, rows = {}, []
    names = ["organization", "kind", "term_start", "number", "symbol", "meeting", "issued_at",
             "issued_by"]
    for m in adopted:
        book = policies(m.day)
        term = book["document.term_start"]
        term = dt.date.fromisoformat(term) if term else EARLIEST
        vote = _vote(m, policies)
        kinds = ["BB"] + (["NQ"] if vote and vote.passed else [])
        cell = m.cell.instance.pk
        texts = []
        for kind in kinds:
            last[cell, kind, term] += 1
            text = number_text(last[cell, kind, term], kind, book["document.issuer_symbol"])
            texts.append(text)
            rows.append((cell, kind, term, last[cell, kind, term], text, m.instance.pk,
                         m.adopted_at, m.instance.adopted_by_id))
        numbers[id(m)] = (texts[0], texts[1] if len(texts) > 1 else None)
        if len(rows) >= INSERT_CHUNK:
            insert_values(DocumentNumber, names, rows)
            rows = []
    insert_values(DocumentNumber, names, rows)
    insert_values(DocumentCounter, ["organization", "kind", "term_start", "last"],
            [(cell, kind, term, n) for (cell, kind, term), n in last.items()])
    return numbers


def _numbers(minutes: str, resolution: str | None) -> dict:
    return {"minutes": minutes, **({"resolution": resolution} if resolution else {})}


def _guest_user(guest: dict) -> int | None:
    """The account of a visiting official (OfficialSpec, once written)."""
    official = guest.get("official")
    return official.user.pk if official is not None and official.user is not None else None


def _guest_order(guests: list[dict]) -> list[dict]:
    # Guest.Meta.ordering: higher officials first, then as added.
    return sorted(guests, key=lambda g: not g["is_higher_official"])


def _vote(m: MeetingSpec, policies):
    """The vote's result, judged by the rule as selectors.meeting_vote_rule reads it, basis
    included: the minutes name it (a demo meeting decides a resolution)."""
    if m.votes is None:
        return None
    book = policies(m.day)
    majority = rules.VoteRule.of(rules.RESOLUTION, book["vote.majority"],
                                 book.basis("vote.majority"))
    roll = rules.RollCall.of((a.status, a.presence) for a in m.attendance)
    return rules.vote_result(roll, *m.votes, majority)


def _facts(m: MeetingSpec, row: Meeting, score: dict, policies) -> MinutesFacts:
    cell = m.cell
    ordered = sorted(m.attendance,
                     key=lambda a: (a.member.instance.sort_key, a.member.instance.pk))
    return MinutesFacts(
        meeting=row,
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
        vote=_vote(m, policies),
        score=score,
        guests=_guest_order(m.guests),
        agenda=list(m.agenda),
        speeches=[(s.section, s.speaker, s.text) for s in m.speeches],
        task_reviews=[ReviewFact(r.task.title, r.task.assignee.instance.full_name, r.result,
                                 r.comment) for r in m.reviews],
        new_tasks=[TaskFact(t.title, t.assignee.instance.full_name, t.deadline)
                   for t in sorted(m.tasks, key=lambda t: t.deadline)],
    )
