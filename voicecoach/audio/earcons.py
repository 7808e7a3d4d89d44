"""Earcons: short tones that tell a person without a screen when to talk.

Generated here (the single source of truth); ``scripts/make_earcons.py`` writes copies to
``audio/earcons/`` for listening.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from voicecoach.audio.format import AudioChunk, float_to_pcm16
from voicecoach.audio.sinks import OUTPUT_RATE_HZ

# name: ((frequency_hz, duration_s), ...) played in sequence
EARCONS: dict[str, tuple[tuple[float, float], ...]] = {
    "listen_start": ((660.0, 0.07), (880.0, 0.09)),  # rising: your turn
    "listen_stop": ((880.0, 0.07), (660.0, 0.09)),  # falling: got it
    "saved": ((523.25, 0.08), (659.25, 0.08), (783.99, 0.12)),  # a small major arpeggio
    "paused": ((440.0, 0.15),),
}


@lru_cache(maxsize=None)
def earcon(name: str, rate: int = OUTPUT_RATE_HZ, volume: float = 0.25) -> AudioChunk:
    parts = []
    for freq, dur in EARCONS[name]:
        n = int(rate * dur)
        t = np.arange(n, dtype=np.float32) / rate
        tone = np.sin(2 * np.pi * freq * t)
        ramp = max(1, int(rate * 0.01))
        env = np.ones(n, dtype=np.float32)
        env[:ramp] = np.linspace(0, 1, ramp)
        env[-ramp:] = np.linspace(1, 0, ramp)
        parts.append(tone * env * volume)
        parts.append(np.zeros(int(rate * 0.015), dtype=np.float32))
    return AudioChunk(rate, 2, 1, float_to_pcm16(np.concatenate(parts)))
