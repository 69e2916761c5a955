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
import http.cookiejar
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args, script=None) -> str:
    command = [PY, "manage.py", *args]
    if script is not None:
        command += ["-c", script]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict) -> tuple[int, str]:
        data = {"csrfmiddlewaretoken": self.csrf(), **data}
        request = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode(data).encode(),
            headers={"Referer": self.base + path},
        )
        return self._open(request)

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def login(self, username: str) -> "Browser":
        status, body = self.get("/login/")
        assert status == 200, f"the login page answered {status}: {body[:300]}"
        status, _ = self.post("/login/", {"username": username, "password": PASSWORD})
        assert status == 302, f"login of {username} answered {status}"
        return self


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


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


def base_of(page: str, section: str) -> str | None:
    """The record page's hidden base for one section's form, when the page has one."""
    match = re.search(
        rf'name="section" value="{section}">(.*?)</form>', page, re.S
    )
    if match is None:
        return None
    found = re.search(r'name="base" value="([^"]*)"', match.group(1))
    return found and found.group(1).replace("&quot;", '"')


def run_database(label: str, env: dict, rounds: int) -> dict:
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")  # DEBUG off: pages need the manifest
    out = manage(env, "shell", script=SETUP.replace("PASSWORD", repr(PASSWORD)).replace(
        "__ROUNDS__", str(rounds)))
    ids = json.loads(out.split("RACES", 1)[1])
    port = free_port()
    log = open(ROOT / "var" / "bench" / f"races-{label}.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "chibo.wsgi", "-w", "4", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "--timeout", "120"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, text=True,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        secretary = Browser(base).login("race-secretary")
        taker = Browser(base).login("race-taker")
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
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
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
    common = {
        **os.environ, "DEBUG": "false", "SECURE_COOKIES": "false",
        "SECRET_KEY": secrets.token_urlsafe(40), "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "AXES_FAILURE_LIMIT": "1000",
    }  # fmt: skip
    results = {}
    if args.only in (None, "sqlite"):
        path = ROOT / "var" / "bench" / "races.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        results["SQLite"] = run_database("SQLite", {**common, "DATABASE_URL": f"sqlite:///{path}"},
                                         args.rounds)
    if args.only in (None, "postgresql"):
        server = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
        admin = server.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(
            [PY, "-c", "import sys, psycopg; c = psycopg.connect(sys.argv[1], autocommit=True);"
             "c.execute('DROP DATABASE IF EXISTS chibo_races WITH (FORCE)');"
             "c.execute('CREATE DATABASE chibo_races')", admin],
            check=True,
        )  # fmt: skip
        url = server.rsplit("/", 1)[0] + "/chibo_races"
        results["PostgreSQL"] = run_database("PostgreSQL", {**common, "DATABASE_URL": url},
                                             args.rounds)
    print(f"\n{'scenario':<22} {'database':<11} {'HTTP 500':>9} {'broken':>7} {'of':>4}")
    for database, rows in results.items():
        for name, (errors, broken, total) in rows.items():
            print(f"{name:<22} {database:<11} {errors:>9} {broken:>7} {total:>4}")


if __name__ == "__main__":
    main()
