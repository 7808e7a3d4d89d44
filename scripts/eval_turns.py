#!/usr/bin/env python3
"""Turn-taking: is a paused answer ever split, and how long is the dead air after a finished one?

Answers with a pause in them go through the real ``Listener`` (PocketSphinx, the end-of-turn
policy of ``voicecoach.coach.endofturn``) as a session hears them, and the turn is followed to
its end, resumes included:

- **file** (clean, ``--input``): the listener's own look-ahead joins speech that resumes before
  the file's answer gap (``file_gap_s``);
- **live** (street noise at 20 / 10 dB through calibration + WebRTC suppression): the session's
  resume is emulated in audio time: speech that starts within ``reply_s + resume_window_s`` of the
  end being declared (the coach's reply starts ``reply_s`` after it) joins the turn
  (``Listener.listen(resume_of=…)``), as a walk with barge-in does.

A turn is **split** when, after resumes, it still ended before the end of its last spoken piece
(some of its words would become the next answer). Reported per material, condition, pause length,
place of the pause and kind of step: splits, resumes (the coach began a reply and stopped), WER of
the whole turn, and the end of turn at the answer's real end (``end_of_turn_ms``: audio time
from the last voiced frame to the end being declared) plus the recogniser's final decode.

Materials (nobody tuned the policy on the last two):
1. ``project``: the 22 paused answers this project has measured since the fixed windows (flite
   slt, each piece synthesised on its own, so every piece ends with a falling voice).
2. ``places``: 30 answers, one pause each, at many kinds of place (after "and", "because",
   "the", "my", "to", "when I", "um", a preposition, "I felt", "what I heard you say is", mid noun
   phrase, after a full clause, after a when-clause…), flite slt. Two ways: ``pieces`` (each
   side synthesised alone) and ``cut`` (the whole sentence synthesised once, then cut at the word
   boundary found by forced alignment, so the voice runs on through the pause).
3. ``librivox``: human speech, the LibriVox sentences of Debian's ``pocketsphinx-testdata``
   (``/usr/share/pocketsphinx/test/data/librivox``), cut at 14 word boundaries by forced alignment.
4. ``yesno``: short yes/no answers, some with a hesitation.
5. ``sessions`` (``--sessions N``): whole practice sessions through the CLI (``voicecoach practice
   --input WAV``) with every answer paused at an unfinished point; ``history --json`` gives each
   turn's ``timing``; the perceived gap is ``end_of_turn_ms + reply_ms``.

Usage: python scripts/eval_turns.py [--json] [--quick] [--sessions 3] [--no-noise] [--set NAME=VALUE]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from eval_noise import DEFAULT_CACHE, LivePcmSource, active_rms, mix_noise, spoken  # noqa: E402
from speech import silence, wer  # noqa: E402

from voicecoach.asr import EngineChoice, open_recognizer  # noqa: E402
from voicecoach.asr.base import Recognizer, RecognizerInfo, Utterance  # noqa: E402
from voicecoach.audio import endpoint  # noqa: E402
from voicecoach.audio.format import rms_dbfs  # noqa: E402
from voicecoach.audio.listener import Listener  # noqa: E402
from voicecoach.audio.sources import PcmSource  # noqa: E402
from voicecoach.config import ListenSettings  # noqa: E402

RATE = 16000
LIBRIVOX = Path("/usr/share/pocketsphinx/test/data/librivox")
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
# (kind, place of the pause, answer with one " | ")
PLACES: list[tuple[str, str, str]] = [
    ("reflection", "after 'what i heard you say is'", "what i heard you say is | that you felt ignored when i cancelled our plans"),
    ("reflection", "after 'you felt'", "you felt | hurt and alone when i did not call you back"),
    ("reflection", "after 'and'", "you were worried and | you could not reach me all night"),
    ("reflection", "after 'because'", "you felt hurt because | i forgot your birthday again"),
    ("reflection", "after 'when i'", "you felt embarrassed when i | raised my voice in front of your friends"),
    ("reflection", "mid noun phrase", "you feel alone with the | housework and the bills"),
    ("reflection", "after a full clause", "you felt ignored | when i looked at my phone at dinner"),
    ("reflection", "after 'so you are saying'", "so you are saying | that you need me to listen and not fix everything"),
    ("reflection", "after 'that'", "what i hear is that | you do not feel safe when we argue"),
    ("reflection", "after 'um'", "you felt um | criticized when i talked about your family"),
    ("answer", "after 'my'", "i was staring at my | phone while you were talking"),
    ("answer", "after 'to'", "i forgot to | call you when my plans changed"),
    ("answer", "after 'um'", "i think um | i was defending myself instead of listening"),
    ("answer", "after a preposition", "i made a joke about | your job in front of everyone"),
    ("answer", "after 'i felt'", "honestly i felt | attacked so i attacked back"),
    ("answer", "after 'because'", "i raised my voice because | i was tired and scared"),
    ("answer", "mid noun phrase", "i broke a really important | promise to you"),
    ("answer", "after 'and'", "i was late again and | i did not even say sorry"),
    ("answer", "after a full clause", "i interrupted you | and then i walked away"),
    ("answer", "after 'it makes sense that'", "it makes sense that | you were upset with me"),
    ("answer", "after a preposition", "i need a bit of | quiet time before we talk"),
    ("answer", "after a preposition", "i need to feel safe with | you when we disagree"),
    ("commitment", "after 'i will'", "next time i will | call you before i change our plans"),
    ("commitment", "after 'when i'", "when we | start yelling i will ask for a break"),
    ("commitment", "after a when-clause", "when we start yelling | i will ask for a break"),
    ("commitment", "after 'from now on'", "from now on | i will put my phone away at dinner"),
    ("commitment", "mid noun phrase", "i will tell you about the | change at least one day before"),
    ("commitment", "after 'to'", "i am going to | listen until you are finished"),
    ("commitment", "after 'um'", "i will um | check in with you every evening"),
    ("commitment", "after a full clause", "i will call you | and i will say when i am coming home"),
]
# LibriVox sentences (file id, transcript) and where to pause: (words before the pause, place)
LIBRIVOX_CUTS: list[tuple[str, str, list[tuple[int, str]]]] = [
    ("sense_and_sensibility_01_austen_64kb-0870",
     "and mister john dashwood had then leisure to consider how much there might be prudently in his power "
     "to do for them",
     [(2, "mid noun phrase"), (8, "after 'to'"), (15, "after 'be'"), (18, "after 'his'")]),
    ("sense_and_sensibility_01_austen_64kb-0880", "he was not an ill disposed young man",
     [(3, "after 'not'"), (4, "after 'an'")]),
    ("sense_and_sensibility_01_austen_64kb-0890",
     "unless to be rather cold hearted and rather selfish is to be ill disposed",
     [(7, "after 'and'"), (9, "after a phrase"), (10, "after 'is'")]),
    ("sense_and_sensibility_01_austen_64kb-0920",
     "had he married a more a amiable woman he might have been made still more respectable than he was",
     [(8, "after a full clause"), (12, "after 'been'"), (17, "after 'than'")]),
    ("sense_and_sensibility_01_austen_64kb-0930", "he might even have been made amiable himself",
     [(4, "after 'have'"), (2, "after 'might'")]),
]
YESNO: list[tuple[str, float]] = [  # (answer, pause at " | ")
    ("yes", 0), ("no", 0), ("yes i did", 0), ("no not really", 0), ("yes please", 0), ("not yet", 0),
    ("i guess so", 0), ("no i did not", 0), ("yes | i think so", 0.3), ("well | no", 0.4),
    ("no | not yet", 0.5), ("yes | that is right", 0.5),
]
PAUSES = (0.3, 0.5, 0.8, 1.0, 1.2)
LEAD_S = 1.0
TAIL_S = 4.0
REPLY_S = 0.25
"""Emulated time from the end being declared to the coach's first sample on a live microphone
(seconds); bench.py measures it (median ~0.1-0.25 s)."""


def session_kind(kind: str) -> str:
    """The step kind the session asks with (flows.py)."""
    return {"reflection": "reflection", "yesno": "yesno", "commitment": "commitment"}.get(kind, "answer")


def trim(pcm: bytes, floor_dbfs: float = -50.0) -> bytes:
    """Keep the audible part (first to last 10 ms frame at or above ``floor_dbfs``)."""
    n = 320
    loud = [i for i in range(0, len(pcm) - n + 1, n) if rms_dbfs(pcm[i : i + n]) >= floor_dbfs]
    return pcm[loud[0] : loud[-1] + n] if loud else pcm


def fade(pcm: bytes, ms: float = 5.0) -> bytes:
    """Short fades at both ends, so a cut mid-sentence doesn't click."""
    x = np.frombuffer(pcm, "<i2").astype(np.float64)
    n = min(int(RATE * ms / 1000), x.size // 2)
    if n:
        ramp = np.linspace(0, 1, n)
        x[:n] *= ramp
        x[-n:] *= ramp[::-1]
    return x.astype("<i2").tobytes()


_ALIGNER = None


def word_bounds(pcm: bytes, text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) in samples by PocketSphinx forced alignment against ``text``."""
    global _ALIGNER
    from pocketsphinx import Decoder

    if _ALIGNER is None:
        _ALIGNER = Decoder(samprate=RATE, loglevel="FATAL")
    _ALIGNER.set_align_text(text)
    _ALIGNER.start_utt()
    _ALIGNER.process_raw(pcm, full_utt=True)
    _ALIGNER.end_utt()
    out = []
    for seg in _ALIGNER.seg():
        word = seg.word.split("(")[0]
        if word.startswith("<") or word.startswith("["):
            continue
        out.append((word, seg.start_frame * 160, (seg.end_frame + 1) * 160))
    if [w for w, _, _ in out] != text.split():
        raise RuntimeError(f"alignment failed for {text!r}: {[w for w, _, _ in out]}")
    return out


def cut_pieces(pcm: bytes, text: str, after: list[int]) -> list[bytes]:
    """Cut speech between words: ``after`` = numbers of words before each cut."""
    bounds = word_bounds(pcm, text)
    edges = [0]  # samples
    for k in after:
        edges.append((bounds[k - 1][2] + bounds[k][1]) // 2)
    edges.append(len(pcm) // 2)
    return [trim(fade(pcm[2 * a : 2 * b])) for a, b in zip(edges[:-1], edges[1:])]


@dataclasses.dataclass
class Turn:
    text: str
    """The whole answer (pause marks removed)."""
    pcm: bytes
    spans: list[tuple[float, float]]
    """Start and end (s) of each spoken piece."""
    kind: str = "answer"
    place: str = ""
    material: str = ""


def assemble(pieces: list[bytes], pause_s: float, text: str, snr: float | None, seed: int, cache: Path,
             **meta) -> Turn:
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
    return Turn(" ".join(text.replace("|", " ").split()), pcm, spans, **meta)


def build_turn(answer: str, pause_s: float, cache: Path, snr: float | None = None, seed: int = 0,
               style: str = "pieces", **meta) -> Turn:
    """An answer with ``pause_s`` at each " | ": ``pieces`` synthesises each side alone; ``cut``
    synthesises the sentence once and cuts it at the aligned word boundaries."""
    chunks = [c.strip() for c in answer.split("|")]
    if style == "pieces":
        pieces = [trim(spoken(c, cache)) for c in chunks]
    else:
        whole = " ".join(chunks)
        counts = np.cumsum([len(c.split()) for c in chunks])[:-1]
        pieces = cut_pieces(spoken(whole, cache), whole, [int(k) for k in counts])
    return assemble(pieces, pause_s, answer, snr, seed, cache, **meta)


def librivox_turn(file_id: str, text: str, after: int, pause_s: float, cache: Path, snr: float | None = None,
                  seed: int = 0, place: str = "") -> Turn:
    from voicecoach.audio.wavio import read_wav_pcm16

    pcm = trim(read_wav_pcm16(LIBRIVOX / f"{file_id}.wav", RATE))
    pieces = cut_pieces(pcm, text, [after])
    words = text.split()
    marked = " ".join(words[:after]) + " | " + " ".join(words[after:])
    return assemble(pieces, pause_s, marked, snr, seed, cache, kind="answer", place=place, material="librivox")


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


def hear_turn(rec: Recognizer, turn: Turn, live: bool, settings: ListenSettings | None = None,
              reply_s: float = REPLY_S) -> dict:
    """Hear ``turn`` to its end as a session would (resumes included); see the module docstring."""
    settings = settings or ListenSettings()
    src = (LivePcmSource if live else PcmSource)(turn.pcm)
    listener = Listener(src, rec, settings)
    if live:
        listener.calibrate()
    kind = session_kind(turn.kind)
    heard = listener.listen(kind)
    detected = bool(heard.pcm) and not heard.timed_out
    resumes = int(heard.resumed)
    ends = []  # where the end was declared, in the file (s)
    if detected:
        ends.append(src.position_s)
    while live and detected:  # the coach replies; speech starting within the window joins the turn
        more = listener.listen(kind, resume_of=heard, timeout_s=reply_s + settings.resume_window_s)
        if not more.resumed:
            break
        heard, resumes = more, resumes + 1
        ends.append(src.position_s)
    declared = ends[-1] if ends else None
    speech_end = turn.spans[-1][1]
    split = detected and declared < speech_end - 0.05
    return {
        "kind": turn.kind, "place": turn.place, "material": turn.material,
        "detected": detected, "split": split, "resumes": resumes,
        "text": heard.text, "wer": wer(turn.text, heard.text),
        # at the answer's real end (a split turn's end is inside a pause)
        "end_of_turn_ms": heard.end_of_turn_ms if detected and not split else None,
        "decision": heard.decision,
    }


def _pct(xs: list[float], q: float) -> float | None:
    return float(np.percentile(xs, q)) if xs else None


def summarise(rows: list[dict]) -> dict:
    eot = [r["end_of_turn_ms"] for r in rows if r["end_of_turn_ms"] is not None]
    return {
        "n": len(rows),
        "split": sum(r["split"] for r in rows),
        "split_share": sum(r["split"] for r in rows) / len(rows) if rows else 0.0,
        "missed": sum(not r["detected"] for r in rows),
        "resumed": sum(r["resumes"] > 0 for r in rows),
        "wer": float(np.mean([r["wer"] for r in rows])) if rows else None,
        "end_of_turn_ms_p50": _pct(eot, 50),
        "end_of_turn_ms_p95": _pct(eot, 95),
    }


def run_material(rec: Recognizer, turns: list[tuple[str, Turn, float, str]], settings: ListenSettings,
                 log=lambda s: None) -> dict:
    """``turns``: (condition, turn, pause, condition label). Grouped summaries and the split cases."""
    rows = []
    t0 = time.monotonic()
    for i, (cond, turn, pause, _) in enumerate(turns):
        r = hear_turn(rec, turn, live=cond != "clean", settings=settings)
        r.update(condition=cond, pause=pause, answer=turn.text)
        rows.append(r)
        if i and i % 50 == 0:
            log(f"    {i}/{len(turns)} turns, {time.monotonic() - t0:.0f} s")
    groups: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        groups["condition"][r["condition"]].append(r)
        groups["pause"][f"{r['condition']} {r['pause']:g} s"].append(r)
        groups["place"][r["place"]].append(r)
        groups["kind"][f"{r['condition']} {r['kind']}"].append(r)
    return {
        "summary": {g: {k: summarise(v) for k, v in sorted(d.items())} for g, d in groups.items()},
        "splits": [{k: r[k] for k in ("condition", "pause", "place", "answer", "text", "decision")}
                   for r in rows if r["split"]],
        "rows": rows,
    }


def project_turns(cache: Path, pauses, conditions, answers=ANSWERS) -> list:
    out = []
    for cond, snr in conditions:
        for pause in pauses:
            for i, (kind, a) in enumerate(answers):
                out.append((cond, build_turn(a, pause, cache, snr, seed=i, kind=kind, material="project",
                                             place="project set"), pause, cond))
    return out


def places_turns(cache: Path, pauses, conditions, style: str, places=PLACES) -> list:
    out = []
    for cond, snr in conditions:
        for pause in pauses:
            for i, (kind, place, a) in enumerate(places):
                out.append((cond, build_turn(a, pause, cache, snr, seed=i, style=style, kind=kind, place=place,
                                             material=f"places-{style}"), pause, cond))
    return out


def librivox_turns(cache: Path, pauses, conditions) -> list:
    out = []
    for cond, snr in conditions:
        for pause in pauses:
            seed = 0
            for file_id, text, cuts in LIBRIVOX_CUTS:
                for after, place in cuts:
                    out.append((cond, librivox_turn(file_id, text, after, pause, cache, snr, seed, place), pause, cond))
                    seed += 1
    return out


def run_yesno(rec: Recognizer, cache: Path, settings: ListenSettings) -> dict:
    rows = []
    for answer, pause in YESNO:
        turn = build_turn(answer, pause, cache, kind="yesno", material="yesno", place="yes/no")
        r = hear_turn(rec, turn, live=False, settings=settings)
        r.update(answer=answer, pause=pause, condition="clean")
        rows.append(r)
    s = summarise(rows)
    s["split_answers"] = [r["answer"] for r in rows if r["split"]]
    return s


# ---------------------------------------------------------------------------------------------- sessions
SESSION_ANSWERS: list[list[tuple[str, str]]] = [
    [  # (kind, answer): the practice flow's order, every answer paused at an unfinished point
        ("answer", "i think it was um | a misunderstanding about the time"),
        ("reflection", "what i heard you say is | that when i cancelled our dinner at the last minute "
                       "you felt like you do not matter to me"),
        ("answer", "i cancelled at the | last minute and i see it made you feel you come last"),
        ("answer", "it makes sense that | you feel unimportant"),
        ("commitment", "next time i will | call you before i change our plans"),
        ("yesno", "yes"),
        ("answer", "i need us to | talk calmly when we disagree"),
    ],
    [
        ("answer", "i was tired because | work was so busy that week"),
        ("reflection", "you felt like | you do not matter to me when i cancelled our dinner at the last minute"),
        ("answer", "i made you wait and | then i cancelled at the last minute"),
        ("answer", "of course you felt | unimportant when i did that"),
        ("commitment", "from now on | i will tell you about any change a day before"),
        ("yesno", "yes"),
        ("answer", "i need a bit of | quiet time before we talk"),
    ],
    [
        ("answer", "when i | cancelled i was thinking about my job"),
        ("reflection", "so you are saying | that when i cancelled our dinner at the last minute you felt like "
                       "you do not matter to me"),
        ("answer", "my part is that i | cancelled at the last minute again"),
        ("answer", "i understand why you felt | unimportant and hurt"),
        ("commitment", "i will um | call you before i change our plans"),
        ("yesno", "yes"),
        ("answer", "i need to feel | safe when we disagree"),
    ],
]
SESSION_PAUSES = (0.4, 0.7, 1.0, 1.2, 0.6, 0.9, 0.5)
SESSION_GAP_S = 2.5


def session_wav(answers: list[tuple[str, str]], path: Path, cache: Path, offset: int = 0) -> list[str]:
    """One WAV of a session's answers (whole sentences cut at the pause, so the voice runs on)."""
    from voicecoach.audio.wavio import write_wav

    parts = [silence(1.0)]
    for i, (_, answer) in enumerate(answers):
        pause = SESSION_PAUSES[(i + offset) % len(SESSION_PAUSES)]
        if "|" in answer:
            turn = build_turn(answer, pause, cache, style="cut")
            parts.append(turn.pcm[int(LEAD_S * RATE) * 2 : len(turn.pcm) - int(TAIL_S * RATE) * 2])
        else:
            parts.append(trim(spoken(answer, cache)))
        parts.append(silence(SESSION_GAP_S))
    parts.append(silence(3.0))
    write_wav(path, b"".join(parts), RATE, private=False)
    return [" ".join(a.replace("|", " ").split()) for _, a in answers]


def _overlap(a: str, b: str) -> float:
    wa, wb = set(a.split()), set(b.split())
    return len(wa & wb) / max(1, len(wb))


def run_sessions(n: int, cache: Path, log=lambda s: None) -> dict:
    """Whole practice sessions through the CLI; timing from ``history --json``."""
    exe = Path(sys.executable).with_name("voicecoach")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "voicecoach"]
    rows, splits, runs = [], [], []
    with tempfile.TemporaryDirectory(prefix="vc-eval-turns-") as tmp:
        for i in range(n):
            answers = SESSION_ANSWERS[i % len(SESSION_ANSWERS)]
            wav = Path(tmp) / f"session-{i}.wav"
            texts = session_wav(answers, wav, cache, offset=i)
            home = Path(tmp) / f"home-{i}"
            env = dict(os.environ, VOICECOACH_HOME=str(home))
            log(f"  session {i + 1}/{n}")
            proc = subprocess.run([*cmd, "practice", "--scenario", "cancelled-plans", "--input", str(wav), "--engine",
                                   "sphinx", "--output", str(Path(tmp) / f"coach-{i}.wav")], env=env,
                                  capture_output=True, text=True, timeout=900)
            hist = json.loads(subprocess.run([*cmd, "history", "--json"], env=env, capture_output=True, text=True,
                                             check=True).stdout)
            turns = hist[0]["turns"] if hist else []
            spoken_answers = [t for k, t in zip([k for k, _ in answers], texts) if k != "yesno"]
            # each stored turn belongs to the answer its words overlap most; two turns of one answer = a split
            owners = []
            for t in turns:
                if t["timing"] is None:
                    continue
                best = max(range(len(spoken_answers)), key=lambda j: _overlap(spoken_answers[j], t["text"]))
                owners.append(best)
                gap = t["timing"]["end_of_turn_ms"] + (t["timing"]["reply_ms"] or 0)
                rows.append({"session": i, "step": t["step"], "text": t["text"], "answer": spoken_answers[best],
                             "kind": "reflection" if t["step"] == "reflection" else "answer", "gap_ms": gap,
                             **t["timing"]})
            for j in set(owners):
                if owners.count(j) > 1:
                    splits.append({"session": i, "answer": spoken_answers[j],
                                   "turns": [t["text"] for t, o in zip([t for t in turns if t["timing"]], owners)
                                             if o == j]})
            runs.append({"session": i, "exit": proc.returncode, "status": hist[0]["status"] if hist else None,
                         "turns": len(turns), "resumed_events": sum(e["name"] == "resumed" for e in
                                                                    (hist[0]["events"] if hist else []))})
    gaps = [r["gap_ms"] for r in rows]
    by_kind = defaultdict(list)
    for r in rows:
        by_kind[r["kind"]].append(r["gap_ms"])
    return {"runs": runs, "turns": rows, "splits": splits,
            "gap_ms_p50": _pct(gaps, 50), "gap_ms_p95": _pct(gaps, 95),
            "per_kind": {k: {"n": len(v), "gap_ms_p50": _pct(v, 50), "gap_ms_p95": _pct(v, 95)}
                         for k, v in by_kind.items()},
            "reply_ms_p50": _pct([r["reply_ms"] for r in rows if r["reply_ms"] is not None], 50),
            "end_of_turn_ms_p50": _pct([r["end_of_turn_ms"] for r in rows], 50)}


