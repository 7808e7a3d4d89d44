"""Where the user's voice comes from: the microphone, or a WAV file standing in for it.

A source hands out 16 kHz mono 16-bit PCM (``read``) and is only read while the coach listens,
so a file advances exactly as a microphone would be heard. ``b""`` means the input has ended
for good (the end of a file); a microphone never ends.
"""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from pathlib import Path

from voicecoach.audio.format import ASR_RATE_HZ, StreamConverter
from voicecoach.errors import DeviceError


class AudioSource(ABC):
    rate_hz: int = ASR_RATE_HZ
    live: bool = False
    """True when audio arrives in real time (a microphone), False for files read as fast as we like."""

    @abstractmethod
    def read(self, n_bytes: int) -> bytes:
        """Up to ``n_bytes`` of 16 kHz mono 16-bit PCM; ``b""`` at the end of the input."""

    def start_listening(self) -> None:  # noqa: B027
        """The coach starts listening (a microphone drops what it heard meanwhile)."""

    def stop_listening(self) -> None:  # noqa: B027
        """The coach stops listening (e.g. to speak)."""

    def close(self) -> None:  # noqa: B027
        """Release the device."""

    @property
    def description(self) -> str:
        return type(self).__name__


class PcmSource(AudioSource):
    """16 kHz PCM held in memory (a WAV file, or test audio)."""

    def __init__(self, pcm: bytes, name: str = "memory") -> None:
        self._pcm = pcm
        self._pos = 0
        self._name = name

    def read(self, n_bytes: int) -> bytes:
        n_bytes -= n_bytes % 2
        chunk = self._pcm[self._pos : self._pos + n_bytes]
        self._pos += len(chunk)
        return chunk

    @property
    def position_s(self) -> float:
        return self._pos / (2 * self.rate_hz)

    def tell(self) -> int:
        """Where the next read starts (bytes)."""
        return self._pos

    def seek(self, pos: int) -> None:
        """Read from ``pos`` (bytes) next: a look ahead that found nothing is given back."""
        self._pos = max(0, min(int(pos) - int(pos) % 2, len(self._pcm)))

    @property
    def remaining_s(self) -> float:
        return (len(self._pcm) - self._pos) / (2 * self.rate_hz)

    @property
    def description(self) -> str:
        return self._name


class WavSource(PcmSource):
    """A WAV file standing in for the microphone (any rate, width, channels).

    A truncated file is heard as far as it goes (``notify`` says so: how long it claims to be,
    how much is there); its end is the end of the input, as for any file.
    """

    def __init__(self, path: str | Path, *, notify=None) -> None:
        from voicecoach.audio.wavio import read_wav_pcm16

        super().__init__(read_wav_pcm16(path, ASR_RATE_HZ, notify=notify), name=str(path))


class MicSource(AudioSource):
    """The microphone, through SpeechRecognition's ``Microphone`` (PyAudio/PortAudio).

    Opens the device at its own rate and channel count (a Bluetooth headset gives 44.1/48 kHz,
    sometimes stereo only) and converts to 16 kHz mono here, at the edge. The stream is stopped
    while the coach speaks, so the coach never hears itself as the user.
    """

    live = True

    def __init__(self, device: str | int | None = None, chunk_frames: int = 1024, *,
                 rate_hz: int | None = None, channels: int | None = None) -> None:
        from voicecoach.audio.devices import find_input_device
        from voicecoach.audio.quiet import pyaudio_instance, silenced_fd

        self.device = find_input_device(device)
        self._pa = pyaudio_instance()
        self._mic = None
        errors = []
        rate = rate_hz or self.device.default_rate_hz
        tries = (channels,) if channels else (1, min(2, self.device.inputs), self.device.inputs)
        for channels in dict.fromkeys(tries):
            try:
                with silenced_fd(2):
                    self._mic = _Microphone(self._pa, self.device.index, rate, channels, chunk_frames).__enter__()
                self.channels = channels
                break
            except Exception as exc:  # PortAudio raises OSError/ValueError with codes
                errors.append(str(exc))
        if self._mic is None:
            raise DeviceError(f"cannot open the microphone '{self.device.name}': {errors[-1] if errors else 'unknown'}")
        self.device_rate_hz = rate
        self._chunk_frames = chunk_frames
        self._converter = StreamConverter(self.device_rate_hz, self.channels, ASR_RATE_HZ)
        self._buf = b""
        self._listening = True

    @property
    def description(self) -> str:
        return f"microphone '{self.device.name}' ({self.device_rate_hz} Hz, {self.channels} ch)"

    def start_listening(self) -> None:
        if not self._listening:
            with contextlib.suppress(OSError):
                self._mic.stream.pyaudio_stream.start_stream()
            self._listening = True
        self._buf = b""

    def stop_listening(self) -> None:
        if self._listening:
            with contextlib.suppress(OSError):
                self._mic.stream.pyaudio_stream.stop_stream()
            self._listening = False

    def read(self, n_bytes: int) -> bytes:
        if not self._listening:
            self.start_listening()
        while len(self._buf) < n_bytes:
            try:
                raw = self._mic.stream.read(self._chunk_frames)
            except OSError as exc:
                raise DeviceError(f"the microphone stopped working: {exc}") from None
            self._buf += self._converter.convert(raw)
        out, self._buf = self._buf[:n_bytes], self._buf[n_bytes:]
        return out

    def close(self) -> None:
        if self._mic is not None:
            with contextlib.suppress(Exception):
                self._mic.__exit__(None, None, None)
            self._mic = None


def _microphone_class():
    import speech_recognition as sr

    class Microphone(sr.Microphone):
        """``sr.Microphone`` on our one shared PyAudio instance, with a channel count of choice."""

        def __init__(self, pa, device_index: int, rate: int, channels: int, chunk: int) -> None:
            self._shared_pa = pa
            self.pyaudio_module = self.get_pyaudio()
            self.device_index = device_index
            self.format = self.pyaudio_module.paInt16
            self.SAMPLE_WIDTH = self.pyaudio_module.get_sample_size(self.format)
            self.SAMPLE_RATE = rate
            self.CHUNK = chunk
            self.channels = channels
            self.audio = None
            self.stream = None

        def __enter__(self):
            self.audio = self._shared_pa
            self.stream = sr.Microphone.MicrophoneStream(
                self.audio.open(input_device_index=self.device_index, channels=self.channels,
                                format=self.format, rate=self.SAMPLE_RATE,
                                frames_per_buffer=self.CHUNK, input=True)
            )
            return self

        def __exit__(self, *exc):
            try:
                self.stream.close()
            finally:
                self.stream = None  # the shared PyAudio instance lives on

    return Microphone


def _Microphone(pa, device_index, rate, channels, chunk):  # noqa: N802
    return _microphone_class()(pa, device_index, rate, channels, chunk)
