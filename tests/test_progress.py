"""Progress: figures from a real store, spoken summary, terminal chart, PNG/SVG chart."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from voicecoach import progress as P
from voicecoach.errors import InputError, VoicecoachError
from voicecoach.store.db import Store

TZ = timezone(timedelta(hours=1))
STATEMENT = "You forgot my birthday again and I felt like I did not matter to you at all."
FEELING = "unimportant"

MISSED_1 = "we should talk about the weekend plans"
MISSED_2 = "can we get dinner on friday"
MISSED_3 = "what time is it"
PARTIAL = "you are upset about the birthday"
ACCURATE = "I forgot your birthday again and you felt unimportant to me"


class Clock:
    """A clock the test moves by hand, so sessions and check-ins fall on chosen days."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def at(self, day: date, hour: int = 19) -> None:
        self.now = datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 1, 19, 0, tzinfo=TZ))


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: Clock):
    monkeypatch.setenv("VOICECOACH_HOME", str(tmp_path / "home"))
    with Store.open(clock=clock) as opened:
        yield opened


def score(reflection: str) -> dict[str, Any]:
    """The details dict the real scorer gives (as the session stores it)."""
    from voicecoach.coach.scorer import score_reflection

    return score_reflection(STATEMENT, reflection, FEELING).to_dict()


def practice(store: Store, reflections: list[str], *, model: bool = True, status: str | None = "completed",
             scenario_id: str | None = "birthday") -> int:
    """One practice session as the solo flow records it; returns its id."""
    sid = store.start_session(mode="practice", statement=STATEMENT, scenario_id=scenario_id)
    store.add_turn(sid, step="root", text="I meant to be there for you")
    landed = False
    for attempt, text in enumerate(reflections, start=1):
        result = score(text)
        store.add_turn(sid, step="reflection", text=text, verdict=result["verdict"], score=result["score"],
                       attempt=attempt, details=result)
        if result["verdict"] == "accurate":
            landed = True
            break
    if not landed and model:
        store.add_turn(sid, step="reflection_model", text="I forgot your birthday and you felt unimportant")
    if status is not None:
        store.end_session(sid, status=status)
    return sid


@pytest.fixture
def three(store: Store, clock: Clock) -> dict[str, Any]:
    """Three sessions going from missed to accurate, one commitment each; the second one done."""
    verdicts = {text: score(text)["verdict"] for text in (MISSED_1, MISSED_2, MISSED_3, PARTIAL, ACCURATE)}
    assert verdicts == {
        MISSED_1: "missed", MISSED_2: "missed", MISSED_3: "missed", PARTIAL: "partial", ACCURATE: "accurate",
    }, "the scorer's verdicts on the fixture phrases changed; pick phrases that still mean the same"
    ids, commitments = [], []
    for day, reflections in ((1, [MISSED_1, MISSED_2, MISSED_3]), (4, [PARTIAL, ACCURATE]), (7, [ACCURATE])):
        clock.at(date(2026, 11, day))
        sid = practice(store, reflections)
        ids.append(sid)
        commitments.append(store.add_commitment(f"plan a birthday dinner, take {day}", session_id=sid,
                                                checkin_days=2))
    clock.at(date(2026, 11, 6), hour=9)
    store.set_status(commitments[1], "done", note="booked the table")
    clock.at(date(2026, 11, 10), hour=9)
    return {"ids": ids, "commitments": commitments}


# --- per-session figures match what was stored --------------------------------------------------


