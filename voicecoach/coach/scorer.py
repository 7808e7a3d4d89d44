"""Judge a spoken reflection ("What I heard you say is…") against what the other person said.

The method (METHOD.md §2, SCORING.md): a good reflection gives back the *content* (what happened) and
the *feeling* (how they felt), from *their* point of view ("you felt…", "when I…"), with nothing of the
listener's added: no defence, correction, counter-complaint, minimising or blame. An apology alone, a
question, advice or a change of topic is not a reflection.

Pure text in, a :class:`ReflectionScore` out. Rules + lemmas (simplemma) + fuzzy matching (rapidfuzz)
over word lists kept in ``voicecoach/data/feelings.toml`` and ``phrases.toml``, loaded once.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz, process

from voicecoach.coach.text import LISTENER, STOPWORDS, lemma, role_of, tokens
from voicecoach.errors import VoicecoachError

__all__ = [
    "VERDICTS",
    "Lexicon",
    "ReflectionScore",
    "family_label",
    "family_of",
    "feeling_families",
    "find_feelings",
    "find_phrases",
    "lexicon",
    "score_reflection",
]

VERDICTS = ("accurate", "partial", "missed", "defensive")

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


def _phrase_regex(phrase: str) -> tuple[str, bool, str]:
    """Regex (over a space-joined lemma string, matched at a word start) for one lexicon phrase.

    Returns the regex, whether it is anchored at the start ("^ …"), and its first word ("@" for a
    pronoun slot) so matching can jump straight to the phrases that can start at a given word.
    """
    parts: list[str] = []
    anchored = False
    first = ""
    for raw in phrase.split():
        if raw == "^" and not parts:
            anchored = True
            continue
        if raw == "@":
            parts.append(_PRONOUN_RE + " ")
            first = first or "@"
        elif raw == "...":
            if parts:
                parts.append(_GAP_RE)
        else:
            for word in tokens(raw):
                parts.append(re.escape(lemma(word)) + " ")
                first = first or lemma(word)
    while parts and parts[-1] == _GAP_RE:
        parts.pop()
    if not parts:
        raise LexiconError(f"coach data: the phrase {phrase!r} has no words")
    body = "".join(parts)
    body = body.removesuffix(" ")
    return body + r"(?!\S)", anchored, first


@dataclass(frozen=True)
class _PhraseSet:
    """Compiled phrases of one list, indexed by their first word (fast: only likely phrases are tried)."""

    by_first: dict[str, tuple[tuple[re.Pattern[str], bool, str], ...]]

    @classmethod
    def build(cls, phrases: list[str], where: str, payloads: list[str] | None = None) -> _PhraseSet:
        if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
            raise LexiconError(f"coach data: {where} must be a list of non-empty strings")
        index: dict[str, list[tuple[re.Pattern[str], bool, str]]] = {}
        items = list(zip(phrases, payloads or [""] * len(phrases)))
        # Longest first so the fullest phrase wins where two start at the same word.
        for p, payload in sorted(dict(items).items(), key=lambda x: -len(x[0])):
            rx, anchored, first = _phrase_regex(p)
            index.setdefault(first, []).append((re.compile(rx), anchored, payload))
        return cls({k: tuple(v) for k, v in index.items()})

    def matches(self, text: _Text) -> list[tuple[tuple[int, int], str]]:
        out = []
        pron = self.by_first.get("@", ())
        for t, lem in enumerate(text.lemmas):
            cands = self.by_first.get(lem, ())
            if pron and lem in _PRONOUN_WORDS:
                cands = cands + pron
            for rx, anchored, payload in cands:
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


@dataclass(frozen=True)
class Lexicon:
    """Everything the scorer reads from the data files, compiled once."""

    families: dict[str, _Family]
    word_index: dict[str, frozenset[str]]  # word lemma -> families
    phrase_families: dict[str, str]  # normalised phrase -> family, for family_of()
    openers: tuple[tuple[str, ...], ...]
    quote_frames: tuple[tuple[str, ...], ...]
    checks: tuple[tuple[str, ...], ...]
    lists: dict[str, _PhraseSet]
    contrast: tuple[tuple[str, ...], ...]
    reason: frozenset[str]
    light_words: frozenset[str]
    synonym_words: dict[str, str]
    synonym_phrases: _PhraseSet


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
    for key in ("justification", "correction", "counter_complaint", "blame", "minimising"):
        lists[key] = _PhraseSet.build(_str_list(dfn, key, "defensive"), key)

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

    return Lexicon(
        families=families,
        word_index={k: frozenset(v) for k, v in word_index.items()},
        phrase_families=phrase_families,
        openers=seqs(refl, "openers", "reflection"),
        quote_frames=seqs(refl, "quote_frames", "reflection"),
        checks=seqs(refl, "checks", "reflection"),
        lists=lists,
        contrast=seqs(dfn, "contrast", "defensive"),
        reason=frozenset(lemma(w) for w in _str_list(dfn, "reason", "defensive")),
        light_words=frozenset(
            lemma(t)
            for w in _str_list(phrases.get("content", {}), "light_words", "content")
            for t in tokens(w)
        ),
        synonym_words=syn_words,
        synonym_phrases=_PhraseSet.build(syn_phrases, "synonyms", syn_payloads),
    )


# --- analysed text ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Text:
    words: tuple[str, ...]  # normalised surface words
    lemmas: tuple[str, ...]
    lstr: str  # lemmas joined by single spaces
    starts: tuple[int, ...]  # char offset of each lemma in lstr

    @classmethod
    def of_words(cls, words: list[str] | tuple[str, ...]) -> _Text:
        lem = tuple(lemma(w) for w in words)
        starts, pos = [], 0
        for lm in lem:
            starts.append(pos)
            pos += len(lm) + 1
        return cls(tuple(words), lem, " ".join(lem), tuple(starts))

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


def _is_primary(text: _Text, start: int) -> bool:
    window = text.lemmas[max(0, start - 4) : start]
    if not window:
        return True  # a bare feeling word at the start ("humiliated, that's how I felt")
    if any(w in _FEEL_VERBS for w in window):
        return True
    return start - 1 >= 0 and text.lemmas[start - 1] in {"it", "that", "this"}


def _feeling_mentions(text: _Text) -> list[_Mention]:
    lex = lexicon()
    raw: list[tuple[int, int, str]] = []
    for a, lem in enumerate(text.lemmas):
        names = lex.word_index.get(lem)
        if names and not (set(text.lemmas[max(0, a - 3) : a]) & _NEGATORS):
            raw.extend((a, a + 1, name) for name in names)
    for fam in lex.families.values():
        for span in fam.phrases.spans(text):
            a, b = text.token_span(span)
            raw.append((a, b, fam.name))
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
    return [lex.synonym_words.get(c, c) if c else "" for c in canon]


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


# --- the verdict ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReflectionScore:
    """How faithful a reflection is, and what the coach says about it."""

    verdict: str
    score: float
    content_coverage: float
    feeling_coverage: float
    feelings_expected: list[str] = field(default_factory=list)
    feelings_found: list[str] = field(default_factory=list)
    perspective: str = "theirs"
    defensive_phrases: list[str] = field(default_factory=list)
    not_reflecting: str | None = None
    missing_content: list[str] = field(default_factory=list)
    feedback: str = ""

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
        hit = process.extractOne(word, pool, scorer=fuzz.ratio, score_cutoff=80)
        if hit is not None:
            return hit[0]
    return None


def _feel_like_clause(stmt: _Text, stmt_canon: list[str]) -> tuple[list[str], str] | None:
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
                return words, stmt.surface(j, k)
    return None


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


def _clean(words: list[str]) -> list[str]:
    """Drop spoken fillers ("um", "uh") and stutters ("I I", "I-I") that recognisers and transcripts keep."""
    out: list[str] = []
    for w in words:
        if w in _FILLERS or (out and w == out[-1] and w not in {"very", "really", "so", "no"}):
            continue
        out.append(w)
    return out


def score_reflection(statement: str, reflection: str, feeling: str | None = None) -> ReflectionScore:
    """Judge ``reflection`` (the listener's words) against ``statement`` (the other person's words).

    ``feeling`` is an optional hint: the feeling the scenario says the statement carries ("unimportant").
    Never raises on odd text; non-string input is treated as empty.
    """
    statement = statement if isinstance(statement, str) else ""
    reflection = reflection if isinstance(reflection, str) else ""
    feeling = feeling if isinstance(feeling, str) else None
    lex = lexicon()

    stmt = _Text.of_words(_clean(tokens(statement)))
    stmt_canon = _canonical(stmt)
    all_words = _clean(tokens(reflection))

    # --- expected feelings: the hint, the feelings named, else the ones implied ---------------------------
    stmt_mentions = _feeling_mentions(stmt)
    primary = [m for m in stmt_mentions if m.primary]
    hint_family = family_of(feeling) if feeling else None
    expected_sets: list[tuple[frozenset[str], bool]] = []  # (families, needs a named feeling back)
    if hint_family:
        expected_sets.append((frozenset({hint_family}), False))
    for m in primary or stmt_mentions:
        if not any(m.families & s for s, _ in expected_sets):
            expected_sets.append((m.families, m.primary))
    pseudo = None
    if not expected_sets:
        pseudo = _feel_like_clause(stmt, stmt_canon)
    expected_order: list[str] = []
    for fams, _ in expected_sets:
        for name in sorted(fams, key=lambda n: (n != hint_family, n == "upset", n)):
            if name not in expected_order:
                expected_order.append(name)
    if pseudo:
        expected_order.append(pseudo[1])

    def done(
        verdict: str,
        score: float,
        content: float,
        feeling_cov: float,
        found: list[str],
        perspective: str,
        defensive: list[str],
        reason: str | None,
        missing: list[str],
        text: str,
    ) -> ReflectionScore:
        return _finish(
            verdict,
            score,
            content,
            feeling_cov,
            expected_order,
            found,
            perspective,
            defensive,
            reason,
            missing,
            text,
        )

    if not all_words:
        return done("missed", 0.0, 0.0, 0.0, [], "theirs", [], "empty", [], _feedback_missed("empty"))

    # --- strip the opener and a trailing check ("did I get that right") --------------------------------
    seq = _Text.of_words(all_words).lemmas
    start, quote = 0, False
    for _ in range(3):  # "okay so what I heard you say is that"
        n, opt = _strip_prefix(seq[start:], lex.openers)
        if not n:
            break
        quote = quote or opt in lex.quote_frames
        start += n
        if seq[start : start + 1] == ("that",):
            start += 1
    end = len(seq)
    for _ in range(2):
        for opt in lex.checks:
            if end - len(opt) > start and seq[end - len(opt) : end] == opt:
                end -= len(opt)
                break
    body = _Text.of_words(all_words[start:end])
    if not body.words:
        return done("missed", 0.0, 0.0, 0.0, [], "theirs", [], "empty", [], _feedback_missed("empty"))
    ack = lex.lists["acknowledgement"].spans(body)
    if ack and ack[0][1] >= len(body.lstr) - 1:
        return done(
            "missed",
            0.02,
            0.0,
            0.0,
            [],
            "theirs",
            [],
            "acknowledgement",
            [],
            _feedback_missed("acknowledgement"),
        )

    # --- content coverage ------------------------------------------------------------------------------
    body_canon = _canonical(body)
    stmt_feeling_tokens = {k for m in stmt_mentions if m.primary for k in range(m.start, m.end)}
    body_mentions = _feeling_mentions(body)
    content_idx = [i for i, c in enumerate(stmt_canon) if _is_content(c) and i not in stmt_feeling_tokens]
    pool = [c for c in body_canon if c]
    pool_set = set(pool)
    stmt_roles = _roles(stmt.words, reflecting=False)
    body_roles = _roles(body.words, reflecting=True)
    body_pos: dict[str, int] = {}
    for j, c in enumerate(body_canon):
        body_pos.setdefault(c, j)

    seen: set[str] = set()
    got = total = 0.0
    missing: list[str] = []
    agree = disagree = 0
    for i in content_idx:
        c = stmt_canon[i]
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
        sr, br = stmt_roles[i], body_roles[body_pos.get(hit, 0)]
        if sr and br:
            if sr == br:
                agree += 1
            else:
                disagree += 1
    n_content = len(seen)
    novel_words = [
        c
        for i, c in enumerate(body_canon)
        if _is_content(c)
        and c not in lex.light_words
        and _content_match(c, [x for x in stmt_canon if x], set(stmt_canon)) is None
        and not any(m.start <= i < m.end for m in body_mentions)
    ]

    # --- feelings --------------------------------------------------------------------------------------
    found_order: list[str] = []
    for m in body_mentions:
        for name in sorted(m.families):
            if name not in found_order:
                found_order.append(name)
    found_all = set(found_order)
    found_named = {n for m in body_mentions if m.primary for n in m.families}
    credits: list[float] = []
    for fams, needs_named in expected_sets:
        pool_f = found_named if needs_named else found_all
        if fams & pool_f:
            credits.append(1.0)
        elif any(lex.families[n].related & pool_f for n in fams):
            credits.append(_RELATED_CREDIT)
        elif "upset" in pool_f:
            credits.append(_GENERIC_CREDIT)
        else:
            credits.append(0.0)
    if pseudo:
        words = pseudo[0]
        hit_n = sum(1 for w in words if _content_match(w, pool, pool_set) is not None)
        credits.append(1.0 if hit_n / len(words) >= 0.5 else (_GENERIC_CREDIT if found_named else 0.0))
    if credits:
        if hint_family:
            feeling_cov = max(credits[0], 0.6 * max(credits) + 0.4 * sum(credits) / len(credits) - 0.2)
        else:
            feeling_cov = 0.6 * max(credits) + 0.4 * sum(credits) / len(credits)
    else:
        feeling_cov = 1.0
    feeling_cov = max(0.0, min(1.0, feeling_cov))
    expected_all: set[str] = set().union(*(f for f, _ in expected_sets)) if expected_sets else set()
    related_all = set().union(*(lex.families[n].related for n in expected_all)) if expected_all else set()
    wrong_feelings = [
        n for n in found_named if n not in expected_all and n not in related_all and n != "upset"
    ]

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

    if n_content:
        content_cov = got / total if total else 0.0
    elif expected_sets or pseudo:
        content_cov = 1.0 if feeling_cov >= _FEELING_OK else feeling_cov
    else:
        content_cov = 1.0 if pool_set & set(stmt_canon) - STOPWORDS else 0.0
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
        and (expected_sets or pseudo)
    ):
        content_cov = max(content_cov, thr)  # the event in their own words, with the feeling caught

    # --- perspective -----------------------------------------------------------------------------------
    own_expected = any(m.families & expected_all for m in own_feelings)
    if quote:
        perspective = "theirs"
    elif disagree > agree or (own_expected and agree == 0):
        perspective = "mine" if agree == 0 else "mixed"
    elif disagree and disagree == agree:
        perspective = "mixed"
    else:
        perspective = "theirs"

    # --- what the listener added -----------------------------------------------------------------------
    defensive = _defensive_phrases(stmt, body, stmt_canon, body_canon)
    for m in own_feelings:
        if not (m.families & expected_all):
            phrase = body.surface(max(0, m.start - 2), m.end)
            if phrase not in defensive:
                defensive.append(phrase)

    def has(kind: str) -> list[str]:
        return [
            body.surface(*body.token_span(sp))
            for sp in lex.lists[kind].spans(body)
            if not _echoed(body, body.token_span(sp), stmt)
        ]

    content_ok = content_cov >= thr
    feeling_ok = feeling_cov >= _FEELING_OK
    reflected = content_cov >= thr * 0.6 or ((expected_sets or pseudo) and feeling_ok) or named_for_them
    base = (
        (0.5 * min(1.0, content_cov / thr) + 0.5 * feeling_cov)
        if (expected_sets or pseudo)
        else min(1.0, content_cov / thr)
    )
    base = max(0.0, min(1.0, base))

    apology = has("apology")
    advice = has("advice")
    question = bool(lex.lists["question"].spans(body)) or (
        reflection.rstrip().endswith("?") and not reflected
    )
    why = body.lemmas[0] in {"why", "how"} if body.lemmas else False
    topic = has("topic_change")
    first = body.lemmas[0]
    own_side_opening = first in {
        "i",
        "we",
        "my",
        "our",
        "it",
        "that",
        "he",
        "she",
        "they",
        "this",
        "there",
        "the",
        "well",
        "look",
        "listen",
        "honestly",
    }
    overlap = any(_content_match(c, pool, pool_set) for c in set(stmt_canon) if _is_content(c))

    if not defensive and not quote and perspective in {"mine", "mixed"} and novel_words:
        defensive = [body.surface(0, min(len(body.words), 6))]  # their complaint turned back on them
    if (
        not defensive
        and not feeling_ok
        and len(novel_words) >= 3
        and not (question or advice or apology or topic)
        and len(novel_words) >= 0.6 * max(1, len([c for c in body_canon if _is_content(c)]))
        and (own_side_opening or not reflected)
    ):
        defensive = [body.surface(0, min(len(body.words), 6))]  # their story replaced by the listener's
    if (
        not defensive
        and not reflected
        and not (question or advice or apology or topic)
        and (overlap or own_side_opening)
    ):
        defensive = [body.surface(0, min(len(body.words), 6))]  # an account of the listener's side

    # Within a verdict, a reply shaped like a reflection (an opener, or "you…" as its subject) ranks higher.
    shape = 0.05 * (start > 0 or body.words[0] in {"you", "your"}) - 0.05 * question
    base = max(0.0, min(1.0, base + shape))
    if defensive:
        score = 0.05 + 0.25 * base
        return done(
            "defensive",
            score,
            content_cov,
            feeling_cov,
            found_order,
            perspective,
            defensive,
            None,
            missing[:4],
            _feedback_defensive(defensive[0], _defensive_kind(defensive[0])),
        )

    complete = content_ok and feeling_ok
    if (
        not reflected
        or (question and (why or not complete))
        or (advice and not complete)
        or (apology and not complete and content_cov < 0.75)
        or (topic and not complete)
    ):
        reason = (
            "topic_change"
            if topic
            else "question"
            if question
            else "advice"
            if advice
            else "apology"
            if apology
            else "unrelated"
        )
        return done(
            "missed",
            0.25 * base,
            content_cov,
            feeling_cov,
            found_order,
            perspective,
            [],
            reason,
            missing[:4],
            _feedback_missed(reason),
        )

    partial_reason = None
    if question:
        partial_reason = "question"
    elif advice:
        partial_reason = "advice"
    elif perspective == "mine":
        partial_reason = "perspective"
    elif not content_ok and not feeling_ok:
        partial_reason = "fragment"
    elif not feeling_ok:
        partial_reason = (
            "wrong_feeling"
            if wrong_feelings
            else ("generic" if "upset" in found_all and credits else "no_feeling")
        )
    elif not content_ok:
        partial_reason = "no_content"
    if partial_reason is None:
        return done(
            "accurate",
            0.7 + 0.3 * base,
            content_cov,
            feeling_cov,
            found_order,
            perspective,
            [],
            None,
            missing[:4],
            _feedback_accurate(expected_order),
        )
    reason = partial_reason if partial_reason in {"question", "advice"} else None
    return done(
        "partial",
        0.35 + 0.3 * base,
        content_cov,
        feeling_cov,
        found_order,
        perspective,
        [],
        reason,
        missing[:4],
        _feedback_partial(partial_reason, expected_order, wrong_feelings, missing),
    )


def _finish(
    verdict: str,
    score: float,
    content: float,
    feeling: float,
    expected: list[str],
    found: list[str],
    perspective: str,
    defensive: list[str],
    reason: str | None,
    missing: list[str],
    feedback: str,
) -> ReflectionScore:
    return ReflectionScore(
        verdict=verdict,
        score=float(max(0.0, min(1.0, score))),
        content_coverage=float(max(0.0, min(1.0, content))),
        feeling_coverage=float(max(0.0, min(1.0, feeling))),
        feelings_expected=list(expected),
        feelings_found=list(found),
        perspective=perspective,
        defensive_phrases=list(defensive),
        not_reflecting=reason,
        missing_content=list(missing),
        feedback=feedback,
    )


# --- defensiveness ------------------------------------------------------------------------------------


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


def _clause_novelty(clause: list[str], stmt_canon: list[str]) -> tuple[float, int]:
    """Share of a clause's content words the other person never said, and how many content words."""
    words = [c for c in clause if c and _is_content(c)]
    if not words:
        return 0.0, 0
    pool = [c for c in stmt_canon if c]
    pool_set = set(pool)
    new = sum(1 for w in words if _content_match(w, pool, pool_set) is None)
    return new / len(words), len(words)


