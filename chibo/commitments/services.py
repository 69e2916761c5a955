"""Commitments (đăng ký việc làm theo), their progress at meetings, and residence
comments. Every write runs in a transaction with history."""

from django.db import transaction
from django.utils import timezone

from chibo.commitments.models import (
    RESIDENCE_POINTS,
    Commitment,
    CommitmentItem,
    CommitmentProgress,
    CommitmentStatus,
    ItemResult,
    ResidenceComment,
    ResidenceExemption,
    ResidenceRating,
    StudyTopic,
)
from chibo.core.concurrency import StaleEdit, apply_edits, fingerprint, lock
from chibo.core.services import (
    ServiceError,
    bulk_create_with_actor,
    create_with_actor,
    delete_with_actor,
    validate,
    with_actor,
)
from chibo.core.vi import nfc, nfc_lines
from chibo.meetings.services import ensure_editable
from chibo.members.models import PartyMember

MAX_ITEMS = 10
RESIDENCE_FIELDS = ["ratings", "comment"]


def _editable(commitment: Commitment) -> None:
    if commitment.status in (CommitmentStatus.SUBMITTED, CommitmentStatus.APPROVED):
        raise ServiceError("Bản đăng ký đã gửi hoặc đã được duyệt; không sửa được nữa.")


def items_text(pairs) -> str:
    """A register's items as one readable text, one line each: what a stale form shows
    as the newer version, and what its edit base fingerprints."""
    return "\n".join(f"{n}. {text} — {measure}" for n, (text, measure) in enumerate(pairs, 1))


def _stored_items(commitment: Commitment | None, items=None) -> list[tuple[str, str]]:
    if items is None:
        if commitment is None or commitment.pk is None:
            return []
        items = commitment.items.all()  # in order (Meta.ordering)
    return [(i.text, i.measure) for i in items]


def items_base(commitment: Commitment | None, items=None) -> dict:
    """The edit base of a register's form: the fingerprint of its items as loaded
    (`items`: the register's items when the page already read them)."""
    return {"items": fingerprint(items_text(_stored_items(commitment, items)))}


@transaction.atomic
def commitment_save(
    *,
    actor,
    year: int,
    items: list[dict],
    member=None,
    cell=None,
    submit: bool = False,
    base: dict | None = None,
) -> Commitment:
    """Save a member's (or a cell's) register for the year: items of {"text", "measure"}.
    With `submit`, it goes to the chi ủy for approval. `base` (items_base of the register
    the form was loaded with): when someone saved other items meanwhile, nothing is saved
    and StaleEdit carries their items as text, unless this save is the same list."""
    cell = member.organization if member is not None else cell
    commitment, _ = Commitment.objects.get_or_create(year=year, member=member, cell=cell)
    lock(commitment)
    _editable(commitment)
    clean = [(nfc(i.get("text", "")), nfc(i.get("measure", ""))) for i in items]
    clean = [(t, m) for t, m in clean if t or m]
    errors = []
    for n, (text, measure) in enumerate(clean, 1):
        if not text:
            errors.append(f"Việc thứ {n}: cần ghi nội dung.")
        if not measure:
            errors.append(f"Việc thứ {n}: cần ghi cách đo kết quả (ví dụ: số buổi, số hộ…).")
    if submit and not clean:
        errors.append("Cần đăng ký ít nhất một việc.")
    if len(clean) > MAX_ITEMS:
        errors.append(f"Đăng ký tối đa {MAX_ITEMS} việc để theo dõi được.")
    if errors:
        raise ServiceError(errors)
    if base is not None and "items" in base:
        stored = items_text(_stored_items(commitment))
        mine = items_text([(t[:400], m[:300]) for t, m in clean])
        if fingerprint(stored) not in (base["items"], fingerprint(mine)):
            raise StaleEdit({"items": stored})
    delete_with_actor(commitment.items.all(), actor)
    bulk_create_with_actor(
        CommitmentItem,
        [
            CommitmentItem(commitment=commitment, order=n, text=text[:400], measure=measure[:300])
            for n, (text, measure) in enumerate(clean, 1)
        ],
        actor,
    )
    commitment.status = CommitmentStatus.SUBMITTED if submit else CommitmentStatus.DRAFT
    with_actor(commitment, actor).save()
    return commitment


