"""Property-based tests (hypothesis) on everything that parses outside input (issue 7, item 2).

Audio readers get random bytes and random but well-formed WAV headers over random data; the
text parsers (voice commands, yes/no, the reflection scorer, own-words scenarios) get random and
adversarial text; the endpointer gets random frame sequences. Each must return a valid result or
raise the clean error it documents, never anything else.
"""

from __future__ import annotations

import json
import struct
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from voicecoach.audio.endpoint import Endpointer
from voicecoach.audio.wavio import read_wav, read_wav_pcm16
from voicecoach.coach import commands as voice_commands
from voicecoach.coach.scenarios import scenario_from_statement
from voicecoach.coach.scorer import score_reflection
from voicecoach.coach.yesno import parse_answer
from voicecoach.errors import AudioFormatError, InputError

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VERDICTS = {"accurate", "partial", "missed", "defensive"}

_SCRATCH = Path(tempfile.mkdtemp(prefix="vc-props-"))


def _write(data: bytes) -> Path:
    path = _SCRATCH / "input.wav"
    path.write_bytes(data)
    return path


# ------------------------------------------------------------------------------------ audio readers
def _chunk(tag: bytes, body: bytes, size: int | None = None) -> bytes:
    size = len(body) if size is None else size
    return tag + struct.pack("<I", size & 0xFFFFFFFF) + body + (b"\0" if len(body) % 2 else b"")