# ---------------------------------------------------------------------------------------------- main
def apply_overrides(pairs: list[str]) -> ListenSettings:
    """``NAME=VALUE``: a ListenSettings field, or a voicecoach.audio.endpoint constant (monkeypatched)."""
    fields = {f.name: f for f in dataclasses.fields(ListenSettings)}
    kw = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        if name in fields:
            default = getattr(ListenSettings(), name)
            kw[name] = value if isinstance(default, str) else (type(default or 0)(float(value)) if value != "None"
                                                               else None)
        elif hasattr(endpoint, name):
            setattr(endpoint, name, float(value))
        else:
            raise SystemExit(f"unknown setting {name}")
    return ListenSettings(**kw)


def _f(x, fmt=".0f"):
    return "—" if x is None or (isinstance(x, float) and np.isnan(x)) else format(x, fmt)


def print_report(res: dict) -> None:
    print(f"End-of-turn policy, PocketSphinx; live conditions emulate a reply {REPLY_S * 1000:.0f} ms after the end "
          f"and a {res['settings']['resume_window_s']:g} s resume window")
    for name, m in res["materials"].items():
        print(f"\n== {name} ==")
        print(f"  {'condition / pause':<26}{'n':>5}{'split':>7}{'resumed':>9}{'missed':>8}{'WER':>7}"
              f"{'end of turn p50':>17}{'p95':>7}")
        for k, s in m["summary"]["pause"].items():
            print(f"  {k:<26}{s['n']:>5}{s['split']:>7}{s['resumed']:>9}{s['missed']:>8}{s['wer']:>7.3f}"
                  f"{_f(s['end_of_turn_ms_p50']):>14} ms{_f(s['end_of_turn_ms_p95']):>7}")
        for k, s in m["summary"]["condition"].items():
            print(f"  {k + ' (all)':<26}{s['n']:>5}{s['split']:>7}{s['resumed']:>9}{s['missed']:>8}{s['wer']:>7.3f}"
                  f"{_f(s['end_of_turn_ms_p50']):>14} ms{_f(s['end_of_turn_ms_p95']):>7}")
        print("  by kind of step:")
        for k, s in m["summary"]["kind"].items():
            print(f"    {k:<24}{s['n']:>5}{s['split']:>7}{s['resumed']:>9}  end of turn p50 "
                  f"{_f(s['end_of_turn_ms_p50'])} p95 {_f(s['end_of_turn_ms_p95'])} ms")
        if len(m["summary"]["place"]) > 1:
            print("  by place of the pause (all conditions):")
            for k, s in m["summary"]["place"].items():
                print(f"    {k:<34}{s['n']:>5} split {s['split']:>3}  resumed {s['resumed']:>3}")
        for e in m["splits"][:10]:
            print(f"  SPLIT {e['condition']} {e['pause']} s {e['place']}: '{e['answer']}' -> '{e['text']}' "
                  f"[{e['decision']}]")
    y = res["yesno"]
    print(f"\n== yes/no (clean) == {y['split']}/{y['n']} split; end of turn p50 {_f(y['end_of_turn_ms_p50'])} ms, "
          f"p95 {_f(y['end_of_turn_ms_p95'])} ms" + (f"; split: {y['split_answers']}" if y["split_answers"] else ""))
    print(f"recogniser's final decode after the end: median {res['finish_ms_p50']:.0f} ms, p95 {res['finish_ms_p95']:.0f} ms")
    if "sessions" in res:
        s = res["sessions"]
        print(f"\n== {len(s['runs'])} practice sessions through the CLI (answers paused at unfinished points) ==")
        print(f"  perceived gap (end_of_turn_ms + reply_ms) over {len(s['turns'])} answers and reflections: "
              f"p50 {_f(s['gap_ms_p50'])} ms, p95 {_f(s['gap_ms_p95'])} ms (end of turn p50 "
              f"{_f(s['end_of_turn_ms_p50'])}, reply p50 {_f(s['reply_ms_p50'])})")
        for k, v in s["per_kind"].items():
            print(f"    {k:<12} n={v['n']:<3} p50 {_f(v['gap_ms_p50'])} ms  p95 {_f(v['gap_ms_p95'])} ms")
        print(f"  split answers: {len(s['splits'])}; runs: {s['runs']}")
        for sp in s["splits"]:
            print(f"    SPLIT session {sp['session']}: '{sp['answer']}' -> {sp['turns']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--quick", action="store_true", help="fewer answers and pauses, no noise")
    ap.add_argument("--no-noise", action="store_true", help="clean only")
    ap.add_argument("--noise-only", action="store_true", help="20 and 10 dB only")
    ap.add_argument("--every", type=int, default=1, help="take every Nth answer of each set (a shorter run)")
    ap.add_argument("--materials", default="project,places-pieces,places-cut,librivox")
    ap.add_argument("--sessions", type=int, default=0, help="also run N practice sessions through the CLI")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="override a ListenSettings field or an endpoint constant (repeatable)")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = ap.parse_args(argv)

    def log(s: str) -> None:
        print(s, file=sys.stderr, flush=True)

    settings = apply_overrides(args.set)
    rec = TimedRecognizer(open_recognizer(EngineChoice("sphinx", None)))
    pauses = (0.5, 1.0) if args.quick else PAUSES
    clean = [] if args.noise_only else [("clean", None)]
    noisy = [] if (args.quick or args.no_noise) else [("20 dB live", 20.0), ("10 dB live", 10.0)]
    noisy_pauses = (0.3, 0.8, 1.2)
    wanted = [m.strip() for m in args.materials.split(",") if m.strip() and m.strip() != "none"]
    res: dict = {"settings": dataclasses.asdict(settings), "materials": {}, "load_avg": os.getloadavg()[0]}
    t = time.monotonic()
    for name in wanted:
        log(f"{name}: building")
        if name == "project":
            answers = ANSWERS[::3] if args.quick else ANSWERS[:: args.every]
            turns = project_turns(args.cache, pauses, clean, answers) + project_turns(args.cache, noisy_pauses, noisy,
                                                                                     answers)
        elif name.startswith("places-"):
            style = name.split("-", 1)[1]
            places = PLACES[::4] if args.quick else PLACES[:: args.every]
            turns = places_turns(args.cache, pauses, clean, style, places)
            if style == "cut":
                turns += places_turns(args.cache, noisy_pauses, noisy, style, places)
        elif name == "librivox":
            turns = librivox_turns(args.cache, pauses, clean) + librivox_turns(args.cache, noisy_pauses, noisy)
        else:
            raise SystemExit(f"unknown material {name}")
        log(f"{name}: {len(turns)} turns")
        res["materials"][name] = run_material(rec, turns, settings, log)
        if not args.json:
            for r in res["materials"][name]["rows"]:
                r.pop("decision", None)
    res["yesno"] = run_yesno(rec, args.cache, settings)
    res["finish_ms_p50"] = 1000 * statistics.median(rec.finish_s)
    res["finish_ms_p95"] = 1000 * float(np.percentile(rec.finish_s, 95))
    if args.sessions:
        res["sessions"] = run_sessions(args.sessions, args.cache, log)
    res["wall_s"] = time.monotonic() - t
    res["load_avg_end"] = os.getloadavg()[0]
    if args.json:
        print(json.dumps(res, indent=2))
    else:
        print_report(res)
        print(f"\n(took {res['wall_s']:.0f} s; load average {res['load_avg']:.2f} -> {res['load_avg_end']:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
