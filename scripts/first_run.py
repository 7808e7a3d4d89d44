#!/usr/bin/env python3
"""A newcomer's first run, measured: a fresh clone, the README's commands, a machine with no sound card.

    python3 scripts/first_run.py [--keep] [--no-plain-pip]

1. clones this checkout's HEAD into a temporary folder (a fresh clone: no .venv, no model);
2. runs ``./scripts/voicecoach.sh practice --text`` there (ALSA given a configuration whose only
   device does not exist), answering the seven prompts: prints every line of the first screen with
   the seconds since start, checks that the session completed and stored its commitment, and that
   "speech is off" was said once;
3. runs ``./scripts/voicecoach.sh practice --input answers.wav`` (a spoken session: the network
   check and its fallback, the engine line), and ``voicecoach progress --chart`` (PNG and SVG);
4. prints the installed sizes (.venv, the runtime libraries, matplotlib's share);
5. unless --no-plain-pip: a second fresh venv with a plain ``pip install .`` of the clone, then
   ``voicecoach progress --chart p.png`` in it.

pip's cache is whatever the machine has (warm here): the install times are for a warm cache.
Prints the load average with the timings. Exit status 1 if a check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = [
    "It was a misunderstanding about timing.",
    "What I heard you say is that when I cancelled our dinner at the last minute again, "
    "you felt like you don't matter to me.",
    "I see how cancelling at the last minute made you feel like you come last.",
    "It makes sense that you feel unimportant.",
    "Next time I will tell you about any change at least one day before.",
    "yes",
    "I need us to talk calmly.",
]
failures: list[str] = []


def check(ok: bool, what: str) -> None:
    print(f"  [{'ok' if ok else 'FAIL'}] {what}")
    if not ok:
        failures.append(what)


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def timed_run(cmd: list[str], cwd: Path, env: dict[str, str],
              stdin: str = "") -> tuple[int, list[tuple[float, str]], str]:
    """Run ``cmd``; returns its exit status, its stderr lines with seconds since start, and stdout."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    proc.stdin.write(stdin)
    proc.stdin.close()
    lines = []
    for line in proc.stderr:
        lines.append((time.monotonic() - start, line.rstrip("\n")))
    out = proc.stdout.read()
    return proc.wait(), lines, out


def show_first_screen(lines: list[tuple[float, str]], upto: int = 3) -> float | None:
    """Print the lines up to the coach's first words (and a few after); returns when the coach began."""
    first_coach = None
    shown_after = 0
    for t, line in lines:
        print(f"  {t:7.2f} s | {line[:150]}")
        if line.startswith("coach: "):
            first_coach = first_coach if first_coach is not None else t
            shown_after += 1
            if shown_after >= upto:
                break
    return first_coach


