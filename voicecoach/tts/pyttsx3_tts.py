"""pyttsx3, used only to synthesise to WAV: espeak-ng through pyttsx3's ``espeak`` driver, Piper
voices through our ``piper`` driver (``piper_driver.py``), both behind one ``Synthesizer``.

pyttsx3's own playback is unreliable (``say`` shells out to aplay and raises nothing when it
fails; ``stop`` blocks; a second espeak engine hangs the first), so: one engine per driver per
process, synthesis to a private temp file with ``save_to_file`` (≈10 ms a sentence with espeak-ng,
RTF ≈0.15–0.25 with Piper), and the sink plays the audio. pyttsx3 prints "Audio saved to …" on
stdout at every espeak save; it is swallowed here so ``--json`` output stays clean.

Never silent: a voice that does not exist raises ``VoiceError`` (no quiet fall back to espeak's
default); a voice that exists but cannot speak (an MBROLA voice whose data is missing, a broken or
unloadable Piper model, piper-tts not installed, silence where words were asked for) falls back to
the ``fallback`` voice given to ``synth`` with one line on stderr, once per voice.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
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
from voicecoach.tts.voices import (
    DEFAULT_COACH_VOICE,
    ESPEAK,
    ESPEAK_LICENCE,
    UnknownVoice,
    Voice,
    VoiceError,
    find_piper_voice,
)

SYNTH_TIMEOUT_S = 20.0
"""Longest wait for one utterance to be synthesised (seconds)."""
ESPEAK_WAV_RATE_HZ = 22050
"""The rate pyttsx3 writes in every espeak WAV header, whatever espeak-ng really produced."""
SILENT_PEAK = 0.01
"""Audio whose peak stays below this (fraction of full scale) is silence, not speech."""
_engine = None
_engine_lock = threading.Lock()
_piper_engine = None
_piper_lock = threading.Lock()
_leftover_dirs: list[Path] = []
"""Temp folders espeak may still be writing into (a signal cut synthesis short); removed at exit."""
_MBROLA_DIRS = ("/usr/share/mbrola/{v}", "/usr/share/mbrola/{v}/{v}", "/usr/share/mbrola/voices/{v}")
"""Where espeak-ng looks for an MBROLA voice's data (its own error message lists these)."""


def _get_engine():
    global _engine
    if _engine is None:
        try:
            import pyttsx3

            _engine = pyttsx3.init()
            _bound_espeak_synth()
            atexit.register(_shutdown)
        except Exception as exc:  # pyttsx3 raises RuntimeError/OSError when espeak-ng is missing
            raise EngineError(f"cannot start speech synthesis (is espeak-ng installed?): {exc}") from None
    return _engine


def _bound_espeak_synth() -> None:
    """Make pyttsx3's espeak driver tell espeak-ng the text's real size.

    pyttsx3 (2.99) passes ``espeak_Synth`` a size of ``len(text) * 10``, and espeak-ng copies that
    many bytes before it reads the text: nine times the text's length is read from past its end,
    and when the text sits near the end of mapped memory the process dies with SIGSEGV (1 typed
    session in ~45 here; pyttsx3 PR #451). ``scripts/repro_espeak_overread.py`` shows it every
    time. The driver calls ``_espeak.Synth`` by module attribute, so a bounded one is put there.
    """
    _espeak = _espeak_lib()
    if _espeak is None or getattr(_espeak.Synth, "_voicecoach_bounded", False):
        return

    def synth(text, position=0, position_type=_espeak.POS_CHARACTER, end_position=0, flags=0,
              user_data=None):
        data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        # a bytes object is NUL-terminated in memory: len + 1 bytes are all readable
        return _espeak.cSynth(data, len(data) + 1, position, position_type, end_position, flags, None,
                              user_data)

    synth._voicecoach_bounded = True
    _espeak.Synth = synth


def _get_piper_engine():
    """pyttsx3's engine for the ``piper`` driver (ours, registered without changing pyttsx3)."""
    global _piper_engine
    if _piper_engine is None:
        import pyttsx3

        from voicecoach.tts import piper_driver

        piper_driver.register()
        _piper_engine = pyttsx3.init("piper")  # pyttsx3 keeps engines in a WeakValueDictionary: hold it
    return _piper_engine


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


def _espeak_lib():
    try:
        from pyttsx3.drivers import _espeak
    except ImportError:  # another platform's driver
        return None
    return _espeak


