#!/usr/bin/env python3
"""Turn-taking: does a mid-sentence pause end the turn (a cut-off)?

A test set of spoken answers from the exercise (reflections, own part, validation, commitments;
8–25 words, flite voice slt), each with one or two natural mid-sentence pauses (after "what I
heard you say is", "and", "because" …), is fed through ``Listener.listen`` with the end-of-speech
window the session uses for that kind of step (``Coach._silence_for``: reflection → long, others
→ normal, yes/no → short). Pauses are exact: each spoken piece is trimmed to its audible part
(10 ms frames ≥ -50 dBFS), so flite's own leading/trailing quiet doesn't lengthen them.

A turn is **cut off** when ``listen()`` returns before the end of the last spoken piece was read
(the end was declared in a pause). As a check on the text, listening goes on: a second utterance
with words in the same answer is the other sign of a cut-off. Reported per pause length and per
window: cut-off share, WER of the first utterance heard (what the session keeps), and the time
from the end of speech to the end being declared (audio time: the window plus frame rounding;
plus the recogniser's final decode, wall clock, separately).

1. PocketSphinx, the session's windows, clean audio read as a file (``walk --input``).
2. Endpointing alone (a recogniser that returns nothing: the Listener ends turns on the
   Endpointer's decision only) over a grid of windows × pauses, clean and with street noise at
   20 / 10 dB SNR through the live path (calibration + WebRTC suppression).
3. Yes/no answers with the short window, some with a hesitation pause.

``--set NAME=VALUE`` monkeypatches a ``ListenSettings`` field (silence_s, silence_long_s,
silence_short_s, vad_aggressiveness, …) or an ``voicecoach.audio.endpoint`` constant
(NOISE_MARGIN_DB, MIN_SPEECH_DBFS, FLOOR_ADAPT) to measure a proposed change.

Usage: python scripts/eval_turns.py [--json] [--quick] [--set silence_s=1.5] [--cache DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from eval_noise import (
    DEFAULT_CACHE,
    LivePcmSource,
    NullRecognizer,
    active_rms,
    mix_noise,
    spoken,
)
from speech import silence, wer

from voicecoach.asr import EngineChoice, open_recognizer
from voicecoach.asr.base import Recognizer, RecognizerInfo, Utterance
from voicecoach.audio import endpoint
from voicecoach.audio.format import rms_dbfs
from voicecoach.audio.listener import Listener
from voicecoach.audio.sources import PcmSource
from voicecoach.config import ListenSettings
from voicecoach.session import Coach

RATE = 16000
# (kind, answer); " | " marks a mid-sentence pause. kind: the session's step kind.
ANSWERS: list[tuple[str, str]] = [
    ("reflection", "what i heard you say is | that you felt ignored when i cancelled our plans"),
    ("reflection", "what i heard you say is | that when i was late again | you felt like you do not matter to me"),
    ("reflection", "so you are saying | that you felt hurt and alone | when i did not call you back"),
    ("reflection", "if i got it right | you felt criticized when i talked about your family"),
    ("reflection", "what i heard is | that you were worried | because i did not answer my phone all night"),
    ("reflection", "you felt embarrassed | when i raised my voice in front of your friends"),
    ("reflection", "what i heard you say is | that you need me to listen | and not fix everything"),
    ("reflection", "you are telling me that | the dishes are not the real problem | you feel alone with the housework"),
    ("own_part", "i was late again | and i did not even say sorry"),
    ("own_part", "i raised my voice | because i was tired | but that is not an excuse"),
    ("own_part", "my part is that i defended myself | instead of listening to you"),
    ("own_part", "i looked at my phone | while you were talking to me at dinner"),
    ("own_part", "i cancelled at the last minute | and i did not explain why"),
    ("own_part", "i made a joke about it | when you were trying to tell me something important"),
    ("validation", "it makes sense that you feel that way | because i have done it before"),
    ("validation", "of course you were upset | anyone would be hurt by that"),
    ("commitment", "next time i will call you | before i change our plans"),
    ("commitment", "i will tell you about any change | at least one day before"),
    ("commitment", "when we start yelling | i will ask for a break | and come back in twenty minutes"),
    ("commitment", "from now on | i will put my phone away | when we eat dinner together"),
    ("commitment", "every sunday evening | we will sit down | and plan the week together"),
    ("commitment", "i will listen until you are finished | and then i will say what i heard"),
]
YESNO: list[tuple[str, float]] = [  # (answer, pause at " | ")
    ("yes", 0), ("no", 0), ("yes i did", 0), ("no not really", 0), ("yes please", 0), ("not yet", 0),
    ("i guess so", 0), ("no i did not", 0), ("yes | i think so", 0.3), ("well | no", 0.4),
    ("no | not yet", 0.5), ("yes | that is right", 0.5),
]
PAUSES = (0.3, 0.5, 0.8, 1.0)
GRID_PAUSES = (0.3, 0.5, 0.8, 1.0, 1.2, 1.5)
LEAD_S = 1.0
TAIL_S = 3.0


def session_kind(kind: str) -> str:
    """The step kind the session asks with (flows.py: reflections 'reflection', the rest 'answer')."""
    return "reflection" if kind == "reflection" else "yesno" if kind == "yesno" else "answer"


def window_for(kind: str, settings: ListenSettings) -> float:
    """The session's own choice of end-of-speech window for a kind of step."""
    return Coach._silence_for(SimpleNamespace(settings=SimpleNamespace(listen=settings)), session_kind(kind))


