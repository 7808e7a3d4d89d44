"""Content as data: the built-in scenarios and every line the coach speaks (prompts.toml)."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import datetime, timedelta

import pytest

from voicecoach.coach import prompts as P
from voicecoach.coach.scenarios import (
    RELATIONSHIPS,
    Scenario,
    flip_pronouns,
    get_scenario,
    guess_feeling,
    load_scenarios,
    normalise_relationship,
    parse_scenarios,
    pick_scenario,
    reflection_from_statement,
    scenario_from_statement,
)
from voicecoach.errors import InputError, VoicecoachError

# --- scenarios ---------------------------------------------------------------------------------


def test_builtin_scenarios_cover_the_relationships() -> None:
    scenarios = load_scenarios()
    assert len(scenarios) >= 14
    counts = Counter(s.relationship for s in scenarios)
    for rel in ("partner", "colleague", "family"):
        assert counts[rel] >= 2, rel
    for rel in ("business-partner", "client", "friend"):
        assert counts[rel] >= 1, rel
    assert set(counts) <= set(RELATIONSHIPS)
    assert len({s.id for s in scenarios}) == len(scenarios)


@pytest.mark.parametrize("scenario", load_scenarios(), ids=lambda s: s.id)
def test_each_scenario_is_well_formed(scenario: Scenario) -> None:
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", scenario.id)
    for field in ("title", "statement", "feeling", "model_reflection", "on_miss", "on_partial_feeling",
                  "on_accurate", "theme"):
        assert getattr(scenario, field).strip(), field
    # the statement is the other person, in first person, 1-3 sentences, with a feeling in it
    assert re.search(r"\b(I|I'm|I've|my|me)\b", scenario.statement)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", scenario.statement) if s]
    assert 1 <= len(sentences) <= 3
    assert re.search(r"\b(feel|felt|got scared)\b", scenario.statement)
    # the coach's model reflection starts the way the method teaches, from their side
    assert scenario.model_reflection.startswith("What I heard you say is")
    assert re.search(r"\byou (feel|felt|got|'re)\b|\byou're\b", scenario.model_reflection)
    assert scenario.feeling is not None
    # the feeling is carried back in the model, or named (by a synonym) in the statement
    feeling = scenario.feeling
    assert feeling in scenario.model_reflection or guess_feeling(scenario.statement) == feeling
    assert not scenario.custom


def test_get_scenario_and_unknown_id() -> None:
    assert get_scenario("cancelled-plans").relationship == "partner"
    assert get_scenario("  Cancelled-Plans ").id == "cancelled-plans"
    with pytest.raises(InputError) as err:
        get_scenario("no-such-thing")
    assert str(err.value) == "unknown scenario 'no-such-thing'; see `voicecoach scenarios list`"


def test_loading_is_cached_and_returns_copies() -> None:
    first = load_scenarios()
    first.clear()
    assert len(load_scenarios()) >= 14


def test_pick_scenario_is_reproducible_with_a_seed() -> None:
    assert pick_scenario(7) == pick_scenario(7)
    seen = {pick_scenario(seed).id for seed in range(60)}
    assert len(seen) > 5
    assert pick_scenario() in load_scenarios()


def test_to_dict_is_json_ready() -> None:
    data = [s.to_dict() for s in load_scenarios()]
    text = json.dumps(data)
    back = json.loads(text)
    for item in back:
        for key in ("id", "title", "relationship", "statement"):
            assert isinstance(item[key], str) and item[key]


_GOOD = """
[[scenario]]
id = "x-one"
title = "T"
relationship = "friend"
statement = "You forgot. I felt hurt."
feeling = "hurt"
model_reflection = "What I heard you say is that I forgot, and you felt hurt."
on_miss = "No."
on_partial_feeling = "Sort of."
on_accurate = "Yes."
theme = "time-together"
"""


def test_parse_good_file() -> None:
    (only,) = parse_scenarios(_GOOD, "test.toml")
    assert only.id == "x-one" and only.feeling == "hurt"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda t: t.replace('feeling = "hurt"\n', ""), "scenario 'x-one' is missing field 'feeling'"),
        (lambda t: t.replace('on_miss = "No."', 'on_miss = "  "'), "scenario 'x-one' field 'on_miss'"),
        (lambda t: t.replace('"friend"', '"neighbour"'), "scenario 'x-one' field 'relationship'"),
        (lambda t: t + t, "scenario 'x-one' field 'id' is used twice"),
        (lambda t: t.replace('id = "x-one"', 'id = "X One"'), "field 'id' must be a lower-case slug"),
        (lambda t: t.replace('theme = "time-together"', "theme = 3"), "field 'theme' must be non-empty"),
        (lambda t: t.replace('title = "T"', 'title = "T"\ncolour = "red"'), "unknown field 'colour'"),
        (lambda t: t.replace('id = "x-one"\n', ""), "scenario '#1' is missing field 'id'"),
        (lambda t: t.replace("[[scenario]]", "[[scenarios]]"), "no [[scenario]] entries"),
        (lambda t: t + "[[[", "not valid TOML"),
    ],
)
def test_parse_bad_file_names_scenario_and_field(mutate, message: str) -> None:
    with pytest.raises(VoicecoachError) as err:
        parse_scenarios(mutate(_GOOD), "test.toml")
    assert message in str(err.value)
    assert str(err.value).startswith("test.toml")
    assert "\n" not in str(err.value)


# --- the user's own words ------------------------------------------------------------------------


def test_scenario_from_statement() -> None:
    sc = scenario_from_statement(
        "  when you cancelled our dinner at the last minute again i felt like i dont matter to you ",
        relationship="Spouse",
    )
    assert sc.custom and sc.relationship == "partner" and sc.who == "your partner"
    assert sc.statement.startswith("When you cancelled") and sc.statement.endswith(".")
    assert sc.feeling == "unimportant"
    assert sc.model_reflection == (
        "What I heard you say is that when I cancelled our dinner at the last minute again "
        "you felt like you dont matter to me."
    )
    assert sc.on_miss and sc.on_accurate and sc.on_partial_feeling
    assert sc.to_dict()["statement"] == sc.statement


def test_scenario_from_statement_without_feeling_or_relationship() -> None:
    sc = scenario_from_statement("You moved the meeting without asking me.")
    assert sc.feeling is None
    assert sc.relationship is None and sc.who == "the other person"
    assert sc.model_reflection == "What I heard you say is that I moved the meeting without asking you."


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_statement(text: str) -> None:
    with pytest.raises(InputError, match="the statement is empty"):
        scenario_from_statement(text)


def test_unknown_relationship() -> None:
    with pytest.raises(InputError, match="unknown relationship 'boss'"):
        scenario_from_statement("You yelled at me.", relationship="boss")
    assert normalise_relationship("Business Partner") == "business-partner"
    assert normalise_relationship(None) is None


@pytest.mark.parametrize(
    ("said", "flipped"),
    [
        ("I felt like I don't matter to you.", "You felt like you don't matter to me."),
        ("You never listen to me.", "I never listen to you."),
        ("When you raised your voice at me, I got scared.", "When I raised my voice at you, you got scared."),
        ("I am tired and I was hurt.", "You are tired and you were hurt."),
        ("You are always on your phone.", "I am always on my phone."),
        ("I told you about my divorce, and you told other people.",
         "You told me about your divorce, and I told other people."),
        ("I'm the one who does it myself.", "You're the one who does it yourself."),
        ("That's mine, not yours.", "That's yours, not mine."),
        ("We agreed on it together.", "We agreed on it together."),
        ("i feel ignored when youre on your phone", "you feel ignored when I'm on my phone"),
    ],
)
def test_flip_pronouns(said: str, flipped: str) -> None:
    assert flip_pronouns(said) == flipped


def test_reflections_built_from_builtin_statements_mostly_match_the_models() -> None:
    # The hand-written model reflections are what the flip should produce for plain statements;
    # a few are rephrased by hand (kept as the better line), so require most, not all.
    scenarios = load_scenarios()
    same = sum(reflection_from_statement(s.statement) == s.model_reflection for s in scenarios)
    assert same >= len(scenarios) - 4
    assert reflection_from_statement(get_scenario("cancelled-plans").statement) == (
        get_scenario("cancelled-plans").model_reflection
    )


@pytest.mark.parametrize(
    ("text", "feeling"),
    [
        ("You forgot my birthday and I felt hurt.", "hurt"),
        ("I feel taken for granted.", "taken for granted"),
        ("It made me feel like I don't matter.", "unimportant"),
        ("I was so embarrassed in front of everyone.", "embarrassed"),
        ("I'm scared when you drive like that.", "scared"),
        ("You left the door open.", None),
    ],
)
def test_guess_feeling(text: str, feeling: str | None) -> None:
    assert guess_feeling(text) == feeling


# --- prompts -------------------------------------------------------------------------------------

REQUIRED_KEYS = [
    "welcome", "mindset", "step.root", "step.hear", "step.reflect", "retry.missed", "retry.partial_feeling",
    "retry.defensive", "step.model", "step.own_part", "step.validate", "step.validate_generic",
    "step.commit", "commit.readback", "commit.restate", "step.safety", "closing.summary", "closing.note",
    "closing.follow_through", "command.help", "command.paused", "command.stopping", "command.resumed",
    "silence.reprompt", "checkin.ask", "checkin.add_note", "partner.speak", "partner.reflect",
    "partner.check", "recurring.gentle",
]


def test_required_prompts_exist() -> None:
    keys = set(P.prompt_keys())
    missing = [k for k in REQUIRED_KEYS if k not in keys]
    assert not missing


@pytest.mark.parametrize("key", P.prompt_keys())
def test_every_prompt_formats_with_its_documented_fields(key: str) -> None:
    spec = P.prompt_spec(key)
    assert spec.method  # traces to METHOD.md / CLI.md
    values = {f: f"<{f.upper()}>" for f in spec.fields}
    for i in range(P.variant_count(key)):
        text = P.prompt(key, variant=i, **values)
        assert text.strip() and "{" not in text and "}" not in text
        for f in spec.fields:
            assert f"<{f.upper()}>" in text
    if spec.fields:
        with pytest.raises(P.PromptError, match=f"prompt '{key}' needs field"):
            P.prompt(key)


def test_key_lines_say_what_the_method_says() -> None:
    assert "not to win but to connect" in P.prompt("mindset")
    assert "the dynamic, not the person" in P.prompt("mindset")
    assert P.prompt("step.reflect").endswith("Start with: what I heard you say is...")
    assert P.prompt("step.model", reflection="X.") == "Here is one way to say it: X."
    readback = P.prompt("commit.readback", commitment="I will call.")
    assert readback.endswith("Shall I save that? Say yes or no.")
    assert P.prompt("command.paused") == "Paused. Say continue when you're ready."
    assert P.prompt("command.stopping") == "Stopping. Everything you said is saved."
    help_text = P.prompt("command.help").lower()
    for command in ("say that again", "repeat", "slower", "faster", "skip", "pause", "continue", "help",
                    "play my commitments", "how am i doing", "stop"):
        assert command in help_text, command
    assert P.prompt("checkin.ask", when="Last week", commitment="I will call.") == (
        "Last week you said: I will call. Did you follow through? Say yes, partly, or no."
    )
    assert P.prompt("checkin.add_note") == "Would you like to add a note?"
    assert P.prompt("partner.speak", speaker="Ana", listener="Ben").startswith(
        "Ana, tell Ben what is on your mind"
    )
    assert P.prompt("partner.reflect", speaker="Ana", listener="Ben").startswith("Ben, reflect it back")
    assert P.prompt("partner.check", speaker="Ana", listener="Ben") == (
        "Ana, did Ben get it? Say yes, or say what was missed."
    )


def test_variants_rotate() -> None:
    n = P.variant_count("step.reflect")
    assert n >= 2
    texts = [P.prompt("step.reflect", variant=i) for i in range(n)]
    assert len(set(texts)) == n
    assert P.prompt("step.reflect", variant=n) == texts[0]  # wraps around


def test_unknown_key_and_extra_fields() -> None:
    with pytest.raises(P.PromptError, match="unknown prompt 'nope.nope'"):
        P.prompt("nope.nope")
    assert P.prompt("command.paused", unused="ignored") == "Paused. Say continue when you're ready."


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[a]\nmethod = "m"\nfields = ["x"]\ntext = "hi"\n', "does not use {x}"),
        ('[a]\nmethod = "m"\nfields = []\ntext = "hi {x}"\n', "uses undeclared {x}"),
        ('[a]\nmethod = "m"\ntext = []\n', "non-empty list"),
        ('[a]\nfields = []\ntext = "hi"\n', "method"),
        ('[a]\nmethod = "m"\nfields = []\ntext = "hi {x!r}"\n', "plain {name}"),
        ('[a]\nmethod = "m"\nfields = []\ntext = "hi {"\n', "bad braces"),
        ('a = "loose"\n', "must be a [table]"),
        ("", "no prompts"),
    ],
)
def test_bad_prompt_files(toml: str, message: str) -> None:
    with pytest.raises(P.PromptError, match=re.escape(message)):
        P.parse_prompts(toml, "test.toml")


def test_spoken_helpers() -> None:
    now = datetime(2024, 5, 10, 9, 0)
    assert P.spoken_ago(now - timedelta(hours=2), now) == "Earlier today"
    assert P.spoken_ago(datetime(2024, 5, 9, 23, 0), now) == "Yesterday"
    assert P.spoken_ago(now - timedelta(days=3), now) == "Three days ago"
    assert P.spoken_ago(now - timedelta(days=8), now) == "Last week"
    assert P.spoken_ago(now - timedelta(days=21), now) == "Three weeks ago"
    assert P.spoken_ago(now - timedelta(days=40), now) == "Last month"
    assert P.spoken_ago(now - timedelta(days=400), now) == "Over a year ago"
    assert P.ordinal(3) == "third" and P.ordinal(21) == "21st" and P.ordinal(13) == "13th"
    assert P.spoken_span(60) == "the last two months" and P.spoken_span(7) == "the last week"
    assert P.join_words(["a", "b", "c"]) == "a, b and c" and P.join_words([]) == ""
