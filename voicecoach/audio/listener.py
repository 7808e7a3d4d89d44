"""One turn of listening: source → voice-activity gate → streaming recogniser → what was heard.

Audio reaches the recogniser while the person speaks, in ~0.1 s batches (every frame once they
go quiet), so the final text is ready the moment the turn is over. Before speech starts the
recogniser is idle.

When the turn is over is decided from what was said and how (``voicecoach.coach.endofturn``):
while the person is quiet, the policy reads the recogniser's running text and the shape of the
voice's last stretch (``voicecoach.audio.prosody``) and says how long the quiet must last — short
after a closed thought, long after "and", "because", "the", "um"…

Nothing said is lost when the person goes on after the turn was declared over (a *resume*):

- from a file (``--input``), whose answers are at least ``file_gap_s`` apart (CLI.md), the
  listener reads on until that gap is reached; speech that starts before it joins the turn, and
  the look-ahead is given back to the file when nothing comes;
- from a microphone, ``keep_open=True`` keeps capturing after the turn (in a thread, into memory)
  so that the session can call ``listen(resume_of=heard)`` while or after the coach begins its
  reply: the new words are joined to the turn as if it had never ended.
"""

from __future__ import annotations

import collections
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace

from voicecoach.asr.base import Recognizer, Utterance, Word
from voicecoach.audio.endpoint import Endpointer, ambient_dbfs
from voicecoach.audio.prosody import ProsodyTracker
from voicecoach.audio.sources import AudioSource
from voicecoach.config import ListenSettings

BATCH_FRAMES = 4
"""VAD frames sent to the recogniser per call while voiced (4 × 30 ms)."""
DECIDE_AFTER_S = 0.3
"""Quiet before the end-of-turn policy is first asked (seconds): by then the recogniser's running
text covers the last word (PocketSphinx gives a partial every 0.2 s of audio fed)."""
PAUSE_MS = 150
"""Quiet after which a recogniser holding audio back is told to decode it (``Recognizer.pause``):
long enough to skip the unvoiced frames inside words, short enough that the text is there when the
end-of-turn policy first asks (``DECIDE_AFTER_S``)."""
SECOND_PASS_MAX_SUPPRESSION = 1
"""A turn (not a yes or no: a short answer's own mean is a poor one, and the yes/no reader was built on the
streamed text) is decoded a second time once the person stops (engines that can) only where noise suppression
is at most this level: a file (none) or a quiet room (1). Measured on LibriVox through a live source,
PocketSphinx with the engine's default options: a final pass 0.282 at level 1 but 0.324 at level 2, worse
than streaming (0.310); so noise and a walk keep the streamed text (BENCHMARKS.md)."""
FILE_GAP_MARGIN_S = 0.1
"""A file's look-ahead stops this much short of ``file_gap_s`` (VAD frame rounding, seconds)."""
TAIL_MAX_S = 10.0
"""Most audio kept while capturing between turns (seconds)."""
RESUME_START_FRAMES = 3
"""Voiced frames among the last five that count as speech resuming in a file's look-ahead."""


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
    """Nobody spoke within the no-speech timeout (or before the deadline)."""
    speech_end_monotonic: float | None = None
    """When the last speech frame was captured (time.monotonic; for a file, when it was read)."""
    end_declared_monotonic: float | None = None
    """When the turn was declared over and the final text was asked for (time.monotonic)."""
    typed: bool = False
    kind: str = "answer"
    """The kind of step this answers (``voicecoach.coach.endofturn.KINDS``)."""
    end_of_turn_ms: float | None = None
    """Audio time from the end of the last voiced frame to the end of the turn being declared (ms)."""
    reply_ms: float | None = None
    """Wall clock from the end being declared to the first sample of the coach's reply (ms); set by
    the session when the reply plays."""
    resumed: bool = False
    """Speech resumed after the turn was first declared over, and was joined to it."""
    decision: str | None = None
    """Why the turn ended when it did (the policy's reasoning), for logs and evaluations."""
    turn_ids: list[int] = field(default_factory=list)
    """Store rows written for this answer (the session fills this in)."""
    replaces: list[int] = field(default_factory=list)
    """Rows of the earlier part of a resumed answer, which this one updates."""
    metric: dict | None = field(default=None, repr=False)
    """The session's timing record of this answer (``Metrics.turns``)."""

    @property
    def empty(self) -> bool:
        return not self.text.strip()

    @property
    def spoken(self) -> bool:
        return not self.typed and self.end_of_turn_ms is not None


