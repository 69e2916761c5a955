"""Rollups follow the writes that change a cell-month's figures: meetings (and
supervision, for a visit report) send `meeting_figures_changed` in the writer's
transaction, so the rollup commits or rolls back with the change."""

from chibo.meetings import events
from chibo.meetings.models import Meeting
from chibo.rollups import maintain
from chibo.rollups.figures import CELL_MEETINGS


def figures_changed(sender, *, meeting, **kwargs):
    if meeting.kind in CELL_MEETINGS:
        maintain.refresh(meeting.organization_id, meeting.period)


def connect() -> None:
    events.meeting_figures_changed.connect(
        figures_changed, sender=Meeting, dispatch_uid="rollups.figures_changed")


def fill_after_migrate(sender, *, using="default", **kwargs):
    """A database that had meetings before the rollups existed gets them at the end of
    `migrate` (with every table in its final shape, which a data migration would not
    see), once: afterwards the writes keep them."""
    from chibo.rollups.models import CellMonth

    if not CellMonth.objects.using(using).exists() and \
            Meeting.objects.using(using).exists():
        maintain.rebuild()
