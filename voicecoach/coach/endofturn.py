"""When has the person finished their thought? From what was said, how, and at which step.

The listener asks this module, while the person is quiet, how long the quiet must last before
the turn is over. Three things decide:

- **The words so far** (the recogniser's running partial text). A turn that stops on "and",
  "because", "the", "my", "to", "when I", "um", a preposition, a verb still missing its object
  ("I felt"), an opening like "what I heard you say is", or a when/if clause with no main
  clause yet, is *unfinished*; one that closes a clause ("…you felt ignored") is *finished*;
  anything else is *unknown*. The word lists are data: ``voicecoach/data/turn_taking.toml``.
- **The voice** (``voicecoach.audio.prosody``): falling pitch, fading loudness and a drawn-out
  last syllable shorten the wait a little; a level or rising pitch lengthens it.
- **The step**: a yes or no is over as soon as it is said; reflections and answers use the
  windows in ``ListenSettings``.

A finished thought ends after ``end_finished_s`` (~0.45 s); an unfinished one waits
``end_unfinished_s`` (2.2 s) — unless the voice clearly ended on a last word that can't end a
thought (most often a misheard last word: "…before we [talk]"): then ``end_unfinished_final_s``
(0.8 s). Openings and hesitations always wait the full time. If the words mislead (the recogniser misheard, or the person adds
to a finished sentence), the session's resume puts the turn back together (``session.py``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from voicecoach.audio.prosody import Prosody
from voicecoach.config import ListenSettings

FINISHED, UNFINISHED, UNKNOWN = "finished", "unfinished", "unknown"
KINDS = ("answer", "reflection", "commitment", "yesno")
"""The kinds of step a turn can answer."""
_LEADERS = {"that", "is", "was", "so", "and", "but", "because", "um", "uh", "er", "well", "okay", "ok",
            "yes", "no", "yeah", "then", "said", "says", "think", "mean", "felt", "feel"}
"""Words after which a when/if clause is still "preposed" (it opens what follows)."""
_DISCOURSE = frozenset({"so", "okay", "ok", "well", "right", "alright", "and", "um", "uh", "yeah", "oh", "like"})
"""Words that may open a turn before what it really begins with ("so what I heard…")."""
_WH = frozenset({"what", "how", "why", "where", "who", "whatever"})
_WEAK_PREPOSITIONS = frozenset({"by", "in", "on", "over", "after", "before", "around", "through", "behind", "under"})
"""Prepositions that also end sentences as particles ("carry on", "come in")."""


@dataclass(frozen=True)
class Ending:
    kind: str
    """FINISHED, UNFINISHED or UNKNOWN."""
    reason: str
    strong: bool = False
    """An unfinished ending the voice can't overrule: an opening ("what I heard you say is") or a
    hesitation ("um"). A last function word can be the recogniser's mistake; those can't."""


@dataclass(frozen=True)
class Decision:
    window_s: float
    """How long the quiet must last for the turn to be over (seconds)."""
    ending: Ending
    prosody: str
    """The voice's verdict: "final", "neutral" or "continuing"."""

    def describe(self) -> str:
        return f"{self.ending.kind} ({self.ending.reason}), voice {self.prosody}: {self.window_s:.2f} s"


@dataclass(frozen=True)
class Cues:
    """The word lists of ``turn_taking.toml`` as sets."""

    unfinished: dict[str, frozenset[str]]
    finished: tuple[tuple[str, ...], ...]
    short_answers: tuple[tuple[str, ...], ...]
    openers: tuple[tuple[str, ...], ...]
    preposed: tuple[tuple[str, ...], ...]
    adverbial_starts: frozenset[str]
    subjects: frozenset[str]
    verbs: frozenset[str]
    not_verbs: frozenset[str]


