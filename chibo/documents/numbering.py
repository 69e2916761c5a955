"""Numbers of the documents a cell issues: "Số 05-NQ/CB" (Hướng dẫn 36-HD/VPTW, 2018,
mục II.1.3: the number runs from 01 for each kind of document across the committee's
term; then the kind's abbreviation and the issuer's, joined by a hyphen and a slash).

The term is what the policy `document.term_start` says on the document's day: the first
day of the term in force (YYYY-MM-DD). The general rows (migration documents/0002) are
Chibo's defaults at the national congress cycle; a committee whose cells held their
congresses on other days adds its own row, and a cell starts again at 01 from the day
its row names. The issuer's abbreviation (`issuer_symbol`, the one rule for every
document's number, blank or issued): a chi bộ's is the policy `document.issuer_symbol`
("CB"); a đảng bộ's documents are its committee's, whose abbreviation comes with its name
(chibo.documents.issuers: "ĐU" for a Đảng ủy, "TU", "QU", "HU" above).

`issue` must run inside the transaction that adopts the document: it locks the counter
row (SELECT … FOR UPDATE; on SQLite the IMMEDIATE transaction already holds the write
lock), so two adoptions at once get consecutive numbers, and a rolled-back adoption
gives its number back.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from chibo.documents.issuers import issuer_of
from chibo.documents.models import DocumentCounter, DocumentKind, DocumentNumber
from chibo.policies.selectors import PolicyMissing, policy

TERM_KEY = "document.term_start"
SYMBOL_KEY = "document.issuer_symbol"
# Before the first term any rule names, one term: numbers still never repeat.
EARLIEST = dt.date(1930, 2, 3)


def term_start(organization, day: dt.date) -> dt.date:
    try:
        value = policy(TERM_KEY, on=day, organization=organization)
    except PolicyMissing:
        return EARLIEST
    return dt.date.fromisoformat(value) if value else EARLIEST


def issuer_symbol(organization, day: dt.date) -> str:
    """After the kind in the number: a cell's policy ("CB"), a committee's from its name
    ("ĐU"). The policy is a chi bộ's abbreviation (its label says so): a committee that
    sets it for its cells does not change its own."""
    if not organization.is_cell:
        return issuer_of(organization.name).symbol
    try:
        return policy(SYMBOL_KEY, on=day, organization=organization) or ""
    except PolicyMissing:
        return ""


def number_text(number: int, kind: str, symbol: str) -> str:
    """5, "NQ", "CB" → "05-NQ/CB" (what follows "Số " under the star)."""
    text = f"{number:02d}-{kind}"
    return f"{text}/{symbol}" if symbol else text


def issue(*, actor, organization, kind: str, day: dt.date, meeting=None) -> DocumentNumber:
    """The next number of `kind` for `organization` in the term of `day`."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("issue() belongs inside the adopting transaction")
    kind = DocumentKind(kind)
    term = term_start(organization, day)
    counter, _ = DocumentCounter.objects.get_or_create(
        organization=organization, kind=kind, term_start=term
    )
    counter = DocumentCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return DocumentNumber.objects.create(
        organization=organization,
        kind=kind,
        term_start=term,
        number=counter.last,
        symbol=number_text(counter.last, kind, issuer_symbol(organization, day)),
        meeting=meeting,
        issued_at=timezone.now(),
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def issue_for_minutes(*, actor, meeting, snapshot: dict) -> dict:
    """The numbers adopted minutes carry, for the snapshot's "numbers": the minutes
    ("BB") of a cell's meeting, and its resolution ("NQ") when the vote passed one.
    A chi ủy meeting's minutes are the committee's working record: not numbered."""
    if meeting.is_committee:
        return {}
    day = timezone.localtime(meeting.started_at or meeting.scheduled_at).date()
    cell = meeting.organization
    numbers = {
        "minutes": issue(
            actor=actor, organization=cell, kind=DocumentKind.MINUTES, day=day, meeting=meeting
        ).symbol
    }
    if (snapshot.get("vote") or {}).get("passed"):
        numbers["resolution"] = issue(
            actor=actor, organization=cell, kind=DocumentKind.RESOLUTION, day=day,
            meeting=meeting,
        ).symbol
    return numbers
