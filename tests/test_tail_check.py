"""The tail check (voicecoach/coach/tail_check.py): a last look at a reply's last sentence."""

from __future__ import annotations

import pytest

from voicecoach.coach import tail_check as TC
from voicecoach.coach.scorer import score_reflection

DINNER = "You were on your phone all through dinner. I felt like I was eating alone."
# a full reflection, then a reason of the listener's own that no rule names (written here, not a reviewer's)
EXCUSED = (
    "You felt like you were eating alone while I was on my phone at dinner. A few of those calls keep the "
    "lights on."
)
OWNED = "You felt like you were eating alone while I was on my phone at dinner. I'm sorry, that's on me."
SCHOOL = "You forgot to pick the kids up from school. I was frantic."
SCHOOL_EXCUSED = (
    "You were frantic when I forgot to pick the kids up. The school had changed the time without telling "
    "anyone."
)


@pytest.fixture
def without_tail(monkeypatch):
    monkeypatch.setattr(TC, "tail_check", lambda: None)


@pytest.mark.parametrize(
    ("reply", "last"),
    [
        ("You felt let down. I should have rung.", "I should have rung."),
        ("You felt let down! Was it the whole weekend? I think so.", "I think so."),
        ("You felt let down when I didn't ring.", None),
        ("you felt let down when i didnt ring i was at work", None),  # a recogniser's words: one sentence
        ("", None),
        (None, None),
    ],
)
def test_the_last_sentence_is_read_only_after_another(reply, last):
    assert TC.last_sentence(reply) == last


@pytest.mark.parametrize(("statement", "reply"), [(DINNER, EXCUSED), (SCHOOL, SCHOOL_EXCUSED)])
def test_a_reason_after_a_full_reflection_is_not_accurate(statement, reply, without_tail, monkeypatch):
    assert score_reflection(statement, reply).verdict == "accurate"  # what the judge says without the check
    monkeypatch.undo()
    r = score_reflection(statement, reply)
    assert r.verdict == "partial" and r.defensive_phrases == []
    assert "added something of your own" in r.feedback


def test_an_owning_last_sentence_stays_accurate():
    assert not TC.tail_check().flags(OWNED)
    assert score_reflection(DINNER, OWNED).verdict == "accurate"


def test_the_check_never_reads_a_recogniser_s_words():
    heard = EXCUSED.lower().replace(".", "").replace("'", "")
    assert TC.last_sentence(heard) is None and not TC.tail_check().flags(heard)
