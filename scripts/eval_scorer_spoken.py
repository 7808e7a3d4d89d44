#!/usr/bin/env python3
"""The reflection judge on a recogniser's words: labelled replies spoken by flite and heard by PocketSphinx.

What a user says in a session reaches the judge through a recogniser, which mishears ("while" as "well",
a defence's opener). This speaks the typed replies of the own and dev sets and of fresh sets 3-10 (1,072
replies; ``--sets`` for others) with flite (voice slt), decodes each with the PocketSphinx engine exactly as
``voicecoach transcribe`` does, and judges the statement (as typed) against the typed reply and against
what was heard: four-way agreement, honest replies (accurate or partial) judged defensive, defences judged
accurate, off-topic replies judged defensive. ``--compare FILE`` also judges with another lexical model's
weights (a file written by ``scripts/train_scorer.py --lexical``), and ``--compare none`` without the
lexical layer. The labelled text is the project's own; the recognition noise is real.

Measured on 2026-12-05 (stop 28; ``--compare`` stop 27's weights and ``none``), the 1,072 replies heard:
shipped 86.3 %, honest replies judged defensive 20, defences judged accurate 6, off-topic replies judged
defensive 2 (before ``lexical.OVERTURN_HEARD``: 86.6 %, 21 / 6 / 2); stop 27's weights 85.7 % (22 / 6 / 3);
without the lexical layer 82.7 % (26 / 18 / 8). Typed, the same replies: 99.3 % (stop 27's 99.2 %, without
the lexical layer 97.1 %).
Stop 41 (2026-12-06, ``lexical.DEFENCE_PASSED_HEARD`` 7 instead of 5): heard 87.1 % against 87.6 %, honest replies
judged defensive 14, defences judged accurate 4, off-topic replies judged defensive 1 either way (five honest
replies heard with a misheard word or two went from accurate to partial); typed 97.4 % either way.

Speech (``bench.speak_en``) and decodes are cached in ``--cache`` (default: a temporary folder); two worker processes, about
six minutes on two cores the first time.

Usage: python scripts/eval_scorer_spoken.py [--sets 3 4 …] [--without-own] [--compare FILE|none …] [--cache DIR]
[--json]
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import bench
import loso_scorer as LS
import scorer_training as T

from voicecoach.coach import lexical, scorer

Case = tuple[str, str, str, str | None]  # statement, reply, label, feeling


def cases(sets: list[int], own: bool = True) -> list[Case]:
    """The own and dev sets' replies (unless not ``own``) and the typed replies of the fresh ``sets``."""
    out = [c for c in LS.labelled_sets()["own"] if c[1].strip()] if own else []
    for n in sets:
        path = T.REPO / "tests/data" / f"reflections_fresh{n}.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                if r.get("style", "typed") == "typed" and r["reflection"].strip():
                    out.append((r["statement"], r["reflection"], r["label"], r.get("feeling")))
    return out


def _hear(job: tuple[list[str], str]) -> list[str]:
    """What PocketSphinx hears of each text spoken by flite (one recogniser per worker)."""
    from voicecoach.asr import choose_engine, open_recognizer

    texts, cache = job
    recognizer = open_recognizer(choose_engine("sphinx", None))
    heard = []
    for text in texts:
        # the decode is kept beside bench.speak_en's speech, whose cache names it by the same text
        txt = Path(cache) / f"sphinx-{hashlib.sha1(text.encode()).hexdigest()[:16]}.txt"
        if not txt.exists():
            txt.write_text(recognizer.decode(bench.speak_en(text, Path(cache))).text, encoding="utf-8")
        heard.append(txt.read_text(encoding="utf-8"))
    return heard


def hear_all(texts: list[str], cache: Path, workers: int = 2) -> list[str]:
    parts = [texts[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(workers) as ex:
        heard = list(ex.map(_hear, [(p, str(cache)) for p in parts]))
    out = [""] * len(texts)
    for i, part in enumerate(heard):
        out[i::workers] = part
    return out


def judge(rows: list[tuple[Case, str]], spoken: bool) -> dict:
    confusion: collections.Counter = collections.Counter()
    for (statement, reply, label, feeling), heard in rows:
        verdict = scorer.score_reflection(statement, heard if spoken else reply, feeling).verdict
        confusion[(label, verdict)] += 1
    n = sum(confusion.values())
    return {
        "pairs": n,
        "agreement": round(sum(v for (a, b), v in confusion.items() if a == b) / n, 4) if n else 0.0,
        "honest_judged_defensive": confusion[("accurate", "defensive")] + confusion[("partial", "defensive")],
        "defensive_judged_accurate": confusion[("defensive", "accurate")],
        "missed_judged_defensive": confusion[("missed", "defensive")],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", type=int, nargs="*", default=list(range(3, 11)), metavar="N")
    ap.add_argument("--compare", nargs="*", default=[], metavar="FILE", help="other lexical weights, or none")
    ap.add_argument("--cache", type=Path, default=None, help="keep the speech and decodes here")
    ap.add_argument("--json", action="store_true")
    ap.add_argument(
        "--without-own",
        action="store_true",
        help="only the fresh sets' replies (the own and dev sets train the lexical model)",
    )
    args = ap.parse_args(argv)
    for name in args.compare:
        if name != "none" and not Path(name).is_file():
            print(f"no such lexical weights file: {name}", file=sys.stderr)
            return 2
    rows = cases(args.sets, own=not args.without_own)
    with tempfile.TemporaryDirectory() as tmp:
        cache = args.cache or Path(tmp)
        cache.mkdir(parents=True, exist_ok=True)
        heard = hear_all([c[1] for c in rows], cache)
    pairs = list(zip(rows, heard, strict=True))
    shipped = lexical.lexical
    results = {}
    for name in ["shipped", *args.compare]:
        if name == "none":
            lexical.lexical = lambda: None
        elif name != "shipped":
            model = lexical.load_lexical(Path(name).read_text(encoding="utf-8"))
            lexical.lexical = lambda model=model: model
        results[name] = {"typed": judge(pairs, False), "heard": judge(pairs, True)}
        lexical.lexical = shipped
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for name, r in results.items():
        for how, f in r.items():
            print(
                f"{name:12} {how:6} {f['pairs']} replies: agreement {f['agreement']:.3f}, honest judged defensive "
                f"{f['honest_judged_defensive']}, defensive judged accurate {f['defensive_judged_accurate']}, "
                f"off-topic judged defensive {f['missed_judged_defensive']}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
