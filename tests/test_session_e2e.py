"""Whole sessions through the installed command: typed answers, and a WAV of spoken answers
heard by PocketSphinx, with everything the coach says written to --output."""

from __future__ import annotations

import json
import sqlite3
import wave

import pytest

from conftest import run_vc
from speech import answers_wav

SOLO_ANSWERS = [
    "I think it was a misunderstanding. I meant to say I was overwhelmed at work, not that dinner didn't matter.",
    "I heard you, but I was really busy and I told you that already.",
    "What I heard you say is that when I cancelled our dinner at the last minute again, you felt like you don't matter to me.",
    "I see how cancelling at the last minute made you feel like you come last, and I'm sorry for the hurt that caused.",
    "It makes sense that you feel unimportant when I cancel on you.",
    "Next time I will tell you about any change at least one day before.",
    "yes",
    "I need us to talk calmly when we disagree.",
]


def _history(vc_bin):
    out = run_vc(vc_bin, "history", "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_typed_solo_session(vc_bin, tmp_path):
    out_wav = tmp_path / "coach.wav"
    res = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--text", "--output", str(out_wav),
                 input="\n".join(SOLO_ANSWERS) + "\n")
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    sessions = _history(vc_bin)
    assert len(sessions) == 1
    s = sessions[0]
    assert s["status"] == "completed" and s["ended_at"] and s["mode"] == "practice"
    steps = [t["step"] for t in s["turns"]]
    assert steps[:3] == ["root", "reflection", "reflection"]
    reflections = [t for t in s["turns"] if t["step"] == "reflection"]
    assert reflections[0]["verdict"] == "defensive"
    assert reflections[1]["verdict"] == "accurate"
    for step in ("own_part", "validate", "commitment", "needs"):
        assert step in steps
    assert s["note"] and "Thank" in s["note"]
    commitments = json.loads(run_vc(vc_bin, "commitments", "list", "--json").stdout)
    assert [c["text"] for c in commitments] == ["I will tell you about any change at least one day before."]
    assert commitments[0]["status"] == "open" and commitments[0]["session_id"] == s["id"]
    # the coach's whole speech is in one WAV
    with wave.open(str(out_wav)) as w:
        assert w.getframerate() == 22050
        assert w.getnframes() / 22050 > 60
    # the follow-up note can be printed
    note = run_vc(vc_bin, "note")
    assert note.returncode == 0 and note.stdout.strip() == s["note"].strip()


@pytest.mark.needs_speech_tools
@pytest.mark.slow
def test_spoken_solo_session_from_wav(vc_bin, tmp_path, speech_cache):
    answers = [
        "i think it was a misunderstanding",
        "what i heard you say is that when i cancelled our dinner at the last minute you felt like you do not matter to me",
        "i see how cancelling at the last minute made you feel like you do not matter to me",
        "it makes sense that you feel unimportant",
        "next time i will call you before i change our plans",
        "yes",
        "i need us to talk calmly",
    ]
    wav = answers_wav(answers, tmp_path / "answers.wav", speech_cache)
    out_wav = tmp_path / "coach.wav"
    res = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--input", str(wav), "--engine", "sphinx",
                 "--output", str(out_wav))
    assert res.returncode == 0, res.stderr
    assert "ALSA lib" not in res.stderr and "jack" not in res.stderr.lower()
    s = _history(vc_bin)[0]
    assert s["status"] == "completed", res.stderr
    reflection = [t for t in s["turns"] if t["step"] == "reflection"]
    assert reflection and reflection[0]["verdict"] in ("accurate", "partial")
    assert "dinner" in reflection[0]["text"]
    commitments = json.loads(run_vc(vc_bin, "commitments", "list", "--json").stdout)
    assert len(commitments) == 1 and "change our plans" in commitments[0]["text"]
    assert commitments[0]["text"].startswith("I will")
    # own voice kept for the commitment, private
    clip = commitments[0]["audio_path"]
    assert clip
    import os

    assert (os.stat(clip).st_mode & 0o777) == 0o600
    with wave.open(str(out_wav)) as w:
        assert w.getnframes() / 22050 > 60


