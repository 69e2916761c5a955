"""Grading, tried for real: two staff deciding, correcting or opening at the same moment,
each on their own database connection (threads released together)."""

import pytest
from django.core.exceptions import ValidationError

from chibo.core.concurrency import StaleEdit, edit_base, parse_base
from chibo.core.testing.concurrency import errors_of, races, run_at_once
from chibo.core.testing.factories import MemberFactory
from chibo.grading import services
from chibo.grading.models import Assessment, Grade, Stage

pytestmark = races

ROUNDS = 3
FULL = {
    "politics": 8,
    "ethics": 8,
    "discipline": 7,
    "relations": 7,
    "assigned": 38,
    "commitments": 18,
    "party_tasks": 9,
}


def fresh(a) -> Assessment:
    return Assessment.objects.get(pk=a.pk)


def reviewed(city, member, year, grade="HTTNV") -> Assessment:
    a = services.assessment_open(actor=city.admin, year=year, member=member)
    services.assessment_self(actor=city.admin, assessment=a, scores=FULL)
    services.assessment_review(actor=city.admin, assessment=a, grade=grade)
    return fresh(a)


def excellent_count(cell, year) -> tuple[int, int]:
    decided = Assessment.objects.filter(
        cell=cell, year=year, member__isnull=False, stage=Stage.DECIDED
    )
    return (
        decided.filter(decided_grade=Grade.EXCELLENT).count(),
        decided.filter(decided_grade=Grade.GOOD).count(),
    )


def test_two_deciders_of_one_cell_cannot_pass_the_cap_together(city):
    """Five HTTNV already decided allow one HTXSNV (20 %); two staff each decide one
    other member HTXSNV at once: each alone is within the cap, both together are not."""
    members = [MemberFactory(organization=city.cell_a1) for _ in range(7)]
    broken = 0
    for year in range(2020, 2020 + ROUNDS):
        good = [reviewed(city, m, year) for m in members[:5]]
        services.assessments_decide(
            actor=city.ward_staff, decisions={a.pk: "HTTNV" for a in good}
        )
        first, second = (reviewed(city, m, year) for m in members[5:])
        outcomes = run_at_once(
            lambda a=first: services.assessments_decide(
                actor=city.ward_staff, decisions={a.pk: "HTXSNV"}
            ),
            lambda a=second: services.assessments_decide(
                actor=city.city_staff, decisions={a.pk: "HTXSNV"}
            ),
        )
        excellent, good_count = excellent_count(city.cell_a1, year)
        if excellent > 1:
            broken += 1
            continue
        assert good_count == 5
        [error] = errors_of(outcomes)
        assert isinstance(error, ValidationError)
        assert "vượt quá 20%" in " ".join(error.messages)
    assert broken == 0, f"{broken} of {ROUNDS} rounds passed the HTXSNV cap"


def test_two_deciders_of_one_assessment_decide_it_once(city):
    broken = 0
    for year in range(2020, 2020 + ROUNDS):
        a = reviewed(city, city.member, year)
        outcomes = run_at_once(
            lambda pk=a.pk: services.assessments_decide(
                actor=city.ward_staff, decisions={pk: "HTTNV"}
            ),
            lambda pk=a.pk: services.assessments_decide(
                actor=city.city_staff, decisions={pk: "HTNV"}
            ),
        )
        errors = errors_of(outcomes)
        if len(errors) != 1 or not isinstance(errors[0], ValidationError):
            broken += 1
            continue
        assert "đã quyết định" in " ".join(errors[0].messages)
        a.refresh_from_db()
        assert a.stage == Stage.DECIDED
        winner = next(o.value for o in outcomes if o.ok)[0]
        assert a.decided_grade == winner.decided_grade and a.decided_by == winner.decided_by
    assert broken == 0, f"{broken} of {ROUNDS} rounds decided twice or failed wrongly"


def test_two_corrections_of_one_decision_make_one_new_assessment(city):
    broken = 0
    for year in range(2020, 2020 + ROUNDS):
        a = reviewed(city, city.member, year)
        services.assessments_decide(actor=city.ward_staff, decisions={a.pk: "HTTNV"})
        a = fresh(a)
        outcomes = run_at_once(
            lambda a=a: services.assessment_correct(
                actor=city.ward_staff, assessment=fresh(a), grade="HTNV", reason="Sai sót 1"
            ),
            lambda a=a: services.assessment_correct(
                actor=city.city_staff, assessment=fresh(a), grade="KHTNV", reason="Sai sót 2"
            ),
        )
        errors = errors_of(outcomes)
        live = Assessment.objects.filter(year=year, member=city.member).exclude(
            stage=Stage.SUPERSEDED
        )
        if len(errors) != 1 or not isinstance(errors[0], ValidationError) or live.count() != 1:
            broken += 1
            continue
        assert "đính chính" in " ".join(errors[0].messages)
    assert broken == 0, f"{broken} of {ROUNDS} rounds broke (500 or two live assessments)"


