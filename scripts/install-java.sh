#!/usr/bin/env bash
# Make sure a Java 17 runtime is installed, for the Spark tests (tests/e2e/test_batch.py: pyspark
# starts a JVM). Quiet and quick when `java` already runs; otherwise installs Debian's
# openjdk-17-jre-headless (scripts/apt-install.sh).
set -euo pipefail

VERSION=""
works() {
    command -v java >/dev/null 2>&1 && VERSION=$(java -version 2>&1 | head -n 1) && [ -n "$VERSION" ]
}

if ! works; then
    bash "$(dirname "$0")/apt-install.sh" install-java openjdk-17-jre-headless
    if ! works; then
        echo "install-java: a Java runtime was installed but 'java -version' does not work" >&2
        exit 1
    fi
fi
echo "$VERSION"
