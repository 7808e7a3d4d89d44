"""Reading WAVs of every common shape, converting at the edge, and refusing bad files cleanly."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile

from voicecoach.audio.format import AudioChunk, StreamConverter, pcm16_to_float, rms_dbfs
from voicecoach.audio.sources import WavSource
from voicecoach.audio.wavio import read_wav, read_wav_pcm16, write_wav
from voicecoach.errors import AudioFormatError, InputError


def _tone(rate: int, seconds: float = 0.5, freq: float = 440.0) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return (0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32)


@pytest.mark.parametrize(
    "rate,channels,subtype",
    [
        (16000, 1, "PCM_16"),
        (48000, 2, "PCM_16"),
        (44100, 2, "PCM_24"),
        (22050, 1, "PCM_U8"),
        (8000, 1, "PCM_32"),
        (48000, 1, "FLOAT"),
        (32000, 2, "DOUBLE"),
    ],
)
def test_any_wav_shape_becomes_16k_mono(tmp_path, rate, channels, subtype):
    tone = _tone(rate)
    data = np.stack([tone] * channels, axis=1) if channels > 1 else tone
    path = tmp_path / f"t-{rate}-{channels}-{subtype}.wav"
    soundfile.write(path, data, rate, subtype=subtype)
    pcm = read_wav_pcm16(path)
    assert abs(len(pcm) / 2 / 16000 - 0.5) < 0.01
    samples = pcm16_to_float(pcm)
    # the tone survives: its level is about 0.5/sqrt(2) RMS, and its pitch stays 440 Hz
    assert 0.3 < float(np.sqrt(np.mean(samples[800:-800] ** 2))) < 0.4
    spectrum = np.abs(np.fft.rfft(samples))
    assert abs(np.argmax(spectrum) * 16000 / len(samples) - 440) < 5


def test_pure_silence_reads(tmp_path):
    path = tmp_path / "silence.wav"
    soundfile.write(path, np.zeros(16000, dtype=np.float32), 16000, subtype="PCM_16")
    assert rms_dbfs(read_wav_pcm16(path)) == -120.0


@pytest.mark.parametrize(
    "content,expected",
    [
        (b"", "empty"),
        (b"this is not audio at all, just words" * 10, "not a readable WAV"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "not a readable WAV"),
    ],
)
def test_bad_files_are_refused_with_one_line(tmp_path, content, expected):
    path = tmp_path / "bad.wav"
    path.write_bytes(content)
    with pytest.raises(AudioFormatError) as info:
        read_wav(path)
    assert expected in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_wav(tmp_path / "nope.wav")
    with pytest.raises(InputError, match="folder"):
        read_wav(tmp_path)


def test_truncated_wav_reads_what_is_there(tmp_path):
    path = tmp_path / "full.wav"
    soundfile.write(path, _tone(16000, 1.0), 16000, subtype="PCM_16")
    data = path.read_bytes()
    cut = tmp_path / "cut.wav"
    cut.write_bytes(data[: len(data) // 2])
    pcm = read_wav_pcm16(cut)
    assert 0.3 < len(pcm) / 32000 < 0.6


def test_non_wav_audio_is_refused(tmp_path):
    path = tmp_path / "sound.flac"
    soundfile.write(path, _tone(16000), 16000, format="FLAC")
    with pytest.raises(AudioFormatError, match="not a WAV"):
        read_wav(path)


def test_write_wav_is_private_and_round_trips(tmp_path):
    pcm = (np.arange(1600, dtype="<i2") * 10).tobytes()
    path = write_wav(tmp_path / "clip.wav", pcm, 16000)
    assert (path.stat().st_mode & 0o777) == 0o600
    assert read_wav_pcm16(path) == pcm


def test_a_session_wav_is_private_from_its_first_byte(tmp_path):
    """The session's speech goes to a temp file beside the target until the session ends; with a permissive
    umask it is still readable by the user alone while it grows, and so is the file it becomes."""
    import os

    from voicecoach.audio.sinks import WavSink

    old = os.umask(0o022)
    try:
        sink = WavSink(tmp_path / "session.wav")
        sink.play(AudioChunk(22050, 2, 1, (_tone(22050) * 32767).astype("<i2").tobytes()))
        (part,) = tmp_path.glob(".session.wav.*.part")
        assert (part.stat().st_mode & 0o777) == 0o600
        sink.close()
    finally:
        os.umask(old)
    assert not list(tmp_path.glob("*.part"))
    assert ((tmp_path / "session.wav").stat().st_mode & 0o777) == 0o600


def test_stream_converter_matches_whole_buffer_resampling():
    rate = 48000
    stereo = np.stack([_tone(rate, 1.0), _tone(rate, 1.0)], axis=1)
    pcm = (stereo * 32767).astype("<i2").tobytes()
    conv = StreamConverter(rate, 2)
    out = b"".join(conv.convert(pcm[i : i + 4096]) for i in range(0, len(pcm), 4096)) + conv.convert(b"", last=True)
    assert abs(len(out) / 2 - 16000) <= 2
    samples = pcm16_to_float(out)
    assert 0.3 < float(np.sqrt(np.mean(samples[800:-800] ** 2))) < 0.4


def test_wav_source_advances_only_when_read(tmp_path):
    path = tmp_path / "two.wav"
    soundfile.write(path, _tone(16000, 2.0), 16000, subtype="PCM_16")
    src = WavSource(path)
    assert src.position_s == 0
    src.read(32000)
    assert src.position_s == pytest.approx(1.0)
    src.read(10**9)
    assert src.read(960) == b""


def test_chunk_to_other_rate():
    chunk = AudioChunk(16000, 2, 1, (np.ones(16000, dtype="<i2") * 1000).tobytes())
    out = chunk.to(22050)
    assert out.rate == 22050 and abs(out.frames - 22050) <= 2
