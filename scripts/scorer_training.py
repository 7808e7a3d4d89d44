"""Shared by scripts/train_scorer.py and scripts/eval_scorer.py: data, features, a numpy logistic fit,
grouped folds and the figures both print.

AnnoMI is read in place from ../shared/data/annomi/ (never copied into the project or its package).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from voicecoach.coach import learned  # noqa: E402
from voicecoach.coach.scorer import analyse, rule_verdict  # noqa: E402

DEFAULT_ANNOMI = REPO.parent / "shared/data/annomi"
OWN_SET = REPO / "tests/data/reflections.toml"
DEV_SET = REPO / "tests/data/reflections_dev.toml"
# The first fresh independent set: only the half written by reviewer 1 ("r1-…") is trained on; the other
# half ("r2-…") stays a check of how the rules and the model generalise.
FRESH_SET = REPO / "tests/data/reflections_fresh1.jsonl"
FRESH_TRAIN_PREFIX = "r1-"
REFLECTION_LABELS = {"simple_reflection", "complex_reflection"}
# Soft targets for the labelled set's verdicts: how good a reflection each verdict is.
OWN_TARGET = {"accurate": 1.0, "partial": 0.5, "missed": 0.0, "defensive": 0.0}

# Peer support: git snapshots the `fetch` tool leaves beside the project (read in place, never copied).
MIRRORS = REPO.parent / ".mirror"
ESCONV = MIRRORS / "thu-coai+Emotional-Support-Conversation" / "repo"
ESCONV_REFLECTIONS = {"Restatement or Paraphrasing", "Reflection of feelings"}
# ESConv pairs labelled by reviewers (a hash of each pair, never its text; scripts/eval_scorer.py section 4)
ESCONV_RELABELLED = REPO / "tests/data/esconv_relabelled.jsonl"
# Its batches never trained on (500 pairs, four reviewers): the held-out peer-support figure.
PEER_HELD_OUT = "EFGH"
# Reviewer sets written only to train the lexical model (stop 30: 80 reviewers, stop 31: 120 more, on the same
# brief as the test sets around them, each with an emphasis of their own; tests/data/reviewer_brief.md); never
# scored as a first run, so they are not regression sets (scripts/lexical_training.py).
TRAINING_ONLY = (*range(183, 231), *range(247, 279), *range(295, 319), *range(343, 367), *range(375, 447))


def fresh_set_files(data: Path = FRESH_SET.parent) -> dict[int, Path]:
    """The later reviewer sets' files by number (``reflections_fresh{N}.jsonl``, N >= 3, in order): the numbers
    have gaps, since sets are added as their first runs are made."""
    found = {}
    for path in data.glob("reflections_fresh*.jsonl"):
        number = path.stem.removeprefix("reflections_fresh")
        if number.isdigit() and int(number) >= 3:
            found[int(number)] = path
    return dict(sorted(found.items()))


def recogniser_style(text: str) -> str:
    """Text as Vosk or PocketSphinx give it: lower case, no punctuation (apostrophes too)."""
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", text.lower().replace("'", "").replace("\u2019", "")).split())


@dataclass
class Pair:
    statement: str
    reflection: str
    group: str  # AnnoMI transcript ("t12") or "own"
    label: str  # AnnoMI label or the labelled set's verdict
    source: str  # "annomi" or "own"
    feeling: str | None = None


def annomi_csv(path: Path) -> Path:
    return path / "annomi_reflections.csv" if path.is_dir() else path


def load_annomi(path: Path) -> list[Pair]:
    rows = []
    with annomi_csv(path).open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            transcript = row["id"].split("-")[1]  # annomi-t12-u4 -> t12
            rows.append(Pair(row["prompt"], row["response"], transcript, row["label"], "annomi"))
    return rows


def load_labelled(path: Path, sections: tuple[str, ...] = ("case", "heldout")) -> list[Pair]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for section in sections:
        for case in data.get(section, []):
            out.append(
                Pair(
                    case["statement"], case["reflection"], "own", case["verdict"], "own", case.get("feeling")
                )
            )
    return out


def load_fresh(path: Path, prefix: str | None = None) -> list[Pair]:
    """The fresh set's rows (JSON lines with id, statement, reflection, label), those whose id starts
    with ``prefix`` (all when None)."""
    import json

    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if prefix is None or row["id"].startswith(prefix):
            out.append(
                Pair(row["statement"], row["reflection"], "own", row["label"], "own", row.get("feeling"))
            )
    return out


def load_all_labelled() -> list[Pair]:
    """Every labelled pair the learned layer trains on: the labelled set, the dev set and the fresh set's
    first half."""
    pairs = load_labelled(OWN_SET)
    if DEV_SET.exists():
        pairs += load_labelled(DEV_SET, ("case", "holdout"))
    if FRESH_SET.exists():
        pairs += load_fresh(FRESH_SET, FRESH_TRAIN_PREFIX)
    return pairs


# --- peer support (ESConv) -------------------------------------------------------------------------------


def _git_show(gitdir: Path, path: str) -> str | None:
    """A file from a git snapshot (a bare git dir as `fetch` leaves it) or from a plain folder."""
    plain = gitdir / path
    if plain.is_file():
        return plain.read_text(encoding="utf-8", errors="replace")
    if not gitdir.exists() or shutil.which("git") is None:
        return None
    res = subprocess.run(
        ["git", "--git-dir", str(gitdir), "show", f"HEAD:{path}"], capture_output=True, text=True, check=False
    )
    return res.stdout if res.returncode == 0 and res.stdout else None


def esconv_pairs(gitdir: Path) -> list[tuple[str, str, bool]]:
    """(seeker's turn(s), supporter's turn, is a reflection) from ESConv's test and dev splits."""
    pairs = []
    for name in ("codes/dataset/testWithStrategy_short.tsv", "codes/dataset/devWithStrategy_short.tsv"):
        text = _git_show(gitdir, name)
        if not text:
            continue
        for line in text.splitlines():
            turns = line.split(" EOS ")
            m = re.match(r"^\S+ 1 \d+ \[([^\]]+)\] (.*)$", turns[-1])
            if not m:
                continue
            seeker = []
            for t in reversed(turns[:-1]):
                mm = re.match(r"^\S+ (\d) \d+ (.*)$", t)
                if not mm or mm.group(1) != "0":
                    break
                seeker.insert(0, mm.group(2))
            if seeker:
                pairs.append((" ".join(seeker), m.group(2), m.group(1) in ESCONV_REFLECTIONS))
    return list(dict.fromkeys(pairs))


