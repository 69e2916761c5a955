"""The history of every write, read back as what changed.

Every model users write keeps django-simple-history rows (who, when, the whole row).
`entries(records)` turns historical rows of any models into what a page shows: the kind
of record, the record, the action (tạo mới, sửa, xóa), who and when, and per changed
field its Vietnamese label with the old and the new value as people read them
(dd/mm/yyyy, HH:MM dd/mm/yyyy local time, choices by label, records by name, long texts
shortened). It reads in a fixed number of queries: one per history table for the rows
before those shown, one per model the shown values point at.

`audit_rows(user, …)` is the audit log ("Nhật ký thay đổi") of a committee's subtree:
one UNION ALL over the history tables, scoped in the database, newest first; a page of
it is read by `audit_entries`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.utils import timezone

from chibo.core.paths import parent_path
from chibo.core.scope import user_scope

ACTIONS = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}
SYSTEM = "Hệ thống"
EMPTY = ""
LONG_TEXT = 160  # characters of a text shown before "…"

# Columns kept for the tree's own bookkeeping, not for people.
HIDDEN = {"id", "depth", "numchild"}
# Inherited fields that cannot carry a Vietnamese verbose_name of their own.
LABELS = {("organizations.Organization", "path"): "cấp trên trực tiếp"}

# What a record's __str__ reads besides its own columns, loaded with it.
STR_RELATED = {
    "accounts.Scope": ("user", "organization"),
    "accounts.ApiToken": ("user",),
    "members.Membership": ("member", "organization"),
    "meetings.Meeting": ("organization",),
    "meetings.Attendance": ("member",),
    "meetings.TaskReview": ("task",),
    "meetings.MinutesVersion": ("meeting__organization",),
    "supervision.Assignment": ("official", "cell"),
    "supervision.VisitReport": ("official", "meeting__organization"),
    "commitments.Commitment": ("member", "cell"),
    "commitments.ResidenceComment": ("member",),
    "commitments.ResidenceExemption": ("member",),
    "grading.Assessment": ("member", "cell"),
    "grading.Discipline": ("member",),
}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    record: models.Model  # the historical row
    kind: str  # the record's type, in Vietnamese
    subject: str  # the record, as people name it
    action: str
    history_type: str
    when: dt.datetime
    actor: str
    changes: list[Change] = field(default_factory=list)
    # An edit of a row written before its history began: nothing to compare with.
    no_previous: bool = False

    @property
    def is_created(self) -> bool:
        return self.history_type == "+"

    @property
    def is_deleted(self) -> bool:
        return self.history_type == "-"


def kind_label(model) -> str:
    name = str(model._meta.verbose_name)
    return name[:1].upper() + name[1:]


def shorten(text: str, limit: int = LONG_TEXT) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _number(value) -> str:
    text = format(value, "f") if isinstance(value, Decimal) else repr(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def show(model_field, value, labels: dict) -> str:
    """One value as a person reads it; "" for nothing."""
    if value is None or value == "":
        return EMPTY
    if model_field.is_relation:
        target = model_field.related_model._meta.label
        return labels.get((target, value), f"#{value} (đã xóa)")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.DateTimeField):
        value = model_field.to_python(value)
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%H:%M %d/%m/%Y")
    if isinstance(model_field, models.DateField):
        return model_field.to_python(value).strftime("%d/%m/%Y")
    if isinstance(model_field, models.BooleanField):
        return "có" if value else "không"
    if isinstance(model_field, models.JSONField):
        if value in ({}, []):
            return EMPTY
        return shorten(json.dumps(value, ensure_ascii=False, sort_keys=True))
    if isinstance(model_field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    if isinstance(value, (Decimal, float)):
        return _number(value)
    return shorten(value)


def _label(model, model_field) -> str:
    special = LABELS.get((model._meta.label, model_field.name))
    if special:
        return special
    return str(model_field.verbose_name)


def _fields(hmodel) -> list:
    return [f for f in hmodel.tracked_fields if f.name not in HIDDEN]


def _is_tree_path(model, model_field) -> bool:
    return model._meta.label == "organizations.Organization" and model_field.name == "path"


def _shown(row, model_field, model, labels) -> str:
    value = getattr(row, model_field.attname)
    if _is_tree_path(model, model_field):
        # A move changes the path: show the parent it names.
        parent = parent_path(value)
        return labels.get(("organizations.Organization", parent), parent) if parent else EMPTY
    return show(model_field, value, labels)


def _previous(hmodel, records) -> dict[int, models.Model]:
    """The row before each edit or deletion, one query: {(history model, history_id):
    previous row} (ids repeat across history tables)."""
    wanted = [r.history_id for r in records if r.history_type != "+"]
    if not wanted:
        return {}
    before = (
        hmodel.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    ids = hmodel.objects.filter(history_id__in=wanted).annotate(p=Subquery(before)).values("p")
    pool = list(hmodel.objects.filter(history_id__in=ids)) + list(records)
    by_object = defaultdict(list)
    for row in pool:
        by_object[row.id].append(row)
    found = {}
    for record in records:
        earlier = [r for r in by_object[record.id] if r.history_id < record.history_id]
        if earlier:
            found[(hmodel, record.history_id)] = max(earlier, key=lambda r: r.history_id)
    return found


def _load_labels(targets: dict[str, set]) -> dict:
    """{(model label, pk): str} for every record the shown values point at, one query
    per model; organizations' parents by path (the tree stores no parent id)."""
    labels = {}
    objects = {}
    for target, pks in targets.items():
        pks.discard(None)
        if not pks:
            continue
        if target == "organizations.Organization#path":
            model = apps.get_model("organizations.Organization")
            for path, name in model.objects.filter(path__in=pks).values_list("path", "name"):
                labels[("organizations.Organization", path)] = name
            continue
        model = apps.get_model(target)
        rows = model._default_manager.select_related(*STR_RELATED.get(target, ()))
        for pk, obj in rows.in_bulk(list(pks)).items():
            objects[(target, pk)] = obj
            labels[(target, pk)] = str(obj)
    labels["_objects"] = objects
    return labels


