"""Speech recognition: a name → factory registry over the backends.

Backends are imported only when chosen (Vosk costs 0.2 s to import and seconds to load a model).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from voicecoach.asr.base import Recognizer, Utterance, Word
from voicecoach.errors import EngineError

ENGINE_NAMES = ("auto", "vosk", "sphinx")
_notified = False


@dataclass(frozen=True)
class EngineChoice:
    name: str
    """"vosk" or "sphinx"."""
    model: Path | None
    """Model folder for Vosk; None for PocketSphinx's bundled model."""


def _vosk_factory(model: Path | None) -> Recognizer:
    from voicecoach.asr.vosk import VoskRecognizer

    if model is None:
        raise EngineError("the Vosk engine needs a model; run `voicecoach model download` or give --model DIR")
    return VoskRecognizer(model)


def _sphinx_factory(model: Path | None) -> Recognizer:
    from voicecoach.asr.sphinx import SphinxRecognizer

    return SphinxRecognizer(str(model) if model else None)


FACTORIES: dict[str, Callable[[Path | None], Recognizer]] = {"vosk": _vosk_factory, "sphinx": _sphinx_factory}


def choose_engine(engine: str = "auto", model: str | Path | None = None, *, quiet: bool = False) -> EngineChoice:
    """Resolve ``--engine``/``--model`` to a backend and a model folder.

    ``auto`` takes Vosk when a model was given or an English Vosk model is installed, otherwise
    PocketSphinx, and says once on stderr how to get the better model.
    """
    global _notified
    engine = (engine or "auto").lower()
    if engine not in ENGINE_NAMES:
        raise EngineError(f"unknown engine '{engine}'; choose one of: {', '.join(ENGINE_NAMES)}")
    from voicecoach.asr import models

    if engine == "sphinx":
        return EngineChoice("sphinx", None)
    if model is not None:
        return EngineChoice("vosk", models.resolve_model(str(model)))
    if engine == "vosk":
        return EngineChoice("vosk", models.resolve_model(None))
    found = models.default_model_path()
    if found is not None and (models.model_language(found) or "en").startswith("en"):
        return EngineChoice("vosk", found)
    if not quiet and not _notified:
        _notified = True
        print(
            "voicecoach: using PocketSphinx (no English Vosk model installed yet); "
            "for better recognition run `voicecoach model download`",
            file=sys.stderr,
        )
    return EngineChoice("sphinx", None)


def describe_engine(choice: EngineChoice) -> str:
    """Which recogniser and model a choice means, in a few words for people.

    "Vosk, model vosk-model-small-en-us-0.15 (en-us)" or "PocketSphinx, its built-in English model".
    """
    if choice.name == "vosk":
        from voicecoach.asr import models

        folder = choice.model
        name = folder.name if folder is not None else "?"
        if folder is not None and name.lower() in ("model", "models") and folder.parent.name:
            name = folder.parent.name  # a package's model/ folder: name it by its package
        lang = models.model_language(folder) if folder is not None else None
        return f"Vosk, model {name}" + (f" ({lang})" if lang else "")
    return "PocketSphinx, its built-in English model"


def open_recognizer(choice: EngineChoice) -> Recognizer:
    """Build the recogniser (loads the model: seconds for Vosk)."""
    return FACTORIES[choice.name](choice.model)


_loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="asr-load")


def open_recognizer_async(choice: EngineChoice) -> Future[Recognizer]:
    """Start loading the recogniser in the background, so the first prompt can play meanwhile."""
    return _loader.submit(open_recognizer, choice)


__all__ = [
    "ENGINE_NAMES",
    "EngineChoice",
    "Recognizer",
    "Utterance",
    "Word",
    "choose_engine",
    "describe_engine",
    "open_recognizer",
    "open_recognizer_async",
]
