"""Noise suppression for street noise on a walk (WebRTC's suppressor, as wyoming-satellite uses).

Measured with PocketSphinx on flite speech plus brown noise (scripts/eval_noise.py): level 2
lowers the word error rate at 20/15/10 dB SNR and costs ~2 ms of CPU per second of audio.
"""

from __future__ import annotations

FRAME_10MS_BYTES = 320
"""10 ms of 16 kHz mono 16-bit PCM: the unit the suppressor works on."""
NOISY_LEVEL = 2
"""Suppression where there is noise to remove (street noise: scripts/eval_noise.py)."""
QUIET_LEVEL = 1
"""Suppression in a quiet room: level 2 distorts clean human speech (LibriVox WER, scripts/eval_human.py)."""
QUIET_FLOOR_DBFS = -45.0
"""A measured ambient level below this (dBFS, before suppression) counts as a quiet room."""


def level_for_ambient(pcm: bytes, frame_bytes: int = 960) -> int:
    """The suppression level for audio heard while nobody spoke: its level is the 80th percentile
    of its frames' levels (as the endpointer's calibration measures it), before any suppression."""
    import numpy as np

    from voicecoach.audio.format import rms_dbfs

    frames = [pcm[i : i + frame_bytes] for i in range(0, len(pcm) - frame_bytes + 1, frame_bytes)]
    if not frames:
        return NOISY_LEVEL
    return QUIET_LEVEL if float(np.percentile([rms_dbfs(f) for f in frames], 80)) < QUIET_FLOOR_DBFS else NOISY_LEVEL


class Denoiser:
    def __init__(self, level: int = 2, auto_gain_dbfs: int = 0) -> None:
        from webrtc_noise_gain import AudioProcessor

        self.level = level
        self._proc = AudioProcessor(auto_gain_dbfs, level)
        self._rest = b""

    def process(self, pcm: bytes) -> bytes:
        """Clean 16 kHz PCM; output length equals input length (10 ms granularity, remainder carried)."""
        data = self._rest + pcm
        usable = len(data) - len(data) % FRAME_10MS_BYTES
        out = bytearray()
        for i in range(0, usable, FRAME_10MS_BYTES):
            out += self._proc.Process10ms(data[i : i + FRAME_10MS_BYTES]).audio
        self._rest = data[usable:]
        return bytes(out)
