"""A pyttsx3 driver that speaks with Piper voices: ``pyttsx3.init("piper")``.

pyttsx3 loads a driver by module name (``importlib.import_module("pyttsx3.drivers." + name)``), so
``register()`` puts this module into ``sys.modules`` as ``pyttsx3.drivers.piper``; pyttsx3 itself is
not changed. The rest of voicecoach keeps talking to pyttsx3: ``setProperty("voice", path.onnx)``,
``setProperty("rate", wpm)``, ``save_to_file(text, path)``, ``runAndWait()``.

How it fits pyttsx3's loop (see ``pyttsx3/driver.py``): queued commands run when the driver says it
is not busy; ``runAndWait`` queues ``endLoop`` and calls ``startLoop``, and ``endLoop`` calls the
driver's ``stop()``. So this driver is synchronous: ``save_to_file`` synthesises and writes the WAV
right there (nothing is left for a later ``stop()`` to lose), and ``startLoop`` only lets the queue
run. It never touches espeak-ng's global callback, so it lives beside the ``espeak`` engine in one
process (a second ``pyttsx3.init("espeak")`` would steal that callback; this does not).

A voice (``PiperVoice``: an onnxruntime session, 0.15–0.6 s to load) is loaded once per process and
kept; ``preload(path)`` loads it in a background thread so a session's first prompt need not wait.
"""

from __future__ import annotations

import sys
import threading
import wave
from concurrent.futures import Future
from pathlib import Path

MODULE_NAME = "pyttsx3.drivers.piper"
WPM_AT_SCALE_1 = 187.0
"""Maps pyttsx3's ``rate`` (words per minute) to Piper's length scale: rate R gives scale
``WPM_AT_SCALE_1 / R``. Calibrated so a Piper voice at rate R speaks as fast as espeak-ng's default
voice at R, pauses included (``scripts/eval_voices.py --piper-rate``: at 165, joe-medium 182.8 wpm,
espeak-ng 182.1)."""
SENTENCE_PAUSE_S = 0.25
"""Silence after each sentence (seconds): Piper adds none, espeak-ng adds about this much."""
VOLUME = 0.8
"""Piper normalises each sentence to full scale; this keeps it near espeak-ng's loudness."""
NOISE_SCALE: float | None = 0.4
"""Piper's generator noise (None: the voice's own, 0.667 for most voices). Lower articulates more
clearly: over a whole typed session PocketSphinx's WER went 0.262–0.273 (voice's own noise, three
runs) → 0.227 (0.4 with NOISE_W 0.5), while the pitch movement stayed (per-sentence F0 spread 5.7 →
5.4 semitones; scripts/eval_voices.py)."""
NOISE_W: float | None = 0.5
"""Piper's phoneme-duration noise (None: the voice's own, 0.8 for most voices)."""
INTRA_OP_THREADS = 1
"""onnxruntime threads per synthesis: one, so the recogniser keeps the other core of a 2-core laptop."""

_voices: dict[str, Future] = {}
_voices_lock = threading.Lock()


def register() -> None:
    """Make ``pyttsx3.init("piper")`` load this module (no change to pyttsx3)."""
    import pyttsx3.drivers

    module = sys.modules[__name__]
    sys.modules.setdefault(MODULE_NAME, module)
    pyttsx3.drivers.piper = module


def _load(path: str):
    import json

    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig

    with open(path + ".json", encoding="utf-8") as fh:
        cfg = PiperConfig.from_dict(json.load(fh))
    options = onnxruntime.SessionOptions()
    # the voices' graphs gain nothing measurable from onnxruntime's optimiser, which doubles the load
    # time (0.35 → 0.16 s here; synthesis speed the same): skip it
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
    options.intra_op_num_threads = INTRA_OP_THREADS
    options.log_severity_level = 3
    session = onnxruntime.InferenceSession(path, sess_options=options, providers=["CPUExecutionProvider"])
    return PiperVoice(session=session, config=cfg)


def preload(path: str | Path) -> Future:
    """Start loading the voice at ``path`` (.onnx) in a background thread; returns its Future."""
    key = str(path)
    with _voices_lock:
        fut = _voices.get(key)
        if fut is not None and not (fut.done() and fut.exception() is not None):
            return fut
        fut = Future()
        _voices[key] = fut

    def run() -> None:
        try:
            fut.set_result(_load(key))
        except BaseException as exc:  # noqa: BLE001 - reported to whoever waits for the voice
            fut.set_exception(exc)

    threading.Thread(target=run, name="piper-load", daemon=True).start()
    _wait_at_exit()
    return fut