def test_three_sessions_from_missed_to_accurate(store: Store, three: dict[str, Any]) -> None:
    progress = P.compute_progress(store)
    sessions = progress["sessions"]
    assert [s["id"] for s in sessions] == three["ids"]
    first, second, third = sessions
    assert (first["attempts"], first["landed"], first["first_try"]) == (3, False, False)
    assert first["modelled"]
    assert (second["attempts"], second["landed"], second["first_try"]) == (2, True, False)
    assert (third["attempts"], third["landed"], third["first_try"]) == (1, True, True)
    # calibrated probabilities: both landed reflections score above the missed one (their order is the model's)
    assert first["best_score"] < min(second["best_score"], third["best_score"])
    assert [s["feeling_caught"] for s in sessions] == [False, True, True]
    assert [s["commitments"] for s in sessions] == [1, 1, 1]
    assert all(s["scenario_id"] == "birthday" and s["statement"] == STATEMENT for s in sessions)
    assert [s["date"] for s in sessions] == ["2026-11-01", "2026-11-04", "2026-11-07"]
    assert progress["today"] == "2026-11-10"

    totals = progress["totals"]
    assert totals["sessions"] == totals["reflected_sessions"] == 3
    assert totals["first_try_rate"] == pytest.approx(1 / 3)
    assert totals["feeling_rate"] == pytest.approx(2 / 3)
    assert totals["landed_rate"] == pytest.approx(2 / 3)
    assert totals["trend"] > 0
    assert totals["commitments"] == 3
    assert totals["commitments_done"] == 1
    assert totals["commitments_due"] == 3  # all three check-ins (Nov 3, 6, 9) have come
    assert totals["follow_through_rate"] == pytest.approx(1 / 3)
    assert totals["commitments_overdue"] == 2


def test_figures_match_history(store: Store, three: dict[str, Any]) -> None:
    """Every per-session figure can be read back from ``history()``'s turns."""
    history = {s["id"]: s for s in store.history()}
    for figures in P.compute_progress(store)["sessions"]:
        stored = history[figures["id"]]
        reflections = [t for t in stored["turns"] if t["step"] == "reflection"]
        assert figures["started_at"] == stored["started_at"]
        assert figures["status"] == stored["status"] == "completed"
        assert figures["best_score"] == max(t["score"] for t in reflections)
        assert figures["verdicts"] == [t["verdict"] for t in reflections]
        landed_at = [t["attempt"] for t in reflections if t["verdict"] == "accurate"]
        assert figures["landed"] == bool(landed_at)
        assert figures["attempts"] == (landed_at[0] if landed_at else len(reflections))
        assert figures["first_try"] == (landed_at == [1])
        assert figures["modelled"] == any(t["step"] == "reflection_model" for t in stored["turns"])
        assert figures["feeling_caught"] == any(
            t["verdict"] == "accurate" or t["details"]["feeling_coverage"] >= 0.5 for t in reflections
        )
        phrases = [p for t in reflections for p in t["details"]["defensive_phrases"]]
        assert figures["defensive_phrases"] == list(dict.fromkeys(phrases))
        assert figures["commitments"] == len(stored["commitments"])
        assert figures["commitment_ids"] == stored["commitments"]


def test_totals_agree_with_store_follow_through(store: Store, three: dict[str, Any]) -> None:
    progress = P.compute_progress(store)
    kept = store.follow_through()
    totals = progress["totals"]
    assert totals["follow_through_rate"] == kept["rate"]
    assert totals["commitments_due"] == kept["due"]
    assert totals["commitments_done"] == kept["done"]
    assert totals["kept_streak"] == kept["streak"] == 1
    # the follow-through curve: Nov 3 (0 of 1), Nov 6 (1 of 2: done that morning, due that day), Nov 9
    assert [(p["date"], p["done"], p["due"]) for p in progress["follow_through"]] == [
        ("2026-11-03", 0, 1), ("2026-11-06", 1, 2), ("2026-11-09", 1, 3),
    ]
    assert progress["follow_through"][-1]["rate"] == kept["rate"]


def test_progress_is_json_ready_and_has_the_contract_fields(store: Store, three: dict[str, Any]) -> None:
    progress = json.loads(json.dumps(P.compute_progress(store)))
    for session in progress["sessions"]:
        assert {"id", "started_at", "attempts", "best_score", "feeling_caught", "defensive_phrases",
                "commitments"} <= set(session)
    assert {"sessions", "first_try_rate", "feeling_rate", "follow_through_rate"} <= set(progress["totals"])