def espeak_sample_rate() -> int:
    """The rate espeak-ng produces with its current voice (22,050 Hz; 16,000 for MBROLA voices)."""
    lib = _espeak_lib()
    fn = getattr(lib.dll, "espeak_ng_GetSampleRate", None) if lib is not None else None
    if fn is None:
        return ESPEAK_WAV_RATE_HZ
    fn.restype = ctypes.c_int
    fn.argtypes = []
    rate = int(fn())
    return rate if 4000 <= rate <= 96000 else ESPEAK_WAV_RATE_HZ


def espeak_data_dir() -> Path | None:
    """espeak-ng's data folder (voices, variants under ``voices/!v``)."""
    lib = _espeak_lib()
    if lib is not None:
        with contextlib.suppress(Exception):
            fn = lib.dll.espeak_Info
            fn.restype = ctypes.c_char_p
            fn.argtypes = [ctypes.POINTER(ctypes.c_char_p)]
            out = ctypes.c_char_p()
            fn(ctypes.byref(out))
            if out.value:
                return Path(out.value.decode())
    for cand in ("/usr/lib/x86_64-linux-gnu/espeak-ng-data", "/usr/lib/aarch64-linux-gnu/espeak-ng-data",
                 "/usr/share/espeak-ng-data", "/usr/local/share/espeak-ng-data"):
        if Path(cand, "voices").is_dir():
            return Path(cand)
    return None


def espeak_variants() -> list[str]:
    data = espeak_data_dir()
    folder = data / "voices" / "!v" if data else None
    if folder is None or not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file())


def mbrola_missing(voice_id: str) -> str | None:
    """Why the MBROLA voice ``mb/mb-xx`` cannot speak here, or None if it can.

    espeak-ng lists every ``mb-*`` voice whether or not its MBROLA data is installed; with the data
    missing it reports the error only through pyttsx3's error callback and writes silence."""
    data = espeak_data_dir()
    name = voice_id.split("/")[-1].split("+")[0]
    db = name.removeprefix("mb-")
    if data is not None:
        with contextlib.suppress(OSError):
            for line in (data / "voices" / "mb" / name).read_text(errors="replace").splitlines():
                parts = line.split()
                if len(parts) >= 2 and parts[0] == "mbrola":
                    db = parts[1]
    if shutil.which("mbrola") is None:
        return "the mbrola program is not installed (apt install mbrola, from Debian contrib)"
    if not any(Path(d.format(v=db)).is_file() for d in _MBROLA_DIRS):
        return f"its MBROLA data is not installed (apt install mbrola-{db}, from Debian non-free)"
    return None


