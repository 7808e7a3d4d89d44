"""Barge-in: "stop" said while the coach is talking takes effect (real speech, real PocketSphinx).

The microphone is a real-time paced source of flite speech and the speaker a sink that takes as
long as the sound to play, as a device does (the ALSA file plugin here plays instantly, so it
can't show talking over the coach)."""

from __future__ import annotations

import threading
import time

import pytest

from speech import flite, pcm16k, silence
from voicecoach.asr import EngineChoice, open_recognizer
from voicecoach.audio.format import AudioChunk
from voicecoach.audio.listener import Listener
from voicecoach.audio.sinks import AudioSink
from voicecoach.audio.sources import PcmSource
from voicecoach.config import Settings
from voicecoach.flows import exercise_for
from voicecoach.session import Coach, SessionOptions
from voicecoach.store import Store
from voicecoach.tts import open_synthesizer

pytestmark = [pytest.mark.needs_speech_tools, pytest.mark.slow]


class PacedSource(PcmSource):
    """A live microphone: audio arrives in real time, whether or not anyone reads it.

    Its recording starts when ``begin()`` is called (by the sink, when the coach starts talking);
    before that the room is silent. Started at creation, a busy machine could let "stop" be said
    before the coach had said a word, and there is then nothing to cut (seen once in CI)."""

    live = True

    def __init__(self, pcm: bytes) -> None:
        super().__init__(pcm)
        self._t0: float | None = None

    def begin(self) -> None:
        if self._t0 is None:
            self._t0 = time.monotonic()

    def read(self, n_bytes: int) -> bytes:
        n_bytes -= n_bytes % 2
        if self._t0 is None:
            time.sleep(n_bytes / 32000)
            return bytes(n_bytes)
        due = self._t0 + (self._pos + n_bytes) / 32000
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        return super().read(n_bytes)

    def start_listening(self) -> None:
        # a microphone keeps running while nobody listens: skip what was said meanwhile
        if self._t0 is None:
            return
        elapsed = int((time.monotonic() - self._t0) * 32000)
        self._pos = max(self._pos, elapsed - elapsed % 2)


class RealTimeSink(AudioSink):
    realtime = True

    def __init__(self, on_first_play=None) -> None:
        self.played_s = 0.0
        self.cut = 0
        self._on_first_play = on_first_play

    def play(self, chunk: AudioChunk, stop: threading.Event | None = None) -> bool:
        if self._on_first_play is not None:
            self._on_first_play()
            self._on_first_play = None
        step = 0.05
        t = 0.0
        while t < chunk.duration_s:
            if stop is not None and stop.is_set():
                self.cut += 1
                return False
            time.sleep(step)
            t += step
            self.played_s += step
        return True


def _walk_with_stop_at_2_s(speech_cache, silence_after_s: float):
    """A walk whose person says "stop" 2 s after the coach starts talking, however long the engines take
    to load: (the session's result, the sink, the session's stored events)."""
    speech = silence(2.0) + pcm16k(flite("stop", speech_cache)) + silence(silence_after_s)
    source = PacedSource(speech)
    listener = Listener(source, open_recognizer(EngineChoice("sphinx", None)), Settings().listen)
    sink = RealTimeSink(on_first_play=source.begin)
    store = Store.open()
    options = SessionOptions(mode="walk", scenario_id="cancelled-plans", barge_in=True, earcons=False)
    coach = Coach(listener=listener, synth=open_synthesizer(), sink=sink, store=store, settings=Settings(),
                  options=options)
    try:
        result = coach.run(exercise_for("walk"))
        return result, sink, store.get_session(result.session_id)["events"]
    finally:
        store.close()


def _stopped_by_barge_in(events) -> bool:
    return any(e["kind"] == "command" and e["name"] == "stop" and e["detail"] == "barge-in" for e in events)


def test_stop_while_the_coach_talks(speech_cache, voicecoach_home):
    result, sink, events = _walk_with_stop_at_2_s(speech_cache, 60.0)
    assert result.status == "stopped"
    assert sink.cut >= 1, "playback should have been cut short"
    assert _stopped_by_barge_in(events)
    # the welcome alone is ~8 s of speech; stopping came long before the prompts had played out
    assert sink.played_s < 8.0


def test_stop_said_while_the_listener_is_held_up_is_still_obeyed(speech_cache, voicecoach_home, monkeypatch):
    """The session's thread is held up (a busy machine) from the moment the coach starts talking
    until after the welcome has played out. "stop" was said over the welcome, so it is still a
    barge-in: the listener hears it from what the microphone captured meanwhile, by when it was
    captured, and the session stops before the next prompt. (Before, listening began only when the
    thread got to it, and ended at once because the coach had finished: "stop" was lost.)"""
    held = []
    listen = Listener.listen

    def held_up_once(self, *args, **kwargs):
        if not held:
            held.append(True)
            time.sleep(10.0)  # longer than the welcome plays; shorter than what the capture keeps
        return listen(self, *args, **kwargs)

    monkeypatch.setattr(Listener, "listen", held_up_once)
    result, sink, events = _walk_with_stop_at_2_s(speech_cache, 20.0)
    assert result.status == "stopped"
    assert _stopped_by_barge_in(events)
    # the welcome (~8 s) and "Stopping…": nothing of the scenario that comes next
    assert sink.played_s < 14.0
