"""Commitments out of the store, as JSON, CSV, a Markdown checklist or an iCalendar to-do list.

``export_commitments`` takes the dicts :meth:`Store.list_commitments` returns; ``write_export``
puts the result in a file (private when it lands inside the data folder).
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from voicecoach import config
from voicecoach.errors import InputError

FORMATS = ("json", "csv", "md", "ics")

FIELDS = (
    "id",
    "text",
    "status",
    "created_at",
    "session_id",
    "statement",
    "person",
    "with_name",
    "relationship",
    "checkin_at",
    "done_at",
    "audio_path",
    "due",
)

PRODID = "-//voicecoach//commitments//EN"


def export_commitments(commitments: list[dict[str, Any]], fmt: str, *, closed: bool = False) -> bytes | str:
    """Render ``commitments`` in ``fmt`` (json, csv, md: text; ics: bytes). ``closed``: the calendar holds
    done and dropped commitments too (``to_ics``); the other formats hold every commitment given."""
    fmt = (fmt or "").lower().lstrip(".")
    if fmt == "json":
        return to_json(commitments)
    if fmt == "csv":
        return to_csv(commitments)
    if fmt in ("md", "markdown"):
        return to_markdown(commitments)
    if fmt in ("ics", "ical"):
        return to_ics(commitments, closed=closed)
    raise InputError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")


def _record(commitment: dict[str, Any]) -> dict[str, Any]:
    record = {name: commitment.get(name) for name in FIELDS}
    record["notes"] = list(commitment.get("notes") or [])
    return record


def to_json(commitments: list[dict[str, Any]]) -> str:
    return json.dumps([_record(c) for c in commitments], ensure_ascii=False, indent=2) + "\n"


def _note_line(note: dict[str, Any]) -> str:
    parts = [str(note.get("at") or "")[:10], str(note.get("kind") or "note")]
    if note.get("result"):
        parts.append(str(note["result"]))
    line = " ".join(p for p in parts if p)
    return f"{line}: {note['text']}" if note.get("text") else line


def to_csv(commitments: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*FIELDS, "notes"])
    for commitment in commitments:
        record = _record(commitment)
        row = ["" if record[name] is None else record[name] for name in FIELDS]
        row[FIELDS.index("due")] = "yes" if record["due"] else "no"
        writer.writerow([*row, " | ".join(_note_line(n) for n in record["notes"])])
    return out.getvalue()


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>~#|])")


def _md(text: Any) -> str:
    """One line of Markdown-safe text."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def _who(commitment: dict[str, Any]) -> str:
    name = commitment.get("with_name") or commitment.get("person")
    relationship = commitment.get("relationship")
    if name and relationship:
        return f"With {name} ({relationship})"
    if name:
        return f"With {name}"
    if relationship:
        return f"With your {relationship}"
    return "Not linked to anyone"


def to_markdown(
    commitments: list[dict[str, Any]], *, title: str = "What I said I would do differently"
) -> str:
    lines = [f"# {title}", ""]
    if not commitments:
        lines += ["No commitments yet.", ""]
        return "\n".join(lines)
    groups: dict[str, list[dict[str, Any]]] = {}
    headings: dict[str, str] = {}
    for commitment in commitments:
        who = _who(commitment)
        # one couple under one heading, whichever order their names were given in ("With Sam & Alex" and
        # "With Alex & Sam": exploratory testing, stop 43)
        names = commitment.get("with_name") or ""
        key = f"{' & '.join(sorted(names.split(' & ')))}|{commitment.get('relationship')}" if names else who
        headings.setdefault(key, who)
        groups.setdefault(key, []).append(commitment)
    for key, items in groups.items():
        heading = headings[key]
        lines += [f"## {_md(heading)}", ""]
        for c in items:
            text = _md(c.get("text") or "")
            status = c.get("status")
            if status == "done":
                done = str(c.get("done_at") or "")[:10]
                lines.append(f"- [x] {text}" + (f" — done {done}" if done else ""))
            elif status == "dropped":
                lines.append(f"- [ ] ~~{text}~~ — dropped")
            else:
                due = c.get("checkin_at")
                lines.append(f"- [ ] {text}" + (f" — due {due}" if due else ""))
            if c.get("person"):  # (partner mode: whose commitment it is; md did not say: exploratory testing)
                lines.append(f"  - {_md(c['person'])}'s commitment")
            if c.get("statement"):
                lines.append(f"  - in answer to: “{_md(c['statement'])}”")
            for note in c.get("notes") or []:
                lines.append(f"  - {_md(_note_line(note))}")
        lines.append("")
    return "\n".join(lines)


# a commitment's status as a to-do's (RFC 5545 3.8.1.11)
_TODO_STATUS = {"open": "NEEDS-ACTION", "done": "COMPLETED", "dropped": "CANCELLED"}


def to_ics(
    commitments: list[dict[str, Any]], *, stamp: datetime | None = None, closed: bool = False
) -> bytes:
    """A VCALENDAR with one VTODO per open commitment, due on its check-in date; with ``closed``, done and
    dropped ones too, as completed and cancelled to-dos."""
    from icalendar import Calendar, Todo

    stamp = (stamp or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "voicecoach commitments")
    for c in commitments:
        status = c.get("status") or "open"
        if status not in _TODO_STATUS or (status != "open" and not closed):
            continue
        todo = Todo()
        todo.add("uid", f"commitment-{c['id']}@voicecoach")
        todo.add("dtstamp", stamp)
        todo.add("summary", " ".join(str(c.get("text") or "").split()))
        said = [f"{c['person']}'s commitment."] if c.get("person") else []
        if c.get("statement"):
            said.append(f"In answer to: {c['statement']}")
        if said:
            todo.add("description", " ".join(said))
        if c.get("created_at"):
            try:
                todo.add("created", datetime.fromisoformat(c["created_at"]).astimezone(timezone.utc))
            except ValueError:
                pass
        if c.get("checkin_at"):
            try:
                todo.add("due", date.fromisoformat(str(c["checkin_at"])[:10]))
            except ValueError:
                pass
        todo.add("status", _TODO_STATUS[status])
        if status == "done" and c.get("done_at"):
            try:
                todo.add("completed", datetime.fromisoformat(str(c["done_at"])).astimezone(timezone.utc))
            except ValueError:
                pass
        cal.add_component(todo)
    return cal.to_ical()


def write_export(data: bytes | str, path: Path | str) -> Path:
    """Write an export to ``path`` atomically, readable by the user alone (0600) wherever it is: it holds
    what the other person said and what the user will do."""
    target = Path(path).expanduser()
    config.refuse_data_file(target, "-o")
    folder = target.parent
    if not folder.is_dir():
        raise InputError(f"folder does not exist: {folder}")
    if target.is_dir():
        raise InputError(f"{target} is a folder; give a file name")
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    config.atomic_write_bytes(target, payload)
    return target
