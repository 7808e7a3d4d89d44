"""Noticing when the same fight keeps coming back (METHOD.md section 7).

A statement is compared with earlier ones by the content words they share, after dropping
stop words and reducing words to lemmas (simplemma), with a small lexicon that folds everyday
synonyms into one theme ("spent", "bought", "dollars" -> money; "cancelled", "bailed" ->
cancelling). When this statement and at least two earlier, closely related ones fall inside the
window (3 in 60 days by default), ``find_recurring`` reports the theme; ``recurring_message`` is
the gentle line the coach may say at the close. It notices a pattern; it never diagnoses.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from voicecoach.coach.prompts import join_words, ordinal, prompt, spoken_span
from voicecoach.errors import InputError

__all__ = ["RecurringTheme", "content_terms", "find_recurring", "recurring_message", "relatedness"]

# Everyday words that fold into one theme. A shared theme weighs as much as two shared words.
_THEMES: dict[str, tuple[str, ...]] = {
    "cancelling plans": ("cancel", "bail", "flake", "postpone", "reschedule", "stand up", "no-show",
                         "call off", "pull out", "back out"),
    "money": ("money", "spend", "buy", "cost", "pay", "price", "bill", "debt", "budget", "expensive",
              "purchase", "loan", "invoice", "cash", "afford", "dollar", "pound", "euro", "card",
              "save", "saving", "savings", "splurge", "overspend", "salary", "rent"),
    "chores": ("dish", "kitchen", "clean", "chore", "laundry", "mess", "messy", "tidy", "housework",
               "trash", "rubbish", "bin", "vacuum", "hoover", "washing", "cook", "cooking", "grocery",
               "groceries"),
    "phones": ("phone", "screen", "scroll", "instagram", "tiktok", "facebook", "game", "gaming",
               "laptop"),
    "lateness": ("late", "lateness", "wait", "punctual", "delay", "delayed"),
    "raised voices": ("yell", "shout", "scream", "loud", "raise voice", "raised voice"),
    "family": ("mother", "mum", "mom", "father", "dad", "parent", "in-law", "sister", "brother",
               "family", "mother-in-law", "relative"),
    "intimacy": ("sex", "intimacy", "touch", "affection", "cuddle", "romance", "romantic"),
    "being interrupted": ("interrupt", "cut off", "talk over", "finish sentence"),
    "trust": ("lie", "secret", "trust", "betray", "cheat", "gossip"),
    "time together": ("together", "date night", "quality time", "attention", "alone time"),
    "deadlines": ("deadline", "due", "overdue"),
    "credit for work": ("take credit", "took credit", "recognition", "acknowledge", "unappreciated"),
}
_PHRASE_THEMES = sorted(
    ((tuple(p.split()), theme) for theme, words in _THEMES.items() for p in words if " " in p),
    key=lambda item: -len(item[0]),
)
_WORD_THEMES = {p: theme for theme, words in _THEMES.items() for p in words if " " not in p}

_STOP = set(
    """
    a about above after again against all almost also always am an and any anything are around as at
    away back be because been before being below between both but by can cannot could did do does
    doing done down during each either else enough even ever every everything few for from further
    get gets getting go goes going gone got had has have having he her here hers herself him himself
    his how i if in into is it its itself just keep kept know knew last least less let like little lot
    lots made make makes making many may me might mine more most much must my myself never no nobody
    none nor not nothing now of off often on once one only or other our ours ourselves out over own
    quite rather really right said same say says saying see seem seems she should since so some
    someone something sometimes still such take takes taking tell telling than that the their theirs
    them themselves then there these they thing things think this those though thought through to
    told too under until up upon us very want wanted was way we well were what whatever when whenever
    where whether which while who whom whose why will with without would yet you your yours yourself
    yourselves again anymore already ago day days week weeks night nights morning evening today tonight
    yesterday tomorrow time times monday tuesday wednesday thursday friday saturday sunday minute
    hour hours month months year years feel feels felt feeling feelings like sick tired hurt upset
    sad angry mad happy okay ok yeah yes um uh honestly literally actually basically seriously
    whole every each kind sort bit stuff matter matters mean meant need needed guess come came put
    give gave look looked try tried trying start started stop stopped care cares let's i'm i've i'd
    i'll you're you've you'd you'll it's that's don't didn't doesn't won't can't isn't aren't wasn't
    weren't haven't hasn't couldn't shouldn't wouldn't there's what's he's she's we're they're
    two three four five six seven eight nine ten twenty thirty fifty hundred thousand first second
    new old big small good bad long short find found
    """.split()
)
_TOKEN_RE = re.compile(r"[a-z]+(?:['\-][a-z]+)*")
# Lemmas simplemma leaves with a doubled final consonant (British spelling of -ed / -ing forms).
_LEMMA_FIX = {"cancell": "cancel", "travell": "travel", "quarrell": "quarrel", "labell": "label",
              "signall": "signal", "modell": "model", "fuell": "fuel", "counsell": "counsel"}


@functools.lru_cache(maxsize=8192)
def _lemma(word: str) -> str:
    try:
        import simplemma

        lemma = simplemma.lemmatize(word, lang="en").lower()
    except Exception:  # noqa: BLE001 - no lemmatiser: fall back to the word itself
        lemma = word
    return _LEMMA_FIX.get(lemma, lemma)


def content_terms(text: str) -> frozenset[str]:
    """The content lemmas of ``text``, with synonyms folded into themes ("theme:money")."""
    words = _TOKEN_RE.findall((text or "").lower().replace("’", "'"))
    lemmas = [_lemma(w) for w in words]
    terms: set[str] = set()
    i = 0
    while i < len(lemmas):
        for phrase, theme in _PHRASE_THEMES:
            n = len(phrase)
            if tuple(lemmas[i : i + n]) == phrase or tuple(words[i : i + n]) == phrase:
                terms.add(f"theme:{theme}")
                i += n
                break
        else:
            word, lemma = words[i], lemmas[i]
            if lemma == "end" and i + 1 < len(words) and words[i + 1] == "up":
                i += 2  # "I end up feeling…": no theme ("around family, end and outsider": stop 43)
                continue
            theme = _WORD_THEMES.get(lemma) or _WORD_THEMES.get(word)
            if theme:
                terms.add(f"theme:{theme}")
            elif word not in _STOP and lemma not in _STOP and len(lemma) > 2 and not lemma.isdigit():
                terms.add(lemma)
            i += 1
    return frozenset(terms)


def _weight(terms: frozenset[str] | set[str]) -> int:
    return sum(2 if t.startswith("theme:") else 1 for t in terms)


def relatedness(a: frozenset[str], b: frozenset[str]) -> float:
    """How much two statements' content terms overlap, 0..1 (overlap over the smaller one).

    A shared theme counts as two shared words. Fewer than two shared words' weight is 0: one
    common word ("dinner") is not a pattern.
    """
    shared = a & b
    w = _weight(shared)
    if w < 2:
        return 0.0
    return w / min(_weight(a), _weight(b))


@dataclass(frozen=True)
class RecurringTheme:
    """The same fight, again: how often, since when, and the words it keeps coming back to."""

    count: int  # statements in the window on this theme, this one included
    first_seen: datetime  # the earliest related statement in the window
    theme_words: tuple[str, ...]  # shared content words, most shared first ("money", "cancel")
    window_days: int

    def to_dict(self) -> dict[str, object]:
        return {
            "count": self.count,
            "first_seen": self.first_seen.isoformat(),
            "theme_words": list(self.theme_words),
            "window_days": self.window_days,
        }


def _align(t: datetime, now: datetime) -> datetime:
    if (t.tzinfo is None) == (now.tzinfo is None):
        return t
    if t.tzinfo is None:
        return t.replace(tzinfo=now.tzinfo)
    return t.astimezone(now.tzinfo) if now.tzinfo else t.replace(tzinfo=None)


def _same(a: str, b: str) -> bool:
    said = [" ".join(_TOKEN_RE.findall((t or "").lower().replace("\u2019", "'"))) for t in (a, b)]
    return bool(said[0]) and said[0] == said[1]


def _display(term: str) -> str:
    return term.split(":", 1)[1] if term.startswith("theme:") else term


def find_recurring(
    past: list[tuple[datetime, str]],
    statement: str,
    now: datetime,
    *,
    window_days: int = 60,
    min_sessions: int = 3,
    threshold: float = 0.5,
) -> RecurringTheme | None:
    """The recurring theme when ``statement`` and enough earlier related ones fall in the window.

    ``past`` holds (when, statement) for earlier sessions; entries outside the last
    ``window_days`` before ``now`` are ignored. Returns None when fewer than ``min_sessions``
    statements (this one included) share the theme at ``threshold`` relatedness or more.
    """
    if window_days <= 0 or min_sessions < 2:
        raise InputError("window_days must be positive and min_sessions at least 2")
    current = content_terms(statement)
    if not current:
        return None
    start = now - timedelta(days=window_days)
    related: list[tuple[datetime, frozenset[str]]] = []
    for when, text in past:
        when = _align(when, now)
        if not (start <= when <= now):
            continue
        terms = content_terms(text)
        # the same words again are the same fight, however few content words they hold ("You never ask how my
        # day was." three times was never noticed: exploratory testing, stop 43)
        if relatedness(current, terms) >= threshold or _same(text, statement):
            related.append((when, terms))
    if len(related) + 1 < min_sessions:
        return None
    counts: Counter[str] = Counter()
    for _, terms in related:
        counts.update(current & terms)
    ranked = sorted(counts, key=lambda t: (-counts[t], not t.startswith("theme:"), t))
    words = tuple(_display(t) for t in ranked[:4])
    return RecurringTheme(
        count=len(related) + 1,
        first_seen=min(when for when, _ in related),
        theme_words=words,
        window_days=window_days,
    )


def recurring_message(theme: RecurringTheme) -> str:
    """The gentle closing line: a pattern noticed, a therapist as a safe container, no diagnosis."""
    # a theme reads as a topic ("cancelling plans"); a word of theirs is quoted ("around 'ask'" read as broken
    # English: exploratory testing, stop 43)
    themes = set(_THEMES)
    words = join_words([w if w in themes else f"'{w}'" for w in theme.theme_words[:3]]) or "the same things"
    return prompt(
        "recurring.gentle",
        count=ordinal(theme.count),
        span=spoken_span(theme.window_days),
        words=words,
    )
