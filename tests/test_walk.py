"""Hands-free walk mode through real audio: spoken voice commands, the virtual microphone and
speaker (ALSA file plugin), a real-time microphone, silence handling."""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import run_vc
from speech import answers_wav
from virtual_audio import RealTimeFeeder, VirtualAudio

pytestmark = [pytest.mark.needs_speech_tools, pytest.mark.slow]

STATEMENT = "When you cancelled our dinner at the last minute again, I felt like I don't matter to you."
REFLECTION = ("what i heard you say is that when i cancelled our dinner at the last minute "
              "you felt like you do not matter to me")


def _history(vc_bin):
    return json.loads(run_vc(vc_bin, "history", "--json").stdout)


def _commands(session):
    return [e["name"] for e in session["events"] if e["kind"] == "command"]


def test_walk_wav_say_that_again_and_stop(vc_bin, tmp_path, speech_cache):
    wav = answers_wav(["i think it was a misunderstanding", "say that again", REFLECTION, "stop"],
                      tmp_path / "walk.wav", speech_cache)
    res = run_vc(vc_bin, "walk", "--scenario", "cancelled-plans", "--input", str(wav), "--engine", "sphinx",
                 "--output", str(tmp_path / "coach.wav"))
    assert res.returncode == 0, res.stderr
    # "say that again" at the reflection step: the other person's words are played again
    assert res.stderr.count(f"them: {STATEMENT}") == 2, res.stderr
    s = _history(vc_bin)[0]
    assert _commands(s) == ["repeat", "stop"]
    assert s["status"] == "stopped" and s["ended_at"]
    assert [t["step"] for t in s["turns"]] == ["root", "reflection"]
    assert "dinner" in s["turns"][1]["text"]
    # commands are not stored as answers
    assert not any("again" == t["text"] or t["text"] == "stop" for t in s["turns"])


def test_answer_containing_a_command_word_is_an_answer(vc_bin, tmp_path, speech_cache):
    wav = answers_wav(["i will stop shouting when we argue", "stop"], tmp_path / "w.wav", speech_cache)
    res = run_vc(vc_bin, "walk", "--scenario", "raised-voice", "--input", str(wav), "--engine", "sphinx",
                 "--output", str(tmp_path / "o.wav"))
    assert res.returncode == 0, res.stderr
    s = _history(vc_bin)[0]
    assert s["turns"][0]["step"] == "root" and "shouting" in s["turns"][0]["text"]
    assert _commands(s) == ["stop"]


def test_play_my_commitments_by_voice(vc_bin, tmp_path, speech_cache):
    typed = "\n".join([
        "It was a misunderstanding.",
        "What I heard you say is that when I cancelled our dinner at the last minute again, you felt like you don't matter to me.",
        "I cancelled at the last minute and I see it made you feel you come last.",
        "It makes sense that you feel unimportant.",
        "Next time I will tell you about any change at least one day before.",
        "yes",
        "I need calm.",
    ]) + "\n"
    assert run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--text", "--output",
                  str(tmp_path / "a.wav"), input=typed).returncode == 0
    wav = answers_wav(["play my commitments", "stop"], tmp_path / "w.wav", speech_cache)
    res = run_vc(vc_bin, "walk", "--scenario", "phone-at-dinner", "--input", str(wav), "--engine", "sphinx",
                 "--output", str(tmp_path / "o.wav"))
    assert res.returncode == 0, res.stderr
    assert "coach: I will tell you about any change at least one day before." in res.stderr
    assert _commands(_history(vc_bin)[-1]) == ["commitments", "stop"]


def test_help_slower_and_silence_reprompt_then_pause(vc_bin, tmp_path, speech_cache):
    # help, slower; then 14 s of silence (re-prompt), 14 s more (pause), "continue", then "stop"
    wav = answers_wav(["help", "slower", "continue", "stop"], tmp_path / "w.wav", speech_cache,
                      gap_s=2.0)
    from speech import pcm16k, silence
    from voicecoach.audio.wavio import write_wav

    parts = pcm16k(wav)
    # insert the long silences before "continue": find it by re-synthesising the pieces
    pieces = [answers_wav([t], tmp_path / f"p{i}.wav", speech_cache, lead_s=0.5, gap_s=2.0, tail_s=0.0)
              for i, t in enumerate(["help", "slower", "continue", "stop"])]
    pcm = b"".join(pcm16k(p) for p in pieces[:2]) + silence(28.0) + b"".join(pcm16k(p) for p in pieces[2:]) + silence(3)
    write_wav(tmp_path / "long.wav", pcm, 16000, private=False)
    assert parts  # the plain file was built too
    res = run_vc(vc_bin, "walk", "--scenario", "raised-voice", "--input", str(tmp_path / "long.wav"), "--engine",
                 "sphinx", "--output", str(tmp_path / "o.wav"))
    assert res.returncode == 0, res.stderr
    s = _history(vc_bin)[0]
    kinds = [(e["kind"], e["name"]) for e in s["events"]]
    assert ("command", "help") in kinds and ("command", "slower") in kinds
    assert ("silence", "reprompt") in kinds and ("silence", "pause") in kinds
    assert ("command", "continue") in kinds and ("command", "stop") in kinds
    assert "You can say" in res.stderr  # the help text was spoken


