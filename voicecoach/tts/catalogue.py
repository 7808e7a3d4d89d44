"""What ``voicecoach voices`` lists: the voices worth choosing, with engine, licence and rate.

espeak-ng has 131 voices and ~100 variants; listed are its English voices, the variants measured
in scripts/eval_voices.py, and MBROLA English voices whose data is installed. Then every installed
Piper voice, and the Piper voices ``voice download`` knows that are not installed yet.
"""

from __future__ import annotations

from voicecoach.tts.voices import (
    KNOWN_PIPER_VOICES,
    PIPER,
    PIPER_ENGINE_LICENCE,
    RECOMMENDED,
    VoiceError,
    default_voices,
    installed_piper_voices,
    piper_available,
)

MEASURED_VARIANTS = ("gmw/en-us+edward", "gmw/en-us+f5", "gmw/en-us+edward2", "gmw/en-us+benjamin", "gmw/en-us+klatt2", "gmw/en-us+klatt", "gmw/en-us+klatt4", "gmw/en-us+f2",
                     "gmw/en-us+klatt3", "gmw/en-gb-x-rp+klatt", "gmw/en+klatt4", "gmw/en-us+f3", "gmw/en-us+m3")
"""espeak-ng variants measured in scripts/eval_voices.py (pyttsx3's own list omits every variant)."""
ENGLISH_MBROLA = ("mb-us1", "mb-us2", "mb-us3", "mb-en1")


def list_voices() -> list[dict]:
    from voicecoach.tts import open_synthesizer

    coach, other = default_voices()
    synth = open_synthesizer()
    rows: list[dict] = []
    seen: set[str] = set()

    def add(v, **extra) -> None:
        if v.name in seen:
            return
        seen.add(v.name)
        roles = [r for r, name in (("coach", coach), ("other", other)) if name in (v.name, v.voice_id)]
        row = v.to_dict()
        row.update(default_for=roles, **extra)
        rows.append(row)

    for name in (coach, other):
        try:
            add(synth.voice(name))
        except VoiceError as exc:
            rows.append({"name": name, "engine": None, "installed": False, "licence": "", "default_for":
                         [r for r, n in (("coach", coach), ("other", other)) if n == name], "note": str(exc)})
    for v in synth.espeak_voice_list():
        if (v.language or "").startswith("en"):
            add(v)
    for name in MEASURED_VARIANTS:
        try:
            add(synth.voice(name), note="variant measured in scripts/eval_voices.py")
        except VoiceError:
            continue
    for name in ENGLISH_MBROLA:
        try:
            add(synth.voice(name))
        except VoiceError:
            continue  # its MBROLA data is not installed: not a voice that can speak here
    usable = piper_available()
    for v in installed_piper_voices():
        add(v, note=v.note if usable else "piper-tts is not installed: it would fall back to espeak-ng")
    for spec in KNOWN_PIPER_VOICES.values():
        if spec.name in seen:
            continue
        rows.append({"name": spec.name, "engine": PIPER, "driver": "piper", "voice_id": None,
                     "language": spec.language, "licence": spec.licence, "sample_rate_hz": None, "path": None,
                     "installed": False, "size_mb": round(spec.size_bytes / 1e6, 1), "default_for": [],
                     "note": ("recommended; " if spec.name in RECOMMENDED else "") + f"{spec.speaker} voice"
                     + (f"; {spec.note}" if spec.note else "") + f"; engine: {PIPER_ENGINE_LICENCE}"})
    synth.close()
    return rows
