"""Coaching for the exercise steps other than the reflection (METHOD.md §1, §3, §4, §5).

Each function takes what the user said (typed or straight from the recogniser) and returns a
:class:`StepFeedback`: whether the answer does what the step asks, one or two short, kind sentences the
coach says aloud, and flags naming what it noticed ("but", "blame", "conditional_apology"…).
Pure text in, values out; word lists come from ``voicecoach/data/phrases.toml`` and ``feelings.toml``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from voicecoach.coach.scorer import family_of, feeling_families, find_feelings, find_phrases
from voicecoach.coach.text import STOPWORDS, normalise, tokens

__all__ = ["StepFeedback", "coach_needs", "coach_ownership", "coach_root", "coach_validation"]


@dataclass(frozen=True)
class StepFeedback:
    """The coach's reading of one answer."""

    ok: bool
    feedback: str
    flags: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _has(text: str, pattern: str) -> bool:
    return re.search(pattern, text) is not None


def _content_words(text: str) -> list[str]:
    return [w for w in tokens(text) if w not in STOPWORDS and len(w) > 2]


# Blame of the other person (METHOD.md §1 "the problem is the dynamic, not the person"; §3).
_BLAME = (
    r"\byou (always|never)\b|\bif you (had|have|would|did|had not|did not|just)\b|\byour fault\b"
    r"|\byou made me\b|\bbecause of you\b|\byou started\b|\bthanks to you\b|\byou (are|were) (so|too|being)\b"
    r"|\byou should have\b|\byou should not have\b|\bit is all you\b|\byou caused\b|\byou forced me\b"
    r"|\byou are the problem\b|\byou ruin"
    # said of them to the coach: "it was all his fault", "she overreacts to everything", "a selfish jerk"
    r"|\b(his|her|their) fault\b|\b(he|she|they) (always )?overreacts?\b|\b(he|she) is (such )?a (selfish )?"
    r"(jerk|idiot|narcissist|child)\b|\b(he|she) is (so )?(selfish|lazy|useless|impossible)\b"
)
_BUT = r"\b(but|however|though|although|except|yet)\b"
_CONDITIONAL_APOLOGY = (
    r"\bsorry (if|that you feel|that you felt|you feel that way|you felt that way|you took it)"
    r"|\bapologi[sz]e if\b|\bif i (hurt|offended|upset)\b|\bif you (were|felt) (hurt|offended|upset)\b"
    r"|\bsorry you (feel|felt|took|were) (that way|like that|offended)"
)


def coach_root(text: str) -> StepFeedback:
    """Step 1: the root of the conflict and the message you meant to give (METHOD.md §1)."""
    norm = normalise(text if isinstance(text, str) else "")
    words = _content_words(norm)
    flags: list[str] = []
    if not words:
        return StepFeedback(
            False,
            "That's all right. Keep it in mind as we go: what the fight was really about, and what you meant "
            "to say.",
            ["empty"],
        )
    blame = _has(norm, _BLAME)
    mine = _has(norm, r"\b(i|my|me|we|our|us)\b")
    if blame:
        flags.append("blame")
    kinds = [
        k
        for k, pat in (
            ("miscommunication", r"\bmiscommunicat|\bcommunicat|\bsaid\b|\btone\b"),
            ("misunderstanding", r"\bmisunderst|\bthought (you|she|he|they)\b|\bassum"),
            ("difference", r"\bdisagree|\bdifferen|\bopinion|\bvalues?\b|\bwant (different|other)"),
        )
        if _has(norm, pat)
    ]
    flags.extend(kinds)
    intended = _has(norm, r"\b(i meant|i wanted|i was trying|i intended|my point|i hoped|what i meant)\b")
    if intended:
        flags.append("intended_message")
    if blame and not mine:
        return StepFeedback(
            False,
            "That puts it all on them. The problem is the dynamic, not the person: as we go, think about "
            "your side of it, and what you meant to say.",
            flags,
        )
    if blame:
        return StepFeedback(
            True, "You named it. Try saying it as the pattern between you, not as their fault.", flags
        )
    if len(words) < 2:
        # (said, not asked: the next thing heard is the reflection, so a question here was answered into
        # it and judged as one: exploratory testing, stop 42)
        named = {"miscommunication": "miscommunication", "misunderstanding": "misunderstanding",
                 "difference": "difference of opinion"}
        if kinds:
            return StepFeedback(
                False,
                f"A {named[kinds[0]]}, then. Keep in mind what you meant to say, and how it was taken.",
                flags + ["too_short"],
            )
        return StepFeedback(
            False,
            "Keep that in mind, and think about it as we go: a miscommunication, a misunderstanding or a real "
            "difference of opinion, and what you meant to say.",
            flags + ["too_short"],
        )
    if not intended:
        return StepFeedback(
            True, "Good. Now think about the message you meant to give, and how it was received.", flags
        )
    return StepFeedback(
        True,
        "Good: you named the root and what you meant. Keep the goal in mind: to connect, not to win.",
        flags,
    )


