"""The demo's year-end grading (`grading`): the previous year decided for everyone
under the rules and the cap, the current year in progress, the registers, residence
comments and discipline it rests on, and the same seed giving the same rows. One demo
city is loaded for the whole module and wiped at the end; each test runs in a
transaction rolled back after it."""

import datetime as dt
import time
from collections import Counter, defaultdict

import pytest
from django.db.models import F, Q
from django.urls import reverse

from chibo.accounts.models import Role, Scope, User
from chibo.commitments.models import (
    Commitment,
    CommitmentItem,
    CommitmentProgress,
    CommitmentStatus,
    ItemResult,
    ResidenceComment,
    ResidenceExemption,
    StudyTopic,
    TopicKind,
)
from chibo.demo.grading import digest_in_db, load_grading, wipe_grading
from chibo.demo.grading_data import POLICY_KEYS
from chibo.demo.load import load_demo, wipe
from chibo.grading import rules
from chibo.grading.evidence import cells_evidence, members_evidence
from chibo.grading.models import Assessment, Discipline, DisciplineForm, Stage
from chibo.meetings.models import Meeting, MeetingStatus
from chibo.meetings.rules import as_fraction
from chibo.members.models import Membership, PartyMember
from chibo.organizations.models import Level, Organization
from chibo.policies.selectors import policy_book

SEED = 2018
TODAY = dt.date(2026, 11, 26)
PREV, CUR = 2025, 2026
E, G, C, N = rules.GRADES


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        levels = set(Level.objects.values_list("pk", flat=True))
        started = time.perf_counter()
        city = load_demo(seed=SEED, today=TODAY)
        city_seconds = time.perf_counter() - started
        if Assessment.objects.exists():  # load_demo loads the grading already
            wipe_grading()
        summary = load_grading(seed=SEED, today=TODAY)
        print(f"\ncity, meetings and supervision: {city_seconds:.1f} s; grading: "
              f"{summary.seconds:.1f} s {summary.timings}")
    yield city, summary
    with django_db_blocker.unblock():
        wipe_grading()
        wipe()
        Level.objects.exclude(pk__in=levels).delete()


@pytest.fixture
def summary(loaded, db):
    return loaded[1]


@pytest.fixture
def city(loaded, db):
    return loaded[0]


def book(year):
    return policy_book(POLICY_KEYS, on=dt.date(year, 12, 31))


def cells():
    return Organization.objects.filter(is_cell=True, dissolved_on__isnull=True)


def cells_of(year):
    """The cells graded for `year`: there at its end (the current year: today), so a
    cell dissolved in the current year is graded for the previous one only, and one
    founded this year for this year only."""
    day = dt.date(year, 12, 31) if year < CUR else TODAY
    return Organization.objects.filter(is_cell=True).filter(
        Q(founded_on__isnull=True) | Q(founded_on__lte=day)).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day))


def members_in_cells(year):
    """{member id: the cell they were in at the end of `year`} from the memberships."""
    end, start = dt.date(year, 12, 31), dt.date(year, 1, 1)
    out = {}
    for member_id, org_id, started, ended in Membership.objects.order_by(
            "member_id", "started_on", "id").values_list(
            "member_id", "organization_id", "started_on", "ended_on"):
        if started <= end and (ended is None or ended > end):
            out[member_id] = org_id
        elif started <= end and ended and ended >= start:
            out.setdefault(member_id, org_id)
    return out


def test_summary_matches_the_database(summary):
    for year in (PREV, CUR):
        stored = Assessment.objects.filter(year=year, member__isnull=False)
        assert summary.stages[year] == dict(Counter(stored.values_list("stage", flat=True)))
        cell_rows = Assessment.objects.filter(year=year, member__isnull=True)
        assert summary.cell_stages[year] == dict(
            Counter(cell_rows.values_list("stage", flat=True)))
        registers = Commitment.objects.filter(year=year, member__isnull=False)
        assert summary.registers[year] == dict(
            Counter(registers.values_list("status", flat=True)))
        assert summary.residence_comments[year] == ResidenceComment.objects.filter(
            year=year).count()
    assert summary.items == CommitmentItem.objects.count()
    assert summary.progress == CommitmentProgress.objects.count() > 0
    # One history row per row, dated when it happened.
    for model in (Assessment, Commitment, ResidenceComment, Discipline):
        assert model.history.count() == model.objects.count()
    decided = Assessment.history.filter(stage=Stage.DECIDED).values_list(
        "history_date", "decided_at")
    assert all(h == d for h, d in decided)
    print(f"\ngrading demo: {summary.seconds:.2f} s {summary.timings}; "
          f"stages {summary.stages}; grades {summary.grades}; cells {summary.cell_grades}")


