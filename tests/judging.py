"""The reviewers' labelled sets (tests/data/reflections_fresh*.jsonl), judged the way the regression tests count.

``Judging(names)`` scores whole sets in the background, in fresh (spawned) processes at low priority: each set
is scored by one process from start to end, so its figures are those of a run in one process.
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


REGRESSION_TEST = "test_later_fresh_sets_regression"


def regression_sets(items) -> list[str]:
    """The names of the sets the selected regression tests (tests/test_scorer.py) judge, in the order the tests
    will ask for them."""
    return list(
        dict.fromkeys(
            item.callspec.params["name"] for item in items if getattr(item, "originalname", None) == REGRESSION_TEST
        )
    )


class Judging:
    """Sets being judged in the background, in up to ``workers`` fresh (spawned) processes at the lowest CPU
    priority (default: one per core), from the end of collection: the regression tests then wait only for what
    is not done yet, and the real-time audio tests that run first keep the CPU whenever they need it. (Judged in
    the foreground when the regression tests reach them, at normal priority, the whole suite took 10:53 against
    9:03 here, back to back; one process fewer than the cores made it no faster, 9:19 against 9:10, and a run
    of tests/test_scorer.py alone took 3:57 against 2:25.) A handful of sets is judged on demand, in this
    process, where a new process would cost more than it saves."""

    def __init__(self, names: list[str], workers: int | None = None) -> None:
        workers = min(workers or os.cpu_count() or 1, len(names))
        self._pool = None
        self._futures: dict[str, object] = {}
        if len(names) > 3:
            self._pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=get_context("spawn"), initializer=os.nice, initargs=(19,)
            )
            self._futures = {name: self._pool.submit(_judge_set, name) for name in names}

    def result(self, name: str) -> tuple[int, set[str], tuple]:
        future = self._futures.get(name)
        return future.result() if future is not None else _judge_set(name)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