def _defensive_phrases(stmt: _Text, body: _Text, stmt_canon: list[str], body_canon: list[str]) -> list[str]:
    lex = lexicon()
    found: list[str] = []
    for kind in ("correction", "counter_complaint", "blame", "minimising", "justification"):
        for sp in lex.lists[kind].spans(body):
            span = body.token_span(sp)
            if _echoed(body, span, stmt):
                continue
            phrase = body.surface(*span)
            if phrase not in found:
                found.append(phrase)
    # "…but / though / because + something of the listener's own"
    seq = body.lemmas
    stmt_has_contrast = any(
        stmt.lemmas[i : i + len(c)] == c for c in lex.contrast for i in range(len(stmt.lemmas))
    )
    i = 0
    while i < len(seq):
        hit = None
        for c in lex.contrast:
            if seq[i : i + len(c)] == c:
                hit = ("contrast", len(c))
                break
        if (
            hit is None
            and seq[i] in lex.reason
            and i + 1 < len(seq)
            and role_of(body.words[i + 1], reflecting=True) == LISTENER
        ):
            hit = ("reason", 1)
        if hit is None or (i == 0 and hit[0] == "reason"):
            i += 1
            continue
        kind, n = hit
        j = i + n
        k = j
        while k < len(seq) and not any(seq[k : k + len(c)] == c for c in lex.contrast):
            k += 1
        clause = body_canon[j:k]
        if k == j and j == len(seq):  # "…, you should use the ticket system though"
            clause = body_canon[max(0, i - 6) : i]
            j, k = max(0, i - 6), i + n
        novelty, n_words = _clause_novelty(clause, stmt_canon)
        listener_side = any(role_of(w, reflecting=True) == LISTENER for w in body.words[j : min(k, j + 3)])
        if (
            n_words
            and novelty >= _NOVEL_CLAUSE
            and (listener_side or kind == "contrast")
            and not (kind == "contrast" and stmt_has_contrast and novelty < 0.75)
        ):
            phrase = body.surface(min(i, j), min(max(k, i + n), j + 6))
            if phrase not in found:
                found.append(phrase)
        i = k if k > i else i + 1
    return found


