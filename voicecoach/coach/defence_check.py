"""A learned second look at the rules' defences, trained on how the rules did on replies they had not seen.

The rules call a reply defensive when they find an act in it (a justification, a correction, a
counter-complaint, minimising, blame, sarcasm). On a new reviewer's words they are right about seven
times in ten: on the first runs of 28 reviewer sets (3,080 pairs, each scored once by the judge of the day
it arrived, before anyone read it) they judged 882 replies defensive and 247 of those were not, most of
them honest reflections or kind off-topic replies (the costliest error a listening coach can make). The
rules' later rounds fixed the words of the sets they studied, not the next reviewer's.

This check is a small logistic model of "is this reply really defensive, given that the rules found an
act in it", over what the rules found (the kind and source of each act, the phrase, where it sits, how much
of it is the other person's own words), what else the reply does (how much of their content and feeling
it gives back, empathic frames, the listener's own "I" and reasons), and what the verdict would be without
the act. It was trained on those first runs, where the rules' mistakes are the ones a new user meets
(``scripts/first_runs.py`` rebuilds them from the git history, ``scripts/train_scorer.py --defence-check``
fits the model; the own labelled set's defences, judged by today's rules, are in the training data too,
so textbook defences stay). When its probability is under the threshold, the act does not count and the
reply is judged as if it were not there (the feedback then says what it lacks, not which phrase defended).

Weights ship in ``voicecoach/data/scorer_defence.json``. Pure Python at run time (a few regular expressions
and a dot product of ~80 numbers), only for replies the rules call defensive.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from voicecoach.coach.learned import ModelError, _load_shipped, _parse

__all__ = ["DEFENCE_FILE", "DefenceCheck", "check_features", "checkable", "defence_check", "record"]

DEFENCE_FILE = "scorer_defence.json"

KINDS = ("justification", "correction", "counter_complaint", "minimising", "blame", "sarcasm")
ADDITIONS = ("question", "advice", "own_story", "plan", "reassurance", "topic_change", "pleasantry", "added")
FALLBACKS = ("accurate", "partial", "missed")
# empathic frames and the listener's own voice, as plain substrings of the reply's words joined by spaces
_EMPATHY = (
    "you feel",
    "you felt",
    "you must",
    "must have",
    "must be",
    "sounds like",
    "sound like",
    "i hear",
    "i can see",
    "i'm sorry",
    "im sorry",
    "i am sorry",
    "that must",
    "it must",
    "you're feeling",
    "youre feeling",
    "made you feel",
    "left you",
    "i understand",
    "i get that",
    "so you",
    "you were",
    "you've been",
    "youve been",
)
_OWN_VOICE = (
    " but ",
    " though",
    " although",
    "to be fair",
    " anyway",
    " actually",
    " just ",
    " only ",
    "because i",
    "i was ",
    "i had ",
    "i didn't",
    "i didnt",
    "i did ",
    "you always",
    "you never",
    "you too",
    "yourself",
    "at least",
    " if you",
    "because you",
    "you did ",
    " first ",
    "supposed to",
    "get over",
    "you know it",
    "what did you",
    "i checked",
    "not every",
    " anyway ",
)
_NUMBERS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty "
    "hundred once twice half monday tuesday wednesday thursday friday saturday sunday".split()
)
_WORD = re.compile(r"[a-z0-9']+")
_I_WORDS = frozenset({"i", "im", "i'm", "me", "my", "ive", "i've", "id", "i'd"})
_NEGATIONS = frozenset({"not", "never", "no", "didnt", "didn't", "dont", "don't", "wasnt", "wasn't"})


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def record(statement: str, reflection: str, analysis: Any, fallback: str) -> dict[str, Any]:
    """What the check reads of one judged pair: the texts, the rules' findings (``scorer.Analysis``) and the
    verdict the reply would get without its acts. The same fields ``scripts/first_runs.py`` records from an
    older judge, so that the model trains and runs on one description."""
    return {
        "statement": statement,
        "reflection": reflection,
        "acts": [list(a) for a in analysis.acts],
        "additions": [a[0] for a in analysis.additions],
        "reflected": bool(analysis.reflected),
        "content": float(analysis.content),
        "feeling": float(analysis.feeling),
        "expected": len(analysis.expected),
        "found": len(analysis.found),
        "perspective": analysis.perspective,
        "fallback": fallback,
    }


def check_features(r: dict[str, Any]) -> dict[str, float]:
    """Named features of a ``record``."""
    sw, rw = _words(r["statement"]), _words(r["reflection"])
    low = " " + " ".join(rw) + " "
    acts = r["acts"]
    first = acts[0] if acts else ["none", "", "none"]
    f: dict[str, float] = {}
    for k in KINDS:
        f["first_" + k] = float(first[0] == k)
        f["has_" + k] = float(any(a[0] == k for a in acts))
    f["first_phrase"] = float(first[2] == "phrase")
    f["any_phrase"] = float(any(a[2] == "phrase" for a in acts))
    f["n_acts"] = math.log1p(len(acts))
    f["n_kinds"] = float(len({a[0] for a in acts}))
    for k in ADDITIONS:
        f["add_" + k] = float(k in r["additions"])
    f["reflected"] = float(r["reflected"])
    f["content"] = float(r["content"])
    f["feeling"] = float(r["feeling"])
    f["expected"] = float(r["expected"] > 0)
    f["found"] = float(r["found"] > 0)
    for p in ("theirs", "mine"):
        f["persp_" + p] = float(r["perspective"] == p)
    for v in FALLBACKS:
        f["fb_" + v] = float(r["fallback"] == v)
    f["len_r"] = math.log1p(len(rw))
    f["len_s"] = math.log1p(len(sw))
    f["sentences"] = math.log1p(len(re.findall(r"[.!?]+", r["reflection"])))
    f["recog"] = float(
        r["reflection"] == r["reflection"].lower() and not re.search(r"[.,!?']", r["reflection"])
    )
    phrase = _words(first[1])
    said = set(sw)
    f["ph_len"] = math.log1p(len(phrase))
    f["ph_echo"] = sum(w in said for w in phrase) / len(phrase) if phrase else 0.0
    pos = 0.0
    if phrase:
        for i in range(len(rw)):
            if rw[i : i + len(phrase)] == phrase:
                pos = i / max(1, len(rw))
                break
    f["ph_pos"] = pos
    head = phrase[0] if phrase else ""
    f["ph_i"] = float(head in {"i", "im", "i'm", "ive", "i've", "my", "me"})
    f["ph_you"] = float(head in {"you", "your", "youre", "you're", "youve", "you've"})
    f["ph_it"] = float(head in {"it", "that", "the", "this", "there", "its", "it's"})
    f["ph_3p"] = float(head in {"he", "she", "they", "his", "her", "their"})
    f["ph_has_you"] = float(any(w.startswith("you") for w in phrase))
    f["ph_neg"] = float(any(w in _NEGATIONS for w in phrase))
    for e in _EMPATHY:
        f["emp_" + e] = float(e in low)
    f["n_emp"] = math.log1p(sum(e in low for e in _EMPATHY))
    for d in _OWN_VOICE:
        f["own_" + d.strip()] = float(d in low)
    # a figure or day of the listener's own ("it was forty", "twice, not every time", "Wednesday, not
    # Tuesday"): their facts corrected
    numbers = {w for w in rw if w in _NUMBERS or w.isdigit()} - {
        w for w in sw if w in _NUMBERS or w.isdigit()
    }
    f["new_number"] = float(bool(numbers))
    f["question"] = float("?" in r["reflection"])
    f["you_share"] = sum(w.startswith("you") for w in rw) / max(1, len(rw))
    f["i_share"] = sum(w in _I_WORDS for w in rw) / max(1, len(rw))
    f["overlap"] = sum(w in said for w in set(rw)) / max(1, len(set(rw)))
    return f


FEATURE_NAMES = tuple(
    sorted(
        check_features(
            {
                "statement": "",
                "reflection": "",
                "acts": [],
                "additions": [],
                "reflected": False,
                "content": 0.0,
                "feeling": 0.0,
                "expected": 0,
                "found": 0,
                "perspective": None,
                "fallback": "missed",
            }
        )
    )
)


@dataclass(frozen=True)
class DefenceCheck:
    """P(the reply is really defensive | the rules found an act), a logistic model over ``check_features``."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DefenceCheck:
        try:
            if tuple(data["features"]) != FEATURE_NAMES:
                raise ModelError(
                    f"{DEFENCE_FILE} was trained on other features; retrain with "
                    "scripts/train_scorer.py --defence-check"
                )
            n = len(FEATURE_NAMES)
            mean = tuple(float(x) for x in data["mean"])
            scale = tuple(float(x) if float(x) > 0 else 1.0 for x in data["scale"])
            weights = tuple(float(x) for x in data["weights"])
            if len(mean) != n or len(scale) != n or len(weights) != n:
                raise ModelError(f"{DEFENCE_FILE}: {len(weights)} weights for {n} features")
            threshold = float(data["threshold"])
            if not 0.0 <= threshold < 1.0:
                raise ModelError(f"{DEFENCE_FILE}: threshold {threshold} is not a probability")
            return cls(mean, scale, weights, float(data["bias"]), threshold)
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{DEFENCE_FILE} is not a valid defence check: {exc}") from exc

    def probability(self, r: dict[str, Any]) -> float:
        """P(really defensive) for a ``record``."""
        f = check_features(r)
        z = self.bias
        for name, m, s, w in zip(FEATURE_NAMES, self.mean, self.scale, self.weights, strict=True):
            z += w * (f[name] - m) / s
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def keeps(self, r: dict[str, Any]) -> bool:
        """Whether the rules' defence stands: always when one of its acts is a phrase of the lists (a named
        defence: "at least…", "in my defence", "calm down") or when the reply gives nothing of theirs back
        without it (a bare "Ten minutes? It was forty", "I texted you": the rules' verdict would be
        "missed"); else when the check finds it likely enough."""
        if not checkable(r):
            return True
        return self.probability(r) >= self.threshold


def checkable(r: dict[str, Any]) -> bool:
    """Whether the check may talk this defence away: every act found from a clause's shape (none from the
    phrase lists), and the reply, without them, gives something of theirs back (not "missed")."""
    return all(a[2] == "structure" for a in r["acts"]) and r["fallback"] != "missed"


def load_defence_check(data: bytes | str) -> DefenceCheck:
    return _parse(data, DefenceCheck, DEFENCE_FILE)


@lru_cache(maxsize=1)
def defence_check() -> DefenceCheck | None:
    """The shipped check, loaded once; None when the package has none (the rules' defences stand)."""
    return _load_shipped(DEFENCE_FILE, DefenceCheck)
