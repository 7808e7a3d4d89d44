"""Truncated WAVs (issue 14, item 4): the header promises more than the file holds.

Said on stderr (how long it claims, how much is there) and read as far as it goes, by `transcribe`
and by an `--input` session; a header with no audio at all is an error; a header never finished
(it says 0 bytes, yet audio follows) is read whole. Real speech (flite), real PocketSphinx.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest
import soundfile
from conftest import run_vc
from speech import answers_wav, flite

from voicecoach.audio.wavio import UNKNOWN_LENGTH, read_wav, wav_layout
from voicecoach.errors import AudioFormatError

SENTENCE = "i see how cancelling at the last minute made you feel like you do not matter to me"


def _cut(src: Path, dst: Path, keep: float) -> Path:
    """The first ``keep`` of a file's bytes, header included: a copy or a download cut short."""
    data = src.read_bytes()
    dst.write_bytes(data[: int(len(data) * keep)])
    return dst


def _tone_wav(path: Path, rate: int, channels: int, subtype: str, seconds: float = 2.0) -> Path:
    t = np.arange(int(rate * seconds)) / rate
    tone = (0.4 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    soundfile.write(path, np.stack([tone] * channels, axis=1) if channels > 1 else tone, rate, subtype=subtype)
    return path


@pytest.mark.parametrize(("rate", "channels", "subtype"),
                         [(16000, 1, "PCM_16"), (44100, 2, "PCM_24"), (48000, 1, "FLOAT"), (22050, 2, "PCM_U8")])
def test_truncated_file_is_said_and_read_as_far_as_it_goes(tmp_path, rate, channels, subtype):
    full = _tone_wav(tmp_path / "full.wav", rate, channels, subtype)
    cut = _cut(full, tmp_path / "cut.wav", 0.5)
    notes: list[str] = []
    samples, got_rate = read_wav(cut, notify=notes.append)
    assert got_rate == rate
    layout = wav_layout(cut)
    assert layout is not None and layout.truncated
    assert layout.claimed_s == pytest.approx(2.0, abs=0.01)
    assert layout.present_s == pytest.approx(len(samples) / rate, abs=0.001)
    assert 0.9 < len(samples) / rate < 1.05  # about half of it is there, and all of that is read
    assert notes == [f"{cut} is truncated: its header promises 2.0 s of audio, the file holds "
                     f"{layout.present_s:.1f} s; using what is there"]
    # a whole file says nothing
    quiet: list[str] = []
    read_wav(full, notify=quiet.append)
    assert quiet == [] and not wav_layout(full).truncated


def test_header_with_no_audio_is_an_error(tmp_path):
    full = _tone_wav(tmp_path / "full.wav", 16000, 1, "PCM_16")
    header_only = tmp_path / "header.wav"
    header_only.write_bytes(full.read_bytes()[:44])
    with pytest.raises(AudioFormatError,
                       match=r"is truncated: its header promises 2\.0 s of audio, but the file holds none"):
        read_wav(header_only)


def test_unfinished_header_is_read_whole(tmp_path):
    """A recorder killed before it wrote the lengths: data size 0, audio after it."""
    full = _tone_wav(tmp_path / "full.wav", 16000, 1, "PCM_16")
    data = bytearray(full.read_bytes())
    data[4:8] = struct.pack("<I", 0)
    data[40:44] = struct.pack("<I", 0)
    unfinished = tmp_path / "unfinished.wav"
    unfinished.write_bytes(bytes(data))
    notes: list[str] = []
    samples, rate = read_wav(unfinished, notify=notes.append)
    assert len(samples) == 32000 and rate == 16000
    assert notes == [f"{unfinished} has an unfinished header (it says 0 s of audio); reading the 2.0 s that follow it"]


def test_open_ended_stream_header_and_trailing_chunks_are_not_truncation(tmp_path):
    full = _tone_wav(tmp_path / "full.wav", 16000, 1, "PCM_16")
    data = bytearray(full.read_bytes())
    data[4:8] = struct.pack("<I", UNKNOWN_LENGTH)
    data[40:44] = struct.pack("<I", UNKNOWN_LENGTH)  # what a recorder writing to a pipe leaves
    stream = tmp_path / "stream.wav"
    stream.write_bytes(bytes(data))
    notes: list[str] = []
    assert len(read_wav(stream, notify=notes.append)[0]) == 32000 and notes == []
    # a LIST chunk after the data: more bytes than the data chunk claims is normal
    tagged = tmp_path / "tagged.wav"
    body = full.read_bytes() + b"LIST" + struct.pack("<I", 12) + b"INFOISFT\x00\x00\x00\x00"
    tagged.write_bytes(body[:4] + struct.pack("<I", len(body) - 8) + body[8:])
    assert len(read_wav(tagged, notify=notes.append)[0]) == 32000 and notes == []
    assert not wav_layout(tagged).truncated


@pytest.mark.slow
@pytest.mark.needs_speech_tools
def test_transcribe_reads_what_is_there(vc_bin, tmp_path, speech_cache):
    spoken = flite(SENTENCE, speech_cache)
    cut = _cut(spoken, tmp_path / "cut.wav", 0.6)
    res = run_vc(vc_bin, "transcribe", str(cut), "--engine", "sphinx", "--json")
    assert res.returncode == 0, res.stderr
    [item] = json.loads(res.stdout)
    words = item["text"].split()
    assert len(words) >= 5 and words[:3] == ["i", "see", "how"], item["text"]  # the first part is heard
    assert "matter" not in words  # the end is not in the file
    claimed = soundfile.info(str(spoken)).duration
    assert item["truncated"]["claimed_s"] == pytest.approx(claimed, abs=0.01)
    assert item["truncated"]["present_s"] == pytest.approx(item["duration_s"], abs=0.01)
    lines = res.stderr.strip().splitlines()
    assert lines == [f"voicecoach: {cut} is truncated: its header promises {claimed:.1f} s of audio, the file "
                     f"holds {item['truncated']['present_s']:.1f} s; using what is there"]
    # nothing left: one line, exit 2
    empty = tmp_path / "empty.wav"
    empty.write_bytes(spoken.read_bytes()[:44])
    res = run_vc(vc_bin, "transcribe", str(empty), "--engine", "sphinx")
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1 and "holds none" in res.stderr


@pytest.mark.slow
@pytest.mark.needs_speech_tools
def test_input_session_from_a_truncated_recording(vc_bin, tmp_path, speech_cache):
    """A recording cut short mid-way through the second answer: the first answer is heard, the
    session says the file is truncated and ends (saved) where the file ends."""
    wav = answers_wav(["It was a misunderstanding about timing.",
                       "What I heard you say is that when I cancelled our dinner you felt you do not matter."],
                      tmp_path / "answers.wav", speech_cache)
    cut = _cut(wav, tmp_path / "cut.wav", 0.6)
    res = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--input", str(cut), "--engine", "sphinx",
                 "--output", "none", timeout=240)
    assert res.returncode == 0, res.stderr
    lines = res.stderr.splitlines()
    assert lines[0].startswith("voicecoach: listening with PocketSphinx")
    assert lines[1].startswith(f"voicecoach: {cut} is truncated: its header promises ")
    history = json.loads(run_vc(vc_bin, "history", "--json").stdout)
    root = [t["text"] for t in history[0]["turns"] if t["step"] == "root"]
    assert root and "misunderstanding" in root[0]
