#!/usr/bin/env python3
"""Train the reflection scorer's learned layer and write voicecoach/data/scorer_model.json.

Data: AnnoMI (../shared/data/annomi/annomi_reflections.csv, read in place, never copied; simple and
complex reflections = 1, other counsellor turns = 0) and the project's labelled sets (accurate 1, partial 0.5,
missed and defensive 0): tests/data/reflections.toml, tests/data/reflections_dev.toml and the first half
("r1-…") of tests/data/reflections_fresh1.jsonl; its second half ("r2-…") is never trained on and stays a
check. Every pair is used twice: as typed and recogniser-style (lower case, no punctuation). The logistic
model keeps each weight on the side the feature's meaning says (voicecoach.coach.learned.SIGNS), and
fits around a fixed prior (learned.PRIOR_WEIGHT per advice / reassurance / information phrase; --prior):
AnnoMI's counsellors rarely reassure or advise in so many words, so it cannot learn how much those acts
weigh in peer support. The prior's size (-0.5) was chosen among 0, -0.5 and -1 on ESConv's
FailedESConv.json conversations (disjoint from its test and dev splits, which stay held out) and AnnoMI's
cross-validation (-1 took the recogniser-style AUC below 0.85); see learned.PRIOR_FEATURES for why
self-disclosure is not in it.

Prints grouped cross-validation (folds by AnnoMI transcript, seeded; the labelled set in every training
fold) for each L2 strength tried and for the gate's threshold, then fits on everything and writes the
file. Deterministic: the same data and seed give the same file.

``--four-way`` instead trains the four-way verdict model (learned.FourWay) on every labelled reviewer set
(the own and dev sets and all fresh sets; not AnnoMI, which has no four-way labels) with the features, fit
and L2 strength that scripts/loso_scorer.py measured leave-one-set-out, and writes
voicecoach/data/scorer_fourway.json. Deterministic.

Usage: python scripts/train_scorer.py [--data DIR_OR_CSV] [--out PATH] [--folds 5] [--seed 12] [--l2 X]
                                      [--prior W]
       python scripts/train_scorer.py --four-way [--out PATH] [--l2 X]
       python scripts/train_scorer.py --defence-check [--first-runs DIR] [--out PATH]
       python scripts/train_scorer.py --lexical [--hold-out N [N ...]] [--data DIR_OR_CSV] [--out PATH]
       python scripts/train_scorer.py --tail [--out PATH]
       python scripts/train_scorer.py --aside [--out PATH]

``--defence-check`` trains the defence check (voicecoach/coach/defence_check.py) on the reviewer sets' first
runs (run scripts/first_runs.py first) and the own set's case section, and writes
voicecoach/data/scorer_defence.json; scripts/defence_training.py has its measurements.

``--lexical`` trains the lexical model (voicecoach/coach/lexical.py) on every labelled set (but
lexical_training.HELD_OUT, the sets written after the shipped fit) and AnnoMI's turns as "not defensive",
and writes voicecoach/data/scorer_lexical.json; scripts/lexical_training.py has
its measurements. With ``--hold-out N …`` it fits without those fresh sets, prints the judge's figures on
them before and after, and writes nothing unless --out is given.

``--tail`` trains the tail check (voicecoach/coach/tail_check.py) on the typed replies of sets 367-374 and
447-630 and writes voicecoach/data/scorer_tail.json. ``--aside`` trains the aside check
(voicecoach/coach/aside_check.py) on the replies labelled missed or defensive in sets 367-374 and 447-790 and
writes voicecoach/data/scorer_aside.json. scripts/word_check_training.py has the design and figures of both.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scorer_training as T  # noqa: E402

from voicecoach.coach import learned  # noqa: E402

OUT = T.REPO / "voicecoach/data" / learned.MODEL_FILE
FOUR_WAY_OUT = T.REPO / "voicecoach/data" / learned.FOUR_WAY_FILE
DEFENCE_OUT = T.REPO / "voicecoach/data" / "scorer_defence.json"
LEXICAL_OUT = T.REPO / "voicecoach/data" / "scorer_lexical.json"
TAIL_OUT = T.REPO / "voicecoach/data" / "scorer_tail.json"
ASIDE_OUT = T.REPO / "voicecoach/data" / "scorer_aside.json"
REPO_FIRST_RUNS = T.REPO / ".first_runs"
L2_GRID = (1.0, 3.0, 10.0)
# The gate (a rules' "missed" with nothing added -> "partial" when P(reflection) is at least this): the
# lowest threshold that moves no labelled "missed" reply and promotes at most MAX_PROMOTED of AnnoMI's
# non-reflections in cross-validation.
GATE_GRID = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9)
MAX_PROMOTED = 0.05
# Weight of a labelled pair against an AnnoMI pair: the labelled sets are repair talk, not counselling;
# a lighter weight keeps AnnoMI's ranking while they still pull the score their way.
OWN_WEIGHT = 0.3
# Weight of a relabelled peer-support pair (scorer_training.load_peer: 1,300 ESConv supporter replies that
# reviewers labelled reflection / partial / none; batches E-H, 500 more, never trained on). Measured
# 2026-12-05 (L2 10), the held-out batches' AUC reflection vs none typed / recogniser-style and AnnoMI's
# grouped CV (seed 12): weight 0: 0.856 / 0.882, AnnoMI 0.865 / 0.854; 0.5: 0.879 / 0.893, 0.862 / 0.852;
# 1: 0.889 / 0.899, 0.860 / 0.851; 2: 0.899 / 0.904, 0.855 / 0.847; 3: 0.903 / 0.907, 0.851 / 0.844. Two-fold
# CV inside the training batches rose with the weight (0.900 / 0.909 at 0, 0.915 / 0.917 at 1, 0.933 /
# 0.928 at 10). 0.5 is the largest weight tried whose AnnoMI recogniser-style CV stays at 0.85 or more on
# every fold seed tried (1, 2, 3, 4, 12: 0.8515-0.8538; at 1: 0.8499-0.8518).
PEER_WEIGHT = 0.5


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=T.DEFAULT_ANNOMI, help="AnnoMI folder or csv")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--l2", type=float, help="use this L2 strength instead of choosing one from the grid")
    ap.add_argument("--labelled-weight", type=float, default=OWN_WEIGHT, help="weight of a labelled pair")
    ap.add_argument(
        "--peer-weight",
        type=float,
        default=PEER_WEIGHT,
        help="weight of a relabelled peer-support pair (0: train without them and without the ESConv snapshot)",
    )
    ap.add_argument("--esconv", type=Path, default=T.ESCONV, help="ESConv snapshot (git dir or folder)")
    ap.add_argument(
        "--prior",
        type=float,
        default=learned.PRIOR_WEIGHT,
        help="fixed logit weight per advice / reassurance / information phrase "
        f"(not fitted; default {learned.PRIOR_WEIGHT}; 0 for none)",
    )
    ap.add_argument("--four-way", action="store_true", help="train the four-way verdict model instead")
    ap.add_argument(
        "--defence-check", action="store_true", help="train the defence check instead (scripts/first_runs.py first)"
    )
    ap.add_argument("--first-runs", type=Path, default=REPO_FIRST_RUNS, help="scripts/first_runs.py's output")
    ap.add_argument("--lexical", action="store_true", help="train the lexical model instead")
    ap.add_argument("--tail", action="store_true", help="train the tail check instead")
    ap.add_argument("--aside", action="store_true", help="train the aside check instead")
    ap.add_argument("--hold-out", type=int, nargs="+", default=[], metavar="N", help="fresh sets to hold out")
    args = ap.parse_args(argv)
    if args.tail or args.aside:
        import word_check_training as W

        if args.tail:
            out = args.out if args.out != OUT else TAIL_OUT
            model, name, positive = W.train_tail(out), "tail check", "defensive"
        else:
            out = args.out if args.out != OUT else ASIDE_OUT
            model, name, positive = W.train_aside(out), "aside check", "missed"
        t = model["training"]
        print(f"{name}: {t['rows']} rows ({t[positive]} {positive}), {len(model['weights'])} weights, "
              f"threshold {model['threshold']:.3f} -> {out}")
        return 0
    if args.lexical:
        out = None if args.hold_out and args.out == OUT else args.out if args.out != OUT else LEXICAL_OUT
        return train_lexical(out, args.data, args.hold_out)
    if args.four_way:
        return train_four_way(args.out if args.out != OUT else FOUR_WAY_OUT, args.l2 or learned.FOUR_WAY_L2)
    if args.defence_check:
        return train_defence_check(args.out if args.out != OUT else DEFENCE_OUT, args.first_runs)

    csv_path = T.annomi_csv(args.data)
    if not csv_path.is_file():
        print(f"AnnoMI not found at {csv_path}: cannot train", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    annomi = T.load_annomi(csv_path)
    own = T.load_all_labelled()
    peer = T.load_peer(args.esconv) if args.peer_weight > 0 else []
    if args.peer_weight > 0 and not peer:
        print(
            f"the relabelled ESConv pairs need the ESConv snapshot (not found at {args.esconv}; fetch "
            "thu-coai/Emotional-Support-Conversation) or --peer-weight 0",
            file=sys.stderr,
        )
        return 2
    data = T.build(annomi, own, args.labelled_weight, peer, args.peer_weight)
    print(
        f"{len(learned.FEATURES)} features; {len(data.X)} rows ({len(annomi)} AnnoMI + {len(own)} labelled "
        f"+ {len(peer)} peer-support pairs, typed and recogniser-style), read in "
        f"{time.perf_counter() - t0:.1f} s"
    )

    # 1. L2 strength by grouped-CV AUC (mean of typed and recogniser-style)
    grid = (args.l2,) if args.l2 else L2_GRID
    preds, mean_auc = {}, {}
    for l2 in grid:
        preds[l2] = T.cv_predictions(data, args.folds, args.seed, l2, args.prior)
        cv = T.cv_report(data, preds[l2], above=2.0)
        mean_auc[l2] = (cv["typed"]["auc"] + cv["recog"]["auc"]) / 2
        t, r = cv["typed"]["auc"], cv["recog"]["auc"]
        print(f"L2 {l2:5.1f}: grouped-CV AUC typed {t:.4f}, recogniser-style {r:.4f}")
    l2 = max(grid, key=lambda x: (mean_auc[x], -x))
    p_cv = preds[l2]

    # 2. the gate's threshold
    every = np.arange(len(data.X))
    fitted = T.fit(data, every, l2, args.prior)
    p_all = T.probabilities(fitted, data.X)
    own_missed = np.array([s == "own" and lab == "missed" for s, lab in zip(data.source, data.label)])
    promote = 2.0  # never, unless a threshold qualifies
    for above in GATE_GRID:
        moved = int((T.promoted(data, every, p_all, above) & own_missed).sum())
        cv = T.cv_report(data, p_cv, above)
        wrong = max(cv[s]["non_reflections_promoted"] for s in ("typed", "recog"))
        typed, recog = cv["typed"], cv["recog"]
        print(
            f"gate at P >= {above:.2f}: labelled 'missed' moved {moved}; AnnoMI reflections judged missed "
            f"{100 * typed['reflections_missed']:.1f} % typed / {100 * recog['reflections_missed']:.1f} % "
            f"recogniser (rules alone {100 * typed['reflections_missed_rules']:.1f} %), non-reflections "
            f"promoted {100 * wrong:.1f} %"
        )
        if moved == 0 and wrong <= MAX_PROMOTED and promote > 1.0:
            promote = above

    cv = T.cv_report(data, p_cv, promote)
    print(f"\nchosen: L2 {l2}, gate at P(reflection) >= {promote}")
    for style, name in (("typed", "typed"), ("recog", "recogniser-style")):
        c = cv[style]
        pct = {k: 100 * v for k, v in c.items() if isinstance(v, float)}
        print(
            f"AnnoMI grouped CV ({args.folds} folds by transcript, seed {args.seed}), {name}: "
            f"AUC {c['auc']:.3f} (the rules' own score {c['auc_rules_only']:.3f}); reflections judged "
            f"defensive {pct['reflections_defensive']:.2f} % (simple {pct['simple_defensive']:.2f} %, "
            f"complex {pct['complex_defensive']:.2f} %); non-reflections judged defensive "
            f"{pct['non_reflections_defensive']:.2f} %; calibration error (ECE) {c['calibration']['ece']:.3f}"
        )

    model = {
        "about": "voicecoach reflection scorer, learned layer; written by scripts/train_scorer.py",
        "features": list(learned.FEATURES),
        "mean": [round(float(x), 6) for x in fitted.mean],
        "scale": [round(float(x), 6) for x in fitted.scale],
        "reflect": {"weights": [round(float(x), 6) for x in fitted.weights], "bias": round(fitted.bias, 6)},
        "gate": {"promote_above": promote},
        "prior": {"features": list(learned.PRIOR_FEATURES), "weight": args.prior},
        "training": {
            "annomi_pairs": len(annomi),
            "labelled_pairs": len(own),
            "styles": ["typed", "recogniser"],
            "labelled_weight": args.labelled_weight,
            "peer_pairs": len(peer),
            "peer_weight": args.peer_weight,
            "l2": l2,
            "prior_weight": args.prior,
            "folds": args.folds,
            "seed": args.seed,
            "grouped_cv": {s: {k: v for k, v in cv[s].items() if k != "calibration"} for s in cv},
        },
    }
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


def train_four_way(out: Path, l2: float) -> int:
    """Fit learned.FourWay on every labelled set (as scripts/loso_scorer.py fits each fold) and write it."""
    import loso_scorer as L

    t0 = time.perf_counter()
    data = L.load_data()
    X = np.vstack([d[0] for d in data.values()])
    y = np.concatenate([d[1] for d in data.values()])
    mean, scale = X.mean(0), X.std(0)
    scale[scale == 0] = 1
    W, b = L.fit((X - mean) / scale, y, l2)
    P = L.softmax((X - mean) / scale @ W + b)
    rules = np.concatenate([d[2] for d in data.values()])
    acts = np.concatenate([d[3] for d in data.values()])
    feeling_missed = np.concatenate([d[5] for d in data.values()])
    asked = np.concatenate([d[6] for d in data.values()])
    pred = L.decide(P, rules, acts, L.SHIPPED_GUARD, feeling_missed, asked)
    da, md, ad = L.confusions(y, pred)
    print(
        f"four-way model: {len(y)} labelled pairs from {len(data)} sets, L2 {l2}, read and fitted in "
        f"{time.perf_counter() - t0:.1f} s; on its own training data (not an honest figure; see "
        f"scripts/loso_scorer.py): agreement {np.mean(pred == y):.3f} (rules {np.mean(rules == y):.3f}), "
        f"defensive->accurate {da}, missed->defensive {md}, accurate->defensive {ad}"
    )
    model = {
        "about": "voicecoach reflection scorer, four-way verdict model; written by scripts/train_scorer.py "
        "--four-way (see learned.FourWay for the guard)",
        "features": list(learned.FEATURES),
        "extra_features": [f"rule_is_{v}" for v in learned.FOUR_WAY_LABELS]
        + [f"act_{k}" for k in learned.DEFENCE_KINDS]
        + ["n_acts"],
        "labels": list(learned.FOUR_WAY_LABELS),
        "guard": L.SHIPPED_GUARD,
        "mean": [round(float(x), 6) for x in mean],
        "scale": [round(float(x), 6) for x in scale],
        "weights": [[round(float(w), 6) for w in row] for row in W],
        "bias": [round(float(x), 6) for x in b],
        "training": {"sets": {k: len(d[1]) for k, d in data.items()}, "l2": l2, "fit": "loso_scorer.fit"},
    }
    out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size} bytes)")
    return 0


def train_lexical(out: Path | None, annomi: Path, hold_out: list[int]) -> int:
    """Fit the lexical model (scripts/lexical_training.py) on every labelled set but ``hold_out`` and
    AnnoMI's turns, print the judge's figures on the held-out sets before and after it, and write it."""
    import lexical_training as LT

    if not T.annomi_csv(annomi).is_file():
        print(f"AnnoMI not found at {T.annomi_csv(annomi)}: cannot train", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    held = {f"fresh{n}" for n in hold_out}
    labelled = LT.labelled_rows(held_out=())
    unknown = held - {r.group for r in labelled}
    if unknown:
        print(f"no such fresh set: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    kept_out = held | {f"fresh{n}" for n in LT.HELD_OUT}  # (LT.HELD_OUT: written after the shipped fit)
    train = [r for r in labelled if r.group not in kept_out] + LT.round_rows() + LT.annomi_rows(annomi)
    fitted = LT.fit(train)
    print(
        f"lexical model: {sum(r.label != LT.NOT_DEFENSIVE for r in train)} labelled pairs, "
        f"{sum(r.label == LT.NOT_DEFENSIVE for r in train)} replies known only not to be defensive (AnnoMI, rounds), "
        f"{len(fitted.vocab)} word sequences, "
        f"fitted in {time.perf_counter() - t0:.0f} s"
    )
    test = [r for r in labelled if r.group in held]
    if test:
        P = fitted.probabilities(test)
        for name, verdicts in (
            ("the judge before it", [r.judged for r in test]),
            ("with the lexical model, most probable verdict", [LT.LABELS[int(k)] for k in P.argmax(1)]),
            ("with the lexical model, least expected cost (shipped)", LT.cost_verdicts(P, test)),
        ):
            a = LT.outcome(test, verdicts)
            print(f"  held out {len(test)} pairs, {name}: agreement {a[0]:.3f}, d->a {a[1]}, m->d {a[2]}, a->d {a[3]}")
    if out is None:
        return 0
    training = {
        "sets": sorted({r.group for r in train if not r.group.startswith("annomi-")}),
        "annomi_turns": sum(r.group.startswith("annomi-") for r in train),
        "round_sentences": sum(r.group == "rounds" for r in train),
        "l2": LT.L2,
        "min_sets": LT.MIN_SETS,
        "keep": LT.KEEP,
        "iterations": LT.ITERATIONS,
        "own_weight": LT.OWN_WEIGHT,
        "round_weight": LT.ROUND_WEIGHT,
        "annomi_weight": LT.ANNOMI_WEIGHT,
    }
    out.write_text(LT.to_json(fitted, training), encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size} bytes)")
    return 0


def train_defence_check(out: Path, first_runs: Path) -> int:
    """Fit the defence check (voicecoach/coach/defence_check.py) on the first runs and the own set's case
    section, print its leave-one-set-out figures, and write it."""
    import defence_training as DT

    from voicecoach.coach import defence_check as DC

    runs = {n: rows for n, rows in DT.load_first_runs(first_runs).items() if n not in DT.HELD_OUT}
    if not runs:
        print(f"no first runs in {first_runs}: run scripts/first_runs.py first", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    own = DT.own_records()
    p = DT.leave_one_set_out(runs, own)
    rows = [r for n in sorted(runs) for r in runs[n]]
    base = DT.outcome(rows, p, -1.0)
    print(
        f"first runs of {len(runs)} sets ({min(runs)}-{max(runs)}; held out {DT.HELD_OUT}), {len(rows)} pairs, "
        f"{len(DT.flagged(rows))} judged defensive; leave one set out, L2 {DT.L2} "
        f"({time.perf_counter() - t0:.0f} s)\n"
        f"  as they were: agreement {base[0]:.3f}, d->a {base[1]}, m->d {base[2]}, a->d {base[3]}"
    )
    for threshold in (0.15, 0.2, 0.25, 0.3, 0.35):
        a = DT.outcome(rows, p, threshold)
        mark = "  (shipped)" if threshold == DT.THRESHOLD else ""
        print(f"  threshold {threshold:.2f}: agreement {a[0]:.3f}, d->a {a[1]}, m->d {a[2]}, a->d {a[3]}{mark}")
    train = DT.flagged(rows) + DT.flagged(own) * DT.OWN_COPIES
    mean, scale, w, b = DT.fit(*DT.matrix(train))
    model = {
        "about": "voicecoach reflection scorer, defence check; written by scripts/train_scorer.py "
        "--defence-check (see voicecoach/coach/defence_check.py)",
        "features": list(DC.FEATURE_NAMES),
        "mean": [round(float(x), 6) for x in mean],
        "scale": [round(float(x), 6) for x in scale],
        "weights": [round(float(x), 6) for x in w],
        "bias": round(float(b), 6),
        "threshold": DT.THRESHOLD,
        "training": {
            "first_runs": {str(n): len(runs[n]) for n in sorted(runs)},
            "held_out": list(DT.HELD_OUT),
            "own_case_defensive": len(DT.flagged(own)),
            "l2": DT.L2,
            "loso": {
                "agreement_before": round(base[0], 4),
                "agreement": round(DT.outcome(rows, p, DT.THRESHOLD)[0], 4),
            },
        },
    }
    out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
