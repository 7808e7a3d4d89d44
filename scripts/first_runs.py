#!/usr/bin/env python3
"""Rebuild the reviewer sets' first runs: each set judged by the scorer of the day it arrived.

Every reviewer set from the tenth on (``tests/data/reflections_fresh{N}.jsonl``) was scored once on arrival,
before anyone read it, and only then studied (the rules' next round fixed its words). The judge of that
day is a commit in this repository (``FIRST_RUN``); this script checks each one out in a temporary git
worktree, runs it over its set in a child process and records, per pair, what it found: the label, its
verdict, the verdict the reply would have had without the defence acts it found, the acts and additions,
coverage and perspective (``voicecoach.coach.defence_check.record`` fields). Those are the rules' mistakes
on words they had not seen, the ones a new user meets: the training data of the defence check
(``scripts/train_scorer.py --defence-check``). It needs the git history (a clone, not an sdist).

Writes one JSON file per set to ``--out`` (default ``.first_runs/`` in the repository, git-ignored) and
prints each set's first-run agreement, which must equal the figure recorded when the set arrived
(``tests/test_scorer.py``, ``test_later_fresh_sets_regression``). Takes about a minute on 2 cores.

Usage: python scripts/first_runs.py [--out DIR] [--sets 10 11 ...]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / ".first_runs"

# set -> the commit whose scorer judged it on arrival (the parent of the round that studied it; sets 36-39
# arrived on round 23, bbec75d, sets 40-41 on the defence check's first commit, 951bd08, and were added
# later; sets 42-46 on stop 24's final judge, e57c506; sets 47-48 on round 24's ninth part, fc21cc4; sets
# 49-50 on 74f73d6, round 24 with its mend; sets 51-54 on stop 25's final judge; 55-58 on rounds 26/27;
# 59-62 on round 32; 63-66 on round 34; 67-70 on round 37; 71-74 on round 38, stop 26's final judge;
# 111-126 on stop 27's final judge, e562195; 127-134 on stop 28's refit of the lexical model, 06a6766;
# 135-142 on stop 28's final judge, 6db94af; 143-150 on stop 29's tail words, 9947dde, later reverted;
# 151-158 on 4398ed4, before the lexical model was refitted on sets 1-150; 159-166 on stop 29's final
# judge, 00db90a; 167-174 on efc87a0, stop 29's last commit; 175-182 on 3feb6cb, stop 30's refit;
# 231-238 on c9788cc, that refit with the textbook weighed six times; 239-246 on f3fcdd9; 279-286 on
# 8b0cf8a; 287-294 on 9746f3f, stop 30's final judge; 319-326 on 4e81185, the same model; 327-342, 367-374
# and 447-486 on 6c7f5da, stop 30's last commit, still the judge while stop 31 measured refits on them; 487-518
# on stop 31's final judge, 4e9c1ad; 519-534 on e832f93, stop 31's last commit, still the judge while stop 32
# measured its refit on them; 535-542 on stop 32's refit, c669c4a; 543-550 on ee46c2e, the same model with its
# review mend; 551-574 on b7a5b64, the same judge, still the judge while stop 33 measured its candidate on
# 559-574; 575-606 on stop 33's judge, 39339b2; 607-622 on 090fc78, that judge with its review mend, still the
# judge while stop 34 measured its candidate on them; 623-630 on stop 34's judge, 177b623; 631-638 on 66b8f11,
# the same judge, while round thirteen was measured on them; 639-646 on eba013b, round thirteen; 647-670 on
# d6ccbfd, the same judge with its review mend, while stop 35 measured a refit on 647-662; 671-694 on 16b5fde,
# the same judge, while stop 35 measured a second refit on 671-686; 695-718 on 8d4274e, the same judge, while
# stop 35 measured a third refit on 695-710; 719-742 on e676756, round seventeen's rules (f5661f2 gave the
# same verdicts on every pair of them); 743-766 on 667f09e, round eighteen's rules (ad087ee the same);
# 767-790 on b5c1fc8, round nineteen's tail check; 791-838 on dd3d3c6, round twenty's aside check; 863-894 on
# f1ed2eb, stop 37's last commit; 895-910 on d493c81, stop 38's last commit, and 911-918 on 87c4e74,
# 919-926 on 15c4af4, 927-942 on 6e59b98 and 943-958 on 472c952 (the same judge); 959-966 on 0c82c7b, stop
# 39's last commit, 967-982 on 691ef1a, 983-990 on 6919127 and 991-1006 on f06cbbf (the same judge; the
# decision sets of stop 40's busy-spell phrases, which changed none of their verdicts); 1007-1022 on 5911015,
# the judge with those phrases; 1023-1046 on e86ba67, the same judge (the decision sets of stop 41's cost of
# a recognised defence judged accurate); 1047-1062 on 07a85ad, the judge with it; 1063-1070 on 8f8668e, stop
# 41's last commit; 1071-1086 on b139fa7, the judge with stop 42's E2 and V; 1087-1102 on cb57b31, the judge
# with stop 43's H, Q and C1b. The sets of scorer_training.TRAINING_ONLY were written to train the lexical model and have no first run)
FIRST_RUN = {
    10: "9ba8e538fb1abb8757618157842800714a8b3941",
    11: "fd106b9463f9e15d9e68aca5bafa6ec8bf1085d5",
    12: "8bf763bb77f77075729068343b532b5c4ee45c8d",
    13: "e8f738ba2330b3711eaf209bcbb902e096b0e2d5",
    14: "386cf5690cde35b23cc70f5d34812b5cb40d771a",
    15: "f3c3f38b8d54efe547a321d886c62e9b0d446ef0",
    16: "4494d1b0756924c22861a6520558473181867356",
    17: "4dceaae061f159dacc13f32304df86c9e2c69656",
    18: "232549b8b78504557f955d2cb2fd37a564311d0f",
    19: "0895e48f33faef69a2310b0613c8c226ffcf6186",
    20: "ca67ca2a7e85b3d655890028b73ed42cc47d0a85",
    21: "ca67ca2a7e85b3d655890028b73ed42cc47d0a85",
    22: "d47e522111619bce2a0360e6a31e514499fdc771",
    23: "d47e522111619bce2a0360e6a31e514499fdc771",
    24: "8002c5199cef9c3929a5f882daa016fb6165cd26",
    25: "8002c5199cef9c3929a5f882daa016fb6165cd26",
    26: "d73a310041ba800144d370764ddb7053ebd798af",
    27: "d73a310041ba800144d370764ddb7053ebd798af",
    28: "2ecb1024382255a94257f3f19f8b128a0f316186",
    29: "2ecb1024382255a94257f3f19f8b128a0f316186",
    30: "141d88214488f7a008d507fe2bdc7597c2750d6d",
    31: "141d88214488f7a008d507fe2bdc7597c2750d6d",
    32: "b7e2349f8698f6837a0d937fcdaf9d6e24428f59",
    33: "b7e2349f8698f6837a0d937fcdaf9d6e24428f59",
    34: "b00c0dcf49023b9737e3aef33328ce7b7784a87f",
    35: "b00c0dcf49023b9737e3aef33328ce7b7784a87f",
    36: "bbec75df40bcf1c8f7822e3c070c4cfa45a4e5b4",
    37: "bbec75df40bcf1c8f7822e3c070c4cfa45a4e5b4",
    38: "bbec75df40bcf1c8f7822e3c070c4cfa45a4e5b4",
    39: "bbec75df40bcf1c8f7822e3c070c4cfa45a4e5b4",
    40: "951bd084e9a0bdb525d3c5ab10e6a0a475c2b0e8",
    41: "951bd084e9a0bdb525d3c5ab10e6a0a475c2b0e8",
    **dict.fromkeys(range(42, 47), "e57c506531397d5525c213b870bdcffbe1e8e6f7"),
    **dict.fromkeys(range(47, 49), "fc21cc4ef40329c4d7b1c09fc155d9166adc182e"),
    **dict.fromkeys(range(49, 51), "74f73d6f1892619ffcdd099ad4a0186b7dd5bfd4"),
    **dict.fromkeys(range(51, 55), "5ca6aee3d62ce7b24724e64897a390b263b6ad34"),
    **dict.fromkeys(range(55, 59), "d5dc970f8f094d1bb2442e7f3104141277fd54c2"),
    **dict.fromkeys(range(59, 63), "7156006008222e8af4ad83b6d40cf4e1a8c1a96c"),
    **dict.fromkeys(range(63, 67), "e930ca746e14aa62ebe3c8f2f9b20911e0382a36"),
    **dict.fromkeys(range(67, 71), "d6c09d2fd4428c61b199356d2ee471c7d206e659"),
    **dict.fromkeys(range(71, 75), "a9a3fe7b1e6bc34b2dd5743ec259b4c92187abb7"),
    **dict.fromkeys(range(75, 83), "e5b1bebcd6a8a4e8c7f34f42196665fe9f629f11"),
    **dict.fromkeys(range(83, 87), "659f406ade6d36b9802b1e5aa4277df8e3b6b00a"),
    **dict.fromkeys(range(87, 95), "5e1d947c152a5ab2d7afba1b0ca064dd063c036f"),
    **dict.fromkeys(range(95, 111), "cc957ebc67a36f78ee4460448a816f8c42d31b9f"),
    **dict.fromkeys(range(111, 127), "e562195acfbca89448b7ec1bce7ca6b4d03fe9d6"),
    **dict.fromkeys(range(127, 135), "06a676677e8a1b39ac77b59645290861cc2016a0"),
    **dict.fromkeys(range(135, 143), "6db94af92da72193a6b6126f1a96545a1c0f28a4"),
    **dict.fromkeys(range(143, 151), "9947dde0324c3f50a5d3014df4a05d2d4e2401e0"),
    **dict.fromkeys(range(151, 159), "4398ed4b64e4996b8a32b3afd46ebb19ebea63c3"),
    **dict.fromkeys(range(159, 167), "00db90a2674e2ed62a0a18fcaaf748963e54e31e"),
    **dict.fromkeys(range(167, 175), "efc87a034c01eba411c8e765a367657c6ef3a16f"),
    **dict.fromkeys(range(175, 183), "3feb6cb9e6f6176348ca5f52c10e53e0903408f8"),
    **dict.fromkeys(range(231, 239), "c9788cc76bd156276d089f16ce3317e995ecc969"),
    **dict.fromkeys(range(239, 247), "f3fcdd93a53c9d8bebe15ad2eb328fb2d92f6395"),
    **dict.fromkeys(range(279, 287), "8b0cf8afc641b8b053bf8f390b6c54a5d827cf8e"),
    **dict.fromkeys(range(287, 295), "9746f3f5a17e9827447e5ee7a015f6d2aeb86192"),
    **dict.fromkeys(range(319, 327), "4e8118580de5331c6c9d4d3a5860565cf1f08662"),
    **dict.fromkeys(range(327, 343), "6c7f5da4dde97d1dde1b6a4668ffe7641af034fd"),
    **dict.fromkeys(range(367, 375), "6c7f5da4dde97d1dde1b6a4668ffe7641af034fd"),
    **dict.fromkeys(range(447, 487), "6c7f5da4dde97d1dde1b6a4668ffe7641af034fd"),
    **dict.fromkeys(range(487, 519), "4e9c1ada8203759f1d275fcd006d25c4c8b00796"),
    **dict.fromkeys(range(519, 535), "e832f93634aa97902a0cf839ab32aca630d53980"),
    **dict.fromkeys(range(535, 543), "c669c4a898ec9318ab19d60d8a1a56646cd17ba4"),
    **dict.fromkeys(range(543, 551), "ee46c2efafc34979f6a47539103dce1d014a65cb"),
    **dict.fromkeys(range(551, 575), "b7a5b64b63b0124e05054330deafb571c794a13c"),
    **dict.fromkeys(range(575, 607), "39339b2f633c57ffa2f78e4ac224baf4af3ecf6d"),
    **dict.fromkeys(range(607, 623), "090fc78b2e14ff9ffd6eafd5b0d733157fa569a3"),
    **dict.fromkeys(range(623, 631), "177b623bd15b88aa1a9e26449a66c947f8491436"),
    **dict.fromkeys(range(631, 639), "66b8f117f877a29b8d3325cdcb5be0f60f41bab7"),
    **dict.fromkeys(range(639, 647), "eba013ba661448d354593a7a38e4b288dcfd5656"),
    **dict.fromkeys(range(647, 671), "d6ccbfdc138287fba888720628cbda14145f0124"),
    **dict.fromkeys(range(671, 695), "16b5fdea35030a7ca3c6dfba17e35ae46eca441f"),
    **dict.fromkeys(range(695, 719), "8d4274e801fcb0571d08f3dadf1b71d14b44ed2a"),
    **dict.fromkeys(range(719, 743), "e676756da770396d41513862cced42b8f0f88f35"),
    **dict.fromkeys(range(743, 767), "667f09ec692110fffde74de5f24b9436adf6b46f"),
    **dict.fromkeys(range(767, 791), "b5c1fc84bb5eea1ce6072961c2c3f171b64a3181"),
    **dict.fromkeys(range(791, 839), "dd3d3c68c04a911f12fa13c21567b38baf7cde75"),
    **dict.fromkeys(range(863, 895), "f1ed2ebb8c909dee32fc4fa5ce0b92c00cc7866e"),
    **dict.fromkeys(range(895, 911), "d493c811300cd04aa2b813d5cd7244375d8d8466"),
    **dict.fromkeys(range(911, 919), "87c4e744ab9a3281431f054fff3f24628c61705f"),
    **dict.fromkeys(range(919, 927), "15c4af4cd9c0e9584c4728c35323d0fb3a0546fd"),
    **dict.fromkeys(range(927, 943), "6e59b981b3486518db630ea3cc31ba79cd4df68a"),
    **dict.fromkeys(range(943, 959), "472c95273767bfdeb4315d449ef53d9042d03073"),
    **dict.fromkeys(range(959, 967), "0c82c7bc2891cd3535e64be8c6828fb7449f169c"),
    **dict.fromkeys(range(967, 983), "691ef1aafa6da05c496fb88c01465407b8c43c66"),
    **dict.fromkeys(range(983, 991), "691912716b576a657aff586b36a2d4ec10cacd37"),
    **dict.fromkeys(range(991, 1007), "f06cbbfda511572f19255e7458f0c019c1d803f9"),
    **dict.fromkeys(range(1007, 1023), "5911015d60ba49e497742a16ee35415827ac2e75"),
    **dict.fromkeys(range(1023, 1047), "e86ba67154349c368a26f9fe1f3ba7db515c67e8"),
    **dict.fromkeys(range(1047, 1063), "07a85ad43fd25a9d274792c4143369764f8938d3"),
    **dict.fromkeys(range(1063, 1071), "8f8668eff355d58df8ffdb8414aeb2a9da1ca656"),
    **dict.fromkeys(range(1071, 1087), "b139fa7cae3903d89e24c275ae9d9bd6527bbe6f"),
    **dict.fromkeys(range(1087, 1103), "cb57b31cd7cc0cec4c40caf1c3233948a48098a6"),
}

# run in a child process with the old tree first on sys.path: only analyse() and score_reflection(), which
# every judge since set 10 has
_JUDGE = r"""
import json, sys
from voicecoach.coach import scorer
rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
analyse = scorer.analyse
out = []
for r in rows:
    st, rf, fe = r["statement"], r["reflection"], r.get("feeling")
    an = analyse(st, rf, fe)
    res = scorer.score_reflection(st, rf, fe)
    final = res.verdict
    # the verdict before the defence check (judges from 951bd08 on have one; their rules' "defensive" stays in
    # rule_verdict when the check talks it away)
    before_check = "defensive" if getattr(res, "rule_verdict", None) == "defensive" else final

    def without_acts(*a, **k):
        x = analyse(*a, **k)
        x.acts = []
        return x

    scorer.analyse = without_acts
    try:
        fallback = scorer.score_reflection(st, rf, fe).verdict
    finally:
        scorer.analyse = analyse
    out.append(dict(id=r["id"], label=r["label"], style=r.get("style"), statement=st, reflection=rf,
                    final=final, before_check=before_check, fallback=fallback, acts=[list(a) for a in an.acts],
                    additions=[a[0] for a in an.additions], reflected=bool(an.reflected),
                    content=float(an.content), feeling=float(an.feeling), expected=len(an.expected),
                    found=len(an.found), perspective=an.perspective))
