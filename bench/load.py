#!/usr/bin/env python
"""`make bench-load`: a meeting day on the demo city, served by gunicorn on PostgreSQL and
driven from 127.0.0.1 for a bounded time. See bench/README.md.

    .venv/bin/python bench/load.py [--users 700] [--duration 180] [--think 5,15]
                                   [--workers 4] [--reload]

1. The database `chibo_bench_load` (on DATABASE_URL's PostgreSQL server or 127.0.0.1:5432)
   is created, migrated and loaded with the city demo on first use, and reused after.
2. bench/load_setup.py removes what the last run wrote and makes today's meetings, the
   accounts and the sessions of the simulated users.
3. gunicorn serves it (real settings, DEBUG off, bench's URLconf for the minimal view);
   bench/load_driver.py runs the users for --duration seconds; gunicorn is stopped.
4. bench/load_setup.py check reads the database back; the tables are printed: per page
   p50/p95/p99, errors, throughput and the ratio to the minimal view; the machine's load,
   the CPU of the driver and of gunicorn; the writes that succeeded and whether the
   database holds them.
"""

import argparse
import asyncio
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load_driver import FLOOR, drive  # noqa: E402
from bench.load_stats import (  # noqa: E402
    ACCESS_FORMAT,
    lost_writes,
    page_rows,
    percentile,
    server_times,
)
from bench.server import PY, ROOT, gunicorn, manage, postgres_database, server_env  # noqa: E402

DATABASE = "chibo_bench_load"
OUT = ROOT / "var" / "bench"
# The meeting day's mix of active users (the floor's users come on top, as many again):
# two writers per meeting cell, officials, staff; members on phones are the rest.
SHARE_CELLS, SHARE_OFFICIALS, SHARE_STAFF = 0.23, 0.06, 0.05
# A meeting from roll call to adoption takes about 14 think times (~140 s at 5–15 s).
MEETING_SECONDS = 150