def trim(pcm: bytes, floor_dbfs: float = -50.0) -> bytes:
    """Keep the audible part (first to last 10 ms frame at or above ``floor_dbfs``)."""
    n = 320
    loud = [i for i in range(0, len(pcm) - n + 1, n) if rms_dbfs(pcm[i : i + n]) >= floor_dbfs]
    return pcm[loud[0] : loud[-1] + n] if loud else pcm


@dataclasses.dataclass
class Turn:
    text: str
    """The whole answer (pause marks removed)."""
    pcm: bytes
    spans: list[tuple[float, float]]
    """Start and end (s) of each spoken piece."""


def build_turn(answer: str, pause_s: float, cache: Path, snr: float | None = None, seed: int = 0) -> Turn:
    pieces = [trim(spoken(p.strip(), cache)) for p in answer.split("|")]
    parts, spans, pos = [silence(LEAD_S)], [], LEAD_S
    for i, p in enumerate(pieces):
        parts.append(p)
        spans.append((pos, pos + len(p) / (2 * RATE)))
        pos = spans[-1][1]
        if i < len(pieces) - 1:
            parts.append(silence(pause_s))
            pos += round(pause_s * RATE) / RATE
    parts.append(silence(TAIL_S))
    pcm = mix_noise(b"".join(parts), snr, active_rms(b"".join(pieces)), offset=seed * 7919, cache=cache)
    return Turn(" ".join(answer.replace("|", " ").split()), pcm, spans)


class TimedRecognizer(Recognizer):
    """Passes everything to a real recogniser, timing the final decode after the end was declared."""

    def __init__(self, inner: Recognizer) -> None:
        self.inner = inner
        self.name = inner.name
        self.finish_s: list[float] = []

    def start(self, grammar=None):
        self.inner.start(grammar)

    def accept(self, pcm):
        return self.inner.accept(pcm)

    def finish(self) -> Utterance:
        t = time.perf_counter()
        utt = self.inner.finish()
        self.finish_s.append(time.perf_counter() - t)
        return utt

    @property
    def info(self) -> RecognizerInfo:
        return self.inner.info


def hear_turn(rec: Recognizer, turn: Turn, window: float, live: bool,
              settings: ListenSettings | None = None) -> dict:
    src = (LivePcmSource if live else PcmSource)(turn.pcm)
    # the windows are measured as a microphone applies them; the 1.4 s cap that keeps an --input
    # file's answers apart (file_max_silence_s) is tested in tests/test_session_e2e.py
    settings = dataclasses.replace(settings or ListenSettings(), file_max_silence_s=60.0)
    listener = Listener(src, rec, settings)
    if live:
        listener.calibrate()
    first = listener.listen(silence_s=window)
    declared = src.position_s
    speech_end = turn.spans[-1][1]
    detected = bool(first.pcm) and not first.timed_out
    cut = detected and declared < speech_end
    # keep listening inside the same answer: a second utterance is the text-side sign of a cut-off
    second = listener.listen(silence_s=window)
    # cut_at_pause: which pause (1 = the first) the turn was ended in
    return {
        "detected": detected,
        "cut": cut,
        "cut_at_pause": 1 + sum(1 for s in turn.spans[1:] if s[0] < declared) if cut else None,
        "second_text": second.text if second.pcm else None,
        "text": first.text,
        "wer": wer(turn.text, first.text),
        "latency_s": declared - speech_end if detected and not cut else None,
    }


