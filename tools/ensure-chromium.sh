#!/usr/bin/env bash
# Make sure Debian's Chromium is here, with poppler's pdftoppm (to look at printed sheets) and
# Liberation Sans (metric twin of Arial, the print font, so printed page counts are the same everywhere).
# Installs them when missing and we are root; otherwise fails with what to do.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
fc-list 2>/dev/null | grep -qi "Liberation Sans" || missing+=(fonts-liberation)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "error: the browser tests need: ${missing[*]}." >&2
  echo "       Install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} (Debian packages) ..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
[ -x /usr/bin/chromium ] || { echo "error: /usr/bin/chromium is still missing after apt-get install" >&2; exit 1; }
