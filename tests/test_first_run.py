"""The first run (issue 14, items 5 and 6): Vosk first when the network answers, PocketSphinx at
once when it does not; which engine listens is said by `doctor` and by a session's first line; the
set-up scripts show short progress lines, not build noise.

Nothing here touches the real network: the offline runs happen in a fresh network namespace
(`unshare -n`, no interface up), downloads come from a loopback server (tests/test_models.py).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, run_vc


@pytest.fixture(scope="module")
def netns():
    if os.geteuid() != 0:
        pytest.skip("unshare -n needs root")
    try:
        ok = subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=30)
    except (FileNotFoundError, subprocess.TimeoutExpired):
        pytest.skip("unshare is not available")
    if ok.returncode != 0:
        pytest.skip("unshare -n fails here")
    return ["unshare", "-n"]


def test_model_ensure_offline_says_so_in_one_line_and_exits_0(netns, vc_bin, voicecoach_home):
    res = run_vc([*netns, *vc_bin], "model", "ensure", env={"VOICECOACH_NO_DOWNLOAD": ""})
    assert res.returncode == 0, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("voicecoach: offline ("), res.stderr
    assert "PocketSphinx listens for now" in lines[0]
    assert res.stdout == ""
    assert not (voicecoach_home / "models" / "default.json").exists()


def test_model_ensure_does_nothing_once_an_english_model_is_there(netns, vc_bin, voicecoach_home, tmp_path):
    folder = voicecoach_home / "models" / "vosk-model-tiny-en-us-0.1"
    for rel in ("am/final.mdl", "conf/model.conf", "graph/HCLG.fst"):
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(b"x")
    res = run_vc([*netns, *vc_bin], "model", "ensure")
    assert res.returncode == 0 and res.stderr == "", res.stderr
    doctor = json.loads(run_vc(vc_bin, "doctor", "--json").stdout)
    engine = next(c for c in doctor if c["name"] == "speech engine")
    assert engine["status"] == "ok"
    assert engine["detail"].startswith("Vosk, model vosk-model-tiny-en-us-0.1 (en-us) at ")


def test_doctor_names_pocketsphinx_when_no_model(vc_bin):
    doctor = json.loads(run_vc(vc_bin, "doctor", "--json").stdout)
    engine = next(c for c in doctor if c["name"] == "speech engine")
    assert engine["status"] == "warn" and engine["detail"] == "PocketSphinx, its built-in English model"
    assert "voicecoach model download" in engine["fix"]


def test_model_list_shows_published_accuracy_size_and_checksum_status(vc_bin):
    res = run_vc(vc_bin, "model", "list", "--json")
    rows = {r["name"]: r for r in json.loads(res.stdout)}
    giga = rows["vosk-model-en-us-0.42-gigaspeech"]
    assert giga["installed"] is False and giga["sha256"] is None
    assert giga["published_size"] == "2.3G" and giga["wer"].startswith("5.64 (librispeech test-clean)")
    assert rows["vosk-model-en-us-0.22"]["sha256"] and rows["vosk-model-en-us-0.22"]["published_size"] == "1.8G"
    text = run_vc(vc_bin, "model", "list").stdout
    assert "no published checksum: give --sha256" in text and "WER 7.82 (librispeech)" in text


def test_download_without_a_published_checksum_is_refused_before_any_network(netns, vc_bin, voicecoach_home):
    res = run_vc([*netns, *vc_bin], "model", "download", "vosk-model-en-us-0.42-gigaspeech")
    assert res.returncode == 1
    assert res.stderr.startswith("voicecoach: error: no published SHA-256 is known for vosk-model-en-us-0.42")
    assert len(res.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_offline_first_run_then_a_typed_session(netns, vc_bin, voicecoach_home):
    """What scripts/voicecoach.sh does offline, step by step: ensure (falls back), then the session."""
    ensure = run_vc([*netns, *vc_bin], "model", "ensure", env={"VOICECOACH_NO_DOWNLOAD": ""})
    assert ensure.returncode == 0 and ensure.stderr.count("\n") == 1
    session = run_vc([*netns, *vc_bin], "practice", "--scenario", "cancelled-plans", "--text", "--output", "none",
                     input="It was a misunderstanding.\n")
    assert session.returncode == 0, session.stderr


# ---------------------------------------------------------------------------------------------
# The set-up scripts: the user's run and the developers' tests share .venv without fighting


def test_run_script_only_fetches_for_sessions_that_listen():
    """scripts/voicecoach.sh runs `model ensure` before practice/walk/checkin that listen, not
    before typed sessions, --engine sphinx, --model, or other commands."""
    head = (ROOT / "scripts" / "voicecoach.sh").read_text().split("# -- end of functions --")[0]
    cases = {
        ("practice",): "yes",
        ("walk", "--input", "x.wav"): "yes",
        ("checkin",): "yes",
        ("practice", "--engine", "vosk"): "yes",
        ("--debug", "walk"): "yes",
        ("practice", "--text"): "no",
        ("practice", "--engine", "sphinx"): "no",
        ("practice", "--engine=sphinx"): "no",
        ("practice", "--model", "/m"): "no",
        ("practice", "--help"): "no",
        ("commitments", "list"): "no",
        ("doctor",): "no",
        (): "no",
    }
    for args, expected in cases.items():
        out = subprocess.run(["bash", "-c", head + '\nwants_model "$@" && echo yes || echo no', "_", *args],
                             capture_output=True, text=True, timeout=30)
        assert out.stdout.strip() == expected, (args, out.stdout, out.stderr)


@pytest.fixture
def checkout(tmp_path):
    """A copy of the checkout whose .venv/bin/python is a recorder: the install decisions of
    scripts/bootstrap.sh are tested here in a second (real installs are timed by
    scripts/first_run.sh). ``FAIL_PIP=1`` makes the recorder fail like a broken pip."""
    import shutil

    root = tmp_path / "clone"
    for part in ("scripts", "voicecoach"):
        shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for part in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / part, root / part)
    venv_bin = root / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    recorder = venv_bin / "python"
    recorder.write_text('#!/usr/bin/env bash\necho "$*" >> "$(dirname "$0")/../pip-calls"\n'
                        'echo "pip output line"\n[[ -n "${FAIL_PIP:-}" ]] && { echo "ERROR: no matching distribution"; exit 1; }\n'
                        "exit 0\n")
    recorder.chmod(0o755)
    return root


def _boot(root: Path, *args: str, fail: bool = False) -> tuple[subprocess.CompletedProcess, list[str]]:
    calls = root / ".venv" / "pip-calls"
    calls.unlink(missing_ok=True)
    env = dict(os.environ, FAIL_PIP="1" if fail else "")
    res = subprocess.run(["bash", str(root / "scripts" / "bootstrap.sh"), *args], capture_output=True, text=True,
                         env=env, timeout=120)
    return res, (calls.read_text().splitlines() if calls.exists() else [])


def test_bootstrap_user_and_developer_installs_share_the_venv(checkout):
    stamp = checkout / ".venv" / ".voicecoach-stamp"
    # a person's first run: one regular install, two short lines, pip's output kept out of sight
    res, calls = _boot(checkout)
    assert res.returncode == 0, res.stderr
    assert calls == ["-m pip --disable-pip-version-check install --quiet ."]
    assert res.stderr.splitlines()[0] == ("voicecoach: installing voicecoach and its libraries into .venv "
                                          "(first run only: a minute or two)")
    assert res.stderr.splitlines()[-1].startswith("voicecoach: installed in ")
    assert "pip output line" not in res.stderr + res.stdout and "editable" not in res.stderr.lower()
    assert stamp.read_text().startswith("user ")
    # the next run: nothing to do, nothing said
    res, calls = _boot(checkout)
    assert (res.returncode, calls, res.stderr, res.stdout) == (0, [], "", "")
    # the sources change (a git pull): a new regular install
    (checkout / "voicecoach" / "__init__.py").write_text((checkout / "voicecoach" / "__init__.py").read_text() + "\n")
    res, calls = _boot(checkout)
    assert calls == ["-m pip --disable-pip-version-check install --quiet ."]
    assert "updating voicecoach in .venv (the checkout changed)" in res.stderr
    # the developers' tests: an editable install with the test tools, over the user's copy
    res, calls = _boot(checkout, "--test")
    assert calls == ["-m pip --disable-pip-version-check install --quiet --editable .[test]"]
    assert stamp.read_text().startswith("dev ")
    # the user's run takes the developer's install as it stands (it runs the checkout as it is)
    res, calls = _boot(checkout)
    assert (res.returncode, calls, res.stderr) == (0, [], "")
    res, calls = _boot(checkout, "--test")
    assert calls == []  # and the tests do not reinstall either
    # pyproject.toml changes: the tests reinstall; a user's run in between makes its own copy
    (checkout / "pyproject.toml").write_text((checkout / "pyproject.toml").read_text() + "\n")
    res, calls = _boot(checkout)
    assert calls == ["-m pip --disable-pip-version-check install --quiet ."]
    res, calls = _boot(checkout, "--test")
    assert calls == ["-m pip --disable-pip-version-check install --quiet --editable .[test]"]


def test_bootstrap_shows_pips_own_words_when_it_fails(checkout):
    res, _calls = _boot(checkout, fail=True)
    assert res.returncode == 1
    assert "voicecoach: installing failed (pip install --quiet .); the end of .venv/install.log:" in res.stderr
    assert "ERROR: no matching distribution" in res.stderr
    assert not (checkout / ".venv" / ".voicecoach-stamp").exists()
