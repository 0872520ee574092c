#!/usr/bin/env bash
# Makes sure the Debian packages the end-to-end tests run for real are installed (chromium for the
# editor tests; postgresql and redis-server for n8n's queue mode), installing the missing ones with
# apt-get. Used by .ci/run and by the e2e suites themselves, so `npm test` works on a fresh machine too.
# Usage: scripts/ensure-debian-packages.sh <package>...
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-debian-packages: missing ${missing[*]} and there is no apt-get here; install them with your system's package manager" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "ensure-debian-packages: missing ${missing[*]}; run: sudo apt-get install -y ${missing[*]}" >&2; exit 1; }
  sudo="sudo -n"
fi
echo "ensure-debian-packages: installing ${missing[*]}" >&2
# Only one apt-get may run at a time; wait for the dpkg lock instead of failing.
$sudo apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >&2
