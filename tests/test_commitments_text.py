"""Commitments as text: cleaning the answer at the "what will you do differently" step, and
finding commitments said anywhere in a session. Real phrasing, typed and recogniser-style."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voicecoach.coach.commitments import clean_commitment, extract_commitments

CLEAN_CASES = [
    # (spoken answer, expected clean commitment)
    ("um next time i'll tell you about any change at least a day before",
     "I will tell you about any change at least a day before."),
    ("I'm going to call you when I'm running late", "I will call you when I'm running late."),
    ("im going to call you when im running late", "I will call you when I'm running late."),
    ("next time I'd take a breath before answering", "I will take a breath before answering."),
    ("next time i would take a breath before answering", "I will take a breath before answering."),
    ("I won't raise my voice", "I will not raise my voice."),
    ("i wont raise my voice", "I will not raise my voice."),
    ("i'm not going to interrupt you", "I will not interrupt you."),
    # a hedge is read back as said (exploratory testing, stop 43: "I'll try to be better" became a promise)
    ("I'll try to listen more", "I will try to listen more."),
    ("I'll try not to yell", "I will try not to yell."),
    ("I'll try to be better", "I will try to be better."),
    ("I'll try to like your friends more", "I will try to like your friends more."),
    ("i'm gonna put my phone away at dinner", "I will put my phone away at dinner."),
    ("uh so like i'll you know put my phone away at dinner", "I will put my phone away at dinner."),
    ("I commit to listening before I answer", "I will listen before I answer."),
    ("i promise to be home by seven", "I will be home by seven."),
    ("I promise I'll be home by seven", "I will be home by seven."),
    ("I promise never to read your messages again", "I will never read your messages again."),
    ("I won't ever do that again", "I will never do that again."),
    ("i want to check my calendar before saying yes", "I will check my calendar before saying yes."),
    ("I think I should check my calendar before saying yes", "I will check my calendar before saying yes."),
    ("well i'd like to plan one evening a week just for us", "I will plan one evening a week just for us."),
    ("from now on I will ask before I buy anything big", "I will ask before I buy anything big."),
    ("I'll let you know by friday", "I will let you know by Friday."),
    ("when we argue i'll take a break and come back in twenty minutes",
     "When we argue, I will take a break and come back in twenty minutes."),
    ("next time you're upset i'm gonna ask what you need",
     "Next time you're upset, I will ask what you need."),
    ("I don't know, maybe I'll listen more", "I will listen more."),
    ("i don't want to yell anymore", "I will not yell anymore."),
    ("listen without interrupting", "I will listen without interrupting."),
    ("stop checking my phone when you talk", "I will stop checking my phone when you talk."),
    ("not raise my voice", "I will not raise my voice."),
    ("to listen first", "I will listen first."),
    ("we will talk every sunday evening", "We will talk every Sunday evening."),
    ("I'll do better", "I will do better."),
    ("I'll never cancel at the last minute again", "I will never cancel at the last minute again."),
    ("i'll make sure to tell you first", "I will make sure to tell you first."),
    ("Next time, I'll tell you before I say yes to the client.",
     "I will tell you before I say yes to the client."),
    ("I messed up. Next time I'll check in with you first!", "I will check in with you first."),
    ("i'm going to the gym more often", "I will go to the gym more often."),
    ("i'll like call you first", "I will call you first."),
    ("i will you know listen more you know", "I will listen more."),
    ("i'm going to try to like slow down", "I will try to slow down."),
]

CLEAN_NONE = [
    "",
    "   ",
    "um",
    "uh um hmm",
    "i don't know",
    "I dont know",
    "um i don't know",
    "not sure",
    "nothing",
    "I will",
    "I'll do something",
    "I would have called you",
    "you should give me more notice",
    "I was late because of the traffic",
    "I feel bad about it",
    "I'll be honest",
    "more patience",
]


@pytest.mark.parametrize(("spoken", "expected"), CLEAN_CASES)
def test_clean_commitment(spoken: str, expected: str) -> None:
    assert clean_commitment(spoken) == expected


@pytest.mark.parametrize("spoken", CLEAN_NONE)
def test_clean_commitment_none(spoken: str) -> None:
    assert clean_commitment(spoken) is None


EXTRACT_CASES = [
    ("next time I'll call you before I cancel", ["I will call you before I cancel."]),
    ("I'm going to listen without interrupting", ["I will listen without interrupting."]),
    ("i commit to being on time", ["I will be on time."]),
    ("I'm going to be more patient with you", ["I will be more patient with you."]),
    ("From now on I will ask before I spend more than fifty dollars.",
     ["I will ask before I spend more than fifty dollars."]),
    ("i promise i'll put my phone away at dinner", ["I will put my phone away at dinner."]),
    ("I won't raise my voice", ["I will not raise my voice."]),
    ("i'm not gonna walk out in the middle of a fight", ["I will not walk out in the middle of a fight."]),
    # unpunctuated recogniser text: split at each cue and where something else starts
    ("i'm sorry next time i'll call and i'll be on time but you always yell",
     ["I will call.", "I will be on time."]),
    ("i commit to being on time and i promise not to shout i think you will see",
     ["I will be on time.", "I will not shout."]),
    ("what i heard you say is that you felt ignored and i won't look at my phone at dinner anymore",
     ["I will not look at my phone at dinner anymore."]),
    ("I feel awful. From now on I will text you if I'm late. I'm going to the shop now.",
     ["I will text you if I'm late."]),
    # "will" in other senses, and phrases that only look like commitments
    ("you will see it will rain", []),
    ("I'll be honest, that really hurt", []),
    ("i'm going to the shop", []),
    ("I'll admit I was tired", []),
    ("I would have called you", []),
    ("she will never understand", []),
    ("my will is strong", []),
    ("I want to feel safe when we argue", []),
    ("I need you to tell me earlier", []),
    ("", []),
]


@pytest.mark.parametrize(("said", "expected"), EXTRACT_CASES)
def test_extract_commitments(said: str, expected: list[str]) -> None:
    assert extract_commitments(said) == expected


def test_extract_dedupes_repeats() -> None:
    said = "I'll call you first. I really mean it. I'll call you first."
    assert extract_commitments(said) == ["I will call you first."]


def test_content_words_survive_verbatim() -> None:
    spoken = "next time i'll tell you about any change at least a day before"
    out = clean_commitment(spoken)
    assert out is not None
    assert "tell you about any change at least a day before" in out


def _well_formed(result: object) -> bool:
    return isinstance(result, str) and len(result) > 1 and result.endswith(".") and result == result.strip()


_SPOKENISH = st.lists(
    st.sampled_from([
        "i", "i'll", "will", "won't", "not", "next", "time", "promise", "to", "never", "ever", "going",
        "gonna", "i'm", "um", "like", "you", "know", "try", "commit", "we", "let's", "the", "call",
        "ill", "would", "i'd", "have", "that", "again", "from", "now", "on", ",", ".", "é", "😀", "’",
    ]),
    max_size=30,
).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=400), _SPOKENISH))
def test_never_crashes_and_is_well_formed(text: str) -> None:
    result = clean_commitment(text)
    assert result is None or _well_formed(result)
    found = extract_commitments(text)
    assert isinstance(found, list)
    assert all(_well_formed(r) for r in found)


def test_long_and_odd_input() -> None:
    long = "i'll call you when i'm late " * 400  # ~11k characters
    assert len(long) > 10_000
    assert clean_commitment(long) is not None
    found = extract_commitments(long)
    assert found == ["I will call you when I'm late."]
    for odd in ["😀😀😀", "\x00\x01", "I’ll ring you first 😀", "ÉCOUTER", "...", "'", "i'll ,,, ."]:
        r = clean_commitment(odd)
        assert r is None or _well_formed(r)
    assert clean_commitment("I’ll ring you first 😀") == "I will ring you first."


def test_the_verb_after_i_will_is_not_capitalised() -> None:
    # exploratory testing, stop 42: "Pause and listen." was saved as "I will Pause and listen."
    assert clean_commitment("Pause and listen.") == "I will pause and listen."
    assert clean_commitment("Next time I will Tell you earlier") == "I will tell you earlier."
    assert clean_commitment("I will call Sam on Monday.") == "I will call Sam on Monday."


def test_letting_them_finish_is_a_commitment():
    # exploratory testing, stop 43: "I will let you finish before I speak in meetings." was refused as not specific
    assert clean_commitment("I will let you finish before I speak in meetings.") == \
        "I will let you finish before I speak in meetings."


@pytest.mark.parametrize("need", ["I need to be heard too.", "I want to be respected."])
def test_a_need_is_not_a_commitment(need):
    # exploratory testing, stop 43: "I need to be heard too." was saved as "I will be heard too."
    assert clean_commitment(need) is None
