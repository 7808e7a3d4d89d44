"""`voicecoach checkin`, hands-free follow-through, through the installed command.

For each open commitment whose check-in date has come, the coach reads it and asks "Did you follow
through? yes, partly, or no"; yes marks it done, partly / no keep it open with a check-in note and
an optional spoken note. The spoken test feeds flite's "yes" / "no" / "partly" from a WAV to
PocketSphinx, as a microphone would.
"""

from __future__ import annotations

import json
import wave
from datetime import date, timedelta

import pytest
from conftest import run_vc
from speech import answers_wav

STATEMENT = "When you cancelled our dinner at the last minute again, I felt like I don't matter to you."
TEXTS = [
    "I will tell you about any change at least one day before.",
    "I will put my phone away when we talk.",
    "I will ask before I make plans for both of us.",
    "I will take a break when I start raising my voice.",
]


def _make_commitments(due: list[bool]) -> list[int]:
    """A finished practice session with one commitment per flag; the flagged ones are due today."""
    from voicecoach.store import Store

    today = date.today()
    with Store.open() as store:
        sid = store.start_session(mode="practice", statement=STATEMENT, relationship="partner")
        ids = [store.add_commitment(text, session_id=sid, checkin_at=today if is_due else today + timedelta(days=7))
               for text, is_due in zip(TEXTS, due, strict=False)]
        store.end_session(sid, status="completed")
    return ids


def _all(vc_bin) -> dict[int, dict]:
    res = run_vc(vc_bin, "commitments", "list", "--all", "--json")
    assert res.returncode == 0, res.stderr
    return {c["id"]: c for c in json.loads(res.stdout)}


def _checkin_session(vc_bin) -> dict:
    res = run_vc(vc_bin, "history", "--json")
    sessions = [s for s in json.loads(res.stdout) if s["mode"] == "checkin"]
    assert len(sessions) == 1
    return sessions[0]


def _coach_lines(stderr: str) -> list[str]:
    return [line[len("coach: "):] for line in stderr.splitlines() if line.startswith("coach: ")]


@pytest.mark.needs_speech_tools
@pytest.mark.slow
def test_spoken_checkin_updates_statuses(vc_bin, tmp_path, speech_cache):
    ids = _make_commitments([True, True, True, False])
    yes_id, no_id, partly_id, later_id = ids
    wav = answers_wav(["yes", "no", "i was working late", "partly", "i called once"], tmp_path / "checkin.wav",
                      speech_cache)
    out = tmp_path / "coach.wav"
    res = run_vc(vc_bin, "checkin", "--input", str(wav), "--engine", "sphinx", "--output", str(out))
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr and "check-in" in res.stderr

    items = _all(vc_bin)
    # yes: done, with a 'yes' check-in
    assert items[yes_id]["status"] == "done" and items[yes_id]["done_at"]
    assert [(n["kind"], n["result"]) for n in items[yes_id]["notes"]] == [("checkin", "yes")]
    # no: stays open, with a 'no' check-in and the spoken note
    assert items[no_id]["status"] == "open" and items[no_id]["done_at"] is None
    no_notes = items[no_id]["notes"]
    assert [(n["kind"], n["result"]) for n in no_notes] == [("checkin", "no"), ("note", None)]
    assert "working" in no_notes[1]["text"]
    # partly: stays open, with a 'partly' check-in and the spoken note
    assert items[partly_id]["status"] == "open"
    partly_notes = items[partly_id]["notes"]
    assert [(n["kind"], n["result"]) for n in partly_notes] == [("checkin", "partly"), ("note", None)]
    assert partly_notes[1]["text"].strip()
    # not due yet: not asked, untouched
    assert items[later_id]["status"] == "open" and items[later_id]["notes"] == []
    assert TEXTS[3] not in res.stderr

    s = _checkin_session(vc_bin)
    assert s["status"] == "completed" and s["ended_at"]
    turns = [t for t in s["turns"] if t["step"] == "checkin"]
    assert [(t["details"]["commitment"], t["details"]["answer"]) for t in turns] == [
        (yes_id, "yes"), (no_id, "no"), (partly_id, "partly")]
    # each due commitment was read out, and the coach's speech is in the output WAV
    spoken = _coach_lines(res.stderr)
    for text in TEXTS[:3]:
        assert any(text in line and "follow through" in line for line in spoken)
    with wave.open(str(out)) as w:
        assert w.getframerate() == 22050 and w.getnframes() / 22050 > 20
    # the list shows the new follow-through: 1 kept of 3 due
    listing = run_vc(vc_bin, "commitments", "list", "--all").stdout
    assert "Follow-through: 1 of 3 due kept (33%)." in listing


