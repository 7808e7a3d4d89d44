"""The one interface every recognition backend implements.

Audio streams in while the person speaks (``accept``), partial text comes out as it grows,
and ``finish`` returns the final utterance with word times and a confidence. Audio is always
16 kHz mono 16-bit PCM (``voicecoach.audio.format.ASR_RATE_HZ``): sources convert at the edge.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Word:
    word: str
    start_s: float
    """Start time from the beginning of the utterance (seconds)."""
    end_s: float
    conf: float | None = None


@dataclass(frozen=True)
class Utterance:
    """What the engine heard in one turn."""

    text: str
    words: tuple[Word, ...] = ()
    confidence: float | None = None
    """0..1 where the engine gives one (mean word confidence), else None."""
    start_s: float = 0.0
    """Start of speech, from the start of listening (seconds)."""
    end_s: float = 0.0
    """End of speech, from the start of listening (seconds)."""
    partials: int = 0
    """How many partial results arrived while the audio streamed."""
    streamed: Utterance | None = None
    """What the streamed pass heard, when a second pass over the turn gave ``text`` instead (the session
    still checks it for a voice command, with its confidence, as before the second pass)."""

    def to_dict(self) -> dict:
        data = asdict(self)
        data["words"] = [asdict(w) for w in self.words]
        data["streamed"] = self.streamed.to_dict() if self.streamed is not None else None
        return data


@dataclass
class RecognizerInfo:
    name: str
    model: str
    lang: str | None = None
    extra: dict = field(default_factory=dict)


class Recognizer(ABC):
    """A streaming speech recogniser bound to one loaded model.

    The model is loaded once when the recogniser is built; ``start`` begins a new utterance
    cheaply, optionally restricted to a grammar (a list of phrases) without reloading anything.
    """

    name: str = "base"
    sample_rate_hz: int = 16000
    second_pass: bool = False
    """Whether a free-text turn may be decoded a second time once the speaker stops (engines that
    support it; the Listener turns it off where noise suppression is strong)."""
    second_pass_wait_s: float = float("inf")
    """How long the end of a turn waits for its second pass; past it the streamed text stands (a live
    microphone bounds it, a file waits)."""

    @abstractmethod
    def start(self, grammar: list[str] | None = None) -> None:
        """Begin an utterance (free text, or only ``grammar`` phrases)."""

    @abstractmethod
    def accept(self, pcm: bytes) -> str | None:
        """Feed 16 kHz mono 16-bit PCM; returns the partial text when it changed, else None."""

    def pause(self) -> str | None:
        """The speaker has gone quiet (and may go on): audio held back is decoded now. Returns the
        partial text when it changed, like ``accept``."""
        return None

    @abstractmethod
    def finish(self) -> Utterance:
        """End the utterance and return the final result."""

    @property
    @abstractmethod
    def info(self) -> RecognizerInfo: ...

    def decode(self, pcm: bytes, grammar: list[str] | None = None, chunk_bytes: int = 8000) -> Utterance:
        """Recognise a whole buffer, streaming it in chunks as a microphone would."""
        self.start(grammar)
        for i in range(0, len(pcm), chunk_bytes):
            self.accept(pcm[i : i + chunk_bytes])
        return self.finish()

    def forget(self) -> None:  # noqa: B027 - optional hook
        """Forget what was heard before (the clock of word times, any speaker adaptation): the next audio is
        decoded as if it came first. ``transcribe`` calls it before each file; a session does not."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Free the engine's resources."""


def utterance_from_words(text: str, words: list[Word], partials: int) -> Utterance:
    """An Utterance whose confidence is the mean word confidence and whose times span the words."""
    conf = round(sum(w.conf or 0 for w in words) / len(words), 3) if words else None
    start = words[0].start_s if words else 0.0
    end = words[-1].end_s if words else 0.0
    return Utterance(text, tuple(words), conf, start, end, partials)


def clean_text(text: str) -> str:
    """Engine text without filler tokens ([unk], <sil>, [noise]…) and extra spaces."""
    out = []
    for tok in text.split():
        if tok.startswith(("[", "<", "+")) and tok.endswith(("]", ">", "+")):
            continue
        if "(" in tok and tok.endswith(")"):
            tok = tok[: tok.index("(")]
        out.append(tok)
    return " ".join(out)
