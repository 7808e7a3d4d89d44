"""Voice commands: which utterances are commands, and which are answers that merely contain a word.

Two opinions decide. The free-text transcript must be (nearly) a whole command phrase, with
polite fillers allowed around it; where the engine also decoded the audio against the command
grammar, a grammar hit confirms a short, slightly misheard utterance ("say that a gain").
An answer such as "I will stop shouting at you" is never a command.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz

FILLERS = {"please", "okay", "ok", "um", "uh", "er", "coach", "now", "just", "hey", "so", "could", "can",
           "you", "oh", "well", "right", "alright"}
FUZZY_MIN = 86
"""Similarity (0..100) a transcript needs to a phrase on its own."""
CONFIRMED_MIN = 70
"""Similarity needed when the grammar decode picked the same phrase."""
MAX_COMMAND_WORDS = 7
"""Longer utterances are answers (commands are short)."""
UNSURE_CONFIDENCE = 0.35
"""Below this free-text confidence, a short utterance may be taken from the grammar decode alone."""
NEVER_FROM_GRAMMAR_ALONE = frozenset({"stop", "skip"})
"""Commands with consequences are never taken on the grammar's word alone (it forces any sound
into some command)."""


@dataclass(frozen=True)
class CommandMatch:
    name: str
    phrase: str
    similarity: float
    by: str
    """"text" (free transcript) or "grammar" (confirmed by the grammar decode)."""


@lru_cache(maxsize=1)
def commands() -> dict[str, tuple[str, ...]]:
    data = tomllib.loads(resources.files("voicecoach.data").joinpath("commands.toml").read_text("utf-8"))
    return {name: tuple(spec["phrases"]) for name, spec in data.items()}


@lru_cache(maxsize=1)
def _phrase_index() -> dict[str, str]:
    return {normalize(p): name for name, phrases in commands().items() for p in phrases}


def grammar_phrases() -> list[str]:
    """Every command phrase (for a grammar-restricted decode)."""
    return sorted(_phrase_index())


_CONTRACTIONS = {"i'm": "i am", "im": "i am", "let's": "let us", "lets": "let us", "that's": "that is",
                 "what's": "what is", "it's": "it is"}


def normalize(text: str) -> str:
    """Lower case, letters only, contractions written out ("palin i'm doing" ~ "how am i doing")."""
    text = re.sub(r"[^a-z' ]+", " ", text.lower().replace("’", "'"))
    return " ".join(_CONTRACTIONS.get(w, w) for w in text.split())


def _strip_fillers(words: list[str]) -> list[str]:
    while words and words[0] in FILLERS:
        words = words[1:]
    while words and words[-1] in FILLERS:
        words = words[:-1]
    return words


def match_command(text: str, grammar_text: str | None = None,
                  text_confidence: float | None = None) -> CommandMatch | None:
    """The command ``text`` is, or None when it is an answer.

    ``grammar_text`` is the same audio decoded against the command grammar; ``text_confidence`` the
    free decode's confidence. A short free transcript the engine itself doubts ("gelb" for a
    flite-spoken "help", confidence 0.02) is taken as the grammar's command, except stop/skip.
    """
    norm = normalize(text)
    words = norm.split()
    if not words or len(words) > MAX_COMMAND_WORDS:
        return None
    index = _phrase_index()
    core = " ".join(_strip_fillers(words)) or norm
    for candidate in (norm, core):
        if candidate in index:
            return CommandMatch(index[candidate], candidate, 100.0, "text")
    best_phrase, best = None, 0.0
    for phrase in index:
        if abs(len(phrase.split()) - len(core.split())) > 1:
            continue
        sim = fuzz.ratio(core, phrase)
        if sim > best:
            best_phrase, best = phrase, sim
    if best_phrase is not None and best >= FUZZY_MIN:
        return CommandMatch(index[best_phrase], best_phrase, best, "text")
    if grammar_text:
        g = normalize(grammar_text)
        if g in index and len(core.split()) <= len(g.split()) + 1:
            sim = fuzz.ratio(core, g)
            if sim >= CONFIRMED_MIN:
                return CommandMatch(index[g], g, sim, "grammar")
            if index[g] in NEVER_FROM_GRAMMAR_ALONE:
                return None
            if text_confidence is not None and text_confidence < UNSURE_CONFIDENCE and len(core.split()) <= 2:
                return CommandMatch(index[g], g, sim, "grammar")
            # a longer phrase half heard: "palin i doing" for "how am i doing"
            g_words, c_words = g.split(), core.split()
            if len(g_words) >= 3 and abs(len(g_words) - len(c_words)) <= 1:
                shared = sum(1 for w in set(g_words) if w in c_words)
                if shared * 2 >= len(set(g_words)) and g_words[-1] == c_words[-1]:
                    return CommandMatch(index[g], g, sim, "grammar")
    return None


def worth_grammar_check(text: str, duration_s: float) -> bool:
    """Only short utterances can be commands, so only those get a second, grammar decode."""
    return 0 < len(normalize(text).split()) <= 4 and duration_s <= 3.5