class Pyttsx3Synthesizer(Synthesizer):
    def __init__(self) -> None:
        self._engine = _get_engine()
        self._tmpdir = Path(tempfile.mkdtemp(prefix="voicecoach-tts-"))
        self._cleanup = weakref.finalize(self, shutil.rmtree, self._tmpdir, True)
        self._busy = False
        self._voices = {v.id: v for v in self._engine.getProperty("voices")}
        self._voice_ids = list(self._voices)
        self._variants: list[str] | None = None
        self._n = 0
        self._done = threading.Event()
        self._errors: list[str] = []
        self._engine.connect("finished-utterance", lambda name, completed: self._done.set())
        # pyttsx3 reports some failures only here (and then writes silence)
        self._engine.connect("error", lambda name=None, exception=None: self._errors.append(str(exception)))
        self._piper_errors: list[str] = []
        self._resolved: dict[str, Voice] = {}
        self._broken: dict[str, str] = {}
        """Voices that failed (name → why): later lines go straight to their fallback."""
        self.warn = _stderr_line

    # ------------------------------------------------------------------ voices
    def voices(self) -> list[str]:
        return list(self._voice_ids)

    def espeak_voice_list(self) -> list[Voice]:
        out = []
        for vid, v in self._voices.items():
            langs = getattr(v, "languages", None) or [None]
            out.append(Voice(name=vid, engine=ESPEAK, driver="espeak", voice_id=vid, language=langs[0],
                             licence=ESPEAK_LICENCE))
        return out

    def voice(self, name: str | None) -> Voice:
        """The voice ``name`` stands for; VoiceError when there is none (never a silent stand-in)."""
        name = (name or DEFAULT_COACH_VOICE).strip()
        if name in self._resolved:
            return self._resolved[name]
        piper = find_piper_voice(name)
        resolved = piper if piper is not None else self._espeak_voice(name)
        self._resolved[name] = resolved
        return resolved

    def resolve_voice(self, voice: str | None) -> str | None:
        """The id the pyttsx3 driver is given for ``voice`` (None for None); VoiceError if unknown."""
        return None if not voice else self.voice(voice).voice_id

    def _espeak_voice(self, name: str) -> Voice:
        base, plus, variant = name.partition("+")
        low = base.lower()
        ids = self._voice_ids
        match = [v for v in ids if v == low] or [v for v in ids if v.endswith("/" + low)]
        if not match and len(low) >= 3:
            match = [v for v in ids if low in v]
        if not match and low.split("/")[-1].startswith("mb-"):
            # MBROLA voices are not in pyttsx3's list (espeak-ng lists them, installed or not)
            data = espeak_data_dir()
            mb = low.split("/")[-1]
            if data is not None and (data / "voices" / "mb" / mb).is_file():
                return self._mbrola_voice(f"mb/{mb}")
        if len(match) != 1:
            if not match:
                raise UnknownVoice(f"no voice named {name!r}: see `voicecoach voices` (espeak-ng voices, "
                                 "variants such as gmw/en-us+klatt, installed Piper voices)")
            shown = ", ".join(match[:6]) + (" …" if len(match) > 6 else "")
            raise UnknownVoice(f"{name!r} could be several voices ({shown}); give the full id")
        vid = match[0]
        if plus:
            if self._variants is None:
                self._variants = espeak_variants()
            found = [v for v in self._variants if v == variant] or [v for v in self._variants
                                                                   if v.lower() == variant.lower()]
            if not found:
                raise UnknownVoice(f"espeak-ng has no variant {variant!r} (try klatt, klatt4, m3, f3; "
                                 "see `voicecoach voices`)")
            vid = f"{vid}+{found[0]}"
        v = self._voices[match[0]]
        langs = getattr(v, "languages", None) or [None]
        return Voice(name=vid, engine=ESPEAK, driver="espeak", voice_id=vid, language=langs[0],
                     licence=ESPEAK_LICENCE, sample_rate_hz=self._espeak_rate(vid))

    def _espeak_rate(self, voice_id: str) -> int | None:
        """The rate espeak-ng really produces with ``voice_id`` (set it, ask espeak-ng)."""
        if _espeak_lib() is None:
            return None
        with _engine_lock:
            try:
                self._apply(voice_id, None)
            except VoiceError:
                return None
            return espeak_sample_rate()

    @staticmethod
    def _mbrola_voice(vid: str) -> Voice:
        missing = mbrola_missing(vid)
        if missing:
            raise VoiceError(f"the MBROLA voice {vid} cannot speak: {missing}")
        return Voice(name=vid, engine=ESPEAK, driver="espeak", voice_id=vid, language=None, sample_rate_hz=16000,
                     licence=f"{ESPEAK_LICENCE}; MBROLA data: MBROLA licence (non-commercial)",
                     note="MBROLA voice: 16 kHz (read from espeak-ng, not pyttsx3's 22,050 Hz label)")

    def slow(self, voice: str | None) -> bool:
        try:
            return self.voice(voice).driver == "piper"
        except VoiceError:
            return False

    def preload(self, voice: str | None) -> None:
        """Start loading a Piper voice in the background (no-op for espeak-ng voices)."""
        with contextlib.suppress(VoiceError):
            v = self.voice(voice)
            if v.driver == "piper":
                from voicecoach.tts import piper_driver

                piper_driver.preload(v.voice_id)

    # ------------------------------------------------------------------ speaking
    def synth(self, text: str, voice: str | None = None, rate_wpm: int | None = None,
              fallback: str | None = None) -> AudioChunk:
        text = " ".join(str(text).split())
        if not text:
            return AudioChunk(ESPEAK_WAV_RATE_HZ, 2, 1, b"")
        key = (voice or DEFAULT_COACH_VOICE).strip()
        try:
            if key in self._broken:
                raise VoiceError(self._broken[key])
            v = self.voice(key)
            chunk = self._synth_piper(text, v, rate_wpm) if v.driver == "piper" else self._synth_espeak(text, v, rate_wpm)
            if any(c.isalnum() for c in text) and _peak(chunk) < SILENT_PEAK:
                raise VoiceError(f"the voice {v.name} produced silence")
            return chunk
        except VoiceError as exc:
            if not fallback or fallback.strip() == key:
                raise
            if key not in self._broken:
                self._broken[key] = str(exc)
                self.warn(f"voicecoach: {exc}; speaking with {fallback} instead")
            return self.synth(text, fallback, rate_wpm)

    def _synth_espeak(self, text: str, v: Voice, rate_wpm: int | None) -> AudioChunk:
        with _engine_lock:
            engine = self._engine
            self._apply(v.voice_id, rate_wpm)
            real_rate = espeak_sample_rate() if _espeak_lib() is not None else ESPEAK_WAV_RATE_HZ
            self._n += 1
            path = self._tmpdir / f"u{self._n}.wav"
            self._done.clear()
            self._errors.clear()
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
            if self._errors:
                raise VoiceError(f"espeak-ng could not speak with {v.name}: {self._errors[0]}")
            chunk = self._read(path, real_rate)
        return chunk

    def _synth_piper(self, text: str, v: Voice, rate_wpm: int | None) -> AudioChunk:
        with _piper_lock:
            try:
                engine = _get_piper_engine()
            except Exception as exc:  # noqa: BLE001 - pyttsx3 missing pieces: fall back
                raise VoiceError(f"the Piper voice {v.name} cannot be used: {exc}") from None
            self._n += 1
            path = self._tmpdir / f"p{self._n}.wav"
            self._piper_errors.clear()
            token = engine.connect("error", lambda name=None, exception=None: self._piper_errors.append(
                f"{type(exception).__name__}: {exception}"))
            try:
                engine.setProperty("voice", v.voice_id)
                if rate_wpm:
                    engine.setProperty("rate", int(rate_wpm))
                engine.save_to_file(text, str(path))
                engine.runAndWait()
            finally:
                engine.disconnect(token)
            if self._piper_errors:
                why = self._piper_errors[0]
                if "No module named" in why:
                    why = "piper-tts is not installed (pip install piper-tts)"
                raise VoiceError(f"the Piper voice {v.name} cannot speak ({why})")
            return self._read(path, None)

    def _read(self, path: Path, real_rate: int | None) -> AudioChunk:
        try:
            with wave.open(str(path), "rb") as w:
                # pyttsx3's espeak driver labels every WAV 22,050 Hz; espeak-ng's own rate is the truth
                return AudioChunk(real_rate or w.getframerate(), w.getsampwidth(), w.getnchannels(),
                                  w.readframes(w.getnframes()))
        except (OSError, wave.Error, EOFError) as exc:
            raise VoiceError(f"speech synthesis produced no audio: {exc}") from None
        finally:
            with contextlib.suppress(OSError):
                path.unlink()

    def _apply(self, voice_id: str | None, rate_wpm: int | None) -> None:
        """Set voice and rate in espeak-ng itself, after it has finished the previous utterance.

        pyttsx3's setProperty is queued behind its own loop, and with the first runAndWait()
        returning early it sometimes lands after synthesis began: the rate then varied from run
        to run (2 of 16 runs wrong). Setting it directly between Synchronize() calls made 16 of 16
        identical and at the asked rate. A voice espeak-ng refuses raises VoiceError here.
        """
        _espeak = _espeak_lib()
        if _espeak is None:  # another platform's driver: use pyttsx3's own path
            if voice_id:
                self._engine.setProperty("voice", voice_id)
            if rate_wpm:
                self._engine.setProperty("rate", int(rate_wpm))
            return
        _espeak.Synchronize()
        if voice_id:
            rc = _espeak.SetVoiceByName(voice_id.encode("utf-8"))
            if rc != 0:
                raise VoiceError(f"espeak-ng cannot use the voice {voice_id} (error {rc})")
        if rate_wpm:
            _espeak.SetParameter(_espeak.RATE, int(rate_wpm), 0)
        _espeak.Synchronize()

    def close(self) -> None:
        if self._busy:  # cut short by a signal: espeak may still write here; remove it at exit
            self._cleanup.detach()
            _leftover_dirs.append(self._tmpdir)
            return
        self._cleanup()


def _peak(chunk: AudioChunk) -> float:
    if not chunk.audio or chunk.width != 2:
        return 1.0 if chunk.audio else 0.0
    import numpy as np

    return float(np.max(np.abs(np.frombuffer(chunk.audio, dtype="<i2")))) / 32768.0


def _stderr_line(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
