"""Issue 4 end to end, through the installed command: commitments captured in sessions (typed and
spoken), confirmed, stored, replayed (pyttsx3 and the person's own recorded words), checked off,
exported, forgotten; the bad-input paths; "play my commitments" in a spoken walk.

Audio checks compare samples, not just "a file exists": a replay WAV is compared with the same
lines synthesised in a fresh process (pyttsx3/espeak-ng gives the same samples for the same
sequence of lines), and an own-voice replay must contain the kept clip resampled to 22,050 Hz.
Reflection steps run with ``--max-attempts 1`` so that the answer order never depends on the scorer.
"""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import subprocess
import sys
import wave
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from conftest import run_vc
from speech import answers_wav, flite, pcm16k

COMMIT_A = "I will tell you about any change at least one day before."
COMMIT_B = "I will put my phone away when we talk."

EARCON_S = 0.19  # listen_start / listen_stop: two tones of 0.07 s and 0.09 s, each followed by 15 ms of quiet


def _session_answers(commitment: str, *, own_part: str = "I cancelled at the last minute, and I see how that hurt.",
                     confirm: tuple[str, ...] = ("yes",)) -> list[str]:
    return [
        "I think it was a misunderstanding about timing.",  # root
        "What I heard you say is that when I cancelled at the last minute again, you felt like you don't matter to me.",
        own_part,
        "It makes sense that you feel unimportant when I cancel on you.",  # validate
        commitment,
        *confirm,
        "I need us to talk calmly when we disagree.",  # needs
    ]


def _typed_session(vc_bin, out_dir: Path, answers: list[str], *extra: str, scenario: str = "cancelled-plans",
                   env: dict | None = None):
    res = run_vc(vc_bin, "practice", "--scenario", scenario, "--text", "--max-attempts", "1",
                 "--output", str(out_dir / f"coach-{len(list(out_dir.glob('coach-*')))}.wav"), *extra,
                 input="\n".join(answers) + "\n", env=env)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    return res


def _vc_ok(vc_bin, *args, **kw):
    res = run_vc(vc_bin, *args, **kw)
    assert res.returncode == 0, f"{args}: {res.stderr}"
    assert "Traceback" not in res.stderr
    return res


def _commitments(vc_bin, *flags: str) -> list[dict]:
    return json.loads(_vc_ok(vc_bin, "commitments", "list", "--json", *flags).stdout)


def _history(vc_bin) -> list[dict]:
    return json.loads(_vc_ok(vc_bin, "history", "--json").stdout)


def _one_line_error(res, needle: str) -> None:
    assert res.returncode != 0, res.stdout
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, res.stderr
    assert "Traceback" not in res.stderr
    assert needle.lower() in lines[0].lower(), lines[0]


def _samples(path: Path) -> np.ndarray:
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")


