#!/usr/bin/env bash
# Installs what the browser and Prometheus tests need and Maven cannot bring: Debian's chromium, chromium-driver
# and prometheus. Only what is missing is installed; with everything present it changes nothing. Runs as root (a
# fresh CI machine has no sudo) or through sudo when it is there. Called by .ci/run before `mvn -B verify`.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v prometheus >/dev/null 2>&1 || [[ -x /usr/bin/prometheus ]] || missing+=(prometheus)

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-test-tools: chromium, chromedriver and prometheus are present; nothing to install"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-test-tools: ${missing[*]} missing and this is not root and has no sudo: install them as root" \
    "(apt-get install ${missing[*]})" >&2
  exit 1
fi

echo "install-test-tools: installing ${missing[*]} (apt-get)"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
# --no-install-recommends: the prometheus package otherwise pulls in node exporters and services we do not use.
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
for tool in chromium chromedriver prometheus; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-test-tools: $tool still missing after apt-get" >&2; exit 1; }
done
echo "install-test-tools: done"
