#!/usr/bin/env bash
# `make run`: the web server and the task queue's worker (files built in the background:
# reports, minute books, long member lists) side by side on the same database. Ctrl-C
# stops both; if one of them stops by itself (a port in use, an error), so does the other.
#
#   scripts/serve.sh PYTHON HOST:PORT
set -uo pipefail
py=$1
address=$2

# Job control: each child gets a process group of its own, so that the stop below reaches
# the autoreloaders' children too. SIGTERM, not SIGINT: a shell started in the
# background ignores SIGINT and its children inherit that; the worker finishes the task
# under way on SIGTERM, then stops.
set -m
"$py" manage.py db_worker --no-startup-delay &
worker=$!
"$py" manage.py runserver "$address" &
server=$!

stop() {
    trap - INT TERM EXIT
    kill -TERM -- "-$worker" "-$server" 2>/dev/null
    wait "$worker" "$server" 2>/dev/null
    echo "Đã dừng máy chủ web và tiến trình chạy việc nền."
}
trap stop INT TERM EXIT
wait -n "$worker" "$server"
