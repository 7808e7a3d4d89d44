"""Shared text helpers for the coach: normalising, tokenising, lemmas, pronoun roles and flips.

Everything here is pure and cheap. Recogniser text (lower case, no punctuation) and typed text
(capitals, curly quotes, contractions) come out the same after :func:`normalise`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import simplemma

__all__ = [
    "LISTENER",
    "PARTICIPLES",
    "SPEAKER",
    "STOPWORDS",
    "flip_pronouns",
    "lemma",
    "lemmas",
    "normalise",
    "role_of",
    "tokens",
]

# --- normalising -----------------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})

# Whole-word contractions first (some are ambiguous without an apostrophe; recognisers often drop it).
_CONTRACTIONS: dict[str, str] = {
    "can't": "can not",
    "cant": "can not",
    "cannot": "can not",
    "won't": "will not",
    "shan't": "shall not",
    "ain't": "is not",
    "i'm": "i am",
    "im": "i am",
    "let's": "let us",
    "it's": "it is",
    "that's": "that is",
    "what's": "what is",
    "there's": "there is",
    "here's": "here is",
    "who's": "who is",
    "he's": "he is",
    "she's": "she is",
    "where's": "where is",
    "how's": "how is",
    "dont": "do not",
    "didnt": "did not",
    "doesnt": "does not",
    "isnt": "is not",
    "wasnt": "was not",
    "arent": "are not",
    "werent": "were not",
    "couldnt": "could not",
    "wouldnt": "would not",
    "shouldnt": "should not",
    "havent": "have not",
    "hasnt": "has not",
    "hadnt": "had not",
    "youre": "you are",
    "ive": "i have",
    "youve": "you have",
    "youll": "you will",
    "youd": "you \x01d",
    "theyre": "they are",
    "thats": "that is",
    "whats": "what is",
    # recognisers (and hurried typists) drop the apostrophe; only forms that are not words themselves
    "whyd": "why did",
    "whatd": "what did",
    "howd": "how did",
    "whod": "who did",
    "whered": "where did",
    "whatll": "what will",
    "itll": "it will",
    "thatll": "that will",
    "whos": "who is",
    "wheres": "where is",
    "hows": "how is",
    "theres": "there is",
    "everyones": "everyone is",
    "everybodys": "everybody is",
    "nobodys": "nobody is",
    "somebodys": "somebody is",
    "someones": "someone is",
    "heres": "here is",
    "hes": "he is",
    "shes": "she is",
    "lets": "let us",
    "theyve": "they have",
    "weve": "we have",
    "theyll": "they will",
    "shouldve": "should have",
    "couldve": "could have",
    "wouldve": "would have",
    "mustve": "must have",
    "whatre": "what are",
    "theyd": "they \x01d",
    "id": "i \x01d",
    "itd": "it would",
    "thatd": "that would",
    "aint": "is not",
}
_SUFFIXES = (
    ("n't", " not"),
    ("'re", " are"),
    ("'ve", " have"),
    ("'ll", " will"),
    ("'d", " \x01d"),  # "would" or "had": settled by the word after it (see _settle_d)
    ("'m", " am"),
    ("'s", ""),
)

_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def _expand(word: str) -> str:
    if word in _CONTRACTIONS:
        return _CONTRACTIONS[word]
    if "'" in word:
        for suffix, repl in _SUFFIXES:
            if word.endswith(suffix):
                stem = word[: -len(suffix)]
                if suffix == "n't" and stem == "ca":
                    stem = "can"
                return f"{stem}{repl}"
        return word.replace("'", "")
    return word


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Lower case, ASCII-fold, expand contractions, drop punctuation, collapse spaces.

    >>> normalise("I felt IGNORED when you didn’t call!")
    'i felt ignored when you did not call'
    """
    if not text:
        return ""
    folded = unicodedata.normalize("NFKD", text).translate(_APOSTROPHES)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    words = [_expand(w) for w in _WORD_RE.findall(folded)]
    return " ".join(_settle_ill(_settle_its(_settle_d(" ".join(words).split()))))