def coach_ownership(text: str) -> StepFeedback:
    """Step 3: own your part and its impact, as an I-statement (METHOD.md §3)."""
    norm = normalise(text if isinstance(text, str) else "")
    if not _content_words(norm):
        return StepFeedback(
            False,
            "That's all right. As we go, think of one thing you did, and how it landed for them, for example: "
            "'I see how the way I defended myself sounded like criticism.'",
            ["empty"],
        )
    flags: list[str] = []
    own = _has(
        norm,
        r"\bi (\w+ ){0,2}(did|said|was|got|yelled|shouted|raised|interrupted|defended|criticised|"
        r"criticized|shut|walked|ignored|snapped|cancelled|canceled|forgot|made|kept|took|went|"
        r"left|stopped|dismissed|judged|reacted|listened|blamed|accused|told|missed|used|put|"
        r"have been|had|did not|was not|never|always|tend|talked|acted|brushed|laughed|checked|"
        r"handled|decided|pushed|sent|read|spent|sided|lost)\b"
        r"|\bmy (part|words|tone|reaction|behaviou?r|anger|silence|comment|joke|response)\b"
        r"|\bthe way i\b|\bwhat i (said|did)\b|\bwhen i\b|\bi (own|take responsibility|was wrong)\b"
        # any act of theirs in the past ("I bought the bike behind your back", "I signed it without asking
        # you", "I let you down", "I punched the wall" were told to name their own actions: stop 43)
        r"|\bi (\w+ )?(\w{3,}ed|bought|brought|let|hit|broke|threw|sold|wrote|gave|hid|lied|chose|swore|stole|"
        r"punched|kicked|paid|ran|came|ate|drank|cut|sat|stood|booked|signed)\b",
    )
    # "I was tired, what do you expect", "I was busy": a state given as the reason, no act owned (they were
    # told "You named what you did": exploratory testing, stop 43)
    state_only = _has(norm, r"\bi was (\w+ )?(tired|busy|stressed|exhausted|swamped|knackered|overwhelmed|under "
                            r"pressure)\b|\bwhat do you expect\b|\bwhat did you expect\b") and not _has(
        re.sub(r"\bi was (\w+ )?(tired|busy|stressed|exhausted|swamped|knackered|overwhelmed)\b", "", norm),
        r"\bi (\w+ )?(\w{3,}ed|did|said|snapped|shouted|yelled|forgot|made|took|went|left|missed|let|hit|broke|"
        r"ignored|cancelled|bought|spent|kept|lost|got)\b")
    impact = _has(
        norm,
        r"\b(you|your)\b.*\b(felt|feel|feeling|hurt|sounded|seemed|came across|landed|made you|"
        r"left you|must have|impact|affected|sting|doesn't feel|does not feel|upset|scared|"
        r"alone|ignored|criticised|criticized|embarrassed|unimportant)\b"
        r"|\bhow (that|it|this) (felt|sounded|landed|came across|affected)\b"
        r"|\bsounded like\b|\bcame across as\b|\bi see how\b|\bi know (that )?(hearing|it)\b"
        # the impact on them said of them ("…and I can see that made her feel shut out"), or how it felt to them
        r"|\b(felt|was|seemed|sounded) (\w+ )?(to|for) (you|her|him|them)\b"
        r"|\bmade (her|him|them) (feel|think)\b|\b(hurt|upset|scared|embarrassed) (her|him|them)\b"
        r"|\b(scared|hurt|upset|frightened|embarrassed|humiliated|worried|stung|affected|wounded|"
        r"shamed|belittled|silenced|dismissed|ignored) you\b"
        # "…, which left you stressed and exposed": the impact with no "you" before it (stop 43)
        r"|\b(left|leaves|made|makes|leaving|making) you (feel |feeling )?\w+",
    )
    if _has(norm, _CONDITIONAL_APOLOGY):
        flags.append("conditional_apology")
    blame = _has(norm, _BLAME)
    if blame:
        flags.append("blame")
    # "…even though I knew you'd be tired" makes the act worse, it does not take it back (it was told "The
    # 'but' takes back what came before it": exploratory testing, stop 42)
    owned = re.sub(r"\b(even though|although|though) (i|we) (knew|know|could see|had promised|promised)\b", "",
                   norm)
    but = _has(owned, _BUT)
    if but:
        flags.append("but")
    # "I did nothing wrong", "I didn't do anything, she just overreacted": nothing owned (these were told
    # "You named what you did": exploratory testing, stop 42)
    denial = _has(
        norm,
        r"\bi (did|have done|had done) nothing\b|\bi did not do anything\b|\bnothing wrong\b"
        r"|\bnot my fault\b|\bi (\w+ )?do not know what i did\b|\bi have nothing to (own|apologi[sz]e)\b",
    )
    if denial:
        flags.append("denial")
    # "…because she was nagging me", "she just overreacted": the reason handed back to them
    excuse = _has(norm, r"\bbecause (she|he|they|you) (was|were|kept|had|did|would|always|never|just)\b"
                        r"|\b(she|he|they|you) (just )?(overreacted|over reacted|started it)\b")
    if excuse:
        flags.append("excuse")
    # "Whatever. Fine. I was wrong. Happy?": giving in is not owning
    sarcasm = _has(norm, r"^whatever\b|\bhappy now\b|\bhappy\s*$|\bthere i said it\b|\bsatisfied\s*$")
    if sarcasm:
        flags.append("sarcasm")
    if "conditional_apology" in flags:
        return StepFeedback(
            False,
            "'Sorry if you felt…' puts it on their feelings. Own what you did: 'I'm "
            "sorry I…', and how it affected them.",
            flags,
        )
    if denial:
        return StepFeedback(
            False,
            "That says you did nothing. Look again for one thing you did, however small: 'I raised my "
            "voice', 'I went quiet', and how it landed for them.",
            flags,
        )
    if sarcasm:
        return StepFeedback(
            False, "That sounds like giving in, not owning it. Say plainly one thing you did, and how it landed.",
            flags,
        )
    if state_only and not (blame or excuse):
        flags.append("reason_only")
        return StepFeedback(
            False,
            "That gives a reason, not your part. Name one thing you did, and how it landed for them: 'I "
            "snapped at you, and I see how that hurt.'",
            flags,
        )
    if blame or excuse:
        return StepFeedback(
            False,
            "That turns back to what they did. This step is only your part: what you did, and its impact.",
            flags,
        )
    if but:
        return StepFeedback(
            False, "The 'but' takes back what came before it. Own your part and stop there.", flags
        )
    if not own:
        flags.append("no_own_behaviour")
        return StepFeedback(
            False, "Name your own words or actions: 'I raised my voice', 'I shut down'.", flags
        )
    if not impact:
        flags.append("no_impact")
        return StepFeedback(
            False,
            "You named what you did. Now say how it landed for them: 'I see how that sounded like…'.",
            flags,
        )
    return StepFeedback(True, "Good: you owned what you did and saw how it landed for them.", flags)


