"""Privacy on the real installed command (issue 7, items 4 and 5).

One spoken session (PocketSphinx, "skip" to the commitment whose audio clip is kept) and one typed session
fill a data folder; then: the folder is 0700 and every file in it 0600 (database, clip, export
written there, installed model and default.json); nothing but the database, clips, exports and
models appears in it; transcripts reach no file outside the database and no stdout; `forget`
removes a commitment with its clip, a session with its clips, and everything, leaving the words
nowhere in the files; `model download` refuses plain HTTP without a checksum before connecting.
"""

from __future__ import annotations

import http.server
import json
import os
import stat
import threading
from pathlib import Path

import pytest

from conftest import run_vc
from speech import answers_wav

SPOKEN = [  # "skip" jumps straight to the commitment; the file ends at the needs step
    "i think it was a misunderstanding",
    "skip",
    "skip",
    "skip",
    "next time i will call you before i change our plans",
    "yes",
]
MARKER = "Zanzibar"  # a word only the typed session uses
TYPED = [
    f"We fought about the {MARKER} trip, it was a real difference of opinion.",
    "What I heard you say is that when I cancelled our dinner at the last minute again, "
    "you felt like you don't matter to me.",
    f"I raised my voice about {MARKER} and it hurt you.",
    "It makes sense that you feel unimportant.",
    f"Next time I will ask you before I book anything like {MARKER}.",
    "yes",
    "I need us to talk calmly.",
]


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*"))


def _contains(root: Path, needle: str) -> list[str]:
    hits = []
    data = needle.encode()
    for p in _files(root):
        if p.is_file() and not p.is_symlink():
            try:
                content = p.read_bytes()
            except OSError:
                continue
            if data in content or data.lower() in content.lower():
                hits.append(str(p))
    return hits


@pytest.fixture(scope="module")
def filled(vc_bin, tmp_path_factory, speech_cache):
    """A data folder after a spoken and a typed session, an export and a model install."""
    base = tmp_path_factory.mktemp("privacy")
    home, user_home, tmp = base / "vc-home", base / "user-home", base / "tmp"
    user_home.mkdir()
    tmp.mkdir()
    env = {"VOICECOACH_HOME": str(home), "HOME": str(user_home), "TMPDIR": str(tmp),
           "XDG_CACHE_HOME": str(user_home / ".cache"), "XDG_CONFIG_HOME": str(user_home / ".config"),
           "XDG_DATA_HOME": str(user_home / ".local" / "share")}
    wav = answers_wav(SPOKEN, base / "answers.wav", speech_cache)
    spoken = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--input", str(wav), "--engine", "sphinx",
                    "--output", str(base / "coach1.wav"), env=env)
    assert spoken.returncode == 0, spoken.stderr
    typed = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--text", "--output",
                   str(base / "coach2.wav"), input="\n".join(TYPED) + "\n", env=env)
    assert typed.returncode == 0, typed.stderr
    export = run_vc(vc_bin, "commitments", "export", "--format", "md", "-o", str(home / "commitments.md"), env=env)
    assert export.returncode == 0, export.stderr
    model = base / "fake-model"
    for part in ("am/final.mdl", "conf/model.conf", "graph/HCLG.fst"):
        (model / part).parent.mkdir(parents=True, exist_ok=True)
        (model / part).write_bytes(b"not a real model, only its shape")
    (model / "conf" / "model.conf").chmod(0o644)
    installed = run_vc(vc_bin, "model", "install", str(model), "--name", "fake-en", env=env)
    assert installed.returncode == 0, installed.stderr
    return {"home": home, "user_home": user_home, "tmp": tmp, "env": env, "spoken": spoken, "typed": typed}


def _history(vc_bin, env) -> list[dict]:
    res = run_vc(vc_bin, "history", "--json", env=env)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def _commitments(vc_bin, env) -> list[dict]:
    res = run_vc(vc_bin, "commitments", "list", "--all", "--json", env=env)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_a_clip_was_kept(vc_bin, filled):
    items = _commitments(vc_bin, filled["env"])
    clips = [c["audio_path"] for c in items if c["audio_path"]]
    assert len(clips) == 1 and Path(clips[0]).is_file()
    assert Path(clips[0]).is_relative_to(filled["home"] / "clips")


def test_folder_0700_and_every_file_0600(filled):
    home = filled["home"]
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    wrong = {}
    for p in _files(home):
        mode = stat.S_IMODE(p.lstat().st_mode)
        want = 0o700 if p.is_dir() else 0o600
        if p.is_symlink() or mode != want:
            wrong[str(p.relative_to(home))] = oct(mode)
    assert wrong == {}
    assert (home / "models" / "default.json").is_file()
    assert (home / "commitments.md").is_file()


