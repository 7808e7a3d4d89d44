"""The aside check (voicecoach/coach/aside_check.py): a last look at a reply the judge found defensive."""

from __future__ import annotations

import pytest

from voicecoach.coach import aside_check as AC
from voicecoach.coach.scorer import judged_before_aside, score_reflection

# written here, not a reviewer's: asides that reflect nothing and that the judge reads as defences
RECITAL = "You missed my recital. I looked for you the whole time and felt like I wasn't worth the trip."
OWN_STORY = "Recitals are so nerve-wracking. When I did my grade five exam my hands were shaking the whole time."
COOKING = "You made fun of my cooking in front of your friends. I felt humiliated."
SOMEONE_ELSE = "My mum used to laugh at my cooking too, every time we had people round."
DISHES = "You keep leaving your dishes in the sink. I'm tired of cleaning up after you."
# the method's defences: what the check must leave alone
DEFENCES = [
    (DISHES, "Well you never empty the bins either."),
    (DISHES, "I only left them there because I was running late."),
    (DISHES, "That's not true, I washed up last night."),
    (COOKING, "it was a joke you need to lighten up"),
]


@pytest.fixture
def without_aside(monkeypatch):
    monkeypatch.setattr(AC, "aside_check", lambda: None)


def test_it_reads_words_pairs_acts_and_how_sure_the_lexical_model_was():
    g = AC.grams("I had to, honestly.", [("justification", "i had to", "phrase")], [0.1, 0.05, 0.22, 0.63])
    assert {"i", "had", "i had", "honestly", "act:justification:phrase", "acts:1"} <= g
    assert {"p_defensive:6", "p_missed:2"} <= g
    assert AC.grams("", [], None) == {"acts:0"}
    assert "acts:3" in AC.grams("x", [("blame", "a", "phrase")] * 5)


@pytest.mark.parametrize(("statement", "reply"), [(RECITAL, OWN_STORY), (COOKING, SOMEONE_ELSE)])
def test_an_aside_is_missed_not_defensive(statement, reply, without_aside, monkeypatch):
    assert score_reflection(statement, reply).verdict == "defensive"  # what the judge says without the check
    monkeypatch.undo()
    r = score_reflection(statement, reply)
    assert r.verdict == "missed" and r.defensive_phrases == [] and r.defensive_kinds == []
    assert "didn't reflect them yet" in r.feedback and "defence" not in r.feedback


@pytest.mark.parametrize(("statement", "reply"), DEFENCES)
def test_a_defence_stays_defensive(statement, reply):
    verdict, found, p = judged_before_aside(statement, reply)
    assert verdict == "defensive"
    assert not AC.aside_check().flags(reply, found, p)
    assert score_reflection(statement, reply).verdict == "defensive"


def test_the_check_reads_only_defensive_verdicts(monkeypatch):
    seen = []
    check = AC.aside_check()

    class Spy(AC.AsideCheck):
        def flags(self, reply, acts, p=None, heard=False):
            seen.append(reply)
            return super().flags(reply, acts, p, heard)

    monkeypatch.setattr(AC, "aside_check", lambda: Spy(check.weights, check.bias, check.threshold))
    assert score_reflection(RECITAL, "You felt like you weren't worth the trip when I missed it.").verdict != "defensive"
    assert seen == []
    score_reflection(DISHES, "That's not true, I washed up last night.")
    assert seen == ["That's not true, I washed up last night."]


def _heard(text: str) -> str:
    return text.lower().replace(",", "").replace(".", "").replace("-", " ")


def test_a_recogniser_s_words_must_read_far_more_surely_as_an_aside(without_aside, monkeypatch):
    # both read as asides at the typed threshold; a recogniser's words are held to HEARD_THRESHOLD
    story, someone_else = _heard(OWN_STORY), _heard(SOMEONE_ELSE)
    for statement, reply in ((RECITAL, story), (COOKING, someone_else)):
        assert score_reflection(statement, reply).verdict == "defensive"
    monkeypatch.undo()
    check = AC.aside_check()
    verdict, found, p = judged_before_aside(RECITAL, story)
    assert verdict == "defensive" and check.threshold < check.score(story, found, p) < AC.HEARD_THRESHOLD
    assert check.flags(story, found, p) and not check.flags(story, found, p, heard=True)
    assert score_reflection(RECITAL, story).verdict == "defensive"
    r = score_reflection(COOKING, someone_else)
    assert r.verdict == "missed" and "didn't reflect them yet" in r.feedback


@pytest.mark.parametrize(("statement", "reply"), DEFENCES)
def test_a_recogniser_s_defence_stays_defensive(statement, reply):
    assert score_reflection(statement, _heard(reply).replace("'", "")).verdict == "defensive"


def test_without_the_lexical_model_the_check_does_not_look(without_lexical, monkeypatch):
    # it is trained on the lexical model's probabilities: on words alone a short defence reads as an aside
    monkeypatch.setattr(AC.AsideCheck, "flags", lambda *a: pytest.fail("the aside check looked"))
    assert score_reflection(RECITAL, "It was one recital, hardly anyone noticed.").verdict == "defensive"
