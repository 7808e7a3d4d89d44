#!/usr/bin/env bash
# One command: install everything (system packages, .venv with test extras) and run the whole test suite.
#   scripts/test.sh [pytest args]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/bootstrap.sh" --test
cd "$here"
exec .venv/bin/python -m pytest "$@"