def test_typed_checkin_skips_what_is_done_already(vc_bin, tmp_path):
    first, second = _make_commitments([True, True])
    done = run_vc(vc_bin, "commitments", "done", str(first), "--note", "Did it on Monday.")
    assert done.returncode == 0, done.stderr
    res = run_vc(vc_bin, "checkin", "--text", "--output", str(tmp_path / "o.wav"), input="yes\n")
    assert res.returncode == 0, res.stderr
    asked = [line for line in _coach_lines(res.stderr) if "follow through" in line]
    assert len(asked) == 1 and TEXTS[1] in asked[0]
    items = _all(vc_bin)
    assert items[first]["status"] == items[second]["status"] == "done"
    assert [n["text"] for n in items[first]["notes"]] == ["Did it on Monday."]


def test_unclear_answers_change_nothing(vc_bin, tmp_path):
    (only,) = _make_commitments([True])
    res = run_vc(vc_bin, "checkin", "--text", "--output", str(tmp_path / "o.wav"),
                 input="banana\nthe weather was nice\npurple\n")
    assert res.returncode == 0, res.stderr
    assert sum("Say yes, partly, or no" in line for line in _coach_lines(res.stderr)) == 3
    item = _all(vc_bin)[only]
    assert item["status"] == "open" and item["notes"] == []
    turns = [t for t in _checkin_session(vc_bin)["turns"] if t["step"] == "checkin"]
    # each unclear answer is kept (stop 42: "I called her on Monday" was lost), none of them as an answer
    assert [(t["text"], t["details"]["answer"]) for t in turns] == [
        ("banana", None), ("the weather was nice", None), ("purple", None)]


def test_checkin_ends_cleanly_when_input_ends(vc_bin, tmp_path):
    first, second = _make_commitments([True, True])
    res = run_vc(vc_bin, "checkin", "--text", "--output", str(tmp_path / "o.wav"), input="yes\n")
    assert res.returncode == 0, res.stderr
    items = _all(vc_bin)
    assert items[first]["status"] == "done" and items[second]["status"] == "open"
    s = _checkin_session(vc_bin)
    assert s["ended_at"] and s["status"] == "stopped"


def test_declining_a_note_saves_no_note(vc_bin, tmp_path):
    (only,) = _make_commitments([True])
    res = run_vc(vc_bin, "checkin", "--text", "--output", str(tmp_path / "o.wav"), input="no\nno thanks\n")
    assert res.returncode == 0, res.stderr
    item = _all(vc_bin)[only]
    assert item["status"] == "open"
    assert [(n["kind"], n["result"], n["text"]) for n in item["notes"]] == [("checkin", "no", None)]
    assert "Noted." not in _coach_lines(res.stderr)


def test_nothing_due_says_so(vc_bin, tmp_path):
    _make_commitments([False])
    res = run_vc(vc_bin, "checkin", "--text", "--output", str(tmp_path / "o.wav"), input="")
    assert res.returncode == 0, res.stderr
    spoken = _coach_lines(res.stderr)
    assert not any("look back at what you committed to" in line for line in spoken)
    assert any("due" in line.lower() for line in spoken), spoken
    assert all(c["notes"] == [] for c in _all(vc_bin).values())


@pytest.mark.parametrize(
    "answers, note",
    [
        # after a bare "yes", whatever comes next is the note, "I forgot" included
        (["no", "yes", "I forgot, sorry, work was insane"], "I forgot, sorry, work was insane"),
        (["no", "yes", "I did not do it"], "I did not do it"),
        # a note that opens with a yes or a no is the note itself
        (["no", "No, I just forgot because work was crazy"], "No, I just forgot because work was crazy"),
        (["partly", "yes I want to say that she didn't remind me either"],
         "yes I want to say that she didn't remind me either"),
        (["no", "I forgot"], "I forgot"),
    ],
)
def test_a_check_in_note_is_kept_whatever_it_opens_with(vc_bin, tmp_path, answers, note):
    # exploratory testing, stop 42: these notes were dropped without a word
    (only,) = _make_commitments([True])
    res = run_vc(vc_bin, "checkin", "--text", "--output", "none", input="\n".join(answers) + "\n")
    assert res.returncode == 0, res.stderr
    item = _all(vc_bin)[only]
    assert [n["text"] for n in item["notes"] if n["kind"] == "note"] == [note]
    assert "Noted." in _coach_lines(res.stderr)


def test_an_unclear_check_in_answer_is_kept(vc_bin, tmp_path):
    (only,) = _make_commitments([True])
    res = run_vc(vc_bin, "checkin", "--text", "--output", "none", input="I called her on Monday\nyes\n")
    assert res.returncode == 0, res.stderr
    assert _all(vc_bin)[only]["status"] == "done"
    texts = [t["text"] for t in _checkin_session(vc_bin)["turns"]]
    assert texts == ["I called her on Monday", "yes"]


