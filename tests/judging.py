"""The reviewers' labelled sets (tests/data/reflections_fresh*.jsonl), judged the way the regression tests count.

``judge_sets(names)`` scores whole sets, spread over the machine's cores in fresh (spawned) processes: each
set is scored by one process from start to end, so its figures are those of a run in one process.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

DATA = Path(__file__).parent / "data"


def fresh(name: str) -> list[dict]:
    path = DATA / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def off_topic(row: dict) -> bool:
    """A reply that reflects nothing and argues nothing. Sets 1-6 name them by category ("off_topic");
    from set 7 on the reviewers named what the reply does (reassurance, plans, own story…), and every
    "missed" row is one."""
    if row["id"].startswith(("r1-", "r2-", "r3-", "r4-", "r5-", "r6-")):
        return row["category"] == "off_topic"
    return row["label"] == "missed"


def judge(rows: list[dict]) -> tuple[list, list, list]:
    """Score labelled rows: (disagreements, defensive replies judged accurate, off-topic judged defensive)."""
    from voicecoach.coach.scorer import score_reflection

    wrong, defence_accurate, off_topic_defensive = [], [], []
    for r in rows:
        got = score_reflection(r["statement"], r["reflection"], r.get("feeling")).verdict
        if got != r["label"]:
            wrong.append((r["id"], r["label"], got))
        if r["label"] == "defensive" and got == "accurate":
            defence_accurate.append(r["id"])
        if off_topic(r) and got == "defensive":
            off_topic_defensive.append(r["id"])
    return wrong, defence_accurate, off_topic_defensive


def _judge_set(name: str) -> tuple[int, set[str], tuple[list, list, list]]:
    rows = fresh(name)
    return len(rows), {r["label"] for r in rows}, judge(rows)


def judge_sets(names: list[str], workers: int | None = None) -> dict[str, tuple[int, set[str], tuple]]:
    """{name: (rows, labels seen, judge(rows))} for each set, scored in up to ``workers`` processes (default:
    one per core). A handful of sets is scored here, where a new process would cost more than it saves."""
    workers = min(workers or os.cpu_count() or 1, len(names))
    if workers <= 1 or len(names) <= 3:
        return {name: _judge_set(name) for name in names}
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        return dict(zip(names, pool.map(_judge_set, names, chunksize=4)))
