#!/usr/bin/env bash
# Installs everything voicecoach needs, from nothing, on Debian/Ubuntu: system packages, then a
# virtual environment in .venv with voicecoach in it. Safe to run again: it only adds what is missing.
#   scripts/bootstrap.sh          # to use voicecoach: a regular install of this checkout
#   scripts/bootstrap.sh --test   # for developers: an editable install, plus the test tools
#
# Both share .venv; .venv/.voicecoach-stamp says what is in it:
#   "user <hash of the sources>"   a regular (non-editable) copy of the checkout as it was then;
#                                   redone when the sources change (e.g. after a git pull)
#   "dev <hash of pyproject.toml>" an editable install with the test extras; it always runs the
#                                   checkout as it is, so the user's run takes it as it stands
# scripts/test.sh turns a user install into an editable one (seconds: pip's cache is warm); the
# user's run never replaces a current developer install. pip's output goes to .venv/install.log and
# is shown only when something fails: a person's first run shows a few short lines, then the coach.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
test_mode=0
[[ "${1:-}" == "--test" ]] && test_mode=1
say() { echo "voicecoach: $*" >&2; }

if [[ $test_mode == 1 ]]; then
  bash scripts/install-system-deps.sh
else
  bash scripts/install-system-deps.sh --no-test-tools
fi

python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  say "voicecoach needs Python 3.11 or newer ($python is $("$python" --version 2>&1))"
  exit 1
fi

log=".venv/install.log"
pip_quiet() {
  # pip with its output in the log; on failure, the end of the log and where the rest is
  if ! .venv/bin/python -m pip --disable-pip-version-check "$@" >>"$log" 2>&1; then
    say "installing failed (pip $*); the end of $log:"
    tail -n 30 "$log" >&2
    exit 1
  fi
}

if [[ ! -x .venv/bin/python ]]; then
  say "creating the virtual environment .venv (first run only)"
  "$python" -m venv .venv
  : >"$log"
  pip_quiet install --quiet --upgrade pip
fi

source_hash() {
  # what a regular install copies: the package, its data, the project file
  find pyproject.toml README.md voicecoach -type f ! -name '*.pyc' ! -path '*/__pycache__/*' -print0 \
    | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16
}
stamp=".venv/.voicecoach-stamp"
current="$(cat "$stamp" 2>/dev/null || true)"
dev="dev $(sha256sum pyproject.toml | cut -c1-16)"
started=$SECONDS

if [[ $test_mode == 1 ]]; then
  if [[ "$current" != "$dev" ]]; then
    say "installing voicecoach for development into .venv (editable, with the test tools)"
    pip_quiet install --quiet --editable ".[test]"
    echo "$dev" >"$stamp"
    say "ready after $((SECONDS - started)) s: .venv/bin/voicecoach (pip's log: $log)"
  fi
elif [[ "$current" != "$dev" ]]; then
  user="user $(source_hash)"
  if [[ "$current" != "$user" ]]; then
    if [[ -z "$current" ]]; then
      say "installing voicecoach and its libraries into .venv (first run only: a minute or two)"
    else
      say "updating voicecoach in .venv (the checkout changed)"
    fi
    # a regular install: no setuptools "editable installation" notice, and the copy does not
    # depend on the folder it is started from
    pip_quiet install --quiet .
    echo "$user" >"$stamp"
    say "installed in $((SECONDS - started)) s: .venv/bin/voicecoach"
  fi
fi
