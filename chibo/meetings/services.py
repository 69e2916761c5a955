"""Every change to a meeting: the public surface of the meeting services. Each service
runs in one transaction, records who acted, and refuses to touch an adopted meeting
(MeetingLocked: the API answers 409).

Callers write `from chibo.meetings import services` and `services.<name>`; the code lives
by concern in:

- `services_lock`: the meeting's row lock (`ensure_editable`), `save_fields`, and the
  refusals `MeetingLocked` / `AlreadyAdopted`;
- `services_plan`: the month's plan, a meeting created, moved, cancelled, its agenda and
  its documents;
- `services_record`: meeting day (sections, roll call, guests, speeches, vote, score);
- `services_tasks`: tasks assigned and their results reported;
- `services_adopt`: adoption and amendments of the minutes.
"""

from chibo.meetings.selectors import COMMITTEE_POSITIONS, expected_members
from chibo.meetings.services_adopt import (
    AMENDABLE,
    meeting_adopt,
    minutes_amend,
)
from chibo.meetings.services_lock import (
    LOCKED_MESSAGE,
    AlreadyAdopted,
    MeetingLocked,
    ensure_editable,
    member_users,
    save_fields,
)
from chibo.meetings.services_plan import (
    ALLOWED_DOCUMENT_TYPES,
    MAX_DOCUMENT_BYTES,
    agenda_insert,
    agenda_set,
    document_attach,
    document_remove,
    meeting_cancel,
    meeting_create,
    meeting_reschedule,
    plan_month,
)
from chibo.meetings.services_record import (
    CONTENT_FIELDS,
    EDITABLE_FIELDS,
    attendance_record,
    content_update,
    guest_add,
    guest_remove,
    roll_for,
    score_record,
    speech_add,
    speech_remove,
    vote_record,
)
from chibo.meetings.services_tasks import (
    task_assign,
    task_remove,
    task_review_record,
    task_reviews_record,
)
from chibo.meetings.snapshot import content_hash

__all__ = [
    "LOCKED_MESSAGE",
    "MeetingLocked",
    "AlreadyAdopted",
    "ensure_editable",
    "save_fields",
    "member_users",
    "ALLOWED_DOCUMENT_TYPES",
    "MAX_DOCUMENT_BYTES",
    "agenda_insert",
    "plan_month",
    "meeting_create",
    "meeting_reschedule",
    "agenda_set",
    "document_attach",
    "document_remove",
    "meeting_cancel",
    "CONTENT_FIELDS",
    "EDITABLE_FIELDS",
    "content_update",
    "COMMITTEE_POSITIONS",
    "expected_members",
    "roll_for",
    "attendance_record",
    "guest_add",
    "guest_remove",
    "speech_add",
    "speech_remove",
    "vote_record",
    "score_record",
    "task_reviews_record",
    "task_review_record",
    "task_assign",
    "task_remove",
    "meeting_adopt",
    "AMENDABLE",
    "minutes_amend",
    "content_hash",
]
