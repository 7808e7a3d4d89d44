#!/usr/bin/env python3
"""Write the earcons (generated in voicecoach/audio/earcons.py) to audio/earcons/ for listening.

    python scripts/make_earcons.py            # write
    python scripts/make_earcons.py --check    # exit 1 if the shipped files differ from the code
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from voicecoach.audio.earcons import EARCONS, earcon
from voicecoach.audio.wavio import wav_bytes

OUT = Path(__file__).resolve().parents[1] / "audio" / "earcons"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare instead of writing")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    differ = []
    for name in EARCONS:
        chunk = earcon(name)
        data = wav_bytes(chunk.audio, chunk.rate)
        path = OUT / f"{name}.wav"
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                differ.append(path.name)
        else:
            path.write_bytes(data)
            print(f"{path} ({chunk.duration_s:.2f} s)", file=sys.stderr)
    if differ:
        print("out of date: " + ", ".join(differ) + " (run scripts/make_earcons.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
