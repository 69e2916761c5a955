"""The Django side of `make bench-load` (bench/load.py), run in a subprocess on the bench
database (the settings read DATABASE_URL at import):

    python bench/load_setup.py setup --cells 160 --members 300 ... > plan.json
    python bench/load_setup.py check plan.json > found.json

`setup` first removes what an earlier run wrote (its meetings with everything hanging off
them, its sessions), then makes "today's" meetings for the chosen cells through the
services (meeting_create, document_attach: thematic meetings, since each cell's regular
meeting of the month already exists in the demo), the bench's accounts once (a
secretary and a minute-taker per cell with the secretary's scope, members linked to
party members of those cells, committee officials and staff with the staff scope), and
one session per simulated browser, written as `login()` writes it: a meeting day's
users are logged in already, and hashing ~1,400 passwords would be a load of its own.

`check` reads back, for the run's meetings and accounts, what the driver's writes should
have left: the roll-call rows, the texts of the sections, the speeches, the votes, the
scores, the adopted minutes and the visit reports (bench.load_stats.lost_writes compares).
"""

import argparse
import datetime as dt
import json
import os
import random
import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from chibo.accounts.models import Role, Scope, User  # noqa: E402
from chibo.demo.kit import delete_all  # noqa: E402
from chibo.meetings import services  # noqa: E402
from chibo.meetings.models import (  # noqa: E402
    Attendance,
    Meeting,
    MeetingDocument,
    MeetingKind,
    Speech,
)
from chibo.members.models import PartyMember, Position  # noqa: E402
from chibo.notifications.models import Notification  # noqa: E402
from chibo.organizations.models import Organization  # noqa: E402
from chibo.supervision.models import VisitReport  # noqa: E402

# Marks the run's meetings (the next setup deletes them) and its sessions.
TOPIC = "Chuyên đề ngày sinh hoạt (đo tải)"
SESSION_PREFIX = "benchload"
BACKEND = "django.contrib.auth.backends.ModelBackend"
TEXT_FIELDS = [
    "review_results", "review_shortcomings", "review_causes", "news", "new_policies",
    "study_item", "self_criticism", "next_month", "conclusion", "resolution",
]  # fmt: skip
# A small PDF the members open on their phones (what a cell sends before a meeting).
DOCUMENT = b"%PDF-1.4\n% Tai lieu sinh hoat chuyen de\n" + b"0" * 60_000 + b"\n%%EOF\n"


def reset() -> int:
    """Delete what an earlier run wrote: its meetings with all that hangs off them (roll
    call, minutes, visit reports, concerns, numbers, the documents' files), the
    notifications that point at them or went to the bench's accounts, and the bench's
    sessions. Returns how many meetings went."""
    ids = list(Meeting.objects.filter(topic=TOPIC).values_list("pk", flat=True))
    files = list(MeetingDocument.objects.filter(meeting_id__in=ids).values_list("file", flat=True))
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        if ids:
            delete_all(Meeting.objects.filter(pk__in=ids))
            Meeting.history.model.objects.filter(id__in=ids).delete()
            Notification.objects.filter(
                Q(url__in=[f"/meetings/{pk}/" for pk in ids])
                | Q(user__username__startswith="bench-")
            ).delete()
        Session.objects.filter(session_key__startswith=SESSION_PREFIX).delete()
    storage = MeetingDocument._meta.get_field("file").storage
    for name in files:  # the rows are gone: their files too
        storage.delete(name)
    return len(ids)


def account(username: str, name: str) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"first_name": name})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def scoped(username: str, name: str, organization, role: str) -> User:
    user = account(username, name)
    Scope.objects.get_or_create(user=user, organization=organization, role=role)
    return user


def session_for(user: User) -> str:
    """A session as django.contrib.auth.login leaves it."""
    store = SessionStore()
    data = {
        SESSION_KEY: str(user.pk),
        BACKEND_SESSION_KEY: BACKEND,
        HASH_SESSION_KEY: user.get_session_auth_hash(),
    }
    key = SESSION_PREFIX + secrets.token_hex(12)
    Session.objects.create(
        session_key=key, session_data=store.encode(data),
        expire_date=timezone.now() + dt.timedelta(days=1),
    )  # fmt: skip
    return key


def pick_cells(count: int, seed: int) -> list[Organization]:
    """Active cells with enough members to hold a meeting (a chair, a minute-taker and a
    vote), drawn with the seed."""
    cells = list(
        Organization.objects.filter(is_cell=True, dissolved_on__isnull=True)
        .annotate(size=Count("members"))
        .filter(size__gte=5)
        .order_by("pk")
    )
    if count > len(cells):
        sys.exit(f"asked for {count} cells meeting at once; the database has {len(cells)}")
    return sorted(random.Random(seed).sample(cells, count), key=lambda c: c.pk)


def today_times() -> tuple[dt.datetime, dt.datetime]:
    """Today's meeting: started two hours ago (not before midnight) and ended a minute
    ago, so the minutes can be adopted now (the rule: only after the meeting ended)."""
    now = timezone.localtime().replace(second=0, microsecond=0)
    midnight = now.replace(hour=0, minute=0)
    start = max(now - dt.timedelta(hours=2), midnight)
    end = max(now - dt.timedelta(minutes=1), start + dt.timedelta(minutes=1))
    return start, end


