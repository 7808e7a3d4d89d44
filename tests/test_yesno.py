"""Yes / no / partly from short spoken answers, typed or straight from a recogniser."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voicecoach.coach.yesno import NO, PARTLY, YES, parse_answer

YES_CASES = [
    "yes", "Yes.", "YES!", "yeah", "yep", "yup", "sure", "sure thing", "that's right", "thats right",
    "that is right", "please do", "save it", "correct", "absolutely", "definitely", "of course",
    "okay", "ok", "alright", "go ahead", "uh huh", "mhm", "i did", "I did it", "i think so",
    "I guess so", "um yes", "well yeah", "uh yeah save it", "yes please", "yes yes", "right",
    "fine thanks", "i did it on tuesday", "yes i kept it every day this week", "that's it",
    "exactly", "you got it", "keep it", "i followed through",
]
NO_CASES = [
    "no", "No.", "nope", "nah", "not really", "don't", "dont", "do not", "not yet", "no thanks",
    "no thank you", "not at all", "absolutely not", "definitely not", "of course not",
    "i didn't", "i didnt", "I did not", "i haven't", "i don't think so", "i guess not",
    "please don't", "don't save it", "no no no", "uh no", "so no", "never", "i forgot",
    "no there is no way i could do that", "nope i completely forgot about it all week long",
    "forget it", "not this time", "that's wrong",
]
PARTLY_CASES = [
    "partly", "partially", "sort of", "sorta", "kind of", "kinda", "a bit", "a little", "a little bit",
    "some of it", "half", "half of it", "mostly", "most of it", "somewhat", "more or less",
    "not entirely", "not completely", "not always", "sometimes", "yes and no", "i tried",
    "once or twice", "halfway", "yeah mostly", "no not entirely", "yes but only once",
    "yeah but i slipped on friday", "no but i tried", "i think partly", "um sort of",
    "in part", "a few times",
]
NONE_CASES = [
    "", "   ", "um", "uh hmm", "what", "maybe", "i don't know", "um i don't know", "not sure",
    "I'm not sure", "no idea", "never mind", "say that again", "help", "repeat",
    "there is no way i could have done that this week", "i think there is no problem",
    "right now i can't talk", "some days are harder than others", "fine but you never listen",
    "well it depends on what you mean", "the thing is i was away all week",
    "i did it on tuesday and then again on friday with my sister and her kids",
    "nobody said anything", "knowing you, you'll forget", "yesterday was hard",
]


@pytest.mark.parametrize("said", YES_CASES)
def test_yes(said: str) -> None:
    assert parse_answer(said) == YES


@pytest.mark.parametrize("said", NO_CASES)
def test_no(said: str) -> None:
    assert parse_answer(said) == NO


@pytest.mark.parametrize("said", PARTLY_CASES)
def test_partly(said: str) -> None:
    assert parse_answer(said) == PARTLY


@pytest.mark.parametrize("said", NONE_CASES)
def test_not_an_answer(said: str) -> None:
    assert parse_answer(said) is None


def test_answer_words_inside_other_words_do_not_count() -> None:
    # "no" inside "nobody"/"know"/"snow", "yes" inside "yesterday", "nothing" opening a sentence
    for said in ("nobody", "know", "yesterday", "nothing much happened", "snow", "yesterday yes"):
        assert parse_answer(said) is None, said


def test_non_string_is_none() -> None:
    assert parse_answer(None) is None  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_crashes(text: str) -> None:
    assert parse_answer(text) in (YES, NO, PARTLY, None)


@pytest.mark.parametrize("said", ["hardly", "barely", "hardly at all"])
def test_hardly_is_partly(said: str) -> None:
    # PocketSphinx hears a spoken "partly" as "hardly" (exploratory testing, stop 42)
    assert parse_answer(said) == "partly"


@pytest.mark.parametrize("said", ["yes no", "no yes", "yeah no"])
def test_a_yes_and_a_no_at_once_is_no_answer(said: str) -> None:
    # exploratory testing, stop 42: "yes no" at "Shall I save that?" saved the commitment
    assert parse_answer(said) is None


@pytest.mark.parametrize("text", ["I don't really remember", "i dont really know", "I don't recall"])
def test_not_remembering_is_not_a_no(text):
    # exploratory testing, stop 43: a check-in stored "I don't really remember" as "no"
    assert parse_answer(text) is None
