#!/usr/bin/env python
"""Page timings on the demo city, on SQLite and (when a server answers) PostgreSQL.

    .venv/bin/python bench/run.py [--runs 20] [--warmup 3] [--only sqlite|postgresql]
                                  [--reload] [--scale city|province] [--pages words]

For each database this script prepares a database of its own (SQLite: var/bench/
chibo.sqlite3; PostgreSQL: a database `chibo_bench` on the server of DATABASE_URL, or on
127.0.0.1:5432 as user postgres), migrates it and loads the demo city when it is empty,
then measures in a fresh subprocess (settings read DATABASE_URL at import) with
django.test.Client logged in as demo-city. See bench/README.md.
"""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
# One database per demo scale: the province (ten times the city) takes minutes to load.
SQLITE_FILES = {"city": BENCH_DIR / "chibo.sqlite3", "province": BENCH_DIR / "province.sqlite3"}
PG_DATABASES = {"city": "chibo_bench", "province": "chibo_bench_province"}
USERNAME = "demo-city"

# (label, how to find the URL, query string): names are reversed in the child, once Django
# is set up; paths are used as they are, "{meeting}" replaced by the id of the meeting the
# child picks (the latest adopted regular meeting of the largest cell). A page that is not
# there (yet) gets an "n/a" row with the status or the error instead of timings.
# The demo's last completed grading year (decided), whose pages are the fullest.
GRADED_YEAR = 2025

PAGES = [
    ("floor (minimal view)", "bench-floor", ""),
    ("organization tree", "organizations:tree", ""),
    ("member list", "members:list", ""),
    ("API members (50)", "/api/v1/members", "?page_size=50"),
    ("API organizations", "/api/v1/organizations", ""),
    ("meeting list", "/meetings/", ""),
    ("meeting detail", "/meetings/{meeting}/", ""),
    ("minutes PDF", "/meetings/{meeting}/minutes.pdf", ""),
    ("minutes DOCX", "/meetings/{meeting}/minutes.docx", ""),
    ("API meetings (50)", "/api/v1/meetings", "?page_size=50"),
    ("API meeting detail", "/api/v1/meetings/{meeting}", ""),
    ("concerns list", "/supervision/concerns/", ""),
    ("supervision figures", "/supervision/figures/", ""),
    ("API concerns (50)", "/api/v1/concerns", "?page_size=50"),
    ("grading overview", "/grading/overview/{year}/", ""),
    ("grading cell page", "/grading/cell/{cell}/{year}/", ""),
    ("grading decide page", "/grading/decide/{cell}/{year}/", ""),
    ("grade distribution", "/grading/export/distribution/{root}/{year}/", ""),
    ("API grading members (50)", "/api/v1/grading/{year}/members", "?page_size=50"),
    ("dashboard, year", "/reports/", "?period={this_year}"),
    ("dashboard, month", "/reports/", "?period={this_month}"),
    ("dashboard, a ward", "/reports/", "?organization={ward}&period={this_year}"),
    # The dashboard's sections, each loaded when opened (htmx asks the same URL).
    ("section: units, year", "/reports/units/", "?period={this_year}"),
    ("section: act, year", "/reports/act/", "?period={this_year}"),
    ("section: ranking, year", "/reports/ranking/", "?period={this_year}"),
    ("section: charts, year", "/reports/charts/", "?period={this_year}"),
    ("API report summary", "/api/v1/reports/summary", "?period={this_year}"),
    # Since the task queue (chibo.jobs) these pages offer the file; the worker builds it.
    ("report Excel, year (offer)", "/reports/report.xlsx", "?period={this_year}"),
    ("report PDF, year (offer)", "/reports/report.pdf", "?period={this_year}"),
]


# ---------------------------------------------------------------------------------------
# Parent: prepare each database, run a child per database, print one table.


def child_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "testserver",
        "SECURE_COOKIES": "false",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        "LOG_LEVEL": "ERROR",
    })
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT,
                   check=True)


def prepare(name: str, database_url: str, reload: bool, scale: str) -> dict[str, str]:
    env = child_env(database_url)
    print(f"[{name}] migrate", file=sys.stderr)
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    check = subprocess.run(
        [sys.executable, "-c",
         "import django; django.setup();"
         "from chibo.organizations.models import Organization as O;"
         "from chibo.accounts.models import User as U;"
         "from chibo.meetings.models import Meeting as M;"
         f"print(O.objects.exists(), U.objects.filter(username={USERNAME!r}).exists(),"
         " M.objects.exists())"],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    )
    has_orgs, has_user, has_meetings = (word == "True" for word in check.stdout.split()[-3:])
    if has_orgs and not has_meetings and not reload:
        print(f"[{name}] the demo there has no meetings (loaded before they were part of "
              "it): reloading", file=sys.stderr)
        reload = True
    if reload or not has_orgs:
        print(f"[{name}] load_demo", file=sys.stderr)
        started = time.perf_counter()
        manage(env, "load_demo", "--scale", scale, *(["--force"] if has_orgs else []))
        print(f"[{name}] load_demo took {time.perf_counter() - started:.1f} s "
              "(with process start)", file=sys.stderr)
    elif not has_user:
        sys.exit(f"[{name}] the database has organizations but no {USERNAME}: use --reload")
    return env


