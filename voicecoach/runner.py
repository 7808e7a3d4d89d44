"""Building the parts a command needs (ear, voice, sink, store) from plain options.

The CLI calls one function here per command; everything is usable from Python without Click.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from voicecoach.config import Settings
from voicecoach.errors import InputError, VoicecoachError


@dataclass(frozen=True)
class IOOptions:
    input: str = "mic"
    """"mic", or a WAV file standing in for the microphone."""
    text: bool = False
    """Read typed answers from stdin instead of listening."""
    output: str = "auto"
    """Where the coach speaks: "auto" (the speaker if one can be opened, otherwise silence, said
    once), "speaker" (a speaker is required), "none" (silence on purpose), or a WAV file that
    receives everything the coach says."""
    engine: str = "auto"
    model: str | None = None
    mic: str | None = None
    """Input device: an index or part of its name."""


def open_store():
    from voicecoach.store import Store

    store = Store.open()
    store.mark_interrupted()
    return store


OUTPUT_AUTO = "auto"
OUTPUT_SPEAKER = "speaker"
OUTPUT_NONE = "none"


def open_sink(output: str | None, *, notify=None, option: str = "--output"):
    """The sink for ``--output`` (or ``--to``, named by ``option``): see :attr:`IOOptions.output`.

    With no choice made (``None``, "" or "auto") a missing speaker turns speech off, said once;
    only an explicit "speaker" makes a missing speaker an error.
    """
    from voicecoach.audio.sinks import DeviceSink, NullSink, SpeakerOrSilence, WavSink

    keyword = (output or OUTPUT_AUTO).strip().lower()
    if keyword == OUTPUT_AUTO:
        return SpeakerOrSilence(notify=notify, option=option)
    if keyword == OUTPUT_SPEAKER:
        sink = DeviceSink()
        sink.open()  # asked for: fail before anything starts, not at the first prompt
        return sink
    if keyword == OUTPUT_NONE:
        return NullSink()
    from voicecoach.config import refuse_data_file

    refuse_data_file(output, option)
    suffix = Path(output).suffix.lower()
    target = Path(output).expanduser()
    if suffix and suffix != ".wav" and not (target.exists() and not target.is_file()):  # (a FIFO, a device)
        # "--to r.mp3" wrote a WAV under an MP3's name (exploratory testing, stop 43)
        raise InputError(f"{option} {output}: the audio is written as WAV; give a .wav file name")
    return WavSink(output, notify=notify)


def engine_line(choice) -> str:
    """The line a spoken session starts with: which recogniser and model listen."""
    from voicecoach.asr import describe_engine

    line = f"listening with {describe_engine(choice)}"
    if choice.name == "sphinx":
        line += "; `voicecoach model download` gets Vosk's English model, which hears better"
    return line


def open_listener(io: IOOptions, settings: Settings, *, stdin=None, notify=None):
    """The ear: typed lines, a WAV file, or the microphone; plus the engine name.

    A spoken session says first which engine (and model) listens (``notify``, default stderr).
    The recogniser loads in the background (seconds for Vosk), so the first prompt can play meanwhile.
    """
    from voicecoach.audio.listener import Listener, TextListener
    from voicecoach.audio.sinks import say_to_stderr

    if io.text:
        return TextListener(stdin or sys.stdin), "text"
    from voicecoach.asr import choose_engine, open_recognizer_async
    from voicecoach.audio.sources import MicSource, WavSource

    notify = notify or say_to_stderr
    choice = choose_engine(io.engine, io.model, quiet=True)
    notify(engine_line(choice))
    if io.input not in (None, "", "mic"):
        source = WavSource(io.input, notify=notify)
    else:
        source = MicSource(io.mic)
    if choice.name == "vosk":
        # Vosk's model load (seconds) releases the GIL: start it now, under the first prompt
        loader = open_recognizer_async(choice)
    else:
        # PocketSphinx's 0.6 s load holds the GIL: start it once the first prompt is playing
        def loader():
            return open_recognizer_async(choice)
    return Listener(source, loader, settings.listen), choice.name


@contextlib.contextmanager
def graceful_signals() -> Iterator[None]:
    """SIGTERM (and SIGHUP) end a session the way Ctrl-C does: cleanly, with everything saved."""
    from voicecoach.session import StopSession

    stopping = []

    def handler(signum, frame):
        if stopping:  # already ending: let the saving finish
            return
        stopping.append(signum)
        raise StopSession(signal.Signals(signum).name.lower())

    previous = {}
    for sig in (signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(ValueError, OSError):
            previous[sig] = signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            with contextlib.suppress(ValueError, OSError):
                signal.signal(sig, old)


class HeldNotes:
    """Status lines held back until the session's first words, then said as they come.

    Which engine listens, and that speech is off, belong before the coach's first line; a session
    that fails before it speaks (an unknown scenario…) says only its one-line error.
    """

    def __init__(self, say=None) -> None:
        from voicecoach.audio.sinks import say_to_stderr

        self._say = say or say_to_stderr
        self._held: list[str] = []
        self._released = False

    def __call__(self, text: str) -> None:
        if self._released:
            self._say(text)
        else:
            self._held.append(text)

    def release(self) -> None:
        if not self._released:
            self._released = True
            for text in self._held:
                self._say(text)
            self._held.clear()

    def before(self, ui):
        """``ui`` (the dialogue printer), releasing the held lines before its first line."""
        def show(who: str, text: str) -> None:
            self.release()
            ui(who, text)

        return show


def settings_for_mode(settings: Settings, mode: str) -> Settings:
    """A walk leaves the room it calibrated in, so its microphone gets the street's noise suppression
    (level 2, scripts/eval_noise.py) unless one was chosen; other sessions let the room decide."""
    if mode == "walk" and settings.listen.noise_suppression is None:
        return dataclasses.replace(settings, listen=dataclasses.replace(settings.listen, noise_suppression=2))
    return settings


def _refuse_output_over_input(io: IOOptions) -> None:
    """``--output`` naming the ``--input`` recording would overwrite the user's own words with the coach's."""
    if io.input in (None, "", "mic") or not io.output:
        return
    if io.output.strip().lower() in (OUTPUT_AUTO, OUTPUT_SPEAKER, OUTPUT_NONE):
        return
    inp, out = Path(io.input).expanduser(), Path(io.output).expanduser()
    try:
        same = out.exists() and os.path.samefile(inp, out)
    except OSError:
        same = False
    if same or inp.resolve() == out.resolve():
        raise InputError(f"--output {io.output} is the --input recording; it would be overwritten "
                         "(give another file)")


def run_session(options, io: IOOptions, settings: Settings | None = None, *, ui=None, stdin=None):
    """Run a practice / walk / partner / check-in session; returns the SessionResult."""
    from voicecoach.flows import exercise_for
    from voicecoach.session import Coach, StopSession
    from voicecoach.tts import open_synthesizer, preload_voices

    settings = settings_for_mode(settings or Settings(), options.mode)
    _refuse_output_over_input(io)
    preload_voices(settings.speak.coach_voice, settings.speak.other_voice)
    store = open_store()
    notes = HeldNotes()
    sink = None
    listener = None
    coach = None
    synth = None
    try:
        listener, engine_name = open_listener(io, settings, stdin=stdin, notify=notes)
        sink = open_sink(io.output, notify=notes)
        synth = open_synthesizer()
        check_voices(synth, settings.speak.coach_voice, settings.speak.other_voice)
        coach = Coach(listener=listener, synth=synth, sink=sink, store=store, settings=settings,
                      options=options, engine_name=engine_name, ui=ui)
        coach.ui = notes.before(coach.ui)
        with graceful_signals():
            try:
                result = coach.run(exercise_for(options.mode))
                # a stop that came before the session learnt its own id leaves its row running
                ended = store.end_running("stopped", event=("state", "unfinished"))
                if ended and result.session_id is None:
                    result.session_id = ended[-1]
                return result
            except KeyboardInterrupt:
                store.end_running("stopped", event=("signal", "sigint"))
                raise
            except StopSession as stop:
                # a signal that landed outside the session's own handling (e.g. while it was being
                # saved): end whatever this process left running, and finish as a stop
                ended = store.end_running("stopped", event=("signal", stop.reason))
                from voicecoach.session import SessionResult

                return SessionResult(ended[-1] if ended else coach.session_id, "stopped",
                                     list(coach.commitment_ids))
    finally:
        if sink is not None:
            sink.close()
        if synth is not None:
            synth.close()
        if listener is not None:
            listener.close()
        store.close()


def chosen_voices(voice: str | None = None, other_voice: str | None = None) -> tuple[str, str]:
    """The coach's and the other person's voices: as given, else as set by ``voice download/install``,
    else espeak-ng's measured defaults."""
    from voicecoach.tts.voices import default_voices

    coach, other = default_voices()
    return (voice or coach), (other_voice or other)