def test_only_the_database_clips_exports_and_models_are_there(filled):
    home = filled["home"]
    names = {p.relative_to(home).as_posix() for p in _files(home) if p.is_file()}
    db = {n for n in names if n.startswith("voicecoach.db")}
    clips = {n for n in names if n.startswith("clips/")}
    models = {n for n in names if n.startswith("models/")}
    assert names - db - clips - models == {"commitments.md"}
    assert db <= {"voicecoach.db", "voicecoach.db-wal", "voicecoach.db-shm"}
    assert clips and all(n.startswith("clips/session-") and n.endswith(".wav") for n in clips)
    assert "models/default.json" in models
    assert not [n for n in names if n.endswith((".log", ".txt", ".jsonl"))]


def test_transcripts_go_nowhere_but_the_database(filled):
    home, user_home, tmp = filled["home"], filled["user_home"], filled["tmp"]
    for run in (filled["spoken"], filled["typed"]):
        assert run.stdout == ""  # the dialogue is the interface: stderr only
    assert "misunderstanding" in filled["spoken"].stderr and MARKER in filled["typed"].stderr
    for word in ("misunderstanding", MARKER):
        hits = {h for h in _contains(home, word)}
        allowed = {str(home / n) for n in ("voicecoach.db", "voicecoach.db-wal", "commitments.md")}
        assert hits <= allowed, hits
        assert _contains(user_home, word) == []
        assert _contains(tmp, word) == []


def test_no_temp_files_are_left_behind(filled):
    left = sorted(p.name for p in filled["tmp"].iterdir() if p.name.startswith("voicecoach"))
    assert left == []


def test_forget_commitment_session_and_everything(vc_bin, filled):
    env, home = filled["env"], filled["home"]
    (home / "commitments.md").unlink()  # an export is the user's own copy; `forget` covers the store
    sessions = _history(vc_bin, env)
    assert len(sessions) == 2
    spoken_id, typed_id = sessions[0]["id"], sessions[1]["id"]
    items = _commitments(vc_bin, env)
    with_clip = next(c for c in items if c["audio_path"])
    clip = Path(with_clip["audio_path"])
    said = with_clip["text"]

    spoken_words = [t["text"] for t in sessions[0]["turns"] if len(t["text"]) > 15]
    typed_words = [t["text"] for t in sessions[1]["turns"] if len(t["text"]) > 15]
    assert spoken_words and typed_words

    res = run_vc(vc_bin, "forget", "--commitment", str(with_clip["id"]), env=env)
    assert res.returncode == 0, res.stderr
    assert not clip.exists()
    assert with_clip["id"] not in [c["id"] for c in _commitments(vc_bin, env)]
    # its words leave the session's history and the files too
    assert said not in [t["text"] for t in _history(vc_bin, env)[0]["turns"]]
    assert _contains(home, said) == []

    res = run_vc(vc_bin, "forget", "--session", str(spoken_id), env=env)
    assert res.returncode == 0, res.stderr
    assert [s["id"] for s in _history(vc_bin, env)] == [typed_id]
    assert not (home / "clips" / f"session-{spoken_id}").exists()
    for words in spoken_words + [said]:
        assert _contains(home, words) == [], words

    refused = run_vc(vc_bin, "forget", "--everything", input="n\n", env=env)
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert [s["id"] for s in _history(vc_bin, env)] == [typed_id]

    res = run_vc(vc_bin, "forget", "--everything", "--yes", env=env)
    assert res.returncode == 0, res.stderr
    assert _history(vc_bin, env) == [] and _commitments(vc_bin, env) == []
    for words in typed_words:
        assert _contains(home, words) == [], words
    assert _contains(home, MARKER) == []
    assert not any(p.is_file() for p in (home / "clips").rglob("*")) if (home / "clips").exists() else True
    assert stat.S_IMODE((home / "voicecoach.db").stat().st_mode) == 0o600
    assert (home / "models" / "fake-en").is_dir()  # models are not personal data: kept


def test_unknown_ids_to_forget_are_one_line(vc_bin, voicecoach_home):
    for args in (["--session", "99"], ["--commitment", "99"], []):
        res = run_vc(vc_bin, "forget", *args)
        assert res.returncode != 0
        assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        _CountingHandler.requests.append(self.path)
        body = b"PK\x05\x06" + b"\0" * 18
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_plain_http_download_without_checksum_is_refused_before_connecting(vc_bin, voicecoach_home):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _CountingHandler.requests.clear()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/x.zip"
        res = run_vc(vc_bin, "model", "download", "--url", url, timeout=60)
    finally:
        server.shutdown()
        server.server_close()
    assert res.returncode != 0
    assert "Traceback" not in res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("voicecoach: error: ")
    assert "sha256" in lines[0].lower()
    assert _CountingHandler.requests == []
    models = voicecoach_home / "models"
    assert not models.exists() or [p.name for p in models.iterdir()] == []
    assert os.environ["VOICECOACH_HOME"] == str(voicecoach_home)