def _duration(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


# espeak-ng (under pyttsx3) does not always apply a voice/rate change before the next utterance
# (see the report); here the expected speech is made with the change forced through
# (espeak_Synchronize around it), which gives what the coach says whenever the race doesn't hit.
_SYNTH = """
import json, sys, wave
from pyttsx3.drivers import _espeak
from voicecoach.config import Settings
from voicecoach.tts import open_synthesizer
texts, out, rate = json.loads(sys.argv[1]), sys.argv[2], int(sys.argv[3])
speak = Settings().speak
synth = open_synthesizer()
real_synth = synth.synth
def forced(text, voice, wpm):
    _espeak.Synchronize()
    _espeak.SetVoiceByName(synth.resolve_voice(voice).encode())
    _espeak.SetParameter(_espeak.RATE, int(wpm), 0)
    _espeak.Synchronize()
    return real_synth(text, voice, wpm)
pcm = b""
for text in texts:
    chunk = forced(text, speak.coach_voice, rate or speak.rate_wpm)
    if chunk.rate != 22050:
        chunk = chunk.to(22050)
    pcm += chunk.audio
with wave.open(out, "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(22050); w.writeframes(pcm)
"""


def _synthesise(texts: list[str], out: Path, rate: int = 0) -> np.ndarray:
    """The coach's voice saying ``texts`` in order, synthesised in a fresh process (as a command does)."""
    subprocess.run([sys.executable, "-c", _SYNTH, json.dumps(texts), str(out), str(rate)], check=True,
                   capture_output=True, timeout=120)
    return _samples(out)


def _best_match(haystack: np.ndarray, probe: np.ndarray) -> float:
    """Highest normalised cross-correlation of ``probe`` anywhere in ``haystack`` (1.0: the same samples)."""
    h = haystack.astype(np.float64)
    p = probe.astype(np.float64) - probe.mean()
    n = 1 << (len(h) + len(p)).bit_length()
    corr = np.fft.irfft(np.fft.rfft(h, n) * np.conj(np.fft.rfft(p, n)), n)[: len(h) - len(p) + 1]
    csum = np.concatenate([[0.0], np.cumsum(h)])
    csum2 = np.concatenate([[0.0], np.cumsum(h * h)])
    m = len(p)
    energy = (csum2[m:] - csum2[:-m]) - (csum[m:] - csum[:-m]) ** 2 / m
    ncc = corr / (np.linalg.norm(p) * np.sqrt(np.maximum(energy, 1e-9)))
    return float(ncc[energy > 1e3 * m].max(initial=0.0))


def _prompt(key: str, **fields) -> str:
    from voicecoach.coach.prompts import prompt

    return prompt(key, **fields)


def _set_checkin(home: Path, ids: list[int], day: date) -> None:
    with sqlite3.connect(home / "voicecoach.db") as conn:
        conn.executemany("UPDATE commitments SET checkin_at = ? WHERE id = ?", [(day.isoformat(), i) for i in ids])
    conn.close()


# ------------------------------------------------------------------------------------------------
# Two typed sessions, built once and copied into each test's data folder (typed answers keep no
# audio, so the copy holds no path into the template folder).

@pytest.fixture(scope="module")
def two_sessions_template(tmp_path_factory, vc_bin):
    root = tmp_path_factory.mktemp("two-sessions")
    home = root / "home"
    env = {"VOICECOACH_HOME": str(home)}
    _typed_session(vc_bin, root, _session_answers(f"Next time {COMMIT_A}"), "--with", "Sam",
                   "--relationship", "partner", env=env)
    _typed_session(vc_bin, root, _session_answers(
        COMMIT_B, own_part="I kept looking at my phone while you talked, and I see how that felt dismissive."),
        scenario="phone-at-dinner", env=env)
    return home


@pytest.fixture
def two_sessions(two_sessions_template, voicecoach_home):
    shutil.copytree(two_sessions_template, voicecoach_home)
    return voicecoach_home


def test_two_sessions_store_two_commitments(vc_bin, two_sessions):
    sessions = _history(vc_bin)
    assert [s["status"] for s in sessions] == ["completed", "completed"]
    items = _commitments(vc_bin)
    assert [c["text"] for c in items] == [COMMIT_A, COMMIT_B]
    assert [c["session_id"] for c in items] == [s["id"] for s in sessions]
    assert all(c["status"] == "open" and c["done_at"] is None for c in items)
    # what each commitment answers, who it is with, and a check-in a week after it was made
    assert items[0]["statement"] == sessions[0]["statement"] and items[1]["statement"] == sessions[1]["statement"]
    assert items[0]["with_name"] == "Sam" and items[0]["relationship"] == "partner"
    for c in items:
        made = date.fromisoformat(c["created_at"][:10])
        assert date.fromisoformat(c["checkin_at"]) == made + timedelta(days=7)
        assert c["audio_path"] is None  # typed: there is no voice to keep
    # each confirmation is in the session's turns, written as it happened
    for s in sessions:
        commit_turns = [t for t in s["turns"] if t["step"] == "commitment"]
        assert len(commit_turns) == 1 and commit_turns[0]["details"]["confirmed"] == "yes"
        assert any(e["kind"] == "commitment" and e["name"] == "saved" for e in s["events"])


def test_done_by_hand_and_list_shows_both_statuses_and_rate(vc_bin, two_sessions):
    a, b = (c["id"] for c in _commitments(vc_bin))
    res = _vc_ok(vc_bin, "commitments", "done", str(a), "--note", "Told her on Tuesday about Friday.")
    assert f"commitment {a}" in res.stderr
    # the default list has only the open one; --all has both, each with its status
    assert [c["id"] for c in _commitments(vc_bin)] == [b]
    both = {c["id"]: c for c in _commitments(vc_bin, "--all")}
    assert both[a]["status"] == "done" and both[a]["done_at"]
    assert both[b]["status"] == "open" and both[b]["done_at"] is None
    assert [n["text"] for n in both[a]["notes"]] == ["Told her on Tuesday about Friday."]
    assert both[a]["notes"][0]["result"] == "yes"
    text = _vc_ok(vc_bin, "commitments", "list", "--all").stdout
    lines = text.splitlines()
    done_line = next(line for line in lines if COMMIT_A in line)
    open_line = next(line for line in lines if COMMIT_B in line)
    assert done_line.startswith("[x]") and "done" in done_line
    assert open_line.startswith("[ ]") and "open" in open_line and both[b]["checkin_at"] in open_line
    assert "Follow-through: 1 of 1 due kept (100%)." in text
    # once the other one's check-in date has come, it counts as due and not kept
    _set_checkin(two_sessions, [b], date.today())
    text = _vc_ok(vc_bin, "commitments", "list", "--all").stdout
    assert "Follow-through: 1 of 2 due kept (50%)." in text
    assert "Follow-through: 1 of 2" in _vc_ok(vc_bin, "commitments", "list").stdout


def test_every_export_format_opens_in_its_tool(vc_bin, two_sessions, tmp_path):
    from icalendar import Calendar

    a, b = (c["id"] for c in _commitments(vc_bin))
    _vc_ok(vc_bin, "commitments", "done", str(a))
    every = {c["id"]: c for c in _commitments(vc_bin, "--all")}

    files = {}
    for fmt in ("json", "csv", "md", "ics"):
        out = tmp_path / f"commitments.{fmt}"
        res = _vc_ok(vc_bin, "commitments", "export", "--format", fmt, "-o", str(out))
        assert res.stdout == "" and out.stat().st_size > 0
        files[fmt] = out

    data = json.loads(files["json"].read_text("utf-8"))
    assert {d["id"]: d["status"] for d in data} == {a: "done", b: "open"}
    assert {d["id"]: d["text"] for d in data} == {a: COMMIT_A, b: COMMIT_B}
    stdout_json = _vc_ok(vc_bin, "commitments", "export", "--format", "json").stdout
    assert json.loads(stdout_json) == data

    with open(files["csv"], newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(int(r["id"]), r["text"], r["status"]) for r in rows] == [(a, COMMIT_A, "done"), (b, COMMIT_B, "open")]
    assert rows[1]["checkin_at"] == every[b]["checkin_at"]

    md = files["md"].read_text("utf-8")
    assert md.startswith("# ")
    assert any(line.startswith("- [x] ") and "tell you about any change" in line for line in md.splitlines())
    open_lines = [line for line in md.splitlines() if line.startswith("- [ ] ")]
    assert len(open_lines) == 1 and "phone away" in open_lines[0] and every[b]["checkin_at"] in open_lines[0]
    assert "Sam" in md

    cal = Calendar.from_ical(files["ics"].read_bytes())
    todos = cal.walk("VTODO")
    assert len(todos) == 1  # one per open commitment: the done one is not on the calendar
    todo = todos[0]
    assert str(todo["SUMMARY"]) == COMMIT_B
    assert todo.decoded("DUE") == date.fromisoformat(every[b]["checkin_at"])
    assert str(todo["UID"]).startswith(f"commitment-{b}")

    # with both open, both are on the calendar, each at its own check-in date
    _vc_ok(vc_bin, "commitments", "drop", str(a))  # dropped: still not a to-do
    _set_checkin(two_sessions, [b], date.today() + timedelta(days=3))
    cal = Calendar.from_ical(_vc_ok(vc_bin, "commitments", "export", "--format", "ics").stdout.encode())
    assert [(str(t["SUMMARY"]), t.decoded("DUE")) for t in cal.walk("VTODO")] == [
        (COMMIT_B, date.today() + timedelta(days=3))]
    # --all puts the dropped one on the calendar too, as a cancelled to-do (no difference until stop 41)
    every_ics = _vc_ok(vc_bin, "commitments", "export", "--format", "ics", "--all").stdout
    cal = Calendar.from_ical(every_ics.encode())
    assert [(str(t["SUMMARY"]), str(t["STATUS"])) for t in cal.walk("VTODO")] == [
        (COMMIT_A, "CANCELLED"), (COMMIT_B, "NEEDS-ACTION")]


@pytest.mark.parametrize("ending", [("stop",), ()])
def test_a_commitment_said_before_stop_at_shall_i_save_that_is_kept(vc_bin, tmp_path, ending):
    """"stop" (or the end of the input) at "Shall I save that?" lost the commitment just said: its turn was
    stored only after the yes or no (exploratory testing, stop 41). It is a turn now, not yet confirmed, and
    no commitment is saved without a yes."""
    answers = _session_answers(f"Next time {COMMIT_A}", confirm=ending)[:5] + list(ending)
    res = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--text", "--max-attempts", "1",
                 "--output", "none", input="\n".join(answers) + "\n")
    assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
    last = _history(vc_bin)[-1]["turns"][-1]
    assert last["step"] == "commitment" and COMMIT_A in last["text"]
    assert last["details"]["confirmed"] is None
    assert _commitments(vc_bin, "--all") == []


