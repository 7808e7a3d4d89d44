"""Resume without loss: the person goes on after the coach began its reply; the coach stops at once
and the whole answer is judged as one (real speech, real PocketSphinx, real-time microphones).

1. In process: a real-time paced microphone and a speaker that takes as long as the sound, so
   the coach really is talking when the person goes on (``tests/test_barge_in.py`` does the same
   for "stop").
2. Through the CLI: ``voicecoach walk`` on the virtual ALSA microphone fed in real time through a
   FIFO (``tests/virtual_audio.py``); the virtual speaker plays instantly, so this is the case of
   a reply shorter than the resume window: the coach keeps listening until the window closes. The
   pause is 1.2 s, past every window of a finished or undecided ending, so the turn has ended
   before the person goes on unless the recogniser heard the pause as unfinished; either way the
   answer must come out whole, as one turn.
3. From a file (``--input``): the answer goes on after a pause that first looked like its end.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from conftest import run_vc
from speech import answers_wav, flite, pcm16k, silence
from test_barge_in import PacedSource, RealTimeSink
from virtual_audio import RealTimeFeeder, VirtualAudio
from voicecoach.asr import EngineChoice, open_recognizer
from voicecoach.audio.listener import Listener
from voicecoach.config import Settings
from voicecoach.session import Coach, SessionOptions
from voicecoach.store import Store
from voicecoach.tts import open_synthesizer

pytestmark = [pytest.mark.needs_speech_tools, pytest.mark.slow]

FIRST = "i was late again"
MORE = "and i did not even say sorry"
REPLY = ("Thank you for naming what you did. Now say how it landed for them, starting with: "
         "I see how that sounded like.")


def test_going_on_over_the_reply_stops_the_coach_and_joins_the_turn(speech_cache, voicecoach_home):
    first = pcm16k(flite(FIRST, speech_cache))
    more = pcm16k(flite(MORE, speech_cache))
    synth = open_synthesizer()
    recognizer = open_recognizer(EngineChoice("sphinx", None))
    # the prompt plays for about a second; the answer starts 4 s after it begins, its second half ~1.1 s after the
    # first ends (0.45 s: end of turn; ~0.2 s: the reply starts; the person goes on ~0.4 s into it)
    mic = PacedSource(silence(4.0) + first + silence(0.7) + more + silence(30.0))
    listener = Listener(mic, recognizer, Settings().listen)
    sink = RealTimeSink(on_first_play=mic.begin)
    store = Store.open()
    replies: list[str] = []

    def exercise(coach: Coach) -> None:
        coach.session_id = store.start_session(mode="walk")

        def judge(heard):
            replies.append(heard.text)
            coach.turn("own_part", heard.text, heard=heard)
            coach.say(REPLY)

        coach.respond(coach.ask("Tell me.", kind="answer"), judge)

    coach = Coach(listener=listener, synth=synth, sink=sink, store=store, settings=Settings(),
                  options=SessionOptions(mode="walk", barge_in=True, earcons=False))
    result = coach.run(exercise)
    session = store.get_session(result.session_id)
    store.close()
    assert len(replies) == 2, replies  # judged twice: the first part, then the whole answer
    assert "late" in replies[0] and "sorry" not in replies[0]
    assert sink.cut >= 1, "the coach should have stopped talking at once"
    turns = session["turns"]
    assert len(turns) == 1, turns  # one answer, stored once (the first part's row was updated)
    text = turns[0]["text"]
    assert "late" in text and "sorry" in text, text
    timing = turns[0]["timing"]
    assert timing["resumed"] is True and timing["end_of_turn_ms"] > 0 and timing["reply_ms"] is not None
    assert any(e["kind"] == "turn" and e["name"] == "resumed" for e in session["events"])
    assert [m["resumed"] for m in coach.metrics.turns] == [False, True]
    assert coach.metrics.turns[0].get("superseded")


def test_walk_on_the_real_time_virtual_microphone_resumes(vc_bin, tmp_path, speech_cache):
    audio = VirtualAudio(tmp_path / "alsa")
    wav = answers_wav([f"{FIRST} | {MORE}", "stop"], tmp_path / "mic.wav", speech_cache, lead_s=6.0, gap_s=10.0,
                      tail_s=1.0, pauses={0: 1.2})
    feeder = RealTimeFeeder(audio, wav, tail_s=90).start()
    try:
        proc = subprocess.run([*vc_bin, "walk", "--scenario", "cancelled-plans", "--engine", "sphinx", "--no-earcons"],
                              env={**os.environ, **audio.env()}, capture_output=True, text=True, timeout=240)
    finally:
        feeder.stop()
    assert proc.returncode == 0, proc.stderr
    s = json.loads(run_vc(vc_bin, "history", "--json").stdout)[0]
    root = [t for t in s["turns"] if t["step"] == "root"]
    assert len(root) == 1, s["turns"]
    # the words vary with the FIFO's uneven delivery (in a full suite run once: "i was late again and i can i
    # get and as a salary i" for "…and I did not even say sorry"); both halves must be in the one turn: the
    # first half's words, and the second half's words or at least as many words again after it
    words = root[0]["text"].split()
    second = {"sorry", "even", "say", "did"} & set(words) or len(words) >= len(FIRST.split()) + 3
    assert {"late", "again"} & set(words) and second, (root, proc.stderr)
    # Whether the turn ended in the pause and was then resumed depends on what the streamed recogniser made of
    # the pause over the FIFO: now and then it hears a trailing "i" or "and" there ("late again i"), an
    # unfinished ending the coach rightly waits out, and the answer is one turn without a resume. Either way
    # nothing may be lost or split (above), and the flag and the event must agree. The resume itself is
    # checked deterministically in process (the first test) and from a file (the last).
    resumed = any(e["kind"] == "turn" and e["name"] == "resumed" for e in s["events"])
    assert root[0]["timing"]["resumed"] is resumed, (root, s["events"])
    assert [e["name"] for e in s["events"] if e["kind"] == "command"] == ["stop"]


def test_a_file_answer_that_goes_on_after_a_finished_clause_is_one_turn(vc_bin, tmp_path, speech_cache):
    wav = answers_wav([f"{FIRST} | {MORE}", "stop"], tmp_path / "a.wav", speech_cache, pauses={0: 0.7})
    res = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--input", str(wav), "--engine", "sphinx",
                 "--output", str(tmp_path / "o.wav"))
    assert res.returncode == 0, res.stderr
    s = json.loads(run_vc(vc_bin, "history", "--json").stdout)[0]
    assert [t["step"] for t in s["turns"]] == ["root"], s["turns"]
    assert "sorry" in s["turns"][0]["text"] and s["turns"][0]["timing"]["resumed"] is True
    assert any(e["kind"] == "turn" and e["name"] == "resumed" for e in s["events"])