def _defensive_kind(phrase: str) -> str:
    lists = lexicon().lists
    t = _Text.of_words(phrase.split())
    for kind in ("minimising", "correction", "counter_complaint", "blame", "justification"):
        if lists[kind].spans(t):
            return kind
    return "contrast"


# --- what the coach says ------------------------------------------------------------------------------


def _label_list(names: list[str]) -> str:
    labels = [family_label(n) for n in names if n != "upset"] or [family_label(n) for n in names]
    return " or ".join(labels[:2])


def _feedback_accurate(expected: list[str]) -> str:
    if expected:
        return "That landed: what happened and how they felt, from their side. Now check: did I get it right?"
    return "That landed: you gave back what happened, from their side. Now check: did I get it right?"


def _feedback_partial(reason: str, expected: list[str], wrong: list[str], missing: list[str]) -> str:
    words = ", ".join(_quote(w) for w in missing[:2])
    if reason == "question":
        return (
            "That came out as a question. Say it back as a statement, 'you felt…', "
            "then check if you got it right."
        )
    if reason == "advice":
        return (
            "You gave back some of it, then added advice. Leave the advice out and give back only their side."
        )
    if reason == "perspective":
        return "Say it from their side: 'you felt…', 'when I…', not 'I felt'."
    if reason == "no_feeling":
        if expected:
            return f"You caught what happened; you missed how they felt: {_label_list(expected)}."
        return "You caught what happened; now add how they felt."
    if reason == "generic":
        return f"You heard they were upset; name it more closely: {_label_list(expected)}."
    if reason == "no_content":
        tail = f", like {words}" if words else ""
        return f"You caught how they felt; now add what happened{tail}."
    if reason == "wrong_feeling":
        if expected:
            return (
                f"They spoke of feeling {_label_list(expected)}, not {family_label(wrong[0])}. "
                "Give back their feeling."
            )
        return f"They didn't say they felt {family_label(wrong[0])}. Give back only what they said."
    tail = f", like {words}" if words else ""
    if expected:
        return (
            f"That's a start. Give back more of what happened{tail}, "
            f"and how they felt: {_label_list(expected)}."
        )
    return f"That's a start. Give back more of what they said{tail}."


def _feedback_missed(reason: str) -> str:
    return {
        "empty": "I didn't hear a reflection. Try starting with: 'What I heard you say is…'.",
        "apology": "An apology can come later. First show you heard them: what happened, and how they felt.",
        "question": "That's a question. First say back what you heard: 'What I heard you say is…'.",
        "advice": "That's advice. For now, only give back what they told you and how they felt.",
        "topic_change": "That changed the subject. Go back to their words: 'What I heard you say is…'.",
    }.get(
        reason,
        "That didn't bring back their words. Try: 'What I heard you say is…', then what happened "
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
    return f"That turned into a defence with {q}. Try again with only their side."
