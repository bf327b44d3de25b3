#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through Playwright (never a browser Playwright
# downloads); install it if absent.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
echo "Chromium not found at /usr/bin/chromium: installing it with apt-get"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium
