"""Tests for the reflection scorer (voicecoach/coach/scorer.py) and its text helpers."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voicecoach.coach import scorer
from voicecoach.coach.scorer import VERDICTS, family_of, find_feelings, score_reflection
from voicecoach.coach.text import flip_pronouns, normalise

DATA = tomllib.loads((Path(__file__).parent / "data" / "reflections.toml").read_text(encoding="utf-8"))
CASES = DATA["case"]
HELDOUT = DATA.get("heldout", [])
ALL = CASES + HELDOUT
RELATIONSHIPS = {"partner", "spouse", "colleague", "business_partner", "client", "friend", "family"}


def _id(case: dict) -> str:
    return f"{case['verdict']}:{case['reflection'][:40]}"


# --- the labelled set ---------------------------------------------------------------------------------


def test_labelled_set_shape():
    assert len(CASES) >= 100
    assert {c["verdict"] for c in CASES} == set(VERDICTS)
    assert {c["relationship"] for c in ALL} == RELATIONSHIPS
    asr_style = [
        c
        for c in ALL
        if c["reflection"] == c["reflection"].lower() and not re.search(r"[.,?!']", c["reflection"])
    ]
    assert len(asr_style) / len(ALL) >= 0.30
    for c in ALL:
        assert c["verdict"] in VERDICTS and c["statement"].strip() and "reflection" in c


@pytest.mark.parametrize("section", ["case", "heldout"])
def test_four_way_agreement(section):
    cases = DATA.get(section, [])
    if not cases:
        pytest.skip(f"no [[{section}]] cases")
    wrong = [
        (
            c["verdict"],
            score_reflection(c["statement"], c["reflection"], c.get("feeling")).verdict,
            c["reflection"],
        )
        for c in cases
    ]
    wrong = [w for w in wrong if w[0] != w[1]]
    agreement = 1 - len(wrong) / len(cases)
    assert agreement >= 0.90, f"{section}: {agreement:.1%} agreement; disagreements: {wrong}"


@pytest.mark.parametrize("case", [c for c in ALL if c["verdict"] == "defensive"], ids=_id)
def test_defensive_is_never_accurate(case):
    result = score_reflection(case["statement"], case["reflection"], case.get("feeling"))
    assert result.verdict != "accurate", result.to_dict()


@pytest.mark.parametrize("case", ALL, ids=_id)
def test_every_case_gives_a_well_formed_result(case):
    r = score_reflection(case["statement"], case["reflection"], case.get("feeling"))
    assert r.verdict in VERDICTS
    assert 0.0 <= r.score <= 1.0 and 0.0 <= r.content_coverage <= 1.0 and 0.0 <= r.feeling_coverage <= 1.0
    assert r.feedback.strip() and len(r.feedback) < 200
    json.dumps(r.to_dict())


def test_scores_order_the_verdicts_on_the_labelled_set():
    by = {v: [] for v in VERDICTS}
    for c in CASES:
        by[c["verdict"]].append(score_reflection(c["statement"], c["reflection"], c.get("feeling")).score)
    mean = {v: sum(s) / len(s) for v, s in by.items()}
    assert mean["accurate"] > mean["partial"] > max(mean["missed"], mean["defensive"])


# --- focused behaviour -----------------------------------------------------------------------------------

STATEMENT = "I felt ignored when you cancelled our dinner plans at the last minute."


def test_normalise_handles_case_punctuation_and_contractions():
    assert normalise("I DIDN’T say that!") == "i did not say that"
    assert normalise("you're  late, dont") == "you are late do not"
    assert normalise("") == ""


@pytest.mark.parametrize(
    "text, flipped",
    [
        ("I felt ignored when you cancelled", "you felt ignored when i cancelled"),
        ("my boss yelled at me", "your boss yelled at you"),
        ("you forgot my birthday", "i forgot your birthday"),
        ("that was mine not yours", "that was yours not mine"),
        ("we were late", "we were late"),
        ("i was scared of you", "you were scared of me"),
    ],
)
def test_flip_pronouns(text, flipped):
    assert flip_pronouns(text) == flipped


@pytest.mark.parametrize(
    "word, family",
    [
        ("ignored", "unimportant"),
        ("invisible", "unimportant"),
        ("didn't matter", "unimportant"),
        ("not a priority", "unimportant"),
        ("frightened", "scared"),
        ("afraid", "scared"),
        ("lonely", "alone"),
        ("taken for granted", "unappreciated"),
        ("micromanaged", "controlled"),
        ("furious", "angry"),
        ("not heard", "unheard"),
        ("humiliated", "embarrassed"),
        ("table", None),
    ],
)
def test_family_of(word, family):
    assert family_of(word) == family


def test_find_feelings_skips_negated_words_and_keeps_negated_phrases():
    assert "angry" not in find_feelings("i'm not angry, i'm hurt")
    assert "hurt" in find_feelings("i'm not angry, i'm hurt")
    assert find_feelings("I felt like I didn't matter to you") == ["unimportant"]
    assert find_feelings("") == []


def test_word_for_word_flipped_is_accurate():
    r = score_reflection(STATEMENT, "you felt ignored when i cancelled our dinner plans at the last minute")
    assert r.verdict == "accurate" and r.perspective == "theirs" and r.score >= 0.9


def test_unflipped_repetition_needs_a_quote_frame():
    quoted = score_reflection(STATEMENT, "you said i felt ignored when you cancelled our dinner plans")
    bare = score_reflection(STATEMENT, "I felt ignored when you cancelled our dinner plans")
    assert quoted.verdict == "accurate"
    assert bare.verdict == "partial" and bare.perspective == "mine"


def test_paraphrase_with_synonyms_scores_well():
    r = score_reflection(
        "You yelled at me in front of the kids and I was scared.",
        "you felt frightened when i shouted at you in front of the children",
    )
    assert r.verdict == "accurate" and r.score >= 0.8


@pytest.mark.parametrize(
    "reflection",
    [
        "what i heard you say is you felt ignored when i cancelled dinner but i was busy",
        "What I heard you say is that you felt ignored when I cancelled, but I had a work emergency.",
        "you felt ignored when i cancelled dinner because i had to work late",
        "actually it was only ten minutes before",
        "it was just one dinner, you're overreacting",
        "you cancel on me all the time too",
    ],
)
def test_but_behind_the_opener_and_other_defences(reflection):
    r = score_reflection(STATEMENT, reflection)
    assert r.verdict == "defensive" and r.defensive_phrases
    assert "their side" in r.feedback or "smaller" in r.feedback


def test_echoed_but_is_not_a_defence():
    s = "I asked you to call me but you didn't, and I felt forgotten."
    r = score_reflection(s, "you asked me to call you but i didnt and you felt forgotten")
    assert r.verdict == "accurate", r.to_dict()


def test_missing_feeling_feedback_names_the_family():
    r = score_reflection(STATEMENT, "i cancelled our dinner plans at the last minute")
    assert r.verdict == "partial" and r.feelings_expected == ["unimportant"]
    assert "how they felt" in r.feedback and "unimportant" in r.feedback


def test_feeling_hint_is_expected_even_when_unsaid():
    s = "You gave my shift to someone else without telling me."
    assert score_reflection(s, "you gave my shift away").feelings_expected == []
    r = score_reflection(s, "i gave your shift to someone else without telling you", feeling="disrespected")
    assert r.verdict == "partial" and r.feelings_expected[0] == "disrespected"


@pytest.mark.parametrize(
    "reflection, reason",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("I'm so sorry.", "apology"),
        ("why did you feel that way", "question"),
        ("you should just tell me earlier next time", "advice"),
        ("anyway what's for dinner", "topic_change"),
        ("what i heard you say is", "empty"),
    ],
)
def test_not_reflecting_reasons(reflection, reason):
    r = score_reflection(STATEMENT, reflection)
    assert r.verdict == "missed" and r.not_reflecting == reason


def test_trailing_check_is_part_of_the_method():
    r = score_reflection(STATEMENT, "you felt ignored when i cancelled dinner did i get that right")
    assert r.verdict == "accurate"


def test_to_dict_has_the_cli_fields():
    d = score_reflection(STATEMENT, "you felt ignored when I cancelled").to_dict()
    for key in (
        "verdict",
        "score",
        "feedback",
        "content_coverage",
        "feeling_coverage",
        "feelings_expected",
        "feelings_found",
        "perspective",
        "defensive_phrases",
        "not_reflecting",
        "missing_content",
    ):
        assert key in d
    assert json.loads(json.dumps(d)) == d


def test_nothing_is_loaded_per_call():
    scorer.lexicon()
    before = scorer.lexicon.cache_info()
    for i in range(1000):
        score_reflection(STATEMENT + f" {i % 13}", f"you felt ignored when i cancelled {i % 7}")
    after = scorer.lexicon.cache_info()
    assert after.misses == before.misses  # data files read and compiled once, not per call


def test_non_string_input_is_treated_as_empty():
    r = score_reflection(None, 42)  # type: ignore[arg-type]
    assert r.verdict == "missed" and r.not_reflecting == "empty"


# --- properties ------------------------------------------------------------------------------------------

_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF), max_size=40),
    st.lists(
        st.sampled_from(
            "i you felt ignored but actually sorry why hurt my your not scared when "
            "cancelled dinner what heard say is".split()
        ),
        max_size=60,
    ).map(" ".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statement=_text, reflection=_text, feeling=st.one_of(st.none(), st.text(max_size=20)))
def test_never_crashes_and_stays_in_range(statement, reflection, feeling):
    r = score_reflection(statement, reflection, feeling)
    assert r.verdict in VERDICTS
    assert 0.0 <= r.score <= 1.0
    assert r.feedback.strip()
    json.dumps(r.to_dict())


@settings(max_examples=10, deadline=None)
@given(n=st.integers(min_value=500, max_value=3000))
def test_very_long_text(n):
    long = ("you felt ignored when i cancelled our dinner plans " * n)[:20000]
    r = score_reflection(STATEMENT * 20, long)
    assert r.verdict in VERDICTS and 0.0 <= r.score <= 1.0
