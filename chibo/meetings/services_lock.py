"""The row lock every write to a meeting takes first, and the saving of only the fields
changed.

Meeting day has several people on one meeting at once (the secretary and the minute
taker on two phones, a guest's report, a double tap on "adopt"). So every service first
takes the meeting's row lock and reloads it (`ensure_editable`): a write that began
before the adoption and reaches the database after it is refused, not applied to locked
minutes; and each saves only the fields it changed (`save_fields`), so it never writes
back someone else's older values."""

from chibo.core.concurrency import lock
from chibo.core.services import Conflict, ServiceError, with_actor
from chibo.meetings import events
from chibo.meetings.models import Meeting, MeetingStatus, MinutesVersion
from chibo.members.models import PartyMember

LOCKED_MESSAGE = (
    "Biên bản đã được thông qua và khóa; chỉ có thể đính chính bằng một bản sửa đổi có "
    "ghi lý do."
)


class MeetingLocked(Conflict):
    """The minutes were adopted; only an amendment may change them."""


class AlreadyAdopted(MeetingLocked):
    """A second adopt (a double tap, another device): the minutes stand as adopted."""

    def __init__(self, version: MinutesVersion):
        self.version = version
        super().__init__(
            f"Biên bản đã được thông qua trước đó (bản số {version.number}, mã kiểm tra "
            f"{version.content_hash[:12]}…); không cần thông qua lại."
        )


def ensure_editable(meeting: Meeting) -> None:
    """Take the meeting's row lock, reload it, and refuse if it is adopted or cancelled.
    Call it first in the transaction of any write to the meeting or its parts."""
    lock(meeting)
    if meeting.status == MeetingStatus.ADOPTED:
        raise MeetingLocked(LOCKED_MESSAGE)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ServiceError("Buổi sinh hoạt này đã bị hủy.")


def save_fields(meeting: Meeting, actor, *fields: str) -> None:
    """Write only `fields` (with history of who acted). With no field, the meeting's
    history still records that this person changed one of its parts."""
    with_actor(meeting, actor).save(update_fields=list(fields) or ["status"])
    if events.FIGURE_FIELDS.intersection(fields):
        figures_changed(meeting)


def figures_changed(meeting: Meeting) -> None:
    """Tell the apps that sum meetings (rollups) that this meeting's figures changed."""
    events.meeting_figures_changed.send(Meeting, meeting=meeting)


def member_users(cell):
    return [
        m.user
        for m in PartyMember.objects.filter(organization=cell, user__isnull=False).select_related(
            "user"
        )
    ]
