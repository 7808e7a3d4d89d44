"""Score many (statement, reflection) pairs in one process: ``voicecoach score --pairs FILE``.

FILE is CSV or TSV with a header naming ``statement`` and ``reflection`` columns (an optional
``feeling`` column is used as the feeling hint), or JSON lines, one object per line with those keys.
Each row gives one result, in order: the same fields as ``score --json``, or ``{"error": "..."}`` for a
row that cannot be scored (the rest go on). A file that cannot be read, is not text, or lacks the two
columns is an :class:`~voicecoach.errors.InputError` before any row is scored.

Rows are read and scored one at a time, so a file of any length is scored in constant memory.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from voicecoach.coach.scorer import lexicon, score_reflection
from voicecoach.errors import InputError

__all__ = ["PairsSummary", "read_pairs", "score_pairs"]

REQUIRED = ("statement", "reflection")
_JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
_MAX_FIELD = 1 << 20  # a field longer than this (1 MiB) is a bad row, not a reason to stop


class PairsSummary:
    """Counts kept while rows are scored (for the line on stderr at the end)."""

    def __init__(self) -> None:
        self.rows = 0
        self.errors = 0


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
    if len(value) > _MAX_FIELD:
        raise ValueError(f"{key!r} is longer than {_MAX_FIELD} characters")
    return value


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
        if not first.strip():
            rest = fh.read(1)
            if not rest:
                raise InputError(f"{path} is empty")
            first = first + rest + fh.readline()
        kind = _kind(path, first)
        if kind == "jsonl":
            yield from _jsonl_rows(first, fh)
        else:
            yield from _table_rows(path, first, fh, "\t" if kind == "tsv" else ",")
    finally:
        fh.close()


def _jsonl_rows(first: str, fh: io.TextIOWrapper) -> Iterator[tuple[str, str, str | None] | ValueError]:
    for line in _lines(first, fh):
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
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield ValueError(f"cannot read this row ({exc})")
            continue
        if not fields or all(not f.strip() for f in fields):
            continue  # blank lines are not rows
        if len(fields) < len(names):
            yield ValueError(f"expected {len(names)} fields, found {len(fields)}")
            continue
        try:
            yield _row({c: fields[i] for c, i in where.items()})
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
        yield score_reflection(statement, reflection, row_feeling or feeling).to_dict()