def _said_as(word: str) -> str:
    """A pattern for the feeling word the step asked for, as a recogniser may split it: PocketSphinx hears
    "unimportant" as "an important" every time (exploratory testing, stop 43), so "un-" may come back as
    "an", "and", "in" or "on"."""
    if word.startswith("un") and len(word) > 4:
        return r"\b(?:un|an|and|in|on) ?" + re.escape(word[2:]) + r"\b"
    return r"\b" + re.escape(word) + r"\b"


def coach_validation(text: str, feeling: str | None = None) -> StepFeedback:
    """Step 4: name their feeling and say it makes sense (METHOD.md §4).

    ``feeling`` is the feeling they expressed, if known ("unimportant"); any word of its family counts.
    """
    norm = normalise(text if isinstance(text, str) else "")
    if not _content_words(norm) and not find_feelings(norm):
        return StepFeedback(
            False,
            "Name what they felt, and tell them it makes sense: 'It makes sense that you felt…'.",
            ["empty"],
        )
    flags: list[str] = []
    found = find_feelings(norm)
    family = family_of(feeling) if feeling else None
    if family:
        related = set(feeling_families().get(family, {}).get("related", []))
        named = family in found or bool(related & set(found))
    else:
        named = bool(found)
    # the word the step asked for ("Tell them it makes sense that they felt misled"), said back, is named even
    # where the feeling lists do not know it (exploratory testing, stop 42)
    named = named or bool(feeling and _has(norm, _said_as(normalise(feeling))))
    validates = _has(
        norm,
        r"\bmakes? sense\b|\bi (get|understand|can see|see) (that|why|how)\b|\bof course you\b"
        r"|\bno wonder\b|\bit is understandable\b|\bunderstandable\b|\banyone would\b"
        r"|\bi would (feel|have felt) (that|the same)\b|\bthat sounds (hard|painful|awful)\b"
        r"|\bi can imagine\b|\bthat is (sad|upsetting|hard|painful)\b|\bi get it\b"
        r"|\bthanks? (you )?for telling me\b|\bit is okay to feel\b|\byou have every right\b",
    )
    minimising = find_phrases(norm, "minimising")
    if minimising:
        flags.append("minimising")
    but = _has(norm, _BUT)
    if but:
        flags.append("but")
    if not named:
        flags.append("no_feeling")
    if not validates:
        flags.append("no_validation")
    if minimising:
        return StepFeedback(
            False,
            f"'{minimising[0]}' makes their feeling smaller. Let it be as big as it is for them.",
            flags,
        )
    if but:
        return StepFeedback(
            False, "The 'but' undoes the validation. Say that it makes sense, and stop there.", flags
        )
    # their word, as the step's question said it ("humiliated"), not its family's label ("embarrassed")
    want = (" ".join(feeling.split()) or None) if family and feeling else None
    if not named and not validates:
        hint = f" ({want})" if want else ""
        return StepFeedback(
            False, f"Name what was hurt in them{hint}, and say it makes sense that they feel that way.", flags
        )
    if not named:
        hint = f": {want}" if want else ""
        return StepFeedback(False, f"You're validating; now name the feeling{hint}.", flags)
    if not validates:
        return StepFeedback(
            False,
            "You named the feeling. Now tell them it makes sense: 'It makes sense that you felt that way.'",
            flags,
        )
    return StepFeedback(
        True,
        "Good: you named their feeling and said it makes sense. Validating isn't "
        "conceding; it says the exchange hurt.",
        flags,
    )


