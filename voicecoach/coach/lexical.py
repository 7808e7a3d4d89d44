"""The last word on a verdict: a model that has read what reviewers' replies say, word for word.

The rules, the defence check and the four-way model judge a reply by what the rules can parse: acts,
additions, how much of their content and feeling came back. On a new reviewer's words that judge agreed
about 85 % of the time (first runs of sets 51-82), and its rounds of rules moved unseen sets by a point at
a time. This layer is a multinomial logistic model over (1) the same features the four-way model reads,
(2) the verdict the judge reached, and (3) the reply's own words: every one to three word sequence of it
that appears in at least six reviewers' sets ("to be fair", "which is just", "i only", "must have felt"),
and each of its words that the statement did not use. Trained by ``scripts/train_scorer.py --lexical`` on
every labelled reviewer set and the project's own set, with AnnoMI's counsellor turns (read in place,
never shipped) as replies known not to be defensive, so that counselling language is not taken for a
defence. Held out a block of eight reviewer sets nobody had read (67-74), it agreed 94 % against the
judge's 85 %; the figures and what was tried are in ``scripts/train_scorer.py``.

Its most probable verdict is the verdict. The explanation stays: a defence it hears where the rules
found no act is named by the reply's own words around the sequence that weighed most towards
"defensive"; a verdict it moves off "defensive" gets the rules' account of what the reply lacks.

Weights ship in ``voicecoach/data/scorer_lexical.json``. Pure Python at run time: a set of word
sequences and ~4,000 dictionary lookups at most.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from voicecoach.coach.learned import (
    DEFENCE_KINDS,
    FEATURES,
    FOUR_WAY_LABELS,
    ModelError,
    _load_shipped,
    _parse,
)

__all__ = ["LEXICAL_FILE", "Lexical", "grams", "lexical", "load_lexical", "words"]

LEXICAL_FILE = "scorer_lexical.json"
MAX_N = 3  # word sequences of one to three words
NEW = "new:"  # prefix of a reply word the statement did not use
# what a recogniser leaves in and a typist does not: left out, so typed and spoken replies read alike
FILLERS = frozenset({"um", "uh", "er", "erm", "like"})
_TOKEN = re.compile(r"[a-z0-9]+")
_CLAUSE = re.compile(r"[,.;:!?\u2014\u2013]| - ")
QUOTE = 8  # words at most in a quoted defence


def words(text: str) -> list[str]:
    """Lower-case words without apostrophes ("don't" -> "dont") or fillers."""
    if not isinstance(text, str):
        return []
    low = text.lower().replace("\u2019", "'").replace("'", "")
    return [w for w in _TOKEN.findall(low) if w not in FILLERS]


def grams(statement: str, reflection: str) -> set[str]:
    """The reply's word sequences (one to ``MAX_N`` words) and, prefixed ``new:``, its words the statement
    did not use."""
    said = set(words(statement))
    reply = words(reflection)
    out: set[str] = set()
    for n in range(1, MAX_N + 1):
        for i in range(len(reply) - n + 1):
            out.add(" ".join(reply[i : i + n]))
    out.update(NEW + w for w in reply if w not in said)
    return out


@dataclass(frozen=True)
class Lexical:
    """P(verdict) over the four-way features, the judge's verdict and the reply's word sequences."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    dense: tuple[tuple[float, ...], ...]  # one row of four per four-way feature
    verdict_weights: tuple[tuple[float, ...], ...]  # one row of four per verdict the judge reached
    gram_weights: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Lexical:
        try:
            if tuple(data["features"]) != FEATURES or tuple(data["labels"]) != FOUR_WAY_LABELS:
                raise ModelError(
                    f"{LEXICAL_FILE} was trained on other features; retrain with "
                    "scripts/train_scorer.py --lexical"
                )
            n = len(FEATURES) + len(FOUR_WAY_LABELS) + len(DEFENCE_KINDS) + 1
            mean = tuple(float(x) for x in data["mean"])
            scale = tuple(float(x) if float(x) > 0 else 1.0 for x in data["scale"])
            dense = tuple(tuple(float(w) for w in row) for row in data["dense"])
            verdict = tuple(tuple(float(w) for w in row) for row in data["verdict"])
            gram_weights = {str(g): tuple(float(w) for w in row) for g, row in data["grams"].items()}
            bias = tuple(float(x) for x in data["bias"])
            if len(mean) != n or len(scale) != n or len(dense) != n:
                raise ModelError(f"{LEXICAL_FILE}: {len(dense)} weight rows for {n} features")
            rows = (*dense, *verdict, *gram_weights.values(), bias)
            if len(verdict) != 4 or any(len(row) != 4 for row in rows):
                raise ModelError(f"{LEXICAL_FILE}: a weight row without four verdicts")
            return cls(mean, scale, dense, verdict, gram_weights, bias)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelError(f"{LEXICAL_FILE} is not a valid lexical model: {exc}") from exc

    def probabilities(self, x: list[float], judged: str, seen: set[str]) -> list[float]:
        """P(verdict) in FOUR_WAY_LABELS order: ``x`` the raw four-way features, ``judged`` the judge's
        verdict, ``seen`` the reply's ``grams``."""
        z = list(self.bias)
        for v, m, s, row in zip(x, self.mean, self.scale, self.dense, strict=True):
            u = (v - m) / s
            if u:
                for k in range(4):
                    z[k] += row[k] * u
        for k, w in enumerate(self.verdict_weights[FOUR_WAY_LABELS.index(judged)]):
            z[k] += w
        for g in seen:
            row = self.gram_weights.get(g)
            if row is not None:
                for k in range(4):
                    z[k] += row[k]
        top = max(z)
        e = [math.exp(t - top) for t in z]
        total = sum(e)
        return [t / total for t in e]

    def verdict(self, x: list[float], judged: str, seen: set[str]) -> str:
        p = self.probabilities(x, judged, seen)
        return FOUR_WAY_LABELS[max(range(4), key=lambda k: p[k])]

    def defending_words(self, reflection: str) -> str:
        """The reply's own words that weigh most towards "defensive" (over the verdict each sequence weighs
        most towards otherwise): the run of words inside one clause whose sequences pull hardest that way, with
        the rest of the clause (``QUOTE`` words at most). What the coach quotes when no rule named the
        defence."""
        d = FOUR_WAY_LABELS.index("defensive")

        def pull(g: str) -> float:
            row = self.gram_weights.get(g)
            return 0.0 if row is None else row[d] - max(w for k, w in enumerate(row) if k != d)

        best, quote = 0.0, ""
        for clause in _CLAUSE.split(reflection):
            cw = words(clause)
            for i in range(len(cw)):
                for j in range(i + 1, min(len(cw), i + QUOTE) + 1):
                    span = cw[i:j]
                    total = sum(
                        pull(" ".join(span[a : a + n])) for n in range(1, MAX_N + 1) for a in range(len(span) - n + 1)
                    )
                    if total > best:
                        # the whole clause when it is short, else the run and what follows it
                        best, quote = total, " ".join(cw if len(cw) <= QUOTE else cw[i : i + QUOTE])
        return quote or " ".join(words(reflection)[:QUOTE])


def load_lexical(data: bytes | str) -> Lexical:
    return _parse(data, Lexical, LEXICAL_FILE)


@lru_cache(maxsize=1)
def lexical() -> Lexical | None:
    """The shipped lexical model, loaded once; None when the package has none (the judge's verdicts)."""
    return _load_shipped(LEXICAL_FILE, Lexical)