def test_replay_of_one_id_speaks_only_that_one(vc_bin, two_sessions, tmp_path):
    a, b = (c["id"] for c in _commitments(vc_bin))
    one = tmp_path / "one.wav"
    res = _vc_ok(vc_bin, "commitments", "replay", str(a), "--to", str(one))
    assert COMMIT_A in res.stderr and COMMIT_B not in res.stderr and "played 1 commitment(s)" in res.stderr
    twice = _vc_ok(vc_bin, "commitments", "replay", str(a), str(a), "--to", "none")  # an id given twice: once
    assert twice.stderr.count(COMMIT_A) == 1 and "1 commitment(s)" in twice.stderr
    both = tmp_path / "both.wav"
    _vc_ok(vc_bin, "commitments", "replay", str(a), str(b), "--to", str(both))
    default = tmp_path / "default.wav"
    _vc_ok(vc_bin, "commitments", "replay", "--to", str(default))  # no ids: every open one

    expect_one = _synthesise([_prompt("command.commitments_chosen_one"), COMMIT_A], tmp_path / "expect-one.wav")
    expect_both = _synthesise([_prompt("command.commitments_chosen", count=2), COMMIT_A, COMMIT_B],
                              tmp_path / "expect-both.wav")
    expect_open = _synthesise([_prompt("command.commitments_intro", count=2), COMMIT_A, COMMIT_B],
                              tmp_path / "expect-open.wav")
    got_one, got_both = _samples(one), _samples(both)
    # a shorter or longer take (another speaking rate: the espeak-ng rate race) would show here first
    assert abs(len(got_one) - len(expect_one)) / 22050 < 0.05, (len(got_one), len(expect_one))
    assert np.array_equal(got_one, expect_one), "replay of one id is not exactly that commitment"
    assert np.array_equal(got_both, expect_both)
    assert np.array_equal(_samples(default), expect_open)
    only_b = _synthesise([COMMIT_B], tmp_path / "b.wav")
    assert _duration(both) - _duration(one) > len(only_b) / 22050 * 0.9