def test_two_opens_of_one_assessment_give_the_same_row(city):
    broken = 0
    for year in range(2020, 2020 + ROUNDS):
        outcomes = run_at_once(
            lambda y=year: services.assessment_open(actor=city.admin, year=y, member=city.member),
            lambda y=year: services.assessment_open(
                actor=city.member_user, year=y, member=city.member
            ),
        )
        if errors_of(outcomes) or outcomes[0].value.pk != outcomes[1].value.pk:
            broken += 1
    assert broken == 0, f"{broken} of {ROUNDS} rounds answered an error or two rows"


def test_note_and_scores_changed_at_once_both_stay(city):
    """Two people on the same cell's self-assessment, loaded alike: one changes the note,
    the other a score; both changes are kept."""
    a = services.assessment_open(actor=city.admin, year=2026, cell=city.cell_a1)
    cell_form = services.form_for(a)
    scores = {c["code"]: c["points"] for g in ("general", "tasks") for c in cell_form[g]}
    services.assessment_self(actor=city.admin, assessment=a, scores=scores, note="Bản đầu")
    a = fresh(a)
    base = parse_base(edit_base(a, services.SELF_FIELDS))
    lower = dict(scores, **{next(iter(scores)): 0})
    outcomes = run_at_once(
        lambda: services.assessment_self(
            actor=city.secretary_user, assessment=fresh(a), scores=scores,
            note="Nhận xét của bí thư", base=base,
        ),
        lambda: services.assessment_self(
            actor=city.ward_staff, assessment=fresh(a), scores=lower, note="Bản đầu", base=base
        ),
    )
    assert not errors_of(outcomes)
    a = fresh(a)
    assert a.self_note == "Nhận xét của bí thư"
    assert a.self_scores == {k: float(v) for k, v in lower.items()}


def test_two_notes_on_one_self_assessment_refuse_the_later_with_the_newer_text(city):
    a = services.assessment_open(actor=city.admin, year=2026, member=city.member)
    services.assessment_self(actor=city.admin, assessment=a, scores=FULL, note="Bản đầu")
    a = fresh(a)
    base = parse_base(edit_base(a, services.SELF_FIELDS))
    outcomes = run_at_once(
        lambda: services.assessment_self(
            actor=city.member_user, assessment=fresh(a), scores=FULL, note="Bản A", base=base
        ),
        lambda: services.assessment_self(
            actor=city.admin, assessment=fresh(a), scores=FULL, note="Bản B", base=base
        ),
    )
    [error] = errors_of(outcomes)
    assert isinstance(error, StaleEdit)
    saved = fresh(a).self_note
    assert saved in ("Bản A", "Bản B")
    assert error.newer == {"self_note": saved}


def test_two_cell_reviews_of_one_member_keep_the_first_note(city):
    a = reviewed(city, city.member, 2026)
    base = parse_base(edit_base(a, services.REVIEW_FIELDS))
    outcomes = run_at_once(
        lambda: services.assessment_review(
            actor=city.secretary_user, assessment=fresh(a), grade="HTTNV",
            note="Ý kiến 1", base=base,
        ),
        lambda: services.assessment_review(
            actor=city.admin, assessment=fresh(a), grade="HTTNV", note="Ý kiến 2", base=base
        ),
    )
    [error] = errors_of(outcomes)
    assert isinstance(error, StaleEdit)
    assert error.newer == {"review_note": fresh(a).review_note}


@pytest.mark.parametrize("rounds", [ROUNDS])
def test_cell_open_at_once_gives_one_row(city, rounds):
    broken = 0
    for year in range(2020, 2020 + rounds):
        outcomes = run_at_once(
            lambda y=year: services.assessment_open(actor=city.admin, year=y, cell=city.cell_a1),
            lambda y=year: services.assessment_open(
                actor=city.secretary_user, year=y, cell=city.cell_a1
            ),
        )
        if errors_of(outcomes) or outcomes[0].value.pk != outcomes[1].value.pk:
            broken += 1
    assert broken == 0, f"{broken} of {rounds} rounds answered an error or two rows"
