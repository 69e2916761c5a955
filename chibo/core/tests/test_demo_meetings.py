"""The demo's year of meetings (`demo_meetings`): what the issue designed is in the
database, the stored minutes are what `minutes_snapshot` reads back and hash right, and
the same seed gives the same year. One demo city is loaded for the whole module (about
ten seconds) and wiped at the end; each test runs in a transaction rolled back after it."""

import datetime as dt
import random
import statistics
from collections import Counter, defaultdict

import pytest
from django.db.models import Count, F, Q
from django.utils import timezone

from chibo.accounts.models import User
from chibo.core import demo, demo_meetings
from chibo.meetings import selectors
from chibo.meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MeetingStatus,
    MinutesVersion,
    Task,
    TaskReview,
    TaskStatus,
)
from chibo.meetings.services import content_hash
from chibo.meetings.snapshot import build_minutes, minutes_facts, minutes_snapshot
from chibo.members.models import Membership, PartyMember, Position
from chibo.organizations.models import Level, Organization

SEED = 2018
TODAY = dt.date(2026, 11, 26)
CURRENT = dt.date(2026, 11, 1)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        levels = set(Level.objects.values_list("pk", flat=True))
        summary = demo.load_demo(seed=SEED, today=TODAY)
    yield summary
    with django_db_blocker.unblock():
        demo.wipe()
        Level.objects.exclude(pk__in=levels).delete()


@pytest.fixture
def year(loaded, db):
    return loaded.meetings


def cells():
    return Organization.objects.filter(is_cell=True, dissolved_on__isnull=True)


def test_summary_counts(loaded, year):
    assert year.months[0] == dt.date(2025, 12, 1) and year.months[-1] == CURRENT
    assert year.by_kind == dict(Counter(Meeting.objects.values_list("kind", flat=True)))
    assert year.by_status == dict(Counter(Meeting.objects.values_list("status", flat=True)))
    assert Attendance.objects.count() == year.attendance > 140_000
    assert Task.objects.count() == year.tasks
    assert TaskReview.objects.count() == year.reviews
    assert AgendaItem.objects.count() == year.agenda_items
    assert MinutesVersion.objects.count() == year.minutes
    assert Meeting.history.count() == Meeting.objects.count()  # bulk inserts with history
    assert Task.history.count() == Task.objects.count()


def test_a_regular_meeting_every_month_except_the_designed_skips(year):
    assert len(cells()) == 320
    per_cell = dict(
        cells().annotate(n=Count("meetings", filter=Q(meetings__kind="regular")
                                 & ~Q(meetings__status=MeetingStatus.CANCELLED)))
        .values_list("pk", "n")
    )
    for pk, count in per_cell.items():
        assert count == 12 - len(year.skipped.get(pk, [])), pk
    regular = sum(1 for pk in per_cell if pk not in year.skipped)
    assert 0.83 <= regular / 320 <= 0.87  # about 85% meet every month
    skips = Counter(len(months) for months in year.skipped.values())
    assert sum(n for k, n in skips.items() if k <= 3) == 32  # 10%: 1–3 months
    assert sum(n for k, n in skips.items() if k > 3) == 16  # 5%: more
    # A skipped month has no meeting, or a cancelled one with its reason.
    for pk, months in year.skipped.items():
        skipped = Meeting.objects.filter(organization_id=pk, kind="regular", period__in=months)
        assert not skipped.exclude(status=MeetingStatus.CANCELLED).exists()
        assert not skipped.filter(reschedule_reason="").exists()
    # Every cell with a chi ủy has its meetings too; rescheduled meetings say why.
    with_committee = cells().filter(members__position=Position.DEPUTY).exclude(
        pk__in=year.skipped).distinct()
    assert with_committee.count() > 150
    for cell in with_committee[:20]:
        assert Meeting.objects.filter(organization=cell, kind="committee").count() >= 10
    moved = Meeting.objects.filter(kind="regular").exclude(reschedule_reason="")
    assert moved.exclude(status=MeetingStatus.CANCELLED).count() > 100


