"""One turn of listening: source → voice-activity gate → streaming recogniser → what was heard.

Audio reaches the recogniser while the person speaks, in ~0.1 s batches, so the final text is
ready the moment the end-of-speech window closes. Before speech starts the recogniser is idle.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass

from voicecoach.asr.base import Recognizer, Utterance
from voicecoach.audio.endpoint import Endpointer
from voicecoach.audio.sources import AudioSource
from voicecoach.config import ListenSettings

BATCH_FRAMES = 4
"""VAD frames sent to the recogniser per call (4 × 30 ms)."""


@dataclass
class Heard:
    """The outcome of one turn of listening."""

    text: str = ""
    utterance: Utterance | None = None
    pcm: bytes = b""
    """The utterance's audio (16 kHz mono 16-bit), pre-roll included."""
    end_of_input: bool = False
    """The input has ended for good (end of an --input file, or of typed input)."""
    timed_out: bool = False
    """Nobody spoke within the no-speech timeout."""
    speech_end_monotonic: float | None = None
    """When the last speech frame was read (time.monotonic)."""
    end_declared_monotonic: float | None = None
    """When the end-of-speech window closed and the final text was asked for (time.monotonic)."""
    typed: bool = False

    @property
    def empty(self) -> bool:
        return not self.text.strip()


class Listener:
    """Listens on an audio source with a (possibly still loading) recogniser."""

    def __init__(
        self,
        source: AudioSource,
        recognizer: Recognizer | Future | Callable[[], Future],
        settings: ListenSettings | None = None,
        on_partial: Callable[[str], None] | None = None,
    ) -> None:
        self.source = source
        self._recognizer = recognizer
        self.settings = settings or ListenSettings()
        self.on_partial = on_partial
        self.endpointer = Endpointer(
            self.settings.sample_rate_hz,
            self.settings.frame_ms,
            self.settings.vad_aggressiveness,
            self.settings.silence_s,
            self.settings.pre_roll_ms,
        )
        level = self.settings.noise_suppression
        if level is None:
            level = 2 if source.live else 0
        self.denoiser = None
        if level:
            from voicecoach.audio.denoise import Denoiser

            self.denoiser = Denoiser(level)
        self._ended = False
        self.frames_read = 0
        self.frames_decoded = 0

    def prepare(self) -> None:
        """Start loading the recogniser if it was given as a loader (a call returning a Future)."""
        if callable(self._recognizer) and not isinstance(self._recognizer, (Recognizer, Future)):
            self._recognizer = self._recognizer()

    @property
    def recognizer(self) -> Recognizer:
        self.prepare()
        if isinstance(self._recognizer, Future):
            self._recognizer = self._recognizer.result()
        return self._recognizer

    def calibrate(self, seconds: float = 0.5) -> float | None:
        """Measure ambient noise (live microphones only; a file's silence is not noise)."""
        if not self.source.live:
            return None
        self.source.start_listening()
        pcm = self.source.read(int(seconds * self.settings.sample_rate_hz) * 2)
        if self.denoiser is not None:
            pcm = self.denoiser.process(pcm)
        return self.endpointer.calibrate(pcm)

    def listen(self, silence_s: float | None = None, grammar: list[str] | None = None,
               timeout_s: float | None = None, stop_when: Callable[[], bool] | None = None) -> Heard:
        """Wait for speech, stream it to the recogniser, return when ``silence_s`` of silence follows.

        ``stop_when`` is checked while nobody speaks: when it turns true, listening ends at once
        (``timed_out``), e.g. when the coach's own sentence has finished playing during barge-in.
        """
        if self._ended:
            return Heard(end_of_input=True)
        ep = self.endpointer
        window = silence_s if silence_s is not None else self.settings.silence_s
        if not self.source.live:  # a file's answers are only guaranteed 1.5 s apart
            window = min(window, self.settings.file_max_silence_s)
        ep.reset(window)
        frame_ms = self.settings.frame_ms
        max_frames = int(self.settings.max_utterance_s * 1000 / frame_ms)
        timeout_frames = int((timeout_s if timeout_s is not None else self.settings.no_speech_timeout_s) * 1000 / frame_ms)
        self.source.start_listening()
        waited = 0
        speech_frames = 0
        pending: list[bytes] = []
        utter_pcm: list[bytes] = []
        rec: Recognizer | None = None
        last_speech_at: float | None = None
        try:
            while True:
                frame = self.source.read(ep.frame_bytes)
                if self.denoiser is not None and len(frame) == ep.frame_bytes:
                    frame = self.denoiser.process(frame)
                if len(frame) < ep.frame_bytes:
                    self._ended = True
                    if rec is None:
                        return Heard(end_of_input=True)
                    break
                self.frames_read += 1
                event, audio = ep.push(frame)
                if event is None:
                    waited += 1
                    if waited >= timeout_frames or (stop_when is not None and stop_when()):
                        return Heard(timed_out=True)
                    continue
                if event == "start":
                    rec = self.recognizer
                    rec.start(grammar)
                if ep.last_voiced:
                    last_speech_at = time.monotonic()
                pending.append(audio)
                utter_pcm.append(audio)
                speech_frames += 1
                if len(pending) >= BATCH_FRAMES or event == "end":
                    self._feed(rec, pending)
                if event == "end" or speech_frames >= max_frames:
                    break
            end_declared = time.monotonic()
            self._feed(rec, pending)
            utterance = rec.finish()
        finally:
            self.source.stop_listening()
        return Heard(text=utterance.text, utterance=utterance, pcm=b"".join(utter_pcm),
                     speech_end_monotonic=last_speech_at, end_declared_monotonic=end_declared)

    def _feed(self, rec: Recognizer, pending: list[bytes]) -> None:
        if not pending:
            return
        self.frames_decoded += len(pending)
        partial = rec.accept(b"".join(pending))
        pending.clear()
        if partial and self.on_partial is not None:
            self.on_partial(partial)

    def redecode(self, pcm: bytes, grammar: list[str] | None) -> Utterance:
        """Decode audio already heard again (e.g. against the command grammar)."""
        return self.recognizer.decode(pcm, grammar)

    def close(self) -> None:
        self.source.close()


class TextListener:
    """Typed answers, one line per answer (``--text``: a keyboard, a screen reader, tests)."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self._ended = False

    def calibrate(self, seconds: float = 0.5) -> None:
        return None

    def prepare(self) -> None:
        return None

    def listen(self, silence_s: float | None = None, grammar: list[str] | None = None,
               timeout_s: float | None = None, stop_when: Callable[[], bool] | None = None) -> Heard:
        if self._ended:
            return Heard(end_of_input=True)
        line = self.stream.readline()
        if line == "":
            self._ended = True
            return Heard(end_of_input=True)
        now = time.monotonic()
        return Heard(text=line.strip(), typed=True, speech_end_monotonic=now, end_declared_monotonic=now)

    def redecode(self, pcm: bytes, grammar: list[str] | None) -> Utterance | None:
        return None

    def close(self) -> None:
        return None
