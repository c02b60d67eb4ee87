#!/usr/bin/env bash
# Make sure Debian's PostgreSQL server binaries are installed, for the test run against PostgreSQL
# (WARTA_TEST_STORE=postgresql: tests/store_backends.py starts a throwaway server with initdb and pg_ctl).
# Quiet and quick when they already are; otherwise installs the postgresql package
# (scripts/apt-install.sh). Nothing is started here, and the package's own cluster is left alone.
set -euo pipefail

found() {
    # Debian puts the server binaries in /usr/lib/postgresql/<version>/bin, off PATH.
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
            INITDB="$dir/initdb"
        fi
    done
    if [ -z "${INITDB:-}" ] && command -v pg_config >/dev/null 2>&1; then
        dir=$(pg_config --bindir 2>/dev/null || true)
        if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            INITDB="$dir/initdb"
        fi
    fi
    [ -n "${INITDB:-}" ] && VERSION=$("$INITDB" --version 2>/dev/null) && [ -n "$VERSION" ]
}

INITDB=""
VERSION=""
if found; then
    echo "$VERSION"
    exit 0
fi

bash "$(dirname "$0")/apt-install.sh" install-postgres postgresql

INITDB=""
if ! found; then
    echo "install-postgres: postgresql was installed but no initdb was found in /usr/lib/postgresql/*/bin" >&2
    exit 1
fi
echo "$VERSION"
