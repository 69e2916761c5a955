"""The demo's year of meetings (`meetings_plan`) and its supervision (`supervision_plan`):
what the issues designed is in the database, the stored minutes are what
`minutes_snapshot` reads back and hash right, the officials' visits agree with the
meetings' guests, concerns are found in every state, and the same seed gives the same
year. One demo city is loaded for the whole module (about fifteen seconds) and wiped at
the end; each test runs in a transaction rolled back after it."""

import datetime as dt
import random
import statistics
from collections import Counter, defaultdict

import pytest
from django.db.models import Count, F, Q
from django.utils import timezone

from chibo.accounts.models import Role, Scope, User
from chibo.demo.kit import next_month, window
from chibo.demo.load import load_demo, wipe
from chibo.demo.meetings_specs import Policies
from chibo.demo.officials import USERNAME_REGEX
from chibo.demo.plan import DEMO_PASSWORD, build_plan
from chibo.demo.year import plan_year
from chibo.documents.models import DocumentCounter, DocumentNumber
from chibo.meetings import selectors
from chibo.meetings.models import (
    AgendaItem,
    Attendance,
    Guest,
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
from chibo.policies.selectors import policy
from chibo.supervision.models import Assignment, Concern, VisitReport

SEED = 2018
TODAY = dt.date(2026, 11, 26)
CURRENT = dt.date(2026, 11, 1)
NEXT = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        levels = set(Level.objects.values_list("pk", flat=True))
        summary = load_demo(seed=SEED, today=TODAY)
    yield summary
    with django_db_blocker.unblock():
        wipe()
        Level.objects.exclude(pk__in=levels).delete()


@pytest.fixture
def year(loaded, db):
    return loaded.meetings


def cells():
    return Organization.objects.filter(is_cell=True, dissolved_on__isnull=True)


def stable_cells():
    """The cells there the whole year (neither founded nor dissolved in it)."""
    return cells().filter(founded_on__isnull=True)


def whole_months(cell) -> list[dt.date]:
    """The months of the window the cell exists for in full (it meets in those)."""
    months = window(TODAY)
    return [m for m in months
            if (cell.founded_on is None or cell.founded_on <= m)
            and (cell.dissolved_on is None
                 or cell.dissolved_on >= next_month(m) - dt.timedelta(days=1))]


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
    all_cells = Organization.objects.filter(is_cell=True)
    per_cell = dict(
        all_cells.annotate(n=Count("meetings", filter=Q(meetings__kind="regular")
                                   & Q(meetings__period__lte=CURRENT)
                                   & ~Q(meetings__status=MeetingStatus.CANCELLED)))
        .values_list("pk", "n")
    )
    for cell in all_cells:  # the founded and dissolved ones in the months they exist
        assert per_cell[cell.pk] == len(whole_months(cell)) - len(
            year.skipped.get(cell.pk, [])), cell.pk
    stable = set(stable_cells().values_list("pk", flat=True))
    assert len(stable) == 318 and set(year.skipped) <= stable
    regular = sum(1 for pk in stable if pk not in year.skipped)
    assert 0.83 <= regular / len(stable) <= 0.87  # about 85% meet every month
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


def test_next_month_is_planned_already(year):
    """Every cell's regular meeting of next month is planned, with its agenda and draft,
    and its chi ủy meeting where it has a chi ủy (services.plan_month's way)."""
    nxt = Meeting.objects.filter(period=NEXT)
    assert not nxt.exclude(status=MeetingStatus.PLANNED).exists()
    regular = nxt.filter(kind="regular")
    assert sorted(regular.values_list("organization_id", flat=True)) == sorted(
        cells().values_list("pk", flat=True))
    assert not regular.filter(draft_resolution="").exists()
    assert AgendaItem.objects.filter(meeting__in=regular).values("meeting").distinct().count() \
        == 320
    assert nxt.filter(kind="committee").count() > 150
    assert not nxt.filter(kind="thematic").exists()


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
        # the numbers are given at adoption, outside what the meeting's rows say
        stored = {key: value for key, value in stored.items() if key != "numbers"}
        assert minutes_snapshot(meeting) == stored, meeting.pk
    assert build_minutes(minutes_facts(meeting)) == minutes_snapshot(meeting)


def test_adopted_minutes_are_numbered_like_the_service(year):
    """Per cell and kind, 01, 02, … in the order of adoption (one term in the window);
    the register holds what the snapshots print; chi ủy minutes have no number."""
    by_meeting = {}
    for meeting_id, kind, symbol in DocumentNumber.objects.values_list(
            "meeting_id", "kind", "symbol"):
        by_meeting.setdefault(meeting_id, {})[kind] = symbol
    rows = MinutesVersion.objects.values_list(
        "meeting_id", "meeting__organization_id", "meeting__kind", "meeting__adopted_at",
        "snapshot")
    per_cell = defaultdict(list)
    for meeting_id, cell, kind, adopted_at, snapshot in rows:
        if kind == "committee":
            assert "numbers" not in snapshot and meeting_id not in by_meeting
            continue
        numbers = snapshot["numbers"]
        assert by_meeting[meeting_id] == {
            "BB": numbers["minutes"], **({"NQ": numbers["resolution"]}
                                         if "resolution" in numbers else {})}
        assert numbers["minutes"].endswith("-BB/CB")
        per_cell[cell].append((adopted_at, int(numbers["minutes"].split("-")[0])))
    for entries in per_cell.values():
        entries.sort()  # by adoption, then number (two adopted in the same minute)
        assert [n for _, n in entries] == list(range(1, len(entries) + 1))
    assert DocumentCounter.objects.filter(kind="BB").count() == len(per_cell)


def test_report_columns_agree_with_attendance_and_minutes(year):
    """roll_expected/roll_present as services.attendance_record writes them (the roll
    call without exempt members, rules.RollCall), quality_total/quality_band as
    meeting_adopt does (the score of minutes version 1), recomputed for every meeting."""
    from chibo.meetings import rules

    rolls = defaultdict(list)
    for meeting_id, status, presence in Attendance.objects.values_list(
            "meeting_id", "member_status", "presence"):
        rolls[meeting_id].append((status, presence))
    scores = {meeting_id: (total, band) for meeting_id, total, band in
              MinutesVersion.objects.filter(number=1).values_list(
                  "meeting_id", "snapshot__score__total", "snapshot__score__band")}
    checked = Counter()
    for pk, status, expected, present, total, band in Meeting.objects.values_list(
            "pk", "status", "roll_expected", "roll_present", "quality_total", "quality_band"):
        if pk in rolls:
            roll = rules.RollCall.of(rolls[pk])
            assert (expected, present) == (roll.expected, roll.expected_present), pk
            checked["roll"] += 1
        else:
            assert expected is None and present is None, pk
            assert status in (MeetingStatus.PLANNED, MeetingStatus.CANCELLED), pk
        if pk in scores:
            assert total == float(scores[pk][0]) and band == scores[pk][1] != "", pk
            checked["score"] += 1
        else:
            assert total is None and band == "", pk
    held = Meeting.objects.filter(status__in=[MeetingStatus.HELD, MeetingStatus.ADOPTED])
    assert checked["roll"] == held.count() > 7000
    assert checked["score"] == year.minutes
    assert not held.filter(roll_expected__isnull=True).exists()
    assert held.filter(roll_present__lt=F("roll_expected")).exists()


def test_founded_and_dissolved_cells_meet_only_while_they_exist(year):
    from chibo.supervision.models import AssignmentKind

    changed = Organization.objects.filter(is_cell=True).filter(
        Q(founded_on__isnull=False) | Q(dissolved_on__isnull=False))
    assert changed.count() == 4
    for cell in changed:
        meetings = Meeting.objects.filter(organization=cell)
        first, last = whole_months(cell)[0], whole_months(cell)[-1]
        assert meetings.filter(kind="regular", period=first).exists(), cell.name
        assert not meetings.filter(period__lt=first).exists(), cell.name
        if cell.founded_on:  # from the month after its founding
            assert first == next_month(cell.founded_on)
            assert not meetings.filter(scheduled_at__date__lt=first).exists()
            assert meetings.filter(period=NEXT).exists()  # next month planned
        if cell.dissolved_on:  # never after its dissolution, nothing planned
            assert next_month(last) == cell.dissolved_on  # the 1st
            assert not meetings.filter(period__gt=last).exists(), cell.name
            assert not meetings.filter(scheduled_at__date__gte=cell.dissolved_on).exists()
            assert not meetings.filter(status=MeetingStatus.PLANNED).exists()
            # The roll call lists the members of the day; they are elsewhere now.
            held = meetings.filter(status=MeetingStatus.ADOPTED).order_by("scheduled_at").last()
            assert held.attendance.count() >= 3 and held.chair_id
            assert not PartyMember.objects.filter(organization=cell).exists()
        # Followed only while it exists; visited at its own meetings.
        follow = Assignment.objects.filter(cell=cell, kind=AssignmentKind.FOLLOW)
        assert follow.exists()
        if cell.founded_on:
            assert not follow.filter(starts_on__lt=cell.founded_on).exists()
            assert follow.filter(starts_on=cell.founded_on).exists()
        if cell.dissolved_on:
            assert not follow.filter(ends_on__gte=cell.dissolved_on).exists()
            assert not Assignment.objects.filter(
                cell=cell, starts_on__gte=cell.dissolved_on).exists()
            assert not Concern.objects.filter(cell=cell, raised_on__gte=cell.dissolved_on
                                              ).exists()
    # The absorbing cells' roll calls list the newcomers from the day they came.
    for cell in changed.filter(dissolved_on__isnull=False):
        moved = Membership.objects.filter(started_on=cell.dissolved_on,
                                          reason__contains=cell.name)
        target = moved.first().organization
        after = Meeting.objects.filter(organization=target, kind="regular",
                                       status=MeetingStatus.ADOPTED,
                                       scheduled_at__date__gte=cell.dissolved_on).first()
        assert set(moved.values_list("member_id", flat=True)) <= set(
            after.attendance.values_list("member_id", flat=True))


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
        for pk in stable_cells().exclude(pk__in=held).values_list("pk", flat=True):
            missing.setdefault(pk, []).append((year_, q))
        # A cell founded or dissolved during the year: its thematic meeting in every
        # quarter with a month it exists for in full.
        for cell in Organization.objects.filter(is_cell=True).filter(
                Q(founded_on__isnull=False) | Q(dissolved_on__isnull=False)):
            if any(start <= m < end for m in whole_months(cell)):
                assert cell.pk in held, (cell.name, year_, q)
    assert missing == {pk: [q] for pk, q in year.missed_quarters.items()}
    assert len(missing) == round(0.08 * 318)
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
    assert len(low) == round(0.07 * 318)
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
    again = plan_year(build_plan(seed=SEED, today=TODAY),
                                    Policies())
    assert again.digest() == year.digest  # the visits' guests and speeches included
    assert again.supervision.digest() == year.supervision.digest
    other = plan_year(build_plan(seed=SEED + 1, today=TODAY),
                                    Policies())
    assert other.digest() != year.digest
    assert other.supervision.digest() != year.supervision.digest


def test_wipe_removes_the_meetings_and_supervision_too(year):
    from chibo.supervision.models import ConcernAction

    wipe()  # rolled back after the test
    assert not Meeting.objects.exists() and not Attendance.objects.exists()
    assert not MinutesVersion.objects.exists() and not Task.objects.exists()
    assert not Meeting.history.exists() and not Organization.objects.exists()
    assert not Assignment.objects.exists() and not VisitReport.objects.exists()
    assert not Concern.objects.exists() and not ConcernAction.objects.exists()
    assert not Concern.history.exists() and not Assignment.history.exists()
    assert not officials().exists()


# ---------------------------------------------------------------------------------------
# Supervision (supervision_plan): officials, assignments, visits, concerns.

QUARTERS = [(dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
            (dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
            (dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
            (dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
            (dt.date(2026, 10, 1), dt.date(2026, 12, 31))]
FULL_QUARTERS = QUARTERS[1:4]  # the three quarters wholly inside the year


def officials():
    return User.objects.filter(
        Q(username__regex=USERNAME_REGEX)
        | Q(username__in=["demo-city", "demo-ward"])
    )


def test_officials_have_accounts_and_scopes(year):
    root = Organization.objects.get(depth=1)
    city = officials().filter(scopes__organization=root, scopes__role=Role.COMMITTEE_STAFF)
    assert set(city.values_list("username", flat=True)) == {
        "demo-city", *(f"tuv-{i:02d}" for i in range(1, 16))}
    wards = Organization.objects.filter(depth=2, is_cell=False)
    assert wards.count() == 19
    for ward in wards:
        people = officials().filter(scopes__organization=ward, scopes__role="staff")
        assert 2 <= people.count() <= 3, ward.name
    vu_ninh = officials().filter(scopes__organization__name="Đảng bộ phường Vũ Ninh")
    assert set(vu_ninh.values_list("username", flat=True)) == {
        "demo-ward", "dbp-vu-ninh-1", "dbp-vu-ninh-2"}
    assert officials().filter(username__startswith="dbx-nam-son-").exists()  # a commune
    assert officials().count() == year.supervision.city_officials \
        + year.supervision.ward_officials
    for user in officials():
        assert user.last_name == "" and len(user.first_name.split()) >= 3, user.username
        assert user.scopes.count() == 1 and not user.is_staff
    assert User.objects.get(username="tuv-07").check_password(DEMO_PASSWORD)
    assert User.objects.get(username="tuv-07").password == \
        User.objects.get(username="demo-member").password  # one hash for all


def test_assignments_per_quarter_with_a_few_gaps(year):
    from chibo.supervision import selectors as sup

    root = Organization.objects.get(depth=1)
    follow = Assignment.objects.filter(kind="follow")
    for start, end in QUARTERS:
        gaps = sup.coverage_gaps(root, starts_on=start, ends_on=end)
        assert 1 <= gaps.count() <= 10, start
        quarter = follow.filter(starts_on=start, ends_on=end)
        per_city = Counter(quarter.filter(committee=root).values_list("official", flat=True))
        assert len(per_city) == 16 and set(per_city.values()) <= {4, 5, 6, 7}, start
        assert sum(per_city.values()) / 16 <= 6
        direct = quarter.filter(cell__depth=2).values_list("cell", flat=True)
        assert set(quarter.filter(committee=root).values_list("cell__depth", flat=True)) \
            == {2, 3}  # mostly the direct cells, some of the wards'
        assert len(set(direct)) >= 44  # of the 49 direct cells, all but the gaps
        # Ward members follow cells of their own ward; one assignment per cell and member.
        for committee_path, cell_path in quarter.exclude(committee=root).values_list(
                "committee__path", "cell__path"):
            assert cell_path.startswith(committee_path)
        pairs = list(quarter.values_list("official", "cell"))
        assert len(pairs) == len(set(pairs))
    assert not follow.filter(starts_on__gt=F("ends_on")).exists()
    # History written with the day the quarter's assignments were decided.
    assert Assignment.history.count() == Assignment.objects.count()
    assert not Assignment.objects.filter(created_at__date__gte=TODAY).exists()


def test_demo_ward_has_cells_meetings_reports_and_concerns(year):
    from chibo.supervision import selectors as sup

    user = User.objects.get(username="demo-ward")
    secretary_cell = Scope.objects.get(user__username="demo-secretary").organization
    mine = sup.my_assignments(user, today=TODAY)
    assert mine.filter(kind="follow", cell=secretary_cell).exists()
    assert 4 <= mine.filter(kind="follow").count() <= 8
    upcoming = list(sup.upcoming_meetings_for(user, today=TODAY))
    assert any(m.status == MeetingStatus.PLANNED and m.scheduled_at.date() > TODAY
               for m in upcoming)
    assert mine.filter(kind="attend", meeting__status=MeetingStatus.PLANNED).exists()
    assert VisitReport.objects.filter(official=user).count() >= 5
    at_ward = sup.concern_list(user, today=TODAY).filter(
        responsible__name="Đảng bộ phường Vũ Ninh")
    assert sup.concern_list(user, overdue=True, today=TODAY).filter(
        responsible__name="Đảng bộ phường Vũ Ninh").count() >= 2
    assert at_ward.filter(status__in=["open", "assigned"], deadline__gte=TODAY).exists()
    assert at_ward.filter(assignee=user, status="assigned").exists()
    # demo-city follows cells and has reported on visits too.
    city = User.objects.get(username="demo-city")
    assert VisitReport.objects.filter(official=city, attended=True).exists()


def test_visits_agree_with_the_meetings_guests(year):
    reports = VisitReport.objects.all()
    assert reports.count() == year.supervision.reports > 800
    attended = reports.filter(attended=True)
    assert 0.85 < attended.count() / reports.count() < 0.98
    # An attended report: the official is among the meeting's guests, as a higher
    # official with the account; not attended: not there.
    guests = set(Guest.objects.filter(is_higher_official=True, user__isnull=False)
                 .values_list("meeting", "user"))
    assert set(attended.values_list("meeting", "official")) <= guests
    assert not set(reports.filter(attended=False).values_list("meeting", "official")) & guests
    # Every higher-official guest is one of the officials, at a meeting held.
    higher = Guest.objects.filter(is_higher_official=True)
    assert not higher.filter(user__isnull=True).exists()
    assert not higher.exclude(meeting__status__in=["held", "adopted"]).exists()
    names = dict(User.objects.values_list("pk", "first_name"))
    assert all(names[u] == n for u, n in higher.values_list("user", "name"))
    # Reports are on meetings of the cells followed, after the meeting, before today.
    assert not reports.filter(assignment__isnull=True).exists()
    assert not reports.exclude(assignment__cell=F("meeting__organization")).exists()
    assert not reports.filter(created_at__lt=F("meeting__ended_at")).exists()
    late = timezone.make_aware(dt.datetime.combine(TODAY, dt.time()))
    assert not reports.filter(created_at__gte=late).exists()
    # A report for most of the quarter's follow assignments (one visit planned each).
    for start, _end in FULL_QUARTERS:
        follows = Assignment.objects.filter(kind="follow", starts_on=start).count()
        reported = reports.filter(assignment__starts_on=start).count()
        assert 0.65 <= reported / follows <= 0.92, start
    # The band seen is the minutes' band or next to it, mostly the same.
    bands = ["Tốt", "Khá", "Trung bình", "Kém"]
    pairs = list(attended.filter(meeting__status="adopted").values_list(
        "band_seen", "meeting__versions__snapshot__score__band"))
    assert all(abs(bands.index(a) - bands.index(b)) <= 1 for a, b in pairs)
    assert sum(a == b for a, b in pairs) / len(pairs) > 0.6
    assert not attended.filter(remarks="").exists()


def test_concerns_in_every_state(year):
    from chibo.supervision.models import ActionKind, ConcernAction

    concerns = Concern.objects.all()
    total = concerns.count()
    assert total == year.supervision.concerns > 300
    assert set(concerns.values_list("status", flat=True)) == {
        "open", "assigned", "answered", "closed"}
    assert set(concerns.values_list("category", flat=True)) == {
        "living", "policy", "land", "infrastructure", "security", "party_work", "other"}
    assert set(concerns.values_list("kind", flat=True)) == {
        "aspiration", "difficulty", "proposal"}
    assert set(concerns.values_list("source", flat=True)) == {"official", "secretary", "member"}
    # From about a third of the attended reports.
    with_concerns = VisitReport.objects.filter(concerns__isnull=False).distinct().count()
    assert 0.25 <= with_concerns / VisitReport.objects.filter(attended=True).count() <= 0.4
    answered = concerns.exclude(answered_on=None)
    on_time = answered.filter(answered_on__lte=F("deadline"))
    assert on_time.count() > 0.7 * answered.count()
    assert answered.filter(answered_on__gt=F("deadline")).exists()  # late
    open_ = concerns.filter(status__in=["open", "assigned"])
    assert open_.filter(deadline__gte=TODAY).exists()  # within the deadline
    assert open_.filter(deadline__lt=TODAY, responsible__depth=1).exists()  # overdue, city
    # Overdue at a ward: only where the ward's own rule turns the daily escalation off
    # (or the deadline was yesterday: the job moves it up the next morning).
    at_wards = open_.filter(deadline__lt=TODAY, responsible__depth=2)
    assert at_wards.exists()
    for c in at_wards.select_related("responsible"):
        auto = policy("concern.auto_escalate", on=TODAY, organization=c.responsible)
        assert not auto or c.deadline == TODAY - dt.timedelta(days=1), c.pk
    assert not policy("concern.auto_escalate", on=TODAY,
                      organization=Organization.objects.get(name="Đảng bộ phường Vũ Ninh"))
    assert policy("concern.auto_escalate", on=TODAY,
                  organization=Organization.objects.get(name="Đảng bộ phường Kinh Bắc"))
    kinds = Counter(ConcernAction.objects.values_list("kind", flat=True))
    assert kinds[ActionKind.RECEIVE] == total
    assert kinds[ActionKind.ESCALATE] and kinds[ActionKind.AUTO_ESCALATE]
    assert kinds[ActionKind.ASSIGN] and kinds[ActionKind.CLOSE]
    assert concerns.filter(member_hidden=True).exists()
    assert not concerns.filter(member_hidden=True, member__isnull=True).exists()
    assert not concerns.exclude(member=None).exclude(member__organization=F("cell")).exists()
    # Answers told at the next meeting, and the latest waiting on the next agenda.
    reported = concerns.exclude(reported_at=None)
    assert reported.count() > 0.5 * answered.count()
    assert not reported.exclude(reported_at__status="adopted").exists()
    assert not reported.exclude(reported_at__organization=F("cell")).exists()
    assert kinds[ActionKind.REPORT] == reported.count()
    waiting = answered.filter(reported_at=None)
    assert waiting.exists()
    for concern in waiting[:10]:
        nxt = Meeting.objects.filter(
            organization=concern.cell, kind="regular", status__in=["planned", "held"],
            scheduled_at__date__gte=concern.answered_on).order_by("scheduled_at").first()
        titles = list(nxt.agenda.values_list("title", flat=True))
        assert any(concern.answer[:40] in t for t in titles), concern.pk
    # Each concern's route, as the services would have left it.
    actions = defaultdict(list)
    for row in ConcernAction.objects.order_by("created_at", "id").values_list(
            "concern", "kind", "organization__path", "created_at"):
        actions[row[0]].append(row[1:])
    staff = set(Scope.objects.filter(role="staff").values_list("user", "organization"))
    for c in concerns.select_related("cell", "responsible"):
        steps = actions[c.pk]
        assert steps[0][0] == ActionKind.RECEIVE
        assert steps[0][1] == c.cell.path[:-Organization.steplen]  # the committee above
        assert steps[-1][1] == c.responsible.path
        moves = [s for s in steps if s[0] in (ActionKind.ESCALATE, ActionKind.AUTO_ESCALATE)]
        start = (timezone.localtime(moves[-1][2]).date() if moves else c.raised_on)
        assert c.deadline == start + dt.timedelta(days=15), c.pk
        if c.assignee_id:
            assert (c.assignee_id, c.responsible_id) in staff
    assert Concern.history.count() == ConcernAction.objects.count()


def test_coverage_and_concern_figures_are_realistic(year):
    from chibo.supervision import selectors as sup

    user = User.objects.get(username="demo-city")
    root = Organization.objects.get(depth=1)
    for start, end in FULL_QUARTERS:
        figures = sup.coverage(user, root, starts_on=start, ends_on=end)
        # The cells alive at the end of the quarter: founded by then (one on 10/03, one
        # on 15/05) and not dissolved (one on 01/04, one on 01/07).
        then = Organization.objects.filter(is_cell=True).filter(
            Q(founded_on__isnull=True) | Q(founded_on__lte=end)).filter(
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=end))
        assert figures["cells"] == then.count() == {
            QUARTERS[1]: 321, QUARTERS[2]: 321, QUARTERS[3]: 320}[(start, end)]
        assert 60 <= figures["share"] <= 95, start
        assert len(figures["units"]) == 19 + then.filter(depth=2).count()
        assert len(figures["officials"]) >= 50
    now = year.supervision.coverage
    assert now["share"] == sup.coverage(user, root, starts_on=QUARTERS[-1][0],
                                        ends_on=TODAY)["share"]
    figures = sup.concern_figures(user, root, starts_on=QUARTERS[0][0], ends_on=TODAY,
                                  today=TODAY)
    totals = figures["totals"]
    assert totals["received"] == Concern.objects.count()
    assert totals["answered_on_time"] + totals["answered_late"] + totals["open"] \
        == totals["received"]
    assert 0 < totals["overdue"] < totals["open"] + 1


def test_reports_count_from_the_demos_first_month(year):
    """The months before the demo's window were "on paper": the dashboard's year shows
    only the demo's months, and its figures add up like the meetings do."""
    from chibo.organizations.models import Organization
    from chibo.reports.periods import Period
    from chibo.reports.selectors import quality_report

    root = Organization.get_root_nodes().get()
    report = quality_report(root, Period.parse("2025"), today=TODAY)
    assert report.months == [dt.date(2025, 12, 1)]
    assert [m for m, _ in report.trend] == [dt.date(2025, 12, 1)]
    year_2026 = quality_report(root, Period.parse("2026"), today=TODAY)
    assert len(year_2026.months) == 11
    # Almost every cell meets almost every month, and bands come from adopted meetings.
    assert year_2026.total.held_rate > 85
    assert sum(year_2026.total.bands.values()) == year_2026.total.scored > 0


def test_documents_were_sent_mostly_on_time(loaded, db):
    """meeting.document_lead_days: most cell meetings that took place had their documents
    on time, a few late, a few never; nothing is sent after the demo's today."""
    from chibo.meetings.lead_time import documents_status

    took_place = list(
        Meeting.objects.filter(status__in=[MeetingStatus.HELD, MeetingStatus.ADOPTED],
                               kind__in=["regular", "thematic"])
        .select_related("organization")[:400]
    )
    states = Counter(documents_status(m).state for m in took_place)
    assert states["on_time"] > 0.8 * len(took_place)
    assert states["late"] > 0 and states["missed"] > 0
    assert not Meeting.objects.filter(kind="committee", documents_sent_at__isnull=False).exists()
    assert not Meeting.objects.filter(documents_sent_at__date__gt=TODAY).exists()


def test_wipe_takes_the_demos_data_start_away(loaded, db):
    """Else every later test would count from the demo's first month."""
    from chibo.policies.models import Policy

    assert Policy.objects.filter(key="report.data_from").exclude(value="").exists()
    wipe()
    assert not Policy.objects.filter(key="report.data_from").exclude(value="").exists()


def test_rollups_are_the_raw_figures_of_the_demo(year):
    """The load ends with the rollups built: equal to the raw computation per cell-month,
    and the dashboard's totals from them equal those summed by hand over the meetings."""
    from bench.report_sql import compare, totals
    from chibo.organizations.models import Organization
    from chibo.reports.periods import Period
    from chibo.reports.selectors import quality_report
    from chibo.rollups.tests.test_maintain import raw, stored

    assert stored() == raw() and stored()[0]
    root = Organization.get_root_nodes().get()
    first = dt.date(2025, 12, 1)  # the demo's first month (report.data_from)
    for code in ("2026", "2026-Q3", "2026-11"):
        report = quality_report(root, Period.parse(code), today=TODAY)
        assert compare(report, totals(root.path, Period.parse(code), TODAY, first)) == []
