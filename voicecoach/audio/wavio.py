"""Reading and writing WAV files.

Reading accepts what people and tools actually produce: 8/16/24/32-bit integer or 32/64-bit
float, any rate, mono or stereo (libsndfile through ``soundfile``). Writing is 16-bit PCM, atomic.
"""

from __future__ import annotations

import io
import os
import struct
import wave
from collections.abc import Callable
from dataclasses import dataclass
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


UNKNOWN_LENGTH = 0xFFFFFFFF
"""A data chunk size meaning "until the end of the file" (what recorders writing to a pipe put there)."""

_RAW_SUBTYPES = {(1, 8): "PCM_U8", (1, 16): "PCM_16", (1, 24): "PCM_24", (1, 32): "PCM_32",
                 (3, 32): "FLOAT", (3, 64): "DOUBLE"}


@dataclass(frozen=True)
class WavLayout:
    """What a RIFF/WAVE header says about its audio, next to what the file really holds."""

    rate_hz: int
    channels: int
    bits: int
    format_tag: int
    """1: integer PCM, 3: IEEE float (WAVE_FORMAT_EXTENSIBLE resolved to its sub-format)."""
    data_offset: int
    """Where the samples start (bytes from the start of the file)."""
    claimed_bytes: int | None
    """The data chunk's size as the header gives it; None for "until the end" (0xFFFFFFFF)."""
    present_bytes: int
    """Bytes of the data chunk actually in the file (after data_offset)."""

    @property
    def frame_bytes(self) -> int:
        return max(1, self.channels * ((self.bits + 7) // 8))

    @property
    def claimed_s(self) -> float | None:
        return None if self.claimed_bytes is None else self.claimed_bytes / self.frame_bytes / self.rate_hz

    @property
    def present_s(self) -> float:
        return (self.present_bytes // self.frame_bytes) / self.rate_hz

    @property
    def truncated(self) -> bool:
        """The header promises more audio than the file holds (a copy or a recording cut short)."""
        return self.claimed_bytes is not None and self.claimed_bytes > self.present_bytes

    @property
    def unfinished(self) -> bool:
        """The header says 0 bytes of audio, yet audio follows (a recorder stopped before it
        wrote the lengths): readers see an empty file."""
        return self.claimed_bytes == 0 and self.present_bytes >= self.frame_bytes


def wav_layout(path: str | Path) -> WavLayout | None:
    """Read a RIFF/WAVE file's chunk headers (not its samples); None if it is not a plain RIFF WAVE
    (RF64, W64 and RIFX are left to libsndfile) or the header is too damaged to say."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
            if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
                return None
            size = os.fstat(fh.fileno()).st_size
            fmt = None
            pos = 12
            while pos + 8 <= size:
                fh.seek(pos)
                chunk_id, chunk_size = struct.unpack("<4sI", fh.read(8))
                if chunk_id == b"fmt " and chunk_size >= 16:
                    tag, channels, rate, _byte_rate, _align, bits = struct.unpack("<HHIIHH", fh.read(16))
                    if tag == 0xFFFE and chunk_size >= 40:  # WAVE_FORMAT_EXTENSIBLE: the sub-format's tag
                        fh.read(8)
                        tag = struct.unpack("<H", fh.read(2))[0]
                    fmt = (tag, channels, rate, bits)
                elif chunk_id == b"data":
                    if fmt is None or fmt[1] <= 0 or fmt[2] <= 0 or fmt[3] <= 0:
                        return None
                    present = max(0, size - (pos + 8))
                    claimed = None if chunk_size == UNKNOWN_LENGTH else chunk_size
                    return WavLayout(rate_hz=fmt[2], channels=fmt[1], bits=fmt[3], format_tag=fmt[0],
                                     data_offset=pos + 8, claimed_bytes=claimed,
                                     present_bytes=min(present, claimed) if claimed else present)
                pos += 8 + chunk_size + (chunk_size & 1)
    except (OSError, struct.error):
        return None
    return None


def _seconds(value: float) -> str:
    return f"{value:.1f} s" if value >= 0.1 or value == 0 else f"{value * 1000:.0f} ms"


def _say(text: str) -> None:
    from voicecoach.audio.sinks import say_to_stderr

    say_to_stderr(text)


def _read_unfinished(path: Path, layout: WavLayout):
    """The samples after an unfinished header (it says 0 bytes), read as raw frames of its format."""
    import soundfile

    subtype = _RAW_SUBTYPES.get((layout.format_tag, layout.bits))
    if subtype is None:
        return None
    with open(path, "rb") as raw:
        raw.seek(layout.data_offset)
        with soundfile.SoundFile(raw, format="RAW", subtype=subtype, samplerate=layout.rate_hz,
                                 channels=layout.channels, endian="LITTLE") as fh:
            return fh.read(dtype="float32", always_2d=True)


def read_wav(path: str | Path, *, notify: Callable[[str], None] | None = None) -> tuple[np.ndarray, int]:
    """Read a WAV file as mono float32 samples in [-1, 1] and its rate (hertz).

    A truncated file (its header promises more than it holds) is read as far as it goes, and
    ``notify`` (default: a line on stderr) says how long it claims to be and how much is there.
    A file whose header was never finished (it says 0 bytes, yet audio follows) is read whole.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a WAV file")
    if path.stat().st_size == 0:
        raise AudioFormatError(f"{path} is empty, not a WAV file")
    import soundfile

    notify = notify or _say
    layout = wav_layout(path)
    if layout is not None and layout.truncated:
        if layout.present_bytes < layout.frame_bytes:
            raise AudioFormatError(f"{path} is truncated: its header promises {layout.claimed_s:.1f} s of audio, "
                                   "but the file holds none")
        notify(f"{path} is truncated: its header promises {layout.claimed_s:.1f} s of audio, the file holds "
               f"{_seconds(layout.present_s)}; using what is there")
    try:
        with soundfile.SoundFile(str(path)) as fh:
            if fh.format not in ("WAV", "WAVEX", "RF64", "W64"):
                raise AudioFormatError(f"{path} is not a WAV file (it looks like {fh.format})")
            data = fh.read(dtype="float32", always_2d=True)
            rate = fh.samplerate
        if len(data) == 0 and layout is not None and layout.unfinished:
            unfinished = _read_unfinished(path, layout)
            if unfinished is not None and len(unfinished):
                notify(f"{path} has an unfinished header (it says 0 s of audio); reading the "
                       f"{len(unfinished) / rate:.1f} s that follow it")
                data = unfinished
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


def read_wav_pcm16(path: str | Path, rate: int = ASR_RATE_HZ, *,
                   notify: Callable[[str], None] | None = None) -> bytes:
    """Read any WAV as 16-bit mono PCM at ``rate``: what the recognisers take."""
    samples, in_rate = read_wav(path, notify=notify)
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
