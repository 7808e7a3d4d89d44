"""Training the two last looks over the judge's verdict, each a logistic model of a reply's words:

- the tail check (voicecoach/coach/tail_check.py, ``train_scorer.py --tail``), a reply's last sentence;
- the aside check (voicecoach/coach/aside_check.py, ``train_scorer.py --aside``), a reply the judge calls
  defensive: a defence, or an off-topic aside?

Both are class-balanced L2 logistic regressions (C = 1) over 0/1 word features that occur in two rows or
more, fitted by full-batch Adam (deterministic), with a threshold from five-fold predictions grouped by set
(never a row's own fit).

The tail check. Rows: the reviewers' typed replies of two sentences or more in sets 367-374 and 447-630
(the sets the lexical model is kept out of, read and first-run long ago; later sets stay out so that they
can judge it). Target: the reviewers called the reply defensive. Features: the last sentence's words and
word pairs. Threshold: the log-odds above which one in a hundred accurate replies the judge calls accurate
would be flagged.

Stop 36's spike (scikit-learn, the same design, sets 631-766 never in the fit): 9 of 12 typed defences the
judge called accurate caught, 7 of 1,595 accurate replies flagged; on all 14,960 pairs of 631-766 with the
judge of 667f09e, 96.34 -> 96.30 % agreement, defences judged accurate 14 -> 5, sets meeting the goal 119 ->
124 of 136. MiniLM sentence embeddings of the same sentence did worse (AUC 0.948 against 0.979).

The aside check. Rows: the reviewers' replies (typed and recognised) they labelled missed or defensive in
sets 367-374 and 447-790 (every set read by stop 37; 791 on judge it). Target: missed. Features: the
reply's words and word pairs, the kind of each act the rules found and how (``act:blame:phrase``), how many
acts, and the tenth the lexical model's P(defensive) and P(missed) fall in (aside_check.grams). Threshold:
the log-odds above which one in two hundred defences the judge calls defensive would be flagged. Used on
typed replies only.

Stop 37's development (this design, the judge of cadce18; each figure on sets never in the fit):
- fitted on 447-630, on 631-790 (17,600 pairs): 96.20 -> 96.17 % agreement, off-topic replies judged
  defensive 17 -> 8, sets meeting the goal 141 -> 149 of 160 (15 defences called missed, 9 asides);
- fitted on 447-718, on 719-790 (7,920 pairs): 96.05 -> 96.05 %, off-topic judged defensive 14 -> 7, sets
  meeting the goal 59 -> 64 of 72.
Used on recognised replies too: 96.07 % and 95.97 %, 7 and 6 left, 149 and 65 meeting the goal; it turned
19 and 7 recognised defences into "missed" for 1 and 1 aside. Fitted on typed replies only: 96.16 % and
95.97 %, 9 and 9 left. Without the lexical model's probabilities (words, pairs and acts): 12 and 10 left
(on all replies). Adding the reply's words the statement did not use, or how many of its words the
statement used, did no better.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scorer_training as T

from voicecoach.coach import aside_check, scorer, tail_check
from voicecoach.coach.scorer import score_reflection

C = 1.0
MIN_REPLIES = 2
ITERATIONS = 1500
LEARNING_RATE = 0.05
FOLDS = 5
SEED = 36

TAIL_SETS = (*range(367, 375), *range(447, 631))
TAIL_FLAGGED = 0.01  # share of accurate replies judged accurate that the threshold lets through as flagged
ASIDE_SETS = (*range(367, 375), *range(447, 791))
ASIDE_FLAGGED = 0.005  # share of defences judged defensive that the threshold lets through as flagged


@dataclass
class Row:
    set: int
    grams: set[str]  # what the check reads
    label: str  # the reviewers'
    judged: str  # the judge's verdict without the check


@contextmanager
def without(module, name: str) -> Iterator[None]:
    """The judge without the shipped check ``module.name()`` being trained."""
    shipped = getattr(module, name)
    setattr(module, name, lambda: None)
    try:
        yield
    finally:
        setattr(module, name, shipped)


def _replies(sets: tuple[int, ...]) -> Iterator[tuple[int, dict]]:
    files = T.fresh_set_files()
    for n in sets:
        path = files.get(n)
        if path is None:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield n, json.loads(line)


def tail_rows(sets: tuple[int, ...] = TAIL_SETS) -> list[Row]:
    """The typed replies of two sentences or more in ``sets``: their last sentence's grams, with the judge's
    verdict of today before the tail check (the verdict the check gets to look at)."""
    out = []
    with without(tail_check, "tail_check"):
        for n, r in _replies(sets):
            last = tail_check.last_sentence(r["reflection"])
            if r.get("style") != "typed" or last is None:
                continue
            judged = score_reflection(r["statement"], r["reflection"]).verdict
            out.append(Row(n, tail_check.grams(last), r["label"], judged))
    return out


def aside_rows(sets: tuple[int, ...] = ASIDE_SETS) -> list[Row]:
    """The replies labelled missed or defensive in ``sets``: their grams (with the acts the rules found and
    the lexical model's probabilities), and the judge's verdict without the aside check."""
    out = []
    for n, r in _replies(sets):
        if r["label"] in {"missed", "defensive"}:
            judged, found, p = scorer.judged_before_aside(r["statement"], r["reflection"])
            out.append(Row(n, aside_check.grams(r["reflection"], found, p), r["label"], judged))
    return out


def vocabulary(rs: list[Row]) -> list[str]:
    counts: dict[str, int] = {}
    for r in rs:
        for g in r.grams:
            counts[g] = counts.get(g, 0) + 1
    return sorted(g for g, c in counts.items() if c >= MIN_REPLIES)


def fit(rs: list[Row], positive: str) -> tuple[dict[str, float], float]:
    """(weights by gram, bias) of the class-balanced L2 logistic regression of label == ``positive``."""
    vocab = vocabulary(rs)
    index = {g: i for i, g in enumerate(vocab)}
    # the 0/1 matrix of rows by grams, kept as its (row, column) pairs: a row holds a dozen of ~10,000
    pairs = [(k, index[g]) for k, r in enumerate(rs) for g in r.grams if g in index]
    row_of = np.array([k for k, _ in pairs], dtype=np.int64)
    col_of = np.array([j for _, j in pairs], dtype=np.int64)
    y = np.array([r.label == positive for r in rs], dtype=np.float64)
    pos = max(1.0, float(y.sum()))
    neg = max(1.0, float(len(y) - y.sum()))
    cw = np.where(y == 1, len(y) / (2 * pos), len(y) / (2 * neg))
    n = float(len(y))
    w = np.zeros(len(vocab))
    b = 0.0
    moments = {"w": [np.zeros_like(w), np.zeros_like(w)], "b": [0.0, 0.0]}

    def adam(name: str, g, it: int):
        """Adam's step for a gradient ``g`` of parameter ``name`` (its moments updated in place)."""
        m, v = moments[name]
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
        moments[name] = [m, v]
        return LEARNING_RATE * (m / (1 - 0.9**it)) / (np.sqrt(v / (1 - 0.999**it)) + 1e-8)

    for it in range(1, ITERATIONS + 1):
        z = np.bincount(row_of, weights=w[col_of], minlength=len(rs)) + b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -35, 35)))
        d = cw * (p - y)
        w -= adam("w", (np.bincount(col_of, weights=d[row_of], minlength=len(vocab)) + w / C) / n, it)
        b -= adam("b", float(d.sum()) / n, it)
    return {g: float(x) for g, x in zip(vocab, w, strict=True) if abs(x) > 1e-4}, float(b)


