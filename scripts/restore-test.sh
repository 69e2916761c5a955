#!/usr/bin/env bash
# Prove that a backup restores: load it into a scratch database, let Django read it, and
# print what it holds; then drop the scratch database. Touches nothing else.
#
#   scripts/restore-test.sh var/backups/chibo-20250101-020000.dump     (PostgreSQL)
#   scripts/restore-test.sh var/backups/chibo-20250101-020000.sqlite3  (SQLite)
#
# For a .dump, DATABASE_URL names the server to restore onto (its user needs CREATEDB);
# the scratch database is chibo_restore_test_<pid> on that server. Exit code 0 only if
# the restore succeeded and the data is readable. See docs/operations.md.
set -euo pipefail

cd "$(dirname "$0")/.."
FILE=${1:?usage: scripts/restore-test.sh BACKUP_FILE}
PY=${PYTHON:-.venv/bin/python}
[[ -f "$FILE" ]] || { echo "restore-test.sh: no such file: $FILE" >&2; exit 2; }

# What Django sees in the restored database (read-only queries).
check() {
    env DATABASE_URL="$1" DEBUG=true "$PY" manage.py shell --no-imports -c '
from django.db import connection
from chibo.accounts.models import User
from chibo.members.models import PartyMember
from chibo.organizations.models import Organization
print("database:", connection.vendor, connection.settings_dict["NAME"])
print("organizations:", Organization.objects.count())
print("party members:", PartyMember.objects.count())
print("users:", User.objects.count())
'
    env DATABASE_URL="$1" DEBUG=true "$PY" manage.py migrate --check --no-input >/dev/null \
        || echo "note: the backup predates some migrations (normal for an older backup)"
}

case "$FILE" in
    *.dump)
        : "${DATABASE_URL:?set DATABASE_URL to the server to restore onto}"
        scratch="chibo_restore_test_$$"
        scratch_url=$("$PY" -c '
import sys
from urllib.parse import urlsplit, urlunsplit
print(urlunsplit(urlsplit(sys.argv[1])._replace(path="/" + sys.argv[2])))
' "$DATABASE_URL" "$scratch")
        trap 'psql "$DATABASE_URL" -q -c "DROP DATABASE IF EXISTS $scratch" >/dev/null' EXIT
        psql "$DATABASE_URL" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $scratch"
        pg_restore --no-owner --no-privileges --exit-on-error --dbname "$scratch_url" "$FILE"
        check "$scratch_url"
        ;;
    *.sqlite3)
        work=$(mktemp -d)
        trap 'rm -rf "$work"' EXIT
        cp "$FILE" "$work/restore.sqlite3"
        "$PY" - "$work/restore.sqlite3" <<'EOF'
import sqlite3
import sys

result = sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0]
if result != "ok":
    sys.exit(f"integrity_check: {result}")
print("integrity_check: ok")
EOF
        check "sqlite:///$work/restore.sqlite3"
        ;;
    *)
        echo "restore-test.sh: expected a .dump or .sqlite3 file" >&2
        exit 2
        ;;
esac
echo "restore test: OK ($FILE)"
