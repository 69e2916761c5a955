from __future__ import annotations

import datetime as dt
import gc
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import override_settings

from chibo.accounts.models import Scope, User
from chibo.demo.dues import load_dues, wipe_dues
from chibo.demo.grading import load_grading, wipe_grading
from chibo.demo.grading_world import GradingSummary
from chibo.demo.kit import delete_all, window
from chibo.demo.life import load_life, wipe_life
from chibo.demo.meetings_specs import MEETINGS_ANALYZED, MeetingsSummary
from chibo.demo.meetings_write import wipe_meetings
from chibo.demo.officials import USERNAME_REGEX
from chibo.demo.people import Account
from chibo.demo.plan import DEFAULT_SEED, Plan, build_plan, demo_usernames
from chibo.demo.states import load_states, wipe_states
from chibo.demo.supervision_specs import SUPERVISION_ANALYZED
from chibo.demo.supervision_write import wipe_supervision
from chibo.demo.tree import OrgSpec
from chibo.demo.write_tree import (
    write_accounts,
    write_groups,
    write_members,
    write_scopes,
    write_tree,
)
from chibo.demo.year import load_year
from chibo.members.models import Membership, MemberStatus, PartyMember
from chibo.organizations.models import Organization, PartyGroup
from chibo.policies.models import Policy

# ---------------------------------------------------------------------------------------
# Public functions.


def load_demo(*, seed: int = DEFAULT_SEED, scale: str = "city", today: dt.date | None = None,
              force: bool = False, meetings: bool = True) -> Summary:
    """Build and write the demo, a pipeline of steps each in its own transaction (committed
    as it ends, or a savepoint when the caller holds a transaction, as the tests do): with
    `force`, wipe() first; the tree (organizations, members, accounts, officials); without
    `meetings`, nothing more; else the year of meetings with its supervision (written
    ROWS_CHUNK meetings at a time), then the grading, dues, member life and states, which
    read what is written and need only the seed and the day (the plan is let go first)."""
    started = time.perf_counter()
    plan = build_plan(seed=seed, scale=scale, today=today)
    seed, today = plan.seed, plan.today
    if force:
        with transaction.atomic():
            wipe()
    with transaction.atomic():
        summary = load_plan(plan)
    if meetings:
        with transaction.atomic():
            summary.meetings = load_year(plan)
            mark_data_start(window(today)[0])
    del plan  # the year's plan went with load_year; the rest reads the database
    gc.collect()
    # Before the grading's evidence reads the roll calls just written: with the
    # statistics of the empty tables PostgreSQL planned that read to take minutes (seen
    # in the test suite, where earlier tests leave the tables analyzed while empty).
    # The grading analyzes the tables it writes itself.
    analyze_tables()
    if meetings:
        # Commitments, residence comments and grading: 2025 decided, 2026 under way.
        summary.grading = load_grading(seed=seed, today=today)  # its own transaction
        with transaction.atomic():
            load_dues(seed=seed, today=today)
        with transaction.atomic():
            load_life(seed=seed, today=today, meetings=summary.meetings)
        with transaction.atomic():
            load_states(seed=seed, today=today)
        # The raw inserts above pass no service that keeps the rollups.
        from chibo.rollups.maintain import rebuild

        with transaction.atomic():
            rebuild()
    summary.seconds = time.perf_counter() - started
    return summary


DATA_START_BASIS = "Dữ liệu mẫu: số liệu trên Chibo bắt đầu từ tháng này"


def mark_data_start(first: dt.date) -> None:
    """The demo's meetings start with its window: the months before it were "on paper",
    so reports must not count them as missed (policy report.data_from)."""
    Policy.objects.update_or_create(
        key="report.data_from", effective_from=first, issuer=None,
        defaults={"value": first.isoformat(),
                  "legal_basis": DATA_START_BASIS,
                  "note": "Các tháng trước ghi trên sổ giấy, không tính vào báo cáo."},
    )


