#!/usr/bin/env python3
"""The cepstral-mean options measured for PocketSphinx's streamed path (BENCHMARKS.md, "Human speech").

Each option is a variant of ``SphinxRecognizer`` heard through ``Listener`` on the LibriVox stream of
scripts/eval_human.py: from a WAV (no suppression) and from a live source over a -55 dBFS room floor
(suppression level 1 and 2). Second passes are run at once (no time slicing): the WER is what such a
pass gives, the "+s" column what it costs (audio decoded a second time). An experiment, not product
code: the exact batch mean of any audio comes from a second, search-free decoder (~5 MB, ~1 ms per
second of audio).

Usage: python scripts/eval_human_cmn.py [--sources file,live1,live2] [--options NAME,...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import eval_human as eh  # noqa: E402

from voicecoach.asr.base import Utterance  # noqa: E402
from voicecoach.asr.sphinx import SphinxRecognizer  # noqa: E402


def _arr(s: str) -> np.ndarray:
    return np.array([float(x) for x in s.split(",")])


def _fmt(v: np.ndarray) -> str:
    return ",".join(f"{x:.4f}" for x in v)


class BatchMean:
    """Exact batch cepstral mean of a buffer: features only, a one-word grammar, top-1 Gaussians."""

    def __init__(self) -> None:
        from pocketsphinx import Decoder, get_model_path

        with tempfile.TemporaryDirectory() as tmp:
            Path(tmp, "a.dict").write_text("a AH\n")
            Path(tmp, "a.gram").write_text("#JSGF V1.0;\ngrammar g;\npublic <s> = a;\n")
            self.dec = Decoder(samprate=16000, loglevel="FATAL", hmm=f"{get_model_path()}/en-us/en-us",
                               lm=None, dict=f"{tmp}/a.dict", jsgf=f"{tmp}/a.gram", pl_window=0, topn=1, ds=4)

    def __call__(self, pcm: bytes) -> np.ndarray:
        self.dec.reinit_feat()
        self.dec.start_utt()
        self.dec.process_raw(pcm, True, True)
        mean = _arr(self.dec.get_cmn(False))
        self.dec.end_utt()
        return mean


class Option(SphinxRecognizer):
    def __init__(self, prior: str = "carry", checkpoints_s: tuple[float, ...] = (), final: bool = False,
                 trim_s: float = 0.0, reinit: bool = False) -> None:
        super().__init__()
        self.prior, self.checkpoints_s, self.final = prior, checkpoints_s, final
        self.trim_s, self.reinit = trim_s, reinit
        self.mean = BatchMean()
        self.history: list[tuple[np.ndarray, int]] = []
        self.redecoded_s = 0.0

    def start(self, grammar=None) -> None:
        if self.reinit and not self._in_utt:
            self._decoder.reinit_feat()
        super().start(grammar)
        self._buf = bytearray()
        self._next = 0
        if self.prior == "previous turns" and self.history:
            w = np.array([n for _, n in self.history[-5:]], float)
            m = np.array([m for m, _ in self.history[-5:]])
            self._decoder.set_cmn(_fmt((m * w[:, None]).sum(0) / w.sum()))

    def _restart(self, upto: int) -> None:
        mean = self.mean(bytes(self._buf[:upto]))
        self._decoder.end_utt()
        self._decoder.reinit_feat()
        self._decoder.start_utt()
        self._decoder.set_cmn(_fmt(mean))
        for i in range(0, upto, 3840):
            self._decoder.process_raw(bytes(self._buf[i : min(upto, i + 3840)]), False, False)
        self.redecoded_s += upto / 32000

    def accept(self, pcm: bytes):
        if not self._in_utt:
            self.start()
        self._buf += pcm
        out = super().accept(pcm)
        marks = self.checkpoints_s
        while self._next < len(marks) and len(self._buf) >= marks[self._next] * 32000:
            self._next += 1
            self._restart(len(self._buf))
        return out

    def finish(self) -> Utterance:
        if not self._in_utt:
            return Utterance("")
        if self.final and self._buf:
            self._restart(max(0, len(self._buf) - int(self.trim_s * 32000)) // 2 * 2)
        if len(self._buf) > 9600:
            self.history.append((self.mean(bytes(self._buf)), len(self._buf) // 320))
        return super().finish()


OPTIONS = {
    "as shipped: live CMN carried from turn to turn": {},
    "each turn from cmninit again (per-turn reinit)": {"reinit": True},
    "prior = exact batch mean of the previous turns": {"prior": "previous turns"},
    "restart after 1 s with the turn's own mean so far": {"checkpoints_s": (1.0,)},
    "final pass, own batch mean, trailing window included": {"final": True},
    "final pass, own batch mean up to the end of speech": {"final": True, "trim_s": 1.2},
}


def main(argv: list[str] | None = None) -> int:
    from voicecoach.config import ListenSettings

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", default="file,live1,live2")
    ap.add_argument("--options", default=",".join(str(i) for i in range(len(OPTIONS))),
                    help="indexes into the option list (0 = as shipped)")
    args = ap.parse_args(argv)
    items = eh.librivox()
    if not items:
        print("eval_human_cmn: install Debian's pocketsphinx-testdata", file=sys.stderr)
        return 2
    names = list(OPTIONS)
    for i in (int(x) for x in args.options.split(",")):
        cells = []
        for src in args.sources.split(","):
            rec = Option(**OPTIONS[names[i]])
            if src == "file":
                res = eh.live_file(items, rec)
            else:
                res = eh.live_mic(items, rec, ListenSettings(noise_suppression=int(src[-1])))
            cells.append(f"{src} {res['wer']:.3f} (+{rec.redecoded_s:.0f} s)")
        print(f"{names[i]:<55}" + " | ".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