@transaction.atomic
def commitment_decide(
    *, actor, commitment: Commitment, approve: bool, note: str = ""
) -> Commitment:
    """The chi ủy approves the register, or returns it with what to change. Locked and
    reloaded first: of two deciding at once, the second finds it decided."""
    lock(commitment)
    if commitment.status in (CommitmentStatus.APPROVED, CommitmentStatus.RETURNED):
        raise ServiceError(
            "Bản đăng ký vừa được "
            + ("duyệt" if commitment.status == CommitmentStatus.APPROVED else "trả lại")
            + " (có thể bởi người khác); không xét lại. Hãy tải lại trang để xem."
        )
    if commitment.status != CommitmentStatus.SUBMITTED:
        raise ServiceError("Chỉ duyệt bản đăng ký đang chờ duyệt.")
    if not approve and not nfc(note):
        raise ServiceError({"note": "Cần ghi ý kiến khi trả lại."})
    commitment.status = CommitmentStatus.APPROVED if approve else CommitmentStatus.RETURNED
    commitment.note = note.strip()
    if approve:
        commitment.approved_by, commitment.approved_at = actor, timezone.now()
    with_actor(commitment, actor).save()
    return commitment


@transaction.atomic
def progress_note(
    *, actor, item: CommitmentItem, meeting, note: str, result: str = ""
) -> CommitmentProgress:
    """Progress noted in the review part of a meeting."""
    ensure_editable(meeting)
    if item.commitment.cell_id != meeting.organization_id:
        raise ServiceError("Việc đăng ký không thuộc chi bộ của buổi sinh hoạt.")
    if item.commitment.status != CommitmentStatus.APPROVED:
        raise ServiceError("Bản đăng ký chưa được duyệt.")
    if not nfc(note):
        raise ServiceError({"note": "Cần ghi tiến độ."})
    if result not in ItemResult.values:
        raise ServiceError({"result": "Kết quả không hợp lệ."})
    return create_with_actor(
        CommitmentProgress, actor, item=item, meeting=meeting, note=nfc(note), result=result
    )


@transaction.atomic
def items_result(*, actor, commitment: Commitment, results: dict[int, str]) -> Commitment:
    """Year-end result of each item (the chi ủy's judgement, used by the grading)."""
    lock(commitment)
    if commitment.status != CommitmentStatus.APPROVED:
        raise ServiceError("Bản đăng ký chưa được duyệt.")
    items = {i.pk: i for i in commitment.items.all()}
    for item_id, result in results.items():
        if item_id not in items or result not in ItemResult.values:
            raise ServiceError("Kết quả không hợp lệ.")
        items[item_id].result = result
        with_actor(items[item_id], actor).save(update_fields=["result"])
    with_actor(commitment, actor).save()
    return commitment


@transaction.atomic
def residence_comment_write(
    *, actor, member, year: int, ratings: dict, comment: str, base: dict | None = None
) -> ResidenceComment:
    """The residence chi ủy's comment on the standard points (QĐ 213). The member's row
    lock serializes two writers of the year's comment (one row, never a 500); `base`
    (RESIDENCE_FIELDS as the form loaded them) refuses a stale save with the newer text."""
    residence = member.residence_organization
    if residence is None:
        raise ServiceError("Đảng viên sinh hoạt tại nơi cư trú; không cần nhận xét nơi cư trú.")
    codes = [code for code, _ in RESIDENCE_POINTS]
    missing = [
        label for code, label in RESIDENCE_POINTS if ratings.get(code) not in ResidenceRating.values
    ]
    if missing:
        raise ServiceError({"ratings": "Cần đánh giá đủ các nội dung: " + "; ".join(missing)})
    if not nfc(comment):
        raise ServiceError({"comment": "Cần ghi nhận xét."})
    list(PartyMember.objects.select_for_update().filter(pk=member.pk).values_list("pk"))
    row = ResidenceComment.objects.filter(year=year, member=member).first()
    if row is None:
        row = ResidenceComment(year=year, member=member, residence_cell=residence)
    apply_edits(
        row,
        {"ratings": {code: ratings[code] for code in codes}, "comment": nfc_lines(comment)},
        base,
    )
    row.written_by = actor
    validate(row)
    with_actor(row, actor).save()
    return row


@transaction.atomic
def residence_exempt(*, actor, member, year: int, reason: str) -> ResidenceExemption:
    if not nfc(reason):
        raise ServiceError({"reason": "Cần ghi lý do (theo Hướng dẫn 33-HD/BTCTW)."})
    row = ResidenceExemption.objects.select_for_update().filter(year=year, member=member).first()
    if row is None:
        row = ResidenceExemption(year=year, member=member)
    row.reason = nfc(reason)
    with_actor(row, actor).save()
    return row


@transaction.atomic
def study_topic_add(
    *, actor, year: int, kind: str, title: str, basis: str = "", issuer=None
) -> StudyTopic:
    topic = StudyTopic(year=year, kind=kind, title=nfc(title), basis=nfc(basis), issuer=issuer)
    validate(topic)
    with_actor(topic, actor).save()
    return topic
