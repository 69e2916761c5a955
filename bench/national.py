"""What a national dashboard would cost on rollups: a generated sample at about 1 million
members (docs/scaling.md).

    .venv/bin/python bench/national.py [--provinces 34] [--communes 100] [--cells 10]
                                        [--members 30] [--runs 5] [--reload]

A PostgreSQL database `chibo_national` (on DATABASE_URL's server or 127.0.0.1:5432) is
migrated and filled with a tree (the nation, provinces, communes, cells: 34 × 100 × 10 =
34,000 cells by default, about 1 million members at 30 a cell) and, for every cell, a
year of rollup rows (chibo.rollups.CellMonth: the figures row and one or two band rows a
month), as the meetings of a real year would leave them. Only the tree and the rollups are
generated: members, tasks and concerns are not (the dashboard's meeting figures and trend
come from the rollups alone; what the rest would add is said in docs/scaling.md).

It then times, median of --runs, beside the minimal query (SELECT 1):
- the dashboard's report (chibo.reports.selectors.quality_report) of the nation, of one
  province and of one commune, for the year: today's code, which reads one rollup row
  per cell and month and tallies each cell in Python;
- the rollups summed in the database per province (the nation's unit table) and per
  month (the trend): what a dashboard that sums per unit in SQL would pay.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import ROOT, manage, postgres_database, server_env  # noqa: E402

DATABASE = "chibo_national"
YEAR = 2026


def _generate(provinces: int, communes: int, cells: int, members: int, seed: int) -> None:
    import datetime as dt

    from django.db import transaction

    from chibo.organizations.models import Level, Organization
    from chibo.rollups.models import CellMonth

    rng = random.Random(seed)
    levels = [Level.objects.get_or_create(name=name, defaults={"rank": rank,
                                                               "is_cell_level": rank == 3})[0]
              for rank, name in enumerate(["Trung ương", "Tỉnh, thành phố", "Xã, phường",
                                           "Chi bộ"])]
    path = Organization._get_path
    founded = dt.date(2000, 1, 1)
    orgs = [Organization(name="Đảng bộ toàn quốc (mẫu)", level=levels[0], path=path(None, 1, 1),
                         depth=1, numchild=provinces, founded_on=founded)]
    cell_paths = []
    for p in range(1, provinces + 1):
        p_path = path(orgs[0].path, 2, p)
        orgs.append(Organization(name=f"Đảng bộ tỉnh số {p:02d}", level=levels[1], path=p_path,
                                 depth=2, numchild=communes, founded_on=founded))
        for c in range(1, communes + 1):
            c_path = path(p_path, 3, c)
            orgs.append(Organization(name=f"Đảng bộ xã số {p:02d}-{c:03d}", level=levels[2],
                                     path=c_path, depth=3, numchild=cells, founded_on=founded))
            for k in range(1, cells + 1):
                k_path = path(c_path, 4, k)
                cell_paths.append(k_path)
                orgs.append(Organization(name=f"Chi bộ số {p:02d}-{c:03d}-{k:02d}",
                                         level=levels[3], is_cell=True, kind="residential",
                                         path=k_path, depth=4, numchild=0,
                                         founded_on=founded))
    with transaction.atomic():
        Organization.objects.bulk_create(orgs, batch_size=5000)
    ids = dict(Organization.objects.filter(is_cell=True).values_list("path", "id"))
    bands = ["Tốt", "Khá", "Trung bình"]
    batch = []
    for cell_path in cell_paths:
        roll = max(5, int(rng.gauss(members, members / 3)))
        for month in range(1, 13):
            held = 1 + (rng.random() < 0.3)
            adopted = held - (rng.random() < 0.05)
            present = sum(rng.random() < 0.9 for _ in range(roll * held))
            away = rng.randint(0, 2)
            batch.append(CellMonth(
                organization_id=ids[cell_path], month=dt.date(YEAR, month, 1), regular=1,
                thematic=held - 1, thematic_planned=0, visited=int(rng.random() < 0.25),
                held=held, adopted=adopted, expected=roll * held - away, present=present,
                away=away, scored=adopted, score_sum=adopted * rng.uniform(70, 95)))
            for band in rng.sample(bands, k=min(adopted, 2)):
                batch.append(CellMonth(organization_id=ids[cell_path],
                                       month=dt.date(YEAR, month, 1), band=band,
                                       band_meetings=1))
        if len(batch) > 20000:
            CellMonth.objects.bulk_create(batch)
            batch = []
    CellMonth.objects.bulk_create(batch)


def _median_ms(fn, runs: int) -> tuple[float, object]:
    fn()  # warm-up
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def _measure(runs: int) -> None:
    import datetime as dt

    from django.db import connection
    from django.db.models import Count, Sum
    from django.db.models.functions import Substr

    from chibo.organizations.models import Organization
    from chibo.reports.periods import Period
    from chibo.reports.selectors import quality_report
    from chibo.rollups.models import CellMonth

    nation = Organization.objects.get(depth=1, name="Đảng bộ toàn quốc (mẫu)")
    province = Organization.objects.filter(depth=2, path__startswith=nation.path).first()
    commune = Organization.objects.filter(depth=3, path__startswith=province.path).first()
    year = Period("year", YEAR)
    today = dt.date(YEAR, 12, 31)

    def _cells(root):
        return Organization.objects.filter(is_cell=True, path__startswith=root.path).count()

    cells = _cells(nation)
    rows = CellMonth.objects.count()

    def select_one():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()

    def report(root):
        return lambda: quality_report(root, year, today=today)

    in_year = {"band": "", "month__gte": dt.date(YEAR, 1, 1), "month__lt": dt.date(YEAR + 1, 1, 1)}

    def per_province():
        return list(CellMonth.objects.filter(**in_year)
                    .annotate(unit=Substr("organization__path", 1, 8)).values("unit")
                    .annotate(held=Sum("held"), adopted=Sum("adopted"),
                              present=Sum("present"), expected=Sum("expected"),
                              cells=Count("organization", distinct=True)).order_by("unit"))

    def per_month():
        return list(CellMonth.objects.filter(**in_year).values("month")
                    .annotate(held=Sum("held"), adopted=Sum("adopted"),
                              present=Sum("present"), expected=Sum("expected"))
                    .order_by("month"))

    def unit_rollup_build():
        # A rollup one floor up (province × month), as a refresh would rebuild it.
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS national_unit_month")
            cursor.execute(
                "CREATE TABLE national_unit_month AS SELECT substr(o.path, 1, 8) AS unit,"
                " r.month, sum(r.held) AS held, sum(r.adopted) AS adopted,"
                " sum(r.present) AS present, sum(r.expected) AS expected, count(*) AS cells"
                " FROM rollups_cellmonth r JOIN organizations_organization o"
                " ON o.id = r.organization_id WHERE r.band = '' GROUP BY 1, 2")

    def unit_rollup_read():
        with connection.cursor() as cursor:
            cursor.execute("SELECT unit, sum(held), sum(adopted), sum(present), sum(expected)"
                           " FROM national_unit_month WHERE month >= %s AND month < %s"
                           " GROUP BY unit ORDER BY unit",
                           [dt.date(YEAR, 1, 1), dt.date(YEAR + 1, 1, 1)])
            return cursor.fetchall()

    print(f"sample: {cells:,} cells, {rows:,} rollup rows "
          f"(members the sample stands for: {cells * 30:,})")
    print(f"{'what':58} {'median ms':>10} {'× SELECT 1':>11}")
    floor, _ = _median_ms(select_one, runs * 4)
    print(f"{'SELECT 1 (the floor)':58} {floor:10.2f} {1:11.0f}")
    for label, fn, n in [
        (f"quality_report, a commune ({_cells(commune):,} cells), year", report(commune), runs),
        (f"quality_report, a province ({_cells(province):,} cells), year", report(province),
         runs),
        (f"quality_report, the nation ({cells:,} cells), year", report(nation),
         max(1, runs // 2)),
        ("rollups summed per province in SQL, year", per_province, runs),
        ("rollups summed per month in SQL (the trend), year", per_month, runs),
        ("a province × month rollup built from the cell rollups", unit_rollup_build, 2),
        ("the nation's units read from that rollup, year", unit_rollup_read, runs * 4),
    ]:
        ms, _ = _median_ms(fn, n)
        print(f"{label:58} {ms:10.1f} {ms / floor:11.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--cells", type=int, default=10)
    parser.add_argument("--members", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--reload", action="store_true")
    parser.add_argument("--child", choices=["generate", "measure"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        import django

        django.setup()
        if args.child == "generate":
            _generate(args.provinces, args.communes, args.cells, args.members, args.seed)
        else:
            _measure(args.runs)
        return 0
    url = postgres_database(DATABASE, fresh=args.reload)
    if url is None:
        sys.exit("national.py needs PostgreSQL (DATABASE_URL or 127.0.0.1:5432)")
    env = server_env(url, DJANGO_SETTINGS_MODULE="chibo.settings")
    manage(env, "migrate", "--no-input")
    has_sample = manage(env, "shell", "--no-imports", "-c",
                        "from chibo.rollups.models import CellMonth; "
                        "print(CellMonth.objects.exists())").strip().endswith("True")
    me = [sys.executable, str(Path(__file__).resolve())]
    common = ["--provinces", str(args.provinces), "--communes", str(args.communes),
              "--cells", str(args.cells), "--members", str(args.members),
              "--runs", str(args.runs), "--seed", str(args.seed)]
    if not has_sample:
        started = time.perf_counter()
        subprocess.run([*me, *common, "--child", "generate"], env=env, cwd=ROOT, check=True)
        print(f"generated in {time.perf_counter() - started:.0f} s")
    print(f"machine load average: {os.getloadavg()[0]:.2f}")
    subprocess.run([*me, *common, "--child", "measure"], env=env, cwd=ROOT, check=True)
    print(f"machine load average: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
