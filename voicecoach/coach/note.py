"""The short note to send after the follow-up conversation (METHOD.md section 6).

Three to five sentences: thanks for the feedback and openness, what was heard (in second person:
"I heard that you felt..."), what will change (the commitments, first person), and that the
relationship matters. Pure text; the session speaks it and the store keeps it.
"""

from __future__ import annotations

import re

from voicecoach.coach.commitments import _APOSTROPHES, _FILLERS_ANYWHERE

__all__ = ["commitments_line", "draft_note", "forget_commitment", "going_forward", "heard_sentence"]

# Ways a reflection opens; the note says "I heard that ..." instead.
_REFLECTION_OPENERS = re.compile(
    # ("Okay. What I heard…", "I hear you. You came home…", "So basically you're saying…" were kept whole:
    # "I heard that okay. What I heard you say is…", exploratory testing, stop 42)
    r"^\s*(?:(?:so|okay|ok|um|uh|right|well)\s*[,.]?\s+|basically\s*,?\s+"
    # ("Fine. What I heard…", "Sorry. What I heard…" became "I heard that fine. What I heard you say is…":
    # exploratory testing, stop 43)
    r"|(?:fine|sorry|i'm sorry|i am sorry|look|listen|sure|alright|all right|oh|yes|yeah|no|hmm)\s*[,.!]\s+)*"
    r"(?:i\s+hear\s+you(?=\s*[,.])"
    r"|(?:what|when|but)\s+i(?:'m|\s+am)?\s+(?:heard|hearing|hear)(?:\s+you\s+(?:saying|say))?(?:\s+is|\s+was)?"
    r"|i\s+(?:heard|hear)(?:\s+you\s+(?:saying|say))?"
    r"|it\s+sounds\s+like"
    r"|so\s+you(?:'re|\s+are)\s+saying"
    r"|you(?:'re|\s+are)\s+saying"
    r"|if\s+i\s+understand(?:\s+you)?(?:\s+(?:right|correctly))?"
    r"|if\s+i(?:'ve|\s+have)?\s+got\s+(?:it|that|this|you)\s+right"
    r"|correct\s+me\s+if\s+i(?:'m|\s+am)\s+wrong(?:\s*,?\s*but)?)"
    r"\b\s*,?\s*(?:that\b\s*)?",
    re.IGNORECASE,
)
_TRAILING_CHECK = re.compile(
    r"[\s,]*(?:did i get (?:that|it) right|is that right|have i got that right|is that it)\s*[?.!]*\s*$",
    re.IGNORECASE,
)
_I_FORMS = re.compile(r"\b(i|i'm|i've|i'd|i'll|im|ive)\b")
_I_FIX = {"i": "I", "i'm": "I'm", "i've": "I've", "i'd": "I'd", "i'll": "I'll", "im": "I'm", "ive": "I've"}


_FEEL_WORDS = re.compile(r"\b(?:feel|feels|felt|feeling|hurt|upset|scared|angry)\b", re.IGNORECASE)