@pytest.mark.needs_speech_tools
@pytest.mark.slow
def test_wav_ending_early_saves_and_exits_zero(vc_bin, tmp_path, speech_cache):
    wav = answers_wav(["i think we misunderstood each other"], tmp_path / "short.wav", speech_cache)
    res = run_vc(vc_bin, "practice", "--scenario", "raised-voice", "--input", str(wav), "--engine", "sphinx",
                 "--output", str(tmp_path / "o.wav"))
    assert res.returncode == 0, res.stderr
    s = _history(vc_bin)[0]
    assert s["ended_at"] is not None and s["status"] == "stopped"
    assert s["turns"][0]["step"] == "root" and "misunderst" in s["turns"][0]["text"]


def test_stop_command_ends_and_keeps_answers(vc_bin, tmp_path):
    res = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--text", "--output", str(tmp_path / "o.wav"),
                 input="It was a misunderstanding about timing.\nstop\n")
    assert res.returncode == 0, res.stderr
    s = _history(vc_bin)[0]
    assert s["status"] == "stopped" and s["ended_at"]
    assert s["turns"][0]["text"] == "It was a misunderstanding about timing."
    assert {"kind": "command", "name": "stop"}.items() <= s["events"][-1].items() or any(
        e["kind"] == "command" and e["name"] == "stop" for e in s["events"])


def test_partner_mode_typed(vc_bin, tmp_path):
    answers = [
        "When you checked your phone while I was talking, I felt ignored.",  # Sam speaks
        "What I heard you say is that when I checked my phone while you were talking, you felt ignored.",  # Alex
        "yes",  # Sam: got it
        "It makes sense that you felt ignored.",  # Alex validates
        "I will put my phone away when we talk.",  # Alex commits
        "yes",
        "When you criticised my cooking in front of your parents I felt embarrassed.",  # Alex speaks
        "You felt embarrassed.",  # Sam reflects (partial)
        "You missed that it was in front of your parents.",  # Alex: what was missed
        "What I heard is that it was in front of my parents that I criticised your cooking, and you felt embarrassed.",
        "yes",
        "I understand why you felt embarrassed, that makes sense.",
        "I will give you feedback in private.",
        "yes",
    ]
    res = run_vc(vc_bin, "practice", "--partner", "--names", "Sam,Alex", "--text", "--output", str(tmp_path / "o.wav"),
                 input="\n".join(answers) + "\n")
    assert res.returncode == 0, res.stderr
    s = _history(vc_bin)[0]
    assert s["mode"] == "partner" and s["status"] == "completed"
    commitments = json.loads(run_vc(vc_bin, "commitments", "list", "--json").stdout)
    people = {c["person"]: c["text"] for c in commitments}
    assert people == {"Alex": "I will put my phone away when we talk.", "Sam": "I will give you feedback in private."}
    reflections = [t for t in s["turns"] if t["step"] == "reflection"]
    assert [t["speaker"] for t in reflections] == ["Alex", "Sam", "Sam"]


def test_session_is_in_sqlite_with_integrity(vc_bin, tmp_path, voicecoach_home):
    run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--text", "--output", str(tmp_path / "o.wav"),
           input="It was a misunderstanding.\n")
    db = voicecoach_home / "voicecoach.db"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM turns").fetchone()[0] == 1
    assert (voicecoach_home.stat().st_mode & 0o777) == 0o700
    assert (db.stat().st_mode & 0o777) == 0o600


@pytest.mark.needs_speech_tools
@pytest.mark.slow
def test_wav_answers_with_the_minimum_gap_stay_apart(vc_bin, tmp_path, speech_cache):
    """CLI.md: answers in --input are separated by at least 1.5 s of silence; even the reflection
    (the longest end-of-turn window on a live microphone) must not swallow the next answer."""
    answers = [
        "i think it was a misunderstanding",
        "what i heard you say is that when i cancelled our dinner at the last minute you felt like you do not matter to me",
        "i see how cancelling made you feel you do not matter",
        "stop",
    ]
    wav = answers_wav(answers, tmp_path / "tight.wav", speech_cache, gap_s=1.5)
    res = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--input", str(wav), "--engine", "sphinx",
                 "--output", str(tmp_path / "o.wav"))
    assert res.returncode == 0, res.stderr
    s = _history(vc_bin)[0]
    assert [t["step"] for t in s["turns"]][:3] == ["root", "reflection", "own_part"], s["turns"]
    assert "made you feel" in s["turns"][2]["text"] and "made you feel" not in s["turns"][1]["text"]
    assert s["status"] == "stopped"


