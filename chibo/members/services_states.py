"""Recording the periods in which a member stays on the cell's list but does not count:
sinh hoạt tạm thời nơi khác, đình chỉ sinh hoạt, bị tạm giam. Each write locks the
member, so two secretaries adding periods at once cannot make them overlap."""

import datetime as dt

from django.db import transaction
from django.db.models import Q

from chibo.core.concurrency import lock
from chibo.core.services import ServiceError, create_with_actor, with_actor
from chibo.core.vi import nfc
from chibo.members.models import MemberState, StateKind


def _overlapping(member, started_on: dt.date, ended_on: dt.date | None, exclude=None):
    qs = member.states.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=started_on))
    if ended_on is not None:
        qs = qs.filter(started_on__lte=ended_on)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("started_on").first()


def _refuse_overlap(member, started_on, ended_on, exclude=None) -> None:
    other = _overlapping(member, started_on, ended_on, exclude)
    if other is not None:
        raise ServiceError(
            {"started_on": f"Trùng với thời gian đã ghi: {other}. Hãy kết thúc thời gian đó "
                           "trước hoặc chọn ngày khác."}
        )


@transaction.atomic
def state_add(
    *,
    actor,
    member,
    kind: str,
    started_on: dt.date | None,
    ended_on: dt.date | None = None,
    place: str = "",
    note: str = "",
) -> MemberState:
    lock(member)
    errors = {}
    if kind not in StateKind.values:
        errors["kind"] = "Chọn trạng thái: sinh hoạt tạm thời nơi khác, đình chỉ sinh hoạt " \
                         "hoặc bị tạm giam."
    if started_on is None:
        errors["started_on"] = "Cần ghi ngày bắt đầu."
    elif ended_on is not None and ended_on < started_on:
        errors["ended_on"] = "Ngày kết thúc không được trước ngày bắt đầu."
    if kind == StateKind.TRANSFERRED and not nfc(place):
        errors["place"] = "Cần ghi nơi đảng viên sinh hoạt tạm thời."
    if errors:
        raise ServiceError(errors)
    _refuse_overlap(member, started_on, ended_on)
    return create_with_actor(
        MemberState,
        actor,
        member=member,
        kind=kind,
        started_on=started_on,
        ended_on=ended_on,
        place=nfc(place),
        note=nfc(note),
        recorded_by=actor,
    )


@transaction.atomic
def state_end(*, actor, state: MemberState, ended_on: dt.date | None) -> MemberState:
    """The period ends on `ended_on` (its last day); the history keeps the open one."""
    lock(state.member)
    lock(state)
    if ended_on is None:
        raise ServiceError({"ended_on": "Cần ghi ngày kết thúc."})
    if ended_on < state.started_on:
        raise ServiceError(
            {"ended_on": f"Ngày kết thúc không được trước ngày bắt đầu "
                         f"({state.started_on:%d/%m/%Y})."}
        )
    _refuse_overlap(state.member, state.started_on, ended_on, exclude=state)
    state.ended_on = ended_on
    with_actor(state, actor).save(update_fields=["ended_on"])
    return state
