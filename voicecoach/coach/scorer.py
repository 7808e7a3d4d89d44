"""Judge a spoken reflection ("What I heard you say is…") against what the other person said.

The method (METHOD.md §2, SCORING.md): a good reflection gives back the *content* (what happened) and
the *feeling* (how they felt), from *their* point of view ("you felt…", "when I…"), with nothing of the
listener's added. Defensiveness is judged by what the reply *does* (Lerner: argue, refute, correct facts,
counter-complain, minimise, justify, mock, blame), never by the word "but" alone; empathic frames
("I can see that you…", "that must be hard", "correct me if I'm wrong, but…") never make a reply
defensive. A reply that reflects nothing and defends nothing (reassurance, plans, facts) is ``missed``.

Two layers:

1. Rules over lemmas (simplemma), fuzzy matching (rapidfuzz) and word lists kept as data in
   ``voicecoach/data/feelings.toml`` and ``phrases.toml``: they give the verdict and the explanation
   (which feeling was missed, which phrase defended). :func:`analyse` returns everything they measured.
2. A small logistic model (``voicecoach/data/scorer_model.json``, trained by ``scripts/train_scorer.py``;
   see ``voicecoach/coach/learned.py``) over the rules' outputs and cue features: ``score`` is its
   calibrated probability that the reply is a good reflection. A four-way model
   (``voicecoach/data/scorer_fourway.json``, ``scripts/train_scorer.py --four-way``, learned.FourWay)
   re-decides among accurate / partial / missed where the rules found no defence, under a guard chosen
   leave-one-reviewer-set-out (``scripts/loso_scorer.py``): it never talks a defence away, never calls a
   reply defensive without the phrase, never turns "missed" into "accurate". A defence check
   (``voicecoach/coach/defence_check.py``, ``voicecoach/data/scorer_defence.json``) takes a second look at a
   defence the rules found only from a clause's shape in a reply that gives something of theirs back:
   trained on how the rules did on reviewer sets they had not seen yet, it lets the reply be judged without
   the act when a real defence is unlikely. Pure Python at run time.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz, process

from voicecoach.coach import aside_check, defence_check, learned, lexical, tail_check
from voicecoach.coach.text import (
    LISTENER,
    PARTICIPLES,
    SPEAKER,
    STOPWORDS,
    as_written,
    lemma,
    role_of,
    tokens,
)
from voicecoach.errors import VoicecoachError

__all__ = [
    "ACT_KINDS",
    "DEFENDED_PARTIAL",
    "VERDICTS",
    "Analysis",
    "Lexicon",
    "ReflectionScore",
    "analyse",
    "family_label",
    "family_of",
    "feeling_families",
    "find_feelings",
    "find_phrases",
    "lexicon",
    "rule_verdict",
    "score_reflection",
]

VERDICTS = ("accurate", "partial", "missed", "defensive")
# What a defensive reply does (METHOD.md §2, Lerner); each has its own phrase lists in phrases.toml.
ACT_KINDS = ("correction", "counter_complaint", "blame", "minimising", "justification", "sarcasm")
# Cue lists ([cues] in phrases.toml) the learned layer counts; they never decide a verdict on their own.
CUE_KINDS = ("hedges", "affirmation", "information", "invitation", "inner", "listener_self")

_PRONOUN_RE = (
    r"(?:i|you|we|he|she|they|him|her|them|my|your|our|his|their|mine|yours|myself|yourself|ourselves"
    r"|themselves|it|its)"
)
_GAP_RE = r"(?:\S+ ){0,3}"
_NEGATORS = frozenset({"not", "never", "no", "without"})

# Scoring thresholds (calibrated on tests/data/reflections.toml; see scripts/eval_scorer.py).
_FEELING_OK = 0.5  # feeling coverage needed to count the feeling as caught
_RELATED_CREDIT = 0.8  # a close family ("unheard" for "ignored")
_GENERIC_CREDIT = 0.4  # a vague feeling word ("upset") for a specific feeling
_NOVEL_CLAUSE = 0.5  # share of new words after "but" that makes it the listener's own side


class LexiconError(VoicecoachError):
    """A coach data file (feelings.toml / phrases.toml) that cannot be used."""


# --- phrase compilation ----------------------------------------------------------------------------


_PRONOUN_WORDS = frozenset(_PRONOUN_RE[3:-1].split("|"))
# What may stand between "you were" and a judgement of them ("you were being so rude").
_TRAIT_MODIFIERS = tuple(
    m
    for m in (
        "",
        "so ",
        "really ",
        "too ",
        "being ",
        "being so ",
        "being really ",
        "just ",
        "always ",
        "very ",
        "kind of ",
        "a bit ",
        "pretty ",
        "quite ",
        "being a bit ",
        "getting ",
        "getting so ",
        "acting ",
    )
)


def _phrase_regex(phrase: str) -> tuple[str, bool, str, str]:
    """Regex (over a space-joined lemma string, matched at a word start) for one lexicon phrase.

    Returns the regex, whether it is anchored at the start ("^ …"; "… $" anchors it at the end), its
    first word ("@" for a pronoun slot) so matching can jump straight to the phrases that can start at a
    given word, and the word that must follow the first ("@" for a pronoun slot, "" when any may: a gap,
    or a phrase of one word) so that only phrases whose second word is there are tried.
    """
    parts: list[str] = []
    keys: list[str] = []  # the phrase's first two slots: a lemma, "@", or "" for a gap
    anchored = False
    first = ""
    raw_words = phrase.split()
    at_end = bool(raw_words) and raw_words[-1] == "$"
    if at_end:
        raw_words = raw_words[:-1]
    for raw in raw_words:
        if raw == "^" and not parts:
            anchored = True
            continue
        if raw == "@":
            parts.append(_PRONOUN_RE + " ")
            first = first or "@"
            keys.append("@")
        elif raw == "...":
            if parts:
                parts.append(_GAP_RE)
                keys.append("")
        else:
            for word in tokens(raw):
                parts.append(re.escape(lemma(word)) + " ")
                first = first or lemma(word)
                keys.append(lemma(word))
    while parts and parts[-1] == _GAP_RE:
        parts.pop()
    if not parts:
        raise LexiconError(f"coach data: the phrase {phrase!r} has no words")
    body = "".join(parts)
    body = body.removesuffix(" ")
    second = keys[1] if len(keys) > 1 and " " not in keys[1] else ""
    return body + (r"$" if at_end else r"(?!\S)"), anchored, first, second


@dataclass(frozen=True)
class _PhraseSet:
    """Compiled phrases of one list, indexed by their first word and then the word that must follow it
    (fast: only phrases that can match where they start are tried; "" holds those any next word may
    follow, "@" those a pronoun must follow)."""

    by_first: dict[str, dict[str, tuple[tuple[int, re.Pattern[str], bool, str], ...]]]

    @classmethod
    def build(cls, phrases: list[str], where: str, payloads: list[str] | None = None) -> _PhraseSet:
        if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
            raise LexiconError(f"coach data: {where} must be a list of non-empty strings")
        index: dict[str, dict[str, list[tuple[int, re.Pattern[str], bool, str]]]] = {}
        items = list(zip(phrases, payloads or [""] * len(phrases)))
        # Longest first so the fullest phrase wins where two start at the same word.
        ranked = sorted(dict(items).items(), key=lambda x: -len(x[0]))
        for rank, (p, payload) in enumerate(ranked):
            rx, anchored, first, second = _phrase_regex(p)
            entry = (rank, re.compile(rx), anchored, payload)
            index.setdefault(first, {}).setdefault(second, []).append(entry)
        return cls({k: {w: tuple(v) for w, v in nxt.items()} for k, nxt in index.items()})

    def matches(self, text: _Text) -> list[tuple[tuple[int, int], str]]:
        """Every phrase found in ``text``, in order of where it starts (only words that can start a
        phrase of this list are tried: the text's index of lemma positions meets the list's index)."""
        by_first, positions = self.by_first, text.positions
        starts: list[int] = []
        if len(by_first) < len(positions):
            for first in by_first:
                starts.extend(positions.get(first, ()))
        else:
            for lem, where in positions.items():
                if lem in by_first:
                    starts.extend(where)
        pron = by_first.get("@")
        if pron:
            for w in _PRONOUN_WORDS:
                starts.extend(positions.get(w, ()))
        out = []
        lemmas, n = text.lemmas, len(text.lemmas)
        for t in sorted(set(starts)):
            lem = lemmas[t]
            nxt = lemmas[t + 1].split(" ", 1)[0] if t + 1 < n else None
            # the phrases starting with this word, then (for a pronoun) those with a pronoun slot first;
            # within each, the list's order (longest first)
            for g in (by_first.get(lem), pron if lem in _PRONOUN_WORDS else None):
                if not g:
                    continue
                cands = list(g.get("", ()))
                if nxt is not None:
                    cands.extend(g.get(nxt, ()))
                    if nxt in _PRONOUN_WORDS:
                        cands.extend(g.get("@", ()))
                    cands.sort(key=lambda c: c[0])
                for _, rx, anchored, payload in cands:
                    if anchored and t:
                        continue
                    m = rx.match(text.lstr, text.starts[t])
                    if m:
                        out.append((m.span(), payload))
        return out

    def spans(self, text: _Text) -> list[tuple[int, int]]:
        return [span for span, _ in self.matches(text)]


@dataclass(frozen=True)
class _Family:
    name: str
    label: str
    phrases: _PhraseSet
    related: frozenset[str]
    members: frozenset[str]  # lemmas of single words, for family_of()
    phrase_list: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    """Everything the scorer reads from the data files, compiled once."""

    families: dict[str, _Family]
    family_phrases: _PhraseSet  # every family's phrases in one index; payload "name|name…"
    word_index: dict[str, frozenset[str]]  # word lemma -> families
    phrase_families: dict[str, str]  # normalised phrase -> family, for family_of()
    openers: tuple[tuple[str, ...], ...]
    sympathy: tuple[tuple[str, ...], ...]
    quote_frames: tuple[tuple[str, ...], ...]
    checks: tuple[tuple[str, ...], ...]
    lists: dict[str, _PhraseSet]
    acts: dict[str, tuple[_PhraseSet, _PhraseSet]]  # kind -> (anywhere, only in a complaint)
    safe: _PhraseSet
    traits: frozenset[str]  # first lemma of a judgement of behaviour ("rude", "rambling")
    contrast: tuple[tuple[str, ...], ...]
    reason: frozenset[str]
    circumstances: frozenset[str]  # first lemma of a circumstance that excuses ("busy", "overbooked")
    light_words: frozenset[str]
    filler_words: frozenset[str]  # adverbs that never make a clause new ("already", "around")
    synonym_words: dict[str, str]
    synonym_phrases: _PhraseSet
    imperatives: frozenset[str]  # first lemma of an imperative that opens advice


def _lemma_seq(phrase: str) -> tuple[str, ...]:
    return tuple(lemma(w) for w in tokens(phrase))


def _load_toml(name: str) -> dict[str, Any]:
    try:
        data = resources.files("voicecoach.data").joinpath(name).read_bytes()
        return tomllib.loads(data.decode("utf-8"))
    except FileNotFoundError as exc:
        raise LexiconError(f"coach data file {name} is missing from the voicecoach package") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise LexiconError(f"coach data file {name} is not valid TOML: {exc}") from exc


def _str_list(table: dict[str, Any], key: str, where: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"coach data: {where}.{key} must be a list of strings")
    return value


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load and compile feelings.toml and phrases.toml (once per process)."""
    feelings = _load_toml("feelings.toml")
    phrases = _load_toml("phrases.toml")
    fam_tables = feelings.get("families")
    if not isinstance(fam_tables, dict) or not fam_tables:
        raise LexiconError("coach data: feelings.toml has no [families.*] tables")
    families: dict[str, _Family] = {}
    word_index: dict[str, set[str]] = {}
    phrase_families: dict[str, str] = {}
    for name, table in fam_tables.items():
        where = f"feelings.toml families.{name}"
        if not isinstance(table, dict):
            raise LexiconError(f"coach data: {where} must be a table")
        words = _str_list(table, "words", where)
        plist = _str_list(table, "phrases", where)
        plist = plist + [w for w in words if len(w.split()) > 1]
        words = [w for w in words if len(w.split()) == 1]
        if not words and not plist:
            raise LexiconError(f"coach data: {where} has neither words nor phrases")
        word_lemmas = {lemma(w) for w in (t for x in words for t in tokens(x))}
        for w in word_lemmas:
            word_index.setdefault(w, set()).add(name)
        label = table.get("label", name)
        if not isinstance(label, str) or not label.strip():
            raise LexiconError(f"coach data: {where}.label must be a non-empty string")
        families[name] = _Family(
            name=name,
            label=label,
            phrases=_PhraseSet.build(plist, where + ".phrases"),
            related=frozenset(_str_list(table, "related", where)),
            members=frozenset(word_lemmas),
            phrase_list=tuple(plist),
        )
        for p in plist:
            phrase_families.setdefault(" ".join(_lemma_seq(p.replace("@", " ").replace("...", " "))), name)
    for fam in families.values():
        unknown = fam.related - families.keys()
        if unknown:
            raise LexiconError(
                f"coach data: feelings.toml families.{fam.name}.related names unknown "
                f"families: {', '.join(sorted(unknown))}"
            )

    refl = phrases.get("reflection", {})
    notr = phrases.get("not_reflecting", {})
    dfn = phrases.get("defensive", {})
    lists = {
        "apology": _PhraseSet.build(_str_list(notr, "apology", "not_reflecting"), "apology"),
        "advice": _PhraseSet.build(_str_list(notr, "advice", "not_reflecting"), "advice"),
        "topic_change": _PhraseSet.build(_str_list(notr, "topic_change", "not_reflecting"), "topic_change"),
        "acknowledgement": _PhraseSet.build(
            ["^ " + q for q in _str_list(notr, "acknowledgement", "not_reflecting")], "acknowledgement"
        ),
        "question": _PhraseSet.build(
            ["^ " + q for q in _str_list(notr, "question_starts", "not_reflecting")], "question_starts"
        ),
    }
    for key in ("question_inner", "exploring", "plan", "reassurance", "disclosure", "pleasantry"):
        lists[key] = _PhraseSet.build(_str_list(notr, key, "not_reflecting"), key)
    imperatives = _str_list(notr, "imperatives", "not_reflecting")
    cue_table = phrases.get("cues", {})
    for key in CUE_KINDS:
        lists["cue_" + key] = _PhraseSet.build(_str_list(cue_table, key, "cues"), "cues." + key)
    acts: dict[str, tuple[_PhraseSet, _PhraseSet]] = {}
    for kind in ACT_KINDS:
        table = dfn.get(kind)
        if not isinstance(table, dict):
            raise LexiconError(f"coach data: phrases.toml needs a [defensive.{kind}] table")
        anywhere = _str_list(table, "anywhere", f"defensive.{kind}")
        complaint = _str_list(table, "complaint", f"defensive.{kind}")
        if kind == "blame":  # "you were (being) so rude": a judgement of them
            for t in _str_list(dfn, "traits", "defensive"):
                complaint = complaint + [f"you be {m}{t}" for m in _TRAIT_MODIFIERS]
                # "so you got jealous because I was chatting to Kate": their hurt renamed as a failing
                complaint = complaint + [f"you get {m}{t}" for m in ("", "so ", "really ", "a bit ", "all ")]
        acts[kind] = (
            _PhraseSet.build(anywhere, f"defensive.{kind}.anywhere"),
            _PhraseSet.build(complaint, f"defensive.{kind}.complaint"),
        )
        lists[kind] = _PhraseSet.build(anywhere + complaint, f"defensive.{kind}")

    def seqs(table: dict[str, Any], key: str, where: str) -> tuple[tuple[str, ...], ...]:
        out = {_lemma_seq(p) for p in _str_list(table, key, where)}
        out.discard(())
        return tuple(sorted(out, key=len, reverse=True))

    syn_words: dict[str, str] = {}
    syn_phrases: list[str] = []
    syn_payloads: list[str] = []
    groups = phrases.get("synonyms", {}).get("groups", [])
    if not isinstance(groups, list):
        raise LexiconError("coach data: phrases.toml synonyms.groups must be a list of lists")
    for group in groups:
        if not isinstance(group, list) or not group or not all(isinstance(g, str) for g in group):
            raise LexiconError("coach data: each phrases.toml synonyms group must be a list of strings")
        canon = "_".join(_lemma_seq(group[0])) or group[0]
        for entry in group:
            seq = _lemma_seq(entry)
            if len(seq) == 1 and "@" not in entry:
                syn_words.setdefault(seq[0], canon)
            elif seq:
                syn_phrases.append(entry)
                syn_payloads.append(canon)

    owners: dict[str, list[str]] = {}
    for fam in families.values():
        for p in fam.phrase_list:
            owners.setdefault(p, [])
            if fam.name not in owners[p]:
                owners[p].append(fam.name)
    return Lexicon(
        families=families,
        family_phrases=_PhraseSet.build(
            list(owners), "families.phrases", ["|".join(v) for v in owners.values()]
        ),
        word_index={k: frozenset(v) for k, v in word_index.items()},
        phrase_families=phrase_families,
        openers=seqs(refl, "openers", "reflection"),
        sympathy=seqs(refl, "sympathy", "reflection"),
        quote_frames=seqs(refl, "quote_frames", "reflection"),
        checks=seqs(refl, "checks", "reflection"),
        lists=lists,
        acts=acts,
        safe=_PhraseSet.build(_str_list(dfn, "safe", "defensive"), "defensive.safe"),
        traits=frozenset(_lemma_seq(t)[0] for t in _str_list(dfn, "traits", "defensive") if _lemma_seq(t)),
        contrast=seqs(dfn, "contrast", "defensive"),
        reason=frozenset(lemma(w) for w in _str_list(dfn, "reason", "defensive")),
        circumstances=frozenset(
            _lemma_seq(w)[0] for w in _str_list(dfn, "circumstances", "defensive") if _lemma_seq(w)
        ),
        light_words=frozenset(
            lemma(t)
            for w in _str_list(phrases.get("content", {}), "light_words", "content")
            for t in tokens(w)
        ),
        filler_words=frozenset(
            lemma(t)
            for w in _str_list(phrases.get("content", {}), "filler_words", "content")
            for t in tokens(w)
        ),
        synonym_words=syn_words,
        synonym_phrases=_PhraseSet.build(syn_phrases, "synonyms", syn_payloads),
        imperatives=frozenset(_lemma_seq(v)[0] for v in imperatives if _lemma_seq(v)),
    )


# --- analysed text ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Text:
    words: tuple[str, ...]  # normalised surface words
    lemmas: tuple[str, ...]
    lstr: str  # lemmas joined by single spaces
    starts: tuple[int, ...]  # char offset of each lemma in lstr
    positions: dict[str, tuple[int, ...]]  # lemma -> the tokens where it stands

    @classmethod
    def of_words(cls, words: list[str] | tuple[str, ...]) -> _Text:
        lem = tuple(lemma(w) for w in words)
        starts, pos = [], 0
        where: dict[str, list[int]] = {}
        for t, lm in enumerate(lem):
            starts.append(pos)
            pos += len(lm) + 1
            where.setdefault(lm, []).append(t)
        return cls(tuple(words), lem, " ".join(lem), tuple(starts), {k: tuple(v) for k, v in where.items()})

    def token_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def token_span(self, span: tuple[int, int]) -> tuple[int, int]:
        a, b = span
        return self.token_at(a), self.token_at(max(a, b - 1)) + 1

    def surface(self, a: int, b: int) -> str:
        return " ".join(self.words[a:b])


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    families: frozenset[str]
    primary: bool  # said as a feeling ("I felt stupid", "it hurts"), not only implied by an event


# Words that, just before a feeling word, mark it as a feeling being named ("I felt…", "it hurts").
_FEELING_CUES = frozenset(
    "feel be get make seem look sound become leave it that so really very too just completely totally "
    "quite pretty kind of bit little like such".split()
)
_FEEL_VERBS = frozenset({"feel", "be", "get", "make", "seem", "sound", "become", "leave"})
_INTENSIFIERS = frozenset(
    "so really very too just completely totally quite pretty absolutely utterly".split()
)
# Words that may stand between "it" and a feeling it names ("it still hurts", "it must really sting").
_BEFORE_FEELING = _INTENSIFIERS | frozenset(
    "still always even also must would will can could might may have sometimes".split()
)
# Families that, said of "you" in a statement ("you got mad", "you were stressed"), are the listener's
# state, not the speaker's feeling: they are not expected back. ("You were dismissive" is behaviour the
# speaker felt, and stays.)
_LISTENER_STATES = frozenset(
    "angry anxious scared sad exhausted overwhelmed confused jealous guilty upset helpless hurt "
    "embarrassed alone".split()
)
_FEELING_VERBS = frozenset("miss hate resent fear dread regret worry envy doubt panic".split())
_COPULAS = frozenset({"be", "get", "seem", "look", "sound", "become", "feel", "go"})


def _said_of_listener(text: _Text, start: int) -> bool:
    """Whether a statement's feeling word describes the listener ("you got so mad", "you were stressed")."""
    k = start - 1
    while k >= 0 and (text.lemmas[k] in _INTENSIFIERS or text.lemmas[k] in {"all", "always", "really"}):
        k -= 1
    if k < 1 or text.lemmas[k] not in _COPULAS:
        return False
    j = k - 1
    while j >= 0 and text.lemmas[j] in {"always", "never", "just", "really", "so", "not"}:
        j -= 1
    return j >= 0 and text.words[j] in {"you", "youre"}


def _said_of_other(text: _Text, start: int) -> bool:
    """Whether a statement's feeling word describes a third person ("he was confused", "the kids were
    terrified", "Mum got upset"), not the speaker or the listener."""
    k = start - 1
    while k >= 0 and (text.lemmas[k] in _INTENSIFIERS or text.lemmas[k] in {"all", "always", "really", "so"}):
        k -= 1
    if k < 1 or text.lemmas[k] not in _COPULAS:
        return False
    j = k - 1
    while j >= 0 and text.lemmas[j] in {"always", "never", "just", "really", "so", "not", "then"}:
        j -= 1
    if j < 0:
        return False
    w = text.words[j]
    if w in {"he", "she", "they"}:
        return True
    return (
        _is_content(text.lemmas[j])
        and w not in {"i", "you", "we", "me", "it", "that", "this"}
        and j >= 1
        and text.words[j - 1] in {"the", "my", "your", "his", "her", "our", "their", "and"}
    )


def _said_of_thing(text: _Text, start: int) -> bool:
    """Whether a statement's feeling phrase describes a thing, not a person: "left our kitchen torn apart",
    "got the garden wrecked" (a possessive or article, a noun, then the phrase)."""
    if start < 2:
        return False
    noun, det = text.words[start - 1], text.words[start - 2]
    return (
        det in {"our", "the", "my", "your", "his", "her", "their"}
        and _is_content(text.lemmas[start - 1])
        and noun not in _PEOPLE_OF_YOURS
        and noun not in {"heart", "feelings", "feeling", "self", "confidence", "pride", "trust", "mind"}
        and lexicon().word_index.get(text.lemmas[start - 1]) is None
        and text.lemmas[start - 2 - 1 : start - 2] in (("leave",), ("get",), ("make",), ("have",))
    )


def _is_primary(text: _Text, start: int) -> bool:
    if text.lemmas[start] in _FEEL_VERBS and not (
        text.lemmas[start] == "make" and text.lemmas[start + 1 : start + 2] not in (("i",), ("you",))
    ):
        # the phrase itself says it ("feel small", "feel like a failure", "made me feel small"); not an act
        # that implies one ("made fun of my cooking")
        return True
    if (
        text.lemmas[start] in {"put", "drive", "break", "let"}
        and start + 1 < len(text.words)
        and text.words[start + 1] in {"you", "your", "me", "my"}
    ):
        return True  # "put you in an awful spot", "drive you mad", "break your heart"
    for k in range(start - 1, max(-1, start - 9), -1):  # inside "I feel like my ideas don't matter"
        lm = text.lemmas[k]
        if lm in {"and", "but", "because", "when", "so", "since", "though"}:
            break
        if lm == "feel" and k + 1 < start and text.lemmas[k + 1] in {"like", "that", "as"}:
            return True
    window = text.lemmas[max(0, start - 4) : start]
    if not window:
        return True  # a bare feeling word at the start ("humiliated, that's how I felt")
    k = len(window) - 1
    while k >= 0 and window[k] in _BEFORE_FEELING:
        k -= 1
    if k < 0:
        return True  # "really hurt, learning about…" once "that must have" is read as the opener
    if window[k] in {"i", "you"} and text.lemmas[start] in _FEELING_VERBS:
        return True  # "I miss my friend", "you hate running"
    if window[k] == "your" or (k < len(window) - 1 and window[k] in {"it", "that", "this"}):
        return True  # "your worn out" (a recogniser's "you're"), "it still hurts", "it really stings"
    if any(w in _FEEL_VERBS for w in window):
        return True
    if window[k] == "and" and k == len(window) - 1:
        back = text.lemmas[max(0, start - 9) : start - 1]
        j = len(back) - back[::-1].index("you") if "you" in back else 0
        others = {"i", "we", "he", "she", "they"} & set(back[j:])
        if j and back[j : j + 1] in (("be",), ("feel",), ("get",)) and not others:
            # "you were sat waiting an hour and scared you'd miss it": their state, joined on (not "calling
            # you lazy and useless": a word said of them)
            return True
    if window[k] == "how" and text.words[start + 1 : start + 2] in (("that",), ("it",), ("this",), ("you",)):
        return True  # "I can see how upsetting that is", "I can only imagine how betrayed you felt"
    return start - 1 >= 0 and text.lemmas[start - 1] in {"it", "that", "this"}


_NEVER_SO = frozenset((v, d) for v in ("be", "feel") for d in ("so", "more", "this", "that"))


def _feeling_mentions(text: _Text) -> list[_Mention]:
    lex = lexicon()
    raw: list[tuple[int, int, str]] = []
    for a, lem in enumerate(text.lemmas):
        names = lex.word_index.get(lem)
        if names and (
            not (set(text.lemmas[max(0, a - 3) : a]) & _NEGATORS)
            # "I've never been so embarrassed", "never felt more alone": never this much, not never
            or (a >= 3 and text.lemmas[a - 3] == "never" and text.lemmas[a - 2 : a] in _NEVER_SO)
        ):
            raw.extend((a, a + 1, name) for name in names)
    for span, names in lex.family_phrases.matches(text):
        a, b = text.token_span(span)
        raw.extend((a, b, name) for name in names.split("|"))
    raw.sort()
    merged: list[tuple[int, int, set[str]]] = []
    for a, b, name in raw:
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b), merged[-1][2] | {name})
        else:
            merged.append((a, b, {name}))
    return [_Mention(a, b, frozenset(f), _is_primary(text, a)) for a, b, f in merged]


def find_feelings(text: str) -> list[str]:
    """Feeling families named in ``text``, in order of first mention.

    >>> find_feelings("I felt invisible")
    ['unimportant']
    """
    if not isinstance(text, str):
        return []
    out: list[str] = []
    for mention in _feeling_mentions(_Text.of_words(tokens(text))):
        for name in sorted(mention.families):
            if name not in out:
                out.append(name)
    return out


def family_of(word: str) -> str | None:
    """The family a feeling word or phrase belongs to ("frightened" → "scared"), or None."""
    if not isinstance(word, str) or not word.strip():
        return None
    lex = lexicon()
    key = word.strip().lower()
    if key in lex.families:
        return key
    for fam in lex.families.values():
        if fam.label.lower() == key:
            return fam.name
    seq = _lemma_seq(word)
    if len(seq) == 1:
        for fam in lex.families.values():
            if seq[0] in fam.members:
                return fam.name
    joined = " ".join(seq)
    if joined in lex.phrase_families:
        return lex.phrase_families[joined]
    found = find_feelings(word)
    return found[0] if found else None


def family_label(name: str) -> str:
    """What the coach says for a family ("excluded" → "left out")."""
    fam = lexicon().families.get(name)
    return fam.label if fam else name


def feeling_families() -> dict[str, dict[str, Any]]:
    """Every family with its spoken label and related families (for other steps and for docs)."""
    return {n: {"label": f.label, "related": sorted(f.related)} for n, f in lexicon().families.items()}


def find_phrases(text: str, kind: str) -> list[str]:
    """Phrases of one list in phrases.toml found in ``text`` (kind: "minimising", "blame", "advice"…)."""
    lists = lexicon().lists
    if kind not in lists:
        raise ValueError(f"unknown phrase list {kind!r}; known: {', '.join(sorted(lists))}")
    t = _Text.of_words(tokens(text)) if isinstance(text, str) else _Text.of_words([])
    out = []
    for span in lists[kind].spans(t):
        a, b = t.token_span(span)
        phrase = t.surface(a, b)
        if phrase not in out:
            out.append(phrase)
    return out


# --- content words, synonyms, roles ------------------------------------------------------------------


def _canonical(text: _Text) -> list[str]:
    """Lemmas with synonyms folded to one representative (phrases first, then single words)."""
    lex = lexicon()
    canon = list(text.lemmas)
    for span, rep in lex.synonym_phrases.matches(text):
        a, b = text.token_span(span)
        if canon[a]:
            canon[a] = rep
            for k in range(a + 1, b):
                canon[k] = ""
    return [_number(lex.synonym_words.get(c, c)) if c else "" for c in canon]


