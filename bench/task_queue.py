#!/usr/bin/env python
"""The task queue's own cost (django-tasks + django-tasks-db), on SQLite and PostgreSQL.

    .venv/bin/python bench/task_queue.py [--tasks 2000] [--workers 1,2,4] [--only sqlite|postgresql]

On a scratch database of its own (SQLite var/bench/queue.sqlite3; PostgreSQL
`chibo_queue_bench` on 127.0.0.1:5432 as user postgres, or PG_URL), with only the queue's
table migrated: the time a request pays to enqueue one task, the time from enqueue to
start with an idle worker polling every second, and the throughput of N `db_worker
--batch` processes on a queue of trivial tasks, checking that each task ran exactly once.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE = ROOT / "var" / "bench" / "queue.sqlite3"
PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/chibo_queue_bench")


def env_for(url: str) -> dict:
    return {**os.environ, "DEBUG": "true", "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "chibo.settings"}


def manage(url: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env_for(url),
                          check=True, capture_output=True, text=True, **kwargs)


CHILD = r"""
import json, statistics, sys, time
import django
django.setup()
from django.db import connection
from django_tasks_db.models import DBTaskResult
from bench.queue_tasks import noop
action, n = sys.argv[1], int(sys.argv[2])
if action == "enqueue":
    DBTaskResult.objects.all().delete()
    times = []
    for i in range(n):
        start = time.perf_counter()
        noop.enqueue(i)
        times.append(time.perf_counter() - start)
    times.sort()
    p50, p95 = times[len(times) // 2], times[int(len(times) * .95)]
    print(json.dumps({"p50": p50 * 1000, "p95": p95 * 1000}))
elif action == "check":
    rows = list(DBTaskResult.objects.values_list("status", "worker_ids", "args_kwargs"))
    done = [r for r in rows if r[0] == "SUCCESSFUL"]
    once = all(len(r[1]) == 1 for r in done)
    args = sorted(r[2]["args"][0] for r in done)
    print(json.dumps({"done": len(done), "once": once, "distinct": len(set(args)),
                      "workers": len({r[1][0] for r in done})}))
elif action == "latency":
    waits = []
    for i in range(n):
        result = noop.enqueue(i)
        while True:
            row = (DBTaskResult.objects.filter(id=result.id)
                   .values("status", "enqueued_at", "started_at").get())
            if row["status"] == "SUCCESSFUL":
                break
            time.sleep(0.02)
        waits.append((row["started_at"] - row["enqueued_at"]).total_seconds())
        time.sleep(0.37)  # off the worker's beat
    print(json.dumps({"mean": statistics.mean(waits), "max": max(waits)}))
"""


def child(url: str, action: str, n: int) -> dict:
    import json

    out = subprocess.run([sys.executable, "-c", CHILD, action, str(n)], cwd=ROOT,
                         env=env_for(url), check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench(name: str, url: str, tasks: int, workers: list[int]) -> None:
    manage(url, "migrate", "django_tasks_database", "--no-input")
    print(f"\n## {name}\n")
    enq = child(url, "enqueue", 200)
    print(f"enqueue one task (the request's cost): p50 {enq['p50']:.1f} ms, "
          f"p95 {enq['p95']:.1f} ms")
    print("\n| worker processes | tasks | seconds | tasks/s | each ran once |")
    print("|---|---|---|---|---|")
    for count in workers:
        child(url, "enqueue", tasks)
        start = time.perf_counter()
        procs = [subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload",
             "--no-startup-delay", "--interval", "0", "--verbosity", "0",
             "--worker-id", f"bench-{i}"],
            cwd=ROOT, env=env_for(url)) for i in range(count)]
        for p in procs:
            p.wait()
        seconds = time.perf_counter() - start
        check = child(url, "check", 0)
        ok = check["done"] == tasks and check["once"] and check["distinct"] == tasks
        print(f"| {count} | {tasks} | {seconds:.1f} | {tasks / seconds:.0f} | "
              f"{'yes' if ok else 'NO: ' + str(check)} ({check['workers']} took some) |")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
         "--interval", "1", "--verbosity", "0"], cwd=ROOT, env=env_for(url))
    try:
        time.sleep(4)
        lat = child(url, "latency", 10)
    finally:
        worker.terminate()
        worker.wait()
    print(f"\nenqueue → start with an idle worker polling every 1 s: mean {lat['mean']:.2f} s, "
          f"max {lat['max']:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    workers = [int(w) for w in args.workers.split(",")]
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if args.only != "postgresql":
        SQLITE.parent.mkdir(parents=True, exist_ok=True)
        bench("SQLite", f"sqlite:///{SQLITE}", args.tasks, workers)
    if args.only != "sqlite":
        bench("PostgreSQL", PG_URL, args.tasks, workers)
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
