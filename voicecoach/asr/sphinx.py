"""PocketSphinx backend with the English model that ships inside its wheel.

The fallback engine: it needs no download, so a first run works offline at once.
Grammar mode compiles the phrases to a JSGF search once and switches to it per utterance.

Cepstral mean normalisation (CMN): the bundled model was trained with *batch* CMN (``-cmn batch``:
each utterance's cepstra minus that utterance's own mean). The first ``process_raw`` with
``full_utt=False`` switches a decoder to *live* CMN for good, starting from the prior ``cmninit``
(40,3,-1; human recordings sit near 53,7,-5), which cost 20 % more errors on LibriVox speech
(ENGINES.md, "Measured 2026-12-03"). So a whole buffer of free speech (``decode``: ``transcribe``)
is decoded as one full utterance with batch CMN, on a fresh feature state, as the engine alone
does. A streamed turn keeps live CMN: batch CMN needs the whole turn, and decoding it again after
the person stops costs ~0.3 s per second of speech (scripts/eval_human.py, BENCHMARKS.md).
"""

from __future__ import annotations

import hashlib
import re

from voicecoach.asr.base import Recognizer, RecognizerInfo, Utterance, Word, clean_text, utterance_from_words
from voicecoach.errors import EngineError

FRAMES_PER_S = 100
_PARTIAL_EVERY_BYTES = 6400  # ask for a partial hypothesis every 0.2 s of audio


class SphinxRecognizer(Recognizer):
    name = "sphinx"

    def __init__(self, model_dir: str | None = None) -> None:
        try:
            from pocketsphinx import Decoder, get_model_path
        except ImportError as exc:  # pragma: no cover - dependency missing
            raise EngineError(f"PocketSphinx is not installed ({exc}); run `pip install pocketsphinx`") from None
        # fwdflat (a second search pass at the end of each utterance) costs ~100 ms per turn; without
        # it WER rose from 0.088 to 0.104 on 88 spoken turns (commitments 0.072 -> 0.126), and the
        # coach scores what it hears, so accuracy wins (scripts/eval_turns.py, scripts/bench.py)
        kwargs: dict = {"samprate": self.sample_rate_hz, "loglevel": "FATAL"}
        if model_dir:
            kwargs.update(hmm=f"{model_dir}/en-us", lm=f"{model_dir}/en-us.lm.bin", dict=f"{model_dir}/cmudict-en-us.dict")
        try:
            self._decoder = Decoder(**kwargs)
        except (RuntimeError, ValueError) as exc:
            raise EngineError(f"cannot load the PocketSphinx model: {exc}") from None
        self._model = model_dir or get_model_path()
        self._searches: dict[str, str] = {}
        self._in_utt = False
        self._since_partial = 0
        self._last_partial = ""
        self._partials = 0
        self._streamed = False
        """Whether audio was ever streamed (the decoder then uses live CMN)."""

    @property
    def info(self) -> RecognizerInfo:
        return RecognizerInfo(name=self.name, model=str(self._model), lang="en-us")

    def in_vocabulary(self, word: str) -> bool:
        return self._decoder.lookup_word(word.lower()) is not None

    def _grammar_search(self, phrases: list[str]) -> str:
        usable = []
        for phrase in phrases:
            words = re.findall(r"[a-z']+", phrase.lower())
            if words and all(self.in_vocabulary(w) for w in words):
                usable.append(" ".join(words))
        if not usable:
            raise EngineError("none of the grammar phrases are in the PocketSphinx dictionary")
        key = "g" + hashlib.sha1("\n".join(sorted(set(usable))).encode()).hexdigest()[:12]
        if key not in self._searches:
            body = " | ".join(sorted(set(usable)))
            self._decoder.add_jsgf_string(key, f"#JSGF V1.0;\ngrammar {key};\npublic <s> = {body};\n")
            self._searches[key] = body
        return key

    def start(self, grammar: list[str] | None = None) -> None:
        if self._in_utt:
            self._decoder.end_utt()
        search = self._grammar_search(grammar) if grammar else "_default"
        if self._decoder.current_search() != search:
            self._decoder.activate_search(search)
        self._decoder.start_utt()
        self._in_utt = True
        self._since_partial = 0
        self._last_partial = ""
        self._partials = 0

    def accept(self, pcm: bytes) -> str | None:
        if not self._in_utt:
            self.start()
        self._decoder.process_raw(pcm, False, False)
        self._streamed = True
        self._since_partial += len(pcm)
        if self._since_partial < _PARTIAL_EVERY_BYTES:
            return None
        self._since_partial = 0
        hyp = self._decoder.hyp()
        text = clean_text(hyp.hypstr) if hyp is not None else ""
        if text and text != self._last_partial:
            self._last_partial = text
            self._partials += 1
            return text
        return None

    def decode(self, pcm: bytes, grammar: list[str] | None = None, chunk_bytes: int = 8000) -> Utterance:
        """Recognise a whole buffer.

        Free text (``transcribe``): one full utterance with batch CMN, what the model was trained
        with, exactly as ``process_raw(pcm, full_utt=True)`` on a new decoder does; the live mean
        learnt from streamed turns is kept for the next streamed turn. LibriVox: 0.338 -> 0.282.

        Against a grammar (the session's check of a short utterance for a voice command): streamed
        as before, in the live mean learnt from the person's turns. A one-word command's own batch
        mean is a poor one: batch decoding took a flite-spoken "sure" for "share", then the grammar
        for "slower" (tests/test_commands.py).
        """
        if grammar:
            return super().decode(pcm, grammar, chunk_bytes)
        if self._in_utt:
            self._decoder.end_utt()
            self._in_utt = False
        live_mean = self._decoder.get_cmn(False) if self._streamed else None
        # batch CMN again (streaming had switched it to live for good), and a fresh noise estimate
        self._decoder.reinit_feat()
        try:
            self.start()
            if pcm:
                self._decoder.process_raw(pcm, False, True)
            return self.finish()
        finally:
            if live_mean is not None:
                self._decoder.reinit_feat()
                self._decoder.set_cmn(live_mean)

    def finish(self) -> Utterance:
        if not self._in_utt:
            return Utterance("")
        self._decoder.end_utt()
        self._in_utt = False
        hyp = self._decoder.hyp()
        text = clean_text(hyp.hypstr) if hyp is not None else ""
        words = []
        for seg in self._decoder.seg() or ():
            token = clean_text(seg.word)
            if not token:
                continue
            words.append(Word(token, seg.start_frame / FRAMES_PER_S, (seg.end_frame + 1) / FRAMES_PER_S,
                              round(min(1.0, max(0.0, seg.prob)), 3)))
        return utterance_from_words(text, words, self._partials)
