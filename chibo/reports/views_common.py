"""What the dashboard (views) and its sections (views_sections) share: reading the
request through the one gate, the links that keep the period, the words for months and
quarters, the band rows of a tally, a cell's meetings of the period."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from chibo.meetings.selectors import visible_meetings
from chibo.reports.access import report_root
from chibo.reports.charts import BAND_COLOURS, SERIES_COLOURS
from chibo.reports.periods import ROMAN, Period


def parse(request):
    """(root, period, error, today): the organization through the scope gate (404), the
    period from its code; a bad code gives the current month and a message."""
    today = timezone.localdate()
    root = report_root(request.user, request.GET.get("organization"))
    code = (request.GET.get("period") or "").strip()
    period, error = Period.of("month", today), ""
    if code:
        try:
            period = Period.parse(code)
        except ValueError as exc:
            error = f"{exc} Đang hiển thị {period}."
    return root, period, error, today


def url(name: str, **params) -> str:
    query = urlencode([(k, v) for k, v in params.items() if v not in (None, "")], doseq=True)
    return reverse(name) + (f"?{query}" if query else "")


def dashboard_url(organization_id, period: Period, **extra) -> str:
    return url("reports:dashboard", organization=organization_id, period=period.code, **extra)


def months_text(months) -> str:
    """[2026-08-01, 2026-09-01] → "08/2026, 09/2026"."""
    return ", ".join(f"{m.month:02d}/{m.year}" for m in months)


def quarters_text(quarters, as_of) -> str:
    """[(2026, 3), (2026, 4)] → "Quý III/2026, Quý IV/2026 (quý chưa kết thúc)"."""
    return ", ".join(
        f"Quý {ROMAN[q]}/{y}" + (" (quý chưa kết thúc)" if Period("quarter", y, q).end > as_of
                                 else "")
        for y, q in quarters
    )


def band_rows(tally, names):
    """[{name, count, share (percent), colour}] of a tally's bands, in the policy's order."""
    total = sum(tally.bands.get(n, 0) for n in names)
    return [
        {
            "name": name,
            "count": tally.bands.get(name, 0),
            "share": round(100 * tally.bands.get(name, 0) / total, 1) if total else None,
            "colour": BAND_COLOURS.get(name, SERIES_COLOURS[i % len(SERIES_COLOURS)]),
        }
        for i, name in enumerate(names)
    ]


def cell_meetings(user, cell, period: Period) -> list:
    """A cell's meetings of the period, in order: what its dashboard drills down to. One
    query."""
    return list(
        visible_meetings(user)
        .filter(organization=cell, period__gte=period.start, period__lte=period.end)
        .order_by("scheduled_at", "id")
        .only("id", "kind", "status", "period", "scheduled_at", "roll_expected",
              "roll_present", "quality_total", "quality_band")
    )
