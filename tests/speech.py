"""Making "the user" speak: flite (voice slt) and espeak-ng to WAV, sox to join with silences.

Helpers for tests and benchmarks; results are cached by text so a test run synthesises each once.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
import subprocess
from pathlib import Path

import numpy as np

from voicecoach.audio.wavio import read_wav_pcm16, write_wav


SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def load_script(name: str):
    """Import ``scripts/<name>.py`` once (the evaluation scripts double as test helpers)."""
    if name in sys.modules:
        return sys.modules[name]
    sys.path.insert(0, str(SCRIPTS))
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def flite(text: str, out_dir: Path, voice: str = "slt") -> Path:
    key = hashlib.sha1(f"flite|{voice}|{text}".encode()).hexdigest()[:16]
    path = Path(out_dir) / f"flite-{key}.wav"
    if not path.exists():
        subprocess.run(["flite", "-voice", voice, "-t", text, "-o", str(path)], check=True, capture_output=True)
    return path


def espeak(text: str, out_dir: Path, voice: str = "en-us") -> Path:
    key = hashlib.sha1(f"espeak|{voice}|{text}".encode()).hexdigest()[:16]
    path = Path(out_dir) / f"espeak-{key}.wav"
    if not path.exists():
        subprocess.run(["espeak-ng", "-v", voice, "-w", str(path), text], check=True, capture_output=True)
    return path


def pcm16k(path: Path) -> bytes:
    return read_wav_pcm16(path, 16000)


def silence(seconds: float) -> bytes:
    return b"\x00\x00" * int(seconds * 16000)


def answers_wav(texts: list[str], out: Path, cache: Path, gap_s: float = 2.0, lead_s: float = 0.5,
                tail_s: float = 3.0, voice: str = "slt", pauses: dict[int, float] | None = None) -> Path:
    """One WAV of spoken answers separated by silence, as `--input` takes it.

    A text containing " | " is spoken as two parts with a mid-sentence pause between them
    (``pauses[i]`` seconds, default 0.6 s), to test that the pause doesn't end the turn.
    """
    parts = [silence(lead_s)]
    for i, text in enumerate(texts):
        pieces = text.split(" | ")
        for j, piece in enumerate(pieces):
            parts.append(pcm16k(flite(piece, cache, voice)))
            if j < len(pieces) - 1:
                parts.append(silence((pauses or {}).get(i, 0.6)))
        parts.append(silence(gap_s))
    parts.append(silence(tail_s))
    return write_wav(out, b"".join(parts), 16000, private=False)


def add_noise(pcm: bytes, snr_db: float, seed: int = 0, kind: str = "brown") -> bytes:
    """Mix steady noise into speech at a given signal-to-noise ratio (speech RMS over active samples)."""
    rng = np.random.default_rng(seed)
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    white = rng.standard_normal(x.size)
    if kind == "brown":
        noise = np.cumsum(white)
        noise -= np.convolve(noise, np.ones(1601) / 1601, mode="same")  # remove drift
    elif kind == "pink":  # 1/f power: wind, traffic, a fan; webrtcvad takes much of it for speech
        spectrum = np.fft.rfft(white)
        k = np.arange(spectrum.size, dtype=np.float64)
        k[0] = 1.0
        noise = np.fft.irfft(spectrum / np.sqrt(k), white.size)
    else:
        noise = white
    active = np.abs(x) > 100
    speech_rms = np.sqrt(np.mean(x[active] ** 2)) if active.any() else 1000.0
    noise *= speech_rms / (np.sqrt(np.mean(noise**2)) * 10 ** (snr_db / 20))
    return np.clip(x + noise, -32768, 32767).astype("<i2").tobytes()


def words(text: str) -> list[str]:
    """Words for scoring: lower case, hyphens as spaces, punctuation dropped (apostrophes inside
    words kept), so "Mr. Dashwood's" and "mr dashwood's" match."""
    return re.findall(r"\w+(?:'\w+)*", text.lower().replace("-", " ").replace("_", " "))


def edits(ref: str, hyp: str) -> tuple[int, int]:
    """(word edit distance, reference word count) after ``words`` normalisation."""
    r, h = words(ref), words(hyp)
    prev = list(range(len(h) + 1))
    for i in range(1, len(r) + 1):
        cur = [i] + [0] * len(h)
        for j in range(1, len(h) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r[i - 1] != h[j - 1]))
        prev = cur
    return prev[len(h)], len(r)


def wer(ref: str, hyp: str) -> float:
    """Word error rate (edit distance over reference words)."""
    errors, n = edits(ref, hyp)
    return errors / max(1, n)


def corpus_wer(pairs) -> float:
    """WER over a set: all edits over all reference words (long sentences weigh more than short)."""
    errors = n = 0
    for ref, hyp in pairs:
        e, k = edits(ref, hyp)
        errors, n = errors + e, n + k
    return errors / max(1, n)
