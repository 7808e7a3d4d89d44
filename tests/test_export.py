"""Commitment exports: JSON, CSV, Markdown and iCalendar, each parsed back."""

from __future__ import annotations

import csv
import io
import json
import re
import stat
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import icalendar
import pytest

from voicecoach.errors import InputError
from voicecoach.store import Store
from voicecoach.store.export import FIELDS, export_commitments, write_export

TZ = timezone(timedelta(hours=-5))


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("VOICECOACH_HOME", str(folder))
    return folder


@pytest.fixture
def commitments() -> list[dict]:
    """Two open, one done, one dropped; real rows from a real store."""
    now = datetime(2026, 11, 23, 20, 0, 0, tzinfo=TZ)
    with Store.open(clock=lambda: now) as store:
        sid = store.start_session(
            mode="practice", statement="You never listen, you're always on your phone",
            with_name="Sam", relationship="partner",
        )
        a = store.add_commitment("Put my phone in the drawer at dinner, every night", session_id=sid)
        b = store.add_commitment(
            "Ask \"how was your day?\" and wait; no advice unless asked", person="Mum",
            relationship="parent", checkin_at=date(2026, 12, 1),
            statement="You only call when you need something",
        )
        c = store.add_commitment("Say *sorry* first [really]", session_id=sid)
        store.set_status(c, "done", note="did it Tuesday")
        d = store.add_commitment("Stop being so sarcastic — café jokes included", checkin_days=3)
        store.set_status(d, "dropped")
        store.add_note(a, "two nights out of three", kind="checkin", result="partly")
        assert [a, b, c, d] == [1, 2, 3, 4]
        return store.list_commitments(include_all=True)


def test_json_is_the_list_of_objects(commitments: list[dict]) -> None:
    out = export_commitments(commitments, "json")
    assert isinstance(out, str)
    data = json.loads(out)
    assert [c["id"] for c in data] == [1, 2, 3, 4]
    for item in data:
        assert set(item) == {*FIELDS, "notes"}
    assert data[0]["text"] == "Put my phone in the drawer at dinner, every night"
    assert data[0]["checkin_at"] == "2026-11-30" and data[0]["with_name"] == "Sam"
    assert data[0]["notes"][0]["result"] == "partly"
    assert data[2]["status"] == "done" and data[2]["done_at"].startswith("2026-11-23")
    assert data[3]["text"].endswith("café jokes included")


def test_csv_parses_back(commitments: list[dict]) -> None:
    out = export_commitments(commitments, "csv")
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == 4
    assert list(rows[0]) == [*FIELDS, "notes"]
    assert rows[1]["text"] == 'Ask "how was your day?" and wait; no advice unless asked'
    assert rows[1]["checkin_at"] == "2026-12-01" and rows[1]["person"] == "Mum"
    assert rows[0]["session_id"] == "1" and rows[1]["session_id"] == ""
    assert rows[2]["status"] == "done" and "yes: did it Tuesday" in rows[2]["notes"]
    assert rows[0]["text"] == "Put my phone in the drawer at dinner, every night"
    assert {r["due"] for r in rows} == {"no"}


def test_markdown_checklist(commitments: list[dict]) -> None:
    out = export_commitments(commitments, "md")
    lines = out.splitlines()
    assert lines[0].startswith("# ")
    assert "## With Sam (partner)" in lines
    assert "## With Mum (parent)" in lines
    assert "- [ ] Put my phone in the drawer at dinner, every night — due 2026-11-30" in lines
    assert '- [ ] Ask "how was your day?" and wait; no advice unless asked — due 2026-12-01' in lines
    assert r"- [x] Say \*sorry\* first \[really\] — done 2026-11-23" in lines
    assert any(line.startswith("- [ ] ~~Stop being so sarcastic") and "dropped" in line for line in lines)
    assert "  - in answer to: “You only call when you need something”" in lines
    # Items sit under their person's heading.
    sam = lines.index("## With Sam (partner)")
    mum = lines.index("## With Mum (parent)")
    first_item = lines.index("- [ ] Put my phone in the drawer at dinner, every night — due 2026-11-30")
    assert sam < first_item < mum


def test_ics_parses_back_with_one_todo_per_open_commitment(commitments: list[dict]) -> None:
    out = export_commitments(commitments, "ics")
    assert isinstance(out, bytes)
    cal = icalendar.Calendar.from_ical(out)
    assert str(cal["VERSION"]) == "2.0" and "voicecoach" in str(cal["PRODID"])
    todos = [c for c in cal.walk() if c.name == "VTODO"]
    assert len(todos) == 2  # the done and the dropped ones are left out
    by_uid = {str(t["UID"]): t for t in todos}
    assert set(by_uid) == {"commitment-1@voicecoach", "commitment-2@voicecoach"}
    first = by_uid["commitment-1@voicecoach"]
    assert first.decoded("DUE") == date(2026, 11, 30)
    assert str(first["SUMMARY"]) == "Put my phone in the drawer at dinner, every night"
    assert "You never listen, you're always on your phone" in str(first["DESCRIPTION"])
    assert isinstance(first.decoded("DTSTAMP"), datetime)
    second = by_uid["commitment-2@voicecoach"]
    assert second.decoded("DUE") == date(2026, 12, 1)
    assert str(second["SUMMARY"]) == 'Ask "how was your day?" and wait; no advice unless asked'