def _subject(record, model, labels) -> str:
    """The record's own name, from the historical row with its relations filled from
    what was loaded (no query); its verbose name and id when a relation is gone."""
    # Not record.instance: that reads the excluded fields back from the live row.
    instance = model(**{f.attname: getattr(record, f.attname)
                        for f in type(record).tracked_fields})
    objects = labels["_objects"]
    for f in model._meta.concrete_fields:
        if not f.is_relation:
            continue
        pk = getattr(instance, f.attname)
        if pk is None:
            continue
        obj = objects.get((f.related_model._meta.label, pk))
        if obj is None:
            return f"{model._meta.verbose_name} #{record.id}"
        f.set_cached_value(instance, obj)
    try:
        return shorten(str(instance), 120)
    except Exception:  # noqa: BLE001  a name is never worth an error page
        return f"{model._meta.verbose_name} #{record.id}"


def entries(records, *, mask=None) -> list[Entry]:
    """What each historical row changed. `records` may mix models; their order is kept.
    `mask(record, field_name)` True hides a value ("(ẩn)")."""
    records = list(records)
    groups = defaultdict(list)
    for r in records:
        groups[type(r)].append(r)
    previous = {}
    for hmodel, rows in groups.items():
        previous.update(_previous(hmodel, rows))

    targets = defaultdict(set)
    for hmodel, rows in groups.items():
        model = hmodel.instance_type
        for f in model._meta.concrete_fields:
            if f.is_relation:
                key = f.related_model._meta.label
                for row in rows:
                    targets[key].add(getattr(row, f.attname))
                    prev = previous.get((hmodel, row.history_id))
                    if prev is not None:
                        targets[key].add(getattr(prev, f.attname))
        if model._meta.label == "organizations.Organization":
            for row in rows:
                for r in (row, previous.get((hmodel, row.history_id))):
                    if r is not None and parent_path(r.path):
                        targets["organizations.Organization#path"].add(parent_path(r.path))
    labels = _load_labels(targets)

    out = []
    for record in records:
        hmodel = type(record)
        model = hmodel.instance_type
        entry = Entry(
            record=record,
            kind=kind_label(model),
            subject=_subject(record, model, labels),
            action=ACTIONS.get(record.history_type, record.history_type),
            history_type=record.history_type,
            when=record.history_date,
            actor=str(record.history_user) if record.history_user_id else SYSTEM,
        )
        prev = previous.get((hmodel, record.history_id))
        for f in _fields(hmodel):
            if record.history_type == "-":
                break
            hidden = mask is not None and mask(record, f.name)
            new = _shown(record, f, model, labels)
            if record.history_type == "+" or prev is None:
                if record.history_type == "+" and new:
                    entry.changes.append(Change(_label(model, f), "", "(ẩn)" if hidden else new))
                continue
            old = _shown(prev, f, model, labels)
            if old != new:
                if hidden:
                    old = new = "(ẩn)"
                entry.changes.append(Change(_label(model, f), old, new))
        entry.no_previous = record.history_type == "~" and prev is None
        out.append(entry)
    return out


# ---------------------------------------------------------------------------------------
# The audit log of a subtree.


@dataclass(frozen=True)
class Kind:
    key: str  # the model's label, lower case ("meetings.attendance")
    model: type
    path: str | None  # the organization path on the historical row; None: admin only

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural).capitalize()