def site_sizes(venv: Path) -> dict[str, float]:
    code = r"""
import importlib.metadata as md, json, os
from packaging.requirements import Requirement
def size(d):
    s = 0
    for f in d.files or []:
        try: s += os.path.getsize(d.locate_file(f))
        except OSError: pass
    return s
seen = {}
def walk(name):
    key = name.lower().replace("_", "-")
    if key in seen: return
    try: d = md.distribution(name)
    except md.PackageNotFoundError: return
    seen[key] = size(d)
    for r in d.requires or []:
        req = Requirement(r)
        if req.marker and not req.marker.evaluate({"extra": ""}): continue
        walk(req.name)
walk("voicecoach")
runtime = sum(v for k, v in seen.items() if k != "voicecoach")
mpl = {}
def walk_mpl(name):
    key = name.lower().replace("_", "-")
    if key in mpl: return
    d = md.distribution(name)
    mpl[key] = size(d)
    for r in d.requires or []:
        req = Requirement(r)
        if req.marker and not req.marker.evaluate({"extra": ""}): continue
        walk_mpl(req.name)
walk_mpl("matplotlib")
others = set()
for k in seen:
    if k in ("matplotlib", "voicecoach"): continue
    d = md.distribution(k)
    for r in d.requires or []:
        req = Requirement(r)
        if req.marker and not req.marker.evaluate({"extra": ""}): continue
        others.add(req.name.lower().replace("_", "-"))
plain = [Requirement(r) for r in md.requires("voicecoach")]
others |= {q.name.lower() for q in plain if q.marker is None and q.name.lower() != "matplotlib"}
only_mpl = sum(v for k, v in mpl.items() if k not in others)
print(json.dumps({"runtime_mb": runtime / 1e6, "matplotlib_only_mb": only_mpl / 1e6,
                  "matplotlib_only": sorted(k for k in mpl if k not in others)}))
"""
    out = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def du_mb(path: Path) -> float:
    out = subprocess.run(["du", "-sb", str(path)], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[0]) / 1e6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--keep", action="store_true", help="keep the temporary clone (its path is printed)")
    ap.add_argument("--no-plain-pip", action="store_true", help="skip the plain `pip install .` check")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="vc-first-run-"))
    clone = work / "clone"
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", head], check=True)
    conf = work / "asound-none.conf"
    conf.write_text("pcm.!default { type hw card 99 device 0 }\nctl.!default { type hw card 99 }\n")
    env = dict(os.environ, VOICECOACH_HOME=str(work / "home"), ALSA_CONFIG_PATH=str(conf))
    env.pop("VOICECOACH_NO_DOWNLOAD", None)
    print(f"fresh clone of {head[:10]} in {clone}; no sound card (ALSA: {conf.name}); load average {loadavg()}")

    print("\n$ ./scripts/voicecoach.sh practice --text   (typed answers on stdin)")
    rc, lines, _ = timed_run(["./scripts/voicecoach.sh", "practice", "--scenario", "cancelled-plans", "--text"],
                             clone, env, "\n".join(ANSWERS) + "\n")
    first = show_first_screen(lines)
    total = lines[-1][0] if lines else 0.0
    print(f"  ... {len(lines)} lines; last: {lines[-1][1] if lines else ''!r} at {total:.1f} s")
    text = "\n".join(line for _, line in lines)
    check(rc == 0, f"exit status {rc}")
    check(text.count("speech is off") == 1, "'speech is off' said once")
    check("session 1 completed; 1 commitment(s) saved" in text, "session completed, commitment saved")
    check("Editable installation" not in text and "WARNING" not in text, "no setuptools/pip noise on screen")
    status = [line for t, line in lines if first is not None and t <= first and not line.startswith("coach:")]
    print(f"  coach's first words after {first:.1f} s (install included); status lines before them: {len(status)}")
    listed = subprocess.run([str(clone / ".venv/bin/voicecoach"), "commitments", "list", "--json"], env=env,
                            capture_output=True, text=True)
    stored = [c["text"] for c in json.loads(listed.stdout or "[]")]
    check(stored == ["I will tell you about any change at least one day before."], f"stored: {stored}")

    print("\n$ ./scripts/voicecoach.sh practice --text   (second run: nothing to install)")
    rc2, lines2, _ = timed_run(["./scripts/voicecoach.sh", "practice", "--scenario", "cancelled-plans", "--text"],
                               clone, env, "\n".join(ANSWERS) + "\n")
    first2 = show_first_screen(lines2, upto=1)
    check(rc2 == 0 and first2 is not None, f"second run: coach's first words after {first2:.2f} s")

    flite = shutil.which("flite") and shutil.which("sox")
    if flite:
        answers = work / "answers.wav"
        parts = []
        for i, text_ in enumerate(ANSWERS[:2]):
            wav = work / f"a{i}.wav"
            subprocess.run(["flite", "-voice", "slt", "-t", text_, "-o", str(wav)], check=True)
            parts.append(str(wav))
        subprocess.run(["sox", *parts, "-r", "16000", str(answers), "pad", "0.5", "3"], check=True)
        print("\n$ ./scripts/voicecoach.sh practice --input answers.wav   (spoken: the network check, the engine line)")
        start = time.monotonic()
        rc3, lines3, _ = timed_run(["./scripts/voicecoach.sh", "practice", "--scenario", "cancelled-plans",
                                    "--input", str(answers)], clone, env)
        show_first_screen(lines3, upto=1)
        check(rc3 == 0, f"spoken session exit status {rc3} ({time.monotonic() - start:.1f} s)")
        check(any("offline (" in line or "fetching Vosk" in line for _, line in lines3), "network check said its result")
        check(any(line.startswith("voicecoach: listening with") for _, line in lines3), "engine line")

    print("\n$ .venv/bin/voicecoach progress --chart progress.png / .svg")
    for name in ("progress.png", "progress.svg"):
        res = subprocess.run([str(clone / ".venv/bin/voicecoach"), "progress", "--chart", str(work / name)],
                             env=env, capture_output=True, text=True)
        path = work / name
        ok = res.returncode == 0 and path.exists() and path.stat().st_size > 5000
        check(ok, f"{name}: {path.stat().st_size if path.exists() else 0} bytes {res.stderr.strip()[:120]}")
    check((work / "progress.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", "PNG signature")

    sizes = site_sizes(clone / ".venv")
    print(f"\nsizes: .venv {du_mb(clone / '.venv'):.0f} MB; runtime libraries {sizes['runtime_mb']:.0f} MB, of which "
          f"matplotlib and what only it needs {sizes['matplotlib_only_mb']:.0f} MB ({', '.join(sizes['matplotlib_only'])})")

    if not args.no_plain_pip:
        print("\n$ python3 -m venv plain && plain/bin/pip install ./clone && plain/bin/voicecoach progress --chart p.png")
        plain = work / "plain"
        t0 = time.monotonic()
        subprocess.run([sys.executable, "-m", "venv", str(plain)], check=True)
        pip = subprocess.run([str(plain / "bin/python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                              str(clone)], capture_output=True, text=True)
        check(pip.returncode == 0, f"plain pip install ({time.monotonic() - t0:.0f} s)")
        res = subprocess.run([str(plain / "bin/voicecoach"), "progress", "--chart", str(work / "plain.png")],
                             env=env, capture_output=True, text=True)
        check(res.returncode == 0 and (work / "plain.png").exists(), f"chart after a plain install: {res.stderr.strip()[:120]}")

    print(f"\nload average at the end {loadavg()}")
    if args.keep:
        print(f"kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    print("all checks passed" if not failures else f"FAILED: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