@lru_cache(maxsize=1)
def cues() -> Cues:
    data = tomllib.loads(resources.files("voicecoach.data").joinpath("turn_taking.toml").read_text("utf-8"))

    def phrases(items) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted({tuple(words(p)) for p in items}, key=len, reverse=True))

    unf = {name: frozenset(items) for name, items in data["unfinished"].items()}
    clause = data["clause"]
    verbs = frozenset(clause["verbs"]) | unf["auxiliaries"] | unf["complement_verbs"]
    return Cues(
        unfinished=unf,
        finished=phrases(data["finished"]["phrases"]),
        short_answers=phrases(data["finished"]["short_answers"]),
        openers=phrases(data["openers"]["phrases"]),
        preposed=phrases(data["openers"]["preposed"]),
        adverbial_starts=frozenset(data["openers"]["adverbial_starts"]),
        subjects=frozenset(clause["subjects"]),
        verbs=verbs,
        not_verbs=frozenset(clause["not_verbs"]),
    )


def words(text: str) -> list[str]:
    """Lower-case words, apostrophes kept ("i'm"), everything else dropped."""
    return re.findall(r"[a-z]+(?:'[a-z]+)?", text.lower().replace("’", "'"))


def _ends_with(ws: list[str], phrase: tuple[str, ...]) -> bool:
    return len(ws) >= len(phrase) and tuple(ws[-len(phrase):]) == phrase


_STRONG_SUBJECTS = frozenset({"i", "we", "they", "he", "she", "i'm", "we're", "they're", "you're", "he's", "she's",
                              "i've", "we've", "they've", "you've", "i'll", "we'll", "they'll", "you'll", "i'd",
                              "we'd", "they'd", "you'd", "it's", "that's", "there's"})


def _clauses(ws: list[str], c: Cues) -> int:
    """How many subject + verb pairs ``ws`` holds (a rough count of clauses)."""
    n = 0
    for i, w in enumerate(ws[:-1]):
        nxt = ws[i + 1]
        if w in _STRONG_SUBJECTS and nxt not in c.not_verbs:
            n += 1
        elif w in c.subjects and (nxt in c.verbs or nxt.endswith("ed")) and nxt not in c.not_verbs:
            n += 1
    # "it's", "i'm", … carry their own verb
    if ws and ws[-1] in _STRONG_SUBJECTS and "'" in ws[-1]:
        n += 1
    return n


def _has_verb(ws: list[str], c: Cues) -> bool:
    return _clauses(ws, c) > 0 or any(w in c.unfinished["auxiliaries"] for w in ws)