def _pace(due: float) -> None:
    """Don't run ahead of real time: a microphone's reads block until the audio is there, but a
    "live" source that isn't (ALSA's file plugin on a test machine) would be read in a blink."""
    ahead = due - time.monotonic()
    if ahead > 0.05:
        time.sleep(ahead)


def _captured_at(clock: float | None, frame_s: float) -> float:
    """When a frame just read from a live source was captured (its last sample, time.monotonic): the
    source's audio runs on from ``clock`` (the end of the frame before, or when it started), and
    a frame is never later than now. A listener running behind reads what the device holds at once,
    so the time it reads a frame can be seconds after the frame was said."""
    now = time.monotonic()
    return now if clock is None else min(now, clock + frame_s)


class _Tail:
    """Keeps reading a live source into memory after a turn, so nothing said before the next
    ``listen`` is lost. Frames are kept with the time they were captured (``_captured_at``)."""

    def __init__(self, source: AudioSource, frame_bytes: int, clock: float | None = None) -> None:
        self.source = source
        self.frame_bytes = frame_bytes
        self._clock = clock
        self.frames: collections.deque[tuple[float, bytes]] = collections.deque(
            maxlen=int(TAIL_MAX_S * 1000 / 30))
        self.muted = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="listen-tail", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        t0, n = time.monotonic(), 0
        frame_s = self.frame_bytes / 32000
        while not self._stop.is_set():
            try:
                frame = self.source.read(self.frame_bytes)
            except Exception:  # noqa: BLE001 - the next listen() reads the source and reports it
                return
            if len(frame) < self.frame_bytes:
                return
            self._clock = _captured_at(self._clock, frame_s)
            if not self.muted:
                self.frames.append((self._clock, frame))
            n += 1
            _pace(t0 + n * frame_s)

    def stop(self) -> list[tuple[float, bytes]]:
        self._stop.set()
        self._thread.join(timeout=2.0)
        return list(self.frames)


