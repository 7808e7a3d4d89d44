"""The lexical model (voicecoach/coach/lexical.py): the judge's last layer, real shipped weights."""

from __future__ import annotations

import json
import math
from importlib import resources

import pytest

from voicecoach.coach import learned, lexical, scorer
from voicecoach.coach.scorer import judged_before_lexical, score_reflection

DISHES = "You left the dishes in the sink again and I had to clean up before my parents arrived. I felt so embarrassed."
STATION = (
    "You forgot to pick me up from the station and I waited an hour in the rain. I felt like I didn't matter."
)


def _shipped() -> dict:
    return json.loads(resources.files("voicecoach.data").joinpath(lexical.LEXICAL_FILE).read_text())


def test_the_shipped_model_loads_and_is_small():
    lex = lexical.lexical()
    assert lex is not None
    assert 1000 <= len(lex.gram_weights) <= 5000
    assert len(lex.dense) == len(learned.FEATURES) + 4 + len(learned.DEFENCE_KINDS) + 1


def test_words_read_typed_and_spoken_replies_alike():
    typed = lexical.grams("You never listen.", "Um, you don't feel heard, like, ever.")
    spoken = lexical.grams("You never listen.", "um you dont feel heard like ever")
    assert typed == spoken
    assert {"you dont feel", "dont", "new:heard", "new:dont"} <= typed
    assert "um" not in typed and "new:you" not in typed  # a filler; a word the statement used


def test_a_long_replys_last_words_are_read_apart_typed_and_spoken_alike():
    statement = "You brought him to our dinner. I wanted to talk to you about something private."
    typed = "You wanted to talk about something private, and you felt let down. I just thought you'd be happy to meet him."
    spoken = "you wanted to talk about something private and you felt let down i just thought youd be happy to meet him"
    ends = {g for g in lexical.grams(statement, typed) if g.startswith(lexical.END)}
    assert ends == {g for g in lexical.grams(statement, spoken) if g.startswith(lexical.END)}
    # the last eight words: "just thought youd be happy to meet him"; "i", ninth from the end, is not among them
    assert {"end:just thought", "end:thought youd be", "end:meet him"} <= ends
    assert "end:i just" not in ends and "end:i" not in ends
    # a reply of 13 words has no end of its own, one of 14 has
    thirteen = "you felt let down and i just thought youd be happy to meet"
    assert len(lexical.words(thirteen)) == 13 == lexical.TAIL_FROM - 1
    assert not any(g.startswith(lexical.END) for g in lexical.grams(statement, thirteen))
    assert any(g.startswith(lexical.END) for g in lexical.grams(statement, thirteen + " him"))
    # a trailing check the rules found is left out of the end as of the rest
    checked = lexical.grams(statement, spoken + " did i get that right", 5)
    assert {g for g in checked if g.startswith(lexical.END)} == ends


@pytest.mark.parametrize(
    "reply",
    [
        (
            "You felt pushed out when your desk was moved to the corridor while you were on leave. We needed the "
            "space for the new starters."
        ),
        (
            "you felt pushed out when your desk was moved to the corridor while you were on leave we needed the "
            "space for the new starters"
        ),
    ],
)
def test_a_reason_tacked_on_after_a_full_reflection_is_heard_at_the_end(reply, monkeypatch):
    statement = "You moved my desk into the corridor while I was on leave. I felt pushed out of the team."
    assert scorer.score_reflection(statement, reply).verdict == "defensive"
    # read as one bag of words, the full reflection before it outweighs it (the shipped model without its end)
    monkeypatch.setattr(lexical, "TAIL_FROM", 10**6)
    assert scorer.score_reflection(statement, reply).verdict != "defensive"


def test_probabilities_are_a_distribution_and_the_verdict_their_top():
    lex = lexical.lexical()
    reply = "You were embarrassed in front of your parents, which I get, though they've seen worse at their own place."
    judged, x, _ = judged_before_lexical(DISHES, reply)
    p = lex.probabilities(x, judged, lexical.grams(DISHES, reply))
    assert abs(sum(p) - 1.0) < 1e-9 and all(0.0 <= v <= 1.0 for v in p)
    assert lex.verdict(x, judged, lexical.grams(DISHES, reply)) == learned.FOUR_WAY_LABELS[p.index(max(p))]