def test_walk_through_virtual_microphone_and_speaker(vc_bin, tmp_path, speech_cache):
    audio = VirtualAudio(tmp_path / "alsa")
    wav = answers_wav(["i think it was a misunderstanding", "say that again", "stop"], tmp_path / "mic.wav",
                      speech_cache)
    audio.load_mic(wav, tail_s=60)
    # this virtual microphone is read as fast as the program reads, not in real time, so listening
    # while the coach talks (barge-in) would hear the whole file at once: it is off here, and the
    # real-time test below runs with it on
    res = run_vc(vc_bin, "walk", "--scenario", "cancelled-plans", "--engine", "sphinx", "--no-barge-in",
                 env=audio.env(), timeout=240)
    assert res.returncode == 0, res.stderr
    for noise in ("ALSA lib", "jack", "JackShm", "Cannot connect to server"):
        assert noise not in res.stderr and noise not in res.stdout
    assert res.stderr.count(f"them: {STATEMENT}") == 2
    s = _history(vc_bin)[0]
    assert _commands(s) == ["repeat", "stop"] and s["status"] == "stopped"
    assert s["turns"][0]["step"] == "root" and "misunderst" in s["turns"][0]["text"]
    # everything the coach said reached the (virtual) speaker: tens of seconds of speech and earcons
    assert audio.speaker_seconds() > 20


def test_real_time_microphone_nothing_of_the_coach_is_heard(vc_bin, tmp_path, speech_cache):
    """The user's answers arrive at real-time pace through a FIFO; the coach speaks to the virtual
    speaker meanwhile. Nothing the coach says may turn up in what is heard as the user."""
    audio = VirtualAudio(tmp_path / "alsa")
    wav = answers_wav(["i think it was a misunderstanding", "stop"], tmp_path / "mic.wav", speech_cache,
                      lead_s=0.5, gap_s=2.0, tail_s=1.0)
    feeder = RealTimeFeeder(audio, wav, tail_s=90).start()
    try:
        env = dict(audio.env())
        # the answers start 0.5 s in, over the coach's welcome: with barge-in on, words said over
        # the coach count only as commands (they may be its own voice through the speakers), so
        # this test of the plain turn-taking path runs without it (tests/test_barge_in.py has it)
        proc = subprocess.run([*vc_bin, "walk", "--scenario", "cancelled-plans", "--engine", "sphinx",
                               "--no-barge-in"],
                              env={**__import__("os").environ, **env}, capture_output=True, text=True, timeout=240)
    finally:
        feeder.stop()
    assert proc.returncode == 0, proc.stderr
    s = _history(vc_bin)[0]
    heard = " ".join(t["text"] for t in s["turns"])
    # the words themselves vary run to run here (the FIFO feed through ALSA's file plugin arrives in
    # uneven pieces); what matters is that the answer was heard as one turn and nothing else was
    assert [t["step"] for t in s["turns"]] == ["root"] and heard.strip()
    for coach_word in ("welcome", "practise", "reminder", "dynamic", "reflect"):
        assert coach_word not in heard
    assert _commands(s) == ["stop"]


def test_headset_rate_and_stereo_through_the_virtual_microphone(tmp_path, speech_cache):
    """A Bluetooth-style device: 48 kHz stereo in, 16 kHz mono to the recogniser."""
    import os
    import subprocess

    from voicecoach.audio.format import float_to_pcm16, resample
    from voicecoach.audio.wavio import read_wav

    audio = VirtualAudio(tmp_path / "alsa")
    wav = answers_wav(["say that again"], tmp_path / "mic.wav", speech_cache)
    samples, rate = read_wav(wav)
    mono = float_to_pcm16(resample(samples, rate, 48000)) + b"\x00\x00" * 48000 * 30
    stereo = bytearray()
    for i in range(0, len(mono), 2):
        stereo += mono[i : i + 2] * 2  # same sample on both channels, interleaved
    audio.mic.write_bytes(bytes(stereo))
    audio.write_conf()
    code = (
        "from voicecoach.audio.sources import MicSource\n"
        "from voicecoach.audio.listener import Listener\n"
        "from voicecoach.asr import EngineChoice, open_recognizer\n"
        "m = MicSource('default', rate_hz=48000, channels=2)\n"
        "print(m.description)\n"
        "print(Listener(m, open_recognizer(EngineChoice('sphinx', None))).listen().text)\n"
    )
    import sys

    res = subprocess.run([sys.executable, "-c", code], env={**os.environ, **audio.env()}, capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    description, text = res.stdout.strip().splitlines()
    assert "48000 Hz, 2 ch" in description
    assert text == "say that again"
    assert "ALSA lib" not in res.stderr


def test_a_walk_in_light_steady_noise_keeps_answers_apart(vc_bin, tmp_path, speech_cache):
    # exploratory testing, stop 43: a walk (noise suppression level 2) read a file's gaps of light brown noise
    # raw while the turn was heard suppressed, took the noise for the answer going on, and joined every
    # answer to the next; practice kept them apart
    from speech import add_noise, pcm16k
    from voicecoach.audio.wavio import write_wav

    wav = answers_wav(["it was a misunderstanding i meant to say that i was exhausted", REFLECTION,
                       "i shut down and cancelled without calling you", "stop"],
                      tmp_path / "clean.wav", speech_cache, gap_s=2.5)
    noisy = write_wav(tmp_path / "noisy.wav", add_noise(pcm16k(wav), 30, kind="brown"), 16000, private=False)
    res = run_vc(vc_bin, "walk", "--scenario", "cancelled-plans", "--input", str(noisy), "--engine", "sphinx",
                 "--output", "none")
    assert res.returncode == 0, res.stderr
    turns = _history(vc_bin)[0]["turns"]
    assert [t["step"] for t in turns][:3] == ["root", "reflection", "own_part"], turns
    assert "dinner" not in turns[0]["text"] and "shut" not in turns[1]["text"], [t["text"] for t in turns]