def test_ics_uid_is_stable_across_exports(commitments: list[dict]) -> None:
    uids = []
    for _ in range(2):
        cal = icalendar.Calendar.from_ical(export_commitments(commitments, "ics"))
        uids.append(sorted(str(t["UID"]) for t in cal.walk("VTODO")))
    assert uids[0] == uids[1]


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "ics"])
def test_empty_list_is_a_valid_file(fmt: str) -> None:
    out = export_commitments([], fmt)
    if fmt == "json":
        assert json.loads(out) == []
    elif fmt == "csv":
        assert list(csv.reader(io.StringIO(out))) == [[*FIELDS, "notes"]]
    elif fmt == "md":
        assert out.startswith("# ")
    else:
        cal = icalendar.Calendar.from_ical(out)
        assert cal.walk("VTODO") == []


def test_the_calendar_holds_closed_commitments_only_when_asked() -> None:
    items = [
        {"id": 1, "text": "Call first.", "status": "open", "checkin_at": "2026-12-10"},
        {"id": 2, "text": "Ask before.", "status": "done", "done_at": "2026-12-05T09:00:00+00:00"},
        {"id": 3, "text": "Plan ahead.", "status": "dropped"},
    ]
    todos = icalendar.Calendar.from_ical(export_commitments(items, "ics")).walk("VTODO")
    assert [(str(t["SUMMARY"]), str(t["STATUS"])) for t in todos] == [("Call first.", "NEEDS-ACTION")]
    todos = icalendar.Calendar.from_ical(export_commitments(items, "ics", closed=True)).walk("VTODO")
    assert [(str(t["SUMMARY"]), str(t["STATUS"])) for t in todos] == [
        ("Call first.", "NEEDS-ACTION"), ("Ask before.", "COMPLETED"), ("Plan ahead.", "CANCELLED")]
    assert todos[1].decoded("COMPLETED") == datetime(2026, 12, 5, 9, 0, tzinfo=timezone.utc)


def test_unknown_format() -> None:
    with pytest.raises(InputError, match="unknown export format 'pdf'"):
        export_commitments([], "pdf")


def test_write_export_anywhere_is_private(commitments: list[dict], tmp_path: Path) -> None:
    """An export holds what the other person said and what the user will do: readable by the user alone
    wherever it is written, whatever the umask (it was 0644 outside the data folder until stop 41)."""
    import os

    target = tmp_path / "elsewhere" / "commitments.csv"
    target.parent.mkdir()
    old = os.umask(0o022)
    try:
        write_export(export_commitments(commitments, "csv"), target)
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_write_export_inside_home_is_private(commitments: list[dict], home: Path) -> None:
    target = home / "exports.ics"
    written = write_export(export_commitments(commitments, "ics"), target)
    assert written == target
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert len(icalendar.Calendar.from_ical(target.read_bytes()).walk("VTODO")) == 2
    write_export(export_commitments(commitments, "md"), target)  # overwrite
    assert target.read_text(encoding="utf-8").startswith("# ")


def test_write_export_elsewhere(commitments: list[dict], tmp_path: Path) -> None:
    target = tmp_path / "out" / "commitments.json"
    target.parent.mkdir()
    write_export(export_commitments(commitments, "json"), target)
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 4
    assert not list(target.parent.glob(".*tmp"))  # no temp file left behind


def test_write_export_missing_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "c.csv"
    with pytest.raises(InputError, match="^folder does not exist: " + re.escape(str(missing.parent)) + "$"):
        write_export("x", missing)
    assert not missing.parent.exists()


def test_write_export_to_a_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        write_export("x", tmp_path)


def test_a_partner_s_commitment_names_whose_it_is_in_markdown_and_the_calendar(tmp_path, monkeypatch):
    # exploratory testing, stop 42: md and ics put both partners' commitments under "With Sam & Alex"
    from voicecoach.store.export import export_commitments

    monkeypatch.setenv("VOICECOACH_HOME", str(tmp_path / "home"))
    with Store.open() as store:
        sid = store.start_session(mode="partner", with_name="Sam & Alex")
        store.add_commitment("I will call a day ahead.", session_id=sid, person="Alex")
        items = store.list_commitments(include_all=True)
    md = export_commitments(items, "md")
    md = md.decode() if isinstance(md, bytes) else md
    assert "Alex's commitment" in md
    cal = icalendar.Calendar.from_ical(export_commitments(items, "ics"))
    (todo,) = [c for c in cal.walk("VTODO")]
    assert "Alex's commitment" in str(todo.get("description"))


def test_one_couple_is_under_one_heading_whichever_order_their_names_came(tmp_path, monkeypatch):
    from voicecoach.store.export import export_commitments

    monkeypatch.setenv("VOICECOACH_HOME", str(tmp_path / "home"))
    with Store.open() as store:
        for names, person in (("Sam & Alex", "Alex"), ("Alex & Sam", "Sam")):
            sid = store.start_session(mode="partner", with_name=names)
            store.add_commitment(f"I will call a day ahead, says {person}.", session_id=sid, person=person)
        items = store.list_commitments(include_all=True)
    md = export_commitments(items, "md")
    md = md.decode() if isinstance(md, bytes) else md
    assert md.count("## With") == 1 and "## With Sam & Alex" in md, md


def test_export_to_dash_writes_standard_output(tmp_path, monkeypatch):
    import os
    import subprocess
    import sys

    monkeypatch.chdir(tmp_path)
    exe = Path(sys.executable).with_name("voicecoach")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "voicecoach"]
    env = dict(os.environ, VOICECOACH_HOME=str(tmp_path / "home"))
    res = subprocess.run([*cmd, "commitments", "export", "--format", "md", "-o", "-"], capture_output=True,
                         text=True, env=env, check=False)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("# ") and not (tmp_path / "-").exists()
