from __future__ import annotations

import datetime as dt
import json
import zlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from chibo.accounts.models import Role, Scope, User
from chibo.demo.grading_data import DEMO_CELL, DEMO_WARD
from chibo.meetings.models import Meeting, MeetingKind, MeetingStatus
from chibo.members.models import Membership, PartyMember
from chibo.organizations.lifetime import Lifetime
from chibo.organizations.models import CellKind, Organization

# ---------------------------------------------------------------------------------------
# What the loader reads (a few queries) and what it writes (plain rows).


@dataclass(eq=False)
class Cell(Lifetime):
    id: int
    name: str
    path: str
    kind: str
    profile: str  # a key of ITEMS
    committee: int | None  # id of the organization above
    label: str  # "Đảng bộ phường Vũ Ninh / Chi bộ khu phố 3": unique, for the digest
    quarter: str = ""  # "thôn" or "tổ dân phố" where texts say "khu phố"
    founded_on: dt.date | None = None
    dissolved_on: dt.date | None = None
    regular_months: int = 0  # adopted regular meetings of the current year
    decided_at: dt.datetime | None = None  # the previous year's decision on its grades
    decider: int | None = None  # user id


@dataclass(eq=False, slots=True)  # the province's 94,000
class Member:
    id: int
    card: str
    status: str
    position: str
    age: int
    user_id: int | None
    cell_now: Cell | None
    start_now: dt.date | None  # of the open membership
    cell_prev: Cell | None  # the cell at the end of the previous year
    lives_elsewhere: bool
    residence: Cell | None
    organization_id: int | None = None
    residence_organization_id: int | None = None

    def party_member(self) -> PartyMember:
        """What chibo.grading.evidence reads of the member (an unsaved instance: the loaded
        ones are not kept, at a kilobyte each)."""
        return PartyMember(pk=self.id, organization_id=self.organization_id,
                           residence_organization_id=self.residence_organization_id)


@dataclass
class GradingSummary:
    years: tuple[int, int]  # (previous, current)
    topics: dict[int, int]
    registers: dict[int, dict[str, int]]  # year → status → members' registers
    cell_registers: dict[int, int]
    items: int
    progress: int
    residence_comments: dict[int, int]
    residence_exemptions: dict[int, int]
    discipline: dict[int, dict[str, int]]  # year → form → count
    stages: dict[int, dict[str, int]]  # year → stage → members' assessments
    grades: dict[int, dict[str, int]]  # year → grade in force → members' assessments
    cell_stages: dict[int, dict[str, int]]
    cell_grades: dict[int, dict[str, int]]
    decided_by: dict[str, int]  # username → decisions (previous year, members and cells)
    digest: str
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


