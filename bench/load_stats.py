"""The load bench's arithmetic, with no I/O (tested in bench/tests/test_load_stats.py):
percentiles, the per-page table, and the accounting of writes the driver saw succeed
against what the database holds after the run."""

import math
from dataclasses import dataclass, field

# Kinds whose value is a number of rows (found may exceed expected only when a write's
# outcome was unknown); the others compare a value (a text, the votes, a flag).
COUNTED = ("roll call rows", "speeches")
KINDS = ("roll call rows", "sections saved", "speeches", "votes", "scores", "adopted minutes",
         "visit reports")  # fmt: skip


def percentile(values, q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation between the closest ranks
    (numpy's default); nan for no values."""
    data = sorted(values)
    if not data:
        return math.nan
    rank = (len(data) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (rank - low)


@dataclass
class PageStats:
    timings: list[float] = field(default_factory=list)  # ms, answered requests
    errors: dict[str, int] = field(default_factory=dict)  # kind → count

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def page_rows(pages: dict[str, PageStats], seconds: float, floor: str,
              served: dict[str, list[float]] | None = None) -> list[dict]:  # fmt: skip
    """One row per page: requests, errors, throughput, p50/p95/p99 (ms) and the ratio of
    its p50 and p95 to the floor page's (the minimal view under the same load); with
    `served` (server_times), the p50 and p95 of the workers' own time."""
    served = served or {}
    base = pages.get(floor)
    base50 = percentile(base.timings, 50) if base else math.nan
    base95 = percentile(base.timings, 95) if base else math.nan
    rows = []
    for name, stats in pages.items():
        p50, p95 = percentile(stats.timings, 50), percentile(stats.timings, 95)
        errors = sum(stats.errors.values())
        rows.append({
            "page": name, "requests": len(stats.timings) + errors, "errors": errors,
            "per_s": (len(stats.timings) + errors) / seconds if seconds else math.nan,
            "p50": p50, "p95": p95, "p99": percentile(stats.timings, 99),
            "x50": p50 / base50 if base50 else math.nan,
            "x95": p95 / base95 if base95 else math.nan,
            "srv50": percentile(served.get(name, []), 50),
            "srv95": percentile(served.get(name, []), 95),
        })  # fmt: skip
    return rows


# gunicorn's access log line (bench.server.gunicorn's access_format): the page the driver
# named in a header, the status, the time the worker spent on it in microseconds (from
# reading the request to the response sent; the wait in the listen queue is not in it).
ACCESS_FORMAT = "%({x-bench-page}i)s\t%(s)s\t%(D)s"


def server_times(lines) -> dict[str, list[float]]:
    """page → the worker's time per request in ms, from the access log's lines."""
    out: dict[str, list[float]] = {}
    for line in lines:
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 3 or not parts[2].isdigit() or parts[0] in ("", "-"):
            continue
        out.setdefault(parts[0], []).append(int(parts[2]) / 1000)
    return out


@dataclass
class Ledger:
    """The writes the driver saw succeed, keyed as load_setup.check keys the database:
    kind → key → expected value. `uncertain` keys (a write with no answer: a timeout, a
    dropped connection) may or may not have landed and are left out of the accounting."""

    expected: dict[str, dict] = field(default_factory=lambda: {k: {} for k in KINDS})
    uncertain: dict[str, set] = field(default_factory=lambda: {k: set() for k in KINDS})

    def saw(self, kind: str, key: str, value) -> None:
        self.expected[kind][key] = value

    def add(self, kind: str, key: str, n: int = 1) -> None:
        self.expected[kind][key] = self.expected[kind].get(key, 0) + n

    def unsure(self, kind: str, key: str) -> None:
        self.uncertain[kind].add(key)


def _matches(kind: str, want, got) -> bool:
    if kind == "scores":  # the items posted, among those the meeting holds
        got = got or {}
        return all(key in got and float(got[key]) == float(v) for key, v in want.items())
    if kind == "votes":
        return got is not None and list(got) == list(want)
    return got == want


def lost_writes(ledger: Ledger, found: dict[str, dict]) -> list[dict]:
    """Per kind: the writes that succeeded (rows for counted kinds), how many of them
    the database holds, how many are lost, and how many were left out as uncertain."""
    rows = []
    for kind in KINDS:
        want = {k: v for k, v in ledger.expected[kind].items()
                if k not in ledger.uncertain[kind]}  # fmt: skip
        have = found.get(kind, {})
        if kind in COUNTED:
            succeeded = sum(want.values())
            held = sum(min(have.get(k, 0), v) for k, v in want.items())
        else:
            succeeded = len(want)
            held = sum(1 for k, v in want.items() if _matches(kind, v, have.get(k)))
        rows.append({"kind": kind, "succeeded": succeeded, "in_database": held,
                     "lost": succeeded - held, "uncertain": len(ledger.uncertain[kind])})
    return rows