def test_adopted_minutes_are_hashed_like_the_service(year):
    adopted = Meeting.objects.filter(status=MeetingStatus.ADOPTED)
    assert adopted.count() == year.minutes > 7000
    versions = MinutesVersion.objects.all()
    assert set(versions.values_list("meeting_id", flat=True)) == set(
        adopted.values_list("pk", flat=True))
    assert not versions.exclude(number=1).exists()
    for snapshot, stored_hash in versions.values_list("snapshot", "content_hash"):
        assert stored_hash == content_hash(snapshot)
        assert snapshot["score"]["complete"]
    # Nothing held later than "today"; adoption after the meeting, never in the future.
    late = timezone.make_aware(dt.datetime.combine(TODAY, dt.time()))
    assert not Meeting.objects.filter(started_at__gte=late).exists()
    assert not adopted.filter(adopted_at__gte=late).exists()
    assert not adopted.filter(adopted_at__lt=F("ended_at")).exists()


def test_stored_minutes_equal_minutes_snapshot_read_back(year):
    """The demo builds the minutes from its plan in memory (snapshot.build_minutes); the
    same function over the rows read back (minutes_snapshot) must give the same dict."""
    adopted = Meeting.objects.filter(status=MeetingStatus.ADOPTED)
    rng = random.Random(7)
    ids = sorted(adopted.values_list("pk", flat=True))
    sample = set(rng.sample(ids, 40))
    # And the interesting ones: a combined thematic meeting and its regular meeting, a
    # chi ủy meeting, guests, unexcused absences, reviews partly done, the first month.
    combined = adopted.filter(kind="thematic", combined_with_regular=True).first()
    sample |= {
        combined.pk,
        adopted.get(organization=combined.organization, kind="regular",
                    period=combined.period).pk,
        adopted.filter(kind="committee").first().pk,
        adopted.filter(guests__is_higher_official=True).first().pk,
        adopted.filter(attendance__presence="unexcused").first().pk,
        adopted.filter(task_reviews__result="partly").first().pk,
        adopted.filter(kind="regular", period=year.months[0]).first().pk,
        adopted.filter(kind="thematic", combined_with_regular=False).first().pk,
    }
    for meeting in Meeting.objects.filter(pk__in=sample).select_related(
            "organization", "chair", "minute_taker"):
        stored = meeting.versions.get(number=1).snapshot
        assert minutes_snapshot(meeting) == stored, meeting.pk
    assert build_minutes(minutes_facts(meeting)) == minutes_snapshot(meeting)


def test_a_draft_lists_tasks_waiting_for_review(year):
    held = Meeting.objects.filter(status=MeetingStatus.HELD, kind="regular", period=CURRENT)
    assert held.exists()  # some of this month's minutes are not adopted yet
    assert not held.filter(versions__isnull=False).exists()
    assert Meeting.objects.filter(status=MeetingStatus.PLANNED, period=CURRENT).exists()
    found = False
    for meeting in held[:30]:
        draft = minutes_snapshot(meeting)
        assert draft["counts"]["total"] > 0 and draft["adopted_at"] is None
        found = found or any(r["result_label"] == "Chưa báo cáo" for r in draft["task_reviews"])
    assert found


def test_absence_flags_a_few_members(year):
    admin = User.objects.get(username="demo-admin")
    flagged, threshold = selectors.absence_flags(admin, year=year.flag_year)
    assert threshold == year.flag_threshold == 3
    assert {m.pk for m in flagged} == set(year.flagged)
    assert 20 <= len(flagged) <= 40
    assert all(m.unexcused_months >= threshold for m in flagged)
    assert PartyMember.objects.count() > 200 * len(flagged)  # not most members
    unexcused = Attendance.objects.filter(presence="unexcused")
    assert unexcused.values("member").distinct().count() > 5 * len(flagged)  # a few others