def pair_key(seeker: str, reply: str) -> str:
    """The key tests/data/esconv_relabelled.jsonl gives a pair (the corpus text stays in the snapshot)."""
    return hashlib.sha1(f"{seeker}\t{reply}".encode()).hexdigest()[:16]


def relabelled(path: Path) -> dict[str, tuple[str, str]]:
    """{``pair_key``: (the label most of its reviewers gave, its batch)} from a reviewers' label file
    (tests/data/esconv_relabelled.jsonl, tests/data/epitome_relabelled.jsonl); empty when it is absent."""
    if not path.is_file():
        return {}
    votes: dict[str, Counter] = defaultdict(Counter)
    batch: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        votes[row["pair"]][row["label"]] += 1
        batch[row["pair"]] = row["batch"]
    return {k: (v.most_common(1)[0][0], batch[k]) for k, v in votes.items()}


def esconv_relabelled(
    gitdir: Path, path: Path | None = None, pairs: list[tuple[str, str, bool]] | None = None
) -> dict[str, list[tuple[str, str, str]]]:
    """{"training": [(seeker, reply, label)], "held_out": [...]}: ESConv's pairs the reviewers labelled
    (``PEER_HELD_OUT`` batches apart), from ``pairs`` (``esconv_pairs``, read from ``gitdir`` when not
    given). Empty when either is absent."""
    labels = relabelled(ESCONV_RELABELLED if path is None else path)
    if not labels:
        return {}
    out: dict[str, list[tuple[str, str, str]]] = {"training": [], "held_out": []}
    for seeker, reply, _ in esconv_pairs(gitdir) if pairs is None else pairs:
        found = labels.pop(pair_key(seeker, reply), None)
        if found:
            label, batch = found
            out["held_out" if batch in PEER_HELD_OUT else "training"].append((seeker, reply, label))
    return out if any(out.values()) else {}


