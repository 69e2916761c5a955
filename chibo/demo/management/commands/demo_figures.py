"""Print the committee dashboard's figures of the loaded demo as JSON, to compare two loads
(the same seed and day must give equal dumps): `reports.selectors.quality_report` (the
function the dashboard view calls) for the root and its first units, over the current
year, the previous year and the current month; plus the number of rows of every model.

    manage.py demo_figures > before.json
"""

import datetime as dt
import json

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils import timezone

from chibo.organizations.models import Organization
from chibo.reports.periods import Period
from chibo.reports.selectors import quality_report


def _report(root, period, today) -> dict:
    r = quality_report(root, period, today=today)
    names = r.band_names

    def cell(c):
        return {"name": c.name, "path": c.path, "unit": c.unit_name,
                "missing_months": [m.isoformat() for m in c.missing_months],
                "missing_quarters": [list(q) for q in c.missing_quarters],
                "tally": c.tally.as_dict(names)}

    return {
        "period": period.code,
        "as_of": r.as_of.isoformat(),
        "months": [m.isoformat() for m in r.months],
        "quarters": [list(q) for q in r.quarters],
        "total": r.total.as_dict(names),
        "units": [{"name": u.name, "path": u.path, "tally": u.tally.as_dict(names)}
                  for u in r.units],
        "cells": [cell(c) for c in r.cells],
        "trend": [[m.isoformat(), t.as_dict(names)] for m, t in r.trend],
        "quarter_totals": [[list(q), t.as_dict(names)] for q, t in r.quarter_totals],
        "late_minutes": [[x.cell.name, x.scheduled_at.isoformat(), x.kind, x.days]
                         for x in r.late_minutes],
        "lists": {name: [c.name for c in getattr(r, name)] for name in (
            "ranked", "without_regular", "without_thematic", "low_attendance",
            "concerns_overdue", "tasks_overdue", "absence_flagged")},
    }


class Command(BaseCommand):
    help = "In số liệu bảng điều khiển của dữ liệu mẫu (JSON) để so sánh hai lần nạp."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="ngày báo cáo (yyyy-mm-dd; mặc định hôm nay)")
        parser.add_argument("--units", type=int, default=2,
                            help="số đơn vị trực thuộc (phường, xã) in thêm (mặc định 2)")

    def handle(self, *args, today, units, **options):
        today = dt.date.fromisoformat(today) if today else timezone.localdate()
        root = Organization.objects.get(depth=1)
        wards = list(Organization.objects.filter(depth=2, is_cell=False).order_by("path")[:units])
        periods = [Period.of("year", today), Period.of("year", today).previous,
                   Period.of("month", today)]
        data = {
            "today": today.isoformat(),
            "reports": {org.name: [_report(org, p, today) for p in periods]
                        for org in [root, *wards]},
            "rows": {m._meta.label: m.objects.count()
                     for m in sorted(apps.get_models(), key=lambda m: m._meta.label)
                     if not m._meta.label.startswith(("sessions.", "admin."))},
        }
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))
