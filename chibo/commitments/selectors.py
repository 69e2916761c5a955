import datetime as dt

from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.utils import timezone

from chibo.commitments.models import (
    Commitment,
    CommitmentItem,
    CommitmentProgress,
    CommitmentStatus,
    ResidenceComment,
    ResidenceExemption,
    StudyTopic,
)
from chibo.core.paths import ancestor_paths
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


def can_decide(user, commitment) -> bool:
    """Who approves a register and gives its results: a member's register, the chi ủy of
    its cell (its write scope); a cell's own register, the committee above the cell."""
    scope = user_scope(user)
    cell = commitment.cell
    if commitment.is_cell:
        return scope.writes_parent_of(cell)
    return scope.covers(cell.path, write=True)


def topics(year: int):
    return StudyTopic.objects.filter(year=year).select_related("issuer")


def thematic_coverage(cells, year: int) -> dict[int, dict[int, list[str]]]:
    """{cell id: {quarter: [topics of thematic meetings held]}} for the year."""
    out = {c.pk: {q: [] for q in (1, 2, 3, 4)} for c in cells}
    for cell_id, period, topic in (
        Meeting.objects.filter(
            organization_id__in=list(out),
            kind="thematic",
            period__year=year,
            status__in=[MeetingStatus.HELD, MeetingStatus.ADOPTED],
        )
        .order_by("scheduled_at", "id")
        .values_list("organization_id", "period", "topic")
    ):
        out[cell_id][(period.month - 1) // 3 + 1].append(topic)
    return out


def residence_missing(user, *, year: int, organization=None):
    """Members working in one cell and living in another whose residence comment for the
    year is missing, not exempt: the workplace cell and the residence cell both see them."""
    written = ResidenceComment.objects.filter(member=OuterRef("pk"), year=year)
    exempt = ResidenceExemption.objects.filter(member=OuterRef("pk"), year=year)
    scope = user_scope(user)
    own = scope.path_q("organization__path") | scope.path_q("residence_organization__path")
    qs = (
        PartyMember.objects.filter(residence_organization__isnull=False)
        .exclude(residence_organization=F("organization"))
        .filter(own)
    )
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
        .exclude(organization=cell)
        .annotate(written=Exists(written), exempt=Exists(exempt))
        .select_related("organization")
        .order_by("sort_key")
    )


def visible_topics(user, year: int):
    """The year's topics the user is concerned by: the centre's (no issuer), those of
    the committees above or inside the user's subtrees (a plain member: above their
    cell). Another ward's own topics stay out."""
    scope = user_scope(user)
    qs = topics(year)
    if scope.is_admin:
        return qs
    paths = list(scope.read_paths or ())
    if scope.member_org_path:
        paths.append(scope.member_org_path)
    above = {a for p in paths for a in ancestor_paths(p, include_self=True)}
    q = Q(issuer__isnull=True) | Q(issuer__path__in=sorted(above))
    for path in paths:
        q |= Q(issuer__path__startswith=path)
    return qs.filter(q)


def _residents():
    """Members who live in another cell than the one they belong to (QĐ 213)."""
    return PartyMember.objects.filter(residence_organization__isnull=False).exclude(
        residence_organization=F("organization")
    )


def get_resident_for_user(user, pk, *, write: bool = False) -> PartyMember:
    """The gate of the residence comment. Read: the workplace cell's side or the
    residence cell's side of the tree. Write: the residence cell's secretary or the
    committee staff above the residence cell only."""
    scope = user_scope(user)
    if write:
        q = scope.path_q("residence_organization__path", write=True)
    else:
        q = scope.path_q("organization__path") | scope.path_q("residence_organization__path")
    return gate(_residents().filter(q).select_related("organization", "residence_organization"), pk)


def get_resident_for_workplace(user, pk) -> PartyMember:
    """The gate of the HD 33 exemption: the workplace cell's secretary or the committee
    staff above the workplace cell."""
    scope = user_scope(user)
    return gate(
        _residents()
        .filter(scope.path_q("organization__path", write=True))
        .select_related("organization", "residence_organization"),
        pk,
    )


def residence_exemptions(member_ids, year: int) -> dict[int, str]:
    """{member id: reason} of the HD 33 exemptions of the year (one query)."""
    return dict(
        ResidenceExemption.objects.filter(member_id__in=list(member_ids), year=year).values_list(
            "member_id", "reason"
        )
    )


def comments_received(cells, year: int):
    """The residence comments written for members of these (workplace) cells."""
    return (
        ResidenceComment.objects.filter(member__organization__in=list(cells), year=year)
        .select_related("member", "member__organization", "residence_cell")
        .order_by("member__sort_key")
    )


def cell_registers(cell, year: int) -> tuple[list, dict, Commitment | None]:
    """(members of the cell, {member id: register}, the cell's own register) for the
    year, in three queries: members, the registers kept by the cell (with their member),
    their items. A register stays with the cell it was made in; one of a member who has
    moved away is in the dict, not in the list."""
    members = list(cell.members.order_by("sort_key", "id"))
    registers = list(
        Commitment.objects.filter(year=year, cell=cell)
        .select_related("member")
        .prefetch_related("items")
    )
    for register in registers:
        register.cell = cell  # known already: no query per register
    own = next((c for c in registers if c.member_id is None), None)
    return members, {c.member_id: c for c in registers if c.member_id}, own


def _progress():
    return CommitmentProgress.objects.select_related("meeting").order_by("meeting__period", "id")


def approved_for_meeting(meeting):
    """The approved registers of the meeting's cell for its year, with their items and
    the progress noted so far (three queries), members' first, the cell's last."""
    progress = _progress()
    items = CommitmentItem.objects.prefetch_related(Prefetch("progress", queryset=progress))
    rows = list(
        Commitment.objects.filter(
            cell_id=meeting.organization_id,
            year=meeting.period.year,
            status=CommitmentStatus.APPROVED,
        )
        .select_related("member")
        .prefetch_related(Prefetch("items", queryset=items))
    )
    rows.sort(key=lambda c: (c.member is None, c.member.sort_key if c.member else ""))
    return rows


def member_register(member, year: int) -> Commitment | None:
    """A member's register of the year with its items and their progress (three
    queries), or None."""
    progress = _progress()
    return (
        Commitment.objects.filter(year=year, member=member)
        .prefetch_related("items", Prefetch("items__progress", queryset=progress))
        .first()
    )


def register_items(commitment) -> list:
    """The items of a register with their progress and the meeting of each (two
    queries)."""
    progress = _progress()
    return list(commitment.items.prefetch_related(Prefetch("progress", queryset=progress)))


def residence_comment(member, year: int) -> ResidenceComment | None:
    return (
        ResidenceComment.objects.filter(member=member, year=year)
        .select_related("residence_cell", "written_by")
        .first()
    )


def year_of(today: dt.date | None = None) -> int:
    return (today or timezone.localdate()).year