@pytest.mark.needs_speech_tools
@pytest.mark.slow
def test_partner_mode_from_wav(vc_bin, tmp_path, speech_cache):
    answers = [
        "when you checked your phone while i was talking i felt ignored",  # Sam speaks
        "what i heard you say is that when i checked my phone while you were talking you felt ignored",  # Alex
        "yes",  # Sam: that's it
        "it makes sense that you felt ignored",  # Alex validates
        "next time i will put my phone away",  # Alex commits
        "yes",
        "when you criticised my cooking i felt embarrassed",  # Alex speaks
        "what i heard you say is that when i criticised your cooking you felt embarrassed",  # Sam
        "yes",
        "it makes sense that you felt embarrassed",
        "next time i will give you feedback in private",
        "yes",
    ]
    wav = answers_wav(answers, tmp_path / "partner.wav", speech_cache)
    res = run_vc(vc_bin, "practice", "--partner", "--names", "Sam,Alex", "--input", str(wav), "--engine", "sphinx",
                 "--output", str(tmp_path / "o.wav"))
    assert res.returncode == 0, res.stderr
    s = _history(vc_bin)[0]
    assert s["mode"] == "partner" and s["status"] == "completed", res.stderr
    statements = [t for t in s["turns"] if t["step"] == "partner_statement"]
    assert [t["speaker"] for t in statements] == ["Sam", "Alex"]
    reflections = [t for t in s["turns"] if t["step"] == "reflection"]
    assert [t["speaker"] for t in reflections] == ["Alex", "Sam"]
    assert all(t["verdict"] in ("accurate", "partial") for t in reflections), [(t["text"], t["verdict"]) for t in reflections + statements]
    people = {c["person"] for c in json.loads(run_vc(vc_bin, "commitments", "list", "--json").stdout)}
    assert people == {"Alex", "Sam"}


def test_the_closing_summary_names_only_what_was_done(vc_bin, tmp_path):
    # exploratory testing, stop 42: after a defence and two skipped steps the summary still said "You heard
    # them without defending, reflected it back, owned your part, validated the feeling, and looked ahead"
    answers = [
        "A difference of opinion about money.",
        "When I raised my voice you got scared and shut down.",
        "I raised my voice, but only because you were yelling first.",
        "skip",
        "skip",
        "skip",
    ]
    res = run_vc(vc_bin, "practice", "--scenario", "raised-voice", "--text", "--output", "none",
                 input="\n".join(answers) + "\n")
    assert res.returncode == 0, res.stderr
    summary = next(line for line in res.stderr.splitlines() if "That's the whole practice" in line)
    assert "reflected it back" in summary
    for not_done in ("owned your part", "validated the feeling", "looked ahead", "heard them without defending"):
        assert not_done not in summary, summary
    assert "owning your part" in summary and "validating their feeling" in summary
    # and a session that did every step, with no defence, hears the whole summary
    res = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--text", "--output", "none",
                 input="\n".join(SOLO_ANSWERS[:1] + SOLO_ANSWERS[2:3]
                                  + ["I cancelled at the last minute, and I see how that hurt."] + SOLO_ANSWERS[4:])
                 + "\n")
    assert res.returncode == 0, res.stderr
    assert "You heard them without defending, reflected it back, owned your part, validated the feeling, and " \
           "looked ahead." in res.stderr


