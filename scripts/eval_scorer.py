#!/usr/bin/env python3
"""How well the reflection scorer agrees with labelled data.

1. AnnoMI (client statement -> counsellor turn, labelled by experts; read in place from
   ../shared/data/annomi/, never copied into the project): ranking AUC of ``score`` for reflections
   (simple + complex) against non-reflections, on all rows and on rows with >= 5 words both sides,
   and the verdict distribution per label.
2. Our own labelled set, tests/data/reflections.toml: four-way verdict agreement, per section.

Usage: python scripts/eval_scorer.py [--data DIR_OR_CSV] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from voicecoach.coach.scorer import VERDICTS, score_reflection  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared/data/annomi"
OWN_SET = REPO / "tests/data/reflections.toml"


def auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """Ranking AUC (Mann-Whitney U with average ranks for ties); nan when a class is empty."""
    scores = np.asarray(scores, dtype=float)
    positive = np.asarray(positive, dtype=bool)
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    order = np.argsort(scores, kind="mergesort")
    sorted_scores = scores[order]
    ranks = np.empty(len(scores), dtype=float)
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def eval_annomi(csv_path: Path) -> dict:
    rows = []
    with csv_path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rows.append(row)
    scores, positive, long_mask = [], [], []
    verdicts: dict[str, Counter] = defaultdict(Counter)
    start = time.perf_counter()
    for row in rows:
        result = score_reflection(row["prompt"], row["response"])
        scores.append(result.score)
        positive.append(row["label"] in {"simple_reflection", "complex_reflection"})
        long_mask.append(len(row["prompt"].split()) >= 5 and len(row["response"].split()) >= 5)
        verdicts[row["label"]][result.verdict] += 1
    elapsed = time.perf_counter() - start
    s, p, lm = np.array(scores), np.array(positive), np.array(long_mask)
    return {
        "file": str(csv_path),
        "rows": len(rows),
        "auc_all": round(auc(s, p), 4),
        "rows_long": int(lm.sum()),
        "auc_long": round(auc(s[lm], p[lm]), 4),
        "verdicts_by_label": {label: {v: c[v] for v in VERDICTS} for label, c in sorted(verdicts.items())},
        "ms_per_call": round(1000 * elapsed / max(1, len(rows)), 3),
    }


def eval_own(path: Path) -> dict:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = {}
    for section in ("case", "heldout"):
        cases = data.get(section, [])
        if not cases:
            continue
        agree = 0
        confusion: dict[str, Counter] = defaultdict(Counter)
        for case in cases:
            got = score_reflection(case["statement"], case["reflection"], case.get("feeling")).verdict
            confusion[case["verdict"]][got] += 1
            agree += got == case["verdict"]
        out[section] = {
            "cases": len(cases),
            "agreement": round(agree / len(cases), 4),
            "defensive_judged_accurate": confusion["defensive"]["accurate"],
            "confusion": {k: dict(v) for k, v in sorted(confusion.items())},
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="AnnoMI folder or annomi_reflections.csv (default: ../shared/data/annomi)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    csv_path = args.data / "annomi_reflections.csv" if args.data.is_dir() else args.data
    report: dict = {"annomi": None, "own": eval_own(OWN_SET) if OWN_SET.exists() else None}
    if csv_path.is_file():
        report["annomi"] = eval_annomi(csv_path)
    else:
        print(f"AnnoMI data not found at {csv_path}; skipping that part.", file=sys.stderr)

    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    if report["annomi"]:
        a = report["annomi"]
        print(f"AnnoMI ({a['rows']} rows, {a['ms_per_call']} ms per call)")
        print(f"  AUC reflection vs non-reflection, all rows:        {a['auc_all']:.3f}")
        print(f"  AUC on rows with >= 5 words both sides ({a['rows_long']}): {a['auc_long']:.3f}")
        for label, counts in a["verdicts_by_label"].items():
            total = sum(counts.values()) or 1
            dist = "  ".join(f"{v} {100 * counts[v] / total:4.1f}%" for v in VERDICTS)
            print(f"  {label:20s} {dist}")
    if report["own"]:
        for section, r in report["own"].items():
            print(
                f"Own labelled set [{section}]: {r['cases']} cases, "
                f"four-way agreement {100 * r['agreement']:.1f}%, "
                f"defensive judged accurate: {r['defensive_judged_accurate']}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