def test_a_defence_no_rule_names_is_heard_and_quoted_in_the_reply_s_words():
    reply = "You were embarrassed in front of your parents, which I get, though they've seen worse at their own place."
    assert judged_before_lexical(DISHES, reply)[0] == "partial"
    r = score_reflection(DISHES, reply)
    assert r.verdict == "defensive" and r.rule_verdict == "partial"
    assert r.defensive_kinds == ["defence"]
    assert r.defensive_phrases == ["though they've seen worse at their own place"]
    assert "though they've seen worse" in r.feedback and r.not_reflecting is None


def test_a_long_clause_is_quoted_as_said_with_its_fillers_and_apostrophes():
    """The quote of a clause longer than QUOTE words is the listener's own run of words ("like" kept), not
    the model's reading of them ("i brushed you off you were…")."""
    lex = lexical.lexical()
    reply = "well I brushed you off like you were overreacting and I didn't stop to ask what was wrong at all"
    quote = lex.defending_words(reply)
    assert quote in reply and len(lexical.words(quote)) <= lexical.QUOTE


def test_a_defence_the_rules_found_keeps_their_phrase():
    reply = "You were embarrassed in front of your parents. Everyone leaves a few dishes sometimes."
    r = score_reflection(DISHES, reply)
    assert r.verdict == "defensive" and r.defensive_kinds == ["minimising"]
    assert r.defensive_phrases == ["everyone leaves a few dishes sometimes"]


def test_an_apology_with_the_listener_s_own_feelings_is_missed_not_a_defence():
    reply = "I'm so sorry. I feel awful about it, honestly I've been beating myself up all day."
    assert judged_before_lexical(STATION, reply)[0] == "defensive"
    r = score_reflection(STATION, reply)
    assert r.verdict == "missed" and r.defensive_phrases == [] and r.not_reflecting == "own_story"
    assert r.feedback == scorer._feedback_missed("own_story")


def test_without_the_model_the_verdict_is_the_judge_s(without_lexical):
    for reply in (
        "you felt embarrassed about the sink i was going to do them after dinner anyway",
        "You felt embarrassed having to clean up my dishes right before your parents arrived.",
    ):
        assert score_reflection(DISHES, reply).verdict == judged_before_lexical(DISHES, reply)[0]


def test_odd_input_never_raises():
    for s, r in (("", ""), (None, None), ("You lied.", "'' -- ,,, ??"), ("You lied.", 42)):
        assert score_reflection(s, r).verdict in learned.FOUR_WAY_LABELS


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(features=["x"]), "trained on other features"),
        (lambda d: d["dense"].pop(), "weight rows"),
        (lambda d: d["grams"].update(oops=[1.0, 2.0]), "without four verdicts"),
        (lambda d: d.pop("bias"), "not a valid lexical model"),
    ],
)
def test_a_broken_model_file_gives_one_clear_error(change, message, one_clear_model_error):
    data = _shipped()
    change(data)
    one_clear_model_error(lexical.load_lexical, json.dumps(data), message)


def test_a_misheard_word_does_not_make_an_honest_spoken_reflection_defensive():
    """A whole spoken partner session's words (PocketSphinx heard "while" as "well", "phone" as "family"): the
    rules find an accurate reflection. Stop 28's lexical model leaned to "defensive" on it (P about 0.85, under
    lexical.OVERTURN_HEARD); stop 30's refits do not lean that way at all. Either way it is not defensive."""
    statement = "when i ...you check your family i was talking i felt ignored"
    reply = "when i heard you say is that when i checked my phone well you're talking you felt ignored"
    lex = lexical.lexical()
    judged, x, check = judged_before_lexical(statement, reply)
    seen = lexical.grams(statement, reply, check)
    assert judged == "accurate"
    p_defensive = lex.probabilities(x, judged, seen)[learned.FOUR_WAY_LABELS.index("defensive")]
    assert p_defensive < lexical.OVERTURN_HEARD
    assert lex.verdict(x, judged, seen, heard=True) != "defensive"
    assert score_reflection(statement, reply).verdict in ("accurate", "partial")


def _model_of(*p: float) -> lexical.Lexical:
    """A model whose probabilities are ``p`` (FOUR_WAY_LABELS order) whatever it reads: no features, no verdict
    weights, no word sequences, the log-probabilities as its bias."""
    return lexical.Lexical((), (), (), ((0.0,) * 4,) * 4, {}, tuple(math.log(x) for x in p))


def test_a_recogniser_s_accurate_words_are_called_defensive_only_when_the_model_is_sure():
    # P(defensive) 0.85: typed words are a defence; a recogniser's that the judge found accurate are not
    leaning = _model_of(0.1, 0.04, 0.01, 0.85)
    assert leaning.verdict([], "accurate", set()) == "defensive"
    assert leaning.verdict([], "accurate", set(), heard=True) != "defensive"
    # at lexical.OVERTURN_HEARD and above, heard words are a defence too
    sure = _model_of(0.04, 0.03, 0.01, 0.92)
    assert sure.verdict([], "accurate", set(), heard=True) == "defensive"