def test_a_closed_standard_input_ends_a_typed_session_cleanly(vc_bin):
    # exploratory testing, stop 42: `voicecoach practice --text <&-` ended in a traceback, the session unended
    import shlex
    import subprocess

    cmd = " ".join(shlex.quote(a) for a in [*vc_bin, "practice", "--scenario", "cancelled-plans", "--text",
                                               "--output", "none"])
    res = subprocess.run(["bash", "-c", f"exec {cmd} <&-"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    s = _history(vc_bin)[0]
    assert s["status"] == "stopped" and s["ended_at"]


def test_listen_once_more_replays_their_words_and_retry_lines_fit_the_reply(vc_bin):
    # exploratory testing, stop 42: "Let's listen once more" replayed nothing; "You got what happened"
    # followed a reply that gave back nothing of what happened
    statement = "When you cancelled our dinner at the last minute again, I felt like I don't matter to you."
    res = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--text", "--output", "none",
                 input="a misunderstanding\nI love you\nstop\n")
    assert res.returncode == 0, res.stderr
    lines = res.stderr.splitlines()
    k = next(i for i, line in enumerate(lines) if "listen once more" in line)
    assert lines[k + 1] == f"them: {statement}"
    res = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--text", "--output", "none",
                 "--max-attempts", "3", input="a misunderstanding\nWhat I heard you say is you are upset\nstop\n")
    assert res.returncode == 0, res.stderr
    assert "You got what happened" not in res.stderr


@pytest.mark.needs_speech_tools
@pytest.mark.slow
@pytest.mark.parametrize("command", ["stop", "i want to stop"])
def test_a_stop_said_after_a_short_pause_stops_and_keeps_the_answer(vc_bin, tmp_path, speech_cache, command):
    # exploratory testing, stop 42: "…about dinner [0.7 s] stop" joined the answer ("…about dinner stop") and
    # the session went on; a file's answers join across gaps under 1.5 s (stop 43: "I want to stop" too)
    wav = answers_wav([f"it was a misunderstanding about dinner | {command}",
                       "what i heard you say is you felt unimportant"],
                      tmp_path / "stop.wav", speech_cache, gap_s=3.0, pauses={0: 0.7})
    res = run_vc(vc_bin, "walk", "--scenario", "cancelled-plans", "--input", str(wav), "--engine", "sphinx",
                 "--output", "none")
    assert res.returncode == 0, res.stderr
    s = _history(vc_bin)[0]
    assert s["status"] == "stopped"
    assert [t["step"] for t in s["turns"]] == ["root"], s["turns"]
    assert not s["turns"][0]["text"].endswith("stop") and "misunderstanding" in s["turns"][0]["text"], s["turns"]


def test_words_said_while_paused_are_kept_and_answered_once(vc_bin):
    # exploratory testing, stop 42: typed lines while paused were neither shown, answered nor kept
    res = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--text", "--output", "none",
                 input="root stuff\npause\nI really need a minute, this hurts\nstill here\ncontinue\nstop\n")
    assert res.returncode == 0, res.stderr
    assert res.stderr.count("I'm still paused") == 1
    assert "you: I really need a minute, this hurts" in res.stderr
    s = _history(vc_bin)[0]
    kept = [e["detail"] for e in s["events"] if e["kind"] == "paused"]
    assert kept == ["I really need a minute, this hurts", "still here"]


@pytest.mark.needs_speech_tools
@pytest.mark.slow
def test_a_click_between_answers_is_not_answered(vc_bin, tmp_path, speech_cache):
    # exploratory testing, stop 42: an 80 ms click in a pause was answered "Sorry, I didn't catch that"
    import numpy as np
    from speech import flite, pcm16k, silence

    from voicecoach.audio.wavio import write_wav

    rng = np.random.default_rng(5)
    click = (rng.standard_normal(1280) * 0.8 * 32767).clip(-32768, 32767).astype("<i2").tobytes()
    parts = [silence(0.5), pcm16k(flite("it was a misunderstanding about dinner", speech_cache)), silence(2.0),
             click, silence(2.0), pcm16k(flite("stop", speech_cache)), silence(3.0)]
    wav = write_wav(tmp_path / "click.wav", b"".join(parts), 16000, private=False)
    res = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--input", str(wav), "--engine", "sphinx",
                 "--output", "none")
    assert res.returncode == 0, res.stderr
    assert "didn't catch that" not in res.stderr
    s = _history(vc_bin)[0]
    assert s["status"] == "stopped" and [e["name"] for e in s["events"] if e["kind"] == "noise"] == ["blip"]