def check_voices(synth, *names: str) -> None:
    """A name that is no voice at all is bad input (one line, exit 2); a voice that exists but cannot
    speak (MBROLA data or piper-tts missing, a broken model) falls back when first used, with one line."""
    from voicecoach.tts.voices import UnknownVoice

    voice = getattr(synth, "voice", None)
    for name in names:
        if name and voice is not None:
            try:
                voice(name)
            except UnknownVoice as exc:
                raise InputError(str(exc)) from None
            except VoicecoachError:
                pass


@dataclass(frozen=True)
class Replayed:
    count: int
    """Commitments replayed (or, with speech off, printed)."""
    spoken: bool
    """False when speech was off (``--to none``, or no speaker): the words were only printed."""


def replay_commitments(ids: list[int] | None, *, own_voice: bool, to: str | None,
                       settings: Settings | None = None) -> Replayed:
    """Speak commitments (all open ones, or those given) to the speakers or a WAV file; with no
    speaker (or ``to="none"``) they are printed only."""
    from voicecoach.config import DEFAULT_COACH_VOICE
    from voicecoach.session import play_commitments
    from voicecoach.tts import open_synthesizer, preload_voices

    settings = settings or Settings()
    preload_voices(settings.speak.coach_voice)
    store = open_store()
    try:
        items = [store.get_commitment(i) for i in dict.fromkeys(ids)] if ids else store.list_commitments()
    finally:
        store.close()
    from voicecoach.audio.sinks import NullSink

    notes = HeldNotes()
    sink = open_sink(to, notify=notes, option="--to")
    synth = open_synthesizer()
    try:
        check_voices(synth, settings.speak.coach_voice)

        def say(text, voice=None, who=None):
            notes.release()
            print(f"coach: {text}", file=sys.stderr)
            sink.play(synth.synth(text, settings.speak.coach_voice, settings.speak.rate_wpm, DEFAULT_COACH_VOICE))

        silent = isinstance(sink, NullSink) or getattr(sink, "speaking", True) is False
        # with nothing to hear, the person's own recorded words would pass unseen: print the words
        play_commitments(items, say=say, play=sink.play, own_voice=own_voice and not silent, chosen=bool(ids))
    finally:
        sink.close()
        synth.close()
    return Replayed(len(items), spoken=not silent)


