#!/usr/bin/env bash
# Back up Chibo's database into a dated file; keep the newest $BACKUP_KEEP (default 14).
#
#   scripts/backup.sh [DEST_DIR]        (default var/backups)
#
# PostgreSQL (DATABASE_URL=postgres://...): pg_dump --format=custom, restorable with
#   pg_restore (see scripts/restore-test.sh). pg_dump must be of the server's major version
#   or newer (Debian: postgresql-client-15).
# SQLite (no DATABASE_URL: var/chibo.sqlite3, or DATABASE_URL=sqlite:///path): SQLite's
#   online backup API, the same as the sqlite3 shell's `.backup` command; safe while the
#   app runs. The copy is checked with PRAGMA integrity_check.
#
# Prints the path of the new backup on its last line. See docs/operations.md.
set -euo pipefail

cd "$(dirname "$0")/.."
DEST=${1:-var/backups}
KEEP=${BACKUP_KEEP:-14}
PY=${PYTHON:-.venv/bin/python}
STAMP=$(date +%Y%m%d-%H%M%S)
URL=${DATABASE_URL:-sqlite:///$(pwd)/var/chibo.sqlite3}

mkdir -p "$DEST"
umask 077  # backups hold personal data

case "$URL" in
    postgres://*|postgresql://*)
        out="$DEST/chibo-$STAMP.dump"
        pg_dump --format=custom --no-owner --no-privileges --file "$out.partial" "$URL"
        mv "$out.partial" "$out"
        pattern='chibo-*.dump'
        ;;
    sqlite://*)
        src=${URL#sqlite:///}  # sqlite:////abs/path or sqlite:///relative/path
        [[ -f "$src" ]] || { echo "backup.sh: no SQLite database at $src" >&2; exit 1; }
        out="$DEST/chibo-$STAMP.sqlite3"
        "$PY" - "$src" "$out.partial" <<'EOF'
import sqlite3
import sys

src, dst = sys.argv[1], sys.argv[2]
with sqlite3.connect(src) as source, sqlite3.connect(dst) as copy:
    source.backup(copy)
    result = copy.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        sys.exit(f"integrity_check of the copy: {result}")
    copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
EOF
        mv "$out.partial" "$out"
        pattern='chibo-*.sqlite3'
        ;;
    *)
        echo "backup.sh: DATABASE_URL must be postgres://, postgresql:// or sqlite://" >&2
        exit 2
        ;;
esac

# Keep the newest $KEEP backups of this kind.
find "$DEST" -maxdepth 1 -name "$pattern" -type f -printf '%f\n' | sort -r \
    | tail -n +"$((KEEP + 1))" | while read -r old; do rm -f -- "$DEST/$old"; done

echo "$out"
