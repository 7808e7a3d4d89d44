"""No sound card: a session never stops for want of a speaker unless one was asked for (issue 14, item 1).

The sessions run through the INSTALLED `voicecoach` command, with ALSA given a configuration whose
only device does not exist (``ALSA_CONFIG_PATH`` names that file alone, so no sound card of the
machine running the tests can be found either): the real PortAudio/ALSA path finds no speaker.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from conftest import run_vc
from speech import answers_wav

from voicecoach.audio.format import AudioChunk
from voicecoach.audio.sinks import NullSink, SpeakerOrSilence, WavSink
from voicecoach.errors import DeviceError

ANSWERS = [
    "It was a misunderstanding about timing.",
    "What I heard you say is that when I cancelled our dinner at the last minute again, "
    "you felt like you don't matter to me.",
    "I see how cancelling at the last minute made you feel like you come last.",
    "It makes sense that you feel unimportant.",
    "Next time I will tell you about any change at least one day before.",
    "yes",
    "I need us to talk calmly.",
]
COMMITMENT = "I will tell you about any change at least one day before."
SPEECH_OFF = "speech is off"


@pytest.fixture
def no_sound_card(tmp_path) -> dict[str, str]:
    """Environment for a child process whose ALSA knows one device, on a card that does not exist."""
    conf = tmp_path / "asound-none.conf"
    conf.write_text("pcm.!default { type hw card 99 device 0 }\nctl.!default { type hw card 99 }\n")
    return {"ALSA_CONFIG_PATH": str(conf)}


def no_sound_card_dir(env: dict[str, str]) -> Path:
    return Path(env["ALSA_CONFIG_PATH"]).parent


def test_matplotlib_is_a_regular_dependency():
    """`progress --chart` must work after a plain `pip install .`, not only with an extra."""
    from importlib.metadata import requires

    from packaging.requirements import Requirement

    plain = {Requirement(r).name.lower() for r in requires("voicecoach") or []
             if Requirement(r).marker is None}
    assert "matplotlib" in plain


def _typed(vc_bin, *args, env, answers=ANSWERS):
    return run_vc(vc_bin, *args, input="\n".join(answers) + "\n", env=env, timeout=240)


def _commitments(vc_bin, env) -> list[dict]:
    res = run_vc(vc_bin, "commitments", "list", "--json", env=env)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


@pytest.mark.slow
def test_typed_session_with_no_speaker_completes_and_keeps_its_commitment(vc_bin, no_sound_card):
    """The issue's 'done when': `voicecoach practice --text`, no --output, no sound card."""
    res = _typed(vc_bin, "practice", "--scenario", "cancelled-plans", "--text", env=no_sound_card)
    assert res.returncode == 0, res.stderr
    assert res.stderr.count(SPEECH_OFF) == 1, res.stderr
    first = res.stderr.splitlines()[0]
    assert first.startswith("voicecoach: speech is off (no speaker"), first  # said before the coach speaks
    assert "coach: Welcome." in res.stderr and "you: yes" in res.stderr  # the dialogue is printed
    assert "session 1 completed; 1 commitment(s) saved" in res.stderr
    assert "cannot open the speaker" not in res.stderr and "Traceback" not in res.stderr
    assert res.stdout == ""
    assert [c["text"] for c in _commitments(vc_bin, no_sound_card)] == [COMMITMENT]

    # the progress chart, with what a plain install brings (matplotlib is a regular dependency)
    png, svg = no_sound_card_dir(no_sound_card) / "p.png", no_sound_card_dir(no_sound_card) / "p.svg"
    for chart in (png, svg):
        res = run_vc(vc_bin, "progress", "--chart", str(chart), env=no_sound_card)
        assert res.returncode == 0 and f"chart written to {chart}" in res.stderr, res.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    import xml.etree.ElementTree as ET

    assert ET.parse(svg).getroot().tag == "{http://www.w3.org/2000/svg}svg"

    # the commitment can be "replayed": printed, and said so
    replay = run_vc(vc_bin, "commitments", "replay", env=no_sound_card)
    assert replay.returncode == 0, replay.stderr
    assert replay.stderr.count(SPEECH_OFF) == 2  # the note, and the closing line
    assert "Use --to FILE.wav" in replay.stderr and "--output" not in replay.stderr  # replay's own option
    assert f"coach: {COMMITMENT}" in replay.stderr
    assert "printed 1 commitment(s) (speech is off)" in replay.stderr
    # --own-voice with nothing to hear: the words are printed rather than passing unseen
    own = run_vc(vc_bin, "commitments", "replay", "--own-voice", env=no_sound_card)
    assert own.returncode == 0 and f"coach: {COMMITMENT}" in own.stderr
    # --to none: print only, on purpose, without the note
    quiet = run_vc(vc_bin, "commitments", "replay", "--to", "none", env=no_sound_card)
    assert quiet.returncode == 0, quiet.stderr
    assert f"coach: {COMMITMENT}" in quiet.stderr and "no speaker" not in quiet.stderr