def test_previous_year_decided_for_every_member_and_cell(summary):
    expected = members_in_cells(PREV)
    rows = Assessment.objects.filter(year=PREV)
    assert not rows.exclude(stage=Stage.DECIDED).exists()
    graded = dict(rows.filter(member__isnull=False).values_list("member_id", "cell_id"))
    assert graded == expected  # each in the cell they were in at the end of the year
    assert sorted(rows.filter(member__isnull=True).values_list("cell_id", flat=True)) == \
        sorted(cells_of(PREV).values_list("pk", flat=True))
    assert cells_of(PREV).filter(dissolved_on__isnull=False).count() == 2
    assert not rows.filter(decided_grade="").exists()
    # Decided in late December by an official of the committee above the cell.
    staff = defaultdict(set)
    for org_id, user_id in Scope.objects.filter(role=Role.COMMITTEE_STAFF).values_list(
            "organization_id", "user_id"):
        staff[org_id].add(user_id)
    parents = {c.pk: Organization.objects.get(path=c.parent_path).pk for c in cells_of(PREV)}
    for cell_id, decided_by, decided_at in rows.values_list(
            "cell_id", "decided_by_id", "decided_at").distinct():
        assert decided_by in staff[parents[cell_id]]
        local = decided_at.astimezone(dt.timezone(dt.timedelta(hours=7)))
        assert local.year == PREV and local.month == 12 and local.day >= 20
    users = set(User.objects.filter(pk__in=rows.values("decided_by")).values_list(
        "username", flat=True))
    assert {"demo-ward", "demo-city"} <= users
    assert summary.decided_by["demo-ward"] > 100


def test_previous_year_follows_the_rules(summary):
    b = book(PREV)
    thresholds = b["grading.thresholds"]
    lowered = 0
    for a in Assessment.objects.filter(year=PREV).only(
            "member_id", "self_scores", "self_total", "self_grade", "review_grade",
            "decided_grade", "evidence", "review_total"):
        form = b["grading.cell_form" if a.is_cell else "grading.member_form"]
        conditions = b["grading.cell_conditions" if a.is_cell else "grading.member_conditions"]
        assert set(a.self_scores) == {c["code"] for c in rules.criteria_of(form)}
        assert rules.total(a.self_scores, form) == float(a.self_total) <= 100
        grade, _ = rules.grade_for(float(a.self_total), thresholds, conditions,
                                   a.evidence["facts"])
        assert a.self_grade == grade
        # The cell proposes the same grade or one lower; the cap may lower HTXSNV.
        drop = rules.GRADES.index(a.review_grade) - rules.GRADES.index(a.self_grade)
        assert drop in (0, 1), (a.self_grade, a.review_grade)
        lowered += drop
        if a.is_cell:  # the cap among a committee's cells, at the decision
            assert a.decided_grade == a.review_grade or (a.review_grade, a.decided_grade) == (E, G)
        else:
            assert a.decided_grade == a.review_grade
    members = Assessment.objects.filter(year=PREV, member__isnull=False).count()
    assert 0.04 <= lowered / members <= 0.15  # sometimes one step lower


def test_the_cap_holds_in_every_cell_and_committee(summary):
    cap = as_fraction(book(PREV)["grading.excellent_cap"])
    by_cell = defaultdict(list)
    for cell_id, grade in Assessment.objects.filter(
            year=PREV, member__isnull=False).values_list("cell_id", "decided_grade"):
        by_cell[cell_id].append(grade)
    assert len(by_cell) == 320
    for cell_id, grades in by_cell.items():
        ok, excellent, good, allowed = rules.cap_allows(grades, cap)
        assert ok, (cell_id, excellent, good, allowed)
    assert sum(g.count(E) for g in by_cell.values()) > 0
    # Among the cells a committee decides on, too.
    by_committee = defaultdict(list)
    for cell in cells_of(PREV):
        a = Assessment.objects.get(year=PREV, member__isnull=True, cell=cell)
        by_committee[cell.parent_path].append(a.decided_grade)
    for path, grades in by_committee.items():
        assert rules.cap_allows(grades, cap)[0], path


