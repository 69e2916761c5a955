from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from chibo.demo.officials import OfficialSpec
from chibo.meetings.models import MeetingStatus
from chibo.supervision.models import (
    Assignment,
    Concern,
    ConcernAction,
    ConcernStatus,
    VisitReport,
)

CHANGE_REASON = "Dữ liệu mẫu"
BATCH_SIZE = 500
SUPERVISION_POLICY_KEYS = ["concern.answer_days", "concern.auto_escalate"]
# Committees that turned automatic escalation off (besides the demo ward's): a commune of
# the city, one of the province.
AUTO_ESCALATE_OFF = ["Đảng bộ xã Nam Sơn", "Đảng bộ xã Gia Bình"]
SUPERVISION_ANALYZED = [Assignment, VisitReport, Concern, Concern.history.model, ConcernAction]

GAPS = (3, 7)  # cells followed by nobody, per quarter
ROTATION = 0.1  # share of cells changing hands from one quarter to the next
CITY_CELLS = (4, 6)  # cells a city member follows per quarter
REPORTED = 0.82  # of the past visits
ATTENDED = 0.93  # of the reports
UNREPORTED_ATTENDED = 0.5
CONCERN_VISITS = 0.33  # of the attended reports bring concerns
SECRETARY_CONCERNS = {"residential": 0.04, "other": 0.015}  # per regular meeting held
HIDDEN = 0.3  # of concerns naming a member
CLASH = dt.timedelta(hours=3)
PLANNED, HELD, ADOPTED = MeetingStatus.PLANNED, MeetingStatus.HELD, MeetingStatus.ADOPTED
OPEN, ASSIGNED = ConcernStatus.OPEN, ConcernStatus.ASSIGNED
ANSWERED, CLOSED = ConcernStatus.ANSWERED, ConcernStatus.CLOSED


@dataclass(eq=False)
class AssignmentSpec:
    official: OfficialSpec
    committee: object  # demo.OrgSpec
    cell: object  # demo.OrgSpec
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    created_at: dt.datetime
    created_by: str | None  # username
    meeting: object | None = None  # MeetingSpec of an "attend" assignment
    instance: Assignment | None = None


@dataclass(eq=False)
class VisitSpec:
    official: OfficialSpec
    meeting: object  # MeetingSpec
    assignment: AssignmentSpec
    attended: bool = False
    reported: bool = False
    band_seen: str = ""
    remarks: str = ""
    created_at: dt.datetime | None = None
    instance: VisitReport | None = None


@dataclass(eq=False)
class ActionSpec:
    kind: str
    organization: object  # demo.OrgSpec holding the concern after the step
    actor: str | None  # username
    note: str
    at: dt.datetime
    state: dict  # the concern's fields after the step (its history row)


@dataclass(eq=False)
class ConcernSpec:
    cell: object  # demo.OrgSpec
    category: str
    kind: str
    text: str
    source: str
    raised_on: dt.date
    raised_at: dt.datetime
    raised_by: str | None = None  # username
    member: object | None = None  # demo.MemberSpec
    member_hidden: bool = False
    meeting: object | None = None  # MeetingSpec where it was raised
    visit: VisitSpec | None = None
    # The state now (the last action's).
    responsible: object | None = None
    assignee: str | None = None
    status: str = OPEN
    deadline: dt.date | None = None
    answer: str = ""
    answered_on: dt.date | None = None
    reported_at: object | None = None  # MeetingSpec
    actions: list[ActionSpec] = field(default_factory=list)
    escalated: bool = False
    reply: str = ""  # the answer it gets (texts_supervision.CONCERNS), once answered
    instance: Concern | None = None


@dataclass
class SupervisionPlan:
    today: dt.date
    quarters: list[tuple[dt.date, dt.date]]
    officials: list[OfficialSpec]
    assignments: list[AssignmentSpec]
    visits: list[VisitSpec]
    concerns: list[ConcernSpec]
    gaps: dict[tuple[dt.date, dt.date], list]  # quarter → cells nobody follows

    def digest(self) -> str:
        h = hashlib.sha256()
        for a in self.assignments:
            h.update(repr((a.official.username, a.cell.name, a.kind, a.starts_on, a.ends_on,
                           a.meeting.scheduled_at if a.meeting else None)).encode())
        for v in self.visits:
            h.update(repr((v.official.username, v.meeting.cell.name, v.meeting.scheduled_at,
                           v.attended, v.reported, v.band_seen, v.remarks)).encode())
        for c in self.concerns:
            h.update(repr((c.cell.name, c.text, c.source, c.raised_on, c.status, c.deadline,
                           c.answered_on, c.member.card_number if c.member else "",
                           c.member_hidden, [(a.kind, a.organization.name, a.actor, a.at)
                                             for a in c.actions])).encode())
        return h.hexdigest()


@dataclass
class SupervisionSummary:
    city_officials: int
    ward_officials: int
    follow: int
    attend: int
    reports: int
    attended: int
    guests: int  # attended visits (a guest row each, plus the combined thematic twin)
    concerns: int
    by_status: dict[str, int]
    by_source: dict[str, int]
    overdue: int
    overdue_at_wards: int
    escalated: int
    hidden: int
    reported_back: int
    waiting: int
    quarter: tuple[dt.date, dt.date]
    coverage: dict  # selectors.coverage of the current quarter, up to today
    gaps: int  # cells followed by nobody this quarter
    digest: str
    seconds: float = 0.0
