#!/usr/bin/env bash
# Make sure Debian's nginx and Apache are here: tests/test_servers.py runs the built site under each,
# with the configuration blocks read from the README. Installs them when missing and we are root
# (they are not started as services: the test starts its own on a free port and stops it);
# otherwise fails with what to do.
set -euo pipefail
missing=()
[ -x /usr/sbin/nginx ] || missing+=(nginx)
[ -x /usr/sbin/apache2 ] || missing+=(apache2)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "error: the server tests need: ${missing[*]}." >&2
  echo "       Install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} (Debian packages) ..."
apt-get update -qq
# policy-rc.d: a package must not start its service (port 80) while it is installed here.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod +x "$policy"
  trap 'rm -f "$policy"' EXIT
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
[ -x /usr/sbin/nginx ] && [ -x /usr/sbin/apache2 ] || { echo "error: nginx or apache2 is still missing after apt-get install" >&2; exit 1; }
