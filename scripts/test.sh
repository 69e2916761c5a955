#!/usr/bin/env bash
# The whole test suite, three times over, and the date-sensitive tests at fixed dates:
#   1. SQLite      pytest -m "not browser" on the default test settings (SQLite, a
#                  temporary file per run)
#   2. clock       pytest -m "clock and not browser" on SQLite once per date of
#                  CLOCK_DATES below, the session's clock set to that day (CHIBO_CLOCK,
#                  conftest.py); the demo test (chibo/demo/tests/test_clock.py, ~20 s a load) only at
#                  CLOCK_DEMO_DATES
#   3. PostgreSQL  pytest -m "not browser" against a PostgreSQL 15 server:
#                  $DATABASE_URL if set; else 127.0.0.1:5432 if it answers and lets
#                  `postgres` in without a password; else a throwaway cluster (initdb in a
#                  temp dir on a free port, stopped and deleted on exit)
#   4. browser     pytest -m browser: Playwright in Debian's /usr/bin/chromium, on SQLite
#
# Every part runs even if an earlier one failed; the script fails if any part failed or
# could not run (pytest's exit code 5, "no tests collected", counts as a failure), and
# ends with one summary line per part (per date for the clock part).
#
# Environment:
#   CHIBO_PG=auto|url|local|throwaway   how part 3 finds its server (default auto, see above)
#   DATABASE_URL                         used by part 3 when set (and CHIBO_PG is auto/url)
#   CHIBO_TEST_PARTS="sqlite clock pg browser"
#                                        run only some parts (for local work; CI runs all)
#   CHIBO_CLOCK_DATES="2027-03-01 …"     the clock part's dates instead of CLOCK_DATES
# Extra arguments are passed to every pytest run (e.g. scripts/test.sh -x -k login).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
PG_BIN=/usr/lib/postgresql/15/bin
CHIBO_PG=${CHIBO_PG:-auto}
PARTS=${CHIBO_TEST_PARTS:-sqlite clock pg browser}
# The clock part's days (YYYY-MM-DD): the 1st, 2nd and 3rd of a month (regular meetings
# are on the 3rd), the last day of a month, the middle of a quarter, the year's last and
# first days, and 29 February. Keep docs/operations.md in step.
CLOCK_DATES=${CHIBO_CLOCK_DATES:-2027-03-01 2027-03-02 2027-03-03 2027-04-30 2027-08-15 2027-12-31 2028-01-01 2028-02-29}
CLOCK_DEMO_DATES="2028-01-01 2028-02-29"
CLOCK_DEMO_TEST=chibo/demo/tests/test_clock.py

if [[ ! -x "$PY" ]]; then
    echo "test.sh: $PY is missing; run 'make setup' (or 'make test') first" >&2
    exit 1
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/chibo-test.XXXXXX")
PG_DIR=""
PG_PORT=""

cleanup() {
    local rc=$?
    if [[ -n "$PG_DIR" && -d "$PG_DIR" ]]; then
        if [[ -f "$PG_DIR/data/postmaster.pid" ]]; then
            echo "test.sh: stopping the throwaway PostgreSQL cluster (port $PG_PORT)"
            as_pg "$PG_BIN/pg_ctl" stop -D "$PG_DIR/data" -m fast -w -t 30 >/dev/null 2>&1 \
                || as_pg "$PG_BIN/pg_ctl" stop -D "$PG_DIR/data" -m immediate -w >/dev/null 2>&1 \
                || true
        fi
        rm -rf "$PG_DIR"
        echo "test.sh: removed $PG_DIR"
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Run a command as the `postgres` user when we are root (initdb and postgres refuse root).
as_pg() {
    if [[ $(id -u) -eq 0 ]]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# Can we connect to this URL (and is it PostgreSQL)? Quiet; exit code only.
pg_answers() {
    "$PY" - "$1" <<'EOF' >/dev/null 2>&1
import sys
import psycopg
from dj_database_url import parse
cfg = parse(sys.argv[1])
psycopg.connect(
    host=cfg["HOST"] or None, port=cfg["PORT"] or None, user=cfg["USER"] or None,
    password=cfg["PASSWORD"] or None, dbname=cfg["NAME"], connect_timeout=5,
).close()
EOF
}

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_throwaway_cluster() {
    if [[ ! -x "$PG_BIN/initdb" ]]; then
        bash scripts/system-deps.sh pg
    fi
    if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
        echo "test.sh: no 'postgres' user to run initdb as" >&2
        return 1
    fi
    PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/chibo-pg.XXXXXX")
    chmod 700 "$PG_DIR"
    if [[ $(id -u) -eq 0 ]]; then
        chown postgres: "$PG_DIR"
    fi
    PG_PORT=$(free_port)
    echo "test.sh: throwaway PostgreSQL cluster in $PG_DIR on 127.0.0.1:$PG_PORT"
    as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 \
        --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
        || { cat "$PG_DIR/initdb.log" >&2; return 1; }
    # Durability is worthless for a test cluster; speed is not.
    # (pg_ctl pastes -o into a shell command line: keep it on one line.)
    local opts="-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1"
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    as_pg "$PG_BIN/pg_ctl" start -D "$PG_DIR/data" -w -t 60 -l "$PG_DIR/server.log" \
        -o "$opts" >/dev/null \
        || { cat "$PG_DIR/server.log" >&2; return 1; }
    PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
}

# Choose the PostgreSQL server for part 2; sets PG_URL and PG_WHERE.
choose_pg() {
    PG_URL=""
    case "$CHIBO_PG" in
        auto|url)
            if [[ -n "${DATABASE_URL:-}" ]]; then
                if [[ "$DATABASE_URL" != postgres* && "$DATABASE_URL" != pgsql* ]]; then
                    echo "test.sh: DATABASE_URL is not a PostgreSQL URL: $DATABASE_URL" >&2
                    return 1
                fi
                PG_URL=$DATABASE_URL
                PG_WHERE="DATABASE_URL"
                return 0
            fi
            if [[ "$CHIBO_PG" == url ]]; then
                echo "test.sh: CHIBO_PG=url but DATABASE_URL is not set" >&2
                return 1
            fi
            ;;&
        auto|local)
            if pg_answers "postgres://postgres@127.0.0.1:5432/postgres"; then
                # A name of our own, so that two runs on one server never drop each
                # other's test database (pytest-django makes and drops test_<name>;
                # the <name> database itself need not exist).
                PG_URL="postgres://postgres@127.0.0.1:5432/chibo_$$"
                PG_WHERE="server on 127.0.0.1:5432"
                return 0
            fi
            if [[ "$CHIBO_PG" == local ]]; then
                echo "test.sh: CHIBO_PG=local but nothing lets postgres in on 127.0.0.1:5432" >&2
                return 1
            fi
            echo "test.sh: no usable server on 127.0.0.1:5432; making a throwaway cluster"
            ;;&
        auto|throwaway)
            start_throwaway_cluster || return 1
            PG_WHERE="throwaway cluster on port $PG_PORT"
            ;;
        *)
            echo "test.sh: CHIBO_PG must be auto, url, local or throwaway, not '$CHIBO_PG'" >&2
            return 1
            ;;
    esac
}

