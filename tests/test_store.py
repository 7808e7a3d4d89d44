"""The SQLite store: migrations, every method, privacy, and the failures a user can meet."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from voicecoach import config
from voicecoach.errors import InputError, StoreError
from voicecoach.store import Store
from voicecoach.store import db as dbmod
from voicecoach.store import migrations

ISO_SECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
TZ = timezone(timedelta(hours=1))


class Clock:
    """A settable clock, so dates (check-ins, since) can be tested without waiting."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("VOICECOACH_HOME", str(folder))
    return folder


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 23, 19, 5, 41, tzinfo=TZ))


@pytest.fixture
def store(clock: Clock):
    with Store.open(clock=clock) as s:
        yield s


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# --- opening, migrations, pragmas ----------------------------------------------------------------


def test_open_default_path_is_private_even_with_a_permissive_umask(home: Path) -> None:
    old = os.umask(0o022)
    try:
        with Store.open() as s:
            assert s.path == home / "voicecoach.db"
            s.start_session(mode="practice")  # a write, so the -wal file exists
            wal = Path(f"{s.path}-wal")
            shm = Path(f"{s.path}-shm")
            assert wal.exists() and shm.exists()
            assert mode_of(home) == 0o700
            assert mode_of(s.path) == 0o600
            assert mode_of(wal) == 0o600
            assert mode_of(shm) == 0o600
    finally:
        os.umask(old)
    assert os.umask(old) == old  # the process umask is restored


def test_existing_loose_permissions_are_tightened(home: Path) -> None:
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    path = home / "voicecoach.db"
    sqlite3.connect(path).close()
    path.chmod(0o644)
    Store.open().close()
    assert mode_of(home) == 0o700
    assert mode_of(path) == 0o600


def test_pragmas(store: Store) -> None:
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert store.integrity_check() == "ok"


def test_migrations_run_once_and_are_recorded(home: Path) -> None:
    shipped = [name for name, _ in migrations.MIGRATIONS]
    assert shipped[:2] == ["m001_initial", "m002_turn_timing"]
    first = Store.open()
    assert first.applied_migrations == shipped
    rows = first.conn.execute("SELECT name, applied_at FROM _migrations").fetchall()
    assert [r[0] for r in rows] == shipped
    assert ISO_SECONDS.match(rows[0][1])
    tables = {r[0] for r in first.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"sessions", "turns", "events", "commitments", "commitment_notes", "_migrations"} <= tables
    first.close()
    second = Store.open()
    assert second.applied_migrations == []
    assert second.conn.execute("SELECT count(*) FROM _migrations").fetchone()[0] == len(shipped)
    second.close()


def test_a_new_migration_runs_on_next_open(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store.open().close()

    def m999_add_mood(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE sessions ADD COLUMN mood TEXT")

    shipped = [name for name, _ in migrations.MIGRATIONS]
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, ("m999_add_mood", m999_add_mood)])
    with Store.open() as s:
        assert s.applied_migrations == ["m999_add_mood"]
        columns = [r[1] for r in s.conn.execute("PRAGMA table_info(sessions)")]
        assert "mood" in columns
        assert migrations.applied_migrations(s.conn) == [*shipped, "m999_add_mood"]


