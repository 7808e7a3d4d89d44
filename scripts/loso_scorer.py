#!/usr/bin/env python3
"""Does a four-way learned layer over the rules carry to a reviewer it never saw? Leave-one-set-out.

Each labelled set (the project's own set and dev set together, fresh set 1 split by reviewer, and each
later fresh set: every reviewer wrote their own) is held out in turn. A multinomial logistic regression
is fitted on the other sets: the learned layer's features (voicecoach/coach/learned.py), the rules'
verdict one-hot and which kinds of defence they found. It prints, per held-out set, the model's four-way
agreement against the rules', and over all sets how many defensive replies each judges accurate.

``--keep-defensive``: the model may only re-decide among accurate / partial / missed, and only where the
rules did not find a defence (the rules' defensive verdicts stand).

Measured on 2026-12-04 (13 sets, 1,677 pairs): L2 10, model 0.917 against the rules' 0.899 (the rules
alone, before the learned layer's promotions); on set 12, never studied, 0.782 against 0.700; but 5
defensive replies judged accurate over all sets against the rules' 2. With --keep-defensive: 0.916, set 12
0.745, 4 against 2. Not adopted: the issue's goal is no defensive reply judged accurate.

Usage: python scripts/loso_scorer.py [--l2 10 ...] [--keep-defensive]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scorer_training as T  # noqa: E402

from voicecoach.coach import learned, scorer  # noqa: E402

LABELS = ["accurate", "partial", "missed", "defensive"]
KINDS = ["correction", "justification", "counter_complaint", "minimising", "blame", "sarcasm"]


def labelled_sets() -> dict[str, list[tuple[str, str, str]]]:
    data = T.REPO / "tests/data"
    sets = {"own": [(p.statement, p.reflection, p.label) for p in T.load_labelled(T.OWN_SET)]
            + [(p.statement, p.reflection, p.label) for p in T.load_labelled(T.DEV_SET, ("case", "holdout"))]}
    for prefix in ("r1-", "r2-"):
        sets[f"fresh1{prefix[:2]}"] = [(p.statement, p.reflection, p.label)
                                       for p in T.load_fresh(T.FRESH_SET, prefix)]
    n = 3
    while (path := data / f"reflections_fresh{n}.jsonl").exists():
        sets[f"fresh{n}"] = [(p.statement, p.reflection, p.label) for p in T.load_fresh(path)]
        n += 1
    return sets


def features(statement: str, reflection: str) -> tuple[list[float], int]:
    an = scorer.analyse(statement, reflection)
    verdict = scorer.rule_verdict(an)[0]
    kinds = {k for k, _, _ in an.acts}
    x = learned.features(an, verdict) + [1.0 if verdict == v else 0.0 for v in LABELS]
    return x + [1.0 if k in kinds else 0.0 for k in KINDS] + [float(len(an.acts))], LABELS.index(verdict)


def fit(X: np.ndarray, y: np.ndarray, l2: float, iters: int = 600, lr: float = 0.5):
    n, d = X.shape
    W, b, Y = np.zeros((d, 4)), np.zeros(4), np.eye(4)[y]
    for _ in range(iters):
        Z = X @ W + b
        Z -= Z.max(1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(1, keepdims=True)
        G = (P - Y) / n
        W -= lr * (X.T @ G + l2 * W / n)
        b -= lr * G.sum(0)
    return W, b


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--l2", type=float, nargs="*", default=[1.0, 10.0, 30.0])
    ap.add_argument("--keep-defensive", action="store_true")
    args = ap.parse_args(argv)
    data = {}
    for name, rows in labelled_sets().items():
        X, y, r = [], [], []
        for st, rf, lab in rows:
            x, v = features(st, rf)
            X.append(x)
            y.append(LABELS.index(lab))
            r.append(v)
        data[name] = (np.array(X), np.array(y), np.array(r))
    held_out = [n for n in data if n != "own"]  # the own set (built with the rules) is never a test set
    for l2 in args.l2:
        right = right_rules = total = model_da = rules_da = 0
        per_set = []
        for held in held_out:
            X = np.vstack([data[n][0] for n in data if n != held])
            y = np.concatenate([data[n][1] for n in data if n != held])
            mu, sd = X.mean(0), X.std(0)
            sd[sd == 0] = 1
            W, b = fit((X - mu) / sd, y, l2)
            Xh, yh, rh = data[held]
            Z = (Xh - mu) / sd @ W + b
            p = np.where(rh == 3, 3, np.argmax(Z[:, :3], 1)) if args.keep_defensive else np.argmax(Z, 1)
            per_set.append(f"{held} {np.mean(p == yh):.3f}/{np.mean(rh == yh):.3f}")
            right += int(np.sum(p == yh))
            right_rules += int(np.sum(rh == yh))
            total += len(yh)
            model_da += int(np.sum((yh == 3) & (p == 0)))
            rules_da += int(np.sum((yh == 3) & (rh == 0)))
        print(f"L2 {l2}: model {right / total:.3f}, rules {right_rules / total:.3f}; defensive judged accurate: "
              f"model {model_da}, rules {rules_da}")
        print("  held out (model/rules): " + ", ".join(per_set))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
