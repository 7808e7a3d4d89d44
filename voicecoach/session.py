"""The voice loop: the one place that wires the ear, the coach's logic, the voice and the store.

A session walks the method aloud (see ``../shared/METHOD.md`` and CLI.md's solo order): the root
of the conflict, hearing the other person, reflecting them back until it lands, owning one's part,
validating, committing, naming needs, closing. Every turn, event and commitment goes to the store
the moment it happens; voice commands work at every prompt.

Everything here is usable without Click: build a ``Coach`` with a listener (audio or typed), a
synthesiser, a sink and a store, and call ``run()``.
"""

from __future__ import annotations

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
from voicecoach.config import DEFAULT_COACH_VOICE, DEFAULT_OTHER_VOICE, ListenSettings, Settings
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


@dataclass
class SessionResult:
    session_id: int | None
    status: str
    commitments: list[int] = field(default_factory=list)
    note: str | None = None


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
        self.note: str | None = None
        """The follow-up note drafted at the closing (saved with the session)."""
        self.summary: str | None = None
        """The spoken closing summary (saved with the session)."""

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

    def _mark_audio(self, chunk: AudioChunk, warm_up: bool = True) -> None:
        if self._pending_latency_from is not None and chunk.audio:
            self.metrics.turn_latency_ms.append((time.monotonic() - self._pending_latency_from) * 1000)
            self._pending_latency_from = None
        if self.metrics.first_audio_at is None and chunk.audio:
            self.metrics.first_audio_at = time.monotonic()
            if warm_up:
                self._warm_up()

    def _play(self, chunk: AudioChunk) -> None:
        self._mark_audio(chunk)
        if self._barge_in_possible() and chunk.duration_s >= BARGE_IN_MIN_S:
            self._play_with_barge_in(iter([chunk]))
        else:
            self.sink.play(chunk)

    def _play_sentences(self, chunks: Iterator[AudioChunk]) -> None:
        """One prompt's sentences back to back (each waits for its synthesis); with barge-in they are
        listened over as one stretch, so "stop" said across a sentence boundary is still heard."""
        if not self._barge_in_possible():
            for chunk in chunks:
                self._play(chunk)
            return
        if self.metrics.first_audio_at is None:
            self._warm_up()  # here, not on the playback thread
        self._play_with_barge_in(chunks, mark=True)

    def _warm_up(self) -> None:
        """Once the first prompt is under way: start loading the recogniser (if it waits for that)
        and the scorer's word lists (~1 s of Python) in the background, so neither delays the
        first prompt nor the first scored turn."""
        prepare = getattr(self.listener, "prepare", None)
        if prepare is not None:
            prepare()
        from voicecoach.coach.scorer import lexicon

        threading.Thread(target=lexicon, name="scorer-warm-up", daemon=True).start()

    def _barge_in_possible(self) -> bool:
        source = getattr(self.listener, "source", None)
        return bool(self.options.barge_in and source is not None and source.live and self.sink.realtime)

    def _play_with_barge_in(self, chunks: Iterator[AudioChunk], mark: bool = False) -> None:
        """Play while listening: "stop" or "pause" said over the coach cuts it short."""
        stop = threading.Event()
        done = threading.Event()
        failed: list[BaseException] = []

        def play() -> None:
            try:
                for chunk in chunks:
                    if stop.is_set():
                        break
                    if mark:
                        self._mark_audio(chunk, warm_up=False)
                    if not self.sink.play(chunk, stop):
                        break
            except BaseException as exc:  # noqa: BLE001 - raised again on the session's thread
                failed.append(exc)
            finally:
                done.set()

        player = threading.Thread(target=play, name="playback", daemon=True)
        player.start()
        command = None
        try:
            while not done.is_set():
                heard = self.listener.listen(silence_s=self.settings.listen.silence_short_s, timeout_s=3600,
                                             stop_when=done.is_set)
                if heard.end_of_input or heard.timed_out or not heard.text:
                    continue
                found = self._detect_command(heard) if len(heard.pcm) / 32000 <= BARGE_IN_MAX_S else None
                if found in BARGE_IN_COMMANDS:
                    command = found
                    stop.set()
                    break
                if done.is_set():
                    # still talking when the coach finished: they began answering early; keep it
                    # (an echo of the coach's own voice ends with the coach, so it never gets here)
                    self._early = heard
                    break
        finally:
            player.join()
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
                self._play_sentences(self._take(sentence, voice) for sentence in parts)
        except BaseException:  # stopped mid-prompt: drop what was queued for it
            for sentence in parts:
                pending = self._synth_cache.pop((sentence, voice, self.rate_wpm), None)
                if pending is not None:
                    pending.cancel()
            raise

    def earcon(self, name: str) -> None:
        if self.options.earcons:
            self._play(earcon(name))

    # ------------------------------------------------------------------ listening
    def _silence_for(self, kind: str) -> float:
        ls: ListenSettings = self.settings.listen
        return {"yesno": ls.silence_short_s, "reflection": ls.silence_long_s}.get(kind, ls.silence_s)

    def _event(self, kind: str, name: str, detail: str | None = None) -> None:
        if self.session_id is not None:
            self.store.add_event(self.session_id, kind=kind, name=name, detail=detail)

    def _detect_command(self, heard: Heard) -> str | None:
        match = voice_commands.match_command(heard.text)
        if match is None and heard.pcm and heard.utterance is not None and voice_commands.worth_grammar_check(
            heard.text, len(heard.pcm) / 32000
        ):
            confirmed = self.listener.redecode(heard.pcm, voice_commands.grammar_phrases())
            if confirmed is not None and confirmed.text:
                match = voice_commands.match_command(heard.text, confirmed.text, heard.utterance.confidence)
        return match.name if match else None

    def hear(self, kind: str = "answer") -> Heard:
        """Listen once (with earcons), handling silence and end of input; commands are not handled here."""
        early, self._early = self._early, None
        if early is not None:  # an answer begun while the coach was still talking (barge-in)
            heard = early
        else:
            self.earcon("listen_start")
            heard = self.listener.listen(silence_s=self._silence_for(kind))
        if heard.end_of_input:
            raise EndOfInput()
        if not heard.timed_out:
            self._pending_latency_from = heard.end_declared_monotonic
            if heard.text:
                self.ui("you", heard.text)
            self.earcon("listen_stop")
        return heard

    def ask(self, parts: list[tuple[str, str]] | str, *, kind: str = "answer", prefetch: str | None = None) -> Heard:
        """Speak a prompt and return the person's answer; voice commands are handled on the way.

        ``parts`` is the prompt: a string, or (text, voice) pairs, e.g. the other person's words
        in their voice followed by the coach's question. "Say that again" replays all of it.
        """
        if isinstance(parts, str):
            parts = [(parts, COACH)]
        silences = 0
        unheard = 0
        replay = True
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
                self._wait_for_continue()
                continue
            command = self._detect_command(heard) if heard.text else None
            if command is None:
                if heard.empty:
                    unheard += 1
                    if unheard >= 3:
                        return heard
                    self.say(prompt("command.not_understood"))
                    replay = False
                    continue
                return heard
            self._event("command", command, heard.text)
            replay = self._handle_command(command)

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

    def _wait_for_continue(self) -> None:
        self._event("state", "paused")
        self.say(prompt("command.paused"))
        self.earcon("paused")
        while True:
            heard = self.listener.listen(silence_s=self._silence_for("yesno"), timeout_s=3600)
            if heard.end_of_input:
                raise EndOfInput()
            if heard.timed_out or not heard.text:
                continue
            command = self._detect_command(heard)
            if command == "stop":
                self._event("command", "stop", heard.text)
                raise StopSession("stop")
            if command == "continue":
                self._event("command", "continue", heard.text)
                self._event("state", "resumed")
                self.say(prompt("command.resumed"))
                self.listener.calibrate()
                return

    def ask_yes_no(self, parts: list[tuple[str, str]] | str, *, allow_partly: bool = False) -> tuple[str | None, Heard]:
        from voicecoach.coach.yesno import parse_answer

        for _ in range(3):
            heard = self.ask(parts, kind="yesno")
            answer = parse_answer(heard.text)
            if answer == "partly" and not allow_partly:
                answer = None
            if answer is not None:
                return answer, heard
            parts = prompt("checkin.unclear" if allow_partly else "commit.yes_no")
        return None, heard

    # ------------------------------------------------------------------ store helpers
    def turn(self, step: str, text: str, **kw) -> int | None:
        if self.session_id is None:
            return None
        return self.store.add_turn(self.session_id, step=step, text=text, **kw)

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
    def run(self) -> SessionResult:
        """Run the flow for the session's mode. A flow that returns has completed; "stop", a signal
        or the end of the input end it as stopped. The session is ended here, and only here."""
        from voicecoach import flows

        status = "completed"
        try:
            flows.FLOWS[self.options.mode](self)
        except StopSession as stop:
            status = "stopped"
            if stop.reason == "stop":
                self._safe_say(prompt("command.stopping"))
            else:
                self._event("signal", stop.reason)
        except EndOfInput:
            status = "stopped"
            self._event("input", "end")
        finally:
            self._synth_pool.shutdown(wait=True, cancel_futures=True)
        if self.session_id is not None:
            self.store.end_session(self.session_id, status=status, summary=self.summary)
        return SessionResult(self.session_id, status, list(self.commitment_ids), self.note)

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
    for item in items:
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
