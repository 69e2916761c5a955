"""Keeping the rollups equal to the raw rows.

`refresh(cell id, month)` recomputes one cell-month from its meetings with the rule of
`figures.cell_month_figures` and writes it, in the caller's transaction: the receivers of
meetings' `meeting_figures_changed` call it after each write that changes a figure. It
first takes the row's lock (inserting the row when missing; `ON CONFLICT DO NOTHING`
waits for a concurrent insert of the same row to commit), then reads: whoever locks last
reads what the others committed, so two writes to the same cell-month at once lose
nothing on PostgreSQL (on SQLite write transactions are serialized already).

`rebuild(root=None, start=None, end=None)` recomputes every cell-month of a subtree and
a range of months (`manage.py rebuild_rollups`, the end of `load_demo`)."""

import datetime as dt

from django.db import transaction

from chibo.organizations.models import Organization
from chibo.rollups.figures import FIELDS, cell_meetings, cell_month_figures
from chibo.rollups.models import CellMonth


@transaction.atomic
def refresh(organization_id: int, month: dt.date) -> None:
    key = {"organization_id": organization_id, "month": month}
    CellMonth.objects.bulk_create([CellMonth(**key, band="")], ignore_conflicts=True)
    row = CellMonth.objects.select_for_update().get(**key, band="")
    figures, bands = cell_month_figures(
        cell_meetings(organization_id=organization_id, period=month))
    values = figures.get((organization_id, month), {})
    for name in FIELDS:
        setattr(row, name, values.get(name, 0))
    row.save(update_fields=list(FIELDS))
    CellMonth.objects.filter(**key).exclude(band="").delete()
    CellMonth.objects.bulk_create(
        CellMonth(**key, band=band, band_meetings=n)
        for band, n in bands.get((organization_id, month), {}).items()
    )


@transaction.atomic
def rebuild(root: Organization | None = None, *, start: dt.date | None = None,
            end: dt.date | None = None) -> int:
    """Rewrite the rollups of `root`'s subtree (every cell when None) for the months from
    `start` to `end` (first days, both included; every month when None). Returns the
    number of cell-months written."""
    filters, period = {}, {}
    if root is not None:
        filters["organization__path__startswith"] = root.path
    if start is not None:
        period["period__gte"] = start
    if end is not None:
        period["period__lte"] = end
    months = {k.replace("period", "month"): v for k, v in period.items()}
    CellMonth.objects.filter(**filters, **months).delete()
    figures, bands = cell_month_figures(cell_meetings(**filters, **period))
    CellMonth.objects.bulk_create(
        (CellMonth(organization_id=org_id, month=month, **values)
         for (org_id, month), values in figures.items()),
        batch_size=2000,
    )
    CellMonth.objects.bulk_create(
        (CellMonth(organization_id=org_id, month=month, band=band, band_meetings=n)
         for (org_id, month), counts in bands.items() for band, n in counts.items()),
        batch_size=2000,
    )
    return len(figures)
