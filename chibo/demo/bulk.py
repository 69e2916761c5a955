from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from itertools import islice

from django.db import connection
from django.db.models import Max
from django.utils import timezone

CHANGE_REASON = "Dữ liệu mẫu"
INSERT_CHUNK = 20_000
HISTORY_CHUNK = 5_000  # rows of write_with_history in memory at once, with their history
PREPARED = {"DateField", "DateTimeField", "TimeField", "DecimalField", "JSONField"}


class Written:
    """What later steps read of an inserted row (its id, and a value or two given by
    name), kept in place of its model instance, which takes many times more: the province
    writes a few hundred thousand rows that later rows point at."""

    __slots__ = ("pk", "adopted_by_id", "full_name", "sort_key")

    def __init__(self, pk: int, **values):
        self.pk = pk
        for name, value in values.items():
            setattr(self, name, value)


def write_with_history(model, rows: Iterable[dict], key: list[str], *,
                       keep_ids: bool = True) -> dict[tuple, int]:
    """Insert rows (dicts of every concrete field but the id, by field name; FKs as ids)
    and one history row each ("+", Dữ liệu mẫu) dated `_history_date`, by
    `_history_user`. The ids are read back by the `key` fields (no two rows written here
    share them). Returns {key values: id}, or nothing without `keep_ids` (the province's
    assessments' ids would take 30 MB). `rows` is taken HISTORY_CHUNK at a time, the
    history rows of a chunk after it, so that a generator keeps only a chunk of rows in
    memory (the province's assessments as dicts alone take a few hundred MB)."""
    names = [f.name for f in model._meta.concrete_fields if not f.primary_key]
    history = model.history.model
    tracked = [f.name for f in history.tracked_fields]
    at = [names.index(n) if n != "id" else None for n in tracked]
    meta = ["history_date", "history_change_reason", "history_type", "history_user"]
    ids: dict[tuple, int] = {}
    rows = iter(rows)
    while chunk := list(islice(rows, HISTORY_CHUNK)):
        highest = model.objects.aggregate(highest=Max("pk"))["highest"] or 0
        prepared = prepare_rows(model, names, [tuple(r[n] for n in names) for r in chunk])
        insert_values(model, names, prepared, ready=True)
        new = {tuple(values): pk for pk, *values
               in model.objects.filter(pk__gt=highest).values_list("pk", *key)}
        if keep_ids:
            ids.update(new)
        dates = prepare_rows(history, ["history_date"], [(r["_history_date"],) for r in chunk])
        out = []
        for r, values, (date,) in zip(chunk, prepared, dates, strict=True):
            pk = new[tuple(r[k] for k in key)]
            out.append(tuple(pk if i is None else values[i] for i in at)
                       + (date, CHANGE_REASON, "+", r.get("_history_user")))
        insert_values(history, tracked + meta, out, ready=True)
    return ids


def prepare_rows(model, names: list[str], rows: list[tuple]) -> list[tuple]:
    """Values of date, time, decimal and JSON fields through the field's own conversion
    (each distinct date or time once); the others must be what the column takes."""
    fields = [model._meta.get_field(name) for name in names]
    kinds = [f.get_internal_type() for f in fields]
    columns = [(i, f, k) for i, (f, k) in enumerate(zip(fields, kinds, strict=True))
               if k in PREPARED]
    if not columns:
        return rows
    cache: dict = {}

    def prep(f, kind, v):
        if kind == "JSONField":  # text: what COPY and SQLite take for a JSON column
            return json.dumps(v, cls=f.encoder, ensure_ascii=False)
        found = cache.get((kind, v))
        if found is None:
            found = cache[(kind, v)] = f.get_db_prep_save(v, connection)
        return found

    out = []
    for row in rows:  # only the columns that need it (most values go as they are)
        row = list(row)
        for i, f, kind in columns:
            if row[i] is not None:
                row[i] = prep(f, kind, row[i])
        out.append(tuple(row))
    return out


def insert_values(model, names: list[str], rows: list[tuple], *, ready: bool = False) -> None:
    """INSERT rows (tuples of the fields `names`) without model instances, signals or ids
    back: COPY on PostgreSQL, executemany elsewhere, both several times faster than
    bulk_create. Unless `ready`, the values go through prepare_rows first."""
    if not rows:
        return
    if not ready:
        rows = prepare_rows(model, names, rows)
    fields = [model._meta.get_field(name) for name in names]
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = ", ".join(qn(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        for start in range(0, len(rows), INSERT_CHUNK):
            cursor.executemany(sql, rows[start:start + INSERT_CHUNK])


def insert_objects(model, objs: list, *, history: bool = True,
                   now: dt.datetime | None = None) -> None:
    """INSERT model instances as bulk_create (or bulk_create_with_history) would, several
    times faster: ids reserved first (reserve_ids) and set on the instances, the values
    taken from the instances' fields (auto_now and auto_now_add ones set to `now`, by
    default the present moment: one moment for a table written in several calls), then,
    with `history`, one "+" history row each dated `now` ("Dữ liệu mẫu", no user), as
    simple_history's bulk_history_create writes them. No signals, no save()."""
    if not objs:
        return
    now = now or timezone.now()
    fields = list(model._meta.concrete_fields)
    stamped = [f for f in fields if getattr(f, "auto_now", False)
               or getattr(f, "auto_now_add", False)]
    for obj, pk in zip(objs, reserve_ids(model, len(objs)), strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias
        for f in stamped:
            if getattr(obj, f.attname) is None or getattr(f, "auto_now", False):
                setattr(obj, f.attname, now)
    names = [f.name for f in fields]
    rows = prepare_rows(model, names, [tuple(getattr(o, f.attname) for f in fields)
                                   for o in objs])
    insert_values(model, names, rows, ready=True)
    if not history:
        return
    hmodel = model.history.model
    tracked = [f.name for f in hmodel.tracked_fields]
    at = [names.index(n) for n in tracked]
    meta = ["history_date", "history_change_reason", "history_type", "history_user"]
    (date,), = prepare_rows(hmodel, ["history_date"], [(now,)])
    insert_values(hmodel, tracked + meta,
            [tuple(row[i] for i in at) + (date, CHANGE_REASON, "+", None) for row in rows],
            ready=True)


def reserve_ids(model, count: int) -> list[int]:
    """`count` ids for new rows of `model`: taken from the table's sequence on PostgreSQL
    (safe beside other writers), after the highest ever used on SQLite (the writer holds
    the database within the transaction)."""
    table = model._meta.db_table
    column = model._meta.pk.column
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                           "FROM generate_series(1, %s)", [table, column, count])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT MAX({qn(column)}) FROM {qn(table)}")
        highest = cursor.fetchone()[0] or 0
        if connection.vendor == "sqlite":  # AUTOINCREMENT: never reuse a deleted row's id
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            highest = max(highest, row[0] if row else 0)
    return list(range(highest + 1, highest + 1 + count))


def analyze(models) -> None:
    """Fresh planner statistics for the tables just filled (as demo._analyze does)."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