def _practise(vc_bin, answers: list[str]) -> None:
    """A typed session on the cancelled-plans scenario, each answer a line; it must end cleanly."""
    res = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--text", "--output", "none",
                 input="\n".join(answers) + "\n")
    assert res.returncode == 0, res.stderr


def test_forgetting_a_commitment_takes_its_words_out_of_the_note_and_summary(vc_bin, voicecoach_home):
    # exploratory testing, stop 42: `forget --commitment` left "Going forward, I will call a day ahead" in the
    # session's follow-up note and closing summary
    answers = ["misunderstanding",
               "What I heard you say is that you felt like you don't matter to me when I cancelled our dinner at "
               "the last minute.",
               "I cancelled without calling, and I see that hurt you.",
               "It makes sense that you felt you don't matter.",
               "Next time I will call a day ahead.", "yes", "I need calm."]
    _practise(vc_bin, answers)
    (item,) = json.loads(run_vc(vc_bin, "commitments", "list", "--json").stdout)
    words = "call a day ahead"
    session = json.loads(run_vc(vc_bin, "history", "--json").stdout)[0]
    assert words in session["note"] and words in session["summary"]
    res = run_vc(vc_bin, "forget", "--commitment", str(item["id"]))
    assert res.returncode == 0, res.stderr
    session = json.loads(run_vc(vc_bin, "history", "--json").stdout)[0]
    assert words not in session["note"] and words not in session["summary"]
    assert "I'm thinking carefully about what I can do differently next time." in session["note"]
    assert words not in run_vc(vc_bin, "note").stdout
    assert _contains(voicecoach_home, words) == []


def test_a_relative_data_folder_is_made_absolute(tmp_path, monkeypatch):
    # exploratory testing, stop 42: clips were stored as "relhome/clips/…", lost from any other folder
    from voicecoach import config

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VOICECOACH_HOME", "relhome")
    assert config.home_dir() == tmp_path / "relhome"


def test_a_data_folder_that_is_a_file_is_named_so(vc_bin, tmp_path):
    home = tmp_path / "homefile"
    home.write_text("hi")
    res = run_vc(vc_bin, "commitments", "list", env={"VOICECOACH_HOME": str(home)})
    assert res.returncode != 0 and "is a file, not a folder" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and home.read_text() == "hi"


