#!/usr/bin/env bash
# One command: install everything (first run only) and run voicecoach with the given arguments.
#   scripts/voicecoach.sh practice
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/bootstrap.sh"
exec "$here/.venv/bin/voicecoach" "$@"
