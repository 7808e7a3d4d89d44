"""A real crash: a child process writing turns is SIGKILLed; every turn it reported must survive."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from voicecoach.store import Store

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

CHILD = r"""
import sys
from pathlib import Path
from voicecoach.store import Store

store = Store.open(Path(sys.argv[1]))
sid = store.start_session(mode="practice", statement="You never listen")
print(f"session {sid}", flush=True)
store.add_event(sid, kind="command", name="repeat")
for i in range(1, 100_000):
    turn_id = store.add_turn(
        sid, step="reflect", text=f"what I heard you say is number {i} " + "words " * 30,
        verdict="partial", score=0.5, details={"i": i}, attempt=i,
    )
    print(f"turn {turn_id}", flush=True)
"""


def _run_and_kill(db: Path, after_turns: int) -> tuple[int, int, list[int]]:
    """Start the child, SIGKILL it once it has reported ``after_turns`` turns; return (pid, session, ids)."""
    env = {**os.environ, "VOICECOACH_HOME": str(db.parent)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    session_id = None
    turn_ids: list[int] = []
    deadline = time.monotonic() + 60
    try:
        while len(turn_ids) < after_turns:
            line = child.stdout.readline()
            if not line:
                pytest.fail(f"child ended early: {child.stderr.read() if child.stderr else ''}")
            kind, value = line.split()
            if kind == "session":
                session_id = int(value)
            else:
                turn_ids.append(int(value))
            assert time.monotonic() < deadline
        os.kill(child.pid, signal.SIGKILL)  # mid-loop: the child keeps writing until this lands
        child.wait(timeout=30)
        # Lines printed before the kill landed are still in the pipe: those turns were committed too.
        for line in child.stdout.read().splitlines():
            kind, value = line.split()
            if kind == "turn":
                turn_ids.append(int(value))
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        if child.stderr:
            child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    assert session_id is not None
    return child.pid, session_id, turn_ids


def test_sigkill_loses_no_committed_turn(tmp_path: Path) -> None:
    db = tmp_path / "voicecoach.db"
    sessions = []
    for after in (1, 5, 20):
        pid, session_id, printed = _run_and_kill(db, after)
        assert len(printed) >= after
        with Store.open(db) as store:
            assert store.integrity_check() == "ok"
            session = store.get_session(session_id)
            stored = [t["id"] for t in session["turns"]]
            missing = set(printed) - set(stored)
            assert not missing, f"turns reported committed but lost after SIGKILL: {sorted(missing)}"
            # At most the one turn that committed just before its id could be printed.
            assert len(stored) - len(printed) in (0, 1)
            assert [t["details"]["i"] for t in session["turns"]] == list(range(1, len(stored) + 1))
            assert session["events"][0]["name"] == "repeat"
            raw = store.conn.execute(
                "SELECT status, pid, ended_at FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
            assert tuple(raw) == ("running", pid, None)
            # Every earlier killed session was marked already; only this one is new.
            assert store.mark_interrupted() == [session_id]
            after_mark = store.get_session(session_id)
            assert after_mark["status"] == "interrupted" and after_mark["ended_at"] is None
            sessions.append(session_id)
    with Store.open(db) as store:
        assert [s["id"] for s in store.history()] == sessions
        assert all(s["status"] == "interrupted" for s in store.history())
        assert store.integrity_check() == "ok"
        assert store.mark_interrupted() == []
