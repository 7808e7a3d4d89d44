"""Training and leave-one-set-out measurement of the defence check (voicecoach/coach/defence_check.py).

Data: the reviewer sets' first runs (``scripts/first_runs.py`` writes them; each pair judged by the scorer
of the day its set arrived), the replies those judges called defensive, labelled by whether the reviewer
called them defensive; and the own labelled set's case section as today's rules judge it (its defensive
replies are textbook defences the check must leave alone). Sets in ``HELD_OUT`` are never trained on: the
check's first honest test.

Measured 2026-12-04 (leave one set out over the first runs of sets 10-37, 3,080 pairs, 882 judged
defensive; L2 10; only acts found from a clause's shape, in replies that without them are not "missed",
are reconsidered (``DefenceCheck.keeps``); d->a defensive judged accurate, m->d missed judged defensive,
a->d accurate judged defensive):

| check | agreement | d->a | m->d | a->d |
|---|---|---|---|---|
| none (the first runs as they were) | 0.778 | 61 | 81 | 99 |
| threshold 0.15 | 0.787 | 61 | 81 | 74 |
| threshold 0.20 | 0.788 | 62 | 81 | 70 |
| threshold 0.25 | 0.790 | 62 | 80 | 66 |
| **threshold 0.30** (shipped) | **0.791** | 63 | 80 | 62 |
| threshold 0.35 | 0.792 | 65 | 80 | 57 |

Held out (never trained on): sets 38 and 39 (never read while it was built) 79.1 -> 81.8 % and 80.9 -> 81.8 %;
sets 40 and 41 (written after it shipped) 91.8 % and 75.5 -> 77.3 %; sets 42 and 43 (first runs on e57c506,
which has the check) 86.4 % and 83.6 %, the same without it (it found nothing to talk away there).

Refitted on all 34 first runs (sets 10-43, 3,740 pairs, 1,056 judged defensive; ``HELD_OUT = ()``; the first
runs' ``before_check`` verdict, so that the judges that had the check are read before it), leave one set out:
agreement 0.787 -> 0.799 at 0.3 (d->a 68 -> 70, m->d 86 -> 85, a->d 115 -> 74), the same gain as on 28 sets; on
sets 38-43 exactly what the shipped check gives (83.8 %). Not shipped: on the studied sets it moved four pairs
(two gained, two lost, one of them a textbook minimising turned accurate: "We only barbecue a couple of times a
month, though"), so the shipped check stays fitted on sets 10-37 and ``HELD_OUT`` lists every later set with
a first run (scripts/first_runs.FIRST_RUN), which keeps the shipped weights reproducible.

Tried first: reconsidering any defence (0.792 at 0.25) talked textbook ones away on the studied sets ("Ten
minutes? It was forty", "I went over your head because you ignored my emails", "at least you still have a
job"); without the own set in training the own case section fell to 96.8 %; vetoing only where the verdict
without the act is not "accurate" kept defensive judged accurate at 56-61 but gave back most of the gain (the
false defences are mostly honest reflections); lexical features (the act phrase's words and the three before
it) ranked a little better (AUC 0.88 against 0.87) for the same net gain: not worth a vocabulary.

Known and left (a review found it): the act's phrase comes in the scorer's normalised words ("you are") and is
looked for among the reply's raw words ("you're", "youre"), so ``ph_pos`` is 0 and ``ph_echo`` skewed for a
reply with a contraction, alike in training and at run time. Finding it among the normalised words measured the
same leave-one-set-out (0.790) but moved a textbook blame given as advice after a reflection to "accurate" on
the tests, so the shipped check keeps the feature as trained.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import first_runs as FR  # noqa: E402
import scorer_training as T  # noqa: E402

from voicecoach.coach import defence_check as DC  # noqa: E402
from voicecoach.coach import scorer  # noqa: E402

TRAINED_THROUGH = 37  # the check is fitted on the first runs of sets 10-37
HELD_OUT = tuple(n for n in sorted(FR.FIRST_RUN) if n > TRAINED_THROUGH)  # every later first run: never trained on
L2 = 10.0
THRESHOLD = 0.3
OWN_COPIES = 1


def load_first_runs(folder: Path) -> dict[int, list[dict]]:
    """Set number -> its first-run records (``scripts/first_runs.py``)."""
    out = {}
    for path in sorted(folder.glob("first*.json")):
        n = int(path.stem.removeprefix("first"))
        out[n] = json.loads(path.read_text(encoding="utf-8"))
    return out


def own_records() -> list[dict]:
    """The own labelled set's case section as today's rules judge it (the verdict before the check)."""
    rows = []
    for p in T.load_labelled(T.OWN_SET, ("case",)):
        an = scorer.analyse(p.statement, p.reflection, p.feeling)
        r = DC.record(p.statement, p.reflection, an, scorer.decide_without_acts(an)[0])
        r.update(label=p.label, final=scorer._decide(an)[0])
        rows.append(r)
    return rows


def matrix(rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    X = np.array([[DC.check_features(r)[k] for k in DC.FEATURE_NAMES] for r in rows], dtype=float)
    y = np.array([r["label"] == "defensive" for r in rows], dtype=float)
    return X, y


def fit(X: np.ndarray, y: np.ndarray, l2: float = L2, iters: int = 800, lr: float = 0.5):
    """Logistic regression by gradient descent on standardised X; (mean, scale, weights, bias). Deterministic."""
    mean, scale = X.mean(0), X.std(0)
    scale[scale == 0] = 1
    Z = (X - mean) / scale
    n, d = Z.shape
    w, b = np.zeros(d), 0.0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-(Z @ w + b)))
        g = p - y
        w -= lr * (Z.T @ g / n + l2 * w / n)
        b -= lr * g.mean()
    return mean, scale, w, b


def probability(model, X: np.ndarray) -> np.ndarray:
    mean, scale, w, b = model
    return 1 / (1 + np.exp(-(((X - mean) / scale) @ w + b)))


def before_check(r: dict) -> str:
    """The verdict the judge gave before its defence check (judges before 951bd08 had none: their verdict)."""
    return r.get("before_check", r["final"])


def flagged(rows: list[dict]) -> list[dict]:
    return [r for r in rows if before_check(r) == "defensive"]


def outcome(rows: list[dict], p: dict[str, float], threshold: float) -> tuple[float, int, int, int]:
    """(agreement, defensive->accurate, missed->defensive, accurate->defensive) when the check vetoes the
    judged-defensive rows whose probability (``p`` by id) is under ``threshold``."""
    ok = da = md = ad = 0
    for r in rows:
        v = before_check(r)
        if v == "defensive" and p.get(r["id"], 1.0) < threshold and DC.checkable(r):
            v = r["fallback"]
        ok += v == r["label"]
        da += r["label"] == "defensive" and v == "accurate"
        md += r["label"] == "missed" and v == "defensive"
        ad += r["label"] == "accurate" and v == "defensive"
    return ok / max(1, len(rows)), da, md, ad


def leave_one_set_out(runs: dict[int, list[dict]], own: list[dict], l2: float = L2) -> dict[str, float]:
    """P(really defensive) for every flagged first-run row, each set's from a model fitted without it."""
    rows = [(n, r) for n in runs for r in flagged(runs[n])]
    X, y = matrix([r for _, r in rows])
    Xo, yo = matrix(flagged(own) * OWN_COPIES)
    sets = np.array([n for n, _ in rows])
    p: dict[str, float] = {}
    for held in runs:
        train, test = sets != held, sets == held
        if not test.any():
            continue
        model = fit(np.vstack([X[train], Xo]), np.concatenate([y[train], yo]), l2)
        ids = [r["id"] for n, r in rows if n == held]
        p.update(zip(ids, probability(model, X[test]), strict=True))
    return p