@pytest.mark.parametrize("at", [0, 1, 2, 3])
def test_skip_anywhere_in_a_partner_session_moves_on(vc_bin, at):
    # exploratory testing, stop 42: "skip" at any partner step ended the session with a traceback
    answers = ["You cancelled our dinner at the last minute again and I felt like I don't matter to you.",
               "What I heard you say is that when I cancelled dinner again you felt you don't matter to me.",
               "yes", "It makes sense that you felt unimportant.", "stop"]
    answers[at] = "skip"
    res = run_vc(vc_bin, "walk", "--partner", "--names", "Sam,Alex", "--text", "--output", "none",
                 input="\n".join(answers) + "\n")
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr and "Skipping this step." in res.stderr


def test_a_partner_statement_is_never_empty_and_a_bare_no_asks_what_was_missed(vc_bin):
    answers = ["", "", "You cancelled our dinner and I felt unimportant.",
               "What I heard is you were upset about dinner.", "no", "that I feel unimportant",
               "What I heard you say is that you feel unimportant when I cancel dinner.", "yes", "stop"]
    res = run_vc(vc_bin, "practice", "--partner", "--names", "Sam,Alex", "--text", "--output", "none",
                 input="\n".join(answers) + "\n")
    assert res.returncode == 0, res.stderr
    assert "Sam, what was missed?" in res.stderr
    s = _history(vc_bin)[0]
    statements = [t for t in s["turns"] if t["step"] == "partner_statement"]
    assert [t["text"] for t in statements] == ["You cancelled our dinner and I felt unimportant."]
    reflections = [t for t in s["turns"] if t["step"] == "reflection"]
    assert all(t["speaker"] == "Alex" for t in reflections) and len(reflections) == 2


def test_a_modelled_reflection_is_not_called_theirs(vc_bin):
    # exploratory testing, stop 42: after three misses the closing said "Your reflection was: <the coach's>"
    res = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--text", "--output", "none",
                 "--max-attempts", "1", input="a misunderstanding\nI love you\nskip\nskip\nskip\nskip\n")
    assert res.returncode == 0, res.stderr
    assert "Your reflection was:" not in res.stderr and "A reflection you could give:" in res.stderr


def test_history_says_whose_turn_each_partner_turn_was(vc_bin):
    # exploratory testing, stop 42: the text history showed no names in partner mode
    answers = ["You cancelled our dinner and I felt unimportant.",
               "What I heard you say is that you feel unimportant when I cancel dinner.", "yes", "stop"]
    res = run_vc(vc_bin, "practice", "--partner", "--names", "Sam,Alex", "--text", "--output", "none",
                 input="\n".join(answers) + "\n")
    assert res.returncode == 0, res.stderr
    text = run_vc(vc_bin, "history").stdout
    assert "partner_statement (Sam): You cancelled" in text and "reflection [accurate] (Alex):" in text


def test_names_without_partner_is_refused(vc_bin):
    res = run_vc(vc_bin, "practice", "--names", "Sam,Alex", "--text", "--output", "none", input="stop\n")
    assert res.returncode == 2 and "--names is for partner mode" in res.stderr, res.stderr


def test_partner_options_that_would_be_ignored_are_refused(vc_bin):
    # exploratory testing, stop 42: --statement, --scenario and --with were dropped without a word
    for extra in (["--statement", "You never ask how my day was."], ["--scenario", "cancelled-plans"],
                  ["--with", "Jo"], ["--names", "Sam,Sam"]):
        res = run_vc(vc_bin, "practice", "--partner", "--text", "--output", "none", *extra, input="stop\n")
        assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1, (extra, res.stderr)


def test_a_defensive_partner_reflection_is_tried_again_before_the_speaker_is_asked(vc_bin):
    answers = ["You cancelled our dinner at the last minute again and I felt like I don't matter to you.",
               "You're overreacting, it was one dinner.", "say that again",
               "What I heard you say is that when I cancelled dinner again you felt you don't matter to me.",
               "yes", "stop"]
    res = run_vc(vc_bin, "practice", "--partner", "--names", "Sam,Alex", "--text", "--output", "none",
                 input="\n".join(answers) + "\n")
    assert res.returncode == 0, res.stderr
    assert res.stderr.count("Sam, did Alex get it?") == 1
    assert "coach: Sam said: You cancelled our dinner" in res.stderr
    assert "a partner session drafts none" in run_vc(vc_bin, "note", "1").stderr


