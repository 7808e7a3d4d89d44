"""Real pyttsx3 (espeak-ng) synthesis to WAV, and the sinks that carry it."""

from __future__ import annotations

import wave

import numpy as np
import pytest

from voicecoach.audio.earcons import EARCONS, earcon
from voicecoach.audio.format import pcm16_to_float
from voicecoach.audio.sinks import WavSink
from voicecoach.tts import open_synthesizer


@pytest.fixture(scope="module")
def synth():
    return open_synthesizer()


def test_synthesis_produces_speech_audio(synth, capfd):
    chunk = synth.synth("What I heard you say is that you felt ignored.", "gmw/en-us", 165)
    assert chunk.rate == 22050 and chunk.channels == 1 and chunk.width == 2
    assert 1.5 < chunk.duration_s < 6
    assert np.max(np.abs(pcm16_to_float(chunk.audio))) > 0.1
    out = capfd.readouterr().out
    assert "Audio saved" not in out  # pyttsx3's print must not reach stdout (--json output)


def test_espeak_is_told_the_texts_real_size(synth, monkeypatch):
    """pyttsx3 tells espeak_Synth the text is ten times its length, and espeak-ng copies that many
    bytes: past the text's end, a SIGSEGV when unmapped memory follows it (a typed session died so
    in CI; scripts/repro_espeak_overread.py shows it every time). The size must be the text's own,
    and the whole text, accents and all, must still be spoken."""
    from pyttsx3.drivers import _espeak

    sizes = []
    real = _espeak.cSynth

    def recording(text, size, *rest):
        sizes.append((len(text), size))
        return real(text, size, *rest)

    monkeypatch.setattr(_espeak, "cSynth", recording)
    short = synth.synth("Yes.", "gmw/en-us", 165)
    text = "Ren\u00e9e said the caf\u00e9 plans mattered to her. " * 12
    chunk = synth.synth(text, "gmw/en-us", 165)
    assert sizes == [(4, 5), (len(" ".join(text.split()).encode()), len(" ".join(text.split()).encode()) + 1)]
    assert chunk.duration_s > 12 * short.duration_s  # every repeat spoken, not cut at the size


def test_two_voices_differ(synth):
    a = synth.synth("Yes, that's it.", "gmw/en-us", 165)
    b = synth.synth("Yes, that's it.", "gmw/en-gb-x-rp", 165)
    assert a.audio != b.audio


def test_rate_changes_duration(synth):
    slow = synth.synth("Take a moment before you answer.", None, 110)
    fast = synth.synth("Take a moment before you answer.", None, 230)
    assert slow.duration_s > fast.duration_s * 1.4


def test_empty_text_is_silent(synth):
    assert synth.synth("   ").audio == b""


def test_wav_sink_collects_everything_in_order(synth, tmp_path):
    path = tmp_path / "out.wav"
    sink = WavSink(path)
    first = synth.synth("One.")
    second = synth.synth("Two, three.")
    sink.play(first)
    sink.play(earcon("listen_start"))
    sink.play(second)
    sink.close()
    with wave.open(str(path)) as w:
        assert w.getframerate() == 22050
        assert w.getnframes() == first.frames + earcon("listen_start").frames + second.frames
    assert (path.stat().st_mode & 0o777) == 0o600


def test_earcons_are_short_tones():
    for name in EARCONS:
        chunk = earcon(name)
        assert 0.05 < chunk.duration_s < 0.5
        assert 0.1 < np.max(np.abs(pcm16_to_float(chunk.audio))) < 0.5