def test_replay_of_a_done_commitment_does_not_call_it_open(vc_bin, two_sessions, tmp_path):
    a, b = (c["id"] for c in _commitments(vc_bin))
    _vc_ok(vc_bin, "commitments", "done", str(a))
    res = _vc_ok(vc_bin, "commitments", "replay", str(a), str(b), "--to", str(tmp_path / "r.wav"))
    spoken = [line for line in res.stderr.splitlines() if line.startswith("coach:")]
    assert not any("open" in line for line in spoken), spoken


def test_no_loop_three_noes_saves_nothing_and_moves_on(vc_bin, tmp_path):
    answers = _session_answers("Next time I will tell you about any change at least one day before.",
                               confirm=("no", "I will leave work on time on our dinner nights.", "no",
                                        "I will put our dinners in my calendar.", "no"))
    res = _typed_session(vc_bin, tmp_path, answers)
    assert "nothing is saved" in res.stderr
    assert _commitments(vc_bin, "--all") == []
    s = _history(vc_bin)[0]
    assert s["status"] == "completed"
    commit_turns = [t for t in s["turns"] if t["step"] == "commitment"]
    assert [t["details"]["confirmed"] for t in commit_turns] == ["no", "no", "no"]
    assert [t["text"] for t in commit_turns] == [
        "I will tell you about any change at least one day before.",
        "I will leave work on time on our dinner nights.",
        "I will put our dinners in my calendar."]
    # the session went on to needs with the next answer, then closed
    needs = [t for t in s["turns"] if t["step"] == "needs"]
    assert [t["text"] for t in needs] == ["I need us to talk calmly when we disagree."]
    assert any(e["kind"] == "commitment" and e["name"] == "not_saved" for e in s["events"])
    assert s["note"] and "leave work on time" not in s["note"] and "calendar" not in s["note"]


def test_no_then_restated_commitment_is_saved(vc_bin, tmp_path):
    answers = _session_answers("Next time I will tell you about any change at least one day before.",
                               confirm=("no", "Next time I will call you as soon as I know I'll be late.", "yes"))
    _typed_session(vc_bin, tmp_path, answers)
    assert [c["text"] for c in _commitments(vc_bin)] == ["I will call you as soon as I know I'll be late."]


