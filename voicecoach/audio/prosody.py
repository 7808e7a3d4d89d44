"""How a stretch of speech ends: pitch, loudness and the length of the last syllable (numpy only).

People mark the end of a thought with their voice: the pitch falls towards the speaker's low
range, the voice gets quieter, and the last syllable is drawn out (final lengthening). A pause
to think mid-sentence more often keeps the pitch level or rising and the loudness up. These are
weak cues (a hesitation "and…" is drawn out too), so the end-of-turn policy uses them only to
shade the window the words chose (``voicecoach.coach.endofturn``).

Cost: one 1,024-point FFT per voiced 30 ms frame while someone speaks (~30 µs); nothing while
nobody speaks, so idle listening costs nothing extra.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RATE_HZ = 16000
F0_MIN_HZ = 70.0
F0_MAX_HZ = 400.0
VOICING_MIN = 0.45
"""Normalised autocorrelation a frame needs at its pitch lag to count as pitched (0..1)."""
OCTAVE_PICK = 0.85
"""A shorter lag with this share of the best peak's strength is taken as the period (no octave errors)."""
LOUD_WITHIN_DB = 12.0
"""Only frames within this of the turn's median loudness count for pitch (weak ones mislead) (dB)."""
END_FRAMES = 5
"""Frames (30 ms each) that make "the end" of a stretch of speech."""
FALL_ST = -1.0
"""Pitch at the end this far below the speaker's median in this turn counts as falling (semitones)."""
RISE_ST = 1.5
"""…and this far above it as rising (semitones)."""
DROP_DB = 4.0
"""Loudness at the end this far below the turn's median counts as fading (dB)."""
LENGTHENING = 1.4
"""Last syllable this many times the median syllable counts as drawn out."""


@dataclass(frozen=True)
class Prosody:
    """The shape of the end of what was said so far."""

    voiced_s: float = 0.0
    """Speech heard in this turn (seconds of voiced frames)."""
    pitch_end_st: float | None = None
    """Pitch over the last loud pitched frames against the turn's median (semitones; None: not enough pitch)."""
    level_end_db: float | None = None
    """Loudness of the last voiced frames against the turn's median (dB)."""
    lengthening: float | None = None
    """Length of the last syllable over the median syllable (None: too few syllables)."""

    @property
    def verdict(self) -> str:
        """"final" (falling and fading or drawn out), "continuing" (rising, or level and loud) or "neutral"."""
        if self.pitch_end_st is None or self.voiced_s < 0.4:
            return "neutral"
        fading = self.level_end_db is not None and self.level_end_db <= -DROP_DB
        drawn = self.lengthening is not None and self.lengthening >= LENGTHENING
        if self.pitch_end_st <= FALL_ST and (fading or drawn):
            return "final"
        if self.pitch_end_st >= RISE_ST and not fading:
            return "continuing"
        return "neutral"


def frame_pitch(frame: np.ndarray, previous: np.ndarray | None = None) -> float | None:
    """F0 of a 30 ms frame (hertz) by autocorrelation over it and the frame before; None when unpitched."""
    x = frame if previous is None else np.concatenate([previous, frame])
    x = x - x.mean()
    energy = float(np.dot(x, x))
    if energy <= 1e-9:
        return None
    n = 1 << int(np.ceil(np.log2(2 * x.size)))
    spec = np.fft.rfft(x, n)
    ac = np.fft.irfft(spec * np.conj(spec), n)[: x.size]
    lo, hi = int(RATE_HZ / F0_MAX_HZ), min(int(RATE_HZ / F0_MIN_HZ), x.size - 1)
    if hi <= lo:
        return None
    # unbiased: divide by the overlap so long lags are not penalised
    overlap = x.size - np.arange(lo, hi + 1)
    norm = ac[lo : hi + 1] / overlap * x.size / ac[0]
    best = float(norm.max())
    if best < VOICING_MIN:
        return None
    # the shortest lag nearly as strong as the best: the period, not a multiple of it
    k = int(np.flatnonzero(norm >= OCTAVE_PICK * best)[0])
    while k + 1 < norm.size and norm[k + 1] > norm[k]:
        k += 1
    if k == 0:  # a peak at the shortest lag is hiss or a fricative, not a voice
        return None
    return RATE_HZ / (lo + k)


class ProsodyTracker:
    """Follows one turn frame by frame; ``summary()`` describes how it ends so far."""

    def __init__(self, frame_ms: int = 30) -> None:
        self.frame_ms = frame_ms
        self.reset()

    def reset(self) -> None:
        self._prev: np.ndarray | None = None
        self._levels: list[float] = []
        """dB of every voiced frame, in order."""
        self._pitches: list[float | None] = []
        """Semitones (re 100 Hz) of every voiced frame, None where unpitched."""

    @property
    def frames(self) -> int:
        """Voiced frames so far."""
        return len(self._levels)

    def push(self, pcm: bytes, voiced: bool) -> None:
        if not voiced:
            self._prev = None
            return
        x = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        rms = float(np.sqrt(np.mean(x * x))) if x.size else 0.0
        self._levels.append(20 * np.log10(max(rms, 1e-6)))
        f0 = frame_pitch(x, self._prev)
        self._pitches.append(None if f0 is None else 12 * np.log2(f0 / 100.0))
        self._prev = x

    def summary(self) -> Prosody:
        n = len(self._levels)
        voiced_s = n * self.frame_ms / 1000
        if n < 2 * END_FRAMES:
            return Prosody(voiced_s)
        levels = np.asarray(self._levels)
        floor = float(np.median(levels)) - LOUD_WITHIN_DB
        pitched = [p for p, lv in zip(self._pitches, self._levels) if p is not None and lv >= floor]
        if pitched:  # octave slips and stray frames far from the voice's range don't count
            mid = float(np.median(pitched))
            pitched = [p for p in pitched if abs(p - mid) <= 8.0]
        end_pitch = pitched[-END_FRAMES:]
        pitch_end = None
        if len(pitched) >= 2 * END_FRAMES:
            pitch_end = float(np.median(end_pitch) - np.median(pitched))
        level_end = float(levels[-END_FRAMES:].mean() - np.median(levels))
        return Prosody(voiced_s, pitch_end, level_end, _lengthening(levels))


def _lengthening(levels: np.ndarray) -> float | None:
    """Last syllable's length over the median syllable's: syllables are the stretches between
    dips of the (smoothed) loudness of the voiced frames."""
    if levels.size < 8:
        return None
    levels = levels[-200:]  # the last 6 s are plenty
    smooth = np.convolve(levels, np.ones(3) / 3, mode="same")
    minima = [i for i in range(1, smooth.size - 1) if smooth[i] < smooth[i - 1] and smooth[i] <= smooth[i + 1]]
    edges = [0, *minima, smooth.size - 1]
    dips = []
    for k in range(1, len(edges) - 1):
        i = edges[k]
        left = smooth[edges[k - 1] : i + 1].max()
        right = smooth[i : edges[k + 1] + 1].max()
        if min(left, right) - smooth[i] >= 3.0:
            dips.append(i)
    bounds = [0, *dips, smooth.size]
    lengths = np.diff(bounds)
    lengths = lengths[lengths >= 2]
    if lengths.size < 3:
        return None
    return float(lengths[-1] / np.median(lengths[:-1]))
