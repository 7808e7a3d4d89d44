"""The voice loop: the one place that wires the ear, the coach's logic, the voice and the store.

A session walks the method aloud (see ``../shared/METHOD.md`` and CLI.md's solo order): the root
of the conflict, hearing the other person, reflecting them back until it lands, owning one's part,
validating, committing, naming needs, closing. Every turn, event and commitment goes to the store
the moment it happens; voice commands work at every prompt.

Everything here is usable without Click: build a ``Coach`` with a listener (audio or typed), a
synthesiser, a sink and a store, and call ``run()``.
"""

from __future__ import annotations

import itertools
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime

from voicecoach.audio.earcons import earcon
from voicecoach.audio.format import AudioChunk
from voicecoach.audio.listener import Heard
from voicecoach.audio.sinks import AudioSink
from voicecoach.coach import commands as voice_commands
from voicecoach.coach.prompts import prompt
from voicecoach.coach.yesno import parse_answer
from voicecoach.config import DEFAULT_COACH_VOICE, DEFAULT_OTHER_VOICE, Settings
from voicecoach.errors import VoicecoachError
from voicecoach.tts.base import Synthesizer

COACH = "coach"
OTHER = "other"
BARGE_IN_COMMANDS = frozenset({"stop", "pause"})
"""Commands that take effect while the coach is still talking."""
BARGE_IN_MIN_S = 1.0
"""Only audio at least this long is played with barge-in listening (earcons are not) (seconds)."""
BARGE_IN_MAX_S = 2.5
"""Longer utterances heard during playback are not commands (seconds)."""


_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"')\]]))\s+(?=\S)")
_CLAUSE_BREAK = re.compile(r"(?<=[:;,])\s+|\s+(?=—)")
LEAD_MAX_WORDS = 8
"""A slow voice's first sentence longer than this is spoken from its first clause on its own."""


def sentences(text: str, lead: bool = False) -> list[str]:
    """``text`` split after each sentence's final . ! or ? (and any closing quote).

    ``lead``: also split a long first sentence after its first clause (": ", "; ", ", "), so a slow
    voice (Piper: ~0.15 s of synthesis per second of speech) starts speaking sooner."""
    parts = [p for p in _SENTENCE_BREAK.split(" ".join(str(text).split())) if p] or [str(text)]
    if lead and len(parts[0].split()) > LEAD_MAX_WORDS:
        head, *rest = _CLAUSE_BREAK.split(parts[0], maxsplit=1)
        if rest and len(head.split()) <= LEAD_MAX_WORDS and len(rest[0].split()) >= 3:
            parts = [head, rest[0], *parts[1:]]
    return parts


class StopSession(BaseException):
    """The person said "stop" (or sent SIGTERM/SIGHUP): end now, keep everything.

    A BaseException, like KeyboardInterrupt, so that a signal raised inside a library's own
    ``except Exception`` (pyttsx3 has several) is not swallowed."""

    def __init__(self, reason: str = "stop") -> None:
        super().__init__(reason)
        self.reason = reason


class EndOfInput(Exception):
    """The input ended for good (end of an --input file, or of typed answers)."""


class SkipStep(Exception):
    """The person said "skip"."""


class Resumed(Exception):  # noqa: N818 - an event, not an error
    """The person went on after their turn was declared over: ``heard`` is the whole answer."""

    def __init__(self, heard: Heard) -> None:
        super().__init__("resumed")
        self.heard = heard


@dataclass
class _ResumeWindow:
    """While the coach answers ``heard``: speech that starts before ``deadline`` joins it."""

    heard: Heard
    deadline: float | None = None
    """time.monotonic() the window closes: ``resume_window_s`` after the reply's first sample."""
    closed: bool = False


@dataclass(frozen=True)
class SessionOptions:
    mode: str = "practice"
    """"practice", "walk", "partner" or "checkin"."""
    scenario_id: str | None = None
    statement: str | None = None
    relationship: str | None = None
    with_name: str | None = None
    """Who the conversation is with (optional), stored with commitments."""
    names: tuple[str, str] = ("Partner A", "Partner B")
    """Partner mode: the two people's names."""
    earcons: bool = True
    barge_in: bool = False
    """Listen while the coach speaks, so "stop" or "pause" cut it short (live microphone and speaker only)."""
    seed: int | None = None


