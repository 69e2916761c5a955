"""Dues answer what meetings ask of them (chibo.meetings.events); connected in
DuesConfig.ready()."""

from chibo.dues.selectors import meeting_dues, unpaid_flagged_members
from chibo.meetings import events


def dues_in_minutes(sender, *, meeting, **kwargs) -> dict | None:
    """The minutes say how many paid their dues at the meeting, and the total."""
    return meeting_dues(meeting)


def unpaid_like_absent(sender, *, members, year, **kwargs) -> dict:
    """Months unpaid without reason count like missed meetings (Điều lệ Đảng, Điều 8)."""
    return unpaid_flagged_members(members, year)


def connect() -> None:
    events.minutes_dues.connect(dues_in_minutes, dispatch_uid="dues.minutes")
    events.absence_counted_elsewhere.connect(unpaid_like_absent, dispatch_uid="dues.absence")
