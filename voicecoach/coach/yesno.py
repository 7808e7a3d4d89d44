"""Yes / no / partly from a short spoken answer ("Shall I save that?", "Did you follow through?").

Recogniser text comes in lower case without punctuation; typed text may have both. Only short
answers count: a sentence that merely contains "no" somewhere ("there is no way...") is not an
answer unless it starts with one ("no, there's no way...").
"""

from __future__ import annotations

import re

__all__ = ["got_it", "neither_yes_nor_no", "only_an_answer", "parse_answer", "YES", "NO", "PARTLY"]

YES, NO, PARTLY = "yes", "no", "partly"

# Three kinds of phrase, by how much may follow them:
# - STRONG: the answer word itself; anything may follow ("no, there's no way I could").
# - LEAD: a short answer that may open a short reply ("I did it on Tuesday"), at most
#   _MAX_WORDS words in all.
# - EXACT: words that are an answer only on their own ("right", "fine", "some"), since they
#   also open ordinary sentences ("right now I can't", "some days are hard").
_STRONG: dict[str, tuple[str, ...]] = {
    YES: ("yes", "yeah", "yep", "yup", "yea", "yah", "aye", "absolutely", "definitely", "correct",
          "of course", "certainly", "exactly", "affirmative", "yes please", "totally"),
    NO: ("no", "nope", "nah", "nay", "not really", "not yet", "not at all", "absolutely not",
         "definitely not", "of course not", "certainly not", "no way", "negative", "no thanks",
         "no thank you", "uh uh", "nuh uh"),
    PARTLY: ("partly", "partially", "sort of", "sorta", "kind of", "kinda", "somewhat", "mostly",
             "yes and no", "partly yes", "partly no", "in part", "more or less", "not completely",
             "not entirely", "not fully", "not always", "halfway", "half and half",
             # "barely", and PocketSphinx's usual hearing of a spoken "partly" (exploratory testing, stop 42)
             "hardly", "barely"),
}
_LEAD: dict[str, tuple[str, ...]] = {
    YES: ("sure", "sure thing", "that's right", "that is right", "that's correct", "that's it",
          "you got it", "please do", "save it", "keep it", "do it", "go ahead", "ok", "okay",
          "alright", "all right", "uh huh", "mhm", "mm hmm", "mmhmm", "i did", "i have", "i do",
          "i think so", "i guess so", "i believe so", "sounds good", "that's fine", "all of it",
          "every time", "every day", "fully", "completely", "i kept it", "i followed through",
          "i managed", "i managed it", "i did it"),
    NO: ("don't", "do not", "please don't", "don't save it", "don't save", "do not save it",
         "i didn't", "i did not", "i haven't", "i have not", "i don't think so", "i guess not",
         "i don't", "i don't want to", "not this time", "forget it", "scrap it", "delete it",
         "that's wrong", "that's not right", "not quite", "i forgot", "i failed", "didn't",
         "haven't", "none of it", "not once", "not that", "never did", "i couldn't", "i wasn't able to",
         "i did not manage", "i didn't manage"),
    PARTLY: ("a bit", "a little", "a little bit", "some of it", "half of it", "most of it",
             "a few times", "once or twice", "i tried", "i tried to", "so so", "so-so",
             "some of the time", "most of the time", "half the time", "not as much as i wanted",
             "kind of yes", "sort of yes", "i did some", "i did some of it", "i did most of it",
             "i did half", "i did it sometimes", "i did it once"),
}
_EXACT: dict[str, tuple[str, ...]] = {
    YES: ("right", "good", "great", "perfect", "fine", "please", "save", "done", "yes yes", "indeed",
          "of course yes"),
    NO: ("never", "nothing", "none", "cancel", "wrong", "incorrect", "failed", "forgot", "stop it"),
    PARTLY: ("some", "half", "almost", "nearly", "sometimes", "once", "a bit yes", "a little yes"),
}
# Not an answer, though it starts like one.
_UNSURE = ("i don't know", "don't know", "i do not know", "not sure", "i'm not sure", "i am not sure",
           "no idea", "i have no idea", "i can't remember", "i don't remember", "no comment",
           "never mind", "right now", "sure about", "fine but", "good question",
           # ("I don't really remember" was taken as a "no": exploratory testing, stop 43)
           "i don't really remember", "i really don't remember", "i don't really know", "i really don't know",
           "i do not remember", "i don't recall", "i can't recall", "i cannot remember", "i cannot recall")
_THANKS = (("thanks",), ("thank", "you"), ("please",), ("i", "think"), ("i", "guess"))

_MAX_WORDS = 6  # "i did it on tuesday" is an answer; a long story that starts "i did" is not

_HEDGES: tuple[tuple[str, ...], ...] = tuple(
    tuple(h.split())
    for h in ("um", "umm", "uh", "er", "erm", "hmm", "mm", "well", "oh", "so", "okay so", "i mean",
              "i'd say", "i would say", "honestly", "to be honest", "actually", "the answer is",
              "my answer is", "and", "i think", "i guess", "i'd say it's")
)
# Words after "yes, but ..." / "no, but ..." that make it a partial answer.
_PARTIAL_AFTER_BUT = {
    "partly", "partially", "some", "most", "mostly", "half", "only", "once", "twice", "sometimes",
    "few", "tried", "try", "almost", "nearly", "bit", "little", "slipped", "forgot", "missed",
    "except", "not", "always", "every",
}


