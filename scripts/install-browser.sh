#!/usr/bin/env bash
# Headless Chromium for the widget tests, from Debian's packages (test tools'
# own browser downloads do not work on offline municipal servers or here).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "Chromium ontbreekt. Installeer als root: apt-get install chromium chromium-driver fonts-dejavu-core" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium chromium-driver fonts-dejavu-core >/dev/null
