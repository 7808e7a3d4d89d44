"""Text to speech: the interface the coach speaks through."""

from __future__ import annotations

from abc import ABC, abstractmethod

from voicecoach.audio.format import AudioChunk


class Synthesizer(ABC):
    """Turns text into audio. Playing it is the sink's job, so output, earcons and stopping
    all happen in one place."""

    @abstractmethod
    def synth(self, text: str, voice: str | None = None, rate_wpm: int | None = None) -> AudioChunk: ...

    def voices(self) -> list[str]:
        return []

    def close(self) -> None:  # noqa: B027 - optional hook
        """Free what the synthesiser holds (temp files)."""
