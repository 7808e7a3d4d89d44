"""The coach notices when the person may not be safe, says where help is, and drops "the relationship
matters" from its closing (exploratory testing, stop 42)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_vc

from voicecoach.coach.safety import concern

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    "text, kind",
    [
        ("He shoved me into the wall during the fight and I'm scared of him.", "harm"),
        ("I don't feel safe with him at all. I'm scared he'll hurt me again.", "harm"),
        ("my husband hits me when he drinks", "harm"),
        ("she threw a plate at me", "harm"),
        ("he threatened me", "harm"),
        ("i dont feel safe at home", "harm"),
        ("he can be really violent", "harm"),
        ("sometimes I just want to die", "self"),
        ("I've thought about hurting myself", "self"),
        ("I want to kill myself", "self"),
        # in partner mode, said to the other's face (exploratory testing, stop 42)
        ("You shoved me.", "harm"),
        ("I'm scared of you.", "harm"),
        ("You hit me last night.", "harm"),
        ("You frighten me when you drink.", "harm"),
        ("he pushed me against the wall", "harm"),
        # exploratory testing, stop 43: threats, fear of what someone will do, self-harm said other ways
        ("He threatened to kill me.", "harm"),
        ("I'm terrified of what he'll do.", "harm"),
        ("He punched the wall next to my head.", "harm"),
        ("I need him to stop grabbing my arm when he's angry.", "harm"),
        ("I need her to stop threatening to leave with the kids.", "harm"),
        ("I don't want to be alive anymore.", "self"),
        ("I've been thinking about ending it all.", "self"),
        ("I cut myself after the fight.", "self"),
        ("He raped me.", "harm"),
        ("he sexually assaulted me", "harm"),
        ("He stabbed me.", "harm"),
        ("He shot me.", "harm"),
        ("He kicked me.", "harm"),
        ("he threatened to hurt the kids", "harm"),
        ("I need him to stop hitting me when he's angry.", "harm"),
        ("I'd be better off dead.", "self"),
        ("Honestly everyone would be better off without me.", "self"),
        ("I just want it all to end.", "self"),
        ("What's the point of even being alive.", "self"),
        ("You'd be better off without me on the project.", None),
        ("I want this meeting to end.", None),
        ("He shot me a look across the table.", None),
        ("I feel like you kicked me while I was down.", None),
        ("You kept pushing me to have another drink.", None),
        ("She hit the wall of tiredness at four.", None),
        ("I cut myself on the bread knife.", None),
        ("My boss threatened to fire me.", None),
        # and what a trainer, a friend, a tenant or a clumsy flatmate says
        ("You pushed me to do deadlifts after I said my back hurt.", None),
        ("You kicked me from the guild without warning.", None),
        ("I don't feel safe driving my kids with those brakes.", None),
        ("I tripped on your shoes. I could have really hurt myself.", None),
        ("I know you won't hurt me.", None),
        ("you hit your limit", None),
        ("They threw it back at me all evening.", None),
        # a repair conversation's ordinary words
        ("you felt scared when I raised my voice", None),
        ("what you said really hurt me", None),
        ("He hurt my feelings", None),
        ("I was scared of losing you", None),
        ("she threatened to leave me", None),
        ("you feel your stuff isn't safe with me", None),
        ("I could kill him for that", None),
        ("", None),
    ],
)
def test_concern(text, kind):
    assert concern(text) == kind


def test_no_reviewer_reply_is_read_as_a_safety_concern():
    # every labelled reply of the reviewer sets (116,000 or more): replies after a fight, none a disclosure;
    # and their statements (what a partner says in partner mode): only the few that tell of harm or fear
    hits, said = [], set()
    for path in sorted(DATA.glob("reflections_fresh*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if concern(row["reflection"]):
                    hits.append(row["reflection"])
                if concern(row["statement"]):
                    said.add(row["statement"])
    assert hits == []
    assert len(said) <= 8, sorted(said)  # (5 at stop 42: "He hit me.", "I felt scared of you", a plate thrown…)


def test_a_session_answers_a_disclosure_and_closes_without_the_relationship_advice(vc_bin):
    answers = [
        "He shoved me into the wall during the fight and I'm scared of him.",
        "What I heard you say is that when I cancelled our dinner at the last minute again, you felt like you "
        "don't matter to me.",
        "skip",
        "skip",
        "skip",
        "skip",
    ]
    res = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--text", "--output", "none",
                 input="\n".join(answers) + "\n")
    assert res.returncode == 0, res.stderr
    said = [line for line in res.stderr.splitlines() if line.startswith("coach:")]
    help_line = next(i for i, line in enumerate(said) if "local emergency number" in line)
    assert "being right, or the relationship" not in said[help_line + 1]
    assert sum("local emergency number" in line for line in said) == 1
    assert not any("relationship matters" in line for line in said)
    assert any("Your safety comes first" in line for line in said)
    assert not any("Don't dwell on the fight" in line or "follow through" in line for line in said)
    history = json.loads(run_vc(vc_bin, "history", "--json").stdout)[0]
    assert history["note"] is None
    assert [e["name"] for e in history["events"] if e["kind"] == "safety"] == ["harm"]
    # the answer itself is kept, as every answer is
    assert history["turns"][0]["text"].startswith("He shoved me")


def test_their_words_that_tell_of_harm_get_the_line_and_no_note_to_send(vc_bin):
    # exploratory testing, stop 43: "You grabbed my arm and I'm scared of you now" as the statement drafted
    # "Our relationship matters a lot to me" to send to a person afraid of the user
    res = run_vc(vc_bin, "practice", "--statement", "You grabbed my arm and I'm scared of you now.", "--text",
                 "--output", "none", input="root\nWhat I heard is you are scared of me since I grabbed your arm.\n"
                                           "skip\nskip\nskip\nskip\nskip\n")
    assert res.returncode == 0, res.stderr
    assert "what they said tells of someone being hurt or afraid" in res.stderr
    assert "relationship matters" not in res.stderr
    assert run_vc(vc_bin, "note").returncode != 0