def test_commitment_noticed_at_own_part_is_offered_and_saved_on_yes(vc_bin, tmp_path):
    own = "I cancelled at the last minute again, and next time I'll call you before I change our plans."
    res = _typed_session(vc_bin, tmp_path, _session_answers(COMMIT_B, own_part=own, confirm=("yes", "yes")),
                         scenario="phone-at-dinner")
    assert "I heard: I will call you before I change our plans. Shall I save that?" in res.stderr
    items = _commitments(vc_bin)
    assert [c["text"] for c in items] == [COMMIT_B, "I will call you before I change our plans."]
    s = _history(vc_bin)[0]
    noticed = [t for t in s["turns"] if t["step"] == "commitment" and t["details"].get("noticed")]
    assert len(noticed) == 1 and noticed[0]["details"]["said"] == own
    # both are in the closing summary and the follow-up note
    assert "Your 2 commitments" in res.stderr
    assert "call you before I change our plans" in _vc_ok(vc_bin, "note").stdout


def test_commitment_noticed_is_not_saved_on_no(vc_bin, tmp_path):
    own = "I'm going to stop checking my phone at dinner. I see how it made you feel ignored."
    _typed_session(vc_bin, tmp_path, _session_answers(COMMIT_B, own_part=own, confirm=("yes", "no")),
                   scenario="phone-at-dinner")
    assert [c["text"] for c in _commitments(vc_bin, "--all")] == [COMMIT_B]
    needs = [t for t in _history(vc_bin)[0]["turns"] if t["step"] == "needs"]
    assert needs and needs[0]["text"] == "I need us to talk calmly when we disagree."


def test_three_empty_commitments_move_on_without_losing_the_next_answer(vc_bin, tmp_path):
    answers = _session_answers("um", confirm=("I will", "never mind"))
    res = _typed_session(vc_bin, tmp_path, answers)
    assert _commitments(vc_bin, "--all") == []
    s = _history(vc_bin)[0]
    assert s["status"] == "completed", res.stderr
    needs = [t for t in s["turns"] if t["step"] == "needs"]
    assert [t["text"] for t in needs] == ["I need us to talk calmly when we disagree."]


def test_empty_commitment_is_refused_and_nothing_saved(vc_bin, tmp_path):
    # in a session: answers with no commitment in them are not saved, the coach asks again
    answers = _session_answers("um", confirm=("never mind", "Next time I will ask before I make other plans.", "yes"))
    res = _typed_session(vc_bin, tmp_path, answers)
    assert res.stderr.count("I didn't catch one specific thing you will do there") == 2
    assert "never mind" not in " ".join(line for line in res.stderr.splitlines() if "I heard:" in line).lower()
    assert [c["text"] for c in _commitments(vc_bin)] == ["I will ask before I make other plans."]
    # through the library: an empty text is an InputError with one clear line, and nothing is written
    from voicecoach.errors import InputError
    from voicecoach.store import Store

    with Store.open() as store:
        for empty in ("", "   ", "\n"):
            with pytest.raises(InputError, match="empty"):
                store.add_commitment(empty)
        assert len(store.list_commitments(include_all=True)) == 1


def test_bad_input_gives_one_line_and_loses_nothing(vc_bin, two_sessions, tmp_path):
    before = _commitments(vc_bin, "--all")
    a = before[0]["id"]
    missing = tmp_path / "no-such-folder"
    _one_line_error(run_vc(vc_bin, "commitments", "done", "999"), "no commitment with id 999")
    _one_line_error(run_vc(vc_bin, "commitments", "drop", "999"), "no commitment with id 999")
    _one_line_error(run_vc(vc_bin, "commitments", "forget", "999"), "no commitment with id 999")
    _one_line_error(run_vc(vc_bin, "commitments", "replay", "999"), "no commitment with id 999")
    _one_line_error(run_vc(vc_bin, "commitments", "replay", str(a), "999", "--to", str(tmp_path / "r.wav")), "999")
    assert not (tmp_path / "r.wav").exists()
    _one_line_error(run_vc(vc_bin, "commitments", "replay", str(a), "--to", str(missing / "r.wav")),
                    "folder does not exist")
    for fmt in ("json", "csv", "md", "ics"):
        _one_line_error(run_vc(vc_bin, "commitments", "export", "--format", fmt, "-o", str(missing / f"c.{fmt}")),
                        "folder does not exist")
    _one_line_error(run_vc(vc_bin, "commitments", "export", "--format", "md", "-o", str(tmp_path)), "folder")
    _one_line_error(run_vc(vc_bin, "commitments", "list", "--since", "last week"), "not a date")
    _one_line_error(run_vc(vc_bin, "note", "999"), "no session with id 999")
    assert not missing.exists()
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("vc-home")] == []
    assert _commitments(vc_bin, "--all") == before  # nothing lost, nothing changed


