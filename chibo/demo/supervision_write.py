from __future__ import annotations

import copy
import time
from collections import Counter

from django.db import connection, transaction
from django.test.utils import override_settings

from chibo.demo import texts_supervision as TS
from chibo.demo.bulk import insert_values
from chibo.demo.kit import delete_all
from chibo.demo.officials import committee_title
from chibo.demo.supervision_plan import no_auto_from
from chibo.demo.supervision_specs import (
    ASSIGNED,
    AUTO_ESCALATE_OFF,
    BATCH_SIZE,
    CHANGE_REASON,
    OPEN,
    SupervisionPlan,
    SupervisionSummary,
)
from chibo.supervision.models import (
    Assignment,
    AssignmentKind,
    Concern,
    ConcernAction,
    VisitReport,
)

# ---------------------------------------------------------------------------------------
# Writing (after write_year: the meetings have their ids).


def write_supervision(sup: SupervisionPlan, plan, year) -> SupervisionSummary:
    from chibo.accounts.models import User

    started = time.perf_counter()
    usernames = {o.username for o in sup.officials} | {a.username for a in plan.accounts}
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    with transaction.atomic():
        _write_rules(sup, plan, year, users)
        _write_assignments(sup, users)
        _write_reports(sup, users)
        _write_concerns(sup, users)
    summary = _summary(sup, plan, users)
    summary.seconds = time.perf_counter() - started
    return summary


def _write_rules(sup: SupervisionPlan, plan, year, users) -> None:
    """The own rule of the committees that turned automatic escalation off."""
    from chibo.policies.models import Policy

    demo_ward = next(o.committee for o in sup.officials if o.username == "demo-ward")
    for org in [demo_ward] + [o for o in plan.root.children
                              if o.name in AUTO_ESCALATE_OFF and o is not demo_ward]:
        title = committee_title(org)
        lead = next(o for o in sup.officials if o.committee is org)
        Policy.objects.create(
            key="concern.auto_escalate", value=False, issuer=org.instance,
            effective_from=no_auto_from(year.months),
            legal_basis=TS.AUTO_ESCALATE_OFF_BASIS.format(committee=title),
            note=TS.AUTO_ESCALATE_OFF_NOTE.format(committee=title),
            created_by=users.get(lead.username),
        )


def _write_assignments(sup: SupervisionPlan, users) -> None:
    rows = []
    for a in sup.assignments:
        a.instance = Assignment(
            committee_id=a.committee.instance.pk, official=users[a.official.username],
            cell_id=a.cell.instance.pk, kind=a.kind,
            meeting_id=a.meeting.instance.pk if a.meeting else None,
            starts_on=a.starts_on, ends_on=a.ends_on, created_by=users.get(a.created_by),
        )
        rows.append(a.instance)
    Assignment.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    for a in sup.assignments:  # auto_now_add filled in "now": the day it was decided
        a.instance.created_at = a.created_at
        a.instance._history_date = a.created_at
        a.instance._history_user = a.instance.created_by
    _set_created_at(Assignment, rows)
    Assignment.history.bulk_history_create(rows, batch_size=BATCH_SIZE,
                                           default_change_reason=CHANGE_REASON)


def _write_reports(sup: SupervisionPlan, users) -> None:
    rows = []
    for v in sup.visits:
        if not v.reported:
            continue
        v.instance = VisitReport(
            official=users[v.official.username], meeting_id=v.meeting.instance.pk,
            assignment=v.assignment.instance, attended=v.attended, band_seen=v.band_seen,
            remarks=v.remarks,
        )
        rows.append(v.instance)
    VisitReport.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    for v in sup.visits:
        if v.reported:
            v.instance.created_at = v.created_at
    _set_created_at(VisitReport, rows)


def _set_created_at(model, rows) -> None:
    """UPDATE created_at (an auto_now_add field, which bulk_create sets to now) from the
    rows: one statement run many times, several times faster than bulk_update's CASE."""
    field = model._meta.get_field("created_at")
    qn = connection.ops.quote_name
    sql = (f"UPDATE {qn(model._meta.db_table)} SET {qn(field.column)} = %s "
           f"WHERE {qn(model._meta.pk.column)} = %s")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(field.get_db_prep_save(r.created_at, connection), r.pk)
                                 for r in rows])