def _table(groups: dict[str, tuple[str, ...]]) -> tuple[tuple[tuple[str, ...], str], ...]:
    items = [(tuple(p.split()), ans) for ans, phrases in groups.items() for p in phrases]
    return tuple(sorted(items, key=lambda item: -len(item[0])))  # longest first


_STRONG_T, _LEAD_T, _EXACT_T = _table(_STRONG), _table(_LEAD), _table(_EXACT)
_UNSURE_T = tuple((tuple(p.split()), "") for p in _UNSURE)
_THANKS_T = tuple((p, "") for p in sorted(_THANKS, key=len, reverse=True))

_FIXES = {"dont": "don't", "didnt": "didn't", "havent": "haven't", "thats": "that's", "im": "i'm",
          "couldnt": "couldn't", "wasnt": "wasn't", "yess": "yes", "noo": "no"}


def _words(text: str) -> list[str]:
    text = text.lower().replace("’", "'")
    text = re.sub(r"[^\w\s'-]", " ", text)
    words = [w.strip("'-_") for w in text.split()]
    return [_FIXES.get(w, w) for w in words if w]


def _match(words: list[str], table) -> tuple[str, int] | None:
    for phrase, answer in table:
        if tuple(words[: len(phrase)]) == phrase:
            return answer, len(phrase)
    return None


def _strip_one_hedge(words: list[str]) -> list[str] | None:
    """``words`` without the hedge it starts with ("um", "well", "i think"), or None if none."""
    for h in _HEDGES:
        if len(words) > len(h) and tuple(words[: len(h)]) == h:
            return words[len(h):]
    return None


def _refine(answer: str, rest: list[str]) -> str:
    """Adjust an answer by what follows it: "absolutely not", "yes but only once", "no, mostly"."""
    if not rest:
        return answer
    if answer == YES and rest[0] in ("not", "never"):
        return NO
    if answer in (YES, NO) and rest[0] in ("but", "though", "although", "except", "well"):
        return PARTLY if any(w in _PARTIAL_AFTER_BUT for w in rest[1:]) else answer
    if answer in (YES, NO):
        follow = _match(rest, _STRONG_T) or _match(rest, _LEAD_T)
        if follow is not None and follow[0] == PARTLY:
            return PARTLY  # "yes mostly", "no not entirely", "yeah a bit"
        if follow is not None and {answer, follow[0]} == {YES, NO} and len(rest) == follow[1]:
            return UNCLEAR  # "yes no": both, and nothing else (it saved a commitment: exploratory testing)
    return answer


UNCLEAR = "unclear"  # (internal: a yes and a no at once)


def parse_answer(text: str) -> str | None:
    """"yes", "no", "partly", or None when ``text`` is not a short yes/no/partly answer."""
    if not isinstance(text, str):
        return None
    words: list[str] | None = _words(text)
    while words:
        while len(words) > 1 and words[0] == words[1]:  # "no no no", "yes yes"
            words = words[1:]
        answer = _parse_words(words)
        if answer == UNCLEAR:
            return None
        if answer is not None:
            return answer
        words = _strip_one_hedge(words)  # "um well i think so" -> "well i think so" -> ...
    return None


def _parse_words(words: list[str]) -> str | None:
    if not words or _match(words, _UNSURE_T):
        return None
    strong = _match(words, _STRONG_T)
    lead = _match(words, _LEAD_T)
    # the longer phrase wins: "i don't think so" (lead) over nothing; "not at all" (strong)
    if strong and (not lead or strong[1] >= lead[1]):
        answer, n = strong
        return _refine(answer, words[n:])
    if lead:
        answer, n = lead
        if len(words) <= _MAX_WORDS:
            return _refine(answer, words[n:])
        return None
    exact = _match(words, _EXACT_T)
    if exact:
        answer, n = exact
        rest = words[n:]
        while rest:
            tail = _match(rest, _THANKS_T)
            if tail is None:
                break
            rest = rest[tail[1]:]
        if not rest:
            return answer
    return None


# words that make up a reply that is only a yes or a no ("no thanks", "yes please", "nothing")
_ANSWER_WORDS = frozenset(
    "yes yeah yep yup sure ok okay please no nope nah not really thanks thank you nothing that's thats it is "
    "fine good all right i'm im am go ahead".split()
)


def only_an_answer(text: str) -> bool:
    """Whether ``text`` is only a yes or a no, with nothing else said: "No, I just forgot…" is more (at
    "Would you like to add a note?" it is the note itself)."""
    words = re.findall(r"[a-z']+", text.lower().replace("’", "'")) if isinstance(text, str) else []
    return bool(words) and all(w in _ANSWER_WORDS for w in words)


_GOT_IT = ("you got it", "you've got it", "you have got it", "that's it", "that is it", "spot on", "exactly")


def got_it(text: str) -> bool:
    """ "No, you got it", "nope, that's it": a "no" that says it landed."""
    low = text.lower().replace("’", "'")
    return any(g in low for g in _GOT_IT) and "not" not in low.split() and "didn't" not in low


_UNCLEAR_CHECK = frozenset(
    "i don't know|i dont know|dunno|not sure|i'm not sure|whatever|close enough|kind of|sort of|maybe|i guess"
    .split("|")
)


def neither_yes_nor_no(text: str) -> bool:
    """An answer to "did they get it?" that is neither yes nor no and names nothing that was missed."""
    low = text.lower().replace("’", "'").strip(" .!?,")
    return low in _UNCLEAR_CHECK