@dataclass
class Metrics:
    """What the loop measured about itself (benchmarks read these)."""

    turn_latency_ms: list[float] = field(default_factory=list)
    """From the end of the person's turn being declared (the silence window closed) to the first
    sample of the coach's next audio (ms): voicecoach's own reaction time."""
    first_audio_at: float | None = None
    """time.monotonic() when the first sample of audio was produced."""
    turns: list[dict] = field(default_factory=list)
    """One per spoken answer the coach replied to: ``kind``, ``end_of_turn_ms``, ``reply_ms``,
    ``resumed`` (the perceived gap is end_of_turn_ms + reply_ms), ``superseded`` when a resume
    joined it to what followed."""


@dataclass
class SessionResult:
    session_id: int | None
    status: str
    commitments: list[int] = field(default_factory=list)
    note: str | None = None


# the least pause before a "stop" / "pause" at the end of an answer that makes it a command of its own
COMMAND_TAIL_GAP_S = 0.35  # (0.5 until stop 43: a breath of about 0.5 s before "stop" was kept in the answer)
# a spoken "answer" with no words whose sound lasted less than this is a noise, not an answer (ms)
BLIP_MS = 250.0
MAX_BLIPS = 10


def _blip(heard: Heard, pre_roll_ms: float) -> bool:
    """Whether a spoken answer with no words was only a short noise: its audio, less the pre-roll and the
    quiet after it, lasted under ``BLIP_MS``."""
    if heard.typed or heard.end_of_turn_ms is None or not heard.pcm:
        return False
    voiced_ms = len(heard.pcm) / 32.0 - pre_roll_ms - heard.end_of_turn_ms
    return voiced_ms < BLIP_MS