def test_previous_year_distribution(summary):
    grades = Counter(Assessment.objects.filter(year=PREV, member__isnull=False)
                     .values_list("decided_grade", flat=True))
    total = sum(grades.values())
    share = {g: grades[g] / total for g in rules.GRADES}
    print(f"\n{PREV} members: {dict(grades)}; "
          + ", ".join(f"{g} {share[g]:.1%}" for g in rules.GRADES))
    assert 0.11 <= share[E] <= 0.16
    assert 0.65 <= share[G] <= 0.77
    assert 0.08 <= share[C] <= 0.15
    assert 0.004 <= share[N] <= 0.02
    assert summary.grades[PREV] == dict(grades)
    cell_grades = Counter(Assessment.objects.filter(year=PREV, member__isnull=True)
                          .values_list("decided_grade", flat=True))
    assert cell_grades[G] > cell_grades[E] > 10 and cell_grades[C] > 5


def test_the_decision_keeps_the_evidence(summary):
    """The stored snapshot is what chibo.grading.evidence gives (nothing changed since)."""
    rows = list(Assessment.objects.filter(year=PREV, member__isnull=False)
                .select_related("member").order_by("id")[::40])
    fresh = members_evidence([a.member for a in rows], PREV)
    for a in rows:
        assert a.evidence == fresh[a.member_id]
    own = list(Assessment.objects.filter(year=PREV, member__isnull=True).select_related(
        "cell")[:30])
    fresh = cells_evidence([a.cell for a in own], PREV)
    for a in own:
        assert a.evidence == fresh[a.cell_id]


def test_khtnv_for_flagged_and_seriously_disciplined(summary, city):
    decided = Assessment.objects.filter(year=PREV, member__isnull=False)
    must = [a for a in decided.only("evidence", "decided_grade", "member_id")
            if a.evidence["facts"]["absence_flag"] or a.evidence["facts"]["serious_discipline"]]
    warned = set(Discipline.objects.filter(decided_on__year=PREV,
                                           form=DisciplineForm.WARNING).values_list(
        "member_id", flat=True))
    assert warned and warned <= {a.member_id for a in must}
    assert all(a.decided_grade == N for a in must)
    # The current year: every self grade is the rules' own, from members_evidence; the
    # members flagged for absence and under a warning who self-assessed get KHTNV.
    b = book(CUR)
    scored = list(Assessment.objects.filter(year=CUR, member__isnull=False).exclude(
        stage=Stage.DRAFT).select_related("member"))
    evidence = {}
    for i in range(0, len(scored), 2000):
        evidence.update(members_evidence([a.member for a in scored[i:i + 2000]], CUR))
    for a in scored:
        facts = evidence[a.member_id]["facts"]
        grade, _ = rules.grade_for(float(a.self_total), b["grading.thresholds"],
                                   b["grading.member_conditions"], facts)
        assert a.self_grade == grade, a.member_id
    flagged = set(city.meetings.flagged) if city.meetings else set()
    flagged |= set(Discipline.objects.filter(decided_on__year=CUR, form=DisciplineForm.WARNING)
                   .values_list("member_id", flat=True))
    hits = [a for a in scored if a.member_id in flagged]
    assert hits and all(a.self_grade == N for a in hits)


def test_current_year_in_progress(summary):
    rows = Assessment.objects.filter(year=CUR, member__isnull=False)
    stages = Counter(rows.values_list("stage", flat=True))
    members = PartyMember.objects.count()
    print(f"\n{CUR}: {dict(stages)} of {members} members")
    assert not Assessment.objects.filter(year=CUR, stage=Stage.DECIDED).exists()
    assert 0.33 <= stages[Stage.SELF] / members <= 0.47
    assert 0.07 <= stages[Stage.REVIEWED] / members <= 0.13
    assert stages[Stage.DRAFT] > 0
    # In the member's cell of today; dates up to today.
    assert not rows.exclude(cell_id=F("member__organization_id")).exists()
    for field in ("self_at", "reviewed_at"):
        last = rows.exclude(**{f"{field}__isnull": True}).order_by(f"-{field}").first()
        assert getattr(last, field).date() <= TODAY
    assert not rows.filter(stage=Stage.DRAFT).exclude(self_grade="").exists()
    assert not rows.filter(stage=Stage.SELF).exclude(review_grade="").exists()
    assert not rows.filter(stage=Stage.REVIEWED, review_grade="").exists()
    # The demo cell shows every stage; the demo member has self-assessed.
    secretary = User.objects.get(username="demo-secretary")
    cell = Scope.objects.get(user=secretary, role=Role.SECRETARY).organization
    assert cell.name == "Chi bộ khu phố 3"
    here = Counter(rows.filter(cell=cell).values_list("stage", flat=True))
    assert here[Stage.SELF] and here[Stage.REVIEWED] and here[Stage.DRAFT]
    assert rows.filter(cell=cell).count() < cell.members.count()  # some not started
    assert Assessment.objects.filter(year=CUR, member__isnull=True, cell=cell).exists()
    me = PartyMember.objects.get(user__username="demo-member")
    assert rows.get(member=me).stage == Stage.SELF


