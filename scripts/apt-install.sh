#!/usr/bin/env bash
# Install Debian packages with apt-get, for the scripts that make sure a test's real component is
# there (install-browser.sh, install-java.sh, install-postgres.sh): as root, or through sudo; on a
# fresh machine without usable package lists, `apt-get update` once and try again.
#
#     bash scripts/apt-install.sh WHO PACKAGE...     # WHO names the caller in messages
set -euo pipefail

WHO=$1
shift

if ! command -v apt-get >/dev/null 2>&1; then
    echo "$WHO: apt-get is not available: install $* by hand" >&2
    exit 1
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        echo "$WHO: installing $* needs root, and sudo is not available" >&2
        exit 1
    fi
fi

apt_install() {
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

echo "$WHO: installing $* with apt-get" >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
fail() {
    tail -n 20 "$log" >&2
    echo "$WHO: could not install $* (see apt-get's output above)" >&2
    exit 1
}
if ! apt_install "$@" >"$log" 2>&1; then
    if ! grep -qE "Unable to locate package|has no installation candidate|Failed to fetch|404 +Not Found" "$log"; then
        fail "$@"
    fi
    echo "$WHO: no usable package lists; running apt-get update and retrying" >&2
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$log" 2>&1 || fail "$@"
    apt_install "$@" >>"$log" 2>&1 || fail "$@"
fi
