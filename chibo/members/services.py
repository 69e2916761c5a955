import unicodedata
from datetime import date

from django.db import transaction
from django.utils import timezone

from chibo.core.concurrency import apply_edits, lock
from chibo.core.services import ServiceError, create_with_actor, validate, with_actor
from chibo.core.vi import nfc
from chibo.members.models import Membership, MemberStatus, PartyMember
from chibo.members.services_life import check_new_member_status, check_status_change, open_for
from chibo.organizations.models import Organization
from chibo.policies.selectors import PolicyMissing

EDITABLE_FIELDS = [
    "full_name",
    "gender",
    "date_of_birth",
    "card_number",
    "admitted_on",
    "full_member_on",
    "status",
    "exempt_reason",
    "exempt_from",
    "exempt_to",
    "phone",
    "email",
    "residence_organization",
    "party_group",
    "position",
    "skills",
    "notes",
]


MULTILINE_FIELDS = {"skills", "notes"}


def _clean_text(data: dict) -> dict:
    """NFC everywhere; single-line fields also lose repeated spaces."""
    cleaned = {}
    for key, value in data.items():
        if isinstance(value, str):
            value = (
                unicodedata.normalize("NFC", value).strip()
                if key in MULTILINE_FIELDS
                else nfc(value)
            )
        cleaned[key] = value
    return cleaned


def check_member_rules(member: PartyMember) -> None:
    """Rules between fields that the model alone cannot express."""
    errors = {}
    if not member.organization.is_cell:
        errors["organization"] = "Đảng viên phải sinh hoạt tại một chi bộ."
    elif not member.organization.is_active:
        errors["organization"] = "Chi bộ này đã giải thể."
    if member.status == MemberStatus.EXEMPT and not member.exempt_reason:
        errors["exempt_reason"] = "Cần ghi lý do miễn sinh hoạt."
    if member.status != MemberStatus.EXEMPT:
        member.exempt_reason, member.exempt_from, member.exempt_to = "", None, None
    if member.exempt_from and member.exempt_to and member.exempt_to < member.exempt_from:
        errors["exempt_to"] = "Ngày kết thúc miễn sinh hoạt phải sau ngày bắt đầu."
    if member.full_member_on and member.full_member_on < member.admitted_on:
        errors["full_member_on"] = "Ngày chính thức phải sau ngày vào Đảng."
    if member.date_of_birth and member.admitted_on:
        age = (member.admitted_on - member.date_of_birth).days // 365
        if age < 18:
            errors["admitted_on"] = "Ngày vào Đảng phải khi đã đủ 18 tuổi."
    if member.date_of_birth and member.date_of_birth > timezone.localdate():
        errors["date_of_birth"] = "Ngày sinh không thể ở tương lai."
    if (
        member.residence_organization_id
        and member.residence_organization_id == member.organization_id
    ):
        member.residence_organization = None
    if member.party_group_id and member.party_group.cell_id != member.organization_id:
        errors["party_group"] = "Tổ đảng phải thuộc chi bộ của đảng viên."
    if errors:
        raise ServiceError(errors)


def lock_cells(cell_ids) -> None:
    """The row locks of the cells members are added to, in id order. Whoever adds members
    to a cell (a file, the member form) holds them, so that the card numbers checked
    under the lock are the ones committed: two imports of one file at once add each
    member once, and the second names every card already taken, row by row."""
    list(
        Organization.objects.select_for_update()
        .filter(pk__in=sorted(set(cell_ids)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def member_create(
    *, actor, organization: Organization, started_on: date | None = None, **data
) -> PartyMember:
    lock_cells([organization.pk])  # the card number is checked against what is committed
    organization.refresh_from_db()  # dissolved meanwhile? (check_member_rules refuses)
    member = PartyMember(organization=organization, **_clean_text(data))
    member.refresh_derived()
    check_member_rules(member)
    check_new_member_status(member)
    validate(member)
    with_actor(member, actor).save()
    create_with_actor(
        Membership,
        actor,
        member=member,
        organization=organization,
        started_on=started_on or member.admitted_on or timezone.localdate(),
        reason="Tiếp nhận",
        recorded_by=actor,
    )
    open_probations([member], actor)
    return member


def _open_probation(member: PartyMember, actor) -> None:
    """A new probationary member gets the dates of their probation at once. A date before
    the first policy (a typing slip) is left for the secretary to fix on the member's
    page, rather than refusing the whole record."""
    try:
        with transaction.atomic():
            open_for(member, actor=actor)
    except PolicyMissing:
        pass


def open_probations(members, actor) -> int:
    """`_open_probation` for each probationary member of a batch just created (an Excel
    import, inside its transaction and under its cells' locks). Returns how many."""
    count = 0
    for member in members:
        if member.status == MemberStatus.PROBATIONARY:
            _open_probation(member, actor)
            count += 1
    return count


@transaction.atomic
def member_update(
    *, actor, member: PartyMember, base: dict | None = None, **data
) -> PartyMember:
    """Save the member form. `base`: the fingerprints of the fields the form was loaded
    with (chibo.core.concurrency); only the fields the person changed are written, and
    one that someone else changed meanwhile refuses the save (StaleEdit) with the newer
    value."""
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"fields not editable here: {sorted(unknown)}")
    lock(member)
    old_status = member.status
    apply_edits(member, _clean_text(data), base)
    member.refresh_derived()
    check_member_rules(member)
    check_status_change(member, old_status)
    validate(member)
    with_actor(member, actor).save()
    return member


@transaction.atomic
def member_transfer(
    *, actor, member: PartyMember, to: Organization, on: date, reason: str
) -> PartyMember:
    lock(member)  # where they are now, not where the page saw them
    if to.pk == member.organization_id:
        raise ServiceError({"organization": "Đảng viên đang sinh hoạt tại chi bộ này."})
    if not to.is_cell or not to.is_active:
        raise ServiceError({"organization": "Chỉ chuyển sinh hoạt đến một chi bộ đang hoạt động."})
    current = member.memberships.filter(ended_on__isnull=True).first()
    if current and on < current.started_on:
        raise ServiceError(
            {"on": "Ngày chuyển phải sau ngày bắt đầu sinh hoạt tại chi bộ hiện tại."}
        )
    if current:
        current.ended_on = on
        with_actor(current, actor).save(update_fields=["ended_on"])
    create_with_actor(
        Membership,
        actor,
        member=member,
        organization=to,
        started_on=on,
        reason=nfc(reason) or "Chuyển sinh hoạt",
        recorded_by=actor,
    )
    member.organization = to
    member.party_group = None
    member.position = ""  # positions belong to the old cell
    if member.residence_organization_id == to.pk:
        member.residence_organization = None
    with_actor(member, actor).save()
    return member
