"""Reading and writing WAV files.

Reading accepts what people and tools actually produce: 8/16/24/32-bit integer or 32/64-bit
float, any rate, mono or stereo (libsndfile through ``soundfile``). Writing is 16-bit PCM, atomic.
"""

from __future__ import annotations

import io
import wave
from pathlib import Path

import numpy as np

from voicecoach.audio.format import ASR_RATE_HZ, AudioChunk, float_to_pcm16, resample, to_mono
from voicecoach.config import atomic_write_bytes
from voicecoach.errors import AudioFormatError, InputError

MIN_RATE_HZ = 1000
"""Lowest sample rate taken (hertz); a header claiming less is damaged (1 Hz would turn a few
seconds of data into hours of audio at 16 kHz)."""
MAX_RATE_HZ = 768000
"""Highest sample rate taken (hertz)."""


def read_wav(path: str | Path) -> tuple[np.ndarray, int]:
    """Read a WAV file as mono float32 samples in [-1, 1] and its rate (hertz)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a WAV file")
    if path.stat().st_size == 0:
        raise AudioFormatError(f"{path} is empty, not a WAV file")
    import soundfile

    try:
        with soundfile.SoundFile(str(path)) as fh:
            if fh.format not in ("WAV", "WAVEX", "RF64", "W64"):
                raise AudioFormatError(f"{path} is not a WAV file (it looks like {fh.format})")
            data = fh.read(dtype="float32", always_2d=True)
            rate = fh.samplerate
    except soundfile.LibsndfileError as exc:
        raise AudioFormatError(f"{path} is not a readable WAV file ({_short(exc)})") from None
    except (RuntimeError, ValueError) as exc:
        raise AudioFormatError(f"{path} is not a readable WAV file ({_short(exc)})") from None
    if not MIN_RATE_HZ <= rate <= MAX_RATE_HZ:
        raise AudioFormatError(
            f"{path} has an unusable sample rate ({rate} Hz; {MIN_RATE_HZ}-{MAX_RATE_HZ} Hz are read)"
        )
    samples = to_mono(data).astype(np.float32, copy=False)
    if not np.all(np.isfinite(samples)) or (samples.size and float(np.max(np.abs(samples))) > 1.0):
        # float WAVs may hold NaN/inf or values past full scale: silence the first, clip the rest
        samples = np.clip(np.nan_to_num(samples, nan=0.0, posinf=1.0, neginf=-1.0), -1.0, 1.0)
    return samples, rate


def read_wav_pcm16(path: str | Path, rate: int = ASR_RATE_HZ) -> bytes:
    """Read any WAV as 16-bit mono PCM at ``rate``: what the recognisers take."""
    samples, in_rate = read_wav(path)
    return float_to_pcm16(resample(samples, in_rate, rate))


def read_wav_chunk(path: str | Path) -> AudioChunk:
    """Read any WAV as a 16-bit mono AudioChunk at its own rate."""
    samples, rate = read_wav(path)
    return AudioChunk(rate, 2, 1, float_to_pcm16(samples))


def wav_bytes(pcm: bytes, rate: int, channels: int = 1) -> bytes:
    """16-bit PCM wrapped in a WAV header."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm)
    return buf.getvalue()


def write_wav(path: str | Path, pcm: bytes, rate: int, *, private: bool = True) -> Path:
    """Write 16-bit mono PCM as a WAV file, atomically (temp file + rename)."""
    path = Path(path)
    if not path.parent.exists():
        raise InputError(f"folder does not exist: {path.parent}")
    return atomic_write_bytes(path, wav_bytes(pcm, rate), private=private)


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text.split(": ", 1)[-1] if "Error opening" in text else text