def coach_needs(text: str) -> StepFeedback:
    """Step 5: say what you need to feel safe in conflict (METHOD.md §5)."""
    norm = normalise(text if isinstance(text, str) else "")
    if not _content_words(norm):
        return StepFeedback(
            False,
            # (said, not asked: the coach moves on after it; exploratory testing, stop 42)
            "Take it with you: what you need to feel safe when you disagree, as 'I need…' or 'It helps me "
            "when…'. Think it over before you talk.",
            ["empty"],
        )
    flags: list[str] = []
    need = _has(
        norm,
        r"\bi (really )?(need|would like|would love|want|would feel (safer|better|calmer)|"
        r"feel (safe|safer|better|calmer) when|would appreciate|ask that|hope)\b"
        r"|\bit (would )?helps? (me )?(when|if)\b|\bwhat helps me\b|\bwhat i need\b"
        r"|\bcould we\b|\bcan we\b|\bi am asking\b",
    )
    demand = _has(
        norm,
        r"\byou (need to|have to|must|better|had better|should)\b|\bstop (being|doing)\b"
        r"|\bnever again\b|\bor else\b|\bi demand\b|\bi expect you\b"
        # "I need her to admit she was wrong", "I need you to stop nagging me" (praised: exploratory testing)
        r"|\bi (really )?need (you|him|her|them) to (admit|stop|apologi[sz]e|accept|realise|realize"
        r"|understand that|see that|back off|change)\b",
    )
    blame = _has(norm, _BLAME)
    if demand:
        flags.append("demand")
    if blame:
        flags.append("blame")
    if blame:
        return StepFeedback(
            False,
            "That's about what they do wrong. Say what helps you feel safe: 'I need…', 'It helps me when…'.",
            flags,
        )
    if demand and not need:
        return StepFeedback(
            False, "That sounds like an order. Turn it into your need: 'I'd feel safer if…'.", flags
        )
    if not need:
        flags.append("no_need")
        return StepFeedback(
            False, "Say it as your need: 'I need…', 'It helps me when…', 'I'd feel safer if…'.", flags
        )
    if demand:
        return StepFeedback(
            True, "You named a need. Say it as a request, not a rule, and ask what they need too.", flags
        )
    return StepFeedback(True, "Good: you said what helps you feel safe. Now ask what they need.", flags)