# Past participles that are not also the bare verb: after "I'd", "you'd" they make it "had"
# ("I'd already paid", "you'd told me"), where "I'd go" is "would".
PARTICIPLES = frozenset(
    """been gone done seen told said made had got gotten taken given known left sent spent brought thought
    forgotten written spoken broken eaten found heard kept lost met paid sold shown stood understood won
    become begun chosen driven fallen felt held hidden meant ridden risen slept stolen struck sworn thrown
    torn woken worn bought caught fought taught flown grown drawn blown hung led fed lent built sat""".split()
)
# Words that may stand between "'d" and its verb ("I'd already paid", "you'd never asked").
_D_ADVERBS = frozenset("already just never ever only really actually even also always not".split())


def _settle_d(words: list[str]) -> list[str]:
    """A contracted "'d" is "had" before a past participle and "would" otherwise."""
    out = list(words)
    for i, w in enumerate(out):
        if w != "\x01d":
            continue
        k = i + 1
        while k < len(out) and out[k] in _D_ADVERBS:
            k += 1
        nxt = out[k] if k < len(out) else ""
        past = nxt in PARTICIPLES or (len(nxt) > 4 and nxt.endswith("ed") and not nxt.endswith("eed"))
        if not past and k > i + 1 and nxt in {"put", "let", "set", "hurt", "read", "spread", "cut", "quit"}:
            past = True  # "I'd already put…": an adverb first makes the participle likely
        out[i] = "had" if past else "would"
    return out


# After a recogniser's "its" (no apostrophe), words that only "it is" / "it has" can precede: a possessive
# "its" is followed by a noun or an adjective, never by these ("its just a birthday", "its not fair").
_AFTER_IT_IS = frozenset(
    "a an the just not only been so too really all no never always like because about what how fine okay "
    "ok hardly still unfair hurtful awful horrible hard tough rough embarrassing humiliating upsetting "
    "frustrating exhausting".split()
)


def _settle_its(words: list[str]) -> list[str]:
    """A recogniser's "its" before "just", "not", "a", a judging word or a participle… is "it is"; before
    "been", "it has"."""
    out: list[str] = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        # "its humiliating", "its driving me mad": a participle after it is "it is" (a possessive "its" +
        # a noun in -ing, "its ending", is rare in what people say after a fight)
        participle = len(nxt) > 5 and nxt.endswith("ing") and not nxt.endswith("thing")
        if w == "its" and (nxt in _AFTER_IT_IS or participle):
            out += ["it", "has" if nxt == "been" else "is"]
        else:
            out.append(w)
    return out


# A recogniser's "ill" / "wed" (no apostrophe) before one of these is "I'll" / "we'd" ("ill get the
# gardeners in", "wed have had time"), not "ill" (sick) or "wed" (married), which these never follow.
_AFTER_ILL = frozenset(
    {
        "get",
        "raise",
        "check",
        "call",
        "make",
        "send",
        "sort",
        "fix",
        "look",
        "book",
        "take",
        "do",
        "be",
        "have",
        "try",
        "move",
        "turn",
        "pay",
        "come",
        "go",
        "tell",
        "ask",
        "bring",
        "put",
        "see",
        "talk",
        "let",
        "give",
        "clean",
        "pick",
        "drop",
        "text",
        "email",
        "ring",
        "speak",
        "find",
        "keep",
        "start",
        "stop",
        "never",
        "just",
        "always",
        "definitely",
        "probably",
        "also",
        "sure",
        "deal",
        "handle",
        "chase",
        "arrange",
        "order",
        "cover",
        "leave",
        "write",
    }
)
_BEFORE_ILL_SICK = frozenset(
    {"be", "is", "was", "were", "feel", "felt", "so", "very", "really", "an", "get", "got", "fall", "fell"}
)
_AFTER_WED = frozenset({"have", "be", "never", "need", "like", "love", "get", "probably", "just"})