def setup(args) -> dict:
    removed = reset()
    root = Organization.get_root_nodes().first()
    wards = list(Organization.objects.filter(depth=root.depth + 1, is_cell=False).order_by("pk"))
    cells = pick_cells(args.cells, args.seed)
    start, end = today_times()
    plan = {
        "removed": removed, "today": f"{start:%d/%m/%Y}", "start": f"{start:%H:%M}",
        "end": f"{end:%H:%M}", "year": str(start.year), "month": f"{start:%Y-%m}",
        "cells": [], "members": [], "officials": [], "staff": [], "floor": [],
    }  # fmt: skip
    readers = []
    for cell in cells:
        members = list(cell.members.order_by("sort_key", "pk"))
        chair = next((m for m in members if m.position == Position.SECRETARY), members[0])
        taker = next(m for m in members if m.pk != chair.pk)
        secretary = scoped(f"bench-sec-{cell.pk}", chair.full_name, cell, Role.SECRETARY)
        writer = scoped(f"bench-taker-{cell.pk}", taker.full_name, cell, Role.SECRETARY)
        meetings = []
        for _ in range(args.meetings):
            meeting = services.meeting_create(
                actor=secretary, cell=cell, kind=MeetingKind.THEMATIC, topic=TOPIC,
                scheduled_at=start,
            )  # fmt: skip
            document = services.document_attach(
                actor=secretary, meeting=meeting, title="Tài liệu sinh hoạt chuyên đề",
                upload=SimpleUploadedFile("tai-lieu-chuyen-de.pdf", DOCUMENT),
            )  # fmt: skip
            meetings.append({"id": meeting.pk, "document": document.pk})
        plan["cells"].append({
            "cell": cell.pk, "meetings": meetings, "chair": chair.pk, "taker": taker.pk,
            "secretary": session_for(secretary), "minute_taker": session_for(writer),
        })  # fmt: skip
        readers += [(m, meetings) for m in members if m.pk not in (chair.pk, taker.pk)]
    rng = random.Random(args.seed)
    rng.shuffle(readers)
    if args.members > len(readers):
        sys.exit(f"asked for {args.members} members; the cells chosen have {len(readers)}")
    for member, meetings in readers[: args.members]:
        if member.user_id is None:
            member.user = account(f"bench-member-{member.pk}", member.full_name)
            PartyMember.objects.filter(pk=member.pk).update(user=member.user)
        plan["members"].append({"session": session_for(member.user), "meetings": meetings})
    every = [m["id"] for c in plan["cells"] for m in c["meetings"]]
    for i in range(args.officials):
        official = scoped(f"bench-official-{i}", f"Cấp ủy viên {i}", root, Role.COMMITTEE_STAFF)
        # Each official reports on different meetings (one report per official and meeting).
        mine = every[i % len(every) :: max(1, args.officials)] or every[:1]
        plan["officials"].append({"session": session_for(official), "meetings": mine,
                                  "username": official.username})
    for i in range(args.staff):
        # Half the staff at the city committee, half at a ward's.
        where = root if i % 2 == 0 or not wards else wards[i // 2 % len(wards)]
        staff = scoped(f"bench-staff-{i}", f"Cán bộ {i}", where, Role.COMMITTEE_STAFF)
        ward = where if where is not root else (wards[i % len(wards)] if wards else root)
        plan["staff"].append({"session": session_for(staff), "ward": ward.pk})
    floor = account("bench-floor", "Đo mức sàn")
    plan["floor"] = [session_for(floor) for _ in range(args.floor)]
    return plan


def check(plan: dict) -> dict:
    """What the database holds for the run's meetings and officials, keyed as
    bench.load_driver.Ledger keys what the driver saw succeed."""
    ids = [m["id"] for c in plan["cells"] for m in c["meetings"]]
    found = {"roll call rows": {}, "sections saved": {}, "speeches": {}, "votes": {},
             "scores": {}, "adopted minutes": {}, "visit reports": {}}  # fmt: skip
    rows = Attendance.objects.filter(meeting_id__in=ids).exclude(presence="")
    for pk, n in rows.values_list("meeting_id").annotate(n=Count("id")):
        found["roll call rows"][str(pk)] = n
    for pk, n in Speech.objects.filter(meeting_id__in=ids).values_list("meeting_id").annotate(
        n=Count("id")
    ):
        found["speeches"][str(pk)] = n
    for meeting in Meeting.objects.filter(pk__in=ids).annotate(n=Count("versions")):
        for field in TEXT_FIELDS:
            found["sections saved"][f"{meeting.pk}:{field}"] = getattr(meeting, field)
        if meeting.votes_for is not None:
            found["votes"][str(meeting.pk)] = [
                meeting.votes_for, meeting.votes_against, meeting.votes_abstain]
        found["scores"][str(meeting.pk)] = meeting.score_items
        if meeting.status == "adopted":
            found["adopted minutes"][str(meeting.pk)] = meeting.n
    reports = VisitReport.objects.filter(meeting_id__in=ids, official__username__startswith=(
        "bench-official-")).values_list("official__username", "meeting_id")
    for username, pk in reports:
        found["visit reports"][f"{username}:{pk}"] = True
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["setup", "check"])
    parser.add_argument("plan", nargs="?", help="check: the plan setup printed")
    parser.add_argument("--cells", type=int, default=10)
    parser.add_argument("--meetings", type=int, default=1, help="meetings per cell today")
    parser.add_argument("--members", type=int, default=10)
    parser.add_argument("--officials", type=int, default=2)
    parser.add_argument("--staff", type=int, default=2)
    parser.add_argument("--floor", type=int, default=10)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    if args.step == "setup":
        out = setup(args)
    else:
        out = check(json.loads(Path(args.plan).read_text()))
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