def test_a_reason_given_with_the_answer_is_the_note(vc_bin):
    # exploratory testing, stop 43: it was kept only as a loose turn, and a note was asked for again
    (only,) = _make_commitments([True])
    res = run_vc(vc_bin, "checkin", "--text", "--output", "none",
                 input="No, work blew up and I completely forgot to call her.\n")
    assert res.returncode == 0, res.stderr
    notes = _all(vc_bin)[only]["notes"]
    assert [n["text"] for n in notes if n["kind"] == "note"] == ["work blew up and I completely forgot to call her."]
    assert [n["result"] for n in notes if n["kind"] == "checkin"] == ["no"]
    assert not any("add a note" in line for line in _coach_lines(res.stderr))


def test_the_question_says_to_whom_and_whose(vc_bin):
    from voicecoach.store import Store

    with Store.open() as store:
        sid = store.start_session(mode="practice", statement=STATEMENT, relationship="partner", with_name="Maya")
        store.add_commitment(TEXTS[0], session_id=sid, checkin_at=date.today())
        store.end_session(sid, status="completed")
        sid = store.start_session(mode="partner", with_name="Sam & Alex")
        store.add_commitment(TEXTS[1], session_id=sid, person="Alex", checkin_at=date.today())
        store.end_session(sid, status="completed")
    res = run_vc(vc_bin, "checkin", "--text", "--output", "none", input="yes\nyes\n")
    assert res.returncode == 0, res.stderr
    spoken = _coach_lines(res.stderr)
    assert any(f"you said to Maya: {TEXTS[0]}" in line for line in spoken), spoken
    assert any(line.startswith("Alex, earlier today you said: ") for line in spoken), spoken
    assert any("You have kept both of your commitments." in line for line in spoken), spoken


def test_a_commitment_forgotten_during_the_check_in_is_passed_over(vc_bin):
    # exploratory testing, stop 43: the check-in died with "no commitment with id 1" (exit 2)
    import subprocess

    first, second = _make_commitments([True, True])
    proc = subprocess.Popen([*vc_bin, "checkin", "--text", "--output", "none"], stdin=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:
        if "Did you follow through?" in line:
            break
    assert run_vc(vc_bin, "forget", "--commitment", str(first), "--yes").returncode == 0
    out, err = proc.communicate("yes\nyes\n", timeout=120)
    assert proc.returncode == 0, err
    assert "no commitment with id" not in err
    assert _all(vc_bin)[second]["status"] == "done"


def test_forgetting_a_check_in_takes_its_notes_and_a_check_in_left_empty_goes(vc_bin):
    # exploratory testing, stop 43: the notes said in a forgotten check-in stayed on the commitment, and
    # forgetting the practice session left an empty "checkin completed" in history
    first, second = _make_commitments([True, True])
    res = run_vc(vc_bin, "checkin", "--text", "--output", "none",
                 input="No, I keep forgetting, DAY5NOTE\nno\nyes\nsomething else, OTTERNOTE\n")
    assert res.returncode == 0, res.stderr
    checkin = _checkin_session(vc_bin)["id"]
    assert run_vc(vc_bin, "forget", "--session", str(checkin), "--yes").returncode == 0
    items = _all(vc_bin)
    assert not [n for c in items.values() for n in c["notes"]], items  # its answers and notes both
    res = run_vc(vc_bin, "checkin", "--text", "--output", "none", input="no\nno\nno\nno\n")
    assert res.stderr.count("Did you follow through?") == 2, res.stderr
    assert res.returncode == 0, res.stderr
    practice = json.loads(run_vc(vc_bin, "history", "--json").stdout)[0]["id"]
    assert run_vc(vc_bin, "forget", "--session", str(practice), "--yes").returncode == 0
    assert json.loads(run_vc(vc_bin, "history", "--json").stdout) == []


def test_one_answered_partly_or_no_today_is_not_asked_again_today(vc_bin):
    (only,) = _make_commitments([True])
    res = run_vc(vc_bin, "checkin", "--text", "--output", "none", input="partly\nno\n")
    assert res.returncode == 0, res.stderr
    again = run_vc(vc_bin, "checkin", "--text", "--output", "none", input="")
    assert again.returncode == 0, again.stderr
    assert "Did you follow through?" not in again.stderr and "already checked in" in again.stderr
    item = _all(vc_bin)[only]
    assert item["status"] == "open" and item["due"]  # still due: it counts as not kept yet


def test_a_check_in_with_nothing_to_ask_records_no_session(vc_bin):
    res = run_vc(vc_bin, "checkin", "--text", "--output", "none", input="")
    assert res.returncode == 0 and "You have no commitments yet" in res.stderr, res.stderr
    _make_commitments([False])
    res = run_vc(vc_bin, "checkin", "--text", "--output", "none", input="")
    assert res.returncode == 0 and "Nothing is due" in res.stderr
    assert [s for s in json.loads(run_vc(vc_bin, "history", "--json").stdout) if s["mode"] == "checkin"] == []