# A recogniser's (or a hurried typist's) words as a note is written: no "um", and "dont" as "don't" (not
# "lets": "he lets you down" is a word of its own). Exploratory testing, stop 42: the note kept both.
_FILLERS = re.compile(
    r"(?:^|(?<=\s))(?:" + "|".join(sorted(_FILLERS_ANYWHERE, key=len, reverse=True)) + r")\b[,.]?\s*",
    re.IGNORECASE,
)
_RESTORED = {k: v for k, v in _APOSTROPHES.items() if k != "lets"} | {
    "youve": "you've", "weve": "we've", "theyve": "they've", "werent": "weren't", "whats": "what's",
}
_BARE = re.compile(r"\b(" + "|".join(sorted(_RESTORED, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def _restore(m: re.Match) -> str:
    word = _RESTORED[m.group(1).lower()]
    return word[:1].upper() + word[1:] if m.group(1)[:1].isupper() else word


def _tidy(text: str) -> str:
    text = " ".join(text.replace("’", "'").split())
    text = " ".join(_FILLERS.sub("", text).split())
    text = _BARE.sub(_restore, text)
    return _I_FORMS.sub(lambda m: _I_FIX[m.group(1).lower()], text)


def heard_sentence(heard: str, feeling: str | None = None) -> str | None:
    """"I heard that ..." from a reflection ("what I heard you say is that you felt X"), or None.

    When a feeling is given and the reflection names no feeling at all, it is added ("..., and
    that it left you feeling hurt"), so the note carries their feeling back to them.
    """
    text = _tidy(heard or "")
    text = _TRAILING_CHECK.sub("", text)
    text = text.strip(" .!?,;:")
    if not text:
        body = ""
    else:
        m = _REFLECTION_OPENERS.match(text)
        body = text[m.end():] if m else text
        body = body.strip(" .!?,;:")
    feeling = " ".join((feeling or "").split()).strip(" .")
    if body:
        first = body.split(" ", 1)[0]
        if first not in _I_FIX.values() and not first.isupper():
            body = body[:1].lower() + body[1:]
        names_a_feeling = feeling.lower() in body.lower() or _FEEL_WORDS.search(body)
        if feeling and not names_a_feeling:
            body += f", and that it left you feeling {feeling}"
        return f"I heard that {body}."
    if feeling:
        return f"I heard how {feeling} you felt."
    return None


def _commitment_clause(commitment: str) -> str:
    c = _tidy(commitment).strip(" .!?,;:")
    if not c:
        return ""
    first = c.split(" ", 1)[0]
    if first not in _I_FIX.values():
        c = c[:1].lower() + c[1:]
    return c


def _join(clauses: list[str]) -> str:
    if len(clauses) == 1:
        return clauses[0]
    if len(clauses) == 2:
        return f"{clauses[0]}, and {clauses[1]}"
    return ", ".join(clauses[:-1]) + f", and {clauses[-1]}"


def draft_note(*, with_name: str | None, heard: str, commitments: list[str], feeling: str | None) -> str:
    """A short follow-up note: thanks, what was heard, what will change, the relationship matters.

    ``with_name`` is who it goes to (None or empty: "Hi,"); ``heard`` is the user's reflection;
    ``commitments`` are clean "I will ..." sentences (zero or more); ``feeling`` is the feeling
    the other person named, if known.
    """
    name = " ".join((with_name or "").split()).strip(" ,")
    greeting = f"Hi {name}," if name else "Hi,"
    sentences = ["Thank you for your honest feedback, and for being so open with me."]
    said = heard_sentence(heard, feeling)
    if said:
        sentences.append(said)
    sentences.append(going_forward(commitments))
    sentences.append("Our relationship matters a lot to me, and I'm glad we talked.")
    return greeting + "\n" + " ".join(sentences)


def going_forward(commitments: list[str] | None) -> str:
    """The note's sentence of what will change: "Going forward, I will …, and I will …"."""
    clauses = [c for c in (_commitment_clause(x) for x in (commitments or [])) if c]
    if clauses:
        return f"Going forward, {_join(clauses)}."
    return "I'm thinking carefully about what I can do differently next time."


def commitments_line(commitments: list[str]) -> str:
    """The closing summary's line of the commitments saved ("Your commitment: …")."""
    from voicecoach.coach.prompts import prompt

    if len(commitments) == 1:
        return prompt("closing.commitments_one", commitment=commitments[0])
    if commitments:
        listed = "; ".join(c.strip().rstrip(".") for c in commitments) + "."  # (not "….; …": exploratory testing)
        return prompt("closing.commitments_many", count=len(commitments), commitments=listed)
    return prompt("closing.no_commitments")


def forget_commitment(note: str | None, summary: str | None, gone: str, before: list[str]) -> tuple[str | None, str | None]:
    """A session's note and closing summary without the commitment ``gone`` (one of ``before``, the
    session's commitments in order): the sentence that listed them is said again without it. Where the text
    is not as it was drafted, the commitment's words are taken out all the same ("forget" means its words are
    gone: exploratory testing, stop 42, found them left in both)."""
    after = list(before)
    if gone in after:
        after.remove(gone)

    def redo(text: str | None, line) -> str | None:
        if not text:
            return text
        old, new = line(before), line(after)
        if old in text:
            text = text.replace(old, new, 1)
        for words in {gone.strip(), gone.strip().rstrip(" .!?,;:"), _commitment_clause(gone)}:
            if words:
                text = text.replace(words, "…")
        return text

    return redo(note, going_forward), redo(summary, commitments_line)