def text_ending(text: str, kind: str = "answer") -> Ending:
    """Is the thought in ``text`` finished, unfinished, or can't the words tell?"""
    c = cues()
    ws = words(text)
    if ws and all(w in c.unfinished["fillers"] for w in ws):
        return Ending(UNFINISHED, f"hesitation '{ws[-1]}'", strong=True)
    while ws and ws[0] in c.unfinished["fillers"]:
        ws = ws[1:]
    if not ws:
        return Ending(UNKNOWN, "no words yet")
    last = ws[-1]
    if last in c.unfinished["fillers"]:
        return Ending(UNFINISHED, f"hesitation '{last}'", strong=True)
    if kind == "yesno":
        from voicecoach.coach.yesno import parse_answer

        if parse_answer(" ".join(ws)) is not None and last not in c.unfinished["conjunctions"]:
            return Ending(FINISHED, "a yes/no answer")
    if len(ws) <= 4:
        from voicecoach.coach.commands import match_command

        if match_command(" ".join(ws)) is not None:
            return Ending(FINISHED, "a voice command")
    if kind == "yesno":  # "I will", "yes I did": whole answers to a yes/no question
        for phrase in c.short_answers:
            if _ends_with(ws, phrase) and len(ws) - len(phrase) <= 1:
                return Ending(FINISHED, f"short answer '{' '.join(phrase)}'")
    # an opening that promises more: the whole turn, or a long one at its end
    core = list(ws)
    while len(core) > 1 and core[0] in _DISCOURSE:
        core = core[1:]
    for phrase in c.openers:
        if tuple(core) == phrase or (len(phrase) >= 4 and _ends_with(ws, phrase)):
            return Ending(UNFINISHED, f"opening '{' '.join(phrase)}'", strong=True)
    # a when/if clause at the start (or after "that"/"is") needs its main clause
    for i in range(len(ws) - 1, -1, -1):
        if i and ws[i - 1] not in _LEADERS:
            continue
        for phrase in c.preposed:
            if tuple(ws[i : i + len(phrase)]) == phrase:
                if _clauses(ws[i:], c) <= 1:
                    return Ending(UNFINISHED, f"'{' '.join(phrase)}' clause with no main clause yet")
                break
        else:
            continue
        break
    for phrase in c.finished:
        if _ends_with(ws, phrase):
            return Ending(FINISHED, f"closing '{' '.join(phrase)}'")
    if kind == "yesno" or len(ws) <= 3 or ws[0] in ("yes", "no", "yeah", "nope"):
        for phrase in c.short_answers:
            if _ends_with(ws, phrase) and len(ws) - len(phrase) <= 1:
                return Ending(FINISHED, f"short answer '{' '.join(phrase)}'")
    prev = ws[-2] if len(ws) >= 2 else ""
    if len(ws) >= 4 and ws[-3] in _WH and prev in c.subjects:
        return Ending(FINISHED, f"'{' '.join(ws[-3:])}' closes the clause")
    if last == "that":
        if prev in c.unfinished["prepositions"] or prev in _WEAK_PREPOSITIONS or prev in ("did", "do", "does", "done", "doing", "like", "love",
                                                             "hate", "said", "say", "remember", "meant"):
            return Ending(FINISHED, f"'{prev} that'")
        return Ending(UNFINISHED, "'that' opening a clause")
    for group, members in c.unfinished.items():
        if last in members:
            return Ending(UNFINISHED, f"ends on {group[:-1] if group.endswith('s') else group} '{last}'")
    if last in ("you", "it", "me", "him", "her", "them", "us"):
        if prev in ("made", "make", "makes", "making", "let", "lets", "want", "wanted", "wants", "told", "asked",
                    "need", "needed", "help", "helped", "get", "got"):
            if prev in ("made", "make", "makes", "making", "let", "lets", "want", "wanted", "wants"):
                return Ending(UNFINISHED, f"'{prev} {last}' needs a verb")
        elif prev in c.unfinished["conjunctions"] or prev in c.unfinished["subordinators"] or prev == "that":
            return Ending(UNFINISHED, f"'{prev} {last}' opens a clause")
    if not _has_verb(ws, c):
        if ws[0] in c.adverbial_starts:
            return Ending(UNFINISHED, "a time or place phrase with no verb yet")
        return Ending(UNKNOWN, "no clause")
    return Ending(FINISHED, "a clause closed")


class TurnPolicy:
    """The window of quiet that ends a turn, per step kind, words and voice."""

    def __init__(self, settings: ListenSettings | None = None) -> None:
        self.settings = settings or ListenSettings()

    def decide(self, kind: str, text: str, prosody: Prosody | None = None) -> Decision:
        s = self.settings
        ending = text_ending(text, kind)
        voice = prosody.verdict if prosody is not None else "neutral"
        if ending.kind == UNFINISHED:
            # words and voice disagree: the voice ended (falling, fading) on a word that can't end a
            # thought, which is most often the recogniser mishearing the last word
            window = s.end_unfinished_final_s if voice == "final" and not ending.strong else s.end_unfinished_s
        elif ending.kind == FINISHED:
            if kind == "yesno":
                window = s.end_yesno_s
            else:
                window = {"final": s.end_finished_final_s, "continuing": s.end_finished_continuing_s}.get(
                    voice, s.end_finished_s)
        else:
            window = {"final": s.end_unknown_final_s, "continuing": s.end_unknown_continuing_s}.get(
                voice, s.end_unknown_s)
        return Decision(window, ending, voice)
