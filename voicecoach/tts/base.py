"""Text to speech: the interface the coach speaks through."""

from __future__ import annotations

from abc import ABC, abstractmethod

from voicecoach.audio.format import AudioChunk


class Synthesizer(ABC):
    """Turns text into audio. Playing it is the sink's job, so output, earcons and stopping
    all happen in one place."""

    @abstractmethod
    def synth(self, text: str, voice: str | None = None, rate_wpm: int | None = None,
              fallback: str | None = None) -> AudioChunk:
        """``text`` spoken by ``voice`` at ``rate_wpm``. A voice that cannot speak raises VoiceError,
        or, with ``fallback`` given, is replaced by that voice with one line on stderr."""

    def voices(self) -> list[str]:
        return []

    def slow(self, voice: str | None) -> bool:
        """True for a voice whose synthesis takes a noticeable share of its speech (Piper)."""
        return False

    def preload(self, voice: str | None) -> None:
        """Start loading a slow voice in the background."""

    def close(self) -> None:
        """Free what the synthesiser holds (temp files)."""