@st.composite
def wav_files(draw) -> bytes:
    """A RIFF/WAVE file with a plausible or odd fmt chunk and random sample data."""
    fmt_tag = draw(st.sampled_from([1, 3, 0xFFFE, 6, 7, 2, 0, 0x55]) | st.integers(0, 0xFFFF))
    channels = draw(st.sampled_from([1, 2]) | st.integers(0, 12))
    rate = draw(st.sampled_from([8000, 16000, 22050, 44100, 48000, 96000])
                | st.integers(0, 2**32 - 1) | st.integers(1, 2000))
    bits = draw(st.sampled_from([8, 16, 24, 32, 64]) | st.integers(0, 80))
    block_align = draw(st.just(max(1, channels * ((bits + 7) // 8))) | st.integers(0, 0xFFFF))
    byte_rate = (rate * block_align) & 0xFFFFFFFF
    body = struct.pack("<HHIIHH", fmt_tag, channels, rate, byte_rate, block_align, bits)
    if fmt_tag == 0xFFFE or draw(st.booleans()):
        sub = draw(st.sampled_from([1, 3]) | st.integers(0, 0xFFFF))
        body += struct.pack("<HHIH", 22, bits, 0, sub) + b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
    data = draw(st.binary(max_size=6000))
    data_size = draw(st.none() | st.integers(0, 2**32 - 1))
    chunks = [_chunk(b"fmt ", body)]
    if draw(st.booleans()):
        chunks.insert(draw(st.integers(0, 1)), _chunk(b"LIST", draw(st.binary(max_size=40))))
    chunks.append(_chunk(b"data", data, data_size))
    payload = b"WAVE" + b"".join(chunks)
    riff_size = draw(st.none() | st.integers(0, 2**32 - 1))
    out = b"RIFF" + struct.pack("<I", (len(payload) if riff_size is None else riff_size) & 0xFFFFFFFF) + payload
    if draw(st.booleans()):
        out = out[: draw(st.integers(0, len(out)))]  # truncated anywhere
    return out


def _valid_audio(result) -> None:
    samples, rate = result
    assert isinstance(samples, np.ndarray) and samples.ndim == 1 and samples.dtype == np.float32
    assert isinstance(rate, int) and rate > 0
    assert np.all(np.isfinite(samples)), "non-finite samples reach the recogniser"
    assert samples.size == 0 or float(np.max(np.abs(samples))) <= 1.0 + 1e-6


def _read_both(data: bytes) -> None:
    path = _write(data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's "invalid value in cast" etc. would be silent garbage
        try:
            result = read_wav(path)
        except (AudioFormatError, InputError) as exc:
            assert str(exc) and "\n" not in str(exc)
            return
        _valid_audio(result)
        pcm = read_wav_pcm16(path)
        assert isinstance(pcm, bytes) and len(pcm) % 2 == 0


@FAST
@given(st.binary(max_size=3000))
@example(b"")
@example(b"RIFF")
@example(b"RIFF\x00\x00\x00\x00WAVE")
def test_read_wav_random_bytes(data):
    _read_both(data)


@FAST
@given(wav_files())
def test_read_wav_random_headers(data):
    _read_both(data)


def _float_wav(values: np.ndarray, rate: int = 16000) -> bytes:
    body = struct.pack("<HHIIHH", 3, 1, rate, rate * 4, 4, 32)
    return b"RIFF" + struct.pack("<I", 4 + 24 + 8 + values.nbytes) + b"WAVE" + _chunk(b"fmt ", body) + _chunk(
        b"data", values.astype("<f4").tobytes())


@FAST
@given(st.lists(st.floats(width=32, allow_nan=True, allow_infinity=True), min_size=1, max_size=400))
@example([float("nan")] * 10)
@example([float("inf"), float("-inf"), 1e30])
def test_float_wav_with_any_sample_values(values):
    _read_both(_float_wav(np.array(values, dtype=np.float32)))


@pytest.mark.parametrize("rate", [1, 7, 100, 999])
def test_absurd_sample_rates_are_refused_not_resampled(rate):
    """A header claiming 1 Hz would make a few seconds of audio into hours at 16 kHz."""
    pcm = np.zeros(4000, dtype="<i2").tobytes()
    body = struct.pack("<HHIIHH", 1, 1, rate, rate * 2, 2, 16)
    data = b"RIFF" + struct.pack("<I", 4 + 24 + 8 + len(pcm)) + b"WAVE" + _chunk(b"fmt ", body) + _chunk(b"data", pcm)
    with pytest.raises(AudioFormatError, match="sample rate"):
        read_wav(_write(data))


# ------------------------------------------------------------------------------------ text parsers
_WORDS = st.sampled_from(
    "yes no yeah nope maybe partly sort of not really i think so stop skip repeat say that again slower "
    "faster pause continue help please um uh okay coach what i heard you say is you felt angry hurt "
    "unimportant ignored but because you always never whatever calm down dinner cancelled matter".split()
)
_ODD = st.sampled_from(["", " ", "\n", "\t", "’", "'", "...", "!!!", "?", "—", "😔", "💔", "👍", "우리는", "مرحبا",
                        "ça", "ß", "\u200b", "\u0301", "İ", "ﬁ", "\x00", "\ufeff", "0", "12", "-", "\\", "%s", "{}"])
_texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(_WORDS, _ODD), max_size=40).map(" ".join),
    st.lists(st.one_of(_WORDS, _ODD), max_size=12).map("".join),
)


@FAST
@given(_texts, st.one_of(st.none(), _texts), st.one_of(st.none(), st.floats(0, 1)))
def test_match_command_never_crashes(text, grammar_text, confidence):
    match = voice_commands.match_command(text, grammar_text, confidence)
    if match is not None:
        assert match.name in voice_commands.commands()
        assert 0 <= match.similarity <= 100
        assert match.by in ("text", "grammar")


@FAST
@given(st.sampled_from(sorted(voice_commands.grammar_phrases())),
       st.sampled_from(["", "please ", "um ", "okay "]), st.sampled_from(["", " please", "!", ".", " now"]),
       st.booleans())
def test_every_command_phrase_is_recognised_with_fillers_and_case(phrase, before, after, upper):
    words = phrase.split()
    # ("again please" + " please" strips to "again": phrases that end in a filler are left as they are)
    assume(words[0] not in voice_commands.FILLERS and words[-1] not in voice_commands.FILLERS)
    text = f"{before}{phrase}{after}"
    assume(len(text.split()) <= voice_commands.MAX_COMMAND_WORDS)  # longer utterances are answers
    if upper:
        text = text.upper()
    match = voice_commands.match_command(text)
    assert match is not None, text
    assert match.name == voice_commands._phrase_index()[voice_commands.normalize(phrase)]


@FAST
@given(st.lists(st.text(min_size=1, max_size=8), min_size=voice_commands.MAX_COMMAND_WORDS + 1, max_size=30))
def test_long_utterances_are_answers_not_commands(words):
    text = " ".join("stop" for _ in words)
    assert voice_commands.match_command(text) is None


@FAST
@given(_texts)
@example(None)
@example(123)
def test_parse_answer_never_crashes(text):
    assert parse_answer(text) in (None, "yes", "no", "partly")


@FAST
@given(_texts, st.sampled_from(["", ".", "!", "?", "..."]))
def test_parse_answer_ignores_case_and_final_punctuation(text, punct):
    assume(text.strip())
    assert parse_answer(text.upper() + punct) == parse_answer(text.lower() + punct) or \
        text.upper().lower() != text.lower()  # only where upper/lower round-trips (not 'ß', 'İ')


@FAST
@given(_texts, _texts, st.one_of(st.none(), st.sampled_from(["hurt", "angry", "unimportant", "", "😔"]),
                                 st.text(max_size=15)))
@example("When you cancelled our dinner, I felt like I don't matter to you.", "", None)
@example("", "", None)
@example("😔" * 50, "💔" * 50, "😔")
def test_score_reflection_never_crashes(statement, reflection, feeling):
    result = score_reflection(statement, reflection, feeling)
    assert result.verdict in VERDICTS
    assert 0.0 <= result.score <= 1.0
    assert 0.0 <= result.content_coverage <= 1.0 and 0.0 <= result.feeling_coverage <= 1.0
    assert isinstance(result.feedback, str) and result.feedback.strip()
    json.dumps(result.to_dict())


@FAST
@given(_texts, st.sampled_from([None, "partner", "colleague", "friend"]))
def test_own_words_scenario_never_crashes(text, relationship):
    try:
        scenario = scenario_from_statement(text, relationship)
    except InputError as exc:
        assert not " ".join(text.split()), f"refused a non-empty statement: {exc}"
        return
    assert scenario.statement.strip() and scenario.model_reflection.strip()
    assert scenario.custom


# ------------------------------------------------------------------------------------ endpointer
_FRAME_BYTES = 16000 * 30 // 1000 * 2


@st.composite
def frames(draw) -> list[bytes]:
    out = []
    for kind, amp, seed, short in draw(st.lists(
            st.tuples(st.sampled_from(["zero", "noise", "tone", "raw"]), st.floats(0, 1), st.integers(0, 2**16),
                      st.booleans()), max_size=120)):
        n = _FRAME_BYTES // 2
        rng = np.random.default_rng(seed)
        if kind == "zero":
            x = np.zeros(n)
        elif kind == "noise":
            x = rng.standard_normal(n) * amp * 12000
        elif kind == "tone":
            t = np.arange(n) / 16000
            x = amp * 30000 * np.sin(2 * np.pi * (120 + seed % 300) * t) * (1 + 0.3 * np.sin(2 * np.pi * 5 * t))
        else:
            x = None
        pcm = (rng.integers(0, 256, _FRAME_BYTES, dtype=np.uint8).tobytes() if x is None
               else np.clip(x, -32768, 32767).astype("<i2").tobytes())
        if short:  # the last frame of a file can be short; push() pads it
            pcm = pcm[: int(rng.integers(0, len(pcm) // 2)) * 2]
        out.append(pcm)
    return out


@FAST
@given(frames(), st.floats(0.03, 2.0), st.one_of(st.none(), st.binary(max_size=4000)))
def test_endpointer_emits_only_documented_events(sequence, silence_s, calibration):
    ep = Endpointer(silence_s=silence_s)
    if calibration is not None:
        level = ep.calibrate(calibration[: len(calibration) // 2 * 2])
        assert np.isfinite(level)
    in_speech = False
    for frame in sequence:
        event, audio = ep.push(frame)
        assert event in (None, "start", "speech", "end")
        if event is None:
            assert not in_speech and audio == b""
            continue
        assert audio and len(audio) % ep.frame_bytes == 0
        if event == "start":
            assert not in_speech
            in_speech = True
            assert len(audio) // ep.frame_bytes <= ep._pre.maxlen
        else:
            assert in_speech, "speech/end before start"
            assert len(audio) == ep.frame_bytes
            if event == "end":
                in_speech = False
        assert ep.in_speech == in_speech


@FAST
@given(st.lists(st.booleans(), max_size=200), st.floats(0.03, 1.5), st.integers(1, 5))
def test_endpointer_state_machine(voiced_pattern, silence_s, start_frames):
    """With the voice decision fixed per frame, the events follow the documented rules exactly:
    start after ``start_frames`` voiced frames among the last five, end after ``silence_s`` of
    unvoiced frames, pre-roll handed over with the start."""
    ep = Endpointer(silence_s=silence_s, start_frames=start_frames)
    ep.is_voiced = lambda frame: frame[:1] == b"\x01"
    voiced, quiet = b"\x01" * ep.frame_bytes, b"\x00" * ep.frame_bytes
    need = next(n for n in range(1, 10_000) if n * ep.frame_ms >= silence_s * 1000)  # as the endpointer counts
    in_speech, window, silent = False, [], 0
    for v in voiced_pattern:
        event, audio = ep.push(voiced if v else quiet)
        if not in_speech:
            window = (window + [v])[-5:]
            if sum(window) >= start_frames:
                assert event == "start"
                assert audio.endswith(voiced if v else quiet) and len(audio) % ep.frame_bytes == 0
                in_speech, window, silent = True, [], 0
            else:
                assert (event, audio) == (None, b"")
            continue
        silent = 0 if v else silent + 1
        if silent and silent >= need:
            assert event == "end"
            in_speech, silent = False, 0
        else:
            assert event == "speech"