def _median(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


def summarise(rows: list[dict]) -> dict:
    lat = [r["latency_s"] for r in rows if r["latency_s"] is not None]
    return {
        "n": len(rows),
        "cut": sum(r["cut"] for r in rows),
        "cut_share": sum(r["cut"] for r in rows) / len(rows),
        "missed": sum(not r["detected"] for r in rows),
        "second_utterance_with_words": sum(bool(r.get("second_text")) for r in rows),
        "wer": float(np.mean([r["wer"] for r in rows])),
        "wer_not_cut": float(np.mean([r["wer"] for r in rows if not r["cut"]] or [float("nan")])),
        "median_latency_s": _median(lat),
        "max_latency_s": max(lat) if lat else None,
    }


def run_session_windows(rec: Recognizer, cache: Path, answers: list[tuple[str, str]], pauses=PAUSES,
                        settings: ListenSettings | None = None) -> dict:
    """Real recogniser, the session's window per kind, clean audio as a file."""
    settings = settings or ListenSettings()
    timed = TimedRecognizer(rec)
    by_pause: dict[float, list[dict]] = defaultdict(list)
    by_kind: dict[str, list[dict]] = defaultdict(list)
    examples = []
    for pause in pauses:
        for kind, answer in answers:
            window = window_for(kind, settings)
            r = hear_turn(timed, build_turn(answer, pause, cache), window, live=False, settings=settings)
            r.update(kind=kind, answer=answer, pause=pause, window=window)
            by_pause[pause].append(r)
            by_kind[f"{kind} ({window:g} s)"].append(r)
            if r["cut"]:
                examples.append({k: r[k] for k in ("answer", "pause", "window", "text", "second_text")})
    everything = [r for rows in by_pause.values() for r in rows]
    return {
        "per_pause": {str(p): summarise(rows) for p, rows in by_pause.items()},
        "per_kind": {k: summarise(rows) for k, rows in by_kind.items()},
        "all": summarise(everything),
        "finish_median_s": _median(timed.finish_s),
        "cut_examples": examples,
    }


def run_grid(cache: Path, answers: list[tuple[str, str]], windows: list[float], pauses=GRID_PAUSES,
             conditions=((None, False), (20.0, True), (10.0, True)), settings: ListenSettings | None = None) -> list:
    """Endpointing alone over windows × pauses, per noise condition."""
    rec = NullRecognizer()
    out = []
    for snr, live in conditions:
        for window in windows:
            for pause in pauses:
                rows = [hear_turn(rec, build_turn(a, pause, cache, snr, seed=i), window, live, settings)
                        for i, (_, a) in enumerate(answers)]
                s = summarise(rows)
                out.append({"snr": snr, "live": live, "window": window, "pause": pause, **{
                    k: s[k] for k in ("n", "cut", "cut_share", "missed", "median_latency_s", "max_latency_s")}})
    return out


def run_yesno(rec: Recognizer, cache: Path, settings: ListenSettings | None = None) -> dict:
    settings = settings or ListenSettings()
    window = window_for("yesno", settings)
    rows = []
    for answer, pause in YESNO:
        r = hear_turn(rec, build_turn(answer, pause, cache), window, live=False, settings=settings)
        r.update(answer=answer, pause=pause)
        rows.append(r)
    s = summarise(rows)
    s["window"] = window
    s["cut_answers"] = [r["answer"] for r in rows if r["cut"]]
    return s


def apply_overrides(pairs: list[str]) -> ListenSettings:
    """``NAME=VALUE``: a ListenSettings field, or a voicecoach.audio.endpoint constant (monkeypatched)."""
    fields = {f.name: f for f in dataclasses.fields(ListenSettings)}
    kw = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        if name in fields:
            kw[name] = type(getattr(ListenSettings(), name) or 0)(float(value)) if value != "None" else None
        elif hasattr(endpoint, name):
            setattr(endpoint, name, float(value))
        else:
            raise SystemExit(f"unknown setting {name}")
    return ListenSettings(**kw)


def _f(x, fmt=".2f"):
    return "—" if x is None or (isinstance(x, float) and np.isnan(x)) else format(x, fmt)


def print_report(res: dict) -> None:
    s = res["session"]
    print(f"1. PocketSphinx, session windows, clean file input — {len(res['answers'])} answers × "
          f"{len(s['per_pause'])} pause lengths")
    print(f"{'pause':>7}{'n':>5}{'cut off':>9}{'share':>8}{'2nd utt':>9}{'WER heard':>11}{'WER not cut':>13}"
          f"{'median end-of-speech → end declared':>38}")
    for p, r in [*s["per_pause"].items(), ("all", s["all"])]:
        print(f"{p:>7}{r['n']:>5}{r['cut']:>9}{r['cut_share']:>8.2f}{r['second_utterance_with_words']:>9}"
              f"{r['wer']:>11.3f}{_f(r['wer_not_cut'], '.3f'):>13}{_f(r['median_latency_s']):>34} s")
    print(f"{'kind (window)':<24}{'n':>4}{'cut':>6}{'share':>8}{'WER':>8}{'median latency':>16}")
    for k, r in s["per_kind"].items():
        print(f"{k:<24}{r['n']:>4}{r['cut']:>6}{r['cut_share']:>8.2f}{r['wer']:>8.3f}"
              f"{_f(r['median_latency_s']):>14} s")
    print(f"recogniser's final decode after the end was declared: median {s['finish_median_s'] * 1000:.0f} ms")
    for e in s["cut_examples"][:8]:
        print(f"  cut: pause {e['pause']} s, window {e['window']} s: '{e['text']}' | then '{e['second_text']}'")
    y = res["yesno"]
    print(f"\n3. Yes/no answers, short window {y['window']:g} s: {y['cut']}/{y['n']} cut off "
          f"(share {y['cut_share']:.2f}), WER {y['wer']:.3f}, median latency {_f(y['median_latency_s'])} s"
          + (f"; cut: {y['cut_answers']}" if y["cut_answers"] else ""))
    if res.get("grid"):
        print("\n2. Endpointing alone: cut-off share (median end-of-speech → end declared, s)")
        conds = list(dict.fromkeys((g["snr"], g["live"]) for g in res["grid"]))
        pauses = list(dict.fromkeys(g["pause"] for g in res["grid"]))
        for snr, live in conds:
            label = "clean, file" if snr is None else f"street {snr:g} dB, live (suppression)"
            print(f"  {label}")
            print(f"  {'window':>8}" + "".join(f"{'pause ' + format(p, 'g') + ' s':>16}" for p in pauses))
            for w in dict.fromkeys(g["window"] for g in res["grid"]):
                cells = {g["pause"]: g for g in res["grid"] if g["snr"] == snr and g["window"] == w}
                print(f"  {w:>6g} s" + "".join(
                    f"{cells[p]['cut_share']:>8.2f} ({_f(cells[p]['median_latency_s'])})" for p in pauses))
            missed = sum(g["missed"] for g in res["grid"] if g["snr"] == snr)
            if missed:
                print(f"  ({missed} turns not detected at all)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--quick", action="store_true", help="8 answers, pauses 0.5 and 1.0 s, no noise grid")
    ap.add_argument("--no-grid", action="store_true")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="override a ListenSettings field or an endpoint constant (repeatable)")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = ap.parse_args(argv)
    settings = apply_overrides(args.set)
    rec = open_recognizer(EngineChoice("sphinx", None))
    answers = ANSWERS[::3] if args.quick else ANSWERS
    pauses = (0.5, 1.0) if args.quick else PAUSES
    res: dict = {"answers": [a for _, a in answers], "settings": dataclasses.asdict(settings),
                 "endpoint": {k: getattr(endpoint, k) for k in ("NOISE_MARGIN_DB", "MIN_SPEECH_DBFS", "FLOOR_ADAPT")}}
    t = time.monotonic()
    res["session"] = run_session_windows(rec, args.cache, answers, pauses, settings)
    res["yesno"] = run_yesno(rec, args.cache, settings)
    if not (args.quick or args.no_grid):
        windows = sorted({settings.silence_short_s, settings.silence_s, settings.silence_long_s})
        res["grid"] = run_grid(args.cache, answers, windows, settings=settings)
    res["wall_s"] = time.monotonic() - t
    if args.json:
        print(json.dumps(res, indent=2))
    else:
        print_report(res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
