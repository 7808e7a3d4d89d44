"""The defence check (voicecoach/coach/defence_check.py): a learned second look at the rules' defences."""

from __future__ import annotations

import json

import pytest

from voicecoach.coach import defence_check as DC
from voicecoach.coach import scorer
from voicecoach.coach.learned import ModelError
from voicecoach.coach.scorer import score_reflection


@pytest.fixture
def without_check(monkeypatch):
    monkeypatch.setattr(DC, "defence_check", lambda: None)


def test_the_shipped_check_loads():
    check = DC.defence_check()
    assert check is not None
    assert len(check.weights) == len(DC.FEATURE_NAMES) == len(check.mean) == len(check.scale)
    assert 0.0 < check.threshold < 0.5  # it only overrules a defence it finds unlikely


def test_a_check_trained_on_other_features_or_not_json_is_refused():
    data = json.loads(_shipped_text())
    data["features"] = data["features"][:-1]
    with pytest.raises(ModelError, match="other features"):
        DC.load_defence_check(json.dumps(data))
    with pytest.raises(ModelError, match="not valid JSON"):
        DC.load_defence_check("{not json")
    good = json.loads(_shipped_text())
    good["threshold"] = 1.5
    with pytest.raises(ModelError, match="threshold"):
        DC.load_defence_check(json.dumps(good))


def _shipped_text() -> str:
    from importlib import resources

    return resources.files("voicecoach.data").joinpath(DC.DEFENCE_FILE).read_text(encoding="utf-8")


# Honest reflections in which the rules find an act only from a clause's shape (written here, like the
# first-run mistakes the check was trained on: "not really your place anymore" read as a correction, "I've
# only rung when I want something" as minimising)
TALKED_AWAY = [
    (
        "You moved all my things around in the shed while I was away. I felt like a visitor in my own place.",
        "Coming back to find the shed changed made you feel like it wasn't really your place anymore, like "
        "I'd crossed a line.",
    ),
    (
        "Since I moved away you only ring when you need something. I feel used.",
        "Let me see if I've got this: since you moved, I've only rung when I want something, and it's left you "
        "feeling used.",
    ),
]


@pytest.mark.parametrize(("statement", "reflection"), TALKED_AWAY)
def test_a_shape_only_defence_in_a_reflection_can_be_talked_away(statement, reflection):
    got = score_reflection(statement, reflection)
    assert got.verdict != "defensive"
    assert got.rule_verdict == "defensive"  # the rules' own verdict is still reported
    assert got.defensive_phrases == [] and "defence" not in got.feedback


@pytest.mark.parametrize(("statement", "reflection"), TALKED_AWAY)
def test_without_the_check_the_rules_call_them_defensive(statement, reflection, without_check, without_lexical):
    assert score_reflection(statement, reflection).verdict == "defensive"


TEXTBOOK = [
    # a refutation, a correction of their facts, a counter-complaint, a blame turned round
    ("You never text back.", "I texted you twice on Monday."),
    (
        "You took my phone for a week because I was ten minutes late.",
        "Ten minutes? It was forty, and you know it.",
    ),
    ("You've been snapping at me all week.", "you've been pretty moody yourself"),
    (
        "You went over my head to the manager. I felt blindsided.",
        "I went over your head because you ignored my emails.",
    ),
]
NAMED = [
    # a defence the phrase lists name, after a good reflection
    (
        "I lost my job and I feel like a failure.",
        "You feel like a failure since losing your job. At least you have savings.",
    ),
    ("You forgot my birthday. I felt forgotten.", "You felt forgotten, and to be fair I had a lot on."),
]


@pytest.mark.parametrize(("statement", "reflection"), TEXTBOOK + NAMED)
def test_textbook_defences_stand(statement, reflection, without_lexical):
    # what the check keeps; the lexical model has the last word (it judges one of these, "you've been pretty
    # moody yourself", missed)
    assert score_reflection(statement, reflection).verdict == "defensive"


@pytest.mark.parametrize(("statement", "reflection"), NAMED)
def test_a_defence_the_phrase_lists_name_is_never_reconsidered(statement, reflection):
    an = scorer.analyse(statement, reflection)
    fallback = scorer.decide_without_acts(an)[0]
    assert an.acts and not DC.checkable(DC.record(statement, reflection, an, fallback))


def test_a_defence_in_a_reply_that_gives_nothing_back_is_never_reconsidered():
    an = scorer.analyse("You never text back.", "I texted you twice on Monday.")
    assert an.acts and all(a[2] == "structure" for a in an.acts)
    assert DC.checkable(DC.record("You never text back.", "I texted you twice on Monday.", an, "partial"))
    assert not DC.checkable(DC.record("You never text back.", "I texted you twice on Monday.", an, "missed"))


def test_the_record_is_what_first_runs_record():
    """scripts/first_runs.py records older judges' findings with the same fields the check reads at run time."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "scripts/first_runs.py"
    spec = importlib.util.spec_from_file_location("first_runs", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    an = scorer.analyse("You forgot my birthday.", "I was busy at work.")
    fields = set(DC.record("a", "b", an, "missed"))
    for field in fields:
        assert f"{field}=" in module._JUDGE or field in {"statement", "reflection"}, field
    assert module.FIRST_RUN and all(len(c) == 40 for c in module.FIRST_RUN.values())


def test_features_are_named_in_a_fixed_order_and_bounded():
    an = scorer.analyse(
        "You forgot my birthday. I felt forgotten.", "You felt forgotten, but I was busy at work."
    )
    f = DC.check_features(
        DC.record(
            "You forgot my birthday. I felt forgotten.", "You felt forgotten, but I was busy.", an, "accurate"
        )
    )
    assert tuple(sorted(f)) == DC.FEATURE_NAMES
    assert all(0.0 <= v <= 10.0 for v in f.values())