class World:
    """The city as the database holds it, read once."""

    def __init__(self, today: dt.date):
        self.today = today
        self.current = today.year
        self.previous = today.year - 1
        orgs = list(Organization.objects.order_by("path").values(
            "id", "name", "path", "kind", "is_cell", "depth", "founded_on", "dissolved_on"))
        by_path = {o["path"]: o for o in orgs}
        step = Organization.steplen
        self.committees = {o["id"]: o for o in orgs if not o["is_cell"]}
        self.roots = [o for o in orgs if o["depth"] == 1]
        # "Thành ủy" for the city, "Tỉnh ủy" for the province (demo.root_title).
        province = bool(self.roots) and self.roots[0]["name"].startswith("Đảng bộ tỉnh")
        self.root_title = "Tỉnh ủy" if province else "Thành ủy"
        # Every cell, then those graded each year: there at its end (the current year: at
        # today), founded by then and not dissolved (a cell dissolved during the current
        # year is graded for the previous one, not for this one).
        self.cells: list[Cell] = []
        for o in orgs:
            if not o["is_cell"]:
                continue
            parent = by_path.get(o["path"][:-step])
            label = f"{parent['name'] if parent else ''} / {o['name']}"
            self.cells.append(Cell(
                id=o["id"], name=o["name"], path=o["path"], kind=o["kind"],
                profile=_profile(o["name"], o["kind"]),
                committee=parent["id"] if parent else None, label=label,
                quarter=next((q for q in ("thôn", "tổ dân phố")
                              if o["name"].startswith(f"Chi bộ {q} ")), ""),
                founded_on=o["founded_on"], dissolved_on=o["dissolved_on"],
            ))
        self.cell = {c.id: c for c in self.cells}
        self.cells_prev = [c for c in self.cells if c.alive_on(dt.date(self.previous, 12, 31))]
        self.cells_now = [c for c in self.cells if c.alive_on(today)]
        self.root_of = {}
        for c in self.cells:
            self.root_of[c.id] = by_path[c.path[:step]]["id"]

        # Users: committee staff, secretaries, members' own accounts.
        self.staff: dict[int, list[tuple[str, int]]] = defaultdict(list)
        self.secretary_user: dict[int, int] = {}
        for org_id, role, user_id, username in Scope.objects.values_list(
                "organization_id", "role", "user_id", "user__username").order_by(
                "user__username"):
            if role == Role.COMMITTEE_STAFF:
                self.staff[org_id].append((username, user_id))
            elif role == Role.SECRETARY:
                self.secretary_user.setdefault(org_id, user_id)
        self.usernames = dict(User.objects.filter(
            Q(scopes__isnull=False) | Q(username__startswith="demo-")).values_list(
            "id", "username").distinct())

        # Members and where they were.
        rows = defaultdict(list)
        for member_id, org_id, start, end in Membership.objects.values_list(
                "member_id", "organization_id", "started_on", "ended_on").order_by(
                "member_id", "started_on", "id"):
            rows[member_id].append((org_id, start, end))
        year_end = dt.date(self.previous, 12, 31)
        year_start = dt.date(self.previous, 1, 1)
        self.members: list[Member] = []
        for p in PartyMember.objects.only(
                "id", "card_number", "status", "position", "date_of_birth", "user_id",
                "organization_id", "residence_organization_id").order_by("id"):
            history = rows.get(p.pk, [])
            prev = [r for r in history if r[1] <= year_end and (r[2] is None or r[2] > year_end)]
            if not prev:
                prev = [r for r in history if r[1] <= year_end and r[2] and r[2] >= year_start]
            open_rows = [r for r in history if r[2] is None]
            elsewhere = p.residence_organization_id not in (None, p.organization_id)
            self.members.append(Member(
                id=p.pk, card=p.card_number, status=p.status, position=p.position,
                age=_years(p.date_of_birth, today), user_id=p.user_id,
                cell_now=self.cell.get(p.organization_id),
                start_now=open_rows[-1][1] if open_rows else None,
                cell_prev=self.cell.get(prev[-1][0]) if prev else None,
                lives_elsewhere=elsewhere,
                residence=self.cell.get(p.residence_organization_id) if elsewhere else None,
                organization_id=p.organization_id,
                residence_organization_id=p.residence_organization_id,
            ))

        # The adopted regular meetings of the current year, per cell.
        self.meetings: dict[int, list[tuple[int, dt.date, dt.datetime]]] = defaultdict(list)
        for meeting_id, org_id, period, ended in Meeting.objects.filter(
                kind=MeetingKind.REGULAR, status=MeetingStatus.ADOPTED,
                period__year=self.current).order_by("period", "id").values_list(
                "id", "organization_id", "period", "ended_at"):
            self.meetings[org_id].append((meeting_id, period, ended))
        for c in self.cells:
            c.regular_months = len({p for _id, p, _end in self.meetings[c.id]})

        demo_users = dict(User.objects.filter(username__startswith="demo-").values_list(
            "username", "id"))
        self.demo_member = next((m for m in self.members
                                 if m.user_id and m.user_id == demo_users.get("demo-member")),
                                None)
        self.demo_cell = next(
            (c for c in self.cells
             if self.secretary_user.get(c.id) == demo_users.get("demo-secretary")), None)
        if self.demo_cell is None:
            self.demo_cell = next((c for c in self.cells if c.name == DEMO_CELL
                                   and c.label.startswith(DEMO_WARD)), None)

    def committee_title(self, cell: Cell) -> str:
        org = self.committees.get(cell.committee)
        if org is None:
            return "Cấp ủy cấp trên"
        if org["depth"] == 1:
            return f"Ban Thường vụ {self.root_title}"
        return org["name"].replace("Đảng bộ", "Đảng ủy", 1)

    def deciders(self, cell: Cell) -> list[tuple[str, int]]:
        """Who may decide on the cell's grades: the officials of the committee above it
        (only demo-ward in its ward and demo-city at the city, so that the demo accounts
        find their own decisions), else those of the root."""
        people = self.staff.get(cell.committee) or self.staff.get(self.root_of[cell.id]) or []
        demo = [p for p in people if p[0] in ("demo-ward", "demo-city")]
        return demo or people