# Numbers as a recogniser says them ("sixty", "two in the morning") and as a statement types them ("£60",
# "2am") read as one word
_NUMBER_CANON = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen".split()
    )
} | {w: str(10 * i) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
# ("the fourth time" ~ "four cancellations"; not "first", "second": "at first", "a second")
_ORDINAL_WORDS = ("third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth")
_ORDINALS = frozenset(_ORDINAL_WORDS)
_NUMBER_CANON |= {"hundred": "100", "thousand": "1000"} | {w: str(i) for i, w in enumerate(_ORDINAL_WORDS, 3)}
_CLOCK_RE = re.compile(r"(\d{1,2})(?:am|pm)")


def _number(word: str) -> str:
    """ "sixty" and "60" -> "60"; "2am" -> "2" (the hour, as "two in the morning" gives it)."""
    if word in _NUMBER_CANON:
        return _NUMBER_CANON[word]
    m = _CLOCK_RE.fullmatch(word)
    return m.group(1) if m else word


def _bare_echo(core: _Text, st: _Statement) -> bool:
    """A few words that only name what they spoke of ("Right... the hedge.", "the shampoo thing yeah",
    "six hours"): every word theirs or a filler, at least one of them a word of substance. Some of it
    given back, no feeling: partial, not a reply about something else."""
    words = [w for w in core.words if w.isalnum()]
    if not words or len(words) > 6:
        return False
    said = set(st.text.words) | set(st.text.lemmas)
    if any(w not in said and w not in _ECHO_FILLERS for w in words):
        return False
    return any(_is_content(w) and w not in _ECHO_FILLERS for w in words)


def _is_content(word: str) -> bool:
    return bool(word) and (word.isdigit() or (word not in STOPWORDS and len(word) > 1))


def _roles(words: tuple[str, ...], reflecting: bool, window: int = 4) -> list[str | None]:
    """For each token, who the nearest pronoun before it (within ``window`` tokens) points at."""
    out: list[str | None] = []
    last: tuple[int, str] | None = None
    for i, w in enumerate(words):
        r = role_of(w, reflecting=reflecting)
        out.append(last[1] if last and i - last[0] <= window else None)
        if r is not None:
            last = (i, r)
    return out


def _strip_prefix(
    seq: tuple[str, ...], options: tuple[tuple[str, ...], ...]
) -> tuple[int, tuple[str, ...] | None]:
    for opt in options:
        if seq[: len(opt)] == opt:
            return len(opt), opt
    return 0, None


# --- the result -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReflectionScore:
    """How faithful a reflection is, and what the coach says about it.

    ``score`` is the calibrated probability (0..1) that the reply is a good reflection (the learned
    layer; the rules' own 0..1 score when the model file is absent). ``verdict`` and the parts come
    from the rules; the four-way model (learned.FourWay) may re-decide among accurate / partial / missed
    where the rules found no defence, and the feedback follows the verdict it chose; where it left the
    rules' "missed" alone, the learned gate may turn a "missed" with nothing added into "partial".
    """

    verdict: str
    score: float
    content_coverage: float
    feeling_coverage: float
    feelings_expected: list[str] = field(default_factory=list)
    feelings_found: list[str] = field(default_factory=list)
    perspective: str = "theirs"
    defensive_phrases: list[str] = field(default_factory=list)
    defensive_kinds: list[str] = field(default_factory=list)
    not_reflecting: str | None = None
    missing_content: list[str] = field(default_factory=list)
    feedback: str = ""
    rule_verdict: str = ""  # the rules' verdict before the learned layer (differs only when it re-decided)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict of every field (``score --json`` prints this)."""
        d = asdict(self)
        d["score"] = round(self.score, 3)
        d["content_coverage"] = round(self.content_coverage, 3)
        d["feeling_coverage"] = round(self.feeling_coverage, 3)
        return d


def _quote(phrase: str) -> str:
    return f"'{phrase}'"


def _content_match(word: str, pool: list[str], pool_set: set[str]) -> str | None:
    if word in pool_set:
        return word
    if len(word) >= 4 and pool:
        # a word of a phrase the statement's words were folded into ("phone" in "checking your phone",
        # folded to "go_through_phone")
        for other in pool:
            if "_" in other and word == other.rsplit("_", 1)[-1] and word not in STOPWORDS:
                return other
        hit = process.extractOne(word, pool, scorer=fuzz.ratio, score_cutoff=80)
        if hit is not None:
            return hit[0]
        # one word, another form: "promotion" / "promoted", "engaged" / "engagement", "argue" / "arguments"
        for other in pool:
            if len(other) >= 4 and _same_stem(word, other):
                return other
    return None


def _same_stem(a: str, b: str) -> bool:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    short = min(len(a), len(b))
    return n >= 5 or (n >= 4 and n >= short - 1)


def _feel_like_clause(stmt: _Text, stmt_canon: list[str]) -> tuple[list[str], str, tuple[int, int]] | None:
    """The content of an "I feel like / that …" clause the lexicon has no name for, as a pseudo-feeling."""
    seq = stmt.lemmas
    for i in range(len(seq) - 2):
        if seq[i] == "feel" and seq[i + 1] in {"like", "that", "as"}:
            j = i + 2 + (1 if seq[i + 1] == "as" and i + 2 < len(seq) and seq[i + 2] == "if" else 0)
            k = j
            while k < len(seq) and k - j < 10 and seq[k] not in {"and", "but", "because", "when", "so"}:
                k += 1
            words = [c for c in stmt_canon[j:k] if _is_content(c)]
            if words:
                return words, stmt.surface(j, k), (j, k)
    return None


_FEEL_TAIL_STOPS = frozenset("but because when since after while if cause until before".split())


def _feel_tail(text: _Text, who: frozenset[str], hard: frozenset[int] = frozenset()) -> set[int]:
    """Token indices of what follows "<who> feel/felt/feeling" to the end of that thought ("I felt furious
    and so protective of her", "you feel like a guest in your own flat"): how it felt, never what
    happened, even when its words are not in the feelings lexicon."""
    out: set[int] = set()
    lem, words = text.lemmas, text.words
    for k, lm in enumerate(lem):
        if lm != "feel" or not (who & set(words[max(0, k - 3) : k])):
            continue
        end = k + 1
        while end < len(lem) and end - k <= 12 and lem[end] not in _FEEL_TAIL_STOPS and end not in hard:
            if lem[end] in {"and", "so"} and end + 1 < len(lem) and words[end + 1] in _SUBJECTS:
                break  # "…and I still feel shaky", "…so I left": a new clause
            end += 1
        out.update(range(k, end))
        # "your dad and I felt like strangers": who felt it, not what happened
        if k >= 3 and words[k - 1] in {"i", "we"} and words[k - 2] == "and":
            out.update(range(k - 4 if k >= 4 and words[k - 4] in {"my", "your", "our", "the"} else k - 3, k))
    return out


def _event_clause(body: _Text, body_canon: list[str]) -> bool:
    """Whether the reflection says what happened in its own words: "when I…", "because you…", "by what I…"."""
    subord = {"when", "because", "that", "after", "since", "by", "about", "how", "if", "as"}
    seq = body.lemmas
    for i, w in enumerate(seq):
        if w in subord:
            rest = seq[i + 1 : i + 4]
            if any(role_of(x, reflecting=True) for x in body.words[i + 1 : i + 4]) and any(
                _is_content(c) for c in body_canon[i + 1 : i + 7]
            ):
                return True
            if rest[:1] == ("what",) or (rest and rest[0] in {"we", "they", "nobody", "no", "everyone"}):
                return True
    return False


_FILLERS = frozenset({"um", "uh", "er", "erm", "ah", "hmm", "mm", "mhm", "hm", "uhm", "umm", "huh"})
_ECHO_FILLERS = _FILLERS | frozenset("yeah yes right so okay ok oh well the a an thing that this".split())
"""Words that carry nothing of theirs in a bare echo ("the shampoo thing yeah")."""


_BEFORE_FELL = frozenset("i you we they now still".split())
_AFTER_FELL = frozenset("like that you i as so really we they".split())


def _clean(words: list[str]) -> list[str]:
    """Drop spoken fillers ("um", "uh") and stutters ("I I", "I-I") that recognisers and transcripts keep."""
    out: list[str] = []
    for w in words:
        if w in _FILLERS or (out and w == out[-1] and w not in {"very", "really", "so", "no"}):
            continue
        out.append(w)
    # a recogniser's "you fell you can't trust me", "I fell like…": "fell" before a clause or "like" is
    # "feel" misheard (falling takes no such object)
    for k in range(1, len(out) - 1):
        if out[k] == "fell" and out[k - 1] in _BEFORE_FELL and out[k + 1] in _AFTER_FELL:
            out[k] = "feel"
    return out


# Typed punctuation that ends a sentence (hard) or a clause (soft). Recogniser text has neither.
_PIECE_RE = re.compile(r"([^.?!;:,\n\u2014\u2013]*)([.?!;:,\n\u2014\u2013]*)")


@dataclass(frozen=True)
class _Words:
    words: list[str]
    hard: frozenset[int]  # token indices that start a typed sentence
    soft: frozenset[int]  # token indices that start a typed clause (after a comma)
    qends: frozenset[int]  # last token of each sentence typed with "?"
    typed: bool = False  # the text has punctuation (typed, not a recogniser's)


def _split_words(text: str) -> _Words:
    """Cleaned words of ``text`` with where the typed sentences and clauses begin."""
    words: list[str] = []
    hard: set[int] = {0}
    soft: set[int] = set()
    qends: set[int] = set()
    pending_hard = typed = False
    for piece, punct in _PIECE_RE.findall(text):
        w = _clean(tokens(piece))
        if w:
            if words and w[0] == words[-1] and not pending_hard:
                w = w[1:]  # "that- that" across a dash (not "…scared you. You're…" across a full stop)
        if w:
            (hard if pending_hard or not words else soft).add(len(words))
            words.extend(w)
        if punct:
            typed = typed or any(ch in punct for ch in ".,?!;:")
            if "?" in punct and words:
                qends.add(len(words) - 1)
            if words:
                pending_hard = any(ch in punct for ch in ".?!;:\n")
    return _Words(words, frozenset(hard), frozenset(soft), frozenset(qends), typed)


# --- the statement ----------------------------------------------------------------------------------

# After "you" these words make it a filler or a thanks, not the listener doing something.
# Words after which "I will…" is what they fear or think, not the listener's plan ("worried I will leave")
_BEFORE_FEARED = frozenset(
    {
        "worried",
        "afraid",
        "scared",
        "sure",
        "think",
        "thought",
        "feel",
        "felt",
        "that",
        "like",
        "fear",
        "worry",
        "nervous",
        "anxious",
        "terrified",
        "frightened",
        "convinced",
        "worrying",
        "fearing",
        "expect",
        "expecting",
    }
)
_SUBORDINATORS = frozenset(
    {
        "before",
        "after",
        "when",
        "until",
        "since",
        "because",
        "that",
        "once",
        "whenever",
        "while",
    }
)
_YOU_FILLERS = frozenset({("you", "know"), ("you", "see"), ("thank", "you"), ("you", "mean"), ("you", "guy")})
_CLAUSE_CONJ = frozenset(
    {
        "and",
        "but",
        "because",
        "cause",
        "since",
        "though",
        "although",
        "however",
        "which",
        "while",
        "whereas",
        "yet",
        "plus",
        "except",
    }
)


_YOU_ACTS = frozenset("never always keep kept constantly".split())
# "your …" that is anyone's ("it ruins your life"), not something of the listener's
_GENERIC_YOUR = frozenset(
    "life head mind brain own body heart feeling feelings thought thoughts self way time day best family "
    "friend friends".split()
)


# "you've helped me so much", "you've supported me": thanks, not a complaint
_WARM_PERFECT = frozenset(
    "helped supported taught given shown saved changed listened encouraged believed stood inspired".split()
)


def _is_complaint(stmt: _Text, split: _Words) -> bool:
    """Whether the statement tells the listener what they did ("you forgot…", "you criticise everything
    I do", "your team keeps…").

    Generic "you" ("when you're depressed you can't…", "do you ever…", "you know") is not a complaint;
    questions are not either. Then "I had to…", "you always…" in a reply are that listener's side.
    """
    w = stmt.words
    hard = sorted(split.hard) + [len(w)]
    question_sentence: set[int] = set()
    for a, b in zip(hard, hard[1:]):
        if any(a <= q < b for q in split.qends) or (w[a : a + 1] and w[a] in _QUESTION_OPENERS):
            question_sentence.update(range(a, b))
    for i, x in enumerate(w):
        if i in question_sentence or x not in {"you", "your"}:
            continue
        nxt = w[i + 1] if i + 1 < len(w) else ""
        prev = w[i - 1] if i else ""
        if (
            x == "you"
            and prev in {"asked", "told", "begged", "reminded"}
            and "i" in w[max(0, i - 4) : i - 1]
            and set(w[i + 1 : i + 6]) & {"times", "again", "repeatedly", "twice"}
        ):
            return True  # "I've asked you four times to take the bins out": what they keep not doing
        if (x, lemma(nxt)) in _YOU_FILLERS or (prev, x) in _YOU_FILLERS or prev in _AFTER_VERB_OBJECT:
            continue
        if x == "your":
            if nxt and nxt not in STOPWORDS and nxt not in _GENERIC_YOUR:
                return True
            after = w[i + 2 : i + 5]
            if (
                nxt in {"friend", "friends", "family"}
                and after[:1]
                and (
                    after[0] in {"has", "have", "keeps", "kept"} | _IRREGULAR_PAST or after[0].endswith("ed")
                )
                and any(y in {"my", "me", "our", "us", "i", "we"} for y in w[i + 2 : i + 12])
            ):
                return True  # "your friend has been sleeping on our sofa": someone of theirs, acting on us
            continue
        k = i + 1
        if nxt == "and" and i + 3 < len(w):
            # "you and Mum talked about it without me", "you and your brother laughed": a pair with the
            # listener in it as the subject of the act
            k = i + 2 + (1 if w[i + 2] in {"my", "your", "the", "his", "her"} else 0) + 1
            if k < len(w) and not (w[k].endswith("ed") or w[k] in _IRREGULAR_PAST):
                continue
            nxt = w[k] if k < len(w) else ""
        while k < len(w) and w[k] in _ADVERBS | {
            "not",
            "did",
            "do",
            "does",
            "have",
            "has",
            "had",
            "would",
            "could",
        }:
            k += 1
        verb = w[k] if k < len(w) else ""
        if "did" in w[i + 1 : k] or "never" in w[i + 1 : k]:
            return True  # "you didn't come", "you never even…"
        if (
            x == "you"
            and k == i + 2
            and w[i + 1] == "had"
            and verb not in PARTICIPLES
            and verb not in _IRREGULAR_PAST
            and not verb.endswith("ed")
            and verb not in {"to", "been", "no", "not", "every", "all", "a", "an"} | _MODALS
        ) or (x == "you" and w[i + 1 : i + 3] in (("had", "a"), ("had", "an")) and verb not in {"right", "point"}):
            return True  # "you had people over till three", "you had a party the night before my exam"
        done = verb in PARTICIPLES or verb in _IRREGULAR_PAST or verb.endswith("ed")
        if done and "not" in w[i + 1 : k] and {"have", "has", "had"} & set(w[i + 1 : k]):
            return True  # "you haven't done a single…", "you haven't called"
        if (
            x == "you"
            and done
            and verb not in {"been", "got", "gotten"} | _WARM_PERFECT
            and {"have", "has"} & set(w[i + 1 : k])
            and any(y in {"i", "me", "my", "mine", "us", "our"} for y in w[k + 1 : k + 10])
        ):
            return True  # "you've taken three weeks off while I covered everything"
        if (
            verb in {"were", "was"}
            and w[k + 1 : k + 2] in (("not",), ("never",))
            and w[k + 2 : k + 3]
            in (
                ("there",),
                ("around",),
                ("here",),
                ("home",),
            )
        ):
            return True  # "you weren't there when Dad fell": absent when it counted
        if nxt in _YOU_ACTS or verb.endswith("ed") or verb in _IRREGULAR_PAST or verb in {"keep", "kept"}:
            return True
        if verb in {"were", "are", "was", "been"} and nxt not in _MODALS:
            end = next((h for h in hard if h > k), len(w))
            tail = w[k + 1 : min(end, k + 9)]
            if any(y in {"my", "me", "our", "us"} for y in tail) and any(
                y not in STOPWORDS and len(y) > 2 for y in tail
            ):
                return True  # "you were forty minutes late to my dinner", "you were so rude to my mum"
            if any(lemma(y) in lexicon().traits for y in tail[:4]):
                return True  # "my sister said you were rude to her"
        if verb and verb not in STOPWORDS and nxt not in _MODALS and _frequency(w, k + 1, min(len(w), k + 9)):
            return True  # "you go to the gym every morning", "you take calls on speaker all day"
        if verb and verb not in _GENERIC_VERBS and verb not in STOPWORDS and nxt not in _MODALS:
            end = next((h for h in hard if h > k), len(w))
            tail = w[k + 1 : min(end, k + 6)]
            if any(
                y in {"i", "me", "my", "mine", "us", "our"}
                and not (y == "i" and tail[j + 1 : j + 2] == ("will",))
                for j, y in enumerate(tail)
            ):
                return (
                    True  # "you criticise everything I do", "when you comment on my weight" (not "…I'll try")
                )
            if _frequency(w, k + 1, min(end, k + 9)):
                return True  # "you slam the front door every morning at six": a habit of theirs, pointed at
            later = w[k + 1 : min(end, k + 10)]
            if "then" in later and {"me", "my"} & set(later[later.index("then") + 1 : later.index("then") + 4]):
                return True  # "you sleep through all of it and then tell me you're tired"
    return False


def _implied_complaint(stmt: _Text) -> bool:
    w = stmt.words
    # "That joke about my ex at the party really hurt": a thing the listener did, pointed at, and how it felt
    if (
        len(w) > 3
        and w[0] in {"that", "this"}
        and _is_content(stmt.lemmas[1])
        and w[1] not in _VERBISH
        and _feeling_mentions(stmt)
    ):
        return True
    for i, x in enumerate(w):
        nxt = w[i + 1] if i + 1 < len(w) else ""
        if x == "nobody" or (x == "no" and nxt == "one"):
            k = i + (2 if x == "no" else 1)
            verb = w[k] if k < len(w) else ""
            if (verb.endswith("ed") or verb in _IRREGULAR_PAST or verb in {"ever", "even"}) and any(
                y in {"my", "me", "i"} for y in w[k : k + 5]
            ):
                return True
        if (
            x == "i"
            and nxt in {"was", "got"}
            and i + 2 < len(w)
            and w[i + 2] in {"left", "kept", "ignored", "never", "not"}
        ):
            return True
        if len(w) > _SHORT_COMPLAINT:
            continue  # a long story, not a complaint said to the listener: only the cues above count
        # "nobody came", "no one warned me": someone failed them
        if (x == "nobody" or (x == "no" and nxt == "one")) and i + (2 if x == "no" else 1) < len(w):
            verb = w[i + (2 if x == "no" else 1)]
            if verb.endswith("ed") or verb in _IRREGULAR_PAST:
                return True
        # "being left off the launch email", "I got passed over": a harm done to them, in the passive
        if x in {"being", "been", "was", "got", "get", "getting"} and nxt in _PASSIVE_HARMS:
            return True
        # "the kitchen was supposed to be finished last week": an expectation not met
        if x in {"was", "were"} and nxt == "supposed" and w[i + 2 : i + 4] == ("to", "be") and i + 4 < len(w):
            done = w[i + 4]
            if done in PARTICIPLES or done.endswith("ed") or done in {"ready", "here", "there", "finished"}:
                return True
    return False


_SHORT_COMPLAINT = 40  # words: a statement of a sentence or three, said to the listener
_PASSIVE_HARMS = frozenset(
    {
        "left",
        "ignored",
        "excluded",
        "overlooked",
        "forgotten",
        "dropped",
        "blamed",
        "sidelined",
        "bumped",
        "overcharged",
        "passed",
        "ghosted",
        "dumped",
        "snubbed",
        "humiliated",
        "lied",
        "cheated",
        "misled",
        "stood",
        "kept",
        "charged",
        "billed",
    }
)


# Verbs that "you" takes in anyone's experience ("you feel like…", "you get used to…")
_GENERIC_VERBS = frozenset("feel get see know think need want start end try go come become stop wake".split())
_QUESTION_OPENERS = frozenset("do does did have has can could would will how why what is are anyone".split())
# Verbs after which "you" is their object ("I told you") — not the listener doing something.
_AFTER_VERB_OBJECT = frozenset(
    "told tell asked ask to for with at about if thank love miss see saw make makes made let".split()
)


def _acts_in(stmt: _Text, a: int, b: int) -> bool:
    """Whether the statement's words a..b tell of something done: "you forgot…", "your mum criticised…",
    "nobody called" (not "your dry cleaning", "you're the smart one")."""
    for i in range(a, b):
        w = stmt.words[i]
        if w == "you":
            verb = _verb_after(stmt, i)
            if verb is not None and verb[2] < b and verb[0] not in {"be", "have"}:
                return True
        if w in {"your", "nobody", "one"}:
            for j in range(i + 1, min(b, i + 5)):
                x = stmt.words[j]
                if x in _IRREGULAR_PAST or (len(x) > 4 and x.endswith("ed")) or lemma(x) in {"keep", "never"}:
                    return True
    return False


def _statement_concerns(
    stmt: _Text, stmt_canon: list[str], split: _Words, feeling_tokens: set[int]
) -> list[list[str]]:
    """The separate complaints about the listener in a statement ("you forgot…; and you didn't call…").

    Each is the content words of one clause that names the listener ("you", "your") and is not itself
    the feeling ("I feel like you don't trust me"). Light words and feelings don't make a concern.
    """
    lex = lexicon()
    bounds = set(split.hard) | set(split.soft)
    for i, lm in enumerate(stmt.lemmas):
        if lm in {"and", "but", "then", "plus"} and i:
            bounds.add(i)
    cuts = sorted(b for b in bounds if 0 <= b < len(stmt.lemmas)) + [len(stmt.lemmas)]
    out: list[list[str]] = []
    for a, b in zip(cuts, cuts[1:]):
        words = stmt.words[a:b]
        lems = stmt.lemmas[a:b]
        if not any(x in {"you", "your", "yours", "nobody"} for x in words) and "no one" not in " ".join(
            words
        ):
            continue
        if not _acts_in(stmt, a, b):
            continue  # "your dry cleaning", "you're the smart one": no act of theirs to give back
        feel_at = next(
            (
                k
                for k in range(len(lems))
                if lems[k] == "feel" and k + 1 < len(lems) and lems[k + 1] in {"like", "that", "as"}
            ),
            None,
        )
        if feel_at is not None:
            # "…you change the subject to my brother i feel like im always second best" (run-on recogniser
            # text): the act before "I feel" is a concern; a clause that is only the feeling is not
            cut = feel_at - 1 if feel_at and words[feel_at - 1] == "i" else feel_at
            if (
                cut < 3
                or not any(x in {"you", "your"} for x in words[:cut])
                or not _acts_in(stmt, a, a + cut)
            ):
                continue
            b = a + cut
        content = [
            stmt_canon[k]
            for k in range(a, b)
            if _is_content(stmt_canon[k])
            and stmt_canon[k] not in lex.light_words
            and (stmt.lemmas[k] not in lex.light_words or stmt_canon[k] != stmt.lemmas[k])
            and k not in feeling_tokens
        ]
        if content:
            out.append(content)
    # a concern is told apart by its own words ("the invoice came late" / "it charged for hours…")
    distinct = []
    for i, words in enumerate(out):
        others = {w for j, o in enumerate(out) if j != i for w in o}
        own = [w for w in words if w not in others]
        if own:
            distinct.append(own)
    return distinct


# --- reading the reply ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Clause:
    a: int
    b: int
    lead: str  # the word that opened it ("but", "because", "and", "?" for a question start, "" otherwise)
    question: bool  # a question by word order, or typed with "?" and not giving their words back


# Words that, right after a subject pronoun, show it starts a clause in run-on recogniser text.
_VERBISH = frozenset(
    "be am is are was were have has had do does did can could will would should must might may feel felt "
    "think thought know knew want wanted need needed get got go went say said tell told keep kept never "
    "always just really also only love hate like mean meant try tried make made take took leave left "
    "still even".split()
)
_SUBJECTS = frozenset({"i", "you", "we", "he", "she", "they"})
# Words after which a pronoun does not start a new clause ("maybe we should", "said you were").
_RUN_ON_KEEP = frozenset(
    "maybe perhaps probably now then say said tell told think thought know knew feel felt hope wish mean "
    "meant guess suppose realise realize see saw hear heard believe because like than unless left leaves "
    "leaving made makes making let lets kept keeps got gets".split()
)
_AUX = frozenset(
    {
        "do",
        "does",
        "did",
        "can",
        "could",
        "would",
        "will",
        "should",
        "shall",
        "have",
        "has",
        "are",
        "were",
        "may",
    }
)
_NOT_BEFORE_AUX = frozenset(
    "i you we they he she it that which who what how why where when than as neither nor if whether to the a "
    "this these those".split()
)
_WH = frozenset({"why", "how", "what", "when", "where", "who", "which"})
_DO_MODAL = frozenset(
    {"do", "does", "did", "can", "could", "would", "will", "should", "shall", "might", "may", "must"}
)
_BE = frozenset({"is", "are", "was", "were", "am"})
# (one set: a second definition further down used to replace a wider first one, "a", "an", "some"… included,
# for every reader; this is the set that was in force)
_DETERMINERS = frozenset("the that this our your my his her their".split())
_NOT_BEFORE_WH = frozenset(
    {"that", "this", "it", "exactly", "just", "only", "all", "matter", "about", "of"}
    # "you only find out what's going on from facebook", "work out how": an embedded clause
    | {"out", "on", "over", "to", "for", "at", "from", "by"}
    | {
        "one",
        "ones",
        "person",
        "people",
        "someone",
        "anyone",
        "everyone",
        "somebody",
        "anybody",
    }  # "the one who"
)
_DISCOURSE = frozenset(
    {
        "yeah",
        "yes",
        "okay",
        "ok",
        "so",
        "well",
        "and",
        "but",
        "right",
        "oh",
        "hmm",
        "now",
        "then",
        "alright",
        "hi",
        "hello",
        "hey",
        "no",
        "good",
        "great",
        "cool",
    }
)
_CHECK_WORDS = frozenset(
    {
        "okay",
        "ok",
        "right",
        "true",
        "alright",
        "fair",
        "possible",
        "because",
        "like",
        "something",
        "how",
        "what",
        "why",
        "so",
        "really",
    }
)
_QUANTIFIERS = frozenset(
    {"any", "anything", "anyone", "anybody", "a", "some", "other", "more", "something", "someone"}
)
# "what kind of…", "how much…", "how about…": a question without an auxiliary
_WH_NOUN = frozenset({"kind", "sort", "much", "many", "long", "often", "old", "about", "else", "type"})
# "I know how you…", "tell me what…": a wh-word after these is an embedded clause, not a question
_EMBEDDING = frozenset(
    "know knew see saw understand wonder wondering tell told said say ask asked explain sure idea decide "
    "remember forget realize realise matter imagine hear heard "
    # their other forms ("nobody sees how much you put in", "no one noticed how hard you worked")
    "knows known sees seen understands understood wonders tells says asks explains explained decides decided "
    "remembers remembered forgets forgot forgotten realizes realized realises realised imagines imagined hears "
    "notice notices noticed noticing appreciate appreciates appreciated care cares cared show shows showed "
    "shown".split()
)
# A clause with the listener as subject and one of these verb forms tells the listener's own past
# ("I was…", "I had…", "I needed…", "I couldn't…"): in a complaint about them, that is an account.
_STATE_PAST = frozenset(
    "was were had needed wanted thought meant tried knew assumed figured expected hoped planned "
    "decided".split()
)
_STATE_NEG = frozenset("mean know think realise realize see have want intend hear notice get expect".split())
_ADVERBS = frozenset(
    "just only really honestly also actually even already so simply literally obviously clearly still "
    "seriously genuinely".split()
)
_OWNING = frozenset(
    {"wrong", "sorry", "fault", "apologise", "apologize", "regret", "mess", "ashamed", "guilty",
     # (stop 43: "because I was careless", "because I was glued to my phone": the fault named, not excused)
     "careless", "thoughtless", "selfish", "inconsiderate", "distracted", "glue"}
)
# owning that runs on into the next clause ("I feel so ashamed, I can barely look at myself"), not an apology
# ("sorry, I'm not a mind reader")
_OWNING_NOT_APOLOGY = _OWNING - {"sorry", "apologise", "apologize"}
_COMM = frozenset(
    "tell text call message mention email say ask warn inform ring phone invite include check write reply "
    "answer let".split()
)
_SPEAKER_REFLECTIVE_VERBS = frozenset(
    "feel be want need wish think say tell mean hope wonder worry try have seem sound look wait miss love "
    "like hate deserve expect know ask trust".split()
)
_MODALS = frozenset({"should", "could", "would", "can", "will", "might", "must", "may", "shall"})
_MARKERS = frozenset(
    {"too", "either", "also", "always", "never", "first", "anyway", "again", "same", "yourself"}
)


def _subject(words: tuple[str, ...], a: int, b: int) -> tuple[str | None, int]:
    """Who the clause words[a:b] is about: "L" (the listener: I/we), "S" (the speaker: you), "T" (a third
    party), or None; and the index of that subject word."""
    k = a
    while k < b and (
        words[k] in _CLAUSE_CONJ or words[k] in _ADVERBS or words[k] in {"then", "well", "so", "and"}
    ):
        k += 1
    for j in range(k, min(b, k + 2)):
        w = words[j]
        if w in {"i", "we"}:
            return "L", j
        if w == "you":
            return "S", j
        if w in {"he", "she", "they", "it", "this", "that", "there"}:
            return "T", j
        if w in {"my", "our"} and j == k:
            return "L", j
        if w == "your" and j == k:
            return "S", j  # "your boss yelled", not "losing your friend"
    return None, k


# after "well, you do…": what leaves it a reflection ("well, you do feel let down"), not a retort
_EMPHATIC_DO_SAFE = frozenset("not you feel want need wish know mean care love matter seem sound".split())
# … and without "well": "you did say", "you did try", "you did everything": their words, told back
_EMPHATIC_DO_TOLD = frozenset("say tell ask try everything all so that this it what deserve".split())


def _stressed_do(words: tuple[str, ...], sk: int, b: int) -> str | None:
    """The word after a stressed "do" in the speaker's clause from ``sk`` ("you do get paid", "you did put
    up…"), unless it leaves a reflection ("you do feel let down"); None when there is none."""
    if sk + 2 < b and words[sk + 1] in {"do", "does", "did"} and words[sk + 2] not in _EMPHATIC_DO_SAFE:
        return words[sk + 2]
    return None


_NOT_BEFORE_WELL = frozenset(
    "as very so pretty quite do did does go went going gone get got be is was are were really fairly just all "
    "done sleep slept eat ate work worked play played turn turned mean meant fit".split()
)
_AFTER_WELL = frozenset("someone somebody that it there maybe actually honestly if nobody everyone".split())


def _denied_them(words: tuple[str, ...], k: int, b: int) -> bool:
    """ "…get a chance to answer", "…have the chance", "…get a say": a chance they were denied, in a clause
    about them (what happened to them, not their failing)."""
    tail = words[k:b]
    return any(
        w in {"get", "got", "have", "had"} and bool({"chance", "opportunity", "say"} & set(tail[j + 1 : j + 4]))
        for j, w in enumerate(tail)
    )


# words that announce the listener's own news as a new subject
_NEWS_MARKERS = (
    ("by", "the", "way"),
    ("on", "another", "note"),
    ("on", "a", "different", "note"),
    ("in", "other", "news"),
    ("guess", "what"),
    ("before", "i", "forget"),
)


def _news(words: tuple[str, ...], sentences: frozenset[int]) -> list[tuple[int, int]]:
    """ "Oh, by the way, I've been asked to lead the new project…", "guess what, I got the internship": news
    of the listener's own, announced as a new subject: from the marker to the end of its sentence, off the
    point (read by the acts as such, not as an account of their part)."""
    return [
        (k, _sentence_of(k, sentences, len(words))[1])
        for k in range(len(words))
        if any(words[k : k + len(m)] == m for m in _NEWS_MARKERS)
    ]


def _in_typed_question(split: _Words, k: int) -> bool:
    """Whether token ``k`` of the split text is in a sentence typed with "?"."""
    end = min([h for h in split.hard if h > k] + [len(split.words)])
    return any(k <= q < end for q in split.qends)


def _clauses(body: _Text, split: _Words, offset: int, lex: Lexicon) -> list[_Clause]:
    words = body.words
    n = len(words)
    starts: dict[int, str] = {0: ""}
    for h in split.hard | split.soft:
        k = h - offset
        if 0 < k < n:
            starts.setdefault(k, "")
    questions: set[int] = set()
    typed = split.typed
    cut_at = {h - offset for h in split.soft | split.hard}
    for k in range(1, n):
        w = words[k]
        prev = words[k - 1]
        lm = body.lemmas[k]
        if w == "though" and prev == "as":
            continue  # "as though your illness was a yawn to me": as if, not a turn
        if w == "though" and prev == "even":
            starts[k - 1] = "even"  # "…even though you asked me": one turn, read past both words
            continue
        if (
            w in _CLAUSE_CONJ
            or lm in {"because", "though"}
            or (w == "so" and k + 1 < n and words[k + 1] in _SUBJECTS)
        ):
            starts[k] = w
            continue
        # a turn like "but" where a sentence or phrase starts: "…; still, he got nine hundred other shots",
        # "…. Meanwhile your boyfriend practically lives here", "…. Mind you, you weren't complaining…"
        if (w in {"still", "meanwhile"} or words[k : k + 2] in _PAIRED_TURNS) and (
            k in cut_at or prev in {"and", "but"}
        ):
            starts[k] = w
            continue
        nxt = words[k + 1] if k + 1 < n else ""
        nxt2 = words[k + 2] if k + 2 < n else ""
        if (
            w in _WH
            and prev not in _EMBEDDING | _SUBJECTS | _WH | _BE | _NOT_BEFORE_WH
            # typed text marks its questions: in a typed sentence without "?", "someone who's been there a
            # fraction of the time" is a relative clause, not a question
            and not (typed and not _in_typed_question(split, k + offset))
            and (
                nxt in _DO_MODAL  # "what did Fiona…", "who could help…"
                or nxt in _BE  # "what's really getting in the way", "how are things going"
                or (nxt in {"have", "has"} and nxt2 in _SUBJECTS)
                or nxt in _WH_NOUN
                or (nxt == "if" and w == "what")
            )
        ):
            starts[k] = "?"
            questions.add(k)
            continue
        if prev in _NOT_BEFORE_AUX or prev in _SUBJECTS:
            continue
        if w in {"do", "does", "did"} and (
            nxt2.endswith("ed") or nxt2 in _IRREGULAR_PAST - {"read", "put", "let", "hit", "shut", "cut"}
        ):
            continue  # "at my work do I left you by the door": "do" takes a bare verb; this is no question
        if (
            (w in _AUX and (nxt in _SUBJECTS - {"he", "she"} or (nxt == "not" and nxt2 in _SUBJECTS)))
            or (w in _DO_MODAL and nxt in {"he", "she", "they"})  # "…did he tell you what…"
            or (w in _BE and nxt == "there" and nxt2 in _QUANTIFIERS)  # "…are there any other barriers"
            or (
                w in {"is", "was"}
                and nxt in {"it", "that", "this", "there"}
                and (
                    prev in _DISCOURSE
                    or nxt2 in _DETERMINERS | _QUANTIFIERS
                    or (nxt2 in _CHECK_WORDS and nxt != "there")  # not "my ex was there because…"
                )
            )  # "yeah is that okay if…", "was that a fashion shoot"
        ):
            starts[k] = "?"
            questions.add(k)
        elif (
            w in {"i", "we"}
            and nxt == "will"
            and prev not in _RUN_ON_KEEP | _BEFORE_FEARED | _SUBORDINATORS | {"if", "and", "but", "so"}
        ):
            starts.setdefault(k, "")  # "…and you're fed up ill raise a ticket now": a plan, in run-on text
        elif (
            # "…about the joke i guess you can't…", "…moved maybe if you came…": recogniser text with no
            # comma, a new thought opened by an epistemic frame or "maybe"
            (w in {"i", "maybe"} and nxt in _EPISTEMIC | {"if"} and _is_content(body.lemmas[k - 1]))
            and (nxt2 in _SUBJECTS or nxt == "if")
        ):
            starts.setdefault(k, "")
        elif (
            w in _SUBJECTS
            and (
                (_is_content(body.lemmas[k - 1]) and prev not in _ADVERBS | _RUN_ON_KEEP)
                or prev
                in {"too", "either", "anyway", "though", "again", "already"}  # "…friends too you like…"
            )
            and (nxt in _VERBISH or nxt.endswith("ed"))
        ):
            starts.setdefault(k, "")
    # a question at the very start ("do you…", "why did you…")
    first_q = bool(lex.lists["question"].spans(body))
    # sentences typed with "?" (within the reply proper, not a trailing check): their first clause
    sentence_starts = sorted({0} | {h - offset for h in split.hard if 0 < h - offset < n})
    for i, s0 in enumerate(sentence_starts):
        s1 = sentence_starts[i + 1] if i + 1 < len(sentence_starts) else n
        if s0 > 0 and any(s0 <= q - offset < s1 for q in split.qends):
            questions.add(s0)
            starts[s0] = "?"
    for k in range(1, n - 1):  # "…with the investors well you were rambling": a turn to the listener's side
        if (
            words[k] == "well"
            and words[k - 1] not in _NOT_BEFORE_WELL
            and (words[k + 1] in _SUBJECTS or words[k + 1] in _AFTER_WELL)
        ):
            starts[k] = "well"
    for k in range(n - 2):  # "i mean you do get paid though": a retort, like "well"
        if words[k : k + 2] == ("i", "mean") and words[k + 2] in {"you", "your"} and (k == 0 or k in starts):
            if k:
                starts.pop(k, None)
            starts[k + 2] = "well"
    if words[0] in _CLAUSE_CONJ:
        starts[0] = words[0]
    if words[:2] in _PAIRED_TURNS:
        starts[0] = words[0]
    for k in [k for k, lead in starts.items() if lead in _PAIRED_LEADS]:
        if starts.get(k + 2) == "":
            del starts[k + 2]  # "Mind you, you weren't…": the turn and its clause, one clause
    # "Well, you do start most of those fights": "well" cut off by its comma opens the next clause
    for k in sorted(starts):
        if starts[k] == "well" and k + 1 in starts and not starts[k + 1] and words[k + 1] in {"you", "your"}:
            starts[k + 1] = "well"
    cuts = sorted(starts)
    out: list[_Clause] = []
    for i, a in enumerate(cuts):
        b = cuts[i + 1] if i + 1 < len(cuts) else n
        if b <= a:
            continue
        out.append(_Clause(a, b, starts[a], a in questions or (a == 0 and first_q)))
    return out


_SOFTENERS = frozenset(
    {
        "just",
        "maybe",
        "perhaps",
        "also",
        "then",
        "so",
        "please",
        "and",
        "but",
        "now",
        "first",
        "really",
        "definitely",
        "try",
        "to",
        "always",
        "never",
    }
)


def _imperative(body: _Text, c: _Clause, lex: Lexicon) -> bool:
    """Whether the clause is an instruction: it opens with a bare verb ("set your standards higher", "just
    talk to her", "don't worry"), with no subject before it."""
    k = c.a
    while k < c.b and (body.words[k] in _SOFTENERS or body.words[k] in _CLAUSE_CONJ):
        k += 1
    if k >= c.b or c.question:
        return False
    w = body.words[k]
    if w == "do" and k + 1 < c.b and body.words[k + 1] == "not":
        return True
    return _instruction_verb(body, k, c.b, lex)


def _instruction_verb(body: _Text, k: int, end: int, lex: Lexicon) -> bool:
    """Whether the word at ``k`` is an instruction's verb: the bare form only ("talk", not "talked" or
    "talks"), then something after it (before ``end``) that is not a subject."""
    return (
        body.lemmas[k] in lex.imperatives
        and body.words[k] == body.lemmas[k]
        and k + 1 < end
        and body.words[k + 1] not in {"you", "i", "we", "is", "was", "are"}
    )


def _flip_lemmas(seq: tuple[str, ...] | list[str]) -> list[str]:
    swap = {
        "i": "you",
        "you": "i",
        "my": "your",
        "your": "my",
        "mine": "yours",
        "yours": "mine",
        "myself": "yourself",
        "yourself": "myself",
    }
    return [swap.get(w, w) for w in seq]


def _gapped_in(piece: list[str], hay: tuple[str, ...], gap: int = 2) -> bool:
    """Whether ``piece`` occurs in ``hay`` in order, with at most ``gap`` extra words between its words."""
    if not piece:
        return False
    for start, w in enumerate(hay):
        if w != piece[0]:
            continue
        pos, ok = start, True
        for want in piece[1:]:
            nxt = next((k for k in range(pos + 1, min(len(hay), pos + 2 + gap)) if hay[k] == want), None)
            if nxt is None:
                ok = False
                break
            pos = nxt
        if ok:
            return True
    return False


def _echoed(body: _Text, span: tuple[int, int], stmt: _Text) -> bool:
    """Whether the phrase at ``span`` of the reflection was said by the other person (flipped or not)."""
    a, b = span
    piece = list(body.lemmas[a:b])
    return _gapped_in(piece, stmt.lemmas) or _gapped_in(_flip_lemmas(piece), stmt.lemmas)


def _clause_novelty(
    clause: list[str], stmt_canon: list[str], skip: set[int] | None = None, base: int = 0
) -> tuple[float, int]:
    """Share of a clause's content words the other person never said, and how many content words."""
    words = [c for k, c in enumerate(clause) if c and _is_content(c) and not (skip and base + k in skip)]
    filler = lexicon().filler_words
    heavy = [w for w in words if w not in filler]  # "already", "around", "anymore" say nothing new
    words = heavy or words
    if not words:
        return 0.0, 0
    pool = [c for c in stmt_canon if c]
    pool_set = set(pool)
    new = sum(1 for w in words if _content_match(w, pool, pool_set) is None)
    return new / len(words), len(words)


_VERB_SKIP = frozenset(
    "not never even always just really only also still ever keep do be have can could will would should "
    "must might may shall again constantly totally completely actually literally definitely".split()
)


def _verb_after(text: _Text, k: int) -> tuple[str, bool, int] | None:
    """The main verb after the subject at ``k`` ("you never even call" -> ("call", False, index)),
    with synonyms folded, and whether it is said (True) or negated (False)."""
    lex = lexicon()
    neg = False
    for j in range(k + 1, min(len(text.lemmas), k + 6)):
        lm = text.lemmas[j]
        if lm in {"not", "never"}:
            neg = True
        if lm in _VERB_SKIP or lm == "continue" or (lm == "carry" and text.lemmas[j + 1 : j + 2] == ("on",)):
            continue  # "you carried on watching", "I kept watching": the verb is the one after
        if lm == "on" and j > k + 1 and text.lemmas[j - 1] == "carry":
            continue
        if lm in _NOT_VERB or lm.isdigit():
            return None
        return lex.synonym_words.get(lm, lm), not neg, j
    return None


# Words that cannot be the verb after a subject ("you the…", "I my…"): the clause has none to read.
_NOT_VERB = frozenset(
    "the a an to my your me you i it that this them him her us we they there here so very too and but or "
    "in on at for with about of from by as if when because".split()
)


# Verbs that negate what follows them ("you've stopped asking", "you missed the last three")
_STOPPING = frozenset("stop quit fail forget neglect miss refuse skip".split())


def _polarity_at(lemmas: tuple[str, ...], k: int, also: frozenset[str] = frozenset()) -> bool:
    """False when the word at ``k`` is negated ("not", "never", "without", "no" up to 3 words before, or
    one of ``also``)."""
    return not (set(lemmas[max(0, k - 3) : k]) & (_NEGATORS | also))


@dataclass
class Analysis:
    """Everything the rules measured for one pair: the verdict's inputs and the learned layer's features."""

    statement: str
    reflection: str
    n_statement: int = 0
    n_reply: int = 0
    complaint: bool = False
    empty: bool = False
    opener: bool = False
    quote: bool = False
    sympathy: str | None = (
        None  # "sorry" or "other" when sympathy was said before (or instead of) a reflection
    )
    check: bool = False
    check_words: tuple[str, ...] = ()  # the trailing check's cleaned words ("did i get that right")
    added_defence: str | None = None  # a defence the rules found in a reply the model judged partial, as said
    typed: bool = True  # the reply has punctuation (typed); without, it reads as a recogniser's words
    acknowledgement: bool = False
    n_body: int = 0
    n_core: int = 0
    starts_you: bool = False
    content: float = 0.0
    feeling: float = 0.0
    content_ok: bool = False
    feeling_ok: bool = False
    reflected: bool = False
    named_for_them: bool = False
    event: bool = False
    perspective: str = "theirs"
    agree: int = 0
    disagree: int = 0
    n_content: int = 0
    novel_share: float = 0.0
    expected: list[str] = field(default_factory=list)
    expected_words: dict[str, str] = field(default_factory=dict)  # a family expected -> their word for it
    found: list[str] = field(default_factory=list)
    wrong_feelings: list[str] = field(default_factory=list)
    milder: bool = False  # their strong feeling given back only in a mild word ("annoyed" for "livid")
    missing: list[str] = field(default_factory=list)
    concerns: int = 0
    concerns_missed: int = 0
    acts: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, phrase, "phrase" | "structure")
    additions: list[tuple[str, str]] = field(default_factory=list)  # (kind, phrase): question, advice, …
    question_first: bool = False
    why: bool = False
    question_typed: bool = False
    apology: bool = False
    n_clauses: int = 0
    listener_share: float = 0.0  # share of the reply's words that point at the listener (I, my)
    speaker_share: float = 0.0  # share of the reply's pronouns that point at the speaker (you, your)
    base: float = 0.0  # the rules' own 0..1 score
    # cues for the learned layer
    overlap: float = 0.0  # Jaccard overlap of content lemmas (statement vs reply)
    echo_share: float = 0.0  # share of the reply's content words the statement also has
    n_questions: int = 0  # question clauses, by word order or "?"
    ends_question: bool = False  # the reply, typed, ends with "?"
    you_feel: bool = False  # "you feel / you're feeling / you felt" somewhere
    speaker_clauses: int = 0  # clauses about the speaker ("you…")
    listener_clauses: int = 0  # clauses about the listener with new material ("I had a long week")
    own_share: float = 0.0  # share of the reply's words in such clauses
    n_sentences: int = 0
    cues: dict[str, int] = field(default_factory=dict)  # CUE_KINDS -> count
    first_word: str = ""  # the reply's first word (fillers dropped), before any opener is removed
    you_rate: float = 0.0  # "you/your" per word of the reply
    i_rate: float = 0.0  # "I/me/my" per word
    we_rate: float = 0.0  # "we/us/our/let's" per word
    you_know: int = 0  # "you know" said as a filler
    continuation: bool = False  # the turn starts mid-sentence ("-and you…"), as transcripts mark it
    statement_content: int = 0  # content words in the statement
    statement_question: bool = False  # the statement asks something (then the reply is likely an answer)
    first_pronoun: str = ""  # the reply's first pronoun: "you", "i", "we" or ""
    reflective_opener: bool = False  # "it sounds like", "what I hear", "I can see that", "that must be"
    felt: bool = False  # a feeling named for them in words the lexicon lacks ("you felt blindsided")
    theirs_named: int = 0  # feeling families named for them (not the listener's own)
    implied_feeling: bool = False  # the statement names no feeling but implies one
    # what the reply's clauses do, read from their subjects and markers (cues for the learned layer)
    own_side: int = 0  # clauses about the listener's own state, ability or circumstances ("I was busy")
    counterfactual: int = 0  # "you should have…", "if you had…": what they should have done
    generalising: int = 0  # "everyone…", "nobody…", "a tiny…", "hardly…" not in the statement
    judging: int = 0  # clauses about them with always / never / anyway / anymore / too… not in the statement
    other_occasion: int = 0  # "last year", "two weeks ago", "remember when": another occasion
    you_modal: int = 0  # clauses about them with a modal of duty ("you should", "you need to", "you have to")
    listener_modal: int = 0  # clauses about the listener with duty or inability ("I had to", "I couldn't")
    paraphrase: bool = False  # the reply tells what happened in content words of its own, beside a feeling


