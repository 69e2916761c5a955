"""The load bench's arithmetic: percentiles, the page table's ratios to the floor, and
the accounting of writes (bench/load_stats.py). No server, no timing."""

import math

from bench.load_stats import (
    Ledger,
    PageStats,
    lost_writes,
    page_rows,
    percentile,
    server_times,
)


def test_percentile_interpolates_between_ranks():
    values = [40, 10, 30, 20]  # sorted: 10 20 30 40
    assert percentile(values, 0) == 10
    assert percentile(values, 50) == 25
    assert percentile(values, 100) == 40
    assert percentile(values, 95) == 38.5
    assert percentile([7], 99) == 7
    assert math.isnan(percentile([], 50))


def test_page_rows_give_ratios_to_the_floor_and_count_errors():
    floor = PageStats(timings=[10.0, 10.0, 20.0])
    page = PageStats(timings=[100.0, 100.0, 300.0])
    page.error("HTTP 500")
    rows = {r["page"]: r for r in page_rows({"floor": floor, "dashboard": page}, 2.0, "floor")}
    dashboard = rows["dashboard"]
    assert dashboard["requests"] == 4
    assert dashboard["errors"] == 1
    assert dashboard["per_s"] == 2.0
    assert dashboard["x50"] == 10.0  # 100 / 10
    assert dashboard["x95"] == percentile([100, 100, 300], 95) / percentile([10, 10, 20], 95)
    assert rows["floor"]["x50"] == 1.0


def test_page_rows_without_a_floor_have_no_ratio():
    rows = page_rows({"dashboard": PageStats(timings=[5.0])}, 1.0, "floor")
    assert math.isnan(rows[0]["x50"])


def _row(rows, kind):
    return next(r for r in rows if r["kind"] == kind)


def test_nothing_lost_when_the_database_holds_every_write():
    ledger = Ledger()
    ledger.saw("roll call rows", "7", 12)
    ledger.saw("sections saved", "7:news", "Tin tháng")
    ledger.add("speeches", "7")
    ledger.add("speeches", "7")
    ledger.saw("votes", "7", [9, 0, 0])
    ledger.saw("scores", "7", {"prepare": 1.0})
    ledger.saw("adopted minutes", "7", 1)
    ledger.saw("visit reports", "bench-official-0:7", True)
    found = {
        "roll call rows": {"7": 12}, "sections saved": {"7:news": "Tin tháng", "7:study": ""},
        "speeches": {"7": 2}, "votes": {"7": [9, 0, 0]},
        "scores": {"7": {"prepare": 1, "other": 3.5}}, "adopted minutes": {"7": 1},
        "visit reports": {"bench-official-0:7": True},
    }
    rows = lost_writes(ledger, found)
    assert [r["lost"] for r in rows] == [0] * 7
    assert _row(rows, "roll call rows")["succeeded"] == 12
    assert _row(rows, "speeches")["in_database"] == 2


def test_missing_or_overwritten_writes_are_lost():
    ledger = Ledger()
    ledger.saw("roll call rows", "7", 12)
    ledger.add("speeches", "7", 3)
    ledger.saw("sections saved", "7:news", "Tin mới")
    ledger.saw("sections saved", "7:study", "Học tập")
    ledger.saw("votes", "7", [9, 0, 0])
    ledger.saw("scores", "7", {"prepare": 1.0})
    ledger.saw("adopted minutes", "8", 1)
    ledger.saw("visit reports", "bench-official-0:7", True)
    found = {
        "roll call rows": {"7": 10}, "speeches": {"7": 5},  # more rows do not hide fewer
        "sections saved": {"7:news": "Tin cũ", "7:study": "Học tập"},
        "votes": {"7": [8, 1, 0]}, "scores": {"7": {}}, "adopted minutes": {"8": 2},
        "visit reports": {},
    }
    lost = {r["kind"]: r["lost"] for r in lost_writes(ledger, found)}
    assert lost == {"roll call rows": 2, "speeches": 0, "sections saved": 1, "votes": 1,
                    "scores": 1, "adopted minutes": 1, "visit reports": 1}


def test_uncertain_writes_are_left_out():
    ledger = Ledger()
    ledger.saw("sections saved", "7:news", "Tin mới")
    ledger.unsure("sections saved", "7:news")  # a later save with no answer
    row = _row(lost_writes(ledger, {"sections saved": {"7:news": "Tin sau"}}), "sections saved")
    assert (row["succeeded"], row["lost"], row["uncertain"]) == (0, 0, 1)


def test_server_times_read_the_access_log():
    lines = ["record page\t200\t153000\n", "floor (minimal view)\t200\t2500\n",
             "record page\t302\t47000\n", "-\t200\t900\n", "garbled line\n"]
    assert server_times(lines) == {"record page": [153.0, 47.0], "floor (minimal view)": [2.5]}
