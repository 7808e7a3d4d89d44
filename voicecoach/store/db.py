"""The SQLite store: sessions, their turns and events, commitments and their check-ins.

One file, :func:`voicecoach.config.db_path`, private to the user (folder 0700, files 0600).

Durability: the connection is in autocommit mode, so every write is its own transaction,
committed before the method returns. The journal is WAL with ``synchronous=FULL``: each commit
is fsynced to the WAL before the method returns. ``NORMAL`` would already survive the process
being killed (SIGKILL, a crash), because committed frames sit in the OS page cache, but it can
lose the last commits if the machine loses power -- a laptop battery dying in the middle of a
walk. Turns are written seconds apart, so one fsync per commit costs nothing the user notices,
and FULL keeps every answer they gave even then.

Privacy: deleted rows are overwritten (``secure_delete``) and the WAL is truncated after a
``forget``, so forgotten words do not linger in free pages.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from voicecoach import config
from voicecoach.errors import InputError, StoreError, UnreadableStoreError
from voicecoach.store.migrations import migrate

# the id a new row takes: after every id the table has ever had (migrations.m003_ids_never_reused)
_NEXT_ID = (
    "(SELECT max(coalesce((SELECT max(id) FROM {table}), 0),"
    " coalesce((SELECT id FROM _last_ids WHERE name = '{table}'), 0)) + 1)"
)

SQLITE_MAGIC = b"SQLite format 3\x00"
SQLITE_HEADER_BYTES = 100

MODES = ("practice", "walk", "partner", "checkin")
SESSION_STATUSES = ("running", "completed", "stopped", "interrupted")
COMMITMENT_STATUSES = ("open", "done", "dropped")
NOTE_KINDS = ("note", "checkin")
CHECKIN_RESULTS = ("yes", "partly", "no")

Clock = Callable[[], datetime]
T = TypeVar("T")


def local_now() -> datetime:
    """Now, in local time with its UTC offset."""
    return datetime.now().astimezone()


def iso(moment: datetime) -> str:
    """ISO 8601 with offset, seconds precision: ``2026-11-23T19:05:41+01:00``."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec="seconds")


def as_date(value: date | datetime | str | None, what: str) -> date | None:
    """A date from a date, a datetime or an ISO string (its first 10 characters); None stays None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(f"{what} must be a date like 2026-11-30, not {value!r}") from None


# --- errors -------------------------------------------------------------------------------------


def corrupt_message(path: Path) -> str:
    return (
        f"{path} is not a readable voicecoach database (damaged or not SQLite); it was kept untouched. "
        f"Move it aside, e.g. `mv {path} {path}.bad`, then run again; "
        f"`sqlite3 {path} .recover` may save its contents"
    )


def store_error(exc: sqlite3.Error, path: Path) -> StoreError:
    """Turn an sqlite3 error into one line the user can act on."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    lowered = text.lower()
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in lowered or "not a database" in lowered:
        return UnreadableStoreError(corrupt_message(path))
    if name == "SQLITE_FULL" or "disk is full" in lowered or (
        (name.startswith("SQLITE_IOERR") or "disk i/o" in lowered) and _disk_full(path)
    ):
        # a full disk often surfaces as an I/O error (e.g. SQLITE_IOERR_SHMSIZE growing the -shm)
        return StoreError(f"cannot write {path}: the disk is full; free some space and run again")
    if name.startswith("SQLITE_READONLY") or "readonly" in lowered:
        return StoreError(
            f"cannot write {path}: the file or its folder is read-only; "
            f"make them writable (e.g. `chmod 600 {path}`) or set VOICECOACH_HOME to a folder you own"
        )
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in lowered:
        return StoreError(
            f"cannot open {path}: its folder is missing or not writable; "
            "set VOICECOACH_HOME to a folder you own"
        )
    if name.startswith("SQLITE_BUSY") or "locked" in lowered:
        return StoreError(f"{path} is busy (another voicecoach is writing to it); try again in a moment")
    if name.startswith("SQLITE_IOERR") or "disk i/o" in lowered:
        return StoreError(f"cannot read or write {path}: disk I/O error ({text})")
    return StoreError(f"database error in {path}: {text}")


def _disk_full(path: Path, min_free_bytes: int = 256 * 1024) -> bool:
    """True when the filesystem holding ``path`` has (almost) no room left for this user."""
    for candidate in (path, path.parent):
        try:
            st = os.statvfs(candidate)
        except OSError:
            continue
        return st.f_bavail * st.f_frsize < min_free_bytes
    return False


def _guarded(method: Callable[..., T]) -> Callable[..., T]:
    """Serialise calls on one store, and turn sqlite3 errors into a one-line StoreError."""

    @functools.wraps(method)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> T:
        if self._conn is None:
            raise StoreError(f"the store {self.path} is closed")
        with self._lock:
            try:
                return method(self, *args, **kwargs)
            except sqlite3.Error as exc:
                if self._conn is not None and self._conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self._conn.execute("ROLLBACK")
                raise store_error(exc, self.path) from None

    return wrapper


# --- helpers ------------------------------------------------------------------------------------