@pytest.mark.slow
def test_checkin_typed_with_no_speaker(vc_bin, no_sound_card):
    res = run_vc(vc_bin, "checkin", "--text", input="\n", env=no_sound_card, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stderr.count(SPEECH_OFF) == 1, res.stderr
    assert "check-in" in res.stderr


@pytest.mark.slow
def test_speaker_asked_for_and_missing_is_an_error_before_anything_starts(vc_bin, no_sound_card):
    res = _typed(vc_bin, "practice", "--text", "--output", "speaker", env=no_sound_card)
    assert res.returncode == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("voicecoach: error: cannot open the speaker"), res.stderr
    assert "--output FILE.wav" in lines[0]
    history = run_vc(vc_bin, "history", "--json", env=no_sound_card)
    assert json.loads(history.stdout) == []  # no session was begun
    replay = run_vc(vc_bin, "commitments", "replay", "--to", "speaker", env=no_sound_card)
    assert replay.returncode == 1 and "cannot open the speaker" in replay.stderr


@pytest.mark.slow
def test_output_none_is_silent_on_purpose(vc_bin, no_sound_card):
    res = _typed(vc_bin, "practice", "--scenario", "cancelled-plans", "--text", "--output", "none",
                 env=no_sound_card)
    assert res.returncode == 0, res.stderr
    assert SPEECH_OFF not in res.stderr and "no speaker" not in res.stderr
    assert "coach: Welcome." in res.stderr
    assert [c["text"] for c in _commitments(vc_bin, no_sound_card)] == [COMMITMENT]


@pytest.mark.slow
@pytest.mark.needs_speech_tools
def test_spoken_input_session_with_no_speaker(vc_bin, no_sound_card, tmp_path, speech_cache):
    """Not typed: a WAV standing in for the microphone, no speaker: the same speech-off behaviour,
    after the line saying which engine listens."""
    wav = answers_wav(["It was a misunderstanding about timing."], tmp_path / "in.wav", speech_cache)
    res = run_vc(vc_bin, "practice", "--scenario", "cancelled-plans", "--input", str(wav), "--engine", "sphinx",
                 env=no_sound_card, timeout=240)
    assert res.returncode == 0, res.stderr
    lines = res.stderr.splitlines()
    assert lines[0].startswith("voicecoach: listening with PocketSphinx"), lines[0]
    assert lines[1].startswith("voicecoach: speech is off (no speaker"), lines[1]
    assert res.stderr.count(SPEECH_OFF) == 1
    assert any(line.startswith("you: ") and "misunderstanding" in line for line in lines), res.stderr


@pytest.mark.slow
def test_output_to_a_fifo_streams_a_readable_wav(vc_bin, tmp_path):
    """`--output FIFO` streams to the reading program; the FIFO stays a FIFO."""
    import soundfile

    fifo = tmp_path / "coach.fifo"
    os.mkfifo(fifo)
    received = tmp_path / "received.wav"

    def reader():
        with open(fifo, "rb") as src, open(received, "wb") as dst:
            dst.write(src.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    res = _typed(vc_bin, "practice", "--scenario", "cancelled-plans", "--text", "--output", str(fifo), env=None)
    thread.join(timeout=60)
    assert res.returncode == 0, res.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    info = soundfile.info(str(received))
    assert info.samplerate == 22050 and info.channels == 1 and info.duration > 20  # the whole session


def test_wav_sink_writes_a_character_device_in_place(tmp_path):
    """A private copy of /dev/null (same device numbers): written in place, never renamed over."""
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    node = tmp_path / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    sink = WavSink(node)
    sink.play(AudioChunk(22050, 2, 1, b"\x01\x00" * 22050))
    sink.close()
    mode = os.stat(node).st_mode
    assert stat.S_ISCHR(mode) and os.stat(node).st_rdev == os.makedev(1, 3)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]  # no temp file left beside it


def test_a_symlinked_target_is_written_through_not_replaced(tmp_path):
    """`--output link.wav` where link.wav is a symbolic link (as /dev/stdout is): the link stays."""
    from voicecoach.config import atomic_write_bytes

    real = tmp_path / "real.wav"
    link = tmp_path / "link.wav"
    link.symlink_to(real)
    sink = WavSink(link)
    sink.play(AudioChunk(22050, 2, 1, b"\x01\x00" * 2205))
    sink.close()
    assert link.is_symlink() and real.stat().st_size > 4000
    atomic_write_bytes(link, b"chart")
    assert link.is_symlink() and real.read_bytes() == b"chart"


def test_fifo_reader_going_away_turns_speech_off_once(tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    notes: list[str] = []

    def reader():
        with open(fifo, "rb") as src:
            src.read(100)  # then close: the writer gets EPIPE

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    sink = WavSink(fifo, notify=notes.append)
    chunk = AudioChunk(22050, 2, 1, b"\x00\x01" * 22050)
    assert sink.play(chunk)  # the reader takes its 100 bytes of this and goes away
    thread.join(timeout=10)
    for _ in range(4):
        assert sink.play(chunk)
    sink.close()
    off = [n for n in notes if "speech is off" in n]  # ("waiting for a program to read" may come first)
    assert len(off) == 1 and "speech is off from here" in off[0] and "Broken pipe" in off[0], notes


class _BreakingSpeaker(NullSink):
    """A speaker that works for ``good`` sounds, then fails as an unplugged USB headset does."""

    realtime = True

    def __init__(self, good: int) -> None:
        self.good = good
        self.closed = False

    def play(self, chunk, stop=None):
        if self.good <= 0:
            raise DeviceError("the speaker stopped working: [Errno -9999] Unanticipated host error")
        self.good -= 1
        return True

    def close(self):
        self.closed = True


def test_speaker_failing_mid_session_turns_speech_off_once():
    notes: list[str] = []
    speaker = _BreakingSpeaker(good=2)
    sink = SpeakerOrSilence(notify=notes.append, speaker_factory=lambda: speaker)
    assert sink.realtime and notes == []
    chunk = AudioChunk(22050, 2, 1, b"\x00\x00" * 100)
    for _ in range(5):
        assert sink.play(chunk) is True
    assert not sink.realtime and speaker.closed  # no barge-in over a speaker that is gone
    assert notes == ["speech is off from here (the speaker stopped working: Unanticipated host error); "
                     "the dialogue is still printed"]


def test_no_speaker_at_all_is_said_once_with_the_reason():
    notes: list[str] = []

    def missing():
        raise DeviceError("cannot open the speaker: [Errno -9996] Invalid output device (no default output "
                          "device); give a WAV file instead (--output FILE.wav, or --to FILE.wav for a replay), "
                          "or none to speak nothing")

    sink = SpeakerOrSilence(notify=notes.append, speaker_factory=missing)
    assert sink.play(AudioChunk(22050, 2, 1, b"\x00\x00")) and not sink.realtime
    assert len(notes) == 1
    assert notes[0].startswith("speech is off (no speaker: Invalid output device (no default output device));")


def test_open_sink_keywords(tmp_path):
    from voicecoach.runner import open_sink

    assert isinstance(open_sink("none"), NullSink) and isinstance(open_sink("NONE"), NullSink)
    wav = open_sink(str(tmp_path / "a.wav"))
    assert isinstance(wav, WavSink)
    wav.close()
    assert not Path(tmp_path / "a.wav").exists()  # nothing was said: nothing written (stop 41)
    wav = open_sink(str(tmp_path / "a.wav"))
    wav.play(AudioChunk(wav.rate, 2, 1, bytes(2 * wav.rate // 10)))
    wav.close()
    assert Path(tmp_path / "a.wav").exists()