def test_a_session_still_running_is_not_forgotten(vc_bin, voicecoach_home):
    # exploratory testing, stop 42: forgetting a live session made it fail and lose its next answer
    import subprocess
    import time

    exe = [*vc_bin, "practice", "--scenario", "cancelled-plans", "--text", "--output", "none"]
    proc = subprocess.Popen(exe, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        proc.stdin.write("a misunderstanding about the plans\n")
        proc.stdin.flush()
        for _ in range(100):
            sessions = json.loads(run_vc(vc_bin, "history", "--json").stdout)
            if sessions and sessions[0]["turns"]:
                break
            time.sleep(0.1)
        res = run_vc(vc_bin, "forget", "--session", str(sessions[0]["id"]), "--yes")
        assert res.returncode == 2 and "still running" in res.stderr, res.stderr
        res = run_vc(vc_bin, "forget", "--everything", "--yes")
        assert res.returncode == 2 and "still running" in res.stderr
        proc.stdin.write("What I heard you say is you felt you don't matter when I cancelled dinner\nstop\n")
        proc.stdin.close()
        assert proc.wait(timeout=120) == 0, proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
    session = json.loads(run_vc(vc_bin, "history", "--json").stdout)[0]
    assert [t["step"] for t in session["turns"]][:2] == ["root", "reflection"]


def test_a_forgotten_commitment_leaves_no_word_in_other_turns_or_check_ins(vc_bin, voicecoach_home):
    # exploratory testing, stop 42: its words stayed in the answer that also held a second commitment, in a
    # try the coach had turned down, and in the check-in's answers and note about it
    import sqlite3

    reflection = "What I heard you say is you felt ignored and hurt when I cancelled our dinner at the last minute"
    answers = ["root", reflection, "I cancelled late and that made you feel unimportant",
               "It makes sense you felt unimportant",
               "Next time I will call you the day before koalaone, but you need to stop nagging rhinonag",
               "Next time I will call you the day before koalaone. I will also book the table wombattwo.",
               "yes", "yes", "I need calm words"]
    _practise(vc_bin, answers)
    db = sqlite3.connect(voicecoach_home / "voicecoach.db")
    db.execute("UPDATE commitments SET checkin_at = '2026-01-01'")
    db.commit()
    db.close()
    res = run_vc(vc_bin, "checkin", "--text", "--output", "none",
                 input="partly\nyes\nI called once but forgot flamingonote\nno\nno\n")
    assert res.returncode == 0, res.stderr
    first = min(c["id"] for c in json.loads(run_vc(vc_bin, "commitments", "list", "--json").stdout))
    res = run_vc(vc_bin, "forget", "--commitment", str(first))
    assert res.returncode == 0, res.stderr
    for word in ("koalaone", "rhinonag", "flamingonote"):
        assert _contains(voicecoach_home, word) == [], word
    assert "wombattwo" in run_vc(vc_bin, "history", "--json").stdout  # the other commitment stays


def test_a_moved_data_folder_keeps_its_clips_found_and_forgotten(vc_bin, tmp_path):
    # exploratory testing, stop 43: the stored clip path named the old folder, so forget said "with its
    # audio" and left the user's recorded voice on disk, and own-voice replay fell back to the synthetic voice
    import shutil
    import wave

    from voicecoach.store import Store

    old = tmp_path / "old"
    env = {"VOICECOACH_HOME": str(old)}
    os.environ["VOICECOACH_HOME"] = str(old)
    try:
        with Store.open() as store:
            sid = store.start_session(mode="practice", with_name="Maya")
            clip = old / "clips" / f"session-{sid}" / "commitment-1.wav"
            clip.parent.mkdir(parents=True)
            with wave.open(str(clip), "wb") as w:
                w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000), w.writeframes(b"\x01\x00" * 1600)
            cid = store.add_commitment("I will call you first.", session_id=sid, audio_path=clip)
            store.end_session(sid, status="completed")
    finally:
        del os.environ["VOICECOACH_HOME"]
    new = tmp_path / "new"
    shutil.move(str(old), str(new))
    env = {"VOICECOACH_HOME": str(new)}
    listed = json.loads(run_vc(vc_bin, "commitments", "list", "--json", env=env).stdout)
    moved = new / "clips" / f"session-{sid}" / "commitment-1.wav"
    assert listed[0]["audio_path"] == str(moved.resolve())
    res = run_vc(vc_bin, "forget", "--commitment", str(cid), "--yes", env=env)
    assert res.returncode == 0, res.stderr
    assert not moved.exists()


def test_forget_everything_erases_an_unreadable_database_when_asked(vc_bin, voicecoach_home):
    # exploratory testing, stop 43: the user asked for everything gone and was told to keep the file
    voicecoach_home.mkdir(mode=0o700, exist_ok=True)
    (voicecoach_home / "voicecoach.db").write_text("not a database")
    clip = voicecoach_home / "clips" / "session-1" / "commitment-1.wav"
    clip.parent.mkdir(parents=True)
    clip.write_bytes(b"RIFF")
    res = run_vc(vc_bin, "forget", "--everything", "--yes")
    assert res.returncode == 0, res.stderr
    assert not (voicecoach_home / "voicecoach.db").exists() and not clip.exists()
    # every other command still refuses an unreadable database, and keeps it
    (voicecoach_home / "voicecoach.db").write_text("not a database")
    res = run_vc(vc_bin, "history")
    assert res.returncode != 0 and (voicecoach_home / "voicecoach.db").exists()


def test_no_output_may_overwrite_the_database(vc_bin, voicecoach_home):
    # exploratory testing, stop 43: export -o, replay --to and --output onto voicecoach.db wiped everything
    _practise(vc_bin, ["misunderstanding", "skip", "skip", "skip", "I will call you a day ahead.", "yes", "calm"])
    db = voicecoach_home / "voicecoach.db"
    for args in (["commitments", "export", "--format", "csv", "-o", str(db)],
                 ["commitments", "replay", "--to", str(db)],
                 ["practice", "--text", "--scenario", "kitchen-mess", "--output", str(db)],
                 ["progress", "--chart", str(voicecoach_home / "voicecoach.db-wal")]):
        res = run_vc(vc_bin, *args, input="stop\n")
        assert res.returncode == 2 and "own database" in res.stderr, (args, res.stderr)
    listed = run_vc(vc_bin, "commitments", "list")
    assert listed.returncode == 0 and "I will call you a day ahead." in listed.stdout
    res = run_vc(vc_bin, "commitments", "replay", "--to", str(voicecoach_home.parent / "r.mp3"))
    assert res.returncode == 2 and ".wav" in res.stderr
