#!/usr/bin/env python
"""Meeting day's races against a real server: gunicorn (4 workers) over HTTP, on a fresh
SQLite file and on PostgreSQL, two or more browsers posting at the same moment.

    .venv/bin/python bench/races.py [--only sqlite|postgresql] [--rounds 25]

For each database: a new database (var/bench/races.sqlite3, or `chibo_races` on the
PostgreSQL of DATABASE_URL or 127.0.0.1:5432), migrated, with one small cell whose
thematic meetings are recorded and ready to adopt; then gunicorn serves it and the
scenarios below run, each round on its own meeting, and the table counts what broke:

- adopt + draft save: one browser adopts while another saves a section of the minutes;
  broken when any answer is a 500, the meeting is not adopted, or its stored version no
  longer matches its SHA-256;
- double adopt: the same adopt posted twice at once; broken on a 500 or two versions;
- two sections: two browsers, both loaded the record page, save different sections at
  once; broken when one text is lost;
- 30 writes: thirty speeches posted at once to one meeting; broken per 500 / missing.

The same script runs against an older checkout (it sends the forms' `base` only when
the page has one), which is how the "before" figures in the issue note were taken.
"""

import argparse
import json
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.server import (  # noqa: E402
    ROOT,
    Browser,
    base_of,
    gunicorn,
    manage,
    postgres_database,
    server_env,
)

PASSWORD = "chibo-races-pw"

SETUP = r"""
import datetime as dt, json
from django.utils import timezone
from chibo.accounts.models import Role
from chibo.core.testing.factories import MemberFactory, UserFactory, grant, make_org
from chibo.meetings import services
from chibo.meetings.models import MeetingKind
from chibo.members.models import Position

root = make_org("Đảng bộ thành phố Đua")
cell = make_org("Chi bộ khu phố Đua", root, is_cell=True)
users = []
for name in ("race-secretary", "race-taker"):
    user = UserFactory(username=name)
    user.set_password(PASSWORD)
    user.save()
    grant(user, cell, Role.SECRETARY)
    users.append(user)
secretary = MemberFactory(organization=cell, full_name="Nguyễn Thị Thu",
                          position=Position.SECRETARY, user=users[0])
taker = MemberFactory(organization=cell, full_name="Trần Văn Bảo", user=users[1])
for i in range(8):
    MemberFactory(organization=cell, full_name=f"Lê Văn Số {i}")

def ready(i):
    start = timezone.make_aware(dt.datetime(2026, 1, 1, 8)) + dt.timedelta(days=i)
    m = services.meeting_create(actor=users[0], cell=cell, kind=MeetingKind.THEMATIC,
                                topic=f"Chuyên đề {i}", scheduled_at=start)
    roll = services.attendance_record(actor=users[0], meeting=m, entries=[
        {"member": x.pk, "presence": "present"} for x in cell.members.all()])
    services.content_update(actor=users[0], meeting=m, started_at=start,
                            ended_at=start + dt.timedelta(minutes=90),
                            chair=secretary, minute_taker=taker)
    services.vote_record(actor=users[0], meeting=m, votes_for=roll.voters_present(),
                         votes_against=0, votes_abstain=0)
    return m.pk

ROUNDS = int(__ROUNDS__)
out = {name: [ready(i + ROUNDS * k) for i in range(ROUNDS)]
       for k, name in enumerate(["adopt_save", "double_adopt", "sections"])}
out["writes"] = [ready(3 * ROUNDS)]
out["member"] = taker.pk
print("RACES" + json.dumps(out))
"""

CHECK = r"""
import json
from chibo.meetings.models import Meeting, Speech
from chibo.meetings.services import content_hash
ids = json.loads(__IDS__)
out = {}
for pk in ids:
    m = Meeting.objects.get(pk=pk)
    versions = list(m.versions.all())
    out[pk] = {
        "status": m.status,
        "versions": len(versions),
        "hash_ok": all(v.content_hash == content_hash(v.snapshot) for v in versions),
        "news": m.news, "conclusion": m.conclusion,
        "speeches": Speech.objects.filter(meeting=m).count(),
    }
print("CHECK" + json.dumps(out))
"""