# how long the end of the process waits for a voice still loading
EXIT_WAIT_S = 30.0
_exit_hook = False


def _wait_at_exit() -> None:
    """Before the interpreter shuts down, let any voice still loading finish: onnxruntime, torn down in the
    middle of building a session on a daemon thread, aborts the whole process ("terminate called without an
    active exception", exit 134) after a command that never used the voice, such as `commitments replay` with
    a Piper voice for the other person (exploratory testing, stop 42)."""
    global _exit_hook
    with _voices_lock:
        if _exit_hook:
            return
        _exit_hook = True

    def wait() -> None:
        with _voices_lock:
            pending = [f for f in _voices.values() if not f.done()]
        for fut in pending:
            with contextlib.suppress(BaseException):  # a timeout here: nothing more to do at exit
                fut.exception(timeout=EXIT_WAIT_S)

    import atexit
    import contextlib

    atexit.register(wait)


def get_voice(path: str | Path, timeout_s: float = 60.0):
    """The loaded voice at ``path``, loading it if nobody has started to."""
    return preload(path).result(timeout=timeout_s)


def buildDriver(proxy):
    return PiperDriver(proxy)


class PiperDriver:
    """pyttsx3 driver interface (see ``pyttsx3/drivers/dummy.py``) for Piper; synthesis to files only."""

    def __init__(self, proxy) -> None:
        self._proxy = proxy
        self._voice: str | None = None
        self._rate = int(WPM_AT_SCALE_1)
        self._volume = 1.0

    # ---- loop: everything happens synchronously while pyttsx3 pumps its queue
    def startLoop(self) -> None:
        self._proxy.setBusy(False)

    def endLoop(self) -> None:
        pass

    def iterate(self):
        self._proxy.setBusy(False)
        yield

    def stop(self) -> None:
        pass

    def destroy(self) -> None:
        pass

    # ---- properties
    def getProperty(self, name: str):
        if name == "voices":
            from pyttsx3.voice import Voice

            from voicecoach.tts.voices import installed_piper_voices

            return [Voice(v.voice_id, v.name, [v.language or ""]) for v in installed_piper_voices()]
        if name == "voice":
            return self._voice
        if name == "rate":
            return self._rate
        if name == "volume":
            return self._volume
        raise KeyError(f"unknown property {name}")

    def setProperty(self, name: str, value) -> None:
        if name == "voice":
            path = Path(str(value))
            if not path.is_file() or not Path(str(path) + ".json").is_file():
                raise ValueError(f"no Piper voice at {value} (an .onnx with its .onnx.json)")
            self._voice = str(path)
        elif name == "rate":
            self._rate = max(40, int(value))
        elif name == "volume":
            self._volume = min(1.0, max(0.0, float(value)))
        else:
            raise KeyError(f"unknown property {name}")

    # ---- speaking
    def say(self, text: str) -> None:
        raise NotImplementedError("the piper driver writes files only: use save_to_file (voicecoach plays the audio)")

    def save_to_file(self, text: str, filename: str) -> None:
        """Synthesise ``text`` now and write it to ``filename`` as 16-bit mono WAV at the voice's own rate."""
        self._proxy.notify("started-utterance")
        completed = False
        try:
            if self._voice is None:
                raise ValueError("no Piper voice set (setProperty('voice', path.onnx))")
            pcm, rate = synthesize(self._voice, text, self._rate, self._volume)
            with wave.open(filename, "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(rate)
                w.writeframes(pcm)
            completed = True
        finally:
            self._proxy.notify("finished-utterance", completed=completed)


def synthesize(path: str, text: str, rate_wpm: int, volume: float = 1.0) -> tuple[bytes, int]:
    """16-bit PCM of ``text`` in the Piper voice at ``path``, at ``rate_wpm``; and its sample rate."""
    import numpy as np
    from piper.config import SynthesisConfig

    voice = get_voice(path)
    scale = (voice.config.length_scale or 1.0) * WPM_AT_SCALE_1 / max(40, int(rate_wpm))
    syn = SynthesisConfig(length_scale=scale, volume=VOLUME * volume, noise_scale=NOISE_SCALE, noise_w_scale=NOISE_W)
    rate = int(voice.config.sample_rate)
    pause = np.zeros(int(SENTENCE_PAUSE_S * rate), dtype=np.int16)
    parts = []
    for chunk in voice.synthesize(text, syn_config=syn):
        parts.append(chunk.audio_int16_array)
        parts.append(pause)
    audio = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int16)
    return audio.astype("<i2").tobytes(), rate
