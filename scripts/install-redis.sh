#!/usr/bin/env bash
# Installs Debian's redis-server, which token-response-redis's tests start (one server a test, on
# a random loopback port; none is left running). As root, or with sudo.
set -euo pipefail
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
$sudo apt-get update -q
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -qq -y --no-install-recommends redis-server
# The package starts a system-wide server on port 6379; the tests do not use it.
redis-server --version