def test_note_prints_each_sessions_follow_up(vc_bin, two_sessions):
    s1, s2 = _history(vc_bin)
    latest = _vc_ok(vc_bin, "note").stdout.strip()
    assert latest == s2["note"].strip() and "phone away" in latest
    first = _vc_ok(vc_bin, "note", str(s1["id"])).stdout.strip()
    assert first == s1["note"].strip()
    assert "tell you about any change at least one day before" in first and first.startswith("Hi Sam")
    assert "Thank" in first


# ------------------------------------------------------------------------------------------------
# Spoken sessions: PocketSphinx hears flite's voice from a WAV; the commitment clip is kept.

SPOKEN_COMMITMENT = "next time i will call you before i change our plans"


def _spoken_session(vc_bin, tmp_path, speech_cache, *extra: str) -> dict:
    answers = [  # short: only the commitment's words matter here (one try at the reflection)
        "a misunderstanding",
        "you felt like you do not matter to me",
        "i cancelled at the last minute",
        "that makes sense",
        SPOKEN_COMMITMENT,
        "yes",
        "i need calm",
    ]
    wav = answers_wav(answers, tmp_path / "answers.wav", speech_cache)
    res = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--max-attempts", "1", "--input", str(wav),
                 "--engine", "sphinx", "--output", str(tmp_path / "coach.wav"), *extra)
    assert res.returncode == 0, res.stderr
    items = _commitments(vc_bin)
    assert len(items) == 1, res.stderr
    assert "change our plans" in items[0]["text"] and items[0]["text"].startswith("I will")
    return items[0]