def _settle_ill(words: list[str]) -> list[str]:
    """A recogniser's "ill" before a bare verb is "i will"; "wed" before "have", "be"… is "we would"."""
    out: list[str] = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w == "ill" and nxt in _AFTER_ILL and (i == 0 or words[i - 1] not in _BEFORE_ILL_SICK):
            out += ["i", "will"]
        elif w == "wed" and nxt in _AFTER_WED:
            out += ["we", "would"]
        else:
            out.append(w)
    return out


def tokens(text: str) -> list[str]:
    """Normalised tokens of ``text`` (see :func:`normalise`)."""
    return normalise(text).split()


def as_written(text: str, phrase: str) -> str | None:
    """The words of ``text`` as the person wrote or said them that :func:`normalise` turns into ``phrase``
    (normalised words joined by spaces), from the first word it starts in to the last it ends in: "it wasn't
    my fault" for "it was not my fault", "Everyone's dog barks" for "everyone dog barks". None when the phrase
    is not there, or when the text's words and its normalised words cannot be lined up (a recogniser's "its"
    or "ill" that normalising reads as two words)."""
    want = phrase.split()
    if not text or not want:
        return None
    folded: list[str] = []
    where: list[int] = []  # folded character -> the text's character it came from
    for i, ch in enumerate(text):
        f = unicodedata.normalize("NFKD", ch).translate(_APOSTROPHES)
        for c in "".join(c for c in f if not unicodedata.combining(c)).lower():
            folded.append(c)
            where.append(i)
    owners: list[tuple[int, int]] = []  # each normalised word: the span of the written word it comes from
    for m in _WORD_RE.finditer("".join(folded)):
        for _ in _expand(m.group()).split():
            owners.append((where[m.start()], where[m.end() - 1] + 1))
    words = normalise(text).split()
    if len(words) != len(owners):
        return None
    n = len(want)
    for k in range(len(words) - n + 1):
        if words[k : k + n] == want:
            return text[owners[k][0] : owners[k + n - 1][1]]
    return None


# --- lemmas ----------------------------------------------------------------------------------------

# simplemma misses a few forms that matter here; fix them before/after it.
_LEMMA_FIXES = {
    "felt": "feel",
    "acting": "act",
    "feeling": "feel",
    "feelings": "feeling",
    "cancelled": "cancel",
    "canceled": "cancel",
    "cancelling": "cancel",
    "canceling": "cancel",
    "cancell": "cancel",
    "left": "leave",
    "me": "i",
    "us": "we",
    "better": "better",
    "worse": "worse",
    "meeting": "meeting",
    "meetings": "meeting",
    "lied": "lie",
    "lying": "lie",
    "was": "be",
    "were": "be",
    "am": "be",
    "is": "be",
    "are": "be",
    "been": "be",
    "being": "be",
    "did": "do",
    "does": "do",
    "done": "do",
    "had": "have",
    "has": "have",
    "hurt": "hurt",
    "hurts": "hurt",
    "hurting": "hurt",
    "ignored": "ignore",
    "thought": "think",
    "told": "tell",
    "said": "say",
    "says": "say",
    "yelled": "yell",
    "kids": "kid",
    "thanked": "thank",
    "thanking": "thank",
    "belittled": "belittle",
    "mattered": "matter",
    "matters": "matter",
    "lonely": "lonely",
    "nothing": "nothing",
    "anything": "anything",
    "everything": "everything",
}


@lru_cache(maxsize=16384)
def lemma(word: str) -> str:
    """Dictionary form of one normalised word, with British/American spellings folded (-ise → -ize)."""
    if not word:
        return word
    fixed = _LEMMA_FIXES.get(word)
    if fixed is not None:
        return fixed
    try:
        out = simplemma.lemmatize(word, lang="en").lower()
    except Exception:  # pragma: no cover - simplemma is robust, but never let a lemma crash a turn
        out = word
    if len(out) > 5 and out.endswith("ise"):
        out = out[:-3] + "ize"
    elif len(out) > 5 and out.endswith("our") and out not in {"hour", "four", "your", "flour", "colour"}:
        out = out[:-3] + "or"  # behaviour -> behavior
    return _LEMMA_FIXES.get(out, out)


