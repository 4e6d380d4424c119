#!/usr/bin/env bash
# The whole test suite (the README's test command; CI runs it on a fresh clone): installs the Debian tools the
# browser and Prometheus tests need when they are missing (scripts/install-test-tools.sh), then `mvn -B verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-tools.sh
mvn -B verify "$@"