class _Statement:
    """What the other person said, analysed once: feelings expected, content words, roles, concerns."""

    def __init__(self, statement: str, feeling: str | None) -> None:
        lex = lexicon()
        self.split = _split_words(statement)
        self.text = _Text.of_words(self.split.words)
        self.canon = _canonical(self.text)
        self.mentions = _feeling_mentions(self.text)
        pseudo = _feel_like_clause(self.text, self.canon)
        pseudo_span = pseudo[2] if pseudo else None
        if pseudo:  # a feeling word inside "I feel like …" is named, however far from "feel"
            a, b = pseudo[2]
            self.mentions = [
                _Mention(m.start, m.end, m.families, True) if a <= m.start < b else m for m in self.mentions
            ]
        self.mentions = [
            m
            for m in self.mentions
            if not (m.families <= _LISTENER_STATES and _said_of_listener(self.text, m.start))
            and not _said_of_thing(self.text, m.start)
        ]
        # "he was confused all evening. I was frightened for him": a feeling of someone else's in their
        # story is part of what happened; the speaker's own feeling is the one to give back
        own = [m for m in self.mentions if m.primary and not _said_of_other(self.text, m.start)]
        if own and len(own) < len([m for m in self.mentions if m.primary]):
            self.mentions = [m for m in self.mentions if not m.primary or m in own]
        primary = [m for m in self.mentions if m.primary]
        self.hint_family = family_of(feeling) if feeling else None
        self.expected_sets: list[tuple[frozenset[str], bool]] = []
        if self.hint_family:
            self.expected_sets.append((frozenset({self.hint_family}), False))
        pseudo = pseudo[:2] if pseudo and not primary else None
        for m in primary or ([] if pseudo else self.mentions):
            if not any(m.families & s for s, _ in self.expected_sets):
                self.expected_sets.append((m.families, m.primary))
        # "I feel like I've been erased": the feeling is that clause, not an event word before it
        self.pseudo = pseudo if not self.expected_sets else None
        order: list[str] = []
        for fams, _ in self.expected_sets:
            for name in sorted(fams, key=lambda n: (n != self.hint_family, n == "upset", n)):
                if name not in order:
                    order.append(name)
        if self.pseudo:
            order.append(self.pseudo[1])
        self.expected_order = order
        # the words they said each feeling with ("ignored"), for the feedback (``_label_list``)
        self.expected_words: dict[str, str] = {}
        for m in primary or self.mentions:
            said = self.text.words[m.start : m.end]
            if _said_as_feeling(said):
                for name in m.families:
                    self.expected_words.setdefault(name, " ".join(said))
        self.expected_all: set[str] = (
            set().union(*(f for f, _ in self.expected_sets)) if self.expected_sets else set()
        )
        self.related_all = (
            set().union(*(lex.families[n].related for n in self.expected_all)) if self.expected_all else set()
        )
        self.feeling_tokens = {k for m in self.mentions if m.primary for k in range(m.start, m.end)}
        if (
            self.pseudo and pseudo_span
        ):  # "I feel like I'm not part of this family": the clause is the feeling
            self.feeling_tokens |= set(range(*pseudo_span))
        self.content_idx = [
            i for i, c in enumerate(self.canon) if _is_content(c) and i not in self.feeling_tokens
        ]
        # "I felt furious and so protective of her": the rest of the feeling's clause is how it felt too
        tail = _feel_tail(self.text, frozenset({"i", "we"}), self.split.hard)
        rest = [i for i in self.content_idx if i not in tail]
        if len(rest) >= 2 and any(m.primary and m.start in tail for m in self.mentions):
            self.content_idx = rest
        # No feeling named, but something happened to them ("You told the family I'd been fired before I
        # told my wife"): a feeling is implied, and a reflection names one (any) to give it back.
        self.implied_feeling = not self.expected_sets and not self.pseudo and len(self.content_idx) >= 3
        self.roles = _roles(self.text.words, reflecting=False)
        self.complaint = _is_complaint(self.text, self.split)
        # "Nobody answered my emails", "I was left to finish it alone": a complaint with no "you" in it
        self.implied = not self.complaint and _implied_complaint(self.text)
        # an idiom of feeling ("you threw me under the bus", "you left me hanging") is how it felt, not a
        # second thing they did
        idioms = {k for m in self.mentions if m.end - m.start >= 3 for k in range(m.start, m.end)}
        self.concerns = _statement_concerns(self.text, self.canon, self.split, self.feeling_tokens | idioms)
        self.has_contrast = any(
            self.text.lemmas[i : i + len(c)] == c for c in lex.contrast for i in range(len(self.text.lemmas))
        )
        self.pool = [c for c in self.canon if c]
        self.pool_set = set(self.canon)
        # verbs the statement says the listener did (True) or did not (False): "you forgot", "you never ask"
        self.listener_acts: dict[str, bool] = {}
        sw = self.text.words
        for i, w in enumerate(sw):
            if w == "you":
                verb = _verb_after(self.text, i)
                if verb is not None and verb[0] not in self.listener_acts:
                    self.listener_acts[verb[0]] = verb[1]
                # "you rage quit and left me…, and then told everyone": verbs joined to it share the "you"
                j = verb[2] + 1 if verb is not None else len(sw)
                while j < min(len(sw) - 1, verb[2] + 12 if verb is not None else 0):
                    if sw[j] in _SUBJECTS or sw[j] in {"because", "but", "so", "when", "after", "before"}:
                        break
                    if sw[j] == "and":
                        k = j + 1 if sw[j + 1] == "then" else j
                        more = _verb_after(self.text, k)
                        if (
                            more is not None
                            and more[2] <= k + 3
                            and sw[k + 1] not in _SUBJECTS
                            and more[0] not in self.listener_acts
                        ):
                            self.listener_acts[more[0]] = more[1]
                    j += 1
        # people of the listener's the statement complains about ("your girlfriend… she's not paying")
        self.people = any(
            x == "your" and i + 1 < len(sw) and sw[i + 1] in _PEOPLE_OF_YOURS for i, x in enumerate(sw)
        )
        # their own claim to a decision ("that was my decision to make", "my call")
        self.claims_decision = any(w == "my" and _DECIDING & set(sw[i + 1 : i + 3]) for i, w in enumerate(sw))
        # verbs the statement says the speaker did ("I looked for you the whole time")
        self.speaker_acts = {
            v[0]
            for i, w in enumerate(self.text.words)
            if w == "i" and (v := _verb_after(self.text, i)) is not None
        }


_NOT_A_FEELING_AFTER_FEEL = frozenset("that way this way so the same about bad good fine okay ok it".split())


_PERSONAL = frozenset({"i", "my", "you", "your", "myself", "yourself"})
# An opener with one of these says what follows is their side ("it sounds like", "what I hear", "I can
# see", "that must be"), unlike a filler ("okay so", "well").
_REFLECTIVE_OPENER_WORDS = frozenset(
    "sound seem hear say understand see imagine tell must feel look get".split()
)
_PERSON_WORDS = frozenset("i me my mine myself you your yours yourself we us our ours".split())


def _unflipped_echo(body: _Text, stmt: _Text) -> bool:
    """Whether the reply repeats a pronoun and the word after it just as they said it ("I felt…",
    "you cancelled…") more often than flipped ("you felt…", "I cancelled…")."""
    same = flipped = 0
    pairs = {(a, b) for a, b in zip(stmt.lemmas, stmt.lemmas[1:]) if a in _PERSONAL}
    swap = {"i": "you", "you": "i", "my": "your", "your": "my", "myself": "yourself", "yourself": "myself"}
    for a, b in zip(body.lemmas, body.lemmas[1:]):
        if a not in _PERSONAL or b in STOPWORDS - {"feel", "felt"}:
            continue
        same += (a, b) in pairs
        flipped += (swap[a], b) in pairs
    return same > flipped


# Where a reply turns to the listener's side mid-sentence ("you felt like criminals, and to be fair, the
# noise…"): a feeling given back ends there.
_FEEL_CLAUSE_WORDS = 10
_TURNING_HEDGES = (("to", "be", "fair"), ("in", "fairness"), ("in", "my", "defence"), ("in", "my", "defense"))


