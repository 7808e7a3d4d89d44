"""Audio that carries its own format, and conversion to what the recognisers want.

Every source converts at the edge: whatever comes in (any rate, width, channels), the
recogniser gets 16 kHz mono 16-bit little-endian PCM.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ASR_RATE_HZ = 16000
"""Rate of the audio the recognisers get (hertz)."""
SAMPLE_WIDTH = 2
"""Bytes per sample of PCM inside voicecoach (16-bit)."""


@dataclass(frozen=True)
class AudioChunk:
    """A piece of PCM audio with its format."""

    rate: int
    """Sample rate (hertz)."""
    width: int
    """Bytes per sample (2 = 16-bit)."""
    channels: int
    audio: bytes

    @property
    def frames(self) -> int:
        return len(self.audio) // (self.width * self.channels)

    @property
    def duration_s(self) -> float:
        return self.frames / self.rate if self.rate else 0.0

    def to(self, rate: int) -> AudioChunk:
        """The same sound as 16-bit mono at ``rate``."""
        samples = pcm16_to_float(self.audio) if self.width == 2 else None
        if samples is None:
            raise ValueError(f"unsupported sample width {self.width}")
        if self.channels > 1:
            samples = samples.reshape(-1, self.channels).mean(axis=1)
        return AudioChunk(rate, 2, 1, float_to_pcm16(resample(samples, self.rate, rate)))


def pcm16_to_float(pcm: bytes) -> np.ndarray:
    """16-bit little-endian PCM to float32 in [-1, 1)."""
    return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0


def float_to_pcm16(samples: np.ndarray) -> bytes:
    """float samples in [-1, 1] to 16-bit little-endian PCM (clipped)."""
    clipped = np.clip(np.asarray(samples, dtype=np.float32), -1.0, 32767.0 / 32768.0)
    return (clipped * 32768.0).astype("<i2").tobytes()


def to_mono(samples: np.ndarray) -> np.ndarray:
    """(frames, channels) or (frames,) float array to mono (frames,)."""
    if samples.ndim == 2:
        return samples.mean(axis=1, dtype=np.float32) if samples.shape[1] > 1 else samples[:, 0]
    return samples


def resample(samples: np.ndarray, in_rate: int, out_rate: int) -> np.ndarray:
    """Resample a mono float signal (whole buffer) with soxr."""
    if in_rate == out_rate or samples.size == 0:
        return samples.astype(np.float32, copy=False)
    import soxr

    return soxr.resample(samples.astype(np.float32, copy=False), in_rate, out_rate, quality="HQ")


class StreamConverter:
    """Streaming conversion of interleaved 16-bit PCM at any rate and channel count to 16 kHz mono.

    Used at the microphone edge: a Bluetooth headset gives 44.1/48 kHz stereo, the recogniser
    wants 16 kHz mono. soxr keeps filter state across chunks, so there are no clicks at chunk edges.
    """

    def __init__(self, in_rate: int, channels: int, out_rate: int = ASR_RATE_HZ) -> None:
        self.in_rate = in_rate
        self.channels = channels
        self.out_rate = out_rate
        self._stream = None
        if in_rate != out_rate:
            import soxr

            self._stream = soxr.ResampleStream(in_rate, out_rate, 1, dtype="float32", quality="HQ")

    def convert(self, pcm: bytes, last: bool = False) -> bytes:
        samples = pcm16_to_float(pcm)
        if self.channels > 1:
            samples = samples[: samples.size - samples.size % self.channels]
            samples = samples.reshape(-1, self.channels).mean(axis=1, dtype=np.float32)
        if self._stream is not None:
            samples = self._stream.resample_chunk(samples, last=last)
        return float_to_pcm16(samples)


def rms_dbfs(pcm: bytes) -> float:
    """Loudness of 16-bit PCM in dB relative to full scale (-120 for digital silence)."""
    if not pcm:
        return -120.0
    samples = pcm16_to_float(pcm)
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    return 20.0 * np.log10(rms) if rms > 1e-6 else -120.0


def silence(duration_s: float, rate: int = ASR_RATE_HZ) -> bytes:
    return b"\x00\x00" * int(round(duration_s * rate))
