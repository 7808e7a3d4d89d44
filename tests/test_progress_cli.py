"""Progress through the installed command: three sessions from missed to accurate, the JSON
matches history, the chart is drawn, and "how am I doing" is spoken in a walk."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import run_vc
from speech import answers_wav

ACCURATE = ("What I heard you say is that when I cancelled our dinner at the last minute again, "
            "you felt like you don't matter to me.")
TAIL = ["I cancelled at the last minute and I see it made you feel you come last.",
        "It makes sense that you feel unimportant.",
        "Next time I will tell you about any change at least one day before.", "yes", "I need calm talks."]
SESSIONS = [
    ["It was a misunderstanding.", "I was busy at work.", "Can we talk about something else?", "Sorry.", *TAIL],
    ["It was a misunderstanding.", "You felt unimportant.", ACCURATE, *TAIL],
    ["It was a misunderstanding.", ACCURATE, *TAIL],
]


@pytest.fixture(scope="module")
def _three_sessions_home(vc_bin, tmp_path_factory):
    """The three typed sessions, run once for the module (~7 s); each test gets its own copy."""
    work = tmp_path_factory.mktemp("three-sessions")
    home = work / "home"
    for i, answers in enumerate(SESSIONS):
        res = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--text", "--output",
                     str(work / f"s{i}.wav"), input="\n".join(answers) + "\n", env={"VOICECOACH_HOME": str(home)})
        assert res.returncode == 0, res.stderr
    return home


@pytest.fixture
def three_sessions(_three_sessions_home, voicecoach_home):
    shutil.copytree(_three_sessions_home, voicecoach_home)


def test_progress_json_matches_history(vc_bin, three_sessions):
    progress = json.loads(run_vc(vc_bin, "progress", "--json").stdout)
    history = json.loads(run_vc(vc_bin, "history", "--json").stdout)
    assert [s["id"] for s in progress["sessions"]] == [s["id"] for s in history]
    for p, h in zip(progress["sessions"], history):
        reflections = [t for t in h["turns"] if t["step"] == "reflection"]
        assert p["attempts"] == len(reflections)
        assert p["best_score"] == pytest.approx(max(t["score"] for t in reflections))
        assert p["commitments"] == len(h["commitments"])
    assert [s["first_try"] for s in progress["sessions"]] == [False, False, True]
    assert [s["landed"] for s in progress["sessions"]] == [False, True, True]
    assert progress["totals"]["sessions"] == 3
    assert progress["totals"]["first_try_rate"] == pytest.approx(1 / 3)


def test_progress_chart_and_terminal(vc_bin, three_sessions, tmp_path):
    chart = tmp_path / "progress.png"
    res = run_vc(vc_bin, "progress", "--chart", str(chart))
    assert res.returncode == 0, res.stderr
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and chart.stat().st_size > 10_000
    assert "First-try reflections: 1 of 3" in res.stdout


def test_progress_with_no_sessions(vc_bin):
    res = run_vc(vc_bin, "progress")
    assert res.returncode == 0 and "Traceback" not in res.stderr
    data = json.loads(run_vc(vc_bin, "progress", "--json").stdout)
    assert data["sessions"] == [] and data["totals"]["sessions"] == 0


@pytest.mark.needs_speech_tools
@pytest.mark.slow
def test_how_am_i_doing_is_spoken_in_a_walk(vc_bin, three_sessions, tmp_path, speech_cache):
    wav = answers_wav(["how am i doing", "stop"], tmp_path / "w.wav", speech_cache)
    res = run_vc(vc_bin, "walk", "--scenario", "raised-voice", "--input", str(wav), "--engine", "sphinx",
                 "--output", str(tmp_path / "o.wav"))
    assert res.returncode == 0, res.stderr
    assert "In your three sessions" in res.stderr or "sessions" in res.stderr.split("you: how am i doing")[-1]
    walk = json.loads(run_vc(vc_bin, "history", "--json").stdout)[-1]
    assert [e["name"] for e in walk["events"] if e["kind"] == "command"] == ["progress", "stop"]


def test_since_with_nothing_after_it_says_since_not_yet(vc_bin, tmp_path):
    # exploratory testing, stop 42: "No sessions yet." and "none saved yet" after sessions had been kept
    from conftest import run_vc

    for args, words in ((("history",), "No sessions since 2099-01-01."),
                        (("commitments", "list", "--all"), "No commitments made since 2099-01-01."),
                        (("progress",), "No practice sessions since 2099-01-01.")):
        res = run_vc(vc_bin, *args, "--since", "2099-01-01")
        assert res.returncode == 0, res.stderr
        assert words in res.stdout and "yet" not in res.stdout, res.stdout
