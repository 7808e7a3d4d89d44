"""Speech synthesis backends: espeak-ng and Piper voices, both through pyttsx3."""

from voicecoach.tts.base import Synthesizer


def open_synthesizer(name: str = "pyttsx3") -> Synthesizer:
    from voicecoach.tts.pyttsx3_tts import Pyttsx3Synthesizer

    return Pyttsx3Synthesizer()


def preload_voices(*names: str | None) -> None:
    """Start loading any Piper voice among ``names`` in a background thread (here: file checks only),
    so its model load (0.15–0.6 s, plus importing onnxruntime) overlaps the program's own start-up."""
    from voicecoach.tts.voices import VoiceError, find_piper_voice

    for name in names:
        if not name:
            continue
        try:
            voice = find_piper_voice(name)
        except VoiceError:
            continue  # reported (with its fallback) when the voice is first used
        if voice is not None:
            from voicecoach.tts import piper_driver

            piper_driver.preload(voice.voice_id)


__all__ = ["Synthesizer", "open_synthesizer", "preload_voices"]
