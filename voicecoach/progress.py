"""Progress over time: how listening and follow-through change, as figures, words and charts.

Everything here reads the store and returns values; nothing writes to it. The figures come from
what each session stored: every reflection attempt is a turn with ``step == "reflection"``, its
verdict, score and the scorer's details (``feeling_coverage``, ``defensive_phrases``…); when the
person never got there, the coach modelled one (``step == "reflection_model"``). Commitments and
their check-ins give the follow-through rate.

- :func:`compute_progress` -- per-session figures and totals (``progress --json``).
- :func:`spoken_summary` -- two or three plain sentences for "how am I doing".
- :func:`render_terminal` -- a small plotext chart and a few lines of words.
- :func:`write_chart` -- a PNG or SVG drawn with matplotlib (a regular dependency, imported only there).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from voicecoach import config
from voicecoach.errors import InputError, VoicecoachError
from voicecoach.store.db import as_date

REFLECTION_STEP = "reflection"
MODEL_STEP = "reflection_model"
LANDED_VERDICT = "accurate"
FEELING_CAUGHT_AT = 0.5
"""A reflection attempt 'caught the feeling' when its feeling coverage reaches this (or it was accurate)."""
CHART_SUFFIXES = (".png", ".svg")
MATPLOTLIB_MISSING = ("the chart needs matplotlib, which voicecoach depends on but cannot import; "
                      "repair the install: ./scripts/voicecoach.sh, or pip install matplotlib")

_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_ORDINALS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth")


# --- figures ------------------------------------------------------------------------------------


def _store_today(store: Any) -> date:
    """Today as the store sees it (its clock, so a test clock is honoured)."""
    clock = getattr(store, "_clock", None)
    if callable(clock):
        try:
            return clock().date()
        except (TypeError, AttributeError):
            pass
    return date.today()


def _details(turn: dict[str, Any]) -> dict[str, Any]:
    details = turn.get("details")
    return details if isinstance(details, dict) else {}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _turn_score(turn: dict[str, Any]) -> float | None:
    score = _number(turn.get("score"))
    return score if score is not None else _number(_details(turn).get("score"))


def _turn_verdict(turn: dict[str, Any]) -> str | None:
    return turn.get("verdict") or _details(turn).get("verdict")


def _rounds(reflections: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Split reflection attempts into rounds: a new round starts where the attempt count restarts
    or the reflecting speaker changes (partner mode has one round per person)."""
    rounds: list[list[dict[str, Any]]] = []
    for turn in reflections:
        attempt = turn.get("attempt")
        if rounds:
            last = rounds[-1][-1]
            last_attempt = last.get("attempt")
            restart = (
                attempt is not None and last_attempt is not None and int(attempt) <= int(last_attempt)
            ) or turn.get("speaker") != last.get("speaker")
            if not restart:
                rounds[-1].append(turn)
                continue
        rounds.append([turn])
    return rounds


def _round_attempts(round_: list[dict[str, Any]]) -> tuple[int, bool]:
    """(attempts until it landed -- or all attempts if it never did, landed)."""
    for index, turn in enumerate(round_, start=1):
        if _turn_verdict(turn) == LANDED_VERDICT:
            attempt = turn.get("attempt")
            return (int(attempt) if attempt else index), True
    last = round_[-1].get("attempt")
    return max(len(round_), int(last) if last else 0), False


def _phrases(turns: Iterable[dict[str, Any]]) -> list[str]:
    """Defensive phrases the scorer found, in the order first used, without repeats, and without one that is
    part of another ("'you are overreacting', 'overreacting', 'are overreacting'" were all listed:
    exploratory testing, stop 43)."""
    seen: dict[str, str] = {}
    for turn in turns:
        found = _details(turn).get("defensive_phrases") or []
        if isinstance(found, str):
            found = [found]
        for phrase in found:
            text = str(phrase).strip()
            if text and text.lower() not in seen:
                seen[text.lower()] = text
    keys = list(seen)
    return [seen[k] for k in keys if not any(k != other and f" {k} " in f" {other} " for other in keys)]


