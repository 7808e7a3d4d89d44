"""Practice scenarios: the other person's words, and how they answer a reflection.

The built-in scenarios live in ``voicecoach/data/scenarios.toml`` (content is data: a
non-programmer can edit it). They are loaded and validated once, on first use.
``scenario_from_statement`` builds a scenario from the user's own words (``--statement``).
"""

from __future__ import annotations

import functools
import random
import re
import tomllib
from dataclasses import asdict, dataclass
from importlib import resources

from voicecoach.errors import InputError, VoicecoachError

RELATIONSHIPS: tuple[str, ...] = ("partner", "colleague", "business-partner", "client", "friend", "family")

# Other ways people name a relationship on the command line.
_RELATIONSHIP_ALIASES = {
    "spouse": "partner",
    "husband": "partner",
    "wife": "partner",
    "boyfriend": "partner",
    "girlfriend": "partner",
    "coworker": "colleague",
    "co-worker": "colleague",
    "business partner": "business-partner",
    "business_partner": "business-partner",
    "businesspartner": "business-partner",
    "customer": "client",
    "parent": "family",
    "sibling": "family",
    "relative": "family",
}

_WHO = {
    "partner": "your partner",
    "colleague": "your colleague",
    "business-partner": "your business partner",
    "client": "your client",
    "friend": "your friend",
    "family": "your family member",
}

_REQUIRED_FIELDS: tuple[str, ...] = (
    "id",
    "title",
    "relationship",
    "statement",
    "feeling",
    "model_reflection",
    "on_miss",
    "on_partial_feeling",
    "on_accurate",
    "theme",
)

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

CUSTOM_ID = "own-words"


@dataclass(frozen=True)
class Scenario:
    """One practice situation: what the other person says and how they respond."""

    id: str
    title: str
    relationship: str | None
    statement: str
    feeling: str | None
    model_reflection: str
    on_miss: str
    on_partial_feeling: str
    on_accurate: str
    theme: str | None
    custom: bool = False

    @property
    def who(self) -> str:
        """How the coach names the other person: "your partner", or "the other person"."""
        if self.relationship is None:
            return "the other person"
        return _WHO.get(self.relationship, "the other person")

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON output (``scenarios list --json``)."""
        return asdict(self)


def normalise_relationship(value: str | None) -> str | None:
    """The canonical relationship name for ``value`` ("Spouse" -> "partner"); None stays None.

    Raises InputError for a relationship we don't know.
    """
    if value is None:
        return None
    key = " ".join(value.strip().lower().split())
    if not key:
        return None
    key = _RELATIONSHIP_ALIASES.get(key, key)
    if key not in RELATIONSHIPS:
        raise InputError(f"unknown relationship '{value}'; use one of: {', '.join(RELATIONSHIPS)}")
    return key


def _validate(raw: object, source: str) -> tuple[Scenario, ...]:
    if not isinstance(raw, dict) or "scenario" not in raw:
        raise VoicecoachError(f"{source}: no [[scenario]] entries found")
    entries = raw["scenario"]
    if not isinstance(entries, list) or not entries:
        raise VoicecoachError(f"{source}: 'scenario' must be a list of [[scenario]] tables")
    seen: set[str] = set()
    out: list[Scenario] = []
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise VoicecoachError(f"{source}: scenario #{n} is not a table")
        name = entry.get("id") if isinstance(entry.get("id"), str) and entry.get("id") else f"#{n}"
        for fld in _REQUIRED_FIELDS:
            value = entry.get(fld)
            if value is None:
                raise VoicecoachError(f"{source}: scenario '{name}' is missing field '{fld}'")
            if not isinstance(value, str) or not value.strip():
                raise VoicecoachError(f"{source}: scenario '{name}' field '{fld}' must be non-empty text")
        unknown = sorted(set(entry) - set(_REQUIRED_FIELDS))
        if unknown:
            raise VoicecoachError(f"{source}: scenario '{name}' has unknown field '{unknown[0]}'")
        sid = entry["id"].strip()
        if not _ID_RE.match(sid):
            raise VoicecoachError(
                f"{source}: scenario '{sid}' field 'id' must be a lower-case slug like 'cancelled-plans'"
            )
        if sid in seen:
            raise VoicecoachError(f"{source}: scenario '{sid}' field 'id' is used twice")
        seen.add(sid)
        rel = entry["relationship"].strip()
        if rel not in RELATIONSHIPS:
            raise VoicecoachError(
                f"{source}: scenario '{sid}' field 'relationship' is '{rel}'; "
                f"use one of: {', '.join(RELATIONSHIPS)}"
            )
        out.append(
            Scenario(
                id=sid,
                title=entry["title"].strip(),
                relationship=rel,
                statement=" ".join(entry["statement"].split()),
                feeling=entry["feeling"].strip(),
                model_reflection=" ".join(entry["model_reflection"].split()),
                on_miss=entry["on_miss"].strip(),
                on_partial_feeling=entry["on_partial_feeling"].strip(),
                on_accurate=entry["on_accurate"].strip(),
                theme=entry["theme"].strip(),
            )
        )
    return tuple(out)


def parse_scenarios(text: str, source: str = "scenarios.toml") -> tuple[Scenario, ...]:
    """Parse and validate scenario TOML text (used for the built-in file and by tests)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise VoicecoachError(f"{source}: not valid TOML ({err})") from None
    return _validate(raw, source)


