import datetime as dt

from django.db.models import Exists, OuterRef, Q

from chibo.commitments.models import Commitment, ResidenceComment, ResidenceExemption, StudyTopic
from chibo.core.scope import gate, user_scope, visible_in_tree
from chibo.meetings.models import Meeting, MeetingStatus
from chibo.members.models import PartyMember


def visible_commitments(user, *, write: bool = False):
    scope = user_scope(user)
    qs = visible_in_tree(Commitment.objects.all(), user, org_field="cell", write=write)
    if not write and scope.member_id:
        qs = qs | Commitment.objects.filter(member_id=scope.member_id)
    return qs


def get_commitment_for_user(user, pk, *, write: bool = False) -> Commitment:
    return gate(visible_commitments(user, write=write).select_related("member", "cell"), pk)


def topics(year: int):
    return StudyTopic.objects.filter(year=year).select_related("issuer")


def thematic_coverage(cells, year: int) -> dict[int, dict[int, list[str]]]:
    """{cell id: {quarter: [topics of thematic meetings held]}} for the year."""
    out = {c.pk: {q: [] for q in (1, 2, 3, 4)} for c in cells}
    for cell_id, period, topic in Meeting.objects.filter(
        organization_id__in=list(out),
        kind="thematic",
        period__year=year,
        status__in=[MeetingStatus.HELD, MeetingStatus.ADOPTED],
    ).values_list("organization_id", "period", "topic"):
        out[cell_id][(period.month - 1) // 3 + 1].append(topic)
    return out


def residence_missing(user, *, year: int, organization=None):
    """Members working in one cell and living in another whose residence comment for the
    year is missing, not exempt: the workplace cell and the residence cell both see them."""
    written = ResidenceComment.objects.filter(member=OuterRef("pk"), year=year)
    exempt = ResidenceExemption.objects.filter(member=OuterRef("pk"), year=year)
    scope = user_scope(user)
    own = scope.path_q("organization__path") | scope.path_q("residence_organization__path")
    qs = PartyMember.objects.filter(residence_organization__isnull=False).filter(own)
    if organization is not None:
        qs = qs.filter(
            Q(organization__path__startswith=organization.path)
            | Q(residence_organization__path__startswith=organization.path)
        )
    return (
        qs.exclude(Exists(written))
        .annotate(exempt=Exists(exempt))
        .select_related("organization", "residence_organization")
        .order_by("sort_key")
    )


def residents_to_comment(user, cell, year: int):
    """Members living in `cell` who belong to another cell: the residence chi ủy's list."""
    written = ResidenceComment.objects.filter(member=OuterRef("pk"), year=year)
    exempt = ResidenceExemption.objects.filter(member=OuterRef("pk"), year=year)
    if not user_scope(user).covers(cell.path):
        return PartyMember.objects.none()
    return (
        PartyMember.objects.filter(residence_organization=cell)
        .annotate(written=Exists(written), exempt=Exists(exempt))
        .select_related("organization")
        .order_by("sort_key")
    )


def year_of(today: dt.date | None = None) -> int:
    from django.utils import timezone

    return (today or timezone.localdate()).year