def peer_training_keys(path: Path | None = None) -> set[str]:
    """``pair_key`` of every relabelled ESConv pair the learned layer trains on."""
    labels = relabelled(ESCONV_RELABELLED if path is None else path)
    return {k for k, (_, batch) in labels.items() if batch not in PEER_HELD_OUT}


# A reviewer's label of a peer-support reply as the labelled sets' verdicts (OWN_TARGET: 1, 0.5, 0)
PEER_VERDICT = {"reflection": "accurate", "partial": "partial", "none": "missed"}


def load_peer(gitdir: Path = ESCONV) -> list[Pair]:
    """The relabelled ESConv pairs the learned layer trains on (not the ``PEER_HELD_OUT`` batches)."""
    rows = esconv_relabelled(gitdir).get("training", [])
    return [Pair(s, r, "peer", PEER_VERDICT[label], "peer") for s, r, label in rows]


@dataclass
class Featurised:
    X: np.ndarray  # rows x features
    rule: list[str]  # the rules' verdict per row
    reason: list[str | None]  # the rules' not_reflecting reason per row
    promotable: list[bool]  # the gate may turn this row's "missed" into "partial" (if P is high enough)


def featurise(pairs: list[Pair], style: str) -> Featurised:
    """Feature rows for ``pairs`` as typed (``style="typed"``) or recogniser-style (``"recog"``)."""
    rows, rules, reasons, promotable = [], [], [], []
    for p in pairs:
        s, r = (
            (p.statement, p.reflection)
            if style == "typed"
            else (recogniser_style(p.statement), recogniser_style(p.reflection))
        )
        an = analyse(s, r, p.feeling)
        verdict, reason, _ = rule_verdict(an)
        rows.append(learned.features(an, verdict))
        rules.append(verdict)
        reasons.append(reason)
        promotable.append(learned.promotable(an, verdict, reason))
    return Featurised(np.array(rows, dtype=float), rules, reasons, promotable)


def fit_logistic(
    X: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    l2: float,
    signs: np.ndarray | None = None,
    iters: int = 100,
    offset: np.ndarray | None = None,
) -> tuple[np.ndarray, float]:
    """Weighted L2 logistic regression with soft targets, by (projected) Newton's method; deterministic.

    X must already be standardised. ``signs`` (+1, -1 or 0 per feature) keeps a weight on the side its
    meaning says (a question never makes a reply more of a reflection): weights that want to cross zero
    are held at zero and the rest refitted (an active-set Newton method). ``offset`` (one number per row)
    is added to every row's logit and not fitted (the fixed prior, learned.PRIOR_WEIGHT). Returns
    (weights, bias).
    """
    n, d = X.shape
    A = np.hstack([X, np.ones((n, 1))])
    beta = np.zeros(d + 1)
    reg = np.full(d + 1, l2)
    reg[-1] = 0.0  # the bias is not shrunk
    s = np.zeros(d + 1) if signs is None else np.append(np.asarray(signs, dtype=float), 0.0)
    free = np.ones(d + 1, dtype=bool)
    off = np.zeros(n) if offset is None else np.asarray(offset, dtype=float)
    for _ in range(iters):
        z = np.clip(A @ beta + off, -35, 35)
        p = 1.0 / (1.0 + np.exp(-z))
        grad = A.T @ (w * (p - y)) + reg * beta
        # a held weight is released when its gradient pushes it back to its allowed side
        released = ~free & (s * -grad > 0)
        free |= released
        h = w * p * (1 - p)
        H = (A * h[:, None]).T @ A + np.diag(reg) + 1e-9 * np.eye(d + 1)
        step = np.zeros(d + 1)
        step[free] = np.linalg.solve(H[np.ix_(free, free)], grad[free])
        new = beta - step
        crossing = free & (s * new < 0)
        if crossing.any():
            new[crossing] = 0.0
            free &= ~crossing
        done = np.max(np.abs(new - beta)) < 1e-8 and not crossing.any() and not released.any()
        beta = new
        if done:
            break
    return beta[:-1], float(beta[-1])


