"""Show the espeak-ng over-read behind the typed sessions that died with SIGSEGV.

espeak_Synth(text, size, ...) copies ``size`` bytes of ``text`` before reading it; pyttsx3 2.99
passes ``len(text) * 10``. Here the text is put at the very end of a readable page with an
unreadable page after it, and espeak_Synth is called once with pyttsx3's size and once with the
size voicecoach now passes (``len + 1``, the terminator included). Each call runs in its own
process, so the crash is reported instead of ending this script.

    .venv/bin/python scripts/repro_espeak_overread.py
"""

from __future__ import annotations

import subprocess
import sys

CHILD = r"""
import ctypes, mmap, sys
import pyttsx3
pyttsx3.init()
from pyttsx3.drivers import _espeak
text = b"hello there, this is a test"
page = mmap.PAGESIZE
area = mmap.mmap(-1, 2 * page)
base = ctypes.addressof(ctypes.c_char.from_buffer(area))
libc = ctypes.CDLL(None)
libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
if libc.mprotect(base + page, page, 0) != 0:
    sys.exit("mprotect failed")
addr = base + page - len(text) - 1
ctypes.memmove(addr, text + b"\0", len(text) + 1)
size = len(text) * 10 if sys.argv[1] == "pyttsx3" else len(text) + 1
rc = _espeak.cSynth(ctypes.c_char_p(addr), size, 0, _espeak.POS_CHARACTER, 0, _espeak.CHARS_UTF8, None, None)
_espeak.Synchronize()
print(rc)
"""


def main() -> int:
    for name, size in (("pyttsx3", "len(text) * 10"), ("voicecoach", "len(text) + 1")):
        res = subprocess.run([sys.executable, "-c", CHILD, name], capture_output=True, text=True, timeout=60)
        outcome = "ok" if res.returncode == 0 else (
            f"killed by signal {-res.returncode}" if res.returncode < 0 else f"exit {res.returncode}")
        print(f"{name:<11} size = {size:<15} {outcome}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