def _partner_rounds(turns: list[dict[str, Any]]) -> list[tuple[int, bool]]:
    """(reflections until the speaker said it landed, whether they did) of each partner round: in partner
    mode the speaker's own yes decides, not the scorer (progress said "landed first try" after a "no", and
    "didn't land" after a "yes": exploratory testing, stop 43)."""
    from voicecoach.coach.yesno import parse_answer

    rounds: list[dict[str, Any]] = []
    for turn in turns:
        step = turn.get("step")
        if step == REFLECTION_STEP:
            if not rounds or rounds[-1]["speaker"] != turn.get("speaker") or rounds[-1]["landed"]:
                rounds.append({"speaker": turn.get("speaker"), "n": 0, "landed": False})
            rounds[-1]["n"] += 1
        elif step == "partner_check" and rounds and not rounds[-1]["landed"]:
            answer = _details(turn).get("answer") or parse_answer(str(turn.get("text") or ""))
            rounds[-1]["landed"] = answer == "yes"
    return [(r["n"], r["landed"]) for r in rounds]


def session_figures(session: dict[str, Any]) -> dict[str, Any]:
    """The progress figures of one session as ``Store.history()`` returns it."""
    turns = session.get("turns") or []
    reflections = [t for t in turns if t.get("step") == REFLECTION_STEP]
    modelled = any(t.get("step") == MODEL_STEP for t in turns)
    scores = [s for s in (_turn_score(t) for t in reflections) if s is not None]
    rounds = _rounds(reflections)
    per_round = (_partner_rounds(turns) if session.get("mode") == "partner"
                 else [_round_attempts(r) for r in rounds])
    landed = bool(per_round) and all(ok for _, ok in per_round)
    attempts = max((n for n, _ in per_round), default=0)
    first_try = landed and all(n == 1 for n, _ in per_round)
    feeling = any(
        _turn_verdict(t) == LANDED_VERDICT
        # (not in a defence: "I see you're overwhelmed, but honestly I do loads too" was counted, and praised,
        # as the feeling caught: exploratory testing, stop 42)
        or (
            _turn_verdict(t) != "defensive"
            and (_number(_details(t).get("feeling_coverage")) or 0.0) >= FEELING_CAUGHT_AT
        )
        for t in reflections
    )
    statement = session.get("statement")
    return {
        "id": session["id"],
        "started_at": session.get("started_at"),
        "ended_at": session.get("ended_at"),
        "date": (session.get("started_at") or "")[:10] or None,
        "mode": session.get("mode"),
        "status": session.get("status"),
        "scenario_id": session.get("scenario_id"),
        "statement": statement,
        "reflected": bool(reflections),
        "attempts": attempts,
        "rounds": len(per_round),
        "landed": landed,
        "first_try": first_try,
        "modelled": modelled,
        "best_score": max(scores) if scores else None,
        "last_score": scores[-1] if scores else None,
        "verdicts": [_turn_verdict(t) for t in reflections],
        "feeling_caught": feeling,
        "defensive_phrases": _phrases(turns),
        "commitments": len(session.get("commitments") or []),
        "commitment_ids": list(session.get("commitments") or []),
    }


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _trend(scores: list[float]) -> float | None:
    """Mean of the later half minus mean of the earlier half (None with fewer than two scores)."""
    if len(scores) < 2:
        return None
    half = len(scores) // 2
    early, late = scores[:half], scores[-half:]
    return round(sum(late) / len(late) - sum(early) / len(early), 4)