def lemmas(words: list[str]) -> list[str]:
    """Lemma of each word, in order."""
    return [lemma(w) for w in words]


# --- pronoun roles and flips -------------------------------------------------------------------------

SPEAKER = "S"  # the person who made the statement
LISTENER = "L"  # the person reflecting it back

_FIRST = frozenset({"i", "me", "my", "mine", "myself"})
_SECOND = frozenset({"you", "your", "yours", "yourself", "yourselves", "ya"})


def role_of(word: str, *, reflecting: bool) -> str | None:
    """Who a pronoun points at. In a statement "I" is the speaker; in a reflection "you" is.

    ``reflecting=False`` reads the text as the speaker's own words; ``True`` as the listener's.
    Returns :data:`SPEAKER`, :data:`LISTENER` or None for anything else ("we" stays shared).
    """
    if word in _FIRST:
        return LISTENER if reflecting else SPEAKER
    if word in _SECOND:
        return SPEAKER if reflecting else LISTENER
    return None


_SIMPLE_FLIPS = {
    "i": "you",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "your": "my",
    "yours": "mine",
    "yourself": "myself",
    "yourselves": "ourselves",
}
# After "you", these words suggest it is an object ("…told you that…") and so becomes "me".
_OBJECT_FOLLOWERS = frozenset(
    "to and but when that because again anymore at in for about like so or then if before after "
    "while too either enough out up down off first last once twice all alone".split()
)
_PREPOSITIONS = frozenset(
    "to with for at about on of from like than by around without behind toward towards against "
    "into onto upon over under near".split()
)
_VERB_FLIPS = {("i", "am"): "are", ("i", "was"): "were", ("you", "are"): "am", ("you", "were"): "was"}


def flip_pronouns(text: str) -> str:
    """Say a statement back from the listener's side: I↔you, my↔your, me↔you, mine↔yours; we stays.

    Works on normalised text (lower case, no punctuation, contractions expanded).

    >>> flip_pronouns("I felt ignored when you cancelled on me")
    'you felt ignored when i cancelled on you'
    """
    words = tokens(text)
    out: list[str] = []
    for i, word in enumerate(words):
        prev = words[i - 1] if i else ""
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if word == "you":
            is_object = (
                prev in _PREPOSITIONS
                or nxt == ""
                or (
                    nxt in _OBJECT_FOLLOWERS
                    and prev
                    not in {"", "and", "but", "when", "that", "if", "because", "so", "then", "while", "since"}
                )
            )
            out.append("me" if is_object else "i")
            continue
        if prev in {"i", "you"} and (prev, word) in _VERB_FLIPS:
            out.append(_VERB_FLIPS[(prev, word)])
            continue
        out.append(_SIMPLE_FLIPS.get(word, word))
    return " ".join(out)


# --- stopwords -------------------------------------------------------------------------------------

STOPWORDS = frozenset(
    """
    a an the and or but so if then than that this these those there here it its itself they them their
    theirs we us our ours he him his she her hers i me my mine myself you your yours yourself
    be am is are was were been being do does did done doing have has had having will would shall should
    can could may might must not no nor to of in on at by for with about against between into through
    during before after above below from up down out off over under again further once all any both each
    few more most other some such only own same too very just also even still yet ever really actually
    what which who whom whose when where why how as until while because since though although whether
    say said tell told feel felt feeling think thought know knew get got go went make made like
    kind sort thing things stuff lot bit something anything everything nothing someone anyone everyone
    oh um uh er ah well okay ok yeah yes right mean means basically literally
    heard hear hearing sound sounds seem seems without either whole
    """.split()
)