@functools.cache
def _builtin() -> tuple[Scenario, ...]:
    res = resources.files("voicecoach").joinpath("data", "scenarios.toml")
    try:
        text = res.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise VoicecoachError(f"cannot read the built-in scenarios ({err})") from None
    return parse_scenarios(text, "scenarios.toml")


def load_scenarios() -> list[Scenario]:
    """All built-in scenarios, in file order (validated once, then cached)."""
    return list(_builtin())


def get_scenario(scenario_id: str) -> Scenario:
    """The built-in scenario with this id; InputError if there is none."""
    key = (scenario_id or "").strip().lower()
    for sc in _builtin():
        if sc.id == key:
            return sc
    raise InputError(f"unknown scenario '{scenario_id}'; see `voicecoach scenarios list`")


def pick_scenario(seed: int | None = None) -> Scenario:
    """A built-in scenario chosen at random (reproducibly when ``seed`` is given)."""
    return random.Random(seed).choice(_builtin())


# --- the user's own words -------------------------------------------------------------------

# Feeling words we can spot in a statement, most specific first. Each pattern is matched on whole
# words; the value is the feeling the coach names.
_FEELING_CUES: tuple[tuple[str, str], ...] = (
    (r"taken for granted", "taken for granted"),
    (r"let down", "let down"),
    (r"left out", "left out"),
    (r"shut out", "excluded"),
    (r"not good enough|never good enough", "not good enough"),
    (r"like a failure", "like a failure"),
    (r"(?:do not|don't|dont|didn't|didnt|did not) matter", "unimportant"),
    (r"not a priority|come last", "unimportant"),
    (r"not (?:being )?heard|unheard", "unheard"),
    (r"hurt|hurts|hurtful", "hurt"),
    (r"unimportant|invisible|ignored|dismissed|overlooked|forgotten", ""),
    (r"angry|mad|furious|livid", "angry"),
    (r"frustrated|frustrating|annoyed|irritated", "frustrated"),
    (r"sad|upset|heartbroken|devastated", ""),
    (r"scared|afraid|frightened|terrified|unsafe", ""),
    (r"anxious|worried|nervous|stressed|overwhelmed", ""),
    (r"lonely|alone|abandoned|rejected|excluded", ""),
    (r"embarrassed|humiliated|ashamed|small|stupid", ""),
    (r"betrayed|misled|lied to|used", ""),
    (r"disrespected|unappreciated|unvalued|undervalued|criticised|criticized|judged|attacked|blamed", ""),
    (r"misunderstood|confused|disappointed|exhausted|tired|worn out|jealous|resentful|guilty", ""),
    (r"unloved|unwanted|neglected", ""),
)
_FEELING_RES = tuple((re.compile(rf"\b(?:{pat})\b", re.IGNORECASE), name) for pat, name in _FEELING_CUES)


def guess_feeling(text: str) -> str | None:
    """The first feeling named in ``text`` (by position), from a small built-in list; None if none."""
    best: tuple[int, str] | None = None
    for rx, name in _FEELING_RES:
        m = rx.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name or m.group(0).lower())
    return best[1] if best else None


# Pronoun flip, from the speaker's side to the listener's. "you" is subject ("I") or object ("me")
# depending on its place; the rest map one to one.
_FLIP = {
    "i": "you",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "your": "my",
    "yours": "mine",
    "yourself": "myself",
    "i'm": "you're",
    "im": "you're",
    "i've": "you've",
    "ive": "you've",
    "i'll": "you'll",
    "i'd": "you'd",
    "you're": "I'm",
    "youre": "I'm",
    "you've": "I've",
    "youve": "I've",
    "you'll": "I'll",
    "youll": "I'll",
    "you'd": "I'd",
    "youd": "I'd",
}
_CLAUSE_START = {
    "when", "whenever", "that", "and", "but", "because", "cause", "so", "if", "since", "while", "as",
    "where", "before", "after", "until", "till", "though", "although", "whatever", "then",
    "or", "like", "how", "why", "what", "unless", "now", "still", "just", "also", "even", "yet",
}
_PREPOSITIONS = {
    "to", "for", "with", "at", "about", "from", "of", "on", "in", "by", "without", "around", "near",
    "than", "into", "onto", "toward", "towards", "against", "behind", "beside", "past", "over", "under",
}
_SUBJECT_NEXT = {
    "are", "were", "was", "have", "had", "do", "did", "don't", "dont", "didn't", "didnt", "can", "can't",
    "cant", "could", "couldn't", "will", "won't", "would", "wouldn't", "should", "shouldn't", "never",
    "always", "only", "just", "keep", "kept", "still", "even", "also", "really", "often", "said", "say",
    "told", "tell", "go", "went", "make", "made", "take", "took", "get", "got", "think", "thought",
    "act", "acted", "seem", "seemed", "walk", "walked", "leave", "left", "forgot", "forget", "missed",
    "cancelled", "canceled", "bought", "spent", "ignore", "ignored", "interrupt", "interrupted", "yell",
    "yelled", "raised", "signed", "presented", "need", "needed", "want", "wanted", "promised", "hadn't",
    "haven't", "isn't", "aren't", "weren't", "wasn't", "come", "came", "put", "treat", "treated",
}
_TOKEN_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|[^A-Za-z\s]+|\s+")