def test_a_failing_migration_is_rolled_back_and_not_recorded(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open().close()

    def m999_half_done(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half (x)")
        conn.execute("INSERT INTO no_such_table VALUES (1)")

    shipped = [name for name, _ in migrations.MIGRATIONS]
    registry = [*migrations.MIGRATIONS, ("m999_half_done", m999_half_done)]
    monkeypatch.setattr(migrations, "MIGRATIONS", registry)
    with pytest.raises(StoreError):
        Store.open()
    monkeypatch.undo()
    monkeypatch.setenv("VOICECOACH_HOME", str(home))
    with Store.open() as s:
        tables = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "half" not in tables
        assert migrations.applied_migrations(s.conn) == shipped


def test_registering_a_name_twice_is_refused() -> None:
    with pytest.raises(ValueError):
        migrations.migration(migrations.m001_initial)
    assert [name for name, _ in migrations.MIGRATIONS].count("m001_initial") == 1


def test_explicit_path_creates_missing_private_folder(tmp_path: Path) -> None:
    path = tmp_path / "elsewhere" / "deeper" / "v.db"
    with Store.open(path) as s:
        s.start_session(mode="walk")
    assert mode_of(path.parent) == 0o700
    assert mode_of(path) == 0o600


# --- sessions ------------------------------------------------------------------------------------


def test_session_turns_events_and_history(store: Store, clock: Clock) -> None:
    sid = store.start_session(
        mode="practice",
        statement="You never listen to me",
        scenario_id="never-listen",
        feeling="hurt",
        relationship="partner",
        with_name="Sam",
        engine="vosk",
    )
    clock.advance(seconds=5)
    t1 = store.add_turn(sid, step="root", text="I wanted to be heard too", speaker="user")
    clock.advance(seconds=5)
    t2 = store.add_turn(
        sid,
        step="reflect",
        text="what I heard you say is I never listen",
        verdict="partial",
        score=0.55,
        details={"content": 0.7, "feeling": False, "defensive": []},
        attempt=1,
        speaker="user",
        audio_path="clips/session-1/reflect-1.wav",
    )
    e1 = store.add_event(sid, kind="command", name="repeat")
    e2 = store.add_event(sid, kind="command", name="stop", detail="said 'stop'")
    assert t2 > t1 and e2 > e1
    clock.advance(minutes=3)
    store.end_session(sid, status="stopped", note="felt calmer", summary="one reflection, partial")

    session = store.get_session(sid)
    assert session["status"] == "stopped"
    assert session["ended_at"] == "2026-11-23T19:08:51+01:00"
    assert session["started_at"] == "2026-11-23T19:05:41+01:00"
    assert session["note"] == "felt calmer" and session["summary"] == "one reflection, partial"
    assert [t["step"] for t in session["turns"]] == ["root", "reflect"]
    reflect = session["turns"][1]
    assert reflect["details"] == {"content": 0.7, "feeling": False, "defensive": []}
    assert reflect["verdict"] == "partial" and reflect["score"] == pytest.approx(0.55)
    assert reflect["attempt"] == 1 and reflect["speaker"] == "user"
    assert session["turns"][0]["verdict"] is None and session["turns"][0]["details"] is None
    assert [(e["kind"], e["name"]) for e in session["events"]] == [("command", "repeat"), ("command", "stop")]
    assert session["events"][1]["detail"] == "said 'stop'"
    for t in session["turns"]:
        assert ISO_SECONDS.match(t["at"])
    assert store.history() == [session]


def test_history_is_oldest_first_and_filters_by_date(store: Store, clock: Clock) -> None:
    a = store.start_session(mode="practice", statement="one")
    clock.advance(days=3)
    b = store.start_session(mode="walk", statement="two")
    store.end_session(b)
    clock.advance(days=3)
    c = store.start_session(mode="checkin")
    cid = store.add_commitment("Ask before I assume", session_id=b)
    hist = store.history()
    assert [s["id"] for s in hist] == [a, b, c]
    assert hist[0]["ended_at"] is None
    assert hist[1]["commitments"] == [cid]
    assert [s["id"] for s in store.history(since=date(2026, 11, 26))] == [b, c]
    assert [s["id"] for s in store.history(since="2026-11-27")] == [c]
    assert store.history(since=date(2027, 1, 1)) == []
    with pytest.raises(InputError):
        store.history(since="last tuesday")


def test_json_keys_of_history_match_the_contract(store: Store) -> None:
    sid = store.start_session(mode="practice")
    store.add_turn(sid, step="reflect", text="hello")
    store.add_event(sid, kind="command", name="skip")
    session = store.history()[0]
    for key in ("id", "started_at", "ended_at", "status", "mode", "scenario_id", "statement", "feeling",
                "relationship", "with_name", "note", "turns", "events", "commitments"):
        assert key in session
    for key in ("step", "text", "verdict", "score", "attempt", "speaker", "at", "details"):
        assert key in session["turns"][0]
    for key in ("kind", "name", "detail", "at"):
        assert key in session["events"][0]


def test_session_input_errors(store: Store) -> None:
    with pytest.raises(InputError, match="unknown session mode"):
        store.start_session(mode="argue")
    with pytest.raises(InputError, match="^no session with id 7$"):
        store.add_turn(7, step="root", text="x")
    with pytest.raises(InputError, match="^no session with id 7$"):
        store.add_event(7, kind="command", name="stop")
    with pytest.raises(InputError, match="^no session with id 7$"):
        store.end_session(7)
    with pytest.raises(InputError, match="^no session with id 7$"):
        store.get_session(7)
    with pytest.raises(InputError, match="^no session with id 7$"):
        store.set_session_note(7, "x")
    sid = store.start_session(mode="practice")
    with pytest.raises(InputError):
        store.end_session(sid, status="running")
    with pytest.raises(InputError):
        store.add_turn(sid, step="", text="x")


def test_set_session_note(store: Store) -> None:
    sid = store.start_session(mode="partner")
    store.set_session_note(sid, "talk again on Sunday")
    assert store.get_session(sid)["note"] == "talk again on Sunday"
    store.end_session(sid)  # keeps the note
    assert store.get_session(sid)["note"] == "talk again on Sunday"


def test_mark_interrupted(store: Store) -> None:
    mine = store.start_session(mode="practice")
    orphan = store.start_session(mode="walk")
    no_pid = store.start_session(mode="walk")
    finished = store.start_session(mode="practice")
    store.end_session(finished)
    store.conn.execute("UPDATE sessions SET pid = ? WHERE id = ?", (dead_pid(), orphan))
    store.conn.execute("UPDATE sessions SET pid = NULL WHERE id = ?", (no_pid,))
    assert store.mark_interrupted() == [orphan, no_pid]
    assert store.get_session(orphan)["status"] == "interrupted"
    assert store.get_session(orphan)["ended_at"] is None
    assert store.get_session(mine)["status"] == "running"
    assert store.get_session(finished)["status"] == "completed"
    assert store.mark_interrupted() == []


def test_mark_interrupted_leaves_a_live_process_alone(home: Path) -> None:
    store = Store.open()  # real clock: the session starts after the child process
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        sid = store.start_session(mode="practice")
        store.conn.execute("UPDATE sessions SET pid = ? WHERE id = ?", (child.pid, sid))
        assert store.mark_interrupted() == []
    finally:
        child.kill()
        child.wait()
    assert store.mark_interrupted() == [sid]
    store.close()


def test_mark_interrupted_spots_a_reused_pid(home: Path) -> None:
    """A live process that started after the session cannot be the one that ran it."""
    pytest.importorskip("psutil")
    store = Store.open(clock=Clock(datetime.now().astimezone() - timedelta(hours=1)))
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        sid = store.start_session(mode="practice")  # recorded as started an hour ago
        store.conn.execute("UPDATE sessions SET pid = ? WHERE id = ?", (child.pid, sid))
        assert store.mark_interrupted() == [sid]
    finally:
        child.kill()
        child.wait()
        store.close()


def test_reopen_preserves_everything(home: Path, clock: Clock) -> None:
    with Store.open(clock=clock) as s:
        sid = s.start_session(mode="practice", statement="You forgot again")
        s.add_turn(sid, step="reflect", text="you felt forgotten", verdict="accurate", score=0.9)
        s.add_event(sid, kind="command", name="slower")
        cid = s.add_commitment("Put reminders in my phone", session_id=sid)
        s.add_note(cid, "set two reminders")
        before_hist, before_comm = s.history(), s.list_commitments(include_all=True)
    with Store.open(clock=clock) as s:
        assert s.history() == before_hist
        assert s.list_commitments(include_all=True) == before_comm
        assert s.integrity_check() == "ok"


def test_recent_statements(store: Store, clock: Clock) -> None:
    def session(reflected: bool = True, **kw) -> None:
        sid = store.start_session(**kw)
        if reflected:
            store.add_turn(sid, step="reflection", text="what I heard…")

    session(mode="practice", statement="You are always late")
    clock.advance(days=50)
    session(mode="practice", statement="You never call")
    session(mode="practice", statement="   ")
    session(mode="practice")
    # a built-in scenario practised, and a session stopped before the reflection, are not a fight coming back
    session(mode="practice", statement="You cancelled on me again", scenario_id="cancelled-plans")
    session(reflected=False, mode="practice", statement="You never call me back")
    clock.advance(days=20)
    session(mode="walk", statement="You are late again")
    recent = store.recent_statements(days=60)
    assert [text for _, text in recent] == ["You never call", "You are late again"]
    assert all(isinstance(when, datetime) and when.tzinfo is not None for when, _ in recent)
    assert len(store.recent_statements(days=365)) == 3


# --- commitments ---------------------------------------------------------------------------------


def test_add_commitment_defaults_and_session_fields(store: Store, clock: Clock) -> None:
    sid = store.start_session(
        mode="practice", statement="You never listen", with_name="Sam", relationship="partner"
    )
    cid = store.add_commitment("  I will put my phone away when you talk  ", session_id=sid)
    c = store.get_commitment(cid)
    assert c["text"] == "I will put my phone away when you talk"
    assert c["status"] == "open" and c["done_at"] is None
    assert c["checkin_at"] == "2026-11-30"
    assert c["statement"] == "You never listen" and c["with_name"] == "Sam" and c["relationship"] == "partner"
    assert c["session_id"] == sid and c["notes"] == [] and c["due"] is False
    assert ISO_SECONDS.match(c["created_at"])
    other = store.add_commitment(
        "Call on Sundays", person="Mum", relationship="parent", checkin_at=date(2026, 12, 1),
        statement="You only call when you need something", audio_path="clips/c.wav",
    )
    o = store.get_commitment(other)
    assert o["checkin_at"] == "2026-12-01" and o["session_id"] is None and o["person"] == "Mum"
    assert o["audio_path"] == "clips/c.wav"
    assert store.get_commitment(store.add_commitment("x", checkin_days=1))["checkin_at"] == "2026-11-24"


@pytest.mark.parametrize("text", ["", "   ", "\n\t", None])
def test_empty_commitment_is_refused(store: Store, text: str | None) -> None:
    with pytest.raises(InputError, match="^the commitment is empty$"):
        store.add_commitment(text)  # type: ignore[arg-type]
    assert store.list_commitments(include_all=True) == []


def test_check_constraints_hold_even_bypassing_the_api(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("INSERT INTO commitments (text, created_at) VALUES ('  ', 'now')")
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("INSERT INTO commitments (text, created_at, status) VALUES ('x', 'now', 'maybe')")


def test_an_id_beyond_sqlite_s_integers_is_simply_unknown(store: Store) -> None:
    """99999999999999999999999 cannot be a row id: the same one-line error as any unknown id, not an
    OverflowError from sqlite3 (exploratory testing, stop 41)."""
    huge = 10**23
    for call in (
        lambda: store.get_commitment(huge),
        lambda: store.set_status(huge, "done"),
        lambda: store.forget_commitment(huge),
        lambda: store.list_commitments(ids=[huge]),
    ):
        with pytest.raises(InputError, match=f"^no commitment with id {huge}$"):
            call()
    for call in (lambda: store.get_session(huge), lambda: store.forget_session(-huge)):
        with pytest.raises(InputError, match="^no session with id -?" + str(huge) + "$"):
            call()


def test_text_that_is_not_unicode_is_stored_not_lost(store: Store) -> None:
    """A terminal or file that is not UTF-8 gives Python undecodable bytes as lone surrogates
    ("caf\\udce9"), which SQLite cannot encode: the turn, the commitment and its note are stored with U+FFFD
    (or "?") in their place."""
    sid = store.start_session(mode="practice")
    tid = store.add_turn(sid, step="root", text="caf\udce9 was busy")
    cid = store.add_commitment("I will call \ud800 first", session_id=sid)
    store.add_note(cid, "caf\udce9")
    turns = store.get_session(sid)["turns"]
    assert [(t["id"], t["text"]) for t in turns] == [(tid, "caf\ufffd was busy")]
    got = store.get_commitment(cid)
    assert got["text"] == "I will call ? first" and [n["text"] for n in got["notes"]] == ["caf\ufffd"]


def test_commitment_unknown_ids(store: Store) -> None:
    for call in (
        lambda: store.get_commitment(7),
        lambda: store.set_status(7, "done"),
        lambda: store.add_note(7, "hi"),
        lambda: store.set_commitment_audio(7, "a.wav"),
        lambda: store.forget_commitment(7),
        lambda: store.list_commitments(ids=[7]),
    ):
        with pytest.raises(InputError, match="^no commitment with id 7$"):
            call()
    with pytest.raises(InputError, match="^no session with id 9$"):
        store.add_commitment("something", session_id=9)
    with pytest.raises(InputError, match="^no session with id 9$"):
        store.forget_session(9)


def test_list_filters_and_due(store: Store, clock: Clock) -> None:
    a = store.add_commitment("Ask how the day went", checkin_days=2)
    clock.advance(days=2)
    b = store.add_commitment("Say sorry sooner", checkin_days=10)
    c = store.add_commitment("Stop checking my phone at dinner", checkin_days=1)
    store.set_status(c, "done")
    d = store.add_commitment("Plan the weekend together")
    store.set_status(d, "dropped")
    assert [x["id"] for x in store.list_commitments()] == [a, b]
    assert [x["id"] for x in store.list_commitments(include_all=True)] == [a, b, c, d]
    assert [x["id"] for x in store.list_commitments(status="done")] == [c]
    assert [x["id"] for x in store.list_commitments(include_all=True, since=date(2026, 11, 25))] == [b, c, d]
    assert [x["id"] for x in store.list_commitments(ids=[d, a])] == [d, a]
    assert [x["id"] for x in store.list_commitments(ids=[d, a], status="open")] == [a]
    assert store.list_commitments(ids=[]) == []
    with pytest.raises(InputError):
        store.list_commitments(status="maybe")
    listed = {x["id"]: x for x in store.list_commitments(include_all=True)}
    assert listed[a]["due"] is True and listed[b]["due"] is False
    assert listed[c]["due"] is False  # done is never due
    assert [x["id"] for x in store.due_commitments()] == [a]
    assert [x["id"] for x in store.due_commitments(date(2026, 12, 5))] == [a, b]
    assert store.due_commitments(date(2026, 11, 24)) == []


def test_set_status_and_notes(store: Store, clock: Clock) -> None:
    cid = store.add_commitment("Listen to the end before answering")
    clock.advance(days=7)
    done = store.set_status(cid, "done", note="did it twice this week")
    assert done["status"] == "done" and done["done_at"] == "2026-11-30T19:05:41+01:00"
    assert [(n["kind"], n["result"], n["text"]) for n in done["notes"]] == [
        ("checkin", "yes", "did it twice this week")
    ]
    reopened = store.set_status(cid, "open")
    assert reopened["status"] == "open" and reopened["done_at"] is None
    assert len(reopened["notes"]) == 1  # no note given, none added
    dropped = store.set_status(cid, "dropped", note="we agreed on another plan")
    assert dropped["notes"][-1]["kind"] == "note" and dropped["notes"][-1]["result"] is None
    with pytest.raises(InputError, match="unknown status"):
        store.set_status(cid, "finished")
    assert store.get_commitment(cid)["status"] == "dropped"

    n1 = store.add_note(cid, "hard when I'm tired")
    n2 = store.add_note(cid, None, kind="checkin", result="partly")
    assert n2 > n1
    notes = store.get_commitment(cid)["notes"]
    assert notes[-2]["text"] == "hard when I'm tired" and notes[-2]["kind"] == "note"
    assert notes[-1]["result"] == "partly" and notes[-1]["text"] is None
    assert ISO_SECONDS.match(notes[-1]["at"])
    with pytest.raises(InputError, match="the note is empty"):
        store.add_note(cid, "  ")
    with pytest.raises(InputError):
        store.add_note(cid, "x", kind="diary")
    with pytest.raises(InputError):
        store.add_note(cid, "x", kind="checkin", result="sometimes")


def test_failed_set_status_changes_nothing(store: Store) -> None:
    cid = store.add_commitment("Keep my voice down")
    with pytest.raises(InputError):
        store.set_status(cid, "done", result="sometimes")
    c = store.get_commitment(cid)
    assert c["status"] == "open" and c["done_at"] is None and c["notes"] == []


def test_set_commitment_audio(store: Store, home: Path) -> None:
    cid = store.add_commitment("Text when I'm running late")
    store.set_commitment_audio(cid, home / "clips" / "commitment-1.wav")
    assert store.get_commitment(cid)["audio_path"] == str(home / "clips" / "commitment-1.wav")
    store.set_commitment_audio(cid, None)
    assert store.get_commitment(cid)["audio_path"] is None


def test_follow_through(store: Store, clock: Clock) -> None:
    assert store.follow_through() == {"due": 0, "done": 0, "overdue": 0, "rate": None, "streak": 0}
    a = store.add_commitment("a", checkin_days=1)
    b = store.add_commitment("b", checkin_days=1)
    c = store.add_commitment("c", checkin_days=1)
    d = store.add_commitment("d", checkin_days=30)
    e = store.add_commitment("e", checkin_days=1)
    store.set_status(e, "dropped")
    assert store.follow_through()["due"] == 0
    clock.advance(days=1)
    store.add_note(a, "forgot", kind="checkin", result="no")
    clock.advance(hours=1)
    store.set_status(b, "done")
    clock.advance(hours=1)
    store.add_note(c, None, kind="checkin", result="yes")
    stats = store.follow_through()
    # due: a, b (done), c (all past check-in); d not yet; e dropped.
    assert stats == {"due": 3, "done": 1, "overdue": 2, "rate": pytest.approx(1 / 3), "streak": 2}
    clock.advance(hours=1)
    store.set_status(d, "done")  # done early still counts
    stats = store.follow_through()
    assert stats["due"] == 4 and stats["done"] == 2 and stats["rate"] == pytest.approx(0.5)
    assert stats["streak"] == 3
    clock.advance(hours=1)
    store.add_note(c, "slipped", kind="checkin", result="partly")
    assert store.follow_through()["streak"] == 0
    assert store.follow_through(today=date(2026, 11, 1))["due"] == 2  # only the done ones


# --- forgetting ----------------------------------------------------------------------------------


def _clip(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"RIFF....WAVE")
    return path


def test_forget_commitment_deletes_row_notes_and_audio_inside_home_only(
    store: Store, home: Path, tmp_path: Path
) -> None:
    inside = _clip(home / "clips" / "commitment-1.wav")
    outside = _clip(tmp_path / "mine.wav")
    a = store.add_commitment("a", audio_path=inside)
    b = store.add_commitment("b", audio_path=outside)
    store.add_note(a, "note")
    result = store.forget_commitment(a)
    assert result["commitments"] == [a] and result["notes"] == 1
    assert result["files"] == [str(inside.resolve())]
    assert not inside.exists()
    assert store.conn.execute("SELECT count(*) FROM commitment_notes").fetchone()[0] == 0
    with pytest.raises(InputError):
        store.get_commitment(a)
    store.forget_commitment(b)
    assert outside.exists()  # never delete the user's own files outside the data folder


def test_forget_session_takes_turns_events_commitments_and_clips(store: Store, home: Path) -> None:
    keep = store.start_session(mode="practice", statement="keep me")
    kept_commitment = store.add_commitment("kept", session_id=keep)
    sid = store.start_session(mode="practice", statement="forget me")
    folder = home / "clips" / f"session-{sid}"
    turn_clip = _clip(folder / "reflect-1.wav")
    commitment_clip = _clip(home / "clips" / "commitment-x.wav")
    relative_clip = _clip(home / "clips" / "relative.wav")
    store.add_turn(sid, step="reflect", text="t1", audio_path=turn_clip)
    store.add_turn(sid, step="own", text="t2", audio_path="clips/relative.wav")
    store.add_event(sid, kind="command", name="stop")
    cid = store.add_commitment("gone", session_id=sid, audio_path=commitment_clip)
    result = store.forget_session(sid)
    assert result["sessions"] == [sid] and result["commitments"] == [cid]
    assert result["turns"] == 2 and result["events"] == 1
    assert not folder.exists() and not commitment_clip.exists() and not relative_clip.exists()
    assert str(folder) in result["files"]
    assert store.conn.execute("SELECT count(*) FROM turns").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    assert [s["id"] for s in store.history()] == [keep]
    assert [c["id"] for c in store.list_commitments()] == [kept_commitment]


def test_forget_all_leaves_no_trace_in_the_files(store: Store, home: Path) -> None:
    marker = "ZEBRA-PINEAPPLE-SECRET"
    sid = store.start_session(mode="practice", statement=f"{marker} statement")
    store.add_turn(sid, step="reflect", text=f"{marker} turn " * 20)
    cid = store.add_commitment(f"{marker} commitment", session_id=sid)
    store.add_note(cid, f"{marker} note")
    clip = _clip(home / "clips" / f"session-{sid}" / "a.wav")
    result = store.forget_all()
    assert result["sessions"] == [sid] and result["commitments"] == [cid]
    assert not clip.exists()
    assert store.history() == [] and store.list_commitments(include_all=True) == []
    assert store.integrity_check() == "ok"
    for suffix in ("", "-wal"):
        file = Path(f"{store.path}{suffix}")
        if file.exists():
            assert marker.encode() not in file.read_bytes()
    # The store keeps working afterwards.
    assert store.start_session(mode="walk") > 0


# --- failures ------------------------------------------------------------------------------------


def _assert_corrupt_refused(path: Path) -> None:
    before = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    with pytest.raises(StoreError) as info:
        Store.open(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message
    assert "kept untouched" in message
    assert f"mv {path} {path}.bad" in message
    assert ".recover" in message
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


def test_random_bytes_file_is_refused_and_kept(home: Path) -> None:
    home.mkdir(mode=0o700)
    path = home / "voicecoach.db"
    path.write_bytes(os.urandom(8192))
    _assert_corrupt_refused(path)


def test_short_text_file_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("my shopping list\n")
    _assert_corrupt_refused(path)


def test_truncated_database_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "v.db"
    with Store.open(path) as s:
        sid = s.start_session(mode="practice")
        for i in range(400):
            s.add_turn(sid, step="reflect", text=f"turn {i} " + "words " * 40)
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    assert len(data) > 40_000
    path.write_bytes(data[: len(data) // 2])
    for extra in ("-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    _assert_corrupt_refused(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreError) as info:
            Store.open(folder / "v.db")
        assert "\n" not in str(info.value) and str(folder) in str(info.value)
    finally:
        folder.chmod(0o700)


def test_folder_that_cannot_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError) as info:
        Store.open(blocker / "sub" / "v.db")
    assert "\n" not in str(info.value) and str(blocker) in str(info.value)
    monkeypatch.setenv("VOICECOACH_HOME", str(blocker))
    with pytest.raises(StoreError) as info:
        Store.open()
    assert "\n" not in str(info.value)
    assert blocker.read_text() == "not a folder"


def test_a_folder_in_place_of_the_database(tmp_path: Path) -> None:
    path = tmp_path / "v.db"
    path.mkdir()
    with pytest.raises(StoreError, match="not a file"):
        Store.open(path)


def test_disk_full_is_one_line(store: Store) -> None:
    sid = store.start_session(mode="practice")
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(StoreError) as info:
        for _ in range(200):
            store.add_turn(sid, step="reflect", text="words " * 500)
    message = str(info.value)
    assert "disk is full" in message and str(store.path) in message and "\n" not in message
    assert not store.conn.in_transaction
    assert store.integrity_check() == "ok"


def test_read_only_database_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "v.db"
    with Store.open(path) as s:
        sid = s.start_session(mode="practice")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    ro = Store(conn, path)
    try:
        assert ro.get_session(sid)["id"] == sid  # reading works
        with pytest.raises(StoreError) as info:
            ro.add_event(sid, kind="command", name="stop")
        assert "read-only" in str(info.value) and "\n" not in str(info.value)
    finally:
        ro.close()


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("database or disk is full", "disk is full"),
        ("unable to open database file", "folder is missing or not writable"),
        ("attempt to write a readonly database", "read-only"),
        ("database is locked", "busy"),
        ("file is not a database", "kept untouched"),
        ("database disk image is malformed", "kept untouched"),
    ],
)
def test_error_messages_by_text(message: str, expected: str) -> None:
    err = dbmod.store_error(sqlite3.OperationalError(message), Path("/x/v.db"))
    assert expected in str(err) and "/x/v.db" in str(err) and "\n" not in str(err)


def test_closed_store_raises(home: Path) -> None:
    s = Store.open()
    s.close()
    s.close()  # twice is fine
    with pytest.raises(StoreError, match="closed"):
        s.start_session(mode="practice")


def test_default_home_comes_from_environment(home: Path) -> None:
    assert config.db_path() == home / "voicecoach.db"
    with Store.open() as s:
        assert s.path.parent == home


def test_ids_of_deleted_sessions_and_commitments_are_never_given_again(store: Store) -> None:
    # exploratory testing, stop 42: SQLite gave the highest id again once its row was gone, so an old
    # `commitments done 2`, or a calendar's commitment-2@voicecoach, reached a different commitment
    s1 = store.start_session(mode="practice")
    s2 = store.start_session(mode="practice")
    c1 = store.add_commitment("I will call.", session_id=s1)
    c2 = store.add_commitment("I will write.", session_id=s2)
    store.forget_session(s2)
    store.forget_commitment(c1)
    s3 = store.start_session(mode="practice")
    c3 = store.add_commitment("I will walk the dog.", session_id=s3)
    assert s3 > s2 and c3 > c2


def test_ids_stay_unique_in_a_store_made_before_the_rule(home: Path, clock: Clock) -> None:
    import sqlite3

    from voicecoach.store import migrations

    with Store.open(clock=clock) as s:
        first = s.start_session(mode="practice")
        second = s.start_session(mode="practice")
    db = sqlite3.connect(home / "voicecoach.db")
    db.execute("DROP TRIGGER sessions_last_id")
    db.execute("DROP TRIGGER commitments_last_id")
    db.execute("DROP TABLE _last_ids")
    db.execute("DELETE FROM _migrations WHERE name = 'm003_ids_never_reused'")
    db.commit()
    db.close()
    assert "m003_ids_never_reused" in [name for name, _ in migrations.MIGRATIONS]
    with Store.open(clock=clock) as s:  # migrated again on open
        s.forget_session(second)
        assert s.start_session(mode="practice") > second > first