def transcribe_files(paths: list[str], engine: str = "auto", model: str | None = None) -> list[dict]:
    """Transcribe WAV files with one model load for all of them."""
    from voicecoach.asr import choose_engine, open_recognizer
    from voicecoach.audio.wavio import read_wav_pcm16, wav_layout

    for p in paths:
        if not Path(p).exists():
            raise InputError(f"no such file: {p}")
    # check every file before loading a model; a truncated one is said on stderr and read as far as it goes
    audio = [(p, read_wav_pcm16(p), wav_layout(p)) for p in paths]
    recognizer = open_recognizer(choose_engine(engine, model))
    out = []
    for path, pcm, layout in audio:
        t0 = time.perf_counter()
        recognizer.forget()  # each file on its own: its words and times do not depend on the files before
        utt = recognizer.decode(pcm)
        elapsed = time.perf_counter() - t0
        item = {"file": path, "text": utt.text, "engine": recognizer.name, "duration_s": round(len(pcm) / 32000, 3),
                "decode_s": round(elapsed, 3), "confidence": utt.confidence,
                "words": [{"word": w.word, "start": round(w.start_s, 2), "end": round(w.end_s, 2), "conf": w.conf}
                          for w in utt.words]}
        if layout is not None and layout.truncated:
            item["truncated"] = {"claimed_s": round(layout.claimed_s, 3), "present_s": round(layout.present_s, 3)}
        out.append(item)
    return out