def test_since_keeps_later_sessions_and_commitments(store: Store, three: dict[str, Any]) -> None:
    progress = P.compute_progress(store, since="2026-11-04")
    assert [s["id"] for s in progress["sessions"]] == three["ids"][1:]
    assert progress["totals"]["commitments"] == 2
    assert progress["totals"]["first_try_rate"] == pytest.approx(1 / 2)
    assert P.compute_progress(store, since=date(2026, 12, 1))["sessions"] == []
    with pytest.raises(InputError, match="date like"):
        P.compute_progress(store, since="last week")


def test_defensive_phrases_come_from_the_scorer(store: Store, clock: Clock) -> None:
    defensive = "I know you felt unimportant but you always forget mine too"
    result = score(defensive)
    assert result["verdict"] == "defensive" and result["defensive_phrases"]
    practice(store, [defensive, ACCURATE])
    (session,) = P.compute_progress(store)["sessions"]
    found = [x.lower() for x in result["defensive_phrases"]]  # each once, none that is part of another
    assert session["defensive_phrases"] == [x for x in result["defensive_phrases"]
                                            if not any(x.lower() != o and f" {x.lower()} " in f" {o} " for o in found)]
    assert session["attempts"] == 2 and session["landed"]
    assert P.compute_progress(store)["totals"]["defensive_sessions"] == 1


# --- hand-written turns: the rules themselves ---------------------------------------------------


def turn(attempt: int, verdict: str, score: float, feeling: float = 0.0, phrases: list[str] | None = None,
         speaker: str | None = None) -> dict[str, Any]:
    details = {"verdict": verdict, "score": score, "feeling_coverage": feeling,
               "defensive_phrases": phrases or []}
    return {"step": "reflection", "attempt": attempt, "verdict": verdict, "score": score, "details": details,
            "speaker": speaker, "text": "…", "at": "2026-11-01T19:00:00+01:00"}


def session(turns: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"id": 1, "started_at": "2026-11-01T19:00:00+01:00", "mode": "practice", "status": "completed",
            "statement": STATEMENT, "scenario_id": None, "turns": turns, "commitments": [], **extra}


@pytest.mark.parametrize(
    ("coverages", "verdicts", "caught"),
    [
        ([0.5], ["partial"], True),
        ([0.49], ["partial"], False),
        ([0.0, 0.2], ["missed", "partial"], False),
        ([0.0, 0.0], ["missed", "accurate"], True),  # accurate counts whatever the coverage says
        # a defence that names their feeling does not count as catching it (stop 42; True until then)
        ([0.3, 0.9], ["partial", "defensive"], False),
        ([0.6, 0.9], ["partial", "defensive"], True),
    ],
)
def test_feeling_caught_rule(coverages: list[float], verdicts: list[str], caught: bool) -> None:
    turns = [turn(i, v, 0.5, c) for i, (c, v) in enumerate(zip(coverages, verdicts, strict=True), start=1)]
    assert P.session_figures(session(turns))["feeling_caught"] is caught


def test_phrases_are_deduplicated_in_order_across_attempts() -> None:
    turns = [turn(1, "defensive", 0.1, phrases=["but", "You always"]),
             turn(2, "defensive", 0.2, phrases=["you always", "to be fair"])]
    assert P.session_figures(session(turns))["defensive_phrases"] == ["but", "You always", "to be fair"]


def check(answer: str, speaker: str) -> dict[str, Any]:
    return {"step": "partner_check", "text": answer, "speaker": speaker, "details": {"answer": answer},
            "at": "2026-11-01T19:00:00+01:00"}


def test_partner_rounds_each_counted() -> None:
    """Partner mode: one round per listener; the session lands only if both rounds did, each by the speaker's
    own yes (stop 43: not the scorer's verdict)."""
    turns = [turn(1, "accurate", 0.9, 1.0, speaker="B"), check("yes", "A"), turn(1, "accurate", 0.4, speaker="A"),
             check("no", "B"), turn(2, "partial", 0.8, 1.0, speaker="A"), check("yes", "B")]
    figures = P.session_figures(session(turns, mode="partner"))
    assert figures["rounds"] == 2
    assert figures["landed"] and not figures["first_try"]
    assert figures["attempts"] == 2
    assert figures["best_score"] == 0.9


