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

# who may hurt them, said of them or (in partner mode, to their face) to them: "he shoved me", "you hit me"
_SOMEONE = (
    r"(?:he|she|they|you|my (?:partner|husband|wife|boyfriend|girlfriend|ex|dad|father|mum|mom|mother|son"
    r"|daughter))"
)
_OBJECT = r"(?:him|her|them|you|my (?:partner|husband|wife|boyfriend|girlfriend|ex|dad|father|mum|mom|mother))"
# ("pushed me", "kicked me", "attacked me" only with a body and a place: a trainer "pushed me to do deadlifts",
# a friend "kicked me from the guild", a colleague "attacked me in the meeting")
_HARM_VERBS = (
    r"(?:hit|hits|hitting|punched|punches|slapped|slaps|shoved|shoves|choked|chokes|strangled|strangles|beat"
    r"|beats|beaten|threatened|threatens|(?:threw|throws) (?!it back)(?:\w+ ){0,3}at|grabbed|grabs|pinned)"
)
_PLACED = (
    r"(?:pushed|pushes|kicked|kicks|threw|throws|shoved|shoves) (?:me|us) (?:into|against|down|over|onto|off"
    r"|out of) (?:the |a )?(?:wall|floor|door|ground|stairs|table|bed|car|kitchen|bedroom|room|house)"
)
_BODY = r"(?:me|us|the kids|my (?:face|arm|arms|head|neck|throat|kids|children|son|daughter))"
_HARM = re.compile(
    rf"\b{_SOMEONE} (?:has |had |have |just |always |sometimes |keeps |kept |again |actually |really )*"
    rf"(?:{_HARM_VERBS} {_BODY}(?! (?:out|away|aside|off|around|back)\b)|{_PLACED})\b"
    rf"|\b{_SOMEONE} (?:will|would|might|could|is going to|are going to|is gonna) (?!not |never )(?:\w+ )?"
    r"(?:hurt|hit|kill) "
    rf"(?:me|us|the kids)\b"
    rf"|\bi (?:am|was|feel|felt|get|got) (?:so |really |very |too |quite |a bit |a little )?"
    rf"(?:scared|afraid|frightened|terrified) (?:of|to be around|to go home to) {_OBJECT}\b"
    rf"|\b{_SOMEONE} (?:really |sometimes |actually )?(?:frighten|frightens|terrify|terrifies) me\b"
    # not a bare "I don't feel safe", which a tenant says of a broken lock and a driver of their brakes
    rf"|\bi (?:am |do |did |feel |felt )?(?:not|never) (?:feel )?safe (?:at home|(?:with|around|near) {_OBJECT})"
    rf"|\b{_SOMEONE} (?:is|are|was|were|has been|can be|gets|get) (?:\w+ )?(?:abusive|violent)\b"
    rf"|\b{_SOMEONE} (?:has |had |just |also |then )?(?:raped|sexually assaulted|assaulted|molested|stabbed|strangled) "
    r"(?:me|us|my (?:son|daughter|kids|children))\b"
    rf"|\b{_SOMEONE} (?:has |had |just |then )?shot (?:at )?me\b(?! (?:a|an|down|the|some|that|this|off)\b)"
    rf"|\b{_SOMEONE} (?:has |had |just |then )?(?:kicked|kicks|bit|bites|burned|burnt) me\b"
    r"(?! (?:out|off|from|of|under the table|while|when)\b)"
    r"|\bi (?:was|have been|got) (?:raped|sexually assaulted|assaulted|molested)\b"
    r"|\b(?:abuses|abusing) me\b|\bi (?:am|was|have been|am being) (?:\w+ )?abused\b|\bdomestic (?:violence|abuse)\b"
    # (exploratory testing, stop 43: a threat to kill, fear of what someone will do, a fist on the wall by
    # their head, and a need that names being grabbed went unnoticed)
    rf"|\b{_SOMEONE} (?:has |had |just |keeps |kept )?(?:threatened|threatens|threatening|keeps threatening) to "
    r"(?:\w+ )?(?:kill|hurt|hit|harm|take the kids|leave with the kids|take my kids)\b"
    r"|\bi (?:am|was|feel|felt) (?:so |really |very |a bit |a little )?(?:scared|afraid|frightened|terrified) "
    r"(?:of )?what (?:he|she|they) (?:will|would|might|could|is going to) do\b"
    rf"|\b{_SOMEONE} (?:\w+ )?(?:punched|punches|smashed|smashes) (?:a|the|his|her) (?:wall|door|window)\b"
    rf"|\b{_SOMEONE} (?:\w+ )?(?:kicked|kicks) (?:a|the) door (?:in|down)\b"
    r"|\b(?:stop|stops) threatening to (?:\w+ )?(?:kill|hurt|hit|harm|take the kids|leave with the kids)\b"
    r"|\b(?:stop|stops|keeps|kept) (?:grabbing|hitting|punching|slapping|shoving|choking|strangling) "
    r"(?:me|my (?:arm|arms|face|neck|throat|head|wrist|kids|children))\b"
)
_SELF = re.compile(
    # (not "I could have hurt myself" on their boxes in the hallway, nor "my brother's suicide")
    r"\b(?:want|wanted|going|tempted|thought about|thinking about|think about|feel like) (?:to )?"
    r"(?:kill|killing|hurt|hurting|harm|harming|cut|cutting) myself\b|\b(?:harming|cutting) myself\b"
    r"|\bsuicidal\b|\b(?:commit|committing|thinking about|thought about|think about) suicide\b"
    r"|\bend (?:my|my own) life\b|\bend it all\b"
    r"|\bwant to die\b|\bwish i (?:was|were) dead\b|\bno reason to live\b"
    r"|\b(?:do not|don't|dont) want to (?:be alive|live|exist|be here) any ?more\b|\b(?:ending|end) it all\b"
    r"|\bbetter off dead\b|\b(?:everyone|everybody|they|you|the world) (?:would be|would all be|is|are|will be)"
    r" better off without me\b(?! (?:on|in|at|for|as) )|\bwant (?:it|this|everything) all to (?:end|stop)\b"
    r"|\bwhat is the point (?:of|in) (?:even )?(?:being alive|living|going on)\b|\bno point (?:in )?(?:living|being alive)\b"
    r"|\bi (?:cut|harmed|burned|burnt) myself\b(?! (?:on|shaving|while|cooking|by accident|accidentally))"
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
