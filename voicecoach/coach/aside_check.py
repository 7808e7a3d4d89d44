"""A last look at a reply the judge found defensive: a defence, or an aside that reflects nothing?

Of the two costly mistakes left in the judge, the commoner is now an off-topic reply called defensive (15 in
stop 36's 72 fresh sets, against 5 defences judged accurate). The method calls a reply that reflects nothing
"missed" unless it argues, refutes, corrects, counter-complains, minimises, justifies, mocks or blames; but
the rules find an act in the words of many kind or idle asides: the listener's own story of another time
("When I had my appendix out the food was so bad my mum had to bring me sandwiches"), a complaint about
somebody else ("Someone in accounts keeps taking my mug too"), an offer ("Fancy a coffee? I'm just going to
the machine"), a tip ("There's a spray at the pet shop that keeps cats off furniture").

This check reads the whole of a typed reply: a logistic model over its words, word pairs, the kinds of
act the rules found in it (``act:justification:structure``: an act found by a sentence's shape, not by a
defence's own phrase, is weaker evidence) and how sure the lexical model was (its P(defensive) and
P(missed), each in tenths), trained on the reviewers' replies they labelled missed or
defensive (``scripts/train_scorer.py --aside``). Its threshold lets through about one defence in two
hundred that the judge rightly calls defensive. It can only turn "defensive" into "missed" (the coach then
says, kindly, that the reply did not reflect them yet, and what it did instead), never the reverse: when
wrong it turns a defence into the mild "missed", which still tells the listener to give back what they
heard.

Trained on typed and recognised replies alike, it reads a recogniser's words only when far surer: fitted
on sets 447-630 and used on 631-790, at the typed threshold it turned 19 recognised defences into "missed"
for 1 recognised aside, against 15 typed defences for 9 typed asides (scripts/word_check_training.py). At
``HEARD_THRESHOLD`` (log-odds 0.5; stop 43) it turns 10 of the reviewers' recognised off-topic replies that
the judge called defensive into "missed" on their sets 0-1086, for 4 recognised defences (on the sets it was
never fitted on, 791-1086: 3 asides, no defence). And it reads the lexical model's
probabilities, so it looks only where that model has spoken: without them (a package without its file, or
a test that turns it off) the words alone make a short defence look like an aside ("It was a tiny stumble,
hardly anyone noticed.").

Weights ship in ``voicecoach/data/scorer_aside.json``; pure Python at run time, for defensive replies only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from voicecoach.coach import tail_check
from voicecoach.coach.learned import FOUR_WAY_LABELS, _load_shipped, _parse
from voicecoach.coach.word_check import WordCheck

__all__ = ["ASIDE_FILE", "HEARD_THRESHOLD", "AsideCheck", "aside_check", "grams", "load_aside"]

ASIDE_FILE = "scorer_aside.json"
MAX_ACTS = 3  # "acts:3" stands for three or more
HEARD_THRESHOLD = 0.5  # the log-odds a recogniser's words must pass (the typed threshold is the file's)


def grams(reply: str, acts: Iterable[tuple[str, str, str]], p: Sequence[float] | None = None) -> set[str]:
    """The reply's words and word pairs (as ``lexical.words`` reads them), each act the rules found as
    ``act:<kind>:<how it was found>``, how many acts they found (``acts:N``), and, given the lexical model's
    probabilities ``p`` (FOUR_WAY_LABELS order), the tenth its P(defensive) and P(missed) fall in
    (``p_defensive:9``, ``p_missed:0``)."""
    acts = list(acts)
    out = tail_check.grams(reply if isinstance(reply, str) else "")
    out.update(f"act:{kind}:{source}" for kind, _, source in acts)
    out.add(f"acts:{min(MAX_ACTS, len(acts))}")
    if p is not None:
        for label in ("defensive", "missed"):
            out.add(f"p_{label}:{min(9, int(p[FOUR_WAY_LABELS.index(label)] * 10))}")
    return out


class AsideCheck(WordCheck):
    """The shipped aside check: weights of a reply's words, word pairs and the rules' act kinds."""

    FILE = ASIDE_FILE
    NAME = "aside check"

    def score(
        self, reply: str, acts: Iterable[tuple[str, str, str]], p: Sequence[float] | None = None
    ) -> float:
        """The model's log-odds that the reply is an aside (missed), not a defence: ``grams``' arguments."""
        return self.log_odds(grams(reply, acts, p))

    def flags(
        self,
        reply: str,
        acts: Iterable[tuple[str, str, str]],
        p: Sequence[float] | None = None,
        heard: bool = False,
    ) -> bool:
        """Whether the reply reads as an aside; ``heard``: a recogniser's words, held to ``HEARD_THRESHOLD``."""
        threshold = max(self.threshold, HEARD_THRESHOLD) if heard else self.threshold
        return self.score(reply, acts, p) > threshold


def load_aside(data: bytes | str) -> AsideCheck:
    return _parse(data, AsideCheck, ASIDE_FILE)


@lru_cache(maxsize=1)
def aside_check() -> AsideCheck | None:
    """The shipped aside check, loaded once; None when the package has none."""
    return _load_shipped(ASIDE_FILE, AsideCheck)
