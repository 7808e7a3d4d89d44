"""Vosk backend: the main engine.

The model is loaded once per process and shared by every recogniser (it is thread-safe to
share); a grammar recogniser is built once per grammar and reused, so switching between free
text and yes/no or command grammars never reloads the model.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from voicecoach.asr.base import Recognizer, RecognizerInfo, Utterance, Word, clean_text, utterance_from_words
from voicecoach.errors import EngineError

_models: dict[str, object] = {}
_models_lock = threading.Lock()


def load_model(path: str | Path):
    """The ``vosk.Model`` at ``path``, loaded at most once per process."""
    key = str(Path(path).resolve())
    with _models_lock:
        model = _models.get(key)
        if model is None:
            from voicecoach.asr.models import check_vosk_model

            folder = check_vosk_model(Path(key))
            try:
                import vosk
            except ImportError as exc:  # pragma: no cover
                raise EngineError(f"Vosk is not installed ({exc}); run `pip install vosk`") from None
            vosk.SetLogLevel(-2)
            try:
                model = vosk.Model(str(folder))
            except Exception as exc:  # vosk raises a bare Exception on a bad model
                raise EngineError(f"cannot load the Vosk model at {folder}: {exc}") from None
            _models[key] = model
        return model


class VoskRecognizer(Recognizer):
    name = "vosk"

    def __init__(self, model_path: str | Path) -> None:
        self._path = Path(model_path)
        self._model = load_model(model_path)
        self._grammars: dict[str, object] = {}
        self._segments: list[dict] = []
        self._last_partial = ""
        self._partials = 0
        self.forget()  # the free recogniser, nothing heard yet

    @property
    def info(self) -> RecognizerInfo:
        from voicecoach.asr.models import model_language

        return RecognizerInfo(name=self.name, model=str(self._path), lang=model_language(self._path))

    def _grammar_recognizer(self, phrases: list[str]):
        import vosk

        key = json.dumps(sorted(set(phrases)), ensure_ascii=False)
        rec = self._grammars.get(key)
        if rec is None:
            rec = vosk.KaldiRecognizer(self._model, self.sample_rate_hz, key)
            rec.SetWords(True)
            self._grammars[key] = rec
        return rec

    def forget(self) -> None:
        """New recognisers on the same model: Vosk's Reset keeps the clock of word times and the speaker
        adaptation running, so a file decoded after another got later times and other words."""
        import vosk

        self._free = vosk.KaldiRecognizer(self._model, self.sample_rate_hz)
        self._free.SetWords(True)
        self._grammars.clear()
        self._rec = self._free
        self._active = False

    def start(self, grammar: list[str] | None = None) -> None:
        self._rec = self._grammar_recognizer(grammar) if grammar else self._free
        self._rec.Reset()
        self._segments = []
        self._last_partial = ""
        self._partials = 0
        self._active = True

    def accept(self, pcm: bytes) -> str | None:
        if not self._active:
            self.start()
        if self._rec.AcceptWaveform(pcm):
            self._segments.append(json.loads(self._rec.Result()))
            return None
        partial = clean_text(json.loads(self._rec.PartialResult()).get("partial", ""))
        done = " ".join(clean_text(s.get("text", "")) for s in self._segments).strip()
        text = f"{done} {partial}".strip()
        if text and text != self._last_partial:
            self._last_partial = text
            self._partials += 1
            return text
        return None

    def finish(self) -> Utterance:
        if not self._active:
            return Utterance("")
        self._segments.append(json.loads(self._rec.FinalResult()))
        self._active = False
        words = [
            Word(clean_text(w["word"]), float(w["start"]), float(w["end"]), round(float(w.get("conf", 1.0)), 3))
            for seg in self._segments
            for w in seg.get("result", [])
            if clean_text(w["word"])
        ]
        text = " ".join(t for t in (clean_text(s.get("text", "")) for s in self._segments) if t)
        return utterance_from_words(text, words, self._partials)
