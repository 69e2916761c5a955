#!/usr/bin/env bash
# Install the Debian packages Chibo needs, only those that are missing.
#
#   scripts/system-deps.sh runtime   what the app needs to run (WeasyPrint's Pango, fonts)
#   scripts/system-deps.sh test      runtime + what the tests need (poppler-utils, chromium)
#   scripts/system-deps.sh pg        PostgreSQL 15 binaries (for a throwaway test cluster)
#   scripts/system-deps.sh ci        everything a fresh Debian 12 machine lacks for `make test`
#
# Each package is checked with `dpkg -s`; apt-get update + install run only when something
# is missing, and at most once per call. Not root and something missing: print the exact
# command and fail.
set -euo pipefail

RUNTIME_PKGS=(libpango-1.0-0 libpangoft2-1.0-0 libpangocairo-1.0-0 fonts-liberation2
              fonts-croscore)
TEST_PKGS=(poppler-utils chromium)
PG_PKGS=(postgresql-15)
# What `make` and `python3.11 -m venv` need on a bare machine.
TOOL_PKGS=(make python3.11 python3.11-venv)

groups=("${@:-test}")
wanted=()
for group in "${groups[@]}"; do
    case "$group" in
        runtime) wanted+=("${RUNTIME_PKGS[@]}") ;;
        test)    wanted+=("${RUNTIME_PKGS[@]}" "${TEST_PKGS[@]}") ;;
        pg)      wanted+=("${PG_PKGS[@]}") ;;
        tools)   wanted+=("${TOOL_PKGS[@]}") ;;
        ci)      wanted+=("${TOOL_PKGS[@]}" "${RUNTIME_PKGS[@]}" "${TEST_PKGS[@]}"
                          "${PG_PKGS[@]}") ;;
        *) echo "system-deps: unknown group '$group' (runtime, test, pg, tools, ci)" >&2
           exit 2 ;;
    esac
done

is_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
for pkg in "${wanted[@]}"; do
    if ! is_installed "$pkg" && [[ ! " ${missing[*]-} " == *" $pkg "* ]]; then
        missing+=("$pkg")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
    echo "system-deps: not a Debian system; please install: ${missing[*]}" >&2
    exit 1
fi

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
    echo "system-deps: missing Debian packages: ${missing[*]}" >&2
    echo "Run as root:" >&2
    echo "    sudo sh -c '$cmd'" >&2
    exit 1
fi

echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"