def _partner(vc_bin, answers, *extra):
    res = run_vc(vc_bin, "practice", "--partner", "--names", "Sam,Alex", "--text", "--output", "none", *extra,
                 input="\n".join(answers) + "\n")
    assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
    return res


BIRTHDAY = "When you forgot my birthday I felt forgotten."
BIRTHDAY_HEARD = "What I heard is that you felt forgotten when I forgot your birthday."


def test_a_partner_s_second_commitment_is_offered_too(vc_bin):
    # exploratory testing, stop 43: a second "I will…" in the answer, or one added after "yes", was lost
    _partner(vc_bin, [BIRTHDAY, BIRTHDAY_HEARD, "yes", "It makes sense you felt forgotten.",
                      "I will put your birthday in my calendar. I will also call your mum to apologise.", "yes",
                      "yes",
                      "When you laughed at my cooking in front of your friends I felt humiliated.",
                      "What I heard you say is that you felt humiliated when I laughed at your cooking.", "yes",
                      "It makes sense you felt humiliated.", "I will never joke about your cooking in front of others.",
                      "yes, and I will also cook with you on Sunday.", "yes"])
    commitments = json.loads(run_vc(vc_bin, "commitments", "list", "--json").stdout)
    got = sorted((c["person"], c["text"]) for c in commitments)
    assert [p for p, _ in got] == ["Alex", "Alex", "Sam", "Sam"], got
    texts = " ".join(t for _, t in got)
    assert "call your mum" in texts and "cook with you on Sunday" in texts


def test_a_partner_reply_that_reflects_nothing_is_coached_not_put_to_the_speaker(vc_bin):
    # exploratory testing, stop 43: "I'm not doing this" was put to Sam ("did Alex get it?"), and on the last
    # try a defence was told "Try again", then Sam was asked whether it got it
    res = _partner(vc_bin, [BIRTHDAY, "I'm not doing this.", "Well you forgot mine last year, so.", "stop"],
                   "--max-attempts", "2")
    assert "Sam, did Alex get it?" not in res.stderr
    assert res.stderr.count("Alex, reflect it back to Sam") == 2  # the first ask, and once more after the miss
    last = res.stderr.split("Well you forgot mine last year")[1]
    assert "Try again" not in last and "Let's leave it there for now" in last


def test_a_bare_okay_is_not_a_partner_statement_and_an_unclear_check_is_asked_again(vc_bin):
    res = _partner(vc_bin, ["okay", BIRTHDAY, BIRTHDAY_HEARD, "whatever", "no, you got it", "stop"])
    assert "Sam, say in your own words what happened" in res.stderr
    assert "Say yes or no, or say what was missed." in res.stderr
    assert "Thank you, Alex. Sam, you were heard." in res.stderr
    s = _history(vc_bin)[0]
    assert [t["text"] for t in s["turns"] if t["step"] == "partner_statement"] == [BIRTHDAY]


def test_say_that_again_gives_what_was_missed_too(vc_bin):
    res = _partner(vc_bin, [BIRTHDAY, "What I heard is that you felt forgotten.", "no",
                            "You missed that it was my fortieth.", "say that again", "stop"])
    assert "And what Sam said was missed: You missed that it was my fortieth." in res.stderr


def test_a_commitment_corrected_with_no_is_read_back(vc_bin):
    # exploratory testing, stop 43: "no, I will set two reminders…" was thrown away
    _partner(vc_bin, [BIRTHDAY, BIRTHDAY_HEARD, "yes", "It makes sense you felt forgotten.",
                      "I will put your birthday in my calendar.",
                      "no, I will set two reminders a week before your birthday.", "yes", "stop"])
    commitments = json.loads(run_vc(vc_bin, "commitments", "list", "--json").stdout)
    assert [c["text"] for c in commitments] == ["I will set two reminders a week before your birthday."]