def mix(users: int, duration: float) -> dict[str, int]:
    cells = max(1, round(users * SHARE_CELLS))
    officials = max(1, round(users * SHARE_OFFICIALS))
    staff = max(1, round(users * SHARE_STAFF))
    members = max(0, users - 2 * cells - officials - staff)
    return {"cells": cells, "meetings": 1 + int(duration // MEETING_SECONDS),
            "members": members, "officials": officials, "staff": staff, "floor": users}


def prepare(env: dict, reload: bool) -> None:
    print(f"[{DATABASE}] migrate", file=sys.stderr)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")  # DEBUG off: whitenoise serves these
    state = manage(env, "shell", script=(
        "from chibo.organizations.models import Organization as O;"
        "from chibo.meetings.models import Meeting as M;"
        "print(O.objects.exists(), M.objects.exists())")).split()[-2:]
    has_orgs, has_meetings = (word == "True" for word in state)
    if reload or not has_orgs or not has_meetings:
        print(f"[{DATABASE}] load_demo (the city)", file=sys.stderr)
        started = time.perf_counter()
        manage(env, "load_demo", *(["--force"] if has_orgs else []))
        print(f"[{DATABASE}] load_demo took {time.perf_counter() - started:.0f} s",
              file=sys.stderr)


def step(env: dict, *args: str) -> dict:
    done = subprocess.run([PY, str(ROOT / "bench" / "load_setup.py"), *args], cwd=ROOT,
                          env=env, capture_output=True, text=True)  # fmt: skip
    if done.returncode:
        sys.exit(f"load_setup.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=700,
                        help="active users of the meeting day (as many again on the floor)")
    parser.add_argument("--duration", type=float, default=180, help="seconds of load")
    parser.add_argument("--think", default="5,15", help="think time between steps, s: MIN,MAX")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--reload", action="store_true", help="load the demo city afresh")
    args = parser.parse_args()
    think = tuple(float(x) for x in args.think.split(","))
    url = postgres_database(DATABASE)
    if url is None:
        sys.exit("PostgreSQL: no server on 127.0.0.1:5432 and no DATABASE_URL")
    env = server_env(url, DJANGO_SETTINGS_MODULE="bench.settings", LOG_LEVEL="ERROR")
    prepare(env, args.reload)
    people = mix(args.users, args.duration)
    print(f"[{DATABASE}] setup: {people}", file=sys.stderr)
    plan = step(env, "setup", *[f"--{k}={v}" for k, v in people.items()], f"--seed={args.seed}")
    OUT.mkdir(parents=True, exist_ok=True)
    plan_path = OUT / "load-plan.json"
    plan_path.write_text(json.dumps(plan))
    access = OUT / "load-access.log"
    access.unlink(missing_ok=True)  # gunicorn appends to it
    with gunicorn(env, log_path=OUT / "load-gunicorn.log", workers=args.workers,
                  threads=args.threads, timeout=120, access_log=access,
                  access_format=ACCESS_FORMAT) as server:  # fmt: skip
        print(f"[{DATABASE}] driving {server.base} for {args.duration:.0f} s", file=sys.stderr)
        load_start, cpu_start = os.getloadavg(), server.cpu_seconds()
        result = asyncio.run(drive(plan, server.base, seconds=args.duration, think=think,
                                   seed=args.seed))  # fmt: skip
        load_end, server_cpu = os.getloadavg(), server.cpu_seconds() - cpu_start
    with access.open() as lines:
        result["served"] = server_times(lines)
    found = step(env, "check", str(plan_path))
    report(args, people, plan, result, found, load_start, load_end, server_cpu)
    return 0


def report(args, people, plan, result, found, load_start, load_end, server_cpu) -> None:
    seconds = result["seconds"]
    rows = page_rows(result["pages"], seconds, FLOOR, result["served"])
    rows.sort(key=lambda r: (r["page"] != FLOOR, r["page"]))
    total = sum(r["requests"] for r in rows)
    errors = sum(r["errors"] for r in rows)
    print(f"\nMeeting day on the demo city: {args.users} active users ({people['cells']} cells "
          f"meeting at once: {2 * people['cells']} writers; {people['members']} members, "
          f"{people['officials']} officials, {people['staff']} staff) and {people['floor']} "
          f"more on the minimal view; think {args.think} s; {args.duration:.0f} s of load "
          f"and {seconds - args.duration:.0f} s for the requests then in flight; gunicorn "
          f"{args.workers} workers x {args.threads} thread(s), PostgreSQL; today's meetings "
          f"{plan['today']} {plan['start']}–{plan['end']}.\n")
    header = (f"{'page':<26} {'requests':>8} {'errors':>6} {'req/s':>6} {'p50 ms':>8} "
              f"{'p95 ms':>8} {'p99 ms':>8} {'p50 x':>6} {'p95 x':>6} {'srv p50':>8} "
              f"{'srv p95':>8}")
    print(header)
    print("-" * len(header))
    for r in rows:
        print(f"{r['page']:<26} {r['requests']:>8} {r['errors']:>6} {r['per_s']:>6.2f} "
              f"{_ms(r['p50'])} {_ms(r['p95'])} {_ms(r['p99'])} {_x(r['x50'])} {_x(r['x95'])} "
              f"{_ms(r['srv50'])} {_ms(r['srv95'])}")
    everything = [t for stats in result["pages"].values() for t in stats.timings]
    pages_only = [t for name, stats in result["pages"].items() if name != FLOOR
                  for t in stats.timings]  # fmt: skip
    print("-" * len(header))
    print(f"{'all pages but the floor':<26} {len(pages_only):>8} {'':>6} "
          f"{len(pages_only) / seconds:>6.2f} {_ms(percentile(pages_only, 50))} "
          f"{_ms(percentile(pages_only, 95))} {_ms(percentile(pages_only, 99))}")
    print(f"{'everything':<26} {total:>8} {errors:>6} {total / seconds:>6.2f} "
          f"{_ms(percentile(everything, 50))} {_ms(percentile(everything, 95))} "
          f"{_ms(percentile(everything, 99))}")
    if result["samples"]:
        print("\nFirst errors:")
        for line in result["samples"]:
            print(f"  {line}")
    lags = result["lags"]
    cores = os.cpu_count() or 1
    print(f"\nMachine: {cores} cores; load average (1, 5, 15 min) at start "
          f"{_load(load_start)}, at end {_load(load_end)}.")
    print(f"Driver (this process): {result['driver_cpu']:.1f} s CPU = "
          f"{100 * result['driver_cpu'] / seconds:.0f}% of one core; event loop late by "
          f"p50 {percentile(lags, 50):.1f} ms, p99 {percentile(lags, 99):.1f} ms, "
          f"max {max(lags, default=0):.0f} ms.")
    busy = sum(sum(times) for times in result["served"].values()) / 1000
    print(f"gunicorn (master + workers): {server_cpu:.1f} s CPU = "
          f"{100 * server_cpu / seconds / cores:.0f}% of the machine's {cores} cores; its "
          f"workers were busy {100 * busy / (seconds * args.workers * args.threads):.0f}% of "
          "the time (from the access log; near 100%, requests queue before a worker).")
    print("\nWrites the driver saw succeed, and what the database holds after the run:\n")
    head = f"{'write':<18} {'succeeded':>9} {'in database':>11} {'lost':>5} {'uncertain':>9}"
    print(head)
    print("-" * len(head))
    lost = lost_writes(result["ledger"], found)
    for r in lost:
        print(f"{r['kind']:<18} {r['succeeded']:>9} {r['in_database']:>11} {r['lost']:>5} "
              f"{r['uncertain']:>9}")
    print(f"\n{sum(r['lost'] for r in lost)} lost writes, {errors} errors.")


def _ms(value: float) -> str:
    return f"{'–':>8}" if math.isnan(value) else f"{value:>8.0f}"


def _x(value: float) -> str:
    return f"{'–':>6}" if math.isnan(value) else f"{value:>6.1f}"


def _load(values) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    sys.exit(main())
