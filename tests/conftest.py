"""Shared fixtures: a private data folder per test, and real test speech."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
_JUDGING = pytest.StashKey()  # the Judging of this run (tests/judging.py)


@pytest.fixture(autouse=True)
def voicecoach_home(tmp_path, monkeypatch):
    """Every test gets its own data folder: no test can touch a real user's commitments."""
    home = tmp_path / "vc-home"
    monkeypatch.setenv("VOICECOACH_HOME", str(home))
    return home


@pytest.fixture
def without_lexical(monkeypatch):
    """The judge below its last layer (voicecoach/coach/lexical.py): for tests of what the rules, the four-way
    model and the defence check read, which the lexical model may then overrule."""
    from voicecoach.coach import lexical

    monkeypatch.setattr(lexical, "lexical", lambda: None)


@pytest.fixture
def one_clear_model_error():
    """check(load, text, message): loading a broken shipped model file fails with one line naming the fault,
    and text that is not JSON says so."""
    from voicecoach.coach.learned import ModelError

    def check(load, text: str, message: str) -> None:
        with pytest.raises(ModelError, match=message) as info:
            load(text)
        assert "\n" not in str(info.value)
        with pytest.raises(ModelError, match="not valid JSON"):
            load("{")

    return check


def pytest_collection_modifyitems(config, items):
    missing = [tool for tool in ("flite", "sox", "espeak-ng") if shutil.which(tool) is None]
    if not missing:
        return
    skip = pytest.mark.skip(reason=f"needs {', '.join(missing)} (scripts/install-system-deps.sh)")
    for item in items:
        if "needs_speech_tools" in item.keywords:
            item.add_marker(skip)


def pytest_collection_finish(session):
    """The reviewers' sets the selected regression tests judge start being judged now, in the background
    (tests/judging.py), while the tests before them run."""
    from judging import Judging, regression_sets

    if not session.config.option.collectonly:
        session.config.stash[_JUDGING] = Judging(regression_sets(session.items))


def pytest_sessionfinish(session):
    judging = session.config.stash.get(_JUDGING, None)
    if judging is not None:
        judging.close()


@pytest.fixture(scope="session")
def judged_sets(request):
    """The regression sets, judged (``.result(name)``): see pytest_collection_finish."""
    return request.config.stash[_JUDGING]


@pytest.fixture(scope="session")
def speech_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("speech")


@pytest.fixture(scope="session")
def vc_bin():
    """The installed `voicecoach` command (the real entry point)."""
    exe = Path(sys.executable).with_name("voicecoach")
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-m", "voicecoach"]


def run_vc(vc_bin, *args, input=None, env=None, timeout=300, cwd=None):
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    return subprocess.run([*vc_bin, *args], input=input, capture_output=True, text=True, env=full_env,
                          timeout=timeout, cwd=cwd)
