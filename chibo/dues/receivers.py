"""Dues answer what meetings and a member's life ask of them (chibo.meetings.events,
chibo.members.events); connected in DuesConfig.ready()."""

from chibo.dues.selectors import meeting_dues, unpaid_flagged_members, unpaid_months
from chibo.meetings import events
from chibo.members import events as member_events


def dues_in_minutes(sender, *, meeting, **kwargs) -> dict | None:
    """The minutes say how many paid their dues at the meeting, and the total."""
    return meeting_dues(meeting)


def unpaid_like_absent(sender, *, members, year, **kwargs) -> dict:
    """Months unpaid without reason count like missed meetings (Điều lệ Đảng, Điều 8)."""
    return unpaid_flagged_members(members, year)


def unpaid_months_of(sender, *, member, year, **kwargs) -> list[str]:
    """The months ("YYYY-MM") recorded as dues unpaid without reason: the rule the
    absence flags read."""
    return [f"{year}-{m:02d}" for m in unpaid_months([member.pk], year).get(member.pk, [])]


def connect() -> None:
    events.minutes_dues.connect(dues_in_minutes, dispatch_uid="dues.minutes")
    events.absence_counted_elsewhere.connect(unpaid_like_absent, dispatch_uid="dues.absence")
    member_events.unpaid_months.connect(unpaid_months_of, dispatch_uid="dues.unpaid_months")
