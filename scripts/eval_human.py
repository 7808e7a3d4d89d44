#!/usr/bin/env python3
"""Real human speech through voicecoach against the engine itself (PocketSphinx, bundled model).

The speech: the LibriVox sentences of Debian's ``pocketsphinx-testdata`` package
(/usr/share/pocketsphinx/test/data/librivox: 5 files, 24.7 s, 71 words, one reader), which nobody
here wrote or tuned against. Word error rate over the whole set (all edits / all reference words),
words normalised by ``tests/speech.words``:

- ``raw``: the engine given each file as one full utterance on a new decoder
  (``Decoder().process_raw(pcm, full_utt=True)``): what PocketSphinx itself hears;
- ``transcribe``: the installed ``voicecoach transcribe --engine sphinx --json`` on the five files;
- ``live file``: the files joined with silences, heard turn by turn through ``Listener`` from a
  WAV file (``--input``: no noise suppression), as a session hears them;
- ``live mic``: the same stream with a quiet room's noise floor (-55 dBFS brown noise) through a
  live source (calibration, noise suppression as a microphone gets it);
- ``paced`` (only when asked for): ``live mic`` delivered in real time, with each turn's end-of-turn
  lag (wall time from the last audio read to the final text; depends on the machine's load).

``--set cards``: the ``cards`` recordings of the same package instead (5 files, 9.2 s, 21 words, another
speaker, short command-like phrases: "ten of clubs", "five five"), where the start of a session
matters most.

Usage: python scripts/eval_human.py [--json] [--only raw,transcribe,file,mic,paced] [--set librivox|cards]
                                    [--kind yesno|answer|reflection|commitment]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from speech import corpus_wer  # noqa: E402

LIBRIVOX = Path("/usr/share/pocketsphinx/test/data/librivox")
CARDS = Path("/usr/share/pocketsphinx/test/data/cards")
RATE = 16000
LEAD_S = 1.0
GAP_S = 2.5
"""Silence after each sentence in the joined stream: longer than any end-of-turn window."""
ROOM_FLOOR_DBFS = -55.0
"""The quiet room under the live-microphone stream (the recordings' own floor is near -50 dBFS)."""


def _transcribed(folder: Path, listing_name: str) -> list[tuple[Path, str]]:
    """(WAV file, reference text) for each line ``<s> text </s> (id)`` of a Sphinx transcription
    listing whose ``id.wav`` is in ``folder``; [] when the package is absent."""
    listing = folder / listing_name
    if not listing.exists():
        return []
    out = []
    for line in listing.read_text().splitlines():
        m = re.match(r"\s*(?:<s>)?\s*(.*?)\s*(?:</s>)?\s*\((\S+)\)\s*$", line)
        if m and (folder / f"{m.group(2)}.wav").exists():
            out.append((folder / f"{m.group(2)}.wav", m.group(1)))
    return out


def librivox() -> list[tuple[Path, str]]:
    """The LibriVox sentences (one reader)."""
    return _transcribed(LIBRIVOX, "transcription")


def cards() -> list[tuple[Path, str]]:
    """The ``cards`` recordings (another speaker, short phrases)."""
    return _transcribed(CARDS, "cards.transcription")


SETS = {"librivox": librivox, "cards": cards}


def pcm_of(path: Path) -> bytes:
    from voicecoach.audio.wavio import read_wav_pcm16

    return read_wav_pcm16(path, RATE)


def silence(seconds: float) -> bytes:
    return b"\x00\x00" * int(seconds * RATE)


def joined(items: list[tuple[Path, str]], floor_dbfs: float | None = None, seed: int = 0) -> bytes:
    """The sentences one after another with silences between (and a noise floor under all of it)."""
    pcm = b"".join([silence(LEAD_S)] + [pcm_of(p) + silence(GAP_S) for p, _ in items])
    if floor_dbfs is None:
        return pcm
    rng = np.random.default_rng(seed)
    brown = np.cumsum(rng.standard_normal(len(pcm) // 2))
    brown -= np.convolve(brown, np.ones(801) / 801, mode="same")  # no drift
    brown *= 32768 * 10 ** (floor_dbfs / 20) / np.sqrt(np.mean(brown**2))
    x = np.frombuffer(pcm, "<i2") + brown
    return np.clip(x, -32768, 32767).astype("<i2").tobytes()


def reference(items: list[tuple[Path, str]]) -> str:
    return " ".join(ref for _, ref in items)


# ------------------------------------------------------------------------------------------ the four paths
def raw_engine(items: list[tuple[Path, str]]) -> dict:
    """PocketSphinx alone: each file as one full utterance on a new decoder (its own batch CMN)."""
    from pocketsphinx import Decoder

    from voicecoach.asr.base import clean_text

    texts = []
    t0 = time.perf_counter()
    for path, _ in items:
        dec = Decoder(samprate=RATE, loglevel="FATAL")
        dec.start_utt()
        dec.process_raw(pcm_of(path), False, True)
        dec.end_utt()
        hyp = dec.hyp()
        texts.append(clean_text(hyp.hypstr) if hyp is not None else "")
    return _result(items, texts, time.perf_counter() - t0)


def transcribe_cli(items: list[tuple[Path, str]], vc: list[str] | None = None) -> dict:
    """The installed ``voicecoach transcribe --engine sphinx --json`` on the files."""
    vc = vc or voicecoach_command()
    t0 = time.perf_counter()
    res = subprocess.run([*vc, "transcribe", *[str(p) for p, _ in items], "--engine", "sphinx", "--json"],
                         capture_output=True, text=True, timeout=600)
    if res.returncode != 0:
        raise RuntimeError(f"voicecoach transcribe failed ({res.returncode}): {res.stderr.strip()}")
    texts = [item["text"] for item in json.loads(res.stdout)]
    return _result(items, texts, time.perf_counter() - t0)


def voicecoach_command() -> list[str]:
    exe = Path(sys.executable).with_name("voicecoach")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "voicecoach"]


def listen_all(listener) -> list[str]:
    """Every turn heard until the input ends (texts of turns with speech)."""
    texts = []
    while True:
        heard = listener.listen()
        if heard.end_of_input:
            return texts
        if heard.pcm and not heard.timed_out:
            texts.append(heard.text)


def live_file(items: list[tuple[Path, str]], recognizer=None) -> dict:
    """The sentences in one WAV, heard through ``Listener`` from a ``WavSource`` (as ``--input``)."""
    from voicecoach.asr import EngineChoice, open_recognizer
    from voicecoach.audio.listener import Listener
    from voicecoach.audio.sources import WavSource
    from voicecoach.audio.wavio import write_wav
    from voicecoach.config import ListenSettings

    rec = recognizer or open_recognizer(EngineChoice("sphinx", None))
    with tempfile.TemporaryDirectory(prefix="vc-human-") as tmp:
        wav = write_wav(Path(tmp) / "librivox.wav", joined(items), RATE, private=False)
        listener = Listener(WavSource(wav), rec, ListenSettings())
        t0 = time.perf_counter()
        texts = listen_all(listener)
    return _result(items, texts, time.perf_counter() - t0, joined_turns=True)


def live_mic(items: list[tuple[Path, str]], recognizer=None, settings=None) -> dict:
    """The same stream over a quiet room's floor, from a live source: calibrated, noise suppression
    as ``Listener`` chooses it for a microphone."""
    from voicecoach.asr import EngineChoice, open_recognizer
    from voicecoach.audio.listener import Listener
    from voicecoach.audio.sources import PcmSource
    from voicecoach.config import ListenSettings

    class LiveSource(PcmSource):
        live = True

    rec = recognizer or open_recognizer(EngineChoice("sphinx", None))
    # not paced: the end-of-turn window takes no time here, so the second pass is waited for (``paced``
    # measures the real-time path, where it gets the window and at most ``second_pass_wait_s`` more)
    settings = settings or ListenSettings(second_pass_wait_s=float("inf"))
    listener = Listener(LiveSource(joined(items, ROOM_FLOOR_DBFS)), rec, settings)
    listener.calibrate()
    t0 = time.perf_counter()
    texts = listen_all(listener)
    out = _result(items, texts, time.perf_counter() - t0, joined_turns=True)
    out["suppression"] = listener.denoiser.level if listener.denoiser is not None else 0
    return out


def live_paced(items: list[tuple[Path, str]], recognizer=None, kind: str = "yesno") -> dict:
    """As ``live mic``, but the source delivers audio in real time, as a microphone does; per turn,
    ``lag_ms`` is the wall time from the moment the last audio the turn read was spoken to the
    final text (the turn's end-of-turn lag beyond its quiet window). ``kind``: the end-of-turn
    windows used (``yesno``: the shortest, where any decoding backlog shows most)."""
    from voicecoach.asr import EngineChoice, open_recognizer
    from voicecoach.audio.listener import Listener
    from voicecoach.audio.sources import PcmSource
    from voicecoach.config import ListenSettings

    class PacedSource(PcmSource):
        live = True
        t0: float | None = None

        def read(self, n_bytes: int) -> bytes:
            if self.t0 is None:
                self.t0 = time.monotonic()
            out = super().read(n_bytes)
            ahead = self.t0 + self.tell() / (2 * RATE) - time.monotonic()
            if ahead > 0:
                time.sleep(ahead)
            return out

    rec = recognizer or open_recognizer(EngineChoice("sphinx", None))
    src = PacedSource(joined(items, ROOM_FLOOR_DBFS))
    listener = Listener(src, rec, ListenSettings())
    listener.calibrate()
    texts, lags = [], []
    t0 = time.perf_counter()
    while True:
        heard = listener.listen(kind)
        done = time.monotonic()
        if heard.end_of_input:
            break
        if heard.pcm and not heard.timed_out:
            texts.append(heard.text)
            lags.append(round((done - (src.t0 + src.tell() / (2 * RATE))) * 1000))
    out = _result(items, texts, time.perf_counter() - t0, joined_turns=True)
    out["lag_ms"] = lags
    out["lag_ms_median"] = sorted(lags)[len(lags) // 2] if lags else None
    with open("/proc/loadavg") as fh:
        out["loadavg"] = fh.read().split()[0]
    return out


def _result(items, texts: list[str], seconds: float, joined_turns: bool = False) -> dict:
    if joined_turns:  # turns need not fall exactly on sentences: score the whole stream
        value = corpus_wer([(reference(items), " ".join(texts))])
    else:
        value = corpus_wer(zip((ref for _, ref in items), texts))
    return {"wer": round(value, 4), "texts": texts, "turns": len(texts), "seconds": round(seconds, 2)}


PATHS = {"raw": raw_engine, "transcribe": transcribe_cli, "file": live_file, "mic": live_mic,
         "paced": live_paced}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--only", default="raw,transcribe,file,mic",
                    help="comma-separated: raw, transcribe, file, mic, paced (default: all but paced)")
    ap.add_argument("--kind", default="yesno", choices=["yesno", "answer", "reflection", "commitment"],
                    help="paced: the step whose end-of-turn windows are used (default yesno, the shortest; "
                         "a yes/no turn has no second pass, a reflection does)")
    ap.add_argument("--set", default="librivox", choices=list(SETS),
                    help="which recordings (default librivox)")
    args = ap.parse_args(argv)
    items = SETS[args.set]()
    if not items:
        print(f"eval_human: no {args.set} files: install Debian's pocketsphinx-testdata "
              "(scripts/install-system-deps.sh)", file=sys.stderr)
        return 2
    where = LIBRIVOX if args.set == "librivox" else CARDS
    what = "LibriVox sentences" if args.set == "librivox" else "cards phrases"
    res: dict = {"speech": f"{len(items)} {what} ({where})",
                 "words": sum(len(ref.split()) for _, ref in items)}
    for name in [n.strip() for n in args.only.split(",") if n.strip()]:
        res[name] = live_paced(items, kind=args.kind) if name == "paced" else PATHS[name](items)
    if "raw" in res:
        for name in ("transcribe", "file", "mic", "paced"):
            if name in res and res["raw"]["wer"]:
                res[name]["ratio_to_raw"] = round(res[name]["wer"] / res["raw"]["wer"], 3)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"Human speech: {res['speech']}, {res['words']} words; PocketSphinx bundled en-us model")
    print(f"{'path':<12}{'WER':>8}{'/ raw':>8}{'turns':>7}{'s':>7}")
    for name in PATHS:
        if name in res:
            r = res[name]
            ratio = r.get("ratio_to_raw", 1.0 if name == "raw" else float("nan"))
            extra = f"   suppression {r['suppression']}" if "suppression" in r else ""
            if "lag_ms" in r:
                extra += (f"   end-of-turn lag ms {r['lag_ms']} (median {r['lag_ms_median']}, "
                          f"load {r['loadavg']})")
            print(f"{name:<12}{r['wer']:>8.3f}{ratio:>8.3f}{r['turns']:>7}{r['seconds']:>7.1f}{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
