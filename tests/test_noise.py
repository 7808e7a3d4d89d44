"""Street-like noise (sox brown + pink) through the real listening pipeline, and memory over a
simulated 30-minute walk. A small version of scripts/eval_noise.py; bounds are what it measured
(see the constants), with some slack for a different machine's sox/flite build.
"""

from __future__ import annotations

import statistics

import numpy as np
import pytest

from speech import load_script
from voicecoach.asr import EngineChoice, open_recognizer

pytestmark = [pytest.mark.needs_speech_tools, pytest.mark.slow]



en = load_script("eval_noise")

ANSWERS = [en.PHRASES[1], en.PHRASES[4], en.PHRASES[5]]
COMMANDS = ["say that again", "stop", "play my commitments", "pause", "help"]
WER_20DB_LIVE = 0.30
"""Measured on these three answers at 20 dB, live path: 0.19 (all 7 answers: 0.17; the script's table)."""
COMMANDS_15DB_MIN = 4
"""Measured: 5 of these 5 commands recognised at 15 dB on the live path."""
MEMORY_GROWTH_MB = 20.0


@pytest.fixture(scope="module")
def sphinx():
    return open_recognizer(EngineChoice("sphinx", None))


def test_street_noise_is_at_the_asked_snr(speech_cache):
    x = np.frombuffer(en.spoken(ANSWERS[0], speech_cache), "<i2") // 4  # no clipping once mixed
    speech = x.astype("<i2").tobytes()
    mixed = en.mix_noise(speech, 15.0, en.active_rms(speech), cache=speech_cache)
    noise = np.frombuffer(mixed, "<i2").astype(float) - np.frombuffer(speech, "<i2").astype(float)
    assert 20 * np.log10(en.active_rms(speech) / np.sqrt(np.mean(noise**2))) == pytest.approx(15.0, abs=1.0)
    # (the level is the noise's long-term RMS; over a 3 s stretch brown noise wanders ~0.5 dB)


def test_answers_at_20_db_through_the_live_path(sphinx, speech_cache):
    rows = [en.hear_phrase(sphinx, p, 20.0, True, speech_cache, i) for i, p in enumerate(ANSWERS)]
    assert all(r["detected"] for r in rows)
    assert statistics.mean(r["wer"] for r in rows) <= WER_20DB_LIVE, [r["text"] for r in rows]
    assert not any(r["command"] for r in rows)  # an answer is never taken for a command


def test_commands_at_15_db_through_the_live_path(sphinx, speech_cache):
    rows = [en.hear_phrase(sphinx, p, 15.0, True, speech_cache, i) for i, p in enumerate(COMMANDS)]
    ok = [r["command"] == r["expected_command"] for r in rows]
    assert sum(ok) >= COMMANDS_15DB_MIN, [(r["phrase"], r["text"], r["command"]) for r in rows]
    # a wrong command is worse than none: "stop" is never taken for another command or vice versa
    assert all(r["command"] in (None, r["expected_command"]) for r in rows)


@pytest.mark.parametrize("snr", [20.0, 10.0])
def test_no_false_starts_on_30_s_of_street_noise_live(sphinx, speech_cache, snr):
    """Live path (calibrated at the start, suppression on): measured 0 at the 20, 15 and 10 dB levels."""
    speech_rms = statistics.median(en.active_rms(en.spoken(p, speech_cache)) for p in ANSWERS)
    fs = en.false_starts(sphinx, speech_rms / 10 ** (snr / 20), 30.0, True, speech_cache, offset=int(snr) * 1000)
    assert fs["started"] == 0, fs


def test_noisy_file_input_starts_at_most_once_before_the_floor_is_learnt(sphinx, speech_cache):
    """A file is not calibrated: measured 1 start at the very beginning, then none (20/15/10 dB)."""
    speech_rms = statistics.median(en.active_rms(en.spoken(p, speech_cache)) for p in ANSWERS)
    fs = en.false_starts(sphinx, speech_rms / 10, 30.0, False, speech_cache, offset=20000)
    assert fs["started"] <= 1, fs


def test_a_street_that_gets_louder_starts_at_most_one_turn(speech_cache):
    """20 dB below speech for 15 s, then 10 dB below: one false start at the step (measured 1 in 8 of
    8 noise segments), then the floor has followed the noise and no more."""
    speech_rms = statistics.median(en.active_rms(en.spoken(p, speech_cache)) for p in ANSWERS)
    fs = en.false_starts(en.NullRecognizer(), speech_rms / 10, 30.0, True, speech_cache, offset=777,
                         step_to_rms=speech_rms / 10**0.5)
    assert fs["started"] <= 1, fs
    assert fs["floor_dbfs"] > -50, fs  # the floor moved up with the louder street


def test_memory_bounded_over_a_simulated_30_minute_walk(sphinx, speech_cache):
    """30 minutes of quiet street noise with an answer every 3 minutes, one Listener, fast.
    Measured (script, an answer a minute): +0.2 MB RSS after warm-up."""
    w = en.walk_memory(sphinx, speech_cache, minutes=30, every_s=180, phrases=ANSWERS + ["say that again"])
    assert w["turns"] >= 9
    # the recogniser only ran on speech (voice-activity gating): well under a tenth of the frames
    assert w["frames_decoded"] < w["frames_read"] / 10
    assert w["peak_growth_mb"] < MEMORY_GROWTH_MB, w


@pytest.mark.needs_speech_tools
@pytest.mark.slow
def test_answers_in_steady_pink_noise_still_end(vc_bin, tmp_path, speech_cache):
    # exploratory testing, stop 42: in pink noise at 15 dB SNR webrtcvad heard speech in every pause, the
    # noise floor (learnt only between turns) was never set, and the whole session became one answer
    import wave

    from conftest import run_vc
    from speech import add_noise, answers_wav

    from voicecoach.audio.wavio import write_wav

    answers = ["i think it was a misunderstanding about the plans",
               "what i heard you say is that you felt like you do not matter to me",
               "i cancelled at the last minute and i did not call you",
               "stop"]
    clean = answers_wav(answers, tmp_path / "clean.wav", speech_cache, gap_s=2.0)
    with wave.open(str(clean)) as w:
        pcm = w.readframes(w.getnframes())
    noisy = write_wav(tmp_path / "pink.wav", add_noise(pcm, 15.0, seed=3, kind="pink"), 16000, private=False)
    res = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--input", str(noisy), "--engine", "sphinx",
                 "--output", "none")
    assert res.returncode == 0, res.stderr
    heard = [line for line in res.stderr.splitlines() if line.startswith("you:")]
    assert len(heard) >= 3, heard  # the root, the reflection and the own part apart, not one long turn
