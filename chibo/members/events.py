"""What a member's life in the cell asks of the apps built on members.

The cell considers a probationary member at one of its meetings and votes there; the
grounds for striking a name are read from the roll calls and from the dues ledger.
Members sit below meetings and dues and import neither: those apps connect their
receivers in their AppConfig.ready() (meetings/receivers.py, dues/receivers.py), as
chibo.meetings.events does one floor up. Signals are sent with PartyMember as sender and
run synchronously, in the caller's transaction; a receiver refuses with a ServiceError.
"""

from django.dispatch import Signal

# meeting, title, actor: the consideration goes on the meeting's agenda after its
# opening item. The receiver (meetings) returns True, or False when the meeting was
# adopted or cancelled meanwhile.
consideration_scheduled = Signal()

# meeting, votes_for, votes_against, votes_abstain: the cell's vote on a recognition,
# judged with the majority in force on the meeting's day against its roll call. The
# receiver (meetings) returns the result (`passed`, `eligible`, `votes_for`, `rule`) or
# refuses counts that do not add up (ServiceError on "votes_for").
recognition_voted = Signal()

# cell_id, since: the cell's meetings (not the chi ủy's) from that day on that can still
# take an agenda item, the first twelve by time (meetings).
consideration_meetings = Signal()

# organization, on: the recognition majority in force that day (meetings.rules.VoteRule;
# the page prints its `text`).
recognition_rule = Signal()

# member, year: the months ("YYYY-MM") of the year in which the member missed the cell's
# meeting (regular or thematic) without reason (meetings).
absent_months = Signal()

# member, year: the months ("YYYY-MM") of the year recorded as dues unpaid without
# reason (dues).
unpaid_months = Signal()


def ask(signal: Signal, sender, **kwargs):
    """The one receiver's answer; an error when no app answers, so a missing receiver
    cannot pass for "nothing found"."""
    answers = signal.send(sender, **kwargs)
    if len(answers) != 1:
        raise RuntimeError(f"{len(answers)} receivers answer a signal that wants one")
    return answers[0][1]