def standardise(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale < 1e-9] = 1.0
    return mean, scale


def prior_offsets(X: np.ndarray, weight: float) -> np.ndarray:
    """The fixed prior's logit offset per row of raw features (as learned.prior_offset)."""
    cols = [learned.FEATURES.index(n) for n in learned.PRIOR_FEATURES]
    return weight * X[:, cols].sum(axis=1)


def predict(
    X: np.ndarray,
    mean: np.ndarray,
    scale: np.ndarray,
    weights: np.ndarray,
    bias: float,
    prior_weight: float = 0.0,
) -> np.ndarray:
    z = ((X - mean) / scale) @ weights + bias + prior_offsets(X, prior_weight)
    return 1.0 / (1.0 + np.exp(-np.clip(z, -35, 35)))


def auc(scores, positive) -> float:
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


def grouped_folds(groups: list[str], k: int, seed: int) -> list[np.ndarray]:
    """k folds of row indices, whole groups (transcripts) at a time, assigned by a seeded shuffle."""
    names = sorted(set(groups))
    rng = np.random.default_rng(seed)
    rng.shuffle(names)
    fold_of = {g: i % k for i, g in enumerate(names)}
    idx = np.arange(len(groups))
    return [idx[np.array([fold_of[g] == f for g in groups])] for f in range(k)]


@dataclass
class Training:
    """Everything a fit needs: features (typed and recogniser-style rows stacked) and targets."""

    X: np.ndarray
    y: np.ndarray  # soft target: how good a reflection the reply is
    weight: np.ndarray
    rule: list[str]
    reason: list[str | None]
    promotable: list[bool]
    source: list[str]
    group: list[str]
    style: list[str]
    label: list[str]


def build(
    annomi: list[Pair], own: list[Pair], own_weight: float, peer: list[Pair] = (), peer_weight: float = 0.0
) -> Training:
    """Training rows, typed and recogniser-style: AnnoMI's (weight 1), the labelled sets' (``own_weight``)
    and the relabelled peer-support pairs' (``peer_weight``)."""
    parts = []
    for style in ("typed", "recog"):
        for pairs in (annomi, own, list(peer)):
            if pairs:
                parts.append((style, pairs, featurise(pairs, style)))
    X = np.vstack([f.X for _, _, f in parts])
    y, w, src, grp, sty, lab, rule, reason, promotable = [], [], [], [], [], [], [], [], []
    for style, pairs, f in parts:
        for p in pairs:
            if p.source == "annomi":
                y.append(1.0 if p.label in REFLECTION_LABELS else 0.0)
                w.append(1.0)
            else:
                y.append(OWN_TARGET[p.label])
                w.append(peer_weight if p.source == "peer" else own_weight)
            src.append(p.source)
            grp.append(p.group)
            sty.append(style)
            lab.append(p.label)
        rule.extend(f.rule)
        reason.extend(f.reason)
        promotable.extend(f.promotable)
    return Training(X, np.array(y), np.array(w), rule, reason, promotable, src, grp, sty, lab)


@dataclass
class Fitted:
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    prior_weight: float = 0.0


def fit(t: Training, rows: np.ndarray, l2: float, prior_weight: float = learned.PRIOR_WEIGHT) -> Fitted:
    X = t.X[rows]
    mean, scale = standardise(X)
    weights, bias = fit_logistic(
        (X - mean) / scale,
        t.y[rows],
        t.weight[rows],
        l2,
        learned.SIGNS,
        offset=prior_offsets(X, prior_weight),
    )
    return Fitted(mean, scale, weights, bias, prior_weight)


