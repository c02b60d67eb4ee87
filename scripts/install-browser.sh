#!/usr/bin/env bash
# Make sure Debian's chromium is installed, for the browser tests (tests/e2e/test_web_browser.py).
# Quiet and quick when it already is; otherwise installs it (scripts/apt-install.sh).
# Playwright's own browser downloads are never used.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

VERSION=""
works() {
    # The Debian launcher is a shell script that can warn on stderr; only its stdout counts.
    [ -x "$CHROMIUM" ] && VERSION=$("$CHROMIUM" --version 2>/dev/null) && [ -n "$VERSION" ]
}

if ! works; then
    bash "$(dirname "$0")/apt-install.sh" install-browser chromium
    if ! works; then
        echo "install-browser: chromium was installed but '$CHROMIUM --version' does not work" >&2
        exit 1
    fi
fi
echo "$VERSION"
