"""The demo as of today, whatever today is: `load_demo` with no date (the command's way)
gives the window's twelve months up to today, nothing held, adopted, decided or written
after today, next month planned, the grading years around today, and the committees'
pages open on it.

Marked `clock`: scripts/test.sh runs it at two of the clock part's dates (a city demo
takes about twenty seconds: the script deselects it at the other dates), and at the
real today in the SQLite and PostgreSQL parts."""

import datetime as dt
from collections import Counter

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chibo.accounts.models import User
from chibo.demo.kit import next_month, window
from chibo.demo.load import load_demo
from chibo.grading.models import Assessment, Stage
from chibo.meetings.models import Meeting, MeetingKind, MeetingStatus
from chibo.organizations.models import Organization
from chibo.reports.periods import Period
from chibo.reports.selectors import quality_report

pytestmark = pytest.mark.clock

SEED = 2018

# Dates that may lie after today: plans, deadlines, terms. Everything else is history.
FUTURE_ALLOWED = {
    ("policies", "Policy", "effective_from"),
    ("meetings", "Meeting", "period"),  # next month's plans: checked below
    ("rollups", "CellMonth", "month"),  # next month's plans counted (thematic_planned)
    ("meetings", "Meeting", "scheduled_at"),
    ("meetings", "Task", "deadline"),
    ("supervision", "Assignment", "starts_on"),
    ("supervision", "Assignment", "ends_on"),
    ("supervision", "Concern", "deadline"),
    ("members", "PartyMember", "full_member_on"),
    ("members", "PartyMember", "exempt_to"),
    # A probation's end, the day the committee is told, the cell's deadline (life).
    ("members", "Probation", "ends_on"),
    ("members", "Probation", "notice_on"),
    ("members", "Probation", "consider_by"),
    # A temporary transfer's or a suspension's planned end (states).
    ("members", "MemberState", "ended_on"),
}


@pytest.fixture
def loaded(db):
    return load_demo(seed=SEED)  # rolled back with the test's transaction


def _later_than(model, field, today: dt.date, now: dt.datetime) -> int:
    if isinstance(field, models.DateTimeField):
        return model.objects.filter(**{f"{field.name}__gt": now}).count()
    return model.objects.filter(**{f"{field.name}__gt": today}).count()


def test_demo_as_of_today(loaded):
    today = timezone.localdate()
    summary = loaded
    year = summary.meetings
    months = window(today)
    current, following = months[-1], next_month(months[-1])
    assert year.months == months and current == today.replace(day=1) and len(months) == 12
    assert all(next_month(a) == b for a, b in zip(months, months[1:], strict=False))

    # Nothing after today but plans and deadlines (`now` read after the load).
    now = timezone.now()
    later = {}
    for model in apps.get_models():
        label = model._meta.app_label
        if not model.__module__.startswith("chibo.") or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if (label, model.__name__, field.name) in FUTURE_ALLOWED:
                continue
            if isinstance(field, models.DateField) and _later_than(model, field, today, now):
                later[f"{model.__name__}.{field.name}"] = _later_than(model, field, today, now)
    assert later == {}

    # Meetings: planned from today on, held or adopted before; a regular meeting of
    # nearly every cell in every month of the window; next month planned, no later.
    meetings = Meeting.objects.all()
    start_of_today = timezone.make_aware(dt.datetime.combine(today, dt.time()))
    assert not meetings.filter(scheduled_at__gte=start_of_today).exclude(
        status__in=[MeetingStatus.PLANNED, MeetingStatus.CANCELLED]).exists()
    assert not meetings.filter(scheduled_at__lt=start_of_today,
                               status=MeetingStatus.PLANNED).exists()
    assert not meetings.filter(period__gt=following).exists()
    assert not meetings.filter(period__lt=months[0]).exists()
    cells = Organization.objects.filter(is_cell=True)
    regular = Counter(
        meetings.filter(kind=MeetingKind.REGULAR).exclude(status=MeetingStatus.CANCELLED)
        .values_list("period", flat=True)
    )
    for month in months:
        alive = sum(1 for c in cells if (c.founded_on is None or c.founded_on <= month)
                    and (c.dissolved_on is None
                         or c.dissolved_on >= next_month(month)))
        assert regular[month] >= 0.8 * alive, (month, regular[month], alive)
    active = cells.filter(dissolved_on__isnull=True)
    planned_next = meetings.filter(period=following, kind=MeetingKind.REGULAR)
    assert planned_next.count() == active.count() == summary.cells
    assert not planned_next.exclude(status=MeetingStatus.PLANNED).exists()
    held = meetings.filter(status__in=[MeetingStatus.HELD, MeetingStatus.ADOPTED])
    assert held.filter(period=months[0]).exists()
    assert held.exclude(adopted_at__isnull=True).filter(adopted_at__lt=models.F("ended_at")) \
        .count() == 0
    # The lifecycle happened inside the window.
    for cell in cells.exclude(founded_on__isnull=True, dissolved_on__isnull=True):
        day = cell.founded_on or cell.dissolved_on
        assert months[0] <= day <= today, (cell.name, day)

    # Grading: last year decided, this year under way.
    previous, current_year = summary.grading.years
    assert (previous, current_year) == (today.year - 1, today.year)
    decided = Assessment.objects.filter(year=previous, member__isnull=False,
                                        stage=Stage.DECIDED)
    assert decided.count() > 0.8 * summary.members
    assert not Assessment.objects.filter(year__gt=today.year).exists()

    # The committees' pages and this month's, quarter's and year's reports.
    root = Organization.objects.get(depth=1)
    for kind in ("month", "quarter", "year"):
        report = quality_report(root, Period.of(kind, today))
        assert report is not None
    for username, names in {
        "demo-city": ["reports:dashboard", "meetings:list", "meetings:plan",
                      "supervision:figures", "supervision:concerns"],
        "demo-secretary": ["meetings:list", "meetings:tasks", "meetings:absences",
                           "commitments:mine", "grading:mine"],
        "demo-member": ["commitments:mine", "grading:mine"],
    }.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        for name in names:
            response = client.get(reverse(name))
            assert response.status_code == 200, (username, name, response.status_code)
