"""Score many (statement, reflection) pairs in one process: ``voicecoach score --pairs FILE``.

FILE is CSV or TSV with a header naming ``statement`` and ``reflection`` columns (an optional
``feeling`` column is used as the feeling hint), or JSON lines, one object per line with those keys.
Each row gives one result, in order: the same fields as ``score --json``, or ``{"error": "..."}`` for a
row that cannot be scored (the rest go on): a row whose fields are empty, a row with more fields than the
header (a comma or tab in the text outside quotes), a text longer than ``MAX_TEXT``. Blank lines are not
rows. A file that cannot be read, is not text, holds no rows, or lacks the two columns is an
:class:`~voicecoach.errors.InputError` before any row is scored.

Rows are read and scored one at a time, so a file of any length is scored in constant memory.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from voicecoach.coach.scorer import family_of, lexicon, score_reflection
from voicecoach.errors import InputError

__all__ = ["MAX_TEXT", "PairsSummary", "check_length", "read_pairs", "score_pairs"]

REQUIRED = ("statement", "reflection")
_JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
# A text longer than this is no turn of talk (AnnoMI's longest is 1,767 characters) and would hold a run up:
# the judge's time grows faster than the text (10,000 characters a side about 0.6 s, 60,000 about 9 s). A
# row with one is a bad row, not a reason to stop.
MAX_TEXT = 10_000
_MAX_FIELD = 1 << 20  # what the CSV reader takes in one field, so that a longer one is reported, not fatal


class PairsSummary:
    """Counts kept while rows are scored (for the line on stderr at the end)."""

    def __init__(self) -> None:
        self.rows = 0
        self.errors = 0
        self.unknown_feelings: list[tuple[int, str]] = []  # (row, hint): a feeling the coach does not know


def _open_text(path: Path) -> io.TextIOWrapper:
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a file of pairs")
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    # utf-8-sig drops a byte-order mark; undecodable bytes are kept as surrogates and judged row by row
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")


def _kind(path: Path, first_line: str) -> str:
    if path.suffix.lower() in _JSONL_SUFFIXES or first_line.lstrip().startswith("{"):
        return "jsonl"
    if path.suffix.lower() == ".tsv" or (
        "\t" in first_line and first_line.count("\t") >= first_line.count(",")
    ):
        return "tsv"
    return "csv"


def _check_text(value: Any, key: str, required: bool) -> str | None:
    if value is None:
        if required:
            raise ValueError(f"no {key!r}")
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key!r} must be text, not {type(value).__name__}")
    if any("\udc80" <= ch <= "\udcff" for ch in value):
        raise ValueError(f"{key!r} is not UTF-8 text")
    check_length(value, key, ValueError)
    return value


def check_length(text: str, name: str, error: type[Exception] = InputError) -> None:
    """Raise ``error`` when ``text`` is longer than ``MAX_TEXT``: one turn of talk is far shorter."""
    if len(text) > MAX_TEXT:
        raise error(f"{name!r} is {len(text)} characters long; one turn of talk can be {MAX_TEXT} at most")


def _row(values: dict[str, Any]) -> tuple[str, str, str | None]:
    statement = _check_text(values.get("statement"), "statement", True)
    reflection = _check_text(values.get("reflection"), "reflection", True)
    feeling = _check_text(values.get("feeling"), "feeling", False)
    if not statement or not statement.strip():
        raise ValueError("the statement is empty")
    return statement, reflection or "", (feeling.strip() or None) if feeling else None


def read_pairs(path: str | Path) -> Iterator[tuple[str, str, str | None] | ValueError]:
    """Each data row of ``path`` in order: (statement, reflection, feeling) or the ValueError saying
    why that row cannot be scored. Raises InputError for a file that cannot be used at all."""
    path = Path(path)
    fh = _open_text(path)
    try:
        try:
            first = fh.readline()
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
        while first and not first.strip():  # blank lines before the first row are no rows
            first = fh.readline()
        if not first:
            raise InputError(f"{path} is empty")
        kind = _kind(path, first)
        if kind == "jsonl":
            yield from _jsonl_rows(first, fh)
        else:
            yield from _table_rows(path, first, fh, "\t" if kind == "tsv" else ",")
    finally:
        fh.close()


def _jsonl_rows(first: str, fh: io.TextIOWrapper) -> Iterator[tuple[str, str, str | None] | ValueError]:
    for line in _lines(first, fh):  # (the first line holds something: read_pairs)
        if not line.strip():
            continue  # blank lines are not rows
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield ValueError(f"not valid JSON ({exc.__class__.__name__}: {str(exc)[:80]})")
            continue
        if not isinstance(obj, dict):
            yield ValueError("a row must be a JSON object with 'statement' and 'reflection'")
            continue
        try:
            yield _row(obj)
        except ValueError as exc:
            yield exc


def _lines(first: str, fh: io.TextIOWrapper) -> Iterator[str]:
    yield first
    yield from fh


def _table_rows(
    path: Path, first: str, fh: io.TextIOWrapper, delimiter: str
) -> Iterator[tuple[str, str, str | None] | ValueError]:
    csv.field_size_limit(max(csv.field_size_limit(), _MAX_FIELD + 1))
    reader = csv.reader(_lines(first, fh), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise InputError(f"{path}: cannot read its header row ({exc})") from None
    names = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        found = ", ".join(repr(h) for h in header[:6]) or "nothing"
        raise InputError(
            f"{path} needs 'statement' and 'reflection' columns; missing {', '.join(missing)} (found {found})"
        )
    where = {c: names.index(c) for c in (*REQUIRED, "feeling") if c in names}
    needed = max(where[c] for c in REQUIRED) + 1  # columns after the last required one may be left off
    rows = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            if not rows:
                raise InputError(f"{path} has a header but no pairs") from None
            return
        except csv.Error as exc:
            rows += 1
            yield ValueError(f"cannot read this row ({exc})")
            continue
        if not fields or (len(fields) == 1 and not fields[0].strip()):
            continue  # blank lines are not rows; a line with a separator is ("," gives an empty statement)
        rows += 1
        extra = fields[len(names) :]
        if len(fields) < needed or any(f.strip() for f in extra):
            sep = "tab" if delimiter == "\t" else "comma"
            hint = f" (a {sep} in the text must be inside double quotes)" if extra else ""
            yield ValueError(f"expected {len(names)} fields, found {len(fields)}{hint}")
            continue
        try:
            yield _row({c: fields[i] if i < len(fields) else None for c, i in where.items()})
        except ValueError as exc:
            yield exc


def score_pairs(
    path: str | Path, feeling: str | None = None, summary: PairsSummary | None = None
) -> Iterator[dict[str, Any]]:
    """One result dict per data row of ``path``, in order (see the module docstring).

    ``feeling`` is the hint for rows that have no ``feeling`` of their own. The first row is read
    (and the file checked) before anything is yielded, so a bad file fails before any output.
    """
    rows = read_pairs(path)
    lexicon()  # word lists compiled once, before the first row
    summary = summary if summary is not None else PairsSummary()
    for number, row in enumerate(rows, start=1):
        summary.rows += 1
        if isinstance(row, ValueError):
            summary.errors += 1
            yield {"error": f"row {number}: {row}"}
            continue
        statement, reflection, row_feeling = row
        hint = row_feeling or feeling
        if hint and family_of(hint) is None:
            summary.unknown_feelings.append((number, hint))
        yield score_reflection(statement, reflection, hint).to_dict()
