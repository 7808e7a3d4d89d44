"""`voicecoach doctor`: check each part a session needs and say what to do about any that fails."""

from __future__ import annotations

import shutil


def _check(name: str, fn) -> dict:
    try:
        status, detail, fix = fn()
    except Exception as exc:  # noqa: BLE001 - a check must never crash the doctor
        status, detail, fix = "fail", str(exc).splitlines()[0] if str(exc) else type(exc).__name__, None
    return {"name": name, "status": status, "detail": detail, "fix": fix}


def _data_folder():
    from voicecoach.config import home_dir
    from voicecoach.store import Store

    home = home_dir()
    store = Store.open()
    try:
        integrity = store.integrity_check()
    finally:
        store.close()
    mode = oct(home.stat().st_mode & 0o777)
    ok = integrity == "ok" and mode == "0o700"
    return ("ok" if ok else "warn", f"{home} (mode {mode}, database {integrity})",
            None if ok else f"chmod 700 {home}")


def _tts():
    from voicecoach.config import DEFAULT_COACH_VOICE
    from voicecoach.tts import open_synthesizer
    from voicecoach.tts.voices import VoiceError, default_voices

    synth = open_synthesizer()
    chunk = synth.synth("Check.", DEFAULT_COACH_VOICE)
    if chunk.duration_s <= 0:
        return "fail", "pyttsx3 produced no audio", "install espeak-ng: sudo apt-get install espeak-ng"
    parts = [f"pyttsx3 with espeak-ng ({chunk.rate} Hz)"]
    for role, name in zip(("coach", "other person"), default_voices()):
        try:
            spoken = synth.synth("Check.", name)
        except VoiceError as exc:
            return "warn", f"the {role}'s voice {name} cannot speak ({exc}); espeak-ng stands in", \
                "see `voicecoach voices`; reinstall it with `voicecoach voice download NAME` or `voice install PATH`"
        parts.append(f"{role}: {synth.voice(name).name} ({spoken.rate} Hz)")
    return "ok", "; ".join(parts), None


def _player():
    from voicecoach.audio.devices import list_devices

    outs = [d for d in list_devices() if d.outputs]
    if not outs:
        return ("warn", "no speaker found: sessions print the dialogue with speech off",
                "plug in headphones or speakers; --output FILE.wav keeps what the coach says as sound")
    default = next((d for d in outs if d.is_default_output), outs[0])
    return "ok", f"speaker: {default.name}", None


def _mic():
    from voicecoach.audio.devices import list_devices

    ins = [d for d in list_devices() if d.inputs]
    if not ins:
        return "warn", "no microphone found", "plug in a headset, or use --input FILE.wav / --text"
    default = next((d for d in ins if d.is_default_input), ins[0])
    return "ok", f"microphone: {default.name} ({default.default_rate_hz} Hz)", None


def _engine():
    from voicecoach.asr import choose_engine, describe_engine
    from voicecoach.asr.models import default_model_path

    choice = choose_engine("auto", None, quiet=True)
    if choice.name == "vosk":
        return "ok", f"{describe_engine(choice)} at {choice.model}", None
    found = default_model_path()
    extra = f" (installed Vosk model {found.name} is not English)" if found else ""
    import pocketsphinx  # noqa: F401 - the fallback must import

    return ("warn", describe_engine(choice) + extra,
            "run `voicecoach model download` for the better Vosk English model")


def _aplay():
    if shutil.which("espeak-ng") is None:
        return "fail", "espeak-ng is not installed", "sudo apt-get install espeak-ng libespeak-ng1"
    return "ok", "espeak-ng present", None


def run_checks() -> list[dict]:
    return [
        _check("data folder", _data_folder),
        _check("speech engine", _engine),
        _check("espeak-ng", _aplay),
        _check("speech synthesis", _tts),
        _check("microphone", _mic),
        _check("speaker", _player),
    ]