def test_some_cells_miss_a_thematic_quarter(year):
    quarters = [(2026, 1), (2026, 2), (2026, 3)]  # the full quarters behind us
    missing = {}
    for year_, q in quarters:
        start = dt.date(year_, 3 * q - 2, 1)
        end = dt.date(year_, 3 * q + 1, 1)
        held = set(
            Meeting.objects.filter(kind="thematic", period__gte=start, period__lt=end)
            .exclude(status=MeetingStatus.CANCELLED).values_list("organization_id", flat=True)
        )
        for pk in cells().exclude(pk__in=held).values_list("pk", flat=True):
            missing.setdefault(pk, []).append((year_, q))
    assert missing == {pk: [q] for pk, q in year.missed_quarters.items()}
    assert len(missing) == round(0.08 * 320)
    combined = Meeting.objects.filter(kind="thematic", combined_with_regular=True).count()
    assert 0.3 < combined / Meeting.objects.filter(kind="thematic").count() < 0.5
    topics = Counter(Meeting.objects.filter(kind="thematic").values_list("topic", flat=True))
    assert any(t.startswith("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
               for t in topics)
    assert any("Trung ương 4" in t for t in topics)


def test_roll_calls_list_everyone_in_the_cell_that_day(year):
    """Each regular meeting's roll is everyone whose membership in the cell covers the
    day; the absent ones with a reason, unless absent without one."""
    rng = random.Random(3)
    for cell in rng.sample(list(cells()), 12):
        meetings = Meeting.objects.filter(organization=cell, kind="regular",
                                          status=MeetingStatus.ADOPTED)
        for meeting in meetings:
            day = timezone.localtime(meeting.scheduled_at).date()
            members = set(
                Membership.objects.filter(organization=cell, started_on__lte=day)
                .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
                .values_list("member_id", flat=True)
            )
            rows = meeting.attendance.all()
            assert set(rows.values_list("member_id", flat=True)) == members
            assert not rows.filter(presence="excused", reason="").exists()
            assert rows.filter(member=meeting.chair, presence="present").exists()
            assert rows.filter(member=meeting.minute_taker, presence="present").exists()
            assert meeting.minute_taker != meeting.chair


def test_attendance_and_scores_vary(year):
    rates = defaultdict(list)
    bands = Counter()
    for pk, counts, band in MinutesVersion.objects.filter(meeting__kind="regular").values_list(
            "meeting__organization_id", "snapshot__counts", "snapshot__score__band"):
        rates[pk].append(counts["attendance_rate"])
        bands[band] += 1
    low = [sum(rates[pk]) / len(rates[pk]) for pk in year.low_attendance]
    others = [sum(r) / len(r) for pk, r in rates.items() if pk not in year.low_attendance]
    assert len(low) == round(0.07 * 320)
    assert 60 <= statistics.median(low) <= 75 and max(low) < 85
    assert sum(1 for rate in others if rate >= 85) > 0.9 * len(others)
    total = sum(bands.values())
    assert (bands["Tốt"] + bands["Khá"]) / total > 0.85
    assert 0.02 < bands["Trung bình"] / total < 0.15
    assert bands["Kém"] / total < 0.01


def test_tasks_follow_their_reviews(year):
    adopted_reviews = defaultdict(list)
    for task_id, result, closed in TaskReview.objects.filter(
            meeting__status=MeetingStatus.ADOPTED).order_by("meeting__scheduled_at").values_list(
            "task_id", "result", "meeting__scheduled_at"):
        adopted_reviews[task_id].append((result, timezone.localtime(closed).date()))
    statuses = Counter()
    for task in Task.objects.all():
        reviews = adopted_reviews.get(task.pk, [])
        statuses[task.status, task.last_result] += 1
        if task.status == TaskStatus.DONE:
            assert reviews[-1] == ("done", task.closed_at), task.pk
        else:
            assert task.status == TaskStatus.OPEN and task.closed_at is None
            assert task.last_result == (reviews[-1][0] if reviews else "")
            assert "done" not in [r for r, _ in reviews]
    assert statuses[TaskStatus.DONE, "done"] > 0.7 * sum(statuses.values())
    assert statuses[TaskStatus.OPEN, "partly"] and statuses[TaskStatus.OPEN, "not_done"]
    assert statuses[TaskStatus.OPEN, ""]  # never reported, or given this month
    # Every regular meeting held gives 1–3 tasks with the end of next month as deadline.
    per_meeting = Counter(Task.objects.values_list("meeting_id", flat=True))
    assert set(per_meeting.values()) <= {1, 2, 3}
    for deadline, period in Task.objects.values_list("deadline", "meeting__period"):
        assert (deadline + dt.timedelta(days=1)).day == 1  # the last day of a month
        assert 28 <= (deadline - period).days <= 62  # of the month after the meeting's


def test_same_seed_same_year(year):
    again = demo_meetings.plan_year(demo.build_plan(seed=SEED, today=TODAY),
                                    demo_meetings.Policies())
    assert again.digest() == year.digest
    other = demo_meetings.plan_year(demo.build_plan(seed=SEED + 1, today=TODAY),
                                    demo_meetings.Policies())
    assert other.digest() != year.digest


def test_wipe_removes_the_meetings_too(year):
    demo.wipe()  # rolled back after the test
    assert not Meeting.objects.exists() and not Attendance.objects.exists()
    assert not MinutesVersion.objects.exists() and not Task.objects.exists()
    assert not Meeting.history.exists() and not Organization.objects.exists()
