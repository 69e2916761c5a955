"""Rules as data: `policy("meeting.min_minutes", on=day, organization=cell)`.

The value in force on a day is the one with the latest `effective_from` on or before that
day, taken from the most specific issuer: the organization's own committee or the
nearest one above it that issued a version, else the general rule. So a ward's own
rubric applies to its cells from its date, and a general change does not silently
replace a committee's own choice.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from chibo.core.paths import ancestor_paths
from chibo.policies.models import Policy


class PolicyMissing(LookupError):
    pass


def issuer_paths(organization) -> list[str]:
    """The paths whose committees' own versions apply to `organization`: its own and
    every one above it."""
    if organization is None:
        return []
    return ancestor_paths(organization.path, include_self=True)


def _candidates(keys, on: dt.date, organization):
    paths = issuer_paths(organization)
    return (
        Policy.objects.filter(key__in=keys, effective_from__lte=on)
        .filter(Q(issuer__isnull=True) | Q(issuer__path__in=paths))
        .select_related("issuer")
    )


def choose_versions(rows) -> dict[str, Policy]:
    """Of the candidate rows, the version in force per key: the deepest issuer's, then
    the latest."""
    best: dict[str, Policy] = {}
    for row in rows:
        depth = row.issuer.depth if row.issuer_id else 0
        current = best.get(row.key)
        if current is None:
            best[row.key] = row
            continue
        current_depth = current.issuer.depth if current.issuer_id else 0
        if (depth, row.effective_from) > (current_depth, current.effective_from):
            best[row.key] = row
    return best


def policy_row(key: str, *, on: dt.date, organization=None) -> Policy:
    chosen = choose_versions(_candidates([key], on, organization)).get(key)
    if chosen is None:
        raise PolicyMissing(f"Chưa có quy định «{key}» có hiệu lực ngày {on:%d/%m/%Y}.")
    return chosen


def policy(key: str, *, on: dt.date, organization=None):
    """The value of one rule in force on `on` for `organization` (one query)."""
    return policy_row(key, on=on, organization=organization).value


@dataclass
class PolicyBook:
    """Several rules in force on one day for one organization, read in one query."""

    rows: dict[str, Policy]
    on: dt.date

    def __getitem__(self, key: str):
        try:
            return self.rows[key].value
        except KeyError:
            raise PolicyMissing(
                f"Chưa có quy định «{key}» có hiệu lực ngày {self.on:%d/%m/%Y}."
            ) from None

    def basis(self, key: str) -> str:
        return self.rows[key].legal_basis


def policy_book(keys, *, on: dt.date, organization=None) -> PolicyBook:
    return PolicyBook(choose_versions(_candidates(list(keys), on, organization)), on)


def all_versions(*, issuer=None):
    qs = Policy.objects.select_related("issuer", "created_by").order_by("key", "-effective_from")
    return qs if issuer is None else qs.filter(issuer=issuer)