_KIND_PATHS = [
    ("organizations.Organization", "path"),
    ("organizations.PartyGroup", "cell__path"),
    ("accounts.Scope", "organization__path"),
    ("members.PartyMember", "organization__path"),
    ("members.Membership", "organization__path"),
    ("meetings.Meeting", "organization__path"),
    ("meetings.AgendaItem", "meeting__organization__path"),
    ("meetings.Attendance", "meeting__organization__path"),
    ("meetings.Guest", "meeting__organization__path"),
    ("meetings.Speech", "meeting__organization__path"),
    ("meetings.Task", "organization__path"),
    ("meetings.TaskReview", "meeting__organization__path"),
    ("meetings.MeetingDocument", "meeting__organization__path"),
    ("meetings.MinutesVersion", "meeting__organization__path"),
    ("commitments.Commitment", "cell__path"),
    ("commitments.CommitmentItem", "commitment__cell__path"),
    ("commitments.CommitmentProgress", "meeting__organization__path"),
    ("commitments.ResidenceComment", "residence_cell__path"),
    ("commitments.ResidenceExemption", "member__organization__path"),
    ("commitments.StudyTopic", "issuer__path"),
    ("grading.Assessment", "cell__path"),
    ("grading.Discipline", "member__organization__path"),
    ("supervision.Assignment", "cell__path"),
    ("supervision.VisitReport", "meeting__organization__path"),
    ("supervision.Concern", "cell__path"),
    ("supervision.ConcernAction", "concern__cell__path"),
    ("policies.Policy", "issuer__path"),
    # Accounts, tokens and levels belong to no organization: the system admin's only.
    ("accounts.User", None),
    ("accounts.ApiToken", None),
    ("organizations.Level", None),
]


# What an app narrows beyond the subtree, per kind (supervision: a concern's content
# reaches only the committees on its route), registered in the app's AppConfig.ready().
_RESTRICTIONS: dict = {}


def restrict_audit(key: str, restrict) -> None:
    """`restrict(historical rows, user)` -> the rows of kind `key` the user may read."""
    _RESTRICTIONS[key] = restrict


def audit_kinds() -> list[Kind]:
    return [Kind(label.lower(), apps.get_model(label), path) for label, path in _KIND_PATHS]


def has_audit(user) -> bool:
    """Committee staff (on their subtrees) and the system admin; nobody else."""
    scope = user_scope(user)
    return scope.is_admin or bool(scope.staff_paths)


def _scoped(kind: Kind, user, scope):
    hmodel = kind.model.history.model
    qs = hmodel.objects.all()
    if scope.is_admin:
        return qs
    if kind.path is None:
        return None
    q = Q()
    for path in scope.staff_paths:
        q |= Q(**{f"{kind.path}__startswith": path})
    qs = qs.filter(q)
    restrict = _RESTRICTIONS.get(kind.key)
    if restrict is not None:
        qs = restrict(qs, user)
    return qs


def audit_rows(user, *, kind: str = "", person=None, since=None, until=None):
    """(kind key, history_id, history_date) of every history row the user's audit log
    holds, newest first: a UNION ALL the database sorts and pages."""
    scope = user_scope(user)
    parts = []
    for k in audit_kinds():
        if kind and k.key != kind:
            continue
        qs = _scoped(k, user, scope)
        if qs is None:
            continue
        if person is not None:
            qs = qs.filter(history_user=person)
        if since is not None:
            qs = qs.filter(history_date__gte=_day_start(since))
        if until is not None:
            qs = qs.filter(history_date__lt=_day_start(until + dt.timedelta(days=1)))
        parts.append(
            qs.annotate(audit_kind=Value(k.key, output_field=CharField()))
            .values_list("audit_kind", "history_id", "history_date")
            .order_by()
        )
    if not parts:
        organization = apps.get_model("organizations.Organization")
        return organization.history.none().values_list("history_id", "history_id", "history_date")
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-history_date", "-history_id")


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_entries(user, keys) -> list[Entry]:
    """The entries of one page of `audit_rows`: one query per history table on the
    page, one for the rows before, one per model the values point at."""
    kinds = {k.key: k for k in audit_kinds()}
    wanted = defaultdict(list)
    for key, history_id, _ in keys:
        wanted[key].append(history_id)
    rows = {}
    for key, ids in wanted.items():
        hmodel = kinds[key].model.history.model
        for row in hmodel.objects.filter(history_id__in=ids).select_related("history_user"):
            rows[(key, row.history_id)] = row
    ordered = [rows[(key, hid)] for key, hid, _ in keys if (key, hid) in rows]
    return entries(ordered, mask=_concern_mask(user))


def _concern_mask(user):
    """A hidden member's name stays hidden in the log, except for the system admin."""
    if user_scope(user).is_admin:
        return None

    def mask(record, name):
        return (
            name == "member"
            and type(record).instance_type._meta.label == "supervision.Concern"
            and record.member_hidden
        )

    return mask


def object_history(*querysets, limit: int = 20) -> list[Entry]:
    """The latest `limit` changes of one record (and of its parts, given as more
    querysets of historical rows), newest first, as entries: what a record's page shows."""
    rows = []
    for qs in querysets:
        rows += list(qs.select_related("history_user").order_by("-history_date",
                                                                 "-history_id")[:limit])
    rows.sort(key=lambda r: (r.history_date, r.history_id), reverse=True)
    return entries(rows[:limit])