def test_registers(summary):
    members = PartyMember.objects.count()
    cur = Commitment.objects.filter(year=CUR, member__isnull=False)
    statuses = Counter(cur.values_list("status", flat=True))
    assert 0.8 <= sum(statuses.values()) / members <= 0.9
    assert statuses[CommitmentStatus.APPROVED] / sum(statuses.values()) > 0.65
    assert min(statuses[s] for s in CommitmentStatus.values) > 20
    assert not cur.filter(status=CommitmentStatus.RETURNED, note="").exists()
    assert not cur.exclude(status=CommitmentStatus.APPROVED).exclude(
        approved_at__isnull=True).exists()
    assert not cur.filter(status=CommitmentStatus.APPROVED, approved_at__isnull=True).exists()
    assert not cur.exclude(cell_id=F("member__organization_id")).exists()
    # 2–4 items each, with a measure; no year-end results yet in the current year.
    sizes = Counter(CommitmentItem.objects.filter(commitment__in=cur).values_list(
        "commitment_id", flat=True))
    assert set(Counter(sizes.values())) == {2, 3, 4}
    assert not CommitmentItem.objects.filter(commitment__year=CUR).exclude(result="").exists()
    assert not CommitmentItem.objects.filter(measure="").exists()
    # The previous year: approved, every item with its result, mostly met.
    prev = Commitment.objects.filter(year=PREV)
    assert not prev.exclude(status=CommitmentStatus.APPROVED).exists()
    assert 0.88 <= prev.filter(member__isnull=False).count() / len(members_in_cells(PREV)) \
        <= 0.97
    results = Counter(CommitmentItem.objects.filter(commitment__year=PREV).values_list(
        "result", flat=True))
    assert "" not in results and results[ItemResult.MET] / sum(results.values()) > 0.85
    assert results[ItemResult.PARTLY] and results[ItemResult.NOT_MET]
    # Every cell's weak tasks, both years, 1–3 items, approved.
    for year in (PREV, CUR):
        own = Commitment.objects.filter(year=year, member__isnull=True)
        assert sorted(own.values_list("cell_id", flat=True)) == sorted(
            cells_of(year).values_list("pk", flat=True))
        assert own.count() == 320 and not own.exclude(status=CommitmentStatus.APPROVED).exists()
        per = Counter(CommitmentItem.objects.filter(commitment__in=own).values_list(
            "commitment_id", flat=True))
        assert set(per.values()) <= {1, 2, 3}


def test_founded_and_dissolved_cells_graded_for_the_years_they_end(summary):
    """A cell dissolved this year: decided for the previous year (its members there at
    the end of it too), nothing this year; a cell founded this year: nothing for the
    previous year, its register and grading of this year under way like the others'."""
    dissolved = Organization.objects.filter(dissolved_on__year=CUR)
    founded = Organization.objects.filter(founded_on__year=CUR)
    assert dissolved.count() == 2 and founded.count() == 2
    for cell in dissolved:
        prev = Assessment.objects.filter(year=PREV, cell=cell)
        assert prev.filter(member__isnull=True, stage=Stage.DECIDED).exists()
        assert prev.filter(member__isnull=False).count() >= 3
        assert not Assessment.objects.filter(year=CUR, cell=cell).exists()
        assert not Commitment.objects.filter(year=CUR, cell=cell).exists()
        assert Commitment.objects.filter(year=PREV, cell=cell, member__isnull=True).exists()
    for cell in founded:
        assert not Assessment.objects.filter(year=PREV, cell=cell).exists()
        assert not Commitment.objects.filter(year=PREV, cell=cell).exists()
        own = Commitment.objects.get(year=CUR, cell=cell, member__isnull=True)
        assert own.approved_at.date() > cell.founded_on
        assert Commitment.objects.filter(year=CUR, cell=cell, member__isnull=False).exists()
        assert Commitment.history.filter(id=own.pk).get().history_date.date() > \
            cell.founded_on


