"""Commitments as text: turn what the user says into clean "I will ..." sentences.

``clean_commitment`` reads the answer to "what will you do differently?" and returns one tidy
sentence ("um next time i'll tell you earlier" -> "I will tell you earlier."), or None when
there is no real commitment in it. ``extract_commitments`` finds commitments said anywhere else
in a session ("from now on I will...", "I promise...", "I won't..."), ignoring "will" in other
senses ("you will see", "I'll be honest"). Both work on recogniser text (lower case, no
punctuation) as well as typed text. Pure functions: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["blames_them", "clean_commitment", "extract_commitments", "other_commitments", "vague"]

# --- tokens ------------------------------------------------------------------------------------

_WORD_RE = re.compile(r"[$£€]?[^\W_]+(?:['’\-.:/][^\W_]+)*%?|[.!?;]+|,|\n")

# Apostrophe-less spellings from keyboards and some recognisers, for matching (and output).
_APOSTROPHES = {
    "im": "i'm", "ive": "i've", "dont": "don't", "wont": "won't", "cant": "can't", "didnt": "didn't",
    "wouldnt": "wouldn't", "shouldnt": "shouldn't", "doesnt": "doesn't", "isnt": "isn't",
    "youre": "you're", "youll": "you'll", "theyre": "they're", "shant": "shan't", "couldnt": "couldn't",
    "havent": "haven't", "hasnt": "hasn't", "wasnt": "wasn't", "arent": "aren't", "thats": "that's",
    "lets": "let's",
}
_I_FORMS = {"i": "I", "i'm": "I'm", "i've": "I've", "i'd": "I'd", "i'll": "I'll"}
_DAYS = {d: d.capitalize() for d in (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")}


@dataclass(frozen=True)
class _Tok:
    orig: str
    low: str
    comma: bool = False  # a comma followed this word in typed text

    def out(self) -> str:
        if self.low in _I_FORMS:
            return _I_FORMS[self.low]
        if self.low in _DAYS:
            return _DAYS[self.low]
        if self.orig.replace("’", "'").islower():
            return self.low
        return self.orig.replace("’", "'")


def _sentences(text: str) -> list[list[_Tok]]:
    """Words grouped into sentences; commas are kept as a flag on the word before them."""
    out: list[list[_Tok]] = []
    cur: list[_Tok] = []
    for m in _WORD_RE.finditer(text):
        piece = m.group(0)
        if piece == ",":
            if cur:
                cur[-1] = _Tok(cur[-1].orig, cur[-1].low, True)
            continue
        if piece == "\n" or piece[0] in ".!?;":
            if cur:
                out.append(cur)
            cur = []
            continue
        low = piece.lower().replace("’", "'")
        low = _APOSTROPHES.get(low, low)
        cur.append(_Tok(piece, low))
    if cur:
        out.append(cur)
    return out


def _lows(toks: list[_Tok]) -> list[str]:
    return [t.low for t in toks]


def _starts(words: list[str], i: int, phrase: tuple[str, ...]) -> bool:
    return tuple(words[i : i + len(phrase)]) == phrase


def _first_phrase(words: list[str], i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """Length of the longest phrase in ``phrases`` starting at ``i`` (0 if none)."""
    best = 0
    for p in phrases:
        if len(p) > best and _starts(words, i, p):
            best = len(p)
    return best


# --- word lists --------------------------------------------------------------------------------

_OPENERS: tuple[tuple[str, ...], ...] = (
    ("next", "time"), ("the", "next", "time"), ("from", "now", "on"), ("going", "forward"),
    ("moving", "forward"), ("in", "future"), ("in", "the", "future"), ("from", "today"),
    ("starting", "today"), ("starting", "now"), ("from", "here", "on"), ("from", "here", "on", "out"),
    ("next", "time", "round"), ("next", "time", "around"),
)
_PROMISE_VERBS = {"promise", "commit", "swear", "pledge", "vow"}
_TRY = (
    ("try", "to"), ("try", "and"), ("do", "my", "best", "to"), ("make", "an", "effort", "to"),
    ("really", "try", "to"), ("at", "least", "try", "to"), ("work", "on"), ("be", "sure", "to"),
)
# Fillers dropped anywhere ("um"), or only at the edges of an answer ("so", "well", "like").
_FILLERS_ANYWHERE = {"um", "umm", "uh", "uhh", "er", "erm", "hmm", "hm", "mm", "mmm", "ah", "eh", "uhm"}
_EDGE_FILLERS: tuple[tuple[str, ...], ...] = (
    ("like",), ("you", "know"), ("so",), ("well",), ("okay",), ("ok",), ("right",), ("and",),
    ("yeah",), ("yes",), ("oh",), ("i", "think"), ("i", "guess"), ("i", "mean"), ("i", "suppose"),
    ("basically",), ("honestly",), ("actually",), ("maybe",), ("probably",), ("perhaps",),
    ("definitely",), ("then",), ("but",), ("alright",), ("all", "right"), ("i", "don't", "know"),
    ("i", "do", "not", "know"), ("i", "dunno"), ("dunno",), ("hm",), ("anyway",), ("sorry",),
    ("i", "would", "say"), ("i'd", "say"), ("kind", "of"), ("sort", "of"), ("to", "be", "honest"),
    ("for", "sure"), ("i", "think", "that"), ("that",),
)
_TRAILING_FILLERS: tuple[tuple[str, ...], ...] = (
    ("you", "know"), ("i", "think"), ("i", "guess"), ("i", "suppose"), ("or", "something"),
    ("and", "stuff"), ("and", "everything"), ("or", "whatever"), ("so",), ("yeah",), ("okay",),
    ("ok",), ("right",), ("and",), ("but",), ("or",), ("like",), ("then",), ("anyway",),
    ("i", "don't", "know"), ("i", "dunno"), ("maybe",), ("i", "hope"), ("if", "that", "makes", "sense"),
    ("basically",), ("as", "well"), ("to",), ("the",), ("a",), ("an",), ("with",), ("of",),
    ("about",), ("for",), ("at",), ("my",), ("your",), ("our",), ("i",), ("i'll",), ("will",),
)
# Words that carry no commitment on their own.
_NONCONTENT = {
    "i", "you", "it", "that", "this", "these", "those", "do", "does", "doing", "done", "don't",
    "know", "something", "anything", "everything", "stuff", "thing", "things", "yeah", "yes", "no",
    "not", "sure", "the", "a", "an", "to", "and", "or", "but", "so", "well", "like", "um", "uh",
    "just", "maybe", "probably", "really", "very", "what", "whatever", "be", "is", "are", "am",
    "was", "were", "of", "in", "on", "at", "for", "with", "dunno", "idea", "nothing", "try", "more",
    "less", "okay", "ok", "right", "then", "there", "here", "now", "again", "guess", "think", "mean",
    "better", "differently", "different", "same", "way", "some", "any", "all", "get", "got", "go",
    "say", "said", "can", "could", "would", "will", "should", "must", "have", "has", "had",
    "let", "me", "my", "your", "our", "we", "they", "them", "he", "she", "him", "her", "its",
    "too", "also", "even", "much", "many", "lot", "lots", "hmm", "oh", "ah", "never", "ever",
}
_CONTENT_OK_ALONE = {"better", "differently", "try"}  # "I will do better." is a (vague) commitment

# Not commitments, though they start like one: "I'll be honest", "I'm going to the shop".
_NOT_COMMITMENTS: tuple[tuple[str, ...], ...] = (
    ("be", "honest"), ("be", "frank"), ("be", "straight"), ("be", "real"), ("be", "blunt"),
    ("admit",), ("say", "that"), ("say", "this"), ("say", "it"), ("say", "so"), ("say", "what"),
    ("say", "one", "thing"), ("say", "something"), ("grant",), ("give", "you", "that"), ("tell", "you", "what"),
    ("be", "right", "back"), ("put", "it"), ("never", "forget"), ("bet",), ("assume",),
    ("take", "that", "as"),
)
_GOING_TO_NOUNS = {
    "the", "a", "an", "my", "your", "his", "her", "their", "our", "this", "that", "bed", "work",
    "school", "church", "town", "class", "dinner", "lunch", "breakfast", "mum's", "mom's", "dad's",
    "hospital", "office", "gym", "party",
}
_OTHER_SUBJECTS = {
    "you", "he", "she", "they", "it", "there", "that", "this", "you're", "they're", "it's",
    "that's", "there's", "he's", "she's", "your", "his", "her", "their", "people", "everyone",
    "nobody", "somebody", "someone",
}
_STATE_AFTER_I = {
    "was", "were", "did", "had", "have", "i've", "am", "know", "knew", "think", "thought", "feel",
    "felt", "guess", "mean", "meant", "don't", "didn't", "can't", "couldn't", "wasn't", "haven't",
    "hadn't", "said", "told", "got", "went", "realise", "realize", "realised", "realized",
    "understand", "understood", "see", "saw", "heard", "hear", "agree", "disagree", "love", "hate",
    "wish", "hope", "like", "get", "do", "really", "just", "also", "totally", "completely",
    "would", "wouldn't", "could", "might", "may", "should", "shouldn't", "won't", "will", "shall",
    "must", "can", "i", "i'm", "is", "it", "not", "never", "always", "probably", "maybe", "already",
    "wanted", "needed", "tried", "should've", "would've", "could've", "kind", "sort", "suppose",
    "believe", "bet", "doubt", "apologise", "apologize", "messed", "screwed", "promise", "commit",
    "want", "need",  # ("I want to be respected" was read back as "I will want to be respected": stop 43)
}
_DETERMINERS = {
    "a", "an", "the", "some", "more", "less", "no", "any", "my", "our", "your", "their", "his",
    "her", "its", "this", "that", "these", "those", "lots", "fewer",
}
# Words that cannot open a bare commitment ("listen more" can; "again won't" cannot).
_NOT_A_VERB = {
    "will", "won't", "would", "wouldn't", "gonna", "going", "have", "has", "had", "again", "on",
    "from", "at", "in", "of", "for", "with", "by", "about", "time", "promise", "commit", "know",
    "that", "then", "is", "are", "was", "were", "can", "could", "should", "must", "may", "might",
    "and", "or", "but", "if", "when", "because", "yes", "no", "yeah", "okay", "ok", "thank",
    "thanks", "sorry", "what", "why", "how", "who", "where", "nothing", "i'd", "it's",
    "shall", "did", "didn't", "does", "doesn't", "so", "very", "too", "also", "just", "here",
    "there", "now", "today", "tomorrow", "yesterday", "like", "as", "than", "until", "up", "out",
}
# Whole answers that wave the question away ("never mind"): not "I will never mind.".
_DISMISSALS: frozenset[tuple[str, ...]] = frozenset(tuple(p.split()) for p in (
    "never mind", "nevermind", "forget it", "forget about it", "forget that", "skip it", "skip that",
    "whatever", "pass", "leave it", "drop it", "no thanks", "no thank you", "not now", "later", "none",
    "not yet", "not really", "not sure", "go ahead", "that's right", "that is right", "exactly",
))
_CONDITIONS = frozenset({"if", "when", "whenever", "unless", "once", "until", "before", "after", "while"})
# an answer to "Shall I save that?", not a commitment ("yes please" was read back as "I will please")
_ANSWER_WORDS = frozenset({"yes", "yeah", "yep", "yup", "sure", "ok", "okay", "no", "nope", "nah", "please",
                           "whatever", "fine", "alright", "correct", "right", "save", "thanks", "thank"})
_LEAD_WORDS: tuple[tuple[str, ...], ...] = (
    ("when",), ("whenever",), ("if",), ("before",), ("after",), ("as", "soon", "as"),
    ("any", "time"), ("anytime",), ("every", "time"), ("each", "time"), ("next", "time"),
    ("the", "next", "time"), ("while",), ("once",), ("until",),
)
_BOUNDARIES: tuple[tuple[str, ...], ...] = (
    ("but",), ("i'm", "sorry"), ("i", "am", "sorry"), ("sorry",), ("i", "feel"), ("i", "felt"),
    ("i", "think"), ("i", "know"), ("i", "need"), ("i", "guess"), ("i", "mean"), ("what", "i", "heard"),
    ("thank", "you"), ("thanks",), ("and", "you"), ("you", "always"), ("you", "never"), ("anyway",),
    ("okay", "so"), ("i", "was"), ("i", "didn't"), ("i", "did"), ("i", "hope"), ("i", "want", "you"),
    ("i", "just", "want"), ("and", "i", "want"), ("what", "i", "need"),
)


# --- the cue: "I will", "next time I'd", "I promise to", "I'm not going to", ... ---------------


@dataclass(frozen=True)
class _Cue:
    start: int  # index of the first word of the cue
    end: int  # index of the first content word
    negative: bool
    we: bool = False  # "we will ..."
    gerund: bool = False  # "commit to listening": the first content word is an -ing form
    going_to: bool = False  # "going to"/"gonna": a noun after it is a place, not an action


def _after_will(words: list[str], j: int, cue_start: int, negative: bool, **kw) -> _Cue:
    """Consume "not" after the modal; return the cue. A hedge ("try to", "try not to", "do my best to") stays
    in what is read back: "I'll try to be better" is not the promise "I will be better" (exploratory testing,
    stop 43, twice)."""
    if j < len(words) and words[j] == "not":
        negative, j = True, j + 1
        if j < len(words) and words[j] == "to":
            j += 1
    return _Cue(cue_start, j, negative, **kw)


def _subject_cue(
    words: list[str], i: int, start: int, *, opener: bool, weak: bool, at_start: bool
) -> _Cue | None:
    """A cue that begins with the subject at ``i`` ("i will", "i'm going to", "we'll", ...)."""
    n = len(words)
    w = words[i] if i < n else ""
    nxt = words[i + 1] if i + 1 < n else ""
    nxt2 = words[i + 2] if i + 2 < n else ""
    if w == "i'll" or (w == "ill" and at_start):
        return _after_will(words, i + 1, start, False)
    if w in ("i'm", "i") and (w == "i'm" or nxt == "am"):
        j = i + 1 if w == "i'm" else i + 2
        neg = False
        if j < n and words[j] == "not":
            neg, j = True, j + 1
        if _starts(words, j, ("going", "to")):
            return _after_will(words, j + 2, start, neg, going_to=True)
        if j < n and words[j] == "gonna":
            return _after_will(words, j + 1, start, neg, going_to=True)
        if _starts(words, j, ("committed", "to")):
            return _Cue(start, j + 2, neg, gerund=True)
        if weak and j + 1 < n and words[j] in _PLANNING and words[j + 1] == "to":
            return _after_will(words, j + 2, start, neg)
        return None
    if w == "i":
        if nxt in ("will", "shall"):
            return _after_will(words, i + 2, start, False)
        if nxt in ("won't", "shan't"):
            return _after_will(words, i + 2, start, True)
        if (opener or weak) and nxt == "would" and nxt2 not in ("have", "say", "like"):
            return _after_will(words, i + 2, start, False)
        if (opener or weak) and nxt == "wouldn't" and nxt2 != "have":
            return _after_will(words, i + 2, start, True)
        if weak:
            if _starts(words, i + 1, ("would", "like", "to")):
                return _after_will(words, i + 4, start, False)
            if _starts(words, i + 1, ("don't", "want", "to")):
                return _after_will(words, i + 4, start, True)
            if _starts(words, i + 1, ("do", "not", "want", "to")):
                return _after_will(words, i + 5, start, True)
            if nxt in _WANT_TO and nxt2 == "to":
                if nxt in {"need", "want"} and i + 4 < n and words[i + 3] == "be" and (
                        words[i + 4].endswith("ed") or words[i + 4] in {"heard", "seen", "understood", "known",
                                                                          "shown", "told", "given"}):
                    return None  # "I need to be heard too": a need, not something they will do (stop 43)
                return _after_will(words, i + 3, start, False)
            if nxt in ("should", "must", "can", "could"):
                return _after_will(words, i + 2, start, False)
            if nxt in ("shouldn't", "mustn't"):
                return _after_will(words, i + 2, start, True)
            if nxt == "try" and nxt2 in ("to", "and", "not"):
                return _after_will(words, i + 1, start, False)
            if nxt == "gotta":
                return _after_will(words, i + 2, start, False)
        return None
    if w == "i'd" and (opener or weak):
        if nxt == "have" or nxt == "say":
            return None
        if _starts(words, i + 1, ("like", "to")):
            return _after_will(words, i + 3, start, False)
        if nxt == "rather":
            return None
        return _after_will(words, i + 1, start, False)
    if weak and w in ("we'll", "we"):
        if w == "we'll":
            return _after_will(words, i + 1, start, False, we=True)
        if nxt in ("will", "shall"):
            return _after_will(words, i + 2, start, False, we=True)
        if nxt == "won't":
            return _after_will(words, i + 2, start, True, we=True)
        if _starts(words, i + 1, ("are", "going", "to")):
            return _after_will(words, i + 4, start, False, we=True)
        if nxt in ("should", "can", "could", "must"):
            return _after_will(words, i + 2, start, False, we=True)
    if weak and w == "let's":
        return _after_will(words, i + 1, start, False, we=True)
    return None


_SUBJECTS = frozenset({"i'll", "i", "i'm", "i'd", "ill", "we", "we'll", "let's"})
_PLANNING = frozenset({"planning", "trying", "hoping", "aiming"})
_WANT_TO = frozenset({"want", "need", "have", "plan", "intend", "hope", "aim", "ought", "got"})


def _cue_at(words: list[str], i: int, *, weak: bool, at_start: bool) -> _Cue | None:
    start = i
    opener = _first_phrase(words, i, _OPENERS)
    j = i + opener
    if opener and j < len(words) and words[j] in _SUBJECTS:
        at_start = True
    elif opener:
        return None  # "next time we argue ..." is a lead clause, not a cue
    # "I promise (you) (that) ...", "I commit to ...", "I promise not to ..."
    if j + 1 < len(words) and words[j] == "i" and words[j + 1] in _PROMISE_VERBS:
        k = j + 2
        gerund = words[j + 1] == "commit"
        if _starts(words, k, ("to", "you")) and k + 2 < len(words) and words[k + 2] in _SUBJECTS | {"that"}:
            k += 2
        elif k < len(words) and words[k] == "you":
            k += 1
        if k < len(words) and words[k] == "that":
            k += 1
        if _starts(words, k, ("not", "to")) or _starts(words, k, ("to", "not")):
            return _Cue(start, k + 2, True, gerund=gerund)
        if _starts(words, k, ("never", "to")):  # content starts at "never": "I will never ..."
            return _Cue(start, k, True, gerund=gerund)
        if _starts(words, k, ("to", "never")):
            return _Cue(start, k + 1, True, gerund=gerund)
        if k < len(words) and words[k] == "to":
            return _after_will(words, k + 1, start, False, gerund=gerund)
        return _subject_cue(words, k, start, opener=True, weak=weak, at_start=True)
    return _subject_cue(words, j, start, opener=bool(opener), weak=weak, at_start=at_start)


def _find_cues(words: list[str], *, weak: bool) -> list[_Cue]:
    cues: list[_Cue] = []
    i = 0
    while i < len(words):
        cue = _cue_at(words, i, weak=weak, at_start=(i == 0))
        if cue is not None:
            cues.append(cue)
            i = max(cue.end, i + 1)
        else:
            i += 1
    return cues


# --- building the sentence ---------------------------------------------------------------------


def _strip_edges(toks: list[_Tok], lead_phrases, trail_phrases) -> list[_Tok]:
    toks = [t for t in toks if t.low not in _FILLERS_ANYWHERE]
    changed = True
    while changed and toks:
        changed = False
        n = _first_phrase(_lows(toks), 0, lead_phrases) if lead_phrases else 0
        if n:
            toks, changed = toks[n:], True
            continue
        if trail_phrases:
            words = _lows(toks)
            for p in sorted(trail_phrases, key=len, reverse=True):
                if len(words) >= len(p) and tuple(words[-len(p):]) == p:
                    toks, changed = toks[: -len(p)], True
                    break
    return toks


# "you know" is content after these ("let you know", "tell you know-how") and before these
# ("you know how much..."); "like" is content after these ("would like", "feel like").
_KNOW_KEEP_BEFORE = frozenset({
    "let", "letting", "let's", "tell", "ask", "want", "make", "help", "if", "to", "will", "do", "did",
    "would", "should", "what", "than", "so", "since", "because", "making", "makes",
})
_KNOW_KEEP_AFTER = frozenset({"how", "that", "what", "when", "where", "why", "if", "about", "it", "i"})
_LIKE_FILLER_BEFORE = frozenset({"", "and", "just", "um", "uh", "so", "then", "but", "or"})
_LIKE_KEEP_AFTER = frozenset({"it", "that", "this", "them", "him", "her", "to"})
_LIKE_KEEP_BEFORE = frozenset({"would", "i'd", "feel", "felt", "look", "looks", "sound", "sounds"})
_STUTTER = frozenset({"i", "to", "the", "a", "will", "i'll", "and"})


def _drop_inner_fillers(toks: list[_Tok]) -> list[_Tok]:
    """Drop "like" / "you know" used as fillers inside the content (not "let you know")."""
    out: list[_Tok] = []
    words = _lows(toks)
    i = 0
    while i < len(toks):
        w = words[i]
        prev = words[i - 1] if i else ""
        nxt = words[i + 1] if i + 1 < len(words) else ""
        after = words[i + 2] if i + 2 < len(words) else ""
        if w == "you" and nxt == "know" and prev not in _KNOW_KEEP_BEFORE and after not in _KNOW_KEEP_AFTER:
            i += 2
            continue
        if w == "like" and prev not in _LIKE_KEEP_BEFORE and (
            (prev in _LIKE_FILLER_BEFORE and nxt not in _LIKE_KEEP_AFTER) or nxt in ("um", "uh", "like")
        ):
            i += 1
            continue
        if out and w == out[-1].low and w in _STUTTER:  # "i i will", "to to"
            i += 1
            continue
        out.append(toks[i])
        i += 1
    return out


def _render(toks: list[_Tok]) -> str:
    parts: list[str] = []
    for k, t in enumerate(toks):
        word = t.out()
        parts.append(word + ("," if t.comma and k < len(toks) - 1 else ""))
    return " ".join(parts)


_UNSURE_RE = re.compile(
    r"(?:i )?(?:don't|do not) know(?: what)?(?: to (?:do|say))?|no idea|not sure|nothing|(?:i )?dunno"
)


def _has_content(toks: list[_Tok], *, negative: bool = False) -> bool:
    """Whether the words say something to do (for "I will not ...", any real word will do)."""
    words = _lows(toks)
    if not words:
        return False
    joined = " ".join(words)
    if _UNSURE_RE.fullmatch(joined):
        return False
    if any(w not in _NONCONTENT and any(c.isalnum() for c in w) for w in words):
        return True
    if negative and any(w not in _FILLERS_ANYWHERE and w not in ("know", "sure", "not", "to", "yet", "now", "really")
                        for w in words):
        return True
    return len(words) <= 3 and any(w in _CONTENT_OK_ALONE for w in words)


def _gerund_to_base(toks: list[_Tok]) -> list[_Tok]:
    if not toks or not toks[0].low.endswith("ing") or len(toks[0].low) < 5:
        return toks
    try:
        import simplemma

        base = simplemma.lemmatize(toks[0].low, lang="en")
    except Exception:  # noqa: BLE001 - lemmatiser missing or confused: keep the word
        return toks
    if not base or base == toks[0].low or not base.isalpha():
        return toks
    return [_Tok(base, base, toks[0].comma), *toks[1:]]


_LIKED = frozenset("your my his her their our it that this them him you me us the a an being".split())


def _hedge(content: list[_Tok]) -> tuple[list[_Tok], list[_Tok], bool]:
    """(the hedge that opens the content, "try to" / "try not to" / "do my best to", the rest, whether the
    hedge says "not"): the hedge is read back as said, the rest cleaned as any commitment."""
    words = _lows(content)
    for _ in range(2):  # "really try to", "at least try to"; then "not to" after it
        n = _first_phrase(words, 0, _TRY)
        if n:
            break
        if words and words[0] in _FILLERS_ANYWHERE:
            content, words = content[1:], words[1:]
    if not n:
        if len(words) >= 2 and words[0] == "try" and words[1] == "not":
            n = 3 if len(words) > 2 and words[2] == "to" else 2
            return content[:n], content[n:], True
        return [], content, False
    if words[n - 1] == "try" or (n < len(words) and words[n] == "not"):  # "really try not to"
        if n < len(words) and words[n] == "not":
            n += 2 if n + 1 < len(words) and words[n + 1] == "to" else 1
            return content[:n], content[n:], True
    return content[:n], content[n:], False


def _compose(lead: list[_Tok], cue: _Cue, content: list[_Tok]) -> str | None:
    content = _drop_inner_fillers(content)
    hedge, content, hedged_not = _hedge(content)
    if hedge:  # "try to like slow down": "like" is a filler there, not in "try to like your friends"
        content = _strip_edges(content, (("to",),), ())
        low = _lows(content)
        if len(low) > 1 and low[0] == "like" and low[1] not in _LIKED:
            content = content[1:]
    negative_word = "not" if cue.negative else ""
    if cue.negative and content and content[0].low in ("never", "ever"):
        content, negative_word = content[1:], "never"
    content = _strip_edges(content, (("to",),), _TRAILING_FILLERS)
    if cue.gerund:
        content = _gerund_to_base(content)
    if not _has_content(content, negative=bool(negative_word)):
        return None
    if cue.going_to and content[0].low in _GOING_TO_NOUNS:
        content = [_Tok("go", "go"), _Tok("to", "to"), *content]
    first = content[0]
    named = first.low in _I_FORMS or first.low in _DAYS
    if first.orig[:1].isupper() and first.orig[1:].islower() and not named:
        # the verb after "I will" is no name: "Pause and listen." is "I will pause and listen.", not "I will
        # Pause…" (exploratory testing, stop 42)
        content = [_Tok(first.low, first.low, first.comma), *content[1:]]
    subject = "We will" if cue.we else "I will"
    hedge_text = " ".join(t.low for t in hedge)
    body = " ".join(p for p in (subject, negative_word, hedge_text, _render(content)) if p)
    lead_text = ""
    if lead:
        lead_text = _render(lead)
        lead_text = lead_text[:1].upper() + lead_text[1:] + ", "
        body = body[:1].lower() + body[1:] if cue.we else body
    sentence = (lead_text + body).strip()
    sentence = sentence.rstrip(" ,;:-–—")
    if not sentence:
        return None
    return sentence[:1].upper() + sentence[1:] + "."


_LEAD_TRAILING: tuple[tuple[str, ...], ...] = (
    ("and",), ("so",), ("then",), ("like",), ("you", "know"), ("i", "think"), ("i", "guess"), ("but",),
)


def _lead_clause(prefix: list[_Tok]) -> list[_Tok]:
    """Keep "when we argue" / "next time you're upset" before the cue; drop anything else."""
    prefix = _strip_edges(prefix, _EDGE_FILLERS, ())
    words = _lows(prefix)
    n = _first_phrase(words, 0, _LEAD_WORDS)
    if not n or len(words) <= n:
        return []
    lead = _strip_edges(prefix, (), _LEAD_TRAILING)
    return _drop_inner_fillers(lead) if len(lead) > n else []


def _bare_commitment(toks: list[_Tok]) -> str | None:
    """An answer with no cue: "call you when i'm late" -> "I will call you when I'm late."."""
    said = [w for w in _lows(toks) if any(c.isalnum() for c in w)]
    for unsure in (["i", "don't", "know"], ["i", "do", "not", "know"], ["i", "dunno"], ["dunno"]):
        if said[: len(unsure)] == unsure:
            said = said[len(unsure) :]
            break
    if not said or (said[0] in _ANSWER_WORDS and len(said) <= 4):
        return None  # "Yep", "yes please", "yeah, save it", "I don't know, whatever you want"
    toks = _strip_edges(_drop_inner_fillers(toks), _EDGE_FILLERS, ())
    opener = _first_phrase(_lows(toks), 0, _OPENERS)  # "next time call you first"
    if opener:
        toks = _strip_edges(toks[opener:], _EDGE_FILLERS, ())
    if not toks or tuple(_lows(toks)) in _DISMISSALS:
        return None
    first = toks[0].low
    if first in _OTHER_SUBJECTS or first in _DETERMINERS or first in _NOT_A_VERB:
        return None
    if first == "not" and (len(toks) < 2 or toks[1].low in _DETERMINERS
                           or toks[1].low in {"now", "yet", "really", "sure", "quite", "exactly", "me", "you"}):
        return None  # ("but not the third one." was read back as "I will not the third one.": stop 43)
    negative = False
    if first == "i":
        if len(toks) < 2 or toks[1].low in _STATE_AFTER_I or toks[1].low.endswith("ed"):
            return None
        toks = toks[1:]
    elif first in ("i'm", "i've", "i'd", "we", "we're", "we've", "i'll", "we'll", "let's"):
        return None
    elif first == "to":
        toks = toks[1:]
    elif first in ("don't", "never"):
        negative = first == "don't"
        toks = toks[1:] if first == "don't" else toks
    if not toks or toks[0].low.endswith("ed") and toks[0].low not in ("need", "feed", "speed", "proceed"):
        return None
    return _compose([], _Cue(0, 0, negative), toks)


# --- public API --------------------------------------------------------------------------------


def clean_commitment(text: str) -> str | None:
    """One clean "I will ..." sentence from a spoken answer, or None if it holds no commitment.

    Fillers go ("um", "you know", "I think"), the many ways of saying it ("I'll", "I'm going to",
    "I'm gonna", "I commit to", "I promise to", "next time I'd", "I want to", "I'll try to") become
    "I will", "I won't" / "I'm not going to" become "I will not"; the content words stay as said.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    sentences = _sentences(text)
    for toks in sentences:
        words = _lows(toks)
        cues = _find_cues(words, weak=True)
        for k, cue in enumerate(cues):
            # the content runs to the end of the sentence (further "and I'll ..." stay in it)
            if _first_phrase(words, cue.end, _NOT_COMMITMENTS):
                continue
            if k + 1 < len(cues) and cue.start and words[cue.start - 1] in _CONDITIONS:
                # "If I have to cancel, I'll call you": the first "I have to" is the condition, kept as the
                # lead of the commitment that follows ("I will cancel, I'll call you": exploratory testing,
                # stop 43)
                continue
            lead = _lead_clause(toks[: cue.start]) if cue.start else []
            result = _compose(lead, cue, toks[cue.end :])
            if result:
                return result
    for toks in sentences:
        result = _bare_commitment(toks)
        if result:
            return result
    return None


