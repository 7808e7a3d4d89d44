"""Recurring fights: the same theme three times in sixty days, said gently, never a diagnosis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from voicecoach.coach.recurring import (
    RecurringTheme,
    content_terms,
    find_recurring,
    recurring_message,
    relatedness,
)
from voicecoach.errors import InputError

NOW = datetime(2024, 5, 1, 20, 0)

CANCEL_1 = "When you cancelled our dinner at the last minute again, I felt like I don't matter to you."
CANCEL_2 = "You bailed on our plans on Saturday, again."
CANCEL_3 = "you keep cancelling our plans at the last minute and i'm sick of it"
MONEY_1 = "You spent three hundred dollars on a jacket without telling me."
MONEY_2 = "You bought a new bike without even mentioning it, when we agreed to save for the trip."
MONEY_3 = "i found out you put the holiday on the credit card and now we can't pay the rent"
DISHES = "I came home and the kitchen was a mess again, and the dishes were still in the sink."


def _related(a: str, b: str) -> float:
    return relatedness(content_terms(a), content_terms(b))


def test_cancelling_statements_are_related() -> None:
    for a, b in [(CANCEL_1, CANCEL_2), (CANCEL_1, CANCEL_3), (CANCEL_2, CANCEL_3)]:
        assert _related(a, b) >= 0.5, (a, b)


def test_money_is_not_cancelling() -> None:
    for cancel in (CANCEL_1, CANCEL_2, CANCEL_3):
        assert _related(MONEY_1, cancel) == 0.0
        assert _related(MONEY_2, cancel) == 0.0
    assert _related(DISHES, CANCEL_1) == 0.0


def test_money_statements_are_related() -> None:
    assert _related(MONEY_1, MONEY_2) >= 0.5
    assert _related(MONEY_1, MONEY_3) >= 0.5


def test_one_shared_word_is_not_a_pattern() -> None:
    # both mention dinner, but one is about the phone and the other about cancelling
    assert _related("you were on your phone all through dinner", "you cancelled dinner") == 0.0


def test_three_in_sixty_days_is_recurring() -> None:
    past = [
        (NOW - timedelta(days=40), CANCEL_1),
        (NOW - timedelta(days=10), MONEY_1),
        (NOW - timedelta(days=5), CANCEL_2),
    ]
    theme = find_recurring(past, CANCEL_3, NOW)
    assert isinstance(theme, RecurringTheme)
    assert theme.count == 3
    assert theme.first_seen == NOW - timedelta(days=40)
    assert theme.theme_words[0] == "cancelling plans"
    assert theme.window_days == 60
    assert theme.to_dict()["count"] == 3


def test_two_is_not_enough() -> None:
    past = [(NOW - timedelta(days=5), CANCEL_2), (NOW - timedelta(days=3), MONEY_1)]
    assert find_recurring(past, CANCEL_3, NOW) is None
    # ... unless the caller asks for two
    two = find_recurring(past, CANCEL_3, NOW, min_sessions=2)
    assert two is not None and two.count == 2


def test_money_statement_with_cancelling_history_is_not_recurring() -> None:
    past = [(NOW - timedelta(days=20), CANCEL_1), (NOW - timedelta(days=5), CANCEL_2)]
    assert find_recurring(past, MONEY_1, NOW) is None


def test_money_theme() -> None:
    past = [(NOW - timedelta(days=50), MONEY_1), (NOW - timedelta(days=25), MONEY_2)]
    theme = find_recurring(past, MONEY_3, NOW)
    assert theme is not None
    assert theme.count == 3
    assert "money" in theme.theme_words


def test_outside_the_window_does_not_count() -> None:
    past = [(NOW - timedelta(days=61), CANCEL_1), (NOW - timedelta(days=5), CANCEL_2)]
    assert find_recurring(past, CANCEL_3, NOW) is None
    assert find_recurring(past, CANCEL_3, NOW, window_days=90) is not None
    future = [(NOW + timedelta(days=1), CANCEL_1), (NOW - timedelta(days=5), CANCEL_2)]
    assert find_recurring(future, CANCEL_3, NOW) is None


def test_mixed_timezones_do_not_crash() -> None:
    aware_now = NOW.replace(tzinfo=UTC)
    past = [(NOW - timedelta(days=20), CANCEL_1), (aware_now - timedelta(days=5), CANCEL_2)]
    theme = find_recurring(past, CANCEL_3, aware_now)
    assert theme is not None and theme.count == 3


def test_empty_and_bad_arguments() -> None:
    assert find_recurring([(NOW, CANCEL_1), (NOW, CANCEL_2)], "", NOW) is None
    assert find_recurring([], CANCEL_3, NOW) is None
    with pytest.raises(InputError):
        find_recurring([], CANCEL_3, NOW, window_days=0)


def test_message_is_gentle_and_never_a_diagnosis() -> None:
    theme = RecurringTheme(count=3, first_seen=NOW - timedelta(days=30),
                           theme_words=("cancelling plans", "dinner"), window_days=60)
    msg = recurring_message(theme)
    assert "third time" in msg
    assert "two months" in msg
    assert "cancelling plans and 'dinner'" in msg
    assert "therapist" in msg and "safe container" in msg
    assert "flaw in either" in msg
    lowered = msg.lower()
    for word in ("disorder", "toxic", "abusive", "narcissis", "diagnos", "codependen", "you need therapy",
                 "something wrong with"):
        assert word not in lowered


def test_message_for_a_longer_run() -> None:
    theme = RecurringTheme(count=5, first_seen=NOW, theme_words=("money",), window_days=30)
    msg = recurring_message(theme)
    assert "fifth time" in msg and "the last four weeks" in msg and "around money" in msg


def test_the_same_short_statement_again_is_the_same_fight() -> None:
    # exploratory testing, stop 43: "You never ask how my day was." three times was never noticed (one content
    # word), and "I end up feeling…" gave the theme word "end"
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    s = "You never ask how my day was."
    theme = find_recurring([(now - timedelta(days=20), s), (now - timedelta(days=5), s)], s, now)
    assert theme is not None and theme.count == 3
    assert "around 'ask'" in recurring_message(theme)
    assert "end" not in content_terms("I always end up feeling like an outsider in my own family.")