def test_after_a_disclosure_of_harm_the_partners_do_not_swap(vc_bin):
    res = _partner(vc_bin, ["Last night you shoved me against the door when I tried to leave, and I'm scared of you.",
                            "What I heard is you felt scared when I shoved you against the door.", "yes",
                            "It makes sense you felt scared.", "I will walk away when I get angry.", "yes"])
    assert "Now swap" not in res.stderr and "Sam, your turn to listen" not in res.stderr


SOLO = ["A misunderstanding.",
        "What I heard you say is you felt like you don't matter to me when I cancelled dinner at the last minute "
        "again.", "I cancelled by text and that hurt you.", "It makes sense you felt unimportant."]


def _solo(vc_bin, *answers):
    res = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--with", "Maya", "--text", "--output", "none",
                 input="\n".join([*SOLO, *answers]) + "\n")
    assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
    return res, [c["text"] for c in json.loads(run_vc(vc_bin, "commitments", "list", "--json").stdout)]


def test_a_conditional_commitment_is_read_back_as_said(vc_bin):
    # exploratory testing, stop 43: "If I have to cancel, I'll call you." became "I will cancel, I'll call you."
    res, saved = _solo(vc_bin, "If I have to cancel, I'll call you.", "yes", "I need calm.")
    assert saved == ["If I have to cancel, I will call you."], saved
    assert "Going forward, if I have to cancel, I will call you." in run_vc(vc_bin, "note").stdout


def test_two_commitments_joined_by_and_are_offered_once_and_a_rejected_whole_is_not_offered_in_parts(vc_bin):
    res, saved = _solo(vc_bin, "Next time I will call you before 5pm if I have to cancel, and I will book a new "
                       "date the same day.", "yes", "yes", "yes", "I need calm.")
    assert len(saved) == 1 and "book a new date" in saved[0], saved


def test_a_rejected_whole_is_not_offered_again_in_parts(vc_bin):
    res, saved = _solo(vc_bin, "I will call you earlier, and I will book a new date.", "no",
                       "I will text you by noon if plans change.", "yes", "I need calm.")
    assert saved == ["I will text you by noon if plans change."], saved
    assert "I heard: I will book a new date." not in res.stderr


def test_a_yes_said_another_way_is_not_a_commitment(vc_bin):
    # "Yes please" was read back as "I will please", and saved
    res, saved = _solo(vc_bin, "I will call you by 5pm if plans change.", "Yes please", "I need calm.")
    assert saved == ["I will call you by 5pm if plans change."], saved
    assert "I will please" not in res.stderr


def test_a_hedge_is_read_back_as_said(vc_bin):
    res, saved = _solo(vc_bin, "I'll try to call you before I change our plans.", "yes", "I need calm.")
    assert saved == ["I will try to call you before I change our plans."], saved


def test_a_condition_put_on_them_is_asked_for_again(vc_bin):
    res, saved = _solo(vc_bin, "I'll call, as long as you don't freak out about it.",
                       "I will call you before 5pm if plans change.", "yes", "I need calm.")
    assert saved == ["I will call you before 5pm if plans change."], saved
    assert "freak out" not in run_vc(vc_bin, "note").stdout


def test_three_blank_answers_pause_and_are_no_attempt(vc_bin):
    # exploratory testing, stop 43: the third blank line was judged as a reflection ("Not quite") and counted
    res = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--text", "--output", "none",
                 input="A misunderstanding.\n\n\n\ncontinue\nstop\n")
    assert res.returncode == 0, res.stderr
    assert "so I'll pause here" in res.stderr and "Not quite" not in res.stderr
    s = _history(vc_bin)[0]
    assert [t["step"] for t in s["turns"]] == ["root"], s["turns"]


def test_the_same_fight_coming_back_is_the_person_s_own_not_a_scenario_practised(vc_bin):
    # exploratory testing, stop 43: three built-in practice runs stopped at once made a fourth hear "a
    # therapist can offer a safe container"
    own = ["You cancelled our dinner at the last minute again and I felt like I don't matter.",
           "You bailed on the cinema again an hour before and I felt like an afterthought.",
           "You cancelled our weekend away again at the last minute and I feel I come last."]
    for _ in range(3):
        run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--text", "--output", "none", input="stop\n")
    res, _ = _solo(vc_bin, "I will call you before I change our plans.", "yes", "I need calm.")
    assert "a conversation like this has come up" not in res.stderr
    said = []
    for statement in own:
        res = run_vc(vc_bin, "practice", "--statement", statement, "--text", "--output", "none",
                     input="A misunderstanding.\nWhat I heard is you felt you come last when I cancelled.\n"
                           "skip\nskip\nskip\nskip\nskip\nskip\n")
        assert res.returncode == 0, res.stderr
        said.append("a conversation like this has come up" in res.stderr)
    assert said == [False, False, True]