def test_score_taken_from_details_when_column_is_empty() -> None:
    t = turn(1, "partial", 0.0)
    t["score"] = None
    t["details"]["score"] = 0.42
    assert P.session_figures(session([t]))["best_score"] == 0.42


# --- edge cases -----------------------------------------------------------------------------------


def test_no_sessions_at_all(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    progress = P.compute_progress(store)
    assert progress["sessions"] == [] and progress["follow_through"] == []
    totals = progress["totals"]
    assert totals["sessions"] == 0 and totals["commitments"] == 0
    for rate in ("first_try_rate", "feeling_rate", "follow_through_rate", "landed_rate", "trend"):
        assert totals[rate] is None, rate
    summary = P.spoken_summary(store)
    assert summary == (
        "You haven't practised a reflection yet; once you have, I can tell you how it is going. "
        "You haven't saved a commitment yet."
    )
    P.render_terminal(progress)
    out = capsys.readouterr().out
    assert "No practice sessions yet" in out and "Commitments: none saved yet." in out
    assert "┌" not in out  # words only, no chart


def test_one_session(store: Store, clock: Clock, capsys: pytest.CaptureFixture[str]) -> None:
    practice(store, [PARTIAL, ACCURATE])
    progress = P.compute_progress(store)
    assert progress["totals"]["trend"] is None
    assert progress["totals"]["first_try_rate"] == 0.0
    assert P.spoken_summary(store) == (
        "In your first session you caught the feeling, and your reflection landed on the second try. "
        "You haven't saved a commitment yet."
    )
    P.render_terminal(progress)
    out = capsys.readouterr().out
    assert "┌" not in out
    best = progress["sessions"][0]["best_score"]  # the calibrated score (issue 12), not a fixed 1.00
    assert f"birthday: landed on try 2, best {best:.2f}, feeling caught" in out


def test_interrupted_sessions_count_with_what_they_have(store: Store, clock: Clock) -> None:
    # interrupted mid-reflection: one missed attempt saved
    mid = practice(store, [MISSED_1], model=False, status="interrupted")
    # interrupted before the reflection: not counted for the rates
    clock.at(date(2026, 11, 2))
    early = store.start_session(mode="walk", statement=STATEMENT)
    store.add_turn(early, step="root", text="I wanted to explain")
    store.end_session(early, status="stopped")
    # still 'running' (as after a crash): included as it stands
    clock.at(date(2026, 11, 3))
    running = practice(store, [ACCURATE], status=None)
    progress = P.compute_progress(store)
    by_id = {s["id"]: s for s in progress["sessions"]}
    assert by_id[mid]["status"] == "interrupted"
    assert (by_id[mid]["attempts"], by_id[mid]["landed"], by_id[mid]["modelled"]) == (1, False, False)
    assert by_id[early]["reflected"] is False and by_id[early]["attempts"] == 0
    assert by_id[early]["best_score"] is None
    assert by_id[running]["status"] == "running" and by_id[running]["first_try"]
    totals = progress["totals"]
    assert totals["sessions"] == 3 and totals["reflected_sessions"] == 2
    assert totals["first_try_rate"] == 0.5
    assert P.spoken_summary(store).startswith(
        "In your two sessions so far you caught the feeling once, "
        "and your reflection landed on the first try once."
    )
    lines = P.terminal_lines(progress)
    assert any("didn't land in 1 try" in line and "[interrupted]" in line for line in lines)
    assert any("ended before the reflection" in line and "[stopped]" in line for line in lines)


def test_commitments_with_no_check_in_due_yet(store: Store, clock: Clock) -> None:
    sid = practice(store, [ACCURATE])
    store.add_commitment("ask before making weekend plans", session_id=sid, checkin_days=7)
    store.add_commitment("put birthdays in the shared calendar", session_id=sid, checkin_days=14)
    progress = P.compute_progress(store)
    totals = progress["totals"]
    assert totals["commitments"] == 2 and totals["commitments_due"] == 0
    assert totals["follow_through_rate"] is None and totals["commitments_not_yet_due"] == 2
    assert progress["follow_through"] == []
    assert P.spoken_summary(store).endswith("You have made two commitments; none is due for a check-in yet.")
    assert "Commitments: 2 made, none due for a check-in yet." in P.terminal_lines(progress)


def test_checkin_sessions_are_not_practice(store: Store, clock: Clock, three: dict[str, Any]) -> None:
    checkin = store.start_session(mode="checkin")
    store.add_turn(checkin, step="checkin", text="yes", details={"commitment": three["commitments"][0]})
    store.end_session(checkin)
    progress = P.compute_progress(store)
    assert checkin not in [s["id"] for s in progress["sessions"]]
    assert progress["totals"]["checkin_sessions"] == 1
    assert progress["totals"]["sessions"] == 3


def test_kept_streak_ends_at_a_partly_or_no(store: Store, clock: Clock, three: dict[str, Any]) -> None:
    clock.at(date(2026, 11, 10), hour=10)
    store.add_note(three["commitments"][0], "only half of it", kind="checkin", result="partly")
    assert P.compute_progress(store)["totals"]["kept_streak"] == store.follow_through()["streak"] == 0
    clock.at(date(2026, 11, 10), hour=11)
    store.set_status(three["commitments"][2], "done")
    totals = P.compute_progress(store)["totals"]
    assert totals["kept_streak"] == store.follow_through()["streak"] == 1
    assert totals["commitments_done"] == 2


def test_dropped_commitments_are_left_out_of_follow_through(store: Store, three: dict[str, Any]) -> None:
    store.set_status(three["commitments"][0], "dropped")
    totals = P.compute_progress(store)["totals"]
    assert (totals["commitments_done"], totals["commitments_due"]) == (1, 2)
    assert totals["follow_through_rate"] == store.follow_through()["rate"] == 0.5


# --- spoken summary -------------------------------------------------------------------------------


def test_spoken_summary_after_three_sessions(store: Store, three: dict[str, Any]) -> None:
    assert P.spoken_summary(store) == (
        "In your three sessions so far you caught the feeling twice, and your reflection landed on the "
        "first try once. You have kept one of your three commitments. "
        "Your reflections are getting closer to what was said."
    )


def test_spoken_summary_last_n_window_and_streak(store: Store, clock: Clock) -> None:
    for day in range(1, 8):
        clock.at(date(2026, 11, day))
        sid = practice(store, [ACCURATE] if day > 2 else [MISSED_1, ACCURATE])
        cid = store.add_commitment(f"take {day}", session_id=sid, checkin_days=0)
        store.set_status(cid, "done")
    summary = P.spoken_summary(store, last_n=5)
    assert summary == (
        "In your last five sessions you caught the feeling every time, and your reflection landed on the "
        "first try every time. You have kept all seven of your commitments. That's seven kept in a row."
    )


def test_spoken_summary_single_commitment_wording(store: Store, clock: Clock) -> None:
    sid = practice(store, [MISSED_1, MISSED_2, MISSED_3])
    cid = store.add_commitment("listen to the end before answering", session_id=sid, checkin_days=0)
    assert P.spoken_summary(store) == (
        "In your first session the feeling didn't come through yet, and your reflection didn't land, "
        "so I modelled one for you. Your one commitment isn't marked kept yet."
    )
    store.set_status(cid, "done")
    assert P.spoken_summary(store).endswith("You have kept your one commitment.")


def test_spoken_summary_some_commitments_not_due(store: Store, clock: Clock, three: dict[str, Any]) -> None:
    store.add_commitment("a new one", checkin_days=10)
    assert " You have kept one of the three commitments due so far. " in P.spoken_summary(store)


@pytest.mark.parametrize(("n", "word"), [(0, "zero"), (1, "one"), (7, "seven"), (10, "ten"), (11, "11"),
                                         (42, "42")])
def test_number_words(n: int, word: str) -> None:
    assert P.number_word(n) == word


def test_times_words() -> None:
    assert [P.times_word(n) for n in (1, 2, 3, 12)] == ["once", "twice", "three times", "12 times"]


# --- terminal -----------------------------------------------------------------------------------


def test_render_terminal_draws_a_chart_then_words(store: Store, three: dict[str, Any],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    progress = P.compute_progress(store)
    P.render_terminal(progress)
    out = capsys.readouterr().out
    chart, _, words = out.partition("★ landed on the first try")
    assert "Best reflection score per session" in chart
    assert "┌" in chart and "└" in chart
    assert chart.count("★") == 1  # the one first-try session (the key is cut off by partition)
    assert "11-01" in chart and "11-07" in chart
    assert "\x1b[" not in out  # plain text, safe to pipe
    assert "2026-11-01  birthday: didn't land in 3 tries (modelled), best" in words
    best = progress["sessions"][2]["best_score"]  # the calibrated score (issue 12), not a fixed 1.00
    assert f"2026-11-07  birthday: landed first try, best {best:.2f}, feeling caught, 1 commitment" in words
    assert "First-try reflections: 1 of 3 (33%); feeling caught: 2 of 3 (67%)." in words
    assert "Commitments: 3 made; kept 1 of 3 due (33%); 1 kept in a row, 2 overdue." in words


def test_render_terminal_through_a_rich_console(store: Store, three: dict[str, Any]) -> None:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=120, color_system=None)
    P.render_terminal(P.compute_progress(store), console=console)
    text = buffer.getvalue()
    assert "Best reflection score per session" in text and "First-try reflections: 1 of 3" in text


def test_terminal_lines_shorten_long_statements(store: Store) -> None:
    long = "You never listen to me when I talk about my day and it makes me feel alone in this house"
    sid = store.start_session(mode="practice", statement=long)
    store.add_turn(sid, step="reflection", text="x", verdict="missed", score=0.0, attempt=1,
                   details={"feeling_coverage": 0.0, "defensive_phrases": []})
    line = P.terminal_lines(P.compute_progress(store))[0]
    assert "You never listen to me when…" in line


def test_importing_progress_stays_light() -> None:
    code = ("import sys, voicecoach.progress; "
            "print(sorted(m for m in ('matplotlib', 'plotext') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- image --------------------------------------------------------------------------------------


def test_write_chart_png_and_svg(store: Store, three: dict[str, Any], tmp_path: Path) -> None:
    progress = P.compute_progress(store)
    png = P.write_chart(progress, tmp_path / "progress.png")
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 10_000
    svg = P.write_chart(progress, tmp_path / "progress.SVG")
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and len(text) > 10_000


@pytest.mark.parametrize("case", ["empty", "one", "not-due"])
def test_write_chart_edge_cases(store: Store, clock: Clock, tmp_path: Path, case: str) -> None:
    if case != "empty":
        sid = practice(store, [ACCURATE])
        if case == "not-due":
            store.add_commitment("call on Sunday", session_id=sid, checkin_days=5)
    path = P.write_chart(P.compute_progress(store), tmp_path / f"{case}.png")
    assert path.read_bytes().startswith(b"\x89PNG") and path.stat().st_size > 10_000


def test_write_chart_refuses_other_suffixes_and_missing_folders(tmp_path: Path) -> None:
    progress = {"sessions": [], "totals": {}, "follow_through": []}
    with pytest.raises(InputError, match=r"\.png or \.svg"):
        P.write_chart(progress, tmp_path / "chart.jpg")
    with pytest.raises(InputError, match=r"\.png or \.svg"):
        P.write_chart(progress, tmp_path / "chart")
    missing = tmp_path / "nope"
    with pytest.raises(InputError, match="folder does not exist: ") as err:
        P.write_chart(progress, missing / "chart.png")
    assert str(missing) in str(err.value)
    assert not missing.exists()


def test_write_chart_without_matplotlib(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    with pytest.raises(VoicecoachError) as err:
        P.write_chart({"sessions": [], "totals": {}, "follow_through": []}, tmp_path / "chart.png")
    assert str(err.value) == P.MATPLOTLIB_MISSING and "matplotlib" in str(err.value)
    assert not (tmp_path / "chart.png").exists()
