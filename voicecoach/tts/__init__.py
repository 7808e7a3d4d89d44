"""Speech synthesis backends."""

from voicecoach.tts.base import Synthesizer


def open_synthesizer(name: str = "pyttsx3") -> Synthesizer:
    from voicecoach.tts.pyttsx3_tts import Pyttsx3Synthesizer

    return Pyttsx3Synthesizer()


__all__ = ["Synthesizer", "open_synthesizer"]
