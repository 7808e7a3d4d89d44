"""Offline: nothing but `model download` ever opens a network connection (issue 7, item 3).

Whole sessions run in a fresh network namespace (`unshare -n`: no interface up, not even
loopback); in-process, every way Python opens a connection is made to fail and recorded; and the
package's source is checked so that only the model downloader imports networking modules.
"""

from __future__ import annotations

import ast
import io
import json
import os
import socket
import subprocess
import wave
from pathlib import Path

import pytest

from conftest import ROOT, run_vc
from speech import answers_wav

PACKAGE = ROOT / "voicecoach"
NETWORK_MODULES = {"socket", "ssl", "http", "urllib", "ftplib", "smtplib", "poplib", "imaplib", "telnetlib",
                   "xmlrpc", "socketserver", "asyncio", "requests", "httpx", "aiohttp", "urllib3", "websocket",
                   "websockets", "paramiko"}
ALLOWED = {"voicecoach/asr/models.py"}
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


@pytest.fixture(scope="module")
def netns():
    """A command prefix that runs in a new network namespace, after checking it really is offline."""
    if os.geteuid() != 0:
        pytest.skip("unshare -n needs root")
    try:
        ok = subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=30)
    except (FileNotFoundError, subprocess.TimeoutExpired):
        pytest.skip("unshare is not available")
    if ok.returncode != 0:
        pytest.skip(f"unshare -n fails here: {ok.stderr.decode(errors='replace').strip()}")
    probe = subprocess.run(
        ["unshare", "-n", "python3", "-c",
         "import socket\ntry:\n socket.create_connection(('127.0.0.1', 9), timeout=2)\n"
         "except OSError as e:\n print('offline', e.errno)\nelse:\n print('online')"],
        capture_output=True, text=True, timeout=30)
    assert probe.stdout.startswith("offline"), probe.stdout + probe.stderr
    return ["unshare", "-n"]


def _history(vc_bin, home: Path) -> list[dict]:
    res = run_vc(vc_bin, "history", "--json", env={"VOICECOACH_HOME": str(home)})
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_typed_session_in_a_network_namespace(netns, vc_bin, tmp_path, voicecoach_home):
    res = run_vc([*netns, *vc_bin], "practice", "--scenario", "cancelled-plans", "--text",
                 "--output", str(tmp_path / "coach.wav"), input="\n".join(ANSWERS) + "\n")
    assert res.returncode == 0, res.stderr
    session = _history(vc_bin, voicecoach_home)[0]
    assert session["status"] == "completed"
    assert [t["text"] for t in session["turns"] if t["step"] == "root"] == [ANSWERS[0]]
    with wave.open(str(tmp_path / "coach.wav")) as w:
        assert w.getnframes() > 0
    # the commands that read the store work offline too
    for args in (["commitments", "list", "--json"], ["progress", "--json"], ["note"], ["scenarios", "list"]):
        out = run_vc([*netns, *vc_bin], *args)
        assert out.returncode == 0, (args, out.stderr)


@pytest.mark.needs_speech_tools
def test_spoken_session_in_a_network_namespace(netns, vc_bin, tmp_path, voicecoach_home, speech_cache):
    wav = answers_wav(["i think it was a misunderstanding"], tmp_path / "answers.wav", speech_cache)
    res = run_vc([*netns, *vc_bin], "practice", "--scenario", "cancelled-plans", "--input", str(wav),
                 "--engine", "sphinx", "--output", str(tmp_path / "coach.wav"))
    assert res.returncode == 0, res.stderr
    session = _history(vc_bin, voicecoach_home)[0]
    assert session["ended_at"] and session["engine"] == "sphinx"
    assert "misunderstanding" in session["turns"][0]["text"]


def test_model_download_fails_cleanly_offline(netns, vc_bin, voicecoach_home):
    """The one command that goes online says so in one line when there is no network."""
    res = run_vc([*netns, *vc_bin], "model", "download", timeout=120)
    assert res.returncode != 0
    assert "Traceback" not in res.stderr
    lines = [line for line in res.stderr.splitlines() if line.strip() and "%" not in line]
    assert lines[-1].startswith("voicecoach: error: "), res.stderr
    models = voicecoach_home / "models"
    leftovers = [p.name for p in models.iterdir()] if models.exists() else []
    assert leftovers == [], leftovers


class _NoNetwork:
    """Makes every Python-level way of reaching a network fail, and records each attempt."""

    def __init__(self, monkeypatch) -> None:
        self.attempts: list[str] = []
        for name in ("connect", "connect_ex", "sendto", "bind"):
            monkeypatch.setattr(socket.socket, name, self._refuse(f"socket.{name}"))
        for name in ("create_connection", "getaddrinfo", "gethostbyname", "create_server"):
            monkeypatch.setattr(socket, name, self._refuse(f"socket.{name}"))

    def _refuse(self, what: str):
        def refuse(*args, **kwargs):
            self.attempts.append(f"{what}{args[1:] if args and isinstance(args[0], socket.socket) else args}")
            raise OSError(f"test: network use refused ({what})")

        return refuse


def test_in_process_session_opens_no_socket(monkeypatch, tmp_path, voicecoach_home):
    from voicecoach.runner import IOOptions, run_session
    from voicecoach.session import SessionOptions
    from voicecoach.store import Store

    guard = _NoNetwork(monkeypatch)
    result = run_session(SessionOptions(mode="practice", scenario_id="cancelled-plans", earcons=False),
                         IOOptions(text=True, output=str(tmp_path / "coach.wav")),
                         ui=lambda who, text: None, stdin=io.StringIO("\n".join(ANSWERS) + "\n"))
    assert result.status == "completed"
    assert guard.attempts == []
    with Store.open() as store:
        assert store.history()[0]["status"] == "completed"


def test_in_process_wav_input_opens_no_socket(monkeypatch, tmp_path, voicecoach_home):
    """The audio path too (WAV source, VAD, PocketSphinx loading in the background)."""
    from voicecoach.runner import IOOptions, run_session
    from voicecoach.session import SessionOptions

    wav = tmp_path / "quiet.wav"
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\0\0" * 16000 * 3)
    guard = _NoNetwork(monkeypatch)
    result = run_session(SessionOptions(mode="practice", scenario_id="cancelled-plans", earcons=True),
                         IOOptions(input=str(wav), engine="sphinx", output=str(tmp_path / "coach.wav")),
                         ui=lambda who, text: None)
    assert result.session_id is not None
    assert guard.attempts == []


def test_the_guard_does_catch_a_connection(monkeypatch):
    """The guard itself works: an attempt is refused and recorded."""
    guard = _NoNetwork(monkeypatch)
    with pytest.raises(OSError, match="network use refused"):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    sock = socket.socket()
    try:
        with pytest.raises(OSError, match="network use refused"):
            sock.connect(("127.0.0.1", 9))
    finally:
        sock.close()
    assert len(guard.attempts) == 2


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module", "__import__"
        ) and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            found.add(node.args[0].value.split(".")[0])
    return found


def test_only_the_model_downloader_imports_networking():
    offenders = {}
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 20
    for path in files:
        rel = path.relative_to(ROOT).as_posix()
        used = _imported_modules(path) & NETWORK_MODULES
        if used and rel not in ALLOWED:
            offenders[rel] = sorted(used)
    assert offenders == {}
    assert _imported_modules(PACKAGE / "asr" / "models.py") & {"urllib", "http"}  # the one that may
