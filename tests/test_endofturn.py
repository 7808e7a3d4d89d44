"""The end-of-turn policy's reading of the words and the voice (pure logic; the word lists are
voicecoach/data/turn_taking.toml)."""

from __future__ import annotations

import numpy as np
import pytest

from voicecoach.audio.prosody import Prosody, ProsodyTracker, frame_pitch
from voicecoach.coach.endofturn import FINISHED, UNFINISHED, UNKNOWN, TurnPolicy, text_ending
from voicecoach.config import ListenSettings

UNFINISHED_ENDINGS = [
    "i felt", "because", "i was tired because", "i was staring at the", "i forgot my", "i forgot to",
    "when i", "um", "so um", "what i heard you say is", "okay so what i heard you say is",
    "i was late again and", "you felt like", "i made a joke about", "i need a bit of", "you feel alone with the",
    "so you are saying", "you are telling me that", "if i got it right", "when we start yelling",
    "from now on", "every sunday evening", "what i hear is that", "it makes sense that", "the dishes are not",
    "i want to", "that you felt hurt and", "it made you",
]
FINISHED_ENDINGS = [
    "you felt ignored when i cancelled our plans", "i was late again and i did not even say sorry",
    "i interrupted you", "it makes sense that you feel that way", "anyone would be hurt by that",
    "i think so", "i am sorry for that", "and then i will say what i heard", "i need us to talk calmly",
    "next time i will call you before i change our plans", "you felt like you do not matter to me",
    "say that again", "how am i doing",
]


@pytest.mark.parametrize("text", UNFINISHED_ENDINGS)
def test_unfinished(text):
    assert text_ending(text).kind == UNFINISHED, text_ending(text)


@pytest.mark.parametrize("text", FINISHED_ENDINGS)
def test_finished(text):
    assert text_ending(text).kind == FINISHED, text_ending(text)


def test_unknown_without_a_clause():
    assert text_ending("more patience").kind == UNKNOWN
    assert text_ending("").kind == UNKNOWN


def test_yes_no_and_short_answers():
    assert text_ending("yes i did", "yesno").kind == FINISHED
    assert text_ending("no", "yesno").kind == FINISHED
    assert text_ending("i will", "yesno").kind == FINISHED
    assert text_ending("next time i will").kind == UNFINISHED


def test_windows_follow_words_voice_and_step():
    ls = ListenSettings()
    policy = TurnPolicy(ls)
    final = Prosody(2.0, -2.0, -8.0, 0.3)
    rising = Prosody(2.0, 2.5, 0.0, 0.3)
    assert policy.decide("answer", "i was late again").window_s == ls.end_finished_s
    assert policy.decide("answer", "i was late again", final).window_s == ls.end_finished_final_s
    assert policy.decide("answer", "i was late again", rising).window_s == ls.end_finished_continuing_s
    assert policy.decide("yesno", "yes").window_s == ls.end_yesno_s
    assert policy.decide("reflection", "you felt", rising).window_s == ls.end_unfinished_s >= 2.0
    # a last function word with a voice that clearly ended: most often a misheard last word
    assert policy.decide("answer", "i need a bit of quiet time before we", final).window_s == ls.end_unfinished_final_s
    # …but an opening or a hesitation always waits
    assert policy.decide("reflection", "what i heard you say is", final).window_s == ls.end_unfinished_s
    assert policy.decide("answer", "i think um", final).window_s == ls.end_unfinished_s
    assert ls.end_yesno_s < ls.end_finished_s <= 0.5 < ls.end_unknown_s < ls.end_unfinished_s


def test_pitch_of_a_steady_voice():
    t = np.arange(960) / 16000
    for f0 in (90.0, 150.0, 220.0):
        x = (np.sin(2 * np.pi * f0 * t) + 0.5 * np.sin(2 * np.pi * 2 * f0 * t)).astype(np.float32) * 0.3
        assert frame_pitch(x[480:], x[:480]) == pytest.approx(f0, rel=0.05)
    assert frame_pitch(np.zeros(480, np.float32)) is None
    noise = np.random.default_rng(1).standard_normal(480).astype(np.float32) * 0.1
    assert frame_pitch(noise) is None


def _voice(f0s, levels_db) -> ProsodyTracker:
    tracker = ProsodyTracker()
    t = np.arange(480) / 16000
    phase = 0.0
    for f0, db in zip(f0s, levels_db):
        x = np.sin(2 * np.pi * f0 * t + phase) * 10 ** (db / 20)
        phase += 2 * np.pi * f0 * 480 / 16000
        tracker.push((x * 32767).astype("<i2").tobytes(), True)
    return tracker


def test_a_falling_fading_voice_is_final_and_a_rising_one_goes_on():
    n = 60
    falling = _voice([150] * (n - 6) + [140, 135, 130, 125, 120, 118], [-20] * (n - 6) + [-26] * 6)
    assert falling.summary().verdict == "final"
    rising = _voice([150] * (n - 6) + [165, 170, 175, 180, 182, 185], [-20] * n)
    assert rising.summary().verdict == "continuing"
    assert _voice([150] * 5, [-20] * 5).summary().verdict == "neutral"  # too little to tell