class Listener:
    """Listens on an audio source with a (possibly still loading) recogniser."""

    def __init__(
        self,
        source: AudioSource,
        recognizer: Recognizer | Future | Callable[[], Future],
        settings: ListenSettings | None = None,
        on_partial: Callable[[str], None] | None = None,
        policy=None,
    ) -> None:
        self.source = source
        self._recognizer = recognizer
        self.settings = settings or ListenSettings()
        self.on_partial = on_partial
        self.endpointer = Endpointer(
            self.settings.sample_rate_hz,
            self.settings.frame_ms,
            self.settings.vad_aggressiveness,
            float("inf"),
            self.settings.pre_roll_ms,
            vad=self.settings.vad,
        )
        if policy is None:
            from voicecoach.coach.endofturn import TurnPolicy

            policy = TurnPolicy(self.settings)
        self.policy = policy
        self.prosody = ProsodyTracker(self.settings.frame_ms)
        level = self.settings.noise_suppression
        self._auto_suppression = level is None and source.live
        """Whether calibration sets the suppression level by the room (a quiet room gets level 1, noise
        level 2). A walk session asks for level 2 outright: it leaves the room it calibrated in."""
        if level is None:
            level = 2 if source.live else 0
        self.denoiser = None
        if level:
            from voicecoach.audio.denoise import Denoiser

            self.denoiser = Denoiser(level)
        self._ended = False
        self._tail: _Tail | None = None
        self._backlog: collections.deque[tuple[float, bytes]] = collections.deque()
        self._partial = ""
        self.frames_read = 0
        self.frames_decoded = 0
        self._clock: float | None = None
        """When the last frame of a live source read so far was captured (None: the source is not running)."""

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
        self.release()
        self._start_source()
        pcm = self.source.read(int(seconds * self.settings.sample_rate_hz) * 2)
        if self._auto_suppression:
            self._suppress_for(ambient_dbfs(pcm, self.endpointer.frame_bytes))  # raw, before any suppression
        if self.denoiser is not None:
            pcm = self.denoiser.process(pcm)
        return self.endpointer.calibrate(pcm)

    def _suppress_for(self, room_dbfs: float) -> None:
        """Light suppression (level 1) in a quiet room, where level 2 takes more from a human voice than
        it removes; level 2 in noise (``ListenSettings.quiet_room_dbfs``)."""
        from voicecoach.audio.denoise import Denoiser

        level = 1 if room_dbfs < self.settings.quiet_room_dbfs else 2
        if self.denoiser is None or self.denoiser.level != level:
            self.denoiser = Denoiser(level)

    # ------------------------------------------------------------------ capture between turns
    def _start_source(self) -> None:
        self.source.start_listening()
        self._clock = time.monotonic() if self.source.live else None

    def _stop_source(self) -> None:
        self.source.stop_listening()
        self._clock = None

    @property
    def audio_time(self) -> float | None:
        """When the audio read last was captured (time.monotonic; None before any live audio): behind
        the clock when the listener runs behind its microphone."""
        return self._clock

    def start_capture(self) -> None:
        """Start listening now (a live source), keeping what is heard in memory until ``listen``
        reads it: called before the coach starts talking over which the person may speak, so nothing
        said from the first sample on is lost, however late ``listen`` comes."""
        if not self.source.live or self.capturing:
            return
        self._start_source()
        self._tail = _Tail(self.source, self.endpointer.frame_bytes, self._clock)

    @property
    def capturing(self) -> bool:
        """Audio is being kept after the last turn (``keep_open``)."""
        return self._tail is not None or bool(self._backlog)

    def mute(self, on: bool) -> None:
        """Drop what the microphone hears meanwhile (the coach's own earcon through a speaker)."""
        if self._tail is not None:
            self._tail.muted = on

    def release(self) -> None:
        """Stop capturing after a turn and forget what was kept; the source stops listening."""
        if self._tail is not None:
            self._tail.stop()
            self._tail = None
        self._backlog.clear()
        self._stop_source()

    def hold(self) -> None:
        """Stop reading the source for now (the coach talks and must not hear itself) but keep
        what was captured so far for the next ``listen``."""
        if self._tail is not None:
            self._backlog.extend(self._tail.stop())
            self._tail = None
        self._stop_source()

    def _read_frame(self, n: int) -> tuple[float, bytes, bool]:
        """The next frame, when it was captured, and whether it was kept in memory: captured ones first,
        then the source."""
        if self._backlog:
            at, frame = self._backlog.popleft()
            self._clock = at
            return at, frame, True
        frame = self.source.read(n)
        if not self.source.live:
            return time.monotonic(), frame, False
        self._clock = _captured_at(self._clock, len(frame) / 32000)
        return self._clock, frame, False

    # ------------------------------------------------------------------ one turn
    def listen(self, kind: str = "answer", *, silence_s: float | None = None, grammar: list[str] | None = None,
               timeout_s: float | None = None, until: Callable[[], float | None] | None = None,
               deadline: float | None = None, on_start: Callable[[], None] | None = None,
               resume_of: Heard | None = None, keep_open: bool = False) -> Heard:
        """Wait for speech, stream it to the recogniser, return when the turn is over.

        ``kind`` is the step ("answer", "reflection", "commitment", "yesno"): the end-of-turn
        policy's windows depend on it. ``silence_s`` instead ends the turn after a fixed quiet
        (commands said over the coach). ``until`` gives the moment listening is to end, once it is
        known (time.monotonic; e.g. when the coach stopped talking); ``deadline`` is one known now.
        While nobody speaks, a frame captured at or after that moment ends listening (``timed_out``):
        frames are judged by when they were captured, not read, so a listener running behind still
        hears all that was said before it. ``on_start`` is called the moment speech starts.
        ``resume_of``: the new speech continues that answer, and the joined answer is returned.
        ``keep_open`` (live sources): keep capturing after returning, for a resume.
        """
        if self._ended:
            return Heard(end_of_input=True, kind=kind)
        if self._tail is not None:
            self._backlog.extend(self._tail.stop())
            self._tail = None
        ep = self.endpointer
        fixed = silence_s is not None
        ep.reset(silence_s if fixed else float("inf"))
        self.prosody.reset()
        self._partial = ""
        settings = self.settings
        frame_ms = settings.frame_ms
        live = self.source.live
        max_frames = int(settings.max_utterance_s * 1000 / frame_ms)
        timeout_frames = int((timeout_s if timeout_s is not None else settings.no_speech_timeout_s) * 1000 / frame_ms)
        gap_frames = int((settings.file_gap_s - FILE_GAP_MARGIN_S) * 1000 / frame_ms)
        prefix = resume_of.text if resume_of is not None else ""
        if not self._backlog:
            self._start_source()
        waited = 0
        speech_frames = 0
        pending: list[bytes] = []
        utter_pcm: list[bytes] = []
        rec: Recognizer | None = None
        last_speech_at: float | None = None
        paced_from = time.monotonic() if deadline is not None and live else None
        paced = 0
        decision = None
        decision_key = None
        resumed = False
        end_ms = 0.0
        keep = False
        try:
            while True:
                read_at, frame, kept = self._read_frame(ep.frame_bytes)
                if self.denoiser is not None and len(frame) == ep.frame_bytes:
                    frame = self.denoiser.process(frame)
                if len(frame) < ep.frame_bytes:
                    self._ended = True
                    if rec is None:
                        return Heard(end_of_input=True, kind=kind)
                    end_ms = ep.silent_frames * frame_ms
                    break
                self.frames_read += 1
                event, audio = ep.push(frame)
                if event is None:
                    waited += 1
                    if paced_from is not None and not kept:  # waiting out a window: in real time
                        paced += 1
                        _pace(paced_from + paced * frame_ms / 1000)
                    end_at = until() if until is not None else None
                    if (waited >= timeout_frames or (end_at is not None and read_at >= end_at)
                            or (deadline is not None and read_at >= deadline)):
                        keep = keep_open and live
                        return Heard(timed_out=True, kind=kind)
                    continue
                if event == "start":
                    if on_start is not None:
                        on_start()
                    rec = self.recognizer
                    rec.second_pass = kind != "yesno" and (
                        self.denoiser is None or self.denoiser.level <= SECOND_PASS_MAX_SUPPRESSION)
                    rec.second_pass_wait_s = settings.second_pass_wait_s if live else float("inf")
                    rec.start(grammar)
                voiced = ep.last_voiced
                self.prosody.push(frame, voiced)
                if voiced:
                    last_speech_at = read_at
                pending.append(audio)
                utter_pcm.append(audio)
                speech_frames += 1
                if len(pending) >= BATCH_FRAMES or not voiced or event == "end":
                    self._feed(rec, pending, paused=ep.silent_frames * frame_ms >= PAUSE_MS)
                if speech_frames >= max_frames:
                    end_ms = ep.silent_frames * frame_ms
                    break
                if fixed:
                    if event == "end":
                        end_ms = silence_s * 1000
                        break
                    continue
                quiet_s = ep.silent_frames * frame_ms / 1000
                if quiet_s < DECIDE_AFTER_S:
                    continue
                key = (self._partial, self.prosody.frames)
                if key != decision_key:
                    decision_key = key
                    decision = self.policy.decide(kind, f"{prefix} {self._partial}".strip(), self.prosody.summary())
                window = decision.window_s
                if not live:  # a file's answers are file_gap_s apart: no quiet inside one is longer
                    window = min(window, gap_frames * frame_ms / 1000)
                if quiet_s + 1e-9 < window:
                    continue
                end_ms = ep.silent_frames * frame_ms
                if not live and ep.silent_frames < gap_frames and self._look_ahead(ep, gap_frames, pending,
                                                                                   utter_pcm):
                    resumed = True
                    speech_frames = len(utter_pcm)
                    continue
                break
            ep.end()
            end_declared = time.monotonic()
            if end_ms < PAUSE_MS:  # cut off while speaking: a pass begun at an earlier pause lacks the end
                rec.second_pass = False
            self._feed(rec, pending)
            utterance = rec.finish()
            keep = keep_open and live
        finally:
            if keep:
                self._tail = _Tail(self.source, ep.frame_bytes, self._clock)
            else:
                self._backlog.clear()
                self._stop_source()
        heard = Heard(text=utterance.text, utterance=utterance, pcm=b"".join(utter_pcm), kind=kind,
                      speech_end_monotonic=last_speech_at, end_declared_monotonic=end_declared,
                      end_of_turn_ms=float(end_ms), resumed=resumed,
                      decision=decision.describe() if decision is not None else f"fixed {silence_s} s")
        return _join(resume_of, heard) if resume_of is not None else heard

    def _look_ahead(self, ep: Endpointer, gap_frames: int, pending: list[bytes], utter_pcm: list[bytes]) -> bool:
        """A file: read on until its answer gap; True (frames kept, turn goes on) when speech
        resumes before it, else False with the look-ahead given back to the file."""
        tell = getattr(self.source, "tell", None)
        if tell is None:
            return False
        start = tell()
        frames: list[bytes] = []
        window: collections.deque[tuple[int, bool]] = collections.deque(maxlen=5)
        limit = gap_frames - ep.silent_frames
        for i in range(limit + 4):  # a few frames more, to confirm speech that began inside the gap
            frame = self.source.read(ep.frame_bytes)
            if len(frame) < ep.frame_bytes:
                break
            if self.denoiser is not None:
                # heard as the turn was, through the same noise suppression: raw frames of steady noise read
                # as speech against the suppressed turn's floor, and a walk (level 2) joined every answer in
                # light brown noise into the next (exploratory testing, stop 43)
                frame = self.denoiser.process(frame)
            frames.append(frame)
            window.append((i, ep.is_voiced(frame)))
            voiced = [j for j, v in window if v]
            if len(voiced) >= RESUME_START_FRAMES:
                if voiced[0] >= limit:
                    break  # it began at the gap or later: the next answer
                for f in frames:
                    ep.push(f)
                    self.prosody.push(f, ep.last_voiced)
                    pending.append(f)
                    utter_pcm.append(f)
                self.frames_read += len(frames)
                return True
            if i >= limit and not any(v for _, v in window):
                break
        self.source.seek(start)
        return False

    def _feed(self, rec: Recognizer, pending: list[bytes], paused: bool = False) -> None:
        """Hand the pending frames to the recogniser; ``paused``: the last one was not voiced, so
        a recogniser holding audio back must decode it now (the end-of-turn policy reads the text)."""
        if not pending:
            return
        self.frames_decoded += len(pending)
        partial = rec.accept(b"".join(pending))
        if paused:
            partial = rec.pause() or partial
        pending.clear()
        if partial:
            self._partial = partial
            if self.on_partial is not None:
                self.on_partial(partial)

    def redecode(self, pcm: bytes, grammar: list[str] | None) -> Utterance:
        """Decode audio already heard again (e.g. against the command grammar)."""
        return self.recognizer.decode(pcm, grammar)

    def close(self) -> None:
        if self._tail is not None:
            self._tail.stop()
            self._tail = None
        self.source.close()