def at_once(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        try:
            results[i] = call()
        except Exception as error:  # noqa: BLE001 - counted as broken
            results[i] = (599, repr(error))

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def run_database(label: str, env: dict, rounds: int) -> dict:
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")  # DEBUG off: pages need the manifest
    out = manage(env, "shell", script=SETUP.replace("PASSWORD", repr(PASSWORD)).replace(
        "__ROUNDS__", str(rounds)))
    ids = json.loads(out.split("RACES", 1)[1])
    with gunicorn(env, log_path=ROOT / "var" / "bench" / f"races-{label}.log") as server:
        base = server.base
        secretary = Browser(base).login("race-secretary", PASSWORD)
        taker = Browser(base).login("race-taker", PASSWORD)
        statuses = {"adopt_save": [], "double_adopt": [], "sections": [], "writes": []}
        for pk in ids["adopt_save"]:
            statuses["adopt_save"] += at_once(
                lambda pk=pk: secretary.post(f"/meetings/{pk}/adopt/", {"confirm": "on"}),
                lambda pk=pk: taker.post(
                    f"/meetings/{pk}/record/",
                    {"section": "news", "news": "Tin muộn", "new_policies": ""},
                ),
            )
        for pk in ids["double_adopt"]:
            statuses["double_adopt"] += at_once(
                *[lambda pk=pk: secretary.post(f"/meetings/{pk}/adopt/", {"confirm": "on"})] * 2
            )
        for pk in ids["sections"]:
            page_a = secretary.get(f"/meetings/{pk}/record/")[1]
            page_b = taker.get(f"/meetings/{pk}/record/")[1]
            news = {"section": "news", "news": "Tin của bí thư", "new_policies": ""}
            end = {"section": "conclusion", "conclusion": "Kết luận của thư ký"}
            if base_of(page_a, "news") is not None:
                news["base"] = base_of(page_a, "news")
                end["base"] = base_of(page_b, "conclusion")
            statuses["sections"] += at_once(
                lambda pk=pk, d=news: secretary.post(f"/meetings/{pk}/record/", d),
                lambda pk=pk, d=end: taker.post(f"/meetings/{pk}/record/", d),
            )
        (pk,) = ids["writes"]
        statuses["writes"] = at_once(
            *[
                lambda i=i: (secretary if i % 2 else taker).post(
                    f"/meetings/{pk}/speeches/",
                    {"section": "discussion", "member": str(ids["member"]),
                     "speaker_name": "", "text": f"Ý kiến số {i}"},
                )  # fmt: skip
                for i in range(30)
            ]
        )
    every = [pk for key in ("adopt_save", "double_adopt", "sections", "writes") for pk in ids[key]]
    state = json.loads(
        manage(env, "shell", script=CHECK.replace("__IDS__", repr(json.dumps(every)))).split(
            "CHECK", 1
        )[1]
    )
    state = {int(k): v for k, v in state.items()}

    def errors(key):
        return sum(1 for status, _ in statuses[key] if status >= 500)

    rows = {}
    broken = [
        pk for pk in ids["adopt_save"]
        if state[pk]["status"] != "adopted" or not state[pk]["hash_ok"]
        or state[pk]["versions"] != 1
    ]  # fmt: skip
    rows["adopt + draft save"] = (errors("adopt_save"), len(set(broken)), rounds)
    broken = [pk for pk in ids["double_adopt"] if state[pk]["versions"] != 1]
    rows["double adopt"] = (errors("double_adopt"), len(broken), rounds)
    lost = [
        pk for pk in ids["sections"]
        if (state[pk]["news"], state[pk]["conclusion"]) != ("Tin của bí thư", "Kết luận của thư ký")
    ]  # fmt: skip
    rows["two sections"] = (errors("sections"), len(lost), rounds)
    rows["30 writes"] = (errors("writes"), 30 - state[ids["writes"][0]]["speeches"], 30)
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--rounds", type=int, default=25)
    args = parser.parse_args()
    results = {}
    if args.only in (None, "sqlite"):
        path = ROOT / "var" / "bench" / "races.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        results["SQLite"] = run_database("SQLite", server_env(f"sqlite:///{path}"), args.rounds)
    if args.only in (None, "postgresql"):
        url = postgres_database("chibo_races", fresh=True)
        if url is None:
            sys.exit("PostgreSQL: no server on 127.0.0.1:5432 and no DATABASE_URL")
        results["PostgreSQL"] = run_database("PostgreSQL", server_env(url), args.rounds)
    print(f"\n{'scenario':<22} {'database':<11} {'HTTP 500':>9} {'broken':>7} {'of':>4}")
    for database, rows in results.items():
        for name, (errors, broken, total) in rows.items():
            print(f"{name:<22} {database:<11} {errors:>9} {broken:>7} {total:>4}")


if __name__ == "__main__":
    main()
