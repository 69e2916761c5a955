"""The demo's year: the meetings of every cell (meetings_plan, meetings_steps), their scores
and minutes' facts (meetings_write), then the supervision over them (supervision_*), planned
in that order from separate random streams, then written."""

from __future__ import annotations

import random
import time

from chibo.demo.meetings_plan import plan_meetings
from chibo.demo.meetings_specs import MeetingsSummary, Policies, YearPlan
from chibo.demo.meetings_write import fill_score_items, scores, write_meetings, write_year
from chibo.demo.supervision_concerns import plan_supervision
from chibo.demo.supervision_write import write_supervision


def plan_year(plan, policies, *, supervision: bool = True) -> YearPlan:
    """The year; with `supervision`, also who visited which meeting and the concerns
    raised (supervision_concerns.plan_supervision: it adds the visitors to the meetings'
    guests and speeches, and the answers to the cells' agendas)."""
    year = plan_meetings(plan, policies)
    fill_score_items(random.Random(f"{plan.seed}:scores"), year, policies)
    year.scores = scores(year, policies)
    if supervision and plan.officials:
        year.supervision = plan_supervision(plan, year)
    return year


def load_year(plan, policies: Policies | None = None) -> MeetingsSummary:
    """Plan and write the year of `plan` (already written by load.load_plan), with its
    supervision."""
    started = time.perf_counter()
    policies = policies or Policies()
    year = plan_year(plan, policies, supervision=False)
    # The meetings' rows before the supervision is planned (it changes nothing in them), so
    # that their texts leave the plan early (write_meetings): the same plan, less memory.
    write_meetings(year, plan)
    if plan.officials:
        year.supervision = plan_supervision(plan, year)
    summary = write_year(year, plan, policies)
    summary.seconds = time.perf_counter() - started
    if year.supervision is not None:
        summary.supervision = write_supervision(year.supervision, plan, year)
    return summary