def test_a_recogniser_s_words_cost_more_to_pass_as_accurate_when_they_may_defend():
    # P(accurate) 0.82, P(defensive) 0.18. Typed: expected costs 0.90 for accurate (0.18 x lexical.DEFENCE_PASSED)
    # against 1.00 for partial. A recogniser's words: 1.26 (0.18 x lexical.DEFENCE_PASSED_HEARD) against 1.00
    model = _model_of(0.82, 1e-9, 1e-9, 0.18)
    assert model.verdict([], "accurate", set()) == "accurate"
    assert model.verdict([], "accurate", set(), heard=True) == "partial"
    # sure of an honest reply, heard or typed, it stays accurate
    honest = _model_of(0.97, 0.01, 1e-9, 0.02)
    assert honest.verdict([], "accurate", set(), heard=True) == "accurate"


def test_a_reason_after_a_full_reflection_in_a_recogniser_s_words_is_not_accurate():
    """Set 1018's defence (first run: accurate): a recogniser's words have no last sentence for the tail check,
    so a reason tacked on after a full reflection must weigh in the lexical model's verdict."""
    statement = "You laughed when I told you I'd been dumped. I know you didn't mean it but it really stung."
    reply = (
        "i laughed and it stung you i didnt mean it in a bad way "
        "i was laughing because he was so awful for you anyway"
    )
    assert score_reflection(statement, reply).verdict != "accurate"


@pytest.mark.parametrize(
    ("statement", "reply"),
    [
        ("You were late.", "I wasn't late."),
        ("You were late.", "i was not late"),
        ("You forgot my birthday.", "I did not forget your birthday."),
        ("You forgot my birthday.", "i didnt forget your birthday"),
    ],
)
def test_a_bare_denial_is_defensive_even_where_no_feeling_was_named(statement, reply):
    """Exploratory testing (stop 41): on a statement that names no feeling, the lexical model read a denial
    that echoes their words as accurate (P 0.86-0.98). A correction that is the whole reply stays
    defensive."""
    r = score_reflection(statement, reply)
    assert r.verdict == "defensive" and r.defensive_kinds == ["correction"]
    assert "corrected them" in r.feedback


@pytest.mark.xfail(
    strict=True,
    reason="stop 31's refit on reviewers' sets reads these peer supporters' questions as defences (ESConv's "
    "held-out reflections judged defensive 6.3 %, 2.8 % before); a guard that needed P(defensive) 0.8 where the "
    "judge found no defence halved that but misread a textbook defence, and was not shipped",
)
def test_a_peer_supporter_s_tentative_reflection_is_not_a_defence():
    """A question that gives back what was said ("So you're being laid off soon?"), the way peer supporters
    reflect, is a reflection or a question, never a defence."""
    for statement, reply in (
        ("Just found out my position will be eliminated in january. Freaking out!", "Wow. So you're being laid off soon?"),
        ("I have my masters thesis tomorrow and we have to do a public speaking presentation.",
         "Oh, so it's the public speaking that has you rattled?"),
    ):
        assert score_reflection(statement, reply).verdict != "defensive"


@pytest.mark.parametrize("judged", ["accurate", "partial"])
def test_on_a_near_tie_of_accurate_and_partial_the_judge_s_verdict_stands(judged):
    # P(accurate) 0.53, P(partial) 0.46, P(defensive) 0.01: expected costs 0.51 (accurate: 0.46 + 0.01 x
    # lexical.DEFENCE_PASSED), 0.54 (partial), within lexical.NEAR_TIE
    near = _model_of(0.53, 0.46, 1e-9, 0.01)
    assert near.verdict([], judged, set()) == judged
    # a clear preference is still the model's: P(accurate) 0.8 -> accurate whatever the judge said
    clear = _model_of(0.8, 0.17, 1e-9, 0.03)
    assert clear.verdict([], judged, set()) == "accurate"


def test_only_a_tie_of_accurate_and_partial_keeps_the_judge_s_verdict():
    # the judge said partial; P(partial) 0.49, P(missed) 0.51: missed is cheaper by 0.02, and stands
    model = _model_of(1e-9, 0.49, 0.51, 1e-9)
    assert model.verdict([], "partial", set()) == "missed"