def _join(first: Heard, more: Heard) -> Heard:
    """``more`` said after ``first`` was declared over, as one answer (texts, audio, word times)."""
    if more.timed_out or more.end_of_input or not more.pcm:
        return more
    offset = len(first.pcm) / 32000
    a = first.utterance or Utterance(first.text)
    b = more.utterance or Utterance(more.text)
    words = tuple(a.words) + tuple(Word(w.word, w.start_s + offset, w.end_s + offset, w.conf) for w in b.words)
    confs = [c for c in (a.confidence, b.confidence) if c is not None]
    text = " ".join(t for t in (first.text, more.text) if t.strip())
    utterance = Utterance(text, words, round(sum(confs) / len(confs), 3) if confs else None, a.start_s,
                          b.end_s + offset if b.words else a.end_s, a.partials + b.partials)
    return replace(more, text=text, utterance=utterance, pcm=first.pcm + more.pcm, resumed=True,
                   replaces=list(first.turn_ids) + list(first.replaces), turn_ids=[], metric=None)


class TextListener:
    """Typed answers, one line per answer (``--text``: a keyboard, a screen reader, tests)."""

    source = None

    def __init__(self, stream) -> None:
        self.stream = stream
        self._ended = False

    def calibrate(self, seconds: float = 0.5) -> None:
        return None

    def prepare(self) -> None:
        return None

    capturing = False

    def mute(self, on: bool) -> None:
        return None

    def release(self) -> None:
        return None

    def hold(self) -> None:
        return None

    def listen(self, kind: str = "answer", *, silence_s: float | None = None, grammar: list[str] | None = None,
               timeout_s: float | None = None, until: Callable[[], float | None] | None = None,
               deadline: float | None = None, on_start: Callable[[], None] | None = None,
               resume_of: Heard | None = None, keep_open: bool = False) -> Heard:
        if self._ended or resume_of is not None:
            return Heard(end_of_input=self._ended, timed_out=not self._ended, kind=kind)
        try:
            # (no stream: standard input was closed before the start, `voicecoach practice --text <&-`, which
            # ended in a traceback and an unended session: exploratory testing, stop 42)
            line = self.stream.readline() if self.stream is not None else ""
        except (OSError, ValueError):  # a stream closed or broken while it was read: the end of input too
            line = ""
        if line == "":
            self._ended = True
            return Heard(end_of_input=True, kind=kind)
        now = time.monotonic()
        return Heard(text=line.strip(), typed=True, speech_end_monotonic=now, end_declared_monotonic=now, kind=kind)

    def redecode(self, pcm: bytes, grammar: list[str] | None) -> Utterance | None:
        return None

    def close(self) -> None:
        return None