declare -a SUMMARY=()
FAILED=0

# run_part LABEL LOGNAME -- env/pytest command...
run_part() {
    local label=$1 log="$WORK/$2.log"
    shift 2
    echo
    echo "==================== $label ===================="
    local rc=0
    "$@" 2>&1 | tee "$log" || rc=${PIPESTATUS[0]}
    # pytest's last line: "==== 12 passed, 1 skipped in 3.21s ====".
    local line
    line=$(grep -E '^=+ .*( in [0-9.]+s.*) =+$' "$log" | tail -n 1 \
           | sed -E 's/^=+ //; s/ =+$//') || true
    if [[ -z "$line" ]]; then
        line="no pytest summary (exit code $rc)"
    fi
    if [[ $rc -eq 5 ]]; then
        line="$line - FAILED: no tests collected"
    elif [[ $rc -ne 0 ]]; then
        line="$line - FAILED (exit code $rc)"
    fi
    if [[ $rc -ne 0 ]]; then
        FAILED=1
    fi
    SUMMARY+=("$label: $line")
}

PYTEST=("$PY" -m pytest)

for part in $PARTS; do
    case "$part" in
        sqlite)
            run_part "SQLite" sqlite \
                env -u DATABASE_URL "${PYTEST[@]}" -m "not browser" "$@"
            ;;
        clock)
            for day in $CLOCK_DATES; do
                skip_demo=(--deselect "$CLOCK_DEMO_TEST")
                if [[ " $CLOCK_DEMO_DATES " == *" $day "* ]]; then
                    skip_demo=()
                fi
                run_part "clock $day" "clock-$day" \
                    env -u DATABASE_URL CHIBO_CLOCK="$day" \
                    "${PYTEST[@]}" -m "clock and not browser" "${skip_demo[@]}" "$@"
            done
            ;;
        pg)
            if choose_pg; then
                echo "test.sh: PostgreSQL tests on the $PG_WHERE"
                run_part "PostgreSQL" pg \
                    env DATABASE_URL="$PG_URL" "${PYTEST[@]}" -m "not browser" "$@"
            else
                FAILED=1
                SUMMARY+=("PostgreSQL: could not run - FAILED (no usable server, see above)")
            fi
            ;;
        browser)
            if [[ -x /usr/bin/chromium ]]; then
                run_part "browser" browser \
                    env -u DATABASE_URL "${PYTEST[@]}" -m browser "$@"
                # A browser test that skips hides a broken setup; count it as a failure.
                if grep -qE '^=+ .*[0-9]+ skipped' "$WORK/browser.log"; then
                    FAILED=1
                    SUMMARY[-1]="${SUMMARY[-1]} - FAILED: browser tests must not skip"
                fi
            else
                FAILED=1
                SUMMARY+=("browser: could not run - FAILED (no /usr/bin/chromium; make system-deps)")
            fi
            ;;
        *)
            echo "test.sh: unknown part '$part' in CHIBO_TEST_PARTS (sqlite clock pg browser)" >&2
            FAILED=1
            ;;
    esac
done

echo
echo "==================== summary ===================="
for line in "${SUMMARY[@]}"; do
    echo "$line"
done
if [[ $FAILED -ne 0 ]]; then
    echo "make test: FAILED"
    exit 1
fi
echo "make test: all parts passed"