@pytest.mark.needs_speech_tools
@pytest.mark.slow
def test_own_voice_replay_plays_the_kept_clip_and_forget_deletes_it(vc_bin, tmp_path, speech_cache,
                                                                    voicecoach_home):
    from voicecoach.audio.wavio import read_wav_chunk, read_wav_pcm16

    item = _spoken_session(vc_bin, tmp_path, speech_cache)
    clip = Path(item["audio_path"])
    assert clip.is_file() and clip.resolve().is_relative_to(voicecoach_home.resolve())
    assert (clip.stat().st_mode & 0o777) == 0o600 and (clip.parent.stat().st_mode & 0o777) == 0o700
    # the clip is the person's own words: flite's samples of the commitment are in it
    said = pcm16k(flite(SPOKEN_COMMITMENT, speech_cache))
    clip_pcm = read_wav_pcm16(clip, 16000)
    middle = said[len(said) // 4 * 2 - 16000: len(said) // 4 * 2 + 16000]
    assert clip_pcm.find(middle) >= 0
    assert len(said) / 32000 - 0.2 < len(clip_pcm) / 32000 < len(said) / 32000 + 3.0

    own = tmp_path / "own.wav"
    res = _vc_ok(vc_bin, "commitments", "replay", str(item["id"]), "--own-voice", "--to", str(own))
    assert "played 1 commitment(s)" in res.stderr and item["text"] not in res.stderr  # not read out: played
    intro = _synthesise([_prompt("command.commitments_chosen_one")], tmp_path / "intro.wav")
    with wave.open(str(clip)) as w:
        assert w.getframerate() == 16000
    clip_22k = np.frombuffer(read_wav_chunk(clip).to(22050).audio, dtype="<i2")
    got = _samples(own)
    assert len(got) == len(intro) + len(clip_22k)
    assert np.array_equal(got[: len(intro)], intro)
    assert np.array_equal(got[len(intro):], clip_22k)
    # and independently of the library's resampler: the same sound, by a plain linear resample
    x = np.frombuffer(clip_pcm, dtype="<i2").astype(np.float64)
    lin = np.interp(np.arange(len(clip_22k)) * 16000 / 22050, np.arange(len(x)), x)
    assert np.corrcoef(lin, got[len(intro):].astype(np.float64))[0, 1] > 0.95
    # without --own-voice the same commitment is spoken by the coach instead
    tts = tmp_path / "tts.wav"
    _vc_ok(vc_bin, "commitments", "replay", str(item["id"]), "--to", str(tts))
    assert np.array_equal(_samples(tts), _synthesise([_prompt("command.commitments_chosen_one"), item["text"]],
                                                      tmp_path / "expect-tts.wav"))

    # forget: the text and the audio are gone, from the list, the database file and the disk
    res = _vc_ok(vc_bin, "commitments", "forget", str(item["id"]))
    assert not clip.exists()
    assert _commitments(vc_bin, "--all") == []
    with sqlite3.connect(voicecoach_home / "voicecoach.db") as conn:
        assert conn.execute("SELECT count(*) FROM commitments").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM commitment_notes").fetchone()[0] == 0
    conn.close()
    _one_line_error(run_vc(vc_bin, "commitments", "replay", str(item["id"]), "--own-voice"), "no commitment")
    # the session is kept (its turns are history) until it is forgotten too; then the words are gone
    # from the database file itself, not just from the list
    (session,) = _history(vc_bin)
    assert session["commitments"] == []
    _vc_ok(vc_bin, "forget", "--session", str(session["id"]))
    db_bytes = b"".join(p.read_bytes() for p in voicecoach_home.glob("voicecoach.db*"))
    assert item["text"].encode() not in db_bytes and b"change our plans" not in db_bytes
    assert not (voicecoach_home / "clips" / f"session-{session['id']}").exists()


@pytest.mark.needs_speech_tools
@pytest.mark.slow
def test_no_keep_audio_keeps_no_clip(vc_bin, tmp_path, speech_cache, voicecoach_home):
    item = _spoken_session(vc_bin, tmp_path, speech_cache, "--no-keep-audio")
    assert item["audio_path"] is None
    clips = voicecoach_home / "clips"
    assert not clips.exists() or not any(p.is_file() for p in clips.rglob("*"))
    assert not any(p.suffix == ".wav" for p in voicecoach_home.rglob("*"))
    # --own-voice with no clip: the coach reads it out instead
    out = tmp_path / "own.wav"
    res = _vc_ok(vc_bin, "commitments", "replay", "--own-voice", "--to", str(out))
    assert item["text"] in res.stderr
    assert np.array_equal(_samples(out), _synthesise([_prompt("command.commitments_intro_one"), item["text"]],
                                                      tmp_path / "expect.wav"))


@pytest.mark.needs_speech_tools
@pytest.mark.slow
def test_play_my_commitments_spoken_during_a_walk(vc_bin, two_sessions, tmp_path, speech_cache):
    root_answer = "i think it was a misunderstanding"
    with_cmd = answers_wav(["play my commitments", root_answer], tmp_path / "with.wav", speech_cache)
    without = answers_wav([root_answer], tmp_path / "without.wav", speech_cache)
    runs = {}
    for name, wav in (("with", with_cmd), ("without", without)):
        out = tmp_path / f"walk-{name}.wav"
        res = run_vc(vc_bin, "walk", "--scenario", "cancelled-plans", "--input", str(wav), "--engine", "sphinx",
                     "--output", str(out))
        assert res.returncode == 0, res.stderr
        runs[name] = (res.stderr, out)
    walks = [s for s in _history(vc_bin) if s["mode"] == "walk"]
    assert len(walks) == 2
    commands = [e for e in walks[0]["events"] if e["kind"] == "command"]
    assert [(e["name"], e["detail"]) for e in commands] == [("commitments", "play my commitments")]
    assert not [e for e in walks[1]["events"] if e["kind"] == "command"]
    # the root answer was still heard after the command
    assert walks[0]["turns"] and walks[0]["turns"][0]["step"] == "root"
    assert [t["text"] for t in walks[0]["turns"]] == [t["text"] for t in walks[1]["turns"]]
    # both open commitments were read out, in order, right after the command
    intro = _prompt("command.commitments_intro", count=2)
    spoken = [line[len("coach: "):] for line in runs["with"][0].splitlines() if line.startswith("coach: ")]
    i = spoken.index(intro)
    assert spoken[i + 1: i + 3] == [COMMIT_A, COMMIT_B]
    assert COMMIT_A not in runs["without"][0]

    # ...and they are in the coach's output WAV: the synthesised commitment's waveform is found there,
    # and not in the walk without the command (at 165 wpm, or at pyttsx3's starting 200 wpm
    # when the espeak-ng rate race hits that session)
    heard_with, heard_without = _samples(runs["with"][1]), _samples(runs["without"][1])
    for text in (COMMIT_A, COMMIT_B):
        scores_with, scores_without = [], []
        for rate in (165, 200):
            speech = _synthesise(["warm up", text], tmp_path / "c.wav", rate)[len(_synthesise(["warm up"], tmp_path
                                                                                             / "w.wav", rate)):]
            probe = speech[len(speech) // 2 - 11025: len(speech) // 2 + 11025]  # its middle second
            scores_with.append(_best_match(heard_with, probe))
            scores_without.append(_best_match(heard_without, probe))
        # (espeak-ng's samples for a line vary a little with what it said before: 0.68-0.94 here,
        # against 0.2-0.3 for any other speech)
        assert max(scores_with) > 0.55 and max(scores_with) > 2 * max(scores_without), (
            text, scores_with, scores_without)

    # the output grew by the replay, plus the question asked again and one more listen's earcons
    replay = tmp_path / "replay.wav"
    _vc_ok(vc_bin, "commitments", "replay", "--to", str(replay))
    prompt_s = (len(_synthesise(["warm up", _prompt("step.root")], tmp_path / "root.wav"))
                - len(_synthesise(["warm up"], tmp_path / "warm.wav"))) / 22050
    growth = _duration(runs["with"][1]) - _duration(runs["without"][1])
    expected = _duration(replay) + prompt_s + 2 * EARCON_S
    # equal within 0.05 s unless the rate race hits one of the two sessions (up to ~25% either way)
    assert 0.6 * expected < growth < 1.6 * expected, (growth, expected)


def test_commitments_list_json_contract(vc_bin, two_sessions):
    items = _commitments(vc_bin, "--all")
    for c in items:
        assert {"id", "text", "status", "created_at", "session_id"} <= set(c)
    since = _commitments(vc_bin, "--all", "--since", date.today().isoformat())
    assert since == items or date.fromisoformat(items[0]["created_at"][:10]) != date.today()
    assert _commitments(vc_bin, "--all", "--since", (date.today() + timedelta(days=2)).isoformat()) == []


def test_done_twice_is_said_and_counts_once(vc_bin, tmp_path):
    # exploratory testing, stop 42: each repeat added a check-in ("3 kept in a row" for one commitment) and
    # moved the date it was kept
    _typed_session(vc_bin, tmp_path, _session_answers("Next time I will call you a day ahead."))
    (item,) = _commitments(vc_bin)
    first = run_vc(vc_bin, "commitments", "done", str(item["id"]))
    assert first.returncode == 0 and "marked done" in first.stderr
    kept = _commitments(vc_bin, "--all")[0]
    for _ in range(2):
        again = run_vc(vc_bin, "commitments", "done", str(item["id"]))
        assert again.returncode == 0 and "already done" in again.stderr
    after = _commitments(vc_bin, "--all")[0]
    assert after["done_at"] == kept["done_at"] and after["notes"] == kept["notes"]
    progress = json.loads(run_vc(vc_bin, "progress", "--json").stdout)
    assert progress["totals"]["kept_streak"] <= 1


def test_every_commitment_said_is_offered_and_a_complaint_in_one_is_left_out(vc_bin, tmp_path):
    # exploratory testing, stop 42: a second commitment in the same answer, and one added after "yes", were
    # dropped without a word; "…, but you need to stop nagging" was saved and went into the note
    answers = _session_answers("Next time I will call a day ahead. Also I'll put our dinners in my calendar.",
                               confirm=("yes, and I will also leave work on time on Fridays", "yes", "yes"))
    _typed_session(vc_bin, tmp_path, answers)
    texts = [c["text"] for c in _commitments(vc_bin)]
    assert texts == ["I will call a day ahead.", "I will put our dinners in my calendar.",
                     "I will also leave work on time on Fridays."], texts
    answers = _session_answers("Next time I will call a day ahead, but you need to stop nagging.",
                               confirm=("Next time I will call a day ahead.", "yes"))
    res = _typed_session(vc_bin, tmp_path, answers)
    assert "only about what you will do" in res.stderr
    assert "nagging" not in " ".join(c["text"] for c in _commitments(vc_bin))
    assert "nagging" not in run_vc(vc_bin, "note").stdout


def test_replay_says_to_whom_when_made_to_more_than_one_person(vc_bin):
    # exploratory testing, stop 43: the same words said to two people were read alike
    from voicecoach.store import Store

    with Store.open() as store:
        for name in ("Maya", "Mr Patel"):
            sid = store.start_session(mode="practice", with_name=name)
            store.add_commitment("I will call you back the same day.", session_id=sid)
            store.end_session(sid, status="completed")
        sid = store.start_session(mode="partner", with_name="Sam & Alex")
        store.add_commitment("I will wash up before bed.", session_id=sid, person="Alex")
        store.end_session(sid, status="completed")
    res = _vc_ok(vc_bin, "commitments", "replay", "--to", "none")
    assert "To Maya:" in res.stderr and "To Mr Patel:" in res.stderr and "Alex said:" in res.stderr, res.stderr
    listed = _vc_ok(vc_bin, "commitments", "list").stdout
    assert "(Alex's, with Sam & Alex)" in listed, listed