class Coach:
    """Runs one session."""

    def __init__(
        self,
        *,
        listener,
        synth: Synthesizer,
        sink: AudioSink,
        store,
        settings: Settings | None = None,
        options: SessionOptions | None = None,
        engine_name: str | None = None,
        ui: Callable[[str, str], None] | None = None,
    ) -> None:
        self.listener = listener
        self.synth = synth
        self.sink = sink
        self.store = store
        self.settings = settings or Settings()
        self.options = options or SessionOptions()
        self.engine_name = engine_name
        self.ui = ui or _stderr_ui
        self.rate_wpm = self.settings.speak.rate_wpm
        self.session_id: int | None = None
        self.metrics = Metrics()
        self.commitment_ids: list[int] = []
        self._pending_latency_from: float | None = None
        self._paused = False
        self._synth_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tts")
        self._synth_cache: dict[tuple[str, str, int], Future] = {}
        self._early: Heard | None = None
        self._earcon_player: threading.Thread | None = None
        self._reply_to: Heard | None = None
        """The answer whose reply has not started yet (its reply_ms is measured at the first sample)."""
        self._resume: _ResumeWindow | None = None
        self.note: str | None = None
        """The follow-up note drafted at the closing (saved with the session)."""
        self.summary: str | None = None
        """The spoken closing summary (saved with the session)."""
        self.safety: set[str] = set()
        """What the person said that may mean they are not safe ("harm", "self"; voicecoach.coach.safety),
        each answered once with where help is; the closing then says no "the relationship matters"."""
        self.safety_heard: Heard | None = None
        """The answer the last safety line replied to: a step says none of its usual reply to it."""

    # ------------------------------------------------------------------ speaking
    def _voice_id(self, voice: str) -> str:
        return self.settings.speak.other_voice if voice == OTHER else self.settings.speak.coach_voice

    @staticmethod
    def _fallback(voice: str) -> str:
        """The free voice a role falls back to if its own cannot speak (never silence)."""
        return DEFAULT_OTHER_VOICE if voice == OTHER else DEFAULT_COACH_VOICE

    def _submit(self, sentence: str, voice: str) -> Future:
        """Synthesis of one sentence, started in the background (or the one already started)."""
        key = (sentence, voice, self.rate_wpm)
        pending = self._synth_cache.get(key)
        if pending is None:
            pending = self._synth_pool.submit(self.synth.synth, sentence, self._voice_id(voice), self.rate_wpm,
                                              self._fallback(voice))
            self._synth_cache[key] = pending
        return pending

    def _take(self, sentence: str, voice: str) -> AudioChunk:
        pending = self._submit(sentence, voice)
        self._synth_cache.pop((sentence, voice, self.rate_wpm), None)
        return pending.result()

    def _pieces(self, text: str, voice: str) -> list[str]:
        slow = getattr(self.synth, "slow", None)
        return sentences(text, lead=bool(slow and slow(self._voice_id(voice))))

    def prefetch(self, text: str, voice: str = COACH) -> None:
        """Synthesise a line in the background while the person is still talking."""
        for sentence in self._pieces(text, voice):
            self._submit(sentence, voice)

    def _mark_audio(self, chunk: AudioChunk) -> None:
        """The first sample of audio after an answer, or of the session: latency figures, warm-up."""
        if self._pending_latency_from is not None and chunk.audio:
            self.metrics.turn_latency_ms.append((time.monotonic() - self._pending_latency_from) * 1000)
            self._pending_latency_from = None
        if self.metrics.first_audio_at is None and chunk.audio:
            self.metrics.first_audio_at = time.monotonic()
            self._warm_up()

    def _play(self, chunk: AudioChunk, earcon: bool = False, wait: bool = True) -> None:
        if not earcon:
            self._play_speech(iter([chunk]), chunk.duration_s >= BARGE_IN_MIN_S)
            return
        self._wait_earcon()
        self._mark_audio(chunk)
        self.listener.mute(True)  # its own tone is not the person resuming

        def play() -> None:
            try:
                self.sink.play(chunk)
            finally:
                self.listener.mute(False)

        if wait:
            play()
        else:
            self._earcon_player = threading.Thread(target=play, name="earcon", daemon=True)
            self._earcon_player.start()

    def _play_speech(self, chunks: Iterator[AudioChunk], long: bool) -> None:
        """Speech, one chunk after another (a prompt's sentences, each perhaps still being
        synthesised); ``long``: worth listening over for barge-in. With barge-in (or an open resume
        window) the whole prompt is listened over as one stretch, so "stop" said across a sentence
        boundary is still heard."""
        self._wait_earcon()
        first = next(chunks, None)
        if first is None:
            return
        self._mark_audio(first)
        if first.audio:
            self._reply_begins()
        chunks = itertools.chain([first], chunks)
        watch = self._resume_watch()
        if watch or (self._barge_in_possible() and long):
            self._play_with_barge_in(chunks, watch)
        else:
            if getattr(self.listener, "capturing", False):
                self.listener.hold()  # the coach must not hear itself; what was kept stays
            for chunk in chunks:
                self.sink.play(chunk)

    def _wait_earcon(self) -> None:
        player, self._earcon_player = self._earcon_player, None
        if player is not None:
            player.join()

    # ------------------------------------------------------------------ resuming a turn
    def _reply_begins(self) -> None:
        """The first sample of the reply to the last answer: its reply time, and the resume window."""
        heard, self._reply_to = self._reply_to, None
        if heard is None:
            return
        now = time.monotonic()
        if heard.end_declared_monotonic is not None:
            heard.reply_ms = (now - heard.end_declared_monotonic) * 1000
        if heard.spoken:
            heard.metric = {"kind": heard.kind, "end_of_turn_ms": heard.end_of_turn_ms,
                            "reply_ms": heard.reply_ms, "resumed": heard.resumed, "text": heard.text}
            self.metrics.turns.append(heard.metric)
            for tid in heard.turn_ids:
                self.store.set_turn_timing(tid, heard.end_of_turn_ms, heard.reply_ms, heard.resumed)
        if self._resume is not None and self._resume.heard is heard and self._resume.deadline is None:
            self._resume.deadline = now + self.settings.listen.resume_window_s

    def _resume_possible(self) -> bool:
        """A live microphone can be heard going on after its turn (a file resumes in the listener)."""
        source = getattr(self.listener, "source", None)
        return bool(source is not None and source.live)

    def _resume_watch(self) -> _ResumeWindow | None:
        """The open resume window to listen for while this audio plays (only with barge-in: over
        loudspeakers the coach would hear itself)."""
        w = self._resume
        if w is None or w.closed or w.deadline is None or time.monotonic() >= w.deadline:
            return None
        return w if self._barge_in_possible() else None

    def _close_resume_window(self) -> None:
        """The reply is over (or a new question comes): listen out the rest of the window while the
        coach is quiet; a resume raises ``Resumed``. Then stop capturing."""
        w = self._resume
        if w is None or w.closed:
            return
        w.closed = True
        if w.deadline is not None and time.monotonic() < w.deadline:
            more = self.listener.listen(w.heard.kind, resume_of=w.heard, deadline=w.deadline, keep_open=True)
            if more.resumed:
                self._resume_or_command(w.heard, more)
        self.listener.release()

    def _resume_or_command(self, before: Heard, more: Heard) -> None:
        """Speech in the resume window: the answer going on (raises ``Resumed``), unless what was
        added is a voice command on its own ("stop", "pause", "say that again"), which is obeyed."""
        added = more.text[len(before.text):].strip() if more.text.startswith(before.text) else more.text
        match = voice_commands.match_command(added) if added else None
        if match is None:
            raise Resumed(more)
        self._event("command", match.name, "over the reply")
        self.ui("you", f"({match.name})")
        if match.name == "stop":
            raise StopSession("stop")
        if match.name == "pause":
            self._wait_for_continue()
            return
        # anything else is taken at the next question, as a command said there would be
        self._early = Heard(text=added, pcm=more.pcm[len(before.pcm):], kind="command",
                            end_declared_monotonic=more.end_declared_monotonic)

    def respond(self, heard: Heard, judge: Callable[[Heard], object]):
        """Judge an answer and reply to it (``judge`` stores the turn and speaks the reply); returns
        what ``judge`` returns. If the person goes on within ``resume_window_s`` of the reply
        starting, the coach stops at once, listens to the rest, and judges the whole answer again,
        as if the turn had never ended (the stored turn is updated; an event is logged)."""
        while True:
            self._resume = _ResumeWindow(heard) if self._resume_possible() and heard.spoken else None
            try:
                result = judge(heard)
                self._close_resume_window()
                return result
            except Resumed as resumed:  # capture goes on: the whole answer gets a reply of its own
                if heard.metric is not None:
                    heard.metric["superseded"] = True
                heard = resumed.heard
                self._event("turn", "resumed", heard.text)
                self.ui("you", f"(going on) {heard.text}")
                self._pending_latency_from = heard.end_declared_monotonic
                self._reply_to = heard
            except BaseException:
                self.listener.release()
                raise
            finally:
                self._resume = None

    def _warm_up(self) -> None:
        """Once the first prompt is under way: start loading the recogniser (if it waits for that)
        and the scorer's word lists and models (~1 s of Python) in the background, so neither delays
        the first prompt nor the first scored turn."""
        prepare = getattr(self.listener, "prepare", None)
        if prepare is not None:
            prepare()
        from voicecoach.coach.scorer import warm_up

        threading.Thread(target=warm_up, name="scorer-warm-up", daemon=True).start()

    def _barge_in_possible(self) -> bool:
        source = getattr(self.listener, "source", None)
        return bool(self.options.barge_in and source is not None and source.live and self.sink.realtime)

    def _play_with_barge_in(self, chunks: Iterator[AudioChunk], watch: _ResumeWindow | None = None) -> None:
        """Play while listening: "stop" or "pause" said over the coach cuts it short; so does the
        person going on with the answer the coach is replying to (``watch``). Listening starts before
        the first sample plays and ends only once the audio captured up to the coach's last sample has
        been heard: a listener running behind (a busy machine) still hears what was said over the coach."""
        stop = threading.Event()
        ended: list[float] = []
        """When the last sample was played (time.monotonic), once it has been."""
        failed: list[BaseException] = []

        def play() -> None:
            try:
                for chunk in chunks:
                    if stop.is_set():
                        break
                    if not self.sink.play(chunk, stop):
                        break
            except BaseException as exc:  # noqa: BLE001 - raised again on the session's thread
                failed.append(exc)
            finally:
                ended.append(time.monotonic())

        def until() -> float | None:
            return ended[0] if ended else None

        def heard_it_all() -> bool:
            heard_to = self.listener.audio_time
            return bool(ended) and (heard_to is None or heard_to >= ended[0])

        self.listener.start_capture()
        player = threading.Thread(target=play, name="playback", daemon=True)
        player.start()
        command = None
        try:
            if watch is not None:
                more = self.listener.listen(watch.heard.kind, resume_of=watch.heard, deadline=watch.deadline,
                                            until=until, on_start=stop.set, keep_open=True)
                if more.resumed:
                    player.join()
                    self._resume_or_command(watch.heard, more)
            while self.options.barge_in and not heard_it_all():
                heard = self.listener.listen(silence_s=self.settings.listen.silence_short_s, timeout_s=3600,
                                             until=until, keep_open=True)
                if heard.end_of_input:
                    break
                if heard.timed_out or not heard.text:
                    continue
                found = self._detect_command(heard) if len(heard.pcm) / 32000 <= BARGE_IN_MAX_S else None
                if found in BARGE_IN_COMMANDS:
                    command = found
                    stop.set()
                    break
                if heard_it_all():
                    # still talking when the coach finished: they began answering early; keep it
                    # (an echo of the coach's own voice ends with the coach, so it never gets here)
                    self._early = heard
                    break
        finally:
            player.join()
            if self._resume is None:
                self.listener.release()  # the coach is quiet now: the next listen starts afresh
        if failed and command is None:
            raise failed[0]
        if command is not None:
            self._event("command", command, "barge-in")
            self.ui("you", f"({command})")
            if command == "stop":
                raise StopSession("stop")
            self._wait_for_continue()

    def say(self, text: str, voice: str = COACH, who: str | None = None) -> None:
        """Speak ``text`` sentence by sentence: every sentence is queued for synthesis at once, so the
        next one is being made while the current one plays (a slow voice never makes a gap)."""
        if not text:
            return
        self.ui(who or ("coach" if voice == COACH else "them"), text)
        parts = self._pieces(text, voice)
        for sentence in parts:
            self._submit(sentence, voice)
        try:
            if len(parts) == 1:
                self._play(self._take(parts[0], voice))
            else:
                self._play_speech((self._take(sentence, voice) for sentence in parts), long=True)
        except BaseException:  # stopped mid-prompt: drop what was queued for it
            for sentence in parts:
                pending = self._synth_cache.pop((sentence, voice, self.rate_wpm), None)
                if pending is not None:
                    pending.cancel()
            raise

    def earcon(self, name: str, wait: bool = True) -> None:
        """Play an earcon; ``wait=False`` lets the coach work out its reply meanwhile (the next
        sound waits for it), so the "got it" tone doesn't add to the gap before the reply."""
        if self.options.earcons:
            self._play(earcon(name), earcon=True, wait=wait)

    # ------------------------------------------------------------------ listening
    def _event(self, kind: str, name: str, detail: str | None = None) -> None:
        if self.session_id is not None:
            self.store.add_event(self.session_id, kind=kind, name=name, detail=detail)

    def _detect_command(self, heard: Heard) -> str | None:
        # a command is judged on what the streamed pass heard, with its confidence, as before the second
        # pass: a short turn decoded with its own mean alone is a poor guide ("pause" heard "because" with
        # confidence 0.73, "sure" heard "share", which the grammar took for "slower")
        utt = heard.utterance
        if utt is not None and utt.streamed is not None:
            utt = utt.streamed
        text = utt.text if utt is not None else heard.text
        match = voice_commands.match_command(text)
        if match is None and heard.pcm and utt is not None and voice_commands.worth_grammar_check(
            text, len(heard.pcm) / 32000
        ):
            confirmed = self.listener.redecode(heard.pcm, voice_commands.grammar_phrases())
            if confirmed is not None and confirmed.text:
                match = voice_commands.match_command(text, confirmed.text, utt.confidence)
        return match.name if match else None

    def hear(self, kind: str = "answer") -> Heard:
        """Listen once (with earcons), handling silence and end of input; commands are not handled here."""
        self._close_resume_window()  # a new question: the last answer can no longer be resumed
        self._reply_to = None
        early, self._early = self._early, None
        if early is not None:  # an answer begun while the coach was still talking (barge-in)
            heard = early
        else:
            self.earcon("listen_start")
            heard = self.listener.listen(kind, keep_open=self._resume_possible())
        if heard.end_of_input:
            raise EndOfInput()
        if not heard.timed_out:
            self._pending_latency_from = heard.end_declared_monotonic
            self._reply_to = heard
            if heard.resumed:  # a file's answer went on after a pause that first looked like its end
                self._event("turn", "resumed", heard.text)
            self._split_command_tail(heard)
            if heard.text:
                self.ui("you", heard.text)
            self.earcon("listen_stop", wait=False)
            self._safety_check(heard)
        return heard

    def _split_command_tail(self, heard: Heard) -> None:
        """ "…about dinner [0.7 s] stop": a "stop" or "pause" said on its own after a pause that did not end
        the turn (a file's answers join across gaps under 1.5 s) is a command, not the answer's last word.
        The answer keeps the rest and the command is taken at the next question, before anything else
        (exploratory testing, stop 42: it was stored as part of the answer and did nothing)."""
        words = heard.utterance.words if heard.utterance is not None else ()
        said = heard.text.split()
        # (up to six words: "I want to stop", "I need a break", "I can't do this right now" were kept as the
        # answer's end and did nothing: exploratory testing, stop 43)
        for n in range(6, 0, -1):
            if len(words) <= n or len(said) <= n:
                continue
            tail = words[-n:]
            if [w.word.lower() for w in tail] != [w.lower() for w in said[-n:]]:
                continue
            if tail[0].start_s - words[-n - 1].end_s < COMMAND_TAIL_GAP_S:
                continue
            match = voice_commands.match_command(" ".join(said[-n:]))
            if match is None or match.name not in {"stop", "pause"}:
                continue
            heard.text = " ".join(said[:-n])
            self._early = Heard(text=" ".join(said[-n:]), kind="command",
                                end_declared_monotonic=heard.end_declared_monotonic)
            return

    def _safety_check(self, heard: Heard) -> None:
        """Said once per kind, before the step goes on: where help is, when they may not be safe."""
        from voicecoach.coach.safety import concern

        kind = concern(heard.text) if heard.text else None
        if kind is None or kind in self.safety:
            return
        self.safety_heard = heard
        self.safety_line(kind)

    def safety_line(self, kind: str) -> None:
        """Say where help is (``safety.<kind>``), and remember it: the close then drops the relationship advice
        and the note. "harm" and "self" come from what the person said; "statement" from the other person's
        words as the person gave them."""
        self.safety.add(kind)
        self._event("safety", kind)
        self.say(prompt(f"safety.{kind}"))

    def ask(self, parts: list[tuple[str, str]] | str, *, kind: str = "answer", prefetch: str | None = None,
            prompted: bool = False, again: list[tuple[str, str]] | None = None) -> Heard:
        """Speak a prompt and return the person's answer; voice commands are handled on the way.

        ``parts`` is the prompt: a string, or (text, voice) pairs, e.g. the other person's words
        in their voice followed by the coach's question. "Say that again" replays all of it.
        ``kind`` is the step ("answer", "reflection", "commitment", "yesno"): how the end of the
        turn is judged. ``prompted``: the prompt was already said (as the reply to the last answer).
        ``again``: what "say that again" plays, when not the prompt (a retry of the reflection: the other
        person's words, not the coach's feedback).
        """
        if isinstance(parts, str):
            parts = [(parts, COACH)]
        first = parts
        silences = 0
        unheard = 0
        blips = 0
        replay = not prompted
        while True:
            if replay:
                for text, voice in parts:
                    self.say(text, voice)
            replay = True
            if prefetch:
                self.prefetch(prefetch)
            heard = self.hear(kind)
            if heard.timed_out:
                silences += 1
                if silences == 1:
                    self._event("silence", "reprompt")
                    self.say(prompt("silence.reprompt"))
                    replay = False
                    continue
                self._event("silence", "pause")
                self.say(prompt("silence.pausing"))
                self._wait_for_continue(announce=False)
                continue
            # a yes / no / partly where one was asked is the answer, not a command its sound resembles (a
            # spoken "hardly" was taken for "repeat": exploratory testing, stop 42)
            answered = kind == "yesno" and parse_answer(heard.text) is not None
            command = self._detect_command(heard) if heard.text and not answered else None
            if command is None:
                if heard.empty and _blip(heard, self.settings.listen.pre_roll_ms) and blips < MAX_BLIPS:
                    # a click, a cough, a bump of the phone: nothing was said, so nothing is answered (each
                    # one was told "Sorry, I didn't catch that": exploratory testing, stop 42)
                    blips += 1
                    self._event("noise", "blip")
                    replay = False
                    continue
                if heard.empty:
                    heard.kind = "unheard"
                    unheard += 1
                    if unheard >= 3:
                        # nothing said three times is not an answer (the third blank line was judged as a
                        # reflection and used up a try: exploratory testing, stop 43): pause, as silence does
                        unheard = 0
                        self._event("silence", "pause")
                        self.say(prompt("silence.pausing"))
                        self._wait_for_continue(announce=False)
                        continue
                    self.say(prompt("command.not_understood"))
                    replay = False
                    continue
                return heard
            heard.kind = "command"
            self._event("command", command, heard.text)
            replay = self._handle_command(command)
            parts = again if command == "repeat" and again else first

    def _handle_command(self, command: str) -> bool:
        """Carry out a voice command; returns whether the prompt should be said again."""
        step = self.settings.speak.slower_step_wpm
        if command == "stop":
            raise StopSession("stop")
        if command == "skip":
            raise SkipStep()
        if command == "repeat":
            return True
        if command == "slower":
            self.rate_wpm = max(90, self.rate_wpm - step)
            self.say(prompt("command.slower"))
            return True
        if command == "faster":
            self.rate_wpm = min(260, self.rate_wpm + step)
            self.say(prompt("command.faster"))
            return True
        if command == "help":
            self.say(prompt("command.help"))
            return True
        if command == "pause":
            self._wait_for_continue()
            return True
        if command == "continue":
            return True
        if command == "commitments":
            self.play_commitments()
            return True
        if command == "progress":
            self.say(self.progress_summary())
            return True
        return True

    def _wait_for_continue(self, announce: bool = True) -> None:
        """Paused until "continue" (or "stop"). ``announce``: say "Paused…" (not after the silence line,
        which says it already). Anything else said meanwhile is kept as an event, and the first time
        the person hears that they are still paused (it was dropped without a word: exploratory testing,
        stop 42)."""
        self._event("state", "paused")
        if announce:
            self.say(prompt("command.paused"))
        self.earcon("paused")
        reminded = False
        while True:
            heard = self.listener.listen("yesno", silence_s=self.settings.listen.silence_short_s, timeout_s=3600)
            if heard.end_of_input:
                raise EndOfInput()
            if heard.timed_out or not heard.text:
                continue
            command = self._detect_command(heard)
            if command not in ("stop", "continue"):
                self.ui("you", heard.text)
                self._event("paused", "heard", heard.text)
                if not reminded:
                    reminded = True
                    self.say(prompt("command.still_paused"))
                continue
            if command == "stop":
                self._event("command", "stop", heard.text)
                raise StopSession("stop")
            if command == "continue":
                self._event("command", "continue", heard.text)
                self._event("state", "resumed")
                self.say(prompt("command.resumed"))
                self.listener.calibrate()
                return

    def ask_yes_no(self, parts: list[tuple[str, str]] | str, *, allow_partly: bool = False,
                   keep_unclear: tuple[str, dict] | None = None) -> tuple[str | None, Heard]:
        """Ask until a yes / no (/ partly) is heard, three times at most. ``keep_unclear`` (step, details):
        an answer that is none of them is stored as a turn of that step ("I called her on Monday" to "did
        you follow through?" was lost: exploratory testing, stop 42)."""
        for attempt in range(3):
            heard = self.ask(parts, kind="yesno")
            answer = parse_answer(heard.text)
            if answer == "partly" and not allow_partly:
                answer = None
            if answer is not None:
                return answer, heard
            if keep_unclear is not None and heard.text.strip() and attempt < 2:  # (the caller keeps the last)
                step, details = keep_unclear
                self.turn(step, heard.text, details={**details, "answer": None}, heard=heard)
            parts = prompt("checkin.unclear" if allow_partly else "commit.yes_no")
        return None, heard

    # ------------------------------------------------------------------ store helpers
    def turn(self, step: str, text: str, *, heard: Heard | None = None, **kw) -> int | None:
        """Store a turn; ``heard`` (the answer it came from) adds its timing, and a resumed answer
        updates the row its first part was stored in."""
        if self.session_id is None:
            return None
        if heard is not None and heard.replaces:
            tid = heard.replaces.pop(0)
            self.store.update_turn(tid, step=step, text=text, **kw)
        else:
            tid = self.store.add_turn(self.session_id, step=step, text=text, **kw)
        if heard is not None:
            heard.turn_ids.append(tid)
            if heard.spoken:
                self.store.set_turn_timing(tid, heard.end_of_turn_ms, heard.reply_ms, heard.resumed)
        return tid

    def save_commitment(self, text: str, heard: Heard | None, *, statement: str | None, person: str | None = None) -> int:
        opts = self.options
        cid = self.store.add_commitment(
            text,
            session_id=self.session_id,
            statement=statement,
            person=person,
            with_name=opts.with_name,
            relationship=opts.relationship,
            checkin_days=self.settings.checkin_days,
        )
        self.commitment_ids.append(cid)
        self._event("commitment", "saved", str(cid))
        if self.settings.keep_audio and heard is not None and heard.pcm:
            from voicecoach.audio.wavio import write_wav
            from voicecoach.config import clips_dir, ensure_private_dir

            folder = ensure_private_dir(clips_dir() / f"session-{self.session_id}")
            path = write_wav(folder / f"commitment-{cid}.wav", heard.pcm, 16000)
            self.store.set_commitment_audio(cid, str(path))
        self.earcon("saved")
        return cid

    # ------------------------------------------------------------------ shared actions
    def play_commitments(self, ids: list[int] | None = None, own_voice: bool = False) -> int:
        items = self.store.list_commitments(ids=ids) if ids else self.store.list_commitments()
        play_commitments(items, say=self.say, play=self._play, own_voice=own_voice, chosen=bool(ids))
        return len(items)

    def progress_summary(self) -> str:
        from voicecoach.progress import spoken_summary

        return spoken_summary(self.store)

    # ------------------------------------------------------------------ the session
    def run(self, exercise: Callable[[Coach], None]) -> SessionResult:
        """Run ``exercise`` (a function of this coach, e.g. from ``voicecoach.flows``; the runner
        picks it). An exercise that returns has completed; "stop", a signal or the end of the input
        end it as stopped. The session is ended here, and only here."""
        status = "completed"
        try:
            exercise(self)
        except StopSession as stop:
            status = "stopped"
            if stop.reason == "stop":
                # a commitment read back and not yet confirmed is kept as said, not saved as one; the line says
                # so (it said "Everything you said is saved" over an unsaved one: exploratory testing, stop 43)
                self._safe_say(prompt("command.stopping_unconfirmed" if self._unconfirmed() else "command.stopping"))
            else:
                self._event("signal", stop.reason)
        except EndOfInput:
            status = "stopped"
            self._event("input", "end")
        finally:
            self._wait_earcon()
            self._synth_pool.shutdown(wait=True, cancel_futures=True)
            self.listener.release()
        if self.session_id is not None:
            self.store.end_session(self.session_id, status=status, summary=self.summary)
        return SessionResult(self.session_id, status, list(self.commitment_ids), self.note)

    def _unconfirmed(self) -> bool:
        """Whether the last commitment read back was still waiting for its yes or no."""
        if self.session_id is None:
            return False
        try:
            turns = self.store.get_session(self.session_id)["turns"]
        except VoicecoachError:
            return False
        said = [t for t in turns if t.get("step") == "commitment" and isinstance(t.get("details"), dict)]
        return bool(said) and "confirmed" in said[-1]["details"] and said[-1]["details"]["confirmed"] is None

    def _safe_say(self, text: str) -> None:
        try:
            self.say(text)
        except Exception:  # noqa: BLE001 - ending must not fail on the speaker
            pass