def extract_commitments(text: str) -> list[str]:
    """Every commitment said in ``text``, each cleaned ("I will ...", "I will not ..."), in order.

    Only clear cues count ("next time I'll", "I'm going to", "I commit to", "from now on I will",
    "I promise", "I won't"); "you will see", "it will rain" or "I'll be honest" do not. Text with no
    punctuation is split at each cue and at phrases that start something else ("but", "I feel").
    """
    if not isinstance(text, str) or not text.strip():
        return []
    found: list[str] = []
    seen: set[str] = set()
    for toks in _sentences(text):
        words = _lows(toks)
        cues = _find_cues(words, weak=False)
        for k, cue in enumerate(cues):
            stop = cues[k + 1].start if k + 1 < len(cues) else len(toks)
            for b in range(cue.end + 1, stop):
                if _first_phrase(words, b, _BOUNDARIES):
                    stop = b
                    break
            content_words = words[cue.end : stop]
            if _first_phrase(content_words, 0, _NOT_COMMITMENTS):
                continue
            if cue.going_to and content_words and content_words[0] in _GOING_TO_NOUNS:
                continue
            result = _compose([], cue, toks[cue.end : stop])
            if result and result.lower() not in seen:
                seen.add(result.lower())
                found.append(result)
    return found


def other_commitments(text: str, besides: str | None = None) -> list[str]:
    """Commitments said in the sentences of ``text`` (split also at ", and") that are not the commitment
    ``besides`` and do not hold its words: "Next time I will clean up. Also I'll cook on Fridays." besides "I
    will clean up." gives ["I will cook on Fridays."]. What a session offers after the one it read back, and
    what `forget` must keep when it takes ``besides`` out of an answer."""
    core = (besides or "").strip().rstrip(" .!?").removeprefix("I will ")
    out: list[str] = []
    for sentence in re.split(r"(?<=[.!?;])\s+|,\s*(?=and\b)", text or ""):
        if core and core in sentence:
            continue
        # a sentence besides the answer's own needs a commitment's words ("I'll", "I will", "next time I'd"):
        # "Fine." or "Look." before it are not "I will fine" (exploratory testing, stop 43)
        cued = any(_find_cues(_lows(toks), weak=True) for toks in _sentences(sentence))
        found = clean_commitment(sentence) if cued else None
        if found and core and found.rstrip(" .!?").removeprefix("I will ") in core:
            continue  # a part of the one read back ("…, and I will book a new date" of the whole answer)
        if found and found != besides and found not in out:
            out.append(found)
    return out