def _their_feel_clauses(body: _Text, sentences: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """Spans of "(you|it|that) feel(s) like / as if / that …" up to the end of that thought (at most the
    end of its typed sentence, ``sentences`` being where they start): what they feel, in the reply ("it
    feels like you don't even live here"). Not "I feel like…"."""
    out = []
    lem, words = body.lemmas, body.words
    for k, lm in enumerate(lem):
        if lm != "feel" or k + 1 >= len(lem) or lem[k + 1] not in {"like", "as", "that"}:
            continue
        if words[k + 1 : k + 3] == ("that", "way"):
            continue  # "I know it felt that way, and in my defence…": "that way" ends it, nothing more of theirs
        back = words[max(0, k - 4) : k]
        if "i" in back[-2:] and "you" not in back[-2:]:
            continue
        if not any(w in {"you", "it", "that", "this", "must"} for w in back):
            continue
        end = k + 2
        stop = {
            "but",
            "because",
            "so",
            "though",
            "although",
            "when",
            "since",
            "after",
            "while",
            "if",
            "must",
            "which",
        }
        while (
            end < len(lem)
            and end - k < _FEEL_CLAUSE_WORDS
            and lem[end] not in stop
            and end not in sentences
            and not any(words[end : end + len(h)] == h for h in _TURNING_HEDGES)
        ):
            end += 1
        out.append((k, end))
    first_feel = next(
        (k for k, lm in enumerate(lem) if lm == "feel" and not ({"i", "we"} & set(words[max(0, k - 2) : k]))),
        None,
    )
    if first_feel is not None:  # "…you feel left behind since the baby came, and like I have no time for you"
        for k in range(first_feel + 2, len(lem) - 1):
            if lem[k] in {"and", "or"} and lem[k + 1] == "like":
                # up to 12 words, within its sentence ("…and like you can't trust me. I was only doing…")
                out.append((k, min([len(lem), k + 12, *(j for j in sentences if j > k)])))
    return out


def _in_their_feeling(
    body: _Text, span: tuple[int, int], feel_spans: list[tuple[int, int]], named: list[tuple[int, int]]
) -> bool:
    """Whether an act phrase is part of the feeling given back: inside "it feels like …", overlapping a
    feeling named for them ("it didn't matter to me" in "you felt it didn't matter to me"), or an
    intensifier right before one ("it was just humiliating")."""
    a, b = span
    if any(fa <= a and b <= fb for fa, fb in feel_spans):
        return True
    # (a mention may begin with its verb: "felt forgotten")
    if any(na < b and a < nb and "feel" in body.lemmas[max(0, na - 5) : na + 1] for na, nb in named):
        return True
    return body.lemmas[b - 1] in {"just", "only", "so", "really"} and any(na in {b, b + 1} for na, _ in named)


def _felt_for_them(body: _Text) -> bool:
    """Whether the reply names a feeling for them in words the lexicon may not have: "you felt like you
    had no say", "it feels like you've become staff", "that must have felt like it was taken out of your
    hands", "left you feeling …", "you felt blindsided". Not "I feel like…" (the listener's own)."""
    lem, words = body.lemmas, body.words
    for k, lm in enumerate(lem):
        if lm != "feel" or k + 1 >= len(lem):
            continue
        back = words[max(0, k - 4) : k]
        near = back[-2:]
        if ("i" in near or "we" in near) and "you" not in near:
            continue  # "I feel like…": the listener's own
        nxt = lem[k + 1]
        if " ".join(lem[k + 1 : k + 3]) in _NOT_A_FEELING_AFTER_FEEL or nxt in _NOT_A_FEELING_AFTER_FEEL:
            continue
        if nxt in {"like", "as"} or (nxt == "that" and k + 2 < len(lem)):
            return True
        if _is_content(nxt) and nxt not in {"i", "you"}:
            return True  # "you felt blindsided": a word of theirs the lexicon does not know
    return False


_PERSONS = frozenset({"i", "me", "my", "im", "you", "youre", "your", "yourself", "he", "she", "they", "him", "her"})
_CALLING_VERBS = frozenset({"call", "label", "brand", "name", "think", "say", "tell", "find", "consider"})


def _theirs_in_passing(body: _Text, m: _Mention, st: _Statement) -> bool:
    """A feeling they named, given back after "you" without a verb of feeling ("…so you were left with a van
    full of boxes, raging and hurt", "you dread going"): theirs, though not in a "you felt…" frame."""
    if not m.families & st.expected_all:
        return False
    k = next((j for j in range(m.start - 1, max(-1, m.start - 9), -1) if body.words[j] in _PERSONS), None)
    if k is None or body.words[k] not in {"you", "youre", "your", "yourself"}:
        return False  # "…then overruled your calls": the listener's deed, not their feeling
    # "calling you lazy and useless", "said you were rude": what they were called, not how they felt
    return not (k > max(0, m.start - 8) and body.lemmas[k - 1] in _CALLING_VERBS)


def _measure(
    st: _Statement,
    body: _Text,
    quote: bool,
    prefix_feelings: frozenset[str] = frozenset(),
    opener_felt: bool = False,
) -> dict[str, Any]:
    """Content and feeling coverage of ``body`` against the statement, and whose side it speaks from.

    ``prefix_feelings``: feeling families named in the sympathy the reply opened with ("that must have
    hurt, …"), which gives a feeling back as well as the body does."""
    lex = lexicon()
    stmt = st.text
    body_canon = _canonical(body)
    body_mentions = _feeling_mentions(body)
    pool = [c for c in body_canon if c]
    pool_set = set(pool)
    body_roles = _roles(body.words, reflecting=True)
    body_pos: dict[str, int] = {}
    for j, c in enumerate(body_canon):
        body_pos.setdefault(c, j)

    seen: set[str] = set()
    got = total = 0.0
    missing: list[str] = []
    agree = disagree = 0
    for i in st.content_idx:
        c = st.canon[i]
        if c in seen:
            continue
        seen.add(c)
        weight = 0.5 if (c in lex.light_words or stmt.lemmas[i] in lex.light_words) else 1.0
        total += weight
        hit = _content_match(c, pool, pool_set)
        if hit is None:
            if weight == 1.0:
                missing.append(stmt.words[i])
            continue
        got += weight
        sr, br = st.roles[i], body_roles[body_pos.get(hit, 0)]
        if sr and br:
            if sr == br:
                agree += 1
            else:
                disagree += 1
    n_content = len(seen)
    content_words = [i for i, c in enumerate(body_canon) if _is_content(c) and c not in lex.light_words]
    novel_idx = [
        i
        for i in content_words
        if _content_match(body_canon[i], st.pool, st.pool_set) is None
        and not any(m.start <= i < m.end for m in body_mentions)
    ]

    found_order: list[str] = []
    for m in body_mentions:
        for name in sorted(m.families):
            if name not in found_order:
                found_order.append(name)
    # Feelings the listener claims for themselves ("I felt attacked"), not echoing the other person.
    own_feelings = []
    if not quote:
        for m in body_mentions:
            window = body.words[max(0, m.start - 4) : m.start]
            lem_window = body.lemmas[max(0, m.start - 4) : m.start]
            claims = (
                "i" in window
                and any(
                    w in _FEEL_VERBS for w in lem_window[lem_window.index("i") if "i" in lem_window else 0 :]
                )
            ) or (len(window) >= 2 and window[-1] == "me" and lem_window[-2] in {"make", "leave", "get"})
            if claims and not _echoed(body, (max(0, m.start - 2), m.end), stmt):
                own_feelings.append(m)
    found_all = set(found_order) | prefix_feelings
    # "you're not included in the meetings" against "you never include me…": the event said back, not a
    # feeling named (its words are their content, not their feeling)
    event_words = {st.canon[i] for i in st.content_idx}

    def _event_echo(m: _Mention) -> bool:
        if "feel" in body.lemmas[max(0, m.start - 3) : m.start + 1] or (
            m.primary and m.families & st.expected_all
        ):
            return False  # "you must have felt so forgotten", "that made you angry": their feeling, named
        words = [body_canon[k] for k in range(m.start, m.end) if _is_content(body_canon[k])]
        return bool(words) and all(w in event_words for w in words)

    named = [m for m in body_mentions if (m.primary or _theirs_in_passing(body, m, st)) and not _event_echo(m)]
    found_named = {n for m in named for n in m.families} | prefix_feelings
    # "in front of his friends" said back is their event, not their feeling named
    found_all = {n for m in body_mentions if not _event_echo(m) for n in m.families} | prefix_feelings
    theirs_named = {
        n for m in named if not any(m is o for o in own_feelings) for n in m.families
    } | prefix_feelings
    felt = _felt_for_them(body) or opener_felt
    credits: list[float] = []
    for fams, needs_named in st.expected_sets:
        pool_f = found_named if needs_named else found_all
        if fams & pool_f:
            credits.append(1.0)
        elif any(lex.families[n].related & pool_f for n in fams):
            credits.append(_RELATED_CREDIT)
        elif (
            not needs_named
            and not (st.hint_family and fams == {st.hint_family})
            and (theirs_named - {"upset"} or felt)
        ):
            # only implied by what happened ("took credit for my idea"): a feeling they name for them
            # ("you felt powerless") gives it back, as for a statement with no feeling word
            credits.append(_RELATED_CREDIT)
        elif felt:
            credits.append(_FEELING_OK)  # "all those weekends feel wasted": their feeling, in words we lack
        elif "upset" in pool_f:
            credits.append(_GENERIC_CREDIT)
        else:
            credits.append(0.0)
    if st.pseudo:
        words = st.pseudo[0]
        hit_n = sum(1 for w in words if _content_match(w, pool, pool_set) is not None)
        # "I feel like I don't get a say" given back as "you felt shut out" or "it feels like you have no
        # say": a feeling they put in a clause, named in other words
        credits.append(
            1.0 if hit_n / len(words) >= 0.5 else (_RELATED_CREDIT if theirs_named or felt else 0.0)
        )
    if st.implied_feeling:
        credits.append(1.0 if theirs_named or felt else 0.0)
    if credits:
        if st.hint_family:
            feeling_cov = max(credits[0], 0.6 * max(credits) + 0.4 * sum(credits) / len(credits) - 0.2)
        else:
            feeling_cov = 0.6 * max(credits) + 0.4 * sum(credits) / len(credits)
    else:
        feeling_cov = 1.0
    feeling_cov = max(0.0, min(1.0, feeling_cov))
    # in the order the reply said them, so that the feedback names the same feeling on every run
    wrong = [
        n
        for n in [*found_order, *sorted(prefix_feelings - set(found_order))]
        if n in found_named and n not in st.expected_all and n not in st.related_all and n != "upset"
    ]

    if n_content:
        content_cov = got / total if total else 0.0
    elif st.expected_sets or st.pseudo or st.implied_feeling:
        content_cov = 1.0 if feeling_cov >= _FEELING_OK else feeling_cov
    else:
        content_cov = 1.0 if pool_set & set(st.canon) - STOPWORDS else 0.0
    thr = max(0.3, 0.5 - 0.015 * max(0, n_content - 6))
    event = _event_clause(body, body_canon)
    named_for_them = any(
        body_roles[m.start] != LISTENER or m.primary and "you" in body.words[max(0, m.start - 3) : m.start]
        for m in body_mentions
        if m.primary
    )
    if (
        feeling_cov >= _RELATED_CREDIT
        and (event or got >= 1.0)
        and content_cov < thr
        and (st.expected_sets or st.pseudo or st.implied_feeling)
    ):
        content_cov = max(content_cov, thr)  # the event in their own words, with the feeling caught

    own_expected = any(m.families & st.expected_all for m in own_feelings)
    if quote:
        perspective = "theirs"
    elif own_expected and agree == 0 or (disagree > agree and _unflipped_echo(body, stmt)):
        # "mine" needs their words said back with their pronouns unflipped ("I felt ignored when you…");
        # a restructured sentence ("you haven't been invited") only looks like a role swap
        perspective = "mine" if agree == 0 else "mixed"
    elif disagree > agree or (disagree and disagree == agree):
        perspective = "mixed"
    else:
        perspective = "theirs"
    return {
        "perspective": perspective,
        "canon": body_canon,
        "mentions": body_mentions,
        "pool": pool,
        "pool_set": pool_set,
        "content": content_cov,
        "feeling": feeling_cov,
        "thr": thr,
        "event": event,
        "named_for_them": named_for_them,
        "found_order": found_order,
        "found_all": found_all,
        "wrong": wrong,
        "missing": missing,
        "agree": agree,
        "disagree": disagree,
        "n_content": n_content,
        "novel_share": len(novel_idx) / max(1, len(content_words)),
        "n_novel": len(novel_idx),
        "own_feelings": own_feelings,
        "named": named,
        "felt": felt,
        "theirs_named": theirs_named,
        "got": got,
    }


def _strip_frames(words: list[str], lex: Lexicon) -> tuple[int, int, bool, str | None, bool, bool]:
    """Where the reflection proper starts and ends, once openers, sympathy and a trailing check are off."""
    seq = _Text.of_words(words).lemmas
    start, quote, sympathy, opener = 0, False, None, False
    for _ in range(5):  # "oh love, I'm so sorry, I can see that what I heard you say is that…"
        n, opt = _strip_prefix(seq[start:], lex.openers)
        m, sym = _strip_prefix(seq[start:], lex.sympathy)
        if m > n:
            sympathy = "sorry" if "sorry" in sym else (sympathy or "other")
            start += m
        elif n:
            quote = quote or opt in lex.quote_frames
            opener = True
            start += n
        else:
            break
        if seq[start : start + 1] == ("that",):
            start += 1
    end = len(seq)
    check = False
    for _ in range(2):
        for opt in lex.checks:
            if end - len(opt) > start and seq[end - len(opt) : end] == opt:
                end -= len(opt)
                check = True
                break
    return start, end, quote, sympathy, check, opener


def analyse(statement: str, reflection: str, feeling: str | None = None) -> Analysis:
    """Read one pair with the rules: what came back, what was added, what the reply does.

    Pure and deterministic; never raises on odd text (non-string input is treated as empty).
    """
    statement = statement if isinstance(statement, str) else ""
    reflection = reflection if isinstance(reflection, str) else ""
    feeling = feeling if isinstance(feeling, str) else None
    lex = lexicon()
    st = _Statement(statement, feeling)
    split = _split_words(reflection)
    an = Analysis(statement, reflection)
    an.typed = split.typed
    an.n_statement = len(st.text.words)
    an.n_reply = len(split.words)
    an.complaint = st.complaint
    an.statement_content = len(st.content_idx)
    an.statement_question = statement.rstrip().endswith("?") or bool(
        st.text.words and lex.lists["question"].spans(st.text)
    )
    an.continuation = reflection.lstrip()[:1] in {"-", "\u2014", "\u2013"}
    if split.words:
        n = len(split.words)
        an.first_word = split.words[0]
        an.you_rate = sum(1 for w in split.words if w in {"you", "your", "yours", "yourself"}) / n
        an.i_rate = sum(1 for w in split.words if w in {"i", "me", "my", "mine", "myself"}) / n
        an.we_rate = sum(1 for w in split.words if w in {"we", "us", "our", "ours", "let"}) / n
        an.you_know = sum(1 for a, b in zip(split.words, split.words[1:]) if a == "you" and b == "know")
        pron = {
            "you": "you",
            "your": "you",
            "i": "i",
            "me": "i",
            "my": "i",
            "we": "we",
            "us": "we",
            "our": "we",
        }
        an.first_pronoun = next((pron[w] for w in split.words if w in pron), "")
    an.expected = list(st.expected_order)
    an.expected_words = dict(st.expected_words)
    an.concerns = len(st.concerns)
    if not split.words:
        an.empty = True
        return an

    start, end, quote, sympathy, check, opener = _strip_frames(split.words, lex)
    an.opener, an.quote, an.sympathy, an.check = opener, quote, sympathy, check
    an.check_words = tuple(split.words[end:])
    an.reflective_opener = bool(set(_Text.of_words(split.words[:start]).lemmas) & _REFLECTIVE_OPENER_WORDS)
    an.implied_feeling = st.implied_feeling
    body = _Text.of_words(split.words[start:end])
    an.n_body = len(body.words)
    if not body.words:
        an.empty = True
        return an
    ack = lex.lists["acknowledgement"].spans(body)
    if ack and ack[0][1] >= len(body.lstr) - 1:
        an.acknowledgement = True
        return an
    an.starts_you = body.words[0] in {"you", "your"}
    you = sum(1 for w in body.words if role_of(w, reflecting=True) == SPEAKER)
    me = sum(1 for w in body.words if role_of(w, reflecting=True) == LISTENER)
    an.speaker_share = you / max(1, you + me)
    an.listener_share = me / max(1, len(body.words))

    prefix_feelings = (
        frozenset(n for m in _feeling_mentions(_Text.of_words(split.words[:start])) for n in m.families)
        if start
        else frozenset()
    )
    # "it feels like a low blow when…": the opener said it is a feeling of theirs
    opener_felt = bool(start) and _felt_for_them(
        _Text.of_words(split.words[: min(len(split.words), start + 2)])
    )
    # "it feels like / you feel like …": the opener makes what follows their feeling, given back
    opener_tail = _Text.of_words(split.words[max(0, start - 2) : start]).lemmas if start >= 2 else ()
    feel_frame = opener_tail in {
        ("feel", "like"),
        ("seem", "like"),
        ("feel", "as"),
        ("sound", "like"),
    } and any(w in {"you", "it", "that"} for w in split.words[max(0, start - 4) : start - 2])
    full = _measure(st, body, quote, prefix_feelings, opener_felt)
    body_canon = full["canon"]
    clauses = _clauses(body, split, start, lex)
    lead_in = tuple(split.words[max(0, start - 2) : start])
    if (
        clauses
        and not clauses[0].lead
        and body.words[0] in {"you", "your"}
        and (
            (lead_in[-1:] == ("well",) and lead_in[:1] not in {("oh",), ("as",), ("very",)})
            or lead_in == ("i", "mean")
        )
    ):
        # "yeah well you didn't give us the fixtures…": the opener's "well" turns what follows round
        c0 = clauses[0]
        clauses[0] = _Clause(c0.a, c0.b, "well", c0.question)
    an.n_clauses = len(clauses)
    sentence_starts = frozenset(h - start for h in split.hard if 0 < h - start < len(body.words))

    # --- what the listener added that is not their words: questions, advice, plans, own story ---------
    def spans_in(kind: str) -> list[tuple[int, int]]:
        return [body.token_span(sp) for sp in lex.lists[kind].spans(body)]

    safe = [body.token_span(sp) for sp in lex.safe.spans(body)]
    reassurance = spans_in("reassurance")
    exploring = spans_in("exploring")
    plans = spans_in("plan")
    disclosures = [sp for sp in spans_in("disclosure") if not _echoed(body, sp, st.text)]
    pleasantries = [sp for sp in spans_in("pleasantry") if not _echoed(body, sp, st.text)]
    advice = [
        sp
        for sp in spans_in("advice")
        if not _echoed(body, sp, st.text)
        and body.words[sp[1] : sp[1] + 1] not in (("not",), ("never",))
        and body.lemmas[sp[1] : sp[1] + 1] not in (("feel",), ("be",))  # "you must feel…"
        # "you could have told me" (what was owed), not "maybe we could have them over less" (a plan)
        and not (body.lemmas[sp[1] : sp[1] + 1] == ("have",) and not _has_object(body.words, sp[1] + 1))
        and not body.words[sp[0]].endswith("ing")  # "trying to talk about…": a gerund, not "try to…"
        # "when you try to talk about money": the verb of a subject before it, not an instruction
        and not (sp[0] > 0 and body.words[sp[0] - 1] in _SUBJECTS and body.words[sp[0]] not in _SUBJECTS)
        # "you had to do it all yourself": a burden they carried, not what they must do
        and "had" not in body.words[sp[0] : sp[1]]
        # "I didn't let you know": a subject before "do not" makes it a statement, not an instruction
        and not (sp[0] > 0 and body.words[sp[0] - 1] in _SUBJECTS and body.lemmas[sp[0]] == "do")
        # "before you got to tell people": a chance they had, in a clause of their event
        and not (sp[0] > 0 and body.words[sp[0] - 1] in _SUBORDINATORS and body.words[sp[0]] == "you")
    ]
    topic = [
        sp
        for sp in spans_in("topic_change")
        if not _echoed(body, sp, st.text)
        # "because I forgot it", "you let it drop": a verb with a subject tells their event, not "forget it!"
        and not (sp[0] > 0 and body.words[sp[0] - 1] in _SUBJECTS | {"had", "have", "just", "never"})
    ]
    apology = [sp for sp in spans_in("apology") if not _echoed(body, sp, st.text)]
    # "sorry" is an apology to someone complaining about the listener; elsewhere it is sympathy
    an.apology = st.complaint and (bool(apology) or sympathy == "sorry")
    protected = safe + reassurance
    # an addition that starts inside a clause ("…for your best friend my ex did the same to me") is cut off
    cut_at = sorted({sp[0] for sp in disclosures + advice + plans + reassurance + topic + pleasantries})
    recut: list[_Clause] = []
    for c in clauses:
        a = c.a
        for p in cut_at:
            if a + 2 < p < c.b - 1:
                recut.append(_Clause(a, p, c.lead if a == c.a else "", c.question if a == c.a else False))
                a = p
        recut.append(_Clause(a, c.b, c.lead if a == c.a else "", c.question if a == c.a else False))
    clauses = recut
    an.n_clauses = len(clauses)

    def inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
        return any(a <= span[0] and span[1] <= b for a, b in spans)

    def clause_of(k: int) -> _Clause:
        for c in clauses:
            if c.a <= k < c.b:
                return c
        return clauses[-1]

    additions: list[tuple[str, str, _Clause]] = []
    added_accounts: list[_Clause] = []
    accounts_after_reflection: list[_Clause] = []

    def add(kind: str, c: _Clause) -> None:
        if not any(x[2] is c for x in additions):
            additions.append((kind, body.surface(c.a, min(c.b, c.a + 8)), c))

    mention_idx = {k for m in full["mentions"] for k in range(m.start, m.end)}
    for c in clauses:
        subj, c_sk = _subject(body.words, c.a, c.b)
        novelty, n_words = _clause_novelty(
            body_canon[c.a : c.b], st.canon, None if subj == "L" else mention_idx, c.a
        )
        if subj == "L" and not c.question and c_sk < c.b:
            owned = _verb_after(body, c_sk)
            if owned is not None and owned[2] < c.b and st.listener_acts.get(owned[0]) == owned[1]:
                continue  # "I booked three meetings over it last week alone": the complained act, owned
        # "she's between flats at the moment", "he's been cooking for all of us": a person of the
        # complaint accounted for, in the present
        person = subj == "T" and c_sk < c.b and body.words[c_sk] in {"he", "she", "they"} and bool(st.people)

        def hits(spans: list[tuple[int, int]], c: _Clause = c) -> list[tuple[int, int]]:
            return [sp for sp in spans if sp[0] < c.b and c.a < sp[1]]

        if c.question:
            if c.a > 0 and not hits(exploring):  # a question after their words back: a mixed turn (not
                add("question", c)  # "is there more you want to tell me about it?": still listening
        elif hits(reassurance) and (novelty >= 0.34 or not n_words):
            add("reassurance", c)
        elif hits(topic):
            add("topic_change", c)
        elif hits(advice) or (
            _imperative(body, c, lex)
            # "…and then put him in a kennel": a verb joined to the one before, telling their event
            and not (c.a > 0 and body.words[c.a] in {"and", "then"} and n_words and novelty < 0.6)
        ):
            add("advice", c)
        elif hits(plans) and (novelty >= 0.34 or not n_words):
            add("plan", c)

        elif hits(pleasantries):
            add("pleasantry", c)
        elif (
            c.a > 0
            and body.words[c.a : c.a + 2] in (("i", "will"), ("we", "will"))
            and body.words[c.a - 1] not in _BEFORE_FEARED
        ):
            add("plan", c)  # "…and you're fed up, I'll raise a priority ticket now": a plan after their words
        elif (
            (hits(disclosures) and novelty >= 0.34)
            or (
                subj == "L"
                and novelty >= 0.6
                and n_words >= 2
                and not hits(apology)
                # "I'm always making you out to be the bad guy": in a complaint, what the listener did to
                # them, told back in other words, is not the listener's own story
                and not (st.complaint and any(w in {"you", "your"} for w in body.words[c.a : c.b]))
                and not _owned_cause(body, c, c_sk, full, sentence_starts)
                and not _empathic_frame(body.words, body.lemmas, c_sk, c.b)
                # "and I went straight to talking about the car" for "you changed the subject to the car",
                # beside their feeling given back: the complained act told back in the listener's words
                and not (
                    st.complaint
                    and full["found_order"]
                    and _past(body.words, c_sk + 1, c.b)
                    and (
                        any(
                            _is_content(body_canon[k]) and _content_match(body_canon[k], st.pool, st.pool_set)
                            for k in range(c_sk + 1, c.b)
                        )
                        or _own_deed(body, c, c_sk)
                    )
                )
                and not _cause_of_their_feeling(body, c.a, sentence_starts)
                # "I brushed it off like it didn't matter" for "you acted like it was no big deal"
                and not (
                    st.complaint
                    and _past(body.words, c_sk + 1, c.b)
                    and any(
                        _their_simile(body, (k, k + 1), st)
                        for k in range(c_sk + 2, c.b)
                        if body.words[k] in {"like", "if", "though"}
                    )
                )
            )
        ):
            add("own_story", c)
        elif (
            st.complaint
            and c.a > 0
            and subj in {"T", None}
            and (n_words >= 3 or (person and n_words >= 2))
            and novelty >= (0.6 if person else 0.75)
            and not any(role_of(w, reflecting=True) == SPEAKER for w in body.words[c.a : c.b])
            and not any(c.a <= k < c.b for k in mention_idx)
            # "so now she raises it at family dinners" for "now she keeps bringing it up": the consequence
            # they named, told back in other words
            and not ("now" in st.text.words and "now" in body.words[c.a : c.b])
            # "…and it feels like nobody sees how much you do": how it feels to them, given back
            and not (body.lemmas[c.a : c.a + 4].count("feel") and "i" not in body.words[c.a : c.a + 3])
        ):
            add("added", c)  # after their words, something new of the listener's ("the day got away")
            norm = body.words[c.a + 1 : c.a + 4]
            if _past(body.words, c.a + 1, c.b) or (person and not _now_told_back(body.words, c.a, c.b)):
                added_accounts.append(c)  # "he was throwing stones at the car": why the listener did it
            elif (_past(body.words, c.a + 2, c.b) and not _now_told_back(body.words, c.a, c.b)) or (
                {"meant", "supposed"} & set(norm) and "to" in body.words[c.a + 2 : c.a + 5]
            ):
                # after a reflection: "material costs went up across the industry", "grandparents are
                # meant to spoil them" (a story told instead of one is off the point, not an account)
                accounts_after_reflection.append(c)
    # "I'll leave earlier and text you when I set off": the plan goes on in the verb after "and" (read
    # as part of the plan by the acts below; not counted again as an addition)
    plan_goes_on: list[tuple[int, int]] = []
    for c in clauses:
        prev = next((x for x in clauses if x.b == c.a), None)
        if (
            prev is not None
            and (any(x[2] is prev and x[0] == "plan" for x in additions) or (prev.a, prev.b) in plan_goes_on)
            and body.words[c.a] in {"and", "then", "or"}
            and c.a + 1 < c.b
            and body.words[c.a + 1] not in _SUBJECTS | {"me", "him", "her", "them", "us", "it"}
            and not body.words[c.a + 1].endswith("ed")
            and body.words[c.a + 1] not in _IRREGULAR_PAST
        ):
            plan_goes_on.append((c.a, c.b))
    # "When I was a kid, we never had holidays at all": the rest of the sentence a disclosure opens is
    # the listener's story too (read by the acts below as off the point, not as a correction). Not
    # counted as another addition: EPITOME's raters call much self-disclosure understanding, and
    # counting these cost its AUC 0.002-0.005 for no gain elsewhere.
    story_goes_on: list[_Clause] = []
    for c in clauses:
        prev = next((x for x in clauses if x.b == c.a), None)
        if (
            prev is not None
            and c.a not in sentence_starts
            and not c.question
            and (
                any(x is prev for x in story_goes_on)
                or any(k == "own_story" and x is prev for k, _, x in additions)
                and any(sa < prev.b and prev.a < sb for sa, sb in disclosures)
            )
            and not any(x is c for _, _, x in additions)
            and not any(role_of(w, reflecting=True) == SPEAKER for w in body.words[c.a : c.b])
        ):
            story_goes_on.append(c)

    an.question_first = bool(clauses) and clauses[0].question and clauses[0].a == 0
    an.n_questions = sum(1 for c in clauses if c.question)
    an.ends_question = reflection.rstrip().endswith("?")
    an.n_sentences = len(split.hard)
    own_words = 0
    for c in clauses:
        subj, _ = _subject(body.words, c.a, c.b)
        an.speaker_clauses += subj == "S"
        if subj == "L":
            novelty, n_words = _clause_novelty(body_canon[c.a : c.b], st.canon)
            if novelty >= _NOVEL_CLAUSE and n_words:  # the listener's own material, not "when I cancelled"
                an.listener_clauses += 1
                own_words += c.b - c.a
    an.own_share = own_words / max(1, len(body.words))
    _role_cues(an, st, body, clauses)
    an.you_feel = any(
        body.words[k] == "you" and "feel" in body.lemmas[k + 1 : k + 4] for k in range(len(body.words))
    )
    an.cues = {kind: len(lex.lists["cue_" + kind].spans(body)) for kind in CUE_KINDS}
    stmt_set = {c for c in st.canon if _is_content(c)}
    body_set = {c for c in body_canon if _is_content(c)}
    an.overlap = len(stmt_set & body_set) / max(1, len(stmt_set | body_set))
    an.echo_share = len(body_set & stmt_set) / max(1, len(body_set))
    an.why = body.lemmas[0] in {"why", "how"}
    an.question_typed = any(start <= q < end for q in split.qends)

    # --- the reflection proper: the body without the additions -------------------------------------
    add_set = {id(x[2]) for x in additions}
    core_words = [w for c in clauses if id(c) not in add_set for w in body.words[c.a : c.b]]
    if additions and core_words:
        core = _Text.of_words(core_words)
        m = _measure(st, core, quote, prefix_feelings, opener_felt)
    else:
        core = body if not additions else _Text.of_words([])
        m = full if not additions else None
    an.n_core = len(core.words)
    if m is not None:
        an.content, an.feeling = m["content"], m["feeling"]
        an.found, an.wrong_feelings, an.missing = m["found_order"], m["wrong"], m["missing"][:4]
        an.perspective, an.agree, an.disagree = m["perspective"], m["agree"], m["disagree"]
        an.event, an.named_for_them, an.n_content = m["event"], m["named_for_them"], m["n_content"]
        an.felt, an.theirs_named = m["felt"], len(m["theirs_named"])
        thr = m["thr"]
        an.content_ok = an.content >= thr
        an.feeling_ok = an.feeling >= _FEELING_OK
        an.reflected = bool(
            an.content >= thr * 0.6
            or ((st.expected_sets or st.pseudo) and an.feeling_ok)
            or an.named_for_them
        )
        if st.complaint and not m["found_order"] and not set(core.words) & _PERSON_WORDS:
            an.reflected = False  # "the investors loved the deck": about the matter, but nobody's side of it
        if not an.reflected and _bare_echo(core, st):
            # "the hedge", "the shampoo thing yeah": their matter named, nothing more (partial)
            an.reflected = True
        # two complaints, one given back
        if len(st.concerns) >= 2:
            an.concerns_missed = sum(
                1
                for words in st.concerns
                if not any(_content_match(w, m["pool"], m["pool_set"]) for w in words)
            )
        base = (
            (0.5 * min(1.0, an.content / thr) + 0.5 * an.feeling)
            if (st.expected_sets or st.pseudo or st.implied_feeling)
            else min(1.0, an.content / thr)
        )
        an.base = max(0.0, min(1.0, base))
        # a paraphrase: what happened told in words of the reply's own (not a feeling, not a generic
        # verb), beside the feeling ("she took your money and went silent on you, and you feel exploited")
        in_mention = {k for mm in m["mentions"] for k in range(mm.start, mm.end)}
        if (st.expected_sets or st.pseudo) and len(st.content_idx) >= 2:  # an event besides the feeling
            in_mention |= _feel_tail(core, frozenset({"you", "it", "that"}))
        an.paraphrase = (
            sum(
                1
                for k, cw in enumerate(m["canon"])
                if k not in in_mention
                and _is_content(cw)
                and core.lemmas[k] not in _GENERIC_VERBS
                and core.lemmas[k] not in _ADVERBS
                and core.lemmas[k] not in _FEEL_VERBS
                and lexicon().filler_words.isdisjoint({cw})
            )
            >= 2
        )
    else:
        an.missing = full["missing"][:4]
        an.found = full["found_order"]
    an.novel_share = full["novel_share"]
    an.additions = [(k, p) for k, p, _ in additions]

    # --- what the reply does: defensive acts ----------------------------------------------------------
    acts: list[tuple[str, str, str]] = []
    another_time, story = _another_time(split.words, st.text.words)

    def act(kind: str, phrase: str, source: str) -> None:
        if story and (
            kind == "justification"
            or source == "structure"
            # "when I started my first job years ago, my boss talked over me too": the same, in their story
            or (kind == "counter_complaint" and {"too", "either", "same"} & set(phrase.split()))
        ):
            # "…back in ninety eight I was working at my uncle's garage", "when I was a kid, teachers labelled
            # me as trouble too": the listener's own story of another time, no excuse, no complaint of theirs
            return
        # where the phrase starts (the structural readers hand over the clause's words, not its place), for
        # the two checks below that read it
        k = None
        if kind == "correction" or (kind == "justification" and source == "structure"):
            head = tuple(phrase.split()[:3])
            k = next((j for j in range(len(body.words)) if body.words[j : j + len(head)] == head), None)
        if kind == "justification" and source == "structure":
            # "when I walked everyone through the plan without naming you, it was as if your work vanished"
            if k is not None and _cause_of_their_feeling(body, k, sentence_starts):
                return
            if k is not None and any(
                c.a <= k < c.b and any(c.a <= ta <= c.a + 1 for ta, _ in topic)
                for kd, _, c in additions
                if kd == "topic_change"
            ):
                return  # "so anyway, the tournament schedule is out": a change of subject (missed), no excuse
        if kind == "correction":
            # "…, and it wasn't even your mistake" for their "a mistake that wasn't even mine": their own
            # denial told back, not the listener's correction
            if k is not None and _denial_told_back(st, body, k, sentence_starts):
                return
        if not any(p == phrase for _, p, _ in acts):
            acts.append((kind, phrase, source))

    kind_spans = [(c.a, c.b) for k, _, c in additions if k in {"reassurance", "plan", "pleasantry"}]
    feel_spans = _their_feel_clauses(body, sentence_starts)
    named_spans = [
        (m.start, m.end)
        for m in full["mentions"]
        if m.primary and not any(m is o for o in full["own_feelings"])
    ]
    said_numbers = {_number(w) for w in st.text.words if w in _NUMBER_WORDS or _number(w).isdigit()}
    for kind in ACT_KINDS:
        anywhere, in_complaint = lex.acts[kind]
        contextual = st.complaint or (
            st.implied and kind in {"correction", "minimising", "justification", "blame"}
        )
        found = [(sp, True) for sp in anywhere.spans(body)] + (
            [(sp, False) for sp in in_complaint.spans(body)] if contextual else []
        )
        for sp, always in found:
            span = body.token_span(sp)
            if _echoed(body, span, st.text) or inside(span, protected):
                continue
            if any(span[0] < h < span[1] for h in sentence_starts):
                continue  # "you've got real talent, you know. I've always…": no phrase across a full stop
            if kind == "correction" and said_numbers & {_number(w) for w in body.words[span[0] : span[1]]}:
                continue  # "with only twenty minutes' notice" for their "twenty minutes before": their count
            if _in_their_feeling(body, span, feel_spans, named_spans):
                continue  # "you felt like it didn't matter to me", "it was just humiliating"
            if kind == "justification" and _conceded(st, body, span):
                continue  # "even though I meant well…" for their "I know you meant to help": their concession
            s_a, s_b = _sentence_of(span[0], sentence_starts, len(body.words))
            if kind == "blame" and _run_told_back(st, body, span[0], s_b):
                continue  # "…, so now you've got a penalty you did nothing to deserve": their "now I've got
                # a penalty", told back
            if (
                kind in {"counter_complaint", "blame"}
                and _praises(body, s_a, s_b)
                and not _PRAISE_TURNS & set(body.words[s_a:s_b])
            ):
                continue  # "you're so precious to me, sweetheart, you always will be": praise (missed)
            if kind == "counter_complaint" and body.words[span[0] : span[1]] == ("me", "too"):
                before = body.words[s_a : span[0]]
                if (
                    len(before) >= 3
                    and before[-1] in {"to", "at", "with", "for"}
                    and not {"you", "your"} & set(before)
                ):
                    continue  # "my dad used to say things to me too": the listener's own story (someone
                    # else did it to them too), not a complaint about the speaker
            if not always and inside(span, kind_spans):
                continue  # "you know I'm proud of you whatever you do" is reassurance, not an act
            if (
                kind in {"counter_complaint", "justification"}
                and span[1] - span[0] <= 4
                and any(span[1] <= ra <= span[1] + 3 or 0 <= span[0] - rb <= 2 for ra, rb in reassurance)
            ):
                continue  # "you know I'd never hurt you", "everyone thinks highly of you, and so do I": the
                # short frame of a reassurance (off the point: missed), not an act of its own
            if kind == "blame" and set(body.lemmas[max(0, span[0] - 2) : span[0]]) & {
                "nobody",
                "not",
                "never",
                "one",
            }:
                continue  # "with nobody on your side": their side said for them, not blame
            if (
                kind == "correction"
                and body.words[span[0]] == "i"
                and {"not", "never"} & set(body.words[span[0] : span[0] + 3])
                and (
                    (
                        (any(not pol for pol in st.listener_acts.values()) or "without" in st.text.words)
                        and not any(pol for pol in st.listener_acts.values())
                    )
                    # "I didn't say anything about what you'd done well" for "you never mentioned the
                    # parts that went well": a told-back silence, whatever else the statement complains of
                    or (
                        body.lemmas[span[1] - 1] in _COMM
                        and any(not pol and v in _COMM for v, pol in st.listener_acts.items())
                    )
                )
            ):
                continue  # "I didn't say a thing" against "you didn't stand up for me": it agrees
            if (
                body.words[span[0] : span[0] + 2] == ("you", "know")
                and span[0]
                and body.lemmas[span[0] - 1] == "let"
            ):
                continue  # "I never let you know I'm running late": not "you know I…" (an appeal)
            if (
                kind == "blame"
                and body.lemmas[span[1] - 1 : span[1]] == ("have",)
                and _owed(body.words, span[1])
            ):
                continue  # "you should have been told", "you could have been hurt": owed or risked
            said = body.words[span[0] : span[1] + 1]
            if kind == "blame" and st.claims_decision and "your" in said and _DECIDING & set(said):
                continue  # "that was your call as their mum" for "that was my decision to make": given back
            if _asks_on(body.words, span):
                continue  # "so what did your teachers say": a question starts, not "so what?"
            if kind == "minimising" and clause_of(span[0]).question and body.words[clause_of(span[0]).a] in _WH:
                continue  # "how is everyone doing now?": a question about them, not "everyone does it"
            if (
                kind == "blame"
                and body.words[span[0]] in {"because", "cause"}
                and any(
                    body.lemmas[j] == "feel" and "you" in body.words[max(0, j - 3) : j]
                    for j in range(max(0, span[0] - 6), span[0])
                )
            ):
                continue  # "you feel cheated because you never said yes to that": their reason, told back
            if (
                kind == "correction"
                and body.words[span[0]] in {"barely", "hardly"}
                and span[0]
                and body.words[span[0] - 1] == "you"
            ):
                continue  # "you barely slept": their state said for them, not a correction
            if (
                kind == "minimising"
                and _SMALL & set(st.text.words)
                and _SMALL & set(body.words[span[0] : span[1]])
            ):
                continue  # "little slip-ups" for "every time I miss something small": their own size for it
            if (
                kind == "correction"
                and body.words[span[0] : span[1]] == ("actually",)
                and any(
                    clause_of(k).question or body.words[clause_of(k).a] in _WH
                    for k in {span[0], max(0, span[0] - 1)}
                )
            ):
                continue  # "how was your day, actually?": a question, not a correction
            if kind == "blame" and "both" in body.words[span[0] : span[1]] and clause_of(span[0]).question:
                continue  # "should we both be there?": a question about the plan, not blame shared out
            if kind == "sarcasm" and body.words[span[0] : span[0] + 2] == ("well", "do"):
                continue  # "well do a roast": recogniser text for "we'll do", not "well done"
            if _kind_words(kind, body, span, clause_of(span[0]), sentence_starts, split.words[:start]):
                continue  # "well done again on the promotion", "yeah no, fair enough": kind, no act
            if body.words[span[0]] == "if" and span[0] and body.words[span[0] - 1] in {"as", "even"}:
                continue  # "as if you're not there": how it was done to them, not a condition on them
            if (
                kind == "justification"
                and body.words[span[0]] in {"when", "because", "since", "cause", "while"}
                and body.words[span[0] + 1 : span[0] + 2] == ("i",)
                and _cause_given_back(st, body, span[0] + 1, clause_of(span[0]).b)
            ):
                continue  # "when I was on my phone" for "when you checked your phone": their account
            if _their_simile(body, span, st):
                continue  # "I brushed it off like it didn't matter" for "acted like it was no big deal"
            if kind == "counter_complaint" and _denied_them(body.words, span[0], min(len(body.words), span[1] + 4)):
                continue  # "you didn't even get a chance to answer": what they were denied, not their failing
            if kind == "blame" and body.words[span[0] : span[1]] == ("your", "fault") and (
                {"look", "seem", "sound", "if", "like"} & set(body.lemmas[max(0, span[0] - 4) : span[0]])
            ):
                continue  # "…and looking like it was your fault": how it looks to others, their fear
            if body.words[span[1] - 2 : span[1]] == ("as", "well") and body.words[span[1] : span[1] + 1] == ("as",):
                continue  # "you're grieving it as well as angry with me": both of theirs, not "you too"
            if kind == "justification" and _advice_from_experience(body.words, span):
                continue  # "journaling? It helped me a lot when I was stressed": advice, not an excuse
            if kind == "correction" and _softening_actually(body.words, span):
                continue  # "I'd love to get the recipe for that lamb, actually": no correction
            if _belief_i_caused(body.words, span):
                continue  # "I let the client think it was your fault": the listener owning what they caused
            if kind in {"counter_complaint", "blame"} and _their_burden(st, body, full, span):
                continue  # "you're the one who'll be paying to put it right" for "I'll have to pay to fix it"
            if kind == "counter_complaint" and _someone_else_did(body.words, span):
                continue  # "my manager did exactly the same to me": a story of the listener's, not "you did"
            if kind == "blame" and _told_by_me(body, span, st, sentence_starts):
                continue  # "since I told the landlord it was your fault": the listener owning what they said
            act(kind, body.surface(*span), "phrase")

    # "if your team had sent the content on time we'd have had time", "maybe if you'd told me I'd have
    # taken you": what they (or anyone but the listener) should have done, as the reason for the outcome
    cond = _conditional_blame(body, sentence_starts)
    if (
        cond is not None
        and not inside(cond, protected)
        and not _echoed(body, cond, st.text)
        # outside a complaint, only "if you had…, I would have…" puts it on them
        and (
            st.complaint
            or st.implied
            or (
                body.words[cond[0] + 1] == "you"
                and (
                    body.words[cond[0] + 2] == "had"
                    # "if you weren't always so tired…": a judgement of them, not a wish ("if you were here")
                    or set(body.words[cond[0] + 3 : cond[0] + 6]) & {"always", "so", "never", "constantly"}
                )
                and set(body.words[cond[0] : cond[1]]) & {"i", "we"}
            )
        )
    ):
        act("blame", body.surface(*cond), "structure")
    # "since I missed two dinners" against "three family dinners in a row": their count corrected in passing
    # (not in the listener's story of another time: "my cousin was stuck for nine hours last week")
    recount = _count_changed(st, body) if st.complaint and not another_time else None
    if recount is not None and not inside(recount, protected):
        act("correction", body.surface(*recount), "structure")
    # "and I'm resentful about your cat using my veg patch": the listener's own feeling about something of
    # theirs the statement never raised, set beside their complaint
    if st.complaint:
        for m in full["own_feelings"]:
            tail = body.words[m.end : m.end + 3]
            if not ("your" in tail and set(tail) & {"about", "with", "at", "by", "over", "of"}):
                continue
            if any(fa <= m.start < fb for fa, fb in feel_spans):
                continue  # "you feel like I'm ignoring your situation by…": what they feel, given back
            end = min(len(body.words), m.end + 8)
            novelty, n_new = _clause_novelty(list(full["canon"][m.end : end]), st.canon)
            if n_new and novelty >= _NOVEL_CLAUSE and not inside((m.start, end), protected):
                act("counter_complaint", body.surface(max(0, m.start - 2), end), "structure")
                break
    # "just tell me instead of sulking", "rather than moaning about it": advice that judges them
    rhetorical = _rhetorical_blame(body)
    if rhetorical is not None:
        act("blame", body.surface(*rhetorical), "structure")
    accusing = _accusing_question(body) if st.complaint else None
    if accusing is not None and not inside(accusing, protected) and not _echoed(body, accusing, st.text):
        act(
            "blame" if body.words[accusing[0]] == "why" else "justification",
            body.surface(*accusing),
            "structure",
        )
    instead = _instead_of_trait(body, lex)
    if instead is not None and not _echoed(body, instead, st.text):
        act("blame", body.surface(*instead), "structure")
    if st.complaint:
        advice_clauses = [c for k_add, _, c in additions if k_add == "advice"]
        for c in clauses:
            if inside((c.a, c.b), protected):
                continue
            # advice, or any clause ending on a norm of others ("…like most people do")
            hit = _advice_as_blame(st, body, c, any(c is x for x in advice_clauses), sentence_starts)
            if hit is None and st.listener_acts:
                hit = _prevention_advice(body, c, lex, sentence_starts)
            if hit is not None and not _echoed(body, hit, st.text):
                act("blame", body.surface(*hit), "structure")
    advised = _advised_instead(body, sentence_starts) if st.complaint else None
    if advised is not None and not inside(advised, protected):
        act("blame", body.surface(*advised), "structure")
    if start:  # "sorry you feel that way", "oh yes totally alone…": the act starts in the opener
        whole = _Text.of_words(split.words[:end])
        kinds = ("minimising", "blame", "sarcasm") if sympathy == "sorry" else ("sarcasm",)
        for kind in kinds:
            anywhere, in_complaint = lex.acts[kind]
            for sp in list(anywhere.spans(whole)) + (list(in_complaint.spans(whole)) if st.complaint else []):
                a, b = whole.token_span(sp)
                if a < start < b and not _echoed(whole, (a, b), st.text):
                    if kind == "sarcasm" and _congratulated(split.words, (a, b), split.hard):
                        continue  # "well done again on the promotion": praise for their news
                    act(kind, whole.surface(a, b), "phrase")
    if st.complaint:
        _structural_acts(
            st,
            body,
            body_canon,
            clauses,
            full,
            act,
            inside,
            protected,
            disclosures
            + plans
            + advice
            + [(c.a, c.b) for k, _, c in additions if k == "plan"]
            + plan_goes_on
            + [(c.a, c.b) for c in story_goes_on]
            + _news(body.words, sentence_starts),
            apology,
            quote,
            feel_frame,
            sentence_starts,
        )
    # "you were annoyed" for "I was livid", with no softener or dismissal: a sincere try with a smaller
    # word (partial, told which word they used), not minimising (the reviewers of sets 10 and 11)
    an.milder = st.complaint and _feeling_graded_down(st, body, full) is not None
    if st.complaint:
        for kind, span in _played_down(st, body, full, clauses, sentence_starts):
            if not inside(span, protected) and not inside(span, kind_spans):
                act(kind, body.surface(*span), "structure")
    for c in added_accounts + (accounts_after_reflection if an.reflected and an.n_core else []):
        if "i" in body.words[c.a : c.b] and _failure_owned(st, body.words, c.a, c.b):
            continue  # "…and I didn't come" for "you missed my dad's funeral": the failure owned
        if not acts:
            act("justification", body.surface(c.a, min(c.b, c.a + 8)), "structure")
    if not acts and (st.complaint or st.implied) and not (an.reflected and an.n_core):
        hit = _answers_back(st, body, body_canon, clauses, additions, apology, full)
        if hit is not None:
            act(*hit, "structure")
    story = [c for k, _, c in additions if k == "own_story"]
    if (
        acts
        and disclosures
        and story
        and not an.reflected
        # the story opens the reply, or follows only a line of fellow feeling ("honestly, I know what
        # that's like. When I had my first…")
        and all(
            any(sa < c.b and c.a < sb for sa, sb in disclosures)
            or c.b - c.a <= 2
            or (c.lead == "when" or body.words[c.a] == "when")  # "when I had my first, I missed…"
            for c in clauses[: clauses.index(story[0])]
        )
        and all(k == "justification" for k, _, _ in acts)
    ):
        # "that happened to me in first year, I had to redo it", "I remember my own dad shouting…": the
        # listener's own story of another event, off the point (missed), not reasons for the complained act
        acts = []
    if (
        acts
        and _defers(body.words)
        and all(k == "justification" and p.startswith("i am") for k, p, _ in acts)
    ):
        acts = []  # "I'm really tired tonight, can we talk about this tomorrow?": asking for later, not a defence
    if acts and not an.reflected and _only_the_listeners_side(acts, reflection, body, st):
        acts = []
    an.acts = acts
    return an


def _only_the_listeners_side(
    acts: list[tuple[str, str, str]], reflection: str, body: _Text, st: _Statement
) -> bool:
    """For a reply that gives nothing of theirs back: whether its only "defence" is the listener's own side
    told, off the point (missed) rather than an excuse."""
    if all(k == "justification" and src == "structure" for k, _, src in acts):
        raw_words = set(_RAW_WORD.findall(reflection.lower().replace("'", "")))
        # Nothing of theirs given back, and only the listener's side told, with no word that makes it a
        # reason, a mock or a limit ("because", "so", "but", "only", "had to", "couldn't", "too", "busy", "of
        # course", "sorry", "at most", "being", "wanted", "under pressure"…), or beside a question that is not
        # rhetorical: on the first runs of sets 10-61 (each scored on arrival, before anyone read it) such
        # replies were labelled missed 27 times, partial 16, accurate once and defensive 4 times (the cue words
        # were chosen on those sets and on counts over sets 53-66; on sets 63-66, never read, off-topic replies
        # judged defensive fell from 13 to 6 and four-way agreement rose by 7 pairs of 440)
        if ("?" in reflection and not raw_words & _RHETORICAL) or not raw_words & _EXCUSE_CUES:
            return True
    # "honestly, I've just been so stressed with my new job this week": the listener's own feelings told, with
    # no word of the act complained of (missed, the guide's "B's own feelings"; not "I missed it, I was
    # exhausted from the week")
    return all(k == "justification" and _OWN_STATE.search(p) for k, p, _ in acts) and not set(body.lemmas) & (
        set(st.listener_acts) | _FAILURE_VERBS
    )


_PERCEIVE = frozenset("see imagine understand get tell picture hear appreciate".split())
_FRAME_FILLERS = frozenset("can could only really just totally completely do well fully".split())


def _empathic_frame(words: tuple[str, ...], lemmas: tuple[str, ...], sk: int, b: int) -> bool:
    """Whether the listener's clause from ``sk`` is an empathic frame about them ("I can see why that
    stung", "I can only imagine how stressful that was", "I understand how hard that was"), not a story
    of the listener's own."""
    k = sk + 1
    while k < b and words[k] in _FRAME_FILLERS:
        k += 1
    if k >= b or lemmas[k] not in _PERCEIVE:
        return False
    nxt = words[k + 1] if k + 1 < b else ""
    return nxt in {"why", "how", "what", "that", "this", ""}


def _defers(words: tuple[str, ...]) -> bool:
    """Whether the reply asks to talk about it at another time ("can we talk about this tomorrow")."""
    text = " " + " ".join(words) + " "
    asks = (
        any(f" {m} we " in text for m in ("can", "could", "shall")) or " let us " in text or " let's " in text
    )
    talk = any(f" {v} " in text for v in ("talk", "discuss", "chat", "go over", "sit down"))
    later = any(
        f" {t} " in text
        for t in ("tomorrow", "later", "morning", "weekend", "another time", "after work", "tonight", "when")
    )
    return asks and talk and later


_EFFORT_VERBS = frozenset(
    {
        "spend",
        "cover",
        "wait",
        "stay",
        "work",
        "carry",
        "chase",
        "cook",
        "clean",
        "pay",
        "drive",
        "sort",
        "handle",
        "organise",
        "organize",
        "arrange",
        "sacrifice",
        "juggle",
        "pick",
        "run",
        "fix",
        "do",
    }
)
_EFFORT_SCOPE = frozenset(
    {
        "every",
        "whole",
        "all",
        "entire",
    }
)


def _effort(st: _Statement, body: _Text, sk: int, b: int, mention_idx: set[int]) -> bool:
    """Whether the listener's clause from ``sk`` ("I …") tells their own effort for them, in the past:
    "I covered your whole queue", "I spent three days waiting on your feedback", "I stayed until nine
    every night covering your clients", "I spent the weekend chasing the landlord for both of us". Not
    the complained act owned ("I booked three meetings over it"), not a feeling, not the listener's own
    story about someone else ("I had a boss who…")."""
    words = body.words
    verb = _verb_after(body, sk)
    if verb is None or verb[2] >= b or not verb[1] or verb[0] in st.listener_acts:
        return False
    if body.lemmas[verb[2]] not in _EFFORT_VERBS and verb[0] not in _EFFORT_VERBS:
        return False
    if not _past(words, sk + 1, b) or any(sk <= k < b for k in mention_idx):
        return False
    tail = words[verb[2] + 1 : b]
    if body.lemmas[verb[2]] == "stay" and tail[:1] in (("home",), ("away",), ("in",), ("out",)):
        return False  # "I stayed home on your big day": where they needed them, not where they worked
    if body.lemmas[verb[2]] == "do" and not set(tail) & {"all", "everything", "every"}:
        return False  # "I did it", "I did the same": not an effort set against theirs
    if set(words[sk:b]) & _OWNING:
        return False
    for_them = bool(set(tail) & {"you", "your", "yours", "us", "both", "everyone", "everybody"})
    scope = bool(set(tail) & _EFFORT_SCOPE) or _other_occasion(words, sk, b, st.text.words)
    novelty, n_words = _clause_novelty(list(body.lemmas[verb[2] : b]), st.canon)
    return n_words >= 2 and novelty >= 0.5 and (for_them or scope)


_PEOPLE_OF_YOURS = frozenset(
    {
        "friend",
        "friends",
        "girlfriend",
        "boyfriend",
        "partner",
        "wife",
        "husband",
        "mum",
        "mom",
        "mother",
        "dad",
        "father",
        "brother",
        "sister",
        "son",
        "daughter",
        "kid",
        "kids",
        "children",
        "guest",
        "guests",
        "mate",
        "mates",
        "team",
        "staff",
        "crew",
        "builders",
        "cousin",
        "dog",
    }
)
_COND_VERBS = frozenset({"had", "were", "did", "was"})
_ADMITTING = frozenset({"keep", "kept", "keeps", "never", "not", "always", "constantly"})


def _owned_cause(body: _Text, c: _Clause, sk: int, full: dict[str, Any], sentences: frozenset[int]) -> bool:
    """Whether the listener's clause tells their own part as the cause of the feeling they name for them,
    in the same sentence: "…because I took the credit in front of everyone, and that left you feeling
    invisible", "…because I never flagged that costs were climbing, and it blindsided you", "…and I keep
    sliding away from it, and you're scared…". A pattern admitted ("keep", "never", "didn't") or the
    act said to have caused the feeling ("that left you…"); not the listener's own story ("I had a boss
    who…", "I went to the gym")."""
    words = body.words
    if not (full["theirs_named"] or full["felt"]) or sk >= c.b or words[sk] != "i":
        return False
    if any(c.a < h <= sk for h in sentences) or body.lemmas[sk + 1 : sk + 2] in (("have",), ("be",)):
        return False
    sent_a = max([h for h in sentences if h <= c.a], default=0)
    sent_b = min([h for h in sentences if h > c.a], default=len(words))
    if not any(sent_a <= m.start < sent_b for m in full["named"]) and not any(
        body.lemmas[k] == "feel" for k in range(sent_a, sent_b)
    ):
        return False  # the feeling is named in another sentence: this one is a story of its own
    tail = words[sk + 1 : min(c.b, sk + 4)]
    admitted = bool(set(tail) & _ADMITTING)
    caused = any(
        words[k] in {"that", "it", "this", "which"}
        and body.lemmas[k + 1] in {"leave", "make"}
        and words[k + 2] == "you"
        for k in range(c.b, min(len(words) - 2, c.b + 4))
    )
    return admitted or caused


_COND_SUBJECTS = frozenset({"i", "we", "this", "that", "it", "there", "they", "he", "she", "things"})


def _conditional_blame(body: _Text, sentences: frozenset[int] = frozenset()) -> tuple[int, int] | None:
    """ "if you had told me I'd have taken you", "maybe if the deliverables hadn't slipped I wouldn't need
    to", "if your team had sent it on time we'd have…", "perhaps if the latch had been replaced this wouldn't
    have happened": a counterfactual about someone other than the listener, with the listener's (or the
    matter's) outcome after it. Not "if I had known…" (the listener's own), not "…you would…" (a
    hypothetical about them, as counsellors ask), not inside a feeling said for them. Returns the span."""
    words, lemmas = body.words, body.lemmas
    n = len(words)
    for k in range(n - 3):
        if words[k] != "if" or words[k + 1] in {"i", "we", "my", "our", "it", "that", "this", "there"}:
            continue  # "if it weren't for my dog…", "if that was me…": not what they failed to do
        since = max([0, k - 6, *(j for j in sentences if j <= k)])
        if "feel" in lemmas[since:k]:
            continue  # "you felt that if I had called…": their feeling, given back (in the same sentence)
        v = next((j for j in range(k + 2, min(n, k + 6)) if words[j] in _COND_VERBS), None)
        if v is None and k and words[k - 1] in {"maybe", "perhaps"} and words[k + 1] == "you" and k + 2 < n:
            w2 = words[k + 2]
            if w2.endswith("ed") or w2 in _IRREGULAR_PAST:
                v = k + 2  # "maybe if you talked to them more yourself they wouldn't…": advice as blame
        if v is None or any(w in {"i", "we", "me", "us"} for w in words[k + 1 : v]) or v + 1 >= n:
            continue
        nxt = words[v + 1]
        if words[v] == "had" and not (
            nxt in {"not", "been", "just", "only"}
            or nxt in PARTICIPLES
            or nxt in _IRREGULAR_PAST
            or nxt.endswith("ed")
        ):
            continue  # "if you had consistent work…": a hypothetical of theirs, not what they failed to do
        if words[v] in {"were", "was"} and (
            nxt in {"going", "to", "gonna"} or words[v + 1 : v + 3] == ("able", "to")
        ):
            continue  # "if you were going to quit…": a future they weigh
        if words[v] == "did" and nxt != "not":
            continue
        # "I would have been there if you'd told me it had moved", "I'd have come if you had reminded me": the
        # listener's outcome first, then what they failed to do as its condition
        start = _sentence_of(k, sentences, len(words))[0]
        before = next(
            (
                j
                for j in range(max(start, k - 8), k - 1)
                if words[j] in {"i", "we"} and words[j + 1] in {"would", "could"}
                and words[j + 2 : j + 3] in (("have",), ("not",))
            ),
            None,
        )
        if before is not None and words[k + 1] in {"you", "your"} and words[v] in {"had", "did"}:
            end = next((e for e in range(v + 2, n) if words[e] in _CLAUSE_CONJ or e in sentences), n)
            return before, min(end, v + 6)
        for j in range(v + 2, min(n - 1, v + 16)):
            if words[j] in _COND_SUBJECTS and words[j + 1] in {"would", "could", "might"}:
                end = next((e for e in range(j + 2, n) if words[e] in _CLAUSE_CONJ or words[e] == "if"), n)
                if words[j - 1] in _WH or (
                    words[j] not in {"i", "we"}
                    and any(w in {"you", "your", "yours", "yourself"} for w in words[j:end])
                ):
                    break  # "what that would do…", "it would change your life": their outcome, weighed
                if words[j + 1 : j + 3] == ("could", "have") and words[j] not in {"i", "we"}:
                    break
                return k, min(n, j + 4)
            if words[j] in {"you", "your"} and j + 1 < n and words[j + 1] in {"would", "could", "might"}:
                break  # "if you had a magic wand, what would you…", "…you would feel better"
    return None


def _rhetorical_blame(body: _Text) -> tuple[int, int] | None:
    """ "What did you think would happen?", "what did you expect?": a question about what they should have
    foreseen, in the past (not "what do you think would happen if…", a counsellor's open question)."""
    words = body.words
    for k in range(len(words) - 3):
        if words[k : k + 3] == ("what", "did", "you") and words[k + 3] in {"think", "expect", "imagine"}:
            tail = words[k + 4 : k + 7]
            if words[k + 3] == "expect" or tail[:2] in (("would", "happen"), ("was", "going")):
                return k, min(len(words), k + 6)
    return None


_SPEAK_UP = frozenset("say tell mention ask speak let call text ring raise message warn just".split())


def _accusing_question(body: _Text) -> tuple[int, int] | None:
    """In a complaint about the listener, a question that answers it with their failing or the
    listener's necessity (Lerner: blame, justification): "why didn't you say anything when I mentioned
    it?" (they should have spoken up), "who else is going to make sure you sleep?" (it had to be done).
    A "why didn't you…" that is the whole reply is a question (missed); after their words given back it
    answers them."""
    words = body.words
    for k in range(3, len(words) - 3):
        if words[k] != "why":
            continue
        if (
            words[k + 1 : k + 4] in (("did", "not", "you"), ("did", "you", "not"))
            and words[k + 4 : k + 5]
            and (words[k + 4] in _SPEAK_UP)
        ):
            return k, min(len(words), k + 7)
    for k in range(len(words) - 3):
        if words[k : k + 2] == ("who", "else") and words[k + 2] in {
            "is",
            "was",
            "would",
            "will",
            "could",
            "can",
        }:
            return k, min(len(words), k + 6)
    return None


def _advised_instead(body: _Text, sentences: frozenset[int]) -> tuple[int, int] | None:
    """ "Maybe next time you could trust me instead of ringing me fifteen times": advice to them, in the
    same sentence, against something they did (blame as advice), not a wish of theirs said back ("you
    wish I'd called instead of texting")."""
    words = body.words
    for k in range(len(words) - 2):
        if (words[k], words[k + 1]) not in {("instead", "of"), ("rather", "than")}:
            continue
        if not words[k + 2].endswith("ing"):
            continue
        start = _sentence_of(k, sentences, len(words))[0]
        before = words[start:k]
        modal = [
            i
            for i in range(len(before) - 1)
            if before[i] == "you" and before[i + 1] in {"could", "should", "might", "need", "ought", "can"}
        ]
        wishes = {"feel", "felt", "wish", "wished", "want", "wanted", "hoped", "think", "thought", "if"}
        if modal and not set(before[: modal[-1]]) & wishes and "i" not in before[modal[-1] : modal[-1] + 4]:
            return k, min(len(words), k + 5)
    return None


_OTHERS = (
    ("everyone", "else"),
    ("everybody", "else"),
    ("other", "people"),
    ("most", "people"),
    ("normal", "people"),
    ("a", "normal", "person"),
    ("the", "rest", "of", "us"),
    ("any", "sensible"),
    ("anyone", "else"),
)


def _advice_as_blame(
    st: _Statement, body: _Text, c: _Clause, as_advice: bool = True, sentences: frozenset[int] = frozenset()
) -> tuple[int, int] | None:
    """Advice, in a complaint about the listener, that puts the matter on them (Lerner: blame), read from
    its shape, not its words:

    - measured against others: "…like everyone else does", "…as most people would";
    - aimed at their own part in the complained matter: it names a thing of theirs from the complaint
      ("you might want to double-check what goes out under your name" for "…the file with my name on
      it"), so the fix for the listener's act becomes theirs to make.

    Returns the span, or None."""
    words = body.words
    a, b = c.a, c.b
    # "you reacted like anyone else would", "you feel like most people do": their reaction made normal
    # (validation), not a norm they fall short of
    sent = _sentence_of(a, sentences, len(words))[0]  # in its sentence: "you felt…, like anyone would"
    validating = bool({"feel", "react", "respond", "be"} & set(body.lemmas[sent:b]))
    for k in range(a, b):
        if (as_advice or not validating) and (
            words[k] in {"like", "as"} or words[k - 1 : k + 1] == ("than", "the")
        ):
            for o in _OTHERS:
                if words[k + 1 : k + 1 + len(o)] == o and (
                    as_advice or words[k + 1 + len(o) : k + 2 + len(o)] in (("do",), ("does",), ("would",))
                ):
                    return a, min(b, k + 1 + len(o))
    if not as_advice:
        return None
    stmt = st.text.words
    if not st.listener_acts:
        return None
    for k in range(a, b - 1):
        if words[k] != "your" or not _is_content(body.lemmas[k + 1]):
            continue
        noun = words[k + 1]
        if noun in {"own", "life", "feelings", "feeling", "mind", "heart", "time", "best"}:
            continue
        if any(stmt[j] == "my" and stmt[j + 1] == noun for j in range(len(stmt) - 1)):
            return a, min(b, a + 8)
    return None


_BELIEF_VERBS = frozenset("think thought believe believed assume assumed".split())


def _belief_i_caused(words: tuple[str, ...], span: tuple[int, int]) -> bool:
    """Whether an act phrase is what the listener let others believe of them ("I let the kids believe
    you were late", "I let the client think it was your fault"): the listener owning it, told back."""
    a = span[0]
    back = words[max(0, a - 7) : a]
    if not back or not set(back[-3:]) & _BELIEF_VERBS:
        return False
    k = max(i for i, w in enumerate(back) if w in _BELIEF_VERBS)
    return "i" in back[:k] and bool(set(back[:k]) & {"let", "made", "make", "had", "led", "told"})


def _has_object(words: tuple[str, ...], k: int) -> bool:
    """Whether "have" at ``k - 1`` is the main verb ("have them over", "have a break"), not an auxiliary
    ("have told", "have been")."""
    return k < len(words) and words[k] in {
        "them",
        "him",
        "her",
        "us",
        "it",
        "a",
        "an",
        "the",
        "some",
        "more",
        "less",
    }


_CAUSE_LEADS = frozenset("when that how find found finding seeing saw".split())


def _cause_of_their_feeling(body: _Text, k: int, sentences: frozenset[int]) -> bool:
    """Whether the clause at ``k``, of the listener's own doing ("when I walked everyone through the plan
    without naming you", "coming home to find I'd moved everything"), is the cause of a feeling given
    back to them later in its sentence ("…it was as if your work vanished", "…felt like I was
    overriding you"): the complained act told back in other words, not the listener's account of it."""
    words = body.words
    i = k + 1 if words[k : k + 1] and words[k] in _CAUSE_LEADS else k
    if words[i : i + 1] != ("i",) or not (i > 0 and words[i - 1] in _CAUSE_LEADS):
        return False
    end = _sentence_of(i, sentences, len(words))[1]
    for f in range(i + 2, end):
        back = words[max(i, f - 3) : f]
        if (
            body.lemmas[f] == "feel"
            and words[f - 1] not in {"i", "and", "but", "so"}
            and (set(back) & {"you", "it", "that", "must", "made"} or "i" not in back)
        ):
            return True  # "…it must have felt like…", "coming back to find I'd moved it all felt like…"
        if words[f : f + 3] in (("as", "if", "you"), ("as", "if", "your"), ("as", "though", "you")):
            return True
    return False


def _prevention_advice(
    body: _Text, c: _Clause, lex: Lexicon, sentences: frozenset[int]
) -> tuple[int, int] | None:
    """ "Maybe take your own key next time", "next time set a reminder so it doesn't fall through the
    cracks", "maybe check the school app so you're not caught out": in a complaint about something the
    listener did, an instruction to them for the next time, or to keep clear of it, makes the
    listener's lapse theirs to prevent (Lerner: blame). Advice on the harm itself ("take it to the
    repair shop") or a plan of the listener's ("next time I'll…") is not this. Returns the span."""
    words = body.words
    verb = _instruction_at(body, c, lex)
    if verb is None:
        return None
    a, b = _sentence_of(c.a, sentences, len(words))
    seg = words[a:b]
    ahead = any(seg[i : i + 2] == ("next", "time") for i in range(len(seg) - 1))
    # "so you're not caught out", "so it doesn't fall through the cracks", "so you won't get stuck"
    keeps_clear = any(
        seg[i] == "so"
        and seg[i + 1 : i + 2] in (("you",), ("it",), ("that",))
        and {"not", "never", "no", "won't", "don't", "doesn't"} & set(seg[i + 2 : i + 6])
        for i in range(len(seg) - 2)
    )
    if not (ahead or keeps_clear):
        return None
    return verb, min(c.b, verb + 6)


def _instruction_at(body: _Text, c: _Clause, lex: Lexicon) -> int | None:
    """Where an instruction starts in a clause: a bare verb at its start ("set a reminder"), or after
    "maybe", "perhaps", "just" or "next time" with no subject or modal before them ("…and scared maybe
    take your own key", "next time set a reminder"); None if there is none."""
    words = body.words
    if _imperative(body, c, lex):
        k = c.a
        while words[k] in _SOFTENERS or words[k] in _CLAUSE_CONJ:
            k += 1
        return k
    for k in range(c.a + 1, c.b - 1):
        if words[k - 1] in {"maybe", "perhaps", "just"}:
            lead = k - 1
        elif words[k - 2 : k] == ("next", "time"):
            lead = k - 2
        else:
            continue
        if lead > 0 and (
            words[lead - 1] in _SUBJECTS or words[lead - 1] in _MODALS or words[lead - 1] == "to"
        ):
            continue
        if _instruction_verb(body, k, c.b, lex):
            return k
    return None


def _instead_of_trait(body: _Text, lex: Lexicon) -> tuple[int, int] | None:
    """ "instead of sulking", "rather than moaning about it": what they did, judged, set against advice."""
    words = body.words
    for k in range(len(words) - 2):
        if (words[k], words[k + 1]) in {("instead", "of"), ("rather", "than")}:
            w = words[k + 2]
            if w == "being" and k + 3 < len(words):
                w = words[k + 3]
            elif not w.endswith("ing"):
                continue  # "rather than short blacks": a thing, not their behaviour
            if lemma(w) in lex.traits or w in lex.traits:
                return k, min(len(words), k + 4)
    return None


_PAST_AUX = frozenset({"was", "were", "had", "did", "been"})
_NOT_ACCOUNT_ADDITIONS = frozenset(
    {"question", "advice", "plan", "reassurance", "topic_change", "pleasantry"}
)
_S_MARKERS = frozenset("too either anyway also always never yours again".split())
_ACCOUNT_VERBS = frozenset("be have do try put leave check pay send finish wait mention remind".split())
_RELYING = frozenset("count rely depend trust believe plan look try end get".split())


def _their_burden(st: _Statement, body: _Text, full: dict[str, Any], span: tuple[int, int]) -> bool:
    """Whether "you're the one (who)…" goes on with what the statement said they bear, some of it in
    their words ("…who'll be paying to put it right" for "I'll have to pay to fix it"), and not
    with the listener's own act turned round ("you're the one who forgot")."""
    words = body.words
    a = span[0]
    if words[a : a + 4] != ("you", "are", "the", "one") or (a and words[a - 1] in {"but", "though", "yet"}):
        return False  # "…but you're the one who wrote the figures": turned on them
    k = a + 4 + (1 if words[a + 4 : a + 5] in (("who",), ("that",)) else 0)
    end = min(len(words), k + 8)
    verb = _verb_after(body, k - 1) if k < len(words) else None
    if verb is not None and verb[0] in st.listener_acts:
        return False
    novelty, n = _clause_novelty(list(full["canon"][k:end]), st.canon)
    return n > 0 and novelty < 1.0  # something of what they said they bear comes back


def _now_told_back(words: tuple[str, ...], a: int, b: int) -> bool:
    """Whether a clause about someone tells back how things stand now, as a consequence ("so now she
    raises it at family dinners", "he's moved in without us talking it through"): "now" in it, or a
    present perfect ("he's moved in"), not an account of why the listener did it."""
    seq = words[a:b]
    return "now" in seq or any(
        seq[j] in {"has", "have", "is"} and (seq[j + 1].endswith("ed") or seq[j + 1] in _IRREGULAR_PAST)
        for j in range(len(seq) - 1)
    )


_COMPLIMENT = frozenset(
    "admire gift talent talented proud lovely wonderful brilliant amazing beautiful precious special "
    "incredible fantastic gorgeous treasure".split()
)


def _sentence_of(k: int, sentence_starts: Collection[int], n: int) -> tuple[int, int]:
    """Where the sentence holding word ``k`` starts and ends, in a text of ``n`` words."""
    return max([0, *(j for j in sentence_starts if j <= k)]), min([n, *(j for j in sentence_starts if j > k)])


_NOT_PRAISE = frozenset({"not", "never", "no", "exactly", "too", "so-called"})
_PRAISE_TURNS = frozenset({"but", "however", "though", "although", "yet"})  # what takes praise back


def _praises(body: _Text, s_a: int, s_b: int) -> bool:
    """Whether the sentence words[s_a:s_b] praises: a compliment word, with no negation or "too" in it ("I've
    always admired how lovely your garden looks", "you're so precious to me")."""
    return bool(set(body.lemmas[s_a:s_b]) & _COMPLIMENT) and not set(body.words[s_a:s_b]) & _NOT_PRAISE


def _zero_relative(
    st: _Statement, body: _Text, a: int, b: int, sk: int | None, lead: str, sentences: frozenset[int]
) -> bool:
    """Whether the clause ``a:b`` is a short relative clause with no "that" on a thing they named ("the
    weekend we'd kept for us" for "the weekend we'd set aside"): its subject pronoun opens it right after a
    determiner and a noun of the statement's, in the same sentence, with no joining word. It says which
    one; it is no new account. Not a longer one, more likely a new sentence run on in recogniser text
    ("…about your day i cooked for you every night this week"), nor a record ("what about the bedtimes I do
    every night")."""
    words, lemmas = body.words, body.lemmas
    return (
        sk == a
        and b - a <= 6
        and not lead
        and a >= 2
        and a not in sentences
        and words[a] in {"i", "we", "you"}
        and words[a - 2] in _DETERMINERS
        and words[a - 1] not in _SUBJECTS
        and _is_content(lemmas[a - 1])
        and lemmas[a - 1] in st.text.lemmas
        and not _frequency(words, a, b)
    )


# what follows "I" in a clause of the listener's state, mind or excuse, not a deed of theirs told plainly
_NOT_A_DEED = frozenset(
    {"be", "feel", "have", "remember", "think", "know", "mean", "try", "do", "can", "could", "would", "will"}
    | {"should", "must", "only", "just"}
)
_NOT_TOLD_BACK = frozenset({"own", "too", "also", "remember", "once", "when", "though", "but"})


def _own_deed(body: _Text, c: _Clause, sk: int) -> bool:
    """A clause that tells plainly, in the past, what the listener did ("I walked past it without a word", "I
    went back on my yes at the last minute"), not as a reason or a turn ("though I took him to three
    appointments"), nor as the listener's state, mind or story ("I was mortified", "I remember my own dad"):
    beside their feeling given back, in a complaint, it is the complained act told in the listener's words
    even when it shares none of theirs."""
    words = body.words
    v = sk + 1
    while v + 1 < c.b and words[v] in {"just", "simply"} and body.lemmas[v + 1] not in _NOT_A_DEED | _WANTING:
        v += 1  # "I just stood there saying nothing" (not "I just wanted to…")
    if words[sk] != "i" or v >= c.b or body.lemmas[v] in _NOT_A_DEED:
        return False
    if c.lead in {"but", "though", "although", "yet", "even", "because", "since", "cause", "so"}:
        return False
    if c.a and words[c.a - 1] in {"but", "though", "although", "yet", "because"}:
        return False
    told = [w for k, w in enumerate(words[c.a : c.b], c.a) if not (w == "too" and words[k + 1 : k + 2] in _TOO_MUCH)]
    return not set(told) & _NOT_TOLD_BACK  # ("I cut off way too much" is their size for it, not "me too")


_WANTING = frozenset({"want", "need", "mean", "try", "think", "wish", "hope"})
_TOO_MUCH = frozenset({("much",), ("many",), ("far",), ("long",), ("short",), ("hard",), ("soon",)})


def _past(words: tuple[str, ...], k: int, b: int) -> bool:
    """Whether the verb group from ``k`` is in the past ("was", "had", "texted", "never played", "'ve been")."""
    for j in range(k, min(b, k + 4)):
        w = words[j]
        if w in _PAST_AUX or w in _IRREGULAR_PAST or (len(w) > 4 and w.endswith("ed")):
            return True
        if w in {"have", "has"} and j + 1 < b and (words[j + 1] == "been" or words[j + 1].endswith("ed")):
            return True
        if w not in _ADVERBS and w not in {"not", "never", "just", "only", "already", "even"}:
            return False
    return False


def _asks_on(words: tuple[str, ...], span: tuple[int, int]) -> bool:
    """Whether an act phrase ending in a question word ("so what") runs on into an ordinary question
    ("so what did your teachers actually say"), not "so what did you expect"."""
    _, b = span
    if words[b - 1] not in {"what", "how", "why"} or b + 1 >= len(words):
        return False
    return words[b] in _AUX | {"is", "was", "happened"} and not set(words[b + 1 : b + 5]) & {
        "expect",
        "expected",
        "want",
        "supposed",
        "meant",
        "matter",
    }


def _someone_else_did(words: tuple[str, ...], span: tuple[int, int]) -> bool:
    """Whether "(did) the same to me" has someone other than them as its doer ("my boss did exactly the
    same to me"): nearest subject before it a third party, no "you"."""
    a, b = span
    back = words[max(0, a - 5) : a]
    if words[b - 2 : b] != ("to", "me") or "you" in back:
        return False
    if set(back) & {"my", "he", "she", "they", "his", "her", "their"}:
        return bool(set(words[max(0, a - 5) : b]) & {"did", "does", "do", "done"})
    # "Pat's mother did exactly the same to me": the word before "did" names the doer, and it is not one of us
    k = next((j for j in range(b - 1, max(0, a - 5) - 1, -1) if words[j] in {"did", "does", "done"}), None)
    return k is not None and k > 0 and words[k - 1].isalpha() and words[k - 1] not in _NOT_A_DOER


_NOT_A_DOER = frozenset(
    "you i we u then also just and but so that which who always never still even too again has have had "
    "it this what".split()
)


def _told_by_me(body: _Text, span: tuple[int, int], st: _Statement, sentences: frozenset[int]) -> bool:
    """Whether an act phrase is what the listener owns having said, as the statement complains ("since I
    told the landlord the washing machine was your fault" against "you told the landlord I broke it")."""
    a, _ = span
    for k in range(max(0, a - 8), a):
        if body.words[k] != "i":
            continue
        verb = _verb_after(body, k)
        if (
            verb is not None
            and verb[0] in _COMM
            and verb[2] < a
            and st.listener_acts.get(verb[0]) == verb[1]
            and not any(k < j <= a for j in sentences)
            and not set(body.words[verb[2] : a + 1])
            & {"because", "but", "since", "so", "as", "well", "which"}
        ):
            return True
    return False


def _wh_question(words: tuple[str, ...], a: int, b: int) -> bool:
    """Whether the clause from ``a`` asks with a question word in question order ("which channel was it
    again", "what time is the meeting"), not a declarative "what I did was…"."""
    if a + 2 >= b or words[a] not in _WH or words[a + 1] in _SUBJECT_PRONOUNS:
        return False
    return bool(set(words[a + 1 : a + 3]) & (_AUX | {"is", "was"}))


_SUBJECT_PRONOUNS = _SUBJECTS | {"it"}


def _answers_back(st, body, body_canon, clauses, additions, apology, full) -> tuple[str, str] | None:
    """A reply that gives nothing of theirs back but argues the matter from the listener's side, in a
    complaint: the listener's own account ("I put them in the sink every night", "I texted you"), the
    matter told their way ("the meeting was moved and nobody told me", "Jake had a spare ticket"), or the
    complaint turned on them ("you never played it anyway"). Lerner's refuting and explaining, without the
    words that usually announce it. A warm reply (a plan, reassurance, a question, an apology) or one on
    another subject stays "missed". Returns (kind, phrase) or None."""
    if any(k in _NOT_ACCOUNT_ADDITIONS for k, _, _ in additions) or apology:
        return None
    words, lemmas = body.words, body.lemmas
    if any(c.question and words[c.a : c.a + 2] in _PROPOSALS for c in clauses):
        return None  # "Shall we set up a shared kitty app? I saw one…": a proposal, and what it rests on
    mention_idx = {k for m in full["mentions"] for k in range(m.start, m.end)}
    for c in clauses:
        if c.question or _wh_question(words, c.a, c.b):
            continue
        inner = c.a + (1 if words[c.a] in _CLAUSE_CONJ or words[c.a] in {"so", "well"} else 0)
        subj, sk = _subject(words, inner, c.b)
        if subj is None and inner < c.b and _is_content(lemmas[inner]) and words[inner] not in _ADVERBS:
            subj, sk = "T", inner  # "Jake had a spare ticket", "the meeting was moved"
        if subj is not None and words[sk] in {"my", "our", "your", "the"}:
            j = sk + 1  # "our phone lines were busy": the noun is the subject
            while j < min(c.b, sk + 4) and _is_content(lemmas[j]) and words[j] not in _PAST_AUX:
                j += 1
            subj, sk = "T", j - 1
        if subj is None or sk + 1 >= c.b:
            continue
        phrase = body.surface(c.a, min(c.b, c.a + 8))
        clause_words = set(words[c.a : c.b])
        if clause_words & _OWNING or any(c.a <= k < c.b for k in mention_idx):
            continue
        if _echoed(body, (c.a, c.b), st.text):
            continue  # "it was your news to share" for "it was my news to share": their words, flipped
        past = _past(words, sk + 1, c.b)
        overlap = any(
            _content_match(body_canon[k], st.pool, st.pool_set)
            for k in range(sk, c.b)
            if _is_content(body_canon[k])
        )
        if subj == "L":
            verb = _verb_after(body, sk)
            if verb is not None and st.listener_acts.get(verb[0]) == verb[1]:
                continue  # "I forgot": owning what they said
            if _failure_owned(st, words, c.a, c.b):
                continue  # "…and I didn't come" for "you missed my dad's funeral": the failure owned
            # "I put them in the sink", "I texted you", "I was at the hospital" — not "I made lasagne"
            account = verb is not None and (verb[0] in _COMM or verb[0] in _ACCOUNT_VERBS)
            if past and (overlap or account):
                return "justification", phrase
        elif subj == "T":
            mine = bool(clause_words & {"i", "me", "my"})
            if (
                mine
                and words[c.a : sk].count("my") == 1
                and not set(words[sk + 1 : c.b]) & {"i", "me", "my"}
                and _content_match(body_canon[sk], st.pool, st.pool_set)
            ):
                mine = False  # "my girlfriend's been here a lot" for "your girlfriend's here every night"
            seq = body.words[sk : c.b]
            if any(seq[j] == "same" and seq[j + 1] == "to" for j in range(len(seq) - 1)):
                continue  # "my manager's boss did exactly the same to me (to him)": a story, not an account
            if _helped_me(words[c.a : c.b]):
                continue  # "it helped me a lot when I was low": the experience behind advice
            novelty, n_words = _clause_novelty(body_canon[sk : c.b], st.canon)
            if n_words and novelty < 0.34 and not mine:
                continue  # "so she thanked you for the discount": their own account told back, nothing added
            if past and (overlap or mine):
                return "justification", phrase
        elif subj == "S":
            verb = _verb_after(body, sk)
            if verb is not None and (
                verb[0] in st.speaker_acts or verb[0] in _SPEAKER_REFLECTIVE_VERBS or verb[0] in _RELYING
            ):
                continue  # "you were counting on me": what they hoped for, said for them
            if _offer_purpose(words, c.a, sk):
                continue  # "my number, so you can text me if it happens again": what an offer is for
            if set(lemmas[sk : c.b]) & _PRAISED and not clause_words & {"not", "never", "too", "but"}:
                continue  # "you were always my favourite": praise of them, not their failing
            novelty, n_words = _clause_novelty(body_canon[sk : c.b], st.canon)
            if n_words and novelty >= _NOVEL_CLAUSE and clause_words & _S_MARKERS:
                return "counter_complaint", phrase
    return None


def _offer_purpose(words: tuple[str, ...], a: int, sk: int) -> bool:
    """Whether the clause from ``a`` with "you" at ``sk`` is the purpose of an offer ("so you can text me",
    "so that you could…"), not something of theirs held against them."""
    return "so" in words[max(a, sk - 2) : sk] and words[sk + 1 : sk + 2] in (("can",), ("could",))


def _structural_acts(
    st,
    body,
    body_canon,
    clauses,
    full,
    act,
    inside,
    protected,
    asides,
    apology,
    quote,
    feel_frame=False,
    sentences: frozenset[int] = frozenset(),
) -> None:
    """Acts read from the shape of a clause, in a complaint about the listener (see ``analyse``)."""
    lex = lexicon()
    words, lemmas = body.words, body.lemmas
    mention_idx = {k for m in full["mentions"] for k in range(m.start, m.end)}
    feel_spans = _their_feel_clauses(body, sentences)
    # their habits ("every morning", "for days"): a habit of theirs the reply brings up is a new one
    their_habits = {x for x in _HABIT_TIMES if f" {x} " in " " + " ".join(st.text.words) + " "}
    for ci, c in enumerate(clauses):
        a, b = c.a, c.b
        if inside((a, b), protected):
            continue
        # "remember when you lost the contract file last spring", "you missed my birthday two years ago":
        # another occasion brought up, about them (a counter-complaint), not this one given back
        shift = _other_occasion(words, a, b, st.text.words)
        if shift and "feel" not in lemmas[a:b] and not any(fa <= a < fb for fa, fb in feel_spans):
            # ("when I got cut from the team at your age": their age, not something they did)
            k_you = next(
                (
                    k
                    for k in range(a, b)
                    if words[k] in {"you", "your"} and not (words[k] == "your" and words[k + 1 : k + 2] == ("age",))
                ),
                None,
            )
            # "I need to tell you what happened": "you" told, not the one who did it; "you're still thinking
            # about what I said": their mind, not their doing
            told = k_you is not None and k_you > a and lemmas[k_you - 1] in _TELLING_VERBS
            mind = _verb_after(body, k_you) if k_you is not None else None
            their_mind = mind is not None and mind[0] in _MIND_VERBS
            if k_you is not None and not c.question and not told and not their_mind:
                act("counter_complaint", body.surface(a, min(b, a + 8)), "structure")
                continue
        if any(sa < b and a < sb for sa, sb in asides):
            continue
        if any(fa < a < fb for fa, fb in feel_spans) or (feel_frame and ci == 0):
            continue  # "it feels like you don't even live here": what they feel, given back
        k0 = a + (1 if words[a] in {"and", "or"} else 0)
        if k0 < b and (words[k0] == "like" or words[k0 : k0 + 2] == ("as", "if")) and ci:
            prev_words = lemmas[clauses[ci - 1].a : clauses[ci - 1].b]
            if "feel" in prev_words:
                continue  # "you must feel let down, and like you can't believe me"
        lead = c.lead
        # past the word that opened it (a "well" carried over from a comma or the opener is not in it)
        opened = lead in _CLAUSE_CONJ or lead in {"so", "cause", "well", "still", "meanwhile"}
        inner_a = a + (1 if opened and words[a] == lead else 0)
        if lead == "even" or lead in _PAIRED_LEADS or (a + 1 < b and lemmas[a : a + 2] == ("even", "though")):
            inner_a = a + 2  # past "even though", "mind you", "then again"
        subj, sk = _subject(words, inner_a, b)
        if (
            words[a : a + 2] == ("thank", "you")
            or words[a] == "thanks"
            or words[inner_a : inner_a + 2] == ("thank", "you")
        ):
            continue  # "thank you for telling me": gratitude, never an act
        if lead == "and" and a > 0 and words[a - 1] in {"you", "me"} and words[a + 1 : a + 2] == ("i",):
            continue  # "before you and I had settled it": the two of them, not the listener's side
        if (
            st.complaint
            and words[b - 1] == "anyway"
            and "anyway" not in st.text.words
            and "your" in words[inner_a : min(b, inner_a + 5)]
            and "feel" not in lemmas[inner_a:b]
            and not c.question
        ):
            # "your alarm goes off at half five anyway": a counter-point about them that undercuts it
            act("counter_complaint", body.surface(inner_a, b), "structure")
            continue
        s_a, s_b = _sentence_of(a, sentences, len(words))
        if _praises(body, s_a, s_b) and lead not in _PRAISE_TURNS:
            continue  # "I've always admired how lovely your garden looks", "you have such a gift": praise
        if _zero_relative(st, body, a, b, sk, lead, sentences):
            continue  # "on the weekend we'd kept for us" (a weekend they named): it tells no account
        if subj == "L" and lead not in {"because", "cause", "since"} and _restates(st, body, sk, b):
            continue  # "I told the children about the move": what they said the listener did, given back
        if subj == "L" and lead in {"because", "cause", "since"} and _cause_given_back(st, body, sk, b):
            continue  # "…because I was on my phone the whole time": the cause they named, given back
        if subj == "S" and any(words[k] == "i" and _restates(st, body, k, b) for k in range(sk + 1, b - 1)):
            continue  # "so you found I read your messages": the complained act, inside their side of it
        if subj == "L" and words[sk] == "i" and sk + 2 < b and lemmas[sk + 1] in _EPISTEMIC:
            # "I guess you can't laugh at yourself anymore": the clause is about whoever follows the frame
            frame_subj, frame_sk = _subject(words, sk + 2, b)
            if frame_subj in {"S", "T"}:
                inner_a, subj, sk = sk + 2, frame_subj, frame_sk
                # "I guess you can't take a joke", "I think you're overreacting": the listener's opinion
                # of them, in the present, naming no feeling of theirs and nothing the listener did, is a
                # judgement of the person (blame), not their side given back
                if (
                    subj == "S"
                    and not c.question
                    and not _past(words, sk + 1, b)
                    and sk + 1 < b
                    and not (lemmas[sk + 1] in _COPULAS and any(sk < k <= sk + 3 for k in mention_idx))
                    and "feel" not in lemmas[sk:b]
                    # a judgement limits them: "can't", "never", "too…", "anymore" (not praise)
                    and bool(set(words[sk + 1 : b]) & _JUDGING)
                    and not any(role_of(x, reflecting=True) == LISTENER for x in words[sk:b])
                ):
                    act("blame", body.surface(a, min(b, a + 8)), "structure")
                    continue
        novelty, n_words = _clause_novelty(
            body_canon[inner_a:b], st.canon, None if subj == "L" else mention_idx, inner_a
        )
        clause_lemmas = set(lemmas[inner_a:b])
        # (or the clause before it in the sentence owns it: "I feel so ashamed, I can barely look at myself")
        prev_owning = (
            bool(ci)
            and lead not in {"but", "though", "although", "yet", "because", "since", "cause", "so"}
            and clauses[ci - 1].a >= s_a
            and bool(set(lemmas[clauses[ci - 1].a : clauses[ci - 1].b]) & _OWNING_NOT_APOLOGY)
        )
        owning = subj == "L" and (
            bool(clause_lemmas & _OWNING) or any(a <= sp[0] < b for sp in apology) or prev_owning
        )
        if c.question:
            # A question is not a reflection, and mostly not an act either, except a rhetorical one that
            # defends: "what was I meant to do", "how was I supposed to know" (the listener's account)
            q = words[inner_a:b]
            while q and q[0] in {"and", "so", "but", "then", "well", "anyway", "like"}:
                q = q[1:]  # "and how exactly was I supposed to…": the question after its conjunction
            if "i" in q[:4] and any(
                q[i] in {"supposed", "meant"} and q[i + 1] == "to" for i in range(len(q) - 1)
            ):
                act("justification", body.surface(a, min(b, a + 8)), "structure")
            continue
        phrase = body.surface(a, min(b, a + 8))
        # "it was a crazy week", "the kids were sick": a circumstance that excuses the listener
        hit = _circumstance(body, inner_a, b, lex)
        if hit is not None and not _echoed(body, hit, st.text):
            act("justification", body.surface(*hit), "structure")
            continue
        # "…, but <the listener's side>": a turn to something new (their own "but" echoed is fine); not an
        # offer after "well" ("right, well, we can move the supper to Saturday")
        offer = lead == "well" and subj == "L" and sk + 1 < b and words[sk + 1] in _OFFER_MODALS
        turn = lead in _TURNS
        if (turn and not offer) or lemmas[a : a + 2] == ("even", "though"):
            if inner_a >= b and (lead != "though" or ci == 0 or clauses[ci - 1].question):
                continue  # "yet" at the end ("have you eaten yet") turns nothing round
            if (
                lead == "though"
                and ci
                and inner_a < b
                and any(sa < clauses[ci - 1].b and clauses[ci - 1].a < sb for sa, sb in asides)
            ):
                continue  # "you should just apply though, the open day's next month": advice goes on
            if b - inner_a == 1 and ci + 1 < len(clauses) and words[b] in {"you", "your"}:
                continue  # "…but inside | you felt really small": one word, cut off from their clause
            if inner_a >= b:  # "she was right though"
                prev = clauses[ci - 1]
                novelty, n_words = _clause_novelty(body_canon[prev.a : prev.b], st.canon, mention_idx, prev.a)
                phrase = body.surface(prev.a, min(b, prev.a + 8))
            if not n_words and b - inner_a >= 3 and subj in {"L", "T"} and not st.has_contrast:
                n_words, novelty = 1, 1.0  # "…, but she has been through a lot": all small words, all new
            if subj == "S" and lead == "well" and _stressed_do(words, sk, b) is not None:
                n_words, novelty = max(n_words, 1), 1.0  # "well, you do get paid": their words turned on them
            if (
                n_words
                and novelty >= _NOVEL_CLAUSE
                and not (st.has_contrast and novelty < 0.75)
                # "…, but the deeper hurt is that I acted as though it was mine": their own "but", their hurt
                and not (
                    st.has_contrast
                    and set(lemmas[inner_a : inner_a + 5]) & {"hurt", "worst", "pain", "sting"}
                )
                and not owning
                and not (subj == "S" and sk + 1 < b and lemmas[sk + 1] in {"feel", "want", "need", "wish"})
                # "…but you were gutted inside" for "I smiled through it but I was gutted": their feeling
                and not (subj == "S" and st.has_contrast and any(sk < k < b for k in mention_idx))
                # "…but inside you felt really small": the same, their "you" a word or two in
                and not (
                    st.has_contrast
                    and "you" in words[inner_a : inner_a + 3]
                    and any(inner_a < k < b for k in mention_idx)
                )
            ):
                act("justification" if subj in {"L", "T", None} else "counter_complaint", phrase, "structure")
                continue
        # "…because <the listener's reason>"
        habitual = subj == "L" and bool(
            set(words[sk + 1 : sk + 4]) & {"always", "never", "constantly", "keep", "kept"}
        )
        if subj == "L" and "not" in words[sk + 1 : sk + 3]:
            neg_verb = _verb_after(body, sk)  # "because I didn't turn up": the failure owned, unless
            if neg_verb is not None and neg_verb[0] not in _STATE_NEG and not neg_verb[1]:  # "I didn't know"
                habitual = True
        # "…because I took the credit in front of everyone, and that left you feeling invisible": the
        # listener's act told as the cause of their feeling, owned, not an excuse
        caused = any(
            words[k] in {"that", "it", "this", "which"}
            and lemmas[k + 1] in {"leave", "make"}
            and words[k + 2] == "you"
            for k in range(b, min(len(words) - 2, b + 4))
        )
        # "ever since you've been…": since then, not a reason
        temporal = lead == "since" and a > 0 and words[a - 1] == "ever"
        if (lead in {"because", "cause", "since"} or lemmas[a] in lex.reason and lead) and not temporal and not (
            subj == "L" and caused and not _excuse(words, sk, b)
        ):
            if n_words and not owning and not habitual:
                if (
                    subj == "L"
                    and sk + 1 < b
                    # "because I've been snappy with you", "because I'm marking you down for…": what the
                    # listener did to them, said back
                    and not (
                        any(
                            words[k + 1] == "you"
                            and (
                                words[k] in {"with", "at", "to", "on"}
                                or (k > sk + 1 and words[k].endswith("ing"))
                            )
                            for k in range(sk + 1, b - 1)
                        )
                        and not set(words[sk + 1 : b]) & _MARKERS_TOO
                    )
                    # "because I blew the deadline without warning you": the complained act, told back
                    and not _cause_given_back(st, body, sk, b)
                ):
                    verb = next(
                        (
                            lemmas[k]
                            for k in range(sk + 1, min(b, sk + 4))
                            if lemmas[k] not in _ADVERBS and lemmas[k] != "not"
                        ),
                        "",
                    )
                    if (
                        (
                            verb
                            in {
                                "be",
                                "have",
                                "need",
                                "want",
                                "think",
                                "worry",
                                "care",
                                "mean",
                                "try",
                                "can",
                                "could",
                                "must",
                                "know",
                                "love",
                                "get",
                            }
                            and novelty >= _NOVEL_CLAUSE
                        )
                        or (
                            novelty >= 0.8
                            # "because I took away your chance to share your news": what the listener did to
                            # something of theirs, the cause of their feeling owned
                            and not (
                                "your" in words[sk + 1 : b] and not set(words[sk + 1 : b]) & _MARKERS_TOO
                            )
                        )
                    ):
                        act("justification", phrase, "structure")
                        continue
                elif subj == "S" and novelty >= _NOVEL_CLAUSE:
                    verb = lemmas[sk + 1] if sk + 1 < b else ""
                    # "…because you care about him": what they feel for someone, their reason (not
                    # "because you worry too much")
                    attached = verb in _ATTACHMENT_VERBS and not set(words[sk + 1 : b]) & {"too", "overly"}
                    if verb not in {"feel", "want", "need", "wish"} and not attached and not _their_burden(
                        st, body, full, (sk, b)
                    ):
                        act("blame", phrase, "structure")
                        continue
                elif subj in {"T", None} and novelty >= 0.75 and n_words >= 2:
                    act("justification", phrase, "structure")
                    continue
        if (
            subj == "L"
            and not owning
            and lead not in {"while", "whereas"}
            and _effort(st, body, sk, b, mention_idx)
        ):
            # "I covered your whole queue while you were on leave", "I spent three days waiting on your
            # feedback": the listener's own effort for them, set against their complaint
            act("counter_complaint", phrase, "structure")
            continue
        if subj == "L" and not owning and lead not in {"while", "whereas"} and not _their_fear_of(words, sk):
            # a denial: "I didn't yell" against "you yelled"; "I asked you" against "you never ask"
            denial = _denial(st, body, body_canon, sk, b)
            if denial:
                act("correction", phrase, "structure")
                continue
            # an account of the listener's own past: "I was busy", "I had to…", "I couldn't…", "I thought…"
            musing = any(
                lemmas[j] in {"think", "thinke", "remember", "wonder"} and words[j + 1 : j + 2] == ("about",)
                for j in range(sk + 1, min(b - 1, sk + 5))
            )  # "I was just thinking about the summer at the lake": another subject (missed), no excuse
            # (not "I was staring at the screen the whole time" for "you spent it looking at your screen": the
            # complained act, in progress, told back in part in their words)
            in_progress = sk + 2 < b and words[sk + 1] in {"was", "were"} and words[sk + 2].endswith("ing")
            told_back = in_progress and novelty < 1.0
            # "we were supposed to tell them together": the plan they named, given back (not the listener's
            # account of their own part)
            their_plan = words[sk] == "we" and "supposed" in words[sk + 1 : sk + 4] and "we" in st.text.words
            # "when I had my appendix out the food was awful": another occasion of the listener's own (a
            # story, off the point), not an account of their part in this one
            other_time = "when" in (lead, words[a]) and not {"you", "your", "either", "too", "also"} & set(
                words[s_a:s_b]
            )
            if (
                _excuse(words, sk, b)
                and novelty >= _NOVEL_CLAUSE
                and n_words
                and not (musing or told_back or their_plan or other_time or _failure_owned(st, words, a, b))
            ):
                act("justification", phrase, "structure")
                continue
            # "I only told your aunt", "I just raised my voice": the complained act made smaller
            if _only_act(st, body, sk, b):
                act("minimising", phrase, "structure")
                continue
            # "I did get you a card": an emphatic "did" answers the complaint back (not "you asked me not to
            # post it and I did anyway": the act owned)
            if _emphatic(st, body, sk, b) and words[b - 1] != "anyway":
                act("correction", phrase, "structure")
                continue
            # "I felt attacked when you…": the listener's own complaint
            # "…and I felt second to your phone all week": their side (you, your, yourself) in it
            feels = "feel" in lemmas[sk + 1 : min(b, sk + 3)]
            if (
                feels
                and (
                    any(role_of(x, reflecting=True) == SPEAKER for x in words[sk + 2 : b])
                    and novelty >= _NOVEL_CLAUSE
                    # "I feel awful about hurting you": remorse, the listener owning it
                    and not _REMORSE & set(lemmas[sk + 2 : min(b, sk + 6)])
                )
            ):
                act("counter_complaint", phrase, "structure")
                continue
            # "…and I felt hurt when you forgot mine": their complaint turned round, in their own words
            # (after their own feeling was given back for them: not a verbatim repetition with unflipped
            # pronouns, "I felt ignored when you cancelled…", which is a slip, not a counter-complaint)
            if (
                feels
                and not quote
                and any(words[j] == "you" and "feel" in lemmas[j + 1 : j + 3] for j in range(max(0, a - 1)))
            ):
                kv = next((j for j in range(sk + 2, b - 1) if words[j] == "you"), None)
                turned = kv is not None and _verb_after(body, kv)
                if turned and turned[0] in st.listener_acts and st.listener_acts[turned[0]] == turned[1]:
                    act("counter_complaint", phrase, "structure")
                    continue
            # Any other clause about the listener's own side, in new words ("I get hundreds of emails a
            # day", "I can't answer every one", "I was drowning in the audit", "I'm late maybe twice a
            # month"): in a complaint about them, the listener's circumstances, abilities or record are
            # an account of their part (Lerner: defending), unless it owns, feels, promises or empathises.
            # "I do the bins every Thursday", "I call twice a week" against "you never…": their
            # generalisation refuted with the listener's own record
            if set(st.text.words) & {"never", "always", "constantly"} and (
                _frequency(words, sk + 1, b) or _always_against_never(st, words, sk, b)
            ):
                act("correction", phrase, "structure")
                continue
            if (
                words[sk] == "i"
                and n_words >= 2
                and novelty >= 0.6
                and not (musing or other_time)
                and _own_side(body, sk, b)
                and not _hosted(words, sk, b)
                # "honestly, I'm feeling really low this week myself": the listener's own feeling told (missed)
                and "feeling" not in words[sk + 1 : sk + 4]
            ):
                act("justification", phrase, "structure")
                continue
        # "if you'd organised your week better", "you should have said something", "maybe if you came
        # with an agenda…": what they should have done instead (blame), unless it is about the listener
        # ("you should have been able to rely on me") or their right ("you shouldn't have had to…")
        cf = next(
            (
                k
                for k in range(inner_a, b)
                if words[k] == "you"
                and (k == sk or words[k - 1] == "if")
                and _counterfactual(words, k, b, lead)
            ),
            None,
        )
        if (
            cf is not None
            and not quote
            and subj in {"S", None}
            and "feel" not in lemmas[inner_a:b]
            and not any(role_of(x, reflecting=True) == LISTENER for x in words[cf:b])
            and not any(cf < k < b for k in mention_idx)
        ):
            act("blame", phrase, "structure")
            continue
        if subj == "S" and not quote:
            verb_k = sk + 1
            while verb_k < b and words[verb_k] in _ADVERBS | _MODALS | {
                "not",
                "do",
                "did",
                "does",
                "have",
                "has",
                "had",
            }:
                verb_k += 1
            verb = lemmas[verb_k] if verb_k < b else ""
            if (
                verb_k + 1 < b
                and words[verb_k] in {"was", "were"}
                and words[verb_k + 1].endswith("ing")
                and verb_k + 1 not in mention_idx
                and lemmas[verb_k + 1] not in _FEEL_VERBS
            ):
                verb_k += 1  # "you were provoking me": the act, not a state
                verb = lemmas[verb_k]
            if (
                words[b - 1] in {"too", "either"}
                and any(role_of(x, reflecting=True) == LISTENER for x in words[verb_k:b])
                and not ({"too", "either"} & set(st.text.words))
            ):
                act("counter_complaint", phrase, "structure")  # "you never ask about mine either"
                continue
            stressed = _stressed_do(words, sk, b)
            if (
                stressed is not None
                # "you did say…" is their word told back, unless "though" turns it on them
                and (stressed not in _EMPHATIC_DO_TOLD or "though" in words[b - 1 : b + 1])
                # a bare verb after it ("you did put up…"), not its object ("while you did the work")
                and (stressed not in STOPWORDS or stressed in {"have", "get", "make", "take", "go"})
                and not c.question
                and n_words
                and novelty >= _NOVEL_CLAUSE
                and not any(fa <= sk < fb for fa, fb in feel_spans)
            ):
                # "you did put up a two-storey wall right in front of my window, so": something new about
                # them, stressed, set against their complaint
                act("counter_complaint", phrase, "structure")
                continue
            arrived = verb in {"walk", "come", "get", "arrive"} and words[verb_k + 1 : verb_k + 2] in (
                ("in",),
                ("into",),
                ("home",),
            )  # "you walked in to a sink full of my mess": what they came home to, told for them
            passive = words[sk + 1 : sk + 2] in (("were",), ("was",), ("got",)) and any(
                words[j] == "by" and words[j + 1 : j + 2] in (("me",), ("my",)) for j in range(sk + 2, b - 1)
            )  # "you were blocked in by my car": what the listener did to them, their burden
            if arrived or passive:
                continue
            main = _verb_after(body, sk)
            if main is not None and main[0] in st.speaker_acts:
                continue  # "you kept looking for me" against "I looked for you": their act given back
            if any(words[k].endswith("ing") and lemmas[k] in st.speaker_acts for k in range(verb_k + 1, b)):
                continue  # "you stayed up till two waiting for me" against "I waited up till 2am"
            tail_set = set(words[sk + 1 : b])
            stmt_set = set(st.text.words)
            # "you've been pretty moody yourself", "you were out till two yourself last week": an emphatic
            # "yourself" (not "by yourself", "for yourself": the reflexive of their own burden)
            emphatic_self = any(
                words[k] == "yourself"
                and words[k - 1] not in {"by", "for", "to", "of", "about", "with", "at", "on", "in", "after"}
                for k in range(verb_k + 2, b)
            )
            if (
                verb == "be"
                and emphatic_self
                and not any(w.endswith("ing") for w in words[verb_k + 1 : b])  # "you've been carrying…"
                and not ({"myself", "yourself"} & stmt_set)
                and "feel" not in lemmas[sk:b]
            ):
                act("counter_complaint", phrase, "structure")  # "you've been pretty moody yourself"
                continue
            if (
                ("anyway" in tail_set and "anyway" not in stmt_set)
                or (" all the time " in f" {' '.join(words[sk:b])} " and "all" not in stmt_set)
            ) and (
                not _past(words, sk + 1, b)
                and "feel" not in lemmas[sk:b]
                and not any(role_of(x, reflecting=True) == LISTENER for x in words[sk + 1 : b])
            ):
                act("blame", phrase, "structure")  # "you cancel on your friends all the time anyway"
                continue
            # "you can't take a joke anymore", "you take everything so personally", "you made me do it":
            # the person judged, or made the cause of the listener's act (a blame reframe), in the present,
            # with a judging word of the listener's, naming no feeling of theirs
            judged = _trait_judged(body, sk, b, st, mention_idx)
            if judged and not any(fa <= sk < fb for fa, fb in feel_spans):
                act("blame", phrase, "structure")
                continue
            if (
                verb == "be"
                and n_words
                and novelty >= _NOVEL_CLAUSE
                and any(lemmas[k] in lex.traits for k in range(verb_k + 1, min(b, verb_k + 5)))
                and any(role_of(x, reflecting=True) == LISTENER for x in words[verb_k + 1 : b])
                and not any(verb_k < k < b for k in mention_idx)
                and not any(fa <= sk < fb for fa, fb in feel_spans)
            ):
                # "you were forty minutes late to my birthday", "you were so rude to my mum": how they
                # behaved towards the listener, a complaint of the listener's own
                act("counter_complaint", phrase, "structure")
                continue
            if verb in _SPEAKER_REFLECTIVE_VERBS or verb in _WITNESS_VERBS or verb_k in mention_idx:
                continue  # (_WITNESS_VERBS: "you heard about your own departure", "you watched Ellie…")
            if "feel" in lemmas[verb_k : min(b, verb_k + 4)] and "i" not in words[verb_k : verb_k + 3]:
                continue  # "you end up feeling used…", "you're left feeling…": their feeling, said for them
            if (
                any(verb_k <= k < b and words[k - 1] not in {"me", "my", "i"} for k in mention_idx)
                or verb in {"end", "get"}
                and "up" in words[verb_k : verb_k + 2]
            ):
                continue  # "you ended up handling it on your own": their burden, said for them
            tail = words[verb_k:b]
            if (verb in _EFFORT_VERBS or verb in {"deal", "cope", "manage", "face"}) and (
                set(tail) & {"yourself", "alone"} or " on your own" in " " + " ".join(tail)
            ):
                continue  # "you dealt with every complaint yourself": their burden, said for them
            if all(w in _MARKERS or w in _ADVERBS for w in tail) or (
                set(lemmas[verb_k:b]) & _PRAISED and not set(tail) & {"not", "never", "too", "but"}
            ):
                continue  # "you've always been so kind to us", "you were always my favourite": praise
            if (
                set(lemmas[verb_k : verb_k + 3]) & {"count", "rely", "depend"}
                and "on" in words[verb_k : verb_k + 4]
            ) or (verb in {"come", "turn"} and words[verb_k + 1 : verb_k + 3] == ("to", "me")):
                # "you were counting on me for the move", "you came to me so this wouldn't happen": what
                # they hoped for, said for them
                continue
            if {"when", "whenever", "after", "once"} & set(words[a:sk]) and "i" in tail:
                # "…when you came round about it, I closed the door on you": the main clause after a "when
                # you…" is the listener's own act, owned, not part of theirs
                tail = tail[: tail.index("i")]
            listener_ref = any(role_of(x, reflecting=True) == LISTENER for x in tail)
            # "…waiting for an engineer who never came": a marker in a relative clause is someone else's
            own_tail = tail[: next((i for i, w in enumerate(tail) if w in {"who", "which"}), len(tail))]
            # (a marker of theirs is theirs: "your food was in the bin again" for "…in the bin. Again."; and
            # "yourself" after a modal is advice: "you can untag yourself")
            markers = (set(own_tail) & _MARKERS) - ({"again"} & stmt_set)
            if _MODALS & set(words[sk + 1 : verb_k + 1]):
                markers -= {"yourself"}
            joined = " " + " ".join(own_tail) + " "
            # "…and you leave your straighteners on every single morning", "your pans soak for days"
            # (not their effort: "you visit her every day", "you've cooked every night for weeks")
            habit = (
                any(f" {x} " in joined for x in _HABIT_TIMES if x not in their_habits)
                and verb not in _EFFORT_VERBS
                and verb not in _HABIT_EFFORT
            )
            marker = bool(markers) or " ".join(tail).find("all the time") >= 0 or habit
            if _denied_them(words, verb_k, b):
                continue  # "you didn't even get a chance to answer before I posted": what they were denied
            role_reversed = verb in st.listener_acts  # "you forgot…" against "you forgot my birthday"
            warm = bool(set(lemmas[a:b]) & _WARM_VERBS) and not {"not", "never"} & set(words[a:b])
            offer = _offer_purpose(words, a, sk)
            if n_words and novelty >= _NOVEL_CLAUSE and (listener_ref or marker) and not warm and not offer:
                # (not "I love you both the same"; not "my number, so you can text me": what an offer is for)
                act("counter_complaint", phrase, "structure")
                continue
            if role_reversed and (marker or listener_ref or novelty >= 0.34) and n_words:
                act("counter_complaint", phrase, "structure")
                continue
        # "they're your friends too": a third party turned back on them; "they're our friends too": the
        # matter claimed as shared, against their account of it
        if (
            subj in {"T", None}
            and words[b - 1] in {"too", "either"}
            and not ({"too", "either"} & set(st.text.words))
        ):
            if any(role_of(x, reflecting=True) == SPEAKER for x in words[inner_a:b]):
                act("counter_complaint", phrase, "structure")
                continue
            if any(x in {"our", "ours", "us"} for x in words[inner_a:b]) and not (
                {"our", "ours", "us"} & set(st.text.words)
            ):
                act("correction", phrase, "structure")
                continue
            # "nobody came to my graduation either": the listener's own grievance set beside theirs
            if (
                any(role_of(x, reflecting=True) == LISTENER for x in words[inner_a:b])
                and n_words
                and novelty >= _NOVEL_CLAUSE
            ):
                act("counter_complaint", phrase, "structure")
                continue
        # "she says things like that to everyone", "everybody talks about money", "which happens to
        # everyone": the matter made general, so smaller (a generalising quantifier of the listener's, said
        # in the present about the world, not their feeling and not their account of the event)
        # "…and felt invisible because nobody noticed how hard you worked": the cause of the feeling they
        # were just given back, their own grievance (not "it was a party, everyone was teasing everyone")
        their_cause = (
            lead in {"because", "cause", "since"}
            and words[inner_a : inner_a + 1] in (("nobody",), ("no",))
            and any(s_a <= k < a for k in mention_idx)
        )
        if (
            subj != "S"
            and b - inner_a >= 3
            and not their_cause
            and (
                not _past(words, sk if subj else inner_a, b)
                or _diminished(words, lemmas, inner_a, b, mention_idx)
            )
        ):
            quant = _generalising(words, inner_a, b) or _diminished(words, lemmas, inner_a, b, mention_idx)
            if (
                quant is not None
                and quant not in st.text.words
                # "that's a lot of cancelled plans": their matter, told as big
                and not (quant == "a" and novelty < _NOVEL_CLAUSE)
                and not (quant in _GENERAL_WORDS | {"one"} and _GENERAL_WORDS & set(st.text.words))
                and not any(role_of(x, reflecting=True) == SPEAKER for x in words[inner_a:b])
                # "it feels like nobody cares": their feeling, given back
                and not {"feel", "seem"} & set(lemmas[a:b])
                # "everyone should know it's ok to be sad": a norm offered, not the matter made general
                and not _MODALS & set(words[inner_a:b])
                and not any(fa < b and a < fb for fa, fb in feel_spans)
                # "get a shared calendar app; lots of separated parents use them": support for the advice
                # before it (off the point), not their matter made general
                and not (ci and any(sa < clauses[ci - 1].b and clauses[ci - 1].a < sb for sa, sb in asides))
            ):
                act("minimising", phrase, "structure")
                continue
        # "all mothers say things like that", "any doctor would have made the same call", "delays happen in
        # every build": what others do, or would have done, set against their hurt (a norm that excuses)
        norm = _norm_of_others(words, inner_a, b)
        if (
            norm is not None
            and subj != "S"
            and not c.question
            and not set(words[norm[0] : norm[1]]) & set(st.text.words) - {"all", "any", "every", "most"}
            and "feel" not in lemmas[a:b]
            and not any(fa < b and a < fb for fa, fb in feel_spans)
            and not any(role_of(x, reflecting=True) == SPEAKER for x in words[inner_a:b])
        ):
            act("justification" if "would" in words[norm[0] : b] else "minimising", phrase, "structure")
            continue
        # "I could say the same about you", "same goes for you": their complaint handed back
        if (
            subj in {"L", None}
            and "same" in words[inner_a:b]
            # (not "i know what you mean my sister does exactly the same": their words acknowledged)
            and any(
                w in {"you", "your"} and words[k - 1 : k] != ("what",)
                for k, w in enumerate(words[inner_a:b], inner_a)
            )
            and "same" not in st.text.words
            and "feel" not in lemmas[inner_a:b]
            and not set(lemmas[inner_a:b]) & _WARM_VERBS  # "I love you both the same": reassurance
        ):
            act("counter_complaint", phrase, "structure")
            continue
        # "it's not that serious", "it wasn't so bad": the matter scaled down
        if subj == "T" and words[sk] in {"it", "that", "this"}:
            k = sk + 1
            while k < b and words[k] in {"is", "was", "not", "really", "even"} | _ADVERBS:
                k += 1
            if (
                "not" in words[sk + 1 : k]
                and k + 1 < b
                and words[k] in {"that", "so", "such", "a"}
                and words[k + 1] not in st.text.words
                and not any(role_of(x, reflecting=True) in {SPEAKER, LISTENER} for x in words[inner_a:b])
            ):
                act("minimising", phrase, "structure")
                continue
        # "it was more like half an hour", "it was eight fifteen": their figure put right
        fig = _figure_corrected(st, body, inner_a, b, mention_idx)
        if fig is not None:
            act("correction", body.surface(*fig), "structure")
            continue
        # "not an hour", "not everyone", "not even going that fast": their words negated (not "I haven't
        # asked" against "you've stopped asking": that agrees)
        for k in range(inner_a, b):
            if lemmas[k] in {"not", "never"} and k + 1 < b:
                j = k + 1
                while j < min(b, k + 4) and (
                    not _is_content(body_canon[j]) or lemmas[j] in {"go", "even", "so", "really", "very"}
                ):
                    j += 1
                if (
                    j < b
                    and _is_content(body_canon[j])
                    and j not in mention_idx
                    and body_canon[j] in st.pool_set
                ):
                    hit = [i for i, cc in enumerate(st.canon) if cc == body_canon[j]]
                    if (
                        hit
                        and all(
                            _polarity_at(st.text.lemmas, i, _STOPPING) and st.text.lemmas[i] not in _NEGATORS
                            for i in hit
                        )
                        and not _echoed(body, (k, j + 1), st.text)
                        # "instead of telling me privately": their own word is already the one not done
                        and not any(
                            {"instead", "rather"} & set(st.text.lemmas[max(0, i - 5) : i]) for i in hit
                        )
                        # "it's not the money" for "I'm not even angry about the money": their own "not"
                        and not any(_NEGATORS & set(st.text.lemmas[max(0, i - 8) : i]) for i in hit)
                        # "I haven't paid it back": the listener's own failure, conceded (not "I wasn't even
                        # going that fast", "I said the end of the month, not Friday")
                        and not (
                            subj == "L"
                            and k > sk + 1
                            and set(words[sk + 1 : k]) <= {"have", "has", "had", "still"}
                        )
                        # "I didn't come", "I wasn't there", "I didn't mention it until afterwards" for "you
                        # missed my dad's funeral", "you weren't there", "only told me afterwards": the
                        # failure they complain of, owned
                        and not (subj == "L" and _failure_owned(st, words, a, b))
                    ):
                        if subj != "S" or lemmas[sk + 1 : sk + 2] not in {("feel",), ("be",)}:
                            act("correction", body.surface(k, min(b, j + 3)), "structure")
                            break


# After "I didn't": a motive, a knowing or a lack that excuses, or the listener's own complaint
_NOT_OWNED_AFTER_NOT = frozenset(
    "want mean intend think know realise realize have see need get feel expect like mind hear notice".split()
)
# Acts that are themselves a failure of the listener's ("you missed…", "you forgot…", "you cancelled on me")
_FAILURE_VERBS = frozenset("miss forget cancel skip ignore abandon ditch bail ghost neglect".split())


def _failure_owned(st: _Statement, words: tuple[str, ...], a: int, b: int) -> bool:
    """Whether the listener's clause words[a:b] (the caller knows it is the listener's) says plainly "I
    didn't / I wasn't / I never …" (no reason, no "even", no "but") and the statement complains of a failure
    of the listener's: a missed or forgotten act, a "you weren't there", a "never", "without", "only …
    afterwards". Then it agrees with them."""
    seg = words[a:b]
    if {"even", "because", "cause", "since", "but", "though", "actually", "only"} & set(seg):
        return False
    neg = next((k for k in range(a + 1, b) if words[k] in {"not", "never"}), None)
    if neg is None or (words[neg] == "not" and words[neg - 1] not in {"did", "was", "were", "could", "had"}):
        return False
    v = next((w for w in words[neg + 1 : b] if w not in {"really", "just", "even", "exactly"}), "")
    if lemma(v) in _NOT_OWNED_AFTER_NOT:
        return False  # "I didn't want to worry you", "I didn't have a choice", "I didn't see you for months"
    sw, sl = st.text.words, st.text.lemmas
    failed = any(not pol for pol in st.listener_acts.values()) or bool(set(st.listener_acts) & _FAILURE_VERBS)
    absent = any(
        sw[j] == "you" and sw[j + 1 : j + 3] in (("were", "not"), ("was", "not")) for j in range(len(sw) - 2)
    )
    return failed or absent or "without" in sl or ("only" in sl and "afterwards" in sl)


# After "I was / we were": what makes it the listener's excuse ("I was busy", "I was at work", "I was
# just…"), not a memory or a kindness ("I was so happy when…", "I was thinking about you").
# "I was being …": a good motive claimed for what they complain of
_GOOD_MOTIVES = frozenset(
    "honest realistic careful practical nice helpful supportive protective cautious responsible professional "
    "thorough efficient polite kind friendly sensible truthful straight fair".split()
)
_EXCUSE_STATE = frozenset(
    "busy tired exhausted stressed sick ill working at in on with stuck late just only trying going about "
    "swamped overwhelmed worried scared afraid upset not running dealing away out home driving asleep "
    "sleeping distracted preoccupied under short slammed buried behind caught supposed waiting angry "
    "frustrated doing drunk hungover unwell there".split()
)
_PRAISE = frozenset(
    {
        "kind",
        "generous",
        "good",
        "helpful",
        "supportive",
        "lovely",
        "great",
        "amazing",
        "patient",
        "understanding",
        "thoughtful",
        "sweet",
        "wonderful",
        "brilliant",
        "valued",
        "nice",
        "welcoming",
        "considerate",
        "fair",
        "talented",
        "gracious",
        "reasonable",
    }
)
_POSITIVE = frozenset(
    "good great nice lovely fun amazing wonderful fantastic brilliant happy excited proud".split()
)
_INTENT_VERBS = frozenset("protect help surprise spare avoid keep save fix give shield stop".split())


_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_DAY_WORDS = _WEEKDAYS | frozenset(
    """january february march april may june july august september october november december yesterday
    midnight noon morning afternoon evening""".split()
)
_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty
    hundred half quarter couple few""".split()
)


_CHILDHOOD = frozenset("kid child boy girl teenager growing young younger".split())
_DECADES = frozenset("nineteen twenty thirty forty fifty sixty seventy eighty ninety".split())
_SMALL = frozenset("small little minor tiny".split())
_CONGRATULATE = frozenset("done congratulations".split())
_WHAT_FOR = frozenset("again on both".split())


def _congratulated(words: Sequence[str], span: tuple[int, int], sentence_starts: Collection[int]) -> bool:
    """A congratulation the sarcasm phrases matched ("well done", "well, congratulations") given for
    their news in the same sentence ("… again", "… on the promotion", "… both of you"): kind and off the
    point (not "Well done. On top of that…", whose next sentence starts with "on"). Of the 48 replies
    with "well done" or "congratulat…" in reviewer sets 1-518, none mocks with it and 41 are off the point
    (the judge called four of those defensive, and "oh, congratulations on the baby!" five times in the
    training sets); "well done, you noticed", "well done for noticing" and a bare "well, congratulations"
    still mock the complaint, as does "well done to you for…". Known and left: a mocking "well,
    congratulations on doing one chore" passes as kind (no reviewer wrote one)."""
    if not _CONGRATULATE & set(words[span[0] : span[1]]) or span[1] >= len(words) or span[1] in sentence_starts:
        return False
    return words[span[1]] in _WHAT_FOR


# their own claim to a decision ("that was my decision to make"), given back as "your call"
_DECIDING = frozenset({"call", "decision", "choice"})
# "…means to me", "…matters to me": what someone or something is to the listener
_MEANING = frozenset("mean means meant matter matters mattered".split())
# the words that open a turn to the listener's side; a two-word turn is known by its first word
_PAIRED_TURNS = frozenset({("mind", "you"), ("then", "again")})
_PAIRED_LEADS = frozenset(first for first, _ in _PAIRED_TURNS)
_TURNS = frozenset("but however though although except yet well still meanwhile".split()) | _PAIRED_LEADS
# Praise of them after "you were always" ("…my favourite", "…the smartest one in our group", "…welcome")
_PRAISED = _PRAISE | _COMPLIMENT | frozenset("favourite smart clever welcome best kind funny".split())
_ROUTINE_DAYS = _WEEKDAYS | {"tomorrow"}  # "training's on Tuesday as usual", "tomorrow as usual"
_THIRD_PARTY = frozenset("he she they my his her their everyone everybody people someone somebody".split())
_FIND_OUT = frozenset("check ask find look".split())  # "let me check with HR what…", not "you know what…"


def _kind_words(
    kind: str,
    body: _Text,
    span: tuple[int, int],
    clause: _Clause,
    sentence_starts: Collection[int],
    opener: Sequence[str] = (),
) -> bool:
    """Whether a defence phrase matched words that do something kind instead: each case a reply that
    reflects nothing (off the point: missed) which the phrase lists read as an act, in reviewer sets 447-558:
    - "well done again on the promotion": a congratulation for their news (``_congratulated``);
    - "you were always my favourite", "you're always welcome here": praise after "you (were) always" in the
      next five words, with no "not", "never", "too" or "but" (not "you were always too busy to listen", nor
      "you always order the good stuff", "you always overreact to this kind of thing");
    - "training's at six on Tuesday as usual", "the rent will be in your account on Friday as usual": "as
      usual" in a sentence that names a weekday or tomorrow is a routine kept, not sarcasm (not "sorry I
      ruined everything as usual", nor "it's all my fault again as usual");
    - "I've got a roll in the shed you could have": "you could have" ending its sentence is an offer, not
      what they should have done ("you could have told me");
    - "my sister does exactly the same thing to me": the same done to the listener by someone else, with no
      "you" in the clause, is the listener's own story, not their own failing turned back on them (of 83
      reviewer replies with "the same (thing) to me", none with a third party doing it is a defence);
    - "let me check with HR what the policy is": a justification phrase inside a question the listener
      will look into ("check", "ask", "find out" before "what", "whether", in the body or in the ``opener``
      words stripped before it) is a plan, not a rule held up against them (not "you know what the traffic
      is like on a Friday");
    - "you know how much our friendship means to me": "you know how" before "means / matters to me" in
      its clause says what they are to the listener (not "you know how the trains are");
    - "a course in April that might be good for you": "good for you" after a modal and "be" is a
      suggestion, not the sarcastic "good for you!";
    - "yeah no, fair enough", "no, you're right", "(ah) no, sorry about that": "no" before a concession or
      an apology corrects nothing."""
    a, b = span
    words, lemmas = body.words, body.lemmas
    start, end = _sentence_of(a, sentence_starts, len(words))
    if kind == "counter_complaint" and "always" in words[a:b] and "be" in lemmas[a : b + 1]:
        after = lemmas[b : min(end, b + 5)]
        kind_of = {k for k in range(b, min(end, b + 5)) if words[k : k + 2] == ("kind", "of")}
        praised = {lemmas[k] for k in range(b, min(end, b + 5)) if k not in kind_of} & _PRAISED
        return bool(praised) and not set(after) & {"not", "never", "too", "but"}
    if kind == "sarcasm" and _congratulated(words, span, sentence_starts):
        return True
    if kind == "sarcasm" and words[a:b] == ("good", "for", "you"):
        return a >= 2 and lemmas[a - 1] == "be" and words[a - 2] in _MODALS
    if kind == "correction" and words[a] == "no":
        return (
            lemmas[a + 1 : a + 3] == ("fair", "enough")
            or lemmas[a + 1 : a + 4] in {("you", "be", "right"), ("that", "be", "fair")}
            or words[a + 1 : a + 2] == ("sorry",)
        )
    if kind == "sarcasm" and words[a:b] == ("as", "usual"):
        return bool(_ROUTINE_DAYS & set(words[start:end]))
    if kind == "blame" and words[a:b] == ("you", "could", "have"):
        return b == end
    if kind == "counter_complaint" and "same" in words[a:b] and words[b - 2 : b] == ("to", "me"):
        near = words[max(clause.a, a - 4) : b]
        return not {"you", "your"} & set(near) and bool(_THIRD_PARTY & set(near))
    if kind == "justification" and words[a:b] == ("you", "know", "how"):
        # "you know how much our friendship means to me": what they are to the listener, not "you know how
        # the trains are"
        rest = words[b : min(end, clause.b)]
        return any(rest[k] in _MEANING and rest[k + 1 : k + 3] == ("to", "me") for k in range(len(rest)))
    if kind == "justification":
        before = tuple(lemma(w) for w in opener) + lemmas
        asked = [len(opener) + k for k in range(max(0, a - 2), a) if words[k] in {"what", "whether"}]
        return any(_FIND_OUT & set(before[max(0, k - 4) : k]) for k in asked)
    return False


_REMORSE = frozenset("awful terrible guilty bad ashamed sorry horrible dreadful rotten sick".split())
# remorse in the listener's own words (not "bad", "sick": "I've had the worst month" lemmatises to "bad")
_REMORSE_WORDS = (_REMORSE - {"bad", "sorry", "rotten", "sick"}) | {"guilt"}
_COUNTS = (_NUMBER_WORDS - {"one", "sixty", "hundred", "half", "quarter", "couple", "few"}) | {
    "once",
    "twice",
}


def _is_count(w: str) -> bool:
    """A count of occasions or things ("twice", "three", "4"), not "one" or a vague "few"."""
    return w in _COUNTS or (w.isdigit() and w not in {"0", "1"})


_TIMES_WORDS = {"once": "1", "twice": "2"}


def _count_changed(st: _Statement, body: _Text) -> tuple[int, int] | None:
    """A count of theirs given back as another: "two dinners" for "three family dinners", "four times"
    for "five times". The number must stand before the same noun (within two words) in both. Returns
    the span in the reply, or None."""

    def counts(text: _Text) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for k, w in enumerate(text.words):
            if _is_count(w):
                for j in range(k + 1, min(len(text.words), k + 3)):
                    if _is_content(text.lemmas[j]):
                        out.setdefault(text.lemmas[j], set()).add(_number(w))
            elif w in _ORDINALS and text.lemmas[k + 1 : k + 2] == ("time",):
                out.setdefault("time", set()).add(_number(w))  # "the third time this month"
        return out

    theirs = counts(st.text)
    if not theirs:
        return None
    said_anywhere = {_number(w) for w in st.text.words}  # "3 hours" said back as "three hours"
    for k, w in enumerate(body.words):
        if (
            w in _TIMES_WORDS
            and "time" in theirs
            and _TIMES_WORDS[w] not in theirs["time"]
            and not set(st.text.words) & {"once", "twice"}
        ):
            return k, k + 1  # "Twice, actually" against "three times", "the third time"
        if not _is_count(w) or _number(w) in said_anywhere:
            continue  # "billed six hours for three hours of work": both their figures, given back
        for j in range(k + 1, min(len(body.words), k + 3)):
            said = theirs.get(body.lemmas[j])
            if said and _number(w) not in said:
                return k, j + 1
    return None


def _figure_corrected(
    st: _Statement, body: _Text, a: int, b: int, mention_idx: frozenset[int] | set[int] = frozenset()
) -> tuple[int, int] | None:
    """ "It was more like half an hour" against "forty minutes late": a clause "it/that was …" that gives
    a figure they did not say (not a number before a feeling word: "it was two tired"). Returns the span,
    or None."""
    words = body.words
    stmt_numbers = {
        _number(w) for w in st.text.words if w in _NUMBER_WORDS or _number(w).isdigit() or w in _DAY_WORDS
    }  # ("2am" is their 2, so "two in the morning" is no new figure)
    if not stmt_numbers and not any(w in _DAY_WORDS for w in words[a:b]):
        return None
    for k in range(a, min(b, a + 3)):
        if words[k] in {"it", "that", "which"} and k + 1 < b and body.lemmas[k + 1] == "be":
            for j in range(k + 2, min(b, k + 7)):
                w = words[j]
                if (w in _NUMBER_WORDS or w.isdigit() or w in _DAY_WORDS) and _number(w) not in stmt_numbers:
                    if j + 1 in mention_idx:
                        continue
                    return k, min(b, j + 3)
    return None


def _circumstance(body: _Text, a: int, b: int, lex: Lexicon) -> tuple[int, int] | None:
    """ "… it was a crazy week", "the restaurant was overbooked": a third party or situation (not I, you
    or we) said to be in a state that excuses. Returns the span, or None."""
    words = body.words
    for k in range(max(a, 1), b - 1):
        if words[k] not in {"was", "were", "is", "are", "have", "has", "had"}:
            continue
        if words[k] in {"have", "has", "had"} and words[k + 1] != "been":
            continue
        subj = words[k - 1]
        if subj in {"i", "you", "we", "there", "what", "how", "that"} and subj != "that" or subj in _ADVERBS:
            continue
        if k >= 2 and words[k - 2] in {"you", "your"}:
            continue  # "what you want is just to be their nana", "your project was cancelled": theirs
        if subj not in {"it", "that", "this", "he", "she", "they"} and not _is_content(body.lemmas[k - 1]):
            continue
        j = k + 1
        while j < b and (
            words[j] in _ADVERBS - {"only", "just"}
            or words[j]
            in {"a", "an", "the", "so", "really", "been", "very", "pretty", "quite", "extremely", "super"}
        ):
            j += 1
        if j < b and body.lemmas[j] in lex.circumstances:
            if any(m.start in {j, j + 1} and m.primary for m in _feeling_mentions(body)):
                continue  # "it was just humiliating": an intensified feeling, not an excuse
            if words[j + 1 : j + 3] in (("for", "you"), ("on", "you")) or (
                subj == "that" and words[k + 1] == "so"
            ):
                continue  # "the wedding was rough for you", "that's so rough": sympathy, not an excuse
            if words[j + 1 : j + 2] in (("yours",), ("mine",), ("ours",), ("theirs",)):
                continue  # "anything that is just yours": only, not an excuse
            if words[j : j + 3] in (("down", "to", "you"), ("down", "to", "your")):
                continue  # "it's down to you to remember the bills": whose job, not "the system was down"
            return max(a, k - 2), min(b, j + 2)
    return None


def _hosted(words: tuple[str, ...], sk: int, b: int) -> bool:
    """ "I had friends over till 3am", "I had people round": what the listener did (had guests), told back,
    not an account of their circumstances."""
    return words[sk + 1 : sk + 2] == ("had",) and bool({"over", "round", "around"} & set(words[sk + 3 : min(b, sk + 6)]))


def _excuse(words: tuple[str, ...], sk: int, b: int) -> bool:
    """Whether the listener's clause from ``sk`` ("I …") is an excuse or account of their own part."""
    k = sk + 1
    while k < b and words[k] in _ADVERBS:
        k += 1
    w = words[k] if k < b else ""
    nxt = [x for x in words[k + 1 : b] if x not in _ADVERBS][:3]
    w2 = nxt[0] if nxt else ""
    w3 = nxt[1] if len(nxt) > 1 else ""
    if w in {"was", "were"} and w2 == "being":
        return w3 in _GOOD_MOTIVES  # "I was being realistic with you", not "I was being selfish"
    if w in {"was", "were"}:
        return w2 in _EXCUSE_STATE
    if w in {"have", "had", "has"} and w2 == "been":
        return w3 in _EXCUSE_STATE
    if w in {"had", "needed"} and w2 == "to":
        return True  # "I had to work", "I needed to think"
    if w == "needed":
        return True  # "I needed some space"
    if w == "had":
        if _hosted(words, sk, b):
            return False  # "I had friends over till 3am": what the listener did, not an excuse
        return bool(w2) and w2 not in _POSITIVE and w3 not in _POSITIVE and w2 not in {"you", "been"}
    if w in {"could", "couldn't"} or (w == "did" and w2 == "not" and lemma(w3) in _STATE_NEG):
        return w == "did" or w2 == "not"
    if w in {"thought", "assumed", "figured", "meant", "expected", "tried"}:
        return True  # "I thought you knew", "I tried to call"
    if w == "wanted" and w2 == "to":
        return lemma(w3) in _INTENT_VERBS  # "I wanted to protect you", not "I wanted to tell you…"
    return False


# After "I": verbs that take their side, own the listener's part, feel, promise or say what the listener
# sees of them; a clause led by one of these is not an account of the listener's own side.
_NOT_OWN_SIDE = frozenset(
    "feel understand see hear get know realise realize love care miss appreciate will shall promise go "
    "should wish hope remember think guess imagine bet agree believe want owe apologise apologize mean "
    "hate regret notice take accept admit let".split()
)


_EPISTEMIC = frozenset("guess think suppose mean bet reckon figure".split())
_EMPATHY_VERBS = frozenset("relate empathise empathize sympathise sympathize picture tell only".split())
_JUDGING = frozenset("not never always too anymore constantly every".split())
# Words that make a matter general ("everyone does it", "nobody cares", "lots of couples…", "most people")
_GENERAL_WORDS = frozenset("everyone everybody nobody people couples".split())
_GENERAL_PAIRS = frozenset(
    {("no", "one"), ("lots", "of"), ("most", "people"), ("all", "couples"), ("every", "couple"), ("a", "lot")}
)


# people of a kind, as a norm: "all mothers", "any builder", "most husbands"
_KINDS_OF_PEOPLE = frozenset(
    "mother mothers mum mums mom moms parent parents dad dads father fathers husband husbands wife wives "
    "partner partners couple couples family families kid kids child children teenager teenagers man men "
    "woman women guy guys girl girls boy boys friend friends sibling siblings brother brothers sister sisters "
    "boss bosses doctor doctors nurse nurses teacher teachers landlord landlords tenant tenants builder "
    "builders plumber plumbers dentist dentists manager managers student students junior juniors "
    "colleague colleagues neighbour neighbours neighbor neighbors client clients customer customers "
    "garage garages company companies firm firms shop shops".split()
)
_NOT_A_NORM_AFTER = frozenset(
    "time times single day days night nights week weeks weekends years months hours minutes morning evening "
    "things stuff".split()
)
# what people of a kind do, as a norm ("all mothers say", "most patients find", "most brides have to")
_NORM_VERBS = frozenset(
    "say said do did have had get go find talk make think forget take need would will can could should are "
    "were know want like hate complain moan cry fight argue struggle deal manage miss cope end wind expect "
    "go through feel".split()
)


def _norm_of_others(words: tuple[str, ...], a: int, b: int) -> tuple[int, int] | None:
    """The span of a norm of other people in words[a:b]: "all mothers say…", "most husbands forget…", "any
    doctor would have…", "for every junior here", "delays happen in every build". Not "every time" (their
    pattern), not "all your friends" (people of theirs)."""
    for k in range(a, b - 1):
        w, x = words[k], words[k + 1]
        plural = x.endswith(("s", "men", "children", "wives")) and x not in _NOT_A_NORM_AFTER
        if (
            w in {"all", "most"}
            and plural
            and (x in _KINDS_OF_PEOPLE or (len(x) > 3 and x not in STOPWORDS))
            and k + 2 < b
            and words[k + 2] in _NORM_VERBS
            and not (k and words[k - 1] in {"a", "an", "the"})
        ):
            return k, k + 2  # "all mothers say", "most brides have to…", not "all the kids who…"
        if w in {"any", "every"} and x not in _NOT_A_NORM_AFTER:
            if x in _KINDS_OF_PEOPLE or words[k + 2 : k + 3] == ("would",):
                return k, k + 2  # "any doctor would have…", "for every junior here"
            if k >= 2 and words[k - 1] in {"in", "to", "with"} and words[k - 2] in {"happen", "happens"}:
                return k, k + 2  # "delays happen in every build"
    return None


def _generalising(words: tuple[str, ...], a: int, b: int) -> str | None:
    """The generalising quantifier in words[a:b] ("everyone", "no one", "lots of"), or None. Not
    "everyone else" (the others, set against them)."""
    for k in range(a, b):
        if words[k] in _GENERAL_WORDS and words[k + 1 : k + 2] != ("else",):
            if words[k - 1 : k] in (("with",), ("of",)) or words[k + 1 : k + 2] in (
                ("listening",),
                ("watching",),
                ("there",),
                ("present",),
            ):
                continue  # "with everyone listening", "in front of everyone": the audience, not a rule
            return words[k]
        if k + 1 < b and (words[k], words[k + 1]) in _GENERAL_PAIRS:
            if (
                (words[k], words[k + 1]) == ("a", "lot")
                and k > 0
                and words[k - 1] not in _BEFORE_A_LOT
                and words[k + 2 : k + 3] not in (("of",), ("better",), ("more",), ("worse",))
            ):
                continue  # "ice helps a lot", "it meant a lot": how much a verb does (not "a lot of people",
                # "it happens a lot", "not a lot we could do", "he's got a lot going on", "a lot better")
            return words[k + 1] if words[k] in {"no", "lots"} else words[k]
    return None


# before "a lot" that is a count or a size, not a degree ("he's got a lot going on", "not a lot we could do")
_BEFORE_A_LOT = frozenset(
    "got have has had is s was were be thats that's there with not up happens happen".split()
)
_DIMINISHERS = frozenset("tiny minor trivial hardly barely scarcely petty".split())


def _diminished(words, lemmas, a: int, b: int, mention_idx: set[int]) -> str | None:
    """A word in words[a:b] that makes the matter small ("a tiny stumble", "hardly anyone noticed"), not
    part of a feeling."""
    for k in range(a, b):
        if words[k] in _DIMINISHERS and k not in mention_idx and k + 1 not in mention_idx:
            if _neglect_owned(words, k):
                continue
            return words[k]
    return None


# after "I barely / hardly": the listener's own absence or inattention, owned ("I'm barely around", "I
# barely looked up"), not the matter made small ("I barely touched it")
_NEGLECT_WORDS = frozenset(
    "around there home here look looked listen listened see saw seen call called visit visited help helped "
    "notice noticed speak spoke talk talked text texted ask asked acknowledge acknowledged reply replied "
    "ever sleep slept".split()
)


def _neglect_owned(words, k: int) -> bool:
    """Whether the "barely" / "hardly" at ``k`` tells the listener's own absence or inattention."""
    return (
        words[k] in {"barely", "hardly"}
        and k + 1 < len(words)
        and words[k + 1] in _NEGLECT_WORDS
        and "i" in words[max(0, k - 3) : k]
    )


_OCCASION_UNITS = _WEEKDAYS | frozenset(
    "year week month spring summer autumn fall winter christmas easter time weekend holiday night "
    "term".split()
)


def _other_occasion(words, a: int, b: int, stmt_words) -> bool:
    """Whether words[a:b] points at another occasion than the statement's ("last year", "two weeks
    ago", "remember when", "that time you…")."""
    stmt = set(stmt_words)
    for k in range(a, b):
        w = words[k]
        nxt = words[k + 1] if k + 1 < b else ""
        if w == "last" and nxt in _OCCASION_UNITS and "last" not in stmt:
            return True
        if w == "ago" and "ago" not in stmt:
            return True
        if w == "remember" and nxt in {"when", "that", "the"}:
            return True
        if w == "that" and nxt == "time" and k + 2 < b and words[k + 2] in {"you", "when"}:
            return True
        if w == "when" and nxt == "i" and _CHILDHOOD & set(words[k + 2 : k + 6]):
            return True  # "when I was a kid, teachers labelled me as trouble too": the listener's own story
        if w == "when" and nxt == "i" and tuple(words[k + 2 : k + 4]) in (("was", "first"), ("first", "started")):
            return True  # "when I was first married, my mother-in-law used to come round"
        if w == "back" and k and words[k - 1] in {"years", "months"} and not {"back", "ago"} & stmt:
            return True  # "it changed everything for me a few years back"
        if w == "when" and nxt in {"my", "our"} and {"died", "passed", "retired"} & set(words[k + 2 : k + 6]):
            return True  # "when my father died I had to…": the listener's own story
        if (
            w == "when"
            and nxt in {"my", "our"}
            and "when" not in stmt
            and any(x.endswith("ed") or x in _IRREGULAR_PAST for x in words[k + 3 : k + 7])
            # (not "when my mum moved your things" for "your mum rearranged my kitchen": their event)
            and not any(
                stmt_words[j] == "your" and stmt_words[j + 1] == words[k + 2] for j in range(len(stmt_words) - 1)
            )
        ):
            return True  # "when my sister's bridesmaid pulled out it was chaos": another occasion of their own
        if (
            w == "back"
            and nxt == "in"
            and k + 2 < b
            and (
                words[k + 2] in _DECADES
                or words[k + 2].isdigit()
                or tuple(words[k + 2 : k + 4]) == ("the", "day")
            )
        ):
            return True  # "back in ninety eight", "back in 2015", "back in the day"
    return False


def _helped_me(words) -> bool:
    """Whether the words tell what helped the listener ("it helped me a lot", "what worked for me")."""
    w = tuple(words)
    return any(
        (w[j] in {"helped", "helps"} and w[j + 1] == "me")
        or (w[j] in {"worked", "works"} and w[j + 1 : j + 3] == ("for", "me"))
        # "it changed everything for me", "my friend's daughter had great results", "it did wonders"
        or (w[j] in {"changed", "changes"} and w[j + 1 : j + 4] == ("everything", "for", "me"))
        or (w[j] in {"great", "amazing", "good"} and w[j + 1] == "results")
        or (w[j] in {"did", "does", "worked", "works"} and w[j + 1] == "wonders")
        for j in range(len(w) - 1)
    )


def _advice_from_experience(words, span: tuple[int, int]) -> bool:
    """Whether the phrase at ``span`` is the time of the listener's own experience offered as advice:
    "it helped me a lot when I was stressed", "what worked for me when I was swamped"."""
    a = span[0]
    if a < 2 or words[a - 1] != "when" or words[a] != "i":
        return False
    return _helped_me(words[max(0, a - 7) : a - 1])


def _softening_actually(words, span: tuple[int, int]) -> bool:
    """Whether an "actually" at the end of a sentence softens the listener's own wish ("I'd love to get
    the recipe, actually"), correcting nothing."""
    if tuple(words[span[0] : span[1]]) != ("actually",):
        return False
    before = words[max(0, span[0] - 10) : span[0]]
    return (
        "i" in before
        and bool({"love", "like", "want", "would", "d"} & set(before))
        and not ({"not", "never", "no", "but"} & set(before))
    )


def _another_time(words, stmt_words) -> tuple[bool, bool]:
    """Whether the reply, with not a word about them in it, tells of another occasion than theirs, and
    whether that is a story with a time of its own ("back in ninety eight", "when I was a kid", "when my
    father died", "last year"), not just "last night" ("I was stuck at the office last night" is an
    excuse)."""
    if any(
        w in {"you", "your", "yours"} and not (k and words[k - 1] in {"hear", "thank"}) for k, w in enumerate(words)
    ) or not _other_occasion(words, 0, len(words), stmt_words):
        # ("I hear you. When I had my knee surgery last year, nobody listened to me either": still a story)
        return False, False
    w = tuple(words)
    mine = any(
        x in {"i", "me", "my", "we", "our"} and not (x == "my" and k and w[k - 1] == "oh") for k, x in enumerate(w)
    )
    story = mine and any(  # the listener's own ("oh my god, it's a vase from twenty years ago" is not)
        (w[k] == "back" and w[k + 1 : k + 2] == ("in",))
        or (w[k] == "when" and w[k + 1 : k + 2] in (("i",), ("my",), ("our",)))
        or (w[k] == "last" and k + 1 < len(w) and w[k + 1] in _DISTANT_UNITS)
        or (w[k] == "ago" and k and w[k - 1] in {"years", "months"})
        for k in range(len(w))
    )
    return True, story


# "last year", "last summer": long enough ago to be a story of its own ("last night" may be the excuse)
_DISTANT_UNITS = frozenset("year month summer spring autumn winter christmas easter".split())


def _owed(words, k: int) -> bool:
    """After "you should/could have": "been told", "been hurt", "had to…": what they were owed or risked
    (a passive or an obligation), not what they should have done ("been more careful")."""
    w = words[k] if k < len(words) else ""
    nxt = words[k + 1] if k + 1 < len(words) else ""
    if w == "had":
        return nxt == "to"
    if w == "heard":  # "you should have heard it from the school first": whom they were owed it by
        return "from" in words[k + 1 : k + 4]
    if w == "been":
        return (
            nxt in PARTICIPLES
            or nxt in {"hurt", "able", "there", "warned", "asked"}
            or (len(nxt) > 4 and nxt.endswith("ed"))
        )
    return False


def _counterfactual(words, sk: int, b: int, lead: str) -> bool:
    """Whether the speaker's clause from ``sk`` ("you …") says what they should or could have done:
    "you should have…", "you could have…", "if you had…", "if you came…"."""
    nxt = words[sk + 1 : sk + 5]
    if len(nxt) >= 2 and nxt[0] in {"should", "could"} and nxt[1] == "have":
        # not "you should have been told", "you could have been hurt", "you shouldn't have had to…": what
        # they were owed or risked, said for them
        return len(nxt) >= 3 and nxt[2] != "not" and not _owed(words, sk + 3)
    if sk > 0 and words[sk - 1] == "if" or lead == "if":
        if not nxt:
            return False
        v = nxt[0]
        return v in {"had", "did", "were"} or (
            # "if you texted", not "if you need it" (an offer: no "-eed" verb is a past here)
            ((v.endswith("ed") and not v.endswith("eed")) or v in _IRREGULAR_PAST)
            and v not in {"felt", "thought", "said", "told"}
        )
    return False


_JUDGING_MARKERS = frozenset("always never anyway anymore constantly too yourself".split())


def _role_cues(an: Analysis, st: _Statement, body: _Text, clauses: list[_Clause]) -> None:
    """Counts of what the reply's clauses do, by their subject and markers, for every pair (not only a
    complaint): the learned layer's structural cues for defending, blaming and minimising."""
    words, lemmas = body.words, body.lemmas
    stmt = set(st.text.words)
    for c in clauses:
        if c.question:
            continue
        a, b = c.a, c.b
        inner = a + (1 if a < b and words[a] in _CLAUSE_CONJ else 0)
        subj, sk = _subject(words, inner, b)
        if subj == "L" and sk < b and words[sk] == "i" and _own_side(body, sk, b):
            an.own_side += 1
        if any(
            words[k] == "you"
            and (k == sk or (k > 0 and words[k - 1] == "if"))
            and _counterfactual(words, k, b, c.lead)
            for k in range(inner, b)
        ):
            an.counterfactual += 1
        if (_generalising(words, inner, b) or _diminished(words, lemmas, inner, b, set())) and not (
            {"everyone", "everybody", "nobody", "people"} & stmt
        ):
            an.generalising += 1
        if (
            subj == "S"
            and "feel" not in lemmas[inner:b]
            and (set(words[sk + 1 : b]) & _JUDGING_MARKERS) - stmt
        ):
            an.judging += 1
        if _other_occasion(words, a, b, st.text.words):
            an.other_occasion += 1
        if subj in {"S", "L"} and sk + 1 < b:
            after = [w for w in words[sk + 1 : min(b, sk + 5)] if w not in _ADVERBS]
            duty = bool(after) and (
                after[0] in {"should", "must", "ought"}
                or (after[0] in {"need", "needed", "have", "has", "had"} and after[1:2] == ["to"])
                or (after[0] in {"could", "can"} and after[1:2] == ["not"])
            )
            if duty and subj == "S":
                an.you_modal += 1
            elif duty:
                an.listener_modal += 1


_FREQ_UNITS = frozenset("day week month year night morning evening time weekend".split()) | _WEEKDAYS


def _always_against_never(st: _Statement, words, sk: int, b: int) -> bool:
    """ "I always listen to you" for "you never listen to me": the listener's "always" set against their
    "never" (exploratory testing, stop 42: such a denial was judged partial)."""
    if not (sk + 2 < b and words[sk] == "i" and words[sk + 1] == "always"):
        return False
    lem = st.text.lemmas
    negated = {lem[j] for k, w in enumerate(st.text.words) if w == "never" for j in range(k + 1, min(k + 4, len(lem)))}
    # the same act: "you never listen" / "I always listen", not "I've never…" / "I always wanted…"
    return lemma(words[sk + 2]) in negated - STOPWORDS


def _frequency(words, a: int, b: int) -> bool:
    """Whether words[a:b] states how often ("every Thursday", "twice a week", "three times", "all the
    time")."""
    for k in range(a, b):
        w, nxt = words[k], (words[k + 1] if k + 1 < b else "")
        if (w, nxt) == ("all", "the") and k + 2 < b and words[k + 2] == "time":
            return True
        if w in {"every", "each"} and (
            nxt in _FREQ_UNITS or nxt.rstrip("s") in _FREQ_UNITS or nxt == "single"
        ):
            return True
        if w in {"once", "twice"} and nxt in {"a", "every", "per"}:
            return True
        if (w == "all" and nxt in {"day", "night", "weekend", "evening", "morning"}) or (w, nxt) == ("at", "night"):
            return True  # "…on speakerphone at your desk all day", "the drums at eleven at night"
        if w == "times" and k > a and (words[k - 1] in _NUMBER_WORDS or words[k - 1].isdigit()):
            return True
    return False


_TRAIT_WORDS = frozenset("anymore everything such personally".split())
_CAUSE_VERBS = frozenset("make drive push force provoke wind goad".split())


# a trait of theirs said with an intensifier ("you're just really sensitive", "you're so dramatic"): a
# judgement of the person, even where the word is also a feeling
_JUDGED_TRAITS = frozenset(
    "sensitive oversensitive touchy dramatic paranoid moody needy clingy fussy picky uptight hysterical irrational "
    "immature childish unreasonable difficult stubborn grumpy selfish ungrateful lazy hopeless ridiculous "
    "sulky snappy bossy obsessive precious emotional".split()
)
_TRAIT_INTENSIFIERS = frozenset("just so too really quite such very being overly always a bit".split())


def _trait_judged(body: _Text, sk: int, b: int, st: _Statement, mention_idx: set[int]) -> bool:
    """Whether the speaker's clause from ``sk`` ("you …") judges the person ("you can't take a joke
    anymore", "you take everything personally", "you get so worked up") or makes them the cause of the
    listener's act ("you made me do it", "you pushed me to it")."""
    words, lemmas = body.words, body.lemmas
    tail = words[sk + 1 : b]
    if not tail or "feel" in lemmas[sk:b] or _past(words, sk + 1, b) and not _cause(body, sk, b):
        return False
    stmt = set(st.text.words)
    for k, x in enumerate(tail[:5]):
        if x in _JUDGED_TRAITS and x not in stmt and set(tail[:k]) & _TRAIT_INTENSIFIERS:
            return True  # "you're just really sensitive to any raised voice", "you're so dramatic"
    if any(sk < k < b for k in mention_idx) and not _cause(body, sk, b):
        return False  # "you're so hurt": their feeling
    if _cause(body, sk, b):
        return True
    if any(role_of(x, reflecting=True) == LISTENER for x in tail):
        return False  # "you can't rely on me anymore": what the listener did, from their side
    marks = set(tail) & _TRAIT_WORDS - stmt
    intens = any(
        w == "too" and k + 1 < len(tail) and _is_content(tail[k + 1]) and tail[k + 1] not in stmt
        for k, w in enumerate(tail)
    )
    return bool(marks) or intens


def _cause(body: _Text, sk: int, b: int) -> bool:
    """ "you made me…", "you pushed me to…", "you drove me to it": the speaker as the cause of the
    listener's act."""
    words, lemmas = body.words, body.lemmas
    for k in range(sk + 1, min(b - 1, sk + 4)):
        if lemmas[k] in _CAUSE_VERBS and words[k + 1] == "me":
            nxt = lemmas[k + 2] if k + 2 < b else ""
            return nxt not in {"feel", "happy", "laugh", "smile", "proud"}
    return False


_OWN_STATE_VERBS = frozenset("be have get can could cannot need got work".split())
_FUTURE_WORDS = frozenset("tomorrow tonight later soon next gonna".split())


_FEARED = frozenset(
    {
        "panicking",
        "panicked",
        "worried",
        "worrying",
        "scared",
        "afraid",
        "terrified",
        "frightened",
        "thought",
        "thinking",
        "convinced",
        "feared",
        "fearing",
        "sure",
        "wondering",
    }
)


def _their_fear_of(words: tuple[str, ...], sk: int) -> bool:
    """Whether the listener's clause at ``sk`` is what they feared or thought, said for them ("you were
    panicking I'd walked away from it", "you thought that I didn't care")."""
    j = sk - 1 if sk and words[sk - 1] != "that" else sk - 2
    return j >= 0 and words[j] in _FEARED and "you" in words[max(0, j - 3) : j]


def _own_side(body: _Text, sk: int, b: int) -> bool:
    """Whether the listener's clause from ``sk`` ("I …") is about the listener's own situation: their
    circumstances ("I get hundreds of emails"), abilities ("I can't answer every one"), state ("I was
    drowning in work") or record ("I'm late twice a month"), not owning, feeling, promising or empathy."""
    words, lemmas = body.words, body.lemmas
    # (a marker in what follows "something you…" is theirs: "marking you down for something you've never…")
    own = words[sk + 1 : next((j for j in range(sk + 1, b) if words[j] in _RELATIVE_HEADS), b)]
    if any(w in {"you", "your", "yourself"} for w in own) and not any(
        w in {"too", "either", "also", "always", "never"} for w in own
    ):
        return False  # "I left you waiting": what the listener did to them, said back
    k = sk + 1
    while k < b and (words[k] in _ADVERBS or words[k] in {"do", "did", "does", "not"}):
        k += 1
    if k >= b:
        return False
    if lemmas[k] in _NOT_OWN_SIDE or words[k] in {"'ll", "ll", "gonna", "must"}:
        return False
    before = words[sk - 1] if sk else ""
    if before == "so" and lemmas[k] in {"can", "could"} and "not" not in lemmas[k : k + 2]:
        return False  # "so I can pass them to accounts": a purpose, not the listener's circumstances
    if before == "when" and lemmas[k] == "be" and set(words[k + 1 : k + 3]) & _LIFE_STAGE:
        return False  # "when I was starting out my manager did the same": the listener's story
    if lemmas[k] in {"can", "could"}:
        nxt = lemmas[k + 1 : min(b, k + 4)]
        if set(nxt) & (_NOT_OWN_SIDE | _EMPATHY_VERBS):
            return False  # "I can relate to that", "I can see why…": empathy, not an account
    if lemmas[k] in {"would", "could", "should", "might"} and "have" in lemmas[k + 1 : k + 3]:
        return False  # "I should have called", "I could have told you": owning
    if any(w in {"us", "our", "ours"} for w in words[sk + 1 : b]):
        return False  # "I've got us tickets to that show": something shared, a gift or a plan
    if any(w in _FUTURE_WORDS for w in words[sk:b]):
        return False  # "I'm picking them up at four tomorrow": a plan
    # a state, a possession, an ability or a need ("I was…", "I get…", "I can't…", "I need…"); a past
    # action ("I stayed quiet", "I've cancelled three times now") is more often the complained act told back
    if lemmas[k] not in _OWN_STATE_VERBS:
        return False
    if _REMORSE_WORDS & set(words[sk:b]):
        return False  # "I've been struggling with guilt myself": remorse, not an account
    nxt = words[k + 1] if k + 1 < b else ""
    if lemmas[k] == "have" and nxt != "been" and (nxt.endswith("ed") or nxt in _IRREGULAR_PAST):
        return False
    return not any(lemmas[j] in _OWNING for j in range(sk, b))


# "I need to tell you what happened with Dan last night": "you" told, not the one who did it
_TELLING_VERBS = frozenset("tell ask show remind text call message update warn".split())
_MARKERS_TOO = frozenset({"too", "either", "also"})
_OFFER_MODALS = frozenset({"can", "could", "will", "shall"})
# what they went through, told for them: "you heard about it from Sarah", "you watched her looking for me"
_PROPOSALS = frozenset(
    {("shall", "we"), ("should", "we"), ("how", "about"), ("could", "we"), ("can", "we")}
)
_HABIT_TIMES = (
    "every morning", "every single morning", "every night", "every single night", "every day",
    "every single day", "every week", "every weekend", "every time", "every single time", "for days",
    "for weeks", "for ages", "half the time", "most nights", "most mornings",
)
_HABIT_EFFORT = frozenset("visit help look care call check try practise practice train study go".split())
_ATTACHMENT_VERBS = frozenset("care love miss trust worry hope value adore".split())
_WITNESS_VERBS = frozenset("hear watch see notice learn discover find realise realize witness sit stand".split())
# ("thinke": the lemmatiser's "thinking")
_MIND_VERBS = frozenset("think thinke feel remember wonder worry want need wish hope replay".split())
_RELATIVE_HEADS = frozenset("who which something anything everything".split())
_LIFE_STAGE = frozenset(
    {"new", "starting", "young", "younger", "little", "junior", "kid", "child", "student", "teenager"}
)


def _only_act(st: _Statement, body: _Text, sk: int, b: int) -> bool:
    """ "I only told your aunt" against "you keep telling the relatives": the complained act made small."""
    k = sk + 1
    if k >= b or body.words[k] not in {"only", "just", "barely", "merely"}:
        return False
    if k + 1 < b and body.words[k + 1] in {"keep", "kept", "always"}:
        return False  # "I just keep saying next week": the pattern owned, not made smaller
    if "without" in body.words[k:b]:
        return False  # "I just took the keys without a word": the manner of it owned
    if _neglect_owned(body.words, k):
        return False  # "I barely looked at you": the neglect owned
    verb = _verb_after(body, sk)
    if verb is None or verb[2] >= b:
        return False
    if body.words[verb[2] + 1 : verb[2] + 2] == ("on",) and verb[0] not in {"be", "have"}:
        return False  # "I just scrolled on", "I just carried on": kept at it, owned (not made smaller)
    if _echoed(body, (k, verb[2] + 1), st.text):
        return False  # "I just sat there" against "you just sat there": their words, not made smaller
    if st.listener_acts.get(verb[0], False):
        # not "when I ring I only ask about him" for "you ask how he is, never how I am": the "only" is
        # their complaint, told back
        return not ({"only", "never"} & set(st.text.words))
    # "I only jumped in once", "I just looked for a second": a small count of it (not "once he was gone":
    # when, not how often)
    after = list(body.words[verb[2] + 1 : b])
    for j, w in enumerate(after[:-1]):
        if w == "once" and after[j + 1] in _SUBJECTS | {"the", "it", "everything", "everyone"}:
            after[j] = "_"
    tail = " ".join(after)
    return any(f" {x} " in f" {tail} " for x in _SMALL_COUNTS)


_SMALL_COUNTS = (
    "once",
    "twice",
    "one time",
    "two times",
    "a second",
    "a minute",
    "a moment",
    "a bit",
    "a little",
    "a couple",
    "a few",
    "one",
    "a page",
    "a sec",
)


def _emphatic(st: _Statement, body: _Text, sk: int, b: int) -> bool:
    """ "I did get you a card", "we do care": an emphatic do that answers the complaint back."""
    words = body.words
    k = sk + 1
    while k < b and words[k] in _ADVERBS:
        k += 1
    if k + 1 >= b or words[k] not in {"did", "do", "does"} or words[k + 1] in {"not", "you", "i", "we"}:
        return False
    if body.lemmas[k + 1] in _NOT_VERB or body.lemmas[k + 1] in {
        "nothing",
        "anything",
        "everything",
        "something",
    }:
        return False  # "I did nothing": owning, not a denial
    verb = lexicon().synonym_words.get(body.lemmas[k + 1], body.lemmas[k + 1])
    if body.lemmas[k + 1] in _WARM_VERBS and body.lemmas[k + 1] not in st.text.lemmas:
        return False
    return not st.listener_acts.get(verb, False)  # "I did forget" owns what they said; it is not a denial


_WARM_VERBS = frozenset("value appreciate love respect cherish adore treasure".split())


def _denial(st: _Statement, body: _Text, body_canon: list[str], sk: int, b: int) -> bool:
    """Whether the listener's clause from ``sk`` contradicts what the statement says the listener did:
    "I didn't yell" against "you yelled"; "I did call" / "I asked you" against "you never call/ask";
    "I texted you" against "you left without telling me"."""
    words = body.words
    if any(w in {"only", "when", "if", "unless", "until"} for w in words[sk:b]):
        return False
    verb = _verb_after(body, sk)
    if verb is None or verb[2] >= b:
        return False
    v, said_now, k = verb
    if any(
        body.lemmas[j] in {"should", "could", "would", "ought", "must"} and "have" in body.lemmas[j + 1 : k]
        for j in range(sk + 1, k)
    ):
        return False  # "I should have told you first": what the listener failed to do, owned, not denied
    emphatic = said_now and "do" in body.lemmas[sk + 1 : k]
    past = words[k].endswith("ed") or words[k] in _IRREGULAR_PAST
    if v in st.listener_acts:
        said_then = st.listener_acts[v]
        if said_then and not said_now:
            return True  # "I didn't yell" / "you yelled"
        if not said_then and said_now and (emphatic or past):
            return True  # "I did call" / "you never call"
        return False
    if v in {"say", "tell"} and said_now and (st.listener_acts.get("say") or st.listener_acts.get("tell")):
        return False  # "I said I love you and then went silent" for "you told me you loved me and then…"
    if said_now and (emphatic or past) and v in _COMM and "without" not in words[sk:b]:
        # "I texted you" against "without telling me" / "you didn't call"
        negated_comm = any(c in _COMM and not pol for c, pol in st.listener_acts.items()) or any(
            st.text.lemmas[i] == "without" and i + 1 < len(st.text.lemmas) and st.text.lemmas[i + 1] in _COMM
            for i in range(len(st.text.lemmas))
        )
        return negated_comm
    return False


# Words that make a feeling or an act smaller: "a bit uneasy", "raised my voice a little", "a bit of a
# mix-up". Not before a comparative ("a bit more careful", "a little later": a plan, a measure).
_SOFTENERS_SEQ = (
    ("a", "little", "bit"),
    ("a", "bit"),
    ("a", "little"),
    ("a", "tad"),
    ("slightly",),
    ("somewhat",),
)
_NOT_AFTER_SOFTENER = frozenset(
    "more less later earlier longer while sooner better worse too of further extra".split()
)
_INCREDULOUS = frozenset({"really", "seriously", "honestly"})


def _has_seq(seq: tuple[str, ...], hay: tuple[str, ...]) -> bool:
    n = len(seq)
    return any(hay[k : k + n] == seq for k in range(len(hay) - n + 1))


@lru_cache(maxsize=1)
def _grades() -> tuple[frozenset[str], frozenset[str]]:
    """(mild, strong) feeling lemmas from feelings.toml [grades]."""
    table = _load_toml("feelings.toml").get("grades", {})
    if not isinstance(table, dict):
        raise LexiconError("coach data: feelings.toml [grades] must be a table")
    mild = frozenset(lemma(w) for w in _str_list(table, "mild", "feelings.toml grades") if " " not in w)
    strong = frozenset(lemma(w) for w in _str_list(table, "strong", "feelings.toml grades"))
    return mild, strong


def _feeling_graded_down(st: _Statement, body: _Text, full: dict[str, Any]) -> tuple[int, int] | None:
    """The span of a feeling named for them in a milder word than the statement's ("uneasy" for
    "violated", "annoyed" for "livid"), when every feeling the reply names for them is mild and none of
    the statement's strong words comes back. None otherwise."""
    mild, strong = _grades()
    said = {st.text.lemmas[k] for m in st.mentions if m.primary for k in range(m.start, m.end)}
    said_strong = said & strong
    if not said_strong or said & mild:
        return None
    own = full["own_feelings"]
    spans = [(m.start, m.end) for m in full["mentions"] if not any(m is o for o in own)]
    covered = {k for a, b in spans for k in range(a, b)}
    # a graded word the feelings lexicon leaves out ("you felt uncomfortable"), said of them
    spans += [
        (k, k + 1)
        for k, lm in enumerate(body.lemmas)
        if lm in mild
        and k not in covered
        and "you" in body.words[max(0, k - 4) : k]
        and {"feel", "be", "seem", "look", "sound"} & set(body.lemmas[max(0, k - 3) : k])
    ]
    if not spans:
        return None
    for a, b in spans:
        lem = set(body.lemmas[a:b])
        if lem & strong or not lem & mild:
            return None
    # a listener's own story of feeling ("I was worried too") is not their feeling played down
    a, b = min(spans)
    if "i" in body.words[max(0, a - 3) : a]:
        return None
    return a, b


def _played_down(st: _Statement, body: _Text, full: dict[str, Any], clauses: list[_Clause], sentences):
    """Defences that keep the words of a reflection but shrink what they said (Lerner: minimising,
    mocking), in a complaint about the listener:

    - a softener the statement did not use, on their feeling ("you felt a bit uneasy") or on the
      listener's own act ("when I raised my voice a little");
    - the matter renamed as a small thing ("a bit of a mix-up");
    - their feeling word echoed back with incredulity ("humiliated, really?");
    - the occasion scaled against a bigger one ("it's a meeting, not a funeral").

    Yields (kind, span)."""
    words, lemmas = body.words, body.lemmas
    stmt = st.text.words
    n = len(words)
    primary = [m for m in full["mentions"] if m.primary]
    for k in range(n):
        if words[k : k + 3] == ("bit", "of", "a") and k and words[k - 1] in {"the", "this", "that", "our"}:
            if k + 3 < n and words[k + 3] not in stmt and not _has_seq(("bit", "of", "a"), stmt):
                yield "minimising", (k - 1, min(n, k + 4))  # "the bit of a mix-up"
            continue
        seq = next((q for q in _SOFTENERS_SEQ if words[k : k + len(q)] == q), None)
        if seq is None or _has_seq(seq, stmt):
            continue
        j = k + len(seq)
        if j < n and words[j] in _NOT_AFTER_SOFTENER - {"of"}:
            continue
        if seq in {("a", "bit"), ("a", "little", "bit")} and words[j : j + 2] == ("of", "a"):
            if j + 2 < n and words[j + 2] not in stmt:
                yield "minimising", (k, min(n, j + 4))  # "a bit of a mix-up": the matter renamed smaller
            continue
        if j < n and words[j] == "of":
            # "it was just a bit of passionate encouragement": the act renamed as a small thing
            if (
                seq in {("a", "bit"), ("a", "little", "bit")}
                and set(lemmas[max(0, k - 2) : k]) & {"be", "just", "only"}
                and j + 1 < n
                and words[j + 1] not in stmt
            ):
                yield "minimising", (max(0, k - 2), min(n, j + 3))
            continue
        # on their feeling: "you felt a bit uneasy", "you were slightly annoyed"
        if any(m.start in {j, j + 1} for m in primary) and "i" not in words[max(0, k - 3) : k]:
            yield "minimising", (k, min(n, j + 2))
            continue
        # …or on a state said of them in a word the lexicon lacks ("you were a little startled")
        if (
            k >= 2
            and j < n
            and lemmas[k - 1] in {"feel", "be", "seem", "get", "look"}
            and "you" in words[max(0, k - 3) : k - 1]
            and _is_content(lemmas[j])
            and words[j] not in stmt
        ):
            yield "minimising", (k - 2, min(n, j + 1))
            continue
        # on the listener's own act: "when I raised my voice a bit", "I was a little short with you"
        c = next((c for c in clauses if c.a <= k < c.b), None)
        if c is None or c.question:
            continue
        # the nearest subject before the softener, in its clause ("you felt upset when I raised my voice
        # a bit": "I")
        sk = next((x for x in range(k - 1, c.a - 1, -1) if words[x] in _SUBJECTS), None)
        if sk is not None and words[sk] == "i" and _past(words, sk + 1, k + 1):
            if not (set(words[sk + 1 : k]) & {"will", "ll", "would", "going", "gonna", "try", "should"}):
                yield "minimising", (sk, min(n, j + 1))
    # "humiliated, really?": their feeling word echoed back with incredulity, to open the reply
    if n >= 2 and words[1] in _INCREDULOUS and primary and primary[0].start == 0 and primary[0].end == 1:
        # not "betrayed, really betrayed": an intensifier before the feeling said again
        if words[0] in stmt and not any(m.start == 2 for m in full["mentions"]) and words[2:3] != words[:1]:
            yield "sarcasm", (0, 2)
    # "it's a meeting, not a funeral": the occasion set against a graver one
    for k in range(n - 4):
        if words[k] in {"it", "that", "this"} and lemmas[k + 1] == "be":
            j = k + 2 + (1 if words[k + 2 : k + 3] in (("only",), ("just",)) else 0)
            if words[j : j + 1] in (("a",), ("an",)) and j + 4 < n + 1:
                rest = words[j + 2 : j + 5]
                if rest[:1] == ("not",) and rest[1:2] in (("a",), ("an",)) and len(rest) == 3:
                    if rest[2] not in stmt:
                        yield "minimising", (k, min(n, j + 5))


def _cause_given_back(st: _Statement, body: _Text, sk: int, b: int) -> bool:
    """Whether the listener's "because I…" clause from ``sk`` tells back the act the statement names: its
    verb is one the statement gives the listener, or its words after the verb, pronouns flipped, are a
    run of the statement's own ("I was on my phone" for "…on your phone"), with at most one content word
    beside it. Then it is their account of the cause, not the listener's excuse."""
    if _restates(st, body, sk, b):
        return True
    words, lemmas = body.words, body.lemmas
    verb = _verb_after(body, sk)
    k = verb[2] if verb is not None else sk + 1  # "I was on my phone": after "was"
    hay = st.text.lemmas
    # "because I blew the deadline without warning you" for "you missed the deadline and didn't warn me":
    # every word of substance after the verb is theirs
    content = [w for w in _flip_lemmas(list(lemmas[k + 1 : b])) if _is_content(w)]
    if len(content) >= 2 and all(w in hay or _content_match(w, st.pool, st.pool_set) for w in content):
        return True
    if verb is None and not (k < b and lemmas[k] in {"be", "have"}):
        return False
    if k + 3 > b:
        return False
    rest = _flip_lemmas(list(lemmas[k + 1 : b]))
    best = (0, 0)
    for i in range(len(rest)):
        for j in range(len(rest), i + 2, -1):
            piece = rest[i:j]
            if _has_seq(tuple(piece), hay):
                if j - i > best[1] - best[0]:
                    best = (i, j)
                break
    i, j = best
    if j - i < 3 or not any(_is_content(w) for w in rest[i:j]):
        return False
    others = [w for k, w in enumerate(rest) if not i <= k < j and _is_content(w) and w not in hay]
    return len(others) <= 1 and "but" not in words[sk:b]


_GRANTING = frozenset({"know", "understand", "realise", "realize", "appreciate"})


def _conceded(st: _Statement, body: _Text, span: tuple[int, int]) -> bool:
    """Whether the listener's phrase at ``span`` ("I meant well") gives back what the statement itself
    granted them ("I know you meant to help"): the same verb, said of the listener, in their concession."""
    sl = st.text.lemmas
    granted = {
        sl[j]
        for k in range(len(sl) - 2)
        if sl[k] == "i" and sl[k + 1] in _GRANTING
        for y in range(k + 2, min(len(sl), k + 4))
        if sl[y] == "you"
        for j in range(y + 1, min(len(sl), y + 3))
        if sl[j] not in _ADVERBS and sl[j] not in {"not", "do", "be", "have"}
    }
    said = body.lemmas[span[0] : span[1]]
    return "i" in said and bool(granted & set(said[said.index("i") + 1 :]))


def _denial_told_back(st: _Statement, body: _Text, k: int, sentence_starts: Collection[int]) -> bool:
    """Whether the reply's sentence from ``k``, pronouns flipped, holds three of the statement's words in a
    row with its negation among them ("it was not even your mistake" for "…that wasn't even mine")."""
    s_a, b = _sentence_of(k, sentence_starts, len(body.words))
    if body.words[s_a] in _QUESTION_OPENERS or "sure" in body.words[s_a:b]:
        return False  # "are you sure that wasn't there when you dropped it off?": their account doubted
    window = body.lemmas[max(0, k - 2) : b]
    return _their_run(st, window, 3, lambda run: bool(_NEGATORS & run and run - _NEGATORS - _BARE_CLAUSE))


# pronouns and auxiliaries: a run of only these and a negation ("you do not") says nothing of its own
_BARE_CLAUSE = frozenset("i you we he she they it that this be do have will would can could my your".split())


def _run_told_back(st: _Statement, body: _Text, a: int, b: int, n: int = 4) -> bool:
    """Whether the reply's words[a:b], pronouns flipped, hold a run of ``n`` or more of the statement's own
    words with a content word in it: their account, told back."""
    return _their_run(st, body.lemmas[a:b], n, lambda run: any(_is_content(w) for w in run))


def _their_run(st: _Statement, lemmas: Sequence[str], n: int, wanted) -> bool:
    """Whether ``lemmas``, pronouns flipped, hold ``n`` of the statement's lemmas in a row whose set
    ``wanted`` accepts."""
    rest = _flip_lemmas(list(lemmas))
    hay = st.text.lemmas
    return any(
        wanted(set(rest[i : i + n])) and _has_seq(tuple(rest[i : i + n]), hay)
        for i in range(len(rest) - n + 1)
    )


def _their_simile(body: _Text, span: tuple[int, int], st: _Statement) -> bool:
    """Whether the phrase at ``span`` sits in a simile ("like…", "as if…", "as though…") after an act of the
    listener's, where the statement told the act the same way ("you acted like it was no big deal"): how
    the act came across to them, given back, not the listener's own view of the matter."""
    a = span[0]
    words = body.words
    lead = next(
        (
            k
            for k in range(a, max(-1, a - 4), -1)  # "like you were overreacting": up to three words before
            if words[k] == "like" or (k and words[k - 1 : k + 1] in (("as", "if"), ("as", "though")))
        ),
        None,
    )
    if lead is None:
        return False
    stmt = st.text.words
    back = words[max(0, lead - 8) : lead]
    # "I brushed you off like you were overreacting": how the listener treated them, owned
    treated = any(
        back[k] == "i" and lemma(back[j]) in _TREATING and "you" in back[j + 1 : j + 3]
        for k in range(len(back))
        for j in range(k + 1, min(len(back), k + 3))
    )
    if not treated and not any(
        w == "like" or stmt[k : k + 2] in (("as", "if"), ("as", "though")) for k, w in enumerate(stmt)
    ):
        return False
    # the simile hangs on a clause of the listener's ("I brushed it off like…"), not on a reply of theirs
    return "i" in back and not ({"but", "because", "although", "though"} & set(back))


_TREATING = frozenset({"brush", "treat", "dismiss", "speak", "talk", "look", "fob", "wave", "shut"})


def _restates(st: _Statement, body: _Text, sk: int, b: int) -> bool:
    """Whether the listener's clause from ``sk`` ("I read your messages", "I still had people over") tells
    back what the statement says the listener did: its main verb is one the statement gives the listener,
    said the same way (not denied, not made smaller with "only"/"just"), or the act is owned as done
    anyway ("I still…", not "I still had to…"). Flipped pronouns and synonyms are reflection, not defence."""
    words = body.words
    if sk + 1 >= b:
        return False
    if (
        words[sk + 1] == "still"
        and sk + 2 < b
        and not ({"to", "but", "because", "not", "never", "nothing", "right"} & set(words[sk + 2 : b]))
        and body.lemmas[sk + 2] not in _NOT_OWN_SIDE | _EPISTEMIC
    ):
        return True  # "…and I still had people over till three": done anyway, owned (not "I still think…")
    verb = _verb_after(body, sk)
    if verb is None or verb[2] >= b:
        return False
    if set(words[sk + 1 : verb[2]]) & {"only", "just", "barely", "merely"}:
        return False
    after = [
        w
        for k, w in enumerate(words[verb[2] + 1 : b], verb[2] + 1)
        if not (w == "once" and words[k - 1] == "at")  # "all at once" is no count
    ]
    if _frequency(words, sk + 1, b) or {"not", "never", "once", "twice"} & set(after):
        return False  # "I was late twice, not every time": their account put right, not given back
    return st.listener_acts.get(verb[0]) == verb[1]


_IRREGULAR_PAST = frozenset(
    "told said came sent rang went gave did wrote rewrote made took left brought showed shown got paid met "
    "forgot spent drove broke threw ran bought caught fought stole lost hit shut put let sold sat slept "
    "swore woke began chose knew saw heard hung held kept hid lent led meant overheard read rode shook "
    "sang sank spoke stood stuck struck taught tore understood wore won withdrew cut quit".split()
)


# --- the verdict ------------------------------------------------------------------------------------


# A reply at least this share of the statement's length is not judged to give back only one of its concerns
# (on the reviewer sets 1-52: of the replies the rules judged "one concern" at this length, 20 were labelled
# accurate and 3 partial; below it, 10 and 69)
_ALL_CONCERNS_LENGTH = 0.8
# Words that make the listener's account a reason (for a reply that gives nothing of theirs back)
_EXCUSE_CUES = frozenset(
    "because cause so but though although only just already anyway actually since had needed busy too ago sorry "
    "course most else asked control unavoidable short poor mate couldnt cant being wanted understand pressure".split()
)
_RAW_WORD = re.compile(r"[a-z']+")
# A justification phrase that is only the listener's own state ("I'm so stressed", "I'm feeling overwhelmed")
_OWN_STATE = re.compile(r"\b(?:stressed|tired|exhausted|overwhelmed|swamped|low)\b|^i (?:am|was|have been) feeling")
# In a question, the words of a rhetorical one ("where else am I meant to park?")
_RHETORICAL = frozenset("else meant supposed expect".split())
# A reply under this share of the statement's length is not judged accurate (on sets 1-52 the rules'
# "accurate" at that length was labelled partial 16 times, accurate 3)
_SHORT_OF_IT = 0.5


def rule_verdict(an: Analysis) -> tuple[str, str | None, str | None]:
    """The rules' verdict: (verdict, not_reflecting reason for missed, partial reason)."""
    if an.empty:
        return (
            "missed",
            ("apology" if an.sympathy == "sorry" else "acknowledgement" if an.sympathy else "empty"),
            None,
        )
    if an.acknowledgement:
        return "missed", "acknowledgement", None
    if an.acts:
        return "defensive", None, None
    kinds = [k for k, _ in an.additions]
    complete = an.content_ok and an.feeling_ok
    question = (
        "question" in kinds
        or an.question_first
        or (an.question_typed and not an.reflected and an.n_clauses <= 1)
    )
    if (
        not an.reflected
        or an.n_core == 0
        or (an.question_first and (an.why or not complete))
        or (an.apology and not an.reflected)
        or (an.apology and not complete and an.content < 0.75 and not an.feeling_ok)
    ):
        order = (
            "topic_change",
            "question",
            "advice",
            "plan",
            "reassurance",
            "own_story",
            "pleasantry",
            "added",
        )
        reason = next((k for k in order if k in kinds), None)
        if reason is None:
            reason = "question" if question else "apology" if an.apology and not an.reflected else "unrelated"
        return "missed", reason, None
    if an.question_first or question:
        return "partial", "question", "question"
    for kind in ("advice", "own_story", "plan", "topic_change", "reassurance", "pleasantry", "added"):
        if kind in kinds:
            return "partial", kind if kind in {"advice", "question"} else None, kind
    if an.perspective == "mine":
        return "partial", None, "perspective"
    if not an.content_ok and not an.feeling_ok:
        return "partial", None, "fragment"
    if not an.feeling_ok:
        wrong = "wrong_feeling" if an.wrong_feelings else ("generic" if "upset" in an.found else "no_feeling")
        return "partial", None, wrong
    if not an.content_ok and not (an.paraphrase and an.reflected and an.perspective != "mixed"):
        return "partial", None, "no_content"
    if an.concerns >= 2 and an.concerns_missed and an.n_reply < _ALL_CONCERNS_LENGTH * an.n_statement:
        # (a reply about as long as their words, with the content and feeling back, has gone over all of it
        # in its own words: "one concern missed" was then mostly a paraphrase the word match did not see)
        return "partial", None, "one_concern"
    if an.milder:
        return "partial", None, "milder"
    if an.n_reply < _SHORT_OF_IT * an.n_statement:
        # (under half their length, it has left part of what they said out: "you forgot my birthday" for a
        # statement about the birthday, the excuse and the evening after it)
        return "partial", None, "no_content"
    return "accurate", None, None


def _rule_score(verdict: str, an: Analysis) -> float:
    """The rules' own 0..1 score, used when no learned model is available."""
    shape = 0.05 * (an.opener or an.starts_you) - 0.05 * an.question_first
    base = max(0.0, min(1.0, an.base + shape))
    return {
        "accurate": 0.7 + 0.3 * base,
        "partial": 0.35 + 0.3 * base,
        "missed": 0.25 * base,
        "defensive": 0.05 + 0.25 * base,
    }[verdict]


def warm_up() -> None:
    """Load what the first scored reply needs (the word lists, ~1 s of Python; the learned models' files) so
    that it waits for none of it: for a background thread at the start of a session."""
    try:
        lexicon()
        learned.model()
        learned.four_way()
        defence_check.defence_check()
        lexical.lexical()
        tail_check.tail_check()
        aside_check.aside_check()
    except VoicecoachError:
        return  # a broken data file: the same error comes again, and is reported, at the first scored reply


def score_reflection(statement: str, reflection: str, feeling: str | None = None) -> ReflectionScore:
    """Judge ``reflection`` (the listener's words) against ``statement`` (the other person's words).

    ``feeling`` is an optional hint: the feeling the scenario says the statement carries ("unimportant").
    Never raises on odd text; non-string input is treated as empty.
    """
    an, found, p, decided = _before_aside(statement, reflection, feeling)
    verdict, reason, partial_reason, score, rules = decided
    # (only with the lexical model's probabilities, on which it is trained; a recogniser's words at a stricter
    # threshold: see there)
    aside = aside_check.aside_check() if verdict == "defensive" and p is not None else None
    if aside is not None and aside.flags(an.reflection, found, p, heard=not an.typed):
        # the other last look (voicecoach/coach/aside_check.py): a reply that reflects nothing and reads as
        # an aside, not a defence ("Fancy a coffee? I'm just going to the machine."), is missed
        an.acts = []
        verdict, reason, partial_reason = _reasons_for(an, "missed")
    return _result(an, verdict, score, reason, partial_reason, rules)


# (verdict, not_reflecting reason, partial reason, score, the rules' verdict)
_Decided = tuple[str, str | None, str | None, float, str]


def _before_aside(
    statement: str, reflection: str, feeling: str | None
) -> tuple[Analysis, list[tuple[str, str, str]], list[float] | None, _Decided]:
    """(analysis, the defence acts the rules found, the lexical model's probabilities (None without it),
    (verdict, not_reflecting reason, partial reason, score, the rules' verdict)): the judge up to the aside
    check, which reads all of it."""
    an, found, x, (verdict, reason, partial_reason, score, rules) = _judge(statement, reflection, feeling)
    lex = lexical.lexical()
    p = None
    if lex is not None:
        # the last word (voicecoach/coach/lexical.py): a model that has read reviewers' replies word for word
        seen = lexical.grams(an.statement, an.reflection, _check_length(an))  # (analyse made them strings)
        p = lex.probabilities(x, verdict, seen)
        chosen = lexical.decide(p, verdict, heard=not an.typed)
        if chosen == "accurate" and _denies_outright(found, an.reflection):
            # "I wasn't late." for "You were late.": a reply that is nothing but a denial or a fact set
            # right gives their words back only to say no. The model, which never saw one on a statement
            # without a feeling, read such an echo as accurate (exploratory testing, stop 41); the rules'
            # verdict stands, and no later look that reads the model's probabilities runs (the aside
            # check: p None). On every labelled set (up to 1062) no whole correction came out accurate.
            chosen, p = verdict, None
        if chosen == "missed" and verdict == "defensive" and _rhetorical(found):
            # "What did you think would happen?", "What was I supposed to do, ask your permission?": a
            # question that answers itself defends. The model reads the question and calls it missed (a
            # question, no defence); on the labelled sets (to 1086) each such reply it called missed is a
            # defence (3 of 3; exploratory testing, stop 43). The rules' verdict stands, and the aside check,
            # which reads the same probabilities, does not look (p None).
            chosen, p = verdict, None
        if chosen == "defensive" and not found and _validation_only(an.reflection):
            # "It makes sense you feel exhausted.": a validation and nothing else. Reviewers' replies that
            # open so nearly all go on to defend ("…, though, the panel made that call"), and the model
            # learnt the opening; alone, it defends nothing (exploratory testing, stop 42)
            chosen = verdict
        if chosen != verdict:
            if chosen == "defensive":  # the rules' own act names it when they found one
                an.acts = found or [("defence", lex.defending_words(an.reflection), "model")]
                verdict, reason, partial_reason = chosen, None, None
            else:
                an.acts = []
                verdict, reason, partial_reason = _reasons_for(an, chosen)
                defence = _but_i(found, an.reflection) if verdict == "partial" else None
                if defence and partial_reason in {"no_content", "fragment", "no_feeling"}:
                    # "…when I cancelled again, but I did text you.": their side came back, then a "but"
                    # and the listener's own case; that is what to leave out, not "add what happened"
                    # (exploratory testing, stop 43). Feedback only: the verdict is the model's.
                    an.added_defence = as_written(an.reflection, defence) or defence
                    partial_reason = "defended"
    tail = tail_check.tail_check() if verdict == "accurate" and an.typed else None
    if tail is not None and tail.flags(an.reflection):
        # the last look (voicecoach/coach/tail_check.py): a last sentence that starts on the listener's own
        # side ("Some of those calls pay our mortgage.") keeps a good reflection from being called accurate
        verdict, reason, partial_reason = "partial", None, "added"
    if verdict in {"accurate", "partial"} and (contrary := _contrary_feeling(an)):
        # "You felt relieved when I cancelled our dinner.": what happened came back, with a feeling that is
        # the opposite of theirs (exploratory testing, stop 43). Not accurate, and not "you caught how they
        # felt": the feedback names the feeling they said.
        an.wrong_feelings = [contrary]
        verdict, reason, partial_reason = "partial", None, "wrong_feeling"
    return an, found, p, (verdict, reason, partial_reason, score, rules)


# a question that answers itself, in the past: the listener's case put as a question ("what did you think
# would happen", "what was I supposed to do", "how was I meant to know"); not "what do you want me to do"
_RHETORICAL_PAST = re.compile(
    r"^(?:what did you (?:think|expect|want)|what (?:was|were) (?:i|we) (?:supposed|meant|meant to)"
    r"|what else (?:was|could|should) i|how (?:was|were) (?:i|we) (?:supposed|meant)"
    r"|how (?:was|should|would|could) i (?:have )?know)\b"
)


def _rhetorical(found: list[tuple[str, str, str]]) -> bool:
    """Whether the rules found a rhetorical question that argues the listener's case."""
    return any(kind in {"blame", "justification"} and _RHETORICAL_PAST.match(text) for kind, text, _ in found)


# feelings opposite to being hurt: said of them as what the listener's act did to them ("you felt relieved
# when I cancelled", "it made you happy"), after a statement with nothing glad in it, the reflection turns
# their feeling round
_CONTRARY = (
    "relieved happy glad pleased delighted amused flattered proud excited thrilled grateful honoured honored "
    "overjoyed elated ecstatic chuffed cheerful"
)
_CONTRARY_WORDS = "(" + "|".join(_CONTRARY.split()) + ")"
_DEGREE = r"(?:(?:so|really|very|quite|pretty|actually|a bit|kind of|sort of|a little|totally|completely)\s+)*"
_CONTRARY_SAID = re.compile(
    r"\byou(?: were| are|'re| felt| feel| must have felt| must have been| must be)\s+" + _DEGREE
    + _CONTRARY_WORDS + r"\s+(?:when|that|because|after|as|since)\s+i\b"
    r"|\b(?:made|left) you(?: feel| felt)?\s+" + _DEGREE + _CONTRARY_WORDS + r"\b"
)
# anything glad in the statement: a reflection may give that part back ("you were thrilled about the news")
_GLAD = re.compile(
    r"\b(?:excit|thrill|glad|happ|love|lovin|proud|pleas|delight|look(?:ing|ed)? forward|enjoy|grateful|reliev"
    r"|great|amazing|fun|nice|chuff|honou?r)"
)


def _contrary_feeling(an: Analysis) -> str | None:
    """The feeling opposite to being hurt that the reply says the listener's act gave them ("relieved",
    "flattered"), where their statement named a feeling of its own and nothing glad; None otherwise."""
    if not an.expected or not isinstance(an.statement, str) or not isinstance(an.reflection, str):
        return None
    if _GLAD.search(an.statement.lower()):
        return None
    m = _CONTRARY_SAID.search(an.reflection.lower().replace("’", "'"))
    return (m.group(1) or m.group(2)) if m else None


# how the feedback on a reflection with "…, but I…" added opens (the session's retry line reads it)
DEFENDED_PARTIAL = "You gave back their side, then defended it with"


def _but_i(found: list[tuple[str, str, str]], reflection: str) -> str | None:
    """A justification or correction the rules found that opens "I…" right after a "but" ("…, but I did text
    you"): the listener's own case added to a reflection. None otherwise."""
    said = " ".join(lexical.words(reflection))
    for kind, text, _ in found:
        if kind in {"justification", "correction"} and text.startswith("i ") and re.search(
            rf"\b(?:but|though|although)\s+(?:\w+\s+)?{re.escape(text)}", said
        ):
            return text
    return None


# a correction act this much of the reply (its words) is the whole reply: nothing else was said
_OUTRIGHT = 0.8

# a validation or empathic frame that opens a reply ("it makes sense", "I can see", "that must")
_VALIDATION_OPENING = re.compile(
    r"^(?:it )?makes? sense|^i can (?:see|tell|understand|imagine)|^that must|^i understand|^no wonder"
    r"|^of course you|^i get (?:why|that|how)|^it sounds like|^that sounds|^i hear (?:that|you)"
)
# words that turn a validation towards the listener's side ("…, though", "…, but", "I only…")
_TURNING = frozenset("but though although just only anyway still yet however so".split())
_VALIDATION_MAX_WORDS = 10


def _validation_only(reflection: str) -> bool:
    """Whether the reply is one short clause that opens with a validation frame and turns nowhere."""
    text = reflection.strip().lower().replace("’", "'") if isinstance(reflection, str) else ""
    words = re.findall(r"[a-z']+", text)
    return (
        0 < len(words) <= _VALIDATION_MAX_WORDS
        and _VALIDATION_OPENING.match(text) is not None
        and re.search(r"[.!?;,]\s*\S", text.rstrip(".!? ")) is None
        and not _TURNING & set(words)
    )


def _denies_outright(found: list[tuple[str, str, str]], reflection: str) -> bool:
    """Whether a correction act the rules found (a denial, a fact set right) is the whole reply."""
    n = len(lexical.words(reflection))
    return n > 0 and any(
        kind == "correction" and len(lexical.words(text)) >= _OUTRIGHT * n for kind, text, _ in found
    )


def judged_before_aside(
    statement: str, reflection: str, feeling: str | None = None
) -> tuple[str, list[tuple[str, str, str]], list[float] | None]:
    """(the verdict without the aside check, the defence acts the rules found, the lexical model's
    probabilities): what the aside check is trained on."""
    _, found, p, decided = _before_aside(statement, reflection, feeling)
    return decided[0], found, p


def judged_before_lexical(
    statement: str, reflection: str, feeling: str | None = None
) -> tuple[str, list[float], int]:
    """(the verdict without the lexical model, the four-way features it reads, how many of the reply's last
    words are its trailing check): what the lexical model is trained on."""
    an, _, x, decided = _judge(statement, reflection, feeling)
    return decided[0], x, _check_length(an)


def _check_length(an: Analysis) -> int:
    """How many of ``lexical.words(reply)`` (from the end) are the trailing check the rules found, which the
    lexical model does not read ("…did i get that right" is the method, not a defence; reviewers' defences
    begin "i get that…" and "did you not…"). 0 when there is none, or when the two tokenisers disagree on
    it (a contraction in the check)."""
    if not an.check_words:
        return 0
    tail = lexical.words(an.reflection)
    for n in range(1, min(len(tail), 2 * len(an.check_words)) + 1):
        if tuple(_split_words(" ".join(tail[-n:])).words) == an.check_words:
            return n
    return 0


def _judge(
    statement: str, reflection: str, feeling: str | None
) -> tuple[Analysis, list[tuple[str, str, str]], list[float], tuple[str, str | None, str | None, float, str]]:
    """(analysis, the defence acts the rules found, the four-way features, (verdict, not_reflecting
    reason, partial reason, score, the rules' verdict)): the rules, the learned layers and the defence
    check, before the lexical model."""
    an = analyse(statement, reflection, feeling)
    decided, base = _decide_with_features(an)
    found = list(an.acts)
    x = learned.four_way_features(an, decided[4], base)
    check = defence_check.defence_check() if decided[0] == "defensive" else None
    if check is not None:
        # a second look at the rules' defence (voicecoach/coach/defence_check.py): when the check finds it
        # unlikely, the reply is judged as if the act were not there
        without = decide_without_acts(an)
        texts = [t if isinstance(t, str) else "" for t in (statement, reflection)]
        if not check.keeps(defence_check.record(texts[0], texts[1], an, without[0])):
            an.acts = []
            verdict, reason, partial_reason, score, _ = without
            return an, found, x, (verdict, reason, partial_reason, score, "defensive")
    return an, found, x, decided


def decide_without_acts(an: Analysis) -> tuple[str, str | None, str | None, float, str]:
    """``_decide`` as if the rules had found no defence act in the reply (``an`` is left as it was): what the
    defence check compares the rules' defence with."""
    acts, an.acts = an.acts, []
    try:
        return _decide(an)
    finally:
        an.acts = acts


def _decide(an: Analysis) -> tuple[str, str | None, str | None, float, str]:
    """(verdict, not_reflecting reason, partial reason, score, the rules' verdict) for an analysis: the
    rules, then the four-way model and the gate (``learned``)."""
    return _decide_with_features(an)[0]


def _decide_with_features(an: Analysis) -> tuple[tuple[str, str | None, str | None, float, str], list[float]]:
    """``_decide``'s answer and the learned layer's features of the rules' verdict (``learned.features``),
    which the four-way, gate and lexical models all read."""
    verdict, reason, partial_reason = rule_verdict(an)
    score = _rule_score(verdict, an)
    rules = verdict
    model = learned.model()
    four_way = learned.four_way()
    base = learned.features(an, rules)
    if four_way is not None:  # re-decides among accurate / partial / missed where no defence was found
        chosen = four_way.verdict(an, verdict, base)
        if chosen != verdict:
            verdict, reason, partial_reason = _reasons_for(an, chosen)
    if model is not None:
        score = model.probability(base)
        if verdict == rules and model.promotes(an, verdict, reason, score):
            # their words in other words: the model hears it (a "missed" the four-way model left alone)
            verdict, reason = "partial", None
            partial_reason = "fragment" if an.feeling < _FEELING_OK or not an.expected else "no_content"
    return (verdict, reason, partial_reason, score, rules), base


def _reasons_for(an: Analysis, verdict: str) -> tuple[str, str | None, str | None]:
    """(verdict, not_reflecting reason, partial reason) for a verdict the four-way model chose over the
    rules' (only ever accurate, partial or missed where the rules found no defence), so that the feedback
    says what the reply lacks: for "partial" what it added, the concern or the feeling it missed (named),
    else more of what happened (their words it left out); for "missed" what it did instead, if anything."""
    kinds = [k for k, _ in an.additions]
    if verdict == "accurate":
        return verdict, None, None
    if verdict == "partial":
        if an.question_first or "question" in kinds:
            return verdict, "question", "question"
        for kind in ("advice", "own_story", "plan", "topic_change", "reassurance", "pleasantry", "added"):
            if kind in kinds:
                return verdict, kind if kind == "advice" else None, kind
        if an.perspective == "mine":
            return verdict, None, "perspective"
        if not an.content_ok and not an.feeling_ok:
            # neither what happened nor how they felt came back (as the rules found it): the feedback may
            # not say the user caught either ("I understand how you feel.", exploratory testing, stop 42)
            return verdict, None, "fragment"
        if an.concerns >= 2 and an.concerns_missed:
            return verdict, None, "one_concern"
        if an.expected and not an.feeling_ok:
            return verdict, None, "wrong_feeling" if an.wrong_feelings else "no_feeling"
        if an.milder:
            return verdict, None, "milder"
        # the feeling came back (or none was expected): ask for more of what happened, in their words
        return verdict, None, "no_content" if an.expected else "fragment"
    order = ("topic_change", "question", "advice", "plan", "reassurance", "own_story", "pleasantry", "added")
    reason = next((k for k in order if k in kinds), None)
    if reason is None:
        reason = "question" if an.question_first else "unrelated"
    return "missed", reason, None


def _result(
    an: Analysis,
    verdict: str,
    score: float,
    reason: str | None,
    partial_reason: str | None,
    rules: str | None = None,
) -> ReflectionScore:
    if verdict == "defensive":
        kind, phrase, _ = an.acts[0]
        # quoted as they said it ("it wasn't my fault"), not as the rules read it ("it was not my fault")
        feedback = _feedback_defensive(as_written(an.reflection, phrase) or phrase, kind)
    elif verdict == "missed":
        feedback = _feedback_missed(reason or "unrelated")
    elif verdict == "partial" and partial_reason == "defended" and an.added_defence:
        feedback = f"{DEFENDED_PARTIAL} '{an.added_defence}'. Leave that out: only their side for now."
    elif verdict == "partial":
        feedback = _feedback_partial(
            partial_reason or "fragment", an.expected, an.wrong_feelings, an.missing, an.expected_words
        )
    else:
        feedback = _feedback_accurate(an.expected)
    return ReflectionScore(
        verdict=verdict,
        score=float(max(0.0, min(1.0, score))),
        content_coverage=float(max(0.0, min(1.0, an.content))),
        feeling_coverage=float(max(0.0, min(1.0, an.feeling))),
        feelings_expected=list(an.expected),
        feelings_found=list(an.found),
        perspective=an.perspective,
        defensive_phrases=[p for _, p, _ in an.acts] if verdict == "defensive" else [],
        defensive_kinds=[k for k, _, _ in an.acts] if verdict == "defensive" else [],
        not_reflecting=reason if verdict in {"missed", "partial"} else None,
        missing_content=list(an.missing[:4]),
        feedback=feedback,
        rule_verdict=rules or verdict,
    )


# --- what the coach says ------------------------------------------------------------------------------


def _said_as_feeling(words: tuple[str, ...]) -> bool:
    """Whether the words a feeling was said with can stand after "they felt": "ignored", "let down", "hurt",
    "furious", not "hurts", "humiliating" or "anger" (the family's label is said then)."""
    if not words or len(words) > 3:
        return False
    head = words[0]
    return (
        head.endswith("ed")
        or head in PARTICIPLES
        or head in _FEELING_ADJECTIVES
        or (head.endswith(("ous", "less", "ful", "ive")) and len(words) == 1)
    )


_FEELING_ADJECTIVES = frozenset(
    """hurt sad angry upset alone lonely afraid scared small stupid invisible unimportant unwanted unloved
    unsafe insecure jealous sick tired exhausted worn awful terrible guilty ashamed humiliated mad cross
    anxious nervous worried low down lost stuck trapped uncomfortable unhappy miserable heartbroken
    disappointed frustrated let fed put""".split()
)


# the speaker's words for themselves, as the coach says them to the listener ("I'm not on your team" ->
# "they're not on your team"); "you" stays: it is the listener
_THEIR_SIDE = {
    "i": "they", "me": "them", "my": "their", "mine": "theirs", "myself": "themselves", "am": "are",
    "i'm": "they're", "i've": "they've", "i'd": "they'd", "i'll": "they'll",
}


def _their_side(clause: str) -> str:
    """An "I feel like …" clause of theirs, said from their side: "like they are not on your team"."""
    words = clause.split()
    out = []
    for k, w in enumerate(words):
        if w == "was" and k and words[k - 1] == "i":
            out.append("were")  # "I was invisible" -> "they were invisible"
        else:
            out.append(_THEIR_SIDE.get(w, w))
    return "like " + " ".join(out)


def _label_list(names: list[str], words: dict[str, str] | None = None) -> str:
    words = words or {}
    kept = [n for n in names if n != "upset"] or list(names)
    labels: list[str] = []
    for n in kept:
        label = words.get(n) or family_label(n)
        if " " in label and n not in lexicon().families:
            label = _their_side(label)  # the clause of an "I feel like …" (a pseudo-feeling)
        if label not in labels:
            labels.append(label)
    return " or ".join(labels[:2])


def _feedback_accurate(expected: list[str]) -> str:
    if expected:
        return "That landed: what happened and how they felt, from their side. Now check: did I get it right?"
    return "That landed: you gave back what happened, from their side. Now check: did I get it right?"


# words that say nothing of what happened when quoted alone ("add what happened, like 'slipped', 'not'")
_NOT_ALONE = frozenset(
    "not no never else also just even still again only really very ever any all now then unless was were "
    # a form of address is no part of what happened ("like 'dad', 'missed'": exploratory testing, stop 42)
    "dad mum mom mummy mommy daddy mother father son sweetheart love babe darling".split()
)


def _feedback_partial(
    reason: str, expected: list[str], wrong: list[str], missing: list[str], said: dict[str, str] | None = None
) -> str:
    words = ", ".join(_quote(w) for w in [w for w in missing if w not in _NOT_ALONE][:2])
    if reason == "question":
        return (
            "That came out as a question. Say it back as a statement, 'you felt…', "
            "then check if you got it right."
        )
    if reason == "advice":
        return (
            "You gave back some of it, then added advice. Leave the advice out and give back only their side."
        )
    if reason == "own_story":
        return "You gave back some of it, then turned to your own story. Keep this turn for theirs."
    if reason in {"plan", "reassurance", "topic_change", "pleasantry"}:
        return "You gave back some of it, then moved on. Stay with their side a little longer."
    if reason == "added":
        return "You gave back their side, then added something of your own. Leave that out for now."
    if reason == "one_concern":
        tail = f", like {words}" if words else ""
        return f"You caught one thing they raised; they raised another too{tail}. Give back both."
    if reason == "perspective":
        return "Say it from their side: 'you felt…', 'when I…', not 'I felt'."
    if reason == "no_feeling":
        if expected:
            return f"You caught what happened; you missed how they felt: {_label_list(expected, said)}."
        return "You caught what happened; now add how they felt."
    if reason == "generic":
        if expected:
            return f"You heard they were upset; name it more closely: {_label_list(expected, said)}."
        return "You heard they were upset; name how it felt for them more closely."
    if reason == "no_content":
        tail = f", like {words}" if words else ""
        return f"You caught how they felt; now add what happened{tail}."
    if reason == "milder":
        if expected:
            return f"That made their feeling smaller than they said it. They felt {_label_list(expected, said)}: say it as big."
        return "That made their feeling smaller than they said it. Use their word for it."
    if reason == "wrong_feeling":
        if expected:
            return (
                f"They spoke of feeling {_label_list(expected, said)}, not {family_label(wrong[0])}. "
                "Give back their feeling."
            )
        return f"They didn't say they felt {family_label(wrong[0])}. Give back only what they said."
    tail = f", like {words}" if words else ""
    if expected:
        return (
            f"That's a start. Give back more of what happened{tail}, "
            f"and how they felt: {_label_list(expected, said)}."
        )
    return f"That's a start. Give back more of what they said{tail}."


def _feedback_missed(reason: str) -> str:
    return {
        "empty": "I didn't hear a reflection. Try starting with: 'What I heard you say is…'.",
        "apology": "An apology can come later. First show you heard them: what happened, and how they felt.",
        "question": "That's a question. First say back what you heard: 'What I heard you say is…'.",
        "advice": "That's advice. For now, only give back what they told you and how they felt.",
        "topic_change": "That changed the subject. Go back to their words: 'What I heard you say is…'.",
        "reassurance": (
            "That was kindly meant, but it didn't reflect them yet. Start with what they said: "
            "'What I heard you say is…', then how they felt."
        ),
        "plan": (
            "Making it right can come later; it didn't reflect them yet. First give back what they said "
            "and how they felt."
        ),
        "own_story": (
            "That was about your side, and it didn't reflect them yet. Try: 'What I heard you say is…', "
            "then what happened and how they felt."
        ),
        "acknowledgement": (
            "You're listening, but it didn't reflect them yet. Say back what happened and how they felt."
        ),
        "pleasantry": (
            "That was friendly, but it didn't reflect them yet. Say back what happened and how they felt."
        ),
    }.get(
        reason,
        "That didn't reflect them yet. Try: 'What I heard you say is…', then what happened "
        "and how they felt.",
    )


def _feedback_defensive(phrase: str, kind: str) -> str:
    q = _quote(phrase)
    if kind == "minimising":
        return f"{q} makes their feeling smaller. Give it back as big as they said it."
    if kind == "correction":
        return f"That corrected them with {q}. Leave the facts for later; give back only their side."
    if kind == "counter_complaint":
        return f"That brought in your own complaint with {q}. Keep this turn for their side only."
    if kind == "blame":
        return f"{q} puts it back on them. Try again with only their side."
    if kind == "sarcasm":
        return f"{q} comes across as mocking. Try again with only their side, plainly."
    return f"That turned into a defence with {q}. Try again with only their side."
