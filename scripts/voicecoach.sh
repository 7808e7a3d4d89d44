#!/usr/bin/env bash
# One command: install everything (first run only), get the small English Vosk model when the
# network answers (PocketSphinx listens otherwise, until a later run gets it), and run voicecoach
# with the given arguments.
#   scripts/voicecoach.sh practice
# VOICECOACH_NO_DOWNLOAD=1 keeps it from fetching the model.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

wants_model() {
  # a session that listens, told neither to type (--text) nor which engine or model to use
  [[ "${1:-}" == "--debug" ]] && shift
  case "${1:-}" in practice | walk | checkin) ;; *) return 1 ;; esac
  local a prev=""
  for a in "$@"; do
    case "$a" in --text | --help | --model | --model=* | --engine=sphinx) return 1 ;; esac
    [[ "$prev" == "--engine" && "$a" == "sphinx" ]] && return 1
    prev="$a"
  done
  return 0
}
# -- end of functions --

bash "$here/scripts/bootstrap.sh"
if wants_model "$@"; then
  # checks the network for 2 s at most, then fetches (resumable) or says PocketSphinx listens for now
  "$here/.venv/bin/voicecoach" model ensure || true
fi
exec "$here/.venv/bin/voicecoach" "$@"