def threshold(rs: list[Row], positive: str, kept: str, flagged: float) -> float:
    """The log-odds above which ``flagged`` of the rows labelled ``kept`` that the judge calls ``kept`` (those
    the check must leave alone) score, out of fold."""
    groups = [str(r.set) for r in rs]
    scores = np.full(len(rs), np.nan)
    for fold in T.grouped_folds(groups, FOLDS, SEED):
        held = set(fold.tolist())
        weights, bias = fit([r for k, r in enumerate(rs) if k not in held], positive)
        for k in fold:
            scores[k] = bias + sum(weights.get(g, 0.0) for g in rs[k].grams)
    neg = np.array([s for s, r in zip(scores, rs, strict=True) if r.label == kept and r.judged == kept])
    return float(np.quantile(neg, 1 - flagged, method="higher"))


def _train(rs: list[Row], positive: str, kept: str, flagged: float, sets: str, flag: str, out: Path | None):
    """A check fitted on ``rs`` (target: the label ``positive``), with the threshold that lets ``flagged`` of
    the rows the judge rightly calls ``kept`` through, written to ``out``; its JSON as a dict."""
    weights, bias = fit(rs, positive)
    model = {
        "threshold": round(threshold(rs, positive, kept, flagged), 6),
        "bias": round(bias, 6),
        "weights": {g: round(w, 6) for g, w in sorted(weights.items())},
        "training": {
            "sets": sets,
            "rows": len(rs),
            positive: sum(r.label == positive for r in rs),
            "C": C,
            "flagged": flagged,
            "script": f"scripts/train_scorer.py --{flag}",
        },
    }
    if out is not None:
        out.write_text(json.dumps(model, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return model


def train_tail(out: Path | None) -> dict:
    """The tail check."""
    return _train(tail_rows(), "defensive", "accurate", TAIL_FLAGGED, "367-374, 447-630", "tail", out)


def train_aside(out: Path | None) -> dict:
    """The aside check."""
    return _train(aside_rows(), "missed", "defensive", ASIDE_FLAGGED, "367-374, 447-790", "aside", out)
