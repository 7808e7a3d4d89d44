#!/usr/bin/env python3
"""How well the reflection scorer agrees with labelled data it was, and was not, built on.

Sections (each skipped when its data is absent; nothing here runs in pytest):

1. AnnoMI, grouped cross-validation by transcript (read in place from ../shared/data/annomi/, never
   copied): the learned layer is refitted on 4/5 of the transcripts (plus the labelled set and the
   relabelled peer-support pairs it trains on) and scores
   the held-out fifth, typed and recogniser-style (lower case, no punctuation, as Vosk/PocketSphinx give
   text). Prints the AUC of reflections (simple + complex) against other counsellor turns and the share
   of simple and of complex reflections judged defensive.
2. The project's labelled sets, four-way agreement: tests/data/reflections.toml and
   tests/data/reflections_dev.toml (the rules were written against both; the learned layer trains on both),
   and tests/data/reflections_fresh1.jsonl, the first fresh independent set (220 cases by two reviewers
   who never saw the scorer), reported whole and by half: "r1-…" (the errors the second round of rules
   worked from; trained on) and "r2-…" (never looked at case by case, never trained on).
3. --extra FILE: an external JSON-lines file (statement, reflection, label; optional feeling and
   pattern/kind), scored once with the shipped scorer: agreement, confusion matrix, defensive replies
   judged accurate, off-topic replies judged defensive.
4. Peer support, held out (never trained on): ESConv supporter turns labelled "Restatement or
   Paraphrasing" / "Reflection of feelings" against the other strategies (test and dev splits, less the
   relabelled pairs below that the learned layer trains on), and EPITOME's Reddit replies
   (strong "interpretations" against none), read from the git snapshots `fetch` leaves under
   ../.mirror/ (or --esconv / --epitome); AUC and share of reflections judged defensive.
   ESConv's strategy labels are the supporters' own and noisy (about a third of its "reflections" give
   nothing back; "I understand how you feel" is one), so 1,800 of its test/dev pairs were also labelled by
   sixteen counselling-supervisor reviewers who never saw the scorer (tests/data/esconv_relabelled.jsonl:
   a hash of each pair, never its text, with "reflection" / "partial" / "none" and the reviewer's reason;
   batches A-H: 1,000 pairs, half from ESConv's two reflection strategies; batches I-R: 800 more, every
   remaining reflection-strategy pair and the rest from the others; 20 pairs shared by the four reviewers
   of A-D and 20 by those of E-H: they agreed on reflection-or-not for all 40). Batches E-H (500 pairs)
   are never trained on; the learned layer trains on the others (scorer_training.load_peer). AUC of
   "reflection" against "none", and against "partial" and "none"; share of reflections judged defensive.
   480 EPITOME replies (220 strong interpretations, 60 weak, 200 none) were labelled the same way by four
   more reviewers (tests/data/epitome_relabelled.jsonl; never trained on): only 13 are reflections and 50
   partial, most of its "interpretations" being the supporter's own story.
5. Speed: the scorer per pair, and `voicecoach score --pairs` on AnnoMI's pairs in one process (a
   temporary TSV, deleted afterwards), with the load average (timings taken on a busy machine are high).

Usage: python scripts/eval_scorer.py [--data DIR] [--extra FILE.jsonl] [--esconv GITDIR] [--epitome GITDIR]
                                     [--skip-cv] [--skip-peer] [--skip-timing] [--json]
                                     [--hide-heldout]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scorer_training as T  # noqa: E402
from scorer_training import (  # noqa: E402  (the peer-support readers train_scorer.py shares)
    ESCONV,
    ESCONV_REFLECTIONS,
    MIRRORS,
    _git_show,
    esconv_pairs,
    esconv_relabelled,
)

from voicecoach.coach import learned  # noqa: E402
from voicecoach.coach.scorer import VERDICTS, score_reflection  # noqa: E402

EPITOME = MIRRORS / "behavioral-data+Empathy-Mental-Health" / "repo"


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


# --- 1. AnnoMI ------------------------------------------------------------------------------------------


def eval_annomi(csv_path: Path) -> dict:
    model = learned.model()
    if model is None:
        raise SystemExit("voicecoach/data/scorer_model.json is missing; run scripts/train_scorer.py")
    info = json.loads((T.REPO / "voicecoach/data" / learned.MODEL_FILE).read_text(encoding="utf-8"))
    tr = info["training"]
    annomi = T.load_annomi(csv_path)
    own = T.load_all_labelled()
    peer_weight = tr.get("peer_weight", 0.0)
    peer = T.load_peer() if peer_weight > 0 else []
    if peer_weight > 0 and not peer:
        print("no ESConv snapshot: AnnoMI's cross-validation without the peer-support pairs", file=sys.stderr)
    data = T.build(annomi, own, tr["labelled_weight"], peer, peer_weight)
    p = T.cv_predictions(data, tr["folds"], tr["seed"], tr["l2"], tr.get("prior_weight", 0.0))
    report = T.cv_report(data, p, model.promote_above)
    for style in ("typed", "recog"):
        rows = [i for i, s in enumerate(data.source) if s == "annomi" and data.style[i] == style]
        up = T.promoted(data, np.array(rows), p[rows], model.promote_above)
        by_label: dict[str, Counter] = defaultdict(Counter)
        for i, promoted in zip(rows, up, strict=True):
            by_label[data.label[i]]["partial" if promoted else data.rule[i]] += 1
        report[style]["verdicts_by_label"] = {
            label: {v: c[v] for v in VERDICTS} for label, c in sorted(by_label.items())
        }
    report["folds"], report["seed"], report["l2"] = tr["folds"], tr["seed"], tr["l2"]
    return report


# --- 2. the labelled sets -------------------------------------------------------------------------------


def eval_labelled(path: Path) -> dict:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = {}
    for section in ("case", "heldout", "holdout"):
        cases = data.get(section, [])
        if cases:
            out[section] = agreement(
                [
                    (c["statement"], c["reflection"], c.get("feeling"), c["verdict"], c.get("pattern"))
                    for c in cases
                ]
            )
    return out


def agreement(rows: list[tuple[str, str, str | None, str, str | None]]) -> dict:
    confusion: dict[str, Counter] = {v: Counter() for v in VERDICTS}
    by_pattern: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong = []
    for statement, reflection, feeling, label, pattern in rows:
        got = score_reflection(statement, reflection, feeling).verdict
        confusion.setdefault(label, Counter())[got] += 1
        if pattern:
            by_pattern[pattern][0] += got == label
            by_pattern[pattern][1] += 1
        if got != label:
            wrong.append({"label": label, "got": got, "reflection": reflection[:90]})
    n = len(rows)
    agree = sum(confusion[v][v] for v in confusion)
    off_topic = [r for r in rows if r[4] and "off" in r[4]]
    return {
        "cases": n,
        "agreement": round(agree / n, 4) if n else float("nan"),
        "defensive_judged_accurate": confusion.get("defensive", Counter())["accurate"],
        "off_topic_judged_defensive": sum(
            1 for r in off_topic if score_reflection(r[0], r[1], r[2]).verdict == "defensive"
        )
        if off_topic
        else confusion.get("missed", Counter())["defensive"],
        "off_topic_rows": len(off_topic) or sum(confusion.get("missed", Counter()).values()),
        "confusion": {k: {v: c[v] for v in VERDICTS} for k, c in confusion.items() if sum(c.values())},
        "by_pattern": {k: f"{a}/{b}" for k, (a, b) in sorted(by_pattern.items())},
        "disagreements": wrong,
    }


def eval_fresh(path: Path) -> dict:
    """The fresh set whole and by reviewer (ids "r1-…", "r2-…")."""
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]

    def part(sel: list[dict]) -> dict:
        return agreement(
            [(r["statement"], r["reflection"], r.get("feeling"), r["label"], r.get("category")) for r in sel]
        )

    return {
        "all": part(rows),
        "r1": part([r for r in rows if r["id"].startswith("r1-")]),
        "r2": part([r for r in rows if r["id"].startswith("r2-")]),
    }


# --- 3. an external file --------------------------------------------------------------------------------


def eval_extra(path: Path) -> dict:
    rows = []
    bad = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                label = obj.get("label", obj.get("verdict"))
                if label not in VERDICTS:
                    raise ValueError(f"label {label!r}")
                rows.append(
                    (
                        obj["statement"],
                        obj["reflection"],
                        obj.get("feeling"),
                        label,
                        next((obj[k] for k in ("pattern", "kind", "category", "type") if obj.get(k)), None),
                    )
                )
            except (ValueError, KeyError, TypeError, AttributeError):
                bad += 1
    out = agreement(rows)
    out["unreadable_rows"] = bad
    out["file"] = str(path)
    return out


# --- 4. peer support --------------------------------------------------------------------------------------


def _judged(pairs: list[tuple], style: str) -> tuple[list[float], list, Counter]:
    """(scores, the pairs' third fields, verdicts of the pairs whose third field is True or "reflection"),
    each pair judged as typed or, ``style="recog"``, as a recogniser writes it."""
    scores, labels, verdicts = [], [], Counter()
    for statement, reply, label in pairs:
        if style == "recog":
            statement, reply = T.recogniser_style(statement), T.recogniser_style(reply)
        r = score_reflection(statement, reply)
        scores.append(r.score)
        labels.append(label)
        if label is True or label == "reflection":
            verdicts[r.verdict] += 1
    return scores, labels, verdicts


def eval_relabelled(pairs: list[tuple[str, str, str]]) -> dict:
    out = {}
    for style in ("typed", "recog"):
        scores, labels, verdicts = _judged(pairs, style)
        s, lab = np.array(scores), np.array(labels)
        n_pos = int((lab == "reflection").sum())
        out[style] = {
            "pairs": len(pairs),
            "labels": dict(Counter(labels)),
            "auc_vs_none": round(T.auc(s[lab != "partial"], lab[lab != "partial"] == "reflection"), 4),
            "auc_vs_rest": round(T.auc(s, lab == "reflection"), 4),
            "reflections_judged": {v: round(verdicts[v] / max(1, n_pos), 4) for v in VERDICTS},
        }
    return out


def esconv_failed_pairs(gitdir: Path) -> list[tuple[str, str, bool]]:
    """(seeker's turn(s), supporter's turn, is a reflection) from ESConv's FailedESConv.json: the
    conversations the ESConv authors set aside for quality, with the same strategy labels and none of the
    test or dev split's conversations. Noisy (many labels are doubtful), so only for error analysis and
    for choosing among a few settings; never trained on. ESConv's train split is not in the snapshot."""
    text = _git_show(gitdir, "FailedESConv.json")
    if not text:
        return []
    pairs = []
    for conv in json.loads(text):
        dialog = conv.get("dialog", [])
        for i, turn in enumerate(dialog):
            if turn.get("speaker") not in {"listener", "supporter"}:
                continue
            seeker: list[str] = []
            for prev in reversed(dialog[:i]):
                if prev.get("speaker") not in {"speaker", "seeker"}:
                    break
                seeker.insert(0, prev.get("content", "").strip())
            if seeker:
                strategy = (turn.get("annotation") or {}).get("strategy", "")
                reflection = strategy in ESCONV_REFLECTIONS or strategy == "Restatement"
                pairs.append((" ".join(seeker), turn.get("content", "").strip(), reflection))
    return list(dict.fromkeys(pairs))


def epitome_pairs(gitdir: Path) -> list[tuple[str, str, bool]]:
    """(seeker post, reply, strong interpretation) for EPITOME interpretation levels 2 and 0."""
    text = _git_show(gitdir, "dataset/interpretations-reddit.csv")
    if not text:
        return []
    return [
        (r["seeker_post"], r["response_post"], r["level"] == "2")
        for r in csv.DictReader(io.StringIO(text))
        if r["level"] in {"0", "2"}
    ]


EPITOME_RELABELLED = T.REPO / "tests/data/epitome_relabelled.jsonl"


def epitome_relabelled(gitdir: Path, path: Path = EPITOME_RELABELLED) -> list[tuple[str, str, str]]:
    """(seeker post, reply, reviewer's label) for the EPITOME replies reviewers labelled (never trained on)."""
    labels = T.relabelled(path)
    text = _git_show(gitdir, "dataset/interpretations-reddit.csv") if labels else None
    if not text:
        return []
    out = []
    for r in csv.DictReader(io.StringIO(text)):
        found = labels.pop(T.pair_key(r["seeker_post"], r["response_post"]), None)
        if found:
            out.append((r["seeker_post"], r["response_post"], found[0]))
    return out


def eval_peer(pairs: list[tuple[str, str, bool]]) -> dict:
    out = {}
    for style in ("typed", "recog"):
        scores, positive, verdicts = _judged(pairs, style)
        n_pos = sum(positive)
        out[style] = {
            "pairs": len(pairs),
            "reflections": n_pos,
            "auc": round(T.auc(scores, positive), 4),
            "reflections_judged": {v: round(verdicts[v] / max(1, n_pos), 4) for v in VERDICTS},
        }
    return out


# --- 5. speed ---------------------------------------------------------------------------------------------


def eval_speed(csv_path: Path) -> dict:
    annomi = T.load_annomi(csv_path)
    load = os.getloadavg()
    for p in annomi[:200]:  # warm: word lists, lemmatiser caches
        score_reflection(p.statement, p.reflection)
    times, cpu = [], []
    for p in annomi:
        t0, c0 = time.perf_counter(), time.process_time()
        score_reflection(p.statement, p.reflection)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    out = {
        "pairs": len(annomi),
        "scorer_ms_p50": round(float(np.percentile(times, 50)), 3),
        "scorer_ms_p95": round(float(np.percentile(times, 95)), 3),
        "scorer_ms_max": round(max(times), 3),
        "scorer_cpu_ms_mean": round(float(np.mean(cpu)), 3),
        "scorer_cpu_ms_p95": round(float(np.percentile(cpu, 95)), 3),
        "scorer_cpu_ms_max": round(max(cpu), 3),
        "load_average_before": [round(x, 2) for x in load],
    }
    exe = shutil.which("voicecoach", path=str(Path(sys.executable).parent)) or shutil.which("voicecoach")
    if exe is None:
        out["pairs_command"] = "voicecoach not installed; skipped"
        return out
    with tempfile.TemporaryDirectory(prefix="vc-pairs-") as tmp:
        tsv = Path(tmp) / "annomi_pairs.tsv"
        with tsv.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, delimiter="\t")
            w.writerow(["statement", "reflection"])
            for p in annomi:
                w.writerow([p.statement, p.reflection])
        t0 = time.perf_counter()
        res = subprocess.run(
            [exe, "score", "--pairs", str(tsv), "--json"], capture_output=True, text=True, check=False
        )
        wall = time.perf_counter() - t0
    lines = res.stdout.splitlines()
    out["pairs_command"] = {
        "command": "voicecoach score --pairs ANNOMI.tsv --json",
        "exit_code": res.returncode,
        "results": len(lines),
        "errors": sum(1 for x in lines if x.startswith('{"error"')),
        "wall_seconds": round(wall, 2),
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    return out


# --- printing ---------------------------------------------------------------------------------------------


def _print_labelled(name: str, rep: dict) -> None:
    for section, r in rep.items():
        print(
            f"{name} [{section}]: {r['cases']} cases, four-way agreement {_pct(r['agreement'])}, "
            f"defensive judged accurate {r['defensive_judged_accurate']}, "
            f"off-topic/missed judged defensive {r['off_topic_judged_defensive']} of {r['off_topic_rows']}"
        )
        if r["by_pattern"]:
            print("   by pattern: " + ", ".join(f"{k} {v}" for k, v in r["by_pattern"].items()))


def _print_confusion(conf: dict) -> None:
    print("   label \\ judged   " + "  ".join(f"{v:>9s}" for v in VERDICTS))
    for label in VERDICTS:
        if label in conf:
            print(f"   {label:16s} " + "  ".join(f"{conf[label][v]:9d}" for v in VERDICTS))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=T.DEFAULT_ANNOMI, help="AnnoMI folder or csv")
    ap.add_argument("--extra", type=Path, help="JSON lines with statement, reflection, label: scored once")
    ap.add_argument("--esconv", type=Path, default=ESCONV, help="ESConv snapshot (git dir or folder)")
    ap.add_argument("--epitome", type=Path, default=EPITOME, help="EPITOME snapshot (git dir or folder)")
    ap.add_argument("--skip-cv", action="store_true", help="skip the AnnoMI cross-validation (minutes)")
    ap.add_argument("--skip-peer", action="store_true", help="skip the peer-support sets")
    ap.add_argument("--skip-timing", action="store_true", help="skip the speed figures")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument(
        "--hide-heldout",
        action="store_true",
        help="leave out the fresh set's held-out half r2 (and the whole-set figures that include it), "
        "for working on the rules without looking at it",
    )
    args = ap.parse_args(argv)

    csv_path = T.annomi_csv(args.data)
    have_annomi = csv_path.is_file()
    if not have_annomi:
        print(f"AnnoMI not found at {csv_path}; skipping the sections that need it", file=sys.stderr)
    report: dict = {}
    if have_annomi and not args.skip_cv:
        report["annomi_grouped_cv"] = eval_annomi(csv_path)
    report["own"] = eval_labelled(T.OWN_SET)
    if T.DEV_SET.exists():
        report["dev"] = eval_labelled(T.DEV_SET)
    if T.FRESH_SET.exists():
        report["fresh1"] = eval_fresh(T.FRESH_SET)
        if args.hide_heldout:
            report["fresh1"] = {"r1": report["fresh1"]["r1"]}
    for n, later in T.fresh_set_files().items():  # later fresh sets, kept as regression sets after their first run
        report[f"fresh{n}"] = eval_extra(later)
    if args.extra:
        if not args.extra.is_file():
            print(f"no such file: {args.extra}", file=sys.stderr)
            return 2
        report["extra"] = eval_extra(args.extra)
    if not args.skip_peer:
        for name, loader, where in (
            ("esconv", esconv_pairs, args.esconv),
            ("epitome", epitome_pairs, args.epitome),
        ):
            pairs = loader(where)
            if name == "esconv" and pairs:
                for part, rows in esconv_relabelled(where, pairs=pairs).items():
                    report[f"esconv_relabelled_{part}"] = eval_relabelled(rows)
                trained = T.peer_training_keys()  # not the relabelled pairs the learned layer trains on
                pairs = [p for p in pairs if T.pair_key(p[0], p[1]) not in trained]
            if pairs:
                report[name] = eval_peer(pairs)
                if name == "epitome" and (rows := epitome_relabelled(where)):
                    report["epitome_relabelled"] = eval_relabelled(rows)
            else:
                print(
                    f"{name} not found at {where}; skipping it (fetch it with the fetch tool)",
                    file=sys.stderr,
                )
    if have_annomi and not args.skip_timing:
        report["speed"] = eval_speed(csv_path)

    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    if "annomi_grouped_cv" in report:
        a = report["annomi_grouped_cv"]
        print(
            f"AnnoMI, grouped cross-validation by transcript "
            f"({a['folds']} folds, seed {a['seed']}, L2 {a['l2']}):"
        )
        for style, name in (("typed", "typed"), ("recog", "recogniser-style")):
            c = a[style]
            print(
                f"  {name:17s} AUC {c['auc']:.3f} ({c['pairs']} pairs; "
                f"the rules' own score {c['auc_rules_only']:.3f}); "
                f"judged defensive: simple reflections {_pct(c['simple_defensive'])}, complex "
                f"{_pct(c['complex_defensive'])}, all reflections {_pct(c['reflections_defensive'])}, "
                f"non-reflections {_pct(c['non_reflections_defensive'])}; ECE {c['calibration']['ece']:.3f}"
            )
            for label, counts in c["verdicts_by_label"].items():
                total = sum(counts.values()) or 1
                dist = "  ".join(f"{v} {100 * counts[v] / total:4.1f}%" for v in VERDICTS)
                print(f"      {label:20s} {dist}")
    _print_labelled("Own labelled set (reflections.toml)", report["own"])
    if "dev" in report:
        _print_labelled("Dev set (reflections_dev.toml)", report["dev"])
    if "fresh1" in report:
        for part, title in (("all", "all 220"), ("r1", "half r1, worked from"), ("r2", "half r2, held out")):
            if part not in report["fresh1"]:
                continue
            e = report["fresh1"][part]
            print(
                f"Fresh set 1 (reflections_fresh1.jsonl, {title}): {e['cases']} cases, four-way agreement "
                f"{_pct(e['agreement'])}; defensive judged accurate {e['defensive_judged_accurate']}; "
                f"off-topic judged defensive {e['off_topic_judged_defensive']} of {e['off_topic_rows']}"
            )
            if part == "all":
                _print_confusion(e["confusion"])
                print("   by category: " + ", ".join(f"{k} {v}" for k, v in e["by_pattern"].items()))
    for key in [*(f"fresh{n}" for n in range(3, 1000)), "extra"]:
        if key not in report:
            continue
        e = report[key]
        if key == "extra":
            title = "Extra set"
        elif int(key.removeprefix("fresh")) in T.TRAINING_ONLY:
            title = f"Training set {key.removeprefix('fresh')} (written to train the lexical model; not a first run)"
        else:
            title = f"Fresh set {key.removeprefix('fresh')} (first run on arrival; now a regression set)"
        print(
            f"{title} {Path(e['file']).name}: {e['cases']} rows ({e['unreadable_rows']} unreadable), "
            f"four-way agreement "
            f"{_pct(e['agreement'])}; defensive judged accurate {e['defensive_judged_accurate']}; off-topic "
            f"judged defensive {e['off_topic_judged_defensive']} of {e['off_topic_rows']}"
        )
        _print_confusion(e["confusion"])
        if e["by_pattern"]:
            print("   by pattern: " + ", ".join(f"{k} {v}" for k, v in e["by_pattern"].items()))
    for name, title in (
        ("esconv", "ESConv (reflection strategies vs the rest; held out)"),
        (
            "epitome",
            "EPITOME interpretations (strong vs none; held out; many strong ones are self-disclosure)",
        ),
    ):
        if name in report:
            for style, r in report[name].items():
                j = r["reflections_judged"]
                print(
                    f"{title}, {style}: AUC {r['auc']:.3f} ({r['reflections']} of {r['pairs']}); "
                    f"reflections judged defensive {_pct(j['defensive'])}, accurate {_pct(j['accurate'])}, "
                    f"partial {_pct(j['partial'])}, "
                    f"missed {_pct(j['missed'])}"
                )
    for part, title in (
        ("esconv_relabelled_held_out", "ESConv relabelled by reviewers, held out (never trained on)"),
        ("esconv_relabelled_training", "ESConv relabelled by reviewers, the learned layer's training"),
        ("epitome_relabelled", "EPITOME relabelled by reviewers (never trained on)"),
    ):
        if part in report:
            for style, r in report[part].items():
                j, n = r["reflections_judged"], r["labels"]
                print(
                    f"{title}, {style}: AUC {r['auc_vs_none']:.3f} "
                    f"reflection vs none, {r['auc_vs_rest']:.3f} vs the rest ({n.get('reflection', 0)} "
                    f"reflections, {n.get('partial', 0)} partial, {n.get('none', 0)} none); reflections "
                    f"judged defensive {_pct(j['defensive'])}, accurate {_pct(j['accurate'])}, partial "
                    f"{_pct(j['partial'])}, missed {_pct(j['missed'])}"
                )
    if "speed" in report:
        s = report["speed"]
        print(
            f"Speed (load average {s['load_average_before']}): scorer wall p50 {s['scorer_ms_p50']} ms, "
            f"p95 {s['scorer_ms_p95']} ms, max {s['scorer_ms_max']} ms a pair; CPU mean "
            f"{s['scorer_cpu_ms_mean']} ms, p95 {s['scorer_cpu_ms_p95']} ms, max {s['scorer_cpu_ms_max']} ms "
            f"({s['pairs']} AnnoMI pairs, one at a time)"
        )
        pc = s["pairs_command"]
        if isinstance(pc, dict):
            print(
                f"  {pc['command']}: {pc['results']} results ({pc['errors']} errors), "
                f"exit {pc['exit_code']}, "
                f"{pc['wall_seconds']} s wall (load average after {pc['load_average_after']})"
            )
        else:
            print(f"  {pc}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
