"""Writes that lose nothing when two people act at once.

Two tools, used by every service that changes a record people edit together:

- `lock(instance)`: inside the service's transaction, take the row lock and reload the
  instance from the locked row. Whatever the caller loaded earlier (a view fetches the
  record before the service runs) is replaced by what is committed now, so a status
  changed meanwhile (adopted, decided, closed) is seen, and a save writes back only
  what this service changed on top of the newest row. On PostgreSQL it is
  `SELECT … FOR UPDATE`; SQLite ignores that clause, but its write transactions are
  IMMEDIATE (settings), so one writer at a time holds the whole database.

- Edit bases, against the silent lost update of a text: a form carries, for each text
  it shows, a fingerprint of the value it was loaded with (`edit_base`). On save,
  `apply_edits` writes only the fields the person actually changed; if one of those
  changed in the database since the form was loaded, to something else than what they
  typed, nothing is saved and `StaleEdit` names each such field with the newer text, so
  the page can show it beside theirs. Two people editing different fields both keep
  their text. The API uses the same fingerprints as an ETag (`etag`), checked against
  `If-Match`.
"""

import datetime as dt
import hashlib
import json

from chibo.core.services import Conflict

STALE_MESSAGE = (
    "Trong lúc đồng chí soạn, người khác đã lưu nội dung mới hơn cho mục này. Nội dung "
    "của đồng chí vẫn giữ nguyên trong ô; bản mới hơn ở ngay dưới. Hãy đối chiếu, gộp "
    "lại rồi bấm lưu."
)
STALE_API_MESSAGE = (
    "Bản ghi đã được người khác thay đổi sau khi đồng chí tải về; hãy tải lại rồi sửa."
)


def lock(instance):
    """Take `instance`'s row lock in the current transaction and reload it from the row."""
    manager = type(instance)._default_manager
    instance.refresh_from_db(from_queryset=manager.select_for_update())
    return instance


def _canonical(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "pk"):
        return str(value.pk)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).isoformat()  # one instant, whatever the zone
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip().replace("\r\n", "\n")
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def fingerprint(value) -> str:
    return hashlib.sha256(_canonical(value).encode("utf-8")).hexdigest()[:16]


def current_value(instance, field: str):
    """The stored value of a field; a foreign key by its id (no query)."""
    concrete = instance._meta.get_field(field)
    if concrete.is_relation:
        return getattr(instance, concrete.attname)
    return getattr(instance, field)


def edit_base(instance, fields) -> str:
    """What a form carries (hidden) to say which values it was loaded with."""
    return json.dumps(
        {f: fingerprint(current_value(instance, f)) for f in fields}, separators=(",", ":")
    )


def parse_base(text: str | None) -> dict | None:
    if not text:
        return None
    try:
        base = json.loads(text)
    except (TypeError, ValueError):
        return None
    return base if isinstance(base, dict) else None


def etag(instance, fields) -> str:
    """One strong ETag over the editable fields (the API's version check)."""
    joined = "|".join(fingerprint(current_value(instance, f)) for f in sorted(fields))
    return '"' + hashlib.sha256(joined.encode()).hexdigest()[:20] + '"'


def if_match_ok(instance, fields, if_match: str | None) -> bool:
    """No If-Match header: the client did not ask for a check (older clients)."""
    if not if_match:
        return True
    if if_match.strip() == "*":
        return True
    wanted = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    return etag(instance, fields) in wanted


class StaleEdit(Conflict):
    """The person's form was loaded before someone else saved the same field."""

    def __init__(self, newer: dict):
        self.newer = newer
        super().__init__({field: STALE_MESSAGE for field in newer})


def _as_stored(instance, field: str, value):
    concrete = instance._meta.get_field(field)
    if concrete.is_relation and value is not None and hasattr(value, "pk"):
        return value.pk
    return value


def apply_edits(instance, changes: dict, base: dict | None) -> list[str]:
    """Set on `instance` (freshly locked) the fields of `changes` that the person changed.

    `base` maps field → fingerprint of the value their form was loaded with; without it
    every field is written (a client that sends no base accepts the last write). Returns
    the names of the fields set; raises StaleEdit, having set nothing, when a field the
    person changed was changed meanwhile by someone else to another value.
    """
    wanted, newer = {}, {}
    for field, value in changes.items():
        stored = fingerprint(current_value(instance, field))
        mine = fingerprint(_as_stored(instance, field, value))
        if base is not None and field in base:
            if mine == base[field]:
                continue  # untouched in this form: keep whatever is stored now
            if stored not in (base[field], mine):
                newer[field] = getattr(instance, field)
                continue
        if stored == mine and not _differs(instance, field, value):
            continue
        wanted[field] = value
    if newer:
        raise StaleEdit(newer)
    for field, value in wanted.items():
        setattr(instance, field, value)
    return list(wanted)


def renewed_base(base: dict | None, newer: dict) -> str:
    """The base to send back with a refused form: the fields in conflict now count as
    seen (their newer value), the others keep the value the form was first loaded with,
    so that a field the person never touched still cannot overwrite a newer one."""
    renewed = dict(base or {})
    for field, value in newer.items():
        renewed[field] = fingerprint(value)
    return json.dumps(renewed, separators=(",", ":"))


def _differs(instance, field: str, value) -> bool:
    """Same fingerprint can hide a type change (None vs ""); compare the real values."""
    stored = getattr(instance, field)
    if hasattr(stored, "pk") or hasattr(value, "pk"):
        return getattr(stored, "pk", stored) != getattr(value, "pk", value)
    return stored != value