def wipe() -> None:
    """Delete the whole organization tree and all that hangs off it, with its history,
    and the demo accounts. Deletions are not recorded in history (the history of these
    rows goes too). Runs in one transaction."""
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        wipe_grading()  # first: assessments protect members and cells
        wipe_supervision()  # they protect meetings, organizations and users
        wipe_dues()  # a payment protects its member and its cell
        wipe_meetings()  # then: meetings' rows protect members and organizations
        wipe_life()  # probations and removal proposals protect members and cells
        wipe_states()
        for model in (Membership, PartyMember, Scope, PartyGroup, Organization):
            delete_all(model.objects.all())
        for model in (Organization, PartyGroup, PartyMember, Scope, *_parts_with_history()):
            model.history.model.objects.all().delete()
        delete_all(User.objects.filter(
            Q(username__in=demo_usernames())
            | Q(username__regex=USERNAME_REGEX)))
        Policy.objects.filter(key="report.data_from", legal_basis=DATA_START_BASIS).delete()


def _parts_with_history() -> tuple:
    """Rows the modules' wipes delete whose history they leave: it goes here."""
    from chibo.commitments.models import CommitmentItem, CommitmentProgress, ResidenceExemption
    from chibo.meetings.models import (
        AgendaItem,
        Attendance,
        Guest,
        MeetingDocument,
        MinutesVersion,
        Speech,
        TaskReview,
    )
    from chibo.supervision.models import ConcernAction, VisitReport

    return (Membership, AgendaItem, Attendance, Guest, Speech, TaskReview, MeetingDocument,
            MinutesVersion, VisitReport, ConcernAction, CommitmentItem, CommitmentProgress,
            ResidenceExemption)


def analyze_tables() -> None:
    """Fresh planner statistics: without them PostgreSQL plans the first queries after a
    bulk load as if the tables were nearly empty (until autovacuum gets to them)."""
    models = [Organization, PartyGroup, PartyMember, Membership, Scope, User,
              *MEETINGS_ANALYZED, *SUPERVISION_ANALYZED]
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


@dataclass
class Summary:
    seed: int
    scale: str
    root_name: str
    organizations: int
    committees: int  # below the root
    cells: int  # active at the end (not dissolved)
    party_groups: int
    members: int
    by_status: dict[str, int]
    memberships: int
    accounts: list[Account]
    seconds: float
    meetings: MeetingsSummary | None = None
    officials: list = field(default_factory=list)  # OfficialSpec
    grading: GradingSummary | None = None
    dissolved: int = 0  # cells dissolved during the year (in the tree, not in `cells`)
    # The cells founded or dissolved during the year: OrgSpec, written (ids set).
    lifecycle: list[OrgSpec] = field(default_factory=list)

    @property
    def supervision(self):
        """SupervisionSummary, when the year was loaded."""
        return self.meetings.supervision if self.meetings else None


def load_plan(plan: Plan) -> Summary:
    """Write a plan: levels, tree, party groups, accounts, members, memberships, scopes."""
    with transaction.atomic():
        write_tree(plan.root)
        groups = write_groups(plan.root)
        users = write_accounts(plan)
        write_members(plan, groups, users)
        write_scopes(plan, users)
    statuses = {s: 0 for s in MemberStatus.values}
    for m in plan.members:
        statuses[m.status] += 1
    orgs = list(plan.root.walk())
    return Summary(
        seed=plan.seed,
        scale=plan.scale,
        root_name=plan.root.name,
        organizations=len(orgs),
        committees=sum(1 for o in orgs if not o.is_cell and o.parent is not None),
        cells=sum(1 for o in orgs if o.is_cell and o.dissolved_on is None),
        dissolved=sum(1 for o in orgs if o.is_cell and o.dissolved_on is not None),
        lifecycle=[o for o in orgs if o.is_cell and not o.stable],
        party_groups=sum(len(o.groups) for o in orgs),
        members=len(plan.members),
        by_status=statuses,
        memberships=sum(len(m.memberships) for m in plan.members),
        accounts=plan.accounts,
        seconds=0.0,
        officials=plan.officials,
    )
