"""The minutes adopted (frozen into version 1) and amended after (a new version with
a reason)."""

import json

from django.db import transaction
from django.utils import timezone

from chibo.core.concurrency import lock
from chibo.core.services import ServiceError, create_with_actor, with_actor
from chibo.core.vi import nfc
from chibo.documents.numbering import issue_for_minutes
from chibo.meetings import events
from chibo.meetings.adoption import adoption_unmet
from chibo.meetings.models import Meeting, MeetingStatus, MinutesVersion, TaskResult, TaskStatus
from chibo.meetings.services_lock import (
    AlreadyAdopted,
    ensure_editable,
    figures_changed,
    save_fields,
)
from chibo.meetings.snapshot import CONTENT_FIELDS as SNAPSHOT_CONTENT
from chibo.meetings.snapshot import content_hash, minutes_snapshot


@transaction.atomic
def meeting_adopt(*, actor, meeting: Meeting) -> MinutesVersion:
    """The minutes were read out and adopted: freeze them, all or nothing. Adopting
    again answers AlreadyAdopted (with the version's number and hash), not an error of
    the server."""
    lock(meeting)
    if meeting.status == MeetingStatus.ADOPTED:
        raise AlreadyAdopted(meeting.versions.order_by("number").first())
    ensure_editable(meeting)
    # One rule with the adopt page (meetings.adoption): roll call complete, times, vote
    # (not at a chi ủy meeting), chair and minute-taker, ended, no «Dự thảo».
    unmet = adoption_unmet(meeting)
    if unmet:
        raise ServiceError(unmet.messages)
    meeting.status = MeetingStatus.ADOPTED
    meeting.adopted_at = timezone.now()
    meeting.adopted_by = actor
    save_fields(meeting, actor, "status", "adopted_at", "adopted_by")
    # A task reported done at this meeting is closed; others stay open and come back.
    for review in meeting.task_reviews.select_related("task"):
        task = review.task
        task.last_result = review.result
        if review.result == TaskResult.DONE:
            task.status, task.closed_at = (
                TaskStatus.DONE,
                timezone.localtime(meeting.scheduled_at).date(),
            )
        with_actor(task, actor).save()
    # In this transaction: what the adoption settles elsewhere (supervision: the answers
    # on the agenda are reported) is adopted or rolled back with the minutes.
    events.meeting_adopted.send(Meeting, meeting=meeting, actor=actor)
    snapshot = minutes_snapshot(meeting)
    # Numbered in this transaction (so a failed adoption gives its number back) and
    # inside the hash; versions adopted before numbers existed keep verifying.
    numbers = issue_for_minutes(actor=actor, meeting=meeting, snapshot=snapshot)
    if numbers:
        snapshot["numbers"] = numbers
    # The score is frozen with the first version (amendments never change it).
    meeting.quality_total = snapshot["score"]["total"]
    meeting.quality_band = snapshot["score"]["band"]
    # A copy of the snapshot's figures, not a change: no second history row.
    Meeting.objects.filter(pk=meeting.pk).update(
        quality_total=meeting.quality_total, quality_band=meeting.quality_band
    )
    figures_changed(meeting)
    return create_with_actor(
        MinutesVersion,
        actor,
        meeting=meeting,
        number=1,
        snapshot=snapshot,
        content_hash=content_hash(snapshot),
        created_by=actor,
    )


# An amendment may change what the minutes' snapshot carries as content, nothing else.
AMENDABLE = frozenset(SNAPSHOT_CONTENT)


@transaction.atomic
def minutes_amend(*, actor, meeting: Meeting, reason: str, content: dict) -> MinutesVersion:
    """A correction after adoption: a new version with a reason; the earlier versions
    and the meeting's own rows stay as they were."""
    lock(meeting)  # two corrections at once: the second builds on the first
    if meeting.status != MeetingStatus.ADOPTED:
        raise ServiceError(
            "Chỉ đính chính biên bản đã thông qua; biên bản chưa thông qua thì sửa trực tiếp."
        )
    if not nfc(reason):
        raise ServiceError({"reason": "Cần ghi lý do đính chính."})
    unknown = set(content) - AMENDABLE
    if unknown:
        raise ServiceError(f"Không đính chính được các mục: {', '.join(sorted(unknown))}.")
    latest = meeting.versions.order_by("-number").first()
    snapshot = json.loads(json.dumps(latest.snapshot))
    changed = {k: v.strip() for k, v in content.items() if snapshot["content"].get(k) != v.strip()}
    if not changed:
        raise ServiceError("Bản đính chính không khác bản hiện hành.")
    snapshot["content"].update(changed)
    snapshot["version"] = latest.number + 1
    snapshot["amendment_reason"] = nfc(reason)
    return create_with_actor(
        MinutesVersion,
        actor,
        meeting=meeting,
        number=latest.number + 1,
        snapshot=snapshot,
        content_hash=content_hash(snapshot),
        reason=nfc(reason),
        created_by=actor,
    )
