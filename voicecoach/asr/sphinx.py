"""PocketSphinx backend with the English model that ships inside its wheel.

The fallback engine: it needs no download, so a first run works offline at once.
Grammar mode compiles the phrases to a JSGF search once and switches to it per utterance.

Cepstral mean normalisation (CMN): the bundled model was trained with *batch* CMN (``-cmn batch``:
each utterance's cepstra minus that utterance's own mean). The first ``process_raw`` with
``full_utt=False`` switches a decoder to *live* CMN for good: every frame minus a running mean that
is only updated at the end of an utterance, starting from the prior ``cmninit`` (40,3,-1 and zeros;
human recordings sit near 53,7,-5 with |c3|, |c4| near 20), which cost 20 % more errors on LibriVox
speech (ENGINES.md, "Measured 2026-12-03"). So:

- a whole buffer of free speech (``decode``: ``transcribe``) is decoded as one full utterance with
  batch CMN, on a fresh feature state, as the engine alone does; a recording with pauses in it is
  decoded piece by piece (``_decode_pieces``);
- a streamed turn keeps live CMN (batch CMN needs the whole turn, and decoding it again after the
  person stops costs ~0.3 s per second of speech), but starts from a measured mean instead of
  ``cmninit``: its first ``HEAD_S`` of audio (less if the person pauses first) is held back, and the
  mean it is decoded with is the exact batch mean of the previous turns and of that head, weighted
  by their length (a search-free second decoder gives it in ~1 ms per second of audio). LibriVox
  from a WAV 0.338 -> 0.296, the ``cards`` speaker 0.381 -> 0.191 (scripts/eval_human.py,
  BENCHMARKS.md). Grammar turns (commands) stream in the mean learnt so far, as before.
"""

from __future__ import annotations

import hashlib
import itertools
import re

from voicecoach.asr.base import Recognizer, RecognizerInfo, Utterance, Word, clean_text, utterance_from_words
from voicecoach.asr.second_pass import SecondPass
from voicecoach.errors import EngineError

FRAMES_PER_S = 100
_PARTIAL_EVERY_BYTES = 6400  # ask for a partial hypothesis every 0.2 s of audio
HEAD_S = 0.5
"""Audio held back at the start of a streamed free-text turn to measure its cepstral mean (seconds);
released at once when the person pauses (``pause``: the Listener calls it after 150 ms of quiet).
0.5, 0.75 and 1.0 s gave the same LibriVox figures; a shorter head is less to decode at a pause."""
WORD_END_SLACK_S = 0.05
"""A streamed word ending this much after the audio a second pass was given means the pass lacks it."""
PIECE_GAP_S = 0.3
"""A long recording given to ``decode`` is cut in the middle of pauses at least this long (seconds)."""
POOL_S = 5.0
"""A piece of a recording is decoded with its own batch mean if it is this long (seconds); a shorter
piece's own mean is pooled with the recording's, in proportion to its length."""
SECOND_PASS_OPTIONS = {"fwdflat": False, "maxhmmpf": 3000}
"""The second pass's decoder: no flat-lexicon rescoring and at most 3,000 active HMMs a frame. Decoding
whole files as the second pass does (batch mean; LibriVox, cards, 34 flite phrases and answers), 4 Dec
2026: WER 0.268 / 0.048 / 0.172 and real-time factor 0.11 / 0.12 / 0.09, against the defaults' 0.282 /
0.048 / 0.179 at 0.27 / 0.35 / 0.18 (machine load 1.0-1.6): as good, in a third of the time, so that
the pass is mostly done inside the end-of-turn window."""
SECOND_PASS_MIN_SPEECH_S = 1.0
"""A turn whose streamed words span less than this (seconds: a command, "yes I did") keeps its streamed
text: its own batch mean, measured on so little speech, is a poor one. The 22 flite phrases of
``scripts/eval_noise.py`` from a WAV, clean, WER over all phrases: 0.147 streamed only, 0.272 with the
second pass for every turn ("repeat" heard "red cape", "how am I doing" "palin I'm doing"), 0.147 with
this floor; LibriVox and the ``cards`` phrases (1.1-3.5 s, human) keep the pass's figures (4 Dec 2026)."""
HISTORY_TURNS = 10
"""Previous turns whose batch means make the prior of the next turn."""
_MIN_MEAN_BYTES = 3200  # audio too short (< 0.1 s) to say anything about a mean


def cmn_string(mean: list[float]) -> str:
    """A cepstral mean as ``Decoder.set_cmn`` takes it."""
    return ",".join(f"{x:.4f}" for x in mean)