def sqlite_url(reload: bool, scale: str) -> str:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = SQLITE_FILES[scale]
    if reload:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def postgres_url(scale: str) -> str | None:
    """DATABASE_URL's server (when it is PostgreSQL) or 127.0.0.1:5432, database
    chibo_bench (chibo_bench_province) created when missing; None when no server
    answers."""
    sys.path.insert(0, str(ROOT))
    from bench.server import postgres_database

    return postgres_database(PG_DATABASES[scale])


def parent(args) -> int:
    targets = []
    if args.only in (None, "sqlite"):
        targets.append(("sqlite", sqlite_url(args.reload, args.scale)))
    if args.only in (None, "postgresql"):
        url = postgres_url(args.scale)
        if url:
            targets.append(("postgresql", url))
        else:
            print("PostgreSQL: no server on 127.0.0.1:5432 and no DATABASE_URL; skipped",
                  file=sys.stderr)
    rows, yardsticks = [], []
    for name, url in targets:
        env = prepare(name, url, args.reload, args.scale)
        print(f"[{name}] measuring", file=sys.stderr)
        out = subprocess.run(
            [sys.executable, __file__, "--child", "--runs", str(args.runs),
             "--warmup", str(args.warmup), *(["--pages", args.pages] if args.pages else [])],
            env=env, cwd=ROOT, check=True, capture_output=True, text=True,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        rows.extend({"database": name, **row} for row in result["pages"])
        yardsticks.extend({"database": name, **row} for row in result["yardstick"])
        print(f"[{name}] {result['members']} members, {result['cells']} cells, "
              f"{result['meetings']} meetings; meeting pages on {result['meeting']}",
              file=sys.stderr)
    print_table(rows, args)
    print_yardstick(yardsticks)
    return 0


def print_table(rows, args) -> None:
    print(f"\nMedian and p90 of {args.runs} requests after {args.warmup} warm-ups, "
          f"django.test.Client as {USERNAME} (sees the whole city); DEBUG off.\n")
    header = (f"{'database':<11} {'page':<22} {'median ms':>10} {'p90 ms':>8} {'queries':>8} "
              f"{'KB':>7}")
    print(header)
    print("-" * len(header))
    for r in rows:
        if r.get("note"):
            print(f"{r['database']:<11} {r['page']:<22} {r['note']}")
            continue
        print(f"{r['database']:<11} {r['page']:<22} {r['median_ms']:>10.1f} {r['p90_ms']:>8.1f} "
              f"{r['queries']:>8} {r['kb']:>7.1f}")


def print_yardstick(rows) -> None:
    print("\nThe dashboard's figures of the whole tree: chibo.reports.selectors.quality_report "
          "(all levels, trend, exception lists) beside bench/report_sql.py (the subtree totals "
          "in hand-written SQL), same run, median ms.\n")
    header = (f"{'database':<11} {'period':<9} {'report ms':>10} {'queries':>8} {'SQL ms':>8} "
              f"{'ratio':>6}  same figures")
    print(header)
    print("-" * len(header))
    for r in rows:
        print(f"{r['database']:<11} {r['period']:<9} {r['report_ms']:>10.1f} {r['queries']:>8} "
              f"{r['sql_ms']:>8.1f} {r['report_ms'] / r['sql_ms']:>6.2f}  "
              f"{'yes' if not r['mismatches'] else 'NO: ' + ', '.join(r['mismatches'])}")


# ---------------------------------------------------------------------------------------
# Child: one database, set by the environment.


def child(args) -> int:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from chibo.accounts.models import User
    from chibo.meetings.models import Meeting
    from chibo.members.models import PartyMember
    from chibo.organizations.models import Organization

    today = timezone.localdate()
    client = Client()
    client.force_login(User.objects.get(username=USERNAME))
    meeting = _bench_meeting(Meeting, Organization)
    pages = []
    wanted = [w.strip() for w in (args.pages or "").split(",") if w.strip()]
    for label, target, query in PAGES:
        if wanted and not label.startswith("floor") and not any(w in label for w in wanted):
            continue  # --pages: only those (the floor always, the ratios' yardstick)
        row = {"page": label}
        pages.append(row)
        try:
            if "{meeting}" in target and meeting is None:
                raise Unavailable("no adopted meeting in the database: run with --reload")
            path = target.format(
                meeting=meeting.pk if meeting else "",
                cell=meeting.organization_id if meeting else "",
                root=Organization.get_root_nodes().values_list("pk", flat=True).first(),
                year=GRADED_YEAR,
            )
            query = query.format(this_year=today.year, this_month=f"{today:%Y-%m}",
                                 ward=_largest_ward(Organization))
            url = (path if path.startswith("/") else reverse(path)) + query
            row["url"] = url
            for _ in range(args.warmup):
                _get(client, url)
            timings = []
            for _ in range(args.runs):
                started = time.perf_counter()
                _get(client, url)
                timings.append((time.perf_counter() - started) * 1000)
            with CaptureQueriesContext(connection) as queries:
                response = _get(client, url)
        except Unavailable as exc:
            row["note"] = f"n/a ({exc})"
            continue
        except NoReverseMatch:
            row["note"] = f"n/a (404: no URL named {target!r} yet)"
            continue
        except Exception as exc:  # a page being built raises: report it, measure the rest
            row["note"] = f"n/a (500: {type(exc).__name__}: {str(exc)[:70]})"
            continue
        row.update({
            "median_ms": statistics.median(timings),
            "p90_ms": statistics.quantiles(timings, n=10)[-1] if len(timings) > 1 else timings[0],
            "queries": len(queries),
            "kb": len(response.content) / 1024,
        })
    print(json.dumps({
        "members": PartyMember.objects.count(),
        "cells": Organization.objects.filter(is_cell=True).count(),
        "meetings": Meeting.objects.count(),
        "meeting": _describe(meeting),
        "pages": pages,
        "yardstick": _yardstick(args, Organization, today),
    }))
    return 0


def _yardstick(args, Organization, today) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.report_sql import compare, totals
    from chibo.policies.selectors import policy
    from chibo.reports.periods import Period
    from chibo.reports.selectors import first_month, quality_report

    root = Organization.get_root_nodes().first()
    data_from = policy("report.data_from", on=today, organization=root)
    rows = []
    for period in (Period.of("year", today), Period.of("month", today)):
        def report(period=period):
            return quality_report(root, period, today=today)

        def hand(period=period):
            return totals(root.path, period, today, first_month(data_from))

        timings = {}
        for name, run in (("report", report), ("sql", hand)):
            for _ in range(args.warmup):
                run()
            spent = []
            for _ in range(args.runs):
                started = time.perf_counter()
                run()
                spent.append((time.perf_counter() - started) * 1000)
            timings[name] = statistics.median(spent)
        with CaptureQueriesContext(connection) as queries:
            result = report()
        rows.append({
            "period": period.code, "report_ms": timings["report"], "sql_ms": timings["sql"],
            "queries": len(queries), "mismatches": compare(result, hand()),
        })
    return rows


def _largest_ward(Organization) -> int | None:
    """The ward (or commune) with the most cells: the heaviest drill-down step."""
    root = Organization.get_root_nodes().first()
    wards = Organization.objects.filter(depth=root.depth + 1, is_cell=False)
    return wards.order_by("-numchild", "pk").values_list("pk", flat=True).first()


class Unavailable(Exception):
    """The page cannot be measured: not there yet, or no data for it."""


def _bench_meeting(Meeting, Organization):
    """The latest adopted regular meeting of the largest cell that has one."""
    from django.db.models import Count

    cells = (Organization.objects.filter(is_cell=True)
             .annotate(size=Count("members")).order_by("-size", "pk")
             .values_list("pk", flat=True)[:10])
    for cell in cells:
        meeting = (Meeting.objects.filter(organization_id=cell, kind="regular", status="adopted")
                   .select_related("organization").order_by("-scheduled_at").first())
        if meeting:
            return meeting
    return None


def _describe(meeting) -> str:
    if meeting is None:
        return "none"
    members = meeting.attendance.count()
    return (f"meeting {meeting.pk} ({meeting.organization.name}, {members} on the roll, "
            f"{meeting.period:%m/%Y})")


def _get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        phrase = getattr(response, "reason_phrase", "")
        raise Unavailable(f"{response.status_code}: {phrase}".rstrip(": "))
    return response


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--reload", action="store_true",
                        help="start from a fresh demo (delete the SQLite file, reload PostgreSQL)")
    parser.add_argument("--scale", choices=["city", "province"], default="city",
                        help="the demo to measure on (each has its own database)")
    parser.add_argument("--pages", help="only the pages whose label contains one of these "
                        "comma-separated words (and the floor), e.g. \"dashboard,figures\"")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    return child(args) if args.child else parent(args)


if __name__ == "__main__":
    sys.exit(main())
