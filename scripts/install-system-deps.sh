#!/usr/bin/env bash
# Installs the system packages voicecoach needs on Debian/Ubuntu.
#   runtime: espeak-ng (speech out), alsa-utils (aplay), PortAudio (microphone)
#   build:   portaudio19-dev + a C compiler so `pip install pyaudio` can build
#   tests:   flite and sox make "the user's" speech; pocketsphinx-testdata has human (LibriVox) speech;
#            iproute2/util-linux for the offline test
# Usage: scripts/install-system-deps.sh [--no-test-tools]
set -euo pipefail
packages=(espeak-ng libespeak-ng1 alsa-utils libasound2 libportaudio2 portaudio19-dev gcc python3-dev python3-venv)
if [[ "${1:-}" != "--no-test-tools" ]]; then
  packages+=(flite sox util-linux pocketsphinx-testdata)
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "voicecoach: installing system packages (first run only): ${missing[*]}" >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "voicecoach: system packages ready" >&2
fi
