"""Numbered schema migrations, run every time the store opens.

Each migration is a function registered with :func:`migration`, named ``mNNN_what``. It runs
inside its own transaction together with the row that records it in ``_migrations``, so a
crash leaves the schema either before or after it, never half-way. A migration that has
shipped is never edited: change the schema by adding the next one.

Migrations use ``conn.execute`` one statement at a time (not ``executescript``, which would
commit the open transaction).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]

MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    """Register ``fn`` as the next migration; its name is the record kept in ``_migrations``."""
    name = fn.__name__
    if any(existing == name for existing, _ in MIGRATIONS):
        raise ValueError(f"migration {name} is registered twice")
    MIGRATIONS.append((name, fn))
    return fn


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM _migrations ORDER BY rowid").fetchall()
    return [row[0] for row in rows]


def migrate(conn: sqlite3.Connection, now: str) -> list[str]:
    """Apply every registered migration not yet recorded; return the names applied now.

    ``conn`` must be in autocommit mode (``isolation_level=None``).
    """
    conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = set(applied_migrations(conn))
    applied: list[str] = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have applied it while we waited for the write lock.
            if conn.execute("SELECT 1 FROM _migrations WHERE name = ?", (name,)).fetchone():
                conn.execute("COMMIT")
                continue
            fn(conn)
            conn.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", (name, now))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied


@migration
def m001_initial(conn: sqlite3.Connection) -> None:
    conn.execute(
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            status TEXT NOT NULL DEFAULT 'running',
            mode TEXT NOT NULL,
            scenario_id TEXT,
            statement TEXT,
            feeling TEXT,
            relationship TEXT,
            with_name TEXT,
            engine TEXT,
            pid INTEGER,
            note TEXT,
            summary TEXT
        )
        """
    )
    conn.execute(
        """
        CREATE TABLE turns (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            step TEXT NOT NULL,
            attempt INTEGER,
            speaker TEXT,
            text TEXT NOT NULL,
            verdict TEXT,
            score REAL,
            details TEXT,
            audio_path TEXT,
            at TEXT NOT NULL
        )
        """
    )
    conn.execute(
        """
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            detail TEXT,
            at TEXT NOT NULL
        )
        """
    )
    conn.execute(
        """
        CREATE TABLE commitments (
            id INTEGER PRIMARY KEY,
            session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
            statement TEXT,
            text TEXT NOT NULL CHECK (length(trim(text)) > 0),
            person TEXT,
            with_name TEXT,
            relationship TEXT,
            created_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
            checkin_at TEXT,
            done_at TEXT,
            audio_path TEXT
        )
        """
    )
    conn.execute(
        """
        CREATE TABLE commitment_notes (
            id INTEGER PRIMARY KEY,
            commitment_id INTEGER NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            result TEXT,
            text TEXT
        )
        """
    )
    # Foreign-key columns (lookups per session, and SQLite scans the child table on parent delete).
    conn.execute("CREATE INDEX turns_session ON turns(session_id, id)")
    conn.execute("CREATE INDEX events_session ON events(session_id, id)")
    conn.execute("CREATE INDEX commitments_session ON commitments(session_id)")
    conn.execute("CREATE INDEX commitment_notes_commitment ON commitment_notes(commitment_id, id)")
    # The queries the CLI runs: open/due commitments, history since a date, running sessions.
    conn.execute("CREATE INDEX commitments_status_checkin ON commitments(status, checkin_at)")
    conn.execute("CREATE INDEX sessions_started ON sessions(started_at)")
    conn.execute("CREATE INDEX sessions_status ON sessions(status)")


@migration
def m002_turn_timing(conn: sqlite3.Connection) -> None:
    """How quickly a spoken turn was answered (``history --json`` ``timing``, CLI.md): audio time
    from the last voiced frame to the end being declared, wall clock from then to the coach's
    reply, and whether speech resumed and was joined to the turn. NULL for typed turns."""
    conn.execute("ALTER TABLE turns ADD COLUMN end_of_turn_ms REAL")
    conn.execute("ALTER TABLE turns ADD COLUMN reply_ms REAL")
    conn.execute("ALTER TABLE turns ADD COLUMN resumed INTEGER")


@migration
def m003_ids_never_reused(conn: sqlite3.Connection) -> None:
    """A session's or commitment's id is never given again after it is deleted: SQLite hands the highest
    id out again once its row is gone, so `commitments done 2` from an old list, or a calendar that
    imported `commitment-2@voicecoach`, reached a different commitment (exploratory testing, stop 42).
    ``_last_ids`` keeps the highest id each table has had; inserts take the next one after it."""
    conn.execute("CREATE TABLE _last_ids (name TEXT PRIMARY KEY, id INTEGER NOT NULL)")
    for table in ("sessions", "commitments"):
        conn.execute(
            f"INSERT INTO _last_ids (name, id) SELECT '{table}', coalesce(max(id), 0) FROM {table}"
        )
        conn.execute(
            f"CREATE TRIGGER {table}_last_id AFTER DELETE ON {table} BEGIN "
            f"UPDATE _last_ids SET id = max(id, OLD.id) WHERE name = '{table}'; END"
        )
