"""pyttsx3 (espeak-ng on Linux), used only to synthesise to WAV.

pyttsx3's own playback is unreliable (``say`` shells out to aplay and raises nothing when it
fails; ``stop`` blocks; a second engine hangs the first), so: one engine per process, synthesis
to a private temp file with ``save_to_file`` (≈10 ms a sentence), and the sink plays the audio.
pyttsx3 prints "Audio saved to …" on stdout at every save; it is swallowed here so ``--json``
output stays clean.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import shutil
import sys
import tempfile
import threading
import wave
import weakref
from pathlib import Path

from voicecoach.audio.format import AudioChunk
from voicecoach.errors import EngineError
from voicecoach.tts.base import Synthesizer

SYNTH_TIMEOUT_S = 20.0
"""Longest wait for one utterance to be synthesised (seconds)."""
_engine = None
_engine_lock = threading.Lock()
_leftover_dirs: list[Path] = []
"""Temp folders espeak may still be writing into (a signal cut synthesis short); removed at exit."""


def _get_engine():
    global _engine
    if _engine is None:
        try:
            import pyttsx3

            _engine = pyttsx3.init()
            atexit.register(_shutdown)
        except Exception as exc:  # pyttsx3 raises RuntimeError/OSError when espeak-ng is missing
            raise EngineError(f"cannot start speech synthesis (is espeak-ng installed?): {exc}") from None
    return _engine


def _shutdown() -> None:
    """Destroy the driver while modules still exist (pyttsx3's __del__ fails at interpreter exit)."""
    global _engine
    if _engine is not None:
        hook, sys.unraisablehook = sys.unraisablehook, lambda *_: None  # espeak's callback may fail late
        try:
            with contextlib.suppress(Exception):
                proxy = getattr(_engine, "proxy", None)
                if proxy is not None:
                    proxy._driver.destroy()
                    proxy._driver = None
        finally:
            sys.unraisablehook = hook
    _engine = None
    for folder in _leftover_dirs:
        shutil.rmtree(folder, ignore_errors=True)


class Pyttsx3Synthesizer(Synthesizer):
    def __init__(self) -> None:
        self._engine = _get_engine()
        self._tmpdir = Path(tempfile.mkdtemp(prefix="voicecoach-tts-"))
        self._cleanup = weakref.finalize(self, shutil.rmtree, self._tmpdir, True)
        self._busy = False
        self._voice_ids = [v.id for v in self._engine.getProperty("voices")]
        self._n = 0
        self._done = threading.Event()
        self._engine.connect("finished-utterance", lambda name, completed: self._done.set())

    def voices(self) -> list[str]:
        return list(self._voice_ids)

    def resolve_voice(self, voice: str | None) -> str | None:
        if not voice:
            return None
        if voice in self._voice_ids:
            return voice
        for vid in self._voice_ids:
            if vid.endswith("/" + voice) or voice.lower() in vid.lower():
                return vid
        return None

    def _apply(self, voice_id: str | None, rate_wpm: int | None) -> None:
        """Set voice and rate in espeak-ng itself, after it has finished the previous utterance.

        pyttsx3's setProperty is queued behind its own loop, and with the first runAndWait()
        returning early it sometimes lands after synthesis started: the rate then varied from run
        to run (2 of 16 runs wrong). Setting it directly between Synchronize() calls made 16 of 16
        identical and at the asked rate.
        """
        try:
            from pyttsx3.drivers import _espeak
        except ImportError:  # another platform's driver: use pyttsx3's own path
            if voice_id:
                self._engine.setProperty("voice", voice_id)
            if rate_wpm:
                self._engine.setProperty("rate", int(rate_wpm))
            return
        _espeak.Synchronize()
        if voice_id:
            _espeak.SetVoiceByName(voice_id.encode("utf-8"))
        if rate_wpm:
            _espeak.SetParameter(_espeak.RATE, int(rate_wpm), 0)
        _espeak.Synchronize()

    def synth(self, text: str, voice: str | None = None, rate_wpm: int | None = None) -> AudioChunk:
        text = " ".join(str(text).split())
        if not text:
            return AudioChunk(22050, 2, 1, b"")
        with _engine_lock:
            engine = self._engine
            vid = self.resolve_voice(voice)
            self._apply(vid, rate_wpm)
            self._n += 1
            path = self._tmpdir / f"u{self._n}.wav"
            self._done.clear()
            self._busy = True
            with contextlib.redirect_stdout(io.StringIO()):
                engine.save_to_file(text, str(path))
                engine.runAndWait()
                # the first runAndWait() after init returns before espeak has finished: wait for
                # the finished-utterance callback, the one dependable completion signal
                finished = self._done.wait(SYNTH_TIMEOUT_S)
            self._busy = False
            if not finished:
                raise EngineError("speech synthesis did not finish (espeak-ng hung)")
            try:
                with wave.open(str(path), "rb") as w:
                    chunk = AudioChunk(w.getframerate(), w.getsampwidth(), w.getnchannels(),
                                       w.readframes(w.getnframes()))
            except (OSError, wave.Error, EOFError) as exc:
                raise EngineError(f"speech synthesis produced no audio: {exc}") from None
            finally:
                with contextlib.suppress(OSError):
                    path.unlink()
        return chunk

    def close(self) -> None:
        if self._busy:  # cut short by a signal: espeak may still write here; remove it at exit
            self._cleanup.detach()
            _leftover_dirs.append(self._tmpdir)
            return
        self._cleanup()