def follow_through_series(commitments: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """Cumulative follow-through on each day something changed (a check-in came due, one was done,
    or a check-in was answered): commitments done by then out of those due by then.

    A commitment counts as due from its check-in date, or from the day it was done if earlier;
    dropped ones are left out, as in :meth:`Store.follow_through`.
    """
    kept = [c for c in commitments if c.get("status") != "dropped"]
    marks: list[tuple[str | None, str | None]] = []
    days: set[str] = set()
    for item in kept:
        due_day = item.get("checkin_at")
        due_day = due_day[:10] if due_day and due_day[:10] <= today.isoformat() else None
        done_day = ((item.get("done_at") or "")[:10] or None) if item.get("status") == "done" else None
        marks.append((due_day, done_day))
        days.update(d for d in (due_day, done_day) if d)
        for note in item.get("notes") or []:
            if note.get("kind") == "checkin" and note.get("at") and note["at"][:10] <= today.isoformat():
                days.add(note["at"][:10])
    series = []
    for day in sorted(days):
        due = sum(
            1 for due_day, done_day in marks if (due_day and due_day <= day) or (done_day and done_day <= day)
        )
        done = sum(1 for _, done_day in marks if done_day and done_day <= day)
        if due:
            series.append({"date": day, "due": due, "done": done, "rate": done / due})
    return series


def _kept_streak(commitments: list[dict[str, Any]]) -> int:
    """The run of most recent check-ins answered 'yes' (as :meth:`Store.follow_through` counts it)."""
    notes = [
        note
        for item in commitments
        for note in item.get("notes") or []
        if note.get("kind") == "checkin" and note.get("result") is not None
    ]
    notes.sort(key=lambda n: (n.get("at") or "", n.get("id") or 0), reverse=True)
    streak = 0
    for note in notes:
        if note.get("result") != "yes":
            break
        streak += 1
    return streak


def compute_progress(
    store: Any, since: date | str | None = None, *, today: date | None = None
) -> dict[str, Any]:
    """Per-session figures and totals, for ``progress --json``.

    ``sessions``: oldest first, every session except check-ins (those show in the follow-through
    figures), each with ``id, started_at, date, mode, status, scenario_id, statement, reflected,
    attempts`` (reflection attempts until it landed, or all of them if it never did; 0 when the
    session ended before the reflection), ``landed, first_try, modelled, best_score,
    feeling_caught, defensive_phrases`` and ``commitments`` (how many were saved).
    Only sessions with at least one reflection attempt count for the rates; an interrupted session
    counts with what it has. ``since`` keeps sessions started, and commitments made, on or after
    that date. Rates are None when there is nothing to compute them from.

    ``follow_through``: the cumulative follow-through rate on each day it changed (for charts).
    """
    day = as_date(since, "since")
    today = today or _store_today(store)
    history = store.history(since=day)
    sessions = [session_figures(s) for s in history if s.get("mode") != "checkin"]
    checkins = sum(1 for s in history if s.get("mode") == "checkin")
    counted = [s for s in sessions if s["reflected"]]
    scores = [s["best_score"] for s in counted if s["best_score"] is not None]
    landed = [s for s in counted if s["landed"]]

    commitments = store.list_commitments(include_all=True, since=day)
    series = follow_through_series(commitments, today)
    now = series[-1] if series else {"due": 0, "done": 0}
    overdue = sum(
        1
        for c in commitments
        if c.get("status") == "open" and c.get("checkin_at") and c["checkin_at"][:10] < today.isoformat()
    )
    not_yet_due = sum(
        1
        for c in commitments
        if c.get("status") == "open" and (not c.get("checkin_at") or c["checkin_at"][:10] > today.isoformat())
    )
    totals = {
        "sessions": len(sessions),
        "reflected_sessions": len(counted),
        "checkin_sessions": checkins,
        "landed": len(landed),
        "first_try": sum(1 for s in counted if s["first_try"]),
        "feeling_caught": sum(1 for s in counted if s["feeling_caught"]),
        "defensive_sessions": sum(1 for s in counted if s["defensive_phrases"]),
        "landed_rate": _rate(len(landed), len(counted)),
        "first_try_rate": _rate(sum(1 for s in counted if s["first_try"]), len(counted)),
        "feeling_rate": _rate(sum(1 for s in counted if s["feeling_caught"]), len(counted)),
        "defensive_rate": _rate(sum(1 for s in counted if s["defensive_phrases"]), len(counted)),
        "mean_attempts_to_land": (
            round(sum(s["attempts"] for s in landed) / len(landed), 4) if landed else None
        ),
        "mean_best_score": round(sum(scores) / len(scores), 4) if scores else None,
        "trend": _trend(scores),
        "commitments": len(commitments),
        "commitments_due": now["due"],
        "commitments_done": now["done"],
        "commitments_overdue": overdue,
        "commitments_not_yet_due": not_yet_due,
        "follow_through_rate": _rate(now["done"], now["due"]),
        "kept_streak": _kept_streak(commitments),
    }
    return {
        "since": day.isoformat() if day else None,
        "today": today.isoformat(),
        "sessions": sessions,
        "totals": totals,
        "follow_through": series,
    }


# --- words --------------------------------------------------------------------------------------


def number_word(n: int) -> str:
    """Numbers up to ten as words, larger ones as digits."""
    return _NUMBER_WORDS[n] if 0 <= n <= 10 else str(n)


def ordinal_word(n: int) -> str:
    return _ORDINALS[n] if 0 < n <= 10 else f"{n}th"


def times_word(n: int) -> str:
    if n == 1:
        return "once"
    if n == 2:
        return "twice"
    return f"{number_word(n)} times"


def _sessions_sentence(window: list[dict[str, Any]], total: int) -> str:
    n = len(window)
    if n == 0:
        return "You haven't practised a reflection yet; once you have, I can tell you how it is going."
    if n == 1:
        s = window[0]
        running = s.get("status") == "running"  # asked during it: "how am I doing" (stop 43)
        opening = ("In this session" if running else "In your first session" if total == 1
                   else "In your last session")
        feeling = "you caught the feeling" if s["feeling_caught"] else "the feeling didn't come through yet"
        if s["landed"]:
            landing = f"your reflection landed on the {ordinal_word(s['attempts'])} try"
        elif s["modelled"]:
            landing = "your reflection didn't land, so I modelled one for you"
        elif running:
            landing = "your reflection hasn't landed yet"
        else:
            landing = "your reflection didn't land before the session ended"
        joiner = ", and" if s["feeling_caught"] == s["landed"] else ", but"
        if not s["feeling_caught"] and s["landed"]:
            joiner = ", though"
        return f"{opening} {feeling}{joiner} {landing}."
    words = number_word(n)
    opening = f"In your last {words} sessions" if total > n else f"In your {words} sessions so far"
    feeling_n = sum(1 for s in window if s["feeling_caught"])
    first_n = sum(1 for s in window if s["first_try"])
    if feeling_n == n:
        feeling = "you caught the feeling every time"
    elif feeling_n == 0:
        feeling = "the feeling didn't come through yet"
    else:
        feeling = f"you caught the feeling {times_word(feeling_n)}"
    if first_n == n:
        landing = "your reflection landed on the first try every time"
    elif first_n == 0:
        landed_n = sum(1 for s in window if s["landed"])
        landing = (
            "your reflection hasn't landed on the first try yet"
            if landed_n == 0
            else f"your reflection landed {times_word(landed_n)}, though not yet on the first try"
        )
    else:
        landing = f"your reflection landed on the first try {times_word(first_n)}"
    joiner = ", but" if (feeling_n == 0) != (first_n == 0) else ", and"
    return f"{opening} {feeling}{joiner} {landing}."


def _commitments_sentence(totals: dict[str, Any]) -> str:
    made, due, done = totals["commitments"], totals["commitments_due"], totals["commitments_done"]
    if made == 0:
        return "You haven't saved a commitment yet."
    if due == 0:
        if made == 1:
            return "You have made one commitment; its check-in isn't due yet."
        return f"You have made {number_word(made)} commitments; none is due for a check-in yet."
    your = "your" if due == made else "the"
    noun = "commitment" if due == 1 else "commitments"
    tail = "" if due == made else " due so far"
    if due == 1:
        if done == 1:
            return f"You have kept {your} one commitment{tail}."
        return f"{'Your' if due == made else 'The'} one commitment{tail} isn't marked kept yet."
    if done == due:
        if due == 2:  # not "all two" (exploratory testing, stop 43)
            return f"You have kept both of {your} {noun}{tail}."
        return f"You have kept all {number_word(due)} of {your} {noun}{tail}."
    if done == 0:
        both = "Neither of" if due == 2 else "None of"  # ("none of your two": exploratory testing, stop 42)
        return f"{both} {your} {number_word(due)} {noun}{tail} is marked kept yet."
    return f"You have kept {number_word(done)} of {your} {number_word(due)} {noun}{tail}."


def _third_sentence(window: list[dict[str, Any]], totals: dict[str, Any]) -> str | None:
    streak = totals.get("kept_streak") or 0
    if streak >= 2:
        return f"That's {number_word(streak)} kept in a row."
    scores = [s["best_score"] for s in window if s["best_score"] is not None]
    trend = _trend(scores)
    if trend is not None and len(scores) >= 3:
        if trend >= 0.1:
            return "Your reflections are getting closer to what was said."
        if trend <= -0.1:
            return "Your reflections have slipped a little lately; take it slowly, one feeling at a time."
    return None


def summary_from_progress(progress: dict[str, Any], last_n: int = 5) -> str:
    """Two or three plain sentences from :func:`compute_progress` figures."""
    counted = [s for s in progress["sessions"] if s["reflected"]]
    window = counted[-last_n:] if last_n > 0 else []
    sentences = [_sessions_sentence(window, len(counted)), _commitments_sentence(progress["totals"])]
    third = _third_sentence(window, progress["totals"])
    if third:
        sentences.append(third)
    return " ".join(sentences)


def spoken_summary(store: Any, last_n: int = 5) -> str:
    """"How am I doing": two or three sentences about the last ``last_n`` sessions and the commitments."""
    return summary_from_progress(compute_progress(store), last_n=last_n)


# --- terminal -----------------------------------------------------------------------------------


def _label(session: dict[str, Any], width: int = 28) -> str:
    text = session.get("scenario_id") or (session.get("statement") or "").strip() or session.get("mode") or ""
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _percent(rate: float | None) -> str:
    return "–" if rate is None else f"{round(rate * 100)}%"


def terminal_chart(progress: dict[str, Any], width: int = 64, height: int = 14) -> str | None:
    """The plotext chart of best reflection score per session (None with fewer than two scored)."""
    scored = [s for s in progress["sessions"] if s["best_score"] is not None]
    if len(scored) < 2:
        return None
    import plotext

    fig = plotext.figure
    fig.clear()
    fig.plot_size(width, height)
    fig.theme("colorless")
    xs = list(range(1, len(scored) + 1))
    ys = [float(s["best_score"]) for s in scored]
    fig.draw(fig.signal(xs, ys).lines())
    fig.draw(fig.signal(xs, ys, marker="●"))
    firsts = [(x, y) for x, y, s in zip(xs, ys, scored, strict=True) if s["first_try"]]
    if firsts:
        fig.draw(fig.signal([x for x, _ in firsts], [y for _, y in firsts], marker="★"))
    fig.legend(active=False)
    fig.ruler("y").lim(0, 1.05)
    fig.ruler("y").ticks([0, 0.25, 0.5, 0.75, 1.0], ["0", ".25", ".5", ".75", "1"])
    step = max(1, len(scored) // 6)
    shown = xs[::step]
    fig.ruler("x").ticks(shown, [(scored[x - 1].get("date") or "")[5:] for x in shown])
    fig.ruler("x").lim(0.6, len(scored) + 0.4)
    fig.title("Best reflection score per session")
    chart = fig.build().string(colorless=True)
    fig.clear()
    return chart


def terminal_lines(progress: dict[str, Any]) -> list[str]:
    """The plain words under the chart: one line per recent session, then the totals."""
    sessions = progress["sessions"]
    totals = progress["totals"]
    lines: list[str] = []
    if not sessions and progress.get("since"):
        lines.append(f"No practice sessions since {progress['since']}.")
    elif not sessions:
        lines.append("No practice sessions yet. Try `voicecoach practice` and come back here.")
    else:
        shown = sessions[-10:]
        if len(sessions) > len(shown):
            lines.append(f"Last {len(shown)} of {len(sessions)} sessions:")
        for s in shown:
            if not s["reflected"]:
                # a completed session whose reflection was skipped did not end before it
                result = "reflection skipped" if s["status"] == "completed" else "ended before the reflection"
            elif s["landed"]:
                result = "landed first try" if s["first_try"] else f"landed on try {s['attempts']}"
            else:
                result = f"didn't land in {s['attempts']} {'try' if s['attempts'] == 1 else 'tries'}"
                if s["modelled"]:
                    result += " (modelled)"
            score = "" if s["best_score"] is None else f", best {s['best_score']:.2f}"
            feeling = ", feeling caught" if s["feeling_caught"] else ""
            status = f" [{s['status']}]" if s["status"] not in (None, "completed") else ""
            defensive = (
                f", defensive: {', '.join(repr(p) for p in s['defensive_phrases'])}"
                if s["defensive_phrases"] else ""
            )
            count = s["commitments"]
            made = f", {count} commitment{'' if count == 1 else 's'}" if count else ""
            lines.append(
                f"  {s['date'] or '?'}  {_label(s)}: {result}{score}{feeling}{defensive}{made}{status}"
            )
        n = totals["reflected_sessions"]
        if n:
            lines.append(
                f"First-try reflections: {totals['first_try']} of {n} "
                f"({_percent(totals['first_try_rate'])}); "
                f"feeling caught: {totals['feeling_caught']} of {n} ({_percent(totals['feeling_rate'])})."
            )
            trend = totals["trend"]
            if trend is not None:
                direction = "up" if trend > 0.005 else "down" if trend < -0.005 else "steady"
                amount = "" if direction == "steady" else f" {abs(trend):.2f}"
                lines.append(
                    f"Best score: {totals['mean_best_score']:.2f} on average; {direction}{amount} "
                    "from your earliest sessions to your latest."
                )
    made, due, done = totals["commitments"], totals["commitments_due"], totals["commitments_done"]
    if made == 0:
        since = progress.get("since")
        lines.append(f"Commitments: none made since {since}." if since else "Commitments: none saved yet.")
    elif due == 0:
        lines.append(f"Commitments: {made} made, none due for a check-in yet.")
    else:
        extra = []
        if totals["kept_streak"]:
            extra.append(f"{totals['kept_streak']} kept in a row")
        if totals["commitments_overdue"]:
            extra.append(f"{totals['commitments_overdue']} overdue")
        if totals["commitments_not_yet_due"]:
            extra.append(f"{totals['commitments_not_yet_due']} not due yet")
        lines.append(
            f"Commitments: {made} made; kept {done} of {due} due ({_percent(totals['follow_through_rate'])})"
            + (f"; {', '.join(extra)}" if extra else "")
            + "."
        )
    return lines


def render_terminal(progress: dict[str, Any], console: Any = None) -> None:
    """Print the chart (when there are two scored sessions or more) and a few lines of words.

    ``console``: a ``rich.console.Console`` to print through; default: plain ``print`` to stdout.
    """
    chart = terminal_chart(progress)
    if chart is not None:
        chart += "\n  ● best score   ★ landed on the first try"
    out: list[str] = ([chart, ""] if chart else []) + terminal_lines(progress)
    for line in out:
        if console is None:
            print(line)
        else:
            console.print(line, markup=False, highlight=False, soft_wrap=True)


# --- image --------------------------------------------------------------------------------------


def _check_chart_path(path: Path) -> Path:
    path = Path(path).expanduser()
    if path.suffix.lower() not in CHART_SUFFIXES:
        raise InputError(f"the chart must be a .png or .svg file, not {path.name!r}")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.exists():
        raise InputError(f"folder does not exist: {folder}")
    if not folder.is_dir():
        raise InputError(f"not a folder: {folder}")
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a file")
    return path


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=None)


def write_chart(progress: dict[str, Any], path: Path) -> Path:
    """Write a two-panel chart (``.png`` or ``.svg``): best reflection score per session, with
    first-try successes marked, and the cumulative follow-through rate over time. Returns the path."""
    path = _check_chart_path(path)
    try:
        import matplotlib

        matplotlib.use("Agg", force=True)
        import matplotlib.dates as mdates
        import matplotlib.pyplot as plt
    except ImportError:
        raise VoicecoachError(MATPLOTLIB_MISSING) from None

    sessions = [s for s in progress["sessions"] if s["best_score"] is not None and _when(s.get("started_at"))]
    sessions.sort(key=lambda s: _when(s["started_at"]))  # a clock set back must not draw the line backwards
    series = progress.get("follow_through") or []
    totals = progress["totals"]

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 7.5), dpi=110, constrained_layout=True)
    try:
        fig.suptitle("voicecoach: how your listening and follow-through are going", fontsize=13,
                     fontweight="bold")
        moments = [_when(s["started_at"]) for s in sessions]
        moments += [datetime.fromisoformat(p["date"]) for p in series]
        span = (min(moments), max(moments)) if moments else None  # one date range for both panels
        _score_panel(top, sessions, totals, mdates, span)
        _follow_panel(bottom, series, totals, mdates, span)
        buffer = io.BytesIO()
        fig.savefig(buffer, format=path.suffix.lower().lstrip("."))
    finally:
        plt.close(fig)
    return config.atomic_write_bytes(path, buffer.getvalue())


