"""A virtual microphone and speaker for a headless machine (ALSA's file plugin; see AUDIO.md).

``VirtualAudio(folder).env(mic_wav)`` gives the environment for a child process whose default
ALSA capture device reads ``mic.raw`` and whose playback device appends to ``speaker.raw``.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from voicecoach.audio.format import float_to_pcm16, resample
from voicecoach.audio.wavio import read_wav

DEVICE_RATE_HZ = 44100
"""PortAudio reports this default rate for ALSA's default device here; the mic is read at it."""
SPEAKER_RATE_HZ = 22050


class VirtualAudio:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.mic = self.folder / "mic.raw"
        self.speaker = self.folder / "speaker.raw"
        self.conf = self.folder / "asound.conf"

    def write_conf(self, infile: Path | None = None) -> None:
        infile = infile or self.mic
        self.conf.write_text(
            'pcm.!default { type asym  playback.pcm "vout"  capture.pcm "vin" }\n'
            f'pcm.vin  {{ type file  slave.pcm "vnull"  file "/dev/null"  infile "{infile}"  format "raw" }}\n'
            f'pcm.vout {{ type file  slave.pcm "vnull"  file "|cat >>{self.speaker}"  format "raw" }}\n'
            "pcm.vnull { type null }\n"
        )

    def load_mic(self, wav: Path, tail_s: float = 600.0) -> None:
        """The microphone will hear ``wav`` (at the device rate), then silence.

        Past the end of its file the plugin repeats the last buffer, so a long silent tail is added.
        """
        samples, rate = read_wav(wav)
        pcm = float_to_pcm16(resample(samples, rate, DEVICE_RATE_HZ))
        self.mic.write_bytes(pcm + b"\x00\x00" * int(tail_s * DEVICE_RATE_HZ))
        self.write_conf()

    def env(self) -> dict[str, str]:
        return {"ALSA_CONFIG_PATH": f"/usr/share/alsa/alsa.conf:{self.conf}"}

    def speaker_seconds(self) -> float:
        return self.speaker.stat().st_size / 2 / SPEAKER_RATE_HZ if self.speaker.exists() else 0.0


class RealTimeFeeder:
    """Writes a WAV into a FIFO at real-time pace (device rate, 16-bit mono), then silence,
    as a person speaking into a microphone would."""

    def __init__(self, audio: VirtualAudio, wav: Path, tail_s: float = 120.0, block_s: float = 0.05) -> None:
        samples, rate = read_wav(wav)
        self.pcm = float_to_pcm16(resample(samples, rate, DEVICE_RATE_HZ)) + b"\x00\x00" * int(tail_s * DEVICE_RATE_HZ)
        self.fifo = audio.folder / "mic.fifo"
        if self.fifo.exists():
            self.fifo.unlink()
        os.mkfifo(self.fifo)
        audio.write_conf(self.fifo)
        self.block = int(DEVICE_RATE_HZ * block_s) * 2
        self.block_s = block_s
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> RealTimeFeeder:
        self.thread.start()
        return self

    def _run(self) -> None:
        """Feed at real-time pace. PortAudio opens and closes the capture device while it probes
        devices, so a closed reader is waited for again and the feed goes on where it was."""
        pos = 0
        while pos < len(self.pcm) and not self._stop.is_set():
            try:
                with open(self.fifo, "wb", buffering=0) as fh:
                    start, n = time.monotonic(), 0
                    while pos < len(self.pcm):
                        if self._stop.is_set():
                            return
                        fh.write(self.pcm[pos : pos + self.block])
                        pos += self.block
                        n += 1
                        delay = start + n * self.block_s - time.monotonic()
                        if delay > 0:
                            time.sleep(delay)
            except (BrokenPipeError, OSError):
                time.sleep(0.01)

    def stop(self) -> None:
        self._stop.set()
