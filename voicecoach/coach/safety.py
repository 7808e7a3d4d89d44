"""Words that say the person may not be safe: someone has hurt or threatened them, they are afraid of
someone, or they speak of harming themselves.

A repair exercise is for a fight between people who are safe with each other. When a person says they
were hit, or are afraid of their partner, the coach must not go on to "tell them the relationship matters"
(exploratory testing, stop 42, found it did). METHOD.md lets the coach point gently to help, never
diagnose: so this only notices the words and the session says, once, where help is. It reads what the
person said, never what the other person's statement said.
"""

from __future__ import annotations

import re

from voicecoach.coach.text import normalise

__all__ = ["concern"]

_SOMEONE = r"(?:he|she|they|my (?:partner|husband|wife|boyfriend|girlfriend|ex|dad|father|mum|mom|mother|son|daughter))"
_OBJECT = r"(?:him|her|them|my (?:partner|husband|wife|boyfriend|girlfriend|ex|dad|father|mum|mom|mother))"
_HARM_VERBS = (
    r"(?:hit|hits|hitting|punched|punches|slapped|slaps|shoved|shoves|pushed|pushes|kicked|kicks|choked|chokes"
    r"|strangled|strangles|beat|beats|beaten|threatened|threatens|threw (?:\w+ ){0,3}at|throws (?:\w+ ){0,3}at"
    r"|grabbed|grabs|pinned|attacked|attacks)"
)
_HARM = re.compile(
    rf"\b{_SOMEONE} (?:has |had |just |always |sometimes |keeps |kept |again )*{_HARM_VERBS} (?:me|us|the kids|my (?:face|arm|arms|head|neck|throat|kids|children|son|daughter))\b"
    rf"|\b{_SOMEONE} (?:will|would|might|could|is going to|is gonna) (?:\w+ )?(?:hurt|hit|kill) (?:me|us|the kids)\b"
    rf"|\bi (?:am|was|feel|felt|get|got) (?:so |really |very |too |quite |a bit |a little )?"
    rf"(?:scared|afraid|frightened|terrified) (?:of|to be around|to go home to) {_OBJECT}\b"
    rf"|\bi (?:do not|did not|never) feel safe\b|\bi am not safe\b|\bnot safe (?:at home|(?:with|around) {_OBJECT})"
    rf"|\b{_SOMEONE} (?:is|was|has been|can be|gets) (?:\w+ )?(?:abusive|violent)\b|\b(?:abuses|abusing) me\b"
    r"|\bi (?:am|was|have been|am being) (?:\w+ )?abused\b|\bdomestic (?:violence|abuse)\b"
)
_SELF = re.compile(
    r"\b(?:kill|killing|hurt|hurting|harm|harming|cut|cutting) myself\b|\bsuicid\w*|\bend (?:my|it all|my own) life\b|\bend it all\b"
    r"|\bwant to die\b|\bwish i (?:was|were) dead\b|\bno reason to live\b"
)


def concern(text: str) -> str | None:
    """ "harm" (someone hurts, threatens or frightens them), "self" (they speak of harming themselves), or
    None."""
    if not isinstance(text, str) or not text.strip():
        return None
    norm = normalise(text)
    if _SELF.search(norm):
        return "self"
    if _HARM.search(norm):
        return "harm"
    return None
