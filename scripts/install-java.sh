#!/usr/bin/env bash
# Make sure a Java 17 runtime is installed, for the Spark tests (tests/e2e/test_batch.py: pyspark
# starts a JVM). Quiet and quick when `java` already runs; otherwise installs Debian's
# openjdk-17-jre-headless with apt-get (as root, or through sudo).
set -euo pipefail

VERSION=""
works() {
    command -v java >/dev/null 2>&1 && VERSION=$(java -version 2>&1 | head -n 1) && [ -n "$VERSION" ]
}

if works; then
    echo "$VERSION"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-java: java is missing and apt-get is not available: install a Java 17 runtime by hand" >&2
    exit 1
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        echo "install-java: java is missing; installing it needs root, and sudo is not available" >&2
        exit 1
    fi
fi

apt_install() {
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openjdk-17-jre-headless
}

echo "install-java: installing openjdk-17-jre-headless with apt-get" >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
fail() {
    tail -n 20 "$log" >&2
    echo "install-java: could not install openjdk-17-jre-headless (see apt-get's output above)" >&2
    exit 1
}
if ! apt_install >"$log" 2>&1; then
    # A fresh machine has no package lists yet (or stale ones): fetch them once, then try again.
    if ! grep -qE "Unable to locate package|has no installation candidate|Failed to fetch|404 +Not Found" "$log"; then
        fail
    fi
    echo "install-java: no usable package lists; running apt-get update and retrying" >&2
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$log" 2>&1 || fail
    apt_install >>"$log" 2>&1 || fail
fi

if ! works; then
    echo "install-java: a Java runtime was installed but 'java -version' does not work" >&2
    exit 1
fi
echo "$VERSION"
