"""Where the coach's voice goes: the speakers, one WAV file holding everything said, or nowhere.

- :class:`DeviceSink` -- the speaker; fails with :class:`DeviceError` when there is none.
- :class:`SpeakerOrSilence` -- the speaker when one can be opened, otherwise silence, said once
  (what a session uses when the person did not ask for a speaker explicitly).
- :class:`WavSink` -- one WAV file (a regular file is written beside the target and renamed into
  place; ``/dev/null`` or a FIFO is written in place, as a stream).
- :class:`NullSink` -- speaks nothing (``--output none``); the dialogue is printed anyway.
"""

from __future__ import annotations

import contextlib
import os
import re
import struct
import sys
import threading
import wave
from abc import ABC, abstractmethod
from collections.abc import Callable
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
            raise DeviceError(f"cannot open the speaker: {exc}; give a WAV file instead (--output FILE.wav, "
                              "or --to FILE.wav for a replay), or none to speak nothing") from None
        self._rate = rate

    def open(self, rate: int | None = None) -> None:
        """Open the speaker now (at ``rate`` hertz, default the coach's own rate) rather than at the
        first sound, so a missing speaker is known before the session starts."""
        self._open(rate or OUTPUT_RATE_HZ)

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
    on close), so a session that ends early still leaves what was said so far. A target that is
    not a regular file (``/dev/null``, a FIFO another program reads) is written in place as a
    stream, with a header that leaves the length open, and is never replaced.
    """

    def __init__(self, path: str | Path, rate: int = OUTPUT_RATE_HZ, *,
                 notify: Callable[[str], None] | None = None) -> None:
        from voicecoach.config import is_special_file, open_special_for_writing, write_target

        self.path = Path(path)
        self.rate = rate
        self.frames = 0
        self._closed = False
        self._notify = notify or say_to_stderr
        self._wav = None
        self._stream = None
        self._tmp = None
        if is_special_file(self.path):
            fd = open_special_for_writing(self.path, notify=say_to_stderr)  # now: it may wait a while
            self._stream = os.fdopen(fd, "wb", buffering=0)
            self._write_stream(_open_ended_wav_header(rate))
            return
        if not self.path.parent.exists():
            raise InputError(f"folder does not exist: {self.path.parent}")
        if self.path.is_dir():
            raise InputError(f"{self.path} is a folder; give a file name ending in .wav")
        self._target = write_target(self.path)  # through a symlink, never over it
        self._tmp = self._target.with_name(f".{self._target.name}.{os.getpid()}.part")
        try:
            # readable by the user alone from its first byte: the session's speech is in it
            fd = os.open(self._tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
            self._file = os.fdopen(fd, "wb")
        except OSError as exc:
            raise StoreError(f"cannot write {self.path}: {exc.strerror or exc}") from None
        self._wav = wave.open(self._file, "wb")
        self._wav.setnchannels(1)
        self._wav.setsampwidth(2)
        self._wav.setframerate(rate)

    def _write_stream(self, data: bytes) -> None:
        if self._stream is None:
            return
        try:
            self._stream.write(data)
        except OSError as exc:  # the reading program went away (EPIPE): go on without it
            with contextlib.suppress(OSError):
                self._stream.close()
            self._stream = None
            self._notify(f"stopped writing to {self.path} ({exc.strerror or exc}); speech is off from here, "
                         "the dialogue is still printed")

    def play(self, chunk: AudioChunk, stop: threading.Event | None = None) -> bool:
        if not chunk.audio:
            return True
        if chunk.rate != self.rate or chunk.channels != 1:
            chunk = chunk.to(self.rate)
        if self._wav is not None:
            self._wav.writeframes(chunk.audio)
        else:
            self._write_stream(chunk.audio)
        self.frames += chunk.frames
        return True

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._wav is None:
            if self._stream is not None:
                with contextlib.suppress(OSError):
                    self._stream.close()
            return
        self._wav.close()
        self._file.close()  # (wave leaves a file it was handed open)
        if not self.frames:
            # nothing was said (the session never started: a bad scenario, an unknown voice): a file already
            # there is left as it was, and no empty one is made
            with contextlib.suppress(OSError):
                os.unlink(self._tmp)
            return
        os.replace(self._tmp, self._target)

    @property
    def description(self) -> str:
        return str(self.path)


def _open_ended_wav_header(rate: int, channels: int = 1, width: int = 2) -> bytes:
    """A 16-bit PCM WAV header whose lengths say "until the end of the stream" (0xFFFFFFFF), as
    recorders writing to a pipe do; libsndfile, sox and ffmpeg read such a stream to its end."""
    unknown = 0xFFFFFFFF
    fmt = struct.pack("<HHIIHH", 1, channels, rate, rate * channels * width, channels * width, width * 8)
    return (b"RIFF" + struct.pack("<I", unknown) + b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
            + b"data" + struct.pack("<I", unknown))


class NullSink(AudioSink):
    """Speaks nothing (``--output none``, or no speaker to be found); the dialogue is printed anyway."""

    def play(self, chunk: AudioChunk, stop: threading.Event | None = None) -> bool:
        return True

    @property
    def description(self) -> str:
        return "none"


def say_to_stderr(text: str) -> None:
    """A status line for the person, on stderr (stdout stays for machine-readable output)."""
    print(f"voicecoach: {text}", file=sys.stderr, flush=True)


SPEECH_OFF = "speech is off"


def _speaker_reason(exc: BaseException) -> str:
    """Why the speaker could not be used, in a few words ("[Errno -9996] Invalid output device
    (no default output device); use …" → "Invalid output device (no default output device)")."""
    text = str(exc).split("; give a WAV file instead", 1)[0]
    text = text.removeprefix("cannot open the speaker: ").removeprefix("the speaker stopped working: ")
    return re.sub(r"^\[Errno -?\d+\]\s*", "", text).strip() or type(exc).__name__


class SpeakerOrSilence(AudioSink):
    """The speaker when one can be opened, otherwise silence: a session never stops for want of a
    speaker unless the person asked for one (``--output speaker`` uses :class:`DeviceSink`).

    The speaker is opened at once, so "speech is off" is said once, before the first prompt; a
    speaker that stops working mid-session turns speech off from there, said once too.
    """

    def __init__(self, device_index: int | None = None, *, notify: Callable[[str], None] | None = None,
                 speaker_factory: Callable[[], AudioSink] | None = None, option: str = "--output") -> None:
        """``option``: the command's option that chooses the output, named in the note ("--to" for replay)."""
        self._notify = notify or say_to_stderr
        self.speaker: AudioSink | None = None
        self.off_reason: str | None = None
        try:
            speaker = speaker_factory() if speaker_factory else DeviceSink(device_index)
            opener = getattr(speaker, "open", None)
            if opener is not None:
                opener()
            self.speaker = speaker
        except Exception as exc:  # noqa: BLE001 - DeviceError, or PortAudio failing to start at all
            self._turn_off(f"{SPEECH_OFF} (no speaker: {_speaker_reason(exc)}); the dialogue is printed here. "
                           f"Use {option} FILE.wav to keep it as sound, {option} none to skip this note")

    def _turn_off(self, message: str) -> None:
        if self.speaker is not None:
            with contextlib.suppress(Exception):
                self.speaker.close()
            self.speaker = None
        if self.off_reason is None:
            self.off_reason = message
            self._notify(message)

    @property
    def realtime(self) -> bool:  # type: ignore[override]
        return self.speaker is not None and self.speaker.realtime

    @property
    def speaking(self) -> bool:
        """False once speech is off."""
        return self.speaker is not None

    def play(self, chunk: AudioChunk, stop: threading.Event | None = None) -> bool:
        if self.speaker is None:
            return True
        try:
            return self.speaker.play(chunk, stop)
        except DeviceError as exc:
            self._turn_off(f"{SPEECH_OFF} from here (the speaker stopped working: {_speaker_reason(exc)}); "
                           "the dialogue is still printed")
            return True

    def close(self) -> None:
        if self.speaker is not None:
            self.speaker.close()

    @property
    def description(self) -> str:
        return "speaker" if self.speaker is not None else "none (no speaker)"


class MemorySink(AudioSink):
    """Keeps what was played in memory (tests, benchmarks)."""

    def __init__(self) -> None:
        self.chunks: list[AudioChunk] = []

    def play(self, chunk: AudioChunk, stop: threading.Event | None = None) -> bool:
        self.chunks.append(chunk)
        return True
