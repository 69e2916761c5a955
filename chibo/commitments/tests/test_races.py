"""Commitments, tried for real: two people saving one register, two members of the chi
ủy deciding it, two writers of one residence comment, at the same moment."""

from django.core.exceptions import ValidationError

from chibo.commitments import services
from chibo.commitments.models import Commitment, CommitmentStatus, ResidenceComment
from chibo.core.concurrency import StaleEdit
from chibo.core.testing.concurrency import errors_of, races, run_at_once
from chibo.core.testing.factories import MemberFactory

pytestmark = races

ROUNDS = 3
RATINGS = {"policy": "good", "ethics": "good", "participation": "good", "relations": "good"}


def test_two_saves_of_one_register_from_the_same_page_keep_one_and_refuse_the_other(city):
    broken = 0
    for year in range(2020, 2020 + ROUNDS):
        base = services.items_base(None)  # both pages loaded before the first save

        def save(text, y=year, base=base):
            return services.commitment_save(
                actor=city.secretary_user,
                year=y,
                cell=city.cell_a1,
                items=[{"text": text, "measure": "12/12 buổi"}],
                base=base,
            )

        outcomes = run_at_once(lambda: save("Khâu của bí thư"), lambda: save("Khâu của phó"))
        errors = errors_of(outcomes)
        saved = Commitment.objects.get(year=year, cell=city.cell_a1, member__isnull=True)
        texts = list(saved.items.values_list("text", flat=True))
        if len(errors) != 1 or not isinstance(errors[0], StaleEdit) or len(texts) != 1:
            broken += 1
            continue
        assert errors[0].newer == {"items": f"1. {texts[0]} — 12/12 buổi"}
    assert broken == 0, f"{broken} of {ROUNDS} rounds lost a text silently or failed wrongly"


def test_two_decisions_of_one_register_at_once_decide_it_once(city):
    broken = 0
    for year in range(2020, 2020 + ROUNDS):
        c = services.commitment_save(
            actor=city.member_user,
            year=year,
            member=city.member,
            submit=True,
            items=[{"text": "Đọc sách về Bác", "measure": "4 cuốn"}],
        )
        outcomes = run_at_once(
            lambda pk=c.pk: services.commitment_decide(
                actor=city.secretary_user, commitment=Commitment.objects.get(pk=pk), approve=True
            ),
            lambda pk=c.pk: services.commitment_decide(
                actor=city.ward_staff,
                commitment=Commitment.objects.get(pk=pk),
                approve=False,
                note="Cần cụ thể hơn",
            ),
        )
        errors = errors_of(outcomes)
        c.refresh_from_db()
        decisions = c.history.filter(
            status__in=[CommitmentStatus.APPROVED, CommitmentStatus.RETURNED]
        ).count()
        if len(errors) != 1 or not isinstance(errors[0], ValidationError) or decisions != 1:
            broken += 1
            continue
        assert "vừa được" in " ".join(errors[0].messages)
    assert broken == 0, f"{broken} of {ROUNDS} rounds decided twice"


def test_two_residence_comments_at_once_are_one_row(city):
    broken = []
    for year in range(2020, 2020 + ROUNDS):
        teacher = MemberFactory(organization=city.cell_c1, residence_organization=city.cell_a1)
        outcomes = run_at_once(
            lambda m=teacher, y=year: services.residence_comment_write(
                actor=city.secretary_user, member=m, year=y, ratings=RATINGS, comment="Tốt"
            ),
            lambda m=teacher, y=year: services.residence_comment_write(
                actor=city.ward_staff, member=m, year=y, ratings=RATINGS, comment="Gương mẫu"
            ),
        )
        rows = ResidenceComment.objects.filter(member=teacher, year=year).count()
        if errors_of(outcomes) or rows != 1:
            broken.append((rows, errors_of(outcomes)))
    assert not broken, f"{len(broken)} of {ROUNDS} rounds broke: {broken}"