def _storable_id(value: int | str) -> int | None:
    """``value`` as a row id, or None when no row can have it (beyond SQLite's 64-bit integers: such an id is
    simply not there, as any other unknown one)."""
    n = int(value)
    return n if -(2**63) <= n < 2**63 else None


def _storable(value: Any) -> Any:
    """``value``, with text SQLite cannot encode made storable: a terminal or file that is not UTF-8 gives
    Python undecodable bytes as lone surrogates ("caf\\udce9"); each becomes U+FFFD, so what was said is kept,
    not lost to an encoding error."""
    if not isinstance(value, str):
        return value
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        try:
            return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except UnicodeEncodeError:  # a lone surrogate that is no escaped byte ("\\ud800" from JSON)
            return value.encode("utf-8", "replace").decode("utf-8")


class _Connection(sqlite3.Connection):
    """sqlite3's connection, storing any text it is given (``_storable``)."""

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:  # type: ignore[override]
        if isinstance(parameters, dict):
            parameters = {k: _storable(v) for k, v in parameters.items()}
        else:
            parameters = tuple(_storable(v) for v in parameters)
        return super().execute(sql, parameters)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    except OSError:
        return False
    return True


def _started_after(pid: int, moment: str) -> bool:
    """True when process ``pid`` started after ``moment``: the pid was reused by another program."""
    try:
        import psutil
    except ImportError:
        return False
    try:
        created = psutil.Process(pid).create_time()
        return created > datetime.fromisoformat(moment).timestamp() + 1
    except (psutil.Error, ValueError, OSError):
        return False


def _timing(turn: sqlite3.Row) -> dict[str, Any] | None:
    """A spoken turn's ``timing`` (CLI.md); None for typed turns and the coach's own lines."""
    if turn["end_of_turn_ms"] is None:
        return None
    return {"end_of_turn_ms": turn["end_of_turn_ms"], "reply_ms": turn["reply_ms"],
            "resumed": bool(turn["resumed"])}


