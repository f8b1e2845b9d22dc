#!/usr/bin/env bash
# Make sure the Node tools of the checks are here: Lighthouse and the Nu HTML Checker (vnu-jar),
# exactly as package-lock.json pins them, with Node, npm and a Java runtime (vnu.jar needs Java).
# Runs `npm ci` when node_modules is missing or older than the lock; installs Debian's nodejs, npm
# and a headless JRE when missing and we are root; otherwise fails with what to do.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: the checks need: ${missing[*]}." >&2
    echo "       Install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing ${missing[*]} (Debian packages) ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
  echo "Installing Lighthouse and vnu-jar (npm ci) ..."
  # --ignore-scripts: vnu-jar's postinstall would download a Java runtime; Debian's is used.
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
