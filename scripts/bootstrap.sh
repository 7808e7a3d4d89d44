#!/usr/bin/env bash
# Installs everything voicecoach needs, from nothing, on Debian/Ubuntu: system packages, then a
# virtual environment in .venv with voicecoach in it. Safe to run again: it only adds what is missing.
#   scripts/bootstrap.sh          # to use voicecoach
#   scripts/bootstrap.sh --test   # also the test tools (flite, sox, pytest, the Korean Vosk test model)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
test_mode=0
[[ "${1:-}" == "--test" ]] && test_mode=1

if [[ $test_mode == 1 ]]; then
  bash scripts/install-system-deps.sh
else
  bash scripts/install-system-deps.sh --no-test-tools
fi

python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "voicecoach needs Python 3.11 or newer ($python is $("$python" --version 2>&1))" >&2
  exit 1
fi
if [[ ! -x .venv/bin/python ]]; then
  echo "creating .venv" >&2
  "$python" -m venv .venv
fi
extras=""
[[ $test_mode == 1 ]] && extras="[test]"
stamp=".venv/.voicecoach-installed${extras}"
if [[ ! -f "$stamp" || pyproject.toml -nt "$stamp" ]]; then
  echo "installing voicecoach${extras} into .venv" >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}" >&2
  touch "$stamp"
fi
echo "ready: .venv/bin/voicecoach" >&2
