"""Where the coach's voice goes: the speakers, or one WAV file holding everything said."""

from __future__ import annotations

import contextlib
import os
import threading
import wave
from abc import ABC, abstractmethod
from pathlib import Path

from voicecoach.audio.format import AudioChunk
from voicecoach.config import PRIVATE_FILE_MODE
from voicecoach.errors import DeviceError, InputError, StoreError

OUTPUT_RATE_HZ = 22050
"""Rate of everything the coach says (pyttsx3/espeak-ng's own rate, hertz)."""


class AudioSink(ABC):
    realtime: bool = False
    """True when playing takes as long as the sound (speakers), so a person can talk over it."""
    @abstractmethod
    def play(self, chunk: AudioChunk, stop: threading.Event | None = None) -> bool:
        """Play ``chunk`` to the end (or until ``stop`` is set); True when it played whole."""

    def close(self) -> None:  # noqa: B027
        pass

    @property
    def description(self) -> str:
        return type(self).__name__


class DeviceSink(AudioSink):
    """The default speaker (or a chosen device) through PortAudio."""

    realtime = True

    def __init__(self, device_index: int | None = None, block_ms: int = 50) -> None:
        from voicecoach.audio.quiet import pyaudio_instance

        self._pa = pyaudio_instance()
        self._device_index = device_index
        self._stream = None
        self._rate = None
        self._block_ms = block_ms

    def _open(self, rate: int) -> None:
        if self._stream is not None and self._rate == rate:
            return
        self._close_stream()
        import pyaudio

        from voicecoach.audio.quiet import silenced_fd

        try:
            with silenced_fd(2):
                self._stream = self._pa.open(format=pyaudio.paInt16, channels=1, rate=rate, output=True,
                                             output_device_index=self._device_index)
        except (OSError, ValueError) as exc:
            raise DeviceError(f"cannot open the speaker: {exc}; use --output FILE.wav to write speech to a file") from None
        self._rate = rate

    def play(self, chunk: AudioChunk, stop: threading.Event | None = None) -> bool:
        if not chunk.audio:
            return True
        if chunk.channels != 1 or chunk.width != 2:
            chunk = chunk.to(chunk.rate)
        self._open(chunk.rate)
        step = chunk.rate * self._block_ms // 1000 * 2
        for i in range(0, len(chunk.audio), step):
            if stop is not None and stop.is_set():
                return False
            try:
                self._stream.write(chunk.audio[i : i + step])
            except OSError as exc:
                raise DeviceError(f"the speaker stopped working: {exc}") from None
        return True

    def _close_stream(self) -> None:
        if self._stream is not None:
            with contextlib.suppress(Exception):
                self._stream.stop_stream()
                self._stream.close()
            self._stream = None

    def close(self) -> None:
        self._close_stream()

    @property
    def description(self) -> str:
        return "speaker"


class WavSink(AudioSink):
    """Everything the coach says, in order, in one 22,050 Hz mono WAV.

    Frames are appended as they are spoken (to a temp file beside the target, renamed into place
    on close), so a session that ends early still leaves what was said so far.
    """

    def __init__(self, path: str | Path, rate: int = OUTPUT_RATE_HZ) -> None:
        self.path = Path(path)
        if not self.path.parent.exists():
            raise InputError(f"folder does not exist: {self.path.parent}")
        if self.path.is_dir():
            raise InputError(f"{self.path} is a folder; give a file name ending in .wav")
        self.rate = rate
        self._tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.part")
        try:
            self._wav = wave.open(str(self._tmp), "wb")
        except OSError as exc:
            raise StoreError(f"cannot write {self.path}: {exc.strerror or exc}") from None
        self._wav.setnchannels(1)
        self._wav.setsampwidth(2)
        self._wav.setframerate(rate)
        self.frames = 0
        self._closed = False

    def play(self, chunk: AudioChunk, stop: threading.Event | None = None) -> bool:
        if not chunk.audio:
            return True
        if chunk.rate != self.rate or chunk.channels != 1:
            chunk = chunk.to(self.rate)
        self._wav.writeframes(chunk.audio)
        self.frames += chunk.frames
        return True

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._wav.close()
        with contextlib.suppress(OSError):
            os.chmod(self._tmp, PRIVATE_FILE_MODE)
        os.replace(self._tmp, self.path)

    @property
    def description(self) -> str:
        return str(self.path)


class MemorySink(AudioSink):
    """Keeps what was played in memory (tests, benchmarks)."""

    def __init__(self) -> None:
        self.chunks: list[AudioChunk] = []

    def play(self, chunk: AudioChunk, stop: threading.Event | None = None) -> bool:
        self.chunks.append(chunk)
        return True