json.dump(out, sys.stdout)
"""


def set_path(n: int) -> Path:
    return REPO / "tests/data" / f"reflections_fresh{n}.jsonl"


def first_run(n: int, commit: str, workdir: Path) -> list[dict]:
    tree = workdir / commit[:12]
    if not tree.exists():
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--detach", "--quiet", str(tree), commit], check=True
        )
    done = subprocess.run(
        [sys.executable, "-c", _JUDGE, str(set_path(n))],
        cwd=workdir,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"set {n} on {commit[:8]}: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--sets", type=int, nargs="*", help="only these sets (default: every set on file)")
    args = ap.parse_args(argv)
    unknown = [n for n in args.sets or () if n not in FIRST_RUN]
    if unknown:
        print(f"no first-run judge on record for set(s) {unknown} (known: {min(FIRST_RUN)}-{max(FIRST_RUN)})",
              file=sys.stderr)
        return 2
    sets = [n for n in (args.sets or sorted(FIRST_RUN)) if set_path(n).exists()]
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(prefix="voicecoach-first-runs-") as tmp:
            for n in sets:
                rows = first_run(n, FIRST_RUN[n], Path(tmp))
                (args.out / f"first{n}.json").write_text(json.dumps(rows), encoding="utf-8")
                agree = sum(r["final"] == r["label"] for r in rows) / len(rows)
                print(f"set {n}: {len(rows)} pairs on {FIRST_RUN[n][:8]}, first-run agreement {agree:.3f}")
    finally:  # the temporary trees are gone: drop their records from the repository
        subprocess.run(["git", "-C", str(REPO), "worktree", "prune"], check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