def test_history_marks_a_commitment_that_was_not_saved(vc_bin):
    # exploratory testing, stop 43: a refused commitment read like a saved one
    _solo(vc_bin, "Next time I will buy you flowers.", "no", "Next time I will call before noon.", "yes", "I need calm.")
    text = run_vc(vc_bin, "history").stdout
    assert "commitment [not saved]: I will buy you flowers." in text
    assert "commitment: I will call before noon." in text


def test_note_says_when_it_is_an_older_session_s(vc_bin):
    _solo(vc_bin, "Next time I will call before noon.", "yes", "I need calm.")
    run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--text", "--output", "none", input="stop\n")
    res = run_vc(vc_bin, "note")
    assert res.returncode == 0 and res.stdout.startswith("Hi Maya")
    assert "(the note of session 1" in res.stderr and "session, 2, has none" in res.stderr, res.stderr


@pytest.mark.parametrize(("check", "said"), [("no", "didn't land in 1 try"), ("yes", "landed first try")])
def test_partner_progress_follows_the_speaker_s_answer(vc_bin, check, said):
    # exploratory testing, stop 43: progress said "landed first try" after the speaker's "no", and the
    # opposite after a "yes", from the scorer's verdict
    _partner(vc_bin, [BIRTHDAY, "So you felt forgotten.", check, "stop"])
    assert f"partner: {said}" in run_vc(vc_bin, "progress").stdout


def test_progress_lists_each_defence_once(vc_bin):
    run_vc(vc_bin, "practice", "--scenario", "phone-at-dinner", "--text", "--output", "none",
           input="A misunderstanding.\nYou're overreacting, I only looked at my phone once.\nstop\n")
    line = [x for x in run_vc(vc_bin, "progress").stdout.splitlines() if "defensive:" in x][0]
    phrases = line.split("defensive: ")[1].split("', '")
    assert not any(a != b and a.strip("'") in b for a in phrases for b in phrases), line


def test_a_vague_commitment_is_asked_once_for_something_specific(vc_bin):
    # exploratory testing, stop 43: "I will try." was read back and saved after "Be specific"
    res, saved = _solo(vc_bin, "I'll try.", "I will call you before 5pm if plans change.", "yes", "I need calm.")
    assert saved == ["I will call you before 5pm if plans change."], saved
    assert "one specific thing" in res.stderr
    # said again, it is read back and may be saved
    run_vc(vc_bin, "forget", "--everything", "--yes")
    res, saved = _solo(vc_bin, "I will do better.", "I will do better.", "yes", "I need calm.")
    assert saved == ["I will do better."], saved


def test_stop_at_shall_i_save_that_says_the_commitment_is_not_saved(vc_bin):
    # exploratory testing, stop 43: "Everything you said is saved" over a commitment that was not
    res, saved = _solo(vc_bin, "Next time I will call before noon.", "stop")
    assert saved == [] and "is not saved as one" in res.stderr


def test_say_that_again_at_a_retry_gives_their_words_and_how_am_i_doing_knows_the_session_runs(vc_bin):
    # exploratory testing, stop 43: "say that again" repeated the coach's feedback, and "how am I doing" said
    # the running session had ended
    res = run_vc(vc_bin, "walk", "--text", "--scenario", "cancelled-plans", "--output", "none",
                 input="I was overwhelmed at work.\nWhat I heard you say is I cancelled our dinner at the last "
                       "minute again.\nsay that again\nhow am I doing\nstop\n")
    assert res.returncode == 0, res.stderr
    after = res.stderr.split("you: say that again")[1]
    assert "them: When you cancelled our dinner" in after
    assert "In this session" in after and "before the session ended" not in after