def probabilities(f: Fitted, X: np.ndarray) -> np.ndarray:
    return predict(X, f.mean, f.scale, f.weights, f.bias, f.prior_weight)


def promoted(t: Training, rows: np.ndarray, p: np.ndarray, above: float) -> np.ndarray:
    """Rows whose rules' "missed" the gate turns into "partial" at this threshold (as Model.promotes)."""
    return np.array([t.promotable[i] for i in rows], dtype=bool) & (p >= above)


def cv_predictions(
    t: Training, folds: int, seed: int, l2: float, prior_weight: float = learned.PRIOR_WEIGHT
) -> np.ndarray:
    """Out-of-fold P(reflection) for every AnnoMI row: whole transcripts held out fold by fold (both
    styles of a pair in the same fold); the labelled sets and the peer-support pairs are in every training
    fold."""
    annomi_rows = np.array([i for i, s in enumerate(t.source) if s == "annomi"])
    always_rows = np.array([i for i, s in enumerate(t.source) if s != "annomi"], dtype=int)
    groups = [t.group[i] for i in annomi_rows]
    p = np.full(len(t.X), np.nan)
    for held in grouped_folds(groups, folds, seed):
        test = annomi_rows[held]
        train = np.concatenate([np.setdiff1d(annomi_rows, test), always_rows])
        p[test] = probabilities(fit(t, train, l2, prior_weight), t.X[test])
    return p


def cv_report(t: Training, p: np.ndarray, above: float) -> dict:
    """The figures of one cross-validation, per style: AUC, verdicts of reflections, calibration."""
    out = {}
    annomi_rows = [i for i, s in enumerate(t.source) if s == "annomi"]
    for style in ("typed", "recog"):
        rows = np.array([i for i in annomi_rows if t.style[i] == style], dtype=int)
        if not len(rows):
            continue
        pos = np.array([t.label[i] in REFLECTION_LABELS for i in rows])
        rule = np.array([t.rule[i] for i in rows])
        up = promoted(t, rows, p[rows], above)
        verdict = np.where(up, "partial", rule)
        simple = np.array([t.label[i] == "simple_reflection" for i in rows])
        complex_ = np.array([t.label[i] == "complex_reflection" for i in rows])
        out[style] = {
            "pairs": len(rows),
            "auc": round(auc(p[rows], pos), 4),
            "auc_rules_only": round(auc(t.X[rows][:, learned.FEATURES.index("rule_base")], pos), 4),
            "reflections_defensive": round(float((verdict[pos] == "defensive").mean()), 4),
            "simple_defensive": round(float((verdict[simple] == "defensive").mean()), 4),
            "complex_defensive": round(float((verdict[complex_] == "defensive").mean()), 4),
            "non_reflections_defensive": round(float((verdict[~pos] == "defensive").mean()), 4),
            "reflections_missed_rules": round(float((rule[pos] == "missed").mean()), 4),
            "reflections_missed": round(float((verdict[pos] == "missed").mean()), 4),
            "non_reflections_promoted": round(float(up[~pos].mean()), 4),
            "calibration": calibration(p[rows], pos),
        }
    return out


def calibration(p: np.ndarray, y: np.ndarray, bins: int = 5) -> dict:
    """Mean predicted vs observed rate per probability bin, and the expected calibration error."""
    edges = np.linspace(0, 1, bins + 1)
    rows, ece = [], 0.0
    for a, b in zip(edges[:-1], edges[1:]):
        m = (p >= a) & (p < b if b < 1 else p <= b)
        if m.sum():
            rows.append(
                [
                    round(float(a), 1),
                    round(float(b), 1),
                    int(m.sum()),
                    round(float(p[m].mean()), 3),
                    round(float(y[m].mean()), 3),
                ]
            )
            ece += m.sum() / len(p) * abs(p[m].mean() - y[m].mean())
    return {"bins": rows, "ece": round(float(ece), 4)}