def test_progress_notes_at_the_cells_meetings(summary):
    notes = CommitmentProgress.objects.select_related("item__commitment", "meeting")
    assert 300 <= notes.count() <= 1500
    for p in notes:
        c = p.item.commitment
        assert c.year == CUR and c.member_id and c.status == CommitmentStatus.APPROVED
        assert p.meeting.organization_id == c.cell_id
        assert p.meeting.kind == "regular" and p.meeting.status == MeetingStatus.ADOPTED
        assert p.meeting.period.year == CUR
        assert p.meeting.ended_at > c.approved_at and p.created_at == p.meeting.ended_at
    me = PartyMember.objects.get(user__username="demo-member")
    assert notes.filter(item__commitment__member=me).exists()
    assert Meeting.objects.filter(commitment_progress__isnull=False).distinct().count() > 100


def test_residence_comments_for_the_right_members_only(summary):
    residents = PartyMember.objects.filter(residence_organization__isnull=False).exclude(
        residence_organization=F("organization"))
    for year in (PREV, CUR):
        comments = ResidenceComment.objects.filter(year=year)
        assert not comments.exclude(member__in=residents).exists()
        assert not comments.exclude(residence_cell_id=F("member__residence_organization_id")
                                    ).exists()
        exempt = ResidenceExemption.objects.filter(year=year)
        assert exempt.exists() and not exempt.exclude(member__in=residents).exists()
        assert not comments.filter(member__in=exempt.values("member")).exists()
        eligible = residents.exclude(pk__in=exempt.values("member"))
        if year == PREV:
            eligible = eligible.filter(pk__in=list(members_in_cells(PREV)))
        share = comments.count() / eligible.count()
        print(f"\nresidence comments {year}: {comments.count()} of {eligible.count()} "
              f"({share:.0%}); exempt {exempt.count()}")
        assert (0.85 <= share <= 0.95) if year == PREV else (0.25 <= share <= 0.36)
        ratings = Counter(r for rs in comments.values_list("ratings", flat=True)
                          for r in rs.values())
        assert ratings["good"] / sum(ratings.values()) > 0.9
        last = comments.order_by("-written_at").first().written_at.date()
        assert last.year == year and last <= TODAY
    reasons = set(ResidenceExemption.objects.values_list("reason", flat=True))
    assert "Điều trị bệnh dài ngày" in reasons


def test_topics_and_discipline(summary):
    root = Organization.objects.get(depth=1)
    for year in (PREV, CUR):
        topics = StudyTopic.objects.filter(year=year)
        hcm = topics.filter(kind=TopicKind.HO_CHI_MINH)
        assert hcm.count() == 1 and hcm.get().title.startswith(
            "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
        assert topics.filter(kind=TopicKind.RESOLUTION).count() == 2
        assert set(topics.values_list("issuer_id", flat=True)) == {None, root.pk}
        forms = Counter(Discipline.objects.filter(decided_on__year=year).values_list(
            "form", flat=True))
        assert 3 <= forms[DisciplineForm.REPRIMAND] <= 5
        assert 1 <= forms[DisciplineForm.WARNING] <= 2
        assert set(forms) == {DisciplineForm.REPRIMAND, DisciplineForm.WARNING}
    assert not Discipline.objects.filter(decided_on__gt=TODAY).exists()
    assert StudyTopic.objects.filter(title__contains="Quy định 144-QĐ/TW").exists()


def test_grading_pages_show_the_demo(summary, client):
    secretary = User.objects.get(username="demo-secretary")
    cell = Scope.objects.get(user=secretary, role=Role.SECRETARY).organization
    client.force_login(secretary)
    page = client.get(reverse("grading:cell", args=[cell.pk, CUR]))
    assert page.status_code == 200
    me = PartyMember.objects.get(user__username="demo-member")
    assert me.full_name in page.content.decode()
    client.force_login(User.objects.get(username="demo-ward"))
    assert client.get(reverse("grading:decide", args=[cell.pk, PREV])).status_code == 200
    client.force_login(User.objects.get(username="demo-member"))
    mine = client.get(reverse("grading:mine"))
    assert mine.status_code == 200


def test_same_seed_same_rows(summary):
    stored = digest_in_db()
    wipe_grading()
    assert not Assessment.objects.exists() and not Commitment.objects.exists()
    assert not Assessment.history.exists()
    again = load_grading(seed=SEED, today=TODAY)
    assert again.digest == summary.digest
    assert digest_in_db() == stored
    wipe_grading()
    other = load_grading(seed=SEED + 1, today=TODAY)
    assert other.digest != summary.digest
    assert digest_in_db() != stored