def play_commitments(items: list[dict], *, say: Callable[..., None], play: Callable[[AudioChunk], None],
                     own_voice: bool = False, chosen: bool = False) -> None:
    """Speak commitments (or play the person's own recorded words where kept).

    ``chosen``: the person named these (by id), so they may be done or dropped ones, not "open" ones.
    """
    from pathlib import Path

    if not items:
        say(prompt("command.commitments_none"))
        return
    if chosen:
        say(prompt("command.commitments_chosen_one") if len(items) == 1
            else prompt("command.commitments_chosen", count=len(items)))
    elif len(items) == 1:
        say(prompt("command.commitments_intro_one"))
    else:
        say(prompt("command.commitments_intro", count=len(items)))
    # whose, and to whom: two partners on one device, or commitments made to more than one person (the same
    # words said to two people were read alike: exploratory testing, stop 43)
    to_many = len({item["with_name"] for item in items if item.get("with_name") and not item.get("person")}) > 1
    last = None
    for item in items:
        # each name once for the commitments in a row made to (or by) the same person
        if item.get("person"):
            if last != ("person", item["person"]):
                say(prompt("command.commitment_person", person=item["person"]))
            last = ("person", item["person"])
        elif to_many and item.get("with_name"):
            if last != ("to", item["with_name"]):
                say(prompt("command.commitment_to", name=item["with_name"]))
            last = ("to", item["with_name"])
        else:
            last = None
        clip = item.get("audio_path")
        if own_voice and clip and Path(clip).exists():
            from voicecoach.audio.wavio import read_wav_chunk

            play(read_wav_chunk(clip))
        else:
            say(item["text"])


def _stderr_ui(who: str, text: str) -> None:
    print(f"{who}: {text}", file=sys.stderr, flush=True)


def today() -> date:
    return datetime.now().astimezone().date()
