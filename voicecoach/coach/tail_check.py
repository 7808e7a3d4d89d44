"""A last look at a reply the judge found accurate: does its last sentence start on the listener's side?

The costliest mistake left in the judge is a defence judged accurate, and nearly every one has the same
shape: a good reflection, then one more sentence that explains, corrects or hands the matter back ("You feel
like you're eating alone when I take calls at dinner. Some of those calls pay our mortgage."). The rules and
the lexical model read the whole reply, where the reflection outweighs the last sentence.

This check reads the last sentence alone: a logistic model over its words and word pairs, trained on the
reviewers' typed replies of two sentences or more (``scripts/train_scorer.py --tail``), with a threshold
set so that about one accurate reply in a hundred is flagged. It can only turn "accurate" into "partial"
(the coach then says something of the listener's own was added), never call anything defensive: a flag is a
mild mistake when wrong, and when right it turns the costliest mistake into a mild one. Replies a
recogniser heard have no sentences to split and are left as they are.

Weights ship in ``voicecoach/data/scorer_tail.json``; pure Python at run time, for accurate replies only.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from voicecoach.coach import lexical
from voicecoach.coach.learned import _load_shipped, _parse
from voicecoach.coach.word_check import WordCheck

__all__ = ["TAIL_FILE", "TailCheck", "grams", "last_sentence", "load_tail", "tail_check"]

TAIL_FILE = "scorer_tail.json"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def last_sentence(reply: str) -> str | None:
    """The reply's last sentence when it has two or more (split after . ! or ?), else None."""
    if not isinstance(reply, str):
        return None
    parts = [p for p in _SENTENCE_END.split(reply.strip()) if lexical.words(p)]
    return parts[-1] if len(parts) >= 2 else None


def grams(sentence: str) -> set[str]:
    """The sentence's words and word pairs, as ``lexical.words`` reads them."""
    ws = lexical.words(sentence)
    return set(ws) | {f"{a} {b}" for a, b in pairwise(ws)}


class TailCheck(WordCheck):
    """The shipped tail check: weights of a last sentence's words and word pairs."""

    FILE = TAIL_FILE
    NAME = "tail check"

    def score(self, reply: str) -> float | None:
        """The model's log-odds that the reply's last sentence defends; None without two sentences."""
        last = last_sentence(reply)
        return None if last is None else self.sentence_score(last)

    def sentence_score(self, sentence: str) -> float:
        """The model's log-odds that ``sentence``, read as a reply's last, defends."""
        return self.log_odds(grams(sentence))

    def flags(self, reply: str) -> bool:
        s = self.score(reply)
        return s is not None and s > self.threshold


def load_tail(data: bytes | str) -> TailCheck:
    return _parse(data, TailCheck, TAIL_FILE)


@lru_cache(maxsize=1)
def tail_check() -> TailCheck | None:
    """The shipped tail check, loaded once; None when the package has none."""
    return _load_shipped(TAIL_FILE, TailCheck)