_VAGUE = (
    r"^(?:we|i) will (?:really )?(?:try(?: to)?(?: harder| my best)?|do (?:my )?(?:better|best)|be (?:a )?(?:better|nicer|kinder"
    r"|more (?:careful|thoughtful|considerate|patient|understanding))(?: \w+)?|change|improve|try to change"
    r"|work on (?:it|myself|that|things|this)|make it up to you|do (?:things )?differently|try to (?:be|do) better)"
    r"(?: from now on| next time| in future| in the future)?[.!]?$"
)


def vague(commitment: str) -> bool:
    """ "I will try.", "I will be better.", "I will do better next time.": nothing specific to do."""
    return re.match(_VAGUE, commitment.lower().replace("\u2019", "'")) is not None


def blames_them(commitment: str) -> bool:
    """ "I will tell you if I'm late, but you need to stop nagging": a complaint riding on a commitment."""
    # (exploratory testing, stop 43: a condition on them, "as long as you don't freak out", "if you stop
    # interrupting me", "so you don't have to complain", "and you will stop nagging", went into the note)
    pattern = (
        r"\bbut you\b|\byou (need|have|must|should|better|had better|ought) to\b"
        r"|\b(as long as|so long as|provided|providing|only if) you\b"
        r"|\b(if|unless) you (stop|quit|calm|learn|finally|actually|stop being|can be bothered)\b"
        r"|\bso (that )?you (don't|do not|won't|will not|can stop|stop|quit) (have to )?(complain|nag|moan|go on"
        r"|whine|freak|shout|yell|keep|bring)"
        r"|\b(and|then) you (will|'ll|can|should|must|need|have to) (stop|quit|start|be|learn|calm|listen)\b"
        r"|\byou('ll| will) (stop|quit) \w+ing\b"
    )
    return re.search(pattern, commitment.lower().replace("\u2019", "'")) is not None