def _write_concerns(sup: SupervisionPlan, users) -> None:

    def pk(x):
        return x.instance.pk if x is not None else None

    rows = []
    for c in sup.concerns:
        c.instance = Concern(
            cell_id=c.cell.instance.pk, member_id=pk(c.member), member_hidden=c.member_hidden,
            kind=c.kind, category=c.category, text=c.text, source=c.source,
            raised_by=users.get(c.raised_by), meeting_id=pk(c.meeting), visit_id=pk(c.visit),
            responsible_id=c.responsible.instance.pk, assignee=users.get(c.assignee),
            status=c.status, raised_on=c.raised_on, deadline=c.deadline, answer=c.answer,
            answered_on=c.answered_on, reported_at_id=pk(c.reported_at),
        )
        rows.append(c.instance)
    Concern.objects.bulk_create(rows, batch_size=BATCH_SIZE)

    # A history row per step, as the services' saves would have left them.
    created, changed = [], []
    for c in sup.concerns:
        for i, action in enumerate(c.actions):
            s = action.state
            row = copy.copy(c.instance)
            row.responsible_id = s["responsible"].instance.pk
            row.assignee_id = users[s["assignee"]].pk if s["assignee"] else None
            row.status, row.deadline = s["status"], s["deadline"]
            row.answer, row.answered_on = s["answer"], s["answered_on"]
            row.reported_at_id = pk(s["reported_at"])
            row._history_date = action.at
            row._history_user = users.get(action.actor)
            (changed if i else created).append(row)
    Concern.history.bulk_history_create(created, batch_size=BATCH_SIZE,
                                        default_change_reason=CHANGE_REASON)
    Concern.history.bulk_history_create(changed, batch_size=BATCH_SIZE, update=True,
                                        default_change_reason=CHANGE_REASON)
    actions = [
        (c.instance.pk, a.kind, a.organization.instance.pk,
         users[a.actor].pk if a.actor else None, a.note, a.at)
        for c in sup.concerns for a in c.actions
    ]
    insert_values(ConcernAction, ["concern", "kind", "organization", "actor", "note", "created_at"],
            actions)


def _summary(sup: SupervisionPlan, plan, users) -> SupervisionSummary:
    from chibo.supervision.selectors import coverage

    today = sup.today
    start, end = next(q for q in sup.quarters if q[0] <= today <= q[1])
    figures = coverage(users["demo-city"], plan.root.instance, starts_on=start,
                       ends_on=min(end, today))
    concerns = sup.concerns
    open_ = [c for c in concerns if c.status in (OPEN, ASSIGNED)]
    reports = [v for v in sup.visits if v.reported]
    return SupervisionSummary(
        city_officials=sum(1 for o in sup.officials if o.committee.parent is None),
        ward_officials=sum(1 for o in sup.officials if o.committee.parent is not None),
        follow=sum(1 for a in sup.assignments if a.kind == AssignmentKind.FOLLOW),
        attend=sum(1 for a in sup.assignments if a.kind == AssignmentKind.ATTEND),
        reports=len(reports),
        attended=sum(1 for v in reports if v.attended),
        guests=sum(1 for v in sup.visits if v.attended),
        concerns=len(concerns),
        by_status=dict(Counter(str(c.status) for c in concerns)),
        by_source=dict(Counter(str(c.source) for c in concerns)),
        overdue=sum(1 for c in open_ if c.deadline < today),
        overdue_at_wards=sum(1 for c in open_ if c.deadline < today
                             and c.responsible.parent is not None),
        escalated=sum(1 for c in concerns if c.escalated),
        hidden=sum(1 for c in concerns if c.member_hidden),
        reported_back=sum(1 for c in concerns if c.reported_at is not None),
        waiting=sum(1 for c in concerns if c.answer and c.reported_at is None),
        quarter=(start, end),
        coverage=figures,
        gaps=len(sup.gaps.get((start, end), [])),
        digest=sup.digest(),
    )


def wipe_supervision() -> None:
    """Delete every assignment, visit report and concern (with their actions) and their
    history. Called by demo.wipe before the meetings go (PROTECT foreign keys)."""

    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        for model in (ConcernAction, Concern, VisitReport, Assignment):
            delete_all(model.objects.all())
        for model in (Concern, Assignment):
            model.history.model.objects.all().delete()