def utterance_of(decoder, partials: int) -> Utterance:
    """The utterance a decoder heard (after ``end_utt``): text, and words with times and confidence."""
    hyp = decoder.hyp()
    text = clean_text(hyp.hypstr) if hyp is not None else ""
    words = []
    for seg in decoder.seg() or ():
        token = clean_text(seg.word)
        if not token:
            continue
        words.append(Word(token, seg.start_frame / FRAMES_PER_S, (seg.end_frame + 1) / FRAMES_PER_S,
                          round(min(1.0, max(0.0, seg.prob)), 3)))
    return utterance_from_words(text, words, partials)


def _weighted_mean(parts: list[tuple[list[float], int]]) -> list[float]:
    """The mean of cepstral means, each weighted by how much audio (bytes) it was measured on."""
    total = sum(n for _, n in parts)
    return [sum(m[i] * n for m, n in parts) / total for i in range(len(parts[0][0]))]


class BatchMean:
    """The exact batch cepstral mean of a buffer, as ``-cmn batch`` computes it, without decoding:
    a second decoder with the same acoustic front end, a one-word grammar and no search."""

    def __init__(self, hmm: str, samprate: int) -> None:
        import tempfile
        from pathlib import Path

        from pocketsphinx import Decoder

        with tempfile.TemporaryDirectory(prefix="vc-cmn-") as tmp:
            Path(tmp, "a.dict").write_text("a AH\n")
            Path(tmp, "a.gram").write_text("#JSGF V1.0;\ngrammar g;\npublic <s> = a;\n")
            self._dec = Decoder(samprate=samprate, loglevel="FATAL", hmm=hmm, lm=None, dict=f"{tmp}/a.dict",
                                jsgf=f"{tmp}/a.gram", pl_window=0, topn=1, ds=4)

    def __call__(self, pcm: bytes) -> list[float]:
        self._dec.reinit_feat()
        self._dec.start_utt()
        self._dec.process_raw(pcm, True, True)
        mean = [float(x) for x in self._dec.get_cmn(False).split(",")]
        self._dec.end_utt()
        return mean


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
        try:
            self._batch_mean = BatchMean(self._decoder.config["hmm"], self.sample_rate_hz)
        except (RuntimeError, ValueError) as exc:
            raise EngineError(f"cannot load the PocketSphinx model: {exc}") from None
        self._head: list[bytes] | None = None
        """A free-text turn's first audio, held back until its mean is known (None: not holding)."""
        self._free = False
        self._turn: list[bytes] = []
        """The current free-text turn's audio; its batch mean joins the history at the next turn."""
        self._history: list[tuple[list[float], int]] = []
        """(batch mean, bytes) of the last free-text turns."""
        self._second = SecondPass({**kwargs, **SECOND_PASS_OPTIONS})
        self._second_live = False
        """A second pass of this turn was started at a pause and no speech came after it."""
        self._accepts = 0
        """``accept`` calls since the last ``pause``: more than one means the person spoke again."""

    @property
    def info(self) -> RecognizerInfo:
        return RecognizerInfo(name=self.name, model=str(self._model), lang="en-us")

    def close(self) -> None:
        self._second.close()

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
        self._remember_turn()
        search = self._grammar_search(grammar) if grammar else "_default"
        if self._decoder.current_search() != search:
            self._decoder.activate_search(search)
        self._decoder.start_utt()
        self._in_utt = True
        self._free = not grammar
        self._head = [] if self._free else None
        self._second.cancel()
        self._second_live = False
        self._accepts = 0
        if self._free and self.second_pass:
            self._second.load()
        self._since_partial = 0
        self._last_partial = ""
        self._partials = 0

    def _remember_turn(self) -> None:
        """The last free-text turn's batch mean joins the history (done here, not after the turn,
        so that it costs nothing between the end of a turn and the reply)."""
        pcm = b"".join(self._turn)
        self._turn = []
        if len(pcm) >= _MIN_MEAN_BYTES:
            self._history = [*self._history[-(HISTORY_TURNS - 1):], (self._batch_mean(pcm), len(pcm))]

    def _release_head(self) -> str | None:
        """Decode the held-back head with the mean of the previous turns and of the head itself."""
        head = b"".join(self._head or ())
        self._head = None
        parts = list(self._history)
        if len(head) >= _MIN_MEAN_BYTES:
            parts.append((self._batch_mean(head), len(head)))
        if parts:
            self._set_mean(_weighted_mean(parts))
        return self._stream(head) if head else None

    def _set_mean(self, mean: list[float]) -> None:
        """Decode from here on with this cepstral mean (live CMN)."""
        self._decoder.set_cmn(cmn_string(mean))

    def pause(self) -> str | None:
        if not self._in_utt:
            return None
        partial = self._release_head() if self._head is not None else None
        if self._free and self.second_pass and (not self._second_live or self._accepts > 1):
            self._start_second_pass()
            self._second_live = True
        self._accepts = 0
        return partial

    def _start_second_pass(self) -> None:
        """Decode the turn so far (~150 ms of quiet after its speech) again, with its own batch mean."""
        pcm = b"".join(self._turn)
        self._second.start(pcm, self._batch_mean(pcm))

    def _second_pass_result(self, streamed: Utterance) -> Utterance | None:
        """The second pass of the turn just finished, when the turn is not short
        (``SECOND_PASS_MIN_SPEECH_S``) and the pass covers all of its speech: nobody spoke after the
        pause it began at, as far as the Listener's voice detector could tell, and the streamed pass
        heard no word after it either (a soft last word the detector took for quiet); else, for a file,
        a pass over the whole turn now."""
        live, self._second_live = self._second_live, False
        # (an utterance's times span its words; with none, nothing streamed to weigh against the pass)
        short = bool(streamed.words) and streamed.end_s - streamed.start_s < SECOND_PASS_MIN_SPEECH_S
        if not (live and self.second_pass and self._accepts <= 1) or self._second.failed or short:
            self._second.cancel()
            return None
        heard_after = streamed.words and streamed.words[-1].end_s > self._second.sent_s + WORD_END_SLACK_S
        if heard_after:
            if self.second_pass_wait_s != float("inf"):
                self._second.cancel()
                return None
            self._start_second_pass()
        return self._second.result(self.second_pass_wait_s)

    def accept(self, pcm: bytes) -> str | None:
        if not self._in_utt:
            self.start()
        self._accepts += 1
        if self._head is not None:
            self._head.append(pcm)
            self._turn.append(pcm)
            if sum(map(len, self._head)) < HEAD_S * self.sample_rate_hz * 2:
                return None
            return self._release_head()
        if self._free:
            self._turn.append(pcm)
        return self._stream(pcm)

    def _stream(self, pcm: bytes) -> str | None:
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
        from voicecoach.audio.endpoint import pause_cuts

        try:
            cuts = pause_cuts(pcm, self.sample_rate_hz, PIECE_GAP_S)
            if cuts:
                return self._decode_pieces(pcm, cuts)
            self.start()
            self._free, self._head = False, None  # batch CMN: no prior, and not a turn of the history
            if pcm:
                self._decoder.process_raw(pcm, False, True)
            return self.finish()
        finally:
            self._decoder.reinit_feat()
            if live_mean is not None:
                self._decoder.set_cmn(live_mean)

    def _decode_pieces(self, pcm: bytes, cuts: list[int]) -> Utterance:
        """A recording with pauses in it (a whole session, a voice memo), piece by piece: one
        utterance per stretch of speech, as a person's turns are, each decoded with the cepstral
        mean batch CMN would give it, except that a short piece's own mean (a few words say little
        about a voice) is pooled with the recording's mean by length (``POOL_S``).

        One utterance over a whole 225 s session with two voices took minutes and heard 0.537 of
        its words wrong; piece by piece 0.449 in 58 s (each piece's own batch mean alone: 0.564).
        Five LibriVox sentences in one file: 0.296 -> 0.268. A recording of one sentence has no cut
        and decodes as before."""
        bounds = [0, *cuts, len(pcm)]
        pieces = [pcm[a:b] for a, b in itertools.pairwise(bounds)]
        means = [self._batch_mean(p) for p in pieces]
        whole = _weighted_mean([(m, len(p)) for m, p in zip(means, pieces)])
        texts: list[str] = []
        words: list[Word] = []
        for start, piece, own in zip(bounds, pieces, means):
            w = min(1.0, len(piece) / (2 * self.sample_rate_hz * POOL_S))
            self._decoder.reinit_feat()
            self._set_mean([w * o + (1 - w) * g for o, g in zip(own, whole)])
            self.start()
            self._free, self._head = False, None
            self._decoder.process_raw(piece, False, False)
            utt = self.finish()
            offset = start / (2 * self.sample_rate_hz)
            if utt.text:
                texts.append(utt.text)
            words += [Word(x.word, x.start_s + offset, x.end_s + offset, x.conf) for x in utt.words]
        return utterance_from_words(" ".join(texts), words, 0)

    def finish(self) -> Utterance:
        if not self._in_utt:
            return Utterance("")
        if self._head is not None:
            self._release_head()
        self._decoder.end_utt()
        self._in_utt = False
        streamed = utterance_of(self._decoder, self._partials)
        again = self._second_pass_result(streamed)
        if again is None:
            return streamed
        return Utterance(again.text, again.words, again.confidence, again.start_s, again.end_s, self._partials,
                         streamed=streamed)