def _match_case(word: str, like: str, sentence_start: bool) -> str:
    if word.startswith("I") and (len(word) == 1 or not word[1].isalpha()):
        return word  # I, I'm, I've ... are always capital
    if sentence_start and like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def flip_pronouns(text: str) -> str:
    """Turn the speaker's words into the listener's: I <-> you, my <-> your, me -> you, we stays."""
    parts = _TOKEN_RE.findall(text)
    out: list[str] = []
    prev_word: str | None = None  # lower-case previous word in this clause (None at clause start)
    sentence_start = True
    words_idx = [i for i, p in enumerate(parts) if p[:1].isalpha()]
    next_word_of: dict[int, str | None] = {}
    for j, i in enumerate(words_idx):
        nxt = words_idx[j + 1] if j + 1 < len(words_idx) else None
        # a punctuation mark between two words breaks the look-ahead
        if nxt is not None and any(not p.isspace() and not p[:1].isalpha() for p in parts[i + 1 : nxt]):
            nxt = None
        next_word_of[i] = parts[nxt].lower().replace("’", "'") if nxt is not None else None
    last_flip: str | None = None
    for i, part in enumerate(parts):
        if not part[:1].isalpha():
            out.append(part)
            if not part.isspace():
                if any(c in part for c in ".!?"):
                    sentence_start = True
                if any(c in part for c in ".!?,;:—–-"):
                    prev_word = None
            continue
        low = part.lower().replace("’", "'")
        repl: str | None = None
        if low == "you":
            nxt = next_word_of.get(i)
            if prev_word in _PREPOSITIONS:
                repl = "me"
            elif prev_word is None or prev_word in _CLAUSE_START or (nxt in _SUBJECT_NEXT):
                repl = "I"
            else:
                repl = "me"
        elif low in _FLIP:
            repl = _FLIP[low]
        elif low in ("am", "was") and last_flip == "you" and prev_word in ("i",):
            repl = "are" if low == "am" else "were"
        elif low in ("are", "were") and last_flip == "I" and prev_word == "you":
            repl = "am" if low == "are" else "was"
        if repl is None:
            out.append(part)
            last_flip = None
        else:
            out.append(_match_case(repl, part, sentence_start))
            last_flip = repl
        prev_word = low
        sentence_start = False
    return "".join(out)


def _lower_first(sentence: str) -> str:
    first, sep, rest = sentence.partition(" ")
    is_i = first.startswith("I") and (len(first) == 1 or not first[1].isalpha())
    if is_i or (len(first) > 1 and first[1:].isupper()):
        return sentence
    return first[:1].lower() + first[1:] + sep + rest


_JOINERS = ("and", "but", "so", "because", "then", "or", "yet")


def reflection_from_statement(statement: str) -> str:
    """A word-for-word reflection: "What I heard you say is that" + the statement, pronouns flipped.

    Several sentences are joined into one ("..., and you feel ..."), as people say it aloud.
    """
    flipped = flip_pronouns(" ".join(statement.split())).strip()
    sentences = [s.strip().rstrip(" .!?,;:") for s in re.split(r"(?<=[.!?])\s+", flipped)]
    sentences = [s for s in sentences if s]
    if not sentences:
        return "What I heard you say is that."
    body = _lower_first(sentences[0])
    for sentence in sentences[1:]:
        sentence = _lower_first(sentence)
        joiner = ", " if sentence.split(" ", 1)[0].lower() in _JOINERS else ", and "
        body += joiner + sentence
    return f"What I heard you say is that {body}."


def scenario_from_statement(text: str, relationship: str | None = None) -> Scenario:
    """A practice scenario built from the user's own words for what the other person said."""
    statement = " ".join((text or "").split())
    if not statement:
        raise InputError("the statement is empty")
    rel = normalise_relationship(relationship)
    if statement[-1] not in ".!?":
        statement += "."
    statement = statement[:1].upper() + statement[1:]
    return Scenario(
        id=CUSTOM_ID,
        title="Your own words",
        relationship=rel,
        statement=statement,
        feeling=guess_feeling(statement),
        model_reflection=reflection_from_statement(statement),
        # (a statement that names no feeling gets no "and how I felt": exploratory testing, stop 42)
        on_miss="Not quite. Listen again to what I said"
        + (", and how I felt." if guess_feeling(statement) else "."),
        on_partial_feeling="Sort of... but you didn't hear how it made me feel.",
        on_accurate="Yes, that's it. Thank you for hearing me.",
        theme=None,
        custom=True,
    )
