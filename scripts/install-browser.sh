#!/usr/bin/env bash
# Make sure Debian's chromium is installed, for the browser tests (tests/e2e/test_web_browser.py).
# Quiet and quick when it already is; otherwise installs it with apt-get (as root, or through sudo).
# Playwright's own browser downloads are never used.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

VERSION=""
works() {
    # The Debian launcher is a shell script that can warn on stderr; only its stdout counts.
    [ -x "$CHROMIUM" ] && VERSION=$("$CHROMIUM" --version 2>/dev/null) && [ -n "$VERSION" ]
}

if works; then
    echo "$VERSION"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: $CHROMIUM is missing and apt-get is not available: install chromium by hand" >&2
    exit 1
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        echo "install-browser: $CHROMIUM is missing; installing it needs root, and sudo is not available" >&2
        exit 1
    fi
fi

apt_install() {
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
}

echo "install-browser: installing chromium with apt-get" >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
fail() {
    tail -n 20 "$log" >&2
    echo "install-browser: could not install chromium (see apt-get's output above)" >&2
    exit 1
}
if ! apt_install >"$log" 2>&1; then
    # A fresh machine has no package lists yet (or stale ones): fetch them once, then try again.
    if ! grep -qE "Unable to locate package|has no installation candidate|Failed to fetch|404 +Not Found" "$log"; then
        fail
    fi
    echo "install-browser: no usable package lists; running apt-get update and retrying" >&2
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$log" 2>&1 || fail
    apt_install >>"$log" 2>&1 || fail
fi

if ! works; then
    echo "install-browser: chromium was installed but '$CHROMIUM --version' does not work" >&2
    exit 1
fi
echo "$VERSION"