def _date_axis(ax: Any, mdates: Any) -> None:
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _pad_dates(ax: Any, span: tuple[datetime, datetime], mdates: Any) -> None:
    from datetime import timedelta

    low, high = span
    pad = max((high - low) * 0.08, timedelta(days=2))  # whole days on the axis, even for one session
    ax.set_xlim(mdates.date2num(low - pad), mdates.date2num(high + pad))


def _score_panel(
    ax: Any, sessions: list[dict[str, Any]], totals: dict[str, Any], mdates: Any, span: Any
) -> None:
    counted = totals["reflected_sessions"]
    title = "Best reflection score per session"
    if counted:
        title += f" (first try {totals['first_try']} of {counted}, "
        title += f"feeling caught {totals['feeling_caught']} of {counted})"
    ax.set_title(title, loc="left", fontsize=11)
    ax.set_ylabel("best score (0 to 1)")
    ax.set_ylim(-0.03, 1.08)
    ax.grid(True, alpha=0.3)
    if not sessions:
        ax.text(0.5, 0.5, "No reflections practised yet", ha="center", va="center", transform=ax.transAxes,
                fontsize=12, color="0.4")
        ax.set_xticks([])
        return
    # sessions in order, one slot each (several on one day stay apart), dated underneath
    xs = list(range(1, len(sessions) + 1))
    ys = [float(s["best_score"]) for s in sessions]
    ax.plot(xs, ys, color="#4C72B0", linewidth=1.8, zorder=1)
    groups = (
        ("landed on the first try", lambda s: s["first_try"], {"marker": "*", "s": 260, "color": "#2CA02C"}),
        ("landed after a retry", lambda s: s["landed"] and not s["first_try"],
         {"marker": "o", "s": 80, "color": "#4C72B0"}),
        ("didn't land", lambda s: not s["landed"], {"marker": "X", "s": 90, "color": "#D62728"}),
    )
    for label, keep, style in groups:
        points = [(x, y) for x, y, s in zip(xs, ys, sessions, strict=True) if keep(s)]
        if points:
            ax.scatter([p[0] for p in points], [p[1] for p in points], label=label, zorder=3,
                       edgecolors="white", linewidths=0.8, **style)
    for x, y, s in zip(xs, ys, sessions, strict=True):
        if s["feeling_caught"]:
            continue
        ax.annotate("feeling missed", (x, y), textcoords="offset points", xytext=(0, 12 if y < 0.2 else -16),
                    ha="center", fontsize=8, color="0.35")
    ax.set_xlabel("session")
    step = max(1, len(sessions) // 12)  # at most ~12 labels
    ax.set_xticks(xs[::step])
    ax.set_xticklabels([f"{i}\n{_when(s['started_at']):%d %b}" for i, s in zip(xs, sessions, strict=True)][::step],
                       fontsize=8)
    ax.set_xlim(0.4, len(sessions) + 0.6)
    ax.legend(loc="best", fontsize=9, framealpha=0.9)


def _follow_panel(
    ax: Any, series: list[dict[str, Any]], totals: dict[str, Any], mdates: Any, span: Any
) -> None:
    ax.set_title("Follow-through: commitments kept out of those due (running total)", loc="left",
                 fontsize=11)
    ax.set_ylabel("kept / due")
    ax.set_ylim(-0.03, 1.1)
    ax.yaxis.set_major_formatter(lambda value, _pos: f"{value:.0%}")
    ax.grid(True, alpha=0.3)
    if not series:
        words = (
            "No commitments saved yet"
            if not totals["commitments"]
            else f"{totals['commitments']} commitment{'s' if totals['commitments'] != 1 else ''} made; "
            "none due for a check-in yet"
        )
        ax.text(0.5, 0.5, words, ha="center", va="center", transform=ax.transAxes, fontsize=12, color="0.4")
        ax.set_xticks([])
        return
    xs = [datetime.fromisoformat(p["date"]) for p in series]
    ys = [p["rate"] for p in series]
    ax.step(xs, ys, where="post", color="#8172B2", linewidth=2)
    ax.scatter(xs, ys, color="#8172B2", s=40, zorder=3)
    for x, point in zip(xs, series, strict=True):
        ax.annotate(f"{point['done']} of {point['due']}", (x, point["rate"]), textcoords="offset points",
                    xytext=(5, 6), ha="left", fontsize=8, color="0.3")
    ax.set_xlabel("date")
    _date_axis(ax, mdates)
    _pad_dates(ax, span, mdates)
