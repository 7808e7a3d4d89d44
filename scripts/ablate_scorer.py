#!/usr/bin/env python3
"""What each part of the learned layer is worth: ablations of voicecoach/coach/learned.py's features and
fixed prior, each refitted exactly as scripts/train_scorer.py fits (AnnoMI + the labelled sets, typed and
recogniser-style, sign-constrained, L2 from the shipped model file).

For each variant it prints AnnoMI's grouped cross-validation AUC (typed / recogniser-style) and the AUC of
the model fitted on all training data on three sets it never trains on: ESConv's FailedESConv.json
supporter turns (the error-analysis set; noisy labels), ESConv's test+dev splits and EPITOME (held out:
reported, not tuned on). Peer-support sets are read from the snapshots under ../.mirror/ (see
scripts/eval_scorer.py). Takes a few minutes on 2 cores (every pair is analysed once per style).

Usage: python scripts/ablate_scorer.py [--data DIR_OR_CSV] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_scorer as E  # noqa: E402
import scorer_training as T  # noqa: E402

from voicecoach.coach import learned  # noqa: E402

CUES = [f"cue_{k}" for k in learned.CUE_FAMILIES]
NEW = [*CUES, "feeling_for_you"]
P = learned.PRIOR_WEIGHT
PRIOR = learned.PRIOR_FEATURES


def variants() -> list[tuple[str, dict]]:
    out = [
        ("shipped", {}),
        ("no fixed prior", {"prior": 0.0}),
        ("prior -1.0", {"prior": -1.0}),
        ("prior with self-disclosure", {"prior_features": (*PRIOR, "cue_self_disclosure")}),
        ("none of the new features, no prior", {"drop": NEW, "prior": 0.0}),
    ]
    for name in NEW:
        rest = tuple(x for x in PRIOR if x != name)
        out.append((f"without {name}", {"drop": [name], "prior_features": rest}))
    return out


def featurise(pairs: list[tuple[str, str, bool]]) -> dict[str, np.ndarray]:
    rows = [T.Pair(s, r, "peer", "x", "peer") for s, r, _ in pairs]
    return {style: T.featurise(rows, style).X for style in ("typed", "recog")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=T.DEFAULT_ANNOMI, help="AnnoMI folder or csv")
    ap.add_argument("--only", nargs="*", help="run only the variants with these names")
    args = ap.parse_args(argv)
    csv_path = T.annomi_csv(args.data)
    if not csv_path.is_file():
        print(f"AnnoMI not found at {csv_path}: cannot train", file=sys.stderr)
        return 2
    model_file = T.REPO / "voicecoach/data" / learned.MODEL_FILE
    info = json.loads(model_file.read_text(encoding="utf-8"))["training"]
    t0 = time.perf_counter()
    data = T.build(T.load_annomi(csv_path), T.load_all_labelled(), info["labelled_weight"])
    sets = {}
    for name, loader, where in (
        ("failed", E.esconv_failed_pairs, E.ESCONV),
        ("esconv", E.esconv_pairs, E.ESCONV),
        ("epitome", E.epitome_pairs, E.EPITOME),
    ):
        pairs = loader(where)
        if pairs:
            sets[name] = (featurise(pairs), np.array([p[2] for p in pairs]))
        else:
            print(f"{name} not found at {where}; left out", file=sys.stderr)
    print(f"features read in {time.perf_counter() - t0:.0f} s; L2 {info['l2']}")
    F = list(learned.FEATURES)
    signs = np.array(learned.SIGNS)
    annomi = np.array([i for i, s in enumerate(data.source) if s == "annomi"])
    own = np.array([i for i, s in enumerate(data.source) if s == "own"], dtype=int)
    folds = T.grouped_folds([data.group[i] for i in annomi], info["folds"], info["seed"])

    def run(drop=(), prior=P, prior_features=PRIOR) -> dict[str, float]:
        keep = [i for i, f in enumerate(F) if f not in drop]
        cols = [F.index(f) for f in prior_features]

        def fit(rows):
            X = data.X[rows][:, keep]
            mean, scale = T.standardise(X)
            off = prior * data.X[rows][:, cols].sum(axis=1)
            y, weight = data.y[rows], data.weight[rows]
            w, b = T.fit_logistic((X - mean) / scale, y, weight, info["l2"], signs[keep], offset=off)
            return mean, scale, w, b

        def logit(X, f):
            mean, scale, w, b = f
            return ((X[:, keep] - mean) / scale) @ w + b + prior * X[:, cols].sum(axis=1)

        res = {}
        p = np.full(len(data.X), np.nan)
        for held in folds:
            test = annomi[held]
            p[test] = logit(data.X[test], fit(np.concatenate([np.setdiff1d(annomi, test), own])))
        for style in ("typed", "recog"):
            rows = np.array([i for i in annomi if data.style[i] == style])
            res[f"annomi_cv_{style}"] = T.auc(p[rows], data.y[rows] > 0.5)
        f = fit(np.arange(len(data.X)))
        for name, (X, y) in sets.items():
            for style in ("typed", "recog"):
                res[f"{name}_{style}"] = T.auc(logit(X[style], f), y)
        return res

    head = None
    for name, kw in variants():
        if args.only and name not in args.only:
            continue
        r = run(**kw)
        if head is None:
            head = list(r)
            print(f"{'variant':44s} " + " ".join(f"{k:>15s}" for k in head))
        print(f"{name:44s} " + " ".join(f"{r[k]:15.3f}" for k in head), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