def _loads(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _chmod_private(path: Path) -> None:
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        if candidate.exists():
            config.private_file(candidate)


def _prepare_folder(folder: Path, default: bool) -> None:
    """Make the data folder exist and be private; an existing folder given by the caller is only checked."""
    if default or not folder.exists():
        config.ensure_private_dir(folder)
        return
    if not folder.is_dir():
        raise StoreError(f"cannot use {folder} for the database: it is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(f"the folder {folder} is not writable; set VOICECOACH_HOME to a folder you own")


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite can touch it."""
    try:
        if not path.exists() or path.stat().st_size == 0:
            return  # a new (or empty) database
        if not path.is_file():
            raise StoreError(f"cannot use {path} as the database: it is not a file")
        with path.open("rb") as fh:
            header = fh.read(SQLITE_HEADER_BYTES)
    except PermissionError:
        raise StoreError(
            f"cannot read {path}: permission denied; make it yours (e.g. `chmod 600 {path}`) "
            "or set VOICECOACH_HOME to a folder you own"
        ) from None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(header) < SQLITE_HEADER_BYTES or not header.startswith(SQLITE_MAGIC):
        raise UnreadableStoreError(corrupt_message(path))


# --- the store ----------------------------------------------------------------------------------



def relocated(raw: str | None, home: Path | None = None) -> str | None:
    """A clip path as stored, where it is now: a data folder that was moved or restored elsewhere keeps its
    clips under its own ``clips/`` (the stored path named the old folder, so `forget` left the clip on disk
    and own-voice replay fell back to the synthetic voice: exploratory testing, stop 43)."""
    if not raw:
        return raw
    path = Path(raw)
    if not path.is_absolute() or path.exists() or "clips" not in path.parts:
        return raw
    try:
        home = home or config.home_dir(create=False).resolve()
    except Exception:  # noqa: BLE001 - no data folder to look in: the path as stored
        return raw
    parts = path.parts
    last = len(parts) - 1 - parts[::-1].index("clips")
    moved = home.joinpath(*parts[last:])
    return str(moved) if moved.exists() else raw

class Store:
    """All of voicecoach's saved state. Open with :meth:`Store.open`; usable as a context manager.

    Methods return plain dicts, lists and ints. Unknown ids raise :class:`InputError`; a database
    that cannot be used raises :class:`StoreError` with one line saying what to do.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Clock = local_now) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.path = path
        self._clock = clock
        self._lock = threading.RLock()
        self.applied_migrations: list[str] = []

    # -- opening and closing ----------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str | None = None, *, clock: Clock | None = None) -> Store:
        """Open (creating if needed) the database at ``path`` (default ``config.db_path()``), migrated."""
        default = path is None
        db = config.db_path() if path is None else Path(path).expanduser()
        clock = clock or local_now
        _prepare_folder(db.parent, default)
        _check_header(db)
        old_umask = os.umask(0o077)
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(
                str(db), isolation_level=None, timeout=10.0, check_same_thread=False, factory=_Connection
            )
            conn.row_factory = sqlite3.Row
            # Read-only check first: a damaged file is reported before anything writes to it.
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                raise UnreadableStoreError(corrupt_message(db))
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA secure_delete = ON")
            store = cls(conn, db, clock)
            store.applied_migrations = migrate(conn, iso(clock()))
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            raise store_error(exc, db) from None
        except BaseException:
            if conn is not None:
                conn.close()
            raise
        finally:
            os.umask(old_umask)
        _chmod_private(db)
        return store

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.close()
                self._conn = None
                _chmod_private(self.path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def conn(self) -> sqlite3.Connection:
        """The underlying connection (for reports and tests); prefer the methods."""
        if self._conn is None:
            raise StoreError(f"the store {self.path} is closed")
        return self._conn

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _now(self) -> str:
        return iso(self._clock())

    def _today(self) -> date:
        return self._clock().date()

    @_guarded
    def integrity_check(self) -> str:
        """``PRAGMA integrity_check``: ``'ok'`` for a healthy file."""
        rows = self.conn.execute("PRAGMA integrity_check").fetchall()
        return "\n".join(str(row[0]) for row in rows)

    # -- sessions ---------------------------------------------------------------------------------

    def _require_session(self, session_id: int) -> sqlite3.Row:
        n = _storable_id(session_id)
        row = None if n is None else self.conn.execute("SELECT * FROM sessions WHERE id = ?", (n,)).fetchone()
        if row is None:
            raise InputError(f"no session with id {session_id}")
        return row

    @_guarded
    def start_session(
        self,
        *,
        mode: str,
        statement: str | None = None,
        scenario_id: str | None = None,
        feeling: str | None = None,
        relationship: str | None = None,
        with_name: str | None = None,
        engine: str | None = None,
    ) -> int:
        """Record a session that starts now, in this process; returns its id."""
        if mode not in MODES:
            raise InputError(f"unknown session mode {mode!r} (one of {', '.join(MODES)})")
        cur = self.conn.execute(
            "INSERT INTO sessions (id, started_at, status, mode, scenario_id, statement, feeling,"
            " relationship, with_name, engine, pid) VALUES (" + _NEXT_ID.format(table="sessions") + ","
            " ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self._now(), mode, scenario_id, statement, feeling, relationship, with_name, engine,
                os.getpid(),
            ),
        )
        return int(cur.lastrowid or 0)

    @_guarded
    def add_turn(
        self,
        session_id: int,
        *,
        step: str,
        text: str,
        verdict: str | None = None,
        score: float | None = None,
        details: dict[str, Any] | None = None,
        attempt: int | None = None,
        speaker: str | None = None,
        audio_path: str | Path | None = None,
    ) -> int:
        """Record one thing said in a session (committed before this returns); returns its id."""
        if not step:
            raise InputError("a turn needs a step")
        self._require_session(session_id)
        cur = self.conn.execute(
            "INSERT INTO turns (session_id, step, attempt, speaker, text, verdict, score, details,"
            " audio_path, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                int(session_id),
                step,
                attempt,
                speaker,
                text if text is not None else "",
                verdict,
                None if score is None else float(score),
                None if details is None else json.dumps(details, ensure_ascii=False, default=str),
                None if audio_path is None else str(audio_path),
                self._now(),
            ),
        )
        return int(cur.lastrowid or 0)

    @_guarded
    def update_turn(self, turn_id: int, **fields: Any) -> None:
        """Change a stored turn (a resumed answer replaces the first part it was stored as)."""
        allowed = {"step", "text", "verdict", "score", "details", "attempt", "speaker", "audio_path"}
        unknown = set(fields) - allowed
        if unknown:
            raise InputError(f"cannot change a turn's {', '.join(sorted(unknown))}")
        if "details" in fields and fields["details"] is not None:
            fields["details"] = json.dumps(fields["details"], ensure_ascii=False, default=str)
        if "score" in fields and fields["score"] is not None:
            fields["score"] = float(fields["score"])
        if not fields:
            return
        sets = ", ".join(f"{k} = ?" for k in fields)
        cur = self.conn.execute(f"UPDATE turns SET {sets} WHERE id = ?", (*fields.values(), int(turn_id)))
        if cur.rowcount == 0:
            raise InputError(f"no turn with id {turn_id}")

    @_guarded
    def set_turn_timing(self, turn_id: int, end_of_turn_ms: float | None, reply_ms: float | None,
                        resumed: bool) -> None:
        """How quickly a spoken turn was answered (``timing`` in ``history --json``)."""
        self.conn.execute(
            "UPDATE turns SET end_of_turn_ms = ?, reply_ms = ?, resumed = ? WHERE id = ?",
            (None if end_of_turn_ms is None else round(float(end_of_turn_ms), 1),
             None if reply_ms is None else round(float(reply_ms), 1), int(bool(resumed)), int(turn_id)),
        )

    @_guarded
    def add_event(self, session_id: int, *, kind: str, name: str, detail: str | None = None) -> int:
        """Record an event (a voice command, a pause, an error) in a session; returns its id."""
        if not kind or not name:
            raise InputError("an event needs a kind and a name")
        self._require_session(session_id)
        cur = self.conn.execute(
            "INSERT INTO events (session_id, kind, name, detail, at) VALUES (?, ?, ?, ?, ?)",
            (int(session_id), kind, name, detail, self._now()),
        )
        return int(cur.lastrowid or 0)

    @_guarded
    def end_session(
        self,
        session_id: int,
        *,
        status: str = "completed",
        note: str | None = None,
        summary: str | None = None,
    ) -> None:
        """Mark a session ended now. ``note``/``summary`` are kept unless given."""
        if status not in SESSION_STATUSES or status == "running":
            raise InputError(f"unknown end status {status!r} (one of completed, stopped, interrupted)")
        self._require_session(session_id)
        self.conn.execute(
            "UPDATE sessions SET status = ?, ended_at = ?, note = COALESCE(?, note),"
            " summary = COALESCE(?, summary) WHERE id = ?",
            (status, self._now(), note, summary, int(session_id)),
        )

    @_guarded
    def set_session_note(self, session_id: int, note: str | None) -> None:
        self._require_session(session_id)
        self.conn.execute("UPDATE sessions SET note = ? WHERE id = ?", (note, int(session_id)))

    @_guarded
    def mark_interrupted(self) -> list[int]:
        """Sessions left 'running' by a process that is gone become 'interrupted' (ended_at stays NULL).

        Call at every start. A session whose process is alive (this one included) is left alone.
        """
        rows = self.conn.execute(
            "SELECT id, pid, started_at FROM sessions WHERE status = 'running' ORDER BY id"
        ).fetchall()
        gone = [
            row["id"]
            for row in rows
            if row["pid"] is None
            or not _pid_alive(int(row["pid"]))
            or (int(row["pid"]) != os.getpid() and _started_after(int(row["pid"]), row["started_at"]))
        ]
        for session_id in gone:
            self.conn.execute(
                "UPDATE sessions SET status = 'interrupted' WHERE id = ? AND status = 'running'",
                (session_id,),
            )
        return gone

    @_guarded
    def running_elsewhere(self) -> list[int]:
        """Sessions another live process is running now (what ``forget`` must leave alone)."""
        rows = self.conn.execute(
            "SELECT id, pid, started_at FROM sessions WHERE status = 'running' ORDER BY id"
        ).fetchall()
        return [
            row["id"]
            for row in rows
            if row["pid"] is not None
            and int(row["pid"]) != os.getpid()
            and _pid_alive(int(row["pid"]))
            and not _started_after(int(row["pid"]), row["started_at"])
        ]

    @_guarded
    def end_running(
        self, status: str = "stopped", *, event: tuple[str, str] | None = None, pid: int | None = None
    ) -> list[int]:
        """End every session this process (or ``pid``) still has 'running'; returns their ids.

        The safety net for a session cut short by a signal at an awkward moment (e.g. after its
        row was written but before the caller learnt its id). ``event`` (kind, name) is recorded
        in each such session first. All in one transaction.
        """
        if status not in SESSION_STATUSES or status == "running":
            raise InputError(f"unknown end status {status!r} (one of completed, stopped, interrupted)")
        if event is not None and (not event[0] or not event[1]):
            raise InputError("an event needs a kind and a name")
        owner = os.getpid() if pid is None else int(pid)
        with self._transaction() as conn:
            ids = [
                int(row[0])
                for row in conn.execute(
                    "SELECT id FROM sessions WHERE status = 'running' AND pid = ? ORDER BY id", (owner,)
                )
            ]
            now = self._now()
            for session_id in ids:
                if event is not None:
                    conn.execute(
                        "INSERT INTO events (session_id, kind, name, detail, at) VALUES (?, ?, ?, NULL, ?)",
                        (session_id, event[0], event[1], now),
                    )
                conn.execute(
                    "UPDATE sessions SET status = ?, ended_at = ? WHERE id = ? AND status = 'running'",
                    (status, now, session_id),
                )
        return ids

    def _sessions(self, where: str, params: Iterable[Any]) -> list[dict[str, Any]]:
        conn = self.conn
        rows = conn.execute(f"SELECT * FROM sessions WHERE {where} ORDER BY id", tuple(params)).fetchall()
        sessions: dict[int, dict[str, Any]] = {}
        for row in rows:
            sessions[row["id"]] = {
                "id": row["id"],
                "started_at": row["started_at"],
                "ended_at": row["ended_at"],
                "status": row["status"],
                "mode": row["mode"],
                "scenario_id": row["scenario_id"],
                "statement": row["statement"],
                "feeling": row["feeling"],
                "relationship": row["relationship"],
                "with_name": row["with_name"],
                "engine": row["engine"],
                "note": row["note"],
                "summary": row["summary"],
                "turns": [],
                "events": [],
                "commitments": [],
            }
        if not sessions:
            return []
        sub = f"SELECT id FROM sessions WHERE {where}"
        for turn in conn.execute(
            f"SELECT * FROM turns WHERE session_id IN ({sub}) ORDER BY id", tuple(params)
        ):
            sessions[turn["session_id"]]["turns"].append(
                {
                    "id": turn["id"],
                    "step": turn["step"],
                    "text": turn["text"],
                    "verdict": turn["verdict"],
                    "score": turn["score"],
                    "attempt": turn["attempt"],
                    "speaker": turn["speaker"],
                    "at": turn["at"],
                    "details": _loads(turn["details"]),
                    "audio_path": turn["audio_path"],
                    "timing": _timing(turn),
                }
            )
        for event in conn.execute(
            f"SELECT * FROM events WHERE session_id IN ({sub}) ORDER BY id", tuple(params)
        ):
            sessions[event["session_id"]]["events"].append(
                {"kind": event["kind"], "name": event["name"], "detail": event["detail"], "at": event["at"]}
            )
        for commitment in conn.execute(
            f"SELECT id, session_id FROM commitments WHERE session_id IN ({sub}) ORDER BY id", tuple(params)
        ):
            sessions[commitment["session_id"]]["commitments"].append(commitment["id"])
        return list(sessions.values())

    @_guarded
    def get_session(self, session_id: int) -> dict[str, Any]:
        n = _storable_id(session_id)
        found = [] if n is None else self._sessions("id = ?", (n,))
        if not found:
            raise InputError(f"no session with id {session_id}")
        return found[0]

    @_guarded
    def history(self, since: date | str | None = None) -> list[dict[str, Any]]:
        """Sessions started on or after ``since`` (default: all), oldest first, with turns and events."""
        day = as_date(since, "since")
        if day is None:
            return self._sessions("1", ())
        return self._sessions("substr(started_at, 1, 10) >= ?", (day.isoformat(),))

    @_guarded
    def recent_statements(self, days: int = 60) -> list[tuple[datetime, str]]:
        """(started_at, statement) of sessions in the last ``days`` days, oldest first: the person's own
        words for a fight (not a built-in scenario practised) in sessions that reached the reflection (a
        scenario replayed, or sessions stopped at once, were counted as the same fight coming back:
        exploratory testing, stop 43)."""
        cutoff = (self._today() - timedelta(days=days)).isoformat()
        rows = self.conn.execute(
            "SELECT started_at, statement FROM sessions WHERE statement IS NOT NULL"
            " AND trim(statement) != '' AND substr(started_at, 1, 10) >= ? AND scenario_id IS NULL"
            " AND EXISTS (SELECT 1 FROM turns WHERE turns.session_id = sessions.id"
            " AND turns.step IN ('reflection', 'reflection_model')) ORDER BY id",
            (cutoff,),
        ).fetchall()
        return [(datetime.fromisoformat(row["started_at"]), row["statement"]) for row in rows]

    # -- commitments ------------------------------------------------------------------------------

    def _require_commitment(self, commitment_id: int) -> sqlite3.Row:
        n = _storable_id(commitment_id)
        query = "SELECT * FROM commitments WHERE id = ?"
        row = None if n is None else self.conn.execute(query, (n,)).fetchone()
        if row is None:
            raise InputError(f"no commitment with id {commitment_id}")
        return row

    @_guarded
    def add_commitment(
        self,
        text: str,
        *,
        session_id: int | None = None,
        statement: str | None = None,
        person: str | None = None,
        with_name: str | None = None,
        relationship: str | None = None,
        checkin_days: int = 7,
        checkin_at: date | str | None = None,
        audio_path: str | Path | None = None,
    ) -> int:
        """Save what the user will do differently; returns its id.

        The check-in date is ``checkin_at`` or today + ``checkin_days``. Fields left out are taken
        from the session (statement, who it is with, the relationship).
        """
        text = (text or "").strip()
        if not text:
            raise InputError("the commitment is empty")
        due = as_date(checkin_at, "checkin_at")
        if due is None:
            if checkin_days < 0:
                raise InputError("checkin_days cannot be negative")
            due = self._today() + timedelta(days=checkin_days)
        if session_id is not None:
            session = self._require_session(session_id)
            statement = statement if statement is not None else session["statement"]
            with_name = with_name if with_name is not None else session["with_name"]
            relationship = relationship if relationship is not None else session["relationship"]
        cur = self.conn.execute(
            "INSERT INTO commitments (id, session_id, statement, text, person, with_name, relationship,"
            " created_at, status, checkin_at, audio_path) VALUES (" + _NEXT_ID.format(table="commitments") + ","
            " ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)",
            (
                None if session_id is None else int(session_id),
                statement,
                text,
                person,
                with_name,
                relationship,
                self._now(),
                due.isoformat(),
                None if audio_path is None else str(audio_path),
            ),
        )
        return int(cur.lastrowid or 0)

    def _commitments(self, where: str, params: Iterable[Any]) -> list[dict[str, Any]]:
        conn = self.conn
        today = self._today().isoformat()
        rows = conn.execute(f"SELECT * FROM commitments WHERE {where} ORDER BY id", tuple(params)).fetchall()
        found: dict[int, dict[str, Any]] = {}
        for row in rows:
            found[row["id"]] = {
                "id": row["id"],
                "text": row["text"],
                "status": row["status"],
                "created_at": row["created_at"],
                "session_id": row["session_id"],
                "statement": row["statement"],
                "person": row["person"],
                "with_name": row["with_name"],
                "relationship": row["relationship"],
                "checkin_at": row["checkin_at"],
                "done_at": row["done_at"],
                "audio_path": relocated(row["audio_path"]),
                "notes": [],
                "due": row["status"] == "open"
                and row["checkin_at"] is not None
                and row["checkin_at"] <= today,
            }
        if found:
            marks = ",".join("?" * len(found))
            for note in conn.execute(
                f"SELECT * FROM commitment_notes WHERE commitment_id IN ({marks}) ORDER BY id", tuple(found)
            ):
                found[note["commitment_id"]]["notes"].append(
                    {
                        "id": note["id"],
                        "at": note["at"],
                        "kind": note["kind"],
                        "result": note["result"],
                        "text": note["text"],
                    }
                )
        return list(found.values())

    @_guarded
    def get_commitment(self, commitment_id: int) -> dict[str, Any]:
        n = _storable_id(commitment_id)
        found = [] if n is None else self._commitments("id = ?", (n,))
        if not found:
            raise InputError(f"no commitment with id {commitment_id}")
        return found[0]

    @_guarded
    def list_commitments(
        self,
        *,
        include_all: bool = False,
        since: date | str | None = None,
        status: str | None = None,
        ids: list[int] | None = None,
    ) -> list[dict[str, Any]]:
        """Open commitments, oldest first; ``include_all`` adds done and dropped ones.

        ``status`` picks one status; ``ids`` picks those commitments (in the order given, whatever
        their status unless ``status`` is given; an unknown id raises InputError); ``since`` keeps
        those created on or after that date.
        """
        clauses: list[str] = []
        params: list[Any] = []
        if status is not None:
            if status not in COMMITMENT_STATUSES:
                raise InputError(f"unknown status {status!r} (one of {', '.join(COMMITMENT_STATUSES)})")
            clauses.append("status = ?")
            params.append(status)
        elif not include_all and ids is None:
            clauses.append("status = 'open'")
        day = as_date(since, "since")
        if day is not None:
            clauses.append("substr(created_at, 1, 10) >= ?")
            params.append(day.isoformat())
        if ids is not None:
            wanted = [int(i) for i in ids]
            if not wanted:
                return []
            for commitment_id in wanted:
                self._require_commitment(commitment_id)
            clauses.append(f"id IN ({','.join('?' * len(wanted))})")
            params.extend(wanted)
        found = self._commitments(" AND ".join(clauses) or "1", params)
        if ids is not None:
            by_id = {c["id"]: c for c in found}
            return [by_id[i] for i in dict.fromkeys(int(i) for i in ids) if i in by_id]
        return found

    @_guarded
    def due_commitments(self, today: date | str | None = None) -> list[dict[str, Any]]:
        """Open commitments whose check-in date is today or earlier."""
        day = as_date(today, "today") or self._today()
        found = self._commitments(
            "status = 'open' AND checkin_at IS NOT NULL AND checkin_at <= ?", (day.isoformat(),)
        )
        for commitment in found:
            commitment["due"] = True
        return found

    def _insert_note(self, commitment_id: int, text: str | None, kind: str, result: str | None) -> int:
        if kind not in NOTE_KINDS:
            raise InputError(f"unknown note kind {kind!r} (one of {', '.join(NOTE_KINDS)})")
        if result is not None and result not in CHECKIN_RESULTS:
            raise InputError(f"unknown check-in result {result!r} (one of {', '.join(CHECKIN_RESULTS)})")
        cur = self.conn.execute(
            "INSERT INTO commitment_notes (commitment_id, at, kind, result, text) VALUES (?, ?, ?, ?, ?)",
            (int(commitment_id), self._now(), kind, result, text),
        )
        return int(cur.lastrowid or 0)

    @_guarded
    def set_status(
        self, commitment_id: int, status: str, *, note: str | None = None, result: str | None = None
    ) -> dict[str, Any]:
        """Mark a commitment open, done or dropped; returns it.

        'done' sets done_at and records a check-in (result 'yes' unless given) carrying ``note``;
        otherwise ``note``/``result`` are recorded as a note or check-in when given.
        """
        if status not in COMMITMENT_STATUSES:
            raise InputError(f"unknown status {status!r} (one of {', '.join(COMMITMENT_STATUSES)})")
        note = note.strip() if note and note.strip() else None
        with self._transaction() as conn:
            self._require_commitment(commitment_id)
            if status == "done":
                conn.execute(
                    "UPDATE commitments SET status = 'done', done_at = ? WHERE id = ?",
                    (self._now(), int(commitment_id)),
                )
                self._insert_note(commitment_id, note, "checkin", result or "yes")
            else:
                conn.execute(
                    "UPDATE commitments SET status = ?, done_at = NULL WHERE id = ?",
                    (status, int(commitment_id)),
                )
                if note is not None or result is not None:
                    self._insert_note(commitment_id, note, "checkin" if result else "note", result)
        return self._commitments("id = ?", (int(commitment_id),))[0]

    @_guarded
    def add_note(
        self, commitment_id: int, text: str | None, *, kind: str = "note", result: str | None = None
    ) -> int:
        """Add a note or a check-in (result 'yes' | 'partly' | 'no') to a commitment; returns its id."""
        text = text.strip() if text and text.strip() else None
        if text is None and result is None:
            raise InputError("the note is empty")
        self._require_commitment(commitment_id)
        return self._insert_note(commitment_id, text, kind, result)

    @_guarded
    def update_note(self, note_id: int, text: str) -> None:
        """Change a note's words (a resumed spoken note replaces its first part)."""
        text = text.strip()
        if not text:
            raise InputError("the note is empty")
        cur = self.conn.execute("UPDATE commitment_notes SET text = ? WHERE id = ?", (text, int(note_id)))
        if cur.rowcount == 0:
            raise InputError(f"no note with id {note_id}")

    @_guarded
    def set_commitment_audio(self, commitment_id: int, path: str | Path | None) -> None:
        """Remember the recording of the user saying this commitment (None forgets the link)."""
        self._require_commitment(commitment_id)
        self.conn.execute(
            "UPDATE commitments SET audio_path = ? WHERE id = ?",
            (None if path is None else str(path), int(commitment_id)),
        )

    @_guarded
    def follow_through(self, today: date | str | None = None) -> dict[str, Any]:
        """How well commitments are kept.

        ``due``: commitments whose check-in date has come (or that are done already), dropped ones
        left out; ``done``: those done; ``rate``: done / due (None when nothing is due yet);
        ``overdue``: open ones past their check-in; ``streak``: the run of most recent check-ins
        answered 'yes' (marking one done counts as a 'yes').
        """
        day = (as_date(today, "today") or self._today()).isoformat()
        row = self.conn.execute(
            "SELECT"
            " SUM(CASE WHEN status = 'done' OR (status = 'open' AND checkin_at <= ?) THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN status = 'open' AND checkin_at <= ? THEN 1 ELSE 0 END)"
            " FROM commitments",
            (day, day),
        ).fetchone()
        due, done, overdue = (int(value or 0) for value in row)
        streak = 0
        for note in self.conn.execute(
            # (not a dropped commitment's: two marked done, then dropped, made "2 kept in a row": stop 43)
            "SELECT result FROM commitment_notes WHERE kind = 'checkin' AND result IS NOT NULL"
            " AND commitment_id NOT IN (SELECT id FROM commitments WHERE status = 'dropped')"
            " ORDER BY at DESC, id DESC"
        ):
            if note["result"] != "yes":
                break
            streak += 1
        return {
            "due": due,
            "done": done,
            "overdue": overdue,
            "rate": (done / due) if due else None,
            "streak": streak,
        }

    # -- forgetting -------------------------------------------------------------------------------

    def _delete_files(self, paths: Iterable[str | None], session_ids: Iterable[int]) -> list[str]:
        """Delete audio files inside the data folder, and the sessions' clip folders."""
        home = config.home_dir(create=False).resolve()
        deleted: list[str] = []
        for raw in dict.fromkeys(p for p in paths if p):
            target = Path(relocated(raw, home)).expanduser()
            if not target.is_absolute():
                target = home / target
            try:
                resolved = target.resolve()
            except OSError:
                continue
            if resolved == home or not resolved.is_relative_to(home) or not resolved.is_file():
                continue
            try:
                resolved.unlink()
            except OSError:
                continue
            deleted.append(str(resolved))
        for session_id in session_ids:
            folder = home / "clips" / f"session-{int(session_id)}"
            if folder.is_dir() and not folder.is_symlink():
                shutil.rmtree(folder, ignore_errors=True)
                if not folder.exists():
                    deleted.append(str(folder))
        return deleted

    def _scrub(self) -> None:
        """Push deleted pages out of the WAL, so forgotten words are gone from disk too."""
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _forget(self, session_ids: list[int], commitment_ids: list[int]) -> dict[str, Any]:
        conn = self.conn
        paths: list[str | None] = []
        counts = {"turns": 0, "events": 0, "notes": 0}
        def column(sql: str, key: int) -> list[Any]:
            return [row[0] for row in conn.execute(sql, (key,))]

        with self._transaction():
            # the check-ins that asked about these commitments (one left with nothing in it goes too)
            emptied = sorted({
                row[0] for cid in commitment_ids for row in conn.execute(
                    "SELECT session_id FROM turns WHERE step IN ('checkin', 'checkin_note') AND json_valid(details)"
                    " AND json_extract(details, '$.commitment') = ?", (cid,))
            } - set(session_ids))
            for session_id in session_ids:
                # a check-in's spoken notes and reasons leave the commitments they were added to (they stayed
                # there when the check-in was forgotten: exploratory testing, stop 43)
                counts["notes"] += conn.execute(
                    "DELETE FROM commitment_notes WHERE kind = 'note' AND EXISTS (SELECT 1 FROM turns t"
                    " WHERE t.session_id = ? AND t.step IN ('checkin', 'checkin_note') AND json_valid(t.details)"
                    " AND json_extract(t.details, '$.commitment') = commitment_notes.commitment_id"
                    " AND instr(t.text, commitment_notes.text) > 0)",
                    (session_id,),
                ).rowcount
                # and the answers it recorded ("partly", "no"), made while it ran
                counts["notes"] += conn.execute(
                    "DELETE FROM commitment_notes WHERE kind = 'checkin' AND EXISTS (SELECT 1 FROM sessions s"
                    " WHERE s.id = ? AND s.mode = 'checkin' AND commitment_notes.at >= s.started_at"
                    " AND (s.ended_at IS NULL OR commitment_notes.at <= s.ended_at)) AND EXISTS (SELECT 1 FROM turns t"
                    " WHERE t.session_id = ? AND t.step = 'checkin' AND json_valid(t.details)"
                    " AND json_extract(t.details, '$.commitment') = commitment_notes.commitment_id)",
                    (session_id, session_id),
                ).rowcount
                paths += column("SELECT audio_path FROM turns WHERE session_id = ?", session_id)
                counts["turns"] += column("SELECT count(*) FROM turns WHERE session_id = ?", session_id)[0]
                counts["events"] += column("SELECT count(*) FROM events WHERE session_id = ?", session_id)[0]
            for commitment_id in commitment_ids:
                paths += column("SELECT audio_path FROM commitments WHERE id = ?", commitment_id)
                counts["notes"] += column(
                    "SELECT count(*) FROM commitment_notes WHERE commitment_id = ?", commitment_id
                )[0]
                # its words leave the session's commitment turns too ("forget" means the text is gone)
                row = conn.execute("SELECT session_id, text FROM commitments WHERE id = ?", (commitment_id,)).fetchone()
                counts["turns"] += self._forget_checkins(commitment_id)
                if row is not None and row[0] is not None and row[0] not in session_ids:
                    counts["turns"] += conn.execute(
                        "DELETE FROM turns WHERE session_id = ? AND step = 'commitment' AND text = ?", (row[0], row[1])
                    ).rowcount
                    counts["turns"] += self._scrub_commitment_turns(row[0], row[1])
                    # and the session's note and closing summary, which listed it
                    from voicecoach.coach.note import forget_commitment

                    before = column("SELECT text FROM commitments WHERE session_id = ? ORDER BY id", row[0])
                    kept = conn.execute("SELECT note, summary FROM sessions WHERE id = ?", (row[0],)).fetchone()
                    if kept is not None:
                        note, summary = forget_commitment(kept[0], kept[1], row[1], before)
                        conn.execute("UPDATE sessions SET note = ?, summary = ? WHERE id = ?", (note, summary, row[0]))
                conn.execute("DELETE FROM commitments WHERE id = ?", (commitment_id,))
            for session_id in session_ids:
                conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
            # a finished check-in left with nothing said in it (every answer was about what was forgotten) is
            # no session any more (an empty "#4 checkin completed:" stayed in history: stop 43)
            for checkin_id in emptied:
                if not column("SELECT count(*) FROM turns WHERE session_id = ?", checkin_id)[0]:
                    conn.execute("DELETE FROM events WHERE session_id = ?", (checkin_id,))
                    conn.execute("DELETE FROM sessions WHERE id = ? AND mode = 'checkin' AND ended_at IS NOT NULL",
                                 (checkin_id,))
        self._scrub()
        files = self._delete_files(paths, session_ids)
        return {"sessions": session_ids, "commitments": commitment_ids, **counts, "files": files}

    def _forget_checkins(self, commitment_id: int) -> int:
        """Check-in turns about a commitment (its answers and spoken notes) go with it; returns how many."""
        return self.conn.execute(
            "DELETE FROM turns WHERE step IN ('checkin', 'checkin_note') AND json_valid(details)"
            " AND json_extract(details, '$.commitment') = ?",
            (commitment_id,),
        ).rowcount

    def _scrub_commitment_turns(self, session_id: int, text: str) -> int:
        """The commitment's words out of the session's other commitment turns: a rejected try that held them
        goes; an answer that held it and another commitment keeps the other, with these words as "…"
        (exploratory testing, stop 42: both kept them after `forget`). Returns the turns deleted."""
        from voicecoach.coach.commitments import other_commitments

        core = text.strip().rstrip(" .!?").removeprefix("I will ")
        if not core:
            return 0
        n = 0
        for tid, said, details in self.conn.execute(
            "SELECT id, text, details FROM turns WHERE session_id = ? AND step = 'commitment'", (session_id,)
        ).fetchall():
            said, details = said or "", details or ""
            if core in said and not other_commitments(said, text):
                n += self.conn.execute("DELETE FROM turns WHERE id = ?", (tid,)).rowcount
            elif core in said or core in details:
                self.conn.execute(
                    "UPDATE turns SET text = ?, details = ? WHERE id = ?",
                    (said.replace(core, "…"), details.replace(core, "…") or None, tid),
                )
        return n

    @_guarded
    def forget_commitment(self, commitment_id: int) -> dict[str, Any]:
        """Delete a commitment, its notes and its recording; returns what was deleted."""
        self._require_commitment(commitment_id)
        return self._forget([], [int(commitment_id)])

    @_guarded
    def forget_session(self, session_id: int) -> dict[str, Any]:
        """Delete a session with its turns, events, commitments and recordings; returns what was deleted."""
        self._require_session(session_id)
        commitment_ids = [
            row[0]
            for row in self.conn.execute(
                "SELECT id FROM commitments WHERE session_id = ? ORDER BY id", (int(session_id),)
            )
        ]
        return self._forget([int(session_id)], commitment_ids)

    @_guarded
    def forget_all(self) -> dict[str, Any]:
        """Delete every session, commitment and recording the store knows of; returns what was deleted."""
        session_ids = [r[0] for r in self.conn.execute("SELECT id FROM sessions ORDER BY id")]
        commitment_ids = [r[0] for r in self.conn.execute("SELECT id FROM commitments ORDER BY id")]
        result = self._forget(session_ids, commitment_ids)
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("VACUUM")
        self._scrub()
        return result
