"""What a meeting tells the apps built on it, and what it asks of them.

Meetings know nothing of those apps: an app that cares connects its receivers in its
AppConfig.ready() (supervision does). Signals are sent with the Meeting model as sender
and run synchronously, in the caller's transaction: what a receiver writes is committed
or rolled back with the meeting's own change, and an error in it refuses the change. A
receiver with side effects outside the database (mail, files) defers them with
transaction.on_commit."""

from dataclasses import dataclass

from django.dispatch import Signal

# meeting, actor: the minutes are being adopted (sent after the task reviews are closed,
# before the minutes are frozen). Receivers record what the adoption settles.
meeting_adopted = Signal()

# cell, day: a meeting of the cell on that day is planned or moved; each receiver returns
# the users to tell besides the cell's members.
meeting_audience = Signal()

# meeting: the default agenda of a new meeting is being built; each receiver returns the
# titles that go before the news of the month (item 3) of a regular meeting.
agenda_contributions = Signal()

# meeting, day: who the minutes may name as a guest; each receiver returns
# (user, committee) pairs, in the order to offer them.
guests_expected = Signal()

# user, meeting: the meeting's page is shown to the user; each receiver returns the
# buttons (Link) it adds above the page, or nothing.
meeting_page_links = Signal()

# meeting: the minutes are gathered; a receiver that recorded party dues collected at
# the meeting returns {"paid_count", "total", "line"} for the minutes, else None.
minutes_dues = Signal()

# members (a queryset), year: the absence flags are read; each receiver returns {member
# id: (months, threshold)} of members flagged by a rule counted like missed meetings
# (dues: months unpaid without reason, Điều lệ Đảng, Điều 8).
absence_counted_elsewhere = Signal()

# meeting: a write changed what the meeting adds to its cell's monthly figures (status,
# roll call, score, guests, a visit report), in the writer's transaction; rollups
# recompute the cell-month.
meeting_figures_changed = Signal()

# The meeting fields the monthly figures read: a write saving one of them sends
# meeting_figures_changed.
FIGURE_FIELDS = frozenset({"status", "kind", "period", "roll_expected", "roll_present",
                           "roll_away", "quality_total", "quality_band"})


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    style: str = "btn-outline-secondary"


def collect(signal: Signal, sender, **kwargs) -> list:
    """The receivers' answers, one list, in the order they were connected."""
    return [item for _receiver, answer in signal.send(sender, **kwargs) for item in answer or ()]


def first(signal: Signal, sender, **kwargs):
    """The first answer that is not empty, else None."""
    return next((answer for _receiver, answer in signal.send(sender, **kwargs) if answer), None)


def merged(signal: Signal, sender, **kwargs) -> dict:
    """The receivers' dicts in one (a later receiver wins on the same key)."""
    out: dict = {}
    for _receiver, answer in signal.send(sender, **kwargs):
        out.update(answer or {})
    return out