def _profile(name: str, kind: str) -> str:
    if kind == CellKind.RESIDENTIAL:
        return "residential"
    if kind == CellKind.SCHOOL:
        return "kindergarten" if "Mầm non" in name else "school"
    if kind == CellKind.ENTERPRISE:
        return "enterprise"
    if kind == CellKind.ARMED_FORCES:
        return "armed"
    if "Y tế" in name or "Bệnh viện" in name:
        return "health"
    return "agency"


def _years(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


# ---------------------------------------------------------------------------------------
# Planning: plain rows, drawn from the seed.


@dataclass(eq=False, slots=True)  # the province's 170,000 (until written: registers_written)
class RegisterRow:
    year: int
    member: Member | None
    cell: Cell
    status: str
    items: list[list]  # [text, measure, result]
    note: str = ""
    approved_by: int | None = None
    approved_at: dt.datetime | None = None
    created_at: dt.datetime | None = None
    # (item order, meeting id, its period, note, result, when the meeting ended)
    progress: list[tuple] = field(default_factory=list)
    pk: int | None = None


@dataclass(eq=False, slots=True)  # the province's 140,000
class AssessmentRow:
    year: int
    member: Member | None
    cell: Cell
    stage: str
    tier: str = ""
    # The points per criterion in the order of `score_codes` (one tuple per form, shared):
    # a dict per row took twice the room. `scores` gives the dict.
    self_scores: tuple[float, ...] = ()
    score_codes: tuple[str, ...] = ()
    self_total: float | None = None
    self_grade: str = ""
    self_note: str = ""
    self_at: dt.datetime | None = None
    review_total: float | None = None
    review_grade: str = ""
    review_note: str = ""
    reviewed_by: int | None = None
    reviewed_at: dt.datetime | None = None
    decided_grade: str = ""
    decision_note: str = ""
    decided_by: int | None = None
    decided_at: dt.datetime | None = None
    # A member's evidence of the previous year is kept packed (pack_evidence) until written:
    # as dicts it was a fifth of the grading's memory (10 MB of the city's 51, measured).
    evidence: dict | bytes = field(default_factory=dict)

    @property
    def scores(self) -> dict[str, float]:
        return dict(zip(self.score_codes, self.self_scores, strict=True))

    def set_scores(self, scores: dict[str, float]) -> None:
        self.score_codes = _shared(tuple(scores))
        self.self_scores = tuple(_shared(v) for v in scores.values())


_SHARED: dict = {}


def _shared(value):
    """One object per distinct value (points to the half point, a form's codes): the
    province's rows hold a million of them, a few hundred distinct."""
    return _SHARED.setdefault(value, value)


def pack_evidence(evidence: dict) -> bytes:
    """The evidence as JSON (what its column stores; no encoder of its own), compressed."""
    return zlib.compress(json.dumps(evidence, ensure_ascii=False).encode())


def unpack_evidence(evidence: dict | bytes) -> dict:
    """The evidence as a dict again: written as JSON, it is the text the original gives."""
    return json.loads(zlib.decompress(evidence)) if isinstance(evidence, bytes) else evidence


def stamp(value) -> str:
    return "" if value is None else f"{value.timestamp():.0f}"


def num(value) -> str:
    return "" if value is None else f"{float(value):.1f}"


def canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
