"""Keep the native audio libraries' chatter off the user's screen.

Every ``PyAudio()`` makes PortAudio probe ALSA and JACK, which print ~49 lines on stderr
("ALSA lib …", "jack server is not running …"). Silencing file descriptor 2 around the *first*
``PyAudio()`` and keeping that instance alive for the whole process keeps later ones quiet too.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator

_pa = None
_pa_lock = threading.Lock()


@contextlib.contextmanager
def silenced_fd(fd: int = 2) -> Iterator[None]:
    """Send a raw file descriptor (default: stderr) to /dev/null for the duration."""
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    try:
        saved = os.dup(fd)
    except OSError:
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
        yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)
        os.close(devnull)


def pyaudio_instance():
    """The process-wide PyAudio instance, created once with stderr silenced."""
    global _pa
    with _pa_lock:
        if _pa is None:
            with silenced_fd(2):
                import pyaudio

                _pa = pyaudio.PyAudio()
        return _pa
